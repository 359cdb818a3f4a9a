import type { countContract } from '../../../shared/contract/count.js';
import type { HandlersFor } from '../context.js';

export const countHandlers: HandlersFor<typeof countContract> = {};
