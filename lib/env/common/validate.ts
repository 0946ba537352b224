// Internal argument checks for lib/env/common (not re-exported by index.ts). Every error names the
// function, the argument, its allowed range and the value received, in the shape used across
// mecrl: `noisePowerW: bandwidthHz must be a finite number > 0, got -1`.
// Wrong type ⇒ TypeError; right type, out of range ⇒ RangeError. The checks themselves are
// lib/random's and lib/rl's internal ones (../../random/validate.ts, ../../rl/validate.ts).

import { checkNumber, fail as failAny, type DescribeStyle } from '../../random/validate.js';
import { integerIn as integerInAny } from '../../rl/validate.js';

/** lib/env/common renders a bigint by its type name. */
const STYLE: DescribeStyle = { bigint: false };

/** Throw `${fn}: ${arg} must be ${range}, got ${value}`. */
export function fail(fn: string, arg: string, range: string, got: unknown, typeError = false): never {
  return failAny(fn, arg, range, got, typeError, STYLE);
}

/** A number (else TypeError) accepted by `ok` (else RangeError). */
function check(fn: string, arg: string, value: number, range: string, ok: (x: number) => boolean): number {
  return checkNumber(fn, arg, value, range, ok, STYLE);
}

/** A finite number (any sign). */
export function finite(fn: string, arg: string, value: number, range = 'a finite number'): number {
  return check(fn, arg, value, range, Number.isFinite);
}

/** A finite number >= 0. */
export function nonNegative(fn: string, arg: string, value: number): number {
  return check(fn, arg, value, 'a finite number >= 0', (x) => x >= 0 && x < Infinity);
}

/** A finite number > 0. */
export function positive(fn: string, arg: string, value: number): number {
  return check(fn, arg, value, 'a finite number > 0', (x) => x > 0 && x < Infinity);
}

/** A finite number in the closed interval [lo, hi]. */
export function inRange(fn: string, arg: string, value: number, lo: number, hi: number): number {
  return check(fn, arg, value, `a number in [${lo}, ${hi}]`, (x) => x >= lo && x <= hi);
}

/** A safe integer in [lo, hi]. */
export function integerIn(fn: string, arg: string, value: number, lo: number, hi: number): number {
  return integerInAny(fn, arg, value, lo, hi, undefined, STYLE);
}

/** An array or array-like (typed arrays included), optionally of an exact length. */
export function arrayLike(fn: string, arg: string, value: ArrayLike<unknown>, length?: number): void {
  const v = value as { length?: unknown } | null | undefined;
  if (v === null || v === undefined || typeof v !== 'object' || typeof v.length !== 'number') {
    fail(fn, arg, 'an array or typed array', value, true);
  }
  if (length !== undefined && value.length !== length) {
    fail(fn, `${arg}.length`, `${length}`, value.length);
  }
}
