import type { ScenarioInput, TallyResult } from '../../../shared/rules/index.js';
import { tally } from '../../../shared/rules/index.js';

/** A small villagers' scenario: chair (1 seat: 张三 c1, 李四 c2), member (2 seats: 王芳 c3 F, 刘强 c4, 陈明 c5). */
export function villagers(over: Partial<ScenarioInput> = {}): ScenarioInput {
  return {
    kind: 'villagers_committee',
    positions: [
      { id: 'chair', name: '主任', seats: 1 },
      { id: 'member', name: '委员', seats: 2 },
    ],
    candidates: [
      { id: 'c1', name: '张三', position: 'chair', gender: 'M' },
      { id: 'c2', name: '李四', position: 'chair', gender: 'M' },
      { id: 'c3', name: '王芳', position: 'member', gender: 'F' },
      { id: 'c4', name: '刘强', position: 'member', gender: 'M' },
      { id: 'c5', name: '陈明', position: 'member', gender: 'M' },
    ],
    registered: 20,
    participants: 10,
    ballots: [],
    ...over,
  };
}

/** One-position party scenario: 5 members for 3 seats, 30 with a vote, 5 excluded. */
export function party(over: Partial<ScenarioInput> = {}): ScenarioInput {
  return {
    kind: 'party_branch',
    positions: [{ id: 'member', name: '委员', seats: 3 }],
    candidates: [
      { id: 'p1', name: '孙立', position: 'member' },
      { id: 'p2', name: '钱红', position: 'member', gender: 'F' },
      { id: 'p3', name: '何平', position: 'member' },
      { id: 'p4', name: '高远', position: 'member' },
    ],
    registered: 30,
    excluded: 5,
    participants: 20,
    ballots: [],
    ...over,
  };
}

export function mustTally(s: ScenarioInput): TallyResult {
  const r = tally(s);
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value;
}

export function pos(r: TallyResult, id: string): TallyResult['positions'][number] {
  const p = r.positions.find((x) => x.id === id);
  if (!p) throw new Error(`no position ${id}`);
  return p;
}
