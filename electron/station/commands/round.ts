/**
 * Rounds (E3, E4, E6, E7, E8, P6, P9): the result of a round with the engine's warnings and plan,
 * confirming (which locks the round), and creating the run-off or 另行选举 round that follows.
 */
import type { roundContract } from '../../../shared/contract/round.js';
import { RELATION_LABELS } from '../../../shared/model.js';
import { Refusal } from '../../../shared/result.js';
import {
  partyMarginRequired,
  planNextRound,
  relativeConflicts,
  ruleWarnings,
  type RelativeTie,
  type RoundPlan,
  type RuleParams,
  type Scenario,
  type TallyResult,
} from '../../../shared/rules/index.js';
import type { Ctx, HandlersFor } from '../context.js';
import type { Db } from '../db/open.js';
import { currentPhase, currentRound, positions, roundById, roundPhase, rulesOf, type RoundRow } from '../queries.js';
import { countedBallots, openDoubtCount, roundCounts, roundSetup, scenarioFrom, type RoundSetup } from '../scenario-from-db.js';
import { countSummary, isConfirmed, tallyRound } from './count.js';
import { recordPhase } from './election.js';

type Warning = { code: string; message: string };

function storedResult(db: Db, roundId: number): { result: TallyResult; at: string } | undefined {
  const r = db.prepare('SELECT result_json, at FROM round_confirmations WHERE round_id = ?').get(roundId) as { result_json: string; at: string } | undefined;
  return r ? { result: JSON.parse(r.result_json) as TallyResult, at: r.at } : undefined;
}

function allRounds(db: Db): RoundRow[] {
  return db.prepare('SELECT * FROM rounds ORDER BY number').all() as RoundRow[];
}

/** Elected people (by name) per position over the confirmed rounds before `beforeNumber`. */
function electedBefore(db: Db, beforeNumber: number): { byPosition: Map<string, string[]>; total: number; woman: boolean } {
  const byPosition = new Map<string, string[]>();
  let total = 0;
  let woman = false;
  for (const r of allRounds(db)) {
    if (r.number >= beforeNumber) continue;
    const s = storedResult(db, r.id);
    if (!s) continue;
    const female = new Set(roundSetup(db, r.id).candidates.filter((c) => c.gender === 'F').map((c) => c.name));
    for (const p of s.result.positions) {
      byPosition.set(p.id, [...(byPosition.get(p.id) ?? []), ...p.elected]);
      total += p.elected.length;
      if (p.elected.some((n) => female.has(n))) woman = true;
    }
  }
  return { byPosition, total, woman };
}

const REASON_TEXT: Record<string, { rule: string; message: string }> = {
  TURNOUT_NOT_MAJORITY: { rule: 'E1', message: 'E1 参加投票的选民没有超过登记选民的半数，本次选举无效，须重新投票。' },
  QUORUM_NOT_MET: { rule: 'P4', message: 'P4 到会有选举权的党员不足应到会人数的五分之四，不能进行选举。' },
  BALLOTS_EXCEED_COMPARATOR: { rule: 'B4', message: 'B4 收回选票数多于投票人数（或发出选票数），本次选举无效，须重新投票。' },
};

/** E8: the close-relative ties recorded with candidate.relate, by name as the tally names people. */
function relativeTies(db: Db): RelativeTie[] {
  const rows = db
    .prepare(
      `SELECT va.name AS a, vb.name AS b, r.relation FROM candidate_relatives r
       JOIN voters va ON va.id = r.voter_a JOIN voters vb ON vb.id = r.voter_b ORDER BY r.id`,
    )
    .all() as { a: string; b: string; relation: keyof typeof RELATION_LABELS }[];
  return rows.map((r) => ({ a: r.a, b: r.b, relation: RELATION_LABELS[r.relation] }));
}

/** E7: positions flagged 妇女委员 in the position settings. */
const reservedForWomen = (db: Db): string[] => positions(db).filter((p) => p.womenReserved).map((p) => p.key);

