/**
 * A round's stored facts as a Scenario (scenario-format.md), so that the station, the CLI and the
 * forms all count with the one rules engine `tally()`. Fast on purpose: one query for the ballots
 * with their marks as one text each, identical ballots grouped, and the grouped list cached until the
 * next write.
 */
import { slot } from './db/state.js';
import { Refusal } from '../../shared/result.js';
import { RELATION_LABELS, type ElectionKind, type RoundKind } from '../../shared/model.js';
import { relationCounts, type RuleParams, type Scenario, type ScenarioBallot, type Selection, type TallyResult } from '../../shared/rules/index.js';
import type { Db } from './db/open.js';
import { cached } from './db/statements.js';
import { MARKS_TEXT_SQL, parseMarks, type MarkTuple } from './ballot-marks.js';
import { compareByStrokes } from './names/index.js';
import { electionRow, positions as currentPositions, roundById, rulesOf, VOTERS, type ElectionRow, type RoundRow } from './queries.js';

export interface RoundPosition {
  key: string;
  name: string;
  rank: number;
  /** Seats contested in this round (main: the position's seats; runoff/supplementary: round_seats). */
  seats: number;
}

export interface RoundCandidate {
  id: number;
  voterId: number;
  name: string;
  position: string;
  gender: 'M' | 'F';
  /** Short number on the counting pad: per position, 姓氏笔画 order, from 1. */
  number: number;
  removedFromRoll: boolean;
}

export interface RoundSetup {
  election: ElectionRow;
  round: RoundRow;
  positions: RoundPosition[];
  candidates: RoundCandidate[];
}

/** The scenario id of a station candidate. */
export const candidateKey = (id: number): string => `c${id}`;
export const candidateIdOf = (key: string): number | undefined => (/^c\d+$/.test(key) ? Number(key.slice(1)) : undefined);

/** Positions and candidates of a round, in rank and then 姓氏笔画 order. */
export function roundSetup(db: Db, roundId?: number): RoundSetup {
  const election = electionRow(db);
  const round = roundById(db, roundId);
  const all = currentPositions(db);
  let positions: RoundPosition[];
  if (round.kind === 'main') {
    positions = all.map((p) => ({ key: p.key, name: p.name, rank: p.rank, seats: p.seats }));
  } else {
    const seats = new Map(
      (db.prepare('SELECT pos_key, seats FROM round_seats WHERE round_id = ?').all(round.id) as { pos_key: string; seats: number }[]).map((r) => [r.pos_key, r.seats]),
    );
    positions = all.filter((p) => seats.has(p.key)).map((p) => ({ key: p.key, name: p.name, rank: p.rank, seats: seats.get(p.key) ?? 0 }));
  }
  const base = `SELECT c.id, c.voter_id, v.name, c.pos_key, v.gender,
       CASE WHEN vr.id IS NULL THEN 0 ELSE 1 END AS removed
     FROM candidates c JOIN ${VOTERS} v ON v.id = c.voter_id LEFT JOIN voter_removals vr ON vr.voter_id = v.id`;
  type Row = { id: number; voter_id: number; name: string; pos_key: string; gender: 'M' | 'F'; removed: number };
  const rows = (
    round.kind === 'main'
      ? db.prepare(`${base} LEFT JOIN candidate_withdrawals w ON w.candidate_id = c.id WHERE w.id IS NULL AND NOT EXISTS (SELECT 1 FROM candidate_origins o WHERE o.candidate_id = c.id)`).all()
      : db.prepare(`${base} JOIN round_candidates rc ON rc.candidate_id = c.id AND rc.round_id = ?`).all(round.id)
  ) as Row[];
  const rank = new Map(positions.map((p, i) => [p.key, i]));
  const visible = rows.filter((r) => rank.has(r.pos_key));
  visible.sort((a, b) => (rank.get(a.pos_key) ?? 0) - (rank.get(b.pos_key) ?? 0) || compareByStrokes(a.name, b.name) || a.id - b.id);
  const numberIn = new Map<string, number>();
  const candidates = visible.map((r) => {
    const n = (numberIn.get(r.pos_key) ?? 0) + 1;
    numberIn.set(r.pos_key, n);
    return { id: r.id, voterId: r.voter_id, name: r.name, position: r.pos_key, gender: r.gender, number: n, removedFromRoll: r.removed === 1 };
  });
  return { election, round, positions, candidates };
}

