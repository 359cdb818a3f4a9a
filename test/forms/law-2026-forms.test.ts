/**
 * The 2026 law on paper and in the export: a 委员 who yields to his brother the 主任 (E8) is not among
 * those elected in result.json or on the result report, which says why; the P9 and E6 decisions are
 * printed; the mobile box's list is a form of its own (B5). Read back with pdftotext.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { collectReportData } from '../../electron/station/forms/index.js';
import { buildResultJson } from '../../electron/station/export/result-json.js';
import { cleanup, enterBallots, ok, setupDay, vote } from '../station/counting/helpers.js';
import { pdfText } from './pdf.js';

afterEach(cleanup);

const PEOPLE = [{ name: '张三' }, { name: '李四' }, { name: '王芳', gender: 'F' as const }, { name: '刘强' }, { name: '陈明' }, { name: '赵敏', gender: 'F' as const }];

describe('E8 on paper and in result.json', () => {
  it('E8 the yielded 委员 is not elected in result.json or on the result report, which prints the decision', () => {
    const d = setupDay({
      positions: [
        { key: 'chair', name: '主任', seats: 1 },
        { key: 'member', name: '委员', seats: 2 },
      ],
      people: PEOPLE,
      candidates: [['张三', 'chair'], ['李四', 'chair'], ['王芳', 'member'], ['刘强', 'member'], ['陈明', 'member'], ['赵敏', 'member']],
      others: 13,
    });
    ok(d.s, 'candidate.relate', { voterId: d.voterId('张三'), otherVoterId: d.voterId('刘强'), relation: 'sibling' });
    vote(d, 15, 15);
    enterBallots(d, 8, { chair: ['张三'], member: ['王芳', '刘强'] });
    enterBallots(d, 7, { chair: ['李四'], member: ['王芳', '陈明'] });
    ok(d.s, 'round.confirm', {});
    // as the package carries it: the canonical bytes, read back
    const json = JSON.parse(buildResultJson(collectReportData(d.s)).bytes.toString('utf8')) as {
      elected: { name: string }[];
      rounds: { tally: { positions: { yielded: string[] }[] } }[];
    };
    expect(json.elected.map((e) => e.name)).toEqual(['张三', '王芳']);
    expect(json.rounds[0]?.tally.positions[1]?.yielded).toEqual(['刘强']);
    const report = pdfText(ok(d.s, 'forms.render', { form: 'result_report' }).path).replace(/\s+/g, '');
    expect(report).toContain('近亲属回避：刘强与张三是近亲属（兄弟姐妹），张三当选的主任职务较高，刘强不再任委员，其名额另行选举。');
    const announcement = pdfText(ok(d.s, 'forms.render', { form: 'announcement' }).path);
    expect(announcement).not.toMatch(/刘强[^\n]*当选/);
  });
});

describe('P9 and B5 on paper', () => {
  it('P9 the seat reduction is printed on the Party result report with the vote', () => {
    const d = setupDay({
      kind: 'party_branch',
      positions: [{ key: 'member', name: '委员', seats: 5 }],
      people: [{ name: '甲一' }, { name: '乙二' }, { name: '丙三' }, { name: '丁四' }, { name: '戊五' }, { name: '己六' }],
      candidates: [['甲一', 'member'], ['乙二', 'member'], ['丙三', 'member'], ['丁四', 'member'], ['戊五', 'member'], ['己六', 'member']],
      others: 4,
    });
    vote(d, 10, 10);
    enterBallots(d, 5, { member: ['甲一', '乙二', '丙三', '丁四'] });
    enterBallots(d, 5, { member: ['甲一', '乙二', '丙三', '戊五', '己六'] });
    ok(d.s, 'round.confirm', {});
    ok(d.s, 'round.reduceSeats', { position: 'member', seats: 3, consent: 7, ref: '党员大会举手表决' });
    const text = pdfText(ok(d.s, 'forms.render', { form: 'result_report' }).path).replace(/\s+/g, '');
    expect(text).toContain('选举大会决定：委员应选名额由5名减为3名，经选举人10人中7人同意（过半数），党员大会举手表决。');
  });

  it('B5 the mobile box list names the box, its scrutineers, its publication date and its voters', () => {
    const d = setupDay({
      positions: [{ key: 'chair', name: '主任', seats: 1 }],
      people: [{ name: '张三' }, { name: '李四' }, { name: '老王' }, { name: '老赵' }],
      candidates: [['张三', 'chair'], ['李四', 'chair']],
      others: 2,
    });
    ok(d.s, 'box.add', { key: 'm1', name: '流动票箱（东片）' });
    for (const n of ['监票甲', '监票乙']) ok(d.s, 'official.add', { name: n, role: 'scrutineer', boxKey: 'm1' });
    ok(d.s, 'box.addVoters', { key: 'm1', voterIds: [d.voterId('老王'), d.voterId('老赵')] });
    ok(d.s, 'box.publish', { key: 'm1', publishedOn: '2026-06-10' });
    const list = ok(d.s, 'forms.list', {}).forms.find((f) => f.form === 'mobile_box_list');
    expect(list).toMatchObject({ available: true, title: '流动票箱投票选民名单' });
    const text = pdfText(ok(d.s, 'forms.render', { form: 'mobile_box_list' }).path).replace(/[ \u3000]+/g, ' ');
    for (const s of ['流动票箱投票选民名单', '流动票箱（东片）（2 人）', '监票甲、监票乙', '2026年6月10日', '老王', '老赵']) expect(text).toContain(s);
  });
});
