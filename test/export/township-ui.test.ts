/**
 * The township page's commands, through the workspace as the page calls them, with no election
 * open: township.find lists the packages on a drive (two levels deep, links not walked into),
 * township.addKey registers a key from the scanned QR (the register file in the workspace folder),
 * township.import shows each package's state, township.xlsx gives the same report as an Excel file
 * (read back with exceljs: township column, fingerprint, result hash, paper check, turnout as a
 * number), drill packages only in a drill summary.
 */
import { cpSync, existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crc32 } from '../../electron/station/township/xlsx-write.js';
import { openWorkspace, type Workspace } from '../../electron/station/workspace.js';
import type { Result } from '../../shared/result.js';
import { cleanup, ok, tempDir, villageElection } from '../forms/helpers.js';
import { footerQr } from '../forms/pdf.js';

let ws: Workspace;
let root: string;
let usb: string;
let pkgA: string;
let pkgB: string;
let drillPkg: string;

function call<T>(command: string, input: unknown): T {
  const r = ws.call(command, input) as Result<T>;
  if (!r.ok) throw new Error(`${command}: ${r.error.code} ${r.error.message}`);
  return r.value;
}
const scanned = (pkg: string): string => footerQr(path.join(pkg, 'forms', '选举结果报告单.pdf'), 1) ?? '';

beforeAll(() => {
  usb = tempDir('township-ui-usb-');
  root = tempDir('township-ws-');
  ws = openWorkspace(root, { backups: false });
  const a = villageElection({ village: '青山村' });
  const b = villageElection({ village: '绿水村' });
  const d = villageElection({ village: '演练村', drill: true });
  mkdirSync(path.join(usb, '各村'), { recursive: true });
  pkgA = ok(a.s, 'export.write', { target: usb }).packagePath;
  pkgB = ok(b.s, 'export.write', { target: path.join(usb, '各村') }).packagePath;
  drillPkg = ok(d.s, 'export.write', { target: path.join(usb, '各村') }).packagePath;
  writeFileSync(path.join(usb, '说明.txt'), '不是导出包');
  // a link on the drive pointing out of it is not walked into
  symlinkSync('/etc', path.join(usb, '系统'));
}, 120_000);
afterAll(() => {
  ws.close();
  cleanup();
});

describe('township.find (no election open)', () => {
  it('finds every package folder up to two levels down, and nothing else', () => {
    expect(ws.currentId()).toBeNull();
    const r = call<{ packages: string[]; message: string }>('township.find', { folder: usb });
    expect(r.packages.sort()).toEqual([pkgA, pkgB, drillPkg].sort());
    expect(r.message).toContain('3 个');
  });
  it('an empty folder: no packages and a message saying so', () => {
    const r = call<{ packages: string[]; message: string }>('township.find', { folder: tempDir('empty-') });
    expect(r.packages).toEqual([]);
    expect(r.message).toContain('没有找到');
  });
  it('a folder that does not exist is refused with FOLDER_NOT_FOUND', () => {
    const r = ws.call('township.find', { folder: path.join(usb, '不存在') });
    expect(r.ok ? '' : r.error.code).toBe('FOLDER_NOT_FOUND');
  });
});

describe('the register through the workspace', () => {
  it('addKey from the scanned QR: the register file is in the workspace folder; import shows 待核对 → 已核对', () => {
    const before = call<{ packages: { path: string; status: string }[] }>('township.import', { paths: [pkgA, pkgB] });
    expect(before.packages.map((p) => p.status)).toEqual(['pending', 'pending']);
    const r = call<{ key: { village: string; kindLabel: string }; message: string }>('township.addKey', { text: scanned(pkgA), by: '乡镇核对员', paths: [pkgA, pkgB] });
    expect(r.key).toMatchObject({ village: '青山村', kindLabel: '村委会' });
    expect(existsSync(path.join(root, 'township', 'key-register.jsonl'))).toBe(true);
    const after = call<{ packages: { path: string; status: string; paper: string }[] }>('township.import', { paths: [pkgA, pkgB] });
    expect(after.packages.find((p) => p.path === pkgA)).toMatchObject({ status: 'counted', paper: 'matched' });
    expect(after.packages.find((p) => p.path === pkgB)).toMatchObject({ status: 'pending' });
    const reg = call<{ keys: { village: string }[]; papers: unknown[] }>('township.register', {});
    expect(reg.keys.map((k) => k.village)).toEqual(['青山村']);
    expect(reg.papers).toHaveLength(1);
    // an input the scanner mangled is refused in plain words
    const bad = ws.call('township.addKey', { text: scanned(pkgB).slice(0, 60), by: '乡镇核对员' });
    expect(bad.ok ? '' : bad.error.code).toBe('QR_INCOMPLETE');
  });

  it('revoking a key registered by mistake puts its packages back to 待核对 (a new line, nothing deleted)', () => {
    const reg = call<{ keys: { township: string; village: string; kind: string; fingerprint: string }[] }>('township.register', {});
    const k = reg.keys[0] as { township: string; village: string; kind: string; fingerprint: string };
    call('township.revokeKey', { township: k.township, village: k.village, kind: k.kind, fingerprint: k.fingerprint, reason: '扫错了村', by: '乡镇核对员' });
    const t = call<{ packages: { path: string; status: string }[] }>('township.import', { paths: [pkgA] });
    expect(t.packages[0]?.status).toBe('pending');
    const lines = readFileSync(path.join(root, 'township', 'key-register.jsonl'), 'utf8').trim().split('\n');
    expect(lines.map((l) => (JSON.parse(l) as { type: string }).type)).toEqual(['key', 'paper', 'revoke']);
    call('township.addKey', { text: scanned(pkgA), by: '乡镇核对员', paths: [pkgA] });
  });
});

