/** Ballot issue and turnout through station.call: B1, B2, R6, X5 (void), X6, X7, E1. */
import { afterEach, describe, expect, it } from 'vitest';
import { addVoter, cleanup, election, ok, refused } from './helpers.js';

afterEach(cleanup);

function day(n = 6) {
  const env = election();
  const { s } = env;
  ok(s, 'position.set', { positions: [{ key: 'chair', name: '主任', seats: 1 }] });
  const names = ['张大爷', '张小明', '李奶奶', '王五', '赵六', '钱七', '孙八', '周九'].slice(0, n);
  const id = Object.fromEntries(names.map((nm, i) => [nm, addVoter(s, nm, { group: i % 2 === 0 ? '第一组' : '第二组' })])) as Record<string, number>;
  return { ...env, id };
}

function open(env: ReturnType<typeof day>) {
  const { s, id } = env;
  ok(s, 'roll.publish', { publishedOn: '2026-02-01' });
  ok(s, 'candidate.add', { voterId: id['王五'] as number, position: 'chair', education: 'college', partyMember: false });
  ok(s, 'candidate.add', { voterId: id['赵六'] as number, position: 'chair', education: 'senior_high', partyMember: false });
  ok(s, 'election.setPhase', { phase: 'voting', confirm: ['VOTING_BEFORE_DATE'] });
  env.setNow('2026-03-15T09:42');
}

function proxy(env: ReturnType<typeof day>, principal: string, trustee: string, approve = true) {
  const p = ok(env.s, 'proxy.add', { principalId: env.id[principal] as number, trusteeId: env.id[trustee] as number, relation: 'child', writtenRef: `委托书-${principal}` }).proxy;
  if (approve) ok(env.s, 'proxy.approve', { proxyId: p.id });
  return p.id;
}

