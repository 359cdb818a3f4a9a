/** 选民名单 (voter list for publication, R5) by 村民小组, 委托投票名单 (proxy list, X5) and 流动票箱投票选民名单 (B5). */
import { chineseNumber } from '../../../shared/papers.js';
import { FormWriter, chineseDate } from './layout.js';
import { GENDER, committeeName, identity, type FormContext } from './common.js';

export const VOTER_LIST_TITLE = '选民名单';
export const PROXY_LIST_TITLE = '委托投票名单';

const DIGITS: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/** 第三村民小组 -> 3, 十二组 -> 12, 5组 -> 5; groups without a number sort last. */
export function groupOrder(name: string): number {
  const m = /([0-9]+|[零〇一二两三四五六七八九十百]+)/.exec(name);
  if (!m?.[1]) return Number.MAX_SAFE_INTEGER;
  const t = m[1];
  if (/^[0-9]+$/.test(t)) return Number(t);
  let total = 0;
  let cur = 0;
  for (const ch of t) {
    if (ch === '百') {
      total += (cur || 1) * 100;
      cur = 0;
    } else if (ch === '十') {
      total += (cur || 1) * 10;
      cur = 0;
    } else cur = DIGITS[ch] ?? 0;
  }
  return total + cur;
}

export function groupVoters<T extends { group: string }>(voters: readonly T[]): { group: string; voters: T[] }[] {
  const groups = new Map<string, T[]>();
  for (const v of voters) {
    const g = v.group.trim() || '未分组';
    const list = groups.get(g);
    if (list) list.push(v);
    else groups.set(g, [v]);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => groupOrder(a) - groupOrder(b) || a.localeCompare(b, 'zh-Hans-CN', { numeric: true }))
    .map(([group, vs]) => ({ group, voters: vs }));
}

export function renderVoterList(ctx: FormContext): { buffer: Buffer; pages: number } {
  const party = ctx.data.election.kind === 'party_branch';
  const title = party ? '有选举权的党员名单' : VOTER_LIST_TITLE;
  const w = new FormWriter(identity(ctx, title));
  const { data } = ctx;
  const voters = data.voters.filter((v) => v.hasVote);
  const published = data.publishedOn ? chineseDate(data.publishedOn) : null;
  const days = typeof data.rules.objectionDays === 'number' ? chineseNumber(data.rules.objectionDays) : '五';
  w.title(title, `${data.body}选举\u3000共 ${voters.length} 人`);
  w.text(
    party
      ? `\u3000\u3000下列党员为本次党员大会有选举权的正式党员，现予公布。`
      : `\u3000\u3000经${committeeName(data)}审核，下列 ${voters.length} 名村民登记为本次选举的选民，现予公布。对名单有不同意见的，请自公布之日起${days}日内向村民选举委员会提出。`,
    { size: 10.5 },
  );
  w.text(`公布日期：${published ?? '\u3000\u3000\u3000\u3000年\u3000\u3000月\u3000\u3000日'}`, { size: 10.5 });
  w.gap(6);
  for (const g of groupVoters(voters)) {
    w.heading(`${g.group}（${g.voters.length} 人）`);
    w.table(
      [
        { label: '序号', width: 0.7, align: 'center' },
        { label: '姓名', width: 1.6 },
        { label: '性别', width: 0.7, align: 'center' },
        { label: '年龄', width: 0.7, align: 'center' },
        { label: party ? '党员身份' : '登记类别', width: 3 },
      ],
      g.voters.map((v, i) => [String(i + 1), v.name, GENDER[v.gender] ?? '', String(v.age), party ? '正式党员' : v.categoryLabel]),
      { fontSize: 10, caption: g.group, rowHeight: 18 },
    );
    w.gap(8);
  }
  w.sealArea(committeeName(data), undefined, published ?? undefined);
  return w.finish();
}

