/**
 * The station back end: `openStation(dataDir)` -> { call(command, input), close() }. Wiring only: the
 * open-time checks (open-report.ts), the row writer, the PIN guard and the dispatcher live in their own
 * modules; this opens the file, checks it, and joins them.
 * Plain Node, no Electron import: the Electron window, the browser host, the CLI and the tests all
 * drive it through this one entry.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Result } from '../../shared/result.js';
import { AuditLog, dbHead, HeadWriter, type Effect } from './audit.js';
import { BackupRunner, backupNow, cleanLeftovers, DB_FILE } from './backup.js';
import { isDamageError, StationOpenError, type CallOptions, type OpenReport, type Station, type StationOptions } from './context.js';
import { LATEST_SCHEMA_VERSION, migrate, openDb, type Db } from './db/open.js';
import { makeDispatcher, validationError } from './dispatch.js';
import { readHeads, type HeadRecord } from './head-file.js';
import { headKey } from './key-folder.js';
import { lockElection } from './lock.js';
import { damagedFileError, openReport } from './open-report.js';
import { PinGuard } from './pin-guard.js';
import { RowWriter } from './row-writer.js';
import { EventSealer, sealFromOf } from './seals.js';

export { validationError };
export { isDamageError, StationOpenError, type CallOptions, type OpenReport, type Station, type StationOptions };
export function openStation(dataDir: string, options: StationOptions = {}): Station {
  mkdirSync(dataDir, { recursive: true });
  const dbFile = path.join(dataDir, DB_FILE);
  // One program at a time per election folder (throws ElectionInUseError with the message to show).
  const lock = lockElection(dataDir, options.program);
  let opened: Db | undefined;
  let schemaVersion: number;
  let audit: AuditLog;
  let db: Db;
  try {
    cleanLeftovers(dataDir);
    db = opened = openDb(dbFile);
    schemaVersion = migrate(db).to;
    audit = new AuditLog(db);
  } catch (e) {
    opened?.close();
    lock.release();
    if (!isDamageError(e)) throw e;
    // The file is not a database any more (overwritten, truncated to nothing useful): say so, name a backup.
    throw damagedFileError(dataDir, e);
  }
  const opts = { backups: true, ...options };
  const clock = opts.now ?? (() => new Date());
  const rows = new RowWriter(db);

  /** After every committed command (never ahead of the database; see head-file.ts). */
  const headWriter = new HeadWriter(dataDir);
  const sealer = new EventSealer(db, headKey(dataDir));
  // The first sealed event: 1 for an election made by this version; for an older one, its next event.
  // A damaged file may fail this read: the checks below then report it (read-only), and no head is
  // recorded for a read-only station, so the value is never used.
  let sealFrom = 0;
  try {
    sealFrom = sealFromOf(db);
  } catch (e) {
    if (!isDamageError(e)) {
      db.close();
      lock.release();
      throw e;
    }
  }
  const recordHead = (e: { seq: number; hash: string; at: string; command: string }): void => {
    try {
      headWriter.write({ seq: e.seq, hash: e.hash, at: e.at, command: e.command, sealFrom });
    } catch (err) {
      console.error('could not write the head file:', err);
    }
  };
  /** Appends an audit event with its keyed seal, inside the caller's transaction. */
  const appendEvent = (e: Parameters<AuditLog['append']>[0]) => {
    const ev = audit.append(e);
    sealer.seal(ev.seq, ev.hash);
    return ev;
  };
  const backups = opts.backups ? new BackupRunner(dataDir, clock) : null;
  let report: OpenReport;
  try {
    report = openReport(db, dataDir, schemaVersion);
    if (!report.readOnly) {
      // Bring both head records up to the database (a crash between commit and record, a first open
      // after an older version, a key folder that had no copy yet). Only a state that passed every
      // check is recorded.
      const h = dbHead(db);
      const heads = readHeads(dataDir);
      const current = (r: HeadRecord) => r.state === 'keyed' && r.head.seq === h?.seq && r.head.hash === h.hash && r.head.sealFrom === sealFrom;
      if (h && !(current(heads.folder) && current(heads.keyFolder))) recordHead(h);
    }
  } catch (e) {
    db.close();
    lock.release();
    if (!isDamageError(e)) throw e;
    // a page the checks themselves could not read: the same refusal as a file that does not open
    throw damagedFileError(dataDir, e);
  }



  /** A PIN attempt, in its own transaction with its audit event (see pin-guard.ts). */
  const pins = new PinGuard(db, dataDir, () => report.readOnly, (role, command, outcome, now, actor) => {
    const ev = db.transaction(() => {
      const effects: Effect[] = [];
      rows.insert(effects, 'pin_attempts', { role, command, outcome, at: now.toISOString(), actor });
      return appendEvent({ at: now.toISOString(), actor, command: 'auth.attempt', input: { role, command, outcome }, effects });
    }).immediate();
    db.state.committed(new Set(['pin_attempts']));
    recordHead(ev);
  });

  const call = makeDispatcher({
    db,
    dataDir,
    station: () => station,
    clock,
    defaultActor: opts.actor,
    readOnly: () => report.readOnly,
    pins,
    rows,
    appendEvent,
    recordHead,
    afterMutation: () => backups?.poll(),
  });

  const station: Station = {
    dataDir,
    dbFile,
    get report() {
      return report;
    },
    db,
    options: opts,
    call,
    run: (command, input, o) => call(command, input, o) as Result<never>,
    recheck() {
      report = openReport(db, dataDir, schemaVersion);
      return report;
    },
    scheduleBackup(reason) {
      backups?.schedule(reason);
    },
    backupNow: (reason) => backupNow(db, dataDir, reason, clock()),
    flushBackups() {
      backups?.flush();
    },
    close() {
      // the backups asked for are written before the election is let go
      backups?.close();
      headWriter.close();
      if (db.open) db.close();
      lock.release();
    },
  };
  return station;
}


export const SCHEMA_VERSION = LATEST_SCHEMA_VERSION;
export { backupNow };
