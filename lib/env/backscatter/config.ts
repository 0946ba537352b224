// Configuration of the `backscatter` environment (spec 03, Zhou et al., "Hierarchical Multi-Agent
// Deep Reinforcement Learning for Backscatter-aided Data Offloading").
//
// Every field is documented with its unit and allowed range. Defaults are the paper's values
// (spec 03 §2.2) plus the spec's [R] resolutions: the physical scale of §2.3 (all under `physics`),
// the frame dynamics of §2.4, the observation/decoding choices of §3 and the resolutions of
// 2026-12-04 (`activeDropRule`). `resolveBackscatterConfig` validates a partial config against the
// defaults; every error names the field and its allowed range, e.g.
// `backscatter: physics.apPower must be a finite number > 0, got -1`.

import { gainFromPathLossDb, logDistancePathLossDb } from '../common/index.js';
import { checkActionBounds, type ActionBoundsMode } from '../../rl/index.js';
import { fail, finiteWhere, integerIn, noUnknownKeys, oneOf, record } from '../check.js';
import { hypot } from '../../math/index.js';

/** Env id, also the label of the env's own random stream (`envStream(seed, 'backscatter')`). */
export const BACKSCATTER_ID = 'backscatter';

/** User observation (spec 03 §3 [R]): `extended` adds the passive rate and harvest coefficient the AP's beams imply; `paper` is `(E, ℓ, h, g)`. */
export type BackscatterUserObs = 'extended' | 'paper';
/** Passive SNR of eq. (6) (spec 03 A2 [R]): normalised MRC (noise σ²) or the literal unnormalised combiner. */
export type BackscatterPassiveSnrModel = 'normalizedMrc' | 'paperLiteral';
/** What happens to an active share that cannot be sent (`t_a < 1e−6`), resolution 1: `strict` ⇒ outage; `literal` ⇒ silently dropped. */
export type BackscatterActiveDropRule = 'strict' | 'literal';
/**
 * Offloading scheme (spec 03 §4.4, resolution 7): `hybrid` (active + passive + local), `active-enabled`
 * (ℓ_b = 0, passive sub-slots are pure power transfer, no `p_{b,r}` charge), `mec-disabled`
 * (ℓ_a = ℓ_b = 0, `E_o = Σ p·t_b`).
 */
export type BackscatterScheme = 'hybrid' | 'active-enabled' | 'mec-disabled';

/** Physical scale (spec 03 §2.3 [R]). SI units; workload in wu = (1/c_r) bit/Hz. */
export interface BackscatterPhysics {
  /** σ², receiver noise power, W. > 0; default 1e−8. */
  readonly noisePower: number;
  /** c_r, wu per bit/Hz: rates are `c_r·log2(1 + SNR)` wu/s. > 0; default 4. */
  readonly rateScale: number;
  /** p, AP carrier (transmit) power, W. > 0; default 1 (Fig. 3a sweeps {0.25, 0.5, 1, 2, 4}). */
  readonly apPower: number;
  /** |Γ_o|², backscatter reflection power gain. In (0, 1]; default 0.5. */
  readonly reflectionGain: number;
  /** p_o, user circuit power while transmitting actively, W. >= 0; default 1e−4. */
  readonly circuitPower: number;
  /** Largest user RF transmit power β, W. > 0; default 0.1. */
  readonly maxUserTxPower: number;
  /** r_c, local processing rate, wu/s. > 0; default 30. */
  readonly localRate: number;
  /** φ_c, local energy per wu, J/wu. >= 0; default 1e−5. */
  readonly phiLocal: number;
  /** φ_o, MEC energy per wu, J/wu. >= 0; default 1e−3. */
  readonly phiMec: number;
  /** p_{a,r}, AP reception power during active sub-slots, W. >= 0; default 0.1. */
  readonly apRxPowerActive: number;
  /** p_{b,r}, AP reception power during passive sub-slots, W. >= 0; default 0.05. */
  readonly apRxPowerPassive: number;
  /** E_max, battery capacity, J. > 0; default 1e−3. */
  readonly batteryMax: number;
  /** Battery at episode start as a fraction of E_max. In [0, 1]; default 0.5. */
  readonly batteryInitFraction: number;
  /** σ_r, exponent of the success ratio in (11). >= 0; default 2. */
  readonly sigmaReward: number;
  /** Floor of E_o in (11), J. > 0; default 1e−6 (see the reviewer note on the unbounded reward). */
  readonly efficiencyFloorJ: number;
}

