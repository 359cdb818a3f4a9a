/**
 * Counting one round and deciding its result (E1–E5, P4, P8, P9, B4), producing exactly the output
 * of scenario-format.md. The station builds a Scenario from its stored facts and calls the same
 * function as the command line, so the numbers on screen, on paper and in the CLI are one code path.
 */
import { fail, ok, type Result } from '../result.js';
import { ballotContext, checkBallotIds, classifyChecked, type BallotClassification, type BallotContext } from './ballot.js';
import type { RuleParams } from './params.js';
import { resolveRules } from './profiles.js';
import { decideCloseRelatives, type RelativeDecision } from './relatives.js';
import { ScenarioSchema, type Scenario, type ScenarioInput, type TallyResult } from './scenario.js';
import { ballotComparatorCheck, partyBase, partyQuorum, villagersTurnout } from './turnout.js';
import { formatZodError } from './validate.js';

type PositionResult = TallyResult['positions'][number];
type InvalidReason = TallyResult['reasons'][number];

/** A scenario that passed every check, with the rule parameters it resolved to. */
export interface CheckedScenario {
  scenario: Scenario;
  params: RuleParams;
  ctx: BallotContext;
}

/** Everything `tally` computes, for callers (the station, the plan) that need more than the output. */
export interface TallyDetail extends CheckedScenario {
  result: TallyResult;
  /** Per ballot group of the scenario, its classification (same index as scenario.ballots). */
  classifications: BallotClassification[];
  /** E8: who yields a seat to a close relative and what happens to it, in words to read out. */
  relatives: RelativeDecision[];
}

const err = (path: string, what: string): Result<never> => fail('SCENARIO_INVALID', `${path}: ${what}`, { path });

/**
 * Domain checks that the schema cannot express: unique ids, references between fields, counts
 * that contradict each other. Also resolves the rule parameters (profile + overrides).
 */
export function checkScenario(input: ScenarioInput): Result<CheckedScenario> {
  const parsed = ScenarioSchema.safeParse(input);
  if (!parsed.success) return fail('SCENARIO_INVALID', formatZodError(parsed.error), { path: 'scenario' });
  const s = parsed.data;

  const rules = resolveRules(s.profile, s.kind, s.rules);
  if (!rules.ok) {
    const d = rules.error.details ?? {};
    const path = typeof d.path === 'string' ? d.path : 'rules';
    const problem = typeof d.problem === 'string' ? d.problem : rules.error.message;
    return fail(rules.error.code, `scenario.${path}: ${problem}`, { path: `scenario.${path}` });
  }

  const posIds = new Set<string>();
  for (const [i, p] of s.positions.entries()) {
    if (posIds.has(p.id)) return err(`scenario.positions[${i}].id`, `duplicate position id ${JSON.stringify(p.id)}`);
    posIds.add(p.id);
  }
  const candIds = new Set<string>();
  const namesIn = new Map<string, Set<string>>();
  for (const [i, c] of s.candidates.entries()) {
    if (candIds.has(c.id)) return err(`scenario.candidates[${i}].id`, `duplicate candidate id ${JSON.stringify(c.id)}`);
    candIds.add(c.id);
    if (!posIds.has(c.position)) return err(`scenario.candidates[${i}].position`, `unknown position ${JSON.stringify(c.position)}`);
    // Results are by name, so two candidates of one position with one name could not be told apart.
    const names = namesIn.get(c.position) ?? new Set<string>();
    if (names.has(c.name)) return err(`scenario.candidates[${i}].name`, `duplicate name ${JSON.stringify(c.name)} in position ${JSON.stringify(c.position)}`);
    names.add(c.name);
    namesIn.set(c.position, names);
  }
  if (s.kind !== 'party_branch' && s.excluded > 0) return err('scenario.excluded', 'only party_branch elections have exclusions from the base');
  if (s.excluded > s.registered) return err('scenario.excluded', `exceeds registered (${s.registered})`);
  if (s.participants > s.registered) return err('scenario.participants', `exceeds registered (${s.registered})`);
  for (const [i, pair] of (s.relatives ?? []).entries()) {
    if (pair[0] === pair[1]) return err(`scenario.relatives[${i}]`, `a person cannot be their own relative (${JSON.stringify(pair[0])})`);
  }

  const ctx = ballotContext(s, rules.value);
  for (const [i, b] of s.ballots.entries()) {
    const r = checkBallotIds(b, ctx, `scenario.ballots[${i}]`);
    if (!r.ok) return r;
  }
  return ok({ scenario: s, params: rules.value, ctx });
}

const isPartyKind = (s: Scenario): boolean => s.kind === 'party_branch';

