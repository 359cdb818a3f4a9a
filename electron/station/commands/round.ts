/**
 * Rounds (E3, E4, E6, E7, E8, P6, P9): the result of a round with the engine's warnings and the plan
 * for the whole election, confirming (which locks the round), the decisions that end an election
 * with seats unfilled (E6 leave empty, P9 reduce the seats), and creating the run-off or 另行选举
 * round that follows. Every decision is the rules engine's (planElection, tally with E8); this file
 * gathers the stored facts and writes the rows.
 */
import type { roundContract } from '../../../shared/contract/round.js';
import { Refusal } from '../../../shared/result.js';
import {
  planElection,
  reconcileBallots,
  ruleWarnings,
  supplementaryWant,
  type PlanRound,
  type RelativeDecision,
  type RoundPlan,
  type Scenario,
  type TallyResult,
} from '../../../shared/rules/index.js';
import type { Ctx, HandlersFor } from '../context.js';
import type { Db } from '../db/open.js';
import { currentPhase, currentRound, electionRow, positions, roundById, roundPhase, rulesOf, VOTERS, type RoundRow } from '../queries.js';
import { countedBallots, openDoubtCount, relativeFacts, roundCounts, roundSetup, scenarioFrom, storedResult, type RoundSetup } from '../scenario-from-db.js';
import { countSummary, isConfirmed, tallyRoundDetailed } from '../projection/counting.js';
import { recordPhase } from '../phase.js';
import { writeInVoterIds } from '../ballot-marks.js';

type Warning = { code: string; message: string };

function allRounds(db: Db): RoundRow[] {
  return db.prepare('SELECT * FROM rounds ORDER BY number').all() as RoundRow[];
}

const REASON_TEXT: Record<string, { rule: string; message: string }> = {
  TURNOUT_NOT_MAJORITY: { rule: 'E1', message: 'E1 参加投票的选民没有超过登记选民的半数，本次选举无效，须重新投票。' },
  QUORUM_NOT_MET: { rule: 'P4', message: 'P4 到会有选举权的党员不足应到会人数的五分之四，不能进行选举。' },
  BALLOTS_EXCEED_COMPARATOR: { rule: 'B4', message: 'B4 收回选票数多于投票人数（或发出选票数），本次选举无效，须重新投票。' },
};

/** E7: positions flagged 妇女委员 in the position settings. */
const reservedForWomen = (db: Db): string[] => positions(db).filter((p) => p.womenReserved).map((p) => p.key);

/** Each post's seats after P9 reductions (the latest reduction of a post counts). */
function effectiveSeats(db: Db): { id: string; name: string; seats: number }[] {
  const reduced = new Map(
    (db.prepare('SELECT pos_key, seats_after FROM seat_reductions ORDER BY id').all() as { pos_key: string; seats_after: number }[]).map((r) => [r.pos_key, r.seats_after]),
  );
  return positions(db).map((p) => ({ id: p.key, name: p.name, seats: reduced.get(p.key) ?? p.seats }));
}

/** E6: seats the assembly decided to leave empty, per post. */
function leftEmpty(db: Db): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of db.prepare('SELECT pos_key, seats FROM seat_vacancies ORDER BY id').all() as { pos_key: string; seats: number }[]) out[r.pos_key] = (out[r.pos_key] ?? 0) + r.seats;
  return out;
}

/** People who can no longer stand: removed from the roll, or not qualified on review (E10). */
function ineligible(db: Db): Set<string> {
  const removed = db.prepare(`SELECT v.name FROM ${VOTERS} v JOIN voter_removals r ON r.voter_id = v.id`).pluck().all() as string[];
  const failed = db
    .prepare(
      `SELECT v.name FROM candidates c JOIN ${VOTERS} v ON v.id = c.voter_id
       JOIN candidate_reviews rv ON rv.id = (SELECT MAX(id) FROM candidate_reviews x WHERE x.candidate_id = c.id) WHERE rv.outcome = 'failed'`,
    )
    .pluck()
    .all() as string[];
  return new Set([...removed, ...failed]);
}

interface RoundState {
  round: RoundRow;
  setup: RoundSetup;
  tally: TallyResult;
  relatives: RelativeDecision[];
  confirmed: boolean;
}

