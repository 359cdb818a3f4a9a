import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { previewRoll, readRollFile, type PreviewOptions, type RawRollRow } from '../../../electron/station/import/index.js';
import { makeIdNumber } from '../../../shared/rules/id-number.js';

const FIX = join(import.meta.dirname, '..', '..', 'fixtures', 'roll');
// Kept equal to scripts/make-roll-fixtures.ts (ELECTION_DATE, ALREADY_REGISTERED_ID).
const ELECTION_DATE = '2026-03-15';
const ALREADY_REGISTERED_ID = makeIdNumber('330102', '19700101', '011');
const ZJ_EXTRA = '从事村务工作一年以上';
const opts: PreviewOptions = {
  electionDate: ELECTION_DATE,
  registered: new Map([[ALREADY_REGISTERED_ID, { voterId: 7, name: '卫已', removed: false }]]),
  categories: [ZJ_EXTRA],
};

async function rowsOf(file: string): Promise<RawRollRow[]> {
  const r = await readRollFile(new Uint8Array(readFileSync(join(FIX, file))), file);
  if (!r.ok) throw new Error(r.error.message);
  return r.value.rows;
}

function raw(over: Partial<RawRollRow>): RawRollRow {
  return {
    sourceRow: 2,
    name: '张三',
    gender: '男',
    idNumber: makeIdNumber('330102', '19650312', '031'),
    group: '一组',
    category: '本村居住',
    phone: '',
    note: '',
    approvalRef: '',
    issues: [],
    ...over,
  };
}

describe('previewRoll on the bad-row fixtures: each row gives exactly the problem its 备注 names', () => {
  it.each(['bad-rows.xlsx', 'bad-rows-gbk.csv', 'formulas-merged.xlsx'])('%s', async (file) => {
    const p = previewRoll(await rowsOf(file), opts);
    let checked = 0;
    for (const row of p.rows) {
      const expected = /期望:(\S+)/.exec(row.raw.note)?.[1]?.split(',') ?? [];
      expect(row.problems.map((x) => x.code), `row ${row.sourceRow}`).toEqual(expected);
      for (const prob of row.problems) expect(prob.message).toMatch(/[\u4e00-\u9fff]/);
      checked += expected.length;
    }
    expect(checked).toBeGreaterThan(0);
  });

  it('summary counts: errors are not importable, warnings are; the registered row and the duplicate pair are counted apart', async () => {
    const p = previewRoll(await rowsOf('bad-rows.xlsx'), opts);
    const s = p.summary;
    expect(s.total).toBe(21);
    // two good rows + approval ref, gender, group warnings
    expect(s.importable).toBe(5);
    expect(s.withWarnings).toBe(3);
    expect(s.registered).toBe(1);
    expect(s.duplicateGroups).toHaveLength(1);
    expect(s.duplicateGroups[0]?.rows).toHaveLength(2);
    // both rows of the pair are otherwise good: either may be picked
    expect(s.duplicateGroups[0]?.pickable).toEqual(s.duplicateGroups[0]?.rows);
    expect(s.importable + s.withErrors + s.registered + 2).toBe(s.total);
    expect(s.byCode.R3_DUPLICATE_IN_FILE).toBe(2);
    expect(p.rows.filter((r) => r.status === 'error' || r.status === 'registered').every((r) => r.normalised === null)).toBe(true);
    expect(p.rows.filter((r) => r.status === 'ok' || r.status === 'warning').every((r) => r.normalised !== null)).toBe(true);
  });
});