/** The resolved configuration (all fields present and validated). */
export interface BackscatterConfig {
  /** Seed of the env generator used until the first seeded reset. Safe integer; default 0. */
  readonly seed: number;
  /** M, AP antennas. Integer in [1, 64]; paper 3. */
  readonly numAntennas: number;
  /** User positions [x, y] in m (AP at the origin), each at distance κ·‖p‖ >= 1 mm; N = its length, in [1, 64]. Paper (5,5), (3,3), (−2,4). */
  readonly userPositions: readonly (readonly [number, number])[];
  /** κ, every position is scaled by it (Fig. 4 sweep). > 0; default 1. */
  readonly distanceScale: number;
  /** T_i, slot length per user, s (frame T_o = N·T_i). > 0; paper 1. */
  readonly slotDuration: number;
  /** η, energy-harvesting efficiency. In [0, 1]; paper 0.6. */
  readonly eta: number;
  /** μ1, weight of the offloaded share in (12). >= 0; paper 0.2. */
  readonly mu1: number;
  /** μ2, weight of the passive time share in (12). >= 0; paper 0.4. */
  readonly mu2: number;
  /** λ, mean workload per user per frame, wu (Poisson). In (0, 1e6]; paper 40. */
  readonly workloadMean: number;
  /** Workloads are `max(workloadFloor, Poisson(λ))`, wu. Integer in [1, 1e6]; default 1. */
  readonly workloadFloor: number;
  /** Physical scale (§2.3). */
  readonly physics: BackscatterPhysics;
  /** [R] User observation; default `extended`. */
  readonly userObs: BackscatterUserObs;
  /** [R] Add the downlink channel g (= h) to the AP state; default false. */
  readonly includeDownlink: boolean;
  /** [R] Passive SNR model; default `normalizedMrc`. */
  readonly passiveSnrModel: BackscatterPassiveSnrModel;
  /** [R] Resolution 1; default `strict`. */
  readonly activeDropRule: BackscatterActiveDropRule;
  /** [R] Relative tolerance of every outage test: violated only if lhs > rhs·(1 + feasTol) + 1e−12. In [0, 1e−2]; default 1e−6. */
  readonly feasTol: number;
  /** [R] Outage workload carried to the next frame; only `false` (dropped, §2.4 step 5) is supported. */
  readonly carryOverOutage: false;
  /** [R] Offloading scheme; default `hybrid` (§4.4). */
  readonly scheme: BackscatterScheme;
  /** [R] Divisor of r_b in the `extended` user observation, wu/s; > 0; default 40. */
  readonly obsRateScale: number;
  /** [R] Divisor of the harvest coefficient H_i in the `extended` user observation, W; > 0; default 1e−3. */
  readonly obsHarvestScale: number;
  /** Frames per episode. Integer in [1, 2^31 − 1]; default 100. */
  readonly episodeLength: number;
  /**
   * Out-of-range raw actions (an element outside [0, 1], the AP's or a user's): 'error' (default —
   * the convention of every paper env: throws naming the agent, the index and the bound; the env is
   * unchanged) or 'clip' (clipped to [0, 1], then decoded). NaNs, wrong lengths and types always throw.
   */
  readonly actionBounds: ActionBoundsMode;
}

