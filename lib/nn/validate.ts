// Internal argument checks shared by lib/nn (not re-exported by index.ts). Every error names the
// function, the field, its allowed range and the value received, in lib/random's style:
// `adam: beta1 must be a number in [0, 1), got 1`. lib/federated uses these checks too (it imports
// this file). They are not taken from ../random/validate.ts because lib/nn imports only the public
// surfaces of lib/tensor and lib/random (test/nn/boundaries.test.ts); the rendering below is
// lib/random's `describeValue` with `{ bigint: false }`.

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

/** Throws `${fn}: ${field} must be ${allowed}, got ${value}` (TypeError when the type is wrong). */
export function fail(fn: string, field: string, allowed: string, got: unknown, typeError = false): never {
  const message = `${fn}: ${field} must be ${allowed}, got ${describeValue(got)}`;
  throw typeError ? new TypeError(message) : new RangeError(message);
}

/** A number accepted by `ok`, else an error naming the field and `allowed`. Returns it. */
export function checkNumber(fn: string, field: string, value: unknown, allowed: string, ok: (x: number) => boolean): number {
  if (typeof value !== 'number') fail(fn, field, allowed, value, true);
  if (!ok(value)) fail(fn, field, allowed, value);
  return value;
}

/** A positive safe integer. */
export function checkPositiveInt(fn: string, field: string, value: unknown): number {
  return checkNumber(fn, field, value, 'a positive integer', (x) => Number.isSafeInteger(x) && x >= 1);
}

/** One of `options` (compared with ===). */
export function checkOneOf<T extends string>(fn: string, field: string, value: unknown, options: readonly T[]): T {
  if (typeof value !== 'string' || !(options as readonly string[]).includes(value)) {
    fail(fn, field, `one of ${options.map((o) => `'${o}'`).join(', ')}`, value, typeof value !== 'string');
  }
  return value as T;
}

/** An object with `nextUint32` and `nextDouble` (an `Rng` from lib/random). */
export function checkRngLike(fn: string, field: string, rng: unknown): void {
  const r = rng as { nextUint32?: unknown; nextDouble?: unknown } | null | undefined;
  if (typeof r !== 'object' || r === null || typeof r.nextUint32 !== 'function' || typeof r.nextDouble !== 'function') {
    fail(fn, field, 'an Rng from lib/random (e.g. fromSeed(1) or deriveStream(seed, label))', rng, true);
  }
}

/** `1234567` → `'1_234_567'` (parameter counts in `toString()`). */
export function formatCount(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, '_');
}

/** Rejects keys of `obj` not in `allowed` (a misspelt option would otherwise be silently ignored). */
export function checkKeys(fn: string, what: string, obj: object, allowed: readonly string[]): void {
  for (const k of Object.keys(obj)) {
    if (!allowed.includes(k)) throw new RangeError(`${fn}: unknown ${what} key '${k}'; allowed keys: ${allowed.join(', ')}`);
  }
}
