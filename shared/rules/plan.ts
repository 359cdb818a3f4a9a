/**
 * After a round: warnings the committee must see (E4, E6, E7, P6) and what round comes next
 * (run-off for ties, 另行选举 for unfilled seats, a repeat when the vote did not stand). Kept apart
 * from `tally` because the tally output is a fixed format and these are advice, not counts.
 */
import { fail, ok, type Result } from '../result.js';
import { partyMarginRequired, postClassOf, type RuleParams } from './params.js';
import type { RelativeTie } from './relatives.js';
import type { ElectionKind, RoundKind, ScenarioInput, TallyResult } from './scenario.js';
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
  /** 另行选举: everyone who may stand (not elected, not awaiting a run-off, not related to a member), best first, with their votes. */
  pool?: Array<{ name: string; votes: number }>;
}

/** Where one post stands over all the rounds so far. */
export interface PositionStatus {
  position: string;
  name: string;
  /** The post's seats (after a P9 reduction). */
  seats: number;
  /** Everyone elected to it, in the order of the rounds. */
  elected: Array<{ name: string; round: number }>;
  /** Seats awaiting a run-off among the tied of the latest round that contested the post. */
  runoff: { seats: number; candidates: string[] } | null;
  /** Seats neither filled nor awaiting a run-off. */
  unfilled: number;
  /** Unfilled seats the assembly decided to leave empty (E6). */
  leftEmpty: number;
}

/** E6 (and P9): may the assembly stop now and leave the remaining seats empty? */
export interface StopRule {
  may: boolean;
  rule: 'E6' | 'P9';
  /** Which clause decided: after the main round (stopAfterMain), after a 另行选举 (minElectedToStop, stopNeedsChair), Party. */
  basis: 'after_main' | 'after_supplementary' | 'party';
  message: string;
}

export interface RoundPlan {
  next: 'none' | 'repeat' | 'runoff' | 'supplementary';
  /** The positions of the next round. */
  positions: PlannedPosition[];
  /** When a run-off comes first: seats that will still need 另行选举 afterwards (candidates provisional). */
  thenSupplementary: PlannedPosition[];
  /** E6: enough members are elected that the assembly may leave the remaining seats empty. */
  mayLeaveUnfilled: boolean;
  /** E6 / P9 in words, with the rule: present whenever seats are still unfilled. */
  stop?: StopRule;
  /** P9: the Party assembly may instead reduce the seats by consent of more than half of the electors. */
  partyMayReduce: boolean;
  /** E7 at_least_one: no woman elected; a 另行选举 for a woman member is needed. */
  women?: PlannedPosition;
  /** Every post over all rounds: elected, awaiting a run-off, unfilled. */
  status: PositionStatus[];
  /** Notes on who is left out of a 另行选举 and why (E8: a close relative already sits). */
  notes: string[];
  message: string;
}

/** One confirmed (or, for the latest, provisionally counted) round. */
export interface PlanRound {
  number: number;
  kind: RoundKind;
  result: TallyResult;
  /** Candidates of that round (gender for E7). */
  candidates: ReadonlyArray<{ name: string; position: string; gender?: 'M' | 'F' | undefined }>;
}

export interface ElectionPlanInput {
  kind: ElectionKind;
  params: RuleParams;
  /** Every post of the election, highest first, with its seats (after a P9 reduction). */
  positions: ReadonlyArray<{ id: string; name: string; seats: number }>;
  /** The rounds so far, in order; the last one is the round the plan follows. */
  rounds: readonly PlanRound[];
  /** Close relatives (E8): nobody related to a person who sits is put up for a 另行选举. */
  relatives?: readonly RelativeTie[];
  /** People who can no longer stand (removed from the roll). */
  ineligible?: ReadonlySet<string>;
  /** Seats per post the assembly decided to leave empty (E6), recorded by the station. */
  leftEmpty?: Readonly<Record<string, number>>;
}

const isVillagersLike = (kind: string): boolean => kind !== 'party_branch';

/**
 * Candidates for 另行选举 (E4): the highest-scoring people not elected (and not awaiting a run-off)
 * anywhere, more of them than seats — for the Party at least the P6 margin. A tie at the edge of
 * the list brings in everyone tied, because choosing among equals is not the engine's call.
 */
