/**
 * P10, read side: the new Party committee (the members the assembly elected, from the confirmed
 * rounds), the plenary's votes for 书记 and 副书记 with their count by the one rules engine, who is
 * elected, and the higher Party organisation's approval. The commands (commands/secretary.ts), the
 * forms and result.json all read it from here.
 */
import { z } from 'zod';
import { SECRETARY_POST_LABELS, type SecretaryStateSchema, type SecretaryVoteSchema } from '../../shared/contract/papers.js';
import { Refusal } from '../../shared/result.js';
import { ageOn, partyQuorum, tally, type ScenarioBallot, type Selection, type TallyResult } from '../../shared/rules/index.js';
import { positionMarks } from '../../shared/rules/marks.js';
import { secretaryScenario, SECRETARY_POSTS, type SecretaryPost } from '../../shared/rules/secretary.js';
import type { Db } from './db/open.js';
import { compareByStrokes } from './names/index.js';
import { paperSettings } from './paper-settings.js';
import { currentPhase, currentRound, electionRow, rulesOf, VOTERS } from './queries.js';
import { roundSetup } from './scenario-from-db.js';
import { writeInVoterIds } from './ballot-marks.js';

export type SecretaryVote = z.input<typeof SecretaryVoteSchema>;
export type SecretaryState = z.input<typeof SecretaryStateSchema>;

export interface Member {
  voterId: number;
  name: string;
  gender: 'M' | 'F' | null;
  age: number | null;
}

/** How a ballot's marks are stored: per post, voter ids. */
export const StoredMarksSchema = z.partialRecord(
  z.enum(['secretary', 'deputy']),
  z.object({ for: z.array(z.number().int()), against: z.array(z.number().int()).optional(), writeIns: z.array(z.number().int()).optional() }),
);
export type StoredMarks = z.infer<typeof StoredMarksSchema>;

export const candidateRef = (voterId: number): string => `v${voterId}`;

/**
 * The members of the new committee: everyone elected in a confirmed, valid round of the assembly,
 * by the voter the result names (a candidate of that round, else a write-in resolved at entry, else
 * the one member of that name).
 */
export function committeeMembers(db: Db): Member[] {
  const e = electionRow(db);
  if (e.kind !== 'party_branch') return [];
  const rounds = db.prepare('SELECT r.id, c.result_json FROM rounds r JOIN round_confirmations c ON c.round_id = r.id ORDER BY r.number').all() as { id: number; result_json: string }[];
  const out: Member[] = [];
  const seen = new Set<number>();
  for (const r of rounds) {
    const result = JSON.parse(r.result_json) as TallyResult;
    if (!result.valid) continue;
    const setup = roundSetup(db, r.id);
    for (const p of result.positions) {
      for (const name of p.elected) {
        let voterId = setup.candidates.find((c) => c.position === p.id && c.name === name)?.voterId;
        if (voterId === undefined) {
          const w = writeInVoterIds(db, { pos: p.id, name, roundId: r.id });
          if (w.length === 1) voterId = w[0];
        }
        if (voterId === undefined) {
          const v = db.prepare(`SELECT id FROM ${VOTERS} WHERE name = ? AND party_status = 'full'`).all(name) as { id: number }[];
          if (v.length === 1) voterId = v[0]?.id;
        }
        if (voterId === undefined || seen.has(voterId)) continue;
        seen.add(voterId);
        const v = db.prepare(`SELECT name, gender, birth_date FROM ${VOTERS} WHERE id = ?`).get(voterId) as { name: string; gender: 'M' | 'F'; birth_date: string };
        out.push({ voterId, name: v.name, gender: v.gender, age: ageOn(v.birth_date, e.election_date) });
      }
    }
  }
  // Listed as papers list people: in 姓氏笔画 order.
  return out.sort((a, b) => compareByStrokes(a.name, b.name) || a.voterId - b.voterId);
}

interface VoteRow {
  id: number;
  number: number;
  members: string;
  at: string;
}

