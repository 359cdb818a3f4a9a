/** Statements run on hot paths (every ballot, every keystroke of a search), compiled once per connection. */
import type Database from 'better-sqlite3';
import type { Db } from './open.js';

export type Stmt = Database.Statement<unknown[], unknown>;

const stmtCache = new WeakMap<Db, Map<string, Stmt>>();

export function cached(db: Db, sql: string): Stmt {
  let m = stmtCache.get(db);
  if (!m) stmtCache.set(db, (m = new Map()));
  let st = m.get(sql);
  if (!st) m.set(sql, (st = db.prepare(sql)));
  return st;
}
