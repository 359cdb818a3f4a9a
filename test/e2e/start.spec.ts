/**
 * The start page: create an election, open the demo (a real counted election), the recent list,
 * reopen an earlier election, and restore one from a backup (chair's PIN; the old file is kept).
 */
import { expect, test, type Page } from '@playwright/test';
import { apiCall, shot, startTestHost, type TestHost } from './host.js';

let host: TestHost;
test.beforeAll(async () => {
  host = await startTestHost();
});
test.afterAll(async () => {
  await host.dispose();
});

async function chairPin(page: Page): Promise<void> {
  const box = page.getByRole('textbox', { name: '主任密码' });
  await box.fill('8642');
  await box.press('Enter');
  await expect(box).toHaveCount(0);
}

test('create, demo, recent list, reopen, restore from a backup', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto(host.url);
  await expect(page.getByText('本机还没有保存任何选举。')).toBeVisible();
  await page.getByTestId('create-village').fill('白云村');
  await page.getByTestId('create-township').fill('清河镇');
  await page.getByTestId('create-date').fill('2026-06-20');
  await page.getByTestId('create-submit').click();
  await expect(page.getByTestId('current-title')).toContainText('白云村');

  await page.getByTestId('open-demo').click();
  await expect(page.getByTestId('current-title')).toContainText('演示村', { timeout: 60_000 });
  await expect(page.getByTestId('health')).toBeVisible();
  const demo = await apiCall<{ elections: { id: string; title: string; phase: string }[] }>(host, 'workspace.list', {});
  if (!demo.ok) throw new Error(demo.error.message);
  expect(demo.value.elections.map((e) => e.title).join('|')).toMatch(/演示村.*\|.*白云村|白云村.*\|.*演示村/);
  expect(demo.value.elections.find((e) => e.title.includes('演示村'))?.phase).toBe('counting');
  const recent = page.getByTestId('recent');
  await expect(recent.locator('li')).toHaveCount(2);
  // confirming the demo's round is a phase change: the station makes a backup; then the chair sets a PIN
  expect((await apiCall(host, 'round.confirm', {})).ok).toBe(true);
  expect((await apiCall(host, 'auth.setPin', { role: 'chair', pin: '8642' })).ok).toBe(true);
  await shot(page, 's01-start-recent');

  // reopen the first election from the list
  await recent.getByRole('button', { name: /白云村/ }).click();
  await expect(page.getByTestId('current-title')).toContainText('白云村');

  // restore the demo from its backup; the demo's chair PIN is asked
  const demoId = demo.value.elections.find((e) => e.title.includes('演示村'))?.id ?? '';
  await page.getByTestId('restore-election').selectOption(demoId);
  const options = page.getByTestId('restore-backup').locator('option');
  await expect.poll(() => options.count()).toBeGreaterThan(1);
  await page.getByTestId('restore-backup').selectOption({ index: 1 });
  await page.getByTestId('restore-submit').click();
  await chairPin(page);
  await expect(page.getByText('已恢复')).toBeVisible();
  await expect(page.getByTestId('current-title')).toContainText('演示村');
  await shot(page, 's02-start-restored');
});
