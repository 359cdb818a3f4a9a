/** The roll import (R1–R3): a file read with a preview, duplicates picked by the clerk, then confirmed. */
import { createHash } from 'node:crypto';
import { slot } from '../db/state.js';
import { glyphMessage, missingGlyphs } from '../forms/fonts.js';
import { cached } from '../db/statements.js';
import type { rollContract } from '../../../shared/contract/roll.js';
import { CATEGORY_LABELS, REMOVAL_REASON_LABELS } from '../../../shared/model.js';
import { Refusal } from '../../../shared/result.js';
import type { Ctx, HandlersFor } from '../context.js';
import type { Db } from '../db/open.js';
import { FIELD_LABELS, normaliseIdInput, previewRoll, readRollFileSync, type FileNote, type RawRollRow, type RegisteredPerson, type RollField, type RollFile, type RollPreview, type SavedMapping } from '../import/index.js';
import { electionRow, rulesOf, VOTERS } from '../queries.js';
import { insertVoter, PARTY_MEMBER_CATEGORY, type PartyStatus, requireRollOpen, resolvePartyStatus } from '../roll/registry.js';

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

export const rollImportHandlers: HandlersFor<Pick<typeof rollContract, 'roll.importPreview' | 'roll.importConfirm'>> = {
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
};
