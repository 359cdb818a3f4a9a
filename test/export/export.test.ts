/**
 * The signed USB package: export then verify; every kind of tampering caught; each drive failure
 * (no drive, read-only, full, pulled out mid-write) simulated through the injectable fs layer,
 * leaving no package that looks complete and nothing changed on the station; the CLI (the township's
 * states are tested in township.test.ts).
 */
import { execFile } from 'node:child_process';
import { generateKeyPairSync, sign } from 'node:crypto';
import { appendFileSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportElection } from '../../electron/station/export/export.js';
import { loadOrCreateStationKey } from '../../electron/station/export/keys.js';
import { openStation } from '../../electron/station/index.js';
import { fsError, realFs, type PackageFs } from '../../electron/station/export/fs-layer.js';
import { ExportError, verifyPackage } from '../../electron/station/export/package.js';
import { parseLsblk, parseWindowsVolumes } from '../../electron/station/export/drives.js';
import { buildResultQr } from '../../shared/result-qr.js';
import { cleanup, ok, tempDir, villageElection, type Fixture } from '../forms/helpers.js';

const run = promisify(execFile);
let village: Fixture;
let usb: string;
let pkg: string;
let written: { packagePath: string; files: number };

beforeAll(() => {
  village = villageElection();
  usb = tempDir('usb-');
  written = ok(village.s, 'export.write', { target: usb });
  pkg = written.packagePath;
});
afterAll(cleanup);

function copyOf(dir: string): string {
  const to = path.join(tempDir('pkgcopy-'), path.basename(dir));
  cpSync(dir, to, { recursive: true });
  return to;
}

const head = (f: Fixture) => ok(f.s, 'audit.list', { limit: 1 }).head;

describe('export then verify', () => {
  it('export and verify count the same files: every file in the package folder (issue 10)', () => {
    const onDisk = (dir: string): number => readdirSync(dir, { withFileTypes: true }).reduce((n, e) => n + (e.isDirectory() ? onDisk(path.join(dir, e.name)) : 1), 0);
    const v = ok(village.s, 'export.verify', { path: pkg });
    expect(v.ok).toBe(true);
    expect(written.files).toBe(onDisk(pkg));
    expect(v.files).toBe(written.files);
    expect(v.summary).toContain(`${written.files} 个文件未被改动`);
  });

  it('writes result.json, forms, audit.jsonl, manifest, signature and public key; verify passes', () => {
    const files = readdirSync(pkg).sort();
    expect(files).toEqual(['audit.jsonl', 'forms', 'manifest.json', 'manifest.sig', 'result.json', 'station.pub']);
    expect(readdirSync(path.join(pkg, 'forms')).sort()).toEqual(['委托投票名单.pdf', '当选证书.pdf', '选举结果公告.pdf', '选举结果报告单.pdf', '选票统计表.pdf']);
    const manifest = JSON.parse(readFileSync(path.join(pkg, 'manifest.json'), 'utf8')) as Record<string, unknown>;
    const e = ok(village.s, 'election.get', {});
    expect(manifest).toMatchObject({ electionId: e.id, drill: false, keyFingerprint: ok(village.s, 'export.keyInfo', {}).keyFingerprint });
    expect(typeof manifest.createdAt).toBe('string');
    const audit = readFileSync(path.join(pkg, 'audit.jsonl'), 'utf8').trim().split('\n');
    // every audit event up to the export (the export's own event follows it)
    expect(audit.length).toBe(head(village).seq - 1);
    expect((JSON.parse(audit[0] ?? '{}') as { event: unknown }).event).toMatchObject({ seq: 1, command: 'election.create' });
    const v = verifyPackage(pkg);
    expect(v.problems).toEqual([]);
    expect(v.ok).toBe(true);
    expect(ok(village.s, 'export.verify', { path: pkg }).ok).toBe(true);
    // the QR on the printed forms vouches for exactly this result.json
    expect(ok(village.s, 'forms.render', { form: 'result_report' }).resultSha256).toBe(
      (JSON.parse(readFileSync(path.join(pkg, 'manifest.json'), 'utf8')) as { files: { path: string; sha256: string }[] }).files.find((f) => f.path === 'result.json')?.sha256,
    );
  });

  it('a second export beside the first gets its own folder; the first is never overwritten', () => {
    const second = ok(village.s, 'export.write', { target: usb }).packagePath;
    expect(second).not.toBe(pkg);
    expect(verifyPackage(pkg).ok).toBe(true);
    expect(verifyPackage(second).ok).toBe(true);
  });

  it('refuses to export before any round is confirmed (EXPORT_NOTHING_CONFIRMED), writing nothing', () => {
    const s = openStation(tempDir('fresh-'), { backups: false });
    ok(s, 'election.create', { kind: 'villagers_committee', village: '新村', township: '清河镇', electionDate: '2026-03-15', drill: false });
    const target = tempDir('usb-');
    const r = s.call('export.write', { target });
    s.close();
    expect(r.ok ? '' : r.error.code).toBe('EXPORT_NOTHING_CONFIRMED');
    expect(readdirSync(target)).toEqual([]);
  });
});

