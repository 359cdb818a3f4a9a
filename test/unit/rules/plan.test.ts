import { describe, expect, it } from 'vitest';
import { planElection, planNextRound, resolveRules, ruleWarnings, type ElectionPlanInput, type RoundPlan, type RuleParams, type RuleWarning, type ScenarioInput } from '../../../shared/rules/index.js';
import { mustTally, party, villagers } from './helpers.js';

function plan(s: ScenarioInput): RoundPlan {
  const r = planNextRound(s, mustTally(s));
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}
function warnings(s: ScenarioInput, withResult = true): RuleWarning[] {
  const r = ruleWarnings(s, withResult ? mustTally(s) : undefined);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}
const codes = (w: RuleWarning[]) => w.map((x) => x.code);
function mustRules(profile: string): RuleParams {
  const r = resolveRules(profile, 'villagers_committee');
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}


describe('E3 plan: run-off among the tied for the seats they occupy', () => {
  it('plans a run-off', () => {
    const s = villagers({ registered: 12, participants: 12, ballots: [{ count: 4, votes: { member: ['c3', 'c4'] } }, { count: 4, votes: { member: ['c4', 'c5'] } }, { count: 4, votes: { member: ['c3', 'c5'] } }] });
    const p = plan(s);
    expect(p.next).toBe('runoff');
    expect(p.positions).toEqual([{ position: 'member', name: '委员', seats: 2, candidates: ['王芳', '刘强', '陈明'] }]);
  });
});

describe('E4 plan: 另行选举 with more candidates than seats, highest-scoring non-elected', () => {
  it('picks seats + 1 candidates, widening for a tie at the edge', () => {
    const s = villagers({
      registered: 12,
      participants: 10,
      ballots: [{ count: 6, votes: { chair: ['c1'], member: ['c3'] } }, { count: 3, votes: { member: ['c4'] } }, { count: 1, votes: { member: ['c5'] } }],
    });
    const p = plan(s);
    expect(p.next).toBe('supplementary');
    expect(p.positions).toEqual([{ position: 'member', name: '委员', seats: 1, candidates: ['刘强', '陈明'], pool: [{ name: '刘强', votes: 3 }, { name: '陈明', votes: 1 }] }]);
    const tie = villagers({ registered: 12, participants: 10, ballots: [{ count: 6, votes: { chair: ['c1'], member: ['c3'] } }, { count: 2, votes: { member: ['c4', { writeIn: '孙七' }] } }, { count: 2, votes: { member: ['c5'] } }] });
    expect(plan(tie).positions[0]?.candidates).toEqual(['刘强', '陈明', '孙七']);
  });
  it('warns when a supplementary round has no more candidates than seats', () => {
    const s = villagers({ round: 'supplementary', positions: [{ id: 'member', name: '委员', seats: 1 }], candidates: [{ id: 'c4', name: '刘强', position: 'member' }], registered: 12, participants: 10, ballots: [] });
    expect(codes(warnings(s))).toContain('E4_NO_MARGIN');
  });
  it('party 另行选举 keeps the P6 margin', () => {
    const s = party({ positions: [{ id: 'member', name: '委员', seats: 5 }], candidates: ['甲', '乙', '丙', '丁', '戊', '己', '庚', '辛'].map((n, i) => ({ id: `p${i}`, name: n, position: 'member' })), ballots: [{ count: 20, votes: { member: ['p0'] } }] });
    const p = plan(s);
    // 4 seats left → at least ceil(4 × 1.2) = 5 candidates
    expect(p.positions[0]?.seats).toBe(4);
    expect(p.positions[0]?.candidates).toHaveLength(7); // 7 with zero votes tie at the edge
  });
  it('an invalid round is repeated', () => {
    const p = plan(villagers({ registered: 30, participants: 10, ballots: [] }));
    expect(p.next).toBe('repeat');
    expect(p.message).toContain('E1');
  });
  it('all seats filled: none', () => {
    const s = villagers({ registered: 12, participants: 10, ballots: [{ count: 10, votes: { chair: ['c1'], member: ['c3', 'c4'] } }] });
    expect(plan(s).next).toBe('none');
  });
});

