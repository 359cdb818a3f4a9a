import { describe, expect, it } from 'vitest';
import { ballotContext, classifyBallot, resolveRules, type BallotClassification, type RuleParams, type ScenarioBallot } from '../../../shared/rules/index.js';

const positions = [
  { id: 'chair', name: '主任', seats: 1 },
  { id: 'vice', name: '副主任', seats: 1 },
  { id: 'member', name: '委员', seats: 2 },
];
const candidates = [
  { id: 'c1', name: '张三', position: 'chair' },
  { id: 'c2', name: '李四', position: 'chair' },
  { id: 'v1', name: '李四', position: 'vice' },
  { id: 'v2', name: '赵敏', position: 'vice' },
  { id: 'm1', name: '王芳', position: 'member' },
  { id: 'm2', name: '刘强', position: 'member' },
  { id: 'm3', name: '陈明', position: 'member' },
];

function params(over: Record<string, unknown> = {}, kind: 'villagers_committee' | 'party_branch' = 'villagers_committee'): RuleParams {
  const r = resolveRules('national', kind, over);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

function classify(b: Omit<ScenarioBallot, 'count'>, over: Record<string, unknown> = {}): BallotClassification {
  const r = classifyBallot({ count: 1, ...b }, ballotContext({ positions, candidates }, params(over)));
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

const part = (c: BallotClassification, id: string) => c.positions.find((p) => p.position === id);

describe('V1 over-vote', () => {
  it('position scope (national): only the over-voted position is void, others count', () => {
    const c = classify({ votes: { chair: ['c1', 'c2'], member: ['m1'] } });
    expect(c.status).toBe('valid');
    expect(part(c, 'chair')).toMatchObject({ status: 'void', reason: { code: 'OVERVOTE', rule: 'V1' } });
    expect(part(c, 'member')).toMatchObject({ status: 'counted', selections: ['王芳'] });
    expect(part(c, 'chair')?.reason?.message).toContain('主任选了 2 人');
  });

  it('ballot scope: the whole ballot is void', () => {
    const c = classify({ votes: { chair: ['c1', 'c2'], member: ['m1'] } }, { overvoteScope: 'ballot' });
    expect(c.status).toBe('void');
    expect(c.reasons.map((r) => r.code)).toEqual(['OVERVOTE']);
    expect(c.positions.every((p) => p.status === 'void')).toBe(true);
  });

  it('write-ins count as selections', () => {
    const c = classify({ votes: { member: ['m1', 'm2', { writeIn: '孙七' }] } });
    expect(part(c, 'member')?.status).toBe('void');
  });

  it('exactly the seats is not an over-vote', () => {
    const c = classify({ votes: { member: ['m1', { writeIn: '孙七' }] } });
    expect(part(c, 'member')).toMatchObject({ status: 'counted', selections: ['王芳', '孙七'] });
  });
});

describe('P7 party ballot: for marks plus write-ins above the seats void the whole ballot', () => {
  it('uses the party profile overvoteScope ballot; against marks are not selections', () => {
    const ctx = ballotContext(
      { positions: [{ id: 'member', name: '委员', seats: 2 }], candidates: [{ id: 'a', name: '甲', position: 'member' }, { id: 'b', name: '乙', position: 'member' }, { id: 'c', name: '丙', position: 'member' }] },
      params({}, 'party_branch'),
    );
    const over = classifyBallot({ count: 1, votes: { member: ['a', { writeIn: '丁' }, 'b'] } }, ctx);
    expect(over.ok && over.value.status).toBe('void');
    const againstWriteIn = classifyBallot({ count: 1, votes: { member: ['a', { writeIn: '丁' }] }, against: { member: ['c'] } }, ctx);
    expect(againstWriteIn.ok && againstWriteIn.value.status).toBe('valid');
  });
});

describe('V2 same person in several positions', () => {
  const ballot = { votes: { chair: ['c2'], vice: ['v1'], member: ['m1'] } };

  it('invalidate_ballot (national, ZJ): the whole ballot is void', () => {
    const c = classify(ballot);
    expect(c.status).toBe('void');
    expect(c.reasons[0]).toMatchObject({ code: 'SAME_PERSON_MULTIPLE_POSITIONS', rule: 'V2', person: '李四' });
    expect(c.reasons[0]?.message).toContain('李四');
  });

  it('keep_highest: only the highest position keeps the mark', () => {
    const c = classify(ballot, { samePersonMultiplePositions: 'keep_highest' });
    expect(c.status).toBe('valid');
    expect(part(c, 'chair')?.selections).toEqual(['李四']);
    expect(part(c, 'vice')).toMatchObject({ status: 'counted', selections: [], dropped: ['李四'] });
    expect(c.notes.map((n) => n.code)).toContain('SAME_PERSON_MULTIPLE_POSITIONS');
  });

  it('count_all: every mark counts', () => {
    const c = classify(ballot, { samePersonMultiplePositions: 'count_all' });
    expect(part(c, 'vice')?.selections).toEqual(['李四']);
  });

  it('a write-in of the same name in another position is the same person', () => {
    const c = classify({ votes: { chair: ['c1'], member: [{ writeIn: '张三' }] } });
    expect(c.status).toBe('void');
  });
});

describe('V3 unreadable or improperly marked', () => {
  it('a wholly unreadable ballot is void but still cast', () => {
    const c = classify({ unreadable: true, votes: { chair: ['c1'] } });
    expect(c.status).toBe('void');
    expect(c.reasons[0]?.code).toBe('UNREADABLE');
  });

  it('unreadableScope ballot: an unreadable part voids the whole ballot', () => {
    const c = classify({ unreadable: ['member'], votes: { chair: ['c1'] } });
    expect(c.status).toBe('void');
  });

  it('unreadableScope position: only that part is void', () => {
    const c = classify({ unreadable: ['member'], votes: { chair: ['c1'] } }, { unreadableScope: 'position' });
    expect(c.status).toBe('valid');
    expect(part(c, 'member')).toMatchObject({ status: 'void', reason: { code: 'UNREADABLE' } });
    expect(part(c, 'chair')?.selections).toEqual(['张三']);
  });

  it('for and against on the same candidate cannot be read', () => {
    const c = classify({ votes: { member: ['m1'] }, against: { member: ['m1'] } }, { unreadableScope: 'position' });
    expect(part(c, 'member')).toMatchObject({ status: 'void', reason: { code: 'CONFLICTING_MARKS', rule: 'V3' } });
  });
});

describe('V4 blank ballot', () => {
  it('no selection anywhere: blank (valid, abstains everywhere)', () => {
    expect(classify({}).status).toBe('blank');
    expect(classify({ votes: { chair: [], member: [] } }).status).toBe('blank');
    expect(classify({ against: { chair: ['c1'] } }).status).toBe('blank');
  });
});

describe('write-ins', () => {
  it('a write-in equal to a candidate name of the same position counts for that candidate, once', () => {
    const c = classify({ votes: { member: ['m1', { writeIn: '王芳' }] } });
    expect(part(c, 'member')).toMatchObject({ status: 'counted', selections: ['王芳'] });
    const w = classify({ votes: { member: [{ writeIn: ' 刘强 ' }] } });
    expect(part(w, 'member')?.selections).toEqual(['刘强']);
  });
});

describe('ballot data errors name the field', () => {
  it('unknown position, unknown candidate, wrong position, duplicate', () => {
    const ctx = ballotContext({ positions, candidates }, params());
    const msg = (b: Omit<ScenarioBallot, 'count'>) => {
      const r = classifyBallot({ count: 1, ...b }, ctx);
      return r.ok ? '' : r.error.message;
    };
    expect(msg({ votes: { boss: ['c1'] } })).toBe('ballot.votes.boss: unknown position "boss"');
    expect(msg({ votes: { chair: ['c9'] } })).toBe('ballot.votes.chair[0]: unknown candidate "c9"');
    expect(msg({ votes: { chair: ['m1'] } })).toMatch(/^ballot\.votes\.chair\[0\]: candidate "m1" is not a candidate for position "chair"/);
    expect(msg({ votes: { member: ['m1', 'm1'] } })).toMatch(/^ballot\.votes\.member\[1\]: /);
    expect(msg({ against: { chair: ['zz'] } })).toMatch(/^ballot\.against\.chair\[0\]/);
    expect(msg({ unreadable: ['x'] })).toMatch(/^ballot\.unreadable\[0\]/);
  });
});
