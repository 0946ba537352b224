// One (method, seed) job of paper 1: build the env and the learner, train with checkpoints (and
// F-DRL's FedAvg rounds), evaluate on the shared evaluation episodes, reduce the metrics.
//
// Methods (stable ids):
//   ma-drl        MADDPG (lib/rl/maddpg.ts), cooperative reward eq. 12 (every agent gets R^Co), joint
//                 replay buffer, critics on all observations and actions (spec §4.1).
//   f-drl         one DDPG per SBS on its own observation/action, local reward eq. 23, own buffer; after
//                 every `federated.episodesPerRound` episodes a FedAvg round (lib/federated
//                 `federatedRound`): eq. 26 with W_m = batch size, online actor and critic replaced,
//                 targets local ('keep') and Adam moments local by default (spec §4.2).
//   il-drl        F-DRL without rounds (spec §4.4).
//   full-offload  α = 1, random distinct channels, P_max, f = 1/N_m (env baselines.ts); no training.
//   local         α = 0; no training.
// The per-agent DDPGs are trained through the multi-agent loop: its joint buffer stores every
// agent's (o_m, a_m, r_m, o'_m) in one row and each agent learns from its own columns only, which
// is the same as M buffers of 10 000 sampled with shared indices (the agents act in lockstep).
//
// Exploration [R] (spec §4.3): u = clip(μ(o) + N(0, σ²), 0, 1) with σ linearly decayed from
// `noise.sigmaStart` to `noise.sigmaEnd` over the first `decayFraction` of the training steps. The
// loop's explorers only know a constant σ, so the experiment wraps the learner: in 'explore' mode it
// asks the inner learner for the deterministic action and adds the scheduled noise itself, drawing
// from the same per-agent streams (seed, 'explore', m) that the inner learner checkpoints. σ is a
// pure function of the loop's step counter, so the schedule resumes exactly.
//
// Evaluation (identical for every method): a fresh env with the job's topology, episode e reset
// with the e-th integer of the (seed, 'eval') stream, deterministic actors (no noise), decisions of
// the baselines given directly (`stepDecisions`); Full offloading draws its channels from its own
// stream (seed, 'baseline', 'fullOffloading'), never from the env's, so every method sees the same
// fading and tasks.

import {
  fullOffloadingDecisions,
  localComputingDecisions,
  smallCell,
  type SmallCellEnv,
  type SmallCellResetOptions,
  type SmallCellState,
  type SmallCellStepMetrics,
} from '../../lib/env/small-cell/index.js';
import { actorCriticClient, federatedRound, maddpgSignalling } from '../../lib/federated/index.js';
import type { Mlp } from '../../lib/nn/index.js';
import { deriveStream, integer, normal, type Rng } from '../../lib/random/index.js';
import {
  agentRecord,
  Ddpg,
  networkOf,
  savePolicy,
  type Box,
  type JsonValue,
  envSpaces,
  exploreRngs,
  iddpgLearner,
  linearSchedule,
  Maddpg,
  maddpgLearner,
  maddpgRngs,
  MultiAgentTrainer,
  type AgentRecord,
  type MultiAgentLearner,
  type ParallelEnv,
  type ParallelResetResult,
  type ParallelStepResult,
  type ResetOptions,
  type Space,
  type StateValue,
} from '../../lib/rl/index.js';
import { trainLoop } from '../common/trainLoop.js';
import { convergenceMetric } from '../claims.js';
import { convergenceEpisode, sampleStd } from '../stats.js';
import type { JobContext, JobResult, MetricRow } from '../types.js';
import { federatedRounds, trainingSteps, type SmallCellExperimentConfig } from './config.js';
import { TrainDiagnostics } from './diagnostics.js';
import { EpisodeMetrics, reduceEpisodes } from './metrics.js';

/** Method ids in report order. */
export const METHOD_IDS = ['ma-drl', 'f-drl', 'il-drl', 'full-offload', 'local'] as const;
export type MethodId = (typeof METHOD_IDS)[number];
export type LearnerId = 'ma-drl' | 'f-drl' | 'il-drl';
export const LEARNER_IDS: readonly LearnerId[] = ['ma-drl', 'f-drl', 'il-drl'];

export function isLearner(method: string): method is LearnerId {
  return (LEARNER_IDS as readonly string[]).includes(method);
}

function checkMethod(owner: string, method: string): MethodId {
  if (!(METHOD_IDS as readonly string[]).includes(method)) {
    throw new RangeError(`${owner}: unknown method '${method}'; allowed: ${METHOD_IDS.join(', ')}`);
  }
  return method as MethodId;
}

