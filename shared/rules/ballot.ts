/**
 * Ballot validity, rules V1–V4 (V5/V6 are committee rulings recorded by the station). One function
 * classifies one ballot; the station calls it when a ballot is recorded (to show the reason on
 * screen) and `tally` calls it for every ballot group, so the two can never disagree.
 */
import { fail, ok, type Result } from '../result.js';
import type { RuleParams } from './params.js';
import type { ScenarioBallot, Selection } from './scenario.js';

export type BallotIssueCode = 'OVERVOTE' | 'SAME_PERSON_MULTIPLE_POSITIONS' | 'UNREADABLE' | 'CONFLICTING_MARKS';

export interface BallotIssue {
  code: BallotIssueCode;
  rule: 'V1' | 'V2' | 'V3';
  /** Chinese, for the counting screen and the record of doubtful ballots. */
  message: string;
  /** The position concerned (absent when the issue is about the ballot as a whole). */
  position?: string;
  person?: string;
}

export interface PositionPart {
  position: string;
  status: 'counted' | 'void';
  /** Why this part does not count (the whole ballot's reason when the whole ballot is void). */
  reason?: BallotIssue;
  /** Names of the people whose selection counts here, in ballot order, each at most once. */
  selections: string[];
  /** V2 keep_highest: people whose mark here was dropped because a higher position has them. */
  dropped: string[];
}

export interface BallotClassification {
  status: 'valid' | 'blank' | 'void';
  /** Why the whole ballot is void (empty unless status is void). */
  reasons: BallotIssue[];
  /** Issues that did not void the ballot: a void part, a V2 mark dropped under keep_highest. */
  notes: BallotIssue[];
  /** One entry per position, in rank order. */
  positions: PositionPart[];
}

export interface BallotPosition {
  id: string;
  name: string;
  seats: number;
}

export interface BallotCandidate {
  id: string;
  name: string;
  position: string;
}

/** What classification needs to know about the election, prepared once per tally. */
export interface BallotContext {
  positions: BallotPosition[];
  candidates: ReadonlyMap<string, BallotCandidate>;
  params: Pick<RuleParams, 'overvoteScope' | 'samePersonMultiplePositions' | 'unreadableScope'> & Partial<Pick<RuleParams, 'ballotPapers'>>;
}

export function ballotContext(
  election: { positions: readonly BallotPosition[]; candidates: readonly BallotCandidate[] },
  params: BallotContext['params'],
): BallotContext {
  return {
    positions: [...election.positions],
    candidates: new Map(election.candidates.map((c) => [c.id, c])),
    params,
  };
}

const pathKey = (base: string, key: string): string => (/^[A-Za-z_$][\w$]*$/.test(key) ? `${base}.${key}` : `${base}[${JSON.stringify(key)}]`);

/**
 * Structural checks against the election: known positions, candidates of the right position, no
 * candidate twice in one list. These are data errors (the ballot entry is wrong), not voter errors,
 * so they fail with a field path rather than voiding the ballot.
 */
export function checkBallotIds(ballot: ScenarioBallot, ctx: BallotContext, path: string): Result<true> {
  const posIds = new Set(ctx.positions.map((p) => p.id));
  const lists: Array<['votes' | 'against', Record<string, readonly Selection[]> | undefined]> = [
    ['votes', ballot.votes],
    ['against', ballot.against],
  ];
  for (const [field, rec] of lists) {
    for (const [pos, list] of Object.entries(rec ?? {})) {
      const listPath = pathKey(`${path}.${field}`, pos);
      if (!posIds.has(pos)) return fail('SCENARIO_INVALID', `${listPath}: unknown position ${JSON.stringify(pos)}`, { path: listPath });
      const seen = new Set<string>();
      for (const [j, sel] of list.entries()) {
        if (typeof sel !== 'string') continue;
        const p = `${listPath}[${j}]`;
        const c = ctx.candidates.get(sel);
        if (!c) return fail('SCENARIO_INVALID', `${p}: unknown candidate ${JSON.stringify(sel)}`, { path: p });
        if (c.position !== pos) {
          return fail('SCENARIO_INVALID', `${p}: candidate ${JSON.stringify(sel)} is not a candidate for position ${JSON.stringify(pos)}`, { path: p });
        }
        if (seen.has(sel)) return fail('SCENARIO_INVALID', `${p}: candidate ${JSON.stringify(sel)} listed twice`, { path: p });
        seen.add(sel);
      }
    }
  }
  if (Array.isArray(ballot.unreadable)) {
    for (const [j, pos] of ballot.unreadable.entries()) {
      const p = `${path}.unreadable[${j}]`;
      if (!posIds.has(pos)) return fail('SCENARIO_INVALID', `${p}: unknown position ${JSON.stringify(pos)}`, { path: p });
    }
  }
  return ok(true);
}

