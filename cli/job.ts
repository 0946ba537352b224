// Runs one (method, seed) job of an experiment with its files (Node-only), in the main thread or
// in a worker: `DIR/jobs/<method>-seed<seed>/` holds `rows.jsonl` (its metric rows), `checkpoint/`
// (while unfinished), `policy/`, `policy.json` (the portable policy file, when the experiment
// provides one) and `result.json` (when finished). Rows are rewritten atomically
// before each checkpoint, and the checkpoint records how many rows it covers, so a resumed job
// continues exactly where the checkpoint was taken.

import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { EXPERIMENTS } from '../experiments/index.js';
import type { JobResult, MetricRow } from '../experiments/types.js';
import type { StateValue } from '../lib/rl/checkpoint.js';
import { NumericsError, setNumericsCheck, throwNumericsError, type Backend } from '../lib/tensor/index.js';
import { writeFileAtomic } from './fs/atomic.js';
import { CheckpointError, readCheckpoint, writeCheckpoint } from './fs/checkpointFiles.js';
import { decodeNumberish, stringify } from './jsonl.js';
import { firstNonFinite } from './finite.js';

export interface JobSpec {
  readonly experiment: string;
  readonly config: unknown;
  readonly method: string;
  readonly seed: number;
  readonly runDir: string;
  readonly checkpointEvery: number;
  readonly resume: boolean;
  /** Kernel backend for this job (default 'ts'; results are bit-identical either way). */
  readonly backend?: Backend;
  /**
   * `--debug-numerics`: trace every op (lib/tensor `setNumericsCheck`) and stop at the first one that
   * produces or receives a NaN/±Infinity, naming the op, its shapes, forward/backward and the network.
   * Off by default; results are bit-identical either way.
   */
  readonly debugNumerics?: boolean;
}

export interface JobProgress {
  readonly method: string;
  readonly seed: number;
  readonly episode: number;
  readonly episodes: number;
  readonly reward?: number;
}

/**
 * A job went non-finite (NaN/±Infinity in its state at a checkpoint, in a loss, in a value offered to
 * a replay buffer, or — with --debug-numerics — at any op): the run stops. The message names the job
 * (experiment, method, seed), the episode, and the last finite checkpoint --resume continues from.
 */
export class NonFiniteError extends Error {
  override readonly name = 'NonFiniteError';
}

export { firstNonFinite } from './finite.js';

export function jobDir(runDir: string, method: string, seed: number): string {
  return join(runDir, 'jobs', `${method}-seed${seed}`);
}

export function rowToJson(r: MetricRow): string {
  return stringify({ method: r.method, seed: r.seed, phase: r.phase, episode: r.episode, ...r.values });
}

export function rowFromJson(line: string): MetricRow {
  const o = JSON.parse(line) as Record<string, unknown>;
  const { method, seed, phase, episode, ...rest } = o;
  const values: Record<string, number> = {};
  for (const [k, v] of Object.entries(rest)) values[k] = decodeNumberish(v);
  return { method: method as string, seed: seed as number, phase: phase as 'train' | 'eval', episode: episode as number, values };
}

function readCheckpointMeta(ckDir: string): Record<string, unknown> | null {
  try { return JSON.parse(readFileSync(join(ckDir, 'manifest.json'), 'utf8')).meta as Record<string, unknown>; } catch { return null; }
}

export function readRows(file: string): MetricRow[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8').split('\n').filter((l) => l.length > 0).map(rowFromJson);
}

export function readResult(dir: string): (JobResult & { wallSeconds: number }) | null {
  const f = join(dir, 'result.json');
  if (!existsSync(f)) return null;
  const r = JSON.parse(readFileSync(f, 'utf8')) as { method: string; seed: number; metrics: Record<string, unknown>; wallSeconds: number };
  const metrics: Record<string, number> = {};
  for (const [k, v] of Object.entries(r.metrics)) metrics[k] = decodeNumberish(v);
  return { method: r.method, seed: r.seed, metrics, interrupted: false, wallSeconds: r.wallSeconds };
}

/**
 * Runs the job to completion or until `shouldStop()`; returns 'done', 'interrupted' or 'skipped'
 * (already finished earlier). Throws CheckpointError for an unreadable checkpoint. `onSaved` is
 * called after each checkpoint and after the final result is written (the Redis worker copies the
 * job folder to Redis then, cli/queue/jobThread.ts).
 */
