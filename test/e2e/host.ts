/**
 * Each e2e test starts its own browser host (`tsx electron/browser-host.ts`, as `npm run
 * start:browser` does) on a temp data dir and a free port, and reads the URL it prints. The token is
 * read from the served page, as the browser gets it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { fileURLToPath } from 'node:url';

export interface TestHost {
  url: string;
  token: string;
  dataDir: string;
  child: ChildProcess;
  dispose(): Promise<void>;
}

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export async function startTestHost(extraArgs: string[] = [], reuse?: { dataDir: string; port: number }): Promise<TestHost> {
  const dataDir = reuse?.dataDir ?? mkdtempSync(path.join(os.tmpdir(), 'station-e2e-'));
  const tsx = path.join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');
  // The browser host has no folder dialog: the tests' "USB drives" are temp folders, so the temp
  // folder is the one it may use (electron/page-guard.ts), unless a test says otherwise.
  const folders = extraArgs.includes('--folders') ? [] : ['--folders', os.tmpdir()];
  const child = spawn(process.execPath, [tsx, 'electron/browser-host.ts', '--port', String(reuse?.port ?? 0), '--data', dataDir, ...folders, ...extraArgs], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`browser host did not start:\n${out}`)), 90_000);
    const onData = (b: Buffer) => {
      out += b.toString('utf8');
      const m = /(http:\/\/127\.0\.0\.1:\d+\/)/.exec(out);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (b: Buffer) => {
      out += b.toString('utf8');
      process.stderr.write(b);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`browser host exited with ${code}:\n${out}`));
    });
  });
  const html = await (await fetch(url)).text();
  const token = /<meta name="station-token" content="([0-9a-f]+)">/.exec(html)?.[1] ?? '';
  return {
    url,
    token,
    dataDir,
    child,
    async dispose() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Stops the host as closing its window (Ctrl+C) does, keeping its data folder. (tsx runs the host in a
 * child process of its own and passes SIGTERM on; a SIGKILL would leave that child serving.)
 */
export async function stopTestHost(host: TestHost): Promise<void> {
  if (host.child.exitCode !== null) return;
  const exited = new Promise((r) => host.child.once('exit', r));
  host.child.kill('SIGTERM');
  await exited;
}

/**
 * Starts the host again on the same data folder and port (the page's address stays the same), as a
 * clerk restarting the station would: it is a new run with a new token. The returned host's dispose
 * removes the data folder.
 */
export async function restartTestHost(host: TestHost, extraArgs: string[] = []): Promise<TestHost> {
  await stopTestHost(host);
  return startTestHost(extraArgs, { dataDir: host.dataDir, port: Number(new URL(host.url).port) });
}

/** One command through the host's API, as the page sends it. */
export async function apiCall<T = unknown>(host: TestHost, command: string, input: unknown = {}): Promise<{ ok: true; value: T } | { ok: false; error: { code: string; message: string } }> {
  const res = await fetch(`${host.url}api/${command}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-station-token': host.token },
    body: JSON.stringify(input),
  });
  return (await res.json()) as { ok: true; value: T } | { ok: false; error: { code: string; message: string } };
}

/** A command the test needs to succeed: its value, or an error naming the command and the refusal. */
export async function apiMust<T = unknown>(host: TestHost, command: string, input: unknown = {}): Promise<T> {
  const r = await apiCall<T>(host, command, input);
  if (!r.ok) throw new Error(`${command}: ${r.error.code} ${r.error.message}`);
  return r.value;
}

export const SHOTS = path.join(ROOT, 'test/e2e/screenshots');
mkdirSync(SHOTS, { recursive: true });

export async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
}
