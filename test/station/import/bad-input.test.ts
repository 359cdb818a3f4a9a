/**
 * Issue 6 — roll files that are wrong in every way, through the station (roll.importPreview /
 * roll.importConfirm): each is refused with a Chinese reason and leaves the database exactly as it was
 * (no voter, no audit event), or reads correctly. 100,000 rows import whole in one command; the same
 * with one bad row at the end imports nobody.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, appendFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openStation, type Station } from '../../../electron/station/index.js';
import { writeRollCsv } from '../faults/crash-helpers.js';
import { BAD_ROLL_FILES } from './bad-files.js';
import { fileInput } from './file-input.js';

const FIX = path.join(import.meta.dirname, '..', '..', 'fixtures', 'roll');
let root: string;
const open: Station[] = [];

beforeAll(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'station-bad-roll-'));
});
afterEach(() => {
  for (const s of open.splice(0)) s.close();
});
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

let n = 0;
function station(): Station {
  const s = openStation(path.join(root, `s${n++}`), { backups: false, now: () => new Date('2026-05-10T09:00:00+08:00') });
  open.push(s);
  const r = s.run('election.create', { kind: 'villagers_committee', village: '青山村', township: '清河镇', electionDate: '2026-06-20', drill: true });
  if (!r.ok) throw new Error(r.error.message);
  return s;
}

function digest(s: Station): string {
  s.db.pragma('wal_checkpoint(TRUNCATE)');
  return createHash('sha256').update(readFileSync(s.dbFile)).digest('hex');
}

const voters = (s: Station): number => (s.db.prepare('SELECT count(*) AS n FROM voters').get() as { n: number }).n;

describe('files that cannot be a roll: refused in Chinese, nothing written', () => {
  it.each(BAD_ROLL_FILES)('%s -> %s, preview and confirm, and confirm straight from the content', (file, code) => {
    const s = station();
    const before = digest(s);
    const bytes = readFileSync(path.join(FIX, file));
    expect(fileInput(path.join(FIX, file)).dataBase64).toBe(bytes.toString('base64'));
    const calls = [
      ['roll.importPreview', { dataBase64: bytes.toString('base64'), fileName: file }],
      ['roll.importConfirm', { dataBase64: bytes.toString('base64'), fileName: file }],
    ] as const;
    for (const [cmd, src] of calls) {
      {
        const r = s.call(cmd, src);
        expect(r.ok, `${cmd} accepted ${file}`).toBe(false);
        if (r.ok) continue;
        expect(r.error.code).toBe(code);
        expect(r.error.message).toMatch(/\p{Script=Han}/u);
        // says what to do next
        expect(r.error.message).toMatch(/请/);
      }
    }
    expect(voters(s)).toBe(0);
    expect(digest(s)).toBe(before);
  });

  it('random binary bytes named .csv and .xlsx', () => {
    const s = station();
    const before = digest(s);
    const junk = Buffer.alloc(20_000);
    for (let i = 0; i < junk.length; i++) junk[i] = (i * 7919 + (i >> 3) * 104729) % 256;
    for (const name of ['名单.csv', '名单.xlsx', '名单']) {
      const r = s.call('roll.importConfirm', { dataBase64: junk.toString('base64'), fileName: name });
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.message).toMatch(/\p{Script=Han}/u);
    }
    expect(digest(s)).toBe(before);
  });
});

describe('files that are awkward but a roll', () => {
  it('GBK text with a UTF-8 BOM in front reads as GBK (the BOM is not part of the header)', () => {
    const s = station();
    const gbk = readFileSync(path.join(FIX, 'good-gbk.csv'));
    const plain = s.run('roll.importPreview', fileInput(path.join(FIX, 'good-gbk.csv')));
    const withBom = s.run('roll.importPreview', { dataBase64: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), gbk]).toString('base64'), fileName: 'bom-gbk.csv' });
    if (!plain.ok || !withBom.ok) throw new Error(`${plain.ok ? '' : plain.error.message} ${withBom.ok ? '' : withBom.error.message}`);
    expect(withBom.value.encoding).toBe('gbk');
    expect(withBom.value.rows.map((r) => [r.name, r.idNumber])).toEqual(plain.value.rows.map((r) => [r.name, r.idNumber]));
    const c = s.run('roll.importConfirm', { previewId: withBom.value.previewId, onlyGoodRows: true });
    if (!c.ok) throw new Error(c.error.message);
    expect(c.value.imported).toBe(plain.value.summary.importable);
    expect(c.value.imported).toBeGreaterThan(0);
  });

  it('a short GBK file with a BOM (so few characters that one bad byte would look binary)', () => {
    const s = station();
    const text = '姓名,性别,身份证号码,村民小组,类别\r\n张三,男,330102197001010113,一组,本村居住\r\n';
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), iconv.encode(text, 'gbk')]);
    const p = s.run('roll.importPreview', { dataBase64: bytes.toString('base64'), fileName: 'a.csv' });
    if (!p.ok) throw new Error(p.error.message);
    expect(p.value.rows[0]?.name).toBe('张三');
  });

  it('xlsx with formulas and merged cells: the cell without a formula result blocks the import; only-good-rows takes the four with merged values filled', () => {
    const s = station();
    const file = path.join(FIX, 'formulas-merged.xlsx');
    const p = s.run('roll.importPreview', fileInput(file));
    if (!p.ok) throw new Error(p.error.message);
    expect(p.value.summary.withErrors).toBe(1);
    const before = digest(s);
    const all = s.call('roll.importConfirm', { previewId: p.value.previewId });
    expect(all.ok ? '' : all.error.code).toBe('IMPORT_HAS_ERRORS');
    expect(digest(s)).toBe(before);
    const good = s.run('roll.importConfirm', { previewId: p.value.previewId, onlyGoodRows: true });
    if (!good.ok) throw new Error(good.error.message);
    expect(good.value).toMatchObject({ imported: 4, skipped: 1 });
    const rows = s.db.prepare('SELECT name, group_name FROM voters ORDER BY id').all() as { name: string; group_name: string }[];
    expect(rows.map((r) => r.group_name)).toEqual(['第一组', '第一组', '第一组', '第二组']);
  });
});

describe('100,000 rows', () => {
  it('import whole in one command (one audit event); the same file with one bad last row imports nobody', () => {
    const s = station();
    const file = path.join(root, 'roll-100k.csv');
    writeRollCsv(file, 100_000);
    const events0 = (s.db.prepare('SELECT count(*) AS n FROM audit').get() as { n: number }).n;
    let t = performance.now();
    const p = s.run('roll.importPreview', fileInput(file));
    if (!p.ok) throw new Error(p.error.message);
    const previewMs = performance.now() - t;
    expect(p.value.summary).toMatchObject({ total: 100_000, importable: 100_000, withErrors: 0 });
    t = performance.now();
    const c = s.run('roll.importConfirm', { previewId: p.value.previewId });
    const confirmMs = performance.now() - t;
    if (!c.ok) throw new Error(c.error.message);
    expect(c.value.imported).toBe(100_000);
    expect(voters(s)).toBe(100_000);
    expect((s.db.prepare('SELECT count(*) AS n FROM audit').get() as { n: number }).n).toBe(events0 + 1);

    // the same rows plus one with a bad ID number at the very end, into a fresh election
    const s2 = station();
    const bad = path.join(root, 'roll-100k-bad.csv');
    writeFileSync(bad, readFileSync(file));
    appendFileSync(bad, '坏行,男,330102197001010110,一组,本村居住\r\n');
    const before = digest(s2);
    const r = s2.call('roll.importConfirm', fileInput(bad));
    expect(r.ok ? '' : r.error.code).toBe('IMPORT_HAS_ERRORS');
    if (!r.ok) expect(r.error.message).toContain('100002');
    expect(voters(s2)).toBe(0);
    expect(digest(s2)).toBe(before);
    console.info(`import/100k: preview ${Math.round(previewMs)} ms, confirm ${Math.round(confirmMs)} ms`);
  }, 120_000);
});
