// Pendulum-v1 — the inverted-pendulum swing-up task, as in Gymnasium
// `gymnasium/envs/classic_control/pendulum.py` (PendulumEnv, v1) with its TimeLimit of 200 steps.
//
// State (θ, θ̇): θ in rad, 0 = upright, positive counter-clockwise, not wrapped (it grows as the
// pendulum spins; only the cost wraps it); θ̇ in rad/s, clipped to [−8, 8].
// Observation: [cos θ, sin θ, θ̇] in Box([−1, −1, −8], [1, 1, 8]).
// Action: torque u in N·m, Box([−2], [2]).
// Dynamics (one explicit step of dt = 0.05 s, g = 10 m/s², m = 1 kg, l = 1 m):
//   θ̇' = clip(θ̇ + (3g/(2l)·sin θ + 3/(m l²)·u)·dt, −8, 8),   θ' = θ + θ̇'·dt   (semi-implicit Euler)
// Reward: −(norm(θ)² + 0.1·θ̇² + 0.001·u²), using the PRE-step θ, θ̇, with norm(θ) in [−π, π);
//   range [−16.2736044, 0].
// Start: θ ~ U[−π, π], θ̇ ~ U[−1, 1] (bounds adjustable with reset options xInit, yInit).
// Episode end: never terminates; truncated = true on step 200 (`maxEpisodeSteps`).
//
// Out-of-range torque (config `actionBounds`): 'clip' (default) does what Gymnasium does —
//   u = np.clip(u, −2, 2), and both the dynamics and the cost use the clipped u; 'error' rejects it
//   (step throws `action[0] = 2.5 is above high[0] = 2`). A NaN torque, a wrong length or type
//   always throws. An in-range action gives exactly Gymnasium's dynamics in both modes.
//
// Deviations from Gymnasium (decided, not accidental):
//   - Everything is float64: Gymnasium casts observations (and float32 actions) to float32, so its
//     numbers differ from these in the last float32 digits.
//   - Reset option yInit must be in [0, 8] (Gymnasium allows larger bounds, which put the first
//     observation outside the observation space); xInit must be ≥ 0.
//   - Stepping before reset or after truncation throws (Gymnasium warns / continues).

import type { RngState } from '../../random/index.js';
import { uniform } from '../../random/index.js';
import type { Env, EpisodeStatus, ResetOptions, ResetResult, StepResult } from '../../rl/index.js';
import { Box, boundAction, checkActionBounds, type ActionBoundsMode } from '../../rl/index.js';
import { finiteWhere, integerIn, noUnknownKeys, record } from '../check.js';
import { Episode } from '../episode.js';
import { cos, sin } from '../../math/index.js';

/** Env id, also the label of its random stream. */
export const PENDULUM_ID = 'Pendulum-v1';

/** Fixed physical constants of Pendulum-v1 (Gymnasium `PendulumEnv.__init__`). */
export const PENDULUM_CONSTANTS = Object.freeze({
  /** Largest |θ̇|, rad/s; θ̇ is clipped to [−maxSpeed, maxSpeed]. */
  maxSpeed: 8,
  /** Largest |u|, N·m (action bound). */
  maxTorque: 2,
  /** Integration step, s. */
  dt: 0.05,
  /** Pendulum mass, kg. */
  m: 1,
  /** Pendulum length, m. */
  l: 1,
});

/** Pendulum configuration. */
export interface PendulumConfig {
  /** Gravitational acceleration g in m/s², finite and > 0. Default 10 (Gymnasium's default, not 9.81). */
  readonly g: number;
  /** TimeLimit: `truncated` becomes true on this step. Integer in [1, 2^31 − 1]; default 200. */
  readonly maxEpisodeSteps: number;
  /** Seed of the generator used until the first seeded `reset` (a safe integer). Default 0. */
  readonly seed: number;
  /** Out-of-range torque: 'clip' (default, as Gymnasium's np.clip) or 'error' (step throws). */
  readonly actionBounds: ActionBoundsMode;
}

