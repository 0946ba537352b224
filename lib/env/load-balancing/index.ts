// load-balancing (spec 02, DTOMALB): one eNB, N users, M edge servers with FCFS backlogs; the
// environment, its configuration, the pure model functions and the two reference policies.

export { LoadBalancingEnv, loadBalancing, loadBalancingAgentId, drawTopology, LOAD_BALANCING_TOPOLOGY_STREAM, EXTENDED_DIVISORS } from './env.js';
export type { LoadBalancingState, LoadBalancingResetOptions, LoadBalancingSystemMetrics, LoadBalancingUserInfo } from './env.js';
export { LOAD_BALANCING_ID, LOAD_BALANCING_DEFAULTS, NOISE_PSD_DEFAULT, resolveLoadBalancingConfig, loadBalancingObsDim, fig8ServerCpus } from './config.js';
export type { LoadBalancingConfig, LoadBalancingConfigInput, ServerCpuMode, BandwidthSplit, QueueModel, ObsMode, PositionSampling, TaskDrawOrder } from './config.js';
export {
  channelGain,
  uplinkRate,
  uplinkSharers,
  localDelay,
  uploadDelay,
  forwardDelay,
  populationVariance,
  userReward,
  eventRemainingWork,
  evaluateStep,
} from './model.js';
export type { StepInput, StepParams, StepOutcome } from './model.js';
export { randomActions, leastLoadedActions } from './baselines.js';
