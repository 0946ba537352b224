// Paper 5 as an experiment of the one runner (`mecrl run smart-community`): Chen, Xiong, Chen, Min,
// Li, "Joint Computation Offloading and Resource Allocation in Multi-Edge Smart Communities With
// Personalized Federated Deep Reinforcement Learning", IEEE TMC 2024. Contract:
// shared/spec/05-smart-community.md. Config: ./config.ts; the job (driver loop, federated rounds,
// evaluation): ./job.ts; claims: ./claims.ts; Table III side by side: ./table3.ts (a section of the table3 sweep's REPORT.md). README.md has
// the scales, costs and what departs from the paper.

import type { Experiment, FigureSpec, MethodSpec, Preset } from '../types.js';
import { BANDWIDTH_SWEEP_CLAIMS, CAPACITY_SWEEP_CLAIMS, CYCLES_SWEEP_CLAIMS, SMART_COMMUNITY_CLAIMS } from './claims.js';
import { resolveSmartCommunityExperimentConfig, smartCommunityResolutions, type SmartCommunityExperimentConfig } from './config.js';
import { evaluateSmartCommunityPolicy, runSmartCommunityJob } from './job.js';
import { table3Markdown } from './table3.js';

export { SMART_COMMUNITY_CLAIMS, CYCLES_SWEEP_CLAIMS, BANDWIDTH_SWEEP_CLAIMS, CAPACITY_SWEEP_CLAIMS, groupClaim, largestChangeClaim, flatClaim, cyclesMidpoint } from './claims.js';
export { resolveSmartCommunityExperimentConfig, smartCommunityResolutions, federatedRounds, trainingSteps } from './config.js';
export type { SmartCommunityExperimentConfig, SmartCommunityEnvSettings, ScTrainSettings, ScFederatedSettings, ScDqnSettings, ScEvalSettings } from './config.js';
export { METHOD_IDS, LEARNER_IDS, isLearner, runSmartCommunityJob, evaluateSmartCommunityPolicy, restoreSmartCommunityGreedy, runEvaluation, evalEpisodeSeeds, makeEnv, Pool, DQN_OPTIONS } from './job.js';
export type { MethodId, LearnerId, EvalPolicy, SmartCommunityPolicy } from './job.js';
export { PAPER_TABLE3, TABLE3_BANDWIDTHS_HZ, TABLE3_COLUMNS, table3Markdown, spearman } from './table3.js';

/**
 * The reduced scale of `quick`, `table3` and the sweeps (stated in the report): the paper's env
 * (m = 3 communities × n = 10 EDs, 20 slots × 4 sub-slots), 40 training epochs instead of 2000,
 * networks [64, 64] instead of [128, 128], batch 64 instead of 256, 400 warm-up steps, and a
 * federation period f_p = 8 so that 5 rounds (epochs 0, 8, 16, 24, 32) happen and the proximal
 * terms act between them; DQN target sync every 200 updates; 10 evaluation epochs.
 */
export const QUICK = {
  train: { epochs: 40, hidden: [64, 64], batchSize: 64, bufferSize: 20_000, warmupSteps: 400 },
  federated: { period: 8 },
  dqn: { targetSync: 200 },
  eval: { episodes: 10 },
};

const withEnv = (env: Record<string, unknown>): Record<string, unknown> => ({ ...QUICK, env });

