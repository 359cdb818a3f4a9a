import { describe, expect, it } from 'vitest';
import { tally, validateScenarioJson, type ScenarioInput } from '../../../shared/rules/index.js';
import { mustTally, party, pos, villagers } from './helpers.js';

const errorOf = (s: unknown): string => {
  const r = tally(s as ScenarioInput);
  return r.ok ? 'ok' : r.error.message;
};

describe('E1 turnout: valid only if 2*participants > registered', () => {
  it('exactly half is not enough', () => {
    const r = mustTally(villagers({ registered: 20, participants: 10, ballots: [{ count: 10, votes: { chair: ['c1'] } }] }));
    expect(r).toMatchObject({ valid: false, reasons: ['TURNOUT_NOT_MAJORITY'] });
    expect(pos(r, 'chair')).toMatchObject({ elected: [], tied: [], unfilled: 1, votes: { 张三: 10, 李四: 0 } });
  });
  it('one more than half stands', () => {
    const r = mustTally(villagers({ registered: 20, participants: 11, ballots: [{ count: 11, votes: { chair: ['c1'] } }] }));
    expect(r.valid).toBe(true);
    expect(pos(r, 'chair').elected).toEqual(['张三']);
  });
});

describe('E2 villagers: elected with 2*votes > participants (not valid ballots)', () => {
  it('a majority of valid ballots that is not a majority of participants fails', () => {
    // 16 participants, 6 void: 张三 has 8 of 10 valid but 2*8 = 16 is not > 16.
    const r = mustTally(
      villagers({ registered: 20, participants: 16, ballots: [{ count: 8, votes: { chair: ['c1'] } }, { count: 2, votes: { chair: ['c2'] } }, { count: 6, unreadable: true }] }),
    );
    expect(r.base).toBe(16);
    expect(pos(r, 'chair')).toMatchObject({ elected: [], unfilled: 1, invalid: 6 });
    const r2 = mustTally(villagers({ registered: 20, participants: 15, ballots: [{ count: 8, votes: { chair: ['c1'] } }, { count: 7 }] }));
    expect(pos(r2, 'chair').elected).toEqual(['张三']);
  });
  it('write-ins can be elected and are listed after the candidates', () => {
    const r = mustTally(villagers({ registered: 12, participants: 10, ballots: [{ count: 6, votes: { member: [{ writeIn: '孙七' }, 'c3'] } }, { count: 4, votes: { member: ['c4'] } }] }));
    expect(pos(r, 'member')).toMatchObject({ votes: { 王芳: 6, 孙七: 6, 刘强: 4, 陈明: 0 }, elected: ['王芳', '孙七'] });
    expect(Object.keys(pos(r, 'member').votes)).toEqual(['王芳', '孙七', '刘强', '陈明']);
  });
});

describe('E3 more pass than seats: highest votes; tie at the cut-off goes to a run-off', () => {
  it('highest win', () => {
    const r = mustTally(villagers({ registered: 12, participants: 10, ballots: [{ count: 9, votes: { member: ['c3', 'c4'] } }, { count: 1, votes: { member: ['c5', 'c3'] } }] }));
    expect(pos(r, 'member')).toMatchObject({ elected: ['王芳', '刘强'], tied: [], unfilled: 0 });
  });
  it('tie at the cut-off', () => {
    const r = mustTally(villagers({ registered: 12, participants: 10, ballots: [{ count: 6, votes: { member: ['c4', 'c5'] } }, { count: 4, votes: { member: ['c3'] } }] }));
    // 刘强 6, 陈明 6, 王芳 4 (fails): 2 pass for 2 seats, no tie.
    expect(pos(r, 'member')).toMatchObject({ elected: ['刘强', '陈明'], tied: [] });
    const three = mustTally(
      villagers({ registered: 12, participants: 12, ballots: [{ count: 4, votes: { member: ['c3', 'c4'] } }, { count: 4, votes: { member: ['c4', 'c5'] } }, { count: 4, votes: { member: ['c3', 'c5'] } }] }),
    );
    // all three have 8 > 6: tie for both seats
    expect(pos(three, 'member')).toMatchObject({ elected: [], tied: ['王芳', '刘强', '陈明'], unfilled: 0 });
  });
  it('run-off round: most votes win with no threshold, base null; a new tie is again a tie', () => {
    const runoff = villagers({
      round: 'runoff',
      positions: [{ id: 'member', name: '委员', seats: 1 }],
      candidates: [{ id: 'c3', name: '王芳', position: 'member' }, { id: 'c4', name: '刘强', position: 'member' }],
      registered: 20,
      participants: 11,
      ballots: [{ count: 3, votes: { member: ['c3'] } }, { count: 2, votes: { member: ['c4'] } }, { count: 4, votes: { member: [{ writeIn: '孙七' }] } }, { count: 2 }],
    });
    const r = mustTally(runoff);
    expect(r.base).toBeNull();
    // 孙七 has most votes but was not in the run-off; 王芳's 3 of 11 is enough here.
    expect(pos(r, 'member')).toMatchObject({ elected: ['王芳'], tied: [], votes: { 孙七: 4, 王芳: 3, 刘强: 2 } });
    const tie = mustTally({ ...runoff, ballots: [{ count: 3, votes: { member: ['c3'] } }, { count: 3, votes: { member: ['c4'] } }] });
    expect(pos(tie, 'member')).toMatchObject({ elected: [], tied: ['王芳', '刘强'], unfilled: 0 });
  });
});

