// DQN (lib/rl/dqn.ts): vanilla vs double targets on a case where they differ, per-head targets and
// the mean-over-heads Huber loss of action branching, periodic target updates, ε-greedy
// frequencies, config validation.
//
// With hiddenSizes [] and obsDim 1 the Q-network is one Linear layer Q(s) = s·W + b, flat layout
// [W_0 … W_{w−1}, b_0 … b_{w−1}] where w = Σ nvec and head d owns columns offset_d … offset_d + n_d − 1.
// Setting W = 0 makes every Q-value its bias, whatever the state.

import { describe, expect, it } from 'vitest';
import { deriveStream, fromSeed } from '../../lib/random/index.js';
import { Dqn, DQN_DEFAULTS, resolveDqnConfig, type DqnConfig } from '../../lib/rl/dqn.js';
import { makeBatch, randomBatches, setParams } from './algoHelpers.js';

type Over = Partial<Omit<DqnConfig, 'obsDim' | 'nvec'>>;

function linearDqn(nvec: number[], over: Over = {}): Dqn {
  return new Dqn({ obsDim: 1, nvec, hiddenSizes: [], lr: 0.01, gamma: 0.5, huberDelta: 1, maxGradNorm: null, targetUpdateInterval: 1000, ...over }, deriveStream(0, 'init'));
}

/** W = 0 and the given biases. */
const biasesOnly = (b: number[]): number[] => [...b.map(() => 0), ...b];

describe('DQN single head: vanilla vs double target', () => {
  // Online Q(·) = [1, 5, 2], target Q′(·) = [4, 0, 3].
  //   vanilla: max_a Q′(s′, a) = 4
  //   double:  a* = argmax_a Q(s′, a) = 1 ⇒ Q′(s′, 1) = 0
  // Batch (γ = 0.5): row 0 a = 0, r = 1, not terminated; row 1 (s = 2) a = 2, r = −1, terminated.
  const batch = makeBatch([
    { obs: [0.5], action: [0], reward: 1, nextObs: [-1] },
    { obs: [2], action: [2], reward: -1, nextObs: [3], terminated: true },
  ]);

  function run(double: boolean): { dqn: Dqn; stats: ReturnType<Dqn['update']> } {
    const dqn = linearDqn([3], { double });
    setParams(dqn.q, biasesOnly([1, 5, 2]));
    setParams(dqn.qTarget, biasesOnly([4, 0, 3]));
    return { dqn, stats: dqn.update(batch) };
  }

  it('vanilla: y = [1 + 0.5·4, −1] = [3, −1]', () => {
    const { stats } = run(false);
    expect(stats.targetMean).toBe(1);
    // q(s, a) = [Q(·,0), Q(·,2)] = [1, 2];  e = q − y = [−2, 3];  Huber(δ = 1) = [|e| − ½] = [1.5, 2.5] ⇒ mean 2
    expect(stats.qMean).toBe(1.5);
    expect(stats.loss).toBe(2);
  });

  it('double: y = [1 + 0.5·0, −1] = [1, −1]; gradient only on the taken actions', () => {
    const { dqn, stats } = run(true);
    expect(stats.targetMean).toBe(0);
    // e = [1 − 1, 2 − (−1)] = [0, 3] ⇒ Huber [0, 2.5] ⇒ mean 1.25
    expect(stats.loss).toBe(1.25);
    // ∂L/∂q = ℓ′(e)/n = [0, 1]/2 = [0, 0.5]; row 1 took action 2 with s = 2:
    //   ∂L/∂W = [0, 0, 0.5·2] = [0, 0, 1],  ∂L/∂b = [0, 0, 0.5]
    expect(Array.from(dqn.q.flat.grad)).toEqual([0, 0, 1, 0, 0, 0.5]);
    expect(stats.gradNorm).toBeCloseTo(Math.hypot(1, 0.5), 15);
    // Adam moves only the parameters with a gradient, each by −lr·sign(g) ≈ −0.01.
    const p = dqn.q.flat.data;
    expect([p[0], p[1], p[3], p[4]]).toEqual([0, 0, 1, 5]);
    expect(p[2]).toBeCloseTo(-0.01, 7);
    expect(p[5]).toBeCloseTo(2 - 0.01, 7);
    expect(stats.targetUpdated).toBe(false);
    expect(dqn.qTarget.flat.data).toEqual(Float64Array.from(biasesOnly([4, 0, 3])));
  });
});

