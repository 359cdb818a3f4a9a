/**
 * A full villagers' committee day as a new user would do it through the screens: create, import the
 * roll file, set candidates, add and approve a proxy, issue ballots (one with a proxy ballot), count
 * at the keyboard with an over-vote, a write-in, a void and a doubtful ballot, watch the hall display,
 * decide the result and confirm it.
 */
import { expect as baseExpect, test, type Page } from '@playwright/test';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { contract } from '../../shared/contract.js';
import { makeIdNumber } from '../../shared/rules/id-number.js';
import { SHOTS, apiCall, shot, startTestHost, type TestHost } from './host.js';

/** The machine running the suite is shared and often busy: screens get 15 s, the hall's update keeps its own 1 s. */
const expect = baseExpect.configure({ timeout: 15_000 });

const NEEDED = [
  'roll.importPreview',
  'roll.importConfirm',
  'roll.list',
  'roll.search',
  'roll.publish',
  'candidate.add',
  'proxy.add',
  'proxy.approve',
  'proxy.publish',
  'proxy.list',
  'ballot.issue',
  'turnout.get',
  'count.summary',
  'box.setCollected',
  'count.recordBallot',
  'count.live',
  'count.recent',
  'count.voidBallot',
  'count.doubtful',
  'count.rule',
  'round.result',
  'round.confirm',
];
const missing = NEEDED.filter((c) => !(c in contract));
const ROLL_DIR = path.resolve('test/fixtures/roll');
/** 12 villagers in two groups, UTF-8 CSV as a township office exports it. */
const rollFile = 'good-utf8.csv';

test('every command the day needs is in the contract', () => {
  expect(missing).toEqual([]);
  expect(existsSync(path.join(ROLL_DIR, rollFile))).toBe(true);
});

let host: TestHost;
test.beforeAll(async () => {
  host = await startTestHost();
});
test.afterAll(async () => {
  await host.dispose();
});

/** Election day a month ahead: the roll is published 20 days before (R5), proxies approved and published before the day (X5). */
const electionDay = () => new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);

async function pickVoter(page: Page, testId: string, query: string) {
  await page.getByTestId(testId).fill(query);
  await expect(page.locator('.suggest li.on')).toContainText(query);
  await page.getByTestId(testId).press('Enter');
}

const CHAIR_PIN = '2468';
/** A chair-only command (approve, void, confirm) asks for the chair's PIN in a dialog. */
async function givePin(page: Page) {
  const pin = page.getByRole('dialog').getByRole('textbox', { name: '主任密码' });
  await expect(pin).toBeVisible();
  await pin.fill(CHAIR_PIN);
  await pin.press('Enter');
  await expect(pin).toHaveCount(0);
}

async function enterBallot(page: Page, perPosition: string[], opts: { doubt?: string } = {}) {
  const pads = page.locator('[data-testid^="pad-"].pad-entry');
  const n = await pads.count();
  for (let i = 0; i < n; i++) await pads.nth(i).fill(perPosition[i] ?? '');
  if (opts.doubt) await page.getByTestId('pad-doubt').fill(opts.doubt);
  // The classification for exactly what was typed, before Enter (a preview, nothing saved).
  const cls = page.locator('[data-testid="classification"][data-fresh="1"]');
  await expect(cls).toBeVisible();
  const text = (await cls.textContent()) ?? '';
  const before = Number(await page.getByTestId('counted').textContent());
  await pads.first().press('Enter');
  await expect(page.getByTestId('counted')).toHaveText(String(before + 1));
  return text;
}

