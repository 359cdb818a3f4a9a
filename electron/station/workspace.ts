/**
 * The workspace: a root folder (Electron: userData; browser host: --data DIR or ./.data) holding one
 * folder per election, `elections/<id>/election.sqlite`. It answers the workspace-level commands
 * (shared/contract/workspace.ts: list, create, open, demo, restore …) itself and passes every other
 * command to the current election's `station.call`. Plain Node, no Electron import.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { isCommandName } from '../../shared/contract.js';
import { workspaceContract } from '../../shared/contract/workspace.js';
import { fail, ok, type Result } from '../../shared/result.js';
import { protoKeyPath, UNSAFE_KEY_MESSAGE } from '../../shared/keys.js';
import { PhaseSchema, ElectionKindSchema } from '../../shared/model.js';
import { backupFileProblem, listBackups, openBackupReadOnly, restoreBackupFile, DB_FILE } from './backup.js';
import { KeyFolderTries, pinMatches, storedPin } from './access.js';
import { openDb } from './db/open.js';
import { openStation, StationOpenError, validationError, type CallOptions, type Station, type StationOptions } from './index.js';
import { ElectionInUseError } from './lock.js';
import { buildDemo } from './demo.js';
import { townshipHandlers } from './township/commands.js';
import { exportPlaces } from './export/places.js';

export type WorkspaceCommand = keyof typeof workspaceContract;
export const isWorkspaceCommand = (s: string): s is WorkspaceCommand => Object.prototype.hasOwnProperty.call(workspaceContract, s);
/** Every command a screen may send: the station's contract plus the workspace's. */
export const isHostCommand = (s: string): boolean => isWorkspaceCommand(s) || isCommandName(s);

export interface WorkspaceOptions extends StationOptions {
  /** Called after the current election changes (open, create, restore, close). */
  onChange?: (currentId: string | null) => void;
}

interface Current {
  id: string;
  station: Station;
}

export interface Workspace {
  readonly root: string;
  call(command: string, input: unknown, opts?: CallOptions): Result<unknown>;
  /** The open election's station, if any (forms, exports, benches). */
  current(): Station | null;
  currentId(): string | null;
  close(): void;
}

const electionsDir = (root: string): string => path.join(root, 'elections');

function newFolderId(date: string): string {
  return `${date.replace(/[^0-9]/g, '')}-${randomBytes(4).toString('hex')}`;
}

/**
 * Reads a folder's election summary read-only, without the full open-time checks (fast list). A file
 * that cannot be read is listed from its newest backup, marked damaged, so it can still be chosen on
 * the start page and restored.
 */
function summarize(folder: string, id: string, currentId: string | null): z_Recent | undefined {
  const file = path.join(folder, DB_FILE);
  if (!existsSync(file)) return undefined;
  const live = summarizeFile(file, file, id, currentId);
  if (live) return live;
  const newest = listBackups(folder).find((b) => backupFileProblem(b.file) === null);
  const fromBackup = newest ? summarizeFile(newest.file, file, id, currentId) : undefined;
  return fromBackup ? { ...fromBackup, title: `${fromBackup.title}（数据文件损坏，请从备份恢复）` } : undefined;
}

function summarizeFile(file: string, liveFile: string, id: string, currentId: string | null): z_Recent | undefined {
  let db;
  try {
    db = openDb(file, { readonly: true });
    const e = db.prepare('SELECT kind, title, village, township, election_date, drill FROM election LIMIT 1').get() as
      | { kind: string; title: string; village: string; township: string; election_date: string; drill: number }
      | undefined;
    if (!e) return undefined;
    const p = db.prepare('SELECT phase FROM phase_events ORDER BY id DESC LIMIT 1').get() as { phase: string } | undefined;
    const kind = ElectionKindSchema.safeParse(e.kind);
    const phase = PhaseSchema.safeParse(p?.phase ?? 'setup');
    if (!kind.success || !phase.success) return undefined;
    const mtimes = [liveFile, `${liveFile}-wal`].filter((f) => existsSync(f)).map((f) => statSync(f).mtimeMs);
    return {
      id,
      title: e.title,
      kind: kind.data,
      village: e.village,
      township: e.township,
      electionDate: e.election_date,
      drill: e.drill === 1,
      phase: phase.data,
      modifiedAt: new Date(Math.max(...mtimes)).toISOString(),
      current: id === currentId,
    };
  } catch {
    // A damaged file is still listed by the open command's health report, not here.
    return undefined;
  } finally {
    db?.close();
  }
}
type z_Recent = {
  id: string;
  title: string;
  kind: 'villagers_committee' | 'party_branch' | 'residents_committee';
  village: string;
  township: string;
  electionDate: string;
  drill: boolean;
  phase: 'setup' | 'roll_published' | 'voting' | 'counting' | 'confirmed';
  modifiedAt: string;
  current: boolean;
};

