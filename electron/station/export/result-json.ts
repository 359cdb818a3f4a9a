/**
 * result.json: the canonical JSON (shared/canonical-json.ts) of the election's identity, the drill
 * flag, the turnout, every confirmed round's tally and those elected with their structure data.
 * The one function here makes the bytes for both the export package and the QR code printed on
 * every form, so the paper the officials sign vouches for exactly the file the township receives.
 * No timestamps of the moment of export: the same facts always give the same bytes.
 */
import { createHash } from 'node:crypto';
import { canonicalJson } from '../../../shared/canonical-json.js';
import type { ReportData } from '../forms/report-data.js';

export const RESULT_FORMAT = 'village-election-result/1';

export interface ResultJson {
  value: unknown;
  bytes: Buffer;
  sha256: string;
}

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
      collegeOrAbove: p.college,
      partyMember: p.partyMember,
      chairAlsoPartySecretary: p.partySecretary,
    })),
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
    partySecretary: partySecretary(data),
  };
  const bytes = Buffer.from(canonicalJson(value), 'utf8');
  return { value, bytes, sha256: createHash('sha256').update(bytes).digest('hex') };
}
