/**
 * Issue 15 — what a roll file may cost, and where a file may come from. Hostile files are made
 * here (scripts/roll-zip.ts): a 1 GB zip bomb (honest and lying about its size), a sheet with a
 * value in each of Excel's 1,048,576 rows, a 45 MB one-line CSV, a cell beyond column IV, a huge
 * cell. Each is refused with a message that names the place and says what to do, without echoing
 * the content. Paths: only the command line reads one, and only a bounded regular file. The
 * timing and memory figures are the bench's (npm run bench, roll hostile files).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { readRollFileSync, readRollPath, rollFileInput } from '../../../electron/station/import/index.js';
import { millionRowXlsx, workbookParts, writeZip, zipBombXlsx } from '../../../scripts/roll-zip.js';
import { CLERK, VILLAGERS } from '../../../scripts/roll-truth.js';
import { cleanup, election, FIXTURES } from '../registration/helpers.js';
import { fileInput } from './file-input.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'roll-hostile-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(cleanup);

const refusal = (bytes: Uint8Array, name: string) => {
  const r = readRollFileSync(bytes, name);
  if (r.ok) throw new Error(`${name} was read`);
  return r.error;
};

function sheetXlsx(sheetData: string): Buffer {
  const xml = `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${sheetData}</sheetData></worksheet>`;
  return writeZip([...workbookParts(), { name: 'xl/worksheets/sheet1.xml', data: Buffer.from(xml) }]);
}

describe('hostile files are refused before they cost memory', () => {
  it('a 1 GB zip bomb (declared): refused from its directory, nothing inflated', () => {
    const bomb = zipBombXlsx(1);
    expect(bomb.length).toBeLessThan(4 << 20);
    const e = refusal(bomb, 'bomb.xlsx');
    expect(e.code).toBe('IMPORT_TOO_LARGE');
    expect(e.message).toMatch(/解压后太大.*1,024 MB.*请/);
  });

  it('a zip bomb that understates its size stops inflating at the stated size, as damaged', () => {
    const e = refusal(zipBombXlsx(1, 50 * 1024 * 1024), 'bomb.xlsx');
    expect(e.code).toBe('IMPORT_NOT_SPREADSHEET');
    expect(e.message).toMatch(/已损坏.*请/);
  });

  it('a value in each of 1,048,576 rows: refused at the row cap', () => {
    const e = refusal(millionRowXlsx(), 'rows.xlsx');
    expect(e.code).toBe('IMPORT_TOO_LARGE');
    expect(e.message).toContain('200,000 行');
  }, 60_000);

  it('a 45 MB one-line CSV: refused at the first long cell, its content not echoed', () => {
    const big = Buffer.alloc(45 << 20, 'x');
    Buffer.from('姓名,身份证号码\n').copy(big);
    const e = refusal(big, 'long.csv');
    expect(e.code).toBe('IMPORT_CELL_TOO_LONG');
    expect(e.message).toMatch(/第 2 行第 1 列.*一格最多 1,000 个字.*请/);
    expect(e.message.length).toBeLessThan(300);
    expect(JSON.stringify(e).includes('xxxxxxxxxx')).toBe(false);
  });

  it('xlsx: a cell beyond column IV, and a 5,000-character cell, are refused naming the cell', () => {
    const far = refusal(sheetXlsx('<row r="1"><c r="A1" t="inlineStr"><is><t>姓名</t></is></c><c r="KN1" t="inlineStr"><is><t>x</t></is></c></row>'), 'far.xlsx');
    expect(far.code).toBe('IMPORT_TOO_MANY_COLUMNS');
    expect(far.message).toMatch(/KN1 格.*请删去/);
    const long = refusal(sheetXlsx(`<row r="2"><c r="B2" t="inlineStr"><is><t>${'长'.repeat(5000)}</t></is></c></row>`), 'long.xlsx');
    expect(long.code).toBe('IMPORT_CELL_TOO_LONG');
    expect(long.message).toMatch(/B2 格有 5,000 个字/);
  });

  it('a formula error names its cell and is never text (#N/A → "C5 是公式错误")', () => {
    const r = readRollFileSync(new Uint8Array(readFileSync(path.join(FIXTURES, 'formula-errors.xlsx'))), 'formula-errors.xlsx');
    if (!r.ok) throw new Error(r.error.message);
    const bad = r.value.rows.find((x) => x.sourceRow === 3);
    expect(bad?.name).toBe('');
    expect(bad?.issues[0]).toMatchObject({ code: 'CELL_ERROR_VALUE', severity: 'error', field: 'name' });
    expect(bad?.issues[0]?.message).toMatch(/^B3 是公式错误 #N\/A/);
    expect(r.value.rows.some((x) => Object.values(x).some((v) => v === 'NaN'))).toBe(false);
    expect(r.value.rows.find((x) => x.sourceRow === 7)?.note).toBe('TRUE');
  });
});

describe('a path names a bounded regular file (the command line only)', () => {
  it('a FIFO, a device, a folder, a link and a missing file are refused before reading', () => {
    const fifo = path.join(dir, 'pipe.csv');
    execFileSync('mkfifo', [fifo]);
    const link = path.join(dir, 'link.csv');
    symlinkSync(path.join(FIXTURES, 'good-utf8.csv'), link);
    const folder = path.join(dir, 'folder.csv');
    mkdirSync(folder);
    const cases: [string, string][] = [
      [fifo, 'IMPORT_NOT_A_FILE'],
      ['/dev/zero', 'IMPORT_NOT_A_FILE'],
      [folder, 'IMPORT_NOT_A_FILE'],
      [link, 'IMPORT_NOT_A_FILE'],
      [path.join(dir, 'nope.xlsx'), 'IMPORT_FILE_NOT_FOUND'],
    ];
    for (const [p, code] of cases) {
      const r = readRollPath(p);
      expect(r.ok ? '' : r.error.code, p).toBe(code);
      if (!r.ok) expect(r.error.message).toMatch(/请/);
    }
  });

  it('a 100 MB file is refused from its size, without being read', () => {
    const big = path.join(dir, 'big.csv');
    writeFileSync(big, '');
    truncateSync(big, 100 * 1024 * 1024); // sparse: costs no disk, and would cost 100 MB if read
    const before = process.memoryUsage().rss;
    const r = rollFileInput(big);
    expect(r.ok ? '' : r.error.code).toBe('IMPORT_TOO_LARGE');
    expect(process.memoryUsage().rss - before).toBeLessThan(50 * 1024 * 1024);
  });

  it('the commands take no path: the page cannot make the station read a file of its choosing', () => {
    const { s } = election();
    for (const cmd of ['roll.importPreview', 'roll.importConfirm']) {
      const r = s.call(cmd, { path: '/etc/passwd' });
      expect(r.ok ? '' : r.error.code, cmd).toBe('VALIDATION');
      const r2 = s.call(cmd, { path: path.join(FIXTURES, 'good.xlsx'), dataBase64: 'AAAA', fileName: 'a.csv' });
      expect(r2.ok ? '' : r2.error.code, cmd).toBe('VALIDATION');
    }
  });

  it('the command line reads a path and passes its contents', () => {
    const data = path.join(dir, 'cli-election');
    const cli = (args: string[]) => execFileSync(process.execPath, ['--import', 'tsx', 'electron/cli.ts', ...args], { cwd: path.resolve(import.meta.dirname, '../../..'), encoding: 'utf8' });
    cli(['call', '--data', data, 'election.create', JSON.stringify({ kind: 'villagers_committee', village: '青山村', township: '清河镇', electionDate: '2026-06-20', drill: true })]);
    const out = JSON.parse(cli(['call', '--data', data, 'roll.importConfirm', JSON.stringify({ path: path.join(FIXTURES, 'clerk-no-category.xlsx') })])) as { imported: number };
    expect(out.imported).toBe(CLERK.length);
    let code = 0;
    try {
      cli(['call', '--data', data, 'roll.importPreview', JSON.stringify({ path: '/dev/zero' })]);
    } catch (e) {
      code = (e as { status: number }).status;
    }
    expect(code).toBe(1);
  }, 60_000);
});

describe('the clerk’s column mapping is remembered for the election', () => {
  it('unknown headers: mapped once, confirmed, and the next file with the same headers reads by itself; the mapping is in the import’s audit event', async () => {
    const { s } = election();
    const first = fileInput(path.join(FIXTURES, 'unknown-headers.xlsx'));
    const p0 = s.run('roll.importPreview', first);
    if (!p0.ok) throw new Error(p0.error.message);
    expect(p0.value.state).toBe('map_columns');
    expect(p0.value.fields.filter((f) => f.required).map((f) => f.field)).toEqual(['name', 'idNumber']);
    // the suggestion by content: names in B, ID numbers in C
    expect(p0.value.fields.find((f) => f.field === 'idNumber')?.column).toBe(2);
    const columns = { name: 1, idNumber: 2, group: 3, note: 4, gender: null, category: null, phone: null, approvalRef: null };
    const p1 = s.run('roll.importPreview', { ...first, headerRow: 2, columns });
    if (!p1.ok) throw new Error(p1.error.message);
    expect(p1.value).toMatchObject({ state: 'ready', mappingSource: 'given', sheet: '花名册' });
    const c = s.run('roll.importConfirm', { previewId: p1.value.previewId });
    if (!c.ok) throw new Error(c.error.message);
    const saved = s.db.prepare('SELECT fields FROM roll_column_maps').all() as { fields: string }[];
    expect(saved.map((r) => JSON.parse(r.fields))).toEqual([{ name: '名字', idNumber: '证件号码', group: '住址', note: '备考' }]);
    const event = s.db.prepare("SELECT effects FROM audit WHERE command = 'roll.importConfirm'").get() as { effects: string };
    expect(event.effects).toContain('roll_column_maps');

    // another group's file, same headers in another order, other people
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('二组');
    ws.addRow(['住址', '证件号码', '名字', '备考']);
    for (const p of VILLAGERS.slice(0, 3)) ws.addRow([p.group, p.id, p.name, '']);
    const second = s.run('roll.importPreview', { dataBase64: Buffer.from(await wb.xlsx.writeBuffer()).toString('base64'), fileName: '二组.xlsx' });
    if (!second.ok) throw new Error(second.error.message);
    expect(second.value).toMatchObject({ state: 'ready', mappingSource: 'saved', headerRow: 1 });
    expect(second.value.notes.map((n) => n.code)).toContain('MAPPING_SAVED');
    expect(second.value.rows.map((r) => [r.name, r.idNumber, r.group])).toEqual(VILLAGERS.slice(0, 3).map((p) => [p.name, p.id, p.group]));
  });

  it('P1: a Party list without a status column asks for one; the clerk’s “all full members” is recorded and shown', () => {
    const { s } = election('party_branch');
    const f = fileInput(path.join(FIXTURES, 'party-no-status.xlsx'));
    const p0 = s.run('roll.importPreview', f);
    if (!p0.ok) throw new Error(p0.error.message);
    expect(p0.value.state).toBe('map_columns');
    expect(p0.value.fields.find((x) => x.field === 'category')).toMatchObject({ label: '党员类别', required: true, column: null });
    expect(s.call('roll.importConfirm', { previewId: p0.value.previewId }).ok).toBe(false);
    const p1 = s.run('roll.importPreview', { ...f, allFull: true });
    if (!p1.ok) throw new Error(p1.error.message);
    expect(p1.value).toMatchObject({ state: 'ready', allFull: true });
    expect(p1.value.rows.every((r) => r.partyStatus === 'full')).toBe(true);
    expect(p1.value.notes.map((n) => n.code)).toContain('P1_ALL_FULL');
  });

  it('the sheets are listed in tab order with their visibility; the preview names the sheet read', () => {
    const { s } = election();
    const tab = s.run('roll.importPreview', fileInput(path.join(FIXTURES, 'tab-order.xlsx')));
    if (!tab.ok) throw new Error(tab.error.message);
    expect(tab.value.sheets.map((x) => [x.name, x.hidden, x.rows, x.roll])).toEqual([
      ['2024年', false, CLERK.length + 2, true],
      ['2021年', false, 3 + 2, true],
    ]);
    expect(tab.value.rows).toEqual([]);
    const hid = s.run('roll.importPreview', fileInput(path.join(FIXTURES, 'hidden-old-sheet.xlsx')));
    if (!hid.ok) throw new Error(hid.error.message);
    expect(hid.value.sheet).toBe('2024年选民名单');
    expect(hid.value.sheets[0]).toMatchObject({ name: '2021年选民名单', hidden: true, rows: 5 });
    expect(hid.value.notes.find((n) => n.code === 'HIDDEN_SHEETS_SKIPPED')?.message).toContain('“2021年选民名单”（5 行）');
  });
});
