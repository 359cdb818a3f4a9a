/**
 * The figures a post's table prints so that they add up on paper (F3, P7, V4), from the very
 * classification `tally` makes of each ballot (V1–V3), counted directly — never as a remainder:
 *  - per post: ballots whose part counts and ballots void for the post, the choices made (a "for"
 *    mark or a write-in) and the choices left unused on counted parts (弃权), so that
 *    choices + unused = seats × counted parts and counted + void = ballots cast;
 *  - per candidate: 赞成 (for), 反对 (against, P7), 弃权 (neither, on a counted part) and the
 *    ballots void for the post, so that the four add up to the ballots cast.
 * Votes carried from a higher post under combined counting (E5) are in `tally`'s totals, not here:
 * these are the marks on the ballots of this post.
 */
import { ok, type Result } from '../result.js';
import type { ScenarioInput } from './scenario.js';
import { tallyDetailed } from './tally.js';

export interface CandidateMarks {
  name: string;
  for: number;
  against: number;
  abstain: number;
  /** Ballots void for this post (whole ballot or this post's part). */
  invalid: number;
}

export interface PositionMarks {
  id: string;
  seats: number;
  /** Ballots cast (counted in the round, void ones included). */
  cast: number;
  /** Ballots whose part for this post counts (blank ones included). */
  counted: number;
  /** Ballots void for this post: void as a whole, or this post's part void. */
  invalid: number;
  /** Of those, ballots void as a whole (V1 ballot scope, V2, V3 …). */
  wholeInvalid: number;
  /** Choices that count on this post: "for" marks and write-ins. */
  choices: number;
  /** Choices left unused on counted parts (弃权): seats minus the choices, per counted ballot. */
  unused: number;
  /** Write-ins that count (people who are not candidates of the post). */
  writeIns: number;
  candidates: CandidateMarks[];
}

export function positionMarks(input: ScenarioInput): Result<PositionMarks[]> {
  const d = tallyDetailed(input);
  if (!d.ok) return d;
  const { scenario: s, classifications } = d.value;
  const out = new Map<string, PositionMarks>();
  for (const p of s.positions) {
    const names = s.candidates.filter((c) => c.position === p.id).map((c) => c.name);
    out.set(p.id, {
      id: p.id,
      seats: p.seats,
      cast: 0,
      counted: 0,
      invalid: 0,
      wholeInvalid: 0,
      choices: 0,
      unused: 0,
      writeIns: 0,
      candidates: names.map((name) => ({ name, for: 0, against: 0, abstain: 0, invalid: 0 })),
    });
  }
  const nameOf = new Map(s.candidates.map((c) => [c.id, c.name]));
  for (const [i, cl] of classifications.entries()) {
    const ballot = s.ballots[i];
    const n = ballot?.count ?? 1;
    for (const part of cl.positions) {
      const m = out.get(part.position);
      if (!m) continue;
      m.cast += n;
      if (part.status === 'void') {
        m.invalid += n;
        if (cl.status === 'void') m.wholeInvalid += n;
        for (const c of m.candidates) c.invalid += n;
        continue;
      }
      m.counted += n;
      m.choices += n * part.selections.length;
      m.unused += n * Math.max(0, m.seats - part.selections.length);
      const against = new Set((ballot?.against?.[part.position] ?? []).map((id) => nameOf.get(id) ?? id));
      const own = new Set(m.candidates.map((c) => c.name));
      m.writeIns += n * part.selections.filter((x) => !own.has(x)).length;
      for (const c of m.candidates) {
        if (part.selections.includes(c.name)) c.for += n;
        else if (against.has(c.name)) c.against += n;
        else c.abstain += n;
      }
    }
  }
  return ok(s.positions.map((p) => out.get(p.id) as PositionMarks));
}
