/**
 * The file operations the package writer and verifier use, behind one small interface, so tests can
 * simulate what folders alone cannot (tests run as root, so chmod does not stop writes or reads): a
 * read-only drive (EROFS/EACCES), a full drive (ENOSPC after N bytes), a drive pulled out mid-write,
 * a file that cannot be read.
 *
 * Reading a package is reading a stranger's drive: `entry` never follows a link (lstat), and
 * `readFile` opens without following a link and without blocking (a FIFO would otherwise hang the
 * open), checks on the open file that it is a regular file no larger than the bound, and reads no
 * more than it said it holds.
 */
import { closeSync, constants, existsSync, fstatSync, fsyncSync, lstatSync, mkdirSync, openSync, readdirSync, readSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import path from 'node:path';

/** What a name in a folder is, without following links. */
export type EntryKind = 'file' | 'dir' | 'link' | 'other';

export interface PackageFs {
  exists(p: string): boolean;
  isDirectory(p: string): boolean;
  mkdir(p: string): void;
  /** Writes the whole file and flushes it to the device (fsync) before returning. */
  writeFile(p: string, data: Uint8Array): void;
  /**
   * A regular file's bytes, refused (error code ENOTREG / EFBIG) when it is not a regular file or
   * holds more than maxBytes (default DEFAULT_MAX_READ). Never follows a link at the last step.
   */
  readFile(p: string, maxBytes?: number): Buffer;
  /** lstat: kind and size of a name, or null when there is none. Links are reported, not followed. */
  entry(p: string): { kind: EntryKind; size: number } | null;
  /** Names of the entries of a folder, each with its kind as lstat sees it. */
  readdir(p: string): { name: string; dir: boolean; kind: EntryKind }[];
  rename(from: string, to: string): void;
  rm(p: string): void;
  /** Flushes a folder's entries (no-op where the platform cannot). */
  fsyncDir(p: string): void;
}

export const realFs: PackageFs = {
  exists: (p) => existsSync(p),
  isDirectory: (p) => {
    try {
      return statSync(p).isDirectory();
    } catch {
      return false;
    }
  },
  mkdir: (p) => void mkdirSync(p, { recursive: true }),
  writeFile: (p, data) => {
    const fd = openSync(p, 'w');
    try {
      let off = 0;
      while (off < data.length) off += writeSync(fd, data, off, data.length - off);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  },
  readFile: (p, maxBytes = DEFAULT_MAX_READ) => readRegularFile(p, maxBytes),
  entry: (p) => {
    let st;
    try {
      st = lstatSync(p);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT' || (e as NodeJS.ErrnoException).code === 'ENOTDIR') return null;
      throw e;
    }
    return { kind: st.isSymbolicLink() ? 'link' : st.isDirectory() ? 'dir' : st.isFile() ? 'file' : 'other', size: st.size };
  },
  readdir: (p) =>
    readdirSync(p, { withFileTypes: true }).map((d) => ({
      name: d.name,
      dir: d.isDirectory(),
      kind: d.isSymbolicLink() ? 'link' : d.isDirectory() ? 'dir' : d.isFile() ? 'file' : 'other',
    })),
  rename: (a, b) => renameSync(a, b),
  rm: (p) => rmSync(p, { recursive: true, force: true }),
  fsyncDir: (p) => {
    let fd: number | undefined;
    try {
      fd = openSync(p, 'r');
      fsyncSync(fd);
    } catch {
      // Windows cannot open or fsync a directory; the files themselves were flushed.
    } finally {
      if (fd !== undefined) closeSync(fd);
    }
  },
};

/** Bound of a read when the caller gives none (the verifier gives each file its own). */
export const DEFAULT_MAX_READ = 512 * 1024 * 1024;

// O_NOFOLLOW and O_NONBLOCK do not exist on Windows (0 there): reparse points are caught by the lstat
// before the open, and Windows has no FIFOs in a folder.
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);

function readRegularFile(p: string, maxBytes: number): Buffer {
  const fd = openSync(p, OPEN_FLAGS);
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw fsError('ENOTREG', `${p} is not a regular file`);
    if (st.size > maxBytes) throw fsError('EFBIG', `${p} holds ${st.size} bytes, more than ${maxBytes}`);
    const buf = Buffer.allocUnsafe(st.size);
    let off = 0;
    while (off < st.size) {
      const n = readSync(fd, buf, off, st.size - off, off);
      if (n === 0) break;
      off += n;
    }
    return off === st.size ? buf : buf.subarray(0, off);
  } finally {
    closeSync(fd);
  }
}

/**
 * Every entry under a folder as forward-slash paths relative to it, sorted, with its kind as lstat
 * sees it: links and special files are listed (not followed, not opened), folders are walked. At most
 * `maxEntries` entries and `maxDepth` levels, so a hostile drive cannot make the walk endless;
 * `truncated` says the walk stopped early.
 */
export function listEntries(fs: PackageFs, root: string, o: { maxEntries?: number; maxDepth?: number } = {}): { entries: { path: string; kind: EntryKind }[]; truncated: boolean } {
  const maxEntries = o.maxEntries ?? 1000;
  const maxDepth = o.maxDepth ?? 4;
  const entries: { path: string; kind: EntryKind }[] = [];
  let truncated = false;
  const walk = (sub: string, depth: number): void => {
    for (const e of fs.readdir(sub ? path.join(root, ...sub.split('/')) : root)) {
      if (entries.length >= maxEntries) {
        truncated = true;
        return;
      }
      const rel = sub ? `${sub}/${e.name}` : e.name;
      entries.push({ path: rel, kind: e.kind });
      if (e.kind === 'dir') {
        if (depth + 1 >= maxDepth) truncated = true;
        else walk(rel, depth + 1);
      }
    }
  };
  walk('', 0);
  entries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { entries, truncated };
}

export const fsError = (code: string, message = code): NodeJS.ErrnoException => Object.assign(new Error(`${code}: ${message}`), { code });
