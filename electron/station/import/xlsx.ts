/**
 * .xlsx read synchronously from the bytes in memory, with no workbook model: the package's
 * relationships lead to the workbook, its sheets (in tab order, with their visibility), the shared
 * strings and the styles, whatever the parts are called. Cell values keep their type: text, number,
 * boolean, an error value (#N/A), or a formula whose result the file does not hold (or holds but
 * marks as stale, fullCalcOnLoad). Every part is size-checked before it is inflated (zip.ts), and
 * cells, columns and rows are capped as they are read (ReadLimit).
 */
import { attr, elements, elementSource, NS, relId, runText, slices, xmlText } from './xml.js';
import { ReadLimit, type ReadLimits } from './limits.js';
import { resolvePart, ZipArchive } from './zip.js';

/** A cell as the reader found it. Plain text and numbers stay primitives (most cells of a roll). */
export type XCell =
  | string
  | number
  | boolean
  /** Text in a cell formatted as text (@): an ID number typed as text, not shown as a number. */
  | { text: string }
  | { error: string; formula: boolean }
  /** A formula without a result the file vouches for. */
  | { noResult: true; stale: boolean }
  /** A number cell whose value is not a number. */
  | { bad: string };

export interface XRow {
  /** Row number as Excel shows it. */
  number: number;
  cells: XCell[];
  hidden: boolean;
}

export interface SheetInfo {
  name: string;
  part: string;
  hidden: boolean;
}


/** The zip is a document of another kind (ODS, xlsb, Word…), or no workbook at all. */
export class NotXlsx extends Error {
  constructor(readonly kind: 'ods' | 'xlsb' | 'docx' | 'pptx' | 'no_workbook') {
    super(`not xlsx: ${kind}`);
  }
}

