// Exploration: action noise for continuous actions, schedules for decaying hyperparameters, and
// ε-greedy / greedy selection for discrete actions. Every random draw takes an explicit Rng.
//
//   ClippedGaussianNoise   a' = clip(a + clip(σ·s·z, −c·s, c·s), low, high), z ~ N(0, 1)
//                          (TD3 exploration with c = ∞; TD3 target smoothing with σ = 0.2, c = 0.5)
//   OrnsteinUhlenbeckNoise x ← x + θ(μ − x)·dt + σ·√dt·z   (Euler–Maruyama; DDPG, Lillicrap et al. 2016)
//                          a' = clip(a + s·x, low, high)
//   constant/linear/exponential schedules, value(step)
//   epsilonGreedy, bestAction (argmax / argmin with a tie-break rule)
//
// Units: σ and c are in units of the action SCALE s = (high − low)/2 per dimension — the
// convention of sfujim/TD3 (`max_action * expl_noise`) and cleanrl (`action_scale *
// exploration_noise`). For Pendulum (low −2, high 2, s = 2 N·m) σ = 0.1 means a 0.2 N·m std.
// The noisy action is clipped to [low, high], so it is always a valid action for the env.

import type { Rng } from '../random/index.js';
import { integer, normal } from '../random/index.js';
import { fail, finiteArray, integerIn, noUnknownKeys, numberIn, oneOf, record } from './validate.js';
import { pow } from '../math/index.js';

/** Anything with finite per-dimension action bounds (a `Box` qualifies). */
export interface ActionBounds {
  readonly low: ArrayLike<number>;
  readonly high: ArrayLike<number>;
}

/** Additive action noise with clipping to the action bounds. */
export interface ActionNoise {
  /**
   * Write `clip(action + noise, low, high)` into `out` (default: a new array) and return it.
   * `out` may be `action` itself.
   */
  apply(action: Float64Array, rng: Rng, out?: Float64Array): Float64Array;
  /** Reset any internal state at the start of an episode (no-op for memoryless noise). */
  reset(): void;
}

function checkBounds(owner: string, bounds: ActionBounds): { low: Float64Array; high: Float64Array; scale: Float64Array } {
  record(owner, 'bounds', bounds);
  const low = finiteArray(owner, 'low', Array.from(bounds.low));
  const high = finiteArray(owner, 'high', Array.from(bounds.high), low.length);
  if (low.length === 0) fail(owner, 'low', 'a non-empty array of finite numbers', bounds.low);
  const scale = new Float64Array(low.length);
  for (let i = 0; i < low.length; i++) {
    if (!((low[i] as number) < (high[i] as number))) throw new RangeError(`${owner}: low[${i}] = ${low[i]} must be < high[${i}] = ${high[i]}`);
    scale[i] = ((high[i] as number) - (low[i] as number)) / 2;
  }
  return { low, high, scale };
}

function checkAction(owner: string, action: unknown, n: number, out: unknown): void {
  if (!(action instanceof Float64Array) || action.length !== n) fail(owner, 'action', `a Float64Array of length ${n}`, action, true);
  if (out !== undefined && (!(out instanceof Float64Array) || out.length !== n)) fail(owner, 'out', `a Float64Array of length ${n}`, out, true);
}

// ---------------------------------------------------------------------------------------------
// Clipped Gaussian noise

/** Configuration of `ClippedGaussianNoise`. */
export interface ClippedGaussianNoiseConfig {
  /** Std σ of the noise in units of the action scale (high − low)/2; finite, ≥ 0. TD3 exploration uses 0.1. */
  readonly std: number;
  /** Noise clip c (same units): noise is clipped to ±c·scale before it is added. ≥ 0, Infinity for none (default). */
  readonly noiseClip?: number;
}

/** Gaussian action noise, memoryless: a' = clip(a + clip(σ·s·z, −c·s, c·s), low, high). */
export class ClippedGaussianNoise implements ActionNoise {
  readonly std: number;
  readonly noiseClip: number;
  readonly low: Float64Array;
  readonly high: Float64Array;
  /** Per-dimension action scale s = (high − low)/2. */
  readonly scale: Float64Array;

  constructor(bounds: ActionBounds, config: ClippedGaussianNoiseConfig) {
    const owner = 'ClippedGaussianNoise';
    ({ low: this.low, high: this.high, scale: this.scale } = checkBounds(owner, bounds));
    record(owner, 'config', config);
    noUnknownKeys(owner, config, ['std', 'noiseClip']);
    this.std = numberIn(owner, 'std', config.std, 0, Infinity, 'a finite number >= 0 (units of the action scale)');
    const c = config.noiseClip ?? Infinity;
    if (typeof c !== 'number' || Number.isNaN(c) || c < 0) fail(owner, 'noiseClip', 'a number >= 0 or Infinity', c);
    this.noiseClip = c;
  }

