// The multi-agent loop (lib/rl/multiAgent.ts) and the learners behind it (lib/rl/independent.ts):
// smoke runs of MADDPG (Gumbel, 3 agents), IDDPG and IDQN on MPE simple_spread, determinism,
// bit-identical checkpoint resume through splitState/joinState, independent learners = their
// single-agent algorithms on their own columns, evaluation seeds, rewardMode, config errors.

import { describe, expect, it } from 'vitest';
import { SimpleSpreadEnv, type SimpleSpreadConfig } from '../../lib/env/classic/index.js';
import { deriveStream, fromSeed, integer } from '../../lib/random/index.js';
import { joinState, splitState, type StateValue } from '../../lib/rl/checkpoint.js';
import { Ddpg } from '../../lib/rl/ddpg.js';
import { Dqn } from '../../lib/rl/dqn.js';
import { agentColumns, idqnLearner, iddpgLearner, maddpgLearner } from '../../lib/rl/independent.js';
import { Maddpg, maddpgRngs } from '../../lib/rl/maddpg.js';
import {
  MultiAgentTrainer, deterministicPolicy, envSpaces, evaluateParallel, exploreRngs, jointBuffer, resolveMultiAgentConfig,
  type MultiAgentConfig, type MultiAgentEvent, type MultiAgentLearner, type MultiAgentState,
} from '../../lib/rl/multiAgent.js';
import { Box } from '../../lib/rl/spaces.js';

type Kind = 'maddpg' | 'maddpg-hard' | 'iddpg' | 'idqn';
type Act = Float64Array | number | Int32Array;

const env = (kind: Kind, extra: Partial<SimpleSpreadConfig> = {}): SimpleSpreadEnv =>
  new SimpleSpreadEnv({ continuous: kind !== 'idqn' && kind !== 'maddpg-hard', ...extra });

/** A learner of `kind` for `e`, every stream derived from `seed`. */
function learner(kind: Kind, e: SimpleSpreadEnv, seed: number): MultiAgentLearner<Act> {
  const { obsDims, actionSpaces } = envSpaces(e), n = obsDims.length, rngs = exploreRngs(seed, n);
  if (kind === 'maddpg' || kind === 'maddpg-hard') {
    const m = new Maddpg({ obsDims, actionDims: obsDims.map(() => 5), hiddenSizes: [32, 32], gumbelHard: kind === 'maddpg-hard' }, maddpgRngs(seed, n));
    return maddpgLearner(m, actionSpaces, { rngs }) as MultiAgentLearner<Act>;
  }
  if (kind === 'iddpg') {
    const agents = obsDims.map((od, i) => new Ddpg({ obsDim: od, actionDim: 5, hiddenSizes: [32, 32], actorOutput: 'sigmoid', actorLr: 1e-3 }, deriveStream(seed, 'init', i)));
    return iddpgLearner(agents, actionSpaces, { rngs, noise: { kind: 'ou' } }) as MultiAgentLearner<Act>;
  }
  const agents = obsDims.map((od, i) => new Dqn({ obsDim: od, nvec: [5], hiddenSizes: [32], targetUpdateInterval: 20, epsilonSteps: 200 }, deriveStream(seed, 'init', i)));
  return idqnLearner(agents, actionSpaces, { rngs }) as MultiAgentLearner<Act>;
}

const LOOP: Omit<MultiAgentConfig, 'seed'> = { bufferSize: 1000, batchSize: 32, warmupSteps: 50, warmupActions: 'random', updateEvery: 5, gradientSteps: 2, rewardMode: 'individual' };

function trainer(kind: Kind, seed: number, events: MultiAgentEvent[], loop: Partial<MultiAgentConfig> = {}): MultiAgentTrainer<string, Act> {
  const e = env(kind);
  return new MultiAgentTrainer(e, learner(kind, e, seed), { ...LOOP, ...loop, seed }, (ev) => events.push(ev));
}

/** The learner's weights and every other state, as plain JSON-comparable data. */
const snapshot = (t: MultiAgentTrainer<string, Act>): unknown => {
  const { manifest, arrays } = splitState(t.getState() as unknown as StateValue);
  return { manifest, arrays: arrays.map((a) => [a.name, Array.from(a.data)]) };
};

