/**
 * What the station keeps about an election outside the election's own folder, in the station key
 * folder (Electron: the app's user data; the CLI: --key-dir, default `<parent>/.station-key`; see
 * export/keys.ts): the secret that keys the head records, a copy of each election's head record,
 * and the PIN tries of elections whose own file cannot record them (read-only, unreadable).
 *
 * Someone who can replace the election folder (an older copy, a rewritten database) but not this
 * folder cannot make the station accept the replacement: that is what keeping these apart buys.
 */
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, linkSync, mkdirSync, openSync, readFileSync, realpathSync, renameSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';
import { keyDirFor } from './export/keys.js';
import { realFs } from './export/fs-layer.js';

export const HEAD_KEY_FILE = 'head-mac.key';

/** The key folder the station uses for this election folder. */
export const keyFolderOf = (dataDir: string): string => path.resolve(keyDirFor(dataDir));

/** A stable name for an election folder inside the key folder: a hash of its real path. */
export function folderKey(dataDir: string): string {
  let real = path.resolve(dataDir);
  try {
    real = realpathSync(real);
  } catch {
    // a folder not created yet keeps its resolved path
  }
  return createHash('sha256').update(real).digest('hex').slice(0, 32);
}

/** A file about one election folder under <key folder>/<sub>/. */
export function keyFolderFile(dataDir: string, sub: string, ext: string): string {
  return path.join(keyFolderOf(dataDir), sub, `${folderKey(dataDir)}${ext}`);
}

const headKeys = new Map<string, Buffer>();

/**
 * The 32-byte secret that keys head records (HMAC-SHA-256), created on first use. Created with an
 * exclusive open, so two programs starting at once agree on one key (the loser reads the winner's).
 */
export function headKey(dataDir: string): Buffer {
  const dir = keyFolderOf(dataDir);
  const hit = headKeys.get(dir);
  if (hit) return hit;
  const file = path.join(dir, HEAD_KEY_FILE);
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const tmp = `${file}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
    writeDurably(tmp, `${randomBytes(32).toString('hex')}\n`, 0o600);
    linkIfAbsent(tmp, file);
  }
  const hex = readFileSync(file, 'utf8').trim();
  if (!/^[0-9a-f]{64}$/.test(hex)) throw new Error(`head key file is damaged: ${file}`);
  const key = Buffer.from(hex, 'hex');
  headKeys.set(dir, key);
  return key;
}

/** HMAC-SHA-256 of text under the election's head key, hex. */
export function mac(key: Buffer, text: string): string {
  return createHmac('sha256', key).update(text).digest('hex');
}

/** Writes a whole file and flushes it to the disk before returning. */
export function writeDurably(file: string, data: string | Buffer, mode = 0o644): void {
  const fd = openSync(file, 'w', mode);
  try {
    const buf = typeof data === 'string' ? Buffer.from(data) : data;
    let off = 0;
    while (off < buf.length) off += writeSync(fd, buf, off, buf.length - off);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Flushes a folder's entries (a rename or new file in it) to the disk, where the platform allows (export/fs-layer.ts). */
export const fsyncDir = (dir: string): void => realFs.fsyncDir(dir);

/** A temporary file written beside `file`, flushed, renamed into place, and the folder flushed. */
export function replaceDurably(file: string, data: string | Buffer, mode = 0o644): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.tmp-${process.pid}`;
  writeDurably(tmp, data, mode);
  renameSync(tmp, file);
  fsyncDir(path.dirname(file));
}

/** Gives `tmp` the name `file` only if no file has that name yet (the first program's key wins). */
function linkIfAbsent(tmp: string, file: string): void {
  try {
    linkSync(tmp, file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  } finally {
    rmSync(tmp, { force: true });
  }
  fsyncDir(path.dirname(file));
}
