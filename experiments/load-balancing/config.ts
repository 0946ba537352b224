// The experiment config of paper 2 (spec 02): the env settings, the MADDPG hyperparameters of §4.1,
// the DQN settings of §4.2, the network-input scaling of the reviewer note, the reference policies
// and the evaluation, each with the spec's value or [R] resolution as its default.
// `resolveLoadBalancingExperimentConfig` deep-merges a nested partial over the defaults and validates
// every field; errors are `ConfigError`s naming the dotted path and the allowed range.

import { LOAD_BALANCING_DEFAULTS, resolveLoadBalancingConfig, type LoadBalancingConfig } from '../../lib/env/load-balancing/index.js';
import { badConfigValue, configBool, configInt, configNullOr, configNum, configOneOf, ConfigError, mergeConfig } from '../common/config.js';
import { pow } from '../../lib/math/index.js';

/** The env part: every env field except the per-job `seed`. */
export type LoadBalancingEnvSettings = Omit<LoadBalancingConfig, 'seed'>;

/** MADDPG (DTOMALB, DTOMA) and the shared loop settings (spec §4.1). */
export interface TrainSettings {
  /** Training episodes per learner and seed. Spec [R] 2000. */
  readonly episodes: number;
  /** Mini-batch. Spec 256. */
  readonly batchSize: number;
  /** Replay capacity in joint transitions. Spec 1e5. */
  readonly bufferSize: number;
  /** Env steps of uniform-random actions before the first update. Spec 1000. */
  readonly warmupSteps: number;
  /** Gradient steps every this many env steps. Spec 1. */
  readonly updateEvery: number;
  readonly gamma: number;
  /** Polyak rate of MADDPG's targets. Spec 0.01. */
  readonly tau: number;
  readonly actorLr: number;
  readonly criticLr: number;
  /** Hidden widths (ReLU) of actors, critics and DQN torsos. Spec [64, 64]. */
  readonly hidden: readonly number[];
  /** Gumbel-Softmax temperature τ_g. Spec 1. */
  readonly gumbelTemperature: number;
  /** Global-norm gradient clip of MADDPG's networks, or null. Spec 0.5. */
  readonly maxGradNorm: number | null;
  /** [R] reviewer note: actor-loss term c·mean(logits²) (the MADDPG reference's 1e−3); 0 disables. */
  readonly logitReg: number;
  /** [R] spec §4.1: critic-target actions onehot(argmax μ') ('argmax', default) or a Gumbel sample ('gumbel'). */
  readonly targetAction: 'argmax' | 'gumbel';
}

/** DQN-TOLB and IDQL-TOLB (spec §4.2). Loop settings (batch, buffer, warm-up) are `train`'s. */
export interface DqnSettings {
  readonly lr: number;
  /** ε goes linearly from epsilonStart to epsilonEnd over this fraction of the training steps. Spec 1 → 0.05 over 0.5. */
  readonly epsilonStart: number;
  readonly epsilonEnd: number;
  readonly epsilonFraction: number;
  /** Hard target sync every this many gradient steps. Spec 500. */
  readonly targetSync: number;
  /** Huber δ. Default 1. */
  readonly huberDelta: number;
  /** Double-DQN target per head (spec §4.2). Default true. */
  readonly double: boolean;
  /** Global-norm clip, or null (spec: none). */
  readonly maxGradNorm: number | null;
  /** Centralised DQN (spec §4.2 / issue 14): 'branching' (default, every N), 'joint' (needs (M+1)^N <= 4096), 'auto' (joint when it fits). */
  readonly centralized: 'branching' | 'joint' | 'auto';
}

/** Network-input scaling (reviewer note): applied by the experiment to what the networks see, never to the env. */
export interface InputSettings {
  /** χ is divided by this, s. Default 1. */
  readonly loadScaleS: number;
  /** Clip of the scaled χ, or null (default: no clipping, floods stay visible). */
  readonly loadClip: number | null;
  /** `extended`: log10 g ↦ (log10 g + gainOffset)/gainScale. Defaults 11, 2. */
  readonly gainOffset: number;
  readonly gainScale: number;
}

export interface BaselineSettings {
  /** least-loaded compares (Q + assigned + own C)/f instead of (Q + assigned)/f. Default false (the wording). */
  readonly leastLoadedCountsOwnTask: boolean;
}

export interface EvalSettings {
  /** Evaluation episodes per job (reset seeds from the (seed, 'eval') stream, the same for every method). Default 10. */
  readonly episodes: number;
}

export interface LoadBalancingExperimentConfig {
  readonly env: LoadBalancingEnvSettings;
  readonly train: TrainSettings;
  readonly dqn: DqnSettings;
  readonly inputs: InputSettings;
  readonly baselines: BaselineSettings;
  readonly eval: EvalSettings;
}

/** The delay cap of the claims' metrics (resolution 1): `delayCapped10`, `utilityCapped10`. */
export const CLAIM_DELAY_CAP_S = 10;

const { seed: _seed, ...ENV_REST } = LOAD_BALANCING_DEFAULTS;

