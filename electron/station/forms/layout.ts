/**
 * The one page layout every form shares (A4, pdfkit): the election's identity at the top of every
 * page, "第 x 页 / 共 y 页", the station key fingerprint and, on a paper that vouches for a confirmed
 * result, the result QR code (shared/result-qr.ts) and the SHA-256 of result.json in the footer (a
 * draft says 草稿/未确认 there instead), and a diagonal 演练 watermark on drill elections. Pages are buffered
 * (`bufferPages`) so the page total is known when the footers are drawn.
 *
 * Rendering is synchronous: pdfkit writes its chunks through `push`, which is captured here, so a
 * station command (synchronous by design) can render and save a PDF in one call.
 */
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import { FALLBACK, faceRuns, fontPath, needsFallback, useParsedFont, type FaceName } from './fonts.js';

export const A4 = { width: 595.28, height: 841.89 };
const MARGIN = { top: 58, bottom: 104, left: 50, right: 50 };
const INK = '#111111';
const RULE = '#333333';
const SHADE = '#eeeeee';

export interface PageIdentity {
  formTitle: string;
  electionTitle: string;
  village: string;
  township: string;
  county: string;
  electionDate: string;
  electionId: string;
  drill: boolean;
  keyFingerprint: string;
  /** SHA-256 hex of result.json: printed and carried in the QR code. */
  resultSha256: string;
  /**
   * The result QR text (shared/result-qr.ts) when this paper vouches for a confirmed result; null or
   * absent: a draft (草稿/未确认), printed with neither the QR code nor the result hash.
   */
  resultQr?: string | null;
  /** The audit head this paper fixes (tally sheet, checkpoint sheets, result report): printed in the footer. */
  auditHead?: { seq: number; hash: string; label?: string };
}

/** The election's title with （演练） once: demo titles already say 演练. */
export function drillTitle(title: string, drill: boolean): string {
  return drill && !title.includes('演练') ? `${title}（演练）` : title;
}

/** "第 123 项 · 1a2b3c4d5e6f": the audit event number and the first 12 hex digits of its hash. */
export function auditHeadLabel(h: { seq: number; hash: string }): string {
  return `第 ${h.seq} 项 · ${h.hash.slice(0, 12)}`;
}

type FontObject = { layout: (...args: unknown[]) => unknown };
export const FACE_NAMES: readonly FaceName[] = ['R', 'B', 'S', 'H'];
const parsedFonts = new Map<FaceName, FontObject>();

/** Fonts are parsed once per process and handed to pdfkit as fontkit objects (each PDF embeds its own subset). */
function fontSource(face: FaceName): FontObject | string {
  return parsedFonts.get(face) ?? fontPath(face);
}

function rememberFont(doc: PDFKit.PDFDocument, face: FaceName): void {
  if (parsedFonts.has(face)) return;
  const f = (doc as unknown as { _font?: { font?: FontObject } })._font?.font;
  if (f && typeof f.layout === 'function') {
    parsedFonts.set(face, f);
    useParsedFont(face, f);
  }
}

/** One text drawing call, recorded for the benchmark that replays the same text with raw pdfkit. */
export interface TextCall {
  page: number;
  font: FaceName;
  size: number;
  text: string;
  x: number | undefined;
  y: number | undefined;
  options: PDFKit.Mixins.TextOptions | undefined;
}
let textRecorder: ((call: TextCall) => void) | undefined;
/** Benchmark hook: every text call of the next documents goes to `fn` (undefined: stop). */
export function recordTextCalls(fn: ((call: TextCall) => void) | undefined): void {
  textRecorder = fn;
}

/** A parsed face (after a first document), so a raw pdfkit comparison can use the very same. */
export function parsedFont(face: FaceName | boolean): unknown {
  return fontSource(typeof face === 'boolean' ? (face ? 'B' : 'R') : face);
}

/** Registers the four faces as 'R', 'B', 'S', 'H' on a document (the benchmark's raw pdfkit uses this too). */
export function registerFaces(doc: PDFKit.PDFDocument): void {
  for (const f of FACE_NAMES) doc.registerFont(f, fontSource(f) as unknown as string);
  for (const f of FACE_NAMES) {
    doc.font(f);
    rememberFont(doc, f);
  }
  doc.font('R');
}

