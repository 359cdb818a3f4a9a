/**
 * 设置, what the 2026 law asks of the candidate list and the officials: the qualification review of
 * each candidate (E10), close relatives among candidates, members and officials (E8, F1) with the
 * election's relation set, revoking a relation recorded by mistake, and an official's withdrawal (E10).
 */
import { useEffect, useState } from 'react';
import type { Election } from '../api';
import { api, type Out } from '../api';
import { RELATION_LABELS } from '../../../shared/model.js';
import { Button, ErrorBox, Field, Notice, useAction, useLoad } from '../ui/kit';
import { RevokeInline } from '../ui/revoke';
import { VoterPicker, type PickedVoter } from '../ui/voter-picker';

type Candidate = Out<'candidate.list'>['candidates'][number];

const REVIEWABLE = ['setup', 'roll_published', 'confirmed'];

/** E10: the review cell of one candidate: its outcome, or a small form to record it. */
export function ReviewCell({ election, c, onDone }: { election: Election; c: Candidate; onDone: () => void }) {
  const [open, setOpen] = useState(false);
  const [ref, setRef] = useState('');
  const [reviewer, setReviewer] = useState('');
  const [note, setNote] = useState('');
  const act = useAction();
  if (c.review) {
    return (
      <span data-testid={`review-${c.id}`} title={`${c.review.reviewer}，${c.review.ref}`}>
        <span className={`tag ${c.review.outcome === 'passed' ? 'tag-ok' : 'tag-warn'}`}>{c.review.outcome === 'passed' ? '审查通过' : '审查未通过'}</span>
        <span className="muted small"> {c.review.ref}</span>
      </span>
    );
  }
  if (c.withdrawn || !REVIEWABLE.includes(election.phase)) return <span className="muted">未审查</span>;
  if (!open) {
    return (
      <Button kind="quiet" onClick={() => setOpen(true)} testId={`review-open-${c.id}`}>
        记录资格审查
      </Button>
    );
  }
  const save = async (outcome: 'passed' | 'failed') => {
    const r = await act.run(() => api.call('candidate.review', { candidateId: c.id, outcome, ref, reviewer, ...(note.trim() ? { note } : {}) }));
    if (r) {
      setOpen(false);
      onDone();
    }
  };
  return (
    <div className="review-form">
      <div className="row tight">
        <input className="input" value={reviewer} onChange={(e) => setReviewer(e.target.value)} placeholder="审查单位或审查人" aria-label="审查人" data-testid={`review-reviewer-${c.id}`} />
        <input className="input" value={ref} onChange={(e) => setRef(e.target.value)} placeholder="审查意见文号" aria-label="审查依据" data-testid={`review-ref-${c.id}`} />
        <input className="input" value={note} onChange={(e) => setNote(e.target.value)} placeholder="说明（未通过时写明原因）" aria-label="说明" />
      </div>
      <div className="row tight">
        <Button kind="primary" busy={act.busy} disabled={!ref.trim() || !reviewer.trim()} onClick={() => void save('passed')} testId={`review-pass-${c.id}`}>
          通过
        </Button>
        <Button kind="danger" busy={act.busy} disabled={!ref.trim() || !reviewer.trim() || !note.trim()} onClick={() => void save('failed')}>
          未通过（退出候选人名单）
        </Button>
        <Button kind="quiet" onClick={() => setOpen(false)}>
          取消
        </Button>
      </div>
      <ErrorBox error={act.error} title="没有记录" />
    </div>
  );
}

