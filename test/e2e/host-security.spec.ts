/**
 * The browser host answers commands only with this run's token, from its own origin (issue 4, 6); no
 * request can stop it, a big body gets 413, and a page cannot make it read a file (issue 12: D4, D7).
 */
import { expect, test } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { startTestHost, type TestHost } from './host.js';

let host: TestHost;
test.beforeAll(async () => {
  host = await startTestHost();
});
test.afterAll(async () => {
  await host.dispose();
});

function post(pathname: string, headers: Record<string, string>, body = '{}'): Promise<{ status: number; json: unknown }> {
  const u = new URL(host.url);
  return new Promise((resolve, reject) => {
    const req = http.request(
      { hostname: u.hostname, port: u.port, path: pathname, method: 'POST', headers: { 'content-type': 'application/json', ...headers } },
      (res) => {
        let s = '';
        res.on('data', (c: Buffer) => (s += c.toString('utf8')));
        res.on('end', () => {
          let json: unknown = null;
          try {
            json = JSON.parse(s);
          } catch {
            json = s;
          }
          resolve({ status: res.statusCode ?? 0, json });
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

test('a request with the token is answered', async () => {
  const r = await post('/api/workspace.list', { 'x-station-token': host.token });
  expect(r.status).toBe(200);
  expect(r.json).toMatchObject({ ok: true, value: { elections: [], current: null } });
});

test('a request without the token is refused', async () => {
  const r = await post('/api/workspace.list', {});
  expect(r.status).toBe(403);
  expect(r.json).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
});

test('a request with a wrong token is refused', async () => {
  const wrong = host.token.replace(/^./, (c) => (c === 'a' ? 'b' : 'a'));
  expect((await post('/api/workspace.list', { 'x-station-token': wrong })).status).toBe(403);
  expect((await post('/api/workspace.list', { 'x-station-token': 'x' })).status).toBe(403);
});

test('a request from another origin is refused, even with the token', async () => {
  const r = await post('/api/workspace.create', { 'x-station-token': host.token, origin: 'http://evil.example' }, JSON.stringify({ kind: 'villagers_committee', village: '甲', township: '乙', electionDate: '2026-06-20', drill: true }));
  expect(r.status).toBe(403);
  expect((await post('/api/workspace.list', { 'x-station-token': host.token, 'sec-fetch-site': 'cross-site' })).status).toBe(403);
  // nothing was created
  const list = await post('/api/workspace.list', { 'x-station-token': host.token });
  expect(list.json).toMatchObject({ ok: true, value: { elections: [] } });
});

test('a request naming another host (DNS rebinding) is refused', async () => {
  const r = await post('/api/workspace.list', { 'x-station-token': host.token, host: 'attacker.example' });
  expect(r.status).toBe(403);
});

test('a page on another origin cannot call the API from the browser', async ({ page }) => {
  // A foreign page (about:blank data URL) tries a cross-origin POST: the host refuses it.
  await page.goto('data:text/html,<title>x</title>');
  const status = await page.evaluate(async (url) => {
    try {
      const r = await fetch(`${url}api/workspace.list`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{}', mode: 'no-cors' });
      return r.type;
    } catch {
      return 'blocked';
    }
  }, host.url);
  expect(['opaque', 'blocked']).toContain(status);
  const list = await post('/api/workspace.list', { 'x-station-token': host.token });
  expect(list.json).toMatchObject({ ok: true });
});

test('the page carries a strict CSP and the token only in the served HTML', async ({ request }) => {
  const res = await request.get(host.url);
  const csp = res.headers()['content-security-policy'] ?? '';
  expect(csp).toContain("default-src 'none'");
  expect(csp).toContain("script-src 'self'");
  expect(csp).not.toContain('unsafe-inline');
  expect(await res.text()).toContain(`<meta name="station-token" content="${host.token}">`);
});

test('the host listens on 127.0.0.1 only', async () => {
  expect(new URL(host.url).hostname).toBe('127.0.0.1');
});

test('static files outside the renderer folder are not served', async () => {
  const u = new URL(host.url);
  const status = await new Promise<number>((resolve) => {
    http.get({ hostname: u.hostname, port: u.port, path: '/..%2f..%2fpackage.json' }, (res) => resolve(res.statusCode ?? 0));
  });
  expect(status).toBe(404);
});

/** One raw request line (and headers) on its own connection; resolves with the status line or 'closed'. */
function raw(request: string): Promise<string> {
  const u = new URL(host.url);
  return new Promise((resolve) => {
    const s = net.connect(Number(u.port), u.hostname);
    let got = '';
    s.setTimeout(5000, () => s.destroy());
    s.on('data', (d: Buffer) => (got += d.toString('latin1')));
    s.on('close', () => resolve(got.split('\r\n')[0] || 'closed'));
    s.on('error', () => undefined);
    s.write(request);
  });
}

const alive = async (): Promise<void> => {
  const r = await post('/api/workspace.list', { 'x-station-token': host.token });
  expect(r.status).toBe(200);
};

test('D4: no malformed request stops the host (GET /%, http://[, a bad port, //[::1, a broken escape with the token)', async () => {
  const h = new URL(host.url).host;
  for (const target of ['/%', 'http://[', 'http://a:99999/', '//[::1', '/%E0%A4%A', '/forms/%', '/..%2f%', '/%00']) {
    const status = await raw(`GET ${target} HTTP/1.1\r\nHost: ${h}\r\nConnection: close\r\n\r\n`);
    expect(status, target).toMatch(/^HTTP\/1\.1 (400|403|404)/);
    await alive();
  }
  const api = await raw(`POST /api/%E0%A4%A HTTP/1.1\r\nHost: ${h}\r\nx-station-token: ${host.token}\r\ncontent-type: application/json\r\ncontent-length: 2\r\nConnection: close\r\n\r\n{}`);
  expect(api).toMatch(/^HTTP\/1\.1 404/);
  await alive();
  // not HTTP at all
  expect(await raw('\x16\x03\x01 garbage\r\n\r\n')).toMatch(/^(HTTP\/1\.1 400|closed)/);
  await alive();
});

test('D4: an over-large body gets 413, not a reset; the host goes on', async () => {
  const big = Buffer.alloc(40 * 1024 * 1024, 0x20);
  const declared = await new Promise<number>((resolve, reject) => {
    const u = new URL(host.url);
    const req = http.request({ hostname: u.hostname, port: u.port, path: '/api/workspace.list', method: 'POST', headers: { 'content-type': 'application/json', 'x-station-token': host.token, 'content-length': big.length } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end(big);
  });
  expect(declared).toBe(413);
  // the same without a declared length (chunked): answered 413 while it streams
  const chunked = await new Promise<number>((resolve, reject) => {
    const u = new URL(host.url);
    const req = http.request({ hostname: u.hostname, port: u.port, path: '/api/workspace.list', method: 'POST', headers: { 'content-type': 'application/json', 'x-station-token': host.token } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    for (let i = 0; i < 40; i++) req.write(Buffer.alloc(1024 * 1024, 0x20));
    req.end();
  });
  expect(chunked).toBe(413);
  await alive();
});

test('D7: no page-facing command reads a file on this machine (/etc/passwd, /dev/zero, a FIFO, a folder not chosen)', async () => {
  await post('/api/workspace.create', { 'x-station-token': host.token }, JSON.stringify({ kind: 'villagers_committee', village: '青山村', township: '清河镇', electionDate: '2026-06-20', drill: true }));
  const fifoDir = mkdtempSync(path.join('/var/tmp', 'station-fifo-'));
  const fifo = path.join(fifoDir, 'roll.csv');
  execFileSync('mkfifo', [fifo]);
  try {
    const started = Date.now();
    for (const [command, input] of [
      ['roll.importPreview', { path: '/etc/passwd' }],
      ['roll.importPreview', { path: '/dev/zero' }],
      ['roll.importPreview', { path: fifo }],
      ['roll.importConfirm', { path: '/etc/passwd' }],
      ['export.verify', { path: '/etc' }],
      ['township.find', { folder: '/etc' }],
      ['township.import', { paths: ['/etc'] }],
      ['export.write', { target: '/var/tmp' }],
    ] as const) {
      const r = await post(`/api/${command}`, { 'x-station-token': host.token }, JSON.stringify(input));
      const json = r.json as { ok: boolean; error?: { code: string; message: string } };
      expect(json.ok, `${command} ${JSON.stringify(input)}`).toBe(false);
      expect(['PATH_NOT_ALLOWED', 'FOLDER_NOT_ALLOWED', 'VALIDATION'], `${command}: ${json.error?.code}`).toContain(json.error?.code);
      expect(JSON.stringify(r.json)).not.toContain('root:');
    }
    expect(Date.now() - started).toBeLessThan(10_000);
  } finally {
    rmSync(fifoDir, { recursive: true, force: true });
  }
  await alive();
});
