// sin and cos: the fdlibm algorithms (k_sin.c, k_cos.c, e_rem_pio2.c, k_rem_pio2.c, s_sin.c,
// s_cos.c) as V8 11.3 (Node 20) runs them in src/base/ieee754.cc, step for step, so the results
// are bit-identical to Node 20's Math.sin / Math.cos on x86-64, for every argument including
// huge ones (Payne–Hanek reduction with 1584 bits of 2/π).
// The hex words in the comments are the constants' exact bit patterns.

import { fromWords, highWord, lowWord, scalbn } from './bits.js';

// ---- kernels on [−π/4, π/4]; y is the tail of the reduced argument x + y ----

// sin x ≈ x + S1 x³ + … + S6 x¹³ on [0, π/4], |sin x/x − poly| < 2^-58.
const S1 = -1.66666666666666324348e-1; // 0xBFC55555 55555549
const S2 = 8.33333333332248946124e-3; // 0x3F811111 1110F8A6
const S3 = -1.98412698298579493134e-4; // 0xBF2A01A0 19C161D5
const S4 = 2.75573137070700676789e-6; // 0x3EC71DE3 57B1FE7D
const S5 = -2.50507602534068634195e-8; // 0xBE5AE5E6 8A2B9CEB
const S6 = 1.58969099521155010221e-10; // 0x3DE5D93A 5ACFD57C

/** sin(x + y) for |x| <= π/4; `hasTail` false means y is known to be 0. */
function kernelSin(x: number, y: number, hasTail: boolean): number {
  const ix = highWord(x) & 0x7fffffff;
  if (ix < 0x3e400000) return x; // |x| < 2^-27
  const z = x * x;
  const v = z * x;
  const r = S2 + z * (S3 + z * (S4 + z * (S5 + z * S6)));
  if (!hasTail) return x + v * (S1 + z * r);
  return x - ((z * (0.5 * y - v * r) - y) - v * S1);
}

// cos x ≈ 1 − x²/2 + C1 x⁴ + … + C6 x¹⁴ on [0, π/4], error < 2^-58.
const C1 = 4.16666666666666019037e-2; // 0x3FA55555 5555554C
const C2 = -1.38888888888741095749e-3; // 0xBF56C16C 16C15177
const C3 = 2.48015872894767294178e-5; // 0x3EFA01A0 19CB1590
const C4 = -2.75573143513906633035e-7; // 0xBE927E4F 809C52AD
const C5 = 2.08757232129817482790e-9; // 0x3E21EE9E BDB4B1C4
const C6 = -1.13596475577881948265e-11; // 0xBDA8FAE9 BE8838D4

/** cos(x + y) for |x| <= π/4, with 1 − qx split off exactly for |x| >= 0.3. */
function kernelCos(x: number, y: number): number {
  const ix = highWord(x) & 0x7fffffff;
  if (ix < 0x3e400000) return 1; // |x| < 2^-27
  const z = x * x;
  const r = z * (C1 + z * (C2 + z * (C3 + z * (C4 + z * (C5 + z * C6)))));
  if (ix < 0x3fd33333) return 1 - (0.5 * z - (z * r - x * y)); // |x| < 0.3
  const qx = ix > 0x3fe90000 ? 0.28125 : fromWords(ix - 0x00200000, 0); // |x|/4, 32 bits
  const iz = 0.5 * z - qx;
  const a = 1 - qx;
  return a - (iz - (z * r - x * y));
}

// ---- argument reduction: x − N·π/2 = y0 + y1 ----

/** 2/π in 24-bit chunks: 66 · 24 = 1584 bits, enough for any double. */
const TWO_OVER_PI = Int32Array.of(
  0xa2f983, 0x6e4e44, 0x1529fc, 0x2757d1, 0xf534dd, 0xc0db62, 0x95993c, 0x439041, 0xfe5163,
  0xabdebb, 0xc561b7, 0x246e3a, 0x424dd2, 0xe00649, 0x2eea09, 0xd1921c, 0xfe1deb, 0x1cb129,
  0xa73ee8, 0x8235f5, 0x2ebb44, 0x84e99c, 0x7026b4, 0x5f7e41, 0x3991d6, 0x398353, 0x39f49c,
  0x845f8b, 0xbdf928, 0x3b1ff8, 0x97ffde, 0x05980f, 0xef2f11, 0x8b5a0a, 0x6d1f6d, 0x367ecf,
  0x27cb09, 0xb74f46, 0x3f669e, 0x5fea2d, 0x7527ba, 0xc7ebe5, 0xf17b3d, 0x0739f7, 0x8a5292,
  0xea6bfb, 0x5fb11f, 0x8d5d08, 0x560330, 0x46fc7b, 0x6babf0, 0xcfbc20, 0x9af436, 0x1da9e3,
  0x91615e, 0xe61b08, 0x659985, 0x5f14a0, 0x68408d, 0xffd880, 0x4d7327, 0x310606, 0x1556ca,
  0x73a8c9, 0x60e27b, 0xc08c6b,
);

