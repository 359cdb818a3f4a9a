/**
 * The township page's commands: township.find lists the packages on a drive (two levels deep),
 * township.xlsx gives the same table as township.import as an Excel file (read back with exceljs),
 * drill packages only in a drill summary.
 */
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crc32 } from '../../electron/station/township/xlsx-write.js';
import { cleanup, ok, tempDir, villageElection, type Fixture } from '../forms/helpers.js';

let a: Fixture;
let usb: string;
let pkgA: string;
let pkgB: string;
let drillPkg: string;

beforeAll(() => {
  usb = tempDir('township-ui-usb-');
  a = villageElection({ village: '青山村' });
  const b = villageElection({ village: '绿水村' });
  const d = villageElection({ village: '演练村', drill: true });
  mkdirSync(path.join(usb, '各村'), { recursive: true });
  pkgA = ok(a.s, 'export.write', { target: usb }).packagePath;
  pkgB = ok(b.s, 'export.write', { target: path.join(usb, '各村') }).packagePath;
  drillPkg = ok(d.s, 'export.write', { target: path.join(usb, '各村') }).packagePath;
  writeFileSync(path.join(usb, '说明.txt'), '不是导出包');
});
afterAll(cleanup);

describe('township.find', () => {
  it('finds every package folder up to two levels down, and nothing else', () => {
    const r = ok(a.s, 'township.find', { folder: usb });
    expect(r.packages.sort()).toEqual([pkgA, pkgB, drillPkg].sort());
    expect(r.message).toContain('3 个');
  });
  it('an empty folder: no packages and a message saying so', () => {
    const r = ok(a.s, 'township.find', { folder: tempDir('empty-') });
    expect(r.packages).toEqual([]);
    expect(r.message).toContain('没有找到');
  });
  it('a folder that does not exist is refused with FOLDER_NOT_FOUND', () => {
    const r = a.s.call('township.find', { folder: path.join(usb, '不存在') });
    expect(r.ok ? '' : r.error.code).toBe('FOLDER_NOT_FOUND');
  });
});

describe('township.xlsx', () => {
  it('the Excel file has the same rows as township.import, totals last, refusals on a second sheet', async () => {
    const tampered = path.join(tempDir('tampered-'), 'pkg');
    cpSync(pkgB, tampered, { recursive: true });
    writeFileSync(path.join(tampered, 'result.json'), '{}');
    const paths = [pkgA, pkgB, tampered, drillPkg];
    const table = ok(a.s, 'township.import', { paths });
    const x = ok(a.s, 'township.xlsx', { paths });
    expect(x.villages).toBe(2);
    expect(x.fileName).toMatch(/汇总-\d{4}-\d{2}-\d{2}\.xlsx$/);
    const buf = Buffer.from(x.dataBase64, 'base64');
    expect(buf.length).toBe(x.bytes);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(buf as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('乡镇汇总');
    expect(ws).toBeDefined();
    expect(ws?.getRow(1).getCell(1).value).toBe('村');
    expect(ws?.getRow(1).getCell(1).font?.bold).toBe(true);
    // header + 2 villages + total
    expect(ws?.rowCount).toBe(1 + 2 + 1);
    const villageCells = [2, 3].map((r) => ws?.getRow(r).getCell(1).value);
    expect(villageCells).toEqual(table.villages.map((v) => v.village));
    const totalRow = ws?.getRow(4);
    expect(totalRow?.getCell(3).value).toBe(table.total.registered);
    expect(totalRow?.getCell(4).value).toBe(table.total.participants);
    expect(totalRow?.getCell(1).font?.bold).toBe(true);
    expect(ws?.getRow(2).getCell(1).font?.bold).toBeFalsy();
    const refused = wb.getWorksheet('拒收');
    expect(refused?.rowCount).toBe(1 + 2);
    expect(String(refused?.getRow(2).getCell(2).value)).toContain('核对不通过');
    expect(String(refused?.getRow(3).getCell(2).value)).toContain('演练');
  });

  it('a drill summary takes only the drill package and names itself 演练', async () => {
    const x = ok(a.s, 'township.xlsx', { paths: [pkgA, drillPkg], drill: true });
    expect(x.villages).toBe(1);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(x.dataBase64, 'base64') as unknown as ArrayBuffer);
    expect(wb.getWorksheet('演练汇总')?.getRow(2).getCell(1).value).toBe('演练村');
    expect(String(wb.getWorksheet('拒收')?.getRow(2).getCell(2).value)).toContain('正式');
  });

  it('crc32 matches the standard check value', () => {
    expect(crc32(Buffer.from('123456789'))).toBe(0xcbf43926);
  });
});
