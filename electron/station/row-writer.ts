/**
 * The only way a command writes: one INSERT into a domain table, and the row's hash as its audit
 * effect (the audit event of the command lists every row it wrote). Rows are never updated or
 * deleted (the append-only triggers refuse it).
 */
import type Database from 'better-sqlite3';
import { rowHash, type Effect } from './audit.js';
import type { SqlValue } from './context.js';
import type { DomainTable } from './db/migrations.js';
import type { Db } from './db/open.js';

type Stmt = Database.Statement<unknown[], unknown>;

const sqlValue = (v: SqlValue | boolean | undefined): SqlValue => (typeof v === 'boolean' ? (v ? 1 : 0) : (v as SqlValue));

export class RowWriter {
  private readonly rowStmts = new Map<string, Stmt>();
  private readonly insertStmts = new Map<string, Stmt>();

  constructor(private readonly db: Db) {}

  insert(effects: Effect[], table: DomainTable, row: Record<string, SqlValue | boolean | undefined>): number {
    const cols = Object.keys(row).filter((k) => row[k] !== undefined);
    const sig = `${table}(${cols.join(',')})`;
    let stmt = this.insertStmts.get(sig);
    if (!stmt) {
      stmt = this.db.prepare(`INSERT INTO ${table} (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`);
      this.insertStmts.set(sig, stmt);
    }
    const values = cols.map((k) => sqlValue(row[k]));
    const info = stmt.run(...values);
    const id = Number(info.lastInsertRowid);
    this.recordEffect(effects, table, cols, values, 0, id);
    return id;
  }

  /**
   * The audit effect of a row just inserted (its values at values[from … from + cols.length)).
   * When storesAsGiven, the row as `SELECT *` reads it back is the id and exactly the values
   * inserted, so it is hashed from them; anything else is read back as stored.
   */
  private recordEffect(effects: Effect[], table: DomainTable, cols: readonly string[], values: readonly SqlValue[], from: number, id: number): void {
    if (this.storesAsGiven(table, cols, values, from)) {
      const row: Record<string, SqlValue> = { id };
      for (let c = 0; c < cols.length; c++) row[cols[c] as string] = values[from + c] as SqlValue;
      effects.push([table, id, rowHash(row)]);
      return;
    }
    const rowid = table === 'election' ? 'rowid' : 'id';
    let sel = this.rowStmts.get(table);
    if (!sel) {
      sel = this.db.prepare(`SELECT * FROM ${table} WHERE ${rowid} = ?`);
      this.rowStmts.set(table, sel);
    }
    const stored = sel.get(id) as Record<string, unknown>;
    effects.push([table, id, rowHash(stored)]);
  }

  /**
   * Column affinities of each table with an `id INTEGER PRIMARY KEY` and no hidden or generated
   * columns; undefined for other tables (election), whose rows are always read back.
   */
  private readonly affinities = new Map<string, Map<string, 'text' | 'integer' | 'real' | 'numeric' | 'blob'> | undefined>();
  private tableAffinities(table: string) {
    if (this.affinities.has(table)) return this.affinities.get(table);
    const info = this.db.prepare(`PRAGMA table_xinfo(${table})`).all() as { name: string; type: string; pk: number; hidden: number }[];
    let m: Map<string, 'text' | 'integer' | 'real' | 'numeric' | 'blob'> | undefined = new Map();
    for (const c of info) {
      const t = c.type.toUpperCase();
      // SQLite's affinity rules (datatype3 §3.1), in their order.
      const a = t.includes('INT') ? 'integer' : /CHAR|CLOB|TEXT/.test(t) ? 'text' : t === '' || t.includes('BLOB') ? 'blob' : /REAL|FLOA|DOUB/.test(t) ? 'real' : 'numeric';
      if (c.hidden !== 0 || (c.pk !== 0 && !(c.name === 'id' && a === 'integer' && c.pk === 1))) m = undefined;
      m?.set(c.name, a);
    }
    if (m && (!m.has('id') || table === 'election')) m = undefined;
    this.affinities.set(table, m);
    return m;
  }

  /**
   * Whether `SELECT *` of the new row gives back exactly {id, ...the values inserted}: every column
   * but id was given, and no value is converted by its column's affinity (text only into TEXT or
   * untyped columns, finite numbers only into numeric ones, nulls anywhere). Then the audit hash of
   * the row needs no read-back; anything else is read back as stored.
   */
  private storesAsGiven(table: string, cols: readonly string[], values: readonly unknown[], from = 0): boolean {
    const aff = this.tableAffinities(table);
    // the id may be given (a row whose id is another row's, as ballot_mark_lists) or left to SQLite
    const idGiven = cols.includes('id');
    if (!aff || cols.length !== aff.size - (idGiven ? 0 : 1)) return false;
    for (let i = 0; i < cols.length; i++) {
      const a = aff.get(cols[i] as string);
      const v = values[from + i];
      if (a === undefined) return false;
      if (cols[i] === 'id') {
        if (typeof v !== 'number' || !Number.isSafeInteger(v)) return false;
        continue;
      }
      if (v === null) continue;
      if (typeof v === 'string') {
        if (a !== 'text' && a !== 'blob') return false;
      } else if (typeof v === 'number') {
        if (!Number.isFinite(v) || a === 'text') return false;
      } else {
        return false;
      }
    }
    return true;
  }
}
