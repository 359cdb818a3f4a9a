/** Counting through station.call: B3, B4, V1–V6, voids and corrections, checkpoints, locked rounds. */
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, marksOf, ok, refused, scrutineerId, setupDay, vote, type Day } from './helpers.js';

afterEach(cleanup);

const POSITIONS = [
  { key: 'chair', name: '主任', seats: 1 },
  { key: 'member', name: '委员', seats: 2 },
];
const PEOPLE = [
  { name: '张三' },
  { name: '李四' },
  { name: '王芳', gender: 'F' as const },
  { name: '赵敏', gender: 'F' as const },
  { name: '钱七' },
  { name: '刘伟' },
  { name: '刘伟' },
  { name: '孙丽', gender: 'F' as const },
];
const CANDIDATES: [string, string][] = [
  ['张三', 'chair'],
  ['李四', 'chair'],
  ['王芳', 'member'],
  ['赵敏', 'member'],
  ['钱七', 'member'],
];

function day(rules?: Record<string, unknown>): Day {
  return setupDay({ positions: POSITIONS, people: PEOPLE, candidates: CANDIDATES, others: 22, ...(rules ? { rules } : {}) });
}

function counting(rules?: Record<string, unknown>, collected = 30): Day {
  const d = day(rules);
  vote(d, 30, collected);
  return d;
}

const record = (d: Day, votes: Parameters<typeof marksOf>[1], extra: Record<string, unknown> = {}, against: Record<string, string[]> = {}) =>
  ok(d.s, 'count.recordBallot', { marks: marksOf(d, votes, against), ...extra });

