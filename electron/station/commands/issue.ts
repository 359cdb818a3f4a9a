/**
 * Ballot issue (B1, B2, R6, X6, X7) and the live turnout. For a party_branch election an issue is the
 * member's sign-in (present, P4).
 */
import type { z } from 'zod';
import type { issueContract, IssueSchema } from '../../../shared/contract/issue.js';
import { ISSUE_WAY_LABELS, REMOVAL_REASON_LABELS, PARTY_STATUS_LABELS } from '../../../shared/model.js';
import { Refusal } from '../../../shared/result.js';
import { partyQuorum, villagersTurnout } from '../../../shared/rules/index.js';
import type { HandlersFor } from '../context.js';
import type { Db } from '../db/open.js';
import { currentRound, electionRow, requirePhase, roundById, rulesOf } from '../queries.js';
import { roundCounts } from '../scenario-from-db.js';
import { publishedUpto } from './proxy.js';
import { voterOrRefuse } from './roll.js';

type Way = 'in_person' | 'proxy' | 'mobile';
type IssueOut = z.input<typeof IssueSchema>;

/** HH:MM on the station's clock. */
export function hhmm(at: string): string {
  const d = new Date(at);
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
}

interface IssueJoin {
  id: number;
  round_id: number;
  voter_id: number;
  name: string;
  group_name: string;
  way: Way;
  box_key: string | null;
  trustee_id: number | null;
  trustee_name: string | null;
  proxy_id: number | null;
  at: string;
}

const ISSUE_SELECT = `
  SELECT i.id, i.round_id, i.voter_id, v.name, v.group_name, i.way, b.box_key, i.trustee_id, t.name AS trustee_name, i.proxy_id, i.at
  FROM issues i JOIN voters v ON v.id = i.voter_id LEFT JOIN boxes b ON b.id = i.box_id LEFT JOIN voters t ON t.id = i.trustee_id`;

function issueOut(r: IssueJoin): IssueOut {
  return {
    id: r.id,
    roundId: r.round_id,
    voterId: r.voter_id,
    name: r.name,
    group: r.group_name,
    way: r.way,
    wayLabel: ISSUE_WAY_LABELS[r.way],
    boxKey: r.box_key,
    trusteeId: r.trustee_id,
    trusteeName: r.trustee_name,
    proxyId: r.proxy_id,
    at: r.at,
    time: hhmm(r.at),
  };
}

function issueById(db: Db, id: number): IssueOut {
  const r = db.prepare(`${ISSUE_SELECT} WHERE i.id = ?`).get(id) as IssueJoin | undefined;
  if (!r) throw new Error(`issue ${id} missing`);
  return issueOut(r);
}

function issueOf(db: Db, roundId: number, voterId: number): IssueOut | undefined {
  const r = db.prepare(`${ISSUE_SELECT} WHERE i.round_id = ? AND i.voter_id = ?`).get(roundId, voterId) as IssueJoin | undefined;
  return r ? issueOut(r) : undefined;
}

/** "09:42，本人领取" / "09:42，由张三代领（委托投票）". */
function howIssued(i: IssueOut): string {
  return i.way === 'proxy' ? `${i.time}，由受托人${i.trusteeName ?? ''}代领（委托投票）` : `${i.time}，${i.wayLabel}`;
}

/** Registered (with a vote) per group, cached until the roll changes (it does not during voting). */
const groupCache = new WeakMap<Db, { stamp: string; rows: { group: string; registered: number }[] }>();

function registeredByGroup(db: Db, party: boolean): { group: string; registered: number }[] {
  const s = db
    .prepare('SELECT (SELECT COALESCE(MAX(id), 0) FROM voters) || \':\' || (SELECT COALESCE(MAX(id), 0) FROM voter_removals)')
    .pluck()
    .get() as string;
  const hit = groupCache.get(db);
  if (hit && hit.stamp === s) return hit.rows;
  const rows = db
    .prepare(
      `SELECT v.group_name AS "group", COUNT(*) AS registered FROM voters v
       WHERE NOT EXISTS (SELECT 1 FROM voter_removals r WHERE r.voter_id = v.id) ${party ? "AND v.party_status = 'full'" : ''}
       GROUP BY v.group_name ORDER BY v.group_name`,
    )
    .all() as { group: string; registered: number }[];
  groupCache.set(db, { stamp: s, rows });
  return rows;
}

