// One (method, seed) job of paper 5: build the env and one learner per community, train with the
// single driver loop of spec §4.2 (federated rounds for PFR-OA and MCF-TD3), evaluate every method
// on the same evaluation epochs, reduce the metrics.
//
// Methods (stable ids):
//   pfr-oa    per-community TD3 (§4.1) with the proximal terms (λ_i/2)·‖θ − θ_f‖² in the critic and
//             actor losses (eqs. 23–24, lib/rl Td3 `lossHook` + lib/federated `proximalTerm`),
//             adaptive or fixed λ_i, partial-greedy selection of V models by training loss, eq. (25)
//             average of actor and both critics, personalised soft update θ_i ← f_q·θ_f + (1−f_q)·θ_i
//             of EVERY community (lib/federated `federatedRound`, broadcast 'soft').
//   mcf-td3   per-community TD3 + plain FedAvg of all m models, replaced (f_q = 1, λ = 0, V = m).
//   td3       per-community TD3, no collaboration.
//   ddpg      per-community DDPG (same networks, lr, batch, buffer, σ1; actor every step; ρ).
//   dqn       per-community action-branching double DQN, n heads × {local, offload weight 1, 2, 3}.
//   greedy, edge, local   lib/env/smart-community baselines.ts; no training.
//
// Driver loop (spec §4.2 [R]): for epoch = 0..P−1: if epoch mod f_p = 0, a federated round (rounds
// at epoch 0 too: uniform selection, λ_i starts at its initial value); then one epoch of H·T
// sub-slots. The communities do not interact physically, so the env steps all of them together;
// after each sub-slot every community takes one gradient step (community order) once the warm-up
// (uniform random actions) is over and its buffer holds a batch. This equals the spec's "for i
// (index order): run one epoch on community i" up to the order of random draws.
// Random streams (per community i): (seed, 'init', i) weights, (seed, 'explore', i) behaviour noise /
// warm-up / ε, (seed, 'replay', i) mini-batches, (seed, 'target-noise', i) TD3 smoothing;
// (seed, 'clients', round) selection; the training env is reset from (seed, 'train-env') once, then
// continues its own generator. The env's per-run draws (P, f, q) come from the job seed, so every
// method sees the same devices and preferences.
// Evaluation: a fresh env with the job's seed, epoch e reset with the e-th integer of the
// (seed, 'eval') stream, deterministic policies; metrics pooled over epochs and communities.
// The loop's pieces (trainEpoch, addStep, emitTrainEpoch, federate, finishLearnerJob) are exported
// so that ./federated.ts can split pfr-oa / mcf-td3 into one client per community and a
// coordinator with the same arithmetic (bit-identical; `mecrl federated` runs the clients in
// separate processes).

import {
  SmartCommunityEnv,
  edgeDecision,
  greedyDecision,
  localDecision,
  type CommunityDecision,
  type CommunityStepMetrics,
} from '../../lib/env/smart-community/index.js';
import {
  INITIAL_LAMBDA_STATE,
  adaptLambda,
  addProximalGradient,
  broadcast,
  federatedRound,
  partialGreedySelect,
  proximalTerm,
  type AdaptiveLambdaState,
  type BroadcastOptions,
  type ParamsLike,
} from '../../lib/federated/index.js';
import { deriveStream, integer, normal, uniform, type Rng, type RngState } from '../../lib/random/index.js';
import { Ddpg, Dqn, Td3, TransitionBuffer, actorCriticPolicyActor, type Box, agentRecord, dqnPolicyActor, savePolicy, type JsonValue, type PolicyActor, type StateValue } from '../../lib/rl/index.js';
import { convergenceMetric } from '../claims.js';
import { convergenceEpisode } from '../stats.js';
import type { JobContext, JobResult, MetricRow } from '../types.js';
import { trainingSteps, type SmartCommunityExperimentConfig } from './config.js';

export const METHOD_IDS = ['pfr-oa', 'mcf-td3', 'td3', 'ddpg', 'dqn', 'greedy', 'edge', 'local'] as const;
export type MethodId = (typeof METHOD_IDS)[number];
export const LEARNER_IDS = ['pfr-oa', 'mcf-td3', 'td3', 'ddpg', 'dqn'] as const;
export type LearnerId = (typeof LEARNER_IDS)[number];
export const isLearner = (m: string): m is LearnerId => (LEARNER_IDS as readonly string[]).includes(m);

function checkMethod(owner: string, method: string): MethodId {
  if (!(METHOD_IDS as readonly string[]).includes(method)) throw new RangeError(`${owner}: unknown method '${method}'; allowed: ${METHOD_IDS.join(', ')}`);
  return method as MethodId;
}

