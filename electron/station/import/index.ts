export {
  readRollFile,
  readRollFileSync,
  readXlsxCell,
  DEFAULT_MAX_BYTES,
  DEFAULT_MAX_ROWS,
  type ColumnInfo,
  type RollFile,
  type ReadRollOptions,
  type SheetSummary,
} from './read-roll-file.js';
export {
  previewRoll,
  normaliseIdInput,
  normaliseName,
  type NormalisedRollRow,
  type RegisteredPerson,
  type PreviewOptions,
  type ProblemSeverity,
  type RollPreview,
  type RollPreviewRow,
  type RollPreviewSummary,
  type RollProblem,
} from './preview.js';
export { resolveCategory, categoryChoices } from './categories.js';
export { FIELD_LABELS, HEADER_ALIASES, REQUIRED_FIELDS } from './headers.js';
export { readRollPath, rollFileInput, type RollPathFile } from './read-path.js';
export type { SavedMapping } from './grid.js';
export { ROLL_FIELDS, type ColumnMap, type FileNote, type RawRollRow, type ReadIssue, type RollField } from './types.js';
