/**
 * The forms' CJK fonts, all OFL, all TTF/OTF (pdfkit renders WOFF2 blank):
 *  - Noto Serif SC Regular and Bold (npm @expo-google-fonts/noto-serif-sc): titles, headings and
 *    emphasis in the bold serif as official papers set them in 小标宋, bodies, tables and small
 *    print in the regular serif (宋体 style);
 *  - Source Han Sans SC Regular and Bold (resources/fonts): the fallback for every character the
 *    serif lacks (Noto Serif SC has 䶮 but not 𠮷: the layout draws such characters in the sans).
 *    A PDF embeds a face only when it draws with it, so most papers carry no sans at all: the
 *    sans is CFF, whose subsetting costs more than the rest of a form (a result report 240 → 130 ms).
 * pdfkit embeds only the glyphs a PDF uses. `missingGlyphs` tells the name-entry screens and the
 * print step which characters neither font has, so a rare name character is never printed as an
 * empty box without anyone noticing.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import PDFDocument from 'pdfkit';

/** The four faces a form uses, by the name the layout registers them under. */
export type FaceName = 'R' | 'B' | 'S' | 'H';

export interface FaceFile {
  file: string;
  /** Folders (below a resources/fonts or node_modules root) where the file is found. */
  packageDir?: string;
}

export const FACES: Record<FaceName, FaceFile> = {
  /** Body text, tables, small print: serif regular (宋体 style). */
  R: { file: 'NotoSerifSC_400Regular.ttf', packageDir: path.join('@expo-google-fonts', 'noto-serif-sc', '400Regular') },
  /** Titles, headings, emphasis: serif bold (小标宋 style). */
  B: { file: 'NotoSerifSC_700Bold.ttf', packageDir: path.join('@expo-google-fonts', 'noto-serif-sc', '700Bold') },
  /** The fallback of R. */
  S: { file: 'SourceHanSansSC-Regular.otf' },
  /** The fallback of B. */
  H: { file: 'SourceHanSansSC-Bold.otf' },
};

/** The face that draws a character the given face lacks (the sans faces have no fallback: they cover more). */
export const FALLBACK: Partial<Record<FaceName, FaceName>> = { R: 'S', B: 'H' };

/** Kept for callers that only need the sans regular file (the fallback of every form). */
export const FONT_REGULAR = FACES.S.file;
export const FONT_BOLD = FACES.H.file;

const found = new Map<FaceName, string>();

/**
 * Where each font file is: VES_FONT_DIR, beside the packaged app (extraResources "fonts"), the
 * repository's resources/fonts, or the npm package that ships it (node_modules), found upwards
 * from this module.
 */
export function fontPath(face: FaceName | boolean = 'S'): string {
  const name: FaceName = typeof face === 'boolean' ? (face ? 'H' : 'S') : face;
  const hit = found.get(name);
  if (hit) return hit;
  const f = FACES[name];
  const candidates: string[] = [];
  if (process.env.VES_FONT_DIR) candidates.push(path.join(process.env.VES_FONT_DIR, f.file));
  const resourcesPath = (process as { resourcesPath?: string }).resourcesPath;
  if (resourcesPath) candidates.push(path.join(resourcesPath, 'fonts', f.file));
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 8; i++) {
    candidates.push(path.join(dir, 'resources', 'fonts', f.file));
    if (f.packageDir) candidates.push(path.join(dir, 'node_modules', f.packageDir, f.file));
    dir = path.dirname(dir);
  }
  const file = candidates.find((c) => existsSync(c));
  if (!file) throw new Error(`font ${f.file} not found (looked in ${candidates.slice(0, 4).join(', ')} …)`);
  found.set(name, file);
  return file;
}

/** resources/fonts (or wherever the sans regular is): kept for the callers that list the fonts. */
export const fontDir = (): string => path.dirname(fontPath('S'));

export interface GlyphFont {
  hasGlyphForCodePoint(codePoint: number): boolean;
}

const glyphFonts = new Map<FaceName, GlyphFont>();

