// Distributions over an explicit `Rng` (always the first argument; pure-rand style).
//
// Conventions:
//   * Every argument is validated; errors name the function, the argument and its allowed range,
//     e.g. `poisson: lambda must be a finite number >= 0 and <= 1e15, got -1`.
//   * Uniforms that feed a logarithm come from `rng.nextDouble()`, which is in the open interval
//     (0, 1), so `log(U)` is always finite.
//   * No hidden state: `normal` does not cache the second Box–Muller value, so a generator's state
//     is the whole state of every sampler.
//   * Integer results (integer, choice, shuffle, categorical index…) depend only on the raw 32-bit
//     words, so they are bit-identical on every JS engine. Results that go through log / cos /
//     exp (normal, exponential, gumbel, poisson) are too: those come from lib/math, built only
//     from exactly-rounded IEEE operations, not from the engine's Math.log/cos/exp (whose last
//     bit the ECMAScript spec leaves to the engine).

import type { Rng } from './types.js';
import { checkRng, describeValue, fail, finite, safeInteger } from './validate.js';
import { cos, exp, log } from '../math/index.js';

const TWO_POW_32 = 4294967296;
const TWO_PI = 2 * Math.PI;

/** Uniform integer in [0, n) for an integer 1 <= n <= 2^32, by rejection on `nextUint32` (unbiased). */
function below(rng: Rng, n: number): number {
  // Accept u < limit, the largest multiple of n that is <= 2^32.
  const limit = TWO_POW_32 - (TWO_POW_32 % n);
  let u = rng.nextUint32();
  while (u >= limit) u = rng.nextUint32();
  return u % n;
}

/**
 * Uniform real number in [lo, hi): `lo + (hi - lo)·U` with `U = rng.nextDouble()` (one double per
 * value; the rare value rounded up to `hi` is redrawn). If `lo === hi` the result is `lo` (one
 * double is still consumed).
 *
 * @param lo - finite lower bound (default 0).
 * @param hi - finite upper bound, `hi >= lo`, with `hi - lo` finite (default 1).
 */
export function uniform(rng: Rng, lo = 0, hi = 1): number {
  checkRng('uniform', rng);
  checkUniformBounds('uniform', lo, hi);
  return uniformUnchecked(rng, lo, hi);
}

function checkUniformBounds(fn: string, lo: number, hi: number): void {
  finite(fn, 'lo', lo);
  if (typeof hi !== 'number' || !Number.isFinite(hi) || !(hi >= lo)) {
    fail(fn, 'hi', `a finite number >= lo (${describeValue(lo)})`, hi, typeof hi !== 'number');
  }
  if (!Number.isFinite(hi - lo)) fail(fn, 'hi - lo', 'a finite number (<= Number.MAX_VALUE)', hi - lo);
}

function uniformUnchecked(rng: Rng, lo: number, hi: number): number {
  const span = hi - lo;
  let x = lo + span * rng.nextDouble();
  if (span === 0) return lo;
  while (x >= hi) x = lo + span * rng.nextDouble();
  return x;
}

/**
 * Uniform integer in [lo, hi) (`hi` exclusive). Unbiased: rejection sampling on `nextUint32`
 * (expected < 2 words per value; exactly one when `hi - lo` is a power of two).
 *
 * @param lo - safe integer lower bound (inclusive).
 * @param hi - safe integer upper bound (exclusive), `lo < hi <= lo + 2^32`.
 */
export function integer(rng: Rng, lo: number, hi: number): number {
  checkRng('integer', rng);
  safeInteger('integer', 'lo', lo);
  if (typeof hi !== 'number' || !Number.isSafeInteger(hi) || !(hi > lo && hi - lo <= TWO_POW_32)) {
    fail('integer', 'hi', `a safe integer with lo < hi <= lo + 2^32 (lo = ${describeValue(lo)})`, hi, typeof hi !== 'number');
  }
  return lo + below(rng, hi - lo);
}

/**
 * Normal (Gaussian) sample by Box–Muller: `mean + std·sqrt(-2 ln U1)·cos(2π U2)` with two open
 * doubles U1, U2. The sine partner is discarded, so no state is cached outside the generator.
 *
 * @param mean - finite mean (default 0).
 * @param std - finite standard deviation >= 0 (default 1; 0 returns `mean`).
 */
