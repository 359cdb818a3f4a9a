/**
 * Issue 13, the township: real packages exported by real (small) elections, the key register filled
 * by scanning the QR code printed on each village's exported result report (decoded from the PDF),
 * and forged packages made as a forger would (copy, change, re-sign with the station's own code).
 * Each case checks the exact state the township shows. Then the totals a county publishes: a
 * 另行选举 election's structure figures, 一肩挑 matched across a village's two packages, per township
 * and per kind, result types, turnout rounded half up, and the CSV's formula escaping.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatFingerprint, parseKeyText } from '../../shared/result-qr.js';
import { loadOrCreateStationKey } from '../../electron/station/export/keys.js';
import { realFs, fsError, type PackageFs } from '../../electron/station/export/fs-layer.js';
import { verifyPackage } from '../../electron/station/export/package.js';
import { addKey, choose } from '../../electron/station/township/commands.js';
import { loadRegister } from '../../electron/station/township/register.js';
import { importPackages, RESULT_TYPES, turnoutPermille, type PackageEntry, type TownshipReport } from '../../electron/station/township/township.js';
import { csvCell, tableCsv } from '../../electron/station/township/table.js';
import { cleanup, tempDir } from '../forms/helpers.js';
import { footerQr, pdfText } from '../forms/pdf.js';
import { buildElection, supplementaryElection, type Built } from './fixtures.js';
import { copyPackage, editJson, forgeCleanup, freshKey, manifestOf, resign } from './forge.js';

afterAll(() => {
  cleanup();
  forgeCleanup();
});

let usb: string;
let regFile: string;
/** The 另行选举 village 石桥村: its package after round 1 (stale) and after the 另行选举 (final). */
let shiqiao: Built;
let staleShiqiao: string;
let finalShiqiao: string;
/** 石桥村's Party branch, secretary 张建国: the same person as the villagers' committee chair. */
let shiqiaoParty: string;
/** 青山村: a plain villagers' committee election, all seats in round 1. */
let qingshan: Built;
let qingshanPkg: string;
/** 青山村 as a drill (training), on the same laptop. */
let drillPkg: string;

const REPORT = path.join('forms', '选举结果报告单.pdf');
const CLERK = '乡镇核对员王';

/** What the USB barcode scanner types: the QR code on the exported result report, decoded from the PDF. */
function scanned(pkg: string): string {
  const text = footerQr(path.join(pkg, REPORT), 1);
  if (!text) throw new Error(`no QR code on ${pkg}'s result report`);
  return text;
}

function scan(pkg: string, paths: string[] = [pkg], file = regFile): void {
  const r = addKey(file, { text: scanned(pkg), by: CLERK, paths });
  if (!r.ok) throw new Error(r.error.message);
}

const entry = (t: TownshipReport, p: string): PackageEntry => {
  const e = t.packages.find((x) => x.path === path.resolve(p));
  if (!e) throw new Error(`no entry for ${p}`);
  return e;
};
const run = (paths: string[], drill = false, file = regFile): TownshipReport => importPackages(paths, { register: loadRegister(file), drill });