  apply(action: Float64Array, rng: Rng, out: Float64Array = new Float64Array(this.low.length)): Float64Array {
    checkAction('ClippedGaussianNoise.apply', action, this.low.length, out);
    for (let i = 0; i < this.low.length; i++) {
      const s = this.scale[i] as number;
      const limit = this.noiseClip * s;
      const eps = Math.min(limit, Math.max(-limit, normal(rng, 0, this.std * s)));
      out[i] = Math.min(this.high[i] as number, Math.max(this.low[i] as number, (action[i] as number) + eps));
    }
    return out;
  }

  reset(): void {}
}

/** Create `ClippedGaussianNoise` for `bounds` (e.g. an env's action `Box`). */
export function clippedGaussianNoise(bounds: ActionBounds, config: ClippedGaussianNoiseConfig): ClippedGaussianNoise {
  return new ClippedGaussianNoise(bounds, config);
}

// ---------------------------------------------------------------------------------------------
// Ornstein–Uhlenbeck noise

/** Configuration of `OrnsteinUhlenbeckNoise` (defaults: Lillicrap et al. 2016, SB3's dt). */
export interface OrnsteinUhlenbeckConfig {
  /** Mean-reversion rate θ, per unit time; finite, ≥ 0. Default 0.15. */
  readonly theta: number;
  /** Diffusion σ in units of the action scale per √time; finite, ≥ 0. Default 0.2. */
  readonly sigma: number;
  /** Time step dt; finite, > 0, and θ·dt ≤ 1 (else the discrete process overshoots μ). Default 0.01. */
  readonly dt: number;
  /** Long-run mean μ (same units as σ): a number for every dimension or one per dimension. Default 0. */
  readonly mu: number | ArrayLike<number>;
  /** State after `reset()`: a number for every dimension or one per dimension. Default: μ. */
  readonly x0?: number | ArrayLike<number>;
}

/** Defaults of `OrnsteinUhlenbeckConfig`. */
export const ORNSTEIN_UHLENBECK_DEFAULTS: Readonly<OrnsteinUhlenbeckConfig> = Object.freeze({ theta: 0.15, sigma: 0.2, dt: 0.01, mu: 0 });

/** Saved state of an `OrnsteinUhlenbeckNoise` (JSON). */
export interface OrnsteinUhlenbeckState {
  /** Current process value x per dimension. */
  readonly x: readonly number[];
}

/**
 * Temporally correlated noise: x_{k+1} = x_k + θ(μ − x_k)·dt + σ·√dt·z_k, z_k ~ N(0, 1) per
 * dimension. Its stationary law (θ·dt < 1) has mean μ and variance σ²dt / (1 − (1 − θdt)²).
 * `apply` advances the process one step and returns clip(a + s·x, low, high).
 */
export class OrnsteinUhlenbeckNoise implements ActionNoise {
  readonly config: Readonly<Omit<OrnsteinUhlenbeckConfig, 'mu' | 'x0'>>;
  readonly low: Float64Array;
  readonly high: Float64Array;
  readonly scale: Float64Array;
  /** Long-run mean per dimension. */
  readonly mu: Float64Array;
  /** Reset value per dimension. */
  readonly x0: Float64Array;
  private readonly x: Float64Array;

  constructor(bounds: ActionBounds, config: Partial<OrnsteinUhlenbeckConfig> = {}) {
    const owner = 'OrnsteinUhlenbeckNoise';
    ({ low: this.low, high: this.high, scale: this.scale } = checkBounds(owner, bounds));
    record(owner, 'config', config);
    noUnknownKeys(owner, config, ['theta', 'sigma', 'dt', 'mu', 'x0']);
    const c = { ...ORNSTEIN_UHLENBECK_DEFAULTS, ...config };
    const theta = numberIn(owner, 'theta', c.theta, 0, Infinity, 'a finite number >= 0');
    const sigma = numberIn(owner, 'sigma', c.sigma, 0, Infinity, 'a finite number >= 0');
    const dt = numberIn(owner, 'dt', c.dt, 0, Infinity, 'a finite number > 0');
    if (dt === 0) fail(owner, 'dt', 'a finite number > 0', dt);
    if (theta * dt > 1) fail(owner, 'theta × dt', 'at most 1', theta * dt);
    this.config = Object.freeze({ theta, sigma, dt });
    const n = this.low.length;
    const perDim = (field: string, v: number | ArrayLike<number>): Float64Array =>
      typeof v === 'number' ? new Float64Array(n).fill(numberIn(owner, field, v, -Infinity, Infinity, 'a finite number')) : finiteArray(owner, field, Array.from(v), n);
    this.mu = perDim('mu', c.mu);
    this.x0 = c.x0 === undefined ? Float64Array.from(this.mu) : perDim('x0', c.x0);
    this.x = Float64Array.from(this.x0);
  }

