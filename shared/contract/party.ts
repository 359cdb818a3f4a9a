import type { CommandSpec } from './define.js';

export const partyContract = {} satisfies Record<string, CommandSpec>;
