// The classic validation tasks as experiments of the one runner (`mecrl run pendulum`, …):
// Pendulum-v1 (DDPG, TD3), CartPole-v1 (DQN), and the Q-learning chain. Their claims are the
// learning-check gates of issue 3 (RL Baselines3 Zoo's published results as the yardstick).

import { cartPole, pendulum } from '../../lib/env/classic/index.js';
import { deriveStream } from '../../lib/random/index.js';
import { Ddpg } from '../../lib/rl/ddpg.js';
import { Dqn } from '../../lib/rl/dqn.js';
import { actorCriticLearner, dqnLearner, type Learner } from '../../lib/rl/learners.js';
import { OffPolicyTrainer, evaluate } from '../../lib/rl/offPolicy.js';
import type { Box, Discrete } from '../../lib/rl/spaces.js';
import { Td3 } from '../../lib/rl/td3.js';
import { actorCriticPolicyActor, dqnPolicyActor, savePolicy, type PolicyActor } from '../../lib/rl/policyFile.js';
import { checkInt, checkIntArray, checkNum, mergeConfig } from '../common/config.js';
import { trainLoop } from '../common/trainLoop.js';
import { mean } from '../stats.js';
import type { ClaimSpec, Experiment, JobContext, JobResult, MetricRow, PerSeedMetrics } from '../types.js';
import type { StateValue } from '../../lib/rl/checkpoint.js';
import { CARTPOLE_DQN, PENDULUM, qLearningChain } from './index.js';

type PendulumConfig = { -readonly [K in keyof typeof PENDULUM]: (typeof PENDULUM)[K] extends readonly number[] ? number[] : (typeof PENDULUM)[K] };
type CartPoleConfig = { -readonly [K in keyof typeof CARTPOLE_DQN]: (typeof CARTPOLE_DQN)[K] extends readonly number[] ? number[] : (typeof CARTPOLE_DQN)[K] };

/** Trains `learner` with an OffPolicyTrainer through `trainLoop`, then evaluates; shared by the single-agent tasks. */
function offPolicyJob<A>(
  make: () => { env: ConstructorParameters<typeof OffPolicyTrainer<A>>[0]; evalEnv: Parameters<typeof evaluate<A>>[0]; learner: Learner<A>; portable: () => PolicyActor },
  c: { steps: number; bufferSize: number; batchSize: number; warmupSteps: number; updateEvery: number; gradientSteps: number; evalEpisodes: number },
  method: string, seed: number, ctx: JobContext, episodesHint: number,
): JobResult {
  const { env, evalEnv, learner, portable } = make();
  let last: number | undefined;
  const trainer = new OffPolicyTrainer(env, learner, { seed, bufferSize: c.bufferSize, batchSize: c.batchSize, warmupSteps: c.warmupSteps, updateEvery: c.updateEvery, gradientSteps: c.gradientSteps }, (e) => {
    if (e.kind !== 'episode') return;
    last = e.return;
    ctx.emit({ method, seed, phase: 'train', episode: e.episode, values: { return: e.return, length: e.length, step: e.step } });
  });
  const interrupted = trainLoop(trainer, ctx, { maxSteps: c.steps, progressTotal: episodesHint, latestReward: () => last });
  if (interrupted) return { method, seed, metrics: {}, interrupted: true };
  const ev = evaluate(evalEnv, learner, c.evalEpisodes, seed);
  ev.returns.forEach((r, i) => ctx.emit({ method, seed, phase: 'eval', episode: i, values: { return: r, length: ev.lengths[i]! } }));
  const portablePolicy = savePolicy({ actors: [portable()], metadata: { env: env.id, method, seed } });
  return { method, seed, metrics: { evalReturn: ev.meanReturn }, interrupted: false, policy: learner.getState(), portablePolicy };
}

