/**
 * Everything a form prints, gathered through the station's own read commands (election.get,
 * round.result, count.summary, candidate.list, turnout.get, roll.list, proxy.list, official.list,
 * party.summary). Forms only lay this out; no form counts anything itself — every number comes from
 * the commands, which take it from the rules engine (shared/rules).
 * Every read goes through `station.run`, typed by the contract: the forms see exactly what the screens
 * see, with the same labels (shared/model.ts), and keep no copy of a command's output shape.
 */
import type { CommandInput, CommandName, CommandOutput } from '../../../shared/contract.js';
import { COLLEGE_OR_ABOVE, EDUCATION_LABELS, ROUND_KIND_LABELS, type ElectionKind } from '../../../shared/model.js';
import { bodyName } from '../../../shared/papers.js';
import type { TallyResult } from '../../../shared/rules/index.js';
import { positionMarks, type PositionMarks } from '../../../shared/rules/marks.js';
import { dbHead } from '../audit.js';
import type { Station } from '../context.js';
import { paperSettings, type PaperSettings } from '../paper-settings.js';
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

/** A read command's answer, typed by the contract; a refusal becomes a ReportDataError with its message. */
function need<C extends CommandName>(station: Station, command: C, input: CommandInput<C>): CommandOutput<C> {
  const r = station.run(command, input);
  if (!r.ok) throw new ReportDataError(r.error.code, r.error.message);
  return r.value;
}

export class ReportDataError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

function turnoutByWay(station: Station, roundId: number): { inPerson: number; proxy: number; mobile: number } {
  const t = need(station, 'turnout.get', { roundId });
  return { inPerson: t.byWay.in_person, proxy: t.byWay.proxy, mobile: t.byWay.mobile };
}

function votersOf(station: Station): VoterEntry[] {
  const first = need(station, 'roll.list', { limit: 1000, offset: 0 });
  const all = [...first.voters];
  while (all.length < first.total) {
    const next = need(station, 'roll.list', { limit: 1000, offset: all.length });
    if (next.voters.length === 0) break;
    all.push(...next.voters);
  }
  return all
    .filter((v) => !v.removed)
    .map((v) => ({ id: v.id, name: v.name, gender: v.gender, age: v.age, group: v.group, categoryLabel: v.categoryLabel, partyStatus: v.partyStatus, hasVote: v.hasVote }));
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
  return need(station, 'proxy.list', {})
    .proxies.filter((x) => x.status === 'approved')
    .map((x) => ({
      principalName: x.principalName,
      trusteeName: x.trusteeName,
      relationLabel: x.relationLabel,
      writtenRef: x.writtenRef,
      approvalRef: x.approvalRef ?? '',
      group: groupOf.get(x.principalId) ?? '',
    }));
}

function partyOf(station: Station, roundId: number, kind: ElectionKind): PartyReport | null {
  if (kind !== 'party_branch') return null;
  const p = need(station, 'party.summary', { roundId });
  return {
    membersWithVote: p.withVote,
    exclusions: p.excluded.map((x) => ({ name: x.name, reason: x.reason, higherOrgRef: x.higherOrgRef, assemblyRef: x.assemblyRef })),
    base: p.base,
    present: p.present,
    quorumReached: p.quorumReached,
    needed: p.needed,
    strict: p.strict,
  };
}

export interface CollectOptions {
  /** Only confirmed rounds (the export); default false: every round with ballots or a result. */
  confirmedOnly?: boolean;
}

export function collectReportData(station: Station, opts: CollectOptions = {}): ReportData {
  const e = need(station, 'election.get', {});
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
  const positions = need(station, 'position.list', {}).positions.map((p) => ({ key: p.key, name: p.name, rank: p.rank, seats: p.seats }));
  const rankOf = new Map(positions.map((p) => [p.key, p.rank]));
  const posName = new Map(positions.map((p) => [p.key, p.name]));
  const roundList = need(station, 'round.list', {}).rounds;
  const rounds: RoundReport[] = [];
  for (const r of roundList) {
    if (opts.confirmedOnly && r.result === null) continue;
    const res = need(station, 'round.result', { roundId: r.id });
    if (!res.confirmed && res.tally.ballots.cast === 0) continue;
    const summary = need(station, 'count.summary', { roundId: r.id });
    const way = turnoutByWay(station, r.id);
    const candNames = new Map(r.candidates.map((c) => [`${c.position}/${c.name}`, c]));
    rounds.push({
      id: r.id,
      number: r.number,
      kind: r.kind,
      kindLabel: ROUND_KIND_LABELS[r.kind],
      confirmed: res.confirmed,
      confirmedAt: r.confirmedAt,
      registered: res.registered,
      excluded: res.excluded,
      participants: res.participants,
      ...way,
      printed: summary.printed,
      spoiled: summary.spoiled,
      issued: res.issued,
      collected: summary.collectedTotal,
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
      unused: summary.printed !== null ? summary.printed - res.issued - (summary.spoiled ?? 0) : null,
      warnings: res.warnings.map((w) => ({ rule: w.rule, message: w.message })),
      relatives: (res.relatives ?? []).map((x) => x.message),
      planMessage: res.plan.message,
    });
  }

  // Each winner's facts come from the candidate list of the round that elected them: candidate.list
  // without a round answers the current round only, so after a 另行选举 the first round's winners
  // would lose their education and Party membership.
  type Cand = CommandOutput<'candidate.list'>['candidates'][number];
  const candsByRound = new Map<number, Cand[]>();
  for (const r of rounds) candsByRound.set(r.id, need(station, 'candidate.list', { roundId: r.id, includeWithdrawn: true }).candidates);
  const cands = need(station, 'candidate.list', { includeWithdrawn: true }).candidates;
  const everyCand = [...[...candsByRound.values()].flat(), ...cands];
  const voters = votersOf(station);
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

  const officials = need(station, 'official.list', {}).officials.map((o) => ({ name: o.name, role: o.role }));
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
    party: partyOf(station, mainRound?.id ?? roundList[0]?.id ?? 1, election.kind),
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
