/**
 * `cli commands`            every command name with its input as JSON Schema
 * `cli call --data DIR [--key-dir KEYDIR] COMMAND 'JSON'`   one command against the election in DIR
 *     output JSON on stdout, exit 0; validation error exit 2; refusal exit 1 with {"error":{code,message}}
 *     A command that takes a file's contents (roll.importPreview, roll.importConfirm) also takes
 *     {"path": FILE} here, and only here: the command line reads the file (a regular file of bounded
 *     size, see readRollPath) and passes its contents; the window and the browser host cannot.
 * `cli demo --data DIR [--key-dir KEYDIR]`     a complete, realistic demo election (counted main round)
 * KEYDIR is the station key folder (signing key, head key, head records), as for `cli export`:
 * by default `<parent of DIR>/.station-key` (or $VES_STATION_KEY_DIR). One election is used with one
 * key folder: another folder's key does not match what was recorded, and the election opens read-only.
 */
import path from 'node:path';
import { setStationKeyDir } from '../station/export/keys.js';
import { z } from 'zod';
import { contract } from '../../shared/contract.js';
import { openStation } from '../station/index.js';
import { rollFileInput } from '../station/import/index.js';
import { fail, ok, type Result } from '../../shared/result.js';

const out = (v: unknown): void => void process.stdout.write(JSON.stringify(v, null, 2) + '\n');
const err = (v: unknown): void => void process.stderr.write(JSON.stringify(v) + '\n');

function option(args: string[], name: string): { value: string | undefined; rest: string[] } {
  const i = args.indexOf(name);
  if (i === -1) return { value: undefined, rest: args };
  const value = args[i + 1];
  return { value, rest: [...args.slice(0, i), ...args.slice(i + 2)] };
}

export function runCommands(): number {
  const list = Object.entries(contract).map(([name, spec]) => ({
    name,
    summary: spec.summary,
    mutates: spec.mutates,
    input: z.toJSONSchema(spec.input, { io: 'input', unrepresentable: 'any' }),
  }));
  out(list);
  return 0;
}

/**
 * A command that takes a file's contents (roll.importPreview, roll.importConfirm) also takes
 * {"path": FILE} on the command line, and only there: the file is read here (a regular file of
 * bounded size, see readRollPath) and its contents passed on. Any other input is returned as it is.
 */
export function readFileInput(command: string, input: unknown): Result<unknown> {
  if (!(command in contract) || !input || typeof input !== 'object' || !('path' in input)) return ok(input);
  const shape = (contract[command as keyof typeof contract].input as z.ZodObject).shape as Record<string, unknown> | undefined;
  if (!shape || !('dataBase64' in shape)) return ok(input);
  const { path: given, ...rest } = input as { path: unknown };
  if (typeof given !== 'string') return fail('VALIDATION', '输入有误：path 应为文件路径');
  const file = rollFileInput(given);
  if (!file.ok) return file;
  return ok({ ...rest, ...file.value });
}

export function runCall(args: string[]): number {
  const { value: dataDir, rest: rest0 } = option(args, '--data');
  const { value: keyDir, rest } = option(rest0, '--key-dir');
  const { value: actor, rest: rest2 } = option(rest, '--actor');
  if (keyDir) setStationKeyDir(path.resolve(keyDir));
  if (!dataDir) {
    err({ error: { code: 'USAGE', message: '用法：cli call --data 目录 命令 \'{"json":"输入"}\'' } });
    return 2;
  }
  const [command, json = '{}'] = rest2;
  if (!command) {
    err({ error: { code: 'USAGE', message: '缺少命令名，`cli commands` 列出全部命令。' } });
    return 2;
  }
  let input: unknown;
  try {
    input = JSON.parse(json);
  } catch (e) {
    err({ error: { code: 'VALIDATION', message: `输入不是有效的 JSON：${(e as Error).message}` } });
    return 2;
  }
  const withFile = readFileInput(command, input);
  if (!withFile.ok) {
    err({ error: withFile.error });
    return withFile.error.code === 'VALIDATION' ? 2 : 1;
  }
  input = withFile.value;
  const station = openStation(dataDir, actor ? { actor } : {});
  try {
    const r = station.call(command, input);
    if (r.ok) {
      out(r.value);
      return 0;
    }
    err({ error: r.error });
    return r.error.code === 'VALIDATION' || r.error.code === 'UNKNOWN_COMMAND' ? 2 : 1;
  } finally {
    station.close();
  }
}

export async function runDemo(args: string[]): Promise<number> {
  const { value: dataDir } = option(args, '--data');
  const { value: keyDir } = option(args, '--key-dir');
  if (!dataDir) {
    err({ error: { code: 'USAGE', message: '用法：cli demo --data 目录 [--village 村名] [--key-dir 密钥目录]' } });
    return 2;
  }
  if (keyDir) setStationKeyDir(path.resolve(keyDir));
  const { buildDemo } = await import('../station/demo.js');
  const { value: village } = option(args, '--village');
  const r = buildDemo(dataDir, village ? { village } : {});
  if (!r.ok) {
    err({ error: r.error });
    return 1;
  }
  out(r.value);
  return 0;
}
