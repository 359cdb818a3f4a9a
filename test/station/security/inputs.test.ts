/**
 * Issue 12 — hostile input that once slipped through: a position key named `__proto__` stored the
 * ballot as blank (D11); bidi and zero-width characters made "‮三张" display as 张三 in every stored
 * name (D12). Each is refused with a Chinese message, and nothing is written.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, freshStation, ok, setupDay, vote } from '../counting/helpers.js';

afterEach(cleanup);

const DAY = {
  positions: [
    { key: 'chair', name: '主任', seats: 1 },
    { key: 'member', name: '委员', seats: 2 },
  ],
  people: [{ name: '张三' }, { name: '李四' }, { name: '王五' }, { name: '赵六' }, { name: '钱七' }],
  candidates: [
    ['张三', 'chair'],
    ['李四', 'chair'],
    ['王五', 'member'],
    ['赵六', 'member'],
    ['钱七', 'member'],
  ] as [string, string][],
  others: 4,
};

/** What the page sends: JSON text, parsed as the hosts parse it (an own "__proto__" key survives). */
const asSent = (json: string): unknown => JSON.parse(json) as unknown;

function counting() {
  const day = setupDay(DAY);
  vote(day, 9, 9);
  return day;
}

const count = (s: { db: { prepare(sql: string): { get(): unknown } } }, table: string): number => (s.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

describe('D11: keys that name inherited properties are refused, never turned into a blank ballot', () => {
  it('count.recordBallot {"marks":{"__proto__":…}} is refused, not stored as a blank ballot', () => {
    const day = counting();
    const chair = day.cand('chair', '张三');
    for (const key of ['__proto__', 'constructor', 'toString', 'hasOwnProperty']) {
      const r = day.s.call('count.recordBallot', asSent(`{"marks":{"${key}":{"for":[${chair}]}}}`));
      expect(r.ok, `${key} accepted`).toBe(false);
      if (!r.ok) {
        expect(r.error.code).toBe('VALIDATION');
        expect(r.error.message).toMatch(/\p{Script=Han}/u);
      }
    }
    expect(count(day.s, 'ballots')).toBe(0);
    // the same ballot keyed properly is counted for 张三
    const good = ok(day.s, 'count.recordBallot', { marks: { chair: { for: [chair] } } });
    expect(good.classification.status).toBe('valid');
  });

  it('a correction or ruling with a "__proto__" position is refused too', () => {
    const day = counting();
    const chair = day.cand('chair', '张三');
    const b = ok(day.s, 'count.recordBallot', { marks: { chair: { for: [chair] } } });
    const bad = asSent(`{"ballotId":${String(b.ballotId)},"reason":"录错","marks":{"__proto__":{"for":[${chair}]}}}`);
    expect(day.s.call('count.correctBallot', bad)).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(count(day.s, 'ballot_voids')).toBe(0);
  });

  it('position keys, box keys and rule names that an object inherits are refused', () => {
    const day = counting();
    const s = day.s;
    expect(s.call('box.add', { key: '__proto__', name: '流动票箱' })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(s.call('box.add', { key: 'constructor', name: '流动票箱' })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    const pos = s.call('position.set', { positions: [{ key: 'constructor', name: '主任', seats: 1 }] });
    expect(pos.ok).toBe(false);
    expect(count(s, 'boxes')).toBe(1);
  });

  it('election.create with rulesOverrides {"__proto__":…} is refused, naming the problem', () => {
    const s = freshStation();
    const r = s.call('election.create', asSent('{"kind":"villagers_committee","village":"青山村","township":"清河镇","electionDate":"2026-06-20","drill":true,"rulesOverrides":{"__proto__":{"proxyMaxPerTrustee":9}}}'));
    expect(r).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(count(s, 'election')).toBe(0);
    // a rule name that an object inherits, as a plain key
    expect(s.call('election.create', asSent('{"kind":"villagers_committee","village":"青山村","township":"清河镇","electionDate":"2026-06-20","drill":true,"rulesOverrides":{"constructor":1}}'))).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
  });
});

describe('D12: invisible characters are refused in every stored name', () => {
  const RLO = '\u202E';
  const ZWSP = '\u200B';
  it('voters (roll.add), naming the character', () => {
    const day = setupDay({ ...DAY, others: 0 });
    const r = day.s.call('roll.add', { name: `${RLO}三张`, idNumber: '110101199003071234', group: '第一组', category: 'resident' });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('VALIDATION');
      expect(r.error.message).toContain('U+202E');
      expect(r.error.message).toContain('看不见的字符');
    }
    expect(day.s.call('roll.add', { name: `张${ZWSP}三`, idNumber: '110101199003071234', group: '第一组', category: 'resident' })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
  });

  it('officials, boxes, write-ins, positions and the village name', () => {
    const day = counting();
    const s = day.s;
    const officialsBefore = count(s, 'officials');
    expect(s.call('official.add', { name: `${RLO}三张`, role: 'scrutineer' })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(count(s, 'officials')).toBe(officialsBefore);
    expect(s.call('box.add', { key: 'mobile1', name: `流动${ZWSP}票箱` })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    const w = s.call('count.recordBallot', { marks: { member: { for: [], writeIns: [{ name: `${RLO}六赵` }] } } });
    expect(w).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    if (!w.ok) expect(w.error.message).toContain('U+202E');
    expect(count(s, 'ballots')).toBe(0);
    expect(s.call('position.set', { positions: [{ key: 'chair', name: `主${RLO}任`, seats: 1 }] })).toMatchObject({ ok: false });
    const e = freshStation();
    expect(e.call('election.create', { kind: 'villagers_committee', village: `青山${ZWSP}村`, township: '清河镇', electionDate: '2026-06-20', drill: true })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
  });
});
