// One training run of the page: every method of an experiment's preset on one seed, run job by job
// in slices. Environment-neutral (no DOM, no Worker): the worker drives it, and the Node side of
// the tests runs the same class; the results must be bit-identical to an uninterrupted run.
//
// Running (`runSlice`). A slice ends when `shouldStop()` says so (the worker asks after ~50 ms; the
// job checks it after each episode): the job then hands over a checkpoint (the CLI's resume
// contract, JobContext.saveCheckpoint), and the next slice resumes from it, so the worker can return
// to its event loop (pause/resume/step messages) between slices. Rows are kept exactly as the CLI
// keeps them: up to the count the checkpoint covers.
//
// Stepping (`stepUpdate`): exactly one learner update. Jobs driven by experiments/common/trainLoop
// report every learner update (each gradient step) through the optional `JobContext.onUpdate`
// hook, with the update's stats (and, asked with `inspectUpdates`, the learner's opt-in inspection:
// TD targets, Q values, gradient norms, the critic loss's graph) and a snapshot of the learner's
// state. A checkpoint can only be taken at an episode boundary (jobs keep per-episode accumulators
// outside the trainer and its checkpoint: small-cell's and load-balancing's EpisodeMetrics), so a
// step to update k+1 REPLAYS from the last episode checkpoint: the job resumes from it, runs through
// updates ≤ k again (deterministic: the same numbers), and the hook asks it to stop after the env
// step that made update k+1, without a checkpoint; the partial episode's rows are dropped (they
// come again, identical, on the next step or resume). While stepping the job also checkpoints at
// every episode end it passes (checkpointEvery = 1), so a replay never reaches back further than
// the current episode. Cost of one step: up to one episode of env steps and updates again (plus a
// structured clone of the checkpoint, replay buffer included), all in the worker, never on the
// page's main thread. Measured under heavy load (upper bounds): smoke presets 10–180 ms per step;
// small-cell and load-balancing quick 0.2–0.7 s; pendulum and cartpole quick 1.5–4 s (200–500-step
// episodes with an update every step).
// While the job has shown no update at all (warm-up; a baseline without learning; a job whose loop
// does not report updates: backscatter's hierarchical trainer, iot-multi-rat, smart-community), a
// step stops at the next episode end instead, and says so; after its first update a step runs to
// the next update however many episodes that takes (cartpole updates every 100 env steps).
// Stepping and then resuming gives the same rows and final weights, bit for bit, as never pausing
// (test/browser/session.test.ts).
//
// One "update" is one learner update call (one gradient step of every agent), the unit of
// `trainer.updates`; with `gradientSteps` > 1 per round, the step stops after the env step whose
// round contains update k+1, and the report shows update k+1 exactly (the round's later updates
// are replayed again next time).

import { EXPERIMENTS } from '../experiments/index.js';
import type { Experiment, JobUpdate, MetricRow } from '../experiments/types.js';
import type { StateValue } from '../lib/rl/checkpoint.js';
import type { InspectReport, LayerNorms } from './protocol.js';

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

/**
 * One learner update of the training run, as the page shows it: the sandbox inspector's report
 * (web/protocol.ts InspectReport: `update` = learner updates of this job so far, this one included;
 * `graph` = the autograd graph of the critic loss, `formatGraph`, from the inspection's `lossGraph`
 * — the first agent's; TD3: critic 0's; DQN: the TD loss — or '' when the learner has none;
 * `stats` = every number of the update's stats, nested keys joined with '.', e.g.
 * 'agents.0.criticLoss', TD3's 'gradNorms.critic0'; `tdTargets`/`qValues` = the batch's TD targets
 * and Q(s, a) before the step, the first agent's and first critic's, empty when the learner has no
 * inspection; `layers` = per network in the learner's state, ‖gradient‖ NaN when the inspection
 * has none for it) without the sandbox's pendulum, plus where it happened.
 */
