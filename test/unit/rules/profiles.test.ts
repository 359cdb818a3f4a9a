import { describe, expect, it } from 'vitest';
import { articleFor, getProfile, listProfiles, partyMarginRequired, ProfileFileSchema, resolveRules, RULE_PARAM_NAMES, type RuleParams } from '../../../shared/rules/index.js';

function rules(profile: string, kind: Parameters<typeof resolveRules>[1], overrides?: Record<string, unknown>): RuleParams {
  const r = resolveRules(profile, kind, overrides);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

describe('rule profiles', () => {
  it('lists the built-in profiles', () => {
    expect(listProfiles().map((p) => p.id)).toEqual(expect.arrayContaining(['national', 'zhejiang', 'shanghai', 'beijing']));
  });

  it('national defaults follow rules.md (2025 amendment: X1 X2 X5 B5 V1 E6 E7 E8 E10)', () => {
    const v = rules('national', 'villagers_committee');
    expect(v).toMatchObject({
      extraVoterCategories: [],
      extraCategoriesNeedingApproval: [],
      rollPublishDaysBefore: 20,
      objectionDays: 5,
      objectionDecisionDays: 3,
      partyQuorumStrict: false,
      partyMarginPercent: 20,
      partyPassBase: 'present',
      overvoteScope: 'position',
      ballotPapers: 'combined',
      proxyTrustee: 'any_voter',
      proxyMaxPerTrustee: 3,
      proxyDeadlineDaysBefore: 1,
      ballotComparator: 'participants',
      mobileBoxScrutineers: 2,
      mobileBoxApproval: false,
      samePersonMultiplePositions: 'invalidate_ballot',
      unreadableScope: 'ballot',
      combinedCounting: 'none',
      minElectedToStop: 3,
      stopAfterMain: false,
      stopNeedsChair: false,
      womenRule: 'at_least_one',
      minorityMember: false,
      relativeAvoidance: 'keep_higher_post',
      relativeVacancy: 'supplementary',
      relativeSet: 'civil_code',
      villagersMargin: 1,
      villagersMarginByPost: {},
    });
    expect(v.partyExclusionReasons).toHaveLength(5);
    expect(Object.keys(v).sort()).toEqual([...RULE_PARAM_NAMES].sort());
    expect(rules('national', 'residents_committee')).toEqual(v);
    // X3 is national since 2025, not a parameter
    expect(RULE_PARAM_NAMES).not.toContain('candidateMayBeTrustee');
  });

  it('P7 the party profile voids an over-voted ballot as a whole; E8 does not bind the Party branch', () => {
    expect(rules('national', 'party_branch')).toMatchObject({ overvoteScope: 'ballot', womenRule: 'none', relativeAvoidance: 'none' });
    expect(rules('zhejiang', 'party_branch').overvoteScope).toBe('ballot');
  });

  it('V1 ZJ, SH and BJ void the whole combined ballot; HA prints a paper per post and compares with issued (B4)', () => {
    for (const p of ['zhejiang', 'shanghai', 'beijing']) expect(rules(p, 'villagers_committee').overvoteScope).toBe('ballot');
    expect(rules('henan', 'villagers_committee')).toMatchObject({ ballotPapers: 'per_position', ballotComparator: 'issued', overvoteScope: 'position' });
  });

  it('provinces set what rules.md attributes to them and inherit the rest (X5 E8 B5 E6 E7 E10 R2)', () => {
    const zj = rules('zhejiang', 'villagers_committee');
    expect(zj).toMatchObject({
      extraVoterCategories: [],
      samePersonMultiplePositions: 'invalidate_ballot',
      womenRule: 'reserved_seat',
      minorityMember: true,
      relativeAvoidance: 'keep_higher_post',
      relativeVacancy: 'succession',
      relativeSet: 'spouse_parent_child_sibling',
      proxyDeadlineDaysBefore: 3,
      mobileBoxScrutineers: 3,
      mobileBoxApproval: true,
      rollPublishDaysBefore: 20,
    });
    expect(rules('shanghai', 'villagers_committee')).toMatchObject({
      stopAfterMain: true,
      relativeSet: 'spouse_lineal',
      proxyDeadlineDaysBefore: 5,
      villagersMarginByPost: { chair: { min: 1, max: 1 }, member: { min: 1, max: 3 } },
    });
    expect(rules('shanghai', 'villagers_committee').extraVoterCategories).toHaveLength(2);
    expect(rules('beijing', 'villagers_committee')).toMatchObject({ stopNeedsChair: true, proxyDeadlineDaysBefore: 1, stopAfterMain: false });
    expect(rules('beijing', 'villagers_committee').extraCategoriesNeedingApproval).toEqual(rules('beijing', 'villagers_committee').extraVoterCategories);
    expect(rules('henan', 'villagers_committee').ballotComparator).toBe('issued');
  });

  it('every profile names the article behind each parameter it sets', () => {
    for (const p of listProfiles()) {
      const file = getProfile(p.id);
      const set = new Set([...Object.keys(file?.params ?? {}), ...Object.values(file?.kinds ?? {}).flatMap((k) => Object.keys(k ?? {}))]);
      // national sets everything; its parameters without a legal source are the rules.md defaults
      const missing = [...set].filter((k) => articleFor(p.id, k as keyof RuleParams) === undefined);
      if (p.id !== 'national') expect(missing, p.id).toEqual([]);
      expect(p.source, p.id).toMatch(/20(0|1|2)\d/);
    }
    expect(articleFor('zhejiang', 'relativeVacancy')).toContain('第31条');
    expect(articleFor('zhejiang', 'rollPublishDaysBefore')).toContain('组织法');
  });

  it('E7 zod refuses womenRule none and E8 relativeAvoidance none for a villagers\' committee; X2 refuses more than 3 per trustee', () => {
    const women = resolveRules('national', 'villagers_committee', { womenRule: 'none' });
    expect(!women.ok && [women.error.code, women.error.details?.param]).toEqual(['RULE_PARAM_NOT_ALLOWED', 'womenRule']);
    expect(resolveRules('national', 'party_branch', { womenRule: 'none' }).ok).toBe(true);
    const e8 = resolveRules('zhejiang', 'villagers_committee', { relativeAvoidance: 'none' });
    expect(!e8.ok && e8.error.details?.param).toBe('relativeAvoidance');
    expect(resolveRules('national', 'residents_committee', { relativeAvoidance: 'none' }).ok).toBe(false);
    const x2 = resolveRules('national', 'villagers_committee', { proxyMaxPerTrustee: 4 });
    expect(!x2.ok && [x2.error.code, x2.error.details?.param]).toEqual(['RULE_PARAM_INVALID', 'proxyMaxPerTrustee']);
    expect(rules('national', 'villagers_committee', { proxyMaxPerTrustee: 2 }).proxyMaxPerTrustee).toBe(2);
    expect(ProfileFileSchema.safeParse({ id: 'x', name: 'x', params: { proxyMaxPerTrustee: 5 } }).success).toBe(false);
  });

  it('E10 villagersMargin refuses a maximum below the minimum', () => {
    expect(resolveRules('national', 'villagers_committee', { villagersMarginByPost: { member: { min: 2, max: 1 } } }).ok).toBe(false);
    expect(resolveRules('national', 'villagers_committee', { villagersMargin: 0 }).ok).toBe(false);
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
