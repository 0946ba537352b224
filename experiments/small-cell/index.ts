// Paper 1 as an experiment of the one runner (`mecrl run small-cell`): Huang, Leng, Maharjan,
// Zhang, "Multi-Agent Deep Reinforcement Learning for Computation Offloading and Interference
// Coordination in Small Cell Networks", IEEE TVT 2021. Contract: shared/spec/01-small-cell.md.
// Config and its [R] resolutions: ./config.ts; the job (training, FedAvg rounds, evaluation):
// ./job.ts; metrics: ./metrics.ts; claims: ./claims.ts. README.md has the cost estimate of the
// `paper` preset and what departs from the paper.

import type { Experiment, FigureSpec, Preset } from '../types.js';
import { atEverySweepValue } from '../claims.js';
import { SMALL_CELL_CLAIMS } from './claims.js';
import { federatedRounds, resolveSmallCellExperimentConfig, smallCellResolutions, type SmallCellExperimentConfig } from './config.js';
import { evaluateSmallCellPolicy, runSmallCellJob } from './job.js';

export { SMALL_CELL_CLAIMS, ZERO_SHARE_TOLERANCE } from './claims.js';
export { resolveSmallCellExperimentConfig, smallCellResolutions, federatedRounds, trainingSteps } from './config.js';
export type { SmallCellExperimentConfig, SmallCellEnvSettings, TrainSettings, FederatedSettings, EvalSettings, NoiseSettings } from './config.js';
export { METHOD_IDS, LEARNER_IDS, isLearner, runSmallCellJob, evaluateSmallCellPolicy, runEvaluation, evalEpisodeSeeds, noiseSchedule, makeEnv, TAIL_FRACTION } from './job.js';
export type { MethodId, LearnerId, EvalPolicy, SmallCellPolicy } from './job.js';
export { EpisodeMetrics, reduceEpisodes, TRIM_FRACTION } from './metrics.js';

/** The reduced network of the `quick` preset and its ablations (same model, smaller). */
const QUICK_ENV = { numCells: 3, uesPerCell: 4, numChannels: 6, episodeLength: 50 };
const QUICK = {
  env: QUICK_ENV,
  train: { episodes: 250 },
  federated: { episodesPerRound: 10 },
  eval: { episodes: 10 },
};

/** Claim 3 (the energy orderings), judged at every β of the β sweeps. */
const CLAIM_3 = SMALL_CELL_CLAIMS.filter((c) => c.id.startsWith('3'));

const SMOKE = {
  env: { numCells: 2, uesPerCell: 2, numChannels: 3, episodeLength: 10 },
  train: { episodes: 4, batchSize: 8, bufferSize: 200, hidden: [16] },
  federated: { episodesPerRound: 2 },
  eval: { episodes: 2 },
};

/** "M cells × U UEs, K channels, …": the scale of a preset, computed from its resolved config (never typed by hand). */
export function presetScale(partial: Readonly<Record<string, unknown>>): string {
  const c = resolveSmallCellExperimentConfig(partial);
  return `${c.env.numCells} cells × ${c.env.uesPerCell} UEs, ${c.env.numChannels} channels, ${c.env.episodeLength}-slot episodes, ${c.train.episodes} training episodes, ${federatedRounds(c)} FedAvg rounds, ${c.eval.episodes} evaluation episodes`;
}

export const SMALL_CELL_PRESETS: Readonly<Record<string, Preset>> = {
  paper: {
    description: `the paper at full scale (${presetScale({})}) with the spec's [R] values; many hours per seed (README.md has the estimate)`,
    config: {},
  },
  quick: {
    description: `a smaller network of the same model (${presetScale(QUICK)}). Claims are judged at this scale.`,
    config: QUICK,
  },
  smoke: {
    description: `seconds, for tests: ${presetScale(SMOKE)}`,
    config: SMOKE,
    seeds: [1, 2],
    judgeClaims: false,
  },
  gamma0: {
    description: 'ablation (reviewer note 2): the quick preset with γ = 0, to show how much the near-bandit structure (i.i.d. slots) limits the learners',
    config: { ...QUICK, train: { ...QUICK.train, gamma: 0 } },
  },
  'beta-sweep': {
    description: 'ablation (A3, reviewer note 3): the quick preset with the deadline revenue β ∈ {0.1, 0.5, 1, 2}; claim 3 is judged across it (each energy ordering at every β)',
    config: QUICK,
    sweep: { key: 'env.beta', values: [0.1, 0.5, 1, 2], claims: CLAIM_3.map((c) => atEverySweepValue(c, 'env.beta')) },
  },
  'smoke-sweep': {
    description: 'seconds, for tests: the smoke preset over env.beta ∈ {0.5, 2} (a sweep folder with its summary across the values)',
    config: SMOKE,
    seeds: [1, 2],
    sweep: { key: 'env.beta', values: [0.5, 2], claims: CLAIM_3.map((c) => atEverySweepValue(c, 'env.beta')) },
    judgeClaims: false,
  },
};

/** Training curves are drawn as a trailing moving average over this many episodes (rare deep fades make single-episode spikes). */
const CURVE_SMOOTHING = 10;

