// Spaces: the sets observations and actions live in (Gymnasium `gymnasium/spaces/{box,discrete,
// multi_discrete}.py`, re-designed for typed arrays).
//
//   Box            — real vectors/tensors in [low, high] elementwise; values are Float64Array
//                    (row-major, length = product of `shape`). Bounds may be ±Infinity.
//   Discrete       — integers start, start + 1, …, start + n − 1; values are plain `number`s.
//   MultiDiscrete  — integer vectors with x[i] in [0, nvec[i]); values are Int32Array.
//
// Every space can `contains(x)` (a boolean, never throws), `validate(x, what)` (throws an error
// naming the index, the value and the bound it broke, e.g. `action[3] = 1.7 is above high[3] = 1`;
// NaN is always rejected), `sample(rng)` (Gymnasium's sampling rules, rng passed explicitly) and
// describe itself as JSON (`toJSON`, read back by `spaceFromJSON`).
//
// Deviations from Gymnasium: no dtype (everything is float64 / int32); Box values must be a
// Float64Array (plain arrays are rejected rather than converted); infinite bounds are written to
// JSON as the strings "Infinity" / "-Infinity" (JSON has no infinities).

import type { Rng } from '../random/index.js';
import { exponential, integer, normal, uniform } from '../random/index.js';
import { describeValue, fail, integerIn } from './validate.js';

/** A JSON-safe bound: a finite number, or the string form of an infinity. */
export type BoundJson = number | 'Infinity' | '-Infinity';

/** JSON description of a space (`space.toJSON()`); `spaceFromJSON` rebuilds the space. */
export type SpaceJson =
  | { readonly type: 'Box'; readonly shape: readonly number[]; readonly low: readonly BoundJson[]; readonly high: readonly BoundJson[] }
  | { readonly type: 'Discrete'; readonly n: number; readonly start: number }
  | { readonly type: 'MultiDiscrete'; readonly nvec: readonly number[] };

/** The common interface of all spaces; `T` is the type of one element of the space. */
export interface Space<T> {
  /** Discriminant, equal to the `type` of `toJSON()`. */
  readonly kind: 'Box' | 'Discrete' | 'MultiDiscrete';
  /** True when `x` has the right type and shape and lies inside the space (NaN never does). Never throws. */
  contains(x: unknown): x is T;
  /**
   * Throw a descriptive error unless `contains(x)`. `what` names the value in the message
   * (default `'value'`), e.g. `action[3] = 1.7 is above high[3] = 1`.
   */
  validate(x: unknown, what?: string): void;
  /** Draw one element with `rng` (a fresh value each call). */
  sample(rng: Rng): T;
  /** JSON description (see `SpaceJson`). */
  toJSON(): SpaceJson;
  /** Short human-readable description, e.g. `Box([-2], [2], shape [1])`. */
  toString(): string;
}

/** Any concrete mecrl space. */
export type AnySpace = Box | Discrete | MultiDiscrete;

const MAX_INT32 = 2 ** 31 - 1;

function boundToJson(v: number): BoundJson {
  if (v === Infinity) return 'Infinity';
  if (v === -Infinity) return '-Infinity';
  return v;
}

function boundFromJson(owner: string, field: string, v: unknown): number {
  if (v === 'Infinity') return Infinity;
  if (v === '-Infinity') return -Infinity;
  if (typeof v !== 'number' || !Number.isFinite(v)) fail(owner, field, 'a finite number, "Infinity" or "-Infinity"', v);
  return v;
}

/** Render flat index `i` of a tensor with `shape` as `[i]` (rank 1) or `[a][b]…` (rank > 1). */
function indexText(i: number, shape: readonly number[]): string {
  if (shape.length <= 1) return `[${i}]`;
  const parts: number[] = new Array<number>(shape.length);
  let rest = i;
  for (let d = shape.length - 1; d >= 0; d--) {
    const extent = shape[d] as number;
    parts[d] = rest % extent;
    rest = Math.floor(rest / extent);
  }
  return parts.map((p) => `[${p}]`).join('');
}

