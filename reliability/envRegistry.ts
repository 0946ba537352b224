// The env registry of the reliability checks: every environment of lib/env with a fast-check
// arbitrary of its valid configs, hand-written out-of-range values of its fields, and its defaults
// (from which type-wrong and unknown-key configs are derived). A new env joins the fuzzing by adding
// one entry to `ENV_REGISTRY`. Lives outside lib/ so that lib/ never depends on fast-check.
//
// Every env is driven through one multi-agent view (`AnyEnv`): a single-agent `Env` is wrapped as
// one agent named 'agent', so the fuzzers handle both kinds the same way.

import fc from 'fast-check';
import type { Env, ParallelEnv, Space } from '../lib/rl/index.js';
import {
  BACKSCATTER_DEFAULTS, BackscatterEnv, CARTPOLE_DEFAULTS, CartPoleEnv, IOT_MULTI_RAT_DEFAULTS, IotMultiRatEnv, PENDULUM_DEFAULTS, PendulumEnv,
  LOAD_BALANCING_DEFAULTS, LoadBalancingEnv, SIMPLE_SPREAD_DEFAULTS, SMALL_CELL_DEFAULTS, SMART_COMMUNITY_DEFAULTS, SimpleSpreadEnv, SmallCellEnv, SmartCommunityEnv,
} from '../lib/env/index.js';

/** The multi-agent view the fuzzers drive (a `ParallelEnv` with untyped actions). */
export type AnyEnv = ParallelEnv<string, unknown, unknown, unknown, unknown>;
export type Config = Record<string, unknown>;

/** One out-of-range value of a field (dotted path) that the env must reject naming that field. */
export interface BadValue { readonly path: string; readonly value: unknown }

export interface EnvEntry {
  /** The env's id (as `env.id`). */
  readonly id: string;
  /** Builds the env from a partial config (a single-agent env is wrapped by `asParallel`). */
  make(config: Config): AnyEnv;
  /** The env's documented defaults (a plain object): the source of the type-wrong mutations. */
  readonly defaults: Readonly<Record<string, unknown>>;
  /** Valid partial configs, kept small enough that a short action sequence runs in milliseconds. */
  readonly validConfig: fc.Arbitrary<Config>;
  /** Out-of-range values of fields, each invalid whatever the other fields are. */
  readonly badValues: fc.Arbitrary<BadValue>;
  /** Steps per fuzzed action sequence (episodes are reset when they end). */
  readonly steps: number;
}

/** An env's out-of-range action policy (`actionBounds` of lib/rl/actionBounds.ts): 'clip' or 'error' (the default when it has none). */
export function actionBoundsOf(env: AnyEnv): 'clip' | 'error' {
  return (env as { actionBounds?: unknown }).actionBounds === 'clip' ? 'clip' : 'error';
}

const SINGLE_AGENT = 'agent';

/** A single-agent Env as a one-agent ParallelEnv (agent 'agent'). */
export function asParallel(env: Env<unknown, unknown, unknown, unknown>): AnyEnv {
  let running = false;
  return {
    id: env.id,
    possibleAgents: [SINGLE_AGENT],
    get agents() { return running ? [SINGLE_AGENT] : []; },
    maxEpisodeSteps: env.maxEpisodeSteps,
    observationSpace: (a) => { if (a !== SINGLE_AGENT) throw new RangeError(`unknown agent ${a}`); return env.observationSpace; },
    actionSpace: (a) => { if (a !== SINGLE_AGENT) throw new RangeError(`unknown agent ${a}`); return env.actionSpace as Space<unknown>; },
    reset(opts) {
      const r = env.reset(opts as never);
      running = true;
      return { obs: { [SINGLE_AGENT]: r.obs }, infos: { [SINGLE_AGENT]: r.info } };
    },
    step(actions) {
      if (typeof actions !== 'object' || actions === null) throw new TypeError(`${env.id}.step: actions must be an object, got ${String(actions)}`);
      const keys = Object.keys(actions);
      if (keys.length !== 1 || keys[0] !== SINGLE_AGENT) throw new RangeError(`${env.id}.step: actions must hold exactly agent "${SINGLE_AGENT}", got keys ${JSON.stringify(keys)}`);
      const r = env.step((actions as Record<string, unknown>)[SINGLE_AGENT]);
      if (r.terminated || r.truncated) running = false;
      return { obs: { [SINGLE_AGENT]: r.obs }, rewards: { [SINGLE_AGENT]: r.reward }, terminations: { [SINGLE_AGENT]: r.terminated }, truncations: { [SINGLE_AGENT]: r.truncated }, infos: { [SINGLE_AGENT]: r.info } };
    },
    getState: () => env.getState(),
    setState: (s) => { env.setState(s); },
    actionBounds: (env as { actionBounds?: unknown }).actionBounds,
  } as AnyEnv;
}