test('a villagers committee election day, start to finish', async ({ page, context }) => {
  await page.goto(host.url);
  // Start: create a drill election
  await page.getByTestId('create-village').fill('青山村');
  await page.getByTestId('create-township').fill('清河镇');
  await page.getByTestId('create-date').fill(electionDay());
  await page.getByTestId('create-submit').click();
  await expect(page.getByTestId('current-title')).toContainText('青山村');
  await expect(page.getByTestId('drill-banner')).toBeVisible();
  await shot(page, 'v01-start-created');
  // The committee chair sets a PIN (from here on approve, void and confirm ask for it)
  const pinSet = await apiCall(host, 'auth.setPin', { role: 'chair', pin: CHAIR_PIN });
  expect(pinSet.ok).toBe(true);

  // Roll: import with preview, confirm, publish
  await page.getByRole('navigation').getByRole('link', { name: '选民登记' }).click();
  await page.getByTestId('roll-file').setInputFiles(path.join(ROLL_DIR, rollFile));
  await expect(page.getByTestId('preview-summary')).toBeVisible();
  await shot(page, 'v02-roll-preview');
  await page.getByTestId('import-confirm').click();
  await expect(page.getByText('已导入 12 人')).toBeVisible();
  const nameCells = page.locator('[data-testid="roll-table"] tbody tr td:first-child');
  // 12 rows; 从事村务工作一年以上 is nonresident_approved everywhere since 2025 (R2), so all 12 are imported
  await expect(nameCells).toHaveCount(12);
  const names = await nameCells.allTextContents();
  await page.getByTestId('roll-search').fill(names[0] ?? '');
  await expect(page.locator('[data-testid="roll-table"] tbody tr').first()).toContainText(names[0] ?? '');
  await expect(page.locator('[data-testid="roll-table"] tbody tr')).toHaveCount(1);
  await shot(page, 'v03-roll-search');

  // Setup: candidates (chair 2, vice 2, members 4) from the roll
  await page.getByRole('navigation').getByRole('link', { name: '设置' }).click();
  const plan: [string, string][] = [
    ['chair', names[0] ?? ''],
    ['chair', names[1] ?? ''],
    ['vice_chair', names[2] ?? ''],
    ['vice_chair', names[3] ?? ''],
    ['member', names[4] ?? ''],
    ['member', names[5] ?? ''],
    ['member', names[6] ?? ''],
    ['member', names[7] ?? ''],
  ];
  for (const [pos, name] of plan) {
    await pickVoter(page, 'candidate-voter', name);
    await page.getByTestId('candidate-position').selectOption(pos);
    await page.getByTestId('candidate-add').click();
    await expect(page.getByRole('alert')).toHaveText([]);
    await expect(page.getByTestId('candidate-voter')).toBeVisible();
  }
  await expect(page.getByTestId('candidates-member').locator('tbody tr')).toHaveCount(4);
  // three 监票人 of the hall (F1), typed by name as outside helpers: one of them rules the doubtful ballot (V6)
  for (const who of ['监票员甲', '监票员乙', '监票员丙']) {
    await page.getByTestId('official-name').fill(who);
    await page.getByTestId('official-role').selectOption('scrutineer');
    await page.getByTestId('official-add').click();
    await expect(page.getByTestId('officials')).toContainText(who);
  }
  await shot(page, 'v04-setup');

  // Proxies: one principal, one trustee; approve and publish
  await page.getByRole('navigation').getByRole('link', { name: '委托投票' }).click();
  await pickVoter(page, 'proxy-principal', names[8] ?? '');
  await pickVoter(page, 'proxy-trustee', names[9] ?? '');
  await page.getByTestId('proxy-ref').fill('委托书 001');
  await page.getByTestId('proxy-add').click();
  await expect(page.getByRole('alert')).toHaveText([]);
  await page.getByTestId('proxy-approve').click();
  await givePin(page);
  await expect(page.getByTestId('proxy-table')).toContainText('已同意');
  await page.getByTestId('proxy-publish').click();
  await shot(page, 'v05-proxies');

  // Publish the roll, start voting
  await page.getByRole('navigation').getByRole('link', { name: '选民登记' }).click();
  await page.getByTestId('roll-publish').click();
  await page.getByRole('navigation').getByRole('link', { name: '发放选票' }).click();
  await page.getByTestId('start-voting').click();
  // Issue: the trustee gets their own and the proxy ballot; then enough voters for a majority
  const search = page.getByTestId('issue-search');
  await search.fill(names[9] ?? '');
  await expect(page.getByTestId('issue-hit').first()).toContainText(names[9] ?? '');
  await expect(page.getByTestId('issue-hit').first()).toContainText(`受托：${names[8] ?? ''}`);
  await shot(page, 'v06a-issue-trustee');
  await search.press('Enter');
  await expect(page.getByTestId('issued-notice')).toContainText('委托票');
  for (const n of [...names.slice(0, 8), names[10] ?? '']) {
    await search.fill(n);
    await expect(page.getByTestId('issue-hit').first()).toContainText(n);
    await search.press('Enter');
    await expect(page.getByTestId('issued-notice')).toContainText(n);
  }
  await shot(page, 'v06-issue');
  await page.getByTestId('end-voting').click();
  await page.getByTestId('end-voting-confirm').click();

  // Count: collected counts first, then the pad
  await page.getByRole('navigation').getByRole('link', { name: '计票' }).click();
  const collected = page.getByTestId('collected-main');
  await collected.fill('10');
  await page.getByTestId('collected-save').click();
  await expect(page.getByTestId('pad-chair')).toBeVisible();

  const hall = await context.newPage();
  await hall.goto(`${host.url}#/hall`);
  await expect(hall.getByTestId('hall-counted')).toHaveText('0');

  await shot(page, 'v07a-count-pad');
  expect(await enterBallot(page, ['1', '1', '1 2 3'])).toContain('有效票');
  // over-vote for 主任 (two marks, one seat): that part is void, the rest counts (V2)
  const over = await enterBallot(page, ['1 2', '2', '1 2']);
  expect(over).toContain('部分职位作废');
  // a write-in for 委员: type the name, take the roll's suggestion with Tab
  const writeIn = names[10] ?? '';
  await page.getByTestId('pad-chair').fill('2');
  await page.getByTestId('pad-vice_chair').fill('1');
  await page.getByTestId('pad-member').fill(`1 ${writeIn}`);
  await expect(page.getByTestId('write-in-suggest').locator('li.on')).toContainText(writeIn);
  await shot(page, 'v07b-count-write-in');
  await page.getByTestId('pad-member').press('Tab');
  await expect(page.getByTestId('pad-member')).toHaveValue(`1 ${writeIn} `);
  await expect(page.locator('[data-testid="classification"][data-fresh="1"]')).toContainText(writeIn);
  await page.getByTestId('pad-member').press('Enter');
  await expect(page.getByTestId('counted')).toHaveText('3');
  await expect(hall.getByTestId('hall-counted')).toHaveText('3', { timeout: 1000 });
  // a doubtful ballot goes to the scrutineers, who rule on it with a reason (V6)
  await enterBallot(page, ['1', '2', '3 4'], { doubt: '勾选位置不清' });
  await expect(page.getByTestId('doubt')).toHaveCount(1);
  await shot(page, 'v07c-count-doubt');
  await page.getByTestId('ruling-reason').fill('监票人一致认为按录入计算');
  // the scrutineer who decides is named before the ruling is taken
  await page.getByTestId('ruling-as-recorded').click();
  await expect(page.getByRole('alert').filter({ hasText: '请先选出裁定第 ' })).toBeVisible();
  await page.getByTestId('ruling-scrutineer').selectOption({ label: '监票员乙（监票人）' });
  await page.getByTestId('ruling-as-recorded').click();
  await expect(page.getByTestId('doubt')).toHaveCount(0);
  for (let i = 0; i < 6; i++) await enterBallot(page, ['1', '1', '1 2 3']);
  // void the last ballot with a reason (chair-only once a PIN is set), then enter it again
  await page.getByTestId('recent-void').first().click();
  await page.getByTestId('void-reason').fill('唱错，重新录入');
  await page.getByTestId('void-confirm').click();
  await givePin(page);
  await expect(page.getByTestId('counted')).toHaveText('9');
  await expect(page.getByTestId('recent-ballots')).toContainText('已作废：唱错，重新录入');
  await enterBallot(page, ['1', '1', '1 2 3']);
  await shot(page, 'v07-count');
  await expect(hall.getByTestId('hall-counted')).toHaveText('10', { timeout: 1000 });
  // 主任 No. 1: ballots 1, 4, 5–9 (one voided and entered again) = 8 votes, 正 and three strokes
  const chair1 = hall.locator('.hall-pos').first().locator('.hall-row').first();
  await expect(chair1.getByTestId('hall-votes')).toHaveText('8');
  await expect(chair1.locator('.zheng')).toHaveText('正下');
  await shot(hall, 'v08-hall');

  // Results: decide and confirm
  await page.getByRole('navigation').getByRole('link', { name: '结果' }).click();
  await expect(page.getByTestId('round-valid')).toBeVisible();
  await shot(page, 'v09-results');
  await page.getByTestId('round-confirm').click();
  await givePin(page);
  await expect(page.getByText('本轮结果已确认并锁定')).toBeVisible();
  await shot(page, 'v10-confirmed');
});

