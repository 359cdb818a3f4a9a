/**
 * One program at a time per election folder (issue 12, D4/D9): two windows or programs writing the
 * same election would interleave their commands, and one checking while the other writes could raise
 * a false alarm. The lock is an exclusive SQLite lock on `election.lock` beside the database: the
 * operating system holds it for the process (fcntl on Linux and macOS, LockFileEx on Windows) and
 * drops it when the process ends, however it ends, so a crash never leaves a stale lock behind. Who
 * holds it is written to `election.lock.json` for the message the next opener shows.
 */
import Database from 'better-sqlite3';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { nativeBindingOption } from './db/open.js';

export const LOCK_FILE = 'election.lock';
const OWNER_FILE = `${LOCK_FILE}.json`;

export class ElectionInUseError extends Error {
  readonly code = 'ELECTION_IN_USE';
  constructor(
    message: string,
    readonly owner: LockOwner | null,
  ) {
    super(message);
  }
}

export interface LockOwner {
  pid: number;
  program: string;
  host: string;
  since: string;
}

export interface ElectionLock {
  release(): void;
}

const shortTime = (iso: string): string => {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getMonth() + 1}月${d.getDate()}日 ${p(d.getHours())}:${p(d.getMinutes())}`;
};

function readOwner(dataDir: string): LockOwner | null {
  try {
    const v = JSON.parse(readFileSync(path.join(dataDir, OWNER_FILE), 'utf8')) as Partial<LockOwner>;
    if (typeof v.pid !== 'number' || typeof v.program !== 'string' || typeof v.since !== 'string') return null;
    return { pid: v.pid, program: v.program, host: typeof v.host === 'string' ? v.host : '', since: v.since };
  } catch {
    return null;
  }
}

/** The message for an election another program has open, naming it where it said who it is. */
export function inUseMessage(owner: LockOwner | null): string {
  const who = owner ? `（${owner.program}，进程 ${owner.pid}${owner.since ? `，${shortTime(owner.since)} 起` : ''}）` : '';
  return `这次选举正在另一个计票站窗口或程序里打开${who}。同一次选举同一时间只能在一处操作，以免两边的记录互相冲突。请先关闭另一处（或在那里继续操作），再在这里打开。`;
}

/**
 * Takes the folder's lock or throws ElectionInUseError. `program` names this program in the message
 * another opener sees (计票站窗口, 浏览器版计票站, 命令行 …).
 */
export function lockElection(dataDir: string, program = '计票站'): ElectionLock {
  const file = path.join(dataDir, LOCK_FILE);
  let db: Database.Database | undefined;
  try {
    db = new Database(file, { timeout: 0, ...nativeBindingOption() });
    db.pragma('locking_mode = EXCLUSIVE');
    // A write makes SQLite take its exclusive lock; in EXCLUSIVE locking mode it keeps it after commit.
    db.exec('BEGIN EXCLUSIVE; CREATE TABLE IF NOT EXISTS lock (taken TEXT); COMMIT;');
  } catch (e) {
    db?.close();
    if (e instanceof Database.SqliteError && /^SQLITE_BUSY/.test(e.code)) {
      const owner = readOwner(dataDir);
      throw new ElectionInUseError(inUseMessage(owner), owner);
    }
    throw e;
  }
  const owner: LockOwner = { pid: process.pid, program, host: os.hostname(), since: new Date().toISOString() };
  try {
    writeFileSync(path.join(dataDir, OWNER_FILE), JSON.stringify(owner));
  } catch {
    // only for the message; the lock itself holds without it
  }
  const held = db;
  let released = false;
  return {
    release() {
      if (released) return;
      released = true;
      if (readOwner(dataDir)?.pid === process.pid) rmSync(path.join(dataDir, OWNER_FILE), { force: true });
      held.close();
    },
  };
}
