// exp, expm1 and tanh: the fdlibm algorithms (Sun Microsystems 1993, FreeBSD msun e_exp.c,
// s_expm1.c, s_tanh.c) as V8 11.3 (Node 20) runs them in src/base/ieee754.cc, step for step, so
// the results are bit-identical to Node 20's Math.exp / Math.expm1 / Math.tanh on x86-64.
// Polynomial coefficients and split constants are fdlibm's; the hex words in the comments are
// their exact bit patterns (the decimal literals round to exactly these doubles).

import { fromWords, highWord, lowWord } from './bits.js';

const O_THRESHOLD = 7.09782712893383973096e2; // 0x40862E42 FEFA39EF: above it exp overflows
const U_THRESHOLD = -7.45133219101941108420e2; // 0xC0874910 D52D3051: below it exp underflows to 0
const LN2_HI = 6.93147180369123816490e-1; // 0x3FE62E42 FEE00000: ln 2 with 32 trailing zero bits
const LN2_LO = 1.90821492927058770002e-10; // 0x3DEA39EF 35793C76: ln 2 − LN2_HI
const INV_LN2 = 1.44269504088896338700; // 0x3FF71547 652B82FE: 1/ln 2
const TWO_M1000 = 9.33263618503218878990e-302; // 2^-1000
const TWO_1023 = 8.98846567431158e307; // 2^1023
const E = 2.718281828459045; // 0x4005BF0A 8B145769: V8 returns this for exp(1) exactly

// Remez polynomial for R(z) = r(e^r + 1)/(e^r − 1) ≈ 2 + P1 z + … + P5 z^5, z = r², |error| < 2^-59.
const P1 = 1.66666666666666019037e-1; // 0x3FC55555 5555553E
const P2 = -2.77777777770155933842e-3; // 0xBF66C16C 16BEBD93
const P3 = 6.61375632143793436117e-5; // 0x3F11566A AF25DE2C
const P4 = -1.65339022054652515390e-6; // 0xBEBBBD41 C5D26BF1
const P5 = 4.13813679705723846039e-8; // 0x3E663769 72BEA4D0

/**
 * e^x. Reduces x = k ln2 + r with |r| ≤ ln2/2 (r kept as hi − lo), approximates e^r by the
 * rational form 1 + r + r·R1(r)/(2 − R1(r)), and scales by 2^k. Error < 1 ulp (fdlibm).
 */
export function exp(x: number): number {
  let hx = highWord(x);
  const neg = hx < 0;
  hx &= 0x7fffffff;

  if (hx >= 0x40862e42) { // |x| >= 709.78…: non-finite, overflow or underflow
    if (hx >= 0x7ff00000) {
      if (((hx & 0xfffff) | lowWord(x)) !== 0) return x + x; // NaN
      return neg ? 0 : x; // e^±∞ = {0, ∞}
    }
    if (x > O_THRESHOLD) return Infinity;
    if (x < U_THRESHOLD) return 0;
  }

  let hi = 0;
  let lo = 0;
  let k = 0;
  if (hx > 0x3fd62e42) { // |x| > ln2/2: reduce
    if (hx < 0x3ff0a2b2) { // and |x| < 1.5 ln2: k = ±1
      if (x === 1) return E;
      if (neg) { hi = x + LN2_HI; lo = -LN2_LO; k = -1; } else { hi = x - LN2_HI; lo = LN2_LO; k = 1; }
    } else {
      k = (INV_LN2 * x + (neg ? -0.5 : 0.5)) | 0; // round half away from zero, truncating like C
      hi = x - k * LN2_HI; // exact: k·LN2_HI has trailing zeros
      lo = k * LN2_LO;
    }
    x = hi - lo;
  } else if (hx < 0x3e300000) { // |x| < 2^-28: e^x = 1 + x to working precision
    return 1 + x;
  }

  const t = x * x;
  const c = x - t * (P1 + t * (P2 + t * (P3 + t * (P4 + t * P5))));
  if (k === 0) return 1 - ((x * c) / (c - 2) - x);
  const y = 1 - ((lo - (x * c) / (2 - c)) - hi);
  if (k >= -1021) {
    if (k === 1024) return y * 2 * TWO_1023;
    return y * fromWords((0x3ff00000 + (k << 20)) | 0, 0);
  }
  return y * fromWords((0x3ff00000 + ((k + 1000) << 20)) | 0, 0) * TWO_M1000;
}

