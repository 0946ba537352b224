// lib/federated — federated averaging and its bookkeeping, on flat parameter vectors, modules and
// state dicts. Imports only lib/nn, lib/tensor and lib/random; no packages, no I/O, no clock.
//
//   fedAvg / averageSubset / fedAvgModules / fedAvgStateDicts   paper 1 eq. 26, paper 5 eq. 25
//   broadcast                                                   replace (paper 1) or soft θ_i ← f_q·θ_f + (1−f_q)·θ_i (paper 5)
//   federatedRound / actorCriticClient                          one round: aggregate, write back, optional optimizer reset
//   roundCommunication / maddpgSignalling / signallingPerRun    traffic per round vs MADDPG's per-step exchange
//   proximalTerm / addProximalGradient / adaptLambda            paper 5 eqs. 23–24 (seams; training lives in the experiment)
//   partialGreedySelect                                         paper 5 Algorithm 2 participant selection
//
// The loops that train agents between rounds live in the experiments, not here.

export type { ParamsLike } from './validate.js';
export { averageSubset, fedAvg, fedAvgWithWeights, fedAvgModules, fedAvgStateDicts } from './fedAvg.js';
export type { FedAvgResult } from './fedAvg.js';
export { BROADCAST_MODES, broadcast, type BroadcastOptions } from './broadcast.js';
export {
  FEDERATED_DEFAULTS,
  actorCriticClient,
  federatedRound,
  resolveFederatedConfig,
  type ActorCriticLike,
  type FederatedClient,
  type FederatedConfig,
  type FederatedRoundResult,
  type RoundInput,
} from './round.js';
export {
  DEFAULT_BYTES_PER_SCALAR,
  maddpgSignalling,
  roundCommunication,
  signallingPerRun,
  sumCommunication,
  type ClientTraffic,
  type CommunicationTotals,
  type MaddpgSignalling,
  type MaddpgSignallingOptions,
  type RoundCommunication,
  type RoundCommunicationInput,
  type RunTraffic,
  type SignallingPerRun,
  type SignallingPerRunInput,
} from './communication.js';
export {
  ADAPTIVE_LAMBDA_DEFAULTS,
  INITIAL_LAMBDA_STATE,
  adaptLambda,
  addProximalGradient,
  proximalTerm,
  type AdaptiveLambdaConfig,
  type AdaptiveLambdaState,
} from './proximal.js';
export { PARTIAL_GREEDY_DEFAULTS, partialGreedySelect, type PartialGreedyConfig } from './selection.js';
