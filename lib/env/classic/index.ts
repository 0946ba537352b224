// Classic-control environments, ported from Gymnasium's classic_control (see each file's header
// for the exact correspondence and the decided deviations).

export {
  PendulumEnv,
  pendulum,
  angleNormalize,
  resolvePendulumConfig,
  PENDULUM_ID,
  PENDULUM_CONSTANTS,
  PENDULUM_DEFAULTS,
} from './pendulum.js';
export type { PendulumConfig, PendulumResetOptions, PendulumState } from './pendulum.js';

export {
  CartPoleEnv,
  cartPole,
  resolveCartPoleConfig,
  CARTPOLE_ID,
  CARTPOLE_CONSTANTS,
  CARTPOLE_DEFAULTS,
} from './cartpole.js';
export type { CartPoleConfig, CartPoleResetOptions, CartPoleState } from './cartpole.js';
export { SimpleSpreadEnv, simpleSpread, resolveSimpleSpreadConfig, simpleSpreadRewards, contactPenetration, contactForce, movementForce, oneHotAction, SIMPLE_SPREAD_ID, SIMPLE_SPREAD_CONSTANTS, SIMPLE_SPREAD_DEFAULTS } from './simpleSpread.js';
export type { SimpleSpreadConfig, SimpleSpreadState, SimpleSpreadInfo, SimpleSpreadRewards, SimpleSpreadResetOptions } from './simpleSpread.js';
