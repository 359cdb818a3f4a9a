/** 计票: every 50 ballots, the batch subtotals to compare with the paper tally sheet, confirmed or not. */
import { useState } from 'react';
import { api } from '../../api';
import { Button, ErrorBox, Field, Section, useAction } from '../../ui/kit';
import { type LivePosition } from '../live';

import type { Batch } from './types';

export function Checkpoint({
  batch,
  positions,
  onDone,
}: {
  batch: Batch;
  positions: LivePosition[];
  onDone: () => void;
}) {
  const [note, setNote] = useState('');
  const act = useAction();
  const send = async (status: 'confirmed' | 'mismatch') => {
    const r = await act.run(() =>
      api.call('count.checkpoint', {
        uptoSeq: batch.uptoSeq,
        status,
        ...(note.trim() ? { note: note.trim() } : {}),
      }),
    );
    if (r) onDone();
  };
  return (
    <div data-testid="checkpoint" className="checkpoint">
      <Section title={`核对：第 ${batch.fromSeq}–${batch.uptoSeq} 张（本批 ${batch.ballots} 张）`}>
        <p>请与纸质计票单核对这一批的小计，一致再继续：</p>
        <div className="checkpoint-grid">
          {batch.positions.map((b) => (
            <table className="table" key={b.key} data-testid="checkpoint-table">
              <thead>
                <tr>
                  <th>{b.name || positions.find((p) => p.key === b.key)?.name}</th>
                  <th className="num">本批得票</th>
                </tr>
              </thead>
              <tbody>
                {b.votes.map((v) => (
                  <tr key={`${v.candidateId ?? 'w'}-${v.name}`}>
                    <td>
                      {v.name}
                      {v.candidateId === null ? '（另选）' : ''}
                    </td>
                    <td className="num">{v.votes}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ))}
        </div>
        <Field label="说明（不一致时必填：哪一项、差几票）">
          <input
            className="input input-wide"
            value={note}
            onChange={(e) => setNote(e.target.value)}
            data-testid="checkpoint-note"
          />
        </Field>
        <div className="row">
          <Button
            kind="primary"
            busy={act.busy}
            testId="checkpoint-ok"
            onClick={() => void send('confirmed')}
          >
            一致，继续
          </Button>
          <Button
            kind="danger"
            busy={act.busy}
            testId="checkpoint-mismatch"
            onClick={() => void send('mismatch')}
          >
            不一致，记录下来
          </Button>
        </div>
        <ErrorBox error={act.error} />
      </Section>
    </div>
  );
}
