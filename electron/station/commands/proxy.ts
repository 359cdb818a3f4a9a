/** Proxy voting (委托投票, X1–X5): villagers' and residents' committee elections only (P5). */
import type { z } from 'zod';
import type { proxyContract, ProxySchema } from '../../../shared/contract/proxy.js';
import { PROXY_RELATION_LABELS } from '../../../shared/model.js';
import { Refusal } from '../../../shared/result.js';
import { checkProxy, proxiesNeedingReassignment, proxyDeadline } from '../../../shared/rules/index.js';
import type { Ctx, HandlersFor } from '../context.js';
import type { Db } from '../db/open.js';
import { currentRound, electionRow, hasVote, requirePhase, rulesOf, VOTERS } from '../queries.js';
import { isActiveCandidateSql, publishedUpto, refuseParty, refuseWith, voterOrRefuse, type Warning } from '../queries.js';

type Relation = keyof typeof PROXY_RELATION_LABELS;




interface ProxyJoin {
  id: number;
  principal_id: number;
  principal_name: string;
  trustee_id: number;
  trustee_name: string;
  relation: Relation;
  written_ref: string;
  at: string;
  approval_id: number | null;
  approval_ref: string | null;
  revoke_reason: string | null;
  issued: number;
  trustee_is_candidate: number;
}


const PROXY_SELECT = () => `
  SELECT p.id, p.principal_id, pv.name AS principal_name, p.trustee_id, tv.name AS trustee_name, p.relation, p.written_ref, p.at,
         a.id AS approval_id, a.ref AS approval_ref, x.reason AS revoke_reason,
         EXISTS (SELECT 1 FROM issues i WHERE i.proxy_id = p.id AND i.round_id = ?) AS issued,
         ${isActiveCandidateSql('p.trustee_id')} AS trustee_is_candidate
  FROM proxies p JOIN ${VOTERS} pv ON pv.id = p.principal_id JOIN ${VOTERS} tv ON tv.id = p.trustee_id
  LEFT JOIN proxy_approvals a ON a.proxy_id = p.id LEFT JOIN proxy_revocations x ON x.proxy_id = p.id`;

export function proxyRows(db: Db, where = '', ...args: (string | number)[]): z.input<typeof ProxySchema>[] {
  const upto = publishedUpto(db);
  const round = currentRound(db);
  const rows = db.prepare(`${PROXY_SELECT()} ${where} ORDER BY p.id`).all(round.id, ...args) as ProxyJoin[];
  return rows.map((r) => ({
    id: r.id,
    principalId: r.principal_id,
    principalName: r.principal_name,
    trusteeId: r.trustee_id,
    trusteeName: r.trustee_name,
    relation: r.relation,
    relationLabel: PROXY_RELATION_LABELS[r.relation],
    trusteeIsCandidate: r.revoke_reason === null && r.trustee_is_candidate === 1,
    writtenRef: r.written_ref,
    status: r.revoke_reason !== null ? 'revoked' : r.approval_id !== null ? 'approved' : 'pending',
    approvalRef: r.approval_ref,
    published: r.revoke_reason === null && r.approval_id !== null && r.approval_id <= upto,
    revokeReason: r.revoke_reason,
    issued: r.issued === 1,
    at: r.at,
  }));
}

function proxyById(db: Db, id: number): z.input<typeof ProxySchema> {
  const p = proxyRows(db, 'WHERE p.id = ?', id)[0];
  if (!p) throw new Refusal('PROXY_NOT_FOUND', `没有编号为 ${id} 的委托。`);
  return p;
}

/** X5: new proxies, approvals and publication only until proxyDeadlineDaysBefore days before the day, never on it. */
function requireBeforeDeadline(ctx: Ctx, what: string): void {
  refuseWith(proxyDeadline(ctx.today, electionRow(ctx.db).election_date, rulesOf(ctx.db), what));
}

const active = 'NOT EXISTS (SELECT 1 FROM proxy_revocations x WHERE x.proxy_id = p.id)';

