/**
 * Reading a voter roll file (.xlsx, or CSV/tab text in UTF-8, GBK or UTF-16) into text rows. No
 * checking of the people here — that is previewRoll — only of the file: what it is (and, when it is
 * not a file we read, exactly what to do), which sheet holds the roll, where the header is, which
 * column is which, and what Excel did to the cells.
 */
import { fail, ok, type AppError, type Result } from '../../../shared/result.js';
import { decodeText, parseCsv, type TextEncoding } from './csv.js';
import {
  applySaved,
  cellTexts,
  findHeader,
  gridIsEmpty,
  guessHeaderIndex,
  rowsUnderHeader,
  suggestByContent,
  twoRowHeader,
  type CellReader,
  type CellText,
  type GridRow,
  type SavedMapping,
} from './grid.js';
import { FIELD_LABELS, matchHeader, REQUIRED_FIELDS } from './headers.js';
import { DEFAULT_LIMITS, DEFAULT_MAX_BYTES, DEFAULT_MAX_ROWS, ReadLimit, type ReadLimits } from './limits.js';
import { sniff } from './sniff.js';
import { ROLL_FIELDS, type ColumnMap, type FileNote, type RawRollRow, type RollField } from './types.js';
import { columnLetters, NotXlsx, openXlsx, type XCell } from './xlsx.js';
import { ZipError } from './zip.js';

export { DEFAULT_MAX_BYTES, DEFAULT_MAX_ROWS };

export interface SheetSummary {
  name: string;
  hidden: boolean;
  /** Rows with something in them. */
  rows: number;
  /** Has a roll header (or the ID numbers of one). */
  roll: boolean;
}

export interface ColumnInfo {
  index: number;
  letter: string;
  /** The header cell's text ('' when none). */
  header: string;
  /** The first few values under the header. */
  samples: string[];
}

export interface RollFile {
  format: 'xlsx' | 'csv';
  /** For text files: how the text was encoded. */
  encoding?: TextEncoding;
  /** The worksheet read (xlsx). */
  sheet: string | null;
  /** Every worksheet in tab order (xlsx). */
  sheets: SheetSummary[];
  /** ready: rows read; choose_sheet: several visible sheets are rolls; map_columns: the header is not understood. */
  state: 'ready' | 'choose_sheet' | 'map_columns';
  /** Row number of the (last) header row, 1-based; 0 when unknown. */
  headerRow: number;
  /** Columns of the header, for the mapping form. */
  columns: ColumnInfo[];
  /** The columns used (ready) or suggested (map_columns). */
  mapping: ColumnMap;
  mappingSource: 'header' | 'saved' | 'given' | 'suggested';
  /** The saved mapping used, when one was. */
  saved?: SavedMapping;
  notes: FileNote[];
  rows: RawRollRow[];
}

export interface ReadRollOptions {
  /** Default 50 MB: a roll of 100,000 people is a few megabytes. */
  maxBytes?: number;
  /** Default 200,000 data rows. */
  maxRows?: number;
  /** Other caps (tests, the bench); defaults in limits.ts. */
  limits?: Partial<ReadLimits>;
  /** The worksheet to read, by name. */
  sheet?: string;
  /** The clerk's header row (1-based) and columns; null: the field is not in the file. */
  headerRow?: number;
  columns?: Partial<Record<RollField, number | null>>;
  /** Mappings the clerk confirmed earlier in this election, newest first. */
  saved?: readonly SavedMapping[];
  /** Fields that must have a column besides name and ID number (a Party list's status). */
  required?: readonly RollField[];
}

const SAVE_AS = '请在 Excel 或 WPS 中打开它，点“文件 → 另存为”，保存类型选“Excel 工作簿 (*.xlsx)”，再导入新保存的文件。';
const NOT_A_SPREADSHEET = `这个文件不是表格文件（xlsx 或 csv），可能已损坏或选错了文件。请确认选的是选民名单；${SAVE_AS}`;

function tooLarge(what: string): { ok: false; error: AppError } {
  return fail('IMPORT_TOO_LARGE', `文件太大（${what}），不像是一个村的选民名单。请检查是否选错了文件，或把名单拆开分批导入。`);
}

