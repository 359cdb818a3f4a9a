import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const fixtures = join(root, 'test', 'fixtures', 'scenarios');
// The same tsx that `npx tsx` / `npm run cli` resolve to, called directly so npm's own notices on
// stderr cannot be mistaken for the CLI's output.
const tsx = join(root, 'node_modules', '.bin', process.platform === 'win32' ? 'tsx.cmd' : 'tsx');
const run = promisify(execFile);

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

async function cli(...args: string[]): Promise<Outcome> {
  try {
    const { stdout, stderr } = await run(tsx, ['electron/cli.ts', 'tally', ...args], { cwd: root });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const x = e as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof x.code === 'number' ? x.code : -1, stdout: x.stdout ?? '', stderr: x.stderr ?? '' };
  }
}

let dir = '';
function file(name: string, content: string): string {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
}
const good = JSON.parse(readFileSync(join(fixtures, 'villagers-basic.json'), 'utf8')) as Record<string, unknown>;
const variant = (patch: Record<string, unknown>): string => JSON.stringify({ ...good, ...patch });

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'tally-cli-'));
});

describe('CLI tally: worked examples', () => {
  const names = readdirSync(fixtures)
    .filter((f) => f.endsWith('.expected.json'))
    .map((f) => f.slice(0, -'.expected.json'.length));
  for (const name of names) {
    it(`${name}: JSON on stdout, exit 0, same as expected`, async () => {
      const out = await cli(join(fixtures, `${name}.json`));
      expect(out.stderr).toBe('');
      expect(out.code).toBe(0);
      expect(JSON.parse(out.stdout)).toEqual(JSON.parse(readFileSync(join(fixtures, `${name}.expected.json`), 'utf8')));
    });
  }
});

describe('CLI tally: bad input → exit 2, one JSON line on stderr, nothing on stdout', () => {
  const cases: Array<[string, () => string, RegExp]> = [
    ['unreadable file', () => join(dir, 'missing.json'), /missing\.json: cannot read file/],
    ['not JSON', () => file('bad.json', '{"kind": '), /^scenario: not valid JSON/],
    ['wrong kind', () => file('kind.json', variant({ kind: 'county_congress' })), /^scenario\.kind: expected one of villagers_committee/],
    ['zero seats', () => file('seats.json', variant({ positions: [{ id: 'chair', name: '主任', seats: 1 }, { id: 'member', name: '委员', seats: 0 }] })), /^scenario\.positions\[1\]\.seats: expected a positive integer$/],
    ['unknown candidate id', () => file('cand.json', variant({ ballots: [{ votes: { chair: ['c1'] } }, { votes: { chair: ['c99'] } }] })), /^scenario\.ballots\[1\]\.votes\.chair\[0\]: unknown candidate "c99"$/],
    ['unknown position id', () => file('pos.json', variant({ ballots: [{ votes: { mayor: ['c1'] } }] })), /^scenario\.ballots\[0\]\.votes\.mayor: unknown position "mayor"$/],
    ['candidate on unknown position', () => file('cpos.json', variant({ candidates: [{ id: 'c1', name: '张三', position: 'mayor' }] })), /^scenario\.candidates\[0\]\.position: unknown position "mayor"$/],
    ['negative count', () => file('neg.json', variant({ participants: -3 })), /^scenario\.participants: expected a non-negative integer$/],
    ['negative ballot count', () => file('negb.json', variant({ ballots: [{ count: -1 }] })), /^scenario\.ballots\[0\]\.count: expected a positive integer$/],
    ['unknown rule parameter', () => file('rule.json', variant({ rules: { overvoteScopes: 'ballot' } })), /^scenario\.rules\.overvoteScopes: unknown rule parameter$/],
    ['bad rule value', () => file('rule2.json', variant({ rules: { combinedCounting: 'upward' } })), /^scenario\.rules\.combinedCounting: expected one of none, downward$/],
  ];
  for (const [label, make, pattern] of cases) {
    it(label, async () => {
      const out = await cli(make());
      expect(out.code).toBe(2);
      expect(out.stdout).toBe('');
      const lines = out.stderr.split('\n').filter((l) => l !== '');
      expect(lines).toHaveLength(1);
      const parsed = JSON.parse(lines[0] ?? '') as { error: string };
      expect(Object.keys(parsed)).toEqual(['error']);
      expect(parsed.error).toMatch(pattern);
    });
  }

  it('no file argument', async () => {
    const out = await cli();
    expect(out.code).toBe(2);
    expect(out.stdout).toBe('');
    expect(JSON.parse(out.stderr.trim())).toHaveProperty('error');
  });
});
