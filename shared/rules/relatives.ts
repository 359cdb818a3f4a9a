/**
 * E8: close relatives among the winners (ZJ 31, HA 8). Under `relativeAvoidance: keep_higher_post`
 * two close relatives may not both sit on the committee: the one elected to the higher post keeps
 * the seat; in the same post the one with more votes keeps it; with equal votes a run-off between
 * them decides. The seat given up is filled by 另行选举. Under `none` nothing is decided here.
 *
 * The tally output is a fixed format (scenario-format.md), so this is a separate step on its result:
 * it says who gives up a seat, and why, in words the committee can read out.
 */
import type { RuleParams } from './params.js';
import type { TallyResult } from './scenario.js';

/** A declared close-relative tie between two people (by name, as in the tally result). */
export interface RelativeTie {
  a: string;
  b: string;
  /** e.g. 配偶, 兄弟姐妹; shown in the message. */
  relation?: string;
}

export interface RelativeConflict {
  /** The person who keeps the seat (absent when a run-off decides). */
  keep?: string;
  /** The person who gives the seat up (absent when a run-off decides). */
  drop?: string;
  /** Equal post and equal votes: both, for a run-off between them. */
  runoff?: [string, string];
  /** Position id of the seat given up (or contested). */
  position: string;
  reason: 'higher_post' | 'more_votes' | 'tie';
  rule: 'E8';
  message: string;
}

interface Winner {
  name: string;
  rank: number;
  position: string;
  votes: number;
}

/**
 * Decisions for every pair of close relatives who were both elected in this result. Winners are
 * taken in order of post (rank order of the positions) and then votes; each one keeps the seat
 * unless a relative who ranks above them already kept theirs.
 */
export function relativeConflicts(result: TallyResult, ties: readonly RelativeTie[], params: Pick<RuleParams, 'relativeAvoidance'>): RelativeConflict[] {
  if (params.relativeAvoidance === 'none' || !result.valid) return [];
  const winners: Winner[] = [];
  result.positions.forEach((p, rank) => {
    for (const name of p.elected) winners.push({ name, rank, position: p.id, votes: p.votes[name] ?? 0 });
  });
  winners.sort((x, y) => x.rank - y.rank || y.votes - x.votes);
  const related = (x: string, y: string): RelativeTie | undefined => ties.find((t) => (t.a === x && t.b === y) || (t.a === y && t.b === x));

  const kept: Winner[] = [];
  const settled = new Set<string>();
  const out: RelativeConflict[] = [];
  for (const w of winners) {
    if (settled.has(w.name)) continue;
    const over = kept.find((k) => related(k.name, w.name) !== undefined);
    if (!over) {
      kept.push(w);
      continue;
    }
    const rel = related(over.name, w.name)?.relation;
    const tie = rel ? `（${rel}）` : '';
    if (over.rank < w.rank) {
      out.push({
        keep: over.name,
        drop: w.name,
        position: w.position,
        reason: 'higher_post',
        rule: 'E8',
        message: `${w.name} 与 ${over.name} 是近亲属${tie}，${over.name} 当选的职务较高，${w.name} 不再任职，其名额另行选举（E8）。`,
      });
      settled.add(w.name);
    } else if (over.votes > w.votes) {
      out.push({
        keep: over.name,
        drop: w.name,
        position: w.position,
        reason: 'more_votes',
        rule: 'E8',
        message: `${w.name} 与 ${over.name} 是近亲属${tie}，同一职务中 ${over.name} 得票较多（${over.votes} 比 ${w.votes}），${w.name} 不再任职，其名额另行选举（E8）。`,
      });
      settled.add(w.name);
    } else {
      // Same post, same votes: neither keeps the seat until a run-off between the two decides.
      kept.splice(kept.indexOf(over), 1);
      settled.add(over.name);
      settled.add(w.name);
      out.push({
        runoff: [over.name, w.name],
        position: w.position,
        reason: 'tie',
        rule: 'E8',
        message: `${over.name} 与 ${w.name} 是近亲属${tie}，同任一职务且得票相等（${w.votes} 票），须在二人之间再次投票决定由谁任职（E8）。`,
      });
    }
  }
  return out;
}
