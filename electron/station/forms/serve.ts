/**
 * Which saved form PDF a window may open: only a plain `*.pdf` file name (no folder, no leading dot)
 * that exists in the open election's forms folder. Used by the browser host's GET /forms/<name> and
 * by the Electron window's "open to print" IPC; anything else is null (404 / refused).
 */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { formsDir } from './index.js';

export function savedFormFile(dataDir: string | null | undefined, name: unknown): string | null {
  if (!dataDir || typeof name !== 'string') return null;
  if (!/^[^/\\\0]{1,200}\.pdf$/i.test(name) || name !== path.basename(name) || name.startsWith('.')) return null;
  const dir = path.resolve(formsDir(dataDir));
  const file = path.join(dir, name);
  if (path.dirname(file) !== dir) return null;
  try {
    return existsSync(file) && statSync(file).isFile() ? file : null;
  } catch {
    return null;
  }
}
