/**
 * The roll's registrations, shared by the roll's commands (import, register, read, publication): a
 * voter as the screens show it, the R3 check of one active registration per number, adding and
 * removing a registration, the corrections of one, and the Party status words of a member list (P1).
 */
import { cached } from '../db/statements.js';
import type { z } from 'zod';
import type { CorrectionSchema, VoterSchema } from '../../../shared/contract/roll.js';
import { CATEGORY_LABELS, PARTY_STATUS_LABELS, REMOVAL_REASON_LABELS, type ElectionKind, type Phase } from '../../../shared/model.js';
import { Refusal } from '../../../shared/result.js';
import { cardNumber } from '../../../shared/voter-card.js';
import { ageOn } from '../../../shared/rules/index.js';
import type { Ctx } from '../context.js';
import type { Db } from '../db/open.js';
import { currentPhase, hasVote, requirePhase, VOTERS, type VoterRow } from '../queries.js';
import { type Warning } from '../queries.js';


export type PartyStatus = 'full' | 'probationary' | 'probation_discipline' | 'suspended';

export const PARTY_MEMBER_CATEGORY = 'party_member';

// ---------------------------------------------------------------------------------------------
// Shared reads (used by party, proxy and issue too)

export { addDays, daysBetween } from '../../../shared/rules/index.js';

export interface RemovalRow {
  reason: keyof typeof REMOVAL_REASON_LABELS;
  note: string;
  at: string;
  actor: string;
}

export function categoryLabel(code: string): string {
  if (code === PARTY_MEMBER_CATEGORY) return '党员';
  return CATEGORY_LABELS[code] ?? code;
}

export function voterOut(db: Db, v: VoterRow, electionDate: string, kind: ElectionKind): z.input<typeof VoterSchema> {
  const removal = v.removed ? (cached(db, 'SELECT reason, note, at, actor FROM voter_removals WHERE voter_id = ?').get(v.id) as RemovalRow | undefined) : undefined;
  const reregisteredAs = v.removed ? ((cached(db, 'SELECT voter_id FROM voter_reregistrations WHERE previous_voter_id = ?').pluck().get(v.id) as number | undefined) ?? null) : null;
  const previous = REREGISTER_SOURCE.exec(v.source);
  return {
    id: v.id,
    name: v.name,
    idNumber: v.id_number,
    gender: v.gender,
    birthDate: v.birth_date,
    age: ageOn(v.birth_date, electionDate),
    group: v.group_name,
    category: v.category,
    categoryLabel: categoryLabel(v.category),
    approvalRef: v.approval_ref,
    phone: v.phone,
    note: v.note,
    partyStatus: (v.party_status as PartyStatus | null) ?? null,
    hasVote: hasVote(kind, v) && !v.removed,
    removed: v.removed === 1,
    removal: removal ? { reason: removal.reason, reasonLabel: REMOVAL_REASON_LABELS[removal.reason], note: removal.note, at: removal.at, actor: removal.actor } : null,
    source: v.source,
    at: v.at,
    cardNumber: cardNumber(v.id),
    corrected: v.correction_id !== null && v.correction_id !== undefined,
    previousVoterId: previous ? Number(previous[1]) : null,
    reregisteredAs,
  };
}

/** voters.source of a registration made again after a removal (roll.reregister). */
export const REREGISTER_SOURCE = /^reregister:(\d+)$/;

/** The first ballot a voter got, in any round (removal is refused after it). */
export function anyIssue(db: Db, voterId: number): { at: string; number: number } | undefined {
  return db
    .prepare('SELECT i.at, r.number FROM issues i JOIN rounds r ON r.id = i.round_id WHERE i.voter_id = ? ORDER BY i.id LIMIT 1')
    .get(voterId) as { at: string; number: number } | undefined;
}

// ---------------------------------------------------------------------------------------------
// Party status column (P1): a member list writes 正式党员 / 预备党员 / 留党察看 / 权利中止 in its 类别 column.

