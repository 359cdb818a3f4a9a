/**
 * 发放选票: one search box, Enter issues to the highlighted voter; a trustee's proxy ballots are shown
 * and issued with them (X7); live turnout and whether the majority (E1) or the 4/5 quorum (P4) is met.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { api } from '../api';
import type { Election } from '../app';
import { callLoose } from '../loose';
import { Busy, Button, ErrorBox, Notice, Section, Stat, fmtTime, useAction } from '../ui/kit';

interface Hit {
  id: number;
  name: string;
  idTail?: string;
  idNumber?: string;
  groupName?: string;
  issued?: { way: string; at: string } | null;
  proxies?: { principalId: number; principalName: string; issued: boolean }[];
  proxiedBy?: string | null;
}
interface Turnout {
  registered: number;
  participants: number;
  inPerson: number;
  byProxy: number;
  mobile: number;
  /** villagers: more than half registered (E1); party: 4/5 of the base present (P4). */
  reached: boolean;
  needed: number;
  base?: number;
  label?: string;
}
interface Issued {
  issues: { voterId: number; name: string; way: string; trusteeName?: string | null }[];
}

export function IssuePage({ election }: { election: Election }) {
  const party = election.kind === 'party_branch';
  const [q, setQ] = useState('');
  const [hits, setHits] = useState<Hit[]>([]);
  const [active, setActive] = useState(0);
  const [turnout, setTurnout] = useState<Turnout | null>(null);
  const [last, setLast] = useState<Issued | null>(null);
  const act = useAction();
  const ref = useRef<HTMLInputElement>(null);
  const loadTurnout = useCallback(async () => {
    const r = await callLoose<Turnout>('issue.turnout', {});
    if (r.ok) setTurnout(r.value);
  }, []);
  useEffect(() => void loadTurnout(), [loadTurnout]);
  useEffect(() => {
    if (q.trim() === '') return setHits([]);
    let live = true;
    void callLoose<{ voters: Hit[] }>('roll.search', { query: q.trim(), limit: 8 }).then((r) => {
      if (live && r.ok) {
        setHits(r.value.voters);
        setActive(0);
      }
    });
    return () => {
      live = false;
    };
  }, [q]);

  const issue = async (h: Hit) => {
    const r = await act.run(() => callLoose<Issued>('issue.issue', { voterId: h.id, withProxies: true }));
    if (r) {
      setLast(r);
      setQ('');
      setHits([]);
      await loadTurnout();
      ref.current?.focus();
    }
  };

  if (election.phase === 'setup' || election.phase === 'roll_published') {
    return (
      <Section title={party ? '签到（发放选票）' : '发放选票'}>
        <Notice>{election.phase === 'setup' ? '请先在“选民登记”页公布选民名单。' : '选民名单已公布。投票开始时请点击下面的按钮，之后才能发放选票。'}</Notice>
        {election.phase === 'roll_published' ? (
          <Button kind="primary" busy={act.busy} testId="start-voting" onClick={() => void act.run(() => api.call('election.setPhase', { phase: 'voting' }))}>
            开始投票
          </Button>
        ) : null}
        <ErrorBox error={act.error} />
      </Section>
    );
  }

  return (
    <div>
      {turnout ? (
        <div className="stats" data-testid="turnout">
          <Stat label={party ? '应到会（基数）' : '登记选民'} value={party ? (turnout.base ?? turnout.registered) : turnout.registered} />
          <Stat label={party ? '实到会' : '已领票（参加投票）'} value={<span data-testid="participants">{turnout.participants}</span>} />
          {!party ? <Stat label="其中委托投票" value={turnout.byProxy} /> : null}
          <Stat
            label={party ? '到会是否达到 4/5（P4）' : '是否过半数（E1）'}
            value={turnout.reached ? '已达到' : `还差 ${turnout.needed}`}
            tone={turnout.reached ? 'ok' : 'warn'}
          />
        </div>
      ) : null}
      {election.phase === 'voting' ? (
        <Section title={party ? '签到并发放选票' : '发放选票'}>
          <p className="muted">输入姓名、拼音首字母或身份证号后四位，按 <span className="kbd">↑</span><span className="kbd">↓</span> 选择，<span className="kbd">Enter</span> 发票。</p>
          <input
            ref={ref}
            autoFocus
            className="pad-entry"
            value={q}
            onChange={(e) => setQ(e.target.value)}
            data-testid="issue-search"
            aria-label="查找选民"
            onKeyDown={(e) => {
              if (e.key === 'ArrowDown') {
                e.preventDefault();
                setActive(Math.min(active + 1, hits.length - 1));
              } else if (e.key === 'ArrowUp') {
                e.preventDefault();
                setActive(Math.max(active - 1, 0));
              } else if (e.key === 'Enter') {
                e.preventDefault();
                const h = hits[active];
                if (h) void issue(h);
              }
            }}
          />
          <table className="table" style={{ marginTop: '0.5rem' }} data-testid="issue-hits">
            <tbody>
              {hits.map((h, i) => (
                <tr key={h.id} className={i === active ? 'selected' : h.issued ? 'removed' : ''} onClick={() => void issue(h)}>
                  <td style={{ fontSize: '1.3rem', fontWeight: 700 }}>{h.name}</td>
                  <td>{h.idTail ?? h.idNumber?.slice(-4) ?? ''}</td>
                  <td>{h.groupName ?? ''}</td>
                  <td>
                    {h.issued ? `已领票（${fmtTime(h.issued.at)}）` : h.proxiedBy ? `已委托 ${h.proxiedBy} 代投` : '未领票'}
                    {(h.proxies ?? []).length > 0 ? <div className="tag tag-warn">受委托：{(h.proxies ?? []).map((p) => p.principalName).join('、')}</div> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <Busy busy={act.busy} label="正在发票…" />
          <ErrorBox error={act.error} />
          {last ? (
            <Notice kind="ok">
              <span data-testid="issued-notice">
                已发放 {last.issues.length} 张：
                {last.issues.map((i) => (i.way === 'proxy' ? `${i.name}（委托票，由 ${i.trusteeName ?? ''} 代领）` : i.name)).join('；')}
              </span>
            </Notice>
          ) : null}
          <div className="row" style={{ marginTop: '1.5rem' }}>
            <Button kind="danger" testId="end-voting" onClick={() => void act.run(() => api.call('election.setPhase', { phase: 'counting' }))}>
              结束投票，开始计票
            </Button>
          </div>
        </Section>
      ) : (
        <Notice>投票已结束，请到“计票”页。</Notice>
      )}
    </div>
  );
}
