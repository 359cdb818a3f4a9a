/**
 * The township's commands (shared/contract/township.ts), answered by the workspace with the key
 * register kept in its folder. Also the functions `cli township` uses, so the page and the CLI do the
 * same thing with the same register format.
 */
import path from 'node:path';
import type { z } from 'zod';
import { fail, ok, type Result } from '../../../shared/result.js';
import { formatFingerprint, parseKeyText, sameFingerprint } from '../../../shared/result-qr.js';
import type { townshipContract } from '../../../shared/contract/township.js';
import { realFs } from '../export/fs-layer.js';
import { MANIFEST, verifyPackage } from '../export/package.js';
import { ResultFileSchema } from '../export/result-json.js';
import { appendRegister, bodyKey, HOW_LABELS, KindSchema, loadRegister, normName, registerFingerprint, RegisterError, REGISTER_FILE, type Kind, type Register } from './register.js';
import { importPackages, KIND_LABELS } from './township.js';
import { tableCsv, tableXlsx } from './table.js';

type C = typeof townshipContract;
type In<K extends keyof C> = z.output<C[K]['input']>;
type Out<K extends keyof C> = z.input<C[K]['output']>;

export const registerFileIn = (root: string): string => path.join(root, 'township', REGISTER_FILE);

/** The package among `paths` that the scanned paper belongs to: same election and, preferably, the paper's key. */
function packageOfPaper(paths: readonly string[], electionId: string, fingerprint: string): { path: string; township: string; village: string; kind: Kind; resultSha256: string | null; sameKey: boolean } | null {
  let fallback: ReturnType<typeof packageOfPaper> = null;
  for (const p of paths) {
    let m: { electionId?: unknown; keyFingerprint?: unknown };
    try {
      const e = realFs.entry(path.join(p, MANIFEST));
      if (!e || e.kind !== 'file' || e.size > 1024 * 1024) continue;
      m = JSON.parse(realFs.readFile(path.join(p, MANIFEST), 1024 * 1024).toString('utf8')) as typeof m;
    } catch {
      continue;
    }
    if (m.electionId !== electionId) continue;
    const v = verifyPackage(p);
    if (!v.ok) continue;
    const r = ResultFileSchema.safeParse(v.result);
    if (!r.success) continue;
    const found = {
      path: p,
      township: r.data.election.township,
      village: r.data.election.village,
      kind: r.data.election.kind,
      resultSha256: v.resultSha256,
      sameKey: sameFingerprint(v.keyFingerprint ?? '', fingerprint),
    };
    if (found.sameKey) return found;
    fallback ??= found;
  }
  return fallback;
}

export interface AddKeyInput {
  text: string;
  by: string;
  township?: string | undefined;
  village?: string | undefined;
  kind?: string | undefined;
  paths?: readonly string[] | undefined;
  another?: boolean | undefined;
  at?: string;
}

