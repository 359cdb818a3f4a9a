import type { roundContract } from '../../../shared/contract/round.js';
import type { HandlersFor } from '../context.js';

export const roundHandlers: HandlersFor<typeof roundContract> = {};