/** One stored ballot as the engine reads it, with its station identity. */
export interface StoredBallot {
  id: number;
  seq: number;
  boxId: number | null;
  voided: boolean;
  correctsBallotId: number | null;
  doubtId: number | null;
  doubtNote: string | null;
  ruling: 'as_recorded' | 'unreadable' | 'corrected' | null;
  /** As entered (unreadable only when entered so). */
  ballot: ScenarioBallot;
  /** As the tally counts it: a ruling of `unreadable` makes it unreadable (V6 → V3). */
  effective: ScenarioBallot;
}

type BallotRaw = [id: number, seq: number, boxId: number | null, unreadable: number, corrects: number | null, voided: number, doubtId: number | null, note: string | null, ruling: StoredBallot['ruling'], marks: string];

const BALLOTS_SQL = `SELECT b.id, b.seq, b.box_id, b.unreadable, b.corrects_ballot_id,
    CASE WHEN v.id IS NULL THEN 0 ELSE 1 END, d.id, d.note, r.ruling, ${MARKS_TEXT_SQL}
  FROM ballots b LEFT JOIN ballot_voids v ON v.ballot_id = b.id
  LEFT JOIN ballot_doubts d ON d.ballot_id = b.id LEFT JOIN ballot_rulings r ON r.doubt_id = d.id
  WHERE b.round_id = ? AND b.seq BETWEEN ? AND ? ORDER BY b.seq`;

/** A ballot as the engine reads it, from its stored marks (MarkTuples) and its unreadable flag. */
function ballotOf(marks: readonly MarkTuple[], unreadable: boolean): ScenarioBallot {
  const ballot: ScenarioBallot = { count: 1 };
  const votes: Record<string, Selection[]> = {};
  const against: Record<string, string[]> = {};
  for (const [pos, mark, cid, name] of marks) {
    if (mark === 'against') (against[pos] ??= []).push(candidateKey(cid ?? 0));
    else (votes[pos] ??= []).push(mark === 'for' ? candidateKey(cid ?? 0) : { writeIn: name ?? '' });
  }
  if (Object.keys(votes).length > 0) ballot.votes = votes;
  if (Object.keys(against).length > 0) ballot.against = against;
  if (unreadable) ballot.unreadable = true;
  return ballot;
}

/** Ballots of a round (optionally a seq range), voided ones included and flagged. */
export function storedBallots(db: Db, roundId: number, fromSeq = 1, toSeq = Number.MAX_SAFE_INTEGER): StoredBallot[] {
  const rows = cached(db, BALLOTS_SQL).raw().all(roundId, fromSeq, toSeq) as BallotRaw[];
  return rows.map(([id, seq, boxId, unreadable, corrects, voided, doubtId, note, ruling, marks]) => {
    const ballot = ballotOf(parseMarks(marks), unreadable === 1);
    const effective: ScenarioBallot = ruling === 'unreadable' ? { count: 1, unreadable: true } : ballot;
    return { id, seq, boxId, voided: voided === 1, correctsBallotId: corrects, doubtId, doubtNote: note, ruling, ballot, effective };
  });
}

/** Identical ballots grouped (first-seen order), as the scenario's `ballots`. */
export function groupBallots(ballots: readonly ScenarioBallot[]): ScenarioBallot[] {
  const groups = new Map<string, ScenarioBallot>();
  for (const b of ballots) {
    const key = JSON.stringify([b.votes ?? null, b.against ?? null, b.unreadable ?? false]);
    const g = groups.get(key);
    if (g) g.count += b.count;
    else groups.set(key, { ...b, count: b.count });
  }
  return [...groups.values()];
}

/** The grouped effective ballots of a round, as `effectiveBallots` returns them. */
export interface EffectiveBallots {
  /** Identical ballots grouped, in the order of each group's first counted ballot (by seq). */
  groups: ScenarioBallot[];
  counted: number;
  lastSeq: number;
  openDoubts: number;
}

