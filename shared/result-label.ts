/**
 * What the results page says of a candidate who is neither elected, tied nor giving way to a relative
 * (issue 10): in the main round 未过半数 at or below half of the base (E2: votes × 2 ≤ base), and
 * 未当选 for a majority that lost on the number of seats (E3: fewer votes than those elected); in a
 * run-off the most votes win with no threshold (E3): 未当选; in a 另行选举 the bar is a third (E4):
 * 未当选, saying so when under it. Integer arithmetic, as the rules.
 */
export type RoundKindForLabel = 'main' | 'runoff' | 'supplementary';

export function notElectedLabel(kind: RoundKindForLabel, votes: number, base: number | null, party = false): string {
  // a Party branch election keeps the majority in every round but the run-off (P rules)
  if (kind === 'supplementary' && !party) return base !== null && votes * 3 < base ? '未当选（得票不足三分之一）' : '未当选';
  if (kind === 'runoff') return '未当选';
  if (base !== null && votes * 2 <= base) return '未过半数';
  return '未当选';
}
