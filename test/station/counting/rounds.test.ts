/** Results and rounds through station.call: E1–E4, P4, P8, P9, and a villagers' committee day with a run-off. */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { tally, type ScenarioInput } from '../../../shared/rules/index.js';
import { scenarioForRound } from '../../../electron/station/scenario-from-db.js';
import { cleanup, enterBallots, issueTo, marksOf, ok, refused, setupDay, vote } from './helpers.js';

afterEach(cleanup);

const POSITIONS = [
  { key: 'chair', name: '主任', seats: 1 },
  { key: 'member', name: '委员', seats: 2 },
];
const PEOPLE = [{ name: '张三' }, { name: '李四' }, { name: '王芳', gender: 'F' as const }, { name: '赵敏', gender: 'F' as const }, { name: '钱七' }, { name: '周八' }];


describe('villagers: E1, E2, E4', () => {
  it('E1 a round where half or fewer of the registered voted is invalid; no run-off or 另行选举 after it', () => {
    const d = setupDay({ positions: POSITIONS, people: PEOPLE, candidates: [['张三', 'chair'], ['李四', 'chair'], ['王芳', 'member'], ['赵敏', 'member'], ['钱七', 'member']], others: 14 });
    vote(d, 10, 10); // registered 20, participants 10: 2*10 > 20 fails
    enterBallots(d, 10, { chair: ['张三'], member: ['王芳', '赵敏'] });
    const r = ok(d.s, 'round.result', {});
    expect(r.tally.valid).toBe(false);
    expect(r.tally.reasons).toEqual(['TURNOUT_NOT_MAJORITY']);
    expect(r.warnings[0]).toMatchObject({ rule: 'E1' });
    expect(r.plan.next).toBe('repeat');
    expect(r.tally.positions.every((p) => p.elected.length === 0 && p.unfilled === p.seats)).toBe(true);
    ok(d.s, 'round.confirm', {});
    expect(refused(d.s, 'round.create', { kind: 'supplementary' }).code).toBe('ROUND_INVALID');
  });

  it('E2 exactly half of the participants is not elected; E4 另行选举 among the highest non-elected, winners need a third of ballots cast', () => {
    const d = setupDay({
      positions: POSITIONS,
      people: PEOPLE,
      candidates: [['张三', 'chair'], ['李四', 'chair'], ['王芳', 'member'], ['赵敏', 'member'], ['钱七', 'member'], ['周八', 'member']],
      others: 10,
    });
    vote(d, 16, 16);
    enterBallots(d, 8, { chair: ['张三'], member: ['王芳', '赵敏'] });
    enterBallots(d, 5, { chair: ['张三'], member: ['王芳', '钱七'] });
    enterBallots(d, 2, { chair: ['张三'], member: ['王芳', '周八'] });
    enterBallots(d, 1, { member: ['钱七'] });
    const main = ok(d.s, 'round.result', {});
    const member = main.tally.positions[1];
    expect(member?.votes).toEqual({ 王芳: 15, 赵敏: 8, 钱七: 6, 周八: 2 });
    expect(member?.elected).toEqual(['王芳']); // 赵敏 8 of 16 is exactly half: not elected (E2)
    expect(member?.unfilled).toBe(1);
    expect(main.plan.next).toBe('supplementary');
    expect(main.plan.positions[0]).toMatchObject({ position: 'member', seats: 1, candidates: ['赵敏', '钱七'] });
    expect(refused(d.s, 'round.create', { kind: 'supplementary' }).code).toBe('ROUND_NOT_CONFIRMED');
    ok(d.s, 'round.confirm', {});
    expect(refused(d.s, 'round.create', { kind: 'runoff' }).code).toBe('NO_TIE');

    // the committee's own list must satisfy E4
    expect(refused(d.s, 'round.create', { kind: 'supplementary', candidateIds: [d.cand('member', '赵敏')] }).code).toBe('E4_TOO_FEW_CANDIDATES');
    expect(refused(d.s, 'round.create', { kind: 'supplementary', candidateIds: [d.cand('member', '钱七'), d.cand('member', '周八')] }).code).toBe('E4_NOT_HIGHEST');
    expect(refused(d.s, 'round.create', { kind: 'supplementary', candidateIds: [d.cand('member', '王芳'), d.cand('member', '赵敏')] }).code).toBe('E4_NOT_ELIGIBLE');

    const sup = ok(d.s, 'round.create', { kind: 'supplementary', candidateIds: [d.cand('member', '赵敏'), d.cand('member', '钱七'), d.cand('member', '周八')] });
    expect(sup).toMatchObject({ number: 2, kind: 'supplementary', phase: 'voting', positions: [{ key: 'member', seats: 1 }] });
    expect(sup.candidates.map((c) => c.name).sort()).toEqual(['周八', '赵敏', '钱七'].sort());

    vote(d, 15, 15);
    enterBallots(d, 5, { member: ['赵敏'] });
    enterBallots(d, 4, { member: ['钱七'] });
    enterBallots(d, 6, {});
    const t = ok(d.s, 'count.tally', {});
    expect(t.base).toBe(15); // E4: ballots cast
    expect(t.positions[0]?.elected).toEqual(['赵敏']); // 3*5 >= 15
    ok(d.s, 'round.confirm', {});
    const list = ok(d.s, 'round.list', {}).rounds;
    expect(list.map((r) => [r.number, r.kind, r.phase])).toEqual([
      [1, 'main', 'confirmed'],
      [2, 'supplementary', 'confirmed'],
    ]);
    expect(list[1]?.result?.positions[0]?.elected).toEqual(['赵敏']);
    expect(refused(d.s, 'round.create', { kind: 'supplementary' }).code).toBe('NOTHING_UNFILLED');
  });

  it('E4 a supplementary winner short of a third of ballots cast is not elected', () => {
    const d = setupDay({ positions: [{ key: 'member', name: '委员', seats: 1 }], people: PEOPLE, candidates: [['王芳', 'member'], ['赵敏', 'member'], ['钱七', 'member']], others: 10 });
    vote(d, 12, 12);
    enterBallots(d, 5, { member: ['王芳'] });
    enterBallots(d, 4, { member: ['赵敏'] });
    enterBallots(d, 3, { member: ['钱七'] });
    ok(d.s, 'round.confirm', {});
    ok(d.s, 'round.create', { kind: 'supplementary' });
    vote(d, 12, 12);
    enterBallots(d, 3, { member: ['王芳'] });
    enterBallots(d, 2, { member: ['赵敏'] });
    enterBallots(d, 7, {});
    const t = ok(d.s, 'count.tally', {});
    expect(t.positions[0]).toMatchObject({ elected: [], unfilled: 1 }); // 3*3 < 12
    const r = ok(d.s, 'round.result', {});
    expect(r.plan.next).toBe('supplementary');
  });
});

