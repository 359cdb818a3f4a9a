/**
 * Keyed seals on audit events (issue 12, D2): each event's (seq, hash) under the head key, in
 * `audit_seals`, written in the event's own transaction — so the seal is on disk exactly when the
 * event is. Recomputing the chain after changing a vote is easy for anyone who can run the station's
 * code; making the seals again needs the key in the station key folder, outside the election folder.
 */
import { dbHead } from './audit.js';
import type { Db } from './db/open.js';
import { eventSealText, type HeadState } from './head-file.js';
import { mac } from './key-folder.js';

/** Writes the seal of each event the station appends (inside the event's transaction). */
export class EventSealer {
  private readonly insert;
  constructor(
    db: Db,
    private readonly key: Buffer,
  ) {
    this.insert = db.prepare('INSERT INTO audit_seals (seq, mac) VALUES (?, ?)');
  }

  seal(seq: number, hash: string): void {
    this.insert.run(seq, mac(this.key, eventSealText(seq, hash)));
  }
}

/** The first sealed event, or the next event's number when none is sealed yet (an older election). */
export function sealFromOf(db: Db): number {
  const first = (db.prepare('SELECT MIN(seq) AS s FROM audit_seals').get() as { s: number | null }).s;
  if (first !== null) return first;
  return (dbHead(db)?.seq ?? 0) + 1;
}

/** The database's last event with the seal start, as the head records hold it. */
export function headState(db: Db): HeadState | null {
  const h = dbHead(db);
  return h ? { ...h, sealFrom: sealFromOf(db) } : null;
}

export interface SealCheck {
  ok: boolean;
  /** Events whose seal is right. */
  sealed: number;
  /** The first event from which every event must be sealed (0: none must be). */
  from: number;
  problems: { code: 'SEAL_MISSING' | 'SEAL_WRONG' | 'SEAL_STRAY'; message: string }[];
}

/**
 * Every event from `from` on must carry a seal made with the key; a seal on an event before `from`
 * is checked too, and a seal of an event that is not there is a sign of a deletion.
 */
export function verifySeals(db: Db, key: Buffer, from: number): SealCheck {
  let sealed = 0;
  const missing: number[] = [];
  const wrong: number[] = [];
  const rows = db
    .prepare<[], { seq: number; hash: string; mac: string | null }>('SELECT a.seq, a.hash, s.mac FROM audit a LEFT JOIN audit_seals s ON s.seq = a.seq ORDER BY a.seq')
    .iterate();
  for (const r of rows) {
    if (r.mac === null) {
      if (from > 0 && r.seq >= from) missing.push(r.seq);
    } else if (r.mac === mac(key, eventSealText(r.seq, r.hash))) {
      sealed++;
    } else {
      wrong.push(r.seq);
    }
  }
  const problems: SealCheck['problems'] = [];
  if (wrong.length > 0) {
    problems.push({ code: 'SEAL_WRONG', message: `审计日志${seqList(wrong)}的密钥封记对不上：这些记录在本程序之外被改写过（例如改票后重新计算了审计链）` });
  }
  if (missing.length > 0) {
    problems.push({ code: 'SEAL_MISSING', message: `审计日志${seqList(missing)}没有本机密钥的封记：本程序每记一条都会封记，没有封记的是别人加的，或封记被删掉了` });
  }
  const stray = (db.prepare('SELECT count(*) AS n FROM audit_seals WHERE seq NOT IN (SELECT seq FROM audit)').get() as { n: number }).n;
  if (stray > 0) problems.push({ code: 'SEAL_STRAY', message: `有 ${stray} 个密钥封记找不到对应的审计记录：审计记录被删掉过` });
  return { ok: problems.length === 0, sealed, from, problems };
}

/** "第 572–591 条、第 600 条等 21 条" for messages: runs of numbers, the first few. */
export function seqList(seqs: readonly number[]): string {
  const runs: [number, number][] = [];
  for (const q of seqs) {
    const last = runs[runs.length - 1];
    if (last && q === last[1] + 1) last[1] = q;
    else runs.push([q, q]);
  }
  const shown = runs.slice(0, 3).map(([a, b]) => (a === b ? `第 ${a} 条` : `第 ${a}–${b} 条`));
  return `${shown.join('、')}${runs.length > 3 || seqs.length > 1 ? `（共 ${seqs.length} 条）` : ''}`;
}
