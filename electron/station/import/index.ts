export { readRollFile, readRollFileSync, DEFAULT_MAX_BYTES, DEFAULT_MAX_ROWS, type RollFile, type ReadRollOptions } from './read-roll-file.js';
export {
  previewRoll,
  normaliseIdInput,
  normaliseName,
  type NormalisedRollRow,
  type PreviewOptions,
  type ProblemSeverity,
  type RollPreview,
  type RollPreviewRow,
  type RollPreviewSummary,
  type RollProblem,
} from './preview.js';
export { resolveCategory, categoryChoices } from './categories.js';
export { FIELD_LABELS, HEADER_ALIASES, REQUIRED_FIELDS } from './headers.js';
export type { RawRollRow, ReadIssue, RollField } from './types.js';
