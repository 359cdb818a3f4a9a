/**
 * Issue 15 through the screens: a clerk's roll with no 类别 column in a workbook whose first sheet is
 * last year's roll, hidden — the preview names the sheet it read, lists the hidden one and says once
 * that everyone is registered as resident (R2); then a file whose headers the station does not know
 * (名字, 证件号码, 住址): the clerk maps each field to a column, the preview reads it, and it imports.
 */
import { expect as baseExpect, test } from '@playwright/test';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { CLERK, OLD_ROLL, VILLAGERS } from '../../scripts/roll-truth.js';
import { shot, startTestHost, type TestHost } from './host.js';

const expect = baseExpect.configure({ timeout: 15_000 });
const FIX = path.resolve('test/fixtures/roll');

let host: TestHost;
let dir: string;
test.beforeAll(async () => {
  host = await startTestHost();
  dir = mkdtempSync(path.join(os.tmpdir(), 'e2e-roll-import-'));
});
test.afterAll(async () => {
  await host.dispose();
  rmSync(dir, { recursive: true, force: true });
});

test('a clerk’s roll without 类别 in a workbook with a hidden old sheet, then a file mapped by hand (R2)', async ({ page }) => {
  test.setTimeout(180_000);
  await page.goto(host.url);
  await page.getByTestId('create-village').fill('青山村');
  await page.getByTestId('create-township').fill('清河镇');
  await page.getByTestId('create-date').fill(new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10));
  await page.getByTestId('create-submit').click();
  await expect(page.getByTestId('current-title')).toContainText('青山村');
  await page.getByRole('navigation').getByRole('link', { name: '选民登记' }).click();

  // 1. the hidden first sheet is last year's roll: skipped and named; the visible one is read
  await page.getByTestId('roll-file').setInputFiles(path.join(FIX, 'hidden-old-sheet.xlsx'));
  await expect(page.getByTestId('preview-summary')).toContainText(`共 ${CLERK.length} 行：${CLERK.length} 行可以导入`);
  await expect(page.getByTestId('preview-source')).toContainText('读取的是工作表“2024年选民名单”');
  await expect(page.getByTestId('hidden-sheets')).toContainText('“2021年选民名单”（5 行）');
  await expect(page.getByTestId('note-R2_NO_CATEGORY_COLUMN')).toContainText('全部登记为“户籍在本村且居住”');
  const table = page.getByTestId('preview-table');
  for (const p of CLERK) await expect(table).toContainText(p.name);
  for (const p of OLD_ROLL) await expect(table).not.toContainText(p.name);
  await shot(page, 'r01-hidden-old-sheet-preview');
  await page.getByTestId('import-confirm').click();
  await expect(page.getByText(`已导入 ${CLERK.length} 人`)).toBeVisible();

  // 2. headers it does not know: map them
  const people = VILLAGERS.filter((p) => p.key !== 'v09');
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('花名册');
  ws.addRow(['编号', '名字', '证件号码', '住址', '备考']);
  ws.getColumn(3).numFmt = '@';
  people.forEach((p, i) => ws.addRow([i + 1, p.name, p.id, p.group, p.note]));
  const file = path.join(dir, '三组花名册.xlsx');
  writeFileSync(file, Buffer.from(await wb.xlsx.writeBuffer()));
  await page.getByTestId('roll-file').setInputFiles(file);
  const form = page.getByTestId('mapping-form');
  await expect(form).toBeVisible();
  // the ID numbers were recognised by their content; the rest is the clerk's choice
  await expect(page.getByTestId('map-idNumber')).toHaveValue('2');
  await page.getByTestId('map-name').selectOption('1');
  await page.getByTestId('map-group').selectOption('3');
  await page.getByTestId('map-note').selectOption('4');
  await shot(page, 'r02-mapping-form');
  await page.getByTestId('mapping-apply').click();
  await expect(page.getByTestId('preview-summary')).toContainText(`共 ${people.length} 行`);
  await expect(page.getByTestId('note-R2_NO_CATEGORY_COLUMN')).toBeVisible();
  await expect(table).toContainText('第三组');
  await shot(page, 'r03-mapped-preview');
  await page.getByTestId('import-confirm').click();
  await expect(page.getByText(`已导入 ${people.length} 人`)).toBeVisible();
  await expect(page.getByTestId('roll-counts')).toContainText(String(CLERK.length + people.length));
  await shot(page, 'r04-roll-after-imports');
});
