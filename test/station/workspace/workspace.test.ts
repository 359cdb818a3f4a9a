/** The workspace: many elections under one root; create, list, open, demo, restore from backup. */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openWorkspace, type Workspace } from '../../../electron/station/workspace.js';

let root: string;
let ws: Workspace;
beforeEach(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'station-ws-'));
  ws = openWorkspace(root);
});
afterEach(() => {
  ws.close();
  rmSync(root, { recursive: true, force: true });
});

const create = (village: string, drill = true) =>
  ws.call('workspace.create', { kind: 'villagers_committee', village, township: '清河镇', electionDate: '2026-06-20', drill });

describe('workspace', () => {
  it('refuses station commands before an election is open, with a Chinese next step', () => {
    const r = ws.call('election.get', {});
    expect(r).toMatchObject({ ok: false, error: { code: 'NO_ELECTION_OPEN' } });
    if (!r.ok) expect(r.error.message).toContain('新建或打开');
  });

  it('creates each election in its own folder, lists them and reopens one', () => {
    const a = create('青山村');
    expect(a.ok).toBe(true);
    const b = create('绿水村', false);
    expect(b.ok).toBe(true);
    expect(readdirSync(path.join(root, 'elections'))).toHaveLength(2);
    const list = ws.call('workspace.list', {});
    expect(list.ok).toBe(true);
    if (!list.ok) return;
    const { elections, current } = list.value as { elections: { id: string; village: string; drill: boolean; phase: string; current: boolean }[]; current: string };
    expect(elections.map((e) => e.village).sort()).toEqual(['绿水村', '青山村']);
    expect(elections.find((e) => e.village === '绿水村')).toMatchObject({ drill: false, phase: 'setup', current: true });
    const qs = elections.find((e) => e.village === '青山村');
    expect(current).not.toBe(qs?.id);
    const opened = ws.call('workspace.open', { id: qs?.id ?? '' });
    expect(opened).toMatchObject({ ok: true, value: { election: { village: '青山村' }, health: { readOnly: false } } });
    expect(ws.call('election.get', {})).toMatchObject({ ok: true, value: { village: '青山村' } });
  });

  it('refuses a folder id that tries to leave the root', () => {
    expect(ws.call('workspace.open', { id: '../x' })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(ws.call('workspace.open', { id: 'nothere' })).toMatchObject({ ok: false, error: { code: 'ELECTION_NOT_FOUND' } });
  });

  it('opens the demo election (a drill)', () => {
    const r = ws.call('workspace.demo', {});
    expect(r).toMatchObject({ ok: true, value: { election: { drill: true } } });
  });

  it('restores a backup, keeps the replaced file and reports the health check', () => {
    const a = create('青山村');
    if (!a.ok) throw new Error(a.error.message);
    const id = (a.value as { id: string }).id;
    const b = ws.call('backup.create', { reason: 'test' });
    expect(b.ok).toBe(true);
    const set = ws.call('position.set', { positions: [{ key: 'chair', name: '主任', seats: 1 }] });
    expect(set.ok).toBe(true);
    const backups = ws.call('workspace.backups', { id });
    if (!backups.ok) throw new Error(backups.error.message);
    const name = (backups.value as { backups: { name: string }[] }).backups[0]?.name ?? '';
    const r = ws.call('workspace.restore', { id, backup: name });
    expect(r).toMatchObject({ ok: true, value: { health: { readOnly: false, integrity: { ok: true } } } });
    if (r.ok) expect((r.value as { keptAs: string }).keptAs).toMatch(/^election\.sqlite\.replaced-/);
    const pos = ws.call('position.list', {});
    if (!pos.ok) throw new Error(pos.error.message);
    // back to the default positions of a new villagers' committee election
    expect((pos.value as { positions: unknown[] }).positions.length).toBeGreaterThan(1);
    expect(ws.call('workspace.restore', { id, backup: 'nope.sqlite' })).toMatchObject({ ok: false, error: { code: 'BACKUP_NOT_FOUND' } });
  });
});
