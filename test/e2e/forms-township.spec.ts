/**
 * Issue 5 through the screens: open the demo, confirm its round, generate and preview a form (saved
 * as a PDF, served to this page only with the token), export to a folder (a temp folder stands in
 * for the USB drive; a missing folder is refused with a plain message and no "已导出"), then on the
 * township page find and import two villages' packages (the second made with the CLI), see the
 * totals, a tampered package refused, and the table downloaded as xlsx and csv.
 */
import { expect, test, type Page } from '@playwright/test';
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { apiCall, shot, startTestHost, type TestHost } from './host.js';

const run = promisify(execFile);
const ROOT = path.resolve('.');
let host: TestHost;
let usb: string;
let other: string;

test.beforeAll(async () => {
  host = await startTestHost();
  usb = mkdtempSync(path.join(os.tmpdir(), 'station-usb-'));
  other = mkdtempSync(path.join(os.tmpdir(), 'station-village2-'));
});
test.afterAll(async () => {
  await host.dispose();
  rmSync(usb, { recursive: true, force: true });
  rmSync(other, { recursive: true, force: true });
});

async function chairPin(page: Page): Promise<void> {
  const box = page.getByRole('textbox', { name: '主任密码' });
  await box.fill('1357');
  await box.press('Enter');
  await expect(box).toHaveCount(0);
}

function get(pathname: string, headers: Record<string, string>): Promise<{ status: number; type: string; body: Buffer }> {
  const u = new URL(host.url);
  return new Promise((resolve, reject) => {
    http
      .get({ hostname: u.hostname, port: u.port, path: pathname, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type'] ?? ''), body: Buffer.concat(chunks) }));
      })
      .on('error', reject);
  });
}

