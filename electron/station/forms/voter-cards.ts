/**
 * 选民证: one card per voter (R6), eight to an A4 page, with cut lines. Each card prints its 证号 (the
 * registration's number) and carries it as a Code 128 barcode with the election's tag in front
 * (shared/voter-card.ts), which a USB scanner types at the issue desk.
 */
import { cardCode, cardNumber } from '../../../shared/voter-card.js';
import { drawCode128 } from './code128.js';
import { FormWriter, chineseDate } from './layout.js';
import { GENDER, committeeName, identity, type FormContext } from './common.js';

export const VOTER_CARDS_TITLE = '选民证';

export function renderVoterCards(ctx: FormContext): { buffer: Buffer; pages: number } {
  const e = ctx.data.election;
  const cardTitle = VOTER_CARDS_TITLE;
  const w = new FormWriter(identity(ctx, cardTitle));
  const issuer = committeeName(ctx.data);
  const { doc } = w;
  const voters = ctx.data.voters.filter((v) => v.hasVote);
  const party = e.kind === 'party_branch';
  const cols = 2;
  const rows = 4;
  const cw = w.width / cols;
  const ch = (w.bottom - w.top) / rows;
  if (voters.length === 0) w.text('选民名单为空，没有可以打印的选民证。');
  voters.forEach((v, i) => {
    const slot = i % (cols * rows);
    if (i > 0 && slot === 0) w.newPage();
    const x = w.left + (slot % cols) * cw;
    const y = w.top + Math.floor(slot / cols) * ch;
    doc.save().lineWidth(0.5).dash(3, { space: 3 }).rect(x, y, cw, ch).stroke('#999999').restore();
    const ix = x + 10;
    const iw = cw - 20;
    doc.save().lineWidth(1.2).rect(ix, y + 8, iw, ch - 16).stroke('#9b1c1c').restore();
    doc.fillColor('#9b1c1c').font('B').fontSize(17).text(cardTitle, ix, y + 16, { width: iw, align: 'center', characterSpacing: 4 });
    doc.fillColor('#111111').font('R').fontSize(8.5).text(`${ctx.data.body}选举`, ix + 8, y + 40, { width: iw - 16, align: 'center', lineBreak: false, ellipsis: true });
    const line = (label: string, value: string, ly: number): void => {
      doc.font('R').fontSize(10.5).text(label, ix + 12, ly, { width: 70, lineBreak: false });
      doc.font('B').text(value, ix + 70, ly, { width: iw - 150, lineBreak: false, ellipsis: true });
      doc.moveTo(ix + 68, ly + 14).lineTo(ix + iw - 84, ly + 14).lineWidth(0.4).stroke('#777777');
    };
    line('姓\u3000\u3000名', v.name, y + 52);
    line('性\u3000\u3000别', GENDER[v.gender] ?? '', y + 69);
    line(party ? '党\u2002小\u2002组' : '村民小组', v.group || '—', y + 86);
    line('证\u3000\u3000号', cardNumber(v.id), y + 103);
    // The barcode: 0.9 pt modules (a 10-digit code is 90 modules, 81 pt); the white around it is its quiet zone.
    const code = cardCode(e.id, v.id);
    const by = y + 122;
    const bw = drawCode128(doc, code, ix + 16, by, 0.9, 20);
    doc.font('R').fontSize(6.5).fillColor('#555555').text(`扫码领票\n${code}`, ix + 16 + bw + 10, by + 2, { width: 70, lineGap: 1 });
    doc.font('R').fontSize(8.5).fillColor('#333333').text(`选举日期：${chineseDate(e.electionDate)}\u3000凭本证领取选票一张`, ix + 12, y + ch - 22, { width: iw - 24, lineBreak: false });
    doc.save().lineWidth(0.6).dash(3, { space: 2 }).circle(ix + iw - 40, y + 84, 28).stroke('#aaaaaa').restore();
    doc.font('R').fontSize(6).fillColor('#999999').text(issuer, ix + iw - 72, y + 72, { width: 64, align: 'center' });
    doc.text('（盖章）', ix + iw - 70, y + 94, { width: 60, align: 'center' });
    doc.fillColor('#111111');
  });
  w.y = w.bottom;
  return w.finish();
}
