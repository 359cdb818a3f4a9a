/**
 * Issue 12 — the tamper suite: what someone with the election folder but not the station key folder
 * can do, and what the station says on the next open. Each attack must be detected, named in plain
 * Chinese, leave the election read-only and advise the backup to restore (D2, D3, D10, backups).
 *
 * The attacker uses the station's own code (AuditLog.append, rowHash) to recompute the audit chain,
 * puts the append-only triggers back so only the keyed checks can tell, and deals with the head file
 * as they can without the key: deletes it, writes one in the old unkeyed layout, or makes up its MAC.
 */
import Database from 'better-sqlite3';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditLog, HEAD_FILE, rowHash, type Effect } from '../../../electron/station/audit.js';
import { asStationDb } from '../../../electron/station/db/open.js';
import { openStation, type OpenReport, type Station } from '../../../electron/station/index.js';
import { demoIn } from '../faults/crash-helpers.js';

let root: string;
let template: string;
let backupName: string;
const DB = 'election.sqlite';

function must<T>(r: { ok: true; value: T } | { ok: false; error: { message: string } }): T {
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

function ballot(s: Station, which = 0): void {
  const ids = (s.db.prepare("SELECT id FROM candidates WHERE pos_key = 'chair' ORDER BY id").all() as { id: number }[]).map((r) => r.id);
  must(s.run('count.recordBallot', { marks: { chair: { for: [ids[which % ids.length] as number] } } }));
}

beforeAll(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'station-tamper12-'));
  template = path.join(root, 'template');
  demoIn(template, false);
  const s = openStation(template, { backups: false });
  backupName = must(s.run('backup.create', { reason: 'manual' })).backup.name;
  for (let i = 0; i < 6; i++) ballot(s, i);
  s.close();
}, 90_000);

afterAll(() => rmSync(root, { recursive: true, force: true }));

let n = 0;
/** A copy of the template election in a folder this station has used: it opens and is recorded first. */
function election(): string {
  const dir = path.join(root, `case-${n++}`);
  cpSync(template, dir, { recursive: true });
  const s = openStation(dir, { backups: false });
  expect(s.report.readOnly, s.report.summary).toBe(false);
  ballot(s);
  s.close();
  return dir;
}

/** The triggers' own SQL, so a careful attacker can put them back after the change. */
function withTriggersDropped(raw: Database.Database, change: () => void): void {
  const triggers = raw.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'").all() as { name: string; sql: string }[];
  for (const t of triggers) raw.exec(`DROP TRIGGER "${t.name}"`);
  change();
  for (const t of triggers) raw.exec(t.sql);
}

const hasTable = (raw: Database.Database, t: string): boolean => raw.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(t) !== undefined;

/**
 * The D2 attack: change votes, then recompute every event's row hashes and the whole chain with the
 * station's own AuditLog.append, so the chain verifies again.
 */
function rehashRewrite(dir: string, opts: { votes: number; dropSeals?: boolean }): { changed: number } {
  const raw = asStationDb(new Database(path.join(dir, DB)));
  raw.pragma('foreign_keys = OFF');
  let changed = 0;
  withTriggersDropped(raw, () => {
    const [a, b] = (raw.prepare("SELECT id FROM candidates WHERE pos_key = 'chair' ORDER BY id LIMIT 2").all() as { id: number }[]).map((r) => r.id) as [number, number];
    // each ballot's marks are one JSON list (ballot_mark_lists): move chair votes from a to b in the text
    const lists = raw.prepare('SELECT id, marks FROM ballot_mark_lists ORDER BY id').all() as { id: number; marks: string }[];
    const upd = raw.prepare('UPDATE ballot_mark_lists SET marks = ? WHERE id = ?');
    for (const l of lists) {
      if (changed >= opts.votes) break;
      const moved = l.marks.replace(`["chair","for",${a},null]`, `["chair","for",${b},null]`);
      if (moved !== l.marks) changed += upd.run(moved, l.id).changes;
    }
    const events = raw.prepare('SELECT seq, at, actor, command, input, effects FROM audit ORDER BY seq').all() as {
      seq: number;
      at: string;
      actor: string;
      command: string;
      input: string;
      effects: string;
    }[];
    raw.exec('DELETE FROM audit');
    if (opts.dropSeals && hasTable(raw, 'audit_seals')) raw.exec('DELETE FROM audit_seals');
    const log = new AuditLog(raw);
    const rowOf = (t: string, id: number) => raw.prepare(`SELECT * FROM ${t} WHERE ${t === 'election' ? 'rowid' : 'id'} = ?`).get(id) as Record<string, unknown> | undefined;
    for (const e of events) {
      const effects = (JSON.parse(e.effects) as Effect[]).map(([t, id, h]): Effect => {
        const row = rowOf(t, id);
        return [t, id, row ? rowHash(row) : h];
      });
      log.append({ at: e.at, actor: e.actor, command: e.command, input: JSON.parse(e.input) as unknown, effects });
    }
  });
  raw.close();
  return { changed };
}

