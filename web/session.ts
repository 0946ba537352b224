// One training run of the page: every method of an experiment's preset on one seed, run job by job
// in slices. A slice ends when `shouldStop()` says so (the page asks after ~50 ms, or after one
// episode for "step"): the job then hands over a checkpoint (the CLI's resume contract,
// JobContext.saveCheckpoint), and the next slice resumes from it, so the worker can return to its
// event loop (pause/resume/step messages) between slices. Rows are kept exactly as the CLI keeps
// them: up to the count the checkpoint covers. Environment-neutral: the Node side of the browser
// test runs the same class without slicing, and the two results must be bit-identical.

import { EXPERIMENTS } from '../experiments/index.js';
import type { Experiment, MetricRow } from '../experiments/types.js';
import type { StateValue } from '../lib/rl/checkpoint.js';

/** The config of a preset (its partial over the defaults), resolved by the experiment. */
export function presetConfig(exp: Experiment<unknown>, preset: string): unknown {
  const p = exp.presets[preset];
  if (p === undefined) throw new Error(`unknown preset '${preset}' for ${exp.name} (available: ${Object.keys(exp.presets).join(', ')})`);
  if (p.sweep !== undefined) throw new Error(`preset '${preset}' of ${exp.name} is a sweep; the page runs single presets`);
  return exp.resolveConfig(structuredClone(p.config) as Record<string, unknown>);
}

export function presetMethods(exp: Experiment<unknown>, preset: string): string[] {
  return [...(exp.presets[preset]?.methods ?? exp.methods.map((m) => m.id))];
}

export interface SliceProgress {
  readonly method: string;
  readonly episode: number;
  readonly episodes: number;
}

export class TrainingSession {
  readonly exp: Experiment<unknown>;
  readonly config: unknown;
  readonly methods: readonly string[];
  readonly rows: MetricRow[] = [];
  readonly policies = new Map<string, StateValue>();
  readonly metrics = new Map<string, Readonly<Record<string, number>>>();
  /** Per learner: its portable policy file (lib/rl/policyFile.ts `savePolicy` text), when the job writes one. */
  readonly portable = new Map<string, string>();
  /** Index into `methods` of the job running now (methods.length when all are done). */
  current = 0;
  /** Number of slices run so far (1 per job when never interrupted). */
  slices = 0;
  progress: SliceProgress = { method: '', episode: 0, episodes: 0 };
  private resumeFrom: StateValue | null = null;
  /** Rows of the current job, up to its last checkpoint. */
  private jobRows: MetricRow[] = [];

  constructor(readonly experiment: string, readonly preset: string, readonly seed: number) {
    const exp = EXPERIMENTS[experiment];
    if (exp === undefined) throw new Error(`unknown experiment '${experiment}' (available: ${Object.keys(EXPERIMENTS).join(', ')})`);
    this.exp = exp;
    this.config = presetConfig(exp, preset);
    this.methods = presetMethods(exp, preset);
  }

  get done(): boolean {
    return this.current >= this.methods.length;
  }

  /** Runs until `shouldStop()` (checked by the job after each episode) or the current job ends. Returns the rows added. */
  runSlice(shouldStop: () => boolean): MetricRow[] {
    if (this.done) return [];
    const method = this.methods[this.current]!;
    this.slices++;
    const fresh: MetricRow[] = [];
    let checkpointRows = this.jobRows.length;
    let checkpoint: StateValue | null = null;
    const emitted: MetricRow[] = [...this.jobRows];
    const result = this.exp.runJob(this.config, method, this.seed, {
      emit: (r) => { emitted.push(r); },
      progress: (p) => { this.progress = { method, episode: p.episode, episodes: p.episodes }; },
      resumeFrom: this.resumeFrom,
      checkpointEvery: 0,
      saveCheckpoint: (state) => { checkpoint = state; checkpointRows = emitted.length; },
      shouldStop,
    });
    if (result.interrupted) {
      if (checkpoint === null) throw new Error(`${this.experiment}/${method}: the job stopped without handing over a checkpoint`);
      this.resumeFrom = checkpoint;
      const kept = emitted.slice(0, checkpointRows);
      fresh.push(...kept.slice(this.jobRows.length));
      this.jobRows = kept;
    } else {
      fresh.push(...emitted.slice(this.jobRows.length));
      this.rows.push(...emitted);
      if (result.policy !== undefined) this.policies.set(method, result.policy);
      if (result.portablePolicy !== undefined) this.portable.set(method, result.portablePolicy);
      this.metrics.set(method, result.metrics);
      this.jobRows = [];
      this.resumeFrom = null;
      this.current++;
    }
    return fresh;
  }
}
