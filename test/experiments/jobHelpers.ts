// Shared helpers of the experiment tests: an in-memory job context (with a stop request after a
// number of training episodes) and a checkpoint's round trip through the on-disk format.

import type { Experiment, JobContext, JobResult, MetricRow } from '../../experiments/types.js';
import { joinState, splitState, type StateValue } from '../../lib/rl/checkpoint.js';

export interface JobRun { rows: MetricRow[]; result: JobResult; saved: Array<{ state: StateValue; episode: number }>; progress: number[] }

/** Runs one job in memory; `stopAfter` asks to stop once that many training episodes are done. */
export function runInMemory<C>(exp: Experiment<C>, c: C, method: string, seed: number, opts: { stopAfter?: number; resumeFrom?: StateValue; checkpointEvery?: number } = {}): JobRun {
  const rows: MetricRow[] = [], saved: JobRun['saved'] = [], progress: number[] = [];
  const ctx: JobContext = {
    emit: (r) => rows.push(r),
    progress: (p) => progress.push(p.episode),
    resumeFrom: opts.resumeFrom ?? null,
    checkpointEvery: opts.checkpointEvery ?? 0,
    saveCheckpoint: (state, episode) => saved.push({ state, episode }),
    shouldStop: () => opts.stopAfter !== undefined && progress.length > 0 && progress[progress.length - 1]! >= opts.stopAfter,
  };
  return { rows, result: exp.runJob(c, method, seed, ctx), saved, progress };
}

/** A checkpoint as it comes back from disk: split into manifest + arrays, JSON round trip, joined. */
export function throughDisk(state: StateValue): StateValue {
  const { manifest, arrays } = splitState(state);
  return joinState(JSON.parse(JSON.stringify(manifest)), new Map(arrays.map((a) => [a.name, Float64Array.from(a.data)])));
}
