/**
 * result.json: the canonical JSON (shared/canonical-json.ts) of the election's identity, the drill
 * flag, the turnout, every confirmed round's tally and those elected with their structure data.
 * The one function here makes the bytes for both the export package and the QR code printed on
 * the confirmed result report, so the paper the officials sign vouches for exactly the file the
 * township receives. No timestamps of the moment of export: the same facts always give the same bytes.
 *
 * Format 2 (issue 13): each winner's full facts from the round that elected them (gender, age,
 * education, Party membership), the positions' ranks, and a Party branch's secretary, so the
 * township can match 一肩挑 across a village's two packages. `ResultFileSchema` is what the township
 * accepts.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { canonicalJson } from '../../../shared/canonical-json.js';
import { TallyResultSchema } from '../../../shared/rules/scenario.js';
import { ElectionSchema } from '../../../shared/contract/election.js';
import type { ReportData } from '../forms/report-data.js';
import type { Station } from '../context.js';
import { collectReportData } from '../forms/report-data.js';

export const RESULT_FORMAT = 'village-election-result/2';

export interface ResultJson {
  value: unknown;
  bytes: Buffer;
  sha256: string;
}

const Person = z.object({ name: z.string(), gender: z.enum(['M', 'F']).nullable(), age: z.number().int().nullable() });

/** What the township reads from a package's result.json (after the package verified). */
export const ResultFileSchema = z.object({
  format: z.literal(RESULT_FORMAT),
  election: ElectionSchema.pick({ id: true, kind: true, title: true, village: true, township: true, county: true, electionDate: true, profile: true }),
  drill: z.boolean(),
  positions: z.array(z.object({ key: z.string(), name: z.string(), rank: z.number().int(), seats: z.number().int().min(0) })),
  turnout: z.object({ registered: z.number().int().min(0), excluded: z.number().int().min(0), participants: z.number().int().min(0) }).passthrough().nullable(),
  rounds: z.array(
    z.object({
      number: z.number().int(),
      kind: z.enum(['main', 'runoff', 'supplementary']),
      confirmedAt: z.string().nullable(),
      tally: TallyResultSchema,
    }).passthrough(),
  ),
  elected: z.array(
    Person.extend({
      position: z.string(),
      positionName: z.string(),
      round: z.number().int(),
      votes: z.number().int(),
      education: z.string().nullable(),
      educationLabel: z.string(),
      collegeOrAbove: z.boolean(),
      partyMember: z.boolean().nullable(),
    }).passthrough(),
  ),
  /** Party branch: the secretary, when the package knows them; null otherwise (and for other kinds). */
  secretary: Person.nullable(),
  /** P9 seat reductions and E6 decisions to leave seats empty, in words (seats above are after P9). */
  decisions: z.array(z.string()),
  party: z.object({ membersWithVote: z.number().int(), excluded: z.number().int(), base: z.number().int(), present: z.number().int(), quorumReached: z.boolean() }).passthrough().nullable(),
});
export type ResultFile = z.infer<typeof ResultFileSchema>;

/**
 * P10 (issue 14): the 书记 the new Party committee elected, with the 副书记, for the township to
 * match 一肩挑 with the villagers' committee chair of the same village (name, gender and age, as
 * `elected` carries them). No hash of the ID number: an 18-digit number is found again from any
 * hash of it by trying birth dates and sequence numbers, so it would carry the number itself.
 */
function partySecretary(data: ReportData) {
  const s = data.secretary;
  const first = s?.elected.secretary[0];
  if (!s || !first) return null;
  const person = (p: { voterId: number; name: string }) => {
    const m = s.members.find((x) => x.voterId === p.voterId);
    return { name: p.name, gender: m?.gender ?? null, age: m?.age ?? null };
  };
  return {
    ...person(first),
    deputies: s.elected.deputy.map(person),
    approved: s.approval !== null,
    approvalRef: s.approval?.ref ?? null,
    approvedOn: s.approval?.approvedOn ?? null,
  };
}

export function buildResultJson(data: ReportData): ResultJson {
  const e = data.election;
  const rounds = data.rounds.filter((r) => r.confirmed);
  const main = rounds.find((r) => r.kind === 'main') ?? rounds[0];
  // The secretary the new committee elected (P10); before that plenary, the member registered as the
  // branch's secretary candidate (书记人选), so the township can still match 一肩挑.
  const p10 = partySecretary(data);
  const flagged = e.kind === 'party_branch' ? data.elected.find((p) => p.branchSecretary) : undefined;
  const secretary = p10 ?? (flagged ? { name: flagged.name, gender: flagged.gender, age: flagged.age } : null);
  const value = {
    format: RESULT_FORMAT,
    election: {
      id: e.id,
      kind: e.kind,
      title: e.title,
      village: e.village,
      township: e.township,
      county: e.county,
      electionDate: e.electionDate,
      profile: e.profile,
    },
    drill: e.drill,
    positions: data.positions.map((p) => ({ key: p.key, name: p.name, rank: p.rank, seats: p.seats })),
    turnout: main
      ? {
          registered: main.registered,
          excluded: main.excluded,
          participants: main.participants,
          inPerson: main.inPerson,
          proxy: main.proxy,
          mobile: main.mobile,
          issued: main.issued,
        }
      : null,
    rounds: rounds.map((r) => ({
      number: r.number,
      kind: r.kind,
      confirmedAt: r.confirmedAt,
      registered: r.registered,
      excluded: r.excluded,
      participants: r.participants,
      inPerson: r.inPerson,
      proxy: r.proxy,
      mobile: r.mobile,
      printed: r.printed,
      spoiled: r.spoiled,
      issued: r.issued,
      collected: r.collected,
      tally: r.tally,
    })),
    elected: data.elected.map((p) => ({
      name: p.name,
      position: p.position,
      positionName: p.positionName,
      round: p.roundNumber,
      votes: p.votes,
      gender: p.gender,
      age: p.age,
      education: p.education,
      educationLabel: p.educationLabel,
      collegeOrAbove: p.college,
      partyMember: p.partyMember,
      chairAlsoPartySecretary: p.partySecretary,
    })),
    secretary: secretary ? { name: secretary.name, gender: secretary.gender, age: secretary.age } : null,
    /** P9 seat reductions and E6 decisions to leave seats empty, in words. */
    decisions: data.decisions,
    party: data.party
      ? {
          membersWithVote: data.party.membersWithVote,
          excluded: data.party.exclusions.length,
          base: data.party.base,
          present: data.party.present,
          quorumReached: data.party.quorumReached,
          awaitingApproval: !data.secretary?.approval,
          approval: data.secretary?.approval ? { ref: data.secretary.approval.ref, approvedOn: data.secretary.approval.approvedOn } : null,
        }
      : null,
    partySecretary: p10,
  };
  const bytes = Buffer.from(canonicalJson(value), 'utf8');
  return { value, bytes, sha256: createHash('sha256').update(bytes).digest('hex') };
}

/** The report data of confirmed rounds only: what the export carries and the result QR vouches for. */
export function confirmedData(station: Station): ReportData {
  const data = collectReportData(station, { confirmedOnly: true });
  return { ...data, rounds: data.rounds.filter((r) => r.confirmed) };
}

/** result.json of the election as it would be exported now (the forms' QR and the export use this one function). */
export function currentResultJson(station: Station): ResultJson {
  return buildResultJson(confirmedData(station));
}
