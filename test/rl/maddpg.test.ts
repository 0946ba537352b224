// MADDPG (lib/rl/maddpg.ts): critic input layout, target actions computed once per batch and before
// any agent's step, a hand-computed critic target, gradients confined to agent i's actor with the
// critic frozen, Gumbel-Softmax actions and gradients, the N = 1 ≡ DDPG equivalence, config errors.

import { describe, expect, it, vi } from 'vitest';
import { fromSeed, type Rng } from '../../lib/random/index.js';
import { concat, fromData, noGrad } from '../../lib/tensor/index.js';
import { mseLoss } from '../../lib/nn/index.js';
import { Ddpg } from '../../lib/rl/ddpg.js';
import { Maddpg, maddpgRngs, resolveMaddpgConfig, type MaddpgConfig } from '../../lib/rl/maddpg.js';
import { jointBuffer, type JointBatch } from '../../lib/rl/multiAgent.js';
import { tdTarget } from '../../lib/rl/actorCritic.js';

type Cfg = Partial<MaddpgConfig> & Pick<MaddpgConfig, 'obsDims' | 'actionDims'>;

/** A joint batch of `B` rows filled from `rng` (actions in [0, 1], flags 0 unless `terminal`). */
function randomBatch(obsDims: number[], actionDims: number[], B: number, rng: Rng, terminal = false): JointBatch {
  const buf = jointBuffer(B, obsDims, actionDims);
  const f = buf.fields;
  const vec = (n: number, lo = -1, hi = 1): number[] => Array.from({ length: n }, () => lo + (hi - lo) * rng.nextDouble());
  for (let b = 0; b < B; b++) {
    buf.add({
      obs: vec(f.obs), action: vec(f.action, 0, 1), reward: vec(f.reward), nextObs: vec(f.nextObs),
      terminated: vec(f.terminated).map((x) => (terminal && x > 0 ? 1 : 0)), truncated: new Array(f.truncated).fill(0),
    });
  }
  return buf.sample(B, fromSeed('sample'));
}

const make = (cfg: Cfg, seed = 1): Maddpg => new Maddpg(cfg, maddpgRngs(seed, cfg.obsDims.length));

describe('MADDPG critic input', () => {
  it('is all observations then all actions, each in agent order, of width Σobs + Σact', () => {
    const obsDims = [2, 3], actionDims = [1, 2];
    const m = make({ obsDims, actionDims, hiddenSizes: [], actionKind: 'continuous', maxGradNorm: null });
    expect(m.criticInputDim).toBe(8);
    for (const a of m.agents) expect(a.critic.sizes).toEqual([8, 1]);
    expect(m.agents.map((a) => a.actor.sizes)).toEqual([[2, 1], [3, 2]]);
    const batch = randomBatch(obsDims, actionDims, 1, fromSeed(3));
    const expected = [...batch.obs, ...batch.action]; // [o_1 (2), o_2 (3), a_1 (1), a_2 (2)]
    for (let k = 0; k < 8; k++) {
      // Critic 0 := picks input column k (weight e_k, bias 0); qMean is Q(o, a) before its step.
      const w = new Float64Array(9); w[k] = 1;
      const fresh = make({ obsDims, actionDims, hiddenSizes: [], actionKind: 'continuous', maxGradNorm: null });
      fresh.agents[0]!.critic.flat.data.set(w);
      const stats = fresh.updateAgent(0, batch, fresh.targetActions(batch));
      expect(stats.qMean).toBe(expected[k]);
    }
  });
});

