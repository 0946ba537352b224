// Drives a resumable trainer (OffPolicyTrainer, MultiAgentTrainer) episode by episode for a job:
// restores `ctx.resumeFrom`, reports progress, saves a checkpoint every `ctx.checkpointEvery`
// episodes, and stops cleanly (checkpoint first) when `ctx.shouldStop()`. With `ctx.onUpdate` (the
// web page's step-by-step view) every learner update is reported, and the loop stops after the
// current env step, without a checkpoint, when the hook asks to.

import type { StateValue } from '../../lib/rl/checkpoint.js';
import type { UpdateWatch } from '../../lib/rl/offPolicy.js';
import type { JobContext } from '../types.js';

/** What the loop needs from a trainer. `extra` lets a job add its own state (e.g. round counters). */
export interface ResumableTrainer {
  readonly step: number;
  readonly episode: number;
  run(steps: number): void;
  getState(): unknown;
  setState(state: never): void;
  /** OffPolicyTrainer / MultiAgentTrainer: the per-update watch `ctx.onUpdate` is wired to. */
  updateWatch?: UpdateWatch | null;
  readonly learner?: { getState(): StateValue };
}

export interface TrainLoopOptions {
  /** Stop after this many env steps (whichever limit comes first). */
  readonly maxSteps?: number;
  /** Stop after this many episodes. */
  readonly maxEpisodes?: number;
  /** Episodes expected in total, for the progress display. */
  readonly progressTotal: number;
  /** Latest training reward for the progress display. */
  readonly latestReward?: () => number | undefined;
  /** Called after every finished episode (e.g. federated rounds, noise schedules). */
  readonly afterEpisode?: (episode: number) => void;
  /** Extra job state saved with the trainer's and restored before training resumes. */
  readonly extra?: { get(): StateValue; set(state: StateValue): void };
}

/** Runs to the limits; returns true when interrupted (a checkpoint was saved first). */
export function trainLoop(trainer: ResumableTrainer, ctx: JobContext, opts: TrainLoopOptions): boolean {
  const maxSteps = opts.maxSteps ?? Number.MAX_SAFE_INTEGER, maxEpisodes = opts.maxEpisodes ?? Number.MAX_SAFE_INTEGER;
  if (ctx.resumeFrom !== null) {
    const s = ctx.resumeFrom as { trainer: never; extra: StateValue };
    trainer.setState(s.trainer);
    opts.extra?.set(s.extra);
  }
  const total = opts.progressTotal;
  const save = (): void => ctx.saveCheckpoint({ trainer: trainer.getState() as StateValue, extra: opts.extra?.get() ?? null }, trainer.episode);
  let stopAfterStep = false;
  const onUpdate = ctx.onUpdate;
  if (onUpdate !== undefined && 'updateWatch' in trainer) {
    const learner = trainer.learner;
    trainer.updateWatch = {
      inspect: ctx.inspectUpdates === true,
      each(stats, updates) {
        if (onUpdate.call(ctx, { updates, step: trainer.step, episode: trainer.episode, stats, learnerState: () => learner?.getState() ?? null })) stopAfterStep = true;
      },
    };
  }
  while (trainer.step < maxSteps && trainer.episode < maxEpisodes) {
    const before = trainer.episode;
    trainer.run(1);
    // Asked by ctx.onUpdate: stop here, mid-episode, without a checkpoint (the caller replays from its last one).
    if (stopAfterStep && trainer.step < maxSteps && trainer.episode < maxEpisodes) return true;
    if (trainer.episode === before) continue;
    opts.afterEpisode?.(trainer.episode);
    const r = opts.latestReward?.();
    ctx.progress(r === undefined ? { episode: trainer.episode, episodes: total } : { episode: trainer.episode, episodes: total, reward: r });
    const done = trainer.step >= maxSteps || trainer.episode >= maxEpisodes;
    if (ctx.shouldStop() && !done) {
      save();
      return true;
    }
    if (ctx.checkpointEvery > 0 && trainer.episode % ctx.checkpointEvery === 0 && !done) save();
  }
  return false;
}
