/**
 * The round's grouped ballots are cached and extended ballot by ballot (scenario-from-db.ts); the
 * classifications behind count.tally and count.live are kept per group (count.ts). After every kind
 * of write — a ballot, a doubtful ballot, a void, a correction, a ruling, a checkpoint — the cached
 * groups must equal the ballots read afresh, and count.tally must equal the engine's tally of the
 * round's scenario.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { tally, type ScenarioBallot } from '../../../shared/rules/index.js';
import { effectiveBallots, groupBallots, scenarioForRound, storedBallots } from '../../../electron/station/scenario-from-db.js';
import { cleanup, marksOf, ok, scrutineerId, setupDay, vote, type Day } from './helpers.js';

afterEach(cleanup);

function fresh(d: Day): ScenarioBallot[] {
  const roundId = ok(d.s, 'election.get', {}).currentRound.id;
  return groupBallots(storedBallots(d.s.db, roundId).filter((b) => !b.voided).map((b) => b.effective));
}

function expectConsistent(d: Day): void {
  const roundId = ok(d.s, 'election.get', {}).currentRound.id;
  const cached = effectiveBallots(d.s.db, roundId);
  expect(cached.groups).toEqual(fresh(d));
  const engine = tally(scenarioForRound(d.s.db));
  expect(engine.ok).toBe(true);
  expect(ok(d.s, 'count.tally', {})).toEqual(engine.ok ? engine.value : null);
  const live = ok(d.s, 'count.live', {});
  expect(live.ballotsCounted).toBe(cached.counted);
  expect(live.valid + live.invalid).toBe(cached.counted);
}

describe('cached ballot groups', () => {
  it('match the stored ballots after ballots, doubts, voids, corrections and rulings', () => {
    const d = setupDay({
      positions: [
        { key: 'chair', name: '主任', seats: 1 },
        { key: 'member', name: '委员', seats: 2 },
      ],
      people: ['张三', '李四', '王芳', '赵敏', '钱七'].map((name) => ({ name })),
      candidates: [['张三', 'chair'], ['李四', 'chair'], ['王芳', 'member'], ['赵敏', 'member'], ['钱七', 'member']],
      others: 40,
    });
    vote(d, 40, 40);
    const rec = (votes: Parameters<typeof marksOf>[1], extra: Record<string, unknown> = {}) =>
      ok(d.s, 'count.recordBallot', { marks: marksOf(d, votes), ...extra } as never) as { ballotId: number; doubtful: { doubtId: number | null } | null };
    expectConsistent(d);
    const a = rec({ chair: ['张三'], member: ['王芳', '赵敏'] });
    expectConsistent(d);
    rec({ chair: ['张三'], member: ['王芳', '赵敏'] });
    rec({ chair: ['李四'], member: ['王芳', '赵敏', '钱七'] }); // over-vote on member
    expectConsistent(d);
    const doubtful = rec({ chair: ['李四'], member: [{ w: '无此人' }] }); // V5: goes to the scrutineers
    expect(doubtful.doubtful).not.toBeNull();
    expectConsistent(d);
    ok(d.s, 'count.checkpoint', { uptoSeq: 2, status: 'confirmed' });
    expectConsistent(d);
    const b = rec({ chair: ['张三'], member: ['钱七'] });
    ok(d.s, 'count.voidBallot', { ballotId: b.ballotId, reason: '重复录入' });
    expectConsistent(d);
    ok(d.s, 'count.correctBallot', { ballotId: a.ballotId, reason: '录错', marks: marksOf(d, { chair: ['李四'], member: ['钱七'] }) });
    expectConsistent(d);
    const c = rec({ chair: ['张三'], member: ['王芳'] });
    ok(d.s, 'count.markDoubtful', { ballotId: c.ballotId, note: '字迹不清' });
    expectConsistent(d);
    ok(d.s, 'count.rule', { ballotId: c.ballotId, ruling: 'unreadable', scrutineerId: scrutineerId(d.s), reason: '无法辨认' });
    expectConsistent(d);
    rec({ chair: ['张三'], member: ['王芳'] });
    rec({}, { unreadable: true });
    expectConsistent(d);
  });
});
