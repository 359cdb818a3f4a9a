/**
 * Electron entry (thin glue): one instance, the main window, a hall-display window on a second
 * screen, and ONE IPC channel `station:call` whose (command, input) is checked against the contract
 * before it reaches the workspace/station. Everything that can be tested without Electron running
 * (window options, CSP, navigation guard, IPC validation) is exported as plain functions; `electron`
 * itself is only imported when this file runs inside Electron.
 */
import type { BrowserWindowConstructorOptions, WebContents } from 'electron';
import path from 'node:path';
import { contract, isCommandName } from '../shared/contract.js';
import { workspaceContract } from '../shared/contract/workspace.js';
import { fail, type Result } from '../shared/result.js';
import { validationError } from './station/index.js';
import { setStationKeyDir } from './station/export/keys.js';
import { isWorkspaceCommand, openWorkspace, type Workspace } from './station/workspace.js';
import { savedFormFile } from './station/forms/serve.js';

export const APP_ORIGIN = 'app://station';
export const IPC_CHANNEL = 'station:call';
/** Opens a saved form PDF in the system's PDF reader (printed from there, apart from the station). */
export const OPEN_FORM_CHANNEL = 'station:openForm';
export const PICK_FOLDER_CHANNEL = 'station:pickFolder';

/** Same policy as the browser host: own scripts and styles only, no remote anything. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');

/** Headers on every page and asset served from app://station. */
export const responseHeaders = (contentType: string): Record<string, string> => ({
  'content-type': contentType,
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'cache-control': 'no-store',
});

const secureWebPreferences = (preloadPath: string): NonNullable<BrowserWindowConstructorOptions['webPreferences']> => ({
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
  devTools: !process.env.STATION_NO_DEVTOOLS,
});

export function mainWindowOptions(preloadPath: string): BrowserWindowConstructorOptions {
  return {
    width: 1366,
    height: 900,
    minWidth: 1024,
    minHeight: 700,
    title: '村级选举计票站',
    backgroundColor: '#ffffff',
    show: false,
    autoHideMenuBar: true,
    webPreferences: secureWebPreferences(preloadPath),
  };
}

