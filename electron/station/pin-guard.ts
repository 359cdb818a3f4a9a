/**
 * The PIN guard of protected commands: checks the chair's or the staff PIN, counts wrong tries and
 * locks out after too many. Every attempt is recorded: in the election's file with its audit event,
 * or — for an election opened read-only, whose file cannot take it — in the station key folder
 * (KeyFolderTries), so a read-only election locks out the same way and a restart does not reset it.
 */
import { fail, type AppError } from '../../shared/result.js';
import { KeyFolderTries, lockoutRemaining, pinMatches, storedPin, type AttemptOutcome, type Role } from './access.js';
import type { Db } from './db/open.js';

export class PinGuard {
  private readonly folderTries: KeyFolderTries;

  constructor(
    private readonly db: Db,
    dataDir: string,
    private readonly readOnly: () => boolean,
    /** Records an attempt in the election's file (its own transaction and audit event). */
    private readonly recordInFile: (role: Role, command: string, outcome: AttemptOutcome, now: Date, actor: string) => void,
  ) {
    this.folderTries = new KeyFolderTries(dataDir);
  }

  /**
   * Verifies a PIN for a guarded command; records the attempt (own transaction + audit event). An
   * election opened read-only cannot record it in its file: its attempts go to the station key folder
   * (KeyFolderTries), so a read-only election locks out the same way and a restart does not reset it.
   */
  check(role: Role, command: string, pin: string | undefined, now: Date, actor: string): { ok: false; error: AppError } | undefined {
    const stored = storedPin(this.db, role);
    if (!stored) {
      return command === 'auth.check' ? fail('PIN_NOT_SET', '还没有设置这个密码。') : undefined;
    }
    const who = role === 'chair' ? '选举委员会主任' : '工作人员';
    const record = (outcome: AttemptOutcome) => {
      if (this.readOnly()) {
        this.folderTries.record(role, outcome, now.getTime());
        return;
      }
      this.recordInFile(role, command, outcome, now, actor);
    };
    const remaining = (): number => {
      if (!this.readOnly()) return lockoutRemaining(this.db, role, now);
      let inFile = 0;
      try {
        inFile = lockoutRemaining(this.db, role, now);
      } catch {
        // a damaged file: the key folder's record alone
      }
      return Math.max(inFile, this.folderTries.remaining(role, now.getTime()));
    };
    const wait = remaining();
    if (wait > 0) {
      record('locked');
      return fail('PIN_LOCKED', `${who}密码输错次数太多，请 ${wait} 秒后再试。`, { role, seconds: wait });
    }
    if (pin === undefined || pin === '') {
      record('missing');
      return fail('PIN_REQUIRED', `这项操作需要${who}输入密码。`, { role });
    }
    if (!pinMatches(pin, stored.salt, stored.hash)) {
      record('wrong');
      const after = remaining();
      return fail(
        'PIN_WRONG',
        after > 0 ? `${who}密码不对。输错次数太多，已锁定 ${after} 秒。` : `${who}密码不对，请重新输入。`,
        { role, lockedSeconds: after },
      );
    }
    record('ok');
    return undefined;
  }
}
