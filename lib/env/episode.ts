// Shared episode bookkeeping for mecrl envs: the env's own generator (seeded in reset), the step
// counter with the time limit (Gymnasium's TimeLimit wrapper, moved inside the env), and the
// "reset before step / no step after the end" guard, and the "reset or setState before observe"
// guard. Internal to lib/env (not re-exported).

import type { Rng, RngState } from '../random/index.js';
import { fromState } from '../random/index.js';
import type { EpisodeStatus } from '../rl/index.js';
import { envStream } from '../rl/index.js';
import { fail, integerIn, record } from './check.js';

/** JSON part of an env state written by `Episode`. */
export interface EpisodeStateJson {
  /** Steps taken in the current episode, 0 right after reset. */
  readonly steps: number;
  readonly status: EpisodeStatus;
  /** The env generator's state (continues across unseeded resets). */
  readonly rng: RngState;
}

const SAFE_SEED = 'a safe integer';

/** Owns an env's Rng, step counter and episode status. */
export class Episode {
  /** The env's generator; replaced on a seeded reset. */
  rng: Rng;
  steps = 0;
  status: EpisodeStatus = 'needs-reset';
  /** False until the first `begin` (reset) or `restore` (setState): the env has no state to observe yet. */
  private started = false;

  constructor(
    private readonly id: string,
    /** Truncate when `steps` reaches this value (an integer ≥ 1). */
    readonly maxSteps: number,
    constructorSeed: number,
  ) {
    this.rng = envStream(constructorSeed, id);
  }

  /** Start an episode: reseed when `seed` is given, otherwise keep drawing from the current generator. */
  begin(seed: number | undefined): Rng {
    if (seed !== undefined) {
      if (typeof seed !== 'number' || !Number.isSafeInteger(seed)) fail(`${this.id}.reset`, 'seed', SAFE_SEED, seed, typeof seed !== 'number');
      this.rng = envStream(seed, this.id);
    }
    this.steps = 0;
    this.status = 'running';
    this.started = true;
    return this.rng;
  }

  /** Throw unless an episode is running (call before validating and applying an action). */
  checkCanStep(): void {
    if (this.status === 'needs-reset') throw new Error(`${this.id}.step: call reset() before step()`);
    if (this.status === 'ended') {
      throw new Error(`${this.id}.step: the episode ended (terminated or truncated); call reset() before stepping again`);
    }
  }

  /** Throw unless the env was reset or restored at least once (call first in `observe` and its kin). */
  checkHasState(method: string): void {
    if (!this.started) throw new Error(`${this.id}.${method}: call reset() or setState() before ${method}()`);
  }

  /** Count the step just applied and end the episode if needed. Returns `truncated` (time limit reached). */
  finishStep(terminated: boolean): boolean {
    this.steps += 1;
    const truncated = this.steps >= this.maxSteps;
    if (terminated || truncated) this.status = 'ended';
    return truncated;
  }

  toJSON(): EpisodeStateJson {
    return { steps: this.steps, status: this.status, rng: this.rng.getState() };
  }

  /** Restore from `toJSON()` output (validated). */
  restore(owner: string, json: unknown): void {
    const j = record(owner, 'state', json);
    const steps = integerIn(owner, 'steps', j['steps'], 0, this.maxSteps);
    const status = j['status'];
    if (status !== 'needs-reset' && status !== 'running' && status !== 'ended') {
      fail(owner, 'status', '"needs-reset", "running" or "ended"', status);
    }
    const rngState = record(owner, 'rng', j['rng']) as unknown as RngState;
    let rng: Rng;
    try {
      rng = fromState(rngState);
    } catch (e) {
      throw new RangeError(`${owner}: rng is not a valid RngState (${(e as Error).message})`);
    }
    this.rng = rng;
    this.steps = steps;
    this.status = status;
    this.started = true;
  }
}
