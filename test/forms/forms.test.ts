/**
 * F3: every printed form carries its required fields and names (read back with pdftotext), draws
 * something on the page (pdftoppm -> PNG -> dark pixels), the election identity, "第 x 页 / 共 y 页",
 * the key fingerprint, the 演练 watermark on drills, and on confirmed result forms a QR code that
 * decodes to the result QR text (key fingerprint, election, SHA-256 of the result.json the export
 * carries); drafts carry none and say 草稿/未确认.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FormId } from '../../shared/contract/output.js';
import { missingGlyphs } from '../../electron/station/forms/fonts.js';
import { collectReportData } from '../../electron/station/forms/report-data.js';
import { confirmedData } from '../../electron/station/export/export.js';
import { buildResultJson } from '../../electron/station/export/result-json.js';
import { cleanup, ok, partyElection, villageElection, VILLAGE_PEOPLE, type Fixture } from './helpers.js';
import { buildElection } from '../export/fixtures.js';
import { buildResultQr, normaliseFingerprint, parseKeyText } from '../../shared/result-qr.js';
import { darkShare, footerQr, pagePng, pdfPages, pdfText } from './pdf.js';

let village: Fixture;
let party: Fixture;
let drill: Fixture;

beforeAll(() => {
  village = villageElection();
  party = partyElection();
  drill = villageElection({ drill: true, village: '演练村' });
});
afterAll(cleanup);

const flat = (s: string): string => s.replace(/\s+/g, '');

function render(f: Fixture, form: FormId) {
  const r = ok(f.s, 'forms.render', { form });
  expect(r.path.startsWith(path.join(f.dir, 'forms'))).toBe(true);
  expect(existsSync(r.path)).toBe(true);
  return { ...r, text: flat(pdfText(r.path)) };
}

const ALL_NAMES = [...VILLAGE_PEOPLE.chair, ...VILLAGE_PEOPLE.member];
const COUNT_FIELDS = ['登记选民数', '参加投票人数', '本人投票', '委托投票', '流动票箱投票', '印制选票数', '发出选票数', '收回选票数', '有效票数', '无效票数', '空白票数'];
const SIGNERS = ['总监票人（签名）', '监票人（签名）', '唱票人（签名）', '计票人（签名）'];

function expectIdentity(f: Fixture, r: { text: string; pages: number; keyFingerprint: string }) {
  const e = ok(f.s, 'election.get', {});
  for (const s of [e.title, e.village, e.township, e.electionDate, e.id, flat(r.keyFingerprint), `第1页/共${r.pages}页`]) expect(r.text).toContain(flat(s));
}

describe('F3 forms read back with pdftotext', () => {
  it('计票单 / 选票统计表: counts, votes per candidate with write-ins, scrutineers and counters', () => {
    const r = render(village, 'tally_sheet');
    expectIdentity(village, r);
    for (const s of ['选票统计表', ...COUNT_FIELDS, '主任', '委员', ...ALL_NAMES, VILLAGE_PEOPLE.writeIn, '另选他人', ...SIGNERS, '计票日期']) expect(r.text).toContain(s);
    // the numbers of the fixture: 40 registered, 30 participants (28 + 2 by proxy), 45 printed, 29 valid, 1 invalid, 1 blank
    expect(r.text).toContain('登记选民数40参加投票人数30');
    expect(r.text).toContain('本人投票28委托投票2');
    expect(r.text).toContain('张建国候选人22当选');
    expect(r.text).toContain('孙悟另选他人2');
  });

  it('选举结果报告单: plus the elected with gender, age, education, Party membership; chair signature and seal area', () => {
    const r = render(village, 'result_report');
    expectIdentity(village, r);
    for (const s of ['选举结果报告单', ...COUNT_FIELDS, ...SIGNERS, '当选人员', '性别', '年龄', '文化程度', '中共党员', '选举委员会主任（卫主任）（签名）', '盖章处', '报乡镇人民政府备案']) {
      expect(r.text).toContain(s);
    }
    expect(r.text).toContain('主任（兼党组织书记）张建国男51大专是22');
    expect(r.text).toContain('委员王芳女32本科是28');
    expect(r.text).toContain('委员赵敏女38初中否20');
    expect(r.text).not.toContain('待上级党组织批复');
  });

  it('P10 party variant: members with a vote, approved exclusions, base, present, quorum check, 待上级党组织批复', () => {
    const r = render(party, 'result_report');
    expectIdentity(party, r);
    for (const s of ['有选举权的党员数12', '经批准不计入应到会人数1', '应到会有选举权人数11', '实到会有选举权人数10', '是否达到规定人数已达到', '韩雪', '自费出国半年以上', '镇党委〔2026〕3号', '待上级党组织批复', '刘书记', '杨红', '黄明']) {
      expect(r.text).toContain(s);
    }
  });

  it('选举结果公告 names every person elected', () => {
    const r = render(village, 'announcement');
    expectIdentity(village, r);
    for (const s of ['选举结果公告', '登记选民40人', '参加投票30人', '张建国', '王芳', '赵敏', '特此公告', '青山村村民选举委员会']) expect(r.text).toContain(s);
  });

  it('当选证书: one numbered certificate with counterfoil per person elected', () => {
    const r = render(village, 'certificates');
    expect(r.pages).toBe(3);
    for (const s of ['当选证书存根', '当选证书', '特发此证', '张建国同志', '王芳同志', '赵敏同志', '领证人签名']) expect(r.text).toContain(s);
    const id = ok(village.s, 'election.get', {}).id.replace(/-/g, '').slice(0, 8).toUpperCase();
    for (const n of ['001', '002', '003']) expect(r.text).toContain(`${id}-${n}`);
  });

  it('选民名单 by 村民小组 lists every voter, rare characters included', () => {
    const r = render(village, 'voter_list');
    expectIdentity(village, r);
    const roll = ok(village.s, 'roll.list', { limit: 1000 });
    for (const v of roll.voters) expect(r.text).toContain(v.name);
    for (const g of ['第一村民小组（', '第二村民小组（', '第三村民小组（']) expect(r.text).toContain(g);
    expect(r.text.indexOf('第一村民小组（')).toBeLessThan(r.text.indexOf('第二村民小组（'));
    expect(r.text).toContain('李䶮');
    expect(r.text).toContain('𠮷祥');
  });

  it('委托投票名单 lists principal, trustee and relation', () => {
    const r = render(village, 'proxy_list');
    for (const s of ['委托投票名单', '村民01', '村民03', '村民02', '村民04', '子女', '委托书1号']) expect(r.text).toContain(s);
  });

  it('选民证: a card per voter, eight to a page', () => {
    const r = render(village, 'voter_cards');
    expect(r.pages).toBe(5);
    expect(r.text.split('选民证').length - 1).toBeGreaterThanOrEqual(40);
    for (const s of ['张建国', '李䶮', '𠮷祥', '凭本证领取选票一张']) expect(r.text).toContain(s);
  });

  it('a drill election carries 演练 on every page', () => {
    const r = render(drill, 'result_report');
    const pages = pdfText(r.path).split('\f').filter((p) => p.trim().length > 0);
    expect(pages.length).toBe(r.pages);
    for (const p of pages) expect(flat(p)).toContain('演练');
    expect(flat(pdfText(render(village, 'result_report').path))).not.toContain('演练');
  });
});

describe('pictures and the QR code', () => {
  const forms: FormId[] = ['tally_sheet', 'result_report', 'announcement', 'certificates', 'voter_list', 'proxy_list', 'voter_cards'];
  it.each(forms)('%s page 1 rendered at 50 dpi is not blank', (form) => {
    const r = ok(village.s, 'forms.render', { form });
    const png = pagePng(r.path, 1, 50);
    // The body (between the identity band and the footer) has drawn content, not only the footer.
    const body = darkShare(png, { x: 0, y: Math.floor(png.height * 0.08), w: png.width, h: Math.floor(png.height * 0.7) });
    expect(body).toBeGreaterThan(0.005);
    expect(darkShare(png)).toBeLessThan(0.5);
  });

  it('the QR code of every confirmed result form decodes to the key fingerprint, the election and the SHA-256 of the exported result.json', () => {
    const sha = createHash('sha256').update(buildResultJson(confirmedData(village.s)).bytes).digest('hex');
    const e = ok(village.s, 'election.get', {});
    for (const form of ['result_report', 'tally_sheet', 'certificates', 'announcement'] as const) {
      const r = ok(village.s, 'forms.render', { form });
      expect(r.resultSha256).toBe(sha);
      const want = buildResultQr({ fingerprint: r.keyFingerprint, electionId: e.id, resultSha256: sha });
      expect(footerQr(r.path, 1)).toBe(want);
      expect(footerQr(r.path, pdfPages(r.path))).toBe(want);
      const parsed = parseKeyText(want);
      expect(parsed.ok && parsed.kind === 'qr' ? parsed.qr : null).toEqual({ fingerprint: normaliseFingerprint(r.keyFingerprint), electionId: e.id, resultSha256: sha });
      expect(flat(pdfText(r.path))).toContain(sha.slice(0, 32));
    }
  });

  it('a voter list, a proxy list and a tally sheet of a round still being counted carry no result QR and say 草稿/未确认', () => {
    for (const form of ['voter_list', 'proxy_list', 'voter_cards'] as const) {
      const r = ok(village.s, 'forms.render', { form });
      expect(footerQr(r.path, 1)).toBeUndefined();
      const text = flat(pdfText(r.path));
      expect(text).toContain('草稿/未确认');
      expect(text).not.toContain(r.resultSha256.slice(0, 32));
    }
    const counting = buildElection({
      village: '计票中村',
      positions: [{ key: 'chair', name: '主任', seats: 1 }],
      people: [{ name: '甲', birth: '19700101' }, { name: '乙', birth: '19710101' }],
      candidates: [['甲', 'chair'], ['乙', 'chair']],
      others: 4,
    });
    counting.vote(5);
    counting.ballots(3, { chair: ['甲'] });
    const t = ok(counting.s, 'forms.render', { form: 'tally_sheet' });
    expect(footerQr(t.path, 1)).toBeUndefined();
    expect(flat(pdfText(t.path))).toContain('草稿/未确认');
    expect(flat(pdfText(t.path))).toContain('本轮结果尚未确认');
    counting.ballots(2, { chair: ['乙'] });
    counting.confirm();
    const confirmed = ok(counting.s, 'forms.render', { form: 'tally_sheet' });
    expect(footerQr(confirmed.path, 1)).toMatch(/^VES1-/);
    expect(flat(pdfText(confirmed.path))).not.toContain('草稿/未确认');
  });

  it('result.json: the forms view (all rounds) and the export view (confirmed rounds) give the same bytes', () => {
    expect(buildResultJson(collectReportData(village.s)).bytes.equals(buildResultJson(confirmedData(village.s)).bytes)).toBe(true);
    const v = JSON.parse(buildResultJson(confirmedData(village.s)).bytes.toString('utf8')) as Record<string, unknown>;
    expect(v).toMatchObject({ drill: false, turnout: { registered: 40, participants: 30, proxy: 2 } });
    expect((v.elected as { name: string; chairAlsoPartySecretary: boolean }[]).map((p) => [p.name, p.chairAlsoPartySecretary])).toEqual([
      ['张建国', true],
      ['王芳', false],
      ['赵敏', false],
    ]);
  });
});

describe('glyphs and saved forms', () => {
  it('rare name characters 䶮 and 𠮷 are in the font; a character it lacks is reported (forms.checkGlyphs)', () => {
    expect(missingGlyphs('李䶮 𠮷祥 张建国')).toEqual([]);
    const r = ok(village.s, 'forms.checkGlyphs', { text: '李䶮𱁬' });
    expect(r.ok).toBe(false);
    expect(r.missing).toEqual([{ char: '𱁬', codePoint: 'U+3106C' }]);
    expect(r.message).toContain('𱁬');
    expect(ok(village.s, 'forms.checkGlyphs', { text: '𠮷祥' }).ok).toBe(true);
  });

  it('forms.list shows the forms and the PDFs saved under the data folder', () => {
    ok(village.s, 'forms.render', { form: 'announcement' });
    const l = ok(village.s, 'forms.list', {});
    expect(l.forms.map((f) => f.form)).toContain('result_report');
    // every form of a counted villagers' election is ready, but the checkpoint sheet (fewer than 50 ballots)
    expect(l.forms.filter((f) => !f.available).map((f) => f.form)).toEqual(['checkpoint_sheet']);
    expect(l.forms.map((f) => f.form)).not.toContain('secretary_report');
    expect(l.saved.some((f) => f.fileName === '选举结果公告.pdf' && f.bytes > 1000)).toBe(true);
    expect(readFileSync(l.saved[0]?.path ?? '').subarray(0, 5).toString()).toBe('%PDF-');
    // a Party election has no proxy list and no voter cards (P5): listed as unavailable, and refused if asked for
    const p = ok(party.s, 'forms.list', {});
    expect(p.forms.find((f) => f.form === 'proxy_list')?.available).toBe(false);
    expect(p.forms.find((f) => f.form === 'voter_cards')?.available).toBe(false);
    for (const form of ['proxy_list', 'voter_cards'] as const) {
      const r = party.s.run('forms.render', { form });
      expect(r.ok ? 'rendered' : r.error.code).toBe('FORM_NOT_AVAILABLE');
    }
  });
});
