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
import { makeIdNumber } from '../../../shared/rules/index.js';
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

/**
 * The 2026 commands on an election with people in it: ids are small integers, so many name real
 * voters, candidates, relations and boxes and the handlers' own checks run (not only the schema).
 */
describe('fuzzing the 2026 commands on a populated election (E8, E10, X1–X5, B5, E6, P9)', () => {
  let d2: string;
  let s2: Station;
  beforeAll(() => {
    d2 = mkdtempSync(path.join(os.tmpdir(), 'station-fuzz2-'));
    s2 = openStation(d2, { backups: false, now: () => new Date('2026-05-10T09:00:00+08:00') });
    const run = (c: string, i: unknown) => {
      const r = s2.call(c, i);
      if (!r.ok) throw new Error(`${c}: ${r.error.message}`);
      return r.value as Record<string, unknown>;
    };
    run('election.create', { kind: 'villagers_committee', village: '青山村', township: '清河镇', electionDate: '2026-06-20', drill: true, profile: 'zhejiang' });
    const ids = ['张三', '李四', '王芳', '刘强', '陈明', '赵六'].map(
      (name, i) => (run('roll.add', { name, idNumber: makeIdNumber('330102', '19700101', 101 + 2 * i), category: 'resident', group: '一组' }).voter as { id: number }).id,
    );
    run('candidate.add', { voterId: ids[0], position: 'chair', education: 'college', partyMember: false });
    run('candidate.relate', { voterId: ids[0], otherVoterId: ids[3], relation: 'sibling' });
    run('box.add', { key: 'm1', name: '流动票箱一' });
    run('box.addVoters', { key: 'm1', voterIds: [ids[4]] });
  });
  afterAll(() => {
    s2.close();
    rmSync(d2, { recursive: true, force: true });
  });

  it('E8 X3 B5 the refusals the issue names say the rule and change nothing (run before the fuzzing changes the election)', () => {
    const before = digest(s2);
    const unknown = s2.call('candidate.relate', { voterId: 1, otherVoterId: 999, relation: 'spouse' });
    expect(!unknown.ok && unknown.error.code).toBe('VOTER_NOT_FOUND');
    const toCandidate = s2.call('proxy.add', { principalId: 2, trusteeId: 1, relation: 'other_villager', writtenRef: '委托书9' });
    expect(!toCandidate.ok && [toCandidate.error.code, /X3/.test(toCandidate.error.message)]).toEqual(['X3_CANDIDATE_TRUSTEE', true]);
    const unlisted = s2.call('box.removeVoter', { key: 'm1', voterId: 2, reason: '不在名单' });
    expect(!unlisted.ok && unlisted.error.code).toBe('BOX_VOTER_NOT_LISTED');
    const withProxyTarget = s2.call('box.addVoters', { key: 'm1', voterIds: [1, 999] });
    expect(!withProxyTarget.ok && withProxyTarget.error.code).toBe('VOTER_NOT_FOUND');
    expect(digest(s2)).toBe(before);
    const r = s2.recheck();
    expect(r.audit.ok && r.integrity.ok).toBe(true);
  });

  const smallId = fc.oneof(fc.integer({ min: 1, max: 8 }), hostileNumber);
  const inputs: Record<string, fc.Arbitrary<unknown>> = {
    'candidate.relate': fc.record({ voterId: smallId, otherVoterId: smallId, relation: fc.oneof(fc.constantFrom('spouse', 'sibling', 'lineal_other', 'other_villager'), hostileString) }),
    'candidate.unrelate': fc.record({ relativeId: smallId, reason: hostileString }),
    'candidate.review': fc.record({ candidateId: smallId, outcome: fc.constantFrom('passed', 'failed', 'maybe'), ref: hostileString, reviewer: hostileString }),
    'proxy.add': fc.record({ principalId: smallId, trusteeId: smallId, relation: fc.constantFrom('child', 'other_villager', 'neighbour'), writtenRef: hostileString }),
    'box.addVoters': fc.record({ key: fc.constantFrom('m1', 'main', 'zz', '__proto__'), voterIds: fc.array(smallId, { maxLength: 4 }) }),
    'box.removeVoter': fc.record({ key: fc.constantFrom('m1', 'main'), voterId: smallId, reason: hostileString }),
    'box.approve': fc.record({ key: fc.constantFrom('m1', 'main', 'x'), ref: hostileString }),
    'box.publish': fc.record({ key: fc.constantFrom('m1', 'main'), publishedOn: fc.constantFrom('2026-06-01', '2026-02-30', 'x') }),
    'official.remove': fc.record({ officialId: smallId, reason: hostileString }),
    'round.leaveUnfilled': fc.record({ reason: hostileString }),
    'round.reduceSeats': fc.record({ position: fc.constantFrom('chair', 'member', 'x'), seats: smallId, consent: smallId }),
  };
  for (const [name, arb] of Object.entries(inputs)) {
    it(`${name}: a refusal in Chinese leaves the database unchanged; never a crash`, () => {
      fc.assert(
        fc.property(arb, (input) => {
          const before = digest(s2);
          let r;
          try {
            r = s2.call(name, input);
          } catch (e) {
            throw new Error(`${name} threw on ${JSON.stringify(input)?.slice(0, 200)}: ${(e as Error).stack}`);
          }
          if (!r.ok) {
            expect(r.error.message).toMatch(/\p{Script=Han}/u);
            expect(digest(s2)).toBe(before);
          }
        }),
        { numRuns: 40, seed: 20261129 },
      );
    });
  }

});
