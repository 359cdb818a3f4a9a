/**
 * Issue 10: a correction of a voter (roll.correct) is a row of its own, applied by one read — VOTERS in
 * queries.ts — so it shows on every page, form and export. This holds every query of the station to
 * it: no SQL reads the voters table directly except VOTERS itself and the id stamps (MAX(id), which a
 * correction does not change), so a new query that bypassed it would show a name as first registered.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { VOTERS } from '../../../electron/station/queries.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..', '..', 'electron');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = path.join(dir, n);
    return statSync(p).isDirectory() ? sources(p) : p.endsWith('.ts') ? [p] : [];
  });
}

/** `FROM voters` / `JOIN voters` (not voters_… or voter_…), with what follows on the line. */
const DIRECT = /\b(?:FROM|JOIN)\s+voters\b(?!_)/gi;
/** What may read the table itself: the definition of VOTERS, and id stamps. */
const ALLOWED = [/^FROM voters v0\)/, /^FROM voters\)/, /^FROM voters WHERE id_number = @id/, /^FROM voters WHERE id = \?'\)\.get\(voterId\) as Correctable/];

describe('every read of a voter goes through VOTERS (corrections applied)', () => {
  it('no station query reads the voters table directly', () => {
    const offenders: string[] = [];
    for (const file of sources(ROOT)) {
      if (file.includes(`${path.sep}db${path.sep}migrations.ts`)) continue;
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(DIRECT)) {
        const rest = text.slice(m.index, text.indexOf('\n', m.index));
        if (!ALLOWED.some((a) => a.test(rest))) offenders.push(`${path.relative(ROOT, file)}: ${rest.trim()}`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it('the pattern catches a direct read (the test can fail)', () => {
    const sample = 'SELECT v.name FROM candidates c JOIN voters v ON v.id = c.voter_id';
    expect([...sample.matchAll(DIRECT)].length).toBe(1);
    expect([...`SELECT v.name FROM ${VOTERS} v`.matchAll(DIRECT)].map((m) => VOTERS.slice(VOTERS.indexOf('FROM voters')).startsWith(m[0]))).toEqual([true]);
  });
});
