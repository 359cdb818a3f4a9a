/**
 * Small elections for the township tests, built only through station commands as on the day:
 * a roll of named people (with their gender, birth date, education and Party membership) and
 * anonymous voters, candidates, ballots issued one by one, ballots counted, rounds confirmed, a
 * 另行选举 when seats are left, exports onto a folder standing in for the USB drive.
 */
import path from 'node:path';
import type { CommandInput } from '../../shared/contract.js';
import { makeIdNumber } from '../../shared/rules/index.js';
import { openStation, type Station } from '../../electron/station/index.js';
import { setStationKeyDir } from '../../electron/station/export/keys.js';
import { ok, tempDir } from '../forms/helpers.js';

type Education = CommandInput<'candidate.add'>['education'];

export interface Person {
  name: string;
  female?: boolean;
  /** YYYYMMDD */
  birth: string;
  education?: Education;
  party?: boolean;
  /** Candidate flag: the chair candidate is also the Party secretary (VC), or the branch's secretary (party). */
  secretary?: boolean;
}

export interface ElectionSpec {
  kind?: 'villagers_committee' | 'party_branch';
  village: string;
  township?: string;
  drill?: boolean;
  /** Station key folder: two elections on one laptop share it. Default: a fresh key. */
  keyDir?: string;
  positions: { key: string; name: string; seats: number }[];
  people: Person[];
  candidates: [name: string, position: string][];
  /** Anonymous voters besides the named people. */
  others: number;
}

export interface Built {
  s: Station;
  dir: string;
  keyDir: string;
  /** Issue ballots to the first n voters of the roll (named people first), start counting, all n collected. */
  vote(n: number): void;
  /** Record n ballots, each marking these names per position (current round's candidates). */
  ballots(n: number, marks: Record<string, string[]>): void;
  /** Confirm the round (the collected count was entered at counting: all issued ballots). */
  confirm(): void;
  /** Start a 另行选举 (supplementary round) with the plan's candidates, or the given names. */
  supplementary(names?: string[]): void;
  exportTo(target: string): string;
  electionId: string;
}

let idSeq = 0;
let clockSeq = 0;

export function buildElection(spec: ElectionSpec): Built {
  const root = tempDir('township-fx-');
  const dir = path.join(root, 'election');
  const keyDir = spec.keyDir ?? path.join(root, 'key');
  setStationKeyDir(keyDir);
  let now = new Date('2026-02-01T09:00:00');
  const s = openStation(dir, { backups: false, now: () => now });
  const party = spec.kind === 'party_branch';
  const e = ok(s, 'election.create', {
    kind: spec.kind ?? 'villagers_committee',
    title: `${spec.village}${party ? '党支部委员会' : '村民委员会'}换届选举`,
    village: spec.village,
    township: spec.township ?? '清河镇',
    county: '安吉县',
    electionDate: '2026-03-15',
    drill: spec.drill ?? false,
  });
  ok(s, 'position.set', { positions: spec.positions });
  const roll: number[] = [];
  const ids = new Map<string, number>();
  const add = (name: string, female: boolean, birth: string): number => {
    idSeq += 1;
    const seq = ((idSeq % 450) + 10) * 2 + (female ? 0 : 1);
    const idNumber = makeIdNumber('330523', birth, seq % 1000);
    const v = ok(s, 'roll.add', party ? { name, idNumber, group: '第一党小组', partyStatus: 'full' } : { name, idNumber, group: '第一村民小组', category: 'resident' }).voter;
    roll.push(v.id);
    return v.id;
  };
  for (const p of spec.people) ids.set(p.name, add(p.name, p.female ?? false, p.birth));
  for (let i = 0; i < spec.others; i++) {
    const birth = new Date(Date.UTC(1955, 0, 1 + i * 37)).toISOString().slice(0, 10).replace(/-/g, '');
    add(`${spec.village.slice(0, 2)}村民${String(i + 1).padStart(3, '0')}`, i % 2 === 0, birth);
  }
  ok(s, 'roll.publish', { publishedOn: '2026-02-10' });
  for (const [name, position] of spec.candidates) {
    const p = spec.people.find((x) => x.name === name);
    if (!p) throw new Error(`no person ${name}`);
    ok(s, 'candidate.add', { voterId: ids.get(name) as number, position, education: p.education ?? 'senior_high', partyMember: party || (p.party ?? false), partySecretary: p.secretary ?? false });
  }
  for (const [name, role] of [
    ['监票甲', 'chief_scrutineer'],
    ['监票乙', 'scrutineer'],
    ['监票丙', 'scrutineer'],
    ['监票丁', 'scrutineer'],
    ['唱票人', 'caller'],
    ['计票人', 'counter'],
  ] as const) {
    ok(s, 'official.add', { name, role });
  }
  const tick = (): void => {
    clockSeq += 1;
    now = new Date(Date.parse('2026-03-15T08:00:00') + clockSeq * 60_000);
  };
  tick();
  ok(s, 'election.setPhase', { phase: 'voting', confirm: ['VOTING_BEFORE_DATE'] });
  const candId = (position: string, name: string): number => {
    const c = ok(s, 'candidate.list', {}).candidates.find((x) => x.position === position && x.name === name);
    if (!c) throw new Error(`no candidate ${position}/${name} in this round`);
    return c.id;
  };
  return {
    s,
    dir,
    keyDir,
    electionId: e.id,
    vote(n) {
      for (const id of roll.slice(0, n)) ok(s, 'ballot.issue', { voterId: id });
      tick();
      ok(s, 'election.setPhase', { phase: 'counting', confirm: ['E1_TURNOUT_NOT_MET', 'P4_QUORUM_NOT_MET'] });
      // B3: each box's collected count before any ballot is read
      ok(s, 'box.setCollected', { boxKey: 'main', collected: n });
    },
    ballots(n, marks) {
      const m: Record<string, { for: number[] }> = {};
      for (const [pos, names] of Object.entries(marks)) m[pos] = { for: names.map((x) => candId(pos, x)) };
      for (let i = 0; i < n; i++) ok(s, 'count.recordBallot', { marks: m });
    },
    confirm() {
      tick();
      ok(s, 'round.confirm', {});
    },
    supplementary(names) {
      tick();
      if (names) {
        const all = ok(s, 'candidate.list', { includeWithdrawn: false }).candidates;
        ok(s, 'round.create', { kind: 'supplementary', candidateIds: names.map((x) => all.find((c) => c.name === x)?.id ?? 0) });
      } else {
        ok(s, 'round.create', { kind: 'supplementary' });
      }
    },
    exportTo(target) {
      setStationKeyDir(keyDir);
      tick();
      return ok(s, 'export.write', { target }).packagePath;
    },
  };
}