type DocInternals = {
  _font: unknown;
  _fontSize: number;
  _fontFamilies: Record<string, unknown>;
  _pageBuffer: unknown[];
  _lineGap?: number;
  page: { width: number; margins: { right: number } };
};
type TextFn = (...a: unknown[]) => PDFKit.PDFDocument;

/** The face the document is set in now ('R' when it is none of the four). */
function currentFace(doc: PDFKit.PDFDocument): FaceName {
  const d = doc as unknown as DocInternals;
  if (d._fontFamilies.R === d._font) return 'R';
  for (const f of FACE_NAMES) if (d._fontFamilies[f] === d._font) return f;
  return 'R';
}

/** pdfkit's text(str, [x, y,] [options]) arguments, normalised. */
function textArgs(a: readonly unknown[]): { x: number | undefined; y: number | undefined; options: PDFKit.Mixins.TextOptions } {
  if (typeof a[1] === 'number') return { x: a[1], y: typeof a[2] === 'number' ? a[2] : undefined, options: (a[3] ?? {}) as PDFKit.Mixins.TextOptions };
  return { x: undefined, y: undefined, options: (a[1] ?? {}) as PDFKit.Mixins.TextOptions };
}

/**
 * Draws text that has characters the serif lacks (𠮷): each run in the face that has its glyphs,
 * on one baseline, wrapped and aligned here (pdfkit's own `continued` runs misplace centred and
 * right-aligned text). Moves the cursor below the text as pdfkit's text() does.
 */
function drawWithFallback(doc: PDFKit.PDFDocument, draw: TextFn, face: FaceName, str: string, xArg: number | undefined, yArg: number | undefined, o: PDFKit.Mixins.TextOptions): PDFKit.PDFDocument {
  const d = doc as unknown as DocInternals;
  const size = d._fontSize;
  const x = xArg ?? doc.x;
  const y0 = yArg ?? doc.y;
  const width = o.width ?? d.page.width - d.page.margins.right - x;
  const cs = o.characterSpacing ?? 0;
  const lineGap = o.lineGap ?? d._lineGap ?? 0;
  const wrap = o.lineBreak !== false;
  const runWidth = (r: { face: FaceName; text: string }): number => {
    doc.font(r.face);
    return doc.widthOfString(r.text, { characterSpacing: cs }) + cs;
  };
  // Lines: explicit breaks, then (when wrapping) as many characters as fit the width.
  const lines: string[] = [];
  for (const para of str.split('\n')) {
    if (!wrap) {
      lines.push(para);
      continue;
    }
    let line = '';
    let w = 0;
    for (const ch of para) {
      const cw = runWidth(faceRuns(ch, face)[0] ?? { face, text: ch });
      if (line && w + cw > width + 0.01) {
        lines.push(line);
        line = '';
        w = 0;
      }
      line += ch;
      w += cw;
    }
    lines.push(line);
  }
  doc.font(face);
  const lineH = doc.currentLineHeight(true) + lineGap;
  const baseline = ((doc as unknown as { _font: { ascender: number } })._font.ascender / 1000) * size;
  lines.forEach((line, i) => {
    const runs = faceRuns(line, face);
    const total = runs.reduce((n, r) => n + runWidth(r), 0) - (line ? cs : 0);
    let cx = o.align === 'center' ? x + (width - total) / 2 : o.align === 'right' ? x + width - total : x;
    for (const r of runs) {
      const w = runWidth(r);
      doc.font(r.face);
      draw(r.text, cx, y0 + i * lineH + baseline, { lineBreak: false, characterSpacing: cs, baseline: 'alphabetic' });
      cx += w;
    }
  });
  doc.font(face);
  doc.x = x;
  doc.y = y0 + lines.length * lineH;
  return doc;
}

