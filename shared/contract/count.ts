import { z } from 'zod';
import { command } from './define.js';
import { IdSchema, NameSchema, RoundKindSchema, ShortText } from '../model.js';
import { SafeKeySchema } from '../keys.js';
import { TallyResultSchema } from '../rules/scenario.js';

const Warning = z.object({ code: z.string(), message: z.string() });

export const BallotIssueSchema = z.object({
  code: z.string(),
  rule: z.string(),
  message: z.string(),
  position: z.string().optional(),
  person: z.string().optional(),
});

/** The rules engine's classifyBallot result (V1–V4), plus one Chinese line for the screen. */
export const ClassificationSchema = z.object({
  status: z.enum(['valid', 'blank', 'void']),
  reasons: z.array(BallotIssueSchema),
  notes: z.array(BallotIssueSchema),
  positions: z.array(
    z.object({
      position: z.string(),
      status: z.enum(['counted', 'void']),
      reason: BallotIssueSchema.optional(),
      selections: z.array(z.string()),
      dropped: z.array(z.string()),
    }),
  ),
  /** 有效票 / 空白票（V4）… / 无效票：原因 */
  summary: z.string(),
});

/** Marks for one position: "for" candidate ids, optional "against" ids, write-ins (另选他人). */
export const PositionMarksSchema = z.strictObject({
  for: z.array(IdSchema).max(30),
  against: z.array(IdSchema).max(30).optional(),
  writeIns: z.array(z.strictObject({ name: NameSchema, voterId: IdSchema.optional() })).max(30).optional(),
});

const BallotEntry = {
  marks: z.record(SafeKeySchema(40), PositionMarksSchema),
  unreadable: z.boolean().optional(),
  boxKey: z.string().min(1).max(40).optional(),
  /** A note puts the ballot in the doubtful queue for the scrutineers (V6). */
  doubtful: ShortText(500).optional(),
};

export const WriteInOutcomeSchema = z.object({
  position: z.string(),
  name: z.string(),
  voterId: IdSchema.nullable(),
  /** How many active voters have this name (V5: 1 is a match; 0 or several go to the doubtful queue). */
  matches: z.number().int(),
});

const CandidateVotes = z.object({ candidateId: IdSchema.nullable(), name: z.string(), votes: z.number().int() });

export const BatchSubtotalsSchema = z.object({
  fromSeq: z.number().int(),
  uptoSeq: z.number().int(),
  ballots: z.number().int(),
  positions: z.array(z.object({ key: z.string(), name: z.string(), votes: z.array(CandidateVotes) })),
});

export const RecordedSchema = z.object({
  preview: z.boolean(),
  /** null for a preview (nothing written). */
  ballotId: IdSchema.nullable(),
  seq: z.number().int().nullable(),
  classification: ClassificationSchema,
  /** Ballots counted in this round (effective: voided ones left out) after this command. */
  ballotsCounted: z.number().int(),
  doubtful: z.object({ doubtId: IdSchema.nullable(), note: z.string() }).nullable(),
  writeIns: z.array(WriteInOutcomeSchema),
  /** Every 50 ballots: compare these batch subtotals with the paper sheet, then count.checkpoint. */
  checkpointDue: z.boolean(),
  checkpoint: BatchSubtotalsSchema.nullable(),
  warnings: z.array(Warning),
});

export const RecentBallotSchema = z.object({
  id: IdSchema,
  seq: z.number().int(),
  boxKey: z.string().nullable(),
  /** Marks in words, e.g. "主任：张三；委员：李四、王芳、（另选）赵六". */
  summary: z.string(),
  classification: ClassificationSchema,
  /** valid | blank | void (classification) or voided (作废记录) / corrected (已更正) */
  status: z.enum(['valid', 'blank', 'void', 'voided']),
  voided: z.boolean(),
  voidReason: z.string().nullable(),
  correctsBallotId: IdSchema.nullable(),
  correctedBy: IdSchema.nullable(),
  doubtful: z.boolean(),
  ruling: z.enum(['as_recorded', 'unreadable', 'corrected']).nullable(),
  at: z.string(),
  actor: z.string(),
});

