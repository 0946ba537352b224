// Configuration of the `smart-community` environment (spec 05, Chen et al., IEEE TMC 2024, PFR-OA).
//
// Every [R] of spec 05 is a validated field with its default: the paper's values (§2.1, SI units)
// plus the spec's resolutions, including both resolution sections at the end of the spec
// (`energyMetric: 'nominal'`, `harvestPer: 'subSlot'`, `rewardScale: 1`, …). Where the spec is
// silent this file makes the choice a field and says so (marked "[choice]").
// `resolveSmartCommunityConfig` validates a partial config; every error names the field and its
// allowed range, e.g. `smart-community: deadlineS must be a finite number > 0, got -1`.

import type { HarvestPer } from '../common/index.js';
import { checkActionBounds, type ActionBoundsMode } from '../../rl/index.js';
import { fail, finiteWhere, integerIn, noUnknownKeys, nonNegative, oneOf, positive, range, record } from '../check.js';

/** Env id, also the label of the env's own random stream (`envStream(seed, 'smart-community')`). */
export const SMART_COMMUNITY_ID = 'smart-community';

/** Task arrivals per ED at each time-slot start (spec A7): exactly one, or Poisson(arrivalMean). */
export type ArrivalMode = 'perSlot' | 'poisson';
/** Resource holding (spec §2.2): reservations held by in-flight tasks, or every sub-slot shares all of B, F. */
export type ResourceModel = 'reservation' | 'perSubslot';
/** Observation (spec §3): 4n + 5 (`paper`) or 6n + 5 with per-ED g and head-task waiting time (`extended`). */
export type ObsMode = 'paper' | 'extended';
/** Eq. (13) (spec A9): MEC fraction times E^m (`corrected`) or times E^tr (`literal`). */
export type Eq13Mode = 'corrected' | 'literal';
/** Failure reward (spec A11): `−q_p` (`paper`) or `−q_p − (q_t·T_spent + q_e·E_spent)`. */
export type FailureReward = 'paper' | 'penaltyPlusCost';
/** Energy metric (reviewer-note resolution 2): eq.-15 `E` of every decided task, or the energy actually charged. */
export type EnergyMetric = 'nominal' | 'charged';

/** Observation scales (spec §3 [R]: D/1.2e7, C/1.2e9, b/b_max, l/100, q_p/20). */
export interface ObsScale {
  /** Divisor of D [bit]; > 0, default 1.2e7. */
  readonly dataBits: number;
  /** Divisor of C [cycle]; > 0, default 1.2e9. */
  readonly cycles: number;
  /** Divisor of l [m]; > 0, default 100. */
  readonly distanceM: number;
  /** Divisor of q_p; > 0, default 20. */
  readonly qp: number;
  /** Divisor of the head-task waiting time [s] (`extended` only); > 0, default 1.5 (T_d). */
  readonly waitS: number;
}