/** The forms' layout hands over each font it parsed, so the glyph check does not parse it again. */
export function useParsedFont(face: FaceName, f: unknown): void {
  if (!glyphFonts.has(face) && f && typeof (f as GlyphFont).hasGlyphForCodePoint === 'function') glyphFonts.set(face, f as GlyphFont);
}

/** A parsed face, through pdfkit's own fontkit, parsed once per process. */
export function glyphFont(face: FaceName): GlyphFont {
  const have = glyphFonts.get(face);
  if (have) return have;
  const doc = new PDFDocument({ autoFirstPage: false });
  doc.font(fontPath(face));
  const f = (doc as unknown as { _font: { font: GlyphFont } })._font.font;
  glyphFonts.set(face, f);
  return f;
}

const coverage = new Map<FaceName, Map<number, boolean>>();

/** Whether a face draws a code point (cached per face). */
export function faceHas(face: FaceName, cp: number): boolean {
  let m = coverage.get(face);
  if (!m) {
    m = new Map();
    coverage.set(face, m);
  }
  let v = m.get(cp);
  if (v === undefined) {
    v = glyphFont(face).hasGlyphForCodePoint(cp);
    m.set(cp, v);
  }
  return v;
}

/**
 * The text cut into runs of one face each: characters the face lacks go to its fallback (when the
 * fallback has them; a character neither has stays in the face and prints as its empty box, which
 * `missingGlyphs` has warned about). One run when nothing needs the fallback.
 */
export function faceRuns(text: string, face: FaceName): { face: FaceName; text: string }[] {
  const fb = FALLBACK[face];
  if (!fb) return [{ face, text }];
  const runs: { face: FaceName; text: string }[] = [];
  for (const ch of text) {
    const cp = ch.codePointAt(0) ?? 0;
    const f = cp < 0x2e80 || faceHas(face, cp) || !faceHas(fb, cp) ? face : fb;
    const last = runs[runs.length - 1];
    if (last && last.face === f) last.text += ch;
    else runs.push({ face: f, text: ch });
  }
  return runs;
}

const fallbackMemo = new Map<string, boolean>();

/**
 * Whether any character of `text` has to be drawn in the fallback of `face`. Asked for every text
 * call and every width pdfkit measures, mostly for the same few strings: the answers are kept.
 */
export function needsFallback(text: string, face: FaceName): boolean {
  const fb = FALLBACK[face];
  if (!fb) return false;
  const key = face + text;
  const memo = fallbackMemo.get(key);
  if (memo !== undefined) return memo;
  let need = false;
  for (const ch of text) {
    const cp = ch.codePointAt(0) ?? 0;
    if (cp >= 0x2e80 && !faceHas(face, cp) && faceHas(fb, cp)) {
      need = true;
      break;
    }
  }
  if (fallbackMemo.size > 50_000) fallbackMemo.clear();
  fallbackMemo.set(key, need);
  return need;
}

export interface MissingGlyph {
  char: string;
  /** "U+2A6D6" */
  codePoint: string;
}

const codePointLabel = (cp: number): string => `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;

/**
 * Characters of `text` that no face of the forms can draw (each once, in order): the serif lacks
 * them and so does its sans fallback. Whitespace and controls are ignored.
 */
export function missingGlyphs(text: string): MissingGlyph[] {
  const seen = new Set<number>();
  const out: MissingGlyph[] = [];
  for (const ch of text) {
    const cp = ch.codePointAt(0);
    if (cp === undefined || seen.has(cp)) continue;
    seen.add(cp);
    if (/[\s\p{Cc}\p{Cf}]/u.test(ch)) continue;
    if (!faceHas('R', cp) && !faceHas('S', cp)) out.push({ char: ch, codePoint: codePointLabel(cp) });
  }
  return out;
}

/** One Chinese line for the screen. */
export function glyphMessage(missing: readonly MissingGlyph[]): string {
  if (missing.length === 0) return '所有文字都能正常打印。';
  const list = missing.map((m) => `“${m.char}”(${m.codePoint})`).join('、');
  return `字体中没有 ${list}，打印出来会是空白方框。请在打印后用笔工整补写，或核对是否录入了错字。`;
}