const fmt = (n: number): string => n.toLocaleString('en-US');

function limitRefusal(e: ReadLimit, limits: ReadLimits, format: 'xlsx' | 'csv'): { ok: false; error: AppError } {
  const w = e.where;
  const sheet = w.sheet ? `工作表“${w.sheet}”` : '';
  const cell = w.row !== undefined && w.column !== undefined ? `${columnLetters(w.column)}${w.row}` : '';
  const where = format === 'csv' && w.row !== undefined ? `第 ${w.row} 行第 ${(w.column ?? 0) + 1} 列` : `${sheet}${cell ? ` ${cell} 格` : ''}`;
  switch (e.kind) {
    case 'cell':
      return fail(
        'IMPORT_CELL_TOO_LONG',
        `${where}有 ${fmt(w.length ?? 0)} 个字，一格最多 ${fmt(limits.maxCellChars)} 个字。选民名单的一格不会这么长，可能是选错了文件，或整份名单被粘贴进了一格。请检查这一格后重新导入。`,
        { row: w.row, column: w.column, length: w.length },
      );
    case 'columns':
      return fail(
        'IMPORT_TOO_MANY_COLUMNS',
        `${where}超出了第 ${fmt(limits.maxColumns)} 列（${columnLetters(limits.maxColumns - 1)} 列）。选民名单用不了这么多列，请删去表格右边多余的内容后重新导入。`,
        { row: w.row, column: w.column },
      );
    case 'rows':
      return tooLarge(`${sheet}超过 ${fmt(limits.maxRows)} 行`);
    case 'strings':
      return tooLarge(`${sheet}的文字超过 ${fmt(limits.maxStrings)} 条`);
  }
}

// ---------------------------------------------------------------------------------------------
// Cells

/** Excel keeps 15 significant digits of a number; an 18-digit ID number stored as a number has
 * already lost its last digits in the file itself. */
const EXACT_DIGITS_LIMIT = 1e15;

function numberText(v: number): string {
  if (Number.isInteger(v) && Math.abs(v) < Number.MAX_SAFE_INTEGER) return BigInt(v).toString();
  return String(v);
}

const important = (field: RollField): boolean => field === 'name' || field === 'idNumber' || field === 'category';

export const readXlsxCell: CellReader = (value: unknown, field: RollField, ref: string): CellText => {
  const v = value as XCell | undefined;
  if (v === undefined || v === null) return { text: '' };
  if (typeof v === 'string') return { text: v.trim(), numberish: true };
  if (typeof v === 'number') {
    if (field === 'idNumber' && !(Number.isInteger(v) && Math.abs(v) < EXACT_DIGITS_LIMIT)) {
      const shown = v.toExponential(14).replace('e+', 'E+');
      return {
        text: '',
        issue: {
          code: 'ID_STORED_AS_NUMBER',
          severity: 'error',
          message: `身份证号码（${ref}）在 Excel 中被存成了数字（${shown}），末尾几位已经丢失，无法还原。请把该列设为“文本”格式，按身份证重新录入后再导入。`,
        },
      };
    }
    return { text: numberText(v), numberish: true };
  }
  if (typeof v === 'boolean') return { text: v ? 'TRUE' : 'FALSE' };
  if ('text' in v) return { text: v.text.trim() };
  if ('error' in v) {
    return {
      text: '',
      issue: {
        code: 'CELL_ERROR_VALUE',
        severity: important(field) || field === 'group' ? 'error' : 'warning',
        message: `${ref} 是${v.formula ? '公式' : ''}错误 ${v.error}（${FIELD_LABELS[field]}），不能当作内容导入。${v.error === '#N/A' ? '常见原因是 VLOOKUP 等查找公式没有找到这个人。' : ''}请在 Excel 中改正这一格后重新导入。`,
      },
    };
  }
  if ('noResult' in v) {
    return {
      text: '',
      issue: {
        code: 'CELL_FORMULA_NO_RESULT',
        severity: important(field) || field === 'group' ? 'error' : 'warning',
        message: v.stale
          ? `${ref} 是公式，文件注明其计算结果需要重新计算（文件由程序生成，没有在 Excel 中打开保存过）。请在 Excel 或 WPS 中打开文件、保存一次后再导入。`
          : `${ref} 是公式，但文件里没有保存计算结果。请在 Excel 或 WPS 中打开文件、保存一次后再导入。`,
      },
    };
  }
  return {
    text: '',
    issue: { code: 'CELL_DAMAGED', severity: important(field) ? 'error' : 'warning', message: `${ref} 的数值“${v.bad.slice(0, 20)}”无法读取，文件可能已损坏。请在 Excel 中检查这一格后重新导入。` },
  };
};