export function runJobWithFiles(spec: JobSpec, progress: (p: JobProgress) => void, shouldStop: () => boolean, onSaved?: (what: 'checkpoint' | 'done') => void): 'done' | 'interrupted' | 'skipped' {
  const exp = EXPERIMENTS[spec.experiment];
  if (exp === undefined) throw new Error(`unknown experiment '${spec.experiment}'`);
  const dir = jobDir(spec.runDir, spec.method, spec.seed);
  if (readResult(dir) !== null) return 'skipped';
  const ckDir = join(dir, 'checkpoint'), rowsFile = join(dir, 'rows.jsonl');
  let rows: MetricRow[] = [];
  let resumeFrom: StateValue | null = null;
  if (spec.resume && existsSync(ckDir)) {
    const ck = readCheckpoint(ckDir);
    const meta = ck.meta as { rows?: unknown; method?: unknown; seed?: unknown } | null;
    if (meta === null || typeof meta !== 'object' || meta.method !== spec.method || meta.seed !== spec.seed) {
      throw new CheckpointError(`checkpoint ${ckDir}: it belongs to ${JSON.stringify({ method: meta?.method, seed: meta?.seed })}, not ${spec.method} seed ${spec.seed}`);
    }
    if (typeof meta.rows !== 'number' || !Number.isSafeInteger(meta.rows) || meta.rows < 0) {
      throw new CheckpointError(`checkpoint ${ckDir}: meta.rows must be an integer >= 0 (the metric rows it covers), got ${JSON.stringify(meta.rows)}`);
    }
    rows = readRows(rowsFile).slice(0, meta.rows);
    if (rows.length !== meta.rows) throw new CheckpointError(`checkpoint ${ckDir}: it covers ${meta.rows} metric rows but ${rowsFile} has ${rows.length}`);
    resumeFrom = ck.state;
  } else {
    rmSync(dir, { recursive: true, force: true });
  }
  const t0 = process.hrtime.bigint();
  const writeRows = (): void => writeFileAtomic(rowsFile, rows.map((r) => rowToJson(r) + '\n').join(''));
  // A job restores `resumeFrom` before it reports anything: an error before the first callback on a
  // resumed job is the checkpoint not fitting it (wrong shapes, wrong learner), a CheckpointError (exit 2).
  let started = false;
  let lastSaved: number | null = resumeFrom === null ? null : ((readCheckpointMeta(ckDir)?.episode as number | undefined) ?? null);
  let episodesDone = lastSaved ?? 0;
  const job = `${spec.experiment} ${spec.method} seed ${spec.seed}`;
  const resumeNote = (): string => (lastSaved === null ? ' (no checkpoint was written: rerun from the start once the cause is fixed)' : ` (the last finite checkpoint is from episode ${lastSaved}: --resume continues from it)`);
  const config = exp.resolveConfig(spec.config as Record<string, unknown>);
  let result: JobResult;
  const prevNumerics = spec.debugNumerics === true ? setNumericsCheck(throwNumericsError) : null;
  try {
    result = exp.runJob(config, spec.method, spec.seed, {
      emit: (r) => { started = true; rows.push(r); },
      progress: (p) => { started = true; episodesDone = p.episode; progress({ method: spec.method, seed: spec.seed, ...p }); },
      resumeFrom,
      checkpointEvery: spec.checkpointEvery,
      saveCheckpoint: (state, episode) => {
        started = true;
        // Checkpoints are finite: a state that went NaN/Inf is never written, so --resume starts from the last finite one.
        const bad = firstNonFinite(state);
        if (bad !== null) {
          throw new NonFiniteError(`${job}: training went non-finite by episode ${episode} (${bad} in its state); the checkpoint was not written${resumeNote()}`);
        }
        writeRows();
        writeCheckpoint(ckDir, state, { method: spec.method, seed: spec.seed, episode, rows: rows.length });
        lastSaved = episode;
        onSaved?.('checkpoint');
      },
      shouldStop,
    });
  } catch (e) {
    if (e instanceof NumericsError) {
      const what = spec.debugNumerics === true ? '--debug-numerics' : 'training went non-finite';
      throw new NonFiniteError(`${job}: ${what} after episode ${episodesDone}: ${e.message}${resumeNote()}`);
    }
    if (resumeFrom !== null && !started && !(e instanceof CheckpointError)) {
      throw new CheckpointError(`checkpoint ${ckDir}: does not fit ${spec.method} seed ${spec.seed} of this config: ${(e as Error).message}`);
    }
    throw e;
  } finally {
    if (spec.debugNumerics === true) setNumericsCheck(prevNumerics);
  }
  if (result.interrupted) return 'interrupted';
  writeJobResult(dir, rows, result, Number(process.hrtime.bigint() - t0) / 1e9, job, resumeNote());
  rmSync(ckDir, { recursive: true, force: true });
  onSaved?.('done');
  return 'done';
}

/**
 * Writes a finished job's files into its folder: rows.jsonl, policy/, policy.json, result.json
 * (last). `job` names the job in errors; `note` is appended to them (e.g. where --resume continues).
 */
export function writeJobResult(dir: string, rows: readonly MetricRow[], result: JobResult, wallSeconds: number, job = `${result.method} seed ${result.seed}`, note = ''): void {
  writeFileAtomic(join(dir, 'rows.jsonl'), rows.map((r) => rowToJson(r) + '\n').join(''));
  if (result.policy !== undefined) {
    const bad = firstNonFinite(result.policy);
    if (bad !== null) throw new NonFiniteError(`${job}: the final policy is non-finite (${bad}); no result was written${note}`);
    writeCheckpoint(join(dir, 'policy'), result.policy, { method: result.method, seed: result.seed });
  }
  if (result.portablePolicy !== undefined) writeFileAtomic(join(dir, 'policy.json'), result.portablePolicy + '\n');
  writeFileAtomic(join(dir, 'result.json'), stringify({ method: result.method, seed: result.seed, metrics: result.metrics, wallSeconds }, 2) + '\n');
}
