// The off-policy training loop shared by DDPG, TD3 and DQN (through a `Learner`, see learners.ts):
//   collect one env step (random actions during warm-up, the exploring policy after) → store it →
//   every `updateEvery` steps run `gradientSteps` updates on uniform mini-batches → at episode ends
//   and evaluation points, report to the logger. `lib/` never prints: everything goes to `onEvent`.
//
// The loop is an object with `run(steps)`, so a caller can stop after any step, take
// `getState()` (env, learner, buffer, RNG streams, episode counters, current observation), and a
// fresh trainer given `setState` continues bit-identically (tested).
//
// Seeding: every random purpose has its own stream derived from (seed, label): 'init' (weights,
// used by the caller building the agent), 'explore' (noise, ε, warm-up actions), 'replay'
// (mini-batch indices), and the env is reset with a seed from 'env-seed' once, at the start.
// Evaluation episodes use seeds from (seed, 'eval'), identical at every evaluation.

import type { Rng, RngStreamsState } from '../random/index.js';
import { RngStreams, deriveStream, integer } from '../random/index.js';
import type { StateValue } from './checkpoint.js';
import type { Env } from './env.js';
import type { Learner, LearnerUpdateOptions } from './learners.js';
import { TransitionBuffer } from './replayBuffer.js';
import { NumericsError } from '../tensor/index.js';
import { integerIn, noUnknownKeys, record } from './validate.js';

/** Loop settings. Units are env steps unless noted. */
export interface OffPolicyConfig {
  /** Master seed of the run (safe integer). */
  readonly seed: number;
  /** Replay capacity in transitions. */
  readonly bufferSize: number;
  /** Mini-batch size. */
  readonly batchSize: number;
  /** Steps with uniformly random actions and no updates before learning starts (SB3 `learning_starts`). */
  readonly warmupSteps: number;
  /** Run updates every this many env steps (SB3 `train_freq`). */
  readonly updateEvery: number;
  /** Gradient steps per update round (SB3 `gradient_steps`). */
  readonly gradientSteps: number;
}

export const OFF_POLICY_DEFAULTS: Readonly<Omit<OffPolicyConfig, 'seed'>> = Object.freeze({
  bufferSize: 1_000_000,
  batchSize: 256,
  warmupSteps: 10_000,
  updateEvery: 1,
  gradientSteps: 1,
});

/**
 * An opt-in watch on every learner update (each gradient step, not only a round's last), for
 * step-by-step views (the web page's "step"): `each` gets the update's stats and the update count
 * after it; with `inspect` the learner is asked for its inspection (`update(batch, { inspect: true
 * })`: TD targets, Q values, gradient norms). Set a trainer's `updateWatch`; null (the default)
 * costs nothing. Not training state: results are bit-identical with or without a watch (tested).
 */
export interface UpdateWatch {
  readonly inspect: boolean;
  each(stats: object, updates: number): void;
}

const INSPECT: LearnerUpdateOptions = Object.freeze({ inspect: true });

/** What the loop reports. */
export type OffPolicyEvent =
  | { readonly kind: 'episode'; readonly step: number; readonly episode: number; readonly return: number; readonly length: number }
  | { readonly kind: 'update'; readonly step: number; readonly updates: number; readonly stats: object };

export interface OffPolicyState {
  readonly step: number;
  readonly episode: number;
  readonly updates: number;
  readonly episodeReturn: number;
  readonly episodeLength: number;
  readonly obs: Float64Array | null;
  readonly env: StateValue;
  readonly learner: StateValue;
  readonly buffer: StateValue;
  readonly rngs: RngStreamsState;
}

