/**
 * Counting (B3, B4, V1–V6): box counts, ballot entry with its classification by the rules engine,
 * voids and corrections as new rows, doubtful ballots and the scrutineers' rulings, checkpoints every
 * 50 ballots, the live hall display and the tally (the same `tally()` as the CLI).
 */
import { cached } from '../db/statements.js';
import { kept } from '../db/state.js';
import type { z } from 'zod';
import type { countContract, PositionMarksSchema } from '../../../shared/contract/count.js';
import { Refusal } from '../../../shared/result.js';
import {
  classifyBallot,
  classifyChecked,
  type BallotClassification,
  type BallotContext,
  type RuleParams,
  type ScenarioBallot,
  type Selection,
  type TallyResult,
} from '../../../shared/rules/index.js';
import type { Ctx, HandlersFor } from '../context.js';
import type { Db } from '../db/open.js';
import type { Phase } from '../../../shared/model.js';
import { currentPhase, currentRound, roundById, rulesOf, VOTERS } from '../queries.js';
import {
  candidateKey,
  countedBallots,
  openDoubtCount,
  roundSetup,
  storedBallots,
  type RoundSetup,
  type StoredBallot,
} from '../scenario-from-db.js';
import { backupAfter } from '../phase.js';
import { markListRow, type MarkRow } from '../ballot-marks.js';
import { CHECKPOINT_EVERY } from '../forms/checkpoint-data.js';
import {
  ballotCtxOf,
  batchSubtotals,
  boxRows,
  collectedOf,
  countSummary,
  isConfirmed,
  liveOf,
  refuseIfConfirmed,
  tallyRound,
  type BoxRow,
} from '../projection/counting.js';

type Warning = { code: string; message: string };
type Marks = Record<string, z.output<typeof PositionMarksSchema>>;
type Classification = BallotClassification & { summary: string };



/**
 * V6: the 监票人 who decides a doubtful ballot is one of the election's registered scrutineers
 * (监票人 or 总监票人, not removed). Anyone else is refused in words the counting table understands.
 */
function rulingScrutineer(db: Db, officialId: number, seq: number): { id: number; name: string } {
  const o = cached(
    db,
    `SELECT o.id, o.name, o.role, (SELECT 1 FROM official_removals r WHERE r.official_id = o.id) AS removed
     FROM officials o WHERE o.id = ?`,
  ).get(officialId) as { id: number; name: string; role: string; removed: number | null } | undefined;
  if (!o) throw new Refusal('RULING_SCRUTINEER_UNKNOWN', `裁定第 ${seq} 号存疑票：没有这名工作人员。请从登记的监票人中选一名。`);
  if (o.removed !== null) {
    throw new Refusal('RULING_SCRUTINEER_REMOVED', `${o.name} 已经不再担任工作人员，不能裁定第 ${seq} 号存疑票。请从现任监票人中选一名。`);
  }
  if (o.role !== 'scrutineer' && o.role !== 'chief_scrutineer') {
    throw new Refusal('RULING_NOT_SCRUTINEER', `${o.name} 不是监票人，不能裁定第 ${seq} 号存疑票。存疑票由监票人裁定，请选一名登记的监票人。`);
  }
  return { id: o.id, name: o.name };
}



/**
 * What ballot entry reads about the current round before each ballot — the round, its positions and
 * candidates (sorted), the rules and their ballot context, the phase, whether it is confirmed, the
 * boxes with their collected and issued counts — kept per committed version of the station's state
 * (db/state.ts): a ballot, a void or a ruling writes none of these tables, so it carries over; a new
 * round, a phase change, a box count or a candidate's withdrawal makes it be read again.
 */
interface CountingState {
  setup: RoundSetup;
  params: RuleParams;
  bctx: BallotContext;
  phase: Phase;
  confirmed: boolean;
  boxes: BoxRow[];
}

const COUNTING_STATE = kept<CountingState>('counting state', [
  'election',
  'rounds',
  'phase_events',
  'round_confirmations',
  'positions',
  'candidates',
  'candidate_withdrawals',
  'round_seats',
  'round_candidates',
  'candidate_origins',
  'seat_reductions',
  'seat_vacancies',
  // candidates' names come through VOTERS (a correction renames)
  'voters',
  'voter_corrections',
  'voter_removals',
  'boxes',
  'box_collections',
  'issues',
]);