/** A new A4 pdfkit document with the station's faces registered, capturing its bytes synchronously. */
export function newDocument(info: { title: string; subject?: string }): { doc: PDFKit.PDFDocument; bytes: () => Buffer } {
  const doc = new PDFDocument({
    size: 'A4',
    bufferPages: true,
    autoFirstPage: false,
    margins: MARGIN,
    info: { Title: info.title, Subject: info.subject ?? '', Creator: '村级选举计票站', Producer: 'pdfkit' },
  });
  const chunks: Buffer[] = [];
  // The constructor already pushed the PDF header into the stream's buffer: take it first.
  const head = (doc as unknown as { read: () => Buffer | null }).read();
  if (head) chunks.push(Buffer.from(head));
  let ended = false;
  (doc as unknown as { push: (chunk: Uint8Array | null) => boolean }).push = (chunk) => {
    if (chunk === null) ended = true;
    else chunks.push(Buffer.from(chunk));
    return true;
  };
  registerFaces(doc);
  const rec = textRecorder;
  const raw = doc.text.bind(doc) as TextFn;
  const draw: TextFn = rec
    ? (...a: unknown[]) => {
        const d = doc as unknown as DocInternals;
        const { x, y, options } = textArgs(a);
        rec({ page: d._pageBuffer.indexOf(doc.page), font: currentFace(doc), size: d._fontSize, text: String(a[0]), x, y, options: Object.keys(options).length > 0 ? options : undefined });
        return raw(...a);
      }
    : raw;
  // Every text call: straight to pdfkit, unless the serif lacks one of its characters.
  (doc as unknown as { text: TextFn }).text = (...a: unknown[]) => {
    const face = currentFace(doc);
    const str = String(a[0] ?? '');
    if (!FALLBACK[face] || !needsFallback(str, face)) return draw(...a);
    const { x, y, options } = textArgs(a);
    return drawWithFallback(doc, draw, face, str, x, y, options);
  };
  // widthOfString stays pdfkit's own: every CJK glyph of both faces is 1 em wide, so measuring a
  // string with a fallback character in the serif gives the same width, and pdfkit asks for widths
  // once per character while it wraps CJK text (a check here would run thousands of times a form).
  return {
    doc,
    bytes: () => {
      if (!ended) throw new Error('document not ended');
      return Buffer.concat(chunks);
    },
  };
}

export interface Column {
  label: string;
  /** Relative width; columns share the content width. */
  width: number;
  align?: 'left' | 'center' | 'right';
}

export interface TableOptions {
  fontSize?: number;
  /** Minimum row height. */
  rowHeight?: number;
  /** Rows drawn bold (e.g. totals). */
  boldRows?: ReadonlySet<number>;
  /** Draw this caption above the header again on continuation pages. */
  caption?: string;
  /**
   * Height of what must follow the table on the same page (a signature block): the table's last
   * rows move to the next page with it rather than leave it alone there.
   */
  keepWithNext?: number;
}

export interface TextOptions {
  size?: number;
  bold?: boolean;
  align?: 'left' | 'center' | 'right' | 'justify';
  indent?: number;
  color?: string;
  /** Height of what must follow on the same page (see TableOptions.keepWithNext). */
  keepWithNext?: number;
}

export interface SignatureRole {
  role: string;
  count?: number;
  names?: readonly string[];
}

const SIGNATURE_ROW = 30;
/** Height of sealArea(). */
export const SEAL_AREA_HEIGHT = 118;

/** Height of a signatures() block. */
export function signaturesHeight(roles: readonly SignatureRole[]): number {
  const n = roles.reduce((t, r) => t + Math.max(r.count ?? 1, r.names?.length ?? 0), 0);
  return SIGNATURE_ROW * Math.ceil(n / 2) + 6;
}

export class FormWriter {
  readonly doc: PDFKit.PDFDocument;
  private readonly bytes: () => Buffer;
  readonly left = MARGIN.left;
  readonly right = A4.width - MARGIN.right;
  readonly width = A4.width - MARGIN.left - MARGIN.right;
  readonly bottom = A4.height - MARGIN.bottom;
  readonly top = MARGIN.top;

  constructor(readonly id: PageIdentity) {
    const d = newDocument({ title: `${id.formTitle} — ${id.electionTitle}`, subject: id.electionId });
    this.doc = d.doc;
    this.bytes = d.bytes;
    this.newPage();
  }

  get y(): number {
    return this.doc.y;
  }
  set y(v: number) {
    this.doc.y = v;
  }

  newPage(): void {
    this.doc.addPage();
    this.doc.x = this.left;
    this.doc.y = this.top;
  }

  /** Starts a new page unless `h` points still fit. */
  ensure(h: number): void {
    if (this.doc.y + h > this.bottom) this.newPage();
  }

