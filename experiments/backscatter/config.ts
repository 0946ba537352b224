// The experiment config of paper 3 (spec 03): the env settings (every field of the backscatter env
// config except the per-job seed and the per-method scheme), the Table I training hyperparameters
// (spec §4.1) with the Algorithm 1 execution rule (§4.3), and the evaluation. Errors are
// `ConfigError`s (unknown keys, wrong kinds, ranges) or the env's own RangeErrors naming the field.

import { BACKSCATTER_DEFAULTS, resolveBackscatterConfig, type BackscatterConfig } from '../../lib/env/backscatter/index.js';
import { checkInt, checkIntArray, checkNum, checkOneOf, ConfigError, mergeConfig } from '../common/config.js';

/** The env part: the backscatter env config without `seed` (per job) and `scheme` (per method). */
export type BackscatterEnvSettings = Omit<BackscatterConfig, 'seed' | 'scheme'>;

/** Training (Table I, spec §4.1; Algorithm 1, §4.3). */
export interface BackscatterTrainSettings {
  /** Training episodes per learner and seed. Spec [R] 1000. */
  readonly episodes: number;
  /** Minibatch. Table I 64. */
  readonly batchSize: number;
  /** Replay capacity of every buffer. Table I 2000. */
  readonly bufferSize: number;
  /** Discount γ. Table I 0.5. */
  readonly gamma: number;
  /** Soft-update τ. Table I 0.1. */
  readonly tau: number;
  /** Adam learning rate of actors and critics. Table I 0.001. */
  readonly lr: number;
  /** Hidden widths of the actors. Table I [128, 64]. */
  readonly hidden: readonly number[];
  /** Hidden activation of the actors. Table I: sigmoid. */
  readonly activation: 'sigmoid' | 'relu' | 'tanh';
  /**
   * Hidden widths of the critics, on the concatenated [s, a]. Table I [128]: its state branch
   * fc(STATE, 128) plus action branch fc(ACTION, 128), summed, is one linear layer on [s, a].
   */
  readonly criticHidden: readonly number[];
  /** Hidden activation of the critics. Table I: ReLU (after the summed branches). */
  readonly criticActivation: 'sigmoid' | 'relu' | 'tanh';
  /** [R] Gaussian exploration σ on the sigmoid outputs, clipped to [0, 1]. Default 0.1. */
  readonly noiseSigma: number;
  /** Algorithm 1's ε at the start of training. Table I 0.5. */
  readonly epsilonStart: number;
  /** [R] ε after the decay (reviewer note: 0.5 makes lines 16–18 vacuous). Default 0.5 (literal). */
  readonly epsilonEnd: number;
  /** [R] ε decays linearly over this fraction of the training frames. In [0, 1]; default 0 (constant). */
  readonly epsilonDecayFraction: number;
}

/** Evaluation. */
export interface BackscatterEvalSettings {
  /** Evaluation episodes per job, seeds from the (seed, 'eval') stream. Default 10. */
  readonly episodes: number;
  /**
   * [R] What `h-maddpg-opt` executes at evaluation: `best` — Algorithm 1's rule with ε = 0 (the
   * users' actions if their model reward y beats y*, else the optimiser's estimate); `policy` — the
   * users' deterministic actions only.
   */
  readonly optExecution: 'best' | 'policy';
}

export interface BackscatterExperimentConfig {
  readonly env: BackscatterEnvSettings;
  readonly train: BackscatterTrainSettings;
  readonly eval: BackscatterEvalSettings;
}

const { seed: _seed, scheme: _scheme, ...ENV_DEFAULTS } = BACKSCATTER_DEFAULTS;

export const BACKSCATTER_EXPERIMENT_DEFAULTS: BackscatterExperimentConfig = {
  env: ENV_DEFAULTS,
  train: {
    episodes: 1000,
    batchSize: 64,
    bufferSize: 2000,
    gamma: 0.5,
    tau: 0.1,
    lr: 1e-3,
    hidden: [128, 64],
    activation: 'sigmoid',
    criticHidden: [128],
    criticActivation: 'relu',
    noiseSigma: 0.1,
    epsilonStart: 0.5,
    epsilonEnd: 0.5,
    epsilonDecayFraction: 0,
  },
  eval: { episodes: 10, optExecution: 'best' },
};

