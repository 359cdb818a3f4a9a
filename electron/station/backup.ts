import { closeSync, constants as fsConstants, copyFileSync, existsSync, fstatSync, lstatSync, mkdirSync, openSync, readdirSync, readSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { dbHead, HEAD_FILE, verifyAudit, writeHeadFile, type AuditHead } from './audit.js';
import { openDb, type Db } from './db/open.js';

export interface BackupInfo {
  file: string;
  name: string;
  at: string;
  reason: string;
  bytes: number;
}

export const DB_FILE = 'election.sqlite';
export const backupsDir = (dataDir: string): string => path.join(dataDir, 'backups');

const stamp = (d: Date): string => d.toISOString().replace(/[:.]/g, '-');

/** A consistent copy of the live database (VACUUM INTO works on an open WAL database). */
export function backupNow(db: Db, dataDir: string, reason: string, now = new Date()): BackupInfo {
  const dir = backupsDir(dataDir);
  mkdirSync(dir, { recursive: true });
  const safeReason = reason.replace(/[^a-z0-9_-]/gi, '_').slice(0, 40) || 'manual';
  const name = `${stamp(now)}__${safeReason}.sqlite`;
  const file = path.join(dir, name);
  const tmp = `${file}.partial`;
  if (existsSync(tmp)) rmSync(tmp);
  db.prepare('VACUUM INTO ?').run(tmp);
  // Only a complete copy gets the final name, so a crash mid-backup never looks like a good backup.
  renameSync(tmp, file);
  return { file, name, at: now.toISOString(), reason: safeReason, bytes: statSync(file).size };
}

/** The largest backup the station reads or restores (an election is tens of MB; this is a guard, not a limit on real data). */
export const MAX_BACKUP_BYTES = 2 * 1024 ** 3;
const SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1');
const BACKUP_NAME = /^\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}-\d{3}Z__[A-Za-z0-9_-]{1,40}\.sqlite$/;

/**
 * Why a file in the backups folder is not one the station will read, or null when it may: only a
 * plain file (no link, FIFO or device) of at most MAX_BACKUP_BYTES that starts like an SQLite
 * database. Opened without following links and without blocking (a FIFO would hang a plain open).
 */
export function backupFileProblem(file: string): string | null {
  let st;
  try {
    st = lstatSync(file);
  } catch {
    return '文件不存在';
  }
  if (!st.isFile()) return '不是普通文件';
  if (st.size > MAX_BACKUP_BYTES) return '文件太大';
  if (st.size < 512) return '文件太小，不是完整的备份';
  let fd: number | undefined;
  try {
    const flags = fsConstants.O_RDONLY | (fsConstants.O_NOFOLLOW ?? 0) | (fsConstants.O_NONBLOCK ?? 0);
    fd = openSync(file, flags);
    if (!fstatSync(fd).isFile()) return '不是普通文件';
    const head = Buffer.alloc(SQLITE_MAGIC.length);
    readSync(fd, head, 0, head.length, 0);
    return head.equals(SQLITE_MAGIC) ? null : '不是数据库文件';
  } catch {
    return '文件打不开';
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** A backup opened read-only, after backupFileProblem found nothing wrong with the file. */
export function openBackupReadOnly(dataDir: string, backupName: string): Db {
  const file = path.join(backupsDir(dataDir), path.basename(backupName));
  const problem = backupFileProblem(file);
  if (problem) throw new Error(`backup ${backupName}: ${problem}`);
  return openDb(file, { readonly: true });
}

/**
 * The backups of an election, newest first: files named as backupNow names them that are plain
 * files (a link, FIFO or device under a backup's name is left out, never opened).
 */
export function listBackups(dataDir: string): BackupInfo[] {
  const dir = backupsDir(dataDir);
  if (!existsSync(dir)) return [];
  const out: BackupInfo[] = [];
  for (const name of readdirSync(dir).filter((n) => BACKUP_NAME.test(n)).sort().reverse()) {
    const file = path.join(dir, name);
    let st;
    try {
      st = lstatSync(file);
    } catch {
      continue;
    }
    if (!st.isFile()) continue;
    const [ts = '', reason = ''] = name.replace(/\.sqlite$/, '').split('__');
    const at = ts.replace(/^(\d{4}-\d{2}-\d{2}T\d{2})-(\d{2})-(\d{2})-(\d{3})Z$/, '$1:$2:$3.$4Z');
    out.push({ file, name, at, reason, bytes: st.size });
  }
  return out;
}

/**
 * Put a backup in place of the live database. The station must be closed. The current file is kept
 * beside it (nothing is deleted), with its WAL, as `election.sqlite.replaced-<time>`.
 */
export function restoreBackupFile(dataDir: string, backupName: string, now = new Date()): { replacedWith: string; keptAs: string | null } {
  const src = path.join(backupsDir(dataDir), path.basename(backupName));
  if (!existsSync(src)) throw new Error(`backup not found: ${backupName}`);
  const live = path.join(dataDir, DB_FILE);
  let keptAs: string | null = null;
  if (existsSync(live)) {
    keptAs = `${live}.replaced-${stamp(now)}`;
    renameSync(live, keptAs);
    for (const ext of ['-wal', '-shm']) {
      if (existsSync(live + ext)) renameSync(live + ext, keptAs + ext);
    }
  }
  copyFileSync(src, `${live}.restoring`);
  renameSync(`${live}.restoring`, live);
  // The head file described the replaced database; keep it beside that one and describe the restored one.
  const headFile = path.join(dataDir, HEAD_FILE);
  if (existsSync(headFile)) renameSync(headFile, keptAs ? `${keptAs}.head.json` : `${headFile}.replaced-${stamp(now)}`);
  const head = backupHead(live);
  if (head) writeHeadFile(dataDir, head);
  return { replacedWith: src, keptAs };
}

/** The last audit event of a database file opened read-only, or null if it has none or cannot be read. */
export function backupHead(file: string): AuditHead | null {
  let db: Db | undefined;
  try {
    db = openDb(file, { readonly: true });
    return dbHead(db);
  } catch {
    return null;
  } finally {
    db?.close();
  }
}

export interface SoundBackup extends BackupInfo {
  /** The backup's last audit event. */
  seq: number;
}

/**
 * The newest backup that passes the same checks as the live database on open (integrity_check and the
 * full audit verification): the one to offer when the live database fails them.
 */
export function newestSoundBackup(dataDir: string, limit = 5): SoundBackup | null {
  for (const b of listBackups(dataDir).slice(0, limit)) {
    let db: Db | undefined;
    try {
      db = openDb(b.file, { readonly: true });
      const rows = db.prepare('PRAGMA integrity_check').all() as { integrity_check: string }[];
      if (rows.length !== 1 || rows[0]?.integrity_check !== 'ok') continue;
      if (!verifyAudit(db).ok) continue;
      return { ...b, seq: dbHead(db)?.seq ?? 0 };
    } catch {
      continue;
    } finally {
      db?.close();
    }
  }
  return null;
}