/** Registers a village's key from its paper (and records the paper); the page's and the CLI's one path. */
export function addKey(file: string, input: AddKeyInput): Result<Out<'township.addKey'>> {
  const parsed = parseKeyText(input.text);
  if (!parsed.ok) return fail(parsed.code, parsed.message);
  const register = loadRegister(file);
  const at = input.at ?? new Date().toISOString();
  const warnings: { code: string; message: string }[] = [];
  const fingerprint = parsed.kind === 'qr' ? parsed.qr.fingerprint : parsed.fingerprint;
  let township = input.township?.trim() ?? '';
  let village = input.village?.trim() ?? '';
  let kind: Kind | undefined = KindSchema.safeParse(input.kind).data;
  if (parsed.kind === 'qr' && (township === '' || village === '' || kind === undefined)) {
    const pkg = packageOfPaper(input.paths ?? [], parsed.qr.electionId, fingerprint);
    if (pkg) {
      township = pkg.township;
      village = pkg.village;
      kind = pkg.kind;
      if (!pkg.sameKey) warnings.push({ code: 'PACKAGE_OTHER_KEY', message: `导出包 ${pkg.path} 的密钥与这张报告单上的不一致：该包会被拒收。` });
      if (pkg.resultSha256 !== null && pkg.resultSha256 !== parsed.qr.resultSha256) {
        warnings.push({ code: 'PAPER_MISMATCH', message: `这张报告单的结果哈希与导出包 ${pkg.path} 的 result.json 不一致：该包会被拒收，请核对是不是最终的报告单。` });
      }
    }
  }
  if (township === '' || village === '' || kind === undefined) {
    return fail(
      'VILLAGE_REQUIRED',
      parsed.kind === 'qr'
        ? '在导入的导出包中没有找到这张报告单对应的选举。请先导入这个村的导出包；或填写报告单上的乡镇、村和选举类别，再扫描一次。'
        : '手工输入密钥指纹时，请同时填写报告单上的乡镇、村和选举类别（村委会或党组织）。',
    );
  }
  const body = `${township}${village}${KIND_LABELS[kind] ?? kind}`;
  const existing = register.keys.get(bodyKey(township, village, kind)) ?? [];
  const already = existing.find((k) => k.fingerprint === fingerprint);
  const others = existing.filter((k) => k.fingerprint !== fingerprint);
  if (!already && others.length > 0 && !input.another) {
    return fail(
      'KEY_DIFFERS',
      `${body}已登记了另一个密钥 ${others.map((k) => formatFingerprint(k.fingerprint)).join('、')}（${others[0]?.by ?? ''}登记），这张报告单上的是 ${formatFingerprint(fingerprint)}。如果该村确实用了另一台计票站，请勾选“该村另用了一台计票站”再登记；否则这张报告单或那个密钥有问题，请核实。`,
      { registered: others.map((k) => formatFingerprint(k.fingerprint)), given: formatFingerprint(fingerprint) },
    );
  }
  const how = parsed.kind === 'qr' ? 'qr' : 'typed';
  if (!already) appendRegister(file, { type: 'key', at, by: input.by, township, village, kind, fingerprint, how });
  let paper: { electionId: string; resultSha256: string } | null = null;
  if (parsed.kind === 'qr') {
    appendRegister(file, { type: 'paper', at, by: input.by, fingerprint, electionId: parsed.qr.electionId, resultSha256: parsed.qr.resultSha256 });
    paper = { electionId: parsed.qr.electionId, resultSha256: parsed.qr.resultSha256 };
  }
  const key = already ?? { township, village, kind, fingerprint, at, by: input.by, how };
  return ok({
    key: { ...key, kindLabel: KIND_LABELS[key.kind] ?? key.kind, fingerprint: formatFingerprint(key.fingerprint), how: HOW_LABELS[key.how] },
    paper,
    message: `${already ? '密钥早已登记' : '已登记'}：${body}的计票站密钥 ${formatFingerprint(fingerprint)}（${HOW_LABELS[how]}，核对人 ${input.by}）${paper ? `；纸质报告单已记录（结果哈希 ${paper.resultSha256.slice(0, 16)}…）` : ''}。`,
    warnings,
  });
}

export function revokeKey(file: string, input: In<'township.revokeKey'> & { at?: string }): Result<Out<'township.revokeKey'>> {
  const fingerprint = registerFingerprint(input.fingerprint);
  const register = loadRegister(file);
  const keys = register.keys.get(bodyKey(input.township, input.village, input.kind)) ?? [];
  const body = `${input.township}${input.village}${KIND_LABELS[input.kind] ?? input.kind}`;
  if (!keys.some((k) => k.fingerprint === fingerprint)) return fail('KEY_NOT_REGISTERED', `${body}没有登记过密钥 ${formatFingerprint(fingerprint)}。`);
  appendRegister(file, { type: 'revoke', at: input.at ?? new Date().toISOString(), by: input.by, township: input.township, village: input.village, kind: input.kind, fingerprint, reason: input.reason });
  return ok({ message: `已撤销${body}的密钥 ${formatFingerprint(fingerprint)}（原因：${input.reason}）。该密钥签名的导出包不再计入。` });
}

