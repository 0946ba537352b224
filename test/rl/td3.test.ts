// TD3 (lib/rl/td3.ts): clipped double-Q target, target policy smoothing with clipped noise, delayed
// actor and target updates — each on hand-set linear networks — and SB3's equivalence insight: TD3
// with one critic, no target noise and delay 1 IS DDPG without weight decay, bit for bit.
//
// Networks with hiddenSizes [] are single Linear layers, flat layout [W (in×out, row-major), b]:
//   critic Q(s, a) = w·[s, a] + b,  actor μ(s) = tanh(s·W + b)  (or sigmoid).

import { describe, expect, it } from 'vitest';
import { deriveStream } from '../../lib/random/index.js';
import { Ddpg } from '../../lib/rl/ddpg.js';
import { Td3, TD3_DEFAULTS, resolveTd3Config, type Td3Config } from '../../lib/rl/td3.js';
import { makeBatch, randomBatches, setParams } from './algoHelpers.js';

type Over = Partial<Omit<Td3Config, 'obsDim' | 'actionDim'>>;

function linearTd3(over: Over = {}, noiseSeed = 0): Td3 {
  return new Td3(
    { obsDim: 2, actionDim: 1, hiddenSizes: [], gamma: 0.5, tau: 0.1, nCritics: 2, targetNoise: 0, policyDelay: 1, ...over },
    deriveStream(0, 'init'),
    deriveStream(noiseSeed, 'target-noise'),
  );
}

// Same rows as the DDPG hand test: rewards [1, 0, −2, 0.5], row 1 terminated, row 2 truncated;
// next-state first coordinates s′0 = [0.3, 0.9, −0.5, 0.2].
const batch = makeBatch([
  { obs: [1, 0], action: [0.2], reward: 1, nextObs: [0.3, -0.7] },
  { obs: [0, 1], action: [-0.4], reward: 0, nextObs: [0.9, 0.1], terminated: true },
  { obs: [1, 1], action: [0], reward: -2, nextObs: [-0.5, 0.5], truncated: true },
  { obs: [0, 0], action: [0.6], reward: 0.5, nextObs: [0.2, 0.2] },
]);

describe('TD3 target: clipped double Q', () => {
  it('constant target critics (biases 3 and −1): y = r + γ(1 − d)·min = r − 0.5(1 − d)', () => {
    for (const biases of [[3, -1], [-1, 3]]) {
      const td3 = linearTd3();
      setParams(td3.criticTargets[0]!, [0, 0, 0, biases[0]!]);
      setParams(td3.criticTargets[1]!, [0, 0, 0, biases[1]!]);
      // y = [1 − 0.5, 0, −2 − 0.5, 0.5 − 0.5] = [0.5, 0, −2.5, 0] ⇒ mean −0.5 (with max: [2.5, 0, −0.5, 2] ⇒ 1)
      expect(td3.update(batch).targetMean).toBeCloseTo(-0.5, 15);
    }
  });

  it('the minimum is taken per row: Q′₁ = s′0, Q′₂ = 0.25', () => {
    const td3 = linearTd3();
    setParams(td3.critics[0]!, [0, 0, 0, 0]);
    setParams(td3.critics[1]!, [0, 0, 0, 0]);
    setParams(td3.criticTargets[0]!, [1, 0, 0, 0]);
    setParams(td3.criticTargets[1]!, [0, 0, 0, 0.25]);
    const stats = td3.update(batch);
    // min(s′0, 0.25) = [0.25, 0.25, −0.5, 0.2];  γ = 0.5:
    //   y = [1 + 0.125, 0 (terminated), −2 − 0.25 (truncated bootstraps), 0.5 + 0.1] = [1.125, 0, −2.25, 0.6]
    //   mean = −0.525/4 = −0.13125   (critic 1 alone: −0.125; max: +0.0)
    expect(stats.targetMean).toBeCloseTo(-0.13125, 15);
    // Both online critics are 0 ⇒ each MSE = mean(y²) = (1.265625 + 0 + 5.0625 + 0.36)/4 = 1.67203125; the stat is their sum.
    expect(stats.criticLoss).toBeCloseTo(2 * 1.67203125, 14);
    expect(stats.qMean).toBe(0);
    // Each critic's bias gradient is 2·mean(q − y) = −2·(−0.13125) = 0.2625 ⇒ Adam moves both biases by −criticLr.
    expect(td3.critics[0]!.flat.grad[3]).toBeCloseTo(0.2625, 15);
    expect(td3.critics[1]!.flat.grad[3]).toBeCloseTo(0.2625, 15);
  });
});

