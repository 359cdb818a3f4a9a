/**
 * Issue 4/6 — Electron: the BrowserWindow options actually used, the CSP, the navigation guard and
 * the IPC validation, checked without Electron running (main.ts only imports electron inside Electron).
 */
import { EventEmitter } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  CONTENT_SECURITY_POLICY,
  devToolsAllowed,
  guardWebContents,
  hallWindowOptions,
  handleHallLive,
  handlePickFolder,
  handleStationCall,
  lockDownSession,
  mainWindowOptions,
  responseHeaders,
} from '../../../electron/main.js';
import { FolderGrants } from '../../../electron/page-guard.js';
import { openWorkspace } from '../../../electron/station/workspace.js';

describe('window options', () => {
  for (const [name, opts, preload] of [
    ['main', mainWindowOptions('/x/preload.cjs'), '/x/preload.cjs'],
    ['hall', hallWindowOptions('/x/preload-hall.cjs', { x: 1920, y: 0, width: 1920, height: 1080 }), '/x/preload-hall.cjs'],
  ] as const) {
    it(`${name} window: contextIsolation, sandbox, no node integration, its own preload, DevTools off`, () => {
      const w = opts.webPreferences;
      expect(w?.contextIsolation).toBe(true);
      expect(w?.sandbox).toBe(true);
      expect(w?.nodeIntegration).toBe(false);
      expect(w?.nodeIntegrationInWorker).toBe(false);
      expect(w?.nodeIntegrationInSubFrames).toBe(false);
      expect(w?.webSecurity).toBe(true);
      expect(w?.allowRunningInsecureContent).toBe(false);
      expect(w?.webviewTag).toBe(false);
      expect(w?.preload).toBe(preload);
      expect(w?.devTools).toBe(false);
    });
  }

  it('DevTools only when a developer asks on an unpackaged build (STATION_DEVTOOLS=1), never in the packaged program', () => {
    expect(devToolsAllowed({}, false)).toBe(false);
    expect(devToolsAllowed({ STATION_DEVTOOLS: '1' }, false)).toBe(true);
    expect(devToolsAllowed({ STATION_DEVTOOLS: '1' }, true)).toBe(false);
    expect(devToolsAllowed({ STATION_NO_DEVTOOLS: '' }, false)).toBe(false);
    expect(mainWindowOptions('/p', { devTools: true }).webPreferences?.devTools).toBe(true);
  });
});

describe('session lock-down', () => {
  it('refuses every permission request and check, every device chooser and every download', () => {
    const handlers: Record<string, (...a: never[]) => unknown> = {};
    const events = new EventEmitter();
    const session = {
      setPermissionRequestHandler: (h: (...a: never[]) => unknown) => (handlers.request = h),
      setPermissionCheckHandler: (h: (...a: never[]) => unknown) => (handlers.check = h),
      setDevicePermissionHandler: (h: (...a: never[]) => unknown) => (handlers.device = h),
      on: (e: string, h: (...a: unknown[]) => void) => events.on(e, h),
    };
    lockDownSession(session as never);
    for (const perm of ['media', 'geolocation', 'notifications', 'clipboard-read', 'hid', 'serial', 'usb', 'fullscreen']) {
      let granted: boolean | undefined;
      (handlers.request as unknown as (wc: unknown, p: string, cb: (g: boolean) => void) => void)({}, perm, (g) => (granted = g));
      expect(granted, perm).toBe(false);
      expect((handlers.check as unknown as (wc: unknown, p: string) => boolean)({}, perm), perm).toBe(false);
    }
    expect((handlers.device as unknown as (d: unknown) => boolean)({ deviceType: 'usb' })).toBe(false);
    const chosen: unknown[] = [];
    for (const [event, cbAt] of [['select-hid-device', 1], ['select-serial-port', 2], ['select-usb-device', 1]] as const) {
      let prevented = false;
      const args: unknown[] = [{ deviceList: [{ deviceId: 'x' }] }, {}, {}];
      args[cbAt] = (id?: string) => chosen.push(id ?? null);
      events.emit(event, { preventDefault: () => (prevented = true) }, ...args);
      expect(prevented, event).toBe(true);
    }
    expect(chosen.every((c) => c === null || c === '')).toBe(true);
    let downloadPrevented = false;
    events.emit('will-download', { preventDefault: () => (downloadPrevented = true) });
    expect(downloadPrevented).toBe(true);
  });
});

describe('content security policy', () => {
  it('is strict and sent with every app:// response', () => {
    expect(CONTENT_SECURITY_POLICY).toContain("default-src 'none'");
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-(inline|eval)/);
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/https?:|\*/);
    expect(responseHeaders('text/html')['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
  });
});

