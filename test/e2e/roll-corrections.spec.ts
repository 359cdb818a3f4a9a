/**
 * Issue 10, the clerk's everyday roll work through the screens: a 20,000-voter roll scrolls to its
 * last person with only the rows in view drawn, and its group boxes (一组 … 十二组, in that order)
 * add up to the total; one voter added with the import's checks (R1, R3 refusals in plain words);
 * a correction with its reason kept as history; a removal (R4) and a registration again by the
 * committee's decision; a file with one ID number twice, where the clerk picks the genuine row and
 * rows already on the roll read 已登记 (R3); objections with their R5 dates, one overdue; the issue
 * desk finding a voter by the 选民证 number typed and by its barcode scanned (digits, then Enter).
 */
import { expect as baseExpect, test, type Page } from '@playwright/test';
import { makeIdNumber } from '../../shared/rules/id-number.js';
import { cardCode, cardNumber } from '../../shared/voter-card.js';
import { apiMust, startTestHost, type TestHost } from './host.js';

const expect = baseExpect.configure({ timeout: 15_000 });

const GROUPS = ['一组', '二组', '三组', '四组', '五组', '六组', '七组', '八组', '九组', '十组', '十一组', '十二组'];
const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董潘袁蔡蒋余杜叶程魏苏吕丁任卢姚沈钟姜崔谭陆范汪廖石金';
const GIVEN = '伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂华建国志红玉梅兵林飞鹏辉斌波宇浩凯健俊帆';
const N = 20_000;
const iso = (d: Date): string => d.toISOString().slice(0, 10);
const TODAY = iso(new Date());
const addDays = (day: string, n: number): string => iso(new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000));

interface P {
  name: string;
  id: string;
  group: string;
}
/** 20,000 distinct people, groups shuffled through the file (the station lists them by group). */
function people(): P[] {
  let seed = 7;
  const rnd = (k: number): number => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return (seed >>> 8) % k;
  };
  const out: P[] = [];
  for (let i = 0; i < N; i++) {
    const birth = iso(new Date(Date.UTC(1945, 0, 1 + (i % 15_000)))).replace(/-/g, '');
    const name = SURNAMES.charAt(rnd(SURNAMES.length)) + GIVEN.charAt(rnd(GIVEN.length)) + GIVEN.charAt(rnd(GIVEN.length));
    out.push({ name, id: makeIdNumber('330102', birth, 100 + Math.floor(i / 15_000) * 2 + 1), group: GROUPS[rnd(GROUPS.length)] ?? '一组' });
  }
  return out;
}
const csv = (rows: string[][]): string => '\ufeff' + rows.map((r) => r.join(',')).join('\r\n') + '\r\n';
const b64 = (s: string): string => Buffer.from(s, 'utf8').toString('base64');

let host: TestHost;
let electionId = '';
const ROLL = people();

const must = <T>(command: string, input: unknown = {}): Promise<T> => apiMust<T>(host, command, input);
const voterIdOf = async (idNumber: string): Promise<number> =>
  (await must<{ voters: { id: number; idNumber: string; removed: boolean }[] }>('roll.search', { query: idNumber })).voters.find((v) => v.idNumber === idNumber && !v.removed)?.id ?? 0;

async function openRoll(page: Page): Promise<void> {
  await page.goto(`${host.url}#/roll`);
  await expect(page.getByTestId('roll-counts')).toBeVisible();
}

test.describe.configure({ mode: 'serial' });
test.beforeAll(async () => {
  host = await startTestHost();
});
test.afterAll(async () => {
  await host.dispose();
});