export const proxyHandlers: HandlersFor<typeof proxyContract> = {
  'proxy.add': (ctx, input) => {
    refuseParty(ctx.db);
    const e = electionRow(ctx.db);
    const rules = rulesOf(ctx.db);
    requirePhase(ctx.db, ['setup', 'roll_published'], '登记委托投票');
    requireBeforeDeadline(ctx, '登记新的委托');
    const principal = voterOrRefuse(ctx.db, input.principalId);
    const trustee = voterOrRefuse(ctx.db, input.trusteeId);
    const names = (rows: { principalName: string }[]) => rows.map((p) => p.principalName);
    refuseWith(
      checkProxy(
        {
          principal: { name: principal.name, hasVote: !principal.removed && hasVote(e.kind, principal) },
          trustee: {
            name: trustee.name,
            hasVote: !trustee.removed && hasVote(e.kind, trustee),
            isCandidate: ctx.db.prepare(`SELECT ${isActiveCandidateSql('?')}`).pluck().get(trustee.id) === 1,
          },
          samePerson: principal.id === trustee.id,
          relation: input.relation,
          writtenRef: input.writtenRef,
          principalHasTrustee: proxyRows(ctx.db, `WHERE p.principal_id = ? AND ${active}`, principal.id)[0]?.trusteeName,
          principalHolds: names(proxyRows(ctx.db, `WHERE p.trustee_id = ? AND ${active}`, principal.id)),
          trusteeDelegatedTo: proxyRows(ctx.db, `WHERE p.principal_id = ? AND ${active}`, trustee.id)[0]?.trusteeName,
          trusteeHolds: names(proxyRows(ctx.db, `WHERE p.trustee_id = ? AND ${active}`, trustee.id)),
        },
        rules,
      ),
    );
    const id = ctx.insert('proxies', {
      principal_id: principal.id,
      trustee_id: trustee.id,
      relation: input.relation,
      written_ref: input.writtenRef,
      at: ctx.at,
      actor: ctx.actor,
    });
    const warnings: Warning[] = [{ code: 'X5_NEEDS_APPROVAL', message: 'X5 委托须经选举委员会审核同意并公布后才有效。' }];
    return { proxy: proxyById(ctx.db, id), warnings };
  },

  'proxy.approve': (ctx, input) => {
    refuseParty(ctx.db);
    requirePhase(ctx.db, ['setup', 'roll_published'], '审核委托');
    requireBeforeDeadline(ctx, '审核委托');
    const p = proxyById(ctx.db, input.proxyId);
    if (p.status === 'revoked') throw new Refusal('PROXY_REVOKED', `${p.principalName} 委托 ${p.trusteeName} 的委托已撤销，不能审核。`);
    if (p.status === 'approved') throw new Refusal('PROXY_APPROVED', `${p.principalName} 委托 ${p.trusteeName} 的委托已经审核同意过了。`);
    ctx.insert('proxy_approvals', { proxy_id: p.id, ref: input.ref ?? '', at: ctx.at, actor: ctx.actor });
    return { proxy: proxyById(ctx.db, p.id) };
  },

  'proxy.revoke': (ctx, input) => {
    refuseParty(ctx.db);
    requirePhase(ctx.db, ['setup', 'roll_published', 'voting'], '撤销委托');
    const p = proxyById(ctx.db, input.proxyId);
    if (p.status === 'revoked') throw new Refusal('PROXY_REVOKED', '这项委托已经撤销过了。');
    const issued = ctx.db.prepare('SELECT 1 FROM issues WHERE proxy_id = ?').get(p.id);
    if (issued) throw new Refusal('PROXY_ISSUED', `已凭这项委托向 ${p.trusteeName} 发放了 ${p.principalName} 的选票，不能再撤销。`);
    ctx.insert('proxy_revocations', { proxy_id: p.id, reason: input.reason, at: ctx.at, actor: ctx.actor });
    return { proxy: proxyById(ctx.db, p.id) };
  },

  'proxy.publish': (ctx, input) => {
    refuseParty(ctx.db);
    const e = electionRow(ctx.db);
    requirePhase(ctx.db, ['setup', 'roll_published'], '公布委托投票名单');
    const publishedOn = input.publishedOn ?? ctx.today;
    if (publishedOn >= e.election_date) {
      throw new Refusal('X5_PUBLISH_DEADLINE', `X5 委托投票名单须在选举日（${e.election_date}）前公布，公布日期 ${publishedOn} 不行。`);
    }
    requireBeforeDeadline(ctx, '公布委托投票名单');
    const upto = ctx.db.prepare('SELECT COALESCE(MAX(id), 0) FROM proxy_approvals').pluck().get() as number;
    const list = proxyRows(ctx.db, `WHERE a.id IS NOT NULL AND ${active}`);
    refuseWith(proxiesNeedingReassignment(proxyRows(ctx.db, `WHERE ${active}`)));
    const pending = proxyRows(ctx.db, `WHERE a.id IS NULL AND ${active}`);
    ctx.insert('proxy_publications', { published_on: publishedOn, proxy_count: list.length, upto_approval_id: upto, at: ctx.at, actor: ctx.actor });
    const warnings: Warning[] = [];
    if (pending.length > 0) {
      warnings.push({
        code: 'X5_PENDING_NOT_PUBLISHED',
        message: `X5 还有 ${pending.length} 项委托未审核（${pending.map((p) => `${p.principalName}→${p.trusteeName}`).join('、')}），未列入公布名单，选举日无效。`,
      });
    }
    return { publishedOn, proxyCount: list.length, proxies: proxyRows(ctx.db, `WHERE a.id IS NOT NULL AND ${active}`), warnings };
  },

  'proxy.list': (ctx, input) => {
    refuseParty(ctx.db);
    const rules = rulesOf(ctx.db);
    const all = proxyRows(ctx.db, input.includeRevoked === false ? `WHERE ${active}` : '');
    const counts = new Map<number, { trusteeId: number; name: string; count: number }>();
    for (const p of all) {
      if (p.status === 'revoked') continue;
      const c = counts.get(p.trusteeId) ?? { trusteeId: p.trusteeId, name: p.trusteeName, count: 0 };
      c.count++;
      counts.set(p.trusteeId, c);
    }
    const pubs = ctx.db.prepare('SELECT published_on, proxy_count, at FROM proxy_publications ORDER BY id').all() as {
      published_on: string;
      proxy_count: number;
      at: string;
    }[];
    return {
      proxies: all,
      trustees: [...counts.values()],
      publications: pubs.map((p) => ({ publishedOn: p.published_on, proxyCount: p.proxy_count, at: p.at })),
      maxPerTrustee: rules.proxyMaxPerTrustee,
    };
  },
};
