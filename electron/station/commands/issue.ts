/**
 * Ballot issue (B1, B2, R6, X6, X7) and the live turnout. For a party_branch election an issue is the
 * member's sign-in (present, P4).
 */
import { kept } from '../db/state.js';
import type { z } from 'zod';
import type { BoxVoterSchema, issueContract, IssueSchema } from '../../../shared/contract/issue.js';
import { ISSUE_WAY_LABELS, REMOVAL_REASON_LABELS, PARTY_STATUS_LABELS } from '../../../shared/model.js';
import { Refusal } from '../../../shared/result.js';
import { mobileBoxIssueCheck, mobileBoxReady, mobileBoxVoterCheck, partyQuorum, proxyBallotCheck, villagersTurnout } from '../../../shared/rules/index.js';
import type { Ctx, HandlersFor } from '../context.js';
import type { Db } from '../db/open.js';
import { currentRound, electionRow, hasVote, requirePhase, roundById, rulesOf, VOTERS } from '../queries.js';
import { roundCounts } from '../scenario-from-db.js';
import { isActiveCandidateSql, publishedUpto, refuseWith, voterOrRefuse } from '../queries.js';

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
  FROM issues i JOIN ${VOTERS} v ON v.id = i.voter_id LEFT JOIN boxes b ON b.id = i.box_id LEFT JOIN ${VOTERS} t ON t.id = i.trustee_id`;

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
const GROUPS = kept<{ group: string; registered: number }[]>('registered by group', ['voters', 'voter_removals', 'voter_corrections']);

function registeredByGroup(db: Db, party: boolean): { group: string; registered: number }[] {
  const hit = db.state.read(GROUPS);
  if (hit) return hit;
  const rows = db
    .prepare(
      `SELECT v.group_name AS "group", COUNT(*) AS registered FROM ${VOTERS} v
       WHERE NOT EXISTS (SELECT 1 FROM voter_removals r WHERE r.voter_id = v.id) ${party ? "AND v.party_status = 'full'" : ''}
       GROUP BY v.group_name ORDER BY v.group_name`,
    )
    .all() as { group: string; registered: number }[];
  db.state.keep(GROUPS, rows, db.inTransaction);
  return rows;
}

// ---------------------------------------------------------------------------------------------
// B5: the mobile box's list, scrutineers, approval and publication

interface BoxRow {
  id: number;
  box_key: string;
  name: string;
  kind: 'fixed' | 'mobile';
}

function boxOrRefuse(db: Db, key: string): BoxRow {
  const b = db.prepare('SELECT id, box_key, name, kind FROM boxes WHERE box_key = ?').get(key) as BoxRow | undefined;
  if (!b) throw new Refusal('BOX_NOT_FOUND', `没有编号为“${key}”的票箱，请先登记流动票箱。`);
  return b;
}

function mobileOrRefuse(db: Db, key: string): BoxRow {
  const b = boxOrRefuse(db, key);
  if (b.kind !== 'mobile') throw new Refusal('BOX_NOT_MOBILE', `“${b.name}”不是流动票箱，不需要选民名单。`);
  return b;
}

const ACTIVE_BOX_VOTER = 'NOT EXISTS (SELECT 1 FROM box_voter_removals x WHERE x.box_voter_id = bv.id)';

function boxFacts(db: Db, b: BoxRow) {
  const scrutineers = db
    .prepare(
      `SELECT o.name FROM officials o WHERE o.box_id = ? AND o.role IN ('scrutineer','chief_scrutineer')
       AND NOT EXISTS (SELECT 1 FROM official_removals r WHERE r.official_id = o.id) ORDER BY o.id`,
    )
    .pluck()
    .all(b.id) as string[];
  const approvalRef = (db.prepare('SELECT ref FROM box_approvals WHERE box_id = ? ORDER BY id DESC LIMIT 1').pluck().get(b.id) as string | undefined) ?? '';
  const listed = db.prepare(`SELECT COUNT(*) FROM box_voters bv WHERE bv.box_id = ? AND ${ACTIVE_BOX_VOTER}`).pluck().get(b.id) as number;
  const pub = db.prepare('SELECT published_on, upto_box_voter_id FROM box_publications WHERE box_id = ? ORDER BY id DESC LIMIT 1').get(b.id) as
    | { published_on: string; upto_box_voter_id: number }
    | undefined;
  // Published means the latest publication covers every voter now on the list (a voter added
  // later needs the list published again; one taken off does not).
  const newest = db.prepare(`SELECT COALESCE(MAX(bv.id), 0) FROM box_voters bv WHERE bv.box_id = ? AND ${ACTIVE_BOX_VOTER}`).pluck().get(b.id) as number;
  const published = pub !== undefined && pub.upto_box_voter_id >= newest;
  return { scrutineers, approvalRef, listed, publishedOn: pub?.published_on ?? null, published, upto: pub?.upto_box_voter_id ?? 0 };
}

function boxOut(db: Db, b: BoxRow, roundId: number) {
  const issued = db.prepare('SELECT COUNT(*) FROM issues WHERE round_id = ? AND box_id = ?').pluck().get(roundId, b.id) as number;
  if (b.kind !== 'mobile') return { key: b.box_key, name: b.name, kind: b.kind, issued, scrutineers: 0, approvalRef: '', listed: 0, publishedOn: null, notReady: null };
  const f = boxFacts(db, b);
  const notReady = mobileBoxReady({ name: b.name, scrutineers: f.scrutineers.length, approvalRef: f.approvalRef, published: f.published, listed: f.listed }, rulesOf(db));
  return {
    key: b.box_key,
    name: b.name,
    kind: b.kind,
    issued,
    scrutineers: f.scrutineers.length,
    approvalRef: f.approvalRef,
    listed: f.listed,
    publishedOn: f.publishedOn,
    notReady: notReady?.message ?? null,
  };
}

function boxVoters(db: Db, b: BoxRow, roundId: number): z.input<typeof BoxVoterSchema>[] {
  const { upto } = boxFacts(db, b);
  const rows = db
    .prepare(
      `SELECT bv.id, v.id AS voter_id, v.name, v.group_name, v.id_number, bv.at,
              EXISTS (SELECT 1 FROM issues i WHERE i.round_id = ? AND i.voter_id = v.id) AS issued
       FROM box_voters bv JOIN ${VOTERS} v ON v.id = bv.voter_id WHERE bv.box_id = ? AND ${ACTIVE_BOX_VOTER} ORDER BY bv.id`,
    )
    .all(roundId, b.id) as { id: number; voter_id: number; name: string; group_name: string; id_number: string; at: string; issued: number }[];
  return rows.map((r) => ({ voterId: r.voter_id, name: r.name, group: r.group_name, idTail: r.id_number.slice(-4), published: r.id <= upto, issued: r.issued === 1, at: r.at }));
}

/** The active list entry of a voter on any mobile box. */
function boxEntryOf(db: Db, voterId: number): { id: number; box_id: number; name: string } | undefined {
  return db
    .prepare(`SELECT bv.id, bv.box_id, b.name FROM box_voters bv JOIN boxes b ON b.id = bv.box_id WHERE bv.voter_id = ? AND ${ACTIVE_BOX_VOTER}`)
    .get(voterId) as { id: number; box_id: number; name: string } | undefined;
}

function requireBoxEditable(ctx: Ctx): void {
  requirePhase(ctx.db, ['setup', 'roll_published', 'voting'], '办理流动票箱名单');
}

export const issueHandlers: HandlersFor<typeof issueContract> = {
  'box.add': (ctx, input) => {
    electionRow(ctx.db);
    requirePhase(ctx.db, ['setup', 'roll_published', 'voting'], '登记流动票箱');
    const dup = ctx.db.prepare('SELECT name FROM boxes WHERE box_key = ?').get(input.key) as { name: string } | undefined;
    if (dup) throw new Refusal('BOX_EXISTS', `票箱编号“${input.key}”已经用于“${dup.name}”，请换一个编号。`);
    ctx.insert('boxes', { box_key: input.key, kind: 'mobile', name: input.name, at: ctx.at, actor: ctx.actor });
    return { box: boxOut(ctx.db, boxOrRefuse(ctx.db, input.key), currentRound(ctx.db).id) };
  },

  'box.approve': (ctx, input) => {
    requireBoxEditable(ctx);
    const b = mobileOrRefuse(ctx.db, input.key);
    ctx.insert('box_approvals', { box_id: b.id, ref: input.ref, at: ctx.at, actor: ctx.actor });
    return { box: boxOut(ctx.db, b, currentRound(ctx.db).id) };
  },

  'box.addVoters': (ctx, input) => {
    const e = electionRow(ctx.db);
    if (e.kind === 'party_branch') throw new Refusal('P5_IN_PERSON', 'P5 党员大会须本人到会投票，不设流动票箱。');
    requireBoxEditable(ctx);
    const b = mobileOrRefuse(ctx.db, input.key);
    const round = currentRound(ctx.db);
    for (const id of new Set(input.voterIds)) {
      const v = voterOrRefuse(ctx.db, id);
      const entry = boxEntryOf(ctx.db, v.id);
      if (entry?.box_id === b.id) continue;
      const hasProxy =
        ctx.db.prepare('SELECT 1 FROM proxies p WHERE p.principal_id = ? AND NOT EXISTS (SELECT 1 FROM proxy_revocations x WHERE x.proxy_id = p.id)').get(v.id) !== undefined;
      const facts = { name: v.name, hasVote: !v.removed && hasVote(e.kind, v), hasProxy, alreadyIssued: issueOf(ctx.db, round.id, v.id) !== undefined };
      refuseWith(mobileBoxVoterCheck(entry ? { ...facts, otherBox: entry.name } : facts));
      ctx.insert('box_voters', { box_id: b.id, voter_id: v.id, at: ctx.at, actor: ctx.actor });
    }
    return { box: boxOut(ctx.db, b, round.id), voters: boxVoters(ctx.db, b, round.id) };
  },

  'box.removeVoter': (ctx, input) => {
    requireBoxEditable(ctx);
    const b = mobileOrRefuse(ctx.db, input.key);
    const entry = boxEntryOf(ctx.db, input.voterId);
    if (!entry || entry.box_id !== b.id) throw new Refusal('BOX_VOTER_NOT_LISTED', `这位选民不在${b.name}的名单上。`);
    const round = currentRound(ctx.db);
    if (ctx.db.prepare('SELECT 1 FROM issues WHERE round_id = ? AND voter_id = ? AND box_id = ?').get(round.id, input.voterId, b.id)) {
      throw new Refusal('BOX_VOTER_ISSUED', `已经由${b.name}向这位选民发放了选票，不能再移出名单。`);
    }
    ctx.insert('box_voter_removals', { box_voter_id: entry.id, reason: input.reason, at: ctx.at, actor: ctx.actor });
    return { box: boxOut(ctx.db, b, round.id), voters: boxVoters(ctx.db, b, round.id) };
  },

  'box.publish': (ctx, input) => {
    requireBoxEditable(ctx);
    const b = mobileOrRefuse(ctx.db, input.key);
    const f = boxFacts(ctx.db, b);
    // Everything but the publication itself must be in order before the list goes up.
    refuseWith(mobileBoxReady({ name: b.name, scrutineers: f.scrutineers.length, approvalRef: f.approvalRef, published: true, listed: f.listed }, rulesOf(ctx.db)));
    const upto = ctx.db.prepare(`SELECT COALESCE(MAX(bv.id), 0) FROM box_voters bv WHERE bv.box_id = ?`).pluck().get(b.id) as number;
    ctx.insert('box_publications', {
      box_id: b.id,
      published_on: input.publishedOn ?? ctx.today,
      voter_count: f.listed,
      scrutineer_count: f.scrutineers.length,
      upto_box_voter_id: upto,
      at: ctx.at,
      actor: ctx.actor,
    });
    const round = currentRound(ctx.db);
    return { box: boxOut(ctx.db, b, round.id), voters: boxVoters(ctx.db, b, round.id) };
  },

  'box.voters': (ctx, input) => {
    const b = mobileOrRefuse(ctx.db, input.key);
    const round = currentRound(ctx.db);
    return { box: boxOut(ctx.db, b, round.id), voters: boxVoters(ctx.db, b, round.id), scrutineers: boxFacts(ctx.db, b).scrutineers };
  },

  'box.list': (ctx, input) => {
    const round = roundById(ctx.db, input.roundId);
    const rows = ctx.db.prepare('SELECT id, box_key, name, kind FROM boxes ORDER BY id').all() as BoxRow[];
    return { boxes: rows.map((b) => boxOut(ctx.db, b, round.id)) };
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
      const b = boxOrRefuse(ctx.db, input.boxKey);
      if (b.kind !== 'mobile') throw new Refusal('BOX_NOT_MOBILE', `“${b.name}”不是流动票箱。本人到场领票不需要选择票箱。`);
      // B5: only a box in order (scrutineers, approval, published list), only to a voter on its published list.
      const f = boxFacts(ctx.db, b);
      refuseWith(mobileBoxReady({ name: b.name, scrutineers: f.scrutineers.length, approvalRef: f.approvalRef, published: f.published, listed: f.listed }, rulesOf(ctx.db)));
      const entry = boxEntryOf(ctx.db, v.id);
      refuseWith(mobileBoxIssueCheck(v.name, b.name, entry !== undefined && entry.box_id === b.id && entry.id <= f.upto));
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
           FROM proxies p JOIN ${VOTERS} pv ON pv.id = p.principal_id LEFT JOIN proxy_approvals a ON a.proxy_id = p.id
           WHERE p.trustee_id = ? AND NOT EXISTS (SELECT 1 FROM proxy_revocations x WHERE x.proxy_id = p.id) ORDER BY p.id`,
        )
        .all(v.id) as { id: number; principal_id: number; name: string; approval_id: number | null; removed: number }[];
      // X3: a trustee who has become a candidate since the proxy was registered may not cast it.
      const trusteeIsCandidate = ctx.db.prepare(`SELECT ${isActiveCandidateSql('?')}`).pluck().get(v.id) === 1;
      for (const p of held) {
        const had = issueOf(ctx.db, round.id, p.principal_id);
        const finding = proxyBallotCheck({
          principal: p.name,
          trustee: v.name,
          trusteeIsCandidate,
          approved: p.approval_id !== null,
          published: p.approval_id !== null && p.approval_id <= upto,
          principalRemoved: p.removed === 1,
          ...(had ? { principalVoted: { way: had.way, time: had.time } } : {}),
        });
        if (finding) {
          skipped.push({ proxyId: p.id, principalId: p.principal_id, principalName: p.name, code: finding.code, message: finding.message });
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
          `SELECT t.name FROM proxies p JOIN ${VOTERS} t ON t.id = p.trustee_id JOIN proxy_approvals a ON a.proxy_id = p.id
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
            `SELECT v.group_name AS g, COUNT(*) AS n FROM issues i JOIN ${VOTERS} v ON v.id = i.voter_id
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