describe('ballot entry and classification', () => {
  it('preview classifies without writing; recording writes seq 1, 2 … and returns the count', () => {
    const d = counting();
    const p = record(d, { chair: ['张三'], member: ['王芳'] }, { preview: true });
    expect(p.preview).toBe(true);
    expect(p.ballotId).toBeNull();
    expect(p.classification.status).toBe('valid');
    expect(ok(d.s, 'count.live', {}).ballotsCounted).toBe(0);
    const a = record(d, { chair: ['张三'], member: ['王芳'] });
    const b = record(d, { chair: ['李四'] });
    expect([a.seq, b.seq]).toEqual([1, 2]);
    expect(b.ballotsCounted).toBe(2);
    expect(a.classification.summary).toBe('有效票。');
  });

  it('V1 over-vote voids only that position by default (overvoteScope position)', () => {
    const d = counting();
    const r = record(d, { chair: ['张三', '李四'], member: ['王芳'] });
    expect(r.classification.status).toBe('valid');
    const chair = r.classification.positions.find((p) => p.position === 'chair');
    expect(chair?.status).toBe('void');
    expect(chair?.reason?.rule).toBe('V1');
    expect(chair?.reason?.message).toMatch(/多于应选 1 名/);
    const t = ok(d.s, 'count.tally', {});
    expect(t.positions[0]?.invalid).toBe(1);
    expect(t.positions[1]?.votes['王芳']).toBe(1);
  });

  it('V1 with overvoteScope ballot voids the whole ballot', () => {
    const d = counting({ overvoteScope: 'ballot' });
    const r = record(d, { chair: ['张三'], member: ['王芳', '赵敏', '钱七'] });
    expect(r.classification.status).toBe('void');
    expect(r.classification.reasons[0]?.rule).toBe('V1');
    expect(r.classification.summary).toMatch(/^无效票：/);
    expect(ok(d.s, 'count.tally', {}).ballots).toEqual({ cast: 1, valid: 0, invalid: 1, blank: 0 });
  });

  it('V2 the same person under two positions voids the ballot (invalidate_ballot)', () => {
    const d = counting();
    const r = record(d, { chair: ['张三'], member: [{ w: '张三' }] });
    expect(r.classification.status).toBe('void');
    expect(r.classification.reasons[0]).toMatchObject({ rule: 'V2', person: '张三' });
  });

  it('V3 an unreadable ballot is void as a whole and still counted as cast', () => {
    const d = counting();
    const r = ok(d.s, 'count.recordBallot', { marks: {}, unreadable: true });
    expect(r.classification.status).toBe('void');
    expect(r.classification.reasons[0]?.rule).toBe('V3');
    expect(ok(d.s, 'count.tally', {}).ballots.cast).toBe(1);
  });

  it('V3 a for and an against mark on one person cannot be read', () => {
    const d = counting();
    const r = record(d, { chair: ['张三'] }, {}, { chair: ['张三'] });
    expect(r.classification.status).toBe('void');
    expect(r.classification.reasons[0]?.code).toBe('CONFLICTING_MARKS');
  });

  it('V4 a blank ballot is valid and counted', () => {
    const d = counting();
    const r = ok(d.s, 'count.recordBallot', { marks: {} });
    expect(r.classification.status).toBe('blank');
    expect(r.classification.summary).toMatch(/V4/);
    expect(ok(d.s, 'count.tally', {}).ballots).toEqual({ cast: 1, valid: 1, invalid: 0, blank: 1 });
  });

  it('V5 a write-in matching one voter stores the voter; 同名 or unknown goes to the doubtful queue', () => {
    const d = counting();
    const one = record(d, { member: [{ w: '孙丽' }] });
    expect(one.writeIns).toEqual([{ position: 'member', name: '孙丽', voterId: d.voterId('孙丽'), matches: 1 }]);
    expect(one.doubtful).toBeNull();
    const twin = record(d, { member: [{ w: '刘伟' }] });
    expect(twin.writeIns[0]).toMatchObject({ voterId: null, matches: 2 });
    expect(twin.doubtful?.note).toMatch(/V5.*2 人同名/);
    const nobody = record(d, { member: [{ w: '查无此人' }] });
    expect(nobody.doubtful?.note).toMatch(/V5.*不在选民名单/);
    // naming which 刘伟 resolves it at entry
    const which = d.voters.get('刘伟')?.[1] ?? 0;
    const named = record(d, { member: [{ w: '刘伟', voterId: which }] });
    expect(named.doubtful).toBeNull();
    expect(named.writeIns[0]?.voterId).toBe(which);
    const q = ok(d.s, 'count.doubtful', {});
    expect(q.open).toBe(2);
    // a voter id that is not a person of that name is refused, nothing written
    expect(refused(d.s, 'count.recordBallot', { marks: { member: { for: [], writeIns: [{ name: '刘伟', voterId: d.voterId('孙丽') }] } } }).code).toBe('VALIDATION');
    expect(ok(d.s, 'count.live', {}).ballotsCounted).toBe(4);
  });

  it('refuses candidates not of this round and position, and unknown positions (VALIDATION)', () => {
    const d = counting();
    const wrongPos = refused(d.s, 'count.recordBallot', { marks: { chair: { for: [d.cand('member', '王芳')] } } });
    expect(wrongPos.code).toBe('VALIDATION');
    expect(wrongPos.message).toMatch(/不是本轮主任的候选人/);
    expect(refused(d.s, 'count.recordBallot', { marks: { chair: { for: [99999] } } }).code).toBe('VALIDATION');
    expect(refused(d.s, 'count.recordBallot', { marks: { mayor: { for: [] } } }).code).toBe('VALIDATION');
    expect(refused(d.s, 'count.recordBallot', { marks: { chair: { for: [d.cand('chair', '张三'), d.cand('chair', '张三')] } } }).code).toBe('VALIDATION');
  });

  it('refuses ballot entry outside the counting phase', () => {
    const d = day();
    ok(d.s, 'election.setPhase', { phase: 'voting', confirm: ['VOTING_BEFORE_DATE'] });
    expect(refused(d.s, 'count.recordBallot', { marks: {} }).code).toBe('WRONG_PHASE');
  });
});

