/**
 * 计票: first each ballot box's collected count (B3), then the keyboard entry pad. Each candidate
 * has a short number per position; the operator types the numbers called out (write-ins by name, with
 * suggestions from the roll), sees the ballot's classification before Enter, and Enter records it.
 * Doubtful ballots go to the scrutineers' queue; the last ballots can be voided or corrected with a
 * reason; every 50 ballots a checkpoint compares the batch subtotals with the paper tally sheet.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Election } from '../app';
import { callLoose } from '../loose';
import { Busy, Button, ErrorBox, Field, Notice, Section, Stat, useAction } from '../ui/kit';
import { searchRoll } from '../ui/voter-picker';
import { loadLive, type Live, type LivePosition } from './live';

interface Issue {
  code: string;
  rule: string;
  message: string;
  position?: string;
}
interface Classification {
  status: 'valid' | 'blank' | 'void';
  reasons: Issue[];
  notes: Issue[];
  positions: { position: string; status: 'counted' | 'void'; reason?: Issue; selections: string[] }[];
}
interface Recorded {
  ballotId: number;
  seq: number;
  classification: Classification;
}
interface RecentBallot {
  id: number;
  seq: number;
  summary: string;
  status: string;
  voided: boolean;
  doubtful: boolean;
}
interface Box {
  key: string;
  name: string;
  collected: number | null;
}
interface Doubt {
  doubtId: number;
  ballotId: number;
  seq: number;
  note: string;
  summary: string;
}

const CHECKPOINT_EVERY = 50;

/** "1 3 王五" -> candidate numbers and write-in names. */
export function parseEntry(text: string): { numbers: number[]; names: string[] } {
  const numbers: number[] = [];
  const names: string[] = [];
  for (const tok of text.split(/[\s,，、]+/).filter(Boolean)) {
    if (/^\d+$/.test(tok)) numbers.push(Number(tok));
    else names.push(tok);
  }
  return { numbers, names };
}

function ballotInput(positions: LivePosition[], entries: Record<string, string>) {
  const out: Record<string, { for: number[]; writeIns: string[] }> = {};
  const unknown: string[] = [];
  for (const p of positions) {
    const { numbers, names } = parseEntry(entries[p.key] ?? '');
    const ids: number[] = [];
    for (const n of numbers) {
      const c = p.candidates.find((x) => x.number === n);
      if (c) ids.push(c.id);
      else unknown.push(`${p.name}没有 ${n} 号候选人`);
    }
    out[p.key] = { for: ids, writeIns: names };
  }
  return { positions: out, unknown };
}

function ClassificationView({ c }: { c: Classification | null }) {
  if (!c) return <div className="classify classify-valid" style={{ visibility: 'hidden' }}>—</div>;
  const partVoid = c.positions.some((p) => p.status === 'void');
  const cls = c.status === 'void' ? 'invalid' : partVoid ? 'partial' : 'valid';
  const head = c.status === 'void' ? '整张选票无效' : c.status === 'blank' ? '空白票（有效，全部弃权）' : partVoid ? '有效票，但部分职位作废' : '有效票';
  const lines = [...c.reasons, ...c.notes, ...c.positions.filter((p) => p.status === 'void' && p.reason).map((p) => p.reason as Issue)];
  const uniq = [...new Map(lines.map((l) => [l.message, l])).values()];
  return (
    <div className={`classify classify-${cls}`} data-testid="classification" aria-live="polite">
      {head}
      {uniq.map((l) => (
        <div key={l.message} style={{ fontSize: '1.1rem' }}>
          {l.rule} {l.message}
        </div>
      ))}
    </div>
  );
}

