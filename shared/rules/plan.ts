/**
 * After a round: warnings the committee must see (E4, E6, E7, P6) and what round comes next
 * (run-off for ties, 另行选举 for unfilled seats, a repeat when the vote did not stand). Kept apart
 * from `tally` because the tally output is a fixed format and these are advice, not counts.
 */
import { fail, ok, type Result } from '../result.js';
import { partyMarginRequired, type RuleParams } from './params.js';
import type { ScenarioInput, TallyResult } from './scenario.js';
import { checkScenario } from './tally.js';

export interface RuleWarning {
  code: string;
  rule: 'E4' | 'E6' | 'E7' | 'P6';
  severity: 'warning' | 'info';
  /** Chinese, for the result screen. */
  message: string;
  position?: string;
}

export interface PlannedPosition {
  position: string;
  name: string;
  seats: number;
  /** Names, best first. */
  candidates: string[];
}

export interface RoundPlan {
  next: 'none' | 'repeat' | 'runoff' | 'supplementary';
  /** The positions of the next round. */
  positions: PlannedPosition[];
  /** When a run-off comes first: seats that will still need 另行选举 afterwards (candidates provisional). */
  thenSupplementary: PlannedPosition[];
  /** E6: enough members are elected that the assembly may leave the remaining seats empty. */
  mayLeaveUnfilled: boolean;
  /** E7 at_least_one: no woman elected; a 另行选举 for a woman member is needed. */
  women?: PlannedPosition;
  message: string;
}

export interface PlanOptions {
  /** Members elected in earlier rounds of this election (E6 counts the whole committee). */
  electedBefore?: number;
  /** A woman was elected in an earlier round (E7). */
  womanElectedBefore?: boolean;
}

const WOMEN_POSITION = /妇女/;

const isVillagersLike = (kind: string): boolean => kind !== 'party_branch';

function femaleNames(s: { candidates: ReadonlyArray<{ name: string; gender?: 'M' | 'F' | undefined }> }): Set<string> {
  return new Set(s.candidates.filter((c) => c.gender === 'F').map((c) => c.name));
}

/**
 * Candidates for 另行选举 (E4): the highest-scoring people not elected (and not awaiting a run-off)
 * anywhere in this round, more of them than seats — for the Party at least the P6 margin. A tie at
 * the edge of the list brings in everyone tied, because choosing among equals is not the engine's call.
 */
function supplementaryCandidates(order: readonly string[], votes: Readonly<Record<string, number>>, taken: ReadonlySet<string>, want: number): string[] {
  const pool = order.filter((n) => !taken.has(n));
  if (pool.length <= want) return pool;
  const edge = votes[pool[want - 1] ?? ''] ?? 0;
  return pool.filter((n, i) => i < want || (votes[n] ?? 0) === edge);
}

function wantFor(kind: string, seats: number, params: RuleParams): number {
  return kind === 'party_branch' ? Math.max(seats + 1, partyMarginRequired(seats, params.partyMarginPercent)) : seats + 1;
}

export function planNextRound(scenario: ScenarioInput, result: TallyResult, opts: PlanOptions = {}): Result<RoundPlan> {
  const checked = checkScenario(scenario);
  if (!checked.ok) return checked;
  const { scenario: s, params } = checked.value;
  if (result.positions.length !== s.positions.length) return fail('PLAN_MISMATCH', '结果与选举设置的职位不一致，无法安排下一轮。');

  if (!result.valid) {
    const why: Record<string, string> = {
      TURNOUT_NOT_MAJORITY: '参加投票的选民未过登记选民的半数（E1）',
      QUORUM_NOT_MET: '到会有选举权的党员不足应到会人数的五分之四（P4）',
      BALLOTS_EXCEED_COMPARATOR: '收回选票数多于发出选票数或投票人数（B4）',
    };
    return ok({
      next: 'repeat',
      positions: s.positions.map((p) => ({ position: p.id, name: p.name, seats: p.seats, candidates: s.candidates.filter((c) => c.position === p.id).map((c) => c.name) })),
      thenSupplementary: [],
      mayLeaveUnfilled: false,
      message: `本轮选举无效：${result.reasons.map((r) => why[r] ?? r).join('；')}。须重新投票。`,
    });
  }

  const taken = new Set<string>();
  for (const p of result.positions) for (const n of [...p.elected, ...p.tied]) taken.add(n);
  const runoff: PlannedPosition[] = [];
  const supplementary: PlannedPosition[] = [];
  for (const [i, p] of result.positions.entries()) {
    const pos = s.positions[i];
    if (!pos) continue;
    if (p.tied.length > 0) runoff.push({ position: p.id, name: pos.name, seats: p.seats - p.elected.length, candidates: [...p.tied] });
    if (p.unfilled > 0) {
      const order = Object.keys(p.votes);
      supplementary.push({ position: p.id, name: pos.name, seats: p.unfilled, candidates: supplementaryCandidates(order, p.votes, taken, wantFor(s.kind, p.unfilled, params)) });
    }
  }

  const electedNow = result.positions.reduce((n, p) => n + p.elected.length, 0);
  const electedTotal = electedNow + (opts.electedBefore ?? 0);
  // E6 is a villagers' committee rule; the Party branch fills its seats by 另行选举 (P9).
  const mayLeaveUnfilled = isVillagersLike(s.kind) && supplementary.length > 0 && runoff.length === 0 && electedTotal >= params.minElectedToStop;

  let women: PlannedPosition | undefined;
  if (isVillagersLike(s.kind) && params.womenRule === 'at_least_one' && !opts.womanElectedBefore) {
    const female = femaleNames(s);
    const womanIn = result.positions.some((p) => p.elected.some((n) => female.has(n)) || p.tied.some((n) => female.has(n)));
    const last = result.positions[result.positions.length - 1];
    const lastPos = s.positions[s.positions.length - 1];
    if (!womanIn && last && lastPos && (s.round === 'main' || opts.womanElectedBefore === false)) {
      const order = Object.keys(last.votes).filter((n) => female.has(n) && !taken.has(n));
      women = { position: last.id, name: lastPos.name, seats: 1, candidates: order };
    }
  }

  const base = { thenSupplementary: [] as PlannedPosition[], mayLeaveUnfilled, ...(women ? { women } : {}) };
  const womenNote = women ? ' 当选人中没有妇女，须另行选举妇女成员（E7）。' : '';
  if (runoff.length > 0) {
    return ok({
      ...base,
      next: 'runoff',
      positions: runoff,
      thenSupplementary: supplementary,
      message: `${runoff.map((r) => `${r.name}有 ${r.candidates.length} 人得票相等，就剩余 ${r.seats} 个名额进行再次投票`).join('；')}。${womenNote}`,
    });
  }
  if (supplementary.length > 0) {
    const stop = mayLeaveUnfilled ? `已当选 ${electedTotal} 名，不少于 ${params.minElectedToStop} 名，也可以不再另行选举（E6）。` : '';
    return ok({
      ...base,
      next: 'supplementary',
      positions: supplementary,
      message: `${supplementary.map((p) => `${p.name}尚缺 ${p.seats} 名，另行选举，候选人 ${p.candidates.join('、') || '（无）'}`).join('；')}。${stop}${womenNote}`,
    });
  }
  return ok({ ...base, next: women ? 'supplementary' : 'none', positions: women ? [women] : [], message: women ? womenNote.trim() : '所有职位均已选出。' });
}

