/**
 * Electron entry (thin glue): one instance, the main window, a hall-display window on a second
 * screen, the app:// protocol, and the IPC channels — all their logic is in shell.ts (plain
 * functions, tested without Electron); `electron` itself is only imported when this file runs inside
 * Electron.
 */
import path from 'node:path';
import { fail } from '../shared/result.js';
import { setStationKeyDir } from './station/export/keys.js';
import { openWorkspace } from './station/workspace.js';
import { mimeOf, staticFile } from './serve.js';
import { FolderGrants } from './page-guard.js';
import {
  APP_ORIGIN,
  devToolsAllowed,
  guardWebContents,
  HALL_CHANNEL,
  hallWindowOptions,
  handleHallLive,
  handleOpenForm,
  handlePickFolder,
  handleStationCall,
  IPC_CHANNEL,
  lockDownSession,
  mainWindowOptions,
  OPEN_FORM_CHANNEL,
  PICK_FOLDER_CHANNEL,
  responseHeaders,
  type LockableSession,
} from './shell.js';

export * from './shell.js';

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
  const hallPreloadPath = path.join(app.getAppPath(), 'dist-electron', 'electron', 'preload-hall.cjs');
  const devTools = devToolsAllowed(process.env, app.isPackaged);
  let mainWindow: InstanceType<typeof BrowserWindow> | null = null;
  let hallWindow: InstanceType<typeof BrowserWindow> | null = null;
  const grants = new FolderGrants();

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
  const workspace = openWorkspace(path.join(app.getPath('userData'), 'station'), { program: '计票站窗口' });
  app.on('will-quit', () => workspace.close());

  // No remote content: only app://station is ever loaded; permissions, devices and downloads are all refused.
  lockDownSession(session.defaultSession as unknown as LockableSession);
  session.defaultSession.webRequest.onBeforeRequest({ urls: ['http://*/*', 'https://*/*', 'ws://*/*', 'wss://*/*', 'ftp://*/*'] }, (_d, cb) => cb({ cancel: true }));
  protocol.handle('app', async (request) => {
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      return new Response('not found', { status: 404 });
    }
    if (url.host !== 'station') return new Response('not found', { status: 404 });
    const file = staticFile(rendererDir, url.pathname === '/' ? '/index.html' : url.pathname);
    if (!file) return new Response('not found', { status: 404 });
    try {
      const body = await readFile(file);
      return new Response(body, { status: 200, headers: responseHeaders(mimeOf(file)) });
    } catch {
      return new Response('not found', { status: 404 });
    }
  });

  const isHall = (sender: unknown): boolean => hallWindow !== null && sender === hallWindow.webContents;
  ipcMain.handle(IPC_CHANNEL, (event, command: unknown, input: unknown, opts: unknown) =>
    handleStationCall(workspace, event.senderFrame?.url, command, input, opts, grants, isHall(event.sender)),
  );
  ipcMain.handle(HALL_CHANNEL, (event, input: unknown) => handleHallLive(workspace, event.senderFrame?.url, input));
  ipcMain.handle(OPEN_FORM_CHANNEL, (event, fileName: unknown) =>
    isHall(event.sender) ? fail('FORBIDDEN', '请求来源不对。') : handleOpenForm(workspace, event.senderFrame?.url, fileName, (f) => shell.openPath(f)),
  );
  ipcMain.handle(PICK_FOLDER_CHANNEL, (event) =>
    isHall(event.sender)
      ? fail('FORBIDDEN', '请求来源不对。')
      : handlePickFolder(
          event.senderFrame?.url,
          () => {
            const owner = BrowserWindow.fromWebContents(event.sender);
            const options = { title: '选择文件夹（U 盘或其他位置）', properties: ['openDirectory' as const, 'createDirectory' as const] };
            return owner ? dialog.showOpenDialog(owner, options) : dialog.showOpenDialog(options);
          },
          grants,
        ),
  );

  mainWindow = new BrowserWindow(mainWindowOptions(preloadPath, { devTools }));
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
    hallWindow = new BrowserWindow(hallWindowOptions(hallPreloadPath, other.bounds, { devTools }));
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