/** Construction options for a `Box`. */
export interface BoxOptions {
  /** Lower bounds: one number for every element, or one per element (row-major). −Infinity allowed. */
  readonly low: number | ArrayLike<number>;
  /** Upper bounds: one number for every element, or one per element (row-major). +Infinity allowed. */
  readonly high: number | ArrayLike<number>;
  /** Tensor shape (positive integers). Required when both bounds are scalars; otherwise defaults to `[length]`. */
  readonly shape?: readonly number[];
}

/**
 * Real-valued box {x : low[i] ≤ x[i] ≤ high[i]}. Elements are `Float64Array`s of length
 * `size` = product of `shape`, stored row-major. `low[i] ≤ high[i]` is required; infinite bounds are
 * allowed (sampling then follows Gymnasium: normal if unbounded both ways, shifted exponential if
 * bounded on one side, uniform if bounded on both).
 */
export class Box implements Space<Float64Array> {
  readonly kind = 'Box' as const;
  /** Tensor shape. */
  readonly shape: readonly number[];
  /** Number of elements (product of `shape`). */
  readonly size: number;
  /** Lower bounds, length `size`. Do not mutate. */
  readonly low: Float64Array;
  /** Upper bounds, length `size`. Do not mutate. */
  readonly high: Float64Array;

  constructor(options: BoxOptions) {
    const owner = 'Box';
    const { low, high } = options;
    const lowLen = typeof low === 'number' ? undefined : low.length;
    const highLen = typeof high === 'number' ? undefined : high.length;
    let shape: readonly number[];
    if (options.shape !== undefined) {
      if (!Array.isArray(options.shape)) fail(owner, 'shape', 'an array of positive integers', options.shape, true);
      options.shape.forEach((d, k) => integerIn(owner, `shape[${k}]`, d, 1, MAX_INT32));
      shape = [...options.shape];
    } else if (lowLen !== undefined || highLen !== undefined) {
      shape = [(lowLen ?? highLen) as number];
    } else {
      throw new RangeError('Box: shape is required when low and high are both numbers');
    }
    const size = shape.reduce((a, b) => a * b, 1);
    if (size < 1 || size > MAX_INT32) fail(owner, 'shape', `a shape with 1 to ${MAX_INT32} elements`, size);
    if (lowLen !== undefined && lowLen !== size) fail(owner, 'low', `a number or an array of ${size} numbers (shape [${shape.join(', ')}])`, low);
    if (highLen !== undefined && highLen !== size) fail(owner, 'high', `a number or an array of ${size} numbers (shape [${shape.join(', ')}])`, high);
    this.shape = Object.freeze(shape);
    this.size = size;
    this.low = new Float64Array(size);
    this.high = new Float64Array(size);
    for (let i = 0; i < size; i++) {
      const lo = typeof low === 'number' ? low : (low[i] as number);
      const hi = typeof high === 'number' ? high : (high[i] as number);
      if (typeof lo !== 'number' || Number.isNaN(lo) || lo === Infinity) fail(owner, `low[${i}]`, 'a number or -Infinity', lo);
      if (typeof hi !== 'number' || Number.isNaN(hi) || hi === -Infinity) fail(owner, `high[${i}]`, 'a number or Infinity', hi);
      if (lo > hi) throw new RangeError(`Box: low[${i}] = ${lo} must be <= high[${i}] = ${hi}`);
      this.low[i] = lo;
      this.high[i] = hi;
    }
  }

  contains(x: unknown): x is Float64Array {
    if (!(x instanceof Float64Array) || x.length !== this.size) return false;
    for (let i = 0; i < this.size; i++) {
      const v = x[i] as number;
      // `!(a <= b)` is also true for NaN.
      if (!((this.low[i] as number) <= v && v <= (this.high[i] as number))) return false;
    }
    return true;
  }

