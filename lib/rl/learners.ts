// Adapters between an algorithm and the off-policy loop (lib/rl/offPolicy.ts). A `Learner` knows
// how its algorithm picks a buffer-space action (network space for actor-critics, head indices
// for DQN), how that maps to the env's action, and how to update and checkpoint itself. The loop
// stays algorithm-agnostic; the algorithms stay loop-agnostic.

import type { Rng } from '../random/index.js';
import { integer, uniform } from '../random/index.js';
import type { StateValue } from './checkpoint.js';
import type { Ddpg } from './ddpg.js';
import type { Dqn } from './dqn.js';
import { toEnvAction } from './actorCritic.js';
import { clippedGaussianNoise, ornsteinUhlenbeckNoise, type ActionNoise, type OrnsteinUhlenbeckConfig } from './noise.js';
import type { TransitionBatch } from './replayBuffer.js';
import type { Box, Discrete, MultiDiscrete } from './spaces.js';
import type { Td3 } from './td3.js';
import { fail, oneOf, record } from './validate.js';

/** How an action is chosen: by the policy with exploration, by the policy alone, or uniformly at random (warm-up). */
export type ActMode = 'explore' | 'greedy' | 'random';

/** What a loop may ask of one learner update: `inspect` = return the algorithm's opt-in inspection (TD targets, Q values, gradient norms). */
export interface LearnerUpdateOptions {
  readonly inspect?: boolean;
}

/** What the off-policy loop needs from an algorithm. */
export interface Learner<EnvAction> {
  /** Width of the stored action (network-space action, or one index per DQN head). */
  readonly actionDim: number;
  /** The buffer-space action for `obs`, written into `out`. `step` = env steps so far (for schedules). */
  select(obs: Float64Array, mode: ActMode, step: number, out: Float64Array): Float64Array;
  /** The env's action for a buffer-space action. */
  toEnv(u: Float64Array): EnvAction;
  /** Called at the start of every training episode (e.g. to reset OU noise). */
  episodeStart(): void;
  /**
   * One gradient step; the algorithm's typed stats (losses, Q statistics, gradient norms). With
   * `{ inspect: true }` (opt-in, see `UpdateWatch` in offPolicy.ts) the stats also carry the
   * algorithm's `inspection`; the step itself is the same.
   */
  update(batch: TransitionBatch, options?: LearnerUpdateOptions): object;
  getState(): StateValue;
  setState(state: StateValue): void;
}

/** Exploration noise of a continuous learner, in units of the network-space half-range. */
export type ExplorationNoiseConfig =
  | { readonly kind: 'gaussian'; readonly std: number }
  | ({ readonly kind: 'ou' } & Partial<OrnsteinUhlenbeckConfig>)
  | { readonly kind: 'none' };

/** Exploration of a continuous actor in network space (see `continuousExplorer`). */
export interface ContinuousExplorer {
  /** The buffer-space action into `out`: μ(s) with noise ('explore'), μ(s) ('greedy'), or uniform ('random', `mu` unused). */
  choose(mu: Float64Array, mode: ActMode, out: Float64Array): Float64Array;
  /** Resets the noise process (start of an episode). */
  reset(): void;
  /** The noise process's state (null when stateless). The rng is the caller's. */
  getState(): StateValue;
  setState(state: StateValue): void;
}

/**
 * `noise` added to μ(s) in network space [range.low, range.high]ⁿ and clipped to it; warm-up
 * ('random') actions uniform over that range; greedy = μ(s). Shared by DDPG/TD3 and MADDPG's
 * continuous actors (lib/rl/maddpg.ts).
 */
export function continuousExplorer(owner: string, noise: ExplorationNoiseConfig, n: number, range: { readonly low: number; readonly high: number }, rng: Rng): ContinuousExplorer {
  record(owner, 'noise', noise);
  oneOf(owner, 'noise.kind', noise.kind, ['gaussian', 'ou', 'none']);
  const bounds = { low: new Float64Array(n).fill(range.low), high: new Float64Array(n).fill(range.high) };
  let proc: (ActionNoise & { getState?: () => unknown; setState?: (s: never) => void }) | null = null;
  if (noise.kind === 'gaussian') proc = clippedGaussianNoise(bounds, { std: noise.std });
  else if (noise.kind === 'ou') { const { kind: _k, ...ou } = noise; proc = ornsteinUhlenbeckNoise(bounds, ou); }
  return {
    choose(mu, mode, out) {
      if (mode === 'random') {
        for (let i = 0; i < n; i++) out[i] = uniform(rng, range.low, range.high);
        return out;
      }
      if (mode === 'greedy' || proc === null) out.set(mu);
      else proc.apply(mu, rng, out);
      return out;
    },
    reset: () => proc?.reset(),
    getState: () => (proc?.getState?.() ?? null) as StateValue,
    setState(s) {
      if (proc?.setState !== undefined && s !== null) proc.setState(s as never);
    },
  };
}

