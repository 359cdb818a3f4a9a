/**
 * The data of the 计票分段核对单 (checkpoint-sheet.ts prints it): a batch of 50 ballots, the running
 * total, the scrutineers' record and the audit event that recorded the batch's last ballot. Its own
 * module so FormContext (common.ts) can name it without importing the renderer.
 */
import { z } from 'zod';
import type { BatchSubtotalsSchema } from '../../../shared/contract/count.js';
import { Refusal } from '../../../shared/result.js';
import type { Db } from '../db/open.js';
import { roundSetup, type RoundSetup } from '../scenario-from-db.js';

type Batch = z.output<typeof BatchSubtotalsSchema>;

/** Ballots per checkpoint (count.ts CHECKPOINT_EVERY: the counting page asks for a check every 50). */
export const CHECKPOINT_EVERY = 50;

/** The counting module's subtotals of the ballots with seq from..to (count.ts batchSubtotals), handed in by the caller. */
export type Subtotals = (setup: RoundSetup, from: number, to: number) => Batch;

export interface CheckpointSheet {
  roundId: number;
  fromSeq: number;
  uptoSeq: number;
  batch: Batch;
  cumulative: Batch;
  /** Candidate numbers on the counting pad, by position and name. */
  numbers: Record<string, Record<string, number>>;
  record: { status: 'confirmed' | 'mismatch'; note: string; at: string; actor: string } | null;
  /** The audit event that recorded the batch's last ballot. */
  anchor: { seq: number; hash: string } | null;
}

/** The batch boundaries a round has reached: 50, 100, … up to its last ballot. */
export function checkpointsOf(db: Db, roundId: number): number[] {
  const last = (db.prepare('SELECT COALESCE(MAX(seq), 0) AS n FROM ballots WHERE round_id = ?').get(roundId) as { n: number }).n;
  return Array.from({ length: Math.floor(last / CHECKPOINT_EVERY) }, (_, i) => (i + 1) * CHECKPOINT_EVERY);
}

export function checkpointSheet(db: Db, subtotals: Subtotals, roundId: number, uptoSeq?: number): CheckpointSheet {
  const marks = checkpointsOf(db, roundId);
  const upto = uptoSeq ?? marks.at(-1);
  if (upto === undefined) throw new Refusal('NO_CHECKPOINT', `本轮录入的选票还不到 ${CHECKPOINT_EVERY} 张，还没有分段核对。`);
  if (!marks.includes(upto)) throw new Refusal('NO_CHECKPOINT', `第 ${upto} 张不是分段核对点（每 ${CHECKPOINT_EVERY} 张核对一次，本轮已到第 ${marks.at(-1) ?? 0} 张）。`);
  const setup = roundSetup(db, roundId);
  const from = upto - CHECKPOINT_EVERY + 1;
  const rec = db.prepare('SELECT status, note, at, actor FROM checkpoints WHERE round_id = ? AND upto_seq = ? ORDER BY id DESC LIMIT 1').get(roundId, upto) as CheckpointSheet['record'] | undefined;
  const ballot = db.prepare('SELECT id FROM ballots WHERE round_id = ? AND seq = ?').get(roundId, upto) as { id: number } | undefined;
  const anchor = ballot
    ? (db
        .prepare(
          `SELECT a.seq, a.hash FROM audit a, json_each(a.effects) e
           WHERE json_extract(e.value, '$[0]') = 'ballots' AND json_extract(e.value, '$[1]') = ? ORDER BY a.seq LIMIT 1`,
        )
        .get(ballot.id) as { seq: number; hash: string } | undefined)
    : undefined;
  const numbers: Record<string, Record<string, number>> = {};
  for (const c of setup.candidates) (numbers[c.position] ??= {})[c.name] = c.number;
  return {
    roundId,
    fromSeq: from,
    uptoSeq: upto,
    batch: subtotals(setup, from, upto),
    cumulative: subtotals(setup, 1, upto),
    numbers,
    record: rec ?? null,
    anchor: anchor ?? null,
  };
}
