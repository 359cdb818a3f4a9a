/**
 * 选民登记 (党员名册 for a party assembly): import a roll file with a preview; add one person; the
 * whole roll in one scrolling list (only the rows in view are fetched and drawn, so 20,000 voters
 * scroll as smoothly as 200); every group's count in natural order, adding up to the total; click a
 * person to see their registration and its history, correct it (a new row with the reason), remove
 * them (R4) or register them again on the committee's decision; publish (R5).
 */
import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import type { Election } from '../api';
import { api, type AppError, type Out } from '../api';
import { PARTY_STATUS_LABELS } from '../../../shared/model.js';
import { Busy, Button, Notice, Section, Stat, useAction } from '../ui/kit';
import { PlainError, PlainWarnings, cnDate } from '../ui/plain';
import { RollImport } from './roll-import';
import { AddVoter, VoterPanel } from './roll-voter';
import './roll.css';

type Voter = Out<'roll.list'>['voters'][number];
type Counts = Out<'roll.list'>['counts'];

/** Fixed row height (px): row i sits at i × ROW_H, so the rows in view follow from the scroll position. */
export const ROW_H = 40;
const VIEW_ROWS = 14;
/** Rows fetched per call (roll.list allows up to 1000). */
const PAGE = 200;
/** Rows drawn above and below the visible ones, so a quick scroll does not show blanks. */
const OVERSCAN = 8;

function VoterRow({ v, party, on, onPick }: { v: Voter; party: boolean; on: boolean; onPick: (v: Voter) => void }) {
  return (
    <tr
      className={`${v.removed ? 'removed' : ''}${on ? ' on' : ''}`}
      tabIndex={0}
      data-testid="roll-row"
      data-voter={v.id}
      onClick={() => onPick(v)}
      onKeyDown={(e) => {
        if (e.key === 'Enter' || e.key === ' ') {
          e.preventDefault();
          onPick(v);
        }
      }}
    >
      <td>
        <b>{v.name}</b>
      </td>
      <td>{v.gender === 'F' ? '女' : '男'}</td>
      <td className="num">{v.age}</td>
      <td className="mono">{v.idNumber}</td>
      <td>{party ? (v.partyStatus ? PARTY_STATUS_LABELS[v.partyStatus] : '') : v.categoryLabel}</td>
      <td>{v.group}</td>
      <td className="mono">{v.cardNumber}</td>
      <td className="state">
        {v.removal ? `已移除：${v.removal.reasonLabel}${v.reregisteredAs !== null ? '（已重新登记）' : ''}` : null}
        {!v.removed && v.corrected ? <span className="tag tag-warn">已更正</span> : null}
        {!v.removed && v.previousVoterId !== null ? <span className="tag tag-ok">重新登记</span> : null}
      </td>
    </tr>
  );
}

function Table({ party, children, label }: { party: boolean; children: ReactNode; label: string }) {
  return (
    <table className="table vtable" aria-label={label} data-testid="roll-table">
      <colgroup>
        <col style={{ width: '7rem' }} />
        <col style={{ width: '3rem' }} />
        <col style={{ width: '3.5rem' }} />
        <col style={{ width: '12.5rem' }} />
        <col />
        <col style={{ width: '6rem' }} />
        <col style={{ width: '5.5rem' }} />
        <col style={{ width: '13rem' }} />
      </colgroup>
      <thead>
        <tr>
          <th>姓名</th>
          <th>性别</th>
          <th className="num">年龄</th>
          <th>身份证号</th>
          <th>{party ? '党员状态' : '类别'}</th>
          <th>{party ? '党小组' : '组别'}</th>
          <th>证号</th>
          <th>情况</th>
        </tr>
      </thead>
      <tbody>{children}</tbody>
    </table>
  );
}

/**
 * The whole roll (removed ones struck through), in the station's order (group, then as registered).
 * Only the pages under the visible rows are fetched, and only the visible rows are drawn: padding
 * above and below stands for the others (every row is ROW_H high).
 */
