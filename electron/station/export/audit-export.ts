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
      const effectsCount = (JSON.parse(r.effects) as unknown[]).length;
      lines.push(`{"event":${sealedEventJson(r, r.input, r.effects, effectsCount, seal.key)},"hash":"${r.hash}","prev_hash":"${r.prev_hash}"}`);
    } else {
      const legacy = `{"actor":${JSON.stringify(r.actor)},"at":${JSON.stringify(r.at)},"command":${JSON.stringify(r.command)},"input":${maskedInputJson(r.input)},"seq":${canonicalJson(r.seq)}}`;
      lines.push(`{"hash":"${r.hash}","legacy":${legacy},"prev_hash":"${r.prev_hash}"}`);
    }
  }
  return Buffer.from(lines.length > 0 ? `${lines.join('\n')}\n` : '', 'utf8');
}

const EVENT_HEAD = '{"event":';
// ,"hash":"<64>","prev_hash":"<64>"}
const TAIL = 9 + 64 + 15 + 64 + 2;
const HEX64 = /^[0-9a-f]{64}$/;
const LEGACY = /^\{"hash":"([0-9a-f]{64})","legacy":(\{.*"seq":(\d+)\}),"prev_hash":"([0-9a-f]{64})"\}$/;

/**
 * Recomputes the chain of an exported audit.jsonl: every line's hash from its own text, every link,
 * the sequence 1, 2, 3 … without a gap. Fast: the hashed text is a slice of the line, nothing is parsed.
 */
export function checkAuditJsonl(text: string): AuditChainCheck {
  const problems: string[] = [];
  let prev = GENESIS_HASH;
  let expectSeq = 1;
  let events = 0;
  let legacy = 0;
  let head: AuditChainCheck['head'] = null;
  let first: string | null = null;
  let pos = 0;
  const fail = (seq: number, what: string): AuditChainCheck => {
    problems.push(`审计日志第 ${seq} 条${what}`);
    return { ok: false, events, legacy, head, first, problems };
  };
  while (pos < text.length) {
    let end = text.indexOf('\n', pos);
    if (end === -1) end = text.length;
    const line = text.slice(pos, end);
    pos = end + 1;
    if (line === '') {
      if (pos < text.length) return fail(expectSeq, '前有空行，文件格式不对');
      break;
    }
    if (line.startsWith(EVENT_HEAD)) {
      if (line.length <= EVENT_HEAD.length + TAIL) return fail(expectSeq, '格式不对');
      const tail = line.slice(line.length - TAIL);
      const hash = tail.slice(9, 73);
      const prevHash = tail.slice(88, 152);
      if (!tail.startsWith(',"hash":"') || tail.slice(73, 88) !== '","prev_hash":"' || !tail.endsWith('"}') || !HEX64.test(hash) || !HEX64.test(prevHash)) {
        return fail(expectSeq, '格式不对');
      }
      const event = line.slice(EVENT_HEAD.length, line.length - TAIL);
      const seqMatch = /"seq":(\d+)\}$/.exec(event.slice(-24));
      const seq = seqMatch ? Number(seqMatch[1]) : NaN;
      if (seq !== expectSeq) return fail(expectSeq, `的序号不对（应为 ${expectSeq}），记录缺失或顺序被打乱`);
      if (prevHash !== prev) return fail(seq, '与前一条记录接不上（前面的记录被改动、删除或插入）');
      if (sha256(prev + event) !== hash) return fail(seq, '的内容与它的哈希值不符（记录被改动）');
      prev = hash;
      head = { seq, hash };
      if (seq === 1) first = event;
    } else {
      if (events > legacy) return fail(expectSeq, '是旧格式记录，却出现在新格式记录之后');
      const m = LEGACY.exec(line);
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
