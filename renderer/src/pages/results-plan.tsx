/**
 * 结果 page, the whole election: every post across the rounds (who was elected in which round, run-offs
 * awaited, seats still unfilled), why a winner yields to a close relative (E8), whether the assembly may
 * stop now (E6, with its clause) and the decisions that end an election with seats unfilled: leave them
 * empty (E6) or, for the Party branch, reduce them by the electors' consent (P9).
 */
import { useState } from 'react';
import type { Election } from '../api';
import { api, type Out } from '../api';
import { Button, ErrorBox, Field, Notice, useAction } from '../ui/kit';

type RoundResult = Out<'round.result'>;

const STOP_BASIS = {
  after_main: '正式选举后',
  after_supplementary: '另行选举后',
  party: '党组织选举',
} as const;

/** The posts over every round so far (the plan's status). */
export function ElectionProgress({ r }: { r: RoundResult }) {
  const status = r.plan.status;
  if (status.length === 0) return null;
  return (
    <table className="table" data-testid="election-progress">
      <thead>
        <tr>
          <th>职位</th>
          <th className="num">应选</th>
          <th>已当选（轮次）</th>
          <th>待定</th>
        </tr>
      </thead>
      <tbody>
        {status.map((st) => (
          <tr key={st.position}>
            <td>{st.name}</td>
            <td className="num">{st.seats}</td>
            <td className="name">{st.elected.length > 0 ? st.elected.map((e) => `${e.name}（第${e.round}轮）`).join('、') : <span className="muted">无</span>}</td>
            <td data-testid={`progress-${st.position}`}>
              {[
                st.runoff ? `${st.runoff.candidates.join('、')} 票数相等，再次投票选 ${st.runoff.seats} 名` : '',
                st.unfilled > 0 ? `尚缺 ${st.unfilled} 名` : '',
                st.leftEmpty > 0 ? `空缺 ${st.leftEmpty} 名（决定不再选举）` : '',
              ]
                .filter((x) => x !== '')
                .join('；') || <span className="tag tag-ok">已选足</span>}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** E8: the decisions of this round, each in words with its rule. */
export function RelativeDecisions({ r }: { r: RoundResult }) {
  if (r.relatives.length === 0) return null;
  return (
    <div data-testid="relatives">
      {r.relatives.map((d) => (
        <Notice key={d.message} kind="warn">
          <b>近亲属回避 </b>
          {d.message}
          <span className="muted small">（依据 E8：村民委员会成员实行近亲属回避{d.vacancy === 'succession' ? '；浙江省办法第31条递补' : ''}）</span>
        </Notice>
      ))}
    </div>
  );
}

/** E6 / P9: may the assembly stop, and the two decisions that end the election with seats unfilled. */
export function StopDecisions({ election, r, onDone }: { election: Election; r: RoundResult; onDone: () => void }) {
  const plan = r.plan;
  const act = useAction();
  const [reason, setReason] = useState('');
  const open = plan.status.filter((st) => st.unfilled > 0);
  const [position, setPosition] = useState(open[0]?.position ?? '');
  const pos = open.find((st) => st.position === position) ?? open[0];
  const [seats, setSeats] = useState('');
  const [consent, setConsent] = useState('');
  const [electors, setElectors] = useState(String(r.participants));
  const digits = (v: string) => v.replace(/\D/g, '').slice(0, 6);
  return (
    <div data-testid="stop-decisions">
      {r.decisions.map((d) => (
        <Notice key={d.text} kind="info">
          <span data-testid="decision">
            <b>选举大会决定 </b>
            {d.text}
          </span>
        </Notice>
      ))}
      {plan.stop && r.confirmed ? (
        <Notice kind={plan.stop.may ? 'info' : 'warn'}>
          <span data-testid="stop-rule">
            {plan.stop.message}
            <span className="muted small">
              （依据 {plan.stop.rule}，{STOP_BASIS[plan.stop.basis]}）
            </span>
          </span>
        </Notice>
      ) : null}
      {r.confirmed && plan.stop?.may && plan.next === 'supplementary' ? (
        <form
          className="row"
          onSubmit={async (e) => {
            e.preventDefault();
            const x = await act.run(() => api.call('round.leaveUnfilled', { reason }));
            if (x) onDone();
          }}
        >
          <Field label="选举大会决定不再另行选举（写明决定）">
            <input className="input" style={{ width: '26rem' }} value={reason} onChange={(e) => setReason(e.target.value)} data-testid="leave-reason" placeholder="如：经选举大会表决，尚缺名额空缺，不再另行选举" />
          </Field>
          <Button type="submit" kind="danger" busy={act.busy} disabled={reason.trim() === ''} testId="leave-unfilled">
            不再另行选举，名额空缺
          </Button>
        </form>
      ) : null}
      {r.confirmed && election.kind === 'party_branch' && plan.partyMayReduce && pos ? (
        <form
          onSubmit={async (e) => {
            e.preventDefault();
            const x = await act.run(() =>
              api.call('round.reduceSeats', { position: pos.position, seats: Number(seats), consent: Number(consent), electors: Number(electors) }),
            );
            if (x) onDone();
          }}
        >
          <p>或者：经过半数选举人同意，减少应选名额，不再另行选举（P9）。请先在党员大会上表决，再把表决结果填在下面。</p>
          <div className="row">
            {open.length > 1 ? (
              <Field label="职位">
                <select value={pos.position} onChange={(e) => setPosition(e.target.value)}>
                  {open.map((st) => (
                    <option key={st.position} value={st.position}>
                      {st.name}
                    </option>
                  ))}
                </select>
              </Field>
            ) : null}
            <Field label={`${pos.name}减为（名）`} hint={`已当选 ${pos.elected.length} 名，原应选 ${pos.seats} 名`}>
              <input className="input" style={{ width: '6rem' }} inputMode="numeric" value={seats} onChange={(e) => setSeats(digits(e.target.value))} data-testid="reduce-seats" />
            </Field>
            <Field label="选举人（实到会有选举权的党员）">
              <input className="input" style={{ width: '6rem' }} inputMode="numeric" value={electors} onChange={(e) => setElectors(digits(e.target.value))} data-testid="reduce-electors" />
            </Field>
            <Field label="同意人数">
              <input className="input" style={{ width: '6rem' }} inputMode="numeric" value={consent} onChange={(e) => setConsent(digits(e.target.value))} data-testid="reduce-consent" />
            </Field>
            <Button type="submit" kind="danger" busy={act.busy} disabled={seats === '' || consent === '' || electors === ''} testId="reduce-save">
              记录表决并减少名额
            </Button>
          </div>
        </form>
      ) : null}
      <ErrorBox error={act.error} title="没有完成" />
    </div>
  );
}
