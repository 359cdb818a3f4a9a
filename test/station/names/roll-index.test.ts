import { describe, expect, it } from 'vitest';
import { createRollIndex, type RollIndexVoter } from '../../../electron/station/names/index.js';
import { makeIdNumber } from '../../../shared/rules/id-number.js';

const v = (id: number, name: string, idNumber = makeIdNumber('330102', '19700101', id % 1000), group = '一组'): RollIndexVoter => ({ id, name, idNumber, group });

describe('roll search', () => {
  const voters = [v(1, '张三'), v(2, '张三丰'), v(3, '李张三'), v(4, '周文'), v(5, '单雄信'), v(6, '吕布'), v(7, '张小三'), v(8, '曾国藩', '11010519491231002X')];
  const idx = createRollIndex(voters);
  const ids = (q: string, limit?: number) => idx.search(q, limit).map((h) => h.voter.id);

  it('ranks exact name, then name prefix, then substring', () => {
    expect(idx.search('张三').map((h) => [h.voter.id, h.match])).toEqual([
      [1, 'name_exact'],
      [2, 'name_prefix'],
      [3, 'name_contains'],
    ]);
  });

  it('pinyin initials prefix ("zs" finds 张三), then full pinyin prefix', () => {
    expect(idx.search('zs').map((h) => [h.voter.id, h.match])).toEqual([
      [1, 'initials'],
      [2, 'initials'],
    ]);
    expect(ids('zhangsan')).toEqual([1, 2]);
    expect(idx.search('zhang')[0]?.match).toBe('pinyin');
    // initials in key order: 曾国藩 zgf, 张三 zs, 张三丰 zsf, 周文 zw, 张小三 zxs
    expect(ids('z')).toEqual([8, 1, 2, 4, 7]);
    expect(ids('zw')).toEqual([4]);
  });

  it('surname readings and ü as v', () => {
    expect(ids('shanx')).toEqual([5]);
    expect(ids('zengg')).toEqual([8]);
    expect(ids('lvbu')).toEqual([6]);
    expect(ids('lübu')).toEqual([6]);
    expect(ids('LB')).toEqual([6]);
  });

  it('ID number tail: 4+ digits, or a tail with X', () => {
    const one = voters[0]?.idNumber ?? '';
    expect(ids(one.slice(-4))).toContain(1);
    expect(ids('002X')).toEqual([8]);
    expect(ids('002x')).toEqual([8]);
    expect(ids('123')).toEqual([]);
    expect(ids('11010519491231002X')).toEqual([8]);
  });

  it('limit, empty and unmatched queries', () => {
    expect(ids('z', 2)).toEqual([8, 1]);
    expect(ids('')).toEqual([]);
    expect(ids('  ')).toEqual([]);
    expect(ids('王')).toEqual([]);
    expect(ids('张三', 0)).toEqual([]);
  });

  it('add and remove keep the index current; add with a known id replaces', () => {
    const i = createRollIndex(voters);
    expect(i.size).toBe(8);
    i.add(v(9, '张三'));
    expect(i.search('张三').map((h) => h.voter.id).slice(0, 2)).toEqual([1, 9]);
    expect(i.remove(1)).toBe(true);
    expect(i.remove(1)).toBe(false);
    expect(i.search('张三')[0]?.voter.id).toBe(9);
    i.add(v(9, '王五'));
    expect(i.search('张三').map((h) => h.voter.id)).toEqual([2, 3]);
    expect(i.search('ww').map((h) => h.voter.id)).toEqual([9]);
    expect(i.size).toBe(8);
  });

  it('building from a whole roll and adding one by one give the same answers', () => {
    const inc = createRollIndex<RollIndexVoter>([]);
    for (const x of voters) inc.add(x);
    for (const q of ['张', 'z', 'zs', 'zhang', '三', '002X', 'lb']) {
      expect(inc.search(q).map((h) => [h.voter.id, h.match])).toEqual(idx.search(q).map((h) => [h.voter.id, h.match]));
    }
  });

  it('20,000 voters: results agree with a brute-force scan', () => {
    const surnames = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗单曾区仇解朴查欧阳';
    const given = '伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英';
    const many: RollIndexVoter[] = [];
    for (let i = 0; i < 20_000; i++) {
      const s = surnames.charAt(i % surnames.length);
      const name = s + given.charAt((i * 7) % given.length) + (i % 3 === 0 ? given.charAt((i * 13) % given.length) : '');
      many.push(v(i, name, makeIdNumber('330102', `19${String(40 + (i % 60)).padStart(2, '0')}0101`, i % 1000)));
    }
    const big = createRollIndex(many);
    expect(big.size).toBe(20_000);
    for (const q of ['张伟', '王', 'zw', 'zhangw', 'shan', '英']) {
      const hits = big.search(q, 100_000);
      const got = new Set(hits.map((h) => h.voter.id));
      expect(got.size).toBe(hits.length);
      expect(hits.length).toBeGreaterThan(0);
      for (const h of hits.slice(0, 50)) {
        const n = h.voter.name;
        if (h.match === 'name_exact') expect(n).toBe(q);
        if (h.match === 'name_prefix') expect(n.startsWith(q)).toBe(true);
        if (h.match === 'name_contains') expect(n.includes(q)).toBe(true);
      }
    }
    const expectZw = many.filter((x) => x.name.startsWith('张') && '伟'.includes(x.name.charAt(1))).map((x) => x.id);
    expect(new Set(big.search('张伟', 100_000).map((h) => h.voter.id))).toEqual(new Set([...expectZw, ...many.filter((x) => x.name.includes('张伟')).map((x) => x.id)]));
    const tail = many[12_345]?.idNumber.slice(-6) ?? '';
    expect(big.search(tail, 100_000).map((h) => h.voter.id).sort((a, b) => Number(a) - Number(b))).toEqual(
      many.filter((x) => x.idNumber.endsWith(tail)).map((x) => x.id),
    );
    expect(big.search('王', 10)).toHaveLength(10);
  });
});
