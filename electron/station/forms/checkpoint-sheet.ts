/**
 * 计票分段核对单: every 50 ballots the operator compares the station's subtotals with the paper
 * tally; this sheet prints that batch (and the running total) for the scrutineers to sign, with the
 * audit event that recorded the batch's last ballot, so the signed paper fixes the database's state
 * at that moment (reprinting later gives the same anchor).
 */
import { CHECKPOINT_EVERY } from './checkpoint-data.js';
import { committeeName, identity, officialNames, roundName, type FormContext } from './common.js';
import { FormWriter, auditHeadLabel, localDateTime } from './layout.js';

export const CHECKPOINT_SHEET_TITLE = '计票分段核对单';

export function renderCheckpointSheet(ctx: FormContext): { buffer: Buffer; pages: number } {
  const sheet = ctx.checkpoint;
  const id = identity(ctx, CHECKPOINT_SHEET_TITLE);
  const anchorLabel = sheet?.anchor ? `第 ${sheet.uptoSeq} 张录入时${auditHeadLabel(sheet.anchor)}` : undefined;
  const w = new FormWriter(sheet?.anchor ? { ...id, auditHead: { ...sheet.anchor, ...(anchorLabel ? { label: anchorLabel } : {}) } } : id);
  const { data } = ctx;
  if (!sheet) {
    w.title(CHECKPOINT_SHEET_TITLE, data.body);
    w.text(`本轮录入的选票还不到 ${CHECKPOINT_EVERY} 张，还没有分段核对。`);
    return w.finish();
  }
  const round = data.rounds.find((r) => r.id === sheet.roundId);
  w.title(CHECKPOINT_SHEET_TITLE, `${data.body}选举\u3000${round ? roundName(round) : ''}\u3000第 ${sheet.fromSeq}–${sheet.uptoSeq} 张`);
  w.text(
    `本段录入选票 ${sheet.batch.ballots} 张（作废的记录不计），第 1–${sheet.uptoSeq} 张累计 ${sheet.cumulative.ballots} 张。请将下表与纸质计票单（正字）逐人核对，一致后签字。`,
    { size: 10.5 },
  );
  w.gap(6);
  for (const p of sheet.batch.positions) {
    const total = sheet.cumulative.positions.find((x) => x.key === p.key);
    const names = [...new Set([...p.votes.map((v) => v.name), ...(total?.votes.map((v) => v.name) ?? [])])];
    w.heading(p.name);
    w.table(
      [
        { label: '短号', width: 0.6, align: 'center' },
        { label: '姓名', width: 2 },
        { label: `本段得票（第 ${sheet.fromSeq}–${sheet.uptoSeq} 张）`, width: 1.8, align: 'right' },
        { label: `累计得票（第 1–${sheet.uptoSeq} 张）`, width: 1.8, align: 'right' },
        { label: '纸质计票单', width: 1.3, align: 'center' },
      ],
      names.map((name) => {
        const num = sheet.numbers[p.key]?.[name];
        return [num === undefined ? '另选' : String(num), name, String(p.votes.find((v) => v.name === name)?.votes ?? 0), String(total?.votes.find((v) => v.name === name)?.votes ?? 0), ''];
      }),
      { caption: p.name },
    );
    w.gap(6);
  }
  const r = sheet.record;
  const status = !r
    ? '核对结果：□ 一致\u3000□ 不一致（说明：＿＿＿＿＿＿＿＿＿＿＿＿＿＿）'
    : r.status === 'confirmed'
      ? `核对结果：与纸质计票单一致（${localDateTime(r.at)} 记录）。`
      : `核对结果：与纸质计票单不一致（${localDateTime(r.at)} 记录）。说明：${r.note}`;
  const roles = [
    { role: '监票人', count: 2, names: officialNames(ctx, 'scrutineer').slice(0, 2) },
    { role: '计票人', count: 1, names: officialNames(ctx, 'counter') },
    { role: '唱票人', count: 1, names: officialNames(ctx, 'caller') },
  ];
  w.text(status, { size: 10.5, keepWithNext: 110 });
  if (anchorLabel) w.text(`计票站审计记录：${anchorLabel}。`, { size: 9, color: '#333333' });
  w.gap(4);
  w.signatures(roles);
  w.text(`${committeeName(data)}\u3000\u3000核对时间：\u3000\u3000时\u3000\u3000分`, { size: 10 });
  return w.finish();
}
