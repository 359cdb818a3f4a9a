import { copyFileSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
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

export function listBackups(dataDir: string): BackupInfo[] {
  const dir = backupsDir(dataDir);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((n) => n.endsWith('.sqlite'))
    .sort()
    .reverse()
    .map((name) => {
      const [ts = '', reason = ''] = name.replace(/\.sqlite$/, '').split('__');
      const at = ts.replace(/^(\d{4}-\d{2}-\d{2}T\d{2})-(\d{2})-(\d{2})-(\d{3})Z$/, '$1:$2:$3.$4Z');
      const file = path.join(dir, name);
      return { file, name, at, reason, bytes: statSync(file).size };
    });
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