/** Name of the person a selection is for. People are identified by name within an election. */
function personOf(sel: Selection, ctx: BallotContext): string {
  if (typeof sel === 'string') return ctx.candidates.get(sel)?.name ?? sel;
  return sel.writeIn.trim();
}

/**
 * Classifies one ballot under V1–V4. Fails only when the ballot refers to unknown positions or
 * candidates (see checkBallotIds); every voter error is a classification, not a failure.
 */
export function classifyBallot(ballot: ScenarioBallot, ctx: BallotContext, path = 'ballot'): Result<BallotClassification> {
  const ids = checkBallotIds(ballot, ctx, path);
  if (!ids.ok) return ids;
  return ok(classifyChecked(ballot, ctx));
}

/** classifyBallot without the id checks, for callers that validated the whole scenario already. */
export function classifyChecked(ballot: ScenarioBallot, ctx: BallotContext): BallotClassification {
  // V1: with a separate paper per post (HA 34) a "whole ballot" rule voids only that post's paper,
  // and V2 cannot apply: one paper never names the same person under two posts.
  const perPaper = ctx.params.ballotPapers === 'per_position';
  const overvoteScope = perPaper ? 'position' : ctx.params.overvoteScope;
  const unreadableScope = perPaper ? 'position' : ctx.params.unreadableScope;
  const samePersonMultiplePositions = perPaper ? 'count_all' : ctx.params.samePersonMultiplePositions;
  const voidWord = (scope: 'position' | 'ballot'): string => (scope === 'ballot' ? '整张选票作废' : perPaper ? '这一职位的选票作废' : '该栏不计票');

  // Per position: distinct people selected. A write-in naming a candidate of the same position
  // is that candidate (scenario-format.md); a person marked twice in one column is one intention,
  // so they get one vote and count once towards the over-vote limit.
  const parts = ctx.positions.map((pos) => {
    const selections: string[] = [];
    for (const sel of ballot.votes?.[pos.id] ?? []) {
      const name = personOf(sel, ctx);
      if (!selections.includes(name)) selections.push(name);
    }
    const against = (ballot.against?.[pos.id] ?? []).map((cid) => ctx.candidates.get(cid)?.name ?? cid);
    return { pos, selections, against };
  });
  const anySelection = parts.some((p) => p.selections.length > 0);
  const unreadableParts = Array.isArray(ballot.unreadable) ? new Set(ballot.unreadable) : new Set<string>();

  if (ballot.unreadable === true) {
    const reason: BallotIssue = { code: 'UNREADABLE', rule: 'V3', message: '选票无法辨认或填写不规范，经选举委员会认定整张作废（V3）。' };
    return voidWhole(ctx, [reason], []);
  }
  if (!anySelection && unreadableParts.size === 0) {
    return {
      status: 'blank',
      reasons: [],
      notes: [],
      positions: parts.map(({ pos }) => ({ position: pos.id, status: 'counted', selections: [], dropped: [] })),
    };
  }

  // V1 and V3 per position; each issue carries the scope its parameter gives it.
  const partIssue = new Map<string, BallotIssue>();
  const wholeReasons: BallotIssue[] = [];
  for (const { pos, selections, against } of parts) {
    let issue: BallotIssue | undefined;
    let scope: 'position' | 'ballot' = 'position';
    const conflict = selections.find((n) => against.includes(n));
    if (unreadableParts.has(pos.id)) {
      scope = unreadableScope;
      issue = {
        code: 'UNREADABLE',
        rule: 'V3',
        position: pos.id,
        message: `${pos.name}${perPaper ? '的选票' : '一栏'}无法辨认或填写不规范（V3），${voidWord(scope)}。`,
      };
    } else if (conflict !== undefined) {
      // A "for" and an "against" mark on the same person: the intention cannot be read, so V3.
      scope = unreadableScope;
      issue = {
        code: 'CONFLICTING_MARKS',
        rule: 'V3',
        position: pos.id,
        person: conflict,
        message: `${pos.name}${perPaper ? '的选票' : '一栏'}对 ${conflict} 既划赞成又划反对，无法辨认（V3），${voidWord(scope)}。`,
      };
    } else if (selections.length > pos.seats) {
      scope = overvoteScope;
      issue = {
        code: 'OVERVOTE',
        rule: 'V1',
        position: pos.id,
        message: `${pos.name}选了 ${selections.length} 人，多于应选 ${pos.seats} 名（V1），${scope === 'ballot' ? '整张选票作废' : perPaper ? '这一职位的选票作废，其他职位的选票照常计票' : '该职位一栏作废，其他职位照常计票'}。`,
      };
    }
    if (!issue) continue;
    if (scope === 'ballot') wholeReasons.push(issue);
    else partIssue.set(pos.id, issue);
  }
  if (wholeReasons.length > 0) return voidWhole(ctx, wholeReasons, []);
  // Separate papers: a voter whose every paper is void has cast no valid paper at all.
  if (perPaper && partIssue.size === parts.length) return voidWhole(ctx, [...partIssue.values()], []);

  // V2 on the parts that count: a void part expresses no choice, so it cannot repeat one.
  const where = new Map<string, string[]>();
  for (const { pos, selections } of parts) {
    if (partIssue.has(pos.id)) continue;
    for (const n of selections) where.set(n, [...(where.get(n) ?? []), pos.id]);
  }
  const notes: BallotIssue[] = [...partIssue.values()];
  const dropFrom = new Map<string, string[]>();
  const posName = (id: string): string => ctx.positions.find((p) => p.id === id)?.name ?? id;
  for (const [person, posIds] of where) {
    if (posIds.length < 2) continue;
    const names = posIds.map(posName).join('、');
    if (samePersonMultiplePositions === 'invalidate_ballot') {
      wholeReasons.push({
        code: 'SAME_PERSON_MULTIPLE_POSITIONS',
        rule: 'V2',
        person,
        message: `${person} 在同一张选票上被同时选为${names}（V2），整张选票作废。`,
      });
    } else if (samePersonMultiplePositions === 'keep_highest') {
      const [highest, ...lower] = posIds; // parts are in rank order, so the first is the highest
      for (const p of lower) dropFrom.set(p, [...(dropFrom.get(p) ?? []), person]);
      notes.push({
        code: 'SAME_PERSON_MULTIPLE_POSITIONS',
        rule: 'V2',
        person,
        message: `${person} 在同一张选票上被同时选为${names}（V2），只计${posName(highest ?? '')}一栏。`,
      });
    }
  }
  if (wholeReasons.length > 0) return voidWhole(ctx, wholeReasons, notes.filter((n) => n.code !== 'SAME_PERSON_MULTIPLE_POSITIONS'));

  return {
    status: 'valid',
    reasons: [],
    notes,
    positions: parts.map(({ pos, selections }) => {
      const issue = partIssue.get(pos.id);
      if (issue) return { position: pos.id, status: 'void', reason: issue, selections: [], dropped: [] };
      const dropped = dropFrom.get(pos.id) ?? [];
      return { position: pos.id, status: 'counted', selections: selections.filter((n) => !dropped.includes(n)), dropped };
    }),
  };
}

function voidWhole(ctx: BallotContext, reasons: BallotIssue[], notes: BallotIssue[]): BallotClassification {
  const first = reasons[0];
  return {
    status: 'void',
    reasons,
    notes,
    positions: ctx.positions.map((pos) => {
      const part: PositionPart = { position: pos.id, status: 'void', selections: [], dropped: [] };
      if (first) part.reason = first;
      return part;
    }),
  };
}
