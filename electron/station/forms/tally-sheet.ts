/**
 * 选票统计表（计票单）: one section per round, signed by the scrutineers and counters (F2, F3), with
 * the ballot reconciliation (B3) and the audit head the signed paper fixes.
 */
import { FormWriter, auditHeadLabel, chineseDate, localDateTime } from './layout.js';
import { b3Line, countingSignatures, countingSignaturesHeight, identity, planLine, roundName, roundsOf, turnoutGrid, validityLine, voteTables, type FormContext } from './common.js';

export const TALLY_SHEET_TITLE = '选票统计表（计票单）';

export function renderTallySheet(ctx: FormContext): { buffer: Buffer; pages: number } {
  const w = new FormWriter(identity(ctx, TALLY_SHEET_TITLE, { audit: true }));
  const rounds = roundsOf(ctx);
  const { data } = ctx;
  const e = data.election;
  if (rounds.length === 0) {
    w.title(TALLY_SHEET_TITLE, data.body);
    w.text('本次选举还没有录入选票，暂无计票数据。');
  }
  const head = data.auditHead;
  const attest = `以上数据经当场公开唱票、计票，与纸质计票记录核对一致。${head ? `打印时计票站审计记录到${auditHeadLabel(head)}。` : ''}`;
  const closing = (): number => w.measure(attest, { size: 10 }) + 6 + countingSignaturesHeight(ctx) + 34;
  rounds.forEach((r, i) => {
    if (i > 0) w.newPage();
    w.title(TALLY_SHEET_TITLE, `${data.body}选举\u3000${roundName(r)}`);
    w.text(`选举日期：${chineseDate(e.electionDate)}\u3000\u3000地点：${e.township}${e.village}\u3000\u3000${r.confirmed ? `结果确认时间：${localDateTime(r.confirmedAt ?? '')}` : '本轮结果尚未确认'}`, { size: 10 });
    w.gap(4);
    turnoutGrid(w, ctx, r);
    w.gap(4);
    w.text(b3Line(r), { size: 10 });
    w.gap(8);
    const tail = w.measure(validityLine(ctx, r), { size: 10 }) + (planLine(r) ? w.measure(planLine(r), { size: 9.5 }) : 0) + 6;
    voteTables(w, ctx, r, tail + closing());
    w.text(validityLine(ctx, r), { size: 10, bold: !r.tally.valid });
    if (planLine(r)) w.text(planLine(r), { size: 9.5, color: '#333333' });
    w.gap(6);
    w.text(attest, { size: 10, keepWithNext: closing() - w.measure(attest, { size: 10 }) });
    w.gap(6);
    countingSignatures(w, ctx);
    w.gap(4);
    w.text('计票日期：\u3000\u3000\u3000\u3000年\u3000\u3000月\u3000\u3000日\u3000\u3000时间：\u3000\u3000\u3000时\u3000\u3000\u3000分', { size: 10 });
  });
  return w.finish();
}
