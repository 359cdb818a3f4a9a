/**
 * 选举结果报告单 (F3): turnout, votes that add up per post, those elected with gender, age,
 * education and Party membership, the counting officials' and the committee chair's signatures
 * and the seal area, and the audit head the paper fixes. The Party variant adds members with a
 * vote, approved exclusions, the base, those present, the quorum check, the committee's election of
 * 书记 and 副书记 (P10), and says the result awaits the higher Party organisation's approval until
 * its reference and date are recorded.
 */
import { chineseNumber, paperText } from '../../../shared/papers.js';
import { FormWriter, SEAL_AREA_HEIGHT, auditHeadLabel, chineseDate } from './layout.js';
import {
  GENDER,
  b3Line,
  committeeName,
  countingSignatures,
  countingSignaturesHeight,
  identity,
  officialNames,
  planLine,
  roundName,
  roundsOf,
  turnoutGrid,
  validityLine,
  voteTables,
  type FormContext,
} from './common.js';

export const RESULT_REPORT_TITLE = '选举结果报告单';

/** The approval line of a Party result: 待上级党组织批复, or the 批复's reference and date. */
export function approvalLine(ctx: FormContext): string {
  const a = ctx.data.secretary?.approval;
  return a ? `本选举结果已经上级党组织批复（${a.ref}，${chineseDate(a.approvedOn)}）。` : '本选举结果待上级党组织批复。';
}

export function renderResultReport(ctx: FormContext): { buffer: Buffer; pages: number } {
  const w = new FormWriter(identity(ctx, RESULT_REPORT_TITLE, { audit: true }));
  const { data } = ctx;
  const e = data.election;
  const party = e.kind === 'party_branch';
  let section = 0;
  const next = (): string => `${chineseNumber(++section)}、`;
  w.title(RESULT_REPORT_TITLE, `${data.body}选举`);
  w.text(`${e.county}${e.township}${e.village}于${chineseDate(e.electionDate)}进行${data.body}选举。${party ? '选举结果报上级党组织审批。' : '选举结果报乡镇人民政府备案。'}`, { size: 10.5 });
  w.gap(6);
  const rounds = roundsOf(ctx);
  if (party && data.party) {
    const p = data.party;
    w.heading(`${next()}党员到会情况`);
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
        { fontSize: 9, caption: '不计入应到会人数的党员' },
      );
    }
    w.gap(8);
  }
  if (rounds.length > 0) w.heading(`${next()}投票和计票情况`);
  rounds.forEach((r, i) => {
    w.heading(`${rounds.length > 1 ? `（${chineseNumber(i + 1)}）` : ''}${roundName(r)}`);
    turnoutGrid(w, ctx, r);
    w.gap(4);
    w.text(b3Line(r), { size: 10 });
    w.gap(6);
    voteTables(w, ctx, r);
    w.text(validityLine(ctx, r), { size: 10, bold: !r.tally.valid });
    // E8 is a decision of the law, not a remark: who yields and what becomes of the seat
    for (const m of r.relatives) w.text(`近亲属回避：${paperText(m)}`, { size: 10 });
    if (planLine(r)) w.text(planLine(r), { size: 9.5, color: '#333333' });
    w.gap(8);
  });
  if (rounds.length === 0) w.text('本次选举还没有确认的计票结果。');
  for (const d of data.decisions) w.text(`选举大会决定：${paperText(d)}`, { size: 10.5, bold: true });
  if (data.decisions.length > 0) w.gap(6);

  const chairName = officialNames(ctx, 'chair')[0];
  const head = data.auditHead;
  const closingText = `${party ? `${approvalLine(ctx)}` : ''}${head ? `本报告单打印时计票站审计记录到${auditHeadLabel(head)}。` : ''}`;
  const closing = w.measure(closingText, { size: 10 }) + 16 + countingSignaturesHeight(ctx) + SEAL_AREA_HEIGHT + 4;

  const secretary = data.secretary;
  const officersDone = secretary && secretary.elected.secretary.length > 0;
  w.heading(`${next()}当选人员`);
  if (data.elected.length === 0) {
    w.text('暂无当选人员。', { size: 10, keepWithNext: closing });
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
        p.positionName + (p.partySecretary ? '（兼党组织书记）' : '') + (p.officer ? `、${p.officer}` : ''),
        p.name,
        p.gender ? (GENDER[p.gender] ?? '') : '',
        p.age === null ? '' : String(p.age),
        p.educationLabel,
        p.partyMember === null ? '' : p.partyMember ? '是' : '否',
        String(p.votes),
        `第${p.roundNumber}轮`,
      ]),
      { fontSize: 9.5, caption: '当选人员', keepWithNext: party && secretary ? 0 : closing },
    );
  }
  if (party && secretary) {
    w.gap(8);
    w.heading(`${next()}委员会第一次全体会议选举书记、副书记`);
    const confirmed = secretary.votes.filter((v) => v.confirmed);
    if (confirmed.length === 0) {
      w.text('委员会第一次全体会议尚未选举书记、副书记。', { size: 10, keepWithNext: closing });
    } else {
      const lines = confirmed.map((v) => {
        const res = v.result;
        const posts = v.posts
          .map((p) => {
            const pr = res?.positions.find((x) => x.id === p.post);
            const votes = p.candidates.map((c) => `${c.name} ${pr?.votes[c.name] ?? 0} 票`).join('、');
            return `${p.name}（应选 ${p.seats} 名）：${votes}；${pr && pr.elected.length > 0 ? `${pr.elected.join('、')} 当选` : '无人当选'}`;
          })
          .join('。');
        return `第 ${v.number} 次投票：委员 ${v.members.length} 名，到会 ${v.present.length} 名，收回选票 ${v.collected ?? v.counted} 张。${posts}。`;
      });
      const summary = officersDone
        ? `书记：${secretary.elected.secretary.map((x) => x.name).join('、')}${secretary.elected.deputy.length > 0 ? `；副书记：${secretary.elected.deputy.map((x) => x.name).join('、')}` : ''}（均获得超过全体委员半数的赞成票）。`
        : '书记尚未选出。';
      lines.forEach((l) => w.text(l, { size: 10 }));
      w.text(summary, { size: 10.5, bold: true, keepWithNext: closing });
    }
  }
  w.gap(10);
  if (party) {
    w.text(approvalLine(ctx), { size: 13, bold: true, align: 'center', keepWithNext: closing - 20 });
    w.gap(4);
  }
  if (head) w.text(`本报告单打印时计票站审计记录到${auditHeadLabel(head)}。`, { size: 9, color: '#333333' });
  w.gap(2);
  countingSignatures(w, ctx);
  w.gap(4);
  w.sealArea(committeeName(data), party ? '大会主持人' : `选举委员会主任${chairName ? `（${chairName}）` : ''}`);
  return w.finish();
}
