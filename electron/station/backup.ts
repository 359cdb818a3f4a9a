/**
 * Backups of an election (issue 6, 12): a consistent copy of the database after each phase change,
 * every 50 ballots and on demand, each sealed with the head key (its last event, keyed like the head
 * file) so the open-time check and a restore can tell the station's own copies from planted ones.
 *
 * Automatic copies are made by a worker thread (backup-worker.ts), off the acknowledgement path; a
 * manual one (备份 button, CLI) is made at once. Copies are thinned so they grow with the election,
 * not with its square: every phase backup and every manual one is kept, the newest few 50-ballot
 * copies, and of the older ones those after 50, 100, 200, 400 … ballots.
 *
 * Every file in the backups folder is read with bounds (backupFileProblem): a link, FIFO, device or
 * oversized file under a backup's name is never opened, and a restore copies at most the file's size
 * and checks the copy before it replaces anything.
 */
import {
  closeSync,
  constants as fsConstants,
  existsSync,
  fstatSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
  fsyncSync,
} from 'node:fs';
import path from 'node:path';
import { dbHead, verifyAudit, type AuditHead } from './audit.js';
import { openDb, type Db } from './db/open.js';
import { BackupWorker, jobEnv, runJobHere, type BackupJob } from './backup-worker.js';
import { electionHeadFile, keyFolderHeadFile, keyId, readHeadRecord, writeHeadFile } from './head-file.js';
import { fsyncDir, headKey } from './key-folder.js';
import { checkTriggers } from './db/triggers.js';
import { lockElection } from './lock.js';
import { sealFromOf } from './seals.js';

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
const SEAL = '.seal';
export const sealOf = (backupFile: string): string => `${backupFile}${SEAL}`;

/** Copies posted to a worker and not written yet (their names are taken). */
const queued = new Set<string>();

/** The job that copies the live database of `dataDir` into a backup named for `reason` at `now`. */
function jobFor(dataDir: string, reason: string, now: Date): { job: BackupJob; name: string; reason: string } {
  const dir = backupsDir(dataDir);
  mkdirSync(dir, { recursive: true });
  const safeReason = reason.replace(/[^a-z0-9_-]/gi, '_').slice(0, 36) || 'manual';
  let name = `${stamp(now)}__${safeReason}.sqlite`;
  // two backups in one millisecond of the station's clock (a drill's fixed clock): keep both
  const taken = (n: string) => existsSync(path.join(dir, n)) || existsSync(path.join(dir, `${n}.partial`)) || queued.has(path.join(dir, n));
  for (let i = 2; taken(name); i++) name = `${stamp(now)}__${safeReason}-${i}.sqlite`;
  const file = path.join(dir, name);
  return { job: { src: path.join(dataDir, DB_FILE), file, tmp: `${file}.partial`, seal: sealOf(file), dir }, name, reason: safeReason };
}

function envFor(dataDir: string) {
  const key = headKey(dataDir);
  return jobEnv(key.toString('hex'), keyId(key));
}

/** A consistent, sealed copy of the live database, made now in this thread (manual backups). */
export function backupNow(_db: Db, dataDir: string, reason: string, now = new Date()): BackupInfo {
  const { job, name, reason: r } = jobFor(dataDir, reason, now);
  runJobHere(job, envFor(dataDir));
  return { file: job.file, name, at: now.toISOString(), reason: r, bytes: statSync(job.file).size };
}

/** Whether a 50-ballot copy after `n` ballots is one the thinning keeps: 50, 100, 200, 400 … */
const thinningPoint = (n: number): boolean => {
  if (n <= 0 || n % 50 !== 0) return false;
  const k = n / 50;
  return (k & (k - 1)) === 0;
};

/** Whether a copy for this reason is one the thinning keeps for good (every one but most 50-ballot copies). */
const keeps = (reason: string): boolean => {
  const n = /^ballots-(\d+)$/.exec(reason)?.[1];
  return n === undefined || thinningPoint(Number(n));
};

/**
 * The automatic 50-ballot copies to remove (list newest first): all but the newest `keep` and the
 * thinning points. Phase, manual and every other backup are never removed.
 */
