// Configuration of the `small-cell` environment (spec 01, Huang et al., IEEE TVT 2021).
//
// Every field is documented with its unit and allowed range. Defaults are the paper's simulation
// setup (spec 01 §2 "Parameters", converted to SI) plus the spec's [R] resolutions, including the
// reviewer-note resolutions (`maxTxTime: null` = the literal, uncapped model). `resolveSmallCellConfig`
// validates a partial config against the defaults; every error names the field and its allowed
// range, e.g. `small-cell: alphaSnap must be a finite number in [0, 0.5), got 0.7`.

import type { KiloByteBits, ShareMode } from '../common/index.js';
import { dbmToWatts } from '../common/index.js';
import { fail, finiteWhere, integerIn, noUnknownKeys, nonNegative, oneOf, positive, range, record } from '../check.js';
import { checkActionBounds, type ActionBoundsMode } from '../../rl/index.js';

/** Env id (spec 00 §1), also the label of the env's own random stream (`envStream(seed, 'small-cell')`). */
export const SMALL_CELL_ID = 'small-cell';

/** Observation normalisation (spec 01 §3 [R]): `scaled` (dB-shifted gains/interference, tasks / max) or `paper` (raw SI values). */
export type SmallCellObsNorm = 'scaled' | 'paper';
/** Observed interference `I_m[t]` (spec 01 §3 [R]): the previous slot's measurement, or always zero. */
export type SmallCellInterferenceObs = 'previousSlot' | 'zero';
/** Channel decoding (spec 01 §3 [R]): K scores per UE + greedy matching, or one index output per UE. */
export type SmallCellChannelDecoding = 'scores' | 'index';
/** Reward handed to every agent: cooperative eq. (12) (the global sum) or local eq. (23). */
export type SmallCellRewardMode = 'cooperative' | 'local';
/** When the topology is drawn (spec 01 §1 [R]): once per env (seed) or at every reset. */
export type SmallCellTopologyMode = 'perRun' | 'perEpisode';
/**
 * CPU energy-coefficient preset (spec 01 A4 [R]): `paper` pins ε = 1e−9 J/cycle and ε̄ = 1e−11
 * J/cycle (1 J/Gcycle and 10 mJ/Gcycle); `custom` uses `ueJoulesPerCycle` / `sbsJoulesPerCycle`
 * as given (what-if runs). A resolved config therefore says `custom` whenever the coefficients
 * differ from the paper's.
 */
export type SmallCellEnergyCoefficients = 'paper' | 'custom';

/** dB shift and scale of the `scaled` observation (spec 01 §3 [R] `obsDb.*`). */
export interface SmallCellObsDb {
  /** Gain feature `(10·log10(h + 1e−30) + hOffset)/hScale`. Finite; default 100 (dB). */
  readonly hOffset: number;
  /** Finite and > 0; default 30 (dB). */
  readonly hScale: number;
  /** Interference feature `(10·log10(I + 1e−20) + iOffset)/iScale`. Finite; default 130 (dB). */
  readonly iOffset: number;
  /** Finite and > 0; default 30 (dB). */
  readonly iScale: number;
}

