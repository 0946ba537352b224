// Reductions over one axis (or all elements): sum, mean, max, min, with NumPy's keepdims, and the
// non-differentiable argmax/argmin. The input is viewed as [outer, len, inner] around the reduced axis.

import { allocUninit, allocZeros } from '../buffers.js';
import { normalizeAxis, type Shape } from '../shape.js';
import { constantResult, gradOf, makeResult, type Tensor } from '../tensor.js';

export interface ReduceOptions {
  /** Axis to reduce, negative counts from the end; omitted = every element. */
  readonly axis?: number;
  /** Keep the reduced axis with extent 1 (default false). */
  readonly keepdims?: boolean;
}

interface Plan { outer: number; len: number; inner: number; shape: number[] }

function plan(op: string, a: Tensor, opts: ReduceOptions | undefined): Plan {
  const keep = opts?.keepdims ?? false;
  if (opts?.axis === undefined) {
    return { outer: 1, len: a.size, inner: 1, shape: keep ? a.shape.map(() => 1) : [] };
  }
  const ax = normalizeAxis(op, opts.axis, a.rank, a.shape);
  let outer = 1, inner = 1;
  for (let i = 0; i < ax; i++) outer *= a.shape[i]!;
  for (let i = ax + 1; i < a.rank; i++) inner *= a.shape[i]!;
  const shape: number[] = [];
  a.shape.forEach((d, i) => { if (i !== ax) shape.push(d); else if (keep) shape.push(1); });
  return { outer, len: a.shape[ax]!, inner, shape };
}

function sumLike(op: 'sum' | 'mean', a: Tensor, opts: ReduceOptions | undefined): Tensor {
  const { outer, len, inner, shape } = plan(op, a, opts);
  const x = a.data, y = allocZeros(outer * inner);
  const c = op === 'mean' ? 1 / len : 1;
  for (let o = 0; o < outer; o++) {
    for (let k = 0; k < len; k++) {
      const base = (o * len + k) * inner, yo = o * inner;
      for (let j = 0; j < inner; j++) y[yo + j] = y[yo + j]! + x[base + j]!;
    }
  }
  if (c !== 1) for (let i = 0; i < y.length; i++) y[i] = y[i]! * c;
  return makeResult(op, y, shape, [a], (out) => {
    const g = out.grad!, ga = gradOf(a);
    for (let o = 0; o < outer; o++) {
      for (let k = 0; k < len; k++) {
        const base = (o * len + k) * inner, yo = o * inner;
        for (let j = 0; j < inner; j++) ga[base + j] = ga[base + j]! + g[yo + j]! * c;
      }
    }
  });
}

/** Σ over an axis (or all). */
export function sum(a: Tensor, opts?: ReduceOptions): Tensor {
  return sumLike('sum', a, opts);
}

/** Mean over an axis (or all). The mean of zero elements is NaN. */
export function mean(a: Tensor, opts?: ReduceOptions): Tensor {
  return sumLike('mean', a, opts);
}

/**
 * Max over an axis (or all elements), PyTorch's tie rules:
 *  - over ONE AXIS (`{ axis }`, like `torch.max(x, dim)`): the gradient goes to the returned
 *    index, the first maximal element along the axis (lowest index; `argmax` returns the same one);
 *  - over ALL elements (no axis, like `torch.max(x)`): the gradient is spread EVENLY over every
 *    element equal to the maximum (k tied maxima get g/k each).
 * NaN inputs propagate (a NaN compares as the maximum; over all elements, the gradient is spread
 * over the NaNs, as PyTorch). An empty axis throws.
 */
export function max(a: Tensor, opts?: ReduceOptions): Tensor {
  return extremum('max', a, opts);
}

/**
 * Min over an axis (or all elements); the mirror of {@link max}, with the same tie rules: per axis
 * the gradient goes to the first minimal element (`argmin`'s index), over all elements it is spread
 * evenly over the tied minima. NaN propagates (it compares as the minimum).
 */
export function min(a: Tensor, opts?: ReduceOptions): Tensor {
  return extremum('min', a, opts);
}

/** Whether v beats the current best: strictly larger (smaller for min), or the first NaN. */
function beats(op: 'max' | 'min', v: number, best: number): boolean {
  return (op === 'max' ? v > best : v < best) || (v !== v && best === best);
}

