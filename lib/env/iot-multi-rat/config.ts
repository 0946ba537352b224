// Configuration of the `iot-multi-rat` environment (spec 04, Liu, Yu, Gao, "Multi-agent
// Reinforcement Learning for Resource Allocation in IoT networks with Edge Computing").
//
// Every field is documented with its unit and allowed range. Defaults are the paper's Table I / §V
// values in SI plus the spec's [R] resolutions (§2.1 "[R] missing values", §3, §7 and the final
// "Resolutions of readings left open"). `resolveIotMultiRatConfig` validates a partial config
// against the defaults; every error names the field and its allowed range, e.g.
// `iot-multi-rat: waitingCost must be a finite number >= 0, got -1`.

import { dbToLinear, noisePowerW, rayleighMeanPowerFromScale } from '../common/index.js';
import { fail, finiteWhere, integerIn, noUnknownKeys, nonNegative, oneOf, positive, range, record } from '../check.js';

/** Env id (spec 04), also the label of the env's own random stream (`envStream(seed, 'iot-multi-rat')`). */
export const IOT_MULTI_RAT_ID = 'iot-multi-rat';

/**
 * Energy-per-cycle reading (spec 04 A1 [R]). `swapped` (default): e_L = 1e−7, e_E = 1e−8 J/cycle
 * (the printed values read as "e_L, e_E"; offloading can pay). `literal`: e_L = 1e−8, e_E = 1e−7
 * J/cycle as printed (offloading never beats local computing).
 */
export type IotEnergyOrder = 'swapped' | 'literal';

/** What `W_all` sums (spec 04 §2 [R]): tasks the gateway decoded (`received`, default) or every offloaded task (`attempted`). */
export type IotWAllCounts = 'received' | 'attempted';

/** The two per-cycle energies as printed in Table I (J/cycle; "W per CPU cycle", A2). */
export const IOT_PRINTED_ENERGY = Object.freeze({ eE: 1e-7, eL: 1e-8 });