export function backupsToPrune(list: readonly BackupInfo[], keep = 3): BackupInfo[] {
  const ballots = list.filter((b) => /^ballots-\d+$/.test(b.reason));
  return ballots.filter((b, i) => i >= keep && !thinningPoint(Number(b.reason.slice('ballots-'.length))));
}

/** Removes the thinned-out copies and their seals. */
export function pruneBackups(dataDir: string, keep = 3): number {
  const gone = backupsToPrune(listBackups(dataDir), keep);
  for (const b of gone) {
    rmSync(b.file, { force: true });
    rmSync(sealOf(b.file), { force: true });
  }
  return gone.length;
}

/**
 * What a killed backup or restore leaves behind, removed when the election is opened (under its
 * lock, so no other program is writing them): partial copies and their journals, seals without a
 * copy, a half-copied restore.
 */
export function cleanLeftovers(dataDir: string): string[] {
  const removed: string[] = [];
  const dir = backupsDir(dataDir);
  if (existsSync(dir)) {
    const names = new Set(readdirSync(dir));
    for (const n of names) {
      const orphanSeal = n.endsWith(SEAL) && !names.has(n.slice(0, -SEAL.length));
      if (/\.partial(-journal|-wal|-shm)?$/.test(n) || orphanSeal) {
        rmSync(path.join(dir, n), { force: true });
        removed.push(n);
      }
    }
  }
  for (const n of [`${DB_FILE}.restoring`, `${DB_FILE}.restoring-journal`]) {
    if (existsSync(path.join(dataDir, n))) {
      rmSync(path.join(dataDir, n), { force: true });
      removed.push(n);
    }
  }
  return removed;
}

/**
 * A station's automatic backups: posted to the worker after the command that calls for one has
 * committed and returned. While a copy is being made, a newer 50-ballot request replaces an older
 * waiting one (the newest state is the one worth keeping); phase backups and the 50-ballot copies
 * the thinning keeps (50, 100, 200, 400 …) always get their own copy.
 */
export class BackupRunner {
  private readonly worker: BackupWorker;
  private waiting: { reason: string; at: Date }[] = [];
  /** Copies made since the last thinning. */
  private made: string[] = [];
  constructor(
    private readonly dataDir: string,
    private readonly clock: () => Date,
  ) {
    this.worker = new BackupWorker(envFor(dataDir));
  }

  schedule(reason: string): void {
    // a newer 50-ballot copy makes an older one still waiting pointless, unless thinning would keep it
    if (!keeps(reason)) this.waiting = this.waiting.filter((w) => keeps(w.reason));
    this.waiting.push({ reason, at: this.clock() });
    this.poll();
  }

  /** Starts waiting copies when the worker is free, and thins the copies once one has finished. */
  poll(): void {
    if (this.worker.inFlight() === 0 && this.made.length > 0) {
      for (const f of this.made) queued.delete(f);
      this.made = [];
      try {
        pruneBackups(this.dataDir);
      } catch (e) {
        console.error('could not thin the backups:', e);
      }
    }
    // phase backups go straight to the worker's queue; a 50-ballot one waits for a free worker
    while (this.waiting.length > 0) {
      const next = this.waiting[0] as { reason: string; at: Date };
      if (!keeps(next.reason) && this.worker.inFlight() > 0) break;
      this.waiting.shift();
      const { job } = jobFor(this.dataDir, next.reason, next.at);
      queued.add(job.file);
      this.made.push(job.file);
      if (!this.worker.post(job)) {
        try {
          runJobHere(job, envFor(this.dataDir));
        } catch (e) {
          console.error('automatic backup failed:', e);
        }
      }
    }
  }

  /** Waits until every requested copy is made (close, tests), at most `ms`. */
  flush(ms = 120_000): boolean {
    const until = Date.now() + ms;
    while (this.waiting.length > 0 || this.worker.inFlight() > 0) {
      if (!this.worker.wait(Math.max(0, until - Date.now()))) return false;
      this.poll();
      if (Date.now() > until) return false;
    }
    this.poll();
    return true;
  }

