// Internal argument checks shared by lib/random. Not part of the public surface (index.ts does not
// re-export this file). Every error names the function, the argument, its allowed range and the
// value received, e.g. `poisson: lambda must be a finite number >= 0 and <= 1e15, got -1`.

import type { Rng } from './types.js';

/** Short, stable rendering of a bad value for error messages. */
export function describeValue(value: unknown): string {
  if (typeof value === 'number') return Object.is(value, -0) ? '-0' : String(value);
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'bigint') return `${value}n`;
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  if (ArrayBuffer.isView(value)) return `a ${value.constructor.name}`;
  return typeof value === 'object' ? 'an object' : typeof value;
}

/**
 * Throw `RangeError` (or `TypeError` when the value has the wrong type) with the message
 * `${fn}: ${arg} must be ${range}, got ${value}`.
 */
export function fail(fn: string, arg: string, range: string, got: unknown, typeError = false): never {
  const message = `${fn}: ${arg} must be ${range}, got ${describeValue(got)}`;
  throw typeError ? new TypeError(message) : new RangeError(message);
}

/** Check that `value` is a finite number; returns it. */
export function finite(fn: string, arg: string, value: unknown, range = 'a finite number'): number {
  if (typeof value !== 'number') fail(fn, arg, range, value, true);
  if (!Number.isFinite(value)) fail(fn, arg, range, value);
  return value;
}

/** Check that `value` is a safe integer (|value| <= 2^53 - 1); returns it. */
export function safeInteger(fn: string, arg: string, value: unknown, range = 'a safe integer'): number {
  if (typeof value !== 'number') fail(fn, arg, range, value, true);
  if (!Number.isSafeInteger(value)) fail(fn, arg, range, value);
  return value;
}

/** Check that `rng` looks like an `Rng` (has `nextUint32` and `nextDouble` methods). */
export function checkRng(fn: string, rng: unknown): asserts rng is Rng {
  const r = rng as { nextUint32?: unknown; nextDouble?: unknown } | null | undefined;
  if (
    typeof r !== 'object' ||
    r === null ||
    typeof r.nextUint32 !== 'function' ||
    typeof r.nextDouble !== 'function'
  ) {
    fail(fn, 'rng', 'an Rng (an object with nextUint32() and nextDouble())', rng, true);
  }
}

/** The text used for the seed range in every seed error message. */
export const SEED_RANGE =
  'a string or a safe integer in [-(2^53 - 1), 2^53 - 1] (Number.MIN_SAFE_INTEGER..Number.MAX_SAFE_INTEGER)';

/** Check a user seed: any string, or a safe integer. Returns it unchanged. */
export function checkSeed(fn: string, seed: unknown): number | string {
  if (typeof seed === 'string') return seed;
  if (typeof seed !== 'number') fail(fn, 'seed', SEED_RANGE, seed, true);
  if (!Number.isSafeInteger(seed)) fail(fn, 'seed', SEED_RANGE, seed);
  return seed;
}