/** The resolved configuration (all fields present and validated). Units are SI unless the name says otherwise. */
export interface IotMultiRatConfig {
  /** Seed of the topology stream `deriveStream(seed, 'topology')` (distances and user CPUs, drawn at construction) and of the env generator until the first seeded reset. Safe integer; default 0. */
  readonly seed: number;
  /** U, end users = agents `user_0..user_{U−1}`. Integer in [1, 1024]; paper up to 30 (default 30). */
  readonly numUsers: number;
  /** M_L, LoRa sub-channels. Integer in [1, 1024]; paper 10. */
  readonly loraSubchannels: number;
  /** M_W, WiFi sub-channels. Integer in [1, 1024]; paper 13. */
  readonly wifiSubchannels: number;
  /** B_L, LoRa sub-channel bandwidth, Hz. > 0; paper 1.25e5. */
  readonly loraBandwidthHz: number;
  /** B_W, WiFi sub-channel bandwidth, Hz. > 0; paper 5e6. */
  readonly wifiBandwidthHz: number;
  /** LoRa noise PSD, dBm/Hz: σ_L² = psd + 10·log10(B_L) dBm. Finite; paper −174 (σ_L² = 4.976e−16 W). */
  readonly loraNoisePsdDbmPerHz: number;
  /** WiFi noise PSD, dBm/Hz: σ_W² = psd + 10·log10(B_W) dBm. Finite; paper −160 (σ_W² = 5.000e−13 W). */
  readonly wifiNoisePsdDbmPerHz: number;
  /** γ̄_L, LoRa SINR threshold, dB. Finite; paper −15 (0.03162). */
  readonly loraSinrThresholdDb: number;
  /** γ̄_W, WiFi SINR threshold, dB. Finite; paper 10 (10.0). */
  readonly wifiSinrThresholdDb: number;
  /** [R] A3: LoRa power levels P_1..P_{X_L}, W, strictly increasing, > 0, 1–64 levels; default 0.05, 0.10, …, 0.30 (6). */
  readonly loraPowerLevelsW: readonly number[];
  /** [R] A3: WiFi power levels P_1..P_{X_W}, W, strictly increasing, > 0, 1–64 levels; default 0.1, 0.2, …, 1.0 (10). */
  readonly wifiPowerLevelsW: readonly number[];
  /** [R] d ~ U[min, max) bit, per user per slot. 0 < min <= max; default [1e4, 4e6]. */
  readonly taskBits: readonly [number, number];
  /** ν, CPU cycles per bit. > 0; paper 500. */
  readonly cyclesPerBit: number;
  /** [R] A1 energy reading; default `swapped`. */
  readonly energyOrder: IotEnergyOrder;
  /** f, edge CPU, cycle/s. > 0; paper 1e10. */
  readonly edgeCpuHz: number;
  /** [R] f_i ~ U[min, max) cycle/s, drawn once per user per run. 0 < min <= max; default [5e8, 1e9]. */
  readonly userCpuHz: readonly [number, number];
  /** β, delay weight, J per s. >= 0; paper 5. */
  readonly beta: number;
  /** User–gateway distance ~ Normal(mean, std), m, drawn once per user per run. > 0; paper 1000. */
  readonly distanceMeanM: number;
  /** Std of the distance, m. >= 0; paper 3. */
  readonly distanceStdM: number;
  /** [R] Guard: a drawn distance below this is raised to it (never binds at the paper's 1000 ± 3 m), m. > 0; default 1. */
  readonly minDistanceM: number;
  /** a, path-loss exponent: large-scale gain d^(−a). >= 0; paper 2.5. */
  readonly pathLossExponent: number;
  /** [R] A5: Rayleigh amplitude scale s; power gain |g|² ~ Exp(mean 2s²). > 0; default 3 (mean 18). */
  readonly rayleighScale: number;
  /** [R] K_s, slot duration, s. > 0; default 1. */
  readonly slotDuration: number;
  /** [R] W̄, edge capacity per slot, cycles; null = edgeCpuHz·slotDuration (default, 1e10). Finite and > 0, or null. */
  readonly edgeCapacityPerSlot: number | null;
  /** [R] ω, waiting cost added to a received offload when W_all > W̄. >= 0; default 10. */
  readonly waitingCost: number;
  /** [R] ϖ, failure penalty of an offload with γ ≤ γ̄. >= 0; default 100. */
  readonly failurePenalty: number;
  /** [R] Cap on every offloader's transmission time: D^T = min(d/R, delayCap), E^T = P·D^T (resolution 1), s. > 0; default 100. */
  readonly delayCap: number;
  /** [R] What W_all sums; default `received`. */
  readonly wAllCounts: IotWAllCounts;
  /** [R] A12: slots before every agent is truncated (no resets in the paper: one long episode). Integer in [1, 2^31 − 1]; default 10 000. */
  readonly episodeLength: number;
}

/** Input of {@link resolveIotMultiRatConfig}: any subset of the fields. */
export type IotMultiRatConfigInput = Partial<IotMultiRatConfig>;

/** Defaults: the paper's values plus the spec's [R] resolutions. */
export const IOT_MULTI_RAT_DEFAULTS: Readonly<IotMultiRatConfig> = Object.freeze({
  seed: 0,
  numUsers: 30,
  loraSubchannels: 10,
  wifiSubchannels: 13,
  loraBandwidthHz: 1.25e5,
  wifiBandwidthHz: 5e6,
  loraNoisePsdDbmPerHz: -174,
  wifiNoisePsdDbmPerHz: -160,
  loraSinrThresholdDb: -15,
  wifiSinrThresholdDb: 10,
  // Decimal literals, not k·step (0.05·3 = 0.15000000000000002).
  loraPowerLevelsW: Object.freeze([0.05, 0.1, 0.15, 0.2, 0.25, 0.3]),
  wifiPowerLevelsW: Object.freeze([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0]),
  taskBits: Object.freeze([1e4, 4e6]) as unknown as readonly [number, number],
  cyclesPerBit: 500,
  energyOrder: 'swapped',
  edgeCpuHz: 1e10,
  userCpuHz: Object.freeze([5e8, 1e9]) as unknown as readonly [number, number],
  beta: 5,
  distanceMeanM: 1000,
  distanceStdM: 3,
  minDistanceM: 1,
  pathLossExponent: 2.5,
  rayleighScale: 3,
  slotDuration: 1,
  edgeCapacityPerSlot: null,
  waitingCost: 10,
  failurePenalty: 100,
  delayCap: 100,
  wAllCounts: 'received',
  episodeLength: 10_000,
});

