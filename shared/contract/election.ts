import { z } from 'zod';
import { command } from './define.js';
import { isSafeKey, SafeKeySchema, UNSAFE_KEY_MESSAGE } from '../keys.js';
import {
  DateSchema,
  EducationSchema,
  ElectionKindSchema,
  GenderSchema,
  IdSchema,
  LabelText,
  NameSchema,
  OfficialRoleSchema,
  PhaseSchema,
  RelationSchema,
  RoundKindSchema,
  ShortText,
} from '../model.js';

/** B7: what going to the next phase may need the committee to confirm (election.setPhase `confirm`). */
export const PHASE_CONFIRMATIONS = ['E1_TURNOUT_NOT_MET', 'P4_QUORUM_NOT_MET', 'VOTING_BEFORE_DATE'] as const;
export type PhaseConfirmation = (typeof PHASE_CONFIRMATIONS)[number];

export const ElectionSchema = z.object({
  id: z.string(),
  kind: ElectionKindSchema,
  title: z.string(),
  village: z.string(),
  township: z.string(),
  county: z.string(),
  electionDate: z.string(),
  profile: z.string(),
  rulesOverrides: z.record(z.string(), z.unknown()),
  drill: z.boolean(),
  createdAt: z.string(),
  phase: PhaseSchema,
  currentRound: z.object({ id: IdSchema, number: z.number().int(), kind: RoundKindSchema }),
  /** The effective rule parameters (profile + overrides). */
  rules: z.record(z.string(), z.unknown()),
  readOnly: z.boolean(),
});

export const PositionSchema = z.object({
  key: z.string(),
  name: z.string(),
  rank: z.number().int(),
  seats: z.number().int(),
  womenReserved: z.boolean(),
});

export const CandidateSchema = z.object({
  id: IdSchema,
  voterId: IdSchema,
  name: z.string(),
  position: z.string(),
  positionName: z.string(),
  /** Short number for the counting pad, per position in 姓氏笔画 order (1, 2, 3 …). */
  number: z.number().int(),
  gender: GenderSchema,
  birthDate: z.string(),
  age: z.number().int(),
  education: EducationSchema,
  partyMember: z.boolean(),
  partySecretary: z.boolean(),
  withdrawn: z.boolean(),
  /** E10: the latest qualification review (资格审查), or null when none is recorded yet. */
  review: z.object({ outcome: z.enum(['passed', 'failed']), ref: z.string(), reviewer: z.string(), at: z.string() }).nullable(),
  /** The round the candidate was first listed in (1 = the main round). */
  round: z.number().int(),
});

export const RelativeSchema = z.object({
  id: IdSchema,
  voterId: IdSchema,
  name: z.string(),
  otherVoterId: IdSchema,
  otherName: z.string(),
  relation: RelationSchema,
  relationLabel: z.string(),
  /** E8: whether this election's relation set (relativeSet) counts the tie as close relatives. */
  counts: z.boolean(),
  revoked: z.object({ reason: z.string(), at: z.string(), actor: z.string() }).nullable(),
  at: z.string(),
  actor: z.string(),
});

export const OfficialSchema = z.object({
  id: IdSchema,
  name: z.string(),
  voterId: IdSchema.nullable(),
  role: OfficialRoleSchema,
  boxKey: z.string().nullable(),
  at: z.string(),
});

export const PositionInputSchema = z.strictObject({
  key: z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, '职位代码只能用小写字母、数字和下划线').refine(isSafeKey, UNSAFE_KEY_MESSAGE),
  name: LabelText(40, '职位名称'),
  seats: z.number().int().min(1, '职数至少为 1').max(30),
  womenReserved: z.boolean().optional(),
});

