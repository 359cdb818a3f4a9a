/**
 * The counting read side: what the station knows about a round's ballots, computed from the stored
 * facts by the rules engine — the round guards, the box counts (B3, B4), the batch subtotals of a
 * checkpoint, the tally (the same `tally()` as the CLI) and the live hall display. The counting
 * commands (commands/count.ts), the round commands and the forms read it; none of it writes.
 */
import { cached } from '../db/statements.js';
import { slot } from '../db/state.js';
import { Refusal } from '../../../shared/result.js';
import {
  ballotComparatorCheck,
  ballotContext,
  checkBallotIds,
  checkScenario,
  classifyChecked,
  countClassifiedDetailed,
  ScenarioBallotSchema,
  tallyDetailed,
  type BallotClassification,
  type BallotContext,
  type RelativeDecision,
  type RuleParams,
  type ScenarioBallot,
  type TallyResult,
} from '../../../shared/rules/index.js';
import type { Db } from '../db/open.js';
import { roundPhase, rulesOf, type Warning } from '../queries.js';
import {
  candidateKey,
  countedBallots,
  effectiveBallots,
  relativeFacts,
  roundCounts,
  roundSetup,
  scenarioFrom,
  storedBallots,
  type RoundSetup,
} from '../scenario-from-db.js';

export function isConfirmed(db: Db, roundId: number): boolean {
  return cached(db, 'SELECT 1 FROM round_confirmations WHERE round_id = ?').get(roundId) !== undefined;
}

export function refuseIfConfirmed(db: Db, roundId: number, number: number): void {
  if (isConfirmed(db, roundId)) {
    throw new Refusal('ROUND_CONFIRMED', `第 ${number} 轮的结果已经确认并锁定，不能再录入或更改。`, { roundId });
  }
}

export function ballotCtxOf(setup: RoundSetup, params: RuleParams): BallotContext {
  return ballotContext(
    {
      positions: setup.positions.map((p) => ({ id: p.key, name: p.name, seats: p.seats })),
      candidates: setup.candidates.map((c) => ({ id: candidateKey(c.id), name: c.name, position: c.position })),
    },
    params,
  );
}

/**
 * Votes per post from classified ballots, each with how many identical ballots it stands for: the
 * one loop the checkpoint subtotal and the hall display share (the tally itself is shared/rules').
 * A void part adds to its post's invalid count; every other part's selections are votes.
 */
class PostVotes {
  private readonly votes: Map<string, Map<string, number>>;
  private readonly invalid = new Map<string, number>();

  constructor(private readonly setup: RoundSetup) {
    this.votes = new Map(setup.positions.map((p) => [p.key, new Map()]));
  }

  add(cl: BallotClassification, count: number): void {
    for (const part of cl.positions) {
      if (part.status === 'void') {
        this.invalid.set(part.position, (this.invalid.get(part.position) ?? 0) + count);
        continue;
      }
      const m = this.votes.get(part.position);
      for (const n of part.selections) m?.set(n, (m.get(n) ?? 0) + count);
    }
  }

  /** A post's candidates with their votes (in the round's order), then the names written in. */
  of(key: string): { invalid: number; candidates: { id: number; name: string; number: number; votes: number }[]; writeIns: { name: string; votes: number }[] } {
    const m = this.votes.get(key) ?? new Map<string, number>();
    const cands = this.setup.candidates.filter((c) => c.position === key);
    const names = new Set(cands.map((c) => c.name));
    return {
      invalid: this.invalid.get(key) ?? 0,
      candidates: cands.map((c) => ({ id: c.id, name: c.name, number: c.number, votes: m.get(c.name) ?? 0 })),
      writeIns: [...m].filter(([n]) => !names.has(n)).map(([name, votes]) => ({ name, votes })),
    };
  }
}

/** Votes per candidate (and write-in) in the effective ballots seq from..to: the paper sheet's batch subtotal. */
export function batchSubtotals(db: Db, setup: RoundSetup, params: RuleParams, from: number, to: number) {
  const bctx = ballotCtxOf(setup, params);
  const live = storedBallots(db, setup.round.id, from, to).filter((b) => !b.voided);
  const votes = new PostVotes(setup);
  for (const b of live) votes.add(classifyChecked(b.effective, bctx), 1);
  return {
    fromSeq: from,
    uptoSeq: to,
    ballots: live.length,
    positions: setup.positions.map((p) => {
      const v = votes.of(p.key);
      return {
        key: p.key,
        name: p.name,
        votes: [
          ...v.candidates.map((c) => ({ candidateId: c.id, name: c.name, votes: c.votes })),
          ...v.writeIns.map((w) => ({ candidateId: null, name: w.name, votes: w.votes })),
        ],
      };
    }),
  };
}