describe('B3 and B4: box counts and reconciliation', () => {
  it('B3 ballots are read only after every box has its collected count; the latest entry counts', () => {
    const d = day();
    vote(d, 30);
    const e = refused(d.s, 'count.recordBallot', { marks: {} });
    expect(e.code).toBe('B3_COLLECTED_MISSING');
    expect(e.message).toMatch(/中心会场票箱/);
    ok(d.s, 'box.setCollected', { boxKey: 'main', collected: 31 });
    const s = ok(d.s, 'box.setCollected', { boxKey: 'main', collected: 29 });
    expect(s.collectedTotal).toBe(29);
    expect(s.collectedComplete).toBe(true);
    expect(ok(d.s, 'count.recordBallot', { marks: {} }).seq).toBe(1);
    expect(refused(d.s, 'box.setCollected', { boxKey: 'nope', collected: 1 }).code).toBe('BOX_NOT_FOUND');
  });

  it('B3 printed = issued + spoiled + unused: the unused count and a warning when it does not add up', () => {
    const d = counting();
    const good = ok(d.s, 'round.setPrinted', { printed: 40, spoiled: 2 });
    expect(good).toMatchObject({ issued: 30, unused: 8, balanced: true, warnings: [] });
    const off = ok(d.s, 'round.setPrinted', { printed: 40, spoiled: 2, unused: 7 });
    expect(off.balanced).toBe(false);
    expect(off.warnings[0]?.code).toBe('B3_UNBALANCED');
    const short = ok(d.s, 'round.setPrinted', { printed: 25, spoiled: 0 });
    expect(short.balanced).toBe(false);
    expect(ok(d.s, 'count.summary', {})).toMatchObject({ printed: 25, spoiled: 0, unused: -5 });
  });

  it('B4 collected more than participants: a warning before counting ends and an invalid tally', () => {
    const d = counting(undefined, 31);
    const s = ok(d.s, 'count.summary', {});
    expect(s.comparator).toBe('participants');
    expect(s.comparatorValue).toBe(30);
    expect(s.warnings.map((w) => w.code)).toContain('B4_COLLECTED_EXCEEDS');
    for (let i = 0; i < 31; i++) record(d, { chair: ['张三'], member: ['王芳'] });
    const t = ok(d.s, 'count.tally', {});
    expect(t.valid).toBe(false);
    expect(t.reasons).toEqual(['BALLOTS_EXCEED_COMPARATOR']);
  });

  it('B4 with ballotComparator issued compares with ballots issued', () => {
    const d = counting({ ballotComparator: 'issued' }, 30);
    const s = ok(d.s, 'count.summary', {});
    expect(s.comparator).toBe('issued');
    expect(s.warnings.filter((w) => w.code === 'B4_COLLECTED_EXCEEDS')).toEqual([]);
  });
});

describe('voids, corrections and the recent panel', () => {
  it('void and correct are new rows; the voided ballot no longer counts; both refused twice', () => {
    const d = counting();
    const a = record(d, { chair: ['张三'] });
    const b = record(d, { chair: ['李四'] });
    const v = ok(d.s, 'count.voidBallot', { ballotId: a.ballotId ?? 0, reason: '重复录入' });
    expect(v.ballotsCounted).toBe(1);
    expect(refused(d.s, 'count.voidBallot', { ballotId: a.ballotId ?? 0, reason: '再次' }).code).toBe('BALLOT_ALREADY_VOIDED');
    const c = ok(d.s, 'count.correctBallot', { ballotId: b.ballotId ?? 0, reason: '唱错了', marks: marksOf(d, { chair: ['张三'], member: ['赵敏'] }) });
    expect(c.correctsBallotId).toBe(b.ballotId);
    expect(c.seq).toBe(3);
    expect(c.ballotsCounted).toBe(1);
    expect(refused(d.s, 'count.correctBallot', { ballotId: b.ballotId ?? 0, reason: 'x', marks: {} }).code).toBe('BALLOT_ALREADY_VOIDED');
    const t = ok(d.s, 'count.tally', {});
    expect(t.positions[0]?.votes).toEqual({ 张三: 1, 李四: 0 });
    expect(t.positions[1]?.votes['赵敏']).toBe(1);
    const recent = ok(d.s, 'count.recent', { limit: 5 }).ballots;
    expect(recent.map((r) => [r.seq, r.status])).toEqual([
      [3, 'valid'],
      [2, 'voided'],
      [1, 'voided'],
    ]);
    expect(recent[0]).toMatchObject({ correctsBallotId: b.ballotId, summary: '主任：张三；委员：赵敏' });
    expect(recent[1]).toMatchObject({ correctedBy: c.ballotId, voidReason: '更正：唱错了' });
    // the rows are still there: nothing was deleted or updated
    expect((d.s.db.prepare('SELECT COUNT(*) AS n FROM ballots').get() as { n: number }).n).toBe(3);
    expect((d.s.db.prepare('SELECT COUNT(*) AS n FROM ballot_voids').get() as { n: number }).n).toBe(2);
  });
});

