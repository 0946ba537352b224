// softmax and logSoftmax over the last axis, max-shifted for stability.
//   softmax:    y = e^{x−max} / Σ e^{x−max};   dx = y ⊙ (g − Σ g⊙y)
//   logSoftmax: y = x − max − log Σ e^{x−max}; dx = g − softmax(x) · Σ g

import { allocUninit } from '../buffers.js';
import { formatShape } from '../shape.js';
import { gradOf, makeResult, type Tensor } from '../tensor.js';

function rowsOf(op: string, a: Tensor): [number, number] {
  if (a.rank < 1 || a.shape[a.rank - 1] === 0) throw new RangeError(`${op}: need a non-empty last axis, got ${formatShape(a.shape)}`);
  const c = a.shape[a.rank - 1]!;
  return [a.size / c, c];
}

export function softmax(a: Tensor): Tensor {
  const [rows, c] = rowsOf('softmax', a);
  const x = a.data, y = allocUninit(a.size);
  for (let r = 0; r < rows; r++) {
    const o = r * c;
    let m = -Infinity;
    for (let j = 0; j < c; j++) if (x[o + j]! > m) m = x[o + j]!;
    let s = 0;
    for (let j = 0; j < c; j++) { const e = Math.exp(x[o + j]! - m); y[o + j] = e; s += e; }
    const inv = 1 / s;
    for (let j = 0; j < c; j++) y[o + j] = y[o + j]! * inv;
  }
  return makeResult('softmax', y, a.shape, [a], (out) => {
    const g = out.grad!, yy = out.data, ga = gradOf(a);
    for (let r = 0; r < rows; r++) {
      const o = r * c;
      let dot = 0;
      for (let j = 0; j < c; j++) dot += g[o + j]! * yy[o + j]!;
      for (let j = 0; j < c; j++) ga[o + j] = ga[o + j]! + yy[o + j]! * (g[o + j]! - dot);
    }
  });
}

export function logSoftmax(a: Tensor): Tensor {
  const [rows, c] = rowsOf('logSoftmax', a);
  const x = a.data, y = allocUninit(a.size);
  for (let r = 0; r < rows; r++) {
    const o = r * c;
    let m = -Infinity;
    for (let j = 0; j < c; j++) if (x[o + j]! > m) m = x[o + j]!;
    let s = 0;
    for (let j = 0; j < c; j++) s += Math.exp(x[o + j]! - m);
    const lse = m + Math.log(s);
    for (let j = 0; j < c; j++) y[o + j] = x[o + j]! - lse;
  }
  return makeResult('logSoftmax', y, a.shape, [a], (out) => {
    const g = out.grad!, yy = out.data, ga = gradOf(a);
    for (let r = 0; r < rows; r++) {
      const o = r * c;
      let gs = 0;
      for (let j = 0; j < c; j++) gs += g[o + j]!;
      for (let j = 0; j < c; j++) ga[o + j] = ga[o + j]! + g[o + j]! - Math.exp(yy[o + j]!) * gs;
    }
  });
}
