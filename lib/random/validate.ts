// Internal argument checks shared by lib/random, and the rendering and number check that lib/rl,
// lib/env and lib/env/common build theirs on (lib/random is the one module all of them may import).
// Not part of the public surface (index.ts does not re-export this file). Every error names the
// function, the argument, its allowed range and the value received, e.g.
// `poisson: lambda must be a finite number >= 0 and <= 1e15, got -1`.

import type { Rng } from './types.js';

/**
 * How `describeValue` renders the kinds of value whose rendering has always differed between
 * modules (each module's messages stay as they were): the defaults are lib/random's.
 */
export interface DescribeStyle {
  /** Render a bigint as `5n` (default) rather than as its type name, `bigint`. */
  readonly bigint?: boolean;
  /**
   * Typed arrays and DataViews: `'name'` (default) ⇒ `a Float64Array`; `'length'` ⇒
   * `a Float64Array of length 3`; `'object'` ⇒ `an object`, like any other object.
   */
  readonly views?: 'name' | 'length' | 'object';
}

/** Short, stable rendering of a bad value for error messages (see `DescribeStyle`). */
export function describeValue(value: unknown, style: DescribeStyle = {}): string {
  if (typeof value === 'number') return Object.is(value, -0) ? '-0' : String(value);
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'bigint' && style.bigint !== false) return `${value}n`;
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  if (ArrayBuffer.isView(value) && style.views !== 'object') {
    const len = (value as unknown as { length?: unknown }).length;
    return `a ${value.constructor.name}${style.views === 'length' && typeof len === 'number' ? ` of length ${len}` : ''}`;
  }
  return typeof value === 'object' ? 'an object' : typeof value;
}

/**
 * Throw `RangeError` (or `TypeError` when the value has the wrong type) with the message
 * `${fn}: ${arg} must be ${range}, got ${value}`, the value rendered in `style`.
 */
export function fail(fn: string, arg: string, range: string, got: unknown, typeError = false, style?: DescribeStyle): never {
  const message = `${fn}: ${arg} must be ${range}, got ${describeValue(got, style)}`;
  throw typeError ? new TypeError(message) : new RangeError(message);
}

/**
 * Check that `value` is a number (else `TypeError`) accepted by `ok` (else `RangeError`), both
 * naming `range`; returns it. The core of every numeric argument check in mecrl.
 */
export function checkNumber(fn: string, arg: string, value: unknown, range: string, ok: (x: number) => boolean, style?: DescribeStyle): number {
  if (typeof value !== 'number') fail(fn, arg, range, value, true, style);
  if (!ok(value)) fail(fn, arg, range, value, false, style);
  return value;
}

/** Check that `value` is a finite number; returns it. */
export function finite(fn: string, arg: string, value: unknown, range = 'a finite number'): number {
  return checkNumber(fn, arg, value, range, Number.isFinite);
}

/** Check that `value` is a safe integer (|value| <= 2^53 - 1); returns it. */
export function safeInteger(fn: string, arg: string, value: unknown, range = 'a safe integer'): number {
  return checkNumber(fn, arg, value, range, Number.isSafeInteger);
}

/** Whether `rng` looks like an `Rng` (an object with `nextUint32` and `nextDouble` methods). */
export function isRngLike(rng: unknown): rng is Rng {
  const r = rng as { nextUint32?: unknown; nextDouble?: unknown } | null | undefined;
  return typeof r === 'object' && r !== null && typeof r.nextUint32 === 'function' && typeof r.nextDouble === 'function';
}

/** Check that `rng` looks like an `Rng` (has `nextUint32` and `nextDouble` methods). */
export function checkRng(fn: string, rng: unknown): asserts rng is Rng {
  if (!isRngLike(rng)) fail(fn, 'rng', 'an Rng (an object with nextUint32() and nextDouble())', rng, true);
}

/** The text used for the seed range in every seed error message. */
export const SEED_RANGE =
  'a string or a safe integer in [-(2^53 - 1), 2^53 - 1] (Number.MIN_SAFE_INTEGER..Number.MAX_SAFE_INTEGER)';

/** Check a user seed: any string, or a safe integer. Returns it unchanged. */
export function checkSeed(fn: string, seed: unknown): number | string {
  return typeof seed === 'string' ? seed : safeInteger(fn, 'seed', seed, SEED_RANGE);
}
