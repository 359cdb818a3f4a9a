/**
 * Province rule profiles. The JSON files are imported statically (not read from disk) so the same
 * code works in Node, the browser and a bundle. Resolution for an election kind:
 *
 *   every layer's `params` (national first, then the province), then every layer's `kinds[kind]`
 *   (national first, then the province), then the election's own overrides.
 *
 * Kind-specific values beat generic ones from any layer, because they encode a different body of
 * rules: a province's villagers' election law never changes the Party's P7 `overvoteScope: ballot`.
 */
import { z } from 'zod';
import { fail, ok, type Result } from '../result.js';
import { paramsProblemForKind, RULE_PARAM_NAMES, RuleParamsPatchSchema, RuleParamsSchema, type RuleParamName, type RuleParams, type RuleParamsPatch } from './params.js';
import { ElectionKindSchema, type ElectionKind } from './scenario.js';
import { describeZodIssue, formatPath } from './validate.js';
import nationalJson from '../../resources/profiles/national.json';
import zhejiangJson from '../../resources/profiles/zhejiang.json';
import shanghaiJson from '../../resources/profiles/shanghai.json';
import beijingJson from '../../resources/profiles/beijing.json';
import henanJson from '../../resources/profiles/henan.json';

export const ProfileFileSchema = z.strictObject({
  id: z.string().regex(/^[a-z][a-z0-9_-]*$/, 'expected a lowercase id'),
  name: z.string().min(1),
  /** Where the values come from, shown next to the profile so a committee can check it. */
  source: z.string().optional(),
  /** The article behind each parameter this profile sets (e.g. "overvoteScope": "浙江办法第27条"). */
  articles: z
    .record(z.string(), z.string().min(1))
    .refine((a) => Object.keys(a).every((k) => (RULE_PARAM_NAMES as string[]).includes(k)), 'articles name unknown rule parameters')
    .optional(),
  extends: z.string().optional(),
  params: RuleParamsPatchSchema,
  kinds: z.strictObject({
    villagers_committee: RuleParamsPatchSchema.optional(),
    party_branch: RuleParamsPatchSchema.optional(),
    residents_committee: RuleParamsPatchSchema.optional(),
  }).optional(),
});
export type ProfileFile = z.infer<typeof ProfileFileSchema>;

export interface ProfileSummary {
  id: string;
  name: string;
  source?: string;
  extends?: string;
  articles?: Record<string, string>;
}

/**
 * The resolved parameters of one kind of election, checked as a whole: the parameter schema plus
 * the rules that depend on the kind (E7 no `womenRule: none` for a villagers' committee, E8 no
 * `relativeAvoidance: none` outside the Party branch).
 */
export const rulesSchemaFor = (kind: ElectionKind) =>
  RuleParamsSchema.superRefine((p, ctx) => {
    const problem = paramsProblemForKind(kind, p);
    if (problem) ctx.addIssue({ code: 'custom', path: [problem.param], message: problem.problem });
  });

const RAW: readonly unknown[] = [nationalJson, zhejiangJson, shanghaiJson, beijingJson, henanJson];

/** Parsed once at load: a broken built-in profile is a programming error, so it throws loudly. */
const PROFILES: ReadonlyMap<string, ProfileFile> = (() => {
  const map = new Map<string, ProfileFile>();
  for (const raw of RAW) {
    const parsed = ProfileFileSchema.safeParse(raw);
    if (!parsed.success) throw new Error(`built-in rule profile is invalid: ${parsed.error.message}`);
    map.set(parsed.data.id, parsed.data);
  }
  return map;
})();

export function listProfiles(): ProfileSummary[] {
  return [...PROFILES.values()].map((p) => {
    const s: ProfileSummary = { id: p.id, name: p.name };
    if (p.source !== undefined) s.source = p.source;
    if (p.extends !== undefined) s.extends = p.extends;
    if (p.articles !== undefined) s.articles = p.articles;
    return s;
  });
}

