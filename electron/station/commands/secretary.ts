/**
 * P10: the new Party committee's first plenary elects 书记 and 副书记 from among its members — a
 * small election of its own (its tables are separate from the assembly's rounds): start a vote
 * with posts, seats and candidates (等额 allowed), record who is present (4/5 of the members, P4),
 * enter the ballots, the collected count, confirm; the engine elects with more than half of all
 * committee members. The result awaits the higher Party organisation's approval until its
 * reference and date are recorded.
 */
import type { papersContract } from '../../../shared/contract/papers.js';
import { SECRETARY_POST_LABELS } from '../../../shared/contract/papers.js';
import { Refusal } from '../../../shared/result.js';
import { partyQuorum, tally } from '../../../shared/rules/index.js';
import type { Ctx, HandlersFor } from '../context.js';
import { rulesOf } from '../queries.js';
import {
  approvalOf,
  ballotStatus,
  collectedOf,
  committeeMembers,
  electedOfficers,
  openVote,
  presentOf,
  secretaryState,
  startRefusal,
  StoredMarksSchema,
  voteBallots,
  votePosts,
  voteRows,
  voteScenario,
  voteState,
  type StoredMarks,
} from '../secretary.js';

type SecretaryHandlers = Pick<
  HandlersFor<typeof papersContract>,
  | 'secretary.get'
  | 'secretary.startVote'
  | 'secretary.setPresent'
  | 'secretary.setCollected'
  | 'secretary.recordBallot'
  | 'secretary.voidBallot'
  | 'secretary.confirm'
  | 'secretary.recordApproval'
>;

function voteOrRefuse(ctx: Ctx) {
  const v = openVote(ctx.db);
  if (!v) throw new Refusal('NO_OPEN_VOTE', '现在没有正在进行的书记、副书记选举投票，请先“开始投票”。');
  return v;
}

const counted = (ctx: Ctx, voteId: number): number => voteBallots(ctx.db, voteId).filter((b) => b.void_reason === null).length;