/** The resolved configuration (all fields present and validated). SI units. */
export interface SmartCommunityConfig {
  /** Seed of the per-run draws (P, f per ED; q per community) and of the env generator until the first seeded reset. Safe integer; default 0. */
  readonly seed: number;
  /** m, communities = agents `community_0..`. Integer in [1, 64]; paper 3. */
  readonly numCommunities: number;
  /** n, EDs per community ([R] A5). Integer in [1, 256]; default 10. */
  readonly devicesPerCommunity: number;
  /** F_i, MEC CPU [cycle/s] (every community). > 0; paper 2e10. */
  readonly mecCpuHz: number;
  /** B_i, uplink bandwidth [Hz] (every community). > 0; paper 1.5e7. */
  readonly bandwidthHz: number;
  /** H, time-slots per epoch. Integer in [1, 1e6]; paper 20. */
  readonly slotsPerEpoch: number;
  /** T, sub-slots per time-slot. Integer in [1, 1000]; paper 4. */
  readonly subSlotsPerSlot: number;
  /** Time-slot duration [s] ([R] A6); sub-slot τ_s = slotDurationS / T. > 0; default 1. */
  readonly slotDurationS: number;
  /** T_d, deadline [s]. > 0; paper 1.5. */
  readonly deadlineS: number;
  /** D range [bit] (uniform). 0 < min <= max; paper [4e6, 1.2e7]. */
  readonly dataBits: readonly [number, number];
  /** C range [cycle] (uniform; times `communityTaskScale[i]`). 0 < min <= max; paper [1e9, 1.2e9]. */
  readonly cycles: readonly [number, number];
  /** P_{i,j} range [W], drawn once per ED per seed ([R] A3). 0 < min <= max; default [0.1, 0.4]. */
  readonly txPowerW: readonly [number, number];
  /** f_{i,j} range [cycle/s], drawn once per ED per seed. 0 < min <= max; paper [1e9, 1.2e9]. */
  readonly deviceCpuHz: readonly [number, number];
  /** P_m, MEC computing power [W]. >= 0; paper 100. */
  readonly mecPowerW: number;
  /** b_max [J]. > 0; paper 120. */
  readonly batteryCapacityJ: number;
  /** Battery level at every reset [J] ([R] `batteryInit`); null = b_max. In [0, b_max] or null; default null. */
  readonly batteryInitJ: number | null;
  /** e_t, harvested energy packet [J]. >= 0; paper 40. */
  readonly harvestJ: number;
  /** When e_t arrives (resolution 3): every sub-slot (literal eq. 8) or at time-slot starts. Default `subSlot`. */
  readonly harvestPer: HarvestPer;
  /** k, capacitance coefficient ([R] A1). >= 0; default 1e−26. */
  readonly capacitance: number;
  /** σ² [W] ([R] A2). > 0; default 1e−6. */
  readonly noisePowerW: number;
  /** l range [m], per ED redrawn at every reset ([R] A20; path loss 1/l). 0 < min <= max; default [10, 100]. */
  readonly distanceM: readonly [number, number];
  /** q_t range, drawn once per community per seed. 0 <= min <= max; paper [0.5, 1]. */
  readonly qT: readonly [number, number];
  /** q_e range. 0 <= min <= max; paper [0.5, 1]. */
  readonly qE: readonly [number, number];
  /** q_p range. 0 <= min <= max; paper [10, 20]. */
  readonly qP: readonly [number, number];
  /** [R] A7; default `perSlot`. */
  readonly arrival: ArrivalMode;
  /** Mean tasks per ED per time-slot under `poisson`. > 0 and <= 100; default 1. */
  readonly arrivalMean: number;
  /** [R] A22: multipliers on C per community (length m). Each > 0; default all 1. */
  readonly communityTaskScale: readonly number[];
  /** [R] shares below this fraction of the total B or F ⇒ the task stays queued. In [0, 1]; default 0.01. */
  readonly minShare: number;
  /** [R] spec §3: added to every raw share `(a+1)/2` before normalisation. > 0; default 1e−6. */
  readonly shareEpsilon: number;
  /** [R] default `reservation`. */
  readonly resourceModel: ResourceModel;
  /** [R] A9; default `corrected`. */
  readonly eq13Mode: Eq13Mode;
  /**
   * [R] A10: MEC energy E^m charged to the ED battery (and part of C3). Default true. With false the
   * battery pays (and C3 checks) only E^tr; the task's energy (reward, metrics) still includes E^m. [choice]
   */
  readonly chargeMecEnergyToDevice: boolean;
  /** [R] A11; default `paper`. */
  readonly failureReward: FailureReward;
  /** Headline energy metric (resolution 2): the experiment's `energy` is this one; the step infos carry both sums. Default `nominal`. */
  readonly energyMetric: EnergyMetric;
  /** Multiplier on every reward (resolution 6). Finite and > 0; default 1. */
  readonly rewardScale: number;
  /** [R] spec §3; default `paper`. */
  readonly obsMode: ObsMode;
  /** [R] spec §3 observation scales. */
  readonly obsScale: ObsScale;
  /**
   * Out-of-range actions in `step` (an element outside [−1, 1]): 'error' (default — the convention of
   * every paper env: `step` throws naming the agent, the index and the bound; the env is unchanged)
   * or 'clip' (clipped to [−1, 1], then decoded). NaNs, wrong lengths and types always throw.
   */
  readonly actionBounds: ActionBoundsMode;
}

/** Input of {@link resolveSmartCommunityConfig}: any subset; `obsScale` may be partial; `communityTaskScale` defaults to ones. */
export type SmartCommunityConfigInput = Partial<Omit<SmartCommunityConfig, 'obsScale' | 'communityTaskScale'>> & {
  readonly obsScale?: Partial<ObsScale>;
  readonly communityTaskScale?: readonly number[];
};

const pair = (a: number, b: number): readonly [number, number] => Object.freeze([a, b]) as unknown as readonly [number, number];