function levels(owner: string, field: string, value: unknown): readonly number[] {
  const what = 'an array of 1 to 64 finite powers > 0 (W), strictly increasing';
  if (!Array.isArray(value) || value.length < 1 || value.length > 64) fail(owner, field, what, value, !Array.isArray(value));
  const out: number[] = [];
  value.forEach((v: unknown, i) => {
    const prev = i === 0 ? 0 : (out[i - 1] as number);
    out.push(finiteWhere(owner, `${field}[${i}]`, v, i === 0 ? 'a finite number > 0' : `a finite number > ${field}[${i - 1}] (${prev})`, (x) => x > prev));
  });
  return Object.freeze(out);
}

/**
 * Validate a partial config against {@link IOT_MULTI_RAT_DEFAULTS} and return the resolved, frozen
 * config. Unknown fields (typos) are rejected; every error names the field and its allowed range.
 */
export function resolveIotMultiRatConfig(partial: IotMultiRatConfigInput = {}): IotMultiRatConfig {
  const owner = IOT_MULTI_RAT_ID;
  noUnknownKeys(owner, 'config', record(owner, 'config', partial), Object.keys(IOT_MULTI_RAT_DEFAULTS));
  const p = partial as Readonly<Record<string, unknown>>;
  const get = (key: keyof IotMultiRatConfig): unknown => (p[key] === undefined ? IOT_MULTI_RAT_DEFAULTS[key] : p[key]);
  const cap = get('edgeCapacityPerSlot');
  const config: IotMultiRatConfig = {
    seed: integerIn(owner, 'seed', get('seed'), Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER),
    numUsers: integerIn(owner, 'numUsers', get('numUsers'), 1, 1024),
    loraSubchannels: integerIn(owner, 'loraSubchannels', get('loraSubchannels'), 1, 1024),
    wifiSubchannels: integerIn(owner, 'wifiSubchannels', get('wifiSubchannels'), 1, 1024),
    loraBandwidthHz: positive(owner, 'loraBandwidthHz', get('loraBandwidthHz')),
    wifiBandwidthHz: positive(owner, 'wifiBandwidthHz', get('wifiBandwidthHz')),
    loraNoisePsdDbmPerHz: finiteWhere(owner, 'loraNoisePsdDbmPerHz', get('loraNoisePsdDbmPerHz'), 'a finite number (dBm/Hz)'),
    wifiNoisePsdDbmPerHz: finiteWhere(owner, 'wifiNoisePsdDbmPerHz', get('wifiNoisePsdDbmPerHz'), 'a finite number (dBm/Hz)'),
    loraSinrThresholdDb: finiteWhere(owner, 'loraSinrThresholdDb', get('loraSinrThresholdDb'), 'a finite number (dB)'),
    wifiSinrThresholdDb: finiteWhere(owner, 'wifiSinrThresholdDb', get('wifiSinrThresholdDb'), 'a finite number (dB)'),
    loraPowerLevelsW: levels(owner, 'loraPowerLevelsW', get('loraPowerLevelsW')),
    wifiPowerLevelsW: levels(owner, 'wifiPowerLevelsW', get('wifiPowerLevelsW')),
    taskBits: range(owner, 'taskBits', get('taskBits')),
    cyclesPerBit: positive(owner, 'cyclesPerBit', get('cyclesPerBit')),
    energyOrder: oneOf<IotEnergyOrder>(owner, 'energyOrder', get('energyOrder'), ['swapped', 'literal']),
    edgeCpuHz: positive(owner, 'edgeCpuHz', get('edgeCpuHz')),
    userCpuHz: range(owner, 'userCpuHz', get('userCpuHz')),
    beta: nonNegative(owner, 'beta', get('beta')),
    distanceMeanM: positive(owner, 'distanceMeanM', get('distanceMeanM')),
    distanceStdM: nonNegative(owner, 'distanceStdM', get('distanceStdM')),
    minDistanceM: positive(owner, 'minDistanceM', get('minDistanceM')),
    pathLossExponent: nonNegative(owner, 'pathLossExponent', get('pathLossExponent')),
    rayleighScale: positive(owner, 'rayleighScale', get('rayleighScale')),
    slotDuration: positive(owner, 'slotDuration', get('slotDuration')),
    edgeCapacityPerSlot: cap === null ? null : finiteWhere(owner, 'edgeCapacityPerSlot', cap, 'a finite number > 0 (cycles), or null', (x) => x > 0),
    waitingCost: nonNegative(owner, 'waitingCost', get('waitingCost')),
    failurePenalty: nonNegative(owner, 'failurePenalty', get('failurePenalty')),
    delayCap: positive(owner, 'delayCap', get('delayCap')),
    wAllCounts: oneOf<IotWAllCounts>(owner, 'wAllCounts', get('wAllCounts'), ['received', 'attempted']),
    episodeLength: integerIn(owner, 'episodeLength', get('episodeLength'), 1, 2 ** 31 - 1),
  };
  return Object.freeze(config);
}

