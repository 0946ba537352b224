// The experiment config of paper 5 (spec 05): the env settings (lib/env/smart-community, all its
// [R]s), the learners' hyperparameters of §4.1 (TD3/DDPG) and §4.3 (branching DQN), the personalised
// FL of §4.2 and the evaluation of §5, each with the paper's value or the spec's [R] as default.
// `resolveSmartCommunityExperimentConfig` deep-merges a nested partial over the defaults and
// validates every field; errors are `ConfigError`s naming the dotted path and the allowed range.

import { SMART_COMMUNITY_DEFAULTS, resolveSmartCommunityConfig, type SmartCommunityConfig } from '../../lib/env/smart-community/index.js';
import { ConfigError, checkInt, checkIntArray, checkNum, checkOneOf, envConfigError, mergeConfig } from '../common/config.js';

/** The env part: every env field except the per-job `seed` (the job's seed). */
export type SmartCommunityEnvSettings = Omit<SmartCommunityConfig, 'seed'>;

/** TD3 / DDPG settings (spec §4.1). τ in the paper is the learning rate, ρ the target rate. */
export interface ScTrainSettings {
  /** P, training epochs (episodes of H·T sub-slots). Spec [R] 2000. */
  readonly epochs: number;
  /** Hidden widths of actors and critics (ReLU). Spec [R] [128, 128]. */
  readonly hidden: readonly number[];
  /** τ, Adam learning rate of actor and critics. Paper 1e−4. */
  readonly lr: number;
  /** γ. Paper 0.995. */
  readonly gamma: number;
  /** N, batch size. Paper 256. */
  readonly batchSize: number;
  /** Replay capacity per community. Spec [R] 100 000. */
  readonly bufferSize: number;
  /** Uniform random env steps before learning. Spec [R] 1 000. */
  readonly warmupSteps: number;
  /** ρ, soft target rate. Paper 0.1. */
  readonly rho: number;
  /** f_a, actor update period in critic updates (A13 [R] unit 'step'). Paper 2. */
  readonly actorDelay: number;
  /** σ1 behaviour noise. Spec [R] 0.1. */
  readonly sigma1: number;
  /** σ2 target smoothing noise. Spec [R] 0.2. */
  readonly sigma2: number;
  /** c, clip of both noises. Spec [R] 0.5. */
  readonly noiseClip: number;
}

/** Personalised FL (spec §4.2). */
export interface ScFederatedSettings {
  /** f_p, epochs between rounds (a round also happens at epoch 0). Paper 50. */
  readonly period: number;
  /** f_q, personalised soft-update rate. Paper 0.3. */
  readonly fq: number;
  /** V participants. Spec [R] 2 (of m = 3). */
  readonly participants: number;
  /** ε of the partial-greedy selection. Spec [R] 0.8. */
  readonly epsilon: number;
  /** Resolution 7: 'uniformTopV' (default, Alg. 2 line 9) or 'best'. */
  readonly greedyPick: 'uniformTopV' | 'best';
  /** 'adaptive' (default, §4.2 [R]) or 'fixed' (λ = lambdaFixed once an anchor exists). */
  readonly proxLambdaMode: 'adaptive' | 'fixed';
  /** λ of the 'fixed' mode. Default 0.01. */
  readonly lambdaFixed: number;
  /** Adaptive λ: start, factor, floor, cap (spec [R] 0.01, 2, 1e−4, 1). */
  readonly lambdaInitial: number;
  readonly lambdaFactor: number;
  readonly lambdaMin: number;
  readonly lambdaMax: number;
  /** Wire size of a scalar in the communication accounting [bytes]. Default 4. */
  readonly bytesPerScalar: number;
}

/** Branching DQN (spec §4.3 [R]). */
export interface ScDqnSettings {
  /** ε from 1 to epsilonEnd over this fraction of the training steps. Spec [R] 0.5. */
  readonly epsilonFraction: number;
  readonly epsilonEnd: number;
  /** Hard target sync every this many updates. Spec [R] 1000. */
  readonly targetSync: number;
}

export interface ScEvalSettings {
  /** Evaluation epochs per job ([R] 20), deterministic policies, seeds from (seed, 'eval'). */
  readonly episodes: number;
  /** Count learner failures where Greedy's choice in the same state would have succeeded (resolution 5). Default true. */
  readonly greedyCounterfactual: boolean;
}