describe('party branch: P4, P8, P9', () => {
  const partyDay = (rules?: Record<string, unknown>) => {
    const d = setupDay({
      kind: 'party_branch',
      positions: [{ key: 'member', name: '委员', seats: 3 }],
      people: [{ name: '甲一' }, { name: '乙二' }, { name: '丙三' }, { name: '丁四' }, { name: '戊五', party: 'probationary' }],
      candidates: [['甲一', 'member'], ['乙二', 'member'], ['丙三', 'member'], ['丁四', 'member']],
      others: 6,
      ...(rules ? { rules } : {}),
    });
    // one approved exclusion (P3): base = 10 members with a vote - 1 = 9
    ok(d.s, 'party.exclude', { voterId: d.others[5] ?? 0, reason: '正在服刑', higherOrgRef: '镇党委〔2026〕1号', assemblyRef: '党员大会表决' });
    return d;
  };

  it('P4 below four fifths of the base the vote does not stand; a probationary member is not counted present', () => {
    const d = partyDay();
    ok(d.s, 'election.setPhase', { phase: 'voting', confirm: ['VOTING_BEFORE_DATE'] });
    // 4 named full + probationary + 3 others: 7 present with a vote; 5*7 < 4*9
    issueTo(d.s, [...[...d.voters.values()].flat(), ...d.others.slice(0, 3)]);
    ok(d.s, 'election.setPhase', { phase: 'counting', confirm: ['E1_TURNOUT_NOT_MET', 'P4_QUORUM_NOT_MET'] });
    const scenario = scenarioForRound(d.s.db);
    expect(scenario).toMatchObject({ registered: 10, excluded: 1, participants: 7, issued: 7 }); // ballot.issue refuses the probationary member (P1)
    ok(d.s, 'box.setCollected', { boxKey: 'main', collected: 7 });
    enterBallots(d, 7, { member: ['甲一', '乙二', '丙三'] });
    const t = ok(d.s, 'count.tally', {});
    expect(t.reasons).toContain('QUORUM_NOT_MET');
    expect(ok(d.s, 'round.result', {}).warnings.some((w) => w.rule === 'P4')).toBe(true);
  });

  it('P8 majority of those present; P9 另行选举 for the remaining seat with the same majority rule', () => {
    const d = partyDay();
    vote(d, 9, 8); // 4 named + 4 others present with a vote; the probationary member is refused a ballot (P1)
    expect(scenarioForRound(d.s.db).participants).toBe(8);
    enterBallots(d, 4, { member: ['甲一', '乙二'] });
    enterBallots(d, 2, { member: ['甲一', '乙二', '丙三'] });
    enterBallots(d, 2, { member: ['甲一', '丙三', '丁四'] });
    const r = ok(d.s, 'round.result', {});
    expect(r.tally.base).toBe(8);
    expect(r.tally.positions[0]).toMatchObject({ votes: { 甲一: 8, 乙二: 6, 丙三: 4, 丁四: 2 }, elected: ['甲一', '乙二'], unfilled: 1 }); // 2*4 > 8 fails
    expect(r.plan.positions[0]?.candidates).toEqual(['丙三', '丁四']);
    ok(d.s, 'round.confirm', {});
    const sup = ok(d.s, 'round.create', { kind: 'supplementary' });
    expect(sup.positions).toEqual([{ key: 'member', name: '委员', seats: 1 }]);
    vote(d, 10, 9); // 4 named + 5 others with a vote present; the probationary member has none
    enterBallots(d, 5, { member: ['丙三'] });
    enterBallots(d, 3, { member: ['丁四'] });
    enterBallots(d, 1, { member: ['丙三', '丁四'] }); // over-vote: void as a whole in the party profile (P7, V1)
    const t = ok(d.s, 'count.tally', {});
    expect(t.base).toBe(9); // P9: as the main round, members present (2*5 > 9)
    expect(t.ballots.invalid).toBe(1);
    expect(t.positions[0]?.elected).toEqual(['丙三']);
  });

  it('P8 with partyPassBase expected compares with the base 应到会', () => {
    const d = partyDay({ partyPassBase: 'expected' });
    vote(d, 9, 8);
    enterBallots(d, 8, { member: ['甲一'] });
    expect(ok(d.s, 'count.tally', {}).base).toBe(9);
  });
});

