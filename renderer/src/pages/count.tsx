/**
 * 计票: first each ballot box's collected count (B3), then the keyboard entry pad. Each candidate
 * has a short number per position; the operator types the numbers called out (write-ins by name, with
 * suggestions from the roll), sees the ballot's classification before Enter, and Enter records it.
 * Doubtful ballots go to the scrutineers' queue; the last ballots can be voided or corrected with a
 * reason (chair's PIN); every 50 ballots a checkpoint shows the batch subtotals to compare with the
 * paper tally sheet.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { api } from '../api';
import type { Election } from '../api';
import { Busy, Button, ErrorBox, Field, Notice, Section, Stat, useAction } from '../ui/kit';
import { idTail, searchRoll, type Hit } from '../ui/voter-picker';
import { loadLive, type Live } from './live';
import { buildMarks, parseEntry, type Picked } from './count/entry-grammar';
import { Boxes } from './count/boxes';
import { Checkpoint } from './count/checkpoint';
import { ClassificationView, HEAD } from './count/classification';
import { DoubtQueue } from './count/doubt-queue';
import type { Batch, Classification, Doubt, RecentBallot, Recorded, Summary } from './count/types';
import { openHall } from '../ui/hall-window';
import { RuleText } from '../ui/rule-text';

/** Scrolls a pad input above the sticky status block (classification, 第 N 张已记录) when it would be under it. */
function keepAboveStatus(el: HTMLElement): void {
  const status = document.querySelector('.pad-status');
  if (!status) return;
  const bottom = el.getBoundingClientRect().bottom;
  const top = status.getBoundingClientRect().top;
  if (bottom > top - 8) window.scrollBy(0, bottom - top + 16);
}