  /** Points left on this page. */
  get room(): number {
    return this.bottom - this.doc.y;
  }

  gap(h = 8): void {
    this.doc.y += h;
  }

  /** The form's title, large and centred in the bold serif (小标宋 style), with an optional second line. */
  title(text: string, sub?: string): void {
    const { doc } = this;
    doc.font('B').fontSize(20).fillColor(INK).text(text, this.left, doc.y, { width: this.width, align: 'center', characterSpacing: 2 });
    if (sub) {
      doc.moveDown(0.2);
      doc.font('R').fontSize(11).text(sub, this.left, doc.y, { width: this.width, align: 'center' });
    }
    doc.moveDown(0.6);
  }

  /** A section heading (黑体 style); it never ends a page: it keeps its table's header and first rows with it. */
  heading(text: string, keep = 100): void {
    this.ensure(keep);
    const { doc } = this;
    doc.font('B').fontSize(12).fillColor(INK).text(text, this.left, doc.y, { width: this.width });
    doc.moveDown(0.3);
  }

  /** Height text() would take. */
  measure(str: string, o: TextOptions = {}): number {
    const { doc } = this;
    doc.font(o.bold ? 'B' : 'R').fontSize(o.size ?? 11);
    return doc.heightOfString(str, { width: this.width - (o.indent ?? 0), lineGap: 3 });
  }

  text(str: string, o: TextOptions = {}): void {
    const { doc } = this;
    // No glyph is wider than 1 em, so this many lines is the most the text can take: when that
    // fits, the exact layout (a second full pass over the text) is not needed.
    const size = o.size ?? 11;
    const lines = str.split('\n').reduce((n, l) => n + Math.max(1, Math.ceil(([...l].length * size) / (this.width - (o.indent ?? 0)))), 0);
    const bound = lines * (size * 1.5 + 3);
    const h = this.doc.y + bound + (o.keepWithNext ?? 0) <= this.bottom ? bound : this.measure(str, o);
    this.ensure(Math.min(h, 200) + (o.keepWithNext ?? 0));
    doc.font(o.bold ? 'B' : 'R').fontSize(o.size ?? 11);
    doc.fillColor(o.color ?? INK).text(str, this.left + (o.indent ?? 0), doc.y, { width: this.width - (o.indent ?? 0), align: o.align ?? 'left', lineGap: 3 });
    doc.fillColor(INK);
  }

  /** A ruled label/value grid, `cols` pairs per row (labels shaded). */
  grid(cells: readonly [string, string][], cols = 2, o: { fontSize?: number } = {}): void {
    const { doc } = this;
    const fs = o.fontSize ?? 10;
    const rowH = fs * 2 + 2;
    const pairW = this.width / cols;
    const labelW = pairW * 0.58;
    for (let i = 0; i < cells.length; i += cols) {
      this.ensure(rowH);
      const y = doc.y;
      for (let c = 0; c < cols; c++) {
        const cell = cells[i + c];
        const x = this.left + c * pairW;
        doc.rect(x, y, labelW, rowH).fillAndStroke(SHADE, RULE);
        doc.rect(x + labelW, y, pairW - labelW, rowH).stroke(RULE);
        if (cell) {
          doc.fillColor(INK).font('R').fontSize(fs).text(cell[0], x + 4, y + (rowH - fs) / 2 - 1.5, { width: labelW - 8, lineBreak: false, ellipsis: true });
          // A long value (a document reference) is set smaller rather than spill out of its cell.
          const vw = pairW - labelW - 8;
          let vs = fs;
          doc.font('B');
          while (vs > 6.5 && doc.fontSize(vs).widthOfString(cell[1]) > vw) vs -= 0.5;
          doc.text(cell[1], x + labelW + 4, y + (rowH - vs) / 2 - 1.5, { width: vw, align: 'center', lineBreak: false });
          doc.fontSize(fs);
        }
      }
      doc.y = y + rowH;
    }
    doc.x = this.left;
    doc.font('R').fillColor(INK);
  }

