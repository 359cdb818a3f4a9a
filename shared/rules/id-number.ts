/**
 * Chinese resident ID numbers (GB 11643-1999), used for rule R1 (age on election day) and R3
 * (one person, one village). Pure string and integer work so it runs in the station, the browser
 * and the CLI alike.
 */
import { fail, ok, type Result } from '../result.js';

export interface IdNumberInfo {
  /** Normalised: 18 characters, a trailing x upper-cased to X. */
  id: string;
  /** YYYY-MM-DD */
  birthDate: string;
  /** Digit 17 (the sequence's last digit): odd = male, even = female. */
  gender: 'M' | 'F';
  /** The 6-digit administrative region code of the place the number was issued. */
  region: string;
}

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARS = '10X98765432';

/** Check character for the first 17 digits (caller guarantees 17 ASCII digits). */
export function idCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (first17.charCodeAt(i) - 48) * (WEIGHTS[i] ?? 0);
  return CHECK_CHARS.charAt(sum % 11);
}

function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

function daysInMonth(y: number, m: number): number {
  if (m === 2) return isLeap(y) ? 29 : 28;
  return [4, 6, 9, 11].includes(m) ? 30 : 31;
}

/** A real calendar date written YYYYMMDD; years before 1900 are not plausible for a living voter. */
function isCalendarDate(yyyymmdd: string): boolean {
  if (!/^\d{8}$/.test(yyyymmdd)) return false;
  const y = Number(yyyymmdd.slice(0, 4));
  const m = Number(yyyymmdd.slice(4, 6));
  const d = Number(yyyymmdd.slice(6, 8));
  return y >= 1900 && m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m);
}

/** Region codes start with 1–8 (华北 … 港澳台), which also rules out 000000; the full list of
 * codes changes every year, so only the shape is checked. */
function isRegionShape(region: string): boolean {
  return /^[1-8]\d{5}$/.test(region);
}

export function parseIdNumber(input: string): Result<IdNumberInfo> {
  const s = input.trim();
  if (s.length === 15 && /^\d{15}$/.test(s)) {
    return fail('ID_LEGACY_15', '这是 15 位旧身份证号码，已停止使用。请本人换领并登记 18 位居民身份证号码。');
  }
  if (s.length !== 18) {
    return fail('ID_LENGTH', `身份证号码应为 18 位，现在是 ${s.length} 位。请核对后重新输入。`, { length: s.length });
  }
  if (!/^\d{17}[\dXx]$/.test(s)) {
    return fail('ID_CHARS', '身份证号码前 17 位只能是数字，最后一位是数字或 X。请核对后重新输入。');
  }
  const id = s.toUpperCase();
  const region = id.slice(0, 6);
  if (!isRegionShape(region)) {
    return fail('ID_REGION', `身份证号码前 6 位（地区码 ${region}）不是有效的行政区划代码。请核对后重新输入。`, { region });
  }
  const birth = id.slice(6, 14);
  if (!isCalendarDate(birth)) {
    return fail('ID_BIRTHDATE', `身份证号码中的出生日期 ${birth} 不是有效日期。请核对后重新输入。`, { birth });
  }
  const expected = idCheckChar(id.slice(0, 17));
  if (id.charAt(17) !== expected) {
    // Do not reveal the expected character: a wrong digit anywhere gives a wrong check digit, and
    // "fixing" the last one would register a number that belongs to nobody.
    return fail('ID_CHECKSUM', '身份证号码校验位不正确，可能有数字输错。请对照身份证逐位核对。');
  }
  const seqLast = id.charCodeAt(16) - 48;
  return ok({
    id,
    birthDate: `${birth.slice(0, 4)}-${birth.slice(4, 6)}-${birth.slice(6, 8)}`,
    gender: seqLast % 2 === 1 ? 'M' : 'F',
    region,
  });
}

/**
 * Full years between a birth date and a day (both YYYY-MM-DD), the R1 test "18 or over on election
 * day". Someone born on 29 February has their birthday on 1 March in common years (they are not a
 * year older until the 28th of February has passed), which is the usual reading of 周岁.
 */
export function ageOn(birthDate: string, onDate: string): number {
  const by = Number(birthDate.slice(0, 4));
  const bm = Number(birthDate.slice(5, 7));
  const bd = Number(birthDate.slice(8, 10));
  const oy = Number(onDate.slice(0, 4));
  const om = Number(onDate.slice(5, 7));
  const od = Number(onDate.slice(8, 10));
  let age = oy - by;
  // Compare month/day as an integer; Feb 29 needs no special case with this ordering because
  // 0229 > 0228, so on 28 Feb of a common year the birthday has not yet come.
  if (om * 100 + od < bm * 100 + bd) age -= 1;
  return age;
}

/**
 * A valid ID number for tests and demo data: region (6 digits), birth date YYYYMMDD, sequence
 * (3 digits; odd last digit = male). Throws on malformed input because it is only called with
 * literals written by a programmer.
 */
export function makeIdNumber(region6: string, yyyymmdd: string, seq3: string | number): string {
  const seq = typeof seq3 === 'number' ? String(seq3).padStart(3, '0') : seq3;
  if (!/^\d{6}$/.test(region6) || !isCalendarDate(yyyymmdd) || !/^\d{3}$/.test(seq)) {
    throw new Error(`makeIdNumber: bad parts ${region6} ${yyyymmdd} ${seq}`);
  }
  const first17 = region6 + yyyymmdd + seq;
  return first17 + idCheckChar(first17);
}
