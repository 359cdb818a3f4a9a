/**
 * The truth behind the real-producers roll fixtures (issue 15): who the people are (name, ID number,
 * sex, birth date, group, category, approval reference, note), written down here independently of
 * any reader, and for each fixture file what the station must do with it. The import tests compare
 * every stored voter with this table, never with what the reader produced.
 */
import { makeIdNumber, parseIdNumber } from '../shared/rules/id-number.js';

export interface Person {
  key: string;
  name: string;
  id: string;
  sex: 'M' | 'F';
  /** YYYY-MM-DD */
  birth: string;
  group: string;
  /** R2 code (villagers) or the party status code (party_branch). */
  category: string;
  /** How a clerk wrote the category in the file. */
  written: string;
  approvalRef: string;
  note: string;
}

const REGION = '330102';

function person(key: string, name: string, birth: string, sex: 'M' | 'F', group: string, category: string, written: string, approvalRef = '', note = ''): Person {
  // an odd sequence number for men, even for women (GB 11643)
  const base = 100 + Number(key.replace(/\D/g, '')) * 2;
  const seq = sex === 'M' ? base + 1 : base;
  return { key, name, id: makeIdNumber(REGION, birth.replace(/-/g, ''), seq), sex, birth, group, category, written, approvalRef, note };
}

/** A villagers' roll with every R2 category, written the way clerks write them. */
export const VILLAGERS: Person[] = [
  person('v01', '张建国', '1962-04-18', 'M', '第一组', 'resident', '户籍在本村', '', '村民代表'),
  person('v02', '李秀英', '1968-09-02', 'F', '第一组', 'resident', '本村居住'),
  person('v03', '王德明', '1975-01-30', 'M', '第二组', 'registered_absent', '户籍在本村，在外务工不在本村居住', '', '在宁波务工'),
  person('v04', '赵桂兰', '1980-12-12', 'F', '第二组', 'registered_absent', '人户分离'),
  person('v05', '欧阳志强', '1990-06-06', 'M', '第三组', 'registered_absent', '外出'),
  person('v06', '陈美华', '1985-03-08', 'F', '第三组', 'nonresident_approved', '户籍不在本村，居住一年以上', '村代会〔2026〕3号'),
  person('v07', '刘䶮', '1972-07-21', 'M', '第四组', 'nonresident_approved', '外来', '村民会议〔2026〕1号'),
  person('v08', '周𠮷祥', '1958-11-11', 'M', '第四组', 'nonresident_approved', '从事村务工作一年以上', '村代会〔2026〕4号', '村会计'),
  person('v09', '孙丽娟', '2008-03-15', 'F', '第五组', 'resident', '户籍在本村且居住'),
  person('v10', '单雪梅', '1949-02-28', 'F', '第五组', 'resident', '户籍村民'),
];

/** A clerk's own list: no category column (everyone resident, R2), groups written as 组别. */
export const CLERK: Person[] = [
  person('c11', '吴国平', '1966-05-05', 'M', '一组', 'resident', ''),
  person('c12', '郑小燕', '1979-10-10', 'F', '一组', 'resident', ''),
  person('c13', '冯建军', '1983-08-19', 'M', '二组', 'resident', ''),
  person('c14', '褚红梅', '1991-04-04', 'F', '二组', 'resident', ''),
  person('c15', '卫东升', '1955-12-25', 'M', '三组', 'resident', ''),
  person('c16', '蒋翠花', '1970-01-01', 'F', '三组', 'resident', ''),
  person('c17', '沈卫国', '2000-02-29', 'M', '四组', 'resident', ''),
  person('c18', '韩冬梅', '1964-06-30', 'F', '四组', 'resident', ''),
];

/** Last year's roll: on a hidden sheet, or a second tab. Never to be imported. */
export const OLD_ROLL: Person[] = [
  person('o19', '杨老汉', '1931-03-03', 'M', '一组', 'resident', ''),
  person('o20', '朱阿婆', '1929-09-09', 'F', '二组', 'resident', ''),
  person('o21', '秦已迁', '1977-07-07', 'M', '三组', 'resident', ''),
];

