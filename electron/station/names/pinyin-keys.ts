/**
 * Pinyin search keys for a person's name. Surnames are read as surnames (单 shan, 曾 zeng, 区 ou,
 * 仇 qiu, 解 xie, 朴 piao, 查 zha): a clerk who types "shan" for 单雄信 must find him.
 */
import { pinyin } from 'pinyin-pro';

export interface PinyinKeys {
  /** Whole-name pinyin, lower case, no tones, no spaces, ü written v: 吕布 -> "lvbu". */
  full: string;
  /** First letter of each syllable: 张三 -> "zs". */
  initials: string;
}

const ASCII_ALNUM = /^[a-z0-9]$/;

/**
 * Letters typed into a search box in the same shape as the keys: lower case, ü/u: as v, without
 * spaces or apostrophes (xi'an).
 */
export function normalisePinyinQuery(query: string): string {
  return query
    .normalize('NFKC')
    .toLowerCase()
    .replace(/u:/g, 'v')
    .replace(/ü/g, 'v')
    .replace(/[\s'’·]/g, '');
}

export function pinyinKeys(name: string): PinyinKeys {
  const chars = Array.from(name.normalize('NFKC'));
  const syllables = pinyin(chars.join(''), { toneType: 'none', surname: 'head', type: 'array', v: true });
  let full = '';
  let initials = '';
  let inLatinRun = false;
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i] ?? '';
    const syl = (syllables.length === chars.length ? syllables[i] : undefined) ?? ch;
    if (syl !== ch && /^[a-zü]+$/i.test(syl)) {
      const s = normalisePinyinQuery(syl);
      full += s;
      initials += s.charAt(0);
      inLatinRun = false;
      continue;
    }
    // Not a Han character with a reading: keep Latin letters and digits (a name written partly in
    // Latin letters), drop punctuation such as the middle dot of 阿卜杜·热合曼.
    const lower = ch.toLowerCase();
    if (ASCII_ALNUM.test(lower)) {
      full += lower;
      if (!inLatinRun) initials += lower;
      inLatinRun = true;
    } else {
      inLatinRun = false;
    }
  }
  return { full, initials };
}
