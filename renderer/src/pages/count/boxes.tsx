/** 计票: each ballot box's collected count (B3), entered before the first ballot is called. */
import { useState } from 'react';
import { api } from '../../api';
import { Busy, Button, ErrorBox, Field, useAction } from '../../ui/kit';
import { RuleText } from '../../ui/rule-text';

import type { Summary } from './types';

export function Boxes({ summary, onSaved }: { summary: Summary; onSaved: (s: Summary) => void }) {
  const [values, setValues] = useState<Record<string, string>>(() =>
    Object.fromEntries(summary.boxes.map((b) => [b.key, b.collected === null ? '' : String(b.collected)])),
  );
  const act = useAction();
  const save = async () => {
    let last: Summary | undefined;
    for (const b of summary.boxes) {
      const v = values[b.key];
      if (v === undefined || v === '' || Number(v) === b.collected) continue;
      last = await act.run(() => api.call('box.setCollected', { boxKey: b.key, collected: Number(v) }));
      if (last === undefined) return;
    }
    const r = last ?? (await act.run(() => api.call('count.summary', {})));
    if (r) onSaved(r);
  };
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <p>
        <RuleText text="先开箱清点每个票箱收回的选票张数并录入，再开始逐张唱票、计票。收回的选票多于发出的，本次选举无效（B3、B4）。" />
      </p>
      <div className="row">
        {summary.boxes.map((b) => (
          <Field
            key={b.key}
            label={`${b.name}收回张数${b.required ? '' : '（本轮未用，可不填）'}`}
            hint={b.issued !== null ? `本票箱发出 ${b.issued} 张` : undefined}
          >
            <input
              className="input input-big"
              style={{ width: '10rem' }}
              inputMode="numeric"
              autoFocus={b === summary.boxes[0]}
              value={values[b.key] ?? ''}
              onChange={(e) => setValues({ ...values, [b.key]: e.target.value.replace(/\D/g, '') })}
              data-testid={`collected-${b.key}`}
            />
          </Field>
        ))}
        <Button type="submit" kind="primary" busy={act.busy} testId="collected-save">
          保存收回张数（Enter）
        </Button>
      </div>
      <p className="muted">
        发出选票 {summary.issued} 张，参加投票 {summary.participants} 人。
      </p>
      <Busy busy={act.busy} />
      <ErrorBox error={act.error} title="不能保存" />
    </form>
  );
}