interface Cached extends EffectiveBallots {
  /** Highest row ids seen (global, all rounds): what is above them is new. */
  maxBallot: number;
  maxVoid: number;
  maxDoubt: number;
  maxRuling: number;
  byKey: Map<string, ScenarioBallot>;
}
/** Per connection (db/state.ts): each round's grouped ballots, kept between commands. */
const EFFECTIVE = slot('effective ballots', () => new Map<number, Cached>());

/** Highest ids of the tables a round's effective ballots are made of (all append-only, with rowids). */
function ballotHeads(db: Db): [ballot: number, void: number, doubt: number, ruling: number] {
  return db
    .prepare(
      `SELECT COALESCE((SELECT MAX(id) FROM ballots), 0), COALESCE((SELECT MAX(id) FROM ballot_voids), 0),
              COALESCE((SELECT MAX(id) FROM ballot_doubts), 0), COALESCE((SELECT MAX(id) FROM ballot_rulings), 0)`,
    )
    .raw()
    .get() as [number, number, number, number];
}

/**
 * The round's ballots above an id, each with its marks as one JSON text in entry order (either
 * layout, ballot-marks.ts): the text is the grouping key (identical marks, identical text), and it is
 * parsed only for a group's first ballot.
 */
const ROUND_BALLOTS_SQL = `SELECT b.id, b.seq, b.unreadable,
    EXISTS (SELECT 1 FROM ballot_voids v WHERE v.ballot_id = b.id),
    d.id, r.ruling, ${MARKS_TEXT_SQL}
  FROM ballots b LEFT JOIN ballot_doubts d ON d.ballot_id = b.id LEFT JOIN ballot_rulings r ON r.doubt_id = d.id
  WHERE b.round_id = ? AND b.id > ? ORDER BY b.seq`;
type RoundBallotRaw = [id: number, seq: number, unreadable: number, voided: number, doubtId: number | null, ruling: StoredBallot['ruling'], marks: string];

/** Adds ballots (in seq order, all above the entry's lastSeq) to the groups. */
function addBallots(entry: EffectiveBallots & { byKey: Map<string, ScenarioBallot> }, rows: readonly RoundBallotRaw[]): void {
  for (const [, seq, unreadable, voided, doubtId, ruling, marksJson] of rows) {
    entry.lastSeq = seq;
    if (voided === 1) continue;
    entry.counted += 1;
    if (doubtId !== null && ruling === null) entry.openDoubts += 1;
    const asUnreadable = unreadable === 1 || ruling === 'unreadable';
    // No marks is '' so that a ballot entered as unreadable without marks joins the ruled-unreadable group 'U'.
    const marksKey = marksJson === '[]' ? '' : marksJson;
    const key = asUnreadable ? (ruling === 'unreadable' ? 'U' : `U${marksKey}`) : `R${marksKey}`;
    const g = entry.byKey.get(key);
    if (g) {
      g.count += 1;
      continue;
    }
    const ballot: ScenarioBallot = ruling === 'unreadable' ? { count: 1, unreadable: true } : ballotOf(parseMarks(marksJson), unreadable === 1);
    entry.byKey.set(key, ballot);
    entry.groups.push(ballot);
  }
}

function buildRound(db: Db, roundId: number, heads: ReturnType<typeof ballotHeads>): Cached {
  const entry: Cached = { groups: [], counted: 0, lastSeq: 0, openDoubts: 0, byKey: new Map(), maxBallot: heads[0], maxVoid: heads[1], maxDoubt: heads[2], maxRuling: heads[3] };
  addBallots(entry, db.prepare(ROUND_BALLOTS_SQL).raw().all(roundId, 0) as RoundBallotRaw[]);
  return entry;
}

/**
 * Brings a cached round up to date when the only change is new ballots at the end of the count
 * (the ballot just entered, with its own doubt if any): they are added to their groups. Anything
 * else — a void, a ruling, a doubt on an older ballot — returns false and the round is rebuilt.
 */