export const PARTY_STATUS_WORDS: readonly [string, PartyStatus][] = [
  ['正式党员', 'full'],
  ['正式', 'full'],
  ['full', 'full'],
  ['预备党员', 'probationary'],
  ['预备', 'probationary'],
  ['probationary', 'probationary'],
  ['留党察看', 'probation_discipline'],
  ['留党察看期间', 'probation_discipline'],
  ['probation_discipline', 'probation_discipline'],
  ['权利中止', 'suspended'],
  ['停止党员权利', 'suspended'],
  ['中止党员权利', 'suspended'],
  ['留置', 'suspended'],
  ['逮捕', 'suspended'],
  ['权利中止（留置、逮捕）', 'suspended'],
  ['suspended', 'suspended'],
];

export function resolvePartyStatus(raw: string): PartyStatus | undefined {
  const t = raw.normalize('NFKC').replace(/[\s()（）、，,]/g, '');
  if (t === '') return undefined;
  for (const [w, s] of PARTY_STATUS_WORDS) if (w.replace(/[\s()（）、，,]/g, '') === t) return s;
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Preview and confirm

/** Phases in which the roll may change (R5 objections may still change it after publication). */
export function requireRollOpen(db: Db, what: string): { phase: Phase; warnings: Warning[] } {
  const phase = requirePhase(db, ['setup', 'roll_published'], what);
  const warnings: Warning[] = [];
  if (phase === 'roll_published') {
    warnings.push({
      code: 'R5_CHANGED_AFTER_PUBLICATION',
      message: 'R5 选民名单已经公布，公布后的增减应是处理异议的结果；请把变动情况另行张榜公布。',
    });
  }
  return { phase, warnings };
}

// ---------------------------------------------------------------------------------------------
// Search index: built once per station from the whole roll, then extended with new rows. Voter rows
// are append-only (never edited or deleted), so the only change is new ids; a removal does not
// touch the index (hits are read back from the database and flagged). The index is only updated
// from committed data, outside any transaction, so a rolled-back import never reaches it.

export function insertVoter(
  ctx: Ctx,
  v: {
    name: string;
    idNumber: string;
    gender: 'M' | 'F';
    birthDate: string;
    group: string;
    category: string;
    approvalRef: string;
    phone: string;
    note: string;
    partyStatus: PartyStatus | null;
    source: string;
  },
): number {
  return ctx.insert('voters', {
    name: v.name,
    id_number: v.idNumber,
    gender: v.gender,
    birth_date: v.birthDate,
    group_name: v.group,
    category: v.category,
    approval_ref: v.approvalRef,
    phone: v.phone,
    note: v.note,
    party_status: v.partyStatus,
    source: v.source,
    at: ctx.at,
    actor: ctx.actor,
  });
}

export function removeVoter(ctx: Ctx, v: VoterRow, reason: keyof typeof REMOVAL_REASON_LABELS, note: string): Warning[] {
  if (v.removed) throw new Refusal('R4_ALREADY_REMOVED', `${v.name} 已经从名单中移除，不需要再次移除。`);
  const issued = anyIssue(ctx.db, v.id);
  if (issued) {
    throw new Refusal('R4_ALREADY_ISSUED', `${v.name} 已在第 ${issued.number} 轮领取选票，不能再从名单中移除。如有问题请记录在案，由选举委员会处理。`);
  }
  const phase = currentPhase(ctx.db);
  const warnings: Warning[] = [];
  if (phase === 'setup' || phase === 'roll_published') {
    if (phase === 'roll_published') warnings.push(...requireRollOpen(ctx.db, '移除选民').warnings);
  } else if (phase === 'voting') {
    // On the day only facts that end a registration outright (death, a double registration found
    // at the desk, a court's deprivation of rights) may remove someone; judgement calls go through
    // objections before the day. The registered count (E1) changes, which the committee must see.
    if (!['death', 'duplicate', 'deprived_of_rights'].includes(reason)) {
      throw new Refusal(
        'R4_VOTING_REMOVAL_REASON',
        '投票已经开始，只能因死亡、重复登记或被剥夺政治权利移除选民；其他情况请在投票前按异议程序处理。',
      );
    }
    warnings.push({ code: 'R4_REMOVED_DURING_VOTING', message: `投票期间移除了 ${v.name}，登记选民数随之减少，请在计票单上说明。` });
  } else {
    throw new Refusal('WRONG_PHASE', '已经开始计票，选民名单不能再变动（登记选民数是计票的依据）。');
  }
  if (reason === 'other' && note.trim() === '') throw new Refusal('R4_NOTE_REQUIRED', 'R4 原因为“其他”时请写明具体情况。');
  ctx.insert('voter_removals', { voter_id: v.id, reason, note, at: ctx.at, actor: ctx.actor });
  return warnings;
}

/** The registrations whose ID number reads `idNumber` now (through the indexes of both tables). */
export function registrationsWithIdNumber(db: Db, idNumber: string): { id: number; name: string; removed: number }[] {
  return cached(
    db,
    `SELECT v.id, v.name, CASE WHEN r.id IS NULL THEN 0 ELSE 1 END AS removed FROM ${VOTERS} v LEFT JOIN voter_removals r ON r.voter_id = v.id
     WHERE v.id IN (SELECT id FROM voters WHERE id_number = @id UNION SELECT voter_id FROM voter_corrections WHERE id_number = @id) AND v.id_number = @id
     ORDER BY v.id`,
  ).all({ id: idNumber }) as { id: number; name: string; removed: number }[];
}

/**
 * R3: refuses an ID number another registration holds (besides `self`): an active one outright, a
 * removed one unless the committee registers that person again (roll.reregister: `reregistering`).
 */
export function refuseTaken(db: Db, idNumber: string, self: number | null, reregistering = false): void {
  const others = registrationsWithIdNumber(db, idNumber).filter((r) => r.id !== self);
  const active = others.find((r) => r.removed === 0);
  if (active) {
    throw new Refusal(
      'R3_ALREADY_REGISTERED',
      `R3 身份证号码 ${idNumber} 已经登记（${active.name}，证号 ${cardNumber(active.id)}），同一人只能登记一次。`,
      { voterId: active.id },
    );
  }
  const removed = others[others.length - 1];
  if (removed && !reregistering) {
    throw new Refusal(
      'R3_REMOVED_REGISTRATION',
      `R3 身份证号码 ${idNumber} 曾经登记（${removed.name}，证号 ${cardNumber(removed.id)}），后来从名单中移除。如选举委员会决定让此人重新登记，请在名单中找到原来的登记，办理“重新登记”并填写决定。`,
      { voterId: removed.id },
    );
  }
}

export type CorrectionField = z.infer<typeof CorrectionSchema>['changes'][number]['field'];

/** The correctable part of a registration, as stored. */
export interface Correctable {
  name: string;
  id_number: string;
  group_name: string;
  category: string;
  approval_ref: string;
  party_status: string | null;
}

export function correctionChanges(before: Correctable, after: Correctable, party: boolean): z.infer<typeof CorrectionSchema>['changes'] {
  const show = (f: CorrectionField, v: string | null): string =>
    f === 'category' ? categoryLabel(v ?? '') : f === 'partyStatus' ? (v ? (PARTY_STATUS_LABELS[v as PartyStatus] ?? v) : '') : (v ?? '');
  const fields: [CorrectionField, keyof Correctable, string][] = [
    ['name', 'name', '姓名'],
    ['idNumber', 'id_number', '身份证号码'],
    ['group', 'group_name', party ? '党小组' : '村民小组'],
    ['category', 'category', '类别'],
    ['approvalRef', 'approval_ref', '审批依据'],
    ['partyStatus', 'party_status', '党员类别'],
  ];
  return fields
    .filter(([, col]) => (before[col] ?? '') !== (after[col] ?? ''))
    .map(([field, col, label]) => ({ field, label, from: show(field, before[col]), to: show(field, after[col]) }));
}

/** Every correction of one registration, oldest first, each with what it changed. */
export function correctionsOf(db: Db, voterId: number, party: boolean): z.infer<typeof CorrectionSchema>[] {
  const base = db.prepare('SELECT name, id_number, group_name, category, approval_ref, party_status FROM voters WHERE id = ?').get(voterId) as Correctable | undefined;
  if (!base) return [];
  const rows = db
    .prepare('SELECT id, name, id_number, group_name, category, approval_ref, party_status, reason, at, actor FROM voter_corrections WHERE voter_id = ? ORDER BY id')
    .all(voterId) as (Correctable & { id: number; reason: string; at: string; actor: string })[];
  let before: Correctable = base;
  return rows.map((r) => {
    const out = { id: r.id, changes: correctionChanges(before, r, party), reason: r.reason, at: r.at, actor: r.actor };
    before = r;
    return out;
  });
}
