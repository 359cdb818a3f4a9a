/** A round's candidates as the pages, papers and counting pad number them, and the E10 margins. */
import { candidateMargins, ageOn } from '../../shared/rules/index.js';
import type { Ctx } from './context.js';
import { compareByStrokes } from './names/index.js';
import { currentRound, electionRow, positions, roundById, rulesOf, VOTERS } from './queries.js';

interface CandidateJoin {
  review_outcome: 'passed' | 'failed' | null;
  review_ref: string | null;
  reviewer: string | null;
  review_at: string | null;
  origin_round: number | null;
  id: number;
  voter_id: number;
  name: string;
  pos_key: string;
  gender: 'M' | 'F';
  birth_date: string;
  education: string;
  party_member: number;
  party_secretary: number;
  withdrawn: number;
}

/** Candidates of a round (main: all registered candidates; runoff/supplementary: its own list), 姓氏笔画 order per position. */
export function roundCandidates(ctx: Ctx, roundId: number | undefined, includeWithdrawn = false) {
  const round = roundById(ctx.db, roundId);
  const e = electionRow(ctx.db);
  const pos = positions(ctx.db);
  const base = `SELECT c.id, c.voter_id, v.name, c.pos_key, v.gender, v.birth_date, c.education, c.party_member, c.party_secretary,
       CASE WHEN w.id IS NULL THEN 0 ELSE 1 END AS withdrawn,
       rv.outcome AS review_outcome, rv.ref AS review_ref, rv.reviewer, rv.at AS review_at,
       (SELECT r.number FROM candidate_origins o JOIN rounds r ON r.id = o.round_id WHERE o.candidate_id = c.id) AS origin_round
     FROM candidates c JOIN ${VOTERS} v ON v.id = c.voter_id LEFT JOIN candidate_withdrawals w ON w.candidate_id = c.id
     LEFT JOIN candidate_reviews rv ON rv.id = (SELECT MAX(id) FROM candidate_reviews x WHERE x.candidate_id = c.id)`;
  const rows = (
    round.kind === 'main'
      ? ctx.db.prepare(`${base} WHERE NOT EXISTS (SELECT 1 FROM candidate_origins o WHERE o.candidate_id = c.id)`).all()
      : ctx.db.prepare(`${base} JOIN round_candidates rc ON rc.candidate_id = c.id AND rc.round_id = ?`).all(round.id)
  ) as CandidateJoin[];
  const rank = new Map(pos.map((p, i) => [p.key, i]));
  const posName = new Map(pos.map((p) => [p.key, p.name]));
  const visible = rows.filter((r) => includeWithdrawn || r.withdrawn === 0);
  visible.sort((a, b) => (rank.get(a.pos_key) ?? 99) - (rank.get(b.pos_key) ?? 99) || compareByStrokes(a.name, b.name) || a.id - b.id);
  const numberIn = new Map<string, number>();
  return visible.map((r) => {
    const n = (numberIn.get(r.pos_key) ?? 0) + 1;
    numberIn.set(r.pos_key, n);
    return {
      id: r.id,
      voterId: r.voter_id,
      name: r.name,
      position: r.pos_key,
      positionName: posName.get(r.pos_key) ?? r.pos_key,
      number: n,
      gender: r.gender,
      birthDate: r.birth_date,
      age: ageOn(r.birth_date, e.election_date),
      education: r.education as 'college',
      partyMember: r.party_member === 1,
      partySecretary: r.party_secretary === 1,
      withdrawn: r.withdrawn === 1,
      review:
        r.review_outcome !== null
          ? { outcome: r.review_outcome, ref: r.review_ref ?? '', reviewer: r.reviewer ?? '', at: r.review_at ?? '' }
          : null,
      round: r.origin_round ?? 1,
    };
  });
}

/** E10: the margin of every post of the current round, from its candidates (run-offs have none). */
export function roundMargins(ctx: Ctx) {
  const e = electionRow(ctx.db);
  const round = currentRound(ctx.db);
  const cands = roundCandidates(ctx, round.id);
  const counts: Record<string, number> = {};
  for (const c of cands) counts[c.position] = (counts[c.position] ?? 0) + 1;
  const posOfRound =
    round.kind === 'main'
      ? positions(ctx.db).map((p) => ({ id: p.key, name: p.name, seats: p.seats }))
      : (ctx.db.prepare('SELECT rs.pos_key AS id, rs.seats FROM round_seats rs WHERE rs.round_id = ?').all(round.id) as { id: string; seats: number }[]).map((r) => ({
          ...r,
          name: positions(ctx.db).find((p) => p.key === r.id)?.name ?? r.id,
        }));
  return candidateMargins(e.kind, round.kind, posOfRound, counts, rulesOf(ctx.db));
}