describe('DQN action branching (two heads, nvec [2, 3])', () => {
  // Online biases: head 0 [1, 0], head 1 [0, 2, 1];  target biases: head 0 [−1, 3], head 1 [5, 0, 4].
  // Row 0: a = (1, 2), r = 1, not terminated.  Row 1: a = (0, 0), r = 2, terminated.  γ = 0.5.
  const batch = makeBatch([
    { obs: [1], action: [1, 2], reward: 1, nextObs: [0.5] },
    { obs: [1], action: [0, 0], reward: 2, nextObs: [0.5], terminated: true },
  ]);
  function run(double: boolean): { dqn: Dqn; stats: ReturnType<Dqn['update']> } {
    const dqn = linearDqn([2, 3], { double });
    setParams(dqn.q, biasesOnly([1, 0, 0, 2, 1]));
    setParams(dqn.qTarget, biasesOnly([-1, 3, 5, 0, 4]));
    return { dqn, stats: dqn.update(batch) };
  }

  it('double: per-head a*_d from the online net, evaluated by the target net', () => {
    const { dqn, stats } = run(true);
    // Row 0: head 0 a* = 0 ⇒ Q′₀ = −1 ⇒ y = 1 − 0.5 = 0.5;  head 1 a* = 1 ⇒ Q′₁ = 0 ⇒ y = 1.
    // Row 1 (terminated): y = [2, 2].   targetMean = (0.5 + 1 + 2 + 2)/4 = 1.375
    expect(stats.targetMean).toBe(1.375);
    // q(s, a_d): row 0 [Q₀(1) = 0, Q₁(2) = 1], row 1 [Q₀(0) = 1, Q₁(0) = 0] ⇒ qMean = 2/4 = 0.5
    expect(stats.qMean).toBe(0.5);
    // e = [−0.5, 0, −1, −2] ⇒ Huber [0.125, 0, 0.5, 1.5] ⇒ loss = mean over heads and batch = 2.125/4 = 0.53125
    expect(stats.loss).toBe(0.53125);
    // ∂L/∂q = ℓ′(e)/(B·D) = [−0.5, 0, −1, −1]/4 = [−0.125, 0, −0.25, −0.25] on flat columns [1, 4, 0, 2] (s = 1):
    expect(Array.from(dqn.q.flat.grad)).toEqual([-0.25, -0.125, -0.25, 0, 0, -0.25, -0.125, -0.25, 0, 0]);
  });

  it('vanilla: per-head max of the target net', () => {
    const { stats } = run(false);
    // Row 0: y = [1 + 0.5·3, 1 + 0.5·5] = [2.5, 3.5]; row 1: [2, 2] ⇒ mean 10/4 = 2.5
    expect(stats.targetMean).toBe(2.5);
    // e = [−2.5, −2.5, −1, −2] ⇒ Huber [2, 2, 0.5, 1.5] ⇒ mean 1.5
    expect(stats.loss).toBe(1.5);
  });

  it('greedy act is the per-head argmax (lowest index on ties); qValues concatenates the heads', () => {
    const dqn = linearDqn([2, 3]);
    setParams(dqn.q, biasesOnly([1, 0, 0, 2, 2]));
    expect(Array.from(dqn.qValues(Float64Array.of(7)))).toEqual([1, 0, 0, 2, 2]);
    expect(Array.from(dqn.act(Float64Array.of(7)))).toEqual([0, 1]);
    expect(dqn.heads).toBe(2);
  });

  it('rejects batch actions outside a head', () => {
    const dqn = linearDqn([2, 3]);
    const bad = makeBatch([{ obs: [1], action: [1, 3], reward: 0, nextObs: [1] }]);
    expect(() => dqn.update(bad)).toThrow(/DQN\.update: batch\.action\[1\] must be an integer in \[0, 2\], got 3/);
  });
});

describe('DQN target network updates', () => {
  it('every targetUpdateInterval updates: hard copy with tau 1, Polyak with tau 0.5', () => {
    for (const tau of [1, 0.5]) {
      const dqn = new Dqn({ obsDim: 3, nvec: [4], hiddenSizes: [8], targetUpdateInterval: 3, tau }, deriveStream(3, 'init'));
      const batches = randomBatches(3, 3, 16, 3, 1).map((b) => ({ ...b, action: b.action.map((x) => Math.floor((x + 1) * 2)) }));
      const t0 = dqn.qTarget.flat.data.slice();
      expect(dqn.update(batches[0]!).targetUpdated).toBe(false);
      expect(dqn.update(batches[1]!).targetUpdated).toBe(false);
      expect(dqn.qTarget.flat.data).toEqual(t0);
      expect(dqn.update(batches[2]!).targetUpdated).toBe(true);
      const q = dqn.q.flat.data;
      const expected = tau === 1 ? q : t0.map((x, i) => x * 0.5 + 0.5 * q[i]!);
      expect(dqn.qTarget.flat.data).toEqual(expected);
    }
  });
});

