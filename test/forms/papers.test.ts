/**
 * Issue 14: each fix read back from the PDF (pdftotext): per-post figures that add up (F3, P7), the
 * ballot reconciliation line (B3), the Party body's name and organisation type, the approval, no
 * rule codes on paper, the voter and proxy lists' 公布日期, 届次 and 选字第×号, every round on the
 * announcement, the audit head, 演练 once, rare characters through the sans fallback.
 */
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FormId } from '../../shared/contract/output.js';
import { RULE_CODE } from '../../shared/papers.js';
import { dbHead } from '../../electron/station/audit.js';
import { drillTitle } from '../../electron/station/forms/layout.js';
import { cleanup, ok, partyElection, tempDir, villageElection, type Fixture } from './helpers.js';
import { pdfText } from './pdf.js';
import { openStation } from '../../electron/station/index.js';
import { enterBallots, setupDay, vote } from '../station/counting/helpers.js';
import { cleanup as cleanupDays } from '../station/counting/helpers.js';
import path from 'node:path';
import { makeIdNumber } from '../../shared/rules/index.js';

let village: Fixture;
let party: Fixture;

beforeAll(() => {
  village = villageElection({ extraBallots: 25 });
  party = partyElection();
});
afterAll(() => {
  cleanup();
  cleanupDays();
});

const flat = (s: string): string => s.replace(/\s+/g, '');
const text = (f: Fixture | { s: Fixture['s'] }, form: FormId, extra: Record<string, unknown> = {}): string => flat(pdfText(ok(f.s, 'forms.render', { form, ...extra } as never).path));

describe('figures that add up (F3, P7, B3)', () => {
  it('F3 villagers: 得票 + 弃权 + 本职位无效 = 收回选票, times the seats for 委员', () => {
    // 55 ballots: 45 × (张建国; 王芳 赵敏), 6 × (李䶮; 王芳 𠮷祥), 2 × (张建国; 王芳 + 孙悟), 1 blank, 1 unreadable
    const t = text(village, 'tally_sheet');
    // 主任: 47 + 6 + 弃权 1 + 无效 1 = 55
    expect(t).toContain('1张建国候选人47当选2李䶮候选人6弃权1整张无效（1张）1本职位一栏无效（0张）0合计＝收回选票55张55');
    // 委员 (2 seats): 53 + 45 + 6 + 2 = 106 choices, 弃权 2 (the blank), 无效 1 × 2: 110 = 55 × 2
    expect(t).toContain('弃权（有效票中未选满的名额）2');
    expect(t).toContain('整张无效（1张×应选2名）2');
    expect(t).toContain('本职位一栏无效（0张×应选2名）0');
    expect(t).toContain('未用选票数不相符'); // 45 printed for 55 issued: no negative count on paper
    expect(t).toContain('合计＝收回选票55张×应选2名110');
    expect(53 + 45 + 6 + 2 + 2 + 2).toBe(110);
  });

  it('P7 Party: 赞成 / 反对 / 弃权 / 无效 per candidate, each row adding up to the ballots collected', () => {
    // 10 ballots: 7 × (刘 杨 黄 for, 何 against), 3 × (刘 杨 何 for, 黄 against)
    const t = text(party, 'result_report');
    expect(t).toContain('序号姓名赞成反对弃权无效合计结果');
    expect(t).toContain('1刘书记1000010当选');
    expect(t).toContain('3黄明730010当选');
    expect(t).toContain('4何伟370010');
    expect(t).toContain('赞成＋反对＋弃权＋无效＝收回选票10张');
  });

  it('B3: 印制 = 发出 + 作废换发 + 未用 printed on the tally sheet and the result report; blanks to fill when not recorded', () => {
    const line = '选票核对：印制45张＝发出55张';
    // the fixture records 45 printed for 55 issued: the line says it does not add up
    expect(text(village, 'tally_sheet')).toContain('印制45张，少于发出55张与作废换发1张之和，不相符');
    expect(text(village, 'tally_sheet')).not.toContain(line);
    const small = villageElection();
    for (const form of ['tally_sheet', 'result_report'] as const) expect(text(small, form)).toContain('选票核对：印制45张＝发出30张＋作废换发1张＋未用14张');
    expect(text(small, 'tally_sheet')).toContain('作废换发选票数1未用选票数14');
    expect(text(party, 'tally_sheet')).toContain('选票核对：印制＿＿＿张＝发出10张＋作废换发＿＿＿张＋未用＿＿＿张');
  });
});