  validate(x: unknown, what = 'value'): void {
    if (!(x instanceof Float64Array)) {
      throw new TypeError(`${what} must be a Float64Array of length ${this.size} for ${this.toString()}, got ${describeValue(x)}`);
    }
    if (x.length !== this.size) {
      throw new RangeError(`${what} has length ${x.length} but ${this.toString()} needs length ${this.size}`);
    }
    for (let i = 0; i < this.size; i++) {
      const v = x[i] as number;
      const lo = this.low[i] as number;
      const hi = this.high[i] as number;
      const at = indexText(i, this.shape);
      if (Number.isNaN(v)) throw new RangeError(`${what}${at} is NaN`);
      if (v < lo) throw new RangeError(`${what}${at} = ${v} is below low${at} = ${lo}`);
      if (v > hi) throw new RangeError(`${what}${at} = ${v} is above high${at} = ${hi}`);
    }
  }

  sample(rng: Rng): Float64Array {
    const out = new Float64Array(this.size);
    for (let i = 0; i < this.size; i++) {
      const lo = this.low[i] as number;
      const hi = this.high[i] as number;
      let v: number;
      if (lo === hi) v = lo;
      else if (Number.isFinite(hi - lo)) v = uniform(rng, lo, hi);
      else if (Number.isFinite(lo) && Number.isFinite(hi)) {
        // hi − lo overflows (bounds near ±Number.MAX_VALUE): a convex combination cannot.
        const u = rng.nextDouble();
        v = lo * (1 - u) + hi * u;
      }
      else if (Number.isFinite(lo)) v = lo + exponential(rng);
      else if (Number.isFinite(hi)) v = hi - exponential(rng);
      else v = normal(rng);
      // lo + (hi − lo)·u can round one ulp past a bound; clamp so that `contains` always holds.
      out[i] = Math.min(hi, Math.max(lo, v));
    }
    return out;
  }

  toJSON(): SpaceJson {
    return {
      type: 'Box',
      shape: [...this.shape],
      low: Array.from(this.low, boundToJson),
      high: Array.from(this.high, boundToJson),
    };
  }

  toString(): string {
    const fmt = (a: Float64Array): string => (a.length <= 8 ? `[${Array.from(a).join(', ')}]` : `[${a[0]}, …, ${a[a.length - 1]}]`);
    return `Box(${fmt(this.low)}, ${fmt(this.high)}, shape [${this.shape.join(', ')}])`;
  }
}

/** Integers start, start + 1, …, start + n − 1 (Gymnasium `Discrete(n, start)`). Values are `number`s. */
export class Discrete implements Space<number> {
  readonly kind = 'Discrete' as const;
  /** Number of values, an integer ≥ 1. */
  readonly n: number;
  /** Smallest value (default 0). */
  readonly start: number;

  constructor(n: number, start = 0) {
    this.n = integerIn('Discrete', 'n', n, 1, MAX_INT32);
    this.start = integerIn('Discrete', 'start', start, -(2 ** 31), MAX_INT32 - n + 1);
  }

  contains(x: unknown): x is number {
    return typeof x === 'number' && Number.isInteger(x) && x >= this.start && x < this.start + this.n;
  }

  validate(x: unknown, what = 'value'): void {
    const last = this.start + this.n - 1;
    if (typeof x !== 'number') {
      throw new TypeError(`${what} must be an integer number in [${this.start}, ${last}] for ${this.toString()}, got ${describeValue(x)}`);
    }
    if (Number.isNaN(x)) throw new RangeError(`${what} is NaN`);
    if (!Number.isInteger(x)) throw new RangeError(`${what} = ${x} is not an integer (${this.toString()} takes integers ${this.start}..${last})`);
    if (x < this.start) throw new RangeError(`${what} = ${x} is below the smallest value ${this.start} of ${this.toString()}`);
    if (x > last) throw new RangeError(`${what} = ${x} is above the largest value ${last} of ${this.toString()}`);
  }

  sample(rng: Rng): number {
    return this.start + integer(rng, 0, this.n);
  }

  toJSON(): SpaceJson {
    return { type: 'Discrete', n: this.n, start: this.start };
  }

  toString(): string {
    return this.start === 0 ? `Discrete(${this.n})` : `Discrete(${this.n}, start ${this.start})`;
  }
}

/** Integer vectors with 0 ≤ x[i] < nvec[i] (Gymnasium `MultiDiscrete(nvec)`, one dimension). Values are Int32Array. */
export class MultiDiscrete implements Space<Int32Array> {
  readonly kind = 'MultiDiscrete' as const;
  /** Number of values of each component, integers ≥ 1. Do not mutate. */
  readonly nvec: Int32Array;

