/**
 * A ballot's marks are one row (ballot_mark_lists, issue 11): the ballot's id, its marks in entry
 * order as JSON, and the voters its write-ins were matched to. The audit event lists the two rows it
 * wrote, each hashed as stored; ballots recorded before migration 10 (one row per mark, in
 * test/fixtures/db/v7-counting: an election folder written by the release before, at commit 297cd8c,
 * through its commands, with the key folder of the station that wrote it) count the same and group
 * with new ballots of the same marks.
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { rowHash, verifyAudit } from '../../../electron/station/audit.js';
import { markListRow, writeInVoterIds } from '../../../electron/station/ballot-marks.js';
import { effectiveBallots } from '../../../electron/station/scenario-from-db.js';
import { openStation, type Station } from '../../../electron/station/index.js';
import { setStationKeyDir } from '../../../electron/station/export/keys.js';
import { cleanup, marksOf, ok, setupDay, vote, type Day } from './helpers.js';

const FIXTURE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/db/v7-counting');
const opened: Station[] = [];
const dirs: string[] = [];
afterEach(() => {
  setStationKeyDir(undefined);
  cleanup();
  for (const s of opened.splice(0)) s.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function counting(): Day {
  const d = setupDay({
    positions: [
      { key: 'chair', name: '主任', seats: 1 },
      { key: 'member', name: '委员', seats: 2 },
    ],
    people: [{ name: '张三' }, { name: '李四' }, { name: '王芳', gender: 'F' }, { name: '赵敏', gender: 'F' }, { name: '钱七' }, { name: '周八' }],
    candidates: [
      ['张三', 'chair'],
      ['李四', 'chair'],
      ['王芳', 'member'],
      ['赵敏', 'member'],
      ['钱七', 'member'],
    ],
    others: 20,
  });
  vote(d, 20, 20);
  return d;
}

type Effect = [string, number, string];

/** The effects of the newest audit event, with each listed row read back and hashed as stored. */
function lastEvent(s: Station): { command: string; effects: Effect[]; stored: string[] } {
  const ev = s.db.prepare('SELECT command, effects FROM audit ORDER BY seq DESC LIMIT 1').get() as { command: string; effects: string };
  const effects = JSON.parse(ev.effects) as Effect[];
  const stored = effects.map(([t, id]) => rowHash(s.db.prepare(`SELECT * FROM ${t} WHERE id = ?`).get(id) as Record<string, unknown>));
  return { command: ev.command, effects, stored };
}

describe('a ballot\'s marks in one row', () => {
  it('two rows per ballot, the list in entry order, every effect the stored row\'s hash, the chain verifies', () => {
    const d = counting();
    const zhou = d.voterId('周八');
    const r = ok(d.s, 'count.recordBallot', {
      marks: { ...marksOf(d, { chair: ['张三'] }), member: { for: [d.cand('member', '赵敏'), d.cand('member', '王芳')], writeIns: [{ name: '周八' }] } },
    });
    const ev = lastEvent(d.s);
    expect(ev.command).toBe('count.recordBallot');
    expect(ev.effects.map(([t, id]) => [t, id])).toEqual([
      ['ballots', r.ballotId],
      ['ballot_mark_lists', r.ballotId],
    ]);
    expect(ev.effects.map(([, , h]) => h)).toEqual(ev.stored);
    const row = d.s.db.prepare('SELECT * FROM ballot_mark_lists WHERE id = ?').get(r.ballotId) as { marks: string; write_in_voters: string | null };
    // as entered: 赵敏 before 王芳; the write-in matched to the one 周八 on the roll
    expect(JSON.parse(row.marks)).toEqual([
      ['chair', 'for', d.cand('chair', '张三'), null],
      ['member', 'for', d.cand('member', '赵敏'), null],
      ['member', 'for', d.cand('member', '王芳'), null],
      ['member', 'write_in', null, '周八'],
    ]);
    expect(JSON.parse(row.write_in_voters ?? 'null')).toEqual([null, null, null, zhou]);
    expect(writeInVoterIds(d.s.db, { pos: 'member', name: '周八' })).toEqual([zhou]);
    expect(writeInVoterIds(d.s.db, { pos: 'chair', name: '周八' })).toEqual([]);
    // a ballot without write-ins keeps no voter list; an empty ballot is an empty list
    const blank = ok(d.s, 'count.recordBallot', { marks: {} });
    expect(d.s.db.prepare('SELECT marks, write_in_voters FROM ballot_mark_lists WHERE id = ?').get(blank.ballotId)).toEqual({ marks: '[]', write_in_voters: null });
    expect(verifyAudit(d.s.db)).toMatchObject({ ok: true, problems: [] });
    // append-only like every domain table
    expect(() => d.s.db.prepare("UPDATE ballot_mark_lists SET marks = '[]'").run()).toThrow(/append-only/);
    expect(() => d.s.db.prepare('DELETE FROM ballot_mark_lists').run()).toThrow(/append-only/);
  });

  it('a list that is not a JSON array, or for no ballot, is refused by the table itself', () => {
    const d = counting();
    const r = ok(d.s, 'count.recordBallot', { marks: marksOf(d, { chair: ['李四'] }) });
    const ins = d.s.db.prepare('INSERT INTO ballot_mark_lists (id, marks) VALUES (?, ?)');
    expect(() => ins.run((r.ballotId ?? 0) + 1000, '[]')).toThrow(/FOREIGN KEY/);
    expect(() => ins.run(r.ballotId, '[]')).toThrow(/UNIQUE|PRIMARY KEY/);
    expect(() => ins.run(null, '{"chair":1}')).toThrow(/CHECK/);
  });

  it('the list text is the one SQLite builds from ballot_marks rows for the same marks', () => {
    const d = counting();
    const rows = [
      { pos_key: 'chair', mark: 'for' as const, candidate_id: 3, write_in_name: null, write_in_voter_id: null },
      { pos_key: 'member', mark: 'write_in' as const, candidate_id: null, write_in_name: '欧阳"小\\\\明"𠮷', write_in_voter_id: 7 },
      { pos_key: 'member', mark: 'against' as const, candidate_id: 5, write_in_name: null, write_in_voter_id: null },
    ];
    const sqlite = d.s.db
      .prepare('SELECT json_group_array(json_array(p, k, CAST(c AS INTEGER), w)) FROM (SELECT ? AS p, ? AS k, ? AS c, ? AS w UNION ALL SELECT ?, ?, ?, ? UNION ALL SELECT ?, ?, ?, ?)')
      .pluck()
      .get(...rows.flatMap((r) => [r.pos_key, r.mark, r.candidate_id, r.write_in_name]));
    expect(markListRow(1, rows).marks).toBe(sqlite);
  });
});