const nameOf = (db: Db, voterId: number): string => (db.prepare(`SELECT name FROM ${VOTERS} WHERE id = ?`).get(voterId) as { name: string } | undefined)?.name ?? `#${voterId}`;

export function voteRows(db: Db): VoteRow[] {
  return db.prepare('SELECT id, number, members, at FROM secretary_votes ORDER BY number').all() as VoteRow[];
}

export function openVote(db: Db): VoteRow | undefined {
  return db.prepare('SELECT v.id, v.number, v.members, v.at FROM secretary_votes v WHERE NOT EXISTS (SELECT 1 FROM secretary_confirmations c WHERE c.vote_id = v.id) ORDER BY v.number DESC LIMIT 1').get() as
    | VoteRow
    | undefined;
}

/** The posts of a vote, in rank order, with candidates numbered in 姓氏笔画 order. */
export function votePosts(db: Db, voteId: number): { post: SecretaryPost; name: string; seats: number; candidates: { voterId: number; name: string; number: number }[] }[] {
  const posts = db.prepare('SELECT post, seats FROM secretary_vote_posts WHERE vote_id = ?').all(voteId) as { post: SecretaryPost; seats: number }[];
  return SECRETARY_POSTS.filter((p) => posts.some((x) => x.post === p.id)).map((p) => {
    const cands = (db.prepare(`SELECT c.voter_id, v.name FROM secretary_candidates c JOIN ${VOTERS} v ON v.id = c.voter_id WHERE c.vote_id = ? AND c.post = ?`).all(voteId, p.id) as { voter_id: number; name: string }[])
      .sort((a, b) => compareByStrokes(a.name, b.name) || a.voter_id - b.voter_id)
      .map((c, i) => ({ voterId: c.voter_id, name: c.name, number: i + 1 }));
    return { post: p.id, name: SECRETARY_POST_LABELS[p.id], seats: posts.find((x) => x.post === p.id)?.seats ?? 1, candidates: cands };
  });
}

export function presentOf(db: Db, voteId: number): number[] {
  const r = db.prepare('SELECT voter_ids FROM secretary_attendance WHERE vote_id = ? ORDER BY id DESC LIMIT 1').get(voteId) as { voter_ids: string } | undefined;
  return r ? (JSON.parse(r.voter_ids) as number[]) : [];
}

export function collectedOf(db: Db, voteId: number): number | null {
  const r = db.prepare('SELECT collected FROM secretary_collections WHERE vote_id = ? ORDER BY id DESC LIMIT 1').get(voteId) as { collected: number } | undefined;
  return r?.collected ?? null;
}

interface BallotRow {
  id: number;
  seq: number;
  marks: string;
  unreadable: number;
  void_reason: string | null;
}

export function voteBallots(db: Db, voteId: number): BallotRow[] {
  return db
    .prepare(
      `SELECT b.id, b.seq, b.marks, b.unreadable, v.reason AS void_reason FROM secretary_ballots b
       LEFT JOIN secretary_ballot_voids v ON v.ballot_id = b.id WHERE b.vote_id = ? ORDER BY b.seq`,
    )
    .all(voteId) as BallotRow[];
}

/** A stored ballot as the engine reads it. */
export function scenarioBallot(db: Db, marks: StoredMarks, unreadable: boolean): ScenarioBallot {
  if (unreadable) return { count: 1, unreadable: true };
  const votes: Record<string, Selection[]> = {};
  const against: Record<string, string[]> = {};
  for (const [post, m] of Object.entries(marks)) {
    const sel: Selection[] = [...m.for.map(candidateRef), ...(m.writeIns ?? []).map((id) => ({ writeIn: nameOf(db, id) }))];
    if (sel.length > 0) votes[post] = sel;
    if (m.against && m.against.length > 0) against[post] = m.against.map(candidateRef);
  }
  const b: ScenarioBallot = { count: 1 };
  if (Object.keys(votes).length > 0) b.votes = votes;
  if (Object.keys(against).length > 0) b.against = against;
  return b;
}

