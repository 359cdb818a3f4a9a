/**
 * Issue 4 benchmark hook: ballot entry at 5,000 ballots already recorded, from the Enter key on the
 * counting pad to BOTH the entry page and the hall display (a second page, as on the projector)
 * showing the new count, through the browser host in /usr/bin/chromium. Timestamps are taken inside
 * the pages (keydown capture on the pad; a MutationObserver on each count), so Playwright's own round
 * trips are not measured. Goal: median under 50 ms. `npm run bench` (bench/run.ts) calls
 * `benchBallotEntry()`.
 *
 * Setup goes through station commands only: an election with candidates, a roll of `preRecorded + samples`
 * voters each issued a ballot, and `preRecorded` ballots recorded before measuring.
 */
import { chromium } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { makeIdNumber } from '../shared/rules/index.js';
import { startBrowserHost } from '../electron/browser-host.js';
import type { Workspace } from '../electron/station/workspace.js';

export interface BallotEntryFigures {
  preRecorded: number;
  samples: number;
  median: number;
  p95: number;
  /** Station call (record) + count.live round trip alone, without the browser. */
  stationMedian: number;
  stationP95: number;
}

const pct = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
};

function must<T>(r: { ok: true; value: T } | { ok: false; error: { code: string; message: string } }, what: string): T {
  if (!r.ok) throw new Error(`${what}: ${r.error.code} ${r.error.message}`);
  return r.value;
}
type R<T = unknown> = { ok: true; value: T } | { ok: false; error: { code: string; message: string } };

/** An election in the counting phase with `voters` ballots issued, through station commands. */
function prepare(ws: Workspace, voters: number): { chair: number[]; members: number[] } {
  const call = <T>(c: string, i: unknown) => ws.call(c, i) as R<T>;
  const date = new Date().toISOString().slice(0, 10);
  must(call('workspace.create', { kind: 'villagers_committee', village: '测速村', township: '测速镇', electionDate: date, drill: true }), 'create');
  const rows = Array.from({ length: voters }, (_, i) => ({
    name: `村民${i + 1}`,
    idNumber: makeIdNumber('330102', `19${60 + (i % 40)}0${1 + (i % 9)}1${i % 10}`, i % 1000),
    category: 'resident',
  }));
  const ids = must(call<{ voterIds: number[] }>('roll.addMany', { voters: rows }), 'roll.addMany').voterIds;
  const [a = 0, b = 0, c = 0, d = 0, e = 0, f = 0] = ids;
  const chair = [a, b].map((v) => must(call<{ candidate: { id: number } }>('candidate.add', { voterId: v, position: 'chair', education: 'senior_high', partyMember: false }), 'candidate').candidate.id);
  must(call('candidate.add', { voterId: c, position: 'vice_chair', education: 'senior_high', partyMember: false }), 'candidate');
  const members = [d, e, f].map((v) => must(call<{ candidate: { id: number } }>('candidate.add', { voterId: v, position: 'member', education: 'senior_high', partyMember: false }), 'candidate').candidate.id);
  must(call('roll.publish', {}), 'roll.publish');
  must(call('election.setPhase', { phase: 'voting' }), 'voting');
  for (const id of ids) must(call('issue.issue', { voterId: id }), 'issue');
  must(call('election.setPhase', { phase: 'counting' }), 'counting');
  const boxes = must(call<{ boxes: { key: string }[] }>('count.boxes', {}), 'boxes').boxes;
  must(call('count.collect', { boxKey: boxes[0]?.key ?? 'main', collected: voters }), 'collect');
  return { chair, members };
}

export async function benchBallotEntry(opts: { preRecorded?: number; samples?: number } = {}): Promise<BallotEntryFigures> {
  const preRecorded = opts.preRecorded ?? 5000;
  const samples = opts.samples ?? 100;
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'bench-entry-'));
  const host = await startBrowserHost({ port: 0, dataDir, quiet: true, backups: false });
  try {
    const { chair, members } = prepare(host.workspace, preRecorded + samples * 2);
    const ballot = (i: number) => ({ positions: { chair: { for: [chair[i % 2]], writeIns: [] }, vice_chair: { for: [], writeIns: [] }, member: { for: members.slice(0, 1 + (i % 3)), writeIns: [] } } });
    for (let i = 0; i < preRecorded; i++) must(host.workspace.call('count.recordBallot', ballot(i)) as R, 'record');

    // Station alone: record + count.live, as the pad and the hall ask for it.
    const station: number[] = [];
    for (let i = 0; i < samples; i++) {
      const t0 = performance.now();
      must(host.workspace.call('count.recordBallot', ballot(i)) as R, 'record');
      must(host.workspace.call('count.live', {}) as R, 'live');
      station.push(performance.now() - t0);
    }

    const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
    try {
      const ctx = await browser.newContext({ viewport: { width: 1366, height: 900 } });
      const pad = await ctx.newPage();
      const hall = await ctx.newPage();
      await pad.goto(`${host.url}#/count`);
      await hall.goto(`${host.url}#/hall`);
      await pad.getByTestId('pad-chair').waitFor();
      await hall.getByTestId('hall-counted').waitFor();
      const watch = `(() => { const w = window; w.__seen = {}; const el = () => document.querySelector(SEL); new MutationObserver(() => { const n = Number(el()?.textContent); if (!w.__seen[n]) w.__seen[n] = performance.timeOrigin + performance.now(); }).observe(document.body, { subtree: true, childList: true, characterData: true }); })()`;
      await pad.evaluate(watch.replace('SEL', JSON.stringify('[data-testid="counted"]')));
      await hall.evaluate(watch.replace('SEL', JSON.stringify('[data-testid="hall-counted"]')));
      await pad.evaluate(() => {
        const w = window as unknown as { __keys: number[] };
        w.__keys = [];
        document.addEventListener('keydown', (e) => e.key === 'Enter' && w.__keys.push(performance.timeOrigin + performance.now()), true);
      });
      const times: number[] = [];
      for (let i = 0; i < samples; i++) {
        const before = Number(await pad.getByTestId('counted').textContent());
        await pad.getByTestId('pad-chair').fill(String(1 + (i % 2)));
        await pad.getByTestId('pad-member').fill('1 2');
        await pad.getByTestId('classification').waitFor();
        await pad.getByTestId('pad-chair').press('Enter');
        const target = before + 1;
        const fn = `(n) => window.__seen && window.__seen[n]`;
        const tPad = Number(await (await pad.waitForFunction(fn, target, { polling: 'raf' })).jsonValue());
        const tHall = Number(await (await hall.waitForFunction(fn, target, { polling: 'raf', timeout: 5000 })).jsonValue());
        const keys = (await pad.evaluate(() => (window as unknown as { __keys: number[] }).__keys)) as number[];
        const tKey = keys[keys.length - 1] ?? NaN;
        times.push(Math.max(tPad, tHall) - tKey);
      }
      return { preRecorded, samples, median: pct(times, 50), p95: pct(times, 95), stationMedian: pct(station, 50), stationP95: pct(station, 95) };
    } finally {
      await browser.close();
    }
  } finally {
    await host.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const isMain = process.argv[1] !== undefined && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname);
if (isMain) {
  benchBallotEntry()
    .then((f) => console.log(JSON.stringify(f, null, 2)))
    .catch((e: unknown) => {
      console.error((e as Error).message);
      process.exit(1);
    });
}
