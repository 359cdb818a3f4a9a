/**
 * 姓氏笔画 ordering for candidate lists and ballots: names are compared character by character,
 * first by that character's stroke count, then by its stroke order written as the five basic
 * stroke types 横 1, 竖 2, 撇 3, 点 4, 折 5 (the rule of GB 13000.1 stroke-order sorting, where
 * 提 counts as 横, 竖钩 as 竖, 捺 as 点 and every turning stroke as 折).
 *
 * cnchar's own sortStroke compares total strokes of the whole name, which is not this rule, so
 * only its per-character data is used here.
 */
import cnchar from 'cnchar';
import order from 'cnchar-order';

/** cnchar-order's stroke letters (see its stroke table) mapped to the five basic types. */
const LETTER_TO_TYPE: Readonly<Record<string, '1' | '2' | '3' | '4' | '5'>> = {
  j: '1', // 横
  i: '1', // 提
  f: '2', // 竖
  g: '2', // 竖钩
  s: '3', // 撇
  k: '4', // 点
  d: '4', // 点 (second form, e.g. 沈)
  l: '4', // 捺
  // every other letter is a turning stroke (横折, 竖提, 横撇/横钩, 弯钩, 斜钩, 竖弯钩, 撇点, …)
};

type StrokeFn = (text: string, ...args: string[]) => unknown;

let registered = false;
function strokeFn(): StrokeFn {
  if (!registered) {
    cnchar.use(order);
    registered = true;
  }
  return cnchar.stroke as unknown as StrokeFn;
}

export interface CharStrokes {
  /** Number of strokes. */
  count: number;
  /** Stroke order as basic types, e.g. 王 "1121". */
  types: string;
}

const cache = new Map<string, CharStrokes | null>();

/** Characters that only separate parts of a name (spaces, the middle dot of transliterated names). */
const SEPARATOR = /^[\s\u3000·•・‧．.]$/u;

/** Stroke data of one character, or null when cnchar has none (rare characters, Latin letters). */
export function charStrokes(ch: string): CharStrokes | null {
  const hit = cache.get(ch);
  if (hit !== undefined) return hit;
  let result: CharStrokes | null = null;
  const letters = (strokeFn()(ch, 'order') as unknown[] | undefined)?.[0];
  if (typeof letters === 'string' && /^[a-z]+$/.test(letters)) {
    let types = '';
    for (const letter of letters) types += LETTER_TO_TYPE[letter] ?? '5';
    result = { count: types.length, types };
  }
  cache.set(ch, result);
  return result;
}

function nameChars(name: string): string[] {
  return Array.from(name.trim()).filter((ch) => !SEPARATOR.test(ch));
}

/** The characters of a name that have no stroke data; they sort after every known character at
 * the same position, then by code point. */
export function charsWithoutStrokeData(name: string): string[] {
  const out: string[] = [];
  for (const ch of nameChars(name)) if (charStrokes(ch) === null && !out.includes(ch)) out.push(ch);
  return out;
}

function hex6(ch: string): string {
  return (ch.codePointAt(0) ?? 0).toString(16).padStart(6, '0');
}

/**
 * A string whose plain (code unit) order is the stroke order of names: per character, a known
 * character is "0" + two-digit stroke count + its stroke types + code point (a tie-break between
 * characters written with the same strokes, e.g. 己 and 巳), an unknown one "1" + code point.
 * Within one stroke count the type strings have equal length, so segments line up; a name that
 * is a prefix of another sorts first.
 */
export function strokeSortKey(name: string): string {
  let key = '';
  for (const ch of nameChars(name)) {
    const s = charStrokes(ch);
    key += s === null ? `1${hex6(ch)}` : `0${String(s.count).padStart(2, '0')}${s.types}${hex6(ch)}`;
  }
  return key;
}

/** Comparator for Array.prototype.sort: 姓氏笔画 order, then code points, never 0 for different names. */
export function compareByStrokes(a: string, b: string): number {
  const ka = strokeSortKey(a);
  const kb = strokeSortKey(b);
  if (ka !== kb) return ka < kb ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}
