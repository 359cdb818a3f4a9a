/**
 * Issue 10 — the audit log a committee member can read: audit.view answers each event in Chinese
 * (the contract's summary), with who and when, the ballots by their number in the round, and the
 * reasons and decisions; it filters by operation, time and ballot number.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { contract } from '../../../shared/contract.js';
import { commandLabel } from '../../../electron/station/audit-view.js';
import { cleanup, marksOf, ok, refused, scrutineerId, setupDay, vote } from '../counting/helpers.js';

afterEach(cleanup);

/** A clock that moves one minute per call: each event has its own time. */
function minuteClock(start: string): () => Date {
  let t = Date.parse(start);
  return () => new Date((t += 60_000));
}

function day() {
  const d = setupDay(
    {
      positions: [{ key: 'chair', name: '主任', seats: 1 }],
      people: [{ name: '张三' }, { name: '李四' }],
      candidates: [
        ['张三', 'chair'],
        ['李四', 'chair'],
      ],
      others: 8,
    },
    { now: minuteClock('2026-11-29T08:00:00Z') },
  );
  vote(d, 10, 10);
  return d;
}

const NO_INTERNAL = /[A-Za-z_]{2,}|chair|ballotId/;

describe('audit.view: the log in words, filtered by operation, time and ballot (issue 10)', () => {
  it('V6 names the ballot by its number, the ruling and the 监票人; the void says its reason', () => {
    const d = day();
    const rec = () => ok(d.s, 'count.recordBallot', { marks: marksOf(d, { chair: ['张三'] }) });
    const first = rec();
    rec();
    const third = rec();
    ok(d.s, 'count.voidBallot', { ballotId: first.ballotId ?? 0, reason: '重复录入' });
    ok(d.s, 'count.markDoubtful', { ballotId: third.ballotId ?? 0, note: '勾在两格之间' });
    ok(d.s, 'count.rule', { ballotId: third.ballotId ?? 0, ruling: 'as_recorded', scrutineerId: scrutineerId(d.s), reason: '意思清楚' });

    const third3 = ok(d.s, 'audit.view', { ballot: 3 });
    // recorded, sent to the scrutineers, ruled: newest first, each naming ballot 3 of round 1
    expect(third3.events.map((e) => e.label)).toEqual(['监票人对存疑票作出裁定并记录理由：按录入计、无法辨认、更正', '把一张选票交监票人裁定', '录入一张选票']);
    for (const e of third3.events) expect(e.ballots).toEqual([{ round: 1, seq: 3 }]);
    expect(third3.events[0]?.details).toEqual(['裁定：按录入计算', '监票人：监票人甲', '理由：意思清楚']);
    expect(third3.events[1]?.details).toEqual(['疑点：勾在两格之间']);
    expect(third3.events[0]?.who).toBe('计票站');

    const voids = ok(d.s, 'audit.view', { commands: ['count.voidBallot'] });
    expect(voids.events).toHaveLength(1);
    expect(voids.events[0]).toMatchObject({ label: '作废一条录错的选票记录', ballots: [{ round: 1, seq: 1 }], details: ['理由：重复录入'] });

    // nothing on screen is an internal word: no command names, field names or rule codes
    const all = ok(d.s, 'audit.view', { limit: 500 });
    for (const e of all.events) for (const line of [e.label, e.who, ...e.details]) expect(line, line).not.toMatch(NO_INTERNAL);
    // the filter offers every kind of operation in the log, in Chinese, with its count
    const kinds = new Map(all.kinds.map((k) => [k.command, k]));
    expect(kinds.get('count.recordBallot')).toMatchObject({ label: '录入一张选票', count: 3 });
    expect(all.kinds.reduce((n, k) => n + k.count, 0)).toBe(all.events.length);
  });

  it('time range and paging: since/until bound the events; more says when older ones remain', () => {
    const d = day();
    const all = ok(d.s, 'audit.view', { limit: 500 }).events;
    expect(all.length).toBeGreaterThan(10);
    const mid = all[5];
    const later = all[2];
    if (!mid || !later) throw new Error('fixture too small');
    const window = ok(d.s, 'audit.view', { since: mid.at, until: later.at }).events;
    expect(window.map((e) => e.seq)).toEqual([later.seq, all[3]?.seq, all[4]?.seq, mid.seq]);
    const page1 = ok(d.s, 'audit.view', { limit: 4 });
    expect(page1.more).toBe(true);
    const page2 = ok(d.s, 'audit.view', { limit: 4, beforeSeq: page1.events[3]?.seq ?? 0 });
    expect(page2.events[0]?.seq).toBe((page1.events[3]?.seq ?? 0) - 1);
  });

  it('refuses a malformed time or ballot number with the field named in Chinese', () => {
    const d = day();
    expect(refused(d.s, 'audit.view', { since: '昨天' }).message).toContain('开始时间');
    expect(refused(d.s, 'audit.view', { ballot: 0 }).message).toContain('选票号');
  });

  it('every command of the contract has a Chinese label without Latin letters (PDF and U 盘 are words a clerk uses)', () => {
    for (const name of [...Object.keys(contract), 'auth.attempt']) expect(commandLabel(name).replace(/PDF|U 盘/g, ''), name).not.toMatch(/[A-Za-z]/);
  });
});
