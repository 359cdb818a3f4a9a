/**
 * readRollFile on a 20,000-row xlsx against a bare exceljs read of the same bytes
 * (run: npx tsx test/station/import/read-timing.ts [rows]). Not a test: timings depend on the machine.
 * Each measurement runs in its own child process so memory figures do not mix.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import { readRollFile } from '../../../electron/station/import/index.js';
import { makeIdNumber } from '../../../shared/rules/id-number.js';

const [, , arg, mode, file] = process.argv;

async function measure(kind: string, path: string): Promise<void> {
  const bytes = new Uint8Array(readFileSync(path));
  const before = process.memoryUsage().rss;
  const t = performance.now();
  let rows = 0;
  if (kind === 'roll') {
    const r = await readRollFile(bytes, 'roll.xlsx');
    rows = r.ok ? r.value.rows.length : -1;
  } else if (kind === 'load') {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(bytes) as unknown as ExcelJS.Buffer);
    wb.worksheets[0]?.eachRow(() => rows++);
  } else {
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([Buffer.from(bytes)]), { worksheets: 'emit', sharedStrings: 'cache', styles: 'ignore', hyperlinks: 'ignore', entries: 'ignore' });
    for await (const ws of reader) for await (const _row of ws) rows++;
  }
  const ms = performance.now() - t;
  console.log(`${kind.padEnd(7)} ${rows} rows  ${ms.toFixed(0)} ms  rss +${((process.memoryUsage().rss - before) / 1e6).toFixed(0)} MB`);
}

if (mode && file) {
  await measure(mode, file);
} else {
  const n = Number(arg ?? 20_000);
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('选民');
  ws.addRow(['序号', '姓名', '性别', '身份证号码', '村民小组', '类别', '联系电话', '备注']);
  for (let i = 0; i < n; i++) {
    ws.addRow([i + 1, `张${i}`, i % 2 ? '男' : '女', makeIdNumber('330102', '19700101', i % 1000), `第${i % 10}组`, '户籍在本村且居住', '13800138000', '']);
  }
  const path = join(tmpdir(), `roll-timing-${n}.xlsx`);
  writeFileSync(path, Buffer.from(await wb.xlsx.writeBuffer()));
  const self = fileURLToPath(import.meta.url);
  for (const kind of ['stream', 'load', 'roll', 'stream', 'load', 'roll']) {
    process.stdout.write(execFileSync(process.execPath, ['--import', 'tsx', self, String(n), kind, path], { encoding: 'utf8' }));
  }
}
