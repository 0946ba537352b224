// Multi-agent learners for the loop of lib/rl/multiAgent.ts — the multi-agent counterpart of
// lib/rl/learners.ts:
//   - independent learners (Tan 1993, "Multi-agent reinforcement learning: independent vs.
//     cooperative agents"; the IL baselines of the MADDPG paper and of papers 1 and 2): IDDPG (one
//     `Ddpg`/`Td3` per agent) and IDQN (one `Dqn` per agent). Agent i learns as if alone, on its own
//     columns of the joint batch — its observation, action, reward, next observation and flags —
//     through the single-agent adapters `actorCriticLearner` / `dqnLearner`, unchanged;
//   - `maddpgLearner`, MADDPG (lib/rl/maddpg.ts) behind the same interface.
// All of them checkpoint their exploration streams with their state (the single-agent adapters
// save their rng themselves), so the loop's `getState` is complete.

import { gumbelSoftmax } from '../nn/index.js';
import type { Rng } from '../random/index.js';
import { fromData } from '../tensor/index.js';
import { nameNetworks, toEnvAction } from './actorCritic.js';
import type { StateValue } from './checkpoint.js';
import type { Ddpg } from './ddpg.js';
import type { Dqn } from './dqn.js';
import { actorCriticLearner, continuousExplorer, dqnLearner, type ExplorationNoiseConfig, type Learner } from './learners.js';
import { offsetsOf, type Maddpg } from './maddpg.js';
import type { JointBatch, MultiAgentLearner, MultiAgentUpdateStats } from './multiAgent.js';
import type { TransitionBatch } from './replayBuffer.js';
import { Box, Discrete, MultiDiscrete, type AnySpace } from './spaces.js';
import type { Td3 } from './td3.js';
import { fail, record } from './validate.js';

/** Exploration of a continuous learner when none is given: Gaussian, std 0.1 of the half-range (SB3/TD3's usual). */
const DEFAULT_NOISE: ExplorationNoiseConfig = Object.freeze({ kind: 'gaussian', std: 0.1 });

/** Stats of an independent update: each agent's own algorithm stats (DDPG/TD3/DQN), in agent order. */
export interface IndependentUpdateStats extends MultiAgentUpdateStats {
  readonly agents: readonly object[];
}

function checkCount(owner: string, field: string, value: unknown, n: number, what: string): void {
  if (!Array.isArray(value) || value.length !== n) fail(owner, field, `an array of ${n} ${what} (one per agent)`, value, true);
}

/**
 * Copies columns [start, start + width) of a row-major [B, total] array into `out` ([B, width]):
 * agent i's block of a joint batch field.
 */
export function agentColumns(src: Float64Array, total: number, start: number, width: number, out: Float64Array): Float64Array {
  const B = src.length / total;
  for (let b = 0; b < B; b++) {
    for (let j = 0; j < width; j++) out[b * width + j] = src[b * total + start + j]!;
  }
  return out;
}

/** Agent i's single-agent view of joint batches: preallocated per batch size, refilled on every call. */
function agentBatches(obsDims: readonly number[], actionDims: readonly number[]): (batch: JointBatch, i: number) => TransitionBatch {
  const n = obsDims.length, oOff = offsetsOf(obsDims), aOff = offsetsOf(actionDims), O = oOff[n]!, A = aOff[n]!;
  const cache = new Map<number, TransitionBatch[]>();
  return (batch, i) => {
    const B = batch.batchSize;
    let views = cache.get(B);
    if (views === undefined) {
      views = obsDims.map((od, k) => ({
        batchSize: B, indices: batch.indices,
        obs: new Float64Array(B * od), action: new Float64Array(B * actionDims[k]!), reward: new Float64Array(B),
        nextObs: new Float64Array(B * od), terminated: new Float64Array(B), truncated: new Float64Array(B),
      }));
      cache.set(B, views);
    }
    const v = views[i]!, od = obsDims[i]!;
    agentColumns(batch.obs, O, oOff[i]!, od, v.obs);
    agentColumns(batch.action, A, aOff[i]!, actionDims[i]!, v.action);
    agentColumns(batch.nextObs, O, oOff[i]!, od, v.nextObs);
    agentColumns(batch.reward, n, i, 1, v.reward);
    agentColumns(batch.terminated, n, i, 1, v.terminated);
    agentColumns(batch.truncated, n, i, 1, v.truncated);
    return v;
  };
}

