/**
 * The voter roll (R1–R6): import with a preview, single additions and removals, search, publication,
 * objections. For a party_branch election the roll is the member list and carries party_status (P1).
 */
import { createHash } from 'node:crypto';
import { slot } from '../db/state.js';
import { glyphMessage, missingGlyphs } from '../forms/fonts.js';
import { cached } from '../db/statements.js';
import type { z } from 'zod';
import type { CorrectionSchema, rollContract, VoterSchema } from '../../../shared/contract/roll.js';
import {
  BUILTIN_CATEGORIES,
  CATEGORY_LABELS,
  PARTY_STATUS_LABELS,
  REMOVAL_REASON_LABELS,
  type ElectionKind,
  type Phase,
} from '../../../shared/model.js';
import { Refusal } from '../../../shared/result.js';
import { cardNumber, electionCardTag, parseCardQuery } from '../../../shared/voter-card.js';
import { addDays, ageOn, categoryNeedsApproval, decisionTiming, objectionTiming, parseIdNumber, publicationTiming } from '../../../shared/rules/index.js';
import { groupOrder } from '../forms/voter-list.js';
import type { Ctx, HandlersFor } from '../context.js';
import type { Db } from '../db/open.js';
import {
  FIELD_LABELS,
  normaliseIdInput,
  previewRoll,
  readRollFileSync,
  resolveCategory,
  type FileNote,
  type RawRollRow,
  type RegisteredPerson,
  type RollField,
  type RollFile,
  type RollPreview,
  type SavedMapping,
} from '../import/index.js';
import { createRollIndex, type RollIndex } from '../names/index.js';
import { currentPhase, electionRow, hasVote, requirePhase, rulesOf, voterById, VOTERS, type ElectionRow, type VoterRow } from '../queries.js';
import { recordPhase } from '../phase.js';
import { voterOrRefuse, type Warning } from '../queries.js';

type PartyStatus = 'full' | 'probationary' | 'probation_discipline' | 'suspended';

export const PARTY_MEMBER_CATEGORY = 'party_member';

// ---------------------------------------------------------------------------------------------
// Shared reads (used by party, proxy and issue too)

export { addDays, daysBetween } from '../../../shared/rules/index.js';

