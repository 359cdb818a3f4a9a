/**
 * Issue 3 (audit) — tamper detection covers EVERY table. For each table in sqlite_master (sqlite's
 * own aside) a tamperer with sqlite3 drops the append-only triggers and edits one column of one row
 * (or, for a table this election left empty, slips in a made-up row). On the next open the station
 * must be read-only with a message naming the table. Also: every table the schema creates is one the
 * audit check reads (DOMAIN_TABLES) or the audit log itself (the events, audit_seal whose key every
 * formula-2 event hash depends on, and the keyed seals), so a new table cannot silently escape.
 */
import Database from 'better-sqlite3';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUDIT_TABLES, DOMAIN_TABLES } from '../../../electron/station/db/migrations.js';
import { openStation, type Station } from '../../../electron/station/index.js';
import { demoIn } from '../faults/crash-helpers.js';

let root: string;
let golden: string;
let tables: { name: string; rows: number }[] = [];
/** The audit log's tables: the events, and the seal key of formula 2 (audit.ts). */

function must<T>(r: { ok: true; value: T } | { ok: false; error: { message: string } }): T {
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

beforeAll(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'station-tamper-'));
  const dir = path.join(root, 'golden');
  demoIn(dir, false);
  // more kinds of rows than the demo has: PINs and attempts, a void, a doubt and its ruling, a checkpoint, a removal
  const s = openStation(dir, { backups: false });
  must(s.run('auth.setPin', { role: 'staff', pin: '1357' }));
  s.call('auth.check', { role: 'staff' }, { pin: '0000' });
  const recent = must(s.run('count.recent', { limit: 3 })).ballots;
  const [a, b] = recent.map((r) => ({ ballotId: r.id })) as [{ ballotId: number }, { ballotId: number }];
  must(s.run('count.voidBallot', { ballotId: a.ballotId, reason: '录错了' }));
  must(s.run('count.markDoubtful', { ballotId: b.ballotId, note: '字迹不清' }));
  const scrutineer = must(s.run('official.list', {})).officials.find((o) => o.role === 'scrutineer');
  if (!scrutineer) throw new Error('the demo registers scrutineers');
  must(s.run('count.rule', { ballotId: b.ballotId, ruling: 'as_recorded', scrutineerId: scrutineer.id, reason: '监票人一致认定' }));
  must(s.run('count.checkpoint', { uptoSeq: 50, status: 'confirmed' }));
  const spare = s.db.prepare('SELECT id FROM voters WHERE id NOT IN (SELECT voter_id FROM issues) ORDER BY id DESC LIMIT 1').get() as { id: number };
  s.call('roll.remove', { voterId: spare.id, reason: 'death' });
  tables = (s.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string }[]).map(
    ({ name }) => ({ name, rows: (s.db.prepare(`SELECT count(*) AS n FROM "${name}"`).get() as { n: number }).n }),
  );
  expect(s.recheck().audit.ok).toBe(true);
  s.close();
  golden = path.join(dir, 'election.sqlite');
}, 60_000);

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

interface Col {
  name: string;
  type: string;
  pk: number;
  notnull: number;
}

