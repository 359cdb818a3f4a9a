/**
 * 发放选票: one search box, Enter issues to the highlighted voter; a trustee's proxy ballots are shown
 * and issued with them (X7); live turnout by way and whether the majority (E1) or the 4/5 quorum (P4)
 * is met. Villagers' elections: the mobile boxes (流动票箱) are registered here, and the way a ballot
 * goes out (本人到场 or one mobile box, B1) is chosen before Enter and stays chosen.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { api, type Out } from '../api';
import type { Election } from '../api';
import { Busy, Button, ErrorBox, Notice, Section, Stat, useAction } from '../ui/kit';
import { idTail, type Hit } from '../ui/voter-picker';
import { parseCardQuery } from '../../../shared/voter-card.js';
import { MobileBoxes } from './mobile-box';
import { PhaseStep } from '../ui/phase-step';

type Turnout = Out<'turnout.get'>;
type Issued = Out<'ballot.issue'>;
type Proxy = Out<'proxy.list'>['proxies'][number];
type Box = Out<'box.list'>['boxes'][number];

/** 本人到场, or the key of the mobile box the ballot goes out through. */
type Way = { kind: 'in_person' } | { kind: 'mobile'; boxKey: string };

export function IssuePage({ election }: { election: Election }) {
  const party = election.kind === 'party_branch';
  const [q, setQ] = useState('');
  const [hits, setHits] = useState<Hit[]>([]);
  /** The query the hits are for (the "not found" line waits for the answer to the current query). */
  const [hitsFor, setHitsFor] = useState('');
  /** A scanned or typed 选民证 that names nobody who may vote here: what the station says about it. */
  const [cardNotice, setCardNotice] = useState<string | null>(null);
  /**
   * A USB scanner types the card's digits and Enter faster than the search answers: an Enter for a
   * card number whose answer has not arrived yet is kept, and acted on when the answer names exactly
   * that one card's voter.
   */
  const pendingEnter = useRef<string | null>(null);
  const issueRef = useRef<(h: Hit) => Promise<void>>(async () => {});
  const [active, setActive] = useState(0);
  const [status, setStatus] = useState<{ id: number; text: string; issued: boolean } | null>(null);
  const [turnout, setTurnout] = useState<Turnout | null>(null);
  const [proxies, setProxies] = useState<Proxy[]>([]);
  const [last, setLast] = useState<Issued | null>(null);
  const [confirmEnd, setConfirmEnd] = useState(false);
  const [boxes, setBoxes] = useState<Box[]>([]);
  const [way, setWay] = useState<Way>({ kind: 'in_person' });
  const act = useAction();
  const ref = useRef<HTMLInputElement>(null);
  const loadTurnout = useCallback(async () => {
    const r = await api.call('turnout.get', {});
    if (r.ok) setTurnout(r.value);
  }, []);
  useEffect(() => void loadTurnout(), [loadTurnout]);
  const loadBoxes = useCallback(async () => {
    const r = await api.call('box.list', {});
    if (r.ok) setBoxes(r.value.boxes);
  }, []);
  useEffect(() => {
    if (!party) void loadBoxes();
  }, [party, loadBoxes, election.currentRound.id]);
  const reloadBoxes = useCallback(() => void loadBoxes(), [loadBoxes]);
  const mobileBoxes = boxes.filter((b) => b.kind === 'mobile');
  const wayBox = way.kind === 'mobile' ? mobileBoxes.find((b) => b.key === way.boxKey) : undefined;
  useEffect(() => {
    if (party) return;
    void api
      .call('proxy.list', {})
      .then((r) => r.ok && setProxies(r.value.proxies.filter((p) => p.status === 'approved' && p.published)));
  }, [party, last]);
  useEffect(() => {
    if (q.trim() === '') {
      setHits([]);
      setCardNotice(null);
      return;
    }
    let live = true;
    const query = q.trim();
    void api.call('roll.search', { query, limit: 8 }).then((r) => {
      if (!live) return;
      // Removed registrations are never offered for a ballot (the card notice says why, for a card).
      const h = r.ok ? r.value.voters.filter((v) => !v.removed) : [];
      setHits(h);
      setHitsFor(query);
      setActive(0);
      setCardNotice(r.ok ? r.value.cardNotice : r.error.message);
      if (pendingEnter.current === query) {
        pendingEnter.current = null;
        const only = h[0];
        if (only && h.length === 1 && only.match === 'card') void issueRef.current(only);
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
    // The previous voter's green notice goes as soon as the next issue starts, so a refusal stands alone.
    setLast(null);
    const r = await act.run(() =>
      api.call('ballot.issue', way.kind === 'mobile' ? { voterId: h.id, way: 'mobile', boxKey: way.boxKey } : { voterId: h.id }),
    );
    if (r) {
      setLast(r);
      setQ('');
      setHits([]);
      await loadTurnout();
      if (way.kind === 'mobile') await loadBoxes();
    }
    ref.current?.focus();
  };
  issueRef.current = issue;

  if (election.phase === 'setup' || election.phase === 'roll_published') {
    return (
      <Section title={party ? '签到（发放选票）' : '发放选票'}>
        <Notice>
          {election.phase === 'setup'
            ? '请先在“选民登记”页公布选民名单。'
            : '选民名单已公布。投票开始时请点击下面的按钮，之后才能发放选票。'}
        </Notice>
        {election.phase === 'roll_published' ? (
          <PhaseStep phase="voting" label="开始投票" anyway="仍然开始投票" testId="start-voting" />
        ) : null}
        <Busy busy={act.busy} />
        <ErrorBox error={act.error} />
        {!party ? <MobileBoxes election={election} boxes={boxes} canAdd onChanged={reloadBoxes} /> : null}
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
          {!party ? <Stat label="其中本人到场" value={<span data-testid="by-way-in-person">{turnout.byWay.in_person}</span>} /> : null}
          {!party ? <Stat label="其中委托投票" value={<span data-testid="by-way-proxy">{turnout.byWay.proxy}</span>} /> : null}
          {!party && (turnout.byWay.mobile > 0 || mobileBoxes.length > 0) ? (
            <Stat label="其中流动票箱" value={<span data-testid="by-way-mobile">{turnout.byWay.mobile}</span>} />
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
            输入姓名、拼音首字母、身份证号后四位或选民证号（也可以用扫码枪扫选民证上的条码），按 <span className="kbd">↑</span>
            <span className="kbd">↓</span> 选择，<span className="kbd">Enter</span>{' '}
            发票。受托人领票时，委托票一并发放。
          </p>
          {!party && mobileBoxes.length > 0 ? (
            <div className="row way-choice" role="radiogroup" aria-label="发票方式" data-testid="issue-way">
              <span className="field-label">发票方式：</span>
              <label className="check big">
                <input type="radio" name="issue-way" checked={way.kind === 'in_person'} onChange={() => setWay({ kind: 'in_person' })} data-testid="way-in-person" /> 本人到场
              </label>
              {mobileBoxes.map((b) => (
                <label key={b.key} className="check big">
                  <input
                    type="radio"
                    name="issue-way"
                    checked={way.kind === 'mobile' && way.boxKey === b.key}
                    onChange={() => setWay({ kind: 'mobile', boxKey: b.key })}
                    data-testid={`way-box-${b.key}`}
                  />{' '}
                  {b.name}
                </label>
              ))}
            </div>
          ) : null}
          {wayBox ? (
            <Notice kind="warn">
              <span data-testid="way-mobile-notice">
                现在按 Enter 发出的选票记在<b>{wayBox.name}</b>名下（流动票箱上门投票），只能发给这个票箱名单上的选民。本人到场的选民来领票前，请先改回“本人到场”。
              </span>
              {wayBox.notReady ? (
                <div data-testid="way-box-not-ready">
                  <b>这个流动票箱还不能使用：</b>
                  {wayBox.notReady}
                </div>
              ) : null}
            </Notice>
          ) : null}
          <input
            ref={ref}
            autoFocus
            className="pad-entry"
            value={q}
            onChange={(e) => {
              pendingEnter.current = null;
              setQ(e.target.value);
            }}
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
                if (hitsFor === q.trim()) {
                  if (h) void issue(h);
                } else if (parseCardQuery(q.trim())) pendingEnter.current = q.trim();
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
                    <td className="mono">
                      {h.match === 'card' ? <span className="tag tag-ok">选民证</span> : null}证号 {h.cardNumber}
                    </td>
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
              {q.trim() !== '' && hitsFor === q.trim() && hits.length === 0 && !cardNotice ? (
                <tr>
                  <td className="muted">名单中没有找到“{q.trim()}”。请核对姓名，或到“选民登记”页查找。</td>
                </tr>
              ) : null}
            </tbody>
          </table>
          {cardNotice && q.trim() !== '' && hitsFor === q.trim() ? (
            <Notice kind="warn">
              <span data-testid="card-notice">{cardNotice}</span>
            </Notice>
          ) : null}
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
                {last.issue.way === 'mobile' ? (
                  <span className="issued-note" data-testid="issued-box">
                    经{mobileBoxes.find((b) => b.key === last.issue.boxKey)?.name ?? '流动票箱'}发出
                  </span>
                ) : null}
              </span>
            </Notice>
          ) : null}
          <div className="row end-voting">
            {confirmEnd ? (
              <>
                <b>结束投票后不能再发放本轮选票。确定所有选民都已投票、票箱已封好？</b>
                <PhaseStep phase="counting" kind="danger" label="确定结束投票，开始计票" anyway="仍然结束投票" testId="end-voting-confirm" />
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
      {!party ? (
        <MobileBoxes election={election} boxes={boxes} canAdd={election.phase === 'voting'} onChanged={reloadBoxes} />
      ) : null}
    </div>
  );
}
