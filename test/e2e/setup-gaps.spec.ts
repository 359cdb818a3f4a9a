/**
 * Screens that closed the gaps of the election day: the chair's and staff PINs on 设置 (and the start
 * page's nudge on a real election), the mobile box (流动票箱) on 发放选票 with turnout by way (B1, B2),
 * printed and spoiled ballots with the B3 and B4 checks on 结果, and 大屏 as its own window.
 */
import { expect as baseExpect, test, type Page } from '@playwright/test';
import { makeIdNumber } from '../../shared/rules/id-number.js';
import { apiCall, shot, startTestHost, type TestHost } from './host.js';

const expect = baseExpect.configure({ timeout: 15_000 });

let host: TestHost;
test.beforeAll(async () => {
  host = await startTestHost();
});
test.afterAll(async () => {
  await host.dispose();
});

async function ok<T>(command: string, input: unknown): Promise<T> {
  const r = await apiCall<T>(host, command, input);
  if (!r.ok) throw new Error(`${command} refused: ${r.error.code} ${r.error.message}`);
  return r.value;
}

/** auth.check with a PIN in the header, as the page sends it after the PIN dialog. */
async function checkPin(role: 'chair' | 'staff', pin: string): Promise<string> {
  const res = await fetch(`${host.url}api/auth.check`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-station-token': host.token, 'x-station-pin': pin },
    body: JSON.stringify({ role }),
  });
  const r = (await res.json()) as { ok: boolean; error?: { code: string } };
  return r.ok ? 'ok' : (r.error?.code ?? '?');
}

const electionDay = () => new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
const VOTERS = ['周一民', '吴二妹', '郑三强', '王四海', '冯五福', '陈六顺'];

/** A real (non-drill) villagers' election with six voters and candidates, in the voting phase. */
async function votingElection(village: string): Promise<Map<string, number>> {
  await ok('workspace.create', { kind: 'villagers_committee', village, township: '清河镇', electionDate: electionDay(), profile: 'national', drill: false });
  await ok('position.set', { positions: [{ key: 'chair', name: '主任', seats: 1 }, { key: 'member', name: '委员', seats: 2 }] });
  const ids = new Map<string, number>();
  for (const [i, name] of VOTERS.entries()) {
    const v = await ok<{ voter: { id: number } }>('roll.add', { name, idNumber: makeIdNumber('330103', `1970010${i + 1}`, 101 + 2 * i), group: '第一组', category: 'resident' });
    ids.set(name, v.voter.id);
  }
  await ok('roll.publish', {});
  const cand = (name: string, position: string) => ok('candidate.add', { voterId: ids.get(name), position, education: 'senior_high', partyMember: false });
  await cand('周一民', 'chair');
  await cand('陈六顺', 'chair');
  await cand('吴二妹', 'member');
  await cand('郑三强', 'member');
  await cand('冯五福', 'member');
  // a real election started before its date: the committee confirms it once more (B7)
  await ok('election.setPhase', { phase: 'voting', confirm: ['VOTING_BEFORE_DATE'] });
  return ids;
}

async function giveChairPin(page: Page, pin: string) {
  const box = page.getByRole('dialog').getByRole('textbox', { name: '主任密码' });
  await expect(box).toBeVisible();
  await box.fill(pin);
  await box.press('Enter');
}