export function choose(file: string, input: In<'township.choose'> & { at?: string }): Result<Out<'township.choose'>> {
  appendRegister(file, {
    type: 'choose',
    at: input.at ?? new Date().toISOString(),
    by: input.by,
    township: input.township,
    village: input.village,
    kind: input.kind,
    electionId: input.electionId,
    reason: input.reason,
  });
  return ok({ message: `已选定：${input.township}${input.village}${KIND_LABELS[input.kind] ?? input.kind}以选举编号 ${input.electionId} 为准（${input.reason}），另一次选举不计入。` });
}

function registerView(file: string, r: Register): Out<'township.register'> {
  return {
    file,
    keys: [...r.keys.values()].flat().map((k) => ({ ...k, kindLabel: KIND_LABELS[k.kind] ?? k.kind, fingerprint: formatFingerprint(k.fingerprint), how: HOW_LABELS[k.how] })),
    papers: r.papers.map((p) => ({ ...p, fingerprint: formatFingerprint(p.fingerprint) })),
    choices: [...r.choices.values()],
  };
}

function findPackages(folder: string): Out<'township.find'> | null {
  const root = path.resolve(folder);
  const top = realFs.entry(root);
  if (!top || top.kind !== 'dir') return null;
  const found: string[] = [];
  const look = (dir: string, depth: number): void => {
    const m = realFs.entry(path.join(dir, MANIFEST));
    if (m) {
      found.push(dir);
      return;
    }
    if (depth >= 2) return;
    let names: { name: string; kind: string }[];
    try {
      names = realFs.readdir(dir).sort((a, b) => (a.name < b.name ? -1 : 1));
    } catch {
      return;
    }
    for (const n of names) {
      if (n.name.startsWith('.') || found.length >= 1000) continue;
      // a link is listed as a candidate only if it is itself a package folder: never walked into
      if (n.kind === 'dir') look(path.join(dir, n.name), depth + 1);
      else if (n.kind === 'link' && realFs.entry(path.join(dir, n.name, MANIFEST))) found.push(path.join(dir, n.name));
    }
  };
  look(root, 0);
  return {
    packages: found,
    message: found.length === 0 ? `在“${root}”里没有找到导出包（含 manifest.json 的文件夹）。` : `找到 ${found.length} 个导出包。`,
  };
}

type Handlers = { [K in keyof C]: (input: In<K>) => Result<Out<K>> };

/** The workspace's township handlers, with the register in `root`/township/. */
export function townshipHandlers(root: string, now: () => Date = () => new Date()): Handlers {
  const file = registerFileIn(root);
  const guard = <T>(fn: () => Result<T>): Result<T> => {
    try {
      return fn();
    } catch (e) {
      if (e instanceof RegisterError) return fail(e.code, e.message);
      throw e;
    }
  };
  const report = (input: { paths: string[]; drill?: boolean | undefined }) => importPackages(input.paths, { drill: input.drill ?? false, register: loadRegister(file) });
  return {
    'township.import': (input) => guard(() => {
      const t = report(input);
      return ok({ ...t, csv: tableCsv(t) });
    }),
    'township.xlsx': (input) => guard(() => {
      const t = report(input);
      const buf = tableXlsx(t);
      const day = now().toISOString().slice(0, 10);
      const name = t.townships.length === 1 ? (t.townships[0] ?? '') : t.townships.length > 1 ? '多个乡镇' : '乡镇';
      return ok({ fileName: `${name}${t.drill ? '演练' : ''}汇总-${day}.xlsx`, dataBase64: buf.toString('base64'), bytes: buf.length, villages: t.villages.length });
    }),
    'township.find': (input) => {
      const r = findPackages(input.folder);
      return r ? ok(r) : fail('FOLDER_NOT_FOUND', `找不到文件夹“${input.folder}”。请确认 U 盘已插好、路径写对了。`);
    },
    'township.register': () => guard(() => ok(registerView(file, loadRegister(file)))),
    'township.addKey': (input) => guard(() => addKey(file, { ...input, at: now().toISOString() })),
    'township.revokeKey': (input) => guard(() => revokeKey(file, { ...input, at: now().toISOString() })),
    'township.choose': (input) => guard(() => choose(file, { ...input, at: now().toISOString() })),
  };
}

export { normName };