/** A Party member list (P1): the category is the member's status. */
export const MEMBERS: Person[] = [
  person('m31', '许红军', '1960-07-01', 'M', '第一党小组', 'full', '正式党员'),
  person('m32', '何秀珍', '1965-10-01', 'F', '第一党小组', 'full', '正式'),
  person('m33', '吕志刚', '1995-05-04', 'M', '第二党小组', 'probationary', '预备党员'),
  person('m34', '施文', '1972-08-01', 'M', '第二党小组', 'probation_discipline', '留党察看'),
  person('m35', '张丽', '1988-03-08', 'F', '第一党小组', 'full', '正式党员'),
];

/**
 * Two people whose real ID numbers Excel cut to 15 digits + "000" on its way to CSV: one cut number
 * still passes the check digit (the 1-in-11 case), one does not.
 */
function cutPeople(): { passes: Person; fails: Person } {
  let passes: Person | undefined;
  let fails: Person | undefined;
  for (let d = 1; d <= 28 && !(passes && fails); d++) {
    const p = person(`x${40 + d}`, d % 2 ? '曹敏' : '邹勇', `1987-05-${String(d).padStart(2, '0')}`, d % 2 ? 'F' : 'M', '二组', 'resident', '');
    const cut = `${p.id.slice(0, 15)}000`;
    if (cut === p.id) continue;
    if (parseIdNumber(cut).ok) passes ??= p;
    else fails ??= p;
  }
  if (!passes || !fails) throw new Error('no cut ID numbers found');
  return { passes, fails };
}
export const CUT = cutPeople();
export const cutId = (p: Person): string => `${p.id.slice(0, 15)}000`;

export const ALL: Person[] = [...VILLAGERS, ...CLERK, ...OLD_ROLL, ...MEMBERS, CUT.passes, CUT.fails];
export const byKey = (k: string): Person => {
  const p = ALL.find((x) => x.key === k);
  if (!p) throw new Error(`no person ${k}`);
  return p;
};

export type Producer = 'exceljs' | 'script' | 'openpyxl' | 'xlsxwriter' | 'libreoffice' | 'python-zipfile' | 'hand';

/** What the station must do with one fixture file. */
export interface Expectation {
  file: string;
  producer: Producer;
  /** What the file imitates and why it is in the set. */
  what: string;
  kind?: 'villagers_committee' | 'party_branch';
  /** Refused with this code (nothing stored). */
  refused?: string;
  /** The preview's state before any choice (default ready). */
  state?: 'ready' | 'choose_sheet' | 'map_columns';
  /** The choices (sheet, mapping) that make it ready. */
  choices?: { sheet?: string; headerRow?: number; columns?: Record<string, number | null>; allFull?: boolean };
  /** The sheet the preview names (xlsx). */
  sheet?: string;
  /** File notes that must be shown. */
  notes?: string[];
  /** People stored exactly as the truth says. */
  people?: string[];
  /** People stored, whose rows must carry these warnings (their stored data may differ from the truth: the file lost it). */
  flagged?: Record<string, string[]>;
  /** Rows refused, with the code each must carry (by truth key). */
  errors?: Record<string, string>;
  /** Group as stored when the file has no group column. */
  noGroup?: boolean;
  /** Compare the 备注 too. */
  notesField?: boolean;
}

const keys = (ps: readonly Person[]): string[] => ps.map((p) => p.key);
const V = keys(VILLAGERS);
const C = keys(CLERK);