test('20,000 voters: the list scrolls to the last one drawing only the rows in view; 一组 … 十二组 add up to the total', async ({ page }) => {
  test.setTimeout(90_000);
  await page.goto(host.url);
  await page.getByTestId('create-village').fill('青山村');
  await page.getByTestId('create-township').fill('清河镇');
  await page.getByTestId('create-date').fill(addDays(TODAY, 40));
  await page.getByTestId('create-real').check();
  await page.getByTestId('create-submit').click();
  await expect(page.getByTestId('current-title')).toContainText('青山村');
  electionId = (await must<{ current: { election: { id: string } } }>('workspace.current', {})).current.election.id;
  await must('position.set', { positions: [{ key: 'chair', name: '主任', seats: 1 }, { key: 'member', name: '委员', seats: 2 }] });

  // the roll itself is set up through the API (the import screen has its own e2e)
  const file = csv([['姓名', '身份证号码', '村民小组', '类别'], ...ROLL.map((p) => [p.name, p.id, p.group, '户籍在本村且居住'])]);
  const pre = await must<{ previewId: string; summary: { importable: number } }>('roll.importPreview', { dataBase64: b64(file), fileName: '全村选民.csv' });
  expect(pre.summary.importable).toBe(N);
  expect((await must<{ imported: number }>('roll.importConfirm', { previewId: pre.previewId })).imported).toBe(N);

  await page.getByRole('navigation').getByRole('link', { name: '选民登记' }).click();
  await expect(page.getByTestId('roll-registered')).toHaveText(String(N));
  // every group, in natural order, and the boxes add up to the total shown
  const boxes = page.getByTestId('group-count');
  await expect(boxes).toHaveCount(GROUPS.length);
  expect(await boxes.evaluateAll((els) => els.map((e) => e.getAttribute('data-group')))).toEqual(GROUPS);
  const values = (await page.getByTestId('group-count-value').allTextContents()).map(Number);
  const expected = GROUPS.map((g) => ROLL.filter((p) => p.group === g).length);
  expect(values).toEqual(expected);
  expect(values.reduce((a, b) => a + b, 0)).toBe(Number(await page.getByTestId('roll-registered').textContent()));
  await expect(page.getByTestId('group-sum')).toHaveText(`各组合计 ${N} 人`);

  // station order: by group, then as registered
  const order = GROUPS.flatMap((g) => ROLL.filter((p) => p.group === g));
  const scroller = page.getByTestId('roll-scroll');
  await expect(page.getByTestId('roll-row').first()).toContainText(order[0]?.name ?? '');
  expect(await page.getByTestId('roll-row').count()).toBeLessThan(60);
  // the middle of the roll, then the very last voter
  await scroller.scrollIntoViewIfNeeded();
  await scroller.evaluate((el) => (el.scrollTop = 10_000 * 40));
  const mid = order[10_000];
  await expect(page.locator(`[data-testid="roll-row"][data-voter="${await voterIdOf(mid?.id ?? '')}"]`)).toBeInViewport();
  await scroller.evaluate((el) => (el.scrollTop = el.scrollHeight));
  const lastP = order[N - 1];
  const lastRow = page.locator(`[data-testid="roll-row"][data-voter="${await voterIdOf(lastP?.id ?? '')}"]`);
  await expect(lastRow).toBeInViewport();
  await expect(lastRow).toContainText(lastP?.name ?? '');
  await expect(lastRow).toContainText('十二组');
  expect(await page.getByTestId('roll-row').count()).toBeLessThan(60);
  await page.screenshot({ path: '/tmp/roll-20000-bottom.png' });
});

