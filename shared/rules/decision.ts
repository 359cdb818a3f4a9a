/** What a rule function returns when it refuses or warns: a stable code, the rule id, plain Chinese. */
export interface RuleFinding {
  code: string;
  rule: string;
  message: string;
  details?: Record<string, unknown>;
}
