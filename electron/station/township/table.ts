/**
 * The township report as tables: one .xlsx (the page's download and `cli township --out x.xlsx`)
 * and one .csv, with the same columns. Every village row carries its township, the station key
 * fingerprint, the result.json hash and whether the paper was checked; totals are per township and
 * kind, never one sum of villagers' committees and Party branches. Turnout is a number (per cent with
 * one decimal), not text.
 */
import { writeFileSync } from 'node:fs';
import { formatPermille, PAPER_LABELS, RESULT_TYPES, STATUS_LABELS, type TotalRow, type TownshipReport, type VillageRow } from './township.js';
import { writeXlsx, type SheetSpec } from './xlsx-write.js';

type Cell = string | number;

/** Per mille as a number of per cent with one decimal: 767 → 76.7. */
const pct = (permille: number): number => permille / 10;

export const VILLAGE_HEADERS = [
  '乡镇',
  '村',
  '类别',
  '当选人员及职务',
  '职数',
  '当选人数',
  '空缺',
  '登记选民（应到会）',
  '参加投票（实到会）',
  '参选率(%)',
  '选举是否有效',
  '投票轮次',
  '女性',
  '35岁及以下',
  '大专及以上',
  '中共党员',
  '主任（书记）',
  '一肩挑',
  '一次选举成功',
  '选举结果类型',
  '核对状态',
  '纸质核对',
  '密钥指纹',
  'result.json SHA-256',
  '选举编号',
] as const;

const yesNo = (v: boolean | null, unknown = '—'): string => (v === null ? unknown : v ? '是' : '否');

function villageCells(r: VillageRow): Cell[] {
  return [
    r.township,
    r.village,
    r.kindLabel,
    r.electedText,
    r.seats,
    r.electedCount,
    r.vacancies,
    r.registered,
    r.participants,
    pct(r.turnoutPermille),
    r.validity,
    r.rounds,
    r.women,
    r.age35OrUnder,
    r.college,
    r.partyMembers,
    r.head || (r.headElected === null ? '未报' : '未选出'),
    yesNo(r.oneShoulder),
    yesNo(r.firstRoundSuccess),
    RESULT_TYPES[r.resultType] ?? '',
    STATUS_LABELS.counted,
    r.paperChecked ? '已核对' : '未核对',
    r.keyFingerprint,
    r.resultSha256,
    r.electionId,
  ];
}

function totalCells(t: TotalRow, drill: boolean): Cell[] {
  return [
    t.township,
    `${drill ? '演练' : ''}${t.kindLabel}合计（${t.villages} 个）${drill ? '（不是正式结果）' : ''}`,
    t.kindLabel,
    '',
    t.seats,
    t.electedCount,
    t.vacancies,
    t.registered,
    t.participants,
    pct(t.turnoutPermille),
    `有效 ${t.validCount} 个，无效 ${t.villages - t.validCount} 个`,
    '',
    t.women,
    t.age35OrUnder,
    t.college,
    t.partyMembers,
    '',
    t.oneShoulder,
    t.firstRoundSuccess,
    '',
    '',
    '',
    '',
    '',
    '',
  ];
}

export const TYPE_HEADERS = ['乡镇', '类别', '村数', ...RESULT_TYPES, '一次选举成功（个）', '一次选举成功率(%)', '一肩挑（个）'] as const;

const typeCells = (t: TotalRow): Cell[] => [t.township, t.kindLabel, t.villages, ...t.resultTypes, t.firstRoundSuccess, pct(t.firstRoundPermille), t.oneShoulder];

export const PACKAGE_HEADERS = ['状态', '原因', '乡镇', '村', '类别', '密钥指纹', '登记的密钥指纹', '纸质核对', 'result.json SHA-256', '选举编号', '导出包'] as const;

const packageCells = (t: TownshipReport): Cell[][] =>
  t.packages.map((p) => [
    p.code ? `${STATUS_LABELS[p.status]}（${p.code}）` : STATUS_LABELS[p.status],
    p.reason,
    p.township,
    p.village,
    p.kindLabel,
    p.keyFingerprint ?? '',
    p.registeredFingerprints.join('、'),
    PAPER_LABELS[p.paper],
    p.resultSha256 ?? '',
    p.electionId ?? '',
    p.path,
  ]);

/** The village rows, each township's and kind's total right after its villages. */
export function summaryRows(t: TownshipReport): { rows: Cell[][]; totalIndexes: number[] } {
  const rows: Cell[][] = [];
  const totalIndexes: number[] = [];
  for (const total of t.totals) {
    for (const v of t.villages.filter((x) => x.township === total.township && x.kind === total.kind)) rows.push(villageCells(v));
    totalIndexes.push(rows.length);
    rows.push(totalCells(total, t.drill));
  }
  return { rows, totalIndexes };
}

/**
 * A cell as CSV: quoted when it holds a comma, quote or line end; a text that a spreadsheet would
 * take for a formula (starting with = + - @, or tab or CR) gets a leading apostrophe, so a village
 * named "=HYPERLINK(…)" stays text. Numbers are written as numbers.
 */
export function csvCell(v: Cell): string {
  if (typeof v === 'number') return String(v);
  const s = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** UTF-8 with a BOM, CRLF line ends: Excel on Windows opens it with the Chinese intact. */
export function tableCsv(t: TownshipReport): string {
  const line = (cells: readonly Cell[]): string => cells.map(csvCell).join(',');
  const lines = [line(VILLAGE_HEADERS), ...summaryRows(t).rows.map(line)];
  if (t.totals.length > 0) lines.push('', line(TYPE_HEADERS), ...t.totals.map((x) => line(typeCells(x))));
  lines.push('', line(PACKAGE_HEADERS), ...packageCells(t).map(line));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** The report as an .xlsx file: 乡镇汇总 (villages and totals), 结果类型 (counts per type), 导出包核对 (every package's state). */
export function tableXlsx(t: TownshipReport): Buffer {
  const { rows, totalIndexes } = summaryRows(t);
  const sheets: SheetSpec[] = [
    {
      name: t.drill ? '演练汇总' : '乡镇汇总',
      rows: [[...VILLAGE_HEADERS], ...rows],
      widths: VILLAGE_HEADERS.map((h) => (h === '当选人员及职务' ? 40 : h === '密钥指纹' ? 42 : h === 'result.json SHA-256' ? 66 : h === '选举编号' ? 38 : h === '选举结果类型' ? 30 : h === '村' ? 16 : 11)),
      boldRows: totalIndexes.map((i) => i + 1),
    },
    {
      name: '结果类型',
      rows: [[...TYPE_HEADERS], ...t.totals.map(typeCells)],
      widths: TYPE_HEADERS.map((_, i) => (i >= 3 && i < 8 ? 22 : 12)),
    },
    {
      name: '导出包核对',
      rows: [[...PACKAGE_HEADERS], ...packageCells(t)],
      widths: [14, 80, 10, 12, 8, 42, 42, 12, 66, 38, 60],
    },
  ];
  return writeXlsx(sheets);
}

export function writeTableFile(t: TownshipReport, file: string): void {
  if (/\.csv$/i.test(file)) writeFileSync(file, tableCsv(t), 'utf8');
  else if (/\.xlsx$/i.test(file)) writeFileSync(file, tableXlsx(t));
  else throw new Error('输出文件的扩展名应为 .xlsx 或 .csv');
}

export { formatPermille };