/** Input of {@link resolveBackscatterConfig}: any subset; `physics` may itself be partial. */
export type BackscatterConfigInput = Partial<Omit<BackscatterConfig, 'physics'>> & {
  readonly physics?: Partial<BackscatterPhysics>;
};

/** Spec 03 §2.3 defaults. */
export const BACKSCATTER_PHYSICS_DEFAULTS: Readonly<BackscatterPhysics> = Object.freeze({
  noisePower: 1e-8,
  rateScale: 4,
  apPower: 1,
  reflectionGain: 0.5,
  circuitPower: 1e-4,
  maxUserTxPower: 0.1,
  localRate: 30,
  phiLocal: 1e-5,
  phiMec: 1e-3,
  apRxPowerActive: 0.1,
  apRxPowerPassive: 0.05,
  batteryMax: 1e-3,
  batteryInitFraction: 0.5,
  sigmaReward: 2,
  efficiencyFloorJ: 1e-6,
});

/** Defaults: the paper's values (§2.2) plus the spec's [R] resolutions. */
export const BACKSCATTER_DEFAULTS: Readonly<BackscatterConfig> = Object.freeze({
  seed: 0,
  numAntennas: 3,
  userPositions: Object.freeze([Object.freeze([5, 5]), Object.freeze([3, 3]), Object.freeze([-2, 4])]) as unknown as readonly (readonly [number, number])[],
  distanceScale: 1,
  slotDuration: 1,
  eta: 0.6,
  mu1: 0.2,
  mu2: 0.4,
  workloadMean: 40,
  workloadFloor: 1,
  physics: BACKSCATTER_PHYSICS_DEFAULTS,
  userObs: 'extended',
  includeDownlink: false,
  passiveSnrModel: 'normalizedMrc',
  activeDropRule: 'strict',
  feasTol: 1e-6,
  carryOverOutage: false,
  scheme: 'hybrid',
  obsRateScale: 40,
  obsHarvestScale: 1e-3,
  episodeLength: 100,
  actionBounds: 'error',
});

const positive = (owner: string, field: string, v: unknown): number => finiteWhere(owner, field, v, 'a finite number > 0', (x) => x > 0);
const nonNegative = (owner: string, field: string, v: unknown): number => finiteWhere(owner, field, v, 'a finite number >= 0', (x) => x >= 0);
const unit = (owner: string, field: string, v: unknown): number => finiteWhere(owner, field, v, 'a finite number in [0, 1]', (x) => x >= 0 && x <= 1);

function positions(owner: string, value: unknown): readonly (readonly [number, number])[] {
  const what = 'an array of 1 to 64 positions [x, y] (m, finite, not at the AP (0, 0))';
  if (!Array.isArray(value)) fail(owner, 'userPositions', what, value, true);
  if (value.length < 1 || value.length > 64) fail(owner, 'userPositions', what, value);
  return Object.freeze(
    value.map((p: unknown, i) => {
      if (!Array.isArray(p) || p.length !== 2) fail(owner, `userPositions[${i}]`, 'an array [x, y] of two finite numbers', p, !Array.isArray(p));
      const x = finiteWhere(owner, `userPositions[${i}][0]`, p[0], 'a finite number');
      const y = finiteWhere(owner, `userPositions[${i}][1]`, p[1], 'a finite number');
      if (x === 0 && y === 0) fail(owner, `userPositions[${i}]`, 'away from the AP at (0, 0)', '[0, 0]');
      return Object.freeze([x, y]) as unknown as readonly [number, number];
    }),
  );
}

/** Smallest user–AP distance κ·‖p‖, m: nearer, the path-loss gain overflows. */
export const MIN_USER_DISTANCE_M = 1e-3;

const PHYSICS_KEYS = Object.keys(BACKSCATTER_PHYSICS_DEFAULTS);

/**
 * Validate a partial config against {@link BACKSCATTER_DEFAULTS} and return the resolved, frozen
 * config. Unknown fields (typos) are rejected; every error names the field and its allowed range.
 */
