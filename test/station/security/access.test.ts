/**
 * Issue 12 — access that holds against an insider at the keyboard: the chair's PIN guards every
 * action that changes or voids a ballot (D1), declared once per command; the lockout never exceeds
 * its documented hour whatever the clock does (D6); a read-only election and a restore over an
 * unreadable file keep their lockout on disk (D5).
 */
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CHAIR_COMMANDS, contract } from '../../../shared/contract.js';
import { workspaceContract } from '../../../shared/contract/workspace.js';
import { lockoutWait } from '../../../electron/station/access.js';
import { openStation } from '../../../electron/station/index.js';
import { openWorkspace } from '../../../electron/station/workspace.js';
import { cleanup, enterBallots, ok, scrutineerId, setupDay, vote } from '../counting/helpers.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..', '..');
const dirs: string[] = [];
afterEach(() => {
  cleanup();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const DAY = {
  positions: [{ key: 'chair', name: '主任', seats: 1 }],
  people: [{ name: '张三' }, { name: '李四' }],
  candidates: [
    ['张三', 'chair'],
    ['李四', 'chair'],
  ] as [string, string][],
  others: 8,
};

describe('D1: the chair PIN guards every ruling that changes or voids a ballot', () => {
  it('count.rule "corrected" and "unreadable" need the chair PIN; "as_recorded" does not', () => {
    const day = setupDay(DAY);
    const { s } = day;
    vote(day, 10, 10);
    enterBallots(day, 3, { chair: ['张三'] });
    ok(s, 'auth.setPin', { role: 'chair', pin: '2468' });
    const ids = ok(s, 'count.recent', { limit: 3 }).ballots.map((b) => b.id);
    for (const id of ids) ok(s, 'count.markDoubtful', { ballotId: id, note: '字迹不清' });
    const sid = scrutineerId(s);
    const [a, b, c] = ids as [number, number, number];
    const marks = { chair: { for: [day.cand('chair', '李四')] } };

    // without the PIN: refused, nothing written
    const before = ok(s, 'audit.list', { limit: 1 }).head.seq;
    const corrected = s.call('count.rule', { ballotId: a, ruling: 'corrected', scrutineerId: sid, reason: '监票人认定', marks });
    expect(corrected.ok ? 'ok' : corrected.error.code).toBe('PIN_REQUIRED');
    const unreadable = s.call('count.rule', { ballotId: b, ruling: 'unreadable', scrutineerId: sid, reason: '监票人认定' });
    expect(unreadable.ok ? 'ok' : unreadable.error.code).toBe('PIN_REQUIRED');
    expect(s.db.prepare('SELECT count(*) AS n FROM ballot_rulings').get()).toEqual({ n: 0 });
    expect(s.db.prepare('SELECT count(*) AS n FROM ballot_voids').get()).toEqual({ n: 0 });
    // the refused tries are recorded as PIN attempts, nothing else
    const after = s.run('audit.list', { limit: 5 });
    if (after.ok) expect(after.value.events.filter((e) => e.seq > before).every((e) => e.command === 'auth.attempt')).toBe(true);

    // a wrong PIN is refused too; the right one goes through
    expect(s.call('count.rule', { ballotId: a, ruling: 'corrected', scrutineerId: sid, reason: '监票人认定', marks }, { pin: '1111' })).toMatchObject({ ok: false, error: { code: 'PIN_WRONG' } });
    expect(s.call('count.rule', { ballotId: a, ruling: 'corrected', scrutineerId: sid, reason: '监票人认定', marks }, { pin: '2468' })).toMatchObject({ ok: true });
    expect(s.call('count.rule', { ballotId: b, ruling: 'unreadable', scrutineerId: sid, reason: '监票人认定' }, { pin: '2468' })).toMatchObject({ ok: true });
    // keeping a ballot as recorded changes nothing: no PIN
    expect(s.call('count.rule', { ballotId: c, ruling: 'as_recorded', scrutineerId: sid, reason: '监票人认定' })).toMatchObject({ ok: true });
  });

  it('one declaration per command: CHAIR_COMMANDS is derived from CommandSpec.chair, and every guarded command is refused without the PIN', () => {
    const declared = [...Object.entries(contract), ...Object.entries(workspaceContract)].filter(([, s]) => s.chair !== undefined).map(([n]) => n).sort();
    expect([...CHAIR_COMMANDS].sort()).toEqual(declared);
    // every name is a real command (no stale entries such as a removed backup.restore)
    for (const n of CHAIR_COMMANDS) expect(n in contract || n in workspaceContract, n).toBe(true);
    for (const n of ['proxy.approve', 'party.exclude', 'party.revokeExclusion', 'count.voidBallot', 'count.correctBallot', 'count.rule', 'round.confirm', 'export.write', 'auth.setPin', 'workspace.restore']) {
      expect(CHAIR_COMMANDS.has(n), n).toBe(true);
    }
  });

  it('the README lists exactly the protected commands', () => {
    const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const section = /## 主任密码保护的操作[\s\S]*?(?=\n## )/.exec(readme)?.[0] ?? '';
    const listed = [...section.matchAll(/`([a-z]+\.[A-Za-z]+)`/g)].map((m) => m[1]).sort();
    expect(listed).toEqual([...CHAIR_COMMANDS].sort());
  });

  it('a guarded command without the PIN is refused for every declared command (station side)', () => {
    const day = setupDay(DAY);
    ok(day.s, 'auth.setPin', { role: 'chair', pin: '2468' });
    const sample: Record<string, unknown> = {
      'count.voidBallot': { ballotId: 1, reason: '录错' },
      'count.correctBallot': { ballotId: 1, reason: '录错', marks: {} },
      'round.confirm': {},
      'proxy.approve': { proxyId: 1 },
      'auth.setPin': { role: 'staff', pin: '1357' },
    };
    for (const [cmd, input] of Object.entries(sample)) {
      const r = day.s.call(cmd, input);
      if (r.ok) throw new Error(`${cmd} went through without the PIN`);
      // either the PIN is asked for, or the input is refused before anything is looked at
      expect(['PIN_REQUIRED', 'VALIDATION'], `${cmd}: ${r.error.code} ${r.error.message}`).toContain(r.error.code);
    }
  });
});

describe('D6: a corrected clock never locks the chair out for more than an hour', () => {
  it('lockoutWait is at most 3,600 s even when the last wrong try lies in the future', () => {
    const now = Date.parse('2026-06-20T08:00:00Z');
    const future = now + 30 * 86_400_000;
    for (const wrong of [3, 4, 10, 40]) {
      const w = lockoutWait(wrong, future, now);
      expect(w).toBeGreaterThan(0);
      expect(w).toBeLessThanOrEqual(3600);
    }
    expect(lockoutWait(40, now - 3_600_000, now)).toBe(0);
  });

  it('a clock 30 days fast, then corrected: the chair waits at most an hour of real time', () => {
    let now = new Date('2026-07-20T08:00:00+08:00'); // 30 days fast
    const dir = mkdtempSync(path.join(os.tmpdir(), 'station-clock-'));
    dirs.push(dir);
    const s = openStation(dir, { backups: false, now: () => now });
    try {
      ok(s, 'election.create', { kind: 'villagers_committee', village: '青山村', township: '清河镇', electionDate: '2026-06-20', drill: true });
      ok(s, 'auth.setPin', { role: 'chair', pin: '2468' });
      for (let i = 0; i < 10; i++) s.call('auth.check', { role: 'chair' }, { pin: '0000' });
      // the clock is corrected back to the true time
      now = new Date('2026-06-20T08:00:00+08:00');
      const first = s.call('auth.check', { role: 'chair' }, { pin: '2468' });
      expect(first.ok ? 'ok' : first.error.code).toBe('PIN_LOCKED');
      const secs = first.ok ? 0 : (first.error.details as { seconds: number }).seconds;
      expect(secs).toBeLessThanOrEqual(3600);
      const status = ok(s, 'auth.status', {});
      expect(status.chairLockedSeconds).toBeLessThanOrEqual(3600);
      // an hour of real time later the right PIN works again
      now = new Date(now.getTime() + 3_601_000);
      expect(s.call('auth.check', { role: 'chair' }, { pin: '2468' })).toMatchObject({ ok: true });
    } finally {
      s.close();
    }
  });
});

describe('D5: a read-only election keeps its PIN lockout on disk', () => {
  function readOnlyElection(): { dir: string; now: { t: Date } } {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'station-ro-'));
    dirs.push(dir);
    const now = { t: new Date('2026-06-20T08:00:00+08:00') };
    const s = openStation(dir, { backups: false, now: () => now.t });
    ok(s, 'election.create', { kind: 'villagers_committee', village: '青山村', township: '清河镇', electionDate: '2026-06-20', drill: true });
    ok(s, 'auth.setPin', { role: 'chair', pin: '2468' });
    s.close();
    // damage the end of the file so it opens read-only (integrity fails), not unreadable
    const file = path.join(dir, 'election.sqlite');
    const fd = openSync(file, 'r+');
    writeSync(fd, Buffer.alloc(4096, 0x5a), 0, 4096, 4096 * 3);
    closeSync(fd);
    return { dir, now };
  }

  it('wrong PINs on a read-only election lock the role out, and the lockout survives a reopen', () => {
    const { dir, now } = readOnlyElection();
    let s = openStation(dir, { backups: false, now: () => now.t });
    expect(s.report.readOnly).toBe(true);
    const codes: string[] = [];
    for (let i = 0; i < 5; i++) {
      const r = s.call('auth.check', { role: 'chair' }, { pin: '0000' });
      codes.push(r.ok ? 'ok' : r.error.code);
    }
    expect(codes.slice(0, 3)).toEqual(['PIN_WRONG', 'PIN_WRONG', 'PIN_WRONG']);
    expect(codes.slice(3)).toEqual(['PIN_LOCKED', 'PIN_LOCKED']);
    s.close();
    // a new program start does not reset it
    s = openStation(dir, { backups: false, now: () => now.t });
    expect(s.call('auth.check', { role: 'chair' }, { pin: '2468' })).toMatchObject({ ok: false, error: { code: 'PIN_LOCKED' } });
    now.t = new Date(now.t.getTime() + 31_000);
    expect(s.call('auth.check', { role: 'chair' }, { pin: '2468' })).toMatchObject({ ok: true });
    s.close();
  });

  it('restore over an unreadable file: the lockout is kept on disk, not in memory', () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'station-ro-ws-'));
    dirs.push(root);
    const now = { t: new Date('2026-06-20T08:00:00+08:00') };
    const ws = openWorkspace(root, { backups: false, now: () => now.t });
    const created = ws.call('workspace.create', { kind: 'villagers_committee', village: '黑水村', township: '清河镇', electionDate: '2026-06-20', drill: true });
    if (!created.ok) throw new Error(created.error.message);
    const id = (created.value as { id: string }).id;
    ws.call('auth.setPin', { role: 'chair', pin: '2468' });
    const b = ws.call('backup.create', { reason: 'manual' }, { pin: '2468' });
    if (!b.ok) throw new Error(b.error.message);
    const name = (b.value as { backup: { name: string } }).backup.name;
    ws.call('workspace.close', {});
    const fd = openSync(path.join(root, 'elections', id, 'election.sqlite'), 'r+');
    writeSync(fd, Buffer.alloc(100, 0x41), 0, 100, 0);
    closeSync(fd);
    for (let i = 0; i < 3; i++) expect(ws.call('workspace.restore', { id, backup: name }, { pin: '1111' })).toMatchObject({ ok: false, error: { code: 'PIN_WRONG' } });
    expect(ws.call('workspace.restore', { id, backup: name }, { pin: '2468' })).toMatchObject({ ok: false, error: { code: 'PIN_LOCKED' } });
    ws.close();
    const ws2 = openWorkspace(root, { backups: false, now: () => now.t });
    expect(ws2.call('workspace.restore', { id, backup: name }, { pin: '2468' })).toMatchObject({ ok: false, error: { code: 'PIN_LOCKED' } });
    now.t = new Date(now.t.getTime() + 31_000);
    const restored = ws2.call('workspace.restore', { id, backup: name }, { pin: '2468' });
    if (!restored.ok) throw new Error(restored.error.message);
    ws2.close();
  });
});
