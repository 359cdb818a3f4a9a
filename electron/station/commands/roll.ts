import type { rollContract } from '../../../shared/contract/roll.js';
import type { HandlersFor } from '../context.js';

export const rollHandlers: HandlersFor<typeof rollContract> = {};