function Boxes({ onDone }: { onDone: () => void }) {
  const [boxes, setBoxes] = useState<Box[] | null>(null);
  const [values, setValues] = useState<Record<string, string>>({});
  const act = useAction();
  const load = useCallback(async () => {
    const r = await callLoose<{ boxes: Box[] }>('count.boxes', {});
    if (r.ok) {
      setBoxes(r.value.boxes);
      setValues(Object.fromEntries(r.value.boxes.map((b) => [b.key, b.collected === null ? '' : String(b.collected)])));
    } else act.setError(r.error);
  }, [act]);
  useEffect(() => void load(), [load]);
  if (!boxes) return <ErrorBox error={act.error} />;
  const allIn = boxes.every((b) => b.collected !== null);
  return (
    <div>
      <p>先清点每个票箱收回的选票张数并录入，再开始逐张计票（B3）。收回的选票多于发出的，选举无效（B4）。</p>
      <div className="row">
        {boxes.map((b) => (
          <Field key={b.key} label={`${b.name}收回张数`}>
            <input className="input input-big" style={{ width: '10rem' }} inputMode="numeric" value={values[b.key] ?? ''} onChange={(e) => setValues({ ...values, [b.key]: e.target.value.replace(/\D/g, '') })} data-testid={`collected-${b.key}`} />
          </Field>
        ))}
        <Button
          kind="primary"
          busy={act.busy}
          testId="collected-save"
          onClick={async () => {
            for (const b of boxes) {
              const v = values[b.key];
              if (v === undefined || v === '') continue;
              const r = await act.run(() => callLoose('count.collect', { boxKey: b.key, collected: Number(v) }));
              if (r === undefined) return;
            }
            await load();
            onDone();
          }}
        >
          保存收回张数
        </Button>
      </div>
      {allIn ? <Notice kind="ok">各票箱收回张数已录入，可以开始计票。</Notice> : null}
      <ErrorBox error={act.error} />
    </div>
  );
}

function batchDiff(now: Live, then: Live | null) {
  return now.positions.map((p) => {
    const before = then?.positions.find((x) => x.key === p.key);
    return {
      key: p.key,
      name: p.name,
      rows: [
        ...p.candidates.map((c) => ({ name: c.name, n: c.votes - (before?.candidates.find((x) => x.id === c.id)?.votes ?? 0) })),
        ...p.writeIns.map((w) => ({ name: `${w.name}（另选）`, n: w.votes - (before?.writeIns.find((x) => x.name === w.name)?.votes ?? 0) })),
      ],
    };
  });
}

