/**
 * Append-only, hash-chained audit log.
 *
 * Each state-changing command appends one event in its own transaction. `effects` lists every domain
 * row the command inserted as [table, rowid, sha256(canonical row)]. Because domain tables are
 * append-only too, the open-time check can prove both that the chain is intact and that every row of
 * every table is exactly the row some command wrote: a row edited, added or deleted with sqlite3
 * directly no longer matches.
 *
 * The event hash has two formulas (versioned, so elections begun before the change keep verifying):
 *
 *  1. hash = sha256(prev_hash ‖ canonicalJson({seq, at, actor, command, input, effects}))
 *     Every event of an election whose database predates migration 5.
 *
 *  2. hash = sha256(prev_hash ‖ E), E = canonicalJson({actor, at, command, input: masked(input),
 *     rows: effects.length, seal, seq}), seal = HMAC-SHA256(seal key, input ‖ "\n" ‖ effects)
 *     Every event from migration 5 on (table audit_seal: the key and the first seq it applies to).
 *     masked(input) is audit-mask.ts's (身份证号 cut to the region code, phones, file contents), so
 *     the export can carry the line {"event":E,"hash","prev_hash"} and the township recomputes the
 *     whole chain without a full ID number. The seal binds the full input and the rows written to the
 *     chain; its key never leaves the database, so the seal cannot be used to guess an ID number
 *     (an unkeyed hash over a voter's row could: an ID number has too few unknown digits).
 */
import crypto, { createHash, createHmac } from 'node:crypto';
import { canonicalJson } from '../../shared/canonical-json.js';
import type { Db } from './db/open.js';
import { DOMAIN_TABLES } from './db/migrations.js';
import { maskedInputJson } from './audit-mask.js';

export const GENESIS_HASH = '0'.repeat(64);

export type Effect = [table: string, rowid: number, hash: string];

export interface AuditEvent {
  seq: number;
  at: string;
  actor: string;
  command: string;
  input: unknown;
  effects: Effect[];
  prev_hash: string;
  hash: string;
}

/** crypto.hash (Node ≥ 20.12, one call instead of a Hash object) when present. */
const oneShot = (crypto as { hash?: (algorithm: string, data: string | Uint8Array, encoding: 'hex') => string }).hash;
export const sha256 = (s: string | Uint8Array): string => (oneShot ? oneShot('sha256', s, 'hex') : createHash('sha256').update(s).digest('hex'));

/**
 * canonicalJson(effects) without its general walk: effects are [table, rowid, hash] triples of
 * strings and finite numbers, whose canonical form is JSON.stringify's (checked, else the general one).
 */
export function effectsJson(effects: readonly Effect[]): string {
  for (const e of effects) {
    if (!Array.isArray(e) || e.length !== 3 || typeof e[0] !== 'string' || typeof e[1] !== 'number' || !Number.isFinite(e[1]) || typeof e[2] !== 'string') {
      return canonicalJson(effects);
    }
  }
  return JSON.stringify(effects);
}

/** canonicalJson({seq, at, actor, command, input, effects}) with the effects already in canonical JSON. */
export function eventJson(e: Omit<AuditEvent, 'hash' | 'prev_hash' | 'effects'>, effects: string, inputCanonical?: string): string {
  const input = e.input === undefined ? '' : `"input":${inputCanonical ?? canonicalJson(e.input)},`;
  return `{"actor":${canonicalJson(e.actor)},"at":${canonicalJson(e.at)},"command":${canonicalJson(e.command)},"effects":${effects},${input}"seq":${canonicalJson(e.seq)}}`;
}

export function eventHash(prev: string, e: Omit<AuditEvent, 'hash' | 'prev_hash'>, effectsCanonical?: string, inputCanonical?: string): string {
  return sha256(prev + eventJson(e, effectsCanonical ?? effectsJson(e.effects), inputCanonical));
}

export function rowHash(row: Record<string, unknown>): string {
  return sha256(canonicalJson(row));
}

/** The seal key and the first event it applies to (formula 2), or null: every event is formula 1. */
export interface AuditSeal {
  key: Buffer;
  fromSeq: number;
}

export function readSeal(db: Db): AuditSeal | null {
  const t = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'audit_seal'").get();
  if (!t) return null;
  const r = db.prepare('SELECT secret, from_seq FROM audit_seal WHERE id = 1').get() as { secret: string; from_seq: number } | undefined;
  // The text itself is the HMAC key (64 hex digits: 256 random bits), so any change to it changes every seal.
  return r ? { key: Buffer.from(r.secret, 'utf8'), fromSeq: r.from_seq } : null;
}

export function sealOf(key: Buffer, inputJson: string, effectsJson: string): string {
  return createHmac('sha256', key).update(inputJson).update('\n').update(effectsJson).digest('hex');
}

/**
 * E of formula 2 from the canonical input and effects: keys in code-point order (actor, at, command,
 * input, rows, seal, seq), so the text is canonical JSON and "seq" comes last.
 */
export function sealedEventJson(e: { seq: number; at: string; actor: string; command: string }, inputJson: string, effectsJson: string, effectsCount: number, key: Buffer): string {
  return `{"actor":${JSON.stringify(e.actor)},"at":${JSON.stringify(e.at)},"command":${JSON.stringify(e.command)},"input":${maskedInputJson(inputJson)},"rows":${effectsCount},"seal":"${sealOf(key, inputJson, effectsJson)}","seq":${e.seq}}`;
}