test('demo → confirm → form preview → export → township totals', async ({ page }) => {
  test.setTimeout(240_000);
  await page.goto(host.url);
  await page.getByTestId('open-demo').click();
  await expect(page.getByTestId('current-title')).toContainText('演示村', { timeout: 60_000 });
  expect((await apiCall(host, 'auth.setPin', { role: 'chair', pin: '1357' })).ok).toBe(true);

  // confirm the counted round on the results page (chair's PIN)
  await page.getByRole('link', { name: '结果', exact: true }).click();
  await page.getByTestId('round-confirm').click();
  await chairPin(page);
  await expect(page.getByTestId('round-confirmed')).toBeVisible();

  // forms: generate the result report; it is saved as a PDF and previewed
  await page.getByRole('link', { name: '打印与导出' }).click();
  await expect(page.getByTestId('forms')).toContainText('选举结果报告单');
  await page.getByTestId('render-result_report').click();
  const preview = page.getByTestId('form-preview');
  await expect(preview).toContainText('已保存为 PDF');
  // Chrome shows the PDF in a frame; headless Chromium has no PDF viewer and gets a download link
  await expect(page.getByTestId('pdf-frame').or(page.getByTestId('no-pdf-viewer'))).toBeVisible();
  await expect(page.getByTestId('open-pdf')).toHaveAttribute('href', /^blob:/);
  const saved = page.getByTestId('saved-forms');
  await expect(saved).toContainText('.pdf');
  const fileName = (await saved.locator('tbody tr td').first().textContent()) ?? '';
  // the PDF is on disk in the election's forms folder, and the host serves it only with the token
  const election = readdirSync(path.join(host.dataDir, 'elections')).find((n) => !n.startsWith('.')) ?? '';
  const onDisk = path.join(host.dataDir, 'elections', election, 'forms', fileName);
  expect(existsSync(onDisk)).toBe(true);
  const withToken = await get(`/forms/${encodeURIComponent(fileName)}`, { 'x-station-token': host.token });
  expect(withToken.status).toBe(200);
  expect(withToken.type).toBe('application/pdf');
  expect(withToken.body.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  expect(withToken.body.equals(readFileSync(onDisk))).toBe(true);
  expect((await get(`/forms/${encodeURIComponent(fileName)}`, {})).status).toBe(403);
  await shot(page, 'f01-form-preview');
  // headless Chromium has no PDF viewer: the first page as an image beside the screenshots, to look at
  await run('pdftoppm', ['-png', '-r', '70', '-f', '1', '-l', '1', '-singlefile', onDisk, path.join(ROOT, 'test/e2e/screenshots/f01b-form-page1')]).catch(() => undefined);

  // export: a folder that does not exist is refused in plain words, and "已导出" is not shown
  const missing = path.join(usb, '没有插好的U盘');
  const other1 = page.getByTestId('target-other');
  if (await other1.count()) await other1.check();
  await page.getByTestId('export-folder').fill(missing);
  await page.getByTestId('export-write').click();
  await chairPin(page);
  await expect(page.locator('.error')).toContainText('没有导出');
  await expect(page.getByTestId('export-done')).toHaveCount(0);
  await shot(page, 'f02-export-refused');
  // to the "USB drive" (a temp folder): 已导出 only after the station read it back
  await page.getByTestId('export-folder').fill(usb);
  await page.getByTestId('export-write').click();
  await chairPin(page);
  await expect(page.getByTestId('export-done')).toContainText('已导出');
  const pkg1 = (await page.getByTestId('export-path').textContent()) ?? '';
  expect(existsSync(path.join(pkg1, 'manifest.json'))).toBe(true);
  await shot(page, 'f03-exported');

  // a second village's package, made with the CLI (demo + export), on the same drive
  const tsx = path.join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');
  await run(process.execPath, [tsx, 'electron/cli.ts', 'demo', '--data', path.join(other, 'v2'), '--village', '绿水村'], { cwd: ROOT });
  await run(process.execPath, [tsx, 'electron/cli.ts', 'export', '--data', path.join(other, 'v2'), '--to', usb], { cwd: ROOT });
  // and a tampered copy of it elsewhere
  const pkg2 = readdirSync(usb)
    .map((n) => path.join(usb, n))
    .find((p) => p !== pkg1) as string;
  const tampered = path.join(other, '改过的包');
  cpSync(pkg2, tampered, { recursive: true });
  const resultFile = path.join(tampered, 'result.json');
  writeFileSync(resultFile, readFileSync(resultFile, 'utf8').replace('"participants":', '"participants": 1, "x":'));

  // township page: find the packages on the drive; a real summary refuses the demo (drill) packages
  await page.getByRole('link', { name: '乡镇汇总' }).click();
  await page.getByTestId('find-folder').fill(usb);
  await page.getByTestId('find-packages').click();
  await expect(page.getByText('找到 2 个导出包')).toBeVisible();
  await page.getByTestId('township-import').click();
  await expect(page.getByTestId('refused').locator('li')).toHaveCount(2);
  await expect(page.getByTestId('refused')).toContainText('演练数据');

  // the drill summary (training) takes both; the tampered copy is refused with the reason
  const paths = page.getByTestId('package-paths');
  await paths.fill(`${await paths.inputValue()}\n${tampered}`);
  await page.getByTestId('mode-drill').check();
  await page.getByTestId('township-import').click();
  await expect(page.getByTestId('refused').locator('li')).toHaveCount(1);
  await expect(page.getByTestId('refused')).toContainText('被改动');
  const table = page.getByTestId('township-table');
  await expect(table).toContainText('演示村');
  await expect(table).toContainText('绿水村');
  const expected = await apiCall<{ total: { registered: number; participants: number; elected: number } }>(host, 'township.import', { paths: [pkg1, pkg2], drill: true });
  if (!expected.ok) throw new Error(expected.error.message);
  const totalRow = page.getByTestId('township-total-row');
  await expect(totalRow).toContainText(String(expected.value.total.registered));
  await expect(totalRow).toContainText(String(expected.value.total.participants));
  expect(expected.value.total.registered).toBe(600);
  await expect(page.getByTestId('chart-turnout')).toContainText('绿水村');
  await expect(page.getByTestId('chart-structure')).toContainText(`当选 ${expected.value.total.elected} 人`);
  await shot(page, 'f04-township');

  // the table as xlsx and csv
  const [xlsx] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-xlsx').click()]);
  expect(xlsx.suggestedFilename()).toMatch(/\.xlsx$/);
  const xlsxBytes = readFileSync((await xlsx.path()) ?? '');
  expect(xlsxBytes.subarray(0, 2).toString('latin1')).toBe('PK');
  const [csv] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
  expect(csv.suggestedFilename()).toMatch(/\.csv$/);
  const csvText = readFileSync((await csv.path()) ?? '', 'utf8');
  expect(csvText).toContain('绿水村');
  expect(csvText).toContain('演示村');
});
