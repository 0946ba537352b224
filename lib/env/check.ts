// Internal argument checks for lib/env (config, reset options, setState input). The checks are
// lib/rl's and lib/random's internal ones (../rl/validate.ts, ../random/validate.ts), bound here to
// lib/env's wording. Messages have the shape used across mecrl:
// `Pendulum-v1: g must be a finite number > 0, got -1`.

import { checkNumber, fail as failAny, type DescribeStyle } from '../random/validate.js';
import { integerIn as integerInAny, noUnknownKeys as noUnknownKeysAny, record as recordAny } from '../rl/validate.js';

/** lib/env renders a bigint by its type name and a typed array as `an object`. */
const STYLE: DescribeStyle = { bigint: false, views: 'object' };

/** Throw `${owner}: ${field} must be ${range}, got ${value}` (TypeError when the type is wrong). */
export function fail(owner: string, field: string, range: string, got: unknown, typeError = false): never {
  return failAny(owner, field, range, got, typeError, STYLE);
}

/** A finite number satisfying `ok`; `range` describes the condition in the error. */
export function finiteWhere(owner: string, field: string, value: unknown, range: string, ok: (v: number) => boolean = () => true): number {
  return checkNumber(owner, field, value, range, (v) => Number.isFinite(v) && ok(v), STYLE);
}

/** A safe integer in [lo, hi]. */
export function integerIn(owner: string, field: string, value: unknown, lo: number, hi: number): number {
  return integerInAny(owner, field, value, lo, hi, undefined, STYLE);
}

/** A plain object (config, options, state). */
export function record(owner: string, field: string, value: unknown): Readonly<Record<string, unknown>> {
  return recordAny(owner, field, value, STYLE);
}

/** Reject keys of `obj` that are not in `known` (catches typos such as `x_init` for `xInit`). */
export function noUnknownKeys(owner: string, what: string, obj: object, known: readonly string[]): void {
  noUnknownKeysAny(owner, obj, known, what, 'allowed');
}

/** One of the allowed strings (TypeError for a non-string); the error lists them quoted. */
export function oneOf<T extends string>(owner: string, field: string, value: unknown, allowed: readonly T[]): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    fail(owner, field, allowed.map((a) => JSON.stringify(a)).join(' or '), value, typeof value !== 'string');
  }
  return value as T;
}

/** A finite number > 0. */
export const positive = (owner: string, field: string, v: unknown): number => finiteWhere(owner, field, v, 'a finite number > 0', (x) => x > 0);
/** A finite number >= 0. */
export const nonNegative = (owner: string, field: string, v: unknown): number => finiteWhere(owner, field, v, 'a finite number >= 0', (x) => x >= 0);

/** A frozen `[min, max]` of finite numbers with 0 < min <= max (0 <= min with `allowZero`). */
export function range(owner: string, field: string, value: unknown, allowZero = false): readonly [number, number] {
  const what = `an array [min, max] of finite numbers with ${allowZero ? '0 <=' : '0 <'} min <= max`;
  if (!Array.isArray(value) || value.length !== 2) fail(owner, field, what, value, !Array.isArray(value));
  const lo = allowZero ? nonNegative(owner, `${field}[0]`, value[0]) : positive(owner, `${field}[0]`, value[0]);
  const hi = finiteWhere(owner, `${field}[1]`, value[1], `a finite number >= ${field}[0] (${lo})`, (x) => x >= lo);
  return Object.freeze([lo, hi]) as unknown as readonly [number, number];
}

/**
 * An array of `length` finite numbers each accepted by `ok`, copied into a Float64Array. Errors
 * read `an array of ${length} finite numbers${suffix}` and `a finite number${suffix}` (e.g. suffix
 * ` >= 0` or ` in [0, 1]`).
 */
export function finiteArray(owner: string, field: string, value: unknown, length: number, suffix: string, ok: (v: number) => boolean): Float64Array {
  const what = `an array of ${length} finite numbers${suffix}`;
  if (!Array.isArray(value)) fail(owner, field, what, value, true);
  if (value.length !== length) fail(owner, field, what, value);
  const out = new Float64Array(length);
  value.forEach((v: unknown, i) => {
    out[i] = finiteWhere(owner, `${field}[${i}]`, v, `a finite number${suffix}`, ok);
  });
  return out;
}
