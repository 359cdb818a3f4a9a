/**
 * Every rule of rules.md is checked by at least one test whose title names its id (R1, P4, V2…).
 * rules.md is copied into test/fixtures so a clone without ../shared still runs this; when the
 * shared copy is there, the fixture must be identical, so an edited rule list is never missed.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const testRoot = join(import.meta.dirname, '..');
const fixture = join(testRoot, 'fixtures', 'rules.md');
const shared = join(testRoot, '..', '..', 'shared', 'docs', 'rules.md');

/** Rule ids in the order rules.md defines them: list items that start with an id. */
export function ruleIds(markdown: string): string[] {
  const ids: string[] = [];
  for (const m of markdown.matchAll(/^- ([A-Z][0-9]+) /gm)) {
    const id = m[1];
    if (id !== undefined && !ids.includes(id)) ids.push(id);
  }
  return ids;
}

/** Reads a JS string literal starting at `i` (a quote); returns its text and the index after it. */
function readLiteral(src: string, i: number): { text: string; end: number } | undefined {
  const q = src[i];
  if (q !== "'" && q !== '"' && q !== '`') return undefined;
  let text = '';
  for (let j = i + 1; j < src.length; j++) {
    const c = src[j];
    if (c === '\\') {
      text += src[j + 1] ?? '';
      j++;
    } else if (c === q) {
      return { text, end: j + 1 };
    } else {
      text += c;
    }
  }
  return undefined;
}

/** Index after the parenthesis that closes the one at `open` (string literals skipped). */
function skipParens(src: string, open: number): number {
  let depth = 0;
  for (let j = open; j < src.length; j++) {
    const c = src[j];
    if (c === "'" || c === '"' || c === '`') {
      const lit = readLiteral(src, j);
      if (!lit) return src.length;
      j = lit.end - 1;
    } else if (c === '(') depth++;
    else if (c === ')') {
      depth--;
      if (depth === 0) return j + 1;
    }
  }
  return src.length;
}

/**
 * Titles of describe/it/test calls in one source file, static text only (a template's `${…}` parts
 * stay as written, so a generated title does not count for an id it does not spell out). Skipped
 * and to-do tests do not count.
 */
export function testTitles(src: string): string[] {
  const titles: string[] = [];
  for (const m of src.matchAll(/(?<![\w.$])(describe|it|test)((?:\.\w+)*)\(/g)) {
    const chain = m[2] ?? '';
    if (/\.(skip|todo|fails)\b/.test(chain)) continue;
    let at = (m.index ?? 0) + m[0].length;
    if (/\.each\b/.test(chain)) {
      at = skipParens(src, at - 1);
      if (src[at] !== '(') continue;
      at++;
    }
    while (/\s/.test(src[at] ?? '')) at++;
    const lit = readLiteral(src, at);
    if (lit) titles.push(lit.text);
  }
  return titles;
}

const self = import.meta.filename;

/** Test files under `dir`, this one excepted: its own sample titles are not coverage. */
function testFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) {
      if (name !== 'fixtures' && name !== 'node_modules') out.push(...testFiles(p));
    } else if (/\.(test|spec)\.tsx?$/.test(name) && p !== self) {
      out.push(p);
    }
  }
  return out;
}

const mentions = (title: string, id: string): boolean => new RegExp(`(?<![A-Za-z0-9])${id}(?![0-9])`).test(title);

describe('rules coverage: every rule id of rules.md is named by a test title', () => {
  const markdown = readFileSync(fixture, 'utf8');
  const ids = ruleIds(markdown);

  it('the fixture copy of rules.md is the shared one (when ../shared is present)', () => {
    if (existsSync(shared)) expect(markdown).toBe(readFileSync(shared, 'utf8'));
    expect(ids.length).toBeGreaterThanOrEqual(40);
  });

  it('finds the ids and the titles it parses', () => {
    expect(ruleIds('- R1 Age\n- P10 The new\n  - not a rule\n- X2 At most')).toEqual(['R1', 'P10', 'X2']);
    // Ids of the Z series, which rules.md does not have, so this sample never counts as coverage.
    const src = [
      "describe('Z1 age', () => {",
      '  it("Z4: quorum", () => {});',
      '  it.skip(\'Z9 skipped\', () => {});',
      "  it.each([['a', 1]])('Z5 %s', () => {});",
      '  expect(/Z7/.test(s));',
      '  test(`Z2 ${name} more`, () => {});',
      '});',
    ].join('\n');
    expect(testTitles(src)).toEqual(['Z1 age', 'Z4: quorum', 'Z5 %s', 'Z2 ${name} more']);
    expect(mentions('P10 report', 'P1')).toBe(false);
    expect(mentions('R1 R3: preview', 'R3')).toBe(true);
    expect(mentions('P2/P4 quorum', 'P4')).toBe(true);
    expect(mentions('EP4 x', 'P4')).toBe(false);
  });

  it('names every rule id in at least one test title under test/', () => {
    const files = testFiles(testRoot);
    expect(files.map((f) => relative(testRoot, f))).toContain(join('unit', 'rules', 'tally.test.ts'));
    const titles = files.flatMap((f) => testTitles(readFileSync(f, 'utf8')));
    const missing = ids.filter((id) => !titles.some((t) => mentions(t, id)));
    expect(missing, `rules without a test naming them: ${missing.join(', ')}`).toEqual([]);
  });
});
