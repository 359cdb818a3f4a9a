import { describe, expect, it } from 'vitest';
import { listProfiles, partyMarginRequired, resolveRules, RULE_PARAM_NAMES, type RuleParams } from '../../../shared/rules/index.js';

function rules(profile: string, kind: Parameters<typeof resolveRules>[1], overrides?: Record<string, unknown>): RuleParams {
  const r = resolveRules(profile, kind, overrides);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

describe('rule profiles', () => {
  it('lists the built-in profiles', () => {
    expect(listProfiles().map((p) => p.id)).toEqual(expect.arrayContaining(['national', 'zhejiang', 'shanghai', 'beijing']));
  });

  it('national defaults follow rules.md', () => {
    const v = rules('national', 'villagers_committee');
    expect(v).toMatchObject({
      extraVoterCategories: [],
      rollPublishDaysBefore: 20,
      objectionDays: 5,
      objectionDecisionDays: 3,
      partyQuorumStrict: false,
      partyMarginPercent: 20,
      partyPassBase: 'present',
      overvoteScope: 'position',
      proxyMaxPerTrustee: 3,
      candidateMayBeTrustee: false,
      proxyDeadlineDaysBefore: 1,
      ballotComparator: 'participants',
      samePersonMultiplePositions: 'invalidate_ballot',
      unreadableScope: 'ballot',
      combinedCounting: 'none',
      minElectedToStop: 3,
      womenRule: 'at_least_one',
      relativeAvoidance: 'none',
    });
    expect(v.partyExclusionReasons).toHaveLength(5);
    expect(Object.keys(v).sort()).toEqual([...RULE_PARAM_NAMES].sort());
    expect(rules('national', 'residents_committee')).toEqual(v);
  });

  it('P7 the party profile voids an over-voted ballot as a whole', () => {
    expect(rules('national', 'party_branch').overvoteScope).toBe('ballot');
    expect(rules('zhejiang', 'party_branch').overvoteScope).toBe('ballot');
  });

  it('provinces set what rules.md attributes to them and inherit the rest', () => {
    const zj = rules('zhejiang', 'villagers_committee');
    expect(zj).toMatchObject({
      extraVoterCategories: ['从事村务工作一年以上'],
      samePersonMultiplePositions: 'invalidate_ballot',
      womenRule: 'reserved_seat',
      relativeAvoidance: 'keep_higher_post',
      rollPublishDaysBefore: 20,
    });
    expect(rules('shanghai', 'villagers_committee').proxyDeadlineDaysBefore).toBe(5);
    expect(rules('beijing', 'villagers_committee').proxyDeadlineDaysBefore).toBe(1);
    expect(rules('henan', 'villagers_committee').ballotComparator).toBe('issued');
  });

  it('overrides apply last', () => {
    expect(rules('national', 'villagers_committee', { combinedCounting: 'downward', samePersonMultiplePositions: 'keep_highest' })).toMatchObject({
      combinedCounting: 'downward',
      samePersonMultiplePositions: 'keep_highest',
    });
  });

  it('rejects unknown parameters and bad values naming the parameter', () => {
    const unknown = resolveRules('national', 'villagers_committee', { overvoteScop: 'ballot' });
    expect(unknown.ok).toBe(false);
    if (!unknown.ok) {
      expect(unknown.error.code).toBe('RULE_PARAM_UNKNOWN');
      expect(unknown.error.message).toContain('overvoteScop');
      expect(unknown.error.details?.path).toBe('rules.overvoteScop');
    }
    const bad = resolveRules('national', 'villagers_committee', { minElectedToStop: 0 });
    expect(!bad.ok && bad.error.message).toContain('minElectedToStop');
    const badEnum = resolveRules('national', 'villagers_committee', { overvoteScope: 'everything' });
    expect(!badEnum.ok && badEnum.error.details?.problem).toBe('expected one of position, ballot');
    const profile = resolveRules('atlantis', 'villagers_committee');
    expect(!profile.ok && profile.error.code).toBe('PROFILE_UNKNOWN');
  });
});

describe('P6 party candidate margin', () => {
  it('rounds seats × 1.2 up with integers', () => {
    expect(partyMarginRequired(3, 20)).toBe(4);
    expect(partyMarginRequired(5, 20)).toBe(6);
    expect(partyMarginRequired(7, 20)).toBe(9);
    expect(partyMarginRequired(10, 20)).toBe(12);
    expect(partyMarginRequired(5, 0)).toBe(5);
  });
});
