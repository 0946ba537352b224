// The pure equations of spec 03 (§2.1, §2.4, resolutions 1, 4, 7): rates (4), (6), the required
// transmit power, harvest (8), the AP energy (7), outage with the relative tolerance feasTol, the
// battery budget (9), the rewards (11), (12) and one whole frame (`evaluateFrame`), which changes
// nothing: the env applies its `batteryNext`. Equation numbers are the paper's.

import type { ComplexVector } from '../common/index.js';
import { beamGain, squaredNorm } from '../common/index.js';
import type { BackscatterConfig, BackscatterScheme } from './config.js';
import { expm1, log2, pow } from '../../math/index.js';

/** Below this active time the active share cannot be sent (spec 03 §3, resolution 1), s. */
export const ACTIVE_TIME_FLOOR = 1e-6;
/** Absolute slack of every outage test: violated only if lhs > rhs·(1 + feasTol) + 1e−12. */
export const FEAS_ABS_TOL = 1e-12;

/** One user's decoded plan for its slot (spec 03 §3): times in s, workloads in wu. */
export interface UserDecision {
  /** t_a, active sub-slot. */
  readonly ta: number;
  /** t_b, passive (backscatter) sub-slot; t_a + t_b <= T_i. */
  readonly tb: number;
  /** ℓ_a, active offload. */
  readonly la: number;
  /** ℓ_b, passive offload. */
  readonly lb: number;
  /** ℓ_c, local computing. */
  readonly lc: number;
}

/** Rate (4) for an RF transmit power β: `c_r·log2(1 + β‖h‖²/σ²)`, wu/s. */
export function activeRate(txPower: number, channelGain: number, c: BackscatterConfig): number {
  return c.physics.rateScale * log2(1 + (txPower * channelGain) / c.physics.noisePower);
}

/** Inverse of (4): `β(r) = (2^{r/c_r} − 1)·σ²/‖h‖²`, W (`+∞` when 2^{r/c_r} overflows). */
export function requiredTxPower(rate: number, channelGain: number, c: BackscatterConfig): number {
  return (expm1((rate / c.physics.rateScale) * Math.LN2) * c.physics.noisePower) / channelGain;
}

/**
 * Passive SNR of (6): `normalizedMrc` ⇒ `p|Γ|²‖h‖²|h^H w|²/σ²`; `paperLiteral` ⇒ the unnormalised
 * combiner's noise `‖h‖²σ²` cancels one ‖h‖² ⇒ `p|Γ|²|h^H w|²/σ²` (spec 03 A2).
 */
export function passiveSnr(channelGain: number, ownBeamGain: number, c: BackscatterConfig): number {
  const { apPower, reflectionGain, noisePower } = c.physics;
  const snr = (apPower * reflectionGain * ownBeamGain) / noisePower;
  return c.passiveSnrModel === 'normalizedMrc' ? snr * channelGain : snr;
}

/** Rate (6): `c_r·log2(1 + SNR_b)`, wu/s. */
export function passiveRate(channelGain: number, ownBeamGain: number, c: BackscatterConfig): number {
  return c.physics.rateScale * log2(1 + passiveSnr(channelGain, ownBeamGain, c));
}

/**
 * Beam-gain matrix `G[j][i] = |h_j^H w_i|²` (row-major N×N): user j's gain from beam i.
 * Its diagonal enters (6); the off-diagonal entries enter the harvest (8).
 */
export function beamGainMatrix(channels: readonly ComplexVector[], beams: readonly ComplexVector[]): Float64Array {
  const n = channels.length;
  const g = new Float64Array(n * n);
  for (let j = 0; j < n; j++) for (let i = 0; i < n; i++) g[j * n + i] = beamGain(channels[j] as ComplexVector, beams[i] as ComplexVector);
  return g;
}

/** Harvest coefficient `H_j = η·p·Σ_{k≠j} |h_j^H w_k|²`, W (the harvest power if every other user backscattered the whole slot). */
export function harvestCoefficient(gains: Float64Array, j: number, n: number, c: BackscatterConfig): number {
  let s = 0;
  for (let k = 0; k < n; k++) if (k !== j) s += gains[j * n + k] as number;
  return c.eta * c.physics.apPower * s;
}

/** Harvest (8): `E_j^h = η·Σ_{i≠j} p·t_{b,i}·|h_j^H w_i|²`, J. */
export function harvestedEnergy(gains: Float64Array, tb: ArrayLike<number>, j: number, n: number, c: BackscatterConfig): number {
  let s = 0;
  for (let i = 0; i < n; i++) if (i !== j) s += c.physics.apPower * (tb[i] as number) * (gains[j * n + i] as number);
  return c.eta * s;
}

/**
 * One user's term of the AP energy (7): `p·t_b + p_{a,r}·t_a + p_{b,r}·t_b + φ_o·ℓ_o` (`hybrid`);
 * `active-enabled` drops `p_{b,r}·t_b` (no backscatter reception); `mec-disabled` keeps `p·t_b` only
 * (resolution 7). J.
 */
