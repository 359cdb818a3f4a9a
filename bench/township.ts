/**
 * Issue 13 benchmark (`npm run bench` calls `benchTownship` through bench/run.ts): the township
 * verifies and totals 300 village packages of 2,000 ballots each. Goal: under 10 s and under 500 MB
 * peak RSS; the baseline in the same run is "verify only" (verifyPackage on each package, nothing
 * else). Each measurement runs in its own child process, which reports its peak RSS
 * (process.resourceUsage().maxRSS), so the figures are the township's own.
 *
 * The packages (setup, not timed): one real election of 2,000 ballots is built through the station's
 * commands and exported. From it, 300 villages' packages are made as a station would have signed them:
 * each its own election id, village name and key (Ed25519, a fresh pair per village), result.json
 * changed accordingly, the audit chain's first event (election.create, which names the village)
 * changed and the whole chain re-linked with its hashes recomputed, the manifest rebuilt and signed.
 * Each is a complete package the verifier checks in full (signature, every file's hash, the audit
 * chain line by line, result.json's schema and the chain's agreement with it), registered in a key
 * register with its paper, so all 300 are counted.
 */
import { randomUUID, sign } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { GENESIS_HASH, sha256 } from '../electron/station/audit.js';
import { exportElection } from '../electron/station/export/export.js';
import { buildManifest, MANIFEST, PUBLIC_KEY, SIGNATURE, verifyPackage, type Manifest, type PackageFile } from '../electron/station/export/package.js';
import { appendRegister, loadRegister } from '../electron/station/township/register.js';
import { importPackages } from '../electron/station/township/township.js';
import { tableXlsx } from '../electron/station/township/table.js';
import { normaliseFingerprint } from '../shared/result-qr.js';
import { freshKey } from '../test/export/forge.js';
import { cleanup, tempDir, villageElection } from '../test/forms/helpers.js';
import { withoutFsync } from './forms-export.js';
import { runChildJson } from './stats.js';

export interface TownshipFigures {
  villages: number;
  ballots: number;
  packageMB: number;
  totalMB: number;
  setupMs: number;
  verifyOnly: { ms: number; cpuMs: number; maxRssMB: number };
  township: { ms: number; cpuMs: number; maxRssMB: number; counted: number; xlsxBytes: number };
  /** The machine's load average when the children ran (other work shares its cores). */
  load: number;
}

const TAIL = 154; // ,"hash":"<64>","prev_hash":"<64>"}

/** The audit chain with its first event's village renamed, every hash recomputed and every link remade. */
function relink(audit: string, from: string, to: string): string {
  const lines = audit.trimEnd().split('\n');
  let prev = GENESIS_HASH;
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    let event = line.slice(9, line.length - TAIL);
    if (i === 0) event = event.replace(`"village":${JSON.stringify(from)}`, `"village":${JSON.stringify(to)}`);
    const hash = sha256(prev + event);
    out.push(`{"event":${event},"hash":"${hash}","prev_hash":"${prev}"}`);
    prev = hash;
  }
  return `${out.join('\n')}\n`;
}

