#!/usr/bin/env node
// `npm start`: build the renderer and the Electron main/preload, then launch Electron.
// Electron 45 downloads its binary on first use; where that cannot happen (offline machines) we say
// so in one sentence instead of a stack trace.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);

function electronBinary() {
  let dir;
  try {
    dir = path.dirname(require.resolve('electron/package.json'));
  } catch {
    return undefined;
  }
  const pathFile = path.join(dir, 'path.txt');
  const located = () => {
    if (!existsSync(pathFile)) return undefined;
    const exe = path.join(dir, 'dist', readFileSync(pathFile, 'utf8').trim());
    return existsSync(exe) ? exe : undefined;
  };
  if (located()) return located();
  // Try the download once, quietly: its output is a stack trace when offline.
  spawnSync(process.execPath, [path.join(dir, 'install.js')], { stdio: 'ignore', timeout: 300_000 });
  return located();
}

const exe = electronBinary();
if (!exe) {
  console.error('无法获取 Electron 程序（本机离线或下载失败），请改用 `npm run start:browser` 在浏览器中打开同一个计票站。');
  process.exit(1);
}
for (const [cmd, args] of [
  ['npx', ['vite', 'build', '--logLevel', 'warn']],
  ['node', ['scripts/build-electron.mjs']],
  ['node', ['scripts/build-electron-native.mjs']],
]) {
  const r = spawnSync(cmd, args, { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
const r = spawnSync(exe, ['.'], { stdio: 'inherit' });
process.exit(r.status ?? 0);