function reopen(dir: string): { report: OpenReport; station: Station } {
  const station = openStation(dir, { backups: false });
  return { report: station.report, station };
}

/** Detected: read-only, a Chinese line naming what was found, a backup advised, writes refused. */
function expectDetected(dir: string, named: RegExp, opts: { backupLeft?: boolean } = {}): OpenReport {
  const { report, station } = reopen(dir);
  try {
    expect(report.readOnly, report.summary).toBe(true);
    expect(report.summary).toMatch(named);
    expect(report.summary).toMatch(/\p{Script=Han}/u);
    expect(report.summary).toContain('只读');
    if (opts.backupLeft === false) {
      // the attacker removed every backup: what to do instead
      expect(report.summary).toContain('没有找到完好的备份');
      expect(report.summary).toContain('联系乡镇工作人员');
    } else {
      expect(report.summary).toContain('从备份恢复');
      expect(report.restoreFrom?.name, report.summary).toBeTruthy();
    }
    expect(report.summary).not.toContain('全部核对无误');
    // and the forged result cannot be recorded on, nor signed and exported
    const w = station.call('count.recordBallot', { marks: {} });
    expect(w.ok ? '' : w.error.code).toBe('READ_ONLY');
    const usb = mkdtempSync(path.join(root, 'usb-'));
    const ex = station.call('export.write', { target: usb });
    expect(ex.ok ? '' : ex.error.code).toBe('READ_ONLY');
    expect(readdirSync(usb)).toEqual([]);
  } finally {
    station.close();
  }
  return report;
}

describe('the claim on screen says what was checked', () => {
  it('a clean open names each check, the keyed head and the seals, and never "全部核对无误"', () => {
    const dir = election();
    const { report, station } = reopen(dir);
    station.close();
    expect(report.readOnly).toBe(false);
    console.info(`clean: ${report.summary}`);
    expect(report.summary).toMatch(/^检查通过：/);
    expect(report.summary).not.toContain('全部核对无误');
    expect(report.summary).toMatch(/和本机用密钥记下的一致/);
    expect(report.summary).toMatch(/带本机密钥的封记/);
    expect(report.summary).toMatch(/个防改动触发器都在/);
    expect(report.summary).toMatch(/个备份是现在这份记录的前一段/);
  });
});

describe('D2: the re-hash rewrite', () => {
  it('60 votes changed, the chain recomputed with the station’s own code, the head file rewritten unkeyed: detected', () => {
    const dir = election();
    const { changed } = rehashRewrite(dir, { votes: 60 });
    expect(changed).toBeGreaterThan(10);
    const head = (new Database(path.join(dir, DB), { readonly: true }).prepare('SELECT seq, hash, at, command FROM audit ORDER BY seq DESC LIMIT 1').get()) as Record<string, unknown>;
    // the head file as the old station wrote it, with the forged chain's last event
    writeFileSync(path.join(dir, HEAD_FILE), JSON.stringify(head));
    const r = expectDetected(dir, /密钥/);
    console.info(`rewrite: ${r.summary}`);
    expect(r.audit.ok, 'the recomputed chain itself verifies: only the key can tell').toBe(true);
    expect(r.tamper.some((t) => t.code === 'SEAL_WRONG')).toBe(true);
    // the backup made before the rewrite is the one advised
    expect(r.restoreFrom?.name).toBe(backupName);
    expect(r.summary).toMatch(/备份.*对不上/);
  });

  it('the same with the seals deleted and the head file gone: detected from the key folder', () => {
    const dir = election();
    rehashRewrite(dir, { votes: 60, dropSeals: true });
    rmSync(path.join(dir, HEAD_FILE));
    const r = expectDetected(dir, /没有本机密钥的封记|本机密钥文件夹里记下的/);
    expect(r.restoreFrom?.name).toBe(backupName);
  });

  it('the same with a head file whose MAC is made up: named as not written with this station’s key', () => {
    const dir = election();
    rehashRewrite(dir, { votes: 60 });
    const head = (new Database(path.join(dir, DB), { readonly: true }).prepare('SELECT seq, hash, at, command FROM audit ORDER BY seq DESC LIMIT 1').get()) as Record<string, unknown>;
    const slot = Buffer.alloc(512, 0x20);
    Buffer.from(JSON.stringify({ v: 2, ...head, sealFrom: 1, key: '00000000', mac: 'a'.repeat(64) })).copy(slot);
    writeFileSync(path.join(dir, HEAD_FILE), Buffer.concat([slot, slot]));
    expectDetected(dir, /不是本机用密钥写下的/);
  });
});

