// Issue 12, algorithms: per-network hidden sizes (hiddenSizes the shorthand for both), opt-in update
// inspection (TD targets, Q values, gradient norms), replaying TD3's target-policy noise and
// MADDPG's Gumbel noise from logged values (bit-identical weights), Dqn's loss option, and FedAvg
// returning its normalised weights.

import { describe, expect, it } from 'vitest';
import { deriveStream, fromSeed, normal, type Rng } from '../../lib/random/index.js';
import { Ddpg, Dqn, Maddpg, Td3, maddpgRngs, jointBuffer, tdTarget, type JointBatch } from '../../lib/rl/index.js';
import { fedAvg, fedAvgWithWeights } from '../../lib/federated/index.js';
import { fromData } from '../../lib/tensor/index.js';
import { randomBatches } from './algoHelpers.js';

function jointBatch(obsDims: number[], actionDims: number[], B: number, rng: Rng): JointBatch {
  const buf = jointBuffer(B, obsDims, actionDims);
  const f = buf.fields;
  const vec = (n: number, lo = -1, hi = 1): number[] => Array.from({ length: n }, () => lo + (hi - lo) * rng.nextDouble());
  for (let b = 0; b < B; b++) {
    buf.add({ obs: vec(f.obs), action: vec(f.action, 0, 1), reward: vec(f.reward), nextObs: vec(f.nextObs), terminated: new Array(f.terminated).fill(0), truncated: new Array(f.truncated).fill(0) });
  }
  return buf.sample(B, fromSeed('sample'));
}

const same = (a: Float64Array, b: Float64Array): boolean => a.length === b.length && a.every((v, i) => Object.is(v, b[i]));

describe('actorHiddenSizes / criticHiddenSizes', () => {
  it('default to hiddenSizes and build networks of those widths (DDPG, TD3, MADDPG)', () => {
    const d = new Ddpg({ obsDim: 3, actionDim: 2, hiddenSizes: [8], criticHiddenSizes: [5, 4] }, fromSeed(1));
    expect(d.config.actorHiddenSizes).toEqual([8]);
    expect(d.actor.sizes).toEqual([3, 8, 2]);
    expect(d.critic.sizes).toEqual([5, 5, 4, 1]);
    expect(d.criticTarget.sizes).toEqual([5, 5, 4, 1]);
    const t = new Td3({ obsDim: 3, actionDim: 1, hiddenSizes: [6], actorHiddenSizes: [2] }, fromSeed(1), fromSeed(2));
    expect(t.actor.sizes).toEqual([3, 2, 1]);
    expect(t.critics.map((q) => q.sizes)).toEqual([[4, 6, 1], [4, 6, 1]]);
    const m = new Maddpg({ obsDims: [2, 2], actionDims: [1, 1], hiddenSizes: [4], actorHiddenSizes: [3] }, maddpgRngs(1, 2));
    expect(m.agents[0]!.actor.sizes).toEqual([2, 3, 1]);
    expect(m.agents[1]!.critic.sizes).toEqual([6, 4, 1]);
  });
  it('give the same initial weights as hiddenSizes when equal to it', () => {
    const a = new Ddpg({ obsDim: 3, actionDim: 2, hiddenSizes: [8, 4] }, fromSeed(1));
    const b = new Ddpg({ obsDim: 3, actionDim: 2, hiddenSizes: [1], actorHiddenSizes: [8, 4], criticHiddenSizes: [8, 4] }, fromSeed(1));
    expect(same(a.actor.flat.data, b.actor.flat.data) && same(a.critic.flat.data, b.critic.flat.data)).toBe(true);
  });
  it('are validated naming the field and index', () => {
    expect(() => new Ddpg({ obsDim: 1, actionDim: 1, actorHiddenSizes: [4, 0] }, fromSeed(1))).toThrow('DDPG: actorHiddenSizes[1] must be');
    expect(() => new Td3({ obsDim: 1, actionDim: 1, criticHiddenSizes: 'x' as never }, fromSeed(1), fromSeed(1))).toThrow('TD3: criticHiddenSizes must be an array of positive integers');
    expect(() => new Maddpg({ obsDims: [1], actionDims: [1], criticHiddenSizes: [1.5] }, maddpgRngs(1, 1))).toThrow('MADDPG: criticHiddenSizes[0] must be');
  });
});

