/**
 * The keyed head record: the audit chain's last event number and hash, with an HMAC under a key
 * kept in the station key folder (key-folder.ts), rewritten and flushed to the disk after every
 * committed command, in two places: `election.head.json` in the election folder, and a copy in the
 * key folder (`heads/<folder>.head`). The audit chain alone can be recomputed by anyone who can run
 * the station's code on a changed database; the head record cannot be made without the key. So a
 * rewritten chain, events deleted from the end, or an older database put back with its own older
 * head file no longer match what the station recorded (issue 12, D2/D3).
 *
 * The database commit is on disk (synchronous=FULL) before the record is written, so the record may
 * lag behind after a crash or a power cut (see HeadWriter) but is never ahead of the database unless
 * committed data went missing. Each file holds two 512-byte slots written alternately (event number odd/even), each with
 * its own MAC: a write torn by a power cut spoils at most the slot being written, never the other.
 */
import { closeSync, existsSync, fdatasync, fdatasyncSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import path from 'node:path';
import { headKey, keyFolderFile, mac, replaceDurably } from './key-folder.js';
import { createHash } from 'node:crypto';

export const HEAD_FILE = 'election.head.json';
const SLOT = 512;

export interface AuditHead {
  seq: number;
  hash: string;
  at: string;
  command: string;
}

/**
 * What a head record holds: the last event, and the first event carrying a keyed seal (audit_seals;
 * events before it were recorded by a version without seals). Every event from `sealFrom` on must be
 * sealed; 0 when none is.
 */
export interface HeadState extends AuditHead {
  sealFrom: number;
}

/** The text an event's seal (audit_seals.mac) covers: its number and its chain hash. */
export const eventSealText = (seq: number, hash: string): string => `ves-event-v1\n${seq}\n${hash}`;

/** Where the copy outside the election folder lives. */
export const keyFolderHeadFile = (dataDir: string): string => keyFolderFile(dataDir, 'heads', '.head');
export const electionHeadFile = (dataDir: string): string => path.join(dataDir, HEAD_FILE);

/**
 * The text the MAC covers: what a head record claims, nothing else. Written without references to
 * anything outside it: the backup worker (backup-worker.ts) runs this very function's source.
 */
export function headMacText(head: Pick<HeadState, 'seq' | 'hash' | 'at' | 'command' | 'sealFrom'>): string {
  return `ves-head-v2\n${head.seq}\n${head.hash}\n${head.at}\n${head.command}\n${head.sealFrom}`;
}

/** A short id of the key, so a record made under another key says so instead of just "wrong". */
export const keyId = (key: Buffer): string => createHash('sha256').update(key).digest('hex').slice(0, 8);

/**
 * One 512-byte slot: the record as JSON padded with spaces, ending in a newline. Self-contained like
 * headMacText (the backup worker runs its source to seal backups).
 */
export function headSlot(head: Pick<HeadState, 'seq' | 'hash' | 'at' | 'command' | 'sealFrom'>, keyIdHex: string, macHex: string): Buffer {
  const json = Buffer.from(
    JSON.stringify({ v: 2, seq: head.seq, hash: head.hash, at: head.at, command: head.command, sealFrom: head.sealFrom, key: keyIdHex, mac: macHex }),
  );
  if (json.length > 511) throw new Error('head record too long');
  const buf = Buffer.alloc(512, 0x20);
  json.copy(buf);
  buf[511] = 0x0a;
  return buf;
}

function slotBytes(head: HeadState, key: Buffer, keyIdHex = keyId(key)): Buffer {
  const h = { seq: head.seq, hash: head.hash, at: head.at, command: head.command.slice(0, 100), sealFrom: head.sealFrom };
  return headSlot(h, keyIdHex, mac(key, headMacText(h)));
}

/** What a head file says, once its slots are checked against the key. */
export type HeadRecord =
  | { state: 'none' }
  /** At least one slot made with this station's key; the newest of them. */
  | { state: 'keyed'; head: HeadState }
  /** An old unkeyed record (written before the key existed): says something, proves nothing. */
  | { state: 'legacy'; head: HeadState }
  /** A record that claims to be keyed but whose MAC does not match: not written by this station. */
  | { state: 'forged'; head: HeadState; otherKey: boolean }
  /** Present but no slot can be read at all. */
  | { state: 'unreadable' };

const isHead = (v: Record<string, unknown>): boolean =>
  typeof v.seq === 'number' && Number.isInteger(v.seq) && v.seq >= 0 && typeof v.hash === 'string' && typeof v.at === 'string' && typeof v.command === 'string';

/** Reads one head file (either place) and checks it against the key. */
export function readHeadRecord(file: string, key: Buffer): HeadRecord {
  if (!existsSync(file)) return { state: 'none' };
  let text: string;
  try {
    text = readFileSync(file).subarray(0, SLOT * 2 + 16).toString('utf8');
  } catch {
    return { state: 'unreadable' };
  }
  // slots, or a whole legacy file (one JSON record, maybe not padded)
  const parts = text.length > SLOT ? [text.slice(0, SLOT), text.slice(SLOT)] : [text];
  let best: HeadState | null = null;
  let legacy: HeadState | null = null;
  let forged: { head: HeadState; otherKey: boolean } | null = null;
  for (const part of parts) {
    let v: Record<string, unknown>;
    try {
      v = JSON.parse(part.trim()) as Record<string, unknown>;
    } catch {
      continue; // a torn or blank slot
    }
    if (v === null || typeof v !== 'object' || !isHead(v)) continue;
    const sealFrom = typeof v.sealFrom === 'number' && Number.isInteger(v.sealFrom) && v.sealFrom >= 0 ? v.sealFrom : 0;
    const head: HeadState = { seq: v.seq as number, hash: v.hash as string, at: v.at as string, command: v.command as string, sealFrom };
    if (v.mac === undefined && v.v === undefined) {
      if (!legacy || head.seq > legacy.seq) legacy = head;
      continue;
    }
    if (typeof v.mac === 'string' && v.mac === mac(key, headMacText(head))) {
      if (!best || head.seq > best.seq) best = head;
    } else if (!forged || head.seq > forged.head.seq) {
      forged = { head, otherKey: typeof v.key === 'string' && v.key !== keyId(key) };
    }
  }
  if (forged) return { state: 'forged', ...forged };
  if (best) return { state: 'keyed', head: best };
  if (legacy) return { state: 'legacy', head: legacy };
  return { state: 'unreadable' };
}

/** Both places' records for an election folder. */
export function readHeads(dataDir: string): { folder: HeadRecord; keyFolder: HeadRecord } {
  const key = headKey(dataDir);
  return { folder: readHeadRecord(electionHeadFile(dataDir), key), keyFolder: readHeadRecord(keyFolderHeadFile(dataDir), key) };
}

/** The election folder's head when it is one this station wrote with its key (null otherwise). */
export function readHeadFile(dataDir: string): HeadState | null {
  const r = readHeadRecord(electionHeadFile(dataDir), headKey(dataDir));
  return r.state === 'keyed' ? r.head : null;
}

/** Both slots holding `head`, as a whole file (also a backup's seal, see backup.ts). */
export function wholeFile(head: HeadState, key: Buffer): Buffer {
  const slot = slotBytes(head, key);
  return Buffer.concat([slot, slot]);
}

/** One-off write of both places (after a restore, the first write of a folder): replaced durably. */
export function writeHeadFile(dataDir: string, head: HeadState): void {
  const key = headKey(dataDir);
  replaceDurably(electionHeadFile(dataDir), wholeFile(head, key));
  replaceDurably(keyFolderHeadFile(dataDir), wholeFile(head, key), 0o600);
}

/**
 * The station's own writer: both files stay open and each command rewrites one slot of each in place
 * (a 512-byte pwrite; a rename per ballot would cost a folder update as well). The write itself is
 * synchronous, so the record is in the system's file cache before the command answers: a killed or
 * crashed program leaves it current. The flush to the disk of the election folder's file runs on
 * libuv's thread pool (fs.fdatasync) right after the write, one at a time: a write while a flush is
 * running asks for one more flush when it ends. So a command does not wait for a second disk flush
 * after the database's own, and after a power cut the record lags at most the commands of the last
 * few milliseconds, never ahead of the database (their events carry their own keyed seals). The key
 * folder's copy is flushed when the election is closed (it only has to catch an older database put
 * back). `close()` flushes both synchronously.
 */
export class HeadWriter {
  private fds: { fd: number; flush: boolean }[] | null = null;
  private readonly key: Buffer;
  private readonly keyIdHex: string;
  /** A background flush is running / another one is wanted when it ends. */
  private flushing = false;
  private again = false;
  /** Descriptors closed while a background flush still used one: closed when it ends. */
  private closeAfterFlush: number[] = [];
  /** Background flushes that failed (reported on the console; close() flushes again synchronously). */
  flushErrors = 0;
  constructor(private readonly dataDir: string) {
    this.key = headKey(dataDir);
    this.keyIdHex = keyId(this.key);
  }

  write(head: HeadState): void {
    if (this.fds === null) {
      const files = [
        { file: electionHeadFile(this.dataDir), flush: true },
        { file: keyFolderHeadFile(this.dataDir), flush: false },
      ];
      for (const { file } of files) {
        // a file of the old one-record layout, or none: start it whole
        if (!existsSync(file) || readFileSync(file).length !== SLOT * 2) {
          mkdirSync(path.dirname(file), { recursive: true });
          replaceDurably(file, wholeFile(head, this.key), 0o600);
        }
      }
      this.fds = files.map(({ file, flush }) => ({ fd: openSync(file, 'r+'), flush }));
    }
    const slot = slotBytes(head, this.key, this.keyIdHex);
    const at = (head.seq % 2) * SLOT;
    for (const { fd } of this.fds) writeSync(fd, slot, 0, SLOT, at);
    this.flushSoon();
  }

  /** Starts a background flush of the election folder's file, or asks the running one for another. */
  private flushSoon(): void {
    if (this.flushing) {
      this.again = true;
      return;
    }
    const target = this.fds?.find((f) => f.flush);
    if (!target) return;
    this.flushing = true;
    this.again = false;
    fdatasync(target.fd, (err) => {
      this.flushing = false;
      if (err) {
        this.flushErrors += 1;
        console.error('could not flush the head file:', err.message);
      }
      for (const fd of this.closeAfterFlush.splice(0)) closeQuietly(fd);
      if (this.again) this.flushSoon();
    });
  }

  /** Whether a background flush is running (for tests). */
  get flushPending(): boolean {
    return this.flushing;
  }

  close(): void {
    const fds = this.fds ?? [];
    this.fds = null;
    this.again = false;
    let first: unknown = null;
    for (const { fd } of fds) {
      try {
        fdatasyncSync(fd);
      } catch (e) {
        first ??= e;
      }
      // a background flush may still hold the descriptor: it closes it when it ends
      if (this.flushing) this.closeAfterFlush.push(fd);
      else closeQuietly(fd);
    }
    if (first) throw first;
  }
}

function closeQuietly(fd: number): void {
  try {
    closeSync(fd);
  } catch {
    // already closed
  }
}
