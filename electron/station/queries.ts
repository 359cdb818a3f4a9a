/** Reads shared by the command modules. Everything here derives current state from append-only rows. */
import { Refusal } from '../../shared/result.js';
import type { ElectionKind, Phase, RoundKind } from '../../shared/model.js';
import { resolveRules, type RuleFinding, type RuleParams } from '../../shared/rules/index.js';
import type { Db } from './db/open.js';

export interface ElectionRow {
  id: string;
  kind: ElectionKind;
  title: string;
  village: string;
  township: string;
  county: string;
  election_date: string;
  profile: string;
  rules_overrides: string;
  drill: number;
  at: string;
  actor: string;
}

export interface RoundRow {
  id: number;
  number: number;
  kind: RoundKind;
  parent_round_id: number | null;
  at: string;
}

export function findElection(db: Db): ElectionRow | undefined {
  return db.prepare('SELECT * FROM election LIMIT 1').get() as ElectionRow | undefined;
}

export function electionRow(db: Db): ElectionRow {
  const e = findElection(db);
  if (!e) throw new Refusal('NO_ELECTION', '本数据目录还没有选举，请先新建选举。');
  return e;
}

export function currentRound(db: Db): RoundRow {
  const r = db.prepare('SELECT * FROM rounds ORDER BY number DESC LIMIT 1').get() as RoundRow | undefined;
  if (!r) throw new Refusal('NO_ELECTION', '本数据目录还没有选举，请先新建选举。');
  return r;
}

export function roundById(db: Db, id: number | undefined): RoundRow {
  if (id === undefined) return currentRound(db);
  const r = db.prepare('SELECT * FROM rounds WHERE id = ?').get(id) as RoundRow | undefined;
  if (!r) throw new Refusal('ROUND_NOT_FOUND', `没有第 ${id} 号轮次。`);
  return r;
}

export function currentPhase(db: Db): Phase {
  const p = db.prepare('SELECT phase FROM phase_events ORDER BY id DESC LIMIT 1').get() as { phase: Phase } | undefined;
  return p?.phase ?? 'setup';
}

/** Phase of a given round: rounds before the current one are confirmed; the current one follows phase_events. */
export function roundPhase(db: Db, roundId: number): Phase {
  const confirmed = db.prepare('SELECT 1 FROM round_confirmations WHERE round_id = ?').get(roundId);
  if (confirmed) return 'confirmed';
  const cur = currentRound(db);
  if (cur.id !== roundId) return 'confirmed';
  return currentPhase(db);
}

export function rulesOf(db: Db): RuleParams {
  const e = electionRow(db);
  const r = resolveRules(e.profile, e.kind, JSON.parse(e.rules_overrides) as Record<string, unknown>);
  if (!r.ok) throw new Refusal(r.error.code, r.error.message);
  return r.value;
}

export interface PositionRow {
  key: string;
  name: string;
  rank: number;
  seats: number;
  womenReserved: boolean;
}

/** Current positions: the latest version of each key, unless removed; in rank order. */
export function positions(db: Db): PositionRow[] {
  const rows = db
    .prepare(
      `SELECT p.pos_key, p.name, p.rank, p.seats, p.women_reserved, p.removed FROM positions p
       JOIN (SELECT pos_key, MAX(id) AS id FROM positions GROUP BY pos_key) last ON last.id = p.id
       ORDER BY p.rank, p.id`,
    )
    .all() as { pos_key: string; name: string; rank: number; seats: number; women_reserved: number; removed: number }[];
  return rows
    .filter((r) => r.removed === 0)
    .map((r) => ({ key: r.pos_key, name: r.name, rank: r.rank, seats: r.seats, womenReserved: r.women_reserved === 1 }));
}

export interface VoterRow {
  id: number;
  name: string;
  id_number: string;
  gender: 'M' | 'F';
  birth_date: string;
  group_name: string;
  category: string;
  approval_ref: string;
  phone: string;
  note: string;
  party_status: string | null;
  source: string;
  at: string;
  actor: string;
  /** The latest correction (voter_corrections.id), or null. */
  correction_id: number | null;
  removed: number;
}

/** The latest correction's value of one column of a registration (v0), or null when it has none. */
const corrected = (col: string): string => `(SELECT c.${col} FROM voter_corrections c WHERE c.voter_id = v0.id ORDER BY c.id DESC LIMIT 1)`;

