/**
 * audit.jsonl in the export package: the election's whole audit chain, one event per line, with no
 * full ID number in it, and the township's recomputation of that chain.
 *
 * A formula-2 event (audit.ts) is exported as
 *   {"event":E,"hash":"…","prev_hash":"…"}
 * where E is exactly the text the station hashed: hash = sha256(prev_hash ‖ E). E holds the masked
 * input and the keyed seal of the full input, so the township recomputes every hash and every link
 * without the seal key and without the ID numbers. (Canonical JSON: keys in code-point order.)
 *
 * Events of an election begun before formula 2 (a prefix of its chain) were hashed over the full
 * input, which cannot leave the station. They are exported as
 *   {"hash":"…","legacy":{"actor","at","command","input":masked,"seq"},"prev_hash":"…"}
 * The township checks their sequence and links and counts them as not recomputable.
 */
import { canonicalJson } from '../../../shared/canonical-json.js';
import { readSeal, sealedEventJson, sha256, GENESIS_HASH } from '../audit.js';
import { maskedInputJson } from '../audit-mask.js';
import type { Db } from '../db/open.js';

export interface AuditChainCheck {
  ok: boolean;
  events: number;
  /** Formula-1 events: sequence and links checked, hashes not recomputable outside the station. */
  legacy: number;
  /** The last event (the chain's head as exported). */
  head: { seq: number; hash: string } | null;
  /** The first event's JSON text (E, or the legacy object): the election.create the township cross-checks. */
  first: string | null;
  /** Chinese, one per problem (at most a few: the first break is what matters). */
  problems: string[];
}

/** The number of [table, rowid, hash] triples in stored effects JSON, without parsing it. */
function effectsCount(effects: string): number {
  if (effects === '[]') return 0;
  let n = 1;
  for (let i = effects.indexOf('],['); i !== -1; i = effects.indexOf('],[', i + 3)) n++;
  return n;
}

/** The export line of a formula-2 event: canonicalJson({event: E, hash, prev_hash}). */
export function sealedLine(r: { seq: number; at: string; actor: string; command: string; input: string; effects: string; prev_hash: string; hash: string }, key: Buffer): string {
  return `{"event":${sealedEventJson(r, r.input, r.effects, effectsCount(r.effects), key)},"hash":"${r.hash}","prev_hash":"${r.prev_hash}"}`;
}

/** The export line of a formula-1 event: canonicalJson({hash, legacy: {actor, at, command, input: masked, seq}, prev_hash}). */
export function legacyLine(r: { seq: number; at: string; actor: string; command: string; input: string; prev_hash: string; hash: string }): string {
  const legacy = `{"actor":${JSON.stringify(r.actor)},"at":${JSON.stringify(r.at)},"command":${JSON.stringify(r.command)},"input":${maskedInputJson(r.input)},"seq":${canonicalJson(r.seq)}}`;
  return `{"hash":"${r.hash}","legacy":${legacy},"prev_hash":"${r.prev_hash}"}`;
}

/** Every audit event, one line each, oldest first. */
export function auditJsonl(db: Db): Buffer {
  const seal = readSeal(db);
  const rows = db.prepare('SELECT seq, at, actor, command, input, effects, prev_hash, hash FROM audit ORDER BY seq').iterate() as Iterable<{
    seq: number;
    at: string;
    actor: string;
    command: string;
    input: string;
    effects: string;
    prev_hash: string;
    hash: string;
  }>;
  const lines: string[] = [];
  for (const r of rows) {
    if (seal && r.seq >= seal.fromSeq) {
      lines.push(sealedLine(r, seal.key));
    } else {
      lines.push(legacyLine(r));
    }
  }
  return Buffer.from(lines.length > 0 ? `${lines.join('\n')}\n` : '', 'utf8');
}

const EVENT_HEAD = Buffer.from('{"event":');
// ,"hash":"<64>","prev_hash":"<64>"}
const TAIL = 9 + 64 + 15 + 64 + 2;
const TAIL_A = Buffer.from(',"hash":"');
const TAIL_B = Buffer.from('","prev_hash":"');
const TAIL_C = Buffer.from('"}');
const SEQ_KEY = Buffer.from('"seq":');
const LEGACY = /^\{"hash":"([0-9a-f]{64})","legacy":(\{.*"seq":(\d+)\}),"prev_hash":"([0-9a-f]{64})"\}$/;