  /** A ruled table; the header repeats on every page the table runs onto. */
  table(columns: readonly Column[], rows: readonly (readonly string[])[], o: TableOptions = {}): void {
    const { doc } = this;
    const fs = o.fontSize ?? 10;
    const minH = o.rowHeight ?? fs * 2 + 2;
    const total = columns.reduce((n, c) => n + c.width, 0);
    const widths = columns.map((c) => (c.width / total) * this.width);
    const pad = 4;
    // No glyph of the fonts is wider than 1 em, so a cell whose characters times the font size fit
    // its width is one line: no need to lay it out twice (this makes a 5,000-name roll fast).
    const oneLine = (cell: string, w: number): boolean => cell.length * fs <= w && !cell.includes('\n');
    doc.font('R').fontSize(fs);
    const lineH = doc.currentLineHeight(true) + 1;
    const faceOf = (header: boolean, bold: boolean): 'B' | 'R' => (header || bold ? 'B' : 'R');
    const cellHeight = (row: readonly string[], face: 'B' | 'R'): number => {
      doc.font(face).fontSize(fs);
      let h = minH;
      row.forEach((cell, i) => {
        const w = (widths[i] ?? 20) - 2 * pad;
        if (oneLine(cell, w)) return;
        h = Math.max(h, doc.heightOfString(cell || ' ', { width: w, lineGap: 1 }) + 2 * pad + 2);
      });
      return h;
    };
    const drawRow = (row: readonly string[], y: number, h: number, header: boolean, bold: boolean): void => {
      let x = this.left;
      if (header) {
        row.forEach((_c, i) => {
          const w = widths[i] ?? 20;
          doc.rect(x, y, w, h).fillAndStroke(SHADE, RULE);
          x += w;
        });
      } else {
        // One path for the row's ruling: its box and the column separators.
        doc.rect(this.left, y, this.width, h);
        for (const w of widths.slice(0, -1)) {
          x += w;
          doc.moveTo(x, y).lineTo(x, y + h);
        }
        doc.stroke(RULE);
      }
      x = this.left;
      doc.fillColor(INK).font(faceOf(header, bold)).fontSize(fs);
      row.forEach((cell, i) => {
        const w = widths[i] ?? 20;
        if (cell) {
          const single = oneLine(cell, w - 2 * pad);
          const th = single ? lineH : doc.heightOfString(cell, { width: w - 2 * pad, lineGap: 1 });
          doc.text(cell, x + pad, y + (h - th) / 2 + 0.5, { width: w - 2 * pad, align: header ? 'center' : (columns[i]?.align ?? 'left'), lineGap: 1, lineBreak: !single });
        }
        x += w;
      });
    };
    const header = columns.map((c) => c.label);
    const headerH = cellHeight(header, 'B');
    const startTable = (continued: boolean): void => {
      if (continued && o.caption) {
        doc.font('R').fontSize(9).fillColor('#555555').text(`${o.caption}（续）`, this.left, doc.y, { width: this.width });
        doc.fillColor(INK);
      }
      const y = doc.y;
      drawRow(header, y, headerH, true, true);
      doc.y = y + headerH;
    };
    const heights = rows.map((row, i) => cellHeight(row, faceOf(false, o.boldRows?.has(i) ?? false)));
    // The rows that go with what follows (keepWithNext): the last two, or all when there are fewer.
    const tailFrom = o.keepWithNext ? Math.max(0, rows.length - 2) : rows.length;
    const tailH = heights.slice(tailFrom).reduce((n, h) => n + h, 0) + (o.keepWithNext ?? 0);
    doc.lineWidth(0.7);
    this.ensure(headerH + Math.min(rows.length, 2) * minH + 8 + (tailFrom === 0 ? (o.keepWithNext ?? 0) : 0));
    startTable(false);
    rows.forEach((row, i) => {
      const bold = o.boldRows?.has(i) ?? false;
      const h = heights[i] ?? minH;
      const tailBreak = i === tailFrom && i > 0 && doc.y + tailH > this.bottom && tailH + headerH + 20 < this.bottom - this.top;
      if (doc.y + h > this.bottom || tailBreak) {
        this.newPage();
        startTable(true);
      }
      const y = doc.y;
      drawRow(row, y, h, false, bold);
      doc.y = y + h;
    });
    doc.x = this.left;
    doc.font('R').fontSize(11).fillColor(INK);
  }

