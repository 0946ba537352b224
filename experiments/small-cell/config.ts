// The experiment config of paper 1 (spec 01): the env settings, the training hyperparameters of
// spec §4.3, the F-DRL round settings of §4.2 and the evaluation of §5, each with the paper's value
// or the spec's [R] resolution as its default. `resolveSmallCellExperimentConfig` deep-merges a
// nested partial over the defaults and validates every field; errors are `ConfigError`s naming the
// dotted path and the allowed range (`train.gamma must be a finite number in [0, 1], got 2`), and
// unknown keys are rejected by name (`unknown config key 'train.gama' (allowed here: …)`).

import {
  SMALL_CELL_DEFAULTS,
  resolveSmallCellConfig,
  type SmallCellConfig,
} from '../../lib/env/small-cell/index.js';
import { badConfigValue, configInt, configNum, configOneOf, envConfigError, mergeConfig } from '../common/config.js';

/** The env part: every field of the small-cell env config except the per-job `seed` and the per-method `rewardMode`. */
export type SmallCellEnvSettings = Omit<SmallCellConfig, 'seed' | 'rewardMode'>;

/** Exploration noise (spec §4.3 [R]): Gaussian N(0, σ²) added to the actor output u ∈ [0, 1], clipped to [0, 1]. */
export interface NoiseSettings {
  /** σ at the start of training. Default 0.1. */
  readonly sigmaStart: number;
  /** σ after the decay. Default 0.02. */
  readonly sigmaEnd: number;
  /** σ decays linearly over this fraction of the training steps, then stays at `sigmaEnd`. In [0, 1]; default 0.5. */
  readonly decayFraction: number;
}

/** Training hyperparameters, shared by MA-DRL, F-DRL and IL-DRL (spec §4.3). */
export interface TrainSettings {
  /** Training episodes per method and seed (spec [R]: 1000; F-DRL has episodes / episodesPerRound rounds). */
  readonly episodes: number;
  /** Minibatch W. Paper 32. */
  readonly batchSize: number;
  /** Replay capacity (joint for MA-DRL, per agent for F-DRL/IL-DRL). Paper 10 000. */
  readonly bufferSize: number;
  /** Discount γ. Paper 0.9 (the `gamma0` ablation sets 0). */
  readonly gamma: number;
  /** Soft-update rate τ. Paper 0.01. */
  readonly tau: number;
  /** Adam learning rate of actors and critics. Paper 1e−3. */
  readonly lr: number;
  /** Hidden layer widths of actors and critics (ReLU). Paper [64] (A7). */
  readonly hidden: readonly number[];
  /** [R] Env steps before the first gradient step. Default = batchSize (spec §4.1: updates once |D| ≥ W). */
  readonly warmupSteps: number;
  /** [R] Actions during warm-up: the exploring policy (default; Algorithms 1–2 act with the noisy policy from the start) or uniform random. */
  readonly warmupActions: 'policy' | 'random';
  /** [R] Gradient steps happen every this many env steps. Default 1 (spec §4.1: one step per agent per env step). */
  readonly updateEvery: number;
  /** [R] Gradient steps per update. Default 1. */
  readonly gradientSteps: number;
  /** [R] Global-norm gradient clip of every network, or null (default: the paper clips nothing). */
  readonly maxGradNorm: number | null;
  /** [R] Final-layer init U(±s) of actors and critics, or null (default: the same fan-in init as every layer). */
  readonly finalLayerInit: number | null;
  readonly noise: NoiseSettings;
}

/** F-DRL rounds (spec §4.2). */
export interface FederatedSettings {
  /** [R] Local training episodes between two FedAvg rounds. Default 10 (100 rounds in 1000 episodes). */
  readonly episodesPerRound: number;
  /** [R] 'keep' (default: literal Algorithm 2, targets stay local) or 'aggregate'. */
  readonly aggregateTargets: 'keep' | 'aggregate';
  /** [R] Zero the Adam moments after each round. Default false (moments stay local). */
  readonly resetOptimizerOnAggregate: boolean;
  /** Wire size of one scalar in the communication accounting, bytes. Default 4 (float32). */
  readonly bytesPerScalar: number;
}

/** Evaluation (spec §5 [R]). */
export interface EvalSettings {
  /** Evaluation episodes per job, deterministic actors, seeds from the (seed, 'eval') stream. Default 10. */
  readonly episodes: number;
}

/** The resolved experiment config. */
export interface SmallCellExperimentConfig {
  readonly env: SmallCellEnvSettings;
  readonly train: TrainSettings;
  readonly federated: FederatedSettings;
  readonly eval: EvalSettings;
}

const { seed: _seed, rewardMode: _rewardMode, pFloor: _pFloor, ...ENV_REST } = SMALL_CELL_DEFAULTS;

