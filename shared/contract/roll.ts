import type { CommandSpec } from './define.js';

export const rollContract = {} satisfies Record<string, CommandSpec>;
