/**
 * Everything a form prints, gathered through the station's own read commands (election.get,
 * round.result, count.summary, candidate.list, turnout.get, roll.list, proxy.list, official.list,
 * party.summary). Forms only lay this out; no form counts anything itself — every number comes from
 * the commands, which take it from the rules engine (shared/rules).
 *
 * A command another area has not wired yet answers UNKNOWN_COMMAND; for those the same facts are
 * read straight from the append-only tables (plain reads, no arithmetic on results).
 */
import { PROXY_RELATION_LABELS } from '../../../shared/model.js';
import { z } from 'zod';
import { COLLEGE_OR_ABOVE, EDUCATION_LABELS, type ElectionKind } from '../../../shared/model.js';
import { bodyName } from '../../../shared/papers.js';
import { partyBase, partyQuorum, TallyResultSchema, type TallyResult } from '../../../shared/rules/index.js';
import { positionMarks, type PositionMarks } from '../../../shared/rules/marks.js';
import { dbHead } from '../audit.js';
import type { Station } from '../index.js';
import { paperSettings, type PaperSettings } from '../paper-settings.js';
import { VOTERS } from '../queries.js';
import { scenarioForRound } from '../scenario-from-db.js';
import { secretaryState, type SecretaryState } from '../secretary.js';

export interface ElectionIdentity {
  id: string;
  kind: ElectionKind;
  title: string;
  village: string;
  township: string;
  county: string;
  electionDate: string;
  drill: boolean;
  profile: string;
}

export interface CandidateVotes {
  name: string;
  votes: number;
  /** An official candidate of the round (false: 另选他人 / carried votes). */
  candidate: boolean;
  elected: boolean;
  tied: boolean;
}

export interface RoundPositionReport {
  key: string;
  name: string;
  seats: number;
  invalid: number;
  votes: CandidateVotes[];
  unfilled: number;
}

export interface RoundReport {
  id: number;
  number: number;
  kind: 'main' | 'runoff' | 'supplementary';
  kindLabel: string;
  confirmed: boolean;
  confirmedAt: string | null;
  registered: number;
  excluded: number;
  participants: number;
  inPerson: number;
  proxy: number;
  mobile: number;
  printed: number | null;
  spoiled: number | null;
  issued: number;
  collected: number | null;
  tally: TallyResult;
  positions: RoundPositionReport[];
  /** Per post: the marks that add up on paper (弃权, 反对, void parts), from the same classification as the tally. */
  marks: PositionMarks[];
  /** Unused ballots (B3): printed − issued − spoiled-and-replaced; null until printed is known. */
  unused: number | null;
  warnings: { rule: string; message: string }[];
  /** E8: who yielded a seat to a close relative in this round, and what became of the seat. */
  relatives: string[];
  planMessage: string;
}

export interface ElectedPerson {
  name: string;
  position: string;
  positionName: string;
  rank: number;
  roundNumber: number;
  votes: number;
  gender: 'M' | 'F' | null;
  age: number | null;
  education: string | null;
  educationLabel: string;
  college: boolean;
  partyMember: boolean | null;
  partySecretary: boolean;
  /** Party branch: the member registered as the branch's secretary (书记人选); result.json names them as the secretary. */
  branchSecretary: boolean;
  /** Party elections: 书记 / 副书记 as the committee's first plenary elected them (P10). */
  officer: '书记' | '副书记' | null;
}

export interface VoterEntry {
  id: number;
  name: string;
  gender: 'M' | 'F';
  age: number;
  group: string;
  categoryLabel: string;
  partyStatus: string | null;
  hasVote: boolean;
}

export interface ProxyEntry {
  principalName: string;
  trusteeName: string;
  relationLabel: string;
  writtenRef: string;
  approvalRef: string;
  group: string;
}

export interface PartyReport {
  membersWithVote: number;
  exclusions: { name: string; reason: string; higherOrgRef: string; assemblyRef: string }[];
  base: number;
  present: number;
  quorumReached: boolean;
  needed: number;
  strict: boolean;
}