/** E8 / F1: relations between people on the roll; the election's relation set says which count. */
export function Relations({ election }: { election: Election }) {
  const list = useLoad(() => api.call('candidate.relations', {}), [election.id]);
  const [a, setA] = useState<PickedVoter | null>(null);
  const [b, setB] = useState<PickedVoter | null>(null);
  const [relation, setRelation] = useState<keyof typeof RELATION_LABELS>('spouse');
  const [warnings, setWarnings] = useState<{ code: string; message: string }[]>([]);
  const [revoking, setRevoking] = useState<number | null>(null);
  const act = useAction();
  useEffect(() => api.onCommand((c) => (c.startsWith('candidate.') ? list.reload() : undefined)), [list.reload]);
  const rows = list.data?.relatives ?? [];
  return (
    <div data-testid="relations">
      <p className="muted">
        村民委员会成员实行近亲属回避（E8）：两名近亲属都当选时，职务高的任职；同一职务得票多的任职；得票相等的两人再次投票。
        本次选举按“{list.data?.relativeSetLabel ?? '…'}”认定近亲属。候选人与工作人员之间的关系也在这里登记（F1）。
      </p>
      {rows.length > 0 ? (
        <table className="table" data-testid="relations-table">
          <thead>
            <tr>
              <th>姓名</th>
              <th>关系</th>
              <th>姓名</th>
              <th>是否回避</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id} className={r.revoked ? 'removed' : ''}>
                <td className="name">{r.name}</td>
                <td>{r.relationLabel}</td>
                <td className="name">{r.otherName}</td>
                <td>{r.revoked ? `已撤销：${r.revoked.reason}` : r.counts ? <span className="tag tag-warn">按近亲属回避</span> : <span className="muted">不在回避范围，只作记录</span>}</td>
                <td>
                  {r.revoked ? null : (
                    <RevokeInline
                      open={revoking === r.id}
                      onOpen={() => setRevoking(r.id)}
                      onClose={() => setRevoking(null)}
                      busy={act.busy}
                      placeholder="撤销原因（如：登记错误）"
                      testId={`relation-revoke-${r.id}`}
                      openTestId={`relation-revoke-open-${r.id}`}
                      onRevoke={async (reason) => {
                        const x = await act.run(() => api.call('candidate.unrelate', { relativeId: r.id, reason }));
                        if (x) list.reload();
                        return x !== undefined;
                      }}
                    />
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="muted">还没有登记近亲属关系。</p>
      )}
      <form
        className="row"
        onSubmit={async (e) => {
          e.preventDefault();
          if (!a || !b) return;
          const r = await act.run(() => api.call('candidate.relate', { voterId: a.id, otherVoterId: b.id, relation }));
          if (r) {
            setA(null);
            setB(null);
            setWarnings(r.warnings);
            list.reload();
          }
        }}
      >
        <VoterPicker label="一方" picked={a} onPick={setA} testId="relation-a" />
        <Field label="是对方的">
          <select value={relation} onChange={(e) => setRelation(e.target.value as keyof typeof RELATION_LABELS)} data-testid="relation-kind">
            {Object.entries(RELATION_LABELS).map(([k, v]) => (
              <option key={k} value={k}>
                {v}
              </option>
            ))}
          </select>
        </Field>
        <VoterPicker label="另一方" picked={b} onPick={setB} testId="relation-b" />
        <Button type="submit" kind="primary" busy={act.busy} disabled={!a || !b} testId="relation-add">
          登记关系
        </Button>
      </form>
      {warnings.map((w) => (
        <Notice key={w.code + w.message} kind="warn">
          {w.message}
        </Notice>
      ))}
      <ErrorBox error={act.error ?? list.error} title="没有完成" />
    </div>
  );
}

/** E10: an official withdraws (for example on being nominated), with the reason; the row stays. */
export function OfficialWithdraw({ officialId, onDone }: { officialId: number; onDone: () => void }) {
  const [open, setOpen] = useState(false);
  const act = useAction();
  return (
    <>
      <RevokeInline
        open={open}
        onOpen={() => setOpen(true)}
        onClose={() => setOpen(false)}
        busy={act.busy}
        placeholder="退出原因（如：被提名为候选人）"
        testId={`official-remove-${officialId}`}
        openTestId={`official-remove-open-${officialId}`}
        onRevoke={async (reason) => {
          const x = await act.run(() => api.call('official.remove', { officialId, reason }));
          if (x) onDone();
          return x !== undefined;
        }}
      />
      <ErrorBox error={act.error} title="没有完成" />
    </>
  );
}