/** Sizes and derived constants of a resolved config. */
export interface IotMultiRatDims {
  readonly numUsers: number;
  /** M_L, M_W. */
  readonly loraSubchannels: number;
  readonly wifiSubchannels: number;
  /** M_L + M_W: flat channel index c = m (LoRa) or M_L + m (WiFi). */
  readonly numChannels: number;
  /** X_L, X_W. */
  readonly loraLevels: number;
  readonly wifiLevels: number;
  /** 1 + M_L·X_L + M_W·X_W (191 for the paper). */
  readonly numActions: number;
  /** 8 local states (4L + 2I + J). */
  readonly numStates: number;
  /** σ_L², σ_W², W. */
  readonly loraNoiseW: number;
  readonly wifiNoiseW: number;
  /** γ̄_L, γ̄_W (linear). */
  readonly loraThreshold: number;
  readonly wifiThreshold: number;
  /** e_L, e_E in J/cycle after the A1 reading. */
  readonly localJoulesPerCycle: number;
  readonly edgeJoulesPerCycle: number;
  /** W̄, cycles. */
  readonly edgeCapacity: number;
  /** E|g|² = 2s². */
  readonly fadingMean: number;
}

/** Number of actions `1 + M_L·X_L + M_W·X_W`. */
export function iotNumActions(loraSubchannels: number, loraLevels: number, wifiSubchannels: number, wifiLevels: number): number {
  return 1 + loraSubchannels * loraLevels + wifiSubchannels * wifiLevels;
}

/** Per-cycle energies under an energy reading (A1): `{ local: e_L, edge: e_E }` in J/cycle. */
export function iotEnergyPerCycle(order: IotEnergyOrder): { readonly local: number; readonly edge: number } {
  return order === 'swapped' ? { local: IOT_PRINTED_ENERGY.eE, edge: IOT_PRINTED_ENERGY.eL } : { local: IOT_PRINTED_ENERGY.eL, edge: IOT_PRINTED_ENERGY.eE };
}

/** Sizes and derived constants of a resolved config. */
export function iotMultiRatDims(c: IotMultiRatConfig): IotMultiRatDims {
  const e = iotEnergyPerCycle(c.energyOrder);
  return Object.freeze({
    numUsers: c.numUsers,
    loraSubchannels: c.loraSubchannels,
    wifiSubchannels: c.wifiSubchannels,
    numChannels: c.loraSubchannels + c.wifiSubchannels,
    loraLevels: c.loraPowerLevelsW.length,
    wifiLevels: c.wifiPowerLevelsW.length,
    numActions: iotNumActions(c.loraSubchannels, c.loraPowerLevelsW.length, c.wifiSubchannels, c.wifiPowerLevelsW.length),
    numStates: 8,
    loraNoiseW: noisePowerW(c.loraNoisePsdDbmPerHz, c.loraBandwidthHz),
    wifiNoiseW: noisePowerW(c.wifiNoisePsdDbmPerHz, c.wifiBandwidthHz),
    loraThreshold: dbToLinear(c.loraSinrThresholdDb),
    wifiThreshold: dbToLinear(c.wifiSinrThresholdDb),
    localJoulesPerCycle: e.local,
    edgeJoulesPerCycle: e.edge,
    edgeCapacity: c.edgeCapacityPerSlot ?? c.edgeCpuHz * c.slotDuration,
    fadingMean: rayleighMeanPowerFromScale(c.rayleighScale),
  });
}
