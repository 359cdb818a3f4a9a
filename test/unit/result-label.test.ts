import { describe, expect, it } from 'vitest';
import { notElectedLabel } from '../../shared/result-label.js';

describe('result labels for candidates not elected (issue 10)', () => {
  it('E2 E3 main round: 未过半数 at or below half of the base, 未当选 with a majority but fewer votes', () => {
    // base 100: 50 is not more than half; 51 is a majority that lost on seats
    expect(notElectedLabel('main', 50, 100)).toBe('未过半数');
    expect(notElectedLabel('main', 0, 100)).toBe('未过半数');
    expect(notElectedLabel('main', 51, 100)).toBe('未当选');
  });
  it('E3 run-off: no threshold, so never 未过半数', () => {
    expect(notElectedLabel('runoff', 10, 100)).toBe('未当选');
  });
  it('E4 另行选举: 未当选, saying so when under a third of the votes', () => {
    // base 99: 33 is exactly a third (not under), 32 is under
    expect(notElectedLabel('supplementary', 32, 99)).toBe('未当选（得票不足三分之一）');
    expect(notElectedLabel('supplementary', 33, 99)).toBe('未当选');
    expect(notElectedLabel('supplementary', 10, null)).toBe('未当选');
    // a Party branch keeps the majority: half of the base is not enough there
    expect(notElectedLabel('supplementary', 50, 100, true)).toBe('未过半数');
  });
});
