import type { z } from 'zod';
import type { CommandSpec } from '../../shared/contract/define.js';
import type { Db } from './db/open.js';
import type { DomainTable } from './db/migrations.js';
import type { Effect } from './audit.js';

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
