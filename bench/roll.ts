/**
 * Roll benchmarks for `npm run bench` (bench/run.ts):
 *  - `benchRollImport()`: roll.importPreview + roll.importConfirm of a 20,000-row xlsx through
 *    station.call, against a bare exceljs read of the same file (the streaming WorkbookReader with the
 *    options the station's reader uses, every row visited), and — for reference — `xlsx.load`. Each
 *    measurement runs in its own child process, so module loading, caches and memory do not carry
 *    over; the child reports its peak RSS (process.resourceUsage().maxRSS, the kernel's high-water
 *    mark). Station and stream run three times each, alternately (median), `xlsx.load` once.
 *  - `benchRollSearch()`: roll.search through station.call over a 20,000-voter roll with a mix of
 *    queries (full names, surnames, given names, pinyin initials and syllables, ID-number tails).
 *  - `benchRollHostile()`: roll.importPreview of hostile files, each in its own child process: a
 *    1 MB zip bomb whose sheet inflates to 1 GB, and a sheet with a value in every one of Excel's
 *    1,048,576 rows. Each must be refused; the child reports the time to the refusal and its peak RSS.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import { openStation } from '../electron/station/index.js';
import { makeIdNumber } from '../shared/rules/id-number.js';
import { millionRowXlsx, zipBombXlsx } from '../scripts/roll-zip.js';
import { median, timing, type Timing } from './stats.js';

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董潘袁蔡蒋余于杜叶程魏苏吕丁任卢姚沈钟姜崔谭陆范汪廖石金韦贾夏付方邹熊白孟秦邱侯江尹薛闫段雷龙黎史陶贺毛郝顾龚邵万覃武钱戴严莫孔向常汤康易乔赖文单区仇解朴查';
const GIVEN = '伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂华建国志红玉梅兵林飞鹏辉斌波宇浩凯健俊帆帅旭宁龙';
const CATEGORIES = ['户籍在本村且居住'];

export interface RollPerson {
  name: string;
  idNumber: string;
  gender: '男' | '女';
  group: string;
  category: string;
}

/** 20,000 distinct, valid people (ID numbers unique by birth date and sequence). */
export function rollPeople(n: number): RollPerson[] {
  let seed = 42;
  const rnd = (k: number): number => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return (seed >>> 8) % k;
  };
  const out: RollPerson[] = [];
  for (let i = 0; i < n; i++) {
    const name = SURNAMES.charAt(rnd(SURNAMES.length)) + GIVEN.charAt(rnd(GIVEN.length)) + (rnd(3) > 0 ? GIVEN.charAt(rnd(GIVEN.length)) : '');
    const day = new Date(Date.UTC(1940, 0, 1 + (i % 20_000)));
    const birth = day.toISOString().slice(0, 10).replace(/-/g, '');
    const female = rnd(2) === 0;
    const seq = (Math.floor(i / 20_000) % 499) * 2 + (female ? 0 : 1);
    out.push({ name, idNumber: makeIdNumber('330102', birth, seq), gender: female ? '女' : '男', group: `第${1 + rnd(10)}组`, category: CATEGORIES[rnd(CATEGORIES.length)] ?? '' });
  }
  return out;
}

export async function writeRollXlsx(file: string, people: readonly RollPerson[]): Promise<void> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('选民名单');
  ws.addRow(['序号', '姓名', '性别', '身份证号码', '村民小组', '类别', '联系电话', '备注']);
  people.forEach((p, i) => ws.addRow([i + 1, p.name, p.gender, p.idNumber, p.group, p.category, `138${String(i).padStart(8, '0')}`, '']));
  writeFileSync(file, Buffer.from(await wb.xlsx.writeBuffer()));
}

interface ChildFigures {
  kind: string;
  ms: number;
  rows: number;
  maxRssMB: number;
  previewMs?: number;
  confirmMs?: number;
  /** hostile: the refusal's code */
  code?: string;
}

