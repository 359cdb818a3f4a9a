/**
 * The forms' CJK font: Source Han Sans SC (OFL, resources/fonts/ with its licence). pdfkit embeds
 * a subset of the OTF in each PDF; WOFF2 would render blank, so the OTF is shipped.
 * `missingGlyphs` tells the name-entry screens and the print step which characters the font lacks,
 * so a rare name character is never printed as an empty box without anyone noticing.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import PDFDocument from 'pdfkit';

export const FONT_REGULAR = 'SourceHanSansSC-Regular.otf';
export const FONT_BOLD = 'SourceHanSansSC-Bold.otf';

let fontDirCache: string | undefined;

/** resources/fonts: beside the packaged app (extraResources) or found upwards from this module. */
export function fontDir(): string {
  if (fontDirCache) return fontDirCache;
  const candidates: string[] = [];
  if (process.env.VES_FONT_DIR) candidates.push(process.env.VES_FONT_DIR);
  const resourcesPath = (process as { resourcesPath?: string }).resourcesPath;
  if (resourcesPath) candidates.push(path.join(resourcesPath, 'fonts'));
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 8; i++) {
    candidates.push(path.join(dir, 'resources', 'fonts'));
    dir = path.dirname(dir);
  }
  const found = candidates.find((d) => existsSync(path.join(d, FONT_REGULAR)));
  if (!found) throw new Error(`font ${FONT_REGULAR} not found (looked in ${candidates.slice(0, 4).join(', ')} …)`);
  fontDirCache = found;
  return found;
}

export const fontPath = (bold = false): string => path.join(fontDir(), bold ? FONT_BOLD : FONT_REGULAR);

interface GlyphFont {
  hasGlyphForCodePoint(codePoint: number): boolean;
}

let glyphFont: GlyphFont | undefined;

/** The forms' layout hands over the font it parsed, so the check does not parse it a second time. */
export function useParsedFont(f: unknown): void {
  if (!glyphFont && f && typeof (f as GlyphFont).hasGlyphForCodePoint === 'function') glyphFont = f as GlyphFont;
}

/** The parsed regular font, through pdfkit's own fontkit, parsed once per process. */
function loadGlyphFont(): GlyphFont {
  if (glyphFont) return glyphFont;
  const doc = new PDFDocument({ autoFirstPage: false });
  doc.font(fontPath());
  const f = (doc as unknown as { _font: { font: GlyphFont } })._font.font;
  glyphFont = f;
  return f;
}

export interface MissingGlyph {
  char: string;
  /** "U+2A6D6" */
  codePoint: string;
}

const codePointLabel = (cp: number): string => `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;

/** Characters of `text` the font cannot draw (each once, in order). Whitespace and controls are ignored. */
export function missingGlyphs(text: string): MissingGlyph[] {
  const font = loadGlyphFont();
  const seen = new Set<number>();
  const out: MissingGlyph[] = [];
  for (const ch of text) {
    const cp = ch.codePointAt(0);
    if (cp === undefined || seen.has(cp)) continue;
    seen.add(cp);
    if (/[\s\p{Cc}\p{Cf}]/u.test(ch)) continue;
    if (!font.hasGlyphForCodePoint(cp)) out.push({ char: ch, codePoint: codePointLabel(cp) });
  }
  return out;
}

/** One Chinese line for the screen. */
export function glyphMessage(missing: readonly MissingGlyph[]): string {
  if (missing.length === 0) return '所有文字都能正常打印。';
  const list = missing.map((m) => `“${m.char}”(${m.codePoint})`).join('、');
  return `字体中没有 ${list}，打印出来会是空白方框。请在打印后用笔工整补写，或核对是否录入了错字。`;
}
