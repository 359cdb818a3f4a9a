/** E7 women on the committee, through station.call on a counted round. */
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, enterBallots, ok, setupDay, vote } from './helpers.js';

afterEach(cleanup);

const PEOPLE = [{ name: '张三' }, { name: '李四' }, { name: '王芳', gender: 'F' as const }, { name: '刘强' }, { name: '陈明' }, { name: '赵敏', gender: 'F' as const }];


describe('E7 women', () => {
  it('E7 at_least_one: no woman elected gives a warning and a 另行选举 plan for a woman member among the women candidates', () => {
    const d = setupDay({
      positions: [
        { key: 'chair', name: '主任', seats: 1 },
        { key: 'member', name: '委员', seats: 2 },
      ],
      people: PEOPLE,
      candidates: [['张三', 'chair'], ['李四', 'chair'], ['王芳', 'member'], ['刘强', 'member'], ['陈明', 'member']],
      others: 4,
    });
    vote(d, 8, 8);
    enterBallots(d, 6, { chair: ['张三'], member: ['刘强', '陈明'] });
    enterBallots(d, 2, { chair: ['李四'], member: ['王芳', '刘强'] });
    const r = ok(d.s, 'round.result', {});
    expect(r.tally.positions.map((p) => p.elected)).toEqual([['张三'], ['刘强', '陈明']]);
    expect(r.warnings.find((w) => w.code === 'E7_NO_WOMAN_ELECTED')?.rule).toBe('E7');
    expect(r.plan.women).toMatchObject({ position: 'member', seats: 1, candidates: ['王芳'] });
  });

  it('E7 at_least_one: a woman elected needs nothing more', () => {
    const d = setupDay({
      positions: [
        { key: 'chair', name: '主任', seats: 1 },
        { key: 'member', name: '委员', seats: 2 },
      ],
      people: PEOPLE,
      candidates: [['张三', 'chair'], ['李四', 'chair'], ['王芳', 'member'], ['刘强', 'member'], ['陈明', 'member']],
      others: 4,
    });
    vote(d, 8, 8);
    enterBallots(d, 8, { chair: ['张三'], member: ['王芳', '刘强'] });
    const r = ok(d.s, 'round.result', {});
    expect(r.warnings.map((w) => w.code)).not.toContain('E7_NO_WOMAN_ELECTED');
    expect(r.plan.women).toBeUndefined();
    expect(r.plan.next).toBe('none');
  });

  it('E7 reserved_seat (ZJ): a man standing for the 妇女委员 seat is flagged', () => {
    const d = setupDay({
      rules: { womenRule: 'reserved_seat' },
      positions: [
        { key: 'chair', name: '主任', seats: 1 },
        { key: 'women', name: '妇女委员', seats: 1 },
        { key: 'member', name: '委员', seats: 1 },
      ],
      people: PEOPLE,
      candidates: [['张三', 'chair'], ['李四', 'chair'], ['王芳', 'women'], ['陈明', 'women'], ['刘强', 'member'], ['赵敏', 'member']],
      others: 4,
    });
    vote(d, 8, 8);
    enterBallots(d, 8, { chair: ['张三'], women: ['王芳'], member: ['刘强'] });
    const r = ok(d.s, 'round.result', {});
    const male = r.warnings.find((w) => w.code === 'E7_RESERVED_SEAT_MALE');
    expect(male?.message).toContain('陈明');
    expect(r.warnings.map((w) => w.code)).not.toContain('E7_NO_RESERVED_SEAT');
  });
});

describe('E7 reserved seat flag', () => {
  it('E7 reserved_seat: a position flagged womenReserved counts as the reserved seat whatever its name', () => {
    const d = setupDay({
      rules: { womenRule: 'reserved_seat' },
      positions: [
        { key: 'chair', name: '主任', seats: 1 },
        { key: 'women', name: '女委员', seats: 1, womenReserved: true },
        { key: 'member', name: '委员', seats: 1 },
      ],
      people: PEOPLE,
      candidates: [['张三', 'chair'], ['李四', 'chair'], ['王芳', 'women'], ['陈明', 'women'], ['刘强', 'member'], ['赵敏', 'member']],
      others: 4,
    });
    vote(d, 8, 8);
    enterBallots(d, 8, { chair: ['张三'], women: ['王芳'], member: ['刘强'] });
    const codes = ok(d.s, 'round.result', {}).warnings.map((w) => w.code);
    expect(codes).not.toContain('E7_NO_RESERVED_SEAT');
    expect(codes).toContain('E7_RESERVED_SEAT_MALE');
  });
});