/** Runs in the child process: one measurement, printed as JSON on the last line. */
async function child(kind: string, file: string, dir: string): Promise<void> {
  let rows = 0;
  let ms = 0;
  const extra: Partial<ChildFigures> = {};
  if (kind === 'hostile') {
    const s = openStation(path.join(dir, 'station'), { backups: false });
    const r0 = s.call('election.create', { kind: 'villagers_committee', village: '青山村', township: '清河镇', electionDate: '2026-06-20', drill: true });
    if (!r0.ok) throw new Error(r0.error.message);
    const bytes = readFileSync(file);
    // as the page sends it: the file's contents
    const input = { dataBase64: bytes.toString('base64'), fileName: path.basename(file) };
    const t0 = performance.now();
    const r = s.call('roll.importPreview', input);
    ms = performance.now() - t0;
    if (r.ok) throw new Error(`${path.basename(file)} was not refused`);
    extra.code = r.error.code;
    s.close();
  } else if (kind === 'station') {
    const s = openStation(path.join(dir, 'station'), { backups: false });
    const must = (c: string, i: unknown): unknown => {
      const r = s.call(c, i);
      if (!r.ok) throw new Error(`${c}: ${r.error.code} ${r.error.message}`);
      return r.value;
    };
    must('election.create', { kind: 'villagers_committee', village: '青山村', township: '清河镇', electionDate: '2026-06-20', drill: true });
    const t0 = performance.now();
    const p = must('roll.importPreview', { dataBase64: readFileSync(file).toString('base64'), fileName: path.basename(file) }) as { previewId: string; summary: { importable: number } };
    const t1 = performance.now();
    const c = must('roll.importConfirm', { previewId: p.previewId }) as { imported: number };
    const t2 = performance.now();
    ms = t2 - t0;
    rows = c.imported;
    extra.previewMs = t1 - t0;
    extra.confirmMs = t2 - t1;
    s.close();
  } else {
    const t0 = performance.now();
    const bytes = readFileSync(file);
    if (kind === 'stream') {
      const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([bytes]), { worksheets: 'emit', sharedStrings: 'cache', styles: 'ignore', hyperlinks: 'ignore', entries: 'ignore' });
      for await (const ws of reader) for await (const _row of ws) rows++;
    } else {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(bytes as unknown as ExcelJS.Buffer);
      wb.worksheets[0]?.eachRow(() => rows++);
    }
    ms = performance.now() - t0;
  }
  const out: ChildFigures = { kind, ms, rows, maxRssMB: process.resourceUsage().maxRSS / 1024, ...extra };
  console.log(JSON.stringify(out));
}

function runChild(kind: string, file: string, dir: string): Promise<ChildFigures> {
  const self = fileURLToPath(import.meta.url);
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['--import', 'tsx', self, 'child', kind, file, dir], { encoding: 'utf8', maxBuffer: 16 << 20 }, (err, stdout, stderr) => {
      if (err) return reject(new Error(`${kind} child failed: ${stderr || err.message}`));
      const last = stdout.trim().split('\n').pop() ?? '';
      try {
        resolve(JSON.parse(last) as ChildFigures);
      } catch {
        reject(new Error(`${kind} child printed no figures: ${stdout.slice(-500)} ${stderr.slice(-500)}`));
      }
    });
  });
}

export interface RollImportFigures {
  rows: number;
  imported: number;
  station: Timing;
  previewMs: number;
  confirmMs: number;
  stream: Timing;
  load: Timing;
  ratio: number;
  ratioVsLoad: number;
  peakRssMB: number;
  streamPeakRssMB: number;
}

