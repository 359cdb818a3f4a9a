/**
 * A zip writer for the roll fixtures and the hostile files of the tests and the bench: entries in
 * the order given, deflated (or given already deflated, for a bomb built from repeated blocks),
 * optionally ZIP64, optionally declaring a size other than the real one (a lying archive).
 */
import { crc32, deflateRawSync, constants } from 'node:zlib';
import ExcelJS from 'exceljs';

// Fixed timestamps inside the zip and the document properties, so re-running gives the same bytes.
const FIXED = Date.UTC(2026, 0, 1);
const RealDate = Date;
class FixedDate extends RealDate {
  constructor(...args: unknown[]) {
    if (args.length === 0) super(FIXED);
    else super(...(args as [number]));
  }
  static override now(): number {
    return FIXED;
  }
}

/** An exceljs workbook's bytes, the same on every run. */
export async function frozenXlsx(build: (wb: ExcelJS.Workbook) => void): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'make-roll-fixtures';
  wb.created = new RealDate(FIXED);
  wb.modified = new RealDate(FIXED);
  build(wb);
  globalThis.Date = FixedDate as DateConstructor;
  try {
    return Buffer.from((await wb.xlsx.writeBuffer()) as ArrayBuffer);
  } finally {
    globalThis.Date = RealDate;
  }
}

export interface ZipInput {
  name: string;
  data?: Buffer;
  /** Already deflated bytes with the inflated size and CRC they stand for (data is then not used). */
  deflated?: { body: Buffer; size: number; crc: number };
  /** Write this uncompressed size instead of the real one. */
  declareSize?: number;
  stored?: boolean;
}

/** The fields a local header and a central-directory entry share, from "version needed" on. */
function headerFields(b: Buffer, at: number, f: { version: number; method: number; crc: number; csize: number; size: number; nameLen: number; extraLen: number }): void {
  b.writeUInt16LE(f.version, at);
  b.writeUInt16LE(0x0800, at + 2); // UTF-8 names
  b.writeUInt16LE(f.method, at + 4);
  b.writeUInt16LE(0x21, at + 8); // 1980-01-01
  b.writeUInt32LE(f.crc, at + 10);
  b.writeUInt32LE(f.csize, at + 14);
  b.writeUInt32LE(f.size, at + 18);
  b.writeUInt16LE(f.nameLen, at + 22);
  b.writeUInt16LE(f.extraLen, at + 24);
}

export function writeZip(entries: readonly ZipInput[], o: { zip64?: boolean } = {}): Buffer {
  const parts: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const data = e.data ?? Buffer.alloc(0);
    const body = e.deflated ? e.deflated.body : e.stored ? data : deflateRawSync(data);
    const crc = e.deflated ? e.deflated.crc : crc32(data);
    const size = e.declareSize ?? (e.deflated ? e.deflated.size : data.length);
    const method = e.stored ? 0 : 8;
    const z64 = o.zip64 === true;
    const extra = z64 ? Buffer.alloc(4 + 24) : Buffer.alloc(0);
    if (z64) {
      extra.writeUInt16LE(0x0001, 0);
      extra.writeUInt16LE(24, 2);
      extra.writeBigUInt64LE(BigInt(size), 4);
      extra.writeBigUInt64LE(BigInt(body.length), 12);
      extra.writeBigUInt64LE(BigInt(offset), 20);
    }
    const fields = { version: z64 ? 45 : 20, method, crc, csize: z64 ? 0xffffffff : body.length, size: z64 ? 0xffffffff : size, nameLen: name.length };
    // the local extra carries the sizes only (no offset)
    const localExtra = Buffer.from(z64 ? extra.subarray(0, 20) : extra);
    if (z64) localExtra.writeUInt16LE(16, 2);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    headerFields(local, 4, { ...fields, extraLen: localExtra.length });
    parts.push(local, name, localExtra, body);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(fields.version, 4);
    headerFields(central, 6, { ...fields, extraLen: extra.length });
    central.writeUInt32LE(z64 ? 0xffffffff : offset, 42);
    centrals.push(central, name, extra);
    offset += 30 + name.length + localExtra.length + body.length;
  }
  const cd = Buffer.concat(centrals);
  const tail: Buffer[] = [];
  if (o.zip64 === true) {
    const rec = Buffer.alloc(56);
    rec.writeUInt32LE(0x06064b50, 0);
    rec.writeBigUInt64LE(44n, 4);
    rec.writeUInt16LE(45, 12);
    rec.writeUInt16LE(45, 14);
    rec.writeBigUInt64LE(BigInt(entries.length), 24);
    rec.writeBigUInt64LE(BigInt(entries.length), 32);
    rec.writeBigUInt64LE(BigInt(cd.length), 40);
    rec.writeBigUInt64LE(BigInt(offset), 48);
    const loc = Buffer.alloc(20);
    loc.writeUInt32LE(0x07064b50, 0);
    loc.writeBigUInt64LE(BigInt(offset + cd.length), 8);
    loc.writeUInt32LE(1, 16);
    tail.push(rec, loc);
  }
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(o.zip64 ? 0xffff : entries.length, 8);
  end.writeUInt16LE(o.zip64 ? 0xffff : entries.length, 10);
  end.writeUInt32LE(o.zip64 ? 0xffffffff : cd.length, 12);
  end.writeUInt32LE(o.zip64 ? 0xffffffff : offset, 16);
  return Buffer.concat([...parts, cd, ...tail, end]);
}