/** buf[off …] starts with `pat` (a byte loop: Buffer#compare's argument checks cost more than the bytes). */
function at(buf: Buffer, off: number, pat: Buffer): boolean {
  if (off < 0 || off + pat.length > buf.length) return false;
  for (let i = 0; i < pat.length; i++) if (buf[off + i] !== pat[i]) return false;
  return true;
}

/** The number just before the final "}" of an event: its "seq" (canonical JSON puts it last). */
function seqAtEnd(buf: Buffer, start: number, end: number): number {
  // ..."seq":123}
  let i = end - 2;
  let n = 0;
  let mul = 1;
  while (i >= start && buf[i] !== undefined && (buf[i] as number) >= 0x30 && (buf[i] as number) <= 0x39 && mul <= 1e12) {
    n += ((buf[i] as number) - 0x30) * mul;
    mul *= 10;
    i--;
  }
  if (mul === 1 || buf[end - 1] !== 0x7d || i < start + 5 || !at(buf, i - 5, SEQ_KEY)) return NaN;
  return n;
}

/**
 * Recomputes the chain of an exported audit.jsonl: every line's hash from its own bytes, every link,
 * the sequence 1, 2, 3 … without a gap. Fast: the hashed text is a slice of the line (prev_hash and
 * the event copied into one scratch buffer), nothing is parsed or decoded.
 */
export function checkAuditJsonl(data: Buffer | string): AuditChainCheck {
  const buf = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  const problems: string[] = [];
  let prev = GENESIS_HASH;
  let expectSeq = 1;
  let events = 0;
  let legacy = 0;
  let head: AuditChainCheck['head'] = null;
  let first: string | null = null;
  let pos = 0;
  let scratch = Buffer.allocUnsafe(64 * 1024);
  const fail = (seq: number, what: string): AuditChainCheck => {
    problems.push(`审计日志第 ${seq} 条${what}`);
    return { ok: false, events, legacy, head, first, problems };
  };
  while (pos < buf.length) {
    let end = buf.indexOf(0x0a, pos);
    if (end === -1) end = buf.length;
    const a = pos;
    pos = end + 1;
    if (end === a) {
      if (pos < buf.length) return fail(expectSeq, '前有空行，文件格式不对');
      break;
    }
    if (end - a > EVENT_HEAD.length + TAIL && at(buf, a, EVENT_HEAD)) {
      const t = end - TAIL;
      if (!at(buf, t, TAIL_A) || !at(buf, t + 73, TAIL_B) || !at(buf, t + 152, TAIL_C)) return fail(expectSeq, '格式不对');
      const e0 = a + EVENT_HEAD.length;
      const seq = seqAtEnd(buf, e0, t);
      if (seq !== expectSeq) return fail(expectSeq, `的序号不对（应为 ${expectSeq}），记录缺失或顺序被打乱`);
      // scratch = prev_hash ‖ E: the very bytes the station hashed
      if (buf.toString('latin1', t + 88, t + 152) !== prev) return fail(seq, '与前一条记录接不上（前面的记录被改动、删除或插入）');
      const n = 64 + (t - e0);
      if (scratch.length < n) scratch = Buffer.allocUnsafe(n * 2);
      scratch.write(prev, 0, 'latin1');
      buf.copy(scratch, 64, e0, t);
      const hash = buf.toString('latin1', t + 9, t + 73);
      if (sha256(scratch.subarray(0, n)) !== hash) return fail(seq, '的内容与它的哈希值不符（记录被改动）');
      prev = hash;
      head = { seq, hash };
      if (seq === 1) first = buf.toString('utf8', e0, t);
    } else {
      if (events > legacy) return fail(expectSeq, '是旧格式记录，却出现在新格式记录之后');
      const m = LEGACY.exec(buf.toString('utf8', a, end));
      if (!m) return fail(expectSeq, '格式不对');
      const [, hash = '', , seqText = '', prevHash = ''] = m;
      const seq = Number(seqText);
      if (seq !== expectSeq) return fail(expectSeq, `的序号不对（应为 ${expectSeq}），记录缺失或顺序被打乱`);
      if (prevHash !== prev) return fail(seq, '与前一条记录接不上（前面的记录被改动、删除或插入）');
      prev = hash;
      head = { seq, hash };
      if (seq === 1) first = m[2] ?? null;
      legacy++;
    }
    events++;
    expectSeq++;
  }
  if (events === 0) problems.push('审计日志是空的');
  return { ok: problems.length === 0, events, legacy, head, first, problems };
}