const readCsvCell: CellReader = (value) => ({ text: typeof value === 'string' ? value.trim() : '', numberish: true });

// ---------------------------------------------------------------------------------------------
// Header and columns

function columnInfo(grid: readonly GridRow[], headerIndex: number, headerTexts: readonly string[], read: CellReader): ColumnInfo[] {
  const from = headerIndex + 1;
  const below = grid.slice(from, from + 200);
  const width = Math.max(headerTexts.length, ...below.map((r) => r.cells.length), 0);
  const out: ColumnInfo[] = [];
  for (let c = 0; c < width; c++) {
    const samples: string[] = [];
    for (const r of below) {
      if (samples.length >= 3) break;
      const t = read(r.cells[c], 'note', '').text;
      if (t !== '') samples.push(t.length > 24 ? `${t.slice(0, 24)}…` : t);
    }
    const header = (headerTexts[c] ?? '').trim();
    if (header === '' && samples.length === 0) continue;
    out.push({ index: c, letter: columnLetters(c), header, samples });
  }
  return out;
}

interface Mapped {
  state: 'ready' | 'map_columns';
  headerIndex: number;
  firstData: number;
  headerTexts: string[];
  mapping: ColumnMap;
  source: RollFile['mappingSource'];
  saved?: SavedMapping;
  notes: FileNote[];
}

function mapColumns(grid: readonly GridRow[], read: CellReader, o: ReadRollOptions): Mapped {
  const required = [...REQUIRED_FIELDS, ...(o.required ?? [])];
  const notes: FileNote[] = [];
  const complete = (m: ColumnMap): boolean => required.every((f) => m[f] !== undefined);
  const indexOfRow = (n: number): number => grid.findIndex((r) => r.number === n);
  const texts = (i: number): string[] => (i >= 0 ? cellTexts(grid[i] as GridRow, read) : []);

  if (o.columns) {
    const headerIndex = o.headerRow !== undefined ? indexOfRow(o.headerRow) : guessHeaderIndex(grid, read);
    const firstData = o.headerRow !== undefined ? grid.findIndex((r) => r.number > o.headerRow!) : headerIndex + 1;
    const mapping: ColumnMap = {};
    for (const f of ROLL_FIELDS) {
      const c = o.columns[f];
      if (typeof c === 'number') mapping[f] = c;
    }
    return {
      state: complete(mapping) ? 'ready' : 'map_columns',
      headerIndex,
      firstData: firstData < 0 ? grid.length : firstData,
      headerTexts: texts(headerIndex),
      mapping,
      source: 'given',
      notes,
    };
  }

  for (const saved of o.saved ?? []) {
    const hit = applySaved(grid, read, saved);
    if (hit && complete(hit.columns)) {
      notes.push({ code: 'MAPPING_SAVED', severity: 'info', message: '表头与本次选举中已确认过的列对应相同，已按那次的对应读取。如不对，请点“修改列的对应”。' });
      return { state: 'ready', headerIndex: hit.index, firstData: hit.index + 1, headerTexts: texts(hit.index), mapping: hit.columns, source: 'saved', saved, notes };
    }
  }

  let headerIndex: number;
  let headerTexts: string[];
  let match;
  if (o.headerRow !== undefined) {
    headerIndex = indexOfRow(o.headerRow);
    headerTexts = texts(headerIndex);
    match = matchHeader(headerTexts);
  } else {
    const h = findHeader(grid, read);
    if (h.found) {
      headerIndex = h.index;
      headerTexts = texts(h.index);
      match = h.match;
    } else {
      headerIndex = guessHeaderIndex(grid, read);
      headerTexts = texts(headerIndex);
      match = matchHeader(headerTexts);
    }
  }
  let firstData = headerIndex + 1;
  const two = headerIndex >= 0 ? twoRowHeader(grid, headerIndex, read) : undefined;
  if (two) {
    const top = (grid[headerIndex] as GridRow).number;
    notes.push({ code: 'TWO_ROW_HEADER', severity: 'info', message: `表头占两行（第 ${top}、${top + 1} 行），已合起来读取。` });
    headerTexts = two.texts;
    match = two.match;
    firstData = headerIndex + 2;
  }
  const mapping: ColumnMap = { ...match.columns };
  if (complete(mapping)) return { state: 'ready', headerIndex, firstData, headerTexts, mapping, source: 'header', notes };
  return {
    state: 'map_columns',
    headerIndex,
    firstData,
    headerTexts,
    mapping: { ...mapping, ...suggestByContent(grid, firstData, read, mapping) },
    source: 'suggested',
    notes,
  };
}

