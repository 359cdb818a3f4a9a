/** Pieces several forms share: the page identity, kind names, the turnout grid, vote tables, signatures. */
import type { FormWriter, PageIdentity } from './layout.js';
import type { ReportData, RoundReport } from './report-data.js';

export interface FormContext {
  data: ReportData;
  keyFingerprint: string;
  resultSha256: string;
  /** Only this round (tally sheet, result report); default every round in data. */
  roundId?: number;
  /** Set by renderForm: the result QR text when this form vouches for a confirmed result, else null (草稿/未确认). */
  resultQr?: string | null;
}

export const KIND_NAMES: Record<string, { body: string; committee: string; short: string }> = {
  villagers_committee: { body: '村民委员会', committee: '村民选举委员会', short: '村委会' },
  residents_committee: { body: '居民委员会', committee: '居民选举委员会', short: '居委会' },
  party_branch: { body: '党组织委员会', committee: '党员大会选举工作领导小组', short: '党组织' },
};

export const kindNames = (kind: string): { body: string; committee: string; short: string } =>
  KIND_NAMES[kind] ?? { body: '委员会', committee: '选举委员会', short: '' };

export function identity(ctx: FormContext, formTitle: string): PageIdentity {
  const e = ctx.data.election;
  return {
    formTitle,
    electionTitle: e.title,
    village: e.village,
    township: e.township,
    county: e.county,
    electionDate: e.electionDate,
    electionId: e.id,
    drill: e.drill,
    keyFingerprint: ctx.keyFingerprint,
    resultSha256: ctx.resultSha256,
    resultQr: ctx.resultQr ?? null,
  };
}

export function roundsOf(ctx: FormContext): RoundReport[] {
  return ctx.roundId === undefined ? ctx.data.rounds : ctx.data.rounds.filter((r) => r.id === ctx.roundId);
}

const n = (v: number | null): string => (v === null ? '—' : String(v));

export const GENDER: Record<string, string> = { M: '男', F: '女' };

/** Registered, participants (in person / proxy / mobile), printed, issued, collected, valid, invalid, blank (F3). */
export function turnoutGrid(w: FormWriter, ctx: FormContext, r: RoundReport): void {
  const party = ctx.data.election.kind === 'party_branch';
  const cells: [string, string][] = party
    ? [
        ['有选举权的党员数', n(r.registered)],
        ['经批准不计入应到会人数', n(r.excluded)],
        ['应到会有选举权人数', n(r.registered - r.excluded)],
        ['实到会有选举权人数', n(r.participants)],
      ]
    : [
        ['登记选民数', n(r.registered)],
        ['参加投票人数', n(r.participants)],
        ['其中：本人投票', n(r.inPerson)],
        ['委托投票', n(r.proxy)],
        ['流动票箱投票', n(r.mobile)],
      ];
  cells.push(
    ['印制选票数', n(r.printed)],
    ['发出选票数', n(r.issued)],
    ['收回选票数', n(r.collected ?? r.tally.ballots.cast)],
    ['有效票数', n(r.tally.ballots.valid)],
    ['无效票数', n(r.tally.ballots.invalid)],
    ['其中空白票数（有效）', n(r.tally.ballots.blank)],
  );
  w.grid(cells, 2);
}

const STATUS = (v: { elected: boolean; tied: boolean }, confirmed: boolean): string =>
  v.elected ? (confirmed ? '当选' : '得票过半（待确认）') : v.tied ? '得票相等，须再次投票' : '';

/** Votes per position and candidate, write-ins included (F3). */
export function voteTables(w: FormWriter, r: RoundReport): void {
  for (const p of r.positions) {
    w.heading(`${p.name}（本轮应选 ${p.seats} 名${p.unfilled > 0 ? `，尚缺 ${p.unfilled} 名` : ''}）`);
    const rows = p.votes.map((v, i) => [String(i + 1), v.name, v.candidate ? '候选人' : '另选他人', String(v.votes), STATUS(v, r.confirmed)]);
    rows.push(['', '本职位无效部分（张）', '', String(p.invalid), '']);
    w.table(
      [
        { label: '序号', width: 0.6, align: 'center' },
        { label: '姓名', width: 2, align: 'left' },
        { label: '类别', width: 1.2, align: 'center' },
        { label: '得票数', width: 1, align: 'right' },
        { label: '结果', width: 2, align: 'center' },
      ],
      rows,
      { caption: p.name, boldRows: new Set([rows.length - 1]) },
    );
    w.gap(6);
  }
}

export function validityLine(ctx: FormContext, r: RoundReport): string {
  if (r.tally.valid) {
    return ctx.data.election.kind === 'party_branch' ? '本轮选举有效（到会人数符合规定）。' : '本轮选举有效（参加投票的选民超过登记选民的半数）。';
  }
  return `本轮选举无效：${r.warnings.filter((x) => ['E1', 'P4', 'B4'].includes(x.rule)).map((x) => x.message).join('；') || r.tally.reasons.join('、')}`;
}

export function officialNames(ctx: FormContext, role: string): string[] {
  return ctx.data.officials.filter((o) => o.role === role).map((o) => o.name);
}

/** 总监票人, 监票人 (at least 3), 唱票人, 计票人 (F1, F2). */
export function countingSignatures(w: FormWriter, ctx: FormContext): void {
  w.signatures([
    { role: '总监票人', count: 1, names: officialNames(ctx, 'chief_scrutineer') },
    { role: '监票人', count: 3, names: officialNames(ctx, 'scrutineer') },
    { role: '唱票人', count: 1, names: officialNames(ctx, 'caller') },
    { role: '计票人', count: 1, names: officialNames(ctx, 'counter') },
  ]);
}
