/** Reading a PDF page's barcodes with an independent decoder: zbarimg (Debian zbar-tools). */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Every barcode on one page, as zbarimg prints it (`CODE-128:…`), rendered at 200 dpi. */
export function decodeBarcodes(file: string, page: number): string[] {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pdfbar-'));
  try {
    execFileSync('/usr/bin/pdftoppm', ['-r', '200', '-png', '-f', String(page), '-l', String(page), file, path.join(dir, 'p')]);
    const name = readdirSync(dir).find((n) => n.endsWith('.png'));
    if (!name) throw new Error('pdftoppm wrote nothing');
    let out = '';
    try {
      out = execFileSync('/usr/bin/zbarimg', ['-q', path.join(dir, name)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    } catch (e) {
      // zbarimg exits 4 when it finds nothing
      if ((e as { status?: number }).status !== 4) throw e;
    }
    return out.split('\n').filter((l) => l.trim() !== '');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
