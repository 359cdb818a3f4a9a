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
  guardWebContents,
  hallWindowOptions,
  handleStationCall,
  mainWindowOptions,
  responseHeaders,
} from '../../../electron/main.js';
import { openWorkspace } from '../../../electron/station/workspace.js';

describe('window options', () => {
  for (const [name, opts] of [
    ['main', mainWindowOptions('/x/preload.cjs')],
    ['hall', hallWindowOptions('/x/preload.cjs', { x: 1920, y: 0, width: 1920, height: 1080 })],
  ] as const) {
    it(`${name} window: contextIsolation, sandbox, no node integration, our preload`, () => {
      const w = opts.webPreferences;
      expect(w?.contextIsolation).toBe(true);
      expect(w?.sandbox).toBe(true);
      expect(w?.nodeIntegration).toBe(false);
      expect(w?.nodeIntegrationInWorker).toBe(false);
      expect(w?.nodeIntegrationInSubFrames).toBe(false);
      expect(w?.webSecurity).toBe(true);
      expect(w?.allowRunningInsecureContent).toBe(false);
      expect(w?.webviewTag).toBe(false);
      expect(w?.preload).toBe('/x/preload.cjs');
    });
  }
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
  it('passes valid commands to the workspace and the election station', () => {
    const created = handleStationCall(ws, page, 'workspace.create', { kind: 'villagers_committee', village: '青山村', township: '清河镇', electionDate: '2026-06-20', drill: true }, undefined);
    expect(created).toMatchObject({ ok: true });
    expect(handleStationCall(ws, page, 'election.get', {}, undefined)).toMatchObject({ ok: true, value: { village: '青山村', drill: true } });
  });
});