describe('ballots recorded before migration 10', () => {
  it('count as they did (hand count of the fixture), group with new ballots of the same marks, and keep their write-in matches', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'station-v7-'));
    dirs.push(dir);
    // the election folder and, beside it, the key folder of the station that wrote it (its events are sealed with that key)
    cpSync(FIXTURE, dir, { recursive: true });
    setStationKeyDir(path.join(dir, '.station-key'));
    const s = openStation(path.join(dir, 'election'), { backups: false, now: () => new Date('2026-06-20T11:00:00+08:00') });
    opened.push(s);
    expect(s.report.readOnly, s.report.summary).toBe(false);
    expect(s.report.audit.ok).toBe(true);
    expect(s.db.prepare('SELECT COUNT(*) FROM ballot_marks').pluck().get()).toBeGreaterThan(0);
    const votes = () => {
      const t = ok(s, 'count.tally', {});
      return Object.fromEntries(t.positions.map((p) => [p.id, p.votes]));
    };
    // By hand, from the fixture's script: 6 × 张三/王芳+赵敏, 3 × 李四/王芳+钱七, 2 × 另选周八/赵敏, a blank,
    // an unreadable, one voided (not counted), one corrected to 张三/钱七, one ruled unreadable, and
    // 另选刘备/王芳 ruled as recorded.
    expect(votes()).toEqual({ chair: { 张三: 7, 李四: 3, 周八: 2, 刘备: 1 }, member: { 王芳: 10, 赵敏: 8, 钱七: 4 } });
    const roundId = ok(s, 'election.get', {}).currentRound.id;
    const groupsBefore = effectiveBallots(s.db, roundId).groups.length;
    const zhou = s.db.prepare("SELECT id FROM voters WHERE name = '周八'").pluck().get() as number;
    expect(writeInVoterIds(s.db, { pos: 'chair', name: '周八', roundId })).toEqual([zhou]);

    // two more ballots, stored as lists, with the marks of two old groups
    const cands = ok(s, 'round.list', {}).rounds.find((r) => r.id === roundId)?.candidates ?? [];
    const c = (pos: string, name: string) => cands.find((x) => x.position === pos && x.name === name)?.id as number;
    ok(s, 'box.setCollected', { boxKey: 'main', collected: 18 });
    ok(s, 'count.recordBallot', { marks: { chair: { for: [c('chair', '张三')] }, member: { for: [c('member', '王芳'), c('member', '赵敏')] } } });
    ok(s, 'count.recordBallot', { marks: { chair: { for: [], writeIns: [{ name: '周八' }] }, member: { for: [c('member', '赵敏')] } } });
    expect(s.db.prepare('SELECT COUNT(*) FROM ballot_mark_lists').pluck().get()).toBe(2);
    expect(votes()).toEqual({ chair: { 张三: 8, 李四: 3, 周八: 3, 刘备: 1 }, member: { 王芳: 11, 赵敏: 10, 钱七: 4 } });
    // same marks, same text: no new groups
    expect(effectiveBallots(s.db, roundId).groups.length).toBe(groupsBefore);
    expect(writeInVoterIds(s.db, { pos: 'chair', name: '周八', roundId })).toEqual([zhou]);
    // the recent list reads both layouts
    const recent = ok(s, 'count.recent', { limit: 50 }).ballots;
    expect(recent.length).toBe(20);
    expect(verifyAudit(s.db).ok).toBe(true);
  });
});
