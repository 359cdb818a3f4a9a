import { randomUUID } from 'node:crypto';
import type { electionContract } from '../../../shared/contract/election.js';
import type { z } from 'zod';
import { OFFICIAL_ROLE_LABELS, PHASE_LABELS, RELATION_LABELS, type OfficialRoleSchema, type Phase } from '../../../shared/model.js';
import { Refusal } from '../../../shared/result.js';
import { ageOn, candidateIsOfficial, partyQuorum, relationCounts, resolveRules, setupWarnings, villagersTurnout, type RuleParams } from '../../../shared/rules/index.js';
import type { PhaseConfirmation } from '../../../shared/contract/election.js';
import { roundCounts } from '../scenario-from-db.js';
import type { Db } from '../db/open.js';
import { refuseWith, type Warning } from '../queries.js';
import { recordPhase } from '../phase.js';
import { roundCandidates, roundMargins } from '../candidates.js';
import type { Ctx, HandlersFor } from '../context.js';
import { charsWithoutStrokeData } from '../names/index.js';
import {
  activeVoter,
  currentPhase,
  currentRound,
  electionRow,
  findElection,
  hasVote,
  positions,
  requirePhase,
  rulesOf,
  VOTERS,
  type ElectionRow,
} from '../queries.js';


const KIND_TITLES = {
  villagers_committee: '村民委员会换届选举',
  party_branch: '党支部委员会换届选举（党员大会）',
  residents_committee: '居民委员会换届选举',
} as const;

const DEFAULT_POSITIONS = {
  villagers_committee: [
    { key: 'chair', name: '主任', seats: 1 },
    { key: 'vice_chair', name: '副主任', seats: 1 },
    { key: 'member', name: '委员', seats: 3 },
  ],
  residents_committee: [
    { key: 'chair', name: '主任', seats: 1 },
    { key: 'vice_chair', name: '副主任', seats: 1 },
    { key: 'member', name: '委员', seats: 3 },
  ],
  party_branch: [{ key: 'member', name: '委员', seats: 5 }],
} as const;

const PHASE_ORDER: Phase[] = ['setup', 'roll_published', 'voting', 'counting', 'confirmed'];

type PhaseWarning = { code: PhaseConfirmation; rule?: string; message: string };

/**
 * B7: the moments that matter, said with their numbers before the step is taken — ending the vote
 * below the turnout (E1) or the Party quorum (P4), starting a real election's vote before its date.
 */
function phaseWarnings(ctx: Ctx, phase: Phase, roundId: number): PhaseWarning[] {
  const e = electionRow(ctx.db);
  const out: PhaseWarning[] = [];
  if (phase === 'voting' && e.drill === 0 && ctx.today < e.election_date) {
    out.push({
      code: 'VOTING_BEFORE_DATE',
      message: `今天是 ${ctx.today}，公告的选举日是 ${e.election_date}，还没有到选举日。这是正式选举：现在开始投票，发出的选票都算正式投票。`,
    });
  }
  if (phase === 'counting') {
    const c = roundCounts(ctx.db, e.kind, roundId);
    if (e.kind === 'party_branch') {
      const q = partyQuorum(c.participants, Math.max(0, c.registered - c.excluded), rulesOf(ctx.db).partyQuorumStrict);
      if (!q.met) {
        out.push({
          code: 'P4_QUORUM_NOT_MET',
          rule: 'P4',
          message: `到会有选举权的党员 ${c.participants} 人，应到会 ${q.base} 人，不到五分之四（至少要 ${q.required} 人）。不足五分之四不能进行选举：现在结束投票，本轮选举无效。`,
        });
      }
    } else {
      const t = villagersTurnout(c.registered, c.participants);
      if (!t.met) {
        out.push({
          code: 'E1_TURNOUT_NOT_MET',
          rule: 'E1',
          message: `参加投票 ${c.participants} 人，没有超过登记选民 ${c.registered} 人的半数（至少要 ${t.required} 人）。现在结束投票，本轮选举无效，须重新投票。`,
        });
      }
    }
  }
  return out;
}



