/**
 * Proxy voting (委托投票), X1–X6, as pure decisions on facts the station gathers. Since the 2025
 * amendment (VCOL 18) the trustee may be a close relative or any other villager with a vote
 * (`proxyTrustee: any_voter`), holds at most three principals, and may never be a candidate.
 */
import { daysBetween } from './dates.js';
import type { RuleFinding } from './decision.js';
import type { RuleParams } from './params.js';

/** 近亲属 (民法典 1045) or 其他村民 (X1). */
export const PROXY_RELATIONS = ['spouse', 'parent', 'child', 'sibling', 'grandparent', 'grandchild', 'other_villager'] as const;
export type ProxyRelation = (typeof PROXY_RELATIONS)[number];

export interface ProxyFacts {
  principal: { name: string; hasVote: boolean };
  trustee: { name: string; hasVote: boolean; isCandidate: boolean };
  samePerson: boolean;
  relation: ProxyRelation;
  writtenRef: string;
  /** The principal's active trustee, if any (X4). */
  principalHasTrustee?: string;
  /** Principals the principal already holds as a trustee (X4: no onward delegation). */
  principalHolds: readonly string[];
  /** The trustee's own trustee, if the trustee delegated their vote (X4). */
  trusteeDelegatedTo?: string;
  /** Principals the trustee already holds (X2). */
  trusteeHolds: readonly string[];
}

/** X1–X4: may this authorisation be registered? The first rule it breaks, or undefined. */
export function checkProxy(f: ProxyFacts, params: Pick<RuleParams, 'proxyTrustee' | 'proxyMaxPerTrustee'>): RuleFinding | undefined {
  if (f.samePerson) return { code: 'X1_SELF', rule: 'X1', message: `X1 委托人和受托人不能是同一人（${f.principal.name}）。` };
  if (!f.principal.hasVote) return { code: 'X1_PRINCIPAL_NOT_VOTER', rule: 'X1', message: `X1 委托人 ${f.principal.name} 不是本村登记在册的选民，不能委托投票。` };
  if (!f.trustee.hasVote) {
    return { code: 'X1_TRUSTEE_NOT_VOTER', rule: 'X1', message: `X1 受托人 ${f.trustee.name} 不是本村登记在册的选民，不能接受委托。请另选一位本村有选举权的村民。` };
  }
  if (f.writtenRef.trim() === '') return { code: 'X1_WRITTEN', rule: 'X1', message: 'X1 委托须有书面委托书，请填写委托书编号。' };
  if (params.proxyTrustee === 'close_relative' && f.relation === 'other_villager') {
    return { code: 'X1_NOT_RELATIVE', rule: 'X1', message: `X1 本次选举按规定只能委托近亲属，${f.trustee.name} 不是 ${f.principal.name} 的近亲属。` };
  }
  if (f.trustee.isCandidate) return { code: 'X3_CANDIDATE_TRUSTEE', rule: 'X3', message: `X3 ${f.trustee.name} 是候选人，候选人不能接受委托。请另选受托人。` };
  if (f.principalHasTrustee !== undefined) {
    return {
      code: 'X4_PRINCIPAL_HAS_TRUSTEE',
      rule: 'X4',
      message: `X4 ${f.principal.name} 已经委托了 ${f.principalHasTrustee}，一位选民只能委托一人。如要改变，请先撤销原委托。`,
    };
  }
  if (f.principalHolds.length > 0) {
    return {
      code: 'X4_PRINCIPAL_IS_TRUSTEE',
      rule: 'X4',
      message: `X4 ${f.principal.name} 已接受 ${f.principalHolds.join('、')} 的委托，受托人不能再委托他人（不得转委托）。`,
    };
  }
  if (f.trusteeDelegatedTo !== undefined) {
    return { code: 'X4_TRUSTEE_IS_PRINCIPAL', rule: 'X4', message: `X4 ${f.trustee.name} 自己已委托 ${f.trusteeDelegatedTo} 投票，不能再接受别人的委托。` };
  }
  if (f.trusteeHolds.length >= params.proxyMaxPerTrustee) {
    return {
      code: 'X2_TRUSTEE_LIMIT',
      rule: 'X2',
      message: `X2 ${f.trustee.name} 已接受 ${f.trusteeHolds.length} 人的委托（${f.trusteeHolds.join('、')}），每人最多接受 ${params.proxyMaxPerTrustee} 人委托。请另选受托人。`,
      details: { held: f.trusteeHolds.length, max: params.proxyMaxPerTrustee },
    };
  }
  return undefined;
}