describe('criticActivation', () => {
  it('defaults to activation: weights after updates are bit-identical to leaving it out (DDPG, TD3, MADDPG)', () => {
    const batches = randomBatches(7, 3, 6, 3, 2);
    const dCfg = { obsDim: 3, actionDim: 2, hiddenSizes: [5], activation: 'sigmoid' as const, criticWeightDecay: 0 };
    const d0 = new Ddpg(dCfg, fromSeed(4)), d1 = new Ddpg({ ...dCfg, criticActivation: 'sigmoid' }, fromSeed(4));
    const tCfg = { obsDim: 3, actionDim: 2, hiddenSizes: [5], activation: 'tanh' as const };
    const t0 = new Td3(tCfg, fromSeed(4), fromSeed(5)), t1 = new Td3({ ...tCfg, criticActivation: 'tanh' }, fromSeed(4), fromSeed(5));
    for (const b of batches) {
      d0.update(b); d1.update(b);
      t0.update(b); t1.update(b);
    }
    expect(same(d0.critic.flat.data, d1.critic.flat.data) && same(d0.actor.flat.data, d1.actor.flat.data)).toBe(true);
    expect(same(t0.actor.flat.data, t1.actor.flat.data) && t0.critics.every((q, i) => same(q.flat.data, t1.critics[i]!.flat.data))).toBe(true);
    const mCfg = { obsDims: [2, 3], actionDims: [1, 2], hiddenSizes: [4], activation: 'sigmoid' as const };
    const m0 = new Maddpg(mCfg, maddpgRngs(3, 2)), m1 = new Maddpg({ ...mCfg, criticActivation: 'sigmoid' }, maddpgRngs(3, 2));
    const jb = jointBatch([2, 3], [1, 2], 5, fromSeed('joint'));
    m0.update(jb); m1.update(jb);
    expect(m0.agents.every((a, i) => same(a.critic.flat.data, m1.agents[i]!.critic.flat.data) && same(a.actor.flat.data, m1.agents[i]!.actor.flat.data))).toBe(true);
  });
  it('sets the hidden activation of the critics and their targets only', () => {
    const d = new Ddpg({ obsDim: 3, actionDim: 2, activation: 'sigmoid', criticActivation: 'relu', hiddenSizes: [4] }, fromSeed(1));
    expect([d.actor.activation, d.actorTarget.activation, d.critic.activation, d.criticTarget.activation]).toEqual(['sigmoid', 'sigmoid', 'relu', 'relu']);
    const t = new Td3({ obsDim: 3, actionDim: 1, activation: 'tanh', criticActivation: 'relu', hiddenSizes: [4] }, fromSeed(1), fromSeed(2));
    expect([t.actor.activation, ...t.critics.map((q) => q.activation)]).toEqual(['tanh', 'relu', 'relu']);
    const m = new Maddpg({ obsDims: [2, 2], actionDims: [1, 1], activation: 'sigmoid', criticActivation: 'relu', hiddenSizes: [4] }, maddpgRngs(1, 2));
    expect([m.agents[0]!.actor.activation, m.agents[1]!.critic.activation, m.agents[1]!.criticTarget.activation]).toEqual(['sigmoid', 'relu', 'relu']);
  });
  it('is validated naming the field', () => {
    expect(() => new Ddpg({ obsDim: 1, actionDim: 1, criticActivation: 'elu' as never }, fromSeed(1))).toThrow('DDPG: criticActivation must be one of');
    expect(() => new Td3({ obsDim: 1, actionDim: 1, criticActivation: 'x' as never }, fromSeed(1), fromSeed(1))).toThrow('TD3: criticActivation must be one of');
    expect(() => new Maddpg({ obsDims: [1], actionDims: [1], criticActivation: 'x' as never }, maddpgRngs(1, 1))).toThrow('MADDPG: criticActivation must be one of');
  });
});