describe('V6 doubtful ballots and the scrutineers’ ruling', () => {
  it('rulings as_recorded, unreadable and corrected are recorded with reasons; confirm waits for all', () => {
    const d = counting(undefined, 3);
    const a = record(d, { chair: ['张三'] }, { doubtful: '圈画不清' });
    const b = record(d, { chair: ['李四'] });
    const c = record(d, { chair: ['张三'] });
    expect(a.doubtful?.doubtId).toBeGreaterThan(0);
    ok(d.s, 'count.markDoubtful', { ballotId: b.ballotId ?? 0, note: '疑似有记号' });
    ok(d.s, 'count.markDoubtful', { ballotId: c.ballotId ?? 0, note: '勾在两格之间' });
    expect(refused(d.s, 'count.markDoubtful', { ballotId: c.ballotId ?? 0, note: '再' }).code).toBe('ALREADY_DOUBTFUL');
    expect(ok(d.s, 'count.live', {}).doubtful).toBe(3);
    expect(refused(d.s, 'round.confirm', {}).code).toBe('V6_DOUBTS_OPEN');

    const sid = scrutineerId(d.s);
    expect(refused(d.s, 'count.rule', { ballotId: a.ballotId ?? 0, ruling: 'corrected', scrutineerId: sid, reason: '缺内容' }).code).toBe('RULING_NEEDS_MARKS');
    ok(d.s, 'count.rule', { ballotId: a.ballotId ?? 0, ruling: 'as_recorded', scrutineerId: sid, reason: '意思清楚' });
    const u = ok(d.s, 'count.rule', { ballotId: b.ballotId ?? 0, ruling: 'unreadable', scrutineerId: sid, reason: '有记号，按无法辨认处理' });
    expect(u.classification.status).toBe('void');
    const r = ok(d.s, 'count.rule', { ballotId: c.ballotId ?? 0, ruling: 'corrected', scrutineerId: sid, reason: '监票人一致认定选李四', marks: marksOf(d, { chair: ['李四'] }) });
    expect(r.replacementBallotId).toBeGreaterThan(0);
    expect(r.openDoubts).toBe(0);
    expect(refused(d.s, 'count.rule', { ballotId: a.ballotId ?? 0, ruling: 'unreadable', scrutineerId: sid, reason: '改' }).code).toBe('ALREADY_RULED');

    const q = ok(d.s, 'count.doubtful', {});
    expect(q.open).toBe(0);
    expect(q.doubts.map((x) => x.ruling?.ruling)).toEqual(['as_recorded', 'unreadable', 'corrected']);
    expect(q.doubts[1]?.ruling?.reason).toBe('有记号，按无法辨认处理');
    const t = ok(d.s, 'count.tally', {});
    expect(t.ballots).toEqual({ cast: 3, valid: 2, invalid: 1, blank: 0 });
    expect(t.positions[0]?.votes).toEqual({ 张三: 1, 李四: 1 });
    ok(d.s, 'round.confirm', {});
  });
});