test('PINs: the start page nudges a real election, 设置 sets and changes both PINs', async ({ page }) => {
  await page.goto(host.url);
  await page.getByTestId('create-village').fill('石桥村');
  await page.getByTestId('create-township').fill('清河镇');
  await page.getByTestId('create-date').fill(electionDay());
  await page.getByTestId('create-real').check();
  await page.getByTestId('create-submit').click();
  await expect(page.getByTestId('current-title')).toContainText('石桥村');
  await expect(page.getByTestId('chair-pin-nudge')).toContainText('还没有设置选举委员会主任密码');
  await shot(page, 'g01-start-pin-nudge');

  // The nudge leads to the 密码 section, its first box focused
  await page.getByTestId('goto-pins').click();
  await expect(page).toHaveURL(/#\/setup\?pins$/);
  await expect(page.getByTestId('pin-status-chair')).toHaveText('未设置');
  await expect(page.getByTestId('pin-status-staff')).toHaveText('未设置');
  await expect(page.getByTestId('pin-new-chair')).toBeFocused();
  await expect(page.getByTestId('pins-guarded')).toContainText('批准委托投票');
  await expect(page.getByTestId('pins-guarded')).toContainText('确认本轮结果并锁定');
  await expect(page.getByTestId('pins-guarded')).toContainText('从备份恢复数据');
  // a villagers' election has no party-meeting exclusions
  await expect(page.getByTestId('pins-guarded')).not.toContainText('党员');

  // Typed twice; a mismatch and a short PIN are refused in place, nothing is saved
  await page.getByTestId('pin-new-chair').fill('1357');
  await page.getByTestId('pin-again-chair').fill('1358');
  await page.getByTestId('pin-again-chair').press('Enter');
  await expect(page.getByTestId('pin-form-chair').getByRole('alert')).toContainText('两次输入的密码不一样');
  await page.getByTestId('pin-new-chair').fill('135');
  await page.getByTestId('pin-again-chair').fill('135');
  await page.getByTestId('pin-save-chair').click();
  await expect(page.getByTestId('pin-form-chair').getByRole('alert')).toContainText('4 到 8 位数字');
  // letters are not taken at all
  await page.getByTestId('pin-new-chair').fill('');
  await page.getByTestId('pin-new-chair').pressSequentially('12ab34');
  await expect(page.getByTestId('pin-new-chair')).toHaveValue('1234');
  expect((await ok<{ chairPinSet: boolean }>('auth.status', {})).chairPinSet).toBe(false);

  // The first chair PIN needs no PIN
  await page.getByTestId('pin-new-chair').fill('1357');
  await page.getByTestId('pin-again-chair').fill('1357');
  await page.getByTestId('pin-again-chair').press('Enter');
  await expect(page.getByTestId('pin-saved-chair')).toBeVisible();
  await expect(page.getByTestId('pin-status-chair')).toHaveText('已设置');
  expect(await checkPin('chair', '1357')).toBe('ok');
  await shot(page, 'g02-setup-pins-set');

  // Changing it asks for the current chair PIN; a wrong one is asked again, cancel leaves it unchanged
  await page.getByTestId('pin-new-chair').fill('97531');
  await page.getByTestId('pin-again-chair').fill('97531');
  await page.getByTestId('pin-save-chair').click();
  await giveChairPin(page, '0000');
  await expect(page.getByRole('dialog')).toContainText('密码不对');
  await shot(page, 'g03-setup-pin-change-dialog');
  await page.getByRole('dialog').getByRole('button', { name: '取消' }).click();
  await expect(page.getByTestId('pin-form-chair').getByRole('alert')).toContainText('密码不对');
  expect(await checkPin('chair', '1357')).toBe('ok');
  await page.getByTestId('pin-save-chair').click();
  await giveChairPin(page, '1357');
  await expect(page.getByTestId('pin-saved-chair')).toBeVisible();
  expect(await checkPin('chair', '1357')).toBe('PIN_WRONG');
  expect(await checkPin('chair', '97531')).toBe('ok');

  // The staff PIN: set once the chair's is, so the chair's new PIN is asked
  await page.getByTestId('pin-new-staff').fill('2468');
  await page.getByTestId('pin-again-staff').fill('2468');
  await page.getByTestId('pin-again-staff').press('Enter');
  await giveChairPin(page, '97531');
  await expect(page.getByTestId('pin-saved-staff')).toBeVisible();
  await expect(page.getByTestId('pin-status-staff')).toHaveText('已设置');
  expect(await checkPin('staff', '2468')).toBe('ok');
  await shot(page, 'g04-setup-pins-both');

  // The start page no longer nudges
  await page.getByRole('navigation').getByRole('link', { name: '开始' }).click();
  await expect(page.getByTestId('current-title')).toContainText('石桥村');
  await expect(page.getByTestId('health')).toBeVisible();
  await expect(page.getByTestId('chair-pin-nudge')).toHaveCount(0);
});

test('mobile box: register it, choose it before Enter, turnout by way, then its collected count', async ({ page }) => {
  const ids = await votingElection('柳河村');
  await page.goto(`${host.url}#/issue`);
  await expect(page.getByTestId('no-mobile-boxes')).toBeVisible();
  // no box yet: no way to choose, everything goes out in person
  await expect(page.getByTestId('issue-way')).toHaveCount(0);
  const search = page.getByTestId('issue-search');
  await search.fill('周一民');
  await expect(page.getByTestId('issue-hit').first()).toContainText('周一民');
  await search.press('Enter');
  await expect(page.getByTestId('issued-notice')).toContainText('发给 周一民 选票 1 张');

  await page.getByTestId('box-name').fill('流动票箱（东片）');
  await page.getByTestId('box-name').press('Enter');
  await expect(page.getByTestId('mobile-boxes')).toContainText('流动票箱（东片）');
  await expect(page.getByTestId('way-in-person')).toBeChecked();
  await expect(page.getByTestId('by-way-mobile')).toHaveText('0');
  // B5: the box is not usable until it has its scrutineers and its published list
  await expect(page.getByTestId('box-not-ready-mobile-1')).toContainText('不少于 2 名');
  for (const name of ['流动监票甲', '流动监票乙']) await ok('official.add', { name, role: 'scrutineer', boxKey: 'mobile-1' });
  await page.getByTestId('box-voter-mobile-1').fill('王四海');
  await page.getByTestId('box-voter-mobile-1').press('Enter');
  await page.getByTestId('box-add-voter-mobile-1').click();
  await expect(page.getByTestId('box-voters-mobile-1')).toContainText('王四海');
  await expect(page.getByTestId('box-voters-mobile-1')).toContainText('未公布');
  await page.getByTestId('box-publish-mobile-1').click();
  await expect(page.getByTestId('box-ready-mobile-1')).toBeVisible();
  await expect(page.getByTestId('box-voters-mobile-1')).toContainText('已公布');
  await shot(page, 'g04b-mobile-box-list');

  // choose the box with the keyboard (arrow keys in the radio group), then type a name and Enter
  await page.getByTestId('way-in-person').focus();
  await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('way-box-mobile-1')).toBeChecked();
  await expect(page.getByTestId('way-mobile-notice')).toContainText('流动票箱（东片）');
  // a voter who is not on the box's list is refused (B5)
  await search.fill('冯五福');
  await expect(page.getByTestId('issue-hit').first()).toContainText('冯五福');
  await search.press('Enter');
  await expect(page.getByRole('alert')).toContainText('不在流动票箱（东片）的选民名单上');
  await search.fill('王四海');
  await expect(page.getByTestId('issue-hit').first()).toContainText('王四海');
  await search.press('Enter');
  await expect(page.getByTestId('issued-notice')).toContainText('发给 王四海 选票 1 张');
  await expect(page.getByTestId('issued-box')).toHaveText('经流动票箱（东片）发出');
  await expect(page.getByTestId('by-way-mobile')).toHaveText('1');
  await expect(page.getByTestId('by-way-in-person')).toHaveText('1');
  await expect(page.getByTestId('participants')).toHaveText('2');
  await expect(page.getByTestId('mobile-boxes').locator('tbody tr').first()).toContainText('1');
  // a second ballot to the same voter is refused in place (B1), the box stays chosen
  await search.fill('王四海');
  await expect(page.getByTestId('issue-hit').first()).toContainText('本轮已领票（流动票箱');
  await search.press('Enter');
  await expect(page.getByRole('alert')).toBeVisible();
  await expect(page.getByTestId('way-box-mobile-1')).toBeChecked();
  await shot(page, 'g05-issue-mobile');

  // back to 本人到场
  await page.getByTestId('way-in-person').check();
  await expect(page.getByTestId('way-mobile-notice')).toHaveCount(0);
  await search.fill('冯五福');
  await expect(page.getByTestId('issue-hit').first()).toContainText('冯五福');
  await search.press('Enter');
  await expect(page.getByTestId('issued-notice')).toContainText('冯五福');
  await expect(page.getByTestId('by-way-in-person')).toHaveText('2');

  // the station recorded the ways as shown
  const list = await ok<{ issues: { voterId: number; way: string; boxKey: string | null }[] }>('ballot.issueList', {});
  const byVoter = new Map(list.issues.map((i) => [i.voterId, i]));
  expect(byVoter.get(ids.get('王四海') ?? 0)).toMatchObject({ way: 'mobile', boxKey: 'mobile-1' });
  expect(byVoter.get(ids.get('周一民') ?? 0)).toMatchObject({ way: 'in_person', boxKey: null });
  expect(byVoter.get(ids.get('冯五福') ?? 0)).toMatchObject({ way: 'in_person', boxKey: null });
  const turnout = await ok<{ byWay: Record<string, number> }>('turnout.get', {});
  expect(turnout.byWay).toEqual({ in_person: 2, proxy: 0, mobile: 1 });

  // during voting 结果 already takes the printed count; nothing entered yet is said so
  await page.getByRole('navigation').getByRole('link', { name: '结果' }).click();
  await expect(page.getByTestId('rec-printed')).toHaveText('未录入');
  await expect(page.getByTestId('rec-issued')).toHaveText('3');
  await expect(page.getByTestId('rec-b3')).toContainText('还没有录入印制选票数');
  await expect(page.getByTestId('rec-b4')).toContainText('还没有录入票箱收回张数');
  await page.getByRole('navigation').getByRole('link', { name: '发放选票' }).click();

  // the count page asks for the mobile box's collected count beside the main box's
  await page.getByTestId('end-voting').click();
  await page.getByTestId('end-voting-confirm').click();
  // a handful voted of the roll: below half (E1), the desk says so with the numbers and asks once more (B7)
  await expect(page.getByTestId('end-voting-confirm-ask')).toContainText('没有超过登记选民');
  await page.getByTestId('end-voting-confirm-anyway').click();
  await expect(page.getByTestId('end-voting-confirm-ask')).toHaveCount(0);
  await page.getByRole('navigation').getByRole('link', { name: '计票' }).click();
  await expect(page.getByTestId('collected-mobile-1')).toBeVisible();
  await expect(page.getByText('本票箱发出 1 张')).toBeVisible();
});

