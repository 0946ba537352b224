// Public surface of mecrl/env: environments implementing lib/rl's `Env` interface.
// Depends on lib/rl's public surface (interfaces, spaces) and lib/random only.

export * from './classic/index.js';
export * from './small-cell/index.js';
export * from './iot-multi-rat/index.js';
export * from './backscatter/index.js';
export * from './smart-community/index.js';
// load-balancing (spec 02): the env, its config and reference policies (model functions: lib/env/load-balancing).
export {
  LoadBalancingEnv,
  loadBalancing,
  loadBalancingAgentId,
  LOAD_BALANCING_ID,
  LOAD_BALANCING_DEFAULTS,
  resolveLoadBalancingConfig,
  randomActions as loadBalancingRandomActions,
  leastLoadedActions,
} from './load-balancing/index.js';
export type { LoadBalancingConfig, LoadBalancingConfigInput, LoadBalancingState, LoadBalancingSystemMetrics, LoadBalancingUserInfo } from './load-balancing/index.js';