describe('names, numbers and dates on paper', () => {
  it('the Party body is 中共××村支部委员会, and the organisation type is an election setting (支部 / 总支部 / 党委)', () => {
    const f = partyElection();
    expect(text(f, 'result_report')).toContain('中共青山村支部委员会');
    expect(text(f, 'result_report')).not.toContain('党组织委员会');
    ok(f.s, 'papers.setSettings', { partyOrgType: 'general_branch' });
    expect(text(f, 'announcement')).toContain('中共青山村总支部委员会选举结果公告');
    ok(f.s, 'papers.setSettings', { partyOrgType: 'committee', term: 9 });
    expect(text(f, 'result_report')).toContain('中共青山村第九届委员会选举');
    expect(ok(f.s, 'papers.settings', {})).toMatchObject({ partyOrgName: '中共青山村委员会', term: 9, termLabel: '第九届' });
  });

  it('届次 and 选字第×号 are election settings printed on the announcement, the result report and the certificates', () => {
    const f = villageElection();
    expect(text(f, 'announcement')).toContain('选字第号'); // a blank to fill by hand until it is set
    ok(f.s, 'papers.setSettings', { term: 12, announcementNumber: 3 });
    const a = text(f, 'announcement');
    expect(a).toContain('青山村第十二届村民委员会选举结果公告选字第3号');
    expect(text(f, 'result_report')).toContain('青山村第十二届村民委员会选举');
    expect(text(f, 'certificates')).toContain('您当选为青山村第十二届村民委员会主任');
    expect(text(f, 'certificates')).toContain('届次第十二届');
  });

  it('R5 X5: the voter list and the proxy list print the 公布日期 recorded by roll.publish and proxy.publish', () => {
    expect(text(village, 'voter_list')).toContain('公布日期：2026年2月10日');
    expect(text(village, 'proxy_list')).toContain('公布日期：2026年3月10日');
    // X1 since 2025: a close relative or any other villager with a vote
    expect(text(village, 'proxy_list')).toContain('本村有选举权的近亲属或者其他村民');
  });

  it('no rule codes or internal words on any paper (villagers and Party)', () => {
    const forms: [Fixture, FormId][] = [
      ...(['tally_sheet', 'result_report', 'announcement', 'certificates', 'voter_list', 'proxy_list', 'voter_cards', 'ballot_paper', 'checkpoint_sheet'] as FormId[]).map((f) => [village, f] as [Fixture, FormId]),
      ...(['tally_sheet', 'result_report', 'announcement', 'voter_list', 'ballot_paper'] as FormId[]).map((f) => [party, f] as [Fixture, FormId]),
    ];
    for (const [f, form] of forms) {
      const t = text(f, form).replace(/[0-9A-F]{8}-\d{3}/g, '');
      expect(RULE_CODE.exec(t)?.[0], `${form}: ${t.slice(Math.max(0, (RULE_CODE.exec(t)?.index ?? 0) - 30), (RULE_CODE.exec(t)?.index ?? 0) + 30)}`).toBeUndefined();
      for (const word of ['（P1', 'P1–P4', '党组织委员会', '一（1）、', 'undefined', 'null', 'NaN']) expect(t, `${form}: ${word}`).not.toContain(word);
    }
  });

  it('numbering 一、（一）: the result report of a Party election', () => {
    const t = text(party, 'result_report');
    expect(t).toContain('一、党员到会情况');
    expect(t).toContain('二、投票和计票情况');
    expect(t).toContain('三、当选人员');
    expect(t).toContain('四、委员会第一次全体会议选举书记、副书记');
  });
});