/**
 * X5: new authorisations, approvals and the publication of the list only until
 * `proxyDeadlineDaysBefore` days before election day (ZJ: filed 选举日的三日前), never on the day.
 */
export function proxyDeadline(today: string, electionDate: string, params: Pick<RuleParams, 'proxyDeadlineDaysBefore'>, what: string): RuleFinding | undefined {
  const left = daysBetween(today, electionDate);
  const need = Math.max(1, params.proxyDeadlineDaysBefore);
  if (left >= need) return undefined;
  return {
    code: 'X5_DEADLINE',
    rule: 'X5',
    message:
      left <= 0
        ? `X5 今天（${today}）已是选举日或之后，不能再${what}。委托须在选举日前经选举委员会审核并公布。`
        : `X5 委托须在选举日（${electionDate}）前 ${params.proxyDeadlineDaysBefore} 日办结，今天（${today}）已过期限，不能再${what}。`,
    details: { today, electionDate, deadlineDays: params.proxyDeadlineDaysBefore },
  };
}

export interface ProxyBallotFacts {
  principal: string;
  trustee: string;
  trusteeIsCandidate: boolean;
  approved: boolean;
  published: boolean;
  principalRemoved: boolean;
  /** How the principal already got a ballot this round, if they did (X6). */
  principalVoted?: { way: 'proxy' | 'in_person' | 'mobile'; time: string };
}

/** X3, X5, X6 at the issue desk: may the trustee receive this principal's ballot? */
export function proxyBallotCheck(f: ProxyBallotFacts): RuleFinding | undefined {
  if (f.trusteeIsCandidate) {
    return { code: 'X3_TRUSTEE_IS_CANDIDATE', rule: 'X3', message: `X3 ${f.trustee} 是候选人，不能接受委托，不发 ${f.principal} 的委托票；${f.principal} 可以本人来投票。` };
  }
  if (!f.approved) return { code: 'X5_NOT_APPROVED', rule: 'X5', message: `X5 ${f.principal} 的委托未经选举委员会审核，无效，不发委托票；${f.principal} 可以本人来投票。` };
  if (!f.published) return { code: 'X5_NOT_PUBLISHED', rule: 'X5', message: `X5 ${f.principal} 的委托没有在选举日前公布，无效，不发委托票；${f.principal} 可以本人来投票。` };
  if (f.principalRemoved) return { code: 'PRINCIPAL_REMOVED', rule: 'R4', message: `${f.principal} 已从选民名单中移除，不发委托票。` };
  if (f.principalVoted) {
    const how = f.principalVoted.way === 'proxy' ? '由他人代领' : '本人领取';
    return { code: 'X6_PRINCIPAL_VOTED', rule: 'X6', message: `X6 委托人 ${f.principal} 已经${how}选票（${f.principalVoted.time}），不再发放委托票。` };
  }
  return undefined;
}

/** X3 before publication: proxies whose trustee has become a candidate must be re-assigned first. */
export function proxiesNeedingReassignment<P extends { trusteeName: string; principalName: string; trusteeIsCandidate: boolean }>(proxies: readonly P[]): RuleFinding | undefined {
  const flagged = proxies.filter((p) => p.trusteeIsCandidate);
  if (flagged.length === 0) return undefined;
  return {
    code: 'X3_TRUSTEE_BECAME_CANDIDATE',
    rule: 'X3',
    message: `X3 ${flagged.map((p) => `${p.principalName} 委托的 ${p.trusteeName}`).join('、')} 已成为候选人，不能接受委托。请先撤销这些委托，由委托人另行委托他人后再公布名单。`,
    details: { count: flagged.length },
  };
}
