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

const PlannedPosition = z.object({ position: z.string(), name: z.string(), seats: z.number().int(), candidates: z.array(z.string()) });

export const RoundPlanSchema = z.object({
  next: z.enum(['none', 'repeat', 'runoff', 'supplementary']),
  positions: z.array(PlannedPosition),
  thenSupplementary: z.array(PlannedPosition),
  mayLeaveUnfilled: z.boolean(),
  women: PlannedPosition.optional(),
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
