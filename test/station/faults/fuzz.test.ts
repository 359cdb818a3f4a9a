/**
 * Issue 6 — bad input: every command in the contract gets malformed and hostile input (wrong types,
 * huge strings, control characters, SQL text, negative and enormous numbers, unknown ids). Each must
 * answer a validation error or a refusal (or a legitimate answer), never throw, and a refused command
 * must leave the database file byte-for-byte unchanged.
 */
import fc from 'fast-check';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contract } from '../../../shared/contract.js';
import { openStation, type Station } from '../../../electron/station/index.js';

let dir: string;
let station: Station;

function digest(s: Station): string {
  s.db.pragma('wal_checkpoint(TRUNCATE)');
  return createHash('sha256').update(readFileSync(s.dbFile)).digest('hex');
}

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'station-fuzz-'));
  station = openStation(dir, { backups: false, now: () => new Date('2026-05-10T09:00:00+08:00') });
  const r = station.run('election.create', {
    kind: 'villagers_committee',
    village: '青山村',
    township: '清河镇',
    electionDate: '2026-06-20',
    drill: true,
  });
  expect(r.ok).toBe(true);
});

afterAll(() => {
  station.close();
  rmSync(dir, { recursive: true, force: true });
});

const hostileString = fc.oneof(
  fc.constant(''),
  fc.constant("'; DROP TABLE voters; --"),
  fc.constant('1 OR 1=1'),
  fc.constant('\u0000\u0001\u0007\u001b[31m'),
  fc.constant('x'.repeat(100_000)),
  fc.constant('𠮷䶮\u202e\ufeff'),
  fc.constant('../../../../etc/passwd'),
  fc.string({ maxLength: 30 }),
);
const hostileNumber = fc.oneof(
  fc.constant(-1),
  fc.constant(0),
  fc.constant(2 ** 53),
  fc.constant(Number.MAX_VALUE),
  fc.constant(1.5),
  fc.constant(Number.NaN),
  fc.integer({ min: 999_999, max: 2 ** 31 }),
);
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  hostileString,
  hostileNumber,
  fc.constant(null),
  fc.boolean(),
  fc.array(hostileString, { maxLength: 3 }),
  fc.dictionary(hostileString, hostileString, { maxKeys: 3 }),
);

/** Inputs shaped like the command's own fields but with hostile values, plus wholly wrong shapes. */
function inputsFor(name: string): fc.Arbitrary<unknown> {
  const spec = contract[name as keyof typeof contract];
  const shape = (spec.input as unknown as { shape?: Record<string, unknown> }).shape ?? {};
  const keys = Object.keys(shape);
  const shaped =
    keys.length > 0
      ? fc.record(Object.fromEntries(keys.map((k) => [k, hostileValue])) as Record<string, fc.Arbitrary<unknown>>, {
          requiredKeys: [],
        })
      : fc.constant({});
  return fc.oneof(shaped, fc.anything({ maxDepth: 2 }), hostileString, hostileNumber);
}

describe('fuzzing every command with malformed and hostile input', () => {
  for (const name of Object.keys(contract)) {
    it(`${name}: validation error or refusal, never a crash; refused leaves the database unchanged`, () => {
      fc.assert(
        fc.property(inputsFor(name), (input) => {
          const before = digest(station);
          let r;
          try {
            r = station.call(name, input);
          } catch (e) {
            throw new Error(`${name} threw on ${JSON.stringify(input)?.slice(0, 200)}: ${(e as Error).stack}`);
          }
          if (!r.ok) {
            expect(typeof r.error.code).toBe('string');
            expect(r.error.message).toMatch(/\p{Script=Han}/u);
            expect(digest(station)).toBe(before);
          }
        }),
        { numRuns: 25, seed: 20261122 },
      );
    });
  }

  it('the audit chain still verifies after the fuzzing', () => {
    const r = station.recheck();
    expect(r.audit.ok).toBe(true);
    expect(r.integrity.ok).toBe(true);
  });
});