/** DQN option k ∈ {0, 1, 2, 3}: 0 local, k ≥ 1 offload with raw weight k (spec §4.3 [R]). */
export const DQN_OPTIONS = 4;

export function makeEnv(c: SmartCommunityExperimentConfig, seed: number): SmartCommunityEnv {
  return new SmartCommunityEnv({ ...c.env, seed });
}

/** Pooled sums of step metrics (resolution 6) and their reduction. */
export class Pool {
  epochs = 0;
  reward = 0;
  decided = 0;
  successes = 0;
  failDeadline = 0;
  failBattery = 0;
  failTimeout = 0;
  failBoth = 0;
  offloaded = 0;
  local = 0;
  sumBeta = 0;
  wait = 0;
  nominal = 0;
  charged = 0;
  failGreedyWouldSucceed = 0;
  constructor(private readonly communities: number, private readonly rewardScale: number) {}
  add(ms: readonly CommunityStepMetrics[]): void {
    for (const m of ms) {
      this.reward += m.reward / this.rewardScale;
      this.decided += m.decided;
      this.successes += m.successes;
      this.failDeadline += m.failDeadline;
      this.failBattery += m.failBattery;
      this.failTimeout += m.failTimeout;
      this.failBoth += m.failBoth;
      this.offloaded += m.offloaded;
      this.local += m.local;
      this.sumBeta += m.sumBeta;
      this.wait += m.sumWaitS;
      this.nominal += m.sumNominalEnergyJ;
      this.charged += m.sumChargedEnergyJ;
    }
  }
  /** Adds another pool's sums (same communities and reward scale). */
  merge(o: Pool): void {
    for (const k of Pool.SUMS) this[k] += o[k];
  }
  private static readonly SUMS = ['epochs', 'reward', 'decided', 'successes', 'failDeadline', 'failBattery', 'failTimeout', 'failBoth', 'offloaded', 'local', 'sumBeta', 'wait', 'nominal', 'charged', 'failGreedyWouldSucceed'] as const;
  values(energyMetric: 'nominal' | 'charged'): Record<string, number> {
    const d = this.decided > 0 ? this.decided : NaN;
    const started = this.offloaded + this.local;
    const v: Record<string, number> = {
      reward: this.reward / (this.epochs * this.communities),
      successRate: this.successes / d,
      energyNominal: this.nominal / d,
      energyCharged: this.charged / d,
      waitS: this.wait / d,
      failDeadlineRate: this.failDeadline / d,
      failBatteryRate: this.failBattery / d,
      failTimeoutRate: this.failTimeout / d,
      failBothRate: this.failBoth / d,
      offloadFraction: started > 0 ? this.offloaded / started : 0,
      meanBeta: this.offloaded > 0 ? this.sumBeta / this.offloaded : 0,
      failGreedyWouldSucceedRate: this.failGreedyWouldSucceed / d,
      tasksPerEpoch: this.decided / (this.epochs * this.communities),
    };
    v['energy'] = energyMetric === 'nominal' ? v['energyNominal']! : v['energyCharged']!;
    return v;
  }
}

/** A community's learner, as the driver loop sees it. */
export interface CommunityLearner {
  /** Exploring action into the buffer format (tanh vector, or DQN indices as numbers). */
  explore(obs: Float64Array, step: number, warm: boolean): Float64Array;
  /** Deterministic action (same format). */
  greedy(obs: Float64Array): Float64Array;
  update(batch: ReturnType<TransitionBuffer['sample']>): { td: number; proxCritic: number; proxActor: number };
  /** The deterministic policy as a portable policy actor (lib/rl/policyFile.ts). */
  policyActor(id: string): PolicyActor;
  getState(): StateValue;
  setState(s: StateValue): void;
}

/** Everything a learner job keeps between epochs (saved in checkpoints). */
export interface FedState {
  rounds: number;
  lambdas: AdaptiveLambdaState[];
  anchors: { actor: Float64Array; critic1: Float64Array; critic2: Float64Array } | null;
  lossSum: number[];
  lossCount: number[];
  uploadScalars: number;
  downloadScalars: number;
  totalBytes: number;
  uploadScalarsPerRound: number;
  downloadScalarsPerRound: number;
}

function toDecision(u: ArrayLike<number>, n: number): CommunityDecision {
  const offload = new Uint8Array(n), w = new Float64Array(n).fill(1);
  for (let j = 0; j < n; j++) {
    const k = u[j] as number;
    offload[j] = k > 0 ? 1 : 0;
    w[j] = k > 0 ? k : 1;
  }
  return { offload, wRaw: w, betaRaw: w.slice() };
}