export function resolveBackscatterConfig(partial: BackscatterConfigInput = {}): BackscatterConfig {
  const owner = BACKSCATTER_ID;
  noUnknownKeys(owner, 'config', record(owner, 'config', partial), Object.keys(BACKSCATTER_DEFAULTS));
  const p = partial as Readonly<Record<string, unknown>>;
  const get = (key: keyof BackscatterConfig): unknown => (p[key] === undefined ? BACKSCATTER_DEFAULTS[key] : p[key]);
  const physIn = p['physics'] === undefined ? {} : record(owner, 'physics', p['physics']);
  noUnknownKeys(owner, 'physics', physIn, PHYSICS_KEYS);
  const ph = (key: keyof BackscatterPhysics): unknown => (physIn[key] === undefined ? BACKSCATTER_PHYSICS_DEFAULTS[key] : physIn[key]);
  const q = (k: string): string => `physics.${k}`;
  const physics: BackscatterPhysics = Object.freeze({
    noisePower: positive(owner, q('noisePower'), ph('noisePower')),
    rateScale: positive(owner, q('rateScale'), ph('rateScale')),
    apPower: positive(owner, q('apPower'), ph('apPower')),
    reflectionGain: finiteWhere(owner, q('reflectionGain'), ph('reflectionGain'), 'a finite number in (0, 1]', (x) => x > 0 && x <= 1),
    circuitPower: nonNegative(owner, q('circuitPower'), ph('circuitPower')),
    maxUserTxPower: positive(owner, q('maxUserTxPower'), ph('maxUserTxPower')),
    localRate: positive(owner, q('localRate'), ph('localRate')),
    phiLocal: nonNegative(owner, q('phiLocal'), ph('phiLocal')),
    phiMec: nonNegative(owner, q('phiMec'), ph('phiMec')),
    apRxPowerActive: nonNegative(owner, q('apRxPowerActive'), ph('apRxPowerActive')),
    apRxPowerPassive: nonNegative(owner, q('apRxPowerPassive'), ph('apRxPowerPassive')),
    batteryMax: positive(owner, q('batteryMax'), ph('batteryMax')),
    batteryInitFraction: unit(owner, q('batteryInitFraction'), ph('batteryInitFraction')),
    sigmaReward: finiteWhere(owner, q('sigmaReward'), ph('sigmaReward'), 'a finite number in [0, 100]', (x) => x >= 0 && x <= 100),
    efficiencyFloorJ: positive(owner, q('efficiencyFloorJ'), ph('efficiencyFloorJ')),
  });
  const includeDownlink = get('includeDownlink');
  if (typeof includeDownlink !== 'boolean') fail(owner, 'includeDownlink', 'a boolean', includeDownlink, true);
  const carry = get('carryOverOutage');
  if (carry !== false) fail(owner, 'carryOverOutage', 'false (outage workload is dropped, spec 03 §2.4 step 5; carrying it over is not implemented)', carry, typeof carry !== 'boolean');

  const config: BackscatterConfig = {
    seed: integerIn(owner, 'seed', get('seed'), Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER),
    numAntennas: integerIn(owner, 'numAntennas', get('numAntennas'), 1, 64),
    userPositions: positions(owner, get('userPositions')),
    distanceScale: positive(owner, 'distanceScale', get('distanceScale')),
    slotDuration: positive(owner, 'slotDuration', get('slotDuration')),
    eta: unit(owner, 'eta', get('eta')),
    mu1: nonNegative(owner, 'mu1', get('mu1')),
    mu2: nonNegative(owner, 'mu2', get('mu2')),
    workloadMean: finiteWhere(owner, 'workloadMean', get('workloadMean'), 'a finite number in (0, 1e6]', (x) => x > 0 && x <= 1e6),
    workloadFloor: integerIn(owner, 'workloadFloor', get('workloadFloor'), 1, 1e6),
    physics,
    userObs: oneOf<BackscatterUserObs>(owner, 'userObs', get('userObs'), ['extended', 'paper']),
    includeDownlink,
    passiveSnrModel: oneOf<BackscatterPassiveSnrModel>(owner, 'passiveSnrModel', get('passiveSnrModel'), ['normalizedMrc', 'paperLiteral']),
    activeDropRule: oneOf<BackscatterActiveDropRule>(owner, 'activeDropRule', get('activeDropRule'), ['strict', 'literal']),
    feasTol: finiteWhere(owner, 'feasTol', get('feasTol'), 'a finite number in [0, 0.01]', (x) => x >= 0 && x <= 0.01),
    carryOverOutage: false,
    scheme: oneOf<BackscatterScheme>(owner, 'scheme', get('scheme'), ['hybrid', 'active-enabled', 'mec-disabled']),
    obsRateScale: positive(owner, 'obsRateScale', get('obsRateScale')),
    obsHarvestScale: positive(owner, 'obsHarvestScale', get('obsHarvestScale')),
    episodeLength: integerIn(owner, 'episodeLength', get('episodeLength'), 1, 2 ** 31 - 1),
    actionBounds: checkActionBounds(owner, get('actionBounds')),
  };
  // The log-distance path loss (20 + 20·log10 d) grows without bound as d → 0: a user nearer the AP
  // than MIN_USER_DISTANCE_M overflows the channel gain to Infinity (found by the reliability fuzz).
  config.userPositions.forEach(([x, y], i) => {
    const d = config.distanceScale * hypot(x, y);
    if (!(d >= MIN_USER_DISTANCE_M)) fail(owner, `userPositions[${i}]`, `at distance distanceScale·‖p‖ >= ${MIN_USER_DISTANCE_M} m from the AP (got ${d} m)`, [x, y]);
  });
  return Object.freeze(config);
}