function countingState(db: Db): CountingState {
  const hit = db.state.read(COUNTING_STATE);
  if (hit) return hit;
  const round = currentRound(db);
  const setup = roundSetup(db, round.id);
  const params = rulesOf(db);
  const st: CountingState = {
    setup,
    params,
    bctx: ballotCtxOf(setup, params),
    phase: currentPhase(db),
    confirmed: isConfirmed(db, round.id),
    boxes: boxRows(db, round.id),
  };
  db.state.keep(COUNTING_STATE, st, db.inTransaction);
  return st;
}

/** The current round, in phase counting, not confirmed: where ballots are entered. */
function countingSetupState(db: Db, what: string): CountingState {
  const st = countingState(db);
  if (st.confirmed) refuseIfConfirmed(db, st.setup.round.id, st.setup.round.number);
  if (st.phase !== 'counting') {
    throw new Refusal('WRONG_PHASE', `现在不是计票阶段，不能${what}。请先在“投票”结束后进入“计票”阶段。`, { phase: st.phase });
  }
  return st;
}

function countingSetup(db: Db, what: string): RoundSetup {
  return countingSetupState(db, what).setup;
}

/** The round a stored ballot belongs to, which must be the current round, in counting and not locked. */
function ballotInCountingRound(db: Db, ballotId: number, what: string): { setup: RoundSetup; state: CountingState; ballot: StoredBallot } {
  const row = db.prepare('SELECT round_id, seq FROM ballots WHERE id = ?').get(ballotId) as { round_id: number; seq: number } | undefined;
  if (!row) throw new Refusal('BALLOT_NOT_FOUND', `没有编号为 ${ballotId} 的选票记录。`);
  const round = roundById(db, row.round_id);
  refuseIfConfirmed(db, round.id, round.number);
  const state = countingSetupState(db, what);
  const setup = state.setup;
  if (setup.round.id !== round.id) throw new Refusal('ROUND_CONFIRMED', `这张选票属于第 ${round.number} 轮，该轮已经结束，不能再更改。`);
  const ballot = storedBallots(db, round.id, row.seq, row.seq)[0];
  if (!ballot) throw new Error('stored ballot vanished');
  return { setup, state, ballot };
}

// ---------------------------------------------------------------------------------------------
// Ballot entry


export function classificationOut(cl: BallotClassification): Classification {
  let summary: string;
  if (cl.status === 'blank') summary = '空白票：有效票，各职位均按弃权计，计入投票总数（V4）。';
  else if (cl.status === 'void') summary = `无效票：${cl.reasons.map((r) => r.message).join('；')}`;
  else summary = cl.notes.length > 0 ? `有效票。${cl.notes.map((n) => n.message).join('；')}` : '有效票。';
  return { ...cl, summary };
}

interface WriteInOutcome {
  position: string;
  name: string;
  voterId: number | null;
  matches: number;
}

interface PreparedBallot {
  ballot: ScenarioBallot;
  rows: MarkRow[];
  writeIns: WriteInOutcome[];
  /** V5 problems that send the ballot to the scrutineers. */
  doubts: string[];
}

/** A refusal of the marks: the message names the position in words (its name), the path stays in the details. */
const field = (path: string, message: string): Refusal => new Refusal('VALIDATION', `输入有误：${message}`, { path });

