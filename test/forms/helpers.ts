/**
 * A counted election built only through station commands, for the forms, export and township tests:
 * a villagers' committee election (rare name characters 䶮 and 𠮷, three 村民小组, proxies, a write-in,
 * a blank and an unreadable ballot) or a Party branch election with an approved exclusion.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CommandInput, CommandName, CommandOutput } from '../../shared/contract.js';
import { makeIdNumber } from '../../shared/rules/index.js';
import { openStation, type Station } from '../../electron/station/index.js';
import { setStationKeyDir } from '../../electron/station/export/keys.js';

const dirs: string[] = [];
const stations: Station[] = [];

export function tempDir(prefix: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  dirs.push(dir);
  return dir;
}

export function cleanup(): void {
  for (const s of stations.splice(0)) s.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
}

export function ok<C extends CommandName>(s: Station, command: C, input: CommandInput<C>): CommandOutput<C> {
  const r = s.run(command, input);
  if (!r.ok) throw new Error(`${command} refused: ${r.error.code} ${r.error.message}`);
  return r.value;
}

let seq = 0;
function idFor(birth: string, female: boolean): string {
  seq += 1;
  const n = ((seq % 400) + 100) * 2 + (female ? 0 : 1);
  return makeIdNumber('330103', birth, n % 1000);
}

export interface Fixture {
  s: Station;
  dir: string;
  keyDir: string;
  close(): void;
}

export interface FixtureOptions {
  drill?: boolean;
  village?: string;
  /** The station's key folder; default a fresh one per fixture. */
  keyDir?: string;
  /** Extra anonymous voters who all vote for the same slate (for big elections). */
  extraBallots?: number;
}

function open(prefix: string, o: FixtureOptions): { s: Station; dir: string; keyDir: string; setNow: (t: string) => void } {
  const root = tempDir(prefix);
  const dir = path.join(root, 'election');
  const keyDir = o.keyDir ?? path.join(root, 'key');
  setStationKeyDir(keyDir);
  let now = new Date('2026-02-01T09:00:00');
  const s = openStation(dir, { backups: false, now: () => now });
  stations.push(s);
  return { s, dir, keyDir, setNow: (t) => (now = new Date(t)) };
}

export const VILLAGE_PEOPLE = {
  chair: ['张建国', '李䶮'],
  member: ['王芳', '赵敏', '𠮷祥'],
  writeIn: '孙悟',
};

