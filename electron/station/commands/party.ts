import type { partyContract } from '../../../shared/contract/party.js';
import type { HandlersFor } from '../context.js';

export const partyHandlers: HandlersFor<typeof partyContract> = {};
