// One (method, seed) job of paper 3: build the env, train the hierarchical learners frame by frame
// through the env's two-phase API (checkpoints at episode ends), evaluate on the shared evaluation
// episodes, reduce the metrics.
//
// Methods (stable ids):
//   h-maddpg-opt    optimisation-driven H-MADDPG (spec §4.3, Algorithm 1), per frame:
//                   1. AP: a^o = clip(μ^o(s^o) + N(0, σ²)); env.setApAction(a^o);
//                   2. the optimiser solves (10) for these beams → â^u (raw, encoded), y*;
//                   3. user i observes s_i (features of the chosen beams), ã_i = clip(μ_i(s_i) + noise);
//                      its reward r_i = (12) of the hypothetical joint action (a^o, ã_i, â_{−i}) by the
//                      model (env.evaluate, nothing changes); its transition (s_i, ã_i, r_i, s_i') is
//                      completed with the next frame's observation once the AP has acted there (the
//                      MRT-reference observation at the episode's end) and stored in user i's buffer;
//                      user i's single-agent DDPG updates;
//                   4. y = (11) of (a^o, ã^u) by the model;
//                   5. y > y* ⇒ execute ã^u w.p. 1 − ε, else â^u; otherwise execute â^u w.p. 1 − ε
//                      ([R] ε from `train.epsilon*`; draws from the (seed, 'epsilon') stream);
//                   6. step the env with the executed joint action; the AP stores
//                      (s^o, a^o, r^o, s^o') and its DDPG updates.
//   h-maddpg        model-free: the same AP DDPG; users on MADDPG (critics on all users' observations
//                   and actions), their own actions always executed, rewards (12) of the executed frame.
//   hybrid-opt      no learning: MRT beams, the optimiser's estimate executed (reference, §4.4 [R]).
//   active-enabled  no learning: env scheme 'active-enabled', energy beams, the optimiser with ℓ_b = 0.
//   mec-disabled    no learning: env scheme 'mec-disabled', energy beams, the optimiser with ℓ_a = ℓ_b = 0.
// Updates start once a buffer holds a batch; one gradient step per agent per frame.
//
// Evaluation (identical episodes for every method): a fresh env of the method's scheme, episode e
// reset with the e-th integer of the (seed, 'eval') stream; deterministic actors; `h-maddpg-opt`
// executes per `eval.optExecution` ([R] default `best`: Algorithm 1's rule with ε = 0).

import {
  BackscatterEnv,
  encodeBeams,
  energyBeams,
  mrtBeams,
  solveProblem10,
  type BackscatterScheme,
} from '../../lib/env/backscatter/index.js';
import { deriveStream, fromState, integer, normal, type Rng, type RngState } from '../../lib/random/index.js';
import {
  actorCriticPolicyActor,
  Ddpg,
  jointBuffer,
  Maddpg,
  maddpgPolicyActors,
  maddpgRngs,
  savePolicy,
  transitionBuffer,
  type Box,
  type DdpgState,
  type JsonValue,
  type PolicyActor,
  type MaddpgState,
  type ReplayBuffer,
  type ReplayBufferState,
  type StateValue,
  type TransitionBuffer,
} from '../../lib/rl/index.js';
import { trainLoop } from '../common/trainLoop.js';
import { convergenceMetric } from '../claims.js';
import { convergenceEpisode } from '../stats.js';
import type { JobContext, JobResult, MetricRow } from '../types.js';
import { epsilonAt, type BackscatterExperimentConfig } from './config.js';
import { FrameStats, reduceEpisodes } from './metrics.js';

/** Method ids in report order. */
export const METHOD_IDS = ['h-maddpg-opt', 'h-maddpg', 'hybrid-opt', 'active-enabled', 'mec-disabled'] as const;
export type MethodId = (typeof METHOD_IDS)[number];
export type LearnerId = 'h-maddpg-opt' | 'h-maddpg';

export function isLearner(method: string): method is LearnerId {
  return method === 'h-maddpg-opt' || method === 'h-maddpg';
}

function checkMethod(owner: string, method: string): MethodId {
  if (!(METHOD_IDS as readonly string[]).includes(method)) throw new RangeError(`${owner}: unknown method '${method}'; allowed: ${METHOD_IDS.join(', ')}`);
  return method as MethodId;
}

