// Ops that move values without arithmetic: reshape, transpose, concat, slice, gatherRows, gather,
// oneHot.
// Each backward routes the output gradient back to where each value came from.

import { allocUninit, allocZeros } from '../buffers.js';
import { formatShape, normalizeAxis, shapeSize, stridesOf, validateShape, type Shape } from '../shape.js';
import { gradOf, makeResult, Tensor } from '../tensor.js';

/** Same values, new shape (one extent may be −1 = inferred). Shares the data buffer. */
export function reshape(a: Tensor, shape: Shape): Tensor {
  const s = [...shape];
  const inferred = s.indexOf(-1);
  if (inferred >= 0) {
    if (s.indexOf(-1, inferred + 1) >= 0) throw new RangeError(`reshape: at most one extent may be -1, got ${formatShape(shape)}`);
    let known = 1;
    s.forEach((d, i) => { if (i !== inferred) known *= d; });
    s[inferred] = known === 0 ? 0 : a.size / known;
    if (!Number.isInteger(s[inferred])) {
      throw new RangeError(`reshape: cannot reshape ${formatShape(a.shape)} (${a.size} elements) to ${formatShape(shape)}`);
    }
  }
  validateShape(s, 'reshape');
  if (shapeSize(s) !== a.size) {
    throw new RangeError(`reshape: cannot reshape ${formatShape(a.shape)} (${a.size} elements) to ${formatShape(shape)}`);
  }
  return makeResult('reshape', a.data, s, [a], (out) => {
    const g = out.grad!, ga = gradOf(a);
    for (let i = 0; i < g.length; i++) ga[i] = ga[i]! + g[i]!;
  });
}

/** Permutes axes (default: reverse them; for a matrix, the transpose). */
export function transpose(a: Tensor, perm?: readonly number[]): Tensor {
  const rank = a.rank;
  const p = perm ?? a.shape.map((_, i) => rank - 1 - i);
  if (p.length !== rank || [...p].sort((x, y) => x - y).some((v, i) => v !== i)) {
    throw new RangeError(`transpose: perm must be a permutation of 0..${rank - 1} for shape ${formatShape(a.shape)}, got [${p.join(',')}]`);
  }
  const outShape = p.map((ax) => a.shape[ax]!);
  const inStrides = stridesOf(a.shape);
  const src = new Int32Array(a.size); // src[i] = input flat index of output flat index i
  const stridesPerm = p.map((ax) => inStrides[ax]!);
  const idx = new Array<number>(rank).fill(0);
  let off = 0;
  for (let i = 0; i < a.size; i++) {
    src[i] = off;
    for (let d = rank - 1; d >= 0; d--) {
      idx[d]!++;
      off += stridesPerm[d]!;
      if (idx[d]! < outShape[d]!) break;
      off -= stridesPerm[d]! * idx[d]!;
      idx[d] = 0;
    }
  }
  const x = a.data, y = allocUninit(a.size);
  for (let i = 0; i < a.size; i++) y[i] = x[src[i]!]!;
  return makeResult('transpose', y, outShape, [a], (out) => {
    const g = out.grad!, ga = gradOf(a);
    for (let i = 0; i < a.size; i++) { const k = src[i]!; ga[k] = ga[k]! + g[i]!; }
  });
}

/** Joins tensors along `axis`; every other extent must match. */
export function concat(tensors: readonly Tensor[], axis = 0): Tensor {
  if (tensors.length === 0) throw new RangeError('concat: need at least one tensor');
  const first = tensors[0]!;
  const ax = normalizeAxis('concat', axis, first.rank, first.shape);
  let total = 0;
  for (const t of tensors) {
    if (t.rank !== first.rank || t.shape.some((d, i) => i !== ax && d !== first.shape[i])) {
      throw new RangeError(`concat: shapes ${formatShape(first.shape)} and ${formatShape(t.shape)} differ outside axis ${ax}`);
    }
    total += t.shape[ax]!;
  }
  let outer = 1, inner = 1;
  for (let i = 0; i < ax; i++) outer *= first.shape[i]!;
  for (let i = ax + 1; i < first.rank; i++) inner *= first.shape[i]!;
  const outShape = [...first.shape];
  outShape[ax] = total;
  const rowOut = total * inner;
  const y = allocUninit(outer * rowOut);
  let colOff = 0;
  const offsets: number[] = [];
  for (const t of tensors) {
    const w = t.shape[ax]! * inner;
    offsets.push(colOff);
    for (let o = 0; o < outer; o++) y.set(t.data.subarray(o * w, (o + 1) * w), o * rowOut + colOff);
    colOff += w;
  }
  return makeResult('concat', y, outShape, tensors, (out) => {
    const g = out.grad!;
    tensors.forEach((t, ti) => {
      if (!t.requiresGrad) return;
      const w = t.shape[ax]! * inner, gt = gradOf(t), c0 = offsets[ti]!;
      for (let o = 0; o < outer; o++) {
        const src = o * rowOut + c0, dst = o * w;
        for (let j = 0; j < w; j++) gt[dst + j] = gt[dst + j]! + g[src + j]!;
      }
    });
  });
}