function buildLearners(c: SmartCommunityExperimentConfig, method: LearnerId, seed: number, env: SmartCommunityEnv, fed: FedState): { learners: CommunityLearner[]; td3s: Td3[] } {
  const m = env.dims.numCommunities, n = env.dims.devices, obsDim = env.dims.obsDim, actDim = env.dims.actDim, t = c.train;
  const learners: CommunityLearner[] = [], td3s: Td3[] = [];
  for (let i = 0; i < m; i++) {
    const rng = deriveStream(seed, 'explore', i);
    const noisy = (mu: Float64Array): Float64Array => {
      for (let k = 0; k < mu.length; k++) {
        const e = Math.min(t.noiseClip, Math.max(-t.noiseClip, normal(rng, 0, t.sigma1)));
        const v = mu[k]! + e;
        mu[k] = v < -1 ? -1 : v > 1 ? 1 : v;
      }
      return mu;
    };
    const random = (): Float64Array => Float64Array.from({ length: actDim }, () => uniform(rng, -1, 1));
    // Checkpoint state of a learner: its agent's state and its exploration stream.
    const persist = (agent: { getState(): unknown; setState(s: never): void }): Pick<CommunityLearner, 'getState' | 'setState'> => ({
      getState: () => ({ agent: agent.getState() as StateValue, rng: rng.getState() as unknown as StateValue }),
      setState: (s) => {
        const o = s as unknown as { agent: never; rng: RngState };
        agent.setState(o.agent);
        rng.setState(o.rng);
      },
    });
    const common = { obsDim, actionDim: actDim, hiddenSizes: t.hidden, activation: 'relu' as const, actorOutput: 'tanh' as const, actorLr: t.lr, criticLr: t.lr, gamma: t.gamma, tau: t.rho };
    if (method === 'dqn') {
      const steps = Math.max(1, Math.round(c.dqn.epsilonFraction * trainingSteps(c)));
      const q = new Dqn({ obsDim, nvec: new Array<number>(n).fill(DQN_OPTIONS), hiddenSizes: t.hidden, lr: t.lr, gamma: t.gamma, targetUpdateInterval: c.dqn.targetSync, tau: 1, epsilonStart: 1, epsilonEnd: c.dqn.epsilonEnd, epsilonSteps: steps }, deriveStream(seed, 'init', i));
      learners.push({
        explore: (obs, step) => Float64Array.from(q.act(obs, { rng, step })),
        greedy: (obs) => Float64Array.from(q.act(obs)),
        update: (b) => ({ td: q.update(b).loss, proxCritic: 0, proxActor: 0 }),
        policyActor: (id) => dqnPolicyActor(q, { id }),
        ...persist(q),
      });
      continue;
    }
    if (method === 'ddpg') {
      const d = new Ddpg({ ...common, criticWeightDecay: 0 }, deriveStream(seed, 'init', i));
      learners.push({
        explore: (obs, _s, warm) => (warm ? random() : noisy(d.act(obs))),
        greedy: (obs) => d.act(obs),
        update: (b) => ({ td: d.update(b).criticLoss, proxCritic: 0, proxActor: 0 }),
        policyActor: (id) => actorCriticPolicyActor(d, { id }),
        ...persist(d),
      });
      continue;
    }
    const td3 = new Td3({ ...common, nCritics: 2, targetNoise: t.sigma2, targetNoiseClip: t.noiseClip, policyDelay: t.actorDelay }, deriveStream(seed, 'init', i), deriveStream(seed, 'target-noise', i));
    if (method === 'pfr-oa') {
      const lam = (): number => (fed.anchors === null ? 0 : fed.lambdas[i]!.lambda);
      td3.lossHook = {
        critic: (z, p, g) => {
          const a = fed.anchors;
          if (a === null || lam() === 0) return 0;
          const anchor = z === 0 ? a.critic1 : a.critic2;
          addProximalGradient(g, p, anchor, lam());
          return proximalTerm(p, anchor, lam());
        },
        actor: (p, g) => {
          const a = fed.anchors;
          if (a === null || lam() === 0) return 0;
          addProximalGradient(g, p, a.actor, lam());
          return proximalTerm(p, a.actor, lam());
        },
      };
    }
    td3s.push(td3);
    learners.push({
      explore: (obs, _s, warm) => (warm ? random() : noisy(td3.act(obs))),
      greedy: (obs) => td3.act(obs),
      update: (b) => {
        const s = td3.update(b);
        return { td: s.criticLoss, proxCritic: s.criticExtraLoss ?? 0, proxActor: s.actorExtraLoss ?? 0 };
      },
      policyActor: (id) => actorCriticPolicyActor(td3, { id }),
      ...persist(td3),
    });
  }
  return { learners, td3s };
}

/** A community's online groups as a federated round sees them (modules in process, flat copies across processes). */
export interface FedModels { readonly actor: ParamsLike; readonly critic1: ParamsLike; readonly critic2: ParamsLike }

