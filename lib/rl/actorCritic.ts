// Pieces shared by the actor-critic learners (DDPG, TD3, and MADDPG later): the network-space
// action range, batch tensors over replay-buffer arrays, the bootstrapped target, and freezing a
// network while another one is differentiated through it. Each exists once, here.

import { fromData, type Tensor } from '../tensor/index.js';
import type { Module } from '../nn/index.js';

/**
 * Output squashing of an actor and the network-space action range it implies: `tanh` → [−1, 1]
 * (DDPG, TD3), `sigmoid` → [0, 1] (paper 1's actors). Replay buffers and critics always see this
 * network-space action; the env's action is an affine map of it (see `toEnvAction`).
 */
export type ActorOutput = 'tanh' | 'sigmoid';

export function actionRange(output: ActorOutput): { readonly low: number; readonly high: number } {
  return output === 'tanh' ? { low: -1, high: 1 } : { low: 0, high: 1 };
}

/** Maps a network-space action u ∈ [lo, hi]ⁿ affinely onto env bounds [low, high]ⁿ (into `out`). */
export function toEnvAction(u: ArrayLike<number>, output: ActorOutput, low: ArrayLike<number>, high: ArrayLike<number>, out: Float64Array): Float64Array {
  const r = actionRange(output);
  for (let i = 0; i < out.length; i++) {
    const t = (u[i]! - r.low) / (r.high - r.low);
    const v = low[i]! + t * (high[i]! - low[i]!);
    // Guard against rounding just outside the bounds (the env rejects out-of-range actions).
    out[i] = v < low[i]! ? low[i]! : v > high[i]! ? high[i]! : v;
  }
  return out;
}

/** A [rows, width] tensor over an existing array (no copy): batch fields from the replay buffer. */
export function rows(data: Float64Array, width: number): Tensor {
  if (data.length % width !== 0) throw new RangeError(`rows: ${data.length} values do not split into rows of ${width}`);
  return fromData(data, [data.length / width, width]);
}

/**
 * The one-step TD target `y_i = r_i + γ·(1 − terminated_i)·q_i` into `out`. Truncated steps
 * bootstrap (only `terminated` masks): time limits are not terminal states.
 */
export function tdTarget(reward: Float64Array, terminated: Float64Array, gamma: number, nextQ: Float64Array, out: Float64Array): Float64Array {
  for (let i = 0; i < out.length; i++) out[i] = reward[i]! + gamma * (1 - terminated[i]!) * nextQ[i]!;
  return out;
}

/**
 * Runs `fn` with `module`'s parameters marked as not requiring gradients: differentiating the
 * actor's loss THROUGH the critic then skips the critic's weight gradients (work that would be
 * thrown away), while the gradient still flows to the critic's input.
 */
export function frozen<T>(module: Module<readonly Tensor[]>, fn: () => T): T {
  const params = module.parameters();
  for (const p of params) p.tensor.requiresGrad = false;
  try {
    return fn();
  } finally {
    for (const p of params) p.tensor.requiresGrad = true;
  }
}

/** Mean of an array (0 for empty), for update statistics. */
export function meanOf(a: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]!;
  return a.length === 0 ? 0 : s / a.length;
}
