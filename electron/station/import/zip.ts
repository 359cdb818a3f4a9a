/**
 * The entries of a zip archive held in memory (an .xlsx, or what pretends to be one), read
 * synchronously. Sizes come from the central directory (ZIP64 included) and are checked against
 * the caps before anything is inflated; inflating is capped again at the declared size, so an
 * archive that lies about its sizes costs no more memory than one that tells the truth.
 */
import { crc32, inflateRawSync } from 'node:zlib';

export type ZipProblem = 'not_zip' | 'damaged' | 'too_big' | 'encrypted' | 'method';

export class ZipError extends Error {
  constructor(
    readonly problem: ZipProblem,
    message: string,
    /** For too_big: the entry and its declared size. */
    readonly entry?: { name: string; size: number },
  ) {
    super(message);
  }
}

export interface ZipEntry {
  name: string;
  method: number;
  flags: number;
  crc: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

export interface ZipLimits {
  /** Largest inflated size of one entry. */
  maxEntryBytes: number;
  /** Largest inflated size of all entries read from one archive, together. */
  maxTotalBytes: number;
}

const MAX_ENTRIES = 10_000;
const U32 = 0xffffffff;
const U16 = 0xffff;

function findEocd(buf: Buffer): number {
  const stop = Math.max(0, buf.length - 22 - 65535);
  for (let i = buf.length - 22; i >= stop; i--) {
    if (buf[i] === 0x50 && buf.readUInt32LE(i) === 0x06054b50) return i;
  }
  return -1;
}

/** A 64-bit little-endian number that must fit a JS safe integer (sizes and offsets in a buffer do). */
function u64(buf: Buffer, at: number): number {
  const v = buf.readBigUInt64LE(at);
  if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw new ZipError('damaged', 'zip: 64-bit value out of range');
  return Number(v);
}

export class ZipArchive {
  readonly entries: ZipEntry[] = [];
  private readonly buf: Buffer;
  private readonly byName = new Map<string, ZipEntry>();
  private inflated = 0;

