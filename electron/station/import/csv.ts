/**
 * CSV (and tab-separated "Unicode text") as Chinese Excel and WPS write it: UTF-8 with or without
 * BOM, GBK/GB18030, or UTF-16 with or without BOM; RFC 4180 quoting. A file that mixes UTF-8 and
 * GBK lines is refused rather than half of it read as mojibake.
 */
import iconv from 'iconv-lite';
import { ReadLimit } from './limits.js';

export type TextEncoding = 'utf-8' | 'gbk' | 'utf-16le' | 'utf-16be';

export type DecodeResult =
  | { ok: true; text: string; encoding: TextEncoding; bom: boolean }
  | { ok: false; reason: 'binary' }
  | { ok: false; reason: 'mixed'; utf8Lines: number[]; otherLines: number[] };

const SAMPLE = 65536;

/** UTF-16 without a BOM: text with ASCII separators and digits has a zero in every other byte. */
function utf16Order(b: Uint8Array): 'le' | 'be' | undefined {
  const n = Math.min(b.length, SAMPLE) & ~1;
  if (n < 8) return undefined;
  let even = 0;
  let odd = 0;
  for (let i = 0; i < n; i += 2) {
    if (b[i] === 0) even++;
    if (b[i + 1] === 0) odd++;
  }
  const pairs = n / 2;
  if (odd * 5 >= pairs && even * 50 <= pairs) return 'le';
  if (even * 5 >= pairs && odd * 50 <= pairs) return 'be';
  return undefined;
}

function decodeUtf16(b: Uint8Array, order: 'le' | 'be'): string | undefined {
  const body = b.length % 2 === 0 ? b : b.subarray(0, b.length - 1);
  const buf = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  const text = order === 'le' ? buf.toString('utf16le') : Buffer.from(buf).swap16().toString('utf16le');
  // an unpaired surrogate means these were not UTF-16 code units after all
  return /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(text.slice(0, SAMPLE)) ? undefined : text;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Line numbers (1-based) of lines with non-ASCII bytes that are, and are not, UTF-8 Chinese text. */
function lineEncodings(b: Uint8Array): { utf8Lines: number[]; otherLines: number[] } {
  const utf8Lines: number[] = [];
  const otherLines: number[] = [];
  let start = 0;
  let line = 1;
  for (let i = 0; i <= b.length; i++) {
    if (i < b.length && b[i] !== 0x0a) continue;
    const seg = b.subarray(start, i);
    if (seg.some((x) => x >= 0x80)) {
      let isUtf8 = false;
      try {
        // two or more CJK characters as 3-byte UTF-8: GBK bytes practically never look like that
        isUtf8 = (utf8.decode(seg).match(/[\u4e00-\u9fff]/g)?.length ?? 0) >= 2;
      } catch {
        isUtf8 = false;
      }
      (isUtf8 ? utf8Lines : otherLines).push(line);
    }
    start = i + 1;
    line++;
  }
  return { utf8Lines, otherLines };
}

/** Valid UTF-8 is UTF-8 (a GBK file with Chinese in it almost never is); otherwise GB18030, the
 * superset of GBK that also covers rare characters — unless some lines are UTF-8 and others not. */
export function decodeText(bytes: Uint8Array): DecodeResult {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    const t = decodeUtf16(bytes.subarray(2), 'le');
    return t === undefined ? { ok: false, reason: 'binary' } : { ok: true, text: t, encoding: 'utf-16le', bom: true };
  }
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    const t = decodeUtf16(bytes.subarray(2), 'be');
    return t === undefined ? { ok: false, reason: 'binary' } : { ok: true, text: t, encoding: 'utf-16be', bom: true };
  }
  const order = utf16Order(bytes);
  if (order) {
    const t = decodeUtf16(bytes, order);
    if (t !== undefined && !controlHeavy(t)) return { ok: true, text: t, encoding: order === 'le' ? 'utf-16le' : 'utf-16be', bom: false };
  }
  if (bytes.subarray(0, SAMPLE).includes(0)) return { ok: false, reason: 'binary' };
  const hasBom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const body = hasBom ? bytes.subarray(3) : bytes;
  let text: string;
  let encoding: TextEncoding;
  try {
    text = utf8.decode(body);
    encoding = 'utf-8';
  } catch {
    const lines = lineEncodings(body);
    if (lines.utf8Lines.length > 0 && lines.otherLines.length > 0) return { ok: false, reason: 'mixed', ...lines };
    // Some converters put a UTF-8 BOM in front of GBK text: the BOM is not part of the text either way.
    text = iconv.decode(Buffer.from(body.buffer, body.byteOffset, body.byteLength), 'gb18030');
    encoding = 'gbk';
  }
  if (controlHeavy(text)) return { ok: false, reason: 'binary' };
  return { ok: true, text, encoding, bom: hasBom };
}