export interface UpdateReport extends Omit<InspectReport, 'pendulum'> {
  readonly method: string;
  /** Env steps and finished training episodes when the update ran. */
  readonly step: number;
  readonly episode: number;
  /** Env steps this step ran from the last episode checkpoint to reach this update (the replay cost). */
  readonly stepsRun: number;
}

/** What one `stepUpdate` did. */
export type StepOutcome =
  /** Stopped right after update `report.update` (mid-episode, or the job ended with it). */
  | { readonly kind: 'update'; readonly report: UpdateReport; readonly rows: MetricRow[]; readonly jobDone: boolean }
  /** No update before the next episode end (warm-up, no learner, or a job without the hook): one episode. */
  | { readonly kind: 'episode'; readonly rows: MetricRow[]; readonly jobDone: boolean }
  | { readonly kind: 'idle'; readonly rows: MetricRow[]; readonly jobDone: false };

/** The page's messages about stepping (beside web/protocol.ts's): the worker's report of one step. */
export interface StepMessage {
  readonly kind: 'stepReport';
  readonly method: string;
  readonly outcome: StepOutcome['kind'];
  readonly report: UpdateReport | null;
}

/** The page's 'start' message with `paused`: a run begun by "step" starts paused (web/protocol.ts's ToWorker 'start' plus this flag). */
export interface StartMessage {
  readonly kind: 'start';
  readonly experiment: string;
  readonly preset: string;
  readonly seed: number;
  readonly backend: 'ts' | 'wasm';
  readonly paused?: boolean;
}

interface JobHooks {
  readonly shouldStop: () => boolean;
  /** Stepping: checkpoint at every episode end (cloned), hand the job clones of the resume state, wire onUpdate. */
  readonly stepping?: { readonly onUpdate: (u: JobUpdate) => boolean };
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
  /** Number of slices run so far (1 per job when never interrupted; each step is one). */
  slices = 0;
  progress: SliceProgress = { method: '', episode: 0, episodes: 0 };
  /** Learner updates of the current job reached so far (by a step, or at the last checkpoint). */
  updatesReached = 0;
  private resumeFrom: StateValue | null = null;
  /** Rows of the current job, up to its last checkpoint. */
  private jobRows: MetricRow[] = [];
  /** Updates of the current job at its last checkpoint. */
  private checkpointUpdates = 0;

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
    return this.done ? [] : this.runJob({ shouldStop }).rows;
  }

  /**
   * Runs to just after the current job's next learner update (replaying from the last episode
   * checkpoint), or to the next episode end when no update comes first, or to the job's end. The
   * update's report carries its stats, the batch's TD targets and the learner's norms.
   */
  stepUpdate(): StepOutcome {
    if (this.done) return { kind: 'idle', rows: [], jobDone: false };
    const target = this.updatesReached + 1, method = this.methods[this.current]!;
    // Where the replay starts: the env step of the last checkpoint (trainLoop's { trainer: { step } }), else 0.
    const from = (this.resumeFrom as { trainer?: { step?: unknown } } | null)?.trainer?.step;
    const fromStep = typeof from === 'number' ? from : 0;
    let sawUpdate = false, report: UpdateReport | null = null;
    const r = this.runJob({
      // At an episode end: stop there only while this job has shown no update at all (warm-up, no learner, no hook).
      shouldStop: () => !sawUpdate && this.updatesReached === 0,
      stepping: {
        onUpdate: (u) => {
          sawUpdate = true;
          if (u.updates < target) return false;
          report ??= updateReport(method, u, u.step - fromStep);
          return true;
        },
      },
    });
    if (report !== null) {
      if (!r.jobDone) this.updatesReached = Math.max(this.updatesReached, (report as UpdateReport).update);
      return { kind: 'update', report, rows: r.rows, jobDone: r.jobDone };
    }
    return { kind: 'episode', rows: r.rows, jobDone: r.jobDone };
  }

  private runJob(hooks: JobHooks): { rows: MetricRow[]; jobDone: boolean } {
    const method = this.methods[this.current]!;
    const stepping = hooks.stepping !== undefined;
    this.slices++;
    let checkpointRows = this.jobRows.length, checkpoint: StateValue | null = null;
    let lastUpdates = this.checkpointUpdates, updatesAtCheckpoint = this.checkpointUpdates;
    const emitted: MetricRow[] = [...this.jobRows];
    const result = this.exp.runJob(this.config, method, this.seed, {
      emit: (r) => { emitted.push(r); },
      progress: (p) => { this.progress = { method, episode: p.episode, episodes: p.episodes }; },
      // A replay may resume from the same checkpoint again: hand the job a copy.
      resumeFrom: stepping && this.resumeFrom !== null ? structuredClone(this.resumeFrom) : this.resumeFrom,
      checkpointEvery: stepping ? 1 : 0,
      // The trainer's state holds live views of its replay buffer; a job that goes on after saving would change them.
      saveCheckpoint: (state) => { checkpoint = stepping ? structuredClone(state) : state; checkpointRows = emitted.length; updatesAtCheckpoint = lastUpdates; },
      shouldStop: hooks.shouldStop,
      onUpdate: (u) => { lastUpdates = u.updates; return hooks.stepping?.onUpdate(u) ?? false; },
      inspectUpdates: stepping,
    });
    if (result.interrupted) {
      // Stopped at an episode checkpoint, or (stepping) mid-episode after the wanted update: keep the last checkpoint and the rows it covers.
      if (checkpoint !== null) {
        this.resumeFrom = checkpoint;
        this.checkpointUpdates = updatesAtCheckpoint;
        this.updatesReached = Math.max(this.updatesReached, updatesAtCheckpoint);
      } else if (!stepping) {
        throw new Error(`${this.experiment}/${method}: the job stopped without handing over a checkpoint`);
      }
      const kept = emitted.slice(0, checkpointRows);
      const fresh = kept.slice(this.jobRows.length);
      this.jobRows = kept;
      return { rows: fresh, jobDone: false };
    }
    const fresh = emitted.slice(this.jobRows.length);
    this.rows.push(...emitted);
    if (result.policy !== undefined) this.policies.set(method, result.policy);
    if (result.portablePolicy !== undefined) this.portable.set(method, result.portablePolicy);
    this.metrics.set(method, result.metrics);
    this.jobRows = [];
    this.resumeFrom = null;
    this.checkpointUpdates = 0;
    this.updatesReached = 0;
    this.current++;
    return { rows: fresh, jobDone: true };
  }
}

