/**
 * `npm run bench`: the station's speed targets, each measured against its baseline in the same run.
 * Prints one table and writes bench/results.json. Setup (rolls, ballots, files) is not timed; what
 * is timed goes through the station's real code path (station.call, the form renderer, export).
 * A bench that cannot run says "not measured: <reason>" in its row instead of failing the rest.
 */
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchRecordBallot, benchTally } from './counting.js';
import { benchBallotPaper, benchExportVerify, benchResultReport } from './forms-export.js';
import { benchRollHostile, benchRollImport, benchRollSearch } from './roll.js';
import { benchTownship } from './township.js';

interface Row {
  operation: string;
  size: string;
  /** ms */
  median: number | null;
  /** ms */
  p95: number | null;
  /** ms, the same run's baseline */
  baseline: number | null;
  ratio: number | null;
  goal: string;
  pass: boolean | null;
  note?: string;
}

const rows: Row[] = [];
const details: Record<string, unknown> = {};
const started = performance.now();

const round = (x: number | null, d = 2): number | null => (x === null || !Number.isFinite(x) ? null : Number(x.toFixed(d)));

function add(r: Row): void {
  rows.push({ ...r, median: round(r.median), p95: round(r.p95), baseline: round(r.baseline), ratio: round(r.ratio, 3) });
}

function notMeasured(operation: string, size: string, goal: string, e: unknown): void {
  const reason = e instanceof Error ? e.message.split('\n')[0] : String(e);
  add({ operation, size, median: null, p95: null, baseline: null, ratio: null, goal, pass: null, note: `not measured: ${reason}` });
}

/** `npm run bench -- --only tally,search`: run only the sections whose names contain one of the words. */
const onlyArg = process.argv.indexOf('--only');
const only = onlyArg >= 0 ? (process.argv[onlyArg + 1] ?? '').split(',').filter((w) => w !== '') : [];

async function section(name: string, fn: () => Promise<void> | void, onError: (e: unknown) => void): Promise<void> {
  if (only.length > 0 && !only.some((w) => name.includes(w))) return;
  const t = performance.now();
  process.stderr.write(`bench: ${name}…`);
  try {
    await fn();
  } catch (e) {
    onError(e);
  }
  process.stderr.write(` ${((performance.now() - t) / 1000).toFixed(1)} s\n`);
}

await section(
  'record ballot',
  () => {
    const f = benchRecordBallot();
    details.recordBallot = f;
    add({
      operation: 'count.recordBallot vs raw insert',
      size: `${f.preRecorded} recorded`,
      median: f.station.median,
      p95: f.station.p95,
      baseline: f.raw.median,
      ratio: f.ratio,
      goal: 'ratio ≤ 2',
      pass: f.ratio <= 2,
    });
  },
  (e) => notMeasured('count.recordBallot vs raw insert', '2000 recorded', 'ratio ≤ 2', e),
);

await section(
  'tally',
  () => {
    const f = benchTally();
    details.tally = f;
    add({ operation: 'count.tally (after a new ballot)', size: `${f.ballots} ballots, 5 pos, 15 cand`, median: f.cold.median, p95: f.cold.p95, baseline: null, ratio: null, goal: '< 30 ms', pass: f.cold.median < 30 });
    add({ operation: 'count.tally (repeat, no write)', size: `${f.ballots} ballots`, median: f.warm.median, p95: f.warm.p95, baseline: null, ratio: null, goal: '(info)', pass: null });
    add({ operation: 'count.tally (first after open)', size: `${f.ballots} ballots`, median: f.first, p95: null, baseline: null, ratio: null, goal: '(info)', pass: null });
  },
  (e) => notMeasured('count.tally', '20000 ballots', '< 30 ms', e),
);

await section(
  'roll import',
  async () => {
    const f = await benchRollImport();
    details.rollImport = f;
    add({
      operation: 'roll.importPreview+Confirm vs exceljs stream',
      size: `${f.rows} rows xlsx`,
      median: f.station.median,
      p95: f.station.p95,
      baseline: f.stream.median,
      ratio: f.ratio,
      goal: 'ratio ≤ 1.5',
      pass: f.ratio <= 1.5,
      note: `preview ${f.previewMs.toFixed(0)} ms + confirm ${f.confirmMs.toFixed(0)} ms; vs xlsx.load ${f.load.median.toFixed(0)} ms: ratio ${f.ratioVsLoad.toFixed(2)}`,
    });
    add({
      operation: 'peak RSS during import (MB)',
      size: `${f.rows} rows xlsx`,
      median: f.peakRssMB,
      p95: null,
      baseline: f.streamPeakRssMB,
      ratio: f.peakRssMB / f.streamPeakRssMB,
      goal: '< 400 MB',
      pass: f.peakRssMB < 400,
      note: 'child process maxRSS (MB, not ms); baseline = the bare stream read',
    });
  },
  (e) => {
    notMeasured('roll.importPreview+Confirm vs exceljs stream', '20000 rows xlsx', 'ratio ≤ 1.5', e);
    notMeasured('peak RSS during import (MB)', '20000 rows xlsx', '< 400 MB', e);
  },
);

