// Paper 4 as an experiment of the one runner (`mecrl run iot-multi-rat`): Liu, Yu, Gao, "Multi-agent
// Reinforcement Learning for Resource Allocation in IoT networks with Edge Computing". Contract:
// shared/spec/04-iot-multi-rat.md. Config and its [R] resolutions: ./config.ts; the job (MA-Q
// training, evaluation of every method on the same slots): ./job.ts; claims: ./claims.ts.
// README.md has the cost estimate and what departs from the paper.

import type { Experiment, FigureSpec, Preset } from '../types.js';
import { IOT_CLAIMS, IOT_SWEEP_CLAIMS_EPS, IOT_SWEEP_CLAIMS_FIG5, IOT_SWEEP_CLAIMS_FIG7 } from './claims.js';
import { iotResolutions, resolveIotExperimentConfig, type IotExperimentConfig } from './config.js';
import { evaluateIotPolicy, printIotPolicy, runIotJob } from './job.js';

export { IOT_CLAIMS, IOT_MARGINS, IOT_SWEEP_CLAIMS_EPS, IOT_SWEEP_CLAIMS_FIG5, IOT_SWEEP_CLAIMS_FIG7, FIG7_SPLIT_U } from './claims.js';
export { resolveIotExperimentConfig, iotResolutions } from './config.js';
export type { IotExperimentConfig, IotEnvSettings, IotTrainSettings, IotCentralizedSettings, IotEvalSettings } from './config.js';
export { METHOD_IDS, runIotJob, evaluateIotPolicy, printIotPolicy, runEvaluation, buildLearners, makeEnv, evalEpisodeSeed, SlotStats, TRAIN_TAIL_FRACTION } from './job.js';
export type { MethodId, IotPolicy } from './job.js';

const FIG7_USERS = [5, 10, 15, 20, 25, 27, 30];

export const IOT_PRESETS: Readonly<Record<string, Preset>> = {
  paper: {
    description: "the paper's scale: U = 30, 10 000 training iterations, ε = 0.2, α 0.9 → 0.001, 1 000 greedy evaluation slots (the same as quick)",
    config: {},
  },
  quick: {
    description: "the paper's scale (U = 30, 10 000 iterations, 1 000 evaluation slots): tabular Q is cheap enough (README has the estimate). Claims are judged at this scale.",
    config: {},
  },
  smoke: {
    description: 'seconds, for tests: 4 users, 2 LoRa + 2 WiFi sub-channels, 300 iterations, 100 evaluation slots, 50-slot windows',
    config: { env: { numUsers: 4, loraSubchannels: 2, wifiSubchannels: 2 }, train: { iterations: 300, windowSlots: 50 }, eval: { slots: 100 } },
    seeds: [1, 2],
    judgeClaims: false,
  },
  'fig4-eps': {
    description: 'Fig. 4: C_ave of u1 vs iteration for ε ∈ {0.2, 0.5, 0.9} (U = 30); claim 1b is judged across it',
    config: {},
    methods: ['ma-q'],
    sweep: { key: 'train.epsilon', values: [0.2, 0.5, 0.9], claims: IOT_SWEEP_CLAIMS_EPS },
  },
  'fig5-users': {
    description: 'Fig. 5: C_ave of u1 vs iteration for U ∈ {10, 20, 30} (ε = 0.2); claim 2 is judged across it',
    config: {},
    methods: ['ma-q'],
    sweep: { key: 'env.numUsers', values: [10, 20, 30], claims: IOT_SWEEP_CLAIMS_FIG5 },
  },
  'fig7-users': {
    description: 'Fig. 7: average cost per user vs U ∈ {5, 10, 15, 20, 25, 27, 30} for every method; claims 4 are judged across it',
    config: {},
    sweep: { key: 'env.numUsers', values: FIG7_USERS, claims: IOT_SWEEP_CLAIMS_FIG7 },
  },
  'fig7-users-centralized-unaware': {
    description: 'Fig. 7 with the Centralized greedy ignoring the waiting cost (centralized.waitingAware = false, resolution 3), Centralized only',
    config: { centralized: { waitingAware: false } },
    methods: ['centralized'],
    sweep: { key: 'env.numUsers', values: FIG7_USERS },
  },
  'energy-literal': {
    description: "A1/A15: the literal energy order (e_E = 1e−7 > e_L = 1e−8 J/cycle) at the quick scale; its channel-access split is reported beside the default's",
    config: { env: { energyOrder: 'literal' } },
  },
  'alpha-end': {
    description: 'reviewer note: α_end ∈ {0.001, 0.01, 0.1} at the quick scale (zero-initialised entries first tried after α has decayed stay near 0)',
    config: {},
    sweep: { key: 'train.alphaFinal', values: [0.001, 0.01, 0.1] },
  },
  'penalty-sweep': {
    description: 'reviewer note: failure penalty ϖ ∈ {50, 100, 200, 500} at the quick scale',
    config: {},
    sweep: { key: 'env.failurePenalty', values: [50, 100, 200, 500] },
  },
  'ties-lowest': {
    description: "§4 [R]: greedy ties broken by the lowest index (all agents walk the action list in lockstep and collide)",
    config: { train: { tieBreak: 'lowest' } },
  },
};