describe('update inspection (opt-in)', () => {
  it('DDPG: TD targets and Q values match a recomputation; stats unchanged; no inspection by default', () => {
    const [batch] = randomBatches(3, 1, 6, 3, 2);
    const cfg = { obsDim: 3, actionDim: 2, hiddenSizes: [5], criticWeightDecay: 0 };
    const plain = new Ddpg(cfg, fromSeed(4)), insp = new Ddpg(cfg, fromSeed(4));
    // y = r + γ(1 − terminated)·Q'(s', μ'(s')) computed with the (still equal) target networks before the step
    const nextQ = new Float64Array(6);
    for (let b = 0; b < 6; b++) {
      const s2 = batch!.nextObs.slice(b * 3, b * 3 + 3);
      const a2 = insp.act(s2); // actor == actorTarget at init
      const x = Float64Array.from([...s2, ...a2]);
      nextQ[b] = insp.criticTarget.forward(fromDataRow(x)).data[0]!;
    }
    const expectedY = tdTarget(batch!.reward, batch!.terminated, insp.config.gamma, nextQ, new Float64Array(6));
    const s1 = plain.update(batch!);
    const s2 = insp.update(batch!, { inspect: true });
    expect(s1.inspection).toBeUndefined();
    expect(s2.inspection!.tdTargets.length).toBe(6);
    for (let b = 0; b < 6; b++) expect(s2.inspection!.tdTargets[b]).toBeCloseTo(expectedY[b]!, 12);
    expect(s2.inspection!.qValues[0]!.reduce((a, v) => a + v, 0) / 6).toBeCloseTo(s2.qMean, 14);
    expect(s2.inspection!.gradNorms).toEqual({ critic: s2.criticGradNorm, actor: s2.actorGradNorm });
    const { inspection: _i, ...rest } = s2;
    expect(rest).toEqual(s1);
    expect(same(plain.actor.flat.data, insp.actor.flat.data)).toBe(true);
  });
  it('TD3: one Q array and one gradient norm per critic; DQN: [B, heads] targets and Q', () => {
    const [batch] = randomBatches(5, 1, 4, 2, 1);
    const t = new Td3({ obsDim: 2, actionDim: 1, hiddenSizes: [4], nCritics: 3, policyDelay: 1 }, fromSeed(1), fromSeed(2));
    const st = t.update(batch!, { inspect: true });
    expect(st.inspection!.qValues.length).toBe(3);
    expect(Object.keys(st.inspection!.gradNorms)).toEqual(['critic0', 'critic1', 'critic2', 'actor']);
    const norms = ['critic0', 'critic1', 'critic2'].map((k) => st.inspection!.gradNorms[k]!);
    expect(Math.hypot(...norms)).toBeCloseTo(st.criticGradNorm, 12);
    expect(st.inspection!.targetNoise.length).toBe(4);
    const q = new Dqn({ obsDim: 2, nvec: [2, 3], hiddenSizes: [4] }, fromSeed(1));
    const b2 = { ...batch!, action: Float64Array.from([0, 2, 1, 0, 1, 1, 0, 2]) };
    const sq = q.update(b2, { inspect: true });
    expect(sq.inspection!.tdTargets.length).toBe(8);
    expect(sq.inspection!.qValues[0]!.length).toBe(8);
    expect(sq.inspection!.gradNorms).toEqual({ q: sq.gradNorm });
  });
});

