// Configuration of the `load-balancing` environment (spec 02, Zhang, Li, Peng, Pei, "A New Task
// Offloading Algorithm in Edge Computing", DTOMALB).
//
// Every field is documented with its unit and allowed range. Defaults are the paper's Table 2 in SI
// plus the spec's [R] resolutions (spec 02 §2–3, §7 and the final "Resolutions of readings left
// open"). `resolveLoadBalancingConfig` validates a partial config against the defaults; every error
// names the field and its allowed range, e.g. `load-balancing: stepDurationS must be a finite number > 0, got 0`.

import type { KiloByteBits } from '../common/index.js';
import { fail, finiteWhere, integerIn, noUnknownKeys, nonNegative, oneOf, positive, range, record } from '../check.js';
import { pow } from '../../math/index.js';

/** Env id (spec 02), also the label of the env's own random stream (`envStream(seed, 'load-balancing')`). */
export const LOAD_BALANCING_ID = 'load-balancing';

/** Server CPU speeds (A9 [R]): the Fig. 8 list (evenly spaced over `serverCpuRangeHz`) or drawn U[range] once per run. */
export type ServerCpuMode = 'fig8' | 'uniform';
/** Eq. (5) divisor N_up (A2 [R]): the users offloading this step, or all N users. */
export type BandwidthSplit = 'offloading' | 'allUsers';
/** Edge queue (A4 [R], spec §3 step 3): eq. (8) literally, or exact FCFS with arrival times. */
export type QueueModel = 'paper' | 'event';
/** Observation (spec §3 [R]): χ only, or χ plus the user's own (L, C, f_local, log10 g). */
export type ObsMode = 'paper' | 'extended';
/** [R] (spec silent) How a user position is drawn: polar r = R·√U1, θ = 2π·U2, or x, y ~ U[−R, R) each; both redrawn until 35 m <= r <= R. */
export type PositionSampling = 'polar' | 'square';
/** [R] (spec silent) Per-step draw order: user by user (L_n, C_n, |h_n|²), or quantity by quantity (all L, then all C, then all |h|²). */
export type TaskDrawOrder = 'userMajor' | 'quantityMajor';

/** The resolved configuration (all fields present and validated). Units are SI unless the name says otherwise. */
export interface LoadBalancingConfig {
  /** Seed of the topology stream `deriveStream(seed, 'topology')` (positions, f_local, uniform f_m) and of the env generator until the first seeded reset. Safe integer; default 0. */
  readonly seed: number;
  /** N, users = agents `user_0..user_{N−1}`. Integer in [1, 1024]; paper 10. */
  readonly numUsers: number;
  /** M, edge servers (ECS 1 direct, 2..M forwarded). Integer in [1, 64]; paper 5. */
  readonly numServers: number;
  /** [R] A9: `fig8` (default) f_m = lo + (hi − lo)(m − 1)/(M − 1) (= 12, 14, 16, 18, 20 GHz for M = 5; lo for M = 1), or `uniform` U[lo, hi] once per run. */
  readonly serverCpu: ServerCpuMode;
  /** [lo, hi] of f_m, cycle/s. 0 < lo <= hi; paper [1.2e10, 2.0e10]. */
  readonly serverCpuRangeHz: readonly [number, number];
  /** [R] f_local range, cycle/s, drawn once per user per run. 0 < lo <= hi; paper [3e8, 5e8]. */
  readonly localCpuRangeHz: readonly [number, number];
  /** [R] A1: L range in KB (uniform per task). 0 < lo <= hi; default [300, 500]. */
  readonly taskSizeKB: readonly [number, number];
  /** Bits per KB: 8000 (default) or 8192. */
  readonly kiloByteBits: KiloByteBits;
  /** C range, cycle (uniform per task). 0 < lo <= hi; paper [8e8, 1.2e9]. */
  readonly taskCyclesRange: readonly [number, number];
  /** W, uplink bandwidth, Hz. > 0; paper 2e7. */
  readonly bandwidthHz: number;
  /** p_n, upload power, W. > 0; paper 0.5. */
  readonly txPowerW: number;
  /** [R] N0, W/Hz. > 0; default exactly 10^(−17.4)·1e−3 (−174 dBm/Hz). */
  readonly noisePsdWPerHz: number;
  /** [R] Users are area-uniform in the annulus [minDistanceM, cellRadiusM] around the eNB. > 0; default 500. */
  readonly cellRadiusM: number;
  /** [R] In [0, cellRadiusM); default 35. */
  readonly minDistanceM: number;
  /** [R] μ, fibre forwarding rate ECS 1 → ECS m >= 2, bit/s. > 0; default 1e9. */
  readonly forwardRateBps: number;
  /** [R] Δt, step duration, s. > 0; default 0.2. */
  readonly stepDurationS: number;
  /** [R] ω1 of eq. (20), per s. Finite, >= 0; default 1. */
  readonly omega1: number;
  /** [R] ω2 of eq. (20), per s². Finite, >= 0; default 1 (DTOMA: 0). */
  readonly omega2: number;
  /** [R] A2; default `offloading`. */
  readonly bandwidthSplit: BandwidthSplit;
  /** [R] A4; default `paper`. */
  readonly queueModel: QueueModel;
  /** [R] default `paper`. */
  readonly obsMode: ObsMode;
  /** [R] Resolution 1: cap on t_n inside the reward only, s (a labelled what-if); null = literal (default). */
  readonly rewardDelayCapS: number | null;
  /** [R] Steps per episode; truncation, no terminal state. Integer in [1, 2^31 − 1]; default 50. */
  readonly episodeLength: number;
  /** Candidate draws per user position before placement fails. Integer in [1, 1e9]; default 10 000. */
  readonly positionMaxTries: number;
  /** [R] spec silent; default `polar`. */
  readonly positionSampling: PositionSampling;
  /** [R] spec silent; default `userMajor`. */
  readonly taskDrawOrder: TaskDrawOrder;
}

