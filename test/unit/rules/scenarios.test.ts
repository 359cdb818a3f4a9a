import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tally, validateScenarioJson } from '../../../shared/rules/index.js';

const dir = join(import.meta.dirname, '..', '..', 'fixtures', 'scenarios');
const names = readdirSync(dir)
  .filter((f) => f.endsWith('.json') && !f.endsWith('.expected.json'))
  .map((f) => f.slice(0, -'.json'.length))
  .filter((n) => readdirSync(dir).includes(`${n}.expected.json`));

describe('worked scenario examples (scenario-format.md)', () => {
  it('has examples', () => expect(names.length).toBeGreaterThanOrEqual(4));

  for (const name of names) {
    it(`${name} matches its expected output exactly, key order included`, () => {
      const parsed = validateScenarioJson(readFileSync(join(dir, `${name}.json`), 'utf8'));
      expect(parsed.ok).toBe(true);
      if (!parsed.ok) return;
      const r = tally(parsed.value);
      expect(r.ok).toBe(true);
      if (!r.ok) return;
      const expected: unknown = JSON.parse(readFileSync(join(dir, `${name}.expected.json`), 'utf8'));
      expect(r.value).toEqual(expected);
      // toEqual ignores key order; the doc fixes the order of `votes`, so compare text too.
      expect(JSON.stringify(r.value)).toBe(JSON.stringify(expected));
    });
  }
});

describe('the shared examples (../shared/scenarios) are the fixtures the tests run', () => {
  const shared = join(import.meta.dirname, '..', '..', '..', '..', 'shared', 'scenarios');
  let files: string[] = [];
  try {
    files = readdirSync(shared).filter((f) => f.endsWith('.json'));
  } catch {
    // ../shared is not beside every checkout; the fixtures then stand alone
  }
  it.skipIf(files.length === 0)('E8 every shared example and its expected output has an identical copy in test/fixtures/scenarios', () => {
    for (const f of files) {
      expect(JSON.parse(readFileSync(join(dir, f), 'utf8')), f).toEqual(JSON.parse(readFileSync(join(shared, f), 'utf8')));
    }
  });
});
