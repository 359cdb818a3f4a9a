/**
 * Counting benchmarks for `npm run bench` (bench/run.ts):
 *  - `benchRecordBallot()`: one ballot through station.call('count.recordBallot') (zod validation,
 *    the command's transaction, classification, audit event, the running count) on a station that
 *    already holds a few thousand ballots recorded the same way, against a raw better-sqlite3 insert
 *    of one row per transaction with the station's pragmas (WAL, synchronous=FULL, foreign_keys), in
 *    the same run and the same temp folder, measured alternately.
 *  - `benchTally()`: count.tally of 20,000 ballots, 5 positions, 15 candidates, cold (the first read
 *    after a write, so the grouped ballots are rebuilt from the database) and warm.
 * The roll, its issue and (for the tally) the 20,000 ballots are written by the counting test
 * fixture; everything timed goes through station.call.
 */
import Database from 'better-sqlite3';
import path from 'node:path';
import { cleanup, ok, setupDay, type Day, type DaySpec } from '../test/station/counting/helpers.js';
import { scenarioForRound } from '../electron/station/scenario-from-db.js';
import { markListRow, type MarkRow } from '../electron/station/ballot-marks.js';
import { timeSync, timing, type Timing } from './stats.js';

export const SPEC: Omit<DaySpec, 'others'> = {
  positions: [
    { key: 'chair', name: '主任', seats: 1 },
    { key: 'vice_chair', name: '副主任', seats: 1 },
    { key: 'member', name: '委员', seats: 3 },
    { key: 'sup_chair', name: '监委会主任', seats: 1 },
    { key: 'sup_member', name: '监委会委员', seats: 2 },
  ],
  people: ['张三', '李四', '王五', '赵一', '钱二', '王芳', '赵敏', '钱七', '周八', '吴九', '孙十', '郑明', '冯华', '陈亮', '褚强'].map((name) => ({ name })),
  candidates: [
    ['张三', 'chair'],
    ['李四', 'chair'],
    ['王五', 'chair'],
    ['赵一', 'vice_chair'],
    ['钱二', 'vice_chair'],
    ['王芳', 'member'],
    ['赵敏', 'member'],
    ['钱七', 'member'],
    ['周八', 'member'],
    ['吴九', 'member'],
    ['孙十', 'sup_chair'],
    ['郑明', 'sup_chair'],
    ['冯华', 'sup_member'],
    ['陈亮', 'sup_member'],
    ['褚强', 'sup_member'],
  ],
};

type Marks = Record<string, { for: number[]; writeIns?: { name: string }[] }>;

/** A deterministic stream of plausible ballots: favourites get most votes, some over-votes, write-ins, blanks. */
export function ballotMaker(d: Day, seed: number): () => { marks: Marks; unreadable: boolean } {
  let x = seed;
  const rnd = (n: number): number => {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    return (x >>> 8) % n;
  };
  const ids = new Map(SPEC.positions.map((p) => [p.key, SPEC.candidates.filter(([, pos]) => pos === p.key).map(([n]) => d.cand(p.key, n))]));
  return () => {
    if (rnd(200) === 0) return { marks: {}, unreadable: true };
    const marks: Marks = {};
    if (rnd(100) === 0) return { marks, unreadable: false }; // blank
    for (const p of SPEC.positions) {
      const cands = ids.get(p.key) ?? [];
      if (rnd(25) === 0) continue; // left empty: abstains on this position
      // how many: mostly the seats, sometimes fewer, rarely one too many (that part is void)
      const r = rnd(40);
      const k = r === 0 ? p.seats + 1 : r < 8 ? Math.max(0, p.seats - 1) : p.seats;
      const picked = new Set<number>();
      while (picked.size < Math.min(k, cands.length)) {
        // skewed: the first candidates are the favourites
        const i = Math.min(rnd(cands.length), rnd(cands.length));
        picked.add(cands[i] ?? 0);
      }
      const m: Marks[string] = { for: [...picked] };
      if (rnd(60) === 0 && picked.size < p.seats) m.writeIns = [{ name: `另选${rnd(4)}` }];
      marks[p.key] = m;
    }
    return { marks, unreadable: false };
  };
}

/** Ballots written straight into the tables (20,000 through recordBallot, one fsync each, would dominate the bench). */
export function bulkBallots(d: Day, n: number): void {
  const roundId = ok(d.s, 'election.get', {}).currentRound.id;
  const next = ballotMaker(d, 777);
  const b = d.s.db.prepare("INSERT INTO ballots (round_id, seq, unreadable, at, actor) VALUES (?, ?, ?, '2026-06-20T12:00:00.000Z', 'bulk')");
  // one mark list per ballot, as count.recordBallot writes them (ballot-marks.ts)
  const l = d.s.db.prepare('INSERT INTO ballot_mark_lists (id, marks, write_in_voters) VALUES (?, ?, ?)');
  const first = (d.s.db.prepare('SELECT COALESCE(MAX(seq), 0) AS n FROM ballots WHERE round_id = ?').get(roundId) as { n: number }).n + 1;
  d.s.db.transaction(() => {
    for (let seq = first; seq < first + n; seq++) {
      const ballot = next();
      const id = Number(b.run(roundId, seq, ballot.unreadable ? 1 : 0).lastInsertRowid);
      const rows: MarkRow[] = [];
      for (const [pos, mk] of Object.entries(ballot.marks)) {
        for (const c of mk.for) rows.push({ pos_key: pos, mark: 'for', candidate_id: c, write_in_name: null, write_in_voter_id: null });
        for (const w of mk.writeIns ?? []) rows.push({ pos_key: pos, mark: 'write_in', candidate_id: null, write_in_name: w.name, write_in_voter_id: null });
      }
      const r = markListRow(id, rows);
      l.run(r.id, r.marks, r.write_in_voters);
    }
  })();
}