function makePendulum(c: PendulumConfig, method: string, seed: number) {
  const env = pendulum(), evalEnv = pendulum();
  const common = { obsDim: 3, actionDim: 1, hiddenSizes: c.hiddenSizes, gamma: c.gamma, tau: c.tau, actorLr: c.lr, criticLr: c.lr, finalLayerInit: null };
  const agent = method === 'ddpg' ? new Ddpg({ ...common, criticWeightDecay: 0 }, deriveStream(seed, 'init')) : new Td3(common, deriveStream(seed, 'init'), deriveStream(seed, 'target-noise'));
  const space = env.actionSpace as Box;
  return { env, evalEnv, learner: actorCriticLearner(agent, space, { kind: 'gaussian', std: c.explorationStd }, deriveStream(seed, 'explore')), portable: () => actorCriticPolicyActor(agent, { id: 'agent', bounds: space }) };
}

function makeCartPole(c: CartPoleConfig, seed: number) {
  const env = cartPole(), evalEnv = cartPole();
  const agent = new Dqn({ obsDim: 4, nvec: [2], hiddenSizes: c.hiddenSizes, lr: c.lr, gamma: c.gamma, double: c.double, targetUpdateInterval: c.targetUpdateInterval, maxGradNorm: c.maxGradNorm, epsilonStart: 1, epsilonEnd: c.epsilonEnd, epsilonSteps: c.epsilonSteps }, deriveStream(seed, 'init'));
  const space = env.actionSpace as Discrete;
  return { env, evalEnv, learner: dqnLearner(agent, space, deriveStream(seed, 'explore')), portable: () => dqnPolicyActor(agent, { id: 'agent', start: space.start }) };
}

/** `mecrl eval`: restore a saved learner and evaluate it on the (seed, 'eval') episodes. */
function reevaluate<A>(made: { evalEnv: Parameters<typeof evaluate<A>>[0]; learner: Learner<A> }, method: string, seed: number, policy: StateValue | undefined, episodes: number, emit: (r: MetricRow) => void): Record<string, number> {
  if (policy === undefined) throw new Error(`${method} seed ${seed}: no saved policy`);
  made.learner.setState(policy);
  const ev = evaluate(made.evalEnv, made.learner, episodes, seed);
  ev.returns.forEach((r, i) => emit({ method, seed, phase: 'eval', episode: i, values: { return: r, length: ev.lengths[i]! } }));
  return { evalReturn: ev.meanReturn };
}

function thresholdClaim(id: string, method: string, text: string, stat: 'mean' | 'min' | 'count475', threshold: number): ClaimSpec {
  return {
    id, text, metric: 'evalReturn', rule: 'threshold', gate: true, op: '>=', threshold,
    judge(m: PerSeedMetrics) {
      const v = m[method]?.['evalReturn'];
      if (v === undefined || v.length === 0) return { holds: null, evidence: `no ${method} results` };
      const value = stat === 'mean' ? mean(v) : stat === 'min' ? Math.min(...v) : v.filter((x) => x >= 475).length;
      return { holds: value >= threshold, value, perSeed: v, evidence: `${stat === 'count475' ? 'seeds with mean return >= 475' : stat === 'mean' ? 'mean over seeds' : 'worst seed'} = ${value.toFixed(stat === 'count475' ? 0 : 1)} (threshold >= ${threshold}); per seed: ${v.map((x) => x.toFixed(1)).join(', ')}` };
    },
  };
}

