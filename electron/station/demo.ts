/**
 * The demo election (演示选举): a drill villagers' committee election built only through station
 * commands, so what the demo shows is exactly what the station does on a real day. 300 voters in
 * three 村民小组, three approved proxies, a mobile box, a counted main round with a few void and
 * blank ballots and a write-in, confirmed. Used by `cli demo`, the start page and the township tests.
 */
import { makeIdNumber } from '../../shared/rules/index.js';
import type { CommandInput, CommandName, CommandOutput } from '../../shared/contract.js';
import { ok, type Result } from '../../shared/result.js';
import { openStation, type Station } from './index.js';

export interface DemoSummary {
  electionId: string;
  dataDir: string;
  voters: number;
  participants: number;
  ballotsCounted: number;
  elected: string[];
}

export interface DemoOptions {
  village?: string;
  /** Confirm the main round (default true); false leaves the election in counting, mid-count. */
  confirm?: boolean;
}

class DemoStop extends Error {
  constructor(readonly refusal: { code: string; message: string }) {
    super(refusal.message);
  }
}

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
const GIVEN = ['建国', '秀英', '桂兰', '志强', '海燕', '国庆', '春梅', '文华', '玉珍', '德明', '丽娟', '永刚', '红梅', '金凤', '立新', '淑芬', '卫东', '小平', '晓燕', '福生'];
const GROUPS = ['第一村民小组', '第二村民小组', '第三村民小组'];