beforeAll(() => {
  usb = tempDir('township-usb-');
  regFile = path.join(tempDir('register-'), 'key-register.jsonl');
  shiqiao = supplementaryElection({ stopAfterMain: true });
  staleShiqiao = shiqiao.exportTo(usb);
  shiqiao.supplementary(['赵敏', '钱七', '周八']);
  shiqiao.vote(15);
  shiqiao.ballots(6, { member: ['钱七', '赵敏'] });
  shiqiao.ballots(4, { member: ['钱七', '周八'] });
  shiqiao.ballots(5, { member: ['赵敏'] });
  shiqiao.confirm();
  finalShiqiao = shiqiao.exportTo(usb);
  const party = buildElection({
    kind: 'party_branch',
    village: '石桥村',
    positions: [{ key: 'member', name: '委员', seats: 3 }],
    people: [
      { name: '张建国', birth: '19750310', education: 'college', secretary: true },
      { name: '孙红', female: true, birth: '19900405', education: 'bachelor' },
      { name: '吴刚', birth: '19850101', education: 'senior_high' },
      { name: '郑平', birth: '19700101', education: 'junior_high' },
    ],
    candidates: [
      ['张建国', 'member'],
      ['孙红', 'member'],
      ['吴刚', 'member'],
      ['郑平', 'member'],
    ],
    others: 6,
  });
  party.vote(9);
  party.ballots(6, { member: ['张建国', '孙红', '吴刚'] });
  party.ballots(3, { member: ['张建国', '孙红', '郑平'] });
  party.confirm();
  shiqiaoParty = party.exportTo(usb);
  qingshan = buildElection({
    village: '青山村',
    positions: [
      { key: 'chair', name: '主任', seats: 1 },
      { key: 'member', name: '委员', seats: 2 },
    ],
    people: [
      { name: '李华', birth: '19800101', education: 'bachelor', party: true },
      { name: '陈静', female: true, birth: '19950101', education: 'college' },
      { name: '刘洋', birth: '19760101', education: 'senior_high' },
      { name: '何丽', female: true, birth: '19700101', education: 'junior_high' },
      { name: '王刚', birth: '19720101', education: 'senior_high' },
    ],
    candidates: [
      ['李华', 'chair'],
      ['王刚', 'chair'],
      ['陈静', 'member'],
      ['刘洋', 'member'],
      ['何丽', 'member'],
    ],
    others: 55,
  });
  // 46 of 60 vote: turnout 76.666… %, rounded half up to 76.7 % (767 ‰), not truncated to 76.6 %
  qingshan.vote(46);
  qingshan.ballots(40, { chair: ['李华'], member: ['陈静', '刘洋'] });
  qingshan.ballots(6, { chair: ['李华'], member: ['何丽'] });
  qingshan.confirm();
  qingshanPkg = qingshan.exportTo(usb);
  const drill = buildElection({
    village: '青山村',
    drill: true,
    keyDir: qingshan.keyDir,
    positions: [{ key: 'chair', name: '主任', seats: 1 }],
    people: [
      { name: '李华', birth: '19800101' },
      { name: '王五', birth: '19810101' },
    ],
    candidates: [
      ['李华', 'chair'],
      ['王五', 'chair'],
    ],
    others: 4,
  });
  drill.vote(5);
  drill.ballots(5, { chair: ['李华'] });
  drill.confirm();
  drillPkg = drill.exportTo(tempDir('drill-usb-'));
}, 240_000);