/** The file's columns mapped and its rows read, or the mapping form's material. */
function fromGrid(grid: GridRow[], read: CellReader, o: ReadRollOptions, maxRows: number): Result<Omit<RollFile, 'format' | 'sheet' | 'sheets'>> {
  if (gridIsEmpty(grid, read)) return fail('IMPORT_EMPTY_FILE', '文件里没有内容。请确认选择的是填好的选民名单。');
  const m = mapColumns(grid, read, o);
  const headerRow = m.headerIndex >= 0 ? ((grid[m.firstData - 1] ?? grid[m.headerIndex]) as GridRow).number : 0;
  const columns = columnInfo(grid, m.headerIndex, m.headerTexts, read);
  const base = { headerRow, columns, mapping: m.mapping, mappingSource: m.source, notes: m.notes, ...(m.saved ? { saved: m.saved } : {}) };
  if (m.state === 'map_columns') return ok({ ...base, state: 'map_columns', rows: [] });
  const under = rowsUnderHeader(grid, m.firstData, m.mapping, m.headerTexts, read);
  if (under.rows.length === 0) return fail('IMPORT_NO_DATA_ROWS', '文件只有表头，没有选民数据。请在表头下面逐行填写选民后重新导入。');
  if (under.rows.length > maxRows) return tooLarge(`${fmt(under.rows.length)} 行，上限 ${fmt(maxRows)} 行`);
  const notes = [...m.notes];
  if (under.headerAgain.length > 0) {
    notes.push({
      code: 'SECOND_HEADER_ROW',
      severity: 'warning',
      message: `第 ${under.headerAgain.join('、')} 行又是一行表头，没有导入。这常是两份名单拼在了一起：请核对它前后两部分是否都是本次的名单。`,
    });
  }
  if (m.mapping.group === undefined) notes.push({ code: 'NO_GROUP_COLUMN', severity: 'info', message: '文件没有“村民小组”列，名单不分小组。如某一列是小组（如“组别”“住址”），请点“修改列的对应”选择它。' });
  return ok({ ...base, state: 'ready', notes, rows: under.rows });
}

// ---------------------------------------------------------------------------------------------
// Formats

function looksLikeRoll(grid: readonly GridRow[], read: CellReader, o: ReadRollOptions): boolean {
  if (findHeader(grid, read).found) return true;
  if ((o.saved ?? []).some((s) => applySaved(grid, read, s) !== undefined)) return true;
  const from = guessHeaderIndex(grid, read) + 1;
  return suggestByContent(grid, from, read, {}).idNumber !== undefined;
}