describe('TD3 target policy smoothing', () => {
  /**
   * y = a′ exactly: reward 0, γ = 1, Q′(s′, a′) = 1·a′, μ′ ≡ constant (zero weights), τ = 0 so the
   * targets never move; with B = 1, each update's targetMean is one smoothed target action a′.
   */
  function smoothedTargets(over: Over, n: number): number[] {
    const td3 = linearTd3({ nCritics: 1, gamma: 1, tau: 0, ...over }, 7);
    setParams(td3.actorTarget, [0, 0, 0]);
    setParams(td3.criticTargets[0]!, [0, 0, 1, 0]);
    const one = makeBatch([{ obs: [0.1, 0.2], action: [0.3], reward: 0, nextObs: [0.4, -0.5] }]);
    return Array.from({ length: n }, () => td3.update(one).targetMean);
  }

  it('huge noise, clip 0.01: |a′ − μ′(s′)| never exceeds clip·half-range (tanh: half-range 1)', () => {
    const a = smoothedTargets({ targetNoise: 1e6, targetNoiseClip: 0.01 }, 300);
    for (const x of a) expect(Math.abs(x)).toBeLessThanOrEqual(0.01);
    // With σ = 10⁶ the noise is clipped essentially always: a′ = ±0.01 exactly, both signs.
    expect(a.filter((x) => Math.abs(x) === 0.01).length).toBeGreaterThan(295);
    expect(a.some((x) => x > 0) && a.some((x) => x < 0)).toBe(true);
  });

  it('sigmoid actor: half-range 0.5, so the perturbation is at most clip·0.5 around μ′ = 0.5', () => {
    const a = smoothedTargets({ actorOutput: 'sigmoid', targetNoise: 1e6, targetNoiseClip: 0.1 }, 300);
    for (const x of a) expect(Math.abs(x - 0.5)).toBeLessThanOrEqual(0.05 + 1e-15);
    expect(a.filter((x) => Math.abs(Math.abs(x - 0.5) - 0.05) < 1e-15).length).toBeGreaterThan(295);
  });

  it('the smoothed action is clipped to the action range', () => {
    const a = smoothedTargets({ targetNoise: 1e6, targetNoiseClip: 10 }, 200);
    for (const x of a) expect(x === 1 || x === -1).toBe(true);
  });

  it('moderate noise (σ = 0.2, clip 0.5) gives unclipped values too; targetNoise 0 draws nothing', () => {
    const a = smoothedTargets({ targetNoise: 0.2, targetNoiseClip: 0.5 }, 400);
    const inside = a.filter((x) => Math.abs(x) < 0.5).length;
    expect(inside).toBeGreaterThan(380); // P(|N(0, 0.2)| < 0.5) ≈ 0.988
    const sd = Math.sqrt(a.reduce((s, x) => s + x * x, 0) / a.length);
    expect(sd).toBeGreaterThan(0.17);
    expect(sd).toBeLessThan(0.22);

    const td3 = linearTd3({ targetNoise: 0 }, 7);
    const before = JSON.stringify(td3.getState().noiseRng);
    td3.update(batch);
    expect(JSON.stringify(td3.getState().noiseRng)).toBe(before);
  });
});

