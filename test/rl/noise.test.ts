// Noise, schedules and discrete action selection: exact values where the arithmetic is simple,
// statistics (with their standard errors in comments) where it is not.

import { describe, expect, it } from 'vitest';
import { fromSeed, integer, normal } from '../../lib/random/index.js';
import {
  Box,
  bestAction,
  clippedGaussianNoise,
  constantSchedule,
  epsilonGreedy,
  exponentialSchedule,
  linearSchedule,
  ornsteinUhlenbeckNoise,
  scheduleFromJSON,
} from '../../lib/rl/index.js';

function meanVar(xs: readonly number[]): [number, number] {
  const m = xs.reduce((a, b) => a + b, 0) / xs.length;
  return [m, xs.reduce((a, b) => a + (b - m) * (b - m), 0) / xs.length];
}

describe('ClippedGaussianNoise', () => {
  const pendulumAction = new Box({ low: [-2], high: [2] }); // scale s = (2 − (−2))/2 = 2

  it('adds σ·s·z, drawn as normal(rng, 0, σ·s), then clips to the bounds', () => {
    const noise = clippedGaussianNoise(pendulumAction, { std: 0.1 });
    const rng = fromSeed(1);
    const mirror = fromSeed(1);
    const out = noise.apply(Float64Array.of(0.5), rng);
    // σ·s = 0.1·2 = 0.2
    expect(out[0]).toBe(Math.min(2, Math.max(-2, 0.5 + normal(mirror, 0, 0.2))));
  });

  it('has std σ·s before clipping (σ = 0.1, s = 2 ⇒ 0.2)', () => {
    const noise = clippedGaussianNoise(pendulumAction, { std: 0.1 });
    const rng = fromSeed(2);
    const xs = Array.from({ length: 20000 }, () => noise.apply(Float64Array.of(0), rng)[0] as number);
    const [m, v] = meanVar(xs);
    // standard error of the mean 0.2/√20000 ≈ 0.0014; of the std ≈ 0.2/√40000 = 0.001
    expect(Math.abs(m)).toBeLessThan(0.007);
    expect(Math.abs(Math.sqrt(v) - 0.2)).toBeLessThan(0.005);
  });

  it('clips the noisy action to [low, high] and the noise to ±c·s', () => {
    const wide = clippedGaussianNoise(pendulumAction, { std: 10 });
    const rng = fromSeed(3);
    let atBound = 0;
    for (let k = 0; k < 1000; k++) {
      const a = wide.apply(Float64Array.of(1.9), rng)[0] as number;
      expect(a).toBeGreaterThanOrEqual(-2);
      expect(a).toBeLessThanOrEqual(2);
      if (a === 2 || a === -2) atBound++;
    }
    expect(atBound).toBeGreaterThan(800); // σ·s = 20: almost every draw leaves [−2, 2]
    // TD3 target smoothing: σ = 0.2, c = 0.5 ⇒ noise within ±0.5·2 = ±1 around the action
    const smooth = clippedGaussianNoise(new Box({ low: [-2], high: [2] }), { std: 5, noiseClip: 0.5 });
    const eps = Array.from({ length: 500 }, () => (smooth.apply(Float64Array.of(0), rng)[0] as number));
    expect(Math.max(...eps)).toBe(1);
    expect(Math.min(...eps)).toBe(-1);
  });

  it('writes in place when out === action, and validates', () => {
    const noise = clippedGaussianNoise(new Box({ low: [0, -1], high: [1, 1] }), { std: 0 });
    const a = Float64Array.of(0.3, 2); // 2 gets clipped to high[1] = 1 even with zero noise
    expect(noise.apply(a, fromSeed(4), a)).toBe(a);
    expect(Array.from(a)).toEqual([0.3, 1]);
    expect(() => clippedGaussianNoise(pendulumAction, { std: -1 })).toThrow('ClippedGaussianNoise: std must be a finite number >= 0 (units of the action scale), got -1');
    expect(() => clippedGaussianNoise(new Box({ low: [-Infinity], high: [1] }), { std: 1 })).toThrow('low[0] must be a finite number');
    expect(() => noise.apply(Float64Array.of(0), fromSeed(1))).toThrow('action must be a Float64Array of length 2');
  });
});

