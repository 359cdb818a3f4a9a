/**
 * Writes the voter-roll import fixtures in test/fixtures/roll/ (run: npx tsx scripts/make-roll-fixtures.ts).
 * Every bad row names the problem code it must produce in its 备注 cell ("期望:CODE[,CODE]"), so
 * the tests read their expectations from the fixture itself. The tests use election day
 * ELECTION_DATE and treat ALREADY_REGISTERED_ID as already on the roll.
 *
 * The real-producers set (issue 15) is built from one truth table (roll-truth.ts): the people, and
 * for each file what the preview must show and which people must end up on the roll. This script
 * writes the exceljs files, the text files and the structural variants (roll-fixtures-real.ts);
 * scripts/make-roll-fixtures-office.py, run once by hand, writes the openpyxl, xlsxwriter,
 * LibreOffice and Python-zipfile files from the same truth (truth.json).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { makeIdNumber } from '../shared/rules/id-number.js';
import { frozenXlsx } from './roll-zip.js';

export const ELECTION_DATE = '2026-03-15';
const OUT = join(dirname(fileURLToPath(import.meta.url)), '..', 'test', 'fixtures', 'roll');

const REGION = '330102';
/** A valid number whose check character is X (seq chosen by trying), of the given gender. */
function idWithX(birth: string, gender: 'M' | 'F'): string {
  for (let s = gender === 'M' ? 1 : 2; s < 1000; s += 2) {
    const id = makeIdNumber(REGION, birth, s);
    if (id.endsWith('X')) return id;
  }
  throw new Error('no X');
}
/** Same number with a wrong check character. */
function wrongCheck(id: string): string {
  const last = id.charAt(17) === '0' ? '1' : '0';
  return id.slice(0, 17) + last;
}

export const ALREADY_REGISTERED_ID = makeIdNumber(REGION, '19700101', '011');

const HEADER = ['序号', '姓名', '性别', '身份证号码', '村民小组', '类别', '联系电话', '审批文号', '备注'];
type Row = [name: string, gender: string, id: string | number, group: string, category: string, phone: string, approval: string, note: string];

const GOOD: Row[] = [
  ['张三', '男', makeIdNumber(REGION, '19650312', '031'), '第一组', '户籍在本村且居住', '13800138000', '', ''],
  ['李四', '女', makeIdNumber(REGION, '19720805', '022'), '第一组', '本村居住', '', '', ''],
  ['王　五', '男', makeIdNumber(REGION, '19801111', '013'), '第二组', '户籍村民', '', '', ''],
  ['单雄信', '男', makeIdNumber(REGION, '19581201', '035'), '第二组', '户籍在本村不居住', '', '', '在杭州务工'],
  ['曾小红', '女', idWithX('19900228', 'F'), '第三组', '人户分离', '', '', ''],
  ['区志强', '男', makeIdNumber(REGION, '19881010', '057'), '第三组', '外出', '', '', ''],
  ['欧阳娜', '女', makeIdNumber('320102', '19950506', '064'), '第四组', '户籍不在本村', '', '村代会〔2026〕1号', ''],
  ['查良', '男', makeIdNumber('320102', '19751230', '079'), '第四组', '外来', '', '村民会议决议2026-01-10', ''],
  ['解放', '男', makeIdNumber(REGION, '19600101', '091'), '第五组', '居住一年以上', '', '村代会〔2026〕2号', ''],
  ['朴正', '男', makeIdNumber(REGION, '19850707', '101'), '第五组', '从事村务工作一年以上', '', '', ''],
  // R1 boundary: 18 exactly on election day.
  ['仇刚', '男', makeIdNumber(REGION, '20080315', '111'), '第五组', '户籍在本村且居住', '', '', ''],
  ['吕梅', '女', makeIdNumber(REGION, '19920229', '122'), '第一组', '户籍在本村且居住', '', '', ''],
];