describe('D3: rollback', () => {
  it('an older database put back with its own older head file (and its backups): detected', () => {
    const dir = election();
    const old = path.join(root, `old-${n}`);
    cpSync(dir, old, { recursive: true });
    const s = openStation(dir, { backups: false });
    for (let i = 0; i < 5; i++) ballot(s, i);
    s.close();
    // everything in the election folder goes back to the older copy
    for (const f of [DB, `${DB}-wal`, `${DB}-shm`, HEAD_FILE]) rmSync(path.join(dir, f), { force: true });
    rmSync(path.join(dir, 'backups'), { recursive: true, force: true });
    cpSync(old, dir, { recursive: true });
    const r = expectDetected(dir, /数据不全：本机密钥文件夹里记下的记录到第 \d+ 项/);
    expect(r.dataLoss).toMatchObject({ kind: 'missing', source: 'key-folder' });
  });

  it('the last 250 events deleted with their rows and seals, a head file written for what is left, newer backups removed: detected', () => {
    const dir = election();
    const raw = new Database(path.join(dir, DB));
    raw.pragma('foreign_keys = OFF');
    let from = 0;
    withTriggersDropped(raw, () => {
      const last = (raw.prepare('SELECT max(seq) AS n FROM audit').get() as { n: number }).n;
      from = last - 249;
      for (const e of raw.prepare('SELECT effects FROM audit WHERE seq >= ?').all(from) as { effects: string }[]) {
        for (const [t, id] of JSON.parse(e.effects) as Effect[]) raw.prepare(`DELETE FROM ${t} WHERE ${t === 'election' ? 'rowid' : 'id'} = ?`).run(id);
      }
      raw.prepare('DELETE FROM audit WHERE seq >= ?').run(from);
      if (hasTable(raw, 'audit_seals')) raw.prepare('DELETE FROM audit_seals WHERE seq >= ?').run(from);
    });
    // the head file as the station used to write it, for the shortened chain
    const head = raw.prepare('SELECT seq, hash, at, command FROM audit ORDER BY seq DESC LIMIT 1').get() as Record<string, unknown>;
    raw.close();
    writeFileSync(path.join(dir, HEAD_FILE), JSON.stringify(head));
    // and no backup that would remember more
    for (const name of readdirSync(path.join(dir, 'backups'))) rmSync(path.join(dir, 'backups', name), { force: true });
    expect(from).toBeGreaterThan(1);
    const r = expectDetected(dir, /数据不全：本机密钥文件夹里记下的记录到第 \d+ 项/, { backupLeft: false });
    expect(r.audit.ok).toBe(true);
  });
});

describe('D10: a dropped trigger', () => {
  it('two append-only triggers dropped, nothing else changed: read-only, the triggers named', () => {
    const dir = election();
    const raw = new Database(path.join(dir, DB));
    raw.exec('DROP TRIGGER ballot_marks_no_update; DROP TRIGGER audit_no_delete;');
    raw.close();
    const r = expectDetected(dir, /防改动保护被拆除：缺少触发器 .*ballot_marks_no_update/);
    expect(r.summary).toContain('audit_no_delete');
  });

  it('a trigger replaced by one that does nothing (same name): named as changed', () => {
    const dir = election();
    const raw = new Database(path.join(dir, DB));
    raw.exec("DROP TRIGGER ballots_no_delete; CREATE TRIGGER ballots_no_delete BEFORE DELETE ON ballots WHEN 0 BEGIN SELECT RAISE(ABORT, 'x'); END;");
    raw.close();
    expectDetected(dir, /触发器 ballots_no_delete 被改过/);
  });
});

describe('backups that do not match the live chain', () => {
  it('after a rewrite, each backup from before it is named as not matching; the sealed one is advised', () => {
    const dir = election();
    rehashRewrite(dir, { votes: 60 });
    const r = expectDetected(dir, /的备份记到第 \d+ 项，和现在的数据在第 \d+ 项对不上/);
    expect(r.tamper.some((t) => t.code === 'BACKUP_MISMATCH')).toBe(true);
    expect(r.restoreFrom?.name).toBe(backupName);
  });

  it('a backup of another election planted in the folder: named, never advised, the election goes on', () => {
    const dir = election();
    const other = path.join(root, `other-${n}`);
    mkdirSync(other);
    const o = openStation(other, { backups: false });
    must(o.run('election.create', { kind: 'villagers_committee', village: '别的村', township: '清河镇', electionDate: '2026-06-20', drill: true }));
    const planted = must(o.run('backup.create', { reason: 'manual' })).backup.name;
    o.close();
    // a later time than every backup of this election, so it would be the newest
    const name = planted.replace(/^\d{4}/, '2099');
    copyFileSync(path.join(other, 'backups', planted), path.join(dir, 'backups', name));
    if (existsSync(path.join(other, 'backups', `${planted}.seal`))) copyFileSync(path.join(other, 'backups', `${planted}.seal`), path.join(dir, 'backups', `${name}.seal`));
    const { report, station } = reopen(dir);
    station.close();
    expect(report.readOnly, report.summary).toBe(false);
    expect(report.summary).toMatch(/^检查发现需要注意的地方/);
    expect(report.summary).toMatch(/不是本次选举的，或被人换过，不会用它恢复/);
  });
});