/** Merge a nested partial over the defaults and validate every field. */
export function resolveBackscatterExperimentConfig(partial: Readonly<Record<string, unknown>>): BackscatterExperimentConfig {
  const c = mergeConfig(BACKSCATTER_EXPERIMENT_DEFAULTS, partial);
  resolveBackscatterConfig(c.env); // the env validates its own fields (RangeError naming the field)
  const t = c.train;
  checkInt('train.episodes', t.episodes, 1);
  checkInt('train.batchSize', t.batchSize, 1);
  checkInt('train.bufferSize', t.bufferSize, 1);
  if (t.bufferSize < t.batchSize) throw new ConfigError(`train.bufferSize must be >= train.batchSize (${t.batchSize}), got ${t.bufferSize}`);
  checkNum('train.gamma', t.gamma, 0, 1);
  checkNum('train.tau', t.tau, 0, 1);
  checkNum('train.lr', t.lr, 0, 1);
  checkIntArray('train.hidden', t.hidden, 1);
  checkOneOf('train.activation', t.activation, ['sigmoid', 'relu', 'tanh']);
  checkIntArray('train.criticHidden', t.criticHidden, 1);
  checkOneOf('train.criticActivation', t.criticActivation, ['sigmoid', 'relu', 'tanh']);
  checkNum('train.noiseSigma', t.noiseSigma, 0, 10);
  checkNum('train.epsilonStart', t.epsilonStart, 0, 1);
  checkNum('train.epsilonEnd', t.epsilonEnd, 0, 1);
  checkNum('train.epsilonDecayFraction', t.epsilonDecayFraction, 0, 1);
  checkInt('eval.episodes', c.eval.episodes, 1);
  checkOneOf('eval.optExecution', c.eval.optExecution, ['best', 'policy']);
  return c;
}

/** Training frames of one learner job. */
export function trainingFrames(c: BackscatterExperimentConfig): number {
  return c.train.episodes * c.env.episodeLength;
}

/** Algorithm 1's ε after `frame` training frames (linear decay, then constant). */
export function epsilonAt(c: BackscatterExperimentConfig, frame: number): number {
  const { epsilonStart, epsilonEnd, epsilonDecayFraction } = c.train;
  const steps = Math.round(epsilonDecayFraction * trainingFrames(c));
  if (steps < 1) return epsilonEnd;
  const f = Math.min(1, frame / steps);
  return epsilonStart + (epsilonEnd - epsilonStart) * f;
}

/** The [R] resolutions in force, for the report. */
export function backscatterResolutions(c: BackscatterExperimentConfig): Record<string, unknown> {
  const e = c.env;
  return {
    'env.physics.rateScale': e.physics.rateScale,
    'env.physics.efficiencyFloorJ': e.physics.efficiencyFloorJ,
    'env.physics.phiLocal': e.physics.phiLocal,
    'env.physics.apPower': e.physics.apPower,
    'env.userObs': e.userObs,
    'env.passiveSnrModel': e.passiveSnrModel,
    'env.activeDropRule': e.activeDropRule,
    'env.feasTol': e.feasTol,
    'env.distanceScale': e.distanceScale,
    'env.workloadMean': e.workloadMean,
    'train.noiseSigma': c.train.noiseSigma,
    'train.epsilon': `${c.train.epsilonStart} → ${c.train.epsilonEnd} over ${c.train.epsilonDecayFraction} of training`,
    'train.critic': `critic on [s, a]: hidden ${JSON.stringify(c.train.criticHidden)} ${c.train.criticActivation} (Table I: the summed 128-wide state and action branches)`,
    'eval.optExecution': c.eval.optExecution,
  };
}