describe('checkpoints every 50 ballots', () => {
  it('ballot 50 and 100 are due with the batch subtotals; count.checkpoint records the comparison', () => {
    const d = counting(undefined, 30);
    let due: ReturnType<typeof record> | undefined;
    for (let i = 1; i <= 100; i++) {
      const r = record(d, i % 2 === 0 ? { chair: ['张三'], member: ['王芳'] } : { chair: ['李四'], member: [{ w: '孙丽' }] });
      if (i % 50 !== 0) expect(r.checkpointDue).toBe(false);
      else {
        expect(r.checkpointDue).toBe(true);
        due = r;
        if (i === 50) {
          expect(r.checkpoint).toMatchObject({ fromSeq: 1, uptoSeq: 50, ballots: 50 });
          expect(r.checkpoint?.positions[0]?.votes).toHaveLength(2);
          expect(r.checkpoint?.positions[0]?.votes).toContainEqual({ candidateId: d.cand('chair', '张三'), name: '张三', votes: 25 });
          expect(r.checkpoint?.positions[0]?.votes).toContainEqual({ candidateId: d.cand('chair', '李四'), name: '李四', votes: 25 });
          expect(r.checkpoint?.positions[1]?.votes).toContainEqual({ candidateId: null, name: '孙丽', votes: 25 });
        }
      }
    }
    expect(due?.checkpoint).toMatchObject({ fromSeq: 51, uptoSeq: 100 });
    expect(ok(d.s, 'count.checkpoint', { uptoSeq: 50, status: 'confirmed' }).status).toBe('confirmed');
    expect(refused(d.s, 'count.checkpoint', { uptoSeq: 100, status: 'mismatch' }).code).toBe('CHECKPOINT_NOTE');
    ok(d.s, 'count.checkpoint', { uptoSeq: 100, status: 'mismatch', note: '纸质单张三少记一票' });
    expect(refused(d.s, 'count.checkpoint', { uptoSeq: 101, status: 'confirmed' }).code).toBe('CHECKPOINT_AHEAD');
  });

  it('takes an automatic backup every 50 ballots when backups are on', async () => {
    const { listBackups } = await import('../../../electron/station/backup.js');
    const d = setupDay({ positions: POSITIONS, people: PEOPLE, candidates: CANDIDATES, others: 22 }, { backups: true });
    vote(d, 30, 30);
    d.s.flushBackups();
    const before = listBackups(d.s.dataDir).length;
    for (let i = 0; i < 49; i++) record(d, { chair: ['张三'] });
    d.s.flushBackups();
    expect(listBackups(d.s.dataDir).length).toBe(before);
    record(d, { chair: ['张三'] });
    // made by a worker thread, off the acknowledgement path: wait for it
    d.s.flushBackups();
    const after = listBackups(d.s.dataDir);
    expect(after.length).toBe(before + 1);
    expect(after.some((b) => b.name.includes('ballots-50'))).toBe(true);
  });
});

describe('V6 each ruling names the 监票人 who decided (issue 10)', () => {
  it('only a registered, serving 监票人 or 总监票人 may rule; the name is kept with the ruling', () => {
    const d = counting(undefined, 4);
    const a = record(d, { chair: ['张三'] }, { doubtful: '圈画不清' });
    const b = record(d, { chair: ['李四'] }, { doubtful: '勾在两格之间' });
    const caller = ok(d.s, 'official.add', { name: '唱票员丙', role: 'caller' }).official.id;
    const chief = ok(d.s, 'official.add', { name: '总监票丁', role: 'chief_scrutineer' }).official.id;
    const gone = ok(d.s, 'official.add', { name: '监票人戊', role: 'scrutineer' }).official.id;
    ok(d.s, 'official.remove', { officialId: gone, reason: '生病回家' });
    const sid = scrutineerId(d.s);
    const ballotId = a.ballotId ?? 0;

    const notScrutineer = refused(d.s, 'count.rule', { ballotId, ruling: 'as_recorded', scrutineerId: caller, reason: '意思清楚' });
    expect(notScrutineer).toEqual({ code: 'RULING_NOT_SCRUTINEER', message: expect.stringContaining('唱票员丙 不是监票人，不能裁定第 1 号存疑票') });
    expect(refused(d.s, 'count.rule', { ballotId, ruling: 'as_recorded', scrutineerId: gone, reason: '意思清楚' }).code).toBe('RULING_SCRUTINEER_REMOVED');
    expect(refused(d.s, 'count.rule', { ballotId, ruling: 'as_recorded', scrutineerId: 9999, reason: '意思清楚' }).code).toBe('RULING_SCRUTINEER_UNKNOWN');
    const missing = d.s.call('count.rule', { ballotId, ruling: 'as_recorded', reason: '意思清楚' });
    expect(missing.ok).toBe(false);
    // the refusals wrote nothing
    expect(d.s.db.prepare('SELECT count(*) AS n FROM ballot_rulings').get()).toEqual({ n: 0 });
    expect(d.s.db.prepare('SELECT count(*) AS n FROM ruling_scrutineers').get()).toEqual({ n: 0 });

    expect(ok(d.s, 'count.rule', { ballotId, ruling: 'as_recorded', scrutineerId: sid, reason: '意思清楚' }).scrutineer).toBe('监票人甲');
    expect(ok(d.s, 'count.rule', { ballotId: b.ballotId ?? 0, ruling: 'as_recorded', scrutineerId: chief, reason: '勾在张三格内' }).scrutineer).toBe('总监票丁');
    const q = ok(d.s, 'count.doubtful', {});
    expect(q.doubts.map((x) => [x.seq, x.ruling?.scrutineer])).toEqual([
      [1, '监票人甲'],
      [2, '总监票丁'],
    ]);
    // append-only like every domain table
    expect(() => d.s.db.prepare('UPDATE ruling_scrutineers SET official_id = ?').run(chief)).toThrow();
    expect(() => d.s.db.prepare('DELETE FROM ruling_scrutineers').run()).toThrow();
  });
});