export function apEnergyTerm(ta: number, tb: number, offloaded: number, scheme: BackscatterScheme, c: BackscatterConfig): number {
  const { apPower, apRxPowerActive, apRxPowerPassive, phiMec } = c.physics;
  if (scheme === 'mec-disabled') return apPower * tb;
  const rx = scheme === 'hybrid' ? apRxPowerPassive * tb : 0;
  return apPower * tb + apRxPowerActive * ta + rx + phiMec * offloaded;
}

/** Reward (11): `((1/N)Σx)^σ_r · Σ x_i ℓ_i / max(E_o, efficiencyFloorJ)`, wu/J. */
export function apReward(success: ArrayLike<number>, workloads: ArrayLike<number>, apEnergy: number, c: BackscatterConfig): number {
  let sx = 0;
  let processed = 0;
  for (let i = 0; i < success.length; i++) {
    sx += success[i] as number;
    processed += (success[i] as number) * (workloads[i] as number);
  }
  const ratio = sx / success.length;
  return pow(ratio, c.physics.sigmaReward) * (processed / Math.max(apEnergy, c.physics.efficiencyFloorJ));
}

/** Reward (12): `max(x − μ1·ℓ_o/ℓ − μ2·t_b/T_i, 0)`. */
export function userReward(success: number, offloaded: number, workload: number, tb: number, c: BackscatterConfig): number {
  return Math.max(success - (c.mu1 * offloaded) / workload - (c.mu2 * tb) / c.slotDuration, 0);
}

/** The outage test of spec 03 §3: true iff `lhs > rhs·(1 + feasTol) + 1e−12`. */
export function violates(lhs: number, rhs: number, feasTol: number): boolean {
  return lhs > rhs * (1 + feasTol) + FEAS_ABS_TOL;
}

/** Why a user is in outage (several may hold). */
export interface OutageCauses {
  /**
   * Workload that cannot be sent: resolution 1 (`strict`), `t_a < 1e−6` with an active share; or a
   * share the scheme does not allow (ℓ_b under `active-enabled`, ℓ_a or ℓ_b under `mec-disabled`).
   * Each share counts only above `feasTol·ℓ_i + 1e−12`.
   */
  readonly unsent: boolean;
  /** (3) passive part: `ℓ_b > t_b·r_b`. */
  readonly passiveRate: boolean;
  /** (2): `t_c = ℓ_c/r_c > T_i`. */
  readonly localTime: boolean;
  /** Required RF power `β(r_a) > maxUserTxPower`. */
  readonly txPower: boolean;
  /** (9): consumption above `min(E + E^h, E_max)`. */
  readonly energy: boolean;
}

/** One user's outcome of a frame. */
export interface UserOutcome {
  /** The plan as evaluated (ℓ_a is the sent active share: 0 when `t_a < 1e−6`). */
  readonly decision: UserDecision;
  /** ‖h‖², the MRC gain. */
  readonly channelGain: number;
  /** r_a = ℓ_a/t_a (0 if nothing is sent), wu/s. */
  readonly activeRate: number;
  /** β(r_a), W; saturates at Number.MAX_VALUE when 2^{r_a/c_r} overflows. */
  readonly txPower: number;
  /** p_a = β(r_a) + p_o if ℓ_a > 0, else 0, W. */
  readonly activePower: number;
  /** r_b of (6), wu/s. */
  readonly passiveRate: number;
  /** t_c = ℓ_c/r_c, s. */
  readonly localTime: number;
  /** E^h of (8), J. */
  readonly harvested: number;
  /** Consumption `t_a·p_a + φ_c·ℓ_c`, J (saturates at Number.MAX_VALUE). */
  readonly consumption: number;
  /** min(E + E^h, E_max), J. */
  readonly budget: number;
  /** x_i ∈ {0, 1}. */
  readonly success: 0 | 1;
  readonly causes: OutageCauses;
  /** ℓ_o = ℓ_a + ℓ_b, wu. */
  readonly offloaded: number;
  /** This user's term of (7), J. */
  readonly apEnergy: number;
  /** Reward (12). */
  readonly reward: number;
  /** Battery after the frame, `min(E_max, max(0, E + E^h − consumption))`, J. */
  readonly batteryNext: number;
}

/** A frame's outcome (spec 03 §2.4 step 3). */
export interface FrameOutcome {
  readonly users: readonly UserOutcome[];
  /** E_o of (7), J. */
  readonly apEnergy: number;
  /** Σx_i/N. */
  readonly successRatio: number;
  /** Σ x_i ℓ_i, wu. */
  readonly processed: number;
  /** Reward (11), wu/J. */
  readonly apReward: number;
  /** Energy efficiency Σ x_i ℓ_i / max(E_o, efficiencyFloorJ), wu/J (spec 03 §5). */
  readonly efficiency: number;
  /** `|h_j^H w_i|²` row-major (j, i). */
  readonly beamGains: Float64Array;
}

