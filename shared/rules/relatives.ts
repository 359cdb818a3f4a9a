/**
 * E8: close relatives may not both sit on the committee (VCOL 8 as amended in 2025; ZJ 31; HA 8;
 * SH 2). It is a rule, not a warning: after the seats are decided by votes, of two relatives
 *   - a person seated in an earlier round of this election keeps the seat;
 *   - otherwise the one elected to the higher post keeps it;
 *   - in the same post the one with more votes keeps it;
 *   - with equal votes in the same post both go to a run-off between the two (one seat), and the
 *     other seat is vacant.
 * The one who yields is not elected. The vacated seat goes to a 另行选举 (`relativeVacancy:
 * supplementary`) or, under ZJ 31 递补 (`succession`), to the next person of that post who reached
 * the round's threshold, is not elected or awaiting a run-off anywhere, and is not a close relative
 * of anyone who keeps a seat (such a person yields too); with nobody left, to a 另行选举.
 *
 * Pure: winners, relations and seated people in, who yields and what happens to each seat out.
 * `tally` applies it to every round, so the CLI, the station and the forms say the same.
 */
import type { RuleParams } from './params.js';

/** A declared close-relative tie between two people (by name, as in the tally result). */
export interface RelativeTie {
  a: string;
  b: string;
  /** e.g. 配偶, 兄弟姐妹; shown in the message. */
  relation?: string;
}

export interface RelativesPosition {
  id: string;
  name: string;
  /** Decided by votes, best first. */
  elected: readonly string[];
  tied: readonly string[];
  unfilled: number;
  votes: Readonly<Record<string, number>>;
  /** Everyone eligible here who reached the round's threshold, best first (succession takes from it). */
  passers: readonly string[];
}

export interface RelativesInput {
  /** Highest post first. */
  positions: readonly RelativesPosition[];
  relatives: readonly RelativeTie[];
  /** People elected in earlier rounds of this election, with their post (id) and its name when known. */
  seated: ReadonlyArray<{ name: string; position: string; positionName?: string }>;
  params: Pick<RuleParams, 'relativeAvoidance' | 'relativeVacancy'>;
}

export interface RelativeDecision {
  rule: 'E8';
  /** The post of the seat given up (or contested). */
  position: string;
  reason: 'seated' | 'higher_post' | 'more_votes' | 'tie' | 'successor_related';
  /** Who gives the seat up (absent for a tie: a run-off decides). */
  yielder?: string;
  /** The relative who keeps their seat (absent for a tie). */
  keeper?: string;
  /** Equal votes in one post: the two people of the run-off. */
  runoff?: [string, string];
  relation?: string;
  /** What happens to the vacated seat. */
  vacancy: 'supplementary' | 'succession' | 'none';
  /** Under succession: who takes the seat. */
  successor?: string;
  /** Chinese, to read out and print. */
  message: string;
}

export interface RelativesPositionOutcome {
  id: string;
  elected: string[];
  tied: string[];
  unfilled: number;
  yielded: string[];
}

export interface RelativesOutcome {
  positions: RelativesPositionOutcome[];
  decisions: RelativeDecision[];
}

function relationIndex(ties: readonly RelativeTie[]): (x: string, y: string) => RelativeTie | undefined {
  const map = new Map<string, RelativeTie>();
  for (const t of ties) {
    if (t.a === t.b) continue;
    map.set(`${t.a}\u0000${t.b}`, t);
    map.set(`${t.b}\u0000${t.a}`, t);
  }
  return (x, y) => map.get(`${x}\u0000${y}`);
}

interface Holder {
  name: string;
  /** Rank of the post; -1 for a person seated in an earlier round. */
  rank: number;
  position: string;
  positionName: string;
  votes: number;
  seated: boolean;
}

