// One (method, seed) job of paper 2: build the env and the learner, train with checkpoints,
// evaluate on the shared evaluation episodes, reduce the metrics.
//
// Methods (stable ids):
//   dtomalb     MADDPG with straight-through (hard) Gumbel-Softmax actors over the M + 1 choices, reward
//               eq. 20 R_n = −ω1·t_n − ω2·var(LD⁺) per user (spec §4.1); critic targets from onehot(argmax μ')
//               (`train.targetAction`); the env executes the argmax of the sample, which is also stored.
//   dtoma       the same with ω2 = 0 during training (Fig. 6 ablation); evaluated with env.omega2 like all.
//   dqn-tolb    one centralised DQN (spec §4.2): sees χ (plus every user's own features in `extended`),
//               chooses every user's action — branching heads (default) or the joint space
//               ((M+1)^N <= 4096, `dqn.centralized`); reward (1/N) Σ_n R_n.
//   idql-tolb   one DQN per user on its own observation, own reward R_n (Tampuu et al.).
//   random      every user uniform over {0, …, M}, drawn from (seed, 'baseline', 'random').
//   least-loaded  users in index order to the server with the smallest LD⁺ so far (lib/env baselines.ts).
// Every learner trains through the multi-agent loop (MultiAgentTrainer; DQN-TOLB as one agent of a
// view of the env) with `train.warmupSteps` uniform-random steps first. The networks see inputs
// scaled by the experiment (`inputs`: χ/loadScaleS, optionally clipped; `extended`'s log10 g ↦
// (log10 g + gainOffset)/gainScale); the env's observation itself is never changed.
//
// Evaluation (identical for every method): a fresh env with the job's seed (topology) and the
// config's ω, episode e reset with the e-th integer of the (seed, 'eval') stream, greedy policies.