/** Everything a frame depends on. */
export interface FrameInput {
  /** h_i ∈ C^M (path loss included). */
  readonly channels: readonly ComplexVector[];
  /** Unit beams w_i. */
  readonly beams: readonly ComplexVector[];
  /** ℓ_i, wu (>= 1). */
  readonly workloads: ArrayLike<number>;
  /** E_i at the frame's start, J. */
  readonly batteries: ArrayLike<number>;
  /** The users' decoded plans. */
  readonly decisions: readonly UserDecision[];
}

const saturate = (v: number): number => (v > Number.MAX_VALUE || Number.isNaN(v) ? Number.MAX_VALUE : v);

/**
 * Evaluate one frame (spec 03 §2.1, §2.4 steps 3–4, resolutions 1, 4, 7) without changing anything.
 * Per user i: sent active share `ℓ_a` (0 if `t_a < 1e−6`; under `strict` the unsent share is an
 * outage), `r_a = ℓ_a/t_a`, `β(r_a)`, `p_a = β + p_o` (0 if ℓ_a = 0), r_b (6), harvest (8),
 * consumption `t_a p_a + φ_c ℓ_c`, budget `min(E + E^h, E_max)`, the outage tests, E_o (7),
 * rewards (11), (12), battery `min(E_max, max(0, E + E^h − consumption))`.
 */
export function evaluateFrame(input: FrameInput, c: BackscatterConfig): FrameOutcome {
  const n = input.channels.length;
  const gains = beamGainMatrix(input.channels, input.beams);
  const tb = input.decisions.map((d) => d.tb);
  const T = c.slotDuration;
  const { circuitPower, maxUserTxPower, phiLocal, localRate, batteryMax } = c.physics;
  const tol = c.feasTol;
  const users: UserOutcome[] = [];
  let apEnergy = 0;
  for (let i = 0; i < n; i++) {
    const d = input.decisions[i] as UserDecision;
    const workload = input.workloads[i] as number;
    const battery = input.batteries[i] as number;
    const channelGain = squaredNorm(input.channels[i] as ComplexVector);
    const canSend = d.ta >= ACTIVE_TIME_FLOOR;
    const activeAllowed = c.scheme !== 'mec-disabled';
    const la = canSend && activeAllowed ? d.la : 0;
    const lb = c.scheme === 'hybrid' ? d.lb : 0;
    const share = tol * workload + FEAS_ABS_TOL;
    const unsent =
      (!activeAllowed && d.la > share) ||
      (activeAllowed && !canSend && c.activeDropRule === 'strict' && d.la > share) ||
      (c.scheme !== 'hybrid' && d.lb > share);
    const ra = la > 0 ? la / d.ta : 0;
    const txPower = la > 0 ? saturate(requiredTxPower(ra, channelGain, c)) : 0;
    const activePower = la > 0 ? saturate(txPower + circuitPower) : 0;
    const rb = passiveRate(channelGain, gains[i * n + i] as number, c);
    const localTime = d.lc / localRate;
    const harvested = harvestedEnergy(gains, tb, i, n, c);
    const consumption = saturate(d.ta * activePower + phiLocal * d.lc);
    const budget = Math.min(battery + harvested, batteryMax);
    const causes: OutageCauses = {
      unsent,
      passiveRate: violates(lb, d.tb * rb, tol),
      localTime: violates(localTime, T, tol),
      txPower: la > 0 && violates(txPower, maxUserTxPower, tol),
      energy: violates(consumption, budget, tol),
    };
    const success: 0 | 1 = causes.unsent || causes.passiveRate || causes.localTime || causes.txPower || causes.energy ? 0 : 1;
    const offloaded = la + lb;
    const term = apEnergyTerm(d.ta, d.tb, offloaded, c.scheme, c);
    apEnergy += term;
    users.push({
      decision: { ta: d.ta, tb: d.tb, la, lb, lc: d.lc },
      channelGain,
      activeRate: ra,
      txPower,
      activePower,
      passiveRate: rb,
      localTime,
      harvested,
      consumption,
      budget,
      success,
      causes,
      offloaded,
      apEnergy: term,
      reward: userReward(success, offloaded, workload, d.tb, c),
      batteryNext: Math.min(batteryMax, Math.max(0, battery + harvested - consumption)),
    });
  }
  const success = users.map((u) => u.success);
  let processed = 0;
  for (let i = 0; i < n; i++) processed += (success[i] as number) * (input.workloads[i] as number);
  return {
    users,
    apEnergy,
    successRatio: success.reduce((a: number, b) => a + b, 0) / n,
    processed,
    apReward: apReward(success, input.workloads, apEnergy, c),
    efficiency: processed / Math.max(apEnergy, c.physics.efficiencyFloorJ),
    beamGains: gains,
  };
}
