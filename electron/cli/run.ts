/**
 * `cli run --data DIR [--key-dir KEYDIR] [--actor NAME] FILE`: a script of station commands, one JSON object a line
 *   {"command": "roll.add", "input": {...}, "pin": "1234"}      (pin optional; blank and # lines skipped)
 * run in one process against one open election, in order, each in its own transaction as from the
 * window. One JSON result per line on stdout: {"line", "command", "ok": true, "value"}. The first
 * refusal is printed the same way with "ok": false and its error, and stops the script (exit 1); a
 * malformed line stops it with exit 2 naming the line. Trainers script drills with it, and tests use
 * it instead of one process per command.
 */
import { lstatSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { setStationKeyDir } from '../station/export/keys.js';
import { z } from 'zod';
import { openStation } from '../station/index.js';
import { readFileInput } from './station.js';

const MAX_SCRIPT_BYTES = 64 * 1024 * 1024;

const LineSchema = z.strictObject({
  command: z.string().min(1).max(100),
  input: z.unknown().optional(),
  pin: z.string().max(20).optional(),
});

const emit = (v: unknown): void => void process.stdout.write(JSON.stringify(v) + '\n');
const usage = (message: string): number => {
  process.stderr.write(JSON.stringify({ error: { code: 'USAGE', message } }) + '\n');
  return 2;
};

function option(args: string[], name: string): { value: string | undefined; rest: string[] } {
  const i = args.indexOf(name);
  if (i === -1) return { value: undefined, rest: args };
  return { value: args[i + 1], rest: [...args.slice(0, i), ...args.slice(i + 2)] };
}

export function runScript(args: string[]): number {
  const { value: dataDir, rest: rest0 } = option(args, '--data');
  const { value: keyDir, rest } = option(rest0, '--key-dir');
  const { value: actor, rest: rest2 } = option(rest, '--actor');
  // as `cli call`: one election is used with one station key folder (default <parent of DIR>/.station-key)
  if (keyDir) setStationKeyDir(path.resolve(keyDir));
  const [file, ...extra] = rest2;
  if (!dataDir || !file || extra.length > 0) return usage('用法：cli run --data 目录 [--key-dir 密钥目录] [--actor 姓名] 脚本文件（每行一个 {"command":…,"input":…}）');
  let text: string;
  try {
    const st = lstatSync(file);
    if (!st.isFile()) return usage(`${file} 不是普通文件。`);
    if (st.size > MAX_SCRIPT_BYTES) return usage(`${file} 太大（${st.size} 字节），脚本不能超过 64 MB。`);
    text = readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
  } catch (e) {
    return usage(`读不出脚本文件 ${file}（${(e as NodeJS.ErrnoException).code ?? 'error'}）。`);
  }
  // Every line is checked before anything runs: a typo on line 90 must not leave 89 commands done.
  const steps: { line: number; command: string; input: unknown; pin?: string }[] = [];
  for (const [i, raw] of text.split(/\r?\n/).entries()) {
    const t = raw.trim();
    if (t === '' || t.startsWith('#')) continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(t);
    } catch (e) {
      emit({ line: i + 1, ok: false, error: { code: 'VALIDATION', message: `第 ${i + 1} 行不是有效的 JSON：${(e as Error).message}` } });
      return 2;
    }
    const step = LineSchema.safeParse(parsed);
    if (!step.success) {
      const issue = step.error.issues[0];
      emit({ line: i + 1, ok: false, error: { code: 'VALIDATION', message: `第 ${i + 1} 行格式不对：${issue?.path.join('.') || '(行)'} ${issue?.message ?? ''}`.trim() } });
      return 2;
    }
    const input = readFileInput(step.data.command, step.data.input ?? {});
    if (!input.ok) {
      emit({ line: i + 1, command: step.data.command, ok: false, error: input.error });
      return input.error.code === 'VALIDATION' ? 2 : 1;
    }
    steps.push({ line: i + 1, command: step.data.command, input: input.value, ...(step.data.pin !== undefined ? { pin: step.data.pin } : {}) });
  }
  const station = openStation(dataDir, actor ? { actor } : {});
  try {
    for (const s of steps) {
      const r = station.call(s.command, s.input, s.pin !== undefined ? { pin: s.pin } : {});
      if (!r.ok) {
        emit({ line: s.line, command: s.command, ok: false, error: r.error });
        return r.error.code === 'VALIDATION' || r.error.code === 'UNKNOWN_COMMAND' ? 2 : 1;
      }
      emit({ line: s.line, command: s.command, ok: true, value: r.value });
    }
    return 0;
  } finally {
    station.close();
  }
}
