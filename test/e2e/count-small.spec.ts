/**
 * Issue 10 — small things on 计票 and 结果 that each cost a committee minutes, on a 1366×768 laptop:
 * the classification and "第 N 张已记录" stay in view while typing the last position; the heading
 * names the number the ballot is stored under; a warning no longer true goes away; 打开大屏 opens
 * its own window; a confirmed round says it is locked; every candidate has a result label; 空白 once.
 */
import { expect as baseExpect, test, type Page } from '@playwright/test';
import { shot, startTestHost, type TestHost } from './host.js';
import { countingDay } from './day-fixture.js';

const expect = baseExpect.configure({ timeout: 15_000 });

let host: TestHost;
test.beforeAll(async () => {
  host = await startTestHost();
});
test.afterAll(async () => {
  await host.dispose();
});

const VIEW = { width: 1366, height: 768 };

async function inView(page: Page, testId: string): Promise<void> {
  const box = await page.getByTestId(testId).boundingBox();
  expect(box, testId).not.toBeNull();
  if (!box) return;
  expect(box.y, `${testId} top`).toBeGreaterThanOrEqual(0);
  expect(box.y + box.height, `${testId} bottom`).toBeLessThanOrEqual(VIEW.height);
}

/** Types one ballot position by position (Tab between them) and records it with Enter. */
async function typeBallot(page: Page, perPosition: string[]): Promise<void> {
  const pads = page.locator('[data-testid^="pad-"].pad-entry');
  await pads.first().click();
  for (let i = 0; i < perPosition.length; i++) {
    await pads.nth(i).pressSequentially(perPosition[i] ?? '');
    if (i < perPosition.length - 1) await pads.nth(i).press('Tab');
  }
  // while the cursor is still in the last position: the classification of exactly this ballot is in view
  await expect(page.locator('[data-testid="classification"][data-fresh="1"]')).toBeVisible();
  await inView(page, 'classification');
  const before = Number(await page.getByTestId('counted').textContent());
  await pads.nth(perPosition.length - 1).press('Enter');
  await expect(page.getByTestId('counted')).toHaveText(String(before + 1));
  await inView(page, 'last-recorded');
}

test('计票 and 结果 at 1366×768: in view, true numbers, true warnings, its own hall window, locked, labelled', async ({ page, context }) => {
  await page.setViewportSize(VIEW);
  // 4 ballots collected, then one more (a blank one)
  const day = await countingDay(host, 10);
  await day.call('box.setCollected', { boxKey: 'main', collected: 4 });
  await page.goto(`${host.url}#/count`);
  await expect(page.getByTestId('counted')).toHaveText('0');
  await expect(page.locator('section h2').filter({ hasText: '录入第 1 张选票' })).toBeVisible();

  const live = await day.call<{ positions: { key: string; candidates: { id: number; number: number }[] }[] }>('count.live');
  const num = (pos: string, id: number | undefined) => String(live.positions.find((p) => p.key === pos)?.candidates.find((c) => c.id === id)?.number ?? '?');
  const members = day.members.slice(0, 3).map((m) => num('member', m)).join(' ');
  const v = num('vice_chair', day.vice[0]);
  for (const c of [day.chair[0], day.chair[1], day.chair[0], day.chair[1]]) await typeBallot(page, [num('chair', c), v, members]);
  await shot(page, 'small-01-typing-1366');

  // one ballot too many: the warning says so, the heading names the number it will be stored under
  await typeBallot(page, [num('chair', day.chair[0]), v, members]);
  await expect(page.getByTestId('last-recorded-warning')).toContainText('已录入 5 张，多于票箱收回的 4 张');
  // voided: the warning is no longer true and goes; the next ballot is still stored as number 6
  await expect(page.getByTestId('recent-ballots').locator('tr').first().locator('td').first()).toHaveText('5');
  await page.getByTestId('recent-void').first().click();
  await page.getByTestId('void-reason').fill('重复录入');
  await page.getByTestId('void-confirm').click();
  await expect(page.getByTestId('counted')).toHaveText('4');
  await expect(page.getByTestId('last-recorded-warning')).toHaveCount(0);
  await expect(page.locator('section h2').filter({ hasText: '录入第 6 张选票' })).toBeVisible();
  await shot(page, 'small-02-after-void');

  // 打开大屏: its own window; this one stays the counting screen
  const [hall] = await Promise.all([context.waitForEvent('page'), page.getByTestId('count-open-hall').click()]);
  await hall.waitForLoadState();
  expect(new URL(hall.url()).hash).toBe('#/hall');
  expect(new URL(page.url()).hash).toBe('#/count');
  await expect(page.getByTestId('pad-chair')).toBeVisible();
  await hall.close();

  // a blank ballot: 空白 once in the recent list
  await day.call('box.setCollected', { boxKey: 'main', collected: 5 });
  await page.reload();
  await page.locator('[data-testid^="pad-"].pad-entry').first().press('Enter');
  await expect(page.getByTestId('counted')).toHaveText('5');
  const blankRow = page.getByTestId('recent-ballots').locator('tr').first();
  await expect(blankRow.locator('td').first()).toHaveText('6');
  await expect(blankRow).toContainText('空白');
  expect(((await blankRow.innerText()).match(/空白/g) ?? []).length).toBe(1);

  // confirmed: 计票 says the round is locked, and asks nothing more
  await day.call('round.confirm', {});
  await page.reload();
  await expect(page.getByTestId('count-locked')).toContainText('第 1 轮的结果已经确认并锁定');
  await expect(page.getByTestId('count-complete')).toHaveCount(0);
  await shot(page, 'small-03-locked');

  // 结果: a label for every candidate, in words (10 took part: nobody has more than half, E2)
  await page.getByRole('navigation').getByRole('link', { name: '结果' }).click();
  for (const [key, n] of [['chair', 2], ['vice_chair', 2], ['member', 4]] as const) {
    const rows = page.getByTestId(`result-${key}`).locator('tbody tr');
    await expect(rows).toHaveCount(n);
    for (const row of await rows.all()) await expect(row).toContainText('未过半数');
  }
  // no position keys or rule codes in the result tables
  for (const t of await page.locator('table.result-table').all()) expect(await t.innerText()).not.toMatch(/chair|member|\b[BEFPRVX]\d+\b/);
  await shot(page, 'small-04-results');
});
