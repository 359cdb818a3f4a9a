/**
 * The masked form of a command's input: what the audit chain shows outside the station (the export
 * package's audit.jsonl). The station keeps the full input in its own database; the chain's hash
 * (formula 2 in audit.ts) covers this masked form plus a keyed seal over the full input, so the
 * township can recompute the chain without ever seeing a full ID number.
 *
 * What is masked, wherever it occurs in the input (any depth, keys included):
 *  - 身份证号: an 18-character (17 digits + digit or X) or 15-digit number keeps its first 6 digits,
 *    the administrative region code that the whole village shares, and the rest become "*";
 *  - fields named like an ID number (idNumber, id_number, idCard…), whatever they hold, the same way;
 *  - phone numbers (fields named phone, mobile, tel…): the first 3 and last 4 digits stay;
 *  - a file's contents sent with a command (dataBase64, or any string over 4,096 characters):
 *    replaced by a note of its length (no hash of it: a small file's hash could be guessed).
 * The function is deterministic (the same input always gives the same masked form) and leaves an
 * input without any of these byte for byte as it was.
 */
import { canonicalJson } from '../../shared/canonical-json.js';

const ID_IN_TEXT = /(?<![0-9])([0-9]{6})([0-9]{11}[0-9Xx]|[0-9]{9})(?![0-9Xx])/g;
const ID_KEY = /^(id_?number|id_?card|idno|citizen_?id|身份证.*)$/i;
const PHONE_KEY = /(phone|mobile|^tel$|telephone|电话|手机)/i;
const BLOB_KEY = /^(data_?base64|content_?base64|file_?data|bytes)$/i;
export const LONG_TEXT = 4096;

/** Quick test on the canonical JSON: could anything in it need masking? (Most inputs: no.) */
const MAYBE = /[0-9]{15}|"(?:id_?number|id_?card|idno|citizen_?id|身份证[^"]*|[^"]*(?:phone|mobile|tel|电话|手机)[^"]*|data_?base64|content_?base64|file_?data|bytes)"/i;

export function maskIdNumbers(text: string): string {
  return text.replace(ID_IN_TEXT, (_m, head: string, rest: string) => head + '*'.repeat(rest.length));
}

export function maskIdField(v: string): string {
  return v.length >= 10 ? v.slice(0, 6) + '*'.repeat(v.length - 6) : '*'.repeat(v.length);
}

export function maskPhone(v: string): string {
  const digits = v.replace(/\D/g, '');
  return digits.length >= 11 ? `${digits.slice(0, 3)}${'*'.repeat(digits.length - 7)}${digits.slice(-4)}` : '*'.repeat(v.length);
}

const blobNote = (v: string): string => `[已省略：${v.length} 个字符的文件内容]`;

function maskValue(v: unknown, key: string | null): unknown {
  if (typeof v === 'string') {
    if (key !== null && ID_KEY.test(key)) return maskIdField(v);
    if (key !== null && PHONE_KEY.test(key)) return maskPhone(v);
    if ((key !== null && BLOB_KEY.test(key)) || v.length > LONG_TEXT) return blobNote(v);
    return maskIdNumbers(v);
  }
  if (Array.isArray(v)) return v.map((x) => maskValue(x, key));
  if (v !== null && typeof v === 'object') {
    // fromEntries makes every key an own property (an assignment to "__proto__" would set the prototype)
    return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [maskIdNumbers(k), maskValue(x, k)]));
  }
  return v;
}

/** The masked value of an input (any JSON value). */
export function maskInput(input: unknown): unknown {
  return maskValue(input, null);
}

/** canonicalJson(maskInput(JSON.parse(inputJson))) for an input already in canonical JSON, without a parse when nothing needs masking. */
export function maskedInputJson(inputJson: string): string {
  if (inputJson.length <= LONG_TEXT && !MAYBE.test(inputJson)) return inputJson;
  return canonicalJson(maskInput(JSON.parse(inputJson)));
}
