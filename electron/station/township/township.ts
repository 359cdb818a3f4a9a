/**
 * 乡镇汇总: many village packages, each verified safely (export/package.ts), checked against the
 * township's key register and the scanned papers, then totalled the way a county publishes them.
 *
 * What each package becomes, in this order (design.md "The township's trust model"):
 *  1. refused when it is not a package, is damaged or changed (TAMPERED), is unsafe to read (a link,
 *     a folder where a file should be, a huge or unreadable file: UNSAFE), is of an old format, or
 *     is a drill package in a real summary (and the reverse);
 *  2. its key against the register of that village: the registered key → 已核对; a village with no
 *     registered key → 待核对 (awaiting the paper, not counted); another key → refused KEY_MISMATCH,
 *     with both fingerprints;
 *  3. of several packages of one election, the one with the later confirmed round (then the later
 *     export) supersedes the others, which are listed as superseded;
 *  4. the remaining one against the scanned papers of that election: a paper with the same result
 *     hash ticks 纸质核对; papers of that election that all differ refuse it (PAPER_MISMATCH);
 *  5. two different elections of one village and kind are a conflict: neither is counted until the
 *     clerk chooses one (a line in the register);
 *  6. what is left and 已核对 is counted, per township and per kind (villagers' committee, Party
 *     branch …), never added together.
 * All figures use integer arithmetic; turnout is per mille, rounded half up.
 */
import path from 'node:path';
import { formatFingerprint, sameFingerprint } from '../../../shared/result-qr.js';
import type { PackageEntry, TotalRow, VillageRow } from '../../../shared/contract/township.js';
import { realFs, type PackageFs } from '../export/fs-layer.js';
import { verifyPackage, type VerifyResult } from '../export/package.js';
import { ResultFileSchema, type ResultFile } from '../export/result-json.js';
import { bodyKey, emptyRegister, HOW_LABELS, normName, placeKey, type Register } from './register.js';

export type { PackageEntry, TotalRow, VillageRow };
export type PackageStatus = PackageEntry['status'];
export type RefusalCode = NonNullable<PackageEntry['code']>;

export const STATUS_LABELS: Record<PackageStatus, string> = {
  counted: '已核对',
  pending: '待核对',
  refused: '拒收',
  superseded: '已被取代',
  conflict: '冲突待处理',
  set_aside: '冲突已处理，不计入',
};

export const PAPER_LABELS: Record<'matched' | 'mismatch' | 'none', string> = { matched: '纸质已核对', mismatch: '纸质不一致', none: '纸质未核对' };

export const KIND_LABELS: Record<string, string> = { villagers_committee: '村委会', residents_committee: '居委会', party_branch: '党组织' };

export const RESULT_TYPES = ['按职数全额选出主任（书记）、委员', '已选出主任，未全额选出委员', '未选出主任，已全额选出委员', '未选出主任，未全额选出委员', '选举不成功'] as const;

export interface TownshipReport {
  /** A drill summary (演练汇总) takes only drill packages; a real one only real packages. */
  drill: boolean;
  packages: PackageEntry[];
  villages: VillageRow[];
  totals: TotalRow[];
  /** Townships of the counted villages, most villages first: each has its own totals. */
  townships: string[];
  registerFile: string | null;
}

/** Per mille, rounded half up, integers only: 46 of 60 → 767 (76.7 %). */
export const turnoutPermille = (part: number, whole: number): number => (whole > 0 ? Math.floor((2000 * part + whole) / (2 * whole)) : 0);

export const formatPermille = (p: number): string => `${Math.floor(p / 10)}.${p % 10}%`;

const REASONS: Record<string, string> = {
  TURNOUT_NOT_MAJORITY: '参加投票未过半',
  QUORUM_NOT_MET: '到会不足五分之四',
  BALLOTS_EXCEED_COMPARATOR: '收回选票多于投票人数',
};

const UNSAFE_CODES = new Set(['NOT_A_FILE', 'NOT_A_FOLDER', 'FILE_TOO_LARGE', 'FILE_UNREADABLE', 'TOO_MANY_FILES']);