export class AuditLog {
  private readonly lastStmt;
  private readonly insertStmt;

  private readonly seal: AuditSeal | null;

  constructor(private readonly db: Db) {
    this.seal = readSeal(db);
    this.lastStmt = db.prepare<[], { seq: number; hash: string }>('SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1');
    this.insertStmt = db.prepare(
      'INSERT INTO audit (seq, at, actor, command, input, effects, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
  }

  /** Must be called inside the command's transaction. */
  append(e: { at: string; actor: string; command: string; input: unknown; effects: Effect[] }): AuditEvent {
    const last = this.lastStmt.get();
    const seq = (last?.seq ?? 0) + 1;
    const prev = last?.hash ?? GENESIS_HASH;
    const effects = effectsJson(e.effects);
    const input = canonicalJson(e.input ?? null);
    const hash =
      this.seal && seq >= this.seal.fromSeq
        ? sha256(prev + sealedEventJson({ seq, at: e.at, actor: e.actor, command: e.command }, input, effects, e.effects.length, this.seal.key))
        : eventHash(prev, { seq, ...e }, effects, e.input === undefined ? undefined : input);
    this.insertStmt.run(seq, e.at, e.actor, e.command, input, effects, prev, hash);
    return { seq, ...e, prev_hash: prev, hash };
  }

  head(): { seq: number; hash: string } {
    return this.lastStmt.get() ?? { seq: 0, hash: GENESIS_HASH };
  }
}

export interface VerifyProblem {
  code: 'AUDIT_CHAIN_BROKEN' | 'ROW_CHANGED' | 'ROW_UNACCOUNTED' | 'ROW_MISSING';
  message: string;
}

/** Full check: every event's hash, the chain links, and every domain row against the recorded effects. */
export function verifyAudit(db: Db): { ok: boolean; events: number; rows: number; problems: VerifyProblem[] } {
  const problems: VerifyProblem[] = [];
  const expected = new Map<string, string>();
  const seal = readSeal(db);
  let prev = GENESIS_HASH;
  let events = 0;
  let expectSeq = 1;
  const rows = db
    .prepare<[], { seq: number; at: string; actor: string; command: string; input: string; effects: string; prev_hash: string; hash: string }>(
      'SELECT seq, at, actor, command, input, effects, prev_hash, hash FROM audit ORDER BY seq',
    )
    .iterate();
  for (const r of rows) {
    events++;
    let input: unknown;
    let effects: Effect[];
    try {
      input = JSON.parse(r.input);
      effects = JSON.parse(r.effects) as Effect[];
    } catch {
      problems.push({ code: 'AUDIT_CHAIN_BROKEN', message: `审计日志第 ${r.seq} 条内容损坏` });
      break;
    }
    const h =
      seal && r.seq >= seal.fromSeq
        ? sha256(prev + sealedEventJson(r, r.input, r.effects, effects.length, seal.key))
        : eventHash(prev, { seq: r.seq, at: r.at, actor: r.actor, command: r.command, input, effects });
    if (r.seq !== expectSeq || r.prev_hash !== prev || r.hash !== h) {
      problems.push({ code: 'AUDIT_CHAIN_BROKEN', message: `审计日志第 ${r.seq} 条与前后记录对不上（可能被改动或删除）` });
      if (problems.length > 20) break;
    }
    for (const [t, id, rh] of effects) expected.set(`${t}:${id}`, rh);
    prev = r.hash;
    expectSeq = r.seq + 1;
  }
  let rowCount = 0;
  for (const table of DOMAIN_TABLES) {
    const rowid = table === 'election' ? 'rowid' : 'id';
    for (const row of db.prepare(`SELECT ${rowid} AS __rowid, * FROM ${table}`).iterate() as Iterable<Record<string, unknown>>) {
      rowCount++;
      const { __rowid, ...rest } = row;
      const key = `${table}:${String(__rowid)}`;
      const want = expected.get(key);
      if (want === undefined) {
        problems.push({ code: 'ROW_UNACCOUNTED', message: `数据表 ${table} 第 ${String(__rowid)} 行不是由本程序写入的` });
      } else if (want !== rowHash(rest)) {
        problems.push({ code: 'ROW_CHANGED', message: `数据表 ${table} 第 ${String(__rowid)} 行在本程序之外被改动过` });
      }
      expected.delete(key);
      if (problems.length > 50) break;
    }
  }
  for (const key of expected.keys()) {
    problems.push({ code: 'ROW_MISSING', message: `数据记录 ${key} 已被删除` });
    if (problems.length > 60) break;
  }
  return { ok: problems.length === 0, events, rows: rowCount, problems };
}

/**
 * The head file (`election.head.json` beside the database, and its copy in the station key folder):
 * the chain's last event number and hash, keyed with a secret kept outside the election folder and
 * flushed after every committed command. See head-file.ts.
 */
export { HEAD_FILE, HeadWriter, readHeadFile, writeHeadFile, type AuditHead } from './head-file.js';
import type { AuditHead } from './head-file.js';

/** The database's last audit event as a head. */
export function dbHead(db: Db): AuditHead | null {
  const r = db.prepare('SELECT seq, hash, at, command FROM audit ORDER BY seq DESC LIMIT 1').get() as AuditHead | undefined;
  return r ?? null;
}
