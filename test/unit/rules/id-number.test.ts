import { describe, expect, it } from 'vitest';
import { ageOn, idCheckChar, makeIdNumber, parseIdNumber } from '../../../shared/rules/id-number.js';

function code(s: string): string | undefined {
  const r = parseIdNumber(s);
  return r.ok ? undefined : r.error.code;
}

describe('ID numbers (GB 11643)', () => {
  it('accepts the published sample 11010519491231002X and reads it', () => {
    const r = parseIdNumber('11010519491231002X');
    expect(r).toEqual({ ok: true, value: { id: '11010519491231002X', birthDate: '1949-12-31', gender: 'F', region: '110105' } });
  });

  it('normalises a lowercase x check character', () => {
    const r = parseIdNumber('11010519491231002x');
    expect(r.ok && r.value.id).toBe('11010519491231002X');
  });

  it('computes the check digit with weights 7,9,10,… and map 10X98765432', () => {
    // 17 digits 11010519491231002: weighted sum mod 11 = 2 → 'X'
    expect(idCheckChar('11010519491231002')).toBe('X');
    expect(makeIdNumber('440305', '19900101', '123')).toBe('44030519900101123' + idCheckChar('44030519900101123'));
  });

  it('generated numbers parse, odd sequence digit is male and even is female', () => {
    const m = parseIdNumber(makeIdNumber('330106', '19800229', '011'));
    const f = parseIdNumber(makeIdNumber('330106', '19800229', 12));
    expect(m.ok && m.value).toMatchObject({ birthDate: '1980-02-29', gender: 'M', region: '330106' });
    expect(f.ok && f.value.gender).toBe('F');
  });

  it('covers every possible check character, X included', () => {
    const seen = new Set<string>();
    for (let seq = 0; seq < 200 && seen.size < 11; seq++) {
      const id = makeIdNumber('510104', '20000101', seq);
      seen.add(id.charAt(17));
      expect(parseIdNumber(id).ok).toBe(true);
    }
    expect(seen.size).toBe(11);
  });

  it('rejects each kind of bad number with its own code', () => {
    const good = makeIdNumber('330106', '19750615', '031');
    expect(code('12345')).toBe('ID_LENGTH');
    expect(code(good + '1')).toBe('ID_LENGTH');
    expect(code('330106750615031')).toBe('ID_LEGACY_15');
    expect(code('3301061975061503A')).toBe('ID_LENGTH');
    expect(code('33010619750615031A')).toBe('ID_CHARS');
    expect(code('3301061975O615031' + '1')).toBe('ID_CHARS');
    expect(code(makeIdNumber('030106', '19750615', '031'))).toBe('ID_REGION');
    expect(code(makeIdNumber('930106', '19750615', '031'))).toBe('ID_REGION');
    expect(code('000000' + '19750615031' + '1')).toBe('ID_REGION');
    expect(code('330106' + '19750230' + '031' + '0')).toBe('ID_BIRTHDATE');
    expect(code('330106' + '19751301' + '031' + '0')).toBe('ID_BIRTHDATE');
    expect(code('330106' + '19010229' + '031' + '0')).toBe('ID_BIRTHDATE');
    const wrong = good.slice(0, 17) + (good.endsWith('1') ? '2' : '1');
    expect(code(wrong)).toBe('ID_CHECKSUM');
  });

  it('says in Chinese that 15-digit numbers must be replaced by the 18-digit number', () => {
    const r = parseIdNumber('330106750615031');
    expect(!r.ok && r.error.message).toMatch(/18 位/);
  });
});

describe('R1 age on election day via the ID number', () => {
  it('counts full years', () => {
    expect(ageOn('2008-05-20', '2026-05-19')).toBe(17);
    expect(ageOn('2008-05-20', '2026-05-20')).toBe(18);
    expect(ageOn('1950-12-31', '2026-01-01')).toBe(75);
  });

  it('a 29 February birthday is reached on 1 March in common years', () => {
    expect(ageOn('2008-02-29', '2026-02-28')).toBe(17);
    expect(ageOn('2008-02-29', '2026-03-01')).toBe(18);
    expect(ageOn('2008-02-29', '2028-02-29')).toBe(20);
  });

  it('derives eligibility (18+) from the ID number itself', () => {
    const r = parseIdNumber(makeIdNumber('330106', '20080301', '021'));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(ageOn(r.value.birthDate, '2026-02-28') >= 18).toBe(false);
    expect(ageOn(r.value.birthDate, '2026-03-01') >= 18).toBe(true);
  });
});
