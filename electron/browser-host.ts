/**
 * `npm run start:browser [-- --data DIR --port N --folders DIR,DIR]`: the station's screens and
 * commands served to a browser on 127.0.0.1 only, for machines where Electron cannot run. Every API
 * request must carry this run's random token (header `x-station-token`, injected into the served page
 * as a meta tag) and come from this server's own origin; anything else is refused with 403.
 *
 * No request can stop it (issue 12, D4): every parse of a request is guarded (a malformed URL or
 * escape is a 400), a body over the limit is a 413, and a page names no file and only the folders
 * given with --folders or a removable drive the station found (page-guard.ts); an export goes only
 * to a place the station lists (a drive, or a folder under the data root: workspace.places). Each election is
 * opened by one program at a time (station/lock.ts).
 */
import { spawnSync } from 'node:child_process';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openWorkspace, type Workspace } from './station/workspace.js';
import { savedFormFile } from './station/forms/serve.js';
import { BROWSER_CONTENT_SECURITY_POLICY, mimeOf, safeDecode, staticFile } from './serve.js';
import { FolderGrants, refuseUnofferedTarget } from './page-guard.js';
import { pageCall } from './page-call.js';
import { exportPlaces, offeredPaths } from './station/export/places.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const RENDERER_DIR = path.join(ROOT, 'dist-renderer');
const RENDERER_SRC = path.join(ROOT, 'renderer');
/** The largest request body (a voter roll of tens of thousands of rows, base64, fits many times over). */
export const MAX_BODY = 32 * 1024 * 1024;

/** The page may load only its own scripts and styles and talk only to this server (serve.ts). */
export const CONTENT_SECURITY_POLICY = BROWSER_CONTENT_SECURITY_POLICY;

function newestMtime(dir: string): number {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

/** Builds the renderer with vite when dist-renderer is missing or older than the sources. */
export function ensureRendererBuilt(log: (s: string) => void = () => {}): void {
  const index = path.join(RENDERER_DIR, 'index.html');
  const stale = !existsSync(index) || (existsSync(RENDERER_SRC) && newestMtime(RENDERER_SRC) > statSync(index).mtimeMs);
  if (!stale) return;
  log('正在构建界面（首次运行需要几秒钟）…');
  const vite = path.join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js');
  const r = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0) throw new Error('界面构建失败（vite build），请查看上面的错误信息。');
}

export interface BrowserHostOptions {
  port?: number;
  dataDir?: string;
  quiet?: boolean;
  /** Injectable clock for drills and tests. */
  now?: () => Date;
  /** Automatic backups (default true). */
  backups?: boolean;
  /** Folders the page may name (export target, packages to total): no dialog here, so given at start. */
  folders?: readonly string[];
  /** Largest request body in bytes (default MAX_BODY). */
  maxBody?: number;
}

export interface BrowserHost {
  url: string;
  token: string;
  workspace: Workspace;
  /** Serve one file (a printed form) at an unguessable URL under /files/; returns the URL path. */
  publishFile(file: string): string;
  close(): Promise<void>;
}

const sameToken = (a: string, b: string): boolean => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