export function decideCloseRelatives(input: RelativesInput): RelativesOutcome {
  const out: RelativesPositionOutcome[] = input.positions.map((p) => ({ id: p.id, elected: [...p.elected], tied: [...p.tied], unfilled: p.unfilled, yielded: [] }));
  if (input.params.relativeAvoidance === 'none' || input.relatives.length === 0) return { positions: out, decisions: [] };
  const related = relationIndex(input.relatives);
  const decisions: RelativeDecision[] = [];
  const relText = (t: RelativeTie | undefined): string => (t?.relation ? `（${t.relation}）` : '');

  const kept: Holder[] = input.seated.map((s) => ({ name: s.name, rank: -1, position: s.position, positionName: s.positionName ?? '', votes: 0, seated: true }));
  const relativeKept = (name: string): { holder: Holder; tie: RelativeTie } | undefined => {
    for (const k of kept) {
      const tie = related(k.name, name);
      if (tie) return { holder: k, tie };
    }
    return undefined;
  };
  // Seats vacated per post, to be filled by succession or left to a 另行选举.
  const vacated = new Map<number, RelativeDecision[]>();
  const vacate = (rank: number, d: RelativeDecision) => vacated.set(rank, [...(vacated.get(rank) ?? []), d]);

  input.positions.forEach((p, rank) => {
    const o = out[rank] as RelativesPositionOutcome;
    for (const name of p.elected) {
      const votes = p.votes[name] ?? 0;
      const rel = relativeKept(name);
      if (!rel) {
        kept.push({ name, rank, position: p.id, positionName: p.name, votes, seated: false });
        continue;
      }
      const k = rel.holder;
      if (k.seated || k.rank < rank || k.votes > votes) {
        const reason: RelativeDecision['reason'] = k.seated ? 'seated' : k.rank < rank ? 'higher_post' : 'more_votes';
        const why =
          reason === 'seated'
            ? `${k.name} 已在前一轮当选${k.positionName}`
            : reason === 'higher_post'
              ? `${k.name} 当选的${k.positionName}职务较高`
              : `同为${p.name}，${k.name} 得票较多（${k.votes} 比 ${votes}）`;
        o.elected = o.elected.filter((n) => n !== name);
        o.yielded.push(name);
        const d: RelativeDecision = {
          rule: 'E8',
          position: p.id,
          reason,
          yielder: name,
          keeper: k.name,
          vacancy: 'supplementary',
          message: `${name} 与 ${k.name} 是近亲属${relText(rel.tie)}，${why}，${name} 不再任${p.name}`,
        };
        if (rel.tie.relation !== undefined) d.relation = rel.tie.relation;
        decisions.push(d);
        vacate(rank, d);
        continue;
      }
      // Same post, equal votes (winners come best first, so k cannot have fewer): a run-off between the two.
      kept.splice(kept.indexOf(k), 1);
      o.elected = o.elected.filter((n) => n !== name && n !== k.name);
      o.tied.push(k.name, name);
      const d: RelativeDecision = {
        rule: 'E8',
        position: p.id,
        reason: 'tie',
        runoff: [k.name, name],
        vacancy: 'supplementary',
        message: `${k.name} 与 ${name} 是近亲属${relText(rel.tie)}，同为${p.name}且得票相等（${votes} 票），须在二人之间再次投票决定由谁任职；二人只能一人任职`,
      };
      if (rel.tie.relation !== undefined) d.relation = rel.tie.relation;
      decisions.push(d);
      vacate(rank, d);
    }
  });

  // What happens to each vacated seat, highest post first.
  const taken = new Set<string>();
  for (const o of out) for (const n of [...o.elected, ...o.tied, ...o.yielded]) taken.add(n);
  input.positions.forEach((p, rank) => {
    const o = out[rank] as RelativesPositionOutcome;
    for (const d of vacated.get(rank) ?? []) {
      let successor: string | undefined;
      if (input.params.relativeVacancy === 'succession') {
        for (const n of p.passers) {
          if (taken.has(n)) continue;
          taken.add(n);
          const rel = relativeKept(n);
          if (rel) {
            o.yielded.push(n);
            const nd: RelativeDecision = {
              rule: 'E8',
              position: p.id,
              reason: 'successor_related',
              yielder: n,
              keeper: rel.holder.name,
              vacancy: 'none',
              message: `${n} 得票次多可以递补，但与 ${rel.holder.name} 是近亲属${relText(rel.tie)}，不能递补（E8）。`,
            };
            if (rel.tie.relation !== undefined) nd.relation = rel.tie.relation;
            decisions.push(nd);
            continue;
          }
          successor = n;
          break;
        }
      }
      if (successor !== undefined) {
        o.elected.push(successor);
        kept.push({ name: successor, rank, position: p.id, positionName: p.name, votes: p.votes[successor] ?? 0, seated: false });
        d.vacancy = 'succession';
        d.successor = successor;
        d.message += `，其名额由得票次多且达到当选票数的 ${successor} 递补（E8）。`;
      } else {
        o.unfilled += 1;
        d.vacancy = 'supplementary';
        d.message += input.params.relativeVacancy === 'succession' ? '；没有可以递补的人，其名额另行选举（E8）。' : '，其名额另行选举（E8）。';
      }
    }
    // Keep the order of the result: votes, then the original order.
    const order = new Map(Object.keys(p.votes).map((n, i) => [n, i]));
    const byVotes = (a: string, b: string) => (p.votes[b] ?? 0) - (p.votes[a] ?? 0) || (order.get(a) ?? 0) - (order.get(b) ?? 0);
    o.elected.sort(byVotes);
    o.tied.sort(byVotes);
    o.yielded.sort(byVotes);
  });
  return { positions: out, decisions };
}

/** The family ties a relation set counts as close relatives (E8, F1). */
export const RELATIVE_SETS: Readonly<Record<RuleParams['relativeSet'], readonly string[]>> = {
  // 民法典 1045: 配偶、父母、子女、兄弟姐妹、祖父母、外祖父母、孙子女、外孙子女
  civil_code: ['spouse', 'parent', 'child', 'sibling', 'grandparent', 'grandchild'],
  // ZJ 31: 夫妻、父母子女、兄弟姐妹
  spouse_parent_child_sibling: ['spouse', 'parent', 'child', 'sibling'],
  // SH: 夫妻或直系亲属 (lineal kin of any degree; siblings are collateral, not lineal)
  spouse_lineal: ['spouse', 'parent', 'child', 'grandparent', 'grandchild', 'lineal_other'],
};

/** Whether a recorded relation makes two people close relatives under the election's relation set. */
export function relationCounts(relation: string, set: RuleParams['relativeSet']): boolean {
  return RELATIVE_SETS[set].includes(relation);
}