/**
 * DDPG or TD3 on a Box action space. Exploration: `noise` added to μ(s) in network space and
 * clipped to the network range; warm-up actions are uniform over the network range. The env action
 * is the affine image of the network-space action on the Box bounds.
 */
export function actorCriticLearner(agent: Ddpg | Td3, space: Box, noise: ExplorationNoiseConfig, rng: Rng): Learner<Float64Array> {
  const owner = 'actorCriticLearner';
  const n = agent.config.actionDim;
  if (space.low.length !== n) fail(owner, 'space', `a Box of ${n} dimensions (the agent's actionDim)`, space.low.length);
  const explorer = continuousExplorer(owner, noise, n, agent.actionRange, rng);
  const mu = new Float64Array(n);
  return {
    actionDim: n,
    select: (obs, mode, _step, out) => explorer.choose(mode === 'random' ? mu : agent.act(obs, mu), mode, out),
    toEnv: (u) => toEnvAction(u, agent.config.actorOutput, space.low, space.high, new Float64Array(n)),
    episodeStart: () => explorer.reset(),
    update: (batch, options) => agent.update(batch, options),
    // The exploration rng (warm-up actions, noise draws) is state too: without it a resumed run restarts its
    // noise sequence and diverges from the uninterrupted one.
    getState: () => ({ agent: agent.getState() as unknown as StateValue, noise: explorer.getState(), rng: rng.getState() as unknown as StateValue }),
    setState(s) {
      const st = record(`${owner}.setState`, 'state', s) as { agent: never; noise: StateValue; rng: never };
      agent.setState(st.agent);
      explorer.setState(st.noise);
      rng.setState(st.rng);
    },
  };
}

/** DQN on a Discrete (one head) or MultiDiscrete (one head per dimension) action space. */
export function dqnLearner(agent: Dqn, space: Discrete | MultiDiscrete, rng: Rng): Learner<number | Int32Array> {
  const heads = agent.heads;
  const idx = new Int32Array(heads);
  const isDiscrete = 'n' in space;
  const start = isDiscrete ? space.start : 0;
  // The space must have the agent's heads: one Discrete(n) for nvec [n], or MultiDiscrete(nvec).
  const spaceNvec = isDiscrete ? [space.n] : Array.from(space.nvec), nvec = agent.config.nvec;
  if (spaceNvec.length !== nvec.length || spaceNvec.some((n, d) => n !== nvec[d])) {
    fail('dqnLearner', 'space', `a Discrete(${nvec[0]}) or MultiDiscrete([${nvec.join(', ')}]) matching the DQN's nvec`, `${isDiscrete ? 'Discrete' : 'MultiDiscrete'}([${spaceNvec.join(', ')}])`);
  }
  return {
    actionDim: heads,
    select(obs, mode, step, out) {
      if (mode === 'random') {
        agent.config.nvec.forEach((nd, d) => { out[d] = integer(rng, 0, nd); });
        return out;
      }
      agent.act(obs, mode === 'explore' ? { rng, step } : undefined, idx);
      for (let d = 0; d < heads; d++) out[d] = idx[d]!;
      return out;
    },
    toEnv: (u) => (isDiscrete ? start + u[0]! : Int32Array.from(u)),
    episodeStart: () => undefined,
    update: (batch, options) => agent.update(batch, options),
    // The ε-greedy / warm-up rng is state too (see actorCriticLearner).
    getState: () => ({ agent: agent.getState() as unknown as StateValue, rng: rng.getState() as unknown as StateValue }),
    setState(s) {
      const st = record('dqnLearner.setState', 'state', s) as { agent: never; rng: never };
      agent.setState(st.agent);
      rng.setState(st.rng);
    },
  };
}
