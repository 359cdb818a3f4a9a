/**
 * The 2026 law across rounds, on real SQLite files through station.call: E8 close relatives across
 * posts and rounds (另行选举 under the national profile, 递补 under zhejiang), a relation revoked,
 * E6 who may stop and when, and P9 seats reduced by consent. Vote counts are worked out by hand.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, enterBallots, ok, refused, setupDay, vote } from './helpers.js';

afterEach(cleanup);

const PEOPLE = [
  { name: '张三' },
  { name: '李四' },
  { name: '王芳', gender: 'F' as const },
  { name: '刘强' },
  { name: '陈明' },
  { name: '赵敏', gender: 'F' as const },
  { name: '孙立' },
];

/** chair 1 seat (张三, 李四), member 2 seats (王芳, 刘强, 陈明, 赵敏); 张三 and 刘强 are brothers. */
function day(profile?: string) {
  const d = setupDay({
    ...(profile ? { profile } : {}),
    positions: [
      { key: 'chair', name: '主任', seats: 1 },
      { key: 'member', name: '委员', seats: 2 },
    ],
    people: PEOPLE,
    candidates: [['张三', 'chair'], ['李四', 'chair'], ['王芳', 'member'], ['刘强', 'member'], ['陈明', 'member'], ['赵敏', 'member']],
    others: 13,
  });
  ok(d.s, 'candidate.relate', { voterId: d.voterId('张三'), otherVoterId: d.voterId('刘强'), relation: 'sibling' });
  return d;
}

/** 15 ballots. chair: 张三 8, 李四 7. member: 王芳 12, 刘强 10, 陈明 8 (all three reach 2×v > 15), 赵敏 0. */
function countMain(d: ReturnType<typeof day>) {
  vote(d, 15, 15);
  enterBallots(d, 7, { chair: ['张三'], member: ['王芳', '刘强'] });
  enterBallots(d, 1, { chair: ['张三'], member: ['王芳', '陈明'] });
  enterBallots(d, 4, { chair: ['李四'], member: ['王芳', '陈明'] });
  enterBallots(d, 3, { chair: ['李四'], member: ['刘强', '陈明'] });
}

