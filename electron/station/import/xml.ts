/**
 * Just enough XML for the parts of a workbook, read with regular expressions: any namespace
 * prefix on an element (Open XML SDK writes `x:row`), attributes in double or single quotes,
 * entities and CDATA sections in text. Large parts are scanned in slices cut after a closing tag,
 * so a part is never turned into one string as a whole.
 */

const ENTITY = /&(?:#(\d+)|#x([0-9a-fA-F]+)|(amp|lt|gt|quot|apos));/g;
const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeEntities(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(ENTITY, (m, dec?: string, hex?: string, name?: string) => {
    if (name !== undefined) return NAMED[name] ?? m;
    const code = dec !== undefined ? Number(dec) : parseInt(hex ?? '', 16);
    return Number.isFinite(code) && code >= 0 && code <= 0x10ffff ? String.fromCodePoint(code) : m;
  });
}

/** Character data as the document means it: CDATA sections taken literally, entities decoded elsewhere. */
export function xmlText(raw: string): string {
  if (!raw.includes('<![CDATA[')) return decodeEntities(raw);
  let out = '';
  let at = 0;
  for (;;) {
    const open = raw.indexOf('<![CDATA[', at);
    if (open < 0) return out + decodeEntities(raw.slice(at));
    out += decodeEntities(raw.slice(at, open));
    const close = raw.indexOf(']]>', open + 9);
    if (close < 0) return out + raw.slice(open + 9);
    out += raw.slice(open + 9, close);
    at = close + 3;
  }
}

/** An optional namespace prefix before a local name: `x:`, `ns0:`. */
export const NS = '(?:[A-Za-z_][\\w.-]*:)?';

/** Regex source matching one element (self-closing or with a body) by local name; groups: attrs, body. */
export function elementSource(local: string): string {
  return `<${NS}${local}(?=[\\s/>])([^>]*?)(?:\\/>|>([\\s\\S]*?)<\\/${NS}${local}\\s*>)`;
}

export function elements(local: string): RegExp {
  return new RegExp(elementSource(local), 'g');
}

const attrCache = new Map<string, RegExp>();

/** An attribute's decoded value (either quote); `name` may be a pattern (a prefix). */
export function attr(attrs: string, name: string): string | undefined {
  // the usual form, ` name="value"` with no entity: two indexOf calls instead of a regex
  const plain = attrs.indexOf(` ${name}="`);
  if (plain >= 0) {
    const from = plain + name.length + 3;
    const to = attrs.indexOf('"', from);
    const v = attrs.slice(from, to);
    if (to >= 0 && !v.includes('&')) return v;
  }
  let re = attrCache.get(name);
  if (!re) {
    re = new RegExp(`(?:^|\\s)${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`);
    attrCache.set(name, re);
  }
  const m = re.exec(attrs);
  if (!m) return undefined;
  return decodeEntities(m[1] ?? m[2] ?? '');
}

/** The relationship id attribute (`r:id`, whatever prefix the writer bound the namespace to). */
export function relId(attrs: string): string | undefined {
  return attr(attrs, '[A-Za-z_][\\w.-]*:id');
}

/** Text of the first child element `local` in a body, or undefined. */
export function childText(body: string, local: string): string | undefined {
  const m = new RegExp(`<${NS}${local}(?=[\\s/>])[^>]*?(?:\\/>|>([\\s\\S]*?)<\\/${NS}${local}\\s*>)`).exec(body);
  if (!m) return undefined;
  return xmlText(m[1] ?? '');
}

/** Concatenated text of every `<t>` in a string item or inline string, phonetic runs (rPh) left out. */
export function runText(body: string): string {
  const b = /rPh[\s>]/.test(body) ? body.replace(new RegExp(elementSource('rPh'), 'g'), '') : body;
  let out = '';
  for (const m of b.matchAll(T_TAG)) out += xmlText(m[2] ?? '');
  return out;
}
const T_TAG = elements('t');

/**
 * Slices of buf[from, to) as strings, each ending right after a closing tag of `local` (so no
 * element of that name and no UTF-8 sequence is cut), about `chunk` bytes each.
 */
export function* slices(buf: Buffer, from: number, to: number, local: string, chunk = 4 << 20): Generator<string> {
  const close = Buffer.from(`${local}>`);
  let pos = from;
  while (pos < to) {
    let end = Math.min(to, pos + chunk);
    if (end < to) {
      let cut = -1;
      for (;;) {
        cut = lastClosing(buf, close, pos, end);
        if (cut >= 0 || end >= to) break;
        end = Math.min(to, end + chunk);
      }
      end = cut >= 0 ? cut : to;
    }
    yield buf.toString('utf8', pos, end);
    pos = end;
  }
}

/** Index just after the last `</prefix:local>` whose end lies in [from, to), or -1. */
function lastClosing(buf: Buffer, close: Buffer, from: number, to: number): number {
  let at = buf.lastIndexOf(close, to - close.length);
  while (at >= from) {
    // "</" right before the name, or before a prefix and its colon
    let q = at - 1;
    if (buf[q] === 0x3a /* : */) {
      q--;
      while (q > from && isNameByte(buf[q] as number)) q--;
    }
    if (buf[q] === 0x2f /* / */ && buf[q - 1] === 0x3c /* < */ && at + close.length <= to) return at + close.length;
    at = buf.lastIndexOf(close, at - 1);
  }
  return -1;
}

function isNameByte(b: number): boolean {
  return (b >= 0x61 && b <= 0x7a) || (b >= 0x41 && b <= 0x5a) || (b >= 0x30 && b <= 0x39) || b === 0x5f || b === 0x2d || b === 0x2e;
}
