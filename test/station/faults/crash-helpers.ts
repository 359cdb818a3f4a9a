/**
 * Shared by the fault tests: a bundled crash child (crash-child.ts, built once with esbuild so each
 * start costs ~0.5 s instead of a tsx transpile), a runner that kills it with SIGKILL at a chosen
 * moment, a seeded random source, prepared data folders and a 5,000-row roll CSV.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { populateDemo } from '../../../electron/station/demo.js';
import { openStation, type Station } from '../../../electron/station/index.js';
import { makeIdNumber } from '../../../shared/rules/index.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..', '..');

/**
 * Bundles crash-child.ts under node_modules/.cache (its packages stay external and resolve from
 * there), as the Electron build bundles the main process.
 */
export async function buildChild(): Promise<{ file: string; dir: string }> {
  const dir = path.join(ROOT, 'node_modules', '.cache', 'station-faults', String(process.pid));
  const out = path.join(dir, 'child', 'crash-child.mjs');
  mkdirSync(path.dirname(out), { recursive: true });
  await build({
    entryPoints: [path.join(import.meta.dirname, 'crash-child.ts')],
    outfile: out,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    packages: 'external',
    logLevel: 'warning',
  });
  return { file: out, dir };
}

export interface ChildRun {
  lines: string[];
  killed: boolean;
  code: number | null;
  stderr: string;
  /** ms from the trigger line to the kill (or to the exit when not killed). */
  ranMs: number;
}

/**
 * Runs the child; `killAfter(line)` is asked about every stdout line and may return a delay in ms after
 * which the child gets SIGKILL (the first answer wins). Without any answer the child runs to its end.
 */
export function runChild(
  child: string,
  args: string[],
  env: Record<string, string>,
  killAfter: (line: string) => number | undefined,
  startKillMs?: number,
  /** Polled every millisecond: once it answers a delay, the child is killed that many ms later. */
  poll?: () => number | undefined,
): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [child, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    const lines: string[] = [];
    let buf = '';
    let stderr = '';
    let timer: NodeJS.Timeout | undefined;
    let killed = false;
    let triggeredAt = 0;
    const kill = (ms: number) => {
      if (timer) return;
      triggeredAt = Date.now();
      timer = setTimeout(() => {
        killed = p.kill('SIGKILL');
      }, ms);
    };
    if (startKillMs !== undefined) kill(startKillMs);
    const poller = poll
      ? setInterval(() => {
          const ms = poll();
          if (ms !== undefined) kill(ms);
        }, 1)
      : undefined;
    p.stdout.setEncoding('utf8');
    p.stdout.on('data', (d: string) => {
      buf += d;
      let nl;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        lines.push(line);
        const ms = killAfter(line);
        if (ms !== undefined) kill(ms);
      }
    });
    p.stderr.setEncoding('utf8');
    p.stderr.on('data', (d: string) => {
      stderr += d;
    });
    p.on('error', reject);
    p.on('close', (code, signal) => {
      if (timer) clearTimeout(timer);
      if (poller) clearInterval(poller);
      // a line cut off by the kill was never fully written: it promises nothing
      resolve({ lines, killed: killed && signal === 'SIGKILL', code, stderr, ranMs: triggeredAt ? Date.now() - triggeredAt : 0 });
    });
  });
}

/** Small seeded PRNG (mulberry32) so a failing run can be repeated. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The demo election in `dir`, left in counting (confirm false) or confirmed. */
export function demoIn(dir: string, confirm: boolean): void {
  let now = new Date('2026-02-01T09:00:00');
  const s = openStation(dir, { now: () => now, backups: false });
  try {
    const r = populateDemo(s, (local) => (now = new Date(local)), { confirm });
    if (!r.ok) throw new Error(r.error.message);
  } finally {
    s.close();
  }
}

/** A new election in setup, ready to import a roll. */
export function setupIn(dir: string): void {
  const s = openStation(dir, { backups: false, now: () => new Date('2026-05-10T09:00:00+08:00') });
  try {
    const r = s.run('election.create', { kind: 'villagers_committee', village: '青山村', township: '清河镇', electionDate: '2026-06-20', drill: true });
    if (!r.ok) throw new Error(r.error.message);
  } finally {
    s.close();
  }
}

/** A UTF-8 roll CSV of `n` distinct good rows. */
export function writeRollCsv(file: string, n: number): void {
  const out = ['姓名,性别,身份证号码,村民小组,类别'];
  const base = Date.UTC(1950, 0, 1);
  for (let i = 0; i < n; i++) {
    const day = new Date(base + Math.floor(i / 500) * 86_400_000 * 7);
    const birth = day.toISOString().slice(0, 10).replace(/-/g, '');
    const seq = (i % 500) * 2 + (i % 2);
    const female = seq % 2 === 0;
    out.push(`村民${i},${female ? '女' : '男'},${makeIdNumber('330102', birth, seq)},第${(i % 5) + 1}组,本村居住`);
  }
  writeFileSync(file, `${out.join('\r\n')}\r\n`);
}

/** Row counts of every table but sqlite's own, for "nothing changed" checks. */
export function tableCounts(s: Station): Record<string, number> {
  const names = s.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string }[];
  return Object.fromEntries(names.map(({ name }) => [name, (s.db.prepare(`SELECT count(*) AS n FROM "${name}"`).get() as { n: number }).n]));
}