describe('ballot issue', () => {
  it('B1: one ballot per voter; the second is refused with the time and the way of the first', () => {
    const env = day();
    open(env);
    const r = ok(env.s, 'ballot.issue', { voterId: env.id['王五'] as number });
    expect(r).toMatchObject({ ballots: 1, proxyBallots: [], skipped: [] });
    expect(r.issue).toMatchObject({ way: 'in_person', time: '09:42', name: '王五' });
    env.setNow('2026-03-15T10:05');
    const e = refused(env.s, 'ballot.issue', { voterId: env.id['王五'] as number });
    expect(e.code).toBe('B1_ALREADY_ISSUED');
    expect(e.message).toBe('该选民已领取选票（09:42，本人领取），不能重复发放。');
  });

  it('B1: the mobile box needs a registered mobile box key; removed voters are refused; only in voting', () => {
    const env = day();
    expect(refused(env.s, 'ballot.issue', { voterId: env.id['王五'] as number }).code).toBe('WRONG_PHASE');
    ok(env.s, 'box.add', { key: 'm1', name: '流动票箱一' });
    expect(refused(env.s, 'box.add', { key: 'm1', name: '重复' }).code).toBe('BOX_EXISTS');
    ok(env.s, 'roll.remove', { voterId: env.id['钱七'] as number, reason: 'moved' });
    // B5: the box's scrutineers and its published list of voters
    for (const name of ['监票甲', '监票乙']) ok(env.s, 'official.add', { name, role: 'scrutineer', boxKey: 'm1' });
    ok(env.s, 'box.addVoters', { key: 'm1', voterIds: [env.id['李奶奶'] as number] });
    ok(env.s, 'box.publish', { key: 'm1', publishedOn: '2026-03-01' });
    open(env);
    expect(refused(env.s, 'ballot.issue', { voterId: env.id['李奶奶'] as number, way: 'mobile' }).code).toBe('B1_BOX_REQUIRED');
    expect(refused(env.s, 'ballot.issue', { voterId: env.id['张大爷'] as number, way: 'mobile', boxKey: 'm1' }).code).toBe('B5_NOT_LISTED');
    expect(refused(env.s, 'ballot.issue', { voterId: env.id['李奶奶'] as number, way: 'mobile', boxKey: 'main' }).code).toBe('BOX_NOT_MOBILE');
    const m = ok(env.s, 'ballot.issue', { voterId: env.id['李奶奶'] as number, way: 'mobile', boxKey: 'm1' });
    expect(m.issue).toMatchObject({ way: 'mobile', boxKey: 'm1' });
    expect(refused(env.s, 'ballot.issue', { voterId: env.id['李奶奶'] as number }).message).toContain('09:42，流动票箱');
    const e = refused(env.s, 'ballot.issue', { voterId: env.id['钱七'] as number });
    expect(e.code).toBe('VOTER_REMOVED');
    expect(e.message).toContain('迁出');
    expect(ok(env.s, 'box.list', {}).boxes).toEqual([
      { key: 'main', name: '中心会场票箱', kind: 'fixed', issued: 0, scrutineers: 0, approvalRef: '', listed: 0, publishedOn: null, notReady: null },
      { key: 'm1', name: '流动票箱一', kind: 'mobile', issued: 1, scrutineers: 2, approvalRef: '', listed: 1, publishedOn: '2026-03-01', notReady: null },
    ]);
  });

  it('X7: the trustee receives 1 + N ballots, each recorded against its principal, in one transaction', () => {
    const env = day();
    proxy(env, '张大爷', '张小明');
    proxy(env, '李奶奶', '张小明');
    ok(env.s, 'proxy.publish', { publishedOn: '2026-02-10' });
    open(env);
    const r = ok(env.s, 'ballot.issue', { voterId: env.id['张小明'] as number });
    expect(r.ballots).toBe(3);
    expect(r.proxyBallots.map((p) => [p.name, p.way, p.trusteeName])).toEqual([
      ['张大爷', 'proxy', '张小明'],
      ['李奶奶', 'proxy', '张小明'],
    ]);
    expect(r.message).toContain('选票 3 张');
    const t = ok(env.s, 'turnout.get', {});
    expect(t).toMatchObject({ participants: 3, issued: 3, byWay: { in_person: 1, proxy: 2, mobile: 0 }, proxyPending: 0 });
    expect(ok(env.s, 'proxy.list', {}).proxies.every((p) => p.issued)).toBe(true);
    expect(refused(env.s, 'proxy.revoke', { proxyId: r.proxyBallots[0]?.proxyId as number, reason: 'x' }).code).toBe('PROXY_ISSUED');
  });

  it('X5: an unapproved or unpublished proxy is void: no proxy ballot, and the output says so', () => {
    const env = day();
    proxy(env, '张大爷', '张小明', false);
    ok(env.s, 'proxy.publish', { publishedOn: '2026-02-10' });
    proxy(env, '李奶奶', '张小明'); // approved after the publication
    open(env);
    const r = ok(env.s, 'ballot.issue', { voterId: env.id['张小明'] as number });
    expect(r.ballots).toBe(1);
    expect(r.skipped.map((x) => [x.principalName, x.code])).toEqual([
      ['张大爷', 'X5_NOT_APPROVED'],
      ['李奶奶', 'X5_NOT_PUBLISHED'],
    ]);
    expect(r.message).toContain('无效');
    // the principals may still come themselves
    expect(ok(env.s, 'ballot.issue', { voterId: env.id['张大爷'] as number }).issue.way).toBe('in_person');
  });

  it('X6: a principal whose proxy ballot was issued is refused in person, with the time and the trustee', () => {
    const env = day();
    proxy(env, '张大爷', '张小明');
    ok(env.s, 'proxy.publish', { publishedOn: '2026-02-10' });
    open(env);
    ok(env.s, 'ballot.issue', { voterId: env.id['张小明'] as number });
    env.setNow('2026-03-15T11:00');
    const e = refused(env.s, 'ballot.issue', { voterId: env.id['张大爷'] as number });
    expect(e.code).toBe('X6_ALREADY_BY_PROXY');
    expect(e.message).toContain('09:42');
    expect(e.message).toContain('张小明');
  });

  it('X6: a principal who voted in person first makes the trustee get no proxy ballot for them', () => {
    const env = day();
    proxy(env, '张大爷', '张小明');
    proxy(env, '李奶奶', '张小明');
    ok(env.s, 'proxy.publish', { publishedOn: '2026-02-10' });
    open(env);
    const own = ok(env.s, 'ballot.issue', { voterId: env.id['张大爷'] as number });
    expect(own.message).toContain('不再发放其委托票');
    expect(ok(env.s, 'turnout.get', {}).proxyPending).toBe(1);
    const r = ok(env.s, 'ballot.issue', { voterId: env.id['张小明'] as number });
    expect(r.ballots).toBe(2);
    expect(r.skipped).toMatchObject([{ principalName: '张大爷', code: 'X6_PRINCIPAL_VOTED' }]);
    expect(r.skipped[0]?.message).toContain('09:42');
    expect(ok(env.s, 'turnout.get', {}).participants).toBe(3);
  });

  it('B2 E1: participants = voters with a ballot; majority reached at more than half; per group counts; issue list', () => {
    const env = day(8);
    open(env);
    const ids = Object.values(env.id);
    for (const v of ids.slice(0, 4)) ok(env.s, 'ballot.issue', { voterId: v });
    let t = ok(env.s, 'turnout.get', {});
    expect(t).toMatchObject({ rule: 'E1', registered: 8, base: 8, participants: 4, reached: false, needed: 5, more: 1 });
    expect(t.byGroup).toEqual([
      { group: '第一组', registered: 4, participants: 2 },
      { group: '第二组', registered: 4, participants: 2 },
    ]);
    ok(env.s, 'ballot.issue', { voterId: ids[4] as number });
    t = ok(env.s, 'turnout.get', {});
    expect(t).toMatchObject({ participants: 5, reached: true, more: 0 });
    const list = ok(env.s, 'ballot.issueList', { limit: 2 });
    expect(list.total).toBe(5);
    expect(list.issues.map((i) => i.voterId)).toEqual([ids[4], ids[3]]);
    const g = ok(env.s, 'roll.get', { voterId: ids[0] as number });
    expect(g.issues).toMatchObject([{ roundNumber: 1, way: 'in_person' }]);
  });

  it('B1: issues are per round — a run-off round issues again', () => {
    const env = day();
    open(env);
    const v = env.id['赵六'] as number;
    ok(env.s, 'ballot.issue', { voterId: v });
    // a new round (what round.create records), then its own voting phase
    const r2 = env.s.db.prepare("INSERT INTO rounds (number, kind, parent_round_id, at, actor) VALUES (2, 'runoff', 1, 'x', 'x')").run().lastInsertRowid;
    env.s.db.prepare("INSERT INTO phase_events (phase, round_id, at, actor) VALUES ('voting', ?, 'x', 'x')").run(r2);
    expect(ok(env.s, 'ballot.issue', { voterId: v }).issue.roundId).toBe(Number(r2));
    expect(refused(env.s, 'ballot.issue', { voterId: v }).code).toBe('B1_ALREADY_ISSUED');
    expect(ok(env.s, 'turnout.get', { roundId: 1 }).participants).toBe(1);
  });
});