export const pendulumExperiment: Experiment<PendulumConfig> = {
  name: 'pendulum',
  validation: true,
  title: 'DDPG and TD3 on Pendulum-v1 (validation)',
  source: 'Gymnasium Pendulum-v1; RL Baselines3 Zoo hyperparams/{ddpg,td3}.yml',
  methods: [
    { id: 'ddpg', label: 'DDPG', description: 'Lillicrap et al. 2016 (SB3 settings: no critic L2, input-layer action)' },
    { id: 'td3', label: 'TD3', description: 'Fujimoto et al. 2018' },
  ],
  presets: {
    quick: { description: 'the learning-check settings: zoo hyperparameters with [64, 64] networks and batch 128, 20 000 steps', config: {} },
    smoke: { description: 'seconds: 600 steps, for tests', config: { steps: 600, warmupSteps: 200, updateEvery: 200, gradientSteps: 50, hiddenSizes: [16, 16], batchSize: 32, evalEpisodes: 1 }, judgeClaims: false },
  },
  defaultPreset: 'quick',
  defaultSeeds: [1, 2, 3],
  resolveConfig(partial) {
    const c = mergeConfig({ ...PENDULUM, hiddenSizes: [...PENDULUM.hiddenSizes] } as PendulumConfig, partial);
    checkInt('steps', c.steps, 1); checkIntArray('hiddenSizes', c.hiddenSizes, 1); checkInt('batchSize', c.batchSize, 1, c.bufferSize);
    checkNum('gamma', c.gamma, 0, 1); checkNum('lr', c.lr, 0, 1); checkNum('tau', c.tau, 0, 1); checkInt('bufferSize', c.bufferSize, 1);
    checkInt('warmupSteps', c.warmupSteps, 0); checkInt('updateEvery', c.updateEvery, 1); checkInt('gradientSteps', c.gradientSteps, 0);
    checkNum('explorationStd', c.explorationStd, 0, 10); checkInt('evalEpisodes', c.evalEpisodes, 1);
    return c;
  },
  resolutions: (c) => ({ hiddenSizes: c.hiddenSizes, batchSize: c.batchSize }),
  runJob: (c, method, seed, ctx) => offPolicyJob(() => makePendulum(c, method, seed), c, method, seed, ctx, Math.ceil(c.steps / 200)),
  evaluatePolicy: (c, method, seed, policy, episodes, emit) => reevaluate(makePendulum(c, method, seed), method, seed, policy, episodes, emit),
  claims: ['ddpg', 'td3'].flatMap((m) => [
    thresholdClaim(`${m}-pendulum-mean`, m, `${m.toUpperCase()} reaches a mean final evaluation return >= −250 over seeds (RL Zoo: about −152 ± 94 at 20 000 steps)`, 'mean', -250),
    thresholdClaim(`${m}-pendulum-worst`, m, `${m.toUpperCase()}'s worst seed reaches >= −400`, 'min', -400),
  ]),
  figures: [{ id: 'return', title: 'Training return per episode', kind: 'curve', metric: 'return', yLabel: 'episode return' }],
};

