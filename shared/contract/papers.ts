/**
 * Papers (issue 14): the election settings printed on paper (届次, 选字第×号, the Party
 * organisation type), the ballot paper of a round (printed from the candidate list the counting pad
 * uses; printing records the number printed, B3), and the Party committee's first plenary electing
 * 书记 and 副书记 (P10) with the higher Party organisation's approval.
 */
import { z } from 'zod';
import { command } from './define.js';
import { DateSchema, IdSchema, RoundKindSchema, ShortText } from '../model.js';
import { PartyOrgTypeSchema } from '../papers.js';
import { TallyResultSchema } from '../rules/scenario.js';

const Warning = z.object({ code: z.string(), message: z.string() });

export const PaperSettingsSchema = z.object({
  /** 届次 as a number (12 → 第十二届); null until set. */
  term: z.number().int().nullable(),
  termLabel: z.string().nullable(),
  /** The announcement's 选字第×号; null until set. */
  announcementNumber: z.number().int().nullable(),
  announcementLabel: z.string().nullable(),
  partyOrgType: PartyOrgTypeSchema,
  /** 中共青山村支部委员会 */
  partyOrgName: z.string(),
  at: z.string().nullable(),
});

export const BallotPapersSchema = z.enum(['combined', 'per_position']);

export const BallotPaperSchema = z.object({
  roundId: IdSchema,
  roundNumber: z.number().int(),
  roundKind: RoundKindSchema,
  /** One combined paper, or one paper per post (profile `ballotPapers`). */
  papers: BallotPapersSchema,
  /** What the paper prints: posts with seats and the candidates with the counting pad's numbers. */
  positions: z.array(z.object({ key: z.string(), name: z.string(), seats: z.number().int(), candidates: z.array(z.object({ number: z.number().int(), name: z.string() })) })),
  /** SHA-256 of the printed content: a printing whose content differs is out of date. */
  contentSha256: z.string(),
  printings: z.array(z.object({ id: IdSchema, copies: z.number().int(), fileName: z.string(), at: z.string(), actor: z.string(), matchesCurrent: z.boolean() })),
  /** Copies printed by the station for this round. */
  printedByStation: z.number().int(),
  /** B3: the round's printed / spoiled-and-replaced count as recorded (latest), issued so far. */
  printed: z.number().int().nullable(),
  spoiled: z.number().int().nullable(),
  issued: z.number().int(),
  /** Copies still to print for everyone with a vote to get one (registered minus printed so far). */
  suggested: z.number().int(),
  canPrint: z.boolean(),
  /** Why printing is not possible now (empty when it is). */
  reason: z.string(),
  warnings: z.array(Warning),
});

export const SecretaryPostSchema = z.enum(['secretary', 'deputy']);
export const SECRETARY_POST_LABELS: Record<z.infer<typeof SecretaryPostSchema>, string> = { secretary: '书记', deputy: '副书记' };

const PostMarks = z.strictObject({
  /** 赞成 (voter ids of candidates of the post). */
  for: z.array(IdSchema).max(10),
  /** 不赞成 */
  against: z.array(IdSchema).max(10).optional(),
  /** 另选他人: committee members (voter ids). */
  writeIns: z.array(IdSchema).max(10).optional(),
});

const Person = z.object({ voterId: IdSchema, name: z.string() });

export const CandidateMarksSchema = z.object({ name: z.string(), for: z.number().int(), against: z.number().int(), abstain: z.number().int(), invalid: z.number().int() });

export const SecretaryVoteSchema = z.object({
  id: IdSchema,
  number: z.number().int(),
  /** The committee members when this vote started: the base of its majority (P10). */
  members: z.array(Person),
  posts: z.array(
    z.object({
      post: SecretaryPostSchema,
      name: z.string(),
      seats: z.number().int(),
      candidates: z.array(Person.extend({ number: z.number().int() })),
    }),
  ),
  present: z.array(Person),
  /** Members present needed (4/5 of the members, P4's integer rule). */
  quorumNeeded: z.number().int(),
  collected: z.number().int().nullable(),
  ballots: z.array(z.object({ id: IdSchema, seq: z.number().int(), summary: z.string(), status: z.enum(['valid', 'blank', 'void', 'voided']), voidReason: z.string().nullable() })),
  counted: z.number().int(),
  /** The engine's count of this vote (stored when confirmed). */
  result: TallyResultSchema.nullable(),
  /** Per post: ballots cast / counted / void for the post, and per candidate 赞成 / 不赞成 / 弃权 / 无效 (adding up to the ballots cast). */
  marks: z.array(
    z.object({
      id: SecretaryPostSchema,
      seats: z.number().int(),
      cast: z.number().int(),
      counted: z.number().int(),
      invalid: z.number().int(),
      wholeInvalid: z.number().int(),
      choices: z.number().int(),
      unused: z.number().int(),
      writeIns: z.number().int(),
      candidates: z.array(CandidateMarksSchema),
    }),
  ),
  confirmed: z.boolean(),
  confirmedAt: z.string().nullable(),
});

