// Fused affine layer + activation: y = act(x·W + b), with x [B×in], W [in×out], b [out].
// One forward pass and a hand-written backward instead of matmul → add → activation (three
// graph nodes, two intermediate buffers). Gradient-checked against the composed ops in tests.
//   dz = g ⊙ act'(y);  dW += xᵀ·dz;  db += Σ_rows dz;  dx += dz·Wᵀ.

import { allocUninit } from '../buffers.js';
import { gemmNN, gemmNT, gemmTN } from '../kernels.js';
import { formatShape } from '../shape.js';
import { gradOf, makeResult, type Tensor } from '../tensor.js';
import { sigmoidScalar } from './unary.js';

/** Activations the fused kernel knows. `leakyRelu` uses slope 0.01 (PyTorch's default). */
export type Activation = 'identity' | 'relu' | 'tanh' | 'sigmoid' | 'leakyRelu';

export const ACTIVATIONS: readonly Activation[] = ['identity', 'relu', 'tanh', 'sigmoid', 'leakyRelu'];
const LEAKY_SLOPE = 0.01;

function applyActivation(act: Activation, y: Float64Array, n: number): void {
  switch (act) {
    case 'identity': return;
    case 'relu': for (let i = 0; i < n; i++) { const v = y[i]!; y[i] = v > 0 || v !== v ? v : 0; } return; // NaN stays NaN, as relu()
    case 'tanh': for (let i = 0; i < n; i++) y[i] = Math.tanh(y[i]!); return;
    case 'sigmoid': for (let i = 0; i < n; i++) y[i] = sigmoidScalar(y[i]!); return;
    case 'leakyRelu': for (let i = 0; i < n; i++) { const v = y[i]!; y[i] = v > 0 ? v : LEAKY_SLOPE * v; } return;
  }
}

/** dz = g ⊙ act'(y), the derivative written from the output y. */
function activationGrad(act: Activation, g: Float64Array, y: Float64Array, dz: Float64Array, n: number): void {
  switch (act) {
    case 'identity': for (let i = 0; i < n; i++) dz[i] = g[i]!; return;
    case 'relu': for (let i = 0; i < n; i++) dz[i] = y[i]! > 0 ? g[i]! : 0; return;
    case 'tanh': for (let i = 0; i < n; i++) { const v = y[i]!; dz[i] = g[i]! * (1 - v * v); } return;
    case 'sigmoid': for (let i = 0; i < n; i++) { const v = y[i]!; dz[i] = g[i]! * v * (1 - v); } return;
    case 'leakyRelu': for (let i = 0; i < n; i++) dz[i] = y[i]! > 0 ? g[i]! : LEAKY_SLOPE * g[i]!; return;
  }
}

export function linear(x: Tensor, W: Tensor, b: Tensor | null, activation: Activation = 'identity'): Tensor {
  if (x.rank !== 2 || W.rank !== 2 || x.shape[1] !== W.shape[0] || (b !== null && (b.rank !== 1 || b.shape[0] !== W.shape[1]))) {
    throw new RangeError(`linear: expected x [B,in], W [in,out], b [out], got x ${formatShape(x.shape)}, W ${formatShape(W.shape)}, b ${b === null ? 'none' : formatShape(b.shape)}`);
  }
  if (!ACTIVATIONS.includes(activation)) {
    throw new RangeError(`linear: activation must be one of ${ACTIVATIONS.join(', ')}, got '${String(activation)}'`);
  }
  const rows = x.shape[0]!, nIn = x.shape[1]!, nOut = W.shape[1]!, n = rows * nOut;
  const y = allocUninit(n);
  if (b !== null) {
    const bd = b.data;
    for (let r = 0; r < rows; r++) y.set(bd, r * nOut);
  } else {
    y.fill(0);
  }
  gemmNN(x.data, W.data, y, rows, nIn, nOut);
  applyActivation(activation, y, n);
  const inputs = b === null ? [x, W] : [x, W, b];
  return makeResult(`linear:${activation}`, y, [rows, nOut], inputs, (out) => {
    const dz = allocUninit(n);
    activationGrad(activation, out.grad!, out.data, dz, n);
    if (W.requiresGrad) gemmTN(x.data, dz, gradOf(W), rows, nIn, nOut);
    if (b !== null && b.requiresGrad) {
      const gb = gradOf(b);
      for (let r = 0; r < rows; r++) {
        const o = r * nOut;
        for (let j = 0; j < nOut; j++) gb[j] = gb[j]! + dz[o + j]!;
      }
    }
    if (x.requiresGrad) gemmNT(dz, W.data, gradOf(x), rows, nOut, nIn);
  });
}