/** Sizes and derived constants of a resolved config. */
export interface BackscatterDims {
  /** N, users. */
  readonly numUsers: number;
  /** M, antennas. */
  readonly numAntennas: number;
  /** AP state: `N(2 + 2M)`, or `N(2 + 4M)` with includeDownlink (24 / 42 for the paper). */
  readonly apObsDim: number;
  /** AP action: `2MN` (18). */
  readonly apActDim: number;
  /** User observation: `2 + 2M + 2` (`extended`, 10) or `2 + 4M` (`paper`, 14). */
  readonly userObsDim: number;
  /** User action: 5. */
  readonly userActDim: number;
  /** Scaled distances κ·d_i, m. */
  readonly distances: readonly number[];
  /** Path losses L_i, dB. */
  readonly pathLossDb: readonly number[];
  /** s_h,i = sqrt(10^{−L_i/10}), the channel amplitude scale. */
  readonly channelScale: readonly number[];
}

/** User action length (t_a, t_b, three workload weights). */
export const BACKSCATTER_USER_ACT_DIM = 5;

/** Sizes and derived constants of a resolved config. */
export function backscatterDims(c: BackscatterConfig): BackscatterDims {
  const N = c.userPositions.length;
  const M = c.numAntennas;
  const distances = c.userPositions.map(([x, y]) => c.distanceScale * hypot(x, y));
  const pathLossDb = distances.map((d) => logDistancePathLossDb(d)); // L = 20 + 20·log10(κ·d), d in m

  return Object.freeze({
    numUsers: N,
    numAntennas: M,
    apObsDim: N * (2 + (c.includeDownlink ? 4 : 2) * M),
    apActDim: 2 * M * N,
    userObsDim: c.userObs === 'extended' ? 2 + 2 * M + 2 : 2 + 4 * M,
    userActDim: BACKSCATTER_USER_ACT_DIM,
    distances: Object.freeze(distances),
    pathLossDb: Object.freeze(pathLossDb),
    channelScale: Object.freeze(pathLossDb.map((l) => Math.sqrt(gainFromPathLossDb(l)))),
  });
}
