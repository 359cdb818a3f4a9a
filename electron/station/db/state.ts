/**
 * A station's per-connection state: compiled statements, the roll's search index and import
 * previews, the counting projection, and the committed-version counter. It hangs off the one
 * connection the station opens (db.state, made by openDb), so it lives and dies with the station
 * that owns that connection; no module keeps a map of its own keyed by connection.
 *
 * A module declares what it keeps as a slot (a key, not state). Derived state is kept per committed
 * version: the dispatcher (index.ts) calls `committed(tables)` after every commit with the tables the
 * command wrote; the version goes up, and a kept value whose slot reads none of those tables is
 * carried to the new version, every other one is dropped. A value is only kept outside a transaction
 * (after the commit, through ctx.after, for one read inside a command), so state a transaction read
 * or wrote before it rolled back is never kept: by construction, not by care at each cache.
 */
export interface Slot<T> {
  readonly name: string;
  readonly init: () => T;
}

/** Per-connection state with no version (statements, previews, memos keyed by objects). */
export const slot = <T>(name: string, init: () => T): Slot<T> => ({ name, init });

/** Derived state kept per committed version; `tables` are the tables it is computed from. */
export interface Kept<T> {
  readonly name: string;
  readonly tables: readonly string[];
  /** Only for the type: a kept value is a T. */
  readonly _type?: T;
}

export const kept = <T>(name: string, tables: readonly string[]): Kept<T> => ({ name, tables });

type Written = readonly (readonly [string, ...unknown[]])[];

export class ConnectionState {
  /** Committed-version counter: bumped by the dispatcher after every committed write (index.ts). */
  version = 0;
  private readonly slots = new Map<Slot<unknown>, unknown>();
  private readonly values = new Map<Kept<unknown>, { version: number; value: unknown }>();
  /** The rows the command in flight has written so far (its audit effects), while it runs. */
  private writing: Written | null = null;
  /** Values to keep once the command in flight commits (dropped if it rolls back). */
  private pending: { k: Kept<unknown>; value: unknown; vouched: boolean }[] = [];

  get<T>(s: Slot<T>): T {
    if (!this.slots.has(s)) this.slots.set(s, s.init());
    return this.slots.get(s) as T;
  }

  private touches(k: Kept<unknown>): boolean {
    return this.writing !== null && this.writing.some((e) => k.tables.includes(e[0]));
  }

  /** The value kept at the current committed version, unless the command in flight wrote one of its tables. */
  read<T>(k: Kept<T>): T | undefined {
    const e = this.values.get(k as Kept<unknown>);
    if (!e || e.version !== this.version || this.touches(k as Kept<unknown>)) return undefined;
    return e.value as T;
  }

  /**
   * Keeps a value computed from the committed state. Outside a transaction, now; inside the command
   * in flight, once it commits, and only if it had not written the value's tables when it was read
   * and writes none of them before the commit. Anywhere else inside a transaction, never.
   */
  keep<T>(k: Kept<T>, value: T, inTransaction: boolean): void {
    const key = k as Kept<unknown>;
    if (!inTransaction) {
      this.values.set(key, { version: this.version, value });
      return;
    }
    if (this.writing !== null && !this.touches(key)) this.pending.push({ k: key, value, vouched: false });
  }

  /** The value as it will be once the command in flight commits (the caller vouches for it: a ballot extends a count). */
  keepAfterCommit<T>(k: Kept<T>, value: T): void {
    if (this.writing !== null) this.pending.push({ k: k as Kept<unknown>, value, vouched: true });
  }

  /** A command starts writing; `effects` is its list of written rows (it grows as it writes). */
  begin(effects: Written): void {
    this.writing = effects;
    this.pending = [];
  }

  /** The command rolled back (refused or failed): nothing it read or meant to keep is kept. */
  abandon(): void {
    this.writing = null;
    this.pending = [];
  }

  /** After a commit: a new version; values that read none of the written tables are carried to it. */
  committed(written: ReadonlySet<string>): void {
    const from = this.version;
    this.version += 1;
    for (const [k, e] of this.values) {
      if (e.version === from && !k.tables.some((t) => written.has(t))) e.version = this.version;
    }
    for (const p of this.pending) {
      if (p.vouched || !p.k.tables.some((t) => written.has(t))) this.values.set(p.k, { version: this.version, value: p.value });
    }
    this.writing = null;
    this.pending = [];
  }
}
