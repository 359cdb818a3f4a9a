/** Statements run on hot paths (every ballot, every keystroke of a search), compiled once per connection. */
import type Database from 'better-sqlite3';
import type { Db } from './open.js';
import { slot } from './state.js';

export type Stmt = Database.Statement<unknown[], unknown>;

const STATEMENTS = slot('statements', () => new Map<string, Stmt>());

export function cached(db: Db, sql: string): Stmt {
  const m = db.state.get(STATEMENTS);
  let st = m.get(sql);
  if (!st) m.set(sql, (st = db.prepare(sql)));
  return st;
}
