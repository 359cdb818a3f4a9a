/**
 * Fixture builder for the counting tests. Everything under test goes through station.call; only the
 * roll (voters), its publication and the ballot issue are written directly, because the roll and
 * issue commands (roll.add, roll.publish, ballot.issue) are not in the contract yet. Switch those
 * three helpers to the commands once they land.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isCommandName, type CommandInput, type CommandName, type CommandOutput } from '../../../shared/contract.js';
import { makeIdNumber } from '../../../shared/rules/index.js';
import { openStation, type Station } from '../../../electron/station/index.js';

const dirs: string[] = [];
const stations: Station[] = [];

export function freshStation(opts: Parameters<typeof openStation>[1] = {}): Station {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'station-count-'));
  dirs.push(dir);
  const s = openStation(dir, { backups: false, ...opts });
  stations.push(s);
  return s;
}

export function cleanup(): void {
  for (const s of stations.splice(0)) s.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
}

/** station.run that throws on a refusal (for setup steps and the happy path). */
export function ok<C extends CommandName>(s: Station, command: C, input: CommandInput<C>): CommandOutput<C> {
  const r = s.run(command, input);
  if (!r.ok) throw new Error(`${command} refused: ${r.error.code} ${r.error.message}`);
  return r.value;
}

/** The refusal code of a call that must fail. */
export function refused(s: Station, command: string, input: unknown): { code: string; message: string } {
  const r = s.call(command, input);
  if (r.ok) throw new Error(`${command} unexpectedly succeeded`);
  return r.error;
}

export interface VoterSpec {
  name: string;
  gender?: 'M' | 'F';
  party?: 'full' | 'probationary' | 'probation_discipline' | 'suspended';
}

export interface DaySpec {
  kind?: 'villagers_committee' | 'party_branch';
  rules?: Record<string, unknown>;
  positions: { key: string; name: string; seats: number }[];
  /** Named people (candidates, write-in targets); candidates are [name, position]. */
  people: VoterSpec[];
  candidates: [string, string][];
  /** Extra anonymous voters on the roll (villagers: all have a vote; party: full members). */
  others: number;
}

export interface Day {
  s: Station;
  voters: Map<string, number[]>;
  others: number[];
  /** Candidate id by "position/name" in the current round. */
  cand(pos: string, name: string): number;
  voterId(name: string): number;
}

let idSeq = 0;
function insertVoter(s: Station, v: VoterSpec, kind: string): number {
  idSeq += 1;
  const female = v.gender === 'F';
  // sequence digit parity: odd = male (GB 11643)
  const seq = (idSeq % 499) * 2 + (female ? 0 : 1);
  const year = 1950 + Math.floor(idSeq / 499) % 50;
  const birth = `${year}0615`;
  const info = s.db
    .prepare(
      `INSERT INTO voters (name, id_number, gender, birth_date, category, party_status, at, actor)
       VALUES (?, ?, ?, ?, 'resident', ?, '2026-05-01T00:00:00.000Z', 'fixture')`,
    )
    .run(v.name, makeIdNumber('330102', birth, seq), female ? 'F' : 'M', `${year}-06-15`, kind === 'party_branch' ? (v.party ?? 'full') : null);
  return Number(info.lastInsertRowid);
}

/** roll.publish when it exists; until then the phase row it would write. */
function publishRoll(s: Station): void {
  s.db.prepare("INSERT INTO phase_events (phase, round_id, reason, at, actor) VALUES ('roll_published', NULL, 'fixture', '2026-05-01T00:00:00.000Z', 'fixture')").run();
}

/** ballot.issue when it exists; until then the issues rows it would write (in person, main hall). */
export function issueTo(s: Station, voterIds: readonly number[]): void {
  const round = ok(s, 'election.get', {}).currentRound.id;
  const stmt = s.db.prepare("INSERT INTO issues (round_id, voter_id, way, at, actor) VALUES (?, ?, 'in_person', '2026-06-20T08:00:00.000Z', 'fixture')");
  s.db.transaction(() => {
    for (const id of voterIds) stmt.run(round, id);
  })();
}

