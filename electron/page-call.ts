/**
 * The one path of a page's command, after the host checked who is calling (Electron: our own page's
 * frame; the browser host: token, Host and Origin): the command name, the page guard (no file paths,
 * only folders the user picked), the PIN's form, then the workspace — which parses the input once
 * against the contract and runs it (station/index.ts) — and one catch-all for what only a bug throws.
 * Electron's IPC handler (shell.ts) and the browser host both call it, so the two cannot drift apart.
 */
import { fail, type Result } from '../shared/result.js';
import { FolderGrants, grantFromAnswer, guardPageCall } from './page-guard.js';
import { isHostCommand, type Workspace } from './station/workspace.js';

/** What a page is told when the station itself failed (the details go to the console). */
export const INTERNAL_MESSAGE = '计票站内部错误，已记录。请重试；如果再次出现，请联系技术人员。';

/**
 * `hostGuard`: a refusal only one host needs (the browser host refuses an export target it did not
 * offer; Electron's target comes from the system's folder dialog).
 */
export function pageCall(
  workspace: Workspace,
  grants: FolderGrants,
  command: unknown,
  input: unknown,
  pin: unknown,
  hostGuard?: (command: string, input: unknown) => Result<never> | null,
): Result<unknown> {
  if (typeof command !== 'string' || !isHostCommand(command)) return fail('UNKNOWN_COMMAND', `没有这个命令：${String(command).slice(0, 80)}`);
  // A page naming a path is refused as such, before the input's shape is looked at.
  const named = guardPageCall(command, input ?? {}, grants) ?? hostGuard?.(command, input ?? {}) ?? null;
  if (named) return named;
  if (pin !== undefined && (typeof pin !== 'string' || !/^\d{0,8}$/.test(pin))) return fail('VALIDATION', '输入有误：密码应为 4 到 8 位数字');
  try {
    const r = workspace.call(command, input ?? {}, typeof pin === 'string' && pin !== '' ? { pin } : {});
    grantFromAnswer(command, r, grants);
    return r;
  } catch (e) {
    console.error(`station error in ${command}:`, e);
    return fail('INTERNAL', INTERNAL_MESSAGE);
  }
}