export function resolveOffPolicyConfig(partial: Partial<OffPolicyConfig> & Pick<OffPolicyConfig, 'seed'>): OffPolicyConfig {
  const owner = 'offPolicy';
  record(owner, 'config', partial);
  noUnknownKeys(owner, partial, ['seed', 'bufferSize', 'batchSize', 'warmupSteps', 'updateEvery', 'gradientSteps']);
  const c = { ...OFF_POLICY_DEFAULTS, ...partial };
  integerIn(owner, 'seed', c.seed, Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
  integerIn(owner, 'bufferSize', c.bufferSize, 1, 2 ** 31 - 1);
  integerIn(owner, 'batchSize', c.batchSize, 1, c.bufferSize);
  integerIn(owner, 'warmupSteps', c.warmupSteps, 0, Number.MAX_SAFE_INTEGER);
  integerIn(owner, 'updateEvery', c.updateEvery, 1, Number.MAX_SAFE_INTEGER);
  integerIn(owner, 'gradientSteps', c.gradientSteps, 0, 1 << 20);
  return c;
}

export class OffPolicyTrainer<EnvAction> {
  readonly config: OffPolicyConfig;
  readonly buffer: TransitionBuffer;
  step = 0;
  episode = 0;
  updates = 0;
  /** Opt-in per-update watch (see `UpdateWatch`); not part of the state. */
  updateWatch: UpdateWatch | null = null;
  private episodeReturn = 0;
  private episodeLength = 0;
  private obs: Float64Array | null = null;
  private readonly streams: RngStreams;
  private readonly u: Float64Array;

  constructor(
    readonly env: Env<Float64Array, EnvAction, unknown, unknown>,
    readonly learner: Learner<EnvAction>,
    config: Partial<OffPolicyConfig> & Pick<OffPolicyConfig, 'seed'>,
    private readonly onEvent: (e: OffPolicyEvent) => void = () => undefined,
  ) {
    this.config = resolveOffPolicyConfig(config);
    const obsDim = env.observationSpace.sample(deriveStream(0, 'shape')).length;
    this.buffer = new TransitionBuffer({ capacity: this.config.bufferSize, obsDim, actionDim: learner.actionDim });
    this.streams = new RngStreams(this.config.seed);
    this.u = new Float64Array(learner.actionDim);
  }

  /** The replay-sampling stream (exposed so learners can share the run's stream registry if needed). */
  stream(label: string): Rng {
    return this.streams.get(label);
  }

  /** Advances `steps` env steps (updates included). */
  run(steps: number): void {
    integerIn('OffPolicyTrainer.run', 'steps', steps, 0, Number.MAX_SAFE_INTEGER);
    const c = this.config;
    for (let k = 0; k < steps; k++) {
      if (this.obs === null) this.startEpisode();
      const obs = this.obs!;
      const mode = this.step < c.warmupSteps ? 'random' : 'explore';
      this.learner.select(obs, mode, this.step, this.u);
      const r = this.env.step(this.learner.toEnv(this.u));
      // Pitfall: store r.obs as nextObs even when the episode ended (not the next reset's obs).
      this.buffer.addTransition(obs, this.u, r.reward, r.obs, r.terminated, r.truncated);
      this.step++;
      this.episodeReturn += r.reward;
      this.episodeLength++;
      this.obs = r.obs; // obs = nextObs
      if (r.terminated || r.truncated) {
        this.onEvent({ kind: 'episode', step: this.step, episode: this.episode, return: this.episodeReturn, length: this.episodeLength });
        this.episode++;
        this.obs = null;
      }
      this.updates = updateRound(c, this.step, this.updates, this.buffer, this.streams, (b, o) => this.learner.update(b, o), (stats, updates) =>
        this.onEvent({ kind: 'update', step: this.step, updates, stats }), this.updateWatch);
    }
  }

  private startEpisode(): void {
    // The first reset seeds the env from the run's seed; later resets continue the env's generator.
    const r = this.env.reset(firstResetOptions(this.streams, this.step, this.episode));
    this.obs = r.obs;
    this.episodeReturn = 0;
    this.episodeLength = 0;
    this.learner.episodeStart();
  }

  /**
   * Snapshot for a checkpoint. Pitfall: the replay-buffer arrays in it are LIVE VIEWS of the buffer
   * (no copy of up to a million rows); write the state out before the next `run`.
   */
  getState(): OffPolicyState {
    return {
      step: this.step,
      episode: this.episode,
      updates: this.updates,
      episodeReturn: this.episodeReturn,
      episodeLength: this.episodeLength,
      obs: this.obs === null ? null : this.obs.slice(),
      env: this.env.getState() as StateValue,
      learner: this.learner.getState(),
      buffer: this.buffer.getState() as unknown as StateValue,
      rngs: this.streams.getState(),
    };
  }

  /**
   * Restores a `getState()` snapshot. Not all-or-nothing: when it throws (a state from another
   * config, a damaged checkpoint), parts may already be restored — discard this trainer and build a
   * fresh one (the CLI does: a bad checkpoint ends the run with exit code 2).
   */
  setState(s: OffPolicyState): void {
    const owner = 'OffPolicyTrainer.setState';
    record(owner, 'state', s);
    this.step = integerIn(owner, 'step', s.step, 0, Number.MAX_SAFE_INTEGER);
    this.episode = integerIn(owner, 'episode', s.episode, 0, Number.MAX_SAFE_INTEGER);
    this.updates = integerIn(owner, 'updates', s.updates, 0, Number.MAX_SAFE_INTEGER);
    this.episodeReturn = s.episodeReturn;
    this.episodeLength = s.episodeLength;
    this.obs = s.obs === null ? null : Float64Array.from(s.obs);
    this.env.setState(s.env);
    this.learner.setState(s.learner);
    this.buffer.setState(s.buffer as never);
    this.streams.setState(s.rngs);
  }
}

/**
 * The update schedule shared by the single- and multi-agent loops: after warm-up, every
 * `updateEvery` env steps and once the buffer holds a batch, `gradientSteps` updates on uniform
 * mini-batches drawn with the run's 'replay' stream; `report` gets the last update's stats (with
 * the update counter already advanced); `watch` (optional) sees every update. Returns the new
 * update count.
 */
export function updateRound<B>(
  c: Pick<OffPolicyConfig, 'warmupSteps' | 'updateEvery' | 'gradientSteps' | 'batchSize'>,
  step: number,
  updates: number,
  buffer: { readonly size: number; sample(batchSize: number, rng: Rng): B },
  streams: RngStreams,
  update: (batch: B, options?: LearnerUpdateOptions) => object,
  report: (stats: object, updates: number) => void,
  watch: UpdateWatch | null = null,
): number {
  if (!(step > c.warmupSteps && step % c.updateEvery === 0 && buffer.size >= c.batchSize)) return updates;
  const replay = streams.get('replay');
  for (let g = 0; g < c.gradientSteps; g++) {
    const stats = watch?.inspect === true ? update(buffer.sample(c.batchSize, replay), INSPECT) : update(buffer.sample(c.batchSize, replay));
    updates++;
    const bad = nonFiniteLoss(stats);
    if (bad !== null) throw new NumericsError(`updateRound: update ${updates} (env step ${step}) has a non-finite loss, ${bad}`);
    watch?.each(stats, updates);
    if (g === c.gradientSteps - 1) report(stats, updates);
  }
  return updates;
}

/**
 * The first non-finite loss of an update's stats, as `criticLoss = NaN` (multi-agent:
 * `agents.1.actorLoss = Infinity`), or null: numbers under keys ending in 'loss'/'Loss', in the
 * stats and their `agents` (the per-update check of `updateRound`: a handful of keys, no arrays scanned).
 */
export function nonFiniteLoss(stats: object, path = ''): string | null {
  for (const [k, v] of Object.entries(stats)) {
    if (typeof v === 'number') {
      if ((k.endsWith('Loss') || k === 'loss') && !Number.isFinite(v)) return `${path}${k} = ${v}`;
    } else if (k === 'agents' && Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        const a: unknown = v[i];
        const r = typeof a === 'object' && a !== null ? nonFiniteLoss(a, `${path}agents.${i}.`) : null;
        if (r !== null) return r;
      }
    }
  }
  return null;
}

