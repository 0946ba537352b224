// CartPole-v1: one Euler step worked out by hand (g = 9.8, m_c = 1, m_p = 0.1, half-length
// l = 0.5, F = ±10, τ = 0.02), termination at |x| > 2.4 and |θ| > 12°, truncation at 500,
// reward 1 per step including the terminating one, seeding and state.

import { describe, expect, it } from 'vitest';
import { CARTPOLE_CONSTANTS, cartPole } from '../../lib/env/index.js';
import type { CartPoleConfig, CartPoleEnv } from '../../lib/env/index.js';

/** A running env placed at [x, ẋ, θ, θ̇] through setState. */
function at(physics: number[], config: Partial<CartPoleConfig> = {}, steps = 0): CartPoleEnv {
  const env = cartPole(config);
  env.reset({ seed: 0 });
  env.setState({ ...env.getState(), physics, steps });
  return env;
}

describe('CartPole-v1 dynamics', () => {
  it('one Euler step from rest with force +10 (action 1), in exact fractions', () => {
    const r = at([0, 0, 0, 0]).step(1);
    // m_p·l = 0.05, m_c + m_p = 1.1, sin 0 = 0, cos 0 = 1
    // temp = (10 + 0.05·0²·0)/1.1 = 100/11
    // θ̈ = (9.8·0 − 1·100/11) / (0.5·(4/3 − 0.1·1/1.1)) = −(100/11) / (0.5·41/33) = −(100/11)·(66/41) = −600/41
    // ẍ = temp − 0.05·θ̈·1/1.1 = 100/11 + (30/41)/1.1 = 100/11 + 300/451 = 4400/451
    // Euler: x' = 0 + 0.02·0 = 0, ẋ' = 0.02·4400/451 = 88/451, θ' = 0, θ̇' = 0.02·(−600/41) = −12/41
    expect(r.obs[0]).toBe(0);
    expect(r.obs[1]).toBeCloseTo(88 / 451, 15); // 0.1951219512195122
    expect(r.obs[2]).toBe(0);
    expect(r.obs[3]).toBeCloseTo(-12 / 41, 15); // −0.2926829268292683
    expect(r.reward).toBe(1);
    expect(r.terminated).toBe(false);
  });

  it('force −10 (action 0) mirrors it', () => {
    const r = at([0, 0, 0, 0]).step(0);
    expect(r.obs[1]).toBeCloseTo(-88 / 451, 15);
    expect(r.obs[3]).toBeCloseTo(12 / 41, 15);
  });

  it('one Euler step from [0.01, −0.02, 0.03, 0.04] with action 0, by hand', () => {
    const r = at([0.01, -0.02, 0.03, 0.04]).step(0);
    // cos 0.03 = 0.9995500337, sin 0.03 = 0.0299955002
    // temp = (−10 + 0.05·0.04²·0.0299955)/1.1 = (−10 + 2.39964e−6)/1.1 = −9.0909069094
    // θ̈ = (9.8·0.0299955 − 0.99955·(−9.0909069)) / (0.5·(4/3 − 0.1·0.99910/1.1))
    //    = (0.2939559 + 9.0868167) / (0.5·1.2425059) = 9.3807726 / 0.6212530 = 15.0997612
    // ẍ = −9.0909069 − 0.05·15.0997612·0.99955/1.1 = −9.0909069 − 0.6860439 = −9.7769509
    // Euler (old velocities for positions):
    //   x' = 0.01 + 0.02·(−0.02) = 0.0096          ẋ' = −0.02 + 0.02·(−9.7769509) = −0.2155390
    //   θ' = 0.03 + 0.02·0.04   = 0.0308          θ̇' = 0.04 + 0.02·15.0997612   = 0.3419952
    expect(r.obs[0]).toBeCloseTo(0.0096, 15);
    expect(r.obs[1]).toBeCloseTo(-0.2155390171, 9);
    expect(r.obs[2]).toBeCloseTo(0.0308, 15);
    expect(r.obs[3]).toBeCloseTo(0.3419952238, 9);
  });

  it('semi-implicit Euler updates velocities first', () => {
    const r = at([0.01, -0.02, 0.03, 0.04], { kinematicsIntegrator: 'semi-implicit-euler' }).step(0);
    // same accelerations; ẋ' = −0.2155390, x' = 0.01 + 0.02·(−0.2155390) = 0.0056892
    // θ̇' = 0.3419952, θ' = 0.03 + 0.02·0.3419952 = 0.0368399
    expect(r.obs[1]).toBeCloseTo(-0.2155390171, 9);
    expect(r.obs[0]).toBeCloseTo(0.0056892197, 9);
    expect(r.obs[3]).toBeCloseTo(0.3419952238, 9);
    expect(r.obs[2]).toBeCloseTo(0.0368399045, 9);
  });
});

