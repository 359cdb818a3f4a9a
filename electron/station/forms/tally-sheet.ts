/** 选票统计表（计票单）: one section per round, signed by the scrutineers and counters (F2, F3). */
import { FormWriter, chineseDate, localDateTime } from './layout.js';
import { countingSignatures, identity, roundsOf, turnoutGrid, validityLine, voteTables, type FormContext } from './common.js';

export const TALLY_SHEET_TITLE = '选票统计表（计票单）';

export function renderTallySheet(ctx: FormContext): { buffer: Buffer; pages: number } {
  const w = new FormWriter(identity(ctx, TALLY_SHEET_TITLE));
  const rounds = roundsOf(ctx);
  const e = ctx.data.election;
  if (rounds.length === 0) {
    w.title(TALLY_SHEET_TITLE, e.title);
    w.text('本次选举还没有录入选票，暂无计票数据。');
  }
  rounds.forEach((r, i) => {
    if (i > 0) w.newPage();
    w.title(TALLY_SHEET_TITLE, `${e.title}\u3000第 ${r.number} 轮（${r.kindLabel}）`);
    w.text(`选举日期：${chineseDate(e.electionDate)}\u3000\u3000地点：${e.township}${e.village}\u3000\u3000${r.confirmed ? `结果确认时间：${localDateTime(r.confirmedAt ?? '')}` : '本轮结果尚未确认'}`, { size: 10 });
    w.gap(4);
    turnoutGrid(w, ctx, r);
    w.gap(10);
    voteTables(w, r);
    w.text(validityLine(ctx, r), { size: 10, bold: !r.tally.valid });
    w.gap(6);
    w.text('以上数据经当场公开唱票、计票，与纸质计票记录核对一致。', { size: 10 });
    w.gap(6);
    countingSignatures(w, ctx);
    w.gap(10);
    w.text('计票日期：\u3000\u3000\u3000\u3000年\u3000\u3000月\u3000\u3000日\u3000\u3000时间：\u3000\u3000\u3000时\u3000\u3000\u3000分', { size: 10 });
  });
  return w.finish();
}
