/**
 * Issue 14: the ballot paper (选票). Candidates in 姓氏笔画 order with the counting pad's numbers
 * (checked against a hand-made stroke list, round.list and the printed PDF), instructions from the
 * profile's validity rules (V1 overvoteScope, V2, V3, P7), one paper per post for
 * `ballotPapers: per_position`, no serial number, and printing recorded for B3.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { renderBallotPapers, ballotInstructions, ballotSheets, type BallotContent } from '../../../electron/station/forms/ballot-paper.js';
import { pagePng, pdfPages, pdfText } from '../../forms/pdf.js';
import { cleanup, enterBallots, ok, refused, setupDay, vote } from '../counting/helpers.js';
import { writeFileSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

afterEach(cleanup);

const flat = (s: string): string => s.replace(/\s+/g, '');

// Surnames with 2, 4, 5, 6, 7, 8, 9, 10 strokes (丁 王 石 刘 何 周 赵 高), registered in a scrambled order.
const BY_STROKES = ['丁一', '王芳', '石磊', '刘洋', '何平', '周密', '赵敏', '高峰'];
const SCRAMBLED = ['高峰', '丁一', '赵敏', '王芳', '周密', '石磊', '刘洋', '何平'];

function day(rules?: Record<string, unknown>, kind: 'villagers_committee' | 'party_branch' = 'villagers_committee') {
  return setupDay({
    kind,
    ...(rules ? { rules } : {}),
    positions: kind === 'party_branch' ? [{ key: 'member', name: '委员', seats: 5 }] : [
      { key: 'chair', name: '主任', seats: 1 },
      { key: 'member', name: '委员', seats: 3 },
    ],
    people: [{ name: '张三' }, { name: '李四' }, ...SCRAMBLED.map((name) => ({ name }))],
    candidates: [...(kind === 'party_branch' ? [] : ([['李四', 'chair'], ['张三', 'chair']] as [string, string][])), ...SCRAMBLED.map((n) => [n, 'member'] as [string, string])],
    others: 20,
  });
}

describe('ballot paper content', () => {
  it('candidates in 姓氏笔画 order, numbered as the counting pad numbers them (round.list), on the paper too', () => {
    const d = day();
    const paper = ok(d.s, 'ballot.paper', {});
    const member = paper.positions.find((p) => p.key === 'member');
    expect(member?.candidates.map((c) => c.name)).toEqual(BY_STROKES);
    expect(member?.candidates.map((c) => c.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    // the counting pad's numbers (round.list, as the count page reads them) are the same
    const pad = ok(d.s, 'round.list', {}).rounds[0]?.candidates ?? [];
    for (const p of paper.positions) for (const c of p.candidates) expect(pad.find((x) => x.position === p.key && x.name === c.name)?.number).toBe(c.number);
    expect(paper.positions.find((p) => p.key === 'chair')?.candidates.map((c) => c.name)).toEqual(['李四', '张三']); // 李 and 张 have 7 strokes; 李 begins with 一, 张 with 𠃋

    const printed = ok(d.s, 'ballot.print', { copies: 2 });
    const text = flat(pdfText(printed.path).split('\f')[0] ?? '');
    let at = -1;
    for (const name of BY_STROKES) {
      const i = text.indexOf(name);
      expect(i, name).toBeGreaterThan(at);
      at = i;
    }
    expect(text).toContain('12345678'); // the pad numbers above the names, in order
    expect(text).toContain('应选3名');
    const between = (a: string, b: string): string => text.slice(text.indexOf(a), text.indexOf(b, text.indexOf(a)));
    expect(between('主任应选1名', '委员应选3名').split('另选他人').length - 1).toBe(1); // as many 另选他人 columns as seats
    expect(between('委员应选3名', '选举日期').split('另选他人').length - 1).toBe(3);
  });

  it('V1: the over-vote instruction follows overvoteScope; V2 and V3 wording from the profile', () => {
    const pos = ok(day().s, 'ballot.paper', {});
    expect(pos.papers).toBe('combined');
    const d1 = day();
    const t1 = flat(pdfText(ok(d1.s, 'forms.render', { form: 'ballot_paper' }).path));
    expect(t1).toContain('多于应选人数的，该职位的选票无效，其他职位仍然有效');
    expect(t1).toContain('同一人在两个以上职位上被选的，本张选票无效');
    expect(t1).toContain('样张'); // the sample says it cannot be used
    const d2 = day({ overvoteScope: 'ballot', samePersonMultiplePositions: 'keep_highest' });
    const t2 = flat(pdfText(ok(d2.s, 'forms.render', { form: 'ballot_paper' }).path));
    expect(t2).toContain('任何一个职位多于应选人数的，本张选票无效');
    expect(t2).not.toContain('其他职位仍然有效。5.');
    expect(t2).toContain('只计入其中最高的职位');
  });

  it('P7: the Party ballot explains 赞成 / 不赞成 / 弃权 and voids the whole ballot on an over-vote', () => {
    const d = day(undefined, 'party_branch');
    const t = flat(pdfText(ok(d.s, 'forms.render', { form: 'ballot_paper' }).path));
    expect(t).toContain('中共青山村支部委员会委员选举选票');
    expect(t).toContain('表示赞成的，在其姓名下方的空格内画“○”；不赞成的，画“×”；弃权的，不画任何符号');
    expect(t).toContain('多于应选人数的，本张选票无效');
    expect(t).toContain('正式党员');
  });

  it('V1 ballotPapers per_position (HA): one paper per post, each voiding only itself', () => {
    const c: BallotContent = {
      kind: 'villagers_committee',
      body: '青山村第十二届村民委员会',
      what: '',
      roundLabel: '',
      electionDate: '2026-06-20',
      drill: false,
      papers: 'per_position',
      posts: [
        { key: 'chair', name: '主任', seats: 1, candidates: [{ number: 1, name: '李四' }, { number: 2, name: '张三' }] },
        { key: 'member', name: '委员', seats: 2, candidates: [{ number: 1, name: '王芳' }, { number: 2, name: '赵敏' }, { number: 3, name: '钱七' }] },
      ],
      sealLabel: '青山村村民选举委员会',
      writeInWho: '本村登记参加选举的选民',
      forAgainst: false,
      rules: { overvoteScope: 'position', samePersonMultiplePositions: 'invalidate_ballot', unreadableScope: 'ballot' },
    };
    expect(ballotSheets(c).map((s) => s.title)).toEqual(['青山村第十二届村民委员会主任选举选票', '青山村第十二届村民委员会委员选举选票']);
    const words = ballotInstructions(c, [c.posts[1] as BallotContent['posts'][number]]).join('');
    expect(words).toContain('不得多于应选人数 2 名，多于应选人数的，本张选票无效');
    expect(words).not.toContain('同一人'); // V2 cannot apply on one paper
    const r = renderBallotPapers(c, { copies: 3 });
    expect(r.pages).toBe(6);
    const dir = mkdtempSync(path.join(os.tmpdir(), 'ballot-'));
    const file = path.join(dir, 'b.pdf');
    writeFileSync(file, r.buffer);
    const pages = pdfText(file).split('\f').filter((p) => p.trim()).map(flat);
    expect(pages).toHaveLength(6);
    expect(pages.map((p) => (p.includes('主任选举选票') ? '主任' : '委员'))).toEqual(['主任', '委员', '主任', '委员', '主任', '委员']);
  });
});

describe('printing', () => {
  it('B3: printing adds the copies to the round’s printed count; every copy is the same page (no serial number)', () => {
    const d = day();
    expect(ok(d.s, 'ballot.paper', {}).printed).toBeNull();
    const first = ok(d.s, 'ballot.print', { copies: 25 });
    expect(first).toMatchObject({ copies: 25, printed: 25, pages: 25, fileName: '选票-第1轮-第1次印制.pdf' });
    const second = ok(d.s, 'ballot.print', { copies: 5 });
    expect(second.printed).toBe(30);
    const paper = ok(d.s, 'ballot.paper', {});
    expect(paper).toMatchObject({ printed: 30, printedByStation: 30, spoiled: 0 });
    expect(paper.printings.map((p) => [p.copies, p.matchesCurrent])).toEqual([
      [25, true],
      [5, true],
    ]);
    expect(ok(d.s, 'count.summary', {}).printed).toBe(30);
    // identical pages: the same text, and the copies share one content stream (a 25-copy file is barely larger than one)
    expect(pdfPages(first.path)).toBe(25);
    const pages = pdfText(first.path).split('\f').filter((p) => p.trim());
    expect(new Set(pages).size).toBe(1);
    expect(first.bytes).toBeLessThan(second.bytes + 25 * 400);

    // B3 on paper after counting: 印制 30 = 发出 22 + 作废换发 0 + 未用 8
    vote(d, 22, 22);
    enterBallots(d, 22, { chair: ['张三'], member: ['王芳', '赵敏', '丁一'] });
    ok(d.s, 'round.confirm', {});
    expect(flat(pdfText(ok(d.s, 'forms.render', { form: 'tally_sheet' }).path))).toContain('印制30张＝发出22张＋作废换发0张＋未用8张');
  });

  it('a candidate change after printing flags the printed papers; printing is refused once counting starts', () => {
    const d = day();
    ok(d.s, 'ballot.print', { copies: 10 });
    ok(d.s, 'candidate.withdraw', { candidateId: d.cand('member', '石磊'), reason: '本人申请退出' });
    const paper = ok(d.s, 'ballot.paper', {});
    expect(paper.printings[0]?.matchesCurrent).toBe(false);
    expect(paper.warnings.map((w) => w.code)).toEqual(['BALLOT_OUT_OF_DATE']);
    expect(paper.positions.find((p) => p.key === 'member')?.candidates.map((c) => c.name)).not.toContain('石磊');
    vote(d, 22, 22);
    expect(refused(d.s, 'ballot.print', { copies: 1 }).code).toBe('CANNOT_PRINT');
    expect(ok(d.s, 'ballot.paper', {}).canPrint).toBe(false);
  });

  it('a drill ballot says 演练 (once in its title, and across the page); a post without candidates cannot be printed', () => {
    const base = ballotSheets({ body: '演练村村民委员会', what: '', roundLabel: '', papers: 'combined', posts: [] } as unknown as BallotContent);
    expect(base[0]?.title).toBe('演练村村民委员会选举选票');
    const c = {
      kind: 'villagers_committee',
      body: '青山村村民委员会',
      what: '',
      roundLabel: '另行选举',
      electionDate: '2026-06-20',
      drill: true,
      papers: 'combined',
      posts: [{ key: 'member', name: '委员', seats: 1, candidates: [{ number: 1, name: '王芳' }, { number: 2, name: '赵敏' }] }],
      sealLabel: '青山村村民选举委员会',
      writeInWho: '本村登记参加选举的选民',
      forAgainst: false,
      rules: { overvoteScope: 'position', samePersonMultiplePositions: 'invalidate_ballot', unreadableScope: 'ballot' },
    } satisfies BallotContent;
    const dir = mkdtempSync(path.join(os.tmpdir(), 'ballot-'));
    const file = path.join(dir, 'drill.pdf');
    writeFileSync(file, renderBallotPapers(c, { copies: 1 }).buffer);
    const t = flat(pdfText(file));
    expect(t).toContain('青山村村民委员会选举选票（另行选举）（演练）');
    expect(t.split('（演练）').length - 1).toBe(1);
    // the mark across the page: pale red pixels in the middle of the paper
    const png = pagePng(file, 1, 40);
    let red = 0;
    for (let i = 0; i < png.data.length; i += 4) if ((png.data[i] ?? 0) > (png.data[i + 1] ?? 0) + 15) red++;
    expect(red / (png.width * png.height)).toBeGreaterThan(0.01);
    const d = setupDay({ positions: [{ key: 'chair', name: '主任', seats: 1 }, { key: 'member', name: '委员', seats: 2 }], people: [{ name: '张三' }, { name: '李四' }], candidates: [['张三', 'chair'], ['李四', 'chair']], others: 3 });
    expect(refused(d.s, 'ballot.print', { copies: 1 }).message).toContain('委员还没有候选人');
  });
});