const DEFAULT_TREE = {
  env: { ...ENV_REST, rewardDelayCapS: null as number | null },
  train: {
    episodes: 2000, batchSize: 256, bufferSize: 100_000, warmupSteps: 1000, updateEvery: 1, gamma: 0.95, tau: 0.01, actorLr: 1e-3, criticLr: 1e-3,
    hidden: [64, 64] as readonly number[], gumbelTemperature: 1, maxGradNorm: 0.5 as number | null, logitReg: 1e-3, targetAction: 'argmax' as 'argmax' | 'gumbel',
  },
  dqn: { lr: 1e-3, epsilonStart: 1, epsilonEnd: 0.05, epsilonFraction: 0.5, targetSync: 500, huberDelta: 1, double: true, maxGradNorm: null as number | null, centralized: 'branching' as 'branching' | 'joint' | 'auto' },
  inputs: { loadScaleS: 1, loadClip: null as number | null, gainOffset: 11, gainScale: 2 },
  baselines: { leastLoadedCountsOwnTask: false },
  eval: { episodes: 10 },
};

const bad = badConfigValue, int = configInt, num = configNum, oneOf = configOneOf, bool = configBool, nullOr = configNullOr;
const unit = (x: number): boolean => x >= 0 && x <= 1;
const pos = (x: number): boolean => x > 0;

function resolveEnv(env: Record<string, unknown>): LoadBalancingEnvSettings {
  try {
    const { seed: _s, ...rest } = resolveLoadBalancingConfig({ ...env, seed: 0 } as never);
    return Object.freeze(rest);
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err);
    throw new ConfigError(msg.replace(/^load-balancing: /, 'env.').replace(/unknown config field "([^"]+)"/, "unknown config key 'env.$1'"));
  }
}

/** The resolved config (see the file header). */
export function resolveLoadBalancingExperimentConfig(partial: Readonly<Record<string, unknown>> = {}): LoadBalancingExperimentConfig {
  const t = mergeConfig(DEFAULT_TREE, partial);
  const env = resolveEnv(t.env as unknown as Record<string, unknown>);
  const tr = t.train;
  const bufferSize = int('train.bufferSize', tr.bufferSize, 1, 2 ** 31 - 1);
  if (!Array.isArray(tr.hidden) || tr.hidden.length === 0) bad('train.hidden', 'a non-empty array of integers in [1, 65536]', tr.hidden);
  const train: TrainSettings = Object.freeze({
    episodes: int('train.episodes', tr.episodes, 1, 10_000_000),
    batchSize: int('train.batchSize', tr.batchSize, 1, bufferSize),
    bufferSize,
    warmupSteps: int('train.warmupSteps', tr.warmupSteps, 0, Number.MAX_SAFE_INTEGER),
    updateEvery: int('train.updateEvery', tr.updateEvery, 1, 1_000_000),
    gamma: num('train.gamma', tr.gamma, 'a finite number in [0, 1]', unit),
    tau: num('train.tau', tr.tau, 'a finite number in [0, 1]', unit),
    actorLr: num('train.actorLr', tr.actorLr, 'a finite number in (0, 1]', (x) => x > 0 && x <= 1),
    criticLr: num('train.criticLr', tr.criticLr, 'a finite number in (0, 1]', (x) => x > 0 && x <= 1),
    hidden: Object.freeze(tr.hidden.map((h, i) => int(`train.hidden[${i}]`, h, 1, 65536))),
    gumbelTemperature: num('train.gumbelTemperature', tr.gumbelTemperature, 'a finite number > 0', pos),
    maxGradNorm: nullOr('train.maxGradNorm', tr.maxGradNorm, 'a finite number > 0', pos),
    logitReg: num('train.logitReg', tr.logitReg, 'a finite number >= 0', (x) => x >= 0),
    targetAction: oneOf('train.targetAction', tr.targetAction, ['argmax', 'gumbel']),
  });
  const d = t.dqn;
  const dqn: DqnSettings = Object.freeze({
    lr: num('dqn.lr', d.lr, 'a finite number in (0, 1]', (x) => x > 0 && x <= 1),
    epsilonStart: num('dqn.epsilonStart', d.epsilonStart, 'a finite number in [0, 1]', unit),
    epsilonEnd: num('dqn.epsilonEnd', d.epsilonEnd, 'a finite number in [0, 1]', unit),
    epsilonFraction: num('dqn.epsilonFraction', d.epsilonFraction, 'a finite number in [0, 1]', unit),
    targetSync: int('dqn.targetSync', d.targetSync, 1, Number.MAX_SAFE_INTEGER),
    huberDelta: num('dqn.huberDelta', d.huberDelta, 'a finite number > 0', pos),
    double: bool('dqn.double', d.double),
    maxGradNorm: nullOr('dqn.maxGradNorm', d.maxGradNorm, 'a finite number > 0', pos),
    centralized: oneOf('dqn.centralized', d.centralized, ['branching', 'joint', 'auto']),
  });
  if (dqn.centralized === 'joint' && pow(env.numServers + 1, env.numUsers) > JOINT_LIMIT) {
    bad('dqn.centralized', `'branching' or 'auto' for (M + 1)^N = ${env.numServers + 1}^${env.numUsers} > ${JOINT_LIMIT} joint actions ('joint' needs (M + 1)^N <= ${JOINT_LIMIT})`, dqn.centralized);
  }
  const i = t.inputs;
  const inputs: InputSettings = Object.freeze({
    loadScaleS: num('inputs.loadScaleS', i.loadScaleS, 'a finite number > 0 (s)', pos),
    loadClip: nullOr('inputs.loadClip', i.loadClip, 'a finite number > 0', pos),
    gainOffset: num('inputs.gainOffset', i.gainOffset, 'a finite number', () => true),
    gainScale: num('inputs.gainScale', i.gainScale, 'a finite number > 0', pos),
  });
  const baselines: BaselineSettings = Object.freeze({ leastLoadedCountsOwnTask: bool('baselines.leastLoadedCountsOwnTask', t.baselines.leastLoadedCountsOwnTask) });
  const evalSettings: EvalSettings = Object.freeze({ episodes: int('eval.episodes', t.eval.episodes, 1, 1_000_000) });
  return Object.freeze({ env, train, dqn, inputs, baselines, eval: evalSettings });
}

