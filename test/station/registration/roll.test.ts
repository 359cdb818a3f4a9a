/** The voter roll through station.call: import (xlsx, GBK csv), R1, R3, R4, R5, search, list. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { afterEach, describe, expect, it } from 'vitest';
import { makeIdNumber } from '../../../shared/rules/index.js';
import { addVoter, cleanup, election, FIXTURES, idFor, ok, refused } from './helpers.js';
import { fileInput } from '../import/file-input.js';

afterEach(cleanup);

const ZJ = { extraVoterCategories: ['从事村务工作一年以上'] };
const fixture = (f: string) => path.join(FIXTURES, f);
const count = (s: ReturnType<typeof election>['s']) => ok(s, 'roll.list', { limit: 1 }).counts.registered;

describe('roll import', () => {
  it('xlsx: preview lists every row, confirm imports all good rows in one go', () => {
    const { s } = election('villagers_committee', ZJ);
    const p = ok(s, 'roll.importPreview', fileInput(fixture('good.xlsx')));
    expect(p.format).toBe('xlsx');
    expect(p.summary.withErrors).toBe(0);
    expect(p.rows.length).toBe(p.summary.total);
    expect(p.previewId).toMatch(/^[0-9a-f]{64}$/);
    expect(count(s)).toBe(0);
    const c = ok(s, 'roll.importConfirm', { previewId: p.previewId });
    expect(c.imported).toBe(p.summary.total);
    expect(count(s)).toBe(p.summary.total);
    const wang = ok(s, 'roll.search', { query: '王五' }).voters[0];
    expect(wang?.name).toBe('王五');
    expect(wang?.source).toMatch(/^import:good\.xlsx:/);
  });

  it('GBK csv given as base64 content reads the same people', () => {
    const { s } = election('villagers_committee', ZJ);
    const bytes = readFileSync(fixture('good-gbk.csv'));
    const p = ok(s, 'roll.importPreview', { dataBase64: bytes.toString('base64'), fileName: 'good-gbk.csv' });
    expect(p.format).toBe('csv');
    expect(p.encoding).toBe('gbk');
    expect(p.summary.withErrors).toBe(0);
    expect(p.rows.map((r) => r.name)).toContain('张三');
  });

  it('R1 R3: a preview with error rows imports nothing on confirm; onlyGoodRows imports only the good ones', () => {
    const { s } = election('villagers_committee', ZJ);
    const p = ok(s, 'roll.importPreview', fileInput(fixture('bad-rows-gbk.csv')));
    expect(p.summary.withErrors).toBeGreaterThan(0);
    const codes = p.rows.flatMap((r) => r.problems.map((x) => x.code));
    expect(codes).toContain('R1_UNDER_18');
    expect(codes).toContain('R3_DUPLICATE_IN_FILE');
    const e = refused(s, 'roll.importConfirm', { previewId: p.previewId });
    expect(e.code).toBe('IMPORT_HAS_ERRORS');
    expect(e.message).toContain('没有导入任何人');
    expect(count(s)).toBe(0);
    // R3: the file's repeated number is nobody's to drop unasked — "only good rows" alone imports nobody
    const [group] = p.summary.duplicateGroups;
    if (!group) throw new Error('the fixture has a repeated ID number');
    const d = refused(s, 'roll.importConfirm', { previewId: p.previewId, onlyGoodRows: true });
    expect(d.code).toBe('IMPORT_DUPLICATES_UNRESOLVED');
    expect(d.message).toContain(`第 ${group.rows.join('、')} 行`);
    expect(count(s)).toBe(0);
    const c = ok(s, 'roll.importConfirm', { previewId: p.previewId, onlyGoodRows: true, picks: [{ idNumber: group.idNumber, row: group.rows[1] ?? 0 }] });
    expect(c.imported).toBe(p.summary.importable + 1);
    expect(c.skipped).toBe(p.summary.withErrors);
    expect(c.duplicatesLeftOut).toBe(group.rows.length - 1);
    expect(count(s)).toBe(p.summary.importable + 1);
    const picked = ok(s, 'roll.list', { limit: 1000 }).voters.find((v) => v.idNumber === group.idNumber);
    expect(picked?.source).toMatch(new RegExp(`:${group.rows[1]}$`));
  });

  it('R3: the same file a second time is all "already registered"; a roll changed since the preview is refused', () => {
    const { s } = election('villagers_committee', ZJ);
    const p1 = ok(s, 'roll.importPreview', fileInput(fixture('good.xlsx')));
    const p2 = ok(s, 'roll.importPreview', fileInput(fixture('good-utf8.csv')));
    ok(s, 'roll.importConfirm', { previewId: p1.previewId });
    const e = refused(s, 'roll.importConfirm', { previewId: p2.previewId });
    expect(e.code).toBe('IMPORT_ROLL_CHANGED');
    const again = ok(s, 'roll.importPreview', fileInput(fixture('good-utf8.csv')));
    expect(again.rows.every((r) => r.problems.some((x) => x.code === 'R3_ALREADY_REGISTERED'))).toBe(true);
    expect(refused(s, 'roll.importConfirm', { ...fileInput(fixture('good-utf8.csv')), onlyGoodRows: true }).code).toBe('IMPORT_NOTHING');
  });

  it('confirm straight from the file (no preview kept) and a forgotten preview id', () => {
    const { s } = election('villagers_committee', ZJ);
    expect(refused(s, 'roll.importConfirm', { previewId: 'abc' }).code).toBe('IMPORT_PREVIEW_EXPIRED');
    expect(refused(s, 'roll.importConfirm', fileInput(fixture('bad-rows.xlsx'))).code).toBe('IMPORT_HAS_ERRORS');
    expect(count(s)).toBe(0);
    const p = ok(s, 'roll.importPreview', fileInput(fixture('bad-rows.xlsx')));
    const picks = p.summary.duplicateGroups.map((g) => ({ idNumber: g.idNumber, row: null }));
    const c = ok(s, 'roll.importConfirm', { ...fileInput(fixture('bad-rows.xlsx')), onlyGoodRows: true, picks });
    expect(c.imported).toBeGreaterThan(0);
    expect(c.duplicatesLeftOut).toBe(2);
    expect(count(s)).toBe(c.imported);
  });

  it('files that cannot be read are refused with the reader\'s Chinese reason', () => {
    const { s } = election();
    expect(refused(s, 'roll.importPreview', fileInput(fixture('legacy.xls'))).code).toBe('IMPORT_OLD_XLS');
    // headers it does not know: the preview asks which column is which; nothing to confirm until then
    expect(ok(s, 'roll.importPreview', fileInput(fixture('wrong-headers.xlsx'))).state).toBe('map_columns');
    expect(refused(s, 'roll.importConfirm', fileInput(fixture('wrong-headers.xlsx'))).code).toBe('IMPORT_HEADER_MISSING');
    expect(refused(s, 'roll.importPreview', { dataBase64: 'AAAA' }).code).toBe('VALIDATION');
    expect(refused(s, 'roll.importConfirm', { dataBase64: 'AAAA' }).code).toBe('IMPORT_FILE_NAME');
  });

  it('P1: a party member list maps 正式党员/预备党员/留党察看/权利中止 to party status (xlsx made here)', async () => {
    const { s } = election('party_branch');
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('党员名册');
    ws.addRow(['姓名', '性别', '身份证号码', '村民小组', '类别']);
    const people: [string, string][] = [
      ['党一', '正式党员'],
      ['党二', '预备党员'],
      ['党三', '留党察看'],
      ['党四', '权利中止'],
      ['党五', '群众'],
    ];
    for (const [n, c] of people) ws.addRow([n, '男', idFor('19700101'), '第一党小组', c]);
    const data = Buffer.from(await wb.xlsx.writeBuffer()).toString('base64');
    const p = ok(s, 'roll.importPreview', { dataBase64: data, fileName: 'members.xlsx' });
    expect(p.rows.map((r) => r.partyStatus)).toEqual(['full', 'probationary', 'probation_discipline', 'suspended', null]);
    expect(p.rows[4]?.problems.map((x) => x.code)).toContain('P1_PARTY_STATUS_UNKNOWN');
    ok(s, 'roll.importConfirm', { previewId: p.previewId, onlyGoodRows: true });
    const list = ok(s, 'roll.list', {});
    expect(list.counts.registered).toBe(4);
    expect(list.counts.withVote).toBe(1);
    expect(list.voters.find((v) => v.name === '党二')?.hasVote).toBe(false);
  });

  it('GBK csv made here with a bad ID: all-or-nothing', () => {
    const { s } = election();
    const text = ['姓名,性别,身份证号码,村民小组,类别', `赵一,男,${idFor()},一组,本村居住`, `赵二,男,123456,一组,本村居住`].join('\r\n');
    const b64 = iconv.encode(text, 'gbk').toString('base64');
    const p = ok(s, 'roll.importPreview', { dataBase64: b64, fileName: 'r.csv' });
    expect(p.encoding).toBe('gbk');
    expect(p.rows[1]?.status).toBe('error');
    expect(refused(s, 'roll.importConfirm', { previewId: p.previewId }).code).toBe('IMPORT_HAS_ERRORS');
    expect(count(s)).toBe(0);
  });
});

describe('roll.add and roll.remove', () => {
  it('adds a voter with gender and birth date from the ID number', () => {
    const { s } = election();
    const r = ok(s, 'roll.add', { name: '孙丽', idNumber: makeIdNumber('330102', '19800202', 22), group: '二组', category: '户籍在本村且居住', gender: 'M' });
    expect(r.voter.gender).toBe('F');
    expect(r.voter.birthDate).toBe('1980-02-02');
    expect(r.voter.category).toBe('resident');
    expect(r.warnings.map((w) => w.code)).toContain('GENDER_MISMATCH');
    expect(ok(s, 'roll.get', { voterId: r.voter.id }).voter.name).toBe('孙丽');
  });

  it('R1: under 18 on election day is refused, a bad ID number too', () => {
    const { s } = election();
    const e = refused(s, 'roll.add', { name: '小明', idNumber: makeIdNumber('330102', '20080316', 11), category: 'resident' });
    expect(e.code).toBe('R1_UNDER_18');
    expect(e.message).toContain('小明');
    ok(s, 'roll.add', { name: '小红', idNumber: makeIdNumber('330102', '20080315', 12), category: 'resident' });
    expect(refused(s, 'roll.add', { name: '错号', idNumber: '330102198001010000', category: 'resident' }).code).toMatch(/^ID_/);
  });

  it('R2: an unknown category is refused; a non-resident (including 从事村务工作一年以上, national since 2025) needs its approval reference', () => {
    const { s } = election();
    expect(refused(s, 'roll.add', { name: '甲', idNumber: idFor(), category: '路过' }).code).toBe('R2_CATEGORY_UNKNOWN');
    expect(refused(s, 'roll.add', { name: '甲', idNumber: idFor() }).code).toBe('R2_CATEGORY_MISSING');
    const e = refused(s, 'roll.add', { name: '乙', idNumber: idFor(), category: 'nonresident_approved', group: '一组' });
    expect(e.code).toBe('R2_APPROVAL_REF_REQUIRED');
    expect(e.message).toContain('从事村务工作');
    expect(refused(s, 'roll.add', { name: '丙', idNumber: idFor(), category: '从事村务工作一年以上', group: '一组' }).code).toBe('R2_APPROVAL_REF_REQUIRED');
    const v = ok(s, 'roll.add', { name: '丙', idNumber: idFor(), category: '从事村务工作一年以上', approvalRef: '村民代表会议决定2026-3号', group: '一组' }).voter;
    expect(v).toMatchObject({ category: 'nonresident_approved' });
  });

  it('R2: a profile extra category that needs approval (BJ 转非人员) is refused without its reference', () => {
    const { s } = election('villagers_committee', undefined, 'beijing');
    const cat = '户籍迁出本村的转非人员（原村民）';
    expect(refused(s, 'roll.add', { name: '丁', idNumber: idFor(), category: cat, group: '一组' }).code).toBe('R2_APPROVAL_REF_REQUIRED');
    expect(ok(s, 'roll.add', { name: '丁', idNumber: idFor(), category: cat, approvalRef: '村民会议决定第2号', group: '一组' }).voter.category).toBe(cat);
  });

  it('R3: the same ID number twice is refused, even after removal', () => {
    const { s } = election();
    const id = idFor();
    const v = ok(s, 'roll.add', { name: '张三', idNumber: id, category: 'resident' }).voter.id;
    expect(refused(s, 'roll.add', { name: '张叁', idNumber: id.toLowerCase(), category: 'resident' }).code).toBe('R3_ALREADY_REGISTERED');
    ok(s, 'roll.remove', { voterId: v, reason: 'moved' });
    const again = refused(s, 'roll.add', { name: '张三', idNumber: id, category: 'resident' });
    expect(again.code).toBe('R3_REMOVED_REGISTRATION');
    expect(again.message).toContain('重新登记');
  });

  it('R4: removal keeps the row with reason and who; twice, "other" without a note, and after a ballot are refused', () => {
    const env = election();
    const { s } = env;
    ok(s, 'position.set', { positions: [{ key: 'chair', name: '主任', seats: 1 }] });
    const a = addVoter(s, '甲');
    const b = addVoter(s, '乙');
    addVoter(s, '丙');
    expect(refused(s, 'roll.remove', { voterId: a, reason: 'other' }).code).toBe('R4_NOTE_REQUIRED');
    const r = ok(s, 'roll.remove', { voterId: a, reason: 'death', note: '2026-01-20 病故' });
    expect(r.voter.removed).toBe(true);
    expect(r.voter.removal).toMatchObject({ reason: 'death', reasonLabel: '死亡', note: '2026-01-20 病故', actor: '计票站' });
    expect(refused(s, 'roll.remove', { voterId: a, reason: 'death' }).code).toBe('R4_ALREADY_REMOVED');
    const list = ok(s, 'roll.list', {});
    expect(list.voters.find((v) => v.id === a)?.removed).toBe(true);
    expect(list.counts).toMatchObject({ registered: 2, removed: 1 });
    expect(ok(s, 'roll.list', { includeRemoved: false }).total).toBe(2);
    // after a ballot
    ok(s, 'roll.publish', { publishedOn: '2026-02-01' });
    ok(s, 'candidate.add', { voterId: b, position: 'chair', education: 'senior_high', partyMember: false });
    ok(s, 'candidate.add', { voterId: addVoter(s, '戊候选'), position: 'chair', education: 'senior_high', partyMember: false });
    ok(s, 'election.setPhase', { phase: 'voting', confirm: ['VOTING_BEFORE_DATE'] });
    env.setNow('2026-03-15T09:00');
    ok(s, 'ballot.issue', { voterId: b });
    expect(refused(s, 'roll.remove', { voterId: b, reason: 'death' }).code).toBe('R4_ALREADY_ISSUED');
  });

  it('phases: additions warn after publication and are refused from voting on; on the day only death/duplicate/deprived removals', () => {
    const { s } = election();
    ok(s, 'position.set', { positions: [{ key: 'chair', name: '主任', seats: 1 }] });
    const a = addVoter(s, '甲');
    const b = addVoter(s, '乙');
    ok(s, 'roll.publish', { publishedOn: '2026-02-01' });
    const w = ok(s, 'roll.add', { name: '丁', idNumber: idFor(), group: '一组', category: 'resident' }).warnings;
    expect(w.map((x) => x.code)).toContain('R5_CHANGED_AFTER_PUBLICATION');
    ok(s, 'candidate.add', { voterId: a, position: 'chair', education: 'senior_high', partyMember: false });
    ok(s, 'candidate.add', { voterId: b, position: 'chair', education: 'senior_high', partyMember: false });
    ok(s, 'election.setPhase', { phase: 'voting', confirm: ['VOTING_BEFORE_DATE'] });
    expect(refused(s, 'roll.add', { name: '戊', idNumber: idFor(), category: 'resident' }).code).toBe('WRONG_PHASE');
    expect(refused(s, 'roll.remove', { voterId: b, reason: 'moved' }).code).toBe('R4_VOTING_REMOVAL_REASON');
    const r = ok(s, 'roll.remove', { voterId: b, reason: 'death' });
    expect(r.warnings.map((x) => x.code)).toContain('R4_REMOVED_DURING_VOTING');
  });
});

describe('publication and objections (R5)', () => {
  it('R5 warning: published fewer than 20 days before the day; moves the phase to roll_published', () => {
    const { s } = election();
    expect(refused(s, 'roll.publish', {}).code).toBe('ROLL_EMPTY');
    addVoter(s, '甲');
    addVoter(s, '乙');
    const p = ok(s, 'roll.publish', { publishedOn: '2026-03-01' });
    expect(p.voterCount).toBe(2);
    expect(p.warnings.map((w) => w.code)).toContain('R5_PUBLISHED_LATE');
    expect(ok(s, 'election.get', {}).phase).toBe('roll_published');
  });

  it('R5: on time, no warning; defaults to today', () => {
    const { s } = election();
    addVoter(s, '甲');
    const p = ok(s, 'roll.publish', {});
    expect(p.publishedOn).toBe('2026-02-01');
    expect(p.warnings).toEqual([]);
  });

  it('R5 warning: objection after 5 days, decision after 3 days; upheld objection removes the voter (objection_upheld)', () => {
    const { s } = election();
    const a = addVoter(s, '甲');
    addVoter(s, '乙');
    expect(refused(s, 'roll.objection', { filedOn: '2026-02-02', filedBy: '丙', voterId: a, content: '甲已迁出' }).code).toBe('ROLL_NOT_PUBLISHED');
    ok(s, 'roll.publish', { publishedOn: '2026-02-01' });
    const onTime = ok(s, 'roll.objection', { filedOn: '2026-02-06', filedBy: '丙', voterId: a, content: '甲户口已迁出本村' });
    expect(onTime.warnings).toEqual([]);
    expect(onTime.objection.voterName).toBe('甲');
    const late = ok(s, 'roll.objection', { filedOn: '2026-02-07', filedBy: '丁', subjectName: '戊', content: '戊应登记而未登记' });
    expect(late.warnings.map((w) => w.code)).toContain('R5_OBJECTION_LATE');
    expect(late.objection.late).toBe(true);
    const d = ok(s, 'roll.decideObjection', { objectionId: onTime.objection.id, decidedOn: '2026-02-10', decision: 'upheld', note: '核实', removeVoter: true });
    expect(d.warnings.map((w) => w.code)).toContain('R5_DECISION_LATE');
    expect(d.removed?.removal?.reason).toBe('objection_upheld');
    expect(refused(s, 'roll.decideObjection', { objectionId: onTime.objection.id, decidedOn: '2026-02-10', decision: 'rejected' }).code).toBe('OBJECTION_DECIDED');
    expect(refused(s, 'roll.decideObjection', { objectionId: late.objection.id, decidedOn: '2026-02-08', decision: 'rejected', removeVoter: true }).code).toBe(
      'OBJECTION_NOT_UPHELD',
    );
    ok(s, 'roll.decideObjection', { objectionId: late.objection.id, decidedOn: '2026-02-08', decision: 'rejected' });
    const all = ok(s, 'roll.objections', {});
    expect(all.objections.map((o) => o.decision?.decision)).toEqual(['upheld', 'rejected']);
    expect(all.publications).toHaveLength(1);
  });
});

describe('search and list', () => {
  it('finds by name, full pinyin, initials (surname readings) and ID tail; new voters appear at once', () => {
    const { s } = election();
    const id = makeIdNumber('330102', '19700101', 777);
    addVoter(s, '单雄信', { idNumber: id });
    addVoter(s, '曾小红');
    addVoter(s, '张三');
    expect(ok(s, 'roll.search', { query: '单雄' }).voters[0]?.name).toBe('单雄信');
    expect(ok(s, 'roll.search', { query: 'shanxiongxin' }).voters[0]?.name).toBe('单雄信');
    expect(ok(s, 'roll.search', { query: 'zxh' }).voters[0]?.name).toBe('曾小红');
    expect(ok(s, 'roll.search', { query: id.slice(-6) }).voters[0]?.name).toBe('单雄信');
    addVoter(s, '张四');
    expect(ok(s, 'roll.search', { query: '张' }).voters.map((v) => v.name)).toEqual(expect.arrayContaining(['张三', '张四']));
  });

  it('removed voters are found and flagged; a refused addition never reaches the index', () => {
    const { s } = election();
    const a = addVoter(s, '李四');
    ok(s, 'roll.search', { query: '李' });
    ok(s, 'roll.remove', { voterId: a, reason: 'moved' });
    expect(ok(s, 'roll.search', { query: '李四' }).voters[0]?.removed).toBe(true);
    refused(s, 'roll.add', { name: '李五', idNumber: makeIdNumber('330102', '20100101', 11), category: 'resident' });
    expect(ok(s, 'roll.search', { query: '李五' }).voters).toEqual([]);
  });

  it('20,000 voters: the index is built once and a search is fast', () => {
    const { s } = election();
    const stmt = s.db.prepare("INSERT INTO voters (name, id_number, gender, birth_date, group_name, category, at, actor) VALUES (?, ?, 'M', '1970-01-01', ?, 'resident', 'x', 'x')");
    const sur = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴'];
    const giv = ['伟', '芳', '娜', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '娟', '涛'];
    s.db.transaction(() => {
      for (let i = 0; i < 20_000; i++) {
        stmt.run(`${sur[i % 10]}${giv[Math.floor(i / 10) % 15]}${giv[Math.floor(i / 150) % 15]}`, `3301021970${String(i).padStart(8, '0')}`, `第${i % 12}组`);
      }
    })();
    addVoter(s, '欧阳娜');
    let t = performance.now();
    ok(s, 'roll.search', { query: '欧阳' });
    const build = performance.now() - t;
    t = performance.now();
    for (let i = 0; i < 50; i++) ok(s, 'roll.search', { query: 'wangwei' });
    const each = (performance.now() - t) / 50;
    expect(ok(s, 'roll.search', { query: 'oyn' }).voters[0]?.name).toBe('欧阳娜');
    // speed is npm run bench's (roll.search p95 < 2 ms); here the figures are only printed
    console.info(`roll.search over 20,000: first (index build) ${build.toFixed(0)} ms, then ${each.toFixed(2)} ms each`);
    const l = ok(s, 'roll.list', { group: '第3组', limit: 10 });
    expect(l.voters).toHaveLength(10);
    expect(l.counts.byGroup.length).toBe(13);
  });
});
