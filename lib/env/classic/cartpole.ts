// CartPole-v1 — Barto, Sutton & Anderson (1983) cart-pole balancing, as in Gymnasium
// `gymnasium/envs/classic_control/cartpole.py` (CartPoleEnv) with its TimeLimit of 500 steps.
//
// State / observation: [x, ẋ, θ, θ̇] — cart position m, cart velocity m/s, pole angle rad (0 =
// upright), pole angular velocity rad/s. Observation space Box(−high, high) with
// high = [4.8, 3.4028234663852886e38 (float32 max), 24° = 0.41887902047863906 rad, float32 max].
// Action: Discrete(2) — 0 pushes the cart left (force −10 N), 1 pushes right (+10 N).
// Dynamics (Florian 2005 corrected equations as written in Gymnasium; g = 9.8 m/s², cart 1 kg,
// pole 0.1 kg, half-length 0.5 m, τ = 0.02 s):
//   temp  = (F + m_p·l·θ̇²·sin θ) / (m_c + m_p)
//   θ̈     = (g·sin θ − cos θ·temp) / (l·(4/3 − m_p·cos²θ / (m_c + m_p)))
//   ẍ     = temp − m_p·l·θ̈·cos θ / (m_c + m_p)
//   'euler' (default): x += τ·ẋ, ẋ += τ·ẍ, θ += τ·θ̇, θ̇ += τ·θ̈ (positions use the OLD velocities);
//   'semi-implicit-euler': velocities first, positions with the new velocities.
// Termination: x < −2.4 or x > 2.4 or θ < −12° or θ > 12° (12·2π/360 = 0.20943951023931953 rad),
//   checked on the post-step state. Truncation: step 500 (`maxEpisodeSteps`).
// Reward: +1 on every step including the terminating one (Gymnasium default); with
//   `suttonBartoReward: true`, 0 on non-terminating steps and −1 on the terminating step.
// Start: all four state variables ~ U[−0.05, 0.05] (bounds adjustable with reset options low, high).
//
// Invalid actions (anything but the integers 0 and 1) are rejected — `step` throws and the env is
// unchanged — as Gymnasium's `assert self.action_space.contains(action)` does; there is nothing to
// clip in a Discrete space.
//
// Deviations from Gymnasium (decided, not accidental):
//   - Float64 observations (Gymnasium casts them to float32); the dynamics are float64 in both.
//   - Stepping after termination throws (Gymnasium warns once and returns reward 0 / −1).
//   - Reset bounds must satisfy −0.2 ≤ low ≤ high ≤ 0.2, so the first observation is in the space
//     and inside the termination thresholds (Gymnasium accepts any low ≤ high).

import type { RngState } from '../../random/index.js';
import { uniform } from '../../random/index.js';
import type { Env, EpisodeStatus, ResetOptions, ResetResult, StepResult } from '../../rl/index.js';
import { Box, Discrete } from '../../rl/index.js';
import { fail, finiteWhere, integerIn, noUnknownKeys, record } from '../check.js';
import { Episode } from '../episode.js';
import { cos, sin } from '../../math/index.js';

/** Env id, also the label of its random stream. */
export const CARTPOLE_ID = 'CartPole-v1';

/** Largest finite float32, Gymnasium's stand-in for ±∞ in the CartPole observation bounds. */
const FLOAT32_MAX = 3.4028234663852886e38; // = (2 − 2^−23)·2^127

/** Fixed physical constants of CartPole-v1 (Gymnasium `CartPoleEnv.__init__`). */
export const CARTPOLE_CONSTANTS = Object.freeze({
  /** g, m/s². */
  gravity: 9.8,
  /** Cart mass, kg. */
  massCart: 1.0,
  /** Pole mass, kg. */
  massPole: 0.1,
  /** HALF the pole's length, m (Gymnasium's `length`). */
  length: 0.5,
  /** Magnitude of the push, N. */
  forceMag: 10.0,
  /** Seconds between state updates (integration step τ). */
  tau: 0.02,
  /** Termination threshold on |θ|: 12° = 12·2π/360 rad. */
  thetaThresholdRadians: (12 * 2 * Math.PI) / 360,
  /** Termination threshold on |x|, m. */
  xThreshold: 2.4,
});

