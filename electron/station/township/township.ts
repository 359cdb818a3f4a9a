/**
 * 乡镇汇总: many village packages verified and totalled. A package is refused with its reason when it
 * fails verification (tampered), repeats an election already imported (duplicate) or is a drill
 * (演练 data never mixes with real results). Totals use integer arithmetic only.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { realFs, type PackageFs } from '../export/fs-layer.js';
import { RESULT, verifyPackage } from '../export/package.js';
import { writeXlsx } from './xlsx-write.js';

export interface TownshipRow {
  electionId: string;
  village: string;
  township: string;
  kind: string;
  registered: number;
  participants: number;
  turnoutPermille: number;
  valid: boolean;
  validity: string;
  rounds: number;
  elected: number;
  women: number;
  age35OrUnder: number;
  college: number;
  partyMembers: number;
  chairAlsoSecretary: number;
}

export interface TownshipRefusal {
  path: string;
  code: 'TAMPERED' | 'DUPLICATE' | 'DRILL' | 'NOT_A_PACKAGE';
  reason: string;
}

export interface TownshipTable {
  /** A drill summary (演练汇总) takes only drill packages; a real one only real packages. */
  drill: boolean;
  villages: TownshipRow[];
  total: TownshipRow;
  byKind: TownshipRow[];
  refused: TownshipRefusal[];
}

const ResultFile = z.object({
  election: z.object({ id: z.string(), kind: z.string(), village: z.string(), township: z.string() }),
  drill: z.boolean(),
  turnout: z.object({ registered: z.number().int(), excluded: z.number().int(), participants: z.number().int() }).nullable(),
  rounds: z.array(z.object({ number: z.number().int(), kind: z.string(), tally: z.object({ valid: z.boolean(), reasons: z.array(z.string()) }) })),
  elected: z.array(
    z.object({
      gender: z.enum(['M', 'F']).nullable(),
      age: z.number().int().nullable(),
      collegeOrAbove: z.boolean(),
      partyMember: z.boolean().nullable(),
      chairAlsoPartySecretary: z.boolean(),
    }),
  ),
});

const REASONS: Record<string, string> = {
  TURNOUT_NOT_MAJORITY: '参加投票未过半（E1）',
  QUORUM_NOT_MET: '到会不足五分之四（P4）',
  BALLOTS_EXCEED_COMPARATOR: '收回选票多于投票人数（B4）',
};

const KIND: Record<string, string> = { villagers_committee: '村委会', residents_committee: '居委会', party_branch: '党组织' };

export const turnoutPermille = (participants: number, registered: number): number => (registered > 0 ? Math.floor((1000 * participants) / registered) : 0);

export function formatPermille(p: number): string {
  return `${Math.floor(p / 10)}.${p % 10}%`;
}

function rowOf(r: z.infer<typeof ResultFile>): TownshipRow {
  const main = r.rounds.find((x) => x.kind === 'main') ?? r.rounds[0];
  const registered = r.turnout ? r.turnout.registered - r.turnout.excluded : 0;
  const participants = r.turnout?.participants ?? 0;
  const valid = main?.tally.valid ?? false;
  return {
    electionId: r.election.id,
    village: r.election.village,
    township: r.election.township,
    kind: KIND[r.election.kind] ?? r.election.kind,
    registered,
    participants,
    turnoutPermille: turnoutPermille(participants, registered),
    valid,
    validity: !main ? '无确认结果' : valid ? '有效' : `无效：${main.tally.reasons.map((x) => REASONS[x] ?? x).join('、')}`,
    rounds: r.rounds.length,
    elected: r.elected.length,
    women: r.elected.filter((p) => p.gender === 'F').length,
    age35OrUnder: r.elected.filter((p) => p.age !== null && p.age <= 35).length,
    college: r.elected.filter((p) => p.collegeOrAbove).length,
    partyMembers: r.elected.filter((p) => p.partyMember === true).length,
    chairAlsoSecretary: r.elected.some((p) => p.chairAlsoPartySecretary) ? 1 : 0,
  };
}

export function totalRow(rows: readonly TownshipRow[]): TownshipRow {
  const sum = (k: keyof TownshipRow): number => rows.reduce((n, r) => n + (r[k] as number), 0);
  const registered = sum('registered');
  const participants = sum('participants');
  const validCount = rows.filter((r) => r.valid).length;
  return {
    electionId: '',
    village: `合计（${rows.length} 个村）`,
    township: rows[0]?.township ?? '',
    kind: '',
    registered,
    participants,
    turnoutPermille: turnoutPermille(participants, registered),
    valid: validCount === rows.length,
    validity: `有效 ${validCount} 个，无效 ${rows.length - validCount} 个`,
    rounds: sum('rounds'),
    elected: sum('elected'),
    women: sum('women'),
    age35OrUnder: sum('age35OrUnder'),
    college: sum('college'),
    partyMembers: sum('partyMembers'),
    chairAlsoSecretary: sum('chairAlsoSecretary'),
  };
}

