/**
 * Rules whose evidence is on paper: F2 (the count record signed by scrutineers and counters), E9
 * (announced on the spot, reported to the township for the record, certificates from the village
 * election committee) and R6 (one voter card per voter). Read back with pdftotext.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FormId } from '../../shared/contract/output.js';
import { cleanup, ok, partyElection, villageElection, type Fixture } from './helpers.js';
import { pdfPages, pdfText } from './pdf.js';

let village: Fixture;
let party: Fixture;

beforeAll(() => {
  village = villageElection();
  party = partyElection();
});
afterAll(cleanup);

const flat = (s: string): string => s.replace(/\s+/g, '');
const render = (f: Fixture, form: FormId) => {
  const r = ok(f.s, 'forms.render', { form });
  return { ...r, text: flat(pdfText(r.path)), pageCount: pdfPages(r.path) };
};
const occurrences = (text: string, s: string): number => text.split(s).length - 1;

describe('F2 count record', () => {
  it('F2: the tally sheet carries signature lines with the names of the chief scrutineer, scrutineers, caller and counter', () => {
    const { text } = render(village, 'tally_sheet');
    for (const role of ['总监票人（签名）', '监票人（签名）', '唱票人（签名）', '计票人（签名）']) expect(text).toContain(role);
    for (const name of ['陈总监', '周监一', '吴监二', '郑监三', '冯唱票', '褚计票']) expect(text).toContain(name);
  });
});

describe('E9 announcement, record and certificates', () => {
  it('E9: the announcement names every winner with votes on the election day; villagers: 特此公告', () => {
    const { text } = render(village, 'announcement');
    expect(text).toContain('青山村村民委员会选举结果公告');
    expect(text).toContain('2026年3月15日，青山村召开选举大会'); // on the spot: dated the election day
    for (const row of ['主任张建国22票', '委员王芳28票', '委员赵敏20票']) expect(text).toContain(row);
    expect(text).toContain('特此公告');
    expect(text).toContain('青山村村民选举委员会');
  });

  it('E9: the villagers’ result report goes to the township for the record (备案), not for approval; the party one awaits approval', () => {
    const v = render(village, 'result_report').text;
    expect(v).toContain('选举结果报乡镇人民政府备案');
    expect(v).not.toContain('批复');
    expect(v).not.toContain('审批');
    const p = render(party, 'result_report').text;
    expect(p).toContain('待上级党组织批复');
  });

  it('E9: one certificate per winner, each with a distinct number on certificate and counterfoil, from the village election committee', () => {
    const r = render(village, 'certificates');
    expect(r.pageCount).toBe(3);
    expect(occurrences(r.text, '当选证书存根')).toBe(3);
    const numbers = [...r.text.matchAll(/编号：([A-Z0-9]+-\d{3})/g)].map((m) => m[1]);
    expect(numbers).toHaveLength(3);
    expect(new Set(numbers).size).toBe(3);
    for (const n of numbers) expect(occurrences(r.text, `证书编号${n ?? ''}`)).toBe(1);
    for (const name of ['张建国', '王芳', '赵敏']) expect(r.text).toContain(`${name}同志：`);
    expect(r.text).toContain('青山村村民选举委员会');
  });
});

describe('R6 voter cards', () => {
  it('R6: one voter card per registered voter, each with its own number', () => {
    const r = render(village, 'voter_cards');
    const registered = ok(village.s, 'roll.list', { limit: 1 }).counts.registered;
    expect(registered).toBe(40);
    expect(occurrences(r.text, '凭本证领取选票一张')).toBe(registered);
    const numbers = [...r.text.matchAll(/证号(\d{6})/g)].map((m) => m[1]);
    expect(numbers).toHaveLength(registered);
    expect(new Set(numbers).size).toBe(registered);
  });
});
