#!/usr/bin/env node
// Bundles the Electron main process (ESM, node_modules left external: they ship with the app) and the
// sandboxed preloads — the main window's and the hall window's (CommonJS, self-contained: a sandboxed
// preload can only require 'electron') — into
// dist-electron/electron/. Run by `npm start` (scripts/start-electron.mjs) and `npm run dist`.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';

rmSync('dist-electron', { recursive: true, force: true });
const common = { bundle: true, platform: 'node', target: 'node22', sourcemap: true, logLevel: 'warning' };
await build({
  ...common,
  entryPoints: ['electron/main.ts'],
  outfile: 'dist-electron/electron/main.js',
  format: 'esm',
  packages: 'external',
  external: ['electron', 'better-sqlite3'],
});
for (const name of ['preload', 'preload-hall']) {
  await build({
    ...common,
    entryPoints: [`electron/${name}.ts`],
    outfile: `dist-electron/electron/${name}.cjs`,
    format: 'cjs',
    external: ['electron'],
  });
}
console.log('dist-electron/electron/main.js, preload.cjs, preload-hall.cjs');
