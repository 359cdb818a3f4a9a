/** From a grid of cells (either file format) to roll rows: find the header, map the columns, read the cells. */
import { invisibleCodes, stripInvisible } from '../../../shared/text.js';
import { FIELD_LABELS, HEADER_ALIASES, looksLikeHeader, matchHeader, normaliseHeader, type HeaderMatch } from './headers.js';
import { ROLL_FIELDS, type ColumnMap, type RawRollRow, type ReadIssue, type RollField } from './types.js';
import { columnLetters } from './xlsx.js';

export interface GridRow {
  /** Row number as the spreadsheet shows it. */
  number: number;
  /** Cells by 0-based column; xlsx cells are XCell values, csv cells are strings. */
  cells: readonly unknown[];
  /** Hidden in Excel (xlsx only). */
  hidden?: boolean;
}

export interface CellText {
  text: string;
  issue?: Omit<ReadIssue, 'field'>;
  /** The text may be a number Excel formatted (see RawRollRow.idNumberish). */
  numberish?: boolean;
}

/** A cell's text; `ref` is its A1 name for messages ("C5"). */
export type CellReader = (value: unknown, field: RollField, ref: string) => CellText;

/** The header is looked for among the first rows that have something in them (a title and a
 * date line often come first). */
const HEADER_SEARCH_ROWS = 30;

const SCIENTIFIC = /^[+-]?\d+(\.\d+)?E\+?\d+$/i;
const ID_LIKE = /^\s*'?\d{17}[\dXx]\s*$|^\s*'?\d{15}\s*$/;

export const cellTexts = (row: GridRow, read: CellReader): string[] =>
  Array.from(row.cells, (c, i) => (c === undefined ? '' : read(c, 'note', `${columnLetters(i)}${row.number}`).text));

/** No cell with text anywhere (stops at the first one, normally in the first row). */
export function gridIsEmpty(grid: readonly GridRow[], read: CellReader): boolean {
  return !grid.some((r) => r.cells.some((c) => c !== undefined && read(c, 'note', '').text !== ''));
}

/** Non-empty rows among the first HEADER_SEARCH_ROWS, as texts. */
function headRows(grid: readonly GridRow[], read: CellReader): { index: number; texts: string[] }[] {
  const out: { index: number; texts: string[] }[] = [];
  for (let i = 0; i < grid.length && out.length < HEADER_SEARCH_ROWS; i++) {
    const texts = cellTexts(grid[i] as GridRow, read);
    if (texts.some((t) => t !== '')) out.push({ index: i, texts });
  }
  return out;
}

export type HeaderSearch = { found: true; index: number; match: HeaderMatch } | { found: false; best: HeaderMatch | undefined };

export function findHeader(grid: readonly GridRow[], read: CellReader): HeaderSearch {
  let best: HeaderMatch | undefined;
  for (const { index, texts } of headRows(grid, read)) {
    const m = matchHeader(texts);
    if (looksLikeHeader(m)) return { found: true, index, match: m };
    if (best === undefined || Object.keys(m.columns).length > Object.keys(best.columns).length) best = m;
  }
  return { found: false, best };
}

/**
 * A header written over two rows (a merged title over 联系电话 and 备注, say): when the row under the
 * header names more fields together with it and holds no ID number, both rows are the header.
 */
export function twoRowHeader(grid: readonly GridRow[], index: number, read: CellReader): { texts: string[]; match: HeaderMatch } | undefined {
  const top = grid[index];
  const under = grid[index + 1];
  if (!top || !under || under.number !== top.number + 1) return undefined;
  const a = cellTexts(top, read);
  const b = cellTexts(under, read);
  if (b.some((t) => ID_LIKE.test(t))) return undefined;
  const mb = matchHeader(b);
  if (Object.keys(mb.columns).length === 0) return undefined;
  const width = Math.max(a.length, b.length);
  const texts: string[] = [];
  for (let i = 0; i < width; i++) {
    const ta = a[i] ?? '';
    const tb = b[i] ?? '';
    texts.push(tb !== '' && matchHeader([tb]).found.length > 0 && Object.keys(matchHeader([tb]).columns).length > 0 ? tb : ta !== '' ? ta : tb);
  }
  const merged = matchHeader(texts);
  return Object.keys(merged.columns).length > Object.keys(matchHeader(a).columns).length ? { texts, match: merged } : undefined;
}

