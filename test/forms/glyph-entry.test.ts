/**
 * Issue 5: when a name is entered (one by one, or in a roll file's preview) the station warns about
 * any character the forms' font lacks, so it is never printed as an empty box unnoticed.
 * 𱁬 (U+3106C, CJK Extension G) is not in Source Han Sans SC; 䶮 and 𠮷 are.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, election, idFor, ok } from '../station/registration/helpers.js';
import { fileInput } from '../station/import/file-input.js';

const tmp: string[] = [];
afterEach(() => {
  cleanup();
  for (const d of tmp.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('missing glyphs on name entry', () => {
  it('roll.add warns GLYPH_MISSING naming the character, and not for rare characters the font has', () => {
    const { s } = election();
    const bad = ok(s, 'roll.add', { name: '王𱁬', idNumber: idFor(), group: '第一组', category: 'resident' });
    const w = bad.warnings.find((x) => x.code === 'GLYPH_MISSING');
    expect(w?.message).toContain('𱁬');
    expect(w?.message).toContain('空白方框');
    const good = ok(s, 'roll.add', { name: '李䶮', idNumber: idFor(), group: '第一组', category: 'resident' });
    expect(good.warnings.map((x) => x.code)).not.toContain('GLYPH_MISSING');
  });

  it('roll.importPreview marks the row as a warning (still importable) and counts it in the summary', () => {
    const { s } = election();
    const dir = mkdtempSync(path.join(os.tmpdir(), 'glyph-'));
    tmp.push(dir);
    const file = path.join(dir, 'roll.csv');
    const rows = [
      ['姓名', '性别', '身份证号', '村民小组', '类别'],
      ['张三', '男', idFor('19700101'), '第一组', '户籍在本村且居住'],
      ['王𱁬', '男', idFor('19710101'), '第一组', '户籍在本村且居住'],
      ['𠮷祥', '男', idFor('19720101'), '第二组', '户籍在本村且居住'],
    ];
    writeFileSync(file, rows.map((r) => r.join(',')).join('\r\n'), 'utf8');
    const p = ok(s, 'roll.importPreview', fileInput(file));
    const row = p.rows.find((r) => r.name === '王𱁬');
    expect(row?.status).toBe('warning');
    expect(row?.problems.map((x) => x.code)).toContain('GLYPH_MISSING');
    expect(p.rows.find((r) => r.name === '𠮷祥')?.problems.map((x) => x.code) ?? []).not.toContain('GLYPH_MISSING');
    expect(p.summary.byCode.GLYPH_MISSING).toBe(1);
    expect(p.summary.importable).toBe(3);
    const c = ok(s, 'roll.importConfirm', { previewId: p.previewId });
    expect(c.imported).toBe(3);
  });
});
