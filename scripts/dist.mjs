#!/usr/bin/env node
// `npm run dist [-- --win|--linux ...]`: renderer + Electron main/preloads + Electron-ABI sqlite, then
// electron-builder. Packaging needs two things from the internet unless they are here already: the
// Electron program zip for each target (electron-builder's cache, or `electronDist` in
// electron-builder.yml) and Electron's headers for the native build (node-gyp's cache, or
// ELECTRON_HEADERS_DIR). Without a network and without them, this says in one sentence what is
// missing instead of a stack trace.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { missingForDist } from './dist-preflight.mjs';

const require = createRequire(import.meta.url);
const electronVersion = JSON.parse(readFileSync(require.resolve('electron/package.json'), 'utf8')).version;
const argv = process.argv.slice(2);

/** Whether github.com (the Electron downloads) can be reached within a few seconds. */
const online = () =>
  new Promise((resolve) => {
    const s = net.connect({ host: 'github.com', port: 443, timeout: 4000 });
    s.once('connect', () => (s.destroy(), resolve(true)));
    s.once('timeout', () => (s.destroy(), resolve(false)));
    s.once('error', () => resolve(false));
  });

// electron-builder.yml read with electron-builder's own YAML reader (js-yaml, a dependency of app-builder-lib)
const yaml = createRequire(require.resolve('app-builder-lib/package.json'))('js-yaml');
const config = yaml.load(readFileSync('electron-builder.yml', 'utf8'));
const missing = missingForDist({ argv, config, electronVersion, env: process.env, home: os.homedir(), platform: process.platform, hostArch: process.arch, exists: existsSync, list: (d) => (existsSync(d) ? readdirSync(d) : []), join: path.join });
if (missing.length > 0 && !(await online())) {
  console.error(`本机离线，打包还缺：${missing.join('；')}（离线时可以用 \`npm run start:browser\`）。`);
  process.exit(1);
}

const steps = [
  ['npx', ['vite', 'build', '--logLevel', 'warn']],
  ['node', ['scripts/build-electron.mjs']],
  ['node', ['scripts/build-electron-native.mjs']],
  ['npx', ['electron-builder', '--config', 'electron-builder.yml', ...argv]],
];
for (const [cmd, args] of steps) {
  const r = spawnSync(cmd, args, { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
