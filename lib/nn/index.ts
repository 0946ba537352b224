// lib/nn — modules with all parameters in one flat buffer, dense layers and MLPs, losses,
// the Adam/AdamW/SGD family, gradient clipping, target-network updates, Gumbel-Softmax and
// versioned state dicts. Imports only lib/tensor and lib/random.

export { Module, flatOf, type AnyModule, type FlatLike, type FlatParams, type NamedParameter, type ParameterInit, type ParameterRef } from './module.js';
export { INIT_SCHEMES, type Init } from './init.js';
export { Linear, fromTorchLayout, toTorchLayout, type LinearOptions, type LinearWeights, type LinearWeightsOptions, type MatrixValues } from './linear.js';
export { Mlp, mlp, type MlpConfig, type MlpInitConfig, type MlpWeightsConfig } from './mlp.js';
export { REDUCTIONS, huberLoss, mseLoss, smoothL1Loss, type HuberLossOptions, type LossOptions, type Reduction, type SmoothL1LossOptions } from './losses.js';
export {
  ADAM_DEFAULTS,
  ADAMW_DEFAULTS,
  SGD_DEFAULTS,
  OPTIMIZER_KINDS,
  Optimizer,
  adam,
  adamW,
  sgd,
  resolveOptimizerConfig,
  type AdamConfig,
  type SgdConfig,
  type OptimizerKind,
  type OptimizerState,
} from './optim.js';
export { CLIP_EPS, clipGradNorm, clipGradNormPerParameter } from './clipGradNorm.js';
export { hardCopy, polyakUpdate } from './polyakUpdate.js';
export { NetworkArena, arenaActivations, arenaScratch, buildArena, type ArenaOptions } from './arena.js';
export { gumbelSoftmax, gumbelSoftmaxWithNoise, oneHotStraightThrough, type GumbelSoftmaxOptions } from './gumbelSoftmax.js';
export {
  MODULE_STATE_FORMAT,
  OPTIMIZER_STATE_FORMAT,
  STATE_DICT_VERSIONS,
  decodeValues,
  encodeValues,
  loadModuleStateDict,
  loadOptimizerStateDict,
  moduleStateDict,
  optimizerStateDict,
  type EncodedValue,
  type ModuleStateDict,
  type OptimizerStateDict,
} from './stateDict.js';
