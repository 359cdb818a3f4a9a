/**
 * The pure rule functions of the 2026 law at their boundaries: X1–X6 (proxies), X5 (deadline), B3,
 * B5 (mobile box), E10 (margin, officials), R2 (approval), R5 (dates). Facts in, decision out.
 */
import { describe, expect, it } from 'vitest';
import {
  candidateIsOfficial,
  candidateMargins,
  categoryNeedsApproval,
  checkProxy,
  decisionTiming,
  mobileBoxIssueCheck,
  mobileBoxReady,
  mobileBoxVoterCheck,
  objectionTiming,
  proxiesNeedingReassignment,
  proxyBallotCheck,
  proxyDeadline,
  publicationTiming,
  reconcileBallots,
  resolveRules,
  type ProxyFacts,
  type RuleParams,
} from '../../../shared/rules/index.js';

function rules(profile = 'national', over: Record<string, unknown> = {}): RuleParams {
  const r = resolveRules(profile, 'villagers_committee', over);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

const facts = (over: Partial<ProxyFacts> = {}): ProxyFacts => ({
  principal: { name: '甲', hasVote: true },
  trustee: { name: '乙', hasVote: true, isCandidate: false },
  samePerson: false,
  relation: 'other_villager',
  writtenRef: '委托书1',
  principalHolds: [],
  trusteeHolds: [],
  ...over,
});

describe('X1–X4 checkProxy', () => {
  it('X1 any villager with a vote may be the trustee (since 2025); a pre-2026 election refuses a non-relative', () => {
    expect(checkProxy(facts(), rules())).toBeUndefined();
    expect(checkProxy(facts(), rules('national', { proxyTrustee: 'close_relative' }))?.code).toBe('X1_NOT_RELATIVE');
    expect(checkProxy(facts({ relation: 'spouse' }), rules('national', { proxyTrustee: 'close_relative' }))).toBeUndefined();
  });
  it('X1 self, a principal or trustee without a vote, and no written authorisation are refused in that order', () => {
    expect(checkProxy(facts({ samePerson: true }), rules())?.code).toBe('X1_SELF');
    expect(checkProxy(facts({ principal: { name: '甲', hasVote: false } }), rules())?.code).toBe('X1_PRINCIPAL_NOT_VOTER');
    expect(checkProxy(facts({ trustee: { name: '乙', hasVote: false, isCandidate: false } }), rules())?.code).toBe('X1_TRUSTEE_NOT_VOTER');
    expect(checkProxy(facts({ writtenRef: '  ' }), rules())?.code).toBe('X1_WRITTEN');
  });
  it('X3 a candidate is never a trustee (not a parameter)', () => {
    const f = checkProxy(facts({ trustee: { name: '乙', hasVote: true, isCandidate: true } }), rules());
    expect(f).toMatchObject({ code: 'X3_CANDIDATE_TRUSTEE', rule: 'X3' });
    expect(f?.message).toContain('乙');
  });
  it('X4 one trustee per principal, no onward delegation either way', () => {
    expect(checkProxy(facts({ principalHasTrustee: '丙' }), rules())?.code).toBe('X4_PRINCIPAL_HAS_TRUSTEE');
    expect(checkProxy(facts({ principalHolds: ['丁'] }), rules())?.code).toBe('X4_PRINCIPAL_IS_TRUSTEE');
    expect(checkProxy(facts({ trusteeDelegatedTo: '戊' }), rules())?.code).toBe('X4_TRUSTEE_IS_PRINCIPAL');
  });
  it('X2 at most proxyMaxPerTrustee (3, or fewer if a profile lowers it): the 3rd is taken, the 4th refused', () => {
    expect(checkProxy(facts({ trusteeHolds: ['a', 'b'] }), rules())).toBeUndefined();
    expect(checkProxy(facts({ trusteeHolds: ['a', 'b', 'c'] }), rules())).toMatchObject({ code: 'X2_TRUSTEE_LIMIT', details: { held: 3, max: 3 } });
    expect(checkProxy(facts({ trusteeHolds: ['a', 'b'] }), rules('national', { proxyMaxPerTrustee: 2 }))?.code).toBe('X2_TRUSTEE_LIMIT');
  });
});

describe('X5 proxyDeadline', () => {
  it('X5 national: the day before is the last day; on the day never', () => {
    expect(proxyDeadline('2026-03-14', '2026-03-15', rules(), '登记')).toBeUndefined();
    expect(proxyDeadline('2026-03-15', '2026-03-15', rules(), '登记')?.message).toContain('已是选举日');
  });
  it('X5 zhejiang: filed 3 days before (12th for the 15th), not 2', () => {
    expect(proxyDeadline('2026-03-12', '2026-03-15', rules('zhejiang'), '登记')).toBeUndefined();
    expect(proxyDeadline('2026-03-13', '2026-03-15', rules('zhejiang'), '登记')).toMatchObject({ code: 'X5_DEADLINE', details: { deadlineDays: 3 } });
  });
});

describe('X3 X5 X6 at the issue desk', () => {
  const base = { principal: '甲', trustee: '乙', trusteeIsCandidate: false, approved: true, published: true, principalRemoved: false };
  it('X3 X5 X6 proxyBallotCheck: candidate trustee, unapproved, unpublished, principal voted', () => {
    expect(proxyBallotCheck(base)).toBeUndefined();
    expect(proxyBallotCheck({ ...base, trusteeIsCandidate: true })?.code).toBe('X3_TRUSTEE_IS_CANDIDATE');
    expect(proxyBallotCheck({ ...base, approved: false })?.code).toBe('X5_NOT_APPROVED');
    expect(proxyBallotCheck({ ...base, published: false })?.code).toBe('X5_NOT_PUBLISHED');
    expect(proxyBallotCheck({ ...base, principalVoted: { way: 'in_person', time: '09:10' } })?.message).toContain('09:10');
  });
  it('X3 proxies whose trustee became a candidate block the publication, naming them', () => {
    expect(proxiesNeedingReassignment([{ principalName: '甲', trusteeName: '乙', trusteeIsCandidate: false }])).toBeUndefined();
    expect(proxiesNeedingReassignment([{ principalName: '甲', trusteeName: '乙', trusteeIsCandidate: true }])?.message).toContain('甲 委托的 乙');
  });
});

describe('B3 reconcileBallots', () => {
  it('B3 printed = issued + spoiled + unused; unused derived when not counted', () => {
    expect(reconcileBallots(100, 90, 2)).toMatchObject({ unused: 8, balanced: true });
    expect(reconcileBallots(100, 90, 2, 8).balanced).toBe(true);
    expect(reconcileBallots(100, 90, 2, 7)).toMatchObject({ balanced: false, finding: { code: 'B3_UNBALANCED' } });
    expect(reconcileBallots(90, 90, 2)).toMatchObject({ unused: -2, balanced: false });
  });
});

describe('B5 the mobile box', () => {
  const box = { name: '流动票箱一', scrutineers: 2, approvalRef: '', published: true, listed: 3 };
  it('B5 national: 2 scrutineers, no approval needed; zhejiang: 3 and the township approval', () => {
    expect(mobileBoxReady(box, rules())).toBeUndefined();
    expect(mobileBoxReady({ ...box, scrutineers: 1 }, rules())?.code).toBe('B5_SCRUTINEERS');
    expect(mobileBoxReady(box, rules('zhejiang'))?.code).toBe('B5_SCRUTINEERS');
    expect(mobileBoxReady({ ...box, scrutineers: 3 }, rules('zhejiang'))?.code).toBe('B5_APPROVAL');
    expect(mobileBoxReady({ ...box, scrutineers: 3, approvalRef: '镇选指〔2026〕1号' }, rules('zhejiang'))).toBeUndefined();
  });
  it('B5 a box with no list, or a list not published, is not ready', () => {
    expect(mobileBoxReady({ ...box, listed: 0 }, rules())?.code).toBe('B5_NO_VOTERS');
    expect(mobileBoxReady({ ...box, published: false }, rules())?.code).toBe('B5_NOT_PUBLISHED');
  });
  it('B5 only voters with a vote, no proxy, no ballot yet, on no other box', () => {
    const v = { name: '老王', hasVote: true, hasProxy: false, alreadyIssued: false };
    expect(mobileBoxVoterCheck(v)).toBeUndefined();
    expect(mobileBoxVoterCheck({ ...v, hasVote: false })?.code).toBe('B5_NOT_VOTER');
    expect(mobileBoxVoterCheck({ ...v, hasProxy: true })?.code).toBe('B5_HAS_PROXY');
    expect(mobileBoxVoterCheck({ ...v, alreadyIssued: true })?.code).toBe('B5_ALREADY_ISSUED');
    expect(mobileBoxVoterCheck({ ...v, otherBox: '流动票箱二' })?.code).toBe('B5_OTHER_BOX');
    expect(mobileBoxIssueCheck('老王', '流动票箱一', true)).toBeUndefined();
    expect(mobileBoxIssueCheck('老李', '流动票箱一', false)?.code).toBe('B5_NOT_LISTED');
  });
});

describe('E10 candidateMargins', () => {
  const posts = [
    { id: 'chair', name: '主任', seats: 1 },
    { id: 'vice_chair', name: '副主任', seats: 2 },
    { id: 'member', name: '委员', seats: 3 },
  ];
  it('E10 national: at least one more candidate than seats for every post', () => {
    const m = candidateMargins('villagers_committee', 'main', posts, { chair: 2, vice_chair: 2, member: 4 }, rules());
    expect(m.map((x) => [x.position, x.min, x.refusal?.code])).toEqual([
      ['chair', 2, undefined],
      ['vice_chair', 3, 'E10_MARGIN'],
      ['member', 4, undefined],
    ]);
    expect(m[1]?.refusal?.message).toContain('候选人应不少于 3 名，现在只有 2 名');
  });
  it('E10 shanghai: 主任 seats + 1 exactly, 委员 seats + 1 to 3 — above the maximum a warning', () => {
    const m = candidateMargins('villagers_committee', 'main', posts, { chair: 3, vice_chair: 3, member: 7 }, rules('shanghai'));
    expect(m.map((x) => [x.position, x.min, x.max, x.warning?.code ?? null])).toEqual([
      ['chair', 2, 2, 'E10_MARGIN_ABOVE_MAX'],
      ['vice_chair', 3, 3, null],
      ['member', 4, 6, 'E10_MARGIN_ABOVE_MAX'],
    ]);
  });
  it('E10 a post of a custom key is classed by its name (主任 / 副主任 / anything else a member)', () => {
    const m = candidateMargins('villagers_committee', 'main', [{ id: 'women', name: '妇女委员', seats: 1 }], { women: 3 }, rules('henan'));
    expect(m[0]).toMatchObject({ min: 2, max: 3 });
    expect(m[0]?.warning).toBeUndefined();
  });
  it('E10 P6 Party: seats × 1.2 up; E4 另行选举: more than seats; a run-off has no margin', () => {
    const p = resolveRules('national', 'party_branch');
    if (!p.ok) throw new Error('party rules');
    expect(candidateMargins('party_branch', 'main', [{ id: 'member', name: '委员', seats: 5 }], { member: 5 }, p.value)[0]).toMatchObject({ min: 6, rule: 'P6' });
    expect(candidateMargins('villagers_committee', 'supplementary', [{ id: 'member', name: '委员', seats: 2 }], { member: 2 }, rules())[0]).toMatchObject({ min: 3, rule: 'E4', refusal: { code: 'E4_MARGIN' } });
    expect(candidateMargins('villagers_committee', 'runoff', posts, {}, rules())).toEqual([]);
  });
  it('E10 an official still serving is refused as a candidate, naming the roles', () => {
    expect(candidateIsOfficial('甲', [])).toBeUndefined();
    expect(candidateIsOfficial('甲', ['唱票人', '选举委员会委员'])?.message).toContain('唱票人、选举委员会委员');
  });
});

describe('R2 and R5', () => {
  it('R2 nonresident_approved always needs its approval reference; extra categories only when the profile says so', () => {
    expect(categoryNeedsApproval('nonresident_approved', rules())).toBe(true);
    expect(categoryNeedsApproval('resident', rules())).toBe(false);
    expect(categoryNeedsApproval('户籍迁出本村的转非人员（原村民）', rules('beijing'))).toBe(true);
  });
  it('R5 publication 20 days before, objections within 5 days, decisions within 3 days: the boundary day is still in time', () => {
    expect(publicationTiming('2026-02-23', '2026-03-15', rules())).toBeUndefined();
    expect(publicationTiming('2026-02-24', '2026-03-15', rules())?.message).toContain('只有 19 日');
    expect(objectionTiming('2026-02-01', '2026-02-06', rules())).toBeUndefined();
    expect(objectionTiming('2026-02-01', '2026-02-07', rules())?.code).toBe('R5_OBJECTION_LATE');
    expect(decisionTiming('2026-02-06', '2026-02-09', rules())).toBeUndefined();
    expect(decisionTiming('2026-02-06', '2026-02-10', rules())?.code).toBe('R5_DECISION_LATE');
  });
});
