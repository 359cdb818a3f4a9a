/**
 * 选举结果报告单 (F3): turnout, votes, those elected with gender, age, education and Party
 * membership, the counting officials' and the committee chair's signatures and the seal area. The
 * party variant adds members with a vote, approved exclusions, the base, those present, the quorum
 * check, and says the result awaits the higher Party organisation's approval (P10).
 */
import { FormWriter, chineseDate } from './layout.js';
import { GENDER, countingSignatures, identity, kindNames, officialNames, roundsOf, turnoutGrid, validityLine, voteTables, type FormContext } from './common.js';

export const RESULT_REPORT_TITLE = '选举结果报告单';

export function renderResultReport(ctx: FormContext): { buffer: Buffer; pages: number } {
  const w = new FormWriter(identity(ctx, RESULT_REPORT_TITLE));
  const { data } = ctx;
  const e = data.election;
  const party = e.kind === 'party_branch';
  const names = kindNames(e.kind);
  w.title(RESULT_REPORT_TITLE, e.title);
  w.text(
    `${e.county}${e.township}${e.village}于${chineseDate(e.electionDate)}进行${names.body}选举。${party ? '选举结果报上级党组织审批。' : '选举结果报乡镇人民政府备案。'}`,
    { size: 10.5 },
  );
  w.gap(6);
  const rounds = roundsOf(ctx);
  const main = rounds.find((r) => r.kind === 'main') ?? rounds[0];
  if (party && data.party) {
    const p = data.party;
    w.heading('一、党员到会情况（P1–P4）');
    w.grid(
      [
        ['有选举权的党员数', String(p.membersWithVote)],
        ['经批准不计入应到会人数', String(p.exclusions.length)],
        ['应到会有选举权人数', String(p.base)],
        ['实到会有选举权人数', String(p.present)],
        ['到会人数须达到（五分之四）', String(p.needed)],
        ['是否达到规定人数', p.quorumReached ? '已达到，可以选举' : '未达到，不能选举'],
      ],
      2,
    );
    if (p.exclusions.length > 0) {
      w.gap(6);
      w.table(
        [
          { label: '不计入应到会人数的党员', width: 1.4 },
          { label: '原因', width: 2.6 },
          { label: '上级党组织同意文号', width: 1.6 },
          { label: '党员大会通过', width: 1.4 },
        ],
        p.exclusions.map((x) => [x.name, x.reason, x.higherOrgRef, x.assemblyRef]),
        { fontSize: 9 },
      );
    }
    w.gap(8);
  }
  rounds.forEach((r, i) => {
    w.heading(`${party ? '二' : '一'}${rounds.length > 1 ? `（${i + 1}）` : ''}、第 ${r.number} 轮（${r.kindLabel}）投票和计票情况`);
    turnoutGrid(w, ctx, r);
    w.gap(6);
    voteTables(w, r);
    w.text(validityLine(ctx, r), { size: 10, bold: !r.tally.valid });
    // E8 is a decision of the law, not a remark: who yields and what becomes of the seat
    for (const m of r.relatives) w.text(`近亲属回避：${m}`, { size: 10 });
    if (r.planMessage) w.text(r.planMessage, { size: 9.5, color: '#333333' });
    w.gap(8);
  });
  if (!main) w.text('本次选举还没有确认的计票结果。');
  for (const d of data.decisions) w.text(`选举大会决定：${d}`, { size: 10.5, bold: true });
  if (data.decisions.length > 0) w.gap(6);
  w.heading(`${party ? '三' : '二'}、当选人员`);
  if (data.elected.length === 0) {
    w.text('暂无当选人员。', { size: 10 });
  } else {
    w.table(
      [
        { label: '职务', width: 2.1, align: 'center' },
        { label: '姓名', width: 1.3 },
        { label: '性别', width: 0.7, align: 'center' },
        { label: '年龄', width: 0.7, align: 'center' },
        { label: '文化程度', width: 1.1, align: 'center' },
        { label: '中共党员', width: 0.9, align: 'center' },
        { label: '得票数', width: 0.9, align: 'right' },
        { label: '轮次', width: 0.7, align: 'center' },
      ],
      data.elected.map((p) => [
        p.positionName + (p.partySecretary ? '（兼党组织书记）' : ''),
        p.name,
        p.gender ? (GENDER[p.gender] ?? '') : '',
        p.age === null ? '' : String(p.age),
        p.educationLabel,
        p.partyMember === null ? '' : p.partyMember ? '是' : '否',
        String(p.votes),
        `第${p.roundNumber}轮`,
      ]),
      { fontSize: 9.5, caption: '当选人员' },
    );
  }
  w.gap(10);
  if (party) {
    w.text('本选举结果待上级党组织批复。', { size: 13, bold: true, align: 'center' });
    w.gap(6);
  }
  countingSignatures(w, ctx);
  w.gap(4);
  const chairName = officialNames(ctx, 'chair')[0];
  w.sealArea(`${e.village}${names.committee}`, party ? '选举工作领导小组组长' : `选举委员会主任${chairName ? `（${chairName}）` : ''}`);
  return w.finish();
}