export const DoubtSchema = z.object({
  doubtId: IdSchema,
  ballotId: IdSchema,
  seq: z.number().int(),
  note: z.string(),
  summary: z.string(),
  classification: ClassificationSchema,
  voided: z.boolean(),
  at: z.string(),
  ruling: z
    .object({
      ruling: z.enum(['as_recorded', 'unreadable', 'corrected']),
      reason: z.string(),
      replacementBallotId: IdSchema.nullable(),
      /** The 监票人 who decided; null for rulings recorded before the station kept it. */
      scrutineer: z.string().nullable(),
      at: z.string(),
      actor: z.string(),
    })
    .nullable(),
});

export const LiveSchema = z.object({
  /** What the hall display shows above the tally (its window may call count.live and nothing else). */
  title: z.string(),
  drill: z.boolean(),
  roundKind: RoundKindSchema,
  roundId: IdSchema,
  roundNumber: z.number().int(),
  phase: z.string(),
  ballotsCounted: z.number().int(),
  /** Sum of the boxes' collected counts, null until one is entered. */
  collected: z.number().int().nullable(),
  valid: z.number().int(),
  invalid: z.number().int(),
  blank: z.number().int(),
  /** Open (unruled) doubtful ballots. */
  doubtful: z.number().int(),
  lastSeq: z.number().int(),
  positions: z.array(
    z.object({
      key: z.string(),
      name: z.string(),
      seats: z.number().int(),
      /** Parts of ballots for this position that do not count (void ballots and void parts). */
      invalid: z.number().int(),
      candidates: z.array(z.object({ id: IdSchema, name: z.string(), number: z.number().int(), votes: z.number().int() })),
      writeIns: z.array(z.object({ name: z.string(), votes: z.number().int() })),
    }),
  ),
});

export const BoxStatusSchema = z.object({
  key: z.string(),
  name: z.string(),
  kind: z.enum(['fixed', 'mobile']),
  /** Latest entered collected count for this round, null if never entered. */
  collected: z.number().int().nullable(),
  /** Ballots issued through this box this round (mobile boxes); null for fixed boxes. */
  issued: z.number().int().nullable(),
  /** A collected count is needed before ballots are read (B3): fixed boxes and mobile boxes used this round. */
  required: z.boolean(),
  at: z.string().nullable(),
});

export const CountSummarySchema = z.object({
  roundId: IdSchema,
  boxes: z.array(BoxStatusSchema),
  collectedTotal: z.number().int().nullable(),
  /** Every required box has a collected count (B3). */
  collectedComplete: z.boolean(),
  participants: z.number().int(),
  issued: z.number().int(),
  comparator: z.enum(['participants', 'issued']),
  comparatorValue: z.number().int(),
  ballotsCounted: z.number().int(),
  printed: z.number().int().nullable(),
  spoiled: z.number().int().nullable(),
  unused: z.number().int().nullable(),
  warnings: z.array(Warning),
});

const roundIdOpt = { roundId: IdSchema.optional() };

