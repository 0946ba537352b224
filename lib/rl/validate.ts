// Internal config and argument checks shared by lib/rl and lib/env. Not part of the public surface
// (lib/rl/index.ts does not re-export it; lib/env imports it by path because it is mecrl-internal).
// Every error names the owner, the field, its allowed range and the value received, e.g.
// `ReplayBuffer: capacity must be an integer in [1, 2^31 - 1], got 0` — the same shape as
// lib/random's messages.

/** Short, stable rendering of a bad value for error messages. */
export function describeValue(value: unknown): string {
  if (typeof value === 'number') return Object.is(value, -0) ? '-0' : String(value);
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'bigint') return `${value}n`;
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  if (ArrayBuffer.isView(value)) {
    const len = (value as unknown as { length?: unknown }).length;
    return `a ${value.constructor.name}${typeof len === 'number' ? ` of length ${len}` : ''}`;
  }
  return typeof value === 'object' ? 'an object' : typeof value;
}

/** Throw `RangeError` (or `TypeError` for a wrong type): `${owner}: ${field} must be ${range}, got ${value}`. */
export function fail(owner: string, field: string, range: string, got: unknown, typeError = false): never {
  const message = `${owner}: ${field} must be ${range}, got ${describeValue(got)}`;
  throw typeError ? new TypeError(message) : new RangeError(message);
}

/** A finite number in [lo, hi] (either bound may be infinite); returns it. */
export function numberIn(owner: string, field: string, value: unknown, lo: number, hi: number, range?: string): number {
  const text = range ?? `a finite number in [${lo}, ${hi}]`;
  if (typeof value !== 'number') fail(owner, field, text, value, true);
  if (!Number.isFinite(value) || value < lo || value > hi) fail(owner, field, text, value);
  return value;
}

/** A safe integer in [lo, hi]; returns it. */
export function integerIn(owner: string, field: string, value: unknown, lo: number, hi: number, range?: string): number {
  const text = range ?? `an integer in [${lo}, ${hi}]`;
  if (typeof value !== 'number') fail(owner, field, text, value, true);
  if (!Number.isSafeInteger(value) || value < lo || value > hi) fail(owner, field, text, value);
  return value;
}

/** One of the listed string literals; returns it. */
export function oneOf<T extends string>(owner: string, field: string, value: unknown, allowed: readonly T[]): T {
  const text = `one of ${allowed.map((a) => JSON.stringify(a)).join(', ')}`;
  if (typeof value !== 'string') fail(owner, field, text, value, true);
  if (!(allowed as readonly string[]).includes(value)) fail(owner, field, text, value);
  return value as T;
}

/** A plain (non-array) object; returns it. */
export function record(owner: string, field: string, value: unknown): Readonly<Record<string, unknown>> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(owner, field, 'an object', value, true);
  return value as Readonly<Record<string, unknown>>;
}

/** Reject keys of `partial` that are not keys of `known` (catches typos such as `gama`). */
export function noUnknownKeys(owner: string, partial: object, known: readonly string[]): void {
  for (const key of Object.keys(partial)) {
    if (!known.includes(key)) {
      throw new RangeError(`${owner}: unknown config field ${JSON.stringify(key)}; allowed fields: ${known.join(', ')}`);
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