interface RemovalRow {
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
const REREGISTER_SOURCE = /^reregister:(\d+)$/;

/** The first ballot a voter got, in any round (removal is refused after it). */
function anyIssue(db: Db, voterId: number): { at: string; number: number } | undefined {
  return db
    .prepare('SELECT i.at, r.number FROM issues i JOIN rounds r ON r.id = i.round_id WHERE i.voter_id = ? ORDER BY i.id LIMIT 1')
    .get(voterId) as { at: string; number: number } | undefined;
}

// ---------------------------------------------------------------------------------------------
// Party status column (P1): a member list writes 正式党员 / 预备党员 / 留党察看 / 权利中止 in its 类别 column.

const PARTY_STATUS_WORDS: readonly [string, PartyStatus][] = [
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

interface FileInput {
  dataBase64?: string | undefined;
  fileName?: string | undefined;
}

/** How the clerk asked the file to be read (contract ReadChoice). */
interface Choices {
  sheet?: string | undefined;
  headerRow?: number | undefined;
  columns?: Partial<Record<RollField, number | null | undefined>> | undefined;
  allFull?: boolean | undefined;
}

function fileBytes(input: FileInput): { bytes: Uint8Array; fileName: string } {
  if (input.dataBase64 !== undefined) {
    if (input.fileName === undefined) throw new Refusal('IMPORT_FILE_NAME', '请同时给出文件名（用于判断是 xlsx 还是 csv）。');
    return { bytes: new Uint8Array(Buffer.from(input.dataBase64, 'base64')), fileName: input.fileName };
  }
  throw new Refusal('IMPORT_NO_FILE', '请选择要导入的选民名单文件。');
}

interface PreparedRow {
  sourceRow: number;
  raw: RawRollRow;
  status: 'ok' | 'warning' | 'error' | 'registered';
  problems: { code: string; severity: 'error' | 'warning'; message: string; rule?: string }[];
  partyStatus: PartyStatus | null;
  normalised: RollPreview['rows'][number]['normalised'];
  registered: RegisteredPerson | null;
  /** R3 in the file: the group's rows, and what this row registers when picked (null: it cannot be). */
  duplicate: { idNumber: string; rows: number[]; candidate: RollPreview['rows'][number]['normalised'] } | null;
}

interface Prepared {
  rows: PreparedRow[];
  summary: RollPreview['summary'];
  digest: string;
  /** Remarks about the file as the station reads it (R2 resident by default, P1 all full). */
  notes: FileNote[];
}

/** previewRoll against the roll as it is now, plus the party status column for a member list. */
function prepare(db: Db, file: RollFile, allFull: boolean): Prepared {
  const rawRows = file.rows;
  const e = electionRow(db);
  const rules = rulesOf(db);
  const party = e.kind === 'party_branch';
  const notes: FileNote[] = [];
  const categoryColumn = file.mapping.category !== undefined;
  const registered = registrationsByIdNumber(db);
  const statuses: (PartyStatus | null)[] = [];
  if (party && !categoryColumn && allFull) {
    notes.push({ code: 'P1_ALL_FULL', severity: 'warning', message: 'P1 名册没有“党员类别”列，按您的确认，名册上的人全部登记为正式党员（有表决权）。预备党员、留党察看或权利中止的党员不应在这份名册上。' });
  }
  if (!party && !categoryColumn && file.state === 'ready') {
    notes.push({ code: 'R2_NO_CATEGORY_COLUMN', severity: 'info', message: `R2 文件没有“类别”列：全部登记为“${CATEGORY_LABELS.resident}”。如名单中有户籍在本村不居住、户籍不在本村的人，请在文件中加上“类别”列写明后再导入。` });
  }
  // A member list has no R2 category: its 类别 column carries the party status instead.
  const rows = party
    ? rawRows.map((r) => {
        const s = categoryColumn ? resolvePartyStatus(r.category) : allFull ? 'full' : undefined;
        statuses.push(s ?? null);
        return { ...r, category: 'resident' };
      })
    : rawRows;
  const preview = previewRoll(rows, {
    electionDate: e.election_date,
    registered,
    categories: rules.extraVoterCategories,
    categoryColumn: party || categoryColumn,
    groupColumn: file.mapping.group !== undefined,
  });
  const out: PreparedRow[] = preview.rows.map((r, i) => {
    const raw = rawRows[i] as RawRollRow;
    const problems: PreparedRow['problems'] = r.problems.map((p) => ({ code: p.code, severity: p.severity, message: p.message, ...(p.rule ? { rule: p.rule } : {}) }));
    let normalised = r.normalised;
    let candidate = r.duplicate?.candidate ?? null;
    const partyStatus = statuses[i] ?? null;
    if (r.status === 'registered') {
      return { sourceRow: r.sourceRow, raw, status: 'registered' as const, problems, partyStatus, normalised: null, registered: r.registered, duplicate: null };
    }
    if (party) {
      if (partyStatus === null) {
        problems.push({
          code: 'P1_PARTY_STATUS_UNKNOWN',
          severity: 'error',
          rule: 'P1',
          message: `党员类别“${raw.category.trim()}”无法识别。请填写：正式党员、预备党员、留党察看或权利中止。`,
        });
        normalised = null;
        candidate = null;
      } else {
        if (normalised) normalised = { ...normalised, category: PARTY_MEMBER_CATEGORY };
        if (candidate) candidate = { ...candidate, category: PARTY_MEMBER_CATEGORY };
      }
    }
    const hasError = problems.some((p) => p.severity === 'error');
    return {
      sourceRow: r.sourceRow,
      raw,
      status: hasError ? 'error' : problems.length > 0 ? 'warning' : 'ok',
      problems,
      partyStatus,
      normalised: hasError ? null : normalised,
      registered: null,
      duplicate: r.duplicate ? { idNumber: r.duplicate.idNumber, rows: r.duplicate.rows, candidate } : null,
    };
  });
  const byCode: Record<string, number> = {};
  const byCategory: Record<string, number> = {};
  const groups = new Map<string, { idNumber: string; rows: number[]; pickable: number[] }>();
  for (const r of out) {
    for (const c of new Set(r.problems.map((p) => p.code))) byCode[c] = (byCode[c] ?? 0) + 1;
    if (r.normalised) {
      const key = party ? (r.partyStatus ?? 'unknown') : r.normalised.category;
      byCategory[key] = (byCategory[key] ?? 0) + 1;
    }
    if (r.duplicate) {
      let g = groups.get(r.duplicate.idNumber);
      if (!g) groups.set(r.duplicate.idNumber, (g = { idNumber: r.duplicate.idNumber, rows: r.duplicate.rows, pickable: [] }));
      if (r.duplicate.candidate) g.pickable.push(r.sourceRow);
    }
  }
  const importable = out.filter((r) => r.normalised !== null).length;
  const registeredRows = out.filter((r) => r.status === 'registered').length;
  const inGroups = out.filter((r) => r.duplicate !== null).length;
  const summary = {
    total: out.length,
    importable,
    withWarnings: out.filter((r) => r.normalised !== null && r.status === 'warning').length,
    withErrors: out.length - importable - registeredRows - inGroups,
    registered: registeredRows,
    duplicateGroups: [...groups.values()],
    byCode,
    byCategory,
  };
  const h = createHash('sha256');
  for (const r of out) {
    h.update(JSON.stringify([r.sourceRow, r.status, r.problems.map((p) => p.code), r.normalised, r.partyStatus, r.registered?.voterId ?? null, r.registered?.name ?? null, r.duplicate?.candidate ?? null]));
  }
  return { rows: out, summary, digest: h.digest('hex'), notes };
}

interface StoredPreview {
  fileName: string;
  file: RollFile;
  digest: string;
  allFull: boolean;
  /** The preview itself and the roll it was computed against (rollStamp). */
  prepared?: Prepared;
  rollStamp?: string;
}

/**
 * The largest ids of the roll's tables: rows are only ever added, so it changes exactly when the
 * roll does — a registration, a removal or a correction (a smaller one: a restored backup).
 */
const rollStamp = (db: Db): string =>
  cached(
    db,
    `SELECT COALESCE((SELECT MAX(id) FROM voters), 0) || ':' || COALESCE((SELECT MAX(id) FROM voter_removals), 0) || ':' || COALESCE((SELECT MAX(id) FROM voter_corrections), 0)`,
  )
    .pluck()
    .get() as string;

/** Every registration by its ID number as it reads now (R3): an active one before a removed one. */
function registrationsByIdNumber(db: Db): Map<string, RegisteredPerson> {
  const rows = cached(
    db,
    `SELECT v.id, v.name, v.id_number AS idNumber, r.reason FROM ${VOTERS} v LEFT JOIN voter_removals r ON r.voter_id = v.id ORDER BY v.id`,
  ).all() as { id: number; name: string; idNumber: string; reason: keyof typeof REMOVAL_REASON_LABELS | null }[];
  const out = new Map<string, RegisteredPerson>();
  for (const r of rows) {
    const key = r.idNumber.toUpperCase();
    if (out.get(key)?.removed === false) continue;
    out.set(key, { voterId: r.id, name: r.name, removed: r.reason !== null, ...(r.reason !== null ? { removalLabel: REMOVAL_REASON_LABELS[r.reason] } : {}) });
  }
  return out;
}

/**
 * Previews are kept in memory per station, keyed by the SHA-256 of the file's bytes and the way it
 * was asked to be read: confirming needs no second upload of a large file, and a restart simply asks
 * for the file again. On confirm the preview is recomputed against the roll as it is then and its
 * digest compared, so a roll that changed in between (another import, an addition) is caught rather
 * than trusted. When no voter was added since the preview (the preview depends on the roll only
 * through the ID numbers already on it, and voter rows are never changed or deleted), the stored
 * preview is that recomputation.
 */
const PREVIEWS = slot('roll import previews', () => new Map<string, StoredPreview>());
const MAX_PREVIEWS = 4;

function previewStore(db: Db): Map<string, StoredPreview> {
  return db.state.get(PREVIEWS);
}

/** Mappings confirmed earlier in this election, newest first. */
function savedMappings(db: Db): (SavedMapping & { allFull: boolean })[] {
  const rows = db.prepare('SELECT fields, all_full FROM roll_column_maps ORDER BY id DESC LIMIT 50').all() as { fields: string; all_full: number }[];
  return rows.map((r) => ({ fields: JSON.parse(r.fields) as SavedMapping['fields'], allFull: r.all_full === 1 }));
}

function readFile(db: Db, input: FileInput & Choices): { previewId: string; fileName: string; file: RollFile; allFull: boolean } {
  const { bytes, fileName } = fileBytes(input);
  const party = electionRow(db).kind === 'party_branch';
  const choices = { sheet: input.sheet, headerRow: input.headerRow, columns: input.columns, allFull: input.allFull };
  const previewId = createHash('sha256').update(bytes).update(JSON.stringify(choices)).digest('hex');
  const saved = savedMappings(db);
  const columns = input.columns && Object.fromEntries(Object.entries(input.columns).filter(([, v]) => v !== undefined));
  const r = readRollFileSync(bytes, fileName, {
    ...(input.sheet !== undefined ? { sheet: input.sheet } : {}),
    ...(input.headerRow !== undefined ? { headerRow: input.headerRow } : {}),
    ...(columns ? { columns } : {}),
    saved,
    // P1: a member list needs its status column, unless the clerk states that all are full members
    ...(party && input.allFull !== true && !(input.columns === undefined && saved.some((m) => m.allFull)) ? { required: ['category'] as RollField[] } : {}),
  });
  if (!r.ok) throw new Refusal(r.error.code, r.error.message, r.error.details);
  const allFull = party && r.value.mapping.category === undefined && (input.allFull === true || (r.value.mappingSource === 'saved' && (r.value.saved as { allFull?: boolean } | undefined)?.allFull === true));
  return { previewId, fileName, file: r.value, allFull };
}

/** The fields the mapping form asks for, in the order a clerk thinks of them. */
function formFields(party: boolean, file: RollFile, allFull: boolean) {
  const order: RollField[] = party ? ['name', 'idNumber', 'category', 'group', 'gender', 'phone', 'note'] : ['name', 'idNumber', 'gender', 'group', 'category', 'approvalRef', 'phone', 'note'];
  const label = (f: RollField): string => (party && f === 'category' ? '党员类别' : party && f === 'group' ? '党小组' : FIELD_LABELS[f]);
  return order.map((f) => ({ field: f, label: label(f), required: f === 'name' || f === 'idNumber' || (party && f === 'category' && !allFull), column: file.mapping[f] ?? null }));
}

/** Records a mapping the clerk chose, by header text, so the next file with these headers reads alike. */
function rememberMapping(ctx: Ctx, stored: StoredPreview): void {
  const file = stored.file;
  if (file.mappingSource !== 'given') return;
  const fields: Record<string, string> = {};
  for (const [f, col] of Object.entries(file.mapping)) {
    const header = file.columns.find((c) => c.index === col)?.header ?? '';
    if (header !== '') fields[f] = header;
  }
  if (fields.name === undefined || fields.idNumber === undefined) return;
  const last = savedMappings(ctx.db)[0];
  if (last && JSON.stringify(last.fields) === JSON.stringify(fields) && last.allFull === stored.allFull) return;
  ctx.insert('roll_column_maps', { fields: JSON.stringify(fields), all_full: stored.allFull ? 1 : 0, at: ctx.at, actor: ctx.actor });
}

/** Phases in which the roll may change (R5 objections may still change it after publication). */
function requireRollOpen(db: Db, what: string): { phase: Phase; warnings: Warning[] } {
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

interface IndexedVoter {
  id: number;
  name: string;
  idNumber: string;
  group: string;
}

interface IndexState {
  index: RollIndex<IndexedVoter>;
  maxId: number;
  maxCorrection: number;
}

/** Per connection (db/state.ts): the search index over the roll, extended as voters are added. */
const INDEX = slot<{ current: IndexState | undefined }>('roll index', () => ({ current: undefined }));

function rollIndex(db: Db): RollIndex<IndexedVoter> {
  // Voter and correction ids only grow (rows are never deleted), so their MAX(id) — one b-tree step,
  // unlike COUNT(*) — says whether rows were added since; a smaller one means the data was replaced
  // (a restored backup). A correction re-indexes its voter under the corrected name, number and group.
  const [maxId, maxCorrection] = cached(db, 'SELECT COALESCE((SELECT MAX(id) FROM voters), 0), COALESCE((SELECT MAX(id) FROM voter_corrections), 0)')
    .raw()
    .get() as [number, number];
  const holder = db.state.get(INDEX);
  let st = holder.current;
  if (st && (maxId < st.maxId || maxCorrection < st.maxCorrection)) st = undefined;
  const SELECT = `SELECT v.id, v.name, v.id_number AS idNumber, v.group_name AS "group" FROM ${VOTERS} v`;
  const load = (after: number) => cached(db, `${SELECT} WHERE v.id > ? ORDER BY v.id`).all(after) as IndexedVoter[];
  if (db.inTransaction && !(st && st.maxId === maxId && st.maxCorrection === maxCorrection)) {
    // inside a transaction that may roll back, the kept index is neither extended nor replaced
    return createRollIndex(load(0));
  }
  if (!st) {
    st = { index: createRollIndex(load(0)), maxId, maxCorrection };
    holder.current = st;
    return st.index;
  }
  if (maxId > st.maxId) {
    for (const v of load(st.maxId)) st.index.add(v);
    st.maxId = maxId;
  }
  if (maxCorrection > st.maxCorrection) {
    const corrected = cached(
      db,
      `${SELECT} WHERE v.id IN (SELECT DISTINCT voter_id FROM voter_corrections WHERE id > ?) ORDER BY v.id`,
    ).all(st.maxCorrection) as IndexedVoter[];
    for (const v of corrected) st.index.add(v);
    st.maxCorrection = maxCorrection;
  }
  return st.index;
}

/** The hits' rows in one query (ids as a JSON array), in the order asked. */
function votersByIds(db: Db, ids: readonly number[]): Map<number, VoterRow> {
  if (ids.length === 0) return new Map();
  const rows = cached(
    db,
    `SELECT v.*, CASE WHEN r.id IS NULL THEN 0 ELSE 1 END AS removed FROM ${VOTERS} v
     LEFT JOIN voter_removals r ON r.voter_id = v.id WHERE v.id IN (SELECT value FROM json_each(?))`,
  ).all(JSON.stringify(ids)) as VoterRow[];
  return new Map(rows.map((v) => [v.id, v]));
}

// ---------------------------------------------------------------------------------------------

function insertVoter(
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

function removeVoter(ctx: Ctx, v: VoterRow, reason: keyof typeof REMOVAL_REASON_LABELS, note: string): Warning[] {
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

function latestPublication(db: Db): { published_on: string; voter_count: number; at: string } | undefined {
  return db.prepare('SELECT published_on, voter_count, at FROM roll_publications ORDER BY id DESC LIMIT 1').get() as
    | { published_on: string; voter_count: number; at: string }
    | undefined;
}

interface ObjectionJoin {
  id: number;
  filed_on: string;
  filed_by: string;
  voter_id: number | null;
  voter_name: string | null;
  subject_name: string;
  content: string;
  at: string;
  d_on: string | null;
  d_decision: 'upheld' | 'rejected' | null;
  d_note: string | null;
  d_at: string | null;
  d_actor: string | null;
}

function objections(db: Db, id?: number) {
  const rules = rulesOf(db);
  const pubs = db.prepare('SELECT published_on FROM roll_publications ORDER BY id').pluck().all() as string[];
  const rows = db
    .prepare(
      `SELECT o.id, o.filed_on, o.filed_by, o.voter_id, v.name AS voter_name, o.subject_name, o.content, o.at,
              d.decided_on AS d_on, d.decision AS d_decision, d.note AS d_note, d.at AS d_at, d.actor AS d_actor
       FROM objections o LEFT JOIN ${VOTERS} v ON v.id = o.voter_id LEFT JOIN objection_decisions d ON d.objection_id = o.id
       ${id === undefined ? '' : 'WHERE o.id = ?'} ORDER BY o.id`,
    )
    .all(...(id === undefined ? [] : [id])) as ObjectionJoin[];
  return rows.map((o) => {
    // the publication the objection answers: the latest one on or before it was filed
    const pub = [...pubs].reverse().find((p) => p <= o.filed_on) ?? pubs[0];
    const late = pub !== undefined && objectionTiming(pub, o.filed_on, rules) !== undefined;
    return {
      publishedOn: pub ?? null,
      objectionDeadline: pub !== undefined ? addDays(pub, rules.objectionDays) : null,
      decideBy: addDays(o.filed_on, rules.objectionDecisionDays),
      id: o.id,
      filedOn: o.filed_on,
      filedBy: o.filed_by,
      voterId: o.voter_id,
      voterName: o.voter_name,
      subjectName: o.subject_name,
      content: o.content,
      late,
      decision:
        o.d_on !== null && o.d_decision !== null
          ? {
              decidedOn: o.d_on,
              decision: o.d_decision,
              note: o.d_note ?? '',
              late: decisionTiming(o.filed_on, o.d_on, rules) !== undefined,
              at: o.d_at ?? '',
              actor: o.d_actor ?? '',
            }
          : null,
      at: o.at,
    };
  });
}

/** The registrations whose ID number reads `idNumber` now (through the indexes of both tables). */
function registrationsWithIdNumber(db: Db, idNumber: string): { id: number; name: string; removed: number }[] {
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
function refuseTaken(db: Db, idNumber: string, self: number | null, reregistering = false): void {
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

type CorrectionField = z.infer<typeof CorrectionSchema>['changes'][number]['field'];

/** The correctable part of a registration, as stored. */
interface Correctable {
  name: string;
  id_number: string;
  group_name: string;
  category: string;
  approval_ref: string;
  party_status: string | null;
}

function correctionChanges(before: Correctable, after: Correctable, party: boolean): z.infer<typeof CorrectionSchema>['changes'] {
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
function correctionsOf(db: Db, voterId: number, party: boolean): z.infer<typeof CorrectionSchema>[] {
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

/** Group names in their natural order: 一组, 二组 … 十二组 (groupOrder), groups without a number by name, the empty one last. */
function naturalGroups(names: readonly string[]): string[] {
  return [...names].sort((a, b) => {
    if (a === '' || b === '') return a === b ? 0 : a === '' ? 1 : -1;
    return groupOrder(a) - groupOrder(b) || a.localeCompare(b, 'zh-Hans-CN', { numeric: true });
  });
}

/**
 * The 选民证 a desk query names (R6): its six printed digits, or the barcode's ten (this election's
 * tag and the number). A card of another election, a number nobody has, or a registration since
 * removed is said in plain words rather than shown as "not found".
 */
function cardSearch(db: Db, e: ElectionRow, query: string): { voter: VoterRow | null; notice: string | null; only: boolean } {
  const card = parseCardQuery(query);
  if (!card) return { voter: null, notice: null, only: false };
  const tag = electionCardTag(e.id);
  if (card.kind === 'code' && card.tag !== tag) {
    return { voter: null, notice: `这张选民证不是本次选举的（证上条码的选举号是 ${card.tag}，本次选举是 ${tag}）。请核对选民证，或按姓名查找。`, only: true };
  }
  const v = voterById(db, card.voterId) ?? null;
  if (!v) return { voter: null, notice: card.kind === 'code' ? `名单中没有证号为 ${card.number} 的选民。请核对选民证，或按姓名查找。` : null, only: card.kind === 'code' };
  if (v.removed) {
    const reason = cached(db, 'SELECT reason FROM voter_removals WHERE voter_id = ?').pluck().get(v.id) as keyof typeof REMOVAL_REASON_LABELS | undefined;
    const again = cached(db, 'SELECT voter_id FROM voter_reregistrations WHERE previous_voter_id = ?').pluck().get(v.id) as number | undefined;
    return {
      voter: v,
      notice:
        `证号 ${cardNumber(v.id)} 是 ${v.name} 的选民证，这个登记已经移除${reason ? `（${REMOVAL_REASON_LABELS[reason]}）` : ''}，不能凭它领票。` +
        (again !== undefined ? `${v.name} 已重新登记，新的证号是 ${cardNumber(again)}，请按姓名查找。` : ''),
      only: card.kind === 'code',
    };
  }
  return { voter: v, notice: null, only: card.kind === 'code' };
}

/** 第 3、5、9 行 — at most ten, then 等. */
function rowList(rows: readonly number[]): string {
  return `${rows.slice(0, 10).join('、')}${rows.length > 10 ? ' 等' : ''}`;
}

/**
 * R3 in the file: the clerk's pick for every ID number the file has more than once — a row of the
 * group that has no error of its own, or none of them. Nobody is left out unasked: a group without a
 * pick stops the whole import. Returns the rows picked.
 */
function resolvePicks(p: Prepared, picks: readonly { idNumber: string; row: number | null }[]): Set<number> {
  const groups = new Map(p.summary.duplicateGroups.map((g) => [g.idNumber, g]));
  const chosen = new Map<string, number | null>();
  for (const pick of picks) {
    const id = normaliseIdInput(pick.idNumber);
    const g = groups.get(id);
    if (!g) throw new Refusal('IMPORT_PICK_UNKNOWN', `文件中身份证号码 ${pick.idNumber} 没有重复出现，不需要选择。请重新预览后再确认。`);
    if (chosen.has(id)) throw new Refusal('IMPORT_PICK_TWICE', `身份证号码 ${id} 选了两次，请只选一行。`);
    if (pick.row !== null) {
      if (!g.rows.includes(pick.row)) throw new Refusal('IMPORT_PICK_NOT_IN_GROUP', `第 ${pick.row} 行的身份证号码不是 ${id}，请在第 ${g.rows.join('、')} 行中选择。`);
      if (!g.pickable.includes(pick.row)) {
        const row = p.rows.find((r) => r.sourceRow === pick.row);
        const own = row?.problems.filter((x) => x.severity === 'error' && x.code !== 'R3_DUPLICATE_IN_FILE').map((x) => x.message) ?? [];
        throw new Refusal('IMPORT_PICK_HAS_ERRORS', `第 ${pick.row} 行本身有错误（${own.join('；')}），不能选它。请改正文件后重新预览，或对这个号码选择“都不导入”。`);
      }
    }
    chosen.set(id, pick.row);
  }
  const open = [...groups.values()].filter((g) => !chosen.has(g.idNumber));
  if (open.length > 0) {
    throw new Refusal(
      'IMPORT_DUPLICATES_UNRESOLVED',
      `文件中有 ${open.length} 个身份证号码出现了不止一次（${open
        .slice(0, 5)
        .map((g) => `第 ${g.rows.join('、')} 行`)
        .join('；')}${open.length > 5 ? ' 等' : ''}），还没有选定哪一行是正确的，没有导入任何人。请在预览中为每个号码选定正确的一行（或选择“都不导入”）后再确认。`,
      { groups: open.map((g) => ({ idNumber: g.idNumber, rows: g.rows })) },
    );
  }
  return new Set([...chosen.values()].filter((r): r is number => r !== null));
}

export const rollHandlers: HandlersFor<typeof rollContract> = {
  'roll.importPreview': (ctx, input) => {
    const e = electionRow(ctx.db);
    const party = e.kind === 'party_branch';
    const { previewId, fileName, file, allFull } = readFile(ctx.db, input);
    const p = prepare(ctx.db, file, allFull);
    const store = previewStore(ctx.db);
    store.delete(previewId);
    store.set(previewId, { fileName, file, digest: p.digest, allFull, prepared: p, rollStamp: rollStamp(ctx.db) });
    while (store.size > MAX_PREVIEWS) store.delete(store.keys().next().value as string);
    // A name with a character the forms' font lacks would print as an empty box: say so on the row.
    const summary = { ...p.summary, byCode: { ...p.summary.byCode } };
    const rowsWithGlyphs = p.rows.map((r) => {
      const name = r.normalised?.name ?? r.raw.name;
      const missing = name ? missingGlyphs(name) : [];
      if (missing.length === 0) return { r, status: r.status, problems: r.problems };
      summary.byCode.GLYPH_MISSING = (summary.byCode.GLYPH_MISSING ?? 0) + 1;
      if (r.status === 'ok') summary.withWarnings += 1;
      return {
        r,
        status: r.status === 'ok' ? ('warning' as const) : r.status,
        problems: [...r.problems, { code: 'GLYPH_MISSING', severity: 'warning' as const, message: glyphMessage(missing) }],
      };
    });
    return {
      previewId,
      digest: p.digest,
      fileName,
      format: file.format,
      encoding: file.encoding ?? null,
      state: file.state,
      sheet: file.sheet,
      sheets: file.sheets,
      headerRow: file.headerRow,
      columns: file.columns,
      fields: formFields(party, file, allFull),
      mappingSource: file.mappingSource,
      allFull,
      notes: [...p.notes, ...file.notes],
      rows: rowsWithGlyphs.map(({ r, status, problems }) => ({
        sourceRow: r.sourceRow,
        status,
        problems,
        name: r.normalised?.name ?? r.raw.name,
        idNumber: r.normalised?.idNumber ?? r.raw.idNumber,
        gender: r.normalised?.gender ?? r.raw.gender,
        group: r.normalised?.group ?? r.raw.group,
        categoryText: r.raw.category,
        category: r.normalised?.category ?? r.duplicate?.candidate?.category ?? null,
        partyStatus: r.partyStatus,
        registered: r.registered ? { voterId: r.registered.voterId, name: r.registered.name, removed: r.registered.removed } : null,
        duplicate: r.duplicate ? { idNumber: r.duplicate.idNumber, rows: r.duplicate.rows, pickable: r.duplicate.candidate !== null } : null,
      })),
      summary,
    };
  },

  'roll.importConfirm': (ctx, input) => {
    const kind = electionRow(ctx.db).kind;
    const { warnings } = requireRollOpen(ctx.db, '导入选民名单');
    const store = previewStore(ctx.db);
    let stored: StoredPreview | undefined;
    let fromFile = false;
    if (input.previewId !== undefined) {
      if (input.dataBase64 !== undefined) {
        throw new Refusal('IMPORT_TWO_SOURCES', '请只给出预览编号，或者重新选择文件，不要同时给出。');
      }
      stored = store.get(input.previewId);
      if (!stored) throw new Refusal('IMPORT_PREVIEW_EXPIRED', '找不到这次预览（程序可能已重新启动）。请重新选择文件预览后再确认导入。');
    } else {
      const read = readFile(ctx.db, input);
      stored = { fileName: read.fileName, file: read.file, digest: '', allFull: read.allFull };
      fromFile = true;
    }
    if (stored.file.state === 'choose_sheet') {
      throw new Refusal('IMPORT_CHOOSE_SHEET', `文件里有 ${stored.file.sheets.filter((x) => x.roll && !x.hidden).length} 张工作表像选民名单，请先选择要导入哪一张。`);
    }
    if (stored.file.state === 'map_columns') {
      throw new Refusal('IMPORT_HEADER_MISSING', '还不知道文件的哪一列是姓名、哪一列是身份证号码。请在预览中为每一项选择对应的列后再导入。');
    }
    const p = !fromFile && stored.prepared && stored.rollStamp === rollStamp(ctx.db) ? stored.prepared : prepare(ctx.db, stored.file, stored.allFull);
    if (!fromFile && p.digest !== stored.digest) {
      throw new Refusal(
        'IMPORT_ROLL_CHANGED',
        '预览之后选民名单已有变动（例如已经导入过或新登记了选民），预览结果已经过时。请重新预览后再确认。',
      );
    }
    const errors = p.rows.filter((r) => r.normalised === null && r.status !== 'registered' && r.duplicate === null);
    if (errors.length > 0 && input.onlyGoodRows !== true) {
      throw new Refusal(
        'IMPORT_HAS_ERRORS',
        `名单中有 ${errors.length} 行有错误（第 ${rowList(errors.map((r) => r.sourceRow))} 行），没有导入任何人。请改正文件后重新预览，或选择“只导入没有错误的行”。`,
        { errorRows: errors.map((r) => r.sourceRow) },
      );
    }
    const picked = resolvePicks(p, input.picks ?? []);
    const registered = p.rows.filter((r) => r.status === 'registered').length;
    const inGroups = p.rows.filter((r) => r.duplicate !== null).length;
    const good = p.rows.flatMap((r) => {
      const n = r.normalised ?? (picked.has(r.sourceRow) ? r.duplicate?.candidate : null);
      return n ? [{ r, n }] : [];
    });
    if (good.length === 0) {
      throw new Refusal(
        'IMPORT_NOTHING',
        registered === p.rows.length ? `文件中的 ${registered} 人都已在名单中，没有新的人需要导入。` : '没有可以导入的行。请改正文件后重新预览。',
      );
    }
    for (const { r, n } of good) {
      insertVoter(ctx, {
        name: n.name,
        idNumber: n.idNumber,
        gender: n.gender,
        birthDate: n.birthDate,
        group: n.group ?? '',
        category: n.category,
        approvalRef: n.approvalRef ?? '',
        phone: n.phone ?? '',
        note: n.note ?? '',
        partyStatus: kind === 'party_branch' ? r.partyStatus : null,
        source: `import:${stored.fileName.slice(0, 100)}:${r.sourceRow}`,
      });
    }
    rememberMapping(ctx, stored);
    if (input.previewId !== undefined) {
      const id = input.previewId;
      ctx.after(() => store.delete(id));
    }
    const withWarnings = good.filter(({ r }) => r.problems.some((x) => x.severity === 'warning')).length;
    if (withWarnings > 0) warnings.push({ code: 'IMPORT_ROWS_WITH_WARNINGS', message: `导入的行中有 ${withWarnings} 行带有提示（如缺少村民小组），请逐一核对。` });
    return { imported: good.length, skipped: errors.length, alreadyRegistered: registered, duplicatesLeftOut: inGroups - picked.size, total: p.rows.length, warnings };
  },

  'roll.add': (ctx, input) => {
    const e = electionRow(ctx.db);
    const rules = rulesOf(ctx.db);
    const { warnings } = requireRollOpen(ctx.db, '登记选民');
    const party = e.kind === 'party_branch';
    const parsed = parseIdNumber(input.idNumber.normalize('NFKC').replace(/\s+/g, '').toUpperCase());
    if (!parsed.ok) throw new Refusal(parsed.error.code, `R1 ${input.name} 的身份证号码有误：${parsed.error.message}`);
    const id = parsed.value;
    const age = ageOn(id.birthDate, e.election_date);
    if (age < 18) {
      throw new Refusal('R1_UNDER_18', `R1 ${input.name} 在选举日（${e.election_date}）未满 18 周岁（出生日期 ${id.birthDate}），不能登记为选民。`);
    }
    refuseTaken(ctx.db, id.id, null);
    let category: string;
    let partyStatus: PartyStatus | null = null;
    if (party) {
      if (input.partyStatus === undefined) {
        throw new Refusal('P1_PARTY_STATUS_REQUIRED', 'P1 请选择党员类别：正式党员、预备党员、留党察看或权利中止（只有正式党员有表决权）。');
      }
      partyStatus = input.partyStatus;
      category = PARTY_MEMBER_CATEGORY;
    } else {
      if (input.partyStatus !== undefined) throw new Refusal('NOT_PARTY_ELECTION', '本次不是党员大会选举，不需要填写党员类别。');
      if (input.category === undefined || input.category === '') {
        throw new Refusal('R2_CATEGORY_MISSING', 'R2 请选择登记类别（户籍在本村且居住、户籍在本村不居住、户籍不在本村经同意参加）。');
      }
      const extras = rules.extraVoterCategories.filter((c) => !(BUILTIN_CATEGORIES as readonly string[]).includes(c));
      const c = resolveCategory(input.category, extras);
      if (c === undefined) throw new Refusal('R2_CATEGORY_UNKNOWN', `R2 登记类别“${input.category}”无法识别，请从列表中选择。`);
      category = c;
      if (categoryNeedsApproval(c, rules) && !input.approvalRef) {
        throw new Refusal(
          'R2_APPROVAL_REF_REQUIRED',
          c === 'nonresident_approved'
            ? 'R2 户籍不在本村、在本村居住或者从事村务工作一年以上的村民，须经村民会议或村民代表会议同意才能登记，请填写同意的依据（会议决定或审批文号）。'
            : `R2 “${c}”须经批准才能登记，请填写批准的依据（文号或证明）。`,
        );
      }
    }
    if (input.gender !== undefined && input.gender !== id.gender) {
      warnings.push({ code: 'GENDER_MISMATCH', message: `填写的性别与身份证号码不符，已按身份证号码登记为“${id.gender === 'M' ? '男' : '女'}”。` });
    }
    if (!input.group) warnings.push({ code: 'GROUP_MISSING', message: '没有填写村民小组，请补填以便按小组发放选票。' });
    const missing = missingGlyphs(input.name);
    if (missing.length > 0) warnings.push({ code: 'GLYPH_MISSING', message: glyphMessage(missing) });
    const newId = insertVoter(ctx, {
      name: input.name,
      idNumber: id.id,
      gender: id.gender,
      birthDate: id.birthDate,
      group: input.group ?? '',
      category,
      approvalRef: input.approvalRef ?? '',
      phone: input.phone ?? '',
      note: input.note ?? '',
      partyStatus,
      source: 'manual',
    });
    return { voter: voterOut(ctx.db, voterOrRefuse(ctx.db, newId), e.election_date, e.kind), warnings };
  },

  'roll.correct': (ctx, input) => {
    const e = electionRow(ctx.db);
    const rules = rulesOf(ctx.db);
    const party = e.kind === 'party_branch';
    const v = voterOrRefuse(ctx.db, input.voterId);
    const phase = currentPhase(ctx.db);
    if (phase !== 'setup' && phase !== 'roll_published') {
      // Ballots went out against the roll as it stands, and the tally's registered count rests on it.
      throw new Refusal(
        'CORRECT_AFTER_VOTING_STARTED',
        '投票已经开始，选民的登记信息不能再更正（领票记录和公布的名单都以现在的登记为准）。发现写错的，请记下情况，由选举委员会在选举结果报告中说明。',
      );
    }
    if (v.removed) {
      throw new Refusal('CORRECT_REMOVED', `${v.name} 已从名单中移除，不能更正。如选举委员会决定让此人重新登记，请先办理“重新登记”，再更正新的登记。`);
    }
    const warnings: Warning[] = [];
    const after: Correctable & { gender: 'M' | 'F'; birth_date: string } = {
      name: input.name ?? v.name,
      id_number: v.id_number,
      gender: v.gender,
      birth_date: v.birth_date,
      group_name: input.group ?? v.group_name,
      category: v.category,
      approval_ref: input.approvalRef ?? v.approval_ref,
      party_status: v.party_status,
    };
    if (input.idNumber !== undefined) {
      const parsed = parseIdNumber(input.idNumber.normalize('NFKC').replace(/\s+/g, '').toUpperCase());
      if (!parsed.ok) throw new Refusal(parsed.error.code, `R1 新填写的身份证号码有误：${parsed.error.message}`);
      const id = parsed.value;
      if (ageOn(id.birthDate, e.election_date) < 18) {
        throw new Refusal('R1_UNDER_18', `R1 按新填写的身份证号码，${after.name} 在选举日（${e.election_date}）未满 18 周岁（出生日期 ${id.birthDate}），不能登记为选民。请核对号码。`);
      }
      if (id.id !== v.id_number) refuseTaken(ctx.db, id.id, v.id);
      after.id_number = id.id;
      after.gender = id.gender;
      after.birth_date = id.birthDate;
    }
    if (party) {
      if (input.category !== undefined) throw new Refusal('NOT_VILLAGERS_ELECTION', '党员名册没有登记类别，请更正“党员类别”。');
      if (input.partyStatus !== undefined) after.party_status = input.partyStatus;
    } else {
      if (input.partyStatus !== undefined) throw new Refusal('NOT_PARTY_ELECTION', '本次不是党员大会选举，不需要填写党员类别。');
      if (input.category !== undefined) {
        const extras = rules.extraVoterCategories.filter((c) => !(BUILTIN_CATEGORIES as readonly string[]).includes(c));
        const c = resolveCategory(input.category, extras);
        if (c === undefined) throw new Refusal('R2_CATEGORY_UNKNOWN', `R2 登记类别“${input.category}”无法识别，请从列表中选择。`);
        after.category = c;
      }
      if (categoryNeedsApproval(after.category, rules) && after.approval_ref === '') {
        throw new Refusal('R2_APPROVAL_REF_REQUIRED', `R2 “${categoryLabel(after.category)}”须经村民会议或村民代表会议同意才能登记，请填写同意的依据（会议决定或审批文号）。`);
      }
    }
    const changes = correctionChanges(v, after, party);
    if (changes.length === 0) throw new Refusal('CORRECT_NOTHING', '填写的内容与现在的登记相同，没有需要更正的。');
    if (phase === 'roll_published') {
      warnings.push({ code: 'R5_CORRECTED_AFTER_PUBLICATION', message: 'R5 选民名单已经公布：请把这项更正张榜公布（必要时重新打印选民名单）。' });
    }
    if (input.name !== undefined && input.name !== v.name) {
      const missing = missingGlyphs(after.name);
      if (missing.length > 0) warnings.push({ code: 'GLYPH_MISSING', message: glyphMessage(missing) });
      const printed = ctx.db
        .prepare(
          `SELECT COUNT(*) FROM ballot_printings bp WHERE EXISTS (SELECT 1 FROM candidates c WHERE c.voter_id = ? AND NOT EXISTS (SELECT 1 FROM candidate_withdrawals w WHERE w.candidate_id = c.id))`,
        )
        .pluck()
        .get(v.id) as number;
      if (printed > 0) warnings.push({ code: 'CORRECTED_CANDIDATE_BALLOTS_PRINTED', message: `${after.name} 是候选人，已经印好的选票上还是原来的姓名“${v.name}”。请重新印制选票。` });
    }
    if (after.group_name === '' && v.group_name !== '') warnings.push({ code: 'GROUP_MISSING', message: '没有填写村民小组，请补填以便按小组发放选票。' });
    const id = ctx.insert('voter_corrections', {
      voter_id: v.id,
      name: after.name,
      id_number: after.id_number,
      gender: after.gender,
      birth_date: after.birth_date,
      group_name: after.group_name,
      category: after.category,
      approval_ref: after.approval_ref,
      party_status: after.party_status,
      reason: input.reason,
      at: ctx.at,
      actor: ctx.actor,
    });
    return {
      voter: voterOut(ctx.db, voterOrRefuse(ctx.db, v.id), e.election_date, e.kind),
      correction: { id, changes, reason: input.reason, at: ctx.at, actor: ctx.actor },
      warnings,
    };
  },

  'roll.reregister': (ctx, input) => {
    const e = electionRow(ctx.db);
    const rules = rulesOf(ctx.db);
    const v = voterOrRefuse(ctx.db, input.voterId);
    if (!v.removed) throw new Refusal('REREGISTER_NOT_REMOVED', `${v.name} 现在就在名单中，不需要重新登记。`);
    const again = ctx.db.prepare('SELECT voter_id FROM voter_reregistrations WHERE previous_voter_id = ?').pluck().get(v.id) as number | undefined;
    if (again !== undefined) throw new Refusal('REREGISTER_DONE', `${v.name} 已经重新登记过（新的证号 ${cardNumber(again)}），不需要再办理。`);
    if (input.decidedOn > ctx.today) throw new Refusal('REREGISTER_DATE', `决定日期 ${input.decidedOn} 晚于今天，请核对。`);
    const phase = currentPhase(ctx.db);
    const warnings: Warning[] = [];
    if (phase === 'roll_published') {
      warnings.push({ code: 'R5_REREGISTERED_AFTER_PUBLICATION', message: 'R5 选民名单已经公布：请把重新登记的情况张榜公布。' });
    } else if (phase === 'voting') {
      // A registration removed by mistake, found at the desk: the committee may put the person back on the day.
      warnings.push({ code: 'REREGISTERED_DURING_VOTING', message: `投票期间重新登记了 ${v.name}，登记选民数随之增加 1 人，请在计票单上说明。` });
    } else if (phase !== 'setup') {
      throw new Refusal('WRONG_PHASE', '已经开始计票，选民名单不能再变动（登记选民数是计票的依据）。');
    }
    if (ageOn(v.birth_date, e.election_date) < 18) {
      throw new Refusal('R1_UNDER_18', `R1 ${v.name} 在选举日（${e.election_date}）未满 18 周岁，不能登记为选民。`);
    }
    refuseTaken(ctx.db, v.id_number, v.id, true);
    if (e.kind !== 'party_branch' && categoryNeedsApproval(v.category, rules) && v.approval_ref === '') {
      throw new Refusal('R2_APPROVAL_REF_REQUIRED', `R2 “${categoryLabel(v.category)}”须经同意才能登记，原登记没有同意的依据：请先在原登记上补上，或按新登记办理。`);
    }
    const newId = insertVoter(ctx, {
      name: v.name,
      idNumber: v.id_number,
      gender: v.gender,
      birthDate: v.birth_date,
      group: v.group_name,
      category: v.category,
      approvalRef: v.approval_ref,
      phone: v.phone,
      note: v.note,
      partyStatus: (v.party_status as PartyStatus | null) ?? null,
      source: `reregister:${v.id}`,
    });
    ctx.insert('voter_reregistrations', {
      voter_id: newId,
      previous_voter_id: v.id,
      decision_ref: input.decisionRef,
      decided_on: input.decidedOn,
      note: input.note ?? '',
      at: ctx.at,
      actor: ctx.actor,
    });
    warnings.push({
      code: 'REREGISTERED_NEW_CARD',
      message: `${v.name} 的新证号是 ${cardNumber(newId)}，原来的选民证（证号 ${cardNumber(v.id)}）不能再用，请另发选民证。`,
    });
    return {
      voter: voterOut(ctx.db, voterOrRefuse(ctx.db, newId), e.election_date, e.kind),
      previous: voterOut(ctx.db, voterOrRefuse(ctx.db, v.id), e.election_date, e.kind),
      warnings,
    };
  },

  'roll.remove': (ctx, input) => {
    const e = electionRow(ctx.db);
    const v = voterOrRefuse(ctx.db, input.voterId);
    const warnings = removeVoter(ctx, v, input.reason, input.note ?? '');
    return { voter: voterOut(ctx.db, voterOrRefuse(ctx.db, v.id), e.election_date, e.kind), warnings };
  },

  'roll.get': (ctx, input) => {
    const e = electionRow(ctx.db);
    const v = voterOrRefuse(ctx.db, input.voterId);
    const issues = ctx.db
      .prepare(
        `SELECT i.round_id, r.number, i.way, i.at, b.box_key, t.name AS trustee FROM issues i JOIN rounds r ON r.id = i.round_id
         LEFT JOIN boxes b ON b.id = i.box_id LEFT JOIN ${VOTERS} t ON t.id = i.trustee_id WHERE i.voter_id = ? ORDER BY i.id`,
      )
      .all(v.id) as { round_id: number; number: number; way: 'in_person' | 'proxy' | 'mobile'; at: string; box_key: string | null; trustee: string | null }[];
    const rereg = ctx.db
      .prepare('SELECT previous_voter_id, decision_ref, decided_on, note, at, actor FROM voter_reregistrations WHERE voter_id = ?')
      .get(v.id) as { previous_voter_id: number; decision_ref: string; decided_on: string; note: string; at: string; actor: string } | undefined;
    return {
      voter: voterOut(ctx.db, v, e.election_date, e.kind),
      issues: issues.map((i) => ({ roundId: i.round_id, roundNumber: i.number, way: i.way, at: i.at, boxKey: i.box_key, trusteeName: i.trustee })),
      corrections: correctionsOf(ctx.db, v.id, e.kind === 'party_branch'),
      reregistration: rereg
        ? { previousVoterId: rereg.previous_voter_id, decisionRef: rereg.decision_ref, decidedOn: rereg.decided_on, note: rereg.note, at: rereg.at, actor: rereg.actor }
        : null,
    };
  },

  'roll.list': (ctx, input) => {
    const e = electionRow(ctx.db);
    const where: string[] = [];
    const args: (string | number)[] = [];
    if (input.group !== undefined) {
      where.push('v.group_name = ?');
      args.push(input.group);
    }
    if (input.category !== undefined) {
      where.push('v.category = ?');
      args.push(input.category);
    }
    if (input.includeRemoved === false) where.push('r.id IS NULL');
    const w = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
    const from = `FROM ${VOTERS} v LEFT JOIN voter_removals r ON r.voter_id = v.id`;
    const total = (ctx.db.prepare(`SELECT COUNT(*) ${from} ${w}`).pluck().get(...args) as number) ?? 0;
    // Groups in their natural order (一组, 二组 … 十二组; unnamed last), then as registered.
    const order = JSON.stringify(naturalGroups(ctx.db.prepare(`SELECT DISTINCT v.group_name FROM ${VOTERS} v`).pluck().all() as string[]));
    const rows = ctx.db
      .prepare(
        `SELECT v.*, CASE WHEN r.id IS NULL THEN 0 ELSE 1 END AS removed ${from} ${w}
         ORDER BY (SELECT g.key FROM json_each(?) g WHERE g.value = v.group_name), v.id LIMIT ? OFFSET ?`,
      )
      .all(...args, order, input.limit ?? 100, input.offset ?? 0) as VoterRow[];
    const active = `FROM ${VOTERS} v WHERE NOT EXISTS (SELECT 1 FROM voter_removals r WHERE r.voter_id = v.id)`;
    const registered = ctx.db.prepare(`SELECT COUNT(*) ${active}`).pluck().get() as number;
    const removed = ctx.db.prepare('SELECT COUNT(*) FROM voter_removals').pluck().get() as number;
    const withVote =
      e.kind === 'party_branch' ? (ctx.db.prepare(`SELECT COUNT(*) ${active} AND v.party_status = 'full'`).pluck().get() as number) : registered;
    const group = (col: string) => ctx.db.prepare(`SELECT ${col} AS key, COUNT(*) AS count ${active} GROUP BY ${col} ORDER BY ${col}`).all() as { key: string | null; count: number }[];
    const byGroup = group('v.group_name');
    const groupRank = new Map(naturalGroups(byGroup.map((g) => g.key ?? '')).map((g, i) => [g, i]));
    byGroup.sort((a, b) => (groupRank.get(a.key ?? '') ?? 0) - (groupRank.get(b.key ?? '') ?? 0));
    return {
      voters: rows.map((v) => voterOut(ctx.db, v, e.election_date, e.kind)),
      total,
      counts: {
        registered,
        removed,
        withVote,
        byCategory: group('v.category').map((g) => ({ key: g.key ?? '', label: categoryLabel(g.key ?? ''), count: g.count })),
        byGroup: byGroup.map((g) => ({ key: g.key ?? '', label: g.key || (e.kind === 'party_branch' ? '（未填党小组）' : '（未填小组）'), count: g.count })),
        byPartyStatus:
          e.kind === 'party_branch'
            ? group('v.party_status').map((g) => ({
                key: g.key ?? '',
                label: PARTY_STATUS_LABELS[(g.key ?? 'full') as PartyStatus] ?? g.key ?? '',
                count: g.count,
              }))
            : [],
      },
    };
  },

  'roll.search': (ctx, input) => {
    const e = electionRow(ctx.db);
    const limit = input.limit ?? 20;
    const card = cardSearch(ctx.db, e, input.query);
    // The barcode's digits name one card: no name or ID-number search besides it.
    const hits = card.only ? [] : rollIndex(ctx.db).search(input.query, limit);
    const rows = votersByIds(ctx.db, hits.map((h) => h.voter.id));
    const found = hits.flatMap((h) => {
      const v = rows.get(h.voter.id);
      return v && v.id !== card.voter?.id ? [{ ...voterOut(ctx.db, v, e.election_date, e.kind), match: h.match as string }] : [];
    });
    const voters = card.voter ? [{ ...voterOut(ctx.db, card.voter, e.election_date, e.kind), match: 'card' }, ...found] : found;
    return { voters: voters.slice(0, limit), cardNotice: card.notice };
  },

  'roll.publish': (ctx, input) => {
    const e = electionRow(ctx.db);
    const rules = rulesOf(ctx.db);
    const phase = requirePhase(ctx.db, ['setup', 'roll_published'], '公布选民名单');
    const publishedOn = input.publishedOn ?? ctx.today;
    if (publishedOn > e.election_date) throw new Refusal('R5_AFTER_ELECTION', `公布日期 ${publishedOn} 晚于选举日 ${e.election_date}，请核对日期。`);
    const count = ctx.db.prepare(`SELECT COUNT(*) FROM ${VOTERS} v WHERE NOT EXISTS (SELECT 1 FROM voter_removals r WHERE r.voter_id = v.id)`).pluck().get() as number;
    if (count === 0) throw new Refusal('ROLL_EMPTY', '选民名单还是空的，请先导入或登记选民后再公布。');
    const warnings: Warning[] = [];
    const late = publicationTiming(publishedOn, e.election_date, rules);
    if (late) warnings.push({ code: late.code, message: late.message });
    ctx.insert('roll_publications', { published_on: publishedOn, voter_count: count, at: ctx.at, actor: ctx.actor });
    if (phase === 'setup') recordPhase(ctx, 'roll_published', null, `公布选民名单 ${publishedOn}`);
    else warnings.push({ code: 'R5_REPUBLISHED', message: '选民名单再次公布（名单有变动）；异议期自本次公布之日起计算。' });
    return { publishedOn, voterCount: count, warnings };
  },

  'roll.objection': (ctx, input) => {
    const e = electionRow(ctx.db);
    const rules = rulesOf(ctx.db);
    const pub = latestPublication(ctx.db);
    if (!pub) throw new Refusal('ROLL_NOT_PUBLISHED', '选民名单还没有公布，公布后才能登记异议。');
    if (input.voterId === undefined && !input.subjectName) {
      throw new Refusal('OBJECTION_SUBJECT', '请选择异议涉及的选民，或写明涉及的人（例如认为应当登记而未登记的人）。');
    }
    let voterName: string | null = null;
    if (input.voterId !== undefined) voterName = voterOrRefuse(ctx.db, input.voterId).name;
    if (input.filedOn < pub.published_on) throw new Refusal('OBJECTION_DATE', `异议日期 ${input.filedOn} 早于名单公布日期 ${pub.published_on}，请核对。`);
    const warnings: Warning[] = [];
    const late = objectionTiming(pub.published_on, input.filedOn, rules);
    if (late) warnings.push({ code: late.code, message: late.message });
    if (input.filedOn > e.election_date) warnings.push({ code: 'R5_OBJECTION_AFTER_ELECTION', message: '异议日期晚于选举日。' });
    const id = ctx.insert('objections', {
      filed_on: input.filedOn,
      filed_by: input.filedBy,
      voter_id: input.voterId ?? null,
      subject_name: input.subjectName ?? voterName ?? '',
      content: input.content,
      at: ctx.at,
      actor: ctx.actor,
    });
    const o = objections(ctx.db, id)[0];
    if (!o) throw new Error('objection just inserted is missing');
    return { objection: o, warnings };
  },

  'roll.decideObjection': (ctx, input) => {
    const e = electionRow(ctx.db);
    const rules = rulesOf(ctx.db);
    const o = objections(ctx.db, input.objectionId)[0];
    if (!o) throw new Refusal('OBJECTION_NOT_FOUND', `没有编号为 ${input.objectionId} 的异议。`);
    if (o.decision) throw new Refusal('OBJECTION_DECIDED', `这条异议已于 ${o.decision.decidedOn} 作出决定，不能重复处理。`);
    if (input.decidedOn < o.filedOn) throw new Refusal('OBJECTION_DATE', `决定日期 ${input.decidedOn} 早于异议提出日期 ${o.filedOn}，请核对。`);
    const warnings: Warning[] = [];
    const late = decisionTiming(o.filedOn, input.decidedOn, rules);
    if (late) warnings.push({ code: late.code, message: late.message });
    let removed: z.input<typeof VoterSchema> | null = null;
    if (input.removeVoter === true) {
      if (input.decision !== 'upheld') throw new Refusal('OBJECTION_NOT_UPHELD', '异议不成立时不能移除选民。');
      if (o.voterId === null) throw new Refusal('OBJECTION_NO_VOTER', '这条异议没有指向名单中的选民，无需移除。');
      const v = voterOrRefuse(ctx.db, o.voterId);
      warnings.push(...removeVoter(ctx, v, 'objection_upheld', `异议 ${o.id}：${input.note ?? ''}`.trim()));
      removed = voterOut(ctx.db, voterOrRefuse(ctx.db, v.id), e.election_date, e.kind);
    } else if (input.decision === 'upheld' && o.voterId !== null) {
      warnings.push({ code: 'OBJECTION_VOTER_KEPT', message: '异议成立，但没有选择移除该选民。如需移除，请在名单中办理并写明原因。' });
    }
    ctx.insert('objection_decisions', {
      objection_id: o.id,
      decided_on: input.decidedOn,
      decision: input.decision,
      note: input.note ?? '',
      at: ctx.at,
      actor: ctx.actor,
    });
    const after = objections(ctx.db, o.id)[0];
    if (!after) throw new Error('objection vanished');
    return { objection: after, removed, warnings };
  },

  'roll.objections': (ctx) => {
    electionRow(ctx.db);
    const pubs = ctx.db.prepare('SELECT published_on, voter_count, at FROM roll_publications ORDER BY id').all() as {
      published_on: string;
      voter_count: number;
      at: string;
    }[];
    const e = electionRow(ctx.db);
    const rules = rulesOf(ctx.db);
    const last = pubs[pubs.length - 1];
    return {
      objections: objections(ctx.db),
      publications: pubs.map((p) => ({ publishedOn: p.published_on, voterCount: p.voter_count, at: p.at })),
      deadlines: {
        electionDate: e.election_date,
        today: ctx.today,
        rollPublishDaysBefore: rules.rollPublishDaysBefore,
        objectionDays: rules.objectionDays,
        objectionDecisionDays: rules.objectionDecisionDays,
        publishBy: addDays(e.election_date, -rules.rollPublishDaysBefore),
        latest: last
          ? {
              publishedOn: last.published_on,
              objectionDeadline: addDays(last.published_on, rules.objectionDays),
              publishedLate: publicationTiming(last.published_on, e.election_date, rules)?.message ?? null,
            }
          : null,
      },
    };
  },
};
