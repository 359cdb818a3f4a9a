/**
 * A database written by the previous release (schema 2, made once by that release's code and kept
 * in test/fixtures/db/v2-zhejiang) opens under this one: migration 3 widens the proxy, relation and
 * official tables by rebuilding them row for row, so every audited row keeps its hash and the chain
 * still checks; the old rows read the same and the new rules apply from then on.
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { openStation, type Station } from '../../../electron/station/index.js';

const FIXTURE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/db/v2-zhejiang');
const open: Station[] = [];
const dirs: string[] = [];
afterEach(() => {
  for (const s of open.splice(0)) s.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function copy(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'station-v2-'));
  dirs.push(dir);
  cpSync(FIXTURE, dir, { recursive: true });
  return dir;
}

describe('migration from schema 2', () => {
  it('opens a schema-2 election: migrated to 3, integrity and audit chain intact, old rows unchanged, X1/E8 of 2026 usable', () => {
    const dir = copy();
    const s = openStation(dir, { backups: false, now: () => new Date('2026-02-03T09:00:00') });
    open.push(s);
    expect(s.report.readOnly).toBe(false);
    expect(s.report.schemaVersion).toBeGreaterThanOrEqual(3);
    expect(s.report.audit.ok).toBe(true);
    expect(s.report.integrity.ok).toBe(true);
    const proxies = s.run('proxy.list', {});
    expect(proxies.ok && proxies.value.proxies.map((p) => [p.principalName, p.trusteeName, p.relationLabel, p.status])).toEqual([['孙七', '周八', '子女', 'approved']]);
    const rel = s.run('candidate.relations', {});
    // zhejiang: 夫妻、父母子女、兄弟姐妹 — the old sibling relation counts
    expect(rel.ok && rel.value.relatives.map((r) => [r.name, r.otherName, r.counts])).toEqual([['张三', '刘强', true]]);
    const officials = s.run('official.list', {});
    expect(officials.ok && officials.value.officials.map((o) => o.name)).toEqual(['赵六']);
    // the widened tables take the 2026 values, and the append-only triggers came back with them
    const voters = s.db.prepare('SELECT id FROM voters ORDER BY id').pluck().all() as number[];
    const added = s.run('proxy.add', { principalId: voters[4] as number, trusteeId: voters[2] as number, relation: 'other_villager', writtenRef: '委托书2' });
    expect(added.ok).toBe(true);
    expect(() => s.db.prepare("UPDATE proxies SET relation = 'spouse'").run()).toThrow(/append-only/);
    expect(() => s.db.prepare('DELETE FROM candidate_relatives').run()).toThrow(/append-only/);
    expect(() => s.db.prepare('DELETE FROM officials').run()).toThrow(/append-only/);
    s.close();
    open.pop();
    // and it opens cleanly again
    const again = openStation(dir, { backups: false });
    open.push(again);
    expect(again.report.readOnly).toBe(false);
    expect(again.report.audit.ok).toBe(true);
  });
});