export async function benchRollImport(opts: { rows?: number; runs?: number } = {}): Promise<RollImportFigures> {
  const rows = opts.rows ?? 20_000;
  const runs = opts.runs ?? 3;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-roll-'));
  try {
    const file = path.join(dir, `roll-${rows}.xlsx`);
    await writeRollXlsx(file, rollPeople(rows));
    const got: Record<string, ChildFigures[]> = { station: [], stream: [], load: [] };
    for (let i = 0; i < runs; i++) {
      for (const kind of i === 0 ? (['stream', 'station', 'load'] as const) : (['stream', 'station'] as const)) {
        const runDir = mkdtempSync(path.join(dir, `${kind}-`));
        got[kind]?.push(await runChild(kind, file, runDir));
        rmSync(runDir, { recursive: true, force: true });
      }
    }
    const ms = (k: string): number[] => (got[k] ?? []).map((f) => f.ms);
    const st = got.station ?? [];
    const station = timing(ms('station'));
    const stream = timing(ms('stream'));
    const load = timing(ms('load'));
    return {
      rows,
      imported: st[0]?.rows ?? 0,
      station,
      previewMs: median(st.map((f) => f.previewMs ?? NaN)),
      confirmMs: median(st.map((f) => f.confirmMs ?? NaN)),
      stream,
      load,
      ratio: station.median / stream.median,
      ratioVsLoad: station.median / load.median,
      peakRssMB: Math.max(...st.map((f) => f.maxRssMB)),
      streamPeakRssMB: Math.max(...(got.stream ?? []).map((f) => f.maxRssMB)),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface HostileFigures {
  file: string;
  what: string;
  bytes: number;
  ms: number;
  maxRssMB: number;
  code: string;
}

/** Each hostile file refused by roll.importPreview in a child of its own (time to refusal, peak RSS). */
export async function benchRollHostile(): Promise<HostileFigures[]> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-hostile-'));
  try {
    const files: [string, string, Buffer][] = [
      ['bomb.xlsx', '1 GB sheet zip bomb', zipBombXlsx(1)],
      ['rows.xlsx', '1,048,576-row sheet', millionRowXlsx()],
    ];
    const out: HostileFigures[] = [];
    for (const [name, what, bytes] of files) {
      const file = path.join(dir, name);
      writeFileSync(file, bytes);
      const runDir = mkdtempSync(path.join(dir, 'run-'));
      const f = await runChild('hostile', file, runDir);
      out.push({ file: name, what, bytes: bytes.length, ms: f.ms, maxRssMB: f.maxRssMB, code: f.code ?? '' });
    }
    return out;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface RollSearchFigures {
  voters: number;
  queries: number;
  firstMs: number;
  search: Timing;
}

export function benchRollSearch(opts: { voters?: number; queries?: number } = {}): RollSearchFigures {
  const n = opts.voters ?? 20_000;
  const count = opts.queries ?? 2000;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-search-'));
  const s = openStation(dir, { backups: false });
  try {
    const r = s.call('election.create', { kind: 'villagers_committee', village: '青山村', township: '清河镇', electionDate: '2026-06-20', drill: true });
    if (!r.ok) throw new Error(r.error.message);
    const people = rollPeople(n);
    // The roll is written by the counting fixtures' way (straight rows); the search under test is the command.
    const ins = s.db.prepare(
      `INSERT INTO voters (name, id_number, gender, birth_date, group_name, category, at, actor)
       VALUES (?, ?, ?, ?, ?, 'resident', '2026-05-01T00:00:00.000Z', 'bench')`,
    );
    s.db.transaction(() => {
      for (const p of people) {
        const b = p.idNumber.slice(6, 14);
        ins.run(p.name, p.idNumber, p.gender === '女' ? 'F' : 'M', `${b.slice(0, 4)}-${b.slice(4, 6)}-${b.slice(6, 8)}`, p.group);
      }
    })();
    let seed = 7;
    const rnd = (k: number): number => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return (seed >>> 8) % k;
    };
    const queries: string[] = [];
    for (let i = 0; i < count; i++) {
      const v = people[rnd(people.length)] as RollPerson;
      const kind = i % 6;
      if (kind === 0) queries.push(v.name);
      else if (kind === 1) queries.push(v.name.charAt(0));
      else if (kind === 2) queries.push(v.name.slice(1));
      else if (kind === 3) queries.push(['zs', 'wf', 'lj', 'z', 'w', 'chen', 'zhangw', 'liu'][rnd(8)] as string);
      else if (kind === 4) queries.push(v.idNumber.slice(-4));
      else queries.push(v.idNumber.slice(-6));
    }
    const search = (q: string): void => {
      const r = s.call('roll.search', { query: q });
      if (!r.ok) throw new Error(`roll.search refused: ${r.error.message}`);
    };
    const t0 = performance.now();
    search('王'); // the first search builds the index
    const firstMs = performance.now() - t0;
    for (const q of queries.slice(0, 200)) search(q);
    const times: number[] = [];
    for (const q of queries) {
      const t = performance.now();
      search(q);
      times.push(performance.now() - t);
    }
    return { voters: n, queries: times.length, firstMs, search: timing(times) };
  } finally {
    s.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const [, , mode, a1, a2, a3] = process.argv;
if (mode === 'child' && a1 && a2 && a3) {
  await child(a1, a2, a3);
} else if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  console.log(JSON.stringify(benchRollSearch(), null, 1));
  console.log(JSON.stringify(await benchRollImport(), null, 1));
}