/** High words of n·π/2 for n = 1…32, to detect cancellation in the medium-size reduction. */
const NPIO2_HW = Int32Array.of(
  0x3ff921fb, 0x400921fb, 0x4012d97c, 0x401921fb, 0x401f6a7a, 0x4022d97c, 0x4025fdbb, 0x402921fb,
  0x402c463a, 0x402f6a7a, 0x4031475c, 0x4032d97c, 0x40346b9c, 0x4035fdbb, 0x40378fdb, 0x403921fb,
  0x403ab41b, 0x403c463a, 0x403dd85a, 0x403f6a7a, 0x40407e4c, 0x4041475c, 0x4042106c, 0x4042d97c,
  0x4043a28c, 0x40446b9c, 0x404534ac, 0x4045fdbb, 0x4046c6cb, 0x40478fdb, 0x404858eb, 0x404921fb,
);

/** π/2 in 24-bit pieces, for the Payne–Hanek product. */
const PIO2 = Float64Array.of(
  1.57079625129699707031e0, // 0x3FF921FB 40000000
  7.54978941586159635335e-8, // 0x3E74442D 00000000
  5.39030252995776476554e-15, // 0x3CF84698 80000000
  3.28200341580791294123e-22, // 0x3B78CC51 60000000
  1.27065575308067607349e-29, // 0x39F01B83 80000000
  1.22933308981111328932e-36, // 0x387A2520 40000000
  2.73370053816464559624e-44, // 0x36E38222 80000000
  2.16741683877804819444e-51, // 0x3569F31D 00000000
);

const INV_PIO2 = 6.36619772367581382433e-1; // 0x3FE45F30 6DC9C883: 53 bits of 2/π
const PIO2_1 = 1.57079632673412561417; // 0x3FF921FB 54400000: first 33 bits of π/2
const PIO2_1T = 6.07710050650619224932e-11; // 0x3DD0B461 1A626331: π/2 − PIO2_1
const PIO2_2 = 6.07710050630396597660e-11; // 0x3DD0B461 1A600000: next 33 bits
const PIO2_2T = 2.02226624879595063154e-21; // 0x3BA3198A 2E037073: π/2 − (PIO2_1 + PIO2_2)
const PIO2_3 = 2.02226624871116645580e-21; // 0x3BA3198A 2E000000: next 33 bits
const PIO2_3T = 8.47842766036889956997e-32; // 0x397B839A 252049C1: π/2 − (PIO2_1 + PIO2_2 + PIO2_3)
const TWO24 = 16777216;
const TWON24 = 5.9604644775390625e-8; // 2^-24

// Scratch space of the reductions (no allocation per call).
const Y = new Float64Array(2); // the reduced argument y0 + y1
const TX = new Float64Array(3);
const KF = new Float64Array(20);
const KQ = new Float64Array(20);
const KFQ = new Float64Array(20);
const KIQ = new Int32Array(20);

/**
 * Payne–Hanek reduction (fdlibm's __kernel_rem_pio2 at 64-bit precision, jk = 4): x = Σ x[i]·2^(e0−24i)
 * given as nx 24-bit chunks; writes x·(2/π) − N to Y as y0 + y1 (times π/2) and returns N mod 8.
 */