describe('replaying an update from logged noise gives bit-identical weights', () => {
  it('TD3 target-policy noise: logged ε, an explicit stream, and the default stream agree', () => {
    const batches = randomBatches(7, 3, 5, 3, 2);
    const cfg = { obsDim: 3, actionDim: 2, hiddenSizes: [6], policyDelay: 1 };
    const orig = new Td3(cfg, fromSeed(1), deriveStream(9, 'noise'));
    const logged = batches.map((b) => orig.update(b, { inspect: true }).inspection!.targetNoise);
    const replay = new Td3(cfg, fromSeed(1), fromSeed(12345)); // its own stream is never used
    batches.forEach((b, k) => replay.update(b, { targetNoise: logged[k]! }));
    expect(same(orig.actor.flat.data, replay.actor.flat.data)).toBe(true);
    expect(same(orig.critics[1]!.flat.data, replay.critics[1]!.flat.data)).toBe(true);
    // the logged values are the N(0, (0.2·1)²) draws of the stream, in order
    const s = deriveStream(9, 'noise');
    expect(logged[0]![0]).toBe(normal(s, 0, 0.2));
    // a caller-supplied stream equal to the agent's gives the same weights as the default
    const viaStream = new Td3(cfg, fromSeed(1), fromSeed(777));
    const stream = deriveStream(9, 'noise');
    batches.forEach((b) => viaStream.update(b, { targetNoise: stream }));
    expect(same(orig.actor.flat.data, viaStream.actor.flat.data)).toBe(true);
    // a different noise gives different weights (the replay test can fail)
    const other = new Td3(cfg, fromSeed(1), fromSeed(1));
    batches.forEach((b, k) => other.update(b, { targetNoise: logged[k]!.map((v) => v + 0.01) }));
    expect(same(orig.critics[0]!.flat.data, other.critics[0]!.flat.data)).toBe(false);
  });
  it('TD3 rejects logged noise of the wrong length or non-finite, naming the field', () => {
    const [batch] = randomBatches(7, 1, 5, 3, 2);
    const t = new Td3({ obsDim: 3, actionDim: 2, hiddenSizes: [4] }, fromSeed(1), fromSeed(2));
    expect(() => t.update(batch!, { targetNoise: new Float64Array(3) })).toThrow('TD3.update: options.targetNoise must be a Float64Array of length 10, or an Rng');
    expect(() => t.update(batch!, { targetNoise: new Float64Array(10).fill(NaN) })).toThrow('TD3.update: options.targetNoise[0] must be a finite number');
  });
  it('MADDPG Gumbel noise (target and actor steps): logged values replay bit for bit', () => {
    const obsDims = [2, 3], actionDims = [3, 2];
    const rng = fromSeed(5);
    const batches = [0, 1, 2].map(() => jointBatch(obsDims, actionDims, 4, rng));
    const cfg = { obsDims, actionDims, hiddenSizes: [5] };
    const orig = new Maddpg(cfg, maddpgRngs(3, 2));
    const logs = batches.map((b) => orig.update(b, { inspect: true }));
    expect(logs[0]!.targetNoise!.length).toBe(4 * 5);
    expect(logs[0]!.agents[1]!.inspection!.actorNoise.length).toBe(4 * 2);
    const replay = new Maddpg(cfg, { ...maddpgRngs(3, 2), targetNoise: fromSeed(99), actorNoise: [fromSeed(98), fromSeed(97)] });
    batches.forEach((b, k) => replay.update(b, { targetNoise: logs[k]!.targetNoise!, actorNoise: logs[k]!.agents.map((a) => a.inspection!.actorNoise) }));
    for (let i = 0; i < 2; i++) {
      expect(same(orig.agents[i]!.actor.flat.data, replay.agents[i]!.actor.flat.data)).toBe(true);
      expect(same(orig.agents[i]!.critic.flat.data, replay.agents[i]!.critic.flat.data)).toBe(true);
    }
    // inspection off = the library's default path: same weights as the inspected run
    const plain = new Maddpg(cfg, maddpgRngs(3, 2));
    batches.forEach((b) => plain.update(b));
    expect(same(orig.agents[0]!.actor.flat.data, plain.agents[0]!.actor.flat.data)).toBe(true);
    expect(() => plain.update(batches[0]!, { actorNoise: [undefined] })).toThrow('MADDPG.update: options.actorNoise must be an array of 2 noise sources');
  });
});

describe('Dqn loss option', () => {
  it("'huber' is the default; 'mse' gives (1/n)·Σ(y − Q)²", () => {
    const [batch] = randomBatches(2, 1, 4, 2, 1);
    const b = { ...batch!, action: Float64Array.from([0, 1, 1, 0]) };
    expect(new Dqn({ obsDim: 2, nvec: [2] }, fromSeed(1)).config.loss).toBe('huber');
    const q = new Dqn({ obsDim: 2, nvec: [2], hiddenSizes: [4], loss: 'mse' }, fromSeed(1));
    const s = q.update(b, { inspect: true });
    const y = s.inspection!.tdTargets, qa = s.inspection!.qValues[0]!;
    let m = 0;
    for (let i = 0; i < 4; i++) m += (y[i]! - qa[i]!) ** 2;
    expect(s.loss).toBeCloseTo(m / 4, 14);
    expect(() => new Dqn({ obsDim: 2, nvec: [2], loss: 'l1' as never }, fromSeed(1))).toThrow('DQN: loss must be');
  });
});

describe('fedAvgWithWeights', () => {
  it('returns the normalised weights and the same average as fedAvg', () => {
    const v = [Float64Array.of(1, 2), Float64Array.of(3, 4), Float64Array.of(5, 6)];
    const r = fedAvgWithWeights(v, [1, 1, 2]);
    expect(Array.from(r.weights)).toEqual([0.25, 0.25, 0.5]);
    // 0.25·1 + 0.25·3 + 0.5·5 = 3.5; 0.25·2 + 0.25·4 + 0.5·6 = 4.5
    expect(Array.from(r.average)).toEqual([3.5, 4.5]);
    expect(same(r.average, fedAvg(v, [1, 1, 2]))).toBe(true);
    expect(Array.from(fedAvgWithWeights(v).weights)).toEqual([1 / 3, 1 / 3, 1 / 3]);
    expect(() => fedAvgWithWeights(v, [1, -1, 0])).toThrow('fedAvgWithWeights: weights[1] must be a finite number >= 0');
  });
});

function fromDataRow(x: Float64Array) {
  return fromData(x, [1, x.length]);
}
