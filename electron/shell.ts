/**
 * The Electron shell's logic as plain functions, testable without Electron running (issue 12): the
 * window options (sandbox, context isolation, DevTools off unless asked for on an unpackaged build),
 * the navigation guard, the session lock-down (no permission, device or download), and the IPC
 * handlers — the one `station:call` channel (contract + page guard: no file, only folders the user
 * chose), the hall window's `station:live` (count.live only), printing and the folder dialog.
 * electron/main.ts wires them to Electron.
 */
import type { BrowserWindowConstructorOptions, WebContents } from 'electron';
import { contract } from '../shared/contract.js';
import { fail, type Result } from '../shared/result.js';
import { validationError } from './station/index.js';
import type { Workspace } from './station/workspace.js';
import { savedFormFile } from './station/forms/serve.js';
import { CONTENT_SECURITY_POLICY } from './serve.js';
import { FolderGrants } from './page-guard.js';
import { INTERNAL_MESSAGE, pageCall } from './page-call.js';

export { CONTENT_SECURITY_POLICY };

export const APP_ORIGIN = 'app://station';
export const IPC_CHANNEL = 'station:call';
/** Opens a saved form PDF in the system's PDF reader (printed from there, apart from the station). */
export const OPEN_FORM_CHANNEL = 'station:openForm';
export const PICK_FOLDER_CHANNEL = 'station:pickFolder';
/** The hall window's one channel: the live count, nothing else. */
export const HALL_CHANNEL = 'station:live';

/** Headers on every page and asset served from app://station. */
export const responseHeaders = (contentType: string): Record<string, string> => ({
  'content-type': contentType,
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'cache-control': 'no-store',
});

/**
 * DevTools stay off unless a developer asks for them on an unpackaged build (STATION_DEVTOOLS=1): a
 * console in the counting window is a way around every check the page makes.
 */
export const devToolsAllowed = (env: NodeJS.ProcessEnv, packaged: boolean): boolean => !packaged && env.STATION_DEVTOOLS === '1';

const secureWebPreferences = (preloadPath: string, devTools: boolean): NonNullable<BrowserWindowConstructorOptions['webPreferences']> => ({
  preload: preloadPath,
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  webviewTag: false,
  navigateOnDragDrop: false,
  spellcheck: false,
  devTools,
});

export function mainWindowOptions(preloadPath: string, opts: { devTools?: boolean } = {}): BrowserWindowConstructorOptions {
  return {
    width: 1366,
    height: 900,
    minWidth: 1024,
    minHeight: 700,
    title: '村级选举计票站',
    backgroundColor: '#ffffff',
    show: false,
    autoHideMenuBar: true,
    webPreferences: secureWebPreferences(preloadPath, opts.devTools ?? false),
  };
}

/** The hall display: its own preload (preload-hall.ts), which exposes count.live and nothing else. */
export function hallWindowOptions(hallPreloadPath: string, bounds: { x: number; y: number; width: number; height: number }, opts: { devTools?: boolean } = {}): BrowserWindowConstructorOptions {
  return {
    ...bounds,
    title: '计票大屏',
    backgroundColor: '#000000',
    fullscreen: true,
    frame: false,
    show: false,
    autoHideMenuBar: true,
    webPreferences: secureWebPreferences(hallPreloadPath, opts.devTools ?? false),
  };
}

export const isAppUrl = (url: string): boolean => {
  try {
    const u = new URL(url);
    return u.protocol === 'app:' && u.host === 'station';
  } catch {
    return false;
  }
};

type GuardableContents = Pick<WebContents, 'on' | 'setWindowOpenHandler'>;

/** No navigation away from the app, no new windows, no webviews. */
export function guardWebContents(contents: GuardableContents): void {
  contents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}

export type LockableSession = {
  setPermissionRequestHandler(h: (wc: unknown, permission: string, cb: (granted: boolean) => void) => void): void;
  setPermissionCheckHandler(h: (wc: unknown, permission: string) => boolean): void;
  setDevicePermissionHandler(h: (details: unknown) => boolean): void;
  on(event: 'select-hid-device' | 'select-serial-port' | 'select-usb-device' | 'will-download', h: (event: { preventDefault(): void }, ...rest: never[]) => void): unknown;
};

/**
 * The window's session grants nothing a page could ask for: no permission request (camera,
 * microphone, notifications, …), no permission check (clipboard reads, sensors, …), no device
 * (HID, serial, USB — the drive is reached by the station, never by the page), no download.
 */