/** Elements `start ≤ i < end` along `axis` (a copy). */
export function slice(a: Tensor, axis: number, start: number, end: number): Tensor {
  const ax = normalizeAxis('slice', axis, a.rank, a.shape);
  const len = a.shape[ax]!;
  if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end > len || start > end) {
    throw new RangeError(`slice: need integers 0 <= start <= end <= ${len} on axis ${ax} of ${formatShape(a.shape)}, got start=${start}, end=${end}`);
  }
  let outer = 1, inner = 1;
  for (let i = 0; i < ax; i++) outer *= a.shape[i]!;
  for (let i = ax + 1; i < a.rank; i++) inner *= a.shape[i]!;
  const outShape = [...a.shape];
  outShape[ax] = end - start;
  const w = (end - start) * inner, rowIn = len * inner, c0 = start * inner;
  const y = allocUninit(outer * w), x = a.data;
  for (let o = 0; o < outer; o++) y.set(x.subarray(o * rowIn + c0, o * rowIn + c0 + w), o * w);
  return makeResult('slice', y, outShape, [a], (out) => {
    const g = out.grad!, ga = gradOf(a);
    for (let o = 0; o < outer; o++) {
      const src = o * w, dst = o * rowIn + c0;
      for (let j = 0; j < w; j++) ga[dst + j] = ga[dst + j]! + g[src + j]!;
    }
  });
}

/** Rows `indices` of a [n, …] tensor, in order (repeats allowed): out[i] = a[indices[i]]. */
export function gatherRows(a: Tensor, indices: ArrayLike<number>): Tensor {
  if (a.rank < 1) throw new RangeError(`gatherRows: need a tensor of rank >= 1, got ${formatShape(a.shape)}`);
  const n = a.shape[0]!, w = a.size / Math.max(n, 1), k = indices.length;
  const idx = new Int32Array(k);
  for (let i = 0; i < k; i++) {
    const r = indices[i]!;
    if (!Number.isInteger(r) || r < 0 || r >= n) throw new RangeError(`gatherRows: indices[${i}] = ${r} is outside [0, ${n - 1}]`);
    idx[i] = r;
  }
  const y = allocUninit(k * w), x = a.data;
  for (let i = 0; i < k; i++) y.set(x.subarray(idx[i]! * w, idx[i]! * w + w), i * w);
  return makeResult('gatherRows', y, [k, ...a.shape.slice(1)], [a], (out) => {
    const g = out.grad!, ga = gradOf(a);
    for (let i = 0; i < k; i++) {
      const dst = idx[i]! * w, src = i * w;
      for (let j = 0; j < w; j++) ga[dst + j] = ga[dst + j]! + g[src + j]!;
    }
  });
}

/**
 * Picks values along `axis` by index, `torch.gather(a, axis, index)`: `index` has a's rank and
 * holds integers in [0, a.shape[axis]); its other extents may be at most a's; the output has
 * index's shape, with (rank 2 shown)
 *   axis 0: out[i][j] = a[index[i][j]][j],   axis 1: out[i][j] = a[i][index[i][j]].
 * DQN's Q(s, a) pick is `gather(q [B,A], 1, actions [B,1])` → [B,1].
 * `index` takes no gradient (its values are positions). Backward is a scatter-add: each output
 * gradient is added to the element it was read from, so an element picked twice gets both.
 */
export function gather(a: Tensor, axis: number, index: Tensor): Tensor {
  const ax = normalizeAxis('gather', axis, a.rank, a.shape);
  const rank = a.rank;
  if (index.rank !== rank || index.shape.some((d, i) => i !== ax && d > a.shape[i]!)) {
    throw new RangeError(`gather: index ${formatShape(index.shape)} must have the rank of a ${formatShape(a.shape)} and extents <= a's on every axis but ${ax}`);
  }
  const len = a.shape[ax]!, n = index.size, iv = index.data, aStrides = stridesOf(a.shape);
  const src = new Int32Array(n); // src[i] = a's flat index read by output element i
  const idx = new Array<number>(rank).fill(0);
  for (let i = 0; i < n; i++) {
    const v = iv[i]!;
    if (!Number.isInteger(v) || v < 0 || v >= len) {
      throw new RangeError(`gather: index value ${v} at [${idx.join(',')}] is outside [0, ${len - 1}] (axis ${ax} of ${formatShape(a.shape)}); indices must be integers`);
    }
    let off = 0;
    for (let d = 0; d < rank; d++) off += (d === ax ? v : idx[d]!) * aStrides[d]!;
    src[i] = off;
    for (let d = rank - 1; d >= 0; d--) {
      idx[d]!++;
      if (idx[d]! < index.shape[d]!) break;
      idx[d] = 0;
    }
  }
  const x = a.data, y = allocUninit(n);
  for (let i = 0; i < n; i++) y[i] = x[src[i]!]!;
  return makeResult('gather', y, [...index.shape], [a], (out) => {
    const g = out.grad!, ga = gradOf(a);
    for (let i = 0; i < n; i++) { const k = src[i]!; ga[k] = ga[k]! + g[i]!; }
  });
}

/** One-hot rows: [k] integer indices → [k, depth] of 0/1 (not differentiable). */
export function oneHot(indices: ArrayLike<number>, depth: number): Tensor {
  if (!Number.isInteger(depth) || depth < 1) throw new RangeError(`oneHot: depth must be an integer >= 1, got ${depth}`);
  const k = indices.length, y = allocZeros(k * depth);
  for (let i = 0; i < k; i++) {
    const c = indices[i]!;
    if (!Number.isInteger(c) || c < 0 || c >= depth) throw new RangeError(`oneHot: indices[${i}] = ${c} is outside [0, ${depth - 1}]`);
    y[i * depth + c] = 1;
  }
  return new Tensor(y, [k, depth]);
}