export function CountPage({ election }: { election: Election }) {
  const [live, setLive] = useState<Live | null>(null);
  const [entries, setEntries] = useState<Record<string, string>>({});
  const [unreadable, setUnreadable] = useState(false);
  const [doubt, setDoubt] = useState('');
  const [preview, setPreview] = useState<Classification | null>(null);
  const [previewError, setPreviewError] = useState<string | null>(null);
  const [suggest, setSuggest] = useState<{ pos: string; names: string[] }>({ pos: '', names: [] });
  const [recent, setRecent] = useState<RecentBallot[]>([]);
  const [doubts, setDoubts] = useState<Doubt[]>([]);
  const [lastRecorded, setLastRecorded] = useState<Recorded | null>(null);
  const [fixing, setFixing] = useState<{ id: number; seq: number; mode: 'void' | 'correct' } | null>(null);
  const [fixReason, setFixReason] = useState('');
  const [checkpointBase, setCheckpointBase] = useState<Live | null>(null);
  const [checkpointNote, setCheckpointNote] = useState('');
  const [showBoxes, setShowBoxes] = useState(false);
  const act = useAction();
  const firstRef = useRef<HTMLInputElement>(null);
  const counting = election.phase === 'counting';

  const refresh = useCallback(async () => {
    const [l, r, d] = await Promise.all([
      loadLive(),
      callLoose<{ ballots: RecentBallot[] }>('count.recent', { limit: 8 }),
      callLoose<{ doubts: Doubt[] }>('count.doubts', {}),
    ]);
    if (l.ok) setLive(l.value);
    if (r.ok) setRecent(r.value.ballots);
    if (d.ok) setDoubts(d.value.doubts);
  }, []);
  useEffect(() => void refresh(), [refresh]);

  const positions = useMemo(() => live?.positions ?? [], [live]);
  const built = useMemo(() => ballotInput(positions, entries), [positions, entries]);
  const hasAny = Object.values(entries).some((v) => v.trim() !== '');

  // The classification is shown BEFORE Enter: a preview call on every change.
  useEffect(() => {
    if (!counting || positions.length === 0) return;
    if (built.unknown.length > 0) {
      setPreview(null);
      setPreviewError(built.unknown.join('；'));
      return;
    }
    let live = true;
    const t = setTimeout(async () => {
      const r = await callLoose<Recorded>('count.recordBallot', { positions: built.positions, unreadable, preview: true });
      if (!live) return;
      if (r.ok) {
        setPreview(r.value.classification);
        setPreviewError(null);
      } else {
        setPreview(null);
        setPreviewError(r.error.message);
      }
    }, 60);
    return () => {
      live = false;
      clearTimeout(t);
    };
  }, [built, unreadable, counting, positions.length]);

  const record = async () => {
    if (built.unknown.length > 0) return;
    const input = { positions: built.positions, unreadable, ...(doubt.trim() ? { doubtNote: doubt.trim() } : {}) };
    const r = await act.run(() => (fixing?.mode === 'correct' ? callLoose<Recorded>('count.correctBallot', { ballotId: fixing.id, reason: fixReason, ...input }) : callLoose<Recorded>('count.recordBallot', input)));
    if (!r) return;
    setLastRecorded(r);
    setEntries({});
    setUnreadable(false);
    setDoubt('');
    setFixing(null);
    setFixReason('');
    setPreview(null);
    await refresh();
    firstRef.current?.focus();
  };

  const onNameTyping = async (pos: string, text: string) => {
    const last = text.split(/[\s,，、]+/).pop() ?? '';
    if (last === '' || /^\d+$/.test(last)) return setSuggest({ pos, names: [] });
    const hits = await searchRoll(last, 5);
    setSuggest({ pos, names: [...new Set(hits.map((h) => h.name))] });
  };

  const counted = live?.ballotsCounted ?? 0;
  const lastCheckpoint = checkpointBase?.ballotsCounted ?? 0;
  const checkpointDue = counted > 0 && counted - lastCheckpoint >= CHECKPOINT_EVERY;

  if (!counting && election.phase !== 'confirmed') {
    return (
      <Section title="计票">
        <Notice kind="warn">现在还不是计票阶段。投票结束后，请在“发放选票”页点击“结束投票，开始计票”。</Notice>
      </Section>
    );
  }

  return (
    <div>
      <div className="stats">
        <Stat label="已计票（张）" value={<span data-testid="counted">{counted}</span>} />
        <Stat label="收回（张）" value={live?.collected ?? '—'} tone={live?.collected !== null && live !== null && counted > (live.collected ?? 0) ? 'bad' : undefined} />
        <Stat label="有效" value={live?.valid ?? 0} tone="ok" />
        <Stat label="无效" value={live?.invalid ?? 0} />
        <Stat label="空白" value={live?.blank ?? 0} />
        <Stat label="待裁定" value={doubts.length} tone={doubts.length > 0 ? 'warn' : undefined} />
      </div>
      {live && (live.collected === null || showBoxes) ? (
        <Section title="第一步：各票箱收回张数">
          <Boxes onDone={() => { setShowBoxes(false); void refresh(); }} />
        </Section>
      ) : null}
      {live && live.collected !== null && counting ? (
        <div className="pad-grid">
          <Section title={fixing?.mode === 'correct' ? `更正第 ${fixing.seq} 张选票` : `录入第 ${counted + 1} 张选票`}>
            <p className="muted">
              按唱票输入候选人号码，用空格分开；另选他人直接输入姓名。<span className="kbd">Tab</span> 换到下一个职位，<span className="kbd">Enter</span> 记录这张票。
            </p>
            <form
              onSubmit={(e) => {
                e.preventDefault();
                void record();
              }}
            >
              {positions.map((p, i) => {
                const { numbers } = parseEntry(entries[p.key] ?? '');
                return (
                  <div className="pad-pos" key={p.key}>
                    <Field label={`${p.name}（应选 ${p.seats} 名）`}>
                      <input
                        ref={i === 0 ? firstRef : undefined}
                        autoFocus={i === 0}
                        className="pad-entry"
                        value={entries[p.key] ?? ''}
                        data-testid={`pad-${p.key}`}
                        autoComplete="off"
                        onChange={(e) => {
                          setEntries({ ...entries, [p.key]: e.target.value });
                          void onNameTyping(p.key, e.target.value);
                        }}
                        onKeyDown={(e) => {
                          if (e.key === 'Tab' && !e.shiftKey && suggest.pos === p.key && suggest.names.length > 0 && /[^\d\s]$/.test(entries[p.key] ?? '')) {
                            e.preventDefault();
                            const parts = (entries[p.key] ?? '').split(/\s+/);
                            parts[parts.length - 1] = suggest.names[0] ?? '';
                            setEntries({ ...entries, [p.key]: `${parts.join(' ')} ` });
                            setSuggest({ pos: '', names: [] });
                          }
                        }}
                      />
                    </Field>
                    {suggest.pos === p.key && suggest.names.length > 0 ? (
                      <p className="muted" data-testid="write-in-suggest">
                        选民名单中：{suggest.names.join('、')}（按 <span className="kbd">Tab</span> 选第一个）
                      </p>
                    ) : null}
                    <div className="pad-cands">
                      {p.candidates.map((c) => (
                        <span key={c.id} className={`pad-cand ${numbers.includes(c.number) ? 'on' : ''}`}>
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
                  <input type="checkbox" checked={unreadable} onChange={(e) => setUnreadable(e.target.checked)} data-testid="pad-unreadable" /> 无法辨认 / 填写不规范（V3）
                </label>
                <Field label="存疑，交监票人裁定（写明疑点）">
                  <input className="input input-wide" value={doubt} onChange={(e) => setDoubt(e.target.value)} data-testid="pad-doubt" />
                </Field>
              </div>
              <ClassificationView c={hasAny || unreadable ? preview : null} />
              {previewError ? <ErrorBox error={previewError} /> : null}
              {fixing?.mode === 'correct' ? (
                <Field label="更正原因">
                  <input className="input input-wide" value={fixReason} onChange={(e) => setFixReason(e.target.value)} data-testid="fix-reason" />
                </Field>
              ) : null}
              <div className="row">
                <Button type="submit" kind="primary" busy={act.busy} disabled={built.unknown.length > 0} testId="pad-record">
                  {fixing?.mode === 'correct' ? '记录更正' : '记录这张票'}（Enter）
                </Button>
                <Button kind="quiet" onClick={() => { setEntries({}); setUnreadable(false); setDoubt(''); setFixing(null); firstRef.current?.focus(); }}>
                  清空
                </Button>
                <Busy busy={act.busy} label="正在记录…" />
              </div>
              <ErrorBox error={act.error} />
              {lastRecorded ? (
                <Notice kind="ok">
                  第 {lastRecorded.seq} 张已记录：{lastRecorded.classification.status === 'void' ? '无效票' : lastRecorded.classification.status === 'blank' ? '空白票' : '有效票'}
                </Notice>
              ) : null}
            </form>
          </Section>
          <div>
            {checkpointDue && live ? (
              <Section title={`核对：第 ${lastCheckpoint + 1}–${counted} 张`}>
                <p>请与纸质计票单核对这一批的小计：</p>
                {batchDiff(live, checkpointBase).map((b) => (
                  <div key={b.key}>
                    <h3>{b.name}</h3>
                    <table className="table" data-testid="checkpoint-table">
                      <tbody>
                        {b.rows.filter((r) => r.n > 0).map((r) => (
                          <tr key={r.name}>
                            <td>{r.name}</td>
                            <td className="num">{r.n}</td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  </div>
                ))}
                <Field label="说明（不一致时必填）">
                  <input className="input" value={checkpointNote} onChange={(e) => setCheckpointNote(e.target.value)} />
                </Field>
                <div className="row">
                  <Button kind="primary" testId="checkpoint-ok" onClick={async () => { const r = await act.run(() => callLoose('count.checkpoint', { uptoSeq: live.lastSeq, status: 'confirmed', note: checkpointNote })); if (r !== undefined) { setCheckpointBase(live); setCheckpointNote(''); } }}>
                    一致，继续
                  </Button>
                  <Button kind="danger" onClick={async () => { const r = await act.run(() => callLoose('count.checkpoint', { uptoSeq: live.lastSeq, status: 'mismatch', note: checkpointNote || '与纸质计票单不一致' })); if (r !== undefined) { setCheckpointBase(live); setCheckpointNote(''); } }}>
                    不一致，记录
                  </Button>
                </div>
              </Section>
            ) : null}
            <Section title="最近记录的选票">
              <table className="table" data-testid="recent-ballots">
                <tbody>
                  {recent.map((b) => (
                    <tr key={b.id} className={b.voided ? 'removed' : b.doubtful ? 'warn' : ''}>
                      <td className="num">{b.seq}</td>
                      <td>
                        {b.summary}
                        {b.doubtful ? <span className="tag tag-warn">存疑</span> : null}
                      </td>
                      <td>
                        {!b.voided && counting ? (
                          <span className="row" style={{ margin: 0 }}>
                            <Button kind="quiet" onClick={() => { setFixing({ id: b.id, seq: b.seq, mode: 'void' }); setFixReason(''); }}>作废</Button>
                            <Button kind="quiet" onClick={() => { setFixing({ id: b.id, seq: b.seq, mode: 'correct' }); setFixReason(''); firstRef.current?.focus(); }}>更正</Button>
                          </span>
                        ) : b.voided ? '已作废' : null}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
              {fixing?.mode === 'void' ? (
                <div className="row">
                  <Field label={`作废第 ${fixing.seq} 张的原因`}>
                    <input className="input input-wide" autoFocus value={fixReason} onChange={(e) => setFixReason(e.target.value)} data-testid="void-reason" />
                  </Field>
                  <Button kind="danger" testId="void-confirm" onClick={async () => { const r = await act.run(() => callLoose('count.voidBallot', { ballotId: fixing.id, reason: fixReason })); if (r !== undefined) { setFixing(null); await refresh(); } }}>
                    确认作废
                  </Button>
                  <Button kind="quiet" onClick={() => setFixing(null)}>取消</Button>
                </div>
              ) : null}
            </Section>
            <DoubtQueue doubts={doubts} onRuled={() => void refresh()} />
            <p>
              <a href="#/hall">打开大屏（正字计票）</a> · <button type="button" className="btn btn-quiet" onClick={() => setShowBoxes(true)}>修改票箱收回张数</button>
            </p>
          </div>
        </div>
      ) : null}
    </div>
  );
}

function DoubtQueue({ doubts, onRuled }: { doubts: Doubt[]; onRuled: () => void }) {
  const [reason, setReason] = useState<Record<number, string>>({});
  const act = useAction();
  return (
    <Section title="待监票人裁定的选票（V6）">
      {doubts.length === 0 ? <p className="muted">没有待裁定的选票。</p> : null}
      {doubts.map((d) => (
        <div key={d.doubtId} className="pad-pos" data-testid="doubt">
          <p>
            <b>第 {d.seq} 张</b>：{d.summary}。疑点：{d.note}
          </p>
          <div className="row">
            <Field label="裁定理由">
              <input className="input" value={reason[d.doubtId] ?? ''} onChange={(e) => setReason({ ...reason, [d.doubtId]: e.target.value })} data-testid="ruling-reason" />
            </Field>
            <Button testId="ruling-as-recorded" onClick={async () => { const r = await act.run(() => callLoose('count.rule', { doubtId: d.doubtId, ruling: 'as_recorded', reason: reason[d.doubtId] ?? '' })); if (r !== undefined) onRuled(); }}>
              按录入计算
            </Button>
            <Button kind="danger" onClick={async () => { const r = await act.run(() => callLoose('count.rule', { doubtId: d.doubtId, ruling: 'unreadable', reason: reason[d.doubtId] ?? '' })); if (r !== undefined) onRuled(); }}>
              裁定为无法辨认
            </Button>
          </div>
        </div>
      ))}
      <ErrorBox error={act.error} />
    </Section>
  );
}