export function openWorkspace(root: string, options: WorkspaceOptions = {}): Workspace {
  mkdirSync(electionsDir(root), { recursive: true });
  const { onChange, ...stationOptions } = options;
  let cur: Current | null = null;

  const folderOf = (id: string): string => path.join(electionsDir(root), id);

  const setCurrent = (next: Current | null): void => {
    if (cur && cur !== next) cur.station.close();
    cur = next;
    onChange?.(cur?.id ?? null);
  };

  const opened = (c: Current) => {
    const e = c.station.call('election.get', {});
    if (!e.ok) return e;
    return ok({ id: c.id, election: e.value, health: c.station.report });
  };

  const openFolder = (id: string): Result<unknown> => {
    const folder = folderOf(id);
    if (!existsSync(path.join(folder, DB_FILE))) return fail('ELECTION_NOT_FOUND', '找不到这次选举的数据，可能已被移走。请从“最近的选举”中重新选择。');
    if (cur?.id === id) return opened(cur);
    let station: Station;
    try {
      station = openStation(folder, stationOptions);
    } catch (e) {
      if (e instanceof StationOpenError) return fail(e.code, e.message, { restoreFrom: e.restoreFrom });
      if (e instanceof ElectionInUseError) return fail(e.code, e.message, { owner: e.owner });
      return fail('OPEN_FAILED', `无法打开这次选举的数据文件：${(e as Error).message}。请从备份恢复。`);
    }
    const next = { id, station };
    setCurrent(next);
    return opened(next);
  };

  /**
   * A folder this workspace just made for a new election that was then refused (D13): nothing of an
   * election is in it (no command went through), so it goes, and no empty election is left behind.
   */
  const discardNewFolder = (folder: string): void => {
    try {
      rmSync(folder, { recursive: true, force: true });
    } catch (e) {
      console.error('could not remove the refused election folder:', e);
    }
  };

  const createIn = (input: unknown, demo: boolean): Result<unknown> => {
    const parsed = workspaceContract['workspace.create'].input.safeParse(input);
    if (!parsed.success) return { ok: false, error: validationError(parsed.error, 'workspace.create') };
    const id = newFolderId(parsed.data.electionDate);
    const folder = folderOf(id);
    if (demo) {
      // The demo is built through the station's own commands on its own clock (the demo day), then opened
      // like any other election: left in counting with every ballot recorded, ready to confirm and print.
      const built = buildDemo(folder, { confirm: false });
      if (!built.ok) {
        discardNewFolder(folder);
        return built;
      }
    }
    let station: Station;
    try {
      station = openStation(folder, stationOptions);
    } catch (e) {
      if (!demo) discardNewFolder(folder);
      throw e;
    }
    const r = demo ? station.call('election.get', {}) : station.call('election.create', parsed.data);
    if (!r.ok) {
      station.close();
      if (!demo) discardNewFolder(folder);
      return r;
    }
    const next = { id, station };
    setCurrent(next);
    return opened(next);
  };

  // Restoring over an unreadable file: the file cannot tell whether a PIN was set or record tries,
  // so the chair's PIN is checked against the backup and the tries are kept in the station key folder
  // (KeyFolderTries, as for a read-only election): a new program start does not reset the lockout.
  const clock = (): number => (stationOptions.now ?? (() => new Date()))().getTime();
  const checkPinAgainstBackup = (folder: string, backup: string, pin: string | undefined): Result<never> | null => {
    let stored: { salt: string; hash: string } | undefined;
    let bdb: ReturnType<typeof openDb> | null = null;
    try {
      bdb = openBackupReadOnly(folder, backup);
      stored = storedPin(bdb, 'chair');
    } catch {
      return fail('BACKUP_UNREADABLE', '这个备份文件也读不出来，请选择更早的备份；都不行时请联系乡镇。');
    } finally {
      bdb?.close();
    }
    if (!stored) return null;
    const tries = new KeyFolderTries(folder);
    const now = clock();
    const wait = tries.remaining('chair', now);
    if (wait > 0) {
      tries.record('chair', 'locked', now);
      return fail('PIN_LOCKED', `主任密码输错次数太多，请 ${wait} 秒后再试。`, { role: 'chair', seconds: wait });
    }
    if (!pin) return fail('PIN_REQUIRED', '从备份恢复需要主任输入密码。', { role: 'chair' });
    if (!pinMatches(pin, stored.salt, stored.hash)) {
      tries.record('chair', 'wrong', now);
      const after = tries.remaining('chair', now);
      return fail('PIN_WRONG', after > 0 ? `主任密码不对。输错次数太多，已锁定 ${after} 秒。` : '主任密码不对，请重新输入。', { role: 'chair', lockedSeconds: after });
    }
    tries.record('chair', 'ok', now);
    return null;
  };

  const handlers: Record<WorkspaceCommand, (input: never, opts: CallOptions) => Result<unknown>> = {
    // The township page works with no election open; its key register is kept in this workspace.
    ...townshipHandlers(root),
    'workspace.list': () => {
      const ids = readdirSync(electionsDir(root), { withFileTypes: true })
        .filter((d) => d.isDirectory())
        .map((d) => d.name);
      const elections = ids
        .map((id) => summarize(folderOf(id), id, cur?.id ?? null))
        .filter((x): x is z_Recent => x !== undefined)
        .sort((a, b) => b.modifiedAt.localeCompare(a.modifiedAt));
      return ok({ elections, current: cur?.id ?? null });
    },
    'workspace.current': () => {
      if (!cur) return ok({ current: null });
      const r = opened(cur);
      return r.ok ? ok({ current: r.value }) : r;
    },
    'workspace.create': (input) => createIn(input, false),
    'workspace.demo': () =>
      createIn({ kind: 'villagers_committee', village: '演示村', township: '演示镇', electionDate: '2026-03-15', drill: true }, true),
    'workspace.open': (input: { id: string }) => openFolder(input.id),
    'workspace.close': () => {
      const had = cur !== null;
      setCurrent(null);
      return ok({ closed: had });
    },
    'workspace.places': () => ok(exportPlaces(root)),
    'workspace.backups': (input: { id: string }) => {
      const folder = folderOf(input.id);
      if (!existsSync(folder)) return fail('ELECTION_NOT_FOUND', '找不到这次选举的数据。');
      return ok({ backups: listBackups(folder).map(({ name, at, reason, bytes }) => ({ name, at, reason, bytes })) });
    },
    'workspace.restore': (input: { id: string; backup: string }, opts) => {
      const folder = folderOf(input.id);
      if (!listBackups(folder).some((b) => b.name === input.backup)) return fail('BACKUP_NOT_FOUND', '找不到这个备份文件，请从列表中重新选择。');
      // Restoring needs the chair's PIN once one is set; the station checks it (and audits the attempt).
      let target: Station | null = null;
      try {
        target = cur?.id === input.id ? cur.station : openStation(folder, { ...stationOptions, backups: false });
      } catch (e) {
        if (e instanceof ElectionInUseError) return fail(e.code, e.message, { owner: e.owner });
        // A file that cannot be opened cannot tell whether a PIN was set: the backup being restored can,
        // so the chair's PIN is checked against it (wrong tries counted here, the files can't record them).
        if (!(e instanceof StationOpenError)) throw e;
        const refused = checkPinAgainstBackup(folder, input.backup, opts.pin);
        if (refused) return refused;
      }
      if (target) {
        try {
          const status = target.call('auth.status', {});
          if (status.ok && (status.value as { chairPinSet: boolean }).chairPinSet) {
            const check = target.call('auth.check', { role: 'chair' }, opts);
            if (!check.ok) return check;
          }
        } finally {
          if (target !== cur?.station) target.close();
        }
      }
      // the election is let go first (its automatic backups written, its lock released)
      if (cur?.id === input.id) setCurrent(null);
      let keptAs: string | null;
      try {
        keptAs = restoreBackupFile(folder, input.backup).keptAs;
      } catch (e) {
        if (e instanceof ElectionInUseError) return fail(e.code, e.message, { owner: e.owner });
        return fail('RESTORE_FAILED', `恢复失败：${(e as Error).message}。原数据文件没有改动。`);
      }
      const r = openFolder(input.id);
      if (!r.ok) return r;
      return ok({ ...(r.value as object), keptAs: keptAs ? path.basename(keptAs) : null });
    },
  };

  return {
    root,
    call(command, input, opts = {}) {
      if (isWorkspaceCommand(command)) {
        const spec = workspaceContract[command];
        const proto = protoKeyPath(input);
        if (proto !== null) return fail('VALIDATION', `输入有误：${proto} ${UNSAFE_KEY_MESSAGE}`, { command, path: proto });
        const parsed = spec.input.safeParse(input ?? {});
        if (!parsed.success) return { ok: false, error: validationError(parsed.error, command) };
        const r = handlers[command](parsed.data as never, opts);
        if (r.ok) {
          const checked = spec.output.safeParse(r.value);
          if (!checked.success) throw new Error(`workspace bug: output of ${command} does not match the contract: ${checked.error.message}`);
          return ok(checked.data);
        }
        return r;
      }
      if (!isCommandName(command)) return fail('UNKNOWN_COMMAND', `没有这个命令：${command}`);
      if (!cur) return fail('NO_ELECTION_OPEN', '还没有打开选举。请在“开始”页新建或打开一次选举。');
      return cur.station.call(command, input, opts);
    },
    current: () => cur?.station ?? null,
    currentId: () => cur?.id ?? null,
    close: () => setCurrent(null),
  };
}
