// Richard Brent's xorgens "xor4096" generator: a 4096-bit xorshift (128 × 32-bit words) combined
// with a 32-bit Weyl sequence; period 2^4128 - 2^32 (R. P. Brent, "Some long-period random number
// generators using shifts and xors", ANZIAM J. 48, 2007, arXiv:1004.3115).
//
// This implementation is bit-identical to `seedrandom.xor4096(seed)` from seedrandom@3.0.5 (our
// dev-only test oracle), including its seeding procedure:
//   * an int32 number seed (`seed === (seed | 0)`) is used directly as the initial xorshift value;
//     any other seed is turned into the string `String(seed) + '\0'` whose UTF-16 code units are
//     XOR-ed into the state one per step (so `42` and `'42'` give DIFFERENT sequences here);
//   * 32 blank mixing steps, then max(128, key length) steps filling the 128 words, with the Weyl
//     value started from the mixer;
//   * an all-zero state is replaced by a -1 word;
//   * 4·128 = 512 xorshift steps warm the state up; the Weyl word does NOT move during warm-up, so
//     this is not the same as discarding 512 outputs.
// `nextUint32()` equals seedrandom's `int32() >>> 0` and `nextDouble()` equals its `double()`
// (two words per double, 53 bits, never 0).
//
// No imports outside lib/random; no Math.random, no clocks.

import type { Rng, RngState } from './types.js';
import { describeValue, fail } from './validate.js';

/** Number of 32-bit words in the xorshift part of the state. */
const R = 128;
/** Weyl increment (2^32 · (1 - 1/φ), as in xorgens). */
const WEYL = 0x61c88647;
/** Length of `RngState.words` for xor4096: the 128 X words, then i, then w. */
const STATE_LENGTH = R + 2;
const TWO_POW_32 = 4294967296;
const TWO_POW_21 = 2097152;

/** The algorithm name stored in `RngState.algorithm` by {@link Xor4096}. */
export const XOR4096_ALGORITHM = 'xor4096';

/**
 * Brent's xor4096 generator (see the file header), bit-identical to `seedrandom.xor4096`.
 *
 * State: 128 signed 32-bit words `X`, an index `i` in [0, 127] and a signed 32-bit Weyl word `w`
 * (the same representation as seedrandom's `state()`), serialised by `getState()` as
 * `{ algorithm: 'xor4096', words: [...X, i, w] }` (130 plain numbers).
 */
export class Xor4096 implements Rng {
  private readonly x: Int32Array;
  private i: number;
  private w: number;

  private constructor(x: Int32Array, i: number, w: number) {
    this.x = x;
    this.i = i;
    this.w = w;
  }

  /**
   * Seed exactly like `seedrandom.xor4096(seed)`.
   *
   * @param seed - an int32 number (used directly, seedrandom's numeric path), any other finite
   *   number (seeded through its string form, as seedrandom does), or any string (its UTF-16 code
   *   units, plus a trailing NUL, are mixed in; '' and non-BMP characters are fine).
   * @throws RangeError/TypeError if `seed` is not a string or a finite number.
   */
  static fromSeed(seed: number | string): Xor4096 {
    if (typeof seed === 'number') {
      if (!Number.isFinite(seed)) fail('xor4096', 'seed', 'a string or a finite number', seed);
    } else if (typeof seed !== 'string') {
      fail('xor4096', 'seed', 'a string or a finite number', seed, true);
    }
    const x = new Int32Array(R);
    let v: number;
    let key: string | null;
    let limit = R;
    if (typeof seed === 'number' && seed === (seed | 0)) {
      // Numeric int32 seeds initialise v, which then generates X.
      v = seed | 0;
      key = null;
    } else {
      // Other seeds are mixed into v and X one UTF-16 code unit at a time.
      key = String(seed) + '\0';
      v = 0;
      limit = Math.max(limit, key.length);
    }
    let w = 0;
    let zeros = 0;
    for (let j = -32; j < limit; ++j) {
      if (key !== null) v ^= key.charCodeAt((j + 32) % key.length);
      // After 32 shuffles, v becomes the starting Weyl value.
      if (j === 0) w = v;
      v ^= v << 10;
      v ^= v >>> 15;
      v ^= v << 4;
      v ^= v >>> 13;
      if (j >= 0) {
        w = (w + WEYL) | 0;
        const t = (x[j & (R - 1)] ^= v + w);
        zeros = t === 0 ? zeros + 1 : 0; // counts trailing zero words
      }
    }
    // All words zero (astronomically unlikely): make the state nonzero, as seedrandom does.
    if (zeros >= R) x[(key === null ? 0 : key.length) & (R - 1)] = -1;
    // Warm up with 4·128 xorshift steps; the Weyl word is not advanced here.
    let i = R - 1;
    for (let j = 4 * R; j > 0; --j) {
      let a = x[(i + 34) & (R - 1)] as number;
      i = (i + 1) & (R - 1);
      let b = x[i] as number;
      a ^= a << 13;
      b ^= b << 17;
      a ^= a >>> 15;
      b ^= b >>> 12;
      x[i] = a ^ b;
    }
    return new Xor4096(x, i, w);
  }