describe('township.xlsx', () => {
  it('the Excel file has the rows of township.import: township, fingerprint, result hash, paper check, turnout as a number; packages on a sheet of their own', async () => {
    call('township.addKey', { text: scanned(pkgB), by: '乡镇核对员', paths: [pkgB] });
    const tampered = path.join(tempDir('tampered-'), 'pkg');
    cpSync(pkgB, tampered, { recursive: true });
    writeFileSync(path.join(tampered, 'result.json'), '{}');
    const paths = [pkgA, pkgB, tampered, drillPkg];
    const table = call<{ villages: { village: string; keyFingerprint: string; resultSha256: string }[]; totals: { registered: number }[] }>('township.import', { paths });
    const x = call<{ villages: number; fileName: string; dataBase64: string; bytes: number }>('township.xlsx', { paths });
    expect(x.villages).toBe(2);
    expect(x.fileName).toMatch(/^清河镇汇总-\d{4}-\d{2}-\d{2}\.xlsx$/);
    const buf = Buffer.from(x.dataBase64, 'base64');
    expect(buf.length).toBe(x.bytes);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(buf as unknown as ArrayBuffer);
    const sheet = wb.getWorksheet('乡镇汇总');
    expect(sheet).toBeDefined();
    const header = (sheet?.getRow(1).values as unknown[]).slice(1);
    expect(header.slice(0, 3)).toEqual(['乡镇', '村', '类别']);
    for (const h of ['密钥指纹', 'result.json SHA-256', '纸质核对', '参选率(%)', '一肩挑', '一次选举成功', '选举结果类型']) expect(header).toContain(h);
    expect(sheet?.getRow(1).getCell(1).font?.bold).toBe(true);
    // header + 2 villages + the 村委会 total of 清河镇
    expect(sheet?.rowCount).toBe(1 + 2 + 1);
    const col = (h: string): number => header.indexOf(h) + 1;
    const rows = [2, 3].map((r) => sheet?.getRow(r));
    expect(rows.map((r) => r?.getCell(col('村')).value)).toEqual(table.villages.map((v) => v.village));
    expect(rows.map((r) => r?.getCell(col('乡镇')).value)).toEqual(['清河镇', '清河镇']);
    expect(rows.map((r) => r?.getCell(col('密钥指纹')).value)).toEqual(table.villages.map((v) => v.keyFingerprint));
    expect(rows.map((r) => r?.getCell(col('result.json SHA-256')).value)).toEqual(table.villages.map((v) => v.resultSha256));
    expect(rows.map((r) => r?.getCell(col('纸质核对')).value)).toEqual(['已核对', '已核对']);
    expect(rows[0]?.getCell(col('参选率(%)')).value).toBe(75); // 30 of 40, a number
    const total = sheet?.getRow(4);
    expect(total?.getCell(col('登记选民（应到会）')).value).toBe(table.totals[0]?.registered);
    expect(total?.getCell(col('村')).font?.bold).toBe(true);
    expect(rows[0]?.getCell(col('村')).font?.bold).toBeFalsy();
    const types = wb.getWorksheet('结果类型');
    expect((types?.getRow(1).values as unknown[]).slice(1, 9)).toEqual(['乡镇', '类别', '村数', '按职数全额选出主任（书记）、委员', '已选出主任，未全额选出委员', '未选出主任，已全额选出委员', '未选出主任，未全额选出委员', '选举不成功']);
    const pk = wb.getWorksheet('导出包核对');
    expect(pk?.rowCount).toBe(1 + 4);
    const states = [2, 3, 4, 5].map((r) => String(pk?.getRow(r).getCell(1).value));
    expect(states).toEqual(expect.arrayContaining(['拒收（TAMPERED）', '拒收（DRILL）', '已核对', '已核对']));
  });

  it('a drill summary takes only the drill package and names itself 演练', async () => {
    call('township.addKey', { text: scanned(drillPkg), by: '乡镇核对员', paths: [drillPkg] });
    const x = call<{ villages: number; dataBase64: string }>('township.xlsx', { paths: [pkgA, drillPkg], drill: true });
    expect(x.villages).toBe(1);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(x.dataBase64, 'base64') as unknown as ArrayBuffer);
    const sheet = wb.getWorksheet('演练汇总');
    expect(sheet?.getRow(2).getCell(2).value).toBe('演练村');
    expect(String(sheet?.getRow(3).getCell(2).value)).toContain('演练村委会合计');
    expect(String(wb.getWorksheet('导出包核对')?.getRow(2).getCell(2).value)).toContain('正式');
  });

  it('crc32 matches the standard check value', () => {
    expect(crc32(Buffer.from('123456789'))).toBe(0xcbf43926);
  });
});