export function renderProxyList(ctx: FormContext): { buffer: Buffer; pages: number } {
  const w = new FormWriter(identity(ctx, PROXY_LIST_TITLE));
  const { data } = ctx;
  const proxies = data.proxies;
  const published = data.proxyPublishedOn ? chineseDate(data.proxyPublishedOn) : null;
  const most = typeof data.rules.proxyMaxPerTrustee === 'number' ? `${chineseNumber(data.rules.proxyMaxPerTrustee)}人` : '规定人数';
  w.title(PROXY_LIST_TITLE, `${data.body}选举\u3000共 ${proxies.length} 项`);
  w.text(`\u3000\u3000经${committeeName(data)}审核同意，下列选民书面委托本村有选举权的近亲属或者其他村民代为投票，现予公布。未经审核公布的委托无效；每位受托人接受委托不超过${most}，候选人不得接受委托，受托人不得再委托他人。`, { size: 10.5 });
  w.text(`公布日期：${published ?? '\u3000\u3000\u3000\u3000年\u3000\u3000月\u3000\u3000日'}`, { size: 10.5 });
  w.gap(6);
  if (proxies.length === 0) {
    w.text('本次选举没有经审核同意的委托投票。', { size: 11 });
  } else {
    w.table(
      [
        { label: '序号', width: 0.6, align: 'center' },
        { label: '委托人', width: 1.3 },
        { label: '受托人', width: 1.3 },
        { label: '与委托人关系', width: 1.3, align: 'center' },
        { label: '委托人所在小组', width: 1.4 },
        { label: '书面委托', width: 1.4 },
      ],
      proxies.map((p, i) => [String(i + 1), p.principalName, p.trusteeName, p.relationLabel, p.group, p.writtenRef]),
      { fontSize: 10, caption: PROXY_LIST_TITLE },
    );
  }
  w.gap(10);
  w.sealArea(committeeName(data), undefined, published ?? undefined);
  return w.finish();
}

export const MOBILE_BOX_LIST_TITLE = '流动票箱投票选民名单';

/** B5: each mobile box's voters (those who cannot come to the hall and have no proxy), its scrutineers and approval. */
export function renderMobileBoxList(ctx: FormContext): { buffer: Buffer; pages: number } {
  const w = new FormWriter(identity(ctx, MOBILE_BOX_LIST_TITLE));
  const { data } = ctx;
  const boxes = data.mobileBoxes.filter((b) => b.voters.length > 0);
  const total = boxes.reduce((n, b) => n + b.voters.length, 0);
  w.title(MOBILE_BOX_LIST_TITLE, `${data.body}选举\u3000共 ${total} 人`);
  w.text(
    `\u3000\u3000下列选民因年老、患病等原因不能到投票会场，又没有委托他人投票，经${committeeName(data)}确定，由流动票箱上门接受投票，现予公布。流动票箱只向名单上的选民发放选票，由监票人负责。`,
    { size: 10.5 },
  );
  w.gap(6);
  for (const b of boxes) {
    w.heading(`${b.name}（${b.voters.length} 人）`);
    const facts: [string, string][] = [
      ['监票人', b.scrutineers.join('、') || '（未登记）'],
      ['公布日期', b.publishedOn ? chineseDate(b.publishedOn) : '（未公布）'],
    ];
    if (b.approvalRef) facts.push(['乡镇同意文号', b.approvalRef]);
    w.grid(facts, 2);
    w.gap(4);
    w.table(
      [
        { label: '序号', width: 0.6, align: 'center' },
        { label: '姓名', width: 1.6 },
        { label: '村民小组', width: 1.6 },
        { label: '签收（投票后由监票人填写）', width: 2.4 },
      ],
      b.voters.map((v, i) => [String(i + 1), v.name + (v.published ? '' : '（未公布）'), v.group, '']),
      { fontSize: 10, caption: `${b.name}选民名单` },
    );
    w.gap(8);
  }
  w.sealArea(committeeName(data));
  return w.finish();
}