describe('E4 supplementary round: most votes and 3*votes >= ballots cast', () => {
  const supp = (ballots: ScenarioInput['ballots']): ScenarioInput =>
    villagers({
      round: 'supplementary',
      positions: [{ id: 'member', name: '委员', seats: 1 }],
      candidates: [{ id: 'c4', name: '刘强', position: 'member' }, { id: 'c5', name: '陈明', position: 'member' }],
      registered: 20,
      participants: 12,
      ballots,
    });
  it('one third of ballots cast, invalid ballots included, is the threshold', () => {
    // cast 12 (3 void): 刘强 4 → 3*4 = 12 >= 12 elected
    const r = mustTally(supp([{ count: 4, votes: { member: ['c4'] } }, { count: 3, votes: { member: ['c5'] } }, { count: 3, unreadable: true }, { count: 2 }]));
    expect(r.base).toBe(12);
    expect(pos(r, 'member')).toMatchObject({ elected: ['刘强'], unfilled: 0 });
    const fail = mustTally(supp([{ count: 3, votes: { member: ['c4'] } }, { count: 2, votes: { member: ['c5'] } }, { count: 7 }]));
    expect(pos(fail, 'member')).toMatchObject({ elected: [], unfilled: 1 });
  });
  it('fewer than seats pass in the main round: the rest are unfilled', () => {
    const r = mustTally(villagers({ registered: 12, participants: 10, ballots: [{ count: 6, votes: { member: ['c3'] } }, { count: 4, votes: { member: ['c4'] } }] }));
    expect(pos(r, 'member')).toMatchObject({ elected: ['王芳'], tied: [], unfilled: 1 });
  });
});

describe('E5 combined counting downward', () => {
  const s = (combinedCounting: 'none' | 'downward'): ScenarioInput =>
    villagers({
      rules: { combinedCounting, samePersonMultiplePositions: 'keep_highest' },
      registered: 12,
      participants: 10,
      ballots: [
        { count: 6, votes: { chair: ['c1'], member: ['c3'] } },
        { count: 4, votes: { chair: ['c2'], member: ['c4'] } },
      ],
    });
  it('a person not elected higher carries their votes into each lower position', () => {
    const r = mustTally(s('downward'));
    expect(pos(r, 'chair').elected).toEqual(['张三']);
    // 李四 4 (carried from chair) + 刘强 4 → 刘强 and 李四 fail 2*4 > 10, 王芳 6 passes.
    expect(pos(r, 'member').votes).toEqual({ 王芳: 6, 刘强: 4, 李四: 4, 陈明: 0 });
    expect(pos(r, 'member')).toMatchObject({ elected: ['王芳'], unfilled: 1 });
    expect(pos(mustTally(s('none')), 'member').votes).toEqual({ 王芳: 6, 刘强: 4, 陈明: 0 });
  });
  it('carried votes add to direct votes and can elect a person lower down; never upward', () => {
    const r = mustTally(
      villagers({
        rules: { combinedCounting: 'downward', samePersonMultiplePositions: 'keep_highest' },
        registered: 12,
        participants: 10,
        ballots: [
          { count: 5, votes: { chair: ['c1'], member: ['c3'] } },
          { count: 4, votes: { chair: ['c2'], member: ['c3'] } },
          { count: 1, votes: { chair: ['c1'], member: [{ writeIn: '李四' }] } },
        ],
      }),
    );
    expect(pos(r, 'chair')).toMatchObject({ votes: { 张三: 6, 李四: 4 }, elected: ['张三'] });
    expect(pos(r, 'member').votes).toEqual({ 王芳: 9, 李四: 5, 刘强: 0, 陈明: 0 });
    expect(pos(r, 'member').elected).toEqual(['王芳']);
  });
});

