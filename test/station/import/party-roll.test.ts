/**
 * A Party member roll (party_branch, P1): the 党员类别 / 党员状态 column gives the party status and the
 * 党小组 column the group, through the real import path (roll.importPreview / roll.importConfirm).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { matchHeader } from '../../../electron/station/import/headers.js';
import { cleanup, election, FIXTURES, ok } from '../registration/helpers.js';
import path from 'node:path';
import { fileInput } from './file-input.js';

afterEach(cleanup);

describe('party roll headers', () => {
  it('党员类别 / 党员状态 / 人员类别 / 正式党员/预备党员 are the status column; 党小组 / 所在党小组 the group', () => {
    for (const status of ['党员类别', '党员状态', '人员类别', '正式党员/预备党员', '* 党员类别（正式/预备）']) {
      for (const group of ['党小组', '所在党小组', '所属党小组']) {
        const m = matchHeader(['序号', '姓名', '性别', '身份证号码', group, status]);
        expect(m.missing).toEqual([]);
        expect(m.columns).toMatchObject({ name: 1, gender: 2, idNumber: 3, group: 4, category: 5 });
      }
    }
  });

  it('a party header wins over a generic one for the same field, whichever comes first', () => {
    expect(matchHeader(['姓名', '性别', '身份证号码', '村民小组', '党小组', '类别', '党员类别']).columns).toMatchObject({ group: 4, category: 6 });
    expect(matchHeader(['姓名', '性别', '身份证号码', '党小组', '村民小组', '党员状态', '类别']).columns).toMatchObject({ group: 3, category: 5 });
    // a villagers' roll is read as before
    expect(matchHeader(['姓名', '性别', '身份证号码', '村民小组', '类别']).columns).toEqual({ name: 0, gender: 1, idNumber: 2, group: 3, category: 4 });
  });
});

describe('P1 party member roll import', () => {
  it('P1: imports a member list with 所在党小组 and 党员类别（正式/预备）; only full members have a vote', () => {
    const { s } = election('party_branch');
    const p = ok(s, 'roll.importPreview', fileInput(path.join(FIXTURES, 'party-members.csv')));
    expect(p.summary).toMatchObject({ total: 6, withErrors: 0, importable: 6 });
    expect(p.rows.map((r) => [r.name, r.partyStatus, r.group])).toEqual([
      ['刘建华', 'full', '第一党小组'],
      ['陈秀英', 'full', '第一党小组'],
      ['王晓东', 'probationary', '第二党小组'],
      ['赵国强', 'probation_discipline', '第二党小组'],
      ['孙桂兰', 'suspended', '第一党小组'],
      ['周明', 'full', '第二党小组'],
    ]);
    const c = ok(s, 'roll.importConfirm', { previewId: p.previewId });
    expect(c.imported).toBe(6);
    const list = ok(s, 'roll.list', {});
    expect(list.counts).toMatchObject({ registered: 6, withVote: 3 });
    expect(list.voters.filter((v) => v.hasVote).map((v) => v.name).sort()).toEqual(['刘建华', '周明', '陈秀英'].sort());
    expect(list.voters.find((v) => v.name === '王晓东')).toMatchObject({ partyStatus: 'probationary', group: '第二党小组', hasVote: false });
  });
});