describe('MultiAgentTrainer smoke runs on simple_spread (3 agents)', () => {
  for (const kind of ['maddpg', 'maddpg-hard', 'iddpg', 'idqn'] as const) {
    it(`${kind}: 300 steps, 12 episodes of 25 steps, finite updates that change the weights`, () => {
      const events: MultiAgentEvent[] = [];
      const t = trainer(kind, 1, events);
      const w0 = JSON.stringify(snapshot(t));
      t.run(300);
      const episodes = events.filter((e) => e.kind === 'episode');
      const updates = events.filter((e) => e.kind === 'update');
      expect(episodes.length).toBe(12);
      for (const ep of episodes) {
        expect(ep.length).toBe(25);
        expect(ep.returns.length).toBe(3);
        expect(ep.totalReturn).toBe(ep.returns[0]! + ep.returns[1]! + ep.returns[2]!);
        if (kind !== 'idqn' && kind !== 'maddpg-hard') expect(new Set(ep.returns).size).toBe(1); // 'original' shared reward
      }
      expect(updates.length).toBe(50); // steps 55, 60, …, 300
      expect(t.updates).toBe(100);
      for (const u of updates) {
        if (u.kind !== 'update') continue;
        expect(u.stats.agents.length).toBe(3);
        for (const s of u.stats.agents) for (const v of Object.values(s)) if (typeof v === 'number') expect(Number.isFinite(v)).toBe(true);
      }
      expect(JSON.stringify(snapshot(t))).not.toBe(w0);
      expect(t.buffer.size).toBe(300);
    });
  }

  it('maddpg stores its Gumbel-Softmax samples: soft rows on the simplex, hard rows one-hot', () => {
    for (const kind of ['maddpg', 'maddpg-hard'] as const) {
      const t = trainer(kind, 2, []);
      t.run(80); // random warm-up (50 steps) then exploring samples
      for (const row of [3, 70]) {
        const a = t.buffer.row('action', row);
        for (let i = 0; i < 3; i++) {
          const block = Array.from(a.subarray(5 * i, 5 * i + 5));
          if (kind === 'maddpg') expect(block.reduce((s, x) => s + x, 0)).toBeCloseTo(1, 12);
          else expect(block.slice().sort()).toEqual([0, 0, 0, 0, 1]);
        }
      }
    }
  });
});

describe('MultiAgentTrainer determinism and resume', () => {
  for (const kind of ['maddpg', 'iddpg', 'idqn'] as const) {
    it(`${kind}: same seed ⇒ identical weights, buffers and event log; a different seed differs`, () => {
      const ea: MultiAgentEvent[] = [], eb: MultiAgentEvent[] = [], ec: MultiAgentEvent[] = [];
      const a = trainer(kind, 5, ea), b = trainer(kind, 5, eb), c = trainer(kind, 6, ec);
      a.run(200); b.run(200); c.run(200);
      expect(JSON.stringify(ea)).toBe(JSON.stringify(eb));
      expect(JSON.stringify(snapshot(a))).toBe(JSON.stringify(snapshot(b)));
      expect(JSON.stringify(ec)).not.toBe(JSON.stringify(ea));
    });

    it(`${kind}: getState → splitState → JSON + binary → joinState → fresh objects → setState continues bit-identically`, () => {
      const full: MultiAgentEvent[] = [], first: MultiAgentEvent[] = [], second: MultiAgentEvent[] = [];
      const ref = trainer(kind, 7, full);
      ref.run(237);
      const t1 = trainer(kind, 7, first);
      t1.run(120); // mid-episode, after updates began
      const { manifest, arrays } = splitState(t1.getState() as unknown as StateValue);
      const text = JSON.stringify(manifest);
      const copies = new Map(arrays.map((x) => [x.name, Float64Array.from(x.data)] as const)); // "written to disk"
      t1.run(50); // the original keeps going: the saved copy must not depend on it
      const t2 = trainer(kind, 999, second); // fresh env, learner and loop with different seeds
      t2.setState(joinState(JSON.parse(text), copies) as unknown as MultiAgentState);
      t2.run(117);
      expect(JSON.stringify(snapshot(t2))).toBe(JSON.stringify(snapshot(ref)));
      const tail = full.filter((e) => e.step > 120);
      expect(tail.length).toBeGreaterThan(5);
      expect(JSON.stringify(second)).toBe(JSON.stringify(tail));
    });
  }
});