/** The env scheme of a method. */
export function schemeOf(method: MethodId): BackscatterScheme {
  return method === 'active-enabled' || method === 'mec-disabled' ? method : 'hybrid';
}

/** The env of a job. */
export function makeEnv(c: BackscatterExperimentConfig, method: MethodId, seed: number): BackscatterEnv {
  return new BackscatterEnv({ ...c.env, seed, scheme: schemeOf(method) });
}

/** The reset seeds of the first `episodes` evaluation episodes of `seed` (the same for every method). */
export function evalEpisodeSeeds(seed: number, episodes: number): number[] {
  const s = deriveStream(seed, 'eval');
  return Array.from({ length: episodes }, () => integer(s, 0, 2 ** 31));
}

const clip01 = (v: number): number => (v < 0 ? 0 : v > 1 ? 1 : v);

function noisy(u: Float64Array, sigma: number, rng: Rng): Float64Array {
  for (let j = 0; j < u.length; j++) u[j] = clip01((u[j] as number) + normal(rng, 0, sigma));
  return u;
}

/** The optimiser's plan for the env's current frame and beams: raw user actions and y*. */
function optimiserPlan(env: BackscatterEnv): { raw: Float64Array[]; yStar: number; newtonSteps: number; roundoffStops: number; stalledStops: number } {
  const beams = env.apBeams();
  if (beams === null) throw new Error('backscatter job: the AP has not acted in this frame');
  const r = solveProblem10({ ...env.frame(), beams }, env.config);
  return { raw: r.rawActions, yStar: r.yStar, newtonSteps: r.solver.newtonSteps, roundoffStops: r.solver.roundoffStops, stalledStops: r.solver.stalledStops };
}

/** Beams of a non-learning method for the env's current frame, as a raw AP action. */
function fixedBeamAction(env: BackscatterEnv, method: MethodId): Float64Array {
  const ch = env.frame().channels;
  return encodeBeams(method === 'hybrid-opt' ? mrtBeams(ch) : energyBeams(ch));
}

/** A user transition waiting for its next observation (the next frame's, after the AP acted). */
interface Pending {
  readonly obs: Float64Array[];
  readonly actions: Float64Array[];
  readonly rewards: number[];
}

/** The hierarchical learners of one job and their training state (checkpointable). */
class HierarchicalTrainer {
  readonly env: BackscatterEnv;
  readonly ap: Ddpg;
  readonly users: Ddpg[] = [];
  readonly maddpg: Maddpg | null = null;
  readonly apBuffer: TransitionBuffer;
  readonly userBuffers: TransitionBuffer[] = [];
  readonly jointBuffer: ReplayBuffer<'obs' | 'action' | 'reward' | 'nextObs' | 'terminated' | 'truncated'> | null = null;
  private rngs: Record<string, Rng>;
  step = 0;
  episode = 0;
  private pending: Pending | null = null;
  private stats: FrameStats;

  constructor(readonly c: BackscatterExperimentConfig, readonly method: LearnerId, readonly seed: number, private readonly onEpisode: (episode: number, values: Record<string, number>) => void) {
    this.env = makeEnv(c, method, seed);
    const d = this.env.dims, t = c.train, N = d.numUsers;
    const common = { hiddenSizes: t.hidden, activation: t.activation, criticHiddenSizes: t.criticHidden, criticActivation: t.criticActivation, actorOutput: 'sigmoid' as const, actorLr: t.lr, criticLr: t.lr, gamma: t.gamma, tau: t.tau, maxGradNorm: null, finalLayerInit: null };
    this.ap = new Ddpg({ ...common, obsDim: d.apObsDim, actionDim: d.apActDim, criticWeightDecay: 0 }, deriveStream(seed, 'ap', 'init'));
    this.apBuffer = transitionBuffer({ capacity: t.bufferSize, obsDim: d.apObsDim, actionDim: d.apActDim });
    if (method === 'h-maddpg-opt') {
      for (let i = 0; i < N; i++) {
        this.users.push(new Ddpg({ ...common, obsDim: d.userObsDim, actionDim: d.userActDim, criticWeightDecay: 0 }, deriveStream(seed, 'user', i, 'init')));
        this.userBuffers.push(transitionBuffer({ capacity: t.bufferSize, obsDim: d.userObsDim, actionDim: d.userActDim }));
      }
    } else {
      const obsDims = Array.from({ length: N }, () => d.userObsDim), actionDims = Array.from({ length: N }, () => d.userActDim);
      this.maddpg = new Maddpg({ ...common, obsDims, actionDims, actionKind: 'continuous', actorOutputReg: 0, init: 'pytorch' }, maddpgRngs(seed, N));
      this.jointBuffer = jointBuffer(t.bufferSize, obsDims, actionDims);
    }
    this.rngs = {
      apExplore: deriveStream(seed, 'explore', 'ap'),
      userExplore: deriveStream(seed, 'explore', 'users'),
      epsilon: deriveStream(seed, 'epsilon'),
      sample: deriveStream(seed, 'sample'),
    };
    this.stats = new FrameStats(N, c.env.physics);
  }