describe('a confirmed round is locked', () => {
  it('refuses every later count or box write on it', () => {
    const d = counting(undefined, 2);
    const a = record(d, { chair: ['张三'], member: ['王芳', '赵敏'] });
    expect(refused(d.s, 'round.confirm', {}).code).toBe('B3_COUNT_MISMATCH');
    record(d, { chair: ['张三'], member: ['王芳', '赵敏'] });
    const c = ok(d.s, 'round.confirm', {});
    expect(c.result.ballots.cast).toBe(2);
    const id = a.ballotId ?? 0;
    for (const [cmd, input] of [
      ['count.recordBallot', { marks: {} }],
      ['count.voidBallot', { ballotId: id, reason: '改' }],
      ['count.correctBallot', { ballotId: id, reason: '改', marks: {} }],
      ['count.markDoubtful', { ballotId: id, note: '改' }],
      ['count.rule', { ballotId: id, ruling: 'as_recorded', scrutineerId: 1, reason: '改' }],
      ['box.setCollected', { boxKey: 'main', collected: 5 }],
      ['round.setPrinted', { printed: 5, spoiled: 0 }],
      ['round.confirm', {}],
    ] as const) {
      expect(refused(d.s, cmd, input).code, cmd).toBe('ROUND_CONFIRMED');
    }
    expect(ok(d.s, 'election.get', {}).phase).toBe('confirmed');
    expect(ok(d.s, 'count.tally', {})).toEqual(c.result);
  });

  it('refuses to confirm with no ballots, or before the collected counts are entered', () => {
    const d = day();
    vote(d, 30);
    expect(refused(d.s, 'round.confirm', {}).code).toBe('NO_BALLOTS');
    d.s.db
      .prepare("INSERT INTO ballots (round_id, seq, at, actor) VALUES (?, 1, '2026-06-20T10:00:00.000Z', 'fixture')")
      .run(ok(d.s, 'election.get', {}).currentRound.id);
    expect(refused(d.s, 'round.confirm', {}).code).toBe('B3_COLLECTED_MISSING');
  });
});

describe('count.live', () => {
  it('per candidate votes for 正字, write-ins, valid/invalid/blank and last seq', () => {
    const d = counting();
    record(d, { chair: ['张三'], member: ['王芳', { w: '孙丽' }] });
    record(d, { chair: ['张三', '李四'], member: ['王芳'] });
    ok(d.s, 'count.recordBallot', { marks: {} });
    ok(d.s, 'count.recordBallot', { marks: {}, unreadable: true });
    const l = ok(d.s, 'count.live', {});
    expect(l).toMatchObject({ ballotsCounted: 4, collected: 30, valid: 3, invalid: 1, blank: 1, lastSeq: 4, doubtful: 0 });
    const chair = l.positions[0];
    // 姓氏笔画 order, numbered 1, 2 … for the pad
    expect(chair?.candidates.map((c) => [c.number, c.name, c.votes])).toEqual([
      [1, '李四', 0],
      [2, '张三', 1],
    ]);
    expect(chair?.invalid).toBe(2);
    expect(l.positions[1]?.writeIns).toEqual([{ name: '孙丽', votes: 1 }]);
    expect(l.positions[1]?.candidates.find((c) => c.name === '王芳')?.votes).toBe(2);
  });
});
