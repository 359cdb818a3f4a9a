/**
 * Papers (issue 14): the settings printed on the forms, and the ballot paper of the current round —
 * what it prints (ballot.paper) and printing it (ballot.print), which saves the PDF beside the other
 * forms and adds the copies to the round's printed count for B3 (印制 = 发出 + 作废换发 + 未用).
 */
import { roundMargins } from '../candidates.js';
import type { papersContract } from '../../../shared/contract/papers.js';
import { Refusal } from '../../../shared/result.js';
import { ballotContent } from '../ballot-content.js';
import type { Ctx, HandlersFor } from '../context.js';
import { renderBallotPapers, ballotSheets } from '../forms/ballot-paper.js';
import { saveForm } from '../forms/index.js';
import { paperSettings } from '../paper-settings.js';
import { currentPhase, currentRound, roundById } from '../queries.js';
import { roundCounts } from '../scenario-from-db.js';

type PapersHandlers = Pick<HandlersFor<typeof papersContract>, 'papers.settings' | 'papers.setSettings' | 'ballot.paper' | 'ballot.print'>;

interface PrintingRow {
  id: number;
  copies: number;
  content_sha256: string;
  file_name: string;
  at: string;
  actor: string;
}

function printings(ctx: Ctx, roundId: number): PrintingRow[] {
  return ctx.db.prepare('SELECT id, copies, content_sha256, file_name, at, actor FROM ballot_printings WHERE round_id = ? ORDER BY id').all(roundId) as PrintingRow[];
}

function latestStats(ctx: Ctx, roundId: number): { printed: number; spoiled: number } | undefined {
  return ctx.db.prepare('SELECT printed, spoiled FROM round_stats WHERE round_id = ? ORDER BY id DESC LIMIT 1').get(roundId) as { printed: number; spoiled: number } | undefined;
}

/** Why the current round's ballots cannot be printed now ('' when they can). */
function printRefusal(ctx: Ctx, roundId: number): string {
  const cur = currentRound(ctx.db);
  if (roundId !== cur.id) return '只能印制当前一轮的选票。';
  if (ctx.db.prepare('SELECT 1 FROM round_confirmations WHERE round_id = ?').get(cur.id)) return `第 ${cur.number} 轮的结果已经确认，不再印制选票。`;
  if (currentPhase(ctx.db) === 'counting') return `第 ${cur.number} 轮已经开始计票，不能再印制选票。`;
  const { content } = ballotContent(ctx.db, cur.id);
  if (content.posts.length === 0) return '还没有设置职位。请先在“设置”页设置职位和职数。';
  const empty = content.posts.filter((p) => p.candidates.length === 0);
  if (empty.length > 0) return `${empty.map((p) => p.name).join('、')}还没有候选人。请先登记正式候选人。`;
  // E10 / P6 / E4: below the margin the ballots may be neither printed nor counted.
  const short = roundMargins(ctx).find((m) => m.refusal !== undefined);
  if (short?.refusal) return short.refusal.message;
  return '';
}

export const papersHandlers: PapersHandlers = {
  'papers.settings': (ctx) => paperSettings(ctx.db),

  'papers.setSettings': (ctx, input) => {
    const cur = paperSettings(ctx.db);
    ctx.insert('paper_settings', {
      term: input.term === undefined ? cur.term : input.term,
      announcement_no: input.announcementNumber === undefined ? cur.announcementNumber : input.announcementNumber,
      party_org_type: input.partyOrgType ?? cur.partyOrgType,
      at: ctx.at,
      actor: ctx.actor,
    });
    return paperSettings(ctx.db);
  },

  'ballot.paper': (ctx, input) => {
    const round = roundById(ctx.db, input.roundId);
    const { content, sha256, setup } = ballotContent(ctx.db, round.id);
    const list = printings(ctx, round.id);
    const stats = latestStats(ctx, round.id);
    const counts = roundCounts(ctx.db, setup.election.kind, round.id);
    const printedByStation = list.reduce((n, p) => n + p.copies, 0);
    const reason = printRefusal(ctx, round.id);
    const stale = list.filter((p) => p.content_sha256 !== sha256);
    const warnings = stale.map((p) => ({
      code: 'BALLOT_OUT_OF_DATE',
      message: `${p.at.slice(0, 16).replace('T', ' ')} 印制的 ${p.copies} 张选票与现在的候选人名单（或排列、短号）不一致，不能使用：请作废后重新印制。`,
    }));
    const withVote = counts.registered - counts.excluded;
    return {
      roundId: round.id,
      roundNumber: round.number,
      roundKind: round.kind,
      papers: content.papers,
      positions: content.posts.map((p) => ({ key: p.key, name: p.name, seats: p.seats, candidates: p.candidates })),
      contentSha256: sha256,
      printings: list.map((p) => ({ id: p.id, copies: p.copies, fileName: p.file_name, at: p.at, actor: p.actor, matchesCurrent: p.content_sha256 === sha256 })),
      printedByStation,
      printed: stats?.printed ?? null,
      spoiled: stats?.spoiled ?? null,
      issued: counts.issued,
      suggested: Math.max(0, withVote - (stats?.printed ?? 0)),
      canPrint: reason === '',
      reason,
      warnings,
    };
  },

  'ballot.print': (ctx, input) => {
    const round = currentRound(ctx.db);
    const why = printRefusal(ctx, round.id);
    if (why) throw new Refusal('CANNOT_PRINT', why);
    const { content, sha256 } = ballotContent(ctx.db, round.id);
    const rendered = renderBallotPapers(content, { copies: input.copies });
    const k = printings(ctx, round.id).length + 1;
    const fileName = `选票-第${round.number}轮-第${k}次印制.pdf`;
    const file = saveForm(ctx.dataDir, { fileName, buffer: rendered.buffer });
    ctx.insert('ballot_printings', {
      round_id: round.id,
      copies: input.copies,
      papers: content.papers,
      content: JSON.stringify(content.posts),
      content_sha256: sha256,
      file_name: fileName,
      at: ctx.at,
      actor: ctx.actor,
    });
    const before = latestStats(ctx, round.id);
    const printed = (before?.printed ?? 0) + input.copies;
    ctx.insert('round_stats', { round_id: round.id, printed, spoiled: before?.spoiled ?? 0, at: ctx.at, actor: ctx.actor });
    const sheets = ballotSheets(content).length;
    const warnings = [
      ...(currentPhase(ctx.db) === 'setup' ? [{ code: 'CANDIDATES_MAY_CHANGE', message: '候选人名单还没有公布定稿。印制后如候选人有变动，已印的选票不能使用，须作废重印。' }] : []),
      ...(content.drill ? [{ code: 'DRILL', message: '这是演练选举，选票上印有“演练”字样。' }] : []),
      ...(sheets > 1 ? [{ code: 'PER_POSITION', message: `按本省规定每个职位一张选票：每位选民 ${sheets} 张，共 ${input.copies * sheets} 页。` }] : []),
    ];
    return { roundId: round.id, path: file, fileName, pages: rendered.pages, bytes: rendered.buffer.length, copies: input.copies, papers: content.papers, printed, warnings };
  },
};