  /**
   * Rebuild a generator from a snapshot taken with `getState()` (validated as in `setState`).
   * @throws RangeError/TypeError naming the offending field.
   */
  static fromState(state: RngState): Xor4096 {
    const { x, i, w } = parseState('Xor4096.fromState', state);
    return new Xor4096(x, i, w);
  }

  /**
   * Next output as a signed 32-bit integer in [-2^31, 2^31 - 1]; equals seedrandom's `int32()`.
   * Advances the state by one step.
   */
  nextInt32(): number {
    const w = (this.w = (this.w + WEYL) | 0);
    const x = this.x;
    let i = this.i;
    let v = x[(i + 34) & (R - 1)] as number;
    i = (i + 1) & (R - 1);
    let t = x[i] as number;
    v ^= v << 13;
    t ^= t << 17;
    v ^= v >>> 15;
    t ^= t >>> 12;
    v ^= t;
    x[i] = v;
    this.i = i;
    return (v + (w ^ (w >>> 16))) | 0;
  }

  /** Next raw word, an integer in [0, 2^32); equals seedrandom's `int32() >>> 0`. One step. */
  nextUint32(): number {
    return this.nextInt32() >>> 0;
  }

  /**
   * Uniform double in the open interval (0, 1) with 53 random bits (multiples of 2^-53); equals
   * seedrandom's `double()`. Uses two steps per attempt (21 high bits of the first word, 32 bits
   * of the second); the value 0 (probability 2^-53) is rejected and redrawn.
   */
  nextDouble(): number {
    let result: number;
    do {
      const top = this.nextInt32() >>> 11;
      const bot = (this.nextInt32() >>> 0) / TWO_POW_32;
      result = (top + bot) / TWO_POW_21;
    } while (result === 0);
    return result;
  }

  /** An independent copy with the same state; drawing from either never moves the other. */
  clone(): Xor4096 {
    return new Xor4096(this.x.slice(), this.i, this.w);
  }

  /**
   * Snapshot `{ algorithm: 'xor4096', words: [...X (128 int32), i (0..127), w (int32)] }`; plain
   * numbers, JSON-safe, equal to seedrandom's `state()` fields `X`, `i`, `w`.
   */
  getState(): RngState {
    const words = Array.from(this.x);
    words.push(this.i, this.w);
    return { algorithm: XOR4096_ALGORITHM, words };
  }

  /**
   * Restore a snapshot from `getState()`. Validates everything before changing anything:
   * `algorithm` must be 'xor4096'; `words` must have length 130; words[0..127] (X) must be int32
   * integers in [-2^31, 2^31 - 1], not all zero; words[128] (i) an integer in [0, 127];
   * words[129] (w) an int32 integer.
   * @throws RangeError/TypeError naming the offending field and its allowed range.
   */
  setState(state: RngState): void {
    const { x, i, w } = parseState('Xor4096.setState', state);
    this.x.set(x);
    this.i = i;
    this.w = w;
  }
}

/** Seed a new xor4096 generator; same as {@link Xor4096.fromSeed} (and `seedrandom.xor4096(seed)`). */
export function xor4096(seed: number | string): Xor4096 {
  return Xor4096.fromSeed(seed);
}

function isInt32(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= -2147483648 && value <= 2147483647;
}

function parseState(fn: string, state: unknown): { x: Int32Array; i: number; w: number } {
  if (typeof state !== 'object' || state === null) {
    fail(fn, 'state', "an RngState object { algorithm: 'xor4096', words: number[] }", state, true);
  }
  const s = state as { algorithm?: unknown; words?: unknown };
  if (s.algorithm !== XOR4096_ALGORITHM) {
    fail(fn, 'state.algorithm', `'${XOR4096_ALGORITHM}'`, s.algorithm);
  }
  const words = s.words;
  if (!Array.isArray(words) || words.length !== STATE_LENGTH) {
    const got = Array.isArray(words) ? `length ${words.length}` : describeValue(words);
    throw new RangeError(
      `${fn}: state.words must be an array of length ${STATE_LENGTH} (128 X words, then i, then w), got ${got}`,
    );
  }
  const x = new Int32Array(R);
  let nonzero = false;
  for (let k = 0; k < R; k++) {
    const value: unknown = words[k];
    if (!isInt32(value)) fail(fn, `state.words[${k}] (X[${k}])`, 'an integer in [-2^31, 2^31 - 1]', value);
    x[k] = value;
    if (value !== 0) nonzero = true;
  }
  if (!nonzero) {
    throw new RangeError(`${fn}: state.words[0..127] (X) must not be all zero, got all zeros`);
  }
  const i: unknown = words[R];
  if (typeof i !== 'number' || !Number.isInteger(i) || i < 0 || i > R - 1) {
    fail(fn, `state.words[${R}] (i)`, `an integer in [0, ${R - 1}]`, i);
  }
  const w: unknown = words[R + 1];
  if (!isInt32(w)) fail(fn, `state.words[${R + 1}] (w)`, 'an integer in [-2^31, 2^31 - 1]', w);
  return { x, i, w };
}