/** Fraction of the last training episodes over which `trainRewardTailStd` is taken. */
export const TAIL_FRACTION = 0.2;

/** The env of a job: the config's env settings with the job's seed (topology) and the method's reward. */
export function makeEnv(c: SmallCellExperimentConfig, seed: number, rewardMode: 'cooperative' | 'local'): SmallCellEnv {
  return smallCell({ ...c.env, seed, rewardMode });
}

/** σ of the exploration noise after `step` training env steps (linear decay, then constant). */
export function noiseSchedule(c: SmallCellExperimentConfig): (step: number) => number {
  const { sigmaStart, sigmaEnd, decayFraction } = c.train.noise;
  const steps = Math.round(decayFraction * trainingSteps(c));
  if (steps < 1) return () => sigmaEnd;
  const s = linearSchedule({ start: sigmaStart, end: sigmaEnd, steps });
  return (step) => s.value(step);
}

/** A learner whose 'explore' actions are the deterministic ones plus N(0, σ(step)²), clipped to [0, 1]. */
function withScheduledNoise(inner: MultiAgentLearner<Float64Array>, rngs: readonly Rng[], sigma: (step: number) => number, observe?: (deterministic: readonly Float64Array[]) => void): MultiAgentLearner<Float64Array> {
  return {
    obsDims: inner.obsDims,
    actionDims: inner.actionDims,
    select(obs, mode, step, out) {
      if (mode !== 'explore') {
        inner.select(obs, mode, step, out);
        return;
      }
      inner.select(obs, 'greedy', step, out);
      observe?.(out);
      const s = sigma(step);
      for (let i = 0; i < out.length; i++) {
        const u = out[i]!, rng = rngs[i]!;
        for (let j = 0; j < u.length; j++) {
          const v = u[j]! + normal(rng, 0, s);
          u[j] = v < 0 ? 0 : v > 1 ? 1 : v;
        }
      }
    },
    toEnv: (i, u) => inner.toEnv(i, u),
    episodeStart: () => inner.episodeStart(),
    update: (batch, options) => inner.update(batch, options),
    getState: () => inner.getState(),
    setState: (s) => inner.setState(s),
  };
}

/** A learner of one method with access to its networks. */
interface BuiltLearner {
  readonly learner: MultiAgentLearner<Float64Array>;
  /** F-DRL / IL-DRL: the per-agent DDPGs. */
  readonly ddpgs: readonly Ddpg[];
  /** Every agent's actor, in agent order (the policy). */
  readonly actors: readonly Mlp[];
}

function buildLearner(c: SmallCellExperimentConfig, method: LearnerId, seed: number, env: SmallCellEnv, observe?: (deterministic: readonly Float64Array[]) => void): BuiltLearner {
  const { obsDims, actionSpaces } = envSpaces(env);
  const actionDims = actionSpaces.map(() => env.dims.actDim);
  const M = obsDims.length, t = c.train;
  const rngs = exploreRngs(seed, M);
  const common = { hiddenSizes: t.hidden, activation: 'relu' as const, actorOutput: 'sigmoid' as const, actorLr: t.lr, criticLr: t.lr, gamma: t.gamma, tau: t.tau, maxGradNorm: t.maxGradNorm, finalLayerInit: t.finalLayerInit };
  const noNoise = { kind: 'none' } as const;
  if (method === 'ma-drl') {
    const agent = new Maddpg({ ...common, obsDims, actionDims, actionKind: 'continuous', actorOutputReg: 0, init: 'pytorch' }, maddpgRngs(seed, M));
    const inner = maddpgLearner(agent, actionSpaces, { rngs, noise: noNoise }) as MultiAgentLearner<Float64Array>;
    return { learner: withScheduledNoise(inner, rngs, noiseSchedule(c), observe), ddpgs: [], actors: agent.agents.map((a) => a.actor) };
  }
  const ddpgs = obsDims.map((od, i) => new Ddpg({ ...common, obsDim: od, actionDim: actionDims[i]!, criticWeightDecay: 0 }, deriveStream(seed, 'init', i)));
  const inner = iddpgLearner(ddpgs, actionSpaces, { rngs, noise: noNoise });
  return { learner: withScheduledNoise(inner, rngs, noiseSchedule(c), observe), ddpgs, actors: ddpgs.map((d) => d.actor) };
}

