import type { z } from 'zod';

/** One command of the station's contract: what goes in, what comes out, and how it is guarded. */
export interface CommandSpec<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  /** Chinese, one line: shown in `cli commands` and in error reports. */
  summary: string;
  input: I;
  output: O;
  /** Changes state: runs in one transaction with its audit event; refused on a read-only station. */
  mutates: boolean;
  /** Needs the committee chair's authority (PIN, issue 6). */
  chair?: boolean;
}

export const command = <I extends z.ZodType, O extends z.ZodType>(spec: CommandSpec<I, O>): CommandSpec<I, O> => spec;
