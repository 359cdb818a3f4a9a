/**
 * A message with its rule ids moved into a small grey "依据" note (shared/rule-text.ts): the sentence
 * is what a committee member reads; the note is for whoever checks it against the rules.
 */
import { Children, type ReactNode } from 'react';
import { splitRules } from '../../../shared/rule-text.js';

export function Basis({ rules }: { rules: readonly string[] }) {
  if (rules.length === 0) return null;
  return <span className="rule-basis">依据 {rules.join('、')}</span>;
}

export function RuleText({ text }: { text: string }) {
  const s = splitRules(text);
  return (
    <>
      {s.text}
      {s.rules.length > 0 ? ' ' : null}
      <Basis rules={s.rules} />
    </>
  );
}

/** Plain-text children (a station message, a warning) with their rule ids moved to the note. */
export function withBasis(children: ReactNode): ReactNode {
  const parts = Children.toArray(children);
  if (parts.length === 0 || !parts.every((p) => typeof p === 'string' || typeof p === 'number')) return children;
  return <RuleText text={parts.join('')} />;
}