export interface WarningOptions {
  /**
   * E7 reserved_seat: ids of the positions set aside for a woman (the station's 妇女委员 flag). A
   * position whose name says 妇女 counts as reserved too, so a scenario file needs no flag.
   */
  womenReservedPositions?: readonly string[];
}

/** Warnings for a round (before voting: P6, E4, E7 reserved seat; after counting: E6, E7). */
export function ruleWarnings(scenario: ScenarioInput, result?: TallyResult, opts: WarningOptions = {}): Result<RuleWarning[]> {
  const checked = checkScenario(scenario);
  if (!checked.ok) return checked;
  const { scenario: s, params } = checked.value;
  const out: RuleWarning[] = [];
  const countOf = (pos: string): number => s.candidates.filter((c) => c.position === pos).length;

  for (const p of s.positions) {
    const n = countOf(p.id);
    if (s.kind === 'party_branch' && s.round === 'main') {
      const need = partyMarginRequired(p.seats, params.partyMarginPercent);
      if (n < need) {
        out.push({
          code: 'P6_MARGIN',
          rule: 'P6',
          severity: 'warning',
          position: p.id,
          message: `${p.name}应选 ${p.seats} 名，差额选举候选人应不少于 ${need} 名（多于应选人数 ${params.partyMarginPercent}%），现有 ${n} 名（P6）。`,
        });
      }
    }
    if (s.round === 'supplementary' && n <= p.seats) {
      out.push({
        code: 'E4_NO_MARGIN',
        rule: 'E4',
        severity: 'warning',
        position: p.id,
        message: `另行选举${p.name}应选 ${p.seats} 名，候选人应多于应选人数，现有 ${n} 名（E4）。`,
      });
    }
  }

  if (isVillagersLike(s.kind) && params.womenRule === 'reserved_seat') {
    const reserved = s.positions.filter((p) => WOMEN_POSITION.test(p.name) || (opts.womenReservedPositions ?? []).includes(p.id));
    if (reserved.length === 0 && s.round === 'main') {
      out.push({ code: 'E7_NO_RESERVED_SEAT', rule: 'E7', severity: 'warning', message: '本省办法要求专设妇女委员职位，选举设置中没有（E7）。' });
    }
    for (const p of reserved) {
      const men = s.candidates.filter((c) => c.position === p.id && c.gender === 'M').map((c) => c.name);
      if (men.length > 0) {
        out.push({ code: 'E7_RESERVED_SEAT_MALE', rule: 'E7', severity: 'warning', position: p.id, message: `${p.name}职位的候选人应为妇女：${men.join('、')}（E7）。` });
      }
    }
  }

  if (result?.valid) {
    if (isVillagersLike(s.kind) && params.womenRule === 'at_least_one' && s.round === 'main') {
      const female = femaleNames(s);
      const any = result.positions.some((p) => [...p.elected, ...p.tied].some((n) => female.has(n)));
      if (!any) {
        out.push({ code: 'E7_NO_WOMAN_ELECTED', rule: 'E7', severity: 'warning', message: '当选人中没有妇女成员，应当另行选举妇女成员（E7）。' });
      }
    }
    const unfilled = result.positions.reduce((n, p) => n + p.unfilled, 0);
    const elected = result.positions.reduce((n, p) => n + p.elected.length, 0);
    if (isVillagersLike(s.kind) && unfilled > 0 && s.round === 'main') {
      out.push(
        elected >= params.minElectedToStop
          ? { code: 'E6_MAY_STOP', rule: 'E6', severity: 'info', message: `已当选 ${elected} 名，达到 ${params.minElectedToStop} 名，尚缺的 ${unfilled} 个名额可以另行选举，也可以空缺（E6）。` }
          : { code: 'E6_MUST_CONTINUE', rule: 'E6', severity: 'info', message: `只当选 ${elected} 名，不足 ${params.minElectedToStop} 名，应当就尚缺的 ${unfilled} 个名额另行选举（E6）。` },
      );
    }
  }
  return ok(out);
}
