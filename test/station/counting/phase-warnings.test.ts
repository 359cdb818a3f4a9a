/**
 * B7: the moments that matter ask once more, with their numbers — ending the vote below the turnout
 * (E1) or the Party quorum (P4), starting a real election's vote before its date. Without the
 * committee's confirmation the step is refused and nothing is written; with it, the step is taken and
 * the audit event carries what was confirmed.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { makeIdNumber } from '../../../shared/rules/index.js';
import { cleanup, freshStation, issueTo, ok, refused, setupDay } from './helpers.js';

afterEach(cleanup);

const POSITIONS = [{ key: 'chair', name: '主任', seats: 1 }];
const PEOPLE = [{ name: '张三' }, { name: '李四' }];

/** The details of a PHASE_NEEDS_CONFIRMATION refusal. */
function asked(s: ReturnType<typeof freshStation>, input: unknown) {
  const r = s.call('election.setPhase', input);
  if (r.ok) throw new Error('election.setPhase unexpectedly went through');
  expect(r.error.code).toBe('PHASE_NEEDS_CONFIRMATION');
  return { message: r.error.message, warnings: (r.error.details as { warnings: { code: string; rule?: string; message: string }[] }).warnings };
}

const phaseNow = (s: ReturnType<typeof freshStation>) => ok(s, 'election.get', {}).phase;
const lastAudit = (s: ReturnType<typeof freshStation>) => s.db.prepare('SELECT command, input FROM audit ORDER BY seq DESC LIMIT 1').get() as { command: string; input: string };

describe('B7 warnings before a phase change', () => {
  it('B7 E1 ending the vote at half the registered voters asks once more, with the numbers; confirmed, it ends and the audit says so', () => {
    const d = setupDay({ positions: POSITIONS, people: PEOPLE, candidates: [['张三', 'chair'], ['李四', 'chair']], others: 18 });
    ok(d.s, 'election.setPhase', { phase: 'voting', confirm: ['VOTING_BEFORE_DATE'] });
    issueTo(d.s, [...d.voters.values()].flat().concat(d.others.slice(0, 8))); // 10 of 20
    const a = asked(d.s, { phase: 'counting' });
    expect(a.warnings).toEqual([
      { code: 'E1_TURNOUT_NOT_MET', rule: 'E1', message: '参加投票 10 人，没有超过登记选民 20 人的半数（至少要 11 人）。现在结束投票，本轮选举无效，须重新投票。' },
    ]);
    expect(a.message).toContain('确实要现在结束投票，请再确认一次。');
    expect(phaseNow(d.s)).toBe('voting');
    // one more voter: 11 of 20 is more than half, nothing to ask
    issueTo(d.s, d.others.slice(8, 9));
    const w = ok(d.s, 'election.setPhase', { phase: 'counting' });
    expect(w.warnings.filter((x) => x.code === 'E1_TURNOUT_NOT_MET')).toEqual([]);
  });

  it('B7 E1 confirmed: the vote ends below the turnout, the warning is in the answer and the confirmation in the audit log', () => {
    const d = setupDay({ positions: POSITIONS, people: PEOPLE, candidates: [['张三', 'chair'], ['李四', 'chair']], others: 18 });
    ok(d.s, 'election.setPhase', { phase: 'voting', confirm: ['VOTING_BEFORE_DATE'] });
    issueTo(d.s, d.others.slice(0, 3));
    const w = ok(d.s, 'election.setPhase', { phase: 'counting', confirm: ['E1_TURNOUT_NOT_MET'] });
    expect(w.warnings[0]).toMatchObject({ code: 'E1_TURNOUT_NOT_MET', rule: 'E1' });
    expect(phaseNow(d.s)).toBe('counting');
    const ev = lastAudit(d.s);
    expect(ev.command).toBe('election.setPhase');
    expect(JSON.parse(ev.input)).toMatchObject({ phase: 'counting', confirm: ['E1_TURNOUT_NOT_MET'] });
  });

  it('B7 P4 ending the Party assembly’s vote below four fifths of the base asks once more, with the numbers', () => {
    const d = setupDay({ kind: 'party_branch', positions: [{ key: 'member', name: '委员', seats: 1 }], people: PEOPLE, candidates: [['张三', 'member'], ['李四', 'member']], others: 8 });
    ok(d.s, 'election.setPhase', { phase: 'voting', confirm: ['VOTING_BEFORE_DATE'] });
    issueTo(d.s, d.others.slice(0, 7)); // 7 of 10: 5 × 7 < 4 × 10
    const a = asked(d.s, { phase: 'counting' });
    expect(a.warnings).toEqual([
      { code: 'P4_QUORUM_NOT_MET', rule: 'P4', message: '到会有选举权的党员 7 人，应到会 10 人，不到五分之四（至少要 8 人）。不足五分之四不能进行选举：现在结束投票，本轮选举无效。' },
    ]);
    // the villagers' warning does not stand in for the Party's
    expect(asked(d.s, { phase: 'counting', confirm: ['E1_TURNOUT_NOT_MET'] }).warnings.map((x) => x.code)).toEqual(['P4_QUORUM_NOT_MET']);
    issueTo(d.s, d.others.slice(7, 8)); // 8 of 10: met
    ok(d.s, 'election.setPhase', { phase: 'counting' });
  });

  it("B7 starting the vote of a real election before its date asks once more; a drill does not", () => {
    const day = (drill: boolean) => {
      const s = freshStation({ now: () => new Date('2026-06-19T08:00:00+08:00') });
      ok(s, 'election.create', { kind: 'villagers_committee', village: '青山村', township: '清河镇', electionDate: '2026-06-20', drill });
      ok(s, 'position.set', { positions: POSITIONS });
      const a = ok(s, 'roll.add', { name: '张三', idNumber: makeIdNumber('330102', '19500615', 11), group: '第一组', category: 'resident' });
      const b = ok(s, 'roll.add', { name: '李四', idNumber: makeIdNumber('330102', '19500615', 13), group: '第一组', category: 'resident' });
      ok(s, 'roll.publish', { publishedOn: '2026-05-01' });
      for (const v of [a, b]) ok(s, 'candidate.add', { voterId: v.voter.id, position: 'chair', education: 'senior_high', partyMember: false });
      return s;
    };
    const real = day(false);
    const a = asked(real, { phase: 'voting' });
    expect(a.warnings).toEqual([{ code: 'VOTING_BEFORE_DATE', message: '今天是 2026-06-19，公告的选举日是 2026-06-20，还没有到选举日。这是正式选举：现在开始投票，发出的选票都算正式投票。' }]);
    expect(a.message).toContain('确实要现在开始投票');
    expect(phaseNow(real)).toBe('roll_published');
    expect(ok(real, 'election.setPhase', { phase: 'voting', confirm: ['VOTING_BEFORE_DATE'] }).warnings[0]?.code).toBe('VOTING_BEFORE_DATE');
    expect(phaseNow(real)).toBe('voting');
    const drill = day(true);
    expect(ok(drill, 'election.setPhase', { phase: 'voting' }).warnings.some((w) => w.code === 'VOTING_BEFORE_DATE')).toBe(false);
    expect(refused(drill, 'election.setPhase', { phase: 'voting' }).code).toBe('PHASE_BACKWARDS');
  });
});