/** B5: a mobile box's published list, its scrutineers and approval. */
export interface MobileBoxEntry {
  key: string;
  name: string;
  approvalRef: string;
  publishedOn: string | null;
  scrutineers: string[];
  voters: { name: string; group: string; published: boolean }[];
}

export interface ReportData {
  election: ElectionIdentity;
  /** P9 seat reductions and E6 decisions to leave seats empty, in words. */
  decisions: string[];
  mobileBoxes: MobileBoxEntry[];
  positions: { key: string; name: string; rank: number; seats: number }[];
  rounds: RoundReport[];
  elected: ElectedPerson[];
  officials: { name: string; role: string }[];
  voters: VoterEntry[];
  proxies: ProxyEntry[];
  party: PartyReport | null;
  /** 届次, 选字第×号, the Party organisation type and name. */
  settings: PaperSettings;
  /** The body elected as papers name it: 青山村第十二届村民委员会, 中共青山村支部委员会. */
  body: string;
  /** The date the voter list was published (roll.publish), for the list's 公布日期. */
  publishedOn: string | null;
  /** The date the proxy list was published (proxy.publish). */
  proxyPublishedOn: string | null;
  /** The effective rule parameters (profile + overrides), for the wording of papers. */
  rules: Record<string, unknown>;
  /** The audit head when the data was read: the event number and hash the paper fixes. */
  auditHead: { seq: number; hash: string } | null;
  /** P10 (party elections): the plenary's votes for 书记 / 副书记 and the higher organisation's approval. */
  secretary: SecretaryState | null;
}

const KIND_LABEL: Record<string, string> = { main: '正式选举', runoff: '再次投票', supplementary: '另行选举' };
const CATEGORY: Record<string, string> = {
  resident: '户籍在本村且居住',
  registered_absent: '户籍在本村不居住',
  nonresident_approved: '户籍不在本村、经同意参加',
  party_member: '党员',
};

/** Calls a read command; undefined when the command is not wired yet; throws on any other refusal. */
function read<T extends z.ZodType>(station: Station, command: string, input: unknown, schema: T): z.output<T> | undefined {
  const r = station.call(command, input);
  if (!r.ok) {
    if (r.error.code === 'UNKNOWN_COMMAND') return undefined;
    throw new ReportDataError(r.error.code, r.error.message);
  }
  return schema.parse(r.value);
}

export class ReportDataError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const ElectionShape = z.object({
  id: z.string(),
  kind: z.enum(['villagers_committee', 'party_branch', 'residents_committee']),
  title: z.string(),
  village: z.string(),
  township: z.string(),
  county: z.string(),
  electionDate: z.string(),
  drill: z.boolean(),
  profile: z.string(),
  rules: z.record(z.string(), z.unknown()),
});
const PositionsShape = z.object({ positions: z.array(z.object({ key: z.string(), name: z.string(), rank: z.number(), seats: z.number() })) });
const RoundsShape = z.object({
  rounds: z.array(
    z.object({
      id: z.number(),
      number: z.number(),
      kind: z.enum(['main', 'runoff', 'supplementary']),
      candidates: z.array(z.object({ id: z.number(), voterId: z.number(), name: z.string(), position: z.string() })),
      result: TallyResultSchema.nullable(),
      confirmedAt: z.string().nullable(),
      positions: z.array(z.object({ key: z.string(), name: z.string(), seats: z.number() })),
    }),
  ),
});
const RoundResultShape = z.object({
  confirmed: z.boolean(),
  registered: z.number(),
  excluded: z.number(),
  participants: z.number(),
  issued: z.number(),
  tally: TallyResultSchema,
  warnings: z.array(z.object({ rule: z.string(), message: z.string() })),
  relatives: z.array(z.object({ message: z.string() })).optional(),
  plan: z.object({ message: z.string() }),
});
const CountSummaryShape = z.object({ collectedTotal: z.number().nullable(), printed: z.number().nullable(), spoiled: z.number().nullable() });
const TurnoutShape = z.object({ byWay: z.object({ in_person: z.number(), proxy: z.number(), mobile: z.number() }) });
const CandidatesShape = z.object({
  candidates: z.array(
    z.object({
      id: z.number(),
      voterId: z.number(),
      name: z.string(),
      position: z.string(),
      gender: z.enum(['M', 'F']),
      age: z.number(),
      education: z.string(),
      partyMember: z.boolean(),
      partySecretary: z.boolean(),
    }),
  ),
});
const OfficialsShape = z.object({ officials: z.array(z.object({ name: z.string(), role: z.string() })) });
const RollShape = z.object({
  voters: z.array(
    z.object({
      id: z.number(),
      name: z.string(),
      gender: z.enum(['M', 'F']),
      age: z.number(),
      group: z.string(),
      categoryLabel: z.string(),
      partyStatus: z.string().nullable(),
      hasVote: z.boolean(),
      removed: z.boolean(),
    }),
  ),
  total: z.number(),
});
const ProxyShape = z.object({
  proxies: z.array(
    z.object({
      principalId: z.number(),
      principalName: z.string(),
      trusteeName: z.string(),
      relationLabel: z.string(),
      writtenRef: z.string(),
      status: z.string(),
      approvalRef: z.string().nullable(),
    }),
  ),
});
const PartyShape = z.object({
  withVote: z.number(),
  excluded: z.array(z.object({ name: z.string(), reason: z.string(), higherOrgRef: z.string(), assemblyRef: z.string() })),
  base: z.number(),
  present: z.number(),
  quorumReached: z.boolean(),
  needed: z.number(),
  strict: z.boolean(),
});

