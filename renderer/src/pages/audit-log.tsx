/**
 * 记录与备份: a manual backup with its result said plainly (when, where), the backups made so far,
 * and the audit log as a committee member reads it — each operation in Chinese, who and when, the
 * ballots by their number, the reasons given — filtered by operation, time and ballot number.
 */
import { useEffect, useState } from 'react';
import { api, type In, type Out } from '../api';
import type { Election } from '../api';
import { backupReasonLabel } from '../../../shared/model.js';
import { Busy, Button, ErrorBox, Field, Notice, Section, fmtTime, useAction, useLoad } from '../ui/kit';

type Made = Out<'backup.create'>;
type View = Out<'audit.view'>;
type ViewEvent = View['events'][number];
type Filter = Omit<In<'audit.view'>, 'beforeSeq' | 'limit'>;

const PAGE = 100;

/** A datetime-local value (this computer's time, to the minute) as the station's UTC time. */
function toStationTime(local: string, endOfMinute: boolean): string | null {
  if (!local) return null;
  const t = new Date(local).getTime();
  if (Number.isNaN(t)) return null;
  return new Date(t + (endOfMinute ? 59_999 : 0)).toISOString();
}

const size = (bytes: number): string => (bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`);

export function LogPage({ election }: { election: Election }) {
  return (
    <div>
      <BackupPanel election={election} />
      <AuditLog election={election} />
    </div>
  );
}

function BackupPanel({ election }: { election: Election }) {
  const act = useAction();
  const [made, setMade] = useState<Made | null>(null);
  const list = useLoad(() => api.call('backup.list', {}), [election.id]);
  const backups = list.data?.backups ?? [];
  return (
    <Section title="备份">
      <p className="muted">
        计票站每进入一个新阶段、每录入 50 张选票，都会自动备份一次。交接班、停电风险或做重要操作之前，可以再手动备份一次。
      </p>
      <div className="row">
        <Button
          kind="primary"
          busy={act.busy}
          testId="backup-now"
          onClick={async () => {
            setMade(null);
            const r = await act.run(() => api.call('backup.create', {}));
            if (r) {
              setMade(r);
              list.reload();
            }
          }}
        >
          立即备份
        </Button>
        <Busy busy={act.busy} label="正在备份，请稍候…" />
      </div>
      <ErrorBox error={act.error} title="没有备份成功" />
      {made ? (
        <Notice kind="ok">
          <span data-testid="backup-done">
            已备份：{fmtTime(made.backup.at, true)}。备份保存在本机的
            <br />
            <b className="path">{made.folder}</b>
            <br />
            文件名 {made.backup.name}（{size(made.backup.bytes)}）。数据出问题时，可以在“开始”页从这个备份恢复。
          </span>
        </Notice>
      ) : null}
      <h3>已有的备份（最近的在前）</h3>
      {list.data && backups.length === 0 ? <p className="muted">还没有备份。</p> : null}
      {backups.length > 0 ? (
        <table className="table" data-testid="backup-list">
          <thead>
            <tr>
              <th>时间</th>
              <th>什么时候备份的</th>
              <th>大小</th>
            </tr>
          </thead>
          <tbody>
            {backups.slice(0, 20).map((b) => (
              <tr key={b.name}>
                <td>{fmtTime(b.at, true)}</td>
                <td>{backupReasonLabel(b.reason)}</td>
                <td>{size(b.bytes)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {backups.length > 20 ? <p className="muted">另有 {backups.length - 20} 个更早的备份，可在“开始”页恢复时选择。</p> : null}
      <ErrorBox error={list.error} title="读不到备份清单" />
    </Section>
  );
}

function AuditLog({ election }: { election: Election }) {
  const [command, setCommand] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [ballot, setBallot] = useState('');
  const [events, setEvents] = useState<ViewEvent[]>([]);
  const [kinds, setKinds] = useState<View['kinds']>([]);
  const [more, setMore] = useState(false);
  const [shown, setShown] = useState<Filter | null>(null);
  const act = useAction();

  const filterNow = (): Filter | string => {
    const f: Filter = {};
    if (command) f.commands = [command];
    const a = toStationTime(from, false);
    const b = toStationTime(to, true);
    if (from && !a) return '开始时间不对，请重新选择。';
    if (to && !b) return '结束时间不对，请重新选择。';
    if (a) f.since = a;
    if (b) f.until = b;
    if (a && b && a > b) return '开始时间晚于结束时间，请重新选择。';
    const n = ballot.trim();
    if (n) {
      if (!/^\d+$/.test(n) || Number(n) < 1) return '选票号请填写数字，例如 12。';
      f.ballot = Number(n);
    }
    return f;
  };

  const load = async (f: Filter, beforeSeq?: number) => {
    const r = await act.run(() => api.call('audit.view', { ...f, limit: PAGE, ...(beforeSeq ? { beforeSeq } : {}) }));
    if (!r) return;
    setKinds(r.kinds);
    setMore(r.more);
    setEvents((old) => (beforeSeq ? [...old, ...r.events] : r.events));
    setShown(f);
  };

  useEffect(() => {
    void load({});
  }, [election.id]);

  const apply = () => {
    const f = filterNow();
    if (typeof f === 'string') return act.setError({ code: 'FILTER', message: f });
    void load(f);
  };

  return (
    <Section title="操作记录">
      <p className="muted">计票站做过的每一项操作都记录在这里，不能修改、不能删除。可以按操作、时间和选票号查找。</p>
      <form
        className="row"
        onSubmit={(e) => {
          e.preventDefault();
          apply();
        }}
      >
        <Field label="操作">
          <select value={command} onChange={(e) => setCommand(e.target.value)} data-testid="log-command">
            <option value="">全部操作</option>
            {kinds.map((k) => (
              <option key={k.command} value={k.command}>
                {k.label}（{k.count} 次）
              </option>
            ))}
          </select>
        </Field>
        <Field label="从（时间）">
          <input className="input" type="datetime-local" value={from} onChange={(e) => setFrom(e.target.value)} data-testid="log-from" />
        </Field>
        <Field label="到（时间）">
          <input className="input" type="datetime-local" value={to} onChange={(e) => setTo(e.target.value)} data-testid="log-to" />
        </Field>
        <Field label="选票号">
          <input className="input" inputMode="numeric" size={6} value={ballot} onChange={(e) => setBallot(e.target.value)} placeholder="如 12" data-testid="log-ballot" />
        </Field>
        <Button type="submit" kind="primary" busy={act.busy} testId="log-apply">
          查找
        </Button>
        <Button
          kind="quiet"
          onClick={() => {
            setCommand('');
            setFrom('');
            setTo('');
            setBallot('');
            void load({});
          }}
        >
          显示全部
        </Button>
      </form>
      <ErrorBox error={act.error} title="没有查到" />
      {shown && events.length === 0 && !act.busy ? (
        <p className="muted" data-testid="log-empty">
          没有符合条件的记录。
        </p>
      ) : null}
      {events.length > 0 ? (
        <table className="table" data-testid="log-table">
          <thead>
            <tr>
              <th>时间</th>
              <th>操作</th>
              <th>选票</th>
              <th>经办</th>
              <th>内容</th>
            </tr>
          </thead>
          <tbody>
            {events.map((e) => (
              <tr key={e.seq} data-testid="log-row">
                <td className="nowrap">{fmtTime(e.at, true)}</td>
                <td>{e.label}</td>
                <td>{e.ballots.map((b) => `第 ${b.seq} 张（第 ${b.round} 轮）`).join('、')}</td>
                <td className="nowrap">{e.who}</td>
                <td>
                  {e.details.map((d) => (
                    <div key={d}>{d}</div>
                  ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {more && shown ? (
        <Button kind="quiet" busy={act.busy} testId="log-more" onClick={() => void load(shown, events[events.length - 1]?.seq)}>
          显示更早的记录
        </Button>
      ) : null}
    </Section>
  );
}