describe('P2/P4 party quorum: 5*present >= 4*(withVote − excluded)', () => {
  it('exactly four fifths meets the quorum; strict needs more', () => {
    const ok = mustTally(party({ registered: 30, excluded: 5, participants: 20, ballots: [{ count: 20, votes: { member: ['p1', 'p2', 'p3'] } }] }));
    expect(ok.valid).toBe(true);
    const strict = mustTally(party({ rules: { partyQuorumStrict: true }, participants: 20, ballots: [{ count: 20 }] }));
    expect(strict).toMatchObject({ valid: false, reasons: ['QUORUM_NOT_MET'] });
    const below = mustTally(party({ registered: 30, excluded: 5, participants: 19, ballots: [{ count: 19 }] }));
    expect(below.reasons).toEqual(['QUORUM_NOT_MET']);
    // without the exclusions the same 20 would be below 4/5 of 30
    expect(mustTally(party({ excluded: 0, participants: 20, ballots: [] })).reasons).toEqual(['QUORUM_NOT_MET']);
  });
});

describe('P8 party pass: 2*votes > base; present (default) or expected', () => {
  it('exactly half of those present fails', () => {
    const r = mustTally(party({ participants: 20, ballots: [{ count: 10, votes: { member: ['p1', 'p2', 'p3'] } }, { count: 10, votes: { member: ['p1', 'p2', 'p4'] } }] }));
    expect(r.base).toBe(20);
    expect(pos(r, 'member')).toMatchObject({ votes: { 孙立: 20, 钱红: 20, 何平: 10, 高远: 10 }, elected: ['孙立', '钱红'], unfilled: 1 });
  });
  it('partyPassBase expected compares with 应到会 (registered − excluded)', () => {
    const ballots = [{ count: 12, votes: { member: ['p1', 'p2', 'p3'] } }, { count: 8, votes: { member: ['p4'] } }];
    const present = mustTally(party({ participants: 20, ballots }));
    expect(pos(present, 'member').elected).toEqual(['孙立', '钱红', '何平']);
    const expected = mustTally(party({ rules: { partyPassBase: 'expected' }, participants: 20, ballots }));
    expect(expected.base).toBe(25);
    expect(pos(expected, 'member')).toMatchObject({ elected: [], unfilled: 3 });
  });
});

describe('P9 party: too many pass → highest; tie → run-off; too few → 另行选举 with the same majority rule', () => {
  it('tie at the cut-off', () => {
    const r = mustTally(party({ ballots: [{ count: 11, votes: { member: ['p1', 'p2', 'p3'] } }, { count: 9, votes: { member: ['p1', 'p2', 'p4'] } }] }));
    expect(pos(r, 'member')).toMatchObject({ elected: ['孙立', '钱红', '何平'], tied: [] });
    const t = mustTally(
      party({
        participants: 20,
        ballots: [
          { count: 9, votes: { member: ['p1', 'p2', 'p3'] } },
          { count: 9, votes: { member: ['p1', 'p2', 'p4'] } },
          { count: 1, votes: { member: ['p1', 'p3', 'p4'] } },
          { count: 1, votes: { member: ['p2', 'p3', 'p4'] } },
        ],
      }),
    );
    expect(pos(t, 'member')).toMatchObject({ votes: { 孙立: 19, 钱红: 19, 何平: 11, 高远: 11 }, elected: ['孙立', '钱红'], tied: ['何平', '高远'], unfilled: 0 });
  });
  it('supplementary keeps the majority of the main round (no one-third rule)', () => {
    const r = mustTally(
      party({
        round: 'supplementary',
        positions: [{ id: 'member', name: '委员', seats: 1 }],
        candidates: [{ id: 'p3', name: '何平', position: 'member' }, { id: 'p4', name: '高远', position: 'member' }],
        ballots: [{ count: 10, votes: { member: ['p3'] } }, { count: 10, votes: { member: ['p4'] } }],
      }),
    );
    expect(r.base).toBe(20);
    expect(pos(r, 'member')).toMatchObject({ elected: [], unfilled: 1 });
  });
});

describe('B4 ballots collected vs comparator', () => {
  it('more collected than participants: the election is invalid', () => {
    const r = mustTally(villagers({ registered: 12, participants: 10, ballots: [{ count: 11, votes: { chair: ['c1'] } }] }));
    expect(r).toMatchObject({ valid: false, reasons: ['BALLOTS_EXCEED_COMPARATOR'] });
  });
  it('equal stands; comparator issued uses ballots issued', () => {
    expect(mustTally(villagers({ registered: 12, participants: 10, ballots: [{ count: 10 }] })).valid).toBe(true);
    const s = villagers({ profile: 'henan', registered: 12, participants: 10, issued: 11, ballots: [{ count: 11 }] });
    expect(mustTally(s).valid).toBe(true);
    expect(mustTally({ ...s, profile: 'national' }).reasons).toEqual(['BALLOTS_EXCEED_COMPARATOR']);
  });
  it('several reasons are all reported', () => {
    expect(mustTally(villagers({ registered: 30, participants: 10, ballots: [{ count: 12 }] })).reasons).toEqual(['TURNOUT_NOT_MAJORITY', 'BALLOTS_EXCEED_COMPARATOR']);
  });
});

