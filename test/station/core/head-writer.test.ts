/**
 * The head writer (head-file.ts): each command's record is in the file as soon as the command
 * answers (a synchronous write; only the flush to the disk runs in the background), writes while a
 * flush is running are flushed after it, close() flushes and closes even with a flush in flight, and
 * a writer used again after close() reopens its files.
 */
import { mkdtempSync, readdirSync, readlinkSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { electionHeadFile, HeadWriter, keyFolderHeadFile, readHeadRecord, type HeadState } from '../../../electron/station/head-file.js';
import { headKey } from '../../../electron/station/key-folder.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const head = (seq: number): HeadState => ({ seq, hash: String(seq % 10).repeat(64), at: `2026-06-20T10:00:${String(seq % 60).padStart(2, '0')}.000Z`, command: 'count.recordBallot', sealFrom: 1 });
/** Descriptors this process holds on the head files of `dir` (both places). */
const openFds = (dir: string): number =>
  readdirSync('/proc/self/fd').filter((fd) => {
    try {
      const target = readlinkSync(`/proc/self/fd/${fd}`);
      return target === electionHeadFile(dir) || target === keyFolderHeadFile(dir);
    } catch {
      return false;
    }
  }).length;
const tick = () => new Promise((r) => setTimeout(r, 20));

describe('head writer', () => {
  it('the newest record is readable at once from both places, before any flush has ended', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'head-writer-'));
    dirs.push(dir);
    const w = new HeadWriter(dir);
    const key = headKey(dir);
    for (let seq = 1; seq <= 200; seq++) {
      w.write(head(seq));
      // the same tick: no background flush can have ended yet
      for (const file of [electionHeadFile(dir), keyFolderHeadFile(dir)]) {
        const r = readHeadRecord(file, key);
        expect(r.state === 'keyed' && r.head.seq).toBe(seq);
      }
    }
    expect(w.flushPending).toBe(true);
    w.close();
  });

  it('a flush in flight at close() neither loses a record nor leaks a descriptor; a later write reopens', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'head-writer-'));
    dirs.push(dir);
    const w = new HeadWriter(dir);
    w.write(head(1));
    expect(openFds(dir)).toBe(2);
    w.write(head(2));
    expect(w.flushPending).toBe(true);
    w.close();
    await tick();
    await tick();
    expect(w.flushPending).toBe(false);
    expect(openFds(dir)).toBe(0);
    w.write(head(3));
    const r = readHeadRecord(electionHeadFile(dir), headKey(dir));
    expect(r.state === 'keyed' && r.head.seq).toBe(3);
    while (w.flushPending) await tick();
    expect(w.flushErrors).toBe(0);
    w.close();
    await tick();
    expect(openFds(dir)).toBe(0);
  });
});
