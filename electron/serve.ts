/**
 * What the Electron window (app://station) and the browser host (http://127.0.0.1) serve alike: the
 * content security policy, the content types, and the one way a request path becomes a file in the
 * renderer folder. Every step that can fail on a hostile path (percent-decoding, a NUL, `..`, a link
 * or folder where a file should be) answers "no file" instead of throwing (issue 12, D4).
 */
import { lstatSync, realpathSync } from 'node:fs';
import path from 'node:path';

const BASE_POLICY = [
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
];

/** The Electron window: own scripts and styles only, no remote anything. */
export const CONTENT_SECURITY_POLICY = BASE_POLICY.join('; ');

/** The browser host adds one thing: the forms page shows a PDF it fetched (with the token) as a blob: URL in a frame. */
export const BROWSER_CONTENT_SECURITY_POLICY = [...BASE_POLICY, 'frame-src blob:'].join('; ');

export const MIME: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json; charset=utf-8',
  '.pdf': 'application/pdf',
};

export const mimeOf = (file: string): string => MIME[path.extname(file).toLowerCase()] ?? 'application/octet-stream';

/** decodeURIComponent that answers null on a malformed escape (`%`, `%E0%A4%A`) instead of throwing. */
export function safeDecode(s: string): string | null {
  try {
    return decodeURIComponent(s);
  } catch {
    return null;
  }
}

/**
 * The plain file under `rootDir` a request path names, or null: the path is decoded once, may not
 * hold a NUL, may not leave the folder (after links are followed, too), and must be a regular file.
 */
export function staticFile(rootDir: string, urlPath: string): string | null {
  const decoded = safeDecode(urlPath);
  if (decoded === null || decoded.includes('\0')) return null;
  const rel = path.normalize(decoded).replace(/^([/\\])+/, '');
  if (rel === '' || rel.startsWith('..')) return null;
  const root = path.resolve(rootDir);
  const file = path.join(root, rel);
  if (!file.startsWith(root + path.sep)) return null;
  try {
    if (!lstatSync(file).isFile()) return null;
    const real = realpathSync(file);
    const realRoot = realpathSync(root);
    return real.startsWith(realRoot + path.sep) ? real : null;
  } catch {
    return null;
  }
}