  /** Advance the process one step; write x into `out` (default: a new array) and return it. */
  sample(rng: Rng, out: Float64Array = new Float64Array(this.x.length)): Float64Array {
    this.advance(rng);
    out.set(this.x);
    return out;
  }

  apply(action: Float64Array, rng: Rng, out: Float64Array = new Float64Array(this.x.length)): Float64Array {
    checkAction('OrnsteinUhlenbeckNoise.apply', action, this.x.length, out);
    this.advance(rng);
    for (let i = 0; i < this.x.length; i++) {
      const v = (action[i] as number) + (this.scale[i] as number) * (this.x[i] as number);
      out[i] = Math.min(this.high[i] as number, Math.max(this.low[i] as number, v));
    }
    return out;
  }

  /** Set x back to x0 (call at the start of each episode). */
  reset(): void {
    this.x.set(this.x0);
  }

  /** Current process value (copy). */
  get value(): Float64Array {
    return Float64Array.from(this.x);
  }

  /** One Euler–Maruyama step of every dimension (one normal draw each, in index order). */
  private advance(rng: Rng): void {
    const { theta, sigma, dt } = this.config;
    const sqrtDt = Math.sqrt(dt);
    for (let i = 0; i < this.x.length; i++) {
      const xi = this.x[i] as number;
      this.x[i] = xi + theta * ((this.mu[i] as number) - xi) * dt + sigma * sqrtDt * normal(rng);
    }
  }

  getState(): OrnsteinUhlenbeckState {
    return { x: Array.from(this.x) };
  }

  setState(state: OrnsteinUhlenbeckState): void {
    const s = record('OrnsteinUhlenbeckNoise.setState', 'state', state);
    this.x.set(finiteArray('OrnsteinUhlenbeckNoise.setState', 'x', s['x'], this.x.length));
  }
}

/** Create `OrnsteinUhlenbeckNoise` for `bounds` (e.g. an env's action `Box`). */
export function ornsteinUhlenbeckNoise(bounds: ActionBounds, config: Partial<OrnsteinUhlenbeckConfig> = {}): OrnsteinUhlenbeckNoise {
  return new OrnsteinUhlenbeckNoise(bounds, config);
}

// ---------------------------------------------------------------------------------------------
// Schedules

/** JSON description of a schedule. */
export type ScheduleJson =
  | { readonly type: 'constant'; readonly value: number }
  | { readonly type: 'linear' | 'exponential'; readonly start: number; readonly end: number; readonly steps: number };

/** A hyperparameter as a function of a step counter (updates, env steps, episodes — the caller decides). */
export interface Schedule {
  /** Value at `step` (a finite number ≥ 0; fractional steps are allowed). */
  value(step: number): number;
  toJSON(): ScheduleJson;
}

function checkStep(owner: string, step: number): void {
  if (typeof step !== 'number' || !Number.isFinite(step) || step < 0) fail(owner, 'step', 'a finite number >= 0', step, typeof step !== 'number');
}

/** The same value at every step. */
export function constantSchedule(value: number): Schedule {
  numberIn('constantSchedule', 'value', value, -Infinity, Infinity, 'a finite number');
  return {
    value: (step) => {
      checkStep('constantSchedule.value', step);
      return value;
    },
    toJSON: () => ({ type: 'constant', value }),
  };
}

/** Endpoints of a decaying (or growing) schedule. */
export interface DecayScheduleConfig {
  /** Value at step 0. */
  readonly start: number;
  /** Value at step `steps` and after. */
  readonly end: number;
  /** Number of steps K over which the value moves from `start` to `end`; integer ≥ 1. */
  readonly steps: number;
}

/** Linear interpolation: start + (end − start)·min(step/K, 1). */
export function linearSchedule(config: DecayScheduleConfig): Schedule {
  const owner = 'linearSchedule';
  record(owner, 'config', config);
  noUnknownKeys(owner, config, ['start', 'end', 'steps']);
  const start = numberIn(owner, 'start', config.start, -Infinity, Infinity, 'a finite number');
  const end = numberIn(owner, 'end', config.end, -Infinity, Infinity, 'a finite number');
  const steps = integerIn(owner, 'steps', config.steps, 1, Number.MAX_SAFE_INTEGER);
  return {
    value: (step) => {
      checkStep(`${owner}.value`, step);
      return step >= steps ? end : start + (end - start) * (step / steps);
    },
    toJSON: () => ({ type: 'linear', start, end, steps }),
  };
}