test('one voter added with the import’s checks (R1, R3), corrected with a reason, removed (R4) and registered again', async ({ page }) => {
  await openRoll(page);
  const add = page.getByTestId('add-voter');
  const taken = ROLL[3] as P;
  // R1: a wrong check digit, in plain words (the rule id only in the grey note)
  const good = makeIdNumber('330103', '19880512', 122); // even: a woman
  const badCheck = good.slice(0, 17) + (good.endsWith('0') ? '1' : '0');
  await page.getByTestId('add-name').fill('钱小梅');
  await page.getByTestId('add-id').fill(badCheck);
  await page.getByTestId('add-group').fill('三组');
  await page.getByTestId('add-submit').click();
  const err = page.getByTestId('add-error');
  await expect(err).toContainText('身份证号码有误');
  expect(await err.textContent()).not.toMatch(/：R1/);
  await expect(err.locator('.rule-note')).toHaveText('（依据 R1）');
  // R1: under 18 on election day
  await page.getByTestId('add-id').fill(makeIdNumber('330103', `${Number(TODAY.slice(0, 4)) - 10}0101`, 124));
  await page.getByTestId('add-submit').click();
  await expect(err).toContainText('未满 18 周岁');
  // R3: a number on the roll already, named with its card number
  await page.getByTestId('add-id').fill(taken.id);
  await page.getByTestId('add-submit').click();
  await expect(err).toContainText(`已经登记（${taken.name}，证号 ${cardNumber(await voterIdOf(taken.id))}）`);
  await add.screenshot({ path: '/tmp/roll-add-refused.png' });
  // now right
  await page.getByTestId('add-id').fill(good);
  await page.getByTestId('add-submit').click();
  await expect(page.getByTestId('add-done')).toContainText('已登记 钱小梅（女，');
  await expect(add.getByTestId('add-name')).toHaveValue('');
  await expect(page.getByTestId('roll-registered')).toHaveText(String(N + 1));
  const panel = page.getByTestId('voter-panel');
  await expect(panel).toContainText('钱小梅');
  const newId = await voterIdOf(good);
  await expect(panel.getByTestId('voter-card')).toHaveText(cardNumber(newId));
  await expect(panel.getByTestId('voter-history-empty')).toBeVisible();

  // correct the name and the group: the reason is required; the history keeps both values
  await panel.getByTestId('voter-correct').click();
  await panel.getByTestId('correct-name').fill('钱晓梅');
  await panel.getByTestId('correct-group').fill('四组');
  await panel.getByTestId('correct-submit').click();
  await expect(panel.getByTestId('correct-error')).toContainText('请写明更正的原因');
  await panel.getByTestId('correct-reason').fill('对照户口簿，姓名录入有误，实住四组');
  await panel.getByTestId('correct-submit').click();
  await expect(panel.getByTestId('voter-notice')).toHaveText('已保存更正。');
  const history = panel.getByTestId('voter-history');
  await expect(history).toContainText('钱小梅 → 钱晓梅');
  await expect(history).toContainText('三组 → 四组');
  await expect(history).toContainText('对照户口簿，姓名录入有误，实住四组');
  await expect(panel.locator('h3').first()).toContainText('钱晓梅');
  await expect(panel.getByTestId('voter-card')).toHaveText(cardNumber(newId));
  // the group boxes follow the correction: 三组 back to the file's count, 四组 one more
  const groupBox = (g: string) => page.locator(`[data-testid="group-count"][data-group="${g}"] [data-testid="group-count-value"]`);
  await expect(groupBox('三组')).toHaveText(String(ROLL.filter((p) => p.group === '三组').length));
  await expect(groupBox('四组')).toHaveText(String(ROLL.filter((p) => p.group === '四组').length + 1));
  // the ID number corrected to one on the roll: refused (R3), in plain words
  await panel.getByTestId('voter-correct').click();
  await panel.getByTestId('correct-id').fill(taken.id);
  await panel.getByTestId('correct-reason').fill('号码抄错');
  await panel.getByTestId('correct-submit').click();
  await expect(panel.getByTestId('correct-error')).toContainText('已经登记');
  await panel.getByRole('button', { name: '取消' }).click();
  // search finds the corrected name; the list marks the row
  await page.getByTestId('roll-search').fill('钱晓梅');
  await expect(page.getByTestId('roll-row')).toHaveCount(1);
  await expect(page.getByTestId('roll-row')).toContainText('已更正');
  await page.screenshot({ path: '/tmp/roll-corrected.png', fullPage: true });

  // remove (R4), then the committee decides to register again: a new card number, the old row kept
  await panel.getByTestId('voter-remove').click();
  await panel.getByTestId('remove-reason').selectOption('moved');
  await panel.getByTestId('remove-note').fill('迁往县城');
  await panel.getByTestId('remove-confirm').click();
  await expect(panel.getByTestId('voter-removal')).toContainText('原因：迁出（迁往县城）');
  await expect(page.getByTestId('roll-registered')).toHaveText(String(N));
  await expect(page.getByTestId('roll-removed')).toHaveText('1');
  await panel.getByTestId('voter-reregister').click();
  await panel.getByTestId('rereg-submit').click();
  await expect(panel.getByTestId('rereg-error')).toContainText('请填写选举委员会决定的依据');
  await panel.getByTestId('rereg-ref').fill('选举委员会第3次会议纪要');
  await panel.getByTestId('rereg-submit').click();
  const again = page.getByTestId('voter-panel');
  await expect(again.getByTestId('voter-rereg')).toContainText('选举委员会第3次会议纪要');
  await expect(again.getByTestId('voter-rereg')).toContainText(`原来的证号 ${cardNumber(newId)} 不能再用`);
  const reId = await voterIdOf(good);
  expect(reId).not.toBe(newId);
  await expect(again.getByTestId('voter-card')).toHaveText(cardNumber(reId));
  await expect(page.getByTestId('roll-registered')).toHaveText(String(N + 1));
  await expect(page.getByTestId('roll-row')).toHaveCount(2);
  await expect(page.getByTestId('roll-row').filter({ hasText: '已移除：迁出（已重新登记）' })).toHaveCount(1);
  await page.getByTestId('roll-search').fill('');
  await expect(page.getByTestId('roll-row').first()).toBeVisible();
  await page.screenshot({ path: '/tmp/roll-page.png', fullPage: true });
});

