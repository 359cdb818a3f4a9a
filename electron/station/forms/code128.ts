/**
 * Code 128 (ISO/IEC 15417), the linear barcode every USB scanner reads, 1D or 2D: the voter card's
 * number. Digits in pairs (code set C) when there is an even number of them, otherwise code set B.
 * Returns the bar and space widths in modules, starting with a bar; the caller draws the bars and
 * leaves a quiet zone of at least 10 modules on each side.
 */

/** Bar/space widths of the 107 symbols (value 0–105, then the stop pattern with its final bar). */
const PATTERNS = [
  '212222', '222122', '222221', '121223', '121322', '131222', '122213', '122312', '132212', '221213',
  '221312', '231212', '112232', '122132', '122231', '113222', '123122', '123221', '223211', '221132',
  '221231', '213212', '223112', '312131', '311222', '321122', '321221', '312212', '322112', '322211',
  '212123', '212321', '232121', '111323', '131123', '131321', '112313', '132113', '132311', '211313',
  '231113', '231311', '112133', '112331', '132131', '113123', '113321', '133121', '313121', '211331',
  '231131', '213113', '213311', '213131', '311123', '311321', '331121', '312113', '312311', '332111',
  '314111', '221411', '431111', '111224', '111422', '121124', '121421', '141122', '141221', '112214',
  '112412', '122114', '122411', '142112', '142211', '241211', '221114', '413111', '241112', '134111',
  '111242', '121142', '121241', '114212', '124112', '124211', '411212', '421112', '421211', '212141',
  '214121', '412121', '111143', '111341', '131141', '114113', '114311', '411113', '411311', '113141',
  '114131', '311141', '411131', '211412', '211214', '211232', '2331112',
] as const;

const START_B = 104;
const START_C = 105;
const STOP = 106;

/** Symbol values, start to check digit (no stop). */
export function code128Values(text: string): number[] {
  let values: number[];
  if (text.length > 0 && text.length % 2 === 0 && /^\d+$/.test(text)) {
    values = [START_C];
    for (let i = 0; i < text.length; i += 2) values.push(Number(text.slice(i, i + 2)));
  } else {
    values = [START_B];
    for (const ch of text) {
      const c = ch.charCodeAt(0);
      if (c < 32 || c > 126) throw new Error(`Code 128 B cannot carry ${JSON.stringify(ch)}`);
      values.push(c - 32);
    }
  }
  let sum = values[0] as number;
  for (let i = 1; i < values.length; i++) sum += i * (values[i] as number);
  values.push(sum % 103);
  return values;
}

/** Module widths, bar first: the symbols, the check digit and the stop pattern. */
export function code128Widths(text: string): number[] {
  const widths: number[] = [];
  for (const v of [...code128Values(text), STOP]) for (const d of PATTERNS[v] as string) widths.push(Number(d));
  return widths;
}

/** Draws the barcode with its bars `height` tall, `module` points wide, starting at (x, y); returns its width. */
export function drawCode128(
  doc: { rect(x: number, y: number, w: number, h: number): unknown; fill(color?: string): unknown },
  text: string,
  x: number,
  y: number,
  module: number,
  height: number,
): number {
  let at = x;
  code128Widths(text).forEach((w, i) => {
    if (i % 2 === 0) doc.rect(at, y, w * module, height);
    at += w * module;
  });
  doc.fill('#000000');
  return at - x;
}