export const countContract = {
  'box.setCollected': command({
    summary: '录入某票箱收回的选票数（开箱清点后、唱票前录入；以最后一次录入为准）（B3）',
    mutates: true,
    input: z.strictObject({ boxKey: z.string().min(1).max(40), collected: z.number().int().min(0).max(1_000_000), ...roundIdOpt }),
    output: CountSummarySchema,
  }),
  'count.recordBallot': command({
    summary: '录入一张选票（preview 为真时只判定有效性、不保存）',
    mutates: true,
    input: z.strictObject({ ...BallotEntry, preview: z.boolean().optional() }),
    output: RecordedSchema,
  }),
  'count.voidBallot': command({
    summary: '作废一条录错的选票记录（记录原因，不删除）',
    mutates: true,
    chair: true,
    input: z.strictObject({ ballotId: IdSchema, reason: ShortText(500) }),
    output: z.object({ ballotId: IdSchema, ballotsCounted: z.number().int() }),
  }),
  'count.correctBallot': command({
    summary: '更正一条选票记录（原记录作废，另录一条更正记录）',
    mutates: true,
    chair: true,
    input: z.strictObject({ ballotId: IdSchema, reason: ShortText(500), ...BallotEntry }),
    output: RecordedSchema.extend({ correctsBallotId: IdSchema }),
  }),
  'count.recent': command({
    summary: '最近录入的选票（含有效性判定和作废、更正、存疑情况）',
    mutates: false,
    input: z.strictObject({ limit: z.number().int().min(1).max(200).default(10), ...roundIdOpt }),
    output: z.object({ ballots: z.array(RecentBallotSchema) }),
  }),
  'count.checkpoint': command({
    summary: '每 50 张核对一次：与纸质计票单一致或不一致（记录说明）',
    mutates: true,
    input: z.strictObject({ uptoSeq: z.number().int().min(1), status: z.enum(['confirmed', 'mismatch']), note: z.string().trim().max(500).optional() }),
    output: z.object({ checkpointId: IdSchema, uptoSeq: z.number().int(), status: z.enum(['confirmed', 'mismatch']) }),
  }),
  'count.markDoubtful': command({
    summary: '把一张选票交监票人裁定（存疑票）（V6）',
    mutates: true,
    input: z.strictObject({ ballotId: IdSchema, note: ShortText(500) }),
    output: z.object({ doubtId: IdSchema, ballotId: IdSchema }),
  }),
  'count.rule': command({
    summary: '监票人对存疑票作出裁定并记录理由：按录入计、无法辨认、更正（V6）',
    mutates: true,
    // A ruling that changes (更正) or voids (无法辨认) the ballot is as weighty as count.correctBallot.
    chair: { when: (i: { ruling: string }) => i.ruling !== 'as_recorded', label: '裁定为“更正”或“无法辨认”时' },
    input: z.strictObject({
      ballotId: IdSchema,
      ruling: z.enum(['as_recorded', 'unreadable', 'corrected']),
      /** The 监票人 who decided: a registered official (监票人 or 总监票人) not removed. */
      scrutineerId: IdSchema,
      reason: ShortText(500),
      marks: BallotEntry.marks.optional(),
      unreadable: z.boolean().optional(),
    }),
    output: z.object({
      doubtId: IdSchema,
      ballotId: IdSchema,
      ruling: z.enum(['as_recorded', 'unreadable', 'corrected']),
      replacementBallotId: IdSchema.nullable(),
      scrutineer: z.string(),
      classification: ClassificationSchema,
      openDoubts: z.number().int(),
    }),
  }),
  'count.doubtful': command({
    summary: '存疑票清单（待裁定和已裁定）',
    mutates: false,
    input: z.strictObject({ ...roundIdOpt }),
    output: z.object({ doubts: z.array(DoubtSchema), open: z.number().int() }),
  }),
  'count.tally': command({
    summary: '本轮计票结果（与命令行 tally 同一规则引擎、同一格式）',
    mutates: false,
    input: z.strictObject({ ...roundIdOpt }),
    output: TallyResultSchema,
  }),
  'count.live': command({
    summary: '现场唱票大屏数据：各候选人当前得票（正字）、已计票数、有效/无效/空白',
    mutates: false,
    input: z.strictObject({ ...roundIdOpt }),
    output: LiveSchema,
  }),
  'count.summary': command({
    summary: '票箱收回数与投票人数、发出票数核对（B3、B4）',
    mutates: false,
    input: z.strictObject({ ...roundIdOpt }),
    output: CountSummarySchema,
  }),
};
