/**
 * The signed package the township receives (design.md "Export to the township"):
 *   result.json  forms/*.pdf  audit.jsonl  station.pub  manifest.json  manifest.sig
 * manifest.json lists every other file with its size and SHA-256 (station.pub included), the
 * election id, the drill flag and the key fingerprint; manifest.sig is Ed25519 over its exact bytes.
 *
 * Writing: everything goes into `.<name>.partial` beside the final folder, each file flushed, the
 * folder read back and verified, and only then renamed to `<name>`. A failure removes the partial
 * folder (manifest.sig first, so even a folder that cannot be removed never looks complete) and
 * says in plain Chinese what happened; nothing on the station changes either way.
 */
import { createHash, createPublicKey, sign, verify } from 'node:crypto';
import path from 'node:path';
import { z } from 'zod';
import { canonicalJson } from '../../../shared/canonical-json.js';
import { formatFingerprint, normaliseFingerprint, sameFingerprint } from '../../../shared/result-qr.js';
import { fingerprintOfPem, type StationKey } from './keys.js';
import { listEntries, realFs, type PackageFs } from './fs-layer.js';
import { checkAuditJsonl, type AuditChainCheck } from './audit-export.js';

/**
 * Format 2 (issue 13): 128-bit key fingerprints, audit.jsonl without full ID numbers (audit.ts
 * formula 2), the township's safe verify. A format-1 package is refused with a plain reason.
 */
export const PACKAGE_FORMAT = 'village-election-package/2';
export const MANIFEST = 'manifest.json';
export const SIGNATURE = 'manifest.sig';
export const PUBLIC_KEY = 'station.pub';
export const RESULT = 'result.json';
export const AUDIT = 'audit.jsonl';

export interface PackageFile {
  /** Forward-slash path inside the package, e.g. "forms/选举结果报告单.pdf". */
  path: string;
  data: Buffer;
}

export interface PackageIdentity {
  electionId: string;
  drill: boolean;
  title: string;
  village: string;
  township: string;
  electionDate: string;
}

export interface Manifest extends PackageIdentity {
  format: string;
  keyFingerprint: string;
  createdAt: string;
  files: { path: string; size: number; sha256: string }[];
}

export const sha256Hex = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

export class ExportError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'ExportError';
  }
}

const MB = (n: number): string => `${Math.max(0.1, Math.round(n / 104857.6) / 10)} MB`;

