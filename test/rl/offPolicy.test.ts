// The off-policy loop (lib/rl/offPolicy.ts) with the learner adapters (lib/rl/learners.ts):
// smoke training of DDPG and TD3 on Pendulum and DQN on CartPole (seconds, finite numbers — not a
// learning-quality check), determinism (same config + seed twice ⇒ bit-identical weights, buffer,
// RNG streams and event log; STYLE §3.7 kind 5), loop mechanics (warm-up, update schedule,
// obs = nextObs across episode ends), evaluation, adapters, and config validation.

import { describe, expect, it } from 'vitest';
import { deriveStream } from '../../lib/random/index.js';
import { cartPole, pendulum } from '../../lib/env/classic/index.js';
import type { StateValue } from '../../lib/rl/checkpoint.js';
import { Ddpg } from '../../lib/rl/ddpg.js';
import { Dqn } from '../../lib/rl/dqn.js';
import { actorCriticLearner, dqnLearner, type Learner } from '../../lib/rl/learners.js';
import { OffPolicyTrainer, OFF_POLICY_DEFAULTS, evaluate, resolveOffPolicyConfig, type OffPolicyEvent } from '../../lib/rl/offPolicy.js';
import { Box, Discrete, MultiDiscrete } from '../../lib/rl/spaces.js';
import type { Td3 } from '../../lib/rl/td3.js';
import { allFinite, ddpgRun, dqnRun, expectSameEvents, expectSameState, td3Run, type Run } from './algoHelpers.js';

type Episode = Extract<OffPolicyEvent, { kind: 'episode' }>;
type Update = Extract<OffPolicyEvent, { kind: 'update' }>;
const episodes = (r: Run<unknown>): Episode[] => r.events.filter((e): e is Episode => e.kind === 'episode');
const updates = (r: Run<unknown>): Update[] => r.events.filter((e): e is Update => e.kind === 'update');

/** Every number in every update's stats is finite (undefined allowed: TD3's skipped actor steps). */
function statsFinite(r: Run<unknown>): boolean {
  return updates(r).every((u) => Object.values(u.stats).every((v) => v === undefined || typeof v === 'boolean' || Number.isFinite(v)));
}