/** Fills an open, empty station with the demo election. `setNow` moves the station's clock. */
export function populateDemo(station: Station, setNow: (local: string) => void, options: DemoOptions = {}): Result<DemoSummary> {
  const run = <C extends CommandName>(command: C, input: CommandInput<C>): CommandOutput<C> => {
    const r = station.run(command, input);
    if (!r.ok) throw new DemoStop(r.error);
    return r.value;
  };
  try {
    const village = options.village ?? '演示村';
    setNow('2026-02-01T09:00:00');
    const created = run('election.create', {
      kind: 'villagers_committee',
      title: `${village}第十二届村民委员会换届选举（演练）`,
      village,
      township: '演示镇',
      county: '演示县',
      electionDate: '2026-03-15',
      drill: true,
    });
    run('position.set', {
      positions: [
        { key: 'chair', name: '主任', seats: 1 },
        { key: 'member', name: '委员', seats: 4 },
      ],
    });
    const ids: number[] = [];
    const names: string[] = [];
    for (let i = 0; i < 300; i++) {
      const surname = SURNAMES[i % SURNAMES.length] as string;
      const given = GIVEN[(i * 7) % GIVEN.length] as string;
      const name = i < GIVEN.length * 5 ? surname + given : surname + given.slice(0, 1);
      const female = i % 2 === 1;
      const birth = new Date(Date.UTC(1945, 0, 1 + i * 53)).toISOString().slice(0, 10).replace(/-/g, '');
      const idNumber = makeIdNumber('330523', birth, ((i % 450) + 100) * 2 + (female ? 0 : 1));
      const voter = run('roll.add', { name, idNumber, group: GROUPS[i % 3] as string, category: 'resident' }).voter;
      ids.push(voter.id);
      names.push(voter.name);
    }
    run('roll.publish', { publishedOn: '2026-02-10' });
    const id = (i: number) => ids[i] as number;
    const cand = (i: number, position: string, education: CommandInput<'candidate.add'>['education'], partyMember: boolean, partySecretary = false) =>
      run('candidate.add', { voterId: id(i), position, education, partyMember, partySecretary }).candidate.id;
    const chairA = cand(10, 'chair', 'college', true, true);
    const chairB = cand(21, 'chair', 'senior_high', false);
    const members = [
      cand(31, 'member', 'bachelor', true),
      cand(42, 'member', 'senior_high', false),
      cand(53, 'member', 'college', false),
      cand(64, 'member', 'junior_high', true),
      cand(75, 'member', 'senior_high', false),
      cand(86, 'member', 'junior_high', false),
    ];
    for (const [name, role] of [
      ['演示总监票', 'chief_scrutineer'],
      ['演示监票一', 'scrutineer'],
      ['演示监票二', 'scrutineer'],
      ['演示唱票', 'caller'],
      ['演示计票', 'counter'],
      ['演示主任', 'chair'],
    ] as const) {
      run('official.add', { name, role });
    }
    // E10: every candidate's qualification review is recorded.
    for (const c of [chairA, chairB, ...members]) run('candidate.review', { candidateId: c, outcome: 'passed', ref: '镇选举指导组资格审查意见第1号', reviewer: '村选举委员会' });
    // Three written proxies (principals 200–202, trustees 203–205), approved and published; since 2025
    // the trustee may be any villager with a vote (X1), so the third is a neighbour.
    for (let k = 0; k < 3; k++) {
      const relation = k === 2 ? 'other_villager' : 'child';
      const proxy = run('proxy.add', { principalId: id(200 + k), trusteeId: id(203 + k), relation, writtenRef: `委托书第${k + 1}号` }).proxy;
      run('proxy.approve', { proxyId: proxy.id, ref: `村选委会审核第${k + 1}号` });
    }
    run('proxy.publish', { publishedOn: '2026-03-10' });
    run('box.add', { key: 'mobile-1', name: '流动票箱一' });
    // B5: the mobile box's scrutineers and its published list (voters 240–251, who cannot come to the hall).
    run('official.add', { name: '演示流动监票一', role: 'scrutineer', boxKey: 'mobile-1' });
    run('official.add', { name: '演示流动监票二', role: 'scrutineer', boxKey: 'mobile-1' });
    run('box.addVoters', { key: 'mobile-1', voterIds: Array.from({ length: 12 }, (_, k) => id(240 + k)) });
    run('box.publish', { key: 'mobile-1', publishedOn: '2026-03-10' });

    setNow('2026-03-15T08:00:00');
    run('election.setPhase', { phase: 'voting' });
    // 230 in person at the main box (0–199 and trustees 203–232 carry 3 proxy ballots), 12 by the mobile box.
    let participants = 0;
    const inPerson = [...Array.from({ length: 200 }, (_, i) => i), ...Array.from({ length: 30 }, (_, i) => 203 + i)];
    for (const i of inPerson) participants += run('ballot.issue', { voterId: id(i) }).ballots;
    for (let i = 240; i < 252; i++) participants += run('ballot.issue', { voterId: id(i), way: 'mobile', boxKey: 'mobile-1' }).ballots;

    setNow('2026-03-15T14:00:00');
    run('election.setPhase', { phase: 'counting' });
    run('box.setCollected', { boxKey: 'main', collected: participants - 12 });
    run('box.setCollected', { boxKey: 'mobile-1', collected: 12 });
    const [m0, m1, m2, m3, m4, m5] = members as [number, number, number, number, number, number];
    const ballot = (marks: CommandInput<'count.recordBallot'>['marks'], unreadable = false) =>
      run('count.recordBallot', unreadable ? { marks, unreadable } : { marks });
    let counted = 0;
    const pattern: [number, CommandInput<'count.recordBallot'>['marks']][] = [
      [120, { chair: { for: [chairA] }, member: { for: [m0, m1, m2, m3] } }],
      [60, { chair: { for: [chairB] }, member: { for: [m0, m2, m4, m5] } }],
      [30, { chair: { for: [chairA] }, member: { for: [m1, m3, m4] } }],
      [20, { chair: { for: [chairA] }, member: { for: [m0, m1], writeIns: [{ name: names[100] as string, voterId: id(100) }] } }],
      [6, { chair: { for: [chairA, chairB] }, member: { for: [m0, m1, m2, m3] } }],
    ];
    for (const [n, marks] of pattern) {
      for (let k = 0; k < n && counted < participants - 3; k++, counted++) ballot(marks);
    }
    ballot({});
    ballot({}, true);
    counted += 2;
    while (counted < participants) {
      ballot({ chair: { for: [chairB] }, member: { for: [m2, m3, m4, m5] } });
      counted++;
    }
    run('round.setPrinted', { printed: participants + 20, spoiled: 2 });
    let elected: string[] = [];
    if (options.confirm ?? true) {
      setNow('2026-03-15T16:30:00');
      run('round.confirm', {});
      const result = run('round.result', {});
      elected = result.tally.positions.flatMap((p) => p.elected);
    }
    return ok({ electionId: created.id, dataDir: '', voters: ids.length, participants, ballotsCounted: counted, elected });
  } catch (e) {
    if (e instanceof DemoStop) return { ok: false, error: { code: e.refusal.code, message: `演示选举未能建成：${e.refusal.message}` } };
    throw e;
  }
}

/** Builds the demo election in a new data folder (used by `cli demo --data DIR`). */
export function buildDemo(dataDir: string, options: DemoOptions = {}): Result<DemoSummary> {
  let now = new Date('2026-02-01T09:00:00');
  const station = openStation(dataDir, { now: () => now, backups: false });
  try {
    const r = populateDemo(station, (local) => (now = new Date(local)), options);
    return r.ok ? ok({ ...r.value, dataDir }) : r;
  } finally {
    station.close();
  }
}