/** The resolved configuration (all fields present and validated). Units are SI unless the name says otherwise. */
export interface SmallCellConfig {
  /**
   * Seed of the topology stream `deriveStream(seed, 'topology')` (drawn at construction) and of the
   * env generator used until the first seeded `reset` (`envStream(seed, 'small-cell')`). Safe integer; default 0.
   */
  readonly seed: number;
  /** M, number of SBSs = agents `sbs_0..sbs_{M−1}`. Integer in [1, 1024]; paper 6. */
  readonly numCells: number;
  /** N_m, UEs per cell (the same in every cell). Integer in [1, 1024]; paper 10. */
  readonly uesPerCell: number;
  /** K, orthogonal channels reused by every cell. Integer in [1, 4096]; paper 16. */
  readonly numChannels: number;
  /** B, bandwidth per channel, Hz. > 0; paper 10 MHz = 1e7. */
  readonly bandwidthHz: number;
  /** P_max, UE maximum transmit power, W. > 0; paper 23 dBm = 0.19953 W. */
  readonly maxPowerW: number;
  /** N0, noise power spectral density, W/Hz. > 0; paper −174 dBm/Hz = 3.981e−21 W/Hz. */
  readonly noisePsdWPerHz: number;
  /** Task size range [min, max] in KB (uniform, continuous, per UE per slot). 0 < min <= max; paper [200, 300]. */
  readonly taskSizeKB: readonly [number, number];
  /** Required CPU cycles per bit, range [min, max] (uniform per UE per slot); ω = c·d. 0 < min <= max; paper [500, 1000]. */
  readonly cyclesPerBit: readonly [number, number];
  /** Bits per KB (spec 01 A9 [R]): 8000 or 8192; default 8000. */
  readonly kiloByteBits: KiloByteBits;
  /** T̃ = deadlineFactor · ω / C_n (paper: 0.9 × local latency). > 0; default 0.9. */
  readonly deadlineFactor: number;
  /** C_n, UE CPU frequency, cycle/s. > 0; paper 1 GHz = 1e9. */
  readonly ueCpuHz: number;
  /** C̄, SBS (MEC server) CPU frequency, cycle/s. > 0; paper 50 GHz = 5e10. */
  readonly sbsCpuHz: number;
  /** Energy-coefficient preset (see {@link SmallCellEnergyCoefficients}); default `paper`. */
  readonly energyCoefficients: SmallCellEnergyCoefficients;
  /** ε_n, UE energy per cycle, J/cycle. >= 0; paper 1 J/Gcycle = 1e−9 (must be 1e−9 under `paper`). */
  readonly ueJoulesPerCycle: number;
  /** ε̄, SBS energy per cycle, J/cycle. >= 0; paper 10 mJ/Gcycle = 1e−11 (must be 1e−11 under `paper`). */
  readonly sbsJoulesPerCycle: number;
  /** Area width (x), m. > 0; paper 1.5 km = 1500. SBSs are placed uniformly in [0, W] × [0, H]. */
  readonly areaWidthM: number;
  /** Area height (y), m. > 0; paper 1 km = 1000. */
  readonly areaHeightM: number;
  /** Cell radius, m: UEs are uniform in the disc of this radius around their SBS. > 0; paper 250. */
  readonly cellRadiusM: number;
  /** [R] Minimum SBS–SBS distance, m (rejection sampling). >= 0; default 250. */
  readonly sbsMinSeparation: number;
  /** [R] Minimum UE distance to its own SBS, m (closer draws are redrawn). In [0, cellRadiusM); default 10. */
  readonly ueMinDistance: number;
  /** [R] Every distance entering PL(d), interfering links included, is max(d, minLinkDistance), m. > 0; default 10. */
  readonly minLinkDistance: number;
  /** [R] `perRun` (default: drawn once at construction) or `perEpisode` (redrawn from the env generator at every reset). */
  readonly topology: SmallCellTopologyMode;
  /** [R] Candidate draws per SBS (and per UE) before placement fails with an error. Integer in [1, 1e9]; default 10 000. */
  readonly topologyMaxTries: number;
  /** [R] Observation normalisation; default `scaled`. */
  readonly obsNorm: SmallCellObsNorm;
  /** [R] dB shift/scale of the `scaled` observation. */
  readonly obsDb: SmallCellObsDb;
  /** [R] Observed interference; default `previousSlot`. */
  readonly interferenceObs: SmallCellInterferenceObs;
  /** [R] Channel decoding; default `scores` (actDim = N_m(K+3)); `index`: actDim = 4·N_m. */
  readonly channelDecoding: SmallCellChannelDecoding;
  /** [R] α < alphaSnap ⇒ 0 and α > 1 − alphaSnap ⇒ 1; 0 disables. In [0, 0.5); default 0.01. */
  readonly alphaSnap: number;
  /** [R] Power floor of an offloading UE, W: p = max(pFloor, u_p·P_max). In (0, maxPowerW]; default 1e−3·maxPowerW. */
  readonly pFloor: number;
  /** [R] CPU shares over offloading UEs: `sumToOne` (raw/Σraw, default) or `capAtOne` (divide only if Σraw > 1). */
  readonly cpuShareMode: ShareMode;
  /** Reward given to the agents: `cooperative` (eq. 12, MA-DRL; default) or `local` (eq. 23, F-DRL/IL-DRL). */
  readonly rewardMode: SmallCellRewardMode;
  /** [R] β of eq. (13), the revenue of a met deadline. Finite and >= 0; default 1.0. */
  readonly beta: number;
  /** [R] V_n = max(V_n, latencyPenaltyFloor); `null` disables the floor. Finite and <= 0, or null; default −10. */
  readonly latencyPenaltyFloor: number | null;
  /** [R] Cap on the transmission time, s (energy computed on the capped time); `null` = literal, uncapped (default). */
  readonly maxTxTime: number | null;
  /** [R] Slots per episode; every agent is truncated at this step. Integer in [1, 2^31 − 1]; default 100. */
  readonly episodeLength: number;
  /**
   * Out-of-range actions (an element outside [0, 1]): 'error' (default — `step` throws naming the
   * agent, the index and the bound; the convention for every paper env) or 'clip' (clipped to
   * [0, 1], then decoded). NaNs, wrong lengths and types always throw.
   */
  readonly actionBounds: ActionBoundsMode;
}