export function normal(rng: Rng, mean = 0, std = 1): number {
  checkRng('normal', rng);
  finite('normal', 'mean', mean);
  finite('normal', 'std', std, 'a finite number >= 0');
  if (!(std >= 0)) fail('normal', 'std', 'a finite number >= 0', std);
  return mean + std * standardNormal(rng);
}

function standardNormal(rng: Rng): number {
  const u1 = rng.nextDouble();
  const u2 = rng.nextDouble();
  return Math.sqrt(-2 * log(u1)) * cos(TWO_PI * u2);
}

/**
 * Exponential sample with the given mean (= 1/rate): `-mean·ln U`, U an open double, so the
 * result is > 0 and finite.
 *
 * @param mean - finite mean > 0 (default 1).
 */
export function exponential(rng: Rng, mean = 1): number {
  checkRng('exponential', rng);
  finite('exponential', 'mean', mean, 'a finite number > 0');
  if (!(mean > 0)) fail('exponential', 'mean', 'a finite number > 0', mean);
  return -mean * log(rng.nextDouble());
}

/** Largest accepted Poisson mean; keeps results and PTRS arithmetic well inside safe integers. */
const POISSON_MAX_LAMBDA = 1e15;
const POISSON_RANGE = 'a finite number >= 0 and <= 1e15';

/**
 * Poisson sample (count of events with mean `lambda`), exact (no normal approximation):
 * Knuth's product-of-uniforms method for `lambda < 30` (about `lambda + 1` doubles), Hörmann's
 * PTRS transformed rejection (W. Hörmann, "The transformed rejection method for generating Poisson
 * random variables", Insurance: Mathematics and Economics 12, 1993) for `lambda >= 30`
 * (about 2.3 doubles). `lambda === 0` returns 0 without drawing.
 *
 * @param lambda - mean, a finite number in [0, 1e15].
 * @returns a non-negative integer.
 */
export function poisson(rng: Rng, lambda: number): number {
  checkRng('poisson', rng);
  finite('poisson', 'lambda', lambda, POISSON_RANGE);
  if (!(lambda >= 0 && lambda <= POISSON_MAX_LAMBDA)) fail('poisson', 'lambda', POISSON_RANGE, lambda);
  if (lambda === 0) return 0;
  if (lambda < 30) {
    // Knuth: the number of uniforms whose running product stays above e^-lambda.
    const limit = exp(-lambda);
    let k = 0;
    let p = rng.nextDouble();
    while (p > limit) {
      k++;
      p *= rng.nextDouble();
    }
    return k;
  }
  // PTRS, Hörmann (1993), steps 0–5.
  const sqrtLambda = Math.sqrt(lambda);
  const logLambda = log(lambda);
  const b = 0.931 + 2.53 * sqrtLambda;
  const a = -0.059 + 0.02483 * b;
  const invAlpha = 1.1239 + 1.1328 / (b - 3.4);
  const vR = 0.9277 - 3.6224 / (b - 2);
  for (;;) {
    const u = rng.nextDouble() - 0.5; // in (-0.5, 0.5), exact
    const v = rng.nextDouble();
    const us = 0.5 - Math.abs(u); // > 0
    const k = Math.floor(((2 * a) / us + b) * u + lambda + 0.43);
    if (us >= 0.07 && v <= vR) return k; // quick acceptance
    if (k < 0 || (us < 0.013 && v > us)) continue; // quick rejection
    if (log(v) + log(invAlpha) - log(a / (us * us) + b) <= -lambda + k * logLambda - logFactorial(k)) {
      return k;
    }
  }
}

/** ln(k!) for k = 0..15, from exact factorials (15! < 2^53). */
const LOG_FACTORIAL_TABLE: readonly number[] = (() => {
  const table: number[] = [];
  let f = 1;
  for (let k = 0; k < 16; k++) {
    if (k > 0) f *= k;
    table.push(log(f));
  }
  return table;
})();

const HALF_LOG_TWO_PI = 0.5 * log(2 * Math.PI);