const dupId = makeIdNumber(REGION, '19770404', '131');
const BAD: Row[] = [
  ['', '男', makeIdNumber(REGION, '19700202', '141'), '第一组', '户籍在本村且居住', '', '', '期望:NAME_MISSING'],
  ['赵长', '男', '33010219700101123', '第一组', '户籍在本村且居住', '', '', '期望:ID_LENGTH'],
  ['钱多', '男', '33010219700101123A', '第一组', '户籍在本村且居住', '', '', '期望:ID_CHARS'],
  ['孙地', '男', makeIdNumber('030102', '19700101', '151'), '第一组', '户籍在本村且居住', '', '', '期望:ID_REGION'],
  ['周日', '男', '330102' + '19700231' + '1611', '第一组', '户籍在本村且居住', '', '', '期望:ID_BIRTHDATE'],
  ['吴校', '男', wrongCheck(makeIdNumber(REGION, '19700101', '171')), '第一组', '户籍在本村且居住', '', '', '期望:ID_CHECKSUM'],
  ['郑旧', '男', '330102700101171', '第一组', '户籍在本村且居住', '', '', '期望:ID_LEGACY_15'],
  ['冯空', '男', '', '第一组', '户籍在本村且居住', '', '', '期望:ID_MISSING'],
  ['陈小', '男', makeIdNumber(REGION, '20080316', '181'), '第二组', '户籍在本村且居住', '', '', '期望:R1_UNDER_18'],
  ['褚重', '男', dupId, '第二组', '户籍在本村且居住', '', '', '期望:R3_DUPLICATE_IN_FILE'],
  ['褚重', '男', dupId, '第二组', '户籍在本村且居住', '', '', '期望:R3_DUPLICATE_IN_FILE'],
  ['卫已', '男', ALREADY_REGISTERED_ID, '第二组', '户籍在本村且居住', '', '', '期望:R3_ALREADY_REGISTERED'],
  ['蒋类', '男', makeIdNumber(REGION, '19700101', '191'), '第三组', '常住人口', '', '', '期望:R2_CATEGORY_UNKNOWN'],
  ['沈无', '男', makeIdNumber(REGION, '19700101', '201'), '第三组', '', '', '', '期望:R2_CATEGORY_MISSING'],
  ['韩批', '男', makeIdNumber('320102', '19700101', '211'), '第三组', '户籍不在本村', '', '', '期望:R2_APPROVAL_REF_MISSING'],
  ['杨性', '女', makeIdNumber(REGION, '19700101', '221'), '第四组', '户籍在本村且居住', '', '', '期望:GENDER_MISMATCH'],
  ['朱组', '男', makeIdNumber(REGION, '19700101', '231'), '', '户籍在本村且居住', '', '', '期望:GROUP_MISSING'],
];

/** An ID number stored as a number in Excel: the classic damage (15 significant digits kept). */
const NUMERIC_ID = Number(makeIdNumber(REGION, '19900101', '241'));
if (!Number.isFinite(NUMERIC_ID)) throw new Error('NUMERIC_ID must not end in X');

async function writeXlsx(file: string, build: (wb: ExcelJS.Workbook) => void): Promise<void> {
  writeFileSync(join(OUT, file), await frozenXlsx(build));
}

function rollSheet(wb: ExcelJS.Workbook, rows: Row[], title = true): ExcelJS.Worksheet {
  const ws = wb.addWorksheet('选民名单');
  if (title) {
    ws.addRow(['某某村第十二届村民委员会选举选民登记表']);
    ws.mergeCells(1, 1, 1, HEADER.length);
  }
  ws.addRow(HEADER);
  ws.getColumn(4).numFmt = '@';
  rows.forEach((r, i) => ws.addRow([i + 1, ...r]));
  return ws;
}