/** Input of {@link resolveLoadBalancingConfig}: any subset of the fields. */
export type LoadBalancingConfigInput = Partial<LoadBalancingConfig>;

/** −174 dBm/Hz in W/Hz, exactly as resolution 4 writes it. */
export const NOISE_PSD_DEFAULT = pow(10, -17.4) * 1e-3;

export const LOAD_BALANCING_DEFAULTS: Readonly<LoadBalancingConfig> = Object.freeze({
  seed: 0,
  numUsers: 10,
  numServers: 5,
  serverCpu: 'fig8',
  serverCpuRangeHz: Object.freeze([1.2e10, 2.0e10]) as unknown as readonly [number, number],
  localCpuRangeHz: Object.freeze([3e8, 5e8]) as unknown as readonly [number, number],
  taskSizeKB: Object.freeze([300, 500]) as unknown as readonly [number, number],
  kiloByteBits: 8000,
  taskCyclesRange: Object.freeze([8e8, 1.2e9]) as unknown as readonly [number, number],
  bandwidthHz: 2e7,
  txPowerW: 0.5,
  noisePsdWPerHz: NOISE_PSD_DEFAULT,
  cellRadiusM: 500,
  minDistanceM: 35,
  forwardRateBps: 1e9,
  stepDurationS: 0.2,
  omega1: 1,
  omega2: 1,
  bandwidthSplit: 'offloading',
  queueModel: 'paper',
  obsMode: 'paper',
  rewardDelayCapS: null,
  episodeLength: 50,
  positionMaxTries: 10_000,
  positionSampling: 'polar',
  taskDrawOrder: 'userMajor',
});


/**
 * Validate a partial config against {@link LOAD_BALANCING_DEFAULTS}; returns the resolved, frozen
 * config. Unknown fields are rejected; every error names the field and its allowed range.
 */