describe('smoke training (tiny budgets, finite numbers)', () => {
  it('DDPG on Pendulum: 400 steps, 300 updates, finite returns, stats and weights', () => {
    const r = ddpgRun(1, { maxEpisodeSteps: 100, loop: { warmupSteps: 100 } });
    r.trainer.run(400);
    const eps = episodes(r);
    expect(eps.map((e) => [e.step, e.episode, e.length])).toEqual([[100, 0, 100], [200, 1, 100], [300, 2, 100], [400, 3, 100]]);
    // Pendulum rewards are in [−16.2736044, 0] per step.
    for (const e of eps) expect(e.return >= -16.2736044 * 100 && e.return <= 0).toBe(true);
    expect(updates(r).length).toBe(300);
    expect(updates(r).at(-1)).toMatchObject({ step: 400, updates: 300 });
    expect(statsFinite(r)).toBe(true);
    const a = r.agent;
    for (const w of [a.actor, a.critic, a.actorTarget, a.criticTarget]) expect(allFinite(w.flat.data)).toBe(true);
    expect(a.updates).toBe(300);
    expect(a.actorOpt.t).toBe(300);
    // Buffer actions are network-space (tanh range), the env saw 2× them.
    const acts = r.trainer.buffer.getState().arrays.action;
    expect(acts.every((x) => x >= -1 && x <= 1)).toBe(true);
    // Evaluation on a separate env: greedy, finite, reproducible.
    const ev1 = evaluate(pendulum({ maxEpisodeSteps: 50 }), r.learner as Learner<Float64Array>, 2, 7);
    const ev2 = evaluate(pendulum({ maxEpisodeSteps: 50 }), r.learner as Learner<Float64Array>, 2, 7);
    expect(ev1.lengths).toEqual([50, 50]);
    expect(ev1.returns.every(Number.isFinite)).toBe(true);
    expect(ev1.meanReturn).toBeCloseTo((ev1.returns[0]! + ev1.returns[1]!) / 2, 12);
    expect(ev2).toEqual(ev1);
  });

  it('TD3 on Pendulum: actor stats only on every second update', () => {
    const r = td3Run(2, { maxEpisodeSteps: 100, loop: { warmupSteps: 100 } });
    r.trainer.run(400);
    expect(episodes(r).length).toBe(4);
    expect(episodes(r).every((e) => Number.isFinite(e.return))).toBe(true);
    const u = updates(r);
    expect(u.length).toBe(300);
    expect(statsFinite(r)).toBe(true);
    const actorSteps = u.filter((x) => (x.stats as { actorLoss?: number }).actorLoss !== undefined).length;
    expect(actorSteps).toBe(150);
    const a: Td3 = r.agent;
    for (const w of [a.actor, a.actorTarget, ...a.critics, ...a.criticTargets]) expect(allFinite(w.flat.data)).toBe(true);
    expect(a.actorOpt.t).toBe(150);
  });

  it('DQN on CartPole: terminal transitions are stored and masked, targets get updated', () => {
    const r = dqnRun(3, { loop: { bufferSize: 1000 } }); // no wrap-around: the buffer holds all 500 steps
    r.trainer.run(500);
    const eps = episodes(r);
    expect(eps.length).toBeGreaterThan(5); // random-ish CartPole episodes are short
    for (const e of eps) expect(Number.isInteger(e.return) && e.return === e.length).toBe(true); // +1 per step
    const buf = r.trainer.buffer.getState().arrays;
    expect(buf.terminated.filter((x) => x === 1).length).toBe(eps.length); // every episode ended by termination
    expect(buf.action.every((x) => x === 0 || x === 1)).toBe(true);
    expect(updates(r).length).toBe(450);
    expect(statsFinite(r)).toBe(true);
    expect(updates(r).filter((x) => (x.stats as { targetUpdated: boolean }).targetUpdated).length).toBe(18); // 450 / 25
    expect(allFinite(r.agent.q.flat.data)).toBe(true);
    const ev = evaluate(cartPole(), r.learner as Learner<number>, 3, 1);
    expect(ev.lengths.every((l) => l >= 1 && l <= 500)).toBe(true);
    expect(ev.returns).toEqual(ev.lengths);
  });
});

describe('determinism: same config + seed twice ⇒ bit-identical runs', () => {
  const cases: Array<[string, (seed: number) => Run<unknown>]> = [
    ['DDPG', (s) => ddpgRun(s, { maxEpisodeSteps: 80 })],
    ['TD3', (s) => td3Run(s, { maxEpisodeSteps: 80 })],
    ['DQN', (s) => dqnRun(s)],
  ];
  for (const [name, build] of cases) {
    it(name, () => {
      const a = build(42), b = build(42);
      a.trainer.run(250);
      b.trainer.run(250);
      // Weights, targets, optimizer moments, buffer contents, env state, noise state, RNG streams.
      expectSameState(a.trainer.getState() as unknown as StateValue, b.trainer.getState() as unknown as StateValue);
      expectSameEvents(a.events, b.events);
      expect(a.events.length).toBeGreaterThan(150);
      // A different seed gives a different run (the comparison above can fail).
      const c = build(43);
      c.trainer.run(250);
      const w = (r: Run<unknown>): Float64Array => {
        const ag = r.agent as Ddpg | Td3 | Dqn;
        return 'q' in ag ? ag.q.flat.data : ag.actor.flat.data;
      };
      expect(w(c)).not.toEqual(w(a));
      expect(c.trainer.buffer.getState().arrays.obs).not.toEqual(a.trainer.buffer.getState().arrays.obs);
    });
  }
});

