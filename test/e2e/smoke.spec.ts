import { expect, test } from '@playwright/test';
import { shot, startTestHost, type TestHost } from './host.js';

let host: TestHost;
test.beforeAll(async () => {
  host = await startTestHost();
});
test.afterAll(async () => {
  await host.dispose();
});

test('the browser host page shows the Chinese title', async ({ page }) => {
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  await page.goto(host.url);
  await expect(page).toHaveTitle('村级选举计票站');
  await expect(page.getByRole('heading', { level: 1, name: '村级选举计票站' })).toBeVisible();
  await expect(page.getByRole('heading', { name: '新建选举' })).toBeVisible();
  await shot(page, '00-start-empty');
  expect(errors).toEqual([]);
});

test('every page of a new election opens, in Chinese, with the 演练 banner', async ({ page }) => {
  await page.goto(host.url);
  await page.getByTestId('create-village').fill('青山村');
  await page.getByTestId('create-township').fill('清河镇');
  await page.getByTestId('create-submit').click();
  await expect(page.getByTestId('current-title')).toContainText('青山村');
  await expect(page.getByTestId('health')).toContainText('检查通过');
  await shot(page, '01-start-opened');
  for (const [label, name] of [
    ['设置', '02-setup'],
    ['选民登记', '03-roll'],
    ['委托投票', '04-proxy'],
    ['发放选票', '05-issue'],
    ['计票', '06-count'],
    ['结果', '07-results'],
  ] as const) {
    await page.getByRole('link', { name: label, exact: true }).click();
    await expect(page.getByTestId('drill-banner')).toBeVisible();
    await page.waitForTimeout(300);
    await shot(page, name);
  }
  // 大屏 opens the hall display in its own window (the browser host; Electron opens it on the projector)
  const [hall] = await Promise.all([page.context().waitForEvent('page'), page.getByRole('link', { name: '大屏' }).click()]);
  await expect(hall.getByTestId('hall')).toBeVisible();
  await expect(hall.getByTestId('drill-banner')).toBeVisible();
  await hall.waitForTimeout(700);
  await shot(hall, '08-hall');
});