await section(
  'roll hostile files',
  async () => {
    const figures = await benchRollHostile();
    details.rollHostile = figures;
    for (const f of figures) {
      const size = `${f.what} (${(f.bytes / 1024 / 1024).toFixed(1)} MB file)`;
      add({ operation: 'roll.importPreview refuses a hostile file', size, median: f.ms, p95: null, baseline: null, ratio: null, goal: '< 3000 ms', pass: f.ms < 3000 && f.code !== '', note: `refused ${f.code}` });
      add({ operation: 'peak RSS refusing a hostile file (MB)', size, median: f.maxRssMB, p95: null, baseline: null, ratio: null, goal: '< 300 MB', pass: f.maxRssMB < 300, note: 'child process maxRSS (MB, not ms), station and tsx loader included' });
    }
  },
  (e) => {
    notMeasured('roll.importPreview refuses a hostile file', 'zip bomb, 1,048,576 rows', '< 3000 ms', e);
    notMeasured('peak RSS refusing a hostile file (MB)', 'zip bomb, 1,048,576 rows', '< 300 MB', e);
  },
);

await section(
  'roll search',
  () => {
    const f = benchRollSearch();
    details.rollSearch = f;
    add({ operation: 'roll.search', size: `${f.voters} voters, ${f.queries} queries`, median: f.search.median, p95: f.search.p95, baseline: null, ratio: null, goal: 'p95 < 2 ms', pass: f.search.p95 < 2, note: `first search (builds the index) ${f.firstMs.toFixed(0)} ms` });
  },
  (e) => notMeasured('roll.search', '20000 voters', 'p95 < 2 ms', e),
);

await section(
  'result report',
  async () => {
    const f = await benchResultReport();
    details.resultReport = f;
    add({ operation: 'result report PDF vs raw pdfkit', size: `${f.pages} pages, ${f.runs} runs`, median: f.stationMs, p95: null, baseline: f.rawMs, ratio: f.ratio, goal: 'ratio < 1.3', pass: f.ratio < 1.3 });
  },
  (e) => notMeasured('result report PDF vs raw pdfkit', '', 'ratio < 1.3', e),
);

await section(
  'ballot paper',
  async () => {
    const f = await benchBallotPaper();
    details.ballotPaper = f;
    add({ operation: 'ballot paper PDF, 1 copy', size: `${(f.oneBytes / 1024).toFixed(0)} KB`, median: f.oneMs, p95: null, baseline: null, ratio: null, goal: '< 500 ms', pass: f.oneMs < 500 });
    add({
      operation: `ballot paper PDF, ${f.copies} copies`,
      size: `${(f.manyBytes / 1024).toFixed(0)} KB`,
      median: f.manyMs,
      p95: null,
      baseline: f.oneMs,
      ratio: f.manyMs / f.oneMs,
      goal: '< 2000 ms',
      pass: f.manyMs < 2000,
      note: 'every copy is a page pointing at the first copy’s content stream',
    });
  },
  (e) => notMeasured('ballot paper PDF', '', '< 500 ms', e),
);

await section(
  'export+verify',
  async () => {
    const f = await benchExportVerify();
    details.exportVerify = f;
    add({ operation: 'export + verify', size: `${f.ballots} ballots, ${f.files} files`, median: f.totalMs, p95: null, baseline: null, ratio: null, goal: '< 2000 ms', pass: f.totalMs < 2000, note: `export ${f.exportMs.toFixed(0)} ms + verify ${f.verifyMs.toFixed(0)} ms` });
  },
  (e) => notMeasured('export + verify', '5000 ballots', '< 2000 ms', e),
);

