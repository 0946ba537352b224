// The single-agent environment interface, shaped like Gymnasium's `Env` (`gymnasium/core.py`):
// `reset({ seed, options }) → { obs, info }`, `step(action) → { obs, reward, terminated, truncated,
// info }`, plus `getState()/setState()` so a checkpoint can resume an episode bit-identically.
//
// Seeding contract (Gymnasium's "the env owns its generator", made deterministic):
//   - The env owns one Rng. `reset({ seed })` replaces it with a fresh generator derived from the
//     seed (by convention `deriveStream(seed, 'env', env.id)`, see `envStream`), so the same seed
//     gives the same episode whatever else the program draws.
//   - `reset()` without a seed continues the current generator (the next episode differs from the
//     last one, and the whole sequence is still fixed by the first seed).
//   - Before any seeded reset the generator comes from a constructor seed (documented per env);
//     there is no entropy source in lib/, so an env that is never seeded is still deterministic.
//   - `getState()` includes the Rng state; `setState(getState())` restores the exact continuation.
//
// Termination vs truncation (pitfall): `terminated` means the MDP reached a terminal state (do not
// bootstrap), `truncated` means the episode was cut by a time limit (bootstrap from nextObs).
// Both may be true on the same step. Learners must use both flags; see ReplayBuffer.
//
// Deviations from Gymnasium: no `render`/`close`/`metadata`; the time limit (TimeLimit wrapper in
// Gymnasium) lives inside each env as `maxEpisodeSteps`; an env throws when stepped before `reset`
// or after the episode ended, instead of warning.

import type { Rng } from '../random/index.js';
import { deriveStream } from '../random/index.js';
import type { ActionBoundsMode } from './actionBounds.js';
import type { Space } from './spaces.js';

/** Free-form, JSON-friendly diagnostics returned by `reset` and `step` (Gymnasium `info`). */
export type Info = Readonly<Record<string, unknown>>;

/** Arguments of `Env.reset`. */
export interface ResetOptions<Options> {
  /**
   * Reseed the env's generator (a safe integer). Omit to continue the current generator, as
   * Gymnasium does for every reset after the first.
   */
  readonly seed?: number;
  /** Env-specific reset options (e.g. initial-state bounds); see each env's documentation. */
  readonly options?: Options;
}

/** Result of `Env.reset`. */
export interface ResetResult<Obs> {
  /** First observation of the episode (a fresh value; the env keeps no reference to it). */
  readonly obs: Obs;
  readonly info: Info;
}

/** Result of `Env.step`. */
export interface StepResult<Obs> {
  /** Observation after the step (a fresh value; the env keeps no reference to it). */
  readonly obs: Obs;
  /** Scalar reward of the transition (finite). */
  readonly reward: number;
  /** The MDP reached a terminal state: the value of `obs` is 0, do not bootstrap from it. */
  readonly terminated: boolean;
  /** The episode was cut by the time limit (`maxEpisodeSteps`): bootstrap from `obs`. */
  readonly truncated: boolean;
  readonly info: Info;
}

/** Where an env is in its episode; part of every env state. */
export type EpisodeStatus = 'needs-reset' | 'running' | 'ended';

/**
 * A single-agent environment. `Obs`/`Act` are the element types of `observationSpace` and
 * `actionSpace` (Float64Array for Box, number for Discrete, Int32Array for MultiDiscrete);
 * `State` is the JSON-serialisable snapshot type of `getState`; `Options` the reset options.
 */
export interface Env<Obs, Act, State = unknown, Options = Readonly<Record<string, unknown>>> {
  /** Stable identifier, e.g. `'Pendulum-v1'`; used in error messages and stream labels. */
  readonly id: string;
  readonly observationSpace: Space<Obs>;
  /**
   * Actions outside this space make `step` throw (checked with `actionSpace.validate`), except a
   * Box action outside its bounds when `actionBounds` is 'clip'.
   */
  readonly actionSpace: Space<Act>;
  /**
   * Box action spaces only: 'clip' = an out-of-range action is clipped to the bounds and stepped
   * (Gymnasium's Pendulum), 'error' or undefined = it is rejected (lib/rl/actionBounds.ts).
   * Wrong types, lengths and NaNs are always rejected.
   */
  readonly actionBounds?: ActionBoundsMode;
  /** Steps after which `truncated` becomes true (the TimeLimit), or undefined when unlimited. */
  readonly maxEpisodeSteps: number | undefined;
  /** Start an episode. See the seeding contract in the header of lib/rl/env.ts. */
  reset(opts?: ResetOptions<Options>): ResetResult<Obs>;
  /** Advance one step. Throws if the action is invalid (the env is then unchanged), before `reset`, or after the episode ended. */
  step(action: Act): StepResult<Obs>;
  /** JSON-serialisable snapshot of everything that affects the future (physical state, step count, Rng state). */
  getState(): State;
  /**
   * Restore a snapshot from `getState` (possibly after a JSON round trip), also on an env that was
   * never reset. Validates it.
   */
  setState(state: State): void;
  /**
   * The current observation (a fresh value), the one the last `reset`/`step` returned or the one
   * of the restored state after `setState`. Throws before the first `reset`/`setState`.
   * Optional in the interface; every mecrl env has it.
   */
  observe?(): Obs;
}

/**
 * The conventional env generator for `seed`: `deriveStream(seed, 'env', id)`. Using the env id as
 * a label keeps the env's draws independent of any other stream derived from the same seed (agent
 * weights, exploration noise, buffer sampling).
 */
export function envStream(seed: number, id: string): Rng {
  return deriveStream(seed, 'env', id);
}