// ---- the update report -------------------------------------------------------------------------

function norm(a: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * a[i]!;
  return Math.sqrt(s);
}

/** Every finite-or-not number of `v` under its dotted path; 'inspection.' is dropped from paths, arrays of numbers are skipped. */
function flattenStats(v: unknown, path: string, out: Record<string, number>): void {
  if (typeof v === 'number') out[path] = v;
  else if (Array.isArray(v)) v.forEach((x, i) => flattenStats(x, path === '' ? String(i) : `${path}.${i}`, out));
  else if (typeof v === 'object' && v !== null && !ArrayBuffer.isView(v)) {
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) flattenStats(x, k === 'inspection' ? path : path === '' ? k : `${path}.${k}`, out);
  }
}

/** The first `inspection` in the stats (single agent: the stats' own; multi-agent: agent 0's). */
function firstInspection(v: unknown): { tdTargets?: Float64Array; qValues?: readonly Float64Array[]; lossGraph?: string } | null {
  if (typeof v !== 'object' || v === null || ArrayBuffer.isView(v)) return null;
  const o = v as Record<string, unknown>;
  if (typeof o['inspection'] === 'object' && o['inspection'] !== null) return o['inspection'] as { tdTargets?: Float64Array };
  for (const x of Array.isArray(v) ? v : Object.values(o)) {
    const r = firstInspection(x);
    if (r !== null) return r;
  }
  return null;
}

