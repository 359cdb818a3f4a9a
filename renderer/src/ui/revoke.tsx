/**
 * 撤销 with a reason, in place in a table row: the button opens a reason box with 确认撤销 / 取消.
 * One row is open at a time (the page holds which); the reason is required and sent trimmed.
 */
import { useState } from 'react';
import { Button } from './kit';

export function RevokeInline({
  open,
  onOpen,
  onClose,
  onRevoke,
  busy,
  placeholder = '撤销原因',
  label = '撤销',
  testId,
  openTestId,
}: {
  open: boolean;
  onOpen: () => void;
  onClose: () => void;
  /** Resolves true when the station took it (the box then closes). */
  onRevoke: (reason: string) => Promise<boolean>;
  busy?: boolean;
  placeholder?: string;
  /** The action's word on the buttons (撤销, 作废 …). */
  label?: string;
  /** Test ids of the reason box and the confirm button: `${testId}-reason`, `${testId}-confirm`. */
  testId?: string;
  /** Test id of the 撤销 button that opens the box. */
  openTestId?: string;
}) {
  const [reason, setReason] = useState('');
  const close = () => {
    setReason('');
    onClose();
  };
  if (!open) {
    return (
      <Button kind="quiet" onClick={onOpen} {...(openTestId ? { testId: openTestId } : {})}>
        {label}
      </Button>
    );
  }
  return (
    <span className="row tight">
      <input
        className="input"
        autoFocus
        value={reason}
        onChange={(e) => setReason(e.target.value)}
        aria-label={`${label}原因`}
        placeholder={placeholder}
        {...(testId ? { 'data-testid': `${testId}-reason` } : {})}
      />
      <Button
        kind="danger"
        busy={busy}
        disabled={!reason.trim()}
        {...(testId ? { testId: `${testId}-confirm` } : {})}
        onClick={async () => {
          if (await onRevoke(reason.trim())) close();
        }}
      >
        确认{label}
      </Button>
      <Button kind="quiet" onClick={close}>
        取消
      </Button>
    </span>
  );
}
