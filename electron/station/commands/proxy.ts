import type { proxyContract } from '../../../shared/contract/proxy.js';
import type { HandlersFor } from '../context.js';

export const proxyHandlers: HandlersFor<typeof proxyContract> = {};