describe('loop mechanics', () => {
  it('warm-up steps use uniform random actions and run no updates; updates start after', () => {
    const r = ddpgRun(4, { loop: { warmupSteps: 60 }, noise: { kind: 'none' } });
    r.trainer.run(60);
    expect(r.trainer.updates).toBe(0);
    expect(r.events.length).toBe(0);
    const warm = r.trainer.buffer.getState().arrays.action.slice();
    expect(warm.some((x) => x > 0.5) && warm.some((x) => x < -0.5)).toBe(true); // the untrained actor's output is ≈ 0 (final layer U(±3e-3))
    r.trainer.run(1);
    expect(r.trainer.updates).toBe(1);
    // After warm-up with noise 'none' the stored action is exactly μ(obs) (taken before the update).
    const st = r.trainer.buffer.getState().arrays;
    expect(Math.abs(st.action[60]!)).toBeLessThan(0.01);
  });

  it('updateEvery 4 with gradientSteps 2: 2 updates every 4th step, one event per round', () => {
    const r = ddpgRun(5, { loop: { warmupSteps: 40, updateEvery: 4, gradientSteps: 2 } });
    r.trainer.run(100);
    // rounds at steps 44, 48, …, 100 ⇒ 15 rounds, 30 updates
    const u = updates(r);
    expect(u.map((e) => e.step)).toEqual(Array.from({ length: 15 }, (_, i) => 44 + 4 * i));
    expect(u.map((e) => e.updates)).toEqual(Array.from({ length: 15 }, (_, i) => 2 * (i + 1)));
    expect(r.agent.updates).toBe(30);
  });

  it('no update before the buffer holds a batch, even after warm-up', () => {
    const r = ddpgRun(6, { loop: { warmupSteps: 0, batchSize: 32 } });
    r.trainer.run(31);
    expect(r.trainer.updates).toBe(0);
    r.trainer.run(1);
    expect(r.trainer.updates).toBe(1);
  });

  it('stores obs = previous nextObs inside an episode, and the true final obs at episode ends', () => {
    const r = ddpgRun(7, { maxEpisodeSteps: 30, loop: { warmupSteps: 20 } });
    r.trainer.run(95);
    const { obs, nextObs, truncated, terminated } = r.trainer.buffer.getState().arrays;
    let ends = 0;
    for (let i = 0; i + 1 < 95; i++) {
      const next = Array.from(nextObs.subarray(3 * i, 3 * i + 3)), following = Array.from(obs.subarray(3 * (i + 1), 3 * (i + 2)));
      expect(terminated[i]).toBe(0); // Pendulum never terminates
      if (truncated[i] === 1) {
        ends++;
        expect(following).not.toEqual(next); // the next row starts a fresh episode
      } else {
        expect(following).toEqual(next);
      }
    }
    expect(ends).toBe(3); // steps 30, 60, 90
    expect(episodes(r).map((e) => e.episode)).toEqual([0, 1, 2]);
  });

  it('the first reset is seeded from the run seed: same seed ⇒ same first obs, another seed ⇒ different', () => {
    const first = (seed: number): number[] => {
      const r = ddpgRun(seed);
      r.trainer.run(1);
      return Array.from(r.trainer.buffer.getState().arrays.obs);
    };
    expect(first(8)).toEqual(first(8));
    expect(first(8)).not.toEqual(first(9));
  });

  it('run(0) does nothing; run validates steps', () => {
    const r = dqnRun(1);
    r.trainer.run(0);
    expect(r.trainer.step).toBe(0);
    expect(() => r.trainer.run(-1)).toThrow(/OffPolicyTrainer\.run: steps must be an integer in \[0, \d+\], got -1/);
    expect(() => r.trainer.run(1.5)).toThrow(/steps must be an integer/);
  });
});

