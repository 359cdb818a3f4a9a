/**
 * The text in the QR code of a confirmed result report (design.md "The township's trust model"),
 * and the station key fingerprint as people read and type it. Pure TypeScript: the forms draw it,
 * the township page and `cli township` read it back.
 *
 *   VES1-<FINGERPRINT>-<ELECTION ID>-<RESULT SHA-256>
 *
 * VES1 is the format tag; FINGERPRINT is the station key's 128-bit fingerprint (32 hex digits),
 * ELECTION ID the election's UUID without dashes (32 hex digits) and RESULT SHA-256 the hash of the
 * exported result.json (64 hex digits). Everything is upper case so the QR code uses its compact
 * alphanumeric mode. A USB barcode scanner types the text into a field as a keyboard would, so the
 * reader is forgiving about what keyboards and input methods do to it: full-width characters
 * (中文输入法), case (Caps Lock), spaces, line ends and any run of separators are all accepted.
 */

export const RESULT_QR_TAG = 'VES1';

/** Hex digits of a fingerprint: 128 bits. */
export const FINGERPRINT_HEX = 32;

export interface ResultQr {
  /** Normalised: 32 lower-case hex digits. */
  fingerprint: string;
  /** Canonical UUID form (lower case, with dashes). */
  electionId: string;
  /** 64 lower-case hex digits. */
  resultSha256: string;
}

export type ParsedKeyText =
  | { ok: true; kind: 'qr'; qr: ResultQr }
  | { ok: true; kind: 'fingerprint'; fingerprint: string }
  | { ok: false; code: 'QR_EMPTY' | 'QR_NOT_OURS' | 'QR_INCOMPLETE' | 'FINGERPRINT_INVALID'; message: string };

/** Full-width forms (Ｖ, －, ：) as the ASCII a keyboard in English mode would give; NFKC does exactly that. */
const ascii = (s: string): string => s.normalize('NFKC');

/** A fingerprint as typed or printed ("3F2A 9C01 …", "3f2a-9c01…", full-width digits) -> 32 lower-case hex digits, or null. */
export function normaliseFingerprint(text: string): string | null {
  const hex = ascii(text)
    .replace(/[\s\-_:：.·]/g, '')
    .toLowerCase();
  return new RegExp(`^[0-9a-f]{${FINGERPRINT_HEX}}$`).test(hex) ? hex : null;
}

/** A fingerprint in groups of four for people to read: "3f2a 9c01 …". Accepts any form normaliseFingerprint does. */
export function formatFingerprint(fp: string): string {
  const hex = normaliseFingerprint(fp) ?? ascii(fp).replace(/\s+/g, '').toLowerCase();
  return hex.match(/.{1,4}/g)?.join(' ') ?? hex;
}

/** Two fingerprints are the same key when their normalised forms are equal (spaces and case do not matter). */
export function sameFingerprint(a: string, b: string): boolean {
  const x = normaliseFingerprint(a);
  return x !== null && x === normaliseFingerprint(b);
}

const uuidHex = (id: string): string | null => {
  const hex = id.replace(/-/g, '').toLowerCase();
  return /^[0-9a-f]{32}$/.test(hex) ? hex : null;
};
const uuidOf = (hex: string): string => `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;

/** The QR text of a confirmed result report. Throws on malformed parts (a bug, not user input). */
export function buildResultQr(q: { fingerprint: string; electionId: string; resultSha256: string }): string {
  const fp = normaliseFingerprint(q.fingerprint);
  const id = uuidHex(q.electionId);
  const sha = q.resultSha256.toLowerCase();
  if (fp === null || id === null || !/^[0-9a-f]{64}$/.test(sha)) throw new Error('buildResultQr: malformed fingerprint, election id or hash');
  return `${RESULT_QR_TAG}-${fp}-${id}-${sha}`.toUpperCase();
}

/**
 * What a clerk scanned or typed into the key field: the QR text of a result report, or a bare
 * fingerprint (typed from the paper). Errors carry a Chinese message that says what to do.
 */
export function parseKeyText(text: string): ParsedKeyText {
  const plain = ascii(text).trim();
  if (plain === '') return { ok: false, code: 'QR_EMPTY', message: '请扫描选举结果报告单右下角的二维码，或输入报告单上印的密钥指纹。' };
  const tokens = plain.toUpperCase().split(/[^0-9A-Z]+/).filter(Boolean);
  if (tokens[0] === RESULT_QR_TAG) {
    const [, fp, id, sha, ...rest] = tokens;
    if (fp === undefined || id === undefined || sha === undefined || rest.length > 0 || !/^[0-9A-F]{32}$/.test(fp) || !/^[0-9A-F]{32}$/.test(id) || !/^[0-9A-F]{64}$/.test(sha)) {
      return { ok: false, code: 'QR_INCOMPLETE', message: '二维码内容不完整或有错字（扫描可能中断了）。请把扫码枪对准二维码再扫一次。' };
    }
    return { ok: true, kind: 'qr', qr: { fingerprint: fp.toLowerCase(), electionId: uuidOf(id.toLowerCase()), resultSha256: sha.toLowerCase() } };
  }
  const fp = normaliseFingerprint(plain);
  if (fp !== null) return { ok: true, kind: 'fingerprint', fingerprint: fp };
  if (/^[0-9A-F\s-]+$/i.test(plain)) {
    return { ok: false, code: 'FINGERPRINT_INVALID', message: `密钥指纹应为 ${FINGERPRINT_HEX} 位（8 组，每组 4 位）0–9、a–f，现在是 ${plain.replace(/[\s-]/g, '').length} 位。请对照报告单重新输入。` };
  }
  return { ok: false, code: 'QR_NOT_OURS', message: '这不是本程序打印的选举结果报告单二维码（应以 VES1 开头）。请扫描报告单右下角的二维码。' };
}
