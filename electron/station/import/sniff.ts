/**
 * What a file is, from its bytes (the name only breaks the tie between .xls and WPS .et, which are
 * both OLE compound files): a zip (xlsx and its cousins), an OLE compound file (an encrypted
 * xlsx, an old .xls, a WPS .et, a Word document), a bare BIFF stream, a web page or XML
 * spreadsheet saved as .xls, or text to read as CSV.
 */

export type FileKind =
  | 'empty'
  | 'zip'
  | 'encrypted_ooxml'
  | 'xls'
  | 'et'
  | 'doc'
  | 'ole'
  | 'html'
  | 'xml2003'
  | 'fods'
  | 'pdf'
  | 'text';

const OLE_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

/** Stream and storage names of an OLE compound file (CFB), from its directory; [] when unreadable. */
export function oleNames(b: Uint8Array): string[] {
  if (b.length < 512) return [];
  const buf = Buffer.from(b.buffer, b.byteOffset, b.byteLength);
  const shift = buf.readUInt16LE(0x1e);
  if (shift !== 9 && shift !== 12) return [];
  const size = 1 << shift;
  const sectors = Math.floor((buf.length - 512) / size) + 1;
  const at = (s: number): number => (s + 1) * size;
  // FAT sector numbers: 109 in the header, the rest along the DIFAT chain
  const fatSectors: number[] = [];
  for (let i = 0; i < 109; i++) {
    const s = buf.readUInt32LE(0x4c + i * 4);
    if (s < sectors) fatSectors.push(s);
  }
  let difat = buf.readUInt32LE(0x44);
  for (let guard = 0; difat < sectors && guard < sectors; guard++) {
    const base = at(difat);
    if (base + size > buf.length) break;
    for (let i = 0; i < size / 4 - 1; i++) {
      const s = buf.readUInt32LE(base + i * 4);
      if (s < sectors) fatSectors.push(s);
    }
    difat = buf.readUInt32LE(base + size - 4);
  }
  const next = (s: number): number => {
    const per = size / 4;
    const fs = fatSectors[Math.floor(s / per)];
    if (fs === undefined || at(fs) + size > buf.length) return 0xfffffffe;
    return buf.readUInt32LE(at(fs) + (s % per) * 4);
  };
  const names: string[] = [];
  let dir = buf.readUInt32LE(0x30);
  for (let guard = 0; dir < sectors && guard < sectors; guard++) {
    const base = at(dir);
    if (base + size > buf.length) break;
    for (let e = base; e < base + size; e += 128) {
      const len = buf.readUInt16LE(e + 0x40);
      const type = buf[e + 0x42];
      if (len >= 2 && len <= 64 && (type === 1 || type === 2 || type === 5)) names.push(buf.toString('utf16le', e, e + len - 2));
    }
    dir = next(dir);
  }
  return names;
}

function startsWith(b: Uint8Array, sig: readonly number[]): boolean {
  return sig.every((x, i) => b[i] === x);
}

/** The first characters of a text file, whatever its encoding (UTF-8/GBK/UTF-16), lower-cased. */
function head(b: Uint8Array): string {
  const n = Math.min(b.length, 4096);
  let s = b.subarray(0, n);
  let enc: BufferEncoding = 'latin1';
  if ((s[0] === 0xff && s[1] === 0xfe) || (s[1] === 0 && s[0] !== 0)) {
    enc = 'utf16le';
    s = s[0] === 0xff ? s.subarray(2) : s;
  } else if ((s[0] === 0xfe && s[1] === 0xff) || (s[0] === 0 && s[1] !== 0)) {
    s = Buffer.from(s[0] === 0xfe ? s.subarray(2) : s).swap16();
    enc = 'utf16le';
  }
  const text = Buffer.from(s.buffer, s.byteOffset, s.byteLength & (enc === 'utf16le' ? ~1 : ~0)).toString(enc);
  return text.replace(/^\uFEFF|^\u00EF\u00BB\u00BF/, '').trimStart().toLowerCase();
}

export function sniff(bytes: Uint8Array, fileName: string): FileKind {
  if (bytes.byteLength === 0) return 'empty';
  if (bytes[0] === 0x50 && bytes[1] === 0x4b && (bytes[2] === 0x03 || bytes[2] === 0x05 || bytes[2] === 0x07)) return 'zip';
  if (startsWith(bytes, OLE_MAGIC)) {
    const names = oleNames(bytes).map((n) => n.toLowerCase());
    const raw = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    if (names.includes('encryptedpackage') || (names.length === 0 && raw.includes(Buffer.from('EncryptedPackage', 'utf16le')))) return 'encrypted_ooxml';
    if (/\.ett?$/i.test(fileName)) return 'et';
    if (names.includes('worddocument')) return 'doc';
    if (names.includes('workbook') || names.includes('book') || names.length === 0) return 'xls';
    return 'ole';
  }
  // BIFF2–BIFF5 written without an OLE wrapper: a BOF record first
  if (bytes[0] === 0x09 && (bytes[1] === 0x00 || bytes[1] === 0x02 || bytes[1] === 0x04 || bytes[1] === 0x08) && bytes[3] === 0x00 && (bytes[2] ?? 0) <= 0x10) return 'xls';
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46])) return 'pdf';
  const h = head(bytes);
  if (h.startsWith('<')) {
    // SpreadsheetML 2003 is XML with a <Workbook> (its sheets hold <Table>s); a web page saved by
    // Excel names the same namespace but is HTML
    if (/^<\?xml/.test(h) && /<(?:ss:)?workbook[\s>]/.test(h) && !/<html/.test(h)) return 'xml2003';
    if (/<html|<!doctype html|<table|<meta |<head|<body/.test(h)) return 'html';
    if (/opendocument|office:document/.test(h)) return 'fods';
    if (/urn:schemas-microsoft-com:office:spreadsheet|progid\s*=\s*["']excel\.sheet["']/.test(h)) return 'xml2003';
  }
  return 'text';
}