export const EXPECTATIONS: Expectation[] = [
  // exceljs: what clerks and web systems produce, in the shapes the issue found
  { file: 'clerk-no-category.xlsx', producer: 'exceljs', what: 'a clerk’s roll with 组别 and no 类别 column', people: C, notes: ['R2_NO_CATEGORY_COLUMN'], sheet: '选民名单' },
  {
    file: 'hidden-old-sheet.xlsx',
    producer: 'exceljs',
    what: 'last year’s roll on a hidden first sheet',
    sheet: '2024年选民名单',
    people: C,
    notes: ['HIDDEN_SHEETS_SKIPPED', 'R2_NO_CATEGORY_COLUMN'],
  },
  {
    file: 'tab-order.xlsx',
    producer: 'script',
    what: 'the first sheet part is last year’s roll on the second tab (Excel keeps part names when tabs move)',
    state: 'choose_sheet',
    choices: { sheet: '2024年' },
    sheet: '2024年',
    people: C,
  },
  {
    file: 'formula-errors.xlsx',
    producer: 'exceljs',
    what: 'VLOOKUP results: #N/A in a name and a phone, a TRUE, a text result',
    people: V.filter((k) => k !== 'v02' && k !== 'v04'),
    flagged: { v04: ['CELL_ERROR_VALUE'] },
    errors: { v02: 'CELL_ERROR_VALUE' },
  },
  { file: 'hidden-rows.xlsx', producer: 'exceljs', what: 'hidden rows (people struck off)', people: V.filter((k) => k !== 'v03' && k !== 'v09'), flagged: { v03: ['ROW_HIDDEN'], v09: ['ROW_HIDDEN'] } },
  { file: 'two-row-header.xlsx', producer: 'exceljs', what: 'a two-row merged header with 备注 under 其他信息', people: V, notes: ['TWO_ROW_HEADER'], notesField: true },
  { file: 'repeated-header.xlsx', producer: 'exceljs', what: 'two lists pasted together, the header repeated', people: V, notes: ['SECOND_HEADER_ROW'] },
  {
    file: 'invisible-chars.xlsx',
    producer: 'exceljs',
    what: 'zero-width and bidi characters in names and an ID number',
    people: V.filter((k) => !['v02', 'v03', 'v05'].includes(k)),
    flagged: { v02: ['INVISIBLE_CHARS'], v03: ['INVISIBLE_CHARS'], v05: ['INVISIBLE_CHARS'] },
  },
  {
    file: 'unknown-headers.xlsx',
    producer: 'exceljs',
    what: 'headers the station does not know (名字, 证件号码, 住址)',
    state: 'map_columns',
    choices: { headerRow: 2, columns: { name: 1, idNumber: 2, group: 3, gender: null, category: null, phone: null, note: 4, approvalRef: null } },
    people: C,
    notesField: true,
  },
  { file: 'address-group.xlsx', producer: 'exceljs', what: '住址 instead of 村民小组', people: V, notes: ['NO_GROUP_COLUMN'], noGroup: true },
  { file: 'number-format-ids.xlsx', producer: 'exceljs', what: 'ID numbers cut to …000 by a number format, kept as text', people: C, flagged: { [CUT.passes.key]: ['ID_ENDS_000'] }, errors: { [CUT.fails.key]: 'ID_CHECKSUM' } },
  { file: 'party-members.xlsx', producer: 'exceljs', what: 'a Party member list with 党小组 and 党员类别', kind: 'party_branch', people: keys(MEMBERS) },
  {
    file: 'party-no-status.xlsx',
    producer: 'exceljs',
    what: 'a Party member list without a status column: the clerk states all are full members',
    kind: 'party_branch',
    state: 'map_columns',
    choices: { allFull: true },
    people: ['m31', 'm32', 'm35'],
    notes: ['P1_ALL_FULL'],
  },
  // text files
  { file: 'excel-cut-ids.csv', producer: 'script', what: 'Excel’s CSV of a number-formatted ID column', people: C, flagged: { [CUT.passes.key]: ['ID_ENDS_000'] }, errors: { [CUT.fails.key]: 'ID_CHECKSUM' } },
  // Windows' GBK (cp936) keeps 䶮 (FE9F); 𠮷, outside the BMP, becomes "?"
  { file: 'gbk-lost-rare.csv', producer: 'script', what: 'GBK CSV: 𠮷 became “?”', people: V.filter((k) => k !== 'v08'), flagged: { v08: ['TEXT_LOST_CHARS'] } },
  { file: 'utf16-no-bom.txt', producer: 'script', what: 'tab-separated UTF-16 text without a BOM', people: V, notes: ['TEXT_UTF16'] },
  { file: 'unicode-text.txt', producer: 'script', what: 'Excel “Unicode 文本” (UTF-16 with BOM, tabs)', people: V, notes: ['TEXT_UTF16'] },
  { file: 'mixed-encoding.csv', producer: 'script', what: 'a UTF-8 CSV with GBK lines appended', refused: 'IMPORT_MIXED_ENCODING' },
  { file: 'web-export.xls', producer: 'hand', what: 'a web system’s HTML table saved as .xls', refused: 'IMPORT_HTML_TABLE' },
  // structural variants of an exceljs workbook (the parts rewritten as those writers write them)
  { file: 'openxml-sdk.xlsx', producer: 'script', what: 'Open XML SDK style: x: prefixes everywhere, inline strings', people: V },
  { file: 'closedxml.xlsx', producer: 'script', what: 'ClosedXML style: first sheet part named sheet.xml', people: V },
  { file: 'renamed-strings.xlsx', producer: 'script', what: 'shared strings in a part not named sharedStrings.xml', people: V },
  { file: 'single-quotes.xlsx', producer: 'script', what: 'attributes in single quotes', people: V },
  { file: 'cdata.xlsx', producer: 'script', what: 'names in CDATA sections', people: V },
  { file: 'zip64.xlsx', producer: 'script', what: 'a ZIP64 archive', people: V },
  { file: 'binary.xlsb', producer: 'script', what: 'an Excel binary workbook (.xlsb)', refused: 'IMPORT_XLSB' },
  // made once by real programs (scripts/make-roll-fixtures-office.py)
  { file: 'openpyxl.xlsx', producer: 'openpyxl', what: 'openpyxl 3', people: V },
  { file: 'openpyxl-formulas.xlsx', producer: 'openpyxl', what: 'openpyxl writes formulas without results', errors: Object.fromEntries(C.map((k) => [k, 'CELL_FORMULA_NO_RESULT'])) },
  { file: 'xlsxwriter.xlsx', producer: 'xlsxwriter', what: 'XlsxWriter 3', people: V },
  {
    file: 'xlsxwriter-formulas.xlsx',
    producer: 'xlsxwriter',
    what: 'XlsxWriter writes 0 as every formula’s result and asks Excel to recalculate (fullCalcOnLoad)',
    notes: ['FORMULAS_NOT_CALCULATED'],
    errors: Object.fromEntries(C.map((k) => [k, 'CELL_FORMULA_NO_RESULT'])),
  },
  { file: 'libreoffice.xlsx', producer: 'libreoffice', what: 'LibreOffice Calc 7.4 xlsx', people: V },
  { file: 'python-zip64.xlsx', producer: 'python-zipfile', what: 'openpyxl.xlsx repacked by Python’s zipfile with ZIP64 forced', people: V },
  { file: 'libreoffice.ods', producer: 'libreoffice', what: 'OpenDocument spreadsheet', refused: 'IMPORT_ODS' },
  { file: 'libreoffice.xls', producer: 'libreoffice', what: 'Excel 97-2003 (BIFF8)', refused: 'IMPORT_OLD_XLS' },
  { file: 'wps.et', producer: 'libreoffice', what: 'a BIFF8 compound file named .et (WPS’s own format is a compound file too; WPS itself is not available here)', refused: 'IMPORT_WPS_ET' },
  { file: 'libreoffice-2003.xml', producer: 'libreoffice', what: 'SpreadsheetML 2003 (MS Excel 2003 XML)', refused: 'IMPORT_XML_2003' },
  { file: 'libreoffice-html.xls', producer: 'libreoffice', what: 'an HTML table saved as .xls', refused: 'IMPORT_HTML_TABLE' },
  { file: 'encrypted.xlsx', producer: 'script', what: 'a password-protected xlsx: an OLE compound file with EncryptionInfo and EncryptedPackage', refused: 'IMPORT_ENCRYPTED' },
];

/** The truth as JSON, for the office script. */
export function truthJson(): string {
  return JSON.stringify({ villagers: VILLAGERS, clerk: CLERK, members: MEMBERS, cut: CUT }, null, 1);
}