/** The online groups of a community's TD3 (its modules: a round writes the personalised update into them). */
export function fedModelsOf(td3: Td3): FedModels {
  return { actor: td3.actor, critic1: td3.critics[0]!, critic2: td3.critics[1]! };
}

/** θ_f of a round: the participants' averages per online group (the pfr-oa anchors). */
export type FedAggregate = { readonly actor: Float64Array; readonly critic1: Float64Array; readonly critic2: Float64Array };

/**
 * One federated round (spec §4.2) for pfr-oa / mcf-td3: selection, aggregation and the
 * personalised (pfr-oa: soft f_q; mcf-td3: replace) update written into `models`, λ_i, accounting.
 * Returns the row fields and θ_f; across processes `models` are uploaded copies and each client
 * applies θ_f to its own modules with {@link applyFederatedModel} (the same arithmetic).
 */
export function federate(c: SmartCommunityExperimentConfig, method: 'pfr-oa' | 'mcf-td3', seed: number, models: readonly FedModels[], fed: FedState): { info: Record<string, number>; aggregate: FedAggregate } {
  const f = c.federated, m = models.length;
  const losses = fed.lossCount.map((k, i) => (k > 0 ? fed.lossSum[i]! / k : null));
  const clients = models.map((online) => ({ online: { actor: online.actor, critic1: online.critic1, critic2: online.critic2 } }));
  let participants: number[];
  let r;
  if (method === 'pfr-oa') {
    const known = losses.every((x) => x !== null) ? (losses as number[]) : null;
    participants = partialGreedySelect(deriveStream(seed, 'clients', fed.rounds), known, { count: f.participants, epsilon: f.epsilon, greedyPick: f.greedyPick }, m);
    r = federatedRound(clients, { participants }, { broadcast: fedBroadcast(c, method), uploadFrom: 'all', bytesPerScalar: f.bytesPerScalar });
    fed.anchors = { actor: r.online['actor']!, critic1: r.online['critic1']!, critic2: r.online['critic2']! };
    const lc = { initial: f.lambdaInitial, factor: f.lambdaFactor, min: f.lambdaMin, max: f.lambdaMax };
    fed.lambdas = fed.lambdas.map((s, i) => (f.proxLambdaMode === 'adaptive' ? adaptLambda(s, losses[i]!, lc) : { lambda: f.lambdaFixed, previousLoss: losses[i] ?? s.previousLoss }));
  } else {
    participants = models.map((_, i) => i);
    r = federatedRound(clients, {}, { broadcast: fedBroadcast(c, method), bytesPerScalar: f.bytesPerScalar });
  }
  fed.rounds++;
  fed.uploadScalars += r.communication.uploadScalars;
  fed.downloadScalars += r.communication.downloadScalars;
  fed.totalBytes += r.communication.totalBytes;
  fed.uploadScalarsPerRound = r.communication.uploadScalars;
  fed.downloadScalarsPerRound = r.communication.downloadScalars;
  fed.lossSum = fed.lossSum.map(() => 0);
  fed.lossCount = fed.lossCount.map(() => 0);
  const out: Record<string, number> = { round: fed.rounds };
  participants.forEach((p, k) => (out[`participant.${k}`] = p));
  return { info: out, aggregate: { actor: r.online['actor']!, critic1: r.online['critic1']!, critic2: r.online['critic2']! } };
}

function fedBroadcast(c: SmartCommunityExperimentConfig, method: 'pfr-oa' | 'mcf-td3'): BroadcastOptions {
  return method === 'pfr-oa' ? { mode: 'soft', rate: c.federated.fq } : { mode: 'replace' };
}

/** A client's half of a round: θ_f written into its own TD3 as `federate` writes it into every module in process. */
export function applyFederatedModel(c: SmartCommunityExperimentConfig, method: 'pfr-oa' | 'mcf-td3', td3: Td3, aggregate: FedAggregate): void {
  const own = fedModelsOf(td3), b = fedBroadcast(c, method);
  for (const k of ['actor', 'critic1', 'critic2'] as const) broadcast(aggregate[k], [own[k]], b);
}

/** How the evaluation acts: tanh actions, DQN indices, or baseline decisions. */
export type EvalPolicy =
  | { readonly kind: 'actions'; act(i: number, obs: Float64Array): Float64Array }
  | { readonly kind: 'decisions'; decide(env: SmartCommunityEnv, i: number, obs: Float64Array): CommunityDecision };

/** The reset seeds of the evaluation epochs of `seed` (the same for every method). */
export function evalEpisodeSeeds(seed: number, episodes: number): number[] {
  const s = deriveStream(seed, 'eval');
  return Array.from({ length: episodes }, () => integer(s, 0, 2 ** 31));
}

