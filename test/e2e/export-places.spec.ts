/**
 * Issue 10 — the export target is picked, never typed: the browser host lists the removable drives
 * (here a folder under STATION_REMOVABLE_ROOT simulates the USB drive) and the folders under its data
 * root; the page offers only those, and the host refuses any other target, even one a page could
 * otherwise name.
 */
import { expect as baseExpect, test } from '@playwright/test';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { apiCall, shot, startTestHost, type TestHost } from './host.js';
import { countingDay } from './day-fixture.js';

const expect = baseExpect.configure({ timeout: 15_000 });

let host: TestHost;
let media: string;
let usb: string;
test.beforeAll(async () => {
  media = mkdtempSync(path.join(os.tmpdir(), 'station-media-'));
  usb = path.join(media, '村委会U盘');
  mkdirSync(usb);
  process.env.STATION_REMOVABLE_ROOT = media;
  host = await startTestHost();
});
test.afterAll(async () => {
  await host.dispose();
  delete process.env.STATION_REMOVABLE_ROOT;
  rmSync(media, { recursive: true, force: true });
});

test('the export goes to a listed USB drive or data-root folder, picked from the list; anything else is refused', async ({ page }) => {
  const day = await countingDay(host, 10);
  for (let i = 0; i < 10; i++) await day.call('count.recordBallot', { marks: day.marks(day.chair[0]) });
  await day.call('round.confirm', {});

  await page.goto(host.url);
  await page.getByRole('navigation').getByRole('link', { name: '打印与导出' }).click();
  const places = page.getByTestId('export-places');
  await expect(places).toContainText('U 盘：村委会U盘');
  await expect(places).toContainText('本机数据目录中的“导出包”文件夹');
  // the station's own folders are not offered, and there is nowhere to type a path
  await expect(places).not.toContainText('elections');
  const section = page.locator('section', { has: places });
  await expect(section.locator('input[type="text"], input:not([type])')).toHaveCount(0);
  await shot(page, 'export-01-places');

  // the USB drive, picked from the list
  await places.getByText('U 盘：村委会U盘').click();
  await page.getByTestId('export-write').click();
  await expect(page.getByTestId('export-done')).toContainText('已导出');
  const pkg = (await page.getByTestId('export-path').textContent()) ?? '';
  expect(path.dirname(pkg)).toBe(usb);
  expect(existsSync(path.join(pkg, 'manifest.json'))).toBe(true);
  await shot(page, 'export-02-done');

  // the data root's 导出包 folder works the same way
  await places.getByText('本机数据目录中的“导出包”文件夹').click();
  await page.getByTestId('export-write').click();
  await expect(page.getByTestId('export-path')).toContainText(path.join(host.dataDir, '导出包'));

  // a folder not in the list is refused by the host, though the test host may name the temp folder
  const elsewhere = mkdtempSync(path.join(os.tmpdir(), 'station-not-offered-'));
  try {
    const r = await apiCall(host, 'export.write', { target: elsewhere });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('FOLDER_NOT_ALLOWED');
      expect(r.error.message).toContain('只能导出到列出的 U 盘或文件夹');
    }
    expect(readdirSync(elsewhere)).toEqual([]);
    // nor a folder inside the drive, nor the station's own elections folder
    for (const target of [path.join(usb, '子文件夹'), path.join(host.dataDir, 'elections')]) {
      const x = await apiCall(host, 'export.write', { target });
      expect(x.ok, target).toBe(false);
    }
  } finally {
    rmSync(elsewhere, { recursive: true, force: true });
  }
});