/** A round's result: the stored one once confirmed, else the count so far. */
function roundState(db: Db, round: RoundRow): RoundState {
  const setup = roundSetup(db, round.id);
  const stored = storedResult(db, round.id);
  if (stored) {
    // The E8 decisions of a confirmed round, for their words: the same tally over the locked ballots.
    const relatives = stored.result.positions.some((p) => p.yielded.length > 0 || p.tied.length > 0) ? tallyRoundDetailed(db, round.id).relatives : [];
    return { round, setup, tally: stored.result, relatives, confirmed: true };
  }
  const t = tallyRoundDetailed(db, round.id);
  return { round, setup, tally: t.result, relatives: t.relatives, confirmed: false };
}

/** The plan for the whole election after `upTo` (its result stored or provisional). */
function electionPlan(db: Db, upTo: RoundRow, current?: RoundState): RoundPlan {
  const e = electionRow(db);
  const params = rulesOf(db);
  const rounds: PlanRound[] = [];
  for (const r of allRounds(db)) {
    if (r.number > upTo.number) break;
    const st = r.id === current?.round.id ? current : r.number === upTo.number ? roundState(db, r) : undefined;
    const result = st?.tally ?? storedResult(db, r.id)?.result;
    if (!result) continue;
    const setup = st?.setup ?? roundSetup(db, r.id);
    rounds.push({ number: r.number, kind: r.kind, result, candidates: setup.candidates.map((c) => ({ name: c.name, position: c.position, gender: c.gender })) });
  }
  const { relatives } = relativeFacts(db, upTo, params);
  return planElection({
    kind: e.kind,
    params,
    positions: effectiveSeats(db),
    rounds,
    relatives: relatives.map(([a, b]) => ({ a, b })),
    ineligible: ineligible(db),
    leftEmpty: leftEmpty(db),
  });
}

function resultOf(db: Db, round: RoundRow) {
  const st = roundState(db, round);
  const scenario = scenarioFrom(db, st.setup, { withBallots: false });
  const plan = electionPlan(db, round, st);
  const rw = ruleWarnings(scenario, st.tally, { womenReservedPositions: reservedForWomen(db) });
  if (!rw.ok) throw new Refusal(rw.error.code, rw.error.message);
  const warnings = [
    ...st.tally.reasons.map((r) => ({ code: r, rule: REASON_TEXT[r]?.rule ?? '', message: REASON_TEXT[r]?.message ?? r })),
    ...rw.value.map((w) => ({ code: w.code, rule: w.rule, message: w.message })),
    ...st.relatives.map((c) => ({ code: c.reason === 'tie' ? 'E8_RELATIVES_RUNOFF' : c.vacancy === 'succession' ? 'E8_SUCCESSION' : 'E8_RELATIVES', rule: c.rule, message: c.message })),
    ...(plan.stop ? [{ code: `${plan.stop.rule}_${plan.stop.may ? 'MAY_STOP' : 'MUST_CONTINUE'}`, rule: plan.stop.rule, message: plan.stop.message }] : []),
    ...plan.notes.map((n) => ({ code: 'E8_NOT_CANDIDATE', rule: 'E8', message: n })),
  ];
  return { ...st, scenario, plan, warnings };
}

