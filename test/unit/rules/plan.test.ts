import { describe, expect, it } from 'vitest';
import { planNextRound, ruleWarnings, type RoundPlan, type RuleWarning, type ScenarioInput } from '../../../shared/rules/index.js';
import { mustTally, party, villagers } from './helpers.js';

function plan(s: ScenarioInput, opts = {}): RoundPlan {
  const r = planNextRound(s, mustTally(s), opts);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}
function warnings(s: ScenarioInput, withResult = true): RuleWarning[] {
  const r = ruleWarnings(s, withResult ? mustTally(s) : undefined);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}
const codes = (w: RuleWarning[]) => w.map((x) => x.code);

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
    expect(p.positions).toEqual([{ position: 'member', name: '委员', seats: 1, candidates: ['刘强', '陈明'] }]);
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

describe('E6 minElectedToStop', () => {
  const s = (seatsMember: number, minElectedToStop: number) =>
    villagers({
      rules: { minElectedToStop },
      positions: [{ id: 'chair', name: '主任', seats: 1 }, { id: 'member', name: '委员', seats: seatsMember }],
      registered: 12,
      participants: 10,
      ballots: [{ count: 10, votes: { chair: ['c1'], member: ['c3', 'c4'] } }],
    });
  it('three elected: remaining seats may be left empty', () => {
    const p = plan(s(3, 3));
    expect(p).toMatchObject({ next: 'supplementary', mayLeaveUnfilled: true });
    expect(codes(warnings(s(3, 3)))).toContain('E6_MAY_STOP');
  });
  it('fewer than the minimum: must continue', () => {
    expect(plan(s(3, 4)).mayLeaveUnfilled).toBe(false);
    expect(codes(warnings(s(3, 4)))).toContain('E6_MUST_CONTINUE');
    expect(plan(s(3, 4), { electedBefore: 1 }).mayLeaveUnfilled).toBe(true);
  });
});

describe('E7 women', () => {
  const noWoman = villagers({ registered: 12, participants: 10, ballots: [{ count: 10, votes: { chair: ['c1'], member: ['c4', 'c5'] } }] });
  it('at_least_one: warning and a 另行选举 plan for a woman member when none is elected', () => {
    expect(codes(warnings(noWoman))).toContain('E7_NO_WOMAN_ELECTED');
    const p = plan(noWoman);
    expect(p.women).toEqual({ position: 'member', name: '委员', seats: 1, candidates: ['王芳'] });
    expect(p.next).toBe('supplementary');
  });
  it('no warning when a woman is elected or the rule is none', () => {
    const withWoman = villagers({ registered: 12, participants: 10, ballots: [{ count: 10, votes: { chair: ['c1'], member: ['c3', 'c5'] } }] });
    expect(codes(warnings(withWoman))).not.toContain('E7_NO_WOMAN_ELECTED');
    expect(codes(warnings({ ...noWoman, rules: { womenRule: 'none' } }))).not.toContain('E7_NO_WOMAN_ELECTED');
    expect(plan({ ...noWoman, rules: { womenRule: 'none' } }).next).toBe('none');
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