/** Reset options of a loop's next episode: the first reset seeds the env from the run's 'env-seed' stream; later resets continue the env's generator. */
export function firstResetOptions(streams: RngStreams, step: number, episode: number): { seed: number } | undefined {
  return step === 0 && episode === 0 ? { seed: integer(streams.get('env-seed'), 0, 2 ** 31) } : undefined;
}

/** Result of `evaluate`: per-episode returns and lengths, and their mean. */
export interface EvalResult {
  readonly returns: readonly number[];
  readonly lengths: readonly number[];
  readonly meanReturn: number;
}

/**
 * Runs `episodes` episodes of the greedy policy on `env`, episode i reset with the i-th seed of the
 * (seed, 'eval') stream, so every evaluation (and every method) sees the same episodes.
 */
export function evaluate<EnvAction>(env: Env<Float64Array, EnvAction, unknown, unknown>, learner: Learner<EnvAction>, episodes: number, seed: number): EvalResult {
  integerIn('evaluate', 'episodes', episodes, 1, Number.MAX_SAFE_INTEGER);
  const seeds = deriveStream(seed, 'eval');
  const u = new Float64Array(learner.actionDim);
  const returns: number[] = [], lengths: number[] = [];
  for (let e = 0; e < episodes; e++) {
    let { obs } = env.reset({ seed: integer(seeds, 0, 2 ** 31) });
    let ret = 0, len = 0;
    for (;;) {
      learner.select(obs, 'greedy', 0, u);
      const r = env.step(learner.toEnv(u));
      ret += r.reward;
      len++;
      obs = r.obs;
      if (r.terminated || r.truncated) break;
    }
    returns.push(ret);
    lengths.push(len);
  }
  return { returns, lengths, meanReturn: returns.reduce((a, b) => a + b, 0) / episodes };
}
