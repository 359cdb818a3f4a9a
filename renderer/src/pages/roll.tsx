/**
 * 选民登记 (党员名册 for a party assembly): import a roll file with a preview that marks each problem
 * row and why, then confirm; search as you type; remove with a reason (never deleted, R4); publish.
 */
import { useEffect, useState } from 'react';
import type { Election } from '../app';
import { callLoose } from '../loose';
import { CATEGORY_LABELS, PARTY_STATUS_LABELS, REMOVAL_REASON_LABELS } from '../../../shared/model.js';
import { Busy, Button, ErrorBox, Field, Notice, Section, fmtTime, useAction } from '../ui/kit';

interface PreviewRow {
  line: number;
  name: string;
  idNumber: string;
  gender?: string;
  category?: string;
  partyStatus?: string | null;
  problems: { code: string; message: string }[];
}
interface Preview {
  previewId: string;
  rows: PreviewRow[];
  okCount: number;
  problemCount: number;
}
interface Voter {
  id: number;
  name: string;
  idNumber?: string;
  idTail?: string;
  gender: string;
  age?: number;
  groupName?: string;
  category?: string;
  partyStatus?: string | null;
  removed?: { reason: string; at: string } | null;
}

const toBase64 = (buf: ArrayBuffer): string => {
  const bytes = new Uint8Array(buf);
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
};

function Import({ onDone }: { onDone: () => void }) {
  const [preview, setPreview] = useState<Preview | null>(null);
  const [onlyProblems, setOnlyProblems] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const act = useAction();
  return (
    <div>
      <p>
        支持 Excel（.xlsx）和 CSV（UTF-8 或
        GBK）文件。导入前先预览：有问题的行标红并写明原因，确认后才写入名单。
      </p>
      <label className="btn btn-primary file-pick">
        选择名单文件（.xlsx / .csv）…
        <input
          type="file"
          accept=".xlsx,.csv"
          className="file-input"
          data-testid="roll-file"
          aria-label="选择选民名单文件"
          onChange={async (e) => {
            const f = e.target.files?.[0];
            if (!f) return;
            setDone(null);
            const data = toBase64(await f.arrayBuffer());
            const r = await act.run(() =>
              callLoose<Preview>('roll.importPreview', { fileName: f.name, dataBase64: data }),
            );
            if (r) setPreview(r);
            e.target.value = '';
          }}
        />
      </label>
      <Busy busy={act.busy} label="正在读取文件…" />
      <ErrorBox error={act.error} />
      {preview ? (
        <div>
          <Notice kind={preview.problemCount > 0 ? 'warn' : 'ok'}>
            <span data-testid="preview-summary">
              共 {preview.rows.length} 行：{preview.okCount} 行可以导入，{preview.problemCount}{' '}
              行有问题（有问题的行不会导入，请改正文件后重新导入）。
            </span>
          </Notice>
          <label className="check">
            <input
              type="checkbox"
              checked={onlyProblems}
              onChange={(e) => setOnlyProblems(e.target.checked)}
            />{' '}
            只看有问题的行
          </label>
          <div style={{ maxHeight: '28rem', overflow: 'auto' }}>
            <table className="table" data-testid="preview-table">
              <thead>
                <tr>
                  <th className="num">行号</th>
                  <th>姓名</th>
                  <th>身份证号</th>
                  <th>类别</th>
                  <th>问题</th>
                </tr>
              </thead>
              <tbody>
                {preview.rows
                  .filter((r) => !onlyProblems || r.problems.length > 0)
                  .map((r) => (
                    <tr key={r.line} className={r.problems.length > 0 ? 'bad' : ''}>
                      <td className="num">{r.line}</td>
                      <td>{r.name}</td>
                      <td>{r.idNumber}</td>
                      <td>
                        {r.partyStatus
                          ? (PARTY_STATUS_LABELS[r.partyStatus as keyof typeof PARTY_STATUS_LABELS] ??
                            r.partyStatus)
                          : r.category
                            ? (CATEGORY_LABELS[r.category] ?? r.category)
                            : ''}
                      </td>
                      <td className="problem">{r.problems.map((p) => p.message).join('；')}</td>
                    </tr>
                  ))}
              </tbody>
            </table>
          </div>
          <div className="row">
            <Button
              kind="primary"
              busy={act.busy}
              disabled={preview.okCount === 0}
              testId="import-confirm"
              onClick={async () => {
                const r = await act.run(() =>
                  callLoose<{ imported: number }>('roll.importConfirm', { previewId: preview.previewId }),
                );
                if (r) {
                  setDone(`已导入 ${r.imported} 人。`);
                  setPreview(null);
                  onDone();
                }
              }}
            >
              确认导入 {preview.okCount} 人
            </Button>
            <Button kind="quiet" onClick={() => setPreview(null)}>
              取消
            </Button>
          </div>
        </div>
      ) : null}
      {done ? <Notice kind="ok">{done}</Notice> : null}
    </div>
  );
}

