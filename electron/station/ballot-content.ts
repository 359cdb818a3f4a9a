/**
 * What a round's ballot paper prints, from the stored facts: the posts and candidates exactly as
 * the counting pad numbers them (roundSetup), the profile's validity rules, the election's
 * settings. Its SHA-256 identifies a printing's content: printed papers whose content differs
 * from today's (a candidate withdrew, a number moved) are out of date.
 */
import { createHash } from 'node:crypto';
import { canonicalJson } from '../../shared/canonical-json.js';
import { ballotPapersOf, bodyName } from '../../shared/papers.js';
import type { Db } from './db/open.js';
import type { BallotContent } from './forms/ballot-paper.js';
import { paperSettings } from './paper-settings.js';
import { rulesOf } from './queries.js';
import { roundSetup, type RoundSetup } from './scenario-from-db.js';

const ROUND_LABEL = { main: '', runoff: '再次投票', supplementary: '另行选举' } as const;

export function ballotContent(db: Db, roundId?: number): { content: BallotContent; sha256: string; setup: RoundSetup } {
  const setup = roundSetup(db, roundId);
  const e = setup.election;
  const rules = rulesOf(db);
  const settings = paperSettings(db);
  const party = e.kind === 'party_branch';
  const content: BallotContent = {
    kind: e.kind,
    body: bodyName(e.kind, e.village, settings),
    what: party ? '委员' : '',
    roundLabel: ROUND_LABEL[setup.round.kind],
    electionDate: e.election_date,
    drill: e.drill === 1,
    papers: ballotPapersOf(rules as unknown as Record<string, unknown>),
    posts: setup.positions.map((p) => ({
      key: p.key,
      name: p.name,
      seats: p.seats,
      candidates: setup.candidates.filter((c) => c.position === p.key).map((c) => ({ number: c.number, name: c.name })),
    })),
    sealLabel: party ? settings.partyOrgName : `${e.village}村民选举委员会`,
    writeInWho: party ? '有选举权和被选举权的正式党员' : '本村登记参加选举的选民',
    forAgainst: party,
    rules: { overvoteScope: rules.overvoteScope, samePersonMultiplePositions: rules.samePersonMultiplePositions, unreadableScope: rules.unreadableScope },
  };
  return { content, sha256: contentSha256(content), setup };
}

/** The identity of what a paper prints (everything but the drill flag and the date, which cannot change). */
export function contentSha256(c: BallotContent): string {
  const printed = { body: c.body, what: c.what, round: c.roundLabel, papers: c.papers, posts: c.posts, rules: c.rules, forAgainst: c.forAgainst };
  return createHash('sha256').update(canonicalJson(printed)).digest('hex');
}