test('a file with one ID number twice: the clerk picks the genuine row; rows on the roll read 已登记 (R3)', async ({ page }) => {
  await openRoll(page);
  const dupId = makeIdNumber('330104', '19700304', 211);
  const other = makeIdNumber('330104', '19810707', 212);
  const onRoll = ROLL[10] as P;
  const file = csv([
    ['姓名', '身份证号码', '村民小组', '类别'],
    ['孙立新', dupId, '五组', '户籍在本村且居住'], // row 2: a typing slip put this number on two people
    [onRoll.name, onRoll.id, onRoll.group, '户籍在本村且居住'], // row 3: on the roll already
    ['孙立', dupId, '五组', '户籍在本村且居住'], // row 4: the same number again
    ['周红', other, '六组', '户籍在本村且居住'], // row 5
    ['错号码', '33010419800101000', '六组', '户籍在本村且居住'], // row 6: an error (17 digits)
  ]);
  await page.getByTestId('roll-file').setInputFiles({ name: '补充名单.csv', mimeType: 'text/csv', buffer: Buffer.from(file, 'utf8') });
  await expect(page.getByTestId('preview-summary')).toContainText('1 人已在名单上（已登记，不再导入）');
  await expect(page.getByTestId('preview-row-3')).toContainText('已登记');
  await expect(page.getByTestId('preview-row-3')).not.toHaveClass(/bad/);
  const group = page.getByTestId('dup-group');
  await expect(group).toHaveCount(1);
  await expect(group).toContainText(dupId);
  await expect(group).toContainText('第 2 行：孙立新');
  await expect(group).toContainText('第 4 行：孙立');
  // nothing is imported while the number is undecided
  await expect(page.getByTestId('dup-unpicked')).toContainText('第 2、4 行');
  await expect(page.getByTestId('import-confirm')).toBeDisabled();
  await page.getByTestId('dup-pick-4').check();
  await expect(page.getByTestId('dup-unpicked')).toHaveCount(0);
  await expect(page.getByTestId('import-confirm')).toHaveText('只导入没有错误的 2 人');
  await page.screenshot({ path: '/tmp/roll-import-dup.png', fullPage: true });
  await page.getByTestId('import-confirm').click();
  await expect(page.getByTestId('import-done')).toContainText('已导入 2 人，跳过有错误的 1 行，1 人原已登记，重复号码中没有选定的 1 行未导入。');
  expect((await must<{ voters: { name: string }[] }>('roll.search', { query: dupId })).voters.map((v) => v.name)).toEqual(['孙立']);
  await expect(page.getByTestId('roll-registered')).toHaveText(String(N + 3));
});