/** Runs the evaluation epochs; emits one row per epoch; returns the pooled metrics. */
export function runEvaluation(c: SmartCommunityExperimentConfig, method: string, seed: number, policy: EvalPolicy, episodes: number, emit: (row: MetricRow) => void): Record<string, number> {
  const env = makeEnv(c, seed);
  const ids = env.possibleAgents, m = ids.length;
  const total = new Pool(m, c.env.rewardScale);
  const counterfactual = c.eval.greedyCounterfactual && isLearner(method);
  evalEpisodeSeeds(seed, episodes).forEach((s, e) => {
    const ep = new Pool(m, c.env.rewardScale);
    let obs = env.reset({ seed: s }).obs;
    while (env.agents.length > 0) {
      const cf = counterfactual ? ids.map((_, i) => env.counterfactual(i, greedyDecision(env.subSlotInput(i), c.env.capacitance))) : null;
      const r = policy.kind === 'actions'
        ? env.step(agentRecord(ids, (a, i) => policy.act(i, obs[a]!)))
        : env.stepDecisions(ids.map((a, i) => policy.decide(env, i, obs[a]!)));
      if (cf !== null) {
        env.lastOutcomes.forEach((outs, i) => {
          for (const o of outs) if (!o.success && cf[i]!.some((g) => g.device === o.device && g.success)) ep.failGreedyWouldSucceed++;
        });
      }
      ep.add(env.lastStepMetrics!);
      obs = r.obs;
    }
    ep.epochs = 1;
    emit({ method, seed, phase: 'eval', episode: e, values: ep.values(c.env.energyMetric) });
    total.merge(ep);
  });
  return total.values(c.env.energyMetric);
}

function baselinePolicy(method: 'greedy' | 'edge' | 'local', c: SmartCommunityExperimentConfig): EvalPolicy {
  return {
    kind: 'decisions',
    decide: (env, i) => (method === 'local' ? localDecision(env.dims.devices) : method === 'edge' ? edgeDecision(env.dims.devices) : greedyDecision(env.subSlotInput(i), c.env.capacitance)),
  };
}

function learnerPolicy(method: LearnerId, learners: readonly CommunityLearner[], n: number): EvalPolicy {
  if (method === 'dqn') return { kind: 'decisions', decide: (_env, i, obs) => toDecision(learners[i]!.greedy(obs), n) };
  return { kind: 'actions', act: (i, obs) => learners[i]!.greedy(obs) };
}

/** Saved policy: each community's learner state (actor or Q-network), in community order. */
export interface SmartCommunityPolicy {
  readonly method: string;
  readonly learners: readonly StateValue[];
}

/** The training sums of the driver loop: this epoch's (reset every epoch) and the whole run's. */
export interface ProxSums { td: number; critic: number; actor: number; updates: number; tdAll: number; criticAll: number; actorAll: number; updatesAll: number }

/** A community's learner with its replay buffer and mini-batch stream. */
export interface CommunitySlot { readonly learner: CommunityLearner; readonly buffer: TransitionBuffer; readonly replay: Rng }

/** What one community's sub-slot adds to the sums: its gradient step's losses, or null (no step). */
export type StepUpdate = { readonly td: number; readonly proxCritic: number; readonly proxActor: number } | null;

/** The fresh federated state of `m` communities. */
export function initialFedState(m: number): FedState {
  return {
    rounds: 0, lambdas: new Array(m).fill(INITIAL_LAMBDA_STATE), anchors: null, lossSum: new Array(m).fill(0), lossCount: new Array(m).fill(0),
    uploadScalars: 0, downloadScalars: 0, totalBytes: 0, uploadScalarsPerRound: 0, downloadScalarsPerRound: 0,
  };
}

/**
 * Each community's slot (learners built by buildLearners, replay buffers, (seed, 'replay', i)
 * streams); with `only`, the other communities' slots are null (a client process of one community).
 */
export function buildSlots(c: SmartCommunityExperimentConfig, method: LearnerId, seed: number, env: SmartCommunityEnv, fed: FedState): { slots: CommunitySlot[]; td3s: Td3[] };
export function buildSlots(c: SmartCommunityExperimentConfig, method: LearnerId, seed: number, env: SmartCommunityEnv, fed: FedState, only: number): { slots: (CommunitySlot | null)[]; td3s: Td3[] };
export function buildSlots(c: SmartCommunityExperimentConfig, method: LearnerId, seed: number, env: SmartCommunityEnv, fed: FedState, only?: number): { slots: (CommunitySlot | null)[]; td3s: Td3[] } {
  const { learners, td3s } = buildLearners(c, method, seed, env, fed);
  const actWidth = method === 'dqn' ? env.dims.devices : env.dims.actDim;
  const slots = learners.map((learner, i) => (only !== undefined && i !== only ? null : {
    learner,
    buffer: new TransitionBuffer({ capacity: c.train.bufferSize, obsDim: env.dims.obsDim, actionDim: actWidth }),
    replay: deriveStream(seed, 'replay', i),
  }));
  return { slots, td3s };
}

