/** E8 close relatives among the winners, through station.call (candidate.relate, round.result). */
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, enterBallots, freshStation, ok, refused, setupDay, vote } from './helpers.js';

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
  it('E8 keep_higher_post (the national default): the chair keeps the seat, the member who is his brother yields; the seat goes to 另行选举', () => {
    const d = day({});
    const r0 = ok(d.s, 'candidate.relate', { voterId: d.voterId('张三'), otherVoterId: d.voterId('刘强'), relation: 'sibling' });
    expect(r0.relative).toMatchObject({ name: '张三', otherName: '刘强', relation: 'sibling', counts: true, revoked: null });
    expect(r0.warnings).toEqual([]);
    expect(refused(d.s, 'candidate.relate', { voterId: d.voterId('刘强'), otherVoterId: d.voterId('张三'), relation: 'sibling' }).code).toBe('E8_ALREADY_RELATED');
    expect(refused(d.s, 'candidate.relate', { voterId: d.voterId('刘强'), otherVoterId: d.voterId('刘强'), relation: 'sibling' }).code).toBe('E8_SAME_PERSON');
    vote(d, 8, 8);
    enterBallots(d, 6, { chair: ['张三'], member: ['王芳', '刘强'] });
    enterBallots(d, 2, { chair: ['李四'], member: ['王芳', '陈明'] });
    const r = ok(d.s, 'round.result', {});
    expect(r.tally.positions.map((p) => p.elected)).toEqual([['张三'], ['王芳']]);
    expect(r.tally.positions[1]).toMatchObject({ yielded: ['刘强'], unfilled: 1 });
    const e8 = r.warnings.filter((w) => w.rule === 'E8');
    expect(e8.map((w) => w.code)).toEqual(['E8_RELATIVES']);
    expect(e8[0]?.message).toContain('刘强 与 张三 是近亲属（兄弟姐妹），张三 当选的主任职务较高，刘强 不再任委员');
    expect(r.relatives).toEqual([expect.objectContaining({ rule: 'E8', yielder: '刘强', keeper: '张三', reason: 'higher_post', vacancy: 'supplementary', relation: '兄弟姐妹' })]);
    expect(r.plan.next).toBe('supplementary');
  });

  it('E8 relativeAvoidance none is refused for a villagers\' committee (VCOL 8); E7 womenRule none too', () => {
    const s = freshStation();
    const base = { kind: 'villagers_committee', village: '青山村', township: '清河镇', electionDate: '2026-06-20', drill: false };
    const e8 = refused(s, 'election.create', { ...base, rulesOverrides: { relativeAvoidance: 'none' } });
    expect(e8.code).toBe('RULE_PARAM_NOT_ALLOWED');
    expect(e8.message).toContain('relativeAvoidance');
    expect(refused(s, 'election.create', { ...base, rulesOverrides: { womenRule: 'none' } }).code).toBe('RULE_PARAM_NOT_ALLOWED');
    expect(s.db.prepare('SELECT COUNT(*) FROM election').pluck().get()).toBe(0);
  });
});
