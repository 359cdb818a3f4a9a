import type { CommandSpec } from './define.js';

export const issueContract = {} satisfies Record<string, CommandSpec>;