describe('V1/V3/V4 in the tally: ballots and per-position invalid counts', () => {
  it('cast = valid + invalid; blank counts as valid; position invalid includes whole-void ballots', () => {
    const r = mustTally(
      villagers({
        registered: 20,
        participants: 14,
        ballots: [{ count: 8, votes: { chair: ['c1'] } }, { count: 2, votes: { chair: ['c1', 'c2'], member: ['c3'] } }, { count: 1, unreadable: true }, { count: 3 }],
      }),
    );
    expect(r.ballots).toEqual({ cast: 14, valid: 13, invalid: 1, blank: 3 });
    expect(pos(r, 'chair').invalid).toBe(3);
    expect(pos(r, 'member')).toMatchObject({ invalid: 1, votes: { 王芳: 2 } });
  });
});

describe('domain validation names the field', () => {
  it('reports the first problem with its path', () => {
    const base = villagers({ ballots: [{ count: 1 }, { count: 1 }, { count: 1 }, { count: 1, votes: { chair: ['c9'] } }] });
    expect(errorOf(base)).toBe('scenario.ballots[3].votes.chair[0]: unknown candidate "c9"');
    expect(errorOf(villagers({ ballots: [{ votes: { boss: [] } }] }))).toBe('scenario.ballots[0].votes.boss: unknown position "boss"');
    expect(errorOf(villagers({ candidates: [{ id: 'c1', name: 'a', position: 'nowhere' }] }))).toBe('scenario.candidates[0].position: unknown position "nowhere"');
    expect(errorOf(villagers({ candidates: [{ id: 'c1', name: 'a', position: 'chair' }, { id: 'c1', name: 'b', position: 'chair' }] }))).toBe(
      'scenario.candidates[1].id: duplicate candidate id "c1"',
    );
    expect(errorOf(villagers({ positions: [{ id: 'chair', name: '主任', seats: 1 }, { id: 'chair', name: '委员', seats: 2 }] }))).toMatch(/^scenario\.positions\[1\]\.id: duplicate/);
    expect(errorOf(villagers({ positions: [{ id: 'chair', name: '主任', seats: 0 }] }))).toBe('scenario.positions[0].seats: expected a positive integer');
    expect(errorOf(villagers({ rules: { overvoteScop: 'ballot' } }))).toBe('scenario.rules.overvoteScop: unknown rule parameter');
    expect(errorOf(villagers({ rules: { overvoteScope: 'all' } }))).toBe('scenario.rules.overvoteScope: expected one of position, ballot');
    expect(errorOf(villagers({ profile: 'mars' }))).toMatch(/^scenario\.profile: unknown profile "mars"/);
    expect(errorOf(villagers({ participants: 30 }))).toMatch(/^scenario\.participants: exceeds registered/);
    expect(errorOf(villagers({ excluded: 2 }))).toMatch(/^scenario\.excluded: /);
    expect(errorOf(villagers({ registered: -1 }))).toBe('scenario.registered: expected a non-negative integer');
    expect(errorOf({ ...villagers(), kind: 'city_council' })).toBe('scenario.kind: expected one of villagers_committee, party_branch, residents_committee');
    expect(errorOf({ ...villagers(), extra: 1 })).toBe('scenario.extra: unknown field');
  });
});

describe('validateScenarioJson', () => {
  it('not JSON', () => {
    const r = validateScenarioJson('{ nope');
    expect(!r.ok && r.error.message).toMatch(/^scenario: not valid JSON/);
  });
  it('names the field of a schema error', () => {
    const r = validateScenarioJson(JSON.stringify({ ...villagers(), positions: [{ id: 'a', name: 'A', seats: 1 }, { id: 'b', name: 'B', seats: 1.5 }] }));
    expect(!r.ok && r.error.message).toBe('scenario.positions[1].seats: expected a positive integer');
    const missing = validateScenarioJson(JSON.stringify({ kind: 'villagers_committee' }));
    expect(!missing.ok && missing.error.message).toMatch(/^scenario\.positions: required/);
    const sel = validateScenarioJson(JSON.stringify({ ...villagers(), ballots: [{ votes: { chair: [3] } }] }));
    expect(!sel.ok && sel.error.message).toMatch(/^scenario\.ballots\[0\]\.votes\.chair\[0\]: /);
  });
  it('applies defaults', () => {
    const r = validateScenarioJson(JSON.stringify(villagers({ ballots: [{ votes: {} }] })));
    expect(r.ok && r.value).toMatchObject({ profile: 'national', round: 'main', excluded: 0, ballots: [{ count: 1 }] });
  });
});
