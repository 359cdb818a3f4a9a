import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { MIGRATIONS } from './migrations.js';
import { ConnectionState } from './state.js';

/** A station connection: better-sqlite3's, with the station's per-connection state (db/state.ts). */
export type Db = Database.Database & { readonly state: ConnectionState };

/**
 * better-sqlite3 is built for plain Node by `npm ci` (tests, CLI, browser host). Electron has its own
 * ABI, so `scripts/build-electron-native.mjs` builds a second copy into native/electron/ (and the
 * packaged app carries it unpacked from the asar). Under Electron we pass that file as
 * `nativeBinding`; nobody rebuilds by hand in between.
 */
export function nativeBindingOption(): { nativeBinding?: string } {
  if (!process.versions.electron) return {};
  const candidates = [
    process.env.STATION_SQLITE_BINDING,
    // packaged: resources/native/better_sqlite3.node (extraResources)
    'resourcesPath' in process ? path.join(String((process as { resourcesPath?: string }).resourcesPath), 'native', 'better_sqlite3.node') : undefined,
    path.resolve('native/electron/better_sqlite3.node'),
  ].filter((p): p is string => typeof p === 'string' && p.length > 0);
  const found = candidates.find((p) => existsSync(p));
  return found ? { nativeBinding: found } : {};
}

export interface OpenDbOptions {
  readonly?: boolean;
}

/** Gives a plain better-sqlite3 connection its own station state (openDb does; tests that forge files too). */
export function asStationDb(raw: Database.Database): Db {
  return Object.defineProperty(raw, 'state', { value: new ConnectionState(), enumerable: false, writable: false }) as Db;
}

export function openDb(file: string, opts: OpenDbOptions = {}): Db {
  const db = asStationDb(new Database(file, { readonly: opts.readonly ?? false, fileMustExist: opts.readonly ?? false, ...nativeBindingOption() }));
  if (!opts.readonly) {
    db.pragma('journal_mode = WAL');
  }
  // A ballot acknowledged on screen is on disk: fsync at every commit, WAL included.
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  return db;
}

export function migrate(db: Db): { from: number; to: number } {
  const from = Number(db.pragma('user_version', { simple: true }));
  let to = from;
  for (const m of MIGRATIONS) {
    if (m.version <= from) continue;
    // A table rebuild drops and renames tables others refer to: foreign keys off around it (the
    // pragma is a no-op inside a transaction), every reference checked before the commit.
    if (m.rebuildsTables) db.pragma('foreign_keys = OFF');
    try {
      db.transaction(() => {
        db.exec(m.sql);
        if (m.rebuildsTables) {
          const broken = db.pragma('foreign_key_check') as unknown[];
          if (broken.length > 0) throw new Error(`migration ${m.version} broke ${broken.length} foreign key references`);
        }
        db.pragma(`user_version = ${m.version}`);
      })();
    } finally {
      if (m.rebuildsTables) db.pragma('foreign_keys = ON');
    }
    to = m.version;
  }
  return { from, to };
}

export const LATEST_SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]?.version ?? 0;