export function importPackages(paths: readonly string[], o: { fs?: PackageFs; drill?: boolean } = {}): TownshipTable {
  const drill = o.drill ?? false;
  const fs = o.fs ?? realFs;
  const villages: TownshipRow[] = [];
  const refused: TownshipRefusal[] = [];
  const seen = new Map<string, string>();
  for (const p of paths) {
    const v = verifyPackage(p, { fs });
    if (!v.manifest && v.problems.some((x) => x.code === 'NOT_FOUND' || x.file === 'manifest.json')) {
      refused.push({ path: p, code: 'NOT_A_PACKAGE', reason: `不是导出包：${v.problems[0]?.message ?? ''}` });
      continue;
    }
    if (!v.ok) {
      refused.push({ path: p, code: 'TAMPERED', reason: `核对不通过，拒收：${v.summary}` });
      continue;
    }
    let parsed: z.infer<typeof ResultFile>;
    try {
      parsed = ResultFile.parse(JSON.parse(fs.readFile(path.join(p, RESULT)).toString('utf8')));
    } catch {
      refused.push({ path: p, code: 'NOT_A_PACKAGE', reason: '结果文件格式不对，无法汇总' });
      continue;
    }
    if (parsed.drill && !drill) {
      refused.push({ path: p, code: 'DRILL', reason: `${parsed.election.village}的这个包是演练数据，不能计入正式汇总` });
      continue;
    }
    if (!parsed.drill && drill) {
      refused.push({ path: p, code: 'DRILL', reason: `${parsed.election.village}的这个包是正式选举数据，不能计入演练汇总；请去掉“演练汇总”后再导入` });
      continue;
    }
    const first = seen.get(parsed.election.id);
    if (first !== undefined) {
      refused.push({ path: p, code: 'DUPLICATE', reason: `与已导入的 ${first} 是同一次选举（选举编号 ${parsed.election.id}），重复的包不再计入` });
      continue;
    }
    seen.set(parsed.election.id, p);
    villages.push(rowOf(parsed));
  }
  villages.sort((a, b) => a.village.localeCompare(b.village, 'zh-Hans-CN'));
  const kinds = [...new Set(villages.map((v) => v.kind))];
  const byKind =
    kinds.length > 1
      ? kinds.map((k) => {
          const rows = villages.filter((v) => v.kind === k);
          return { ...totalRow(rows), kind: k, village: `${k}合计（${rows.length} 个）` };
        })
      : [];
  const total = totalRow(villages);
  // A drill summary says so in its total row, which every output (screen, csv, xlsx, CLI) shows.
  if (drill) total.village = `演练${total.village}（不是正式结果）`;
  return { drill, villages, total, byKind, refused };
}

export const TABLE_HEADERS = [
  '村',
  '类别',
  '登记选民（应到会）',
  '参加投票（实到会）',
  '参选率',
  '选举是否有效',
  '投票轮次',
  '当选人数',
  '女性',
  '35岁及以下',
  '大专及以上',
  '中共党员',
  '主任书记一肩挑',
  '选举编号',
] as const;

export function tableRows(t: TownshipTable): (string | number)[][] {
  const row = (r: TownshipRow, total: boolean): (string | number)[] => [
    r.village,
    r.kind,
    r.registered,
    r.participants,
    formatPermille(r.turnoutPermille),
    r.validity,
    r.rounds,
    r.elected,
    r.women,
    r.age35OrUnder,
    r.college,
    r.partyMembers,
    total ? r.chairAlsoSecretary : r.chairAlsoSecretary ? '是' : '否',
    r.electionId,
  ];
  return [...t.villages.map((r) => row(r, false)), ...t.byKind.map((r) => row(r, true)), row(t.total, true)];
}

const csvCell = (v: string | number): string => {
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** UTF-8 with a BOM, CRLF line ends: Excel on Windows opens it with the Chinese intact. */
export function tableCsv(t: TownshipTable): string {
  const lines = [TABLE_HEADERS.map(csvCell).join(','), ...tableRows(t).map((r) => r.map(csvCell).join(','))];
  if (t.refused.length > 0) {
    lines.push('', '拒收的导出包,原因');
    for (const r of t.refused) lines.push(`${csvCell(r.path)},${csvCell(r.reason)}`);
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** The table as an .xlsx file: the summary sheet (header, villages, bold totals) and the refused packages. */
export function tableXlsx(t: TownshipTable): Buffer {
  const rows = tableRows(t);
  return writeXlsx([
    {
      name: t.drill ? '演练汇总' : '乡镇汇总',
      rows: [[...TABLE_HEADERS], ...rows],
      widths: TABLE_HEADERS.map((_, i) => (i === 0 ? 22 : i === 5 ? 28 : i === TABLE_HEADERS.length - 1 ? 38 : 12)),
      boldRows: rows.slice(t.villages.length).map((_, i) => t.villages.length + 1 + i),
    },
    ...(t.refused.length > 0 ? [{ name: '拒收', rows: [['导出包', '原因'], ...t.refused.map((r) => [r.path, r.reason])], widths: [60, 80] }] : []),
  ]);
}

export function writeTableFile(t: TownshipTable, file: string): void {
  if (/\.csv$/i.test(file)) writeFileSync(file, tableCsv(t), 'utf8');
  else if (/\.xlsx$/i.test(file)) writeFileSync(file, tableXlsx(t));
  else throw new Error('输出文件的扩展名应为 .xlsx 或 .csv');
}