/** A mapping saved for this election: the header text of each field the clerk chose. */
export interface SavedMapping {
  fields: Partial<Record<RollField, string>>;
}

/** The first header row (among the first rows) that holds every header text of a saved mapping. */
export function applySaved(grid: readonly GridRow[], read: CellReader, saved: SavedMapping): { index: number; columns: ColumnMap } | undefined {
  const wanted = Object.entries(saved.fields) as [RollField, string][];
  if (wanted.length === 0) return undefined;
  for (const { index, texts } of headRows(grid, read)) {
    const keys = texts.map((t) => normaliseHeader(t));
    const columns: ColumnMap = {};
    let all = true;
    for (const [field, header] of wanted) {
      const k = normaliseHeader(header);
      const at = keys.indexOf(k);
      if (at < 0 || keys.indexOf(k, at + 1) >= 0) {
        all = false;
        break;
      }
      columns[field] = at;
    }
    if (all) return { index, columns };
  }
  return undefined;
}

/** Where the header probably is when none was recognised: the row above the first ID number. */
export function guessHeaderIndex(grid: readonly GridRow[], read: CellReader): number {
  const head = headRows(grid, read);
  for (let k = 0; k < head.length; k++) {
    if ((head[k] as { texts: string[] }).texts.some((t) => ID_LIKE.test(t))) return k > 0 ? (head[k - 1] as { index: number }).index : -1;
  }
  return head[0]?.index ?? -1;
}

/** Columns the content suggests for the ID number (18-digit numbers) and the name (2–4 Chinese characters). */
export function suggestByContent(grid: readonly GridRow[], from: number, read: CellReader, taken: ColumnMap): ColumnMap {
  const sample = grid.slice(from, from + 50);
  const score = (col: number, test: (t: string) => boolean): number => sample.filter((r) => test(read(r.cells[col], 'note', '').text)).length;
  const width = Math.max(0, ...sample.map((r) => r.cells.length));
  const used = new Set(Object.values(taken));
  const out: ColumnMap = {};
  const best = (test: (t: string) => boolean): number | undefined => {
    let pick: number | undefined;
    let top = 0;
    for (let c = 0; c < width; c++) {
      if (used.has(c)) continue;
      const s = score(c, test);
      if (s > top && s * 2 >= sample.length) {
        top = s;
        pick = c;
      }
    }
    return pick;
  };
  if (taken.idNumber === undefined) {
    const c = best((t) => ID_LIKE.test(t));
    if (c !== undefined) {
      out.idNumber = c;
      used.add(c);
    }
  }
  if (taken.name === undefined) {
    const c = best((t) => /^\p{Script=Han}{2,4}$/u.test(t.replace(/\s/g, '')) && !/组|村|男|女/.test(t));
    if (c !== undefined) out.name = c;
  }
  return out;
}

/**
 * Rows whose data repeats the header (two lists pasted together, a header on every printed page):
 * two or more of the mapped cells are column names. Most cells are names and numbers, which are
 * looked up as they are; only text with spaces, brackets or full-width forms is normalised first.
 */
