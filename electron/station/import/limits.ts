/**
 * What one roll file may cost. A village roll is a few thousand rows of a dozen short columns; the
 * caps sit far above that and far below what would hurt the station (see bench/roll.ts, hostile files).
 */
import type { ZipLimits } from './zip.js';

export interface ReadLimits extends ZipLimits {
  /** File size as given. */
  maxBytes: number;
  /** Data rows (rows with something in them). */
  maxRows: number;
  /** Columns with a value (A … IV). */
  maxColumns: number;
  /** Characters in one cell. */
  maxCellChars: number;
  /** Items in an xlsx's shared-string table. */
  maxStrings: number;
}

export const DEFAULT_MAX_BYTES = 50 * 1024 * 1024;
export const DEFAULT_MAX_ROWS = 200_000;

export const DEFAULT_LIMITS: ReadLimits = {
  maxBytes: DEFAULT_MAX_BYTES,
  maxRows: DEFAULT_MAX_ROWS,
  maxColumns: 256,
  maxCellChars: 1000,
  maxStrings: 2_000_000,
  maxEntryBytes: 128 * 1024 * 1024,
  maxTotalBytes: 192 * 1024 * 1024,
};

/** A cap reached while reading: says where, so the refusal can name the cell. */
export class ReadLimit extends Error {
  constructor(
    readonly kind: 'cell' | 'columns' | 'rows' | 'strings',
    readonly where: { sheet?: string; row?: number; column?: number; length?: number } = {},
  ) {
    super(`read limit: ${kind}`);
  }
}