/** Checks the marks against the round (positions, candidates) and resolves write-ins against the roll (V5). */
function prepareBallot(db: Db, setup: RoundSetup, marks: Marks, unreadable: boolean): PreparedBallot {
  const posByKey = new Map(setup.positions.map((p) => [p.key, p]));
  const candById = new Map(setup.candidates.map((c) => [c.id, c]));
  const out: PreparedBallot = { ballot: { count: 1 }, rows: [], writeIns: [], doubts: [] };
  // keyed by position keys: no inherited names (shared/keys.ts)
  const votes: Record<string, Selection[]> = Object.create(null) as Record<string, Selection[]>;
  const against: Record<string, string[]> = Object.create(null) as Record<string, string[]>;
  const party = setup.election.kind === 'party_branch';
  const byName = cached(
    db,
    `SELECT v.id FROM ${VOTERS} v WHERE v.name = ? AND NOT EXISTS (SELECT 1 FROM voter_removals r WHERE r.voter_id = v.id)
     ${party ? "AND v.party_status = 'full'" : ''} ORDER BY v.id`,
  );
  for (const [pos, m] of Object.entries(marks)) {
    const p = posByKey.get(pos);
    if (!p) throw field(`marks.${pos}`, '选票内容中有一个本轮没有的职位，请刷新页面后重新录入。');
    for (const [list, ids] of [['for', m.for], ['against', m.against ?? []]] as const) {
      const seen = new Set<number>();
      for (const [i, id] of ids.entries()) {
        const c = candById.get(id);
        if (!c || c.position !== pos) throw field(`marks.${pos}.${list}[${i}]`, `编号 ${id} 不是本轮${p.name}的候选人。`);
        if (seen.has(id)) throw field(`marks.${pos}.${list}[${i}]`, `${c.name} 在${p.name}一栏重复输入。`);
        seen.add(id);
        out.rows.push({ pos_key: pos, mark: list, candidate_id: id, write_in_name: null, write_in_voter_id: null });
        if (list === 'for') (votes[pos] ??= []).push(candidateKey(id));
        else (against[pos] ??= []).push(candidateKey(id));
      }
    }
    for (const [i, w] of (m.writeIns ?? []).entries()) {
      const name = w.name.trim();
      const ids = (byName.raw().all(name) as [number][]).map((r) => r[0]);
      let voterId: number | null = null;
      if (w.voterId !== undefined) {
        if (!ids.includes(w.voterId)) throw field(`marks.${pos}.writeIns[${i}].voterId`, `编号 ${w.voterId} 不是名单中名叫“${name}”的有选举权的人。`);
        voterId = w.voterId;
      } else if (ids.length === 1) {
        voterId = ids[0] ?? null;
      } else if (ids.length === 0) {
        out.doubts.push(`V5 另选他人“${name}”（${p.name}）不在选民名单中，请监票人裁定。`);
      } else {
        out.doubts.push(`V5 另选他人“${name}”（${p.name}）在名单中有 ${ids.length} 人同名，请监票人裁定是哪一位。`);
      }
      out.writeIns.push({ position: pos, name, voterId, matches: ids.length });
      out.rows.push({ pos_key: pos, mark: 'write_in', candidate_id: null, write_in_name: name, write_in_voter_id: voterId });
      (votes[pos] ??= []).push({ writeIn: name });
    }
  }
  if (Object.keys(votes).length > 0) out.ballot.votes = votes;
  if (Object.keys(against).length > 0) out.ballot.against = against;
  if (unreadable) out.ballot.unreadable = true;
  return out;
}

function classify(bctx: BallotContext, ballot: ScenarioBallot): Classification {
  const r = classifyBallot(ballot, bctx);
  if (!r.ok) throw new Refusal('VALIDATION', `选票内容与本轮候选人不符：${r.error.message}`);
  return classificationOut(r.value);
}

function boxIdOf(db: Db, key: string | undefined): number | null {
  if (key === undefined) return null;
  const b = cached(db, 'SELECT id FROM boxes WHERE box_key = ?').get(key) as { id: number } | undefined;
  if (!b) throw new Refusal('BOX_NOT_FOUND', `没有票箱“${key}”。`);
  return b.id;
}

interface Written {
  ballotId: number;
  seq: number;
  doubtId: number | null;
  doubtNote: string | null;
}

