import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { readRollFile } from '../../../electron/station/import/index.js';
import { makeIdNumber } from '../../../shared/rules/id-number.js';
import { BAD_ROLL_FILES } from './bad-files.js';

const FIX = join(import.meta.dirname, '..', '..', 'fixtures', 'roll');
const load = (f: string) => new Uint8Array(readFileSync(join(FIX, f)));
const read = (f: string) => readRollFile(load(f), f);

async function errorCode(f: string): Promise<string> {
  const r = await read(f);
  if (r.ok) throw new Error(`${f} should not read`);
  return r.error.code;
}

describe('readRollFile: good files in every format', () => {
  it.each([
    ['good.xlsx', 'xlsx', undefined, 2],
    ['good-gbk.csv', 'csv', 'gbk', 1],
    ['good-utf8-bom.csv', 'csv', 'utf-8', 1],
    ['good-utf8.csv', 'csv', 'utf-8', 1],
  ] as const)('%s', async (file, format, encoding, headerRow) => {
    const r = await read(file);
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.format).toBe(format);
    expect(r.value.encoding).toBe(encoding);
    expect(r.value.headerRow).toBe(headerRow);
    expect(r.value.rows).toHaveLength(12);
    const first = r.value.rows[0];
    expect(first).toMatchObject({ sourceRow: headerRow + 1, name: '张三', gender: '男', group: '第一组', category: '户籍在本村且居住', phone: '13800138000' });
    expect(first?.idNumber).toBe(makeIdNumber('330102', '19650312', '031'));
    expect(r.value.rows.map((x) => x.name)).toContain('单雄信');
    expect(r.value.rows.some((x) => x.idNumber.endsWith('X'))).toBe(true);
    expect(r.value.rows.every((x) => x.issues.length === 0)).toBe(true);
  });

  it('all four formats give the same rows', async () => {
    // (idNumberish: a CSV cannot say its ID column was text, the xlsx's is formatted as text)
    const strip = (rows: { sourceRow: number; idNumberish?: boolean }[]) => rows.map(({ sourceRow: _s, idNumberish: _n, ...rest }) => rest);
    const results = await Promise.all(['good.xlsx', 'good-gbk.csv', 'good-utf8-bom.csv'].map(read));
    const [a, b, c] = results.map((r) => (r.ok ? strip(r.value.rows) : []));
    expect(b).toEqual(a);
    expect(c).toEqual(a);
  });
});

describe('readRollFile: xlsx details', () => {
  it('skips a sheet without a header, fills merged cells with their master value, uses formula results', async () => {
    const r = await read('formulas-merged.xlsx');
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.headerRow).toBe(2);
    const rows = r.value.rows;
    expect(rows.map((x) => [x.sourceRow, x.name, x.group, x.category])).toEqual([
      [3, '孔一', '第一组', '户籍在本村且居住'],
      [4, '孔二', '第一组', '户籍在本村且居住'],
      [5, '孔三', '第一组', '户籍在本村且居住'],
      [6, '孔四', '第二组', '户籍在本村且居住'],
      [7, '', '第二组', '户籍在本村且居住'],
    ]);
    expect(rows[3]?.idNumber).toBe(makeIdNumber('330102', '19630808', '281'));
    expect(rows[4]?.issues.map((i) => [i.code, i.field, i.severity])).toEqual([['CELL_FORMULA_NO_RESULT', 'name', 'error']]);
  });

  it('an ID number stored as an Excel number is reported, never turned into wrong digits', async () => {
    const r = await read('bad-rows.xlsx');
    if (!r.ok) throw new Error(r.error.message);
    const row = r.value.rows.find((x) => x.name === '何数');
    expect(row?.idNumber).toBe('');
    expect(row?.issues[0]?.code).toBe('ID_STORED_AS_NUMBER');
    expect(row?.issues[0]?.message).toMatch(/E\+17/);
    expect(row?.issues[0]?.message).toMatch(/文本/);
  });

  it('a 15-digit number (legacy ID) and a phone stored as numbers keep every digit', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('s');
    ws.addRow(['姓名', '性别', '身份证号', '组别', '类别', '联系电话']);
    ws.addRow(['甲', '男', 330102700101171, '一组', '本村居住', 13800138000]);
    const r = await readRollFile(new Uint8Array(await wb.xlsx.writeBuffer()), 'a.xlsx');
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.rows[0]).toMatchObject({ idNumber: '330102700101171', phone: '13800138000', issues: [] });
  });

  it('reads rich text and skips template rows that carry only a 序号', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('s');
    ws.addRow(['序号', '姓名', '性别', '公民身份号码', '小组', '选民类别']);
    ws.addRow([1, { richText: [{ text: '欧阳' }, { text: '修' }] }, '男', makeIdNumber('330102', '19700101', '011'), '一组', '本村居住']);
    ws.addRow([2]);
    ws.addRow([3]);
    const r = await readRollFile(new Uint8Array(await wb.xlsx.writeBuffer()), 'a.xlsx');
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.rows.map((x) => x.name)).toEqual(['欧阳修']);
  });

  it('handles 100,000 rows', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('s');
    ws.addRow(['姓名', '性别', '身份证号码', '村民小组', '类别']);
    const id = makeIdNumber('330102', '19700101', '011');
    for (let i = 0; i < 100_000; i++) ws.addRow([`村民${i}`, '男', id, '一组', '本村居住']);
    const r = await readRollFile(new Uint8Array(await wb.xlsx.writeBuffer()), 'big.xlsx');
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.rows).toHaveLength(100_000);
    expect(r.value.rows[99_999]).toMatchObject({ sourceRow: 100_001, name: '村民99999' });
  });
});