  /** Signature lines, each role with `count` blanks, two per row; the block is never split across pages. */
  signatures(roles: readonly SignatureRole[]): void {
    const { doc } = this;
    const items: { role: string; name: string }[] = [];
    for (const r of roles) {
      const n = Math.max(r.count ?? 1, r.names?.length ?? 0);
      for (let i = 0; i < n; i++) items.push({ role: r.role, name: r.names?.[i] ?? '' });
    }
    const colW = this.width / 2;
    const rowH = SIGNATURE_ROW;
    this.ensure(signaturesHeight(roles));
    doc.lineWidth(0.7);
    for (let i = 0; i < items.length; i += 2) {
      const y = doc.y;
      for (let c = 0; c < 2; c++) {
        const it = items[i + c];
        if (!it) continue;
        const x = this.left + c * colW;
        const label = `${it.role}（签名）：`;
        doc.font('R').fontSize(11).fillColor(INK).text(label, x, y + 10, { width: colW - 40, lineBreak: false });
        const lx = x + Math.max(118, doc.widthOfString(label) + 4);
        doc.moveTo(lx, y + 24).lineTo(x + colW - 16, y + 24).stroke(RULE);
        if (it.name) doc.font('R').fontSize(7.5).fillColor('#666666').text(`（${it.name}）`, lx, y + 25, { width: colW - 140, lineBreak: false });
      }
      doc.y = y + rowH;
    }
    doc.y += 6;
    doc.x = this.left;
    doc.fillColor(INK);
  }

  /** A dashed square where the committee's seal goes, with the signer's line beside it. */
  sealArea(label: string, signer?: string, date?: string): void {
    const { doc } = this;
    const h = SEAL_AREA_HEIGHT - 8;
    this.ensure(SEAL_AREA_HEIGHT);
    const y = doc.y + 4;
    const boxX = this.right - 130;
    doc.save().lineWidth(0.8).dash(4, { space: 3 }).rect(boxX, y, 120, 100).stroke('#777777').restore();
    doc.font('R').fontSize(9).fillColor('#777777').text('（盖章处）', boxX, y + 44, { width: 120, align: 'center' });
    doc.font('R').fillColor(INK).fontSize(11).text(label, this.left, y + 14, { width: boxX - this.left - 20 });
    if (signer) {
      const label = `${signer}（签名）：`;
      doc.text(label, this.left, y + 48, { width: boxX - this.left - 60, lineBreak: false });
      const lx = this.left + doc.widthOfString(label) + 4;
      doc.moveTo(lx, y + 62).lineTo(Math.max(lx + 80, boxX - 24), y + 62).stroke(RULE);
    }
    doc.text(`日期：${date ?? '        年    月    日'}`, this.left, y + 80, { width: boxX - this.left - 20 });
    doc.y = y + h;
    doc.x = this.left;
  }

  /** Draws the identity band, watermark and footer on every page, ends the document and returns its bytes. */
  finish(): { buffer: Buffer; pages: number } {
    const { doc, id } = this;
    const range = doc.bufferedPageRange();
    const pages = range.count;
    const qr = id.resultQr ? QRCode.create(id.resultQr, { errorCorrectionLevel: 'M' }).modules : null;
    for (let i = range.start; i < range.start + pages; i++) {
      doc.switchToPage(i);
      // Text drawn in the margins must not push pdfkit onto a new page.
      const savedBottom = doc.page.margins.bottom;
      doc.page.margins.bottom = 0;
      if (id.drill) drillWatermark(doc);
      this.band();
      this.footer(i - range.start + 1, pages, qr);
      doc.page.margins.bottom = savedBottom;
    }
    doc.end();
    return { buffer: this.bytes(), pages };
  }

  private band(): void {
    const { doc, id } = this;
    const place = [id.county, id.township, id.village].filter(Boolean).join(' ');
    doc.font('R').fontSize(8).fillColor('#444444');
    doc.text(drillTitle(id.electionTitle, id.drill), this.left, 22, { width: this.width * 0.62, lineBreak: false, ellipsis: true });
    doc.text(`${place}\u3000选举日 ${id.electionDate}`, this.left + this.width * 0.62, 22, { width: this.width * 0.38, align: 'right', lineBreak: false });
    doc.text(`选举编号 ${id.electionId}`, this.left, 33, { width: this.width * 0.62, lineBreak: false });
    doc.text(id.formTitle, this.left + this.width * 0.62, 33, { width: this.width * 0.38, align: 'right', lineBreak: false });
    doc.moveTo(this.left, 45).lineTo(this.right, 45).lineWidth(0.6).stroke('#444444');
    doc.fillColor(INK);
  }

