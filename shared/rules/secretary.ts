/**
 * P10: the new Party committee's first plenary elects its 书记 and 副书记 from among its members.
 * It is counted by the same engine as the members' assembly (`tally`), as a party election whose
 * electors are the committee members:
 *  - the base of the majority is every committee member (`partyPassBase: expected`): 2 × 赞成票 >
 *    委员总数, so a member absent counts against, as the rule "超过全体委员半数" means;
 *  - a meeting with a vote must have four fifths of its members present (P4's integer rule);
 *  - candidates may be as many as the seats (等额); the margin of P6 is not asked;
 *  - ballot validity is the party profile's (P7: a ballot with more choices than seats for a post is
 *    void as a whole, `overvoteScope`), and a person chosen for 书记 and for 副书记 on one ballot
 *    follows `samePersonMultiplePositions` (V2);
 *  - someone elected 书记 is not counted for 副书记 (rank order, as `tally` does for any posts).
 */
import type { RuleParamsPatch } from './params.js';
import type { ScenarioBallot, ScenarioInput } from './scenario.js';

export const SECRETARY_POSTS = [
  { id: 'secretary', name: '书记' },
  { id: 'deputy', name: '副书记' },
] as const;
export type SecretaryPost = (typeof SECRETARY_POSTS)[number]['id'];

export interface SecretaryVoteFacts {
  profile: string;
  /** The election's own rule overrides (the plenary follows the same profile). */
  overrides: Record<string, unknown>;
  posts: readonly { post: SecretaryPost; seats: number }[];
  /** Candidates by post; `id` is how ballots refer to them. */
  candidates: readonly { id: string; name: string; post: SecretaryPost }[];
  /** Committee members (the electors and the base of the majority). */
  members: number;
  present: number;
  ballots: readonly ScenarioBallot[];
}

/** The plenary's vote as a scenario of the rules engine (scenario-format.md). */
export function secretaryScenario(f: SecretaryVoteFacts): ScenarioInput {
  const rules: RuleParamsPatch & Record<string, unknown> = { ...f.overrides, partyPassBase: 'expected' };
  const posts = SECRETARY_POSTS.filter((p) => f.posts.some((x) => x.post === p.id));
  return {
    kind: 'party_branch',
    profile: f.profile,
    rules,
    round: 'main',
    positions: posts.map((p) => ({ id: p.id, name: p.name, seats: f.posts.find((x) => x.post === p.id)?.seats ?? 1 })),
    candidates: f.candidates.map((c) => ({ id: c.id, name: c.name, position: c.post })),
    registered: f.members,
    excluded: 0,
    participants: f.present,
    issued: f.present,
    ballots: f.ballots.map((b) => ({ ...b })),
  };
}
