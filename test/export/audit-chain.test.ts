/**
 * The audit chain outside the station (issue 13): the export's audit.jsonl carries no full ID number
 * (nor phone, nor an imported file's contents), and the township recomputes the whole chain from it.
 * An election begun before formula 2 (a real database made by the previous version of the station,
 * test/fixtures/legacy) keeps verifying, continues with formula 2, and exports a chain whose old part
 * is checked for sequence and links.
 */
import Database from 'better-sqlite3';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { openStation } from '../../electron/station/index.js';
import { verifyAudit } from '../../electron/station/audit.js';
import { maskInput, maskedInputJson } from '../../electron/station/audit-mask.js';
import { auditJsonl, checkAuditJsonl } from '../../electron/station/export/audit-export.js';
import { setStationKeyDir } from '../../electron/station/export/keys.js';
import { verifyPackage } from '../../electron/station/export/package.js';
import { canonicalJson } from '../../shared/canonical-json.js';
import { cleanup, ok, tempDir, villageElection } from '../forms/helpers.js';
import { pdfText } from '../forms/pdf.js';

afterAll(cleanup);

const idNumbers = (db: Database.Database): string[] => (db.prepare('SELECT id_number FROM voters').pluck().all() as string[]).filter((x) => x.length >= 15);

describe('masking', () => {
  it('ID numbers keep only the region code; phones the first 3 and last 4 digits; file contents are left out', () => {
    expect(maskInput({ name: '张三', idNumber: '33010319900101123X', phone: '13812345678', note: '代 330103199001011234 领取' })).toEqual({
      name: '张三',
      idNumber: '330103************',
      phone: '138****5678',
      note: '代 330103************ 领取',
    });
    expect(maskInput({ idNumber: '12345' })).toEqual({ idNumber: '*****' });
    expect(maskInput({ list: ['330103800101123'] })).toEqual({ list: ['330103*********'] });
    const masked = maskInput({ dataBase64: 'QUJD'.repeat(10), fileName: '名单.xlsx' }) as Record<string, string>;
    expect(masked.dataBase64).toBe('[已省略：40 个字符的文件内容]');
    expect(masked.fileName).toBe('名单.xlsx');
    // an input with nothing to mask is left byte for byte as it was (the fast path)
    const plain = canonicalJson({ marks: { chair: { for: [3] } }, voterId: 12 });
    expect(maskedInputJson(plain)).toBe(plain);
  });
});

