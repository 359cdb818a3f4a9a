/**
 * The demo election through the command line, as a township trainer would use it: `cli demo` builds a
 * realistic election, `cli call … count.tally` gives a plausible result, `cli export` writes the package, `cli verify` checks it and `cli township --drill`
 * totals two demo villages once their keys are registered from the QR codes of their result reports
 * (`--keys`, `--add`); a real summary refuses drill packages.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { footerQr } from '../forms/pdf.js';

const root = join(import.meta.dirname, '..', '..');
const tsx = join(root, 'node_modules', '.bin', process.platform === 'win32' ? 'tsx.cmd' : 'tsx');
const run = promisify(execFile);

async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(tsx, ['electron/cli.ts', ...args], { cwd: root, maxBuffer: 64 * 1024 * 1024 });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const x = e as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof x.code === 'number' ? x.code : -1, stdout: x.stdout ?? '', stderr: x.stderr ?? '' };
  }
}

let dir = '';
const packages: string[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cli-demo-'));
  mkdirSync(join(dir, 'usb'));
  for (const village of ['东山村', '西山村']) {
    // one station key folder for everything done to these elections (the head records are keyed with it)
    const d = await cli('demo', '--data', join(dir, village), '--village', village, '--key-dir', join(dir, 'key'));
    expect(d.code, d.stderr).toBe(0);
    const e = await cli('export', '--data', join(dir, village), '--to', join(dir, 'usb'), '--key-dir', join(dir, 'key'));
    expect(e.code, e.stderr).toBe(0);
    packages.push(e.stdout.trim());
  }
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('cli demo', () => {
  it('builds a realistic drill election whose count.tally is plausible', async () => {
    const summary = JSON.parse((await cli('call', '--data', join(dir, '东山村'), '--key-dir', join(dir, 'key'), 'election.get', '{}')).stdout) as { drill: boolean; village: string };
    expect(summary.drill).toBe(true);
    expect(summary.village).toBe('东山村');
    const t = await cli('call', '--data', join(dir, '东山村'), '--key-dir', join(dir, 'key'), 'count.tally', '{}');
    expect(t.code, t.stderr).toBe(0);
    const tally = JSON.parse(t.stdout) as {
      valid: boolean;
      ballots: { cast: number; valid: number; invalid: number; blank: number };
      positions: { id: string; elected: string[]; unfilled: number }[];
    };
    expect(tally.valid).toBe(true);
    expect(tally.ballots.cast).toBe(245);
    expect(tally.ballots.valid + tally.ballots.invalid).toBe(tally.ballots.cast);
    expect(tally.positions.find((p) => p.id === 'chair')?.elected).toHaveLength(1);
    expect(tally.positions.find((p) => p.id === 'member')?.elected).toHaveLength(4);

    const roll = await cli('call', '--data', join(dir, '东山村'), '--key-dir', join(dir, 'key'), 'turnout.get', '{}');
    const turnout = JSON.parse(roll.stdout) as { registered: number; participants: number };
    expect(turnout.registered).toBe(300);
    expect(turnout.participants).toBe(245);
  }, 60_000);

  it('verify accepts each demo package with a one-line summary', async () => {
    for (const p of packages) {
      const v = await cli('verify', p);
      expect(v.code, v.stdout + v.stderr).toBe(0);
      expect(v.stdout.trim().split('\n')).toHaveLength(1);
      expect(v.stdout).toContain('导出包完整');
    }
  }, 60_000);

  it('a real township summary refuses the drill packages and exits 1; --drill with the key register totals both villages', async () => {
    const keys = join(dir, 'key-register.jsonl');
    // the trainer scans each village's printed result report: the QR code on the exported PDF
    const adds = packages.flatMap((p) => ['--add', footerQr(join(p, 'forms', '选举结果报告单.pdf'), 1) ?? '']);
    const csv = join(dir, 'real.csv');
    const real = await cli('township', '--keys', keys, ...adds, '--by', '培训员', '--out', csv, ...packages);
    expect(real.code).toBe(1);
    expect(real.stdout).toContain('已登记：演示镇东山村村委会的计票站密钥');
    expect(real.stderr).toContain('[DRILL]');
    expect(real.stdout).toContain('0 个导出包计入汇总');

    const drillCsv = join(dir, 'drill.csv');
    const drill = await cli('township', '--drill', '--keys', keys, '--out', drillCsv, ...packages);
    expect(drill.code, drill.stderr).toBe(0);
    expect(drill.stdout).toContain('2 个导出包计入演练汇总');
    const text = readFileSync(drillCsv, 'utf8');
    expect(text).toContain('东山村');
    expect(text).toContain('西山村');
    const totalLine = text.split('\r\n').find((l) => l.split(',')[1]?.startsWith('演练村委会合计')) ?? '';
    const cells = totalLine.split(',');
    expect(cells[0]).toBe('演示镇');
    expect(cells[7]).toBe('600'); // registered: 300 + 300
    expect(cells[8]).toBe('490'); // participants: 245 + 245
    expect(cells[9]).toBe('81.7'); // 490 / 600, a number rounded half up
  }, 60_000);

  it('a tampered demo package is refused by verify and by the drill summary', async () => {
    const copy = join(dir, 'tampered');
    mkdirSync(copy);
    await run('cp', ['-r', packages[0] as string, copy]);
    const pkg = join(copy, (packages[0] as string).split('/').pop() as string);
    const result = join(pkg, 'result.json');
    writeFileSync(result, readFileSync(result, 'utf8').replace('"participants":245', '"participants":246'));
    const v = await cli('verify', pkg);
    expect(v.code).toBe(1);
    expect(v.stdout).toContain('result.json');
    const t = await cli('township', '--drill', '--keys', join(dir, 'key-register.jsonl'), '--out', join(dir, 't.csv'), pkg, packages[1] as string);
    expect(t.code).toBe(0);
    expect(t.stderr).toContain('[TAMPERED]');
    expect(t.stdout).toContain('1 个导出包计入演练汇总');
  }, 60_000);
});
