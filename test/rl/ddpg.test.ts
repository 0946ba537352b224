// DDPG (lib/rl/ddpg.ts): hand-computed TD target, critic gradient and Adam step, actor direction
// and Polyak averaging on 1-layer linear networks whose weights are set by hand; config
// validation; buffer reuse across updates (STYLE §3.7 kinds 2 and 8).
//
// Networks with hiddenSizes [] are single Linear layers, flat layout [W (in×out, row-major), b]:
//   critic Q(s, a) = w·[s, a] + b          (in = obsDim + actionDim, out = 1)
//   actor  μ(s)   = tanh(s·W + b)

import { describe, expect, it } from 'vitest';
import { deriveStream } from '../../lib/random/index.js';
import { Ddpg, DDPG_DEFAULTS, resolveDdpgConfig } from '../../lib/rl/ddpg.js';
import type { Arena } from '../../lib/tensor/index.js';
import { makeBatch, randomBatches, setParams } from './algoHelpers.js';

const ADAM_EPS = 1e-8;

/** Adam's first step for gradient g: p ← p − lr·m̂/(√v̂ + eps) with m̂ = g, v̂ = g² ⇒ Δp = −lr·g/(|g| + eps) ≈ −lr·sign(g). */
const adamFirstStep = (lr: number, g: number): number => (-lr * g) / (Math.abs(g) + ADAM_EPS);

function linearDdpg(over: Partial<Parameters<typeof resolveDdpgConfig>[0]> = {}): Ddpg {
  return new Ddpg(
    { obsDim: 2, actionDim: 1, hiddenSizes: [], actorLr: 0.02, criticLr: 0.01, criticWeightDecay: 0, gamma: 0.5, tau: 0.1, finalLayerInit: null, ...over },
    deriveStream(0, 'init'),
  );
}

// The batch used by the hand computations (B = 4):
//   row  s        a     r    terminated truncated
//   0   [1, 0]   0.2    1      0          0
//   1   [0, 1]  −0.4    0      1          0
//   2   [1, 1]   0     −2      0          1     ← truncated: still bootstraps
//   3   [0, 0]   0.6   0.5     0          0
const batch = makeBatch([
  { obs: [1, 0], action: [0.2], reward: 1, nextObs: [0.3, -0.7] },
  { obs: [0, 1], action: [-0.4], reward: 0, nextObs: [0.9, 0.1], terminated: true },
  { obs: [1, 1], action: [0], reward: -2, nextObs: [-0.5, 0.5], truncated: true },
  { obs: [0, 0], action: [0.6], reward: 0.5, nextObs: [0.2, 0.2] },
]);