/** Writes one ballot (ballots + its mark list, seq = next in the round) and, if needed, its doubt (V5, V6). */
function writeBallot(ctx: Ctx, setup: RoundSetup, prepared: PreparedBallot, opts: { boxId: number | null; correctsId?: number; note?: string }): Written {
  const next = cached(ctx.db, 'SELECT COALESCE(MAX(seq), 0) + 1 AS n FROM ballots WHERE round_id = ?').get(setup.round.id) as { n: number };
  const ballotId = ctx.insert('ballots', {
    round_id: setup.round.id,
    seq: next.n,
    box_id: opts.boxId,
    unreadable: prepared.ballot.unreadable === true,
    corrects_ballot_id: opts.correctsId ?? null,
    at: ctx.at,
    actor: ctx.actor,
  });
  ctx.insert('ballot_mark_lists', markListRow(ballotId, prepared.rows));
  const notes = [...(opts.note ? [opts.note] : []), ...prepared.doubts];
  let doubtId: number | null = null;
  let doubtNote: string | null = null;
  if (notes.length > 0) {
    doubtNote = notes.join('；').slice(0, 500);
    doubtId = ctx.insert('ballot_doubts', { ballot_id: ballotId, note: doubtNote, at: ctx.at, actor: ctx.actor });
  }
  return { ballotId, seq: next.n, doubtId, doubtNote };
}


/**
 * The round's counted ballots (not voided), kept per committed version: a plain new ballot is that
 * count + 1 (kept for the version its commit makes) instead of a scan of the whole round.
 */
const COUNTED = kept<{ roundId: number; counted: number }>('counted ballots', ['ballots', 'ballot_voids', 'rounds']);

function recordOne(
  ctx: Ctx,
  state: CountingState,
  input: { marks: Marks; unreadable?: boolean | undefined; boxKey?: string | undefined; doubtful?: string | undefined; preview?: boolean | undefined },
  opts: { correctsId?: number; defaultBoxId?: number | null } = {},
) {
  const { setup, params } = state;
  const prepared = prepareBallot(ctx.db, setup, input.marks, input.unreadable ?? false);
  const classification = classify(state.bctx, prepared.ballot);
  const boxId = input.boxKey !== undefined ? boxIdOf(ctx.db, input.boxKey) : (opts.defaultBoxId ?? null);
  if (input.preview) {
    const notes = [...(input.doubtful ? [input.doubtful] : []), ...prepared.doubts];
    return {
      preview: true,
      ballotId: null,
      seq: null,
      classification,
      ballotsCounted: countedBallots(ctx.db, setup.round.id),
      doubtful: notes.length > 0 ? { doubtId: null, note: notes.join('；') } : null,
      writeIns: prepared.writeIns,
      checkpointDue: false,
      checkpoint: null,
      warnings: [],
    };
  }
  const c = ctx.db.state.read(COUNTED);
  const w = writeBallot(ctx, setup, prepared, { boxId, ...(opts.correctsId !== undefined ? { correctsId: opts.correctsId } : {}), ...(input.doubtful ? { note: input.doubtful } : {}) });
  const counted = opts.correctsId === undefined && c && c.roundId === setup.round.id ? c.counted + 1 : countedBallots(ctx.db, setup.round.id);
  // a new ballot adds one to the count it was entered at (a correction is read afresh next time)
  if (opts.correctsId === undefined) ctx.db.state.keepAfterCommit(COUNTED, { roundId: setup.round.id, counted });
  const warnings: Warning[] = [];
  const collected = collectedOf(state.boxes);
  if (collected !== null && counted > collected) {
    warnings.push({ code: 'B3_MORE_THAN_COLLECTED', message: `已录入 ${counted} 张，多于票箱收回的 ${collected} 张，请核对是否重复录入或收回数录错。` });
  }
  const due = w.seq % CHECKPOINT_EVERY === 0;
  if (due) backupAfter(ctx, `ballots-${w.seq}`);
  return {
    preview: false,
    ballotId: w.ballotId,
    seq: w.seq,
    classification,
    ballotsCounted: counted,
    doubtful: w.doubtNote !== null ? { doubtId: w.doubtId, note: w.doubtNote } : null,
    writeIns: prepared.writeIns,
    checkpointDue: due,
    checkpoint: due ? batchSubtotals(ctx.db, setup, params, w.seq - CHECKPOINT_EVERY + 1, w.seq) : null,
    warnings,
  };
}






