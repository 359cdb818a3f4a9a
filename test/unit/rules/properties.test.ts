import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tally, type ScenarioBallot, type ScenarioInput, type TallyResult } from '../../../shared/rules/index.js';

/**
 * Random rounds over a fixed election (chair 1 seat, vice 1, member 3) with random ballots that
 * over-vote, write in, repeat people across positions and are sometimes unreadable, under random
 * rule parameters.
 */
const positions = [
  { id: 'chair', name: '主任', seats: 1 },
  { id: 'vice', name: '副主任', seats: 1 },
  { id: 'member', name: '委员', seats: 3 },
];
const candidates = [
  { id: 'a', name: '甲', position: 'chair' },
  { id: 'b', name: '乙', position: 'chair' },
  { id: 'c', name: '乙', position: 'vice' },
  { id: 'd', name: '丁', position: 'vice' },
  { id: 'e', name: '戊', position: 'member' },
  { id: 'f', name: '己', position: 'member' },
  { id: 'g', name: '庚', position: 'member' },
  { id: 'h', name: '辛', position: 'member' },
  { id: 'i', name: '壬', position: 'member' },
];
const idsOf = (p: string) => candidates.filter((c) => c.position === p).map((c) => c.id);

const selections = (p: string) =>
  fc.array(fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...idsOf(p)) }, { weight: 1, arbitrary: fc.constantFrom('甲', '乙', '癸', '子').map((w) => ({ writeIn: w })) }), {
    maxLength: 5,
  }).map((xs) => xs.filter((x, i) => typeof x !== 'string' || xs.indexOf(x) === i)); // ids appear once per list

const ballotArb: fc.Arbitrary<ScenarioBallot> = fc.record({
  count: fc.integer({ min: 1, max: 20 }),
  votes: fc.record({ chair: selections('chair'), vice: selections('vice'), member: selections('member') }, { requiredKeys: [] }),
  unreadable: fc.oneof(fc.constant(undefined), fc.constant(true), fc.constant(['vice'])),
}).map((b) => (b.unreadable === undefined ? { count: b.count, votes: b.votes } : b) as ScenarioBallot);

const rulesArb = fc.record({
  overvoteScope: fc.constantFrom('position', 'ballot'),
  samePersonMultiplePositions: fc.constantFrom('invalidate_ballot', 'keep_highest', 'count_all'),
  unreadableScope: fc.constantFrom('ballot', 'position'),
  combinedCounting: fc.constantFrom('none', 'downward'),
});

const scenarioArb: fc.Arbitrary<ScenarioInput> = fc
  .record({
    kind: fc.constantFrom('villagers_committee', 'party_branch', 'residents_committee'),
    round: fc.constantFrom('main', 'runoff', 'supplementary'),
    rules: rulesArb,
    ballots: fc.array(ballotArb, { maxLength: 12 }),
    slack: fc.integer({ min: 0, max: 40 }),
  })
  .map(({ kind, round, rules, ballots, slack }) => {
    const cast = ballots.reduce((n, b) => n + b.count, 0);
    return { kind, round, rules, positions, candidates, registered: cast + slack, participants: cast, ballots } as ScenarioInput;
  });

function run(s: ScenarioInput): TallyResult {
  const r = tally(s);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

describe('tally properties', () => {
  it('valid + invalid = cast, blank ≤ valid', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const { ballots } = run(s);
        expect(ballots.valid + ballots.invalid).toBe(ballots.cast);
        expect(ballots.blank).toBeLessThanOrEqual(ballots.valid);
      }),
      { numRuns: 150 },
    );
  });

  it("no position's direct votes exceed valid ballots × seats", () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const r = run({ ...s, rules: { ...(s.rules ?? {}), combinedCounting: 'none' } });
        for (const p of r.positions) {
          const sum = Object.values(p.votes).reduce((a, b) => a + b, 0);
          expect(sum).toBeLessThanOrEqual((r.ballots.valid - (p.invalid - r.ballots.invalid)) * p.seats);
          expect(sum).toBeLessThanOrEqual(r.ballots.valid * p.seats);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('elected + seats awaiting a run-off + unfilled = seats', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        for (const p of run(s).positions) {
          const awaiting = p.tied.length > 0 ? p.seats - p.elected.length : 0;
          expect(p.elected.length + awaiting + p.unfilled).toBe(p.seats);
          expect(p.elected.length).toBeLessThanOrEqual(p.seats);
          if (p.tied.length > 0) expect(p.tied.length).toBeGreaterThan(p.seats - p.elected.length);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('shuffling the ballots changes nothing', () => {
    fc.assert(
      fc.property(
        scenarioArb.chain((s) => fc.shuffledSubarray(s.ballots, { minLength: s.ballots.length, maxLength: s.ballots.length }).map((shuffled) => [s, { ...s, ballots: shuffled }] as const)),
        ([a, b]) => {
          expect(JSON.stringify(run(b))).toBe(JSON.stringify(run(a)));
        },
      ),
      { numRuns: 150 },
    );
  });

  it('main round: one more "for" vote for an elected candidate never un-elects them', () => {
    fc.assert(
      fc.property(scenarioArb, fc.nat(), (s0, pick) => {
        // one extra participant casting a ballot for just that candidate
        const s: ScenarioInput = { ...s0, round: 'main' };
        const before = run(s);
        const electedCands = before.positions.flatMap((p) => p.elected.map((name) => ({ p: p.id, name }))).filter(({ p, name }) => candidates.some((c) => c.position === p && c.name === name));
        if (electedCands.length === 0) return;
        const target = electedCands[pick % electedCands.length];
        if (!target) return;
        const cid = candidates.find((c) => c.position === target.p && c.name === target.name)?.id ?? '';
        const after = run({ ...s, registered: s.registered + 1, participants: s.participants + 1, ballots: [...s.ballots, { count: 1, votes: { [target.p]: [cid] } }] });
        expect(after.positions.find((p) => p.id === target.p)?.elected).toContain(target.name);
      }),
      { numRuns: 150 },
    );
  });
});