export interface BoxRow {
  id: number;
  box_key: string;
  name: string;
  kind: 'fixed' | 'mobile';
  collected: number | null;
  at: string | null;
  issued: number | null;
}

export function boxRows(db: Db, roundId: number): BoxRow[] {
  return db
    .prepare(
      `SELECT b.id, b.box_key, b.name, b.kind, c.collected, c.at,
         (SELECT COUNT(*) FROM issues i WHERE i.round_id = ? AND i.box_id = b.id) AS issued
       FROM boxes b LEFT JOIN box_collections c ON c.id =
         (SELECT MAX(x.id) FROM box_collections x WHERE x.round_id = ? AND x.box_id = b.id)
       ORDER BY b.id`,
    )
    .all(roundId, roundId) as BoxRow[];
}

export function collectedOf(boxes: readonly BoxRow[]): number | null {
  const rows = boxes.filter((b) => b.collected !== null);
  return rows.length === 0 ? null : rows.reduce((n, b) => n + (b.collected ?? 0), 0);
}

function collectedTotal(db: Db, roundId: number): number | null {
  return collectedOf(boxRows(db, roundId));
}

export function countSummary(db: Db, roundId: number) {
  const setup = roundSetup(db, roundId);
  const params = rulesOf(db);
  const counts = roundCounts(db, setup.election.kind, roundId);
  const boxes = boxRows(db, roundId).map((b) => ({
    key: b.box_key,
    name: b.name,
    kind: b.kind,
    collected: b.collected,
    issued: b.kind === 'mobile' ? b.issued : null,
    required: b.kind === 'fixed' || (b.issued ?? 0) > 0,
    at: b.at,
  }));
  const entered = boxes.filter((b) => b.collected !== null);
  const total = entered.length === 0 ? null : entered.reduce((n, b) => n + (b.collected ?? 0), 0);
  const complete = boxes.every((b) => !b.required || b.collected !== null);
  const cmp = ballotComparatorCheck(total ?? 0, { participants: counts.participants, issued: counts.issued }, params.ballotComparator);
  const counted = countedBallots(db, roundId);
  const stats = db.prepare('SELECT printed, spoiled FROM round_stats WHERE round_id = ? ORDER BY id DESC LIMIT 1').get(roundId) as
    | { printed: number; spoiled: number }
    | undefined;
  const warnings: Warning[] = [];
  const cmpName = params.ballotComparator === 'issued' ? '发出选票数' : setup.election.kind === 'party_branch' ? '实到会人数' : '参加投票人数';
  if (total !== null && !cmp.ok) {
    warnings.push({
      code: 'B4_COLLECTED_EXCEEDS',
      message: `B4 收回选票 ${total} 张，多于${cmpName} ${cmp.comparatorValue}，本次选举无效，须重新投票。请先核对票箱收回数是否录错。`,
    });
  }
  const missing = boxes.filter((b) => b.required && b.collected === null);
  if (missing.length > 0) {
    warnings.push({ code: 'B3_COLLECTED_MISSING', message: `B3 还没有录入${missing.map((b) => b.name).join('、')}的收回选票数，请开箱清点后先录入再唱票。` });
  }
  if (total !== null && counted !== total && complete) {
    warnings.push({ code: 'B3_COUNT_DIFFERS', message: `已录入选票 ${counted} 张，票箱收回 ${total} 张，两者应相等；确认结果前请补录或核对。` });
  }
  const unused = stats ? stats.printed - counts.issued - stats.spoiled : null;
  if (unused !== null && unused < 0) {
    warnings.push({ code: 'B3_UNBALANCED', message: `B3 印制选票 ${stats?.printed ?? 0} 张少于发出 ${counts.issued} 张加作废换发 ${stats?.spoiled ?? 0} 张，请核对印制数。` });
  }
  return {
    roundId,
    boxes,
    collectedTotal: total,
    collectedComplete: complete,
    participants: counts.participants,
    issued: counts.issued,
    comparator: params.ballotComparator,
    comparatorValue: cmp.comparatorValue,
    ballotsCounted: counted,
    printed: stats?.printed ?? null,
    spoiled: stats?.spoiled ?? null,
    unused,
    warnings,
  };
}

/**
 * Per ballot group (the cached group objects of effectiveBallots, stable while the round only gains
 * ballots): the group as the scenario schema parsed it and its classification, under the checked
 * scenario (positions, candidates, rules) they were computed for.
 */
const CHECKED_GROUPS = slot('checked groups', () => new WeakMap<ScenarioBallot, { sig: string; parsed: ScenarioBallot; cl: BallotClassification }>());