/** N single-agent `Learner`s side by side (each checkpoints its own exploration stream). */
function independent<Act>(learners: readonly Learner<Act>[], obsDims: readonly number[]): MultiAgentLearner<Act> {
  const actionDims = learners.map((l) => l.actionDim);
  const view = agentBatches(obsDims, actionDims);
  return {
    obsDims,
    actionDims,
    select(obs, mode, step, out) {
      learners.forEach((l, i) => l.select(obs[i]!, mode, step, out[i]!));
    },
    toEnv: (i, u) => learners[i]!.toEnv(u),
    episodeStart: () => learners.forEach((l) => l.episodeStart()),
    update: (batch, options): IndependentUpdateStats => ({ agents: learners.map((l, i) => l.update(view(batch, i), options)) }),
    getState: () => ({ learners: learners.map((l) => l.getState()) }),
    setState(s) {
      const owner = 'independent.setState';
      const st = record(owner, 'state', s) as { learners: StateValue[] };
      checkCount(owner, 'state.learners', st.learners, learners.length, 'learner states');
      learners.forEach((l, i) => l.setState(st.learners[i]!));
    },
  };
}

/** Options of the multi-agent adapters. */
export interface MultiAgentLearnerOptions {
  /** One exploration stream per agent (e.g. `exploreRngs(seed, N)`): noise, ε, Gumbel samples, warm-up actions. */
  readonly rngs: readonly Rng[];
  /** Continuous actors: exploration noise in network space (lib/rl/learners.ts). Default Gaussian, std 0.1. */
  readonly noise?: ExplorationNoiseConfig;
}

/** IDDPG (or ITD3): agent i is `agents[i]` on Box `actionSpaces[i]`, exploring as `actorCriticLearner`. */
export function iddpgLearner(agents: readonly (Ddpg | Td3)[], actionSpaces: readonly AnySpace[], options: MultiAgentLearnerOptions): MultiAgentLearner<Float64Array> {
  const owner = 'iddpgLearner', n = agents.length;
  record(owner, 'options', options);
  checkCount(owner, 'actionSpaces', actionSpaces, n, 'action spaces');
  checkCount(owner, 'options.rngs', options.rngs, n, 'Rngs');
  const learners = agents.map((a, i) => {
    const space = actionSpaces[i];
    if (!(space instanceof Box)) return fail(owner, `actionSpaces[${i}]`, 'a Box', space, true);
    nameNetworks(`agent[${i}].`, a.networks());
    return actorCriticLearner(a, space, options.noise ?? DEFAULT_NOISE, options.rngs[i]!);
  });
  return independent(learners, agents.map((a) => a.config.obsDim));
}

/** IDQN: agent i is `agents[i]` on Discrete/MultiDiscrete `actionSpaces[i]`, ε-greedy as `dqnLearner`. */
export function idqnLearner(agents: readonly Dqn[], actionSpaces: readonly AnySpace[], options: Omit<MultiAgentLearnerOptions, 'noise'>): MultiAgentLearner<number | Int32Array> {
  const owner = 'idqnLearner', n = agents.length;
  record(owner, 'options', options);
  checkCount(owner, 'actionSpaces', actionSpaces, n, 'action spaces');
  checkCount(owner, 'options.rngs', options.rngs, n, 'Rngs');
  const learners = agents.map((a, i) => {
    const space = actionSpaces[i];
    if (!(space instanceof Discrete) && !(space instanceof MultiDiscrete)) return fail(owner, `actionSpaces[${i}]`, 'a Discrete or MultiDiscrete space', space, true);
    nameNetworks(`agent[${i}].`, a.networks());
    return dqnLearner(a, space, options.rngs[i]!);
  });
  return independent(learners, agents.map((a) => a.config.obsDim));
}

