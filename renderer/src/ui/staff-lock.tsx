/**
 * 工作人员锁屏 (issue 12): once the staff PIN is set, the entry pages — 发放选票 and 计票 — show a lock
 * screen until a staff member enters it (auth.check, so every try is recorded and a run of wrong tries
 * locks out as for the chair). The screen locks again on 锁定屏幕, after ten minutes without a key or
 * a click, and when the page is reloaded: someone walking up to an unattended desk cannot issue a
 * ballot or enter one.
 */
import { useEffect, useState, type ReactNode } from 'react';
import { api } from '../api';
import { Button, ErrorBox, useAction, useLoad } from './kit';

/** Minutes without input before the entry pages lock again. */
export const STAFF_IDLE_MINUTES = 10;

// One lock for the whole window: unlocking the issue desk also opens counting, until it locks again.
let unlockedFor: string | null = null;
let lastActivity = Date.now();
const listeners = new Set<() => void>();
const setUnlocked = (id: string | null): void => {
  unlockedFor = id;
  lastActivity = Date.now();
  for (const l of listeners) l();
};

function useUnlocked(electionId: string): boolean {
  const [, setTick] = useState(0);
  useEffect(() => {
    const on = () => setTick((t) => t + 1);
    listeners.add(on);
    const touch = () => void (lastActivity = Date.now());
    window.addEventListener('keydown', touch);
    window.addEventListener('pointerdown', touch);
    const idle = setInterval(() => {
      if (unlockedFor !== null && Date.now() - lastActivity > STAFF_IDLE_MINUTES * 60_000) setUnlocked(null);
    }, 5_000);
    return () => {
      listeners.delete(on);
      window.removeEventListener('keydown', touch);
      window.removeEventListener('pointerdown', touch);
      clearInterval(idle);
    };
  }, []);
  return unlockedFor === electionId;
}

export function StaffLock({ electionId, what, children }: { electionId: string; what: string; children: ReactNode }) {
  const status = useLoad(() => api.call('auth.status', {}), [electionId]);
  const unlocked = useUnlocked(electionId);
  const [pin, setPin] = useState('');
  const act = useAction();
  if (!status.data) return <ErrorBox error={status.error} />;
  if (!status.data.staffPinSet) return <>{children}</>;
  if (unlocked) {
    return (
      <>
        <div className="staff-lock-bar" data-testid="staff-lock-bar">
          <span>已用工作人员密码解锁。{STAFF_IDLE_MINUTES} 分钟无人操作会自动锁定；离开座位前请按“锁定屏幕”。</span>
          <Button onClick={() => setUnlocked(null)} testId="staff-lock-now">
            锁定屏幕
          </Button>
        </div>
        {children}
      </>
    );
  }
  const unlock = async () => {
    const r = await act.run(() => api.call('auth.check', { role: 'staff' }, { pin }));
    setPin('');
    if (r) setUnlocked(electionId);
  };
  return (
    <div className="staff-lock" data-testid="staff-lock" role="dialog" aria-labelledby="staff-lock-title">
      <h2 id="staff-lock-title">{what}页面已锁定</h2>
      <p>请工作人员输入工作人员密码解锁。忘记密码时，请选举委员会主任在“设置”页重新设置。</p>
      <form
        className="row"
        onSubmit={(e) => {
          e.preventDefault();
          void unlock();
        }}
      >
        <label htmlFor="staff-lock-pin" className="staff-lock-label">
          工作人员密码
        </label>
        <input
          id="staff-lock-pin"
          className="input input-big"
          style={{ width: '12rem' }}
          type="password"
          inputMode="numeric"
          autoComplete="off"
          autoFocus
          value={pin}
          onChange={(e) => setPin(e.target.value.replace(/\D/g, '').slice(0, 8))}
          data-testid="staff-lock-pin"
        />
        <Button type="submit" kind="primary" busy={act.busy} disabled={pin.length < 4} testId="staff-lock-unlock">
          解锁
        </Button>
      </form>
      <ErrorBox error={act.error} title="没有解锁" />
    </div>
  );
}
