// Internal argument checks and parameter access for lib/federated (not re-exported by index.ts).
// Errors name the function, the field, its allowed range and the value received, in the style of
// lib/nn and lib/random: `fedAvg: weights[2] must be a finite number >= 0, got -1`.

import { flatOf, Module, type FlatLike } from '../nn/index.js';

/**
 * One client's copy of a parameter group: a module (its `flat.data` is used), a `{ data, grad }`
 * pair, or a bare Float64Array of values. Writes go into the same array, so views stay valid.
 */
export type ParamsLike = FlatLike | Float64Array;

/** Short rendering of a bad value for error messages. */
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

/** A non-negative safe integer. */
export function checkCount(fn: string, field: string, value: unknown, min = 0): number {
  return checkNumber(fn, field, value, `an integer >= ${min}`, (x) => Number.isSafeInteger(x) && x >= min);
}

/** One of `options`. */
export function checkOneOf<T extends string>(fn: string, field: string, value: unknown, options: readonly T[]): T {
  if (typeof value !== 'string' || !(options as readonly string[]).includes(value)) {
    fail(fn, field, `one of ${options.map((o) => `'${o}'`).join(', ')}`, value, typeof value !== 'string');
  }
  return value as T;
}

/** Rejects keys of `obj` not in `allowed` (a misspelt option would otherwise be silently ignored). */
export function checkKeys(fn: string, what: string, obj: object, allowed: readonly string[]): void {
  for (const k of Object.keys(obj)) {
    if (!allowed.includes(k)) throw new RangeError(`${fn}: unknown ${what} key '${k}'; allowed keys: ${allowed.join(', ')}`);
  }
}

/** The values array of a module, flat pair or Float64Array (`what` names it in errors). */
export function valuesOf(fn: string, what: string, x: ParamsLike): Float64Array {
  if (x instanceof Float64Array) return x;
  if (typeof x !== 'object' || x === null) fail(fn, what, 'a Module, a { data, grad } pair or a Float64Array', x, true);
  try {
    return flatOf(fn, x).data;
  } catch (err) {
    throw new TypeError(`${fn}: ${what}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/**
 * When `x` and `ref` are both modules, their parameter names and shapes must agree (equal total
 * size alone would let an actor be averaged with a differently shaped critic).
 */
export function checkSameLayout(fn: string, what: string, x: ParamsLike, refWhat: string, ref: ParamsLike): void {
  if (!(x instanceof Module) || !(ref instanceof Module)) return;
  const a = x.parameters(), b = ref.parameters();
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const p = a[i], q = b[i];
    const same = p !== undefined && q !== undefined && p.name === q.name
      && p.tensor.shape.length === q.tensor.shape.length && p.tensor.shape.every((d, k) => d === q.tensor.shape[k]);
    if (!same) {
      const d = (e: typeof p): string => (e === undefined ? 'nothing' : `'${e.name}' [${e.tensor.shape.join(', ')}]`);
      throw new RangeError(`${fn}: parameter ${i} differs: ${what} has ${d(p)}, ${refWhat} has ${d(q)}`);
    }
  }
}

/**
 * Validates `weights` (one per vector) and returns them divided by their sum, as a Float64Array.
 * `undefined` ⇒ uniform 1/n. Each weight must be finite and ≥ 0, and their sum > 0.
 */
export function normaliseWeights(fn: string, weights: readonly number[] | undefined, n: number, field = 'weights'): Float64Array {
  const p = new Float64Array(n);
  if (weights === undefined) {
    p.fill(1 / n);
    return p;
  }
  if (!Array.isArray(weights)) fail(fn, field, 'an array of numbers (or omitted for uniform weights)', weights, true);
  if (weights.length !== n) throw new RangeError(`${fn}: ${field} has ${weights.length} entries but there are ${n} vectors`);
  let total = 0;
  for (let m = 0; m < n; m++) {
    const w = checkNumber(fn, `${field}[${m}]`, weights[m], 'a finite number >= 0', (x) => Number.isFinite(x) && x >= 0);
    total += w;
  }
  if (!(total > 0)) throw new RangeError(`${fn}: ${field} are all zero; at least one must be positive`);
  if (!Number.isFinite(total)) throw new RangeError(`${fn}: ${field} sum to ${total}; their sum must be finite`);
  for (let m = 0; m < n; m++) p[m] = weights[m]! / total;
  return p;
}

/** Distinct integer indices in [0, n), in the given order; errors name the bad entry. */
export function checkIndices(fn: string, field: string, indices: unknown, n: number): readonly number[] {
  if (!Array.isArray(indices)) fail(fn, field, 'an array of indices', indices, true);
  const seen = new Set<number>();
  indices.forEach((i: unknown, k) => {
    checkNumber(fn, `${field}[${k}]`, i, `an integer in [0, ${n - 1}]`, (x) => Number.isSafeInteger(x) && x >= 0 && x < n);
    if (seen.has(i as number)) throw new RangeError(`${fn}: ${field}[${k}] = ${i as number} is repeated; indices must be distinct`);
    seen.add(i as number);
  });
  return indices as number[];
}
