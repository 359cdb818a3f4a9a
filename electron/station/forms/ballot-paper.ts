/**
 * 选票: the ballot paper of a round, printed from the very candidate list the counting pad uses
 * (roundSetup: posts in rank order, candidates in 姓氏笔画 order with the pad's numbers), so paper
 * and pad cannot disagree. Per post: 应选 N 名, the candidates each with a box to mark, as many
 * 另选他人 columns as seats. The instructions are written from the profile's validity rules (V1
 * `overvoteScope`, V2, V3, V4); a Party ballot explains 赞成 / 不赞成 / 弃权 (P7). The committee's seal
 * goes in the circle; a drill paper carries 演练 across it. No serial number: the vote is secret,
 * so every copy is the same page (the copies share one content stream in the PDF). With
 * `ballotPapers: per_position` each post is a paper of its own.
 */
import type { ElectionKind } from '../../../shared/model.js';
import type { BallotPapers } from '../../../shared/papers.js';
import { A4, drillTitle, drillWatermark, newDocument } from './layout.js';

export interface BallotPost {
  key: string;
  name: string;
  seats: number;
  candidates: { number: number; name: string }[];
}

export interface BallotContent {
  kind: ElectionKind;
  /** 青山村第十二届村民委员会 / 中共青山村支部委员会 (with the 届次 when set). */
  body: string;
  /** What is elected on this paper: 成员 / 委员 / 书记、副书记 (the per-post papers name the post). */
  what: string;
  /** '' for a main round, else 再次投票 / 另行选举. */
  roundLabel: string;
  electionDate: string;
  drill: boolean;
  papers: BallotPapers;
  posts: BallotPost[];
  /** Whose seal goes on the paper. */
  sealLabel: string;
  /** Who may be written in (V5): 本村登记的选民 … */
  writeInWho: string;
  /** 赞成 / 不赞成 / 弃权 marks (party elections, P7). */
  forAgainst: boolean;
  rules: { overvoteScope: 'position' | 'ballot'; samePersonMultiplePositions: 'invalidate_ballot' | 'keep_highest' | 'count_all'; unreadableScope: 'position' | 'ballot' };
}

/** The papers one ballot consists of: one (combined) or one per post. */
export function ballotSheets(c: BallotContent): { title: string; posts: BallotPost[] }[] {
  const round = c.roundLabel ? `（${c.roundLabel}）` : '';
  if (c.papers === 'per_position' && c.posts.length > 1) {
    return c.posts.map((p) => ({ title: `${c.body}${p.name}选举选票${round}`, posts: [p] }));
  }
  const what = c.papers === 'per_position' && c.posts[0] ? c.posts[0].name : c.what;
  return [{ title: `${c.body}${what}选举选票${round}`, posts: c.posts }];
}

/** The instructions printed on a paper, from the profile's validity rules. */
export function ballotInstructions(c: BallotContent, posts: readonly BallotPost[]): string[] {
  const one = posts.length === 1;
  const wholePaper = c.papers === 'per_position' || one;
  const out: string[] = [];
  if (c.forAgainst) {
    out.push('对候选人表示赞成的，在其姓名下方的空格内画“○”；不赞成的，画“×”；弃权的，不画任何符号。');
    out.push(`不赞成某候选人的，可以另选他人：在“另选他人”栏内写上其姓名，并在姓名下方的空格内画“○”。另选的人应当是${c.writeInWho}。`);
  } else {
    out.push('同意的候选人，在其姓名下方的空格内画“○”；不同意或者弃权的，不画任何符号。');
    out.push(`如另选他人，在“另选他人”栏内写上其姓名，并在姓名下方的空格内画“○”。另选的人应当是${c.writeInWho}。`);
  }
  const chosen = c.forAgainst ? '赞成的候选人与另选他人合计' : '画“○”的候选人与另选他人合计';
  if (wholePaper) {
    const seats = posts[0]?.seats ?? 1;
    out.push(`所选的人数（${chosen}）不得多于应选人数 ${seats} 名，多于应选人数的，本张选票无效。`);
  } else if (c.rules.overvoteScope === 'ballot') {
    out.push(`每个职位所选的人数（${chosen}）不得多于该职位的应选人数；任何一个职位多于应选人数的，本张选票无效。`);
  } else {
    out.push(`每个职位所选的人数（${chosen}）不得多于该职位的应选人数；多于应选人数的，该职位的选票无效，其他职位仍然有效。`);
  }
  if (!wholePaper) {
    if (c.rules.samePersonMultiplePositions === 'invalidate_ballot') out.push('同一人只能在一个职位上被选；同一人在两个以上职位上被选的，本张选票无效。');
    else if (c.rules.samePersonMultiplePositions === 'keep_highest') out.push('同一人在两个以上职位上被选的，只计入其中最高的职位。');
  }
  out.push(
    wholePaper || c.rules.unreadableScope === 'ballot'
      ? '无法辨认或者不按规定符号填写的，本张选票无效。'
      : '某一职位无法辨认或者不按规定符号填写的，该职位的选票无效，其他职位仍然有效。',
  );
  out.push('对所有候选人都不画符号、也不另选他人的，视为弃权，选票仍然有效。填写错误的，可以向发票人员说明，交回原票换领新票。');
  return out;
}

