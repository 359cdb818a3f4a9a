import { describe, expect, it } from 'vitest';
import { normalisePinyinQuery, pinyinKeys } from '../../../electron/station/names/index.js';

describe('pinyinKeys', () => {
  it.each([
    ['单雄信', 'shanxiongxin', 'sxx'],
    ['曾国藩', 'zengguofan', 'zgf'],
    ['区志强', 'ouzhiqiang', 'ozq'],
    ['仇英', 'qiuying', 'qy'],
    ['解缙', 'xiejin', 'xj'],
    ['朴正', 'piaozheng', 'pz'],
    ['查良镛', 'zhaliangyong', 'zly'],
    ['张三', 'zhangsan', 'zs'],
    ['吕布', 'lvbu', 'lb'],
    ['欧阳修', 'ouyangxiu', 'oyx'],
  ])('%s reads as a surname: %s / %s', (name, full, initials) => {
    expect(pinyinKeys(name)).toEqual({ full, initials });
  });

  it('drops separators, keeps Latin letters, lower case', () => {
    expect(pinyinKeys('阿卜杜·热合曼')).toEqual({ full: 'abudureheman', initials: 'abdrhm' });
    expect(pinyinKeys('Tom李')).toEqual({ full: 'tomli', initials: 'tl' });
  });

  it('queries: ü and u: as v, spaces and apostrophes ignored', () => {
    expect(normalisePinyinQuery('Lü Bu')).toBe('lvbu');
    expect(normalisePinyinQuery("lu:'bu")).toBe('lvbu');
  });
});