/** The methods (stable ids), in the report's order. */
const SMART_COMMUNITY_METHODS: readonly MethodSpec[] = [
  { id: 'pfr-oa', label: 'PFR-OA', description: 'per-community TD3 with proximal terms (eqs. 23–24), adaptive λ, partial-greedy selection, personalised soft update f_q' },
  { id: 'mcf-td3', label: 'MCF-TD3', description: 'per-community TD3 + FedAvg of all models every f_p epochs (f_q = 1, λ = 0, V = m)' },
  { id: 'td3', label: 'TD3', description: 'per-community TD3, no collaboration' },
  { id: 'ddpg', label: 'DDPG', description: 'per-community DDPG, same networks and noise' },
  { id: 'dqn', label: 'DQN', description: 'per-community action-branching double DQN, n heads × {local, offload weight 1, 2, 3}' },
  { id: 'greedy', label: 'Greedy', description: 'local if the local run meets C2 and C3, else offload with equal shares' },
  { id: 'edge', label: 'Edge', description: 'every task offloaded, equal shares' },
  { id: 'local', label: 'Local', description: 'every task local' },
];
const METHOD_LABELS: Readonly<Record<string, string>> = Object.fromEntries(SMART_COMMUNITY_METHODS.map((m) => [m.id, m.label]));

export const SMART_COMMUNITY_PRESETS: Readonly<Record<string, Preset>> = {
  paper: {
    description: "the spec's values: 3 communities × 10 EDs, 2000 epochs of 80 sub-slots, TD3 [128, 128], batch 256, f_p = 50 (40 rounds), 20 evaluation epochs; hours per method and seed (README.md)",
    config: {},
  },
  quick: {
    description: 'a stated reduced scale (the paper env; 40 epochs, [64, 64] networks, batch 64, f_p = 8 ⇒ 5 federated rounds, 10 evaluation epochs). Claims are judged at this scale.',
    config: QUICK,
    seeds: [1, 2, 3, 4, 5],
  },
  smoke: {
    description: 'seconds, for tests: 3 communities × 3 EDs, 3 slots, 4 epochs, [16] networks, batch 8, f_p = 2, 2 evaluation epochs',
    config: {
      env: { devicesPerCommunity: 3, slotsPerEpoch: 3 },
      train: { epochs: 4, hidden: [16], batchSize: 8, bufferSize: 500, warmupSteps: 10 },
      federated: { period: 2 },
      dqn: { targetSync: 20 },
      eval: { episodes: 2 },
    },
    seeds: [1, 2],
    judgeClaims: false,
  },
  table3: {
    description: 'Table III: every method at B ∈ {5, 15, 25} MHz, quick scale; the sweep report puts the three runs beside the paper (./table3.ts)',
    config: QUICK,
    seeds: [1, 2, 3, 4, 5],
    sweep: {
      key: 'env.bandwidthHz',
      values: [5e6, 1.5e7, 2.5e7],
      claims: BANDWIDTH_SWEEP_CLAIMS,
      section: (points) => table3Markdown(points.map((p) => ({ bandwidthHz: Number(p.value), methods: p.methods })), METHOD_LABELS),
    },
  },
  'gamma-sweep': {
    description: 'Fig. 5(a): PFR-OA only, γ ∈ {0.1, 0.5, 0.9, 0.995, 1.0} (γ = 1 per reviewer-note resolution 8), quick scale',
    config: QUICK,
    methods: ['pfr-oa'],
    sweep: { key: 'train.gamma', values: [0.1, 0.5, 0.9, 0.995, 1.0] },
  },
  'lr-sweep': {
    description: 'Fig. 5(b): PFR-OA only, learning rate τ ∈ {1e−3, 1e−4, 1e−5}, quick scale',
    config: QUICK,
    methods: ['pfr-oa'],
    sweep: { key: 'train.lr', values: [1e-3, 1e-4, 1e-5] },
  },
  'cycles-sweep': {
    description: 'Fig. 8: required cycles C ∈ [0.8, 1.0], [1.0, 1.2], [1.2, 1.4], [1.4, 1.6] Gcycles, every method, quick scale',
    config: QUICK,
    sweep: { key: 'env.cycles', values: [[0.8e9, 1e9], [1e9, 1.2e9], [1.2e9, 1.4e9], [1.4e9, 1.6e9]], claims: CYCLES_SWEEP_CLAIMS },
  },
  'capacity-sweep': {
    description: 'Fig. 9: MEC CPU F ∈ {10, 15, 20, 25, 30} GHz, every method, quick scale',
    config: QUICK,
    sweep: { key: 'env.mecCpuHz', values: [1e10, 1.5e10, 2e10, 2.5e10, 3e10], claims: CAPACITY_SWEEP_CLAIMS },
  },
  'heavy-load': {
    description: "what-if (reviewer-note resolution 1), NOT the paper's setting: Poisson arrivals with mean 2 per ED per slot, quick scale",
    config: withEnv({ arrival: 'poisson', arrivalMean: 2 }),
  },
  'scarce-energy': {
    description: "what-if (reviewer-note resolution 3): e_t harvested once per time-slot (harvestPer 'slot'), so the battery binds; quick scale",
    config: withEnv({ harvestPer: 'slot' }),
  },
};

