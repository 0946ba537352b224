// small-cell (spec 01, Huang et al. IEEE TVT 2021): the multi-agent MEC environment of paper 1, its
// configuration, the pure model/decoder/observation functions it is built from, and the two
// non-learning baselines (Full offloading, Local computing).

export { SmallCellEnv, smallCell, smallCellAgentId, SMALL_CELL_TOPOLOGY_STREAM } from './env.js';
export type { SmallCellState, SmallCellResetOptions } from './env.js';

export {
  SMALL_CELL_ID,
  SMALL_CELL_DEFAULTS,
  SMALL_CELL_PAPER_ENERGY,
  SMALL_CELL_PFLOOR_FRACTION,
  resolveSmallCellConfig,
  smallCellDims,
  smallCellObsDim,
  smallCellActDim,
} from './config.js';
export type {
  SmallCellConfig,
  SmallCellConfigInput,
  SmallCellDims,
  SmallCellObsDb,
  SmallCellObsNorm,
  SmallCellInterferenceObs,
  SmallCellChannelDecoding,
  SmallCellRewardMode,
  SmallCellTopologyMode,
  SmallCellEnergyCoefficients,
} from './config.js';

export { drawTopology, largeScaleGains, linkGain, pointDistance } from './topology.js';
export type { SmallCellTopology, TopologyParams } from './topology.js';

export {
  taskDeadline,
  uplinkSinr,
  uplinkRate,
  offloadRate,
  localDelay,
  localEnergy,
  txDelay,
  txEnergy,
  edgeExecDelay,
  edgeExecEnergy,
  offloadDelay,
  offloadEnergy,
  taskDelay,
  latencyTerm,
  ueRewardTerm,
  localReward,
  cooperativeReward,
  evaluateSlot,
} from './model.js';
export type { ModelParams, SlotInput, SlotOutcome } from './model.js';

export {
  decodeCellAction,
  validateCellDecision,
  blockSize,
  CPU_SHARE_OFFSET,
  CPU_SHARE_SUM_TOLERANCE,
  BLOCK_ALPHA,
  BLOCK_POWER,
  BLOCK_CPU,
  BLOCK_CHANNEL,
} from './decode.js';
export type { CellDecision, DecodeParams } from './decode.js';

export {
  observeCell,
  observationBounds,
  observationOffsets,
  gainFeature,
  interferenceFeature,
  GAIN_LOG_EPSILON,
  INTERFERENCE_LOG_EPSILON,
} from './observation.js';
export type { ObservationParams, ObservationState } from './observation.js';

export { buildStepMetrics } from './metrics.js';
export type { SmallCellInfo, SmallCellCellMetrics, SmallCellSystemMetrics, SmallCellUeMetrics, SmallCellStepMetrics } from './metrics.js';

export {
  fullOffloadingDecisions,
  fullOffloadingActions,
  fullOffloadingChannels,
  localComputingDecisions,
  localComputingActions,
} from './baselines.js';
export type { BaselineParams } from './baselines.js';