/** 青山村 villagers' committee: 40 voters (+extra), 30 (+extra) vote, confirmed main round. */
export function villageElection(o: FixtureOptions = {}): Fixture {
  const { s, dir, keyDir, setNow } = open('forms-village-', o);
  const extra = o.extraBallots ?? 0;
  ok(s, 'election.create', {
    kind: 'villagers_committee',
    title: `${o.village ?? '青山村'}第十二届村民委员会换届选举`,
    village: o.village ?? '青山村',
    township: '清河镇',
    county: '安吉县',
    electionDate: '2026-03-15',
    drill: o.drill ?? false,
  });
  ok(s, 'position.set', {
    positions: [
      { key: 'chair', name: '主任', seats: 1 },
      { key: 'member', name: '委员', seats: 2 },
    ],
  });
  const groups = ['第一村民小组', '第二村民小组', '第三村民小组'];
  const ids = new Map<string, number>();
  const add = (name: string, female: boolean, birth: string, group: string): number => {
    const id = ok(s, 'roll.add', { name, idNumber: idFor(birth, female), group, category: 'resident' }).voter.id;
    ids.set(name, id);
    return id;
  };
  add('张建国', false, '19750310', groups[0] as string);
  add('李䶮', false, '19800521', groups[1] as string);
  add('王芳', true, '19930801', groups[0] as string);
  add('赵敏', true, '19880102', groups[2] as string);
  add('𠮷祥', false, '19650712', groups[1] as string);
  add('孙悟', false, '19700101', groups[2] as string);
  const others: number[] = [];
  for (let i = 0; i < 34 + extra; i++) {
    // a distinct birth date per voter keeps ID numbers unique for large rolls
    const birth = new Date(Date.UTC(1950, 0, 1 + i * 3)).toISOString().slice(0, 10).replace(/-/g, '');
    others.push(add(`村民${String(i + 1).padStart(2, '0')}`, i % 2 === 1, birth, groups[i % 3] as string));
  }
  ok(s, 'roll.publish', { publishedOn: '2026-02-10' });
  const cand = (name: string, position: string, education: CommandInput<'candidate.add'>['education'], partyMember: boolean, partySecretary = false) =>
    ok(s, 'candidate.add', { voterId: ids.get(name) as number, position, education, partyMember, partySecretary }).candidate.id;
  const c = {
    张建国: cand('张建国', 'chair', 'college', true, true),
    李䶮: cand('李䶮', 'chair', 'senior_high', false),
    王芳: cand('王芳', 'member', 'bachelor', true),
    赵敏: cand('赵敏', 'member', 'junior_high', false),
    𠮷祥: cand('𠮷祥', 'member', 'senior_high', false),
  };
  const official = (name: string, role: CommandInput<'official.add'>['role']) => ok(s, 'official.add', { name, role });
  official('陈总监', 'chief_scrutineer');
  official('周监一', 'scrutineer');
  official('吴监二', 'scrutineer');
  official('郑监三', 'scrutineer');
  official('冯唱票', 'caller');
  official('褚计票', 'counter');
  official('卫主任', 'chair');
  // Two approved, published proxies: principals 村民01, 村民02, trustees 村民03 (a son), 村民04 (a neighbour, X1 since 2025).
  for (const [p, t] of [
    [0, 2],
    [1, 3],
  ] as const) {
    const relation = p === 0 ? 'child' : 'other_villager';
    const proxy = ok(s, 'proxy.add', { principalId: others[p] as number, trusteeId: others[t] as number, relation, writtenRef: `委托书${p + 1}号` }).proxy;
    ok(s, 'proxy.approve', { proxyId: proxy.id, ref: `审核${p + 1}` });
  }
  ok(s, 'proxy.publish', { publishedOn: '2026-03-10' });
  // B5: a mobile box for two voters who cannot come (村民31, 村民32; neither is issued a ballot), with its scrutineers.
  ok(s, 'box.add', { key: 'm1', name: '流动票箱一' });
  official('何流监', 'scrutineer');
  ok(s, 'official.add', { name: '吕流监', role: 'scrutineer', boxKey: 'm1' });
  ok(s, 'official.add', { name: '施流监', role: 'scrutineer', boxKey: 'm1' });
  ok(s, 'box.addVoters', { key: 'm1', voterIds: [others[30] as number, others[31] as number] });
  ok(s, 'box.publish', { key: 'm1', publishedOn: '2026-03-10' });

  setNow('2026-03-15T08:30:00');
  ok(s, 'election.setPhase', { phase: 'voting', confirm: ['VOTING_BEFORE_DATE'] });
  // Named people and voters 03..: 28 in person + 2 proxy ballots (trustees 03, 04) = 30 participants.
  const voters = [...['张建国', '李䶮', '王芳', '赵敏', '𠮷祥', '孙悟'].map((n) => ids.get(n) as number), ...others.slice(2, 24 + extra)];
  for (const v of voters) ok(s, 'ballot.issue', { voterId: v });
  setNow('2026-03-15T14:00:00');
  ok(s, 'election.setPhase', { phase: 'counting', confirm: ['E1_TURNOUT_NOT_MET', 'P4_QUORUM_NOT_MET'] });
  const participants = 30 + extra;
  ok(s, 'box.setCollected', { boxKey: 'main', collected: participants });
  const ballot = (marks: CommandInput<'count.recordBallot'>['marks'], unreadable = false) =>
    ok(s, 'count.recordBallot', unreadable ? { marks, unreadable } : { marks });
  for (let i = 0; i < 20 + extra; i++) ballot({ chair: { for: [c.张建国] }, member: { for: [c.王芳, c.赵敏] } });
  for (let i = 0; i < 6; i++) ballot({ chair: { for: [c.李䶮] }, member: { for: [c.王芳, c.𠮷祥] } });
  for (let i = 0; i < 2; i++) ballot({ chair: { for: [c.张建国] }, member: { for: [c.王芳], writeIns: [{ name: '孙悟' }] } });
  ballot({});
  ballot({}, true);
  ok(s, 'round.setPrinted', { printed: 45, spoiled: 1 });
  setNow('2026-03-15T16:40:00');
  ok(s, 'round.confirm', {});
  return { s, dir, keyDir, close: () => s.close() };
}