describe('DDPG update by hand (linear critic and actor)', () => {
  it('TD target y = r + γ(1 − terminated)·q′ with a constant target critic q′ = b; truncated does not mask', () => {
    const ddpg = linearDdpg();
    // Target critic: zero weights, bias 2 ⇒ Q′(s′, μ′(s′)) = 2 whatever the target actor says.
    setParams(ddpg.criticTarget, [0, 0, 0, 2]);
    const stats = ddpg.update(batch);
    // γ = 0.5, γ·q′ = 1:
    //   y0 = 1 + 1 = 2;  y1 = 0 (terminated);  y2 = −2 + 1 = −1 (truncated bootstraps);  y3 = 0.5 + 1 = 1.5
    //   mean = (2 + 0 − 1 + 1.5)/4 = 0.625   (if truncated masked: (2 + 0 − 2 + 1.5)/4 = 0.375)
    expect(stats.targetMean).toBeCloseTo(0.625, 15);
  });

  it('critic loss, MSE gradient and the first Adam step', () => {
    const ddpg = linearDdpg();
    setParams(ddpg.critic, [0.5, -0.5, 1, 0]); // Q(s, a) = 0.5·s0 − 0.5·s1 + a
    setParams(ddpg.criticTarget, [0, 0, 0, 2]); // y = [2, 0, −1, 1.5] as above
    const before = ddpg.critic.flat.data.slice();
    const stats = ddpg.update(batch);

    // q = [0.5 + 0.2, −0.5 − 0.4, 0.5 − 0.5 + 0, 0.6] = [0.7, −0.9, 0, 0.6];  qMean = 0.4/4 = 0.1
    expect(stats.qMean).toBeCloseTo(0.1, 15);
    // e = q − y = [−1.3, −0.9, 1, −0.9];  L = (1.69 + 0.81 + 1 + 0.81)/4 = 4.31/4 = 1.0775
    expect(stats.criticLoss).toBeCloseTo(1.0775, 14);
    // ∂L/∂q_i = 2e_i/B = e_i/2 = [−0.65, −0.45, 0.5, −0.45]
    //   ∂L/∂w_s0 = −0.65·1 + 0.5·1 = −0.15
    //   ∂L/∂w_s1 = −0.45·1 + 0.5·1 = 0.05
    //   ∂L/∂w_a  = −0.65·0.2 − 0.45·(−0.4) + 0.5·0 − 0.45·0.6 = −0.13 + 0.18 − 0.27 = −0.22
    //   ∂L/∂b    = −0.65 − 0.45 + 0.5 − 0.45 = −1.05
    const g = [-0.15, 0.05, -0.22, -1.05];
    // The critic's gradient is left in flat.grad (the actor step runs with the critic frozen, adding nothing).
    g.forEach((gi, i) => expect(ddpg.critic.flat.grad[i]).toBeCloseTo(gi, 14));
    expect(stats.criticGradNorm).toBeCloseTo(Math.hypot(...g), 14);
    // Adam's first step moves every parameter by −lr·sign(g) (lr = 0.01), up to eps:
    //   w = [0.5 + 0.01, −0.5 − 0.01, 1 + 0.01, 0 + 0.01] = [0.51, −0.51, 1.01, 0.01]
    const after = ddpg.critic.flat.data;
    [0.51, -0.51, 1.01, 0.01].forEach((w, i) => expect(after[i]).toBeCloseTo(w, 7));
    g.forEach((gi, i) => expect(after[i]! - before[i]!).toBeCloseTo(adamFirstStep(0.01, gi), 13));
    expect(ddpg.criticOpt.t).toBe(1);
    g.forEach((gi, i) => {
      expect(ddpg.criticOpt.m[i]).toBeCloseTo(0.1 * gi, 15); // m = (1 − β1)·g
      expect(ddpg.criticOpt.v[i]).toBeCloseTo(0.001 * gi * gi, 17); // v = (1 − β2)·g²
    });
  });

  it('critic weight decay adds wd·p to the critic gradient before Adam (wd = 0.01)', () => {
    const ddpg = linearDdpg({ criticWeightDecay: 0.01 });
    setParams(ddpg.critic, [0.5, -0.5, 1, 0]);
    setParams(ddpg.criticTarget, [0, 0, 0, 2]);
    ddpg.update(batch);
    // m = 0.1·(g + wd·p): g + 0.01·[0.5, −0.5, 1, 0] = [−0.145, 0.045, −0.21, −1.05]
    [-0.145, 0.045, -0.21, -1.05].forEach((gi, i) => expect(ddpg.criticOpt.m[i]).toBeCloseTo(0.1 * gi, 15));
  });

  for (const wa of [1, -1]) {
    it(`actor update ascends Q: with ∂Q/∂a ≈ ${wa > 0 ? '+' : '−'}1 every actor parameter moves ${wa > 0 ? 'up' : 'down'} by ≈ actorLr`, () => {
      const ddpg = linearDdpg();
      // Q is linear in a with slope w_a = ±1; the critic's own step first moves it by 0.01 (to 1.01 or −0.99): same sign.
      setParams(ddpg.critic, [0.5, -0.5, wa, 0]);
      setParams(ddpg.criticTarget, [0, 0, 0, 2]);
      setParams(ddpg.actor, [0.1, -0.2, 0.05]); // μ(s) = tanh(0.1·s0 − 0.2·s1 + 0.05)
      const actor0 = ddpg.actor.flat.data.slice();
      const stats = ddpg.update(batch);
      const c = ddpg.critic.flat.data; // the critic AFTER its step is the one the actor ascends
      const wNew = c[2]!;
      expect(Math.sign(wNew)).toBe(Math.sign(wa));
      // actor loss = −mean_i Q_new(s_i, μ(s_i)), μ from the actor before its step
      const obs = [[1, 0], [0, 1], [1, 1], [0, 0]] as const;
      const mu = obs.map(([s0, s1]) => Math.tanh(0.1 * s0 - 0.2 * s1 + 0.05));
      const q = obs.map(([s0, s1], i) => c[0]! * s0 + c[1]! * s1 + wNew * mu[i]! + c[3]!);
      expect(stats.actorLoss).toBeCloseTo(-(q[0]! + q[1]! + q[2]! + q[3]!) / 4, 14);
      // ∂loss/∂μ_i = −w_a/B;  ∂μ_i/∂z_i = 1 − μ_i²;  ∂loss/∂[W0, W1, b] = −(w_a/B)·Σ_i (1 − μ_i²)·[s0, s1, 1]
      const d = mu.map((m) => (-(wNew / 4)) * (1 - m * m));
      const gW0 = d[0]! + d[2]!, gW1 = d[1]! + d[2]!, gb = d[0]! + d[1]! + d[2]! + d[3]!;
      [gW0, gW1, gb].forEach((gi, i) => expect(ddpg.actor.flat.grad[i]).toBeCloseTo(gi, 14));
      expect(stats.actorGradNorm).toBeCloseTo(Math.hypot(gW0, gW1, gb), 14);
      // Every component of the gradient has the sign of −w_a ⇒ Adam moves each parameter by +sign(w_a)·actorLr.
      const a1 = ddpg.actor.flat.data;
      for (let i = 0; i < 3; i++) {
        expect(a1[i]! - actor0[i]!).toBeCloseTo(Math.sign(wa) * 0.02, 7);
        expect(a1[i]! - actor0[i]!).toBeCloseTo(adamFirstStep(0.02, [gW0, gW1, gb][i]!), 13);
      }
      // …and μ(s) moved in the direction that increases Q on every batch state.
      obs.forEach(([s0, s1], i) => {
        const muNew = Math.tanh(a1[0]! * s0 + a1[1]! * s1 + a1[2]!);
        expect(Math.sign(muNew - mu[i]!)).toBe(Math.sign(wa));
      });
    });
  }

  it('Polyak after one update: θ′ = τ·θ_new + (1 − τ)·θ′_old for actor and critic targets (τ = 0.1)', () => {
    const ddpg = linearDdpg();
    setParams(ddpg.critic, [0.5, -0.5, 1, 0]);
    setParams(ddpg.criticTarget, [0, 0, 0, 2]);
    setParams(ddpg.actor, [0.1, -0.2, 0.05]);
    setParams(ddpg.actorTarget, [-1, 1, 0.5]);
    const ct0 = ddpg.criticTarget.flat.data.slice(), at0 = ddpg.actorTarget.flat.data.slice();
    ddpg.update(batch);
    const c = ddpg.critic.flat.data, a = ddpg.actor.flat.data;
    // e.g. critic bias: 0.1·0.01 + 0.9·2 = 1.801
    expect(ddpg.criticTarget.flat.data[3]).toBeCloseTo(1.801, 7);
    for (let i = 0; i < 4; i++) expect(ddpg.criticTarget.flat.data[i]).toBeCloseTo(0.1 * c[i]! + 0.9 * ct0[i]!, 15);
    for (let i = 0; i < 3; i++) expect(ddpg.actorTarget.flat.data[i]).toBeCloseTo(0.1 * a[i]! + 0.9 * at0[i]!, 15);
    expect(ddpg.updates).toBe(1);
  });

  it('targets never receive gradients; tau = 0 freezes them and tau = 1 copies', () => {
    const frozen = linearDdpg({ tau: 0 });
    const t0 = [frozen.actorTarget.flat.data.slice(), frozen.criticTarget.flat.data.slice()];
    frozen.update(batch);
    expect(frozen.actorTarget.flat.data).toEqual(t0[0]);
    expect(frozen.criticTarget.flat.data).toEqual(t0[1]);
    expect(frozen.criticTarget.flat.grad.every((x) => x === 0)).toBe(true);
    expect(frozen.actorTarget.flat.grad.every((x) => x === 0)).toBe(true);
    const copy = linearDdpg({ tau: 1 });
    copy.update(batch);
    expect(copy.actorTarget.flat.data).toEqual(copy.actor.flat.data);
    expect(copy.criticTarget.flat.data).toEqual(copy.critic.flat.data);
  });

  it('maxGradNorm clips the critic gradient to that global norm (the reported norm is the unclipped one)', () => {
    const ddpg = linearDdpg({ maxGradNorm: 0.1 });
    setParams(ddpg.critic, [0.5, -0.5, 1, 0]);
    setParams(ddpg.criticTarget, [0, 0, 0, 2]);
    const stats = ddpg.update(batch);
    const g = [-0.15, 0.05, -0.22, -1.05];
    expect(stats.criticGradNorm).toBeCloseTo(Math.hypot(...g), 14);
    expect(Math.hypot(...ddpg.critic.flat.grad)).toBeCloseTo(0.1, 6);
  });
});

