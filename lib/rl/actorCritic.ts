// Pieces shared by the actor-critic learners (DDPG, TD3, and MADDPG later): the network-space
// action range, batch tensors over replay-buffer arrays, the bootstrapped target, and freezing a
// network while another one is differentiated through it. Each exists once, here.

import { checkFiniteValues, fromData, getBackend, type Tensor } from '../tensor/index.js';
import { buildArena, type Module, type Optimizer } from '../nn/index.js';
import type { Rng } from '../random/index.js';
import { fail, integerIn } from './validate.js';

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
    // A non-finite network action (the actor's weights went NaN) stops here, named, instead of reaching the env.
    if (u[i]! - u[i]! !== 0) checkFiniteValues('toEnvAction', 'the network action', u, [u.length], (j, x) => `toEnvAction: the network action u[${j}] must be a finite number, got ${x} (the actor's output went non-finite)`);
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

/** An algorithm's networks by role (`actor`, `critic`, …; several of a role as an array). */
export type NetworkSet = Readonly<Record<string, Module<readonly Tensor[]> | readonly Module<readonly Tensor[]>[]>>;

/**
 * Names an algorithm's networks `prefix + role` (`critic`; the i-th of an array `critic[i]`), so
 * that numerics reports and `formatGraph` say which network an op belongs to (`agent[2].critic.layers.1`).
 * Labels only: no value changes.
 */
export function nameNetworks(prefix: string, nets: NetworkSet): void {
  for (const [role, n] of Object.entries(nets)) {
    if (Array.isArray(n)) (n as readonly Module<readonly Tensor[]>[]).forEach((m, i) => m.setName(`${prefix}${role}[${i}]`));
    else (n as Module<readonly Tensor[]>).setName(`${prefix}${role}`);
  }
}

/**
 * A network, the optimizers whose moments share its arena (a target network has none), its passes
 * per update (sizes the activation pool) and whether gradients flow through it (false: a target).
 */
export interface ArenaNetwork {
  readonly module: Module<readonly Tensor[]>;
  readonly optimizers: readonly Optimizer[];
  readonly passes: number;
  readonly backward: boolean;
}

/**
 * Under the 'wasm' backend, gives every network an arena (lib/nn/arena.ts: parameters, gradients
 * and the optimizers' moments in one WebAssembly memory, used in place by the kernels) sized for
 * `batch` rows — the first time, and again (a rebuild) when a larger batch arrives. A no-op under
 * 'ts' and once the arenas fit; allocation-free then. Learners call it first thing in an update,
 * before any view of their networks is taken. Same bits with or without arenas.
 */
export function fitArenas(nets: readonly ArenaNetwork[], batch: number): void {
  if (getBackend() !== 'wasm') return;
  for (let i = 0; i < nets.length; i++) {
    const n = nets[i]!, a = n.module.arena;
    if (a === null || a.batch < batch) buildArena(n.module, { batch, optimizers: n.optimizers, passes: n.passes, backward: n.backward });
  }
}

/** Mean of an array (0 for empty), for update statistics. */
export function meanOf(a: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]!;
  return a.length === 0 ? 0 : s / a.length;
}

/** Hidden widths of an actor-critic's two networks; `hiddenSizes` is the shorthand for both. */
export interface HiddenSizesInput {
  readonly hiddenSizes: readonly number[];
  readonly actorHiddenSizes?: readonly number[] | undefined;
  readonly criticHiddenSizes?: readonly number[] | undefined;
}

/** The per-network widths a resolved actor-critic config always has. */
export interface ResolvedHiddenSizes {
  readonly actorHiddenSizes: readonly number[];
  readonly criticHiddenSizes: readonly number[];
}

/**
 * `actorHiddenSizes` / `criticHiddenSizes`, each defaulting to `hiddenSizes`; all three validated
 * (arrays of integers in [1, 65536], errors naming the field and the index).
 */
export function resolveHiddenSizes(owner: string, c: HiddenSizesInput): ResolvedHiddenSizes {
  const check = (field: string, v: unknown): readonly number[] => {
    if (!Array.isArray(v)) fail(owner, field, 'an array of positive integers', v, true);
    (v as unknown[]).forEach((h, i) => integerIn(owner, `${field}[${i}]`, h, 1, 1 << 16));
    return v as readonly number[];
  };
  const hidden = check('hiddenSizes', c.hiddenSizes);
  return {
    actorHiddenSizes: c.actorHiddenSizes === undefined ? hidden : check('actorHiddenSizes', c.actorHiddenSizes),
    criticHiddenSizes: c.criticHiddenSizes === undefined ? hidden : check('criticHiddenSizes', c.criticHiddenSizes),
  };
}

/**
 * Where the random numbers of an update come from: a stream to draw from (an `Rng`, e.g. a copy of
 * the algorithm's own stream), or the numbers themselves (a Float64Array, e.g. logged from an
 * earlier update's inspection), so that the update can be replayed bit for bit.
 */
export type NoiseSource = Rng | Float64Array;

/**
 * Fill `out` with `out.length` noise values: copied from `source` when it is a Float64Array (its
 * length must match, its values be finite), otherwise drawn one by one with `draw(rng)`.
 */
export function fillNoise(owner: string, field: string, source: NoiseSource, draw: (rng: Rng) => number, out: Float64Array): Float64Array {
  if (source instanceof Float64Array) {
    if (source.length !== out.length) fail(owner, field, `a Float64Array of length ${out.length}, or an Rng`, source, true);
    for (let i = 0; i < out.length; i++) {
      if (!Number.isFinite(source[i]!)) fail(owner, `${field}[${i}]`, 'a finite number', source[i]);
    }
    out.set(source);
    return out;
  }
  if (typeof source !== 'object' || source === null || typeof (source as Rng).nextDouble !== 'function') {
    fail(owner, field, 'an Rng or a Float64Array of noise values', source, true);
  }
  for (let i = 0; i < out.length; i++) out[i] = draw(source);
  return out;
}

/**
 * Opt-in details of one update (`update(batch, { inspect: true })`), for teaching views and
 * debugging. Fresh arrays owned by the caller. Without `inspect` nothing of this is allocated.
 */
export interface UpdateInspection {
  /** TD target y of every batch row (DQN: row-major [B, heads]). */
  readonly tdTargets: Float64Array;
  /** Q(s, a) of every batch row before the step, one array per critic (TD3: nCritics arrays; DQN: one, [B, heads]). */
  readonly qValues: readonly Float64Array[];
  /** Global L2 norm of each stepped network's gradient before clipping: 'critic' / 'critic0'… / 'actor' / 'q'. */
  readonly gradNorms: Readonly<Record<string, number>>;
  /** The autograd graph of the critic loss (TD3: critic 0's; DQN: the TD loss) as `formatGraph` prints it, for teaching views. */
  readonly lossGraph?: string;
}
