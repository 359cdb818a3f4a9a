/**
 * 结果: validity of the round and why, elected, ties, unfilled seats; the next round; confirm and lock.
 * Also the ballot reconciliation for the tally sheet: printed and spoiled-and-replaced (B3) and the
 * collected count against participants or issued ballots (B4).
 */
import { positionWord } from '../../../shared/position-words.js';
import { notElectedLabel } from '../../../shared/result-label.js';
import { useEffect, useState } from 'react';
import type { Election } from '../api';
import { api, type Out } from '../api';
import { Busy, Button, ErrorBox, Field, Notice, Section, Stat, useAction, useLoad } from '../ui/kit';
import { ElectionProgress, RelativeDecisions, StopDecisions } from './results-plan';
import { ROUND_KIND_LABELS as KIND_LABEL } from '../../../shared/model.js';

type RoundResult = Out<'round.result'>;
type RoundInfo = Out<'round.list'>['rounds'][number];

const NEXT_LABEL = {
  runoff: '开始再次投票（票数相等者）',
  supplementary: '开始另行选举（补足名额）',
} as const;

type SetPrinted = Out<'round.setPrinted'>;

/** 选票数核对: printed = issued + spoiled + unused (B3); collected ≤ participants or issued (B4). */
function BallotReconcile({ election, locked }: { election: Election; locked: boolean }) {
  const summary = useLoad(() => api.call('count.summary', {}), [election.currentRound.id, election.phase]);
  const [printed, setPrinted] = useState('');
  const [spoiled, setSpoiled] = useState('');
  const [unused, setUnused] = useState('');
  const [saved, setSaved] = useState<SetPrinted | null>(null);
  const act = useAction();
  const s = summary.data;
  useEffect(() => {
    if (!s) return;
    setPrinted(s.printed === null ? '' : String(s.printed));
    setSpoiled(s.spoiled === null ? '' : String(s.spoiled));
  }, [s?.printed, s?.spoiled]);
  useEffect(
    () =>
      api.onCommand((c) => {
        if (c === 'ballot.issue' || c === 'box.setCollected') summary.reload();
      }),
    [summary.reload],
  );
  if (!s) return <ErrorBox error={summary.error} />;
  const digits = (v: string) => v.replace(/\D/g, '').slice(0, 7);
  const cmpLabel = s.comparator === 'participants' ? '参加投票人数' : '发出选票数';
  const b3 = s.printed === null ? null : s.unused !== null && s.unused >= 0;
  const b4 = s.collectedTotal === null ? null : s.collectedTotal <= s.comparatorValue;
  return (
    <div data-testid="reconcile">
      <p className="muted">
        计票单（选票统计表）要填印制选票数。请清点本轮印制的选票，和发票时因写错、污损收回并换发的选票（作废换发）。
      </p>
      <table className="table reconcile-table">
        <tbody>
          <tr>
            <th>印制选票</th>
            <td className="num" data-testid="rec-printed">{s.printed ?? '未录入'}</td>
            <th>发出选票</th>
            <td className="num" data-testid="rec-issued">{s.issued}</td>
          </tr>
          <tr>
            <th>作废换发</th>
            <td className="num" data-testid="rec-spoiled">{s.spoiled ?? '未录入'}</td>
            <th>未用（印制 − 发出 − 作废换发）</th>
            <td className="num" data-testid="rec-unused">{s.unused ?? '—'}</td>
          </tr>
          <tr>
            <th>收回选票（各票箱合计）</th>
            <td className="num" data-testid="rec-collected">{s.collectedTotal ?? '未录入'}</td>
            <th>{cmpLabel}</th>
            <td className="num" data-testid="rec-comparator">{s.comparatorValue}</td>
          </tr>
        </tbody>
      </table>
      <div className="reconcile-checks">
        <Notice kind={b3 === null ? 'info' : b3 ? 'ok' : 'warn'}>
          <span data-testid="rec-b3">
            <b>B3 </b>
            {s.printed === null || s.spoiled === null
              ? '还没有录入印制选票数。'
              : b3
                ? `印制 ${s.printed} 张 = 发出 ${s.issued} + 作废换发 ${s.spoiled} + 未用 ${s.unused ?? 0}，相符。`
                : `印制 ${s.printed} 张少于发出 ${s.issued} 张加作废换发 ${s.spoiled} 张，请核对印制数。`}
          </span>
        </Notice>
        <Notice kind={b4 === null ? 'info' : b4 ? 'ok' : 'warn'}>
          <span data-testid="rec-b4">
            <b>B4 </b>
            {s.collectedTotal === null
              ? `还没有录入票箱收回张数（在“计票”页录入）。收回的选票不能多于${cmpLabel} ${s.comparatorValue}。`
              : b4
                ? `收回选票 ${s.collectedTotal} 张，不多于${cmpLabel} ${s.comparatorValue}，符合规定。`
                : `收回选票 ${s.collectedTotal} 张，多于${cmpLabel} ${s.comparatorValue}，本次选举无效，须重新投票。请先核对票箱收回数是否录错。`}
          </span>
        </Notice>
      </div>
      {!locked ? (
        <form
          onSubmit={async (e) => {
            e.preventDefault();
            if (printed === '' || spoiled === '') return act.setError({ code: 'EMPTY', message: '请填写印制选票数和作废换发数（没有作废换发就填 0）。' });
            const r = await act.run(() =>
              api.call('round.setPrinted', { printed: Number(printed), spoiled: Number(spoiled), ...(unused !== '' ? { unused: Number(unused) } : {}) }),
            );
            if (r) {
              setSaved(r);
              setUnused('');
              summary.reload();
            }
          }}
        >
          <div className="row">
            <Field label="本轮印制选票（张）">
              <input className="input input-big" style={{ width: '9rem' }} inputMode="numeric" value={printed} onChange={(e) => setPrinted(digits(e.target.value))} data-testid="printed" />
            </Field>
            <Field label="作废换发（张）">
              <input className="input input-big" style={{ width: '9rem' }} inputMode="numeric" value={spoiled} onChange={(e) => setSpoiled(digits(e.target.value))} data-testid="spoiled" />
            </Field>
            <Field label="清点的未用选票（可不填）">
              <input className="input input-big" style={{ width: '9rem' }} inputMode="numeric" value={unused} onChange={(e) => setUnused(digits(e.target.value))} data-testid="unused" />
            </Field>
            <Button type="submit" kind="primary" busy={act.busy} testId="printed-save">
              保存并核对（Enter）
            </Button>
          </div>
          <p className="muted">填了清点的未用选票数，计票站会核对 印制 = 发出 + 作废换发 + 未用 是否相符。</p>
          <ErrorBox error={act.error} title="没有保存" />
          {saved ? (
            saved.balanced ? (
              <Notice kind="ok">
                <span data-testid="printed-saved">已保存：印制 {saved.printed} 张，发出 {saved.issued} 张，作废换发 {saved.spoiled} 张，未用 {saved.unused} 张，相符。</span>
              </Notice>
            ) : (
              saved.warnings.map((w) => (
                <Notice key={w.code + w.message} kind="warn">
                  <span data-testid="printed-warning">已保存，但数目不符：{w.message}</span>
                </Notice>
              ))
            )
          ) : null}
        </form>
      ) : (
        <p className="muted">本轮结果已确认，这些数目不能再改。</p>
      )}
    </div>
  );
}