describe('independent learners', () => {
  it('IDDPG updates agent i exactly as a lone DDPG on agent i\'s columns of the joint batch', () => {
    const obsDims = [3, 2], actionDims = [2, 1], B = 16, rng = fromSeed(21);
    const cfg = (i: number) => ({ obsDim: obsDims[i]!, actionDim: actionDims[i]!, hiddenSizes: [8], criticWeightDecay: 0 });
    const wrapped = obsDims.map((_, i) => new Ddpg(cfg(i), fromSeed(30 + i)));
    const alone = obsDims.map((_, i) => new Ddpg(cfg(i), fromSeed(30 + i)));
    const l = iddpgLearner(wrapped, actionDims.map((d) => new Box({ low: -1, high: 1, shape: [d] })), { rngs: exploreRngs(1, 2) });
    const buf = jointBuffer(B, obsDims, actionDims);
    const v = (n: number): number[] => Array.from({ length: n }, () => rng.nextDouble() - 0.5);
    for (let b = 0; b < B; b++) buf.add({ obs: v(5), action: v(3), reward: v(2), nextObs: v(5), terminated: [0, b % 3 === 0 ? 1 : 0], truncated: [0, 0] });
    const batch = buf.sample(B, fromSeed(2));
    const stats = l.update(batch).agents;
    alone.forEach((d, i) => {
      const oo = [0, 3][i]!, ao = [0, 2][i]!;
      const own = {
        batchSize: B, indices: batch.indices,
        obs: agentColumns(batch.obs, 5, oo, obsDims[i]!, new Float64Array(B * obsDims[i]!)),
        action: agentColumns(batch.action, 3, ao, actionDims[i]!, new Float64Array(B * actionDims[i]!)),
        reward: agentColumns(batch.reward, 2, i, 1, new Float64Array(B)),
        nextObs: agentColumns(batch.nextObs, 5, oo, obsDims[i]!, new Float64Array(B * obsDims[i]!)),
        terminated: agentColumns(batch.terminated, 2, i, 1, new Float64Array(B)),
        truncated: agentColumns(batch.truncated, 2, i, 1, new Float64Array(B)),
      };
      expect(stats[i]).toEqual(d.update(own));
      expect(Array.from(wrapped[i]!.actor.flat.data)).toEqual(Array.from(d.actor.flat.data));
      expect(Array.from(wrapped[i]!.critic.flat.data)).toEqual(Array.from(d.critic.flat.data));
    });
    expect(Array.from(agentColumns(new Float64Array([1, 2, 3, 4, 5, 6]), 3, 1, 2, new Float64Array(4)))).toEqual([2, 3, 5, 6]);
  });
});

describe('evaluateParallel and the deterministic policy', () => {
  it('uses the (seed, "eval") reset seeds, draws no random numbers, and repeats exactly', () => {
    const e = env('maddpg'), l = learner('maddpg', e, 3);
    const before = JSON.stringify(l.getState());
    const r1 = evaluateParallel(e, l, 3, 42), r2 = evaluateParallel(e, l, 3, 42);
    expect(r2).toEqual(r1);
    expect(JSON.stringify(l.getState())).toBe(before); // greedy actions consume no stream
    expect(r1.lengths).toEqual([25, 25, 25]);
    expect(r1.returns.length).toBe(3);
    expect(r1.meanTotalReturn).toBeCloseTo(r1.totalReturns.reduce((a, b) => a + b, 0) / 3, 12);
    // Replaying the first episode by hand with the first eval seed gives its return.
    const seed0 = integer(deriveStream(42, 'eval'), 0, 2 ** 31), policy = deterministicPolicy(e.possibleAgents, l);
    let { obs } = e.reset({ seed: seed0 });
    const ret = [0, 0, 0];
    while (e.agents.length > 0) {
      const r = e.step(policy(obs) as Parameters<SimpleSpreadEnv['step']>[0]);
      e.possibleAgents.forEach((a, i) => { ret[i]! += r.rewards[a]!; });
      obs = r.obs;
    }
    expect(ret).toEqual(r1.returns[0]);
    expect(ret[0]! + ret[1]! + ret[2]!).toBe(r1.totalReturns[0]);
    expect(evaluateParallel(e, l, 3, 43).totalReturns).not.toEqual(r1.totalReturns);
  });
});

