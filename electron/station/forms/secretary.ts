/**
 * P10 papers: the ballot of the committee's first plenary electing 书记 and 副书记 (one per member,
 * 赞成 / 不赞成 / 弃权, 另选 only a committee member), and its result report, which says 待上级党组织
 * 批复 until the approval's reference and date are recorded.
 */
import { SECRETARY_POST_LABELS } from '../../../shared/contract/papers.js';
import type { SecretaryState, SecretaryVote } from '../secretary.js';
import { renderBallotPapers, type BallotContent } from './ballot-paper.js';
import { committeeName, identity, officialNames, voteTables, type FormContext } from './common.js';
import { FormWriter, SEAL_AREA_HEIGHT, auditHeadLabel, chineseDate, localDateTime, signaturesHeight } from './layout.js';
import type { ReportData, RoundPositionReport } from './report-data.js';

/** The vote a ballot is printed for: the open one, else the latest. */
export const ballotVote = (s: SecretaryState | null): SecretaryVote | undefined => s?.votes.find((v) => !v.confirmed) ?? s?.votes.at(-1);

export function secretaryBallotContent(data: ReportData, vote: SecretaryVote): BallotContent {
  const rules = data.rules;
  return {
    kind: 'party_branch',
    body: data.settings.partyOrgName,
    what: vote.posts.map((p) => p.name).join('、'),
    roundLabel: vote.number > 1 ? `第${vote.number}次投票` : '',
    electionDate: data.election.electionDate,
    drill: data.election.drill,
    papers: 'combined',
    posts: vote.posts.map((p) => ({ key: p.post, name: p.name, seats: p.seats, candidates: p.candidates.map((c) => ({ number: c.number, name: c.name })) })),
    sealLabel: data.settings.partyOrgName,
    writeInWho: '本届委员会委员',
    forAgainst: true,
    rules: {
      overvoteScope: rules.overvoteScope === 'position' ? 'position' : 'ballot',
      samePersonMultiplePositions: rules.samePersonMultiplePositions === 'keep_highest' || rules.samePersonMultiplePositions === 'count_all' ? rules.samePersonMultiplePositions : 'invalidate_ballot',
      unreadableScope: rules.unreadableScope === 'position' ? 'position' : 'ballot',
    },
  };
}

export function renderSecretaryBallot(ctx: FormContext): { buffer: Buffer; pages: number } {
  const vote = ballotVote(ctx.data.secretary);
  if (!vote) {
    const w = new FormWriter(identity(ctx, '书记、副书记选举选票'));
    w.title('书记、副书记选举选票');
    w.text('还没有开始书记、副书记的选举投票（先在“书记选举”页设置职位和候选人）。');
    return w.finish();
  }
  return renderBallotPapers(secretaryBallotContent(ctx.data, vote), { copies: vote.members.length });
}

export const SECRETARY_REPORT_TITLE = '书记、副书记选举结果报告单';

/** A vote's result as the vote tables read a round's. */
function postsOf(v: SecretaryVote): RoundPositionReport[] {
  return v.posts.map((p) => {
    const pr = v.result?.positions.find((x) => x.id === p.post);
    const names = new Set(p.candidates.map((c) => c.name));
    return {
      key: p.post,
      name: p.name,
      seats: p.seats,
      invalid: pr?.invalid ?? 0,
      unfilled: pr ? pr.seats - pr.elected.length - pr.tied.length : p.seats,
      votes: Object.entries(pr?.votes ?? {}).map(([name, votes]) => ({ name, votes, candidate: names.has(name), elected: pr?.elected.includes(name) ?? false, tied: pr?.tied.includes(name) ?? false })),
    };
  });
}

export function renderSecretaryReport(ctx: FormContext): { buffer: Buffer; pages: number } {
  const { data } = ctx;
  const s = data.secretary;
  const w = new FormWriter(identity(ctx, SECRETARY_REPORT_TITLE, { audit: true }));
  const org = data.settings.partyOrgName;
  w.title(SECRETARY_REPORT_TITLE, `${org}第一次全体会议`);
  const votes = s?.votes.filter((v) => v.confirmed) ?? [];
  if (!s || votes.length === 0) {
    w.text('委员会第一次全体会议还没有确认的选举结果。');
    return w.finish();
  }
  const first = votes[0];
  w.text(
    `${org}于${chineseDate((first?.confirmedAt ?? data.election.electionDate).slice(0, 10))}召开第一次全体会议，由全体委员无记名投票选举书记${s.votes.some((v) => v.posts.some((p) => p.post === 'deputy')) ? '、副书记' : ''}。候选人获得的赞成票超过全体委员的半数，始得当选。选举结果报上级党组织审批。`,
    { size: 10.5 },
  );
  w.text(`本届委员会委员（${s.members.length} 名）：${s.members.map((m) => m.name).join('、')}。`, { size: 10.5 });
  w.gap(6);
  votes.forEach((v, i) => {
    const res = v.result;
    w.heading(`${votes.length > 1 ? `（${['一', '二', '三', '四', '五'][i] ?? i + 1}）` : ''}第 ${v.number} 次投票`);
    w.grid(
      [
        ['应到会委员', String(v.members.length)],
        ['实到会委员', String(v.present.length)],
        ['到会须达到（五分之四）', String(v.quorumNeeded)],
        ['是否达到规定人数', v.present.length >= v.quorumNeeded ? '已达到' : '未达到'],
        ['收回选票数', String(v.collected ?? v.counted)],
        ['有效票数', String(res?.ballots.valid ?? 0)],
        ['无效票数', String(res?.ballots.invalid ?? 0)],
        ['当选须得赞成票', String(Math.floor(v.members.length / 2) + 1)],
      ],
      2,
    );
    w.gap(6);
    voteTables(w, ctx, { positions: postsOf(v), marks: v.marks, confirmed: true });
    w.text(`结果确认时间：${localDateTime(v.confirmedAt ?? '')}。${res && !res.valid ? '本次投票无效，须重新投票。' : ''}`, { size: 9.5, color: '#333333' });
    w.gap(8);
  });
  const roles = [
    { role: '监票人', count: 2, names: officialNames(ctx, 'scrutineer').slice(0, 2) },
    { role: '计票人', count: 1, names: officialNames(ctx, 'counter') },
    { role: '会议主持人', count: 1 },
  ];
  const closing = 60 + signaturesHeight(roles) + SEAL_AREA_HEIGHT;
  const elected = s.elected;
  const summary =
    elected.secretary.length > 0
      ? `当选书记：${elected.secretary.map((x) => x.name).join('、')}${elected.deputy.length > 0 ? `；当选副书记：${elected.deputy.map((x) => x.name).join('、')}` : ''}。`
      : `${SECRETARY_POST_LABELS.secretary}尚未选出。`;
  w.text(summary, { size: 12, bold: true, keepWithNext: closing });
  const a = s.approval;
  w.text(a ? `已经上级党组织批复（${a.ref}，${chineseDate(a.approvedOn)}）。` : '本选举结果待上级党组织批复。', { size: 13, bold: true, align: 'center' });
  if (data.auditHead) w.text(`本报告单打印时计票站审计记录到${auditHeadLabel(data.auditHead)}。`, { size: 9, color: '#333333' });
  w.gap(4);
  w.signatures(roles);
  w.sealArea(committeeName(data));
  return w.finish();
}