const bar = (id: string, metric: string, title: string, yLabel: string): FigureSpec => ({ id, title, kind: 'bar', metric, yLabel });

export const SMART_COMMUNITY_FIGURES: readonly FigureSpec[] = [
  { id: 'train-reward', title: 'Training reward per epoch (Fig. 6)', kind: 'curve', metric: 'reward', yLabel: 'reward per epoch per community', referenceMetric: 'reward', movingAverage: 5 },
  { id: 'offload-fraction', title: 'Share of tasks offloaded', kind: 'bar', metric: 'offloadFraction', yLabel: 'offloaded / started' },
  { id: 'train-success', title: 'Training task success rate per epoch', kind: 'curve', metric: 'successRate', yLabel: 'success rate' },
  { id: 'train-prox-share', title: 'Proximal share of the loss per epoch: (prox critic + prox actor)/(TD + prox)', kind: 'curve', metric: 'proxShare', yLabel: 'share' },
  bar('reward', 'reward', 'Evaluation reward (Table III)', 'reward per epoch per community'),
  bar('success', 'successRate', 'Task success rate (Table III)', 'completed / decided'),
  bar('energy-nominal', 'energyNominal', 'Average energy, nominal eq. 15 (Table III)', 'J per task'),
  bar('energy-charged', 'energyCharged', 'Average energy, charged eqs. 9–13', 'J per task'),
  bar('wait', 'waitS', 'Average waiting time (Table III)', 's'),
  bar('fail-deadline', 'failDeadlineRate', 'Deadline (C2) failures', 'share of decided tasks'),
  bar('fail-battery', 'failBatteryRate', 'Battery (C3) failures', 'share of decided tasks'),
  bar('fail-timeout', 'failTimeoutRate', 'Queue time-outs', 'share of decided tasks'),
  bar('mean-beta', 'meanBeta', 'Mean β (compute share) of offloaded tasks', 'β'),
  bar('fail-greedy-would-succeed', 'failGreedyWouldSucceedRate', "Learner failures where Greedy's choice would have succeeded", 'share of decided tasks'),
];

export const smartCommunityExperiment: Experiment<SmartCommunityExperimentConfig> = {
  name: 'smart-community',
  title: 'Paper 5: PFR-OA (personalised federated TD3) for offloading and resource allocation in multi-edge smart communities',
  source: 'Chen, Xiong, Chen, Min, Li, IEEE TMC 2024; spec shared/spec/05-smart-community.md',
  methods: SMART_COMMUNITY_METHODS,
  presets: SMART_COMMUNITY_PRESETS,
  defaultPreset: 'quick',
  defaultSeeds: [1, 2, 3, 4, 5],
  resolveConfig: (partial) => resolveSmartCommunityExperimentConfig(partial),
  resolutions: (c) => smartCommunityResolutions(c),
  runJob: (c, method, seed, ctx) => runSmartCommunityJob(c, method, seed, ctx),
  evaluatePolicy: (c, method, seed, policy, episodes, emit) => evaluateSmartCommunityPolicy(c, method, seed, policy, episodes, emit),
  claims: SMART_COMMUNITY_CLAIMS,
  figures: SMART_COMMUNITY_FIGURES,
};