function kernelRemPio2(x: Float64Array, e0: number, nx: number): number {
  const jk = 4;
  const jp = jk;
  const jx = nx - 1;
  let jv = ((e0 - 3) / 24) | 0;
  if (jv < 0) jv = 0;
  let q0 = e0 - 24 * (jv + 1);

  // f[0 … jx+jk] = ipio2[jv−jx … jv+jk]
  let j = jv - jx;
  const m = jx + jk;
  for (let i = 0; i <= m; i++, j++) KF[i] = j < 0 ? 0 : TWO_OVER_PI[j]!;
  // q[0 … jk]
  for (let i = 0; i <= jk; i++) {
    let fw = 0;
    for (let jj = 0; jj <= jx; jj++) fw += x[jj]! * KF[jx + i - jj]!;
    KQ[i] = fw;
  }

  let jz = jk;
  let z: number;
  let n: number;
  let ih: number;
  for (;;) { // 'recompute' of fdlibm
    // distill q[] into iq[] reversingly
    let i = 0;
    z = KQ[jz]!;
    for (let jj = jz; jj > 0; i++, jj--) {
      const fw = (TWON24 * z) | 0;
      KIQ[i] = (z - TWO24 * fw) | 0;
      z = KQ[jj - 1]! + fw;
    }
    // compute n
    z = scalbn(z, q0); // actual value of z
    z -= 8 * Math.floor(z * 0.125); // trim off integer >= 8
    n = z | 0;
    z -= n;
    ih = 0;
    if (q0 > 0) { // need iq[jz−1] to determine n
      i = KIQ[jz - 1]! >> (24 - q0);
      n += i;
      KIQ[jz - 1] = KIQ[jz - 1]! - (i << (24 - q0));
      ih = KIQ[jz - 1]! >> (23 - q0);
    } else if (q0 === 0) {
      ih = KIQ[jz - 1]! >> 23;
    } else if (z >= 0.5) {
      ih = 2;
    }

    if (ih > 0) { // q > 0.5
      n += 1;
      let carry = 0;
      for (let ii = 0; ii < jz; ii++) { // compute 1 − q
        const jj = KIQ[ii]!;
        if (carry === 0) {
          if (jj !== 0) { carry = 1; KIQ[ii] = 0x1000000 - jj; }
        } else {
          KIQ[ii] = 0xffffff - jj;
        }
      }
      if (q0 > 0) { // rare case: chance is 1 in 12
        if (q0 === 1) KIQ[jz - 1] = KIQ[jz - 1]! & 0x7fffff;
        else if (q0 === 2) KIQ[jz - 1] = KIQ[jz - 1]! & 0x3fffff;
      }
      if (ih === 2) {
        z = 1 - z;
        if (carry !== 0) z -= scalbn(1, q0);
      }
    }

    // check if recomputation is needed
    if (z === 0) {
      let jj = 0;
      for (let ii = jz - 1; ii >= jk; ii--) jj |= KIQ[ii]!;
      if (jj === 0) { // need recomputation
        let k = 1;
        while (jk >= k && KIQ[jk - k] === 0) k++; // k = number of terms needed
        for (let ii = jz + 1; ii <= jz + k; ii++) { // add q[jz+1] to q[jz+k]
          KF[jx + ii] = TWO_OVER_PI[jv + ii]!;
          let fw = 0;
          for (let j2 = 0; j2 <= jx; j2++) fw += x[j2]! * KF[jx + ii - j2]!;
          KQ[ii] = fw;
        }
        jz += k;
        continue;
      }
    }
    break;
  }

  // chop off zero terms
  if (z === 0) {
    jz -= 1;
    q0 -= 24;
    while (KIQ[jz] === 0) { jz--; q0 -= 24; }
  } else { // break z into 24-bit pieces if necessary
    z = scalbn(z, -q0);
    if (z >= TWO24) {
      const fw = (TWON24 * z) | 0;
      KIQ[jz] = z - TWO24 * fw;
      jz += 1;
      q0 += 24;
      KIQ[jz] = fw;
    } else {
      KIQ[jz] = z;
    }
  }

  // convert the integer "bit" chunks to floating point
  let fw = scalbn(1, q0);
  for (let i = jz; i >= 0; i--) { KQ[i] = fw * KIQ[i]!; fw *= TWON24; }

  // PIo2[0 … jp] · q[jz … 0]
  for (let i = jz; i >= 0; i--) {
    fw = 0;
    for (let k = 0; k <= jp && k <= jz - i; k++) fw += PIO2[k]! * KQ[i + k]!;
    KFQ[jz - i] = fw;
  }

  // compress fq[] into y0 + y1
  fw = 0;
  for (let i = jz; i >= 0; i--) fw += KFQ[i]!;
  Y[0] = ih === 0 ? fw : -fw;
  fw = KFQ[0]! - fw;
  for (let i = 1; i <= jz; i++) fw += KFQ[i]!;
  Y[1] = ih === 0 ? fw : -fw;
  return n & 7;
}