/** Age in whole years on a date (both YYYY-MM-DD). */
function ageOn(birth: string, on: string): number {
  const [by, bm, bd] = birth.split('-').map(Number);
  const [y, m, d] = on.split('-').map(Number);
  if (by === undefined || bm === undefined || bd === undefined || y === undefined || m === undefined || d === undefined) return 0;
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

function turnoutByWay(station: Station, roundId: number): { inPerson: number; proxy: number; mobile: number } {
  const t = read(station, 'turnout.get', { roundId }, TurnoutShape);
  if (t) return { inPerson: t.byWay.in_person, proxy: t.byWay.proxy, mobile: t.byWay.mobile };
  const rows = station.db.prepare('SELECT way, COUNT(DISTINCT voter_id) AS n FROM issues WHERE round_id = ? GROUP BY way').all(roundId) as { way: string; n: number }[];
  const n = (w: string): number => rows.find((r) => r.way === w)?.n ?? 0;
  return { inPerson: n('in_person'), proxy: n('proxy'), mobile: n('mobile') };
}

function votersOf(station: Station, election: ElectionIdentity): VoterEntry[] {
  const first = read(station, 'roll.list', { limit: 1000, offset: 0 }, RollShape);
  if (first) {
    const all = [...first.voters];
    while (all.length < first.total) {
      const next = read(station, 'roll.list', { limit: 1000, offset: all.length }, RollShape);
      if (!next || next.voters.length === 0) break;
      all.push(...next.voters);
    }
    return all.filter((v) => !v.removed).map((v) => ({ ...v }));
  }
  const rows = station.db
    .prepare(
      `SELECT v.id, v.name, v.gender, v.birth_date, v.group_name, v.category, v.party_status FROM ${VOTERS} v
       WHERE NOT EXISTS (SELECT 1 FROM voter_removals r WHERE r.voter_id = v.id) ORDER BY v.id`,
    )
    .all() as { id: number; name: string; gender: 'M' | 'F'; birth_date: string; group_name: string; category: string; party_status: string | null }[];
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    gender: r.gender,
    age: ageOn(r.birth_date, election.electionDate),
    group: r.group_name,
    categoryLabel: CATEGORY[r.category] ?? r.category,
    partyStatus: r.party_status,
    hasVote: election.kind !== 'party_branch' || r.party_status === 'full',
  }));
}

