/**
 * The file operations the package writer uses, behind one small interface, so tests can simulate
 * what folders alone cannot (tests run as root, so chmod does not stop writes): a read-only drive
 * (EROFS/EACCES), a full drive (ENOSPC after N bytes) and a drive pulled out mid-write.
 */
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import path from 'node:path';

export interface PackageFs {
  exists(p: string): boolean;
  isDirectory(p: string): boolean;
  mkdir(p: string): void;
  /** Writes the whole file and flushes it to the device (fsync) before returning. */
  writeFile(p: string, data: Uint8Array): void;
  readFile(p: string): Buffer;
  /** Names of the entries of a folder (files and sub-folders). */
  readdir(p: string): { name: string; dir: boolean }[];
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
  readFile: (p) => readFileSync(p),
  readdir: (p) => readdirSync(p, { withFileTypes: true }).map((d) => ({ name: d.name, dir: d.isDirectory() })),
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

/** All files under a folder, as forward-slash paths relative to it, sorted. */
export function listFiles(fs: PackageFs, root: string, sub = ''): string[] {
  const out: string[] = [];
  for (const e of fs.readdir(sub ? path.join(root, sub) : root)) {
    const rel = sub ? `${sub}/${e.name}` : e.name;
    if (e.dir) out.push(...listFiles(fs, root, rel));
    else out.push(rel);
  }
  return out.sort();
}

export const fsError = (code: string, message = code): NodeJS.ErrnoException => Object.assign(new Error(`${code}: ${message}`), { code });
