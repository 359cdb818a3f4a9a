/** The browser host answers commands only with this run's token, from its own origin (issue 4, 6). */
import { expect, test } from '@playwright/test';
import http from 'node:http';
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
