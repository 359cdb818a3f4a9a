/**
 * Every rule parameter of rules.md, one zod schema. Profiles (resources/profiles/*.json) and
 * per-election overrides are validated against it; unknown names are rejected (strictObject) so a
 * typo never silently falls back to the national default.
 */
import { z } from 'zod';

const days = z.number().int('expected a non-negative integer of days').nonnegative('expected a non-negative integer of days');

export const DEFAULT_PARTY_EXCLUSION_REASONS = [
  '因病不能表达本人意志',
  '自费出国半年以上',
  '正在服刑',
  '年老体弱卧床不起、长期生活不能自理',
  '工作调动、下派、外出学习或工作半年以上，应转未转组织关系',
] as const;

export const RuleParamsSchema = z.strictObject({
  /** R2: registration categories beyond the three of the national law. */
  extraVoterCategories: z.array(z.string().trim().min(1).max(60)),
  /** R5 */
  rollPublishDaysBefore: days,
  objectionDays: days,
  objectionDecisionDays: days,
  /** P4: true means present must be strictly more than 4/5 of the base. */
  partyQuorumStrict: z.boolean(),
  /** P6: candidates ≥ seats × (100 + percent) / 100, rounded up. */
  partyMarginPercent: z.number().int('expected an integer percentage').min(0, 'expected 0–100').max(100, 'expected 0–100'),
  /** P8 */
  partyPassBase: z.enum(['present', 'expected']),
  /** V1 (P7: the party profile uses `ballot`). */
  overvoteScope: z.enum(['position', 'ballot']),
  /** X2 */
  proxyMaxPerTrustee: z.number().int('expected a positive integer').min(1, 'expected a positive integer'),
  /** X3 */
  candidateMayBeTrustee: z.boolean(),
  /** X5 */
  proxyDeadlineDaysBefore: days,
  /** B4 */
  ballotComparator: z.enum(['participants', 'issued']),
  /** V2 */
  samePersonMultiplePositions: z.enum(['invalidate_ballot', 'keep_highest', 'count_all']),
  /** V3 */
  unreadableScope: z.enum(['ballot', 'position']),
  /** E5 */
  combinedCounting: z.enum(['none', 'downward']),
  /** E6 */
  minElectedToStop: z.number().int('expected a positive integer').min(1, 'expected a positive integer'),
  /** E7 */
  womenRule: z.enum(['at_least_one', 'reserved_seat', 'none']),
  /** E8 */
  relativeAvoidance: z.enum(['none', 'keep_higher_post']),
  /** P3: editable list of the default reasons for leaving a member out of 应到会人数. */
  partyExclusionReasons: z.array(z.string().trim().min(1).max(100)).min(1, 'expected at least one reason'),
});
export type RuleParams = z.infer<typeof RuleParamsSchema>;
export type RuleParamName = keyof RuleParams;

/** Any subset of the parameters: what a profile layer or an override may set. */
export const RuleParamsPatchSchema = RuleParamsSchema.partial();
export type RuleParamsPatch = z.infer<typeof RuleParamsPatchSchema>;

export const RULE_PARAM_NAMES = Object.keys(RuleParamsSchema.shape) as RuleParamName[];

/** P6: the smallest candidate count with ≥ percent% more candidates than seats, in integers. */
export function partyMarginRequired(seats: number, percent: number): number {
  return Math.floor((seats * (100 + percent) + 99) / 100);
}