export function supplementaryCandidates(order: readonly string[], votes: Readonly<Record<string, number>>, taken: ReadonlySet<string>, want: number): string[] {
  const pool = order.filter((n) => !taken.has(n));
  if (pool.length <= want) return pool;
  const edge = votes[pool[want - 1] ?? ''] ?? 0;
  return pool.filter((n, i) => i < want || (votes[n] ?? 0) === edge);
}

/** E4 / P9: how many candidates a 另行选举 for `seats` seats needs at least. */
export function supplementaryWant(kind: ElectionKind, seats: number, params: RuleParams): number {
  return kind === 'party_branch' ? Math.max(seats + 1, partyMarginRequired(seats, params.partyMarginPercent)) : seats + 1;
}

const WHY_INVALID: Record<string, string> = {
  TURNOUT_NOT_MAJORITY: '参加投票的选民未过登记选民的半数（E1）',
  QUORUM_NOT_MET: '到会有选举权的党员不足应到会人数的五分之四（P4）',
  BALLOTS_EXCEED_COMPARATOR: '收回选票数多于发出选票数或投票人数（B4）',
};

/**
 * What comes after the rounds so far, for the whole election: every post is carried across rounds
 * until it is filled or left empty by a rule that allows it (E6, P9). A run-off comes first (E3);
 * seats still unfilled then go to a 另行选举 (E4), unless the assembly may and does stop (E6).
 */