  /** Runs `frames` training frames (episodes reset as needed). */
  run(frames: number): void {
    for (let k = 0; k < frames; k++) this.frame();
  }

  private frame(): void {
    const env = this.env, c = this.c, t = c.train, N = env.dims.numUsers;
    if (env.agents.length === 0) env.reset();
    const sAp = env.apObservation();
    const aAp = noisy(this.ap.act(sAp), t.noiseSigma, this.rngs['apExplore']!);
    env.setApAction(aAp);
    const sU = env.userObservations();
    this.completePending(sU);
    const explore = this.rngs['userExplore']!;
    const aU = sU.map((s, i) => noisy(this.maddpg !== null ? this.maddpg.act(i, s) : this.users[i]!.act(s), t.noiseSigma, explore));
    let executed = aU;
    let rewards: number[];
    if (this.method === 'h-maddpg-opt') {
      const plan = optimiserPlan(env);
      this.stats.solver(plan.newtonSteps, plan.roundoffStops, plan.stalledStops);
      rewards = aU.map((a, i) => env.evaluate(aAp, plan.raw.map((r, k) => (k === i ? a : r))).users[i]!.reward);
      const y = env.evaluate(aAp, aU).apReward;
      const eps = epsilonAt(c, this.step);
      const coin = this.rngs['epsilon']!.nextDouble() < 1 - eps;
      const takeUsers = y > plan.yStar ? coin : !coin;
      executed = takeUsers ? aU : plan.raw;
      this.stats.execution(takeUsers);
    } else rewards = [];
    const res = env.stepUsers(executed);
    if (this.method === 'h-maddpg') rewards = Array.from(res.userRewards);
    this.stats.add(res.outcome);
    this.pending = { obs: sU, actions: aU, rewards };
    // AP transition and update
    this.apBuffer.add({ obs: sAp, action: aAp, reward: res.apReward, nextObs: res.apObs, terminated: false, truncated: res.truncated });
    if (this.apBuffer.size >= t.batchSize) this.ap.update(this.apBuffer.sample(t.batchSize, this.rngs['sample']!));
    this.step++;
    if (res.truncated) {
      this.completePending(res.userObs);
      this.episode++;
      this.onEpisode(this.episode, this.stats.values());
      this.stats = new FrameStats(N, c.env.physics);
    }
  }

  /** Store the waiting user transitions with their next observations and update the users. */
  private completePending(next: readonly Float64Array[]): void {
    const p = this.pending;
    if (p === null) return;
    this.pending = null;
    const t = this.c.train, rng = this.rngs['sample']!;
    if (this.maddpg !== null && this.jointBuffer !== null) {
      const cat = (xs: readonly Float64Array[]): Float64Array => Float64Array.from(xs.flatMap((x) => Array.from(x)));
      const n = p.obs.length;
      this.jointBuffer.add({ obs: cat(p.obs), action: cat(p.actions), reward: p.rewards, nextObs: cat(next), terminated: new Array<number>(n).fill(0), truncated: new Array<number>(n).fill(0) });
      if (this.jointBuffer.size >= t.batchSize) this.maddpg.update(this.jointBuffer.sample(t.batchSize, rng));
      return;
    }
    p.obs.forEach((obs, i) => {
      const buf = this.userBuffers[i]!;
      buf.add({ obs, action: p.actions[i]!, reward: p.rewards[i]!, nextObs: next[i]!, terminated: false, truncated: false });
      if (buf.size >= t.batchSize) this.users[i]!.update(buf.sample(t.batchSize, rng));
    });
  }

