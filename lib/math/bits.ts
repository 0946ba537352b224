// Bit access to float64 values through one module-level scratch buffer: the only non-arithmetic
// tool the functions of lib/math use. Reading or writing the two 32-bit halves of a double is
// exact on every engine; the word order is detected once, so big-endian hosts work too.
//
// Every helper writes the scratch and reads it back before returning, and no helper calls
// another function of lib/math in between, so the functions may call each other freely.

const F = new Float64Array(1);
const U = new Uint32Array(F.buffer);
F[0] = 1; // 0x3FF00000_00000000: the high word is the one that is non-zero
/** Index of the more significant 32-bit word of F[0] in U. */
const HI = U[1] === 0x3ff00000 ? 1 : 0;
/** Index of the less significant 32-bit word. */
const LO = 1 - HI;

/** The more significant 32 bits of x (sign, exponent, top 20 fraction bits) as a signed int32. */
export function highWord(x: number): number {
  F[0] = x;
  return U[HI]! | 0;
}

/** The less significant 32 bits of x as an unsigned integer in [0, 2^32). */
export function lowWord(x: number): number {
  F[0] = x;
  return U[LO]!;
}

/** The double whose high and low 32-bit words are `hi` and `lo` (each taken modulo 2^32). */
export function fromWords(hi: number, lo: number): number {
  U[HI] = hi;
  U[LO] = lo;
  return F[0]!;
}

/** x with its low word replaced by `lo` (`SET_LOW_WORD` of fdlibm). */
export function withLowWord(x: number, lo: number): number {
  F[0] = x;
  U[LO] = lo;
  return F[0]!;
}

/** x with its high word replaced by `hi` (`SET_HIGH_WORD` of fdlibm). */
export function withHighWord(x: number, hi: number): number {
  F[0] = x;
  U[HI] = hi;
  return F[0]!;
}

/** 2^n for an integer -1022 <= n <= 1023, exactly. */
export function twoTo(n: number): number {
  return fromWords((0x3ff + n) << 20, 0);
}

/**
 * x · 2^n, correctly rounded (C's `scalbn`): exact unless the result is subnormal or overflows,
 * and then rounded once. Large |n| is applied in steps that keep intermediates normal and exact.
 */
export function scalbn(x: number, n: number): number {
  let y = x;
  if (n > 1023) {
    y *= 8.98846567431158e307; // 2^1023
    n -= 1023;
    if (n > 1023) {
      y *= 8.98846567431158e307;
      n -= 1023;
      if (n > 1023) n = 1023;
    }
  } else if (n < -1022) {
    // 2^-1022 · 2^53 = 2^-969: keeps y normal so the last multiplication rounds only once.
    y *= 2.004168360008973e-292;
    n += 969;
    if (n < -1022) {
      y *= 2.004168360008973e-292;
      n += 969;
      if (n < -1022) n = -1022;
    }
  }
  return y * twoTo(n);
}
