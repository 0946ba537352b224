// backscatter (spec 03, Zhou et al.): the hierarchical backscatter-aided offloading environment of
// paper 3, its configuration, the pure model/decoder/observation functions it is built from, and
// the problem-(10) optimisation module (lib/opt).

export { BackscatterEnv, backscatter, backscatterUserId, BACKSCATTER_AP_AGENT } from './env.js';
export { mrtBeams, energyBeams } from './baselines.js';
export type { BackscatterState, BackscatterResetOptions, BackscatterFrame, BackscatterStepResult } from './env.js';
export {
  BACKSCATTER_ID,
  BACKSCATTER_DEFAULTS,
  BACKSCATTER_PHYSICS_DEFAULTS,
  BACKSCATTER_USER_ACT_DIM,
  resolveBackscatterConfig,
  backscatterDims,
} from './config.js';
export type {
  BackscatterConfig,
  BackscatterConfigInput,
  BackscatterPhysics,
  BackscatterDims,
  BackscatterUserObs,
  BackscatterPassiveSnrModel,
  BackscatterActiveDropRule,
  BackscatterScheme,
} from './config.js';
export {
  ACTIVE_TIME_FLOOR,
  FEAS_ABS_TOL,
  activeRate,
  requiredTxPower,
  passiveSnr,
  passiveRate,
  beamGainMatrix,
  harvestCoefficient,
  harvestedEnergy,
  apEnergyTerm,
  apReward,
  userReward,
  violates,
  evaluateFrame,
} from './model.js';
export type { UserDecision, OutageCauses, UserOutcome, FrameOutcome, FrameInput } from './model.js';
export { decodeUserAction, encodeUserAction, decodeApAction, encodeBeams, WEIGHT_SUM_FLOOR, ENCODE_TA_MARGIN } from './decode.js';
export { observeAp, observeUser, apObservationBounds, userObservationBounds } from './observation.js';
export type { ObservationInput } from './observation.js';
export { buildProblem10, solveProblem10, SLACK_WEIGHT, EXPECTED_OUTAGE_SLACK, VARS_PER_USER } from './optimizer.js';
export type { Problem10, Problem10Input, Problem10Result } from './optimizer.js';
