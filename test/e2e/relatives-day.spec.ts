/**
 * E8 close relatives through the screens, the same village twice: brothers 张三 (主任 candidate) and
 * 刘强 (委员 candidate) both win. Under the national profile 刘强 yields and his seat goes to a 另行选举,
 * started from the results page; under the zhejiang profile 陈明, next to reach the threshold, takes it
 * by 递补 and the election is complete. The relation is recorded (and one wrong one revoked) on 设置.
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
const PEOPLE = ['张三', '李四', '王芳', '刘强', '陈明', '赵敏', '钱七'];

async function pickVoter(page: Page, testId: string, query: string) {
  await page.getByTestId(testId).fill(query);
  await expect(page.locator('.suggest li.on')).toContainText(query);
  await page.getByTestId(testId).press('Enter');
}

/** Create through the start page, then the roll, candidates and the relation through the screens and the contract. */
async function day(page: Page, village: string, profile: 'national' | 'zhejiang') {
  await page.goto(host.url);
  await page.getByTestId('create-village').fill(village);
  await page.getByTestId('create-township').fill('清河镇');
  await page.getByTestId('create-date').fill(electionDay());
  await page.getByTestId('create-profile').selectOption(profile);
  await page.getByTestId('create-submit').click();
  await expect(page.getByTestId('current-title')).toContainText(village);
  await call('position.set', { positions: [{ key: 'chair', name: '主任', seats: 1 }, { key: 'member', name: '委员', seats: 2 }] });
  const ids = new Map<string, number>();
  for (const [i, name] of [...PEOPLE, ...Array.from({ length: 13 }, (_, k) => `村民${k + 1}`)].entries()) {
    const v = await call<{ voter: { id: number } }>('roll.add', { name, idNumber: makeIdNumber('330103', '19700101', 101 + 2 * i), group: '第一组', category: 'resident' });
    ids.set(name, v.voter.id);
  }
  await call('roll.publish');
  const cands = new Map<string, number>();
  for (const [name, position] of [
    ['张三', 'chair'],
    ['李四', 'chair'],
    ['王芳', 'member'],
    ['刘强', 'member'],
    ['陈明', 'member'],
    ['赵敏', 'member'],
  ] as const) {
    cands.set(name, (await call<{ candidate: { id: number } }>('candidate.add', { voterId: ids.get(name), position, education: 'senior_high', partyMember: false })).candidate.id);
  }

  // 设置: a wrong relation is recorded and revoked with a reason; then the true one
  await page.getByRole('navigation').getByRole('link', { name: '设置' }).click();
  await pickVoter(page, 'relation-a', '张三');
  await page.getByTestId('relation-kind').selectOption('sibling');
  await pickVoter(page, 'relation-b', '王芳');
  await page.getByTestId('relation-add').click();
  await expect(page.getByTestId('relations-table')).toContainText('按近亲属回避');
  const wrong = page.getByTestId('relations-table').locator('tbody tr').first();
  await wrong.getByRole('button', { name: '撤销' }).click();
  await wrong.getByRole('textbox').fill('登记错误：王芳与张三不是兄妹');
  await wrong.getByRole('button', { name: '确认撤销' }).click();
  await expect(page.getByTestId('relations-table')).toContainText('已撤销：登记错误');
  await pickVoter(page, 'relation-a', '张三');
  await page.getByTestId('relation-kind').selectOption('sibling');
  await pickVoter(page, 'relation-b', '刘强');
  await page.getByTestId('relation-add').click();
  await expect(page.getByTestId('relations-table').locator('tbody tr')).toHaveCount(2);
  await expect(page.getByTestId('relations-table').locator('tbody tr').nth(1)).toContainText('刘强');
  // the qualification review of one candidate, recorded on the candidate list (E10)
  const zs = cands.get('张三') ?? 0;
  await page.getByTestId(`review-open-${zs}`).click();
  await page.getByTestId(`review-reviewer-${zs}`).fill('镇联审小组');
  await page.getByTestId(`review-ref-${zs}`).fill('资格审查意见第1号');
  await page.getByTestId(`review-pass-${zs}`).click();
  await expect(page.getByTestId(`review-${zs}`)).toContainText('审查通过');
  await shot(page, `e8-${profile}-setup-relations`);

  // the vote and the count: 15 ballots. 主任: 张三 8, 李四 7. 委员: 王芳 12, 刘强 10, 陈明 8 (each 2×v > 15), 赵敏 0.
  await call('election.setPhase', { phase: 'voting' });
  const voters = [...ids.values()].slice(0, 15);
  for (const v of voters) await call('ballot.issue', { voterId: v });
  await call('election.setPhase', { phase: 'counting' });
  await call('box.setCollected', { boxKey: 'main', collected: 15 });
  const c = (n: string) => cands.get(n) ?? 0;
  const ballots: [number, number, number[]][] = [
    [7, c('张三'), [c('王芳'), c('刘强')]],
    [1, c('张三'), [c('王芳'), c('陈明')]],
    [4, c('李四'), [c('王芳'), c('陈明')]],
    [3, c('李四'), [c('刘强'), c('陈明')]],
  ];
  for (const [n, chair, members] of ballots) {
    for (let i = 0; i < n; i++) await call('count.recordBallot', { marks: { chair: { for: [chair] }, member: { for: members } } });
  }
  await page.getByRole('navigation').getByRole('link', { name: '结果' }).click();
  await expect(page.getByTestId('round-valid')).toBeVisible();
}