export const IOT_FIGURES: readonly FigureSpec[] = [
  { id: 'cost-u1', title: 'C_ave of user u1 per 100-slot window vs training iteration (Figs. 4, 5); baselines: their evaluation level', kind: 'curve', metric: 'costU1', yLabel: 'mean cost of u1 per slot (J + β·s)', referenceMetric: 'costU1' },
  { id: 'cost-per-user-train', title: 'Average cost per user per slot during training; baselines: their evaluation level', kind: 'curve', metric: 'costPerUser', yLabel: 'cost per user per slot', referenceMetric: 'costPerUser' },
  { id: 'cost-u1-tail', title: "u1's mean cost over the last 10% of training (Figs. 4, 5 across the sweep)", kind: 'sweep', metric: 'trainCostU1Tail', yLabel: 'mean cost of u1 per slot' },
  { id: 'offloaders', title: 'Offloading users per slot (Fig. 6)', kind: 'bar', metric: 'offloaders', yLabel: 'users' },
  { id: 'collisions', title: 'Collisions per slot: shared LoRa + collided WiFi sub-channels (Fig. 6, resolution 2)', kind: 'bar', metric: 'collisions', yLabel: 'sub-channels' },
  { id: 'cost-per-user', title: 'Average cost per user per slot, greedy evaluation (Fig. 7)', kind: 'bar', metric: 'costPerUser', yLabel: 'cost per user per slot' },
  { id: 'local-users', title: 'Users computing locally per slot (Fig. 6)', kind: 'bar', metric: 'localUsers', yLabel: 'users' },
  { id: 'lora-users', title: 'Users on LoRa per slot (Fig. 6)', kind: 'bar', metric: 'loraUsers', yLabel: 'users' },
  { id: 'wifi-users', title: 'Users on WiFi per slot (Fig. 6)', kind: 'bar', metric: 'wifiUsers', yLabel: 'users' },
  { id: 'lora-shared', title: 'Shared LoRa sub-channels per slot (Fig. 6, A14)', kind: 'bar', metric: 'loraSharedSubchannels', yLabel: 'sub-channels with ≥ 2 users' },
  { id: 'wifi-collided', title: 'Collided WiFi sub-channels per slot (Fig. 6)', kind: 'bar', metric: 'wifiCollidedSubchannels', yLabel: 'sub-channels with ≥ 2 users' },
  { id: 'wifi-collided-all-failed', title: 'Collided WiFi sub-channels where every user failed, per slot', kind: 'bar', metric: 'wifiCollidedAllFailed', yLabel: 'sub-channels' },
  { id: 'over-capacity', title: 'Fraction of slots with W_all > W̄ (J = 0)', kind: 'bar', metric: 'overCapacityFraction', yLabel: 'fraction of slots' },
  { id: 'failed-users', title: 'Failed offloads per slot', kind: 'bar', metric: 'failedUsers', yLabel: 'users' },
];

export const iotMultiRatExperiment: Experiment<IotExperimentConfig> = {
  name: 'iot-multi-rat',
  title: 'Paper 4: independent-learner multi-agent Q-learning (IL-based MA-Q) for LoRa/WiFi offloading in IoT edge computing',
  source: 'Liu, Yu, Gao, "Multi-agent Reinforcement Learning for Resource Allocation in IoT networks with Edge Computing"; spec shared/spec/04-iot-multi-rat.md',
  methods: [
    { id: 'ma-q', label: 'IL-based MA-Q', description: 'one tabular Q-learner per user (8 states × 191 actions), r = −C, α of eq. 36, constant ε; greedy evaluation' },
    { id: 'centralized', label: 'Centralized', description: 'gateway greedy with full CSI and task sizes: largest saving C^L − (C^E + C^T) − Δω on free sub-channels (spec §4 [R])' },
    { id: 'random', label: 'Random', description: 'uniform RAT in {local, LoRa, WiFi}, then uniform sub-channel and power level' },
  ],
  presets: IOT_PRESETS,
  defaultPreset: 'quick',
  defaultSeeds: [1, 2, 3, 4, 5],
  resolveConfig: (partial) => resolveIotExperimentConfig(partial),
  resolutions: (c) => iotResolutions(c),
  runJob: (c, method, seed, ctx) => runIotJob(c, method, seed, ctx),
  evaluatePolicy: (c, method, seed, policy, episodes, emit) => evaluateIotPolicy(c, method, seed, policy, episodes, emit),
  printPolicy: (c, method, seed, policy) => printIotPolicy(c, method, seed, policy),
  claims: IOT_CLAIMS,
  figures: IOT_FIGURES,
};