/** ln(k!) for an integer k >= 0: table below 16, Stirling series (error < 1e-14) above. */
function logFactorial(k: number): number {
  if (k < 16) return LOG_FACTORIAL_TABLE[k] as number;
  const x = k + 1;
  const r = 1 / x;
  const r2 = r * r;
  return (x - 0.5) * log(x) - x + HALF_LOG_TWO_PI + r * (1 / 12 - r2 * (1 / 360 - r2 * (1 / 1260 - r2 / 1680)));
}

/**
 * Gumbel (type-I extreme value) sample: `loc - scale·ln(-ln U)`, U an open double. Mean
 * `loc + γ·scale` (γ ≈ 0.5772), variance `π²·scale²/6`. Used for Gumbel-max / Gumbel-softmax.
 *
 * @param loc - finite location (default 0).
 * @param scale - finite scale > 0 (default 1).
 */
export function gumbel(rng: Rng, loc = 0, scale = 1): number {
  checkRng('gumbel', rng);
  finite('gumbel', 'loc', loc);
  finite('gumbel', 'scale', scale, 'a finite number > 0');
  if (!(scale > 0)) fail('gumbel', 'scale', 'a finite number > 0', scale);
  return loc - scale * log(-log(rng.nextDouble()));
}

/**
 * `true` with probability `p`: `rng.nextDouble() < p` (one double; p = 0 is never true, p = 1
 * always true).
 *
 * @param p - probability in [0, 1].
 */
export function bernoulli(rng: Rng, p: number): boolean {
  checkRng('bernoulli', rng);
  finite('bernoulli', 'p', p, 'a number in [0, 1]');
  if (!(p >= 0 && p <= 1)) fail('bernoulli', 'p', 'a number in [0, 1]', p);
  return rng.nextDouble() < p;
}

function checkArrayLike(fn: string, arg: string, value: unknown): void {
  const v = value as { length?: unknown } | null | undefined;
  if (
    v === null ||
    v === undefined ||
    (typeof v !== 'object' && typeof v !== 'string') ||
    typeof v.length !== 'number'
  ) {
    fail(fn, arg, 'an array or array-like', value, true);
  }
}

/**
 * A uniformly chosen element of `items` (one `integer(rng, 0, items.length)` draw).
 *
 * @param items - a non-empty array or array-like.
 * @throws RangeError naming `items` if it is empty.
 */
export function choice<T>(rng: Rng, items: ArrayLike<T>): T {
  checkRng('choice', rng);
  checkArrayLike('choice', 'items', items);
  if (items.length === 0) fail('choice', 'items.length', 'at least 1 (items must be non-empty)', 0);
  return items[below(rng, items.length)] as T;
}

/**
 * An index `i` drawn with probability `weights[i] / sum(weights)` (one double; linear scan).
 * Zero-weight indices are never returned.
 *
 * @param weights - non-empty, each a finite number >= 0, with a positive finite sum.
 * @throws RangeError naming `weights[i]` (negative, NaN, infinite) or `weights` (all zero, empty).
 */
export function categorical(rng: Rng, weights: ArrayLike<number>): number {
  checkRng('categorical', rng);
  checkArrayLike('categorical', 'weights', weights);
  const n = weights.length;
  if (n === 0) fail('categorical', 'weights.length', 'at least 1 (weights must be non-empty)', 0);
  let total = 0;
  let last = -1;
  for (let i = 0; i < n; i++) {
    const w = weights[i];
    if (typeof w !== 'number' || !(w >= 0) || w === Infinity) {
      fail('categorical', `weights[${i}]`, 'a finite number >= 0', w, typeof w !== 'number');
    }
    total += w;
    if (w > 0) last = i;
  }
  if (!(total > 0)) fail('categorical', 'weights', 'non-negative with a positive sum (not all zero)', 'all zeros');
  if (!Number.isFinite(total)) fail('categorical', 'sum(weights)', 'finite (<= Number.MAX_VALUE)', total);
  const target = rng.nextDouble() * total;
  let cumulative = 0;
  for (let i = 0; i < n; i++) {
    cumulative += weights[i] as number;
    if (target < cumulative) return i;
  }
  return last; // rounding left target >= the accumulated sum: the last positive weight
}