/**
 * Deflated bytes of prefix + `times` × chunk + suffix, built from independently flushed blocks so
 * that a gigabyte costs only the deflate of one chunk (the bomb).
 */
export function repeatedDeflate(prefix: Buffer, chunk: Buffer, times: number, suffix: Buffer): { body: Buffer; size: number; crc: number } {
  const flush = { finishFlush: constants.Z_FULL_FLUSH, level: 9 };
  const p = deflateRawSync(prefix, flush);
  const c = deflateRawSync(chunk, flush);
  const s = deflateRawSync(suffix); // the final block
  let crc = crc32(prefix);
  for (let i = 0; i < times; i++) crc = crc32(chunk, crc);
  crc = crc32(suffix, crc);
  const body = Buffer.concat([p, ...Array.from({ length: times }, () => c), s]);
  return { body, size: prefix.length + chunk.length * times + suffix.length, crc };
}

const CT = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>';
const NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const RNS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

/** The other parts of a one-sheet workbook (sheet part xl/worksheets/sheet1.xml, no shared strings). */
export function workbookParts(sheetName = 'Sheet1'): ZipInput[] {
  return [
    {
      name: '[Content_Types].xml',
      data: Buffer.from(
        `${CT}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`,
      ),
    },
    { name: '_rels/.rels', data: Buffer.from(`${CT}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${RNS}/officeDocument" Target="xl/workbook.xml"/></Relationships>`) },
    { name: 'xl/workbook.xml', data: Buffer.from(`${CT}<workbook xmlns="${NS}" xmlns:r="${RNS}"><sheets><sheet name="${sheetName}" sheetId="1" r:id="rId1"/></sheets></workbook>`) },
    { name: 'xl/_rels/workbook.xml.rels', data: Buffer.from(`${CT}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${RNS}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`) },
  ];
}

const HEAD = Buffer.from(`${CT}<worksheet xmlns="${NS}"><sheetData>`);
const TAIL = Buffer.from('</sheetData></worksheet>');

/** A 1 MB xlsx whose one sheet inflates to about `gigabytes` GB (declared honestly, or as `declare`). */
export function zipBombXlsx(gigabytes = 1, declare?: number): Buffer {
  const row = '<row><c t="inlineStr"><is><t>AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA</t></is></c></row>';
  const chunk = Buffer.from(row.repeat(Math.ceil((1 << 20) / row.length)));
  const times = Math.round((gigabytes * 1024 ** 3) / chunk.length);
  const sheet = repeatedDeflate(HEAD, chunk, times, TAIL);
  return writeZip([...workbookParts(), { name: 'xl/worksheets/sheet1.xml', deflated: sheet, ...(declare !== undefined ? { declareSize: declare } : {}) }]);
}

/** An xlsx whose sheet has a value in every one of Excel's 1,048,576 rows (a column filled to the bottom). */
export function millionRowXlsx(rows = 1_048_576): Buffer {
  const parts: string[] = [];
  for (let r = 1; r <= rows; r++) parts.push(`<row r="${r}"><c r="A${r}"><v>${r}</v></c></row>`);
  const sheet = Buffer.concat([HEAD, Buffer.from(parts.join('')), TAIL]);
  return writeZip([...workbookParts(), { name: 'xl/worksheets/sheet1.xml', data: sheet }]);
}
