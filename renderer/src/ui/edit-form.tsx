/** A small form in place (correct, remove, decide…): its fields, then submit and 取消, then the refusal in plain words. */
import type { ReactNode } from 'react';
import type { AppError } from '../api';
import { Button } from './kit';
import { PlainError } from './plain';

export function EditForm({
  testId,
  title,
  intro,
  children,
  submit,
  onSubmit,
  onCancel,
  busy,
  error,
  errorTitle,
  className,
}: {
  testId: string;
  title?: ReactNode;
  intro?: ReactNode;
  children: ReactNode;
  submit: { label: string; testId: string; kind?: 'primary' | 'danger' };
  onSubmit: () => void;
  onCancel: () => void;
  busy: boolean;
  error: AppError | null;
  /** Said before the refusal: 没有保存, 没有移除… */
  errorTitle: string;
  className?: string;
}) {
  return (
    <form
      className={`edit-box${className ? ` ${className}` : ''}`}
      data-testid={testId}
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit();
      }}
    >
      {title ? <h3>{title}</h3> : null}
      {intro ? <p className="muted">{intro}</p> : null}
      {children}
      <div className="row">
        <Button kind={submit.kind ?? 'primary'} type="submit" busy={busy} testId={submit.testId}>
          {submit.label}
        </Button>
        <Button kind="quiet" onClick={onCancel}>
          取消
        </Button>
      </div>
      <PlainError error={error} title={errorTitle} testId={`${testId.replace(/-form$/, '')}-error`} />
    </form>
  );
}
