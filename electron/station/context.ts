/**
 * The station as its modules see it: the open Station (report, backups, options), the open-time
 * report, the errors of a file that cannot be opened, and Ctx, what a command handler gets. Its own
 * module so commands, forms and export can name these without importing index.ts (which imports them).
 */
import Database from 'better-sqlite3';
import type { CommandInput, CommandName, CommandOutput } from '../../shared/contract.js';
import type { Result } from '../../shared/result.js';
import type { Effect, verifyAudit } from './audit.js';
import type { backupNow } from './backup.js';
import type { DataLoss, Health, HealthCheck, Problem } from './health.js';
import type { Db } from './db/open.js';
import type { z } from 'zod';
import type { CommandSpec } from '../../shared/contract/define.js';
import type { DomainTable } from './db/migrations.js';

export type SqlValue = string | number | bigint | null | Buffer;

/** What a command handler gets: the connection, the command's clock and actor, and the only way to write. */
export interface Ctx {
  readonly db: Db;
  /** ISO timestamp of this command (one per command, so all its rows agree). */
  readonly at: string;
  /** Local calendar date of this command, YYYY-MM-DD. */
  readonly today: string;
  readonly actor: string;
  readonly dataDir: string;
  /** The open station (its report, backups, options): for the station-level commands, forms and export. */
  readonly station: Station;
  /** Append a row to a domain table (the only write path); returns its rowid and records it in the audit event. */
  insert(table: DomainTable, row: Record<string, SqlValue | boolean | undefined>): number;
  /** Work to run after the transaction committed (backups, notifications). */
  after(fn: () => void): void;
}

export type Handler<S extends CommandSpec> = (ctx: Ctx, input: z.output<S['input']>) => z.input<S['output']>;
export type HandlersFor<C extends Record<string, CommandSpec>> = { [K in keyof C]: Handler<C[K]> };

export interface MutableCtx extends Ctx {
  readonly effects: Effect[];
  readonly afterCommit: (() => void)[];
}

export interface OpenReport {
  readOnly: boolean;
  integrity: { ok: boolean; message: string };
  audit: ReturnType<typeof verifyAudit>;
  schemaVersion: number;
  summary: string;
  /** Each open-time check in one plain line (what was checked, what it found): the summary is made of these. */
  checks: HealthCheck[];
  /** Signs of a change made outside the station (forged head record, wrong or missing seals, a backup that does not match). */
  tamper: Problem[];
  /** Findings that do not stop the election (a planted backup beside vouched data). */
  warnings: Problem[];
  /** Every expected append-only trigger is there, unchanged. */
  triggers: Health['triggers'];
  /** The head records vouch for the chain's last event (keyed). */
  keyed: boolean;
  /** The last command that completed (its audit event), so a reopened station says what got done. */
  lastEvent: { seq: number; at: string; command: string; label: string } | null;
  /**
   * Committed data missing from the database: a head record (in the election folder or the key
   * folder) or a backup holds a later audit event than the database ('missing'), or a different one
   * at the same number ('different').
   */
  dataLoss: DataLoss;
  /** When the checks fail: the newest backup that passes them, to restore from. */
  restoreFrom: { name: string; at: string; reason: string; seq: number } | null;
}

/** Thrown by openStation when the database file cannot be opened at all (not a database, unreadable). */
export class StationOpenError extends Error {
  readonly code = 'DB_UNREADABLE';
  constructor(
    message: string,
    readonly restoreFrom: OpenReport['restoreFrom'],
    override readonly cause?: unknown,
  ) {
    super(message);
  }
}

/** SQLite errors that mean the file itself is damaged or unreadable (not a refusal, not a bug). */
export const isDamageError = (e: unknown): boolean =>
  e instanceof Database.SqliteError && /^SQLITE_(CORRUPT|NOTADB|IOERR|CANTOPEN|FULL)/.test(e.code);

export interface StationOptions {
  /** Injectable clock (tests, drills). */
  now?: () => Date;
  /** Default actor for commands that don't name one. */
  actor?: string;
  /** Automatic backups (phase changes, every 50 ballots). Default true. */
  backups?: boolean;
  /** This program, as another opener's "in use" message names it (计票站窗口, 浏览器版计票站 …). */
  program?: string;
}

export interface CallOptions {
  actor?: string;
  /** PIN for commands guarded by a role (CommandSpec.chair, auth.check). Never logged. */
  pin?: string;
}

export interface Station {
  readonly dataDir: string;
  readonly dbFile: string;
  readonly report: OpenReport;
  call(command: string, input: unknown, opts?: CallOptions): Result<unknown>;
  /** Typed convenience for TypeScript callers (tests, the CLI demo). */
  run<C extends CommandName>(command: C, input: CommandInput<C>, opts?: CallOptions): Result<CommandOutput<C>>;
  /** Re-run the open-time checks. */
  recheck(): OpenReport;
  /** Ask for an automatic backup (made off the acknowledgement path; see backup.ts). */
  scheduleBackup(reason: string): void;
  /** A backup made now, before returning (the 备份 button, the CLI). */
  backupNow(reason: string): ReturnType<typeof backupNow>;
  /** Wait until every requested automatic backup is written (tests, before a restore). */
  flushBackups(): void;
  /** The raw connection, for the station's own modules (forms, export). Not for writes. */
  readonly db: Db;
  readonly options: Required<Pick<StationOptions, 'backups'>> & StationOptions;
  close(): void;
}