export const secretaryHandlers: SecretaryHandlers = {
  'secretary.get': (ctx) => secretaryState(ctx.db),

  'secretary.startVote': (ctx, input) => {
    const members = committeeMembers(ctx.db);
    const why = startRefusal(ctx.db, members);
    if (why) throw new Refusal('CANNOT_START', why);
    const memberIds = new Set(members.map((m) => m.voterId));
    const elected = electedOfficers(ctx.db);
    const seen = new Set<string>();
    for (const p of input.posts) {
      const label = SECRETARY_POST_LABELS[p.post];
      if (seen.has(p.post)) throw new Refusal('POST_TWICE', `${label}重复设置了。`);
      seen.add(p.post);
      if (p.post === 'secretary' && p.seats !== 1) throw new Refusal('ONE_SECRETARY', '书记只能选 1 名。');
      if (p.post === 'secretary' && elected.secretary.length > 0) throw new Refusal('SECRETARY_ELECTED', `书记已经选出（${elected.secretary.map((x) => x.name).join('、')}），不能再选。`);
      const ids = [...new Set(p.candidateIds)];
      const outside = ids.filter((id) => !memberIds.has(id));
      if (outside.length > 0) throw new Refusal('NOT_A_MEMBER', `${label}候选人应当是新一届委员会的委员（第 ${outside.join('、')} 号不是）。`);
      const taken = ids.filter((id) => [...elected.secretary, ...elected.deputy].some((x) => x.voterId === id));
      if (taken.length > 0) throw new Refusal('ALREADY_ELECTED', `${taken.map((id) => members.find((m) => m.voterId === id)?.name ?? id).join('、')} 已经当选，不能再作为候选人。`);
      if (ids.length < p.seats) throw new Refusal('TOO_FEW_CANDIDATES', `${label}应选 ${p.seats} 名，候选人不能少于应选人数（可以等额）。`);
    }
    const number = voteRows(ctx.db).length + 1;
    const id = ctx.insert('secretary_votes', { number, members: JSON.stringify(members.map((m) => m.voterId)), at: ctx.at, actor: ctx.actor });
    for (const p of input.posts) {
      ctx.insert('secretary_vote_posts', { vote_id: id, post: p.post, seats: p.seats, at: ctx.at, actor: ctx.actor });
      for (const c of new Set(p.candidateIds)) ctx.insert('secretary_candidates', { vote_id: id, post: p.post, voter_id: c, at: ctx.at, actor: ctx.actor });
    }
    const v = voteRows(ctx.db).find((x) => x.id === id);
    if (!v) throw new Error('station bug: the vote just inserted is missing');
    return voteState(ctx.db, v);
  },

  'secretary.setPresent': (ctx, input) => {
    const v = voteOrRefuse(ctx);
    const members = JSON.parse(v.members) as number[];
    const ids = [...new Set(input.voterIds)];
    const outside = ids.filter((id) => !members.includes(id));
    if (outside.length > 0) throw new Refusal('NOT_A_MEMBER', '到会的只能是新一届委员会的委员。');
    if (counted(ctx, v.id) > 0 && ids.length < presentOf(ctx.db, v.id).length) {
      throw new Refusal('BALLOTS_ENTERED', '已经开始录入选票，不能减少到会人数。如登记有误，请作废已录入的选票后再改。');
    }
    ctx.insert('secretary_attendance', { vote_id: v.id, voter_ids: JSON.stringify(ids), at: ctx.at, actor: ctx.actor });
    const q = partyQuorum(ids.length, members.length, rulesOf(ctx.db).partyQuorumStrict);
    const warnings = q.met ? [] : [{ code: 'QUORUM_NOT_MET', message: `委员 ${members.length} 名，到会 ${ids.length} 名，不足五分之四（至少 ${q.required} 名），不能进行选举。` }];
    return { present: ids.length, members: members.length, quorumNeeded: q.required, quorumMet: q.met, warnings };
  },

  'secretary.setCollected': (ctx, input) => {
    const v = voteOrRefuse(ctx);
    const present = presentOf(ctx.db, v.id).length;
    ctx.insert('secretary_collections', { vote_id: v.id, collected: input.collected, at: ctx.at, actor: ctx.actor });
    const warnings = input.collected > present ? [{ code: 'COLLECTED_EXCEEDS', message: `收回选票 ${input.collected} 张，多于到会委员 ${present} 名，本次投票无效，须重新投票。` }] : [];
    return { collected: input.collected, present, warnings };
  },

  'secretary.recordBallot': (ctx, input) => {
    const v = voteOrRefuse(ctx);
    const members = JSON.parse(v.members) as number[];
    const present = presentOf(ctx.db, v.id);
    const q = partyQuorum(present.length, members.length, rulesOf(ctx.db).partyQuorumStrict);
    if (!q.met) throw new Refusal('QUORUM_NOT_MET', `到会委员 ${present.length} 名，不足应到会委员 ${members.length} 名的五分之四（至少 ${q.required} 名），不能进行选举。请先登记到会委员。`);
    const n = counted(ctx, v.id);
    if (n >= present.length) throw new Refusal('TOO_MANY_BALLOTS', `已录入 ${n} 张，等于到会委员人数，不能再录入。录错的请先作废。`);
    const posts = votePosts(ctx.db, v.id);
    const marks: StoredMarks = {};
    for (const [post, m] of Object.entries(input.marks) as [keyof typeof input.marks, NonNullable<(typeof input.marks)['secretary']>][]) {
      const p = posts.find((x) => x.post === post);
      const label = SECRETARY_POST_LABELS[post];
      if (!p) throw new Refusal('NO_SUCH_POST', `本次投票没有选举${label}。`);
      const cands = new Set(p.candidates.map((c) => c.voterId));
      for (const id of [...m.for, ...(m.against ?? [])]) {
        if (!cands.has(id)) throw new Refusal('NOT_A_CANDIDATE', `第 ${id} 号不是${label}候选人；另选的人请填在“另选他人”。`);
      }
      if (m.for.some((id) => (m.against ?? []).includes(id))) throw new Refusal('FOR_AND_AGAINST', `同一${label}候选人不能既赞成又不赞成；如选票上确实如此，请按“无法辨认”录入。`);
      for (const id of m.writeIns ?? []) if (!members.includes(id)) throw new Refusal('WRITE_IN_NOT_MEMBER', `另选的人应当是委员会委员（第 ${id} 号不是）。`);
      marks[post] = { for: [...new Set(m.for)], ...(m.against && m.against.length > 0 ? { against: [...new Set(m.against)] } : {}), ...(m.writeIns && m.writeIns.length > 0 ? { writeIns: [...new Set(m.writeIns)] } : {}) };
    }
    const stored = StoredMarksSchema.parse(marks);
    const status = ballotStatus(ctx.db, v, stored, input.unreadable === true);
    const seq = (voteBallots(ctx.db, v.id).at(-1)?.seq ?? 0) + 1;
    const id = ctx.insert('secretary_ballots', { vote_id: v.id, seq, marks: JSON.stringify(stored), unreadable: input.unreadable === true ? 1 : 0, at: ctx.at, actor: ctx.actor });
    const summary = voteState(ctx.db, v).ballots.find((b) => b.id === id)?.summary ?? '';
    return { ballotId: id, seq, status, summary: `${status === 'void' ? '无效票' : status === 'blank' ? '空白票' : '有效票'}：${summary}`, counted: n + 1 };
  },

  'secretary.voidBallot': (ctx, input) => {
    const v = voteOrRefuse(ctx);
    const b = voteBallots(ctx.db, v.id).find((x) => x.id === input.ballotId);
    if (!b) throw new Refusal('BALLOT_NOT_FOUND', '本次投票没有这张选票记录。');
    if (b.void_reason !== null) throw new Refusal('ALREADY_VOIDED', `第 ${b.seq} 张已经作废。`);
    ctx.insert('secretary_ballot_voids', { ballot_id: b.id, reason: input.reason, at: ctx.at, actor: ctx.actor });
    return { ballotId: b.id, counted: counted(ctx, v.id) };
  },

  'secretary.confirm': (ctx) => {
    const v = voteOrRefuse(ctx);
    const n = counted(ctx, v.id);
    if (n === 0) throw new Refusal('NO_BALLOTS', '还没有录入选票，不能确认结果。');
    const collected = collectedOf(ctx.db, v.id);
    if (collected === null) throw new Refusal('COLLECTED_MISSING', '请先录入收回的选票数。');
    if (collected !== n) throw new Refusal('COUNT_MISMATCH', `收回选票 ${collected} 张，已录入 ${n} 张，两者不相等。请补录或作废录错的记录后再确认。`);
    const r = tally(voteScenario(ctx.db, v));
    if (!r.ok) throw new Refusal(r.error.code, r.error.message);
    ctx.insert('secretary_confirmations', { vote_id: v.id, result_json: JSON.stringify(r.value), at: ctx.at, actor: ctx.actor });
    const elected = electedOfficers(ctx.db);
    const left = r.value.positions.filter((p) => p.elected.length < p.seats);
    const message = !r.value.valid
      ? '本次投票无效（到会委员不足五分之四，或收回选票多于到会人数），须重新投票。'
      : left.length > 0
        ? `${left.map((p) => `${SECRETARY_POST_LABELS[p.id as 'secretary']}尚缺 ${p.seats - p.elected.length} 名${p.tied.length > 0 ? `（${p.tied.join('、')} 得票相等）` : ''}`).join('；')}：没有人获得超过全体委员半数的赞成票，请再次投票。`
        : `选举结果已确认：${[...elected.secretary.map((x) => `书记 ${x.name}`), ...elected.deputy.map((x) => `副书记 ${x.name}`)].join('，')}。结果报上级党组织审批，待批复。`;
    return { voteId: v.id, result: r.value, elected, message };
  },

  'secretary.recordApproval': (ctx, input) => {
    const elected = electedOfficers(ctx.db);
    if (elected.secretary.length === 0) throw new Refusal('NO_SECRETARY', '书记还没有选出，不能记录批复。');
    if (openVote(ctx.db)) throw new Refusal('VOTE_OPEN', '还有一次投票没有确认结果，请先确认。');
    const before = approvalOf(ctx.db);
    ctx.insert('party_approvals', { ref: input.ref, approved_on: input.approvedOn, note: input.note ?? '', at: ctx.at, actor: ctx.actor });
    return {
      ref: input.ref,
      approvedOn: input.approvedOn,
      message: `${before ? '已更正' : '已记录'}上级党组织批复（${input.ref}，${input.approvedOn}）。现在可以打印当选证书。`,
    };
  },
};
