#!/usr/bin/env node
// Builds better-sqlite3 a second time, for Electron's ABI, into native/electron/better_sqlite3.node.
// node_modules keeps the plain-Node build that `npm test`, the CLI and the browser host load; under
// Electron, electron/station/db/open.ts passes this file as better-sqlite3's `nativeBinding`.
// Usage: node scripts/build-electron-native.mjs [--arch x64|arm64]. Needs Electron's headers: the network
// (electronjs.org), or a local copy in ELECTRON_HEADERS_DIR; it is run by `npm start` and `npm run dist`.
//
// npm sets npm_config_nodedir to this machine's Node headers and node-gyp under npm inherits it: a build
// meant for Electron then silently gets Node's ABI. So that variable is removed for the build, and the
// binary's ABI is checked against node_modules/electron/abi_version before it is put in place.
import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { abiProblem, electronAbi, electronBuildEnv } from './native-abi.mjs';

const require = createRequire(import.meta.url);
const arch = process.argv.includes('--arch') ? process.argv[process.argv.indexOf('--arch') + 1] : process.arch;
const electronVersion = JSON.parse(readFileSync(require.resolve('electron/package.json'), 'utf8')).version;
const abi = electronAbi();
const sqliteDir = path.dirname(require.resolve('better-sqlite3/package.json'));
const outDir = path.resolve('native/electron');
const out = path.join(outDir, 'better_sqlite3.node');
const stamp = path.join(outDir, `built-for-electron-${electronVersion}-${arch}`);
if (existsSync(out) && existsSync(stamp)) {
  // a file built earlier is checked again: a wrong one is never kept
  const problem = abiProblem(out, abi);
  if (!problem) process.exit(0);
  console.error(`原有的 ${path.relative(process.cwd(), out)} 不对：${problem}重新编译。`);
  rmSync(stamp, { force: true });
}

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
// node-gyp's own output goes to a log file; what the user reads is one sentence
const log = path.join(os.tmpdir(), `bsqlite-electron-${electronVersion}-${arch}.log`);
const r = spawnSync(process.execPath, args, { cwd: work, env: electronBuildEnv(process.env), encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
writeFileSync(log, `${r.stdout ?? ''}\n${r.stderr ?? ''}`);
const built = path.join(work, 'build', 'Release', 'better_sqlite3.node');
if (r.status !== 0 || !existsSync(built)) {
  rmSync(work, { recursive: true, force: true });
  console.error(
    `无法为 Electron ${electronVersion}（${arch}）编译 better-sqlite3：需要 Electron 的头文件，请联网后再运行，或把已下载的头文件目录设为 ELECTRON_HEADERS_DIR（离线时可以用 \`npm run start:browser\`；编译输出见 ${log}）。`,
  );
  process.exit(1);
}
const problem = abiProblem(built, abi);
if (problem) {
  rmSync(work, { recursive: true, force: true });
  console.error(`\n*** 编译结果不能用：${problem} ***\n`);
  process.exit(1);
}
mkdirSync(outDir, { recursive: true });
copyFileSync(built, out);
copyFileSync(out, stamp);
rmSync(work, { recursive: true, force: true });
console.log(`better-sqlite3 for Electron ${electronVersion} (${arch}, ABI ${abi}) -> ${path.relative(process.cwd(), out)}`);