  constructor(nvec: ArrayLike<number>) {
    if (typeof nvec !== 'object' || nvec === null || typeof nvec.length !== 'number' || nvec.length < 1) {
      fail('MultiDiscrete', 'nvec', 'a non-empty array of integers >= 1', nvec, true);
    }
    this.nvec = new Int32Array(nvec.length);
    for (let i = 0; i < nvec.length; i++) this.nvec[i] = integerIn('MultiDiscrete', `nvec[${i}]`, nvec[i], 1, MAX_INT32);
  }

  contains(x: unknown): x is Int32Array {
    if (!(x instanceof Int32Array) || x.length !== this.nvec.length) return false;
    for (let i = 0; i < x.length; i++) {
      const v = x[i] as number;
      if (v < 0 || v >= (this.nvec[i] as number)) return false;
    }
    return true;
  }

  validate(x: unknown, what = 'value'): void {
    if (!(x instanceof Int32Array)) {
      throw new TypeError(`${what} must be an Int32Array of length ${this.nvec.length} for ${this.toString()}, got ${describeValue(x)}`);
    }
    if (x.length !== this.nvec.length) {
      throw new RangeError(`${what} has length ${x.length} but ${this.toString()} needs length ${this.nvec.length}`);
    }
    for (let i = 0; i < x.length; i++) {
      const v = x[i] as number;
      if (v < 0) throw new RangeError(`${what}[${i}] = ${v} is below 0`);
      if (v >= (this.nvec[i] as number)) throw new RangeError(`${what}[${i}] = ${v} is above the largest value nvec[${i}] - 1 = ${(this.nvec[i] as number) - 1}`);
    }
  }

  sample(rng: Rng): Int32Array {
    const out = new Int32Array(this.nvec.length);
    for (let i = 0; i < out.length; i++) out[i] = integer(rng, 0, this.nvec[i] as number);
    return out;
  }

  toJSON(): SpaceJson {
    return { type: 'MultiDiscrete', nvec: Array.from(this.nvec) };
  }

  toString(): string {
    return `MultiDiscrete([${Array.from(this.nvec).join(', ')}])`;
  }
}

/** Rebuild a space from `space.toJSON()` (or the parsed JSON text of it). Throws on malformed input. */
export function spaceFromJSON(json: unknown): AnySpace {
  const owner = 'spaceFromJSON';
  if (typeof json !== 'object' || json === null) fail(owner, 'json', 'a SpaceJson object', json, true);
  const j = json as Record<string, unknown>;
  switch (j['type']) {
    case 'Box': {
      const low = j['low'];
      const high = j['high'];
      const shape = j['shape'];
      if (!Array.isArray(low)) fail(owner, 'low', 'an array', low, true);
      if (!Array.isArray(high)) fail(owner, 'high', 'an array', high, true);
      if (!Array.isArray(shape)) fail(owner, 'shape', 'an array', shape, true);
      return new Box({
        low: low.map((v, i) => boundFromJson(owner, `low[${i}]`, v)),
        high: high.map((v, i) => boundFromJson(owner, `high[${i}]`, v)),
        shape: shape as number[],
      });
    }
    case 'Discrete':
      return new Discrete(j['n'] as number, j['start'] as number);
    case 'MultiDiscrete': {
      const nvec = j['nvec'];
      if (!Array.isArray(nvec)) fail(owner, 'nvec', 'an array', nvec, true);
      return new MultiDiscrete(nvec as number[]);
    }
    default:
      return fail(owner, 'type', '"Box", "Discrete" or "MultiDiscrete"', j['type']);
  }
}

/**
 * Number of float64 slots one element of `space` takes in a flat buffer (e.g. a `ReplayBuffer`
 * field width): `size` for a Box, 1 for Discrete, `nvec.length` for MultiDiscrete.
 */
export function flatDim(space: AnySpace): number {
  switch (space.kind) {
    case 'Box':
      return space.size;
    case 'Discrete':
      return 1;
    case 'MultiDiscrete':
      return space.nvec.length;
  }
}
