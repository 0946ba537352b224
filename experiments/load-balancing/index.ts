// Paper 2 as an experiment of the one runner (`mecrl run load-balancing`): Zhang, Li, Peng, Pei,
// "A New Task Offloading Algorithm in Edge Computing" (DTOMALB). Contract:
// shared/spec/02-load-balancing.md. Config: ./config.ts; job: ./job.ts; metrics: ./metrics.ts;
// claims: ./claims.ts. README.md has the cost estimates and what departs from the paper.

import type { Experiment, FigureSpec, Preset } from '../types.js';
import { LOAD_BALANCING_CLAIMS, LOAD_BALANCING_N_SWEEP_CLAIMS, LOAD_BALANCING_OMEGA2_SWEEP_CLAIMS } from './claims.js';
import { loadBalancingResolutions, resolveLoadBalancingExperimentConfig, type LoadBalancingExperimentConfig } from './config.js';
import { evaluateLoadBalancingPolicy, runLoadBalancingJob } from './job.js';

export { LOAD_BALANCING_CLAIMS, LOAD_BALANCING_N_SWEEP_CLAIMS, LOAD_BALANCING_OMEGA2_SWEEP_CLAIMS, LOAD_SPREAD_MARGIN_S, CURVE_METRIC } from './claims.js';
export { resolveLoadBalancingExperimentConfig, loadBalancingResolutions, centralizedKind, trainingSteps, CLAIM_DELAY_CAP_S, JOINT_LIMIT } from './config.js';
export type { LoadBalancingExperimentConfig, LoadBalancingEnvSettings, TrainSettings, DqnSettings, InputSettings, BaselineSettings, EvalSettings } from './config.js';
export { METHOD_IDS, LEARNER_IDS, isLearner, runLoadBalancingJob, evaluateLoadBalancingPolicy, restoreLoadBalancingLearner, runEvaluation, evalEpisodeSeeds, makeEnv, scaleObs, TrainView, CENTRAL_AGENT, TAIL_FRACTION } from './job.js';
export type { MethodId, LearnerId, EvalPolicy, LoadBalancingPolicy } from './job.js';
export { EpisodeMetrics, reduceEpisodes, TRIM_FRACTION } from './metrics.js';

/**
 * The `quick` scale: the same model with N = 6 users and M = 3 servers (12, 16, 20 GHz: the Fig. 8
 * range's ends and middle), so the offered load stays ≈ 60% of capacity as at N = 10, M = 5
 * (6 Gcycle per 0.2 s step against 48 GHz); shorter training and smaller batches (README.md).
 */
export const QUICK_ENV = { numUsers: 6, numServers: 3 };
export const QUICK = {
  env: QUICK_ENV,
  train: { episodes: 100, batchSize: 32, bufferSize: 20_000, warmupSteps: 500, hidden: [64, 64] },
  dqn: { targetSync: 250 },
  eval: { episodes: 10 },
};

const SMOKE = {
  env: { numUsers: 3, numServers: 2, episodeLength: 10 },
  train: { episodes: 4, batchSize: 8, bufferSize: 200, warmupSteps: 10, hidden: [16] },
  dqn: { targetSync: 5 },
  eval: { episodes: 2 },
};

