/**
 * Reading a voter roll file (.xlsx, or .csv in UTF-8 or GBK) into text rows. No checking of the
 * people here — that is previewRoll — only of the file: is it a spreadsheet, where is the header,
 * are the required columns there, did Excel damage the ID numbers.
 */
import { fail, ok, type Result } from '../../../shared/result.js';
import { decodeText, parseCsv, type TextEncoding } from './csv.js';
import { findHeader, gridIsEmpty, headerError, rowsUnderHeader, type CellReader, type GridRow } from './grid.js';
import type { RawRollRow } from './types.js';
import { applyMerges, readXlsxCell, readXlsxSheets, TooManyRows } from './xlsx.js';

export interface RollFile {
  rows: RawRollRow[];
  /** Row number of the header in the file (1-based). */
  headerRow: number;
  format: 'xlsx' | 'csv';
  /** For CSV: how the text was encoded. */
  encoding?: TextEncoding;
}

export interface ReadRollOptions {
  /** Default 50 MB: a roll of 100,000 people is a few megabytes. */
  maxBytes?: number;
  /** Default 200,000 data rows. */
  maxRows?: number;
}

export const DEFAULT_MAX_BYTES = 50 * 1024 * 1024;
export const DEFAULT_MAX_ROWS = 200_000;

const readCsvCell: CellReader = (value) => ({ text: typeof value === 'string' ? value.trim() : '' });

const NOT_A_SPREADSHEET = '这个文件不是表格文件（xlsx 或 csv），可能已损坏或选错了文件。请在 Excel/WPS 中打开选民名单，另存为“Excel 工作簿 (*.xlsx)”或“CSV”后重新导入。';

function tooLarge(what: string): { ok: false; error: import('../../../shared/result.js').AppError } {
  return fail('IMPORT_TOO_LARGE', `文件太大（${what}），不像是一个村的选民名单。请检查是否选错了文件，或把名单拆开分批导入。`);
}

function isZip(b: Uint8Array): boolean {
  return b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;
}

function isOle(b: Uint8Array): boolean {
  return b[0] === 0xd0 && b[1] === 0xcf && b[2] === 0x11 && b[3] === 0xe0;
}

function fromGrid(grid: GridRow[], read: CellReader, maxRows: number): Result<{ rows: RawRollRow[]; headerRow: number }> {
  if (gridIsEmpty(grid, read)) return fail('IMPORT_EMPTY_FILE', '文件里没有内容。请确认选择的是填好的选民名单。');
  const h = findHeader(grid, read);
  if (!h.found) return headerError(h.best);
  const rows = rowsUnderHeader(grid, h.index, h.match, read);
  if (!rows.ok) return rows;
  if (rows.value.length === 0) return fail('IMPORT_NO_DATA_ROWS', '文件只有表头，没有选民数据。请在表头下面逐行填写选民后重新导入。');
  if (rows.value.length > maxRows) return tooLarge(`${rows.value.length} 行，上限 ${maxRows} 行`);
  return ok({ rows: rows.value, headerRow: (grid[h.index] as GridRow).number });
}

function readXlsx(bytes: Uint8Array, maxRows: number): Result<RollFile> {
  let chosen: { rows: RawRollRow[]; headerRow: number } | undefined;
  let firstFailure: Result<never> | undefined;
  let sheets = 0;
  try {
    readXlsxSheets(bytes, maxRows, (sheet) => {
      sheets++;
      const h = findHeader(sheet.rows, readXlsxCell);
      if (!h.found) {
        if (!firstFailure && !gridIsEmpty(sheet.rows, readXlsxCell)) firstFailure = headerError(h.best);
        return false;
      }
      applyMerges(bytes, sheet.id, sheet.rows);
      const r = fromGrid(sheet.rows, readXlsxCell, maxRows);
      if (r.ok) chosen = r.value;
      else firstFailure = r;
      return true;
    });
  } catch (e) {
    if (e instanceof TooManyRows) return tooLarge(`超过 ${maxRows} 行`);
    return fail('IMPORT_NOT_SPREADSHEET', `无法读取这个 xlsx 文件，文件可能已损坏。${NOT_A_SPREADSHEET}`, { cause: String(e) });
  }
  if (chosen) return ok({ ...chosen, format: 'xlsx' });
  if (firstFailure && !firstFailure.ok) return firstFailure;
  if (sheets === 0) return fail('IMPORT_NOT_SPREADSHEET', `文件里没有工作表。${NOT_A_SPREADSHEET}`);
  return fail('IMPORT_EMPTY_FILE', '文件里没有内容（工作表都是空的）。请确认选择的是填好的选民名单。');
}

function readCsv(bytes: Uint8Array, maxRows: number): Result<RollFile> {
  const decoded = decodeText(bytes);
  if (!decoded.ok) {
    if (decoded.reason === 'utf16') {
      return fail('IMPORT_NOT_SPREADSHEET', '这是 UTF-16（“Unicode 文本”）文件，不能直接导入。请在 Excel/WPS 中另存为“CSV UTF-8”或“Excel 工作簿 (*.xlsx)”。');
    }
    return fail('IMPORT_NOT_SPREADSHEET', NOT_A_SPREADSHEET);
  }
  const records = parseCsv(decoded.text, maxRows + 100);
  if (records.length > maxRows + 100) return tooLarge(`超过 ${maxRows} 行`);
  const grid: GridRow[] = records.map((cells, i) => ({ number: i + 1, cells }));
  const r = fromGrid(grid, readCsvCell, maxRows);
  if (!r.ok) return r;
  return ok({ ...r.value, format: 'csv', encoding: decoded.encoding });
}

/** Asynchronous form of `readRollFileSync` (the reading itself is synchronous). */
export function readRollFile(bytes: Uint8Array, fileName: string, options: ReadRollOptions = {}): Promise<Result<RollFile>> {
  return Promise.resolve(readRollFileSync(bytes, fileName, options));
}

export function readRollFileSync(bytes: Uint8Array, fileName: string, options: ReadRollOptions = {}): Result<RollFile> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const maxRows = options.maxRows ?? DEFAULT_MAX_ROWS;
  if (bytes.byteLength === 0) return fail('IMPORT_EMPTY_FILE', '文件是空的（0 字节）。请确认选择的是填好的选民名单。');
  if (bytes.byteLength > maxBytes) return tooLarge(`${(bytes.byteLength / 1024 / 1024).toFixed(1)} MB，上限 ${Math.round(maxBytes / 1024 / 1024)} MB`);
  if (isOle(bytes)) {
    return fail('IMPORT_OLD_XLS', '这是旧版 Excel 97-2003（.xls）文件，不能直接导入。请在 Excel/WPS 中打开，另存为“Excel 工作簿 (*.xlsx)”后重新导入。');
  }
  if (isZip(bytes)) return readXlsx(bytes, maxRows);
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.xlsx') || lower.endsWith('.xlsm')) {
    // Named .xlsx but not a zip: say so rather than read bytes as text.
    const asText = decodeText(bytes);
    if (!asText.ok) return fail('IMPORT_NOT_SPREADSHEET', `文件扩展名是 .xlsx，但内容不是 Excel 工作簿，可能已损坏。${NOT_A_SPREADSHEET}`);
  }
  return readCsv(bytes, maxRows);
}
