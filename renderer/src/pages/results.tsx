/** 结果: validity of the round and why, elected, ties, unfilled seats; the next round; confirm and lock. */
import { useEffect, useState } from 'react';
import type { Election } from '../app';
import { callLoose } from '../loose';
import { Busy, Button, ErrorBox, Notice, Section, Stat, useAction } from '../ui/kit';

interface PosResult {
  key: string;
  name: string;
  seats: number;
  votes: { name: string; votes: number; candidate: boolean }[];
  elected: string[];
  tied: string[];
  unfilled: number;
}
interface RoundResult {
  valid: boolean;
  reasons: { code: string; message: string }[];
  ballots: { cast: number; valid: number; invalid: number; blank: number };
  registered: number;
  participants: number;
  positions: PosResult[];
  warnings: { code: string; message: string }[];
  next: { kind: 'runoff' | 'supplementary'; message: string } | null;
  confirmed: boolean;
}

export function ResultsPage({ election }: { election: Election }) {
  const [r, setR] = useState<RoundResult | null>(null);
  const [tick, setTick] = useState(0);
  const act = useAction();
  useEffect(() => {
    void callLoose<RoundResult>('round.result', {}).then((x) => (x.ok ? setR(x.value) : act.setError(x.error)));
  }, [tick, act, election.phase]);
  const reload = () => setTick((t) => t + 1);
  if (!r) return <div>{act.error ? <ErrorBox error={act.error} /> : <Busy busy label="正在计算结果…" />}</div>;
  return (
    <div>
      <Section title={`第 ${election.currentRound.number} 轮结果`}>
        <div className="stats">
          <Stat label={election.kind === 'party_branch' ? '应到会' : '登记选民'} value={r.registered} />
          <Stat label={election.kind === 'party_branch' ? '实到会' : '参加投票'} value={r.participants} />
          <Stat label="收回选票" value={r.ballots.cast} />
          <Stat label="有效票" value={r.ballots.valid} />
          <Stat label="无效票" value={r.ballots.invalid} />
        </div>
        {r.valid ? (
          <Notice kind="ok">
            <span data-testid="round-valid">本轮选举有效。</span>
          </Notice>
        ) : (
          <Notice kind="warn">
            <span data-testid="round-invalid">本轮选举无效：{r.reasons.map((x) => x.message).join('；')}</span>
          </Notice>
        )}
        {r.positions.map((p) => (
          <div key={p.key}>
            <h3>
              {p.name}（应选 {p.seats} 名）
            </h3>
            <table className="table" data-testid={`result-${p.key}`}>
              <thead>
                <tr>
                  <th>姓名</th>
                  <th className="num">得票</th>
                  <th>结果</th>
                </tr>
              </thead>
              <tbody>
                {p.votes.map((v) => (
                  <tr key={v.name} className={p.elected.includes(v.name) ? 'selected' : ''}>
                    <td>
                      {v.name}
                      {v.candidate ? '' : '（另选他人）'}
                    </td>
                    <td className="num">{v.votes}</td>
                    <td>{p.elected.includes(v.name) ? <span className="tag tag-ok">当选</span> : p.tied.includes(v.name) ? <span className="tag tag-warn">票数相等，需再次投票</span> : ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            {p.unfilled > 0 ? <Notice kind="warn">还有 {p.unfilled} 个名额没有选出。</Notice> : null}
          </div>
        ))}
        {r.warnings.map((w) => (
          <Notice key={w.code + w.message} kind="warn">
            {w.message}
          </Notice>
        ))}
      </Section>
      <Section title="下一步">
        {r.confirmed ? (
          <Notice kind="ok">本轮结果已确认并锁定，选票不能再改动。</Notice>
        ) : (
          <>
            <p>确认后本轮结果锁定，选票不能再改动。确认需要选举委员会主任密码（如已设置）。</p>
            <Button kind="primary" busy={act.busy} testId="round-confirm" onClick={async () => { const x = await act.run(() => callLoose('round.confirm', {})); if (x !== undefined) reload(); }}>
              确认本轮结果
            </Button>
          </>
        )}
        {r.confirmed && r.next ? (
          <div>
            <Notice kind="warn">{r.next.message}</Notice>
            <Button kind="primary" busy={act.busy} testId="round-next" onClick={async () => { const x = await act.run(() => callLoose('round.create', { kind: r.next?.kind })); if (x !== undefined) reload(); }}>
              {r.next.kind === 'runoff' ? '开始再次投票' : '开始另行选举'}
            </Button>
          </div>
        ) : null}
        <ErrorBox error={act.error} />
      </Section>
    </div>
  );
}