/**
 * Geometric interpolation: value(k) = start·(end/start)^(k/K) for k < K, exactly `end` for k ≥ K.
 * This is the closed form of the recursion v_k = v_{k−1}·(end/start)^(1/K) (e.g. the learning-rate
 * decay α_k = α_{k−1}·(α_end/α_ini)^{1/K}); it differs from the recursion by rounding only.
 * `start` and `end` must be finite and > 0.
 */
export function exponentialSchedule(config: DecayScheduleConfig): Schedule {
  const owner = 'exponentialSchedule';
  record(owner, 'config', config);
  noUnknownKeys(owner, config, ['start', 'end', 'steps']);
  const start = numberIn(owner, 'start', config.start, Number.MIN_VALUE, Infinity, 'a finite number > 0');
  const end = numberIn(owner, 'end', config.end, Number.MIN_VALUE, Infinity, 'a finite number > 0');
  const steps = integerIn(owner, 'steps', config.steps, 1, Number.MAX_SAFE_INTEGER);
  const ratio = end / start;
  return {
    value: (step) => {
      checkStep(`${owner}.value`, step);
      return step >= steps ? end : start * pow(ratio, step / steps);
    },
    toJSON: () => ({ type: 'exponential', start, end, steps }),
  };
}

/** Rebuild a schedule from `schedule.toJSON()`. */
export function scheduleFromJSON(json: ScheduleJson): Schedule {
  const j = record('scheduleFromJSON', 'json', json);
  const type = oneOf('scheduleFromJSON', 'type', j['type'], ['constant', 'linear', 'exponential'] as const);
  if (type === 'constant') return constantSchedule(j['value'] as number);
  const config = { start: j['start'] as number, end: j['end'] as number, steps: j['steps'] as number };
  return type === 'linear' ? linearSchedule(config) : exponentialSchedule(config);
}

// ---------------------------------------------------------------------------------------------
// Discrete actions

/** Whether larger values are better (rewards, argmax) or smaller (costs, argmin). */
export type Objective = 'maximize-reward' | 'minimize-cost';

/**
 * How ties between equally good actions are broken: 'lowest' takes the lowest index (no draw);
 * 'random' picks uniformly among the tied actions with one `integer(rng, 0, ties)` draw, made
 * only when there is more than one tied action.
 */
export type TieBreak = 'lowest' | 'random';

/**
 * Index in [0, count) of the best of `values[offset .. offset + count)` — the largest for
 * 'maximize-reward', the smallest for 'minimize-cost' — ties (exact equality) broken by `tieBreak`.
 * `rng` is required for 'random' tie-breaking. NaN values are rejected.
 */
export function bestAction(
  values: ArrayLike<number>,
  offset: number,
  count: number,
  objective: Objective,
  tieBreak: TieBreak,
  rng?: Rng,
): number {
  const sign = objective === 'maximize-reward' ? 1 : -1;
  let best = -Infinity;
  let bestIndex = -1;
  let ties = 0;
  for (let i = 0; i < count; i++) {
    const raw = values[offset + i] as number;
    if (Number.isNaN(raw)) throw new RangeError(`bestAction: values[${offset + i}] is NaN`);
    const v = sign * raw;
    if (v > best || bestIndex < 0) {
      best = v;
      bestIndex = i;
      ties = 1;
    } else if (v === best) {
      ties += 1;
    }
  }
  if (bestIndex < 0) fail('bestAction', 'count', 'an integer >= 1', count);
  if (ties === 1 || tieBreak === 'lowest') return bestIndex;
  if (rng === undefined) throw new TypeError("bestAction: tieBreak 'random' needs an rng");
  // Pick the k-th tied action, in index order.
  let k = integer(rng, 0, ties);
  for (let i = bestIndex; i < count; i++) {
    if (sign * (values[offset + i] as number) === best) {
      if (k === 0) return i;
      k -= 1;
    }
  }
  return bestIndex; // unreachable: there are `ties` matches from bestIndex on
}

/**
 * ε-greedy choice among `nActions` actions. Draw protocol (fixed, so runs are reproducible): one
 * `rng.nextDouble()` u ALWAYS (also when ε is 0 or 1); if u < ε, one `integer(rng, 0, nActions)`
 * draw gives a uniform action (possibly the greedy one); otherwise `greedy()` is called (it may
 * draw for tie-breaking).
 *
 * @param epsilon - exploration probability in [0, 1].
 * @param greedy - returns the greedy action (only called when not exploring).
 */
export function epsilonGreedy(rng: Rng, epsilon: number, nActions: number, greedy: () => number): number {
  numberIn('epsilonGreedy', 'epsilon', epsilon, 0, 1);
  integerIn('epsilonGreedy', 'nActions', nActions, 1, 2 ** 32);
  const u = rng.nextDouble();
  return u < epsilon ? integer(rng, 0, nActions) : greedy();
}
