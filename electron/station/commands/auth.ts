import { CHAIR_COMMANDS } from '../../../shared/contract.js';
import type { authContract } from '../../../shared/contract/auth.js';
import type { HandlersFor } from '../context.js';
import { hashPin, lockoutRemaining, storedPin } from '../access.js';

export const authHandlers: HandlersFor<typeof authContract> = {
  'auth.status': (ctx) => {
    const now = new Date(ctx.at);
    return {
      chairPinSet: storedPin(ctx.db, 'chair') !== undefined,
      staffPinSet: storedPin(ctx.db, 'staff') !== undefined,
      chairLockedSeconds: lockoutRemaining(ctx.db, 'chair', now),
      staffLockedSeconds: lockoutRemaining(ctx.db, 'staff', now),
      chairCommands: [...CHAIR_COMMANDS].sort(),
    };
  },
  // The dispatcher has already checked the chair's PIN when one is set.
  'auth.setPin': (ctx, input) => {
    const { salt, hash } = hashPin(input.pin);
    ctx.insert('pins', { role: input.role, salt, hash, at: ctx.at, actor: ctx.actor });
    return { role: input.role };
  },
  // Reaching the handler means the dispatcher verified the PIN.
  'auth.check': (_ctx, input) => ({ role: input.role, ok: true as const }),
};