  getState(): StateValue {
    return {
      env: this.env.getState() as unknown as StateValue,
      ap: this.ap.getState() as unknown as StateValue,
      apBuffer: this.apBuffer.getState() as unknown as StateValue,
      users: this.users.map((u) => u.getState() as unknown as StateValue),
      userBuffers: this.userBuffers.map((b) => b.getState() as unknown as StateValue),
      maddpg: this.maddpg === null ? null : (this.maddpg.getState() as unknown as StateValue),
      jointBuffer: this.jointBuffer === null ? null : (this.jointBuffer.getState() as unknown as StateValue),
      rngs: Object.fromEntries(Object.entries(this.rngs).map(([k, r]) => [k, r.getState() as unknown as StateValue])),
      step: this.step,
      episode: this.episode,
      pending: this.pending === null ? null : { obs: this.pending.obs, actions: this.pending.actions, rewards: this.pending.rewards },
    };
  }

  setState(s: StateValue): void {
    const st = s as unknown as {
      env: never; ap: DdpgState; apBuffer: ReplayBufferState; users: DdpgState[]; userBuffers: ReplayBufferState[];
      maddpg: MaddpgState | null; jointBuffer: ReplayBufferState | null; rngs: Record<string, RngState>; step: number; episode: number; pending: Pending | null;
    };
    if (typeof st !== 'object' || st === null || typeof st.step !== 'number') throw new TypeError('backscatter: the checkpoint has no trainer state; it was not written by this experiment');
    this.env.setState(st.env);
    this.ap.setState(st.ap);
    this.apBuffer.setState(st.apBuffer as never);
    this.users.forEach((u, i) => u.setState(st.users[i]!));
    this.userBuffers.forEach((b, i) => b.setState(st.userBuffers[i]! as never));
    if (this.maddpg !== null) this.maddpg.setState(st.maddpg!);
    if (this.jointBuffer !== null) this.jointBuffer.setState(st.jointBuffer! as never);
    this.rngs = Object.fromEntries(Object.entries(st.rngs).map(([k, r]) => [k, fromState(r)]));
    this.step = st.step;
    this.episode = st.episode;
    this.pending = st.pending === null ? null : { obs: [...st.pending.obs], actions: [...st.pending.actions], rewards: [...st.pending.rewards] };
  }

  /** Every actor's parameters: the AP's, then the users' (MADDPG's agents for h-maddpg). */
  actors(): { flat: { data: Float64Array } }[] {
    return [this.ap.actor, ...(this.maddpg !== null ? this.maddpg.agents.map((a) => a.actor) : this.users.map((u) => u.actor))];
  }

  /** The deterministic actors as portable policy actors: `ap`, then `user_0..` (sigmoid outputs on the env's [0, 1] boxes). */
  policyActors(): PolicyActor[] {
    const env = this.env, users = env.possibleAgents.slice(1);
    const box = (id: string): Box => env.actionSpace(id) as Box;
    const ap = actorCriticPolicyActor(this.ap, { id: env.possibleAgents[0]!, bounds: box(env.possibleAgents[0]!) });
    if (this.maddpg !== null) return [ap, ...maddpgPolicyActors(this.maddpg, { ids: users, bounds: users.map(box) })];
    return [ap, ...this.users.map((u, i) => actorCriticPolicyActor(u, { id: users[i]!, bounds: box(users[i]!) }))];
  }

  /** Deterministic action of user i (no noise). */
  userAction(i: number, obs: Float64Array): Float64Array {
    return this.maddpg !== null ? this.maddpg.act(i, obs) : this.users[i]!.act(obs);
  }

  /** Deterministic user actions (no noise). */
  userActions(obs: readonly Float64Array[]): Float64Array[] {
    return obs.map((s, i) => this.userAction(i, s));
  }
}

/** How a method acts in one evaluation frame (the env is at the frame's start). */
type EvalActor = (env: BackscatterEnv, stats: FrameStats) => { ap: Float64Array; users: Float64Array[] } | { apSet: true; users: Float64Array[] };