describe('DDPG construction and act', () => {
  it('targets start as exact copies; init is a pure function of the rng', () => {
    const a = new Ddpg({ obsDim: 3, actionDim: 2, hiddenSizes: [8] }, deriveStream(4, 'init'));
    const b = new Ddpg({ obsDim: 3, actionDim: 2, hiddenSizes: [8] }, deriveStream(4, 'init'));
    expect(a.actorTarget.flat.data).toEqual(a.actor.flat.data);
    expect(a.criticTarget.flat.data).toEqual(a.critic.flat.data);
    expect(b.actor.flat.data).toEqual(a.actor.flat.data);
    expect(b.critic.flat.data).toEqual(a.critic.flat.data);
    // finalLayerInit 3e-3 (paper default): the last layer is U(±3e-3)
    const last = a.actor.layers.at(-1)!;
    for (const x of [...last.weight.data, ...last.bias!.data]) expect(Math.abs(x)).toBeLessThan(3e-3);
  });

  it('act is μ(s) in the network range, deterministic and validated', () => {
    const d = linearDdpg();
    setParams(d.actor, [2, -3, 0.5]);
    const out = d.act(Float64Array.of(1, 1));
    expect(out[0]).toBeCloseTo(Math.tanh(2 - 3 + 0.5), 15);
    expect(d.act(Float64Array.of(1, 1))).toEqual(out);
    const s = linearDdpg({ actorOutput: 'sigmoid' });
    setParams(s.actor, [2, -3, 0.5]);
    expect(s.act(Float64Array.of(1, 1))[0]).toBeCloseTo(1 / (1 + Math.exp(0.5)), 15);
    expect(s.actionRange).toEqual({ low: 0, high: 1 });
    expect(() => d.act(Float64Array.of(1, 2, 3))).toThrow(/DDPG\.act: obs must be a Float64Array of length 2, got a Float64Array of length 3/);
  });
});

