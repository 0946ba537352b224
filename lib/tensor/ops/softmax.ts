// softmax and logSoftmax over one axis (default the last), max-shifted for stability: every
// exponent is x − max ≤ 0, so nothing overflows and the largest term is exactly e⁰ = 1.
//   softmax:    y = e^{x−max} / Σ e^{x−max};   dx = y ⊙ (g − Σ g⊙y)
//   logSoftmax: y = x − max − log Σ e^{x−max}; dx = g − softmax(x) · Σ g
// The input is viewed as [outer, len, inner] around the axis: each of the outer·inner lanes is
// `len` elements `inner` apart (contiguous for the last axis, inner = 1), summed in index order.

import { allocUninit } from '../buffers.js';
import { formatShape, normalizeAxis } from '../shape.js';
import { gradOf, makeResult, type Tensor } from '../tensor.js';
import { exp, log } from '../../math/index.js';

interface Lanes { outer: number; len: number; inner: number }

function lanesOf(op: string, a: Tensor, axis: number): Lanes {
  if (a.rank < 1) throw new RangeError(`${op}: need a non-empty last axis, got ${formatShape(a.shape)}`);
  const ax = normalizeAxis(op, axis, a.rank, a.shape);
  const len = a.shape[ax]!;
  if (len === 0) throw new RangeError(`${op}: need a non-empty ${ax === a.rank - 1 ? 'last axis' : `axis ${ax}`}, got ${formatShape(a.shape)}`);
  let outer = 1, inner = 1;
  for (let i = 0; i < ax; i++) outer *= a.shape[i]!;
  for (let i = ax + 1; i < a.rank; i++) inner *= a.shape[i]!;
  return { outer, len, inner };
}

/** The largest of the `len` elements `inner` apart from `base` (−Infinity if all are −Infinity or NaN). */
function laneMax(x: Float64Array, base: number, len: number, inner: number): number {
  let m = -Infinity;
  for (let k = 0; k < len; k++) { const v = x[base + k * inner]!; if (v > m) m = v; }
  return m;
}

/**
 * Softmax along `axis` (default −1, the last; negative counts from the end), like
 * `torch.softmax(x, dim)`. Stable for any finite logits (±1000 included).
 */
export function softmax(a: Tensor, axis = -1): Tensor {
  const { outer, len, inner } = lanesOf('softmax', a, axis);
  const x = a.data, y = allocUninit(a.size);
  for (let o = 0; o < outer; o++) {
    for (let q = 0; q < inner; q++) {
      const base = o * len * inner + q;
      const m = laneMax(x, base, len, inner);
      let s = 0;
      for (let k = 0; k < len; k++) { const i = base + k * inner, e = exp(x[i]! - m); y[i] = e; s += e; }
      const inv = 1 / s;
      for (let k = 0; k < len; k++) { const i = base + k * inner; y[i] = y[i]! * inv; }
    }
  }
  return makeResult('softmax', y, a.shape, [a], (out) => {
    const g = out.grad!, yy = out.data, ga = gradOf(a);
    for (let o = 0; o < outer; o++) {
      for (let q = 0; q < inner; q++) {
        const base = o * len * inner + q;
        let dot = 0;
        for (let k = 0; k < len; k++) { const i = base + k * inner; dot += g[i]! * yy[i]!; }
        for (let k = 0; k < len; k++) { const i = base + k * inner; ga[i] = ga[i]! + yy[i]! * (g[i]! - dot); }
      }
    }
  });
}

/**
 * log(softmax(x)) along `axis` (default −1), computed as x − logsumexp(x) (never the log of an
 * underflowed 0), like `torch.log_softmax(x, dim)`.
 */
export function logSoftmax(a: Tensor, axis = -1): Tensor {
  const { outer, len, inner } = lanesOf('logSoftmax', a, axis);
  const x = a.data, y = allocUninit(a.size);
  for (let o = 0; o < outer; o++) {
    for (let q = 0; q < inner; q++) {
      const base = o * len * inner + q;
      const m = laneMax(x, base, len, inner);
      let s = 0;
      for (let k = 0; k < len; k++) s += exp(x[base + k * inner]! - m);
      const lse = m + log(s);
      for (let k = 0; k < len; k++) { const i = base + k * inner; y[i] = x[i]! - lse; }
    }
  }
  return makeResult('logSoftmax', y, a.shape, [a], (out) => {
    const g = out.grad!, yy = out.data, ga = gradOf(a);
    for (let o = 0; o < outer; o++) {
      for (let q = 0; q < inner; q++) {
        const base = o * len * inner + q;
        let gs = 0;
        for (let k = 0; k < len; k++) gs += g[base + k * inner]!;
        for (let k = 0; k < len; k++) { const i = base + k * inner; ga[i] = ga[i]! + g[i]! - exp(yy[i]!) * gs; }
      }
    }
  });
}
