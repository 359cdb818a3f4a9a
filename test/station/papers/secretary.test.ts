/**
 * P10: the new Party committee's first plenary elects 书记 and 副书记 from its members — 等额
 * allowed, more than half of ALL committee members needed, four fifths present — and the result
 * awaits the higher Party organisation's approval; only after its reference and date are recorded
 * are certificates offered. result.json carries the secretary for 一肩挑.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { buildResultJson } from '../../../electron/station/export/result-json.js';
import { confirmedData, exportElection } from '../../../electron/station/export/export.js';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pdfText } from '../../forms/pdf.js';
import { cleanup, enterBallots, ok, refused, setupDay, vote } from '../counting/helpers.js';

afterEach(cleanup);

const flat = (s: string): string => s.replace(/\s+/g, '');
const MEMBERS = ['甲一', '乙二', '丙三', '丁四', '戊五'];

/** A branch assembly that elects five members (all candidates, 等额 for the test's brevity). */
function committee() {
  const d = setupDay({
    kind: 'party_branch',
    positions: [{ key: 'member', name: '委员', seats: 5 }],
    people: [...MEMBERS, '己六'].map((name) => ({ name })),
    candidates: [...MEMBERS, '己六'].map((n) => [n, 'member'] as [string, string]),
    others: 6,
  });
  vote(d, 12, 12);
  enterBallots(d, 12, { member: MEMBERS });
  ok(d.s, 'round.confirm', {});
  const id = (name: string): number => d.voterId(name);
  return { ...d, id };
}