describe('TD3 delayed policy updates', () => {
  it('with policyDelay 3 the actor and all targets change only on updates 3, 6, …; critics change every time', () => {
    const td3 = new Td3({ obsDim: 3, actionDim: 2, hiddenSizes: [8], tau: 0.5, policyDelay: 3 }, deriveStream(1, 'init'), deriveStream(1, 'target-noise'));
    const batches = randomBatches(1, 6, 16, 3, 2);
    const snap = () => ({
      actor: td3.actor.flat.data.slice(),
      actorTarget: td3.actorTarget.flat.data.slice(),
      critics: td3.critics.map((q) => q.flat.data.slice()),
      criticTargets: td3.criticTargets.map((q) => q.flat.data.slice()),
    });
    for (let k = 1; k <= 6; k++) {
      const before = snap();
      const stats = td3.update(batches[k - 1]!);
      const after = snap();
      expect(td3.updates).toBe(k);
      after.critics.forEach((c, i) => expect(c).not.toEqual(before.critics[i]));
      if (k % 3 === 0) {
        expect(stats.actorLoss).toBeTypeOf('number');
        expect(stats.actorGradNorm).toBeGreaterThan(0);
        expect(after.actor).not.toEqual(before.actor);
        expect(after.actorTarget).not.toEqual(before.actorTarget);
        after.criticTargets.forEach((c, i) => expect(c).not.toEqual(before.criticTargets[i]));
      } else {
        expect(stats.actorLoss).toBeUndefined();
        expect(stats.actorGradNorm).toBeUndefined();
        expect(after.actor).toEqual(before.actor);
        expect(after.actorTarget).toEqual(before.actorTarget);
        after.criticTargets.forEach((c, i) => expect(c).toEqual(before.criticTargets[i]));
      }
    }
    expect(td3.actorOpt.t).toBe(2);
    td3.criticOpts.forEach((o) => expect(o.t).toBe(6));
  });

  it('twin critics are initialised independently; targets start as copies', () => {
    const td3 = new Td3({ obsDim: 3, actionDim: 1, hiddenSizes: [8] }, deriveStream(2, 'init'), deriveStream(2, 'target-noise'));
    expect(td3.critics[1]!.flat.data).not.toEqual(td3.critics[0]!.flat.data);
    td3.critics.forEach((q, i) => expect(td3.criticTargets[i]!.flat.data).toEqual(q.flat.data));
    expect(td3.actorTarget.flat.data).toEqual(td3.actor.flat.data);
  });
});

