// iot-multi-rat (spec 04, Liu, Yu, Gao): the IoT edge-computing environment with LoRa and WiFi
// sub-channels, its configuration, the pure equations and action decoder it is built from, and the
// Centralized and Random baselines. Names that other envs also use are exported with an `iot` prefix.

export { IotMultiRatEnv, iotMultiRat, iotAgentId, iotSlotParams, drawIotTopology, IOT_TOPOLOGY_STREAM } from './env.js';
export type { IotMultiRatState, IotMultiRatResetOptions } from './env.js';

export {
  IOT_MULTI_RAT_ID,
  IOT_MULTI_RAT_DEFAULTS,
  IOT_PRINTED_ENERGY,
  resolveIotMultiRatConfig,
  iotMultiRatDims,
  iotNumActions,
  iotEnergyPerCycle,
} from './config.js';
export type { IotMultiRatConfig, IotMultiRatConfigInput, IotMultiRatDims, IotEnergyOrder, IotWAllCounts } from './config.js';

export {
  decodeIotAction,
  encodeIotAction,
  actionCount as iotActionCount,
  stateIndex as iotStateIndex,
  stateBits as iotStateBits,
  INITIAL_STATE as IOT_INITIAL_STATE,
  LOCAL_ACTION as IOT_LOCAL_ACTION,
  localEnergy as iotLocalEnergy,
  localDelay as iotLocalDelay,
  edgeDelay as iotEdgeDelay,
  edgeEnergy as iotEdgeEnergy,
  linkRate as iotLinkRate,
  txDelay as iotTxDelay,
  txEnergy as iotTxEnergy,
  weightedCost as iotWeightedCost,
  uplinkSinr as iotUplinkSinr,
  evaluateSlot as evaluateIotSlot,
} from './model.js';
export type { IotChoice, IotRat, ActionLayout as IotActionLayout, SlotParams as IotSlotParams, SlotInput as IotSlotInput, SlotOutcome as IotSlotOutcome } from './model.js';

export { centralizedActions, randomActions } from './baselines.js';
export type { CentralizedInput, CentralizedOptions } from './baselines.js';