/** 青山村 Party branch: 13 members (12 full, 1 probationary), one approved exclusion, 10 present. */
export function partyElection(o: FixtureOptions = {}): Fixture {
  const { s, dir, keyDir, setNow } = open('forms-party-', o);
  ok(s, 'election.create', {
    kind: 'party_branch',
    title: '中共青山村支部委员会换届选举',
    village: o.village ?? '青山村',
    township: '清河镇',
    county: '安吉县',
    electionDate: '2026-03-15',
    drill: o.drill ?? false,
  });
  ok(s, 'position.set', { positions: [{ key: 'member', name: '委员', seats: 3 }] });
  const names = ['刘书记', '杨红', '黄明', '何伟', '林芳', '高强', '罗军', '梁静', '宋涛', '唐丽', '许波', '韩雪'];
  const ids = names.map((n, i) => ok(s, 'roll.add', { name: n, idNumber: idFor(`19${60 + i}0101`, i % 3 === 1), group: '第一党小组', partyStatus: 'full' }).voter.id);
  ok(s, 'roll.add', { name: '预备党员甲', idNumber: idFor('19990101', false), group: '第一党小组', partyStatus: 'probationary' });
  ok(s, 'party.exclude', { voterId: ids[11] as number, reason: '自费出国半年以上', higherOrgRef: '镇党委〔2026〕3号', assemblyRef: '党员大会表决通过' });
  ok(s, 'roll.publish', { publishedOn: '2026-02-10' });
  const cand = (i: number, education: CommandInput<'candidate.add'>['education']) =>
    ok(s, 'candidate.add', { voterId: ids[i] as number, position: 'member', education, partyMember: true }).candidate.id;
  const c = [cand(0, 'bachelor'), cand(1, 'college'), cand(2, 'senior_high'), cand(3, 'junior_high')];
  ok(s, 'official.add', { name: '许波', role: 'chief_scrutineer' });
  setNow('2026-03-15T08:30:00');
  ok(s, 'election.setPhase', { phase: 'voting', confirm: ['VOTING_BEFORE_DATE'] });
  for (const id of ids.slice(0, 10)) ok(s, 'ballot.issue', { voterId: id });
  setNow('2026-03-15T10:00:00');
  ok(s, 'election.setPhase', { phase: 'counting', confirm: ['E1_TURNOUT_NOT_MET', 'P4_QUORUM_NOT_MET'] });
  ok(s, 'box.setCollected', { boxKey: 'main', collected: 10 });
  const [a, b, d, e] = c as [number, number, number, number];
  for (let i = 0; i < 7; i++) ok(s, 'count.recordBallot', { marks: { member: { for: [a, b, d], against: [e] } } });
  for (let i = 0; i < 3; i++) ok(s, 'count.recordBallot', { marks: { member: { for: [a, b, e], against: [d] } } });
  setNow('2026-03-15T11:00:00');
  ok(s, 'round.confirm', {});
  return { s, dir, keyDir, close: () => s.close() };
}
