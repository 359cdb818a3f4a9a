/**
 * 发放选票: one search box, Enter issues to the highlighted voter; a trustee's proxy ballots are shown
 * and issued with them (X7); live turnout and whether the majority (E1) or the 4/5 quorum (P4) is met.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { api, type Out } from '../api';
import type { Election } from '../app';
import { Busy, Button, ErrorBox, Notice, Section, Stat, useAction } from '../ui/kit';
import { idTail, searchRoll, type Hit } from '../ui/voter-picker';

type Turnout = Out<'turnout.get'>;
type Issued = Out<'ballot.issue'>;
type Proxy = Out<'proxy.list'>['proxies'][number];

export function IssuePage({ election }: { election: Election }) {
  const party = election.kind === 'party_branch';
  const [q, setQ] = useState('');
  const [hits, setHits] = useState<Hit[]>([]);
  /** The query the hits are for (the "not found" line waits for the answer to the current query). */
  const [hitsFor, setHitsFor] = useState('');
  const [active, setActive] = useState(0);
  const [status, setStatus] = useState<{ id: number; text: string; issued: boolean } | null>(null);
  const [turnout, setTurnout] = useState<Turnout | null>(null);
  const [proxies, setProxies] = useState<Proxy[]>([]);
  const [last, setLast] = useState<Issued | null>(null);
  const [confirmEnd, setConfirmEnd] = useState(false);
  const act = useAction();
  const ref = useRef<HTMLInputElement>(null);
  const loadTurnout = useCallback(async () => {
    const r = await api.call('turnout.get', {});
    if (r.ok) setTurnout(r.value);
  }, []);
  useEffect(() => void loadTurnout(), [loadTurnout]);
  useEffect(() => {
    if (party) return;
    void api
      .call('proxy.list', {})
      .then((r) => r.ok && setProxies(r.value.proxies.filter((p) => p.status === 'approved' && p.published)));
  }, [party, last]);
  useEffect(() => {
    if (q.trim() === '') {
      setHits([]);
      return;
    }
    let live = true;
    const query = q.trim();
    void searchRoll(query, 8).then((h) => {
      if (live) {
        setHits(h);
        setHitsFor(query);
        setActive(0);
      }
    });
    return () => {
      live = false;
    };
  }, [q]);
  // Whether the highlighted voter already has a ballot this round (roll.get lists their issues).
  const activeHit = hits[active];
  useEffect(() => {
    if (!activeHit) return setStatus(null);
    let live = true;
    void api.call('roll.get', { voterId: activeHit.id }).then((r) => {
      if (!live || !r.ok) return;
      const mine = r.value.issues.find((i) => i.roundId === election.currentRound.id);
      setStatus({
        id: activeHit.id,
        issued: !!mine,
        text: mine
          ? `本轮已领票（${mine.way === 'proxy' ? `委托票，由 ${mine.trusteeName ?? ''} 代领` : mine.way === 'mobile' ? '流动票箱' : '本人领取'}，${mine.at.slice(11, 16)}）`
          : '本轮未领票',
      });
    });
    return () => {
      live = false;
    };
  }, [activeHit, election.currentRound.id]);

  const issue = async (h: Hit) => {
    const r = await act.run(() => api.call('ballot.issue', { voterId: h.id }));
    if (r) {
      setLast(r);
      setQ('');
      setHits([]);
      await loadTurnout();
    }
    ref.current?.focus();
  };

  if (election.phase === 'setup' || election.phase === 'roll_published') {
    return (
      <Section title={party ? '签到（发放选票）' : '发放选票'}>
        <Notice>
          {election.phase === 'setup'
            ? '请先在“选民登记”页公布选民名单。'
            : '选民名单已公布。投票开始时请点击下面的按钮，之后才能发放选票。'}
        </Notice>
        {election.phase === 'roll_published' ? (
          <Button
            kind="primary"
            busy={act.busy}
            testId="start-voting"
            onClick={() => void act.run(() => api.call('election.setPhase', { phase: 'voting' }))}
          >
            开始投票
          </Button>
        ) : null}
        <Busy busy={act.busy} />
        <ErrorBox error={act.error} />
      </Section>
    );
  }

  const trusteeOf = (id: number) => proxies.filter((p) => p.trusteeId === id);
  const principalOf = (id: number) => proxies.find((p) => p.principalId === id);
  return (
    <div>
      {turnout ? (
        <div className="stats" data-testid="turnout">
          <Stat
            label={party ? '应到会（基数）' : '登记选民'}
            value={party ? turnout.base : turnout.registered}
          />
          <Stat
            label={party ? '实到会' : '参加投票（已领票）'}
            value={<span data-testid="participants">{turnout.participants}</span>}
          />
          {!party ? <Stat label="其中委托投票" value={turnout.byWay.proxy} /> : null}
          {!party && turnout.byWay.mobile > 0 ? (
            <Stat label="其中流动票箱" value={turnout.byWay.mobile} />
          ) : null}
          <Stat
            label={
              party
                ? `到会是否达到 4/5（P4，需 ${turnout.needed} 人）`
                : `是否过半数（E1，需 ${turnout.needed} 人）`
            }
            value={turnout.reached ? '已达到' : `还差 ${turnout.more}`}
            tone={turnout.reached ? 'ok' : 'warn'}
          />
          {!party && turnout.proxyPending > 0 ? (
            <Stat label="受托人未到（委托票未领）" value={turnout.proxyPending} tone="warn" />
          ) : null}
        </div>
      ) : null}
      {election.phase === 'voting' ? (
        <Section title={party ? '签到并发放选票' : '发放选票'}>
          <p className="muted">
            输入姓名、拼音首字母或身份证号后四位，按 <span className="kbd">↑</span>
            <span className="kbd">↓</span> 选择，<span className="kbd">Enter</span>{' '}
            发票。受托人领票时，委托票一并发放。
          </p>
          <input
            ref={ref}
            autoFocus
            className="pad-entry"
            value={q}
            onChange={(e) => setQ(e.target.value)}
            data-testid="issue-search"
            aria-label="查找选民"
            autoComplete="off"
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
                if (h && hitsFor === q.trim()) void issue(h);
              } else if (e.key === 'Escape') setQ('');
            }}
          />
          <table className="table issue-hits" style={{ marginTop: '0.5rem' }} data-testid="issue-hits">
            <tbody>
              {hits.map((h, i) => {
                const tp = trusteeOf(h.id);
                const pp = principalOf(h.id);
                return (
                  <tr
                    key={h.id}
                    className={i === active ? 'selected' : ''}
                    onClick={() => void issue(h)}
                    data-testid="issue-hit"
                  >
                    <td className="hit-name">{h.name}</td>
                    <td>…{idTail(h)}</td>
                    <td>{h.group}</td>
                    <td>
                      {status && status.id === h.id ? (
                        <span className={`tag ${status.issued ? 'tag-bad' : 'tag-ok'}`}>{status.text}</span>
                      ) : null}
                      {pp ? <span className="tag tag-warn">已委托 {pp.trusteeName} 代投</span> : null}
                      {tp.length > 0 ? (
                        <span className="tag tag-warn">
                          受托：{tp.map((p) => p.principalName).join('、')}（另领 {tp.length} 张委托票）
                        </span>
                      ) : null}
                    </td>
                  </tr>
                );
              })}
              {q.trim() !== '' && hitsFor === q.trim() && hits.length === 0 ? (
                <tr>
                  <td className="muted">名单中没有找到“{q.trim()}”。请核对姓名，或到“选民登记”页查找。</td>
                </tr>
              ) : null}
            </tbody>
          </table>
          <Busy busy={act.busy} label="正在发票…" />
          <ErrorBox error={act.error} title="不能发票" />
          {last ? (
            <Notice kind="ok">
              <span data-testid="issued-notice">
                {last.message.split('\n').map((line, i) => (
                  <span key={i} className={i === 0 ? 'issued-lead' : 'issued-note'}>
                    {line}
                  </span>
                ))}
              </span>
            </Notice>
          ) : null}
          <div className="row end-voting">
            {confirmEnd ? (
              <>
                <b>结束投票后不能再发放本轮选票。确定所有选民都已投票、票箱已封好？</b>
                <Button
                  kind="danger"
                  testId="end-voting-confirm"
                  busy={act.busy}
                  onClick={() => void act.run(() => api.call('election.setPhase', { phase: 'counting' }))}
                >
                  确定结束投票，开始计票
                </Button>
                <Button kind="quiet" onClick={() => setConfirmEnd(false)}>
                  取消
                </Button>
              </>
            ) : (
              <Button kind="danger" testId="end-voting" onClick={() => setConfirmEnd(true)}>
                结束投票，开始计票…
              </Button>
            )}
          </div>
        </Section>
      ) : (
        <Notice>投票已结束，请到“计票”页。</Notice>
      )}
    </div>
  );
}