/** Adds a random `actionBounds` ('clip' | 'error') to the valid configs of envs that have the field. */
function withActionBounds(e: EnvEntry): EnvEntry {
  if (!('actionBounds' in e.defaults)) return e;
  return { ...e, validConfig: fc.tuple(e.validConfig, fc.option(fc.constantFrom('clip', 'error'), { nil: undefined })).map(([c, b]) => (b === undefined ? c : { ...c, actionBounds: b })), badValues: fc.oneof(e.badValues, bad('actionBounds', 'clamp', 'Clip', '')) };
}

/** log-uniform double in [lo, hi] (both > 0), plus the two ends. */
export function logUniform(lo: number, hi: number): fc.Arbitrary<number> {
  return fc.oneof(
    { weight: 1, arbitrary: fc.constantFrom(lo, hi) },
    { weight: 6, arbitrary: fc.double({ min: Math.log(lo), max: Math.log(hi), noNaN: true }).map((e) => Math.min(hi, Math.max(lo, Math.exp(e)))) },
  );
}
const unitInterval = fc.oneof(fc.constantFrom(0, 1), fc.double({ min: 0, max: 1, noNaN: true }));
/** [a, b] with lo <= a <= b <= hi (log scale). */
function orderedPair(lo: number, hi: number): fc.Arbitrary<[number, number]> {
  return fc.tuple(logUniform(lo, hi), logUniform(lo, hi)).map(([a, b]) => (a <= b ? [a, b] : [b, a]));
}
const seedArb = fc.oneof(fc.integer({ min: 0, max: 1000 }), fc.constantFrom(Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER, -1));
const bad = (path: string, ...values: unknown[]): fc.Arbitrary<BadValue> => fc.constantFrom(...values).map((value) => ({ path, value }));

