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