/** The seed of the training env's first reset (it then continues its own generator). */
export const trainEnvSeedOf = (seed: number): number => integer(deriveStream(seed, 'train-env'), 0, 2 ** 31);

/**
 * One training epoch of the driver loop on `env` (reset with `resetSeed` at epoch 0): per sub-slot
 * every community with a slot acts (exploring), stores its transition and takes one gradient step
 * once the warm-up is over and its buffer holds a batch; `onStep(metrics, updates)` after each
 * sub-slot (per community, in community order). A community without a slot (null) acts with the
 * zero action and learns nothing: the communities do not interact (the env's random draws do not
 * depend on actions, and community i's queues, batteries and reservations depend only on its own
 * decisions), so a process holding one community's slot reproduces that community's sub-slots,
 * and its learner's, bit for bit. Returns the step count after the epoch.
 */
export function trainEpoch(env: SmartCommunityEnv, slots: readonly (CommunitySlot | null)[], method: LearnerId, t: SmartCommunityExperimentConfig['train'], stepIn: number, resetSeed: number | undefined,
  onStep: (metrics: readonly CommunityStepMetrics[], updates: readonly StepUpdate[]) => void): number {
  const ids = env.possibleAgents, n = env.dims.devices;
  const idle = new Float64Array(method === 'dqn' ? n : env.dims.actDim);
  let step = stepIn;
  let obs = env.reset(resetSeed !== undefined ? { seed: resetSeed } : {}).obs;
  while (env.agents.length > 0) {
    const warm = step < t.warmupSteps;
    const acts = ids.map((a, i) => slots[i]?.learner.explore(obs[a]!, step, warm) ?? idle);
    const r = method === 'dqn' ? env.stepDecisions(acts.map((u) => toDecision(u, n))) : env.step(agentRecord(ids, (_, i) => acts[i]!));
    step++;
    ids.forEach((a, i) => slots[i]?.buffer.addTransition(obs[a]!, acts[i]!, r.rewards[a]!, r.obs[a]!, false, r.truncations[a]!));
    const updates = slots.map((sl): StepUpdate => {
      if (sl === null || step <= t.warmupSteps || sl.buffer.size < t.batchSize) return null;
      return sl.learner.update(sl.buffer.sample(t.batchSize, sl.replay));
    });
    onStep(env.lastStepMetrics!, updates);
    obs = r.obs;
  }
  return step;
}

/** Adds one sub-slot to the sums, in the order of the in-process loop (updates in community order, then the pooled metrics). */
export function addStep(prox: ProxSums, fed: FedState, pool: Pool, metrics: readonly CommunityStepMetrics[], updates: readonly StepUpdate[]): void {
  updates.forEach((u, i) => {
    if (u === null) return;
    fed.lossSum[i]! += u.td;
    fed.lossCount[i]! += 1;
    prox.td += u.td;
    prox.critic += u.proxCritic;
    prox.actor += u.proxActor;
    prox.updates++;
  });
  pool.add(metrics);
}

/** Closes an epoch: run sums, its train row and progress. */
export function emitTrainEpoch(c: SmartCommunityExperimentConfig, method: string, seed: number, ctx: Pick<JobContext, 'emit' | 'progress'>, epoch: number, step: number, pool: Pool, prox: ProxSums, fed: FedState, roundInfo: Record<string, number>, trainRewards: number[]): void {
  const m = fed.lambdas.length;
  pool.epochs = 1;
  prox.tdAll += prox.td;
  prox.criticAll += prox.critic;
  prox.actorAll += prox.actor;
  prox.updatesAll += prox.updates;
  const v = pool.values(c.env.energyMetric);
  trainRewards.push(v['reward']!);
  const u = prox.updates > 0 ? prox.updates : NaN;
  const lambdaMean = fed.anchors === null ? 0 : fed.lambdas.reduce((s, x) => s + x.lambda, 0) / m;
  ctx.emit({
    method, seed, phase: 'train', episode: epoch,
    values: { ...v, step, tdLoss: prox.td / u, proxCritic: prox.critic / u, proxActor: prox.actor / u, proxShare: (prox.critic + prox.actor) / (prox.td + prox.critic + prox.actor), lambdaMean, ...roundInfo },
  });
  ctx.progress({ episode: epoch + 1, episodes: c.train.epochs, reward: v['reward']! });
}

