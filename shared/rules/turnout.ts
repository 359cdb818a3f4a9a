/**
 * Turnout, quorum and ballot-count checks (E1, P2, P4, B4), all integer comparisons. The station
 * shows them live while voting; `tally` uses the same functions to decide whether a round stands.
 */
import type { RuleParams } from './params.js';

export interface TurnoutCheck {
  /** Does the vote stand on this count? */
  met: boolean;
  /** The smallest number of participants (or members present) that meets the rule. */
  required: number;
}

/** E1: villagers' (and residents') election is valid only if 2 × participants > registered. */
export function villagersTurnout(registered: number, participants: number): TurnoutCheck {
  return { met: 2 * participants > registered, required: Math.floor(registered / 2) + 1 };
}

/** P2: 应到会有选举权人数 = members with a vote − approved exclusions (never below zero). */
export function partyBase(withVote: number, excluded: number): number {
  return Math.max(0, withVote - excluded);
}

/**
 * P4: members with a vote present vs the base, 5 × present ≥ 4 × base (or > when strict).
 * A base of zero has no quorum to meet: nobody is expected, and nobody can vote either.
 */
export function partyQuorum(present: number, base: number, strict: boolean): TurnoutCheck & { base: number } {
  const met = base > 0 && (strict ? 5 * present > 4 * base : 5 * present >= 4 * base);
  const required = strict ? Math.floor((4 * base) / 5) + 1 : Math.floor((4 * base + 4) / 5);
  return { met, required, base };
}

export interface ComparatorCheck {
  /** collected ≤ comparator: the vote stands; otherwise the election is invalid and repeated (B4). */
  ok: boolean;
  comparator: RuleParams['ballotComparator'];
  comparatorValue: number;
  collected: number;
}

/** B4: ballots collected vs participants (national) or ballots issued (HA). */
export function ballotComparatorCheck(
  collected: number,
  counts: { participants: number; issued?: number },
  comparator: RuleParams['ballotComparator'],
): ComparatorCheck {
  const comparatorValue = comparator === 'issued' ? (counts.issued ?? counts.participants) : counts.participants;
  return { ok: collected <= comparatorValue, comparator, comparatorValue, collected };
}
