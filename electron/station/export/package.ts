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
import { canonicalJson } from '../../../shared/canonical-json.js';
import { fingerprintOfPem, type StationKey } from './keys.js';
import { listFiles, realFs, type PackageFs } from './fs-layer.js';

export const PACKAGE_FORMAT = 'village-election-package/1';
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
}

export interface VerifyOptions {
  fs?: PackageFs;
  /** The fingerprint printed on the signed paper form, when the checker has it. */
  expectedFingerprint?: string;
}

function parseManifest(bytes: Buffer): Manifest | null {
  try {
    const m = JSON.parse(bytes.toString('utf8')) as Partial<Manifest>;
    if (m.format !== PACKAGE_FORMAT || typeof m.electionId !== 'string' || !Array.isArray(m.files) || typeof m.keyFingerprint !== 'string') return null;
    return m as Manifest;
  } catch {
    return null;
  }
}

/** Checks a package folder: every file listed, unchanged, nothing added, and the signature by its station key. */
export function verifyPackage(dir: string, o: VerifyOptions = {}): VerifyResult {
  const fs = o.fs ?? realFs;
  const problems: PackageProblem[] = [];
  const result = (manifest: Manifest | null, files: number): VerifyResult => {
    const first = problems[0];
    const summary = first
      ? `导出包有问题：${first.file}：${first.message}${problems.length > 1 ? `（另有 ${problems.length - 1} 处问题）` : ''}`
      : `导出包完整：${manifest?.township ?? ''}${manifest?.village ?? ''}“${manifest?.title ?? ''}”${manifest?.drill ? '（演练）' : ''}，${files} 个文件未被改动，签名有效，密钥指纹 ${manifest?.keyFingerprint ?? ''}，选举编号 ${manifest?.electionId ?? ''}`;
    return {
      ok: problems.length === 0,
      path: dir,
      electionId: manifest?.electionId ?? null,
      drill: manifest?.drill ?? null,
      keyFingerprint: manifest?.keyFingerprint ?? null,
      files,
      problems,
      summary,
      manifest,
    };
  };
  if (!fs.isDirectory(dir)) {
    problems.push({ file: dir, code: 'NOT_FOUND', message: '找不到这个文件夹' });
    return result(null, 0);
  }
  const at = (f: string): string => path.join(dir, f);
  if (!fs.exists(at(MANIFEST))) {
    problems.push({ file: MANIFEST, code: 'FILE_MISSING', message: '缺少清单文件，这不是完整的导出包' });
    return result(null, 0);
  }
  const manifestBytes = fs.readFile(at(MANIFEST));
  const manifest = parseManifest(manifestBytes);
  if (!manifest) {
    problems.push({ file: MANIFEST, code: 'MANIFEST_INVALID', message: '清单文件格式不对（可能被改动）' });
    return result(null, 0);
  }
  let pem: string | undefined;
  if (!fs.exists(at(PUBLIC_KEY))) problems.push({ file: PUBLIC_KEY, code: 'FILE_MISSING', message: '缺少计票站公钥，无法核对签名' });
  else pem = fs.readFile(at(PUBLIC_KEY)).toString('utf8');
  if (!fs.exists(at(SIGNATURE))) {
    problems.push({ file: SIGNATURE, code: 'FILE_MISSING', message: '缺少签名文件，导出包不完整' });
  } else if (pem !== undefined) {
    let good = false;
    try {
      const sig = Buffer.from(fs.readFile(at(SIGNATURE)).toString('utf8').trim(), 'base64');
      good = verify(null, manifestBytes, createPublicKey(pem), sig);
    } catch {
      good = false;
    }
    if (!good) problems.push({ file: SIGNATURE, code: 'SIGNATURE_BAD', message: '签名核对失败：清单被改动，或签名不是这个计票站的密钥所签' });
  }
  if (pem !== undefined) {
    let fp: string | undefined;
    try {
      fp = fingerprintOfPem(pem);
    } catch {
      problems.push({ file: PUBLIC_KEY, code: 'KEY_INVALID', message: '公钥文件无法读取' });
    }
    if (fp !== undefined && fp !== manifest.keyFingerprint) {
      problems.push({ file: PUBLIC_KEY, code: 'KEY_MISMATCH', message: `公钥指纹 ${fp} 与清单中的 ${manifest.keyFingerprint} 不一致（公钥被替换）` });
    }
    if (fp !== undefined && o.expectedFingerprint !== undefined && fp !== o.expectedFingerprint) {
      problems.push({ file: PUBLIC_KEY, code: 'KEY_NOT_EXPECTED', message: `公钥指纹 ${fp} 与纸质表格上的 ${o.expectedFingerprint} 不一致` });
    }
  }
  const listed = new Set<string>();
  for (const f of manifest.files) {
    listed.add(f.path);
    if (f.path.includes('..') || path.isAbsolute(f.path)) {
      problems.push({ file: f.path, code: 'MANIFEST_INVALID', message: '清单中的文件路径不正确' });
      continue;
    }
    if (!fs.exists(at(f.path))) {
      problems.push({ file: f.path, code: 'FILE_MISSING', message: '文件被删除了' });
      continue;
    }
    const data = fs.readFile(at(f.path));
    if (data.length !== f.size || sha256Hex(data) !== f.sha256) {
      problems.push({ file: f.path, code: 'FILE_CHANGED', message: `内容被改动（大小 ${data.length}，清单记录 ${f.size}；SHA-256 不一致）` });
    }
  }
  for (const f of listFiles(fs, dir)) {
    if (f === MANIFEST || f === SIGNATURE || listed.has(f)) continue;
    problems.push({ file: f, code: 'FILE_ADDED', message: '多出了清单上没有的文件' });
  }
  if (!listed.has(RESULT)) {
    problems.push({ file: RESULT, code: 'FILE_MISSING', message: '清单中没有结果文件' });
  } else if (fs.exists(at(RESULT))) {
    try {
      const r = JSON.parse(fs.readFile(at(RESULT)).toString('utf8')) as { election?: { id?: string }; drill?: boolean };
      if (r.election?.id !== manifest.electionId || r.drill !== manifest.drill) {
        problems.push({ file: RESULT, code: 'RESULT_MISMATCH', message: '结果文件中的选举编号或演练标记与清单不一致' });
      }
    } catch {
      problems.push({ file: RESULT, code: 'RESULT_INVALID', message: '结果文件不是有效的 JSON' });
    }
  }
  return result(manifest, manifest.files.length);
}
