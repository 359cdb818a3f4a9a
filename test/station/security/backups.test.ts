/**
 * Issue 12 — backups and leftovers: a restore reads hostile files with bounds (D8: a FIFO, a link to
 * /dev/zero, a sparse 3 GB file, a planted copy with a wrong seal), a refused workspace.create leaves
 * no folder (D13), a killed backup or restore leaves nothing that stays (D13), and the automatic
 * copies are thinned instead of growing with the square of the ballots.
 */
import { execFileSync } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readdirSync, rmSync, symlinkSync, writeFileSync, ftruncateSync, copyFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { backupsToPrune, listBackups, type BackupInfo } from '../../../electron/station/backup.js';
import { BackupWorker, jobEnv } from '../../../electron/station/backup-worker.js';
import { cleanup, ok, setupDay, vote } from '../counting/helpers.js';
import { openWorkspace, type Workspace } from '../../../electron/station/workspace.js';

const roots: string[] = [];
const workspaces: Workspace[] = [];
afterEach(() => {
  for (const w of workspaces.splice(0)) w.close();
  for (const r of roots.splice(0)) rmSync(r, { recursive: true, force: true });
});

function workspace(): { ws: Workspace; root: string } {
  const root = mkdtempSync(path.join(os.tmpdir(), 'station-bk-'));
  roots.push(root);
  const ws = openWorkspace(root, { backups: false });
  workspaces.push(ws);
  return { ws, root };
}

function created(ws: Workspace): { id: string; folder: string; root: string } {
  const r = ws.call('workspace.create', { kind: 'villagers_committee', village: '青山村', township: '清河镇', electionDate: '2026-06-20', drill: true });
  if (!r.ok) throw new Error(r.error.message);
  const id = (r.value as { id: string }).id;
  return { id, folder: '', root: '' };
}

const stamp = (i: number) => `2026-06-20T10-00-${String(i).padStart(2, '0')}-000Z`;

describe('D8: restoring reads hostile files with bounds', () => {
  it('a FIFO, a link to /dev/zero and a 3 GB sparse file under backup names: never listed, never opened, the restore refused at once', () => {
    const { ws, root } = workspace();
    const { id } = created(ws);
    const folder = path.join(root, 'elections', id);
    ws.call('workspace.close', {});
    const dir = path.join(folder, 'backups');
    execFileSync('mkdir', ['-p', dir]);
    const fifo = `${stamp(1)}__manual.sqlite`;
    execFileSync('mkfifo', [path.join(dir, fifo)]);
    const zero = `${stamp(2)}__manual.sqlite`;
    symlinkSync('/dev/zero', path.join(dir, zero));
    const big = `${stamp(3)}__manual.sqlite`;
    const fd = openSync(path.join(dir, big), 'w');
    ftruncateSync(fd, 3 * 1024 ** 3);
    closeSync(fd);
    // the listing leaves out what is not a plain file; the big one is listed but never read
    const names = listBackups(folder).map((b) => b.name);
    expect(names).not.toContain(fifo);
    expect(names).not.toContain(zero);
    const t0 = Date.now();
    for (const name of [fifo, zero, big]) {
      const r = ws.call('workspace.restore', { id, backup: name });
      expect(r.ok, name).toBe(false);
      if (!r.ok) expect(['BACKUP_NOT_FOUND', 'RESTORE_FAILED']).toContain(r.error.code);
    }
    expect(Date.now() - t0).toBeLessThan(10_000);
    // opening the election with those beside it neither hangs nor fails
    const opened = ws.call('workspace.open', { id });
    expect(opened).toMatchObject({ ok: true, value: { health: { readOnly: false } } });
    const restoredFile = readdirSync(folder).filter((n) => n.includes('restoring'));
    expect(restoredFile).toEqual([]);
  });

  it('a backup whose seal does not match its content is refused; the live file stays as it was', () => {
    const { ws, root } = workspace();
    const { id } = created(ws);
    const folder = path.join(root, 'elections', id);
    const b = ws.call('backup.create', { reason: 'manual' });
    if (!b.ok) throw new Error(b.error.message);
    const name = (b.value as { backup: { name: string } }).backup.name;
    ws.call('position.set', { positions: [{ key: 'chair', name: '主任', seats: 1 }] });
    const b2 = ws.call('backup.create', { reason: 'later' });
    if (!b2.ok) throw new Error(b2.error.message);
    const later = (b2.value as { backup: { name: string } }).backup.name;
    ws.call('workspace.close', {});
    // someone swaps the content of the earlier backup for the later one, keeping the earlier seal
    copyFileSync(path.join(folder, 'backups', later), path.join(folder, 'backups', name));
    const r = ws.call('workspace.restore', { id, backup: name });
    expect(r).toMatchObject({ ok: false, error: { code: 'RESTORE_FAILED' } });
    if (!r.ok) expect(r.error.message).toMatch(/封记/);
    // nothing was replaced
    expect(readdirSync(folder).some((n) => n.includes('.replaced-'))).toBe(false);
    expect(ws.call('workspace.open', { id })).toMatchObject({ ok: true });
    expect(ws.call('position.list', {})).toMatchObject({ ok: true, value: { positions: [{ key: 'chair' }] } });
  });
});

