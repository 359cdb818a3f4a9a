/**
 * The 2026 law at registration and issue, on real SQLite files through station.call: X1 a proxy to
 * any villager (recorded 其他村民), X3 a trustee who becomes a candidate, X5 the profile's deadline,
 * B5 the mobile box's list, scrutineers, approval and publication, E10 the margin and the review.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { makeIdNumber } from '../../../shared/rules/index.js';
import { addMember, addVoter, cleanup, election, ok, refused } from './helpers.js';

afterEach(cleanup);

function village(profile?: string, rules?: Record<string, unknown>) {
  const env = election('villagers_committee', rules, profile);
  ok(env.s, 'position.set', { positions: [{ key: 'chair', name: '主任', seats: 1 }] });
  const p = (name: string) => addVoter(env.s, name);
  return { ...env, p };
}

const rows = (s: ReturnType<typeof election>['s'], table: string): number => s.db.prepare(`SELECT COUNT(*) FROM ${table}`).pluck().get() as number;

describe('X1–X5 proxies under the 2026 law', () => {
  it('X1 a proxy to a neighbour who is no relative is accepted and listed as 其他村民', () => {
    const { s, p } = village();
    const a = p('张大爷');
    const b = p('邻居李');
    const r = ok(s, 'proxy.add', { principalId: a, trusteeId: b, relation: 'other_villager', writtenRef: '委托书001' });
    expect(r.proxy).toMatchObject({ relation: 'other_villager', relationLabel: '其他村民', trusteeIsCandidate: false });
    ok(s, 'proxy.approve', { proxyId: r.proxy.id });
    expect(ok(s, 'proxy.publish', { publishedOn: '2026-02-05' }).proxies[0]?.relationLabel).toBe('其他村民');
  });

  it('X1 an election still held under a pre-2026 rule (proxyTrustee close_relative) refuses a non-relative', () => {
    const { s, p } = village(undefined, { proxyTrustee: 'close_relative' });
    const e = refused(s, 'proxy.add', { principalId: p('甲'), trusteeId: p('乙'), relation: 'other_villager', writtenRef: '1' });
    expect(e.code).toBe('X1_NOT_RELATIVE');
    expect(e.message).toContain('近亲属');
    expect(rows(s, 'proxies')).toBe(0);
  });

  it('X3 a trustee who becomes a candidate is flagged; the list cannot be published until the proxy is re-assigned', () => {
    const { s, p } = village();
    const [a, b, c] = [p('甲'), p('乙'), p('丙')];
    const first = ok(s, 'proxy.add', { principalId: a, trusteeId: b, relation: 'sibling', writtenRef: '1' }).proxy;
    ok(s, 'proxy.approve', { proxyId: first.id });
    ok(s, 'candidate.add', { voterId: b, position: 'chair', education: 'college', partyMember: false });
    expect(ok(s, 'proxy.list', {}).proxies[0]?.trusteeIsCandidate).toBe(true);
    const e = refused(s, 'proxy.publish', { publishedOn: '2026-02-05' });
    expect(e.code).toBe('X3_TRUSTEE_BECAME_CANDIDATE');
    expect(e.message).toContain('甲 委托的 乙');
    expect(rows(s, 'proxy_publications')).toBe(0);
    ok(s, 'proxy.revoke', { proxyId: first.id, reason: '受托人成为候选人，委托人另行委托' });
    const second = ok(s, 'proxy.add', { principalId: a, trusteeId: c, relation: 'other_villager', writtenRef: '2' }).proxy;
    ok(s, 'proxy.approve', { proxyId: second.id });
    expect(ok(s, 'proxy.publish', { publishedOn: '2026-02-05' }).proxyCount).toBe(1);
  });

  it('X5 zhejiang: proxies are filed 3 days before election day (2026-03-15)', () => {
    const env = village('zhejiang');
    const { s, p } = env;
    const [a, b, c, d] = [p('甲'), p('乙'), p('丙'), p('丁')];
    env.setNow('2026-03-12T10:00');
    ok(s, 'proxy.add', { principalId: a, trusteeId: b, relation: 'other_villager', writtenRef: '1' });
    env.setNow('2026-03-13T10:00');
    const e = refused(s, 'proxy.add', { principalId: c, trusteeId: d, relation: 'other_villager', writtenRef: '2' });
    expect(e.code).toBe('X5_DEADLINE');
    expect(e.message).toContain('前 3 日');
    // the national default (1 day) would still allow it
    const nat = village();
    nat.setNow('2026-03-13T10:00');
    expect(ok(nat.s, 'proxy.add', { principalId: nat.p('甲'), trusteeId: nat.p('乙'), relation: 'other_villager', writtenRef: '1' }).proxy.status).toBe('pending');
  });
});

describe('B5 the mobile box', () => {
  function box(profile?: string) {
    const env = village(profile);
    const { s, p } = env;
    const ids = Object.fromEntries(['王五', '赵六', '老李', '老周', '受托甲', '候选乙'].map((n) => [n, p(n)])) as Record<string, number>;
    ok(s, 'box.add', { key: 'm1', name: '流动票箱一' });
    return { ...env, ids };
  }

  it('B5 the list takes only voters without a proxy and without a ballot; one box each; removal keeps the row', () => {
    const { s, ids } = box();
    const px = ok(s, 'proxy.add', { principalId: ids['老周'] as number, trusteeId: ids['受托甲'] as number, relation: 'child', writtenRef: '1' }).proxy;
    const e = refused(s, 'box.addVoters', { key: 'm1', voterIds: [ids['老李'] as number, ids['老周'] as number] });
    expect(e.code).toBe('B5_HAS_PROXY');
    expect(e.message).toContain('老周');
    expect(rows(s, 'box_voters')).toBe(0); // the whole call is refused: 老李 is not half-added
    ok(s, 'proxy.revoke', { proxyId: px.id, reason: '改为流动票箱投票' });
    const r = ok(s, 'box.addVoters', { key: 'm1', voterIds: [ids['老李'] as number, ids['老周'] as number] });
    expect(r.voters.map((v) => [v.name, v.published])).toEqual([
      ['老李', false],
      ['老周', false],
    ]);
    ok(s, 'box.add', { key: 'm2', name: '流动票箱二' });
    expect(refused(s, 'box.addVoters', { key: 'm2', voterIds: [ids['老李'] as number] }).code).toBe('B5_OTHER_BOX');
    expect(refused(s, 'box.addVoters', { key: 'main', voterIds: [ids['王五'] as number] }).code).toBe('BOX_NOT_MOBILE');
    ok(s, 'box.removeVoter', { key: 'm1', voterId: ids['老周'] as number, reason: '本人能到会场投票' });
    expect(ok(s, 'box.voters', { key: 'm1' }).voters.map((v) => v.name)).toEqual(['老李']);
    expect(rows(s, 'box_voters')).toBe(2);
    expect(rows(s, 'box_voter_removals')).toBe(1);
  });

  it('B5 zhejiang: 3 scrutineers and the township approval before the list is published; the box issues only to its published list', () => {
    const env = box('zhejiang');
    const { s, ids } = env;
    ok(s, 'box.addVoters', { key: 'm1', voterIds: [ids['老李'] as number] });
    for (const n of ['监票甲', '监票乙']) ok(s, 'official.add', { name: n, role: 'scrutineer', boxKey: 'm1' });
    const few = refused(s, 'box.publish', { key: 'm1' });
    expect(few.code).toBe('B5_SCRUTINEERS');
    expect(few.message).toContain('不少于 3 名');
    ok(s, 'official.add', { name: '监票丙', role: 'scrutineer', boxKey: 'm1' });
    expect(refused(s, 'box.publish', { key: 'm1' }).code).toBe('B5_APPROVAL');
    ok(s, 'box.approve', { key: 'm1', ref: '镇选举指导小组〔2026〕5号' });
    const pub = ok(s, 'box.publish', { key: 'm1', publishedOn: '2026-03-10' });
    expect(pub.box).toMatchObject({ scrutineers: 3, approvalRef: '镇选举指导小组〔2026〕5号', listed: 1, publishedOn: '2026-03-10', notReady: null });
    // a voter added after publication cannot be served until the list is published again
    ok(s, 'box.addVoters', { key: 'm1', voterIds: [ids['老周'] as number] });
    expect(ok(s, 'box.voters', { key: 'm1' }).box.notReady).toContain('公布');
    ok(s, 'roll.publish', { publishedOn: '2026-02-01' });
    ok(s, 'candidate.add', { voterId: ids['候选乙'] as number, position: 'chair', education: 'college', partyMember: false });
    ok(s, 'candidate.add', { voterId: ids['王五'] as number, position: 'chair', education: 'college', partyMember: false });
    ok(s, 'election.setPhase', { phase: 'voting', confirm: ['VOTING_BEFORE_DATE'] });
    env.setNow('2026-03-15T10:00');
    expect(refused(s, 'ballot.issue', { voterId: ids['老李'] as number, way: 'mobile', boxKey: 'm1' }).code).toBe('B5_NOT_PUBLISHED');
    ok(s, 'box.publish', { key: 'm1', publishedOn: '2026-03-15' });
    const before = rows(s, 'issues');
    const e = refused(s, 'ballot.issue', { voterId: ids['赵六'] as number, way: 'mobile', boxKey: 'm1' });
    expect(e.code).toBe('B5_NOT_LISTED');
    expect(e.message).toContain('赵六 不在流动票箱一的选民名单上');
    expect(rows(s, 'issues')).toBe(before);
    expect(ok(s, 'ballot.issue', { voterId: ids['老李'] as number, way: 'mobile', boxKey: 'm1' }).issue.way).toBe('mobile');
    expect(refused(s, 'box.removeVoter', { key: 'm1', voterId: ids['老李'] as number, reason: 'x' }).code).toBe('BOX_VOTER_ISSUED');
    // a voter on the box's list who came to the hall instead cannot be put on the list again
    ok(s, 'ballot.issue', { voterId: ids['王五'] as number });
    expect(refused(s, 'box.addVoters', { key: 'm1', voterIds: [ids['王五'] as number] }).code).toBe('B5_ALREADY_ISSUED');
  });
});

describe('E10 the candidate list', () => {
  it('E10 below the margin the vote cannot start; the refusal gives the numbers', () => {
    const { s, p } = village();
    ok(s, 'candidate.add', { voterId: p('甲'), position: 'chair', education: 'college', partyMember: false });
    ok(s, 'roll.publish', { publishedOn: '2026-02-01' });
    const e = refused(s, 'election.setPhase', { phase: 'voting', confirm: ['VOTING_BEFORE_DATE'] });
    expect(e.code).toBe('E10_MARGIN');
    expect(e.message).toBe('主任应选 1 名，实行差额选举，候选人应不少于 2 名，现在只有 1 名（E10）。请补充候选人后再印制选票、开始投票。');
    expect(ok(s, 'election.get', {}).phase).toBe('roll_published');
    ok(s, 'candidate.add', { voterId: p('乙'), position: 'chair', education: 'college', partyMember: false });
    ok(s, 'election.setPhase', { phase: 'voting', confirm: ['VOTING_BEFORE_DATE'] });
  });

  it('E10 shanghai: 主任 seats + 1 at most — above the maximum is a warning, not a refusal', () => {
    const { s, p } = village('shanghai');
    for (const n of ['甲', '乙', '丙']) ok(s, 'candidate.add', { voterId: p(n), position: 'chair', education: 'college', partyMember: false });
    ok(s, 'roll.publish', { publishedOn: '2026-02-01' });
    const w = ok(s, 'election.setPhase', { phase: 'voting', confirm: ['VOTING_BEFORE_DATE'] }).warnings;
    expect(w.find((x) => x.code === 'E10_MARGIN_ABOVE_MAX')?.message).toContain('最多 2 名');
  });

  it('E10 P6 the Party branch needs seats × 1.2 candidates, rounded up, before voting', () => {
    const { s } = election('party_branch');
    ok(s, 'position.set', { positions: [{ key: 'member', name: '委员', seats: 3 }] });
    const ids = ['甲', '乙', '丙', '丁'].map((n) => addMember(s, n));
    for (const id of ids.slice(0, 3)) ok(s, 'candidate.add', { voterId: id, position: 'member', education: 'college', partyMember: true });
    ok(s, 'roll.publish', { publishedOn: '2026-02-01' });
    const e = refused(s, 'election.setPhase', { phase: 'voting', confirm: ['VOTING_BEFORE_DATE'] });
    expect(e.code).toBe('P6_MARGIN');
    expect(e.message).toContain('不少于 4 名，现在只有 3 名');
    ok(s, 'candidate.add', { voterId: ids[3] as number, position: 'member', education: 'college', partyMember: true });
    ok(s, 'election.setPhase', { phase: 'voting', confirm: ['VOTING_BEFORE_DATE'] });
  });

  it('E10 the qualification review is recorded with reviewer and reference; a failed review takes the candidate off the list', () => {
    const { s, p } = village();
    const a = ok(s, 'candidate.add', { voterId: p('甲'), position: 'chair', education: 'college', partyMember: false }).candidate;
    const b = ok(s, 'candidate.add', { voterId: p('乙'), position: 'chair', education: 'college', partyMember: false }).candidate;
    expect(ok(s, 'candidate.list', {}).warnings.find((w) => w.code === 'E10_NOT_REVIEWED')?.message).toContain('乙、甲'); // 姓氏笔画: 乙 1 stroke, 甲 5
    const r = ok(s, 'candidate.review', { candidateId: a.id, outcome: 'passed', ref: '资格审查意见1号', reviewer: '镇联审小组' });
    expect(r.candidate.review).toMatchObject({ outcome: 'passed', ref: '资格审查意见1号', reviewer: '镇联审小组' });
    ok(s, 'candidate.review', { candidateId: b.id, outcome: 'failed', ref: '资格审查意见2号', reviewer: '镇联审小组', note: '受过刑事处罚' });
    const list = ok(s, 'candidate.list', { includeWithdrawn: true }).candidates;
    expect(list.map((c) => [c.name, c.withdrawn, c.review?.outcome])).toEqual([
      ['乙', true, 'failed'],
      ['甲', false, 'passed'],
    ]);
    expect(refused(s, 'candidate.review', { candidateId: b.id, outcome: 'passed', ref: 'x', reviewer: 'y' }).code).toBe('CANDIDATE_WITHDRAWN');
  });
});

describe('R2 profile categories beside the loose category words', () => {
  it('R2 shanghai: the married-in spouse category is its own, though its words say 户籍不在本村', () => {
    const { s } = election('villagers_committee', undefined, 'shanghai');
    const spouse = '户籍不在本村、在本村居住的本村村民的配偶';
    const v = ok(s, 'roll.add', { name: '嫁入甲', idNumber: makeIdNumber('310101', '19800101', 102), category: spouse, approvalRef: '村委会确认第1号', group: '一组' }).voter;
    expect(v.category).toBe(spouse);
    // the loose words still decide a cell that is not the profile's category
    expect(ok(s, 'roll.add', { name: '外来乙', idNumber: makeIdNumber('310101', '19800101', 104), category: '户籍不在本村', approvalRef: '村代会决定1号', group: '一组' }).voter.category).toBe('nonresident_approved');
  });
});
