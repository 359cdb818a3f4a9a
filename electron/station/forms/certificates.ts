/** 当选证书: one page per person elected, numbered, with its counterfoil (存根) above the cut line (E9). */
import { FormWriter, chineseDate } from './layout.js';
import { committeeName, identity, type FormContext } from './common.js';

export const CERTIFICATES_TITLE = '当选证书';

export const certificateNumber = (electionId: string, i: number): string => `${electionId.replace(/[^A-Za-z0-9]/g, '').slice(0, 8).toUpperCase()}-${String(i + 1).padStart(3, '0')}`;

export function renderCertificates(ctx: FormContext): { buffer: Buffer; pages: number } {
  const w = new FormWriter(identity(ctx, CERTIFICATES_TITLE));
  const { data } = ctx;
  const e = data.election;
  const party = e.kind === 'party_branch';
  const issuer = committeeName(data);
  const approval = data.secretary?.approval;
  const { doc } = w;
  if (data.elected.length === 0) {
    w.title(CERTIFICATES_TITLE);
    w.text('本次选举暂无当选人员，没有可以发放的当选证书。');
  }
  data.elected.forEach((p, i) => {
    if (i > 0) w.newPage();
    const no = certificateNumber(e.id, i);
    // Counterfoil: kept by the committee.
    w.text('当选证书存根', { size: 15, bold: true, align: 'center' });
    w.gap(4);
    w.grid(
      [
        ['证书编号', no],
        ['姓名', p.name],
        ['当选职务', p.positionName + (p.officer ? `、${p.officer}` : '')],
        ['得票数', `${p.votes} 票`],
        ['选举日期', chineseDate(e.electionDate)],
        ['届次', data.settings.termLabel ?? ''],
        ...(party ? [['上级党组织批复', approval ? approval.ref : '']] as [string, string][] : []),
        ['发证日期', '\u3000\u3000年\u3000月\u3000日'],
      ],
      2,
      { fontSize: 11 },
    );
    w.gap(8);
    w.text('领证人签名：______________________\u3000\u3000\u3000\u3000经办人签名：______________________', { size: 11 });
    const cutY = w.y + 14;
    doc.save().lineWidth(0.8).dash(6, { space: 4 }).moveTo(w.left - 20, cutY).lineTo(w.right + 20, cutY).stroke('#555555').restore();
    doc.font('R').fontSize(8).fillColor('#555555').text('（沿此线剪开，骑缝处加盖公章）', w.left, cutY + 3, { width: w.width, align: 'center' });
    // The certificate itself.
    const top = cutY + 26;
    const frameH = w.bottom - top - 4;
    doc.save().lineWidth(2.2).rect(w.left, top, w.width, frameH).stroke('#9b1c1c');
    doc.lineWidth(0.8).rect(w.left + 6, top + 6, w.width - 12, frameH - 12).stroke('#9b1c1c').restore();
    doc.fillColor('#9b1c1c').font('B').fontSize(34).text(CERTIFICATES_TITLE, w.left, top + 30, { width: w.width, align: 'center', characterSpacing: 12 });
    doc.fillColor('#111111').font('R').fontSize(10).text(`编号：${no}`, w.left + 30, top + 82, { width: w.width - 60, align: 'right' });
    doc.font('R').fontSize(16);
    doc.text(`${p.name}\u3000同志：`, w.left + 40, top + 112, { width: w.width - 80 });
    const body = party
      ? `\u3000\u3000在${chineseDate(e.electionDate)}召开的党员大会上，您当选为${data.body}委员${p.officer ? `，并经委员会第一次全体会议选举为${p.officer}` : ''}${approval ? `，已经上级党组织批复（${approval.ref}）` : ''}。`
      : `\u3000\u3000在${chineseDate(e.electionDate)}举行的${data.body}选举中，您当选为${data.body}${p.positionName}。`;
    doc.text(body, w.left + 40, top + 146, { width: w.width - 80, lineGap: 10 });
    doc.text('\u3000\u3000特发此证。', w.left + 40, doc.y + 10, { width: w.width - 80 });
    const sealY = top + frameH - 120;
    doc.save().lineWidth(0.8).dash(4, { space: 3 }).circle(w.right - 110, sealY + 40, 44).stroke('#999999').restore();
    doc.fontSize(8).fillColor('#999999').text('（盖章处）', w.right - 154, sealY + 36, { width: 88, align: 'center' });
    doc.fillColor('#111111').font('R').fontSize(14).text(issuer, w.left + 40, sealY + 30, { width: w.width - 80, align: 'right' });
    doc.text(chineseDate(e.electionDate), w.left + 40, sealY + 56, { width: w.width - 80, align: 'right' });
    w.y = top + frameH;
  });
  return w.finish();
}
