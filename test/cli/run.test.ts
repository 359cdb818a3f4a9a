/**
 * `cli run --data DIR FILE`: a JSON-lines script of station commands in one process. Each result is a
 * line on stdout; the first refusal stops the script with its line number; a malformed line stops it
 * before anything runs.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { makeIdNumber } from '../../shared/rules/index.js';
import { openStation } from '../../electron/station/index.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const tsx = path.join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs');
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
const tmp = (): string => {
  const d = mkdtempSync(path.join(os.tmpdir(), 'cli-run-'));
  dirs.push(d);
  return d;
};

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string; ms: number; lines: Array<Record<string, unknown>> }> {
  const t0 = Date.now();
  let r: { code: number; stdout: string; stderr: string };
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [tsx, 'electron/cli.ts', ...args], { cwd: root, maxBuffer: 64 * 1024 * 1024 });
    r = { code: 0, stdout, stderr };
  } catch (e) {
    const x = e as { code: number; stdout: string; stderr: string };
    r = { code: x.code, stdout: x.stdout, stderr: x.stderr };
  }
  const ms = Date.now() - t0;
  // `run` prints one JSON object a line; `call` prints one indented object
  const lines = args[0] === 'run' ? r.stdout.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>) : [];
  return { ...r, ms, lines };
}

const line = (command: string, input: unknown = {}) => JSON.stringify({ command, input });

describe('cli run', () => {
  it('runs 100 commands in one process, one result line each, the election as the commands left it', async () => {
    const dir = tmp();
    const script = [
      '# a drill: one village, 98 voters',
      line('election.create', { kind: 'villagers_committee', village: '演练村', township: '清河镇', electionDate: '2026-12-20', drill: true }),
      ...Array.from({ length: 98 }, (_, i) => line('roll.add', { name: `村民${i + 1}`, idNumber: makeIdNumber('330102', '19700101', 101 + 2 * i), category: 'resident', group: '一组' })),
      '',
      line('roll.publish', { publishedOn: '2026-11-20' }),
    ];
    const file = path.join(tmp(), 'drill.jsonl');
    writeFileSync(file, script.join('\n'));
    const r = await cli(['run', '--data', dir, file]);
    expect(r.code).toBe(0);
    expect(r.lines).toHaveLength(100);
    expect(r.lines.every((l) => l.ok === true)).toBe(true);
    expect(r.lines[0]).toMatchObject({ line: 2, command: 'election.create' });
    expect(r.lines[99]).toMatchObject({ line: 102, command: 'roll.publish', value: { voterCount: 98 } });
    const one = await cli(['call', '--data', dir, 'roll.list', '{"limit":1}']);
    expect(one.code).toBe(0);
    // how long a script of 100 takes beside one call (a process start dominates both; figures in the note)
    console.log(`cli run: 100 commands ${r.ms} ms; one cli call ${one.ms} ms`);
    const s = openStation(dir);
    try {
      expect(s.report.audit.ok).toBe(true);
      expect(s.db.prepare('SELECT COUNT(*) FROM voters').pluck().get()).toBe(98);
    } finally {
      s.close();
    }
  });

  it('stops at the first refusal with its line number; what came before stays done', async () => {
    const dir = tmp();
    const file = path.join(tmp(), 's.jsonl');
    writeFileSync(
      file,
      [
        line('election.create', { kind: 'villagers_committee', village: '演练村', township: '清河镇', electionDate: '2026-12-20', drill: true }),
        line('roll.add', { name: '甲', idNumber: makeIdNumber('330102', '19700101', 101), category: 'resident' }),
        line('roll.add', { name: '乙', idNumber: makeIdNumber('330102', '19700101', 101), category: 'resident' }),
        line('roll.add', { name: '丙', idNumber: makeIdNumber('330102', '19700101', 103), category: 'resident' }),
      ].join('\n'),
    );
    const r = await cli(['run', '--data', dir, file]);
    expect(r.code).toBe(1);
    expect(r.lines.map((l) => [l.line, l.ok])).toEqual([
      [1, true],
      [2, true],
      [3, false],
    ]);
    expect((r.lines[2]?.error as { code: string }).code).toBe('R3_ALREADY_REGISTERED');
  });

  it('a malformed line stops the script before anything runs (exit 2, the line named)', async () => {
    const dir = tmp();
    const file = path.join(tmp(), 'bad.jsonl');
    writeFileSync(file, [line('election.create', { kind: 'villagers_committee', village: '村', township: '镇', electionDate: '2026-12-20', drill: true }), '{"command": "roll.add", "input": {', line('roll.list')].join('\n'));
    const r = await cli(['run', '--data', dir, file]);
    expect(r.code).toBe(2);
    expect(r.lines).toEqual([expect.objectContaining({ line: 2, ok: false })]);
    expect(String((r.lines[0]?.error as { message: string }).message)).toContain('第 2 行');
    const extra = await cli(['run', '--data', dir, path.join(tmp(), 'missing.jsonl')]);
    expect(extra.code).toBe(2);
    expect(extra.stderr).toContain('读不出脚本文件');
  });
});