describe('rewardMode', () => {
  it("'sum' and 'mean' store the agents' summed / mean reward for every agent; events keep the env's own", () => {
    for (const mode of ['individual', 'sum', 'mean'] as const) {
      const events: MultiAgentEvent[] = [];
      const e = new SimpleSpreadEnv({ continuous: true, variant: 'pettingzoo', localRatio: 0.9 });
      const t = new MultiAgentTrainer(e, learner('maddpg', e, 4), { ...LOOP, seed: 4, rewardMode: mode }, (ev) => events.push(ev));
      const stepRewards: number[][] = [];
      const origStep = e.step.bind(e);
      e.step = (a) => { const r = origStep(a); stepRewards.push(e.possibleAgents.map((id) => r.rewards[id]!)); return r; };
      t.run(25);
      const ep = events.find((x) => x.kind === 'episode');
      expect(ep?.kind === 'episode' && ep.returns).toEqual([0, 1, 2].map((i) => stepRewards.reduce((s, r) => s + r[i]!, 0)));
      for (let k = 0; k < 25; k++) {
        const r = stepRewards[k]!, sum = r[0]! + r[1]! + r[2]!;
        const want = mode === 'individual' ? r : mode === 'sum' ? [sum, sum, sum] : [sum / 3, sum / 3, sum / 3];
        expect(Array.from(t.buffer.row('reward', k))).toEqual(want);
      }
    }
  });
});

describe('warm-up', () => {
  it("'random' warm-up picks random actions for warmupSteps steps, 'policy' explores from the start; no updates before", () => {
    for (const warmupActions of ['random', 'policy'] as const) {
      const e = env('maddpg'), l = learner('maddpg', e, 8), modes: string[] = [];
      const select = l.select.bind(l);
      const spy: MultiAgentLearner<Act> = { ...l, select: (o, mode, step, out) => { modes.push(mode); select(o, mode, step, out); } };
      const events: MultiAgentEvent[] = [];
      new MultiAgentTrainer(e, spy, { ...LOOP, seed: 8, warmupActions }, (ev) => events.push(ev)).run(60);
      expect(modes.slice(0, 50).every((m) => m === (warmupActions === 'random' ? 'random' : 'explore'))).toBe(true);
      expect(modes.slice(50)).toEqual(new Array(10).fill('explore'));
      expect(events.filter((x) => x.kind === 'update').map((x) => x.step)).toEqual([55, 60]);
    }
  });
});

describe('multi-agent config and wiring errors name the field', () => {
  it.each([
    [{ batchSize: 0 }, /multiAgent: batchSize must be an integer in \[1, /],
    [{ warmupActions: 'none' }, /multiAgent: warmupActions must be one of "random", "policy"/],
    [{ rewardMode: 'shared' }, /multiAgent: rewardMode must be one of "individual", "sum", "mean"/],
    [{ updateEvery: 0 }, /multiAgent: updateEvery must be an integer/],
    [{ gradSteps: 1 }, /multiAgent: unknown config field "gradSteps"/],
  ])('rejects %j', (patch, re) => {
    expect(() => resolveMultiAgentConfig({ seed: 1, ...(patch as object) })).toThrow(re);
  });

  it('rejects learners that do not fit the env or their action spaces', () => {
    const e3 = new SimpleSpreadEnv({ continuous: true }), e2 = new SimpleSpreadEnv({ continuous: true, numAgents: 2 });
    expect(() => new MultiAgentTrainer(e2, learner('maddpg', e3, 1), { seed: 1 })).toThrow(/MultiAgentTrainer: learner\.obsDims must be one entry per agent/);
    const discrete = new SimpleSpreadEnv({ continuous: false }), { obsDims, actionSpaces } = envSpaces(discrete);
    const soft = new Maddpg({ obsDims, actionDims: [5, 5, 5] }, maddpgRngs(1, 3));
    expect(() => maddpgLearner(soft, actionSpaces, { rngs: exploreRngs(1, 3) })).toThrow(/maddpgLearner: actionSpaces\[0\] must be a Box of 5 dimensions, or Discrete\(5\) with gumbelHard: true/);
    const ddpgs = obsDims.map((od) => new Ddpg({ obsDim: od, actionDim: 5, hiddenSizes: [4] }, fromSeed(1)));
    expect(() => iddpgLearner(ddpgs, actionSpaces, { rngs: exploreRngs(1, 3) })).toThrow(/iddpgLearner: actionSpaces\[0\] must be a Box/);
    expect(() => iddpgLearner(ddpgs, envSpaces(e3).actionSpaces, { rngs: exploreRngs(1, 2) })).toThrow(/iddpgLearner: options\.rngs must be an array of 3 Rngs/);
  });
});
