import { describe, expect, it } from 'vitest';
import { ballotComparatorCheck, partyBase, partyQuorum, villagersTurnout } from '../../../shared/rules/index.js';

describe('E1 villagers turnout helper', () => {
  it('needs more than half', () => {
    expect(villagersTurnout(1000, 500)).toEqual({ met: false, required: 501 });
    expect(villagersTurnout(1000, 501).met).toBe(true);
    expect(villagersTurnout(999, 500)).toEqual({ met: true, required: 500 });
  });
});

describe('P2 party base = members with a vote − exclusions', () => {
  it('subtracts and never goes below zero', () => {
    expect(partyBase(30, 5)).toBe(25);
    expect(partyBase(3, 5)).toBe(0);
  });
});

describe('P4 party quorum helper', () => {
  it('5*present >= 4*base, strict uses >', () => {
    expect(partyQuorum(20, 25, false)).toEqual({ met: true, required: 20, base: 25 });
    expect(partyQuorum(19, 25, false).met).toBe(false);
    expect(partyQuorum(20, 25, true)).toEqual({ met: false, required: 21, base: 25 });
    expect(partyQuorum(21, 25, true).met).toBe(true);
    expect(partyQuorum(6, 7, false)).toEqual({ met: true, required: 6, base: 7 });
    expect(partyQuorum(5, 7, false).met).toBe(false);
    expect(partyQuorum(0, 0, false).met).toBe(false);
  });
});

describe('B4 ballots collected vs comparator helper', () => {
  it('participants or issued', () => {
    expect(ballotComparatorCheck(10, { participants: 10 }, 'participants').ok).toBe(true);
    expect(ballotComparatorCheck(11, { participants: 10, issued: 11 }, 'participants').ok).toBe(false);
    expect(ballotComparatorCheck(11, { participants: 10, issued: 11 }, 'issued')).toEqual({ ok: true, comparator: 'issued', comparatorValue: 11, collected: 11 });
  });
});