/** After training: the evaluation, the job's metrics and its policies. */
export function finishLearnerJob(c: SmartCommunityExperimentConfig, method: LearnerId, seed: number, ctx: Pick<JobContext, 'emit'>, env: SmartCommunityEnv, learners: readonly CommunityLearner[], prox: ProxSums, fed: FedState, trainRewards: readonly number[], step: number): JobResult {
  const metrics = runEvaluation(c, method, seed, learnerPolicy(method, learners, env.dims.devices), c.eval.episodes, (r) => ctx.emit(r));
  const ua = prox.updatesAll > 0 ? prox.updatesAll : NaN;
  Object.assign(metrics, {
    [convergenceMetric('reward')]: convergenceEpisode(trainRewards),
    trainRewardLast: trainRewards[trainRewards.length - 1]!,
    tdLossMean: prox.tdAll / ua,
    proxCriticMean: prox.criticAll / ua,
    proxActorMean: prox.actorAll / ua,
    proxShare: (prox.criticAll + prox.actorAll) / (prox.tdAll + prox.criticAll + prox.actorAll),
    trainSteps: step,
  });
  if (method === 'pfr-oa' || method === 'mcf-td3') {
    Object.assign(metrics, {
      fedRounds: fed.rounds, fedUploadScalarsPerRound: fed.uploadScalarsPerRound, fedDownloadScalarsPerRound: fed.downloadScalarsPerRound,
      totalSignallingScalars: fed.uploadScalars + fed.downloadScalars, totalSignallingBytes: fed.totalBytes,
    });
  }
  const policy: SmartCommunityPolicy = { method, learners: learners.map((l) => l.getState()) };
  return { method, seed, metrics, interrupted: false, policy: policy as unknown as StateValue, portablePolicy: portableSmartCommunityPolicy(env, method, seed, learners) };
}

export const initialProxSums = (): ProxSums => ({ td: 0, critic: 0, actor: 0, updates: 0, tdAll: 0, criticAll: 0, actorAll: 0, updatesAll: 0 });

/** Trains (learners) and evaluates one method on one seed. See the file header. */
export function runSmartCommunityJob(c: SmartCommunityExperimentConfig, methodIn: string, seed: number, ctx: JobContext): JobResult {
  const method = checkMethod('smart-community.runJob', methodIn);
  if (!isLearner(method)) {
    const metrics = runEvaluation(c, method, seed, baselinePolicy(method, c), c.eval.episodes, (r) => ctx.emit(r));
    ctx.progress({ episode: 1, episodes: 1 });
    return { method, seed, metrics, interrupted: false };
  }
  const env = makeEnv(c, seed);
  const m = env.dims.numCommunities, t = c.train;
  const fed = initialFedState(m);
  const { slots, td3s } = buildSlots(c, method, seed, env, fed);
  const learners = slots.map((s) => s.learner), buffers = slots.map((s) => s.buffer), replay = slots.map((s) => s.replay);
  let epoch = 0, step = 0;
  const trainRewards: number[] = [];
  const prox = initialProxSums();

  const getState = (): StateValue => ({
    epoch, step, trainRewards: [...trainRewards], env: env.getState() as unknown as StateValue,
    learners: learners.map((l) => l.getState()), buffers: buffers.map((b) => b.getState() as unknown as StateValue),
    replay: replay.map((r) => r.getState() as unknown as StateValue), fed: JSON.parse(JSON.stringify({ ...fed, anchors: null })) as StateValue,
    anchors: fed.anchors === null ? null : { actor: fed.anchors.actor, critic1: fed.anchors.critic1, critic2: fed.anchors.critic2 },
    prox: { ...prox },
  });
  if (ctx.resumeFrom !== null) {
    const s = ctx.resumeFrom as unknown as {
      epoch: number; step: number; trainRewards: number[]; env: never; learners: StateValue[]; buffers: never[]; replay: RngState[];
      fed: FedState; anchors: FedState['anchors']; prox: ProxSums;
    };
    epoch = s.epoch;
    step = s.step;
    trainRewards.push(...s.trainRewards);
    env.setState(s.env);
    learners.forEach((l, i) => l.setState(s.learners[i]!));
    buffers.forEach((b, i) => b.setState(s.buffers[i]!));
    replay.forEach((r, i) => r.setState(s.replay[i]!));
    Object.assign(fed, s.fed, { anchors: s.anchors });
    Object.assign(prox, s.prox);
  }
  const trainEnvSeed = trainEnvSeedOf(seed);
  const federated = method === 'pfr-oa' || method === 'mcf-td3';
  let interrupted = false;
  while (epoch < t.epochs) {
    let roundInfo: Record<string, number> = {};
    if (federated && epoch % c.federated.period === 0) roundInfo = federate(c, method, seed, td3s.map(fedModelsOf), fed).info;
    const pool = new Pool(m, c.env.rewardScale);
    Object.assign(prox, { td: 0, critic: 0, actor: 0, updates: 0 });
    step = trainEpoch(env, slots, method, t, step, epoch === 0 ? trainEnvSeed : undefined, (metrics, updates) => addStep(prox, fed, pool, metrics, updates));
    emitTrainEpoch(c, method, seed, ctx, epoch, step, pool, prox, fed, roundInfo, trainRewards);
    epoch++;
    const done = epoch >= t.epochs;
    if (!done && ctx.shouldStop()) {
      ctx.saveCheckpoint(getState(), epoch);
      interrupted = true;
      break;
    }
    if (!done && ctx.checkpointEvery > 0 && epoch % ctx.checkpointEvery === 0) ctx.saveCheckpoint(getState(), epoch);
  }
  if (interrupted) return { method, seed, metrics: {}, interrupted: true };
  return finishLearnerJob(c, method, seed, ctx, env, learners, prox, fed, trainRewards, step);
}

