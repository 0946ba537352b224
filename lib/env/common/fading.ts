// Rayleigh block fading (spec 00 §2): constant within a step, i.i.d. across steps, independent per
// link and per channel — the caller draws once per (link, channel, step) from the env's fading
// stream. Scalar power gains |g|² ~ Exp(mean) (01, 02, 04, 05) and complex CN(0, σ²·I_M) vectors
// for multi-antenna links (03). All draws go through lib/random, so a power gain is never exactly 0.

import type { Rng } from '../../random/index.js';
import { exponential, normal } from '../../random/index.js';
import { complexVector, type ComplexVector } from './multiAntenna.js';
import { fail, integerIn, positive } from './validate.js';

/**
 * One Rayleigh power gain `|g|² ~ Exp(mean)`, drawn with lib/random `exponential` (one double;
 * result > 0 and finite). 01, 02 [R], 05 [R]: mean 1; 04: mean `2s²` (see
 * {@link rayleighMeanPowerFromScale}).
 *
 * @param rng - the env's fading stream.
 * @param mean - mean power gain E|g|², finite and > 0 (default 1).
 */
export function rayleighPowerGain(rng: Rng, mean = 1): number {
  positive('rayleighPowerGain', 'mean', mean);
  return exponential(rng, mean);
}

/**
 * Fill `out` with i.i.d. Rayleigh power gains; element i equals the i-th of `out.length` successive
 * {@link rayleighPowerGain} calls (so bulk and scalar draws are interchangeable). Lay out `out` as
 * the caller's (link, channel) order, e.g. 01: `[ue][sbs][channel]` row-major.
 *
 * @param rng - the env's fading stream.
 * @param out - Float64Array to overwrite.
 * @param mean - mean power gain, finite and > 0 (default 1).
 * @returns `out`.
 */
export function fillRayleighPowerGains(rng: Rng, out: Float64Array, mean = 1): Float64Array {
  if (!(out instanceof Float64Array)) fail('fillRayleighPowerGains', 'out', 'a Float64Array', out, true);
  positive('fillRayleighPowerGains', 'mean', mean);
  for (let i = 0; i < out.length; i++) out[i] = exponential(rng, mean);
  return out;
}

/**
 * Mean power of a Rayleigh amplitude with scale s: `E|g|² = 2s²` (amplitude pdf
 * `(r/s²)·exp(−r²/(2s²))`). 04 [R] A5: "Rayleigh parameter B = 3" ⇒ s = 3 ⇒ mean 18; s = 1/√2 gives
 * unit mean power.
 *
 * @param scale - Rayleigh scale s, finite and > 0.
 * @returns mean power gain `2s²`.
 */
export function rayleighMeanPowerFromScale(scale: number): number {
  positive('rayleighMeanPowerFromScale', 'scale', scale);
  return 2 * scale * scale;
}

/**
 * Fill `out` with a circularly-symmetric complex Gaussian vector `CN(0, variance·I_M)`: every real
 * and imaginary part is an independent `N(0, variance/2)`, so `E|h_k|² = variance` and
 * `E‖h‖² = M·variance`. Draw order: re[0], im[0], re[1], im[1], … (one lib/random `normal` each).
 * 03: small-scale `h̃_i ~ CN(0, I_M)`; then `h_i = sqrt(10^(−L_i/10))·h̃_i` via
 * `scaleComplexVector(h̃, Math.sqrt(gainFromPathLossDb(L)))`.
 *
 * @param rng - the env's fading stream.
 * @param out - destination vector (any length).
 * @param variance - per-entry variance E|h_k|², finite and > 0 (default 1).
 * @returns `out`.
 */
export function fillComplexGaussian(rng: Rng, out: ComplexVector, variance = 1): ComplexVector {
  if (typeof out !== 'object' || out === null || !(out.re instanceof Float64Array) || !(out.im instanceof Float64Array) || out.re.length !== out.im.length) {
    fail('fillComplexGaussian', 'out', 'a ComplexVector with equal-length re and im Float64Arrays', out, true);
  }
  positive('fillComplexGaussian', 'variance', variance);
  const std = Math.sqrt(variance / 2);
  for (let k = 0; k < out.re.length; k++) {
    out.re[k] = normal(rng, 0, std);
    out.im[k] = normal(rng, 0, std);
  }
  return out;
}

/**
 * A new `CN(0, variance·I_M)` vector of length M (see {@link fillComplexGaussian}).
 *
 * @param rng - the env's fading stream.
 * @param length - M, an integer >= 0.
 * @param variance - per-entry variance, finite and > 0 (default 1).
 */
export function complexGaussianVector(rng: Rng, length: number, variance = 1): ComplexVector {
  integerIn('complexGaussianVector', 'length', length, 0, 2 ** 31 - 1);
  return fillComplexGaussian(rng, complexVector(length), variance);
}
