// Public surface of mecrl/env: environments implementing lib/rl's `Env` interface, and the MEC
// building blocks they are made of (lib/env/common: units, path loss, fading, rates, compute,
// queues, batteries, multi-antenna, action decoders) as named exports.
// Depends on lib/rl's public surface (interfaces, spaces) and lib/random only.
//
// Convention for every environment with a Box action space (the classic replicas and each paper's
// env): the config takes `actionBounds: 'clip' | 'error'` (type `ActionBoundsMode` of mecrl/rl, lib/rl/actionBounds.ts). The classic
// replicas default to what their reference does (Pendulum: 'clip', as Gymnasium); the paper
// environments default to 'error' (our clear-error rule: an out-of-range action throws, naming the
// index and the bound). Discrete actions are never clipped: an invalid one throws (Gymnasium asserts).

export * from './common/index.js';
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
