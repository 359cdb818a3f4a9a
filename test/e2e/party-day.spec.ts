/** A Party branch assembly: the member roll, exclusions with both approvals, the quorum base and sign-in. */
import { expect, test } from '@playwright/test';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { contract } from '../../shared/contract.js';
import { shot, startTestHost, type TestHost } from './host.js';

const NEEDED = ['roll.importPreview', 'roll.importConfirm', 'roll.search', 'roll.publish', 'party.summary', 'party.exclude', 'issue.issue', 'issue.turnout'];
const missing = NEEDED.filter((c) => !(c in contract));
const ROLL_DIR = path.resolve('test/fixtures/roll');
const partyFile = existsSync(ROLL_DIR) ? readdirSync(ROLL_DIR).find((f) => /party|党员/i.test(f) && /\.(csv|xlsx)$/.test(f)) : undefined;

test.skip(missing.length > 0 || !partyFile, `waiting for the station commands ${missing.join(', ')} and a party roll fixture`);

let host: TestHost;
test.beforeAll(async () => {
  host = await startTestHost();
});
test.afterAll(async () => {
  await host.dispose();
});

test('a party assembly with exclusions and the 4/5 quorum', async ({ page }) => {
  await page.goto(host.url);
  await page.getByTestId('create-kind').selectOption('party_branch');
  await page.getByTestId('create-village').fill('青山村');
  await page.getByTestId('create-township').fill('清河镇');
  await page.getByTestId('create-date').fill(new Date().toISOString().slice(0, 10));
  await page.getByTestId('create-submit').click();
  await expect(page.getByTestId('current-title')).toContainText('青山村');

  await page.getByRole('link', { name: '党员名册' }).click();
  await page.getByTestId('roll-file').setInputFiles(path.join(ROLL_DIR, partyFile ?? ''));
  await expect(page.getByTestId('preview-summary')).toBeVisible();
  await shot(page, 'p01-party-roll-preview');
  await page.getByTestId('import-confirm').click();
  const names = await page.locator('[data-testid="roll-table"] tbody tr td:first-child').allTextContents();

  await page.getByRole('link', { name: '党员大会' }).click();
  const base0 = Number(await page.getByTestId('quorum-base').textContent());
  await page.getByTestId('exclude-who').fill(names[names.length - 1] ?? '');
  await page.locator('.suggest li').first().waitFor();
  await page.getByTestId('exclude-who').press('Enter');
  await page.getByTestId('exclude-reason').selectOption({ index: 1 });
  await page.getByTestId('exclude-higher').fill('镇党委〔2026〕3号');
  await page.getByTestId('exclude-assembly').fill('党员大会 2026-06-01 表决通过');
  await page.getByTestId('exclude-add').click();
  await expect(page.getByTestId('quorum-base')).toHaveText(String(base0 - 1));
  await shot(page, 'p02-party-exclusions');

  await page.getByRole('link', { name: '党员名册' }).click();
  await page.getByTestId('roll-publish').click();
  await page.getByRole('link', { name: '发放选票' }).click();
  await page.getByTestId('start-voting').click();
  const search = page.getByTestId('issue-search');
  const need = Math.ceil(((base0 - 1) * 4) / 5);
  for (const n of names.slice(0, need)) {
    await search.fill(n);
    await page.locator('[data-testid="issue-hits"] tr').first().waitFor();
    await search.press('Enter');
    await expect(page.getByTestId('issued-notice')).toContainText(n);
  }
  await expect(page.getByTestId('turnout')).toContainText('已达到');
  await shot(page, 'p03-party-quorum');
});
