import { describe, expect, it } from 'vitest';
import { relativeConflicts, resolveRules, type RuleParams, type ScenarioBallot } from '../../../shared/rules/index.js';
import { mustTally, villagers } from './helpers.js';

const zj = (): RuleParams => {
  const r = resolveRules('zhejiang', 'villagers_committee');
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
};

function ballots(list: Array<[number, ScenarioBallot['votes']]>): ScenarioBallot[] {
  return list.map(([count, votes]) => ({ count, votes }));
}

describe('E8 close relatives among the winners (relativeAvoidance)', () => {
  const result = mustTally(
    villagers({
      ballots: ballots([
        [6, { chair: ['c1'], member: ['c3', 'c4'] }],
        [3, { chair: ['c2'], member: ['c3', 'c5'] }],
        [1, { chair: ['c1'], member: ['c5'] }],
      ]),
      registered: 18,
    }),
  );

  it('E8 the tally elects 张三 (chair), 王芳 9 and 刘强 6 (member)', () => {
    expect(result.valid).toBe(true);
    expect(result.positions[1]?.votes).toMatchObject({ 王芳: 9, 刘强: 6, 陈明: 4 });
    expect(result.positions.map((p) => p.elected)).toEqual([['张三'], ['王芳', '刘强']]);
  });

  it('E8 the zhejiang profile keeps the higher post; the national default (none) decides nothing', () => {
    expect(zj().relativeAvoidance).toBe('keep_higher_post');
    const ties = [{ a: '刘强', b: '张三', relation: '兄弟姐妹' }];
    expect(relativeConflicts(result, ties, { relativeAvoidance: 'none' })).toEqual([]);
    const c = relativeConflicts(result, ties, zj());
    expect(c).toEqual([
      expect.objectContaining({ keep: '张三', drop: '刘强', position: 'member', reason: 'higher_post', rule: 'E8' }),
    ]);
    expect(c[0]?.message).toContain('另行选举');
  });

  it('E8 in the same post the one with more votes keeps the seat', () => {
    const c = relativeConflicts(result, [{ a: '刘强', b: '王芳', relation: '配偶' }], zj());
    expect(c).toEqual([expect.objectContaining({ keep: '王芳', drop: '刘强', reason: 'more_votes' })]);
    expect(c[0]?.message).toContain('配偶');
  });

  it('E8 same post and equal votes: a run-off between the two', () => {
    const r = mustTally(
      villagers({
        ballots: ballots([
          [7, { chair: ['c1'], member: ['c3', 'c4'] }],
          [7, { chair: ['c2'], member: ['c3', 'c4'] }],
        ]),
        registered: 20,
        participants: 14,
      }),
    );
    expect(r.positions[1]?.elected).toEqual(['王芳', '刘强']);
    const c = relativeConflicts(r, [{ a: '王芳', b: '刘强' }], zj());
    expect(c).toEqual([expect.objectContaining({ runoff: ['王芳', '刘强'], reason: 'tie', position: 'member' })]);
    expect(c[0]?.keep).toBeUndefined();
  });

  it('E8 relatives who were not both elected, or an invalid round, need no decision', () => {
    expect(relativeConflicts(result, [{ a: '李四', b: '张三' }, { a: '陈明', b: '王芳' }], zj())).toEqual([]);
    const invalid = mustTally(villagers({ participants: 5, ballots: ballots([[5, { chair: ['c1'], member: ['c3', 'c4'] }]]) }));
    expect(invalid.valid).toBe(false);
    expect(relativeConflicts(invalid, [{ a: '刘强', b: '张三' }], zj())).toEqual([]);
  });

  it('E8 a chain: the chair keeps, both relatives of the chair give up their seats', () => {
    const c = relativeConflicts(result, [{ a: '张三', b: '王芳' }, { a: '张三', b: '刘强' }], zj());
    expect(c.map((x) => [x.keep, x.drop])).toEqual([
      ['张三', '王芳'],
      ['张三', '刘强'],
    ]);
  });
});
