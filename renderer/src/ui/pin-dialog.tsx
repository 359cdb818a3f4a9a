import { useEffect, useRef, useState } from 'react';
import { Button } from './kit';

/** Asks for the committee chair's PIN when a guarded command needs it; Esc cancels. */
export function PinDialog({ message, onDone }: { message: string; onDone: (pin: string | null) => void }) {
  const [pin, setPin] = useState('');
  const ref = useRef<HTMLInputElement>(null);
  useEffect(() => ref.current?.focus(), []);
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
      >
        <h2 id="pin-title">需要选举委员会主任密码</h2>
        <p>{message}</p>
        <input ref={ref} className="input input-big" type="password" inputMode="numeric" autoComplete="off" value={pin} onChange={(e) => setPin(e.target.value)} aria-label="主任密码" />
        <div className="row">
          <Button type="submit" kind="primary">
            确定
          </Button>
          <Button onClick={() => onDone(null)}>取消</Button>
        </div>
      </form>
    </div>
  );
}
