// Adapter to the scijs `ndarray` layout without depending on it: an ndarray is described by
// { data, shape, stride, offset }, where element (i0, …, i{r−1}) lives at
// data[offset + Σ i_k·stride[k]]. Strides may be zero (broadcast views) or negative (reversed
// views, `.step(-1)`), so a view can walk its data in any order.
//
//   toNdarrayLike(t)      → the tensor's own buffer, row-major strides, offset 0 (no copy):
//                           `ndarray(v.data, v.shape)` is a view of the tensor.
//   fromNdarrayLike(obj)  → a new leaf tensor holding a row-major Float64 copy of the view.

import { formatShape, shapeSize, stridesOf } from './shape.js';
import { Tensor, type LeafOptions } from './tensor.js';

/** Anything laid out like a scijs ndarray (an `ndarray(...)` view qualifies as it is). */
export interface NdarrayLike {
  /** Backing store; any array-like of numbers (Array, any typed array of numbers). */
  readonly data: ArrayLike<number>;
  /** Extents, non-negative integers. */
  readonly shape: ArrayLike<number>;
  /** Step in `data` per unit of each axis, integers (may be 0 or negative). */
  readonly stride: ArrayLike<number>;
  /** Index in `data` of element (0, …, 0), an integer. */
  readonly offset: number;
}

/** What `toNdarrayLike` returns: plain mutable arrays, as `ndarray(data, shape, stride, offset)` takes them. */
export interface NdarrayView {
  data: Float64Array;
  shape: number[];
  stride: number[];
  offset: number;
}

/**
 * Describes `t` as an ndarray view of its own buffer: `data` IS `t.data` (not copied), strides
 * are row-major, offset 0. Writes through the view change the tensor.
 *
 * Pitfall: a tensor made inside `arena.run` has a buffer the next run overwrites; copy
 * (`data.slice()`) what you keep.
 */
export function toNdarrayLike(t: Tensor): NdarrayView {
  return { data: t.data, shape: [...t.shape], stride: stridesOf(t.shape), offset: 0 };
}

function describeValue(v: unknown): string {
  if (typeof v === 'string') return `'${v}'`;
  if (typeof v === 'bigint') return `${v}n`;
  if (v === null || typeof v !== 'object') return String(v);
  return Array.isArray(v) ? 'an array' : `a ${v.constructor?.name ?? 'object'}`;
}

function intList(what: string, v: unknown): number[] {
  if (v === null || typeof v !== 'object' || typeof (v as { length?: unknown }).length !== 'number') {
    throw new TypeError(`fromNdarrayLike: ${what} must be an array of integers, got ${describeValue(v)}`);
  }
  const out = Array.from(v as ArrayLike<unknown>);
  for (let i = 0; i < out.length; i++) {
    const d = out[i];
    if (typeof d !== 'number' || !Number.isSafeInteger(d)) {
      throw new TypeError(`fromNdarrayLike: ${what}[${i}] must be an integer, got ${describeValue(d)} (${what} ${formatShape(out as number[])})`);
    }
  }
  return out as number[];
}

/**
 * Copies any ndarray-shaped view into a new row-major leaf tensor (`opts` as for `tensor()`).
 * Every element the view addresses must lie inside `data` and be a number (NaN and ±Infinity
 * are copied as they are).
 *
 * @throws TypeError for a missing/non-integer field or a non-number element; RangeError for a
 *   negative extent, a stride list of the wrong length, or a view reaching outside `data`.
 */
export function fromNdarrayLike(obj: NdarrayLike, opts?: LeafOptions): Tensor {
  if (obj === null || typeof obj !== 'object') {
    throw new TypeError(`fromNdarrayLike: expected an object { data, shape, stride, offset }, got ${describeValue(obj)}`);
  }
  const data: unknown = obj.data;
  if (data === null || typeof data !== 'object' || !Number.isSafeInteger((data as { length?: unknown }).length) || (data as { length: number }).length < 0) {
    throw new TypeError(`fromNdarrayLike: data must be an array-like of numbers, got ${describeValue(data)}`);
  }
  const src = data as ArrayLike<unknown>;
  const shape = intList('shape', obj.shape);
  const stride = intList('stride', obj.stride);
  const offset: unknown = obj.offset;
  if (typeof offset !== 'number' || !Number.isSafeInteger(offset)) {
    throw new TypeError(`fromNdarrayLike: offset must be an integer, got ${describeValue(offset)}`);
  }
  for (let i = 0; i < shape.length; i++) {
    if (shape[i]! < 0) throw new RangeError(`fromNdarrayLike: shape[${i}] must be >= 0, got shape ${formatShape(shape)}`);
  }
  if (stride.length !== shape.length) {
    throw new RangeError(`fromNdarrayLike: stride ${formatShape(stride)} has ${stride.length} entries but shape ${formatShape(shape)} has ${shape.length}`);
  }
  const n = shapeSize(shape), rank = shape.length;
  const out = new Float64Array(n);
  if (n > 0) {
    // The lowest and highest index the view touches: every other one lies between them.
    let lo = offset, hi = offset;
    for (let k = 0; k < rank; k++) {
      const reach = stride[k]! * (shape[k]! - 1);
      if (reach < 0) lo += reach; else hi += reach;
    }
    if (lo < 0 || hi >= src.length) {
      throw new RangeError(`fromNdarrayLike: shape ${formatShape(shape)} with stride ${formatShape(stride)} and offset ${offset} reaches indices ${lo}..${hi}, outside data of length ${src.length}`);
    }
    // Walk the view in row-major order with an odometer over the indices.
    const idx = new Array<number>(rank).fill(0);
    let at = offset;
    for (let i = 0; i < n; i++) {
      const v = src[at];
      if (typeof v !== 'number') {
        throw new TypeError(`fromNdarrayLike: data[${at}] (element [${idx.join(',')}]) must be a number, got ${describeValue(v)}`);
      }
      out[i] = v;
      for (let k = rank - 1; k >= 0; k--) {
        idx[k]!++;
        at += stride[k]!;
        if (idx[k]! < shape[k]!) break;
        at -= stride[k]! * idx[k]!;
        idx[k] = 0;
      }
    }
  }
  const t = new Tensor(out, shape, opts?.requiresGrad ?? false);
  if (opts?.label !== undefined) t.label = opts.label;
  return t;
}