/** What a candidate's votes are compared with (scenario-format.md `base`). */
function baseOf(s: Scenario, params: RuleParams, cast: number): number | null {
  if (s.round === 'runoff') return null;
  if (isPartyKind(s)) return params.partyPassBase === 'present' ? s.participants : partyBase(s.registered, s.excluded);
  return s.round === 'supplementary' ? cast : s.participants;
}

/** Order of names: votes, then the order of `candidates`, then the name (code-point order, stable everywhere). */
function makeComparator(s: Scenario, votes: ReadonlyMap<string, number>): (a: string, b: string) => number {
  const order = new Map<string, number>();
  for (const [i, c] of s.candidates.entries()) if (!order.has(c.name)) order.set(c.name, i);
  return (a, b) => {
    const dv = (votes.get(b) ?? 0) - (votes.get(a) ?? 0);
    if (dv !== 0) return dv;
    const oa = order.get(a) ?? Number.MAX_SAFE_INTEGER;
    const ob = order.get(b) ?? Number.MAX_SAFE_INTEGER;
    if (oa !== ob) return oa - ob;
    return a < b ? -1 : a > b ? 1 : 0;
  };
}

/**
 * Elected / tied / unfilled for one position from the sorted passers: the highest win; a tie that
 * straddles the last seat goes to a run-off and its people occupy the remaining seats (E3, P9).
 */
export function decideSeats(passers: readonly string[], votes: ReadonlyMap<string, number>, seats: number): Pick<PositionResult, 'elected' | 'tied' | 'unfilled'> {
  if (passers.length <= seats) return { elected: [...passers], tied: [], unfilled: seats - passers.length };
  const cut = votes.get(passers[seats - 1] ?? '') ?? 0;
  const above = passers.filter((n) => (votes.get(n) ?? 0) > cut);
  const atCut = passers.filter((n) => (votes.get(n) ?? 0) === cut);
  // The seat-th passer is at the cut, so above.length < seats. If everyone at the cut fits in the
  // seats left there is no tie; otherwise they all go to the run-off for those seats.
  if (above.length + atCut.length <= seats) return { elected: [...above, ...atCut], tied: [], unfilled: 0 };
  return { elected: above, tied: atCut, unfilled: 0 };
}

/** Options of the station's tally: the words of each recorded relation, for the E8 messages. */
export interface TallyOptions {
  relationLabel?: (a: string, b: string) => string | undefined;
}

export function tallyDetailed(input: ScenarioInput, opts: TallyOptions = {}): Result<TallyDetail> {
  const checked = checkScenario(input);
  if (!checked.ok) return checked;
  const { scenario: s, params, ctx } = checked.value;
  const classifications = s.ballots.map((b) => classifyChecked(b, ctx));
  const { result, relatives } = countClassifiedDetailed(s, params, classifications, opts);
  return ok({ ...checked.value, result, classifications, relatives });
}

/**
 * The count and the decision from a checked scenario and the classification of each of its ballot
 * groups (same index as scenario.ballots; `classifyChecked` of each against the scenario's context).
 * `tally` is checkScenario + classifyChecked + this; the station calls it directly when it already
 * holds the checked groups and their classifications from an earlier count of the same round.
 */
export function countClassified(s: Scenario, params: RuleParams, classifications: readonly BallotClassification[]): TallyResult {
  return countClassifiedDetailed(s, params, classifications).result;
}

