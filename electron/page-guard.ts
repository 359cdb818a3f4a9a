/**
 * What a page may ask the station to read or write on this machine (issue 12, D7). A page names no
 * file at all: files a page hands over (a voter roll) travel as their bytes. Only folders may be named,
 * only by the inputs a command declares (`folders` in shared/contract), and only folders the user
 * chose: in the system folder dialog (Electron), or a removable drive the station found, or — for the
 * browser host, which has no dialog — a folder given when it was started (`--folders`). Both hosts
 * (the Electron IPC handler and the browser host) call `guardPageCall` before the workspace sees a
 * page's command; the CLI and the tests call the station directly and are not pages.
 */
import { existsSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { contract, isCommandName, type CommandSpec } from '../shared/contract.js';
import { workspaceContract } from '../shared/contract/workspace.js';
import { fail, type Result } from '../shared/result.js';
import { findDrives } from './station/export/drives.js';

/** Input names that would name something on this machine. A page may use them only where declared. */
export const PATH_INPUTS: ReadonlySet<string> = new Set(['path', 'paths', 'file', 'files', 'filePath', 'folder', 'folders', 'dir', 'dirs', 'dataDir', 'target', 'targets', 'to', 'from']);

const specOf = (command: string): CommandSpec | undefined =>
  isCommandName(command) ? contract[command] : Object.prototype.hasOwnProperty.call(workspaceContract, command) ? (workspaceContract as Record<string, CommandSpec>)[command] : undefined;

const realOrResolved = (p: string): string => {
  const abs = path.resolve(p);
  try {
    return realpathSync(abs);
  } catch {
    // a folder that does not exist yet (a missing drive): its resolved path, checked the same way
    return abs;
  }
};

const within = (p: string, root: string): boolean => p === root || p.startsWith(root.endsWith(path.sep) ? root : root + path.sep);

/** The folders the user chose this run, and the removable drives the station can see. */
export class FolderGrants {
  private readonly roots = new Set<string>();
  constructor(
    initial: readonly string[] = [],
    private readonly drives: () => readonly string[] = () => findDrives().map((d) => d.path),
  ) {
    for (const r of initial) this.grant(r);
  }

  /** A folder the user chose (the dialog, --folders, a drive the station listed). */
  grant(folder: string): void {
    this.roots.add(realOrResolved(folder));
  }

  allows(p: string): boolean {
    const real = realOrResolved(p);
    if ([...this.roots].some((r) => within(real, r))) return true;
    // a drive plugged in since: look once more
    for (const d of this.drives()) this.grant(d);
    return [...this.roots].some((r) => within(real, r));
  }
}

const strings = (v: unknown): string[] => (typeof v === 'string' ? [v] : Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

/**
 * Refuses a page's command that names a path it may not: any path-like input the command does not
 * declare as a folder, and any declared folder outside what the user chose. Null when it may go on.
 */
export function guardPageCall(command: string, input: unknown, grants: FolderGrants): Result<never> | null {
  const spec = specOf(command);
  if (!spec || input === null || typeof input !== 'object' || Array.isArray(input)) return null;
  const declared = new Set(spec.folders ?? []);
  for (const [key, value] of Object.entries(input)) {
    if (!PATH_INPUTS.has(key)) continue;
    if (!declared.has(key)) {
      return fail('PATH_NOT_ALLOWED', '页面不能让计票站读取本机上的文件。要用的文件请用“选择文件”上传，文件夹请用“选择文件夹…”选择。', { command, input: key });
    }
    for (const p of strings(value)) {
      if (!path.isAbsolute(p) || p.includes('\0') || !grants.allows(p)) {
        return fail(
          'FOLDER_NOT_ALLOWED',
          `只能使用插入的 U 盘，或用“选择文件夹…”选定的文件夹（“${p.slice(0, 200)}”不是）。浏览器版计票站没有选择文件夹的窗口：请在启动时用 --folders 指定要用的文件夹。`,
          { command, input: key },
        );
      }
    }
  }
  return null;
}

/** After a command the page may use to learn folders: the drives the station listed become usable. */
export function grantFromAnswer(command: string, answer: Result<unknown>, grants: FolderGrants): void {
  if ((command !== 'export.drives' && command !== 'workspace.places') || !answer.ok) return;
  const v = answer.value as { drives?: { path?: unknown }[]; folders?: { path?: unknown }[] };
  for (const d of [...(v.drives ?? []), ...(v.folders ?? [])]) if (typeof d.path === 'string') grants.grant(d.path);
}

/**
 * The browser host has no folder dialog: a page exports only to a place the station lists now
 * (workspace.places — a drive or a folder under the data root), compared by real path, never to a
 * folder typed or granted otherwise. Null when the target is one of them.
 */
export function refuseUnofferedTarget(command: string, input: unknown, offered: () => readonly string[]): Result<never> | null {
  if (command !== 'export.write' || input === null || typeof input !== 'object') return null;
  const target = (input as { target?: unknown }).target;
  if (typeof target !== 'string') return null;
  const real = realOrResolved(target);
  if (offered().some((p) => realOrResolved(p) === real)) return null;
  if (!existsSync(real)) {
    return fail('FOLDER_GONE', `“${path.basename(target).slice(0, 60)}”现在找不到了（U 盘可能已经拔出）。请插好 U 盘，点“刷新”，再选一次。`, { command, input: 'target' });
  }
  return fail('FOLDER_NOT_ALLOWED', '只能导出到列出的 U 盘或文件夹。请在列表中选一个；刚插入的 U 盘请先点“刷新”。', { command, input: 'target' });
}