export async function startBrowserHost(opts: BrowserHostOptions = {}): Promise<BrowserHost> {
  const log = opts.quiet ? () => {} : (s: string) => console.log(s);
  ensureRendererBuilt(log);
  const token = randomBytes(24).toString('hex');
  const dataDir = path.resolve(opts.dataDir ?? '.data');
  const workspace = openWorkspace(dataDir, { program: '浏览器版计票站', ...(opts.now ? { now: opts.now } : {}), ...(opts.backups === false ? { backups: false } : {}) });
  const grants = new FolderGrants(opts.folders ?? []);
  const maxBody = opts.maxBody ?? MAX_BODY;
  const files = new Map<string, string>();
  const indexHtml = readFileSync(path.join(RENDERER_DIR, 'index.html'), 'utf8').replace(
    '</head>',
    `<meta name="station-token" content="${token}"></head>`,
  );
  let origin = '';
  let host = '';

  const send = (res: http.ServerResponse, status: number, body: string | Buffer, type: string, extra: Record<string, string> = {}): void => {
    res.writeHead(status, {
      'content-type': type,
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cross-origin-resource-policy': 'same-origin',
      ...extra,
    });
    res.end(body);
  };
  const json = (res: http.ServerResponse, status: number, v: unknown): void => send(res, status, JSON.stringify(v), 'application/json; charset=utf-8');
  const refuse = (res: http.ServerResponse, message: string): void =>
    json(res, 403, { ok: false, error: { code: 'FORBIDDEN', message } });

  const badRequest = (res: http.ServerResponse): void => json(res, 400, { ok: false, error: { code: 'BAD_REQUEST', message: '请求地址不正确。请用启动时显示的地址打开计票站。' } });

  /** A JSON command from the page: token, content type, size, then the page guard and the workspace. */
  const api = (req: http.IncomingMessage, res: http.ServerResponse, pathname: string): void => {
    if (req.method !== 'POST') return json(res, 405, { ok: false, error: { code: 'METHOD', message: '只接受 POST 请求。' } });
    const given = req.headers['x-station-token'];
    if (typeof given !== 'string' || !sameToken(given, token)) return refuse(res, '缺少或错误的访问令牌：请用启动时显示的地址重新打开页面。');
    if (!(req.headers['content-type'] ?? '').startsWith('application/json')) return json(res, 415, { ok: false, error: { code: 'CONTENT_TYPE', message: '请求内容应为 JSON。' } });
    const command = safeDecode(pathname.slice('/api/'.length));
    if (command === null) return json(res, 404, { ok: false, error: { code: 'UNKNOWN_COMMAND', message: '没有这个命令。' } });
    const tooBig = (): void => {
      // Answer 413 at once, then let the sender finish (what it still sends is thrown away, not kept)
      // so it reads the answer instead of a reset; a sender that goes on for ever is cut off.
      json(res, 413, { ok: false, error: { code: 'TOO_LARGE', message: `请求内容太大（超过 ${Math.round(maxBody / 1024 / 1024)} MB），没有处理。` } });
      let drained = 0;
      req.removeAllListeners('data');
      req.on('data', (c: Buffer) => {
        drained += c.length;
        if (drained > 16 * maxBody) req.destroy();
      });
      req.resume();
      const cutOff = setTimeout(() => req.destroy(), 30_000);
      cutOff.unref();
      req.once('end', () => clearTimeout(cutOff));
    };
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > maxBody) return tooBig();
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (c: Buffer) => {
      if (over) return;
      size += c.length;
      if (size > maxBody) {
        over = true;
        chunks.length = 0;
        tooBig();
      } else chunks.push(c);
    });
    req.on('error', () => {
      // a client that went away mid-body: nothing to answer
    });
    req.on('end', () => {
      if (over) return;
      let input: unknown;
      try {
        const text = Buffer.concat(chunks).toString('utf8');
        input = text.length === 0 ? {} : JSON.parse(text);
      } catch {
        return json(res, 400, { ok: false, error: { code: 'VALIDATION', message: '输入不是有效的 JSON。' } });
      }
      const pin = req.headers['x-station-pin'];
      const r = pageCall(workspace, grants, command, input, typeof pin === 'string' && pin !== '' ? pin : undefined, (c, i) =>
        refuseUnofferedTarget(c, i, () => offeredPaths(exportPlaces(dataDir))),
      );
      json(res, r.ok ? 200 : r.error.code === 'UNKNOWN_COMMAND' ? 404 : r.error.code === 'INTERNAL' ? 500 : 200, r);
    });
  };

  const handle = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    // DNS rebinding and cross-site requests: only this server's own host and origin are accepted.
    if (req.headers.host !== host) return refuse(res, '请求来源不对：只接受本机地址 127.0.0.1 的访问。');
    const reqOrigin = req.headers.origin;
    if (reqOrigin !== undefined && reqOrigin !== origin) return refuse(res, '请求来源不对：不接受其他网页发来的请求。');
    const fetchSite = req.headers['sec-fetch-site'];
    if (typeof fetchSite === 'string' && fetchSite !== 'same-origin' && fetchSite !== 'none') return refuse(res, '请求来源不对：不接受其他网页发来的请求。');
    // Only a path is accepted as the request target (`/x?y`), never an absolute URL or `//host`.
    const target = req.url ?? '/';
    if (!target.startsWith('/') || target.startsWith('//')) return badRequest(res);
    let url: URL;
    try {
      url = new URL(target, origin);
    } catch {
      return badRequest(res);
    }
    if (url.origin !== origin) return badRequest(res);

    if (url.pathname.startsWith('/api/')) return api(req, res, url.pathname);

    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, '', 'text/plain');

    if (url.pathname.startsWith('/forms/')) {
      // A form the open election saved under <dataDir>/forms/ (forms.render), fetched by the page
      // with this run's token; only a plain *.pdf file name in that one folder is served.
      const given = req.headers['x-station-token'];
      if (typeof given !== 'string' || !sameToken(given, token)) return refuse(res, '缺少或错误的访问令牌：请用启动时显示的地址重新打开页面。');
      const name = safeDecode(url.pathname.slice('/forms/'.length));
      const file = name === null ? null : savedFormFile(workspace.current()?.dataDir, name);
      if (!file || name === null) return send(res, 404, '文件不存在', 'text/plain; charset=utf-8');
      return send(res, 200, readFileSync(file), 'application/pdf', {
        'content-security-policy': "default-src 'none'; sandbox",
        'content-disposition': `inline; filename*=UTF-8''${encodeURIComponent(name)}`,
      });
    }

    if (url.pathname.startsWith('/files/')) {
      // Unguessable one-file URLs handed out by publishFile (the printed forms, opened in a new tab).
      const file = files.get(url.pathname.slice('/files/'.length));
      if (!file || !existsSync(file)) return send(res, 404, '文件不存在', 'text/plain; charset=utf-8');
      return send(res, 200, readFileSync(file), mimeOf(file), { 'content-security-policy': "default-src 'none'; sandbox" });
    }

    if (url.pathname === '/' || url.pathname === '/index.html') {
      return send(res, 200, indexHtml, mimeOf('index.html'), { 'content-security-policy': CONTENT_SECURITY_POLICY, 'x-frame-options': 'DENY' });
    }
    const file = staticFile(RENDERER_DIR, url.pathname);
    if (!file) return send(res, 404, '找不到', 'text/plain; charset=utf-8');
    send(res, 200, readFileSync(file), mimeOf(file));
  };

  const server = http.createServer((req, res) => {
    try {
      handle(req, res);
    } catch (e) {
      // whatever a request does, it never takes the station down with it
      console.error('request failed:', e);
      if (!res.headersSent) badRequest(res);
      else res.destroy();
    }
  });
  // a request that is not HTTP at all: a plain 400 on that connection, nothing else
  server.on('clientError', (_err, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nconnection: close\r\n\r\n');
    else socket.destroy();
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  host = `127.0.0.1:${port}`;
  origin = `http://${host}`;
  const url = `${origin}/`;
  log(`计票站已启动。请在浏览器中打开：${url}\n数据目录：${dataDir}\n（只在本机 127.0.0.1 上访问；关闭本窗口或按 Ctrl+C 停止）`);

  return {
    url,
    token,
    workspace,
    publishFile(file: string) {
      const id = `${randomBytes(16).toString('hex')}${path.extname(file)}`;
      files.set(id, path.resolve(file));
      return `/files/${id}`;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          workspace.close();
          resolve();
        });
      }),
  };
}

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const isMain = process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const portArg = arg('--port');
  const port = portArg === undefined ? 0 : Number(portArg);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error('端口号不正确：--port 后面应为 0 到 65535 之间的整数。');
    process.exit(2);
  }
  const folders = (arg('--folders') ?? '').split(',').map((f) => f.trim()).filter((f) => f.length > 0).map((f) => path.resolve(f));
  startBrowserHost({ port, dataDir: arg('--data') ?? '.data', folders })
    .then((h) => {
      const stop = () => void h.close().then(() => process.exit(0));
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    })
    .catch((e: unknown) => {
      console.error(`计票站启动失败：${(e as Error).message}`);
      process.exit(1);
    });
}
