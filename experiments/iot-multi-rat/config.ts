// The experiment config of paper 4 (spec 04): the env settings, IL-based MA-Q's hyperparameters
// (§4), the Centralized baseline's options (§4, resolution 3) and the evaluation (§5), each with the
// paper's value or the spec's [R] resolution as its default. `resolveIotExperimentConfig`
// deep-merges a nested partial over the defaults and validates every field; errors are
// `ConfigError`s naming the dotted path and the allowed range.

import { IOT_MULTI_RAT_DEFAULTS, resolveIotMultiRatConfig, type IotMultiRatConfig } from '../../lib/env/iot-multi-rat/index.js';
import { badConfigValue, configInt, configNum, configOneOf, envConfigError, mergeConfig } from '../common/config.js';

/** The env part: every env field except the per-job `seed` and the per-phase `episodeLength`. */
export type IotEnvSettings = Omit<IotMultiRatConfig, 'seed' | 'episodeLength'>;

/** IL-based MA-Q (Algorithm 1, spec §4). */
export interface IotTrainSettings {
  /** Iterations = slots of training (A12: "episodes" = iterations); every user acts and updates once per iteration (A8). Paper 10 000. */
  readonly iterations: number;
  /** ε, constant during training. Paper 0.2 (Fig. 5; Fig. 4 also 0.5 and 0.9). */
  readonly epsilon: number;
  /** λ, discount. Paper 0.9. */
  readonly gamma: number;
  /** α_ini of eq. 36. Paper 0.9. */
  readonly alphaInitial: number;
  /** α_end of eq. 36 (reached after `iterations` updates). Paper 0.001 (reviewer note: sensitivity run 0.1). */
  readonly alphaFinal: number;
  /**
   * Which α of eq. 36 the first update uses (the spec gives α_0 = α_ini and α_k = α_{k−1}·r but not
   * whether iteration 1 updates with α_0 or α_1): 'initial' (default, lib/rl's convention) — update
   * k = 0..K−1 uses α_ini·r^k, so the first uses α_ini and the last α_end/r; 'decayed' — update k
   * uses α_ini·r^{k+1}, so the first uses α_ini·r and the last exactly α_end. r = (α_end/α_ini)^{1/K}.
   */
  readonly alphaFirstUpdate: 'initial' | 'decayed';
  /** [R] Greedy ties: uniformly random among the maximisers (agent's stream) or the lowest index. Default 'random'. */
  readonly tieBreak: 'random' | 'lowest';
  /** [R] Window of the running mean C_ave (Figs. 4, 5), slots; one training metrics row per window. Default 100. */
  readonly windowSlots: number;
}

/** Centralized baseline options (resolution 3). */
export interface IotCentralizedSettings {
  /** Δω rule in the greedy (default true); false ignores the waiting cost. */
  readonly waitingAware: boolean;
  /** Channel-estimation overhead charged to every user per slot (cost units), >= 0. Default 0. */
  readonly estimationCost: number;
}

/** Evaluation (spec §5). */
export interface IotEvalSettings {
  /** Greedy evaluation slots per job (one episode from the (seed, 'eval') stream). Paper/[R] 1000. */
  readonly slots: number;
}

/** The resolved experiment config. */
export interface IotExperimentConfig {
  readonly env: IotEnvSettings;
  readonly train: IotTrainSettings;
  readonly centralized: IotCentralizedSettings;
  readonly eval: IotEvalSettings;
}

const { seed: _seed, episodeLength: _len, ...ENV_REST } = IOT_MULTI_RAT_DEFAULTS;

const DEFAULT_TREE = {
  env: { ...ENV_REST },
  train: { iterations: 10_000, epsilon: 0.2, gamma: 0.9, alphaInitial: 0.9, alphaFinal: 0.001, alphaFirstUpdate: 'initial' as 'initial' | 'decayed', tieBreak: 'random' as 'random' | 'lowest', windowSlots: 100 },
  centralized: { waitingAware: true, estimationCost: 0 },
  eval: { slots: 1000 },
};

const bad = badConfigValue, int = configInt, num = configNum;

/** Validates the env part through the env's own resolver, re-worded to dotted `env.*` paths. */
function resolveEnv(env: Record<string, unknown>): IotEnvSettings {
  let resolved: IotMultiRatConfig;
  try {
    resolved = resolveIotMultiRatConfig({ ...env, seed: 0, episodeLength: 1 } as never);
  } catch (err) {
    throw envConfigError(err, 'iot-multi-rat');
  }
  const { seed: _s, episodeLength: _e, ...rest } = resolved;
  return Object.freeze(rest);
}

