/**
 * Issue 10: the committee's everyday corrections to the roll on a real SQLite file — one voter added
 * with the import's checks, a correction of name, ID number, group or category as a new row with its
 * reason (never an edit in place, shown everywhere a name is read), a removed voter registered again
 * by the committee's decision, the 选民证 number at the desk, and the roll list in the groups' order.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeIdNumber } from '../../../shared/rules/index.js';
import { cardCode, cardNumber, electionCardTag } from '../../../shared/voter-card.js';
import { addVoter, cleanup, election, idFor, ok, refused } from './helpers.js';
import { decodeBarcodes } from '../../forms/barcodes.js';
import { pdfText } from '../../forms/pdf.js';

afterEach(cleanup);

const raw = (s: ReturnType<typeof election>['s'], id: number) =>
  s.db.prepare('SELECT name, id_number, group_name, category FROM voters WHERE id = ?').get(id) as { name: string; id_number: string; group_name: string; category: string };

describe('R3 R1 R2: a correction is a new row with its reason, shown wherever the voter is read', () => {
  it('a name corrected: the registration row is unchanged, the correction row says who, when and why; list, get, search, candidates and proxies read the new name', () => {
    const { s, setNow } = election();
    const id = addVoter(s, '张山', { group: '第一组' });
    const other = addVoter(s, '李四', { group: '第一组' });
    const third = addVoter(s, '王五', { group: '第一组' });
    ok(s, 'position.set', { positions: [{ key: 'chair', name: '主任', seats: 1 }] });
    ok(s, 'candidate.add', { voterId: id, position: 'chair', education: 'college', partyMember: true });
    ok(s, 'proxy.add', { principalId: other, trusteeId: third, relation: 'other_villager', writtenRef: '委托书1号' });
    // search finds the old spelling before
    expect(ok(s, 'roll.search', { query: '张山' }).voters.map((v) => v.id)).toEqual([id]);
    setNow('2026-02-02T10:30:00');
    const r = ok(s, 'roll.correct', { voterId: id, name: '张三', reason: '户口簿上是“三”，登记时写错' });
    expect(r.voter.name).toBe('张三');
    expect(r.voter.corrected).toBe(true);
    expect(r.correction.changes).toEqual([{ field: 'name', label: '姓名', from: '张山', to: '张三' }]);
    // never an edit in place
    expect(raw(s, id).name).toBe('张山');
    const row = s.db.prepare('SELECT voter_id, name, reason, actor, at FROM voter_corrections').get() as Record<string, unknown>;
    expect(row).toMatchObject({ voter_id: id, name: '张三', reason: '户口簿上是“三”，登记时写错' });
    expect(String(row.at)).toContain('2026-02-02');
    expect(() => s.db.prepare("UPDATE voter_corrections SET name = '张叁'").run()).toThrow(/append-only/);
    // every read
    expect(ok(s, 'roll.get', { voterId: id }).voter.name).toBe('张三');
    expect(ok(s, 'roll.get', { voterId: id }).corrections.map((c) => [c.changes[0]?.to, c.reason])).toEqual([['张三', '户口簿上是“三”，登记时写错']]);
    expect(ok(s, 'roll.list', {}).voters.find((v) => v.id === id)?.name).toBe('张三');
    expect(ok(s, 'roll.search', { query: '张三' }).voters.map((v) => v.id)).toEqual([id]);
    expect(ok(s, 'roll.search', { query: 'zs' }).voters.map((v) => v.name)).toContain('张三');
    expect(ok(s, 'roll.search', { query: '张山' }).voters).toEqual([]);
    expect(ok(s, 'candidate.list', {}).candidates.map((c) => c.name)).toEqual(['张三']);
    // the card keeps its number (same registration)
    expect(r.voter.cardNumber).toBe(cardNumber(id));
    // a second correction: the history lists both, oldest first
    ok(s, 'roll.correct', { voterId: third, name: '王武', reason: '核对身份证' });
    expect(ok(s, 'proxy.list', {}).proxies.map((p) => [p.principalName, p.trusteeName])).toEqual([['李四', '王武']]);
    ok(s, 'roll.correct', { voterId: id, group: '第二组', reason: '实际住在第二组' });
    expect(ok(s, 'roll.get', { voterId: id }).corrections.map((c) => c.changes.map((x) => `${x.label}:${x.from}→${x.to}`))).toEqual([['姓名:张山→张三'], ['村民小组:第一组→第二组']]);
    expect(ok(s, 'roll.list', {}).counts.byGroup.map((g) => [g.key, g.count])).toEqual([
      ['第一组', 2],
      ['第二组', 1],
    ]);
  });

  it('R1 R3: a corrected ID number is checked as on import: its check digit, 18 on election day, and nobody else holding it; gender and birth date follow it', () => {
    const { s } = election();
    const a = addVoter(s, '赵一', { idNumber: makeIdNumber('330103', '19700101', '131') });
    const taken = makeIdNumber('330103', '19800202', '151');
    addVoter(s, '钱二', { idNumber: taken });
    expect(refused(s, 'roll.correct', { voterId: a, idNumber: '330103197001011312', reason: '抄错' }).code).toMatch(/^ID_/);
    expect(refused(s, 'roll.correct', { voterId: a, idNumber: makeIdNumber('330103', '20090101', '131'), reason: '抄错' }).code).toBe('R1_UNDER_18');
    const r3 = refused(s, 'roll.correct', { voterId: a, idNumber: taken.toLowerCase(), reason: '抄错' });
    expect(r3.code).toBe('R3_ALREADY_REGISTERED');
    expect(r3.message).toContain('钱二');
    const right = makeIdNumber('330103', '19710505', '142');
    const r = ok(s, 'roll.correct', { voterId: a, idNumber: right, reason: '身份证号码抄错两位' });
    expect(r.voter).toMatchObject({ idNumber: right, birthDate: '1971-05-05', gender: 'F' });
    expect(r.correction.changes.map((c) => c.field)).toEqual(['idNumber']);
    // found by the new tail, not the old; the old number is free again, the new one taken
    expect(ok(s, 'roll.search', { query: right.slice(-4) }).voters.map((v) => v.id)).toEqual([a]);
    expect(refused(s, 'roll.add', { name: '孙三', idNumber: right, category: 'resident' }).code).toBe('R3_ALREADY_REGISTERED');
    const freed = ok(s, 'roll.add', { name: '赵一', idNumber: makeIdNumber('330103', '19700101', '131'), category: 'resident', group: '第一组' });
    expect(freed.voter.id).not.toBe(a);
  });

  it('R2: a category that needs the assembly\'s approval needs its reference; nothing changed, no reason, a removed voter and the voting day are refused', () => {
    const env = election();
    const { s } = env;
    const a = addVoter(s, '周一');
    expect(refused(s, 'roll.correct', { voterId: a, category: 'nonresident_approved', reason: '户籍已迁出' }).code).toBe('R2_APPROVAL_REF_REQUIRED');
    const r = ok(s, 'roll.correct', { voterId: a, category: 'nonresident_approved', approvalRef: '村代会〔2026〕2号', reason: '户籍已迁出，仍在本村居住' });
    expect(r.voter).toMatchObject({ category: 'nonresident_approved', approvalRef: '村代会〔2026〕2号' });
    expect(r.correction.changes.map((c) => c.label)).toEqual(['类别', '审批依据']);
    expect(refused(s, 'roll.correct', { voterId: a, name: '周一', reason: '无' }).code).toBe('CORRECT_NOTHING');
    expect(refused(s, 'roll.correct', { voterId: a, name: '周壹', reason: '' }).code).toBe('VALIDATION');
    expect(refused(s, 'roll.correct', { voterId: a, partyStatus: 'full', reason: '无' }).code).toBe('NOT_PARTY_ELECTION');
    const b = addVoter(s, '吴二');
    ok(s, 'roll.remove', { voterId: b, reason: 'moved' });
    expect(refused(s, 'roll.correct', { voterId: b, name: '吴贰', reason: '写错' }).code).toBe('CORRECT_REMOVED');
    ok(s, 'position.set', { positions: [{ key: 'chair', name: '主任', seats: 1 }] });
    ok(s, 'roll.publish', { publishedOn: '2026-02-20' });
    // after publication: allowed, with the reminder to post it
    expect(ok(s, 'roll.correct', { voterId: a, name: '周壹', reason: '写错' }).warnings.map((w) => w.code)).toContain('R5_CORRECTED_AFTER_PUBLICATION');
    expect(ok(s, 'candidate.add', { voterId: a, position: 'chair', education: 'college', partyMember: false }).candidate.name).toBe('周壹');
    ok(s, 'candidate.add', { voterId: addVoter(s, '郑三'), position: 'chair', education: 'college', partyMember: false });
    env.setNow('2026-03-15T08:00:00');
    ok(s, 'election.setPhase', { phase: 'voting' });
    const late = refused(s, 'roll.correct', { voterId: a, name: '周一', reason: '又写错' });
    expect(late.code).toBe('CORRECT_AFTER_VOTING_STARTED');
    expect(late.message).toContain('投票已经开始');
  });

  it('P1: a Party member list corrects the member\'s status, and the base follows', () => {
    const { s } = election('party_branch');
    const id = ok(s, 'roll.add', { name: '党一', idNumber: idFor(), group: '第一党小组', partyStatus: 'probationary' }).voter.id;
    expect(ok(s, 'roll.list', {}).counts.withVote).toBe(0);
    const r = ok(s, 'roll.correct', { voterId: id, partyStatus: 'full', reason: '已于2025年转正，名册抄错' });
    expect(r.correction.changes).toEqual([{ field: 'partyStatus', label: '党员类别', from: '预备党员', to: '正式党员' }]);
    expect(ok(s, 'roll.list', {}).counts.withVote).toBe(1);
    expect(refused(s, 'roll.correct', { voterId: id, category: 'resident', reason: '无' }).code).toBe('NOT_VILLAGERS_ELECTION');
  });

  it('the printed voter list and voter cards carry the corrected name and group', () => {
    const { s, dir } = election();
    const id = addVoter(s, '冯大', { group: '第一组' });
    addVoter(s, '陈二', { group: '第一组' });
    ok(s, 'roll.correct', { voterId: id, name: '冯达', group: '第二组', reason: '按户口簿更正' });
    for (const form of ['voter_list', 'voter_cards'] as const) {
      const r = ok(s, 'forms.render', { form });
      const text = pdfText(r.path).replace(/\s+/g, '');
      expect(text, form).toContain('冯达');
      expect(text, form).not.toContain('冯大');
      expect(text, form).toContain('第二组');
    }
    expect(readdirSync(path.join(dir, 'forms')).length).toBeGreaterThan(0);
  });
});

describe('R3 R4: a removed voter registered again by the committee\'s decision', () => {
  it('a new registration linked to the removed one; the old row keeps its removal; a second time, and a person already on the roll, are refused', () => {
    const { s, setNow } = election();
    const id = addVoter(s, '蒋一', { group: '第三组' });
    ok(s, 'roll.remove', { voterId: id, reason: 'moved', note: '迁往县城' });
    expect(refused(s, 'roll.add', { name: '蒋一', idNumber: ok(s, 'roll.get', { voterId: id }).voter.idNumber, category: 'resident' }).code).toBe('R3_REMOVED_REGISTRATION');
    expect(refused(s, 'roll.reregister', { voterId: id, decisionRef: '', decidedOn: '2026-02-01' }).code).toBe('VALIDATION');
    expect(refused(s, 'roll.reregister', { voterId: id, decisionRef: '村选委会〔2026〕3号', decidedOn: '2026-02-09' }).code).toBe('REREGISTER_DATE');
    setNow('2026-02-05T09:00:00');
    const r = ok(s, 'roll.reregister', { voterId: id, decisionRef: '村选委会〔2026〕3号', decidedOn: '2026-02-04', note: '户口未迁出，移除有误' });
    expect(r.voter).toMatchObject({ name: '蒋一', group: '第三组', removed: false, previousVoterId: id });
    expect(r.voter.id).not.toBe(id);
    expect(r.previous).toMatchObject({ removed: true, reregisteredAs: r.voter.id });
    expect(r.warnings.map((w) => w.code)).toContain('REREGISTERED_NEW_CARD');
    expect(r.warnings.find((w) => w.code === 'REREGISTERED_NEW_CARD')?.message).toContain(cardNumber(r.voter.id));
    expect(ok(s, 'roll.get', { voterId: r.voter.id }).reregistration).toMatchObject({ previousVoterId: id, decisionRef: '村选委会〔2026〕3号', decidedOn: '2026-02-04' });
    const stored = s.db.prepare('SELECT voter_id, previous_voter_id, decision_ref FROM voter_reregistrations').all();
    expect(stored).toEqual([{ voter_id: r.voter.id, previous_voter_id: id, decision_ref: '村选委会〔2026〕3号' }]);
    expect(ok(s, 'roll.list', {}).counts).toMatchObject({ registered: 1, removed: 1 });
    expect(refused(s, 'roll.reregister', { voterId: id, decisionRef: '再次', decidedOn: '2026-02-05' }).code).toBe('REREGISTER_DONE');
    expect(refused(s, 'roll.reregister', { voterId: r.voter.id, decisionRef: '再次', decidedOn: '2026-02-05' }).code).toBe('REREGISTER_NOT_REMOVED');
    // R3 still holds: the person is on the roll once
    expect(refused(s, 'roll.add', { name: '蒋一', idNumber: r.voter.idNumber, category: 'resident' }).code).toBe('R3_ALREADY_REGISTERED');
  });

  it('R3: one active registration per number, however often removed and registered again; on the voting day with a warning; not once counting began', () => {
    const env = election();
    const { s } = env;
    const idNo = idFor();
    const a = ok(s, 'roll.add', { name: '沈一', idNumber: idNo, category: 'resident', group: '一组' }).voter.id;
    ok(s, 'roll.remove', { voterId: a, reason: 'moved' });
    const a2 = ok(s, 'roll.reregister', { voterId: a, decisionRef: '决定1', decidedOn: '2026-02-01' }).voter.id;
    ok(s, 'roll.remove', { voterId: a2, reason: 'moved' });
    // the first removal was answered already; the second may be, once
    expect(refused(s, 'roll.reregister', { voterId: a, decisionRef: '决定2', decidedOn: '2026-02-01' }).code).toBe('REREGISTER_DONE');
    const a3 = ok(s, 'roll.reregister', { voterId: a2, decisionRef: '决定2', decidedOn: '2026-02-01' }).voter.id;
    expect(ok(s, 'roll.list', {}).voters.filter((v) => v.idNumber === idNo).map((v) => [v.id, v.removed])).toEqual([
      [a, true],
      [a2, true],
      [a3, false],
    ]);
    // nobody takes the number over by a correction either
    const b = addVoter(s, '沈二');
    expect(refused(s, 'roll.correct', { voterId: b, idNumber: idNo, reason: '号码抄错' }).code).toBe('R3_ALREADY_REGISTERED');
    const c = addVoter(s, '韩二');
    ok(s, 'roll.remove', { voterId: c, reason: 'moved' });
    ok(s, 'position.set', { positions: [{ key: 'chair', name: '主任', seats: 1 }] });
    ok(s, 'candidate.add', { voterId: a3, position: 'chair', education: 'college', partyMember: false });
    ok(s, 'candidate.add', { voterId: addVoter(s, '杨三'), position: 'chair', education: 'college', partyMember: false });
    ok(s, 'roll.publish', { publishedOn: '2026-02-20' });
    env.setNow('2026-03-15T08:00:00');
    ok(s, 'election.setPhase', { phase: 'voting' });
    const during = ok(s, 'roll.reregister', { voterId: c, decisionRef: '现场决定', decidedOn: '2026-03-15' });
    expect(during.warnings.map((w) => w.code)).toContain('REREGISTERED_DURING_VOTING');
    ok(s, 'ballot.issue', { voterId: during.voter.id });
    // no additions on the day: only a committee's re-registration
    expect(refused(s, 'roll.add', { name: '新人', idNumber: idFor(), category: 'resident' }).code).toBe('WRONG_PHASE');
    ok(s, 'roll.remove', { voterId: b, reason: 'death' });
    // one of three voted: below E1, which the committee confirms once more (B7) to end the vote anyway
    ok(s, 'election.setPhase', { phase: 'counting', confirm: ['E1_TURNOUT_NOT_MET'] });
    // once counting began the registered count is fixed
    expect(refused(s, 'roll.reregister', { voterId: b, decisionRef: '决定', decidedOn: '2026-03-15' }).code).toBe('WRONG_PHASE');
  });
});

describe('R6: the 选民证 number at the issue desk', () => {
  it('the six printed digits find the card first (an ID tail may follow); the barcode\'s digits find only the card; another election\'s card and a removed registration are named', () => {
    const { s } = election();
    const ids = [addVoter(s, '朱一'), addVoter(s, '秦二'), addVoter(s, '尤三')];
    const e = ok(s, 'election.get', {});
    const [first, second, third] = ids as [number, number, number];
    const typed = ok(s, 'roll.search', { query: cardNumber(second) });
    expect(typed.voters[0]).toMatchObject({ id: second, match: 'card', cardNumber: cardNumber(second) });
    const scanned = ok(s, 'roll.search', { query: cardCode(e.id, first) });
    expect(scanned.voters.map((v) => [v.id, v.match])).toEqual([[first, 'card']]);
    expect(scanned.cardNotice).toBeNull();
    // a scanner with a space or hyphen setting, full-width digits typed by hand
    expect(ok(s, 'roll.search', { query: `${electionCardTag(e.id)}-${cardNumber(first)}` }).voters[0]?.id).toBe(first);
    expect(ok(s, 'roll.search', { query: cardCode(e.id, first).replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d))) }).voters[0]?.id).toBe(first);
    const tag = electionCardTag(e.id);
    const otherTag = String((Number(tag) + 1) % 10000).padStart(4, '0');
    const foreign = ok(s, 'roll.search', { query: otherTag + cardNumber(first) });
    expect(foreign.voters).toEqual([]);
    expect(foreign.cardNotice).toContain('不是本次选举的');
    const nobody = ok(s, 'roll.search', { query: tag + cardNumber(9999) });
    expect(nobody.voters).toEqual([]);
    expect(nobody.cardNotice).toContain('没有证号为 009999');
    ok(s, 'roll.remove', { voterId: third, reason: 'death' });
    const gone = ok(s, 'roll.search', { query: cardCode(e.id, third) });
    expect(gone.voters.map((v) => [v.id, v.removed])).toEqual([[third, true]]);
    expect(gone.cardNotice).toContain('已经移除');
  });

  it('the printed card carries its number and a Code 128 barcode that an independent decoder (zbarimg) reads as the election\'s tag and the number', () => {
    const { s } = election();
    const ids = [addVoter(s, '许一'), addVoter(s, '何二')];
    const e = ok(s, 'election.get', {});
    const r = ok(s, 'forms.render', { form: 'voter_cards' });
    const text = pdfText(r.path).replace(/\s+/g, '');
    for (const id of ids) expect(text).toContain(cardNumber(id));
    expect(decodeBarcodes(r.path, 1).sort()).toEqual(ids.map((id) => `CODE-128:${cardCode(e.id, id)}`).sort());
    expect(readFileSync(r.path).length).toBeGreaterThan(1000);
  });
});

describe('the roll list: every group in natural order, adding up to the total', () => {
  it('一组 … 十二组 in their order (not the characters\'), the unnamed group last; the list pages in that order', () => {
    const { s } = election();
    const groups = ['十二组', '二组', '十组', '一组', '三组', '十一组', ''];
    for (const g of groups) for (let i = 0; i < 2; i++) addVoter(s, `${g || '无组'}${i}`, { group: g });
    const gone = addVoter(s, '移除者', { group: '二组' });
    ok(s, 'roll.remove', { voterId: gone, reason: 'moved' });
    const list = ok(s, 'roll.list', { limit: 5 });
    expect(list.counts.byGroup.map((g) => g.label)).toEqual(['一组', '二组', '三组', '十组', '十一组', '十二组', '（未填小组）']);
    expect(list.counts.byGroup.reduce((n, g) => n + g.count, 0)).toBe(list.counts.registered);
    expect(list.counts.registered).toBe(14);
    // pages follow the same order, the removed voter among its group
    const all = [0, 5, 10].flatMap((offset) => ok(s, 'roll.list', { limit: 5, offset }).voters.map((v) => v.group));
    expect(all).toEqual(['一组', '一组', '二组', '二组', '二组', '三组', '三组', '十组', '十组', '十一组', '十一组', '十二组', '十二组', '', '']);
  });
});

describe('R5: the objection deadlines', () => {
  it('the list publication gives the last day to object; each objection the last day to decide it; late ones are flagged', () => {
    const env = election();
    const { s } = env;
    const a = addVoter(s, '施一');
    ok(s, 'roll.publish', { publishedOn: '2026-02-10' });
    const o = ok(s, 'roll.objection', { filedOn: '2026-02-14', filedBy: '张村民', voterId: a, content: '施一已迁往外省' });
    expect(o.objection).toMatchObject({ publishedOn: '2026-02-10', objectionDeadline: '2026-02-15', decideBy: '2026-02-17', late: false });
    const list = ok(s, 'roll.objections', {});
    expect(list.deadlines).toMatchObject({
      electionDate: '2026-03-15',
      rollPublishDaysBefore: 20,
      objectionDays: 5,
      objectionDecisionDays: 3,
      publishBy: '2026-02-23',
      latest: { publishedOn: '2026-02-10', objectionDeadline: '2026-02-15', publishedLate: null },
    });
    const late = ok(s, 'roll.objection', { filedOn: '2026-02-17', filedBy: '李村民', subjectName: '王某', content: '王某应登记而未登记' });
    expect(late.objection.late).toBe(true);
    const d = ok(s, 'roll.decideObjection', { objectionId: o.objection.id, decidedOn: '2026-02-19', decision: 'upheld', removeVoter: true, note: '核实属实' });
    expect(d.objection.decision).toMatchObject({ decision: 'upheld', late: true });
    expect(d.removed?.removal?.reason).toBe('objection_upheld');
  });
});
