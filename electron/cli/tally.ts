/**
 * `station tally FILE`: the rules engine on one scenario (docs: scenario-format.md). The result goes
 * to stdout; any input problem is ONE line `{"error":"<field path>: <what>"}` on stderr with exit 2
 * and nothing on stdout, so scripts can tell the two apart by exit code alone.
 */
import { readFileSync } from 'node:fs';
import { tally, validateScenarioJson } from '../../shared/rules/index.js';

function refuse(message: string): number {
  process.stderr.write(JSON.stringify({ error: message }) + '\n');
  return 2;
}

export function runTally(args: string[]): number {
  const [file, ...extra] = args;
  if (file === undefined || extra.length > 0) return refuse('usage: tally FILE (one scenario JSON file)');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const why = e instanceof Error && 'code' in e ? String((e as NodeJS.ErrnoException).code) : 'unreadable';
    return refuse(`${file}: cannot read file (${why})`);
  }
  // A UTF-8 BOM (Windows Notepad) is not a format error.
  const parsed = validateScenarioJson(text.replace(/^\uFEFF/, ''));
  if (!parsed.ok) return refuse(parsed.error.message);
  const result = tally(parsed.value);
  if (!result.ok) return refuse(result.error.message);
  process.stdout.write(JSON.stringify(result.value, null, 2) + '\n');
  return 0;
}
