/**
 * 选票: what the current round's ballot paper prints (posts, 应选人数, candidates in 姓氏笔画 order
 * with the counting pad's numbers), a sample (样票) to check, and printing: the station makes the
 * PDF of N identical papers and adds N to the round's printed count (B3). Used on the setup page
 * and on the forms page.
 */
import { useEffect, useState } from 'react';
import { api, type Out } from '../api';
import type { Election } from '../api';
import { Busy, Button, ErrorBox, Field, Notice, fmtTime, useAction, useLoad } from '../ui/kit';
import { canFetchForms, fetchFormUrl, fmtBytes, openFormInReader } from '../ui/files';

type Printed = Out<'ballot.print'> | Out<'forms.render'>;

/** A saved PDF's name with an open button (browser: a new tab; Electron: the PDF reader). */
export function OpenPdf({ fileName, testId, label = '打开 PDF 打印' }: { fileName: string; testId?: string; label?: string }) {
  const [problem, setProblem] = useState<string | null>(null);
  return (
    <span className="row tight">
      <Button
        kind="primary"
        testId={testId}
        onClick={async () => {
          if (!canFetchForms()) return setProblem(await openFormInReader(fileName));
          const r = await fetchFormUrl(fileName);
          if (r.ok) window.open(r.url, '_blank', 'noopener');
          else setProblem(r.message);
        }}
      >
        {label}
      </Button>
      <ErrorBox error={problem} />
    </span>
  );
}

export function BallotPrint({ election }: { election: Election }) {
  const paper = useLoad(() => api.call('ballot.paper', {}), [election.id, election.currentRound.id, election.phase]);
  const [copies, setCopies] = useState('');
  const [done, setDone] = useState<Printed | null>(null);
  const act = useAction();
  useEffect(() => api.onCommand((c) => {
    if (c.startsWith('candidate.') || c === 'position.set' || c === 'round.create' || c === 'ballot.print') paper.reload();
  }), [paper.reload]);
  const p = paper.data;
  useEffect(() => {
    if (p && copies === '') setCopies(String(p.suggested || ''));
  }, [p?.suggested]);
  if (!p) return <Busy busy={paper.loading} label="正在读取选票内容…" />;
  const n = Number(copies);
  return (
    <div data-testid="ballot-print">
      <p className="muted">
        第 {p.roundNumber} 轮选票（{p.papers === 'per_position' ? '每个职位一张' : '所有职位印在一张上'}）。候选人按姓氏笔画排列，号码就是计票时输入的短号；选票不编号、不记名。
      </p>
      <table className="table" data-testid="ballot-content">
        <thead>
          <tr>
            <th>职位</th>
            <th className="num">应选</th>
            <th>候选人（短号）</th>
          </tr>
        </thead>
        <tbody>
          {p.positions.map((pos) => (
            <tr key={pos.key}>
              <td>{pos.name}</td>
              <td className="num">{pos.seats}</td>
              <td>{pos.candidates.length > 0 ? pos.candidates.map((c) => `${c.number} ${c.name}`).join('　') : <span className="muted">还没有候选人</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {p.warnings.map((w) => (
        <Notice key={w.code + w.message} kind="warn">
          {w.message}
        </Notice>
      ))}
      <p>
        本轮印制选票：<b data-testid="ballot-printed">{p.printed ?? '未录入'}</b>
        {p.printed !== null ? ` 张（其中本站印制 ${p.printedByStation} 张）` : ''}，已发出 {p.issued} 张。
      </p>
      {p.printings.length > 0 ? (
        <ul className="muted">
          {p.printings.map((x) => (
            <li key={x.id}>
              {fmtTime(x.at)} 印制 {x.copies} 张（{x.fileName}）{x.matchesCurrent ? '' : '——与现在的候选人名单不一致，不能使用'}
            </li>
          ))}
        </ul>
      ) : null}
      <div className="row">
        <Button
          busy={act.busy}
          testId="ballot-sample"
          onClick={async () => {
            const r = await act.run(() => api.call('forms.render', { form: 'ballot_paper' }));
            if (r) setDone(r);
          }}
        >
          生成样张（核对用）
        </Button>
        {p.canPrint ? (
          <>
            <Field label="印制张数">
              <input className="input" type="number" min={1} max={20000} value={copies} onChange={(e) => setCopies(e.target.value)} style={{ width: '8rem' }} data-testid="ballot-copies" />
            </Field>
            <Button
              kind="primary"
              busy={act.busy}
              disabled={!Number.isInteger(n) || n < 1}
              testId="ballot-print-button"
              onClick={async () => {
                const r = await act.run(() => api.call('ballot.print', { copies: n }));
                if (r) {
                  setDone(r);
                  paper.reload();
                }
              }}
            >
              印制选票
            </Button>
          </>
        ) : (
          <Notice kind="warn">{p.reason}</Notice>
        )}
      </div>
      <ErrorBox error={act.error ?? paper.error} title="没有生成" />
      {done ? (
        <Notice kind="ok">
          <span data-testid="ballot-done">
            {'copies' in done ? `已生成 ${done.copies} 张选票（${done.pages} 页，${fmtBytes(done.bytes)}），已计入本轮印制选票数，现共 ${done.printed} 张。` : `已生成样张（${fmtBytes(done.bytes)}），印有“样票”字样，不能用于投票。`}
            {done.warnings.map((w) => ` ${w.message}`).join('')}
          </span>{' '}
          <OpenPdf fileName={done.fileName} testId="ballot-open" />
        </Notice>
      ) : null}
    </div>
  );
}