const ENTRIES: readonly EnvEntry[] = [
  {
    id: 'Pendulum-v1',
    make: (c) => asParallel(new PendulumEnv(c) as never),
    defaults: PENDULUM_DEFAULTS,
    validConfig: fc.record({ g: logUniform(1e-6, 1e3), maxEpisodeSteps: fc.integer({ min: 1, max: 50 }), seed: seedArb }, { requiredKeys: [] }),
    badValues: fc.oneof(bad('g', 0, -1, -1e-300), bad('maxEpisodeSteps', 0, -3, 1.5, 2 ** 31), bad('seed', 0.5, 2 ** 53)),
    steps: 12,
  },
  {
    id: 'CartPole-v1',
    make: (c) => asParallel(new CartPoleEnv(c) as never),
    defaults: CARTPOLE_DEFAULTS,
    validConfig: fc.record({ kinematicsIntegrator: fc.constantFrom('euler', 'semi-implicit-euler'), suttonBartoReward: fc.boolean(), maxEpisodeSteps: fc.integer({ min: 1, max: 50 }), seed: seedArb }, { requiredKeys: [] }),
    badValues: fc.oneof(bad('kinematicsIntegrator', 'rk4', 'Euler', ''), bad('maxEpisodeSteps', 0, 2 ** 31, 7.5)),
    steps: 12,
  },
  {
    id: 'simple_spread',
    make: (c) => new SimpleSpreadEnv(c) as unknown as AnyEnv,
    defaults: SIMPLE_SPREAD_DEFAULTS,
    validConfig: fc.record({ numAgents: fc.integer({ min: 1, max: 5 }), maxEpisodeSteps: fc.integer({ min: 1, max: 25 }), continuous: fc.boolean(), variant: fc.constantFrom('original', 'pettingzoo'), localRatio: unitInterval, seed: seedArb }, { requiredKeys: [] }),
    badValues: fc.oneof(bad('numAgents', 0, 17, 2.5, -1), bad('localRatio', -0.1, 1.0000001, 2), bad('variant', 'mpe', '')),
    steps: 10,
  },
  {
    id: 'small-cell',
    make: (c) => new SmallCellEnv(c) as unknown as AnyEnv,
    defaults: SMALL_CELL_DEFAULTS,
    validConfig: fc.record({
      seed: seedArb,
      numCells: fc.integer({ min: 1, max: 3 }),
      uesPerCell: fc.integer({ min: 1, max: 4 }),
      numChannels: fc.integer({ min: 1, max: 4 }),
      bandwidthHz: logUniform(1, 1e10),
      maxPowerW: logUniform(1e-6, 1e3),
      noisePsdWPerHz: logUniform(1e-25, 1e-3),
      taskSizeKB: orderedPair(1e-3, 1e5),
      cyclesPerBit: orderedPair(1e-3, 1e5),
      kiloByteBits: fc.constantFrom(8000, 8192),
      deadlineFactor: logUniform(1e-6, 1e3),
      ueCpuHz: logUniform(1e3, 1e12),
      sbsCpuHz: logUniform(1e3, 1e13),
      energyCoefficients: fc.constant('custom'),
      ueJoulesPerCycle: fc.oneof(fc.constant(0), logUniform(1e-15, 1)),
      sbsJoulesPerCycle: fc.oneof(fc.constant(0), logUniform(1e-15, 1)),
      sbsMinSeparation: fc.constantFrom(0, 10, 100),
      minLinkDistance: logUniform(1e-3, 100),
      topology: fc.constantFrom('perRun', 'perEpisode'),
      obsNorm: fc.constantFrom('scaled', 'paper'),
      interferenceObs: fc.constantFrom('previousSlot', 'zero'),
      channelDecoding: fc.constantFrom('scores', 'index'),
      alphaSnap: fc.double({ min: 0, max: 0.49, noNaN: true }),
      cpuShareMode: fc.constantFrom('sumToOne', 'capAtOne'),
      rewardMode: fc.constantFrom('cooperative', 'local'),
      beta: fc.oneof(fc.constant(0), logUniform(1e-6, 1e6)),
      latencyPenaltyFloor: fc.oneof(fc.constant(null), fc.double({ min: -1e6, max: 0, noNaN: true })),
      maxTxTime: fc.oneof(fc.constant(null), logUniform(1e-6, 1e6)),
      episodeLength: fc.integer({ min: 1, max: 6 }),
    }, { requiredKeys: ['energyCoefficients'] }),
    badValues: fc.oneof(
      bad('numCells', 0, 1025, 1.5), bad('uesPerCell', 0, -2), bad('numChannels', 0, 4097), bad('bandwidthHz', 0, -1e7),
      bad('alphaSnap', 0.5, -0.01, 1), bad('taskSizeKB', [300, 200], [0, 1], [1], [1, 2, 3]), bad('kiloByteBits', 8001, 1024),
      bad('ueMinDistance', 250, -1), bad('pFloor', 0, -1), bad('latencyPenaltyFloor', 1), bad('maxTxTime', 0, -1),
      bad('episodeLength', 0, 2 ** 31), bad('obsDb.hScale', 0, -30), bad('topologyMaxTries', 0, 1e10),
    ),
    steps: 8,
  },
  {
    id: 'iot-multi-rat',
    make: (c) => new IotMultiRatEnv(c) as unknown as AnyEnv,
    defaults: IOT_MULTI_RAT_DEFAULTS,
    validConfig: fc.record({
      seed: seedArb,
      numUsers: fc.integer({ min: 1, max: 8 }),
      loraSubchannels: fc.integer({ min: 1, max: 4 }),
      wifiSubchannels: fc.integer({ min: 1, max: 4 }),
      loraBandwidthHz: logUniform(1, 1e9),
      wifiBandwidthHz: logUniform(1, 1e9),
      loraNoisePsdDbmPerHz: fc.double({ min: -250, max: 50, noNaN: true }),
      wifiNoisePsdDbmPerHz: fc.double({ min: -250, max: 50, noNaN: true }),
      loraSinrThresholdDb: fc.double({ min: -100, max: 100, noNaN: true }),
      wifiSinrThresholdDb: fc.double({ min: -100, max: 100, noNaN: true }),
      loraPowerLevelsW: fc.uniqueArray(logUniform(1e-6, 1e3), { minLength: 1, maxLength: 4 }).map((a) => [...a].sort((x, y) => x - y)),
      taskBits: orderedPair(1, 1e9),
      cyclesPerBit: logUniform(1e-3, 1e5),
      energyOrder: fc.constantFrom('swapped', 'literal'),
      edgeCpuHz: logUniform(1e3, 1e13),
      userCpuHz: orderedPair(1e3, 1e12),
      beta: fc.oneof(fc.constant(0), logUniform(1e-6, 1e6)),
      distanceMeanM: logUniform(1e-3, 1e5),
      distanceStdM: fc.oneof(fc.constant(0), logUniform(1e-3, 1e4)),
      minDistanceM: logUniform(1e-3, 100),
      pathLossExponent: fc.double({ min: 0, max: 6, noNaN: true }),
      rayleighScale: logUniform(1e-3, 1e3),
      slotDuration: logUniform(1e-6, 1e3),
      edgeCapacityPerSlot: fc.oneof(fc.constant(null), logUniform(1, 1e15)),
      waitingCost: fc.oneof(fc.constant(0), logUniform(1e-6, 1e6)),
      failurePenalty: fc.oneof(fc.constant(0), logUniform(1e-6, 1e6)),
      delayCap: logUniform(1e-6, 1e6),
      wAllCounts: fc.constantFrom('received', 'attempted'),
      episodeLength: fc.integer({ min: 1, max: 8 }),
    }, { requiredKeys: [] }),
    badValues: fc.oneof(
      bad('numUsers', 0, 1025, 2.5), bad('loraSubchannels', 0), bad('loraPowerLevelsW', [], [0.2, 0.1], [0, 0.1], [-1]),
      bad('taskBits', [4e6, 1e4], [0, 1]), bad('edgeCapacityPerSlot', 0, -5), bad('delayCap', 0), bad('energyOrder', 'sorted'), bad('episodeLength', 0),
    ),
    steps: 8,
  },
  {
    id: 'backscatter',
    make: (c) => new BackscatterEnv(c) as unknown as AnyEnv,
    defaults: BACKSCATTER_DEFAULTS,
    validConfig: fc.record({
      seed: seedArb,
      numAntennas: fc.integer({ min: 1, max: 4 }),
      userPositions: fc.array(fc.tuple(fc.double({ min: -100, max: 100, noNaN: true }), fc.double({ min: -100, max: 100, noNaN: true })).filter(([x, y]) => Math.hypot(x, y) >= 1), { minLength: 1, maxLength: 4 }),
      distanceScale: logUniform(1e-3, 1e3),
      slotDuration: logUniform(1e-3, 1e3),
      eta: unitInterval,
      mu1: fc.oneof(fc.constant(0), logUniform(1e-6, 1e3)),
      mu2: fc.oneof(fc.constant(0), logUniform(1e-6, 1e3)),
      workloadMean: logUniform(1e-3, 1e6),
      workloadFloor: fc.integer({ min: 1, max: 100 }),
      physics: fc.record({
        noisePower: logUniform(1e-20, 1),
        rateScale: logUniform(1e-3, 1e3),
        apPower: logUniform(1e-6, 1e3),
        reflectionGain: fc.double({ min: 1e-6, max: 1, noNaN: true }),
        circuitPower: fc.oneof(fc.constant(0), logUniform(1e-9, 1)),
        maxUserTxPower: logUniform(1e-6, 10),
        localRate: logUniform(1e-3, 1e6),
        phiLocal: fc.oneof(fc.constant(0), logUniform(1e-12, 1)),
        phiMec: fc.oneof(fc.constant(0), logUniform(1e-12, 1)),
        batteryMax: logUniform(1e-12, 1e3),
        batteryInitFraction: unitInterval,
        sigmaReward: fc.double({ min: 0, max: 100, noNaN: true }),
        efficiencyFloorJ: logUniform(1e-15, 1),
      }, { requiredKeys: [] }),
      userObs: fc.constantFrom('extended', 'paper'),
      includeDownlink: fc.boolean(),
      passiveSnrModel: fc.constantFrom('normalizedMrc', 'paperLiteral'),
      activeDropRule: fc.constantFrom('strict', 'literal'),
      feasTol: fc.double({ min: 0, max: 0.01, noNaN: true }),
      carryOverOutage: fc.constant(false),
      scheme: fc.constantFrom('hybrid', 'active-enabled', 'mec-disabled'),
      obsRateScale: logUniform(1e-3, 1e6),
      obsHarvestScale: logUniform(1e-9, 1e3),
      episodeLength: fc.integer({ min: 1, max: 5 }),
    }, { requiredKeys: [] }),
    // userPositions [[0, −1e−7]]: nearer than 1 mm at every distanceScale the valid arbitrary draws (≤ 1e3);
    // [[0, −1e−5]] was rightly accepted at distanceScale ≥ 100 (4 false failures in the full check).
    badValues: fc.oneof(
      bad('numAntennas', 0, 65, 1.5), bad('eta', -0.1, 1.1), bad('userPositions', [], [[0, 0]], [[1]], [[1, 2, 3]], [[1e-300, 0]], [[0, -1e-7]]), bad('workloadMean', 0, 2e6),
      bad('physics.apPower', 0, -1), bad('physics.reflectionGain', 0, 1.5), bad('feasTol', 0.02, -1e-9), bad('workloadFloor', 0, 0.5), bad('scheme', 'passive'),
    ),
    steps: 5,
  },
  {
    id: 'smart-community',
    make: (c) => new SmartCommunityEnv(c) as unknown as AnyEnv,
    defaults: SMART_COMMUNITY_DEFAULTS,
    validConfig: fc.record({
      seed: seedArb,
      numCommunities: fc.integer({ min: 1, max: 3 }),
      devicesPerCommunity: fc.integer({ min: 1, max: 4 }),
      mecCpuHz: logUniform(1e3, 1e13),
      bandwidthHz: logUniform(1, 1e10),
      slotsPerEpoch: fc.integer({ min: 1, max: 3 }),
      subSlotsPerSlot: fc.integer({ min: 1, max: 4 }),
      slotDurationS: logUniform(1e-3, 1e2),
      deadlineS: logUniform(1e-3, 1e2),
      dataBits: orderedPair(1, 1e9),
      cycles: orderedPair(1, 1e12),
      txPowerW: orderedPair(1e-6, 1e2),
      deviceCpuHz: orderedPair(1e3, 1e12),
      mecPowerW: fc.oneof(fc.constant(0), logUniform(1e-3, 1e4)),
      batteryCapacityJ: logUniform(1e-6, 1e4),
      harvestJ: fc.oneof(fc.constant(0), logUniform(1e-6, 1e4)),
      harvestPer: fc.constantFrom('subSlot', 'slot'),
      capacitance: fc.oneof(fc.constant(0), logUniform(1e-30, 1e-20)),
      noisePowerW: logUniform(1e-15, 1e3),
      distanceM: orderedPair(1e-2, 1e4),
      qT: fc.tuple(unitInterval, unitInterval).map(([a, b]) => (a <= b ? [a, b] : [b, a])),
      qE: fc.tuple(unitInterval, unitInterval).map(([a, b]) => (a <= b ? [a, b] : [b, a])),
      arrival: fc.constantFrom('perSlot', 'poisson'),
      arrivalMean: fc.double({ min: 1e-3, max: 100, noNaN: true }).filter((x) => x > 0),
      minShare: unitInterval,
      shareEpsilon: logUniform(1e-12, 1),
      resourceModel: fc.constantFrom('reservation', 'perSubslot'),
      eq13Mode: fc.constantFrom('corrected', 'literal'),
      chargeMecEnergyToDevice: fc.boolean(),
      failureReward: fc.constantFrom('paper', 'penaltyPlusCost'),
      energyMetric: fc.constantFrom('nominal', 'charged'),
      rewardScale: logUniform(1e-6, 1e6),
      obsMode: fc.constantFrom('paper', 'extended'),
    }, { requiredKeys: [] }),
    badValues: fc.oneof(
      bad('numCommunities', 0, 65), bad('devicesPerCommunity', 0, 257), bad('arrivalMean', 0, 101), bad('minShare', -0.1, 1.1),
      bad('batteryInitJ', -1, 1e9), bad('dataBits', [2, 1], [0, 1]), bad('qT', [-0.1, 1]), bad('communityTaskScale', [1, 1, 1, 1, 1], [0, 1, 1], 'x'),
      bad('obsScale.qp', 0), bad('subSlotsPerSlot', 0, 1001),
    ),
    steps: 10,
  },
  {
    id: 'load-balancing',
    make: (c) => new LoadBalancingEnv(c) as unknown as AnyEnv,
    defaults: LOAD_BALANCING_DEFAULTS,
    validConfig: fc.record({
      seed: seedArb,
      numUsers: fc.integer({ min: 1, max: 6 }),
      numServers: fc.integer({ min: 1, max: 4 }),
      serverCpu: fc.constantFrom('fig8', 'uniform'),
      serverCpuRangeHz: orderedPair(1e3, 1e13),
      localCpuRangeHz: orderedPair(1e3, 1e12),
      taskSizeKB: orderedPair(1e-3, 1e5),
      kiloByteBits: fc.constantFrom(8000, 8192),
      taskCyclesRange: orderedPair(1, 1e12),
      bandwidthHz: logUniform(1, 1e10),
      txPowerW: logUniform(1e-6, 1e3),
      noisePsdWPerHz: logUniform(1e-25, 1e-3),
      cellRadiusM: logUniform(1, 1e4),
      minDistanceM: fc.constantFrom(0, 0.5),
      forwardRateBps: logUniform(1, 1e12),
      stepDurationS: logUniform(1e-4, 1e2),
      omega1: fc.oneof(fc.constant(0), logUniform(1e-6, 1e6)),
      omega2: fc.oneof(fc.constant(0), logUniform(1e-6, 1e6)),
      bandwidthSplit: fc.constantFrom('offloading', 'allUsers'),
      queueModel: fc.constantFrom('paper', 'event'),
      obsMode: fc.constantFrom('paper', 'extended'),
      rewardDelayCapS: fc.oneof(fc.constant(null), logUniform(1e-6, 1e6)),
      episodeLength: fc.integer({ min: 1, max: 8 }),
      positionSampling: fc.constantFrom('polar', 'square'),
      taskDrawOrder: fc.constantFrom('userMajor', 'quantityMajor'),
    }, { requiredKeys: ['minDistanceM'] }),
    badValues: fc.oneof(
      bad('numUsers', 0, 1025, 1.5), bad('numServers', 0, 65), bad('serverCpuRangeHz', [2, 1], [0, 1]), bad('kiloByteBits', 8001),
      bad('minDistanceM', -1, 1e9), bad('rewardDelayCapS', 0, -1), bad('episodeLength', 0), bad('positionMaxTries', 0, 1e10), bad('queueModel', 'mm1'),
    ),
    steps: 8,
  },
];

/** Every env of lib/env: a new env joins the reliability checks by adding its entry to ENTRIES. */
export const ENV_REGISTRY: readonly EnvEntry[] = ENTRIES.map(withActionBounds);

/** The registry entry of `id`. */
export function envEntry(id: string): EnvEntry {
  const e = ENV_REGISTRY.find((x) => x.id === id);
  if (e === undefined) throw new RangeError(`no env '${id}' in the reliability registry (have: ${ENV_REGISTRY.map((x) => x.id).join(', ')})`);
  return e;
}