export interface SmartCommunityExperimentConfig {
  readonly env: SmartCommunityEnvSettings;
  readonly train: ScTrainSettings;
  readonly federated: ScFederatedSettings;
  readonly dqn: ScDqnSettings;
  readonly eval: ScEvalSettings;
}

const { obsScale, ...ENV_REST } = SMART_COMMUNITY_DEFAULTS;

const DEFAULT_TREE = {
  env: { ...ENV_REST, obsScale: { ...obsScale }, communityTaskScale: null as number[] | null },
  train: { epochs: 2000, hidden: [128, 128] as readonly number[], lr: 1e-4, gamma: 0.995, batchSize: 256, bufferSize: 100_000, warmupSteps: 1000, rho: 0.1, actorDelay: 2, sigma1: 0.1, sigma2: 0.2, noiseClip: 0.5 },
  federated: {
    period: 50, fq: 0.3, participants: 2, epsilon: 0.8, greedyPick: 'uniformTopV' as 'uniformTopV' | 'best', proxLambdaMode: 'adaptive' as 'adaptive' | 'fixed',
    lambdaFixed: 0.01, lambdaInitial: 0.01, lambdaFactor: 2, lambdaMin: 1e-4, lambdaMax: 1, bytesPerScalar: 4,
  },
  dqn: { epsilonFraction: 0.5, epsilonEnd: 0.05, targetSync: 1000 },
  eval: { episodes: 20, greedyCounterfactual: true },
};

function resolveEnv(env: Record<string, unknown>): SmartCommunityEnvSettings {
  const input: Record<string, unknown> = { ...env, seed: 0 };
  if (input['communityTaskScale'] === null) delete input['communityTaskScale'];
  try {
    const { seed: _s, ...rest } = resolveSmartCommunityConfig(input as never);
    return Object.freeze(rest);
  } catch (err) {
    throw envConfigError(err, 'smart-community');
  }
}

/** Resolved config: `partial` merged over the defaults, every field validated (ConfigError names the dotted path). */
export function resolveSmartCommunityExperimentConfig(partial: Readonly<Record<string, unknown>> = {}): SmartCommunityExperimentConfig {
  const t = mergeConfig(DEFAULT_TREE, partial);
  const env = resolveEnv(t.env as unknown as Record<string, unknown>);
  const tr = t.train;
  checkInt('train.epochs', tr.epochs, 1, 10_000_000);
  checkIntArray('train.hidden', tr.hidden, 1);
  checkNum('train.lr', tr.lr, Number.MIN_VALUE, 1);
  checkNum('train.gamma', tr.gamma, 0, 1);
  checkInt('train.bufferSize', tr.bufferSize, 1, 2 ** 31 - 1);
  checkInt('train.batchSize', tr.batchSize, 1, tr.bufferSize);
  checkInt('train.warmupSteps', tr.warmupSteps, 0);
  checkNum('train.rho', tr.rho, 0, 1);
  checkInt('train.actorDelay', tr.actorDelay, 1, 1 << 20);
  checkNum('train.sigma1', tr.sigma1, 0, 10);
  checkNum('train.sigma2', tr.sigma2, 0, 10);
  checkNum('train.noiseClip', tr.noiseClip, 0, 10);
  const f = t.federated;
  checkInt('federated.period', f.period, 1);
  checkNum('federated.fq', f.fq, 0, 1);
  checkInt('federated.participants', f.participants, 1, env.numCommunities);
  checkNum('federated.epsilon', f.epsilon, 0, 1);
  checkOneOf('federated.greedyPick', f.greedyPick, ['uniformTopV', 'best']);
  checkOneOf('federated.proxLambdaMode', f.proxLambdaMode, ['adaptive', 'fixed']);
  checkNum('federated.lambdaFixed', f.lambdaFixed, 0, 1e6);
  checkNum('federated.lambdaMin', f.lambdaMin, Number.MIN_VALUE, 1e6);
  checkNum('federated.lambdaMax', f.lambdaMax, f.lambdaMin, 1e6);
  checkNum('federated.lambdaInitial', f.lambdaInitial, f.lambdaMin, f.lambdaMax);
  checkNum('federated.lambdaFactor', f.lambdaFactor, 1 + Number.EPSILON, 1e6);
  checkNum('federated.bytesPerScalar', f.bytesPerScalar, Number.MIN_VALUE, 1e6);
  const d = t.dqn;
  checkNum('dqn.epsilonFraction', d.epsilonFraction, 0, 1);
  checkNum('dqn.epsilonEnd', d.epsilonEnd, 0, 1);
  checkInt('dqn.targetSync', d.targetSync, 1);
  checkInt('eval.episodes', t.eval.episodes, 1, 1_000_000);
  if (typeof t.eval.greedyCounterfactual !== 'boolean') throw new ConfigError(`eval.greedyCounterfactual must be true or false, got ${JSON.stringify(t.eval.greedyCounterfactual)}`);
  return Object.freeze({
    env,
    train: Object.freeze({ ...tr, hidden: Object.freeze([...tr.hidden]) }),
    federated: Object.freeze({ ...f }),
    dqn: Object.freeze({ ...d }),
    eval: Object.freeze({ ...t.eval }),
  });
}

