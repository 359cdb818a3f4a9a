/**
 * Issue 15 — the roll fixture set from real producers (exceljs, openpyxl, XlsxWriter, LibreOffice,
 * Python's zipfile, and the shapes the Open XML SDK, ClosedXML, web systems and clerks give), each
 * through the station as the page sends it (roll.importPreview / roll.importConfirm). For each file
 * the preview must show what scripts/roll-truth.ts says, and every stored voter must equal the
 * truth table (name, ID number, sex, birth date, group, category) — not the reader's output. A
 * voter whose file lost data (a cut ID, a "?" for a rare character) may differ only where its row
 * carried the warning that says so; nothing else may reach the roll.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { byKey, EXPECTATIONS, type Expectation } from '../../../scripts/roll-truth.js';
import { cleanup, election, FIXTURES } from '../registration/helpers.js';
import { fileInput } from './file-input.js';

afterEach(cleanup);

interface StoredVoter {
  name: string;
  id_number: string;
  gender: string;
  birth_date: string;
  group_name: string;
  category: string;
  party_status: string | null;
  note: string;
}

type PreviewOut = {
  previewId: string;
  state: string;
  sheet: string | null;
  notes: { code: string }[];
  rows: { sourceRow: number; status: string; name: string; idNumber: string; problems: { code: string }[] }[];
};

function run(e: Expectation) {
  const { s } = election(e.kind ?? 'villagers_committee');
  const file = fileInput(path.join(FIXTURES, e.file));
  const first = s.call('roll.importPreview', file);
  return { s, file, first };
}

describe('issue 15: every file of the real-producers set', () => {
  it('the set is complete on disk', () => {
    for (const e of EXPECTATIONS) expect(existsSync(path.join(FIXTURES, e.file)), e.file).toBe(true);
    expect(EXPECTATIONS.length).toBeGreaterThanOrEqual(38);
  });

  it.each(EXPECTATIONS.map((e) => [e.file, e.producer, e] as const))('%s (%s)', (_f, _p, e) => {
    const { s, file, first } = run(e);
    if (e.refused) {
      expect(first.ok, `${e.file} was read`).toBe(false);
      if (first.ok) return;
      expect(first.error.code).toBe(e.refused);
      // every refusal says what to do
      expect(first.error.message).toMatch(/请/);
      const c = s.call('roll.importConfirm', file);
      expect(c.ok ? '' : c.error.code).toBe(e.refused);
      expect((s.db.prepare('SELECT count(*) AS n FROM voters').get() as { n: number }).n).toBe(0);
      return;
    }
    if (!first.ok) throw new Error(`${e.file}: ${first.error.code} ${first.error.message}`);
    let p = first.value as PreviewOut;
    expect(p.state, `${e.file} state`).toBe(e.state ?? 'ready');
    if (e.choices) {
      const again = s.call('roll.importPreview', { ...file, ...e.choices });
      if (!again.ok) throw new Error(`${e.file} with choices: ${again.error.code} ${again.error.message}`);
      p = again.value as PreviewOut;
      expect(p.state).toBe('ready');
    }
    if (e.sheet) expect(p.sheet).toBe(e.sheet);
    for (const code of e.notes ?? []) expect(p.notes.map((n) => n.code), `${e.file} notes`).toContain(code);

    // the rows the truth says carry a warning or an error, found by the truth's name or ID number
    const rowOf = (key: string) => {
      const t = byKey(key);
      return p.rows.find((r) => r.idNumber === t.id || r.name === t.name || r.idNumber.slice(0, 15) === t.id.slice(0, 15));
    };
    for (const [key, codes] of Object.entries(e.flagged ?? {})) {
      const r = rowOf(key);
      expect(r, `${e.file}: row of ${key}`).toBeDefined();
      expect(r?.status).toBe('warning');
      for (const c of codes) expect(r?.problems.map((x) => x.code), `${e.file}: ${key}`).toContain(c);
    }
    for (const [key, code] of Object.entries(e.errors ?? {})) {
      const r = rowOf(key);
      expect(r?.status, `${e.file}: ${key}`).toBe('error');
      expect(r?.problems.map((x) => x.code)).toContain(code);
    }
    const expectedRows = (e.people?.length ?? 0) + Object.keys(e.flagged ?? {}).length + Object.keys(e.errors ?? {}).length;
    expect(p.rows.length, `${e.file} rows`).toBe(expectedRows);

    const people = e.people ?? [];
    const flagged = Object.keys(e.flagged ?? {});
    if (people.length + flagged.length === 0) {
      const c = s.call('roll.importConfirm', { previewId: p.previewId, onlyGoodRows: true });
      expect(c.ok ? '' : c.error.code).toBe('IMPORT_NOTHING');
      return;
    }
    const c = s.call('roll.importConfirm', { previewId: p.previewId, ...(e.errors ? { onlyGoodRows: true } : {}) });
    if (!c.ok) throw new Error(`${e.file} confirm: ${c.error.code} ${c.error.message}`);
    const stored = s.db.prepare('SELECT name, id_number, gender, birth_date, group_name, category, party_status, note FROM voters ORDER BY id').all() as StoredVoter[];
    expect(stored.length, `${e.file} stored`).toBe(people.length + flagged.length);
    const party = e.kind === 'party_branch';
    for (const key of people) {
      const t = byKey(key);
      const v = stored.find((x) => x.id_number === t.id);
      expect(v, `${e.file}: ${key} ${t.name} stored`).toBeDefined();
      if (!v) continue;
      expect(v.name, `${e.file}: ${key} name`).toBe(t.name);
      expect(v.gender).toBe(t.sex);
      expect(v.birth_date).toBe(t.birth);
      expect(v.group_name, `${e.file}: ${key} group`).toBe(e.noGroup ? '' : t.group);
      if (party) {
        expect(v.category).toBe('party_member');
        expect(v.party_status).toBe(t.category);
      } else {
        expect(v.category, `${e.file}: ${key} category`).toBe(t.category);
      }
      if (e.notesField) expect(v.note).toBe(t.note);
    }
    // the others stored are the flagged people, and nobody else (no old roll, no header row)
    const known = new Set(people.map((k) => byKey(k).id));
    for (const v of stored.filter((x) => !known.has(x.id_number))) {
      const who = flagged.map(byKey).find((t) => t.id.slice(0, 15) === v.id_number.slice(0, 15) || t.id === v.id_number || t.name.slice(0, 1) === v.name.slice(0, 1));
      expect(who, `${e.file}: unexpected voter ${v.name} ${v.id_number}`).toBeDefined();
    }
  });
});