/** x − N·π/2 = Y[0] + Y[1] with |Y[0] + Y[1]| <= π/4; returns N (fdlibm's __ieee754_rem_pio2). */
function remPio2(x: number): number {
  const hx = highWord(x);
  const ix = hx & 0x7fffffff;
  if (ix <= 0x3fe921fb) { Y[0] = x; Y[1] = 0; return 0; } // |x| <= π/4
  if (ix < 0x4002d97c) { // |x| < 3π/4: N = ±1
    if (hx > 0) {
      let z = x - PIO2_1;
      if (ix !== 0x3ff921fb) { // 33 + 53 bits of π/2 suffice
        Y[0] = z - PIO2_1T;
        Y[1] = (z - Y[0]!) - PIO2_1T;
      } else { // near π/2: 33 + 33 + 53 bits
        z -= PIO2_2;
        Y[0] = z - PIO2_2T;
        Y[1] = (z - Y[0]!) - PIO2_2T;
      }
      return 1;
    }
    let z = x + PIO2_1;
    if (ix !== 0x3ff921fb) {
      Y[0] = z + PIO2_1T;
      Y[1] = (z - Y[0]!) + PIO2_1T;
    } else {
      z += PIO2_2;
      Y[0] = z + PIO2_2T;
      Y[1] = (z - Y[0]!) + PIO2_2T;
    }
    return -1;
  }
  if (ix <= 0x413921fb) { // |x| <= 2^19·π/2: medium size, Cody–Waite in up to three steps
    let t = Math.abs(x);
    const n = (t * INV_PIO2 + 0.5) | 0;
    const fn = n;
    let r = t - fn * PIO2_1;
    let w = fn * PIO2_1T; // first round good to 85 bits
    if (n < 32 && ix !== NPIO2_HW[n - 1]) {
      Y[0] = r - w; // quick check: no cancellation
    } else {
      const j = ix >> 20;
      Y[0] = r - w;
      let i = j - ((highWord(Y[0]!) >> 20) & 0x7ff);
      if (i > 16) { // second iteration, good to 118 bits
        t = r;
        w = fn * PIO2_2;
        r = t - w;
        w = fn * PIO2_2T - ((t - r) - w);
        Y[0] = r - w;
        i = j - ((highWord(Y[0]!) >> 20) & 0x7ff);
        if (i > 49) { // third iteration, 151 bits: covers all cases
          t = r;
          w = fn * PIO2_3;
          r = t - w;
          w = fn * PIO2_3T - ((t - r) - w);
          Y[0] = r - w;
        }
      }
    }
    Y[1] = (r - Y[0]!) - w;
    if (hx < 0) { Y[0] = -Y[0]!; Y[1] = -Y[1]!; return -n; }
    return n;
  }
  if (ix >= 0x7ff00000) { Y[0] = Y[1] = x - x; return 0; } // ∞ or NaN
  // large arguments: z = scalbn(|x|, −(ilogb(x) − 23)), split into three 24-bit chunks
  const e0 = (ix >> 20) - 1046;
  let z = fromWords(ix - (e0 << 20), lowWord(x));
  for (let i = 0; i < 2; i++) {
    TX[i] = z | 0;
    z = (z - TX[i]!) * TWO24;
  }
  TX[2] = z;
  let nx = 3;
  while (TX[nx - 1] === 0) nx--; // skip zero terms
  const n = kernelRemPio2(TX, e0, nx);
  if (hx < 0) { Y[0] = -Y[0]!; Y[1] = -Y[1]!; return -n; }
  return n;
}

/** sin x: kernels on [−π/4, π/4] after reducing x by N·π/2, chosen by N mod 4. Error < 1 ulp. */
export function sin(x: number): number {
  const ix = highWord(x) & 0x7fffffff;
  if (ix <= 0x3fe921fb) return kernelSin(x, 0, false); // |x| <= π/4
  if (ix >= 0x7ff00000) return x - x; // sin(±∞ or NaN) = NaN
  const n = remPio2(x);
  switch (n & 3) {
    case 0: return kernelSin(Y[0]!, Y[1]!, true);
    case 1: return kernelCos(Y[0]!, Y[1]!);
    case 2: return -kernelSin(Y[0]!, Y[1]!, true);
    default: return -kernelCos(Y[0]!, Y[1]!);
  }
}

/** cos x: as sin, with the kernels' roles rotated. Error < 1 ulp. */
export function cos(x: number): number {
  const ix = highWord(x) & 0x7fffffff;
  if (ix <= 0x3fe921fb) return kernelCos(x, 0); // |x| <= π/4
  if (ix >= 0x7ff00000) return x - x;
  const n = remPio2(x);
  switch (n & 3) {
    case 0: return kernelCos(Y[0]!, Y[1]!);
    case 1: return -kernelSin(Y[0]!, Y[1]!, true);
    case 2: return -kernelCos(Y[0]!, Y[1]!);
    default: return kernelSin(Y[0]!, Y[1]!, true);
  }
}