describe('every round, the audit head, 演练 once, rare characters', () => {
  it('E4 the announcement covers every round: the main round and the 另行选举, each with its figures', () => {
    const d = setupDay({
      positions: [{ key: 'member', name: '委员', seats: 1 }],
      people: [{ name: '王芳', gender: 'F' }, { name: '赵敏', gender: 'F' }, { name: '钱七' }],
      candidates: [['王芳', 'member'], ['赵敏', 'member'], ['钱七', 'member']],
      others: 10,
    });
    vote(d, 12, 12);
    enterBallots(d, 5, { member: ['王芳'] });
    enterBallots(d, 4, { member: ['赵敏'] });
    enterBallots(d, 3, { member: ['钱七'] });
    ok(d.s, 'round.confirm', {});
    ok(d.s, 'round.create', { kind: 'supplementary' });
    vote(d, 11, 11);
    enterBallots(d, 7, { member: ['王芳'] });
    enterBallots(d, 4, { member: ['赵敏'] });
    ok(d.s, 'round.confirm', {});
    const t = text(d, 'announcement');
    expect(t).toContain('第1轮（正式选举）：参加投票12人（其中委托投票0人），发出选票12张，收回12张，其中有效票12张，无效票0张，选举有效。');
    expect(t).toContain('第2轮（另行选举）：参加投票11人');
    expect(t).toContain('委员王芳7票第2轮（另行选举）');
    const r = text(d, 'result_report');
    expect(r).toContain('（一）第1轮（正式选举）');
    expect(r).toContain('（二）第2轮（另行选举）');
  });

  it('the tally sheet, the result report and every 50-ballot checkpoint sheet print the audit head', () => {
    const head = dbHead(village.s.db);
    expect(head).not.toBeNull();
    const label = `第${head?.seq}项·${head?.hash.slice(0, 12)}`;
    expect(text(village, 'tally_sheet')).toContain(`审计记录：${label}`);
    expect(text(village, 'result_report')).toContain(`审计记录：${label}`);
    // the checkpoint sheet of ballots 1–50: its anchor is the event that recorded ballot 50, whenever it is printed
    const b50 = village.s.db.prepare("SELECT id FROM ballots WHERE seq = 50").get() as { id: number };
    const ev = village.s.db.prepare("SELECT seq, hash FROM audit WHERE command = 'count.recordBallot' AND effects LIKE ?").get(`%["ballots",${b50.id},%`) as { seq: number; hash: string };
    const c = text(village, 'checkpoint_sheet');
    expect(c).toContain(`第50张录入时第${ev.seq}项·${ev.hash.slice(0, 12)}`);
    // 50 ballots: 45 × (张建国; 王芳 赵敏) then 5 × (李䶮; 王芳 𠮷祥)
    expect(c).toContain('2张建国4545');
    expect(c).toContain('1李䶮55');
    expect(c).toContain('1王芳5050');
  });

  it('演练 once: a drill title that already says 演练 does not get it twice', () => {
    expect(drillTitle('青山村第十二届村民委员会换届选举（演练）', true)).toBe('青山村第十二届村民委员会换届选举（演练）');
    expect(drillTitle('青山村村民委员会换届选举', true)).toBe('青山村村民委员会换届选举（演练）');
    const s = openStation(path.join(tempDir('drill-'), 'e'), { backups: false });
    try {
      ok(s, 'election.create', { kind: 'villagers_committee', title: '青山村村民委员会换届选举（演练）', village: '青山村', township: '清河镇', electionDate: '2026-06-20', drill: true });
      ok(s, 'roll.add', { name: '张三', idNumber: makeIdNumber('330103', '19700101', 11), group: '第一组', category: 'resident' });
      const t = text({ s }, 'voter_list');
      expect(t).toContain('青山村村民委员会换届选举（演练）');
      expect(t).not.toContain('（演练）（演练）');
    } finally {
      s.close();
    }
  });

  it('rare characters: 䶮 (serif) and 𠮷 (sans fallback) print on every form with names; 𪚥, which neither font has, is reported', () => {
    for (const form of ['tally_sheet', 'result_report', 'voter_list', 'voter_cards', 'ballot_paper', 'checkpoint_sheet'] as const) {
      const r = ok(village.s, 'forms.render', { form });
      const t = pdfText(r.path);
      expect(t, form).toContain('李䶮');
      expect(t, form).toContain('𠮷祥');
      const fonts = execFileSync('/usr/bin/pdffonts', [r.path], { encoding: 'utf8' });
      expect(fonts, form).toContain('NotoSerifSC');
      expect(fonts, form).toContain('SourceHanSansSC'); // the fallback that draws 𠮷
      expect(r.missingGlyphs).toEqual([]);
    }
    const f = villageElection();
    ok(f.s, 'official.add', { name: '张𪚥', role: 'counter' });
    const r = ok(f.s, 'forms.render', { form: 'tally_sheet' });
    expect(r.missingGlyphs.map((m) => m.char)).toEqual(['𪚥']);
    expect(r.warnings.find((w) => w.code === 'GLYPH_MISSING')?.message).toContain('𪚥');
  });
});