/** Input of {@link resolveSmallCellConfig}: any subset of the fields; `obsDb` may itself be partial. */
export type SmallCellConfigInput = Partial<Omit<SmallCellConfig, 'obsDb' | 'pFloor'>> & {
  readonly obsDb?: Partial<SmallCellObsDb>;
  /** Default: 1e−3 · maxPowerW (of the resolved config). */
  readonly pFloor?: number;
};

/** The paper's CPU energy coefficients (spec 01 §2): ε = 1 J/Gcycle, ε̄ = 10 mJ/Gcycle, in J/cycle. */
export const SMALL_CELL_PAPER_ENERGY = Object.freeze({ ueJoulesPerCycle: 1e-9, sbsJoulesPerCycle: 1e-11 });

/** [R] Fraction of P_max used as the default power floor. */
export const SMALL_CELL_PFLOOR_FRACTION = 1e-3;

/** Defaults: the paper's values plus the spec's [R] resolutions. `pFloor` is derived (1e−3·maxPowerW). */
export const SMALL_CELL_DEFAULTS: Readonly<SmallCellConfig> = Object.freeze({
  seed: 0,
  numCells: 6,
  uesPerCell: 10,
  numChannels: 16,
  bandwidthHz: 1e7,
  maxPowerW: dbmToWatts(23),
  noisePsdWPerHz: dbmToWatts(-174),
  taskSizeKB: Object.freeze([200, 300]) as unknown as readonly [number, number],
  cyclesPerBit: Object.freeze([500, 1000]) as unknown as readonly [number, number],
  kiloByteBits: 8000,
  deadlineFactor: 0.9,
  ueCpuHz: 1e9,
  sbsCpuHz: 5e10,
  energyCoefficients: 'paper',
  ueJoulesPerCycle: SMALL_CELL_PAPER_ENERGY.ueJoulesPerCycle,
  sbsJoulesPerCycle: SMALL_CELL_PAPER_ENERGY.sbsJoulesPerCycle,
  areaWidthM: 1500,
  areaHeightM: 1000,
  cellRadiusM: 250,
  sbsMinSeparation: 250,
  ueMinDistance: 10,
  minLinkDistance: 10,
  topology: 'perRun',
  topologyMaxTries: 10_000,
  obsNorm: 'scaled',
  obsDb: Object.freeze({ hOffset: 100, hScale: 30, iOffset: 130, iScale: 30 }),
  interferenceObs: 'previousSlot',
  channelDecoding: 'scores',
  alphaSnap: 0.01,
  pFloor: SMALL_CELL_PFLOOR_FRACTION * dbmToWatts(23),
  cpuShareMode: 'sumToOne',
  rewardMode: 'cooperative',
  beta: 1.0,
  latencyPenaltyFloor: -10,
  maxTxTime: null,
  episodeLength: 100,
  actionBounds: 'error',
});

const OBS_DB_KEYS: readonly (keyof SmallCellObsDb)[] = ['hOffset', 'hScale', 'iOffset', 'iScale'];

function nullOr(owner: string, field: string, value: unknown, range: string, ok: (v: number) => boolean): number | null {
  if (value === null) return null;
  return finiteWhere(owner, field, value, `${range}, or null`, ok);
}

/**
 * Validate a partial config against {@link SMALL_CELL_DEFAULTS} and return the resolved, frozen
 * config. Unknown fields (typos) are rejected; every error names the field and its allowed range.
 */