function electionOut(ctx: Ctx, e: ElectionRow) {
  const round = currentRound(ctx.db);
  return {
    id: e.id,
    kind: e.kind,
    title: e.title,
    village: e.village,
    township: e.township,
    county: e.county,
    electionDate: e.election_date,
    profile: e.profile,
    rulesOverrides: JSON.parse(e.rules_overrides) as Record<string, unknown>,
    drill: e.drill === 1,
    createdAt: e.at,
    phase: currentPhase(ctx.db),
    currentRound: { id: round.id, number: round.number, kind: round.kind },
    rules: rulesOf(ctx.db) as unknown as Record<string, unknown>,
    readOnly: ctx.station.report.readOnly,
  };
}




interface RelativeRow {
  id: number;
  voter_a: number;
  a_name: string;
  voter_b: number;
  b_name: string;
  relation: keyof typeof RELATION_LABELS;
  at: string;
  actor: string;
  r_reason: string | null;
  r_at: string | null;
  r_actor: string | null;
}

/** Recorded relations (E8, F1), revoked ones included and flagged; `counts` under the election's relation set. */
export function relationRows(db: Db, params: Pick<RuleParams, 'relativeSet'>, id?: number) {
  const rows = db
    .prepare(
      `SELECT r.id, r.voter_a, va.name AS a_name, r.voter_b, vb.name AS b_name, r.relation, r.at, r.actor,
              x.reason AS r_reason, x.at AS r_at, x.actor AS r_actor
       FROM candidate_relatives r JOIN ${VOTERS} va ON va.id = r.voter_a JOIN ${VOTERS} vb ON vb.id = r.voter_b
       LEFT JOIN relation_revocations x ON x.relative_id = r.id ${id === undefined ? '' : 'WHERE r.id = ?'} ORDER BY r.id`,
    )
    .all(...(id === undefined ? [] : [id])) as RelativeRow[];
  return rows.map((r) => ({
    id: r.id,
    voterId: r.voter_a,
    name: r.a_name,
    otherVoterId: r.voter_b,
    otherName: r.b_name,
    relation: r.relation,
    relationLabel: RELATION_LABELS[r.relation],
    counts: relationCounts(r.relation, params.relativeSet),
    revoked: r.r_reason !== null ? { reason: r.r_reason, at: r.r_at ?? '', actor: r.r_actor ?? '' } : null,
    at: r.at,
    actor: r.actor,
  }));
}

const RELATIVE_SET_LABELS: Record<RuleParams['relativeSet'], string> = {
  civil_code: '近亲属（配偶、父母、子女、兄弟姐妹、祖父母、外祖父母、孙子女、外孙子女）',
  spouse_parent_child_sibling: '夫妻、父母子女、兄弟姐妹',
  spouse_lineal: '夫妻或直系亲属',
};

/** Active officials serving now, by voter (E10, F1). */
function servingRoles(db: Db, voterId: number): string[] {
  const roles = db
    .prepare('SELECT o.role FROM officials o LEFT JOIN official_removals r ON r.official_id = o.id WHERE r.id IS NULL AND o.voter_id = ?')
    .pluck()
    .all(voterId) as z.infer<typeof OfficialRoleSchema>[];
  return [...new Set(roles)].map((r) => OFFICIAL_ROLE_LABELS[r]);
}

/** Warnings about the candidate list that the committee should see before voting starts (P6, E7). */
function candidateWarnings(ctx: Ctx): Warning[] {
  const e = electionRow(ctx.db);
  const rules = rulesOf(ctx.db);
  const cands = roundCandidates(ctx, undefined);
  const out: Warning[] = [];
  for (const m of roundMargins(ctx)) {
    const f = m.refusal ?? m.warning;
    if (f) out.push({ code: f.code, message: f.message });
  }
  const unreviewed = cands.filter((c) => c.review === null).map((c) => c.name);
  if (unreviewed.length > 0) {
    out.push({ code: 'E10_NOT_REVIEWED', message: `${unreviewed.join('、')} 还没有记录资格审查结果（E10），请在候选人名单中逐一记录。` });
  }
  for (const w of setupWarnings(e.kind, positions(ctx.db), rules)) out.push({ code: w.code, message: w.message });
  if (rules.womenRule === 'at_least_one' && e.kind !== 'party_branch' && !cands.some((c) => c.gender === 'F')) {
    out.push({ code: 'E7_NO_WOMAN_CANDIDATE', message: 'E7 候选人中没有女性，委员会成员中应当有妇女成员。' });
  }
  if (rules.womenRule === 'reserved_seat' && !positions(ctx.db).some((p) => p.womenReserved)) {
    out.push({ code: 'E7_NO_RESERVED_SEAT', message: 'E7 本省办法要求设妇女委员职位，请在职位设置中添加。' });
  }
  return out;
}