describe('formula 2 on a new election', () => {
  it('every event verifies at the station; audit.jsonl holds no ID number and recomputes outside it', () => {
    const f = villageElection({ village: '脱敏村' });
    const g = openStation(path.join(tempDir('phone-'), 'e'), { backups: false });
    ok(g, 'election.create', { kind: 'villagers_committee', village: '电话村', township: '清河镇', electionDate: '2026-03-15', drill: false });
    const withPhone = ok(g, 'roll.add', { name: '带电话', idNumber: '330103198001011236', phone: '13912345678', group: '第一村民小组', category: 'resident' });
    expect(withPhone.voter.name).toBe('带电话');
    const gText = auditJsonl(g.db).toString('utf8');
    g.close();
    expect(gText).not.toContain('13912345678');
    expect(gText).not.toContain('330103198001011236');
    expect(gText).toContain('139****5678');
    expect(checkAuditJsonl(gText).ok).toBe(true);
    expect(verifyAudit(f.s.db).ok).toBe(true);
    const seal = f.s.db.prepare('SELECT from_seq FROM audit_seal').pluck().get();
    expect(seal).toBe(1);
    const text = auditJsonl(f.s.db).toString('utf8');
    const ids = idNumbers(f.s.db);
    expect(ids.length).toBe(40);
    for (const id of ids) {
      expect(text).not.toContain(id);
      expect(text).not.toContain(id.slice(6, 14)); // not even the birth date part
    }
    const check = checkAuditJsonl(text);
    expect(check).toMatchObject({ ok: true, legacy: 0, problems: [] });
    const head = ok(f.s, 'audit.list', { limit: 1 }).head;
    expect(check.events).toBe(head.seq);
    expect(check.head).toEqual({ seq: head.seq, hash: head.hash });
  });

  it('no file of the exported package holds a full ID number (the PDFs read back with pdftotext)', () => {
    const f = villageElection({ village: '整包村' });
    const pkg = ok(f.s, 'export.write', { target: tempDir('id-usb-') }).packagePath;
    const ids = idNumbers(f.s.db);
    const texts = [
      ...['result.json', 'audit.jsonl', 'manifest.json'].map((n) => readFileSync(path.join(pkg, n), 'utf8')),
      ...readdirSync(path.join(pkg, 'forms')).map((n) => pdfText(path.join(pkg, 'forms', n))),
    ];
    expect(texts.length).toBe(8);
    for (const text of texts) for (const id of ids) expect(text.replace(/\s+/g, '')).not.toContain(id);
  });

  it('the township finds each kind of change to audit.jsonl: an edited input, a removed, a swapped and an inserted event', () => {
    const f = villageElection({ village: '审计村' });
    const lines = auditJsonl(f.s.db).toString('utf8').trimEnd().split('\n');
    const join = (ls: string[]): string => `${ls.join('\n')}\n`;
    const edited = [...lines];
    edited[5] = (edited[5] ?? '').replace('"actor":"', '"actor":"伪');
    expect(checkAuditJsonl(join(edited)).problems).toEqual(['审计日志第 6 条的内容与它的哈希值不符（记录被改动）']);
    expect(checkAuditJsonl(join(lines.filter((_, i) => i !== 20))).problems[0]).toContain('第 21 条的序号不对');
    const swapped = [...lines];
    [swapped[30], swapped[31]] = [swapped[31] as string, swapped[30] as string];
    expect(checkAuditJsonl(join(swapped)).ok).toBe(false);
    expect(checkAuditJsonl(join([...lines.slice(0, 10), lines[9] as string, ...lines.slice(10)])).ok).toBe(false);
    expect(checkAuditJsonl(join(lines.slice(0, -1))).ok).toBe(true); // a shorter chain is a chain; the signature covers the file
  });
});

describe('an election begun by the previous version (formula 1)', () => {
  it('opens and verifies, continues with formula 2, exports a package whose chain the township checks', () => {
    const root = tempDir('legacy-');
    const dir = path.join(root, 'election');
    mkdirSync(dir);
    writeFileSync(path.join(dir, 'election.sqlite'), gunzipSync(readFileSync(path.resolve(import.meta.dirname, '../fixtures/legacy/schema2-village.sqlite.gz'))));
    const before = new Database(path.join(dir, 'election.sqlite'), { readonly: true });
    const oldEvents = before.prepare('SELECT count(*) FROM audit').pluck().get() as number;
    const oldIds = idNumbers(before);
    before.close();
    expect(oldEvents).toBe(123);

    setStationKeyDir(path.join(root, 'key'));
    const s = openStation(dir, { backups: false });
    expect(s.report.readOnly).toBe(false);
    expect(s.report.audit).toMatchObject({ ok: true, events: 123 });
    expect(s.db.prepare('SELECT from_seq FROM audit_seal').pluck().get()).toBe(124);
    ok(s, 'auth.setPin', { role: 'staff', pin: '2468' });
    expect(verifyAudit(s.db)).toMatchObject({ ok: true, events: 124 });
    const usb = tempDir('legacy-usb-');
    const pkg = ok(s, 'export.write', { target: usb }).packagePath;
    s.close();
    const v = verifyPackage(pkg);
    expect(v.problems).toEqual([]);
    expect(v.audit).toMatchObject({ ok: true, events: 124, legacy: 123 });
    expect(v.summary).toContain('其中 123 条为旧格式');
    const text = readFileSync(path.join(pkg, 'audit.jsonl'), 'utf8');
    for (const id of oldIds) expect(text).not.toContain(id);
    // and the reopened station still verifies both parts of its chain
    const again = openStation(dir, { backups: false });
    expect(again.report.audit).toMatchObject({ ok: true, events: 125 });
    again.close();
  });
});
