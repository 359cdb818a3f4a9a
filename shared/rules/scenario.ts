/**
 * The scenario format of ../shared/docs/scenario-format.md: one round of counting as JSON.
 * It is also the rules engine's input: the station builds a Scenario from its stored facts and runs
 * the same `tally` as the command line, so there is one code path for both.
 */
import { z } from 'zod';

export const ElectionKindSchema = z.enum(['villagers_committee', 'party_branch', 'residents_committee']);
export type ElectionKind = z.infer<typeof ElectionKindSchema>;

export const RoundKindSchema = z.enum(['main', 'runoff', 'supplementary']);
export type RoundKind = z.infer<typeof RoundKindSchema>;

const id = z.string().min(1, 'expected a non-empty id').max(200);
const count = z.number().int('expected a non-negative integer').nonnegative('expected a non-negative integer');

export const ScenarioPositionSchema = z.strictObject({
  id,
  name: z.string().min(1).max(100),
  seats: z.number().int('expected a positive integer').positive('expected a positive integer'),
});

export const ScenarioCandidateSchema = z.strictObject({
  id,
  name: z.string().min(1).max(100),
  position: id,
  gender: z.enum(['M', 'F']).optional(),
});

export const WriteInSchema = z.strictObject({ writeIn: z.string().trim().min(1).max(100) });
export const SelectionSchema = z.union([id, WriteInSchema]);
export type Selection = z.infer<typeof SelectionSchema>;

export const ScenarioBallotSchema = z.strictObject({
  count: z.number().int('expected a positive integer').positive('expected a positive integer').default(1),
  votes: z.record(id, z.array(SelectionSchema)).optional(),
  against: z.record(id, z.array(id)).optional(),
  /**
   * V3: `true` when the ballot as a whole cannot be read (always void as a whole); a list of
   * position ids when only those parts cannot be read (`unreadableScope` decides whether that voids
   * the part or the whole ballot).
   */
  unreadable: z.union([z.boolean(), z.array(id)]).optional(),
});
export type ScenarioBallot = z.infer<typeof ScenarioBallotSchema>;

export const ScenarioSchema = z.strictObject({
  kind: ElectionKindSchema,
  profile: z.string().min(1).default('national'),
  /** Parameter overrides; validated against the profile parameter schema by the engine. */
  rules: z.record(z.string(), z.unknown()).optional(),
  round: RoundKindSchema.default('main'),
  positions: z.array(ScenarioPositionSchema).min(1, 'expected at least one position'),
  candidates: z.array(ScenarioCandidateSchema),
  registered: count,
  excluded: count.default(0),
  participants: count,
  issued: count.optional(),
  /** E8: pairs of close relatives, by name (the station records them; the relation set is already applied). */
  relatives: z.array(z.tuple([z.string().min(1).max(100), z.string().min(1).max(100)])).optional(),
  /** E8: people elected in earlier rounds of this election; they keep their seat against a relative. */
  seated: z.array(z.strictObject({ name: z.string().min(1).max(100), position: id })).optional(),
  ballots: z.array(ScenarioBallotSchema),
});
export type Scenario = z.infer<typeof ScenarioSchema>;
export type ScenarioInput = z.input<typeof ScenarioSchema>;

export const InvalidReasonSchema = z.enum(['TURNOUT_NOT_MAJORITY', 'QUORUM_NOT_MET', 'BALLOTS_EXCEED_COMPARATOR']);

export const PositionResultSchema = z.object({
  id: z.string(),
  seats: z.number().int(),
  invalid: z.number().int(),
  votes: z.record(z.string(), z.number().int()),
  elected: z.array(z.string()),
  tied: z.array(z.string()),
  unfilled: z.number().int(),
  /** E8: won enough votes but gives up the seat to a close relative (always present; usually []). */
  yielded: z.array(z.string()),
});

export const TallyResultSchema = z.object({
  valid: z.boolean(),
  reasons: z.array(InvalidReasonSchema),
  base: z.number().int().nullable(),
  ballots: z.object({ cast: z.number().int(), valid: z.number().int(), invalid: z.number().int(), blank: z.number().int() }),
  positions: z.array(PositionResultSchema),
});
export type TallyResult = z.infer<typeof TallyResultSchema>;