/** Defaults as a mergeable tree: `env.pFloor` and `train.warmupSteps` null mean "derived" (1e−3·maxPowerW; batchSize). */
const DEFAULT_TREE = {
  env: { ...ENV_REST, pFloor: null as number | null },
  train: {
    episodes: 1000,
    batchSize: 32,
    bufferSize: 10_000,
    gamma: 0.9,
    tau: 0.01,
    lr: 1e-3,
    hidden: [64] as readonly number[],
    warmupSteps: null as number | null,
    warmupActions: 'policy' as 'policy' | 'random',
    updateEvery: 1,
    gradientSteps: 1,
    maxGradNorm: null as number | null,
    finalLayerInit: null as number | null,
    noise: { sigmaStart: 0.1, sigmaEnd: 0.02, decayFraction: 0.5 },
  },
  federated: { episodesPerRound: 10, aggregateTargets: 'keep' as 'keep' | 'aggregate', resetOptimizerOnAggregate: false, bytesPerScalar: 4 },
  eval: { episodes: 10 },
};

const bad = badConfigValue, int = configInt, num = configNum, oneOf = configOneOf;

function nullOr(path: string, v: unknown, range: string, ok: (x: number) => boolean): number | null {
  if (v === null) return null;
  return num(path, v, `${range}, or null`, ok);
}

/** Validates the env part through the env's own resolver, re-worded to dotted `env.*` paths. */
function resolveEnv(env: Record<string, unknown>): SmallCellEnvSettings {
  const input = { ...env, seed: 0, rewardMode: 'local' } as Record<string, unknown>;
  if (input['pFloor'] === null) delete input['pFloor'];
  let resolved: SmallCellConfig;
  try {
    resolved = resolveSmallCellConfig(input as never);
  } catch (err) {
    throw envConfigError(err, 'small-cell');
  }
  const { seed: _s, rewardMode: _r, ...rest } = resolved;
  return Object.freeze(rest);
}

/**
 * The resolved config: `partial` merged over the defaults (nested), every field validated. Throws
 * a `ConfigError` naming the dotted path and the allowed range, or the unknown key.
 */
export function resolveSmallCellExperimentConfig(partial: Readonly<Record<string, unknown>> = {}): SmallCellExperimentConfig {
  const t = mergeConfig(DEFAULT_TREE, partial);
  const env = resolveEnv(t.env as unknown as Record<string, unknown>);
  const tr = t.train;
  const bufferSize = int('train.bufferSize', tr.bufferSize, 1, 2 ** 31 - 1);
  const batchSize = int('train.batchSize', tr.batchSize, 1, bufferSize);
  if (!Array.isArray(tr.hidden) || tr.hidden.length === 0) bad('train.hidden', 'a non-empty array of integers in [1, 65536]', tr.hidden);
  const hidden = Object.freeze(tr.hidden.map((h, i) => int(`train.hidden[${i}]`, h, 1, 65536)));
  const noise = Object.freeze({
    sigmaStart: num('train.noise.sigmaStart', tr.noise.sigmaStart, 'a finite number in [0, 1] (σ in units of u ∈ [0, 1])', (x) => x >= 0 && x <= 1),
    sigmaEnd: num('train.noise.sigmaEnd', tr.noise.sigmaEnd, 'a finite number in [0, 1] (σ in units of u ∈ [0, 1])', (x) => x >= 0 && x <= 1),
    decayFraction: num('train.noise.decayFraction', tr.noise.decayFraction, 'a finite number in [0, 1]', (x) => x >= 0 && x <= 1),
  });
  const train: TrainSettings = Object.freeze({
    episodes: int('train.episodes', tr.episodes, 1, 10_000_000),
    batchSize,
    bufferSize,
    gamma: num('train.gamma', tr.gamma, 'a finite number in [0, 1]', (x) => x >= 0 && x <= 1),
    tau: num('train.tau', tr.tau, 'a finite number in [0, 1]', (x) => x >= 0 && x <= 1),
    lr: num('train.lr', tr.lr, 'a finite number in (0, 1]', (x) => x > 0 && x <= 1),
    hidden,
    warmupSteps: tr.warmupSteps === null ? batchSize : int('train.warmupSteps', tr.warmupSteps, 0, Number.MAX_SAFE_INTEGER),
    warmupActions: oneOf('train.warmupActions', tr.warmupActions, ['policy', 'random']),
    updateEvery: int('train.updateEvery', tr.updateEvery, 1, 1_000_000),
    gradientSteps: int('train.gradientSteps', tr.gradientSteps, 1, 1_000_000),
    maxGradNorm: nullOr('train.maxGradNorm', tr.maxGradNorm, 'a finite number > 0', (x) => x > 0),
    finalLayerInit: nullOr('train.finalLayerInit', tr.finalLayerInit, 'a finite number > 0', (x) => x > 0),
    noise,
  });
  const f = t.federated;
  if (typeof f.resetOptimizerOnAggregate !== 'boolean') bad('federated.resetOptimizerOnAggregate', 'true or false', f.resetOptimizerOnAggregate);
  const federated: FederatedSettings = Object.freeze({
    episodesPerRound: int('federated.episodesPerRound', f.episodesPerRound, 1, 10_000_000),
    aggregateTargets: oneOf('federated.aggregateTargets', f.aggregateTargets, ['keep', 'aggregate']),
    resetOptimizerOnAggregate: f.resetOptimizerOnAggregate,
    bytesPerScalar: num('federated.bytesPerScalar', f.bytesPerScalar, 'a finite number > 0 (bytes)', (x) => x > 0),
  });
  const evalSettings: EvalSettings = Object.freeze({ episodes: int('eval.episodes', t.eval.episodes, 1, 1_000_000) });
  return Object.freeze({ env, train, federated, eval: evalSettings });
}