describe('learner adapters', () => {
  it('actorCriticLearner maps network-space actions affinely onto the Box', () => {
    const tanh = new Ddpg({ obsDim: 1, actionDim: 3, hiddenSizes: [4] }, deriveStream(0, 'init'));
    const l = actorCriticLearner(tanh, new Box({ low: [-2, 0, 10], high: [2, 1, 20] }), { kind: 'none' }, deriveStream(0, 'explore'));
    expect(Array.from(l.toEnv(Float64Array.of(-1, 0, 1)))).toEqual([-2, 0.5, 20]);
    const sig = new Ddpg({ obsDim: 1, actionDim: 1, hiddenSizes: [4], actorOutput: 'sigmoid' }, deriveStream(0, 'init'));
    const ls = actorCriticLearner(sig, new Box({ low: [0], high: [10] }), { kind: 'gaussian', std: 0.1 }, deriveStream(0, 'explore'));
    expect(Array.from(ls.toEnv(Float64Array.of(0.25)))).toEqual([2.5]);
    // Warm-up actions are uniform over the network range [0, 1].
    const out = new Float64Array(1);
    const us = Array.from({ length: 500 }, () => ls.select(Float64Array.of(0), 'random', 0, out)[0]!);
    expect(us.every((u) => u >= 0 && u < 1)).toBe(true);
    expect(Math.min(...us)).toBeLessThan(0.05);
    expect(Math.max(...us)).toBeGreaterThan(0.95);
    // Greedy = μ(s); explore adds noise and stays in range.
    const obs = Float64Array.of(0.7);
    expect(ls.select(obs, 'greedy', 0, new Float64Array(1))).toEqual(sig.act(obs));
    const noisy = Array.from({ length: 50 }, () => ls.select(obs, 'explore', 0, new Float64Array(1))[0]!);
    expect(noisy.every((u) => u >= 0 && u <= 1)).toBe(true);
    expect(new Set(noisy).size).toBeGreaterThan(40);
  });

  it('actorCriticLearner validates the space and the noise kind', () => {
    const agent = new Ddpg({ obsDim: 1, actionDim: 2, hiddenSizes: [4] }, deriveStream(0, 'init'));
    expect(() => actorCriticLearner(agent, new Box({ low: [-1], high: [1] }), { kind: 'none' }, deriveStream(0, 'x')))
      .toThrow(/actorCriticLearner: space must be a Box of 2 dimensions \(the agent's actionDim\), got 1/);
    expect(() => actorCriticLearner(agent, new Box({ low: [-1, -1], high: [1, 1] }), { kind: 'pink' } as never, deriveStream(0, 'x')))
      .toThrow(/actorCriticLearner: noise\.kind must be one of "gaussian", "ou", "none", got "pink"/);
  });

  it('dqnLearner: Discrete with a start offset, and MultiDiscrete as an Int32Array', () => {
    const one = new Dqn({ obsDim: 2, nvec: [3], hiddenSizes: [4] }, deriveStream(0, 'init'));
    expect(dqnLearner(one, new Discrete(3, 5), deriveStream(0, 'e')).toEnv(Float64Array.of(2))).toBe(7);
    const two = new Dqn({ obsDim: 2, nvec: [2, 3], hiddenSizes: [4] }, deriveStream(0, 'init'));
    const l = dqnLearner(two, new MultiDiscrete([2, 3]), deriveStream(0, 'e'));
    expect(l.actionDim).toBe(2);
    expect(l.toEnv(Float64Array.of(1, 2))).toEqual(Int32Array.of(1, 2));
    const out = new Float64Array(2);
    const seen = new Set<string>();
    for (let k = 0; k < 200; k++) seen.add(Array.from(l.select(Float64Array.of(0, 0), 'random', 0, out)).join());
    expect([...seen].sort()).toEqual(['0,0', '0,1', '0,2', '1,0', '1,1', '1,2']);
    expect(Array.from(l.select(Float64Array.of(0.3, -0.2), 'greedy', 0, out))).toEqual(Array.from(two.act(Float64Array.of(0.3, -0.2))));
  });

  it('dqnLearner rejects a space that does not match the DQN heads, naming both', () => {
    const one = new Dqn({ obsDim: 2, nvec: [3], hiddenSizes: [4] }, deriveStream(0, 'init'));
    const two = new Dqn({ obsDim: 2, nvec: [2, 3], hiddenSizes: [4] }, deriveStream(0, 'init'));
    expect(() => dqnLearner(one, new Discrete(4), deriveStream(0, 'e'))).toThrow(/dqnLearner: space must be a Discrete\(3\) or MultiDiscrete\(\[3\]\) matching the DQN's nvec, got "Discrete\(\[4\]\)"/);
    expect(() => dqnLearner(two, new MultiDiscrete([2, 4]), deriveStream(0, 'e'))).toThrow(/MultiDiscrete\(\[2, 3\]\).*got "MultiDiscrete\(\[2, 4\]\)"/);
    expect(() => dqnLearner(two, new Discrete(2), deriveStream(0, 'e'))).toThrow(/dqnLearner: space/);
    expect(() => dqnLearner(one, new MultiDiscrete([3]), deriveStream(0, 'e'))).not.toThrow();
  });

  it('learner state carries the exploration rng (a resumed run continues its noise sequence)', () => {
    const r = ddpgRun(3, { loop: { warmupSteps: 5 } });
    r.trainer.run(9);
    const s = r.learner.getState() as { rng?: unknown; noise: unknown };
    expect(s.rng).toMatchObject({ algorithm: 'xor4096' });
    const q = dqnRun(3, { loop: { warmupSteps: 5 } });
    expect((q.learner.getState() as { rng?: unknown }).rng).toMatchObject({ algorithm: 'xor4096' });
    const t = td3Run(3);
    expect((t.agent.getState() as { noiseRng?: unknown }).noiseRng).toMatchObject({ algorithm: 'xor4096' });
  });
});

describe('off-policy config validation names the field and its range', () => {
  it('defaults (SB3-like)', () => {
    expect(resolveOffPolicyConfig({ seed: 1 })).toEqual({ seed: 1, ...OFF_POLICY_DEFAULTS });
  });
  const env = pendulum();
  const agent = new Ddpg({ obsDim: 3, actionDim: 1, hiddenSizes: [4] }, deriveStream(0, 'init'));
  const learner = actorCriticLearner(agent, env.actionSpace, { kind: 'none' }, deriveStream(0, 'explore'));
  it.each([
    [{ seed: 1, bufferSize: 100, batchSize: 200 }, /offPolicy: batchSize must be an integer in \[1, 100\], got 200/],
    [{ seed: 1, warmup: 10 }, /offPolicy: unknown config field "warmup"; allowed fields: .*warmupSteps/],
    [{ seed: 1, bufferSize: 0 }, /offPolicy: bufferSize must be an integer in \[1, 2147483647\], got 0/],
    [{ seed: 1, updateEvery: 0 }, /offPolicy: updateEvery must be an integer in \[1, \d+\], got 0/],
    [{ seed: 1, gradientSteps: -1 }, /offPolicy: gradientSteps must be an integer in \[0, 1048576\], got -1/],
    [{ seed: 1.5 }, /offPolicy: seed must be an integer in \[-9007199254740991, 9007199254740991\], got 1\.5/],
  ])('%o', (bad, message) => {
    expect(() => new OffPolicyTrainer(env, learner, bad as never)).toThrow(message);
  });
});

describe('updateWatch (opt-in, every learner update)', () => {
  it.each([['DDPG', ddpgRun], ['TD3', td3Run], ['DQN', dqnRun]] as const)('%s: sees each gradient step once, with inspection; the run is bit-identical to an unwatched one', (_name, make) => {
    const loop = { warmupSteps: 50, updateEvery: 10, gradientSteps: 3, batchSize: 16 };
    const plain = (make as typeof ddpgRun)(3, { loop }), watched = (make as typeof ddpgRun)(3, { loop });
    const seen: Array<{ updates: number; tdTargets: number; graph: string }> = [];
    watched.trainer.updateWatch = {
      inspect: true,
      each: (stats, updates) => {
        const ins = (stats as { inspection?: { tdTargets: Float64Array; lossGraph?: string } }).inspection;
        seen.push({ updates, tdTargets: ins?.tdTargets.length ?? -1, graph: ins?.lossGraph ?? '' });
      },
    };
    plain.trainer.run(120);
    watched.trainer.run(120);
    // Rounds at steps 60, 70, …, 120 (step > 50, step % 10 = 0): 7 rounds × 3 gradient steps.
    expect(seen.map((s) => s.updates)).toEqual(Array.from({ length: 21 }, (_, i) => i + 1));
    expect(seen.every((s) => s.tdTargets === 16)).toBe(true);
    // The loss graph (formatGraph): MSE (DDPG, TD3 critic 0) or Huber (DQN) of Q(s, a) against the TD targets, a scalar.
    expect(seen.every((s) => /(mseLoss|huberLoss) \[\] <- #\d+, #\d+$/.test(s.graph) && /'(critic(\[0\])?|q)\.layers\.0\.weight'/.test(s.graph))).toBe(true);
    // The round's report (the 'update' event) is unchanged: once per round, the last step's stats, plus the inspection.
    expect(updates(watched).map((u) => u.updates)).toEqual(updates(plain).map((u) => u.updates));
    expectSameState(watched.trainer.getState() as unknown as StateValue, plain.trainer.getState() as unknown as StateValue);
  });
});