function resultOf(db: Db, round: RoundRow) {
  const setup = roundSetup(db, round.id);
  const scenario = scenarioFrom(db, setup);
  const stored = storedResult(db, round.id);
  const tally = stored?.result ?? tallyRound(db, round.id);
  const before = electedBefore(db, round.number);
  const hasEarlier = allRounds(db).some((r) => r.number < round.number);
  const plan = planNextRound(scenario, tally, { electedBefore: before.total, ...(hasEarlier ? { womanElectedBefore: before.woman } : {}) });
  if (!plan.ok) throw new Refusal(plan.error.code, plan.error.message);
  const rw = ruleWarnings(scenario, tally, { womenReservedPositions: reservedForWomen(db) });
  if (!rw.ok) throw new Refusal(rw.error.code, rw.error.message);
  const e8 = relativeConflicts(tally, relativeTies(db), rulesOf(db));
  const warnings = [
    ...tally.reasons.map((r) => ({ code: r, rule: REASON_TEXT[r]?.rule ?? '', message: REASON_TEXT[r]?.message ?? r })),
    ...rw.value.map((w) => ({ code: w.code, rule: w.rule, message: w.message })),
    ...e8.map((c) => ({ code: c.runoff ? 'E8_RELATIVES_RUNOFF' : 'E8_RELATIVES', rule: c.rule, message: c.message })),
  ];
  return { setup, scenario, tally, plan: plan.value, warnings, confirmed: stored !== undefined };
}

function roundInfo(db: Db, round: RoundRow) {
  const setup = roundSetup(db, round.id);
  const stored = storedResult(db, round.id);
  return {
    id: round.id,
    number: round.number,
    kind: round.kind,
    parentRoundId: round.parent_round_id,
    phase: roundPhase(db, round.id),
    positions: setup.positions.map((p) => ({ key: p.key, name: p.name, seats: p.seats })),
    candidates: setup.candidates.map((c) => ({ id: c.id, voterId: c.voterId, name: c.name, position: c.position, number: c.number, gender: c.gender })),
    result: stored?.result ?? null,
    confirmedAt: stored?.at ?? null,
  };
}

// ---------------------------------------------------------------------------------------------
// Next round

/**
 * The candidate row for a person named in a round's result under a position: a candidate of that
 * round, else any candidate of the position, else a write-in resolved to one voter (a new candidate
 * row, since the next round's ballot lists them).
 */
function candidateFor(ctx: Ctx, setup: RoundSetup, pos: string, name: string): number {
  const inRound = setup.candidates.find((c) => c.position === pos && c.name === name);
  if (inRound) return inRound.id;
  const anyRow = ctx.db
    .prepare('SELECT c.id FROM candidates c JOIN voters v ON v.id = c.voter_id WHERE c.pos_key = ? AND v.name = ? ORDER BY c.id')
    .all(pos, name) as { id: number }[];
  if (anyRow.length === 1 && anyRow[0]) return anyRow[0].id;
  const voters = ctx.db
    .prepare(
      `SELECT DISTINCT m.write_in_voter_id AS id FROM ballot_marks m JOIN ballots b ON b.id = m.ballot_id
       WHERE b.round_id = ? AND m.pos_key = ? AND m.write_in_name = ? AND m.write_in_voter_id IS NOT NULL`,
    )
    .all(setup.round.id, pos, name) as { id: number }[];
  const v = voters[0];
  if (voters.length !== 1 || !v) {
    throw new Refusal('CANDIDATE_UNRESOLVED', `“${name}”是另选他人，无法确定是名单上的哪一位，请先由选举委员会确认后登记为候选人。`);
  }
  return ctx.insert('candidates', {
    voter_id: v.id,
    pos_key: pos,
    education: 'other',
    party_member: setup.election.kind === 'party_branch',
    at: ctx.at,
    actor: ctx.actor,
  });
}

