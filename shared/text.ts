/**
 * Characters a person cannot see but a computer compares: zero-width spaces and joiners, the byte
 * order mark, bidi marks, embeddings, overrides and isolates, the soft hyphen and Unicode tag
 * characters. "\u202E三张" displays as 张三, and "张\u200B三" looks like 张三 but is not equal to it,
 * so a name holding one of them could pass for another person. Variation selectors stay: some rare
 * name characters are written with them.
 *
 * One definition for every place a name or other visible text is stored (roll import, the voter
 * and official forms, write-ins, box names): refuse it or strip it with a warning, never keep it.
 */

/** Matches one invisible character (global: use with replace / match). */
export const INVISIBLE_CHARS = /[\u00AD\u061C\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]|\uDB40[\uDC00-\uDC7F]/g;

/** Whether the text holds any invisible character. */
export function hasInvisible(text: string): boolean {
  INVISIBLE_CHARS.lastIndex = 0;
  const found = INVISIBLE_CHARS.test(text);
  INVISIBLE_CHARS.lastIndex = 0;
  return found;
}

/** The text without its invisible characters, and how many were removed. */
export function stripInvisible(text: string): { text: string; removed: number } {
  let removed = 0;
  const out = text.replace(INVISIBLE_CHARS, () => {
    removed += 1;
    return '';
  });
  return { text: out, removed };
}

/** Code points of the invisible characters in a text, as U+XXXX, for messages. */
export function invisibleCodes(text: string): string[] {
  const codes: string[] = [];
  for (const m of text.matchAll(INVISIBLE_CHARS)) {
    const cp = m[0].codePointAt(0) ?? 0;
    codes.push(`U+${cp.toString(16).toUpperCase().padStart(4, '0')}`);
  }
  return codes;
}
