// The classic envs pass checkEnv: determinism under a seed, observations in the space, state round
// trip through JSON, and rejection of invalid actions.

import { describe, expect, it } from 'vitest';
import { cartPole, pendulum } from '../../lib/env/index.js';
import { checkEnv } from '../../lib/rl/index.js';

describe('checkEnv on classic envs', () => {
  it('Pendulum-v1 passes (300 steps cover a truncation at 200 and an unseeded reset)', () => {
    const report = checkEnv(() => pendulum(), { steps: 300 });
    expect(report.episodes).toBe(2);
    // the default 'clip' steps out-of-range torques as their clipped value (checked); NaN is still rejected
    expect(report.rejectedActions.map((r) => r.message)).toContain('action[0] is NaN');
    expect(report.rejectedActions.map((r) => r.description)).not.toContain('action[0] above high[0] = 2');
  });

  it("Pendulum-v1 with actionBounds 'error' passes and rejects out-of-range torques", () => {
    const report = checkEnv(() => pendulum({ actionBounds: 'error' }), { steps: 50 });
    expect(report.rejectedActions.map((r) => r.message)).toContain('action[0] = 4 is above high[0] = 2');
  });

  it('CartPole-v1 passes (random actions end many episodes)', () => {
    const report = checkEnv(() => cartPole(), { steps: 300, seed: 7 });
    expect(report.episodes).toBeGreaterThan(5);
    expect(report.rejectedActions.map((r) => r.message)).toContain('action = 0.5 is not an integer (Discrete(2) takes integers 0..1)');
  });

  it('CartPole-v1 with a short time limit and Sutton–Barto reward passes', () => {
    expect(() => checkEnv(() => cartPole({ maxEpisodeSteps: 7, suttonBartoReward: true }), { steps: 100 })).not.toThrow();
  });
});