describe('MADDPG target actions', () => {
  it('are computed once per batch: every target actor runs exactly once per update', () => {
    const m = make({ obsDims: [4, 3, 2], actionDims: [2, 5, 1], hiddenSizes: [8] });
    const spies = m.agents.map((a) => vi.spyOn(a.actorTarget, 'forward'));
    const batch = randomBatch([4, 3, 2], [2, 5, 1], 16, fromSeed(4));
    m.update(batch);
    expect(spies.map((s) => s.mock.calls.length)).toEqual([1, 1, 1]);
    m.update(batch);
    expect(spies.map((s) => s.mock.calls.length)).toEqual([2, 2, 2]);
  });

  it('are computed before any agent steps: agent 1 bootstraps from the pre-update target actors (τ = 1)', () => {
    const cfg: Cfg = { obsDims: [3, 2], actionDims: [2, 2], hiddenSizes: [8], actionKind: 'continuous', tau: 1, gamma: 0.9 };
    const m = make(cfg), ref = make(cfg);
    const batch = randomBatch([3, 2], [2, 2], 8, fromSeed(5));
    const ta = ref.targetActions(batch).slice();
    const yOf = (net: Maddpg, actions: Float64Array): number => noGrad(() => {
      const q2 = net.agents[1]!.criticTarget.forward(concat([fromData(batch.nextObs, [8, 5]), fromData(actions, [8, 4])], 1));
      const r = new Float64Array(8).map((_, b) => batch.reward[b * 2 + 1]!), d = new Float64Array(8).map((_, b) => batch.terminated[b * 2 + 1]!);
      return tdTarget(r, d, 0.9, q2.data, new Float64Array(8)).reduce((s, x) => s + x, 0) / 8;
    });
    const right = yOf(ref, ta);
    ref.updateAgent(0, batch, ta); // with τ = 1 agent 0's target actor is now its new actor
    const wrong = yOf(ref, ref.targetActions(batch));
    expect(wrong).not.toBe(right); // the test can tell the two orders apart
    expect(m.update(batch).agents[1]!.targetMean).toBe(right);
  });

  it('give the hand-computed critic target for 2 agents with hand-set target weights', () => {
    // Linear nets: a'_j = tanh(w_j·o'_j + b_j); Q'_0 = [1, 2, 3, 4]·[o'_1, o'_2, a'_1, a'_2] + 0.5.
    const m = make({ obsDims: [1, 1], actionDims: [1, 1], hiddenSizes: [], actionKind: 'continuous', actorOutput: 'tanh', gamma: 0.9 });
    m.agents[0]!.actorTarget.flat.data.set([0.5, 0.1]);
    m.agents[1]!.actorTarget.flat.data.set([-1, 0]);
    m.agents[0]!.criticTarget.flat.data.set([1, 2, 3, 4, 0.5]);
    const batch = { batchSize: 2, indices: new Int32Array(2), obs: new Float64Array(4), action: new Float64Array(4),
      nextObs: new Float64Array([0.2, 0.4, 0.2, 0.4]), reward: new Float64Array([1, -1, 2, 0]), terminated: new Float64Array([0, 0, 1, 0]), truncated: new Float64Array(4) };
    // a'_1 = tanh(0.5·0.2 + 0.1) = tanh(0.2) = 0.197375320224904; a'_2 = tanh(−0.4) = −0.3799489622552249
    const ta = m.targetActions(batch);
    expect(ta[0]).toBeCloseTo(0.197375320224904, 14);
    expect(ta[1]).toBeCloseTo(-0.379948962255225, 14);
    expect(Array.from(ta.subarray(2))).toEqual(Array.from(ta.subarray(0, 2)));
    // Q'_0 = 0.2 + 0.8 + 3·0.197375320224904 − 4·0.3799489622552249 + 0.5 = 0.5723301116538124
    // row 0: y = 1 + 0.9·0.5723301116538124 = 1.5150971004884313; row 1 (terminated): y = r = 2
    const stats = m.updateAgent(0, batch, ta);
    expect(stats.targetMean).toBeCloseTo((1.5150971004884313 + 2) / 2, 14);
  });
});