/** Number of FedAvg rounds F-DRL runs: one after every `episodesPerRound` training episodes. */
export function federatedRounds(c: SmallCellExperimentConfig): number {
  return Math.floor(c.train.episodes / c.federated.episodesPerRound);
}

/** Training env steps of a learner: episodes × episodeLength. */
export function trainingSteps(c: SmallCellExperimentConfig): number {
  return c.train.episodes * c.env.episodeLength;
}

/**
 * The [R] values in force (spec 01 marks them), for the report: env resolutions, training and
 * round resolutions, and the fixed choices of the experiment code. Keys are dotted config paths,
 * or `fixed.*` for choices that are not config fields.
 */
export function smallCellResolutions(c: SmallCellExperimentConfig): Readonly<Record<string, unknown>> {
  const e = c.env;
  return {
    'env.sbsMinSeparation': e.sbsMinSeparation,
    'env.ueMinDistance': e.ueMinDistance,
    'env.minLinkDistance': e.minLinkDistance,
    'env.topology': e.topology,
    'env.topologyMaxTries': e.topologyMaxTries,
    'env.interferenceObs': e.interferenceObs,
    'env.obsNorm': e.obsNorm,
    'env.obsDb': e.obsDb,
    'env.channelDecoding': e.channelDecoding,
    'env.alphaSnap': e.alphaSnap,
    'env.pFloor': e.pFloor,
    'env.cpuShareMode': e.cpuShareMode,
    'env.beta': e.beta,
    'env.latencyPenaltyFloor': e.latencyPenaltyFloor,
    'env.maxTxTime': e.maxTxTime,
    'env.episodeLength': e.episodeLength,
    'env.kiloByteBits': e.kiloByteBits,
    'env.energyCoefficients': e.energyCoefficients,
    'train.episodes': c.train.episodes,
    'train.warmupSteps': c.train.warmupSteps,
    'train.warmupActions': c.train.warmupActions,
    'train.updateEvery': c.train.updateEvery,
    'train.gradientSteps': c.train.gradientSteps,
    'train.maxGradNorm': c.train.maxGradNorm,
    'train.finalLayerInit': c.train.finalLayerInit,
    'train.noise.sigmaStart': c.train.noise.sigmaStart,
    'train.noise.sigmaEnd': c.train.noise.sigmaEnd,
    'train.noise.decayFraction': c.train.noise.decayFraction,
    'federated.episodesPerRound': c.federated.episodesPerRound,
    'federated.rounds': federatedRounds(c),
    'federated.aggregateTargets': c.federated.aggregateTargets,
    'federated.resetOptimizerOnAggregate': c.federated.resetOptimizerOnAggregate,
    'eval.episodes': c.eval.episodes,
    'fixed.actorOutput': 'sigmoid (u ∈ [0, 1]); critic output linear',
    'fixed.criticWeightDecay': 0,
    'fixed.maddpgActorOutputReg': 0,
    'fixed.systemReward': 'Σ_m R_m^FL for every method (A8)',
    'fixed.ilDrlReward': 'local R^FL (eq. 23)',
    'fixed.bootstrap': 'time-limit truncation bootstraps (done = false)',
    'fixed.taskDraws': 'd and c per UE per slot',
    'fixed.energyNormalisation': 'per UE per slot, J',
    'fixed.fedAvgWeights': 'W_m = train.batchSize (eq. 26; equal ⇒ plain mean)',
    'fixed.evalSeeds': "episode e reset with the e-th integer of the (seed, 'eval') stream, the same for every method",
  };
}