/** The marks in words: 书记：赞成 张三；副书记：不赞成 李四，另选 王五. */
export function marksSummary(db: Db, marks: StoredMarks, unreadable: boolean): string {
  if (unreadable) return '无法辨认';
  const parts = SECRETARY_POSTS.flatMap((p) => {
    const m = marks[p.id];
    if (!m) return [];
    const bits = [
      m.for.length > 0 ? `赞成 ${m.for.map((id) => nameOf(db, id)).join('、')}` : '',
      (m.against ?? []).length > 0 ? `不赞成 ${(m.against ?? []).map((id) => nameOf(db, id)).join('、')}` : '',
      (m.writeIns ?? []).length > 0 ? `另选 ${(m.writeIns ?? []).map((id) => nameOf(db, id)).join('、')}` : '',
    ].filter(Boolean);
    return bits.length > 0 ? [`${p.name}：${bits.join('，')}`] : [];
  });
  return parts.join('；') || '空白票（全部弃权）';
}

/** The scenario of a vote (members fixed at its start, those present, its counted ballots). */
export function voteScenario(db: Db, vote: VoteRow, extra: ScenarioBallot[] = []) {
  const e = electionRow(db);
  const posts = votePosts(db, vote.id);
  const ballots = voteBallots(db, vote.id)
    .filter((b) => b.void_reason === null)
    .map((b) => scenarioBallot(db, StoredMarksSchema.parse(JSON.parse(b.marks)), b.unreadable === 1));
  return secretaryScenario({
    profile: e.profile,
    overrides: JSON.parse(e.rules_overrides) as Record<string, unknown>,
    posts: posts.map((p) => ({ post: p.post, seats: p.seats })),
    candidates: posts.flatMap((p) => p.candidates.map((c) => ({ id: candidateRef(c.voterId), name: c.name, post: p.post }))),
    members: (JSON.parse(vote.members) as number[]).length,
    present: presentOf(db, vote.id).length,
    ballots: [...ballots, ...extra],
  });
}

function storedResult(db: Db, voteId: number): { result: TallyResult; at: string } | undefined {
  const r = db.prepare('SELECT result_json, at FROM secretary_confirmations WHERE vote_id = ?').get(voteId) as { result_json: string; at: string } | undefined;
  return r ? { result: JSON.parse(r.result_json) as TallyResult, at: r.at } : undefined;
}

export function voteState(db: Db, vote: VoteRow): SecretaryVote {
  const memberIds = JSON.parse(vote.members) as number[];
  const present = presentOf(db, vote.id);
  const scenario = voteScenario(db, vote);
  const stored = storedResult(db, vote.id);
  const live = tally(scenario);
  const marks = positionMarks(scenario);
  const rules = rulesOf(db);
  return {
    id: vote.id,
    number: vote.number,
    members: memberIds.map((id) => ({ voterId: id, name: nameOf(db, id) })),
    posts: votePosts(db, vote.id),
    present: present.map((id) => ({ voterId: id, name: nameOf(db, id) })),
    quorumNeeded: partyQuorum(present.length, memberIds.length, rules.partyQuorumStrict).required,
    collected: collectedOf(db, vote.id),
    ballots: voteBallots(db, vote.id).map((b) => {
      const m = StoredMarksSchema.parse(JSON.parse(b.marks));
      return { id: b.id, seq: b.seq, summary: marksSummary(db, m, b.unreadable === 1), status: b.void_reason !== null ? 'voided' : ballotStatus(db, vote, m, b.unreadable === 1), voidReason: b.void_reason };
    }),
    counted: scenario.ballots.length,
    result: stored?.result ?? (live.ok ? live.value : null),
    marks: marks.ok ? marks.value.map((p) => ({ ...p, id: p.id as SecretaryPost })) : [],
    confirmed: stored !== undefined,
    confirmedAt: stored?.at ?? null,
  };
}

