/**
 * Opening a saved form to print (issue 5): the Electron IPC handler and the browser host's /forms/
 * route accept only a plain *.pdf name inside the open election's forms folder, from our own page.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handleOpenForm } from '../../electron/main.js';
import { formsDir } from '../../electron/station/forms/index.js';
import { savedFormFile } from '../../electron/station/forms/serve.js';
import { openWorkspace, type Workspace } from '../../electron/station/workspace.js';

let root: string;
let ws: Workspace;
let dir: string;

beforeAll(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'open-form-'));
  ws = openWorkspace(root, { backups: false });
  const r = ws.call('workspace.create', { kind: 'villagers_committee', village: '青山村', township: '清河镇', electionDate: '2026-06-20', drill: true });
  expect(r.ok).toBe(true);
  dir = ws.current()?.dataDir ?? '';
  mkdirSync(formsDir(dir), { recursive: true });
  writeFileSync(path.join(formsDir(dir), '选举结果报告单.pdf'), '%PDF-1.4\n');
  writeFileSync(path.join(formsDir(dir), '.hidden.pdf'), '%PDF-1.4\n');
  writeFileSync(path.join(dir, 'outside.pdf'), '%PDF-1.4\n');
  writeFileSync(path.join(formsDir(dir), 'notes.txt'), 'x');
});
afterAll(() => {
  ws.close();
  rmSync(root, { recursive: true, force: true });
});

describe('savedFormFile', () => {
  it('finds a saved PDF by its plain name', () => {
    expect(savedFormFile(dir, '选举结果报告单.pdf')).toBe(path.join(path.resolve(formsDir(dir)), '选举结果报告单.pdf'));
  });
  it('refuses other folders, hidden files, other types, missing files and non-strings', () => {
    for (const bad of ['../outside.pdf', '..\\outside.pdf', 'sub/x.pdf', '.hidden.pdf', 'notes.txt', '没有这个.pdf', '', `${'长'.repeat(201)}.pdf`, 'a\0.pdf', 42, null, { name: 'x.pdf' }]) {
      expect(savedFormFile(dir, bad), String(bad)).toBeNull();
    }
    expect(savedFormFile(path.join(dir, '..'), `${path.basename(dir)}/forms/选举结果报告单.pdf`)).toBeNull();
  });
  it('no open election: nothing is served', () => {
    expect(savedFormFile(null, '选举结果报告单.pdf')).toBeNull();
  });
});

describe('handleOpenForm (Electron print IPC)', () => {
  const opened: string[] = [];
  const open = async (f: string) => {
    opened.push(f);
    return '';
  };
  it('opens a saved form for our own page', async () => {
    const r = await handleOpenForm(ws, 'app://station/index.html#/forms', '选举结果报告单.pdf', open);
    expect(r.ok).toBe(true);
    expect(opened).toEqual([path.join(path.resolve(formsDir(dir)), '选举结果报告单.pdf')]);
  });
  it('refuses another page, and any name outside the forms folder, without opening anything', async () => {
    opened.length = 0;
    const other = await handleOpenForm(ws, 'https://evil.example/', '选举结果报告单.pdf', open);
    expect(other.ok ? '' : other.error.code).toBe('FORBIDDEN');
    for (const bad of ['../outside.pdf', '../../election.sqlite', 'notes.txt', 7]) {
      const r = await handleOpenForm(ws, 'app://station/index.html', bad, open);
      expect(r.ok ? '' : r.error.code).toBe('FORM_NOT_FOUND');
    }
    expect(opened).toEqual([]);
  });
  it('says in words when the PDF reader cannot be started', async () => {
    const r = await handleOpenForm(ws, 'app://station/index.html', '选举结果报告单.pdf', async () => 'No application is associated');
    expect(r.ok ? '' : r.error.message).toContain('PDF 阅读器');
  });
});

describe('the folder dialog IPC (选择文件夹…)', () => {
  it('answers the chosen folder to our page, null when cancelled, and refuses another origin', async () => {
    const { handlePickFolder } = await import('../../electron/main.js');
    const chosen = await handlePickFolder('app://station/index.html#/forms', async () => ({ canceled: false, filePaths: ['/media/usb'] }));
    expect(chosen).toEqual({ ok: true, value: { path: '/media/usb' } });
    const cancelled = await handlePickFolder('app://station/index.html', async () => ({ canceled: true, filePaths: [] }));
    expect(cancelled).toEqual({ ok: true, value: { path: null } });
    let shown = false;
    const evil = await handlePickFolder('https://evil.example/', async () => {
      shown = true;
      return { canceled: false, filePaths: ['/'] };
    });
    expect(evil.ok).toBe(false);
    expect(shown).toBe(false);
  });
});