describe('TD3 ≡ DDPG with one critic, no target noise, delay 1 (SB3)', () => {
  const shared = { obsDim: 3, actionDim: 2, hiddenSizes: [16, 16], actorLr: 3e-4, criticLr: 1e-3, gamma: 0.97, tau: 0.02, finalLayerInit: 3e-3 } as const;
  const batches = randomBatches(21, 50, 32, 3, 2);

  function pair(td3Over: Over, extra: { maxGradNorm?: number } = {}): { ddpg: Ddpg; td3: Td3; same: boolean[] } {
    const ddpg = new Ddpg({ ...shared, ...extra, criticWeightDecay: 0 }, deriveStream(21, 'init'));
    const td3 = new Td3({ ...shared, ...extra, nCritics: 1, targetNoise: 0, policyDelay: 1, ...td3Over }, deriveStream(21, 'init'), deriveStream(21, 'target-noise'));
    const same: boolean[] = [];
    for (const b of batches) {
      const s1 = ddpg.update(b), s2 = td3.update(b);
      same.push(s1.criticLoss === s2.criticLoss && s1.actorLoss === s2.actorLoss && s1.qMean === s2.qMean && s1.targetMean === s2.targetMean);
    }
    return { ddpg, td3, same };
  }

  for (const extra of [{}, { maxGradNorm: 0.5 }]) {
    it(`bit-identical actor, critic, targets and Adam moments after 50 updates ${extra.maxGradNorm !== undefined ? '(with gradient clipping)' : ''}`, () => {
      const { ddpg, td3, same } = pair({}, extra);
      // Same initial weights (TD3 draws actor, critic₁, actor′, critic₁′ in DDPG's order) …
      expect(same.every(Boolean)).toBe(true);
      // … and the same trajectory, bit for bit.
      expect(td3.actor.flat.data).toEqual(ddpg.actor.flat.data);
      expect(td3.critics[0]!.flat.data).toEqual(ddpg.critic.flat.data);
      expect(td3.actorTarget.flat.data).toEqual(ddpg.actorTarget.flat.data);
      expect(td3.criticTargets[0]!.flat.data).toEqual(ddpg.criticTarget.flat.data);
      expect(td3.actorOpt.m).toEqual(ddpg.actorOpt.m);
      expect(td3.actorOpt.v).toEqual(ddpg.actorOpt.v);
      expect(td3.criticOpts[0]!.m).toEqual(ddpg.criticOpt.m);
      expect(td3.criticOpts[0]!.v).toEqual(ddpg.criticOpt.v);
      // Sanity: training did move the weights.
      const fresh = new Ddpg({ ...shared, criticWeightDecay: 0 }, deriveStream(21, 'init'));
      expect(ddpg.actor.flat.data).not.toEqual(fresh.actor.flat.data);
    });
  }

  it('differs with policyDelay 2, with target noise, and from DDPG with weight decay', () => {
    const delayed = pair({ policyDelay: 2 });
    expect(delayed.td3.actor.flat.data).not.toEqual(delayed.ddpg.actor.flat.data);
    expect(delayed.td3.critics[0]!.flat.data).not.toEqual(delayed.ddpg.critic.flat.data);
    expect(delayed.td3.actorOpt.t).toBe(25);
    const noisy = pair({ targetNoise: 0.2 });
    expect(noisy.td3.critics[0]!.flat.data).not.toEqual(noisy.ddpg.critic.flat.data);
    const wd = new Ddpg({ ...shared, criticWeightDecay: 1e-2 }, deriveStream(21, 'init'));
    const td3 = new Td3({ ...shared, nCritics: 1, targetNoise: 0, policyDelay: 1 }, deriveStream(21, 'init'), deriveStream(21, 'target-noise'));
    for (const b of batches.slice(0, 5)) { wd.update(b); td3.update(b); }
    expect(td3.critics[0]!.flat.data).not.toEqual(wd.critic.flat.data);
  });
});

describe('TD3 config validation names the field and its range', () => {
  const base = { obsDim: 3, actionDim: 1 };
  it('defaults are the paper values', () => {
    expect(resolveTd3Config(base)).toMatchObject({ gamma: 0.99, tau: 0.005, nCritics: 2, targetNoise: 0.2, targetNoiseClip: 0.5, policyDelay: 2, actorLr: 1e-3, criticLr: 1e-3, finalLayerInit: null });
    expect(TD3_DEFAULTS.hiddenSizes).toEqual([400, 300]);
  });
  it.each([
    [{ gama: 0.9 }, /TD3: unknown config field "gama"; allowed fields: .*gamma/],
    [{ criticWeightDecay: 0.01 }, /TD3: unknown config field "criticWeightDecay"/],
    [{ tau: 2 }, /TD3: tau must be a finite number in \[0, 1\], got 2/],
    [{ gamma: -1 }, /TD3: gamma must be a finite number in \[0, 1\], got -1/],
    [{ nCritics: 0 }, /TD3: nCritics must be an integer in \[1, 16\], got 0/],
    [{ policyDelay: 0 }, /TD3: policyDelay must be an integer in \[1, 1048576\], got 0/],
    [{ policyDelay: 1.5 }, /TD3: policyDelay must be an integer in \[1, 1048576\], got 1\.5/],
    [{ targetNoise: -0.1 }, /TD3: targetNoise must be a finite number in \[0, Infinity\], got -0\.1/],
    [{ targetNoiseClip: NaN }, /TD3: targetNoiseClip must be a finite number in \[0, Infinity\], got NaN/],
  ])('%o', (bad, message) => {
    expect(() => new Td3({ ...base, ...(bad as object) }, deriveStream(0, 'init'), deriveStream(0, 'noise'))).toThrow(message);
  });
});