// Remez polynomial for R1 in e^r − 1 (scaled: Qn here = 2^n · Qn of the paper), error < 2^-61.
const Q1 = -3.33333333333331316428e-2; // 0xBFA11111 111110F4
const Q2 = 1.58730158725481460165e-3; // 0x3F5A01A0 19FE5585
const Q3 = -7.93650757867487942473e-5; // 0xBF14CE19 9EAADBB7
const Q4 = 4.00821782732936239552e-6; // 0x3ED0CFCA 86E65239
const Q5 = -2.01099218183624371326e-7; // 0xBE8AFDB7 6E09C32D

/**
 * e^x − 1, accurate near 0. Same reduction as exp with a correction term c for the rounding of
 * r; then 2^k(e^r − 1) + (2^k − 1) is assembled so as to avoid cancellation. Error < 1 ulp.
 */
export function expm1(x: number): number {
  let hx = highWord(x);
  const neg = hx < 0;
  hx &= 0x7fffffff;

  if (hx >= 0x4043687a) { // |x| >= 56 ln2
    if (hx >= 0x40862e42) { // |x| >= 709.78…
      if (hx >= 0x7ff00000) {
        if (((hx & 0xfffff) | lowWord(x)) !== 0) return x + x; // NaN
        return neg ? -1 : x; // e^±∞ − 1 = {−1, ∞}
      }
      if (x > O_THRESHOLD) return Infinity;
    }
    if (neg) return -1; // x < −56 ln2: e^x − 1 rounds to −1
  }

  let hi: number;
  let lo: number;
  let c = 0;
  let k = 0;
  if (hx > 0x3fd62e42) { // |x| > ln2/2: reduce
    if (hx < 0x3ff0a2b2) { // and |x| < 1.5 ln2
      if (neg) { hi = x + LN2_HI; lo = -LN2_LO; k = -1; } else { hi = x - LN2_HI; lo = LN2_LO; k = 1; }
    } else {
      k = (INV_LN2 * x + (neg ? -0.5 : 0.5)) | 0;
      hi = x - k * LN2_HI;
      lo = k * LN2_LO;
    }
    x = hi - lo;
    c = (hi - x) - lo;
  } else if (hx < 0x3c900000) { // |x| < 2^-54: e^x − 1 = x
    return x;
  }

  const hfx = 0.5 * x;
  const hxs = x * hfx;
  const r1 = 1 + hxs * (Q1 + hxs * (Q2 + hxs * (Q3 + hxs * (Q4 + hxs * Q5))));
  let t = 3 - r1 * hfx;
  let e = hxs * ((r1 - t) / (6 - x * t));
  if (k === 0) return x - (x * e - hxs); // c is 0
  const twopk = fromWords((0x3ff00000 + (k << 20)) | 0, 0); // 2^k
  e = x * (e - c) - c;
  e -= hxs;
  if (k === -1) return 0.5 * (x - e) - 0.5;
  if (k === 1) return x < -0.25 ? -2 * (e - (x + 0.5)) : 1 + 2 * (x - e);
  let y: number;
  if (k <= -2 || k > 56) { // e^x − 1 suffices
    y = 1 - (e - x);
    y = k === 1024 ? y * 2 * TWO_1023 : y * twopk;
    return y - 1;
  }
  if (k < 20) {
    t = fromWords(0x3ff00000 - (0x200000 >> k), 0); // 1 − 2^-k
    y = t - (e - x);
    return y * twopk;
  }
  t = fromWords((0x3ff - k) << 20, 0); // 2^-k
  y = x - (e + t);
  y += 1;
  return y * twopk;
}

/**
 * tanh x = −t/(t + 2) with t = expm1(−2|x|) for |x| < 1, 1 − 2/(t + 2) with t = expm1(2|x|) for
 * 1 ≤ |x| < 22, and ±1 beyond; x itself for |x| < 2^-28. Odd in x.
 */
export function tanh(x: number): number {
  const jx = highWord(x);
  const ix = jx & 0x7fffffff;
  if (ix >= 0x7ff00000) return jx >= 0 ? 1 / x + 1 : 1 / x - 1; // ±∞ → ±1, NaN → NaN
  let z: number;
  if (ix < 0x40360000) { // |x| < 22
    if (ix < 0x3e300000) return x; // |x| < 2^-28
    if (ix >= 0x3ff00000) { // |x| >= 1
      const t = expm1(2 * Math.abs(x));
      z = 1 - 2 / (t + 2);
    } else {
      const t = expm1(-2 * Math.abs(x));
      z = -t / (t + 2);
    }
  } else {
    z = 1; // |x| >= 22: 1 − tiny rounds to 1
  }
  return jx >= 0 ? z : -z;
}