describe('MADDPG actor step', () => {
  it('puts gradient only into agent i\'s actor and critic; the critic is frozen while the actor learns', () => {
    const cfg: Cfg = { obsDims: [3, 4, 2], actionDims: [2, 1, 3], hiddenSizes: [8], actionKind: 'continuous', maxGradNorm: null };
    const m = make(cfg), ref = make(cfg);
    const batch = randomBatch([3, 4, 2], [2, 1, 3], 8, fromSeed(6));
    const critic = m.agents[1]!.critic;
    const seen: boolean[] = [];
    const fwd = critic.forward.bind(critic);
    vi.spyOn(critic, 'forward').mockImplementation((x) => { seen.push(critic.parameters().every((p) => p.tensor.requiresGrad)); return fwd(x); });
    m.updateAgent(1, batch, m.targetActions(batch));
    expect(seen).toEqual([true, false]); // critic step with gradients, actor step through a frozen critic
    expect(critic.parameters().every((p) => p.tensor.requiresGrad)).toBe(true); // restored
    const nonZero = (g: Float64Array): boolean => g.some((x) => x !== 0);
    expect(m.agents.map((a) => nonZero(a.actor.flat.grad))).toEqual([false, true, false]);
    expect(m.agents.map((a) => nonZero(a.critic.flat.grad))).toEqual([false, true, false]);
    expect(m.agents.map((a) => [a.actorOpt.t, a.criticOpt.t])).toEqual([[0, 0], [1, 1], [0, 0]]);
    // The critic's gradient is exactly its own loss's: the actor step added nothing to it.
    const r = ref.agents[1]!, ta = ref.targetActions(batch);
    const y = noGrad(() => {
      const q2 = r.criticTarget.forward(concat([fromData(batch.nextObs, [8, 9]), fromData(ta, [8, 6])], 1));
      const rew = new Float64Array(8).map((_, b) => batch.reward[b * 3 + 1]!), d = new Float64Array(8).map((_, b) => batch.terminated[b * 3 + 1]!);
      return fromData(tdTarget(rew, d, ref.config.gamma, q2.data, new Float64Array(8)), [8, 1]);
    });
    mseLoss(r.critic.forward(concat([fromData(batch.obs, [8, 9]), fromData(batch.action, [8, 6])], 1)), y).backward();
    expect(Array.from(critic.flat.grad)).toEqual(Array.from(r.critic.flat.grad));
  });

  for (const hard of [false, true]) {
    it(`gumbel (${hard ? 'hard, straight-through' : 'soft'}): the actor gradient is non-zero and only agent i's noise stream is drawn`, () => {
      const m = make({ obsDims: [3, 3], actionDims: [5, 5], hiddenSizes: [16], gumbelHard: hard, maxGradNorm: null });
      const batch = randomBatch([3, 3], [5, 5], 8, fromSeed(7));
      const before = m.getState();
      const stats = m.updateAgent(0, batch, m.targetActions(batch));
      expect(stats.actorGradNorm).toBeGreaterThan(0);
      expect(m.agents[0]!.actor.flat.grad.some((x) => x !== 0)).toBe(true);
      const after = m.getState();
      expect(after.actorNoise[0]).not.toEqual(before.actorNoise[0]);
      expect(after.actorNoise[1]).toEqual(before.actorNoise[1]);
      expect(after.targetNoise).not.toEqual(before.targetNoise);
    });
  }
});

describe('MADDPG Gumbel-Softmax actions', () => {
  it('hard samples and hard target actions are exactly one-hot; soft ones lie in the simplex', () => {
    const obs = new Float64Array([0.3, -0.2, 0.9]);
    for (const hard of [true, false]) {
      const m = make({ obsDims: [3, 3], actionDims: [5, 4], gumbelHard: hard });
      const rng = fromSeed(8);
      for (let t = 0; t < 20; t++) {
        const a = m.sample(1, obs, rng);
        expect(a.length).toBe(4);
        if (hard) expect([...a].sort()).toEqual([0, 0, 0, 1]);
        else { expect(a.every((x) => x > 0 && x < 1)).toBe(true); expect(a.reduce((s, x) => s + x, 0)).toBeCloseTo(1, 14); }
      }
      const ta = m.targetActions(randomBatch([3, 3], [5, 4], 6, fromSeed(9)));
      for (let b = 0; b < 6; b++) {
        for (const [o, d] of [[0, 5], [5, 4]] as const) {
          const block = Array.from(ta.subarray(b * 9 + o, b * 9 + o + d));
          if (hard) expect(block.filter((x) => x === 1).length + block.filter((x) => x === 0).length === d && block.includes(1)).toBe(true);
          else expect(block.reduce((s, x) => s + x, 0)).toBeCloseTo(1, 14);
        }
      }
      const g = m.act(0, obs);
      if (hard) expect([...g].sort()).toEqual([0, 0, 0, 0, 1]);
      else expect(g.reduce((s, x) => s + x, 0)).toBeCloseTo(1, 14);
    }
  });

  it('`sample` refuses continuous actors', () => {
    const m = make({ obsDims: [2], actionDims: [1], actionKind: 'continuous' });
    expect(() => m.sample(0, new Float64Array(2), fromSeed(1))).toThrow(/actionKind/);
  });
});