describe('previewRoll on the good fixture', () => {
  it('every row importable and normalised', async () => {
    const p = previewRoll(await rowsOf('good.xlsx'), opts);
    // 朴正 (从事村务工作一年以上, no approval reference) is nonresident_approved and warned (R2, 2025)
    expect(p.summary).toMatchObject({ total: 12, importable: 12, withErrors: 0, withWarnings: 1 });
    expect(p.summary.byCategory).toEqual({ resident: 5, registered_absent: 3, nonresident_approved: 4 });
    const wang = p.rows.find((r) => r.raw.name.startsWith('王'))?.normalised;
    expect(wang).toMatchObject({ name: '王五', gender: 'M', birthDate: '1980-11-11', group: '第二组', category: 'resident', phone: null, note: null, approvalRef: null });
    const ouyang = p.rows.find((r) => r.raw.name === '欧阳娜')?.normalised;
    expect(ouyang).toMatchObject({ category: 'nonresident_approved', approvalRef: '村代会〔2026〕1号', gender: 'F', sourceRow: 9 });
  });
});

describe('previewRoll rules', () => {
  const run = (r: RawRollRow[], o: Partial<PreviewOptions> = {}) => previewRoll(r, { ...opts, ...o });

  it('R1: 18 on election day is enough; one day short is refused; age from the ID birth date', () => {
    const born = (d: string) => raw({ idNumber: makeIdNumber('330102', d, '031') });
    const p = run([born('20080315'), born('20080316'), born('20080229')], { electionDate: '2026-03-15' });
    expect(p.rows.map((r) => r.problems.map((x) => x.code))).toEqual([[], ['R1_UNDER_18'], []]);
    expect(p.rows[1]?.problems[0]).toMatchObject({ rule: 'R1', severity: 'error' });
    expect(p.rows[1]?.problems[0]?.message).toContain('17 周岁');
  });

  it('R1: born 29 February is 18 only on 1 March of a common year', () => {
    const r = [raw({ idNumber: makeIdNumber('330102', '20080229', '031') })];
    expect(run(r, { electionDate: '2026-02-28' }).rows[0]?.problems[0]?.code).toBe('R1_UNDER_18');
    expect(run(r, { electionDate: '2026-03-01' }).rows[0]?.problems).toEqual([]);
  });

  it('R3: duplicates within the file name each other, also when typed with lower-case x or full-width digits', () => {
    const id = '11010519491231002X';
    const p = run([raw({ sourceRow: 2, idNumber: id }), raw({ sourceRow: 3 }), raw({ sourceRow: 5, idNumber: id.toLowerCase() }), raw({ sourceRow: 9, idNumber: '１１０１０５１９４９１２３１００２Ｘ' })]);
    const dup = (i: number) => p.rows[i]?.problems.find((x) => x.code === 'R3_DUPLICATE_IN_FILE');
    expect(dup(0)).toMatchObject({ code: 'R3_DUPLICATE_IN_FILE', rule: 'R3', otherRows: [5, 9] });
    expect(dup(0)?.message).toContain('第 5、9 行');
    expect(p.rows[1]?.problems).toEqual([]);
    expect(dup(2)?.otherRows).toEqual([2, 9]);
    expect(p.summary.duplicateGroups).toEqual([{ idNumber: id, rows: [2, 5, 9], pickable: [2, 5, 9] }]);
    // nothing of the group is imported as it stands; each row carries what it would register if picked
    expect(p.rows.filter((r) => r.duplicate).map((r) => [r.normalised, r.duplicate?.candidate?.idNumber])).toEqual([
      [null, id],
      [null, id],
      [null, id],
    ]);
  });

  it('R3: a row of a duplicate group with an error of its own cannot be picked', () => {
    const id = '11010519491231002X';
    const p = run([raw({ sourceRow: 2, idNumber: id }), raw({ sourceRow: 3, idNumber: id, name: '' })]);
    expect(p.summary.duplicateGroups).toEqual([{ idNumber: id, rows: [2, 3], pickable: [2] }]);
    expect(p.rows[1]?.duplicate?.candidate).toBeNull();
  });

  it('R3: a person already on the roll is 已登记, not an error; a different name or a removal is said', () => {
    const p = run([raw({ idNumber: ALREADY_REGISTERED_ID, name: '卫已' })]);
    expect(p.rows[0]?.status).toBe('registered');
    expect(p.rows[0]?.problems.map((x) => [x.code, x.rule, x.severity])).toEqual([['R3_ALREADY_REGISTERED', 'R3', 'warning']]);
    expect(p.summary).toMatchObject({ registered: 1, withErrors: 0, importable: 0 });
    const other = run([raw({ idNumber: ALREADY_REGISTERED_ID, name: '魏一' })]);
    expect(other.rows[0]?.problems[0]?.message).toContain('名单上的姓名是“卫已”');
    const gone = run([raw({ idNumber: ALREADY_REGISTERED_ID })], {
      registered: new Map([[ALREADY_REGISTERED_ID, { voterId: 7, name: '卫已', removed: true, removalLabel: '迁出' }]]),
    });
    expect(gone.rows[0]?.status).toBe('registered');
    expect(gone.rows[0]?.problems[0]?.message).toContain('重新登记');
  });

  it('R2: built-in category words and loose wording; 从事村务工作 is nonresident_approved everywhere (2025), even where a profile lists it as an extra; unknown and missing', () => {
    const cats: [string, string][] = [
      ['户籍在本村且居住', 'resident'],
      ['户籍村民', 'resident'],
      ['户籍在本村', 'resident'],
      ['本村户籍，在本村居住', 'resident'],
      ['人户分离', 'registered_absent'],
      ['外出', 'registered_absent'],
      ['外出务工', 'registered_absent'],
      ['户籍在本村不居住', 'registered_absent'],
      ['户籍在本村，不在本村居住', 'registered_absent'],
      ['外来', 'nonresident_approved'],
      ['外来人员', 'nonresident_approved'],
      ['居住一年以上', 'nonresident_approved'],
      ['户籍不在本村', 'nonresident_approved'],
      [ZJ_EXTRA, 'nonresident_approved'],
      ['从事村务工作', 'nonresident_approved'],
      ['resident', 'resident'],
      ['户籍不在本村、居住一年以上、经同意参加', 'nonresident_approved'],
    ];
    const p = run(cats.map(([category], i) => raw({ sourceRow: i + 2, category, approvalRef: 'x', idNumber: makeIdNumber('330102', '19700101', 100 + i * 2 + 1) })));
    expect(p.rows.map((r) => r.normalised?.category)).toEqual(cats.map(([, code]) => code));
    for (const ps of [run([raw({ category: ZJ_EXTRA })], { categories: [] }), run([raw({ category: ZJ_EXTRA })])]) {
      expect(ps.rows[0]?.normalised?.category).toBe('nonresident_approved');
      expect(ps.rows[0]?.problems.map((x) => x.code)).toEqual(['R2_APPROVAL_REF_MISSING']);
    }
    expect(run([raw({ category: '常住人口' })]).rows[0]?.problems[0]).toMatchObject({ code: 'R2_CATEGORY_UNKNOWN', rule: 'R2', severity: 'error' });
    expect(run([raw({ category: ' ' })]).rows[0]?.problems[0]?.code).toBe('R2_CATEGORY_MISSING');
  });

  it('R2: a file without a category column registers everyone as resident, with no row problem', () => {
    const p = run([raw({ category: '' }), raw({ sourceRow: 3, category: '', idNumber: makeIdNumber('330102', '19700101', 121) })], { categoryColumn: false });
    expect(p.rows.map((r) => [r.normalised?.category, r.problems.length])).toEqual([
      ['resident', 0],
      ['resident', 0],
    ]);
    expect(run([raw({ category: '' })]).rows[0]?.problems[0]?.code).toBe('R2_CATEGORY_MISSING');
  });

  it('a name with no letter in it (a stale formula result 0, a number) is refused; an ID ending in 000 from a CSV or number-formatted cell is a warning', () => {
    expect(run([raw({ name: '0' })]).rows[0]?.problems.map((x) => x.code)).toEqual(['NAME_NOT_A_NAME']);
    // a valid ID number ending in 000
    let id = '';
    for (let d = 1; d < 29 && id === ''; d++) {
      for (let q = 100; q < 1000 && id === ''; q += 100) {
        const full = makeIdNumber('330102', `198701${String(d).padStart(2, '0')}`, q);
        if (full.endsWith('000')) id = full;
      }
    }
    expect(id).toMatch(/000$/);
    expect(run([raw({ idNumber: id, gender: '', idNumberish: true })]).rows[0]).toMatchObject({ status: 'warning', problems: [{ code: 'ID_ENDS_000', severity: 'warning' }] });
    expect(run([raw({ idNumber: id, gender: '' })]).rows[0]?.status).toBe('ok');
  });

  it('R2: nonresident_approved without an approval reference is a warning, still importable', () => {
    const p = run([raw({ category: '户籍不在本村' })]);
    expect(p.rows[0]?.problems[0]).toMatchObject({ code: 'R2_APPROVAL_REF_MISSING', severity: 'warning', rule: 'R2' });
    expect(p.rows[0]?.normalised?.approvalRef).toBeNull();
    expect(p.summary.importable).toBe(1);
  });

  it('every parseIdNumber refusal becomes a row error with its code', () => {
    const ids = ['', '123', '33010219700101123A', makeIdNumber('030102', '19700101', '031'), '330102197002311611', '330102197001010310', '330102700101171'];
    const p = run(ids.map((idNumber, i) => raw({ sourceRow: i + 2, idNumber })));
    expect(p.rows.map((r) => r.problems.map((x) => x.code)[0])).toEqual(['ID_MISSING', 'ID_LENGTH', 'ID_CHARS', 'ID_REGION', 'ID_BIRTHDATE', 'ID_CHECKSUM', 'ID_LEGACY_15']);
  });

  it('a checksum failure ending in 000 hints at Excel number damage', () => {
    const p = run([raw({ idNumber: '330102199001012000' })]);
    expect(p.rows[0]?.problems[0]?.code).toBe('ID_CHECKSUM');
    expect(p.rows[0]?.problems[0]?.message).toContain('000');
  });

  it('gender: the ID decides; a different or unreadable entry is a warning', () => {
    const p = run([raw({ gender: '女' }), raw({ sourceRow: 3, gender: '?', idNumber: makeIdNumber('330102', '19700101', '033') }), raw({ sourceRow: 4, gender: '', idNumber: makeIdNumber('330102', '19700101', '035') })]);
    expect(p.rows.map((r) => r.problems.map((x) => `${x.code}/${x.severity}`))).toEqual([['GENDER_MISMATCH/warning'], ['GENDER_UNREADABLE/warning'], []]);
    expect(p.rows[0]?.normalised?.gender).toBe('M');
  });

  it('normalises name, ID number and optional fields', () => {
    const p = run([raw({ name: '\u3000张 三 ', idNumber: " '11010519491231002x ", phone: ' 139 ', note: '  ' })]);
    expect(p.rows[0]?.normalised).toMatchObject({ name: '张三', idNumber: '11010519491231002X', gender: 'F', birthDate: '1949-12-31', phone: '139', note: null });
    expect(run([raw({ name: ' John  Smith ' })]).rows[0]?.normalised?.name).toBe('John Smith');
    expect(run([raw({ name: '\u3000 ' })]).rows[0]?.problems[0]?.code).toBe('NAME_MISSING');
  });

  it('100,000 rows in well under a few seconds', () => {
    const rows = Array.from({ length: 100_000 }, (_, i) => raw({ sourceRow: i + 2, idNumber: makeIdNumber('330102', '19700101', i % 1000) }));
    const p = run(rows);
    expect(p.summary.total).toBe(100_000);
    // one number in a thousand is the registered one: those rows are 已登记, the rest duplicates
    expect(p.summary.registered).toBe(100);
    expect(p.summary.byCode.R3_DUPLICATE_IN_FILE).toBe(99_900);
    expect(p.summary.duplicateGroups).toHaveLength(999);
  });
});
