/**
 * Issue 5 through the screens: open the demo, confirm its round, generate and preview a form (saved
 * as a PDF, served to this page only with the token), export to a folder (a temp folder stands in
 * for the USB drive; a missing folder is refused with a plain message and no "已导出"), then on the
 * township page (issue 13) find and import two villages' packages (the second made with the CLI) with
 * a tampered copy and a forged one: all 待核对 until the clerk scans each village's paper result
 * report (the QR decoded from the exported PDF, typed into the field as a USB scanner does), then
 * 已核对 with 纸质已核对, the forgery refused in red with both fingerprints, the totals and charts,
 * and the table downloaded as xlsx (read back with exceljs) and csv.
 */
import { expect, test, type Page } from '@playwright/test';
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import ExcelJS from 'exceljs';
import { apiCall, shot, startTestHost, type TestHost } from './host.js';
import { footerQr } from '../forms/pdf.js';
import { copyPackage, editJson, forgeCleanup, manifestOf, resign } from '../export/forge.js';

const run = promisify(execFile);
const ROOT = path.resolve('.');
let host: TestHost;
let usbRoot: string;
let usb: string;
let other: string;

test.beforeAll(async () => {
  // the USB drive is a folder under a simulated mount root: the host lists it as a removable drive
  usbRoot = mkdtempSync(path.join(os.tmpdir(), 'station-media-'));
  usb = path.join(usbRoot, '乡镇U盘');
  mkdirSync(usb);
  process.env.STATION_REMOVABLE_ROOT = usbRoot;
  host = await startTestHost();
  other = mkdtempSync(path.join(os.tmpdir(), 'station-village2-'));
});
test.afterAll(async () => {
  await host.dispose();
  delete process.env.STATION_REMOVABLE_ROOT;
  rmSync(usbRoot, { recursive: true, force: true });
  rmSync(other, { recursive: true, force: true });
  forgeCleanup();
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

  // export: the drive is picked from the list; pulled out before writing, it is refused in plain
  // words and "已导出" is not shown
  await page.getByTestId('export-places').getByText('乡镇U盘', { exact: false }).click();
  renameSync(usb, `${usb}-拔出`);
  await page.getByTestId('export-write').click();
  await expect(page.locator('.error')).toContainText('没有导出');
  await expect(page.locator('.error')).toContainText('U 盘可能已经拔出');
  await expect(page.getByTestId('export-done')).toHaveCount(0);
  await shot(page, 'f02-export-refused');
  // plugged in again: 已导出 only after the station read it back
  renameSync(`${usb}-拔出`, usb);
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

  // a forger's copy of the second package: changed and re-signed with a key of their own
  const forged = copyPackage(pkg2, '伪造的包');
  resign(forged, {
    files: {
      'result.json': editJson<{ turnout: { participants: number } }>(forged, 'result.json', (r) => {
        r.turnout.participants += 50;
      }),
    },
  });

  // township page: no election is needed; the demo packages are drill packages, so a drill summary (training)
  await page.getByRole('link', { name: '乡镇汇总' }).click();
  await page.getByTestId('clerk-name').fill('乡镇核对员');
  await page.getByTestId('find-folder').fill(usb);
  await page.getByTestId('find-packages').click();
  await expect(page.getByText('找到 2 个导出包')).toBeVisible();
  const paths = page.getByTestId('package-paths');
  await paths.fill(`${await paths.inputValue()}\n${tampered}\n${forged}`);
  // a real summary refuses drill packages
  await page.getByTestId('township-import').click();
  const states = page.getByTestId('package-states').locator('li');
  await expect(states).toHaveCount(4);
  await expect(page.getByTestId('package-states')).toContainText('演练数据');
  await page.getByTestId('mode-drill').check();
  await page.getByTestId('township-import').click();
  // no key registered yet: both villages 待核对, the tampered copy 拒收
  await expect(states.filter({ hasText: '待核对' })).toHaveCount(3);
  await expect(states.filter({ hasText: '拒收：被改动' })).toHaveCount(1);
  await expect(page.getByTestId('export-xlsx')).toBeDisabled();
  await shot(page, 'f04-township-pending');

  // the clerk scans the paper result report of each village: the scanner types the QR text and Enter
  const scan = footerQr(path.join(pkg1, 'forms', '选举结果报告单.pdf'), 1) ?? '';
  expect(scan).toMatch(/^VES1-/);
  const field = page.getByTestId('key-scan');
  await field.click();
  await page.keyboard.type(scan);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('key-message')).toContainText('已登记：演示镇演示村村委会的计票站密钥');
  await expect(page.getByTestId('register-table')).toContainText('演示村');
  await expect(page.getByTestId('register-table')).toContainText('扫描报告单二维码');
  const demoState = states.filter({ hasText: '演示镇演示村' });
  await expect(demoState).toContainText('已核对');
  await expect(demoState).toContainText('纸质已核对');
  const scan2 = footerQr(path.join(pkg2, 'forms', '选举结果报告单.pdf'), 1) ?? '';
  await field.click();
  await page.keyboard.type(scan2);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('key-message')).toContainText('绿水村');
  await expect(states.filter({ hasText: '已核对' }).filter({ hasText: '纸质已核对' })).toHaveCount(2);
  // the forger's copy: refused in red with both fingerprints
  const mismatch = page.locator('[data-code="KEY_MISMATCH"]');
  await expect(mismatch).toHaveCount(1);
  await expect(mismatch.getByTestId('fp-compare')).toContainText(manifestOf(pkg2).keyFingerprint);
  await expect(mismatch.getByTestId('fp-compare')).toContainText(manifestOf(forged).keyFingerprint);

  const table = page.getByTestId('township-table-villagers_committee');
  await expect(table).toContainText('演示村');
  await expect(table).toContainText('绿水村');
  const expected = await apiCall<{ totals: { registered: number; participants: number; electedCount: number }[] }>(host, 'township.import', { paths: [pkg1, pkg2], drill: true });
  if (!expected.ok) throw new Error(expected.error.message);
  const total = page.getByTestId('total-villagers_committee');
  await expect(total).toContainText(String(expected.value.totals[0]?.registered));
  await expect(total).toContainText(String(expected.value.totals[0]?.participants));
  expect(expected.value.totals[0]?.registered).toBe(600);
  await expect(page.getByTestId('chart-turnout-villagers_committee')).toContainText('绿水村');
  await expect(page.getByTestId('chart-structure-villagers_committee')).toContainText(`当选 ${expected.value.totals[0]?.electedCount} 人`);
  await expect(page.getByTestId('chart-types-villagers_committee')).toContainText('按职数全额选出主任（书记）、委员');
  await shot(page, 'f05-township-verified');

  // the table as xlsx (read back with exceljs) and csv
  const [xlsx] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-xlsx').click()]);
  expect(xlsx.suggestedFilename()).toMatch(/^演示镇演练汇总-.*\.xlsx$/);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(readFileSync((await xlsx.path()) ?? '') as unknown as ArrayBuffer);
  const sheet = wb.getWorksheet('演练汇总');
  const header = (sheet?.getRow(1).values as unknown[]).slice(1);
  const col = (h: string): number => header.indexOf(h) + 1;
  expect(sheet?.rowCount).toBe(1 + 2 + 1);
  const villages = [2, 3].map((r) => String(sheet?.getRow(r).getCell(col('村')).value));
  expect(villages.sort()).toEqual(['演示村', '绿水村'].sort());
  for (const r of [2, 3]) {
    const row = sheet?.getRow(r);
    expect(row?.getCell(col('乡镇')).value).toBe('演示镇');
    expect(row?.getCell(col('纸质核对')).value).toBe('已核对');
    expect(String(row?.getCell(col('密钥指纹')).value)).toMatch(/^([0-9a-f]{4} ){7}[0-9a-f]{4}$/);
    expect(String(row?.getCell(col('result.json SHA-256')).value)).toMatch(/^[0-9a-f]{64}$/);
    expect(typeof row?.getCell(col('参选率(%)')).value).toBe('number');
  }
  expect(sheet?.getRow(4).getCell(col('登记选民（应到会）')).value).toBe(600);
  const pk = wb.getWorksheet('导出包核对');
  expect(pk?.rowCount).toBe(1 + 4);
  const [csv] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
  expect(csv.suggestedFilename()).toMatch(/\.csv$/);
  const csvText = readFileSync((await csv.path()) ?? '', 'utf8');
  expect(csvText).toContain('绿水村');
  expect(csvText).toContain('演示村');
});