/** CartPole configuration. */
export interface CartPoleConfig {
  /** Integrator: 'euler' (Gymnasium's default) or 'semi-implicit-euler'. */
  readonly kinematicsIntegrator: 'euler' | 'semi-implicit-euler';
  /** Sutton & Barto's reward (0 per step, −1 on termination) instead of +1 per step. Default false. */
  readonly suttonBartoReward: boolean;
  /** TimeLimit: `truncated` becomes true on this step. Integer in [1, 2^31 − 1]; default 500. */
  readonly maxEpisodeSteps: number;
  /** Seed of the generator used until the first seeded `reset` (a safe integer). Default 0. */
  readonly seed: number;
}

/** Defaults of `CartPoleConfig` (CartPole-v1 as registered in Gymnasium). */
export const CARTPOLE_DEFAULTS: Readonly<CartPoleConfig> = Object.freeze({
  kinematicsIntegrator: 'euler',
  suttonBartoReward: false,
  maxEpisodeSteps: 500,
  seed: 0,
});

/** Reset options (Gymnasium's `low`, `high`): every state variable starts ~ U[low, high]. */
export interface CartPoleResetOptions {
  /** Lower bound, in [−0.2, high]. Default −0.05. */
  readonly low?: number;
  /** Upper bound, in [low, 0.2]. Default 0.05. */
  readonly high?: number;
}

/** JSON-serialisable snapshot of a CartPole (see `Env.getState`). */
export interface CartPoleState {
  readonly id: typeof CARTPOLE_ID;
  /** [x, ẋ, θ, θ̇] (finite numbers). */
  readonly physics: readonly number[];
  /** Steps taken in the current episode. */
  readonly steps: number;
  readonly status: EpisodeStatus;
  /** The env generator's state. */
  readonly rng: RngState;
}

const RESET_BOUND = 0.2;

/** CartPole-v1 (see the file header for dynamics, reward and deviations). */
export class CartPoleEnv implements Env<Float64Array, number, CartPoleState, CartPoleResetOptions> {
  readonly id = CARTPOLE_ID;
  readonly config: Readonly<CartPoleConfig>;
  /** [x, ẋ, θ, θ̇] ∈ Box([−4.8, −f32max, −24°, −f32max], [4.8, f32max, 24°, f32max]). */
  readonly observationSpace: Box;
  /** 0 = push left, 1 = push right. */
  readonly actionSpace: Discrete;
  readonly maxEpisodeSteps: number;
  private readonly state = new Float64Array(4);
  /** Whether a reset or setState has given the env a state (`observe` needs one). */
  private hasState = false;
  private readonly episode: Episode;

  constructor(config: Partial<CartPoleConfig> = {}) {
    this.config = resolveCartPoleConfig(config);
    const { xThreshold, thetaThresholdRadians } = CARTPOLE_CONSTANTS;
    // Angle bound is twice the termination threshold so the terminating observation is still inside.
    const high = [xThreshold * 2, FLOAT32_MAX, thetaThresholdRadians * 2, FLOAT32_MAX];
    this.observationSpace = new Box({ low: high.map((h) => -h), high });
    this.actionSpace = new Discrete(2);
    this.maxEpisodeSteps = this.config.maxEpisodeSteps;
    this.episode = new Episode(this.id, this.maxEpisodeSteps, this.config.seed);
  }

  reset(opts: ResetOptions<CartPoleResetOptions> = {}): ResetResult<Float64Array> {
    const owner = `${this.id}.reset`;
    let low = -0.05;
    let high = 0.05;
    if (opts.options !== undefined) {
      const o = record(owner, 'options', opts.options);
      noUnknownKeys(owner, 'options', o, ['low', 'high']);
      const inBounds = (v: number): boolean => v >= -RESET_BOUND && v <= RESET_BOUND;
      const range = `a finite number in [-${RESET_BOUND}, ${RESET_BOUND}]`;
      if (o['low'] !== undefined) low = finiteWhere(owner, 'options.low', o['low'], range, inBounds);
      if (o['high'] !== undefined) high = finiteWhere(owner, 'options.high', o['high'], range, inBounds);
      if (low > high) fail(owner, 'options.high', `>= options.low (${low})`, high);
    }
    const rng = this.episode.begin(opts.seed);
    // Gymnasium: np_random.uniform(low, high, size=(4,)) — four draws in the order x, ẋ, θ, θ̇.
    for (let i = 0; i < 4; i++) this.state[i] = uniform(rng, low, high);
    this.hasState = true;
    return { obs: Float64Array.from(this.state), info: {} };
  }

