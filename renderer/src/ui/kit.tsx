/** Small shared UI pieces: buttons with progress, fields, in-place errors, tables. */
import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import type { AppError, Result } from '../api';
import { RuleText, withBasis } from './rule-text';

/** Shows a progress line only when an action takes longer than half a second. */
export function Busy({ busy, label = '正在处理，请稍候…' }: { busy: boolean; label?: string }) {
  const [show, setShow] = useState(false);
  useEffect(() => {
    if (!busy) {
      setShow(false);
      return;
    }
    const t = setTimeout(() => setShow(true), 500);
    return () => clearTimeout(t);
  }, [busy]);
  if (!show) return null;
  return (
    <div className="busy" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" /> {label}
    </div>
  );
}

export function ErrorBox({ error, title }: { error: AppError | string | null | undefined; title?: string }) {
  if (!error) return null;
  const msg = typeof error === 'string' ? error : error.message;
  return (
    <div className="error" role="alert">
      {title ? <strong>{title}：</strong> : null}
      <RuleText text={msg} />
    </div>
  );
}

export function Notice({ children, kind = 'info' }: { children: ReactNode; kind?: 'info' | 'ok' | 'warn' }) {
  return <div className={`notice notice-${kind}`}>{withBasis(children)}</div>;
}

/**
 * One action at a time: `run(() => api.call(...))` keeps busy and the Chinese error of the last
 * refusal, which the page shows in place.
 */
export function useAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppError | null>(null);
  const mounted = useRef(true);
  useEffect(() => () => void (mounted.current = false), []);
  const run = useCallback(async <T,>(fn: () => Promise<Result<T>>): Promise<T | undefined> => {
    setBusy(true);
    setError(null);
    try {
      const r = await fn();
      if (!mounted.current) return undefined;
      if (!r.ok) {
        setError(r.error);
        return undefined;
      }
      return r.value;
    } finally {
      if (mounted.current) setBusy(false);
    }
  }, []);
  return { busy, error, setError, run };
}

/** Loads data with a command and reloads it on demand (and when `deps` change). */
export function useLoad<T>(load: () => Promise<Result<T>>, deps: unknown[]) {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  const [loading, setLoading] = useState(true);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let live = true;
    setLoading(true);
    void load().then((r) => {
      if (!live) return;
      setLoading(false);
      if (r.ok) {
        setData(r.value);
        setError(null);
      } else setError(r.error);
    });
    return () => {
      live = false;
    };
  }, [...deps, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { data, error, loading, reload };
}

export function Button({
  children,
  onClick,
  busy,
  kind = 'normal',
  type = 'button',
  disabled,
  title,
  testId,
}: {
  children: ReactNode;
  onClick?: () => void;
  busy?: boolean;
  kind?: 'normal' | 'primary' | 'danger' | 'quiet';
  type?: 'button' | 'submit';
  disabled?: boolean;
  title?: string;
  testId?: string;
}) {
  return (
    <button type={type} className={`btn btn-${kind}`} onClick={onClick} disabled={disabled || busy} aria-busy={busy} title={title} data-testid={testId}>
      {children}
    </button>
  );
}

export function Field({ label, children, hint }: { label: string; children: ReactNode; hint?: ReactNode }) {
  return (
    <label className="field">
      <span className="field-label">
        <RuleText text={label} />
      </span>
      {children}
      {hint ? <span className="field-hint">{hint}</span> : null}
    </label>
  );
}

export function Section({ title, children, actions }: { title: string; children: ReactNode; actions?: ReactNode }) {
  return (
    <section className="section">
      <div className="section-head">
        <h2>
          <RuleText text={title} />
        </h2>
        {actions ? <div className="section-actions">{actions}</div> : null}
      </div>
      {children}
    </section>
  );
}

export function Stat({ label, value, tone }: { label: string; value: ReactNode; tone?: 'ok' | 'warn' | 'bad' }) {
  return (
    <div className={`stat ${tone ? `stat-${tone}` : ''}`}>
      <div className="stat-value">{value}</div>
      <div className="stat-label">{label}</div>
    </div>
  );
}

/** 2026-11-29 15:40 in this computer's time (with seconds: 15:40:07, for the log and backups). */
export const fmtTime = (iso: string, seconds = false): string => {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}${seconds ? `:${p(d.getSeconds())}` : ''}`;
};
