/**
 * E8 close relatives: the pure decision (decideCloseRelatives) at its boundaries, and `tally` with
 * the scenario fields `relatives` and `seated` (scenario-format.md). Expected values are worked out
 * by hand from the ballots in each test, not taken from the code.
 */
import { describe, expect, it } from 'vitest';
import { decideCloseRelatives, relationCounts, type RelativesInput, type ScenarioBallot } from '../../../shared/rules/index.js';
import { mustTally, villagers } from './helpers.js';

function ballots(list: Array<[number, ScenarioBallot['votes']]>): ScenarioBallot[] {
  return list.map(([count, votes]) => ({ count, votes }));
}

const params = { relativeAvoidance: 'keep_higher_post', relativeVacancy: 'supplementary' } as const;
const succession = { relativeAvoidance: 'keep_higher_post', relativeVacancy: 'succession' } as const;

/** chair: 张三 10 (elected); member 2 seats: 王芳 9, 刘强 8 elected; 陈明 7 and 赵六 3 also passed? (base 12: 2v > 12 → v ≥ 7). */
function input(over: Partial<RelativesInput> = {}): RelativesInput {
  return {
    positions: [
      { id: 'chair', name: '主任', elected: ['张三'], tied: [], unfilled: 0, votes: { 张三: 10, 李四: 2 }, passers: ['张三'] },
      { id: 'member', name: '委员', elected: ['王芳', '刘强'], tied: [], unfilled: 0, votes: { 王芳: 9, 刘强: 8, 陈明: 7, 赵六: 3 }, passers: ['王芳', '刘强', '陈明'] },
    ],
    relatives: [],
    seated: [],
    params,
    ...over,
  };
}

describe('E8 decideCloseRelatives', () => {
  it('E8 no relations, or relativeAvoidance none (Party branch): nothing changes', () => {
    const none = decideCloseRelatives(input());
    expect(none.decisions).toEqual([]);
    expect(none.positions.map((p) => p.elected)).toEqual([['张三'], ['王芳', '刘强']]);
    const party = decideCloseRelatives(input({ relatives: [{ a: '张三', b: '刘强' }], params: { relativeAvoidance: 'none', relativeVacancy: 'supplementary' } }));
    expect(party.decisions).toEqual([]);
    expect(party.positions[1]?.yielded).toEqual([]);
  });

  it('E8 higher post keeps the seat; the vacated seat goes to 另行选举 (relativeVacancy supplementary)', () => {
    const r = decideCloseRelatives(input({ relatives: [{ a: '刘强', b: '张三', relation: '父子' }] }));
    expect(r.positions[1]).toEqual({ id: 'member', elected: ['王芳'], tied: [], unfilled: 1, yielded: ['刘强'] });
    expect(r.decisions).toEqual([
      expect.objectContaining({ rule: 'E8', position: 'member', reason: 'higher_post', yielder: '刘强', keeper: '张三', relation: '父子', vacancy: 'supplementary' }),
    ]);
    expect(r.decisions[0]?.message).toBe('刘强 与 张三 是近亲属（父子），张三 当选的主任职务较高，刘强 不再任委员，其名额另行选举（E8）。');
  });

  it('E8 same post: more votes keeps the seat', () => {
    const r = decideCloseRelatives(input({ relatives: [{ a: '王芳', b: '刘强', relation: '配偶' }] }));
    expect(r.positions[1]).toMatchObject({ elected: ['王芳'], yielded: ['刘强'], unfilled: 1 });
    expect(r.decisions[0]).toMatchObject({ reason: 'more_votes', keeper: '王芳', yielder: '刘强' });
    expect(r.decisions[0]?.message).toContain('（9 比 8）');
  });

  it('E8 same post, equal votes: both to a run-off between the two for one seat; the other seat is vacant', () => {
    const r = decideCloseRelatives(
      input({
        positions: [{ id: 'member', name: '委员', elected: ['王芳', '刘强'], tied: [], unfilled: 0, votes: { 王芳: 8, 刘强: 8, 陈明: 7 }, passers: ['王芳', '刘强', '陈明'] }],
        relatives: [{ a: '刘强', b: '王芳' }],
      }),
    );
    expect(r.positions[0]).toEqual({ id: 'member', elected: [], tied: ['王芳', '刘强'], unfilled: 1, yielded: [] });
    expect(r.decisions[0]).toMatchObject({ reason: 'tie', runoff: ['王芳', '刘强'], vacancy: 'supplementary' });
  });

  it('E8 a person seated in an earlier round keeps the seat, even against a higher post now', () => {
    const r = decideCloseRelatives(input({ relatives: [{ a: '张三', b: '孙九' }], seated: [{ name: '孙九', position: 'member', positionName: '委员' }] }));
    expect(r.positions[0]).toMatchObject({ elected: [], yielded: ['张三'], unfilled: 1 });
    expect(r.decisions[0]).toMatchObject({ reason: 'seated', keeper: '孙九', yielder: '张三' });
    expect(r.decisions[0]?.message).toContain('孙九 已在前一轮当选委员');
  });

  it('E8 succession (ZJ 31 递补): the next passer of the post takes the seat', () => {
    const r = decideCloseRelatives(input({ relatives: [{ a: '刘强', b: '张三' }], params: succession }));
    expect(r.positions[1]).toEqual({ id: 'member', elected: ['王芳', '陈明'], tied: [], unfilled: 0, yielded: ['刘强'] });
    expect(r.decisions[0]).toMatchObject({ vacancy: 'succession', successor: '陈明' });
    expect(r.decisions[0]?.message).toContain('由得票次多且达到当选票数的 陈明 递补');
  });

  it('E8 succession skips a successor who is a relative of someone who sits (they yield too), and with nobody left the seat goes to 另行选举', () => {
    const r = decideCloseRelatives(input({ relatives: [{ a: '刘强', b: '张三' }, { a: '陈明', b: '王芳' }], params: succession }));
    // 赵六 (3 votes) did not reach the threshold, so nobody succeeds
    expect(r.positions[1]).toEqual({ id: 'member', elected: ['王芳'], tied: [], unfilled: 1, yielded: ['刘强', '陈明'] });
    expect(r.decisions.map((d) => [d.reason, d.yielder, d.vacancy])).toEqual([
      ['higher_post', '刘强', 'supplementary'],
      ['successor_related', '陈明', 'none'],
    ]);
    expect(r.decisions[0]?.message).toContain('没有可以递补的人，其名额另行选举');
  });

  it('E8 a chain: the chair keeps; both of his relatives give up their seats', () => {
    const r = decideCloseRelatives(input({ relatives: [{ a: '张三', b: '王芳' }, { a: '张三', b: '刘强' }] }));
    expect(r.positions[1]).toMatchObject({ elected: [], yielded: ['王芳', '刘强'], unfilled: 2 });
    expect(r.decisions.map((d) => [d.keeper, d.yielder])).toEqual([
      ['张三', '王芳'],
      ['张三', '刘强'],
    ]);
  });

  it('E8 relation sets: 民法典 1045 (default), ZJ 夫妻、父母子女、兄弟姐妹, SH 夫妻或直系亲属', () => {
    expect(['spouse', 'parent', 'child', 'sibling', 'grandparent', 'grandchild'].every((r) => relationCounts(r, 'civil_code'))).toBe(true);
    expect(relationCounts('lineal_other', 'civil_code')).toBe(false);
    expect(relationCounts('grandchild', 'spouse_parent_child_sibling')).toBe(false);
    expect(relationCounts('sibling', 'spouse_parent_child_sibling')).toBe(true);
    expect(relationCounts('sibling', 'spouse_lineal')).toBe(false);
    expect(relationCounts('lineal_other', 'spouse_lineal')).toBe(true);
  });
});