/** Defaults: the paper's values plus the spec's [R] resolutions. `communityTaskScale` defaults to m ones. */
export const SMART_COMMUNITY_DEFAULTS: Readonly<Omit<SmartCommunityConfig, 'communityTaskScale'>> = Object.freeze({
  seed: 0,
  numCommunities: 3,
  devicesPerCommunity: 10,
  mecCpuHz: 2e10,
  bandwidthHz: 1.5e7,
  slotsPerEpoch: 20,
  subSlotsPerSlot: 4,
  slotDurationS: 1,
  deadlineS: 1.5,
  dataBits: pair(4e6, 1.2e7),
  cycles: pair(1e9, 1.2e9),
  txPowerW: pair(0.1, 0.4),
  deviceCpuHz: pair(1e9, 1.2e9),
  mecPowerW: 100,
  batteryCapacityJ: 120,
  batteryInitJ: null,
  harvestJ: 40,
  harvestPer: 'subSlot',
  capacitance: 1e-26,
  noisePowerW: 1e-6,
  distanceM: pair(10, 100),
  qT: pair(0.5, 1),
  qE: pair(0.5, 1),
  qP: pair(10, 20),
  arrival: 'perSlot',
  arrivalMean: 1,
  minShare: 0.01,
  shareEpsilon: 1e-6,
  resourceModel: 'reservation',
  eq13Mode: 'corrected',
  chargeMecEnergyToDevice: true,
  failureReward: 'paper',
  energyMetric: 'nominal',
  rewardScale: 1,
  obsMode: 'paper',
  obsScale: Object.freeze({ dataBits: 1.2e7, cycles: 1.2e9, distanceM: 100, qp: 20, waitS: 1.5 }),
  actionBounds: 'error',
});

const KEYS = [...Object.keys(SMART_COMMUNITY_DEFAULTS), 'communityTaskScale'];
const OBS_SCALE_KEYS: readonly (keyof ObsScale)[] = ['dataBits', 'cycles', 'distanceM', 'qp', 'waitS'];

/**
 * Validate a partial config against {@link SMART_COMMUNITY_DEFAULTS}; returns the resolved, frozen
 * config. Unknown fields (typos) are rejected; every error names the field and its allowed range.
 */