const INK = '#111111';
const RULE = '#222222';
const MARGIN = 44;

/** Draws one paper on the current page. */
function drawSheet(doc: PDFKit.PDFDocument, c: BallotContent, sheet: { title: string; posts: BallotPost[] }, sample: boolean): void {
  const left = MARGIN;
  const width = A4.width - 2 * MARGIN;
  const bottom = A4.height - MARGIN;
  if (sample) drillWatermark(doc, '样 票');
  else if (c.drill) drillWatermark(doc);
  let y = MARGIN;
  // The seal circle, top right.
  const sealR = 34;
  const sealX = left + width - sealR - 4;
  doc.save().lineWidth(0.8).dash(3, { space: 3 }).circle(sealX, y + sealR + 2, sealR).stroke('#888888').restore();
  doc.font('R').fontSize(7.5).fillColor('#888888').text(c.sealLabel, sealX - sealR + 6, y + sealR - 8, { width: 2 * sealR - 12, align: 'center' });
  doc.text('（印章）', sealX - sealR, y + sealR + 12, { width: 2 * sealR, align: 'center', lineBreak: false });
  doc.fillColor(INK);
  const titleW = width - 2 * (2 * sealR + 10);
  const title = drillTitle(sheet.title, c.drill);
  // One line when it fits at 15 pt or more; a longer title wraps.
  let size = 19;
  doc.font('B');
  while (size > 15 && doc.fontSize(size).widthOfString(title) > titleW) size -= 1;
  doc.fontSize(size).text(title, left + 2 * sealR + 10, y + 8, { width: titleW, align: 'center' });
  y = Math.max(doc.y + 4, y + 2 * sealR + 12);
  if (sample) {
    doc.font('B').fontSize(10.5).fillColor('#b00000').text('样张：仅供核对内容，不能用于投票。正式选票请用“印制选票”生成。', left, y, { width, align: 'center' });
    doc.fillColor(INK);
    y = doc.y + 4;
  }
  // Instructions.
  doc.font('B').fontSize(10.5).text('填写说明', left, y, { width });
  y = doc.y + 2;
  doc.font('R').fontSize(9.5);
  ballotInstructions(c, sheet.posts).forEach((line, i) => {
    doc.text(`${i + 1}. ${line}`, left + 4, y, { width: width - 8, lineGap: 1.5 });
    y = doc.y + 1;
  });
  y += 8;

  // Posts: a grid per post, candidates then 另选他人, wrapped at `perLine` columns.
  const labelW = 62;
  const perLine = 8;
  const colsOf = (p: BallotPost): number => p.candidates.length + p.seats;
  const lines = sheet.posts.reduce((n, p) => n + Math.ceil(colsOf(p) / perLine), 0);
  const headH = 24;
  const avail = bottom - y - 30 - sheet.posts.length * (headH + 10);
  // Name row and mark row share the height left, within readable bounds.
  const rowH = Math.max(22, Math.min(38, avail / Math.max(1, lines) / 2));
  for (const p of sheet.posts) {
    if (y + headH + 2 * rowH > bottom) {
      doc.addPage();
      y = MARGIN;
    }
    doc.font('B').fontSize(12.5).text(`${p.name}`, left, y + 4, { width: width / 2, lineBreak: false });
    doc.font('R').fontSize(11).text(`应选 ${p.seats} 名（最多选 ${p.seats} 人）`, left + width / 2, y + 5, { width: width / 2, align: 'right', lineBreak: false });
    y += headH;
    const cells: { label: string; number?: number; writeIn: boolean }[] = [
      ...p.candidates.map((x) => ({ label: x.name, number: x.number, writeIn: false })),
      ...Array.from({ length: p.seats }, () => ({ label: '', writeIn: true })),
    ];
    for (let at = 0; at < cells.length; at += perLine) {
      const chunk = cells.slice(at, at + perLine);
      if (y + 2 * rowH > bottom) {
        doc.addPage();
        y = MARGIN;
      }
      // At least five columns' width, so a post with two candidates does not get huge boxes.
      const colW = (width - labelW) / Math.max(5, Math.min(perLine, cells.length));
      doc.lineWidth(0.9);
      // Row labels.
      doc.rect(left, y, labelW, rowH).fillAndStroke('#f0f0f0', RULE);
      doc.rect(left, y + rowH, labelW, rowH).fillAndStroke('#f0f0f0', RULE);
      doc.fillColor(INK).font('B').fontSize(10).text('候选人', left, y + rowH / 2 - 6, { width: labelW, align: 'center', lineBreak: false });
      if (c.forAgainst) {
        doc.fontSize(9).text('赞成画○', left + 2, y + rowH + rowH / 2 - 11, { width: labelW - 4, align: 'center', lineBreak: false });
        doc.text('不赞成画×', left + 2, y + rowH + rowH / 2 + 1, { width: labelW - 4, align: 'center', lineBreak: false });
      } else {
        doc.text('画“○”处', left + 2, y + rowH + rowH / 2 - 6, { width: labelW - 4, align: 'center', lineBreak: false });
      }
      chunk.forEach((cell, i) => {
        const x = left + labelW + i * colW;
        doc.rect(x, y, colW, rowH).stroke(RULE);
        doc.rect(x, y + rowH, colW, rowH).stroke(RULE);
        if (cell.writeIn) {
          doc.font('R').fontSize(7.5).fillColor('#555555').text('另选他人', x + 2, y + 2, { width: colW - 4, align: 'center', lineBreak: false });
          doc.fillColor(INK);
        } else {
          doc.font('R').fontSize(7.5).fillColor('#555555').text(String(cell.number ?? ''), x + 3, y + 2, { width: 14, lineBreak: false });
          const size = Math.min(14, (colW - 8) / Math.max(2, [...cell.label].length));
          doc.fillColor(INK).font('R').fontSize(size).text(cell.label, x + 2, y + rowH / 2 - size * 0.62, { width: colW - 4, align: 'center', lineBreak: false });
        }
      });
      y += 2 * rowH;
    }
    y += 10;
  }
  doc.font('R').fontSize(9).fillColor('#333333').text(`选举日期：${chineseDateText(c.electionDate)}\u3000\u3000本选票不编号、不记名，投入票箱即可。`, left, Math.min(y + 4, bottom - 12), { width, lineBreak: false });
  doc.fillColor(INK);
}

