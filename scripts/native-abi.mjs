// The Node ABI a native addon was built for, read from the binary itself, and Electron's.
// A NAN addon (better-sqlite3) exports `node_register_module_v<ABI>` (ELF, PE and Mach-O alike keep
// the name as plain text); Electron states its ABI in node_modules/electron/abi_version. Used by
// scripts/build-electron-native.mjs to refuse a build made against the wrong headers (issue 12).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);

/** The ABI numbers a binary registers for (usually one), from its `node_register_module_vNNN` symbols. */
export function binaryAbis(file) {
  const text = readFileSync(file).toString('latin1');
  return [...new Set([...text.matchAll(/node_register_module_v(\d+)/g)].map((m) => Number(m[1])))];
}

/** Electron's Node ABI (node_modules/electron/abi_version), e.g. 150 for Electron 45. */
export function electronAbi() {
  const file = path.join(path.dirname(require.resolve('electron/package.json')), 'abi_version');
  const abi = Number(readFileSync(file, 'utf8').trim());
  if (!Number.isInteger(abi)) throw new Error(`${file} does not hold an ABI number`);
  return abi;
}

/** null when the binary is for `expected`, else one sentence saying what it is and what it should be. */
export function abiProblem(file, expected) {
  const found = binaryAbis(file);
  if (found.length === 1 && found[0] === expected) return null;
  const what = found.length === 0 ? '找不到 node_register_module_v 符号（不是按 Node 模块编译的）' : `是为 ABI ${found.join('、')} 编译的`;
  return `${path.basename(file)} ${what}，而 Electron 需要 ABI ${expected}：这个文件在打包的程序里打不开任何选举，已拒绝使用（多半是编译时继承了 npm 的 nodedir，用了 Node 自己的头文件）。`;
}

/**
 * The environment for node-gyp building for Electron: npm's nodedir (this machine's Node headers)
 * must not reach it, or node-gyp quietly builds for Node's ABI instead of Electron's.
 */
export function electronBuildEnv(env) {
  const out = { ...env };
  for (const k of Object.keys(out)) if (/^npm_config_(nodedir|target|runtime|disturl|dist_url)$/i.test(k)) delete out[k];
  return out;
}