/**
 * For each lane (o, j) of x viewed as [outer, len, inner]: the extremum into `best[o·inner + j]`
 * (when given) and the index along the axis of its FIRST occurrence into `arg[o·inner + j]`.
 */
function scanLanes(op: 'max' | 'min', x: Float64Array, outer: number, len: number, inner: number, best: Float64Array | null, arg: Int32Array | Float64Array): void {
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < inner; j++) {
      let b = x[o * len * inner + j]!, bi = 0;
      for (let k = 1; k < len; k++) {
        const v = x[(o * len + k) * inner + j]!;
        if (beats(op, v, b)) { b = v; bi = k; }
      }
      if (best !== null) best[o * inner + j] = b;
      arg[o * inner + j] = bi;
    }
  }
}

function extremum(op: 'max' | 'min', a: Tensor, opts: ReduceOptions | undefined): Tensor {
  const { outer, len, inner, shape } = plan(op, a, opts);
  if (len === 0) throw new RangeError(`${op}: cannot reduce an empty axis (shape [${a.shape.join(',')}])`);
  const x = a.data;
  if (opts?.axis === undefined) {
    // Full reduction: y = the extremum; backward spreads g evenly over the k tied elements
    // (mask: x = y, or x is NaN when y is NaN), as torch.max(x)/torch.min(x) do.
    let best = x[0]!;
    for (let i = 1; i < len; i++) { const v = x[i]!; if (beats(op, v, best)) best = v; }
    const y = allocUninit(1);
    y[0] = best;
    return makeResult(op, y, shape, [a], (out) => {
      const ga = gradOf(a), nanBest = best !== best;
      let k = 0;
      for (let i = 0; i < len; i++) { const v = x[i]!; if (nanBest ? v !== v : v === best) k++; }
      const share = out.grad![0]! / k;
      for (let i = 0; i < len; i++) { const v = x[i]!; if (nanBest ? v !== v : v === best) ga[i] = ga[i]! + share; }
    });
  }
  const n = outer * inner, y = allocUninit(n);
  const arg = new Int32Array(n);
  scanLanes(op, x, outer, len, inner, y, arg);
  return makeResult(op, y, shape, [a], (out) => {
    const g = out.grad!, ga = gradOf(a);
    for (let o = 0; o < outer; o++) {
      for (let j = 0; j < inner; j++) {
        const idx = (o * len + arg[o * inner + j]!) * inner + j;
        ga[idx] = ga[idx]! + g[o * inner + j]!;
      }
    }
  });
}

/**
 * Index of the maximum along `axis` (or, without an axis, the flat row-major index over all
 * elements), as a tensor of integer-valued float64s with the reduced shape (`keepdims` as for the
 * reductions). Not differentiable: the result never requires a gradient. Ties → the LOWEST index
 * (the element `max(a, { axis })` sends its gradient to); a NaN counts as the maximum (the first
 * NaN wins), as NumPy and PyTorch. An empty axis throws.
 */
export function argmax(a: Tensor, opts?: ReduceOptions): Tensor {
  return argExtremum('argmax', a, opts);
}

/** Index of the minimum along `axis` (or flat over all elements); the mirror of {@link argmax}: ties → lowest index, NaN counts as the minimum. */
export function argmin(a: Tensor, opts?: ReduceOptions): Tensor {
  return argExtremum('argmin', a, opts);
}

function argExtremum(op: 'argmax' | 'argmin', a: Tensor, opts: ReduceOptions | undefined): Tensor {
  const { outer, len, inner, shape } = plan(op, a, opts);
  if (len === 0) throw new RangeError(`${op}: cannot reduce an empty axis (shape [${a.shape.join(',')}])`);
  const which = op === 'argmax' ? 'max' : 'min';
  const y = allocUninit(outer * inner);
  scanLanes(which, a.data, outer, len, inner, null, y);
  return constantResult(op, y, shape);
}

/** Shape after reducing (exported for callers that preallocate). */
export function reducedShape(a: Tensor, opts?: ReduceOptions): Shape {
  return plan('reduce', a, opts).shape;
}