function RollList({ party, tick, picked, onPick }: { party: boolean; tick: number; picked: number | null; onPick: (v: Voter) => void }) {
  const [total, setTotal] = useState<number | null>(null);
  const [pages, setPages] = useState<Map<number, { gen: number; rows: Voter[] }>>(() => new Map());
  const [scrollTop, setScrollTop] = useState(0);
  const [error, setError] = useState<AppError | null>(null);
  const asked = useRef(new Set<string>());
  const count = total ?? 0;
  const first = Math.min(count, Math.max(0, Math.floor(scrollTop / ROW_H) - OVERSCAN));
  const last = Math.min(count, Math.ceil(scrollTop / ROW_H) + VIEW_ROWS + OVERSCAN);
  const firstPage = Math.floor(first / PAGE);
  const lastPage = Math.max(firstPage, Math.floor(Math.max(0, last - 1) / PAGE));

  const load = useCallback(
    async (page: number, gen: number) => {
      const key = `${gen}:${page}`;
      if (asked.current.has(key)) return;
      asked.current.add(key);
      const r = await api.call('roll.list', { includeRemoved: true, offset: page * PAGE, limit: PAGE });
      if (!r.ok) {
        asked.current.delete(key);
        setError(r.error);
        return;
      }
      setError(null);
      setTotal(r.value.total);
      setPages((m) => {
        const held = m.get(page);
        if (held && held.gen > gen) return m;
        const next = new Map(m);
        next.set(page, { gen, rows: r.value.voters });
        return next;
      });
    },
    [],
  );
  // A change on the roll (tick) refetches what is in view; older pages stay drawn until replaced.
  useEffect(() => {
    for (let p = firstPage; p <= lastPage; p++) {
      const held = pages.get(p);
      if (!held || held.gen !== tick) void load(p, tick);
    }
  }, [firstPage, lastPage, tick, pages, load]);

  const rows: ReactNode[] = [];
  for (let i = first; i < last; i++) {
    const v = pages.get(Math.floor(i / PAGE))?.rows[i % PAGE];
    rows.push(
      v ? (
        <VoterRow key={v.id} v={v} party={party} on={picked === v.id} onPick={onPick} />
      ) : (
        <tr key={`wait-${i}`} className="wait">
          <td colSpan={8}>…</td>
        </tr>
      ),
    );
  }
  if (error && total === null) return <PlainError error={error} title="名单读取失败" />;
  if (total === null) return <Busy busy label="正在读取名单…" />;
  return (
    <div>
      <div className="vlist" style={{ height: VIEW_ROWS * ROW_H + 44 }} onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)} data-testid="roll-scroll">
        <div style={{ paddingTop: first * ROW_H, paddingBottom: (count - last) * ROW_H }}>
          <Table party={party} label="名单">
            {rows}
          </Table>
        </div>
        {total === 0 ? <p className="muted" style={{ padding: '0.5rem' }}>名单上还没有人，请导入名单文件或逐个登记。</p> : null}
      </div>
      <PlainError error={error} title="名单读取失败" />
    </div>
  );
}

/** Search results: the same rows, one under another (a search returns at most 50). */
function SearchResults({ q, party, tick, picked, onPick }: { q: string; party: boolean; tick: number; picked: number | null; onPick: (v: Voter) => void }) {
  const [hits, setHits] = useState<{ q: string; voters: Voter[]; notice: string | null } | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  useEffect(() => {
    let live = true;
    const t = setTimeout(async () => {
      const r = await api.call('roll.search', { query: q, limit: 50 });
      if (!live) return;
      if (r.ok) {
        setHits({ q, voters: r.value.voters, notice: r.value.cardNotice });
        setError(null);
      } else setError(r.error);
    }, 80);
    return () => {
      live = false;
      clearTimeout(t);
    };
  }, [q, tick]);
  if (error) return <PlainError error={error} title="查找失败" />;
  if (!hits) return <Busy busy label="正在查找…" />;
  return (
    <div>
      <div className="vlist" style={{ maxHeight: VIEW_ROWS * ROW_H + 44 }}>
        <Table party={party} label="查找结果">
          {hits.voters.map((v) => (
            <VoterRow key={v.id} v={v} party={party} on={picked === v.id} onPick={onPick} />
          ))}
        </Table>
      </div>
      {hits.voters.length === 0 && hits.q === q ? <p className="muted">没有找到“{q}”。请换个写法：姓名、拼音首字母、身份证号后四位或选民证号。</p> : null}
      {hits.notice ? <Notice kind="warn">{hits.notice}</Notice> : null}
    </div>
  );
}