function csvField(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function csvText(rows: (string | number)[][]): string {
  return rows.map((r) => r.map((c) => csvField(String(c))).join(',')).join('\r\n') + '\r\n';
}

function rollCsv(rows: Row[]): string {
  return csvText([HEADER, ...rows.map((r, i) => [i + 1, ...r.map(String)])]);
}

/** Deterministic bytes (a small LCG), standing in for a file that is not a spreadsheet at all. */
function garbage(n: number, seed: number): Buffer {
  const b = Buffer.alloc(n);
  let x = seed;
  for (let i = 0; i < n; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    b[i] = x >>> 16;
  }
  return b;
}

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });

  await writeXlsx('good.xlsx', (wb) => {
    rollSheet(wb, GOOD);
  });

  await writeXlsx('bad-rows.xlsx', (wb) => {
    const ws = rollSheet(wb, [...GOOD.slice(0, 2), ...BAD], false);
    const r = ws.addRow([ws.rowCount, '何数', '男', NUMERIC_ID, '第四组', '户籍在本村且居住', '', '', '期望:ID_STORED_AS_NUMBER']);
    r.getCell(4).numFmt = '0';
    ws.addRow([ws.rowCount, '吕科', '男', '3.30102199001012E+17', '第四组', '户籍在本村且居住', '', '', '期望:ID_SCIENTIFIC_NOTATION']);
  });

  // Two sheets: an instructions sheet without a header first, the roll second; merged cells
  // (group and category written once per block) and formulas with cached results.
  await writeXlsx('formulas-merged.xlsx', (wb) => {
    const info = wb.addWorksheet('填表说明');
    info.addRow(['本表由村民选举委员会填写。']);
    info.addRow(['身份证号码一列请设为文本格式。']);
    const ws = wb.addWorksheet('选民');
    ws.addRow(['某某村选民登记表']);
    ws.mergeCells('A1:I1');
    ws.addRow(HEADER);
    const ids = [makeIdNumber(REGION, '19600505', '251'), makeIdNumber(REGION, '19610606', '262'), makeIdNumber(REGION, '19620707', '273'), makeIdNumber(REGION, '19630808', '281')];
    ws.addRow([1, '孔一', '男', ids[0], '第一组', '户籍在本村且居住', '', '', '']);
    ws.addRow([2, '孔二', '女', ids[1], null, null, '', '', '']);
    ws.addRow([3, '孔三', '男', ids[2], null, null, '', '', '']);
    ws.mergeCells('E3:E5');
    ws.mergeCells('F3:F5');
    // Formulas whose results are cached in the file, as Excel saves them.
    ws.addRow([{ formula: 'A5+1', result: 4 }, { formula: '"孔"&"四"', result: '孔四' }, '男', { formula: `"${ids[3]}"`, result: ids[3] }, '第二组', '户籍在本村且居住', '', '', '']);
    // A formula without a cached result (written by a program, never opened in Excel).
    ws.addRow([5, { formula: '"孔"&"五"' }, '男', makeIdNumber(REGION, '19640909', '291'), '第二组', '户籍在本村且居住', '', '', '期望:CELL_FORMULA_NO_RESULT']);
  });

  await writeXlsx('empty.xlsx', (wb) => {
    wb.addWorksheet('Sheet1');
  });
  await writeXlsx('header-only.xlsx', (wb) => {
    wb.addWorksheet('选民').addRow(HEADER);
  });
  await writeXlsx('wrong-headers.xlsx', (wb) => {
    const ws = wb.addWorksheet('选民');
    ws.addRow(['序号', '姓名', '证件', '组', '备注']);
    ws.addRow([1, '张三', makeIdNumber(REGION, '19650312', '031'), '一组', '']);
  });

  const goodCsv = rollCsv(GOOD);
  writeFileSync(join(OUT, 'good-utf8-bom.csv'), Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(goodCsv, 'utf8')]));
  writeFileSync(join(OUT, 'good-utf8.csv'), Buffer.from(goodCsv, 'utf8'));
  writeFileSync(join(OUT, 'good-gbk.csv'), iconv.encode(goodCsv, 'gbk'));

  const badCsvRows: Row[] = [
    ...GOOD.slice(0, 2).map((r) => [...r.slice(0, 7), '家住"东头"，门口有树\n第二行备注'] as Row),
    ...BAD,
    ['何数', '男', '3.30102E+17', '第四组', '户籍在本村且居住', '', '', '期望:ID_SCIENTIFIC_NOTATION'],
    ['吕零', '男', makeIdNumber(REGION, '19900101', '241').slice(0, 15) + '000', '第四组', '户籍在本村且居住', '', '', '期望:ID_CHECKSUM'],
  ];
  writeFileSync(join(OUT, 'bad-rows-gbk.csv'), iconv.encode(rollCsv(badCsvRows), 'gbk'));

  writeFileSync(join(OUT, 'header-only.csv'), iconv.encode(csvText([HEADER]), 'gbk'));
  writeFileSync(join(OUT, 'wrong-headers.csv'), Buffer.from(csvText([['名字', '证件号', '住址'], ['张三', '330102196503120314', '东头']]), 'utf8'));
  writeFileSync(join(OUT, 'empty.csv'), Buffer.alloc(0));
  writeFileSync(join(OUT, 'blank-lines.csv'), Buffer.from('\r\n\r\n , ,\r\n', 'utf8'));
  writeFileSync(join(OUT, 'garbage.bin'), garbage(4096, 7));
  writeFileSync(join(OUT, 'garbage.xlsx'), garbage(4096, 11));
  writeFileSync(join(OUT, 'corrupt-zip.xlsx'), Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), garbage(2048, 13)]));
  writeFileSync(join(OUT, 'legacy.xls'), Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(504)]));
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === (await import('node:path')).resolve(process.argv[1])) {
  await main();
  const { writeRealProducerFixtures } = await import('./roll-fixtures-real.js');
  await writeRealProducerFixtures(OUT);
}