/** The env seen by the training loop: the small-cell env, reporting every step's metrics. */
class MeteredEnv implements ParallelEnv<string, Float64Array, Float64Array, SmallCellState, SmallCellResetOptions> {
  constructor(readonly inner: SmallCellEnv, private readonly onStep: (m: SmallCellStepMetrics) => void) {}
  get id(): string { return this.inner.id; }
  get possibleAgents(): readonly string[] { return this.inner.possibleAgents; }
  get agents(): readonly string[] { return this.inner.agents; }
  get maxEpisodeSteps(): number { return this.inner.maxEpisodeSteps; }
  observationSpace(agent: string): Space<Float64Array> { return this.inner.observationSpace(agent); }
  actionSpace(agent: string): Space<Float64Array> { return this.inner.actionSpace(agent); }
  reset(opts?: ResetOptions<SmallCellResetOptions>): ParallelResetResult<string, Float64Array> { return this.inner.reset(opts); }
  step(actions: AgentRecord<string, Float64Array>): ParallelStepResult<string, Float64Array> {
    const r = this.inner.step(actions);
    this.onStep(this.inner.lastStepMetrics!);
    return r;
  }
  getState(): SmallCellState { return this.inner.getState(); }
  setState(state: SmallCellState): void { this.inner.setState(state); }
}

/** How the evaluation acts: network-space actions from observations, or decisions given directly (baselines). */
export type EvalPolicy =
  | { readonly kind: 'actions'; act(obs: readonly Float64Array[]): readonly Float64Array[] }
  | { readonly kind: 'decisions'; decide(env: SmallCellEnv): ReturnType<typeof localComputingDecisions> };

/** The reset seeds of the first `episodes` evaluation episodes of `seed` (the same for every method). */
export function evalEpisodeSeeds(seed: number, episodes: number): number[] {
  const s = deriveStream(seed, 'eval');
  return Array.from({ length: episodes }, () => integer(s, 0, 2 ** 31));
}

/**
 * Runs `episodes` evaluation episodes (see the file header) and returns their metrics.
 * `beforeStep`, if given, sees the env before every step (tests compare the tasks methods face);
 * `afterStep` sees it after every step (the web page draws each slot from `env.lastStepMetrics`).
 */
export function runEvaluation(c: SmallCellExperimentConfig, seed: number, policy: EvalPolicy, episodes: number, beforeStep?: (env: SmallCellEnv) => void, afterStep?: (env: SmallCellEnv) => void): EpisodeMetrics[] {
  const env = makeEnv(c, seed, 'local');
  const ids = env.possibleAgents;
  const out: EpisodeMetrics[] = [];
  for (const s of evalEpisodeSeeds(seed, episodes)) {
    let obs = ids.map((a) => env.reset({ seed: s }).obs[a]!);
    const ep = new EpisodeMetrics(ids.length, true);
    while (env.agents.length > 0) {
      beforeStep?.(env);
      let r: ParallelStepResult<string, Float64Array>;
      if (policy.kind === 'actions') {
        const acts = policy.act(obs);
        r = env.step(agentRecord(ids, (_, i) => acts[i]!));
      } else {
        r = env.stepDecisions(policy.decide(env));
      }
      ep.add(env.lastStepMetrics!);
      afterStep?.(env);
      obs = ids.map((a) => r.obs[a]!);
    }
    out.push(ep);
  }
  return out;
}

/** The evaluation policy of a baseline (a fresh channel stream for Full offloading, so re-evaluations repeat). */
function baselinePolicy(method: 'full-offload' | 'local', seed: number): EvalPolicy {
  if (method === 'local') return { kind: 'decisions', decide: (env) => localComputingDecisions(env.config) };
  const rng = deriveStream(seed, 'baseline', 'fullOffloading');
  return { kind: 'decisions', decide: (env) => fullOffloadingDecisions(rng, env.config) };
}

/** The deterministic policy of a trained learner. */
function learnerPolicy(learner: MultiAgentLearner<Float64Array>): EvalPolicy {
  const u = learner.actionDims.map((d) => new Float64Array(d));
  return {
    kind: 'actions',
    act(obs) {
      learner.select(obs, 'greedy', 0, u);
      return u;
    },
  };
}

/** Emits a job's evaluation rows and returns its reduced evaluation metrics. */
function evaluateAndEmit(c: SmallCellExperimentConfig, method: string, seed: number, policy: EvalPolicy, episodes: number, emit: (row: MetricRow) => void, afterStep?: (env: SmallCellEnv) => void): Record<string, number> {
  const eps = runEvaluation(c, seed, policy, episodes, undefined, afterStep);
  eps.forEach((e, i) => emit({ method, seed, phase: 'eval', episode: i, values: e.evalValues() }));
  return reduceEpisodes(eps);
}

/** Saved policy of a learner: every agent's actor parameters, in agent order. */
export interface SmallCellPolicy {
  readonly method: string;
  readonly actors: readonly Float64Array[];
}

