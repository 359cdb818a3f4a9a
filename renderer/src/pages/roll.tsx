/**
 * 选民登记 (党员名册 for a party assembly): import a roll file with a preview that marks each problem
 * row and why, then confirm; search as you type; remove with a reason (never deleted, R4); publish.
 */
import { useEffect, useState } from 'react';
import type { Election } from '../api';
import { api, type Out } from '../api';
import { PARTY_STATUS_LABELS, REMOVAL_REASON_LABELS } from '../../../shared/model.js';
import { Busy, Button, ErrorBox, Field, Notice, Section, Stat, fmtTime, useAction } from '../ui/kit';
import { RollImport } from './roll-import';

type Voter = Out<'roll.list'>['voters'][number];
type Counts = Out<'roll.list'>['counts'];

export function RollPage({ election }: { election: Election }) {
  const party = election.kind === 'party_branch';
  const [q, setQ] = useState('');
  const [voters, setVoters] = useState<Voter[]>([]);
  const [total, setTotal] = useState<number | null>(null);
  const [counts, setCounts] = useState<Counts | null>(null);
  const [loading, setLoading] = useState(false);
  const [tick, setTick] = useState(0);
  const [removing, setRemoving] = useState<Voter | null>(null);
  const [reason, setReason] = useState<keyof typeof REMOVAL_REASON_LABELS>('moved');
  const [note, setNote] = useState('');
  const [published, setPublished] = useState<Out<'roll.publish'> | null>(null);
  const act = useAction();
  const { setError } = act;
  useEffect(() => {
    let live = true;
    setLoading(true);
    const t = setTimeout(async () => {
      const query = q.trim();
      if (query) {
        const r = await api.call('roll.search', { query, limit: 50 });
        if (!live) return;
        if (r.ok) setVoters(r.value.voters);
        else setError(r.error);
      } else {
        const r = await api.call('roll.list', { limit: 200, includeRemoved: true });
        if (!live) return;
        if (r.ok) {
          setVoters(r.value.voters);
          setTotal(r.value.total);
          setCounts(r.value.counts);
        } else setError(r.error);
      }
      setLoading(false);
    }, 80);
    return () => {
      live = false;
      clearTimeout(t);
    };
  }, [q, tick, setError]);
  const canEdit = election.phase === 'setup' || election.phase === 'roll_published';
  const what = party ? '党员名册' : '选民名单';
  return (
    <div>
      {counts ? (
        <div className="stats" data-testid="roll-counts">
          <Stat label={party ? '名册人数' : '登记选民'} value={counts.registered} />
          {party ? <Stat label="有表决权" value={counts.withVote} /> : null}
          <Stat label="已移除" value={counts.removed} />
          {counts.byGroup.slice(0, 4).map((g) => (
            <Stat key={g.key} label={g.label || '未分组'} value={g.count} />
          ))}
        </div>
      ) : null}
      {canEdit ? (
        <Section title={party ? '导入党员名册' : '导入选民名单'}>
          <RollImport party={party} onDone={() => setTick((t) => t + 1)} />
        </Section>
      ) : null}
      <Section
        title={`${what}${total !== null ? `（共 ${total} 人${total > voters.length && !q.trim() ? `，下面列出前 ${voters.length} 人，请用查找` : ''}）` : ''}`}
      >
        <input
          className="input input-big"
          style={{ width: '100%', maxWidth: '40rem' }}
          value={q}
          onChange={(e) => setQ(e.target.value)}
          aria-label="查找"
          placeholder="查找：姓名、拼音首字母或身份证号后四位"
          data-testid="roll-search"
        />
        <Busy busy={loading} label="正在查找…" />
        <table className="table" style={{ marginTop: '0.5rem' }} data-testid="roll-table">
          <thead>
            <tr>
              <th>姓名</th>
              <th>性别</th>
              <th className="num">年龄</th>
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
                <td className="num">{v.age}</td>
                <td>{v.idNumber}</td>
                <td>{party ? (v.partyStatus ? PARTY_STATUS_LABELS[v.partyStatus] : '') : v.categoryLabel}</td>
                <td>{v.group}</td>
                <td>
                  {v.removal ? (
                    `已移除：${v.removal.reasonLabel}（${fmtTime(v.removal.at)}）`
                  ) : canEdit ? (
                    <Button kind="quiet" onClick={() => setRemoving(v)}>
                      移除
                    </Button>
                  ) : null}
                </td>
              </tr>
            ))}
            {voters.length === 0 && !loading ? (
              <tr>
                <td colSpan={7} className="muted">
                  {q.trim() ? `没有找到“${q.trim()}”。` : `${what}还是空的，请先导入文件。`}
                </td>
              </tr>
            ) : null}
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
                  api.call('roll.remove', { voterId: removing.id, reason, ...(note ? { note } : {}) }),
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
        <Section title={`公布${what}`}>
          <p>名单应在选举日 20 天以前公布（R5）。公布后进入“选民名单已公布”阶段。</p>
          <Button
            kind="primary"
            busy={act.busy}
            testId="roll-publish"
            onClick={async () => {
              const r = await act.run(() => api.call('roll.publish', {}));
              if (r) setPublished(r);
            }}
          >
            公布{what}
          </Button>
        </Section>
      ) : null}
      {published ? (
        <Notice kind="ok">
          <span data-testid="roll-published">
            已于 {published.publishedOn} 公布{what}，共 {published.voterCount} 人。
          </span>
          {published.warnings.map((w) => (
            <div key={w.code + w.message}>{w.message}</div>
          ))}
        </Notice>
      ) : null}
    </div>
  );
}
