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

const positiveInt = z.number().int('expected a positive integer').min(1, 'expected a positive integer');

/** E10: how many more candidates than seats a post needs (min) and may have (max, absent: no upper bound). */
export const MarginSchema = z
  .strictObject({
    min: positiveInt,
    max: positiveInt.optional(),
  })
  .refine((m) => m.max === undefined || m.max >= m.min, 'expected max ≥ min');
export type Margin = z.infer<typeof MarginSchema>;

/** The three kinds of post of a villagers' committee, for per-post rules (E10). */
export const PostClassSchema = z.enum(['chair', 'vice_chair', 'member']);
export type PostClass = z.infer<typeof PostClassSchema>;

export const RuleParamsSchema = z.strictObject({
  /** R2: registration categories beyond the three of the national law (SH 9, BJ 13, HA 20). */
  extraVoterCategories: z.array(z.string().trim().min(1).max(60)),
  /** R2: which of the extra categories need an approval reference (as nonresident_approved always does). */
  extraCategoriesNeedingApproval: z.array(z.string().trim().min(1).max(60)),
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
  /** V1 (P7: the party profile uses `ballot`). ZJ, SH, BJ: `ballot`. */
  overvoteScope: z.enum(['position', 'ballot']),
  /** V1–V3: one combined paper, or a separate paper per post (HA) whose "whole ballot" rules void only that post's paper. */
  ballotPapers: z.enum(['combined', 'per_position']),
  /** X1: since 2025 any villager with a vote may be a trustee; `close_relative` only for an election under a pre-2026 rule. */
  proxyTrustee: z.enum(['any_voter', 'close_relative']),
  /** X2: national maximum 3 since 2025; a profile may only lower it. */
  proxyMaxPerTrustee: positiveInt.max(3, 'expected at most 3 (VCOL 18)'),
  /** X5 */
  proxyDeadlineDaysBefore: days,
  /** B4 */
  ballotComparator: z.enum(['participants', 'issued']),
  /** B5: scrutineers with each mobile box (ZJ 3). */
  mobileBoxScrutineers: positiveInt,
  /** B5: the township's election guidance body approves each mobile box (ZJ). */
  mobileBoxApproval: z.boolean(),
  /** V2 */
  samePersonMultiplePositions: z.enum(['invalidate_ballot', 'keep_highest', 'count_all']),
  /** V3 */
  unreadableScope: z.enum(['ballot', 'position']),
  /** E5 */
  combinedCounting: z.enum(['none', 'downward']),
  /** E6: with this many elected the assembly may leave the remaining seats empty. */
  minElectedToStop: positiveInt,
  /** E6: SH 21 — after the main round the assembly may stop at once (else a 另行选举 always follows). */
  stopAfterMain: z.boolean(),
  /** E6: BJ 30 — seats may stay empty only if the 主任 is elected too. */
  stopNeedsChair: z.boolean(),
  /** E7: `none` is refused for a villagers' committee (see paramsProblemForKind). */
  womenRule: z.enum(['at_least_one', 'reserved_seat', 'none']),
  /** E7: ZJ 2, HA 8 — a member of a smaller ethnic group in a multi-ethnic village (a reminder only). */
  minorityMember: z.boolean(),
  /** E8: `none` is allowed only for the Party branch (see paramsProblemForKind). */
  relativeAvoidance: z.enum(['none', 'keep_higher_post']),
  /** E8: the seat given up goes to a 另行选举, or (ZJ 31 递补) to the next candidate who passed. */
  relativeVacancy: z.enum(['supplementary', 'succession']),
  /** E8: which relatives count: 民法典 1045 近亲属; ZJ 夫妻、父母子女、兄弟姐妹; SH 夫妻或直系亲属. */
  relativeSet: z.enum(['civil_code', 'spouse_parent_child_sibling', 'spouse_lineal']),
  /** E10: at least this many more candidates than seats for every post (差额). */
  villagersMargin: positiveInt,
  /** E10: a province's per-post minimum and maximum of extra candidates (SH 12, BJ 16, HA 24). */
  villagersMarginByPost: z.strictObject({ chair: MarginSchema.optional(), vice_chair: MarginSchema.optional(), member: MarginSchema.optional() }),
  /** P3: editable list of the default reasons for leaving a member out of 应到会人数. */
  partyExclusionReasons: z.array(z.string().trim().min(1).max(100)).min(1, 'expected at least one reason'),
});
export type RuleParams = z.infer<typeof RuleParamsSchema>;
export type RuleParamName = keyof RuleParams;

/** Any subset of the parameters: what a profile layer or an override may set. */
export const RuleParamsPatchSchema = RuleParamsSchema.partial();
export type RuleParamsPatch = z.infer<typeof RuleParamsPatchSchema>;

export const RULE_PARAM_NAMES = Object.keys(RuleParamsSchema.shape) as RuleParamName[];

/**
 * Rules the parameter schema alone cannot say because they depend on the kind of election:
 * E7 a villagers' committee must have a woman member, so `womenRule: none` is refused for it;
 * E8 close-relative avoidance is the law for villagers' (and residents') committees, so only a Party
 * branch may set `relativeAvoidance: none`. Returns the offending parameter, or undefined.
 */
export function paramsProblemForKind(kind: 'villagers_committee' | 'party_branch' | 'residents_committee', params: Pick<RuleParams, 'womenRule' | 'relativeAvoidance'>): { param: RuleParamName; problem: string } | undefined {
  if (kind === 'villagers_committee' && params.womenRule === 'none') {
    return { param: 'womenRule', problem: "'none' is not allowed for a villagers' committee (VCOL 8: 应当有妇女成员)" };
  }
  if (kind !== 'party_branch' && params.relativeAvoidance === 'none') {
    return { param: 'relativeAvoidance', problem: "'none' is allowed only for a party_branch election (VCOL 8: 近亲属回避)" };
  }
  return undefined;
}

/** E10: the post class of a position, by its key or, for a custom key, its name. */
export function postClassOf(position: { id?: string; key?: string; name: string }): PostClass {
  const key = position.id ?? position.key ?? '';
  if (key === 'chair' || /^主任$/.test(position.name)) return 'chair';
  if (key === 'vice_chair' || /^副主任$/.test(position.name)) return 'vice_chair';
  return 'member';
}

/** P6: the smallest candidate count with ≥ percent% more candidates than seats, in integers. */
export function partyMarginRequired(seats: number, percent: number): number {
  return Math.floor((seats * (100 + percent) + 99) / 100);
}
