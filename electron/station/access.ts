/**
 * Roles with PINs (issue 6). The committee chair's PIN guards the commands whose contract declares
 * `chair` (shared/contract: CommandSpec.chair, listed in CHAIR_COMMANDS); the staff PIN unlocks the
 * entry screens (issue desk, counting) through auth.check. PINs are stored as
 * scrypt hashes; every attempt, right or wrong, is a row and an audit event; a run of wrong PINs
 * locks the role out with growing waits (30 s after the 3rd, doubling each time, at most 1 hour).
 */
import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { Db } from './db/open.js';
import { keyFolderFile, replaceDurably } from './key-folder.js';

export type Role = 'chair' | 'staff';

const SCRYPT = { N: 16384, r: 8, p: 1 } as const;
const FREE_TRIES = 3;
const FIRST_WAIT_S = 30;
const MAX_WAIT_S = 3600;

export function hashPin(pin: string, saltHex = randomBytes(16).toString('hex')): { salt: string; hash: string } {
  const hash = scryptSync(pin, Buffer.from(saltHex, 'hex'), 64, SCRYPT).toString('hex');
  return { salt: saltHex, hash };
}

export function pinMatches(pin: string, salt: string, hash: string): boolean {
  const got = scryptSync(pin, Buffer.from(salt, 'hex'), 64, SCRYPT);
  const want = Buffer.from(hash, 'hex');
  return got.length === want.length && timingSafeEqual(got, want);
}

export function storedPin(db: Db, role: Role): { salt: string; hash: string } | undefined {
  return db.prepare('SELECT salt, hash FROM pins WHERE role = ? ORDER BY id DESC LIMIT 1').get(role) as
    | { salt: string; hash: string }
    | undefined;
}

/**
 * Seconds the role must still wait, from the run of wrong attempts since the last right one. The
 * wait counts from the last wrong attempt, or from the first attempt recorded after it at an earlier
 * time (the clock was put back): a clock that ran fast and was corrected never holds the lock longer
 * than the wait itself.
 */
export function lockoutRemaining(db: Db, role: Role, now: Date): number {
  const rows = db
    .prepare('SELECT outcome, at FROM pin_attempts WHERE role = ? ORDER BY id DESC LIMIT 60')
    .all(role) as { outcome: string; at: string }[];
  let wrong = 0;
  let start = Number.POSITIVE_INFINITY;
  let later = Number.POSITIVE_INFINITY;
  for (const r of rows) {
    if (r.outcome === 'ok') break;
    const t = new Date(r.at).getTime();
    if (r.outcome === 'wrong') {
      if (wrong === 0) start = Math.min(t, later);
      wrong++;
    } else if (wrong === 0 && Number.isFinite(t)) {
      later = Math.min(later, t);
    }
  }
  return lockoutWait(wrong, Number.isFinite(start) ? start : 0, now.getTime());
}

/**
 * Seconds still to wait after `wrong` wrong PINs in a row, the last at `lastWrongAtMs`: none for the
 * first three, then 30 s doubling with each further wrong one, at most an hour — and never more than
 * that wait, even when the last wrong try lies in the future (a clock since put back).
 */
export function lockoutWait(wrong: number, lastWrongAtMs: number, nowMs: number): number {
  if (wrong < FREE_TRIES || !lastWrongAtMs) return 0;
  const wait = Math.min(MAX_WAIT_S, FIRST_WAIT_S * 2 ** Math.min(wrong - FREE_TRIES, 20));
  const left = Math.ceil((lastWrongAtMs + wait * 1000 - nowMs) / 1000);
  return Math.min(wait, Math.max(0, left));
}

export const PIN_PATTERN = /^\d{4,8}$/;

export type AttemptOutcome = 'ok' | 'wrong' | 'locked' | 'missing';

interface FolderTries {
  wrong: number;
  /** When the wait counts from (ms): the last wrong try, or an earlier time seen since. */
  startMs: number;
}

const Tries = z.strictObject({ wrong: z.number().int().min(0), startMs: z.number() });
const TriesFileSchema = z.strictObject({ chair: Tries.optional(), staff: Tries.optional() });

/**
 * PIN tries of an election whose own file cannot record them (opened read-only, or unreadable while a
 * backup is restored over it), kept in the station key folder so a new program start does not reset
 * them. Locked the same way as the tries in the election's file.
 */
export class KeyFolderTries {
  private readonly file: string;
  constructor(dataDir: string) {
    this.file = keyFolderFile(dataDir, 'pin-tries', '.json');
  }

  private read(): Partial<Record<Role, FolderTries>> {
    try {
      const parsed = TriesFileSchema.safeParse(JSON.parse(readFileSync(this.file, 'utf8')));
      return parsed.success ? parsed.data : {};
    } catch {
      return {};
    }
  }

  remaining(role: Role, nowMs: number): number {
    const t = this.read()[role];
    return t ? lockoutWait(t.wrong, Math.min(t.startMs, Number.MAX_SAFE_INTEGER), nowMs) : 0;
  }

  record(role: Role, outcome: AttemptOutcome, nowMs: number): void {
    const all = this.read();
    const t = all[role] ?? { wrong: 0, startMs: 0 };
    if (outcome === 'ok') {
      delete all[role];
    } else if (outcome === 'wrong') {
      all[role] = { wrong: t.wrong + 1, startMs: nowMs };
    } else if (t.wrong > 0 && t.startMs > nowMs) {
      // the clock was put back since the last wrong try: the wait counts from now
      all[role] = { ...t, startMs: nowMs };
    } else {
      return;
    }
    replaceDurably(this.file, JSON.stringify(all), 0o600);
  }
}