describe('E6 when seats may stay empty', () => {
  // chair 张三 and member 王芳, 刘强 elected in the main round; the member post has 3 seats, so 1 is unfilled.
  const main = (rules: Record<string, unknown> = {}, profile = 'national') =>
    villagers({
      profile,
      rules,
      positions: [{ id: 'chair', name: '主任', seats: 1 }, { id: 'member', name: '委员', seats: 3 }],
      registered: 12,
      participants: 10,
      ballots: [{ count: 10, votes: { chair: ['c1'], member: ['c3', 'c4'] } }],
    });

  it('E6 after the main round unfilled seats always go to a 另行选举 (stopAfterMain false), even with 3 elected', () => {
    const p = plan(main());
    expect(p).toMatchObject({ next: 'supplementary', mayLeaveUnfilled: false, stop: { may: false, rule: 'E6', basis: 'after_main' } });
    expect(p.stop?.message).toContain('另行选举');
  });

  it('E6 SH stopAfterMain: with minElectedToStop elected the assembly may stop at once; with fewer it may not', () => {
    expect(plan(main({}, 'shanghai'))).toMatchObject({ next: 'supplementary', mayLeaveUnfilled: true, stop: { may: true, basis: 'after_main' } });
    expect(plan(main({ minElectedToStop: 4 }, 'shanghai')).mayLeaveUnfilled).toBe(false);
  });

  /** A main round and a 另行选举: chair (1 seat) and members (4 seats), three or four elected. */
  const afterSupplementary = (rules: Partial<RuleParams>, chairElected: boolean): ElectionPlanInput => {
    const params = { ...mustRules('national'), ...rules };
    const positions = [{ id: 'chair', name: '主任', seats: 1 }, { id: 'member', name: '委员', seats: 4 }];
    const r = (number: number, kind: 'main' | 'supplementary', pos: Array<{ id: string; seats: number; elected: string[]; unfilled: number; votes: Record<string, number> }>) => ({
      number,
      kind,
      candidates: [],
      result: { valid: true, reasons: [], base: 10, ballots: { cast: 10, valid: 10, invalid: 0, blank: 0 }, positions: pos.map((p) => ({ ...p, invalid: 0, tied: [], yielded: [] })) },
    });
    return {
      kind: 'villagers_committee',
      params,
      positions,
      rounds: [
        r(1, 'main', [
          { id: 'chair', seats: 1, elected: chairElected ? ['甲'] : [], unfilled: chairElected ? 0 : 1, votes: { 甲: 6, 乙: 3 } },
          { id: 'member', seats: 4, elected: ['丙', '丁'], unfilled: 2, votes: { 丙: 8, 丁: 7, 戊: 4, 己: 2 } },
        ]),
        r(2, 'supplementary', [
          ...(chairElected ? [] : [{ id: 'chair', seats: 1, elected: [], unfilled: 1, votes: { 乙: 2, 庚: 1 } }]),
          { id: 'member', seats: 2, elected: ['戊'], unfilled: 1, votes: { 戊: 5, 己: 2 } },
        ]),
      ],
    };
  };
  const electionAfterSupplementary = (rules: Partial<RuleParams>, chairElected: boolean): RoundPlan => planElection(afterSupplementary(rules, chairElected));

  it('E6 after a 另行选举: minElectedToStop elected may leave the rest empty; BJ stopNeedsChair only with the 主任 elected', () => {
    expect(electionAfterSupplementary({}, true)).toMatchObject({ next: 'supplementary', mayLeaveUnfilled: true, stop: { basis: 'after_supplementary', may: true } });
    expect(electionAfterSupplementary({ minElectedToStop: 5 }, true).stop?.may).toBe(false);
    // without the chair: 3 members elected, enough in number
    expect(electionAfterSupplementary({}, false).stop?.may).toBe(true);
    const bj = electionAfterSupplementary({ stopNeedsChair: true }, false);
    expect(bj.stop).toMatchObject({ may: false, basis: 'after_supplementary' });
    expect(bj.stop?.message).toContain('主任还没有选出');
    expect(electionAfterSupplementary({ stopNeedsChair: true }, true).stop?.may).toBe(true);
  });

  it('E6 the plan carries every post across rounds, with who was elected in which round', () => {
    const p = electionAfterSupplementary({}, true);
    expect(p.status).toEqual([
      { position: 'chair', name: '主任', seats: 1, elected: [{ name: '甲', round: 1 }], runoff: null, unfilled: 0, leftEmpty: 0 },
      { position: 'member', name: '委员', seats: 4, elected: [{ name: '丙', round: 1 }, { name: '丁', round: 1 }, { name: '戊', round: 2 }], runoff: null, unfilled: 1, leftEmpty: 0 },
    ]);
    const left = planElection({ ...afterSupplementary({}, true), leftEmpty: { member: 1 } });
    expect(left.next).toBe('none');
    expect(left.message).toContain('委员空缺 1 名');
  });
});