  step(action: number): StepResult<Float64Array> {
    this.episode.checkCanStep();
    this.actionSpace.validate(action, 'action'); // throws before any state changes (Gymnasium asserts)
    const { gravity, massCart, massPole, length, forceMag, tau, thetaThresholdRadians, xThreshold } = CARTPOLE_CONSTANTS;
    const totalMass = massPole + massCart;
    const polemassLength = massPole * length;
    let x = this.state[0] as number;
    let xDot = this.state[1] as number;
    let theta = this.state[2] as number;
    let thetaDot = this.state[3] as number;

    const force = action === 1 ? forceMag : -forceMag;
    const cosTheta = cos(theta);
    const sinTheta = sin(theta);
    // Same operation order as Gymnasium (float64 rounding then matches step for step).
    const temp = (force + polemassLength * (thetaDot * thetaDot) * sinTheta) / totalMass;
    const thetaAcc =
      (gravity * sinTheta - cosTheta * temp) / (length * (4.0 / 3.0 - (massPole * (cosTheta * cosTheta)) / totalMass));
    const xAcc = temp - (polemassLength * thetaAcc * cosTheta) / totalMass;

    if (this.config.kinematicsIntegrator === 'euler') {
      // Pitfall: positions advance with the OLD velocities (explicit Euler), as in Gymnasium.
      x = x + tau * xDot;
      xDot = xDot + tau * xAcc;
      theta = theta + tau * thetaDot;
      thetaDot = thetaDot + tau * thetaAcc;
    } else {
      xDot = xDot + tau * xAcc;
      x = x + tau * xDot;
      thetaDot = thetaDot + tau * thetaAcc;
      theta = theta + tau * thetaDot;
    }
    this.state[0] = x;
    this.state[1] = xDot;
    this.state[2] = theta;
    this.state[3] = thetaDot;

    const terminated = x < -xThreshold || x > xThreshold || theta < -thetaThresholdRadians || theta > thetaThresholdRadians;
    // +1 on every step including the terminating one (default); Sutton–Barto: 0, and −1 on termination.
    const reward = this.config.suttonBartoReward ? (terminated ? -1 : 0) : 1;
    const truncated = this.episode.finishStep(terminated);
    return { obs: Float64Array.from(this.state), reward, terminated, truncated, info: {} };
  }

  getState(): CartPoleState {
    return { id: this.id, physics: Array.from(this.state), ...this.episode.toJSON() };
  }

  setState(state: CartPoleState): void {
    const owner = `${this.id}.setState`;
    const s = record(owner, 'state', state);
    if (s['id'] !== this.id) throw new RangeError(`${owner}: state.id must be ${JSON.stringify(this.id)}, got ${JSON.stringify(s['id'])}`);
    const physics = s['physics'];
    if (!Array.isArray(physics) || physics.length !== 4) fail(owner, 'physics', 'an array of 4 finite numbers [x, xDot, theta, thetaDot]', physics, true);
    const values = physics.map((v: unknown, i) => finiteWhere(owner, `physics[${i}]`, v, 'a finite number'));
    this.episode.restore(owner, s);
    this.state.set(values);
    this.hasState = true;
  }

  /** The current observation [x, ẋ, θ, θ̇] (a fresh array); throws before the first reset/setState. */
  observe(): Float64Array {
    if (!this.hasState) throw new Error(`${this.id}.observe: call reset() or setState() before observe()`);
    return Float64Array.from(this.state);
  }
}

/** Validate a partial config against `CARTPOLE_DEFAULTS`; errors name the field and its range. */
export function resolveCartPoleConfig(partial: Partial<CartPoleConfig>): CartPoleConfig {
  const owner = CARTPOLE_ID;
  noUnknownKeys(owner, 'config', record(owner, 'config', partial), Object.keys(CARTPOLE_DEFAULTS));
  const c = { ...CARTPOLE_DEFAULTS, ...partial };
  if (c.kinematicsIntegrator !== 'euler' && c.kinematicsIntegrator !== 'semi-implicit-euler') {
    fail(owner, 'kinematicsIntegrator', '"euler" or "semi-implicit-euler"', c.kinematicsIntegrator);
  }
  if (typeof c.suttonBartoReward !== 'boolean') fail(owner, 'suttonBartoReward', 'a boolean', c.suttonBartoReward, true);
  return {
    kinematicsIntegrator: c.kinematicsIntegrator,
    suttonBartoReward: c.suttonBartoReward,
    maxEpisodeSteps: integerIn(owner, 'maxEpisodeSteps', c.maxEpisodeSteps, 1, 2 ** 31 - 1),
    seed: integerIn(owner, 'seed', c.seed, Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER),
  };
}

/** Create a CartPole-v1 env (`new CartPoleEnv(config)`). */
export function cartPole(config: Partial<CartPoleConfig> = {}): CartPoleEnv {
  return new CartPoleEnv(config);
}
