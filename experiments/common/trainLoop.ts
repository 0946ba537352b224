// Drives a resumable trainer (OffPolicyTrainer, MultiAgentTrainer) episode by episode for a job:
// restores `ctx.resumeFrom`, reports progress, saves a checkpoint every `ctx.checkpointEvery`
// episodes, and stops cleanly (checkpoint first) when `ctx.shouldStop()`.

import type { StateValue } from '../../lib/rl/checkpoint.js';
import type { JobContext } from '../types.js';

/** What the loop needs from a trainer. `extra` lets a job add its own state (e.g. round counters). */
export interface ResumableTrainer {
  readonly step: number;
  readonly episode: number;
  run(steps: number): void;
  getState(): unknown;
  setState(state: never): void;
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
  while (trainer.step < maxSteps && trainer.episode < maxEpisodes) {
    const before = trainer.episode;
    trainer.run(1);
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
