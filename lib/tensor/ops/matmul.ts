// Matrix product, torch.matmul's shapes up to rank 3:
//   [m,k] @ [k,n] → [m,n]                       (the 2-D case, its own path)
//   [B,m,k] @ [B,k,n] → [B,m,n]                 (batched; a batch extent of 1 broadcasts)
//   [B,m,k] @ [k,n] → [B,m,n], [m,k] @ [B,k,n] → [B,m,n]   (the 2-D side is shared by every batch)
//   [m,k] @ [k] → [m],  [k] @ [k,n] → [n],  [k] @ [k] → []  (a 1-D side is a row / column vector)
//   and [B,m,k] @ [k] → [B,m], [k] @ [B,k,n] → [B,n].
// Per batch b: C_b = A_b·B_b, dA_b = G_b·B_bᵀ, dB_b = A_bᵀ·G_b; a side shared by several batches
// (2-D, 1-D, or batch extent 1) accumulates the sum of their gradients.

import { allocZeros } from '../buffers.js';
import { activeGemm } from '../backend.js';
import { formatShape } from '../shape.js';
import { gradOf, makeResult, type Tensor } from '../tensor.js';

export function matmul(a: Tensor, b: Tensor): Tensor {
  if (a.rank !== 2 || b.rank !== 2) return matmulBatched(a, b);
  if (a.shape[1] !== b.shape[0]) throw shapeError(a, b);
  const m = a.shape[0]!, k = a.shape[1]!, n = b.shape[1]!;
  const c = allocZeros(m * n);
  const K = activeGemm(); // the backward uses the backend of the forward
  K.gemmNN(a.data, b.data, c, m, k, n);
  return makeResult('matmul', c, [m, n], [a, b], (out) => {
    const g = out.grad!;
    if (a.requiresGrad) K.gemmNT(g, b.data, gradOf(a), m, n, k);
    if (b.requiresGrad) K.gemmTN(a.data, g, gradOf(b), m, k, n);
  });
}

function shapeError(a: Tensor, b: Tensor): RangeError {
  return new RangeError(`matmul: expected [m,k] x [k,n] (or batched [B,m,k] x [B,k,n], or a 1-D [k] on either side), got ${formatShape(a.shape)} x ${formatShape(b.shape)}`);
}

function matmulBatched(a: Tensor, b: Tensor): Tensor {
  const ra = a.rank, rb = b.rank;
  if (ra < 1 || ra > 3 || rb < 1 || rb > 3) throw shapeError(a, b);
  // Each side as [batch, rows, cols]; a 1-D a is a row [1,k], a 1-D b a column [k,1].
  const ba = ra === 3 ? a.shape[0]! : 1, m = ra === 1 ? 1 : a.shape[ra - 2]!, k = a.shape[ra - 1]!;
  const bb = rb === 3 ? b.shape[0]! : 1, kb = rb === 1 ? b.shape[0]! : b.shape[rb - 2]!, n = rb === 1 ? 1 : b.shape[rb - 1]!;
  if (k !== kb || (ba !== bb && ba !== 1 && bb !== 1)) throw shapeError(a, b);
  const batch = Math.max(ba, bb);
  const sa = ba === 1 ? 0 : m * k, sb = bb === 1 ? 0 : k * n, sc = m * n;
  const shape: number[] = [];
  if (ra === 3 || rb === 3) shape.push(batch);
  if (ra !== 1) shape.push(m);
  if (rb !== 1) shape.push(n);
  const c = allocZeros(batch * sc);
  const K = activeGemm();
  for (let i = 0; i < batch; i++) {
    K.gemmNN(a.data.subarray(i * sa, i * sa + m * k), b.data.subarray(i * sb, i * sb + k * n), c.subarray(i * sc, (i + 1) * sc), m, k, n);
  }
  return makeResult('matmul', c, shape, [a, b], (out) => {
    const g = out.grad!;
    for (let i = 0; i < batch; i++) {
      const gi = g.subarray(i * sc, (i + 1) * sc);
      if (a.requiresGrad) K.gemmNT(gi, b.data.subarray(i * sb, i * sb + k * n), gradOf(a).subarray(i * sa, i * sa + m * k), m, n, k);
      if (b.requiresGrad) K.gemmTN(a.data.subarray(i * sa, i * sa + m * k), gi, gradOf(b).subarray(i * sb, i * sb + k * n), m, k, n);
    }
  });
}