export function RollPage({ election }: { election: Election }) {
  const party = election.kind === 'party_branch';
  const [q, setQ] = useState('');
  const [voters, setVoters] = useState<Voter[]>([]);
  const [total, setTotal] = useState<number | null>(null);
  const [tick, setTick] = useState(0);
  const [removing, setRemoving] = useState<Voter | null>(null);
  const [reason, setReason] = useState<keyof typeof REMOVAL_REASON_LABELS>('moved');
  const [note, setNote] = useState('');
  const act = useAction();
  useEffect(() => {
    let live = true;
    const t = setTimeout(async () => {
      const r = q.trim()
        ? await callLoose<{ voters: Voter[]; total?: number }>('roll.search', { query: q.trim(), limit: 50 })
        : await callLoose<{ voters: Voter[]; total?: number }>('roll.list', { limit: 50 });
      if (!live) return;
      if (r.ok) {
        setVoters(r.value.voters);
        if (!q.trim()) setTotal(r.value.total ?? r.value.voters.length);
      } else act.setError(r.error);
    }, 80);
    return () => {
      live = false;
      clearTimeout(t);
    };
  }, [q, tick, act]);
  const canEdit = election.phase === 'setup' || election.phase === 'roll_published';
  return (
    <div>
      {canEdit ? (
        <Section title={party ? '导入党员名册' : '导入选民名单'}>
          <Import onDone={() => setTick((t) => t + 1)} />
        </Section>
      ) : null}
      <Section title={`${party ? '党员名册' : '选民名单'}${total !== null ? `（共 ${total} 人）` : ''}`}>
        <input
          className="input input-big"
          style={{ width: '100%', maxWidth: '40rem' }}
          value={q}
          onChange={(e) => setQ(e.target.value)}
          aria-label="查找"
          placeholder="查找：姓名、拼音首字母或身份证号后四位"
          data-testid="roll-search"
        />
        <table className="table" style={{ marginTop: '0.5rem' }} data-testid="roll-table">
          <thead>
            <tr>
              <th>姓名</th>
              <th>性别</th>
              <th>身份证号</th>
              <th>{party ? '党员状态' : '类别'}</th>
              <th>组别</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {voters.map((v) => (
              <tr key={v.id} className={v.removed ? 'removed' : ''}>
                <td>{v.name}</td>
                <td>{v.gender === 'F' ? '女' : '男'}</td>
                <td>{v.idNumber ?? (v.idTail ? `…${v.idTail}` : '')}</td>
                <td>
                  {party
                    ? v.partyStatus
                      ? PARTY_STATUS_LABELS[v.partyStatus as keyof typeof PARTY_STATUS_LABELS]
                      : ''
                    : v.category
                      ? (CATEGORY_LABELS[v.category] ?? v.category)
                      : ''}
                </td>
                <td>{v.groupName ?? ''}</td>
                <td>
                  {v.removed ? (
                    `已移除：${REMOVAL_REASON_LABELS[v.removed.reason as keyof typeof REMOVAL_REASON_LABELS] ?? v.removed.reason}（${fmtTime(v.removed.at)}）`
                  ) : canEdit ? (
                    <Button kind="quiet" onClick={() => setRemoving(v)}>
                      移除
                    </Button>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {removing ? (
          <div className="row">
            <b>移除 {removing.name}</b>
            <Field label="原因">
              <select
                value={reason}
                onChange={(e) => setReason(e.target.value as keyof typeof REMOVAL_REASON_LABELS)}
                data-testid="remove-reason"
              >
                {Object.entries(REMOVAL_REASON_LABELS).map(([k, l]) => (
                  <option key={k} value={k}>
                    {l}
                  </option>
                ))}
              </select>
            </Field>
            <Field label="说明">
              <input className="input" value={note} onChange={(e) => setNote(e.target.value)} />
            </Field>
            <Button
              kind="danger"
              busy={act.busy}
              testId="remove-confirm"
              onClick={async () => {
                const r = await act.run(() =>
                  callLoose('roll.remove', { voterId: removing.id, reason, ...(note ? { note } : {}) }),
                );
                if (r !== undefined) {
                  setRemoving(null);
                  setNote('');
                  setTick((t) => t + 1);
                }
              }}
            >
              确认移除
            </Button>
            <Button kind="quiet" onClick={() => setRemoving(null)}>
              取消
            </Button>
          </div>
        ) : null}
        <p className="muted">移除不会删除记录：名单上保留此人，并写明原因、时间和操作人（R4）。</p>
        <ErrorBox error={act.error} />
      </Section>
      {election.phase === 'setup' ? (
        <Section title="公布名单">
          <p>名单应在选举日 20 天以前公布（R5）。公布后进入“选民名单已公布”阶段。</p>
          <Button
            kind="primary"
            busy={act.busy}
            testId="roll-publish"
            onClick={async () => {
              await act.run(() => callLoose('roll.publish', {}));
            }}
          >
            公布{party ? '党员名册' : '选民名单'}
          </Button>
        </Section>
      ) : null}
    </div>
  );
}
