/**
 * The township's key register (design.md "The township's trust model"): which station key each
 * village's signed paper vouches for, and which result each scanned paper vouches for.
 *
 * One file, JSON lines, append-only like everything else the station keeps: registering a key,
 * ticking a paper, withdrawing a key registered by mistake and choosing between two elections of one
 * village are each a new line saying who did it, when and how; nothing is edited or deleted. The
 * township page keeps it at <workspace>/township/key-register.jsonl; `cli township --keys FILE`
 * reads and extends the same format, so a clerk can carry the file between the two.
 */
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, writeSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { formatFingerprint, normaliseFingerprint } from '../../../shared/result-qr.js';
import { realFs } from '../export/fs-layer.js';

export const REGISTER_FILE = 'key-register.jsonl';
const MAX_REGISTER_BYTES = 32 * 1024 * 1024;

const Fp = z.string().regex(/^[0-9a-f]{32}$/);
const Hex64 = z.string().regex(/^[0-9a-f]{64}$/);
const Who = { at: z.string().min(1).max(40), by: z.string().min(1).max(100) };
export const KindSchema = z.enum(['villagers_committee', 'residents_committee', 'party_branch']);
const Kind = KindSchema;
export type Kind = z.infer<typeof KindSchema>;

export const RegisterEventSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('key'),
    ...Who,
    township: z.string().min(1).max(100),
    village: z.string().min(1).max(100),
    /** The body whose election the paper reports: a village's two elections may run on two stations. */
    kind: Kind,
    fingerprint: Fp,
    how: z.enum(['qr', 'typed']),
  }),
  z.object({ type: z.literal('paper'), ...Who, fingerprint: Fp, electionId: z.string().min(1).max(100), resultSha256: Hex64 }),
  z.object({ type: z.literal('revoke'), ...Who, township: z.string().min(1).max(100), village: z.string().min(1).max(100), kind: Kind, fingerprint: Fp, reason: z.string().min(1).max(500) }),
  z.object({
    type: z.literal('choose'),
    ...Who,
    township: z.string().min(1).max(100),
    village: z.string().min(1).max(100),
    kind: Kind,
    electionId: z.string().min(1).max(100),
    reason: z.string().min(1).max(500),
  }),
]);
export type RegisterEvent = z.infer<typeof RegisterEventSchema>;

export const HOW_LABELS: Record<'qr' | 'typed', string> = { qr: '扫描报告单二维码', typed: '手工输入报告单上的指纹' };

/** A village as the register knows it: names compared after NFKC and without spaces. */
export const placeKey = (township: string, village: string): string => `${normName(township)}\u0000${normName(village)}`;
/** One body of a village (its villagers' committee, its Party branch): the register's unit. */
export const bodyKey = (township: string, village: string, kind: string): string => `${placeKey(township, village)}\u0000${kind}`;
export const normName = (s: string): string => s.normalize('NFKC').replace(/\s+/g, '');

export interface RegisteredKey {
  township: string;
  village: string;
  kind: Kind;
  /** Normalised (32 hex digits). */
  fingerprint: string;
  at: string;
  by: string;
  how: 'qr' | 'typed';
}

export interface Paper {
  fingerprint: string;
  electionId: string;
  resultSha256: string;
  at: string;
  by: string;
}

export interface Choice {
  township: string;
  village: string;
  kind: string;
  electionId: string;
  reason: string;
  at: string;
  by: string;
}

/** The register's current state, folded from its lines in order. */
export interface Register {
  file: string | null;
  events: RegisterEvent[];
  /** Active keys per body of a village (bodyKey). */
  keys: Map<string, RegisteredKey[]>;
  papers: Paper[];
  /** The clerk's choice per body of a village (bodyKey). */
  choices: Map<string, Choice>;
}

export class RegisterError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export function foldRegister(events: readonly RegisterEvent[], file: string | null = null): Register {
  const keys = new Map<string, RegisteredKey[]>();
  const papers: Paper[] = [];
  const choices = new Map<string, Choice>();
  for (const e of events) {
    if (e.type === 'key') {
      const k = bodyKey(e.township, e.village, e.kind);
      const list = (keys.get(k) ?? []).filter((x) => x.fingerprint !== e.fingerprint);
      list.push({ township: e.township, village: e.village, kind: e.kind, fingerprint: e.fingerprint, at: e.at, by: e.by, how: e.how });
      keys.set(k, list);
    } else if (e.type === 'revoke') {
      const k = bodyKey(e.township, e.village, e.kind);
      keys.set(
        k,
        (keys.get(k) ?? []).filter((x) => x.fingerprint !== e.fingerprint),
      );
    } else if (e.type === 'paper') {
      papers.push({ fingerprint: e.fingerprint, electionId: e.electionId, resultSha256: e.resultSha256, at: e.at, by: e.by });
    } else {
      choices.set(bodyKey(e.township, e.village, e.kind), { township: e.township, village: e.village, kind: e.kind, electionId: e.electionId, reason: e.reason, at: e.at, by: e.by });
    }
  }
  return { file, events: [...events], keys, papers, choices };
}

export const emptyRegister = (file: string | null = null): Register => foldRegister([], file);

/** Reads a register file (a missing file is an empty register). A damaged line refuses the whole file: trust is not guessed. */
export function loadRegister(file: string): Register {
  if (!existsSync(file)) return emptyRegister(file);
  let text: string;
  try {
    text = realFs.readFile(file, MAX_REGISTER_BYTES).toString('utf8');
  } catch (e) {
    throw new RegisterError('REGISTER_UNREADABLE', `密钥登记簿 ${file} 读不出来（${(e as NodeJS.ErrnoException).code ?? (e as Error).message}）。请检查这个文件。`);
  }
  const events: RegisterEvent[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] ?? '').trim();
    if (line === '') continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      parsed = undefined;
    }
    const r = RegisterEventSchema.safeParse(parsed);
    if (!r.success) {
      throw new RegisterError('REGISTER_DAMAGED', `密钥登记簿 ${file} 第 ${i + 1} 行内容不对（可能被改动或损坏）。登记簿有问题时不能确认任何导出包，请找回这个文件的备份。`);
    }
    events.push(r.data);
  }
  return foldRegister(events, file);
}

/** Appends one line and flushes it to disk before returning. */
export function appendRegister(file: string, event: RegisterEvent): void {
  const parsed = RegisterEventSchema.parse(event);
  mkdirSync(path.dirname(file), { recursive: true });
  const fd = openSync(file, 'a');
  try {
    writeSync(fd, `${JSON.stringify(parsed)}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** A fingerprint from the clerk in the register's form, or a refusal saying what is wrong. */
export function registerFingerprint(text: string): string {
  const fp = normaliseFingerprint(text);
  if (!fp) throw new RegisterError('FINGERPRINT_INVALID', '密钥指纹应为 32 位 0–9、a–f（8 组，每组 4 位）。请对照报告单重新输入。');
  return fp;
}

export const shownFingerprint = formatFingerprint;