function describeMarks(setup: RoundSetup, b: ScenarioBallot): string {
  if (b.unreadable === true) return '无法辨认';
  const names = new Map(setup.candidates.map((c) => [candidateKey(c.id), c.name]));
  const parts = setup.positions
    .map((p) => {
      const sel = (b.votes?.[p.key] ?? []).map((s) => (typeof s === 'string' ? (names.get(s) ?? s) : `（另选）${s.writeIn}`));
      const ag = (b.against?.[p.key] ?? []).map((s) => `×${names.get(s) ?? s}`);
      const all = [...sel, ...ag];
      return all.length > 0 ? `${p.name}：${all.join('、')}` : '';
    })
    .filter((s) => s !== '');
  return parts.length > 0 ? parts.join('；') : '空白';
}



// ---------------------------------------------------------------------------------------------

export const countHandlers: HandlersFor<typeof countContract> = {
  'box.setCollected': (ctx, input) => {
    const round = roundById(ctx.db, input.roundId);
    refuseIfConfirmed(ctx.db, round.id, round.number);
    if (round.id !== currentRound(ctx.db).id) throw new Refusal('ROUND_CONFIRMED', `第 ${round.number} 轮已经结束，不能再录入。`);
    const phase = currentPhase(ctx.db);
    if (phase !== 'voting' && phase !== 'counting') {
      throw new Refusal('WRONG_PHASE', '只能在投票结束开箱清点时（投票或计票阶段）录入票箱收回数。', { phase });
    }
    const boxId = boxIdOf(ctx.db, input.boxKey);
    ctx.insert('box_collections', { round_id: round.id, box_id: boxId, collected: input.collected, at: ctx.at, actor: ctx.actor });
    return countSummary(ctx.db, round.id);
  },

  'count.recordBallot': (ctx, input) => {
    const state = countingSetupState(ctx.db, '录入选票');
    if (!input.preview) {
      const missing = state.boxes
        .filter((b) => (b.kind === 'fixed' || (b.issued ?? 0) > 0) && b.collected === null)
        .map((b) => b.name);
      if (missing.length > 0) {
        throw new Refusal('B3_COLLECTED_MISSING', `B3 唱票前须先录入每个票箱收回的选票数，还没有录入：${missing.join('、')}。`, { boxes: missing });
      }
    }
    return recordOne(ctx, state, input);
  },

  'count.voidBallot': (ctx, input) => {
    const { setup, ballot } = ballotInCountingRound(ctx.db, input.ballotId, '作废选票记录');
    if (ballot.voided) throw new Refusal('BALLOT_ALREADY_VOIDED', `第 ${ballot.seq} 号选票记录已经作废过了。`);
    ctx.insert('ballot_voids', { ballot_id: ballot.id, reason: input.reason, at: ctx.at, actor: ctx.actor });
    return { ballotId: ballot.id, ballotsCounted: countedBallots(ctx.db, setup.round.id) };
  },

  'count.correctBallot': (ctx, input) => {
    const { state, ballot } = ballotInCountingRound(ctx.db, input.ballotId, '更正选票记录');
    if (ballot.voided) throw new Refusal('BALLOT_ALREADY_VOIDED', `第 ${ballot.seq} 号选票记录已经作废，不能再更正；请直接录入正确的选票。`);
    ctx.insert('ballot_voids', { ballot_id: ballot.id, reason: `更正：${input.reason}`.slice(0, 500), at: ctx.at, actor: ctx.actor });
    const { ballotId: _id, reason: _r, ...entry } = input;
    const out = recordOne(ctx, state, entry, { correctsId: ballot.id, defaultBoxId: ballot.boxId });
    return { ...out, correctsBallotId: ballot.id };
  },

  'count.recent': (ctx, input) => {
    const setup = roundSetup(ctx.db, input.roundId);
    const params = rulesOf(ctx.db);
    const bctx = ballotCtxOf(setup, params);
    const last = ctx.db.prepare('SELECT COALESCE(MAX(seq), 0) AS n FROM ballots WHERE round_id = ?').get(setup.round.id) as { n: number };
    const stored = storedBallots(ctx.db, setup.round.id, Math.max(1, last.n - input.limit + 1), last.n).reverse();
    const info = ctx.db.prepare(
      `SELECT b.at, b.actor, x.box_key, v.reason, (SELECT c.id FROM ballots c WHERE c.corrects_ballot_id = b.id) AS corrected_by
       FROM ballots b LEFT JOIN boxes x ON x.id = b.box_id LEFT JOIN ballot_voids v ON v.ballot_id = b.id WHERE b.id = ?`,
    );
    return {
      ballots: stored.map((b) => {
        const i = info.get(b.id) as { at: string; actor: string; box_key: string | null; reason: string | null; corrected_by: number | null };
        const classification = classificationOut(classifyChecked(b.effective, bctx));
        return {
          id: b.id,
          seq: b.seq,
          boxKey: i.box_key,
          summary: describeMarks(setup, b.ballot),
          classification,
          status: b.voided ? ('voided' as const) : classification.status,
          voided: b.voided,
          voidReason: i.reason,
          correctsBallotId: b.correctsBallotId,
          correctedBy: i.corrected_by,
          doubtful: b.doubtId !== null,
          ruling: b.ruling,
          at: i.at,
          actor: i.actor,
        };
      }),
    };
  },

  'count.checkpoint': (ctx, input) => {
    const setup = countingSetup(ctx.db, '记录核对');
    const last = (ctx.db.prepare('SELECT COALESCE(MAX(seq), 0) AS n FROM ballots WHERE round_id = ?').get(setup.round.id) as { n: number }).n;
    if (input.uptoSeq > last) throw new Refusal('CHECKPOINT_AHEAD', `只录入到第 ${last} 张，不能核对到第 ${input.uptoSeq} 张。`);
    const note = input.note ?? '';
    if (input.status === 'mismatch' && note === '') throw new Refusal('CHECKPOINT_NOTE', '与纸质计票单不一致时，请写明哪里不一致。');
    const id = ctx.insert('checkpoints', { round_id: setup.round.id, upto_seq: input.uptoSeq, status: input.status, note, at: ctx.at, actor: ctx.actor });
    return { checkpointId: id, uptoSeq: input.uptoSeq, status: input.status };
  },

  'count.markDoubtful': (ctx, input) => {
    const { ballot } = ballotInCountingRound(ctx.db, input.ballotId, '标记存疑票');
    if (ballot.voided) throw new Refusal('BALLOT_ALREADY_VOIDED', `第 ${ballot.seq} 号选票记录已经作废。`);
    if (ballot.doubtId !== null) throw new Refusal('ALREADY_DOUBTFUL', `第 ${ballot.seq} 号选票已经在存疑票中。`);
    const id = ctx.insert('ballot_doubts', { ballot_id: ballot.id, note: input.note, at: ctx.at, actor: ctx.actor });
    return { doubtId: id, ballotId: ballot.id };
  },

  'count.rule': (ctx, input) => {
    const { setup, ballot } = ballotInCountingRound(ctx.db, input.ballotId, '裁定存疑票');
    if (ballot.doubtId === null) throw new Refusal('NOT_DOUBTFUL', `第 ${ballot.seq} 号选票不是存疑票，请先标记存疑。`);
    if (ballot.ruling !== null) throw new Refusal('ALREADY_RULED', `第 ${ballot.seq} 号存疑票已经裁定过了。`);
    if (ballot.voided) throw new Refusal('BALLOT_ALREADY_VOIDED', `第 ${ballot.seq} 号选票记录已经作废，无需裁定。`);
    const scrutineer = rulingScrutineer(ctx.db, input.scrutineerId, ballot.seq);
    const params = rulesOf(ctx.db);
    let replacement: number | null = null;
    let classification: Classification;
    if (input.ruling === 'corrected') {
      if (!input.marks) throw new Refusal('RULING_NEEDS_MARKS', '裁定“更正”时，请录入监票人认定的选票内容。');
      ctx.insert('ballot_voids', { ballot_id: ballot.id, reason: `V6 监票人裁定更正：${input.reason}`.slice(0, 500), at: ctx.at, actor: ctx.actor });
      const prepared = prepareBallot(ctx.db, setup, input.marks, input.unreadable ?? false);
      classification = classify(ballotCtxOf(setup, params), prepared.ballot);
      replacement = writeBallot(ctx, setup, prepared, { boxId: ballot.boxId, correctsId: ballot.id }).ballotId;
    } else {
      if (input.marks !== undefined || input.unreadable !== undefined) throw new Refusal('RULING_MARKS_ONLY_FOR_CORRECTED', '只有裁定“更正”时才录入选票内容。');
      const eff: ScenarioBallot = input.ruling === 'unreadable' ? { count: 1, unreadable: true } : ballot.ballot;
      classification = classificationOut(classifyChecked(eff, ballotCtxOf(setup, params)));
    }
    const rulingId = ctx.insert('ballot_rulings', {
      doubt_id: ballot.doubtId,
      ruling: input.ruling,
      replacement_ballot_id: replacement,
      reason: input.reason,
      at: ctx.at,
      actor: ctx.actor,
    });
    ctx.insert('ruling_scrutineers', { ruling_id: rulingId, official_id: scrutineer.id, at: ctx.at, actor: ctx.actor });
    return {
      doubtId: ballot.doubtId,
      ballotId: ballot.id,
      ruling: input.ruling,
      replacementBallotId: replacement,
      scrutineer: scrutineer.name,
      classification,
      openDoubts: openDoubtCount(ctx.db, setup.round.id),
    };
  },

  'count.doubtful': (ctx, input) => {
    const setup = roundSetup(ctx.db, input.roundId);
    const bctx = ballotCtxOf(setup, rulesOf(ctx.db));
    const rows = ctx.db
      .prepare(
        `SELECT d.id, d.ballot_id, d.note, d.at, b.seq, r.ruling, r.reason, r.replacement_ballot_id, r.at AS rat, r.actor AS ractor,
                o.name AS scrutineer
         FROM ballot_doubts d JOIN ballots b ON b.id = d.ballot_id LEFT JOIN ballot_rulings r ON r.doubt_id = d.id
         LEFT JOIN ruling_scrutineers rs ON rs.ruling_id = r.id LEFT JOIN officials o ON o.id = rs.official_id
         WHERE b.round_id = ? ORDER BY b.seq`,
      )
      .all(setup.round.id) as {
      id: number;
      ballot_id: number;
      note: string;
      at: string;
      seq: number;
      ruling: 'as_recorded' | 'unreadable' | 'corrected' | null;
      reason: string | null;
      replacement_ballot_id: number | null;
      rat: string | null;
      ractor: string | null;
      scrutineer: string | null;
    }[];
    const doubts = rows.map((r) => {
      const b = storedBallots(ctx.db, setup.round.id, r.seq, r.seq)[0];
      if (!b) throw new Error('doubtful ballot vanished');
      return {
        doubtId: r.id,
        ballotId: r.ballot_id,
        seq: r.seq,
        note: r.note,
        summary: describeMarks(setup, b.ballot),
        classification: classificationOut(classifyChecked(b.ballot, bctx)),
        voided: b.voided,
        at: r.at,
        ruling:
          r.ruling === null
            ? null
            : {
                ruling: r.ruling,
                reason: r.reason ?? '',
                replacementBallotId: r.replacement_ballot_id,
                scrutineer: r.scrutineer,
                at: r.rat ?? '',
                actor: r.ractor ?? '',
              },
      };
    });
    return { doubts, open: doubts.filter((d) => d.ruling === null && !d.voided).length };
  },

  'count.tally': (ctx, input) => {
    const round = roundById(ctx.db, input.roundId);
    const stored = ctx.db.prepare('SELECT result_json FROM round_confirmations WHERE round_id = ?').get(round.id) as { result_json: string } | undefined;
    // A confirmed round answers with what was confirmed (it is locked, so a recount agrees).
    if (stored) return JSON.parse(stored.result_json) as TallyResult;
    return tallyRound(ctx.db, round.id);
  },

  'count.live': (ctx, input) => liveOf(ctx.db, input.roundId),

  'count.summary': (ctx, input) => countSummary(ctx.db, roundById(ctx.db, input.roundId).id),
};