export const issueHandlers: HandlersFor<typeof issueContract> = {
  'box.add': (ctx, input) => {
    electionRow(ctx.db);
    requirePhase(ctx.db, ['setup', 'roll_published', 'voting'], '登记流动票箱');
    const dup = ctx.db.prepare('SELECT name FROM boxes WHERE box_key = ?').get(input.key) as { name: string } | undefined;
    if (dup) throw new Refusal('BOX_EXISTS', `票箱编号“${input.key}”已经用于“${dup.name}”，请换一个编号。`);
    ctx.insert('boxes', { box_key: input.key, kind: 'mobile', name: input.name, at: ctx.at, actor: ctx.actor });
    return { box: { key: input.key, name: input.name, kind: 'mobile' as const, issued: 0 } };
  },

  'box.list': (ctx, input) => {
    const round = roundById(ctx.db, input.roundId);
    const rows = ctx.db
      .prepare(
        `SELECT b.box_key, b.name, b.kind, (SELECT COUNT(*) FROM issues i WHERE i.round_id = ? AND i.box_id = b.id) AS issued
         FROM boxes b ORDER BY b.id`,
      )
      .all(round.id) as { box_key: string; name: string; kind: 'fixed' | 'mobile'; issued: number }[];
    return { boxes: rows.map((b) => ({ key: b.box_key, name: b.name, kind: b.kind, issued: b.issued })) };
  },

  'ballot.issue': (ctx, input) => {
    const e = electionRow(ctx.db);
    const party = e.kind === 'party_branch';
    requirePhase(ctx.db, ['voting'], party ? '签到' : '发放选票');
    const round = currentRound(ctx.db);
    const v = voterOrRefuse(ctx.db, input.voterId);
    if (v.removed) {
      const r = ctx.db.prepare('SELECT reason FROM voter_removals WHERE voter_id = ?').pluck().get(v.id) as keyof typeof REMOVAL_REASON_LABELS;
      throw new Refusal('VOTER_REMOVED', `${v.name} 已从${party ? '党员名册' : '选民名单'}中移除（${REMOVAL_REASON_LABELS[r]}），不能${party ? '签到' : '领取选票'}。`);
    }
    if (party && v.party_status !== 'full') {
      const label = PARTY_STATUS_LABELS[(v.party_status ?? 'probationary') as keyof typeof PARTY_STATUS_LABELS];
      throw new Refusal('P1_NO_VOTE', `P1 ${v.name} 是${label}，没有表决权，不发选票（可列席）。`);
    }
    const first = issueOf(ctx.db, round.id, v.id);
    if (first) {
      if (first.way === 'proxy') {
        throw new Refusal(
          'X6_ALREADY_BY_PROXY',
          `X6 ${v.name} 已委托投票，选票已发给受托人（${howIssued(first)}），本人不能再领取选票。`,
          { time: first.time, way: first.way, trusteeId: first.trusteeId },
        );
      }
      throw new Refusal(
        'B1_ALREADY_ISSUED',
        party ? `${v.name} 已经签到（${first.time}），不能重复签到。` : `该选民已领取选票（${howIssued(first)}），不能重复发放。`,
        { time: first.time, way: first.way },
      );
    }
    const way = input.way ?? 'in_person';
    let boxId: number | null = null;
    if (way === 'mobile') {
      if (party) throw new Refusal('P5_IN_PERSON', 'P5 党员大会须本人到会投票，不设流动票箱。');
      if (input.boxKey === undefined) throw new Refusal('B1_BOX_REQUIRED', '流动票箱发票请选择是哪一个流动票箱。');
      const b = ctx.db.prepare('SELECT id, kind, name FROM boxes WHERE box_key = ?').get(input.boxKey) as { id: number; kind: string; name: string } | undefined;
      if (!b) throw new Refusal('BOX_NOT_FOUND', `没有编号为“${input.boxKey}”的票箱，请先登记流动票箱。`);
      if (b.kind !== 'mobile') throw new Refusal('BOX_NOT_MOBILE', `“${b.name}”不是流动票箱。本人到场领票不需要选择票箱。`);
      boxId = b.id;
    } else if (input.boxKey !== undefined) {
      throw new Refusal('BOX_ONLY_MOBILE', '只有流动票箱发票才需要选择票箱；本人到场领票请不要选择票箱。');
    }
    const id = ctx.insert('issues', { round_id: round.id, voter_id: v.id, way, box_id: boxId, at: ctx.at, actor: ctx.actor });
    const issue = issueById(ctx.db, id);

    const proxyBallots: IssueOut[] = [];
    const skipped: { proxyId: number; principalId: number; principalName: string; code: string; message: string }[] = [];
    const notes: string[] = [];
    if (!party) {
      // X7: the trustee receives the principals' ballots in the same transaction.
      const upto = publishedUpto(ctx.db);
      const held = ctx.db
        .prepare(
          `SELECT p.id, p.principal_id, pv.name, a.id AS approval_id,
                  EXISTS (SELECT 1 FROM voter_removals r WHERE r.voter_id = p.principal_id) AS removed
           FROM proxies p JOIN voters pv ON pv.id = p.principal_id LEFT JOIN proxy_approvals a ON a.proxy_id = p.id
           WHERE p.trustee_id = ? AND NOT EXISTS (SELECT 1 FROM proxy_revocations x WHERE x.proxy_id = p.id) ORDER BY p.id`,
        )
        .all(v.id) as { id: number; principal_id: number; name: string; approval_id: number | null; removed: number }[];
      // X3: a trustee who has become a candidate since the proxy was registered may not cast it.
      const trusteeIsCandidate =
        !rulesOf(ctx.db).candidateMayBeTrustee &&
        ctx.db
          .prepare('SELECT 1 FROM candidates c WHERE c.voter_id = ? AND NOT EXISTS (SELECT 1 FROM candidate_withdrawals w WHERE w.candidate_id = c.id) LIMIT 1')
          .get(v.id) !== undefined;
      for (const p of held) {
        const skip = (code: string, message: string) => skipped.push({ proxyId: p.id, principalId: p.principal_id, principalName: p.name, code, message });
        if (trusteeIsCandidate) {
          skip('X3_TRUSTEE_IS_CANDIDATE', `X3 ${v.name} 是候选人，不能接受委托，不发 ${p.name} 的委托票；${p.name} 可以本人来投票。`);
          continue;
        }
        if (p.approval_id === null) {
          skip('X5_NOT_APPROVED', `X5 ${p.name} 的委托未经选举委员会审核，无效，不发委托票；${p.name} 可以本人来投票。`);
          continue;
        }
        if (p.approval_id > upto) {
          skip('X5_NOT_PUBLISHED', `X5 ${p.name} 的委托没有在选举日前公布，无效，不发委托票；${p.name} 可以本人来投票。`);
          continue;
        }
        if (p.removed === 1) {
          skip('PRINCIPAL_REMOVED', `${p.name} 已从选民名单中移除，不发委托票。`);
          continue;
        }
        const had = issueOf(ctx.db, round.id, p.principal_id);
        if (had) {
          skip('X6_PRINCIPAL_VOTED', `X6 委托人 ${p.name} 已经${had.way === 'proxy' ? '由他人代领' : '本人领取'}选票（${had.time}），不再发放委托票。`);
          continue;
        }
        const pid = ctx.insert('issues', {
          round_id: round.id,
          voter_id: p.principal_id,
          way: 'proxy',
          trustee_id: v.id,
          proxy_id: p.id,
          at: ctx.at,
          actor: ctx.actor,
        });
        proxyBallots.push(issueById(ctx.db, pid));
      }
      // A principal who comes in person before the trustee: their own ballot; the proxy lapses (X6).
      const mine = ctx.db
        .prepare(
          `SELECT t.name FROM proxies p JOIN voters t ON t.id = p.trustee_id JOIN proxy_approvals a ON a.proxy_id = p.id
           WHERE p.principal_id = ? AND NOT EXISTS (SELECT 1 FROM proxy_revocations x WHERE x.proxy_id = p.id)`,
        )
        .pluck()
        .get(v.id) as string | undefined;
      if (mine !== undefined) notes.push(`${v.name} 曾委托 ${mine}，现本人领票，${mine} 来时不再发放其委托票。`);
    }
    const ballots = 1 + proxyBallots.length;
    const lead = party
      ? `${v.name} 已签到，发给选票 1 张。`
      : proxyBallots.length > 0
        ? `发给 ${v.name} 选票 ${ballots} 张：本人 1 张，委托票 ${proxyBallots.length} 张（${proxyBallots.map((p) => p.name).join('、')}）。`
        : `发给 ${v.name} 选票 1 张。`;
    const message = [lead, ...skipped.map((s) => s.message), ...notes].join('\n');
    return { issue, proxyBallots, skipped, ballots, message };
  },

  'turnout.get': (ctx, input) => {
    const e = electionRow(ctx.db);
    const party = e.kind === 'party_branch';
    const round = roundById(ctx.db, input.roundId);
    const c = roundCounts(ctx.db, e.kind, round.id);
    const ways = ctx.db.prepare('SELECT way, COUNT(*) AS n FROM issues WHERE round_id = ? GROUP BY way').all(round.id) as { way: Way; n: number }[];
    const byWay = { in_person: 0, proxy: 0, mobile: 0 };
    for (const w of ways) byWay[w.way] = w.n;
    let base: number;
    let check: { met: boolean; required: number };
    if (party) {
      base = Math.max(0, c.registered - c.excluded);
      check = partyQuorum(c.participants, base, rulesOf(ctx.db).partyQuorumStrict);
    } else {
      base = c.registered;
      check = villagersTurnout(c.registered, c.participants);
    }
    const part = new Map(
      (
        ctx.db
          .prepare(
            `SELECT v.group_name AS g, COUNT(*) AS n FROM issues i JOIN voters v ON v.id = i.voter_id
             WHERE i.round_id = ? ${party ? "AND v.party_status = 'full'" : ''} GROUP BY v.group_name`,
          )
          .all(round.id) as { g: string; n: number }[]
      ).map((r) => [r.g, r.n]),
    );
    const byGroup = registeredByGroup(ctx.db, party).map((g) => ({ group: g.group, registered: g.registered, participants: part.get(g.group) ?? 0 }));
    for (const [g, n] of part) if (!byGroup.some((x) => x.group === g)) byGroup.push({ group: g, registered: 0, participants: n });
    const proxyPending = party
      ? 0
      : (ctx.db
          .prepare(
            `SELECT COUNT(*) FROM proxies p JOIN proxy_approvals a ON a.proxy_id = p.id
             WHERE a.id <= ? AND NOT EXISTS (SELECT 1 FROM proxy_revocations x WHERE x.proxy_id = p.id)
               AND NOT EXISTS (SELECT 1 FROM voter_removals r WHERE r.voter_id = p.principal_id)
               AND NOT EXISTS (SELECT 1 FROM issues i WHERE i.round_id = ? AND i.voter_id = p.principal_id)`,
          )
          .pluck()
          .get(publishedUpto(ctx.db), round.id) as number);
    return {
      roundId: round.id,
      kind: e.kind,
      registered: c.registered,
      base,
      participants: c.participants,
      byWay,
      issued: c.issued,
      reached: check.met,
      rule: party ? ('P4' as const) : ('E1' as const),
      needed: check.required,
      more: Math.max(0, check.required - c.participants),
      byGroup,
      proxyPending,
    };
  },

  'ballot.issueList': (ctx, input) => {
    const round = roundById(ctx.db, input.roundId);
    const rows = ctx.db.prepare(`${ISSUE_SELECT} WHERE i.round_id = ? ORDER BY i.id DESC LIMIT ?`).all(round.id, input.limit ?? 20) as IssueJoin[];
    const total = ctx.db.prepare('SELECT COUNT(*) FROM issues WHERE round_id = ?').pluck().get(round.id) as number;
    return { issues: rows.map(issueOut), total };
  },
};