function chineseDateText(iso: string): string {
  const [yy, m, d] = iso.split('-');
  return yy && m && d ? `${yy}年${Number(m)}月${Number(d)}日` : iso;
}

/**
 * The PDF: `copies` ballots (each one paper, or one per post), or one sample marked 样票. The
 * first ballot's pages are drawn; every further copy is a page object pointing at the same content
 * and resources, so all copies are the same page byte for byte and the file stays small.
 */
export function renderBallotPapers(c: BallotContent, o: { copies: number; sample?: boolean }): { buffer: Buffer; pages: number } {
  const sheets = ballotSheets(c);
  const { doc, bytes } = newDocument({ title: sheets.map((s) => drillTitle(s.title, c.drill)).join('；'), subject: o.sample ? '样票' : '选票' });
  const drawn: { content: unknown; resources: unknown; width: number; height: number }[] = [];
  for (const sheet of sheets) {
    doc.addPage({ size: 'A4', margins: { top: MARGIN, bottom: 0, left: MARGIN, right: MARGIN } });
    const first = (doc as unknown as { _pageBuffer: unknown[] })._pageBuffer.length - 1;
    drawSheet(doc, c, sheet, o.sample === true);
    const buf = (doc as unknown as { _pageBuffer: { content: unknown; resources: unknown; width: number; height: number }[] })._pageBuffer;
    for (let i = first; i < buf.length; i++) {
      const p = buf[i];
      if (p) drawn.push({ content: p.content, resources: p.resources, width: p.width, height: p.height });
    }
  }
  const copies = o.sample ? 1 : Math.max(1, o.copies);
  const root = (doc as unknown as { _root: { data: { Pages: { data: { Kids: unknown[]; Count: number } } } } })._root;
  const pagesRef = root.data.Pages;
  const ref = (doc as unknown as { ref: (data: unknown) => { end: () => void } }).ref.bind(doc);
  for (let k = 1; k < copies; k++) {
    for (const p of drawn) {
      const dict = ref({ Type: 'Page', Parent: pagesRef, MediaBox: [0, 0, p.width, p.height], Contents: p.content, Resources: p.resources });
      pagesRef.data.Kids.push(dict);
      pagesRef.data.Count++;
      dict.end();
    }
  }
  doc.end();
  return { buffer: bytes(), pages: drawn.length * copies };
}
