/**
 * Fixture builder for the counting tests. Everything goes through the station's commands: the roll
 * is imported (roll.importPreview/importConfirm), published (roll.publish), candidates added, and
 * ballots issued one by one (ballot.issue), exactly as on the day.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type CommandInput, type CommandName, type CommandOutput } from '../../../shared/contract.js';
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
  profile?: string;
  rules?: Record<string, unknown>;
  positions: { key: string; name: string; seats: number; womenReserved?: boolean }[];
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
/** A valid ID number, unique within a station for up to ~25,000 people (R1: all adults on the day). */
function idNumberFor(female: boolean): string {
  idSeq += 1;
  // sequence digit parity: odd = male (GB 11643)
  const seq = (idSeq % 499) * 2 + (female ? 0 : 1);
  const year = 1950 + (Math.floor(idSeq / 499) % 50);
  return makeIdNumber('330102', `${year}0615`, seq);
}

const PARTY_WORDS: Record<NonNullable<VoterSpec['party']>, string> = {
  full: '正式党员',
  probationary: '预备党员',
  probation_discipline: '留党察看',
  suspended: '权利中止',
};

/**
 * The roll through the real import path (roll.importPreview + roll.importConfirm on a CSV made
 * here): one transaction for any number of voters, the same checks (R1–R3, P1) as a village's file.
 * Returns the voter ids in the order given.
 */
export function importRoll(s: Station, people: readonly VoterSpec[], kind: string): number[] {
  const party = kind === 'party_branch';
  const header = party ? '姓名,性别,身份证号码,党小组,党员类别' : '姓名,性别,身份证号码,村民小组,类别';
  const ids: string[] = [];
  const lines = people.map((v) => {
    const female = v.gender === 'F';
    const id = idNumberFor(female);
    ids.push(id);
    return [v.name, female ? '女' : '男', id, party ? '第一党小组' : '第一组', party ? PARTY_WORDS[v.party ?? 'full'] : '户籍在本村且居住'].join(',');
  });
  const dataBase64 = Buffer.from([header, ...lines].join('\r\n'), 'utf8').toString('base64');
  const preview = ok(s, 'roll.importPreview', { dataBase64, fileName: 'roll.csv' });
  if (preview.summary.withErrors > 0) throw new Error(`fixture roll has error rows: ${JSON.stringify(preview.summary.byCode)}`);
  const confirmed = ok(s, 'roll.importConfirm', { previewId: preview.previewId });
  if (confirmed.imported !== people.length) throw new Error(`imported ${confirmed.imported} of ${people.length}`);
  const byId = new Map<string, number>();
  for (const [idNumber, voterId] of s.db.prepare('SELECT id_number, id FROM voters').raw().all() as [string, number][]) byId.set(idNumber, voterId);
  return ids.map((id) => {
    const voterId = byId.get(id);
    if (voterId === undefined) throw new Error(`voter ${id} not imported`);
    return voterId;
  });
}

/**
 * ballot.issue to each voter in turn (in person, main hall). A party member without a vote (P1) is
 * refused by the command and only attends (列席), as at the sign-in desk; any other refusal throws.
 * Returns the ids that got a ballot.
 */
export function issueTo(s: Station, voterIds: readonly number[]): number[] {
  const issued: number[] = [];
  // Each command commits on its own; at synchronous = FULL that is one fsync per ballot, minutes for
  // the 20,000-voter timing fixture. The commands and their checks are unchanged; only the disk
  // flush is skipped while the fixture issues, and the station's setting is put back afterwards.
  const before = s.db.pragma('synchronous', { simple: true }) as number;
  s.db.pragma('synchronous = OFF');
  try {
    for (const voterId of voterIds) {
      const r = s.run('ballot.issue', { voterId });
      if (r.ok) issued.push(voterId);
      else if (r.error.code !== 'P1_NO_VOTE') throw new Error(`ballot.issue refused for voter ${voterId}: ${r.error.code} ${r.error.message}`);
    }
  } finally {
    s.db.pragma(`synchronous = ${before}`);
  }
  return issued;
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
    ...(spec.profile ? { profile: spec.profile } : {}),
    ...(spec.rules ? { rulesOverrides: spec.rules } : {}),
  });
  ok(s, 'position.set', { positions: spec.positions });
  const voters = new Map<string, number[]>();
  const otherSpecs: VoterSpec[] = Array.from({ length: spec.others }, (_, i) => ({ name: `村民${i + 1}`, gender: i % 2 === 0 ? 'M' : 'F' }));
  const ids = importRoll(s, [...spec.people, ...otherSpecs], kind);
  spec.people.forEach((v, i) => voters.set(v.name, [...(voters.get(v.name) ?? []), ids[i] as number]));
  const others = ids.slice(spec.people.length);
  ok(s, 'roll.publish', { publishedOn: '2026-05-01' });
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

/**
 * voting -> ballot.issue to the first `n` people on the roll (named people first; a party member
 * without a vote is refused and only attends) -> counting, with the main box's collected count.
 */
export function vote(day: Day, participants: number, collected?: number): void {
  const { s } = day;
  const phase = ok(s, 'election.get', {}).phase;
  if (phase !== 'voting') ok(s, 'election.setPhase', { phase: 'voting', confirm: ['VOTING_BEFORE_DATE'] });
  const all = [...[...day.voters.values()].flat(), ...day.others];
  issueTo(s, all.slice(0, participants));
  ok(s, 'election.setPhase', { phase: 'counting', confirm: ['E1_TURNOUT_NOT_MET', 'P4_QUORUM_NOT_MET'] });
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

/** Records `n` ballots with the same votes (names per position, as marksOf takes them). */
export function enterBallots(day: Day, n: number, votes: Record<string, Sel[]>): void {
  for (let i = 0; i < n; i++) ok(day.s, 'count.recordBallot', { marks: marksOf(day, votes) });
}

/** A registered 监票人 of the central hall (registered once per station), for count.rule (V6). */
export function scrutineerId(s: Station): number {
  const have = ok(s, 'official.list', {}).officials.find((o) => o.role === 'scrutineer' && o.boxKey === null);
  return have?.id ?? ok(s, 'official.add', { name: '监票人甲', role: 'scrutineer' }).official.id;
}
