import { z } from 'zod';
import { command, type CommandSpec } from './define.js';
import { IdSchema, PartyStatusSchema, ShortText } from '../model.js';

export const ExclusionSchema = z.object({
  id: IdSchema,
  voterId: IdSchema,
  name: z.string(),
  reason: z.string(),
  /** The reason is not one of the profile's list (P3 reasons are editable). */
  customReason: z.boolean(),
  higherOrgRef: z.string(),
  assemblyRef: z.string(),
  at: z.string(),
  actor: z.string(),
});

export const PartySummarySchema = z.object({
  /** Active members on the roll. */
  members: z.number().int(),
  /** Full members (P1). */
  withVote: z.number().int(),
  withoutVote: z.array(z.object({ status: PartyStatusSchema, label: z.string(), count: z.number().int() })),
  excluded: z.array(ExclusionSchema),
  /** P2: 应到会有选举权人数 = withVote − excluded. */
  base: z.number().int(),
  /** Members with a vote signed in this round. */
  present: z.number().int(),
  /** P4 */
  quorumReached: z.boolean(),
  /** Smallest present count that meets P4. */
  needed: z.number().int(),
  /** How many more must sign in. */
  more: z.number().int(),
  strict: z.boolean(),
  roundId: IdSchema,
  /** The profile's default exclusion reasons (editable list, P3). */
  reasons: z.array(z.string()),
});

export const partyContract = {
  'party.exclude': command({
    summary: '不计入应到会人数（须经上级党组织同意和党员大会通过，P3）',
    mutates: true,
    chair: true,
    input: z.strictObject({
      voterId: IdSchema,
      reason: ShortText(200),
      /** P3: the higher Party organisation's consent (document number); refused when empty. */
      higherOrgRef: z.string().trim().max(200),
      /** P3: the assembly's vote (minutes reference); refused when empty. */
      assemblyRef: z.string().trim().max(200),
    }),
    output: z.object({ exclusion: ExclusionSchema, summary: PartySummarySchema }),
  }),
  'party.revokeExclusion': command({
    summary: '撤销“不计入应到会人数”（写明原因）',
    mutates: true,
    chair: true,
    input: z.strictObject({ exclusionId: IdSchema, reason: ShortText(500) }),
    output: z.object({ exclusionId: IdSchema, summary: PartySummarySchema }),
  }),
  'party.summary': command({
    summary: '党员大会人数：有无表决权、不计入人数、应到会、实到会、是否过半（P1–P4）',
    mutates: false,
    input: z.strictObject({ roundId: IdSchema.optional() }),
    output: PartySummarySchema,
  }),
} satisfies Record<string, CommandSpec>;