describe('P10 书记、副书记 by the committee', () => {
  it('P10: refused before the assembly’s result is confirmed; the committee is the members it elected', () => {
    const d = setupDay({ kind: 'party_branch', positions: [{ key: 'member', name: '委员', seats: 3 }], people: [{ name: '甲一' }], candidates: [['甲一', 'member']], others: 4 });
    expect(ok(d.s, 'secretary.get', {}).canStart).toBe(false);
    expect(refused(d.s, 'secretary.startVote', { posts: [{ post: 'secretary', seats: 1, candidateIds: [d.voterId('甲一')] }] }).code).toBe('CANNOT_START');
    const c = committee();
    const s = ok(c.s, 'secretary.get', {});
    expect(s.members.map((m) => m.name).sort()).toEqual([...MEMBERS].sort());
    expect(s).toMatchObject({ canStart: true, status: 'not_started', orgName: '中共青山村支部委员会' });
  });

  it('P10: 等额 allowed; elected only with more than half of all members (not of those present); 4/5 present', () => {
    const c = committee();
    expect(refused(c.s, 'secretary.startVote', { posts: [{ post: 'secretary', seats: 1, candidateIds: [c.id('己六')] }] }).code).toBe('NOT_A_MEMBER');
    const vote1 = ok(c.s, 'secretary.startVote', {
      posts: [
        { post: 'secretary', seats: 1, candidateIds: [c.id('甲一')] },
        { post: 'deputy', seats: 1, candidateIds: [c.id('乙二')] },
      ],
    });
    expect(vote1.posts.map((p) => [p.name, p.candidates.map((x) => x.name)])).toEqual([
      ['书记', ['甲一']],
      ['副书记', ['乙二']],
    ]);
    // 5 members: 4/5 present means 4
    const three = ok(c.s, 'secretary.setPresent', { voterIds: [c.id('甲一'), c.id('乙二'), c.id('丙三')] });
    expect(three).toMatchObject({ quorumMet: false, quorumNeeded: 4 });
    expect(refused(c.s, 'secretary.recordBallot', { marks: { secretary: { for: [c.id('甲一')] } } }).code).toBe('QUORUM_NOT_MET');
    ok(c.s, 'secretary.setPresent', { voterIds: [c.id('甲一'), c.id('乙二'), c.id('丙三'), c.id('丁四')] });
    // 4 present. 甲一: 3 赞成 (3 > 5/2) → 书记. 乙二: 2 赞成 of 4 present (a majority of those present would elect,
    // but 2 × 2 = 4 is not more than 5 members) → not elected.
    ok(c.s, 'secretary.recordBallot', { marks: { secretary: { for: [c.id('甲一')] }, deputy: { for: [c.id('乙二')] } } });
    ok(c.s, 'secretary.recordBallot', { marks: { secretary: { for: [c.id('甲一')] }, deputy: { for: [c.id('乙二')] } } });
    ok(c.s, 'secretary.recordBallot', { marks: { secretary: { for: [c.id('甲一')] }, deputy: { for: [], against: [c.id('乙二')], writeIns: [c.id('丙三')] } } });
    expect(refused(c.s, 'secretary.recordBallot', { marks: { deputy: { for: [], writeIns: [c.id('己六')] } } }).code).toBe('WRITE_IN_NOT_MEMBER');
    // 不赞成 only: a valid ballot that chooses nobody (V4)
    const blank = ok(c.s, 'secretary.recordBallot', { marks: { secretary: { for: [], against: [c.id('甲一')] } } });
    expect(blank.status).toBe('blank');
    expect(refused(c.s, 'secretary.confirm', {}).code).toBe('COLLECTED_MISSING');
    ok(c.s, 'secretary.setCollected', { collected: 4 });
    const conf = ok(c.s, 'secretary.confirm', {});
    expect(conf.result.positions.map((p) => [p.id, p.votes, p.elected])).toEqual([
      ['secretary', { 甲一: 3 }, ['甲一']],
      ['deputy', { 乙二: 2, 丙三: 1 }, []],
    ]);
    expect(conf.message).toContain('副书记尚缺 1 名');
    let s = ok(c.s, 'secretary.get', {});
    expect(s.status).toBe('awaiting_approval');
    expect(s.votes[0]?.marks.find((m) => m.id === 'secretary')?.candidates).toEqual([{ name: '甲一', for: 3, against: 1, abstain: 0, invalid: 0 }]);

    // second vote for the deputy alone: 书记 cannot be elected again
    expect(refused(c.s, 'secretary.startVote', { posts: [{ post: 'secretary', seats: 1, candidateIds: [c.id('乙二')] }] }).code).toBe('SECRETARY_ELECTED');
    ok(c.s, 'secretary.startVote', { posts: [{ post: 'deputy', seats: 1, candidateIds: [c.id('乙二')] }] });
    ok(c.s, 'secretary.setPresent', { voterIds: MEMBERS.map(c.id) });
    for (let i = 0; i < 5; i++) ok(c.s, 'secretary.recordBallot', { marks: { deputy: { for: i < 3 ? [c.id('乙二')] : [] } } });
    ok(c.s, 'secretary.setCollected', { collected: 5 });
    ok(c.s, 'secretary.confirm', {});
    s = ok(c.s, 'secretary.get', {});
    expect(s.elected).toEqual({ secretary: [{ voterId: c.id('甲一'), name: '甲一' }], deputy: [{ voterId: c.id('乙二'), name: '乙二' }] });
    expect(s.status).toBe('awaiting_approval');
  });

  it('P10: 待上级党组织批复 on the papers and no certificates until the approval’s reference and date are recorded', () => {
    const c = committee();
    ok(c.s, 'secretary.startVote', { posts: [{ post: 'secretary', seats: 1, candidateIds: [c.id('甲一')] }] });
    ok(c.s, 'secretary.setPresent', { voterIds: MEMBERS.map(c.id) });
    for (let i = 0; i < 5; i++) ok(c.s, 'secretary.recordBallot', { marks: { secretary: { for: [c.id('甲一')] } } });
    ok(c.s, 'secretary.setCollected', { collected: 5 });
    ok(c.s, 'secretary.confirm', {});

    const ballot = flat(pdfText(ok(c.s, 'forms.render', { form: 'secretary_ballot' }).path));
    expect(ballot).toContain('中共青山村支部委员会书记选举选票');
    const report = flat(pdfText(ok(c.s, 'forms.render', { form: 'secretary_report' }).path));
    for (const s of ['书记、副书记选举结果报告单', '应到会委员5', '实到会委员5', '当选须得赞成票3', '当选书记：甲一', '本选举结果待上级党组织批复']) expect(report).toContain(s);
    expect(flat(pdfText(ok(c.s, 'forms.render', { form: 'result_report' }).path))).toContain('本选举结果待上级党组织批复');
    expect(refused(c.s, 'forms.render', { form: 'certificates' }).message).toContain('待上级党组织批复');
    expect(ok(c.s, 'forms.list', {}).forms.find((f) => f.form === 'certificates')?.available).toBe(false);
    let rj = buildResultJson(confirmedData(c.s)).value as { partySecretary: unknown; party: { awaitingApproval: boolean } };
    expect(rj.partySecretary).toMatchObject({ name: '甲一', approved: false, approvalRef: null, deputies: [] });
    expect(rj.party.awaitingApproval).toBe(true);

    ok(c.s, 'secretary.recordApproval', { ref: '清河镇党委〔2026〕18号', approvedOn: '2026-07-02' });
    expect(ok(c.s, 'secretary.get', {}).status).toBe('approved');
    const certs = flat(pdfText(ok(c.s, 'forms.render', { form: 'certificates' }).path));
    expect(certs).toContain('经委员会第一次全体会议选举为书记');
    expect(certs).toContain('清河镇党委〔2026〕18号');
    const after = flat(pdfText(ok(c.s, 'forms.render', { form: 'secretary_report' }).path));
    expect(after).toContain('已经上级党组织批复（清河镇党委〔2026〕18号，2026年7月2日）');
    expect(after).not.toContain('待上级党组织批复');
    rj = buildResultJson(confirmedData(c.s)).value as typeof rj;
    expect(rj.partySecretary).toMatchObject({ name: '甲一', approved: true, approvalRef: '清河镇党委〔2026〕18号', approvedOn: '2026-07-02' });
    expect(rj.party.awaitingApproval).toBe(false);
    expect(refused(c.s, 'secretary.startVote', { posts: [{ post: 'deputy', seats: 1, candidateIds: [c.id('乙二')] }] }).code).toBe('CANNOT_START');
  });
});

describe('P10 in the export package', () => {
  it('P10: the package has no certificates while the Party result awaits approval, and has them after', () => {
    const c = committee();
    ok(c.s, 'secretary.startVote', { posts: [{ post: 'secretary', seats: 1, candidateIds: [c.id('甲一')] }] });
    ok(c.s, 'secretary.setPresent', { voterIds: MEMBERS.map(c.id) });
    for (let i = 0; i < 5; i++) ok(c.s, 'secretary.recordBallot', { marks: { secretary: { for: [c.id('甲一')] } } });
    ok(c.s, 'secretary.setCollected', { collected: 5 });
    ok(c.s, 'secretary.confirm', {});
    const usb = mkdtempSync(path.join(os.tmpdir(), 'p10-usb-'));
    try {
      const before = exportElection(c.s, usb, { keyDir: path.join(usb, 'key') });
      expect(readdirSync(path.join(before.packagePath, 'forms'))).not.toContain('当选证书.pdf');
      ok(c.s, 'secretary.recordApproval', { ref: '清河镇党委〔2026〕18号', approvedOn: '2026-07-02' });
      const after = exportElection(c.s, usb, { keyDir: path.join(usb, 'key') });
      expect(readdirSync(path.join(after.packagePath, 'forms'))).toContain('当选证书.pdf');
    } finally {
      rmSync(usb, { recursive: true, force: true });
    }
  });
});