export const electionHandlers: HandlersFor<typeof electionContract> = {
  'election.create': (ctx, input) => {
    if (findElection(ctx.db)) throw new Refusal('ELECTION_EXISTS', '本数据目录已经有一次选举，不能再新建。请另选一个目录。');
    const rules = resolveRules(input.profile, input.kind, input.rulesOverrides ?? {});
    if (!rules.ok) throw new Refusal(rules.error.code, rules.error.message, rules.error.details);
    const id = randomUUID();
    const title = input.title ?? `${input.village}${KIND_TITLES[input.kind]}`;
    ctx.insert('election', {
      id,
      kind: input.kind,
      title: input.drill && !title.includes('演练') ? `【演练】${title}` : title,
      village: input.village,
      township: input.township,
      county: input.county ?? '',
      election_date: input.electionDate,
      profile: input.profile,
      rules_overrides: JSON.stringify(input.rulesOverrides ?? {}),
      drill: input.drill,
      at: ctx.at,
      actor: ctx.actor,
    });
    DEFAULT_POSITIONS[input.kind].forEach((p, i) =>
      ctx.insert('positions', { pos_key: p.key, name: p.name, rank: i, seats: p.seats, at: ctx.at, actor: ctx.actor }),
    );
    ctx.insert('rounds', { number: 1, kind: 'main', at: ctx.at, actor: ctx.actor });
    ctx.insert('boxes', { box_key: 'main', kind: 'fixed', name: '中心会场票箱', at: ctx.at, actor: ctx.actor });
    ctx.insert('phase_events', { phase: 'setup', round_id: null, reason: '新建选举', at: ctx.at, actor: ctx.actor });
    return electionOut(ctx, electionRow(ctx.db));
  },

  'election.get': (ctx) => electionOut(ctx, electionRow(ctx.db)),

  'election.setPhase': (ctx, input) => {
    electionRow(ctx.db);
    const cur = currentPhase(ctx.db);
    const round = currentRound(ctx.db);
    const from = PHASE_ORDER.indexOf(cur);
    const to = PHASE_ORDER.indexOf(input.phase);
    if (to <= from) throw new Refusal('PHASE_BACKWARDS', `选举阶段只能向前推进，现在已经是“${PHASE_LABELS[cur]}”阶段。需要更正请记录原因后由委员会处理。`);
    if (to !== from + 1) throw new Refusal('PHASE_SKIP', '选举阶段不能跳过，请按顺序推进。');
    const warnings: Warning[] = [];
    switch (input.phase) {
      case 'roll_published':
        throw new Refusal('USE_ROLL_PUBLISH', '请使用“公布选民名单”（roll.publish）记录公布日期，阶段会随之推进。');
      case 'voting': {
        const cands = roundCandidates(ctx, undefined);
        for (const p of positions(ctx.db)) {
          const n = cands.filter((c) => c.position === p.key).length;
          if (n === 0) throw new Refusal('NO_CANDIDATES', `${p.name}还没有候选人，不能开始投票。`);
        }
        // E10 / P6: below the margin the ballots may be neither printed nor counted.
        for (const m of roundMargins(ctx)) refuseWith(m.refusal);
        warnings.push(...candidateWarnings(ctx));
        break;
      }
      case 'counting': {
        const issued = ctx.db.prepare('SELECT COUNT(*) AS n FROM issues WHERE round_id = ?').get(round.id) as { n: number };
        if (issued.n === 0) throw new Refusal('NOTHING_ISSUED', '本轮还没有发放任何选票，不能开始计票。');
        break;
      }
      case 'confirmed':
        throw new Refusal('USE_ROUND_CONFIRM', '请在“结果”页确认本轮结果（round.confirm），确认后本轮锁定。');
    }
    const asked = phaseWarnings(ctx, input.phase, round.id);
    const unconfirmed = asked.filter((w) => !(input.confirm ?? []).includes(w.code));
    if (unconfirmed.length > 0) {
      const step = input.phase === 'voting' ? '开始投票' : '结束投票';
      throw new Refusal('PHASE_NEEDS_CONFIRMATION', `${unconfirmed.map((w) => w.message).join('\n')}\n确实要现在${step}，请再确认一次。`, {
        phase: input.phase,
        warnings: unconfirmed,
      });
    }
    recordPhase(ctx, input.phase, round.id, input.reason ?? '');
    return { phase: input.phase, warnings: [...asked, ...warnings] };
  },

  'position.set': (ctx, input) => {
    requirePhase(ctx.db, ['setup'], '修改职位设置');
    const keys = new Set<string>();
    for (const p of input.positions) {
      if (keys.has(p.key)) throw new Refusal('DUPLICATE_POSITION', `职位代码 ${p.key} 重复。`);
      keys.add(p.key);
    }
    const before = positions(ctx.db);
    const hasCandidates = (key: string) =>
      ctx.db
        .prepare('SELECT 1 FROM candidates c LEFT JOIN candidate_withdrawals w ON w.candidate_id = c.id WHERE c.pos_key = ? AND w.id IS NULL')
        .get(key) !== undefined;
    for (const old of before) {
      if (!keys.has(old.key)) {
        if (hasCandidates(old.key)) throw new Refusal('POSITION_HAS_CANDIDATES', `职位“${old.name}”已有候选人，不能删除。`);
        ctx.insert('positions', { pos_key: old.key, name: old.name, rank: old.rank, seats: old.seats, removed: true, at: ctx.at, actor: ctx.actor });
      }
    }
    input.positions.forEach((p, rank) => {
      const old = before.find((b) => b.key === p.key);
      const womenReserved = p.womenReserved ?? false;
      if (old && old.name === p.name && old.seats === p.seats && old.rank === rank && old.womenReserved === womenReserved) return;
      ctx.insert('positions', { pos_key: p.key, name: p.name, rank, seats: p.seats, women_reserved: womenReserved, at: ctx.at, actor: ctx.actor });
    });
    return { positions: positions(ctx.db) };
  },

  'position.list': (ctx) => ({ positions: positions(ctx.db) }),

  'candidate.add': (ctx, input) => {
    const e = electionRow(ctx.db);
    requirePhase(ctx.db, ['setup', 'roll_published'], '登记候选人');
    const v = activeVoter(ctx.db, input.voterId);
    if (!hasVote(e.kind, v)) throw new Refusal('P1_NO_VOTE', `P1 ${v.name} 不是有选举权的正式党员，不能作为候选人。`);
    const p = positions(ctx.db).find((x) => x.key === input.position);
    if (!p) throw new Refusal('POSITION_NOT_FOUND', `没有职位“${input.position}”，请先在职位设置中添加。`);
    const dup = ctx.db
      .prepare(
        `SELECT c.id, c.pos_key FROM candidates c LEFT JOIN candidate_withdrawals w ON w.candidate_id = c.id
         WHERE c.voter_id = ? AND w.id IS NULL`,
      )
      .all(v.id) as { id: number; pos_key: string }[];
    if (dup.some((d) => d.pos_key === p.key)) throw new Refusal('CANDIDATE_EXISTS', `${v.name} 已经是${p.name}候选人。`);
    const rejoin = ctx.db.prepare('SELECT id FROM candidates WHERE voter_id = ? AND pos_key = ?').get(v.id, p.key);
    if (rejoin) throw new Refusal('CANDIDATE_WITHDRAWN', `${v.name} 已退出${p.name}候选人，不能再次登记。`);
    const warnings: Warning[] = [];
    if (dup.length > 0) {
      warnings.push({ code: 'V2_MULTIPLE_POSITIONS', message: `${v.name} 同时是其他职位的候选人；同一人在一张选票上被选为多个职位时按 V2 规则处理。` });
    }
    const age = ageOn(v.birth_date, e.election_date);
    if (age < 18) throw new Refusal('R1_UNDER_18', `R1 ${v.name} 选举日未满 18 周岁。`);
    // E10: a member of the election committee (or any election official) who is nominated leaves it first.
    refuseWith(candidateIsOfficial(v.name, servingRoles(ctx.db, v.id)));
    // X3 the other way round: a trustee who becomes a candidate may not cast the principals' ballots.
    if (e.kind !== 'party_branch') {
      const principals = ctx.db
        .prepare(
          `SELECT pv.name FROM proxies p JOIN ${VOTERS} pv ON pv.id = p.principal_id
           WHERE p.trustee_id = ? AND NOT EXISTS (SELECT 1 FROM proxy_revocations x WHERE x.proxy_id = p.id) ORDER BY p.id`,
        )
        .pluck()
        .all(v.id) as string[];
      if (principals.length > 0) {
        warnings.push({
          code: 'X3_TRUSTEE_IS_CANDIDATE',
          message: `X3 ${v.name} 已接受 ${principals.join('、')} 的委托；候选人不能接受委托。这些委托已在“委托投票”页标出，须撤销后由委托人另行委托，才能公布委托名单。`,
        });
      }
    }
    // F1 / E10: a close relative of the new candidate who serves as an official.
    const params = rulesOf(ctx.db);
    for (const r of relationRows(ctx.db, params)) {
      if (r.revoked || !r.counts || (r.voterId !== v.id && r.otherVoterId !== v.id)) continue;
      const otherId = r.voterId === v.id ? r.otherVoterId : r.voterId;
      const otherName = r.voterId === v.id ? r.otherName : r.name;
      const roles = servingRoles(ctx.db, otherId);
      if (roles.length > 0) {
        warnings.push({ code: 'F1_RELATIVE_OFFICIAL', message: `F1 ${otherName} 是候选人 ${v.name} 的${r.relationLabel}，现在担任${roles.join('、')}，应当退出选举工作（E10）。` });
      }
    }
    const id = ctx.insert('candidates', {
      voter_id: v.id,
      pos_key: p.key,
      education: input.education,
      party_member: e.kind === 'party_branch' ? true : input.partyMember,
      party_secretary: input.partySecretary ?? false,
      at: ctx.at,
      actor: ctx.actor,
    });
    const missing = charsWithoutStrokeData(v.name);
    if (missing.length > 0) {
      warnings.push({ code: 'STROKE_DATA_MISSING', message: `“${missing.join('')}”没有笔画数据，姓氏笔画排序时排在同位置已知字之后。` });
    }
    const cand = roundCandidates(ctx, undefined).find((c) => c.id === id);
    if (!cand) throw new Error('candidate just inserted is missing');
    return { candidate: cand, warnings };
  },

  'candidate.relate': (ctx, input) => {
    electionRow(ctx.db);
    const a = activeVoter(ctx.db, input.voterId);
    const b = activeVoter(ctx.db, input.otherVoterId);
    if (a.id === b.id) throw new Refusal('E8_SAME_PERSON', `E8 请选择两个不同的人（${a.name}）。`);
    const params = rulesOf(ctx.db);
    const dup = relationRows(ctx.db, params).find(
      (r) => r.revoked === null && ((r.voterId === a.id && r.otherVoterId === b.id) || (r.voterId === b.id && r.otherVoterId === a.id)),
    );
    if (dup) throw new Refusal('E8_ALREADY_RELATED', `${a.name} 与 ${b.name} 的关系已经登记过了（${dup.relationLabel}）。如登记有误，请先撤销原记录。`);
    const id = ctx.insert('candidate_relatives', { voter_a: a.id, voter_b: b.id, relation: input.relation, at: ctx.at, actor: ctx.actor });
    const relative = relationRows(ctx.db, params, id)[0];
    if (!relative) throw new Error('relation just inserted is missing');
    const warnings: Warning[] = [];
    if (!relative.counts) {
      warnings.push({
        code: 'E8_NOT_IN_SET',
        message: `按本次选举适用的规定，近亲属回避的范围是“${RELATIVE_SET_LABELS[params.relativeSet]}”，${RELATION_LABELS[input.relation]}不在其内，此关系只作记录（E8）。`,
      });
    } else if (params.relativeAvoidance === 'none') {
      warnings.push({ code: 'E8_NOT_APPLIED', message: '本次选举的规则不要求近亲属回避，此关系只作记录（E8）。' });
    }
    const cands = new Set(ctx.db.prepare('SELECT c.voter_id FROM candidates c WHERE NOT EXISTS (SELECT 1 FROM candidate_withdrawals w WHERE w.candidate_id = c.id)').pluck().all() as number[]);
    const notCand = [a, b].filter((v) => !cands.has(v.id)).map((v) => v.name);
    if (notCand.length > 0 && relative.counts) {
      warnings.push({ code: 'E8_NOT_CANDIDATE', message: `${notCand.join('、')} 目前不是候选人；如被另选当选，同样按近亲属回避处理。` });
    }
    if (relative.counts) {
      for (const [cand, other] of [[a, b], [b, a]] as const) {
        if (!cands.has(cand.id)) continue;
        const roles = servingRoles(ctx.db, other.id);
        if (roles.length > 0) {
          warnings.push({ code: 'F1_RELATIVE_OFFICIAL', message: `F1 ${other.name} 是候选人 ${cand.name} 的${RELATION_LABELS[input.relation]}，现在担任${roles.join('、')}，应当退出选举工作（E10）。` });
        }
      }
    }
    return { relative, warnings };
  },

  'candidate.unrelate': (ctx, input) => {
    const params = rulesOf(ctx.db);
    const r = relationRows(ctx.db, params, input.relativeId)[0];
    if (!r) throw new Refusal('RELATION_NOT_FOUND', `没有编号为 ${input.relativeId} 的关系记录。`);
    if (r.revoked) throw new Refusal('RELATION_REVOKED', `${r.name} 与 ${r.otherName} 的关系记录已于 ${r.revoked.at.slice(0, 10)} 撤销。`);
    ctx.insert('relation_revocations', { relative_id: r.id, reason: input.reason, at: ctx.at, actor: ctx.actor });
    const after = relationRows(ctx.db, params, r.id)[0];
    if (!after) throw new Error('relation vanished');
    return { relative: after };
  },

  'candidate.relations': (ctx) => {
    const params = rulesOf(ctx.db);
    return { relatives: relationRows(ctx.db, params), relativeSet: params.relativeSet, relativeSetLabel: RELATIVE_SET_LABELS[params.relativeSet] };
  },

  'candidate.review': (ctx, input) => {
    const phase = requirePhase(ctx.db, ['setup', 'roll_published', 'confirmed'], '记录资格审查');
    const c = ctx.db.prepare('SELECT c.id, w.id AS wid FROM candidates c LEFT JOIN candidate_withdrawals w ON w.candidate_id = c.id WHERE c.id = ?').get(input.candidateId) as
      | { id: number; wid: number | null }
      | undefined;
    if (!c) throw new Refusal('CANDIDATE_NOT_FOUND', `没有编号为 ${input.candidateId} 的候选人。`);
    if (c.wid !== null) throw new Refusal('CANDIDATE_WITHDRAWN', '该候选人已经退出，无需再审查。');
    ctx.insert('candidate_reviews', {
      candidate_id: c.id,
      outcome: input.outcome,
      ref: input.ref,
      reviewer: input.reviewer,
      note: input.note ?? '',
      at: ctx.at,
      actor: ctx.actor,
    });
    // Not qualified: off the list (before the ballots exist), with the review as the reason.
    if (input.outcome === 'failed' && phase !== 'confirmed') {
      ctx.insert('candidate_withdrawals', { candidate_id: c.id, reason: `资格审查未通过（${input.ref}）${input.note ? `：${input.note}` : ''}`.slice(0, 500), at: ctx.at, actor: ctx.actor });
    }
    const rounds = ctx.db.prepare('SELECT id FROM rounds ORDER BY number DESC').pluck().all() as number[];
    const out = rounds.map((r) => roundCandidates(ctx, r, true).find((x) => x.id === c.id)).find((x) => x !== undefined);
    if (!out) throw new Error('candidate vanished');
    return { candidate: out };
  },

  'candidate.withdraw': (ctx, input) => {
    requirePhase(ctx.db, ['setup', 'roll_published'], '办理候选人退出');
    const c = ctx.db.prepare('SELECT c.id, w.id AS wid FROM candidates c LEFT JOIN candidate_withdrawals w ON w.candidate_id = c.id WHERE c.id = ?').get(input.candidateId) as
      | { id: number; wid: number | null }
      | undefined;
    if (!c) throw new Refusal('CANDIDATE_NOT_FOUND', `没有编号为 ${input.candidateId} 的候选人。`);
    if (c.wid !== null) throw new Refusal('CANDIDATE_WITHDRAWN', '该候选人已经退出。');
    ctx.insert('candidate_withdrawals', { candidate_id: c.id, reason: input.reason, at: ctx.at, actor: ctx.actor });
    return { candidateId: c.id };
  },

  'candidate.list': (ctx, input) => {
    const candidates = roundCandidates(ctx, input.roundId, input.includeWithdrawn ?? false);
    const strokeFallback = candidates
      .map((c) => ({ name: c.name, chars: charsWithoutStrokeData(c.name) }))
      .filter((x) => x.chars.length > 0);
    return { candidates, strokeFallback, warnings: candidateWarnings(ctx) };
  },

  'official.add': (ctx, input) => {
    electionRow(ctx.db);
    const cands = roundCandidates(ctx, undefined);
    let voterId: number | null = null;
    if (input.voterId !== undefined) {
      const v = activeVoter(ctx.db, input.voterId);
      voterId = v.id;
      const asCand = cands.find((c) => c.voterId === v.id);
      if (asCand) throw new Refusal('F1_CANDIDATE', `F1 ${v.name} 是${asCand.positionName}候选人，不能担任工作人员。`);
    }
    const params = rulesOf(ctx.db);
    const declared = [...(input.relatives ?? [])];
    // Relations already recorded count as declared (F1 is not only what the form says).
    if (voterId !== null) {
      for (const r of relationRows(ctx.db, params)) {
        if (r.revoked || (r.voterId !== voterId && r.otherVoterId !== voterId)) continue;
        const other = r.voterId === voterId ? r.otherVoterId : r.voterId;
        for (const c of cands.filter((x) => x.voterId === other)) declared.push({ candidateId: c.id, relation: r.relation });
      }
    }
    for (const r of declared) {
      const c = cands.find((x) => x.id === r.candidateId);
      if (!c) continue;
      if (relationCounts(r.relation, params.relativeSet)) {
        throw new Refusal(
          'F1_RELATIVE',
          `F1 ${input.name} 是候选人 ${c.name} 的${RELATION_LABELS[r.relation]}，候选人的${RELATIVE_SET_LABELS[params.relativeSet]}不得担任工作人员。`,
        );
      }
    }
    let boxId: number | null = null;
    if (input.boxKey !== undefined) {
      const b = ctx.db.prepare('SELECT id FROM boxes WHERE box_key = ?').get(input.boxKey) as { id: number } | undefined;
      if (!b) throw new Refusal('BOX_NOT_FOUND', `没有票箱“${input.boxKey}”。`);
      boxId = b.id;
    }
    const id = ctx.insert('officials', { name: input.name, voter_id: voterId, role: input.role, box_id: boxId, at: ctx.at, actor: ctx.actor });
    return { official: { id, name: input.name, voterId, role: input.role, boxKey: input.boxKey ?? null, at: ctx.at } };
  },

  'official.remove': (ctx, input) => {
    const o = ctx.db.prepare('SELECT o.id, o.name, r.id AS rid FROM officials o LEFT JOIN official_removals r ON r.official_id = o.id WHERE o.id = ?').get(input.officialId) as
      | { id: number; name: string; rid: number | null }
      | undefined;
    if (!o) throw new Refusal('OFFICIAL_NOT_FOUND', `没有编号为 ${input.officialId} 的工作人员。`);
    if (o.rid !== null) throw new Refusal('OFFICIAL_REMOVED', `${o.name} 已经退出了。`);
    ctx.insert('official_removals', { official_id: o.id, reason: input.reason, at: ctx.at, actor: ctx.actor });
    return { officialId: o.id };
  },

  'official.list': (ctx) => {
    const rows = ctx.db
      .prepare(
        `SELECT o.id, o.name, o.voter_id, o.role, b.box_key, o.at FROM officials o
         LEFT JOIN boxes b ON b.id = o.box_id LEFT JOIN official_removals r ON r.official_id = o.id
         WHERE r.id IS NULL ORDER BY o.id`,
      )
      .all() as { id: number; name: string; voter_id: number | null; role: z.infer<typeof OfficialRoleSchema>; box_key: string | null; at: string }[];
    const officials = rows.map((r) => ({ id: r.id, name: r.name, voterId: r.voter_id, role: r.role, boxKey: r.box_key, at: r.at }));
    const warnings: Warning[] = [];
    // F1: a candidate registered after the official was (by roll entry, or by the same name when the
    // official was entered by name only) may not serve.
    const cands = roundCandidates(ctx, undefined);
    for (const o of officials) {
      const c = cands.find((x) => (o.voterId !== null ? x.voterId === o.voterId : x.name === o.name));
      if (c) warnings.push({ code: 'F1_OFFICIAL_IS_CANDIDATE', message: `F1 ${o.name} 是${c.positionName}候选人，不能担任${OFFICIAL_ROLE_LABELS[o.role]}，请另行安排。` });
    }
    const scrutineers = officials.filter((o) => o.role === 'scrutineer' && o.boxKey === null).length;
    if (scrutineers < 3) warnings.push({ code: 'F1_SCRUTINEERS', message: `F1 中心会场监票人应不少于 3 名，现有 ${scrutineers} 名。` });
    const boxes = ctx.db.prepare("SELECT box_key, name FROM boxes WHERE kind = 'mobile'").all() as { box_key: string; name: string }[];
    const params = rulesOf(ctx.db);
    for (const b of boxes) {
      const n = officials.filter((o) => (o.role === 'scrutineer' || o.role === 'chief_scrutineer') && o.boxKey === b.box_key).length;
      if (n < params.mobileBoxScrutineers) {
        warnings.push({ code: 'B5_SCRUTINEERS', message: `B5 ${b.name}的监票人应不少于 ${params.mobileBoxScrutineers} 名，现有 ${n} 名。` });
      }
    }
    // F1 / E10: an official who is a close relative of a candidate.
    for (const r of relationRows(ctx.db, params)) {
      if (r.revoked || !r.counts) continue;
      for (const [offId, offName, candId, candName] of [
        [r.voterId, r.name, r.otherVoterId, r.otherName],
        [r.otherVoterId, r.otherName, r.voterId, r.name],
      ] as const) {
        const o = officials.find((x) => x.voterId === offId);
        if (o && cands.some((c) => c.voterId === candId)) {
          warnings.push({ code: 'F1_RELATIVE_OFFICIAL', message: `F1 ${offName} 是候选人 ${candName} 的${r.relationLabel}，不能担任${OFFICIAL_ROLE_LABELS[o.role]}，应当退出选举工作（E10）。` });
        }
      }
    }
    if (!officials.some((o) => o.role === 'chief_scrutineer')) warnings.push({ code: 'F1_CHIEF', message: '还没有登记总监票人。' });
    return { officials, warnings };
  },
};