/** Text has almost no control characters and no undecodable bytes; random bytes have many. */
function controlHeavy(text: string): boolean {
  let bad = 0;
  const n = Math.min(text.length, SAMPLE);
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if ((c < 0x20 && c !== 9 && c !== 10 && c !== 13) || c === 0xfffd || c === 0x7f) bad++;
  }
  return bad > 0 && bad * 200 > n;
}

/** Comma unless the first lines (a title line may come first) have more tabs or semicolons
 * outside quotes (some exports). */
function guessDelimiter(text: string): number {
  let inQuotes = false;
  let lines = 0;
  const counts = new Map<number, number>([
    [44, 0],
    [9, 0],
    [59, 0],
  ]);
  for (let i = 0; i < text.length && lines < 20; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 34) inQuotes = !inQuotes;
    else if (!inQuotes && (ch === 10 || ch === 13)) lines++;
    else if (!inQuotes && counts.has(ch)) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  }
  let best = 44;
  for (const d of [9, 59]) if ((counts.get(d) ?? 0) > (counts.get(best) ?? 0)) best = d;
  return best;
}

export interface CsvLimits {
  /** Stop after this many records (the caller refuses the file). */
  maxRecords: number;
  maxColumns: number;
  maxCellChars: number;
}

const NO_LIMITS: CsvLimits = { maxRecords: Number.POSITIVE_INFINITY, maxColumns: Number.POSITIVE_INFINITY, maxCellChars: Number.POSITIVE_INFINITY };

/**
 * RFC 4180 records: quoted fields may hold delimiters, doubled quotes and line breaks; CRLF, LF
 * and CR all end a record. A stray quote inside an unquoted field is kept as a character, as
 * Excel does. Returns at most `maxRecords + 1` records; a longer cell or a wider record than the
 * limits throws ReadLimit (naming the record and column), before the cell is built.
 */
export function parseCsv(text: string, limits: CsvLimits = NO_LIMITS): string[][] {
  const delimiter = guessDelimiter(text);
  const records: string[][] = [];
  let record: string[] = [];
  const n = text.length;
  let i = 0;
  const push = (field: string): void => {
    if (field.length > limits.maxCellChars) throw new ReadLimit('cell', { row: records.length + 1, column: record.length, length: field.length });
    if (record.length >= limits.maxColumns && field !== '') throw new ReadLimit('columns', { row: records.length + 1, column: record.length });
    record.push(field);
  };
  while (i <= n) {
    let field: string;
    const start = i;
    if (i < n && text.charCodeAt(i) === 34) {
      // quoted field: up to the closing quote, doubled quotes kept as one
      field = '';
      i++;
      for (;;) {
        const q = text.indexOf('"', i);
        if (q < 0) {
          field += text.slice(i);
          i = n;
          break;
        }
        field += text.slice(i, q);
        if (field.length > limits.maxCellChars) throw new ReadLimit('cell', { row: records.length + 1, column: record.length, length: field.length });
        if (text.charCodeAt(q + 1) === 34) {
          field += '"';
          i = q + 2;
          continue;
        }
        i = q + 1;
        break;
      }
      // anything after the closing quote up to the delimiter belongs to the field, as Excel reads it
      let j = i;
      while (j < n) {
        const c = text.charCodeAt(j);
        if (c === delimiter || c === 10 || c === 13) break;
        j++;
      }
      field += text.slice(i, j);
      i = j;
    } else {
      let j = i;
      while (j < n) {
        const c = text.charCodeAt(j);
        if (c === delimiter || c === 10 || c === 13) break;
        j++;
        if (j - start > limits.maxCellChars) throw new ReadLimit('cell', { row: records.length + 1, column: record.length, length: j - start });
      }
      field = text.slice(i, j);
      i = j;
    }
    push(field);
    if (i >= n) {
      if (!(record.length === 1 && record[0] === '')) records.push(record);
      break;
    }
    const c = text.charCodeAt(i);
    if (c === delimiter) {
      i++;
      if (i === n) {
        push('');
        records.push(record);
        break;
      }
      continue;
    }
    // end of record
    records.push(record);
    if (records.length > limits.maxRecords) return records;
    record = [];
    i += c === 13 && text.charCodeAt(i + 1) === 10 ? 2 : 1;
    if (i >= n) break;
  }
  return records;
}
