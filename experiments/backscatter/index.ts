// Paper 3 as an experiment of the one runner (`mecrl run backscatter`): Zhou, Long, Zhang, Xu, Gong,
// "Hierarchical Multi-Agent Deep Reinforcement Learning for Backscatter-aided Data Offloading".
// Contract: shared/spec/03-backscatter.md. Config: ./config.ts; the job (Algorithm 1, model-free
// H-MADDPG, the optimiser schemes, evaluation): ./job.ts; metrics: ./metrics.ts; claims: ./claims.ts.

import type { Experiment, FigureSpec, Preset } from '../types.js';
import { BACKSCATTER_CLAIMS, DISTANCE_SWEEP_CLAIMS, POWER_SWEEP_CLAIMS, WORKLOAD_SWEEP_CLAIMS } from './claims.js';
import { backscatterResolutions, resolveBackscatterExperimentConfig, type BackscatterExperimentConfig } from './config.js';
import { evaluateBackscatterPolicy, runBackscatterJob } from './job.js';

export { BACKSCATTER_CLAIMS, POWER_SWEEP_CLAIMS, WORKLOAD_SWEEP_CLAIMS, DISTANCE_SWEEP_CLAIMS, GAIN_RANGE } from './claims.js';
export { resolveBackscatterExperimentConfig, backscatterResolutions, trainingFrames, epsilonAt, BACKSCATTER_EXPERIMENT_DEFAULTS } from './config.js';
export type { BackscatterExperimentConfig, BackscatterEnvSettings, BackscatterTrainSettings, BackscatterEvalSettings } from './config.js';
export { METHOD_IDS, isLearner, schemeOf, makeEnv, evalEpisodeSeeds, runEvaluation, runBackscatterJob, evaluateBackscatterPolicy, restoreBackscatterActors } from './job.js';
export type { MethodId, LearnerId, BackscatterPolicy } from './job.js';
export { FrameStats, reduceEpisodes, LOW_ENERGY_J } from './metrics.js';

/** [R] The reduced scale of `quick` and the sweeps (same model and physics, shorter training). */
const QUICK = { env: { episodeLength: 50 }, train: { episodes: 100 }, eval: { episodes: 5 } };
/** The sweeps train H-MADDPG-opt and evaluate the two restricted schemes (Figs. 3, 4). */
const SWEEP_METHODS = ['h-maddpg-opt', 'active-enabled', 'mec-disabled'];

export const BACKSCATTER_PRESETS: Readonly<Record<string, Preset>> = {
  paper: {
    description: 'the paper at full scale: 3 users, M = 3, 100-frame episodes, 1000 training episodes, Table I networks, ε = 0.5 (literal), 10 evaluation episodes; README.md has the cost estimate',
    config: {},
  },
  quick: {
    description: 'the same model with shorter training (50-frame episodes, 100 training episodes, 5 evaluation episodes); claims 1a–1d and 4b are judged at this scale',
    config: QUICK,
    seeds: [1, 2, 3, 4, 5],
  },
  smoke: {
    description: 'seconds, for tests: 10-frame episodes, 3 training episodes, small networks, 2 evaluation episodes',
    config: { env: { episodeLength: 10 }, train: { episodes: 3, batchSize: 8, bufferSize: 100, hidden: [16, 8], criticHidden: [16] }, eval: { episodes: 2 } },
    seeds: [1, 2],
    judgeClaims: false,
  },
  'eps-anneal': {
    description: 'reviewer note (ε = 0.5 makes Algorithm 1 lines 16–18 vacuous): the quick preset with ε annealed 0.5 → 0.05 over the first 80 % of training',
    config: { ...QUICK, train: { ...QUICK.train, epsilonEnd: 0.05, epsilonDecayFraction: 0.8 } },
    methods: ['h-maddpg-opt', 'h-maddpg'],
    seeds: [1, 2, 3, 4, 5],
  },
  'floor-0.01': {
    description: 'reviewer note (reward (11) unbounded as E_o → 0): the quick preset with efficiencyFloorJ = 0.01 J',
    config: { ...QUICK, env: { ...QUICK.env, physics: { efficiencyFloorJ: 0.01 } } },
    seeds: [1, 2, 3, 4, 5],
  },
  'phi-local-5e-6': {
    description: 'reviewer note (far user energy-starved): the quick preset with φ_c = 5e−6 J/wu',
    config: { ...QUICK, env: { ...QUICK.env, physics: { phiLocal: 5e-6 } } },
    seeds: [1, 2, 3, 4, 5],
  },
  'power-sweep': {
    description: 'Fig. 3(a): AP power p ∈ {0.25, 0.5, 1, 2, 4} W at the quick scale; trains h-maddpg-opt, evaluates the restricted schemes',
    config: QUICK,
    methods: SWEEP_METHODS,
    seeds: [1, 2, 3, 4, 5],
    sweep: { key: 'env.physics.apPower', values: [0.25, 0.5, 1, 2, 4], claims: POWER_SWEEP_CLAIMS },
  },
  'workload-sweep': {
    description: 'Fig. 3(b): workload λ ∈ {10, 20, 30, 40, 50, 60} wu at the quick scale',
    config: QUICK,
    methods: SWEEP_METHODS,
    seeds: [1, 2, 3, 4, 5],
    sweep: { key: 'env.workloadMean', values: [10, 20, 30, 40, 50, 60], claims: WORKLOAD_SWEEP_CLAIMS },
  },
  'distance-sweep': {
    description: 'Fig. 4: distance scale κ ∈ {1, 1.25, 1.5, 1.75, 2} (reviewer note: κ up to 3 starves every user) at the quick scale',
    config: QUICK,
    methods: SWEEP_METHODS,
    seeds: [1, 2, 3, 4, 5],
    sweep: { key: 'env.distanceScale', values: [1, 1.25, 1.5, 1.75, 2], claims: DISTANCE_SWEEP_CLAIMS },
  },
  'smoke-sweep': {
    description: 'seconds, for tests: the smoke scale swept over two AP powers',
    config: { env: { episodeLength: 10 }, train: { episodes: 2, batchSize: 8, bufferSize: 100, hidden: [16, 8], criticHidden: [16] }, eval: { episodes: 1 } },
    methods: SWEEP_METHODS,
    seeds: [1, 2],
    judgeClaims: false,
    sweep: { key: 'env.physics.apPower', values: [0.5, 2], claims: POWER_SWEEP_CLAIMS },
  },
};