/**
 * MADDPG (lib/rl/maddpg.ts) behind the multi-agent loop. Agent i's action space: a Box of actionDims[i] (the env
 * action is the affine image of the network-space action on its bounds; for 'gumbel' the sample in
 * [0, 1] itself when the Box is [0, 1], as simple_spread's `continuous: true`), or — 'gumbel' with
 * `gumbelHard` only — Discrete(actionDims[i]), receiving the index of the one-hot sample (a soft
 * sample stored in the buffer would not be the action the env executed, so that pairing is refused).
 * Modes: 'explore' = continuousExplorer noise / Gumbel-Softmax sample; 'greedy' = `act`;
 * 'random' = uniform over the network range / the Gumbel-Softmax sample of uniform logits.
 */
export function maddpgLearner(agent: Maddpg, actionSpaces: readonly AnySpace[], options: MultiAgentLearnerOptions): MultiAgentLearner<Float64Array | number> {
  const owner = 'maddpgLearner', c = agent.config, n = agent.numAgents;
  record(owner, 'options', options);
  checkCount(owner, 'actionSpaces', actionSpaces, n, 'action spaces');
  checkCount(owner, 'options.rngs', options.rngs, n, 'Rngs');
  const rngs = options.rngs, gumbel = c.actionKind === 'gumbel';
  const explorers = gumbel ? [] : c.actionDims.map((d, i) => continuousExplorer(owner, options.noise ?? DEFAULT_NOISE, d, agent.actionRange, rngs[i]!));
  const toEnv = actionSpaces.map((space, i): ((u: Float64Array) => Float64Array | number) => {
    const d = c.actionDims[i]!;
    if (space instanceof Box && space.low.length === d) return (u) => toEnvAction(u, gumbel ? 'sigmoid' : c.actorOutput, space.low, space.high, new Float64Array(d));
    if (space instanceof Discrete && space.n === d && gumbel && c.gumbelHard) {
      return (u) => { let k = 0; for (let j = 1; j < d; j++) if (u[j]! > u[k]!) k = j; return space.start + k; };
    }
    return fail(owner, `actionSpaces[${i}]`, `a Box of ${d} dimensions${gumbel ? `, or Discrete(${d}) with gumbelHard: true` : ''}`, space, true);
  });
  const mu = c.actionDims.map((d) => new Float64Array(d));
  const uniformLogits = c.actionDims.map((d) => fromData(new Float64Array(d), [1, d]));
  return {
    obsDims: c.obsDims,
    actionDims: c.actionDims,
    select(obs, mode, _step, out) {
      for (let i = 0; i < n; i++) {
        const o = out[i]!;
        if (!gumbel) explorers[i]!.choose(mode === 'random' ? mu[i]! : agent.act(i, obs[i]!, mu[i]!), mode, o);
        else if (mode === 'greedy') agent.act(i, obs[i]!, o);
        else if (mode === 'explore') agent.sample(i, obs[i]!, rngs[i]!, o);
        else o.set(gumbelSoftmax(uniformLogits[i]!, rngs[i]!, { temperature: c.gumbelTemperature, hard: c.gumbelHard }).data);
      }
    },
    toEnv: (i, u) => toEnv[i]!(u),
    episodeStart: () => explorers.forEach((e) => e.reset()),
    update: (batch, options) => agent.update(batch, options),
    getState: () => ({ agent: agent.getState() as unknown as StateValue, noise: explorers.map((e) => e.getState()), rngs: rngs.map((r) => r.getState() as unknown as StateValue) }),
    setState(s) {
      const st = record(`${owner}.setState`, 'state', s) as { agent: never; noise: StateValue[]; rngs: never[] };
      checkCount(`${owner}.setState`, 'state.noise', st.noise, explorers.length, 'noise states');
      checkCount(`${owner}.setState`, 'state.rngs', st.rngs, n, 'RngStates');
      agent.setState(st.agent);
      explorers.forEach((e, i) => e.setState(st.noise[i]!));
      rngs.forEach((r, i) => r.setState(st.rngs[i]!));
    },
  };
}