/**
 * 另行选举: 主任 1 and 委员 3 seats; round 1 elects the chair 张建国 (大专) and 王芳 (本科, woman, 33)
 * only; the 另行选举 elects 钱七 (研究生) and 赵敏 (初中, woman). Worked by hand: 4 elected, women 2,
 * aged 35 or under 2 (王芳 32 and 钱七 29 on 2026-03-15), college or above 3, Party members 2
 * (张建国, 钱七); 20 registered, 16 voted in round 1: turnout 80.0 %.
 */
export function supplementaryElection(o: { village?: string; township?: string; keyDir?: string; stopAfterMain?: boolean } = {}): Built {
  const b = buildElection({
    village: o.village ?? '石桥村',
    ...(o.township ? { township: o.township } : {}),
    ...(o.keyDir ? { keyDir: o.keyDir } : {}),
    positions: [
      { key: 'chair', name: '主任', seats: 1 },
      { key: 'member', name: '委员', seats: 3 },
    ],
    people: [
      { name: '张建国', birth: '19750310', education: 'college', party: true, secretary: true },
      { name: '李明', birth: '19800521', education: 'senior_high' },
      { name: '王芳', female: true, birth: '19930801', education: 'bachelor' },
      { name: '赵敏', female: true, birth: '19880102', education: 'junior_high' },
      { name: '钱七', birth: '19970101', education: 'postgraduate', party: true },
      { name: '周八', birth: '19650712', education: 'primary' },
    ],
    candidates: [
      ['张建国', 'chair'],
      ['李明', 'chair'],
      ['王芳', 'member'],
      ['赵敏', 'member'],
      ['钱七', 'member'],
      ['周八', 'member'],
    ],
    others: 14,
  });
  b.vote(16);
  // member: 王芳 12 (elected), 赵敏 8, 钱七 7, 周八 7 — only 王芳 passes 2 * votes > 16 (E2)
  b.ballots(5, { chair: ['张建国'], member: ['王芳', '赵敏', '钱七'] });
  b.ballots(3, { chair: ['张建国'], member: ['王芳', '赵敏', '周八'] });
  b.ballots(2, { chair: ['张建国'], member: ['王芳', '钱七', '周八'] });
  b.ballots(2, { chair: ['李明'], member: ['王芳', '周八'] });
  b.ballots(4, { chair: ['张建国'], member: [] });
  b.confirm();
  if (o.stopAfterMain) return b;
  b.supplementary(['赵敏', '钱七', '周八']);
  b.vote(15);
  // 另行选举 for 2 seats: most votes and at least a third of 15 ballots cast
  b.ballots(6, { member: ['钱七', '赵敏'] });
  b.ballots(4, { member: ['钱七', '周八'] });
  b.ballots(5, { member: ['赵敏'] });
  b.confirm();
  return b;
}
