/**
 * Issue 12 — what packaging produces, checked without Electron or the network: the fuses
 * electron-builder flips (run through its own code on a stand-in binary carrying Electron's fuse
 * wire), the Electron-ABI check of the native build (against a real Node-ABI binary), the one
 * sentence `npm run dist` and the native build say offline, the hall window's preload as built, and
 * the backup worker's source as the Electron bundle carries it.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
// @ts-expect-error plain ES module script without types
import { abiProblem, binaryAbis, electronAbi, electronBuildEnv } from '../../scripts/native-abi.mjs';
// @ts-expect-error plain ES module script without types
import { distTargets, missingForDist } from '../../scripts/dist-preflight.mjs';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const require = createRequire(path.join(ROOT, 'package.json'));
// electron-builder's own YAML reader (js-yaml, a dependency of app-builder-lib)
const yaml = createRequire(require.resolve('app-builder-lib/package.json'))('js-yaml') as { load(s: string): Record<string, unknown> };

const config = (): Record<string, unknown> => yaml.load(readFileSync(path.join(ROOT, 'electron-builder.yml'), 'utf8'));

describe('Electron fuses at packaging', () => {
  it('electron-builder.yml passes electron-builder’s own schema, and a typo in the fuses would not', async () => {
    const { validateConfiguration } = require('app-builder-lib/out/util/config/config.js') as { validateConfiguration(c: unknown, l: unknown): Promise<void> };
    const { DebugLogger } = require('builder-util') as { DebugLogger: new (on: boolean) => unknown };
    await validateConfiguration(config(), new DebugLogger(false));
    await expect(validateConfiguration({ ...config(), electronFuses: { runAsNod: false } }, new DebugLogger(false))).rejects.toThrow();
  });

  it('flipped by electron-builder’s code on a binary with Electron’s fuse wire: RunAsNode, NODE_OPTIONS, inspect off; asar integrity and asar-only on', async () => {
    const fuses = config().electronFuses as Record<string, boolean>;
    const { PlatformPackager } = require('app-builder-lib') as { PlatformPackager: { prototype: { generateFuseConfig(f: unknown): Promise<Record<string, unknown>> } } };
    const fuseConfig = await PlatformPackager.prototype.generateFuseConfig.call({}, fuses);
    const { flipFuses, getCurrentFuseWire, FuseV1Options } = require('@electron/fuses') as {
      flipFuses(p: string, c: unknown): Promise<number>;
      getCurrentFuseWire(p: string): Promise<Record<string, number>>;
      FuseV1Options: Record<string, number>;
    };
    // a stand-in for the Electron binary: its sentinel, wire version 1, 8 fuses as Electron ships them
    const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
    const shipped = '10111001'; // RunAsNode on, cookie encryption off, NODE_OPTIONS on, inspect on, integrity off, asar-only off, V8 snapshot off, file:// privileges on
    const dir = mkdtempSync(path.join(os.tmpdir(), 'fuses-'));
    const exe = path.join(dir, 'electron');
    writeFileSync(exe, Buffer.concat([Buffer.alloc(4096, 0x90), Buffer.from(SENTINEL), Buffer.from([1, 8]), Buffer.from(shipped), Buffer.alloc(4096, 0x90)]));
    await flipFuses(exe, fuseConfig);
    const wire = await getCurrentFuseWire(exe);
    const on = (name: string): boolean => String.fromCharCode(wire[FuseV1Options[name] as number] as number) === '1';
    rmSync(dir, { recursive: true, force: true });
    expect(on('RunAsNode')).toBe(false);
    expect(on('EnableNodeOptionsEnvironmentVariable')).toBe(false);
    expect(on('EnableNodeCliInspectArguments')).toBe(false);
    expect(on('EnableEmbeddedAsarIntegrityValidation')).toBe(true);
    expect(on('OnlyLoadAppFromAsar')).toBe(true);
    expect(on('GrantFileProtocolExtraPrivileges')).toBe(false);
    expect(config().asar).toBe(true);
  });
});

describe('the Electron-ABI build of better-sqlite3', () => {
  const nodeBuild = path.join(ROOT, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');

  it('reads the ABI a real binary was built for: the plain-Node build here is Node’s, not Electron’s, and is refused loudly', () => {
    expect(binaryAbis(nodeBuild)).toEqual([Number(process.versions.modules)]);
    const want = electronAbi();
    expect(want).toBe(Number(readFileSync(path.join(ROOT, 'node_modules', 'electron', 'abi_version'), 'utf8').trim()));
    expect(want).not.toBe(Number(process.versions.modules));
    const problem = abiProblem(nodeBuild, want) as string | null;
    expect(problem).toContain(`ABI ${process.versions.modules}`);
    expect(problem).toContain(`ABI ${want}`);
    expect(abiProblem(nodeBuild, Number(process.versions.modules))).toBeNull();
  });

  it('the build never sees npm’s nodedir (in any spelling), so node-gyp cannot fall back to Node’s headers', () => {
    const env = electronBuildEnv({ npm_config_nodedir: '/usr', NPM_CONFIG_NODEDIR: '/usr', npm_config_target: '20.0.0', PATH: '/bin', HOME: '/root' }) as Record<string, string>;
    expect(env).toEqual({ PATH: '/bin', HOME: '/root' });
  });

  it('offline without Electron’s headers: exit 1 and one sentence saying what it needs, no stack trace, nothing installed', () => {
    const env = { ...process.env, npm_config_nodedir: '/usr' } as Record<string, string | undefined>;
    delete env.ELECTRON_HEADERS_DIR;
    const cwd = mkdtempSync(path.join(os.tmpdir(), 'native-'));
    // the script resolves its modules from the repository; its output folder is the cwd's native/
    const r = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'build-electron-native.mjs')], { cwd, env, encoding: 'utf8', timeout: 120_000 });
    const online = /electronjs\.org/.test(r.stderr) && r.status === 0;
    if (!online) {
      expect(r.status).toBe(1);
      const lines = r.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/头文件/);
      expect(lines[0]).toMatch(/ELECTRON_HEADERS_DIR/);
      expect(r.stderr).not.toMatch(/\n\s+at /);
      expect(existsSync(path.join(cwd, 'native', 'electron', 'better_sqlite3.node'))).toBe(false);
    }
    rmSync(cwd, { recursive: true, force: true });
  }, 150_000);
});

describe('npm run dist without a network', () => {
  const none = { exists: () => false, list: () => [] as string[], join: (...p: string[]) => p.join('/') };
  const base = { argv: [] as string[], config: config(), electronVersion: '45.4.1', env: {}, home: '/home/u', platform: 'linux', hostArch: 'x64', ...none };

  it('names each Electron zip the targets need, and the headers, unless they are at hand', () => {
    const missing = missingForDist(base) as string[];
    expect(missing).toHaveLength(2);
    expect(missing[0]).toContain('electron-v45.4.1-win32-x64.zip');
    expect(missing[0]).toContain('electron-v45.4.1-linux-arm64.zip');
    expect(missing[0]).toContain('/home/u/.cache/electron');
    expect(missing[0]).toContain('electronDist');
    // electronDist in the config: no zip needed; headers given: none needed
    expect(missingForDist({ ...base, config: { ...config(), electronDist: '/opt/electron' }, env: { ELECTRON_HEADERS_DIR: '/h' } })).toEqual([]);
    // the zips in electron-builder's cache (one hashed folder down)
    const cached = new Set(['/home/u/.cache/electron/abc/electron-v45.4.1-linux-x64.zip']);
    const m = missingForDist({ ...base, argv: ['--linux', '--x64'], env: { ELECTRON_HEADERS_DIR: '/h' }, exists: (p: string) => cached.has(p), list: () => ['abc'] }) as string[];
    expect(m).toEqual([]);
    expect(distTargets(['--win'], config())).toEqual([{ platform: 'win32', arch: 'x64' }]);
    expect(distTargets([], config())).toEqual([
      { platform: 'win32', arch: 'x64' },
      { platform: 'linux', arch: 'x64' },
      { platform: 'linux', arch: 'arm64' },
    ]);
  });

  it('says it in one sentence and stops, instead of a stack trace', () => {
    const home = mkdtempSync(path.join(os.tmpdir(), 'dist-home-'));
    const r = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'dist.mjs')], { cwd: ROOT, env: { ...process.env, HOME: home, ELECTRON_CACHE: path.join(home, 'none'), XDG_CACHE_HOME: path.join(home, 'cache') }, encoding: 'utf8', timeout: 60_000 });
    rmSync(home, { recursive: true, force: true });
    if (r.status === 1 && /本机离线/.test(r.stderr)) {
      const lines = r.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/Electron 程序压缩包 electron-v[\d.]+-win32-x64\.zip/);
      expect(lines[0]).toMatch(/electronDist/);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    } else {
      // a machine with a network would go on to package: not what this test is about
      expect(r.status === 1 || r.status === 0).toBe(true);
    }
  });
});

describe('what the Electron build carries', () => {
  it('the hall window’s preload exposes count.live only; the main preload has the station channel', () => {
    const r = spawnSync(process.execPath, ['scripts/build-electron.mjs'], { cwd: ROOT, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const hall = readFileSync(path.join(ROOT, 'dist-electron', 'electron', 'preload-hall.cjs'), 'utf8');
    expect([...hall.matchAll(/station:[A-Za-z]+/g)].map((m) => m[0])).toEqual(['station:live']);
    expect(hall).toContain('stationHall');
    expect(hall).not.toMatch(/exposeInMainWorld\("station"/);
    const main = readFileSync(path.join(ROOT, 'dist-electron', 'electron', 'preload.cjs'), 'utf8');
    expect(main).toContain('station:call');
    expect(main).not.toContain('station:live');
  });

  it('the backup worker, bundled as the Electron main process is, makes a sealed copy in its thread and in-thread', async () => {
    const dir = path.join(ROOT, 'node_modules', '.cache', 'station-bundle', String(process.pid));
    mkdirSync(dir, { recursive: true });
    const entry = path.join(dir, 'entry.ts');
    const station = path.join(ROOT, 'electron', 'station');
    writeFileSync(
      entry,
      `import { openStation } from ${JSON.stringify(path.join(station, 'index.ts'))};
import { listBackups } from ${JSON.stringify(path.join(station, 'backup.ts'))};
const data = process.argv[2];
const s = openStation(data, { backups: true });
const r = s.run('election.create', { kind: 'villagers_committee', village: '青山村', township: '清河镇', electionDate: '2026-06-20', drill: true });
if (!r.ok) throw new Error(r.error.message);
s.scheduleBackup('phase-test');
s.flushBackups();
s.backupNow('manual');
s.close();
console.log(JSON.stringify(listBackups(data).map((b) => b.reason).sort()));
`,
    );
    const out = path.join(dir, 'entry.mjs');
    await build({ entryPoints: [entry], outfile: out, bundle: true, platform: 'node', target: 'node22', format: 'esm', packages: 'external', logLevel: 'warning' });
    const data = mkdtempSync(path.join(os.tmpdir(), 'bundle-data-'));
    const r = spawnSync(process.execPath, [out, data], { cwd: ROOT, encoding: 'utf8', env: process.env });
    try {
      expect(r.status, r.stderr).toBe(0);
      expect(JSON.parse(r.stdout.trim().split('\n').pop() ?? '[]')).toEqual(['manual', 'phase-test']);
      for (const n of listSeals(path.join(data, 'backups'))) expect(n).toMatch(/\.sqlite\.seal$/);
    } finally {
      rmSync(data, { recursive: true, force: true });
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

function listSeals(dir: string): string[] {
  return require('node:fs').readdirSync(dir).filter((n: string) => n.endsWith('.seal'));
}