/**
 * The roll as it reads now: every registration (row of voters) with its latest correction applied.
 * Every read of a voter's name, ID number, gender, birth date, group, category, approval reference or
 * party status goes through this — `FROM ${VOTERS} v`, `JOIN ${VOTERS} v ON …` — so a correction
 * shows at once on every page, form and export, and in the search index (a test holds every query to
 * it). A single-table subquery with one correlated lookup per column (index voter_corrections(voter_id,
 * id)): SQLite flattens it into the outer query, also on the right of a LEFT JOIN, so a query asking
 * for one voter by id stays one index step, and a column no query names costs nothing.
 * `correction_id` is the latest correction's id (null: never corrected).
 */
export const VOTERS = `(SELECT v0.id AS id, COALESCE(${corrected('name')}, v0.name) AS name, COALESCE(${corrected('id_number')}, v0.id_number) AS id_number,
  COALESCE(${corrected('gender')}, v0.gender) AS gender, COALESCE(${corrected('birth_date')}, v0.birth_date) AS birth_date,
  COALESCE(${corrected('group_name')}, v0.group_name) AS group_name, COALESCE(${corrected('category')}, v0.category) AS category,
  COALESCE(${corrected('approval_ref')}, v0.approval_ref) AS approval_ref, COALESCE(${corrected('party_status')}, v0.party_status) AS party_status,
  v0.phone AS phone, v0.note AS note, v0.source AS source, v0.at AS at, v0.actor AS actor, ${corrected('id')} AS correction_id FROM voters v0)`;

export function voterById(db: Db, id: number): VoterRow | undefined {
  return db
    .prepare(
      `SELECT v.*, CASE WHEN r.id IS NULL THEN 0 ELSE 1 END AS removed FROM ${VOTERS} v
       LEFT JOIN voter_removals r ON r.voter_id = v.id WHERE v.id = ?`,
    )
    .get(id) as VoterRow | undefined;
}

/** An active (not removed) voter, or a refusal naming the id. */
export function activeVoter(db: Db, id: number): VoterRow {
  const v = voterById(db, id);
  if (!v) throw new Refusal('VOTER_NOT_FOUND', `选民名单中没有编号为 ${id} 的人。`);
  if (v.removed) throw new Refusal('VOTER_REMOVED', `${v.name} 已从选民名单中移除，不能再办理此事项。`);
  return v;
}

/** Whether a voter has a vote: villagers always; a Party member only as a full member (P1). */
export function hasVote(kind: ElectionKind, v: Pick<VoterRow, 'party_status'>): boolean {
  return kind !== 'party_branch' || v.party_status === 'full';
}

export function requirePhase(db: Db, allowed: Phase[], what: string): Phase {
  const p = currentPhase(db);
  if (!allowed.includes(p)) {
    const names: Record<Phase, string> = { setup: '准备', roll_published: '名单公布', voting: '投票', counting: '计票', confirmed: '结果确认' };
    throw new Refusal(
      'WRONG_PHASE',
      `现在是“${names[p]}”阶段，不能${what}（只能在${allowed.map((a) => `“${names[a]}”`).join('、')}阶段进行）。`,
      { phase: p, allowed },
    );
  }
  return p;
}

/** A warning that does not stop a command (the clerk reads it and decides). */
export type Warning = { code: string; message: string };

export function voterOrRefuse(db: Db, id: number): VoterRow {
  const v = voterById(db, id);
  if (!v) throw new Refusal('VOTER_NOT_FOUND', `选民名单中没有编号为 ${id} 的人，请先查找后再选择。`);
  return v;
}

/** A rule function's refusal, thrown as the command's refusal (nothing written). */
export function refuseWith(f: RuleFinding | undefined): void {
  if (f) throw new Refusal(f.code, f.message, f.details);
}

/** Active (not withdrawn) candidates among these voters. */
const ACTIVE_CANDIDATE = `EXISTS (SELECT 1 FROM candidates c WHERE c.voter_id = %s
  AND NOT EXISTS (SELECT 1 FROM candidate_withdrawals w WHERE w.candidate_id = c.id))`;
export const isActiveCandidateSql = (col: string): string => ACTIVE_CANDIDATE.replace('%s', col);

export function refuseParty(db: Db): void {
  if (electionRow(db).kind === 'party_branch') {
    throw new Refusal('P5_NO_PROXY', 'P5 党员大会选举不允许委托投票：党员须本人到会投票。');
  }
}

/** Highest approval id on a published list (X5). */
export function publishedUpto(db: Db): number {
  return db.prepare('SELECT COALESCE(MAX(upto_approval_id), 0) FROM proxy_publications').pluck().get() as number;
}
