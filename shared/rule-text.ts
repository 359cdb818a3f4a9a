/**
 * Rule ids (E1, B4, V5 … rules.md) are the engineers' words: on screen they stay only in a small grey
 * "依据" note (issue 10). `splitRules` takes a message as the station or a page words it ("B4 收回选票
 * 245 张，多于…", "…记录后交监票人裁定（V5）。", "选票数核对（B3、B4）") and returns the sentence
 * without them, and the ids it named, in order, once each.
 */
const ID = '(?:[BEFPRVX](?:10|[1-9]))';
const LIST = `${ID}(?:\\s*[、,，和]\\s*${ID})*`;
/** "（V5）", "(B3、B4)", "（依据 E8）" */
const IN_BRACKETS = new RegExp(`\\s*[（(]\\s*(?:依据\\s*)?(${LIST})\\s*[）)]`, 'g');
/** "B4 收回选票…", "E7 候选人中…" at the start */
const LEADING = new RegExp(`^\\s*(${LIST})\\s*[:：]?\\s+`);
/** "按 V2 规则处理", "须符合 P4" — a bare id between non-Latin characters */
const BARE = new RegExp(`\\s?(?<![A-Za-z0-9_./-])(${ID})(?![A-Za-z0-9_-])\\s?`, 'g');

const idsIn = (list: string): string[] => list.split(/\s*[、,，和]\s*/).filter((x) => x !== '');

export function splitRules(text: string): { text: string; rules: string[] } {
  const rules: string[] = [];
  const add = (list: string) => {
    for (const id of idsIn(list)) if (!rules.includes(id)) rules.push(id);
  };
  let out = text.replace(LEADING, (_m, list: string) => {
    add(list);
    return '';
  });
  out = out.replace(IN_BRACKETS, (_m, list: string) => {
    add(list);
    return '';
  });
  out = out.replace(BARE, (m, id: string, offset: number, whole: string) => {
    add(id);
    // keep one space between two Latin/number neighbours, none between Chinese characters
    const before = whole[offset - 1] ?? '';
    const after = whole[offset + m.length] ?? '';
    return /[A-Za-z0-9]/.test(before) && /[A-Za-z0-9]/.test(after) ? ' ' : '';
  });
  return { text: out.replace(/\s{2,}/g, ' ').trim(), rules };
}
