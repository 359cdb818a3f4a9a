/**
 * Issue 10 — no internal words on screen: a refused input names its field in Chinese, never an
 * English field name ("reason 不能为空") or a position key (chair, vice_chair), and zod's English
 * messages are said in Chinese.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, marksOf, ok, refused, setupDay, vote } from '../counting/helpers.js';

afterEach(cleanup);

const LATIN = /[A-Za-z]{2,}/;

describe('refused inputs name the field in Chinese (issue 10)', () => {
  it('V6 an empty reason, a missing voter, a wrong kind of value, an unknown position', () => {
    const d = setupDay({
      positions: [{ key: 'vice_chair', name: '副主任', seats: 1 }],
      people: [{ name: '张三' }, { name: '李四' }],
      candidates: [
        ['张三', 'vice_chair'],
        ['李四', 'vice_chair'],
      ],
      others: 6,
    });
    vote(d, 8, 8);
    const b = ok(d.s, 'count.recordBallot', { marks: marksOf(d, { vice_chair: ['张三'] }) });
    const empty = refused(d.s, 'count.voidBallot', { ballotId: b.ballotId, reason: '  ' });
    expect(empty).toEqual({ code: 'VALIDATION', message: '输入有误：原因：不能为空。请改正后再试。', details: expect.anything() });
    const missing = refused(d.s, 'count.markDoubtful', { note: '字迹不清' });
    expect(missing.message).toBe('输入有误：选票记录：没有填写。请改正后再试。');
    const wrongType = refused(d.s, 'box.setCollected', { boxKey: 'main', collected: '八' });
    expect(wrongType.message).toBe('输入有误：收回张数：格式不对。请改正后再试。');
    const position = refused(d.s, 'count.recordBallot', { marks: { chair: { for: [1] } } });
    expect(position.message).toContain('本轮没有的职位');
    for (const m of [empty.message, missing.message, wrongType.message, position.message]) expect(m, m).not.toMatch(LATIN);
  });
});
