/** Voter registration rules on dates and categories (R2, R5), as pure decisions. */
import { daysBetween } from './dates.js';
import type { RuleFinding } from './decision.js';
import type { RuleParams } from './params.js';

/**
 * R2: categories that need an approval reference: nonresident_approved always (户籍不在本村、在本村居住
 * 或者从事村务工作一年以上 — since 2025 the 村务工作 case is national and part of it), and the
 * profile's extra categories that say so.
 */
export function categoryNeedsApproval(category: string, params: Pick<RuleParams, 'extraCategoriesNeedingApproval'>): boolean {
  return category === 'nonresident_approved' || params.extraCategoriesNeedingApproval.includes(category);
}

/** R5: the list is published at least `rollPublishDaysBefore` days before election day. */
export function publicationTiming(publishedOn: string, electionDate: string, params: Pick<RuleParams, 'rollPublishDaysBefore'>): RuleFinding | undefined {
  const before = daysBetween(publishedOn, electionDate);
  if (before >= params.rollPublishDaysBefore) return undefined;
  return {
    code: 'R5_PUBLISHED_LATE',
    rule: 'R5',
    message: `R5 选民名单应在选举日前 ${params.rollPublishDaysBefore} 日公布，本次公布距选举日（${electionDate}）只有 ${before} 日。请在报告中说明原因。`,
  };
}

/** R5: objections within `objectionDays` days of the publication they answer. */
export function objectionTiming(publishedOn: string, filedOn: string, params: Pick<RuleParams, 'objectionDays'>): RuleFinding | undefined {
  const after = daysBetween(publishedOn, filedOn);
  if (after <= params.objectionDays) return undefined;
  return {
    code: 'R5_OBJECTION_LATE',
    rule: 'R5',
    message: `R5 异议应在名单公布之日起 ${params.objectionDays} 日内提出，本异议在公布后第 ${after} 日提出。选举委员会可决定是否受理，请记录说明。`,
  };
}

/** R5: decisions within `objectionDecisionDays` days of the objection. */
export function decisionTiming(filedOn: string, decidedOn: string, params: Pick<RuleParams, 'objectionDecisionDays'>): RuleFinding | undefined {
  const days = daysBetween(filedOn, decidedOn);
  if (days <= params.objectionDecisionDays) return undefined;
  return {
    code: 'R5_DECISION_LATE',
    rule: 'R5',
    message: `R5 异议应在提出之日起 ${params.objectionDecisionDays} 日内作出处理决定，本决定在第 ${days} 日作出。请记录说明。`,
  };
}