/**
 * The long part of a count: a correction with a reason (chair's PIN), the checkpoint at ballot 50
 * with the batch subtotals, a 主任 seat left unfilled (two candidates with 25 votes each, neither over
 * half of 50 participants, E3/E4) and the 另行选举 round started from the results page.
 */
test('a correction, the checkpoint at 50, an unfilled seat and the 另行选举 round', async ({ page }) => {
  type R<T> = { ok: true; value: T } | { ok: false; error: { code: string; message: string } };
  const call = async <T>(c: string, i: unknown = {}): Promise<T> => {
    const r = (await apiCall<T>(host, c, i)) as R<T>;
    if (!r.ok) throw new Error(`${c}: ${r.error.code} ${r.error.message}`);
    return r.value;
  };
  await call('workspace.create', {
    kind: 'villagers_committee',
    village: '绿水村',
    township: '清河镇',
    electionDate: electionDay(),
    drill: true,
  });
  // 50 voters from a CSV file written here, through the same import as the screens
  const lines = ['序号,姓名,性别,身份证号码,村民小组,类别'];
  for (let i = 0; i < 50; i++) {
    const id = makeIdNumber('330102', `19${50 + (i % 40)}0${1 + (i % 9)}1${i % 10}`, 100 + i);
    lines.push(
      `${i + 1},村民${String(i + 1).padStart(2, '0')},${Number(id.charAt(16)) % 2 ? '男' : '女'},${id},第${1 + (i % 3)}组,户籍在本村且居住`,
    );
  }
  // as the page sends a chosen file: its bytes (a page names no file on the machine)
  const preview = await call<{ previewId: string }>('roll.importPreview', { fileName: 'roll.csv', dataBase64: Buffer.from(`${lines.join('\n')}\n`).toString('base64') });
  expect((await call<{ imported: number }>('roll.importConfirm', { previewId: preview.previewId })).imported).toBe(50);
  const voters = (await call<{ voters: { id: number }[] }>('roll.list', { limit: 100 })).voters.map(
    (v) => v.id,
  );
  const cand = async (i: number, position: string) =>
    (
      await call<{ candidate: { id: number } }>('candidate.add', {
        voterId: voters[i],
        position,
        education: 'senior_high',
        partyMember: false,
      })
    ).candidate.id;
  const [a, b] = [await cand(0, 'chair'), await cand(1, 'chair')];
  const [v1] = [await cand(2, 'vice_chair'), await cand(3, 'vice_chair')];
  const [m1, m2, m3] = [
    await cand(4, 'member'),
    await cand(5, 'member'),
    await cand(6, 'member'),
    await cand(7, 'member'),
  ];
  await call('official.add', { name: '监票员甲', role: 'scrutineer' });
  await call('official.add', { name: '总监票员', role: 'chief_scrutineer' });
  await call('roll.publish');
  await call('election.setPhase', { phase: 'voting' });
  for (const v of voters) await call('ballot.issue', { voterId: v });
  await call('election.setPhase', { phase: 'counting' });
  await call('box.setCollected', { boxKey: 'main', collected: 50 });
  const marks = (chair: number) => ({
    chair: { for: [chair] },
    vice_chair: { for: [v1] },
    member: { for: [m1, m2, m3] },
  });
  for (let i = 0; i < 48; i++) await call('count.recordBallot', { marks: marks(i % 2 === 0 ? a : b) });
  await call('auth.setPin', { role: 'chair', pin: CHAIR_PIN });
  // the pad's short numbers for this round (numbered in surname stroke order)
  const live = await call<{ positions: { key: string; candidates: { id: number; number: number }[] }[] }>(
    'count.live',
  );
  const num = (pos: string, id: number | undefined) =>
    String(live.positions.find((p) => p.key === pos)?.candidates.find((c) => c.id === id)?.number ?? '?');
  const members = [m1, m2, m3].map((m) => num('member', m)).join(' ');
  const v = num('vice_chair', v1);

  await page.goto(`${host.url}#/count`);
  await expect(page.getByTestId('counted')).toHaveText('48');
  // ballot 49 entered for 主任 A by mistake, then corrected to B with a reason
  await enterBallot(page, [num('chair', a), v, members]);
  await page
    .locator('[data-testid="recent-ballots"] tr', { hasText: '49' })
    .first()
    .getByRole('button', { name: '更正' })
    .click();
  await expect(page.getByText('更正第 49 张选票')).toBeVisible();
  const pads = page.locator('[data-testid^="pad-"].pad-entry');
  await pads.nth(0).fill(num('chair', b));
  await pads.nth(1).fill(v);
  await pads.nth(2).fill(members);
  await page.getByTestId('fix-reason').fill('唱票人念的是另一位候选人，监票人核对选票后更正');
  await expect(page.locator('[data-testid="classification"][data-fresh="1"]')).toContainText('有效票');
  await shot(page, 'v11-count-correct');
  await pads.nth(2).press('Enter');
  await givePin(page);
  // the correction is ballot record 50: the checkpoint shows this batch's subtotals
  await expect(page.getByTestId('checkpoint')).toBeVisible();
  await expect(page.getByTestId('checkpoint')).toContainText('第 1–50 张');
  await expect(page.getByTestId('recent-ballots')).toContainText('更正记录');
  await shot(page, 'v12-count-checkpoint');
  await page.getByTestId('checkpoint-ok').click();
  await expect(page.getByTestId('checkpoint')).toHaveCount(0);
  // the last ballot (record 51: record 50 is the correction): 主任 written over, entered as read (B) and sent to the scrutineers, who rule it is A
  await enterBallot(page, [num('chair', b), v, members], { doubt: '主任一栏有涂改' });
  await expect(page.getByTestId('counted')).toHaveText('50');
  await expect(page.getByTestId('doubt')).toHaveCount(1);
  await page.getByTestId('doubt').getByRole('button', { name: '更正后计算…' }).click();
  await page.getByTestId('ruling-pad-chair').fill(num('chair', a));
  await page.getByTestId('ruling-pad-vice_chair').fill(v);
  await page.getByTestId('ruling-pad-member').fill(members);
  await page.getByTestId('ruling-reason').fill('监票人核对原票：涂改处为另一位候选人');
  await page.getByTestId('ruling-scrutineer').selectOption({ label: '总监票员（总监票人）' });
  await shot(page, 'v12b-count-ruling');
  await page.getByTestId('ruling-corrected').click();
  // a ruling that changes the ballot is the chair's, as a correction is (issue 12, D1); the PIN
  // dialog says which ballot, what the PIN authorises and who decided
  await expect(page.getByTestId('pin-purpose')).toContainText('第 51 张存疑票：按监票人认定的内容更正后计算（监票人 总监票员 裁定');
  await shot(page, 'v12c-count-ruling-pin');
  await givePin(page);
  await expect(page.getByTestId('doubt')).toHaveCount(0);
  await expect(page.getByTestId('counted')).toHaveText('50');
  await expect(page.getByTestId('count-complete')).toContainText('与票箱收回张数相等');
  // the hall display with 50 ballots counted: every row on one projector screen
  const hall = await page.context().newPage();
  await hall.goto(`${host.url}#/hall`);
  await expect(hall.getByTestId('hall-counted')).toHaveText('50');
  await hall.screenshot({ path: path.join(SHOTS, 'v12c-hall-50.png') });
  await expect(hall.locator('.hall-row').last()).toBeInViewport();
  await hall.close();

  // results: 主任 unfilled (25 : 25, neither over half of 50), the others elected
  await page.getByRole('navigation').getByRole('link', { name: '结果' }).click();
  await expect(page.getByTestId('round-valid')).toBeVisible();
  await expect(page.getByTestId('unfilled-chair')).toContainText('还有 1 个名额没有选出');
  await expect(page.getByTestId('plan-message')).toContainText('另行选举');
  await shot(page, 'v13-results-unfilled');
  await page.getByTestId('round-confirm').click();
  await givePin(page);
  await expect(page.getByTestId('round-confirmed')).toBeVisible();
  await page.getByTestId('round-next').click();
  await expect(page.getByText(/已开始第 2 轮（另行选举）/)).toBeVisible();
  await expect(page.getByTestId('election-line')).toContainText('第 2 轮（另行选举）');
  await expect(page.getByTestId('round-not-counted')).toBeVisible();
  await expect(page.getByTestId('earlier-round')).toContainText('主任无人当选（缺 1 名）');
  await shot(page, 'v14-next-round');
});