/** The article a profile (or the profile it extends) gives for a parameter, for the "依据" notes. */
export function articleFor(profileId: string, param: RuleParamName): string | undefined {
  let cur: string | undefined = profileId;
  const seen = new Set<string>();
  while (cur !== undefined && !seen.has(cur)) {
    seen.add(cur);
    const p = PROFILES.get(cur);
    const a = p?.articles?.[param];
    if (a !== undefined) return a;
    cur = p?.extends;
  }
  return undefined;
}

export function getProfile(id: string): ProfileFile | undefined {
  return PROFILES.get(id);
}

/** The chain root → … → profile; detects unknown parents and cycles. */
function chainOf(id: string): Result<ProfileFile[]> {
  const chain: ProfileFile[] = [];
  const seen = new Set<string>();
  let cur: string | undefined = id;
  while (cur !== undefined) {
    if (seen.has(cur)) return fail('PROFILE_CYCLE', `规则配置 ${cur} 的继承关系有循环。`, { path: 'profile' });
    seen.add(cur);
    const p = PROFILES.get(cur);
    if (!p) {
      const known = [...PROFILES.keys()].join(', ');
      return fail('PROFILE_UNKNOWN', `没有名为 ${cur} 的规则配置（可用：${known}）。`, {
        path: 'profile',
        problem: `unknown profile ${JSON.stringify(cur)}; expected one of ${known}`,
      });
    }
    chain.unshift(p);
    cur = p.extends;
  }
  return ok(chain);
}

/** Turns a zod issue on an override into one Chinese message that names the parameter. */
function overrideError(issue: z.core.$ZodIssue): Result<never> {
  if (issue.code === 'unrecognized_keys') {
    const name = issue.keys[0] ?? '';
    return fail('RULE_PARAM_UNKNOWN', `没有名为 ${name} 的规则参数。`, { path: `rules.${name}`, param: name, problem: 'unknown rule parameter' });
  }
  const name = String(issue.path[0] ?? '');
  const problem = describeZodIssue(issue);
  return fail('RULE_PARAM_INVALID', `规则参数 ${name} 的值无效：${problem}。`, { path: formatPath('rules', issue.path), param: name, problem });
}

/**
 * Rule parameters for an election of `kind` under profile `profileId`, with the election's own
 * overrides (validated: unknown names and bad values are refused, naming the parameter).
 */
export function resolveRules(profileId: string, kind: ElectionKind, overrides?: Record<string, unknown>): Result<RuleParams> {
  if (!ElectionKindSchema.safeParse(kind).success) {
    return fail('ELECTION_KIND_UNKNOWN', `选举类型 ${String(kind)} 无效。`, { path: 'kind', problem: 'expected one of villagers_committee, party_branch, residents_committee' });
  }
  const chain = chainOf(profileId);
  if (!chain.ok) return chain;
  let patchOverrides: RuleParamsPatch = {};
  if (overrides !== undefined) {
    const parsed = RuleParamsPatchSchema.safeParse(overrides);
    if (!parsed.success) {
      const first = parsed.error.issues[0];
      if (first) return overrideError(first);
    } else {
      patchOverrides = parsed.data;
    }
  }
  const merged: Record<string, unknown> = {};
  for (const p of chain.value) Object.assign(merged, p.params);
  for (const p of chain.value) Object.assign(merged, p.kinds?.[kind] ?? {});
  Object.assign(merged, patchOverrides);
  const full = rulesSchemaFor(kind).safeParse(merged);
  if (!full.success) {
    const first = full.error.issues[0];
    const name = first ? first.path.map(String).join('.') : '?';
    if (first?.code === 'custom') {
      // A rule of the law for this kind of election (E7, E8), whether the profile or an override set it.
      const fromOverride = name in patchOverrides;
      return fail('RULE_PARAM_NOT_ALLOWED', `规则参数 ${name} 的值不符合法律对这类选举的规定：${first.message}。`, {
        path: fromOverride ? `rules.${name}` : 'profile',
        param: name,
        problem: first.message,
      });
    }
    // Only a profile chain without a complete root can get here.
    return fail('PROFILE_INCOMPLETE', `规则配置 ${profileId} 缺少或错设参数 ${name}。`, { path: `profile`, param: name });
  }
  return ok(full.data);
}