describe('DDPG config validation names the field and its range', () => {
  const base = { obsDim: 3, actionDim: 1 };
  it('defaults are the paper values', () => {
    const c = resolveDdpgConfig(base);
    expect(c).toMatchObject({ gamma: 0.99, tau: 1e-3, actorLr: 1e-4, criticLr: 1e-3, criticWeightDecay: 1e-2, finalLayerInit: 3e-3, hiddenSizes: [400, 300] });
    expect(c.hiddenSizes).toBe(DDPG_DEFAULTS.hiddenSizes);
  });
  it.each([
    [{ gama: 0.9 }, /DDPG: unknown config field "gama"; allowed fields: .*gamma/],
    [{ tau: 2 }, /DDPG: tau must be a finite number in \[0, 1\], got 2/],
    [{ tau: -0.1 }, /DDPG: tau must be a finite number in \[0, 1\], got -0\.1/],
    [{ gamma: -1 }, /DDPG: gamma must be a finite number in \[0, 1\], got -1/],
    [{ gamma: NaN }, /DDPG: gamma must be a finite number in \[0, 1\], got NaN/],
    [{ criticWeightDecay: -1 }, /DDPG: criticWeightDecay must be a finite number in \[0, Infinity\], got -1/],
    [{ actorLr: Infinity }, /DDPG: actorLr must be a finite number in \[0, Infinity\], got Infinity/],
    [{ hiddenSizes: [16, 0] }, /DDPG: hiddenSizes\[1\] must be an integer in \[1, 65536\], got 0/],
    [{ obsDim: 0 }, /DDPG: obsDim must be an integer in \[1, 1048576\], got 0/],
    [{ actionDim: 1.5 }, /DDPG: actionDim must be an integer in \[1, 1048576\], got 1\.5/],
    [{ activation: 'gelu' }, /DDPG: activation must be one of "identity", "relu", "tanh", "sigmoid", "leakyRelu", got "gelu"/],
    [{ actorOutput: 'softmax' }, /DDPG: actorOutput must be one of "tanh", "sigmoid", got "softmax"/],
    [{ finalLayerInit: 0 }, /DDPG: finalLayerInit must be a finite number > 0, or null, got 0/],
    [{ maxGradNorm: -1 }, /DDPG: maxGradNorm must be a finite number > 0, or null, got -1/],
  ])('%o', (bad, message) => {
    expect(() => new Ddpg({ ...base, ...(bad as object) }, deriveStream(0, 'init'))).toThrow(message);
  });
});

