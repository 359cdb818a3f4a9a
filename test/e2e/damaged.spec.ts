/**
 * A damaged data file (issue 6), as the committee meets it: the election is still in the recent list
 * marked damaged, opening it says plainly what happened and what to do, the advised backup is already
 * chosen in “从备份恢复”, and restoring it brings the election back, writable.
 */
import { expect, test } from '@playwright/test';
import { closeSync, openSync, writeSync } from 'node:fs';
import path from 'node:path';
import { apiCall, shot, startTestHost, type TestHost } from './host.js';

let host: TestHost;
test.beforeAll(async () => {
  host = await startTestHost();
});
test.afterAll(async () => {
  await host.dispose();
});

test('a damaged file: listed, plain message on open, the advised backup preselected, restore', async ({ page }) => {
  test.setTimeout(90_000);
  const created = await apiCall<{ id: string }>(host, 'workspace.create', { kind: 'villagers_committee', village: '红石村', township: '清河镇', electionDate: '2026-06-20', drill: true });
  if (!created.ok) throw new Error(created.error.message);
  const id = created.value.id;
  const b = await apiCall<{ backup: { name: string } }>(host, 'backup.create', { reason: 'manual' });
  if (!b.ok) throw new Error(b.error.message);
  expect((await apiCall(host, 'workspace.close', {})).ok).toBe(true);
  // the file's header is overwritten, as a bad sector or a pulled plug in the middle of a copy would
  const fd = openSync(path.join(host.dataDir, 'elections', id, 'election.sqlite'), 'r+');
  writeSync(fd, Buffer.alloc(100, 0x41), 0, 100, 0);
  closeSync(fd);

  await page.goto(host.url);
  const recent = page.getByTestId('recent');
  await expect(recent).toContainText('数据文件损坏');
  await recent.getByRole('button', { name: /红石村/ }).click();
  await expect(page.getByText(/请到.*从备份恢复/).first()).toBeVisible();
  await expect(page.getByTestId('restore-backup')).toHaveValue(b.value.backup.name);
  await expect(page.getByText('手动备份').first()).toBeVisible();
  await expect(page.getByText('file is not a database')).toHaveCount(0);
  await shot(page, 'd01-damaged-open');
  await page.getByTestId('restore-submit').click();
  await expect(page.getByText('已恢复')).toBeVisible();
  await expect(page.getByTestId('current-title')).toContainText('红石村');
  await expect(page.getByTestId('health')).not.toContainText('只读');
  await shot(page, 'd02-damaged-restored');
});