export function planElection(input: ElectionPlanInput): RoundPlan {
  const { kind, params } = input;
  const last = input.rounds[input.rounds.length - 1];
  const empty = { thenSupplementary: [] as PlannedPosition[], mayLeaveUnfilled: false, partyMayReduce: false, notes: [] as string[] };
  if (!last) return { ...empty, next: 'none', positions: [], status: [], message: '还没有进行投票。' };

  // Latest contest of each post, elected over all rounds.
  const latest = new Map<string, { round: PlanRound; pos: TallyResult['positions'][number] }>();
  const electedBy = new Map<string, Array<{ name: string; round: number }>>();
  const sitting = new Set<string>();
  const yielded = new Set<string>();
  const female = new Set<string>();
  for (const r of input.rounds) {
    for (const c of r.candidates) if (c.gender === 'F') female.add(c.name);
    if (!r.result.valid) continue;
    for (const p of r.result.positions) {
      latest.set(p.id, { round: r, pos: p });
      for (const n of p.elected) {
        electedBy.set(p.id, [...(electedBy.get(p.id) ?? []), { name: n, round: r.number }]);
        sitting.add(n);
      }
      for (const n of p.yielded ?? []) yielded.add(n);
    }
  }

  if (!last.result.valid) {
    const pos = last.result.positions.map((p) => {
      const name = input.positions.find((x) => x.id === p.id)?.name ?? p.id;
      return { position: p.id, name, seats: p.seats, candidates: last.candidates.filter((c) => c.position === p.id).map((c) => c.name) };
    });
    const status = statusOf(input, latest, electedBy);
    return { ...empty, next: 'repeat', positions: pos, status, message: `第 ${last.number} 轮选举无效：${last.result.reasons.map((r) => WHY_INVALID[r] ?? r).join('；')}。须重新投票。` };
  }

  const status = statusOf(input, latest, electedBy);
  const awaiting = new Set<string>();
  for (const st of status) for (const n of st.runoff?.candidates ?? []) awaiting.add(n);
  const related = new Map<string, string>();
  for (const t of input.relatives ?? []) {
    if (sitting.has(t.a) && !sitting.has(t.b)) related.set(t.b, t.a);
    if (sitting.has(t.b) && !sitting.has(t.a)) related.set(t.a, t.b);
  }

  const runoff: PlannedPosition[] = status.filter((st) => st.runoff).map((st) => ({ position: st.position, name: st.name, seats: st.runoff?.seats ?? 0, candidates: [...(st.runoff?.candidates ?? [])] }));
  const notes: string[] = [];
  const supplementary: PlannedPosition[] = [];
  for (const st of status) {
    if (st.unfilled <= 0) continue;
    const src = latest.get(st.position)?.pos;
    const votes = src?.votes ?? {};
    const taken = new Set<string>([...sitting, ...awaiting, ...yielded, ...(input.ineligible ?? [])]);
    for (const n of Object.keys(votes)) {
      const rel = related.get(n);
      if (rel !== undefined && !taken.has(n)) {
        taken.add(n);
        notes.push(`${n} 与已当选的 ${rel} 是近亲属，不列为${st.name}另行选举候选人（E8）。`);
      }
    }
    const order = Object.keys(votes);
    supplementary.push({
      position: st.position,
      name: st.name,
      seats: st.unfilled,
      candidates: supplementaryCandidates(order, votes, taken, supplementaryWant(kind, st.unfilled, params)),
      pool: order.filter((n) => !taken.has(n)).map((n) => ({ name: n, votes: votes[n] ?? 0 })),
    });
  }

  const electedTotal = status.reduce((n, st) => n + st.elected.length, 0);
  let stop: StopRule | undefined;
  let partyMayReduce = false;
  if (supplementary.length > 0 && runoff.length === 0) {
    if (isVillagersLike(kind)) {
      const afterSupplementary = input.rounds.some((r) => r.kind === 'supplementary');
      const chair = status.find((st) => postClassOf({ id: st.position, name: st.name }) === 'chair');
      const chairMissing = params.stopNeedsChair && chair !== undefined && chair.elected.length < chair.seats;
      const enough = electedTotal >= params.minElectedToStop;
      if (!afterSupplementary) {
        const may = params.stopAfterMain && enough && !chairMissing;
        stop = {
          may,
          rule: 'E6',
          basis: 'after_main',
          message: may
            ? `已当选 ${electedTotal} 名，不少于 ${params.minElectedToStop} 名，按本地办法可以不再另行选举，尚缺的名额空缺（E6）。`
            : params.stopAfterMain && !enough
              ? `只当选 ${electedTotal} 名，不足 ${params.minElectedToStop} 名，尚缺的名额应当另行选举（E6）。`
              : '正式选举后当选人数不足应选名额的，不足的名额应当另行选举（E6）。',
        };
      } else {
        const may = enough && !chairMissing;
        stop = {
          may,
          rule: 'E6',
          basis: 'after_supplementary',
          message: may
            ? `另行选举后已当选 ${electedTotal} 名，不少于 ${params.minElectedToStop} 名，可以不再另行选举，尚缺的名额空缺（E6）。`
            : chairMissing && enough
              ? `${chair?.name ?? '主任'}还没有选出，按本地办法不能空缺，应当继续另行选举（E6）。`
              : `另行选举后只当选 ${electedTotal} 名，不足 ${params.minElectedToStop} 名，应当继续另行选举（E6）。`,
        };
      }
    } else {
      partyMayReduce = electedTotal > 0;
      stop = {
        may: false,
        rule: 'P9',
        basis: 'party',
        message: `当选人数不足应选名额，不足的名额另行选举（P9）${partyMayReduce ? '；也可以经过半数选举人同意减少应选名额，不再另行选举' : ''}。`,
      };
    }
  }

  let women: PlannedPosition | undefined;
  if (isVillagersLike(kind) && params.womenRule === 'at_least_one') {
    const womanIn = [...sitting].some((n) => female.has(n)) || [...awaiting].some((n) => female.has(n));
    if (!womanIn) {
      const target = [...supplementary].reverse()[0] ?? (() => {
        const lastPos = status[status.length - 1];
        return lastPos ? { position: lastPos.position, name: lastPos.name, seats: 1, candidates: [] as string[] } : undefined;
      })();
      if (target) {
        const votes = latest.get(target.position)?.pos.votes ?? {};
        const taken = new Set<string>([...sitting, ...awaiting, ...yielded, ...related.keys(), ...(input.ineligible ?? [])]);
        women = { position: target.position, name: target.name, seats: 1, candidates: Object.keys(votes).filter((n) => female.has(n) && !taken.has(n)) };
      }
    }
  }
  const womenNote = women ? ' 当选人中没有妇女，须另行选举妇女成员（E7）。' : '';
  const mayLeaveUnfilled = stop?.may ?? false;
  const base = { mayLeaveUnfilled, partyMayReduce, status, notes, ...(stop ? { stop } : {}), ...(women ? { women } : {}) };

  if (runoff.length > 0) {
    const then = supplementary.length > 0 ? ` 再次投票后，${supplementary.map((p) => `${p.name}尚缺 ${p.seats} 名`).join('、')}，另行选举。` : '';
    return {
      ...base,
      next: 'runoff',
      positions: runoff,
      thenSupplementary: supplementary,
      message: `${runoff.map((r) => `${r.name}有 ${r.candidates.length} 人得票相等，就 ${r.seats} 个名额进行再次投票`).join('；')}。${then}${womenNote}`,
    };
  }
  if (supplementary.length > 0) {
    return {
      ...base,
      next: 'supplementary',
      positions: supplementary,
      thenSupplementary: [],
      message: `${supplementary.map((p) => `${p.name}尚缺 ${p.seats} 名，另行选举，候选人 ${p.candidates.join('、') || '（无）'}`).join('；')}。${stop ? ` ${stop.message}` : ''}${womenNote}`,
    };
  }
  if (women && women.candidates.length > 0) {
    // Every seat is filled and none by a woman: a 另行选举 of one woman member among the women (E7).
    return { ...base, next: 'supplementary', positions: [women], thenSupplementary: [], message: womenNote.trim() };
  }
  const emptied = status.filter((st) => st.leftEmpty > 0);
  const done = emptied.length > 0 ? `选举结束：${emptied.map((st) => `${st.name}空缺 ${st.leftEmpty} 名`).join('、')}（经选举大会决定不再另行选举，E6）。` : '所有职位均已选出。';
  return { ...base, next: 'none', positions: [], thenSupplementary: [], message: women ? `${done}${womenNote}`.trim() : done };
}