describe('MADDPG with N = 1 and continuous actions', () => {
  for (const maxGradNorm of [null, 0.5]) {
    it(`equals DDPG bit for bit (maxGradNorm ${maxGradNorm})`, () => {
      const shared = { hiddenSizes: [16, 16], activation: 'relu', actorOutput: 'tanh', actorLr: 1e-3, criticLr: 2e-3, gamma: 0.97, tau: 0.05, finalLayerInit: 3e-3, maxGradNorm } as const;
      const m = new Maddpg({ ...shared, obsDims: [3], actionDims: [2], actionKind: 'continuous', actorOutputReg: 0, clipMode: 'global', init: 'pytorch' }, { init: fromSeed(11), targetNoise: fromSeed(0), actorNoise: [fromSeed(0)] });
      const d = new Ddpg({ ...shared, obsDim: 3, actionDim: 2, criticWeightDecay: 0 }, fromSeed(11));
      const rng = fromSeed(12);
      for (let k = 0; k < 5; k++) {
        const batch = randomBatch([3], [2], 32, rng, true); // N = 1: the joint batch IS a transition batch
        expect(m.update(batch).agents[0]).toEqual(d.update(batch));
      }
      const a = m.agents[0]!;
      expect(Array.from(a.actor.flat.data)).toEqual(Array.from(d.actor.flat.data));
      expect(Array.from(a.critic.flat.data)).toEqual(Array.from(d.critic.flat.data));
      expect(Array.from(a.actorTarget.flat.data)).toEqual(Array.from(d.actorTarget.flat.data));
      expect(Array.from(a.criticTarget.flat.data)).toEqual(Array.from(d.criticTarget.flat.data));
      expect(a.actorOpt.getState()).toEqual(d.actorOpt.getState());
    });
  }
});

describe('MADDPG clipMode', () => {
  it("'perParameter' clips each weight and bias block to maxGradNorm (the reference's per-variable clip); 'global' the whole vector", () => {
    const cfg: Cfg = { obsDims: [3, 2], actionDims: [5, 5], hiddenSizes: [8], maxGradNorm: 1e-3 };
    const batch = randomBatch([3, 2], [5, 5], 16, fromSeed(21));
    for (const clipMode of ['perParameter', 'global'] as const) {
      const m = make({ ...cfg, clipMode }), critic = m.agents[0]!.critic;
      const seen: number[][] = [];
      const step = critic.flat.grad; // inspect the clipped gradient the optimiser consumed: wrap the step
      const opt = m.agents[0]!.criticOpt, original = opt.step.bind(opt);
      opt.step = () => {
        let o = 0;
        seen.push(critic.parameters().map((p) => { const n = p.tensor.size; let s2 = 0; for (let k = o; k < o + n; k++) s2 += step[k]! ** 2; o += n; return Math.sqrt(s2); }));
        original();
      };
      const stats = m.update(batch).agents[0]!;
      const norms = seen[0]!;
      expect(stats.criticGradNorm).toBeGreaterThan(1e-3); // the unclipped global norm is reported
      if (clipMode === 'perParameter') {
        expect(norms.length).toBe(4); // 2 layers × (weight, bias)
        for (const n of norms) expect(n).toBeLessThanOrEqual(1e-3 * (1 + 1e-12));
        expect(Math.hypot(...norms)).toBeGreaterThan(1e-3); // several blocks at the cap: globally above it
      } else expect(Math.hypot(...norms)).toBeLessThanOrEqual(1e-3);
    }
  });
});

describe('MADDPG init', () => {
  it("'xavier' (the reference's TF default): zero biases, weights within ±√(6/(fan_in + fan_out)); 'pytorch' draws biases", () => {
    const x = make({ obsDims: [3, 2], actionDims: [5, 5], hiddenSizes: [8] }).agents[0]!;
    for (const net of [x.actor, x.critic]) {
      for (const p of net.parameters()) {
        const d = p.tensor.data;
        if (p.name.endsWith('bias')) expect(Array.from(d).every((v) => v === 0)).toBe(true);
        else {
          const [fi, fo] = p.tensor.shape as [number, number], lim = Math.sqrt(6 / (fi + fo));
          expect(Array.from(d).every((v) => Math.abs(v) <= lim)).toBe(true);
          expect(Math.max(...Array.from(d, Math.abs))).toBeGreaterThan(0.5 * lim);
        }
      }
    }
    const t = make({ obsDims: [3, 2], actionDims: [5, 5], hiddenSizes: [8], init: 'pytorch' }).agents[0]!;
    expect(t.actor.parameters().filter((p) => p.name.endsWith('bias')).some((p) => Array.from(p.tensor.data).some((v) => v !== 0))).toBe(true);
  });
});

