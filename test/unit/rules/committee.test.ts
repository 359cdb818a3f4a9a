import { describe, expect, it } from 'vitest';
import { COMMITTEE_SIZE, resolveRules, setupWarnings, type RuleParams } from '../../../shared/rules/index.js';

const params = (over: Partial<RuleParams> = {}): RuleParams => {
  const r = resolveRules('national', 'villagers_committee', over);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
};
const seats = (...n: number[]) => n.map((s) => ({ seats: s }));
const codes = (w: { code: string }[]) => w.map((x) => x.code);

describe('E6 committee size (3–7 villagers and party, 5–9 residents)', () => {
  it('E6 villagers: 3 and 7 members are fine, 2 and 8 warn', () => {
    expect(COMMITTEE_SIZE.villagers_committee).toEqual({ min: 3, max: 7 });
    expect(setupWarnings('villagers_committee', seats(1, 2), params())).toEqual([]);
    expect(setupWarnings('villagers_committee', seats(1, 2, 4), params())).toEqual([]);
    expect(codes(setupWarnings('villagers_committee', seats(1, 1), params()))).toEqual(['E6_COMMITTEE_SIZE']);
    const w = setupWarnings('villagers_committee', seats(1, 2, 5), params());
    expect(w[0]?.message).toBe('E6 村民委员会由 3–7 名成员组成，现在各职位合计应选 8 名，请核对职位设置。');
  });

  it('E6 residents need 5–9; the party branch 3–7', () => {
    expect(codes(setupWarnings('residents_committee', seats(1, 1, 2), params()))).toEqual(['E6_COMMITTEE_SIZE']);
    expect(setupWarnings('residents_committee', seats(1, 2, 6), params())).toEqual([]);
    expect(codes(setupWarnings('residents_committee', seats(1, 2, 7), params()))).toEqual(['E6_COMMITTEE_SIZE']);
    expect(setupWarnings('party_branch', seats(5), params())).toEqual([]);
    expect(codes(setupWarnings('party_branch', seats(9), params()))).toEqual(['E6_COMMITTEE_SIZE']);
  });
});

describe('E5 combined counting needs a V2 rule other than invalidate_ballot', () => {
  it('E5 downward with invalidate_ballot warns; with keep_highest or count_all, or without combined counting, it does not', () => {
    expect(codes(setupWarnings('villagers_committee', seats(1, 2), params({ combinedCounting: 'downward' })))).toEqual(['E5_COMBINED_WITH_INVALIDATE']);
    expect(setupWarnings('villagers_committee', seats(1, 2), params({ combinedCounting: 'downward', samePersonMultiplePositions: 'keep_highest' }))).toEqual([]);
    expect(setupWarnings('villagers_committee', seats(1, 2), params({ combinedCounting: 'downward', samePersonMultiplePositions: 'count_all' }))).toEqual([]);
    expect(setupWarnings('villagers_committee', seats(1, 2), params())).toEqual([]);
  });
});
