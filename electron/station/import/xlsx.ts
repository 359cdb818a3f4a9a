/**
 * .xlsx read synchronously from the bytes in memory: the zip's XML parts (shared strings, each
 * worksheet) are scanned directly, with no stream, worker or workbook model — a station command
 * reads the file inside its own synchronous call. Cell values come out as exceljs's streaming reader
 * gives them (the form `readXlsxCell` reads): a string, a number, a boolean, `{ error }`,
 * `{ formula, result }`; styles are not read, so numbers stay numbers (never dates).
 */
import type { CellReader, CellText, GridRow } from './grid.js';
import type { RollField } from './types.js';
import { listZipEntries, readZipEntry } from './zip-entry.js';

export interface XlsxSheet {
  id: number;
  name: string;
  rows: GridRow[];
}

export class TooManyRows extends Error {}

const ENTITY = /&(?:#(\d+)|#x([0-9a-fA-F]+)|(amp|lt|gt|quot|apos));/g;
const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeXml(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(ENTITY, (m, dec?: string, hex?: string, name?: string) => {
    if (name !== undefined) return NAMED[name] ?? m;
    const code = dec !== undefined ? Number(dec) : parseInt(hex ?? '', 16);
    return Number.isFinite(code) && code >= 0 && code <= 0x10ffff ? String.fromCodePoint(code) : m;
  });
}

/** The text of an <si> or <is>: its <t> parts in order (rich-text runs joined), phonetic guides left out. */
const T_TAG = /<t(?:\s[^>]*)?>([^<]*)<\/t>|<t(?:\s[^>]*)?\/>/g;
function stringItemText(xml: string): string {
  const body = xml.includes('<rPh') ? xml.replace(/<rPh\b[\s\S]*?<\/rPh>/g, '') : xml;
  let out = '';
  for (const m of body.matchAll(T_TAG)) out += m[1] ?? '';
  return decodeXml(out);
}

function sharedStrings(bytes: Uint8Array): string[] {
  const xml = readZipEntry(bytes, 'xl/sharedStrings.xml')?.toString('utf8');
  if (!xml) return [];
  const out: string[] = [];
  for (const m of xml.matchAll(/<si>([\s\S]*?)<\/si>|<si\/>/g)) out.push(stringItemText(m[1] ?? ''));
  return out;
}

/** A1 reference → 1-based column number. */
function columnOf(ref: string): number {
  let n = 0;
  for (let i = 0; i < ref.length; i++) {
    const c = ref.charCodeAt(i);
    if (c < 65 || c > 90) break;
    n = n * 26 + (c - 64);
  }
  return n;
}

const ROW = /<row\b([^>]*?)(?:\/>|>([\s\S]*?)<\/row>)/g;
const CELL = /<c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g;
const ATTR_R = /\br="([^"]*)"/;
const ATTR_T = /\bt="([^"]*)"/;

function cellValue(attrs: string, body: string | undefined, strings: readonly string[]): unknown {
  if (body === undefined || body === '') return undefined;
  const type = ATTR_T.exec(attrs)?.[1];
  const v = /<v(?:\s[^>]*)?>([^<]*)<\/v>/.exec(body)?.[1];
  const f = /<f\b[^>]*?(?:\/>|>([^<]*)<\/f>)/.exec(body);
  if (f) {
    const value: { formula: string; result?: unknown } = { formula: decodeXml(f[1] ?? '') };
    if (v !== undefined) value.result = type === 'str' ? decodeXml(v) : parseFloat(v);
    return value;
  }
  if (type === 'inlineStr') {
    const is = /<is>([\s\S]*?)<\/is>/.exec(body)?.[1];
    return is === undefined ? undefined : stringItemText(is);
  }
  if (v === undefined) return undefined;
  switch (type) {
    case 's':
      return strings[parseInt(v, 10)];
    case 'str':
      return decodeXml(v);
    case 'e':
      return { error: decodeXml(v) };
    case 'b':
      return parseInt(v, 10) !== 0;
    default:
      return parseFloat(v);
  }
}

function sheetRows(xml: string, strings: readonly string[], maxRows: number): GridRow[] {
  const rows: GridRow[] = [];
  const from = xml.indexOf('<sheetData');
  if (from < 0) return rows;
  ROW.lastIndex = from;
  let last = 0;
  for (let m = ROW.exec(xml); m; m = ROW.exec(xml)) {
    const rAttr = ATTR_R.exec(m[1] ?? '')?.[1];
    const number = rAttr !== undefined ? parseInt(rAttr, 10) : last + 1;
    last = number;
    const cells: unknown[] = [];
    const body = m[2];
    if (body) {
      let col = 0;
      for (const c of body.matchAll(CELL)) {
        const attrs = c[1] ?? '';
        const ref = ATTR_R.exec(attrs)?.[1];
        col = ref !== undefined ? columnOf(ref) : col + 1;
        const value = cellValue(attrs, c[2], strings);
        if (value !== undefined && col >= 1) cells[col - 1] = value;
      }
    }
    rows.push({ number, cells });
    if (rows.length > maxRows + 50) throw new TooManyRows();
  }
  return rows;
}

/** Visits each worksheet's rows in the archive's order; `accept` says whether to stop after this sheet. */
export function readXlsxSheets(bytes: Uint8Array, maxRows: number, accept: (sheet: XlsxSheet) => boolean): void {
  const entries = listZipEntries(bytes);
  const sheetNames = new Map<number, string>();
  const wb = readZipEntry(bytes, 'xl/workbook.xml')?.toString('utf8') ?? '';
  for (const m of wb.matchAll(/<sheet\b[^>]*?\bname="([^"]*)"[^>]*?\bsheetId="(\d+)"/g)) sheetNames.set(Number(m[2]), decodeXml(m[1] ?? ''));
  let strings: string[] | undefined;
  for (const name of entries) {
    const id = /^xl\/worksheets\/sheet(\d+)\.xml$/.exec(name)?.[1];
    if (id === undefined) continue;
    const xml = readZipEntry(bytes, name);
    if (!xml) throw new Error(`xlsx: cannot read ${name}`);
    strings ??= sharedStrings(bytes);
    const rows = sheetRows(xml.toString('utf8'), strings, maxRows);
    if (accept({ id: Number(id), name: sheetNames.get(Number(id)) ?? '', rows })) return;
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
