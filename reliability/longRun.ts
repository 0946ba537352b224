// Long run (issue 20): a pendulum DDPG job on the quick preset's settings with a 20 000-transition
// replay buffer, trained for `minutes` of wall time in process; heap usage (after a full GC when node
// runs with --expose-gc, as `npm run check:reliability` does) is sampled every few seconds, and the
// least-squares slope over the samples taken once the buffer is full must be < 1 MB per 10 minutes.
// The job's progress goes through the CLI's plain-line display (cli/progress.ts, as in a CI log) and
// must stay one line per update interval: every write one line, consecutive lines at least one
// interval apart and at most one interval plus the longest episode apart (never silent), so their
// count lies between elapsed / (interval + longest episode) and elapsed / interval + 1.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EXPERIMENTS } from '../experiments/index.js';
import { runJobWithFiles } from '../cli/job.js';
import { PROGRESS_INTERVAL_MS, createProgress } from '../cli/progress.js';
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

/**
 * What the progress display wrote during a run: one entry per write, with the time (ms) it was
 * written; `elapsedMs` from the first progress report to the last.
 */
export interface ProgressLog { readonly lines: ReadonlyArray<{ readonly text: string; readonly at: number }>; readonly intervalMs: number; readonly elapsedMs: number; readonly longestEpisodeMs: number }

/** Problems with a progress log (empty when it is one line per update interval). */
export function progressProblems(log: ProgressLog, slackMs = 250): string[] {
  const out: string[] = [];
  const { lines, intervalMs, elapsedMs, longestEpisodeMs } = log;
  lines.forEach((l, i) => { if (!l.text.endsWith('\n') || l.text.slice(0, -1).includes('\n') || l.text.includes('\r')) out.push(`write ${i} is not exactly one line: ${JSON.stringify(l.text)}`); });
  for (let i = 1; i < lines.length; i++) {
    const gap = lines[i]!.at - lines[i - 1]!.at;
    if (gap < intervalMs) out.push(`lines ${i - 1} and ${i} are ${gap} ms apart, less than the ${intervalMs} ms interval`);
    if (gap > intervalMs + longestEpisodeMs + slackMs) out.push(`lines ${i - 1} and ${i} are ${gap} ms apart: silent for more than an interval plus the longest episode (${longestEpisodeMs} ms)`);
  }
  const most = Math.floor(elapsedMs / intervalMs) + 1, least = Math.floor(elapsedMs / (intervalMs + longestEpisodeMs + slackMs)) + 1;
  if (lines.length > most || lines.length < least) out.push(`${lines.length} progress lines in ${(elapsedMs / 1000).toFixed(1)} s at one per ${intervalMs} ms (expected ${least} to ${most})`);
  return out;
}

export interface LongRunResult extends FuzzResult { readonly samples: number; readonly bytesPer10Min: number; readonly episodes: number; readonly gc: boolean; readonly progress: ProgressLog }

export function longRun(minutes: number, sampleEverySeconds = 5, buffer = BUFFER, progressIntervalMs = PROGRESS_INTERVAL_MS): LongRunResult {
  const gc = (globalThis as { gc?: () => void }).gc;
  const exp = EXPERIMENTS['pendulum']!;
  const config = exp.resolveConfig({ ...exp.presets['quick']!.config, steps: 1e9, bufferSize: buffer });
  const root = mkdtempSync(join(tmpdir(), 'mecrl-long-'));
  const t0 = process.hrtime.bigint();
  const seconds = (): number => Number(process.hrtime.bigint() - t0) / 1e9;
  const ts: number[] = [], heap: number[] = [];
  let last = -Infinity, episodes = 0;
  const ms = (): number => seconds() * 1000;
  const lines: Array<{ text: string; at: number }> = [];
  const display = createProgress(1, { isTTY: false, write: (text: string | Uint8Array) => { lines.push({ text: String(text), at: ms() }); return true; } } as never, { intervalMs: progressIntervalMs, now: ms });
  let lastEpisodeAt = 0, firstEpisodeAt: number | null = null, longestEpisodeMs = 0;
  try {
    runJobWithFiles({ experiment: 'pendulum', config, method: 'ddpg', seed: 1, runDir: root, checkpointEvery: 0, resume: false }, (p) => {
      episodes = p.episode;
      const now = ms();
      if (firstEpisodeAt !== null) longestEpisodeMs = Math.max(longestEpisodeMs, now - lastEpisodeAt);
      firstEpisodeAt ??= now;
      lastEpisodeAt = now;
      display.update(p);
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
  const progress: ProgressLog = { lines, intervalMs: progressIntervalMs, elapsedMs: lastEpisodeAt - (firstEpisodeAt ?? 0), longestEpisodeMs };
  const bytesPer10Min = ts.length >= 3 ? slope(ts, heap) * 600 : Number.NaN;
  const ok = ts.length >= 3 && bytesPer10Min < HEAP_SLOPE_LIMIT;
  const problems = progressProblems(progress);
  const line = `heap slope ${(bytesPer10Min / 1024).toFixed(1)} KiB per 10 min over ${ts.length} samples after the buffer filled (${episodes} episodes, ${gc ? 'after full GCs' : 'no --expose-gc: noisy'}); progress: ${lines.length} lines in ${(lastEpisodeAt / 1000).toFixed(0)} s at one per ${progressIntervalMs / 1000} s${problems.length === 0 ? '' : ` — ${problems.length} problem(s)`}`;
  return { trials: 1, failures: (ok ? 0 : 1) + (problems.length === 0 ? 0 : 1), examples: [line, ...problems.slice(0, 5)], samples: ts.length, bytesPer10Min, episodes, gc: gc !== undefined, progress };
}

export const CHECKS_LONG: readonly Check[] = [
  { name: 'long-run', description: `a ${20}-minute pendulum DDPG run (quick settings, replay buffer ${BUFFER}): heap (after full GCs) sampled every 5 s once the buffer is full; least-squares slope < 1 MB per 10 minutes; progress through the CLI's plain-line display stays one line per ${PROGRESS_INTERVAL_MS / 1000}-s update interval (every write one line; consecutive lines at least an interval and at most an interval plus the longest episode apart) (trials = minutes)`, trials: 20, run: (n) => longRun(n, 5, n >= 10 ? BUFFER : 1000) }, // a reduced run (--scale) uses a 1 000-transition buffer so that it fills
];