/** Federated rounds in a run: at every epoch e with e mod f_p = 0 (epoch 0 included). */
export function federatedRounds(c: SmartCommunityExperimentConfig): number {
  return Math.ceil(c.train.epochs / c.federated.period);
}

/** Env steps (sub-slots) of a training run. */
export function trainingSteps(c: SmartCommunityExperimentConfig): number {
  return c.train.epochs * c.env.slotsPerEpoch * c.env.subSlotsPerSlot;
}

/** The [R] values in force, for the report (dotted config paths, or `fixed.*`). */
export function smartCommunityResolutions(c: SmartCommunityExperimentConfig): Readonly<Record<string, unknown>> {
  const e = c.env;
  return {
    'env.devicesPerCommunity': e.devicesPerCommunity,
    'env.slotDurationS': e.slotDurationS,
    'env.distanceM': e.distanceM,
    'env.arrival': e.arrival,
    'env.arrivalMean': e.arrivalMean,
    'env.capacitance': e.capacitance,
    'env.noisePowerW': e.noisePowerW,
    'env.txPowerW': e.txPowerW,
    'env.minShare': e.minShare,
    'env.resourceModel': e.resourceModel,
    'env.eq13Mode': e.eq13Mode,
    'env.chargeMecEnergyToDevice': e.chargeMecEnergyToDevice,
    'env.failureReward': e.failureReward,
    'env.energyMetric': e.energyMetric,
    'env.harvestPer': e.harvestPer,
    'env.rewardScale': e.rewardScale,
    'env.obsMode': e.obsMode,
    'env.communityTaskScale': e.communityTaskScale,
    'env.bandwidthHz': e.bandwidthHz,
    'env.mecCpuHz': e.mecCpuHz,
    'env.cycles': e.cycles,
    'train.epochs': c.train.epochs,
    'train.hidden': c.train.hidden,
    'train.batchSize': c.train.batchSize,
    'train.warmupSteps': c.train.warmupSteps,
    'train.gamma': c.train.gamma,
    'train.lr': c.train.lr,
    'federated.period': c.federated.period,
    'federated.rounds': federatedRounds(c),
    'federated.participants': c.federated.participants,
    'federated.epsilon': c.federated.epsilon,
    'federated.greedyPick': c.federated.greedyPick,
    'federated.proxLambdaMode': c.federated.proxLambdaMode,
    'eval.episodes': c.eval.episodes,
    'fixed.driverLoop': 'spec §4.2: round at epoch % f_p = 0 (epoch 0 included); all communities step together each sub-slot (they do not interact), updates in community order',
    'fixed.targets': 'targets not aggregated; Adam moments local',
    'fixed.loss': 'L_i = mean critic TD loss (sum over both critics) since the previous round',
    'fixed.proximalLog': 'per epoch: mean TD loss and mean proximal terms (λ/2)·‖θ − θ_f‖² over every update',
    'fixed.metrics': 'ratios of sums pooled over all evaluation epochs and communities of a seed (resolution 6)',
    'fixed.evalSeeds': "episode e reset with the e-th integer of the (seed, 'eval') stream, the same for every method",
  };
}
