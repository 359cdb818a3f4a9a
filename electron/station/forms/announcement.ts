/** 选举结果公告: posted on the spot (E9), in plain words, with the committee's seal. */
import { FormWriter, chineseDate } from './layout.js';
import { identity, kindNames, type FormContext } from './common.js';

export const ANNOUNCEMENT_TITLE = '选举结果公告';

export function renderAnnouncement(ctx: FormContext): { buffer: Buffer; pages: number } {
  const w = new FormWriter(identity(ctx, ANNOUNCEMENT_TITLE));
  const { data } = ctx;
  const e = data.election;
  const party = e.kind === 'party_branch';
  const names = kindNames(e.kind);
  const main = data.rounds.find((r) => r.kind === 'main' && r.confirmed);
  w.gap(10);
  w.title(`${e.village}${names.body}选举结果公告`);
  w.gap(6);
  const turnout = main
    ? party
      ? `应到会有选举权的党员 ${main.registered - main.excluded} 名，实到会 ${main.participants} 名`
      : `全村登记选民 ${main.registered} 人，参加投票 ${main.participants} 人（其中委托投票 ${main.proxy} 人）`
    : '';
  const ballots = main ? `，发出选票 ${main.issued} 张，收回 ${main.collected ?? main.tally.ballots.cast} 张，其中有效票 ${main.tally.ballots.valid} 张，无效票 ${main.tally.ballots.invalid} 张` : '';
  w.text(
    `\u3000\u3000${chineseDate(e.electionDate)}，${e.village}${party ? '召开党员大会' : '召开选举大会'}，依法选举${names.body}成员。${turnout}${ballots}。${main ? (main.tally.valid ? '选举有效。' : '选举无效，须重新组织投票。') : ''}`,
    { size: 13 },
  );
  w.gap(6);
  const elected = data.elected;
  if (elected.length > 0) {
    w.text(`\u3000\u3000经公开唱票、计票，${elected.length} 人当选，名单如下：`, { size: 13 });
    w.gap(6);
    w.table(
      [
        { label: '职务', width: 1.4, align: 'center' },
        { label: '姓名', width: 1.6, align: 'center' },
        { label: '得票数', width: 1, align: 'center' },
      ],
      elected.map((p) => [p.positionName, p.name, `${p.votes} 票`]),
      { fontSize: 13, rowHeight: 28 },
    );
  } else {
    w.text('\u3000\u3000本次选举暂无当选人员。', { size: 13 });
  }
  const unfilled = data.rounds.filter((r) => r.confirmed).at(-1)?.positions.filter((p) => p.unfilled > 0) ?? [];
  if (unfilled.length > 0) {
    w.gap(6);
    w.text(`\u3000\u3000${unfilled.map((p) => `${p.name}尚缺 ${p.unfilled} 名`).join('，')}，将按规定另行选举。`, { size: 13 });
  }
  w.gap(8);
  w.text(party ? '\u3000\u3000以上选举结果报上级党组织审批，待上级党组织批复后生效。' : '\u3000\u3000特此公告。', { size: 13 });
  w.gap(20);
  w.sealArea(`${e.village}${names.committee}`, undefined, chineseDate(e.electionDate));
  return w.finish();
}