interface Candidate {
  entry: PackageEntry;
  result: ResultFile;
  lastConfirmedAt: string;
}

function baseEntry(p: string, v: VerifyResult | null): PackageEntry {
  const m = v?.manifest ?? null;
  return {
    path: p,
    status: 'pending',
    code: null,
    reason: '',
    electionId: m?.electionId ?? null,
    township: m?.township ?? '',
    village: m?.village ?? '',
    kind: '',
    kindLabel: '',
    keyFingerprint: v?.keyFingerprint ?? null,
    registeredFingerprints: [],
    keyState: null,
    keyConfirmed: null,
    resultSha256: v?.resultSha256 ?? null,
    paper: 'none',
    createdAt: m?.createdAt ?? null,
    confirmedRounds: 0,
    supersededBy: null,
  };
}

const refuse = (e: PackageEntry, code: RefusalCode, reason: string): PackageEntry => Object.assign(e, { status: 'refused' as const, code, reason });

/** The chain's first event must be this election's creation, saying the same village, kind and drill flag. */
function chainDisagrees(first: string | null, r: ResultFile): string | null {
  if (first === null) return null;
  let ev: { command?: unknown; input?: { kind?: unknown; village?: unknown; drill?: unknown } };
  try {
    ev = JSON.parse(first) as typeof ev;
  } catch {
    return '审计日志第 1 条不是有效的 JSON';
  }
  if (ev.command !== 'election.create' || typeof ev.input !== 'object' || ev.input === null) return null;
  const i = ev.input;
  if (i.drill !== undefined && i.drill !== r.drill) return `审计日志记录的是${i.drill ? '演练' : '正式'}选举，结果文件却写${r.drill ? '演练' : '正式'}`;
  if (typeof i.kind === 'string' && i.kind !== r.election.kind) return '审计日志记录的选举类别与结果文件不一致';
  if (typeof i.village === 'string' && normName(i.village) !== normName(r.election.village)) return `审计日志记录的村是“${i.village}”，结果文件却写“${r.election.village}”`;
  return null;
}

function verifyOne(p: string, fs: PackageFs, drill: boolean, register: Register): Candidate | PackageEntry {
  const v = verifyPackage(p, { fs });
  const e = baseEntry(p, v);
  if (!v.manifest) {
    const first = v.problems[0];
    if (first?.code === 'FORMAT_UNSUPPORTED') return refuse(e, 'OLD_FORMAT', `${first.message}。`);
    if (first && UNSAFE_CODES.has(first.code)) return refuse(e, 'UNSAFE', `读取不安全，拒收：${first.file} ${first.message}。`);
    return refuse(e, 'NOT_A_PACKAGE', `不是导出包：${first ? `${first.file} ${first.message}` : ''}。`);
  }
  if (!v.ok) {
    const unsafe = v.problems.filter((x) => UNSAFE_CODES.has(x.code));
    if (unsafe.length > 0) return refuse(e, 'UNSAFE', `读取不安全，拒收：${unsafe.map((x) => `${x.file} ${x.message}`).join('；')}。其余导出包照常核对。`);
    return refuse(e, 'TAMPERED', `核对不通过，拒收：${v.summary}`);
  }
  const parsed = ResultFileSchema.safeParse(v.result);
  if (!parsed.success) return refuse(e, 'RESULT_INVALID', '结果文件的内容不符合格式，无法汇总（签名有效，可能是别的程序生成的）。');
  const r = parsed.data;
  e.township = r.election.township;
  e.village = r.election.village;
  e.kind = r.election.kind;
  e.kindLabel = KIND_LABELS[r.election.kind] ?? r.election.kind;
  e.confirmedRounds = r.rounds.length;
  const keys = register.keys.get(bodyKey(r.election.township, r.election.village, r.election.kind)) ?? [];
  e.registeredFingerprints = keys.map((k) => formatFingerprint(k.fingerprint));
  const mine = keys.find((k) => sameFingerprint(k.fingerprint, v.keyFingerprint ?? ''));
  if (mine) {
    e.keyState = 'verified';
    e.keyConfirmed = { at: mine.at, by: mine.by, how: HOW_LABELS[mine.how] };
  } else if (keys.length > 0) {
    e.keyState = 'mismatch';
    return refuse(
      e,
      'KEY_MISMATCH',
      `密钥不符，拒收：导出包的密钥指纹是 ${v.keyFingerprint ?? ''}，${r.election.township}${r.election.village}${e.kindLabel}登记的是 ${e.registeredFingerprints.join('、')}。这个包可能是伪造的；如果该村确实换了或另用了一台计票站，请扫描这次选举的报告单二维码登记新密钥。`,
    );
  } else {
    e.keyState = 'pending';
  }
  const disagree = chainDisagrees(v.audit?.first ?? null, r);
  if (disagree) return refuse(e, 'TAMPERED', `核对不通过，拒收：${disagree}（结果文件被改过后重新签名）。`);
  if (r.drill && !drill) return refuse(e, 'DRILL', `${r.election.village}的这个包是演练数据，不能计入正式汇总。`);
  if (!r.drill && drill) return refuse(e, 'REAL_IN_DRILL', `${r.election.village}的这个包是正式选举数据，不能计入演练汇总；请选“正式汇总”后再导入。`);
  const last = r.rounds[r.rounds.length - 1];
  return { entry: e, result: r, lastConfirmedAt: last?.confirmedAt ?? '' };
}