describe('D13: nothing left behind', () => {
  it('a refused workspace.create leaves no election folder', () => {
    const { ws, root } = workspace();
    const bad = ws.call('workspace.create', { kind: 'villagers_committee', village: '青山村', township: '清河镇', electionDate: '2026-06-20', drill: true, profile: 'no-such-province' });
    expect(bad.ok).toBe(false);
    const bad2 = ws.call('workspace.create', { kind: 'villagers_committee', village: '青山村', township: '清河镇', electionDate: '2026-06-20', drill: true, rulesOverrides: { proxyMaxPerTrustee: -5 } });
    expect(bad2.ok).toBe(false);
    expect(readdirSync(path.join(root, 'elections')).filter((n) => !n.startsWith('.'))).toEqual([]);
    expect(ws.call('workspace.list', {})).toMatchObject({ ok: true, value: { elections: [] } });
  });

  it('what a killed backup or restore leaves (partial copies, their journals, a half-copied restore, a lone seal) is cleaned on open', () => {
    const { ws, root } = workspace();
    const { id } = created(ws);
    ws.call('workspace.close', {});
    const folder = path.join(root, 'elections', id);
    const dir = path.join(folder, 'backups');
    execFileSync('mkdir', ['-p', dir]);
    const left = [
      path.join(dir, `${stamp(4)}__ballots-50.sqlite.partial`),
      path.join(dir, `${stamp(4)}__ballots-50.sqlite.partial-journal`),
      path.join(dir, `${stamp(5)}__phase-voting.sqlite.seal`),
      path.join(folder, 'election.sqlite.restoring'),
    ];
    for (const f of left) writeFileSync(f, 'x'.repeat(1000));
    expect(ws.call('workspace.open', { id })).toMatchObject({ ok: true, value: { health: { readOnly: false } } });
    for (const f of left) expect(existsSync(f), f).toBe(false);
  });
});

describe('automatic backups', () => {
  const info = (reason: string, i: number): BackupInfo => ({ file: `/x/${i}`, name: `${i}`, at: '', reason, bytes: 0 });

  it('thinning keeps every phase and manual copy, the newest three 50-ballot copies, and those after 50, 100, 200, 400 … ballots', () => {
    // 2,000 ballots: 40 copies of ballots-50 … ballots-2000, newest first, with phase and manual ones among them
    const list: BackupInfo[] = [];
    let i = 0;
    for (let n = 2000; n >= 50; n -= 50) {
      list.push(info(`ballots-${n}`, i++));
      if (n === 1000) list.push(info('manual', i++));
    }
    list.push(info('phase-counting', i++), info('phase-voting', i++));
    const gone = new Set(backupsToPrune(list).map((b) => b.reason));
    const kept = list.filter((b) => !gone.has(b.reason)).map((b) => b.reason);
    expect(kept).toEqual(['ballots-2000', 'ballots-1950', 'ballots-1900', 'ballots-1600', 'manual', 'ballots-800', 'ballots-400', 'ballots-200', 'ballots-100', 'ballots-50', 'phase-counting', 'phase-voting']);
  });

  it('the worker thread makes the copy (the station thread only posts the job and, at close, waits)', () => {
    const d = setupDay({ positions: [{ key: 'chair', name: '主任', seats: 1 }], people: [{ name: '张三' }, { name: '李四' }], candidates: [['张三', 'chair'], ['李四', 'chair']], others: 2 });
    try {
      const w = new BackupWorker(jobEnv('00'.repeat(32), 'abcd1234'));
      const file = path.join(d.s.dataDir, 'copy.sqlite');
      expect(w.post({ src: path.join(d.s.dataDir, 'election.sqlite'), file, tmp: `${file}.partial`, seal: `${file}.seal`, dir: d.s.dataDir })).toBe(true);
      // only the worker counts a job as done (shared memory): this returns true once it has
      expect(w.wait(60_000)).toBe(true);
      expect(w.lastFailed()).toBe(false);
      expect(existsSync(file) && existsSync(`${file}.seal`)).toBe(true);
      w.close();
    } finally {
      cleanup();
    }
  });

  it('are made by the worker, sealed, and thinned as the count goes on', () => {
    const d = setupDay({ positions: [{ key: 'chair', name: '主任', seats: 1 }], people: [{ name: '张三' }, { name: '李四' }], candidates: [['张三', 'chair'], ['李四', 'chair']], others: 10 }, { backups: true });
    try {
      vote(d, 12, 12);
      const cand = d.cand('chair', '张三');
      d.s.db.pragma('synchronous = OFF'); // the fixture's speed only: every command still commits and is sealed
      for (let k = 0; k < 450; k++) ok(d.s, 'count.recordBallot', { marks: { chair: { for: [cand] } } });
      d.s.flushBackups();
      const dir = d.s.dataDir;
      const names = listBackups(dir).map((b) => b.reason).sort();
      // every phase copy; 50-ballot copies thinned to the newest three and 50/100/200/400
      expect(names.filter((r) => r.startsWith('phase-'))).toEqual(['phase-counting', 'phase-roll_published', 'phase-voting']);
      const ballots = names.filter((r) => r.startsWith('ballots-')).map((r) => Number(r.slice(8))).sort((a, b) => a - b);
      expect(ballots).toEqual(expect.arrayContaining([50, 100, 200, 400, 450]));
      expect(ballots.length).toBeLessThanOrEqual(7);
      for (const b of listBackups(dir)) expect(existsSync(`${b.file}.seal`), `${b.name} sealed`).toBe(true);
      expect(readdirSync(path.join(dir, 'backups')).filter((n) => n.includes('.partial'))).toEqual([]);
    } finally {
      cleanup();
    }
  }, 120_000);
});