describe('OrnsteinUhlenbeckNoise', () => {
  const unit = { low: [-1], high: [1] }; // scale 1

  it('reverts to μ exactly geometrically when σ = 0: x_k − μ = (x0 − μ)(1 − θ·dt)^k', () => {
    const ou = ornsteinUhlenbeckNoise(unit, { theta: 0.15, sigma: 0, dt: 0.01, mu: 0.5, x0: 1.5 });
    const rng = fromSeed(5);
    // one step: 1.5 + 0.15·(0.5 − 1.5)·0.01 = 1.5 − 0.0015 = 1.4985
    expect(ou.sample(rng)[0]).toBeCloseTo(1.4985, 15);
    for (let k = 2; k <= 1000; k++) ou.sample(rng);
    // after 1000 steps: 0.5 + 1·0.9985^1000 = 0.5 + 0.22275... (= e^{1000·ln 0.9985})
    expect(ou.value[0]).toBeCloseTo(0.5 + Math.pow(0.9985, 1000), 12);
    ou.reset();
    expect(ou.value[0]).toBe(1.5);
  });

  it('has the AR(1) stationary mean μ, variance σ²dt/(1 − a²) and lag-1 correlation a = 1 − θdt', () => {
    // θ = 1, dt = 0.1 ⇒ a = 0.9; σ = 1 ⇒ variance 0.1/(1 − 0.81) = 0.5263
    const ou = ornsteinUhlenbeckNoise(unit, { theta: 1, sigma: 1, dt: 0.1, mu: 0.5 });
    const rng = fromSeed(6);
    for (let k = 0; k < 500; k++) ou.sample(rng); // burn-in
    const xs = Array.from({ length: 100000 }, () => ou.sample(rng)[0] as number);
    const [m, v] = meanVar(xs);
    // s.e. of the mean with correlation: √(v·(1 + a)/(1 − a)/N) = √(0.526·19/1e5) ≈ 0.010
    expect(Math.abs(m - 0.5)).toBeLessThan(0.05);
    expect(Math.abs(v - 0.1 / 0.19)).toBeLessThan(0.04);
    let c = 0;
    for (let k = 1; k < xs.length; k++) c += ((xs[k] as number) - m) * ((xs[k - 1] as number) - m);
    expect(c / (xs.length - 1) / v).toBeCloseTo(0.9, 1);
  });

  it('apply adds s·x and clips; state save/restore replays the same continuation', () => {
    const ou = ornsteinUhlenbeckNoise({ low: [-2, 0], high: [2, 1] }, { sigma: 0.3 }); // scales 2 and 0.5
    const rng = fromSeed(7);
    for (let k = 0; k < 10; k++) ou.apply(Float64Array.of(0, 0.5), rng);
    const saved = JSON.parse(JSON.stringify(ou.getState()));
    const rngSaved = rng.getState();
    const x = ou.value;
    const next = ou.apply(Float64Array.of(0, 0.5), rng);
    const after = ou.value;
    expect(next[0]).toBeCloseTo(2 * (after[0] as number), 15);
    expect(next[1]).toBeCloseTo(Math.min(1, Math.max(0, 0.5 + 0.5 * (after[1] as number))), 15);
    expect(Array.from(after)).not.toEqual(Array.from(x));
    ou.setState(saved);
    rng.setState(rngSaved);
    expect(Array.from(ou.apply(Float64Array.of(0, 0.5), rng))).toEqual(Array.from(next));
    expect(() => ornsteinUhlenbeckNoise(unit, { theta: 200, dt: 0.01 })).toThrow('theta × dt must be at most 1, got 2');
  });
});

