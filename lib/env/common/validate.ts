// Internal argument checks for lib/env/common (not re-exported by index.ts). Every error names the
// function, the argument, its allowed range and the value received, in the shape used across
// mecrl: `noisePowerW: bandwidthHz must be a finite number > 0, got -1`.
// Wrong type ⇒ TypeError; right type, out of range ⇒ RangeError.

/** Short, stable rendering of a bad value for error messages. */
export function describeValue(value: unknown): string {
  if (typeof value === 'number') return Object.is(value, -0) ? '-0' : String(value);
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  if (ArrayBuffer.isView(value)) return `a ${value.constructor.name}`;
  return typeof value === 'object' ? 'an object' : typeof value;
}

/** Throw `${fn}: ${arg} must be ${range}, got ${value}`. */
export function fail(fn: string, arg: string, range: string, got: unknown, typeError = false): never {
  const message = `${fn}: ${arg} must be ${range}, got ${describeValue(got)}`;
  throw typeError ? new TypeError(message) : new RangeError(message);
}

/** A finite number (any sign). */
export function finite(fn: string, arg: string, value: number, range = 'a finite number'): number {
  if (typeof value !== 'number') fail(fn, arg, range, value, true);
  if (!Number.isFinite(value)) fail(fn, arg, range, value);
  return value;
}

/** A finite number >= 0. */
export function nonNegative(fn: string, arg: string, value: number): number {
  const range = 'a finite number >= 0';
  if (typeof value !== 'number') fail(fn, arg, range, value, true);
  if (!(value >= 0 && value < Infinity)) fail(fn, arg, range, value);
  return value;
}

/** A finite number > 0. */
export function positive(fn: string, arg: string, value: number): number {
  const range = 'a finite number > 0';
  if (typeof value !== 'number') fail(fn, arg, range, value, true);
  if (!(value > 0 && value < Infinity)) fail(fn, arg, range, value);
  return value;
}

/** A finite number in the closed interval [lo, hi]. */
export function inRange(fn: string, arg: string, value: number, lo: number, hi: number): number {
  const range = `a number in [${lo}, ${hi}]`;
  if (typeof value !== 'number') fail(fn, arg, range, value, true);
  if (!(value >= lo && value <= hi)) fail(fn, arg, range, value);
  return value;
}

/** A safe integer in [lo, hi]. */
export function integerIn(fn: string, arg: string, value: number, lo: number, hi: number): number {
  const range = `an integer in [${lo}, ${hi}]`;
  if (typeof value !== 'number') fail(fn, arg, range, value, true);
  if (!Number.isSafeInteger(value) || value < lo || value > hi) fail(fn, arg, range, value);
  return value;
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
