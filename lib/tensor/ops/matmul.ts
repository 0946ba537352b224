// Matrix product of two 2-D tensors: C[m×n] = A[m×k] · B[k×n].
// dA = G·Bᵀ, dB = Aᵀ·G.

import { allocZeros } from '../buffers.js';
import { gemmNN, gemmNT, gemmTN } from '../kernels.js';
import { formatShape } from '../shape.js';
import { gradOf, makeResult, type Tensor } from '../tensor.js';

export function matmul(a: Tensor, b: Tensor): Tensor {
  if (a.rank !== 2 || b.rank !== 2 || a.shape[1] !== b.shape[0]) {
    throw new RangeError(`matmul: expected [m,k] x [k,n], got ${formatShape(a.shape)} x ${formatShape(b.shape)}`);
  }
  const m = a.shape[0]!, k = a.shape[1]!, n = b.shape[1]!;
  const c = allocZeros(m * n);
  gemmNN(a.data, b.data, c, m, k, n);
  return makeResult('matmul', c, [m, n], [a, b], (out) => {
    const g = out.grad!;
    if (a.requiresGrad) gemmNT(g, b.data, gradOf(a), m, n, k);
    if (b.requiresGrad) gemmTN(a.data, g, gradOf(b), m, k, n);
  });
}