describe('the key register and the paper (纸质核对)', () => {
  it('a package whose village has no registered key is 待核对 and not counted', () => {
    const t = run([qingshanPkg], false, path.join(tempDir('empty-reg-'), 'r.jsonl'));
    expect(entry(t, qingshanPkg)).toMatchObject({ status: 'pending', keyState: 'pending', paper: 'none' });
    expect(entry(t, qingshanPkg).reason).toContain('待核对');
    expect(t.villages).toEqual([]);
  });

  it('scanning the result report QR registers the key and ticks 纸质核对: 待核对 → 已核对', () => {
    const text = scanned(qingshanPkg);
    expect(text).toMatch(/^VES1-[0-9A-F]{32}-[0-9A-F]{32}-[0-9A-F]{64}$/);
    const r = addKey(regFile, { text, by: CLERK, paths: [qingshanPkg, finalShiqiao] });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.key).toMatchObject({ township: '清河镇', village: '青山村', by: CLERK, how: '扫描报告单二维码' });
    expect(r.value.key.fingerprint).toBe(manifestOf(qingshanPkg).keyFingerprint);
    expect(r.value.key.fingerprint).toMatch(/^([0-9a-f]{4} ){7}[0-9a-f]{4}$/);
    const e = entry(run([qingshanPkg]), qingshanPkg);
    expect(e).toMatchObject({ status: 'counted', keyState: 'verified', paper: 'matched', code: null });
    expect(e.keyConfirmed).toMatchObject({ by: CLERK, how: '扫描报告单二维码' });
  });

  it('a fingerprint typed from the paper, in capitals with odd spacing, registers the same key (normalised, shown in groups of four)', () => {
    const file = path.join(tempDir('typed-'), 'r.jsonl');
    const fp = manifestOf(qingshanPkg).keyFingerprint;
    const typed = ` ${fp.replace(/ /g, '').toUpperCase().replace(/(.{6})/g, '$1  ')} `;
    expect(addKey(file, { text: typed, by: CLERK }).ok).toBe(false); // needs the village when typed
    const r = addKey(file, { text: typed, by: CLERK, township: '清河镇', village: '青山村', kind: 'villagers_committee' });
    expect(r.ok && r.value.key).toMatchObject({ fingerprint: fp, how: '手工输入报告单上的指纹' });
    // a full-width copy (中文输入法) is the same key too
    const wide = fp.replace(/[0-9a-f]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
    expect(parseKeyText(wide)).toEqual({ ok: true, kind: 'fingerprint', fingerprint: fp.replace(/ /g, '') });
    const e = entry(run([qingshanPkg], false, file), qingshanPkg);
    expect(e).toMatchObject({ status: 'counted', keyState: 'verified', paper: 'none' });
    // and `verify --fingerprint` accepts it in any spacing and case
    expect(verifyPackage(qingshanPkg, { expectedFingerprint: typed }).ok).toBe(true);
    expect(verifyPackage(qingshanPkg, { expectedFingerprint: formatFingerprint(freshKey().fingerprint) }).problems[0]?.code).toBe('KEY_NOT_EXPECTED');
  });

  it('a paper whose result hash differs from the package refuses the package (PAPER_MISMATCH)', () => {
    const file = path.join(tempDir('paper-'), 'r.jsonl');
    // the village brings the round-1 report (stale) but the final package
    scan(staleShiqiao, [staleShiqiao], file);
    const t = run([finalShiqiao], false, file);
    expect(entry(t, finalShiqiao)).toMatchObject({ status: 'refused', code: 'PAPER_MISMATCH', paper: 'mismatch', keyState: 'verified' });
    // the final report clears it
    scan(finalShiqiao, [finalShiqiao], file);
    expect(entry(run([finalShiqiao], false, file), finalShiqiao)).toMatchObject({ status: 'counted', paper: 'matched' });
  });

  it('a second, different key for a registered village is refused unless the clerk confirms a second station', () => {
    const file = path.join(tempDir('second-'), 'r.jsonl');
    scan(qingshanPkg, [qingshanPkg], file);
    const other = formatFingerprint(freshKey().fingerprint);
    const place = { township: '清河镇', village: '青山村', kind: 'villagers_committee' };
    const r = addKey(file, { text: other, by: CLERK, ...place });
    expect(r.ok ? '' : r.error.code).toBe('KEY_DIFFERS');
    expect(r.ok ? '' : r.error.message).toContain(manifestOf(qingshanPkg).keyFingerprint);
    expect(addKey(file, { text: other, by: CLERK, ...place, another: true }).ok).toBe(true);
    expect(loadRegister(file).keys.get('清河镇\u0000青山村\u0000villagers_committee')?.length).toBe(2);
    // the village's Party branch election is another body: its paper registers its own key
    expect(addKey(file, { text: formatFingerprint(freshKey().fingerprint), by: CLERK, ...place, kind: 'party_branch' }).ok).toBe(true);
  });

  it('a damaged register line refuses the whole register: trust is never guessed', () => {
    const file = path.join(tempDir('damaged-'), 'r.jsonl');
    scan(qingshanPkg, [qingshanPkg], file);
    writeFileSync(file, `${readFileSync(file, 'utf8')}{"type":"key","by":"x"}\n`);
    expect(() => loadRegister(file)).toThrow(/第 3 行/);
  });
});

