#!/usr/bin/env node
// Builds better-sqlite3 a second time, for Electron's ABI, into native/electron/better_sqlite3.node.
// node_modules keeps the plain-Node build that `npm test`, the CLI and the browser host load; under
// Electron, electron/station/db/open.ts passes this file as better-sqlite3's `nativeBinding`.
// Usage: node scripts/build-electron-native.mjs [--arch x64|arm64]. Needs the network (Electron headers)
// or a local headers dir in ELECTRON_HEADERS_DIR; it is run by `npm start` and `npm run dist`.
import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';

const require = createRequire(import.meta.url);
const arch = process.argv.includes('--arch') ? process.argv[process.argv.indexOf('--arch') + 1] : process.arch;
const electronVersion = JSON.parse(readFileSync(require.resolve('electron/package.json'), 'utf8')).version;
const sqliteDir = path.dirname(require.resolve('better-sqlite3/package.json'));
const outDir = path.resolve('native/electron');
const out = path.join(outDir, 'better_sqlite3.node');
const stamp = path.join(outDir, `built-for-electron-${electronVersion}-${arch}`);
if (existsSync(out) && existsSync(stamp)) process.exit(0);

// Build in a scratch copy so node_modules/better-sqlite3/build (plain Node ABI) is never touched.
const work = mkdtempSync(path.join(os.tmpdir(), 'bsqlite-electron-'));
cpSync(sqliteDir, work, { recursive: true, filter: (src) => !src.includes(`${path.sep}build${path.sep}`) });
const args = [
  require.resolve('node-gyp/bin/node-gyp.js'),
  'rebuild',
  '--release',
  `--target=${electronVersion}`,
  `--arch=${arch}`,
  '--dist-url=https://electronjs.org/headers',
  '--runtime=electron',
];
if (process.env.ELECTRON_HEADERS_DIR) args.push(`--nodedir=${process.env.ELECTRON_HEADERS_DIR}`);
const r = spawnSync(process.execPath, args, { cwd: work, stdio: 'inherit' });
if (r.status !== 0) {
  rmSync(work, { recursive: true, force: true });
  console.error('无法为 Electron 编译 better-sqlite3（需要联网下载 Electron 头文件）。离线时请使用 `npm run start:browser`。');
  process.exit(1);
}
mkdirSync(outDir, { recursive: true });
copyFileSync(path.join(work, 'build', 'Release', 'better_sqlite3.node'), out);
copyFileSync(out, stamp);
rmSync(work, { recursive: true, force: true });
console.log(`better-sqlite3 for Electron ${electronVersion} (${arch}) -> ${path.relative(process.cwd(), out)}`);