function filesOf(dir: string, sub = ''): PackageFile[] {
  const out: PackageFile[] = [];
  for (const e of readdirSync(path.join(dir, sub), { withFileTypes: true })) {
    const rel = sub ? `${sub}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...filesOf(dir, rel));
    else if (![MANIFEST, SIGNATURE, PUBLIC_KEY].includes(rel)) out.push({ path: rel, data: readFileSync(path.join(dir, rel)) });
  }
  return out;
}

/** Writes `n` village packages made from one real one, and their key register; returns their folders. */
function makeVillages(base: string, n: number, root: string, register: string): string[] {
  const manifest = JSON.parse(readFileSync(path.join(base, MANIFEST), 'utf8')) as Manifest;
  const files = filesOf(base);
  const result = JSON.parse((files.find((f) => f.path === 'result.json') as PackageFile).data.toString('utf8')) as {
    election: { id: string; village: string; title: string };
    turnout: { registered: number };
  };
  const audit = (files.find((f) => f.path === 'audit.jsonl') as PackageFile).data.toString('utf8');
  const dirs: string[] = [];
  for (let i = 1; i <= n; i++) {
    const village = `第${String(i).padStart(3, '0')}村`;
    const id = randomUUID();
    const r = structuredClone(result);
    r.election.id = id;
    r.election.village = village;
    r.election.title = r.election.title.replace(manifest.village, village);
    r.turnout.registered += i % 40;
    const resultBytes = Buffer.from(JSON.stringify(r));
    const key = freshKey();
    const pkgFiles: PackageFile[] = [
      ...files.filter((f) => f.path !== 'result.json' && f.path !== 'audit.jsonl'),
      { path: 'result.json', data: resultBytes },
      { path: 'audit.jsonl', data: Buffer.from(relink(audit, manifest.village, village)) },
      { path: PUBLIC_KEY, data: Buffer.from(key.publicKeyPem) },
    ];
    const m = buildManifest({ electionId: id, drill: false, title: r.election.title, village, township: manifest.township, electionDate: manifest.electionDate }, pkgFiles, key, manifest.createdAt);
    const dir = path.join(root, `${village}-${id.slice(0, 8)}`);
    mkdirSync(path.join(dir, 'forms'), { recursive: true });
    for (const f of pkgFiles) writeFileSync(path.join(dir, f.path), f.data);
    writeFileSync(path.join(dir, MANIFEST), m);
    writeFileSync(path.join(dir, SIGNATURE), sign(null, m, key.privateKey).toString('base64'));
    const fingerprint = normaliseFingerprint(key.fingerprint) as string;
    const at = new Date().toISOString();
    appendRegister(register, { type: 'key', at, by: '基准测试', township: manifest.township, village, kind: 'villagers_committee', fingerprint, how: 'qr' });
    appendRegister(register, { type: 'paper', at, by: '基准测试', fingerprint, electionId: id, resultSha256: sha256(resultBytes) });
    dirs.push(dir);
  }
  return dirs;
}

interface ChildFigures {
  ms: number;
  /** CPU time of the child (user + system): on a machine shared with other work, wall time overstates. */
  cpuMs: number;
  maxRssMB: number;
  counted: number;
  xlsxBytes: number;
}

/** In the child process: one measurement over the listed packages, printed as JSON on the last line. */
function child(kind: string, listFile: string, register: string): void {
  const dirs = readFileSync(listFile, 'utf8').trim().split('\n');
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let counted = 0;
  let xlsxBytes = 0;
  if (kind === 'verify') {
    for (const d of dirs) {
      const v = verifyPackage(d);
      if (!v.ok) throw new Error(`${d}: ${v.summary}`);
      counted++;
    }
  } else {
    const t = importPackages(dirs, { register: loadRegister(register) });
    counted = t.packages.filter((p) => p.status === 'counted').length;
    xlsxBytes = tableXlsx(t).length;
    if (counted !== dirs.length) throw new Error(`only ${counted} of ${dirs.length} counted: ${t.packages.find((p) => p.status !== 'counted')?.reason ?? ''}`);
  }
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const out: ChildFigures = { ms, cpuMs: (cpu.user + cpu.system) / 1000, maxRssMB: process.resourceUsage().maxRSS / 1024, counted, xlsxBytes };
  console.log(JSON.stringify(out));
}

const runChild = (kind: string, listFile: string, register: string): Promise<ChildFigures> => runChildJson<ChildFigures>(fileURLToPath(import.meta.url), [kind, listFile, register], kind);

export async function benchTownship(villages = 300, ballots = 2000): Promise<TownshipFigures> {
  const t0 = performance.now();
  const f = withoutFsync(() => villageElection({ extraBallots: ballots - 30 }));
  const root = path.join(os.tmpdir(), `bench-township-${process.pid}`);
  try {
    const base = exportElection(f.s, tempDir('bench-township-base-'), { keyDir: f.keyDir }).packagePath;
    mkdirSync(root, { recursive: true });
    const register = path.join(root, 'key-register.jsonl');
    const dirs = makeVillages(base, villages, path.join(root, 'usb'), register);
    const listFile = path.join(root, 'packages.txt');
    writeFileSync(listFile, dirs.join('\n'));
    const one = filesOf(dirs[0] as string).reduce((n, x) => n + x.data.length, 0);
    const setupMs = performance.now() - t0;
    const verifyOnly = await runChild('verify', listFile, register);
    const township = await runChild('township', listFile, register);
    const load = os.loadavg()[0] ?? 0;
    return {
      villages,
      ballots,
      packageMB: one / 1048576,
      totalMB: (one * villages) / 1048576,
      setupMs,
      verifyOnly: { ms: verifyOnly.ms, cpuMs: verifyOnly.cpuMs, maxRssMB: verifyOnly.maxRssMB },
      township: { ms: township.ms, cpuMs: township.cpuMs, maxRssMB: township.maxRssMB, counted: township.counted, xlsxBytes: township.xlsxBytes },
      load,
    };
  } finally {
    rmSync(root, { recursive: true, force: true });
    cleanup();
  }
}

const [, , mode, a1, a2, a3] = process.argv;
if (mode === 'child' && a1 && a2 && a3) {
  child(a1, a2, a3);
} else if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const n = Number(process.argv[2] ?? 300);
  console.log(JSON.stringify(await benchTownship(n), null, 1));
}