describe('forged packages, each with the exact state the township shows', () => {
  beforeAll(() => {
    scan(finalShiqiao, [finalShiqiao, staleShiqiao]);
    scan(shiqiaoParty, [shiqiaoParty]);
  });

  it('a fresh key: the genuine package changed and re-signed is refused KEY_MISMATCH, with both fingerprints', () => {
    const forged = copyPackage(qingshanPkg);
    const forger = resign(forged, {
      files: {
        'result.json': editJson<{ elected: { name: string }[] }>(forged, 'result.json', (r) => {
          (r.elected[0] as { name: string }).name = '冒名者';
        }),
      },
    });
    expect(verifyPackage(forged).ok).toBe(true); // the signature alone proves nothing
    const e = entry(run([forged]), forged);
    expect(e).toMatchObject({ status: 'refused', code: 'KEY_MISMATCH', keyState: 'mismatch' });
    expect(e.keyFingerprint).toBe(formatFingerprint(forger.fingerprint));
    expect(e.registeredFingerprints).toEqual([manifestOf(qingshanPkg).keyFingerprint]);
    expect(e.reason).toContain(formatFingerprint(forger.fingerprint));
    expect(e.reason).toContain(manifestOf(qingshanPkg).keyFingerprint);
  });

  it('a drill package turned real, re-signed with a fresh key: refused KEY_MISMATCH; re-signed with the village laptop\'s own key: refused TAMPERED (the audit chain says drill)', () => {
    const realize = (dir: string): Buffer =>
      editJson<{ drill: boolean }>(dir, 'result.json', (r) => {
        r.drill = false;
      });
    const fresh = copyPackage(drillPkg);
    resign(fresh, { identity: { drill: false }, files: { 'result.json': realize(fresh) } });
    expect(entry(run([fresh]), fresh)).toMatchObject({ status: 'refused', code: 'KEY_MISMATCH' });
    const own = copyPackage(drillPkg);
    resign(own, { key: loadOrCreateStationKey(qingshan.keyDir), identity: { drill: false }, files: { 'result.json': realize(own) } });
    const e = entry(run([own]), own);
    expect(e).toMatchObject({ status: 'refused', code: 'TAMPERED', keyState: 'verified' });
    expect(e.reason).toContain('审计日志记录的是演练选举');
    // untouched, the drill package is refused from a real summary and taken by a drill one
    expect(entry(run([drillPkg]), drillPkg)).toMatchObject({ status: 'refused', code: 'DRILL' });
  });

  it('a forged package listed first does not make the genuine one a duplicate: forged refused, genuine counted', () => {
    const forged = copyPackage(finalShiqiao, 'a-first');
    resign(forged, {
      identity: { createdAt: '2099-01-01T00:00:00.000Z' },
      files: {
        'result.json': editJson<{ rounds: { number: number }[] }>(forged, 'result.json', (r) => {
          (r.rounds[r.rounds.length - 1] as { number: number }).number = 9;
        }),
      },
    });
    const t = run([forged, finalShiqiao]);
    expect(entry(t, forged)).toMatchObject({ status: 'refused', code: 'KEY_MISMATCH' });
    expect(entry(t, finalShiqiao)).toMatchObject({ status: 'counted', code: null, paper: 'matched' });
    expect(t.villages.map((v) => v.village)).toEqual(['石桥村']);
    // before the village's paper is scanned: neither counted, and neither hides the other
    const none = run([forged, finalShiqiao], false, path.join(tempDir('none-'), 'r.jsonl'));
    for (const p of [forged, finalShiqiao]) {
      expect(entry(none, p).status).toBe('pending');
      expect(entry(none, p).reason).toContain('至少一个是伪造的');
    }
    expect(none.villages).toEqual([]);
  });

  it('a stale first-round package beside the final one: the final is counted, the stale one superseded', () => {
    const t = run([staleShiqiao, finalShiqiao]);
    expect(entry(t, finalShiqiao)).toMatchObject({ status: 'counted', confirmedRounds: 2 });
    expect(entry(t, staleShiqiao)).toMatchObject({ status: 'superseded', confirmedRounds: 1, supersededBy: path.resolve(finalShiqiao) });
    expect(entry(t, staleShiqiao).reason).toContain('确认到第 2 轮');
    expect(t.villages).toHaveLength(1);
    expect(t.villages[0]).toMatchObject({ electedCount: 4, rounds: 2 });
    // the same in the other order, and a plain copy is counted once
    const copy = copyPackage(finalShiqiao, 'copy');
    const t2 = run([finalShiqiao, copy, staleShiqiao].reverse());
    expect(t2.packages.filter((p) => p.status === 'counted')).toHaveLength(1);
    const twins = [entry(t2, copy), entry(t2, finalShiqiao)];
    expect(twins.map((x) => x.status).sort()).toEqual(['counted', 'superseded']);
    expect(twins.find((x) => x.status === 'superseded')?.reason).toContain('重复拷贝');
    expect(entry(t2, staleShiqiao).status).toBe('superseded');
  });

  it('two different elections of one village and kind: a conflict, neither counted, until the clerk chooses', () => {
    const again = supplementaryElection({ keyDir: shiqiao.keyDir });
    const second = again.exportTo(tempDir('usb2-'));
    const file = path.join(tempDir('conflict-'), 'r.jsonl');
    scan(finalShiqiao, [finalShiqiao], file);
    scan(second, [second], file);
    const t = run([finalShiqiao, second], false, file);
    expect(entry(t, finalShiqiao)).toMatchObject({ status: 'conflict' });
    expect(entry(t, second)).toMatchObject({ status: 'conflict' });
    expect(entry(t, second).reason).toContain(shiqiao.electionId);
    expect(t.villages).toEqual([]);
    expect(choose(file, { township: '清河镇', village: '石桥村', kind: 'villagers_committee', electionId: shiqiao.electionId, reason: '第二次是误建的练习', by: CLERK }).ok).toBe(true);
    const t2 = run([finalShiqiao, second], false, file);
    expect(entry(t2, finalShiqiao).status).toBe('counted');
    expect(entry(t2, second)).toMatchObject({ status: 'set_aside' });
    expect(entry(t2, second).reason).toContain('第二次是误建的练习');
  });

  it('two townships: each gets its own totals, never merged', () => {
    const other = buildElection({
      village: '白沙村',
      township: '白沙镇',
      positions: [{ key: 'chair', name: '主任', seats: 1 }],
      people: [
        { name: '甲乙', birth: '19700101' },
        { name: '丙丁', birth: '19710101' },
      ],
      candidates: [
        ['甲乙', 'chair'],
        ['丙丁', 'chair'],
      ],
      others: 8,
    });
    other.vote(10);
    other.ballots(10, { chair: ['甲乙'] });
    other.confirm();
    const pkg = other.exportTo(tempDir('usb3-'));
    scan(pkg, [pkg]);
    const t = run([qingshanPkg, pkg]);
    expect(t.townships).toEqual(['清河镇', '白沙镇'].sort((a, b) => a.localeCompare(b, 'zh-Hans-CN')));
    expect(t.totals.map((x) => [x.township, x.kind, x.registered, x.participants])).toEqual(
      expect.arrayContaining([
        ['清河镇', 'villagers_committee', 60, 46],
        ['白沙镇', 'villagers_committee', 10, 10],
      ]),
    );
    expect(t.totals).toHaveLength(2);
    expect(entry(t, pkg)).toMatchObject({ status: 'counted', township: '白沙镇' });
  });

  describe('packages that try to crash or mislead the reader: refused by name, the batch goes on', () => {
    const batch = (bad: string): TownshipReport => {
      const t = run([bad, qingshanPkg]);
      expect(entry(t, qingshanPkg).status).toBe('counted');
      return t;
    };

    it('result.json a symlink to /etc/shadow: refused UNSAFE without following it', () => {
      const d = copyPackage(qingshanPkg);
      rmSync(path.join(d, 'result.json'));
      symlinkSync('/etc/shadow', path.join(d, 'result.json'));
      const e = entry(batch(d), d);
      expect(e).toMatchObject({ status: 'refused', code: 'UNSAFE' });
      expect(e.reason).toContain('result.json 是一个链接');
      // and even when the forger re-signs to list it with the target's size
      resign(d, { files: { 'result.json': 1200 } });
      expect(entry(batch(d), d)).toMatchObject({ status: 'refused', code: 'UNSAFE' });
    });

    it('audit.jsonl a symlink to /dev/zero listed at 1 TB, re-signed: refused UNSAFE at once', () => {
      const d = copyPackage(qingshanPkg);
      rmSync(path.join(d, 'audit.jsonl'));
      symlinkSync('/dev/zero', path.join(d, 'audit.jsonl'));
      resign(d, { files: { 'audit.jsonl': 1024 ** 4 } });
      const t0 = performance.now();
      const e = entry(batch(d), d);
      expect(performance.now() - t0).toBeLessThan(5000);
      expect(e).toMatchObject({ status: 'refused', code: 'UNSAFE' });
      expect(e.reason).toContain('audit.jsonl');
    });

    it('a folder where the manifest lists a file (it crashed verify with EISDIR): refused UNSAFE naming it', () => {
      const d = copyPackage(qingshanPkg);
      mkdirSync(path.join(d, 'forms', '附件.pdf'));
      resign(d, { files: { 'forms/附件.pdf': 100 } });
      const e = entry(batch(d), d);
      expect(e).toMatchObject({ status: 'refused', code: 'UNSAFE' });
      expect(e.reason).toContain('forms/附件.pdf 清单上是文件，这里却是一个文件夹');
      // the whole batch through the CLI's code path does not crash either
      expect(verifyPackage(d).problems.map((p) => p.code)).toEqual(['NOT_A_FILE']);
    });

    it('the forms folder a symlink out of the package; a FIFO; the package folder itself a symlink', () => {
      const d = copyPackage(qingshanPkg);
      rmSync(path.join(d, 'forms'), { recursive: true });
      symlinkSync(path.join(qingshanPkg, 'forms'), path.join(d, 'forms'));
      expect(entry(batch(d), d)).toMatchObject({ status: 'refused', code: 'UNSAFE' });
      expect(entry(batch(d), d).reason).toContain('forms 是一个链接');
      const f = copyPackage(qingshanPkg);
      execFileSync('mkfifo', [path.join(f, 'forms', '管道.pdf')]);
      resign(f, { files: { 'forms/管道.pdf': 10 } });
      expect(entry(batch(f), f)).toMatchObject({ status: 'refused', code: 'UNSAFE' });
      const link = path.join(tempDir('rootlink-'), 'pkg');
      symlinkSync(qingshanPkg, link);
      expect(entry(batch(link), link)).toMatchObject({ status: 'refused', code: 'UNSAFE' });
    });

    it('a huge file (a 3 GB sparse audit.jsonl listed at its size, re-signed): refused UNSAFE without reading it', () => {
      const d = copyPackage(qingshanPkg);
      execFileSync('truncate', ['-s', String(3 * 1024 ** 3), path.join(d, 'audit.jsonl')]);
      resign(d, { files: { 'audit.jsonl': 3 * 1024 ** 3 } });
      const t0 = performance.now();
      const e = entry(batch(d), d);
      expect(performance.now() - t0).toBeLessThan(5000);
      expect(e).toMatchObject({ status: 'refused', code: 'UNSAFE' });
      expect(e.reason).toContain('audit.jsonl');
      expect(e.reason).toContain('大得不正常');
    });

    it('an unreadable file (the drive answers EIO): refused UNSAFE naming it, the rest counted', () => {
      const d = copyPackage(qingshanPkg);
      const fs: PackageFs = {
        ...realFs,
        readFile: (p, max) => {
          if (p.startsWith(d) && p.endsWith('.pdf')) throw fsError('EIO');
          return realFs.readFile(p, max);
        },
      };
      const t = importPackages([d, qingshanPkg], { register: loadRegister(regFile), fs });
      expect(entry(t, d)).toMatchObject({ status: 'refused', code: 'UNSAFE' });
      expect(entry(t, d).reason).toContain('读不出来（EIO）');
      expect(entry(t, qingshanPkg).status).toBe('counted');
    });
  });

  it('a formula as the village name: counted, and the CSV keeps it as text', () => {
    const f = buildElection({
      village: '=HYPERLINK("http://evil.example","点我")',
      positions: [{ key: 'chair', name: '主任', seats: 1 }],
      people: [
        { name: '+甲', birth: '19700101' },
        { name: '乙', birth: '19710101' },
      ],
      candidates: [
        ['+甲', 'chair'],
        ['乙', 'chair'],
      ],
      others: 4,
    });
    f.vote(6);
    f.ballots(6, { chair: ['+甲'] });
    f.confirm();
    const pkg = f.exportTo(tempDir('usb-formula-'));
    scan(pkg, [pkg]);
    const t = run([pkg]);
    expect(entry(t, pkg).status).toBe('counted');
    const csv = tableCsv(t);
    expect(csv).toContain(`,"'=HYPERLINK(""http://evil.example"",""点我"")",`);
    expect(csv).not.toMatch(/(^|,)"?=HYPERLINK/m);
    expect(csv).toContain('主任 +甲'); // not at the start of a cell: no escape needed
    for (const [v, want] of [
      ['=1+1', "'=1+1"],
      ['+86', "'+86"],
      ['-2', "'-2"],
      ['@SUM(A1)', "'@SUM(A1)"],
      ['张三', '张三'],
    ] as const) {
      expect(csvCell(v)).toBe(want);
    }
    expect(csvCell(-2)).toBe('-2'); // numbers stay numbers
  });
});

describe('totals a county would publish', () => {
  let t: TownshipReport;
  beforeAll(() => {
    t = run([finalShiqiao, shiqiaoParty, qingshanPkg, staleShiqiao]);
  });

  it('另行选举: winners of both rounds with their full facts; structure figures worked by hand', () => {
    const row = t.villages.find((v) => v.village === '石桥村' && v.kind === 'villagers_committee');
    expect(row).toMatchObject({
      seats: 4,
      electedCount: 4,
      vacancies: 0,
      registered: 20,
      participants: 16,
      turnoutPermille: 800,
      women: 2,
      age35OrUnder: 2,
      college: 3,
      partyMembers: 2,
      rounds: 2,
      firstRoundSuccess: false,
      resultType: 0,
      paperChecked: true,
    });
    expect(row?.electedText).toBe('主任 张建国；委员 王芳、赵敏、钱七');
    const result = JSON.parse(readFileSync(path.join(finalShiqiao, 'result.json'), 'utf8')) as { elected: { name: string; round: number; educationLabel: string; partyMember: boolean }[] };
    expect(result.elected.map((p) => [p.name, p.round, p.educationLabel, p.partyMember])).toEqual([
      ['张建国', 1, '大专', true],
      ['王芳', 1, '本科', false],
      ['赵敏', 2, '初中', false],
      ['钱七', 2, '研究生', true],
    ]);
    // and the signed result report in the package says the same (it said 未登记 for round-1 winners)
    const report = pdfText(path.join(finalShiqiao, REPORT)).replace(/\s+/g, '');
    expect(report).not.toContain('未登记');
    for (const cell of ['张建国男51大专是', '王芳女32本科否', '赵敏女38初中否', '钱七男29研究生是']) expect(report).toContain(cell);
  });

  it('一肩挑 matched across the village\'s Party branch and villagers\' committee packages', () => {
    const vc = t.villages.find((v) => v.village === '石桥村' && v.kind === 'villagers_committee');
    const pb = t.villages.find((v) => v.village === '石桥村' && v.kind === 'party_branch');
    expect(pb).toMatchObject({ head: '张建国', headElected: true, oneShoulder: true, resultType: 0, firstRoundSuccess: true, registered: 10, participants: 9 });
    expect(vc?.oneShoulder).toBe(true);
    expect(t.villages.find((v) => v.village === '青山村')?.oneShoulder).toBeNull(); // no Party package of 青山村 here
  });

  it('villagers\' committees and Party branches are totalled apart; turnout is a number rounded half up', () => {
    expect(t.totals.map((x) => [x.kind, x.villages, x.registered, x.participants, x.turnoutPermille])).toEqual([
      ['villagers_committee', 2, 80, 62, 775],
      ['party_branch', 1, 10, 9, 900],
    ]);
    const vc = t.totals[0];
    expect(vc).toMatchObject({ seats: 7, electedCount: 7, firstRoundSuccess: 1, firstRoundPermille: 500, oneShoulder: 1, women: 3, college: 5 });
    expect(vc?.resultTypes).toEqual([2, 0, 0, 0, 0]);
    expect(t.villages.find((v) => v.village === '青山村')?.turnoutPermille).toBe(767);
    expect(turnoutPermille(46, 60)).toBe(767);
    expect(turnoutPermille(1, 8)).toBe(125);
    expect(turnoutPermille(1, 2000)).toBe(1); // 0.5 ‰ rounds up
    expect(turnoutPermille(1, 2001)).toBe(0);
  });

  it('the five result types, each with its count', () => {
    // the round-1 package on its own, with its own (round-1) paper: all that is known then
    const file = path.join(tempDir('types-'), 'r.jsonl');
    scan(staleShiqiao, [staleShiqiao], file);
    expect(entry(run([staleShiqiao], false, file), staleShiqiao).status).toBe('counted');
    const r1 = run([staleShiqiao], false, file).villages[0];
    expect(r1).toMatchObject({ resultType: 1, headElected: true, vacancies: 2, firstRoundSuccess: false });
    const noChair = buildElection({
      village: '东岭村',
      positions: [
        { key: 'chair', name: '主任', seats: 1 },
        { key: 'member', name: '委员', seats: 1 },
      ],
      people: [
        { name: '赵一', birth: '19700101' },
        { name: '钱二', birth: '19710101' },
        { name: '孙三', female: true, birth: '19720101' },
        { name: '李四', birth: '19730101' },
      ],
      candidates: [
        ['赵一', 'chair'],
        ['钱二', 'chair'],
        ['孙三', 'member'],
        ['李四', 'member'],
      ],
      others: 6,
    });
    noChair.vote(8);
    noChair.ballots(4, { chair: ['赵一'], member: ['孙三'] });
    noChair.ballots(4, { chair: ['钱二'], member: ['孙三'] });
    noChair.confirm();
    const invalid = buildElection({
      village: '西岭村',
      positions: [{ key: 'chair', name: '主任', seats: 1 }],
      people: [
        { name: '周一', birth: '19700101' },
        { name: '吴二', birth: '19710101' },
      ],
      candidates: [
        ['周一', 'chair'],
        ['吴二', 'chair'],
      ],
      others: 8,
    });
    invalid.vote(5); // 5 of 10: not more than half (E1)
    invalid.ballots(5, { chair: ['周一'] });
    invalid.confirm();
    const pkgs = [noChair.exportTo(tempDir('usb-nc-')), invalid.exportTo(tempDir('usb-iv-'))];
    for (const p of pkgs) scan(p, [p]);
    const all = run([finalShiqiao, staleShiqiao, qingshanPkg, ...pkgs]);
    const types = Object.fromEntries(all.villages.map((v) => [v.village, RESULT_TYPES[v.resultType]]));
    expect(types).toEqual({
      石桥村: '按职数全额选出主任（书记）、委员',
      青山村: '按职数全额选出主任（书记）、委员',
      东岭村: '未选出主任，已全额选出委员',
      西岭村: '选举不成功',
    });
    expect(all.totals[0]?.resultTypes).toEqual([2, 0, 1, 0, 1]);
    expect(all.villages.find((v) => v.village === '西岭村')).toMatchObject({ valid: false, validity: '无效：参加投票未过半' });
  });
});
