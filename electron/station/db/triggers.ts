/**
 * The append-only triggers as the schema must have them: every one expected, none altered. Read by the
 * open-time checks (health.ts) and by backup.ts, which takes or restores only a file that passes.
 */
import { appendOnlyTriggerSql, AUDIT_TABLES, DOMAIN_TABLES } from './migrations.js';
import type { Db } from './open.js';

export interface TriggerCheck {
  ok: boolean;
  expected: number;
  missing: string[];
  altered: string[];
}

export function checkTriggers(db: Db): TriggerCheck {
  const expected = [...DOMAIN_TABLES, ...AUDIT_TABLES].flatMap((t) => appendOnlyTriggerSql(t));
  let present: Map<string, string>;
  try {
    present = new Map((db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'").all() as { name: string; sql: string | null }[]).map((r) => [r.name, r.sql ?? '']));
  } catch {
    return { ok: false, expected: expected.length, missing: expected.map((x) => x.name), altered: [] };
  }
  const missing = expected.filter((x) => !present.has(x.name)).map((x) => x.name);
  const altered = expected.filter((x) => present.has(x.name) && present.get(x.name) !== x.sql).map((x) => x.name);
  return { ok: missing.length === 0 && altered.length === 0, expected: expected.length, missing, altered };
}
