/** The browser host's GET /forms/<name>: the open election's saved PDFs, to this run's token only. */
import { expect, test } from '@playwright/test';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { apiCall, startTestHost, type TestHost } from './host.js';

let host: TestHost;
test.beforeAll(async () => {
  host = await startTestHost();
  const r = await apiCall(host, 'workspace.create', { kind: 'villagers_committee', village: '青山村', township: '清河镇', electionDate: '2026-06-20', drill: true });
  expect(r.ok).toBe(true);
  const id = readdirSync(path.join(host.dataDir, 'elections')).find((n) => !n.startsWith('.')) ?? '';
  const dir = path.join(host.dataDir, 'elections', id);
  mkdirSync(path.join(dir, 'forms'), { recursive: true });
  writeFileSync(path.join(dir, 'forms', '选举结果公告.pdf'), '%PDF-1.4 test\n');
  writeFileSync(path.join(dir, 'secret.pdf'), '%PDF-1.4 not a form\n');
});
test.afterAll(async () => {
  await host.dispose();
});

function get(pathname: string, headers: Record<string, string> = {}): Promise<{ status: number; type: string; csp: string; body: string }> {
  const u = new URL(host.url);
  return new Promise((resolve, reject) => {
    http
      .get({ hostname: u.hostname, port: u.port, path: pathname, headers }, (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString('utf8')));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type'] ?? ''), csp: String(res.headers['content-security-policy'] ?? ''), body }),
        );
      })
      .on('error', reject);
  });
}

const NAME = `/forms/${encodeURIComponent('选举结果公告.pdf')}`;

test('a saved form is served with the token, as a sandboxed PDF', async () => {
  const r = await get(NAME, { 'x-station-token': host.token });
  expect(r.status).toBe(200);
  expect(r.type).toBe('application/pdf');
  expect(r.csp).toContain('sandbox');
  expect(r.body.startsWith('%PDF-1.4 test')).toBe(true);
});

test('the page may frame only blob: URLs (the fetched PDF), nothing from elsewhere', async () => {
  const r = await get('/', {});
  expect(r.csp).toContain('frame-src blob:');
  expect(r.csp).not.toMatch(/frame-src[^;]*(\*|http|data:)/);
  expect(r.csp).toContain("frame-ancestors 'none'");
});

test('without the token, or with a wrong one, it is refused', async () => {
  expect((await get(NAME)).status).toBe(403);
  expect((await get(NAME, { 'x-station-token': 'x'.repeat(host.token.length) })).status).toBe(403);
});

test('from another origin or site it is refused, even with the token', async () => {
  expect((await get(NAME, { 'x-station-token': host.token, origin: 'http://evil.example' })).status).toBe(403);
  expect((await get(NAME, { 'x-station-token': host.token, 'sec-fetch-site': 'cross-site' })).status).toBe(403);
});

test('nothing outside the forms folder, no other file types, no missing files', async () => {
  for (const p of ['/forms/..%2fsecret.pdf', '/forms/..%2f..%2felection.sqlite', '/forms/%2e%2e%2fsecret.pdf', '/forms/..%5csecret.pdf', '/forms/secret', '/forms/%E0%A4%A.pdf', `/forms/${encodeURIComponent('没有.pdf')}`, '/forms/']) {
    const r = await get(p, { 'x-station-token': host.token });
    expect(r.status, p).toBe(404);
    expect(r.body).not.toContain('%PDF');
  }
});