function decisionsOf(db: Db) {
  const names = new Map(positions(db).map((p) => [p.key, p.name]));
  const reductions = db.prepare('SELECT pos_key, seats_before, seats_after, consent, electors, ref, at, actor FROM seat_reductions ORDER BY id').all() as {
    pos_key: string;
    seats_before: number;
    seats_after: number;
    consent: number;
    electors: number;
    ref: string;
    at: string;
    actor: string;
  }[];
  const vacancies = db.prepare('SELECT pos_key, seats, reason, at, actor FROM seat_vacancies ORDER BY id').all() as { pos_key: string; seats: number; reason: string; at: string; actor: string }[];
  return [
    ...reductions.map((r) => ({
      kind: 'reduce' as const,
      position: r.pos_key,
      name: names.get(r.pos_key) ?? r.pos_key,
      seats: r.seats_after,
      text: `${names.get(r.pos_key) ?? r.pos_key}应选名额由 ${r.seats_before} 名减为 ${r.seats_after} 名，经选举人 ${r.electors} 人中 ${r.consent} 人同意（过半数）${r.ref ? `，${r.ref}` : ''}。`,
      at: r.at,
      actor: r.actor,
    })),
    ...vacancies.map((v) => ({
      kind: 'leave_empty' as const,
      position: v.pos_key,
      name: names.get(v.pos_key) ?? v.pos_key,
      seats: v.seats,
      text: `${names.get(v.pos_key) ?? v.pos_key}空缺 ${v.seats} 名，不再另行选举：${v.reason}`,
      at: v.at,
      actor: v.actor,
    })),
  ];
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

/** The last round, confirmed, with a valid result: the point where the election may go on or stop. */
function afterConfirmedRound(ctx: Ctx): { round: RoundRow; plan: RoundPlan } {
  const round = currentRound(ctx.db);
  const stored = storedResult(ctx.db, round.id);
  if (!stored) throw new Refusal('ROUND_NOT_CONFIRMED', `第 ${round.number} 轮的结果还没有确认，请先确认后再决定下一步。`);
  if (!stored.result.valid) {
    throw new Refusal('ROUND_INVALID', `第 ${round.number} 轮选举无效，须按规定重新组织投票，不能进行再次投票或另行选举。`);
  }
  return { round, plan: electionPlan(ctx.db, round) };
}

// ---------------------------------------------------------------------------------------------
// Next round

/**
 * The candidate row for a person named in a result under a position: a candidate of that round,
 * else any candidate of the position, else a write-in resolved to one voter (a new candidate row,
 * recorded as made for the new round, since its ballot lists them).
 */
function candidateFor(ctx: Ctx, setup: RoundSetup, pos: string, name: string, forRound: number): number {
  const inRound = setup.candidates.find((c) => c.position === pos && c.name === name);
  if (inRound) return inRound.id;
  const anyRow = ctx.db
    .prepare(
      `SELECT c.id FROM candidates c JOIN ${VOTERS} v ON v.id = c.voter_id WHERE c.pos_key = ? AND v.name = ?
       AND NOT EXISTS (SELECT 1 FROM candidate_withdrawals w WHERE w.candidate_id = c.id) ORDER BY c.id`,
    )
    .all(pos, name) as { id: number }[];
  if (anyRow.length === 1 && anyRow[0]) return anyRow[0].id;
  const voters = writeInVoterIds(ctx.db, { pos, name });
  const v = voters[0];
  if (voters.length !== 1 || v === undefined) {
    throw new Refusal('CANDIDATE_UNRESOLVED', `“${name}”是另选他人，无法确定是名单上的哪一位，请先由选举委员会确认后登记为候选人。`);
  }
  const id = ctx.insert('candidates', {
    voter_id: v,
    pos_key: pos,
    education: 'other',
    party_member: setup.election.kind === 'party_branch',
    at: ctx.at,
    actor: ctx.actor,
  });
  ctx.insert('candidate_origins', { candidate_id: id, round_id: forRound, at: ctx.at, actor: ctx.actor });
  return id;
}

function activeCandidate(db: Db, candidateId: number): { name: string; pos: string } | undefined {
  const r = db.prepare(`SELECT v.name, c.pos_key AS pos FROM candidates c JOIN ${VOTERS} v ON v.id = c.voter_id WHERE c.id = ?`).get(candidateId) as
    | { name: string; pos: string }
    | undefined;
  return r;
}

interface PlannedSeats {
  pos: string;
  name: string;
  seats: number;
  names: string[];
}

/** Setup of the round whose scores decide a post's 另行选举 candidates (the latest that contested it). */
function latestSetupOf(db: Db, pos: string): RoundSetup | undefined {
  let found: RoundSetup | undefined;
  for (const r of allRounds(db)) {
    const s = storedResult(db, r.id);
    if (s?.result.valid && s.result.positions.some((p) => p.id === pos)) found = roundSetup(db, r.id);
  }
  return found;
}

/**
 * E4 / E6: the posts and candidates of a 另行选举. By default the plan's; the committee may choose
 * (still the highest-scoring, E4). Leaving out a post leaves its seats empty, which E6 must allow.
 */
function supplementarySeats(ctx: Ctx, plan: RoundPlan, chosenIds: number[] | undefined): { planned: PlannedSeats[]; emptied: PlannedSeats[] } {
  if (!chosenIds) return { planned: plan.positions.map((p) => ({ pos: p.position, name: p.name, seats: p.seats, names: p.candidates })), emptied: [] };
  const chosen = chosenIds.map((id) => ({ id, info: activeCandidate(ctx.db, id) }));
  for (const c of chosen) if (!c.info) throw new Refusal('CANDIDATE_NOT_FOUND', `没有编号为 ${c.id} 的候选人。`);
  const planned: PlannedSeats[] = [];
  const emptied: PlannedSeats[] = [];
  for (const p of plan.positions) {
    const names = chosen.filter((c) => c.info?.pos === p.position).map((c) => c.info?.name ?? '');
    if (names.length === 0) {
      emptied.push({ pos: p.position, name: p.name, seats: p.seats, names: [] });
      continue;
    }
    const pool = p.pool ?? p.candidates.map((n) => ({ name: n, votes: 0 }));
    const votes = new Map(pool.map((x) => [x.name, x.votes]));
    for (const n of names) {
      if (!votes.has(n)) {
        throw new Refusal('E4_NOT_ELIGIBLE', `E4 ${n} 不在${p.name}上一轮未当选的得票人中（或已当选、与已当选的人是近亲属、已不在名单上），不能作为另行选举候选人。`);
      }
    }
    const lowest = Math.min(...names.map((n) => votes.get(n) ?? 0));
    const skipped = pool.filter((x) => !names.includes(x.name) && x.votes > lowest).map((x) => x.name);
    if (skipped.length > 0) throw new Refusal('E4_NOT_HIGHEST', `E4 另行选举候选人应按上一轮得票多少确定：${skipped.join('、')} 得票高于所选的候选人，不能跳过。`);
    planned.push({ pos: p.position, name: p.name, seats: p.seats, names });
  }
  for (const c of chosen) {
    if (!plan.positions.some((p) => p.position === c.info?.pos)) throw new Refusal('E4_POSITION_FILLED', `${c.info?.name ?? ''} 所在职位已经没有空缺名额。`);
  }
  if (emptied.length > 0 && !(plan.stop?.may ?? false)) {
    throw new Refusal('E6_MUST_CONTINUE', `${emptied.map((p) => p.name).join('、')}尚缺的名额应当另行选举，不能空缺：${plan.stop?.message ?? ''}`);
  }
  return { planned, emptied };
}

// ---------------------------------------------------------------------------------------------

export const roundHandlers: HandlersFor<typeof roundContract> = {
  'round.setPrinted': (ctx, input) => {
    const round = currentRound(ctx.db);
    if (isConfirmed(ctx.db, round.id)) throw new Refusal('ROUND_CONFIRMED', `第 ${round.number} 轮的结果已经确认并锁定，不能再录入。`);
    ctx.insert('round_stats', { round_id: round.id, printed: input.printed, spoiled: input.spoiled, at: ctx.at, actor: ctx.actor });
    const { issued } = roundCounts(ctx.db, roundSetup(ctx.db, round.id).election.kind, round.id);
    const r = reconcileBallots(input.printed, issued, input.spoiled, input.unused);
    const warnings: Warning[] = r.finding ? [{ code: r.finding.code, message: r.finding.message }] : [];
    return { roundId: round.id, printed: input.printed, spoiled: input.spoiled, issued, unused: r.unused, balanced: r.balanced, warnings };
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
      relatives: r.relatives,
      decisions: decisionsOf(ctx.db),
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

  'round.leaveUnfilled': (ctx, input) => {
    const { round, plan } = afterConfirmedRound(ctx);
    if (plan.next === 'runoff') throw new Refusal('RUNOFF_FIRST', '还有得票相等须再次投票的名额（E3），请先进行再次投票。');
    const open = plan.status.filter((st) => st.unfilled > 0);
    if (open.length === 0) throw new Refusal('NOTHING_UNFILLED', '所有职位都已选足，没有空缺的名额。');
    if (!plan.stop?.may) throw new Refusal('E6_MUST_CONTINUE', `不能空缺：${plan.stop?.message ?? '尚缺的名额应当另行选举（E6）。'}`);
    for (const st of open) ctx.insert('seat_vacancies', { round_id: round.id, pos_key: st.position, seats: st.unfilled, reason: input.reason, at: ctx.at, actor: ctx.actor });
    return { plan: electionPlan(ctx.db, round) };
  },

  'round.reduceSeats': (ctx, input) => {
    const e = electionRow(ctx.db);
    if (e.kind !== 'party_branch') throw new Refusal('P9_PARTY_ONLY', '减少应选名额（P9）只适用于党组织委员会的选举；村民委员会尚缺的名额按 E6 另行选举或空缺。');
    const { round, plan } = afterConfirmedRound(ctx);
    if (plan.next === 'runoff') throw new Refusal('RUNOFF_FIRST', '还有得票相等须再次投票的名额，请先进行再次投票。');
    const st = plan.status.find((x) => x.position === input.position);
    if (!st) throw new Refusal('POSITION_NOT_FOUND', `没有职位“${input.position}”。`);
    if (st.unfilled <= 0) throw new Refusal('NOTHING_UNFILLED', `${st.name}已经选足，不需要减少名额。`);
    const elected = st.elected.length;
    if (input.seats < elected || input.seats >= st.seats) {
      throw new Refusal('P9_SEATS', `${st.name}已当选 ${elected} 名，原应选 ${st.seats} 名：减少后的名额应不少于 ${elected} 名、少于 ${st.seats} 名（P9）。`);
    }
    const electors = input.electors ?? roundCounts(ctx.db, e.kind, round.id).participants;
    if (input.consent > electors) throw new Refusal('P9_CONSENT', `同意人数 ${input.consent} 多于选举人数 ${electors}，请核对（P9）。`);
    if (!(2 * input.consent > electors)) {
      throw new Refusal('P9_NO_MAJORITY', `减少名额须经过半数选举人同意：选举人 ${electors} 人，同意 ${input.consent} 人，未过半数（P9）。尚缺的名额应当另行选举。`, {
        electors,
        consent: input.consent,
      });
    }
    ctx.insert('seat_reductions', {
      round_id: round.id,
      pos_key: st.position,
      seats_before: st.seats,
      seats_after: input.seats,
      consent: input.consent,
      electors,
      ref: input.ref ?? '',
      at: ctx.at,
      actor: ctx.actor,
    });
    return { plan: electionPlan(ctx.db, round) };
  },

  'round.create': (ctx, input) => {
    const { round: prevRound, plan } = afterConfirmedRound(ctx);
    let planned: PlannedSeats[];
    let emptied: PlannedSeats[] = [];
    if (input.kind === 'runoff') {
      if (input.candidateIds) throw new Refusal('RUNOFF_CANDIDATES_FIXED', '再次投票的候选人就是得票相等的人，不能另行指定。');
      if (plan.next !== 'runoff') throw new Refusal('NO_TIE', '没有得票相等需要再次投票的情况（E3）。');
      planned = plan.positions.map((p) => ({ pos: p.position, name: p.name, seats: p.seats, names: p.candidates }));
    } else {
      if (plan.next === 'runoff') throw new Refusal('RUNOFF_FIRST', '上一轮有得票相等的情况，请先进行再次投票（E3），再另行选举。');
      if (plan.next !== 'supplementary') throw new Refusal('NOTHING_UNFILLED', '所有职位都已选足（或已决定空缺），不需要另行选举。');
      ({ planned, emptied } = supplementarySeats(ctx, plan, input.candidateIds));
      for (const p of planned) {
        const want = supplementaryWant(electionRow(ctx.db).kind, p.seats, rulesOf(ctx.db));
        if (p.names.length <= p.seats) {
          throw new Refusal(
            'E4_TOO_FEW_CANDIDATES',
            `E4 另行选举${p.name}应选 ${p.seats} 名，候选人应多于应选人数（至少 ${want} 名），现在只有 ${p.names.length} 名符合条件的人。`,
            { position: p.pos, seats: p.seats, candidates: p.names },
          );
        }
      }
      if (planned.length === 0) throw new Refusal('NOTHING_UNFILLED', '没有要另行选举的职位。');
    }
    const setups = new Map(planned.map((p) => [p.pos, latestSetupOf(ctx.db, p.pos) ?? roundSetup(ctx.db, prevRound.id)]));
    const id = ctx.insert('rounds', { number: prevRound.number + 1, kind: input.kind, parent_round_id: prevRound.id, at: ctx.at, actor: ctx.actor });
    for (const p of planned) {
      const setup = setups.get(p.pos) ?? roundSetup(ctx.db, prevRound.id);
      ctx.insert('round_seats', { round_id: id, pos_key: p.pos, seats: p.seats, at: ctx.at, actor: ctx.actor });
      const ids = p.names.map((n) => candidateFor(ctx, setup, p.pos, n, id));
      for (const c of new Set(ids)) ctx.insert('round_candidates', { round_id: id, candidate_id: c, at: ctx.at, actor: ctx.actor });
    }
    for (const p of emptied) {
      ctx.insert('seat_vacancies', { round_id: prevRound.id, pos_key: p.pos, seats: p.seats, reason: '另行选举时选举大会决定不再选举这一职位（E6）', at: ctx.at, actor: ctx.actor });
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
