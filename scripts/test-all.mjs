#!/usr/bin/env node
// `npm test`: everything — system packages check, typecheck, lint, unit + station + forms tests, e2e.
// The tests need Debian's chromium (Playwright drives it; it is never downloaded), poppler-utils
// (pdftotext/pdftoppm read back the printed forms) and zbar-tools (zbarimg reads the voter cards'
// barcodes back, as a scanner at the issue desk would). Installed here when we are root, otherwise we stop
// at once with the exact line to run.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const APT_PACKAGES = ['chromium', 'poppler-utils', 'zbar-tools'];
const needed = [
  ['/usr/bin/chromium', 'chromium'],
  ['/usr/bin/pdftotext', 'poppler-utils'],
  ['/usr/bin/pdftoppm', 'poppler-utils'],
  ['/usr/bin/zbarimg', 'zbar-tools'],
];

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', ...opts });
  return r.status ?? 1;
}

// Chinese fonts for the browser, so the e2e screenshots show readable pages (the tests pass without).
const CJK_FONT = '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc';
const isRootUser = typeof process.getuid === 'function' && process.getuid() === 0;
if (!existsSync(CJK_FONT)) {
  if (isRootUser) APT_PACKAGES.push('fonts-noto-cjk');
  else console.warn('提示：未安装中文字体 fonts-noto-cjk，测试截图中的中文可能显示为方框（不影响测试结果）。');
}
const missing = [...new Set(needed.filter(([p]) => !existsSync(p)).map(([, pkg]) => pkg))];
if (missing.length === 0 && isRootUser && !existsSync(CJK_FONT)) missing.push('fonts-noto-cjk');
if (missing.length > 0) {
  const line = `apt-get update && apt-get install -y ${APT_PACKAGES.join(' ')}`;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot) {
    console.error(`测试需要系统软件包 ${missing.join(', ')}。请先运行：sudo ${line}`);
    process.exit(1);
  }
  console.log(`Installing system packages for the tests: ${missing.join(', ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  if (run('apt-get', ['update', '-qq'], { env }) !== 0 || run('apt-get', ['install', '-y', '-qq', ...APT_PACKAGES], { env }) !== 0) {
    console.error(`Could not install ${missing.join(', ')}. Run: ${line}`);
    process.exit(1);
  }
}

const steps = [
  ['typecheck', 'npx', ['tsc', '--noEmit', '-p', 'tsconfig.json']],
  ['lint', 'npx', ['eslint', '.']],
  ['import circles', 'node', ['scripts/import-cycles.mjs']],
  ['unit, station and forms tests', 'npx', ['vitest', 'run']],
  ['renderer build', 'npx', ['vite', 'build', '--logLevel', 'warn']],
  ['e2e (Playwright, /usr/bin/chromium)', 'npx', ['playwright', 'test']],
];
const only = process.argv.slice(2);
for (const [name, cmd, args] of steps) {
  if (only.length > 0 && !only.some((o) => name.startsWith(o))) continue;
  console.log(`\n=== ${name} ===`);
  const started = Date.now();
  const code = run(cmd, args);
  console.log(`=== ${name}: ${code === 0 ? 'ok' : 'FAILED'} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  if (code !== 0) process.exit(code);
}
