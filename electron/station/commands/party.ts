/** Party member assembly (P1–P4): who has a vote, exclusions from the base, and the quorum. */
import type { z } from 'zod';
import type { ExclusionSchema, partyContract, PartySummarySchema } from '../../../shared/contract/party.js';
import { PARTY_STATUS_LABELS } from '../../../shared/model.js';
import { Refusal } from '../../../shared/result.js';
import { partyBase, partyQuorum } from '../../../shared/rules/index.js';
import type { Ctx, HandlersFor } from '../context.js';
import type { Db } from '../db/open.js';
import { electionRow, requirePhase, roundById, rulesOf, voterOrRefuse, VOTERS } from '../queries.js';

type PartyStatus = keyof typeof PARTY_STATUS_LABELS;

function requireParty(db: Db): void {
  if (electionRow(db).kind !== 'party_branch') {
    throw new Refusal('NOT_PARTY_ELECTION', '本次不是党员大会选举，没有“不计入应到会人数”的事项。');
  }
}

interface ExclusionJoin {
  id: number;
  voter_id: number;
  name: string;
  reason: string;
  higher_org_ref: string;
  assembly_ref: string;
  at: string;
  actor: string;
}

/** Approved, not revoked exclusions of active members (one per member). */
function activeExclusions(db: Db, reasons: readonly string[]): z.input<typeof ExclusionSchema>[] {
  const rows = db
    .prepare(
      `SELECT e.id, e.voter_id, v.name, e.reason, e.higher_org_ref, e.assembly_ref, e.at, e.actor
       FROM party_exclusions e JOIN ${VOTERS} v ON v.id = e.voter_id
       WHERE NOT EXISTS (SELECT 1 FROM party_exclusion_revocations x WHERE x.exclusion_id = e.id)
         AND NOT EXISTS (SELECT 1 FROM voter_removals r WHERE r.voter_id = v.id)
       ORDER BY e.id`,
    )
    .all() as ExclusionJoin[];
  return rows.map((r) => ({
    id: r.id,
    voterId: r.voter_id,
    name: r.name,
    reason: r.reason,
    customReason: !reasons.includes(r.reason),
    higherOrgRef: r.higher_org_ref,
    assemblyRef: r.assembly_ref,
    at: r.at,
    actor: r.actor,
  }));
}

export function partySummary(db: Db, roundId?: number): z.input<typeof PartySummarySchema> {
  const rules = rulesOf(db);
  const round = roundById(db, roundId);
  const byStatus = db
    .prepare(
      `SELECT v.party_status AS status, COUNT(*) AS n FROM ${VOTERS} v
       WHERE NOT EXISTS (SELECT 1 FROM voter_removals r WHERE r.voter_id = v.id) GROUP BY v.party_status`,
    )
    .all() as { status: PartyStatus | null; n: number }[];
  const members = byStatus.reduce((s, r) => s + r.n, 0);
  const withVote = byStatus.find((r) => r.status === 'full')?.n ?? 0;
  const excluded = activeExclusions(db, rules.partyExclusionReasons);
  const base = partyBase(withVote, excluded.length);
  const present = db
    .prepare(
      `SELECT COUNT(*) FROM issues i JOIN ${VOTERS} v ON v.id = i.voter_id
       WHERE i.round_id = ? AND v.party_status = 'full'`,
    )
    .pluck()
    .get(round.id) as number;
  const q = partyQuorum(present, base, rules.partyQuorumStrict);
  return {
    members,
    withVote,
    withoutVote: (['probationary', 'probation_discipline', 'suspended'] as const).map((s) => ({
      status: s,
      label: PARTY_STATUS_LABELS[s],
      count: byStatus.find((r) => r.status === s)?.n ?? 0,
    })),
    excluded,
    base,
    present,
    quorumReached: q.met,
    needed: q.required,
    more: Math.max(0, q.required - present),
    strict: rules.partyQuorumStrict,
    roundId: round.id,
    reasons: rules.partyExclusionReasons,
  };
}

