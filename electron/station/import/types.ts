/** The fields of a voter roll row, as read from a file before any checking. */
export type RollField = 'name' | 'gender' | 'idNumber' | 'group' | 'category' | 'phone' | 'note' | 'approvalRef';

/** Something wrong with a cell that reading alone can see (an ID stored as a number, a formula
 * without a value). previewRoll turns these into row problems. */
export interface ReadIssue {
  code: string;
  message: string;
  severity: 'error' | 'warning';
  field: RollField;
}

/** One data row as text, exactly as the file has it (trimmed cells, nothing else normalised). */
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
}