describe('E8 in tally (scenario fields relatives, seated; output yielded)', () => {
  // 15 participants; chair: 张三 8 (2×8 > 15); member: 王芳 11, 刘强 8 pass; 陈明 4 does not.
  const base = () =>
    villagers({
      registered: 20,
      participants: 15,
      ballots: [
        { count: 6, votes: { chair: ['c1'], member: ['c3', 'c4'] } },
        { count: 4, votes: { chair: ['c2'], member: ['c3', 'c5'] } },
        { count: 2, votes: { chair: ['c1'], member: ['c4', { writeIn: '赵六' }] } },
        { count: 1, votes: { chair: ['c1', 'c2'], member: ['c3'] } },
        { count: 1, unreadable: true },
        { count: 1 },
      ],
    });

  it('E8 yielded is always present; without relatives it is empty', () => {
    expect(mustTally(base()).positions.map((p) => p.yielded)).toEqual([[], []]);
  });

  it('E8 the worked example villagers-relatives: 刘强 yields to 张三; 陈明 did not pass, so even ZJ succession leaves the seat unfilled', () => {
    const r = mustTally({ ...base(), relatives: [['张三', '刘强']] });
    expect(r.positions[1]).toMatchObject({ elected: ['王芳'], yielded: ['刘强'], unfilled: 1, tied: [] });
    const zj = mustTally({ ...base(), profile: 'zhejiang', relatives: [['张三', '刘强']] });
    expect(zj.positions[1]).toMatchObject({ elected: ['王芳'], yielded: ['刘强'], unfilled: 1 });
  });

  it('E8 succession fills the seat with the next passer when one reached the threshold (ZJ 31); the national default leaves it to 另行选举', () => {
    // 15 participants. chair: 张三 8 (2×8 > 15), 李四 7. member: 王芳 7+1+4 = 12, 刘强 7+3 = 10, 陈明 1+4+3 = 8 — all three pass.
    const s = villagers({
      registered: 20,
      participants: 15,
      ballots: ballots([
        [7, { chair: ['c1'], member: ['c3', 'c4'] }],
        [1, { chair: ['c1'], member: ['c3', 'c5'] }],
        [4, { chair: ['c2'], member: ['c3', 'c5'] }],
        [3, { chair: ['c2'], member: ['c4', 'c5'] }],
      ]),
      relatives: [['张三', '刘强']],
    });
    const national = mustTally(s);
    expect(national.positions[1]).toMatchObject({ votes: { 王芳: 12, 刘强: 10, 陈明: 8 }, elected: ['王芳'], yielded: ['刘强'], unfilled: 1 });
    const zj = mustTally({ ...s, profile: 'zhejiang' });
    expect(zj.positions[1]).toMatchObject({ elected: ['王芳', '陈明'], yielded: ['刘强'], unfilled: 0, tied: [] });
  });

  it('E8 seated: a winner related to someone elected in an earlier round yields', () => {
    const r = mustTally({ ...base(), round: 'supplementary', relatives: [['王芳', '孙九']], seated: [{ name: '孙九', position: 'vice_chair' }] });
    // supplementary: winners need 3v ≥ 15 → v ≥ 5: 王芳 11 and 刘强 8 pass; 王芳 yields to the seated 孙九
    expect(r.positions[1]).toMatchObject({ elected: ['刘强'], yielded: ['王芳'], unfilled: 1 });
  });

  it('E8 a malformed pair (a person with themselves) is refused naming the field', () => {
    const r = (() => {
      try {
        return mustTally({ ...base(), relatives: [['张三', '张三']] });
      } catch (e) {
        return (e as Error).message;
      }
    })();
    expect(r).toContain('scenario.relatives[0]');
  });
});
