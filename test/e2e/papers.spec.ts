/**
 * Issue 14 through the screens. Villagers: the ballot paper printed from the setup page (candidates
 * in 姓氏笔画 order with the pad's numbers, the copies added to the round's printed count for B3), the
 * 届次 / 选字第×号 settings on the forms page, and the papers after counting with the figures
 * adding up. Party: the committee's first plenary electing 书记 and 副书记 on its own page (P10), the
 * result 待上级党组织批复, certificates only after the approval is recorded.
 */
import { expect, test, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { makeIdNumber } from '../../shared/rules/id-number.js';
import { apiMust, shot, startTestHost, type TestHost } from './host.js';

let host: TestHost;
test.beforeAll(async () => {
  host = await startTestHost();
});
test.afterAll(async () => {
  await host.dispose();
});

const must = <T>(command: string, input: unknown = {}): Promise<T> => apiMust<T>(host, command, input);

const flat = (s: string): string => s.replace(/\s+/g, '');

/** The text of a PDF the open election saved under its forms folder. */
function savedPdfText(fileName: string): string {
  const root = path.join(host.dataDir, 'elections');
  for (const e of readdirSync(root)) {
    const file = path.join(root, e, 'forms', fileName);
    if (existsSync(file)) return execFileSync('/usr/bin/pdftotext', ['-layout', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
  }
  throw new Error(`${fileName} not saved`);
}

async function create(page: Page, kind: 'villagers_committee' | 'party_branch'): Promise<void> {
  await page.goto(host.url);
  const start = page.getByRole('link', { name: '开始' });
  if (await start.isVisible()) await start.click();
  await page.getByTestId('create-kind').selectOption(kind);
  await page.getByTestId('create-village').fill('青山村');
  await page.getByTestId('create-township').fill('清河镇');
  await page.getByTestId('create-date').fill(new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10));
  await page.getByTestId('create-real').check();
  await page.getByTestId('create-submit').click();
  await expect(page.getByTestId('current-title')).toContainText('青山村');
}

let seq = 0;
async function person(name: string, party = false): Promise<number> {
  seq += 1;
  const idNumber = makeIdNumber('330103', `19${60 + (seq % 30)}0101`, seq * 2 + 1);
  const r = await must<{ voter: { id: number } }>('roll.add', party ? { name, idNumber, group: '第一党小组', partyStatus: 'full' } : { name, idNumber, group: '第一组', category: 'resident' });
  return r.voter.id;
}

test('villagers: the ballot printed from the setup page, then papers whose figures add up', async ({ page }) => {
  test.setTimeout(180_000);
  await create(page, 'villagers_committee');
  await must('position.set', { positions: [{ key: 'chair', name: '主任', seats: 1 }, { key: 'member', name: '委员', seats: 2 }] });
  // surnames of 9, 2, 7, 4 strokes: the paper lists 丁 王 李 赵 whatever the order of registration
  const names = ['赵敏', '丁一', '李四', '王芳'];
  const ids: Record<string, number> = {};
  for (const n of names) ids[n] = await person(n);
  const others: number[] = [];
  for (let i = 0; i < 8; i++) others.push(await person(`村民${i + 1}`));
  await must('roll.publish', { publishedOn: new Date().toISOString().slice(0, 10) });
  for (const n of ['赵敏', '李四']) await must('candidate.add', { voterId: ids[n], position: 'chair', education: 'senior_high', partyMember: false });
  for (const n of ['王芳', '丁一', '赵敏']) await must('candidate.add', { voterId: ids[n], position: 'member', education: 'senior_high', partyMember: false });

  await page.getByRole('link', { name: '设置' }).click();
  const content = page.getByTestId('ballot-content');
  await expect(content).toContainText('1 李四　2 赵敏');
  await expect(content).toContainText('1 丁一　2 王芳　3 赵敏');
  await expect(page.getByTestId('ballot-copies')).toHaveValue('12'); // one for each registered voter
  await page.getByTestId('ballot-copies').fill('14');
  await page.getByTestId('ballot-print-button').click();
  await expect(page.getByTestId('ballot-done')).toContainText('已生成 14 张选票');
  await expect(page.getByTestId('ballot-printed')).toHaveText('14');
  await shot(page, 'x01-ballot-printed');
  const paper = await must<{ printings: { fileName: string }[] }>('ballot.paper', {});
  const text = flat(savedPdfText(paper.printings[0]?.fileName ?? ''));
  const at = text.indexOf('委员应选2名');
  expect(at).toBeGreaterThan(0);
  expect(text.indexOf('丁一', at)).toBeLessThan(text.indexOf('王芳', at));
  expect(text.indexOf('王芳', at)).toBeLessThan(text.indexOf('赵敏', at));
  expect(text).toContain('青山村村民委员会选举选票');
  expect(savedPdfText(paper.printings[0]?.fileName ?? '').split('\f').filter((p) => p.trim()).length).toBe(14);
  expect((await must<{ printed: number }>('count.summary', {})).printed).toBe(14);

  // settings on the forms page: 届次 and 选字第×号
  await page.getByRole('link', { name: '打印与导出' }).click();
  await page.getByTestId('settings-term').fill('12');
  await page.getByTestId('settings-number').fill('5');
  await page.getByTestId('settings-save').click();
  await expect(page.locator('.field-hint', { hasText: '第十二届' })).toBeVisible();

  // the day: 10 vote, one spoiled ballot replaced; 8 for the slate, 1 blank, 1 over-voting 委员
  await must('election.setPhase', { phase: 'voting', confirm: ['VOTING_BEFORE_DATE'] });
  for (const v of [...Object.values(ids), ...others.slice(0, 6)]) await must('ballot.issue', { voterId: v });
  await must('election.setPhase', { phase: 'counting' });
  await must('box.setCollected', { boxKey: 'main', collected: 10 });
  const pad = await must<{ rounds: { candidates: { id: number; name: string; position: string }[] }[] }>('round.list', {});
  const cand = (pos: string, n: string) => pad.rounds[0]?.candidates.find((c) => c.position === pos && c.name === n)?.id as number;
  for (let i = 0; i < 8; i++) await must('count.recordBallot', { marks: { chair: { for: [cand('chair', '李四')] }, member: { for: [cand('member', '王芳'), cand('member', '丁一')] } } });
  await must('count.recordBallot', { marks: {} });
  await must('count.recordBallot', { marks: { chair: { for: [cand('chair', '赵敏')] }, member: { for: [cand('member', '王芳'), cand('member', '丁一'), cand('member', '赵敏')] } } });
  await must('round.setPrinted', { printed: 14, spoiled: 1 });
  await must('round.confirm', {});

  await page.getByRole('link', { name: '打印与导出' }).click();
  await page.getByTestId('render-tally_sheet').click();
  await expect(page.getByTestId('form-preview')).toContainText('已保存为 PDF');
  const tally = flat(savedPdfText('选票统计表.pdf'));
  expect(tally).toContain('选票核对：印制14张＝发出10张＋作废换发1张＋未用3张');
  expect(tally).toContain('合计＝收回选票10张10'); // 主任: 8 + 1 + 弃权 1 + 无效 0
  // 委员: 16 + 弃权 2 + the over-voting ballot's 委员 part void, 1 × 2 (主任 on it counts)
  expect(tally).toContain('整张无效（0张×应选2名）0');
  expect(tally).toContain('本职位一栏无效（1张×应选2名）2合计＝收回选票10张×应选2名20');
  await page.getByTestId('render-announcement').click();
  await expect(page.getByTestId('form-preview')).toContainText('选举结果公告');
  expect(flat(savedPdfText('选举结果公告.pdf'))).toContain('青山村第十二届村民委员会选举结果公告选字第5号');
  await shot(page, 'x02-forms-after-count');
});

test('party: the committee elects 书记 and 副书记 on its own page; certificates only after the approval (P10)', async ({ page }) => {
  test.setTimeout(180_000);
  await create(page, 'party_branch');
  await must('position.set', { positions: [{ key: 'member', name: '委员', seats: 3 }] });
  const members = ['刘强', '杨红', '黄明', '何伟'];
  const ids: Record<string, number> = {};
  for (const n of members) ids[n] = await person(n, true);
  await must('roll.publish', { publishedOn: new Date().toISOString().slice(0, 10) });
  for (const n of members) await must('candidate.add', { voterId: ids[n], position: 'member', education: 'senior_high', partyMember: true });
  await must('election.setPhase', { phase: 'voting', confirm: ['VOTING_BEFORE_DATE'] });
  for (const n of members) await must('ballot.issue', { voterId: ids[n] });
  await must('election.setPhase', { phase: 'counting' });
  await must('box.setCollected', { boxKey: 'main', collected: 4 });
  const pad = await must<{ rounds: { candidates: { id: number; name: string }[] }[] }>('round.list', {});
  const c = (n: string) => pad.rounds[0]?.candidates.find((x) => x.name === n)?.id as number;
  for (let i = 0; i < 4; i++) await must('count.recordBallot', { marks: { member: { for: [c('刘强'), c('杨红'), c('黄明')], against: [c('何伟')] } } });
  await must('round.confirm', {});

  await page.getByRole('link', { name: '书记选举' }).click();
  await expect(page.getByTestId('secretary-status')).toHaveText('尚未选举');
  await page.getByTestId('sec-cand-刘强').check();
  await page.getByTestId('dep-seats').selectOption('1');
  await page.getByTestId('dep-cand-杨红').check();
  await page.getByTestId('secretary-start-button').click();
  for (const n of ['刘强', '杨红', '黄明']) await page.getByTestId(`present-${n}`).check();
  await page.getByTestId('secretary-present').click();
  // three ballots: 刘强 赞成 ×3; 杨红 赞成 ×2 and 不赞成 ×1 (2 of 3 members: more than half)
  for (let i = 0; i < 3; i++) {
    await expect(page.getByTestId('secretary-entry')).toBeVisible();
    await page.getByTestId('mark-secretary-刘强').selectOption('for');
    await page.getByTestId('mark-deputy-杨红').selectOption(i < 2 ? 'for' : 'against');
    await page.getByTestId('secretary-record').click();
    await expect(page.getByTestId('secretary-ballots').locator('tbody tr')).toHaveCount(i + 1);
  }
  await page.getByTestId('secretary-ballot').click();
  await page.getByTestId('secretary-collected').fill('3');
  await page.getByTestId('secretary-collected-save').click();
  await page.getByTestId('secretary-confirm').click();
  await expect(page.getByTestId('secretary-elected')).toHaveText('书记：刘强；副书记：杨红');
  await expect(page.getByTestId('secretary-status')).toHaveText('书记已选出，待上级党组织批复');
  await expect(page.getByTestId('secretary-certificates')).toBeDisabled();
  await page.getByTestId('secretary-report').click();
  await expect(page.getByTestId('open-secretary_report')).toBeVisible();
  expect(flat(savedPdfText('书记副书记选举结果报告单.pdf'))).toContain('本选举结果待上级党组织批复');
  await shot(page, 'x03-secretary-awaiting-approval');

  await page.getByTestId('approval-ref').fill('清河镇党委〔2026〕18号');
  await page.getByTestId('approval-date').fill('2026-07-02');
  await page.getByTestId('approval-save').click();
  await expect(page.getByTestId('secretary-status')).toHaveText('上级党组织已批复');
  await page.getByTestId('secretary-certificates').click();
  await expect(page.getByTestId('open-certificates')).toBeVisible();
  const certs = flat(savedPdfText('当选证书.pdf'));
  expect(certs).toContain('刘强同志');
  expect(certs).toContain('经委员会第一次全体会议选举为书记');
  await shot(page, 'x04-secretary-approved');
});