await section(
  'township',
  async () => {
    const f = await benchTownship();
    details.township = f;
    const size = `${f.villages} packages × ${f.ballots} ballots (${f.totalMB.toFixed(0)} MB)`;
    add({
      operation: 'township verify + total (vs verify only)',
      size,
      median: f.township.ms,
      p95: null,
      baseline: f.verifyOnly.ms,
      ratio: f.township.ms / f.verifyOnly.ms,
      goal: '< 10000 ms',
      pass: f.township.ms < 10000,
      note: `CPU time ${f.township.cpuMs.toFixed(0)} ms (verify only ${f.verifyOnly.cpuMs.toFixed(0)} ms); load average ${f.load.toFixed(1)} on ${os.cpus().length} cores; ${f.township.counted} counted, xlsx ${(f.township.xlsxBytes / 1024).toFixed(0)} kB; setup ${(f.setupMs / 1000).toFixed(0)} s`,
    });
    add({
      operation: 'peak RSS township (MB)',
      size,
      median: f.township.maxRssMB,
      p95: null,
      baseline: f.verifyOnly.maxRssMB,
      ratio: f.township.maxRssMB / f.verifyOnly.maxRssMB,
      goal: '< 500 MB',
      pass: f.township.maxRssMB < 500,
      note: 'child process maxRSS (MB, not ms); baseline = verify only',
    });
  },
  (e) => {
    notMeasured('township verify + total (vs verify only)', '300 packages × 2000 ballots', '< 10000 ms', e);
    notMeasured('peak RSS township (MB)', '300 packages × 2000 ballots', '< 500 MB', e);
  },
);

await section(
  'ballot entry (UI)',
  async () => {
    const m = (await import('./ballot-entry.js')) as { benchBallotEntry?: () => Promise<{ median: number; p95: number; n?: number; samples?: number; preRecorded?: number }> };
    if (typeof m.benchBallotEntry !== 'function') throw new Error('bench/ballot-entry.ts does not export benchBallotEntry');
    const f = await m.benchBallotEntry();
    details.ballotEntry = f;
    const n = f.n ?? f.samples ?? null;
    add({
      operation: 'ballot entry in the UI (Enter → pad + hall)',
      size: `${n ?? '?'} ballots${f.preRecorded !== undefined ? `, ${f.preRecorded} recorded` : ''}`,
      median: f.median,
      p95: f.p95,
      baseline: null,
      ratio: null,
      goal: '< 50 ms',
      pass: f.median < 50,
    });
  },
  (e) => notMeasured('ballot entry in the UI (Enter → pad + hall)', '', '< 50 ms', e),
);

const totalS = (performance.now() - started) / 1000;
const fmt = (x: number | null, d = 2): string => (x === null ? '—' : x.toFixed(d));
const table = rows.map((r) => ({
  operation: r.operation,
  size: r.size,
  median: fmt(r.median),
  p95: fmt(r.p95),
  baseline: fmt(r.baseline),
  ratio: fmt(r.ratio, 2),
  goal: r.goal,
  result: r.note?.startsWith('not measured') ? r.note : r.pass === null ? 'info' : r.pass ? 'pass' : 'FAIL',
}));
const cols = Object.keys(table[0] ?? {}) as (keyof (typeof table)[number])[];
const width = (s: string): number => [...s].reduce((n, ch) => n + ((ch.codePointAt(0) ?? 0) > 0x2e80 ? 2 : 1), 0);
const w = cols.map((c) => Math.max(width(c), ...table.map((t) => width(t[c]))));
const line = (cells: string[]): string => cells.map((c, i) => c + ' '.repeat(Math.max(0, (w[i] ?? 0) - width(c)))).join('  ');
console.log(line(cols.map(String)));
console.log(line(w.map((n) => '-'.repeat(n))));
for (const t of table) console.log(line(cols.map((c) => t[c])));
for (const r of rows) if (r.note && !r.note.startsWith('not measured')) console.log(`  ${r.operation}: ${r.note}`);
console.log(`times in ms (RSS row in MB); ${os.cpus().length} cores, Node ${process.version}; total ${totalS.toFixed(0)} s`);

const out = path.join(path.dirname(fileURLToPath(import.meta.url)), only.length > 0 ? 'results-partial.json' : 'results.json');
writeFileSync(out, `${JSON.stringify({ at: new Date().toISOString(), node: process.version, cores: os.cpus().length, totalSeconds: round(totalS, 1), rows, details }, null, 2)}\n`);
console.log(`written ${path.relative(process.cwd(), out)}`);
process.exit(0);
