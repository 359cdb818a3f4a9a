import type { issueContract } from '../../../shared/contract/issue.js';
import type { HandlersFor } from '../context.js';

export const issueHandlers: HandlersFor<typeof issueContract> = {};