/** B5: every mobile box with its list (through box.list and box.voters, typed by the contract). */
function mobileBoxesOf(station: Station): MobileBoxEntry[] {
  const boxes = station.run('box.list', {});
  if (!boxes.ok) throw new ReportDataError(boxes.error.code, boxes.error.message);
  const out: MobileBoxEntry[] = [];
  for (const b of boxes.value.boxes) {
    if (b.kind !== 'mobile') continue;
    const v = station.run('box.voters', { key: b.key });
    if (!v.ok) throw new ReportDataError(v.error.code, v.error.message);
    out.push({
      key: b.key,
      name: b.name,
      approvalRef: b.approvalRef,
      publishedOn: b.publishedOn,
      scrutineers: v.value.scrutineers,
      voters: v.value.voters.map((x) => ({ name: x.name, group: x.group, published: x.published })),
    });
  }
  return out;
}

function proxiesOf(station: Station, voters: readonly VoterEntry[]): ProxyEntry[] {
  const groupOf = new Map(voters.map((v) => [v.id, v.group]));
  const p = read(station, 'proxy.list', {}, ProxyShape);
  if (p) {
    return p.proxies
      .filter((x) => x.status === 'approved')
      .map((x) => ({
        principalName: x.principalName,
        trusteeName: x.trusteeName,
        relationLabel: x.relationLabel,
        writtenRef: x.writtenRef,
        approvalRef: x.approvalRef ?? '',
        group: groupOf.get(x.principalId) ?? '',
      }));
  }
  const rows = station.db
    .prepare(
      `SELECT p.principal_id, pv.name AS principal, tv.name AS trustee, p.relation, p.written_ref, a.ref AS approval
       FROM proxies p JOIN ${VOTERS} pv ON pv.id = p.principal_id JOIN ${VOTERS} tv ON tv.id = p.trustee_id
       JOIN proxy_approvals a ON a.proxy_id = p.id
       WHERE NOT EXISTS (SELECT 1 FROM proxy_revocations r WHERE r.proxy_id = p.id) ORDER BY p.id`,
    )
    .all() as { principal_id: number; principal: string; trustee: string; relation: string; written_ref: string; approval: string }[];
  return rows.map((r) => ({
    principalName: r.principal,
    trusteeName: r.trustee,
    relationLabel: PROXY_RELATION_LABELS[r.relation as keyof typeof PROXY_RELATION_LABELS] ?? r.relation,
    writtenRef: r.written_ref,
    approvalRef: r.approval,
    group: groupOf.get(r.principal_id) ?? '',
  }));
}

function partyOf(station: Station, roundId: number, kind: ElectionKind, main: RoundReport | undefined, rules: Record<string, unknown>): PartyReport | null {
  if (kind !== 'party_branch') return null;
  const p = read(station, 'party.summary', { roundId }, PartyShape);
  if (p) {
    return { membersWithVote: p.withVote, exclusions: p.excluded, base: p.base, present: p.present, quorumReached: p.quorumReached, needed: p.needed, strict: p.strict };
  }
  const exclusions = station.db
    .prepare(
      `SELECT v.name, e.reason, e.higher_org_ref, e.assembly_ref FROM party_exclusions e JOIN ${VOTERS} v ON v.id = e.voter_id
       WHERE NOT EXISTS (SELECT 1 FROM party_exclusion_revocations x WHERE x.exclusion_id = e.id) ORDER BY e.id`,
    )
    .all() as { name: string; reason: string; higher_org_ref: string; assembly_ref: string }[];
  const registered = main?.registered ?? 0;
  const excluded = main?.excluded ?? exclusions.length;
  const base = partyBase(registered, excluded);
  const present = main?.participants ?? 0;
  const strict = rules.partyQuorumStrict === true;
  const q = partyQuorum(present, base, strict);
  // The verdict that counts is the engine's: a round below P4 is invalid with QUORUM_NOT_MET.
  const quorumReached = main ? !main.tally.reasons.includes('QUORUM_NOT_MET') : q.met;
  const needed = q.required;
  return {
    membersWithVote: registered,
    exclusions: exclusions.map((e) => ({ name: e.name, reason: e.reason, higherOrgRef: e.higher_org_ref, assemblyRef: e.assembly_ref })),
    base,
    present,
    quorumReached,
    needed,
    strict,
  };
}

