// Observations of spec 03 §3.
//   AP state, per user i in order: `(ℓ_i/λ, E_i/E_max, Re h_i/s_h (M), Im h_i/s_h (M))`, plus
//     `(Re g_i/s_h, Im g_i/s_h)` (g = h by reciprocity) with `includeDownlink`; dim N(2 + 2M) or N(2 + 4M).
//   User i, `extended`: `(E_i/E_max, ℓ_i/λ, Re h_i/s_h, Im h_i/s_h, r_{b,i}/obsRateScale,
//     H_i/obsHarvestScale)`, dim 2 + 2M + 2, with r_{b,i} of (6) for the AP's beam w_i and
//     `H_i = η p Σ_{k≠i} |h_i^H w_k|²`; `paper`: `(E_i/E_max, ℓ_i/λ, Re h, Im h, Re g, Im g)/s_h`, dim 2 + 4M.

import type { ComplexVector } from '../common/index.js';
import type { BackscatterConfig, BackscatterDims } from './config.js';
import { harvestCoefficient, passiveRate } from './model.js';
import { squaredNorm } from '../common/index.js';

/** What the observations read. */
export interface ObservationInput {
  readonly channels: readonly ComplexVector[];
  readonly workloads: ArrayLike<number>;
  readonly batteries: ArrayLike<number>;
}

function pushChannel(out: number[], h: ComplexVector, scale: number): void {
  for (let k = 0; k < h.re.length; k++) out.push((h.re[k] as number) / scale);
  for (let k = 0; k < h.im.length; k++) out.push((h.im[k] as number) / scale);
}

/** The AP state s^o. */
export function observeAp(s: ObservationInput, c: BackscatterConfig, dims: BackscatterDims): Float64Array {
  const out: number[] = [];
  for (let i = 0; i < dims.numUsers; i++) {
    const scale = dims.channelScale[i] as number;
    out.push((s.workloads[i] as number) / c.workloadMean, (s.batteries[i] as number) / c.physics.batteryMax);
    pushChannel(out, s.channels[i] as ComplexVector, scale);
    if (c.includeDownlink) pushChannel(out, s.channels[i] as ComplexVector, scale);
  }
  return Float64Array.from(out);
}

/**
 * User i's observation s_i^u. `beams` are the AP's beams the `extended` features refer to, with
 * their gain matrix `gains[j·N + k] = |h_j^H w_k|²`.
 */
export function observeUser(i: number, s: ObservationInput, gains: Float64Array, c: BackscatterConfig, dims: BackscatterDims): Float64Array {
  const out: number[] = [];
  const scale = dims.channelScale[i] as number;
  const h = s.channels[i] as ComplexVector;
  out.push((s.batteries[i] as number) / c.physics.batteryMax, (s.workloads[i] as number) / c.workloadMean);
  pushChannel(out, h, scale);
  if (c.userObs === 'paper') pushChannel(out, h, scale);
  else {
    const n = dims.numUsers;
    out.push(passiveRate(squaredNorm(h), gains[i * n + i] as number, c) / c.obsRateScale);
    out.push(harvestCoefficient(gains, i, n, c) / c.obsHarvestScale);
  }
  return Float64Array.from(out);
}

/** Box bounds of the AP state. */
export function apObservationBounds(c: BackscatterConfig, dims: BackscatterDims): { low: number[]; high: number[] } {
  const low: number[] = [];
  const high: number[] = [];
  const ch = (c.includeDownlink ? 4 : 2) * dims.numAntennas;
  for (let i = 0; i < dims.numUsers; i++) {
    low.push(0, 0, ...new Array<number>(ch).fill(-Infinity));
    high.push(Infinity, 1, ...new Array<number>(ch).fill(Infinity));
  }
  return { low, high };
}

/** Box bounds of a user observation. */
export function userObservationBounds(c: BackscatterConfig, dims: BackscatterDims): { low: number[]; high: number[] } {
  const ch = (c.userObs === 'paper' ? 4 : 2) * dims.numAntennas;
  const low = [0, 0, ...new Array<number>(ch).fill(-Infinity)];
  const high = [1, Infinity, ...new Array<number>(ch).fill(Infinity)];
  if (c.userObs === 'extended') {
    low.push(0, 0);
    high.push(Infinity, Infinity);
  }
  return { low, high };
}
