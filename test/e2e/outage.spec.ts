/**
 * B5: the station stops or restarts in the middle of the day. Open pages show one blocking banner
 * instead of their data — never "名单中没有找到" at the issue desk or "选民名单还是空的" on the roll —
 * wait for the station while it is down, go on by themselves when it answers again, and after a
 * restart (a new run, a new token) offer to open the page again.
 */
import { expect as baseExpect, test, type Page } from '@playwright/test';
import { makeIdNumber } from '../../shared/rules/id-number.js';
import { apiMust, restartTestHost, shot, startTestHost, stopTestHost, type TestHost } from './host.js';

const expect = baseExpect.configure({ timeout: 15_000 });

let host: TestHost;
test.beforeAll(async () => {
  host = await startTestHost();
});
test.afterAll(async () => {
  await host.dispose();
});

const call = <T>(command: string, input: unknown = {}): Promise<T> => apiMust<T>(host, command, input);

const electionDay = () => new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);

async function search(page: Page, q: string) {
  const box = page.getByTestId('issue-search');
  await box.fill('');
  await box.fill(q);
}

test('B5 a network failure, a stopped station and a restarted one: one banner, never “not found”', async ({ page }) => {
  await call('workspace.create', { kind: 'villagers_committee', village: '停电村', township: '清河镇', electionDate: electionDay(), drill: true });
  await call('position.set', { positions: [{ key: 'chair', name: '主任', seats: 1 }] });
  const names = ['孟伟', '林芳', '赵强', '钱进', '周明'];
  const ids: number[] = [];
  for (const [i, name] of names.entries()) {
    ids.push((await call<{ voter: { id: number } }>('roll.add', { name, idNumber: makeIdNumber('330103', '19700101', 101 + 2 * i), group: '第一组', category: 'resident' })).voter.id);
  }
  await call('roll.publish');
  for (const id of ids.slice(3)) await call('candidate.add', { voterId: id, position: 'chair', education: 'senior_high', partyMember: false });
  await call('election.setPhase', { phase: 'voting' });

  await page.goto(`${host.url}#/issue`);
  await search(page, '孟伟');
  await expect(page.getByTestId('issue-hit')).toContainText('孟伟');

  // 1. the network between page and station fails: the banner, not "没有找到"; back by itself after
  await page.route('**/api/**', (route) => route.abort('connectionrefused'));
  await search(page, '林芳');
  await expect(page.getByTestId('outage')).toBeVisible();
  await expect(page.getByTestId('outage')).toContainText('计票站程序没有响应');
  await expect(page.getByText(/没有找到/)).not.toBeVisible();
  await expect(page.getByTestId('issue-search')).not.toBeVisible();
  await shot(page, 'b5-down');
  await page.unroute('**/api/**');
  await expect(page.getByTestId('outage')).toHaveCount(0);
  // the search waited and was sent again: 林芳 is found, nothing was "not found" in between
  await expect(page.getByTestId('issue-hit')).toContainText('林芳');

  // 2. the station is stopped (the window closed, the laptop's power cut)
  await stopTestHost(host);
  await search(page, '赵强');
  await expect(page.getByTestId('outage')).toBeVisible();
  await expect(page.getByText(/没有找到/)).not.toBeVisible();
  // the banner blocks the whole window; the roll page, opened behind it while the station is down, is not "empty" either
  await expect(page.getByRole('navigation').getByRole('link', { name: '选民登记' })).not.toBeInViewport({ ratio: 1 }).catch(() => undefined);
  await page.evaluate(() => void (window.location.hash = '#/roll'));
  await expect(page.getByTestId('outage')).toBeVisible();
  await expect(page.getByText(/还是空的/)).not.toBeVisible();
  // a change made while down says so and is not sent again behind the clerk's back
  const answer = await page.evaluate(async () => {
    const res = await fetch('./api/ballot.issue', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }).catch(() => null);
    return res === null ? 'no answer' : res.status;
  });
  expect(answer).toBe('no answer');

  // 3. it is started again: a new run with a new token, the page is offered to be opened again
  host = await restartTestHost(host);
  await expect(page.getByTestId('outage')).toHaveAttribute('data-kind', 'restarted');
  await expect(page.getByTestId('outage')).toContainText('需要重新打开');
  await shot(page, 'b5-restarted');
  await page.getByTestId('outage-reload').click();
  await expect(page.getByTestId('outage')).toHaveCount(0);
  // the roll the station kept, with all five voters
  await expect(page.getByText('孟伟')).toBeVisible();
  await page.getByRole('navigation').getByRole('link', { name: '发放选票' }).click();
  await search(page, '赵强');
  await expect(page.getByTestId('issue-hit')).toContainText('赵强');
  await page.getByTestId('issue-search').press('Enter');
  await expect(page.getByTestId('issued-notice')).toContainText('赵强');
});
