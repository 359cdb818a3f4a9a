/** Party member assembly through station.call: P1–P5. */
import { afterEach, describe, expect, it } from 'vitest';
import { addMember, cleanup, election, ok, refused } from './helpers.js';

afterEach(cleanup);

function branch(full: number, rules?: Record<string, unknown>) {
  const env = election('party_branch', rules);
  const { s } = env;
  ok(s, 'position.set', { positions: [{ key: 'member', name: '委员', seats: 1 }] });
  const ids = Array.from({ length: full }, (_, i) => addMember(s, `党员${i + 1}`));
  const pro = addMember(s, '预备甲', 'probationary');
  const dis = addMember(s, '察看乙', 'probation_discipline');
  const sus = addMember(s, '中止丙', 'suspended');
  return { ...env, ids, pro, dis, sus };
}

const vote = (env: ReturnType<typeof branch>) => {
  ok(env.s, 'roll.publish', { publishedOn: '2026-02-01' });
  ok(env.s, 'candidate.add', { voterId: env.ids[0] as number, position: 'member', education: 'college', partyMember: true });
  ok(env.s, 'candidate.add', { voterId: env.ids[1] as number, position: 'member', education: 'college', partyMember: true });
  ok(env.s, 'election.setPhase', { phase: 'voting', confirm: ['VOTING_BEFORE_DATE'] });
  env.setNow('2026-03-15T08:30');
};

describe('party assembly', () => {
  it('P1: members without a vote are counted by status and refused a ballot', () => {
    const env = branch(10);
    const sum = ok(env.s, 'party.summary', {});
    expect(sum).toMatchObject({ members: 13, withVote: 10, base: 10, present: 0, quorumReached: false, needed: 8, more: 8 });
    expect(sum.withoutVote.map((w) => w.count)).toEqual([1, 1, 1]);
    expect(refused(env.s, 'roll.add', { name: '无类别', idNumber: '110101199003077777' }).code).toMatch(/P1_PARTY_STATUS_REQUIRED|ID_/);
    vote(env);
    for (const v of [env.pro, env.dis, env.sus]) expect(refused(env.s, 'ballot.issue', { voterId: v }).code).toBe('P1_NO_VOTE');
  });

  it('P3: an exclusion needs both approval references; refused for a member without a vote and twice', () => {
    const env = branch(10);
    const { s, ids } = env;
    const a = ids[2] as number;
    const e1 = refused(s, 'party.exclude', { voterId: a, reason: '正在服刑', higherOrgRef: '', assemblyRef: '大会决议1' });
    expect(e1.code).toBe('P3_APPROVAL_REQUIRED');
    expect(e1.message).toContain('上级党组织');
    expect(refused(s, 'party.exclude', { voterId: a, reason: '正在服刑', higherOrgRef: '镇党委〔2026〕3号', assemblyRef: ' ' }).code).toBe('P3_APPROVAL_REQUIRED');
    expect(refused(s, 'party.exclude', { voterId: env.pro, reason: '正在服刑', higherOrgRef: 'x', assemblyRef: 'y' }).code).toBe('P1_NO_VOTE');
    const r = ok(s, 'party.exclude', { voterId: a, reason: '正在服刑', higherOrgRef: '镇党委〔2026〕3号', assemblyRef: '党员大会 2026-02-10' });
    expect(r.exclusion).toMatchObject({ name: '党员3', customReason: false, higherOrgRef: '镇党委〔2026〕3号' });
    expect(refused(s, 'party.exclude', { voterId: a, reason: '正在服刑', higherOrgRef: 'x', assemblyRef: 'y' }).code).toBe('P3_ALREADY_EXCLUDED');
    const custom = ok(s, 'party.exclude', { voterId: ids[3] as number, reason: '长期在外地住院', higherOrgRef: 'x', assemblyRef: 'y' });
    expect(custom.exclusion.customReason).toBe(true);
    const rv = ok(s, 'party.revokeExclusion', { exclusionId: custom.exclusion.id, reason: '已出院，能参加' });
    expect(rv.summary.excluded).toHaveLength(1);
    expect(refused(s, 'party.revokeExclusion', { exclusionId: custom.exclusion.id, reason: '再次' }).code).toBe('EXCLUSION_REVOKED');
  });

  it('P2: base = members with a vote − exclusions', () => {
    const env = branch(10);
    ok(env.s, 'party.exclude', { voterId: env.ids[0] as number, reason: '自费出国半年以上', higherOrgRef: 'a', assemblyRef: 'b' });
    ok(env.s, 'party.exclude', { voterId: env.ids[1] as number, reason: '正在服刑', higherOrgRef: 'a', assemblyRef: 'b' });
    const sum = ok(env.s, 'party.summary', {});
    expect(sum).toMatchObject({ withVote: 10, base: 8, needed: 7 });
    expect(sum.excluded.map((x) => x.name)).toEqual(['党员1', '党员2']);
  });

  it('P3: exclusions are refused once voting started', () => {
    const env = branch(10);
    vote(env);
    expect(refused(env.s, 'party.exclude', { voterId: env.ids[4] as number, reason: '正在服刑', higherOrgRef: 'a', assemblyRef: 'b' }).code).toBe('WRONG_PHASE');
  });

  it('P4: quorum 5×present ≥ 4×base; strict needs more; sign-in is ballot.issue', () => {
    const env = branch(10);
    vote(env);
    for (const id of env.ids.slice(0, 7)) ok(env.s, 'ballot.issue', { voterId: id });
    let sum = ok(env.s, 'party.summary', {});
    expect(sum).toMatchObject({ present: 7, quorumReached: false, needed: 8, more: 1 });
    ok(env.s, 'ballot.issue', { voterId: env.ids[7] as number });
    sum = ok(env.s, 'party.summary', {});
    expect(sum).toMatchObject({ present: 8, quorumReached: true, more: 0 });
    const t = ok(env.s, 'turnout.get', {});
    expect(t).toMatchObject({ rule: 'P4', registered: 10, base: 10, participants: 8, reached: true, proxyPending: 0 });
    expect(refused(env.s, 'ballot.issue', { voterId: env.ids[0] as number }).message).toContain('已经签到（08:30）');
  });

  it('P4 strict: 8 of 10 is not enough when partyQuorumStrict', () => {
    const env = branch(10, { partyQuorumStrict: true });
    vote(env);
    for (const id of env.ids.slice(0, 8)) ok(env.s, 'ballot.issue', { voterId: id });
    expect(ok(env.s, 'party.summary', {})).toMatchObject({ present: 8, quorumReached: false, needed: 9, strict: true });
  });

  it('P5: no proxies in a party election, no mobile box sign-in', () => {
    const env = branch(4);
    const e = refused(env.s, 'proxy.add', { principalId: env.ids[0] as number, trusteeId: env.ids[1] as number, relation: 'spouse', writtenRef: '委托书1' });
    expect(e.code).toBe('P5_NO_PROXY');
    expect(e.message).toContain('党员');
    expect(refused(env.s, 'proxy.list', {}).code).toBe('P5_NO_PROXY');
    ok(env.s, 'box.add', { key: 'm1', name: '流动票箱一' });
    vote(env);
    expect(refused(env.s, 'ballot.issue', { voterId: env.ids[0] as number, way: 'mobile', boxKey: 'm1' }).code).toBe('P5_IN_PERSON');
  });
});