test('E8 national: the brother elected 委员 yields to the 主任; the seat goes to a 另行选举 started from 结果', async ({ page }) => {
  await day(page, '东林村', 'national');
  await expect(page.getByTestId('yielded-刘强')).toHaveText('近亲属回避，不任职');
  await expect(page.getByTestId('relatives')).toContainText('刘强 与 张三 是近亲属（兄弟姐妹），张三 当选的主任职务较高，刘强 不再任委员，其名额另行选举（E8）');
  await expect(page.getByTestId('progress-member')).toContainText('尚缺 1 名');
  await expect(page.getByTestId('plan-message')).toContainText('委员尚缺 1 名，另行选举');
  await shot(page, 'e8-national-results');
  await page.getByTestId('round-confirm').click();
  await expect(page.getByTestId('round-confirmed')).toBeVisible();
  // E6 after the main round: no choice to leave the seat empty
  await expect(page.getByTestId('stop-rule')).toContainText('不足的名额应当另行选举');
  await expect(page.getByTestId('leave-unfilled')).toHaveCount(0);
  await page.getByTestId('round-next').click();
  await expect(page.getByText(/已开始第 2 轮（另行选举）：委员 1 名/)).toBeVisible();
  const round2 = await call<{ rounds: { number: number; candidates: { name: string }[] }[] }>('round.list');
  // 刘强 yielded and cannot sit while his brother does: the 另行选举 is between 陈明 and 赵敏
  expect(round2.rounds[1]?.candidates.map((x) => x.name).sort()).toEqual(['赵敏', '陈明'].sort());
  await expect(page.getByTestId('earlier-round')).toContainText('委员当选 王芳（缺 1 名）');
  await shot(page, 'e8-national-next-round');
});

test('E8 zhejiang: the same count fills the seat by 递补 with 陈明; nothing is left to elect', async ({ page }) => {
  await day(page, '西林村', 'zhejiang');
  await expect(page.getByTestId('yielded-刘强')).toBeVisible();
  await expect(page.getByTestId('relatives')).toContainText('其名额由得票次多且达到当选票数的 陈明 递补（E8）');
  await expect(page.getByTestId('result-member')).toContainText('陈明');
  await expect(page.getByTestId('progress-member')).toContainText('已选足');
  await expect(page.getByTestId('plan-message')).toHaveText('所有职位均已选出。');
  await shot(page, 'e8-zhejiang-results');
  await page.getByTestId('round-confirm').click();
  await expect(page.getByTestId('round-confirmed')).toBeVisible();
  await expect(page.getByTestId('round-next')).toHaveCount(0);
  const result = await call<{ tally: { positions: { elected: string[]; yielded: string[] }[] } }>('round.result');
  expect(result.tally.positions.map((p) => [p.elected, p.yielded])).toEqual([
    [['张三'], []],
    [['王芳', '陈明'], ['刘强']],
  ]);
});