export const LOAD_BALANCING_PRESETS: Readonly<Record<string, Preset>> = {
  paper: {
    description: 'the spec at full scale (N = 10 users, M = 5 servers of 12–20 GHz, 50-step episodes, 2000 training episodes, batch 256, buffer 1e5, 1000 warm-up steps, 10 evaluation episodes); hours per seed (README.md has the estimate)',
    config: {},
  },
  quick: {
    description: 'a smaller cell of the same model (N = 6 users, M = 3 servers at 12/16/20 GHz, ≈ 60% load as the paper scale), 100 training episodes of 50 steps (5 000 steps, 500 of them uniform-random warm-up, then 4 500 gradient steps), batch 32, buffer 20 000, DQN target sync every 250 steps, 10 evaluation episodes; ≈ 7 min on 2 cores with 2 workers (estimate under load, README.md). Claims are judged at this scale.',
    config: QUICK,
    seeds: [1, 2, 3, 4, 5],
  },
  smoke: {
    description: 'seconds, for tests: 3 users, 2 servers, 10-step episodes, 4 training episodes, batch 8, 2 evaluation episodes',
    config: SMOKE,
    seeds: [1, 2],
    judgeClaims: false,
  },
  'smoke-sweep': {
    description: 'seconds, for tests: the smoke preset over env.numUsers ∈ {2, 3} (a sweep folder with its summary and claims 3a/3b across the values)',
    config: SMOKE,
    seeds: [1, 2],
    sweep: { key: 'env.numUsers', values: [2, 3], claims: LOAD_BALANCING_N_SWEEP_CLAIMS },
    judgeClaims: false,
  },
  'n-sweep': {
    description: 'Fig. 7 at quick scale: utility vs the number of users N ∈ {4, 6, 8} (M = 3), every method; each run judges the per-run claims, and the sweep summary judges 3a (trend) and 3b (DTOMALB highest at each N)',
    config: QUICK,
    seeds: [1, 2, 3, 4, 5],
    sweep: { key: 'env.numUsers', values: [4, 6, 8], claims: LOAD_BALANCING_N_SWEEP_CLAIMS },
  },
  'n-sweep-paper': {
    description: 'Fig. 7 at the spec scale: N ∈ {4, 6, 8, 10, 12, 14} with M = 5 (DQN-TOLB branching at every N); very long',
    config: {},
    sweep: { key: 'env.numUsers', values: [4, 6, 8, 10, 12, 14], claims: LOAD_BALANCING_N_SWEEP_CLAIMS },
  },
  'omega2-sweep': {
    description: 'reviewer note 1: the quick preset with ω2 ∈ {0, 0.5, 1, 5, 10, 100} (the variance term is ≈ 1% of the reward at ω2 = 1); DTOMALB, DTOMA and the reference policies',
    config: QUICK,
    seeds: [1, 2, 3, 4, 5],
    methods: ['dtomalb', 'dtoma', 'random', 'least-loaded'],
    sweep: { key: 'env.omega2', values: [0, 0.5, 1, 5, 10, 100], claims: LOAD_BALANCING_OMEGA2_SWEEP_CLAIMS },
  },
  extended: {
    description: "reviewer note 2: the quick preset with obsMode 'extended' (own task, CPU and channel appended; the paper-mode χ is mostly zero under balanced play)",
    config: { ...QUICK, env: { ...QUICK_ENV, obsMode: 'extended' } },
    seeds: [1, 2, 3, 4, 5],
  },
  'event-queue': {
    description: "reviewer note 4 / resolution 2: the quick preset with queueModel 'event' (exact FCFS, remaining-work drain)",
    config: { ...QUICK, env: { ...QUICK_ENV, queueModel: 'event' } },
    seeds: [1, 2, 3, 4, 5],
  },
  'joint-dqn': {
    description: "reviewer note 3: DQN-TOLB with the joint action space where it fits ((M+1)^N <= 4096: N = 4, M = 3 gives 256 actions) against branching; the quick preset at N = 4",
    config: { ...QUICK, env: { ...QUICK_ENV, numUsers: 4 }, dqn: { ...QUICK.dqn, centralized: 'joint' } },
    seeds: [1, 2, 3, 4, 5],
    methods: ['dqn-tolb', 'dtomalb', 'random', 'least-loaded'],
  },
  'no-logit-reg': {
    description: 'reviewer note 7: the quick preset without the 1e−3·mean(logits²) actor term (§4.1 literally)',
    config: { ...QUICK, train: { ...QUICK.train, logitReg: 0 } },
    seeds: [1, 2, 3, 4, 5],
    methods: ['dtomalb', 'dtoma', 'random', 'least-loaded'],
  },
};

const perServer = (m: number): FigureSpec[] => [
  { id: `load-server-${m}`, title: `Mean post-decision load LD⁺ of server ${m} (Fig. 8)`, kind: 'bar', metric: `load.${m}`, yLabel: `LD⁺_${m} (s)` },
  { id: `share-server-${m}`, title: `Share of tasks sent to server ${m} (Fig. 8)`, kind: 'bar', metric: `share.${m}`, yLabel: '% of tasks' },
];

