/**
 * 选举结果公告: posted on the spot (E9), in plain words, numbered 选字第×号, covering every round
 * (正式选举, 再次投票, 另行选举) with its own figures, with the committee's seal.
 */
import { FormWriter, SEAL_AREA_HEIGHT, chineseDate } from './layout.js';
import { committeeName, identity, type FormContext } from './common.js';
import { approvalLine } from './result-report.js';
import type { RoundReport } from './report-data.js';

export const ANNOUNCEMENT_TITLE = '选举结果公告';

function roundSentence(r: RoundReport, party: boolean): string {
  const turnout = party
    ? `应到会有选举权的党员 ${r.registered - r.excluded} 名，实到会 ${r.participants} 名`
    : `参加投票 ${r.participants} 人（其中委托投票 ${r.proxy} 人）`;
  const ballots = `发出选票 ${r.issued} 张，收回 ${r.collected ?? r.tally.ballots.cast} 张，其中有效票 ${r.tally.ballots.valid} 张，无效票 ${r.tally.ballots.invalid} 张`;
  return `第 ${r.number} 轮（${r.kindLabel}）：${turnout}，${ballots}，${r.tally.valid ? '选举有效' : '选举无效，须重新组织投票'}。`;
}

export function renderAnnouncement(ctx: FormContext): { buffer: Buffer; pages: number } {
  const w = new FormWriter(identity(ctx, ANNOUNCEMENT_TITLE));
  const { data } = ctx;
  const e = data.election;
  const party = e.kind === 'party_branch';
  const rounds = data.rounds.filter((r) => r.confirmed);
  const main = rounds.find((r) => r.kind === 'main') ?? rounds[0];
  w.gap(6);
  w.title(`${data.body}选举结果公告`);
  w.text(data.settings.announcementLabel ?? '选字第\u3000\u3000号', { size: 12, align: 'center' });
  w.gap(8);
  const base = main ? (party ? `有选举权的党员 ${main.registered} 名。` : `全村登记选民 ${main.registered} 人。`) : '';
  w.text(`\u3000\u3000${chineseDate(e.electionDate)}，${e.village}${party ? '召开党员大会' : '召开选举大会'}，依法选举${data.body}${party ? '委员' : '成员'}。${base}`, { size: 13 });
  for (const r of rounds) w.text(`\u3000\u3000${roundSentence(r, party)}`, { size: 13 });
  w.gap(6);
  const elected = data.elected;
  const several = rounds.length > 1;
  const closing = w.measure(party ? approvalLine(ctx) : '特此公告。', { size: 13 }) + 28 + SEAL_AREA_HEIGHT;
  if (elected.length > 0) {
    w.text(`\u3000\u3000经公开唱票、计票，${elected.length} 人当选，名单如下：`, { size: 13 });
    w.gap(6);
    w.table(
      [
        { label: '职务', width: 1.4, align: 'center' },
        { label: '姓名', width: 1.6, align: 'center' },
        { label: '得票数', width: 1, align: 'center' },
        ...(several ? [{ label: '轮次', width: 1.4, align: 'center' as const }] : []),
      ],
      elected.map((p) => [p.positionName + (p.officer ? `、${p.officer}` : ''), p.name, `${p.votes} 票`, ...(several ? [`第 ${p.roundNumber} 轮（${rounds.find((r) => r.number === p.roundNumber)?.kindLabel ?? ''}）`] : [])]),
      { fontSize: 13, rowHeight: 28, keepWithNext: closing },
    );
  } else {
    w.text('\u3000\u3000本次选举暂无当选人员。', { size: 13, keepWithNext: closing });
  }
  const unfilled = rounds.at(-1)?.positions.filter((p) => p.unfilled > 0) ?? [];
  if (unfilled.length > 0) {
    w.gap(6);
    w.text(`\u3000\u3000${unfilled.map((p) => `${p.name}尚缺 ${p.unfilled} 名`).join('，')}，将按规定另行选举。`, { size: 13 });
  }
  w.gap(8);
  const approval = data.secretary?.approval;
  const last = !party
    ? '特此公告。'
    : approval
      ? `以上选举结果已经上级党组织批复（${approval.ref}，${chineseDate(approval.approvedOn)}）。特此公告。`
      : '以上选举结果报上级党组织审批，待上级党组织批复后生效。';
  w.text(`\u3000\u3000${last}`, { size: 13, keepWithNext: SEAL_AREA_HEIGHT + 20 });
  w.gap(20);
  w.sealArea(committeeName(data), undefined, chineseDate(e.electionDate));
  return w.finish();
}