  constructor(
    bytes: Uint8Array,
    private readonly limits: ZipLimits,
  ) {
    const buf = (this.buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    const eocd = findEocd(buf);
    if (eocd < 0) throw new ZipError('not_zip', 'zip: no end of central directory');
    let count = buf.readUInt16LE(eocd + 10);
    let cdSize = buf.readUInt32LE(eocd + 12);
    let cdOffset = buf.readUInt32LE(eocd + 16);
    // ZIP64: the locator sits just before the classic record and points at the ZIP64 record.
    if (eocd >= 20 && buf.readUInt32LE(eocd - 20) === 0x07064b50) {
      const at = u64(buf, eocd - 20 + 8);
      if (at + 56 > buf.length || buf.readUInt32LE(at) !== 0x06064b50) throw new ZipError('damaged', 'zip: damaged ZIP64 end record');
      count = u64(buf, at + 32);
      cdSize = u64(buf, at + 40);
      cdOffset = u64(buf, at + 48);
    } else if (count === U16 || cdOffset === U32) {
      throw new ZipError('damaged', 'zip: ZIP64 archive without its end record');
    }
    if (count > MAX_ENTRIES) throw new ZipError('too_big', `zip: ${count} entries`);
    if (cdOffset + cdSize > buf.length) throw new ZipError('damaged', 'zip: central directory outside the file');
    let p = cdOffset;
    for (let k = 0; k < count; k++) {
      if (p + 46 > buf.length || buf.readUInt32LE(p) !== 0x02014b50) throw new ZipError('damaged', 'zip: damaged central directory');
      const nameLen = buf.readUInt16LE(p + 28);
      const extraLen = buf.readUInt16LE(p + 30);
      const commentLen = buf.readUInt16LE(p + 32);
      if (p + 46 + nameLen + extraLen > buf.length) throw new ZipError('damaged', 'zip: damaged central directory');
      const e: ZipEntry = {
        name: buf.toString('utf8', p + 46, p + 46 + nameLen),
        flags: buf.readUInt16LE(p + 8),
        method: buf.readUInt16LE(p + 10),
        crc: buf.readUInt32LE(p + 16),
        compressedSize: buf.readUInt32LE(p + 20),
        size: buf.readUInt32LE(p + 24),
        localOffset: buf.readUInt32LE(p + 42),
      };
      if (e.size === U32 || e.compressedSize === U32 || e.localOffset === U32) readZip64Extra(buf, p + 46 + nameLen, extraLen, e);
      this.entries.push(e);
      // OPC part names are case-insensitive, and some writers use backslashes or a leading slash.
      const key = partKey(e.name);
      if (!this.byName.has(key)) this.byName.set(key, e);
      p += 46 + nameLen + extraLen + commentLen;
    }
  }

  has(name: string): boolean {
    return this.byName.has(partKey(name));
  }

  entry(name: string): ZipEntry | undefined {
    return this.byName.get(partKey(name));
  }

  /** The entry's bytes, or undefined when there is no such entry. Throws ZipError. */
  read(name: string): Buffer | undefined {
    const e = this.entry(name);
    if (!e) return undefined;
    if (e.flags & 1) throw new ZipError('encrypted', `zip: ${e.name} is encrypted`);
    if (e.size > this.limits.maxEntryBytes) throw new ZipError('too_big', `zip: ${e.name} is ${e.size} bytes`, { name: e.name, size: e.size });
    if (this.inflated + e.size > this.limits.maxTotalBytes) {
      throw new ZipError('too_big', `zip: more than ${this.limits.maxTotalBytes} bytes in all`, { name: e.name, size: this.inflated + e.size });
    }
    const buf = this.buf;
    const lo = e.localOffset;
    if (lo + 30 > buf.length || buf.readUInt32LE(lo) !== 0x04034b50) throw new ZipError('damaged', `zip: no local header for ${e.name}`);
    const start = lo + 30 + buf.readUInt16LE(lo + 26) + buf.readUInt16LE(lo + 28);
    if (start + e.compressedSize > buf.length) throw new ZipError('damaged', `zip: ${e.name} runs past the end of the file`);
    const data = buf.subarray(start, start + e.compressedSize);
    let out: Buffer;
    if (e.method === 0) {
      if (e.compressedSize !== e.size) throw new ZipError('damaged', `zip: stored ${e.name} has two sizes`);
      out = data;
    } else if (e.method === 8) {
      try {
        // Never more than the declared size (+1 to notice a lie): a bomb that understates stops here.
        // one output chunk of the declared size (+1): zlib then hands it back as is, where 16 KB
        // chunks would be gathered and copied into a second buffer of the whole size
        out = e.size === 0 ? Buffer.alloc(0) : inflateRawSync(data, { maxOutputLength: e.size + 1, chunkSize: Math.max(64, e.size + 1) });
      } catch (err) {
        throw new ZipError('damaged', `zip: ${e.name} does not inflate (${(err as Error).message})`);
      }
    } else {
      throw new ZipError('method', `zip: ${e.name} uses compression method ${e.method}`);
    }
    if (out.length !== e.size) throw new ZipError('damaged', `zip: ${e.name} inflates to ${out.length} bytes, not ${e.size}`);
    if (crc32(out) !== e.crc) throw new ZipError('damaged', `zip: ${e.name} fails its CRC`);
    this.inflated += e.size;
    return out;
  }
}

function readZip64Extra(buf: Buffer, at: number, len: number, e: ZipEntry): void {
  const end = at + len;
  while (at + 4 <= end) {
    const id = buf.readUInt16LE(at);
    const size = buf.readUInt16LE(at + 2);
    if (id === 0x0001) {
      let q = at + 4;
      const take = (): number => {
        if (q + 8 > at + 4 + size) throw new ZipError('damaged', 'zip: short ZIP64 extra field');
        const v = u64(buf, q);
        q += 8;
        return v;
      };
      if (e.size === U32) e.size = take();
      if (e.compressedSize === U32) e.compressedSize = take();
      if (e.localOffset === U32) e.localOffset = take();
      return;
    }
    at += 4 + size;
  }
  throw new ZipError('damaged', `zip: ${e.name} lacks its ZIP64 sizes`);
}

export function partKey(name: string): string {
  return name.replace(/\\/g, '/').replace(/^\/+/, '').toLowerCase();
}

/** A relationship target resolved against the folder of the part that names it ("/xl/x.xml" is absolute). */
export function resolvePart(fromPart: string, target: string): string {
  const t = target.replace(/\\/g, '/');
  if (t.startsWith('/')) return t.slice(1);
  const parts = fromPart.replace(/\\/g, '/').split('/').slice(0, -1);
  for (const seg of t.split('/')) {
    if (seg === '..') parts.pop();
    else if (seg !== '.' && seg !== '') parts.push(seg);
  }
  return parts.join('/');
}