export function setupDay(spec: DaySpec, opts: Parameters<typeof openStation>[1] = {}): Day {
  const s = freshStation(opts);
  const kind = spec.kind ?? 'villagers_committee';
  ok(s, 'election.create', {
    kind,
    village: '青山村',
    township: '清河镇',
    electionDate: '2026-06-20',
    drill: false,
    ...(spec.rules ? { rulesOverrides: spec.rules } : {}),
  });
  ok(s, 'position.set', { positions: spec.positions });
  const voters = new Map<string, number[]>();
  const others: number[] = [];
  s.db.transaction(() => {
    for (const v of spec.people) voters.set(v.name, [...(voters.get(v.name) ?? []), insertVoter(s, v, kind)]);
    for (let i = 0; i < spec.others; i++) others.push(insertVoter(s, { name: `村民${i + 1}`, gender: i % 2 === 0 ? 'M' : 'F' }, kind));
  })();
  publishRoll(s);
  const voterId = (name: string): number => {
    const id = voters.get(name)?.[0];
    if (id === undefined) throw new Error(`no voter ${name}`);
    return id;
  };
  for (const [name, pos] of spec.candidates) {
    ok(s, 'candidate.add', { voterId: voterId(name), position: pos, education: 'senior_high', partyMember: false });
  }
  const byRound = new Map<number, { id: number; position: string; name: string }[]>();
  const cand = (pos: string, name: string): number => {
    const roundId = ok(s, 'election.get', {}).currentRound.id;
    let list = byRound.get(roundId);
    if (!list) {
      list = ok(s, 'round.list', {}).rounds.find((r) => r.id === roundId)?.candidates ?? [];
      byRound.set(roundId, list);
    }
    const c = list.find((x) => x.position === pos && x.name === name);
    if (!c) throw new Error(`no candidate ${pos}/${name} in the current round`);
    return c.id;
  };
  return { s, voters, others, cand, voterId };
}

/** voting -> issue ballots to `n` voters (named people first) -> counting, with the main box's collected count. */
export function vote(day: Day, participants: number, collected?: number): void {
  const { s } = day;
  const phase = ok(s, 'election.get', {}).phase;
  if (phase !== 'voting') ok(s, 'election.setPhase', { phase: 'voting' });
  const all = [...[...day.voters.values()].flat(), ...day.others];
  issueTo(s, all.slice(0, participants));
  ok(s, 'election.setPhase', { phase: 'counting' });
  if (collected !== undefined) ok(s, 'box.setCollected', { boxKey: 'main', collected });
}

export type Sel = string | { w: string; voterId?: number };
/** A ballot by names: { chair: ['张三'], member: ['李四', { w: '赵六' }] } with optional against lists. */
export function marksOf(day: Day, votes: Record<string, Sel[]>, against: Record<string, string[]> = {}) {
  const marks: Record<string, { for: number[]; against?: number[]; writeIns?: { name: string; voterId?: number }[] }> = {};
  for (const [pos, sels] of Object.entries(votes)) {
    const m: { for: number[]; against?: number[]; writeIns?: { name: string; voterId?: number }[] } = { for: [] };
    for (const sel of sels) {
      if (typeof sel === 'string') m.for.push(day.cand(pos, sel));
      else (m.writeIns ??= []).push(sel.voterId === undefined ? { name: sel.w } : { name: sel.w, voterId: sel.voterId });
    }
    marks[pos] = m;
  }
  for (const [pos, names] of Object.entries(against)) {
    const m = (marks[pos] ??= { for: [] });
    m.against = names.map((n) => day.cand(pos, n));
  }
  return marks;
}

export const rollCommandsExist = (): boolean => isCommandName('roll.add') && isCommandName('ballot.issue');