test('printed and spoiled ballots on 结果: B3 and B4 beside the figures, a shortfall and an invalid B4 said in place', async ({ page }) => {
  test.setTimeout(120_000);
  await ok('workspace.demo', {});
  const summary = await ok<{ issued: number; participants: number; collectedTotal: number; comparatorValue: number; printed: number | null; spoiled: number | null; unused: number | null }>('count.summary', {});
  await page.goto(`${host.url}#/results`);
  await expect(page.getByTestId('rec-issued')).toHaveText(String(summary.issued));
  // the demo entered its printed and spoiled counts; the form starts from them
  await expect(page.getByTestId('rec-printed')).toHaveText(String(summary.printed));
  await expect(page.getByTestId('printed')).toHaveValue(String(summary.printed));
  await expect(page.getByTestId('spoiled')).toHaveValue(String(summary.spoiled));
  await expect(page.getByTestId('rec-b3')).toContainText(`作废换发 ${summary.spoiled} + 未用 ${summary.unused}，相符`);
  await expect(page.getByTestId('rec-b4')).toContainText(`收回选票 ${summary.collectedTotal} 张，不多于参加投票人数 ${summary.comparatorValue}`);

  // printed = issued + spoiled + unused: 5 over, 2 spoiled → 3 unused
  await page.getByTestId('printed').fill(String(summary.issued + 5));
  await page.getByTestId('spoiled').fill('2');
  await page.getByTestId('spoiled').press('Enter');
  await expect(page.getByTestId('printed-saved')).toContainText('未用 3 张，相符');
  await expect(page.getByTestId('rec-unused')).toHaveText('3');
  await expect(page.getByTestId('rec-b3')).toContainText(`印制 ${summary.issued + 5} 张 = 发出 ${summary.issued} + 作废换发 2 + 未用 3，相符`);
  // 2 unused counted on the table: one ballot is missing, said in place
  await page.getByTestId('unused').fill('2');
  await page.getByTestId('printed-save').click();
  await expect(page.getByTestId('printed-warning')).toContainText('差 1 张');
  // the form keeps what was saved after a reload
  await page.reload();
  await expect(page.getByTestId('printed')).toHaveValue(String(summary.issued + 5));
  await expect(page.getByTestId('spoiled')).toHaveValue('2');
  await shot(page, 'g06-results-reconcile');

  // B4: more collected than participants makes the election invalid, shown beside the figures
  const over = summary.comparatorValue + 1;
  await ok('box.setCollected', { boxKey: 'main', collected: over - (summary.collectedTotal - (await mainCollected())) });
  await page.reload();
  await expect(page.getByTestId('rec-collected')).toHaveText(String(over));
  await expect(page.getByTestId('rec-b4')).toContainText('本次选举无效');
  await shot(page, 'g07-results-b4-invalid');
});