describe('E8 on the station', () => {
  it('E8 national: 刘强 yields to his brother the chair; the seat goes to a 另行选举 whose list leaves relatives of members out', () => {
    const d = day();
    countMain(d);
    const r = ok(d.s, 'round.result', {});
    expect(r.tally.positions[1]).toMatchObject({ votes: { 王芳: 12, 刘强: 10, 陈明: 8, 赵敏: 0 }, elected: ['王芳'], yielded: ['刘强'], unfilled: 1 });
    expect(r.relatives[0]).toMatchObject({ yielder: '刘强', keeper: '张三', reason: 'higher_post', relation: '兄弟姐妹', vacancy: 'supplementary' });
    expect(r.plan).toMatchObject({ next: 'supplementary', positions: [{ position: 'member', seats: 1, candidates: ['陈明', '赵敏'] }] });
    expect(r.plan.stop).toMatchObject({ may: false, rule: 'E6', basis: 'after_main' });
    ok(d.s, 'round.confirm', {});
    // the confirmed result (result.json, forms, township read it) has 刘强 not elected
    const stored = ok(d.s, 'round.list', {}).rounds[0]?.result;
    expect(stored?.positions[1]).toMatchObject({ elected: ['王芳'], yielded: ['刘强'] });
    expect(refused(d.s, 'round.leaveUnfilled', { reason: '不再选举' }).code).toBe('E6_MUST_CONTINUE');
    const r2 = ok(d.s, 'round.create', { kind: 'supplementary' });
    expect(r2.candidates.map((c) => c.name).sort()).toEqual(['赵敏', '陈明'].sort());
  });

  it('E8 zhejiang 递补: 陈明, next to reach the threshold, takes the seat; no 另行选举', () => {
    const d = day('zhejiang');
    countMain(d);
    const r = ok(d.s, 'round.result', {});
    expect(r.tally.positions[1]).toMatchObject({ elected: ['王芳', '陈明'], yielded: ['刘强'], unfilled: 0 });
    expect(r.relatives[0]).toMatchObject({ vacancy: 'succession', successor: '陈明' });
    expect(r.warnings.find((w) => w.code === 'E8_SUCCESSION')?.message).toContain('陈明 递补');
    ok(d.s, 'round.confirm', {});
    expect(ok(d.s, 'round.result', {}).plan.next).toBe('none');
  });

  it('E8 a relation recorded by mistake is revoked with a reason (a new row) and then decides nothing', () => {
    const d = day();
    const rel = ok(d.s, 'candidate.relations', {}).relatives[0];
    expect(rel).toMatchObject({ name: '张三', otherName: '刘强', counts: true, revoked: null });
    expect(refused(d.s, 'candidate.unrelate', { relativeId: rel?.id ?? 0, reason: ' ' }).code).toBe('VALIDATION');
    ok(d.s, 'candidate.unrelate', { relativeId: rel?.id ?? 0, reason: '登记错误：二人同姓不同户' });
    expect(refused(d.s, 'candidate.unrelate', { relativeId: rel?.id ?? 0, reason: '再次' }).code).toBe('RELATION_REVOKED');
    expect(d.s.db.prepare('SELECT COUNT(*) FROM candidate_relatives').pluck().get()).toBe(1);
    expect(ok(d.s, 'candidate.relations', {}).relatives[0]?.revoked).toMatchObject({ reason: '登记错误：二人同姓不同户' });
    countMain(d);
    const r = ok(d.s, 'round.result', {});
    expect(r.tally.positions[1]).toMatchObject({ elected: ['王芳', '刘强'], yielded: [] });
    // and it can be recorded again afterwards
    ok(d.s, 'candidate.relate', { voterId: d.voterId('刘强'), otherVoterId: d.voterId('张三'), relation: 'sibling' });
    expect(ok(d.s, 'round.result', {}).tally.positions[1]?.yielded).toEqual(['刘强']);
  });

  it('E8 across rounds: a 另行选举 winner who is a close relative of a member seated in round 1 yields to them', () => {
    const d = day();
    countMain(d);
    ok(d.s, 'round.confirm', {});
    ok(d.s, 'round.create', { kind: 'supplementary' }); // 陈明 and 赵敏 for one seat
    // recorded between the rounds: 赵敏 is 王芳's sister (王芳 sits since round 1)
    const rel = ok(d.s, 'candidate.relate', { voterId: d.voterId('赵敏'), otherVoterId: d.voterId('王芳'), relation: 'sibling' });
    expect(rel.relative.counts).toBe(true);
    vote(d, 15, 15);
    enterBallots(d, 9, { member: ['赵敏'] });
    enterBallots(d, 6, { member: ['陈明'] });
    const r = ok(d.s, 'round.result', {});
    // 另行选举: 3v ≥ 15. 赵敏 9 and 陈明 6 both pass; 赵敏 yields to the seated 王芳, 陈明 is not a successor (national)
    expect(r.tally.positions[0]).toMatchObject({ votes: { 赵敏: 9, 陈明: 6 }, elected: [], yielded: ['赵敏'], unfilled: 1 });
    expect(r.relatives[0]).toMatchObject({ reason: 'seated', keeper: '王芳', yielder: '赵敏' });
    expect(r.relatives[0]?.message).toContain('王芳 已在前一轮当选委员');
    ok(d.s, 'round.confirm', {});
    const after = ok(d.s, 'round.result', {}).plan;
    expect(after.status.find((st) => st.position === 'member')).toMatchObject({ elected: [{ name: '王芳', round: 1 }], unfilled: 1 });
    // E6 after a 另行选举: 2 elected is fewer than 3, so the assembly must go on
    expect(after.stop).toMatchObject({ may: false, basis: 'after_supplementary' });
  });
});

