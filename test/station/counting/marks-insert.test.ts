/**
 * Ballot marks go in as one multi-row INSERT (station insertMany): the rows, their ids and the audit
 * effects must be exactly what one INSERT per row gave — each mark's id one past the previous, in
 * the ballot's mark order, each effect's hash that of the row as stored — including a ballot with
 * more marks than one statement takes (the chunks) and ballots recorded after it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { rowHash, verifyAudit } from '../../../electron/station/audit.js';
import { cleanup, marksOf, ok, setupDay, vote, type Day } from './helpers.js';

afterEach(cleanup);

function counting(): Day {
  const d = setupDay({
    positions: [
      { key: 'chair', name: '主任', seats: 1 },
      { key: 'member', name: '委员', seats: 2 },
    ],
    people: [{ name: '张三' }, { name: '李四' }, { name: '王芳', gender: 'F' }, { name: '赵敏', gender: 'F' }, { name: '钱七' }],
    candidates: [
      ['张三', 'chair'],
      ['李四', 'chair'],
      ['王芳', 'member'],
      ['赵敏', 'member'],
      ['钱七', 'member'],
    ],
    others: 20,
  });
  vote(d, 20, 20);
  return d;
}

type Effect = [string, number, string];

/** The effects of the newest audit event, with each listed row read back and hashed as stored. */
function lastEvent(d: Day): { command: string; effects: Effect[]; stored: string[] } {
  const ev = d.s.db.prepare('SELECT command, effects FROM audit ORDER BY seq DESC LIMIT 1').get() as { command: string; effects: string };
  const effects = JSON.parse(ev.effects) as Effect[];
  const stored = effects.map(([t, id]) => rowHash(d.s.db.prepare(`SELECT * FROM ${t} WHERE id = ?`).get(id) as Record<string, unknown>));
  return { command: ev.command, effects, stored };
}

describe('ballot marks written in one statement', () => {
  it('ids follow the mark order, every effect hashes the stored row, the chain verifies', () => {
    const d = counting();
    const r = ok(d.s, 'count.recordBallot', { marks: marksOf(d, { chair: ['张三'], member: ['王芳', '赵敏'] }, { member: ['钱七'] }) });
    const ev = lastEvent(d);
    expect(ev.command).toBe('count.recordBallot');
    expect(ev.effects.map(([t]) => t)).toEqual(['ballots', 'ballot_marks', 'ballot_marks', 'ballot_marks', 'ballot_marks']);
    expect(ev.effects[0]?.[1]).toBe(r.ballotId);
    const markIds = ev.effects.slice(1).map(([, id]) => id);
    const first = markIds[0] as number;
    expect(markIds).toEqual([first, first + 1, first + 2, first + 3]);
    const ords = markIds.map((id) => (d.s.db.prepare('SELECT ord, ballot_id FROM ballot_marks WHERE id = ?').get(id) as { ord: number; ballot_id: number }));
    expect(ords).toEqual([0, 1, 2, 3].map((ord) => ({ ord, ballot_id: r.ballotId })));
    expect(ev.effects.map(([, , h]) => h)).toEqual(ev.stored);
    expect(verifyAudit(d.s.db).ok).toBe(true);
  });

  it('a ballot with more marks than one statement takes (write-ins, nulls) and the ballots after it', () => {
    const d = counting();
    // 2 + 3 candidate marks and 2 × 30 write-ins (over the seats, but recorded as marked): 65 rows, two statements.
    const writeIns = (p: string) => Array.from({ length: 30 }, (_, i) => ({ name: `另选${p}${i}` }));
    const marks = marksOf(d, { chair: ['张三', '李四'], member: ['王芳', '赵敏', '钱七'] });
    const big = ok(d.s, 'count.recordBallot', {
      marks: { chair: { for: marks.chair?.for ?? [], writeIns: writeIns('甲') }, member: { for: marks.member?.for ?? [], writeIns: writeIns('乙') } },
    });
    const ev = lastEvent(d);
    const markIds = ev.effects.filter(([t]) => t === 'ballot_marks').map(([, id]) => id);
    expect(markIds.length).toBe(65);
    expect(markIds).toEqual(markIds.map((_, i) => (markIds[0] as number) + i));
    const rows = d.s.db.prepare('SELECT id, ord, mark, write_in_name FROM ballot_marks WHERE ballot_id = ? ORDER BY id').all(big.ballotId) as {
      id: number;
      ord: number;
      mark: string;
      write_in_name: string | null;
    }[];
    expect(rows.map((x) => x.ord)).toEqual(rows.map((_, i) => i));
    expect(rows.map((x) => x.id)).toEqual(markIds);
    expect(rows[2]).toMatchObject({ mark: 'write_in', write_in_name: '另选甲0' });
    // the write-ins match nobody on the roll: the ballot is doubtful, its doubt row after the marks
    expect(ev.effects.at(-1)?.[0]).toBe('ballot_doubts');
    expect(ev.effects.map(([, , h]) => h)).toEqual(ev.stored);

    const next = ok(d.s, 'count.recordBallot', { marks: marksOf(d, { chair: ['李四'], member: ['钱七'] }) });
    const after = lastEvent(d);
    expect(after.effects.filter(([t]) => t === 'ballot_marks').map(([, id]) => id)).toEqual([(markIds.at(-1) as number) + 1, (markIds.at(-1) as number) + 2]);
    expect(next.seq).toBe((big.seq ?? 0) + 1);
    expect(after.effects.map(([, , h]) => h)).toEqual(after.stored);
    expect(verifyAudit(d.s.db)).toMatchObject({ ok: true, problems: [] });
  });
});