export function columnLetters(index0: number): string {
  let n = index0 + 1;
  let s = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/** A1 reference → 0-based column, or -1. */
function columnOf(ref: string): number {
  let n = 0;
  let i = 0;
  for (; i < ref.length; i++) {
    const c = ref.charCodeAt(i) & ~32;
    if (c < 65 || c > 90) break;
    n = n * 26 + (c - 64);
  }
  return i === 0 ? -1 : n - 1;
}

interface Rel {
  type: string;
  target: string;
}

const REL = elements('Relationship');

function relsOf(zip: ZipArchive, part: string): Map<string, Rel> {
  const slash = part.lastIndexOf('/');
  const relsPart = `${part.slice(0, slash + 1)}_rels/${part.slice(slash + 1)}.rels`;
  const xml = zip.read(relsPart)?.toString('utf8') ?? '';
  const out = new Map<string, Rel>();
  for (const m of xml.matchAll(REL)) {
    const a = m[1] ?? '';
    const id = attr(a, 'Id');
    const target = attr(a, 'Target');
    if (id === undefined || target === undefined || attr(a, 'TargetMode') === 'External') continue;
    out.set(id, { type: attr(a, 'Type') ?? '', target: resolvePart(part, target) });
  }
  return out;
}

const relOfType = (rels: Map<string, Rel>, suffix: string): Rel | undefined => [...rels.values()].find((r) => r.type.endsWith(suffix));

export class XlsxBook {
  readonly sheets: SheetInfo[] = [];
  private strings: string[] | undefined;
  private readonly textFormats = new Set<number>();
  /** fullCalcOnLoad: the writer asks Excel to recompute every formula, so cached results are not to be trusted. */
  readonly staleFormulas: boolean;
  private readonly stringsPart: string | undefined;

  constructor(
    readonly zip: ZipArchive,
    private readonly limits: ReadLimits,
  ) {
    if (zip.has('mimetype')) {
      const mime = zip.read('mimetype')?.toString('latin1') ?? '';
      if (mime.includes('opendocument')) throw new NotXlsx('ods');
    }
    if (zip.has('content.xml') && zip.has('meta.xml')) throw new NotXlsx('ods');
    const root = relsOf(zip, '');
    const office = relOfType(root, '/officeDocument')?.target ?? (zip.has('xl/workbook.xml') ? 'xl/workbook.xml' : undefined);
    if (office === undefined) {
      if (zip.has('xl/workbook.bin')) throw new NotXlsx('xlsb');
      if (zip.has('word/document.xml')) throw new NotXlsx('docx');
      if (zip.has('ppt/presentation.xml')) throw new NotXlsx('pptx');
      throw new NotXlsx('no_workbook');
    }
    if (/\.bin$/i.test(office)) throw new NotXlsx('xlsb');
    if (/^word\//i.test(office)) throw new NotXlsx('docx');
    if (/^ppt\//i.test(office)) throw new NotXlsx('pptx');
    const wb = zip.read(office)?.toString('utf8');
    if (wb === undefined) throw new NotXlsx('no_workbook');
    const rels = relsOf(zip, office);
    for (const m of wb.matchAll(elements('sheet'))) {
      const a = m[1] ?? '';
      const rel = rels.get(relId(a) ?? '');
      const state = attr(a, 'state');
      const name = attr(a, 'name') ?? '';
      // Chart sheets and dialog sheets hold no cells.
      if (rel && !rel.type.endsWith('/worksheet')) continue;
      const part = rel?.target ?? `xl/worksheets/sheet${attr(a, 'sheetId') ?? ''}.xml`;
      if (!zip.has(part)) continue;
      this.sheets.push({ name, part, hidden: state === 'hidden' || state === 'veryHidden' });
    }
    if (this.sheets.length === 0) {
      // No usable <sheets> list: the worksheet parts as they lie in the archive.
      for (const e of zip.entries) {
        if (/(^|\/)worksheets\/[^/]+\.xml$/i.test(e.name.replace(/\\/g, '/'))) this.sheets.push({ name: '', part: e.name, hidden: false });
      }
    }
    this.staleFormulas = /<(?:[A-Za-z_][\w.-]*:)?calcPr\b[^>]*\sfullCalcOnLoad\s*=\s*["'](?:1|true)["']/.test(wb);
    this.stringsPart = relOfType(rels, '/sharedStrings')?.target ?? (zip.has('xl/sharedStrings.xml') ? 'xl/sharedStrings.xml' : undefined);
    const stylesPart = relOfType(rels, '/styles')?.target;
    if (stylesPart !== undefined) this.readStyles(stylesPart);
  }

  /** Which cell style indexes show their cell as text (number format @, id 49). */
  private readStyles(part: string): void {
    const xml = this.zip.read(part)?.toString('utf8');
    if (!xml) return;
    const textCodes = new Set<number>([49]);
    for (const m of xml.matchAll(elements('numFmt'))) {
      const a = m[1] ?? '';
      if ((attr(a, 'formatCode') ?? '').trim() === '@') textCodes.add(Number(attr(a, 'numFmtId')));
    }
    const xfs = new RegExp(elementSource('cellXfs')).exec(xml)?.[2] ?? '';
    let i = 0;
    for (const m of xfs.matchAll(elements('xf'))) {
      if (textCodes.has(Number(attr(m[1] ?? '', 'numFmtId') ?? 0))) this.textFormats.add(i);
      i++;
    }
  }

  private sharedStrings(sheet: string): string[] {
    if (this.strings) return this.strings;
    const out: string[] = [];
    const buf = this.stringsPart === undefined ? undefined : this.zip.read(this.stringsPart);
    if (buf) {
      const si = elements('si');
      for (const text of slices(buf, 0, buf.length, 'si')) {
        for (const m of text.matchAll(si)) {
          if (out.length >= this.limits.maxStrings) throw new ReadLimit('strings', { sheet });
          out.push(runText(m[2] ?? ''));
        }
      }
    }
    return (this.strings = out);
  }

  /** The sheet's rows that hold a value, with merged ranges filled from their first cell. */
  readSheet(sheet: SheetInfo): XRow[] {
    const buf = this.zip.read(sheet.part);
    if (!buf) return [];
    const strings = this.sharedStrings(sheet.name);
    const { maxRows, maxColumns, maxCellChars } = this.limits;
    const rows: XRow[] = [];
    const open = findTag(buf, 'sheetData', 0);
    if (open < 0) return rows;
    const close = buf.lastIndexOf('sheetData>');
    const end = close > open ? buf.lastIndexOf('<', close) : buf.length;
    // A sheet with more rows than the cap is refused before a single row is built.
    if (rowsWithValues(buf, open, end, maxRows + 50) > maxRows + 50) throw new ReadLimit('rows', { sheet: sheet.name });
    let last = 0;
    for (const text of slices(buf, open, end, 'row')) {
      for (const m of text.matchAll(ROW)) {
        const ra = m[1] ?? '';
        const rAttr = ra === '' ? undefined : attr(ra, 'r');
        const number = rAttr !== undefined ? parseInt(rAttr, 10) : last + 1;
        last = number;
        const body = m[2];
        if (!body) continue;
        const cells: XCell[] = [];
        let col = -1;
        let any = false;
        for (const c of body.matchAll(CELL)) {
          const ca = c[1] ?? '';
          const ref = ca === '' ? undefined : attr(ca, 'r');
          col = ref !== undefined ? columnOf(ref) : col + 1;
          const cb = c[2];
          if (cb === undefined || cb === '' || col < 0) continue;
          const where = { sheet: sheet.name, row: number, column: col };
          const value = this.cellValue(ca, cb, strings);
          if (value === undefined) continue;
          if (col >= maxColumns) throw new ReadLimit('columns', where);
          const len = typeof value === 'string' ? value.length : typeof value === 'object' && 'text' in value ? value.text.length : 0;
          if (len > maxCellChars) throw new ReadLimit('cell', { ...where, length: len });
          cells[col] = value;
          any = true;
        }
        if (!any) continue;
        const hidden = (ra.includes('hidden') && /^(?:1|true)$/.test(attr(ra, 'hidden') ?? '')) || (ra.includes('ht') && attr(ra, 'ht') === '0');
        rows.push({ number, cells, hidden });
        if (rows.length > maxRows + 50) throw new ReadLimit('rows', { sheet: sheet.name, row: number });
      }
    }
    if (close > open) applyMerges(buf.toString('utf8', close, Math.min(buf.length, close + (16 << 20))), rows, maxColumns);
    return rows;
  }

  private cellValue(attrs: string, body: string, strings: readonly string[]): XCell | undefined {
    const type = hasAttr(attrs, 't') ? (attr(attrs, 't') ?? 'n') : 'n';
    // the common shape, <v>…</v> with plain text: no formula, no other child
    const plain = body.startsWith('<v>') && body.endsWith('</v>') && body.indexOf('<', 3) === body.length - 4;
    const formula = !plain && F_TAG.test(body);
    if (formula && this.staleFormulas) return { noResult: true, stale: true };
    let v: string | undefined;
    if (type === 'inlineStr') {
      const is = IS_TAG.exec(body);
      v = is ? runText(is[2] ?? '') : undefined;
      if (v === undefined) return formula ? { noResult: true, stale: false } : undefined;
      return this.text(attrs, v);
    }
    if (plain) v = xmlText(body.slice(3, -4));
    else {
      const vm = V_TAG.exec(body);
      if (vm) v = xmlText(vm[2] ?? '');
    }
    if (v === undefined) return formula ? { noResult: true, stale: false } : undefined;
    switch (type) {
      case 's': {
        const s = strings[Number(v)];
        if (s === undefined) return { bad: v };
        return this.text(attrs, s);
      }
      case 'str':
        return this.text(attrs, v);
      case 'e':
        return { error: v.trim(), formula };
      case 'b':
        return v.trim() === '1' || v.trim().toLowerCase() === 'true';
      case 'd':
        return v.trim().slice(0, 10);
      default: {
        const t = v.trim();
        const n = t === '' ? NaN : Number(t);
        return Number.isFinite(n) ? n : { bad: t };
      }
    }
  }

  private text(attrs: string, v: string): XCell {
    if (v === '' || this.textFormats.size === 0 || !hasAttr(attrs, 's')) return v;
    const s = attr(attrs, 's');
    return s !== undefined && this.textFormats.has(Number(s)) ? { text: v } : v;
  }
}

/** Whether an attribute list may hold `name` (a cheap test before the regex). */
const hasAttr = (attrs: string, name: string): boolean => attrs.includes(`${name}=`) || attrs.includes(`${name} =`);

const ROW = elements('row');
const CELL = elements('c');
const F_TAG = new RegExp(`<${NS}f[\\s/>]`);
const IS_TAG = new RegExp(elementSource('is'));
const V_TAG = new RegExp(elementSource('v'));

const ROW_END = Buffer.from('row>');
const MARKS = [Buffer.from('v>'), Buffer.from('is>'), Buffer.from('f>')];

/**
 * How many rows in buf[from, to) hold a value, a formula or an inline string, counting no further
 * than `stop` + 1: native searches only, no strings or objects (a hostile sheet costs no memory).
 */
function rowsWithValues(buf: Buffer, from: number, to: number, stop: number): number {
  const next = MARKS.map((m) => buf.indexOf(m, from));
  let rows = 0;
  let start = from;
  let pos = from;
  for (;;) {
    const e = buf.indexOf(ROW_END, pos);
    if (e < 0 || e >= to) return rows;
    pos = e + ROW_END.length;
    let q = e - 1;
    if (buf[q] === 0x3a) {
      q--;
      while (q > start && isNameByte(buf[q] as number)) q--;
    }
    if (!(buf[q] === 0x2f && buf[q - 1] === 0x3c)) continue; // an opening <row>, not the end of one
    let has = false;
    for (let k = 0; k < MARKS.length; k++) {
      let n = next[k] as number;
      if (n >= 0 && n < start) n = next[k] = buf.indexOf(MARKS[k] as Buffer, start);
      if (n >= 0 && n < e) has = true;
    }
    if (has && ++rows > stop) return rows;
    start = pos;
  }
}

const isNameByte = (b: number): boolean => (b >= 0x61 && b <= 0x7a) || (b >= 0x41 && b <= 0x5a) || (b >= 0x30 && b <= 0x39) || b === 0x5f || b === 0x2d || b === 0x2e;

/** Index of the "<" of the first `<prefix:local` element at or after `from`, or -1. */
function findTag(buf: Buffer, local: string, from: number): number {
  let at = buf.indexOf(local, from);
  while (at >= 0) {
    let q = at - 1;
    if (buf[q] === 0x3a) {
      q--;
      while (q > 0 && /[\w.-]/.test(String.fromCharCode(buf[q] as number))) q--;
    }
    if (buf[q] === 0x3c) return q;
    at = buf.indexOf(local, at + 1);
  }
  return -1;
}

/** Fills each merged range with its top-left value, as Excel shows it, in the rows the sheet has. */
function applyMerges(tail: string, rows: XRow[], maxColumns: number): void {
  const byNumber = new Map<number, XRow>();
  for (const r of rows) byNumber.set(r.number, r);
  for (const m of tail.matchAll(elements('mergeCell'))) {
    const ref = /^([A-Za-z]+)(\d+):([A-Za-z]+)(\d+)$/.exec(attr(m[1] ?? '', 'ref') ?? '');
    if (!ref) continue;
    const c1 = columnOf(ref[1] ?? '');
    const r1 = Number(ref[2]);
    const c2 = Math.min(columnOf(ref[3] ?? ''), maxColumns - 1);
    const r2 = Number(ref[4]);
    const master = byNumber.get(r1)?.cells[c1];
    if (master === undefined) continue;
    for (const row of rows) {
      if (row.number < r1 || row.number > r2) continue;
      for (let c = c1; c <= c2; c++) if (!(row.number === r1 && c === c1)) row.cells[c] = master;
    }
  }
}

export function openXlsx(bytes: Uint8Array, limits: ReadLimits): XlsxBook {
  return new XlsxBook(new ZipArchive(bytes, limits), limits);
}

