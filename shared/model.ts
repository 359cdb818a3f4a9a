/** Domain vocabulary shared by the contract, the station and the renderer. */
import { z } from 'zod';
import { hasInvisible, invisibleCodes } from './text.js';
import { isSafeKey, UNSAFE_KEY_MESSAGE } from './keys.js';
export { ElectionKindSchema, RoundKindSchema, type ElectionKind, type RoundKind } from './rules/scenario.js';
import type { RoundKind } from './rules/scenario.js';

export const PhaseSchema = z.enum(['setup', 'roll_published', 'voting', 'counting', 'confirmed']);
export type Phase = z.infer<typeof PhaseSchema>;
export const PHASE_LABELS: Record<Phase, string> = {
  setup: '准备',
  roll_published: '选民名单已公布',
  voting: '投票中',
  counting: '计票中',
  confirmed: '结果已确认',
};

export const DateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD')
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
  }, '不是有效的日期');

export const GenderSchema = z.enum(['M', 'F']);
export const EducationSchema = z.enum([
  'primary',
  'junior_high',
  'senior_high',
  'vocational',
  'college',
  'bachelor',
  'postgraduate',
  'other',
]);
export const EDUCATION_LABELS: Record<z.infer<typeof EducationSchema>, string> = {
  primary: '小学',
  junior_high: '初中',
  senior_high: '高中',
  vocational: '中专/职高',
  college: '大专',
  bachelor: '本科',
  postgraduate: '研究生',
  other: '其他',
};
/** College education or above (大专及以上) — the township's structure statistics. */
export const COLLEGE_OR_ABOVE = new Set(['college', 'bachelor', 'postgraduate']);

export const VoterCategorySchema = z.string().min(1).max(60);
export const BUILTIN_CATEGORIES = ['resident', 'registered_absent', 'nonresident_approved'] as const;
/** The kinds of rounds, as screens and papers name them. */
export const ROUND_KIND_LABELS = { main: '正式选举', runoff: '再次投票', supplementary: '另行选举' } as const satisfies Record<RoundKind, string>;

export const CATEGORY_LABELS: Record<string, string> = {
  resident: '户籍在本村且居住',
  registered_absent: '户籍在本村不居住、本人表示参加',
  nonresident_approved: '户籍不在本村、在本村居住或者从事村务工作一年以上、经同意参加',
};

export const PartyStatusSchema = z.enum(['full', 'probationary', 'probation_discipline', 'suspended']);
export const PARTY_STATUS_LABELS: Record<z.infer<typeof PartyStatusSchema>, string> = {
  full: '正式党员',
  probationary: '预备党员',
  probation_discipline: '留党察看',
  suspended: '权利中止（留置、逮捕）',
};

export const RemovalReasonSchema = z.enum([
  'death',
  'moved',
  'lost_capacity',
  'deprived_of_rights',
  'duplicate',
  'objection_upheld',
  'other',
]);
export const REMOVAL_REASON_LABELS: Record<z.infer<typeof RemovalReasonSchema>, string> = {
  death: '死亡',
  moved: '迁出',
  lost_capacity: '丧失行为能力',
  deprived_of_rights: '被剥夺政治权利',
  duplicate: '重复登记',
  objection_upheld: '异议成立',
  other: '其他',
};

/** Family ties between two people (E8, F1, X1): 民法典 1045 近亲属, plus other lineal kin for SH's 直系亲属. */
export const RelationSchema = z.enum(['spouse', 'parent', 'child', 'sibling', 'grandparent', 'grandchild', 'lineal_other']);
export const RELATION_LABELS: Record<z.infer<typeof RelationSchema>, string> = {
  spouse: '配偶',
  parent: '父母',
  child: '子女',
  sibling: '兄弟姐妹',
  grandparent: '祖父母、外祖父母',
  grandchild: '孙子女、外孙子女',
  lineal_other: '其他直系亲属（曾祖父母、曾孙子女等）',
};