/** Training-loop state of a job beyond the trainer's own (saved in every checkpoint). */
interface JobExtra {
  rounds: number;
  uploadScalars: number;
  downloadScalars: number;
  uploadScalarsPerRound: number;
  downloadScalarsPerRound: number;
  totalBytes: number;
  trainRewards: number[];
}

/** Trains (learners) and evaluates one method on one seed. See the file header. */
export function runSmallCellJob(c: SmallCellExperimentConfig, methodIn: string, seed: number, ctx: JobContext): JobResult {
  const method = checkMethod('small-cell.runJob', methodIn);
  if (!isLearner(method)) {
    const metrics = evaluateAndEmit(c, method, seed, baselinePolicy(method, seed), c.eval.episodes, (r) => ctx.emit(r));
    ctx.progress({ episode: 1, episodes: 1 });
    return { method, seed, metrics, interrupted: false };
  }

  let acc = new EpisodeMetrics(c.env.numCells, false);
  const env = new MeteredEnv(makeEnv(c, seed, method === 'ma-drl' ? 'cooperative' : 'local'), (m) => acc.add(m));
  const diag = new TrainDiagnostics(c.env.uesPerCell, env.inner.dims.actDim / c.env.uesPerCell);
  const built = buildLearner(c, method, seed, env.inner, (u) => diag.observeActions(u));
  const sigma = noiseSchedule(c);
  const extra: JobExtra = { rounds: 0, uploadScalars: 0, downloadScalars: 0, uploadScalarsPerRound: 0, downloadScalarsPerRound: 0, totalBytes: 0, trainRewards: [] };
  const t = c.train;
  const trainer = new MultiAgentTrainer(env, built.learner, {
    seed, bufferSize: t.bufferSize, batchSize: t.batchSize, warmupSteps: t.warmupSteps, warmupActions: t.warmupActions,
    updateEvery: t.updateEvery, gradientSteps: t.gradientSteps, rewardMode: 'individual',
  }, (e) => {
    if (e.kind === 'update') { diag.observeUpdate(e.stats); return; }
    const values: Record<string, number> = { ...acc.trainValues(), noiseSigma: sigma(e.step - 1), step: e.step, ...diag.take() };
    extra.trainRewards.push(values['systemReward']!);
    ctx.emit({ method, seed, phase: 'train', episode: e.episode, values });
    acc = new EpisodeMetrics(c.env.numCells, false);
  });

  const E = c.federated.episodesPerRound;
  const afterEpisode = (episode: number): void => {
    if (method !== 'f-drl' || episode % E !== 0) return;
    const r = federatedRound(built.ddpgs.map((d) => actorCriticClient(d)), { weights: built.ddpgs.map(() => t.batchSize) }, {
      aggregateTargets: c.federated.aggregateTargets,
      resetOptimizerOnAggregate: c.federated.resetOptimizerOnAggregate,
      bytesPerScalar: c.federated.bytesPerScalar,
    });
    extra.rounds++;
    extra.uploadScalars += r.communication.uploadScalars;
    extra.downloadScalars += r.communication.downloadScalars;
    extra.uploadScalarsPerRound = r.communication.uploadScalars;
    extra.downloadScalarsPerRound = r.communication.downloadScalars;
    extra.totalBytes += r.communication.totalBytes;
  };

  const interrupted = trainLoop(trainer, ctx, {
    maxEpisodes: t.episodes,
    progressTotal: t.episodes,
    latestReward: () => extra.trainRewards[extra.trainRewards.length - 1],
    afterEpisode,
    extra: {
      get: () => ({ ...extra, trainRewards: [...extra.trainRewards], diagnostics: diag.getState() }),
      set(s) {
        const { diagnostics, ...st } = s as unknown as JobExtra & { diagnostics?: number[] };
        if (typeof st !== 'object' || st === null || !Array.isArray(st.trainRewards)) throw new TypeError('small-cell: the checkpoint has no job state (extra.trainRewards); it was not written by this experiment');
        Object.assign(extra, st, { trainRewards: [...st.trainRewards] });
        if (diagnostics !== undefined) diag.setState(diagnostics);
      },
    },
  });
  if (interrupted) return { method, seed, metrics: {}, interrupted: true };

  const metrics = evaluateAndEmit(c, method, seed, learnerPolicy(built.learner), c.eval.episodes, (r) => ctx.emit(r));
  const tail = extra.trainRewards.slice(extra.trainRewards.length - Math.max(2, Math.ceil(TAIL_FRACTION * extra.trainRewards.length)));
  metrics['trainRewardTailStd'] = sampleStd(tail);
  // Convergence speed of the training system-reward curve (experiments/stats.ts), for convergence claims.
  metrics[convergenceMetric('systemReward')] = convergenceEpisode(extra.trainRewards);
  Object.assign(metrics, communicationMetrics(c, method, env.inner, trainer.step, trainer.episode, extra));
  const policy: SmallCellPolicy = { method, actors: built.actors.map((a) => a.flat.data.slice()) };
  return { method, seed, metrics, interrupted: false, policy: policy as unknown as StateValue, portablePolicy: portableSmallCellPolicy(env.inner, built.actors, method, seed) };
}