  private footer(page: number, pages: number, qr: { size: number; get(r: number, c: number): number | boolean } | null): void {
    const { doc, id } = this;
    const y0 = A4.height - MARGIN.bottom + 14;
    doc.moveTo(this.left, y0).lineTo(this.right, y0).lineWidth(0.6).stroke('#444444');
    const qrSize = 70;
    if (qr) {
      const qrX = this.right - qrSize;
      const qrY = y0 + 8;
      const m = qrSize / qr.size;
      doc.save().fillColor('#000000');
      // One rectangle per run of dark modules in a row (a third of the path operators of one per module).
      for (let r = 0; r < qr.size; r++) {
        for (let c = 0; c < qr.size; c++) {
          if (!qr.get(r, c)) continue;
          let end = c;
          while (end + 1 < qr.size && qr.get(r, end + 1)) end++;
          doc.rect(qrX + c * m, qrY + r * m, (end - c + 1) * m + 0.05, m + 0.05);
          c = end;
        }
      }
      doc.fill();
      doc.restore();
    }
    const textW = this.width - qrSize - 24;
    doc.font('B').fontSize(10).fillColor(INK).text(`第 ${page} 页 / 共 ${pages} 页`, this.left, y0 + 8, { width: textW, lineBreak: false });
    if (id.auditHead) {
      doc.font('R').fontSize(8).fillColor('#333333').text(`审计记录：${id.auditHead.label ?? auditHeadLabel(id.auditHead)}`, this.left + 110, y0 + 10, { width: textW - 110, lineBreak: false, ellipsis: true });
    }
    doc.font('R').fontSize(7.5).fillColor('#333333');
    doc.text(`计票站密钥指纹：${id.keyFingerprint}`, this.left, y0 + 26, { width: textW, lineBreak: false });
    if (qr) {
      doc.text(`结果数据 result.json 的 SHA-256（右侧二维码，供乡镇扫码核对）：`, this.left, y0 + 38, { width: textW, lineBreak: false });
      doc.text(`${id.resultSha256.slice(0, 32)}`, this.left, y0 + 49, { width: textW, lineBreak: false });
      doc.text(`${id.resultSha256.slice(32)}`, this.left, y0 + 59, { width: textW, lineBreak: false });
    } else {
      // A paper printed before the result is confirmed must not vouch for data that will still change.
      doc.font('B').fontSize(10).fillColor('#b00000').text('草稿/未确认', this.left, y0 + 38, { width: textW, lineBreak: false });
      doc.font('R').fontSize(7.5).fillColor('#333333').text('本页不是已确认的选举结果，不带结果二维码，不能用来核对导出包。', this.left, y0 + 52, { width: textW, lineBreak: false });
    }
    if (id.drill) doc.font('B').fillColor('#b00000').text('演练数据，不作为正式选举结果', this.left, y0 + 71, { width: textW, lineBreak: false });
    doc.fillColor(INK);
  }
}

/** The diagonal 演练 mark across a page (every form and the ballot paper of a drill election). */
export function drillWatermark(doc: PDFKit.PDFDocument, text = '演练'): void {
  doc.save();
  doc.rotate(-35, { origin: [A4.width / 2, A4.height / 2] });
  doc.font('B').fontSize(170).fillColor('#c00000').fillOpacity(0.12);
  doc.text(text, 0, A4.height / 2 - 110, { width: A4.width, align: 'center', lineBreak: false });
  doc.restore();
  doc.fillOpacity(1).fillColor(INK);
}

/** Two-digit numbers as Chinese date text: 2026-06-20 -> 2026年6月20日. */
export function chineseDate(iso: string): string {
  const [y, m, d] = iso.slice(0, 10).split('-');
  if (!y || !m || !d) return iso;
  return `${y}年${Number(m)}月${Number(d)}日`;
}

/** Local date and time of an ISO timestamp: 2026-06-20 16:42. */
export function localDateTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}
