/** From a grid of cells (either file format) to roll rows: find the header, map the columns. */
import { fail, ok, type AppError, type Result } from '../../../shared/result.js';
import { describeMissing, FIELD_LABELS, looksLikeHeader, matchHeader, REQUIRED_FIELDS, type HeaderMatch } from './headers.js';
import type { RawRollRow, ReadIssue, RollField } from './types.js';

export interface GridRow {
  /** Row number as the spreadsheet shows it. */
  number: number;
  /** Cells by 0-based column; xlsx cells are exceljs values, csv cells are strings. */
  cells: readonly unknown[];
}

export interface CellText {
  text: string;
  issue?: Omit<ReadIssue, 'field'>;
}

export type CellReader = (value: unknown, field: RollField) => CellText;

/** The header is looked for among the first rows that have something in them (a title and a
 * date line often come first). */
const HEADER_SEARCH_ROWS = 30;

const FIELDS: readonly RollField[] = ['name', 'gender', 'idNumber', 'group', 'category', 'phone', 'note', 'approvalRef'];

const SCIENTIFIC = /^[+-]?\d+(\.\d+)?E\+?\d+$/i;

export function gridIsEmpty(grid: readonly GridRow[], read: CellReader): boolean {
  return grid.every((r) => r.cells.every((c) => read(c, 'note').text === ''));
}

export type HeaderSearch = { found: true; index: number; match: HeaderMatch } | { found: false; best: HeaderMatch | undefined };

export function findHeader(grid: readonly GridRow[], read: CellReader): HeaderSearch {
  let best: HeaderMatch | undefined;
  let seen = 0;
  for (let i = 0; i < grid.length && seen < HEADER_SEARCH_ROWS; i++) {
    const cells = (grid[i] as GridRow).cells;
    const texts = Array.from(cells, (c) => read(c, 'note').text);
    if (texts.every((t) => t === '')) continue;
    seen++;
    const m = matchHeader(texts);
    if (looksLikeHeader(m)) return { found: true, index: i, match: m };
    if (best === undefined || m.missing.length < best.missing.length) best = m;
  }
  return { found: false, best };
}

export function headerError(m: HeaderMatch | undefined): { ok: false; error: AppError } {
  const found = m?.found ?? [];
  const missing = m?.missing ?? [];
  const foundText = found.length > 0 ? `表中找到的列：${found.slice(0, 20).join('、')}。` : '表中没有找到任何列名。';
  const missingText = missing.length > 0 ? `缺少必需的列：${describeMissing(missing)}。` : '';
  const recognised = m !== undefined && m.missing.length < REQUIRED_FIELDS.length;
  const lead = recognised ? '选民名单的表头不完整。' : '没有找到选民名单的表头。';
  return fail('IMPORT_HEADER_MISSING', `${lead}${missingText}${foundText}请把表头改为这些列名（姓名、性别、身份证号码、村民小组、类别）后重新导入。`, {
    missing: missing.map((f) => FIELD_LABELS[f]),
    found,
  });
}

/** Builds the rows under a header that has every required column; skips rows with nothing in
 * the roll's columns (template rows that only carry a 序号). */
export function rowsUnderHeader(grid: readonly GridRow[], headerIndex: number, match: HeaderMatch, read: CellReader): Result<RawRollRow[]> {
  if (match.missing.length > 0) return headerError(match);
  const rows: RawRollRow[] = [];
  for (let i = headerIndex + 1; i < grid.length; i++) {
    const g = grid[i] as GridRow;
    const issues: ReadIssue[] = [];
    const values = {} as Record<RollField, string>;
    let any = false;
    for (const field of FIELDS) {
      const col = match.columns[field];
      if (col === undefined) {
        values[field] = '';
        continue;
      }
      const cell = read(g.cells[col], field);
      let text = cell.text;
      if (cell.issue) issues.push({ ...cell.issue, field });
      if (field === 'idNumber' && SCIENTIFIC.test(text)) {
        issues.push({
          field,
          severity: 'error',
          code: 'ID_SCIENTIFIC_NOTATION',
          message: `身份证号码写成了科学计数法（${text}），后几位已经丢失。请把该列设为“文本”格式，按身份证重新录入后再导入。`,
        });
        text = '';
      }
      values[field] = text;
      if (text !== '' || cell.issue) any = true;
    }
    if (!any) continue;
    rows.push({ sourceRow: g.number, ...values, issues });
  }
  return ok(rows);
}