describe('readRollFile: CSV details', () => {
  it('GBK without BOM, RFC 4180 quotes with commas, doubled quotes and line breaks', async () => {
    const r = await read('bad-rows-gbk.csv');
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.encoding).toBe('gbk');
    expect(r.value.rows[0]?.note).toBe('家住"东头"，门口有树\n第二行备注');
    expect(r.value.rows[1]?.sourceRow).toBe(3);
    expect(r.value.rows.find((x) => x.name === '何数')?.issues[0]?.code).toBe('ID_SCIENTIFIC_NOTATION');
  });

  it('GBK text that is also full of rare characters decodes (GB18030)', async () => {
    const text = '姓名,性别,身份证号,组别,类别\r\n李𠮷,男,' + makeIdNumber('330102', '19700101', '011') + ',一组,本村居住\r\n';
    const r = await readRollFile(new Uint8Array(iconv.encode(text, 'gb18030')), 'a.csv');
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.rows[0]?.name).toBe('李𠮷');
  });

  it('header variants, header below a title line, tab-separated, CR line ends', async () => {
    const id = makeIdNumber('330102', '19700101', '011');
    const text = `某村选民名单\r＊姓名\t性别\t身份证号码（18位）\t组别\t登记类别\t同意依据\r张三\t男\t${id}\t一组\t外来\t村代会1号\r`;
    const r = await readRollFile(new Uint8Array(Buffer.from(text, 'utf8')), 'a.csv');
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.headerRow).toBe(2);
    expect(r.value.rows[0]).toMatchObject({ name: '张三', idNumber: id, category: '外来', approvalRef: '村代会1号' });
  });
});

describe('readRollFile: files that cannot be read, with a Chinese reason', () => {
  it.each(BAD_ROLL_FILES)('%s -> %s', async (file, code) => {
    const r = await read(file);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe(code);
    expect(r.error.message).toMatch(/[\u4e00-\u9fff]/);
  });

  it('headers it does not know: the columns with their first values and a suggested mapping, no rows (the clerk maps them)', async () => {
    const r = await read('wrong-headers.xlsx');
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.state).toBe('map_columns');
    expect(r.value.rows).toEqual([]);
    expect(r.value.columns.map((c) => [c.letter, c.header])).toEqual([
      ['A', '序号'],
      ['B', '姓名'],
      ['C', '证件'],
      ['D', '组'],
      ['E', '备注'],
    ]);
    expect(r.value.columns[2]?.samples[0]).toBe(makeIdNumber('330102', '19650312', '031'));
    // 姓名, 组 and 备注 by name, the ID number by its content
    expect(r.value.mapping).toEqual({ name: 1, group: 3, note: 4, idNumber: 2 });
    const csv = await read('wrong-headers.csv');
    if (!csv.ok) throw new Error(csv.error.message);
    expect(csv.value).toMatchObject({ state: 'map_columns', headerRow: 1, mapping: { idNumber: 1, name: 0 } });
    const mapped = await readRollFile(load('wrong-headers.csv'), 'wrong-headers.csv', { headerRow: 1, columns: { name: 0, idNumber: 1, group: 2 } });
    if (!mapped.ok) throw new Error(mapped.error.message);
    expect(mapped.value.rows).toMatchObject([{ sourceRow: 2, name: '张三', idNumber: '330102196503120314', group: '东头' }]);
  });

  it('too large, by bytes and by rows', async () => {
    expect((await readRollFile(load('good.xlsx'), 'good.xlsx', { maxBytes: 1000 })).ok).toBe(false);
    const r = await readRollFile(load('good-gbk.csv'), 'good-gbk.csv', { maxRows: 5 });
    expect(r.ok ? '' : r.error.code).toBe('IMPORT_TOO_LARGE');
    expect(await errorCode('garbage.bin')).toBe('IMPORT_NOT_SPREADSHEET');
  });

  it('UTF-16 text with or without a BOM, little or big endian, is read as text', async () => {
    const text = `姓名\t身份证号码\r\n张三\t${makeIdNumber('330102', '19700101', '011')}\r\n`;
    const le = Buffer.from(text, 'utf16le');
    const be = Buffer.from(le).swap16();
    for (const b of [le, be, Buffer.concat([Buffer.from([0xff, 0xfe]), le]), Buffer.concat([Buffer.from([0xfe, 0xff]), be])]) {
      const r = await readRollFile(new Uint8Array(b), 'a.txt');
      if (!r.ok) throw new Error(r.error.message);
      expect(r.value.rows[0]).toMatchObject({ name: '张三' });
      expect(r.value.notes.map((n) => n.code)).toContain('TEXT_UTF16');
    }
  });
});