describe('CartPole-v1 termination, truncation and reward', () => {
  it('terminates when x leaves [−2.4, 2.4], with reward 1 on the terminating step', () => {
    // x' = 2.39 + 0.02·1 = 2.41 > 2.4
    const right = at([2.39, 1, 0, 0]).step(1);
    expect(right.terminated).toBe(true);
    expect(right.reward).toBe(1);
    // x' = −2.39 + 0.02·(−1) = −2.41 < −2.4
    expect(at([-2.39, -1, 0, 0]).step(0).terminated).toBe(true);
    // x' = 2.38 + 0.02·1 = 2.40, not > 2.4
    expect(at([2.38, 1, 0, 0]).step(1).terminated).toBe(false);
  });

  it('terminates when |θ| > 12° = 0.20943951 rad', () => {
    expect(CARTPOLE_CONSTANTS.thetaThresholdRadians).toBeCloseTo((12 * Math.PI) / 180, 15);
    // θ' = 0.2 + 0.02·0.5 = 0.21 > 0.2094
    expect(at([0, 0, 0.2, 0.5]).step(1).terminated).toBe(true);
    // θ' = 0.2 + 0.02·0.4 = 0.208 < 0.2094
    expect(at([0, 0, 0.2, 0.4]).step(1).terminated).toBe(false);
    // θ' = −0.2 − 0.01 = −0.21
    expect(at([0, 0, -0.2, -0.5]).step(0).terminated).toBe(true);
  });

  it('stepping after termination throws; reset starts over', () => {
    const env = at([2.39, 1, 0, 0]);
    env.step(1);
    expect(() => env.step(1)).toThrow('the episode ended');
    const { obs } = env.reset();
    expect(obs.every((v) => Math.abs(v) <= 0.05)).toBe(true);
  });

  it('Sutton–Barto reward: 0 per step, −1 on the terminating step', () => {
    expect(at([0, 0, 0, 0], { suttonBartoReward: true }).step(1).reward).toBe(0);
    expect(at([2.39, 1, 0, 0], { suttonBartoReward: true }).step(1).reward).toBe(-1);
  });

  it('truncates at step 500 under a balancing controller, with reward 1 per step', () => {
    const env = cartPole();
    let { obs } = env.reset({ seed: 0 });
    let total = 0;
    for (let k = 1; k <= 500; k++) {
      // a linear controller that keeps the pole up for 500 steps from this seed
      const a = (obs[2] as number) + 0.5 * (obs[3] as number) + 0.01 * (obs[0] as number) + 0.1 * (obs[1] as number) > 0 ? 1 : 0;
      const r = env.step(a);
      obs = r.obs;
      total += r.reward;
      expect(r.terminated).toBe(false);
      expect(r.truncated).toBe(k === 500);
    }
    expect(total).toBe(500);
  });

  it('truncation and termination can coincide', () => {
    const r = at([2.39, 1, 0, 0], {}, 499).step(1);
    expect(r.terminated).toBe(true);
    expect(r.truncated).toBe(true);
  });

  it('rejects invalid actions without changing the state', () => {
    const env = at([0, 0, 0, 0]);
    const before = JSON.stringify(env.getState());
    expect(() => env.step(0.5)).toThrow('action = 0.5 is not an integer (Discrete(2) takes integers 0..1)');
    expect(() => env.step(2)).toThrow('action = 2 is above the largest value 1 of Discrete(2)');
    expect(() => env.step(-1)).toThrow('action = -1 is below the smallest value 0');
    expect(() => env.step(NaN)).toThrow('action is NaN');
    expect(JSON.stringify(env.getState())).toBe(before);
  });
});

describe('CartPole-v1 reset and state', () => {
  it('starts uniformly in ±0.05 for every variable; same seed ⇒ same start', () => {
    const env = cartPole();
    const lo = [Infinity, Infinity, Infinity, Infinity];
    const hi = [-Infinity, -Infinity, -Infinity, -Infinity];
    for (let seed = 0; seed < 300; seed++) {
      const { obs } = env.reset({ seed });
      obs.forEach((v, i) => {
        lo[i] = Math.min(lo[i] as number, v);
        hi[i] = Math.max(hi[i] as number, v);
      });
    }
    for (let i = 0; i < 4; i++) {
      expect(lo[i]).toBeGreaterThanOrEqual(-0.05);
      expect(hi[i]).toBeLessThanOrEqual(0.05);
      expect(lo[i]).toBeLessThan(-0.045);
      expect(hi[i]).toBeGreaterThan(0.045);
    }
    expect(Array.from(cartPole().reset({ seed: 9 }).obs)).toEqual(Array.from(cartPole().reset({ seed: 9 }).obs));
  });

  it('reset options low/high, validated', () => {
    const env = cartPole();
    const { obs } = env.reset({ seed: 1, options: { low: 0.1, high: 0.1 } });
    expect(Array.from(obs)).toEqual([0.1, 0.1, 0.1, 0.1]);
    expect(() => env.reset({ options: { low: 0.1, high: 0 } })).toThrow('options.high must be >= options.low (0.1), got 0');
    expect(() => env.reset({ options: { high: 1 } })).toThrow('options.high must be a finite number in [-0.2, 0.2], got 1');
  });

  it('observation space bounds are Gymnasium’s: 2×2.4 m, float32 max, 2×12°', () => {
    const env = cartPole();
    expect(Array.from(env.observationSpace.high)).toEqual([4.8, 3.4028234663852886e38, (24 * Math.PI) / 180, 3.4028234663852886e38]);
    expect(env.actionSpace.n).toBe(2);
  });

  it('validates config and state', () => {
    expect(() => cartPole({ kinematicsIntegrator: 'rk4' as never })).toThrow('CartPole-v1: kinematicsIntegrator must be "euler" or "semi-implicit-euler", got "rk4"');
    expect(() => cartPole({ maxSteps: 3 } as never)).toThrow('unknown config field "maxSteps"');
    const env = cartPole();
    env.reset({ seed: 1 });
    expect(() => env.setState({ ...env.getState(), physics: [0, 0, NaN, 0] })).toThrow('physics[2] must be a finite number, got NaN');
    expect(() => env.setState({ ...env.getState(), steps: 501 })).toThrow('steps must be an integer in [0, 500], got 501');
  });
});