/**
 * The portable policy file of trained small-cell actors: actor m acts for SBS m; its sigmoid
 * output is mapped onto the agent's Box action space [0, 1]^{actDim} (the identity, as in training)
 * and is the raw action `SmallCellEnv.step` takes. `metadata.envConfig` is the env's resolved
 * config, which fixes the observation layout and the action decoding.
 */
export function portableSmallCellPolicy(env: SmallCellEnv, actors: readonly Mlp[], method: string, seed: number): string {
  return savePolicy({
    actors: actors.map((net, m) => {
      const id = env.possibleAgents[m]!, space = env.actionSpace(id) as Box;
      return { id, network: networkOf(net), decoding: { type: 'continuous', low: Array.from(space.low), high: Array.from(space.high) } };
    }),
    metadata: { env: env.id, experiment: 'small-cell', method, seed, envConfig: JSON.parse(JSON.stringify(env.config)) as JsonValue },
  });
}

/** Signalling of a learner over its training run (lib/federated's accounting). */
function communicationMetrics(c: SmallCellExperimentConfig, method: LearnerId, env: SmallCellEnv, steps: number, episodes: number, extra: JobExtra): Record<string, number> {
  const bps = c.federated.bytesPerScalar;
  if (method === 'ma-drl') {
    const { obsDims } = envSpaces(env);
    const s = maddpgSignalling(obsDims, obsDims.map(() => env.dims.actDim));
    const total = steps * s.perStep + episodes * s.perEpisode;
    return { signallingScalarsPerStep: s.perStep, signallingScalarsPerEpisodeEnd: s.perEpisode, totalSignallingScalars: total, totalSignallingBytes: total * bps };
  }
  if (method === 'f-drl') {
    const total = extra.uploadScalars + extra.downloadScalars;
    return {
      fedRounds: extra.rounds,
      fedUploadScalarsPerRound: extra.uploadScalarsPerRound,
      fedDownloadScalarsPerRound: extra.downloadScalarsPerRound,
      totalSignallingScalars: total,
      totalSignallingBytes: extra.totalBytes,
    };
  }
  return { totalSignallingScalars: 0, totalSignallingBytes: 0 };
}

/** Re-evaluates a saved policy (or a baseline) on `episodes` evaluation episodes, emitting eval rows. */
export function evaluateSmallCellPolicy(c: SmallCellExperimentConfig, methodIn: string, seed: number, policy: StateValue | undefined, episodes: number, emit: (row: MetricRow) => void, afterStep?: (env: SmallCellEnv) => void): Record<string, number> {
  const method = checkMethod('small-cell.evaluatePolicy', methodIn);
  if (!isLearner(method)) return evaluateAndEmit(c, method, seed, baselinePolicy(method, seed), episodes, emit, afterStep);
  const env = makeEnv(c, seed, 'local');
  const built = buildLearner(c, method, seed, env);
  const p = policy as unknown as SmallCellPolicy | undefined;
  const owner = 'small-cell.evaluatePolicy';
  if (typeof p !== 'object' || p === null || !Array.isArray(p.actors) || p.actors.length !== built.actors.length) {
    throw new TypeError(`${owner}: policy must be { method, actors } with ${built.actors.length} actor parameter arrays (one per SBS), as saved by runJob`);
  }
  if (p.method !== method) throw new RangeError(`${owner}: the policy was trained by '${String(p.method)}', not '${method}'`);
  built.actors.forEach((a, i) => {
    const w = p.actors[i];
    if (!(w instanceof Float64Array) || w.length !== a.flat.data.length) throw new RangeError(`${owner}: policy.actors[${i}] must be a Float64Array of ${a.flat.data.length} parameters (this config's actor size)`);
    a.flat.data.set(w);
  });
  return evaluateAndEmit(c, method, seed, learnerPolicy(built.learner), episodes, emit, afterStep);
}

/** Rounds F-DRL runs with this config (for tests and the README's arithmetic). */
export { federatedRounds };