describe('MADDPG state', () => {
  it('setState restores weights, optimizers, noise streams and the counter (after a JSON round trip of the small parts)', () => {
    const cfg: Cfg = { obsDims: [3, 2], actionDims: [5, 5], hiddenSizes: [8] };
    const a = make(cfg), b = make(cfg, 99);
    const batch = randomBatch([3, 2], [5, 5], 8, fromSeed(13));
    a.update(batch);
    const s = a.getState();
    b.setState({ ...s, targetNoise: JSON.parse(JSON.stringify(s.targetNoise)), actorNoise: JSON.parse(JSON.stringify(s.actorNoise)) });
    expect(b.update(batch)).toEqual(a.update(batch));
    expect(b.getState()).toEqual(a.getState());
  });
});

describe('MADDPG config', () => {
  const base: Cfg = { obsDims: [3, 2], actionDims: [5, 5] };
  it('fills the reference defaults', () => {
    const c = resolveMaddpgConfig(base);
    expect(c).toMatchObject({ actionKind: 'gumbel', hiddenSizes: [64, 64], actorLr: 1e-2, criticLr: 1e-2, gamma: 0.95, tau: 0.01, maxGradNorm: 0.5, clipMode: 'perParameter', init: 'xavier', gumbelTemperature: 1, gumbelHard: false, actorOutputReg: 1e-3 });
  });
  it.each([
    [{ actionDims: [5] }, /MADDPG: actionDims must be an array of 2 integers/],
    [{ actionDims: [5, 0] }, /MADDPG: actionDims\[1\] must be an integer in \[1, /],
    [{ obsDims: [] }, /MADDPG: obsDims must be a non-empty array/],
    [{ gumbelTemperature: 0 }, /MADDPG: gumbelTemperature must be a finite number > 0, got 0/],
    [{ tau: 1.5 }, /MADDPG: tau must be a finite number in \[0, 1\], got 1.5/],
    [{ actionKind: 'discrete' }, /MADDPG: actionKind must be one of "continuous", "gumbel"/],
    [{ gumbelHard: 1 }, /MADDPG: gumbelHard must be true or false/],
    [{ maxGradNorm: -1 }, /MADDPG: maxGradNorm must be a finite number > 0, or null/],
    [{ clipMode: 'layer' }, /MADDPG: clipMode must be one of/],
    [{ init: 'glorot' }, /MADDPG: init must be one of "pytorch", "xavier", "he", got "glorot"/],
    [{ hiddenSizes: [64, 0] }, /MADDPG: hiddenSizes\[1\]/],
    [{ gama: 0.9 }, /MADDPG: unknown config field "gama"/],
  ])('rejects %j naming the field', (patch, re) => {
    expect(() => resolveMaddpgConfig({ ...base, ...(patch as object) } as Cfg)).toThrow(re);
  });
  it('requires one actor-noise stream per agent', () => {
    expect(() => new Maddpg(base, { ...maddpgRngs(1, 2), actorNoise: [fromSeed(1)] })).toThrow(/rngs\.actorNoise/);
  });
});

describe("MADDPG gumbelTargetAction 'argmax' (spec 02 §4.1 targetAction)", () => {
  it('target actions are the one-hot argmax of the target logits and draw no noise', () => {
    // Linear actors with no hidden layer: logits = W·o' + b. Agent 0: W = [1, −1, 0], b = [0, 0, 0.5];
    // o' = 0.2 ⇒ logits [0.2, −0.2, 0.5] ⇒ argmax 2; o' = 1 ⇒ [1, −1, 0.5] ⇒ argmax 0.
    const rngs = maddpgRngs(1, 1);
    const m = new Maddpg({ obsDims: [1], actionDims: [3], hiddenSizes: [], gumbelHard: true, gumbelTargetAction: 'argmax' }, rngs);
    m.agents[0]!.actorTarget.flat.data.set([1, -1, 0, 0, 0, 0.5]);
    const before = JSON.stringify(rngs.targetNoise.getState());
    const batch = { batchSize: 2, indices: new Int32Array(2), obs: new Float64Array(2), action: new Float64Array(6),
      nextObs: new Float64Array([0.2, 1]), reward: new Float64Array(2), terminated: new Float64Array(2), truncated: new Float64Array(2) };
    expect(Array.from(m.targetActions(batch))).toEqual([0, 0, 1, 1, 0, 0]);
    expect(JSON.stringify(rngs.targetNoise.getState())).toBe(before);
    expect(resolveMaddpgConfig({ obsDims: [1], actionDims: [2] }).gumbelTargetAction).toBe('sample');
    expect(() => resolveMaddpgConfig({ obsDims: [1], actionDims: [2], gumbelTargetAction: 'mode' as never })).toThrow(/gumbelTargetAction/);
  });
});