/** Later confirmed round first, then later confirmed time, then later export. */
function newer(a: Candidate, b: Candidate): number {
  const ra = a.result.rounds[a.result.rounds.length - 1]?.number ?? 0;
  const rb = b.result.rounds[b.result.rounds.length - 1]?.number ?? 0;
  if (ra !== rb) return rb - ra;
  if (a.lastConfirmedAt !== b.lastConfirmedAt) return a.lastConfirmedAt < b.lastConfirmedAt ? 1 : -1;
  const ca = a.entry.createdAt ?? '';
  const cb = b.entry.createdAt ?? '';
  return ca === cb ? 0 : ca < cb ? 1 : -1;
}

function ageOk(a: number | null, b: number | null): boolean {
  return a === null || b === null || Math.abs(a - b) <= 1;
}

/** The person who heads this package's body: the villagers' committee's top-ranked post, the branch's secretary. */
function headOf(r: ResultFile): { name: string; gender: 'M' | 'F' | null; age: number | null } | null {
  if (r.election.kind === 'party_branch') return r.secretary;
  const top = [...r.positions].sort((a, b) => a.rank - b.rank)[0];
  const p = top ? r.elected.find((x) => x.position === top.key) : undefined;
  return p ? { name: p.name, gender: p.gender, age: p.age } : null;
}

function rowOf(c: Candidate): VillageRow {
  const r = c.result;
  const e = c.entry;
  const main = r.rounds.find((x) => x.kind === 'main') ?? r.rounds[0];
  const registered = r.turnout ? r.turnout.registered - r.turnout.excluded : 0;
  const participants = r.turnout?.participants ?? 0;
  const valid = main?.tally.valid ?? false;
  const seats = r.positions.reduce((n, p) => n + p.seats, 0);
  const elected = r.elected;
  const party = r.election.kind === 'party_branch';
  const top = party ? undefined : [...r.positions].sort((a, b) => a.rank - b.rank)[0];
  const filled = (key: string): number => elected.filter((x) => x.position === key).length;
  const headElected = party ? (r.secretary ? true : null) : top ? filled(top.key) >= top.seats : false;
  const others = r.positions.filter((p) => p.key !== top?.key);
  const othersFull = others.every((p) => filled(p.key) >= p.seats);
  const firstRound = valid && elected.length >= seats && elected.every((x) => x.round === (main?.number ?? 1));
  let resultType: number;
  if (!valid || elected.length === 0) resultType = 4;
  else if (headElected === true) resultType = othersFull ? 0 : 1;
  else resultType = othersFull ? 2 : 3;
  const byPost = new Map<string, string[]>();
  for (const p of elected) byPost.set(p.positionName, [...(byPost.get(p.positionName) ?? []), p.name]);
  const head = headOf(r);
  return {
    path: e.path,
    electionId: r.election.id,
    township: r.election.township,
    village: r.election.village,
    kind: r.election.kind,
    kindLabel: e.kindLabel,
    keyFingerprint: e.keyFingerprint ?? '',
    resultSha256: e.resultSha256 ?? '',
    paperChecked: e.paper === 'matched',
    electedText: [...byPost.entries()].map(([post, names]) => `${post} ${names.join('、')}`).join('；') + (party ? `${elected.length > 0 ? '；' : ''}书记 ${head ? head.name : '（导出包中没有）'}` : ''),
    elected: elected.map((p) => ({ post: p.positionName, name: p.name, round: p.round })),
    seats,
    electedCount: elected.length,
    vacancies: Math.max(0, seats - elected.length),
    registered,
    participants,
    turnoutPermille: turnoutPermille(participants, registered),
    valid,
    validity: !main ? '无确认结果' : valid ? '有效' : `无效：${main.tally.reasons.map((x) => REASONS[x] ?? x).join('、')}`,
    rounds: r.rounds.length,
    women: elected.filter((p) => p.gender === 'F').length,
    age35OrUnder: elected.filter((p) => p.age !== null && p.age <= 35).length,
    college: elected.filter((p) => p.collegeOrAbove).length,
    partyMembers: elected.filter((p) => p.partyMember === true).length,
    headElected,
    head: head?.name ?? '',
    firstRoundSuccess: firstRound,
    resultType,
    oneShoulder: null,
  };
}