describe('navigation guard', () => {
  class FakeContents extends EventEmitter {
    openHandler: ((d: { url: string }) => { action: string }) | null = null;
    setWindowOpenHandler(h: (d: { url: string }) => { action: string }) {
      this.openHandler = h;
    }
  }
  const nav = (c: FakeContents, ev: string, url: string): boolean => {
    let prevented = false;
    c.emit(ev, { preventDefault: () => (prevented = true), url }, url);
    return prevented;
  };
  it('refuses navigation away from app://station, redirects, webviews and window.open', () => {
    const c = new FakeContents();
    guardWebContents(c as never);
    expect(nav(c, 'will-navigate', 'https://example.com/')).toBe(true);
    expect(nav(c, 'will-navigate', 'file:///etc/passwd')).toBe(true);
    expect(nav(c, 'will-navigate', 'app://evil/index.html')).toBe(true);
    expect(nav(c, 'will-navigate', 'app://station/index.html#/hall')).toBe(false);
    expect(nav(c, 'will-redirect', 'http://127.0.0.1/')).toBe(true);
    expect(nav(c, 'will-attach-webview', 'app://station/')).toBe(true);
    expect(c.openHandler?.({ url: 'https://example.com' })).toEqual({ action: 'deny' });
    expect(c.openHandler?.({ url: 'app://station/index.html' })).toEqual({ action: 'deny' });
  });
});

describe('the one IPC channel', () => {
  const root = mkdtempSync(path.join(os.tmpdir(), 'station-ipc-'));
  const ws = openWorkspace(root, { backups: false });
  afterAll(() => {
    ws.close();
    rmSync(root, { recursive: true, force: true });
  });
  const page = 'app://station/index.html#/start';
  it('refuses other senders', () => {
    expect(handleStationCall(ws, 'https://evil.example/', 'workspace.list', {}, undefined)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(handleStationCall(ws, undefined, 'workspace.list', {}, undefined)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });
  it('refuses unknown commands and input that does not match the contract', () => {
    expect(handleStationCall(ws, page, 'fs.readFile', {}, undefined)).toMatchObject({ ok: false, error: { code: 'UNKNOWN_COMMAND' } });
    expect(handleStationCall(ws, page, 42, {}, undefined)).toMatchObject({ ok: false, error: { code: 'UNKNOWN_COMMAND' } });
    expect(handleStationCall(ws, page, '__proto__', {}, undefined)).toMatchObject({ ok: false, error: { code: 'UNKNOWN_COMMAND' } });
    const bad = handleStationCall(ws, page, 'workspace.create', { kind: 'villagers_committee', village: '', township: '镇', electionDate: '2026-02-30', drill: true }, undefined);
    expect(bad).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(handleStationCall(ws, page, 'workspace.list', { extra: 1 }, undefined)).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(handleStationCall(ws, page, 'workspace.list', {}, { pin: 'abc' })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
  });
  it('the hall window may not use the station channel; its own channel answers count.live and nothing else', () => {
    expect(handleStationCall(ws, page, 'workspace.list', {}, undefined, new FolderGrants(), true)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(handleHallLive(ws, 'https://evil.example/', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(handleHallLive(ws, page, { roundId: 'x' })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(handleHallLive(ws, page, { command: 'export.write' })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
  });

  it('a page names no file, and only folders the user chose in the folder dialog', async () => {
    const grants = new FolderGrants([], () => []);
    const usb = mkdtempSync(path.join(os.tmpdir(), 'station-usb-'));
    try {
      expect(handleStationCall(ws, page, 'roll.importPreview', { path: '/etc/passwd' }, undefined, grants)).toMatchObject({ ok: false, error: { code: 'PATH_NOT_ALLOWED' } });
      expect(handleStationCall(ws, page, 'export.verify', { path: usb }, undefined, grants)).toMatchObject({ ok: false, error: { code: 'PATH_NOT_ALLOWED' } });
      expect(handleStationCall(ws, page, 'township.find', { folder: usb }, undefined, grants)).toMatchObject({ ok: false, error: { code: 'FOLDER_NOT_ALLOWED' } });
      const picked = await handlePickFolder(page, async () => ({ canceled: false, filePaths: [usb] }), grants);
      expect(picked).toEqual({ ok: true, value: { path: usb } });
      // past the guard: the station answers (here: no election is open yet)
      const found = handleStationCall(ws, page, 'township.find', { folder: usb }, undefined, grants);
      expect(found.ok ? 'ok' : found.error.code).not.toMatch(/FOLDER_NOT_ALLOWED|PATH_NOT_ALLOWED/);
      // and what lies inside it; never beside it
      expect(handleStationCall(ws, page, 'township.import', { paths: [path.join(usb, 'pkg'), '/etc'] }, undefined, grants)).toMatchObject({ ok: false, error: { code: 'FOLDER_NOT_ALLOWED' } });
      expect(handleStationCall(ws, page, 'township.find', { folder: `${usb}/../` }, undefined, grants)).toMatchObject({ ok: false, error: { code: 'FOLDER_NOT_ALLOWED' } });
    } finally {
      rmSync(usb, { recursive: true, force: true });
    }
  });

  it('passes valid commands to the workspace and the election station', () => {
    const created = handleStationCall(ws, page, 'workspace.create', { kind: 'villagers_committee', village: '青山村', township: '清河镇', electionDate: '2026-06-20', drill: true }, undefined);
    expect(created).toMatchObject({ ok: true });
    expect(handleStationCall(ws, page, 'election.get', {}, undefined)).toMatchObject({ ok: true, value: { village: '青山村', drill: true } });
  });
});