export function lockDownSession(session: LockableSession): void {
  session.setPermissionRequestHandler((_wc, _permission, cb) => cb(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
  session.on('select-hid-device', (event, ...rest) => {
    event.preventDefault();
    (rest[1] as unknown as ((id?: string) => void) | undefined)?.();
  });
  session.on('select-serial-port', (event, ...rest) => {
    event.preventDefault();
    (rest[2] as unknown as ((id: string) => void) | undefined)?.('');
  });
  session.on('select-usb-device', (event, ...rest) => {
    event.preventDefault();
    (rest[1] as unknown as ((id?: string) => void) | undefined)?.();
  });
  session.on('will-download', (event) => event.preventDefault());
}

/**
 * The one IPC handler: checks who is asking (our own page, not the hall display), that the command
 * exists, that the input matches the contract, and that it names no file and only folders the user
 * chose (page-guard.ts), before the workspace (and the election's station) sees it.
 */
export function handleStationCall(
  workspace: Workspace,
  senderUrl: string | undefined,
  command: unknown,
  input: unknown,
  opts: unknown,
  grants: FolderGrants = new FolderGrants(),
  fromHall = false,
): Result<unknown> {
  if (!senderUrl || !isAppUrl(senderUrl) || fromHall) return fail('FORBIDDEN', '请求来源不对：只接受计票站自己的页面。');
  let pin: unknown;
  if (opts !== undefined && opts !== null) {
    if (typeof opts !== 'object') return fail('VALIDATION', '输入有误：密码应为 4 到 8 位数字');
    pin = (opts as { pin?: unknown }).pin;
  }
  return pageCall(workspace, grants, command, input, pin);
}

/** The hall window's channel: count.live (its optional round) and nothing else. */
export function handleHallLive(workspace: Workspace, senderUrl: string | undefined, input: unknown): Result<unknown> {
  if (!senderUrl || !isAppUrl(senderUrl)) return fail('FORBIDDEN', '请求来源不对：只接受计票站自己的页面。');
  const parsed = contract['count.live'].input.safeParse(input ?? {});
  if (!parsed.success) return { ok: false, error: validationError(parsed.error, 'count.live') };
  try {
    return workspace.call('count.live', parsed.data);
  } catch (e) {
    console.error('station error in count.live:', e);
    return fail('INTERNAL', INTERNAL_MESSAGE);
  }
}

/**
 * The print IPC: our own page names a form it saved (a plain *.pdf name in the open election's forms
 * folder, nothing else); the file is handed to `open` (shell.openPath), which starts the PDF reader
 * as its own program, so printing never holds up counting.
 */
export async function handleOpenForm(workspace: Workspace, senderUrl: string | undefined, fileName: unknown, open: (file: string) => Promise<string>): Promise<Result<{ path: string }>> {
  if (!senderUrl || !isAppUrl(senderUrl)) return fail('FORBIDDEN', '请求来源不对：只接受计票站自己的页面。');
  const file = savedFormFile(workspace.current()?.dataDir, fileName);
  if (!file) return fail('FORM_NOT_FOUND', '找不到这份 PDF（可能已被移动或删除），请重新生成。');
  const problem = await open(file);
  if (problem) return fail('OPEN_FAILED', `无法打开 PDF：${problem}。请确认本机装有 PDF 阅读器，或到 ${file} 手动打开打印。`);
  return { ok: true, value: { path: file } };
}

/**
 * “选择文件夹…”: the system folder dialog (a page cannot learn a folder's path by itself), for the
 * export target and the township's packages. Only our own page may ask; the answer is a path or null.
 */
export async function handlePickFolder(
  senderUrl: string | undefined,
  show: () => Promise<{ canceled: boolean; filePaths: string[] }>,
  grants: FolderGrants = new FolderGrants(),
): Promise<Result<{ path: string | null }>> {
  if (!senderUrl || !isAppUrl(senderUrl)) return fail('FORBIDDEN', '请求来源不对：只接受计票站自己的页面。');
  const r = await show();
  const chosen = r.canceled ? null : (r.filePaths[0] ?? null);
  // the user chose it in the system dialog: the page may name it (and what is inside it) from now on
  if (chosen) grants.grant(chosen);
  return { ok: true, value: { path: chosen } };
}

