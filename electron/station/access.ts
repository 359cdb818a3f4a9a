/**
 * Roles with PINs (issue 6). The committee chair's PIN guards the commands in CHAIR_COMMANDS; the
 * staff PIN unlocks the station's screens (checked by the UI through auth.check). PINs are stored as
 * scrypt hashes; every attempt, right or wrong, is a row and an audit event; a run of wrong PINs
 * locks the role out with growing waits (30 s after the 3rd, doubling each time, at most 1 hour).
 */
import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import type { Db } from './db/open.js';

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

/** Seconds the role must still wait, from the run of wrong attempts since the last right one. */
export function lockoutRemaining(db: Db, role: Role, now: Date): number {
  const rows = db
    .prepare("SELECT outcome, at FROM pin_attempts WHERE role = ? AND outcome IN ('ok','wrong') ORDER BY id DESC LIMIT 40")
    .all(role) as { outcome: string; at: string }[];
  let wrong = 0;
  let lastWrongAt: string | undefined;
  for (const r of rows) {
    if (r.outcome === 'ok') break;
    wrong++;
    lastWrongAt ??= r.at;
  }
  return lockoutWait(wrong, lastWrongAt ? new Date(lastWrongAt).getTime() : 0, now.getTime());
}

/**
 * Seconds still to wait after `wrong` wrong PINs in a row, the last at `lastWrongAtMs`: none for the
 * first three, then 30 s doubling with each further wrong one, at most an hour.
 */
export function lockoutWait(wrong: number, lastWrongAtMs: number, nowMs: number): number {
  if (wrong < FREE_TRIES || !lastWrongAtMs) return 0;
  const wait = Math.min(MAX_WAIT_S, FIRST_WAIT_S * 2 ** (wrong - FREE_TRIES));
  return Math.max(0, Math.ceil((lastWrongAtMs + wait * 1000 - nowMs) / 1000));
}

export const PIN_PATTERN = /^\d{4,8}$/;