function readXlsx(bytes: Uint8Array, o: ReadRollOptions, limits: ReadLimits): Result<RollFile> {
  let book;
  try {
    book = openXlsx(bytes, limits);
  } catch (e) {
    return xlsxFailure(e, limits);
  }
  const summaries: SheetSummary[] = [];
  const grids = new Map<string, GridRow[]>();
  try {
    for (const s of book.sheets) {
      const rows = book.readSheet(s);
      const roll = rows.length > 0 && looksLikeRoll(rows, readXlsxCell, o);
      summaries.push({ name: s.name, hidden: s.hidden, rows: rows.length, roll });
      // keep what may be read: the sheet asked for, or a visible sheet with something in it
      if (o.sheet !== undefined ? s.name === o.sheet : !s.hidden && rows.length > 0) grids.set(s.name, rows);
    }
  } catch (e) {
    return xlsxFailure(e, limits);
  }
  if (summaries.length === 0) return fail('IMPORT_NOT_SPREADSHEET', `文件里没有工作表。${NOT_A_SPREADSHEET}`);
  const notes: FileNote[] = [];
  const hidden = summaries.filter((s) => s.hidden && s.rows > 0);
  if (hidden.length > 0 && o.sheet === undefined) {
    notes.push({
      code: 'HIDDEN_SHEETS_SKIPPED',
      severity: 'info',
      message: `跳过了隐藏的工作表：${hidden.map((s) => `“${s.name}”（${s.rows} 行）`).join('、')}。隐藏的表常是往年的名单，没有读取。`,
    });
  }
  const finish = (name: string, grid: GridRow[]): Result<RollFile> => {
    const r = fromGrid(grid, readXlsxCell, o, limits.maxRows);
    if (!r.ok) return r;
    if (book.staleFormulas) {
      notes.push({ code: 'FORMULAS_NOT_CALCULATED', severity: 'warning', message: '文件注明公式需要重新计算（由程序生成，没有在 Excel 中打开保存过），公式格的结果不可信，没有读取。请在 Excel 或 WPS 中打开文件、保存一次后再导入。' });
    }
    const chosen = summaries.find((s) => s.name === name);
    if (chosen?.hidden) notes.push({ code: 'HIDDEN_SHEET_READ', severity: 'warning', message: `读取的工作表“${name}”是隐藏的，请确认它是本次的名单。` });
    return ok({ ...r.value, format: 'xlsx', sheet: name, sheets: summaries, notes: [...notes, ...r.value.notes] });
  };
  if (o.sheet !== undefined) {
    const grid = grids.get(o.sheet);
    if (!grid) {
      return fail('IMPORT_SHEET_NOT_FOUND', `文件里没有名为“${o.sheet}”的工作表（有：${summaries.map((s) => `“${s.name}”`).join('、')}）。请重新选择。`, {
        sheets: summaries.map((s) => s.name),
      });
    }
    if (grid.length === 0) return fail('IMPORT_EMPTY_FILE', `工作表“${o.sheet}”是空的。请选择填有名单的工作表。`);
    return finish(o.sheet, grid);
  }
  const visible = summaries.filter((s) => !s.hidden && s.rows > 0);
  const rolls = visible.filter((s) => s.roll);
  if (rolls.length > 1) {
    return ok({ format: 'xlsx', sheet: null, sheets: summaries, state: 'choose_sheet', headerRow: 0, columns: [], mapping: {}, mappingSource: 'header', notes, rows: [] });
  }
  const pick = rolls[0] ?? visible[0];
  if (!pick) {
    const hiddenRoll = summaries.find((s) => s.hidden && s.roll);
    if (hiddenRoll) {
      return fail(
        'IMPORT_ONLY_HIDDEN_SHEET',
        `文件里像选民名单的只有隐藏的工作表“${hiddenRoll.name}”（${hiddenRoll.rows} 行），隐藏的表常是往年的名单，没有读取。如果它就是本次的名单，请在 Excel 中右键工作表标签，选“取消隐藏”，保存后重新导入。`,
      );
    }
    return fail('IMPORT_EMPTY_FILE', '文件里没有内容（工作表都是空的）。请确认选择的是填好的选民名单。');
  }
  return finish(pick.name, grids.get(pick.name) ?? []);
}

