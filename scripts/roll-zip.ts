/**
 * A zip writer for the roll fixtures and the hostile files of the tests and the bench: entries in
 * the order given, deflated (or given already deflated, for a bomb built from repeated blocks),
 * optionally ZIP64, optionally declaring a size other than the real one (a lying archive).
 */
import { crc32, deflateRawSync, constants } from 'node:zlib';

export interface ZipInput {
  name: string;
  data?: Buffer;
  /** Already deflated bytes with the inflated size and CRC they stand for (data is then not used). */
  deflated?: { body: Buffer; size: number; crc: number };
  /** Write this uncompressed size instead of the real one. */
  declareSize?: number;
  stored?: boolean;
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
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(z64 ? 45 : 20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt16LE(0x21, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(z64 ? 0xffffffff : body.length, 18);
    local.writeUInt32LE(z64 ? 0xffffffff : size, 22);
    local.writeUInt16LE(name.length, 26);
    // the local extra carries sizes only (no offset)
    const localExtra = z64 ? extra.subarray(0, 20) : extra;
    if (z64) localExtra.writeUInt16LE(16, 2);
    local.writeUInt16LE(localExtra.length, 28);
    parts.push(local, name, Buffer.from(localExtra), body);
    if (z64) extra.writeUInt16LE(24, 2);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(z64 ? 45 : 20, 4);
    central.writeUInt16LE(z64 ? 45 : 20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt16LE(0x21, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(z64 ? 0xffffffff : body.length, 20);
    central.writeUInt32LE(z64 ? 0xffffffff : size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt16LE(extra.length, 30);
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
