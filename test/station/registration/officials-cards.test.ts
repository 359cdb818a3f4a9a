/** Officials (F1) and voter cards (R6) through station.call. */
import { afterEach, describe, expect, it } from 'vitest';
import { resolveRules } from '../../../shared/rules/index.js';
import { addVoter, cleanup, election, ok, refused } from './helpers.js';

afterEach(cleanup);

function setup() {
  const env = election();
  const { s } = env;
  ok(s, 'position.set', { positions: [{ key: 'chair', name: '主任', seats: 1 }] });
  const id = Object.fromEntries(['王五', '赵六', '钱七', '孙八', '周九', '吴十'].map((n) => [n, addVoter(s, n)])) as Record<string, number>;
  const cand = ok(s, 'candidate.add', { voterId: id['王五'] as number, position: 'chair', education: 'college', partyMember: false }).candidate.id;
  return { ...env, id, cand };
}

const codes = (xs: { code: string }[]) => xs.map((x) => x.code);

describe('F1 officials', () => {
  it('F1: a candidate may not serve; nor a close relative of the relation set (民法典 1045 by default); other lineal kin may', () => {
    const { s, id, cand } = setup();
    const e = refused(s, 'official.add', { name: '王五', voterId: id['王五'], role: 'scrutineer' });
    expect(e.code).toBe('F1_CANDIDATE');
    expect(e.message).toContain('候选人');
    for (const relation of ['spouse', 'parent', 'child', 'sibling', 'grandparent', 'grandchild'] as const) {
      const r = refused(s, 'official.add', { name: '王小五', role: 'counter', relatives: [{ candidateId: cand, relation }] });
      expect(r.code).toBe('F1_RELATIVE');
      expect(r.message).toContain('王五');
    }
    expect(ok(s, 'official.add', { name: '王曾孙', role: 'counter', relatives: [{ candidateId: cand, relation: 'lineal_other' }] }).official.role).toBe('counter');
    expect(ok(s, 'official.list', {}).officials.map((o) => o.name)).toEqual(['王曾孙']);
  });

  it('F1 with the zhejiang relation set (夫妻、父母子女、兄弟姐妹): a grandchild may serve, a sibling may not', () => {
    const zj = election('villagers_committee', undefined, 'zhejiang').s;
    ok(zj, 'position.set', { positions: [{ key: 'chair', name: '主任', seats: 1 }] });
    const cand = ok(zj, 'candidate.add', { voterId: addVoter(zj, '王五'), position: 'chair', education: 'college', partyMember: false }).candidate.id;
    expect(refused(zj, 'official.add', { name: '王兄', role: 'counter', relatives: [{ candidateId: cand, relation: 'sibling' }] }).code).toBe('F1_RELATIVE');
    expect(ok(zj, 'official.add', { name: '王孙', role: 'counter', relatives: [{ candidateId: cand, relation: 'grandchild' }] }).official.name).toBe('王孙');
    // a relation recorded with candidate.relate counts as declared
    const kin = addVoter(zj, '王妻');
    ok(zj, 'candidate.relate', { voterId: kin, otherVoterId: ok(zj, 'candidate.list', {}).candidates[0]?.voterId as number, relation: 'spouse' });
    expect(refused(zj, 'official.add', { name: '王妻', voterId: kin, role: 'issuer' }).code).toBe('F1_RELATIVE');
  });

  it('F1: at least 3 scrutineers in the hall and for each mobile box, and a chief scrutineer, else warnings', () => {
    const { s, id } = setup();
    ok(s, 'box.add', { key: 'm1', name: '流动票箱一' });
    let w = ok(s, 'official.list', {}).warnings;
    expect(codes(w).filter((c) => c === 'F1_SCRUTINEERS' || c === 'B5_SCRUTINEERS')).toEqual(['F1_SCRUTINEERS', 'B5_SCRUTINEERS']);
    expect(codes(w)).toContain('F1_CHIEF');
    for (const n of ['赵六', '钱七', '孙八']) ok(s, 'official.add', { name: n, voterId: id[n], role: 'scrutineer' });
    ok(s, 'official.add', { name: '周九', voterId: id['周九'], role: 'chief_scrutineer' });
    w = ok(s, 'official.list', {}).warnings;
    // B5: the national profile asks 2 scrutineers with each mobile box
    expect(w.filter((x) => x.code === 'B5_SCRUTINEERS').map((x) => x.message)).toEqual(['B5 流动票箱一的监票人应不少于 2 名，现有 0 名。']);
    for (const n of ['甲', '乙']) ok(s, 'official.add', { name: `监票${n}`, role: 'scrutineer', boxKey: 'm1' });
    expect(ok(s, 'official.list', {}).warnings).toEqual([]);
  });

  it('E10: an official still serving cannot be added as a candidate until the withdrawal is recorded; one entered by name only is flagged (F1)', () => {
    const { s, id } = setup();
    const caller = ok(s, 'official.add', { name: '赵六', voterId: id['赵六'], role: 'caller' }).official;
    ok(s, 'official.add', { name: '钱七', role: 'counter' }); // entered by name only
    const before = s.db.prepare('SELECT COUNT(*) FROM candidates').pluck().get();
    const e = refused(s, 'candidate.add', { voterId: id['赵六'] as number, position: 'chair', education: 'college', partyMember: false });
    expect(e.code).toBe('E10_CANDIDATE_IS_OFFICIAL');
    expect(e.message).toContain('唱票人');
    expect(s.db.prepare('SELECT COUNT(*) FROM candidates').pluck().get()).toBe(before);
    expect(refused(s, 'official.remove', { officialId: caller.id, reason: '' }).code).toBe('VALIDATION');
    ok(s, 'official.remove', { officialId: caller.id, reason: '被提名为主任候选人，退出选举工作' });
    expect(refused(s, 'official.remove', { officialId: caller.id, reason: '再次' }).code).toBe('OFFICIAL_REMOVED');
    ok(s, 'candidate.add', { voterId: id['赵六'] as number, position: 'chair', education: 'college', partyMember: false });
    ok(s, 'candidate.add', { voterId: id['钱七'] as number, position: 'chair', education: 'college', partyMember: false });
    const list = ok(s, 'official.list', {});
    expect(list.officials.map((o) => o.name)).toEqual(['钱七']);
    expect(list.warnings.filter((x) => x.code === 'F1_OFFICIAL_IS_CANDIDATE').map((x) => x.message)).toEqual(['F1 钱七 是主任候选人，不能担任计票人，请另行安排。']);
  });
});