describe('E7 women', () => {
  const noWoman = villagers({ registered: 12, participants: 10, ballots: [{ count: 10, votes: { chair: ['c1'], member: ['c4', 'c5'] } }] });
  it('at_least_one: warning and a 另行选举 plan for a woman member when none is elected', () => {
    expect(codes(warnings(noWoman))).toContain('E7_NO_WOMAN_ELECTED');
    const p = plan(noWoman);
    expect(p.women).toEqual({ position: 'member', name: '委员', seats: 1, candidates: ['王芳'] });
    expect(p.positions).toEqual([p.women]);
    expect(p.next).toBe('supplementary');
  });
  it('no warning when a woman is elected or the rule is none', () => {
    const withWoman = villagers({ registered: 12, participants: 10, ballots: [{ count: 10, votes: { chair: ['c1'], member: ['c3', 'c5'] } }] });
    expect(codes(warnings(withWoman))).not.toContain('E7_NO_WOMAN_ELECTED');
    expect(codes(warnings({ ...noWoman, rules: { womenRule: 'reserved_seat' } }))).not.toContain('E7_NO_WOMAN_ELECTED');
    expect(plan({ ...noWoman, rules: { womenRule: 'reserved_seat' } }).next).toBe('none');
  });
  it('reserved_seat (ZJ): warns when there is no 妇女委员 position, or a man stands for it', () => {
    const zj = { ...noWoman, profile: 'zhejiang' };
    expect(codes(warnings(zj, false))).toContain('E7_NO_RESERVED_SEAT');
    const withSeat = villagers({
      profile: 'zhejiang',
      positions: [{ id: 'chair', name: '主任', seats: 1 }, { id: 'women', name: '妇女委员', seats: 1 }],
      candidates: [{ id: 'c1', name: '张三', position: 'chair' }, { id: 'w1', name: '王芳', position: 'women', gender: 'F' }, { id: 'w2', name: '刘强', position: 'women', gender: 'M' }],
    });
    const w = codes(warnings(withSeat, false));
    expect(w).not.toContain('E7_NO_RESERVED_SEAT');
    expect(w).toContain('E7_RESERVED_SEAT_MALE');
  });
});

describe('P6 party candidate margin warning', () => {
  it('3 seats need 4 candidates', () => {
    expect(codes(warnings(party({ ballots: [] }), false))).not.toContain('P6_MARGIN');
    const three = party({ candidates: [{ id: 'p1', name: '甲', position: 'member' }, { id: 'p2', name: '乙', position: 'member' }, { id: 'p3', name: '丙', position: 'member' }] });
    const w = warnings(three, false);
    expect(codes(w)).toContain('P6_MARGIN');
    expect(w.find((x) => x.code === 'P6_MARGIN')?.message).toContain('4 名');
  });
});

describe('E7 reserved seat by flag', () => {
  it('E7 womenReservedPositions marks a reserved seat that the name does not', () => {
    const s = villagers({
      rules: { womenRule: 'reserved_seat' },
      positions: [
        { id: 'chair', name: '主任', seats: 1 },
        { id: 'member', name: '委员', seats: 2 },
      ],
    });
    const codes = (w: ReturnType<typeof ruleWarnings>) => (w.ok ? w.value.map((x) => x.code) : []);
    expect(codes(ruleWarnings(s))).toContain('E7_NO_RESERVED_SEAT');
    const flagged = codes(ruleWarnings(s, undefined, { womenReservedPositions: ['member'] }));
    expect(flagged).not.toContain('E7_NO_RESERVED_SEAT');
    expect(flagged).toContain('E7_RESERVED_SEAT_MALE'); // 刘强 and 陈明 stand for the member seats
  });
});