/** A writable array-like: plain arrays and typed arrays. */
export interface MutableArrayLike<T> {
  readonly length: number;
  [index: number]: T;
}

/**
 * Shuffle `array` in place (Fisher–Yates/Durstenfeld from the end; `length - 1` integer draws);
 * every permutation is equally likely. Returns the same array.
 *
 * @param array - a plain or typed array (length < 2^32).
 */
export function shuffle<A extends MutableArrayLike<unknown>>(rng: Rng, array: A): A {
  checkRng('shuffle', rng);
  checkArrayLike('shuffle', 'array', array);
  if (typeof array === 'string') fail('shuffle', 'array', 'a mutable array or typed array', array, true);
  for (let i = array.length - 1; i > 0; i--) {
    const j = below(rng, i + 1);
    const t = array[i];
    array[i] = array[j];
    array[j] = t;
  }
  return array;
}

/**
 * `k` distinct indices from [0, n), in draw order (the first element is a uniform draw from
 * [0, n), the second uniform over the rest, …): a partial forward Fisher–Yates over the virtual
 * array 0..n-1, using O(k) memory when n is large. Every ordered k-tuple is equally likely.
 *
 * @param n - population size, a safe integer in [0, 2^32].
 * @param k - sample size, an integer in [0, n].
 */
export function sampleWithoutReplacement(rng: Rng, n: number, k: number): number[] {
  checkRng('sampleWithoutReplacement', rng);
  safeInteger('sampleWithoutReplacement', 'n', n, 'an integer in [0, 2^32]');
  if (!(n >= 0 && n <= TWO_POW_32)) fail('sampleWithoutReplacement', 'n', 'an integer in [0, 2^32]', n);
  if (typeof k !== 'number' || !Number.isSafeInteger(k) || !(k >= 0 && k <= n)) {
    fail('sampleWithoutReplacement', 'k', `an integer in [0, n] (n = ${n})`, k, typeof k !== 'number');
  }
  const out = new Array<number>(k);
  // Swapped-out slots of the virtual identity array; slot s holds s unless recorded here.
  const moved = new Map<number, number>();
  for (let i = 0; i < k; i++) {
    const j = i + below(rng, n - i);
    out[i] = moved.get(j) ?? j;
    if (j !== i) moved.set(j, moved.get(i) ?? i);
    moved.delete(i); // slot i is never read again
  }
  return out;
}

/**
 * Fill `out` with uniform values in [lo, hi); element `i` equals the `i`-th of
 * `out.length` successive `uniform(rng, lo, hi)` calls. Returns `out`.
 *
 * @param out - the Float64Array to overwrite.
 * @param lo - finite lower bound (default 0).
 * @param hi - finite upper bound >= lo, `hi - lo` finite (default 1).
 */
export function fillUniform(rng: Rng, out: Float64Array, lo = 0, hi = 1): Float64Array {
  checkRng('fillUniform', rng);
  if (!(out instanceof Float64Array)) fail('fillUniform', 'out', 'a Float64Array', out, true);
  checkUniformBounds('fillUniform', lo, hi);
  for (let i = 0; i < out.length; i++) out[i] = uniformUnchecked(rng, lo, hi);
  return out;
}

/**
 * Fill `out` with normal values; element `i` equals the `i`-th of `out.length` successive
 * `normal(rng, mean, std)` calls (two doubles each). Returns `out`.
 *
 * @param out - the Float64Array to overwrite.
 * @param mean - finite mean (default 0).
 * @param std - finite standard deviation >= 0 (default 1).
 */
export function fillNormal(rng: Rng, out: Float64Array, mean = 0, std = 1): Float64Array {
  checkRng('fillNormal', rng);
  if (!(out instanceof Float64Array)) fail('fillNormal', 'out', 'a Float64Array', out, true);
  finite('fillNormal', 'mean', mean);
  finite('fillNormal', 'std', std, 'a finite number >= 0');
  if (!(std >= 0)) fail('fillNormal', 'std', 'a finite number >= 0', std);
  for (let i = 0; i < out.length; i++) out[i] = mean + std * standardNormal(rng);
  return out;
}