describe('schedules', () => {
  it('linear: start + (end − start)·min(k/K, 1)', () => {
    const s = linearSchedule({ start: 1, end: 0.05, steps: 100 });
    expect(s.value(0)).toBe(1);
    expect(s.value(50)).toBeCloseTo(0.525, 15); // 1 + (0.05 − 1)·0.5 = 1 − 0.475
    expect(s.value(100)).toBe(0.05);
    expect(s.value(10_000)).toBe(0.05);
  });

  it('exponential: start·(end/start)^(k/K), end after K', () => {
    const s = exponentialSchedule({ start: 0.5, end: 0.125, steps: 2 });
    // ratio per step (0.125/0.5)^(1/2) = 0.5: 0.5, 0.25, 0.125, 0.125
    expect([0, 1, 2, 3].map((k) => s.value(k))).toEqual([0.5, 0.25, 0.125, 0.125]);
    const t = exponentialSchedule({ start: 1, end: 0.01, steps: 100 });
    expect(t.value(50)).toBeCloseTo(0.1, 15); // 1·0.01^(1/2)
    expect(t.value(25)).toBeCloseTo(Math.sqrt(0.1), 15); // 0.01^(1/4) = 0.3162
    expect(() => exponentialSchedule({ start: 0, end: 1, steps: 1 })).toThrow('exponentialSchedule: start must be a finite number > 0, got 0');
  });

  it('constant, JSON round trip, step validation', () => {
    expect(constantSchedule(0.3).value(1e9)).toBe(0.3);
    const s = scheduleFromJSON(JSON.parse(JSON.stringify(linearSchedule({ start: 2, end: 0, steps: 4 }).toJSON())));
    expect(s.value(1)).toBe(1.5);
    expect(() => s.value(-1)).toThrow('linearSchedule.value: step must be a finite number >= 0, got -1');
  });
});

describe('discrete action selection', () => {
  it('bestAction: argmax / argmin, ties to the lowest index or uniformly at random', () => {
    const q = [1, 3, 3, -2];
    expect(bestAction(q, 0, 4, 'maximize-reward', 'lowest')).toBe(1);
    expect(bestAction(q, 0, 4, 'minimize-cost', 'lowest')).toBe(3);
    expect(bestAction([5, 0, 1, 0], 1, 3, 'minimize-cost', 'lowest')).toBe(0); // offset 1: values [0, 1, 0]
    const rng = fromSeed(8);
    const counts = [0, 0, 0, 0];
    for (let k = 0; k < 2000; k++) counts[bestAction(q, 0, 4, 'maximize-reward', 'random', rng)]! += 1;
    expect(counts[0]).toBe(0);
    expect(counts[3]).toBe(0);
    expect(Math.abs((counts[1] as number) - 1000)).toBeLessThan(120); // binomial std √500 ≈ 22
    // the tie draw is integer(rng, 0, #ties), the k-th tied index
    const mirror = fromSeed(9);
    const expected = [1, 2][integer(mirror, 0, 2)];
    expect(bestAction(q, 0, 4, 'maximize-reward', 'random', fromSeed(9))).toBe(expected);
    // no draw without ties
    const r = fromSeed(10);
    const before = JSON.stringify(r.getState());
    bestAction([0, 1], 0, 2, 'maximize-reward', 'random', r);
    expect(JSON.stringify(r.getState())).toBe(before);
    expect(() => bestAction([0, NaN], 0, 2, 'maximize-reward', 'lowest')).toThrow('bestAction: values[1] is NaN');
  });

  it('epsilonGreedy always draws u, explores uniformly when u < ε', () => {
    const rng = fromSeed(11);
    const mirror = fromSeed(11);
    expect(epsilonGreedy(rng, 0, 4, () => 2)).toBe(2);
    mirror.nextDouble(); // ε = 0 still consumed exactly one double
    expect(rng.nextDouble()).toBe(mirror.nextDouble());
    const counts = [0, 0, 0, 0];
    for (let k = 0; k < 4000; k++) counts[epsilonGreedy(rng, 1, 4, () => 0)]! += 1;
    for (const c of counts) expect(Math.abs(c - 1000)).toBeLessThan(140); // std √750 ≈ 27
    let greedy = 0;
    for (let k = 0; k < 4000; k++) if (epsilonGreedy(rng, 0.2, 4, () => -1) === -1) greedy++;
    expect(Math.abs(greedy / 4000 - 0.8)).toBeLessThan(0.03); // std √(0.16/4000) = 0.0063
    expect(() => epsilonGreedy(rng, 1.5, 2, () => 0)).toThrow('epsilonGreedy: epsilon must be a finite number in [0, 1], got 1.5');
  });
});