/** A folder name the common file systems accept (FAT32 on most USB drives). */
export function packageName(id: PackageIdentity): string {
  // eslint-disable-next-line no-control-regex -- control characters are not allowed in file names
  const safe = (s: string): string => s.replace(/[\\/:*?"<>|\u0000-\u001f]/g, '_').trim();
  return `${id.drill ? '演练-' : ''}${safe(id.village)}-${id.electionDate}-${id.electionId.replace(/[^A-Za-z0-9]/g, '').slice(0, 8)}`;
}

export function buildManifest(id: PackageIdentity, files: readonly PackageFile[], key: StationKey, createdAt: string): Buffer {
  const manifest: Manifest = {
    format: PACKAGE_FORMAT,
    ...id,
    keyFingerprint: key.fingerprint,
    createdAt,
    files: [...files].sort((a, b) => (a.path < b.path ? -1 : 1)).map((f) => ({ path: f.path, size: f.data.length, sha256: sha256Hex(f.data) })),
  };
  return Buffer.from(canonicalJson(manifest), 'utf8');
}

/** Maps a file-system error to a stable code and a message a committee member can act on. */
export function exportErrorFrom(e: unknown, fs: PackageFs, target: string, needBytes: number): ExportError {
  if (e instanceof ExportError) return e;
  const code = (e as NodeJS.ErrnoException).code ?? '';
  if (!fs.exists(target) || ['ENODEV', 'ENXIO', 'EIO', 'ENOENT', 'ESTALE'].includes(code)) {
    return new ExportError(
      'EXPORT_DRIVE_REMOVED',
      '写入过程中 U 盘被拔出（或目标文件夹不见了），导出没有完成。本机的选举数据没有任何改变。请重新插好 U 盘，再导出一次。',
      { errno: code },
    );
  }
  if (['EROFS', 'EACCES', 'EPERM'].includes(code)) {
    return new ExportError('EXPORT_READ_ONLY', 'U 盘是只读的（或没有写入权限），不能写入。请检查 U 盘侧面的写保护开关，或换一个 U 盘再导出。', { errno: code });
  }
  if (['ENOSPC', 'EDQUOT', 'EFBIG'].includes(code)) {
    return new ExportError('EXPORT_DISK_FULL', `U 盘空间不够，导出包没有写完（大约需要 ${MB(needBytes)}）。请删掉 U 盘上不需要的文件，或换一个 U 盘再导出。`, {
      errno: code,
      needBytes,
    });
  }
  return new ExportError('EXPORT_FAILED', `写入 U 盘时出错（${code || (e as Error).message}），导出没有完成。本机数据没有改变，请换一个 U 盘再试。`, { errno: code });
}

export interface WriteOptions {
  fs?: PackageFs;
  createdAt?: string;
}

export interface WrittenPackage {
  packagePath: string;
  files: number;
  bytes: number;
}

/** Writes, flushes, reads back, verifies and renames into place; throws ExportError. */
export function writePackage(target: string, id: PackageIdentity, contents: readonly PackageFile[], key: StationKey, o: WriteOptions = {}): WrittenPackage {
  const fs = o.fs ?? realFs;
  if (!fs.isDirectory(target)) {
    throw new ExportError('EXPORT_NO_TARGET', `找不到要写入的 U 盘或文件夹：${target}。请插好 U 盘后点“刷新”，或选择另一个文件夹。`, { target });
  }
  const files: PackageFile[] = [...contents, { path: PUBLIC_KEY, data: Buffer.from(key.publicKeyPem, 'utf8') }];
  const manifest = buildManifest(id, files, key, o.createdAt ?? new Date().toISOString());
  const signature = Buffer.from(sign(null, manifest, key.privateKey).toString('base64'), 'utf8');
  const total = files.reduce((n, f) => n + f.data.length, 0) + manifest.length + signature.length;

  const base = packageName(id);
  let name = base;
  for (let i = 2; fs.exists(path.join(target, name)) || fs.exists(path.join(target, `.${name}.partial`)); i++) name = `${base}-${i}`;
  const finalDir = path.join(target, name);
  const partial = path.join(target, `.${name}.partial`);

  try {
    fs.mkdir(partial);
    const dirs = new Set<string>();
    for (const f of files) {
      const dir = path.dirname(path.join(partial, f.path));
      if (dir !== partial && !dirs.has(dir)) {
        fs.mkdir(dir);
        dirs.add(dir);
      }
      fs.writeFile(path.join(partial, f.path), f.data);
    }
    fs.writeFile(path.join(partial, MANIFEST), manifest);
    // Last: without manifest.sig no folder looks like a complete package.
    fs.writeFile(path.join(partial, SIGNATURE), signature);
    for (const d of dirs) fs.fsyncDir(d);
    fs.fsyncDir(partial);
    const check = verifyPackage(partial, { fs, expectedFingerprint: key.fingerprint });
    if (!check.ok) {
      throw new ExportError('EXPORT_VERIFY_FAILED', `写入后读回核对不一致（${check.summary}）。U 盘可能有问题，请换一个 U 盘再导出。`, { problems: check.problems });
    }
    fs.rename(partial, finalDir);
    fs.fsyncDir(target);
  } catch (e) {
    const err = exportErrorFrom(e, fs, target, total);
    let left = false;
    try {
      if (fs.exists(path.join(partial, SIGNATURE))) fs.rm(path.join(partial, SIGNATURE));
      if (fs.exists(partial)) fs.rm(partial);
      left = fs.exists(partial);
    } catch {
      left = fs.exists(target) && fs.exists(partial);
    }
    if (left) {
      throw new ExportError(err.code, `${err.message}（U 盘上留下了未完成的文件夹“.${name}.partial”，它不是有效的导出包，可以删除。）`, { ...err.details, partial });
    }
    throw err;
  }
  return { packagePath: finalDir, files: files.length + 2, bytes: total };
}

export interface PackageProblem {
  file: string;
  code: string;
  message: string;
}

export interface VerifyResult {
  ok: boolean;
  path: string;
  electionId: string | null;
  drill: boolean | null;
  keyFingerprint: string | null;
  files: number;
  problems: PackageProblem[];
  summary: string;
  manifest: Manifest | null;
  /** SHA-256 of result.json (as listed and checked), when the package is intact. */
  resultSha256: string | null;
  /** result.json parsed, when the package is intact (still to be checked against its schema by the reader). */
  result: unknown;
  /** The recomputed audit chain, when audit.jsonl was reached. */
  audit: AuditChainCheck | null;
}

export interface VerifyOptions {
  fs?: PackageFs;
  /** The fingerprint printed on the signed paper form, when the checker has it (any spacing or case). */
  expectedFingerprint?: string;
}

/**
 * Bounds on what a package may make the verifier read. A real package: a manifest of a few kB, five
 * PDFs of well under a megabyte, result.json of some kB, audit.jsonl of about 1 kB per ballot.
 */
export const LIMITS = {
  manifest: 1024 * 1024,
  signature: 4096,
  publicKey: 8192,
  files: 64,
  result: 16 * 1024 * 1024,
  audit: 256 * 1024 * 1024,
  other: 64 * 1024 * 1024,
  total: 512 * 1024 * 1024,
  entries: 1000,
};

const limitOf = (file: string): number => (file === RESULT ? LIMITS.result : file === AUDIT ? LIMITS.audit : file === PUBLIC_KEY ? LIMITS.publicKey : LIMITS.other);

const ManifestSchema = z.object({
  format: z.string(),
  electionId: z.string().min(1).max(100),
  drill: z.boolean(),
  title: z.string().max(400),
  village: z.string().max(200),
  township: z.string().max(200),
  electionDate: z.string().max(20),
  keyFingerprint: z.string().max(100),
  createdAt: z.string().max(40),
  files: z.array(z.object({ path: z.string().min(1).max(300), size: z.number().int().min(0), sha256: z.string().regex(/^[0-9a-f]{64}$/) })).max(LIMITS.files),
});

/** A listed path: relative, forward slashes, no empty, "." or ".." part, no control or drive characters. */
function badListedPath(p: string): boolean {
  // eslint-disable-next-line no-control-regex -- control characters are never part of a package file name
  if (p.startsWith('/') || p.includes('\\') || /[\u0000-\u001f:]/.test(p)) return true;
  return p.split('/').some((part) => part === '' || part === '.' || part === '..');
}

const MiB = (n: number): string => `${(n / 1048576).toFixed(n < 10 * 1048576 ? 1 : 0)} MB`;

/** A file-system error while reading a package, as a problem naming the file. */
function readProblem(file: string, e: unknown): PackageProblem {
  const code = (e as NodeJS.ErrnoException).code ?? '';
  if (code === 'ENOTREG' || code === 'ELOOP') return { file, code: 'NOT_A_FILE', message: '不是普通文件（是链接、文件夹或设备），拒收' };
  if (code === 'EFBIG') return { file, code: 'FILE_TOO_LARGE', message: '文件大得不正常，拒收（不读取）' };
  return { file, code: 'FILE_UNREADABLE', message: `读不出来（${code || (e as Error).message}），拒收` };
}

/**
 * Checks a package folder, as a township checks a stranger's USB drive:
 *  1. the folder itself is a folder, not a link;
 *  2. manifest.json, station.pub and manifest.sig are regular files of bounded size (lstat first,
 *     then read without following links);
 *  3. the signature is checked against station.pub, and station.pub's fingerprint against the
 *     manifest (and the paper, when given). Nothing else is read before this succeeds;
 *  4. every listed file is a regular file inside the package (no link anywhere on its path), of the
 *     listed size within bounds, and its SHA-256 matches; nothing else is in the folder;
 *  5. result.json names the manifest's election; audit.jsonl's chain is recomputed.
 * Never throws for what is on the drive: every problem is named with the file it concerns.
 */
export function verifyPackage(dir: string, o: VerifyOptions = {}): VerifyResult {
  const fs = o.fs ?? realFs;
  const problems: PackageProblem[] = [];
  let resultSha256: string | null = null;
  let result: unknown = null;
  let audit: AuditChainCheck | null = null;
  const done = (manifest: Manifest | null, files: number): VerifyResult => {
    const first = problems[0];
    const ok = problems.length === 0;
    const summary = first
      ? `导出包有问题：${first.file}：${first.message}${problems.length > 1 ? `（另有 ${problems.length - 1} 处问题）` : ''}`
      : `导出包完整：${manifest?.township ?? ''}${manifest?.village ?? ''}“${manifest?.title ?? ''}”${manifest?.drill ? '（演练）' : ''}，${files} 个文件未被改动，签名有效，审计日志 ${audit?.events ?? 0} 条前后相接${audit && audit.legacy > 0 ? `（其中 ${audit.legacy} 条为旧格式，只核对了顺序和衔接）` : ''}，密钥指纹 ${formatFingerprint(manifest?.keyFingerprint ?? '')}，选举编号 ${manifest?.electionId ?? ''}`;
    return {
      ok,
      path: dir,
      electionId: manifest?.electionId ?? null,
      drill: manifest?.drill ?? null,
      keyFingerprint: manifest ? formatFingerprint(manifest.keyFingerprint) : null,
      files,
      problems,
      summary,
      manifest,
      resultSha256: ok ? resultSha256 : null,
      result: ok ? result : null,
      audit,
    };
  };
  const at = (f: string): string => path.join(dir, ...f.split('/'));
  /** A small file the verifier must read before trusting anything: regular, bounded. */
  const readSmall = (f: string, max: number, missing: string): Buffer | null => {
    try {
      const e = fs.entry(at(f));
      if (!e) {
        problems.push({ file: f, code: 'FILE_MISSING', message: missing });
        return null;
      }
      if (e.kind !== 'file') {
        problems.push({ file: f, code: 'NOT_A_FILE', message: e.kind === 'link' ? '是一个链接（快捷方式），不是导出包里的文件，拒收' : '不是普通文件，拒收' });
        return null;
      }
      if (e.size > max) {
        problems.push({ file: f, code: 'FILE_TOO_LARGE', message: `有 ${MiB(e.size)}，大得不正常，拒收（不读取）` });
        return null;
      }
      return fs.readFile(at(f), max);
    } catch (err) {
      problems.push(readProblem(f, err));
      return null;
    }
  };

  try {
    const root = fs.entry(dir);
    if (!root) {
      problems.push({ file: dir, code: 'NOT_FOUND', message: '找不到这个文件夹' });
      return done(null, 0);
    }
    if (root.kind !== 'dir') {
      problems.push({ file: dir, code: 'NOT_A_FOLDER', message: root.kind === 'link' ? '是一个链接（快捷方式），不是导出包文件夹，拒收' : '不是文件夹' });
      return done(null, 0);
    }
    const manifestBytes = readSmall(MANIFEST, LIMITS.manifest, '缺少清单文件，这不是完整的导出包');
    if (!manifestBytes) return done(null, 0);
    let manifest: Manifest;
    try {
      const raw = JSON.parse(manifestBytes.toString('utf8')) as { format?: unknown };
      if (raw.format !== PACKAGE_FORMAT) {
        problems.push({
          file: MANIFEST,
          code: 'FORMAT_UNSUPPORTED',
          message: typeof raw.format === 'string' && raw.format.startsWith('village-election-package/') ? `是旧版本程序导出的（${raw.format}），请村里用新版本程序重新导出` : '不是本程序的导出包清单',
        });
        return done(null, 0);
      }
      manifest = ManifestSchema.parse(raw);
    } catch {
      problems.push({ file: MANIFEST, code: 'MANIFEST_INVALID', message: '清单文件格式不对（可能被改动）' });
      return done(null, 0);
    }
    // 3. signature first: until it holds, nothing the manifest says is believed.
    const pemBytes = readSmall(PUBLIC_KEY, LIMITS.publicKey, '缺少计票站公钥，无法核对签名');
    const sigBytes = readSmall(SIGNATURE, LIMITS.signature, '缺少签名文件，导出包不完整');
    if (!pemBytes || !sigBytes) return done(manifest, 0);
    const pem = pemBytes.toString('utf8');
    let fp: string;
    let good = false;
    try {
      fp = fingerprintOfPem(pem);
      good = verify(null, manifestBytes, createPublicKey(pem), Buffer.from(sigBytes.toString('utf8').trim(), 'base64'));
    } catch {
      problems.push({ file: PUBLIC_KEY, code: 'KEY_INVALID', message: '公钥文件无法读取' });
      return done(manifest, 0);
    }
    if (!good) {
      problems.push({ file: SIGNATURE, code: 'SIGNATURE_BAD', message: '签名核对失败：清单被改动，或签名不是这个计票站的密钥所签' });
      return done(manifest, 0);
    }
    if (!sameFingerprint(fp, manifest.keyFingerprint)) {
      problems.push({ file: PUBLIC_KEY, code: 'KEY_MISMATCH', message: `公钥指纹 ${fp} 与清单中的 ${manifest.keyFingerprint} 不一致（公钥被替换）` });
      return done(manifest, 0);
    }
    if (o.expectedFingerprint !== undefined && !sameFingerprint(fp, o.expectedFingerprint)) {
      const given = normaliseFingerprint(o.expectedFingerprint);
      problems.push({
        file: PUBLIC_KEY,
        code: 'KEY_NOT_EXPECTED',
        message: `公钥指纹 ${fp} 与纸质表格上的 ${given ? formatFingerprint(given) : o.expectedFingerprint} 不一致`,
      });
    }

    // 4. the listed files, each a regular file inside the package, bounded, unchanged.
    const listed = new Set<string>([MANIFEST, SIGNATURE]);
    let total = 0;
    const bodies = new Map<string, Buffer>();
    for (const f of manifest.files) {
      if (badListedPath(f.path) || listed.has(f.path)) {
        problems.push({ file: f.path, code: 'MANIFEST_INVALID', message: '清单中的文件路径不正确' });
        continue;
      }
      listed.add(f.path);
      const parts = f.path.split('/');
      // every folder on the way must be a real folder inside the package, not a link out of it
      let wayOk = true;
      for (let k = 1; k < parts.length && wayOk; k++) {
        const sub = parts.slice(0, k).join('/');
        const e = fs.entry(at(sub));
        if (e && e.kind !== 'dir') {
          problems.push({ file: sub, code: 'NOT_A_FOLDER', message: e.kind === 'link' ? '是一个链接（快捷方式），不是文件夹，拒收' : '应是文件夹，却不是' });
          wayOk = false;
        }
      }
      if (!wayOk) continue;
      const e = fs.entry(at(f.path));
      if (!e) {
        problems.push({ file: f.path, code: 'FILE_MISSING', message: '文件被删除了' });
        continue;
      }
      if (e.kind !== 'file') {
        problems.push({
          file: f.path,
          code: 'NOT_A_FILE',
          message: e.kind === 'dir' ? '清单上是文件，这里却是一个文件夹，拒收' : e.kind === 'link' ? '是一个链接（快捷方式），不是导出包里的文件，拒收' : '不是普通文件（设备或管道），拒收',
        });
        continue;
      }
      const max = limitOf(f.path);
      if (e.size > max || f.size > max) {
        problems.push({ file: f.path, code: 'FILE_TOO_LARGE', message: `有 ${MiB(Math.max(e.size, f.size))}，大得不正常（这类文件最多 ${MiB(max)}），拒收（不读取）` });
        continue;
      }
      if (e.size !== f.size) {
        problems.push({ file: f.path, code: 'FILE_CHANGED', message: `内容被改动（大小 ${e.size}，清单记录 ${f.size}）` });
        continue;
      }
      total += e.size;
      if (total > LIMITS.total) {
        problems.push({ file: f.path, code: 'FILE_TOO_LARGE', message: `导出包总大小超过 ${MiB(LIMITS.total)}，大得不正常，拒收` });
        break;
      }
      let data: Buffer;
      try {
        data = f.path === PUBLIC_KEY ? pemBytes : fs.readFile(at(f.path), max);
      } catch (err) {
        problems.push(readProblem(f.path, err));
        continue;
      }
      if (data.length !== f.size || sha256Hex(data) !== f.sha256) {
        problems.push({ file: f.path, code: 'FILE_CHANGED', message: `内容被改动（大小 ${data.length}，清单记录 ${f.size}；SHA-256 不一致）` });
        continue;
      }
      if (f.path === RESULT || f.path === AUDIT) bodies.set(f.path, data);
      if (f.path === RESULT) resultSha256 = f.sha256;
    }
    if (!manifest.files.some((f) => f.path === PUBLIC_KEY)) problems.push({ file: PUBLIC_KEY, code: 'MANIFEST_INVALID', message: '清单中没有列出公钥' });
    const walked = listEntries(fs, dir, { maxEntries: LIMITS.entries });
    for (const e of walked.entries) {
      if (listed.has(e.path)) continue; // listed: checked (and named, if it is not a file) above
      if (e.kind === 'dir') {
        if (![...listed].some((l) => l.startsWith(`${e.path}/`))) problems.push({ file: e.path, code: 'FILE_ADDED', message: '多出了清单上没有的文件夹' });
        continue;
      }
      problems.push({
        file: e.path,
        code: e.kind === 'file' ? 'FILE_ADDED' : 'NOT_A_FILE',
        message: e.kind === 'file' ? '多出了清单上没有的文件' : e.kind === 'link' ? '多出了一个链接（快捷方式），拒收' : '多出了一个不是普通文件的东西（设备或管道），拒收',
      });
    }
    if (walked.truncated) problems.push({ file: dir, code: 'TOO_MANY_FILES', message: '文件夹里的文件或层级多得不正常，拒收' });

    // 5. what the files say, now that they are known to be the signed ones.
    const resultBytes = bodies.get(RESULT);
    if (!manifest.files.some((f) => f.path === RESULT)) {
      problems.push({ file: RESULT, code: 'FILE_MISSING', message: '清单中没有结果文件' });
    } else if (resultBytes) {
      try {
        const r = JSON.parse(resultBytes.toString('utf8')) as { election?: { id?: string }; drill?: boolean };
        if (r.election?.id !== manifest.electionId || r.drill !== manifest.drill) {
          problems.push({ file: RESULT, code: 'RESULT_MISMATCH', message: '结果文件中的选举编号或演练标记与清单不一致' });
        }
        result = r;
      } catch {
        problems.push({ file: RESULT, code: 'RESULT_INVALID', message: '结果文件不是有效的 JSON' });
      }
    }
    const auditBytes = bodies.get(AUDIT);
    if (!manifest.files.some((f) => f.path === AUDIT)) {
      problems.push({ file: AUDIT, code: 'FILE_MISSING', message: '清单中没有审计日志' });
    } else if (auditBytes) {
      audit = checkAuditJsonl(auditBytes);
      for (const m of audit.problems) problems.push({ file: AUDIT, code: 'AUDIT_CHAIN_BROKEN', message: m });
    }
    // every file of the package, as export.write counts them: those the manifest lists, and the
    // manifest and its signature (issue 10: the two numbers a clerk compares must agree)
    return done(manifest, manifest.files.length + 2);
  } catch (err) {
    // A folder that cannot be listed or read at all: named, never a crash of the whole batch.
    problems.push(readProblem(dir, err));
    return done(null, 0);
  }
}
