// Complex vectors for the multi-antenna links of paper 03 (spec 03 §2, §3): MRC gain ‖h‖², beam
// gain |h^H w|², and decoding of the AP's [0,1] actor outputs into unit-norm complex beams.
// A complex vector is a pair of Float64Arrays (real parts, imaginary parts) of equal length.

import { arrayLike, fail, finite, inRange, integerIn } from './validate.js';

/** A complex vector `re + j·im`, stored as two equal-length Float64Arrays. */
export interface ComplexVector {
  readonly re: Float64Array;
  readonly im: Float64Array;
}

/** A complex scalar. */
export interface Complex {
  readonly re: number;
  readonly im: number;
}

/** Below this norm a raw beam is treated as zero and replaced by `(1, …, 1)/√M` (spec 03 §3). */
export const BEAM_NORM_FLOOR = 1e-8;

/** Beam layout of one user's `2M` actor outputs: `split` = `[re_0..re_{M−1}, im_0..im_{M−1}]`, `interleaved` = `[re_0, im_0, re_1, im_1, …]`. */
export type BeamLayout = 'split' | 'interleaved';

function checkVector(fn: string, arg: string, v: ComplexVector): number {
  if (typeof v !== 'object' || v === null || !(v.re instanceof Float64Array) || !(v.im instanceof Float64Array)) {
    fail(fn, arg, 'a ComplexVector { re: Float64Array, im: Float64Array }', v, true);
  }
  if (v.re.length !== v.im.length) fail(fn, `${arg}.im.length`, `${arg}.re.length (${v.re.length})`, v.im.length);
  return v.re.length;
}

function checkSameLength(fn: string, a: string, la: number, b: string, lb: number): void {
  if (la !== lb) fail(fn, `${b} length`, `${a} length (${la})`, lb);
}

/**
 * A zero complex vector of the given length.
 *
 * @param length - number of entries (antennas), an integer in [0, 2^31).
 */
export function complexVector(length: number): ComplexVector {
  integerIn('complexVector', 'length', length, 0, 2 ** 31 - 1);
  return { re: new Float64Array(length), im: new Float64Array(length) };
}

/**
 * A complex vector copied from real and imaginary parts.
 *
 * @param re - real parts, finite numbers.
 * @param im - imaginary parts, finite numbers, same length as `re`.
 */
export function complexVectorFrom(re: ArrayLike<number>, im: ArrayLike<number>): ComplexVector {
  arrayLike('complexVectorFrom', 're', re);
  arrayLike('complexVectorFrom', 'im', im, re.length);
  const out = complexVector(re.length);
  for (let i = 0; i < re.length; i++) {
    out.re[i] = finite('complexVectorFrom', `re[${i}]`, re[i] as number);
    out.im[i] = finite('complexVectorFrom', `im[${i}]`, im[i] as number);
  }
  return out;
}

/**
 * Squared Euclidean norm `‖h‖² = Σ_i (Re h_i)² + (Im h_i)²` — the MRC receive gain of 03 eq. (4)
 * (`r_a = c_r·log2(1 + β_a‖h‖²/σ²)`). Unit: that of |h|² (linear power gain for a channel).
 */
export function squaredNorm(h: ComplexVector): number {
  const m = checkVector('squaredNorm', 'h', h);
  let s = 0;
  for (let i = 0; i < m; i++) s += (h.re[i] as number) ** 2 + (h.im[i] as number) ** 2;
  return s;
}

/**
 * Hermitian inner product `h^H w = Σ_i conj(h_i)·w_i`.
 *
 * @param h - first vector (conjugated).
 * @param w - second vector, same length.
 */
export function innerProduct(h: ComplexVector, w: ComplexVector): Complex {
  const m = checkVector('innerProduct', 'h', h);
  checkSameLength('innerProduct', 'h', m, 'w', checkVector('innerProduct', 'w', w));
  let re = 0;
  let im = 0;
  for (let i = 0; i < m; i++) {
    const hr = h.re[i] as number;
    const hi = h.im[i] as number;
    const wr = w.re[i] as number;
    const wi = w.im[i] as number;
    // (hr − j·hi)(wr + j·wi) = (hr·wr + hi·wi) + j(hr·wi − hi·wr)
    re += hr * wr + hi * wi;
    im += hr * wi - hi * wr;
  }
  return { re, im };
}

/**
 * Beamforming gain `|h^H w|²` — 03 eq. (6) (passive rate), eq. (8) (harvest `η·p·|h_j^H w_i|²`).
 * With a unit-norm `w` it is at most ‖h‖² (equality for MRT, `w = h/‖h‖`).
 *
 * @param h - channel, e.g. `h_j ∈ C^M`.
 * @param w - beam, same length.
 */
export function beamGain(h: ComplexVector, w: ComplexVector): number {
  const z = innerProduct(h, w);
  return z.re * z.re + z.im * z.im;
}

/**
 * `s·v` for a real scalar s (e.g. 03's `h = sqrt(10^(−L/10))·h̃`).
 *
 * @param v - vector.
 * @param scale - finite real factor.
 * @param out - optional destination of the same length (may be `v` itself).
 */