describe('DDPG allocation (STYLE §3.7 kind 8)', () => {
  it('successive updates reuse the parameter, gradient, moment and arena buffers', () => {
    const ddpg = new Ddpg({ obsDim: 3, actionDim: 2, hiddenSizes: [16, 16] }, deriveStream(9, 'init'));
    const [b1, b2, b3] = randomBatches(9, 3, 32, 3, 2);
    const held = () => [
      ddpg.actor.flat, ddpg.actor.flat.data, ddpg.actor.flat.grad,
      ddpg.critic.flat, ddpg.critic.flat.data, ddpg.critic.flat.grad,
      ddpg.actorTarget.flat.data, ddpg.criticTarget.flat.data,
      ddpg.actorOpt.m, ddpg.actorOpt.v, ddpg.criticOpt.m, ddpg.criticOpt.v,
      ...ddpg.actor.parameters().map((p) => p.tensor.data),
      ...ddpg.critic.parameters().map((p) => p.tensor.grad),
    ];
    const arena = (ddpg as unknown as { arena: Arena }).arena;
    ddpg.update(b1!);
    const objects = held();
    const after1 = arena.stats();
    expect(after1.buffers).toBeGreaterThan(0); // the update does run on the arena
    ddpg.update(b2!);
    const after2 = arena.stats();
    ddpg.update(b3!);
    const now = held();
    expect(now.length).toBe(objects.length);
    now.forEach((o, i) => expect(o, `held object ${i}`).toBe(objects[i]));
    // Same number and total size of arena buffers after every update: nothing new was allocated.
    expect(after2).toEqual(after1);
    expect(arena.stats()).toEqual(after1);
    // The gradient views still point into flat.grad (so the optimizer sees them).
    expect(ddpg.critic.parameters()[0]!.tensor.grad!.buffer).toBe(ddpg.critic.flat.grad.buffer);
  });
});
