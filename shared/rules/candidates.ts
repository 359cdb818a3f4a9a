/**
 * The candidate list: E10 差额 per post (villagersMargin or the province's per-post minimum and
 * maximum), P6 for the Party branch, E4 for a 另行选举; and E10 / F1 on who may stand and serve.
 */
import type { RuleFinding } from './decision.js';
import { partyMarginRequired, postClassOf, type RuleParams } from './params.js';
import type { ElectionKind, RoundKind } from './scenario.js';

export interface MarginCheck {
  position: string;
  name: string;
  seats: number;
  candidates: number;
  /** Fewest candidates allowed. */
  min: number;
  /** Most candidates allowed (absent: no upper bound). */
  max?: number;
  rule: 'E10' | 'P6' | 'E4';
  /** Below the minimum: refused. */
  refusal?: RuleFinding;
  /** Above the maximum: warned. */
  warning?: RuleFinding;
}

/**
 * The margin of every post of a round. A run-off has none (its candidates are the tied). Villagers:
 * seats + the post's minimum extra (the province's per-post table, else `villagersMargin`), at most
 * seats + its maximum; Party main round: P6; any 另行选举: more candidates than seats (E4, P9 with P6).
 */
export function candidateMargins(
  kind: ElectionKind,
  round: RoundKind,
  positions: ReadonlyArray<{ id: string; name: string; seats: number }>,
  counts: Readonly<Record<string, number>>,
  params: Pick<RuleParams, 'villagersMargin' | 'villagersMarginByPost' | 'partyMarginPercent'>,
): MarginCheck[] {
  if (round === 'runoff') return [];
  return positions.map((p) => {
    const n = counts[p.id] ?? 0;
    let min: number;
    let max: number | undefined;
    let rule: MarginCheck['rule'];
    if (kind === 'party_branch') {
      min = round === 'supplementary' ? Math.max(p.seats + 1, partyMarginRequired(p.seats, params.partyMarginPercent)) : partyMarginRequired(p.seats, params.partyMarginPercent);
      rule = round === 'supplementary' ? 'E4' : 'P6';
      if (min <= p.seats) min = p.seats + 1;
    } else if (round === 'supplementary') {
      min = p.seats + 1;
      rule = 'E4';
    } else {
      const byPost = params.villagersMarginByPost[postClassOf(p)];
      min = p.seats + Math.max(byPost?.min ?? params.villagersMargin, params.villagersMargin);
      if (byPost?.max !== undefined) max = p.seats + byPost.max;
      rule = 'E10';
    }
    const check: MarginCheck = { position: p.id, name: p.name, seats: p.seats, candidates: n, min, rule };
    if (max !== undefined) check.max = max;
    if (n < min) {
      check.refusal = {
        code: `${rule}_MARGIN`,
        rule,
        message: `${p.name}应选 ${p.seats} 名，实行差额选举，候选人应不少于 ${min} 名，现在只有 ${n} 名（${rule}）。请补充候选人后再印制选票、开始投票。`,
        details: { position: p.id, seats: p.seats, min, candidates: n },
      };
    } else if (max !== undefined && n > max) {
      check.warning = {
        code: `${rule}_MARGIN_ABOVE_MAX`,
        rule,
        message: `${p.name}应选 ${p.seats} 名，本地办法规定候选人最多 ${max} 名，现在有 ${n} 名（${rule}），请核对。`,
      };
    }
    return check;
  });
}

/** E10: a member of the election committee (or any election official) who is nominated must leave it first. */
export function candidateIsOfficial(name: string, roles: readonly string[]): RuleFinding | undefined {
  if (roles.length === 0) return undefined;
  return {
    code: 'E10_CANDIDATE_IS_OFFICIAL',
    rule: 'E10',
    message: `${name} 现在担任${roles.join('、')}，被提名为候选人的，应当先退出选举工作（E10）。请先在“工作人员”中登记其退出及原因，再登记为候选人。`,
  };
}