export function hallWindowOptions(preloadPath: string, bounds: { x: number; y: number; width: number; height: number }): BrowserWindowConstructorOptions {
  return {
    ...bounds,
    title: '计票大屏',
    backgroundColor: '#000000',
    fullscreen: true,
    frame: false,
    show: false,
    autoHideMenuBar: true,
    webPreferences: secureWebPreferences(preloadPath),
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

/**
 * The one IPC handler: checks who is asking (our own page), that the command exists, and that the
 * input matches the contract, before the workspace (and the election's station) sees it.
 */
export function handleStationCall(workspace: Workspace, senderUrl: string | undefined, command: unknown, input: unknown, opts: unknown): Result<unknown> {
  if (!senderUrl || !isAppUrl(senderUrl)) return fail('FORBIDDEN', '请求来源不对：只接受计票站自己的页面。');
  if (typeof command !== 'string') return fail('UNKNOWN_COMMAND', '命令名不正确。');
  const spec = isWorkspaceCommand(command) ? workspaceContract[command] : isCommandName(command) ? contract[command] : undefined;
  if (!spec) return fail('UNKNOWN_COMMAND', `没有这个命令：${command}`);
  const parsed = spec.input.safeParse(input ?? {});
  if (!parsed.success) return { ok: false, error: validationError(parsed.error, command) };
  let pin: string | undefined;
  if (opts !== undefined && opts !== null) {
    const p = (opts as { pin?: unknown }).pin;
    if (typeof opts !== 'object' || (p !== undefined && (typeof p !== 'string' || !/^\d{0,8}$/.test(p)))) return fail('VALIDATION', '输入有误：密码应为 4 到 8 位数字');
    pin = typeof p === 'string' && p !== '' ? p : undefined;
  }
  try {
    return workspace.call(command, input ?? {}, pin ? { pin } : {});
  } catch (e) {
    console.error(`station error in ${command}:`, e);
    return fail('INTERNAL', '计票站内部错误，已记录。请重试；如果再次出现，请联系技术人员。');
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
export async function handlePickFolder(senderUrl: string | undefined, show: () => Promise<{ canceled: boolean; filePaths: string[] }>): Promise<Result<{ path: string | null }>> {
  if (!senderUrl || !isAppUrl(senderUrl)) return fail('FORBIDDEN', '请求来源不对：只接受计票站自己的页面。');
  const r = await show();
  return { ok: true, value: { path: r.canceled ? null : (r.filePaths[0] ?? null) } };
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
};

async function startApp(): Promise<void> {
  const { app, BrowserWindow, dialog, ipcMain, protocol, screen, session, shell, Menu } = await import('electron');
  const { readFile } = await import('node:fs/promises');

  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  protocol.registerSchemesAsPrivileged([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: false } }]);

  const rendererDir = path.join(app.getAppPath(), 'dist-renderer');
  const preloadPath = path.join(app.getAppPath(), 'dist-electron', 'electron', 'preload.cjs');
  let mainWindow: InstanceType<typeof BrowserWindow> | null = null;
  let hallWindow: InstanceType<typeof BrowserWindow> | null = null;

  app.on('second-instance', () => {
    if (mainWindow) {
      if (mainWindow.isMinimized()) mainWindow.restore();
      mainWindow.focus();
    }
  });
  app.on('web-contents-created', (_e, contents) => guardWebContents(contents));
  app.on('window-all-closed', () => app.quit());

  await app.whenReady();
  Menu.setApplicationMenu(null);
  // The station's signing key lives in the user data folder, apart from the elections it signs.
  setStationKeyDir(path.join(app.getPath('userData'), 'station-key'));
  const workspace = openWorkspace(path.join(app.getPath('userData'), 'station'));
  app.on('will-quit', () => workspace.close());

  // No remote content: only app://station is ever loaded; permissions are all refused.
  session.defaultSession.setPermissionRequestHandler((_wc, _perm, cb) => cb(false));
  session.defaultSession.webRequest.onBeforeRequest({ urls: ['http://*/*', 'https://*/*', 'ws://*/*', 'wss://*/*', 'ftp://*/*'] }, (_d, cb) => cb({ cancel: true }));
  protocol.handle('app', async (request) => {
    const url = new URL(request.url);
    if (url.host !== 'station') return new Response('not found', { status: 404 });
    const rel = path.normalize(decodeURIComponent(url.pathname === '/' ? '/index.html' : url.pathname)).replace(/^([/\\])+/, '');
    const file = path.join(rendererDir, rel);
    if (!file.startsWith(rendererDir + path.sep)) return new Response('not found', { status: 404 });
    try {
      const body = await readFile(file);
      return new Response(body, { status: 200, headers: responseHeaders(MIME[path.extname(file)] ?? 'application/octet-stream') });
    } catch {
      return new Response('not found', { status: 404 });
    }
  });

  ipcMain.handle(IPC_CHANNEL, (event, command: unknown, input: unknown, opts: unknown) => handleStationCall(workspace, event.senderFrame?.url, command, input, opts));
  ipcMain.handle(OPEN_FORM_CHANNEL, (event, fileName: unknown) => handleOpenForm(workspace, event.senderFrame?.url, fileName, (f) => shell.openPath(f)));
  ipcMain.handle(PICK_FOLDER_CHANNEL, (event) =>
    handlePickFolder(event.senderFrame?.url, () => {
      const owner = BrowserWindow.fromWebContents(event.sender);
      const options = { title: '选择文件夹（U 盘或其他位置）', properties: ['openDirectory' as const, 'createDirectory' as const] };
      return owner ? dialog.showOpenDialog(owner, options) : dialog.showOpenDialog(options);
    }),
  );

  mainWindow = new BrowserWindow(mainWindowOptions(preloadPath));
  mainWindow.once('ready-to-show', () => mainWindow?.show());
  mainWindow.on('closed', () => {
    mainWindow = null;
    hallWindow?.close();
  });
  await mainWindow.loadURL(`${APP_ORIGIN}/index.html#/start`);

  // The hall display (大屏) goes to the second screen (the projector) when there is one.
  const openHall = () => {
    const primary = screen.getPrimaryDisplay();
    const other = screen.getAllDisplays().find((d) => d.id !== primary.id);
    if (!other || hallWindow) return;
    hallWindow = new BrowserWindow(hallWindowOptions(preloadPath, other.bounds));
    hallWindow.once('ready-to-show', () => hallWindow?.show());
    hallWindow.on('closed', () => (hallWindow = null));
    void hallWindow.loadURL(`${APP_ORIGIN}/index.html#/hall`);
  };
  openHall();
  screen.on('display-added', openHall);
  screen.on('display-removed', () => {
    if (screen.getAllDisplays().length < 2) hallWindow?.close();
  });
}

if (process.versions.electron) {
  startApp().catch((e: unknown) => {
    console.error('计票站启动失败：', e);
    process.exit(1);
  });
}
