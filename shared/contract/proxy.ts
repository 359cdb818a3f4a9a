import type { CommandSpec } from './define.js';

export const proxyContract = {} satisfies Record<string, CommandSpec>;