/** 一肩挑: a village's counted villagers' (or residents') committee chair and Party secretary are one person. */
function matchOneShoulder(rows: VillageRow[], byPath: Map<string, Candidate>): void {
  const groups = new Map<string, VillageRow[]>();
  for (const row of rows) {
    const k = placeKey(row.township, row.village);
    groups.set(k, [...(groups.get(k) ?? []), row]);
  }
  for (const list of groups.values()) {
    const partyRow = list.find((x) => x.kind === 'party_branch');
    const committee = list.find((x) => x.kind !== 'party_branch');
    if (!partyRow || !committee) continue;
    const sec = headOf((byPath.get(partyRow.path) as Candidate).result);
    const chair = headOf((byPath.get(committee.path) as Candidate).result);
    const same =
      sec !== null &&
      chair !== null &&
      normName(sec.name) === normName(chair.name) &&
      (sec.gender === null || chair.gender === null || sec.gender === chair.gender) &&
      ageOk(sec.age, chair.age);
    partyRow.oneShoulder = same;
    committee.oneShoulder = same;
  }
}

export function totalOf(township: string, kind: string, rows: readonly VillageRow[]): TotalRow {
  const sum = (f: (r: VillageRow) => number): number => rows.reduce((n, r) => n + f(r), 0);
  const registered = sum((r) => r.registered);
  const participants = sum((r) => r.participants);
  const firstRoundSuccess = rows.filter((r) => r.firstRoundSuccess).length;
  const resultTypes = RESULT_TYPES.map((_, i) => rows.filter((r) => r.resultType === i).length);
  return {
    township,
    kind,
    kindLabel: KIND_LABELS[kind] ?? kind,
    villages: rows.length,
    seats: sum((r) => r.seats),
    electedCount: sum((r) => r.electedCount),
    vacancies: sum((r) => r.vacancies),
    registered,
    participants,
    turnoutPermille: turnoutPermille(participants, registered),
    validCount: rows.filter((r) => r.valid).length,
    women: sum((r) => r.women),
    age35OrUnder: sum((r) => r.age35OrUnder),
    college: sum((r) => r.college),
    partyMembers: sum((r) => r.partyMembers),
    firstRoundSuccess,
    firstRoundPermille: turnoutPermille(firstRoundSuccess, rows.length),
    oneShoulder: rows.filter((r) => r.oneShoulder === true).length,
    resultTypes,
  };
}

const KIND_ORDER = ['villagers_committee', 'residents_committee', 'party_branch'];

export interface ImportOptions {
  fs?: PackageFs;
  drill?: boolean;
  register?: Register;
}

