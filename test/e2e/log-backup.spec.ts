/**
 * Issue 10 — 记录与备份: a manual backup says when and where it was written (and the file is there);
 * the audit log reads in Chinese and filters by operation, time and ballot number.
 */
import { expect as baseExpect, test } from '@playwright/test';
import { existsSync } from 'node:fs';
import path from 'node:path';
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

test('a manual backup and the readable audit log, filtered by operation, time and ballot', async ({ page }) => {
  const day = await countingDay(host, 12);
  const recorded: number[] = [];
  for (let i = 0; i < 4; i++) recorded.push((await day.call<{ ballotId: number }>('count.recordBallot', { marks: day.marks(day.chair[i % 2] ?? 0) })).ballotId);
  await day.call('count.voidBallot', { ballotId: recorded[0], reason: '唱票时重复录入' });
  await day.call('count.markDoubtful', { ballotId: recorded[2], note: '勾在两格之间' });
  await day.call('count.rule', { ballotId: recorded[2], ruling: 'as_recorded', scrutineerId: day.scrutineers[1], reason: '监票人一致认为意思清楚' });

  await page.goto(host.url);
  await page.getByRole('navigation').getByRole('link', { name: '记录与备份' }).click();

  // the backup: when and where, and the file is really there
  await page.getByTestId('backup-now').click();
  const done = page.getByTestId('backup-done');
  await expect(done).toContainText('已备份：');
  const text = (await done.innerText()).replace(/\s+/g, ' ');
  const folder = /保存在本机的 (.+?) 文件名/.exec(text)?.[1]?.trim() ?? '';
  const name = /文件名 (\S+?)（/.exec(text)?.[1] ?? '';
  expect(folder.startsWith(host.dataDir)).toBe(true);
  expect(existsSync(path.join(folder, name))).toBe(true);
  await expect(page.getByTestId('backup-list')).toContainText('手动备份');

  // the whole log, newest first, in words
  const table = page.getByTestId('log-table');
  await expect(table).toContainText('监票人对存疑票作出裁定');
  await expect(table).toContainText('监票人：监票员乙');
  await shot(page, 'log-01-all');
  const words = await table.innerText();
  // no command names, field names or position keys (PDF and U 盘 are the clerk's own words)
  expect(words.replace(/PDF|U 盘/g, '')).not.toMatch(/[A-Za-z_]{2,}/);

  // by operation
  await page.getByTestId('log-command').selectOption({ label: '作废一条录错的选票记录（1 次）' });
  await page.getByTestId('log-apply').click();
  await expect(page.getByTestId('log-row')).toHaveCount(1);
  await expect(page.getByTestId('log-row')).toContainText('第 1 张（第 1 轮）');
  await expect(page.getByTestId('log-row')).toContainText('理由：唱票时重复录入');

  // by ballot number: recorded, sent to the scrutineers, ruled
  await page.getByTestId('log-command').selectOption({ label: '全部操作' });
  await page.getByTestId('log-ballot').fill('3');
  await page.getByTestId('log-apply').click();
  await expect(page.getByTestId('log-row')).toHaveCount(3);
  await expect(page.getByTestId('log-row').first()).toContainText('裁定：按录入计算');
  await shot(page, 'log-02-ballot-3');

  // by time: from tomorrow finds nothing, said so; a wrong ballot number is said in words
  const tomorrow = new Date(Date.now() + 86_400_000);
  const p = (n: number) => String(n).padStart(2, '0');
  await page.getByTestId('log-from').fill(`${tomorrow.getFullYear()}-${p(tomorrow.getMonth() + 1)}-${p(tomorrow.getDate())}T08:00`);
  await page.getByTestId('log-apply').click();
  await expect(page.getByTestId('log-empty')).toBeVisible();
  await page.getByTestId('log-ballot').fill('三');
  await page.getByTestId('log-apply').click();
  await expect(page.getByRole('alert')).toContainText('选票号请填写数字');
});
