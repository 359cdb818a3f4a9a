/**
 * Checks on the election's setup (before voting): the committee size of the kinds table and E6,
 * and E5's condition on combined counting. Warnings, not refusals: the committee may have a reason
 * (a local rule, a by-election for one post), and the result report records what was set.
 */
import type { RuleParams } from './params.js';
import type { ElectionKind } from './scenario.js';

/** Members of the committee (all positions together), rules.md §1 and E6. */
export const COMMITTEE_SIZE: Readonly<Record<ElectionKind, { min: number; max: number }>> = {
  villagers_committee: { min: 3, max: 7 },
  residents_committee: { min: 5, max: 9 },
  party_branch: { min: 3, max: 7 },
};

export interface SetupWarning {
  code: 'E6_COMMITTEE_SIZE' | 'E5_COMBINED_WITH_INVALIDATE';
  rule: 'E6' | 'E5';
  message: string;
}

export function setupWarnings(kind: ElectionKind, positions: ReadonlyArray<{ seats: number }>, params: Pick<RuleParams, 'combinedCounting' | 'samePersonMultiplePositions'>): SetupWarning[] {
  const out: SetupWarning[] = [];
  const seats = positions.reduce((n, p) => n + p.seats, 0);
  const { min, max } = COMMITTEE_SIZE[kind];
  if (seats < min || seats > max) {
    const body = kind === 'party_branch' ? '支部委员会' : kind === 'residents_committee' ? '居民委员会' : '村民委员会';
    out.push({ code: 'E6_COMMITTEE_SIZE', rule: 'E6', message: `E6 ${body}由 ${min}–${max} 名成员组成，现在各职位合计应选 ${seats} 名，请核对职位设置。` });
  }
  if (kind !== 'party_branch' && params.combinedCounting === 'downward' && params.samePersonMultiplePositions === 'invalidate_ballot') {
    out.push({
      code: 'E5_COMBINED_WITH_INVALIDATE',
      rule: 'E5',
      message: 'E5 合并计票（向下合并）要求同一人可在一张选票上被选入多个职位，但现在的规则是“同一人选入多个职位整张作废”（V2），请把 samePersonMultiplePositions 改为 keep_highest 或 count_all。',
    });
  }
  return out;
}