export function CountPage({ election }: { election: Election }) {
  const [live, setLive] = useState<Live | null>(null);
  const [summary, setSummary] = useState<Summary | null>(null);
  const [entries, setEntries] = useState<Record<string, string>>({});
  const [picked, setPicked] = useState<Picked>({});
  const [unreadable, setUnreadable] = useState(false);
  const [doubt, setDoubt] = useState('');
  const [preview, setPreview] = useState<{
    c: Classification;
    key: string;
    writeIns: Recorded['writeIns'];
  } | null>(null);
  const [previewError, setPreviewError] = useState<string | null>(null);
  const [suggest, setSuggest] = useState<{ pos: string; hits: Hit[]; active: number }>({
    pos: '',
    hits: [],
    active: 0,
  });
  const [recent, setRecent] = useState<RecentBallot[]>([]);
  const [doubts, setDoubts] = useState<Doubt[]>([]);
  const [lastRecorded, setLastRecorded] = useState<Recorded | null>(null);
  const [fixing, setFixing] = useState<{
    id: number;
    seq: number;
    summary: string;
    mode: 'void' | 'correct' | 'doubt';
  } | null>(null);
  const [fixReason, setFixReason] = useState('');
  const [batch, setBatch] = useState<Batch | null>(null);
  const [showBoxes, setShowBoxes] = useState(false);
  const [loadError, setLoadError] = useState<string | null>(null);
  const act = useAction();
  const fix = useAction();
  const firstRef = useRef<HTMLInputElement>(null);
  const counting = election.phase === 'counting';

  const refresh = useCallback(async () => {
    const [l, r, d, s] = await Promise.all([
      loadLive(),
      api.call('count.recent', { limit: 8 }),
      api.call('count.doubtful', {}),
      api.call('count.summary', {}),
    ]);
    if (s.ok) setSummary(s.value);
    if (l.ok) setLive(l.value);
    else setLoadError(l.error.message);
    if (r.ok) setRecent(r.value.ballots);
    if (d.ok) setDoubts(d.value.doubts);
  }, []);
  useEffect(() => void refresh(), [refresh]);

  const positions = useMemo(() => live?.positions ?? [], [live]);
  const built = useMemo(() => buildMarks(positions, entries, picked), [positions, entries, picked]);
  const entryKey = JSON.stringify([built.marks, unreadable, doubt.trim() !== '']);
  const hasAny = Object.values(entries).some((v) => v.trim() !== '') || unreadable;

  // The classification is shown BEFORE Enter: a preview call (nothing saved) on every change.
  useEffect(() => {
    if (!counting || positions.length === 0) return;
    if (built.unknown.length > 0) {
      setPreview(null);
      setPreviewError(built.unknown.join('；'));
      return;
    }
    setPreviewError(null);
    let alive = true;
    const key = entryKey;
    const t = setTimeout(async () => {
      const r = await api.call('count.recordBallot', {
        marks: built.marks,
        ...(unreadable ? { unreadable } : {}),
        preview: true,
      });
      if (!alive) return;
      if (r.ok) setPreview({ c: r.value.classification, key, writeIns: r.value.writeIns });
      else {
        setPreview(null);
        setPreviewError(r.error.message);
      }
    }, 40);
    return () => {
      alive = false;
      clearTimeout(t);
    };
  }, [built, unreadable, counting, positions.length, entryKey]);

  const clear = () => {
    setEntries({});
    setPicked({});
    setUnreadable(false);
    setDoubt('');
    setPreview(null);
    setSuggest({ pos: '', hits: [], active: 0 });
  };

  const record = async () => {
    if (built.unknown.length > 0 || act.busy) return;
    const entry = {
      marks: built.marks,
      ...(unreadable ? { unreadable } : {}),
      ...(doubt.trim() ? { doubtful: doubt.trim() } : {}),
    };
    const correcting = fixing?.mode === 'correct' ? fixing : null;
    const r = await act.run(() =>
      correcting
        ? api.call(
            'count.correctBallot',
            { ballotId: correcting.id, reason: fixReason.trim(), ...entry },
            { purpose: `更正第 ${correcting.seq} 张选票的记录（原记录作废，按新录入的内容计）：${fixReason.trim()}` },
          )
        : api.call('count.recordBallot', entry),
    );
    if (!r) return;
    setLastRecorded(r);
    // The new count at once (the station says how many are counted); the rest follows with refresh.
    setLive((l) => (l ? { ...l, ballotsCounted: r.ballotsCounted, lastSeq: Math.max(l.lastSeq, r.seq ?? 0) } : l));
    if (r.checkpointDue && r.checkpoint) setBatch(r.checkpoint);
    clear();
    if (correcting) {
      setFixing(null);
      setFixReason('');
    }
    firstRef.current?.focus();
    // The rest of the page (stats, recent ballots, doubts) a moment later, so the hall display's
    // count.live is not queued behind four reads at the station.
    setTimeout(() => void refresh(), 60);
  };

  const lastToken = (text: string) => text.split(/[\s,，、]+/).pop() ?? '';
  const onNameTyping = async (pos: string, text: string) => {
    const last = lastToken(text);
    if (last === '' || /^[-－×xX]?\d+$/.test(last) || /\s$/.test(text))
      return setSuggest({ pos, hits: [], active: 0 });
    const hits = await searchRoll(last, 5);
    setSuggest((s) => (s.pos === pos || s.pos === '' || s.hits.length === 0 ? { pos, hits, active: 0 } : s));
  };
  const takeSuggestion = (pos: string, h: Hit) => {
    const text = entries[pos] ?? '';
    const parts = text.split(/\s+/);
    parts[parts.length - 1] = h.name;
    setEntries({ ...entries, [pos]: `${parts.join(' ')} ` });
    setPicked({ ...picked, [pos]: { ...(picked[pos] ?? {}), [h.name]: h.id } });
    setSuggest({ pos: '', hits: [], active: 0 });
  };

  const counted = live?.ballotsCounted ?? 0;
  const openDoubts = doubts.filter((d) => d.ruling === null && !d.voided);

  if (!counting && election.phase !== 'confirmed') {
    return (
      <Section title="计票">
        <Notice kind="warn">
          现在还不是计票阶段。投票结束后，请在“发放选票”页点击“结束投票，开始计票”。
        </Notice>
      </Section>
    );
  }
  if (!live || !summary)
    return (
      <div>
        <Busy busy={!loadError} label="正在读取计票情况…" />
        <ErrorBox error={loadError} />
      </div>
    );

  const collectedOver = summary.collectedTotal !== null && counted > summary.collectedTotal;
  const needBoxes = !summary.collectedComplete || showBoxes;
  const fresh = preview !== null && preview.key === entryKey;
  return (
    <div>
      <div className="stats">
        <Stat label="已计票（张）" value={<span data-testid="counted">{counted}</span>} />
        <Stat
          label="收回（张）"
          value={<span data-testid="count-collected">{summary.collectedTotal ?? '—'}</span>}
          tone={collectedOver ? 'bad' : undefined}
        />
        <Stat label="有效" value={live.valid} tone="ok" />
        <Stat label="无效" value={live.invalid} />
        <Stat label="空白" value={live.blank} />
        <Stat label="待裁定" value={openDoubts.length} tone={openDoubts.length > 0 ? 'warn' : undefined} />
      </div>
      {!counting ? (
        <Notice kind="ok">
          <span data-testid="count-locked">
            第 {live.roundNumber} 轮的结果已经确认并锁定：不能再录入、作废或更正选票。结果和表格请到“<a href="#/results">结果</a>”和“
            <a href="#/forms">打印与导出</a>”页查看。
          </span>
        </Notice>
      ) : summary.collectedTotal !== null && counted < summary.collectedTotal && !collectedOver ? (
        <p className="count-progress" data-testid="count-progress">
          票箱收回 {summary.collectedTotal} 张，已录入 {counted} 张，还有 {summary.collectedTotal - counted}{' '}
          张。
        </p>
      ) : summary.collectedTotal !== null &&
        counted === summary.collectedTotal &&
        summary.warnings.length === 0 ? (
        <Notice kind="ok">
          <span data-testid="count-complete">
            已录入 {counted} 张，与票箱收回张数相等。
            {openDoubts.length > 0 ? `还有 ${openDoubts.length} 张存疑票待裁定，裁定后` : ''}请到“
            <a href="#/results">结果</a>”页核对并确认。
          </span>
        </Notice>
      ) : (
        summary.warnings.map((w) => (
          <Notice key={w.code + w.message} kind="warn">
            {w.message}
          </Notice>
        ))
      )}
      {counting && needBoxes ? (
        <Section title="第一步：各票箱收回张数">
          <Boxes
            summary={summary}
            onSaved={(s) => {
              setSummary(s);
              setShowBoxes(false);
              void refresh();
            }}
          />
        </Section>
      ) : null}
      {counting && !needBoxes ? (
        <div className="pad-grid">
          <div>
            {batch ? (
              <Checkpoint
                batch={batch}
                positions={positions}
                onDone={() => {
                  setBatch(null);
                  firstRef.current?.focus();
                }}
              />
            ) : null}
            <Section
              title={
                fixing?.mode === 'correct' ? `更正第 ${fixing.seq} 张选票` : `录入第 ${live.lastSeq + 1} 张选票`
              }
            >
              {fixing?.mode === 'correct' ? (
                <Notice kind="warn">
                  原记录：{fixing.summary}。请按选票重新输入，写明更正原因后按
                  Enter；原记录作废保留，需主任密码。
                </Notice>
              ) : null}
              <p className="muted">
                按唱票输入候选人号码，用空格分开；另选他人直接输入姓名（<span className="kbd">↓</span>
                选名单中的人，<span className="kbd">Tab</span>确定）。
                {election.kind === 'party_branch' ? '反对票在号码前加“-”。' : ''}
                <span className="kbd">Tab</span> 换到下一个职位，<span className="kbd">Enter</span>{' '}
                记录这张票，<span className="kbd">Esc</span> 清空。
              </p>
              <form
                onSubmit={(e) => {
                  e.preventDefault();
                  void record();
                }}
                onKeyDown={(e) => {
                  if (e.key === 'Escape') {
                    e.preventDefault();
                    clear();
                    firstRef.current?.focus();
                  }
                }}
              >
                {positions.map((p, i) => {
                  const { numbers, against } = parseEntry(entries[p.key] ?? '');
                  const sug = suggest.pos === p.key ? suggest.hits : [];
                  return (
                    <div className="pad-pos" key={p.key}>
                      <Field label={`${p.name}（应选 ${p.seats} 名）`}>
                        <div style={{ position: 'relative' }}>
                          <input
                            ref={i === 0 ? firstRef : undefined}
                            autoFocus={i === 0}
                            className="pad-entry"
                            value={entries[p.key] ?? ''}
                            data-testid={`pad-${p.key}`}
                            autoComplete="off"
                            aria-label={`${p.name}：候选人号码或另选姓名`}
                            onFocus={(e) => keepAboveStatus(e.currentTarget)}
                            onChange={(e) => {
                              const value = e.target.value;
                              setEntries((old) => ({ ...old, [p.key]: value }));
                              void onNameTyping(p.key, e.target.value);
                            }}
                            onBlur={() =>
                              setSuggest((s) => (s.pos === p.key ? { pos: '', hits: [], active: 0 } : s))
                            }
                            onKeyDown={(e) => {
                              if (sug.length === 0) return;
                              if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
                                e.preventDefault();
                                const d = e.key === 'ArrowDown' ? 1 : -1;
                                setSuggest({
                                  ...suggest,
                                  active: Math.max(0, Math.min(sug.length - 1, suggest.active + d)),
                                });
                              } else if (e.key === 'Tab' && !e.shiftKey) {
                                const h = sug[suggest.active];
                                if (h) {
                                  e.preventDefault();
                                  takeSuggestion(p.key, h);
                                }
                              }
                            }}
                          />
                          {sug.length > 0 ? (
                            <ul className="suggest" role="listbox" data-testid="write-in-suggest">
                              {sug.map((h, k) => (
                                <li
                                  key={h.id}
                                  role="option"
                                  aria-selected={k === suggest.active}
                                  className={k === suggest.active ? 'on' : ''}
                                  onMouseDown={(e) => {
                                    e.preventDefault();
                                    takeSuggestion(p.key, h);
                                  }}
                                >
                                  {h.name}{' '}
                                  <span className="muted">
                                    {h.group} …{idTail(h)}
                                  </span>
                                </li>
                              ))}
                            </ul>
                          ) : null}
                        </div>
                      </Field>
                      <div className="pad-cands">
                        {p.candidates.map((c) => (
                          <span
                            key={c.id}
                            className={`pad-cand ${numbers.includes(c.number) ? 'on' : against.includes(c.number) ? 'against' : ''}`}
                          >
                            <b>{c.number}</b>
                            {c.name}
                          </span>
                        ))}
                      </div>
                    </div>
                  );
                })}
                <div className="row">
                  <label className="check">
                    <input
                      type="checkbox"
                      checked={unreadable}
                      onChange={(e) => setUnreadable(e.target.checked)}
                      data-testid="pad-unreadable"
                    />{' '}
                    <RuleText text="整张无法辨认（V3）" />
                  </label>
                  <Field label="存疑，交监票人裁定（写明疑点）">
                    <input
                      className="input input-wide"
                      value={doubt}
                      onChange={(e) => setDoubt(e.target.value)}
                      data-testid="pad-doubt"
                      placeholder="如：勾选位置不清"
                    />
                  </Field>
                </div>
                {/* Kept in view at the bottom of the window while typing (a 1366×768 laptop): what this
                    ballot counts as, and that the last one was stored. */}
                <div className="pad-status" data-testid="pad-status">
                  <ClassificationView
                    c={hasAny ? (preview?.c ?? null) : null}
                    fresh={fresh}
                    positions={positions}
                    doubt={doubt.trim() !== ''}
                  />
                  {lastRecorded ? (
                    <Notice
                      kind={
                        HEAD(lastRecorded.classification).cls === 'valid' && !lastRecorded.doubtful
                          ? 'ok'
                          : 'warn'
                      }
                    >
                      <span data-testid="last-recorded">
                        第 {lastRecorded.seq} 张已记录
                        {'correctsBallotId' in lastRecorded ? '（更正记录，原记录已作废）' : ''}：
                        {HEAD(lastRecorded.classification).head}
                        {lastRecorded.doubtful ? `，已交监票人裁定（${lastRecorded.doubtful.note}）` : ''}
                      </span>
                      {lastRecorded.ballotsCounted === counted
                        ? lastRecorded.warnings.map((w) => (
                            <div key={w.code + w.message} data-testid="last-recorded-warning">
                              <RuleText text={w.message} />
                            </div>
                          ))
                        : null}
                    </Notice>
                  ) : null}
                </div>
                {hasAny && fresh
                  ? preview.writeIns
                      .filter((w) => w.matches !== 1)
                      .map((w) => (
                        <Notice key={w.position + w.name} kind="warn">
                          另选“{w.name}”：
                          {w.matches === 0 ? '选民名单中没有此人' : `选民名单中有 ${w.matches} 人同名`}
                          ，记录后交监票人裁定（V5）。
                        </Notice>
                      ))
                  : null}
                {previewError ? <ErrorBox error={previewError} /> : null}
                {fixing?.mode === 'correct' ? (
                  <Field label="更正原因（必填）">
                    <input
                      className="input input-wide"
                      value={fixReason}
                      onChange={(e) => setFixReason(e.target.value)}
                      data-testid="fix-reason"
                    />
                  </Field>
                ) : null}
                <div className="row">
                  <Button
                    type="submit"
                    kind="primary"
                    busy={act.busy}
                    disabled={built.unknown.length > 0}
                    testId="pad-record"
                  >
                    {fixing?.mode === 'correct' ? '记录更正' : '记录这张票'}（Enter）
                  </Button>
                  <Button
                    kind="quiet"
                    onClick={() => {
                      clear();
                      if (fixing?.mode === 'correct') setFixing(null);
                      firstRef.current?.focus();
                    }}
                  >
                    {fixing?.mode === 'correct' ? '取消更正' : '清空（Esc）'}
                  </Button>
                  <Busy busy={act.busy} label="正在记录…" />
                </div>
                <ErrorBox error={act.error} title="没有记录" />
              </form>
            </Section>
          </div>
          <div>
            <Section title="最近记录的选票">
              <table className="table recent-table" data-testid="recent-ballots">
                <tbody>
                  {recent.map((b) => (
                    <tr
                      key={b.id}
                      className={
                        b.voided
                          ? 'removed'
                          : b.doubtful && b.ruling === null
                            ? 'warn'
                            : b.status === 'void'
                              ? 'bad'
                              : ''
                      }
                    >
                      <td className="num">{b.seq}</td>
                      <td>
                        {/* a blank ballot's summary is the word 空白 itself: said once, as the tag */}
                        {b.status === 'blank' ? null : b.summary}
                        {b.status === 'void' ? (
                          <span className="tag tag-bad">无效</span>
                        ) : b.status === 'blank' ? (
                          <span className="tag">空白</span>
                        ) : b.classification.positions.some((p) => p.status === 'void') ? (
                          <span className="tag tag-warn">部分作废</span>
                        ) : null}
                        {b.correctsBallotId !== null ? <span className="tag">更正记录</span> : null}
                        {b.doubtful ? (
                          <span className="tag tag-warn">{b.ruling === null ? '存疑' : '已裁定'}</span>
                        ) : null}
                        {b.voided ? <span className="void-why">已作废：{b.voidReason ?? ''}</span> : null}
                      </td>
                      <td className="nowrap">
                        {!b.voided ? (
                          <>
                            <Button
                              kind="quiet"
                              testId="recent-void"
                              onClick={() => (
                                setFixing({ id: b.id, seq: b.seq, summary: b.summary, mode: 'void' }),
                                setFixReason('')
                              )}
                            >
                              作废
                            </Button>
                            <Button
                              kind="quiet"
                              onClick={() => {
                                setFixing({ id: b.id, seq: b.seq, summary: b.summary, mode: 'correct' });
                                setFixReason('');
                                clear();
                                firstRef.current?.focus();
                              }}
                            >
                              更正
                            </Button>
                            {!b.doubtful ? (
                              <Button
                                kind="quiet"
                                onClick={() => (
                                  setFixing({ id: b.id, seq: b.seq, summary: b.summary, mode: 'doubt' }),
                                  setFixReason('')
                                )}
                              >
                                存疑
                              </Button>
                            ) : null}
                          </>
                        ) : null}
                      </td>
                    </tr>
                  ))}
                  {recent.length === 0 ? (
                    <tr>
                      <td className="muted">还没有录入选票。</td>
                    </tr>
                  ) : null}
                </tbody>
              </table>
              {fixing && fixing.mode !== 'correct' ? (
                <form
                  className="fix-box"
                  onSubmit={async (e) => {
                    e.preventDefault();
                    const r =
                      fixing.mode === 'void'
                        ? await fix.run(() =>
                            api.call(
                              'count.voidBallot',
                              { ballotId: fixing.id, reason: fixReason.trim() },
                              { purpose: `作废第 ${fixing.seq} 张选票的记录（这张不再计入）：${fixReason.trim()}` },
                            ),
                          )
                        : await fix.run(() =>
                            api.call('count.markDoubtful', { ballotId: fixing.id, note: fixReason.trim() }),
                          );
                    if (r !== undefined) {
                      setFixing(null);
                      setFixReason('');
                      await refresh();
                      firstRef.current?.focus();
                    }
                  }}
                >
                  <p>
                    第 {fixing.seq} 张：{fixing.summary}
                  </p>
                  <Field
                    label={
                      fixing.mode === 'void' ? '作废这条记录的原因（需主任密码）' : '疑点（交监票人裁定）'
                    }
                  >
                    <input
                      className="input input-wide"
                      autoFocus
                      value={fixReason}
                      onChange={(e) => setFixReason(e.target.value)}
                      data-testid="void-reason"
                    />
                  </Field>
                  <div className="row">
                    <Button type="submit" kind="danger" busy={fix.busy} testId="void-confirm">
                      {fixing.mode === 'void' ? '确认作废' : '交监票人裁定'}
                    </Button>
                    <Button kind="quiet" onClick={() => setFixing(null)}>
                      取消
                    </Button>
                  </div>
                  <Busy busy={fix.busy} />
                  <ErrorBox error={fix.error} title="没有作废" />
                </form>
              ) : null}
            </Section>
            <DoubtQueue
              doubts={openDoubts}
              ruled={doubts.length - openDoubts.length}
              positions={positions}
              onRuled={() => void refresh()}
            />
            <p className="row">
              <a className="btn btn-quiet" href="#/hall" onClick={openHall} data-testid="count-open-hall" title="在单独的窗口中打开大屏（拖到投影仪上）">
                打开大屏（正字计票）
              </a>
              <Button kind="quiet" onClick={() => setShowBoxes(true)}>
                修改票箱收回张数
              </Button>
            </p>
          </div>
        </div>
      ) : null}
    </div>
  );
}