/**
 * voting → a ballot issued to the first `n` voters → counting, with the main box's collected count.
 * The issue rows are written straight into the table (ballot.issue for 20,000 voters would take
 * longer than the whole bench); nothing timed depends on how they were written.
 */
export function voteDirect(d: Day, n: number): void {
  ok(d.s, 'election.setPhase', { phase: 'voting', confirm: ['VOTING_BEFORE_DATE'] });
  const roundId = ok(d.s, 'election.get', {}).currentRound.id;
  const ids = [...[...d.voters.values()].flat(), ...d.others].slice(0, n);
  const ins = d.s.db.prepare("INSERT INTO issues (round_id, voter_id, way, at, actor) VALUES (?, ?, 'in_person', '2026-06-20T08:00:00.000Z', 'bench')");
  d.s.db.transaction(() => {
    for (const id of ids) ins.run(roundId, id);
  })();
  ok(d.s, 'election.setPhase', { phase: 'counting', confirm: ['E1_TURNOUT_NOT_MET', 'P4_QUORUM_NOT_MET'] });
  ok(d.s, 'box.setCollected', { boxKey: 'main', collected: n });
}

export interface RecordBallotFigures {
  preRecorded: number;
  station: Timing;
  raw: Timing;
  ratio: number;
}

export function benchRecordBallot(opts: { preRecorded?: number; samples?: number } = {}): RecordBallotFigures {
  const preRecorded = opts.preRecorded ?? 2000;
  const samples = opts.samples ?? 300;
  try {
    const total = preRecorded + samples + 20;
    const d = setupDay({ ...SPEC, others: total }, { backups: true });
    voteDirect(d, total);
    const next = ballotMaker(d, 4242);
    const record = (): void => {
      const r = d.s.call('count.recordBallot', next());
      if (!r.ok) throw new Error(`count.recordBallot refused: ${r.error.code} ${r.error.message}`);
    };
    for (let i = 0; i < preRecorded; i++) record();

    // Raw: the same pragmas as the station (db/open.ts), one row per IMMEDIATE transaction.
    const raw = new Database(path.join(d.s.dataDir, 'raw-baseline.sqlite'));
    raw.pragma('journal_mode = WAL');
    raw.pragma('synchronous = FULL');
    raw.pragma('foreign_keys = ON');
    raw.exec('CREATE TABLE ballots (id INTEGER PRIMARY KEY, round_id INTEGER NOT NULL, seq INTEGER NOT NULL, unreadable INTEGER NOT NULL, at TEXT NOT NULL, actor TEXT NOT NULL)');
    const ins = raw.prepare('INSERT INTO ballots (round_id, seq, unreadable, at, actor) VALUES (?, ?, 0, ?, ?)');
    let seq = 0;
    const rawOne = raw.transaction(() => ins.run(1, ++seq, new Date().toISOString(), '计票站'));
    for (let i = 0; i < preRecorded; i++) rawOne.immediate();

    const st: number[] = [];
    const rw: number[] = [];
    for (let i = 0; i < samples; i++) {
      st.push(...timeSync(record, 1));
      rw.push(...timeSync(() => rawOne.immediate(), 1));
    }
    raw.close();
    const station = timing(st);
    const base = timing(rw);
    return { preRecorded, station, raw: base, ratio: station.median / base.median };
  } finally {
    cleanup();
  }
}

export interface TallyFigures {
  ballots: number;
  /** Distinct ballots (the scenario's groups). */
  groups: number;
  /** The first count.tally after the ballots were written (nothing cached). */
  first: number;
  /** Each right after one more ballot was recorded through count.recordBallot (what the hall display asks for). */
  cold: Timing;
  /** Asked again with nothing written in between. */
  warm: Timing;
}

export function benchTally(opts: { ballots?: number; runs?: number } = {}): TallyFigures {
  const ballots = opts.ballots ?? 20_000;
  const runs = opts.runs ?? 15;
  const warmUp = 3;
  try {
    const d = setupDay({ ...SPEC, others: ballots + runs + warmUp }, { backups: false });
    voteDirect(d, ballots + runs + warmUp);
    bulkBallots(d, ballots);
    let expected = ballots;
    const tallyOnce = (): void => {
      const r = d.s.call('count.tally', {});
      if (!r.ok) throw new Error(`count.tally refused: ${r.error.code} ${r.error.message}`);
      const cast = (r.value as { ballots: { cast: number } }).ballots.cast;
      if (cast !== expected) throw new Error(`count.tally counted ${cast} ballots, expected ${expected}`);
    };
    const t0 = performance.now();
    tallyOnce();
    const first = performance.now() - t0;
    const next = ballotMaker(d, 99);
    const recordOne = (): void => {
      const r = d.s.call('count.recordBallot', next());
      if (!r.ok) throw new Error(`count.recordBallot refused: ${r.error.code} ${r.error.message}`);
      expected += 1;
    };
    const cold = timeSync(tallyOnce, runs, { warm: warmUp, before: recordOne });
    const warm = timeSync(tallyOnce, runs, { warm: 1 });
    const scenario = scenarioForRound(d.s.db);
    return { ballots, groups: scenario.ballots.length, first, cold: timing(cold), warm: timing(warm) };
  } finally {
    cleanup();
  }
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) {
  console.log(JSON.stringify(benchTally(), null, 1));
  console.log(JSON.stringify(benchRecordBallot(), null, 1));
}