/**
 * The portable policy file of trained learners (lib/rl/policyFile.ts), actor i for `community_i`,
 * on the env's raw observation. pfr-oa, mcf-td3, td3, ddpg: the tanh actor's output is the env's
 * action itself — the action space is the Box [−1, 1]^{3n}, the tanh range, so the decoding is
 * 'continuous' without low/high (mapping [−1, 1] onto [−1, 1] through `toEnvAction` would round
 * the action, and the policy would no longer act bit for bit as trained; `metadata.actionLow/High`
 * record the Box). dqn: per ED the argmax of its branch, k ∈ {0, 1, 2, 3} (0 local, k ≥ 1 offload
 * with raw weight k; `env.stepDecisions`, see `metadata.decisions`).
 */
function portableSmartCommunityPolicy(env: SmartCommunityEnv, method: LearnerId, seed: number, learners: readonly CommunityLearner[]): string {
  const ids = env.possibleAgents, space = env.actionSpace(ids[0]!) as Box;
  const action: Record<string, JsonValue> = method === 'dqn'
    ? { decisions: 'per ED j the option k = act[j]: offload = k > 0, wRaw = betaRaw = (k > 0 ? k : 1); env.stepDecisions' }
    : { actionLow: Array.from(space.low), actionHigh: Array.from(space.high) };
  return savePolicy({
    actors: learners.map((l, i) => l.policyActor(ids[i]!)),
    metadata: { env: env.id, experiment: 'smart-community', method, seed, ...action, envConfig: JSON.parse(JSON.stringify(env.config)) as JsonValue },
  });
}

/** Re-evaluates a saved policy (or a baseline) on `episodes` evaluation epochs. */
export function evaluateSmartCommunityPolicy(c: SmartCommunityExperimentConfig, methodIn: string, seed: number, policy: StateValue | undefined, episodes: number, emit: (row: MetricRow) => void): Record<string, number> {
  const method = checkMethod('smart-community.evaluatePolicy', methodIn);
  if (!isLearner(method)) return runEvaluation(c, method, seed, baselinePolicy(method, c), episodes, emit);
  return runEvaluation(c, method, seed, learnerPolicy(method, restoreLearners(c, method, seed, policy), c.env.devicesPerCommunity), episodes, emit);
}

/** The deterministic action of community i's learner restored from a saved policy (tanh vector, or DQN option indices). */
export function restoreSmartCommunityGreedy(c: SmartCommunityExperimentConfig, method: LearnerId, seed: number, policy: StateValue | undefined): (i: number, obs: Float64Array) => Float64Array {
  const learners = restoreLearners(c, method, seed, policy);
  return (i, obs) => learners[i]!.greedy(obs);
}

function restoreLearners(c: SmartCommunityExperimentConfig, method: LearnerId, seed: number, policy: StateValue | undefined): CommunityLearner[] {
  const env = makeEnv(c, seed);
  const fed: FedState = { rounds: 0, lambdas: [], anchors: null, lossSum: [], lossCount: [], uploadScalars: 0, downloadScalars: 0, totalBytes: 0, uploadScalarsPerRound: 0, downloadScalarsPerRound: 0 };
  const { learners } = buildLearners(c, method, seed, env, fed);
  const p = policy as unknown as SmartCommunityPolicy | undefined;
  const owner = 'smart-community.evaluatePolicy';
  if (typeof p !== 'object' || p === null || !Array.isArray(p.learners) || p.learners.length !== learners.length) {
    throw new TypeError(`${owner}: policy must be { method, learners } with ${learners.length} learner states (one per community), as saved by runJob`);
  }
  if (p.method !== method) throw new RangeError(`${owner}: the policy was trained by '${String(p.method)}', not '${method}'`);
  learners.forEach((l, i) => l.setState(p.learners[i]!));
  return learners;
}