function statusOf(
  input: ElectionPlanInput,
  latest: ReadonlyMap<string, { round: PlanRound; pos: TallyResult['positions'][number] }>,
  electedBy: ReadonlyMap<string, Array<{ name: string; round: number }>>,
): PositionStatus[] {
  return input.positions.map((p) => {
    const elected = electedBy.get(p.id) ?? [];
    const l = latest.get(p.id)?.pos;
    const runoffSeats = l && l.tied.length > 0 ? Math.max(0, l.seats - l.elected.length - l.unfilled) : 0;
    const runoff = l && runoffSeats > 0 ? { seats: runoffSeats, candidates: [...l.tied] } : null;
    const open = Math.max(0, p.seats - elected.length - runoffSeats);
    const leftEmpty = Math.min(open, input.leftEmpty?.[p.id] ?? 0);
    return { position: p.id, name: p.name, seats: p.seats, elected, runoff, unfilled: open - leftEmpty, leftEmpty };
  });
}

/**
 * The plan after one round on its own (a scenario file, a round without history): planElection with
 * that round as the only one.
 */
export function planNextRound(scenario: ScenarioInput, result: TallyResult): Result<RoundPlan> {
  const checked = checkScenario(scenario);
  if (!checked.ok) return checked;
  const { scenario: s, params } = checked.value;
  if (result.positions.length !== s.positions.length) return fail('PLAN_MISMATCH', '结果与选举设置的职位不一致，无法安排下一轮。');
  return ok(
    planElection({
      kind: s.kind,
      params,
      positions: s.positions.map((p) => ({ id: p.id, name: p.name, seats: p.seats })),
      rounds: [{ number: 1, kind: s.round, result, candidates: s.candidates }],
      relatives: (s.relatives ?? []).map(([a, b]) => ({ a, b })),
    }),
  );
}

const WOMEN_POSITION = /妇女/;

function femaleNames(s: { candidates: ReadonlyArray<{ name: string; gender?: 'M' | 'F' | undefined }> }): Set<string> {
  return new Set(s.candidates.filter((c) => c.gender === 'F').map((c) => c.name));
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

  if (isVillagersLike(s.kind) && params.minorityMember && s.round === 'main' && !result) {
    out.push({
      code: 'E7_MINORITY_MEMBER',
      rule: 'E7',
      severity: 'info',
      message: '本省办法规定：多民族村民居住的村，村民委员会成员中应当有人数较少的民族的成员，请在确定候选人时注意（E7）。',
    });
  }

  if (result?.valid) {
    if (isVillagersLike(s.kind) && params.womenRule === 'at_least_one' && s.round === 'main') {
      const female = femaleNames(s);
      const any = result.positions.some((p) => [...p.elected, ...p.tied].some((n) => female.has(n)));
      if (!any) {
        out.push({ code: 'E7_NO_WOMAN_ELECTED', rule: 'E7', severity: 'warning', message: '当选人中没有妇女成员，应当另行选举妇女成员（E7）。' });
      }
    }
    // E6 (whether the remaining seats may stay empty) is the plan's `stop`, over the whole election.
  }
  return ok(out);
}
