import type { z } from 'zod';

/** One command of the station's contract: what goes in, what comes out, and how it is guarded. */
export interface CommandSpec<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  /** Chinese, one line: shown in `cli commands` and in error reports. */
  summary: string;
  input: I;
  output: O;
  /** Changes state: runs in one transaction with its audit event; refused on a read-only station. */
  mutates: boolean;
  /**
   * Needs the committee chair's PIN once one is set (issue 6, 12): `true` always, or a condition on
   * the input with its plain-Chinese description (e.g. a ruling only when it changes or voids the
   * ballot). The one declaration the station, the workspace, the screens and the README go by.
   */
  chair?: true | ChairCondition<z.output<I>>;
  /**
   * Inputs that name a folder on this machine (a USB drive to write to, a folder of packages to read).
   * From a page, only folders the user chose are accepted there (electron/page-guard.ts); no other
   * input of any command may name a file or folder (issue 12, D7).
   */
  folders?: readonly string[];
}

/** A command guarded by the chair's PIN only for some inputs. */
export interface ChairCondition<T> {
  /** Method syntax on purpose: a condition on one command's input fits the general CommandSpec. */
  when(input: T): boolean;
  /** When it is guarded, in plain Chinese: “裁定为更正或无法辨认时”. */
  label: string;
}

export const command = <I extends z.ZodType, O extends z.ZodType>(spec: CommandSpec<I, O>): CommandSpec<I, O> => spec;
