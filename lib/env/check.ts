// Internal argument checks for lib/env (config, reset options, setState input). lib/env only
// depends on lib/rl's public surface, so these few helpers are kept here rather than imported
// from lib/rl internals. Messages have the shape used across mecrl:
// `Pendulum-v1: g must be a finite number > 0, got -1`.

/** Short rendering of a bad value. */
function describe(value: unknown): string {
  if (typeof value === 'number') return Object.is(value, -0) ? '-0' : String(value);
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  return typeof value === 'object' ? 'an object' : typeof value;
}

/** Throw `${owner}: ${field} must be ${range}, got ${value}` (TypeError when the type is wrong). */
export function fail(owner: string, field: string, range: string, got: unknown, typeError = false): never {
  const message = `${owner}: ${field} must be ${range}, got ${describe(got)}`;
  throw typeError ? new TypeError(message) : new RangeError(message);
}

/** A finite number satisfying `ok`; `range` describes the condition in the error. */
export function finiteWhere(owner: string, field: string, value: unknown, range: string, ok: (v: number) => boolean = () => true): number {
  if (typeof value !== 'number') fail(owner, field, range, value, true);
  if (!Number.isFinite(value) || !ok(value)) fail(owner, field, range, value);
  return value;
}

/** A safe integer in [lo, hi]. */
export function integerIn(owner: string, field: string, value: unknown, lo: number, hi: number): number {
  const range = `an integer in [${lo}, ${hi}]`;
  if (typeof value !== 'number') fail(owner, field, range, value, true);
  if (!Number.isSafeInteger(value) || value < lo || value > hi) fail(owner, field, range, value);
  return value;
}

/** A plain object (config, options, state). */
export function record(owner: string, field: string, value: unknown): Readonly<Record<string, unknown>> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(owner, field, 'an object', value, true);
  return value as Readonly<Record<string, unknown>>;
}

/** Reject keys of `obj` that are not in `known` (catches typos such as `x_init` for `xInit`). */
export function noUnknownKeys(owner: string, what: string, obj: object, known: readonly string[]): void {
  for (const key of Object.keys(obj)) {
    if (!known.includes(key)) {
      throw new RangeError(`${owner}: unknown ${what} field ${JSON.stringify(key)}; allowed: ${known.join(', ')}`);
    }
  }
}