export const BACKSCATTER_FIGURES: readonly FigureSpec[] = [
  { id: 'reward', title: 'AP reward (11) per training episode (Fig. 2a)', kind: 'curve', metric: 'reward', yLabel: 'mean r^o per frame (wu/J)' },
  { id: 'outage', title: 'Outage probability per training episode (Fig. 2b)', kind: 'curve', metric: 'outage', yLabel: 'fraction of user-frames in outage' },
  { id: 'eval-reward', title: 'AP reward (11), evaluation', kind: 'bar', metric: 'reward', yLabel: 'mean r^o per frame (wu/J)' },
  { id: 'eval-reward-median', title: 'AP reward (11), median over frames (heavy-tailed)', kind: 'bar', metric: 'rewardMedian', yLabel: 'wu/J' },
  { id: 'eval-outage', title: 'Outage probability, evaluation', kind: 'bar', metric: 'outage', yLabel: 'fraction of user-frames' },
  ...[0, 1, 2].map((i): FigureSpec => ({ id: `outage-user-${i}`, title: `Outage of user ${i} (user 0 is the far, energy-starved one)`, kind: 'bar', metric: `outage.${i}`, yLabel: 'fraction of frames' })),
  { id: 'workload-active', title: 'Active offload ℓ_a per user-frame (Figs. 3, 4a)', kind: 'bar', metric: 'la', yLabel: 'wu' },
  { id: 'workload-passive', title: 'Passive offload ℓ_b per user-frame (Figs. 3, 4a)', kind: 'bar', metric: 'lb', yLabel: 'wu' },
  { id: 'workload-local', title: 'Local computing ℓ_c per user-frame (Figs. 3, 4a)', kind: 'bar', metric: 'lc', yLabel: 'wu' },
  { id: 'time-active', title: 'Active time t_a per user-frame (Fig. 3)', kind: 'bar', metric: 'ta', yLabel: 's' },
  { id: 'time-passive', title: 'Passive time t_b per user-frame (Fig. 3)', kind: 'bar', metric: 'tb', yLabel: 's' },
  { id: 'efficiency', title: 'Energy efficiency Σ x ℓ / E_o, mean over frames (Fig. 4b)', kind: 'bar', metric: 'efficiency', yLabel: 'wu/J' },
  { id: 'efficiency-median', title: 'Energy efficiency, median over frames (the mean is heavy-tailed: E_o at the floor)', kind: 'bar', metric: 'efficiencyMedian', yLabel: 'wu/J' },
  { id: 'low-energy-frames', title: 'Fraction of frames with E_o < 0.01 J (reviewer note)', kind: 'bar', metric: 'lowEnergyFrac', yLabel: 'fraction' },
  { id: 'energy-local', title: 'Users\' local energy φ_c ℓ_c per frame (not in E_o; reviewer note)', kind: 'bar', metric: 'energyLocal', yLabel: 'J' },
];

export const backscatterExperiment: Experiment<BackscatterExperimentConfig> = {
  name: 'backscatter',
  title: 'Paper 3: optimisation-driven hierarchical MADDPG for backscatter-aided hybrid offloading',
  source: 'Zhou, Long, Zhang, Xu, Gong, "Hierarchical Multi-Agent Deep Reinforcement Learning for Backscatter-aided Data Offloading"; spec shared/spec/03-backscatter.md',
  methods: [
    { id: 'h-maddpg-opt', label: 'H-MADDPG (opt.)', description: 'Algorithm 1: AP DDPG, users single-agent DDPG guided by the problem-(10) optimiser, y vs y* execution with ε' },
    { id: 'h-maddpg', label: 'H-MADDPG (model-free)', description: 'AP DDPG, users on MADDPG, users\' actions always executed' },
    { id: 'hybrid-opt', label: 'Hybrid-opt', description: 'no learning: MRT beams and the optimiser (a reference the paper lacks)' },
    { id: 'active-enabled', label: 'Active-enabled', description: 'no learning: energy beams, optimiser with ℓ_b = 0, passive sub-slots as power transfer' },
    { id: 'mec-disabled', label: 'MEC-disabled', description: 'no learning: energy beams, local computing only, E_o = Σ p t_b' },
  ],
  presets: BACKSCATTER_PRESETS,
  defaultPreset: 'quick',
  defaultSeeds: [1, 2, 3, 4, 5],
  resolveConfig: (partial) => resolveBackscatterExperimentConfig(partial),
  resolutions: (c) => backscatterResolutions(c),
  runJob: (c, method, seed, ctx) => runBackscatterJob(c, method, seed, ctx),
  evaluatePolicy: (c, method, seed, policy, episodes, emit) => evaluateBackscatterPolicy(c, method, seed, policy, episodes, emit),
  claims: BACKSCATTER_CLAIMS,
  figures: BACKSCATTER_FIGURES,
};