export function RollPage({ election }: { election: Election }) {
  const party = election.kind === 'party_branch';
  const [q, setQ] = useState('');
  const [counts, setCounts] = useState<Counts | null>(null);
  const [listTotal, setListTotal] = useState<number | null>(null);
  const [tick, setTick] = useState(0);
  const [picked, setPicked] = useState<number | null>(null);
  const [published, setPublished] = useState<Out<'roll.publish'> | null>(null);
  const act = useAction();
  const changed = useCallback(() => setTick((t) => t + 1), []);
  const [countsError, setCountsError] = useState<AppError | null>(null);
  // The counts above the list, read again after every change (the list itself reads only what is in view).
  useEffect(() => {
    let live = true;
    void api.call('roll.list', { includeRemoved: true, limit: 1 }).then((r) => {
      if (!live) return;
      if (r.ok) {
        setCounts(r.value.counts);
        setListTotal(r.value.total);
        setCountsError(null);
      } else setCountsError(r.error);
    });
    return () => {
      live = false;
    };
  }, [tick]);
  const onPick = useCallback((v: Voter) => setPicked(v.id), []);
  const canEdit = election.phase === 'setup' || election.phase === 'roll_published';
  const what = party ? '党员名册' : '选民名单';
  const groupSum = counts ? counts.byGroup.reduce((s, g) => s + g.count, 0) : 0;
  return (
    <div>
      <PlainError error={countsError} title="名单人数读取失败" />
      {counts ? (
        <>
          <div className="stats" data-testid="roll-counts">
            <Stat label={party ? '名册人数' : '登记选民'} value={<span data-testid="roll-registered">{counts.registered}</span>} />
            {party ? <Stat label="有表决权" value={counts.withVote} /> : null}
            <Stat label="已移除（保留记录）" value={<span data-testid="roll-removed">{counts.removed}</span>} />
          </div>
          {counts.byGroup.length > 0 ? (
            <div className="group-stats" data-testid="group-counts" aria-label="各组人数">
              {counts.byGroup.map((g) => (
                <div key={g.key} className="group-stat" data-testid="group-count" data-group={g.key}>
                  {g.label}
                  <b data-testid="group-count-value">{g.count}</b>
                </div>
              ))}
              <span className="group-sum" data-testid="group-sum">
                各组合计 {groupSum} 人{groupSum === counts.registered ? '' : `，与登记人数 ${counts.registered} 不符，请联系技术人员`}
              </span>
            </div>
          ) : null}
        </>
      ) : null}
      {canEdit ? (
        <Section title={party ? '导入党员名册' : '导入选民名单'}>
          <RollImport party={party} onDone={changed} />
        </Section>
      ) : null}
      {canEdit ? (
        <Section title={party ? '登记一名党员' : '登记一名选民'}>
          <AddVoter election={election} onAdded={(id) => {
            changed();
            setPicked(id);
          }} />
        </Section>
      ) : null}
      <Section title={`${what}${listTotal !== null ? `（共 ${listTotal} 行，含已移除的）` : ''}`}>
        <input
          className="input input-big"
          style={{ width: '100%', maxWidth: '40rem' }}
          value={q}
          onChange={(e) => setQ(e.target.value)}
          aria-label="查找"
          placeholder="查找：姓名、拼音首字母、身份证号后四位或选民证号"
          data-testid="roll-search"
        />
        <p className="muted">上下滚动可看完整名单；点击一个人，查看登记情况、更正或移除。</p>
        {q.trim() ? (
          <SearchResults q={q.trim()} party={party} tick={tick} picked={picked} onPick={onPick} />
        ) : (
          <RollList party={party} tick={tick} picked={picked} onPick={onPick} />
        )}
        {picked !== null ? <VoterPanel key={picked} election={election} voterId={picked} onChanged={changed} onOpen={setPicked} onClose={() => setPicked(null)} /> : null}
        <p className="muted">更正、移除都不会改掉原来的记录：名单保留原来的登记，另记一行写明原因、时间和操作人。</p>
      </Section>
      {election.phase === 'setup' ? (
        <Section title={`公布${what}`}>
          <p>名单应在选举日 20 天以前公布。公布后进入“选民名单已公布”阶段，之后的变动应是处理异议的结果。</p>
          <Button
            kind="primary"
            busy={act.busy}
            testId="roll-publish"
            onClick={async () => {
              const r = await act.run(() => api.call('roll.publish', {}));
              if (r) setPublished(r);
            }}
          >
            公布{what}
          </Button>
          <PlainError error={act.error} title="不能公布" />
        </Section>
      ) : null}
      {published ? (
        <Notice kind="ok">
          <span data-testid="roll-published">
            已于 {cnDate(published.publishedOn)}公布{what}，共 {published.voterCount} 人。
          </span>
        </Notice>
      ) : null}
      {published ? <PlainWarnings warnings={published.warnings} /> : null}
    </div>
  );
}