describe("a villagers' committee day with a run-off (E3)", () => {
  const root = path.join(import.meta.dirname, '..', '..', '..');
  const tsx = path.join(root, 'node_modules', '.bin', 'tsx');

  it('counts, confirms, runs off the tie, and every tally equals the engine and the CLI on the same ballots', async () => {
    const d = setupDay({
      positions: POSITIONS,
      people: PEOPLE,
      candidates: [['张三', 'chair'], ['李四', 'chair'], ['王芳', 'member'], ['赵敏', 'member'], ['钱七', 'member']],
      others: 14,
    });
    vote(d, 17, 17);
    ok(d.s, 'round.setPrinted', { printed: 25, spoiled: 1 });
    enterBallots(d, 6, { chair: ['张三'], member: ['王芳', '赵敏'] });
    enterBallots(d, 4, { chair: ['张三'], member: ['王芳', '钱七'] });
    enterBallots(d, 4, { chair: ['李四'], member: ['赵敏', '钱七'] });
    enterBallots(d, 2, { chair: ['李四'], member: ['王芳', '钱七'] });
    // a mistyped ballot corrected, and one over-vote on the chair
    const wrong = ok(d.s, 'count.recordBallot', { marks: marksOf(d, { chair: ['李四'] }) });
    ok(d.s, 'count.correctBallot', { ballotId: wrong.ballotId ?? 0, reason: '唱票员更正', marks: marksOf(d, { chair: ['张三', '李四'], member: ['赵敏', '钱七'] }) });
    const summary = ok(d.s, 'count.summary', {});
    expect(summary).toMatchObject({ collectedTotal: 17, ballotsCounted: 17, unused: 7, warnings: [] });

    const main = ok(d.s, 'round.result', {});
    expect(main.tally.positions[0]).toMatchObject({ votes: { 张三: 10, 李四: 6 }, elected: ['张三'], invalid: 1 });
    expect(main.tally.positions[1]).toMatchObject({ votes: { 王芳: 12, 赵敏: 11, 钱七: 11 }, elected: ['王芳'], unfilled: 0 });
    expect([...(main.tally.positions[1]?.tied ?? [])].sort()).toEqual(['赵敏', '钱七'].sort());
    expect(main.plan.next).toBe('runoff');
    expect(main.plan.positions).toEqual([{ position: 'member', name: '委员', seats: 1, candidates: main.tally.positions[1]?.tied }]);

    const mainScenario: ScenarioInput = {
      kind: 'villagers_committee',
      positions: [
        { id: 'chair', name: '主任', seats: 1 },
        { id: 'member', name: '委员', seats: 2 },
      ],
      candidates: [
        { id: 'ls', name: '李四', position: 'chair' },
        { id: 'zs', name: '张三', position: 'chair' },
        { id: 'wf', name: '王芳', position: 'member', gender: 'F' },
        { id: 'zm', name: '赵敏', position: 'member', gender: 'F' },
        { id: 'qq', name: '钱七', position: 'member' },
      ],
      registered: 20,
      participants: 17,
      ballots: [
        { count: 6, votes: { chair: ['zs'], member: ['wf', 'zm'] } },
        { count: 4, votes: { chair: ['zs'], member: ['wf', 'qq'] } },
        { count: 4, votes: { chair: ['ls'], member: ['zm', 'qq'] } },
        { count: 2, votes: { chair: ['ls'], member: ['wf', 'qq'] } },
        { count: 1, votes: { chair: ['zs', 'ls'], member: ['zm', 'qq'] } },
      ],
    };
    const engineMain = tally(mainScenario);
    expect(engineMain.ok && engineMain.value).toEqual(ok(d.s, 'count.tally', {}));
    const confirmed = ok(d.s, 'round.confirm', {});
    expect(confirmed.result).toEqual(main.tally);

    const runoff = ok(d.s, 'round.create', { kind: 'runoff' });
    expect(runoff).toMatchObject({ number: 2, kind: 'runoff', phase: 'voting', positions: [{ key: 'member', seats: 1 }] });
    expect(runoff.candidates.map((c) => c.name).sort()).toEqual(['赵敏', '钱七'].sort());
    // the run-off ballot lists only its candidates
    vote(d, 15, 15);
    expect(refused(d.s, 'count.recordBallot', { marks: { chair: { for: [] } } }).code).toBe('VALIDATION');
    enterBallots(d, 8, { member: ['赵敏'] });
    enterBallots(d, 6, { member: ['钱七'] });
    ok(d.s, 'count.recordBallot', { marks: {} });
    const final = ok(d.s, 'count.tally', {});
    expect(final).toMatchObject({ valid: true, base: null, ballots: { cast: 15, valid: 15, invalid: 0, blank: 1 } });
    expect(final.positions).toEqual([{ id: 'member', seats: 1, invalid: 0, votes: { 赵敏: 8, 钱七: 6 }, elected: ['赵敏'], tied: [], unfilled: 0, yielded: [] }]);

    const runoffScenario: ScenarioInput = {
      kind: 'villagers_committee',
      round: 'runoff',
      positions: [{ id: 'member', name: '委员', seats: 1 }],
      candidates: [
        { id: 'zm', name: '赵敏', position: 'member', gender: 'F' },
        { id: 'qq', name: '钱七', position: 'member' },
      ],
      registered: 20,
      participants: 15,
      ballots: [{ count: 8, votes: { member: ['zm'] } }, { count: 6, votes: { member: ['qq'] } }, { count: 1 }],
    };
    const engineFinal = tally(runoffScenario);
    expect(engineFinal.ok && engineFinal.value).toEqual(final);

    // the CLI on the same ballots, and on the scenario the station itself builds
    const dir = mkdtempSync(path.join(os.tmpdir(), 'count-cli-'));
    try {
      const run = promisify(execFile);
      for (const [name, sc] of [
        ['hand.json', runoffScenario],
        ['station.json', scenarioForRound(d.s.db)],
      ] as const) {
        const file = path.join(dir, name);
        writeFileSync(file, JSON.stringify(sc));
        const { stdout } = await run(tsx, ['electron/cli.ts', 'tally', file], { cwd: root });
        expect(JSON.parse(stdout)).toEqual(final);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }

    ok(d.s, 'round.confirm', {});
    const rounds = ok(d.s, 'round.list', {}).rounds;
    expect(rounds.map((r) => [r.kind, r.phase, r.result?.positions.flatMap((p) => p.elected)])).toEqual([
      ['main', 'confirmed', ['张三', '王芳']],
      ['runoff', 'confirmed', ['赵敏']],
    ]);
    expect(ok(d.s, 'round.result', {}).plan.next).toBe('none');
  }, 60_000);
});