function requireBeforeVoting(ctx: Ctx, what: string): void {
  // Exclusions fix the base (P2) the quorum and, with partyPassBase 'expected', the pass line are
  // measured against; once voting has begun they may no longer change.
  requirePhase(ctx.db, ['setup', 'roll_published'], what);
}

export const partyHandlers: HandlersFor<typeof partyContract> = {
  'party.exclude': (ctx, input) => {
    requireParty(ctx.db);
    requireBeforeVoting(ctx, '办理“不计入应到会人数”');
    const v = voterOrRefuse(ctx.db, input.voterId);
    const missing = [input.higherOrgRef === '' ? '上级党组织同意的文号' : '', input.assemblyRef === '' ? '党员大会通过的记录' : ''].filter((x) => x !== '');
    if (missing.length > 0) {
      throw new Refusal(
        'P3_APPROVAL_REQUIRED',
        `P3 不计入应到会人数须经上级党组织同意并经党员大会通过，请填写${missing.join('和')}后再办理（${v.name}）。`,
      );
    }
    if (v.removed) throw new Refusal('VOTER_REMOVED', `${v.name} 已从党员名册中移除，不需要办理。`);
    if (v.party_status !== 'full') {
      const label = PARTY_STATUS_LABELS[(v.party_status ?? 'probationary') as PartyStatus];
      throw new Refusal(
        'P1_NO_VOTE',
        `P1 ${v.name} 是${label}，本来就没有表决权、不计入应到会人数，不需要办理。`,
      );
    }
    const existing = ctx.db
      .prepare(
        `SELECT e.id, e.reason FROM party_exclusions e WHERE e.voter_id = ?
         AND NOT EXISTS (SELECT 1 FROM party_exclusion_revocations x WHERE x.exclusion_id = e.id)`,
      )
      .get(v.id) as { id: number; reason: string } | undefined;
    if (existing) throw new Refusal('P3_ALREADY_EXCLUDED', `${v.name} 已经不计入应到会人数（原因：${existing.reason}），不能重复办理。`);
    const id = ctx.insert('party_exclusions', {
      voter_id: v.id,
      reason: input.reason,
      higher_org_ref: input.higherOrgRef,
      assembly_ref: input.assemblyRef,
      at: ctx.at,
      actor: ctx.actor,
    });
    const summary = partySummary(ctx.db);
    const exclusion = summary.excluded.find((x) => x.id === id);
    if (!exclusion) throw new Error('exclusion just inserted is missing');
    return { exclusion, summary };
  },

  'party.revokeExclusion': (ctx, input) => {
    requireParty(ctx.db);
    requireBeforeVoting(ctx, '撤销“不计入应到会人数”');
    const e = ctx.db
      .prepare(
        `SELECT e.id, v.name, x.id AS xid FROM party_exclusions e JOIN ${VOTERS} v ON v.id = e.voter_id
         LEFT JOIN party_exclusion_revocations x ON x.exclusion_id = e.id WHERE e.id = ?`,
      )
      .get(input.exclusionId) as { id: number; name: string; xid: number | null } | undefined;
    if (!e) throw new Refusal('EXCLUSION_NOT_FOUND', `没有编号为 ${input.exclusionId} 的“不计入应到会人数”记录。`);
    if (e.xid !== null) throw new Refusal('EXCLUSION_REVOKED', `${e.name} 的这项记录已经撤销过了。`);
    ctx.insert('party_exclusion_revocations', { exclusion_id: e.id, reason: input.reason, at: ctx.at, actor: ctx.actor });
    return { exclusionId: e.id, summary: partySummary(ctx.db) };
  },

  'party.summary': (ctx, input) => {
    requireParty(ctx.db);
    return partySummary(ctx.db, input.roundId);
  },
};
