// The counting pad's entry grammar (renderer/src/pages/count/entry-grammar.ts), against hand-worked
// expectations: what an operator types as the caller reads a ballot, and the marks it must become.
import { describe, expect, it } from 'vitest';
import { buildMarks, parseEntry } from '../../renderer/src/pages/count/entry-grammar';
import type { LivePosition } from '../../renderer/src/pages/live';

const pos = (key: string, name: string, seats: number, cands: [number, number, string][]): LivePosition =>
  ({ key, name, seats, invalid: 0, candidates: cands.map(([number, id, n]) => ({ id, number, name: n, votes: 0 })), writeIns: [] }) as LivePosition;

const chair = pos('chair', '主任', 1, [
  [1, 11, '张三'],
  [2, 12, '李四'],
]);
const member = pos('member', '委员', 3, [
  [1, 21, '王芳'],
  [2, 22, '赵敏'],
  [3, 23, '钱七'],
  [4, 24, '周八'],
]);

describe('parseEntry', () => {
  it('numbers, names and against-marks, whatever separator the operator uses', () => {
    expect(parseEntry('1 3 王五 -2')).toEqual({ numbers: [1, 3], names: ['王五'], against: [2] });
    expect(parseEntry('1,3，4、2')).toEqual({ numbers: [1, 3, 4, 2], names: [], against: [] });
    expect(parseEntry('－1 ×2 x3 X4')).toEqual({ numbers: [], names: [], against: [1, 2, 3, 4] });
    expect(parseEntry('  ')).toEqual({ numbers: [], names: [], against: [] });
  });

  it('keeps a repeated number (the rules engine, not the pad, decides what two marks for one person mean)', () => {
    expect(parseEntry('2 2').numbers).toEqual([2, 2]);
  });

  it('a token mixing digits and characters is a written name, not a number', () => {
    expect(parseEntry('王5 12a').names).toEqual(['王5', '12a']);
  });
});

describe('buildMarks', () => {
  it('turns pad numbers into candidate ids per position and leaves untouched positions out', () => {
    const { marks, unknown } = buildMarks([chair, member], { chair: '2', member: '1 4' });
    expect(unknown).toEqual([]);
    expect(marks).toEqual({ chair: { for: [12] }, member: { for: [21, 24] } });
    expect(buildMarks([chair, member], { chair: '' }).marks).toEqual({});
  });

  it('names a number no candidate has, in the words shown under the pad', () => {
    const { marks, unknown } = buildMarks([chair, member], { chair: '3', member: '1 9' });
    expect(unknown).toEqual(['主任没有 3 号候选人', '委员没有 9 号候选人']);
    expect(marks).toEqual({ chair: { for: [] }, member: { for: [21] } });
  });

  it('write-ins carry the voter picked from the roll when there is one', () => {
    const { marks } = buildMarks([member], { member: '2 孟伟 王五' }, { member: { 孟伟: 307 } });
    expect(marks).toEqual({ member: { for: [22], writeIns: [{ name: '孟伟', voterId: 307 }, { name: '王五' }] } });
  });

  it('a Party assembly ballot: for and against on one post', () => {
    const { marks } = buildMarks([member], { member: '1 3 -2' });
    expect(marks).toEqual({ member: { for: [21, 23], against: [22] } });
  });
});
