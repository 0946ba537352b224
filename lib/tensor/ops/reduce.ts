// Reductions over one axis (or all elements): sum, mean, max, with NumPy's keepdims. The input is
// viewed as [outer, len, inner] around the reduced axis.

import { allocUninit, allocZeros } from '../buffers.js';
import { normalizeAxis, type Shape } from '../shape.js';
import { gradOf, makeResult, type Tensor } from '../tensor.js';

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
 * Max over an axis (or all). The gradient goes to the first maximal element (lowest index), so
 * ties are deterministic. NaN inputs propagate (a NaN compares as the maximum).
 */
export function max(a: Tensor, opts?: ReduceOptions): Tensor {
  const { outer, len, inner, shape } = plan('max', a, opts);
  if (len === 0) throw new RangeError(`max: cannot reduce an empty axis (shape [${a.shape.join(',')}])`);
  const x = a.data, n = outer * inner, y = allocUninit(n);
  const arg = new Int32Array(n);
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < inner; j++) {
      let best = x[o * len * inner + j]!, bi = 0;
      for (let k = 1; k < len; k++) {
        const v = x[(o * len + k) * inner + j]!;
        if (v > best || (v !== v && best === best)) { best = v; bi = k; }
      }
      y[o * inner + j] = best;
      arg[o * inner + j] = bi;
    }
  }
  return makeResult('max', y, shape, [a], (out) => {
    const g = out.grad!, ga = gradOf(a);
    for (let o = 0; o < outer; o++) {
      for (let j = 0; j < inner; j++) {
        const idx = (o * len + arg[o * inner + j]!) * inner + j;
        ga[idx] = ga[idx]! + g[o * inner + j]!;
      }
    }
  });
}

/** Shape after reducing (exported for callers that preallocate). */
export function reducedShape(a: Tensor, opts?: ReduceOptions): Shape {
  return plan('reduce', a, opts).shape;
}
