/**
 * Keys a user chooses (position keys, box keys, the positions of a ballot's marks, rule names) end up
 * as property names of plain objects: `{ "__proto__": … }` read by zod becomes the object's prototype
 * instead of an entry (a ballot with its marks gone, issue 12 D11), and `counts["constructor"]` reads
 * an inherited function. So no name an object inherits is ever accepted as such a key, or as a
 * person's name (names key the tally's votes).
 */
import { z } from 'zod';

/** Object.prototype's own names (__proto__, constructor, toString, hasOwnProperty …) and `prototype`. */
const INHERITED = new Set<string>([...Object.getOwnPropertyNames(Object.prototype), 'prototype']);

export const isSafeKey = (key: string): boolean => !INHERITED.has(key);

export const UNSAFE_KEY_MESSAGE = '不能用程序保留的词（如 __proto__、constructor）作编号或名称';

/** A record's key chosen by a user: 1–max characters, never an inherited property name. */
export const SafeKeySchema = (max: number) => z.string().min(1).max(max).refine(isSafeKey, UNSAFE_KEY_MESSAGE);

/**
 * The path of the first own `__proto__` key in a value parsed from JSON (JSON.parse keeps it as an
 * ordinary key), or null. zod leaves such a key out of a record silently, so the dispatcher refuses
 * the whole input before parsing it. Walks at most `budget` nodes (inputs are small; a roll file is
 * one string).
 */
export function protoKeyPath(value: unknown, budget = 100_000): string | null {
  const stack: [unknown, string][] = [[value, '']];
  let seen = 0;
  while (stack.length > 0) {
    const [v, at] = stack.pop() as [unknown, string];
    if (v === null || typeof v !== 'object') continue;
    if (++seen > budget) return null;
    if (Array.isArray(v)) {
      v.forEach((x, i) => stack.push([x, `${at}[${i}]`]));
      continue;
    }
    for (const k of Object.keys(v)) {
      const here = at ? `${at}.${k}` : k;
      if (k === '__proto__') return here;
      stack.push([(v as Record<string, unknown>)[k], here]);
    }
  }
  return null;
}
