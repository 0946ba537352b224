// log, log1p, log2, log10: the fdlibm / FreeBSD msun algorithms (e_log.c, s_log1p.c, e_log2.c +
// k_log.h, e_log10.c) as V8 11.3 (Node 20) runs them in src/base/ieee754.cc, step for step, so
// the results are bit-identical to Node 20's Math.log / log1p / log2 / log10 on x86-64.
// The hex words in the comments are the constants' exact bit patterns.

import { fromWords, highWord, lowWord, withHighWord, withLowWord } from './bits.js';

const LN2_HI = 6.93147180369123816490e-1; // 0x3FE62E42 FEE00000: n·LN2_HI is exact for |n| < 2000
const LN2_LO = 1.90821492927058770002e-10; // 0x3DEA39EF 35793C76
const TWO54 = 1.80143985094819840000e16; // 2^54: scales subnormals up

// Remez polynomial R(s²) ≈ (log(1+f) − 2s)/s, s = f/(2+f), on [0, 0.1716]; error < 2^-58.45.
const LG1 = 6.666666666666735130e-1; // 0x3FE55555 55555593
const LG2 = 3.999999999940941908e-1; // 0x3FD99999 9997FA04
const LG3 = 2.857142874366239149e-1; // 0x3FD24924 94229359
const LG4 = 2.222219843214978396e-1; // 0x3FCC71C5 1D8E78AF
const LG5 = 1.818357216161805012e-1; // 0x3FC74664 96CB03DE
const LG6 = 1.531383769920937332e-1; // 0x3FC39A09 D078C69F
const LG7 = 1.479819860511658591e-1; // 0x3FC2F112 DF3E5244

/**
 * Natural logarithm. x = 2^k(1 + f) with √2/2 < 1 + f < √2, then
 * log x = k ln2 + f − (f²/2 − s(f²/2 + R)) with s = f/(2 + f). Error < 1 ulp (fdlibm).
 */
export function log(x: number): number {
  let hx = highWord(x);
  let k = 0;
  if (hx < 0x00100000) { // x < 2^-1022: zero, negative or subnormal
    if (((hx & 0x7fffffff) | lowWord(x)) === 0) return -Infinity; // log(±0)
    if (hx < 0) return NaN; // log(negative)
    k -= 54;
    x *= TWO54;
    hx = highWord(x);
  }
  if (hx >= 0x7ff00000) return x + x; // +∞ or NaN
  k += (hx >> 20) - 1023;
  hx &= 0x000fffff;
  const i = (hx + 0x95f64) & 0x100000;
  x = withHighWord(x, hx | (i ^ 0x3ff00000)); // normalise x or x/2 into [√2/2, √2)
  k += i >> 20;
  const f = x - 1;
  if ((0x000fffff & (2 + hx)) < 3) { // −2^-20 <= f < 2^-20
    if (f === 0) return k === 0 ? 0 : k * LN2_HI + k * LN2_LO;
    const R = f * f * (0.5 - 0.33333333333333333 * f);
    return k === 0 ? f - R : k * LN2_HI - ((R - k * LN2_LO) - f);
  }
  const s = f / (2 + f);
  const dk = k;
  const z = s * s;
  let i2 = hx - 0x6147a;
  const w = z * z;
  const j = 0x6b851 - hx;
  const t1 = w * (LG2 + w * (LG4 + w * LG6));
  const t2 = z * (LG1 + w * (LG3 + w * (LG5 + w * LG7)));
  i2 |= j;
  const R = t2 + t1;
  if (i2 > 0) { // f far from 0: the more accurate form
    const hfsq = 0.5 * f * f;
    if (k === 0) return f - (hfsq - s * (hfsq + R));
    return dk * LN2_HI - ((hfsq - (s * (hfsq + R) + dk * LN2_LO)) - f);
  }
  if (k === 0) return f - s * (f - R);
  return dk * LN2_HI - ((s * (f - R) - dk * LN2_LO) - f);
}

/**
 * log(1 + x), accurate near 0. Reduces 1 + x = 2^k(1 + f) as log does, carrying a correction c/u
 * for the rounding of u = 1 + x when k ≠ 0. Error < 1 ulp (fdlibm).
 */
