/** Proxies through station.call: X1–X5. */
import { afterEach, describe, expect, it } from 'vitest';
import { addVoter, cleanup, election, idFor, ok, refused } from './helpers.js';

afterEach(cleanup);

function village(rules?: Record<string, unknown>) {
  const env = election('villagers_committee', rules);
  const { s } = env;
  ok(s, 'position.set', { positions: [{ key: 'chair', name: '主任', seats: 1 }] });
  const p = (name: string) => addVoter(s, name);
  return { ...env, p };
}

const add = (s: ReturnType<typeof election>['s'], principalId: number, trusteeId: number) =>
  s.call('proxy.add', { principalId, trusteeId, relation: 'child', writtenRef: `委托书-${principalId}` });

describe('proxy.add rules', () => {
  it('happy path: pending, approve, publish, list with per-trustee counts', () => {
    const { s, p } = village();
    const a = p('张大爷');
    const b = p('张小明');
    const r = ok(s, 'proxy.add', { principalId: a, trusteeId: b, relation: 'child', writtenRef: '委托书001' });
    expect(r.proxy).toMatchObject({ principalName: '张大爷', trusteeName: '张小明', status: 'pending', published: false, relationLabel: '子女' });
    expect(ok(s, 'proxy.approve', { proxyId: r.proxy.id, ref: '选委会审核1' }).proxy.status).toBe('approved');
    expect(refused(s, 'proxy.approve', { proxyId: r.proxy.id }).code).toBe('PROXY_APPROVED');
    const pub = ok(s, 'proxy.publish', { publishedOn: '2026-02-05' });
    expect(pub.proxyCount).toBe(1);
    const l = ok(s, 'proxy.list', {});
    expect(l.proxies[0]?.published).toBe(true);
    expect(l.trustees).toEqual([{ trusteeId: b, name: '张小明', count: 1 }]);
    expect(l.maxPerTrustee).toBe(3);
  });

  it('X1: the trustee must be an active registered voter; written authorisation required', () => {
    const { s, p } = village();
    const a = p('甲');
    const b = p('乙');
    ok(s, 'roll.remove', { voterId: b, reason: 'moved' });
    const e = refused(s, 'proxy.add', { principalId: a, trusteeId: b, relation: 'spouse', writtenRef: '1' });
    expect(e.code).toBe('X1_TRUSTEE_NOT_VOTER');
    expect(e.message).toContain('乙');
    expect(refused(s, 'proxy.add', { principalId: a, trusteeId: 99999, relation: 'spouse', writtenRef: '1' }).code).toBe('VOTER_NOT_FOUND');
    expect(refused(s, 'proxy.add', { principalId: a, trusteeId: p('丙'), relation: 'spouse', writtenRef: '  ' }).code).toBe('VALIDATION');
    expect(refused(s, 'proxy.add', { principalId: a, trusteeId: p('丁'), relation: 'friend', writtenRef: '1' }).code).toBe('VALIDATION');
  });

  it('X2: at most proxyMaxPerTrustee principals per trustee; a revoked one frees a place', () => {
    const { s, p } = village({ proxyMaxPerTrustee: 2 });
    const t = p('受托人');
    const [a, b, c] = [p('甲'), p('乙'), p('丙')];
    expect(add(s, a, t).ok).toBe(true);
    const second = add(s, b, t);
    expect(second.ok).toBe(true);
    const e = refused(s, 'proxy.add', { principalId: c, trusteeId: t, relation: 'child', writtenRef: 'x' });
    expect(e.code).toBe('X2_TRUSTEE_LIMIT');
    expect(e.message).toContain('受托人');
    expect(e.message).toContain('最多接受 2 人');
    const id = ok(s, 'proxy.list', {}).proxies.find((x) => x.principalId === b)?.id as number;
    ok(s, 'proxy.revoke', { proxyId: id, reason: '本人改为亲自投票' });
    expect(add(s, c, t).ok).toBe(true);
  });

  it('X3: a candidate may never be a trustee (national since 2025, not a parameter)', () => {
    const { s, p } = village();
    const a = p('甲');
    const cand = p('候选人乙');
    ok(s, 'candidate.add', { voterId: cand, position: 'chair', education: 'college', partyMember: false });
    const e = refused(s, 'proxy.add', { principalId: a, trusteeId: cand, relation: 'sibling', writtenRef: '1' });
    expect(e.code).toBe('X3_CANDIDATE_TRUSTEE');
    expect(e.message).toContain('候选人乙');
    expect(s.db.prepare('SELECT COUNT(*) FROM proxies').pluck().get()).toBe(0);
  });

  it('X4: no onward delegation; one trustee per principal', () => {
    const { s, p } = village();
    const [a, b, c, d] = [p('甲'), p('乙'), p('丙'), p('丁')];
    expect(add(s, a, b).ok).toBe(true);
    expect(refused(s, 'proxy.add', { principalId: a, trusteeId: c, relation: 'child', writtenRef: '1' }).code).toBe('X4_PRINCIPAL_HAS_TRUSTEE');
    const e = refused(s, 'proxy.add', { principalId: c, trusteeId: a, relation: 'child', writtenRef: '1' });
    expect(e.code).toBe('X4_TRUSTEE_IS_PRINCIPAL');
    expect(e.message).toContain('甲');
    expect(refused(s, 'proxy.add', { principalId: b, trusteeId: d, relation: 'child', writtenRef: '1' }).code).toBe('X4_PRINCIPAL_IS_TRUSTEE');
  });

  it('X5: no new proxies within proxyDeadlineDaysBefore days of the day, none on the day', () => {
    const env = village({ proxyDeadlineDaysBefore: 5 });
    const { s, p } = env;
    const [a, b, c, d] = [p('甲'), p('乙'), p('丙'), p('丁')];
    env.setNow('2026-03-10T10:00');
    expect(add(s, a, b).ok).toBe(true);
    env.setNow('2026-03-11T10:00');
    const e = refused(s, 'proxy.add', { principalId: c, trusteeId: d, relation: 'child', writtenRef: '1' });
    expect(e.code).toBe('X5_DEADLINE');
    expect(e.message).toContain('5 日');
    const env2 = village({ proxyDeadlineDaysBefore: 0 });
    const [a2, b2] = [env2.p('甲'), env2.p('乙')];
    env2.setNow('2026-03-15T07:00');
    expect(refused(env2.s, 'proxy.add', { principalId: a2, trusteeId: b2, relation: 'child', writtenRef: '1' }).code).toBe('X5_DEADLINE');
    expect(refused(env2.s, 'proxy.publish', { publishedOn: '2026-03-15' }).code).toBe('X5_PUBLISH_DEADLINE');
  });

  it('proxies of the residents committee work the same way', () => {
    const env = election('residents_committee');
    const a = ok(env.s, 'roll.add', { name: '居民甲', idNumber: idFor(), category: 'resident' }).voter.id;
    const b = ok(env.s, 'roll.add', { name: '居民乙', idNumber: idFor(), category: 'resident' }).voter.id;
    expect(add(env.s, a, b).ok).toBe(true);
  });
});
