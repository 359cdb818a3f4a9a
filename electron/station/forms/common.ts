/** Pieces several forms share: the page identity, names, the turnout grid, vote tables that add up, signatures. */
import { paperText } from '../../../shared/papers.js';
import type { BallotContent } from './ballot-paper.js';
import type { CheckpointSheet } from './checkpoint-data.js';
import { signaturesHeight, type FormWriter, type PageIdentity, type SignatureRole } from './layout.js';
import type { ReportData, RoundReport } from './report-data.js';

export interface FormContext {
  data: ReportData;
  keyFingerprint: string;
  resultSha256: string;
  /** Only this round (tally sheet, result report); default every round in data. */
  roundId?: number;
  /** Set by renderForm: the result QR text when this form vouches for a confirmed result, else null (草稿/未确认). */
  resultQr?: string | null;
  /** The ballot paper's content (ballot_paper). */
  ballot?: BallotContent;
  /** The checkpoint sheet's batch (checkpoint_sheet). */
  checkpoint?: CheckpointSheet;
}

/** Who runs the election and seals its papers. */
export function committeeName(data: ReportData): string {
  const e = data.election;
  if (e.kind === 'party_branch') return data.settings.partyOrgName;
  return `${e.village}${e.kind === 'residents_committee' ? '居民选举委员会' : '村民选举委员会'}`;
}

export function identity(ctx: FormContext, formTitle: string, o: { audit?: boolean } = {}): PageIdentity {
  const e = ctx.data.election;
  const head = ctx.data.auditHead;
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
    ...(o.audit && head ? { auditHead: head } : {}),
  };
}

export function roundsOf(ctx: FormContext): RoundReport[] {
  return ctx.roundId === undefined ? ctx.data.rounds : ctx.data.rounds.filter((r) => r.id === ctx.roundId);
}

const n = (v: number | null): string => (v === null ? '—' : String(v));

export const GENDER: Record<string, string> = { M: '男', F: '女' };

/** 第 1 轮（正式选举）: a round as papers name it. */
export const roundName = (r: RoundReport): string => `第 ${r.number} 轮（${r.kindLabel}）`;

/** Registered, participants (in person / proxy / mobile), printed, spoiled, unused, issued, collected, valid, invalid, blank (F3, B3). */
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
    ['作废换发选票数', n(r.spoiled)],
    ['未用选票数', r.unused !== null && r.unused < 0 ? '不相符' : n(r.unused)],
    ['收回选票数', n(r.collected ?? r.tally.ballots.cast)],
    ['有效票数', n(r.tally.ballots.valid)],
    ['无效票数', n(r.tally.ballots.invalid)],
    ['其中空白票数（有效）', n(r.tally.ballots.blank)],
  );
  w.grid(cells, 2);
}

/** The ballot reconciliation printed as a check: 印制 = 发出 + 作废换发 + 未用. */
export function b3Line(r: RoundReport): string {
  if (r.printed === null) {
    return `选票核对：印制 ＿＿＿ 张 ＝ 发出 ${r.issued} 张 ＋ 作废换发 ＿＿＿ 张 ＋ 未用 ＿＿＿ 张（印制数没有录入，请清点后填写）。`;
  }
  const spoiled = r.spoiled ?? 0;
  const unused = r.unused ?? 0;
  if (unused < 0) {
    return `选票核对：印制 ${r.printed} 张，少于发出 ${r.issued} 张与作废换发 ${spoiled} 张之和，不相符，请核对印制数。`;
  }
  return `选票核对：印制 ${r.printed} 张 ＝ 发出 ${r.issued} 张 ＋ 作废换发 ${spoiled} 张 ＋ 未用 ${unused} 张。`;
}

const STATUS = (v: { elected: boolean; tied: boolean }, confirmed: boolean): string =>
  v.elected ? (confirmed ? '当选' : '得票过半（待确认）') : v.tied ? '得票相等，须再次投票' : '';

/**
 * Votes per post and candidate, write-ins included (F3), with the rows that make the column add up
 * to the ballots collected: 得票 + 弃权 + 无效 (整张无效 and 本职位一栏无效, told apart) = 收回选票
 * (times the seats when a ballot may choose several). A Party post gives 赞成 / 反对 / 弃权 / 无效 per candidate, each row adding up to
 * the ballots collected (P7). `keepWithNext` is the height of what must follow the last table.
 */
