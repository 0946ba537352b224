// What an experiment is, for the one runner every paper plugs into (`mecrl run <experiment>`).
// An experiment folder exports an `Experiment`: its config (defaults = the paper's values plus
// the spec's [R] resolutions), presets, methods, the job that trains/evaluates one (method, seed),
// the claims to judge and the figures to draw. Nothing here is Node-specific: the runner (cli/)
// owns files, workers, progress bars and checkpoints on disk.

import type { StateValue } from '../lib/rl/checkpoint.js';

/** One line of metrics.jsonl: a (method, seed, phase, episode) record with named numbers. */
export interface MetricRow {
  readonly method: string;
  readonly seed: number;
  readonly phase: 'train' | 'eval';
  readonly episode: number;
  readonly values: Readonly<Record<string, number>>;
}

export interface MethodSpec {
  /** Stable kebab-case id (e.g. 'ma-drl'). */
  readonly id: string;
  readonly label: string;
  readonly description: string;
}

/** A preset: a partial config over the defaults, or a sweep of one config key over values. */
export interface Preset {
  readonly description: string;
  /** Nested partial config merged over the defaults. */
  readonly config: Readonly<Record<string, unknown>>;
  /** Seeds if the preset has its own default. */
  readonly seeds?: readonly number[];
  /** Methods if the preset runs only some. */
  readonly methods?: readonly string[];
  /** A sweep: one run folder per value of `key` (dotted path). */
  readonly sweep?: { readonly key: string; readonly values: readonly unknown[] };
  /** Whether claims can be judged at this scale (false: every claim is reported as null). */
  readonly judgeClaims?: boolean;
}

/** What a job can do while it runs. Checkpoint storage is the runner's; the job only hands states over. */
export interface JobContext {
  emit(row: MetricRow): void;
  /** Progress for bars and logs: episodes done out of total, the latest reward. */
  progress(p: { readonly episode: number; readonly episodes: number; readonly reward?: number }): void;
  /** A state to resume from (the runner read it from the last checkpoint), or null for a fresh start. */
  readonly resumeFrom: StateValue | null;
  /** Save a checkpoint every this many training episodes (0 = never). */
  readonly checkpointEvery: number;
  saveCheckpoint(state: StateValue, episode: number): void;
  /** True once the user asked to stop (Ctrl-C): save a checkpoint and return early. */
  shouldStop(): boolean;
}

/** Summary of a finished job: per-metric evaluation values (already reduced over its eval episodes). */
export interface JobResult {
  readonly method: string;
  readonly seed: number;
  /** Evaluation metrics of this seed, e.g. { systemReward: …, 'energyTotal.median': … }. */
  readonly metrics: Readonly<Record<string, number>>;
  /** True when the job stopped early on request (results incomplete). */
  readonly interrupted: boolean;
  /** Saved policy/network states for `mecrl eval` (optional). */
  readonly policy?: StateValue;
  /**
   * The trained policy as a portable policy file (the JSON text of lib/rl's `savePolicy`; format in
   * lib/rl/policyFile.ts), written by `mecrl run` as `policy.json` beside `policy/`. Optional:
   * experiments without a learned policy (baselines, tabular methods) omit it. Build it from the
   * trained networks, e.g. `savePolicy({ actors: agents.map((d, m) => actorCriticPolicyActor(d, {
   * id: env.possibleAgents[m], bounds: env.actionSpace(id) })), metadata: { experiment, method, seed } })`.
   */
  readonly portablePolicy?: string;
}

/** Per method, per metric, the per-seed values (ordered as `seeds`). */
export type PerSeedMetrics = Readonly<Record<string, Readonly<Record<string, readonly number[]>>>>;

export interface ClaimResult {
  readonly holds: boolean | null;
  /** One or two sentences with the numbers behind the verdict. */
  readonly evidence: string;
  /** For threshold rules (gates): the measured value and the per-seed values it came from. */
  readonly value?: number;
  readonly perSeed?: readonly number[];
}

export interface ClaimSpec {
  readonly id: string;
  /** The paper's claim, stated. */
  readonly text: string;
  /** The metric it is judged on. */
  readonly metric: string;
  /** A gate (validation threshold): `mecrl run --fail-on-gates` exits 1 when it does not hold. */
  readonly gate?: boolean;
  /** For threshold rules: `value op threshold` must hold (docs/validation.json rows). */
  readonly op?: '>=' | '<=';
  readonly threshold?: number;
  judge(m: PerSeedMetrics, seeds: readonly number[]): ClaimResult;
}

/** A figure: which metric of which phase, per method over episodes (train) or as a bar (eval). */
export interface FigureSpec {
  readonly id: string;
  readonly title: string;
  readonly kind: 'curve' | 'bar';
  /** The metric name in metrics rows (curve: train rows; bar: job results). */
  readonly metric: string;
  readonly yLabel: string;
}

export interface Experiment<C> {
  readonly name: string;
  readonly title: string;
  /** Paper reference and spec file. */
  readonly source: string;
  readonly methods: readonly MethodSpec[];
  readonly presets: Readonly<Record<string, Preset>>;
  readonly defaultPreset: string;
  readonly defaultSeeds: readonly number[];
  /** Merge a nested partial over the defaults and validate; errors name the field and allowed range. */
  resolveConfig(partial: Readonly<Record<string, unknown>>): C;
  /** The [R] resolutions in force for a config, for the report: `key = value`. */
  resolutions(config: C): Readonly<Record<string, unknown>>;
  /** Trains and evaluates one method on one seed. Deterministic given (config, method, seed). */
  runJob(config: C, method: string, seed: number, ctx: JobContext): JobResult;
  /**
   * Re-evaluates a saved policy (`JobResult.policy`) on `episodes` evaluation episodes, emitting
   * eval rows; returns the reduced metrics. Optional: experiments without learned policies omit it.
   */
  evaluatePolicy?(config: C, method: string, seed: number, policy: StateValue | undefined, episodes: number, emit: (row: MetricRow) => void): Readonly<Record<string, number>>;
  readonly claims: readonly ClaimSpec[];
  readonly figures: readonly FigureSpec[];
}