function activeOnRoll(db: Db, candidateId: number): { name: string; pos: string; removed: boolean } | undefined {
  const r = db
    .prepare(
      `SELECT v.name, c.pos_key AS pos, CASE WHEN vr.id IS NULL THEN 0 ELSE 1 END AS removed FROM candidates c
       JOIN voters v ON v.id = c.voter_id LEFT JOIN voter_removals vr ON vr.voter_id = v.id WHERE c.id = ?`,
    )
    .get(candidateId) as { name: string; pos: string; removed: number } | undefined;
  return r ? { name: r.name, pos: r.pos, removed: r.removed === 1 } : undefined;
}

interface PlannedSeats {
  pos: string;
  name: string;
  seats: number;
  candidateIds: number[];
}

function planRunoff(ctx: Ctx, prev: RoundSetup, result: TallyResult): PlannedSeats[] {
  const out: PlannedSeats[] = [];
  for (const p of result.positions) {
    if (p.tied.length === 0) continue;
    const pos = prev.positions.find((x) => x.key === p.id);
    out.push({ pos: p.id, name: pos?.name ?? p.id, seats: p.seats - p.elected.length, candidateIds: p.tied.map((n) => candidateFor(ctx, prev, p.id, n)) });
  }
  if (out.length === 0) throw new Refusal('NO_TIE', '上一轮没有得票相等需要再次投票的情况（E3）。');
  return out;
}

function planSupplementary(ctx: Ctx, prev: RoundSetup, params: RuleParams, candidateIds: number[] | undefined): PlannedSeats[] {
  const db = ctx.db;
  const mainSeats = new Map(roundSetup(db, allRounds(db)[0]?.id).positions.map((p) => [p.key, p]));
  const before = electedBefore(db, prev.round.number + 1);
  const taken = new Set([...before.byPosition.values()].flat());
  // For each position with seats left, the latest confirmed round that contested it holds the scores (E4).
  const latest = new Map<string, TallyResult['positions'][number]>();
  const latestSetup = new Map<string, RoundSetup>();
  for (const r of allRounds(db)) {
    const s = storedResult(db, r.id);
    if (!s) continue;
    for (const p of s.result.positions) {
      latest.set(p.id, p);
      latestSetup.set(p.id, roundSetup(db, r.id));
    }
  }
  const out: PlannedSeats[] = [];
  const chosen = candidateIds ? candidateIds.map((id) => ({ id, info: activeOnRoll(db, id) })) : undefined;
  for (const [key, pos] of mainSeats) {
    const seats = pos.seats - (before.byPosition.get(key)?.length ?? 0);
    if (seats <= 0) continue;
    const last = latest.get(key);
    const setupOf = latestSetup.get(key) ?? prev;
    // Highest-scoring people not elected anywhere, still on the roll (votes keys are in result order).
    const removed = new Set(setupOf.candidates.filter((c) => c.removedFromRoll).map((c) => c.name));
    const pool = Object.keys(last?.votes ?? {}).filter((n) => !taken.has(n) && !removed.has(n));
    const votes = last?.votes ?? {};
    let names: string[];
    if (chosen) {
      names = chosen.filter((c) => c.info?.pos === key).map((c) => c.info?.name ?? '');
      // E6: the committee may leave a position's seats empty by choosing nobody for it.
      if (names.length === 0) continue;
      for (const n of names) {
        if (!pool.includes(n)) {
          throw new Refusal('E4_NOT_ELIGIBLE', `E4 ${n} 不在${pos.name}上一轮未当选的得票人中（或已当选、已不在名单上），不能作为另行选举候选人。`);
        }
      }
      const lowest = Math.min(...names.map((n) => votes[n] ?? 0));
      const skipped = pool.filter((n) => !names.includes(n) && (votes[n] ?? 0) > lowest);
      if (skipped.length > 0) {
        throw new Refusal('E4_NOT_HIGHEST', `E4 另行选举候选人应按上一轮得票多少确定：${skipped.join('、')} 得票高于所选的候选人，不能跳过。`);
      }
    } else {
      const want = setupOf.election.kind === 'party_branch' ? Math.max(seats + 1, partyMarginRequired(seats, params.partyMarginPercent)) : seats + 1;
      if (pool.length <= want) names = pool;
      else {
        const edge = votes[pool[want - 1] ?? ''] ?? 0;
        names = pool.filter((n, i) => i < want || (votes[n] ?? 0) === edge);
      }
    }
    if (names.length <= seats) {
      throw new Refusal(
        'E4_TOO_FEW_CANDIDATES',
        `E4 另行选举${pos.name}应选 ${seats} 名，候选人应多于应选人数，现在只有 ${names.length} 名${chosen ? '' : '符合条件的人'}。`,
        { position: key, seats, candidates: names },
      );
    }
    out.push({ pos: key, name: pos.name, seats, candidateIds: names.map((n) => candidateFor(ctx, setupOf, key, n)) });
  }
  if (chosen) {
    const covered = new Set(out.map((o) => o.pos));
    for (const c of chosen) {
      if (!c.info) throw new Refusal('CANDIDATE_NOT_FOUND', `没有编号为 ${c.id} 的候选人。`);
      if (c.info.removed) throw new Refusal('VOTER_REMOVED', `${c.info.name} 已不在选民名单上，不能作为另行选举候选人。`);
      if (!covered.has(c.info.pos)) throw new Refusal('E4_POSITION_FILLED', `${c.info.name} 所在职位已经没有空缺名额。`);
    }
  }
  if (out.length === 0) throw new Refusal('NOTHING_UNFILLED', '所有职位都已选足，不需要另行选举。');
  return out;
}

