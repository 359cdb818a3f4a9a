/** .xlsx through exceljs's streaming reader: lower memory and faster than loading the workbook. */
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { CellReader, CellText, GridRow } from './grid.js';
import type { RollField } from './types.js';
import { readZipEntry } from './zip-entry.js';

export interface XlsxSheet {
  id: number;
  name: string;
  rows: GridRow[];
}

export class TooManyRows extends Error {}

/** Visits each worksheet's rows in order; `accept` says whether to stop after this sheet. */
export async function readXlsxSheets(bytes: Uint8Array, maxRows: number, accept: (sheet: XlsxSheet) => boolean): Promise<void> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)]), {
    worksheets: 'emit',
    sharedStrings: 'cache',
    styles: 'ignore',
    hyperlinks: 'ignore',
    entries: 'ignore',
  });
  for await (const ws of reader) {
    const rows: GridRow[] = [];
    for await (const row of ws) {
      const values = row.values as unknown[];
      rows.push({ number: row.number, cells: values.slice(1) });
      if (rows.length > maxRows + 50) throw new TooManyRows();
    }
    const sheet = ws as unknown as { id?: number; name?: string };
    if (accept({ id: sheet.id ?? 0, name: sheet.name ?? '', rows })) return;
  }
}

function columnIndex(letters: string): number {
  let n = 0;
  for (const ch of letters) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

/** Fills each merged range with its top-left (master) value, as Excel shows it. */
export function applyMerges(bytes: Uint8Array, sheetId: number, rows: GridRow[]): void {
  const xml = readZipEntry(bytes, `xl/worksheets/sheet${sheetId}.xml`);
  if (!xml) return;
  const at = xml.lastIndexOf('<mergeCells');
  if (at < 0) return;
  const text = xml.toString('utf8', at);
  const byNumber = new Map<number, GridRow>();
  for (const r of rows) byNumber.set(r.number, r);
  for (const m of text.matchAll(/<mergeCell\s+ref="([A-Z]+)(\d+):([A-Z]+)(\d+)"/g)) {
    const c1 = columnIndex(m[1] ?? 'A');
    const r1 = Number(m[2]);
    const c2 = columnIndex(m[3] ?? 'A');
    const r2 = Number(m[4]);
    const master = byNumber.get(r1)?.cells[c1];
    if (master === undefined || master === null) continue;
    for (let r = r1; r <= r2; r++) {
      let row = byNumber.get(r);
      if (!row) {
        row = { number: r, cells: [] };
        byNumber.set(r, row);
        rows.push(row);
      }
      const cells = row.cells as unknown[];
      for (let c = c1; c <= c2; c++) if (!(r === r1 && c === c1)) cells[c] = master;
    }
  }
  rows.sort((a, b) => a.number - b.number);
}

/** Excel keeps 15 significant digits of a number; an 18-digit ID number stored as a number has
 * already lost its last digits in the file itself. */
const EXACT_DIGITS_LIMIT = 1e15;

function formatDate(d: Date): string {
  return d.toISOString().slice(0, 10);
}

function numberText(v: number): string {
  if (Number.isInteger(v) && Math.abs(v) < Number.MAX_SAFE_INTEGER) return BigInt(v).toString();
  return String(v);
}

export const readXlsxCell: CellReader = (value: unknown, field: RollField): CellText => {
  if (value === null || value === undefined) return { text: '' };
  if (typeof value === 'string') return { text: value.trim() };
  if (typeof value === 'number') {
    if (field === 'idNumber' && !(Number.isInteger(value) && Math.abs(value) < EXACT_DIGITS_LIMIT)) {
      const shown = value.toExponential(14).replace('e+', 'E+');
      return {
        text: '',
        issue: {
          code: 'ID_STORED_AS_NUMBER',
          severity: 'error',
          message: `身份证号码在 Excel 中被存成了数字（${shown}），末尾几位已经丢失，无法还原。请把该列设为“文本”格式，按身份证重新录入后再导入。`,
        },
      };
    }
    return { text: numberText(value) };
  }
  if (typeof value === 'boolean') return { text: value ? '是' : '否' };
  if (value instanceof Date) return { text: formatDate(value) };
  if (typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if (Array.isArray(o.richText)) return { text: o.richText.map((p: { text?: unknown }) => (typeof p.text === 'string' ? p.text : '')).join('').trim() };
    if ('formula' in o || 'sharedFormula' in o) {
      if (o.result === undefined || o.result === null) {
        const important = field === 'name' || field === 'idNumber' || field === 'category';
        return {
          text: '',
          issue: {
            code: 'CELL_FORMULA_NO_RESULT',
            severity: important ? 'error' : 'warning',
            message: '这一格是公式，但文件里没有保存计算结果。请在 Excel 中打开文件、保存一次后再导入。',
          },
        };
      }
      return readXlsxCell(o.result, field);
    }
    if (typeof o.error === 'string') {
      return { text: '', issue: { code: 'CELL_ERROR_VALUE', severity: field === 'note' || field === 'phone' ? 'warning' : 'error', message: `这一格显示错误值 ${o.error}，请在 Excel 中改正。` } };
    }
    if (typeof o.text === 'string') return { text: o.text.trim() };
    if (o.text && typeof o.text === 'object') return readXlsxCell(o.text, field);
  }
  return { text: String(value as string).trim() };
};