export function ResultsPage({ election }: { election: Election }) {
  const [r, setR] = useState<RoundResult | null>(null);
  const [round, setRound] = useState<RoundInfo | null>(null);
  const [earlier, setEarlier] = useState<RoundInfo[]>([]);
  const [tick, setTick] = useState(0);
  const [created, setCreated] = useState<Out<'round.create'> | null>(null);
  const act = useAction();
  const load = useAction();
  const { run } = load;
  useEffect(() => {
    void run(() => api.call('round.result', {})).then((x) => x && setR(x));
    void api.call('round.list', {}).then((x) => {
      if (!x.ok) return;
      setRound(x.value.rounds.find((y) => y.id === election.currentRound.id) ?? null);
      setEarlier(x.value.rounds.filter((y) => y.id !== election.currentRound.id && y.result !== null));
    });
  }, [tick, run, election.phase, election.currentRound.id]);
  const reload = () => setTick((t) => t + 1);
  if (!r)
    return (
      <div>
        <Busy busy={load.busy} label="正在计算结果…" />
        <ErrorBox error={load.error} title="不能计算结果" />
      </div>
    );
  const party = election.kind === 'party_branch';
  const posName = (k: string) => positionWord(k, round?.positions.find((p) => p.key === k)?.name);
  const candidateOf = (pos: string, name: string) =>
    round?.candidates.find((c) => c.position === pos && c.name === name);
  const t = r.tally;
  const plan = r.plan;
  const canCreate = plan.next === 'runoff' || plan.next === 'supplementary';
  const createdNotice = created ? (
    <Notice kind="ok">
      已开始第 {created.number} 轮（{KIND_LABEL[created.kind]}）：
      {created.positions.map((p) => `${p.name} ${p.seats} 名`).join('、')}。请到“发放选票”页发票。
      {created.warnings.map((w) => (
        <div key={w.code + w.message}>{w.message}</div>
      ))}
    </Notice>
  ) : null;
  const earlierRounds =
    earlier.length > 0 ? (
      <Section title="已确认的轮次">
        {earlier.map((e) => (
          <div key={e.id} className="earlier-round" data-testid="earlier-round">
            <b>
              第 {e.number} 轮（{KIND_LABEL[e.kind]}）
            </b>
            ：
            {e.result?.valid === false
              ? '选举无效'
              : (e.result?.positions ?? [])
                  .map(
                    (p) =>
                      `${positionWord(p.id, e.positions.find((x) => x.key === p.id)?.name)}${p.elected.length > 0 ? `当选 ${p.elected.join('、')}` : '无人当选'}${p.unfilled > 0 ? `（缺 ${p.unfilled} 名）` : ''}`,
                  )
                  .join('；')}
          </div>
        ))}
      </Section>
    ) : null;
  if (r.phase !== 'counting' && r.phase !== 'confirmed')
    return (
      <div>
        <Section title={`第 ${r.number} 轮（${KIND_LABEL[r.kind]}）`}>
          <Notice>
            <span data-testid="round-not-counted">
              第 {r.number} 轮还没有计票：{r.phase === 'voting' ? '正在投票，' : ''}
              投票结束并计票后，这里显示本轮结果。
              {round ? `本轮选举 ${round.positions.map((p) => `${p.name} ${p.seats} 名`).join('、')}。` : ''}
            </span>
          </Notice>
        </Section>
        {r.phase === 'voting' ? (
          <Section title="选票数核对（B3、B4）">
            <BallotReconcile election={election} locked={false} />
          </Section>
        ) : null}
        {createdNotice}
        {earlierRounds}
      </div>
    );
  return (
    <div>
      <Section
        title={`第 ${r.number} 轮（${KIND_LABEL[r.kind]}）结果${r.confirmed ? '（已确认）' : '（尚未确认）'}`}
      >
        <div className="stats">
          <Stat label={party ? '应到会' : '登记选民'} value={r.registered} />
          {r.excluded > 0 ? <Stat label="不计入基数" value={r.excluded} /> : null}
          <Stat label={party ? '实到会' : '参加投票'} value={r.participants} />
          <Stat label="发出选票" value={r.issued} />
          <Stat label="收回选票" value={t.ballots.cast} />
          <Stat label="有效票" value={t.ballots.valid} tone="ok" />
          <Stat label="无效票" value={t.ballots.invalid} />
          {t.ballots.blank > 0 ? <Stat label="其中空白票" value={t.ballots.blank} /> : null}
        </div>
        {t.valid ? (
          <Notice kind="ok">
            <span data-testid="round-valid">
              本轮选举有效
              {party
                ? `：到会 ${r.participants} 人，达到应到会人数的五分之四（P4）。`
                : `：参加投票 ${r.participants} 人，超过登记选民 ${r.registered} 人的半数（E1）；收回选票 ${t.ballots.cast} 张，不多于发出的选票（B4）。`}
            </span>
          </Notice>
        ) : (
          <Notice kind="warn">
            <span data-testid="round-invalid">本轮选举无效。</span>
          </Notice>
        )}
        <RelativeDecisions r={r} />
        {r.warnings.filter((w) => w.rule !== 'E8' && !w.code.startsWith('E6_') && !w.code.startsWith('P9_')).map((w) => (
          <Notice key={w.code + w.message} kind="warn">
            {w.rule && !w.message.startsWith(w.rule) ? <b>{w.rule} </b> : null}
            {w.message}
          </Notice>
        ))}
        {t.positions.map((p) => {
          const base = t.base;
          return (
            <div key={p.id} className="result-pos">
              <h3>
                {posName(p.id)}（应选 {p.seats} 名{p.invalid > 0 ? `，本职位作废 ${p.invalid} 张` : ''}）
              </h3>
              <table className="table result-table" data-testid={`result-${p.id}`}>
                <thead>
                  <tr>
                    <th className="num">号</th>
                    <th>姓名</th>
                    <th className="num">得票</th>
                    <th>结果</th>
                  </tr>
                </thead>
                <tbody>
                  {Object.entries(p.votes).map(([name, votes]) => {
                    const c = candidateOf(p.id, name);
                    const elected = p.elected.includes(name);
                    const tied = p.tied.includes(name);
                    const yielded = p.yielded.includes(name);
                    return (
                      <tr key={name} className={elected ? 'selected' : ''}>
                        <td className="num">{c?.number ?? ''}</td>
                        <td>
                          {name}
                          {c ? '' : <span className="muted">（另选他人）</span>}
                        </td>
                        <td className="num">{votes}</td>
                        <td>
                          {elected ? (
                            <span className="tag tag-ok">当选</span>
                          ) : yielded ? (
                            <span className="tag tag-warn" data-testid={`yielded-${name}`}>
                              近亲属回避，不任职
                            </span>
                          ) : tied ? (
                            <span className="tag tag-warn">进入再次投票（票数相等）</span>
                          ) : (
                            <span className="muted">{notElectedLabel(r.kind, votes, base, party)}</span>
                          )}
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
              {p.unfilled > 0 ? (
                <Notice kind="warn">
                  <span data-testid={`unfilled-${p.id}`}>
                    {posName(p.id)}还有 {p.unfilled} 个名额没有选出
                    {p.tied.length > 0 ? `（${p.tied.join('、')} 票数相等）` : ''}。
                  </span>
                </Notice>
              ) : null}
            </div>
          );
        })}
      </Section>
      <Section title="选票数核对（B3、B4）">
        <BallotReconcile election={election} locked={r.confirmed} />
      </Section>
      <Section title="各职位选举情况（各轮合计）">
        <ElectionProgress r={r} />
      </Section>
      <Section title="下一步">
        {/* the E6 / P9 clause is shown with its rule just below */}
        <p data-testid="plan-message">{plan.stop ? plan.message.replace(` ${plan.stop.message}`, '') : plan.message}</p>
        <StopDecisions election={election} r={r} onDone={reload} />
        {r.confirmed ? (
          <Notice kind="ok">
            <span data-testid="round-confirmed">本轮结果已确认并锁定，选票不能再改动。</span>
          </Notice>
        ) : (
          <>
            <p>
              请监票人、计票人核对以上结果。确认后本轮结果锁定，选票不能再改动；确认需要选举委员会主任密码（如已设置）。
            </p>
            <Button
              kind="primary"
              busy={act.busy}
              testId="round-confirm"
              onClick={async () => {
                const x = await act.run(() => api.call('round.confirm', {}));
                if (x !== undefined) reload();
              }}
            >
              确认本轮结果并锁定
            </Button>
          </>
        )}
        {r.confirmed && canCreate && !created ? (
          <div className="row">
            <Button
              kind="primary"
              busy={act.busy}
              testId="round-next"
              onClick={async () => {
                if (plan.next !== 'runoff' && plan.next !== 'supplementary') return;
                const kind = plan.next;
                const x = await act.run(() => api.call('round.create', { kind }));
                if (x !== undefined) {
                  setCreated(x);
                  reload();
                }
              }}
            >
              {plan.next === 'runoff' || plan.next === 'supplementary' ? NEXT_LABEL[plan.next] : ''}
            </Button>
          </div>
        ) : null}
        {createdNotice}
        <Busy busy={act.busy} />
        <ErrorBox error={act.error} title="没有完成" />
      </Section>
      {earlierRounds}
    </div>
  );
}