export interface CollectOptions {
  /** Only confirmed rounds (the export); default false: every round with ballots or a result. */
  confirmedOnly?: boolean;
}

export function collectReportData(station: Station, opts: CollectOptions = {}): ReportData {
  const e = read(station, 'election.get', {}, ElectionShape);
  if (!e) throw new ReportDataError('NO_ELECTION', '本数据目录还没有选举。');
  const election: ElectionIdentity = {
    id: e.id,
    kind: e.kind,
    title: e.title,
    village: e.village,
    township: e.township,
    county: e.county,
    electionDate: e.electionDate,
    drill: e.drill,
    profile: e.profile,
  };
  const positions = (read(station, 'position.list', {}, PositionsShape)?.positions ?? []).map((p) => ({ ...p }));
  const rankOf = new Map(positions.map((p) => [p.key, p.rank]));
  const posName = new Map(positions.map((p) => [p.key, p.name]));
  const roundList = read(station, 'round.list', {}, RoundsShape)?.rounds ?? [];
  const rounds: RoundReport[] = [];
  for (const r of roundList) {
    if (opts.confirmedOnly && r.result === null) continue;
    const res = read(station, 'round.result', { roundId: r.id }, RoundResultShape);
    if (!res) continue;
    if (!res.confirmed && res.tally.ballots.cast === 0) continue;
    const summary = read(station, 'count.summary', { roundId: r.id }, CountSummaryShape);
    const way = turnoutByWay(station, r.id);
    const candNames = new Map(r.candidates.map((c) => [`${c.position}/${c.name}`, c]));
    rounds.push({
      id: r.id,
      number: r.number,
      kind: r.kind,
      kindLabel: KIND_LABEL[r.kind] ?? r.kind,
      confirmed: res.confirmed,
      confirmedAt: r.confirmedAt,
      registered: res.registered,
      excluded: res.excluded,
      participants: res.participants,
      ...way,
      printed: summary?.printed ?? null,
      spoiled: summary?.spoiled ?? null,
      issued: res.issued,
      collected: summary?.collectedTotal ?? null,
      tally: res.tally,
      positions: res.tally.positions.map((p) => ({
        key: p.id,
        name: posName.get(p.id) ?? r.positions.find((x) => x.key === p.id)?.name ?? p.id,
        seats: p.seats,
        invalid: p.invalid,
        unfilled: p.unfilled,
        votes: Object.entries(p.votes).map(([name, votes]) => ({
          name,
          votes,
          candidate: candNames.has(`${p.id}/${name}`),
          elected: p.elected.includes(name),
          tied: p.tied.includes(name),
        })),
      })),
      marks: marksOf(station, r.id),
      unused: summary?.printed != null ? summary.printed - res.issued - (summary.spoiled ?? 0) : null,
      warnings: res.warnings.map((w) => ({ rule: w.rule, message: w.message })),
      relatives: (res.relatives ?? []).map((x) => x.message),
      planMessage: res.plan.message,
    });
  }

  // Each winner's facts come from the candidate list of the round that elected them: candidate.list
  // without a round answers the current round only, so after a 另行选举 the first round's winners
  // would lose their education and Party membership.
  type Cand = z.infer<typeof CandidatesShape>['candidates'][number];
  const candsByRound = new Map<number, Cand[]>();
  for (const r of rounds) candsByRound.set(r.id, read(station, 'candidate.list', { roundId: r.id, includeWithdrawn: true }, CandidatesShape)?.candidates ?? []);
  const cands = read(station, 'candidate.list', { includeWithdrawn: true }, CandidatesShape)?.candidates ?? [];
  const everyCand = [...[...candsByRound.values()].flat(), ...cands];
  const voters = votersOf(station, election);
  const chairKey = election.kind === 'party_branch' ? undefined : [...positions].sort((a, b) => a.rank - b.rank)[0]?.key;
  const elected: ElectedPerson[] = [];
  for (const r of rounds) {
    if (!r.confirmed || !r.tally.valid) continue;
    for (const p of r.tally.positions) {
      for (const name of p.elected) {
        const c =
          candsByRound.get(r.id)?.find((x) => x.position === p.id && x.name === name) ??
          everyCand.find((x) => x.position === p.id && x.name === name) ??
          everyCand.find((x) => x.name === name);
        const v = c ? undefined : voters.filter((x) => x.name === name);
        const voter = v && v.length === 1 ? v[0] : undefined;
        const education = c?.education ?? null;
        elected.push({
          name,
          position: p.id,
          positionName: posName.get(p.id) ?? p.id,
          rank: rankOf.get(p.id) ?? 99,
          roundNumber: r.number,
          votes: p.votes[name] ?? 0,
          gender: c?.gender ?? voter?.gender ?? null,
          age: c?.age ?? voter?.age ?? null,
          education,
          educationLabel: education ? (EDUCATION_LABELS[education as keyof typeof EDUCATION_LABELS] ?? education) : '未登记',
          college: education !== null && COLLEGE_OR_ABOVE.has(education),
          partyMember: c ? c.partyMember : election.kind === 'party_branch' ? true : null,
          partySecretary: c !== undefined && c.partySecretary && p.id === chairKey,
          branchSecretary: election.kind === 'party_branch' && c !== undefined && c.partySecretary,
          officer: null,
        });
      }
    }
  }
  elected.sort((a, b) => a.rank - b.rank || a.roundNumber - b.roundNumber || b.votes - a.votes);

  const officials = read(station, 'official.list', {}, OfficialsShape)?.officials ?? [];
  const mainRound = rounds.find((r) => r.kind === 'main');
  const last = roundList[roundList.length - 1];
  const lastResult = last ? station.run('round.result', { roundId: last.id }) : undefined;
  if (lastResult && !lastResult.ok) throw new ReportDataError(lastResult.error.code, lastResult.error.message);
  const decisions = lastResult ? lastResult.value.decisions.map((d) => d.text) : [];
  // P9: a post whose seats the Party assembly reduced has the reduced number of seats from then on
  for (const st of lastResult?.value.plan.status ?? []) {
    const p = positions.find((x) => x.key === st.position);
    if (p) p.seats = st.seats;
  }
  const settings = paperSettings(station.db);
  const secretary = election.kind === 'party_branch' ? secretaryState(station.db) : null;
  if (secretary) {
    for (const p of elected) {
      if (secretary.elected.secretary.some((x) => x.name === p.name)) p.officer = '书记';
      else if (secretary.elected.deputy.some((x) => x.name === p.name)) p.officer = '副书记';
    }
  }
  const published = station.db.prepare('SELECT published_on FROM roll_publications ORDER BY id DESC LIMIT 1').get() as { published_on: string } | undefined;
  const proxyPublished = station.db.prepare('SELECT published_on FROM proxy_publications ORDER BY id DESC LIMIT 1').get() as { published_on: string } | undefined;
  const head = dbHead(station.db);
  return {
    election,
    decisions,
    mobileBoxes: election.kind === 'party_branch' ? [] : mobileBoxesOf(station),
    positions,
    rounds,
    elected,
    officials,
    voters,
    proxies: election.kind === 'party_branch' ? [] : proxiesOf(station, voters),
    party: partyOf(station, mainRound?.id ?? roundList[0]?.id ?? 1, election.kind, mainRound, e.rules),
    settings,
    body: bodyName(election.kind, election.village, settings),
    publishedOn: published?.published_on ?? null,
    proxyPublishedOn: proxyPublished?.published_on ?? null,
    rules: e.rules,
    auditHead: head ? { seq: head.seq, hash: head.hash } : null,
    secretary,
  };
}

/** Per post marks of a round from its stored ballots, through the rules engine's classification. */
function marksOf(station: Station, roundId: number): PositionMarks[] {
  const r = positionMarks(scenarioForRound(station.db, roundId));
  if (!r.ok) throw new ReportDataError(r.error.code, r.error.message);
  return r.value;
}