async function mainCollected(): Promise<number> {
  const s = await ok<{ boxes: { key: string; collected: number | null }[] }>('count.summary', {});
  return s.boxes.find((b) => b.key === 'main')?.collected ?? 0;
}

test('printed count after the round is confirmed: the form is gone and the station refuses', async ({ page }) => {
  test.setTimeout(120_000);
  await ok('workspace.demo', {});
  await ok('round.setPrinted', { printed: 400, spoiled: 1 });
  await ok('round.confirm', {});
  await page.goto(`${host.url}#/results`);
  await expect(page.getByTestId('round-confirmed')).toBeVisible();
  await expect(page.getByTestId('rec-printed')).toHaveText('400');
  await expect(page.getByTestId('printed')).toHaveCount(0);
  await expect(page.getByTestId('reconcile')).toContainText('本轮结果已确认，这些数目不能再改');
  const r = await apiCall(host, 'round.setPrinted', { printed: 401, spoiled: 1 });
  expect(r.ok ? '' : r.error.code).toBe('ROUND_CONFIRMED');
});

test('大屏 opens the hall display in its own named window; a second click reuses it', async ({ page, context }) => {
  await votingElection('桃园村');
  await page.goto(`${host.url}#/issue`);
  const hallLink = page.getByRole('navigation').getByRole('link', { name: '大屏' });
  const [hall] = await Promise.all([context.waitForEvent('page'), hallLink.click()]);
  await expect(hall).toHaveURL(/#\/hall$/);
  expect(await hall.evaluate(() => window.name)).toBe('station-hall');
  await expect(hall.locator('body')).toContainText('桃园村');
  // this window stays on its page
  await expect(page).toHaveURL(/#\/issue$/);
  const pages = context.pages().length;
  await hallLink.click();
  await page.waitForTimeout(500);
  expect(context.pages().length).toBe(pages);
  await shot(hall, 'g08-hall-window');
  // its own window closes instead of turning into a second counting screen
  await expect(hall.getByTestId('hall-close')).toHaveText('关闭大屏窗口');
  await Promise.all([hall.waitForEvent('close'), hall.getByTestId('hall-close').click()]);
  await expect(page.getByRole('navigation')).toBeVisible();
});

test('大屏 under Electron (window.station present) navigates this window, as the main process opens the hall itself', async ({ browser }) => {
  const context = await browser.newContext();
  // The preload's bridge, played by fetch to the host (the page takes window.station when it exists)
  await context.addInitScript(() => {
    const w = window as unknown as { station: unknown };
    w.station = {
      call: async (command: string, input: unknown, opts?: { pin?: string }) => {
        const token = document.querySelector('meta[name="station-token"]')?.getAttribute('content') ?? '';
        const headers: Record<string, string> = { 'content-type': 'application/json', 'x-station-token': token };
        if (opts?.pin) headers['x-station-pin'] = opts.pin;
        const res = await fetch(`./api/${command}`, { method: 'POST', headers, body: JSON.stringify(input ?? {}) });
        return res.json();
      },
    };
  });
  const page = await context.newPage();
  await page.goto(`${host.url}#/issue`);
  let opened = 0;
  context.on('page', () => (opened += 1));
  await page.getByRole('navigation').getByRole('link', { name: '大屏' }).click();
  await expect(page).toHaveURL(/#\/hall$/);
  expect(opened).toBe(0);
  await context.close();
});

test('proxies: 撤销 asks for a reason in place, the proxy shows as revoked with it', async ({ page }) => {
  await ok('workspace.create', { kind: 'villagers_committee', village: '柳湾村', township: '清河镇', electionDate: electionDay(), profile: 'national', drill: true });
  const ids: number[] = [];
  for (const [i, name] of ['许大', '许二'].entries()) {
    ids.push((await ok<{ voter: { id: number } }>('roll.add', { name, idNumber: makeIdNumber('330103', `1960020${i + 1}`, 301 + 2 * i), group: '第一组', category: 'resident' })).voter.id);
  }
  await ok('proxy.add', { principalId: ids[0], trusteeId: ids[1], relation: 'child', writtenRef: '委托书 009' });
  await page.goto(`${host.url}#/proxy`);
  const row = page.locator('tr', { hasText: '委托书 009' });
  await row.getByRole('button', { name: '撤销' }).click();
  const confirm = row.getByRole('button', { name: '确认撤销' });
  await expect(confirm).toBeDisabled();
  await row.getByRole('textbox', { name: '撤销原因' }).fill('本人能到场投票');
  await confirm.click();
  await expect(row).toContainText('本人能到场投票');
  await expect(row.getByRole('button', { name: '确认撤销' })).toHaveCount(0);
  const list = await ok<{ proxies: { status: string; revokeReason: string | null }[] }>('proxy.list', {});
  expect(list.proxies[0]).toMatchObject({ status: 'revoked', revokeReason: '本人能到场投票' });
});
