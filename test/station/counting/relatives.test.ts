/** E8 close relatives among the winners, through station.call (candidate.relate, round.result). */
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, enterBallots, ok, refused, setupDay, vote } from './helpers.js';

afterEach(cleanup);

const PEOPLE = [{ name: '张三' }, { name: '李四' }, { name: '王芳', gender: 'F' as const }, { name: '刘强' }, { name: '陈明' }];


function day(rules: Record<string, unknown>) {
  const d = setupDay({
    rules,
    positions: [
      { key: 'chair', name: '主任', seats: 1 },
      { key: 'member', name: '委员', seats: 2 },
    ],
    people: PEOPLE,
    candidates: [['张三', 'chair'], ['李四', 'chair'], ['王芳', 'member'], ['刘强', 'member'], ['陈明', 'member']],
    others: 4,
  });
  return d;
}

describe('E8 close relatives among the winners', () => {
  it('E8 keep_higher_post: the chair keeps the seat, the member who is his brother gives it up; none: only recorded', () => {
    const d = day({ relativeAvoidance: 'keep_higher_post' });
    const r0 = ok(d.s, 'candidate.relate', { voterId: d.voterId('张三'), otherVoterId: d.voterId('刘强'), relation: 'sibling' });
    expect(r0.relative).toMatchObject({ name: '张三', otherName: '刘强', relation: 'sibling' });
    expect(r0.warnings).toEqual([]);
    expect(refused(d.s, 'candidate.relate', { voterId: d.voterId('刘强'), otherVoterId: d.voterId('张三'), relation: 'sibling' }).code).toBe('E8_ALREADY_RELATED');
    expect(refused(d.s, 'candidate.relate', { voterId: d.voterId('刘强'), otherVoterId: d.voterId('刘强'), relation: 'sibling' }).code).toBe('E8_SAME_PERSON');
    vote(d, 8, 8);
    enterBallots(d, 6, { chair: ['张三'], member: ['王芳', '刘强'] });
    enterBallots(d, 2, { chair: ['李四'], member: ['王芳', '陈明'] });
    const r = ok(d.s, 'round.result', {});
    expect(r.tally.positions.map((p) => p.elected)).toEqual([['张三'], ['王芳', '刘强']]);
    const e8 = r.warnings.filter((w) => w.rule === 'E8');
    expect(e8.map((w) => w.code)).toEqual(['E8_RELATIVES']);
    expect(e8[0]?.message).toContain('刘强 与 张三 是近亲属（兄弟姐妹），张三 当选的职务较高，刘强 不再任职');
  });

  it('E8 with the national default (none) the tie is recorded but decides nothing', () => {
    const d = day({});
    const r0 = ok(d.s, 'candidate.relate', { voterId: d.voterId('张三'), otherVoterId: d.voterId('刘强'), relation: 'sibling' });
    expect(r0.warnings.map((w) => w.code)).toEqual(['E8_NOT_APPLIED']);
    vote(d, 8, 8);
    enterBallots(d, 8, { chair: ['张三'], member: ['王芳', '刘强'] });
    expect(ok(d.s, 'round.result', {}).warnings.filter((w) => w.rule === 'E8')).toEqual([]);
  });
});
