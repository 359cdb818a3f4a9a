#!/usr/bin/env node
// `npm run dist [-- --win|--linux ...]`: renderer + Electron main/preload + Electron-ABI sqlite, then electron-builder.
import { spawnSync } from 'node:child_process';

const steps = [
  ['npx', ['vite', 'build', '--logLevel', 'warn']],
  ['node', ['scripts/build-electron.mjs']],
  ['node', ['scripts/build-electron-native.mjs']],
  ['npx', ['electron-builder', '--config', 'electron-builder.yml', ...process.argv.slice(2)]],
];
for (const [cmd, args] of steps) {
  const r = spawnSync(cmd, args, { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
