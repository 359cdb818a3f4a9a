/** The fields of a voter roll row, as read from a file before any checking. */
export type RollField = 'name' | 'gender' | 'idNumber' | 'group' | 'category' | 'phone' | 'note' | 'approvalRef';

export const ROLL_FIELDS: readonly RollField[] = ['name', 'gender', 'idNumber', 'group', 'category', 'phone', 'note', 'approvalRef'];

/** Something wrong with a cell that reading alone can see (an ID stored as a number, a formula
 * error, an invisible character). previewRoll turns these into row problems. */
export interface ReadIssue {
  code: string;
  message: string;
  severity: 'error' | 'warning';
  field: RollField;
}

/** One data row as text, exactly as the file has it (trimmed cells; invisible characters removed
 * and noted in `issues`; nothing else normalised). */
export interface RawRollRow {
  /** Row number as the spreadsheet program shows it (1-based; CSV: record number). */
  sourceRow: number;
  name: string;
  gender: string;
  idNumber: string;
  group: string;
  category: string;
  phone: string;
  note: string;
  approvalRef: string;
  issues: ReadIssue[];
  /** The ID number may have lost its last digits to Excel's number format (a CSV, or an xlsx
   * cell not formatted as text): an ID ending in 000 is then worth a second look. */
  idNumberish?: boolean;
}

/** A remark about the whole file, shown once above the rows. */
export interface FileNote {
  code: string;
  severity: 'info' | 'warning';
  message: string;
}

/** Which column (0-based) holds each field; a field not in the file is absent. */
export type ColumnMap = Partial<Record<RollField, number>>;
