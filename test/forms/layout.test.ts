/**
 * Issue 14, layout: a signature block never stands alone on its page (the last rows of the table
 * above go with it), it is never split, and a long table repeats its header on every page.
 * Checked for every table length that could push the block over a page break.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FormWriter, signaturesHeight, type PageIdentity } from '../../electron/station/forms/layout.js';
import { pdfText } from './pdf.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'layout-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ID: PageIdentity = {
  formTitle: '测试表',
  electionTitle: '青山村村民委员会换届选举',
  village: '青山村',
  township: '清河镇',
  county: '',
  electionDate: '2026-06-20',
  electionId: 'e1',
  drill: false,
  keyFingerprint: '0000',
  resultSha256: '0'.repeat(64),
};
const ROLES = [
  { role: '总监票人', count: 1 },
  { role: '监票人', count: 3 },
  { role: '唱票人', count: 1 },
  { role: '计票人', count: 1 },
];

function pages(rows: number, keep: boolean): string[] {
  const w = new FormWriter(ID);
  w.title('测试表');
  w.table(
    [
      { label: '序号', width: 1 },
      { label: '姓名', width: 3 },
    ],
    Array.from({ length: rows }, (_, i) => [String(i + 1), `行${i + 1}号`]),
    keep ? { keepWithNext: signaturesHeight(ROLES) + 10 } : {},
  );
  w.gap(4);
  w.signatures(ROLES);
  const file = path.join(dir, `t-${rows}-${keep}.pdf`);
  writeFileSync(file, w.finish().buffer);
  return pdfText(file)
    .split('\f')
    .filter((p) => p.trim())
    .map((p) => p.replace(/\s+/g, ''));
}

describe('signature blocks and table headers', () => {
  it('the signature block never stands alone: for every table length, its page also holds the table’s last rows', () => {
    let brokeWithout = 0;
    for (let rows = 24; rows <= 36; rows++) {
      const ps = pages(rows, true);
      const sigPage = ps.findIndex((p) => p.includes('总监票人（签名）'));
      expect(ps.filter((p) => p.includes('签名')).length, `rows=${rows}: the block is split`).toBe(1);
      expect(ps[sigPage], `rows=${rows}`).toContain(`行${rows}号`);
      expect(ps[sigPage], `rows=${rows}`).toContain(`行${rows - 1}号`);
      const before = pages(rows, false);
      if (!before[before.findIndex((p) => p.includes('总监票人（签名）'))]?.includes(`行${rows}号`)) brokeWithout++;
    }
    // without keepWithNext some lengths do leave the block alone: the case is real
    expect(brokeWithout).toBeGreaterThan(0);
  });

  it('a table that runs over pages repeats its header on each page', () => {
    const ps = pages(120, true);
    expect(ps.length).toBeGreaterThanOrEqual(3);
    for (const p of ps) expect(p).toContain('序号姓名');
    expect(ps.filter((p) => p.includes('行1号')).length).toBeGreaterThanOrEqual(1);
  });
});