export function importPackages(paths: readonly string[], o: ImportOptions = {}): TownshipReport {
  const drill = o.drill ?? false;
  const fs = o.fs ?? realFs;
  const register = o.register ?? emptyRegister();
  const packages: PackageEntry[] = [];
  const live: Candidate[] = [];
  for (const p of [...new Set(paths.map((x) => path.resolve(x)))]) {
    const r = verifyOne(p, fs, drill, register);
    if ('result' in r) {
      packages.push(r.entry);
      live.push(r);
    } else {
      packages.push(r);
    }
  }

  // 3. one package per election: the latest confirmed state supersedes the rest (of the same key)
  const byElection = new Map<string, Candidate[]>();
  for (const c of live) byElection.set(c.result.election.id, [...(byElection.get(c.result.election.id) ?? []), c]);
  const current: Candidate[] = [];
  for (const list of byElection.values()) {
    const byKey = new Map<string, Candidate[]>();
    for (const c of list) byKey.set(c.entry.keyFingerprint ?? '', [...(byKey.get(c.entry.keyFingerprint ?? '') ?? []), c]);
    const bests: Candidate[] = [];
    for (const same of byKey.values()) {
      const [best, ...rest] = [...same].sort(newer) as [Candidate, ...Candidate[]];
      bests.push(best);
      for (const c of rest) {
        const copy = c.entry.resultSha256 === best.entry.resultSha256 && c.entry.createdAt === best.entry.createdAt;
        c.entry.status = 'superseded';
        c.entry.supersededBy = best.entry.path;
        c.entry.reason = copy
          ? `与 ${best.entry.path} 是同一个导出包的重复拷贝，只计一次。`
          : `同一次选举有更新的导出包 ${best.entry.path}（确认到第 ${best.result.rounds[best.result.rounds.length - 1]?.number ?? 0} 轮${best.entry.createdAt ? `，${best.entry.createdAt.slice(0, 16).replace('T', ' ')} 导出` : ''}），本包（确认到第 ${c.result.rounds[c.result.rounds.length - 1]?.number ?? 0} 轮）不再计入。`;
      }
    }
    if (bests.length === 1) {
      current.push(bests[0] as Candidate);
      continue;
    }
    // One election signed by several keys: at least one package is forged. A village with no key
    // registered waits for its paper; two registered keys signing one election is for the clerk.
    for (const c of bests) {
      const others = bests.filter((x) => x !== c).map((x) => `${x.entry.path}（密钥指纹 ${x.entry.keyFingerprint ?? ''}）`);
      if (c.entry.keyState === 'verified') {
        c.entry.status = 'conflict';
        c.entry.reason = `冲突：这次选举还有另一个已登记的密钥签名的导出包 ${others.join('、')}，同一次选举只能有一个结果。请核实后撤销登记错的密钥。`;
      } else {
        c.entry.status = 'pending';
        c.entry.reason = `待核对，且须注意：同一次选举还有另一个密钥签名的导出包 ${others.join('、')}，其中至少一个是伪造的。请扫描该村盖章签字的报告单二维码：密钥与报告单一致的才计入。`;
      }
    }
  }

  // 4. the papers of that election
  const standing: Candidate[] = [];
  for (const c of current) {
    const papers = register.papers.filter((x) => x.electionId === c.result.election.id);
    if (papers.some((x) => x.resultSha256 === c.entry.resultSha256)) {
      c.entry.paper = 'matched';
    } else if (papers.length > 0) {
      c.entry.paper = 'mismatch';
      const older = byElection.get(c.result.election.id)?.find((x) => papers.some((pp) => pp.resultSha256 === x.entry.resultSha256));
      refuse(
        c.entry,
        'PAPER_MISMATCH',
        `纸质报告单与导出包不一致，拒收：扫描的报告单上结果哈希是 ${papers.map((x) => x.resultSha256.slice(0, 16)).join('、')}…，这个导出包的 result.json 是 ${(c.entry.resultSha256 ?? '').slice(0, 16)}…${older ? `（报告单对应的是较早的导出包 ${older.entry.path}）` : ''}。请核对村里交来的最终报告单和导出包。`,
      );
      continue;
    }
    standing.push(c);
  }

  // 5. two elections of one village and kind: the clerk chooses
  const byPlace = new Map<string, Candidate[]>();
  for (const c of standing) {
    const k = bodyKey(c.result.election.township, c.result.election.village, c.result.election.kind);
    byPlace.set(k, [...(byPlace.get(k) ?? []), c]);
  }
  const counted: Candidate[] = [];
  for (const [k, list] of byPlace) {
    if (list.length === 1) {
      const [only] = list as [Candidate];
      if (only.entry.keyState === 'verified') counted.push(only);
      continue;
    }
    const choice = register.choices.get(k);
    const chosen = choice ? list.find((c) => c.result.election.id === choice.electionId) : undefined;
    for (const c of list) {
      if (chosen && c === chosen) {
        if (c.entry.keyState === 'verified') counted.push(c);
        continue;
      }
      const others = list.filter((x) => x !== c).map((x) => `${x.entry.path}（选举编号 ${x.result.election.id}）`);
      Object.assign(
        c.entry,
        chosen && choice
          ? { status: 'set_aside', reason: `${c.entry.village}${c.entry.kindLabel}有两次不同的选举，核对人 ${choice.by} 已选定选举编号 ${choice.electionId}（${choice.reason}），本包不计入。` }
          : { status: 'conflict', reason: `冲突：${c.entry.village}${c.entry.kindLabel}还有另一次不同的选举 ${others.join('、')}。两次都不计入，请核实哪一次有效后在“冲突处理”中选定。` },
      );
    }
  }

  for (const c of standing) {
    if (c.entry.status === 'conflict' || c.entry.status === 'set_aside') continue;
    // (packages of an election signed by several keys never reach here: their state is set above)
    if (c.entry.keyState === 'verified') {
      Object.assign(c.entry, {
        status: 'counted',
        reason: `已核对：密钥与${c.entry.keyConfirmed?.how ?? ''}登记的一致（${c.entry.keyConfirmed?.by ?? ''}，${(c.entry.keyConfirmed?.at ?? '').slice(0, 16).replace('T', ' ')}）${c.entry.paper === 'matched' ? '，纸质报告单已核对' : '，纸质报告单的二维码还没有扫描'}。`,
      });
    } else {
      Object.assign(c.entry, {
        status: 'pending',
        reason: `待核对：${c.entry.township}${c.entry.village}${c.entry.kindLabel}的计票站密钥还没有登记。请扫描该村盖章签字的选举结果报告单上的二维码（或输入报告单上的密钥指纹 ${c.entry.keyFingerprint ?? ''}）。核对前不计入汇总。`,
      });
    }
  }

  const byPath = new Map(counted.map((c) => [c.entry.path, c]));
  const villages = counted.map(rowOf);
  matchOneShoulder(villages, byPath);
  const townshipCount = new Map<string, number>();
  for (const v of villages) townshipCount.set(v.township, (townshipCount.get(v.township) ?? 0) + 1);
  const townships = [...townshipCount.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0], 'zh-Hans-CN')).map(([t]) => t);
  const kindRank = (k: string): number => (KIND_ORDER.indexOf(k) + 1 || 99);
  villages.sort(
    (a, b) => townships.indexOf(a.township) - townships.indexOf(b.township) || kindRank(a.kind) - kindRank(b.kind) || a.village.localeCompare(b.village, 'zh-Hans-CN'),
  );
  const totals: TotalRow[] = [];
  for (const t of townships) {
    for (const k of [...new Set(villages.filter((v) => v.township === t).map((v) => v.kind))].sort((a, b) => kindRank(a) - kindRank(b))) {
      totals.push(totalOf(t, k, villages.filter((v) => v.township === t && v.kind === k)));
    }
  }
  const order: Record<PackageStatus, number> = { refused: 0, conflict: 1, pending: 2, counted: 3, superseded: 4, set_aside: 5 };
  packages.sort((a, b) => order[a.status] - order[b.status] || a.village.localeCompare(b.village, 'zh-Hans-CN') || a.path.localeCompare(b.path));
  return { drill, packages, villages, totals, townships, registerFile: register.file };
}