/** valid / blank / void of one ballot under the vote's rules. */
export function ballotStatus(db: Db, vote: VoteRow, marks: StoredMarks, unreadable: boolean): 'valid' | 'blank' | 'void' {
  const s = voteScenario(db, vote);
  const one = { ...s, ballots: [scenarioBallot(db, marks, unreadable)] };
  const r = tally(one);
  if (!r.ok) throw new Refusal(r.error.code, r.error.message);
  return r.value.ballots.invalid > 0 ? 'void' : r.value.ballots.blank > 0 ? 'blank' : 'valid';
}

/** Who the confirmed, valid votes elected, per post (a person elected 书记 is not also 副书记). */
export function electedOfficers(db: Db): { secretary: { voterId: number; name: string }[]; deputy: { voterId: number; name: string }[] } {
  const out = { secretary: [] as { voterId: number; name: string }[], deputy: [] as { voterId: number; name: string }[] };
  for (const v of voteRows(db)) {
    const s = storedResult(db, v.id);
    if (!s || !s.result.valid) continue;
    const posts = votePosts(db, v.id);
    const members = JSON.parse(v.members) as number[];
    for (const p of s.result.positions) {
      const post = p.id as SecretaryPost;
      for (const name of p.elected) {
        const id = posts.find((x) => x.post === post)?.candidates.find((c) => c.name === name)?.voterId ?? members.find((m) => nameOf(db, m) === name);
        if (id !== undefined) out[post].push({ voterId: id, name });
      }
    }
  }
  return out;
}

export interface Approval {
  ref: string;
  approvedOn: string;
  note: string;
  at: string;
}

export function approvalOf(db: Db): Approval | null {
  const r = db.prepare('SELECT ref, approved_on, note, at FROM party_approvals ORDER BY id DESC LIMIT 1').get() as { ref: string; approved_on: string; note: string; at: string } | undefined;
  return r ? { ref: r.ref, approvedOn: r.approved_on, note: r.note, at: r.at } : null;
}

/** Why a vote cannot start now ('' when it can). */
export function startRefusal(db: Db, members: readonly Member[]): string {
  const e = electionRow(db);
  if (e.kind !== 'party_branch') return '只有党组织委员会选举才有书记、副书记的选举。';
  const cur = currentRound(db);
  const confirmed = db.prepare('SELECT 1 FROM round_confirmations WHERE round_id = ?').get(cur.id) !== undefined;
  if (!confirmed || currentPhase(db) !== 'confirmed') return '党员大会的选举结果还没有确认。请先在“结果”页确认本轮结果，委员会选出后再召开第一次全体会议。';
  if (members.length < 3) return `新一届委员会只选出了 ${members.length} 名委员，不足 3 名，请先完成委员的选举（另行选举）。`;
  if (openVote(db)) return '上一次投票还没有确认结果。';
  if (approvalOf(db)) return '上级党组织已经批复，选举已经结束。';
  return '';
}

export function secretaryState(db: Db): SecretaryState {
  const members = committeeMembers(db);
  const reason = startRefusal(db, members);
  const votes = voteRows(db).map((v) => voteState(db, v));
  const elected = electedOfficers(db);
  const approval = approvalOf(db);
  const open = votes.some((v) => !v.confirmed);
  const status = approval ? 'approved' : elected.secretary.length > 0 && !open ? 'awaiting_approval' : votes.length > 0 ? 'voting' : 'not_started';
  const LABEL = { not_started: '尚未选举', voting: '正在选举', awaiting_approval: '书记已选出，待上级党组织批复', approved: '上级党组织已批复' } as const;
  return {
    canStart: reason === '',
    reason,
    orgName: paperSettings(db).partyOrgName,
    members,
    votes,
    elected,
    approval: approval ? { ref: approval.ref, approvedOn: approval.approvedOn, note: approval.note, at: approval.at } : null,
    status,
    statusLabel: LABEL[status],
  };
}