function xlsxFailure(e: unknown, limits: ReadLimits): { ok: false; error: AppError } {
  if (e instanceof ReadLimit) return limitRefusal(e, limits, 'xlsx');
  if (e instanceof NotXlsx) {
    switch (e.kind) {
      case 'ods':
        return fail('IMPORT_ODS', `这是 OpenDocument 表格（.ods，WPS 或 LibreOffice 常用的格式），不能直接导入。请在 WPS 或 LibreOffice 中打开它，点“文件 → 另存为”，文件类型选“Excel 工作簿 (*.xlsx)”，再导入新保存的文件。`);
      case 'xlsb':
        return fail('IMPORT_XLSB', `这是 Excel 二进制工作簿（.xlsb），不能直接导入。${SAVE_AS}`);
      case 'docx':
      case 'pptx':
        return fail('IMPORT_NOT_SPREADSHEET', `这是 Word 或 PowerPoint 文件，不是表格。请选择选民名单的 Excel 文件；名单在 Word 里的，请把表格复制到 Excel 中，保存为“Excel 工作簿 (*.xlsx)”后导入。`);
      case 'no_workbook':
        return fail('IMPORT_NOT_SPREADSHEET', `这是一个压缩包，里面没有 Excel 工作簿。${NOT_A_SPREADSHEET}`);
    }
  }
  if (e instanceof ZipError) {
    if (e.problem === 'too_big') {
      const mb = e.entry ? `${fmt(Math.round(e.entry.size / 1024 / 1024))} MB` : '';
      return fail(
        'IMPORT_TOO_LARGE',
        `这个 xlsx 解压后太大（${e.entry ? `“${e.entry.name}”有 ${mb}，` : ''}上限 ${Math.round(limits.maxEntryBytes / 1024 / 1024)} MB），不像是一个村的选民名单，也可能是恶意构造的文件，没有读取。请检查是否选错了文件，或把名单拆开分批导入。`,
      );
    }
    if (e.problem === 'encrypted') {
      return fail('IMPORT_ENCRYPTED', '这个文件的内容加了密码，不能读取。请在 Excel 或 WPS 中输入密码打开，取消密码后保存，再重新导入。');
    }
    if (e.problem === 'method') return fail('IMPORT_NOT_SPREADSHEET', `这个 xlsx 用了不常见的压缩方式，无法读取。${SAVE_AS}`);
    return fail('IMPORT_NOT_SPREADSHEET', `无法读取这个 xlsx 文件，文件已损坏（可能没有下载或拷贝完整）。请重新拷贝原文件；仍不行的，${SAVE_AS}`, { cause: e.message });
  }
  throw e;
}

function readText(bytes: Uint8Array, o: ReadRollOptions, limits: ReadLimits): Result<RollFile> {
  const decoded = decodeText(bytes);
  if (!decoded.ok) {
    if (decoded.reason === 'mixed') {
      const first = (xs: number[]) => xs.slice(0, 5).join('、') + (xs.length > 5 ? ' 等' : '');
      return fail(
        'IMPORT_MIXED_ENCODING',
        `文件里混有两种文字编码：第 ${first(decoded.utf8Lines)} 行是 UTF-8，第 ${first(decoded.otherLines)} 行是 GBK。这常是把两个 CSV 文件拼在一起造成的，直接读取会出现乱码。请在 Excel 或 WPS 中分别打开原来的两个文件，复制到同一个工作表里，保存为“Excel 工作簿 (*.xlsx)”后导入。`,
        { utf8Lines: decoded.utf8Lines.slice(0, 20), otherLines: decoded.otherLines.slice(0, 20) },
      );
    }
    return fail('IMPORT_NOT_SPREADSHEET', NOT_A_SPREADSHEET);
  }
  let records: string[][];
  try {
    records = parseCsv(decoded.text, { maxRecords: limits.maxRows + 100, maxColumns: limits.maxColumns, maxCellChars: limits.maxCellChars });
  } catch (e) {
    if (e instanceof ReadLimit) return limitRefusal(e, limits, 'csv');
    throw e;
  }
  if (records.length > limits.maxRows + 100) return tooLarge(`超过 ${fmt(limits.maxRows)} 行`);
  const grid: GridRow[] = records.map((cells, i) => ({ number: i + 1, cells }));
  const r = fromGrid(grid, readCsvCell, o, limits.maxRows);
  if (!r.ok) return r;
  const notes = [...r.value.notes];
  if (decoded.encoding === 'utf-16le' || decoded.encoding === 'utf-16be') {
    notes.unshift({ code: 'TEXT_UTF16', severity: 'info', message: `文件是 UTF-16（“Unicode 文本”）编码${decoded.bom ? '' : '（没有编码标记）'}，已按 UTF-16 读取。` });
  }
  return ok({ ...r.value, notes, format: 'csv', encoding: decoded.encoding, sheet: null, sheets: [] });
}

