import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { charStrokes, charsWithoutStrokeData, compareByStrokes, strokeSortKey } from '../../../electron/station/names/index.js';

describe('姓氏笔画 ordering', () => {
  it('stroke data: counts and basic stroke types 横1 竖2 撇3 点4 折5', () => {
    expect(charStrokes('王')).toEqual({ count: 4, types: '1121' });
    expect(charStrokes('刘')).toEqual({ count: 6, types: '413422' });
    expect(charStrokes('张')).toEqual({ count: 7, types: '5153154' });
    expect(charStrokes('陈')).toEqual({ count: 7, types: '5215234' });
    expect(charStrokes('李')).toEqual({ count: 7, types: '1234521' });
  });

  it('fewer strokes first; same count decided by the stroke order (李 横 before 张 and 陈 折; 张 横 before 陈 竖 at the 2nd stroke)', () => {
    const names = ['陈', '张', '李', '刘', '王', '丁', '马'];
    expect([...names].sort(compareByStrokes)).toEqual(['丁', '马', '王', '刘', '李', '张', '陈']);
  });

  it('character by character, not by the total of the name', () => {
    // 王小明 total 4+3+8=15 > 刘一 6+1=7, yet 王 (4) comes before 刘 (6).
    expect(compareByStrokes('王小明', '刘一')).toBeLessThan(0);
    expect(compareByStrokes('张三', '张三丰')).toBeLessThan(0);
    expect(compareByStrokes('王五', '王三')).toBeGreaterThan(0); // 五 4 strokes, 三 3
  });

  it('same strokes and order (己 已 巳) are still told apart by code point, deterministically', () => {
    expect(charStrokes('己')?.types).toBe(charStrokes('已')?.types);
    const sorted = ['已', '巳', '己'].sort(compareByStrokes);
    expect(sorted).toEqual(['已', '己', '巳'].sort());
    expect(compareByStrokes('己', '己')).toBe(0);
  });

  it('characters without data go after every known character at their position, then by code point, and are reported', () => {
    expect(charsWithoutStrokeData('䶮')).toEqual(['䶮']);
    expect(charsWithoutStrokeData('李𠮷')).toEqual(['𠮷']);
    expect(charsWithoutStrokeData('阿卜杜·热合曼')).toEqual([]);
    expect(charsWithoutStrokeData('张三')).toEqual([]);
    expect(charStrokes('鑫')?.count).toBe(24);
    const sorted = ['𠮷', '䶮', '鑫', '王'].sort(compareByStrokes);
    expect(sorted).toEqual(['王', '鑫', '䶮', '𠮷']);
    expect(['王𠮷', '王䶮', '王一'].sort(compareByStrokes)).toEqual(['王一', '王䶮', '王𠮷']);
  });

  it('strokeSortKey orders like compareByStrokes', () => {
    const names = ['陈明', '张伟', '王芳', '李娜', '刘洋', '䶮', '王', '欧阳修', '单雄信', '曾国藩', '丁一'];
    const byKey = [...names].sort((a, b) => (strokeSortKey(a) < strokeSortKey(b) ? -1 : strokeSortKey(a) > strokeSortKey(b) ? 1 : 0));
    expect(byKey).toEqual([...names].sort(compareByStrokes));
  });

  it('property: a consistent total order (antisymmetric, transitive, 0 only for equal names)', () => {
    const ch = fc.constantFrom(...Array.from('王李张刘陈杨黄赵吴周己已巳一乙丁䶮𠮷鑫曾单·'));
    const name = fc.array(ch, { minLength: 1, maxLength: 4 }).map((a) => a.join(''));
    fc.assert(
      fc.property(name, name, name, (a, b, c) => {
        const ab = compareByStrokes(a, b);
        expect(Math.sign(ab) || 0).toBe(-Math.sign(compareByStrokes(b, a)) || 0); // `|| 0`: equal names give 0 both ways, not 0 and -0
        if (ab === 0) expect(a).toBe(b);
        if (ab < 0 && compareByStrokes(b, c) < 0) expect(compareByStrokes(a, c)).toBeLessThan(0);
      }),
    );
  });
});
