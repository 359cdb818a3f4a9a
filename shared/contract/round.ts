import { z } from 'zod';
import { command } from './define.js';
import { IdSchema, PhaseSchema, RoundKindSchema } from '../model.js';
import { TallyResultSchema } from '../rules/scenario.js';

const Warning = z.object({ code: z.string(), message: z.string() });

const RoundCandidate = z.object({ id: IdSchema, voterId: IdSchema, name: z.string(), position: z.string(), number: z.number().int(), gender: z.enum(['M', 'F']) });

export const RoundInfoSchema = z.object({
  id: IdSchema,
  number: z.number().int(),
  kind: RoundKindSchema,
  parentRoundId: IdSchema.nullable(),
  phase: PhaseSchema,
  positions: z.array(z.object({ key: z.string(), name: z.string(), seats: z.number().int() })),
  candidates: z.array(RoundCandidate),
  /** The tally stored when the round was confirmed (locked). */
  result: TallyResultSchema.nullable(),
  confirmedAt: z.string().nullable(),
});

const PlannedPosition = z.object({
  position: z.string(),
  name: z.string(),
  seats: z.number().int(),
  candidates: z.array(z.string()),
  pool: z.array(z.object({ name: z.string(), votes: z.number().int() })).optional(),
});

const PositionStatusSchema = z.object({
  position: z.string(),
  name: z.string(),
  seats: z.number().int(),
  elected: z.array(z.object({ name: z.string(), round: z.number().int() })),
  runoff: z.object({ seats: z.number().int(), candidates: z.array(z.string()) }).nullable(),
  unfilled: z.number().int(),
  leftEmpty: z.number().int(),
});

export const RoundPlanSchema = z.object({
  next: z.enum(['none', 'repeat', 'runoff', 'supplementary']),
  positions: z.array(PlannedPosition),
  thenSupplementary: z.array(PlannedPosition),
  mayLeaveUnfilled: z.boolean(),
  /** E6 / P9 in words: may the assembly leave the remaining seats empty now, and by which clause. */
  stop: z.object({ may: z.boolean(), rule: z.enum(['E6', 'P9']), basis: z.enum(['after_main', 'after_supplementary', 'party']), message: z.string() }).optional(),
  /** P9: the Party assembly may reduce the seats by consent of more than half of the electors. */
  partyMayReduce: z.boolean(),
  women: PlannedPosition.optional(),
  /** Every post over all rounds: who is elected (and in which round), run-offs awaited, seats unfilled. */
  status: z.array(PositionStatusSchema),
  notes: z.array(z.string()),
  message: z.string(),
});

/** E8: who yields a seat to a close relative, why, and what happens to the seat. */
export const RelativeDecisionSchema = z.object({
  rule: z.literal('E8'),
  position: z.string(),
  reason: z.enum(['seated', 'higher_post', 'more_votes', 'tie', 'successor_related']),
  yielder: z.string().optional(),
  keeper: z.string().optional(),
  runoff: z.tuple([z.string(), z.string()]).optional(),
  relation: z.string().optional(),
  vacancy: z.enum(['supplementary', 'succession', 'none']),
  successor: z.string().optional(),
  message: z.string(),
});

export const RoundResultSchema = z.object({
  roundId: IdSchema,
  number: z.number().int(),
  kind: RoundKindSchema,
  phase: PhaseSchema,
  confirmed: z.boolean(),
  registered: z.number().int(),
  excluded: z.number().int(),
  participants: z.number().int(),
  issued: z.number().int(),
  tally: TallyResultSchema,
  /** Engine warnings (E4, E6, E7, P6) and why the round does not stand (E1, P4, B4), in Chinese. */
  warnings: z.array(Warning.extend({ rule: z.string() })),
  /** E8 decisions of this round. */
  relatives: z.array(RelativeDecisionSchema),
  /** P9 seat reductions and E6 decisions to leave seats empty, as recorded. */
  decisions: z.array(z.object({ kind: z.enum(['reduce', 'leave_empty']), position: z.string(), name: z.string(), seats: z.number().int(), text: z.string(), at: z.string(), actor: z.string() })),
  plan: RoundPlanSchema,
});

export const roundContract = {
  'round.setPrinted': command({
    summary: '录入本轮印制选票数和作废换发数，核对：印制 = 发出 + 作废换发 + 未用（B3）',
    mutates: true,
    input: z.strictObject({
      printed: z.number().int().min(0).max(1_000_000),
      spoiled: z.number().int().min(0).max(1_000_000),
      /** Unused ballots as counted on the table; when given, the equation is checked against it. */
      unused: z.number().int().min(0).max(1_000_000).optional(),
    }),
    output: z.object({
      roundId: IdSchema,
      printed: z.number().int(),
      spoiled: z.number().int(),
      issued: z.number().int(),
      unused: z.number().int(),
      balanced: z.boolean(),
      warnings: z.array(Warning),
    }),
  }),
  'round.list': command({
    summary: '各轮次：轮次、类别（正式选举/再次投票/另行选举）、职数、候选人、阶段、确认的结果',
    mutates: false,
    input: z.strictObject({}),
    output: z.object({ rounds: z.array(RoundInfoSchema) }),
  }),
  'round.result': command({
    summary: '本轮结果：计票结果、规则提示（E6、E7、P6…）和下一轮安排（再次投票或另行选举）',
    mutates: false,
    input: z.strictObject({ roundId: IdSchema.optional() }),
    output: RoundResultSchema,
  }),
  'round.confirm': command({
    summary: '确认本轮结果并锁定（之后不能再录入或更改本轮选票）',
    mutates: true,
    chair: true,
    input: z.strictObject({ roundId: IdSchema.optional() }),
    output: z.object({ roundId: IdSchema, result: TallyResultSchema, plan: RoundPlanSchema, warnings: z.array(Warning) }),
  }),
  'round.leaveUnfilled': command({
    summary: '选举大会决定不再另行选举，尚缺的名额空缺（E6：仅在规则允许时）',
    mutates: true,
    chair: true,
    input: z.strictObject({ reason: z.string().trim().min(1, '请写明选举大会的决定').max(500) }),
    output: z.object({ plan: RoundPlanSchema }),
  }),
  'round.reduceSeats': command({
    summary: '党员大会经过半数选举人同意减少应选名额，不再另行选举（P9，记录表决）',
    mutates: true,
    chair: true,
    input: z.strictObject({
      position: z.string().min(1).max(40),
      seats: z.number().int().min(0).max(30),
      consent: z.number().int().min(0).max(100_000),
      /** Members with a vote present (the electors); default the latest round's participants. */
      electors: z.number().int().min(1).max(100_000).optional(),
      ref: z.string().trim().max(200).optional(),
    }),
    output: z.object({ plan: RoundPlanSchema }),
  }),
  'round.create': command({
    summary: '开始下一轮：票数相等的再次投票，或尚缺名额的另行选举（E3、E4、P9）',
    mutates: true,
    input: z.strictObject({
      kind: z.enum(['runoff', 'supplementary']),
      /** Supplementary only: the committee's choice of candidates (must satisfy E4); default from the plan. */
      candidateIds: z.array(IdSchema).min(1).max(60).optional(),
    }),
    output: RoundInfoSchema.extend({ warnings: z.array(Warning) }),
  }),
};
