import type { CommandSpec } from './define.js';

export const roundContract = {} satisfies Record<string, CommandSpec>;