test('objections (R5): filed, listed with their dates in Chinese, an overdue one said plainly, one decided and its voter removed', async ({ page }) => {
  // published 20 days ago (the publish button publishes today; the dates are the point here)
  const publishedOn = addDays(TODAY, -20);
  await must('roll.publish', { publishedOn });
  const d = (await must<{ deadlines: { objectionDays: number; objectionDecisionDays: number } }>('roll.objections', {})).deadlines;
  const filedEarly = addDays(publishedOn, 1);
  await page.goto(`${host.url}#/roll`);
  await page.getByRole('navigation').getByRole('link', { name: '名单异议' }).click();
  const cn = (day: string) => `${Number(day.slice(0, 4))}年${Number(day.slice(5, 7))}月${Number(day.slice(8, 10))}日`;
  const periods = page.getByTestId('objection-deadlines');
  await expect(page.getByTestId('objection-deadline')).toHaveText(cn(addDays(publishedOn, d.objectionDays)));
  await expect(page.getByTestId('objection-period-over')).toContainText(`异议期已于 ${cn(addDays(publishedOn, d.objectionDays))}结束`);
  await expect(periods).toContainText(cn(publishedOn));

  // one about a voter, filed in the period; never decided, so overdue
  const target = ROLL[20] as P;
  await page.getByTestId('objection-date').fill(filedEarly);
  await page.getByTestId('objection-by').fill('赵大有');
  await page.getByTestId('objection-voter').fill(target.name);
  await page.getByRole('option').filter({ hasText: `${target.name} …${target.id.slice(-4)}` }).click();
  await expect(page.getByTestId('objection-voter-picked')).toHaveText(target.name);
  await page.getByTestId('objection-content').fill('此人户口已迁出本村三年，不在本村居住。');
  await page.getByTestId('objection-submit').click();
  await expect(page.getByTestId('objection-notice')).toHaveText('已登记异议。');
  // one today, about someone not on the roll: late (the period is over), said in plain words
  await page.getByTestId('objection-by').fill('钱二');
  await page.getByTestId('objection-subject').fill('钱三');
  await page.getByTestId('objection-content').fill('钱三在本村居住满一年，应当登记。');
  await page.getByTestId('objection-submit').click();
  await expect(page.getByTestId('objection-warnings')).toContainText(`异议应在名单公布之日起 ${d.objectionDays} 日内提出，本异议在公布后第 20 日提出`);
  expect(await page.getByTestId('objection-warnings').textContent()).not.toMatch(/^R5/);
  await expect(page.getByTestId('objection-warnings').locator('.rule-note')).toHaveText('（依据 R5）');

  const rows = page.getByTestId('objection-row');
  await expect(rows).toHaveCount(2);
  const first = rows.filter({ hasText: '赵大有' });
  const decideBy = addDays(filedEarly, d.objectionDecisionDays);
  await expect(first.getByTestId('objection-decide-by')).toContainText(`已过处理期限（应于 ${cn(decideBy)}前决定`);
  await expect(page.getByTestId('objections-overdue')).toContainText('有 1 条异议已过处理期限');
  const second = rows.filter({ hasText: '钱二' });
  await expect(second).toContainText('逾期提出');
  await expect(second.getByTestId('objection-decide-by')).toContainText(`请于 ${cn(addDays(TODAY, d.objectionDecisionDays))}前作出决定`);
  await page.screenshot({ path: '/tmp/objections.png', fullPage: true });

  // decide the first: upheld, and the voter taken off the roll in the same step
  const id = await first.getAttribute('data-objection');
  await page.getByTestId(`decide-${id}`).click();
  await page.getByTestId('decide-upheld').check();
  await page.getByTestId('decide-remove').check();
  await page.getByTestId('decide-note').fill('经核实户口已迁出');
  await page.getByTestId('decide-submit').click();
  await expect(page.getByTestId('objection-notice')).toHaveText(`已保存第 ${id} 条异议的决定。`);
  await expect(first.getByTestId('objection-result')).toContainText(`异议成立（${cn(TODAY)}）`);
  await expect(first.getByTestId('objection-result')).toContainText('逾期作出');
  await expect(page.getByTestId('objections-overdue')).toHaveCount(0);
  const removed = (await must<{ voters: { removed: boolean; removal: { reasonLabel: string } | null }[] }>('roll.search', { query: target.id })).voters[0];
  expect(removed?.removal?.reasonLabel).toBe('异议成立');
  await page.screenshot({ path: '/tmp/objections-decided.png', fullPage: true });
  // the list published again after the removal: both publications listed, the period counted from the last
  await must('roll.publish', { publishedOn: TODAY });
  await page.reload();
  await expect(page.getByTestId('publications')).toContainText(`公布过 2 次：${cn(publishedOn)}（${N + 3} 人）、${cn(TODAY)}（${N + 2} 人）`);
  await expect(page.getByTestId('objection-deadline')).toHaveText(cn(addDays(TODAY, d.objectionDays)));
  await expect(page.getByTestId('objection-period-over')).toHaveCount(0);
});