/** A copy of the golden election with the triggers dropped and `sql` run by a tamperer; then reopened. */
function tamperAndReopen(tag: string, change: (raw: Database.Database) => void): Station {
  const dir = path.join(root, tag);
  mkdirSync(dir);
  copyFileSync(golden, path.join(dir, 'election.sqlite'));
  const raw = new Database(path.join(dir, 'election.sqlite'));
  raw.pragma('foreign_keys = OFF');
  raw.pragma('ignore_check_constraints = ON');
  for (const { name } of raw.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger'").all() as { name: string }[]) raw.exec(`DROP TRIGGER "${name}"`);
  change(raw);
  raw.close();
  return openStation(dir, { backups: false });
}

/** A value of the column's type that differs from `v`. */
function other(col: Col, v: unknown): unknown {
  if (col.type === 'INTEGER') return typeof v === 'number' ? v + 1000 : 1;
  if (col.type === 'REAL') return typeof v === 'number' ? v + 0.5 : 0.5;
  return typeof v === 'string' ? `${v}改` : '改';
}

describe('tamper detection on every table', () => {
  it('every table the schema creates is read by the audit check (or is the audit log)', () => {
    const names = tables.map((t) => t.name);
    expect(names.filter((n) => !(AUDIT_TABLES as readonly string[]).includes(n) && !(DOMAIN_TABLES as readonly string[]).includes(n))).toEqual([]);
    expect([...DOMAIN_TABLES].filter((t) => !names.includes(t))).toEqual([]);
    // most tables hold rows in this election, so the edit case below is the common one
    expect(tables.filter((t) => t.rows > 0).length).toBeGreaterThanOrEqual(24);
  });

  it('editing one column of a row, in each table with rows: read-only on reopen, the message names the table', () => {
    const results: string[] = [];
    for (const { name, rows } of tables) {
      if (rows === 0) continue;
      let edited = '';
      const s = tamperAndReopen(`edit-${name}`, (raw) => {
        const cols = raw.prepare(`PRAGMA table_info("${name}")`).all() as Col[];
        // a column that carries meaning: not the key; for the audit log the command's input
        const col = name === 'audit' ? cols.find((c) => c.name === 'input')! : cols.find((c) => c.pk === 0 && c.name !== 'at' && c.name !== 'actor') ?? cols.find((c) => c.pk === 0)!;
        const key = name === 'election' ? 'rowid' : (cols.find((c) => c.pk === 1)?.name ?? 'rowid');
        const row = raw.prepare(`SELECT ${key} AS k, "${col.name}" AS v FROM "${name}" ORDER BY ${key} DESC LIMIT 1`).get() as { k: number | string; v: unknown };
        const value = name === 'audit' ? JSON.stringify({ tampered: true }) : other(col, row.v);
        raw.prepare(`UPDATE "${name}" SET "${col.name}" = ? WHERE ${key} = ?`).run(value as string | number, row.k);
        edited = `${name}.${col.name}`;
      });
      try {
        expect(s.report.readOnly, `${edited} edited but the station opened normally`).toBe(true);
        expect(s.report.summary).toContain('只读');
        const named =
          name === 'audit' || name === 'audit_seal'
            ? s.report.summary.includes('审计日志')
            : name === 'audit_seals'
              ? s.report.summary.includes('密钥封记')
              : s.report.summary.includes(`数据表 ${name} `);
        expect(named, `${edited}: ${s.report.summary}`).toBe(true);
        const w = s.call('count.recordBallot', { marks: {} });
        expect(w.ok ? '' : w.error.code).toBe('READ_ONLY');
        results.push(edited);
      } finally {
        s.close();
      }
    }
    console.info(`tamper: ${results.length} tables, one edited column each: ${results.join(', ')}`);
  }, 60_000);

  it('a made-up row slipped into each table this election left empty: read-only, names the table', () => {
    const empty = tables.filter((t) => t.rows === 0).map((t) => t.name);
    for (const name of empty) {
      const s = tamperAndReopen(`insert-${name}`, (raw) => {
        const cols = (raw.prepare(`PRAGMA table_info("${name}")`).all() as Col[]).filter((c) => c.pk === 0);
        const values = cols.map((c) => (c.type === 'INTEGER' ? 1 : c.type === 'REAL' ? 1.5 : c.name === 'at' ? '2026-03-15T08:00:00.000Z' : '伪造'));
        raw.prepare(`INSERT INTO "${name}" (${cols.map((c) => `"${c.name}"`).join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`).run(...values);
      });
      try {
        expect(s.report.readOnly, `a row added to ${name} went unnoticed`).toBe(true);
        expect(s.report.summary).toContain(`数据表 ${name} `);
      } finally {
        s.close();
      }
    }
    console.info(`tamper: made-up rows detected in the empty tables ${empty.join(', ')}`);
  }, 60_000);

  it('each column of an audit event, edited: the chain breaks at that event', () => {
    for (const col of ['at', 'actor', 'command', 'input', 'effects', 'prev_hash', 'hash']) {
      const s = tamperAndReopen(`audit-${col}`, (raw) => {
        const row = raw.prepare(`SELECT seq, "${col}" AS v FROM audit WHERE seq = 10`).get() as { seq: number; v: string };
        const v = col === 'input' || col === 'effects' ? JSON.stringify([JSON.parse(row.v)]) : col.endsWith('hash') ? row.v.replace(/^./, (c) => (c === 'a' ? 'b' : 'a')) : `${row.v}x`;
        raw.prepare(`UPDATE audit SET "${col}" = ? WHERE seq = 10`).run(v);
      });
      try {
        expect(s.report.readOnly, `audit.${col}`).toBe(true);
        expect(s.report.audit.problems.some((p) => p.code === 'AUDIT_CHAIN_BROKEN' && /第 1[01] 条/.test(p.message)), `audit.${col}: ${s.report.summary}`).toBe(true);
      } finally {
        s.close();
      }
    }
  }, 60_000);
});