function extendRound(db: Db, entry: Cached, roundId: number, heads: ReturnType<typeof ballotHeads>): boolean {
  const [maxBallot, maxVoid, maxDoubt, maxRuling] = heads;
  if (maxVoid !== entry.maxVoid || maxRuling !== entry.maxRuling || maxBallot < entry.maxBallot || maxDoubt < entry.maxDoubt) return false;
  if (maxDoubt > entry.maxDoubt) {
    const older = db.prepare('SELECT COUNT(*) FROM ballot_doubts WHERE id > ? AND ballot_id <= ?').raw().get(entry.maxDoubt, entry.maxBallot) as [number];
    if (older[0] > 0) return false;
  }
  const rows = maxBallot > entry.maxBallot ? (db.prepare(ROUND_BALLOTS_SQL).raw().all(roundId, entry.maxBallot) as RoundBallotRaw[]) : [];
  if (rows.length > 0 && (rows[0]?.[1] ?? 0) <= entry.lastSeq) return false;
  addBallots(entry, rows);
  entry.maxBallot = maxBallot;
  entry.maxDoubt = maxDoubt;
  return true;
}

/**
 * The effective ballots of a round, grouped: not voided, corrections in place of what they replace,
 * rulings applied. Kept per connection and round, outside transactions only; a new ballot extends it,
 * any other change to the ballots rebuilds it. The group objects are kept (their counts grow), so callers may key
 * their own per-group work on them but must not change them.
 */
export function effectiveBallots(db: Db, roundId: number): EffectiveBallots {
  const heads = ballotHeads(db);
  const perDb = db.state.get(EFFECTIVE);
  const hit = perDb.get(roundId);
  if (db.inTransaction) {
    // A transaction may still roll back: inside one the kept groups are read as they are when nothing
    // changed, and otherwise built afresh for this read only — never extended or replaced.
    if (hit && hit.maxBallot === heads[0] && hit.maxVoid === heads[1] && hit.maxDoubt === heads[2] && hit.maxRuling === heads[3]) return hit;
    return buildRound(db, roundId, heads);
  }
  if (hit && extendRound(db, hit, roundId, heads)) return hit;
  const entry = buildRound(db, roundId, heads);
  perDb.set(roundId, entry);
  return entry;
}

export interface RoundCounts {
  /** villagers: active roll; party: active full members. */
  registered: number;
  /** party: approved, non-revoked exclusions of members with a vote. */
  excluded: number;
  /** Distinct voters issued a ballot this round (party: signed-in members with a vote). */
  participants: number;
  issued: number;
}

export function roundCounts(db: Db, kind: ElectionKind, roundId: number): RoundCounts {
  const party = kind === 'party_branch';
  const withVote = party ? "AND v.party_status = 'full'" : '';
  const one = (sql: string, ...args: unknown[]): number => (db.prepare(sql).raw().get(...args) as [number])[0];
  const registered = one(`SELECT COUNT(*) FROM ${VOTERS} v WHERE NOT EXISTS (SELECT 1 FROM voter_removals r WHERE r.voter_id = v.id) ${withVote}`);
  const excluded = party
    ? one(
        `SELECT COUNT(DISTINCT e.voter_id) FROM party_exclusions e JOIN ${VOTERS} v ON v.id = e.voter_id
         WHERE NOT EXISTS (SELECT 1 FROM party_exclusion_revocations x WHERE x.exclusion_id = e.id)
           AND NOT EXISTS (SELECT 1 FROM voter_removals r WHERE r.voter_id = v.id) ${withVote}`,
      )
    : 0;
  const participants = one(`SELECT COUNT(DISTINCT i.voter_id) FROM issues i JOIN ${VOTERS} v ON v.id = i.voter_id WHERE i.round_id = ? ${withVote}`, roundId);
  const issued = one('SELECT COUNT(*) FROM issues WHERE round_id = ?', roundId);
  return { registered, excluded, participants, issued };
}

/** The scenario (scenario-format.md) of a round from the stored facts; `tally(scenarioForRound(db, id))` is its count. */
export function scenarioForRound(db: Db, roundId?: number): Scenario {
  const setup = roundSetup(db, roundId);
  return scenarioFrom(db, setup);
}

/** A round's confirmed result as stored (results stored before E8 had `yielded` carry none). */
export function storedResult(db: Db, roundId: number): { result: TallyResult; at: string } | undefined {
  const r = db.prepare('SELECT result_json, at FROM round_confirmations WHERE round_id = ?').get(roundId) as { result_json: string; at: string } | undefined;
  if (!r) return undefined;
  const result = JSON.parse(r.result_json) as TallyResult;
  for (const p of result.positions) p.yielded ??= [];
  return { result, at: r.at };
}

