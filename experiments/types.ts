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
  /**
   * A sweep: one run folder per value of `key` (dotted path), plus one summary across the values at
   * the sweep folder (figures over the swept value; `claims` judged there, see `SweepClaimSpec`).
   */
  readonly sweep?: { readonly key: string; readonly values: readonly unknown[]; readonly claims?: readonly SweepClaimSpec[] };
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
  /**
   * Optional, for step-by-step views (the web page's "step one update"): called after every
   * learner update (each gradient step) of the job's trainer. Returning true asks the job to stop
   * after the current env step WITHOUT a checkpoint (it returns `interrupted`): the runner resumes
   * from its last checkpoint and drops the rows emitted after it. Jobs driven by `trainLoop`
   * (experiments/common/trainLoop.ts) call it; others never do. The CLI leaves it unset.
   */
  onUpdate?(u: JobUpdate): boolean;
  /** With `onUpdate`: ask the learner for its opt-in inspection (TD targets, Q values, gradient norms) in `JobUpdate.stats`. */
  readonly inspectUpdates?: boolean;
}

/** One learner update, as `JobContext.onUpdate` sees it. */
export interface JobUpdate {
  /** Learner updates so far, this one included (1 = the first). */
  readonly updates: number;
  /** Env steps and finished training episodes so far. */
  readonly step: number;
  readonly episode: number;
  /** The algorithm's stats of this update (with `inspection` when `inspectUpdates`). */
  readonly stats: object;
  /** A snapshot of the learner's state right after this update (weights, optimizer moments). */
  learnerState(): StateValue;
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

/**
 * The rule a claim is judged by (experiments/stats.ts; the report prints it with its margin/range):
 * - 'difference': the 95% interval of the seed-paired difference A − B vs 0 (`pairedDecision`);
 * - 'bound': the 95% interval of one method's metric vs a constant (`bound`; `pairedDecision` with b constant);
 * - 'equivalence': the 95% interval of A − B inside ±`margin` (`equivalenceDecision`);
 * - 'ratio': the 95% interval of the seed-paired ratio A/B inside `range` (`ratioDecision`);
 * - 'trend': the 95% interval of per-seed least-squares slopes across a sweep vs 0 (`trendDecision`; sweep claims);
 * - 'convergence': seed-paired episodes-to-90%-of-own-improvement (`convergenceEpisode`, `convergenceDecision`);
 * - 'threshold': a statistic over seeds `op threshold` (validation gates);
 * - 'exact': an identity that must hold on every seed (e.g. "0 by construction").
 */
export type ClaimRule = 'difference' | 'bound' | 'equivalence' | 'ratio' | 'trend' | 'convergence' | 'threshold' | 'exact';

/** What every claim states about itself, whether judged on one run or across a sweep. */
export interface ClaimInfo {
  readonly id: string;
  /** The paper's claim, stated. */
  readonly text: string;
  /** The metric it is judged on. */
  readonly metric: string;
  /** The decision rule (printed in the report with `margin`/`range`/`bound`/`threshold`). */
  readonly rule: ClaimRule;
  /** 'equivalence': the half-width of the equivalence band (metric units). */
  readonly margin?: number;
  /** 'ratio': the stated range of A/B, e.g. [1.3, 1.7] for "≈ 50% higher". */
  readonly range?: readonly [number, number];
  /** 'bound': the claimed side of a constant ('below': the interval must lie below `value`). */
  readonly bound?: { readonly side: 'below' | 'above'; readonly value: number };
  /** A gate (validation threshold): `mecrl run --fail-on-gates` exits 1 when it does not hold. */
  readonly gate?: boolean;
  /** For threshold rules: `value op threshold` must hold (docs/validation.json rows). */
  readonly op?: '>=' | '<=';
  readonly threshold?: number;
}

/**
 * A claim judged on one run: it sees every method's per-seed evaluation metrics (`JobResult.metrics`).
 *
 * Training curves: a claim never reads metric rows. A job that has a claim about its training curve
 * (convergence speed, stability over the last episodes) reduces the curve to per-seed numbers in its
 * `JobResult.metrics` — e.g. `convergenceEpisode(curve)` (experiments/stats.ts) stored under
 * `convergenceMetric('systemReward')` = 'convergenceEpisode.systemReward' — and the claim compares
 * those (`convergenceClaim` in experiments/claims.ts). The reduction then appears in summary.json
 * and the report's per-seed table like every other metric, so the verdict can be audited.
 */
export interface ClaimSpec extends ClaimInfo {
  judge(m: PerSeedMetrics, seeds: readonly number[]): ClaimResult;
}

/** One value of a sweep and what the run at that value measured (per method → metric → per seed). */
export interface SweepPoint {
  readonly value: unknown;
  readonly perSeed: PerSeedMetrics;
}

/**
 * A claim judged across a sweep (attached to the sweep preset, `Preset.sweep.claims`): it sees every
 * sweep value's per-seed metrics, in the order of `Preset.sweep.values`; the seeds are the same at
 * every value. Judged once, in the sweep folder's summary.json and REPORT.md.
 */
export interface SweepClaimSpec extends ClaimInfo {
  judgeSweep(points: readonly SweepPoint[], seeds: readonly number[]): ClaimResult;
}

/**
 * A figure. 'curve': a training metric per episode (mean over seeds, 95% band, thin per-seed lines,
 * the non-learning methods' evaluation level of `referenceMetric` as horizontal lines, an optional
 * moving average). 'bar': an evaluation metric per method (mean, 95% interval). In a sweep's summary
 * every 'bar' and 'sweep' figure is drawn with the swept value on the x-axis, one line per method
 * (mean and 95% band); 'sweep' figures are drawn only there. 'stack': shares that sum to 1 per
 * training episode (e.g. a histogram's bins, `parts`), mean over seeds, stacked, one panel per method.
 */
export interface FigureSpec {
  readonly id: string;
  readonly title: string;
  readonly kind: 'curve' | 'bar' | 'sweep' | 'stack';
  /** The metric name in metrics rows (curve: train rows; bar, sweep: job results). */
  readonly metric: string;
  readonly yLabel: string;
  /** 'curve': the evaluation metric (job results) on the same scale, drawn as a horizontal line for each method without train rows. */
  readonly referenceMetric?: string;
  /** 'curve': draw the trailing moving average over this many episodes (stated in the title). */
  readonly movingAverage?: number;
  /** 'stack': the train-row metrics stacked (bottom first) and their legend labels; `metric` names the family. */
  readonly parts?: readonly { readonly metric: string; readonly label: string }[];
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
  /** A validation task of the toolkit (pinned seeds, gates), not a paper: `npm run reproduce` skips it. */
  readonly validation?: boolean;
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
  /** A saved policy as text (`mecrl eval <run-dir> --print-policy`). Optional: tabular learners implement it. */
  printPolicy?(config: C, method: string, seed: number, policy: StateValue | undefined): string;
  readonly claims: readonly ClaimSpec[];
  readonly figures: readonly FigureSpec[];
}