/** The gradient norm of network `key` of agent `agent` (the last index in its state path), from the stats' inspection. */
function gradNorm(stats: unknown, agent: number | undefined, key: string): number {
  const s = stats as { agents?: unknown[]; inspection?: { gradNorms?: Record<string, number> } };
  const own = agent !== undefined && Array.isArray(s.agents) ? (s.agents[agent] as typeof s | undefined) : s;
  return own?.inspection?.gradNorms?.[key] ?? NaN;
}

/**
 * Per network of a learner state: every Float64Array `X` with a sibling optimizer state `XOpt`
 * ({ m, v }: lib/nn Adam) — DDPG/MADDPG's actor and critic, DQN's q (with `opt`), TD3's `critics[j]` with
 * `criticOpts[j]` — per agent (the last array index in the path). Named by path. Per network, not
 * per layer: a learner's state holds each network as one flat vector without its layer shapes.
 */
function networkNorms(state: StateValue, stats: unknown): LayerNorms[] {
  const out: LayerNorms[] = [];
  const walk = (v: StateValue, path: string[], agent: number | undefined): void => {
    if (v === null || typeof v !== 'object' || v instanceof Float64Array) return;
    if (Array.isArray(v)) {
      v.forEach((x, i) => walk(x, [...path, String(i)], i));
      return;
    }
    const o = v as Readonly<Record<string, StateValue>>;
    const isOpt = (x: unknown): x is { m: Float64Array; v: Float64Array } => typeof x === 'object' && x !== null && (x as { m?: unknown }).m instanceof Float64Array && (x as { v?: unknown }).v instanceof Float64Array;
    for (const [k, x] of Object.entries(o)) {
      const opt = o[`${k}Opt`] ?? (k === 'q' ? o['opt'] : undefined), opts = o[`${k.replace(/s$/, '')}Opts`];
      if (x instanceof Float64Array && isOpt(opt)) {
        out.push({ name: [...path, k].join('.'), weight: norm(x), grad: gradNorm(stats, agent, k), adamM: norm(opt.m), adamV: norm(opt.v) });
      } else if (Array.isArray(x) && Array.isArray(opts) && x.length === opts.length && x.every((w, j) => w instanceof Float64Array && isOpt(opts[j]))) {
        // TD3's twin critics: `critics[j]` with `criticOpts[j]`; gradient norms 'critic0', 'critic1'.
        x.forEach((w, j) => {
          const opt = opts[j] as { m: Float64Array; v: Float64Array };
          out.push({ name: [...path, k, String(j)].join('.'), weight: norm(w as Float64Array), grad: gradNorm(stats, agent, `${k.replace(/s$/, '')}${j}`), adamM: norm(opt.m), adamV: norm(opt.v) });
        });
      } else if (!k.endsWith('Opt') && !k.endsWith('Opts') && k !== 'opt') walk(x, [...path, k], agent);
    }
  };
  walk(state, [], undefined);
  return out;
}

function updateReport(method: string, u: JobUpdate, stepsRun: number): UpdateReport {
  const stats: Record<string, number> = {};
  flattenStats(u.stats, '', stats);
  // The inspection's gradient norms repeat the stats' own `criticGradNorm`/`actorGradNorm`: keep only the new ones (TD3's critic0, critic1; DQN's q).
  for (const [k, v] of Object.entries(stats)) {
    const m = /^(.*)gradNorms\.(\w+)$/.exec(k);
    if (m !== null && stats[`${m[1]}${m[2]}GradNorm`] === v) delete stats[k];
  }
  const ins = firstInspection(u.stats);
  return {
    method,
    update: u.updates,
    step: u.step,
    episode: u.episode,
    stats,
    graph: ins?.lossGraph ?? '',
    tdTargets: ins?.tdTargets === undefined ? [] : Array.from(ins.tdTargets),
    qValues: ins?.qValues?.[0] === undefined ? [] : Array.from(ins.qValues[0]),
    layers: networkNorms(u.learnerState(), u.stats),
    stepsRun,
  };
}