export function scaleComplexVector(v: ComplexVector, scale: number, out?: ComplexVector): ComplexVector {
  const m = checkVector('scaleComplexVector', 'v', v);
  finite('scaleComplexVector', 'scale', scale);
  const dst = out ?? complexVector(m);
  checkSameLength('scaleComplexVector', 'v', m, 'out', checkVector('scaleComplexVector', 'out', dst));
  for (let i = 0; i < m; i++) {
    dst.re[i] = (v.re[i] as number) * scale;
    dst.im[i] = (v.im[i] as number) * scale;
  }
  return dst;
}

/**
 * `v/‖v‖`, or `(1, …, 1)/√M` when `‖v‖ < BEAM_NORM_FLOOR` (spec 03 §3). Used for decoded beams and
 * for MRT beams `h/‖h‖` (03 §4.4 Hybrid-opt).
 *
 * @param v - vector of length M >= 1.
 * @param out - optional destination of the same length (may be `v` itself).
 */
export function normalizeComplexVector(v: ComplexVector, out?: ComplexVector): ComplexVector {
  const m = checkVector('normalizeComplexVector', 'v', v);
  if (m === 0) fail('normalizeComplexVector', 'v length', 'at least 1', 0);
  const dst = out ?? complexVector(m);
  checkSameLength('normalizeComplexVector', 'v', m, 'out', checkVector('normalizeComplexVector', 'out', dst));
  const norm = Math.sqrt(squaredNorm(v));
  if (!(norm >= BEAM_NORM_FLOOR)) {
    const c = 1 / Math.sqrt(m);
    dst.re.fill(c);
    dst.im.fill(0);
    return dst;
  }
  for (let i = 0; i < m; i++) {
    dst.re[i] = (v.re[i] as number) / norm;
    dst.im[i] = (v.im[i] as number) / norm;
  }
  return dst;
}

/**
 * Decode one user's beam from sigmoid outputs (spec 03 §3, AP action):
 * `v_k = (2·u_re,k − 1) + j·(2·u_im,k − 1)`, `w = v/‖v‖`, and `(1, …, 1)/√M` if `‖v‖ < 1e−8`.
 * Example (M = 2, split): u = [1, 0.5, 0.75, 0] ⇒ v = [1 + 0.5j, −1j], ‖v‖ = 1.5,
 * w = [2/3 + j/3, −2j/3].
 *
 * @param u - actor outputs, each in [0, 1].
 * @param numAntennas - M, an integer >= 1.
 * @param offset - index of this user's first output in `u` (default 0); the block has 2M entries.
 * @param layout - order of the 2M entries ([R] default `split`, matching the Re-then-Im channel
 *   layout of the AP observation).
 * @param out - optional destination of length M.
 * @returns a unit-norm complex vector of length M.
 */
export function decodeBeam(
  u: ArrayLike<number>,
  numAntennas: number,
  offset = 0,
  layout: BeamLayout = 'split',
  out?: ComplexVector,
): ComplexVector {
  const fn = 'decodeBeam';
  arrayLike(fn, 'u', u);
  integerIn(fn, 'numAntennas', numAntennas, 1, 2 ** 20);
  integerIn(fn, 'offset', offset, 0, Math.max(0, u.length - 2 * numAntennas));
  if (u.length < offset + 2 * numAntennas) fail(fn, 'u.length', `>= offset + 2·numAntennas (${offset + 2 * numAntennas})`, u.length);
  if (layout !== 'split' && layout !== 'interleaved') fail(fn, 'layout', "'split' or 'interleaved'", layout);
  const v = out ?? complexVector(numAntennas);
  checkSameLength(fn, 'numAntennas', numAntennas, 'out', checkVector(fn, 'out', v));
  for (let k = 0; k < numAntennas; k++) {
    const ir = layout === 'split' ? offset + k : offset + 2 * k;
    const ii = layout === 'split' ? offset + numAntennas + k : offset + 2 * k + 1;
    v.re[k] = 2 * inRange(fn, `u[${ir}]`, u[ir] as number, 0, 1) - 1;
    v.im[k] = 2 * inRange(fn, `u[${ii}]`, u[ii] as number, 0, 1) - 1;
  }
  return normalizeComplexVector(v, v);
}

/**
 * Decode the AP's whole action `u ∈ [0,1]^{2MN}` into N unit beams `[w_1..w_N]` (spec 03 §3);
 * user i's block starts at `2M·i`.
 *
 * @param u - actor outputs of length 2·M·N, each in [0, 1].
 * @param numUsers - N, an integer >= 1.
 * @param numAntennas - M, an integer >= 1.
 * @param layout - per-user block layout (default `split`).
 */
export function decodeBeams(u: ArrayLike<number>, numUsers: number, numAntennas: number, layout: BeamLayout = 'split'): ComplexVector[] {
  arrayLike('decodeBeams', 'u', u);
  integerIn('decodeBeams', 'numUsers', numUsers, 1, 2 ** 20);
  integerIn('decodeBeams', 'numAntennas', numAntennas, 1, 2 ** 20);
  if (u.length !== 2 * numUsers * numAntennas) fail('decodeBeams', 'u.length', `2·numUsers·numAntennas (${2 * numUsers * numAntennas})`, u.length);
  const beams: ComplexVector[] = [];
  for (let i = 0; i < numUsers; i++) beams.push(decodeBeam(u, numAntennas, 2 * numAntennas * i, layout));
  return beams;
}
