/**
 * The figures a post's table prints (F3, P7, V1, V3, V4): counted by hand for a small election and
 * compared with positionMarks, and the two identities every table prints checked on random ballots.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { positionMarks } from '../../../shared/rules/marks.js';
import type { ScenarioBallot, ScenarioInput } from '../../../shared/rules/index.js';

const villagers = (ballots: ScenarioBallot[], rules: Record<string, unknown> = {}): ScenarioInput => ({
  kind: 'villagers_committee',
  rules,
  positions: [
    { id: 'chair', name: '主任', seats: 1 },
    { id: 'member', name: '委员', seats: 2 },
  ],
  candidates: [
    { id: 'a', name: '张三', position: 'chair' },
    { id: 'b', name: '李四', position: 'chair' },
    { id: 'x', name: '王芳', position: 'member' },
    { id: 'y', name: '赵敏', position: 'member' },
    { id: 'z', name: '钱七', position: 'member' },
  ],
  registered: 20,
  participants: 12,
  ballots,
});

function marks(s: ScenarioInput) {
  const r = positionMarks(s);
  if (!r.ok) throw new Error(r.error.message);
  return Object.fromEntries(r.value.map((p) => [p.id, p]));
}

describe('F3 per-post figures that add up', () => {
  it('V1 position scope, V3 whole ballot, V4 blank: counted by hand', () => {
    // 12 ballots: 5 × (张三; 王芳 赵敏), 3 × (李四; 王芳), 2 × (张三; 王芳 赵敏 钱七 = over-vote on 委员 only),
    // 1 blank, 1 unreadable.
    const m = marks(
      villagers([
        { count: 5, votes: { chair: ['a'], member: ['x', 'y'] } },
        { count: 3, votes: { chair: ['b'], member: ['x'] } },
        { count: 2, votes: { chair: ['a'], member: ['x', 'y', 'z'] } },
        { count: 1 },
        { count: 1, unreadable: true },
      ]),
    );
    // 主任: counted 5+3+2+1 = 11, void 1; choices 5+3+2 = 10, unused 1 (the blank): 10 + 1 + 1 = 12.
    expect(m.chair).toMatchObject({ cast: 12, counted: 11, invalid: 1, wholeInvalid: 1, choices: 10, unused: 1, writeIns: 0 });
    // 委员 (2 seats): counted 5+3+1 = 9, void 2+1 = 3; choices 10+3 = 13; unused 0+3+2 = 5: 13 + 5 + 3×2 = 24 = 12 × 2.
    expect(m.member).toMatchObject({ cast: 12, counted: 9, invalid: 3, wholeInvalid: 1, choices: 13, unused: 5 });
    expect(m.member?.candidates.find((c) => c.name === '王芳')).toEqual({ name: '王芳', for: 8, against: 0, abstain: 1, invalid: 3 });
    expect(m.member?.candidates.find((c) => c.name === '钱七')).toEqual({ name: '钱七', for: 0, against: 0, abstain: 9, invalid: 3 });
  });

  it('P7 party ballots: 赞成 / 反对 / 弃权 / 无效 per candidate; a write-in counts as a choice, not as a candidate', () => {
    const s: ScenarioInput = {
      kind: 'party_branch',
      positions: [{ id: 'member', name: '委员', seats: 2 }],
      candidates: [
        { id: 'p', name: '甲', position: 'member' },
        { id: 'q', name: '乙', position: 'member' },
        { id: 'r', name: '丙', position: 'member' },
      ],
      registered: 10,
      participants: 10,
      ballots: [
        { count: 4, votes: { member: ['p', 'q'] }, against: { member: ['r'] } },
        { count: 3, votes: { member: ['p', { writeIn: '丁' }] }, against: { member: ['q', 'r'] } },
        { count: 2, votes: { member: ['p'] } },
        // over-vote: 3 choices for 2 seats, the whole ballot is void (the party profile's overvoteScope)
        { count: 1, votes: { member: ['p', 'q', 'r'] } },
      ],
    };
    const m = marks(s).member;
    expect(m).toMatchObject({ cast: 10, counted: 9, invalid: 1, wholeInvalid: 1, choices: 8 + 6 + 2, unused: 2, writeIns: 3 });
    expect(m?.candidates).toEqual([
      { name: '甲', for: 9, against: 0, abstain: 0, invalid: 1 },
      { name: '乙', for: 4, against: 3, abstain: 2, invalid: 1 },
      { name: '丙', for: 0, against: 7, abstain: 2, invalid: 1 },
    ]);
  });

  it('on any ballots: choices + unused = seats × counted, counted + void = cast, and each candidate row adds up to cast', () => {
    const sel = fc.subarray(['a', 'b']);
    const mem = fc.subarray(['x', 'y', 'z']);
    const ballot = fc.record({ count: fc.integer({ min: 1, max: 4 }), chair: sel, member: mem, unreadable: fc.boolean() });
    fc.assert(
      fc.property(fc.array(ballot, { maxLength: 12 }), fc.constantFrom('position', 'ballot'), (bs, scope) => {
        const ballots: ScenarioBallot[] = bs.map((b) => (b.unreadable ? { count: b.count, unreadable: true } : { count: b.count, votes: { chair: b.chair, member: b.member } }));
        const cast = ballots.reduce((n, b) => n + b.count, 0);
        const s = villagers(ballots, { overvoteScope: scope });
        s.registered = Math.max(cast, 1);
        s.participants = cast;
        for (const p of Object.values(marks(s))) {
          expect(p.choices + p.unused).toBe(p.seats * p.counted);
          expect(p.counted + p.invalid).toBe(cast);
          for (const c of p.candidates) expect(c.for + c.against + c.abstain + c.invalid).toBe(cast);
        }
      }),
      { numRuns: 200 },
    );
  });
});