export function resolveSmartCommunityConfig(partial: SmartCommunityConfigInput = {}): SmartCommunityConfig {
  const owner = SMART_COMMUNITY_ID;
  noUnknownKeys(owner, 'config', record(owner, 'config', partial), KEYS);
  const p = partial as Readonly<Record<string, unknown>>;
  const get = (key: keyof typeof SMART_COMMUNITY_DEFAULTS): unknown => (p[key] === undefined ? SMART_COMMUNITY_DEFAULTS[key] : p[key]);

  const m = integerIn(owner, 'numCommunities', get('numCommunities'), 1, 64);
  const batteryCapacityJ = positive(owner, 'batteryCapacityJ', get('batteryCapacityJ'));
  const initIn = get('batteryInitJ');
  const batteryInitJ = initIn === null ? null : finiteWhere(owner, 'batteryInitJ', initIn, `a number in [0, batteryCapacityJ] = [0, ${batteryCapacityJ}], or null`, (x) => x >= 0 && x <= batteryCapacityJ);

  const scaleIn = p['communityTaskScale'] === undefined ? new Array<number>(m).fill(1) : p['communityTaskScale'];
  if (!Array.isArray(scaleIn) || scaleIn.length !== m) fail(owner, 'communityTaskScale', `an array of ${m} finite numbers > 0 (one per community)`, scaleIn, !Array.isArray(scaleIn));
  const communityTaskScale = Object.freeze(scaleIn.map((x: unknown, i) => positive(owner, `communityTaskScale[${i}]`, x)));

  const obsIn = p['obsScale'] === undefined ? {} : record(owner, 'obsScale', p['obsScale']);
  noUnknownKeys(owner, 'obsScale', obsIn, OBS_SCALE_KEYS);
  const os = (k: keyof ObsScale): number => positive(owner, `obsScale.${k}`, obsIn[k] === undefined ? SMART_COMMUNITY_DEFAULTS.obsScale[k] : obsIn[k]);
  const obsScale: ObsScale = Object.freeze({ dataBits: os('dataBits'), cycles: os('cycles'), distanceM: os('distanceM'), qp: os('qp'), waitS: os('waitS') });

  const chargeMec = get('chargeMecEnergyToDevice');
  if (typeof chargeMec !== 'boolean') fail(owner, 'chargeMecEnergyToDevice', 'a boolean', chargeMec, true);

  return Object.freeze({
    seed: integerIn(owner, 'seed', get('seed'), Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER),
    numCommunities: m,
    devicesPerCommunity: integerIn(owner, 'devicesPerCommunity', get('devicesPerCommunity'), 1, 256),
    mecCpuHz: positive(owner, 'mecCpuHz', get('mecCpuHz')),
    bandwidthHz: positive(owner, 'bandwidthHz', get('bandwidthHz')),
    slotsPerEpoch: integerIn(owner, 'slotsPerEpoch', get('slotsPerEpoch'), 1, 1e6),
    subSlotsPerSlot: integerIn(owner, 'subSlotsPerSlot', get('subSlotsPerSlot'), 1, 1000),
    slotDurationS: positive(owner, 'slotDurationS', get('slotDurationS')),
    deadlineS: positive(owner, 'deadlineS', get('deadlineS')),
    dataBits: range(owner, 'dataBits', get('dataBits')),
    cycles: range(owner, 'cycles', get('cycles')),
    txPowerW: range(owner, 'txPowerW', get('txPowerW')),
    deviceCpuHz: range(owner, 'deviceCpuHz', get('deviceCpuHz')),
    mecPowerW: nonNegative(owner, 'mecPowerW', get('mecPowerW')),
    batteryCapacityJ,
    batteryInitJ,
    harvestJ: nonNegative(owner, 'harvestJ', get('harvestJ')),
    harvestPer: oneOf<HarvestPer>(owner, 'harvestPer', get('harvestPer'), ['subSlot', 'slot']),
    capacitance: nonNegative(owner, 'capacitance', get('capacitance')),
    noisePowerW: positive(owner, 'noisePowerW', get('noisePowerW')),
    distanceM: range(owner, 'distanceM', get('distanceM')),
    qT: range(owner, 'qT', get('qT'), true),
    qE: range(owner, 'qE', get('qE'), true),
    qP: range(owner, 'qP', get('qP'), true),
    arrival: oneOf<ArrivalMode>(owner, 'arrival', get('arrival'), ['perSlot', 'poisson']),
    arrivalMean: finiteWhere(owner, 'arrivalMean', get('arrivalMean'), 'a number in (0, 100]', (x) => x > 0 && x <= 100),
    communityTaskScale,
    minShare: finiteWhere(owner, 'minShare', get('minShare'), 'a number in [0, 1]', (x) => x >= 0 && x <= 1),
    shareEpsilon: positive(owner, 'shareEpsilon', get('shareEpsilon')),
    resourceModel: oneOf<ResourceModel>(owner, 'resourceModel', get('resourceModel'), ['reservation', 'perSubslot']),
    eq13Mode: oneOf<Eq13Mode>(owner, 'eq13Mode', get('eq13Mode'), ['corrected', 'literal']),
    chargeMecEnergyToDevice: chargeMec,
    failureReward: oneOf<FailureReward>(owner, 'failureReward', get('failureReward'), ['paper', 'penaltyPlusCost']),
    energyMetric: oneOf<EnergyMetric>(owner, 'energyMetric', get('energyMetric'), ['nominal', 'charged']),
    rewardScale: positive(owner, 'rewardScale', get('rewardScale')),
    obsMode: oneOf<ObsMode>(owner, 'obsMode', get('obsMode'), ['paper', 'extended']),
    obsScale,
    actionBounds: checkActionBounds(owner, get('actionBounds')),
  });
}

/** Derived sizes of a resolved config. */
export interface SmartCommunityDims {
  readonly numCommunities: number;
  readonly devices: number;
  /** τ_s = slotDuration / T [s]. */
  readonly subSlotS: number;
  /** H·T, sub-slots per epoch (= env steps). */
  readonly episodeSteps: number;
  /** 4n + 5 (`paper`) or 6n + 5 (`extended`). */
  readonly obsDim: number;
  /** 3n: [α_1..α_n, w_1..w_n, β_1..β_n] in [−1, 1]. */
  readonly actDim: number;
}

export function smartCommunityDims(c: SmartCommunityConfig): SmartCommunityDims {
  const n = c.devicesPerCommunity;
  return {
    numCommunities: c.numCommunities,
    devices: n,
    subSlotS: c.slotDurationS / c.subSlotsPerSlot,
    episodeSteps: c.slotsPerEpoch * c.subSlotsPerSlot,
    obsDim: (c.obsMode === 'paper' ? 4 : 6) * n + 5,
    actDim: 3 * n,
  };
}