/**
 * tally(scenarioFrom(db, setup)) without redoing, on every count, the per-group work of groups it
 * has already seen: the scenario without its ballots goes through checkScenario, each new group
 * through the scenario's ballot schema, checkBallotIds and classifyChecked, and countClassified
 * counts — the same functions `tally` runs, so the result is the same. Anything that does not check
 * returns undefined, and the caller runs the full `tally` for its exact error.
 */
function tallyFromGroups(db: Db, setup: RoundSetup): { result: TallyResult; relatives: RelativeDecision[] } | undefined {
  const checked = checkScenario(scenarioFrom(db, setup, { withBallots: false }));
  if (!checked.ok) return undefined;
  const { scenario, params, ctx } = checked.value;
  const sig = JSON.stringify([scenario.kind, scenario.round, scenario.positions, scenario.candidates, params]);
  const groups = effectiveBallots(db, setup.round.id).groups;
  const checkedGroups = db.state.get(CHECKED_GROUPS);
  const ballots: ScenarioBallot[] = [];
  const classifications: BallotClassification[] = [];
  for (const g of groups) {
    let memo = checkedGroups.get(g);
    if (!memo || memo.sig !== sig) {
      const parsed = ScenarioBallotSchema.safeParse(g);
      if (!parsed.success || !checkBallotIds(parsed.data, ctx, 'ballot').ok) return undefined;
      memo = { sig, parsed: parsed.data, cl: classifyChecked(parsed.data, ctx) };
      checkedGroups.set(g, memo);
    }
    // The count is the only part of a group that changes; it is a positive integer by construction.
    if (!Number.isInteger(g.count) || g.count < 1) return undefined;
    ballots.push({ ...memo.parsed, count: g.count });
    classifications.push(memo.cl);
  }
  return countClassifiedDetailed({ ...scenario, ballots }, params, classifications, { relationLabel: relativeFacts(db, setup.round, params).relationLabel });
}

/** The round's tally by the rules engine (the CLI's `tally` on scenarioForRound). */
export function tallyRound(db: Db, roundId: number): TallyResult {
  return tallyRoundDetailed(db, roundId).result;
}

/** tallyRound with the E8 decisions it applied (who yields to a close relative, and why). */
export function tallyRoundDetailed(db: Db, roundId: number): { result: TallyResult; relatives: RelativeDecision[] } {
  const setup = roundSetup(db, roundId);
  const fast = tallyFromGroups(db, setup);
  if (fast) return fast;
  const r = tallyDetailed(scenarioFrom(db, setup), { relationLabel: relativeFacts(db, setup.round).relationLabel });
  if (!r.ok) throw new Refusal('TALLY_FAILED', `无法计算第 ${setup.round.number} 轮结果：${r.error.message}`, r.error.details);
  return { result: r.value.result, relatives: r.value.relatives };
}

const LIVE_GROUPS = slot('live groups', () => new WeakMap<ScenarioBallot, { sig: string; cl: BallotClassification }>());

export function liveOf(db: Db, roundId: number | undefined) {
  const setup = roundSetup(db, roundId);
  const params = rulesOf(db);
  const bctx = ballotCtxOf(setup, params);
  const sig = JSON.stringify([bctx.positions, [...bctx.candidates.values()], params]);
  const eff = effectiveBallots(db, setup.round.id);
  const liveGroups = db.state.get(LIVE_GROUPS);
  let valid = 0;
  let invalid = 0;
  let blank = 0;
  const votes = new PostVotes(setup);
  for (const g of eff.groups) {
    // A group's classification is kept until the positions, candidates or rules change.
    let memo = liveGroups.get(g);
    if (!memo || memo.sig !== sig) {
      memo = { sig, cl: classifyChecked(g, bctx) };
      liveGroups.set(g, memo);
    }
    const cl = memo.cl;
    if (cl.status === 'void') invalid += g.count;
    else valid += g.count;
    if (cl.status === 'blank') blank += g.count;
    votes.add(cl, g.count);
  }
  return {
    title: setup.election.title,
    drill: setup.election.drill === 1,
    roundKind: setup.round.kind,
    roundId: setup.round.id,
    roundNumber: setup.round.number,
    phase: roundPhase(db, setup.round.id),
    ballotsCounted: eff.counted,
    collected: collectedTotal(db, setup.round.id),
    valid,
    invalid,
    blank,
    doubtful: eff.openDoubts,
    lastSeq: eff.lastSeq,
    positions: setup.positions.map((p) => {
      const v = votes.of(p.key);
      return { key: p.key, name: p.name, seats: p.seats, invalid: v.invalid, candidates: v.candidates, writeIns: v.writeIns.sort((a, b) => b.votes - a.votes) };
    }),
  };
}