function headerAgainTest(columns: ColumnMap, headerTexts: readonly string[]): (values: Record<RollField, string>) => boolean {
  const keys = new Set<string>();
  for (const f of ROLL_FIELDS) {
    for (const a of HEADER_ALIASES[f]) keys.add(normaliseHeader(a));
    const col = columns[f];
    if (col !== undefined && headerTexts[col]) keys.add(normaliseHeader(headerTexts[col] as string));
  }
  const MAY_NEED = /[\s*:：()（）【】[\]]|[\uFF01-\uFF5E]/;
  return (values) => {
    let same = 0;
    for (const f of ROLL_FIELDS) {
      const t = values[f];
      if (t === '' || t.length > 20 || columns[f] === undefined) continue;
      if (keys.has(MAY_NEED.test(t) ? normaliseHeader(t) : t) && ++same >= 2) return true;
    }
    return false;
  };
}

export interface RowsUnder {
  rows: RawRollRow[];
  /** Rows that repeat the header, skipped. */
  headerAgain: number[];
}

const HIDDEN_ROW = '这一行在 Excel 中是隐藏的（隐藏的行常是已经去世、迁出或不再登记的人）。请核对此人是否应当登记；不应登记的，请在表格中删去这一行后重新导入。';

/**
 * The rows under the header, each field read from its column. Skips rows with nothing in the
 * roll's columns (template rows that only carry a 序号) and rows that repeat the header.
 */
export function rowsUnderHeader(grid: readonly GridRow[], firstData: number, columns: ColumnMap, headerTexts: readonly string[], read: CellReader): RowsUnder {
  const rows: RawRollRow[] = [];
  const headerAgain: number[] = [];
  const isHeaderAgain = headerAgainTest(columns, headerTexts);
  for (let i = firstData; i < grid.length; i++) {
    const g = grid[i] as GridRow;
    const issues: ReadIssue[] = [];
    const values = {} as Record<RollField, string>;
    let any = false;
    let numberish = false;
    for (const field of ROLL_FIELDS) {
      const col = columns[field];
      if (col === undefined) {
        values[field] = '';
        continue;
      }
      const ref = `${columnLetters(col)}${g.number}`;
      const cell = read(g.cells[col], field, ref);
      let text = cell.text;
      if (cell.issue) issues.push({ ...cell.issue, field });
      if (field === 'idNumber') numberish = cell.numberish === true;
      if (text !== '') {
        const stripped = stripInvisible(text);
        if (stripped.removed > 0) {
          issues.push({
            field,
            severity: 'warning',
            code: 'INVISIBLE_CHARS',
            message: `${FIELD_LABELS[field]}（${ref}）中有 ${stripped.removed} 个看不见的字符（${[...new Set(invisibleCodes(text))].join('、')}），已去除。这类字符会让两个看起来相同的名字不相等，请核对这一行。`,
          });
          text = stripped.text.trim();
        }
        if (field !== 'idNumber' && /[?？\uFFFD]/.test(text)) {
          issues.push({
            field,
            severity: 'warning',
            code: 'TEXT_LOST_CHARS',
            message: `${FIELD_LABELS[field]}“${text}”（${ref}）中有“?”或“�”，很可能是生僻字在另存为 CSV（GBK 编码）或复制时丢失了。请对照身份证或户口簿改正后重新导入（xlsx 文件不会丢字）。`,
          });
        }
      }
      if (field === 'idNumber' && SCIENTIFIC.test(text)) {
        issues.push({
          field,
          severity: 'error',
          code: 'ID_SCIENTIFIC_NOTATION',
          message: `身份证号码写成了科学计数法（${text}，${ref}），后几位已经丢失。请把该列设为“文本”格式，按身份证重新录入后再导入。`,
        });
        text = '';
      }
      values[field] = text;
      if (text !== '' || cell.issue) any = true;
    }
    if (!any) continue;
    if (isHeaderAgain(values)) {
      headerAgain.push(g.number);
      continue;
    }
    if (g.hidden) issues.push({ field: 'name', severity: 'warning', code: 'ROW_HIDDEN', message: HIDDEN_ROW });
    rows.push({ sourceRow: g.number, ...values, issues, ...(numberish ? { idNumberish: true } : {}) });
  }
  return { rows, headerAgain };
}