/** countClassified with the E8 decisions it applied. */
export function countClassifiedDetailed(
  s: Scenario,
  params: RuleParams,
  classifications: readonly BallotClassification[],
  opts: TallyOptions = {},
): { result: TallyResult; relatives: RelativeDecision[] } {
  let cast = 0;
  let invalid = 0;
  let blank = 0;
  const direct = new Map<string, Map<string, number>>(s.positions.map((p) => [p.id, new Map<string, number>()]));
  const partInvalid = new Map<string, number>(s.positions.map((p) => [p.id, 0]));
  for (const [i, cl] of classifications.entries()) {
    const n = s.ballots[i]?.count ?? 1;
    cast += n;
    if (cl.status === 'void') invalid += n;
    if (cl.status === 'blank') blank += n;
    for (const part of cl.positions) {
      if (part.status === 'void') {
        partInvalid.set(part.position, (partInvalid.get(part.position) ?? 0) + n);
        continue;
      }
      const m = direct.get(part.position);
      if (!m) continue;
      for (const name of part.selections) m.set(name, (m.get(name) ?? 0) + n);
    }
  }

  // Does the round stand? (E1 / P4, then B4.)
  const reasons: InvalidReason[] = [];
  if (isPartyKind(s)) {
    const q = partyQuorum(s.participants, partyBase(s.registered, s.excluded), params.partyQuorumStrict);
    if (!q.met) reasons.push('QUORUM_NOT_MET');
  } else if (!villagersTurnout(s.registered, s.participants).met) {
    reasons.push('TURNOUT_NOT_MAJORITY');
  }
  const issued = s.issued ?? s.participants;
  if (!ballotComparatorCheck(cast, { participants: s.participants, issued }, params.ballotComparator).ok) reasons.push('BALLOTS_EXCEED_COMPARATOR');
  const valid = reasons.length === 0;
  const base = baseOf(s, params, cast);

  const passes = (v: number): boolean => {
    if (v <= 0) return false; // nobody is elected without a single vote, whatever the base
    if (s.round === 'runoff') return true; // E3: they passed already; most votes win
    if (s.round === 'supplementary' && !isPartyKind(s)) return 3 * v >= cast; // E4
    return base !== null && 2 * v > base; // E2, P8, P9 (party supplementary: same rule)
  };

  // Positions in rank order. A person elected (or awaiting a run-off) higher up holds or may hold
  // that post, so they are not eligible lower down. With downward combined counting (E5) everyone
  // not elected higher carries their total there into every lower position.
  const electedHigher = new Set<string>();
  const tiedHigher = new Set<string>();
  const carry = new Map<string, number>();
  const positions: PositionResult[] = [];
  const passersOf: string[][] = [];
  for (const pos of s.positions) {
    const totals = new Map<string, number>();
    for (const c of s.candidates) if (c.position === pos.id) totals.set(c.name, 0);
    for (const [name, v] of direct.get(pos.id) ?? []) totals.set(name, (totals.get(name) ?? 0) + v);
    if (params.combinedCounting === 'downward') {
      for (const [name, v] of carry) if (!electedHigher.has(name) && v > 0) totals.set(name, (totals.get(name) ?? 0) + v);
    }
    const cmp = makeComparator(s, totals);
    const order = [...totals.keys()].sort(cmp);
    const candidateNames = new Set(s.candidates.filter((c) => c.position === pos.id).map((c) => c.name));
    const eligible = (n: string): boolean =>
      !electedHigher.has(n) && !tiedHigher.has(n) && (s.round !== 'runoff' || candidateNames.has(n)); // a run-off is among its candidates only
    const passers = order.filter((n) => eligible(n) && passes(totals.get(n) ?? 0));
    passersOf.push(passers);
    const decided = decideSeats(passers, totals, pos.seats);

    const votes: Record<string, number> = {};
    for (const n of order) {
      const v = totals.get(n) ?? 0;
      if (v > 0 || candidateNames.has(n)) votes[n] = v;
    }
    positions.push({
      id: pos.id,
      seats: pos.seats,
      // Whole-void ballots have every part void, so this counts them as well as void parts.
      invalid: partInvalid.get(pos.id) ?? 0,
      votes,
      ...(valid ? decided : { elected: [], tied: [], unfilled: pos.seats }),
      yielded: [],
    });
    for (const n of decided.elected) electedHigher.add(n);
    for (const n of decided.tied) tiedHigher.add(n);
    for (const [n, v] of totals) if (!decided.elected.includes(n)) carry.set(n, v);
  }

  // E8, over this round's winners and the people seated in earlier rounds.
  let relatives: RelativeDecision[] = [];
  if (valid && (s.relatives?.length ?? 0) > 0) {
    const names = new Map(s.positions.map((p) => [p.id, p.name]));
    const decided = decideCloseRelatives({
      positions: positions.map((p, i) => ({ id: p.id, name: names.get(p.id) ?? p.id, elected: p.elected, tied: p.tied, unfilled: p.unfilled, votes: p.votes, passers: passersOf[i] ?? [] })),
      relatives: (s.relatives ?? []).map(([a, b]) => {
        const relation = opts.relationLabel?.(a, b);
        return relation === undefined ? { a, b } : { a, b, relation };
      }),
      seated: (s.seated ?? []).map((x) => {
        const positionName = names.get(x.position);
        return positionName === undefined ? { name: x.name, position: x.position } : { name: x.name, position: x.position, positionName };
      }),
      params,
    });
    decided.positions.forEach((o, i) => {
      const p = positions[i];
      if (!p) return;
      p.elected = o.elected;
      p.tied = o.tied;
      p.unfilled = o.unfilled;
      p.yielded = o.yielded;
    });
    relatives = decided.decisions;
  }

  return { result: { valid, reasons, base, ballots: { cast, valid: cast - invalid, invalid, blank }, positions }, relatives };
}

/** The scenario-format.md result of one round. */
export function tally(input: ScenarioInput): Result<TallyResult> {
  const d = tallyDetailed(input);
  return d.ok ? ok(d.value.result) : d;
}