/** Runs `episodes` evaluation episodes and returns their per-episode values. */
export function runEvaluation(c: BackscatterExperimentConfig, method: MethodId, seed: number, act: EvalActor, episodes: number): Record<string, number>[] {
  const env = makeEnv(c, method, seed);
  const out: Record<string, number>[] = [];
  for (const s of evalEpisodeSeeds(seed, episodes)) {
    env.reset({ seed: s });
    const stats = new FrameStats(env.dims.numUsers, c.env.physics);
    while (env.agents.length > 0) {
      const a = act(env, stats);
      if (!('apSet' in a)) env.setApAction(a.ap);
      const r = env.stepUsers(a.users);
      stats.add(r.outcome);
    }
    out.push(stats.values());
  }
  return out;
}

/** The evaluation actor of a non-learning method. */
function baselineActor(method: MethodId): EvalActor {
  return (env, stats) => {
    env.setApAction(fixedBeamAction(env, method));
    const plan = optimiserPlan(env);
    stats.solver(plan.newtonSteps, plan.roundoffStops, plan.stalledStops);
    return { apSet: true, users: plan.raw };
  };
}

/** The evaluation actor of a trained learner. */
function learnerActor(c: BackscatterExperimentConfig, trainer: HierarchicalTrainer): EvalActor {
  return (env, stats) => {
    const ap = trainer.ap.act(env.apObservation());
    env.setApAction(ap);
    const users = trainer.userActions(env.userObservations());
    if (trainer.method !== 'h-maddpg-opt' || c.eval.optExecution === 'policy') return { apSet: true, users };
    const plan = optimiserPlan(env);
    stats.solver(plan.newtonSteps, plan.roundoffStops, plan.stalledStops);
    const y = env.evaluate(ap, users).apReward;
    const takeUsers = y > plan.yStar;
    stats.execution(takeUsers);
    return { apSet: true, users: takeUsers ? users : plan.raw };
  };
}

function evaluateAndEmit(c: BackscatterExperimentConfig, method: MethodId, seed: number, act: EvalActor, emit: (row: MetricRow) => void, episodes = c.eval.episodes): Record<string, number> {
  const eps = runEvaluation(c, method, seed, act, episodes);
  eps.forEach((values, i) => emit({ method, seed, phase: 'eval', episode: i, values }));
  return reduceEpisodes(eps);
}

/** Trains (learners) and evaluates one method on one seed. See the file header. */
export function runBackscatterJob(c: BackscatterExperimentConfig, methodIn: string, seed: number, ctx: JobContext): JobResult {
  const method = checkMethod('backscatter.runJob', methodIn);
  if (!isLearner(method)) {
    const metrics = evaluateAndEmit(c, method, seed, baselineActor(method), (r) => ctx.emit(r));
    ctx.progress({ episode: 1, episodes: 1 });
    return { method, seed, metrics, interrupted: false };
  }
  const rewards: number[] = [];
  const trainer = new HierarchicalTrainer(c, method, seed, (episode, values) => {
    rewards.push(values['reward']!);
    ctx.emit({ method, seed, phase: 'train', episode: episode - 1, values });
  });
  const interrupted = trainLoop(
    { get step() { return trainer.step; }, get episode() { return trainer.episode; }, run: (n) => trainer.run(n), getState: () => trainer.getState(), setState: (s: never) => trainer.setState(s) },
    ctx,
    {
      maxEpisodes: c.train.episodes,
      progressTotal: c.train.episodes,
      latestReward: () => rewards[rewards.length - 1],
      extra: {
        get: () => Float64Array.from(rewards),
        set(s) {
          if (!(s instanceof Float64Array)) throw new TypeError('backscatter: the checkpoint has no training-reward history; it was not written by this experiment');
          rewards.splice(0, rewards.length, ...s);
        },
      },
    },
  );
  if (interrupted) return { method, seed, metrics: {}, interrupted: true };
  const metrics = evaluateAndEmit(c, method, seed, learnerActor(c, trainer), (r) => ctx.emit(r));
  metrics[convergenceMetric('reward')] = convergenceEpisode(rewards);
  const policy: BackscatterPolicy = { method, actors: trainer.actors().map((a) => a.flat.data.slice()) };
  return { method, seed, metrics, interrupted: false, policy: policy as unknown as StateValue, portablePolicy: portableBackscatterPolicy(trainer, method, seed) };
}