export const SMALL_CELL_FIGURES: readonly FigureSpec[] = [
  { id: 'system-reward', title: 'System reward per training episode (Fig. 4)', kind: 'curve', metric: 'systemReward', yLabel: 'Σ_m R_m^FL per episode', movingAverage: CURVE_SMOOTHING },
  ...[0, 1, 2, 3, 4, 5].map((m): FigureSpec => ({ id: `agent-reward-${m}`, title: `Local reward of SBS ${m} per training episode (Fig. 5)`, kind: 'curve', metric: `agentReward.${m}`, yLabel: `R_${m}^FL per episode`, movingAverage: CURVE_SMOOTHING })),
  { id: 'agent-reward-spread', title: 'Spread of the per-agent rewards, max − min (evaluation; claim 2)', kind: 'bar', metric: 'agentRewardSpread', yLabel: 'max_m − min_m of R_m^FL per episode' },
  { id: 'energy-total-median', title: 'Total energy per UE per slot, median (Fig. 6)', kind: 'bar', metric: 'energyTotal.median', yLabel: 'J' },
  { id: 'energy-local-mean', title: 'Local energy per UE per slot, mean (Fig. 6, local part)', kind: 'bar', metric: 'energyLocal.mean', yLabel: 'J' },
  { id: 'energy-edge-median', title: 'Edge energy (transmit + execution) per UE per slot, median (Fig. 6, edge part)', kind: 'bar', metric: 'energyEdge.median', yLabel: 'J' },
  { id: 'energy-total-mean', title: 'Total energy per UE per slot, mean (heavy-tailed: see the report)', kind: 'bar', metric: 'energyTotal.mean', yLabel: 'J' },
  { id: 'latency-guaranteed', title: 'Latency-guaranteed tasks (Fig. 7)', kind: 'bar', metric: 'latencyGuaranteedPct', yLabel: '% of UE-tasks with max(LocT, OffT) ≤ T̃' },
  // Training diagnostics (./diagnostics.ts): why a seed collapses to local decisions.
  { id: 'diag-alpha-histogram', title: 'Diagnostics: histogram of the deterministic offload outputs u_α per training episode', kind: 'stack', metric: 'actor.alphaHist', yLabel: 'share of u_α', parts: [0, 1, 2, 3, 4].map((k) => ({ metric: `actor.alphaHist.${k}`, label: `u_α ∈ [${k / 5}, ${(k + 1) / 5}${k === 4 ? ']' : ')'}` })) },
  { id: 'diag-alpha-low', title: 'Diagnostics: share of deterministic offload outputs u_α < 0.2 (actor histogram, bin 0)', kind: 'curve', metric: 'actor.alphaHist.0', yLabel: 'share of u_α in [0, 0.2)' },
  { id: 'diag-alpha-mean', title: 'Diagnostics: mean deterministic offload output u_α', kind: 'curve', metric: 'actor.alphaMean', yLabel: 'mean u_α' },
  { id: 'diag-actor-saturated', title: 'Diagnostics: share of actor outputs within 0.01 of 0 or 1 (sigmoid saturation)', kind: 'curve', metric: 'actor.saturated', yLabel: 'share of outputs' },
  { id: 'diag-critic-loss', title: 'Diagnostics: critic TD loss (mean over the updates and agents)', kind: 'curve', metric: 'critic.loss', yLabel: 'TD loss' },
  { id: 'diag-q-mean', title: 'Diagnostics: Q scale, mean Q(o, a) of the sampled batches', kind: 'curve', metric: 'critic.qMean', yLabel: 'mean Q' },
];

export const smallCellExperiment: Experiment<SmallCellExperimentConfig> = {
  name: 'small-cell',
  title: 'Paper 1: MA-DRL (MADDPG) and F-DRL (federated DDPG) for offloading and interference coordination in small-cell networks',
  source: 'Huang, Leng, Maharjan, Zhang, IEEE TVT 2021; spec shared/spec/01-small-cell.md',
  methods: [
    { id: 'ma-drl', label: 'MA-DRL', description: 'MADDPG, cooperative reward (eq. 12), joint buffer, centralised critics on all observations and actions' },
    { id: 'f-drl', label: 'F-DRL', description: 'per-SBS DDPG, local reward (eq. 23), FedAvg of online actor and critic every episodesPerRound episodes (eq. 26)' },
    { id: 'il-drl', label: 'IL-DRL', description: 'per-SBS DDPG, local reward, no aggregation' },
    { id: 'full-offload', label: 'Full offloading', description: 'α = 1, random distinct channels, P_max, equal CPU shares; no training' },
    { id: 'local', label: 'Local computing', description: 'α = 0; no training' },
  ],
  presets: SMALL_CELL_PRESETS,
  defaultPreset: 'quick',
  defaultSeeds: [1, 2, 3, 4, 5],
  resolveConfig: (partial) => resolveSmallCellExperimentConfig(partial),
  resolutions: (c) => smallCellResolutions(c),
  runJob: (c, method, seed, ctx) => runSmallCellJob(c, method, seed, ctx),
  evaluatePolicy: (c, method, seed, policy, episodes, emit) => evaluateSmallCellPolicy(c, method, seed, policy, episodes, emit),
  claims: SMALL_CELL_CLAIMS,
  figures: SMALL_CELL_FIGURES,
};