describe('R6 voter cards', () => {
  it('R6: one ballot per voter card — each issue is recorded against one card, a second one on the same card is refused', () => {
    const env = setup();
    const { s, id } = env;
    ok(s, 'roll.publish', { publishedOn: '2026-02-01' });
    ok(s, 'candidate.add', { voterId: id['吴十'] as number, position: 'chair', education: 'college', partyMember: false });
    ok(s, 'election.setPhase', { phase: 'voting', confirm: ['VOTING_BEFORE_DATE'] });
    env.setNow('2026-03-15T08:10');
    for (const n of ['王五', '赵六', '钱七']) ok(s, 'ballot.issue', { voterId: id[n] as number });
    for (const n of ['王五', '赵六', '钱七']) expect(refused(s, 'ballot.issue', { voterId: id[n] }).code).toBe('B1_ALREADY_ISSUED');
    const list = ok(s, 'ballot.issueList', {});
    expect(list.total).toBe(3);
    const cards = list.issues.map((i) => i.voterId);
    expect(new Set(cards).size).toBe(cards.length);
    expect(ok(s, 'roll.list', {}).counts.registered).toBe(6);
  });
});

describe('E6 and X3 checks that depend on the order of setup steps', () => {
  it('E6: a committee of fewer than 3 members is flagged when voting starts', () => {
    const { s, id } = setup();
    const r = ok(s, 'roll.publish', { publishedOn: '2026-02-01' });
    expect(r.voterCount).toBe(6);
    ok(s, 'candidate.add', { voterId: id['吴十'] as number, position: 'chair', education: 'college', partyMember: false });
    const w = ok(s, 'election.setPhase', { phase: 'voting', confirm: ['VOTING_BEFORE_DATE'] }).warnings;
    expect(w.find((x) => x.code === 'E6_COMMITTEE_SIZE')?.message).toContain('合计应选 1 名');
  });

  it('X3: a trustee who becomes a candidate afterwards is warned, and gets no proxy ballots on the day', () => {
    const env = setup();
    const { s, id } = env;
    const p = ok(s, 'proxy.add', { principalId: id['孙八'] as number, trusteeId: id['周九'] as number, relation: 'spouse', writtenRef: '委托书1号' }).proxy;
    ok(s, 'proxy.approve', { proxyId: p.id });
    ok(s, 'proxy.publish', { publishedOn: '2026-02-01' });
    const c = ok(s, 'candidate.add', { voterId: id['周九'] as number, position: 'chair', education: 'college', partyMember: false });
    expect(c.warnings.find((x) => x.code === 'X3_TRUSTEE_IS_CANDIDATE')?.message).toContain('孙八');
    ok(s, 'roll.publish', { publishedOn: '2026-02-01' });
    ok(s, 'election.setPhase', { phase: 'voting', confirm: ['VOTING_BEFORE_DATE'] });
    env.setNow('2026-03-15T08:30');
    const r = ok(s, 'ballot.issue', { voterId: id['周九'] as number });
    expect(r.ballots).toBe(1);
    expect(r.proxyBallots).toEqual([]);
    expect(r.skipped.map((x) => x.code)).toEqual(['X3_TRUSTEE_IS_CANDIDATE']);
    // the principal may still vote in person
    expect(ok(s, 'ballot.issue', { voterId: id['孙八'] as number }).issue.way).toBe('in_person');
  });

  it('X3: a candidate may never be a trustee since 2025 — candidateMayBeTrustee is no longer a parameter', () => {
    const r = resolveRules('national', 'villagers_committee', { candidateMayBeTrustee: true });
    expect(r.ok ? 'accepted' : r.error.code).toBe('RULE_PARAM_UNKNOWN');
  });
});
