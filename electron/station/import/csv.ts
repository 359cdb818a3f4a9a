/** CSV as Chinese Excel writes it: UTF-8 with or without BOM, or GBK; RFC 4180 quoting. */
import iconv from 'iconv-lite';

export type TextEncoding = 'utf-8' | 'gbk';

export type DecodeResult = { ok: true; text: string; encoding: TextEncoding } | { ok: false; reason: 'binary' | 'utf16' };

/** Valid UTF-8 is UTF-8 (a GBK file with Chinese in it almost never is); anything else is read
 * as GB18030, the superset of GBK that also covers rare characters. */
export function decodeText(bytes: Uint8Array): DecodeResult {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) return { ok: false, reason: 'utf16' };
  const sample = bytes.subarray(0, 65536);
  if (sample.includes(0)) return { ok: false, reason: 'binary' };
  let text: string;
  let encoding: TextEncoding;
  const hasBom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const body = hasBom ? bytes.subarray(3) : bytes;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(body);
    encoding = 'utf-8';
  } catch {
    // Some converters put a UTF-8 BOM in front of GBK text: the BOM is not part of the text either way.
    text = iconv.decode(Buffer.from(body.buffer, body.byteOffset, body.byteLength), 'gb18030');
    encoding = 'gbk';
  }
  // Text has almost no control characters and no undecodable bytes; random bytes have many.
  let bad = 0;
  const n = Math.min(text.length, 65536);
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if ((c < 0x20 && c !== 9 && c !== 10 && c !== 13) || c === 0xfffd || c === 0x7f) bad++;
  }
  if (bad > 0 && bad * 200 > n) return { ok: false, reason: 'binary' };
  return { ok: true, text, encoding };
}

/** Comma unless the first lines (a title line may come first) have more tabs or semicolons
 * outside quotes (some exports). */
function guessDelimiter(text: string): string {
  let inQuotes = false;
  let lines = 0;
  const counts: Record<string, number> = { ',': 0, '\t': 0, ';': 0 };
  for (let i = 0; i < text.length && lines < 20; i++) {
    const ch = text.charAt(i);
    if (ch === '"') inQuotes = !inQuotes;
    else if (!inQuotes && (ch === '\n' || ch === '\r')) lines++;
    else if (!inQuotes && ch in counts) counts[ch] = (counts[ch] ?? 0) + 1;
  }
  let best = ',';
  for (const d of ['\t', ';']) if ((counts[d] ?? 0) > (counts[best] ?? 0)) best = d;
  return best;
}

/**
 * RFC 4180 records: quoted fields may hold delimiters, doubled quotes and line breaks; CRLF, LF
 * and CR all end a record. A stray quote inside an unquoted field is kept as a character, as
 * Excel does. Returns at most `maxRecords + 1` records so a huge file is refused early.
 */
export function parseCsv(text: string, maxRecords = Number.POSITIVE_INFINITY): string[][] {
  const delimiter = guessDelimiter(text);
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let i = 0;
  const n = text.length;
  let quoted = false;
  let atFieldStart = true;
  while (i < n) {
    const ch = text.charAt(i);
    if (quoted) {
      if (ch === '"') {
        if (text.charAt(i + 1) === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        continue;
      }
      field += ch;
      i++;
      continue;
    }
    if (ch === '"' && atFieldStart) {
      quoted = true;
      atFieldStart = false;
      i++;
      continue;
    }
    if (ch === delimiter) {
      record.push(field);
      field = '';
      atFieldStart = true;
      i++;
      continue;
    }
    if (ch === '\r' || ch === '\n') {
      record.push(field);
      records.push(record);
      if (records.length > maxRecords) return records;
      record = [];
      field = '';
      atFieldStart = true;
      i += ch === '\r' && text.charAt(i + 1) === '\n' ? 2 : 1;
      continue;
    }
    field += ch;
    atFieldStart = false;
    i++;
  }
  if (field !== '' || record.length > 0) {
    record.push(field);
    records.push(record);
  }
  return records;
}