export const cartpoleExperiment: Experiment<CartPoleConfig> = {
  name: 'cartpole',
  validation: true,
  title: 'DQN on CartPole-v1 (validation)',
  source: 'Gymnasium CartPole-v1; RL Baselines3 Zoo hyperparams/dqn.yml',
  methods: [{ id: 'dqn', label: 'DQN', description: 'Mnih et al. 2015 with SB3/zoo settings' }],
  presets: {
    quick: { description: 'the learning-check settings (zoo "Almost Tuned"), 50 000 steps', config: {} },
    smoke: { description: 'seconds: 1 000 steps, for tests', config: { steps: 1000, warmupSteps: 200, updateEvery: 100, gradientSteps: 10, hiddenSizes: [16], evalEpisodes: 1, epsilonSteps: 500 }, judgeClaims: false },
  },
  defaultPreset: 'quick',
  defaultSeeds: [1, 2, 3],
  resolveConfig(partial) {
    const c = mergeConfig({ ...CARTPOLE_DQN, hiddenSizes: [...CARTPOLE_DQN.hiddenSizes] } as CartPoleConfig, partial);
    checkInt('steps', c.steps, 1); checkIntArray('hiddenSizes', c.hiddenSizes, 1); checkNum('lr', c.lr, 0, 1); checkInt('batchSize', c.batchSize, 1, c.bufferSize);
    checkInt('bufferSize', c.bufferSize, 1); checkInt('warmupSteps', c.warmupSteps, 0); checkNum('gamma', c.gamma, 0, 1); checkInt('updateEvery', c.updateEvery, 1);
    checkInt('gradientSteps', c.gradientSteps, 0); checkInt('targetUpdateInterval', c.targetUpdateInterval, 1); checkInt('epsilonSteps', c.epsilonSteps, 1);
    checkNum('epsilonEnd', c.epsilonEnd, 0, 1); checkNum('maxGradNorm', c.maxGradNorm, 1e-12, 1e12); checkInt('evalEpisodes', c.evalEpisodes, 1);
    return c;
  },
  resolutions: (c) => ({ targetUpdateInterval: c.targetUpdateInterval, double: c.double }),
  runJob: (c, method, seed, ctx) => offPolicyJob(() => makeCartPole(c, seed), c, method, seed, ctx, Math.ceil(c.steps / 100)),
  evaluatePolicy: (c, method, seed, policy, episodes, emit) => reevaluate(makeCartPole(c, seed), method, seed, policy, episodes, emit),
  claims: [thresholdClaim('dqn-cartpole-seeds-solved', 'dqn', 'DQN solves CartPole-v1 (mean evaluation return >= 475) on at least 2 of 3 seeds (RL Zoo: 500 at 50 000 steps)', 'count475', 2)],
  figures: [{ id: 'return', title: 'Training return per episode', kind: 'curve', metric: 'return', yLabel: 'episode return' }],
};

interface QChainConfig { updates: number; slip: number; alphaFinal: number }

export const qChainExperiment: Experiment<QChainConfig> = {
  name: 'q-chain',
  validation: true,
  title: 'Tabular Q-learning on a slippery chain with an exact solution (validation)',
  source: 'Watkins & Dayan 1992; α decay of paper 4 eq. 36',
  methods: [
    { id: 'reward', label: 'maximise reward', description: 'goal reward 1, argmax' },
    { id: 'cost', label: 'minimise cost', description: 'step cost 0.25, argmin (paper 4 form)' },
  ],
  presets: {
    quick: { description: '20 million updates, α 0.5 → 1e-6', config: {} },
    smoke: { description: '20 000 updates', config: { updates: 20_000, alphaFinal: 1e-3 }, judgeClaims: false },
  },
  defaultPreset: 'quick',
  defaultSeeds: [1, 2, 3],
  resolveConfig(partial) {
    const c = mergeConfig<QChainConfig>({ updates: 20_000_000, slip: 0.1, alphaFinal: 1e-6 }, partial);
    checkInt('updates', c.updates, 1); checkNum('slip', c.slip, 0, 0.5); checkNum('alphaFinal', c.alphaFinal, 1e-12, 0.5);
    return c;
  },
  resolutions: () => ({}),
  runJob(c, method, seed, ctx) {
    const r = qLearningChain(method === 'reward' ? 'maximize-reward' : 'minimize-cost', seed, c.updates, c.slip, c.alphaFinal);
    ctx.progress({ episode: 1, episodes: 1 });
    return { method, seed, metrics: { maxError: r.maxError }, interrupted: false };
  },
  claims: ['reward', 'cost'].map((m): ClaimSpec => ({
    id: `qlearning-chain-${m}`, text: `Q-learning (${m}) converges to within 1e-3 of Q* on every seed`, metric: 'maxError', rule: 'threshold', gate: true, op: '<=', threshold: 1e-3,
    judge(mm) {
      const v = mm[m]?.['maxError'];
      if (v === undefined || v.length === 0) return { holds: null, evidence: `no ${m} results` };
      const worst = Math.max(...v);
      return { holds: worst <= 1e-3, value: worst, perSeed: v, evidence: `worst seed max |Q − Q*| = ${worst.toExponential(2)} (threshold <= 1e-3); per seed ${v.map((x) => x.toExponential(2)).join(', ')}` };
    },
  })),
  figures: [],
};
