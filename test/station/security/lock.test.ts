/**
 * Issue 12 — one program per election folder (D4), and the open-time check reads one snapshot (D9).
 * A child process records ballots as fast as it can; meanwhile this process tries to open the same
 * election (refused in plain Chinese, never a false tamper alarm) and runs the open-time check on a
 * second connection (every run finds nothing wrong while the writer commits).
 */
import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asStationDb } from '../../../electron/station/db/open.js';
import { openStation, type Station } from '../../../electron/station/index.js';
import { openWorkspace } from '../../../electron/station/workspace.js';
import { buildChild, demoIn } from '../faults/crash-helpers.js';

let root: string;
let child: string;
let childDir: string;
let dir: string;

beforeAll(async () => {
  root = mkdtempSync(path.join(os.tmpdir(), 'station-lock-'));
  ({ file: child, dir: childDir } = await buildChild());
  dir = path.join(root, 'elections', 'e1');
  demoIn(dir, false);
}, 90_000);

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
  if (childDir) rmSync(childDir, { recursive: true, force: true });
});

/** Starts the ballot writer; resolves once it has recorded a few ballots. */
function writer(): Promise<{ stop: () => Promise<void> }> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [child, 'ballots', dir], { env: process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let acks = 0;
    let err = '';
    let started = false;
    p.stdout.setEncoding('utf8');
    p.stdout.on('data', (d: string) => {
      acks += d.split('\n').filter((l) => l.startsWith('ack ')).length;
      if (!started && acks >= 3) {
        started = true;
        resolve({
          stop: () =>
            new Promise<void>((done) => {
              p.once('exit', () => done());
              p.kill('SIGKILL');
            }),
        });
      }
    });
    p.stderr.on('data', (d: Buffer) => (err += d.toString()));
    p.on('exit', (code) => {
      if (!started) reject(new Error(`writer exited ${code}: ${err}`));
    });
  });
}

describe('D4/D9: another program writing the same election', () => {
  it('opens while the writer records ballots are refused as "in use", never reported as tampering; the check on a second connection finds nothing wrong', async () => {
    const w = await writer();
    const outcomes: string[] = [];
    try {
      for (let i = 0; i < 4; i++) {
        let s: Station | undefined;
        try {
          s = openStation(dir, { backups: false });
          outcomes.push(s.report.readOnly ? `read-only: ${s.report.summary}` : 'opened');
        } catch (e) {
          const err = e as Error & { code?: string };
          outcomes.push(err.code ?? err.message);
          expect(err.message).toMatch(/另一个计票站窗口或程序里打开/);
          expect(err.message).toMatch(/请先关闭另一处/);
        } finally {
          s?.close();
        }
      }
      expect(outcomes).toEqual(['ELECTION_IN_USE', 'ELECTION_IN_USE', 'ELECTION_IN_USE', 'ELECTION_IN_USE']);

      // the workspace says the same, as an answer (no exception reaches the page)
      const ws = openWorkspace(root, { backups: false });
      const opened = ws.call('workspace.open', { id: 'e1' });
      expect(opened).toMatchObject({ ok: false, error: { code: 'ELECTION_IN_USE' } });
      ws.close();

      // the open-time check itself, on its own read-only connection, while the writer commits
      const { checkElection } = await import('../../../electron/station/health.js');
      const lastSeq = (): number => {
        const db = asStationDb(new Database(path.join(dir, 'election.sqlite'), { readonly: true }));
        try {
          return (db.prepare('SELECT max(seq) AS n FROM audit').get() as { n: number }).n;
        } finally {
          db.close();
        }
      };
      const before = lastSeq();
      for (let i = 0; i < 6; i++) {
        await new Promise((r) => setTimeout(r, 30));
        const db = asStationDb(new Database(path.join(dir, 'election.sqlite'), { readonly: true }));
        try {
          const h = checkElection(db, dir);
          expect(h.audit.problems, JSON.stringify(h.audit.problems.slice(0, 3))).toEqual([]);
          expect(h.tamper).toEqual([]);
          expect(h.triggers.ok).toBe(true);
        } finally {
          db.close();
        }
      }
      expect(lastSeq(), 'the writer kept committing while the checks ran').toBeGreaterThan(before + 5);
    } finally {
      await w.stop();
    }
    // the writer was killed, not closed: the operating system let go of its lock
    const s = openStation(dir, { backups: false });
    try {
      expect(s.report.readOnly, s.report.summary).toBe(false);
    } finally {
      s.close();
    }
  }, 90_000);

  it('two stations in one program on the same folder: the second is refused too', () => {
    const a = openStation(dir, { backups: false });
    try {
      expect(() => openStation(dir, { backups: false })).toThrow(/另一个计票站窗口或程序里打开/);
    } finally {
      a.close();
    }
    openStation(dir, { backups: false }).close();
  });
});