describe('E6 on the station', () => {
  it('E6 after a 另行选举 with three elected the assembly may leave the seat empty (round.leaveUnfilled, chair PIN, a recorded reason)', () => {
    const d = setupDay({
      positions: [
        { key: 'chair', name: '主任', seats: 1 },
        { key: 'member', name: '委员', seats: 3 },
      ],
      people: PEOPLE,
      candidates: [['张三', 'chair'], ['李四', 'chair'], ['王芳', 'member'], ['刘强', 'member'], ['陈明', 'member'], ['赵敏', 'member'], ['孙立', 'member']],
      others: 13,
    });
    // main: 15 ballots; chair 张三 15; member 王芳 15, 刘强 8 elected; 陈明 7, 赵敏 0, 孙立 0 → 1 seat unfilled
    vote(d, 15, 15);
    enterBallots(d, 8, { chair: ['张三'], member: ['王芳', '刘强'] });
    enterBallots(d, 7, { chair: ['张三'], member: ['王芳', '陈明'] });
    ok(d.s, 'round.confirm', {});
    const main = ok(d.s, 'round.result', {}).plan;
    expect(main).toMatchObject({ next: 'supplementary', mayLeaveUnfilled: false, stop: { basis: 'after_main', may: false } });
    expect(refused(d.s, 'round.leaveUnfilled', { reason: '选举大会决定' }).code).toBe('E6_MUST_CONTINUE');
    // the committee's own list that leaves the post out is a stop too, and is refused after the main round
    expect(refused(d.s, 'round.create', { kind: 'supplementary', candidateIds: [d.cand('chair', '张三')] }).code).toBe('E4_POSITION_FILLED');
    ok(d.s, 'round.create', { kind: 'supplementary' });
    // 另行选举: nobody reaches a third (15 ballots, 陈明 4, 赵敏 3, 孙立 0; the rest blank)
    vote(d, 15, 15);
    enterBallots(d, 4, { member: ['陈明'] });
    enterBallots(d, 3, { member: ['赵敏'] });
    for (let i = 0; i < 8; i++) ok(d.s, 'count.recordBallot', { marks: {} });
    ok(d.s, 'round.confirm', {});
    const after = ok(d.s, 'round.result', {}).plan;
    expect(after).toMatchObject({ next: 'supplementary', mayLeaveUnfilled: true, stop: { basis: 'after_supplementary', may: true } });
    const left = ok(d.s, 'round.leaveUnfilled', { reason: '选举大会表决：本届委员空缺一名，不再另行选举' }).plan;
    expect(left.next).toBe('none');
    expect(left.message).toContain('委员空缺 1 名');
    const decisions = ok(d.s, 'round.result', {}).decisions;
    expect(decisions).toEqual([expect.objectContaining({ kind: 'leave_empty', position: 'member', seats: 1 })]);
    expect(refused(d.s, 'round.create', { kind: 'supplementary' }).code).toBe('NOTHING_UNFILLED');
  });
});

describe('P9 on the station', () => {
  it('P9 the Party assembly reduces the seats by consent of more than half of the electors instead of another round', () => {
    const d = setupDay({
      kind: 'party_branch',
      positions: [{ key: 'member', name: '委员', seats: 5 }],
      people: [{ name: '甲一' }, { name: '乙二' }, { name: '丙三' }, { name: '丁四' }, { name: '戊五' }, { name: '己六' }, { name: '庚七' }],
      candidates: [['甲一', 'member'], ['乙二', 'member'], ['丙三', 'member'], ['丁四', 'member'], ['戊五', 'member'], ['己六', 'member']],
      others: 3,
    });
    // 10 members present: 甲一 10, 乙二 10, 丙三 10, 丁四 5, 戊五 5, 己六 5 → three pass (2×v > 10), two seats unfilled
    vote(d, 10, 10);
    enterBallots(d, 5, { member: ['甲一', '乙二', '丙三', '丁四'] });
    enterBallots(d, 5, { member: ['甲一', '乙二', '丙三', '戊五', '己六'] });
    ok(d.s, 'round.confirm', {});
    const plan = ok(d.s, 'round.result', {}).plan;
    expect(plan).toMatchObject({ next: 'supplementary', partyMayReduce: true, stop: { rule: 'P9', may: false } });
    expect(refused(d.s, 'round.reduceSeats', { position: 'member', seats: 3, consent: 5 }).code).toBe('P9_NO_MAJORITY');
    expect(refused(d.s, 'round.reduceSeats', { position: 'member', seats: 2, consent: 9 }).code).toBe('P9_SEATS');
    expect(refused(d.s, 'round.leaveUnfilled', { reason: 'x' }).code).toBe('E6_MUST_CONTINUE');
    const after = ok(d.s, 'round.reduceSeats', { position: 'member', seats: 3, consent: 8, ref: '党员大会表决' }).plan;
    expect(after.next).toBe('none');
    expect(after.status[0]).toMatchObject({ seats: 3, unfilled: 0 });
    const r = ok(d.s, 'round.result', {});
    expect(r.decisions[0]).toMatchObject({ kind: 'reduce', seats: 3 });
    expect(r.decisions[0]?.text).toContain('由 5 名减为 3 名，经选举人 10 人中 8 人同意');
  });

  it('P9 is for the Party branch only', () => {
    const d = day();
    countMain(d);
    ok(d.s, 'round.confirm', {});
    expect(refused(d.s, 'round.reduceSeats', { position: 'member', seats: 1, consent: 15 }).code).toBe('P9_PARTY_ONLY');
  });
});

