/** Errors are values (design.md): a command answers `{ ok: false, error }` with a Chinese message a
 * committee member can act on and a stable code; only bugs throw. */
export interface AppError {
  /** Stable machine code, e.g. `ISSUE_DUPLICATE`, `X2_TRUSTEE_LIMIT`, `VALIDATION`. */
  code: string;
  /** Chinese, says what happened and what to do next. */
  message: string;
  /** Optional machine-readable context (field path, rule id, person, …). */
  details?: Record<string, unknown>;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: AppError };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = (code: string, message: string, details?: Record<string, unknown>): { ok: false; error: AppError } =>
  details === undefined ? { ok: false, error: { code, message } } : { ok: false, error: { code, message, details } };

/** Thrown inside a command to abort its transaction with a domain refusal (caught by the dispatcher). */
export class Refusal extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'Refusal';
  }
}