import {
  leastLoadedActions,
  LoadBalancingEnv,
  randomActions,
  type LoadBalancingResetOptions,
  type LoadBalancingState,
  type LoadBalancingSystemMetrics,
} from '../../lib/env/load-balancing/index.js';
import { deriveStream, integer } from '../../lib/random/index.js';
import {
  agentRecord,
  Box,
  Discrete,
  Dqn,
  dqnPolicyActor,
  envSpaces,
  exploreRngs,
  idqnLearner,
  Maddpg,
  maddpgLearner,
  maddpgPolicyActors,
  maddpgRngs,
  MultiAgentTrainer,
  MultiDiscrete,
  savePolicy,
  type AgentRecord,
  type JsonValue,
  type PolicyActor,
  type Info,
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
import { centralizedKind, trainingSteps, type LoadBalancingExperimentConfig } from './config.js';
import { CURVE_METRIC } from './claims.js';
import { EpisodeMetrics, reduceEpisodes } from './metrics.js';
import { pow } from '../../lib/math/index.js';

export const METHOD_IDS = ['dtomalb', 'dtoma', 'dqn-tolb', 'idql-tolb', 'random', 'least-loaded'] as const;
export type MethodId = (typeof METHOD_IDS)[number];
export type LearnerId = 'dtomalb' | 'dtoma' | 'dqn-tolb' | 'idql-tolb';
export const LEARNER_IDS: readonly LearnerId[] = ['dtomalb', 'dtoma', 'dqn-tolb', 'idql-tolb'];

export function isLearner(method: string): method is LearnerId {
  return (LEARNER_IDS as readonly string[]).includes(method);
}

function checkMethod(owner: string, method: string): MethodId {
  if (!(METHOD_IDS as readonly string[]).includes(method)) throw new RangeError(`${owner}: unknown method '${method}'; allowed: ${METHOD_IDS.join(', ')}`);
  return method as MethodId;
}

/** Fraction of the last training episodes over which `trainUtilityTailStd` is taken (as paper 1's 1c). */
export const TAIL_FRACTION = 0.2;

/** The env of a job: the config's env with the job's seed; `omega2` overridden for DTOMA's training. */
export function makeEnv(c: LoadBalancingExperimentConfig, seed: number, omega2 = c.env.omega2): LoadBalancingEnv {
  return new LoadBalancingEnv({ ...c.env, seed, omega2 });
}

/** The network input of one user's observation (see the file header); a new array. */
export function scaleObs(c: LoadBalancingExperimentConfig, o: Float64Array): Float64Array {
  const M = c.env.numServers, { loadScaleS, loadClip, gainOffset, gainScale } = c.inputs;
  const out = o.slice();
  for (let m = 0; m < M; m++) {
    const x = o[m]! / loadScaleS;
    out[m] = loadClip !== null && x > loadClip ? loadClip : x;
  }
  if (c.env.obsMode === 'extended') out[M + 3] = (o[M + 3]! + gainOffset) / gainScale;
  return out;
}

/** Agent id of the centralised DQN's view. */
export const CENTRAL_AGENT = 'central';

/**
 * What a learner trains on: the env with scaled observations, either per user ('perUser') or as one
 * centralised agent ('central': obs = χ then, in `extended`, every user's 4 own features; action =
 * MultiDiscrete([M+1]·N) or Discrete((M+1)^N) with user n's digit a_n = ⌊k/(M+1)^n⌋ mod (M+1); reward
 * (1/N) Σ R_n). `onStep` sees every step's system metrics.
 */
export class TrainView implements ParallelEnv<string, Float64Array, number | Int32Array, LoadBalancingState, LoadBalancingResetOptions> {
  readonly possibleAgents: readonly string[];
  private readonly obsSpace: Box;
  private readonly actSpace: Space<number | Int32Array>;

  constructor(readonly inner: LoadBalancingEnv, private readonly c: LoadBalancingExperimentConfig, readonly kind: 'perUser' | { readonly central: 'branching' | 'joint' }, private readonly onStep: (m: LoadBalancingSystemMetrics) => void = () => undefined) {
    const N = inner.config.numUsers, M = inner.config.numServers;
    if (kind === 'perUser') {
      this.possibleAgents = inner.possibleAgents;
      this.obsSpace = new Box({ low: -Infinity, high: Infinity, shape: [inner.obsDim] });
      this.actSpace = inner.actionSpace(inner.possibleAgents[0]!) as Space<number | Int32Array>;
    } else {
      this.possibleAgents = [CENTRAL_AGENT];
      this.obsSpace = new Box({ low: -Infinity, high: Infinity, shape: [c.env.obsMode === 'paper' ? M : M + 4 * N] });
      this.actSpace = (kind.central === 'joint' ? new Discrete(pow(M + 1, N)) : new MultiDiscrete(new Array<number>(N).fill(M + 1))) as Space<number | Int32Array>;
    }
  }

  get id(): string { return this.inner.id; }
  get agents(): readonly string[] { return this.inner.agents.length > 0 ? this.possibleAgents : []; }
  get maxEpisodeSteps(): number { return this.inner.maxEpisodeSteps; }
  observationSpace(_agent: string): Space<Float64Array> { return this.obsSpace; }
  actionSpace(_agent: string): Space<number | Int32Array> { return this.actSpace; }

  reset(opts?: ResetOptions<LoadBalancingResetOptions>): ParallelResetResult<string, Float64Array> {
    const r = this.inner.reset(opts);
    return { obs: this.view(r.obs), infos: agentRecord(this.possibleAgents, (): Info => ({})) };
  }

  /** Per-user env actions of the view's action record. */
  userActions(actions: AgentRecord<string, number | Int32Array>): number[] {
    const N = this.inner.config.numUsers, M = this.inner.config.numServers;
    if (this.kind === 'perUser') return this.inner.possibleAgents.map((a) => actions[a] as number);
    const a = actions[CENTRAL_AGENT];
    if (this.kind.central === 'joint') {
      if (!this.actSpace.contains(a)) throw new RangeError(`load-balancing view: actions["central"] must be an integer in [0, ${pow(M + 1, N)}), got ${String(a)}`);
      let k = a as number;
      return Array.from({ length: N }, () => { const d = k % (M + 1); k = Math.floor(k / (M + 1)); return d; });
    }
    if (!this.actSpace.contains(a)) throw new RangeError(`load-balancing view: actions["central"] must be an Int32Array of ${N} integers in [0, ${M}]`);
    return Array.from(a as Int32Array);
  }

  step(actions: AgentRecord<string, number | Int32Array>): ParallelStepResult<string, Float64Array> {
    const ua = this.userActions(actions);
    const r = this.inner.step(agentRecord(this.inner.possibleAgents, (_, n) => ua[n]!));
    const sys = this.inner.lastStepMetrics!;
    this.onStep(sys);
    if (this.kind === 'perUser') return { ...r, obs: this.view(r.obs) };
    const u0 = this.inner.possibleAgents[0]!;
    return {
      obs: this.view(r.obs),
      rewards: { [CENTRAL_AGENT]: sys.meanReward },
      terminations: { [CENTRAL_AGENT]: r.terminations[u0]! },
      truncations: { [CENTRAL_AGENT]: r.truncations[u0]! },
      infos: { [CENTRAL_AGENT]: {} },
    };
  }

  getState(): LoadBalancingState { return this.inner.getState(); }
  setState(state: LoadBalancingState): void { this.inner.setState(state); }

  private view(obs: AgentRecord<string, Float64Array>): AgentRecord<string, Float64Array> {
    const users = this.inner.possibleAgents;
    if (this.kind === 'perUser') return agentRecord(users, (a) => scaleObs(this.c, obs[a]!));
    const M = this.inner.config.numServers;
    const scaled = users.map((a) => scaleObs(this.c, obs[a]!));
    const out = new Float64Array(this.obsSpace.shape[0]!);
    out.set(scaled[0]!.subarray(0, M));
    if (this.c.env.obsMode === 'extended') scaled.forEach((o, n) => out.set(o.subarray(M, M + 4), M + 4 * n));
    return { [CENTRAL_AGENT]: out };
  }
}

/** A learner with the flat parameters of its policy networks (actors / Q-networks), in order. */
interface BuiltLearner {
  readonly learner: MultiAgentLearner<number | Int32Array | Float64Array>;
  readonly nets: readonly { readonly flat: { readonly data: Float64Array } }[];
  /** The greedy policy as portable policy actors (lib/rl/policyFile.ts), one per view agent. */
  policyActors(): PolicyActor[];
}

function viewKind(c: LoadBalancingExperimentConfig, method: LearnerId): TrainView['kind'] {
  return method === 'dqn-tolb' ? { central: centralizedKind(c) } : 'perUser';
}

function buildLearner(c: LoadBalancingExperimentConfig, method: LearnerId, seed: number, view: TrainView): BuiltLearner {
  const { obsDims, actionSpaces } = envSpaces(view);
  const n = obsDims.length, t = c.train, M = c.env.numServers;
  const rngs = exploreRngs(seed, n);
  if (method === 'dtomalb' || method === 'dtoma') {
    const agent = new Maddpg({
      obsDims, actionDims: obsDims.map(() => M + 1), actionKind: 'gumbel', gumbelHard: true, gumbelTemperature: t.gumbelTemperature,
      gumbelTargetAction: t.targetAction === 'argmax' ? 'argmax' : 'sample', hiddenSizes: t.hidden, activation: 'relu', actorLr: t.actorLr,
      criticLr: t.criticLr, gamma: t.gamma, tau: t.tau, maxGradNorm: t.maxGradNorm, clipMode: 'global', actorOutputReg: t.logitReg,
    }, maddpgRngs(seed, n));
    return {
      learner: maddpgLearner(agent, actionSpaces, { rngs }) as BuiltLearner['learner'],
      nets: agent.agents.map((a) => a.actor),
      policyActors: () => maddpgPolicyActors(agent, { ids: view.possibleAgents, output: 'index' }),
    };
  }
  const d = c.dqn;
  const epsilonSteps = Math.max(1, Math.round(d.epsilonFraction * trainingSteps(c)));
  const dqns = obsDims.map((od, i) => {
    const space = actionSpaces[i]!;
    const nvec = space instanceof Discrete ? [space.n] : Array.from((space as MultiDiscrete).nvec);
    return new Dqn({
      obsDim: od, nvec, hiddenSizes: t.hidden, activation: 'relu', lr: d.lr, gamma: t.gamma, huberDelta: d.huberDelta, double: d.double,
      targetUpdateInterval: d.targetSync, tau: 1, maxGradNorm: d.maxGradNorm, epsilonStart: d.epsilonStart, epsilonEnd: d.epsilonEnd, epsilonSteps,
    }, deriveStream(seed, 'init', i));
  });
  return {
    learner: idqnLearner(dqns, actionSpaces, { rngs }) as BuiltLearner['learner'],
    nets: dqns.map((q) => q.q),
    policyActors: () => dqns.map((q, i) => dqnPolicyActor(q, { id: view.possibleAgents[i]! })),
  };
}

/** How the evaluation acts: a trained learner through its view, or a reference policy on the env. */
export type EvalPolicy =
  | { readonly kind: 'learner'; readonly learner: MultiAgentLearner<number | Int32Array | Float64Array>; readonly view: TrainView['kind'] }
  | { readonly kind: 'direct'; decide(env: LoadBalancingEnv): number[] };

export function evalEpisodeSeeds(seed: number, episodes: number): number[] {
  const s = deriveStream(seed, 'eval');
  return Array.from({ length: episodes }, () => integer(s, 0, 2 ** 31));
}

/** Runs the evaluation episodes (file header); `beforeStep` sees the env before every step (tests). */
export function runEvaluation(c: LoadBalancingExperimentConfig, seed: number, policy: EvalPolicy, episodes: number, beforeStep?: (env: LoadBalancingEnv) => void): EpisodeMetrics[] {
  const env = makeEnv(c, seed);
  const weights = { omega1: c.env.omega1, omega2: c.env.omega2, rewardDelayCapS: c.env.rewardDelayCapS };
  const out: EpisodeMetrics[] = [];
  const view = policy.kind === 'learner' ? new TrainView(env, c, policy.view) : null;
  const u = policy.kind === 'learner' ? policy.learner.actionDims.map((d) => new Float64Array(d)) : [];
  for (const s of evalEpisodeSeeds(seed, episodes)) {
    const ep = new EpisodeMetrics(env.serverCpuHz, weights, true);
    if (view !== null && policy.kind === 'learner') {
      let obs = view.possibleAgents.map((a) => view.reset({ seed: s }).obs[a]!);
      while (env.agents.length > 0) {
        beforeStep?.(env);
        policy.learner.select(obs, 'greedy', 0, u);
        const r = view.step(agentRecord(view.possibleAgents, (_, i) => policy.learner.toEnv(i, u[i]!) as number | Int32Array));
        ep.add(env.lastStepMetrics!);
        obs = view.possibleAgents.map((a) => r.obs[a]!);
      }
    } else if (policy.kind === 'direct') {
      env.reset({ seed: s });
      while (env.agents.length > 0) {
        beforeStep?.(env);
        const a = policy.decide(env);
        env.step(agentRecord(env.possibleAgents, (_, n) => a[n]!));
        ep.add(env.lastStepMetrics!);
      }
    }
    out.push(ep);
  }
  return out;
}

function baselinePolicy(c: LoadBalancingExperimentConfig, method: 'random' | 'least-loaded', seed: number): EvalPolicy {
  if (method === 'least-loaded') return { kind: 'direct', decide: (env) => leastLoadedActions(env.backlogCycles, env.serverCpuHz, env.currentTaskCycles, c.baselines.leastLoadedCountsOwnTask) };
  const rng = deriveStream(seed, 'baseline', 'random');
  return { kind: 'direct', decide: (env) => randomActions(rng, env.config.numUsers, env.config.numServers) };
}

function evaluateAndEmit(c: LoadBalancingExperimentConfig, method: string, seed: number, policy: EvalPolicy, episodes: number, emit: (row: MetricRow) => void): Record<string, number> {
  const eps = runEvaluation(c, seed, policy, episodes);
  eps.forEach((e, i) => emit({ method, seed, phase: 'eval', episode: i, values: e.evalValues() }));
  return reduceEpisodes(eps);
}

/** Saved policy of a learner: the flat parameters of its actors (MADDPG) or Q-networks (DQN), in agent order. */
export interface LoadBalancingPolicy {
  readonly method: string;
  readonly nets: readonly Float64Array[];
}

/** Trains (learners) and evaluates one method on one seed. See the file header. */
export function runLoadBalancingJob(c: LoadBalancingExperimentConfig, methodIn: string, seed: number, ctx: JobContext): JobResult {
  const method = checkMethod('load-balancing.runJob', methodIn);
  if (!isLearner(method)) {
    const metrics = evaluateAndEmit(c, method, seed, baselinePolicy(c, method, seed), c.eval.episodes, (r) => ctx.emit(r));
    ctx.progress({ episode: 1, episodes: 1 });
    return { method, seed, metrics, interrupted: false };
  }
  const inner = makeEnv(c, seed, method === 'dtoma' ? 0 : c.env.omega2);
  const weights = { omega1: c.env.omega1, omega2: c.env.omega2, rewardDelayCapS: c.env.rewardDelayCapS };
  let acc = new EpisodeMetrics(inner.serverCpuHz, weights, false);
  const view = new TrainView(inner, c, viewKind(c, method), (m) => acc.add(m));
  const built = buildLearner(c, method, seed, view);
  const curve: number[] = [];
  const t = c.train;
  const trainer = new MultiAgentTrainer(view, built.learner, {
    seed, bufferSize: t.bufferSize, batchSize: t.batchSize, warmupSteps: t.warmupSteps, warmupActions: 'random', updateEvery: t.updateEvery, gradientSteps: 1, rewardMode: 'individual',
  }, (e) => {
    if (e.kind !== 'episode') return;
    const values: Record<string, number> = { ...acc.trainValues(), step: e.step };
    curve.push(values['utilityCapped10']!);
    ctx.emit({ method, seed, phase: 'train', episode: e.episode, values });
    acc = new EpisodeMetrics(inner.serverCpuHz, weights, false);
  });
  const interrupted = trainLoop(trainer, ctx, {
    maxEpisodes: t.episodes,
    progressTotal: t.episodes,
    latestReward: () => curve[curve.length - 1],
    extra: {
      get: () => ({ curve: [...curve] }),
      set(s) {
        const st = s as { curve?: unknown };
        if (typeof st !== 'object' || st === null || !Array.isArray(st.curve)) throw new TypeError('load-balancing: the checkpoint has no job state (extra.curve); it was not written by this experiment');
        curve.length = 0;
        curve.push(...(st.curve as number[]));
      },
    },
  });
  if (interrupted) return { method, seed, metrics: {}, interrupted: true };
  const metrics = evaluateAndEmit(c, method, seed, { kind: 'learner', learner: built.learner, view: viewKind(c, method) }, c.eval.episodes, (r) => ctx.emit(r));
  const tail = curve.slice(curve.length - Math.max(2, Math.ceil(TAIL_FRACTION * curve.length)));
  metrics['trainUtilityTailStd'] = sampleStd(tail);
  metrics[convergenceMetric(CURVE_METRIC)] = convergenceEpisode(curve);
  metrics['trainSteps'] = trainer.step;
  const policy: LoadBalancingPolicy = { method, nets: built.nets.map((a) => a.flat.data.slice()) };
  return { method, seed, metrics, interrupted: false, policy: policy as unknown as StateValue, portablePolicy: portableLoadBalancingPolicy(c, method, seed, view, built) };
}

/**
 * The portable policy file of a trained learner (lib/rl/policyFile.ts): dtomalb/dtoma — one Gumbel
 * actor per user acting by the argmax of its logits (the env's Discrete(M + 1) index); idql-tolb —
 * one DQN per user, argmax of its Q-values; dqn-tolb — the centralised DQN (agent 'central'): per
 * user the argmax of its branch (branching) or the joint index (joint, user n's choice is digit n in
 * base M + 1). The networks take the experiment's scaled observation (`scaleObs`, the central view
 * for dqn-tolb), not the env's raw one: `metadata.inputs` and `metadata.observation` say how.
 */
function portableLoadBalancingPolicy(c: LoadBalancingExperimentConfig, method: LearnerId, seed: number, view: TrainView, built: BuiltLearner): string {
  const observation = view.kind === 'perUser'
    ? 'scaleObs(env.observe(user)): χ/inputs.loadScaleS (clipped at inputs.loadClip), extended: log10 g ↦ (log10 g + gainOffset)/gainScale'
    : `the central view: user 0's scaled χ, then (extended) every user's 4 scaled own features; action: ${view.kind.central === 'joint' ? 'one joint index, user n = digit n in base M + 1' : 'one index per user'}`;
  return savePolicy({
    actors: built.policyActors(),
    metadata: {
      env: view.inner.id, experiment: 'load-balancing', method, seed, observation,
      inputs: JSON.parse(JSON.stringify(c.inputs)) as JsonValue,
      envConfig: JSON.parse(JSON.stringify(view.inner.config)) as JsonValue,
    },
  });
}

/** Re-evaluates a saved policy (or a reference policy) on `episodes` evaluation episodes. */
export function evaluateLoadBalancingPolicy(c: LoadBalancingExperimentConfig, methodIn: string, seed: number, policy: StateValue | undefined, episodes: number, emit: (row: MetricRow) => void): Record<string, number> {
  const owner = 'load-balancing.evaluatePolicy';
  const method = checkMethod(owner, methodIn);
  if (!isLearner(method)) return evaluateAndEmit(c, method, seed, baselinePolicy(c, method, seed), episodes, emit);
  return evaluateAndEmit(c, method, seed, restoreLoadBalancingLearner(c, method, seed, policy), episodes, emit);
}

/** A learner of `method` with the weights of a saved policy, as an evaluation policy (greedy). */
export function restoreLoadBalancingLearner(c: LoadBalancingExperimentConfig, method: LearnerId, seed: number, policy: StateValue | undefined): EvalPolicy & { readonly kind: 'learner' } {
  const owner = 'load-balancing.evaluatePolicy';
  const view = new TrainView(makeEnv(c, seed), c, viewKind(c, method));
  const built = buildLearner(c, method, seed, view);
  const p = policy as unknown as LoadBalancingPolicy | undefined;
  if (typeof p !== 'object' || p === null || !Array.isArray(p.nets) || p.nets.length !== built.nets.length) {
    throw new TypeError(`${owner}: policy must be { method, nets } with ${built.nets.length} parameter arrays, as saved by runJob`);
  }
  if (p.method !== method) throw new RangeError(`${owner}: the policy was trained by '${String(p.method)}', not '${method}'`);
  built.nets.forEach((a, i) => {
    const w = p.nets[i];
    if (!(w instanceof Float64Array) || w.length !== a.flat.data.length) throw new RangeError(`${owner}: policy.nets[${i}] must be a Float64Array of ${a.flat.data.length} parameters (this config's network size)`);
    a.flat.data.set(w);
  });
  return { kind: 'learner', learner: built.learner, view: viewKind(c, method) };
}
