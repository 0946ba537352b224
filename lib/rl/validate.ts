// Internal config and argument checks shared by lib/rl and lib/env. Not part of the public surface
// (lib/rl/index.ts does not re-export it; lib/env imports it by path because it is mecrl-internal).
// Every error names the owner, the field, its allowed range and the value received, e.g.
// `ReplayBuffer: capacity must be an integer in [1, 2^31 - 1], got 0` — the same shape as
// lib/random's messages, rendered and checked by lib/random's helpers (../random/validate.ts).

import { checkNumber, describeValue as describeAny, fail as failAny, type DescribeStyle } from '../random/validate.js';

/** lib/rl renders a typed array with its length (`a Float64Array of length 3`). */
const STYLE: DescribeStyle = { views: 'length' };

/** Short, stable rendering of a bad value for error messages. */
export function describeValue(value: unknown): string {
  return describeAny(value, STYLE);
}

/** Throw `RangeError` (or `TypeError` for a wrong type): `${owner}: ${field} must be ${range}, got ${value}`. */
export function fail(owner: string, field: string, range: string, got: unknown, typeError = false): never {
  return failAny(owner, field, range, got, typeError, STYLE);
}

/** A finite number in [lo, hi] (either bound may be infinite); returns it. */
export function numberIn(owner: string, field: string, value: unknown, lo: number, hi: number, range?: string): number {
  return checkNumber(owner, field, value, range ?? `a finite number in [${lo}, ${hi}]`, (x) => Number.isFinite(x) && x >= lo && x <= hi, STYLE);
}

/**
 * A safe integer in [lo, hi]; returns it. `style` renders the bad value (lib/env passes its own, so
 * that its messages are unchanged).
 */
export function integerIn(owner: string, field: string, value: unknown, lo: number, hi: number, range?: string, style = STYLE): number {
  return checkNumber(owner, field, value, range ?? `an integer in [${lo}, ${hi}]`, (x) => Number.isSafeInteger(x) && x >= lo && x <= hi, style);
}

/** One of the listed string literals; returns it. */
export function oneOf<T extends string>(owner: string, field: string, value: unknown, allowed: readonly T[]): T {
  const text = `one of ${allowed.map((a) => JSON.stringify(a)).join(', ')}`;
  if (typeof value !== 'string') fail(owner, field, text, value, true);
  if (!(allowed as readonly string[]).includes(value)) fail(owner, field, text, value);
  return value as T;
}

/** A plain (non-array) object; returns it. `style` as in `integerIn`. */
export function record(owner: string, field: string, value: unknown, style = STYLE): Readonly<Record<string, unknown>> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) failAny(owner, field, 'an object', value, true, style);
  return value as Readonly<Record<string, unknown>>;
}

/**
 * Reject keys of `partial` that are not keys of `known` (catches typos such as `gama`):
 * `${owner}: unknown ${what} field "gama"; ${allowedLabel}: …` (lib/env words it its own way).
 */
export function noUnknownKeys(owner: string, partial: object, known: readonly string[], what = 'config', allowedLabel = 'allowed fields'): void {
  for (const key of Object.keys(partial)) {
    if (!known.includes(key)) {
      throw new RangeError(`${owner}: unknown ${what} field ${JSON.stringify(key)}; ${allowedLabel}: ${known.join(', ')}`);
    }
  }
}

/** An array of finite numbers (JSON form of a Float64Array); returns it as a Float64Array copy. */
export function finiteArray(owner: string, field: string, value: unknown, length?: number): Float64Array {
  const range = length === undefined ? 'an array of finite numbers' : `an array of ${length} finite numbers`;
  if (!Array.isArray(value) && !(value instanceof Float64Array)) fail(owner, field, range, value, true);
  const arr = value as ArrayLike<unknown>;
  if (length !== undefined && arr.length !== length) fail(owner, field, range, value);
  const out = new Float64Array(arr.length);
  for (let i = 0; i < arr.length; i++) {
    const v = arr[i];
    if (typeof v !== 'number' || !Number.isFinite(v)) fail(owner, `${field}[${i}]`, 'a finite number', v);
    out[i] = v;
  }
  return out;
}
