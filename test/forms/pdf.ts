/** Reading PDFs back: text with pdftotext, pictures with pdftoppm, the footer QR code with jsQR. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';

export function pdfText(file: string): string {
  return execFileSync('/usr/bin/pdftotext', ['-layout', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
}

export function pdfPages(file: string): number {
  const info = execFileSync('/usr/bin/pdfinfo', [file], { encoding: 'utf8' });
  return Number(/Pages:\s+(\d+)/.exec(info)?.[1] ?? 0);
}

/** One page rendered to PNG. */
export function pagePng(file: string, page: number, dpi: number): PNG {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pdfpng-'));
  try {
    execFileSync('/usr/bin/pdftoppm', ['-r', String(dpi), '-png', '-f', String(page), '-l', String(page), file, path.join(dir, 'p')]);
    const name = readdirSync(dir).find((n) => n.endsWith('.png'));
    if (!name) throw new Error('pdftoppm wrote nothing');
    return PNG.sync.read(readFileSync(path.join(dir, name)));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Share of dark pixels (luma < 128) in a region (default the whole page). */
export function darkShare(png: PNG, region?: { x: number; y: number; w: number; h: number }): number {
  const r = region ?? { x: 0, y: 0, w: png.width, h: png.height };
  let dark = 0;
  for (let y = r.y; y < r.y + r.h; y++) {
    for (let x = r.x; x < r.x + r.w; x++) {
      const i = (png.width * y + x) * 4;
      const luma = 0.299 * (png.data[i] ?? 255) + 0.587 * (png.data[i + 1] ?? 255) + 0.114 * (png.data[i + 2] ?? 255);
      if (luma < 128) dark++;
    }
  }
  return dark / (r.w * r.h);
}

/** Decodes the QR code in the bottom-right corner of a page. */
export function footerQr(file: string, page = 1): string | undefined {
  const png = pagePng(file, page, 150);
  const w = Math.floor(png.width * 0.3);
  const h = Math.floor(png.height * 0.16);
  const x0 = png.width - w;
  const y0 = png.height - h;
  const crop = new Uint8ClampedArray(w * h * 4);
  for (let y = 0; y < h; y++) {
    const from = ((y0 + y) * png.width + x0) * 4;
    crop.set(png.data.subarray(from, from + w * 4), y * w * 4);
  }
  return jsQR(crop, w, h)?.data;
}
