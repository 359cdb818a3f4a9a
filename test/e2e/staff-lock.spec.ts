/**
 * Issue 12 — the staff PIN is a real screen lock: once set, 发放选票 and 计票 open only after a staff
 * member enters it, lock again on 锁定屏幕, after ten idle minutes and on reload; wrong PINs are
 * refused and counted. And the hall window under Electron (its preload exposes count.live only) shows
 * the title, 演练 and the tally from that one command.
 */
import { expect as baseExpect, test } from '@playwright/test';
import { apiCall, shot, startTestHost, type TestHost } from './host.js';

const expect = baseExpect.configure({ timeout: 15_000 });

let host: TestHost;
test.beforeAll(async () => {
  host = await startTestHost();
});
test.afterAll(async () => {
  await host.dispose();
});

async function ok<T>(command: string, input: unknown, pin?: string): Promise<T> {
  const r = pin
    ? ((await (
        await fetch(`${host.url}api/${command}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-station-token': host.token, 'x-station-pin': pin },
          body: JSON.stringify(input),
        })
      ).json()) as { ok: true; value: T } | { ok: false; error: { code: string; message: string } })
    : await apiCall<T>(host, command, input);
  if (!r.ok) throw new Error(`${command} refused: ${r.error.code} ${r.error.message}`);
  return r.value;
}

test('the staff PIN locks 发放选票 and 计票 until it is entered; 锁定屏幕, idle time and a reload lock them again', async ({ page }) => {
  await ok('workspace.demo', {});
  await page.clock.install();
  // without a staff PIN the pages open as before
  await page.goto(`${host.url}#/count`);
  await expect(page.getByTestId('pad-unreadable')).toBeVisible();
  await expect(page.getByTestId('staff-lock')).toHaveCount(0);
  await ok('auth.setPin', { role: 'staff', pin: '2468' });

  await page.reload();
  await expect(page.getByTestId('staff-lock')).toBeVisible();
  await expect(page.getByTestId('staff-lock')).toContainText('计票页面已锁定');
  await expect(page.getByTestId('pad-unreadable')).toHaveCount(0);
  await shot(page, 's01-staff-lock');

  // a wrong PIN is refused in place (no chair dialog), and recorded
  await page.getByTestId('staff-lock-pin').fill('1111');
  await page.getByTestId('staff-lock-unlock').click();
  await expect(page.getByTestId('staff-lock').getByRole('alert')).toContainText('工作人员密码不对');
  await expect(page.getByRole('dialog', { name: '需要选举委员会主任密码' })).toHaveCount(0);
  const audit = await ok<{ events: { command: string; input: { outcome?: string } }[] }>('audit.list', { limit: 3 });
  expect(audit.events[0]).toMatchObject({ command: 'auth.attempt', input: { outcome: 'wrong' } });

  await page.getByTestId('staff-lock-pin').fill('2468');
  await page.getByTestId('staff-lock-pin').press('Enter');
  await expect(page.getByTestId('staff-lock-bar')).toBeVisible();
  await expect(page.getByTestId('staff-lock')).toHaveCount(0);
  await expect(page.getByTestId('pad-unreadable')).toBeVisible();
  await shot(page, 's02-staff-unlocked');

  // unlocked once for the window: the issue desk opens too
  await page.getByRole('navigation').getByRole('link', { name: '发放选票' }).click();
  await expect(page.getByTestId('staff-lock-bar')).toBeVisible();

  // 锁定屏幕
  await page.getByTestId('staff-lock-now').click();
  await expect(page.getByTestId('staff-lock')).toContainText('发放选票页面已锁定');

  // ten idle minutes
  await page.getByTestId('staff-lock-pin').fill('2468');
  await page.getByTestId('staff-lock-unlock').click();
  await expect(page.getByTestId('staff-lock-bar')).toBeVisible();
  await page.clock.fastForward('10:30');
  await expect(page.getByTestId('staff-lock')).toBeVisible();

  // a reload
  await page.getByTestId('staff-lock-pin').fill('2468');
  await page.getByTestId('staff-lock-unlock').click();
  await expect(page.getByTestId('staff-lock-bar')).toBeVisible();
  await page.reload();
  await expect(page.getByTestId('staff-lock')).toBeVisible();
});

test('the hall window under Electron reads count.live and nothing else, and shows the title, 演练 and the tally', async ({ browser }) => {
  await ok('workspace.demo', {});
  const context = await browser.newContext();
  // the hall preload's bridge (electron/preload-hall.ts), played by fetch to count.live; no window.station
  await context.addInitScript(() => {
    (window as unknown as { stationHall: unknown }).stationHall = {
      live: async (input?: unknown) => {
        const token = document.querySelector('meta[name="station-token"]')?.getAttribute('content') ?? '';
        const res = await fetch('./api/count.live', { method: 'POST', headers: { 'content-type': 'application/json', 'x-station-token': token }, body: JSON.stringify(input ?? {}) });
        return res.json();
      },
    };
  });
  const page = await context.newPage();
  const commands: string[] = [];
  page.on('request', (r) => {
    const m = /\/api\/([^?]+)/.exec(r.url());
    if (m?.[1]) commands.push(decodeURIComponent(m[1]));
  });
  await page.goto(`${host.url}#/hall`);
  await expect(page.getByTestId('hall')).toContainText('演示村');
  await expect(page.getByTestId('drill-banner')).toBeVisible();
  await expect(page.getByTestId('hall-counted')).not.toHaveText('0');
  await page.waitForTimeout(1200);
  expect(commands.length).toBeGreaterThan(0);
  expect([...new Set(commands)]).toEqual(['count.live']);
  await context.close();
});
