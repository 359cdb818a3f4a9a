/**
 * The station's messages in plain words: a refusal or warning that starts with its rule's id
 * ("R3 身份证号码 … 已经登记") is shown without it, and the id moves to a small grey "依据" note, so a
 * clerk reads what happened and what to do next, not a code.
 */
import type { AppError } from '../api';
import { Notice } from './kit';

/** A rule id at the start of a message: R1, P4, E8, X7 … (shared/rules ids: one letter, digits). */
const RULE_AT_START = /^([A-Z]\d{1,2})\s+/;

export function splitRule(message: string): { text: string; rule: string | null } {
  const m = RULE_AT_START.exec(message);
  return m?.[1] ? { text: message.slice(m[0].length), rule: m[1] } : { text: message, rule: null };
}

export function RuleNote({ rule }: { rule: string | null | undefined }) {
  return rule ? <span className="rule-note">（依据 {rule}）</span> : null;
}

/** One message in plain words, its rule id (if any) as a grey note. */
export function PlainText({ message }: { message: string }) {
  const { text, rule } = splitRule(message);
  return (
    <>
      {text}
      <RuleNote rule={rule} />
    </>
  );
}

/** A refusal in place: what the station said, in plain words. */
export function PlainError({ error, title, testId }: { error: AppError | null | undefined; title?: string; testId?: string }) {
  if (!error) return null;
  return (
    <div className="error" role="alert" data-testid={testId}>
      {title ? <strong>{title}：</strong> : null}
      <PlainText message={error.message} />
    </div>
  );
}

/** The warnings a command returned with its result, one line each. */
export function PlainWarnings({ warnings, testId }: { warnings: readonly { code: string; message: string }[]; testId?: string }) {
  if (warnings.length === 0) return null;
  return (
    <Notice kind="warn">
      <span data-testid={testId}>
        {warnings.map((w) => (
          <div key={w.code + w.message}>
            <PlainText message={w.message} />
          </div>
        ))}
      </span>
    </Notice>
  );
}

/** 2026-03-05 → 2026年3月5日 (a calendar date as people write it). */
export function cnDate(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return m ? `${m[1]}年${Number(m[2])}月${Number(m[3])}日` : iso;
}

/** Today in the station's local calendar, as an input[type=date] value. */
export function todayIso(): string {
  const d = new Date();
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}
