// Internal argument checks and parameter access for lib/federated (not re-exported by index.ts).
// Errors name the function, the field, its allowed range and the value received, in the style of
// lib/nn and lib/random: `fedAvg: weights[2] must be a finite number >= 0, got -1`. The generic
// checks are lib/nn's (../nn/validate.ts), re-exported here for the rest of lib/federated.

import { flatOf, Module, type FlatLike } from '../nn/index.js';
import { checkNumber, fail } from '../nn/validate.js';

export { checkKeys, checkNumber, checkOneOf, fail } from '../nn/validate.js';

/**
 * One client's copy of a parameter group: a module (its `flat.data` is used), a `{ data, grad }`
 * pair, or a bare Float64Array of values. Writes go into the same array, so views stay valid.
 */
export type ParamsLike = FlatLike | Float64Array;

/** A non-negative safe integer. */
export function checkCount(fn: string, field: string, value: unknown, min = 0): number {
  return checkNumber(fn, field, value, `an integer >= ${min}`, (x) => Number.isSafeInteger(x) && x >= min);
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
