import type { CommandSpec } from './define.js';

export const countContract = {} satisfies Record<string, CommandSpec>;