/**
 * E8 facts for a round: the recorded close-relative pairs (not revoked, and counted by the
 * election's relation set) by name, and the people elected in earlier confirmed rounds.
 */
export function relativeFacts(db: Db, round: RoundRow, params: Pick<RuleParams, 'relativeSet' | 'relativeAvoidance'> = rulesOf(db)) {
  const labels = new Map<string, string>();
  const relationLabel = (a: string, b: string): string | undefined => labels.get(`${a}\u0000${b}`);
  if (params.relativeAvoidance === 'none') return { relatives: [] as [string, string][], seated: [] as { name: string; position: string }[], relationLabel };
  const rows = db
    .prepare(
      `SELECT va.name AS a, vb.name AS b, r.relation FROM candidate_relatives r
       JOIN ${VOTERS} va ON va.id = r.voter_a JOIN ${VOTERS} vb ON vb.id = r.voter_b
       WHERE NOT EXISTS (SELECT 1 FROM relation_revocations x WHERE x.relative_id = r.id) ORDER BY r.id`,
    )
    .all() as { a: string; b: string; relation: string }[];
  const counted = rows.filter((r) => r.a !== r.b && relationCounts(r.relation, params.relativeSet));
  for (const r of counted) {
    const label = RELATION_LABELS[r.relation as keyof typeof RELATION_LABELS];
    labels.set(`${r.a}\u0000${r.b}`, label);
    labels.set(`${r.b}\u0000${r.a}`, label);
  }
  const relatives = counted.map((r): [string, string] => [r.a, r.b]);
  const seated: { name: string; position: string }[] = [];
  const earlier = db.prepare('SELECT id FROM rounds WHERE number < ? ORDER BY number').pluck().all(round.number) as number[];
  for (const id of earlier) {
    for (const p of storedResult(db, id)?.result.positions ?? []) for (const name of p.elected) seated.push({ name, position: p.id });
  }
  return { relatives, seated, relationLabel };
}

export function scenarioFrom(db: Db, setup: RoundSetup, opts: { withBallots?: boolean } = {}): Scenario {
  const { election, round, positions, candidates } = setup;
  if (positions.length === 0) throw new Refusal('ROUND_HAS_NO_POSITIONS', `第 ${round.number} 轮没有要选举的职位。`);
  const counts = roundCounts(db, election.kind, round.id);
  const kind: RoundKind = round.kind;
  const { relatives, seated } = relativeFacts(db, round);
  return {
    kind: election.kind,
    profile: election.profile,
    rules: JSON.parse(election.rules_overrides) as Record<string, unknown>,
    round: kind,
    positions: positions.map((p) => ({ id: p.key, name: p.name, seats: p.seats })),
    candidates: candidates.map((c) => ({ id: candidateKey(c.id), name: c.name, position: c.position, gender: c.gender })),
    registered: counts.registered,
    excluded: counts.excluded,
    participants: counts.participants,
    issued: counts.issued,
    ...(relatives.length > 0 ? { relatives } : {}),
    ...(seated.length > 0 && relatives.length > 0 ? { seated } : {}),
    ballots: opts.withBallots === false ? [] : effectiveBallots(db, round.id).groups.map((g) => ({ ...g })),
  };
}

/** Ballots that count in a round (not voided), by one aggregate: cheap enough for every write. */
export function countedBallots(db: Db, roundId: number): number {
  return (
    db
      .prepare('SELECT COUNT(*) FROM ballots b WHERE b.round_id = ? AND NOT EXISTS (SELECT 1 FROM ballot_voids v WHERE v.ballot_id = b.id)')
      .raw()
      .get(roundId) as [number]
  )[0];
}

/** Doubtful ballots of a round still waiting for the scrutineers' ruling (voided ones need none). */
export function openDoubtCount(db: Db, roundId: number): number {
  return (
    db
      .prepare(
        `SELECT COUNT(*) FROM ballot_doubts d JOIN ballots b ON b.id = d.ballot_id
         WHERE b.round_id = ? AND NOT EXISTS (SELECT 1 FROM ballot_rulings r WHERE r.doubt_id = d.id)
           AND NOT EXISTS (SELECT 1 FROM ballot_voids v WHERE v.ballot_id = b.id)`,
      )
      .raw()
      .get(roundId) as [number]
  )[0];
}