export const LOAD_BALANCING_FIGURES: readonly FigureSpec[] = [
  { id: 'utility-capped-train', title: 'System utility per training episode, delays capped at 10 s (Figs. 5–6)', kind: 'curve', metric: 'utilityCapped10', yLabel: 'Σ_t (1/N) Σ_n R_n per episode (t_n ≤ 10 s)', referenceMetric: 'utilityCapped10', movingAverage: 10 },
  { id: 'utility-train', title: 'System utility per training episode, literal (Figs. 5–6; heavy-tailed)', kind: 'curve', metric: 'utility', yLabel: 'Σ_t (1/N) Σ_n R_n per episode', referenceMetric: 'utility' },
  { id: 'utility-capped', title: 'System utility, evaluation, delays capped at 10 s (the claims\' metric; against N in the n-sweep summary: Fig. 7)', kind: 'bar', metric: 'utilityCapped10', yLabel: 'per episode' },
  { id: 'utility', title: 'System utility, evaluation, literal', kind: 'bar', metric: 'utility', yLabel: 'per episode' },
  { id: 'delay-capped', title: 'Mean task delay, each capped at 10 s', kind: 'bar', metric: 'delayCapped10.mean', yLabel: 's' },
  { id: 'delay-median', title: 'Median task delay', kind: 'bar', metric: 'delay.median', yLabel: 's' },
  { id: 'load-variance', title: 'var(LD⁺), mean over steps', kind: 'bar', metric: 'loadVariance', yLabel: 's²' },
  { id: 'load-spread', title: 'Spread of the mean loads across servers, max − min (claim 4a)', kind: 'bar', metric: 'loadSpread', yLabel: 's' },
  { id: 'share-slope', title: 'Slope of the task share against server speed (claim 4b)', kind: 'bar', metric: 'shareSlopePerGHz', yLabel: '% per GHz' },
  { id: 'share-local', title: 'Share of tasks computed locally', kind: 'bar', metric: 'share.0', yLabel: '% of tasks' },
  ...[1, 2, 3, 4, 5].flatMap(perServer),
];

export const loadBalancingExperiment: Experiment<LoadBalancingExperimentConfig> = {
  name: 'load-balancing',
  title: 'Paper 2: DTOMALB (MADDPG + Gumbel-Softmax with a load-balancing reward) for task offloading to several edge servers',
  source: 'Zhang, Li, Peng, Pei, "A New Task Offloading Algorithm in Edge Computing"; spec shared/spec/02-load-balancing.md',
  methods: [
    { id: 'dtomalb', label: 'DTOMALB', description: 'MADDPG with straight-through Gumbel-Softmax actors, reward −ω1·t_n − ω2·var(LD⁺)' },
    { id: 'dtoma', label: 'DTOMA', description: 'DTOMALB trained with ω2 = 0 (no load-balancing term)' },
    { id: 'dqn-tolb', label: 'DQN-TOLB', description: 'one centralised DQN for all users (branching heads by default; joint where (M+1)^N ≤ 4096 on request), reward (1/N) Σ R_n' },
    { id: 'idql-tolb', label: 'IDQL-TOLB', description: 'independent DQN per user on its own observation and reward' },
    { id: 'random', label: 'Random', description: 'uniform over local and the M servers; no training (reference, not in the paper)' },
    { id: 'least-loaded', label: 'Least-loaded', description: 'users in index order to the server with the smallest post-decision load so far; never local (reference, not in the paper)' },
  ],
  presets: LOAD_BALANCING_PRESETS,
  defaultPreset: 'quick',
  defaultSeeds: [1, 2, 3, 4, 5],
  resolveConfig: (partial) => resolveLoadBalancingExperimentConfig(partial),
  resolutions: (c) => loadBalancingResolutions(c),
  runJob: (c, method, seed, ctx) => runLoadBalancingJob(c, method, seed, ctx),
  evaluatePolicy: (c, method, seed, policy, episodes, emit) => evaluateLoadBalancingPolicy(c, method, seed, policy, episodes, emit),
  claims: LOAD_BALANCING_CLAIMS,
  figures: LOAD_BALANCING_FIGURES,
};
