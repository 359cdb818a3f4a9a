/**
 * A ballot's marks as the station stores them (issue 11). Since migration 10 a ballot's marks are one
 * row of `ballot_mark_lists` (its id is the ballot's id); ballots recorded before keep their rows in
 * `ballot_marks`, one per mark, unchanged (append-only, hashed in the audit chain). Every reader goes
 * through this module, so both layouts read the same and nothing else knows there are two.
 */
import type { Db } from './db/open.js';
import { cached } from './db/statements.js';

export type MarkKind = 'for' | 'against' | 'write_in';

/** One mark as the command prepares it (entry order is the array order). */
export interface MarkRow {
  pos_key: string;
  mark: MarkKind;
  candidate_id: number | null;
  write_in_name: string | null;
  write_in_voter_id: number | null;
}

/** One mark in a stored list: what is on the paper, without the roll match of a write-in. */
export type MarkTuple = [pos: string, mark: MarkKind, candidateId: number | null, writeIn: string | null];

/**
 * The ballot_mark_lists row of a ballot. `marks` is JSON.stringify of the tuples, which is the text
 * SQLite's json_group_array(json_array(...)) gives for the same marks read from ballot_marks (both
 * minified, strings as UTF-8): identical ballots have identical texts whichever layout holds them.
 */
export function markListRow(ballotId: number, rows: readonly MarkRow[]): { id: number; marks: string; write_in_voters: string | null } {
  const tuples: MarkTuple[] = rows.map((r) => [r.pos_key, r.mark, r.candidate_id, r.write_in_name]);
  const writeIns = rows.some((r) => r.mark === 'write_in');
  return { id: ballotId, marks: JSON.stringify(tuples), write_in_voters: writeIns ? JSON.stringify(rows.map((r) => r.write_in_voter_id)) : null };
}

/**
 * SQL for the marks of the ballot aliased `b`, as one JSON text of MarkTuples in entry order,
 * whichever layout holds them ('[]' for none).
 */
export const MARKS_TEXT_SQL = `COALESCE(
    (SELECT l.marks FROM ballot_mark_lists l WHERE l.id = b.id),
    (SELECT json_group_array(json_array(m.pos_key, m.mark, m.candidate_id, m.write_in_name) ORDER BY m.ord)
       FROM ballot_marks m WHERE m.ballot_id = b.id))`;

/** The tuples of a MARKS_TEXT_SQL text. */
export const parseMarks = (text: string): MarkTuple[] => JSON.parse(text) as MarkTuple[];

/**
 * The voters a write-in of `name` for `pos` was matched to on the ballots (of one round, or of all
 * rounds), distinct, in id order.
 */
export function writeInVoterIds(db: Db, where: { pos: string; name: string; roundId?: number }): number[] {
  const inRound = where.roundId !== undefined;
  const ids = new Set<number>();
  const legacy = cached(
    db,
    `SELECT DISTINCT m.write_in_voter_id FROM ballot_marks m JOIN ballots b ON b.id = m.ballot_id
     WHERE m.pos_key = ? AND m.write_in_name = ? AND m.write_in_voter_id IS NOT NULL ${inRound ? 'AND b.round_id = ?' : ''}`,
  )
    .pluck()
    .all(where.pos, where.name, ...(inRound ? [where.roundId] : [])) as number[];
  for (const id of legacy) ids.add(id);
  const lists = cached(
    db,
    `SELECT l.marks, l.write_in_voters FROM ballot_mark_lists l JOIN ballots b ON b.id = l.id
     WHERE l.write_in_voters IS NOT NULL ${inRound ? 'AND b.round_id = ?' : ''}`,
  )
    .raw()
    .all(...(inRound ? [where.roundId] : [])) as [string, string][];
  for (const [marks, voters] of lists) {
    const tuples = parseMarks(marks);
    const matched = JSON.parse(voters) as (number | null)[];
    tuples.forEach(([pos, mark, , name], i) => {
      const v = matched[i];
      if (pos === where.pos && mark === 'write_in' && name === where.name && typeof v === 'number') ids.add(v);
    });
  }
  return [...ids].sort((a, b) => a - b);
}