export function voteTables(w: FormWriter, ctx: FormContext, r: Pick<RoundReport, 'positions' | 'marks' | 'confirmed'>, keepWithNext = 0): void {
  const party = ctx.data.election.kind === 'party_branch';
  r.positions.forEach((p, pi) => {
    const last = pi === r.positions.length - 1;
    const m = r.marks.find((x) => x.id === p.key);
    w.heading(`${p.name}（本轮应选 ${p.seats} 名${p.unfilled > 0 ? `，尚缺 ${p.unfilled} 名` : ''}）`);
    const keep = last ? keepWithNext : 0;
    if (party && m) {
      const rows = p.votes.map((v, i) => {
        const c = v.candidate ? m.candidates.find((x) => x.name === v.name) : undefined;
        return c
          ? [String(i + 1), v.name, String(v.votes), String(c.against), String(c.abstain), String(c.invalid), String(c.for + c.against + c.abstain + c.invalid), STATUS(v, r.confirmed)]
          : [String(i + 1), `${v.name}（另选）`, String(v.votes), '—', '—', '—', '—', STATUS(v, r.confirmed)];
      });
      w.table(
        [
          { label: '序号', width: 0.55, align: 'center' },
          { label: '姓名', width: 1.7, align: 'left' },
          { label: '赞成', width: 0.75, align: 'right' },
          { label: '反对', width: 0.75, align: 'right' },
          { label: '弃权', width: 0.75, align: 'right' },
          { label: '无效', width: 0.75, align: 'right' },
          { label: '合计', width: 0.75, align: 'right' },
          { label: '结果', width: 1.6, align: 'center' },
        ],
        rows,
        { caption: p.name, keepWithNext: keep + 40 },
      );
      w.text(`每位候选人：赞成 ＋ 反对 ＋ 弃权 ＋ 无效 ＝ 收回选票 ${m.cast} 张（无效：整张无效 ${m.wholeInvalid} 张${m.invalid > m.wholeInvalid ? `，本职位一栏无效 ${m.invalid - m.wholeInvalid} 张` : ''}）。`, { size: 9, color: '#333333' });
      w.gap(6);
      return;
    }
    const rows: string[][] = p.votes.map((v, i) => [String(i + 1), v.name, v.candidate ? '候选人' : '另选他人', String(v.votes), STATUS(v, r.confirmed)]);
    const bold = new Set<number>();
    if (m) {
      const shown = p.votes.reduce((t, v) => t + v.votes, 0);
      if (shown !== m.choices) rows.push(['', '减：由较高职位合并计入的票', '', String(m.choices - shown), '']);
      const times = p.seats > 1 ? ` × 应选 ${p.seats} 名` : '';
      rows.push(['', `弃权${p.seats > 1 ? '（有效票中未选满的名额）' : ''}`, '', String(m.unused), '']);
      // A ballot void as a whole and a ballot whose part for this post is void are told apart.
      rows.push(['', `整张无效（${m.wholeInvalid} 张${times}）`, '', String(m.wholeInvalid * p.seats), '']);
      rows.push(['', `本职位一栏无效（${m.invalid - m.wholeInvalid} 张${times}）`, '', String((m.invalid - m.wholeInvalid) * p.seats), '']);
      bold.add(rows.length);
      rows.push(['', `合计 ＝ 收回选票 ${m.cast} 张${times}`, '', String(m.choices + m.unused + m.invalid * p.seats), '']);
    }
    w.table(
      [
        { label: '序号', width: 0.6, align: 'center' },
        { label: '姓名', width: 2.6, align: 'left' },
        { label: '类别', width: 1.1, align: 'center' },
        { label: '得票数', width: 0.9, align: 'right' },
        { label: '结果', width: 1.8, align: 'center' },
      ],
      rows,
      { caption: p.name, boldRows: bold, keepWithNext: keep },
    );
    w.gap(6);
  });
}

const REASON_WORDS: Record<string, string> = {
  TURNOUT_NOT_MAJORITY: '参加投票的选民没有超过登记选民的半数',
  QUORUM_NOT_MET: '到会有选举权的党员不足应到会人数的五分之四',
  BALLOTS_EXCEED_COMPARATOR: '收回的选票多于投票人数',
};

export function validityLine(ctx: FormContext, r: RoundReport): string {
  if (r.tally.valid) {
    return ctx.data.election.kind === 'party_branch' ? '本轮选举有效（到会人数符合规定）。' : '本轮选举有效（参加投票的选民超过登记选民的半数）。';
  }
  return `本轮选举无效：${r.tally.reasons.map((x) => REASON_WORDS[x] ?? paperText(x)).join('；')}，须重新组织投票。`;
}

/** The engine's plan for what follows, as it may be printed (no rule codes). */
export const planLine = (r: RoundReport): string => paperText(r.planMessage);

export function officialNames(ctx: FormContext, role: string): string[] {
  return ctx.data.officials.filter((o) => o.role === role).map((o) => o.name);
}

/** 总监票人, 监票人 (at least 3), 唱票人, 计票人 (F1, F2). */
export function countingRoles(ctx: FormContext): SignatureRole[] {
  return [
    { role: '总监票人', count: 1, names: officialNames(ctx, 'chief_scrutineer') },
    { role: '监票人', count: 3, names: officialNames(ctx, 'scrutineer') },
    { role: '唱票人', count: 1, names: officialNames(ctx, 'caller') },
    { role: '计票人', count: 1, names: officialNames(ctx, 'counter') },
  ];
}

export function countingSignatures(w: FormWriter, ctx: FormContext): void {
  w.signatures(countingRoles(ctx));
}

export const countingSignaturesHeight = (ctx: FormContext): number => signaturesHeight(countingRoles(ctx));