export const electionContract = {
  'election.create': command({
    summary: '新建一次选举（本数据目录只能有一次选举）',
    mutates: true,
    input: z.strictObject({
      kind: ElectionKindSchema,
      title: LabelText(200, '标题').optional(),
      village: LabelText(100, '村名'),
      township: LabelText(100, '乡镇名'),
      county: z.string().trim().max(100).optional(),
      electionDate: DateSchema,
      profile: z.string().min(1).max(40).default('national'),
      rulesOverrides: z.record(SafeKeySchema(60), z.unknown()).optional(),
      drill: z.boolean(),
    }),
    output: ElectionSchema,
  }),
  'election.get': command({
    summary: '查看选举基本信息、阶段和当前轮次',
    mutates: false,
    input: z.strictObject({}),
    output: ElectionSchema,
  }),
  'election.setPhase': command({
    summary: '推进选举阶段（准备 → 名单公布 → 投票 → 计票）',
    mutates: true,
    input: z.strictObject({
      phase: PhaseSchema,
      reason: z.string().max(500).optional(),
      /**
       * B7: the warnings the committee was shown and decided to go on despite (their codes): ending the
       * vote below the turnout (E1) or the Party quorum (P4), starting a real election's vote before its
       * date. Without them such a change is refused with PHASE_NEEDS_CONFIRMATION and the numbers.
       */
      confirm: z.array(z.enum(PHASE_CONFIRMATIONS)).max(5).optional(),
    }),
    output: z.object({ phase: PhaseSchema, warnings: z.array(z.object({ code: z.string(), message: z.string(), rule: z.string().optional() })) }),
  }),
  'position.set': command({
    summary: '设置职位及职数（主任、副主任、委员…，按职位高低排列）',
    mutates: true,
    input: z.strictObject({ positions: z.array(PositionInputSchema).min(1, '至少设置一个职位').max(10) }),
    output: z.object({ positions: z.array(PositionSchema) }),
  }),
  'position.list': command({
    summary: '列出职位及职数',
    mutates: false,
    input: z.strictObject({}),
    output: z.object({ positions: z.array(PositionSchema) }),
  }),
  'candidate.add': command({
    summary: '登记正式候选人（须为本村已登记选民或有选举权的党员）',
    mutates: true,
    input: z.strictObject({
      voterId: IdSchema,
      position: z.string().min(1).max(40),
      education: EducationSchema,
      partyMember: z.boolean(),
      partySecretary: z.boolean().optional(),
    }),
    output: z.object({ candidate: CandidateSchema, warnings: z.array(z.object({ code: z.string(), message: z.string() })) }),
  }),
  'candidate.withdraw': command({
    summary: '候选人退出（记录原因，不删除）',
    mutates: true,
    input: z.strictObject({ candidateId: IdSchema, reason: ShortText(500) }),
    output: z.object({ candidateId: IdSchema }),
  }),
  'candidate.relate': command({
    summary: '登记两人之间的近亲属关系（候选人、已当选的人、工作人员；E8 近亲属回避、F1）',
    mutates: true,
    input: z.strictObject({ voterId: IdSchema, otherVoterId: IdSchema, relation: RelationSchema }),
    output: z.object({ relative: RelativeSchema, warnings: z.array(z.object({ code: z.string(), message: z.string() })) }),
  }),
  'candidate.unrelate': command({
    summary: '撤销一条登记错误的近亲属关系（写明原因，原记录保留）',
    mutates: true,
    input: z.strictObject({ relativeId: IdSchema, reason: ShortText(500) }),
    output: z.object({ relative: RelativeSchema }),
  }),
  'candidate.relations': command({
    summary: '已登记的近亲属关系（含已撤销的），及本次选举是否按近亲属回避处理（E8）',
    mutates: false,
    input: z.strictObject({}),
    output: z.object({ relatives: z.array(RelativeSchema), relativeSet: z.string(), relativeSetLabel: z.string() }),
  }),
  'candidate.review': command({
    summary: '记录候选人资格审查结果（E10：审查人、依据文号；未通过的候选人退出）',
    mutates: true,
    input: z.strictObject({
      candidateId: IdSchema,
      outcome: z.enum(['passed', 'failed']),
      ref: ShortText(200),
      reviewer: ShortText(100),
      note: z.string().trim().max(500).optional(),
    }),
    output: z.object({ candidate: CandidateSchema }),
  }),
  'candidate.list': command({
    summary: '候选人名单（按姓氏笔画排序）',
    mutates: false,
    input: z.strictObject({ roundId: IdSchema.optional(), includeWithdrawn: z.boolean().optional() }),
    output: z.object({
      candidates: z.array(CandidateSchema),
      /** Characters in names without stroke data: their order falls back to code point. */
      strokeFallback: z.array(z.object({ name: z.string(), chars: z.array(z.string()) })),
      warnings: z.array(z.object({ code: z.string(), message: z.string() })),
    }),
  }),
  'official.add': command({
    summary: '登记工作人员（选举委员会成员、总监票人、监票人、唱票人、计票人…）；候选人及其近亲属不得担任（F1、E10）',
    mutates: true,
    input: z.strictObject({
      name: NameSchema,
      voterId: IdSchema.optional(),
      role: OfficialRoleSchema,
      boxKey: z.string().min(1).max(40).optional(),
      /** Declared family ties to candidates; spouse, parent, child or sibling of a candidate is refused. */
      relatives: z.array(z.strictObject({ candidateId: IdSchema, relation: RelationSchema })).max(20).optional(),
    }),
    output: z.object({ official: OfficialSchema }),
  }),
  'official.remove': command({
    summary: '工作人员退出或被撤换（写明原因，原记录保留；被提名为候选人的须先退出，E10）',
    mutates: true,
    input: z.strictObject({ officialId: IdSchema, reason: ShortText(500) }),
    output: z.object({ officialId: IdSchema }),
  }),
  'official.list': command({
    summary: '工作人员名单',
    mutates: false,
    input: z.strictObject({}),
    output: z.object({ officials: z.array(OfficialSchema), warnings: z.array(z.object({ code: z.string(), message: z.string() })) }),
  }),
};