/**
 * The portable policy file of a trained learner (lib/rl/policyFile.ts): actor `ap` maps the AP's
 * state s^o to its raw beam action in [0, 1]^{2MN}, actor `user_i` maps user i's observation to its
 * raw action in [0, 1]^5 (sigmoid outputs, the env's boxes: the decoded action is the network's).
 * Users observe the frame after the AP acted (`setApAction`, then `userObservation`). For
 * h-maddpg-opt the file holds the policies only: Algorithm 1's execution rule (the optimiser's plan
 * when its y* beats the users' y, `eval.optExecution: 'best'`) is not part of it.
 */
function portableBackscatterPolicy(trainer: HierarchicalTrainer, method: LearnerId, seed: number): string {
  const env = trainer.env;
  const execution = method === 'h-maddpg-opt'
    ? `users' actions as trained; the evaluation (optExecution '${trainer.c.eval.optExecution}') also consults the problem-(10) optimiser, which the file does not hold`
    : "users' actions executed as they are";
  return savePolicy({
    actors: trainer.policyActors(),
    metadata: {
      env: env.id, experiment: 'backscatter', method, seed, execution,
      protocol: 'per frame: a_ap = act(apObservation(), "ap"); setApAction(a_ap); a_i = act(userObservation(i), "user_i"); stepUsers([a_0, …])',
      envConfig: JSON.parse(JSON.stringify(env.config)) as JsonValue,
    },
  });
}

/** Saved policy of a learner: the AP's actor, then the users' actors (flat parameters). */
export interface BackscatterPolicy {
  readonly method: string;
  readonly actors: readonly Float64Array[];
}

/** Re-evaluates a saved policy (or a non-learning method) on `episodes` evaluation episodes, emitting eval rows. */
export function evaluateBackscatterPolicy(c: BackscatterExperimentConfig, methodIn: string, seed: number, policy: StateValue | undefined, episodes: number, emit: (row: MetricRow) => void): Record<string, number> {
  const method = checkMethod('backscatter.evaluatePolicy', methodIn);
  if (!isLearner(method)) return evaluateAndEmit(c, method, seed, baselineActor(method), emit, episodes);
  return evaluateAndEmit(c, method, seed, learnerActor(c, restoreTrainer(c, method, seed, policy)), emit, episodes);
}

/** The deterministic actors of a saved learner policy: the AP's and user i's actions for an observation. */
export function restoreBackscatterActors(c: BackscatterExperimentConfig, method: LearnerId, seed: number, policy: StateValue | undefined): { ap(obs: Float64Array): Float64Array; user(i: number, obs: Float64Array): Float64Array } {
  const trainer = restoreTrainer(c, method, seed, policy);
  return { ap: (obs) => trainer.ap.act(obs), user: (i, obs) => trainer.userAction(i, obs) };
}

function restoreTrainer(c: BackscatterExperimentConfig, method: LearnerId, seed: number, policy: StateValue | undefined): HierarchicalTrainer {
  const owner = 'backscatter.evaluatePolicy';
  const trainer = new HierarchicalTrainer(c, method, seed, () => {});
  const actors = trainer.actors();
  const p = policy as unknown as BackscatterPolicy | undefined;
  if (typeof p !== 'object' || p === null || !Array.isArray(p.actors) || p.actors.length !== actors.length) {
    throw new TypeError(`${owner}: policy must be { method, actors } with ${actors.length} actor parameter arrays (AP first, then the users), as saved by runJob`);
  }
  if (p.method !== method) throw new RangeError(`${owner}: the policy was trained by '${String(p.method)}', not '${method}'`);
  actors.forEach((a, i) => {
    const w = p.actors[i];
    if (!(w instanceof Float64Array) || w.length !== a.flat.data.length) throw new RangeError(`${owner}: policy.actors[${i}] must be a Float64Array of ${a.flat.data.length} parameters (this config's actor size)`);
    a.flat.data.set(w);
  });
  return trainer;
}
