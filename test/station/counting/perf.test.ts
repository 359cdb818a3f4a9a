/**
 * Timing of count.tally and count.live at 5,000 and 20,000 ballots. The ballots are written in bulk
 * straight into the tables (entering 20,000 through recordBallot, one fsync each, would take minutes);
 * what is timed goes through station.call. Times are printed for the report.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { tally } from '../../../shared/rules/index.js';
import { scenarioForRound } from '../../../electron/station/scenario-from-db.js';
import { markListRow, type MarkRow } from '../../../electron/station/ballot-marks.js';
import { cleanup, ok, setupDay, vote, type Day } from './helpers.js';

afterEach(cleanup);

/**
 * Ballots written straight into the tables, in the layout of `layout`: one row per mark (ballots
 * recorded before migration 10) or one mark list per ballot (as count.recordBallot writes now).
 */
function bulkBallots(d: Day, from: number, to: number, layout: 'marks' | 'lists'): void {
  const roundId = ok(d.s, 'election.get', {}).currentRound.id;
  const chair = [d.cand('chair', '张三'), d.cand('chair', '李四'), d.cand('chair', '王五')];
  const member = ['王芳', '赵敏', '钱七', '周八', '吴九'].map((n) => d.cand('member', n));
  const b = d.s.db.prepare("INSERT INTO ballots (round_id, seq, unreadable, at, actor) VALUES (?, ?, ?, '2026-06-20T12:00:00.000Z', 'bulk')");
  const m = d.s.db.prepare('INSERT INTO ballot_marks (ballot_id, pos_key, mark, candidate_id, write_in_name, ord) VALUES (?, ?, ?, ?, ?, ?)');
  const l = d.s.db.prepare('INSERT INTO ballot_mark_lists (id, marks, write_in_voters) VALUES (?, ?, ?)');
  let x = 12345 + from;
  const rnd = (n: number): number => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return x % n;
  };
  d.s.db.transaction(() => {
    for (let seq = from; seq <= to; seq++) {
      const unreadable = rnd(100) === 0 ? 1 : 0;
      const id = Number(b.run(roundId, seq, unreadable).lastInsertRowid);
      if (unreadable) continue;
      const rows: MarkRow[] = [];
      const mark = (pos: string, kind: MarkRow['mark'], c: number | null, w: string | null) => rows.push({ pos_key: pos, mark: kind, candidate_id: c, write_in_name: w, write_in_voter_id: null });
      if (rnd(20) !== 0) mark('chair', 'for', chair[rnd(3)] ?? null, null);
      const k = rnd(4); // 0..3 members: 3 is an over-vote
      const picked = new Set<number>();
      for (let i = 0; i < k; i++) picked.add(member[rnd(5)] ?? 0);
      for (const c of picked) mark('member', 'for', c, null);
      if (rnd(50) === 0) mark('member', 'write_in', null, `另选${rnd(5)}`);
      if (layout === 'lists') {
        const r = markListRow(id, rows);
        l.run(r.id, r.marks, r.write_in_voters);
      } else {
        rows.forEach((r, ord) => m.run(id, r.pos_key, r.mark, r.candidate_id, r.write_in_name, ord));
      }
    }
  })();
}

function time(fn: () => unknown, runs = 5): number {
  const t: number[] = [];
  for (let i = 0; i < runs; i++) {
    const s = performance.now();
    fn();
    t.push(performance.now() - s);
  }
  t.sort((a, b) => a - b);
  return t[Math.floor(runs / 2)] ?? 0;
}

// Speed goals are measured by `npm run bench`; here only what the station answers at scale is checked.
describe('tally and live at scale', () => {
  it('count.tally equals the engine and count.live answers at 5,000 and 20,000 ballots (times printed, not asserted)', () => {
    const d = setupDay({
      positions: [
        { key: 'chair', name: '主任', seats: 1 },
        { key: 'member', name: '委员', seats: 2 },
      ],
      people: ['张三', '李四', '王五', '王芳', '赵敏', '钱七', '周八', '吴九'].map((name) => ({ name })),
      candidates: [['张三', 'chair'], ['李四', 'chair'], ['王五', 'chair'], ['王芳', 'member'], ['赵敏', 'member'], ['钱七', 'member'], ['周八', 'member'], ['吴九', 'member']],
      others: 24_000,
    });
    vote(d, 20_000, 20_000);
    const report: string[] = [];
    // the first 5,000 as stored before migration 10, the rest as now: one round holding both layouts
    for (const [from, to, layout] of [
      [1, 5000, 'marks'],
      [5001, 20_000, 'lists'],
    ] as const) {
      bulkBallots(d, from, to, layout);
      // cold = the first read after a write (the grouped ballots are rebuilt from two queries); warm = polled again
      const warmTally = time(() => ok(d.s, 'count.tally', {}));
      ok(d.s, 'count.checkpoint', { uptoSeq: 1, status: 'confirmed' });
      const s0 = performance.now();
      ok(d.s, 'count.live', {});
      const coldLive = performance.now() - s0;
      const warmLive = time(() => ok(d.s, 'count.live', {}));
      const t = ok(d.s, 'count.tally', {});
      expect(t.ballots.cast).toBe(to);
      // the station's tally is the engine's tally on the station's scenario
      const engine = tally(scenarioForRound(d.s.db));
      expect(engine.ok && engine.value).toEqual(t);
      const tallyCold = (() => {
        ok(d.s, 'count.checkpoint', { uptoSeq: 1, status: 'confirmed' });
        const st = performance.now();
        ok(d.s, 'count.tally', {});
        return performance.now() - st;
      })();
      report.push(`${to} ballots: tally cold ${tallyCold.toFixed(1)} ms, warm ${warmTally.toFixed(1)} ms; live cold ${coldLive.toFixed(1)} ms, warm ${warmLive.toFixed(1)} ms`);
    }
    console.log(report.join('\n'));
  }, 120_000);
});