export function resolveSmallCellConfig(partial: SmallCellConfigInput = {}): SmallCellConfig {
  const owner = SMALL_CELL_ID;
  noUnknownKeys(owner, 'config', record(owner, 'config', partial), Object.keys(SMALL_CELL_DEFAULTS));
  const p = partial as Readonly<Record<string, unknown>>;
  const get = (key: keyof SmallCellConfig): unknown => (p[key] === undefined ? SMALL_CELL_DEFAULTS[key] : p[key]);

  const maxPowerW = positive(owner, 'maxPowerW', get('maxPowerW'));
  const cellRadiusM = positive(owner, 'cellRadiusM', get('cellRadiusM'));

  const obsDbIn = p['obsDb'] === undefined ? {} : record(owner, 'obsDb', p['obsDb']);
  noUnknownKeys(owner, 'obsDb', obsDbIn, OBS_DB_KEYS);
  const db = (key: keyof SmallCellObsDb): unknown => (obsDbIn[key] === undefined ? SMALL_CELL_DEFAULTS.obsDb[key] : obsDbIn[key]);
  const obsDb: SmallCellObsDb = Object.freeze({
    hOffset: finiteWhere(owner, 'obsDb.hOffset', db('hOffset'), 'a finite number'),
    hScale: positive(owner, 'obsDb.hScale', db('hScale')),
    iOffset: finiteWhere(owner, 'obsDb.iOffset', db('iOffset'), 'a finite number'),
    iScale: positive(owner, 'obsDb.iScale', db('iScale')),
  });

  const energyCoefficients = oneOf<SmallCellEnergyCoefficients>(owner, 'energyCoefficients', get('energyCoefficients'), ['paper', 'custom']);
  const ueJoulesPerCycle = nonNegative(owner, 'ueJoulesPerCycle', get('ueJoulesPerCycle'));
  const sbsJoulesPerCycle = nonNegative(owner, 'sbsJoulesPerCycle', get('sbsJoulesPerCycle'));
  if (energyCoefficients === 'paper') {
    const hint = "under energyCoefficients 'paper' (set energyCoefficients: 'custom' for what-if values)";
    if (ueJoulesPerCycle !== SMALL_CELL_PAPER_ENERGY.ueJoulesPerCycle) fail(owner, 'ueJoulesPerCycle', `${SMALL_CELL_PAPER_ENERGY.ueJoulesPerCycle} ${hint}`, ueJoulesPerCycle);
    if (sbsJoulesPerCycle !== SMALL_CELL_PAPER_ENERGY.sbsJoulesPerCycle) fail(owner, 'sbsJoulesPerCycle', `${SMALL_CELL_PAPER_ENERGY.sbsJoulesPerCycle} ${hint}`, sbsJoulesPerCycle);
  }

  const kiloByteBits = get('kiloByteBits');
  if (kiloByteBits !== 8000 && kiloByteBits !== 8192) fail(owner, 'kiloByteBits', '8000 or 8192', kiloByteBits, typeof kiloByteBits !== 'number');

  const cpuShareMode = oneOf<ShareMode>(owner, 'cpuShareMode', get('cpuShareMode'), ['sumToOne', 'capAtOne']);
  const pFloorIn = p['pFloor'] === undefined ? SMALL_CELL_PFLOOR_FRACTION * maxPowerW : p['pFloor'];

  const config: SmallCellConfig = {
    seed: integerIn(owner, 'seed', get('seed'), Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER),
    numCells: integerIn(owner, 'numCells', get('numCells'), 1, 1024),
    uesPerCell: integerIn(owner, 'uesPerCell', get('uesPerCell'), 1, 1024),
    numChannels: integerIn(owner, 'numChannels', get('numChannels'), 1, 4096),
    bandwidthHz: positive(owner, 'bandwidthHz', get('bandwidthHz')),
    maxPowerW,
    noisePsdWPerHz: positive(owner, 'noisePsdWPerHz', get('noisePsdWPerHz')),
    taskSizeKB: range(owner, 'taskSizeKB', get('taskSizeKB')),
    cyclesPerBit: range(owner, 'cyclesPerBit', get('cyclesPerBit')),
    kiloByteBits,
    deadlineFactor: positive(owner, 'deadlineFactor', get('deadlineFactor')),
    ueCpuHz: positive(owner, 'ueCpuHz', get('ueCpuHz')),
    sbsCpuHz: positive(owner, 'sbsCpuHz', get('sbsCpuHz')),
    energyCoefficients,
    ueJoulesPerCycle,
    sbsJoulesPerCycle,
    areaWidthM: positive(owner, 'areaWidthM', get('areaWidthM')),
    areaHeightM: positive(owner, 'areaHeightM', get('areaHeightM')),
    cellRadiusM,
    sbsMinSeparation: nonNegative(owner, 'sbsMinSeparation', get('sbsMinSeparation')),
    ueMinDistance: finiteWhere(owner, 'ueMinDistance', get('ueMinDistance'), `a finite number in [0, cellRadiusM) = [0, ${cellRadiusM})`, (x) => x >= 0 && x < cellRadiusM),
    minLinkDistance: positive(owner, 'minLinkDistance', get('minLinkDistance')),
    topology: oneOf<SmallCellTopologyMode>(owner, 'topology', get('topology'), ['perRun', 'perEpisode']),
    topologyMaxTries: integerIn(owner, 'topologyMaxTries', get('topologyMaxTries'), 1, 1e9),
    obsNorm: oneOf<SmallCellObsNorm>(owner, 'obsNorm', get('obsNorm'), ['scaled', 'paper']),
    obsDb,
    interferenceObs: oneOf<SmallCellInterferenceObs>(owner, 'interferenceObs', get('interferenceObs'), ['previousSlot', 'zero']),
    channelDecoding: oneOf<SmallCellChannelDecoding>(owner, 'channelDecoding', get('channelDecoding'), ['scores', 'index']),
    alphaSnap: finiteWhere(owner, 'alphaSnap', get('alphaSnap'), 'a finite number in [0, 0.5)', (x) => x >= 0 && x < 0.5),
    pFloor: finiteWhere(owner, 'pFloor', pFloorIn, `a finite number in (0, maxPowerW] = (0, ${maxPowerW}]`, (x) => x > 0 && x <= maxPowerW),
    cpuShareMode,
    rewardMode: oneOf<SmallCellRewardMode>(owner, 'rewardMode', get('rewardMode'), ['cooperative', 'local']),
    beta: nonNegative(owner, 'beta', get('beta')),
    latencyPenaltyFloor: nullOr(owner, 'latencyPenaltyFloor', get('latencyPenaltyFloor'), 'a finite number <= 0', (x) => x <= 0),
    maxTxTime: nullOr(owner, 'maxTxTime', get('maxTxTime'), 'a finite number > 0', (x) => x > 0),
    episodeLength: integerIn(owner, 'episodeLength', get('episodeLength'), 1, 2 ** 31 - 1),
    actionBounds: checkActionBounds(owner, get('actionBounds')),
  };
  return Object.freeze(config);
}