export const SecretaryStateSchema = z.object({
  /** Whether a vote can be started now, and why not. */
  canStart: z.boolean(),
  reason: z.string(),
  orgName: z.string(),
  /** The new committee: the members elected by the assembly. */
  members: z.array(Person.extend({ gender: z.enum(['M', 'F']).nullable(), age: z.number().int().nullable() })),
  votes: z.array(SecretaryVoteSchema),
  elected: z.object({ secretary: z.array(Person), deputy: z.array(Person) }),
  approval: z.object({ ref: z.string(), approvedOn: z.string(), note: z.string(), at: z.string() }).nullable(),
  /** not_started → voting → awaiting_approval (书记 elected, 待上级党组织批复) → approved. */
  status: z.enum(['not_started', 'voting', 'awaiting_approval', 'approved']),
  statusLabel: z.string(),
});

export const papersContract = {
  'papers.settings': command({
    summary: '表格上印的选举设置：届次、公告文号（选字第×号）、党组织类型（支部/总支部/党委）',
    mutates: false,
    input: z.strictObject({}),
    output: PaperSettingsSchema,
  }),
  'papers.setSettings': command({
    summary: '设置届次、公告文号（选字第×号）和党组织类型（只改填写的项）',
    mutates: true,
    input: z.strictObject({
      term: z.number().int().min(1, '届次至少为 1').max(99, '届次不能超过 99').nullable().optional(),
      announcementNumber: z.number().int().min(1, '文号至少为 1').max(9999, '文号不能超过 9999').nullable().optional(),
      partyOrgType: PartyOrgTypeSchema.optional(),
    }),
    output: PaperSettingsSchema,
  }),
  'ballot.paper': command({
    summary: '本轮选票的内容（职位、应选人数、候选人按姓氏笔画排列和计票短号）和印制记录',
    mutates: false,
    input: z.strictObject({ roundId: IdSchema.optional() }),
    output: BallotPaperSchema,
  }),
  'ballot.print': command({
    summary: '印制本轮选票：生成 PDF（每张一页，不编号），并把印制张数计入本轮印制选票数（B3）',
    mutates: true,
    input: z.strictObject({ copies: z.number().int().min(1, '至少印制 1 张').max(20_000, '一次最多印制 20000 张') }),
    output: z.object({
      roundId: IdSchema,
      path: z.string(),
      fileName: z.string(),
      pages: z.number().int(),
      bytes: z.number().int(),
      copies: z.number().int(),
      papers: BallotPapersSchema,
      /** The round's printed count after this printing (B3). */
      printed: z.number().int(),
      warnings: z.array(Warning),
    }),
  }),
  'secretary.get': command({
    summary: '党组织委员会第一次全体会议选举书记、副书记：委员名单、投票、结果和上级党组织批复（P10）',
    mutates: false,
    input: z.strictObject({}),
    output: SecretaryStateSchema,
  }),
  'secretary.startVote': command({
    summary: '开始一次书记、副书记选举投票：职位、名额和候选人（可等额，从委员中提名）',
    mutates: true,
    input: z.strictObject({
      posts: z
        .array(z.strictObject({ post: SecretaryPostSchema, seats: z.number().int().min(1).max(5), candidateIds: z.array(IdSchema).min(1, '请至少提名一名候选人').max(15) }))
        .min(1, '请至少设置一个职位')
        .max(2),
    }),
    output: SecretaryVoteSchema,
  }),
  'secretary.setPresent': command({
    summary: '登记到会委员（书记、副书记选举）',
    mutates: true,
    input: z.strictObject({ voterIds: z.array(IdSchema).max(30) }),
    output: z.object({ present: z.number().int(), members: z.number().int(), quorumNeeded: z.number().int(), quorumMet: z.boolean(), warnings: z.array(Warning) }),
  }),
  'secretary.setCollected': command({
    summary: '录入书记、副书记选举收回的选票数',
    mutates: true,
    input: z.strictObject({ collected: z.number().int().min(0).max(30) }),
    output: z.object({ collected: z.number().int(), present: z.number().int(), warnings: z.array(Warning) }),
  }),
  'secretary.recordBallot': command({
    summary: '录入一张书记、副书记选举选票：赞成、不赞成、另选他人（委员）',
    mutates: true,
    input: z.strictObject({ marks: z.strictObject({ secretary: PostMarks.optional(), deputy: PostMarks.optional() }), unreadable: z.boolean().optional() }),
    output: z.object({ ballotId: IdSchema, seq: z.number().int(), status: z.enum(['valid', 'blank', 'void']), summary: z.string(), counted: z.number().int() }),
  }),
  'secretary.voidBallot': command({
    summary: '作废录错的书记、副书记选举选票记录（记录原因）',
    mutates: true,
    chair: true,
    input: z.strictObject({ ballotId: IdSchema, reason: ShortText(500) }),
    output: z.object({ ballotId: IdSchema, counted: z.number().int() }),
  }),
  'secretary.confirm': command({
    summary: '确认书记、副书记选举结果（须先录入收回选票数且与录入张数相等）',
    mutates: true,
    chair: true,
    input: z.strictObject({}),
    output: z.object({ voteId: IdSchema, result: TallyResultSchema, elected: z.object({ secretary: z.array(Person), deputy: z.array(Person) }), message: z.string() }),
  }),
  'secretary.recordApproval': command({
    summary: '记录上级党组织对委员和书记、副书记选举结果的批复（文号、日期）',
    mutates: true,
    chair: true,
    input: z.strictObject({ ref: ShortText(200), approvedOn: DateSchema, note: z.string().trim().max(500).optional() }),
    output: z.object({ ref: z.string(), approvedOn: z.string(), message: z.string() }),
  }),
};