export function log1p(x: number): number {
  const hx = highWord(x);
  const ax = hx & 0x7fffffff;
  let k = 1;
  let f = 0;
  let hu = 0;
  let c = 0;
  if (hx < 0x3fda827a) { // 1 + x < √2
    if (ax >= 0x3ff00000) { // x <= −1
      return x === -1 ? -Infinity : NaN;
    }
    if (ax < 0x3e200000) { // |x| < 2^-29
      if (ax < 0x3c900000) return x; // |x| < 2^-54
      return x - x * x * 0.5;
    }
    if (hx > 0 || hx <= (0xbfd2bec4 | 0)) { // √2/2 <= 1 + x < √2: f = x exactly
      k = 0;
      f = x;
      hu = 1;
    }
  }
  if (hx >= 0x7ff00000) return x + x; // +∞ or NaN
  if (k !== 0) {
    let u: number;
    if (hx < 0x43400000) { // x < 2^53
      u = 1 + x;
      hu = highWord(u);
      k = (hu >> 20) - 1023;
      c = k > 0 ? 1 - (u - x) : x - (u - 1); // correction term for the rounding of u
      c /= u;
    } else {
      u = x;
      hu = highWord(u);
      k = (hu >> 20) - 1023;
      c = 0;
    }
    hu &= 0x000fffff;
    if (hu < 0x6a09e) { // u < √2
      u = withHighWord(u, hu | 0x3ff00000); // normalise u
    } else {
      k += 1;
      u = withHighWord(u, hu | 0x3fe00000); // normalise u/2
      hu = (0x00100000 - hu) >> 2;
    }
    f = u - 1;
  }
  const hfsq = 0.5 * f * f;
  if (hu === 0) { // |f| < 2^-20
    if (f === 0) {
      if (k === 0) return 0;
      c += k * LN2_LO;
      return k * LN2_HI + c;
    }
    const R = hfsq * (1 - 0.66666666666666666 * f);
    return k === 0 ? f - R : k * LN2_HI - ((R - (k * LN2_LO + c)) - f);
  }
  const s = f / (2 + f);
  const z = s * s;
  const R = z * (LG1 + z * (LG2 + z * (LG3 + z * (LG4 + z * (LG5 + z * (LG6 + z * LG7))))));
  if (k === 0) return f - (hfsq - s * (hfsq + R));
  return k * LN2_HI - ((hfsq - (s * (hfsq + R) + (k * LN2_LO + c))) - f);
}

const MIN_NORMAL = 2.2250738585072014e-308; // 2^-1022

/**
 * The value of log2 and log10 (fdlibm's, both bases alike) at ±0 (−∞), negative numbers and −∞
 * (NaN), +∞ and NaN (themselves) and 1 (+0); undefined for every other x.
 */
function specialLog(x: number): number | undefined {
  const hx = highWord(x);
  const lx = lowWord(x);
  if (((hx & 0x7fffffff) | lx) === 0) return -Infinity;
  if (hx < 0) return NaN;
  if (hx >= 0x7ff00000) return x + x;
  if (hx === 0x3ff00000 && lx === 0) return 0;
  return undefined;
}

/** x·2^54 for a subnormal x > 0 (exact), x itself otherwise. */
function scaledToNormal(x: number): number {
  return x < MIN_NORMAL ? x * TWO54 : x;
}

/** log(1 + f) − f + f²/2 for 1 + f in [√2/2, √2] (FreeBSD's k_log1p), in pieces for log2. */
function kLog1p(f: number): number {
  const s = f / (2 + f);
  const z = s * s;
  const w = z * z;
  const t1 = w * (LG2 + w * (LG4 + w * LG6));
  const t2 = z * (LG1 + w * (LG3 + w * (LG5 + w * LG7)));
  const R = t2 + t1;
  const hfsq = 0.5 * f * f;
  return s * (hfsq + R);
}

const IVLN2_HI = 1.44269504072144627571; // 0x3FF71547 65200000: 1/ln2, 33 bits
const IVLN2_LO = 1.67517131648865118353e-10; // 0x3DE705FC 2EEFA200: 1/ln2 − IVLN2_HI

/**
 * Base-2 logarithm (FreeBSD e_log2.c): the reduction of log, then
 * log2 x = k + (f − f²/2 + k_log1p(f))/ln2 with f − f²/2 split hi + lo and the sum k + hi·(1/ln2)
 * done in extra precision, so that exact powers of two give exact results.
 */
export function log2(x: number): number {
  const special = specialLog(x);
  if (special !== undefined) return special;
  const scaled = scaledToNormal(x);
  let hx = highWord(scaled);
  let k = (hx >> 20) - 1023 - (scaled === x ? 0 : 54);
  hx &= 0x000fffff;
  const i = (hx + 0x95f64) & 0x100000;
  x = withHighWord(scaled, hx | (i ^ 0x3ff00000));
  k += i >> 20;
  const y = k;
  const f = x - 1;
  const hfsq = 0.5 * f * f;
  const r = kLog1p(f);
  const hi = withLowWord(f - hfsq, 0);
  const lo = (f - hi) - hfsq + r;
  let valHi = hi * IVLN2_HI;
  let valLo = (lo + hi) * IVLN2_LO + lo * IVLN2_HI;
  const w = y + valHi; // spadd(valHi, valLo, y)
  valLo += (y - w) + valHi;
  valHi = w;
  return valLo + valHi;
}

const IVLN10 = 4.34294481903251816668e-1; // 1/ln10
const LOG10_2HI = 3.01029995663611771306e-1; // 0x3FD34413 509F6000: log10(2), 40 bits
const LOG10_2LO = 3.69423907715893078616e-13; // 0x3D59FEF3 11F12B36: log10(2) − LOG10_2HI

/**
 * Base-10 logarithm (fdlibm e_log10.c): with n = ilogb(x) (plus one when negative) and
 * x = 2^n·m, log10 x = n·log10_2hi + (n·log10_2lo + log(m)/ln10).
 */
export function log10(x: number): number {
  const special = specialLog(x);
  if (special !== undefined) return special;
  const scaled = scaledToNormal(x);
  let hx = highWord(scaled);
  const lx = lowWord(scaled);
  const k = (hx >> 20) - 1023 - (scaled === x ? 0 : 54);
  const i = k >>> 31; // 1 when k < 0
  hx = (hx & 0x000fffff) | ((0x3ff - i) << 20);
  const y = k + i;
  const z = y * LOG10_2LO + IVLN10 * log(fromWords(hx, lx));
  return z + y * LOG10_2HI;
}
