// The station's per-connection state (electron/station/db/state.ts): derived values are kept per
// committed version, carried over a commit that wrote none of their tables, dropped by one that did,
// and never kept from a transaction that rolled back — on a real connection. Through the station,
// grouping-cache.test.ts compares the kept counting state with fresh reads after every kind of change.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDb } from '../../../electron/station/db/open.js';
import { kept, slot } from '../../../electron/station/db/state.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'ves-state-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const BOXES = kept<string>('boxes view', ['boxes', 'box_collections']);
const ROLL = kept<number>('roll size', ['voters']);

describe('ConnectionState', () => {
  it('each connection has its own state; a slot is made on first use', () => {
    const a = openDb(path.join(dir, 'a.sqlite'));
    const b = openDb(path.join(dir, 'b.sqlite'));
    const S = slot('list', () => [] as number[]);
    a.state.get(S).push(1);
    expect(a.state.get(S)).toEqual([1]);
    expect(b.state.get(S)).toEqual([]);
    a.close();
    b.close();
  });

  it('a commit carries what it did not write under and drops what it did', () => {
    const db = openDb(path.join(dir, 'c.sqlite'));
    db.state.keep(BOXES, 'two boxes', false);
    db.state.keep(ROLL, 300, false);
    db.state.committed(new Set(['ballots', 'ballot_mark_lists']));
    expect(db.state.read(BOXES)).toBe('two boxes');
    expect(db.state.read(ROLL)).toBe(300);
    db.state.committed(new Set(['voters']));
    expect(db.state.read(BOXES)).toBe('two boxes');
    expect(db.state.read(ROLL)).toBeUndefined();
    db.close();
  });

  it('inside a command: a value read before its tables were written is kept only if the command commits', () => {
    const db = openDb(path.join(dir, 'd.sqlite'));
    const effects: [string, number, string][] = [];
    db.exec('CREATE TABLE t (x)');
    // rolled back: nothing kept
    db.state.begin(effects);
    db.transaction(() => db.state.keep(BOXES, 'read in a command that fails', db.inTransaction))();
    db.state.abandon();
    db.state.committed(new Set());
    expect(db.state.read(BOXES)).toBeUndefined();
    // committed without writing its tables: kept at the new version
    db.state.begin(effects);
    db.transaction(() => db.state.keep(BOXES, 'read, then a ballot written', db.inTransaction))();
    effects.push(['ballots', 1, 'h']);
    db.state.committed(new Set(['ballots']));
    expect(db.state.read(BOXES)).toBe('read, then a ballot written');
    // committed after writing its tables: not kept
    effects.length = 0;
    db.state.begin(effects);
    db.transaction(() => db.state.keep(ROLL, 301, db.inTransaction))();
    effects.push(['voters', 301, 'h']);
    db.state.committed(new Set(['voters']));
    expect(db.state.read(ROLL)).toBeUndefined();
    db.close();
  });

  it('a value whose tables the command in flight already wrote is not read, nor kept; a vouched value is', () => {
    const db = openDb(path.join(dir, 'e.sqlite'));
    db.state.keep(BOXES, 'before', false);
    const effects: [string, number, string][] = [['box_collections', 1, 'h']];
    db.state.begin(effects);
    expect(db.state.read(BOXES)).toBeUndefined();
    db.state.keep(BOXES, 'read after the write', true);
    db.state.keepAfterCommit(ROLL, 42);
    db.state.committed(new Set(['box_collections', 'voters']));
    expect(db.state.read(BOXES)).toBeUndefined();
    expect(db.state.read(ROLL)).toBe(42);
    // and a transaction that is not a command's keeps nothing
    db.transaction(() => db.state.keep(BOXES, 'elsewhere', db.inTransaction))();
    expect(db.state.read(BOXES)).toBeUndefined();
    db.close();
  });
});