/** Sizes and derived constants of a resolved config (spec 01 §3 dimension formulas). */
export interface SmallCellDims {
  /** M. */
  readonly numCells: number;
  /** N_m. */
  readonly uesPerCell: number;
  /** K. */
  readonly numChannels: number;
  /** N = M·N_m. */
  readonly numUes: number;
  /** `N_m·K + K + 3·N_m` (206 for the paper). */
  readonly obsDim: number;
  /** `N_m·(K + 3)` with `scores` (190 for the paper), `4·N_m` with `index`. */
  readonly actDim: number;
  /** Noise power N0·B, W. */
  readonly noiseW: number;
  /** Smallest and largest task size, bit. */
  readonly taskBitsMin: number;
  readonly taskBitsMax: number;
  /** Largest ω = c_max·d_max, cycle (2.4e9 for the paper): the `scaled` divisor of ω. */
  readonly cyclesMax: number;
  /** Largest T̃ = deadlineFactor·ω_max/C_n, s (2.16 for the paper): the `scaled` divisor of T̃. */
  readonly deadlineMax: number;
}

/** Observation length per agent: `N_m·K + K + 3·N_m`. */
export function smallCellObsDim(uesPerCell: number, numChannels: number): number {
  return uesPerCell * numChannels + numChannels + 3 * uesPerCell;
}

/** Action length per agent: `N_m·(K + 3)` (`scores`) or `4·N_m` (`index`). */
export function smallCellActDim(uesPerCell: number, numChannels: number, channelDecoding: SmallCellChannelDecoding): number {
  return channelDecoding === 'scores' ? uesPerCell * (numChannels + 3) : 4 * uesPerCell;
}

/** Sizes and derived constants of a resolved config. */
export function smallCellDims(config: SmallCellConfig): SmallCellDims {
  const taskBitsMin = config.taskSizeKB[0] * config.kiloByteBits;
  const taskBitsMax = config.taskSizeKB[1] * config.kiloByteBits;
  const cyclesMax = config.cyclesPerBit[1] * taskBitsMax;
  return Object.freeze({
    numCells: config.numCells,
    uesPerCell: config.uesPerCell,
    numChannels: config.numChannels,
    numUes: config.numCells * config.uesPerCell,
    obsDim: smallCellObsDim(config.uesPerCell, config.numChannels),
    actDim: smallCellActDim(config.uesPerCell, config.numChannels, config.channelDecoding),
    noiseW: config.noisePsdWPerHz * config.bandwidthHz,
    taskBitsMin,
    taskBitsMax,
    cyclesMax,
    deadlineMax: (config.deadlineFactor * cyclesMax) / config.ueCpuHz,
  });
}
