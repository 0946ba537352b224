// Public surface of mecrl/rl: spaces, the single- and multi-agent env interfaces and their checkers,
// replay buffers, exploration noise and schedules, tabular Q-learning, DDPG, TD3, DQN, MADDPG, the
// off-policy and multi-agent training loops, independent learners and checkpoint states.
// Depends on lib/random, lib/tensor and lib/nn.

export { Box, Discrete, MultiDiscrete, spaceFromJSON, flatDim } from './spaces.js';
export type { Space, AnySpace, SpaceJson, BoundJson, BoxOptions } from './spaces.js';

export { envStream } from './env.js';
export { boundAction, checkActionBounds, ACTION_BOUNDS_MODES } from './actionBounds.js';
export type { ActionBoundsMode } from './actionBounds.js';
export type { Env, Info, ResetOptions, ResetResult, StepResult, EpisodeStatus } from './env.js';

export { checkEnv, EnvCheckError, CHECK_ENV_DEFAULTS } from './checkEnv.js';
export type { CheckEnvOptions, CheckEnvReport } from './checkEnv.js';

export { ReplayBuffer, TransitionBuffer, transitionBuffer } from './replayBuffer.js';
export type {
  Batch,
  FieldSpec,
  Row,
  ReplayBufferConfig,
  ReplayBufferHeader,
  ReplayBufferState,
  TransitionBatch,
  TransitionBufferConfig,
  TransitionField,
} from './replayBuffer.js';

export {
  ClippedGaussianNoise,
  clippedGaussianNoise,
  OrnsteinUhlenbeckNoise,
  ornsteinUhlenbeckNoise,
  ORNSTEIN_UHLENBECK_DEFAULTS,
  constantSchedule,
  linearSchedule,
  exponentialSchedule,
  scheduleFromJSON,
  bestAction,
  epsilonGreedy,
} from './noise.js';
export type {
  ActionBounds,
  ActionNoise,
  ClippedGaussianNoiseConfig,
  OrnsteinUhlenbeckConfig,
  OrnsteinUhlenbeckState,
  Schedule,
  ScheduleJson,
  DecayScheduleConfig,
  Objective,
  TieBreak,
} from './noise.js';

export { QLearning, QLEARNING_DEFAULTS, resolveQLearningConfig } from './qLearning.js';
export type { QLearningConfig, QLearningConfigInput, QLearningState, QLearningUpdateStats } from './qLearning.js';

export { checkAgentIds, agentRecord, hasAgent, validateActions } from './parallelEnv.js';
export type { ParallelEnv, AgentRecord, ParallelResetResult, ParallelStepResult } from './parallelEnv.js';
export { checkParallelEnv, ParallelEnvCheckError, CHECK_PARALLEL_ENV_DEFAULTS } from './checkParallelEnv.js';
export type { CheckParallelEnvOptions, CheckParallelEnvReport } from './checkParallelEnv.js';

export { Ddpg, DDPG_DEFAULTS, resolveDdpgConfig } from './ddpg.js';
export type { DdpgConfig, DdpgState, DdpgUpdateStats, DdpgUpdateOptions } from './ddpg.js';
export { Td3, TD3_DEFAULTS, resolveTd3Config } from './td3.js';
export type { Td3Config, Td3LossHook, Td3State, Td3UpdateStats, Td3UpdateOptions, Td3Inspection } from './td3.js';
export { Dqn, DQN_DEFAULTS, resolveDqnConfig } from './dqn.js';
export type { DqnConfig, DqnState, DqnUpdateStats, DqnUpdateOptions, DqnLoss } from './dqn.js';
export { actionRange, toEnvAction, tdTarget, frozen, resolveHiddenSizes, fillNoise, type ActorOutput, type NoiseSource, type UpdateInspection, type HiddenSizesInput, type ResolvedHiddenSizes } from './actorCritic.js';
export { actorCriticLearner, dqnLearner, continuousExplorer } from './learners.js';
export type { Learner, ActMode, ExplorationNoiseConfig, ContinuousExplorer, LearnerUpdateOptions } from './learners.js';
export { OffPolicyTrainer, OFF_POLICY_DEFAULTS, resolveOffPolicyConfig, evaluate } from './offPolicy.js';
export type { OffPolicyConfig, OffPolicyEvent, OffPolicyState, EvalResult, UpdateWatch } from './offPolicy.js';
export { splitState, joinState, encodeNumber, decodeNumber } from './checkpoint.js';
export type { StateValue, JsonValue, SplitState } from './checkpoint.js';

export { Maddpg, MADDPG_DEFAULTS, resolveMaddpgConfig, maddpgRngs, offsetsOf } from './maddpg.js';
export type { MaddpgConfig, MaddpgActionKind, MaddpgRngs, MaddpgAgent, MaddpgAgentStats, MaddpgUpdateStats, MaddpgState, MaddpgUpdateOptions, MaddpgAgentUpdateOptions, MaddpgAgentInspection } from './maddpg.js';
export { MultiAgentTrainer, MULTI_AGENT_DEFAULTS, resolveMultiAgentConfig, jointBuffer, envSpaces, exploreRngs, deterministicPolicy, evaluateParallel } from './multiAgent.js';
export type { MultiAgentLearner, MultiAgentConfig, MultiAgentEvent, MultiAgentState, MultiAgentUpdateStats, JointBatch, JointField, ParallelEvalResult } from './multiAgent.js';
export { maddpgLearner, iddpgLearner, idqnLearner, agentColumns } from './independent.js';
export type { MultiAgentLearnerOptions, IndependentUpdateStats } from './independent.js';

export {
  savePolicy,
  loadPolicy,
  actorCriticPolicyActor,
  maddpgPolicyActors,
  dqnPolicyActor,
  networkOf,
  mlpWeightCount,
  crc32,
  base64Encode,
  base64Decode,
  base64Length,
  float64ToBytes,
  bytesToFloat64,
  POLICY_FORMAT,
  POLICY_FORMAT_VERSION,
  POLICY_LIMITS,
} from './policyFile.js';
export type { PolicySpec, PolicyActor, PolicyNetwork, PolicyDecoding, PolicyAction, PolicyBounds, PortablePolicy } from './policyFile.js';
