/**
 * B1 through the screens: round 1 leaves the 副主任 seat unfilled and two 委员 tied at the cut-off.
 * 结果 offers the run-off first and says the 另行选举 still to come; after the run-off it offers that
 * 另行选举 (it used to say 所有职位均已选出); after it, every seat is accounted for, on screen and in
 * the result report. Ballots go in through the contract; every decision is taken on 结果.
 */
import { expect as baseExpect, test, type Page } from '@playwright/test';
import { makeIdNumber } from '../../shared/rules/id-number.js';
import { apiMust, shot, startTestHost, type TestHost } from './host.js';

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

async function voteAndCount(ids: number[], ballots: [number, Record<string, number[]>][]) {
  const { phase } = await call<{ phase: string }>('election.get');
  if (phase !== 'voting') await call('election.setPhase', { phase: 'voting' });
  for (const v of ids) await call('ballot.issue', { voterId: v });
  await call('election.setPhase', { phase: 'counting' });
  await call('box.setCollected', { boxKey: 'main', collected: ids.length });
  for (const [n, marks] of ballots) {
    const m = Object.fromEntries(Object.entries(marks).map(([k, v]) => [k, { for: v }]));
    for (let i = 0; i < n; i++) await call('count.recordBallot', { marks: m });
  }
}

async function confirmAndNext(page: Page, expectNext: RegExp) {
  await page.getByRole('navigation').getByRole('link', { name: '结果' }).click();
  await page.getByTestId('round-confirm').click();
  await expect(page.getByTestId('round-confirmed')).toBeVisible();
  await page.getByTestId('round-next').click();
  await expect(page.getByText(expectNext)).toBeVisible();
}

test('B1 a run-off, then the 另行选举 the main round left pending, then every seat accounted for', async ({ page }) => {
  await call('workspace.create', { kind: 'villagers_committee', village: '三轮村', township: '清河镇', electionDate: electionDay(), drill: true });
  await call('position.set', {
    positions: [
      { key: 'chair', name: '主任', seats: 1 },
      { key: 'vice_chair', name: '副主任', seats: 1 },
      { key: 'member', name: '委员', seats: 2 },
    ],
  });
  const names = ['甲', '乙', '丙', '丁', '戊', '己', '庚', '辛'];
  const ids: number[] = [];
  for (let i = 0; i < 20; i++) {
    const female = names[i] === '丁';
    const v = await call<{ voter: { id: number } }>('roll.add', {
      name: names[i] ?? `村民${i}`,
      idNumber: makeIdNumber('330103', '19700101', 100 + 2 * i + (female ? 0 : 1)),
      group: '第一组',
      category: 'resident',
    });
    ids.push(v.voter.id);
  }
  await call('roll.publish');
  const c = new Map<string, number>();
  for (const [name, position] of [
    ['甲', 'chair'],
    ['乙', 'chair'],
    ['丙', 'vice_chair'],
    ['丁', 'vice_chair'],
    ['戊', 'member'],
    ['己', 'member'],
    ['庚', 'member'],
    ['辛', 'member'],
  ] as const) {
    c.set(name, (await call<{ candidate: { id: number } }>('candidate.add', { voterId: ids[names.indexOf(name)], position, education: 'senior_high', partyMember: false })).candidate.id);
  }
  const k = (n: string) => c.get(n) ?? 0;
  // round 1, 20 ballots: 主任 甲 12; 副主任 丙 9, 丁 8 (nobody over 10); 委员 戊 18, 己 11, 庚 11 (tied at the cut-off)
  await voteAndCount(ids, [
    [9, { chair: [k('甲')], vice_chair: [k('丙')], member: [k('戊'), k('己')] }],
    [3, { chair: [k('甲')], vice_chair: [k('丁')], member: [k('戊'), k('庚')] }],
    [5, { chair: [k('乙')], vice_chair: [k('丁')], member: [k('戊'), k('庚')] }],
    [1, { chair: [k('乙')], member: [k('戊'), k('庚')] }],
    [2, { chair: [k('乙')], member: [k('己'), k('庚')] }],
  ]);
  await page.goto(`${host.url}#/results`);
  await expect(page.getByTestId('plan-message')).toContainText('就 1 个名额进行再次投票');
  await expect(page.getByTestId('plan-message')).toContainText('再次投票后，副主任尚缺 1 名，另行选举');
  await expect(page.getByTestId('progress-vice_chair')).toContainText('尚缺 1 名');
  await expect(page.getByTestId('progress-member')).toContainText('己、庚 票数相等，再次投票选 1 名');
  await shot(page, 'b1-round1');
  await confirmAndNext(page, /已开始第 2 轮（再次投票）：委员 1 名/);

  // round 2, the run-off: 己 12, 庚 8
  await voteAndCount(ids, [
    [12, { member: [k('己')] }],
    [8, { member: [k('庚')] }],
  ]);
  await page.getByRole('navigation').getByRole('link', { name: '发放选票' }).click();
  await page.getByRole('navigation').getByRole('link', { name: '结果' }).click();
  // before the fix: "所有职位均已选出。" and no button
  await expect(page.getByTestId('plan-message')).toContainText('副主任尚缺 1 名，另行选举');
  await expect(page.getByTestId('progress-member')).toContainText('已选足');
  await shot(page, 'b1-round2');
  await confirmAndNext(page, /已开始第 3 轮（另行选举）：副主任 1 名/);

  // round 3, the 另行选举: 丁 13, 丙 7
  await voteAndCount(ids, [
    [13, { vice_chair: [k('丁')] }],
    [7, { vice_chair: [k('丙')] }],
  ]);
  await page.getByRole('navigation').getByRole('link', { name: '发放选票' }).click();
  await page.getByRole('navigation').getByRole('link', { name: '结果' }).click();
  await page.getByTestId('round-confirm').click();
  await expect(page.getByTestId('round-confirmed')).toBeVisible();
  await expect(page.getByTestId('plan-message')).toHaveText('所有职位均已选出。');
  for (const p of ['chair', 'vice_chair', 'member']) await expect(page.getByTestId(`progress-${p}`)).toContainText('已选足');
  await expect(page.getByTestId('election-progress')).toContainText('丁（第3轮）');
  await expect(page.getByTestId('election-progress')).toContainText('己（第2轮）');
  await expect(page.getByTestId('round-next')).toHaveCount(0);
  await shot(page, 'b1-round3');
  const rounds = await call<{ rounds: { kind: string; result: { positions: { elected: string[] }[] } | null }[] }>('round.list');
  expect(rounds.rounds.map((r) => [r.kind, r.result?.positions.flatMap((p) => p.elected)])).toEqual([
    ['main', ['甲', '戊']],
    ['runoff', ['己']],
    ['supplementary', ['丁']],
  ]);
});
