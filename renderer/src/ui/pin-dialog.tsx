import { useEffect, useRef, useState } from 'react';
import type { PinAsk } from '../api';
import { Button } from './kit';
import { RuleText } from './rule-text';

/**
 * Asks for the committee chair's PIN when a guarded command needs it, saying first what the PIN
 * authorises (which ballot, which action), then the station's words (a wrong PIN, a lockout); Esc
 * cancels.
 */
export function PinDialog({ ask, onDone }: { ask: PinAsk; onDone: (pin: string | null) => void }) {
  const [pin, setPin] = useState('');
  const ref = useRef<HTMLInputElement>(null);
  useEffect(() => ref.current?.focus(), []);
  const again = ask.message.includes('不对') || ask.message.includes('锁定') || ask.message.includes('太多');
  return (
    <div className="modal-backdrop" role="dialog" aria-modal="true" aria-labelledby="pin-title">
      <form
        className="modal"
        onSubmit={(e) => {
          e.preventDefault();
          onDone(pin);
        }}
        onKeyDown={(e) => {
          if (e.key === 'Escape') onDone(null);
        }}
        data-testid="pin-dialog"
      >
        <h2 id="pin-title">需要选举委员会主任密码</h2>
        <div className="pin-purpose" data-testid="pin-purpose">
          <span className="muted">输入密码即同意：</span>
          <b>{ask.purpose}</b>
        </div>
        <p className={again ? 'pin-again' : 'muted'} data-testid="pin-message">
          <RuleText text={ask.message} />
        </p>
        <input ref={ref} className="input input-big" type="password" inputMode="numeric" autoComplete="off" value={pin} onChange={(e) => setPin(e.target.value)} aria-label="主任密码" data-testid="pin-input" />
        <div className="row">
          <Button type="submit" kind="primary" testId="pin-ok">
            确定
          </Button>
          <Button onClick={() => onDone(null)} testId="pin-cancel">
            取消
          </Button>
        </div>
      </form>
    </div>
  );
}