const REFUSE: Partial<Record<ReturnType<typeof sniff>, () => { ok: false; error: AppError }>> = {
  encrypted_ooxml: () =>
    fail(
      'IMPORT_ENCRYPTED',
      '这个 Excel 文件设置了打开密码（已加密），不能读取。请在 Excel 中输入密码打开，点“文件 → 信息 → 保护工作簿 → 用密码进行加密”，清空密码后保存（WPS：“文件 → 文档加密 → 密码加密”，清空打开密码后保存），再重新导入。',
    ),
  xls: () => fail('IMPORT_OLD_XLS', `这是旧版 Excel 97-2003（.xls）文件，不能直接导入。${SAVE_AS}`),
  et: () => fail('IMPORT_WPS_ET', '这是 WPS 表格自己的格式（.et），不能直接导入。请在 WPS 中打开它，点“文件 → 另存为”，文件类型选“Excel 工作簿 (*.xlsx)”，再导入新保存的文件。'),
  doc: () => fail('IMPORT_NOT_SPREADSHEET', '这是 Word 文档，不是表格。名单在 Word 里的，请把表格复制到 Excel 中，保存为“Excel 工作簿 (*.xlsx)”后导入。'),
  ole: () => fail('IMPORT_OLD_XLS', `这是旧版 Office 文件，不能直接导入。${SAVE_AS}`),
  html: () =>
    fail(
      'IMPORT_HTML_TABLE',
      `这个文件实际是网页（HTML）格式的表格，只是扩展名叫 .xls，常见于从业务系统导出的名单，不能直接导入。${SAVE_AS}`,
    ),
  xml2003: () => fail('IMPORT_XML_2003', `这是 Excel 2003 XML 表格（SpreadsheetML），不能直接导入。${SAVE_AS}`),
  fods: () => fail('IMPORT_ODS', '这是 OpenDocument 表格（平面 XML，.fods），不能直接导入。请在 WPS 或 LibreOffice 中打开它，另存为“Excel 工作簿 (*.xlsx)”后导入。'),
  pdf: () => fail('IMPORT_NOT_SPREADSHEET', '这是 PDF 文件，不能导入。请向出名单的单位要 Excel 文件（.xlsx），或在 Excel 中把名单录入后保存为 .xlsx 再导入。'),
};

/** Asynchronous form of `readRollFileSync` (the reading itself is synchronous). */
export function readRollFile(bytes: Uint8Array, fileName: string, options: ReadRollOptions = {}): Promise<Result<RollFile>> {
  return Promise.resolve(readRollFileSync(bytes, fileName, options));
}

export function readRollFileSync(bytes: Uint8Array, fileName: string, options: ReadRollOptions = {}): Result<RollFile> {
  const limits: ReadLimits = {
    ...DEFAULT_LIMITS,
    ...options.limits,
    ...(options.maxBytes !== undefined ? { maxBytes: options.maxBytes } : {}),
    ...(options.maxRows !== undefined ? { maxRows: options.maxRows } : {}),
  };
  if (bytes.byteLength === 0) return fail('IMPORT_EMPTY_FILE', '文件是空的（0 字节）。请确认选择的是填好的选民名单。');
  if (bytes.byteLength > limits.maxBytes) return tooLarge(`${(bytes.byteLength / 1024 / 1024).toFixed(1)} MB，上限 ${Math.round(limits.maxBytes / 1024 / 1024)} MB`);
  const kind = sniff(bytes, fileName);
  const refuse = REFUSE[kind];
  if (refuse) return refuse();
  if (kind === 'zip') return readXlsx(bytes, options, limits);
  if (/\.(xlsx|xlsm)$/i.test(fileName)) {
    // Named .xlsx but not a zip: say so rather than read bytes as text.
    const asText = decodeText(bytes);
    if (!asText.ok) return fail('IMPORT_NOT_SPREADSHEET', `文件扩展名是 .xlsx，但内容不是 Excel 工作簿，可能已损坏。${NOT_A_SPREADSHEET}`);
  }
  return readText(bytes, options, limits);
}