describe('DQN ε-greedy', () => {
  const N = 3000;
  /** Counts of each action of one head over N explore calls at env step `step` (ε linear 1 → 0 over 1000 steps). */
  function counts(step: number, nvec: number[], bias: number[]): number[][] {
    const dqn = linearDqn(nvec, { epsilonStart: 1, epsilonEnd: 0, epsilonSteps: 1000 });
    setParams(dqn.q, biasesOnly(bias));
    const rng = fromSeed(99);
    const c = nvec.map((n) => new Array<number>(n).fill(0));
    const obs = Float64Array.of(0.3);
    for (let k = 0; k < N; k++) {
      const a = dqn.act(obs, { rng, step });
      nvec.forEach((_, d) => { c[d]![a[d]!]! += 1; });
    }
    return c;
  }
  // Binomial(3000, p) has sd ≤ 27.4; bounds are ±5 sd.
  const near = (x: number, mean: number): void => { expect(Math.abs(x - mean)).toBeLessThan(5 * 27.4); };

  it('ε = 1 (step 0): uniform over the head\'s actions, greedy action included', () => {
    const [c] = counts(0, [3], [0, 0, 1]);
    c!.forEach((x) => near(x, N / 3));
  });

  it('ε = 0 (step ≥ epsilonSteps): always the greedy action', () => {
    expect(counts(1000, [3], [0, 0, 1])).toEqual([[0, 0, N]]);
    expect(counts(5000, [3], [0, 3, 1])).toEqual([[0, N, 0]]);
  });

  it('ε = 0.5 (step 500): greedy with probability 1 − ε + ε/n = 2/3', () => {
    const [c] = counts(500, [3], [0, 0, 1]);
    near(c![2]!, (2 * N) / 3);
    near(c![0]!, N / 6);
    near(c![1]!, N / 6);
  });

  it('branching heads explore independently: ε = 1 is uniform on each head', () => {
    const [c0, c1] = counts(0, [2, 4], [5, 0, 0, 0, 0, 9]);
    c0!.forEach((x) => near(x, N / 2));
    c1!.forEach((x) => near(x, N / 4));
    expect(counts(1000, [2, 4], [5, 0, 0, 0, 0, 9])).toEqual([[N, 0], [0, 0, 0, N]]);
  });

  it('without explore, act is greedy and draws nothing', () => {
    const dqn = linearDqn([3]);
    setParams(dqn.q, biasesOnly([0, 2, 1]));
    expect(Array.from(dqn.act(Float64Array.of(1)))).toEqual([1]);
  });
});

describe('DQN config validation names the field and its range', () => {
  const base = { obsDim: 4, nvec: [2] };
  it('defaults', () => {
    expect(resolveDqnConfig(base)).toMatchObject({ gamma: 0.99, double: true, huberDelta: 1, tau: 1, maxGradNorm: 10, epsilonStart: 1, epsilonEnd: 0.1 });
    expect(DQN_DEFAULTS.hiddenSizes).toEqual([64, 64]);
  });
  it.each([
    [{ gama: 0.9 }, /DQN: unknown config field "gama"; allowed fields: .*gamma/],
    [{ nvec: [] }, /DQN: nvec must be a non-empty array of integers >= 1, got an array of length 0/],
    [{ nvec: [2, 0] }, /DQN: nvec\[1\] must be an integer in \[1, 1048576\], got 0/],
    [{ tau: 2 }, /DQN: tau must be a finite number in \[0, 1\], got 2/],
    [{ gamma: -1 }, /DQN: gamma must be a finite number in \[0, 1\], got -1/],
    [{ huberDelta: 0 }, /DQN: huberDelta must be a finite number > 0, got 0/],
    [{ double: 'yes' }, /DQN: double must be true or false, got "yes"/],
    [{ targetUpdateInterval: 0 }, /DQN: targetUpdateInterval must be an integer in \[1, 9007199254740991\], got 0/],
    [{ epsilonStart: 1.5 }, /DQN: epsilonStart must be a finite number in \[0, 1\], got 1\.5/],
    [{ maxGradNorm: 0 }, /DQN: maxGradNorm must be a finite number > 0, or null, got 0/],
  ])('%o', (bad, message) => {
    expect(() => new Dqn({ ...base, ...(bad as object) }, deriveStream(0, 'init'))).toThrow(message);
  });
});
