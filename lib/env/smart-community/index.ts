// smart-community (spec 05, Chen et al. IEEE TMC 2024, PFR-OA): m communities with n EDs each,
// FCFS buffers, batteries with energy harvesting, binary offloading to the community's MEC server;
// its configuration, the pure equations and the non-learning baselines.

export { SmartCommunityEnv, smartCommunity, smartCommunityAgentId, SMART_COMMUNITY_DEVICE_STREAM } from './env.js';
export type { SmartCommunityState, CommunityStepMetrics, CommunityTask } from './env.js';
export { SMART_COMMUNITY_ID, SMART_COMMUNITY_DEFAULTS, resolveSmartCommunityConfig, smartCommunityDims } from './config.js';
export type {
  SmartCommunityConfig,
  SmartCommunityConfigInput,
  SmartCommunityDims,
  ArrivalMode,
  ResourceModel,
  ObsMode,
  Eq13Mode,
  FailureReward,
  EnergyMetric,
  ObsScale,
} from './config.js';
export {
  communityUplinkRate,
  uploadFailureCharge,
  mecFailureCharge,
  communityTaskDelay,
  taskReward,
  decodeCommunityAction,
  settleLocal,
  settleOffload,
  settleSubSlot,
} from './model.js';
export type { CommunityDecision, TaskOutcome, FailureCause, SubSlotInput, SettleParams } from './model.js';
export { localDecision, edgeDecision, greedyDecision } from './baselines.js';