/** X1: the trustee is a close relative of the principal, or any other villager with a vote (since 2025). */
export const ProxyRelationSchema = z.enum(['spouse', 'parent', 'child', 'sibling', 'grandparent', 'grandchild', 'other_villager']);
export const PROXY_RELATION_LABELS: Record<z.infer<typeof ProxyRelationSchema>, string> = {
  spouse: '配偶',
  parent: '父母',
  child: '子女',
  sibling: '兄弟姐妹',
  grandparent: '祖父母、外祖父母',
  grandchild: '孙子女、外孙子女',
  other_villager: '其他村民',
};

export const OfficialRoleSchema = z.enum(['chief_scrutineer', 'scrutineer', 'caller', 'counter', 'issuer', 'scribe', 'chair', 'committee_member']);
export const OFFICIAL_ROLE_LABELS: Record<z.infer<typeof OfficialRoleSchema>, string> = {
  chief_scrutineer: '总监票人',
  scrutineer: '监票人',
  caller: '唱票人',
  counter: '计票人',
  issuer: '发票人',
  scribe: '代书人',
  chair: '选举委员会主任',
  committee_member: '选举委员会委员',
};

export const IssueWaySchema = z.enum(['in_person', 'proxy', 'mobile']);
export const ISSUE_WAY_LABELS: Record<z.infer<typeof IssueWaySchema>, string> = {
  in_person: '本人领取',
  proxy: '委托投票',
  mobile: '流动票箱',
};

export const IdSchema = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
export const ShortText = (max: number) =>
  z
    .string()
    .trim()
    .min(1, '不能为空')
    .max(max, `不能超过 ${max} 个字`)
    // control characters (NUL cuts the text short in SQLite) never belong in a reason, a name or a
    // reference; line breaks and tabs may stay in longer texts
    .refine((s) => !/[^\P{Cc}\n\r\t]/u.test(s), '含有不可见的控制字符，请重新输入');

/**
 * Refuses the characters a person cannot see but a computer compares (shared/text.ts): "\u202E三张"
 * displays as 张三. Named in the message by code point, with what to do (issue 12 D12).
 */
const noInvisible = (what: string) => (s: string, ctx: z.RefinementCtx) => {
  if (!hasInvisible(s)) return;
  ctx.addIssue({
    code: 'custom',
    message: `${what}里有看不见的字符（${invisibleCodes(s).join('、')}），会让名字显示得和实际不一样。请删除后重新输入（从别处复制来的文字常带这种字符）。`,
  });
};

/** A name shown on screens and forms (box, position, village…): visible text only. */
export const LabelText = (max: number, what = '名称') => ShortText(max).superRefine(noInvisible(what));

export const NameSchema = z
  .string()
  .trim()
  .min(1, '姓名不能为空')
  .max(50, '姓名太长')
  // control characters never belong in a name
  .refine((s) => !/\p{Cc}/u.test(s), '姓名含有不可见的控制字符')
  .superRefine(noInvisible('姓名'))
  // names key the tally's votes (shared/keys.ts)
  .refine(isSafeKey, UNSAFE_KEY_MESSAGE);

/** A backup's reason in plain Chinese: 进入“投票”时, 录入第 50 张选票后, 手动备份 … */
export function backupReasonLabel(reason: string): string {
  const phase = /^phase-(\w+)$/.exec(reason)?.[1];
  if (phase && phase in PHASE_LABELS) return `进入“${PHASE_LABELS[phase as keyof typeof PHASE_LABELS]}”时`;
  const n = /^ballots-(\d+)$/.exec(reason)?.[1];
  if (n) return `录入第 ${n} 张选票后`;
  if (reason === 'manual') return '手动备份';
  return reason;
}

/** SQLite's own words for a damaged file, said in Chinese (the English stays in the error's details). */
export function sqliteProblemLabel(message: string): string {
  if (/not a database/i.test(message)) return '文件头已损坏，不是完整的数据文件';
  if (/malformed/i.test(message)) return '文件内容有损坏';
  if (/disk I\/O error/i.test(message)) return '读盘出错';
  if (/unable to open/i.test(message)) return '文件打不开';
  return '文件已损坏';
}
