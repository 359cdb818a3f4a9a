/**
 * Scenario JSON → Scenario, with one error message that names the field, as the CLI prints it:
 * `scenario.positions[1].seats: expected a positive integer`.
 */
import type { z } from 'zod';
import { fail, ok, type Result } from '../result.js';
import { ScenarioSchema, type Scenario } from './scenario.js';

/** `scenario.positions[1].seats` from zod's path array. */
export function formatPath(root: string, path: readonly PropertyKey[]): string {
  let out = root;
  for (const k of path) {
    if (typeof k === 'number') out += `[${k}]`;
    else if (typeof k === 'string' && /^[A-Za-z_$][\w$]*$/.test(k)) out += `.${k}`;
    else out += `[${JSON.stringify(String(k))}]`;
  }
  return out;
}

/** Short English description of one issue; schema-provided messages ("expected …") win. */
export function describeZodIssue(issue: z.core.$ZodIssue): string {
  if (issue.message.startsWith('expected')) return issue.message;
  switch (issue.code) {
    case 'invalid_type':
      // zod leaves `input` out of issues unless asked, so "missing" is read from its message.
      return /received undefined/.test(issue.message) ? `required (expected ${issue.expected})` : `expected ${issue.expected}`;
    case 'invalid_value':
      return `expected one of ${issue.values.map((v) => String(v)).join(', ')}`;
    case 'unrecognized_keys':
      return `unknown field ${issue.keys.map((k) => JSON.stringify(k)).join(', ')}`;
    case 'invalid_union':
      return 'expected a candidate id or {"writeIn": NAME}';
    case 'too_small':
      return issue.origin === 'string' ? 'expected a non-empty string' : `expected at least ${String(issue.minimum)}`;
    case 'too_big':
      return `expected at most ${String(issue.maximum)}`;
    default:
      return issue.message.replace(/^Invalid input: /, '');
  }
}

/** The first issue as `path: what` (one line: the CLI prints exactly one error). */
export function formatZodError(error: z.ZodError, root = 'scenario'): string {
  const issue = error.issues[0];
  if (!issue) return `${root}: invalid`;
  // Unknown keys are reported on the object; name the key itself so the path points at it.
  if (issue.code === 'unrecognized_keys' && issue.keys.length > 0) {
    return `${formatPath(root, [...issue.path, issue.keys[0] ?? ''])}: unknown field`;
  }
  return `${formatPath(root, issue.path)}: ${describeZodIssue(issue)}`;
}

/** Parses scenario JSON text (shape only; `checkScenario`/`tally` add the domain checks). */
export function validateScenarioJson(text: string): Result<Scenario> {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    return fail('SCENARIO_NOT_JSON', `scenario: not valid JSON (${why})`, { path: 'scenario' });
  }
  const parsed = ScenarioSchema.safeParse(data);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    return fail('SCENARIO_INVALID', formatZodError(parsed.error), { path: first ? formatPath('scenario', first.path) : 'scenario' });
  }
  return ok(parsed.data);
}