// ---------------------------------------------------------------------------------------------

export const roundHandlers: HandlersFor<typeof roundContract> = {
  'round.setPrinted': (ctx, input) => {
    const round = currentRound(ctx.db);
    if (isConfirmed(ctx.db, round.id)) throw new Refusal('ROUND_CONFIRMED', `第 ${round.number} 轮的结果已经确认并锁定，不能再录入。`);
    ctx.insert('round_stats', { round_id: round.id, printed: input.printed, spoiled: input.spoiled, at: ctx.at, actor: ctx.actor });
    const { issued } = roundCounts(ctx.db, roundSetup(ctx.db, round.id).election.kind, round.id);
    const computed = input.printed - issued - input.spoiled;
    const unused = input.unused ?? computed;
    const balanced = unused >= 0 && input.printed === issued + input.spoiled + unused;
    const warnings: Warning[] = [];
    if (!balanced) {
      warnings.push({
        code: 'B3_UNBALANCED',
        message:
          input.unused === undefined
            ? `B3 印制 ${input.printed} 张少于发出 ${issued} 张加作废换发 ${input.spoiled} 张，请核对。`
            : `B3 印制 ${input.printed} 张 ≠ 发出 ${issued} + 作废换发 ${input.spoiled} + 未用 ${input.unused}（差 ${computed - input.unused} 张），请清点核对。`,
      });
    }
    return { roundId: round.id, printed: input.printed, spoiled: input.spoiled, issued, unused, balanced, warnings };
  },

  'round.list': (ctx) => ({ rounds: allRounds(ctx.db).map((r) => roundInfo(ctx.db, r)) }),

  'round.result': (ctx, input) => {
    const round = roundById(ctx.db, input.roundId);
    const r = resultOf(ctx.db, round);
    const counts = roundCounts(ctx.db, r.setup.election.kind, round.id);
    return {
      roundId: round.id,
      number: round.number,
      kind: round.kind,
      phase: roundPhase(ctx.db, round.id),
      confirmed: r.confirmed,
      ...counts,
      tally: r.tally,
      warnings: r.warnings,
      plan: r.plan,
    };
  },

  'round.confirm': (ctx, input) => {
    const round = roundById(ctx.db, input.roundId);
    if (isConfirmed(ctx.db, round.id)) throw new Refusal('ROUND_CONFIRMED', `第 ${round.number} 轮的结果已经确认过了。`);
    if (round.id !== currentRound(ctx.db).id || currentPhase(ctx.db) !== 'counting') {
      throw new Refusal('WRONG_PHASE', '只能在计票阶段确认本轮结果。');
    }
    const counted = countedBallots(ctx.db, round.id);
    if (counted === 0) throw new Refusal('NO_BALLOTS', '本轮还没有录入任何选票，不能确认结果。');
    const summary = countSummary(ctx.db, round.id);
    if (!summary.collectedComplete || summary.collectedTotal === null) {
      const missing = summary.boxes.filter((b) => b.required && b.collected === null).map((b) => b.name);
      throw new Refusal('B3_COLLECTED_MISSING', `B3 还没有录入${missing.join('、') || '票箱'}的收回选票数，不能确认结果。`);
    }
    if (summary.collectedTotal !== counted) {
      throw new Refusal(
        'B3_COUNT_MISMATCH',
        `B3 票箱收回 ${summary.collectedTotal} 张，已录入 ${counted} 张，两者不相等。请补录漏录的选票、作废重复的记录，或更正收回数后再确认。`,
        { collected: summary.collectedTotal, counted },
      );
    }
    const open = openDoubtCount(ctx.db, round.id);
    if (open > 0) throw new Refusal('V6_DOUBTS_OPEN', `V6 还有 ${open} 张存疑票没有裁定，请监票人裁定并记录理由后再确认。`, { open });
    const r = resultOf(ctx.db, round);
    ctx.insert('round_confirmations', { round_id: round.id, result_json: JSON.stringify(r.tally), at: ctx.at, actor: ctx.actor });
    recordPhase(ctx, 'confirmed', round.id, `确认第 ${round.number} 轮结果`);
    return { roundId: round.id, result: r.tally, plan: r.plan, warnings: r.warnings.map((w) => ({ code: w.code, message: w.message })) };
  },

  'round.create': (ctx, input) => {
    const prevRound = currentRound(ctx.db);
    const prevResult = storedResult(ctx.db, prevRound.id);
    if (!prevResult) throw new Refusal('ROUND_NOT_CONFIRMED', `第 ${prevRound.number} 轮的结果还没有确认，请先确认后再开始下一轮。`);
    if (!prevResult.result.valid) {
      throw new Refusal('ROUND_INVALID', `第 ${prevRound.number} 轮选举无效，须按规定重新组织投票，不能进行再次投票或另行选举。`);
    }
    const prev = roundSetup(ctx.db, prevRound.id);
    const params = rulesOf(ctx.db);
    let planned: PlannedSeats[];
    if (input.kind === 'runoff') {
      if (input.candidateIds) throw new Refusal('RUNOFF_CANDIDATES_FIXED', '再次投票的候选人就是得票相等的人，不能另行指定。');
      planned = planRunoff(ctx, prev, prevResult.result);
    } else {
      if (prevResult.result.positions.some((p) => p.tied.length > 0)) {
        throw new Refusal('RUNOFF_FIRST', '上一轮有得票相等的情况，请先进行再次投票（E3），再另行选举。');
      }
      planned = planSupplementary(ctx, prev, params, input.candidateIds);
    }
    const id = ctx.insert('rounds', { number: prevRound.number + 1, kind: input.kind, parent_round_id: prevRound.id, at: ctx.at, actor: ctx.actor });
    for (const p of planned) {
      ctx.insert('round_seats', { round_id: id, pos_key: p.pos, seats: p.seats, at: ctx.at, actor: ctx.actor });
      for (const c of new Set(p.candidateIds)) ctx.insert('round_candidates', { round_id: id, candidate_id: c, at: ctx.at, actor: ctx.actor });
    }
    recordPhase(ctx, 'voting', id, input.kind === 'runoff' ? '得票相等，再次投票' : '另行选举');
    const round = roundById(ctx.db, id);
    const scenario: Scenario = scenarioFrom(ctx.db, roundSetup(ctx.db, id), { withBallots: false });
    const rw = ruleWarnings(scenario, undefined, { womenReservedPositions: reservedForWomen(ctx.db) });
    const warnings = rw.ok ? rw.value.map((w) => ({ code: w.code, message: w.message })) : [];
    return { ...roundInfo(ctx.db, round), warnings };
  },
};

export type { RoundPlan };