describe('tampering is caught', () => {
  const problem = (dir: string) => {
    const v = verifyPackage(dir);
    expect(v.ok).toBe(false);
    return v.problems;
  };

  it('a changed file', () => {
    const d = copyOf(pkg);
    const r = readFileSync(path.join(d, 'result.json'), 'utf8').replace('"participants":30', '"participants":31');
    writeFileSync(path.join(d, 'result.json'), r);
    expect(problem(d)).toContainEqual(expect.objectContaining({ file: 'result.json', code: 'FILE_CHANGED' }));
  });

  it('a changed form', () => {
    const d = copyOf(pkg);
    appendFileSync(path.join(d, 'forms', '选举结果报告单.pdf'), '%');
    expect(problem(d)).toContainEqual(expect.objectContaining({ file: 'forms/选举结果报告单.pdf', code: 'FILE_CHANGED' }));
  });

  it('an added file', () => {
    const d = copyOf(pkg);
    writeFileSync(path.join(d, 'forms', 'extra.pdf'), 'x');
    expect(problem(d)).toEqual([expect.objectContaining({ file: 'forms/extra.pdf', code: 'FILE_ADDED' })]);
  });

  it('a removed file', () => {
    const d = copyOf(pkg);
    unlinkSync(path.join(d, 'audit.jsonl'));
    expect(problem(d)).toEqual([expect.objectContaining({ file: 'audit.jsonl', code: 'FILE_MISSING' })]);
  });

  it('a bad signature, and a manifest edited to match a changed file', () => {
    const d = copyOf(pkg);
    const sig = Buffer.from(readFileSync(path.join(d, 'manifest.sig'), 'utf8'), 'base64');
    sig[0] = (sig[0] ?? 0) ^ 0xff;
    writeFileSync(path.join(d, 'manifest.sig'), sig.toString('base64'));
    expect(problem(d)).toEqual([expect.objectContaining({ file: 'manifest.sig', code: 'SIGNATURE_BAD' })]);
    const d2 = copyOf(pkg);
    writeFileSync(path.join(d2, 'manifest.json'), readFileSync(path.join(d2, 'manifest.json'), 'utf8').replace('"drill":false', '"drill":true'));
    expect(problem(d2).map((p) => p.code)).toContain('SIGNATURE_BAD');
  });

  it('a swapped key: another key re-signs the manifest and replaces station.pub', () => {
    const d = copyOf(pkg);
    const other = generateKeyPairSync('ed25519');
    writeFileSync(path.join(d, 'station.pub'), other.publicKey.export({ format: 'pem', type: 'spki' }));
    writeFileSync(path.join(d, 'manifest.sig'), sign(null, readFileSync(path.join(d, 'manifest.json')), other.privateKey).toString('base64'));
    // the signature holds for the new key, but the manifest names the old key's fingerprint
    expect(problem(d).map((p) => p.code)).toEqual(['KEY_MISMATCH']);
    // and against the fingerprint printed on the paper form
    const fp = loadOrCreateStationKey(village.keyDir).fingerprint;
    expect(verifyPackage(pkg, { expectedFingerprint: fp }).ok).toBe(true);
    expect(verifyPackage(pkg, { expectedFingerprint: '0000 0000 0000 0000' }).problems[0]?.code).toBe('KEY_NOT_EXPECTED');
  });
});