test('issue desk: the 选民证 number typed, and its barcode scanned (digits then Enter at once), finds the voter (R6)', async ({ page }) => {
  // candidates (set up through the API: the setup page has its own e2e)
  for (const i of [40, 41]) await must('candidate.add', { voterId: await voterIdOf(ROLL[i]?.id ?? ''), position: 'chair', education: 'senior_high', partyMember: false });
  for (const i of [42, 43, 44]) await must('candidate.add', { voterId: await voterIdOf(ROLL[i]?.id ?? ''), position: 'member', education: 'senior_high', partyMember: false });
  await page.goto(`${host.url}#/issue`);
  await page.getByTestId('start-voting').click();
  // a real election before its date: the desk asks once more (B7), and the committee goes ahead
  await expect(page.getByTestId('start-voting-ask')).toContainText('还没有到选举日');
  await page.getByTestId('start-voting-anyway').click();
  const search = page.getByTestId('issue-search');
  await expect(search).toBeVisible();
  // scanned: the barcode's ten digits and Enter, faster than the search answers
  const a = ROLL[30] as P;
  const aId = await voterIdOf(a.id);
  await search.focus();
  await page.keyboard.type(cardCode(electionId, aId), { delay: 0 });
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('issued-notice')).toContainText(a.name);
  await expect(search).toHaveValue('');
  // typed: the six digits printed on the card; the card's voter comes first, Enter issues to them
  const b = ROLL[31] as P;
  const bId = await voterIdOf(b.id);
  await search.fill(cardNumber(bId));
  await expect(page.getByTestId('issue-hit').first()).toContainText(b.name);
  await expect(page.getByTestId('issue-hit').first()).toContainText(`选民证证号 ${cardNumber(bId)}`);
  await page.screenshot({ path: '/tmp/issue-card.png' });
  await search.press('Enter');
  await expect(page.getByTestId('issued-notice')).toContainText(b.name);
  // the card of the voter the objection removed: said so, nobody offered
  const gone = ROLL[20] as P;
  const goneId = (await must<{ voters: { id: number }[] }>('roll.search', { query: gone.id })).voters[0]?.id ?? 0;
  await search.fill(cardCode(electionId, goneId));
  await expect(page.getByTestId('card-notice')).toContainText('这个登记已经移除');
  await expect(page.getByTestId('issue-hit')).toHaveCount(0);
  // another election's card
  const tag = cardCode(electionId, 1).slice(0, 4);
  const otherTag = String((Number(tag) + 1) % 10_000).padStart(4, '0');
  await search.fill(`${otherTag}${cardNumber(aId)}`);
  await expect(page.getByTestId('card-notice')).toContainText('这张选民证不是本次选举的');
});