/** Largest joint action space of the centralised DQN's 'joint' variant. */
export const JOINT_LIMIT = 4096;

/** Which centralised DQN runs: 'joint' or 'branching' ('auto' resolved). */
export function centralizedKind(c: LoadBalancingExperimentConfig): 'joint' | 'branching' {
  if (c.dqn.centralized !== 'auto') return c.dqn.centralized;
  return pow(c.env.numServers + 1, c.env.numUsers) <= JOINT_LIMIT ? 'joint' : 'branching';
}

/** Training env steps of a learner: episodes × episodeLength. */
export function trainingSteps(c: LoadBalancingExperimentConfig): number {
  return c.train.episodes * c.env.episodeLength;
}

/** The [R] values in force, for the report (dotted config paths, or `fixed.*`). */
export function loadBalancingResolutions(c: LoadBalancingExperimentConfig): Readonly<Record<string, unknown>> {
  const e = c.env;
  return {
    'env.serverCpu': e.serverCpu, 'env.localCpuRangeHz': e.localCpuRangeHz, 'env.taskSizeKB': e.taskSizeKB, 'env.noisePsdWPerHz': e.noisePsdWPerHz,
    'env.cellRadiusM': e.cellRadiusM, 'env.minDistanceM': e.minDistanceM, 'env.forwardRateBps': e.forwardRateBps, 'env.stepDurationS': e.stepDurationS,
    'env.omega1': e.omega1, 'env.omega2': e.omega2, 'env.bandwidthSplit': e.bandwidthSplit, 'env.queueModel': e.queueModel, 'env.obsMode': e.obsMode,
    'env.rewardDelayCapS': e.rewardDelayCapS, 'env.episodeLength': e.episodeLength, 'env.positionSampling': e.positionSampling, 'env.taskDrawOrder': e.taskDrawOrder,
    'train.episodes': c.train.episodes, 'train.warmupSteps': c.train.warmupSteps, 'train.batchSize': c.train.batchSize, 'train.logitReg': c.train.logitReg,
    'train.targetAction': c.train.targetAction, 'train.maxGradNorm': c.train.maxGradNorm,
    'dqn.centralized': c.dqn.centralized, 'dqn.centralizedRan': centralizedKind(c), 'dqn.epsilonFraction': c.dqn.epsilonFraction, 'dqn.targetSync': c.dqn.targetSync,
    'inputs.loadScaleS': c.inputs.loadScaleS, 'inputs.loadClip': c.inputs.loadClip, 'inputs.gainOffset': c.inputs.gainOffset, 'inputs.gainScale': c.inputs.gainScale,
    'baselines.leastLoadedCountsOwnTask': c.baselines.leastLoadedCountsOwnTask,
    'eval.episodes': c.eval.episodes,
    'fixed.claimMetric': `claims are judged on utilityCapped10 / delayCapped10 (each task's delay capped at ${CLAIM_DELAY_CAP_S} s, resolution 1); literal means are reported beside them`,
    'fixed.dtomaEvaluation': 'DTOMA trains with ω2 = 0 but every method is evaluated with env.omega2',
    'fixed.maddpgCritic': 'critics see all agents\' (scaled) observations concatenated (N copies of χ in paper mode) plus all one-hot actions',
    'fixed.maddpgClip': 'global norm (spec §4.1), xavier init, straight-through (hard) Gumbel-Softmax',
    'fixed.dqnTolbReward': '(1/N) Σ_n R_n',
    'fixed.warmup': 'uniform-random actions for train.warmupSteps steps, every learner',
    'fixed.evalSeeds': "episode e reset with the e-th integer of the (seed, 'eval') stream, the same for every method",
  };
}