/** Defaults of `PendulumConfig` (Pendulum-v1 as registered in Gymnasium). */
export const PENDULUM_DEFAULTS: Readonly<PendulumConfig> = Object.freeze({ g: 10, maxEpisodeSteps: 200, seed: 0, actionBounds: 'clip' });

/** Reset options (Gymnasium's `x_init`, `y_init`). */
export interface PendulumResetOptions {
  /** Initial θ is drawn from U[−xInit, xInit], rad. Finite, ≥ 0. Default π. */
  readonly xInit?: number;
  /** Initial θ̇ is drawn from U[−yInit, yInit], rad/s. In [0, 8]. Default 1. */
  readonly yInit?: number;
}

/** JSON-serialisable snapshot of a Pendulum (see `Env.getState`). */
export interface PendulumState {
  readonly id: typeof PENDULUM_ID;
  /** Angle θ in rad (unwrapped, finite). */
  readonly theta: number;
  /** Angular velocity θ̇ in rad/s, in [−8, 8]. */
  readonly thetaDot: number;
  /** Steps taken in the current episode. */
  readonly steps: number;
  readonly status: EpisodeStatus;
  /** The env generator's state. */
  readonly rng: RngState;
}

/**
 * Wrap an angle to [−π, π): ((x + π) mod 2π) − π with a floored modulo, as Python's `%` (and so
 * Gymnasium's `angle_normalize`) computes it. Pitfall: JavaScript's `%` truncates toward zero and
 * would leave negative angles in (−3π, −π].
 */
export function angleNormalize(x: number): number {
  const period = 2 * Math.PI;
  let r = (x + Math.PI) % period;
  if (r < 0) r += period; // Python's float % adds the divisor when the signs differ
  return r - Math.PI;
}

/** Pendulum-v1 (see the file header for dynamics, reward and deviations). */
export class PendulumEnv implements Env<Float64Array, Float64Array, PendulumState, PendulumResetOptions> {
  readonly id = PENDULUM_ID;
  readonly config: Readonly<PendulumConfig>;
  /** [cos θ, sin θ, θ̇] ∈ Box([−1, −1, −8], [1, 1, 8]). */
  readonly observationSpace: Box;
  /** Torque u ∈ Box([−2], [2]) N·m. Out-of-range torques are clipped (default) or rejected, per `actionBounds`. */
  readonly actionSpace: Box;
  readonly maxEpisodeSteps: number;
  /** See `PendulumConfig.actionBounds`. */
  readonly actionBounds: ActionBoundsMode;
  /** Whether a reset or setState has given the env a state (`observe` needs one). */
  private hasState = false;
  private theta = 0;
  private thetaDot = 0;
  private readonly episode: Episode;

  constructor(config: Partial<PendulumConfig> = {}) {
    this.config = resolvePendulumConfig(config);
    const { maxSpeed, maxTorque } = PENDULUM_CONSTANTS;
    this.observationSpace = new Box({ low: [-1, -1, -maxSpeed], high: [1, 1, maxSpeed] });
    this.actionSpace = new Box({ low: [-maxTorque], high: [maxTorque] });
    this.maxEpisodeSteps = this.config.maxEpisodeSteps;
    this.actionBounds = this.config.actionBounds;
    this.episode = new Episode(this.id, this.maxEpisodeSteps, this.config.seed);
  }

  reset(opts: ResetOptions<PendulumResetOptions> = {}): ResetResult<Float64Array> {
    const owner = `${this.id}.reset`;
    let xInit = Math.PI;
    let yInit = 1;
    if (opts.options !== undefined) {
      const o = record(owner, 'options', opts.options);
      noUnknownKeys(owner, 'options', o, ['xInit', 'yInit']);
      if (o['xInit'] !== undefined) xInit = finiteWhere(owner, 'options.xInit', o['xInit'], 'a finite number >= 0', (v) => v >= 0);
      if (o['yInit'] !== undefined) {
        const { maxSpeed } = PENDULUM_CONSTANTS;
        yInit = finiteWhere(owner, 'options.yInit', o['yInit'], `a finite number in [0, ${maxSpeed}]`, (v) => v >= 0 && v <= maxSpeed);
      }
    }
    const rng = this.episode.begin(opts.seed);
    // Same draw order as Gymnasium's np_random.uniform(low=[−x, −y], high=[x, y]): θ, then θ̇.
    this.theta = uniform(rng, -xInit, xInit);
    this.thetaDot = uniform(rng, -yInit, yInit);
    this.hasState = true;
    return { obs: this.observation(), info: {} };
  }