describe('B1 the plan across three rounds', () => {
  it('E3 E4 a run-off and then the 另行选举 the main round left pending: every seat is carried until filled', () => {
    const d = setupDay({
      positions: [
        { key: 'chair', name: '主任', seats: 1 },
        { key: 'vice_chair', name: '副主任', seats: 1 },
        { key: 'member', name: '委员', seats: 2 },
      ],
      people: [{ name: '甲' }, { name: '乙' }, { name: '丙' }, { name: '丁', gender: 'F' }, { name: '戊' }, { name: '己' }, { name: '庚' }, { name: '辛' }],
      candidates: [['甲', 'chair'], ['乙', 'chair'], ['丙', 'vice_chair'], ['丁', 'vice_chair'], ['戊', 'member'], ['己', 'member'], ['庚', 'member'], ['辛', 'member']],
      others: 12,
    });
    // 20 participants. 主任: 甲 12 (elected). 副主任: 丙 9, 丁 8 — nobody over half: unfilled.
    // 委员: 戊 18, 己 11, 庚 11 (tie at the cut-off, both pass), 辛 0 → 戊 elected, 己/庚 to a run-off for one seat.
    vote(d, 20, 20);
    enterBallots(d, 9, { chair: ['甲'], vice_chair: ['丙'], member: ['戊', '己'] });
    enterBallots(d, 3, { chair: ['甲'], vice_chair: ['丁'], member: ['戊', '庚'] });
    enterBallots(d, 5, { chair: ['乙'], vice_chair: ['丁'], member: ['戊', '庚'] });
    enterBallots(d, 1, { chair: ['乙'], member: ['戊', '庚'] });
    enterBallots(d, 2, { chair: ['乙'], member: ['己', '庚'] });
    const r1 = ok(d.s, 'round.result', {});
    expect(r1.tally.positions.map((p) => [p.id, p.elected, p.tied, p.unfilled])).toEqual([
      ['chair', ['甲'], [], 0],
      ['vice_chair', [], [], 1],
      ['member', ['戊'], ['己', '庚'], 0],
    ]);
    expect(r1.plan).toMatchObject({ next: 'runoff', positions: [{ position: 'member', seats: 1, candidates: ['己', '庚'] }], thenSupplementary: [{ position: 'vice_chair', seats: 1 }] });
    expect(r1.plan.message).toContain('再次投票后，副主任尚缺 1 名，另行选举');
    ok(d.s, 'round.confirm', {});
    expect(refused(d.s, 'round.create', { kind: 'supplementary' }).code).toBe('RUNOFF_FIRST');
    ok(d.s, 'round.create', { kind: 'runoff' });
    vote(d, 20, 20);
    enterBallots(d, 12, { member: ['己'] });
    enterBallots(d, 8, { member: ['庚'] });
    ok(d.s, 'round.confirm', {});
    // before the fix the run-off's own plan said "所有职位均已选出" and forgot the 副主任 seat
    const r2 = ok(d.s, 'round.result', {});
    expect(r2.plan.next).toBe('supplementary');
    expect(r2.plan.positions).toEqual([expect.objectContaining({ position: 'vice_chair', seats: 1, candidates: ['丙', '丁'] })]);
    expect(r2.plan.status.map((st) => [st.position, st.elected.map((e) => `${e.name}${e.round}`), st.unfilled])).toEqual([
      ['chair', ['甲1'], 0],
      ['vice_chair', [], 1],
      ['member', ['戊1', '己2'], 0],
    ]);
    ok(d.s, 'round.create', { kind: 'supplementary' });
    vote(d, 20, 20);
    enterBallots(d, 13, { vice_chair: ['丁'] });
    enterBallots(d, 7, { vice_chair: ['丙'] });
    ok(d.s, 'round.confirm', {});
    const r3 = ok(d.s, 'round.result', {});
    expect(r3.plan.next).toBe('none');
    expect(r3.plan.message).toBe('所有职位均已选出。');
    expect(r3.plan.status.every((st) => st.unfilled === 0 && st.runoff === null)).toBe(true);
    expect(r3.plan.status.find((st) => st.position === 'vice_chair')?.elected).toEqual([{ name: '丁', round: 3 }]);
  });
});