describe('drive failures (simulated through the fs layer) leave no complete-looking package and change nothing on the station', () => {
  /** Nothing under the target folder except what was there before. */
  const leftovers = (target: string): string[] => readdirSync(target);

  function expectFailure(fs: PackageFs, target: string, code: string): ExportError {
    const before = head(village);
    let caught: unknown;
    try {
      exportElection(village.s, target, { fs, keyDir: village.keyDir });
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(ExportError);
    const err = caught as ExportError;
    expect(err.code).toBe(code);
    expect(err.message).toMatch(/[\u4e00-\u9fff]/);
    expect(head(village)).toEqual(before);
    if (existsSync(target)) {
      for (const n of leftovers(target)) {
        expect(n.endsWith('.partial')).toBe(true);
        expect(existsSync(path.join(target, n, 'manifest.sig'))).toBe(false);
      }
    }
    return err;
  }

  it('no drive: the target folder does not exist (EXPORT_NO_TARGET), through the command too', () => {
    const missing = path.join(tempDir('gone-'), 'not-here');
    expectFailure(realFs, missing, 'EXPORT_NO_TARGET');
    const before = head(village);
    const r = village.s.call('export.write', { target: missing });
    expect(r.ok ? '' : r.error.code).toBe('EXPORT_NO_TARGET');
    expect(head(village)).toEqual(before);
  });

  it('read-only drive (EROFS, and EACCES on a folder without write permission)', () => {
    for (const errno of ['EROFS', 'EACCES']) {
      const target = tempDir('ro-');
      const fs: PackageFs = { ...realFs, mkdir: () => { throw fsError(errno); }, writeFile: () => { throw fsError(errno); } };
      const e = expectFailure(fs, target, 'EXPORT_READ_ONLY');
      expect(e.message).toContain('只读');
      expect(leftovers(target)).toEqual([]);
    }
  });

  it('full drive: ENOSPC after 200 kB', () => {
    const target = tempDir('full-');
    let written = 0;
    const fs: PackageFs = {
      ...realFs,
      writeFile: (p, data) => {
        if (written + data.length > 200_000) {
          realFs.writeFile(p, data.subarray(0, 200_000 - written));
          written = 200_000;
          throw fsError('ENOSPC', 'no space left on device');
        }
        written += data.length;
        realFs.writeFile(p, data);
      },
    };
    const e = expectFailure(fs, target, 'EXPORT_DISK_FULL');
    expect(e.message).toContain('空间不够');
    expect(leftovers(target)).toEqual([]);
  });

  it('a full drive whose partial folder cannot be removed keeps the .partial name and no manifest.sig', () => {
    const target = tempDir('full2-');
    let n = 0;
    const fs: PackageFs = {
      ...realFs,
      writeFile: (p, data) => {
        if (++n > 3) throw fsError('ENOSPC');
        realFs.writeFile(p, data);
      },
      rm: (p) => {
        if (p.endsWith('.partial')) throw fsError('EIO');
        realFs.rm(p);
      },
    };
    const e = expectFailure(fs, target, 'EXPORT_DISK_FULL');
    expect(e.message).toContain('.partial');
    expect(leftovers(target).length).toBe(1);
  });

  it('drive pulled out mid-write: the target folder disappears after two files', () => {
    const target = path.join(tempDir('pulled-'), 'USB');
    mkdirSync(target);
    let n = 0;
    const fs: PackageFs = {
      ...realFs,
      writeFile: (p, data) => {
        if (++n === 3) {
          rmSync(target, { recursive: true, force: true });
          throw fsError('ENOENT');
        }
        realFs.writeFile(p, data);
      },
    };
    const e = expectFailure(fs, target, 'EXPORT_DRIVE_REMOVED');
    expect(e.message).toContain('拔出');
    expect(existsSync(target)).toBe(false);
  });

  it('a drive that returns different bytes on read-back is caught before the rename (EXPORT_VERIFY_FAILED)', () => {
    const target = tempDir('flaky-');
    const fs: PackageFs = {
      ...realFs,
      readFile: (p) => {
        const b = realFs.readFile(p);
        if (p.endsWith('result.json')) b[5] = (b[5] ?? 0) ^ 1;
        return b;
      },
    };
    expectFailure(fs, target, 'EXPORT_VERIFY_FAILED');
    expect(leftovers(target)).toEqual([]);
  });
});

describe('drive detection parsers', () => {
  it('lsblk: mounted partitions of removable devices', () => {
    const json = JSON.stringify({
      blockdevices: [
        { name: 'sda', rm: false, mountpoint: null, children: [{ name: 'sda1', rm: false, mountpoint: '/', label: null }] },
        { name: 'sdb', rm: true, mountpoint: null, children: [{ name: 'sdb1', rm: true, mountpoint: '/media/u/KINGSTON', label: 'KINGSTON' }] },
        { name: 'sdc', rm: '1', mountpoints: ['/run/media/u/U盘'], label: 'U盘' },
      ],
    });
    expect(parseLsblk(json)).toEqual([
      { path: '/media/u/KINGSTON', label: 'KINGSTON' },
      { path: '/run/media/u/U盘', label: 'U盘' },
    ]);
    expect(parseLsblk('not json')).toEqual([]);
  });

  it('Windows Get-Volume JSON (one volume or several)', () => {
    expect(parseWindowsVolumes('{"DriveLetter":"E","FileSystemLabel":"USB"}')).toEqual([{ path: 'E:\\', label: 'USB' }]);
    expect(parseWindowsVolumes('[{"DriveLetter":"E","FileSystemLabel":""},{"DriveLetter":null}]')).toEqual([{ path: 'E:\\', label: '' }]);
  });

  it('export.drives answers with a message', () => {
    const r = ok(village.s, 'export.drives', {});
    expect(r.message).toMatch(/U 盘/);
  });
});

describe('CLI', () => {
  const ROOT = path.resolve(import.meta.dirname, '..', '..');
  const cli = async (...args: string[]) => {
    try {
      const r = await run(process.execPath, [path.join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), 'electron/cli.ts', ...args], { cwd: ROOT });
      return { code: 0, stdout: r.stdout, stderr: r.stderr };
    } catch (e) {
      const x = e as { code: number; stdout: string; stderr: string };
      return { code: x.code, stdout: x.stdout, stderr: x.stderr };
    }
  };

  it('export prints the package path; verify exits 0 with one line (any spacing or case of the paper fingerprint), 1 naming the changed file; township with --keys and a scanned QR', async () => {
    const f = villageElection({ village: '命令行村' });
    const key = loadOrCreateStationKey(f.keyDir);
    const qr = buildResultQr({ fingerprint: key.fingerprint, electionId: ok(f.s, 'election.get', {}).id, resultSha256: ok(f.s, 'forms.render', { form: 'result_report' }).resultSha256 });
    f.close();
    const to = tempDir('cli-usb-');
    const ex = await cli('export', '--data', f.dir, '--to', to, '--key-dir', f.keyDir);
    expect(ex.code).toBe(0);
    const out = ex.stdout.trim();
    expect(out.startsWith(to)).toBe(true);
    const v = await cli('verify', out, '--fingerprint', key.fingerprint.toUpperCase().replace(/ /g, '   '));
    expect(v.code).toBe(0);
    expect(v.stdout.trim().split('\n').length).toBe(1);
    expect(v.stdout).toContain('导出包完整');
    const copy = copyOf(out);
    appendFileSync(path.join(copy, 'audit.jsonl'), '{}\n');
    const bad = await cli('verify', copy);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain('audit.jsonl');
    expect(bad.stdout).toContain('FILE_CHANGED');
    const keys = path.join(tempDir('cli-keys-'), 'key-register.jsonl');
    const csv = path.join(tempDir('cli-t-'), 't.csv');
    // without the register nothing is trusted: 待核对, exit 1
    const pending = await cli('township', '--out', csv, out);
    expect(pending.code).toBe(1);
    expect(pending.stderr).toContain('待核对');
    const t = await cli('township', '--keys', keys, '--add', qr.toLowerCase(), '--by', '乡镇核对员', '--out', csv, out, copy);
    expect(t.stderr).toContain('TAMPERED');
    expect(t.stdout).toContain('已登记：清河镇命令行村村委会的计票站密钥');
    expect(t.stdout).toMatch(/已核对\t清河镇命令行村 村委会/);
    expect(t.code).toBe(0);
    expect(readFileSync(csv, 'utf8').startsWith('\uFEFF乡镇,村,')).toBe(true);
    expect(readFileSync(keys, 'utf8').trim().split('\n').map((l) => (JSON.parse(l) as { type: string }).type)).toEqual(['key', 'paper']);
  });
});
