import { describe, expect, it } from 'vitest';
import { hasInvisible, invisibleCodes, stripInvisible } from '../../shared/text.js';

describe('invisible characters in names', () => {
  it('finds and strips bidi overrides, zero-width characters, the BOM and tag characters', () => {
    const samples = ['\u202E三张', '张\u200B三', '\uFEFF李四', '王\u2066五\u2069', '赵\u00AD六', `陈${String.fromCodePoint(0xe0041)}七`];
    for (const s of samples) {
      expect(hasInvisible(s)).toBe(true);
      const { text, removed } = stripInvisible(s);
      expect(hasInvisible(text)).toBe(false);
      expect(removed).toBeGreaterThan(0);
    }
    expect(stripInvisible('\u202E三张').text).toBe('三张');
    expect(invisibleCodes('王\u2066五\u2069')).toEqual(['U+2066', 'U+2069']);
    expect(invisibleCodes(`陈${String.fromCodePoint(0xe0041)}七`)).toEqual(['U+E0041']);
  });

  it('leaves ordinary names, rare characters and variation selectors alone', () => {
    for (const s of ['张三', '刘䶮', '𠮷田', '𪚥', '葛\uFE00', '欧阳娜娜', 'Zhang San']) {
      expect(hasInvisible(s)).toBe(false);
      expect(stripInvisible(s)).toEqual({ text: s, removed: 0 });
    }
  });
});