export function resolveLoadBalancingConfig(partial: LoadBalancingConfigInput = {}): LoadBalancingConfig {
  const owner = LOAD_BALANCING_ID;
  noUnknownKeys(owner, 'config', record(owner, 'config', partial), Object.keys(LOAD_BALANCING_DEFAULTS));
  const p = partial as Readonly<Record<string, unknown>>;
  const get = (key: keyof LoadBalancingConfig): unknown => (p[key] === undefined ? LOAD_BALANCING_DEFAULTS[key] : p[key]);
  const cellRadiusM = positive(owner, 'cellRadiusM', get('cellRadiusM'));
  const kiloByteBits = get('kiloByteBits');
  if (kiloByteBits !== 8000 && kiloByteBits !== 8192) fail(owner, 'kiloByteBits', '8000 or 8192', kiloByteBits, typeof kiloByteBits !== 'number');
  const cap = get('rewardDelayCapS');
  return Object.freeze({
    seed: integerIn(owner, 'seed', get('seed'), Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER),
    numUsers: integerIn(owner, 'numUsers', get('numUsers'), 1, 1024),
    numServers: integerIn(owner, 'numServers', get('numServers'), 1, 64),
    serverCpu: oneOf<ServerCpuMode>(owner, 'serverCpu', get('serverCpu'), ['fig8', 'uniform']),
    serverCpuRangeHz: range(owner, 'serverCpuRangeHz', get('serverCpuRangeHz')),
    localCpuRangeHz: range(owner, 'localCpuRangeHz', get('localCpuRangeHz')),
    taskSizeKB: range(owner, 'taskSizeKB', get('taskSizeKB')),
    kiloByteBits,
    taskCyclesRange: range(owner, 'taskCyclesRange', get('taskCyclesRange')),
    bandwidthHz: positive(owner, 'bandwidthHz', get('bandwidthHz')),
    txPowerW: positive(owner, 'txPowerW', get('txPowerW')),
    noisePsdWPerHz: positive(owner, 'noisePsdWPerHz', get('noisePsdWPerHz')),
    cellRadiusM,
    minDistanceM: finiteWhere(owner, 'minDistanceM', get('minDistanceM'), `a finite number in [0, cellRadiusM) = [0, ${cellRadiusM})`, (x) => x >= 0 && x < cellRadiusM),
    forwardRateBps: positive(owner, 'forwardRateBps', get('forwardRateBps')),
    stepDurationS: positive(owner, 'stepDurationS', get('stepDurationS')),
    omega1: nonNegative(owner, 'omega1', get('omega1')),
    omega2: nonNegative(owner, 'omega2', get('omega2')),
    bandwidthSplit: oneOf<BandwidthSplit>(owner, 'bandwidthSplit', get('bandwidthSplit'), ['offloading', 'allUsers']),
    queueModel: oneOf<QueueModel>(owner, 'queueModel', get('queueModel'), ['paper', 'event']),
    obsMode: oneOf<ObsMode>(owner, 'obsMode', get('obsMode'), ['paper', 'extended']),
    rewardDelayCapS: cap === null ? null : finiteWhere(owner, 'rewardDelayCapS', cap, 'a finite number > 0, or null', (x) => x > 0),
    episodeLength: integerIn(owner, 'episodeLength', get('episodeLength'), 1, 2 ** 31 - 1),
    positionMaxTries: integerIn(owner, 'positionMaxTries', get('positionMaxTries'), 1, 1e9),
    positionSampling: oneOf<PositionSampling>(owner, 'positionSampling', get('positionSampling'), ['polar', 'square']),
    taskDrawOrder: oneOf<TaskDrawOrder>(owner, 'taskDrawOrder', get('taskDrawOrder'), ['userMajor', 'quantityMajor']),
  });
}

/** Observation width: M (`paper`) or M + 4 (`extended`). */
export function loadBalancingObsDim(numServers: number, obsMode: ObsMode): number {
  return obsMode === 'paper' ? numServers : numServers + 4;
}

/** The Fig. 8 server speeds for M servers over [lo, hi]: evenly spaced, lo for M = 1 (A9 [R]). */
export function fig8ServerCpus(numServers: number, range: readonly [number, number]): Float64Array {
  const [lo, hi] = range;
  return Float64Array.from({ length: numServers }, (_, m) => (numServers === 1 ? lo : lo + ((hi - lo) * m) / (numServers - 1)));
}
