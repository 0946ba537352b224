// Long run (issue 20): a pendulum DDPG job on the quick preset's settings with a 20 000-transition
// replay buffer, trained for `minutes` of wall time in process; heap usage (after a full GC when node
// runs with --expose-gc, as `npm run check:reliability` does) is sampled every few seconds, and the
// least-squares slope over the samples taken once the buffer is full must be < 1 MB per 10 minutes.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EXPERIMENTS } from '../experiments/index.js';
import { runJobWithFiles } from '../cli/job.js';
import type { Check } from './check.js';
import type { FuzzResult } from './fuzzEnv.js';

const BUFFER = 20_000;
const EPISODE_STEPS = 200; // Pendulum-v1's time limit
/** Pass: heap growth below this many bytes per 10 minutes once the buffer is full. */
export const HEAP_SLOPE_LIMIT = 1024 * 1024;

/** Least-squares slope of y over x. */
export function slope(xs: readonly number[], ys: readonly number[]): number {
  const n = xs.length;
  const mx = xs.reduce((a, b) => a + b, 0) / n, my = ys.reduce((a, b) => a + b, 0) / n;
  let sxy = 0, sxx = 0;
  for (let i = 0; i < n; i++) { sxy += (xs[i]! - mx) * (ys[i]! - my); sxx += (xs[i]! - mx) ** 2; }
  return sxx === 0 ? 0 : sxy / sxx;
}

export interface LongRunResult extends FuzzResult { readonly samples: number; readonly bytesPer10Min: number; readonly episodes: number; readonly gc: boolean }

export function longRun(minutes: number, sampleEverySeconds = 5, buffer = BUFFER): LongRunResult {
  const gc = (globalThis as { gc?: () => void }).gc;
  const exp = EXPERIMENTS['pendulum']!;
  const config = exp.resolveConfig({ ...exp.presets['quick']!.config, steps: 1e9, bufferSize: buffer });
  const root = mkdtempSync(join(tmpdir(), 'mecrl-long-'));
  const t0 = process.hrtime.bigint();
  const seconds = (): number => Number(process.hrtime.bigint() - t0) / 1e9;
  const ts: number[] = [], heap: number[] = [];
  let last = -Infinity, episodes = 0;
  try {
    runJobWithFiles({ experiment: 'pendulum', config, method: 'ddpg', seed: 1, runDir: root, checkpointEvery: 0, resume: false }, (p) => {
      episodes = p.episode;
      const s = seconds();
      if (p.episode * EPISODE_STEPS < buffer || s - last < sampleEverySeconds) return;
      last = s;
      gc?.();
      ts.push(s);
      heap.push(process.memoryUsage().heapUsed);
    }, () => seconds() >= minutes * 60);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
  const bytesPer10Min = ts.length >= 3 ? slope(ts, heap) * 600 : Number.NaN;
  const ok = ts.length >= 3 && bytesPer10Min < HEAP_SLOPE_LIMIT;
  const line = `heap slope ${(bytesPer10Min / 1024).toFixed(1)} KiB per 10 min over ${ts.length} samples after the buffer filled (${episodes} episodes, ${gc ? 'after full GCs' : 'no --expose-gc: noisy'})`;
  return { trials: 1, failures: ok ? 0 : 1, examples: [line], samples: ts.length, bytesPer10Min, episodes, gc: gc !== undefined };
}

export const CHECKS_LONG: readonly Check[] = [
  { name: 'long-run', description: `a ${20}-minute pendulum DDPG run (quick settings, replay buffer ${BUFFER}): heap (after full GCs) sampled every 5 s once the buffer is full; least-squares slope < 1 MB per 10 minutes (trials = minutes)`, trials: 20, run: (n) => longRun(n, 5, n >= 10 ? BUFFER : 1000) }, // a reduced run (--scale) uses a 1 000-transition buffer so that it fills
];
