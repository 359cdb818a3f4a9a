/**
 * B7: starting and ending the vote. The station says, with the numbers, when the step matters
 * (turnout below the majority E1, the Party quorum P4, a real election's vote before its date) and
 * refuses until the committee confirms once more; this button shows those words and asks.
 */
import { useState } from 'react';
import { api } from '../api';
import type { PhaseConfirmation } from '../../../shared/contract/election.js';
import { Busy, Button, ErrorBox, useAction } from './kit';
import { RuleText } from './rule-text';

type Asked = { code: PhaseConfirmation; rule?: string; message: string };

export function PhaseStep({
  phase,
  label,
  anyway,
  testId,
  kind = 'primary',
  onDone,
}: {
  phase: 'voting' | 'counting';
  label: string;
  /** The button that goes on despite the warnings (仍然结束投票). */
  anyway: string;
  testId: string;
  kind?: 'primary' | 'danger';
  onDone?: () => void;
}) {
  const act = useAction();
  const [asked, setAsked] = useState<Asked[] | null>(null);
  const go = async (confirm: PhaseConfirmation[]) => {
    const r = await act.run(() => api.call('election.setPhase', { phase, ...(confirm.length > 0 ? { confirm } : {}) }));
    if (r) {
      setAsked(null);
      onDone?.();
    }
  };
  const needs = act.error?.code === 'PHASE_NEEDS_CONFIRMATION' ? ((act.error.details as { warnings?: Asked[] } | undefined)?.warnings ?? []) : null;
  const shown = needs ?? asked;
  if (shown && shown.length > 0) {
    return (
      <div className="phase-ask" role="alertdialog" aria-labelledby={`${testId}-ask-title`} data-testid={`${testId}-ask`}>
        <h3 id={`${testId}-ask-title`}>请再确认一次</h3>
        {shown.map((w) => (
          <p key={w.code} className="phase-ask-line">
            <RuleText text={w.message} />
            {w.rule ? (
              <>
                {' '}
                <span className="rule-basis">依据 {w.rule}</span>
              </>
            ) : null}
          </p>
        ))}
        <div className="row">
          <Button kind="danger" busy={act.busy} testId={`${testId}-anyway`} onClick={() => (setAsked(shown), void go(shown.map((w) => w.code)))}>
            {anyway}
          </Button>
          <Button
            kind="quiet"
            testId={`${testId}-cancel`}
            onClick={() => {
              setAsked(null);
              act.setError(null);
            }}
          >
            取消
          </Button>
        </div>
        <Busy busy={act.busy} />
      </div>
    );
  }
  return (
    <>
      <Button kind={kind} busy={act.busy} testId={testId} onClick={() => void go([])}>
        {label}
      </Button>
      <Busy busy={act.busy} />
      <ErrorBox error={act.error} />
    </>
  );
}