  close(): void {
    this.flush();
    this.worker.close();
  }
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
 * Whether a backup carries the station's seal for its last event: 'valid' (the station made it),
 * 'none' (no seal: made before seals existed), 'invalid' (a seal that does not match: not the
 * station's copy, or changed since).
 */
export function readBackupSeal(dataDir: string, b: Pick<BackupInfo, 'file'>, head: Pick<AuditHead, 'seq' | 'hash'>): 'valid' | 'none' | 'invalid' {
  const seal = sealOf(b.file);
  let st;
  try {
    st = lstatSync(seal);
  } catch {
    return 'none';
  }
  if (!st.isFile() || st.size > 4096) return 'invalid';
  const r = readHeadRecord(seal, headKey(dataDir));
  return r.state === 'keyed' && r.head.seq === head.seq && r.head.hash === head.hash ? 'valid' : 'invalid';
}

/** Copies at most `limit` bytes of a plain file (the size it had when opened), then flushes the copy. */
function boundedCopy(src: string, dest: string, limit: number): number {
  const flags = fsConstants.O_RDONLY | (fsConstants.O_NOFOLLOW ?? 0) | (fsConstants.O_NONBLOCK ?? 0);
  const from = openSync(src, flags);
  let to: number | undefined;
  try {
    const st = fstatSync(from);
    if (!st.isFile() || st.size > limit) throw new Error('not a plain file of a backup\'s size');
    to = openSync(dest, 'w');
    const buf = Buffer.alloc(1024 * 1024);
    let copied = 0;
    while (copied < st.size) {
      const n = readSync(from, buf, 0, Math.min(buf.length, st.size - copied), copied);
      if (n <= 0) break;
      let off = 0;
      while (off < n) off += writeSync(to, buf, off, n - off);
      copied += n;
    }
    fsyncSync(to);
    return copied;
  } finally {
    closeSync(from);
    if (to !== undefined) closeSync(to);
  }
}

export class RestoreRefused extends Error {
  constructor(message: string) {
    super(message);
  }
}

/** What is wrong with a database copy before it may replace the live one, or null. */
function restoredCopyProblem(file: string, dataDir: string, backup: BackupInfo): string | null {
  let db: Db | undefined;
  try {
    db = openDb(file, { readonly: true });
    const rows = db.prepare('PRAGMA integrity_check').all() as { integrity_check: string }[];
    if (rows.length !== 1 || rows[0]?.integrity_check !== 'ok') return '备份文件本身有损坏';
    const t = checkTriggers(db);
    if (!t.ok) return '备份里的防改动保护被拆除过';
    if (!verifyAudit(db).ok) return '备份里的审计记录对不上，备份被改动过';
    const h = dbHead(db);
    if (h && readBackupSeal(dataDir, backup, h) === 'invalid') return '备份的封记和内容不符，不是本程序做的备份或被改动过';
    return null;
  } catch {
    return '备份文件读不出来';
  } finally {
    db?.close();
  }
}

/**
 * Put a backup in place of the live database. The election must be closed (its lock is taken here).
 * The backup is copied with bounds and checked (integrity, triggers, audit chain, seal) before
 * anything is replaced; a backup that fails is refused and the live file stays. The current file is
 * kept beside it (nothing is deleted), with its WAL and head file, as `election.sqlite.replaced-<time>`;
 * backups newer than the restored state are set aside in `backups/replaced-<time>/`, since the
 * election now goes on from the restored state; the head records are rewritten for it.
 */
export function restoreBackupFile(dataDir: string, backupName: string, now = new Date()): { replacedWith: string; keptAs: string | null } {
  const backup = listBackups(dataDir).find((b) => b.name === path.basename(backupName));
  if (!backup) throw new RestoreRefused(`找不到备份 ${backupName}`);
  const problem = backupFileProblem(backup.file);
  if (problem) throw new RestoreRefused(`这个备份不能用来恢复：${problem}`);
  const lock = lockElection(dataDir, '恢复备份');
  try {
    const live = path.join(dataDir, DB_FILE);
    const restoring = `${live}.restoring`;
    try {
      boundedCopy(backup.file, restoring, MAX_BACKUP_BYTES);
      const bad = restoredCopyProblem(restoring, dataDir, backup);
      if (bad) throw new RestoreRefused(`这个备份不能用来恢复：${bad}。请选择别的备份。`);
    } catch (e) {
      rmSync(restoring, { force: true });
      throw e instanceof RestoreRefused ? e : new RestoreRefused(`这个备份不能用来恢复：${(e as Error).message}`);
    }
    let keptAs: string | null = null;
    if (existsSync(live)) {
      keptAs = `${live}.replaced-${stamp(now)}`;
      renameSync(live, keptAs);
      for (const ext of ['-wal', '-shm']) {
        if (existsSync(live + ext)) renameSync(live + ext, keptAs + ext);
      }
    }
    renameSync(restoring, live);
    fsyncDir(dataDir);
    // The head file described the replaced database; keep it beside that one and describe the restored one.
    const headFile = electionHeadFile(dataDir);
    if (existsSync(headFile)) renameSync(headFile, keptAs ? `${keptAs}.head.json` : `${headFile}.replaced-${stamp(now)}`);
    const head = backupHead(live);
    if (head) writeHeadFile(dataDir, { ...head, sealFrom: sealFromOfFile(live) });
    else rmSync(keyFolderHeadFile(dataDir), { force: true });
    setAsideNewerBackups(dataDir, head, stamp(now));
    return { replacedWith: backup.file, keptAs };
  } finally {
    lock.release();
  }
}

/** Backups that are not a prefix of the restored chain move to backups/replaced-<time>/ (kept, not listed). */
function setAsideNewerBackups(dataDir: string, head: AuditHead | null, when: string): void {
  const restoredSeq = head?.seq ?? 0;
  let db: Db | undefined;
  try {
    db = openDb(path.join(dataDir, DB_FILE), { readonly: true });
    const at = db.prepare('SELECT hash FROM audit WHERE seq = ?');
    for (const b of listBackups(dataDir)) {
      const h = backupFileProblem(b.file) ? null : backupHead(b.file);
      if (h && h.seq <= restoredSeq && (at.get(h.seq) as { hash: string } | undefined)?.hash === h.hash) continue;
      const aside = path.join(backupsDir(dataDir), `replaced-${when}`);
      mkdirSync(aside, { recursive: true });
      renameSync(b.file, path.join(aside, b.name));
      if (existsSync(sealOf(b.file))) renameSync(sealOf(b.file), path.join(aside, `${b.name}${SEAL}`));
    }
  } finally {
    db?.close();
  }
}

/** A database file's first sealed event (see seals.ts), opened read-only. */
function sealFromOfFile(file: string): number {
  const db = openDb(file, { readonly: true });
  try {
    return sealFromOf(db);
  } finally {
    db.close();
  }
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
  /** Sealed by this station (see readBackupSeal). */
  sealed: boolean;
}

/**
 * The newest backup that passes the same checks as the live database on open (integrity_check, the
 * triggers, the full audit verification, its seal): the one to offer when the live database fails
 * them. A backup with a seal that does not match is never offered; one without a seal (made before
 * seals) only when no sealed one passes.
 */
export function newestSoundBackup(dataDir: string, limit = 8, exclude: readonly string[] = []): SoundBackup | null {
  let unsealed: SoundBackup | null = null;
  for (const b of listBackups(dataDir).filter((x) => !exclude.includes(x.name)).slice(0, limit)) {
    if (backupFileProblem(b.file)) continue;
    let db: Db | undefined;
    try {
      db = openDb(b.file, { readonly: true });
      const rows = db.prepare('PRAGMA integrity_check').all() as { integrity_check: string }[];
      if (rows.length !== 1 || rows[0]?.integrity_check !== 'ok') continue;
      if (!checkTriggers(db).ok || !verifyAudit(db).ok) continue;
      const h = dbHead(db);
      const seal = h ? readBackupSeal(dataDir, b, h) : 'none';
      if (seal === 'invalid') continue;
      const sound = { ...b, seq: h?.seq ?? 0, sealed: seal === 'valid' };
      if (sound.sealed) return sound;
      unsealed ??= sound;
    } catch {
      continue;
    } finally {
      db?.close();
    }
  }
  return unsealed;
}