  step(action: Float64Array): StepResult<Float64Array> {
    this.episode.checkCanStep();
    // Clips (Gymnasium) or throws before any state changes, per actionBounds.
    const u = boundAction(this.actionSpace, action, this.actionBounds, 'action')[0] as number;
    const { maxSpeed, dt, m, l } = PENDULUM_CONSTANTS;
    const g = this.config.g;
    const th = this.theta;
    const thdot = this.thetaDot;

    // Cost from the pre-step state; θ wrapped to [−π, π) so that 0 is upright whatever the winding.
    const thn = angleNormalize(th);
    const cost = thn * thn + 0.1 * (thdot * thdot) + 0.001 * (u * u);

    // Same operation order as Gymnasium (float64 rounding then matches step for step).
    let newThdot = thdot + (((3 * g) / (2 * l)) * sin(th) + (3 / (m * (l * l))) * u) * dt;
    newThdot = Math.min(maxSpeed, Math.max(-maxSpeed, newThdot));
    this.theta = th + newThdot * dt; // uses the NEW velocity (semi-implicit Euler)
    this.thetaDot = newThdot;

    const truncated = this.episode.finishStep(false);
    return { obs: this.observation(), reward: -cost, terminated: false, truncated, info: {} };
  }

  getState(): PendulumState {
    return { id: this.id, theta: this.theta, thetaDot: this.thetaDot, ...this.episode.toJSON() };
  }

  setState(state: PendulumState): void {
    const owner = `${this.id}.setState`;
    const s = record(owner, 'state', state);
    if (s['id'] !== this.id) throw new RangeError(`${owner}: state.id must be ${JSON.stringify(this.id)}, got ${JSON.stringify(s['id'])}`);
    const { maxSpeed } = PENDULUM_CONSTANTS;
    const theta = finiteWhere(owner, 'theta', s['theta'], 'a finite number');
    const thetaDot = finiteWhere(owner, 'thetaDot', s['thetaDot'], `a finite number in [-${maxSpeed}, ${maxSpeed}]`, (v) => Math.abs(v) <= maxSpeed);
    this.episode.restore(owner, s);
    this.theta = theta;
    this.thetaDot = thetaDot;
    this.hasState = true;
  }

  /** The current observation [cos θ, sin θ, θ̇] (a fresh array); throws before the first reset/setState. */
  observe(): Float64Array {
    if (!this.hasState) throw new Error(`${this.id}.observe: call reset() or setState() before observe()`);
    return this.observation();
  }

  private observation(): Float64Array {
    return Float64Array.of(cos(this.theta), sin(this.theta), this.thetaDot);
  }
}

/** Validate a partial config against `PENDULUM_DEFAULTS`; errors name the field and its range. */
export function resolvePendulumConfig(partial: Partial<PendulumConfig>): PendulumConfig {
  const owner = PENDULUM_ID;
  noUnknownKeys(owner, 'config', record(owner, 'config', partial), Object.keys(PENDULUM_DEFAULTS));
  const c = { ...PENDULUM_DEFAULTS, ...partial };
  return {
    g: finiteWhere(owner, 'g', c.g, 'a finite number > 0', (v) => v > 0),
    maxEpisodeSteps: integerIn(owner, 'maxEpisodeSteps', c.maxEpisodeSteps, 1, 2 ** 31 - 1),
    seed: integerIn(owner, 'seed', c.seed, Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER),
    actionBounds: checkActionBounds(owner, c.actionBounds),
  };
}

/** Create a Pendulum-v1 env (`new PendulumEnv(config)`). */
export function pendulum(config: Partial<PendulumConfig> = {}): PendulumEnv {
  return new PendulumEnv(config);
}
