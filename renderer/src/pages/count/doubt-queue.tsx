/** 计票: the doubtful ballots for the scrutineers, each ruled by a named 监票人 (V6). */
import { useState } from 'react';
import { api } from '../../api';
import { Busy, Button, ErrorBox, Field, Section, useAction, useLoad } from '../../ui/kit';
import { type LivePosition } from '../live';
import { buildMarks } from '../count/entry-grammar';

import type { Doubt } from './types';

export function DoubtQueue({
  doubts,
  ruled,
  positions,
  onRuled,
}: {
  doubts: Doubt[];
  ruled: number;
  positions: LivePosition[];
  onRuled: () => void;
}) {
  const [reason, setReason] = useState<Record<number, string>>({});
  const [decider, setDecider] = useState<Record<number, number>>({});
  const [correcting, setCorrecting] = useState<number | null>(null);
  const [entries, setEntries] = useState<Record<string, string>>({});
  const act = useAction();
  const officials = useLoad(() => api.call('official.list', {}), []);
  // V6: the 监票人 (or 总监票人) who decides; only serving scrutineers are offered.
  const scrutineers = (officials.data?.officials ?? []).filter((o) => o.role === 'scrutineer' || o.role === 'chief_scrutineer');
  const rule = async (d: Doubt, ruling: 'as_recorded' | 'unreadable' | 'corrected') => {
    const why = (reason[d.doubtId] ?? '').trim();
    const who = scrutineers.find((o) => o.id === decider[d.doubtId]);
    if (!who) return act.setError({ code: 'RULING_PICK_SCRUTINEER', message: `请先选出裁定第 ${d.seq} 张的监票人。` });
    const marks = ruling === 'corrected' ? buildMarks(positions, entries) : null;
    if (marks && marks.unknown.length > 0)
      return act.setError({ code: 'UNKNOWN_NUMBER', message: marks.unknown.join('；') });
    const action =
      ruling === 'as_recorded' ? '按录入的内容计算' : ruling === 'unreadable' ? '裁定为无法辨认，整张作废（无效票）' : '按监票人认定的内容更正后计算';
    const r = await act.run(() =>
      api.call(
        'count.rule',
        {
          ballotId: d.ballotId,
          ruling,
          scrutineerId: who.id,
          reason: why,
          ...(marks ? { marks: marks.marks } : {}),
        },
        { purpose: `第 ${d.seq} 张存疑票：${action}（监票人 ${who.name} 裁定，理由：${why || '未填'}）` },
      ),
    );
    if (r !== undefined) {
      setCorrecting(null);
      setEntries({});
      onRuled();
    }
  };
  return (
    <Section title="存疑票，待监票人裁定（V6）">
      {doubts.length === 0 ? (
        <p className="muted">没有待裁定的选票{ruled > 0 ? `（已裁定 ${ruled} 张）` : ''}。</p>
      ) : null}
      {doubts.map((d) => (
        <div key={d.doubtId} className="pad-pos doubt" data-testid="doubt">
          <p>
            <b>第 {d.seq} 张</b>：{d.summary}。<br />
            疑点：<b>{d.note}</b>
            <br />
            <span className="muted">按录入：{d.classification.summary}</span>
          </p>
          <Field label={`裁定第 ${d.seq} 张的监票人`}>
            {scrutineers.length === 0 ? (
              <span className="problem" data-testid="ruling-no-scrutineer">
                还没有登记监票人。请先在“选举设置 → 工作人员”中登记监票人，再裁定。
              </span>
            ) : (
              <select
                className="input"
                value={decider[d.doubtId] ?? ''}
                onChange={(e) => setDecider({ ...decider, [d.doubtId]: Number(e.target.value) })}
                data-testid="ruling-scrutineer"
              >
                <option value="">请选择…</option>
                {scrutineers.map((o) => (
                  <option key={o.id} value={o.id}>
                    {o.name}（{o.role === 'chief_scrutineer' ? '总监票人' : '监票人'}{o.boxKey ? '，流动票箱' : ''}）
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={`裁定第 ${d.seq} 张的理由（必填）`}>
            <input
              className="input input-wide"
              value={reason[d.doubtId] ?? ''}
              onChange={(e) => setReason({ ...reason, [d.doubtId]: e.target.value })}
              data-testid="ruling-reason"
            />
          </Field>
          {correcting === d.doubtId ? (
            <div className="row">
              {positions.map((p) => (
                <Field key={p.key} label={`${p.name}（号码或姓名）`}>
                  <input
                    className="input"
                    value={entries[p.key] ?? ''}
                    onChange={(e) => {
                      const value = e.target.value;
                      setEntries((old) => ({ ...old, [p.key]: value }));
                    }}
                    data-testid={`ruling-pad-${p.key}`}
                  />
                </Field>
              ))}
            </div>
          ) : null}
          <div className="row">
            <Button testId="ruling-as-recorded" busy={act.busy} onClick={() => void rule(d, 'as_recorded')}>
              第 {d.seq} 张按录入计算
            </Button>
            <Button
              kind="danger"
              busy={act.busy}
              testId="ruling-unreadable"
              onClick={() => void rule(d, 'unreadable')}
            >
              第 {d.seq} 张裁定为无法辨认（无效）
            </Button>
            {correcting === d.doubtId ? (
              <Button
                kind="primary"
                busy={act.busy}
                testId="ruling-corrected"
                onClick={() => void rule(d, 'corrected')}
              >
                第 {d.seq} 张按上面更正后计算
              </Button>
            ) : (
              <Button kind="quiet" onClick={() => (setCorrecting(d.doubtId), setEntries({}))}>
                更正后计算…
              </Button>
            )}
          </div>
        </div>
      ))}
      <Busy busy={act.busy} />
      <ErrorBox error={act.error} title="没有裁定" />
    </Section>
  );
}