/** The resolved config: `partial` merged over the defaults (nested), every field validated. */
export function resolveIotExperimentConfig(partial: Readonly<Record<string, unknown>> = {}): IotExperimentConfig {
  const t = mergeConfig(DEFAULT_TREE, partial);
  const env = resolveEnv(t.env as unknown as Record<string, unknown>);
  const tr = t.train;
  const train: IotTrainSettings = Object.freeze({
    iterations: int('train.iterations', tr.iterations, 1, 100_000_000),
    epsilon: num('train.epsilon', tr.epsilon, 'a finite number in [0, 1]', (x) => x >= 0 && x <= 1),
    gamma: num('train.gamma', tr.gamma, 'a finite number in [0, 1]', (x) => x >= 0 && x <= 1),
    alphaInitial: num('train.alphaInitial', tr.alphaInitial, 'a finite number in (0, 1]', (x) => x > 0 && x <= 1),
    alphaFinal: num('train.alphaFinal', tr.alphaFinal, 'a finite number in (0, 1]', (x) => x > 0 && x <= 1),
    alphaFirstUpdate: configOneOf('train.alphaFirstUpdate', tr.alphaFirstUpdate, ['initial', 'decayed']),
    tieBreak: configOneOf('train.tieBreak', tr.tieBreak, ['random', 'lowest']),
    windowSlots: int('train.windowSlots', tr.windowSlots, 1, 100_000_000),
  });
  const c = t.centralized;
  if (typeof c.waitingAware !== 'boolean') bad('centralized.waitingAware', 'true or false', c.waitingAware);
  const centralized: IotCentralizedSettings = Object.freeze({
    waitingAware: c.waitingAware,
    estimationCost: num('centralized.estimationCost', c.estimationCost, 'a finite number >= 0', (x) => x >= 0),
  });
  return Object.freeze({ env, train, centralized, eval: Object.freeze({ slots: int('eval.slots', t.eval.slots, 1, 100_000_000) }) });
}

/** The [R] values in force (spec 04 marks them), for the report. */
export function iotResolutions(c: IotExperimentConfig): Readonly<Record<string, unknown>> {
  const e = c.env;
  return {
    'env.energyOrder': e.energyOrder,
    'env.loraPowerLevelsW': e.loraPowerLevelsW,
    'env.wifiPowerLevelsW': e.wifiPowerLevelsW,
    'env.taskBits': e.taskBits,
    'env.userCpuHz': e.userCpuHz,
    'env.rayleighScale': e.rayleighScale,
    'env.slotDuration': e.slotDuration,
    'env.edgeCapacityPerSlot': e.edgeCapacityPerSlot ?? 'f·K_s',
    'env.waitingCost': e.waitingCost,
    'env.failurePenalty': e.failurePenalty,
    'env.delayCap': e.delayCap,
    'env.wAllCounts': e.wAllCounts,
    'env.minDistanceM': e.minDistanceM,
    'train.iterations': c.train.iterations,
    'train.epsilon': c.train.epsilon,
    'train.alphaFinal': c.train.alphaFinal,
    'train.alphaFirstUpdate': c.train.alphaFirstUpdate,
    'train.tieBreak': c.train.tieBreak,
    'train.windowSlots': c.train.windowSlots,
    'centralized.waitingAware': c.centralized.waitingAware,
    'centralized.estimationCost': c.centralized.estimationCost,
    'eval.slots': c.eval.slots,
    'fixed.initialState': '(L, I, J) = (0, 0, 1)',
    'fixed.qInit': 0,
    'fixed.reward': 'r = −C with max-Q-learning (A7); reports show C',
    'fixed.iteration': 'one simultaneous slot per iteration; the action of iteration k is executed and rewarded at k (A8, §3)',
    'fixed.alphaSchedule': 'eq. 36 in closed form α_k = α_ini·(α_end/α_ini)^{k/iterations}, per user update k',
    'fixed.collisions': 'loraSharedSubchannels + wifiCollidedSubchannels (resolution 2)',
    'fixed.evalSeeds': "one evaluation episode of eval.slots slots, reset with the first integer of the (seed, 'eval') stream, the same for every method",
  };
}
