// Fused affine layer + activation: y = act(x·W + b), with x [B×in], W [in×out], b [out].
// One forward pass and a hand-written backward instead of matmul → add → activation (three
// graph nodes, two intermediate buffers). Gradient-checked against the composed ops in tests.
//   dz = g ⊙ act'(y);  dW += xᵀ·dz;  db += Σ_rows dz;  dx += dz·Wᵀ.
// x may also be given as column blocks [x_1 … x_k] (x = their concatenation along axis 1, e.g. a
// critic's [observations, actions]): the forward is the same, and the backward computes dx_j only
// for the blocks that require a gradient, dx_j += dz·W_jᵀ with W_j the rows of W for x_j's columns.
// An actor step through a critic of input 2 376 then skips dz·Wᵀ for the 2 366 columns nobody needs.
// Each dx_j element is the same sum, in the same order, as in the full dz·Wᵀ: bit-identical results.

import { activeGemm, resolveBackend, WASM_MIN_ROWS, type Backend } from '../backend.js';
import { allocUninit, allocZeros, type BufferPool } from '../buffers.js';
import { gemmNN } from '../kernels.js';
import { formatShape } from '../shape.js';
import { gradOf, makeResult, type Tensor } from '../tensor.js';
import { sigmoidScalar } from './unary.js';
import { activationPool, WASM_ACT, wasmLinearForward } from '../wasm/runtime.js';
import { tanh } from '../../math/index.js';

/** Activations the fused kernel knows. `leakyRelu` uses slope 0.01 (PyTorch's default). */
export type Activation = 'identity' | 'relu' | 'tanh' | 'sigmoid' | 'leakyRelu';

export const ACTIVATIONS: readonly Activation[] = ['identity', 'relu', 'tanh', 'sigmoid', 'leakyRelu'];
const LEAKY_SLOPE = 0.01;

function applyActivation(act: Activation, y: Float64Array, n: number): void {
  switch (act) {
    case 'identity': return;
    case 'relu': for (let i = 0; i < n; i++) { const v = y[i]!; y[i] = v > 0 || v !== v ? v : 0; } return; // NaN stays NaN, as relu()
    case 'tanh': for (let i = 0; i < n; i++) y[i] = tanh(y[i]!); return;
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

/** Joins column blocks [B, w_j] into one [B, Σw_j] buffer (the forward's x). */
function joinColumns(parts: readonly Tensor[], rows: number, nIn: number, pool: BufferPool | null): Float64Array {
  const x = allocUninit(rows * nIn, pool);
  let c0 = 0;
  for (const p of parts) {
    const w = p.shape[1]!, d = p.data;
    for (let r = 0; r < rows; r++) x.set(d.subarray(r * w, (r + 1) * w), r * nIn + c0);
    c0 += w;
  }
  return x;
}

function shapeError(xs: string, W: Tensor, b: Tensor | null): RangeError {
  return new RangeError(`linear: expected x [B,in] (or column blocks [B,w_j] with Σw_j = in), W [in,out], b [out], got ${xs}, W ${formatShape(W.shape)}, b ${b === null ? 'none' : formatShape(b.shape)}`);
}

/**
 * y = act(x·W + b). `x` is a [B, in] tensor, or a non-empty list of [B, w_j] column blocks whose
 * widths sum to `in` (see the file header: only the blocks that require a gradient get one computed).
 * `backend` runs this op (and its backward) on 'ts' or 'wasm' kernels; default: the active one
 * (`setBackend`). Both give the same bits.
 */
export function linear(x: Tensor | readonly Tensor[], W: Tensor, b: Tensor | null, activation: Activation = 'identity', backend?: Backend): Tensor {
  const be = resolveBackend(backend);
  if (Array.isArray(x)) return linearBlocks(x as readonly Tensor[], W, b, activation, be);
  const xt = x as Tensor;
  if (xt.rank !== 2 || W.rank !== 2 || xt.shape[1] !== W.shape[0] || (b !== null && (b.rank !== 1 || b.shape[0] !== W.shape[1]))) throw shapeError(`x ${formatShape(xt.shape)}`, W, b);
  return fused(xt.data, xt, null, xt.shape[0]!, W, b, activation, be);
}

function linearBlocks(parts: readonly Tensor[], W: Tensor, b: Tensor | null, activation: Activation, be: Backend): Tensor {
  const first = parts[0];
  let sumIn = 0, ok = first !== undefined && W.rank === 2 && (b === null || (b.rank === 1 && b.shape[0] === W.shape[1]));
  for (const p of parts) {
    if (p.rank !== 2 || p.shape[0] !== first!.shape[0]) ok = false;
    else sumIn += p.shape[1]!;
  }
  if (!ok || sumIn !== W.shape[0]) throw shapeError(`x blocks [${parts.map((p) => formatShape(p.shape)).join(', ')}]`, W, b);
  const rows = first!.shape[0]!;
  return parts.length === 1 ? fused(first!.data, first!, null, rows, W, b, activation, be) : fused(joinColumns(parts, rows, sumIn, poolFor(W, rows, be)), null, parts, rows, W, b, activation, be);
}

/**
 * Where the layer's buffers come from: on the wasm kernels, the activation pool of the arena W lies
 * in (lib/nn/arena.ts), so that they run on x, y, dz and dx in place; else the ordinary allocator.
 */
function poolFor(W: Tensor, rows: number, be: Backend): BufferPool | null {
  return be === 'wasm' && rows >= WASM_MIN_ROWS ? activationPool(W.data) : null;
}

/** The gradient buffer of an input; an op result's comes from `pool` (a leaf's never: it outlives arena runs, see gradOf). */
function inputGrad(t: Tensor, pool: BufferPool | null): Float64Array {
  if (t.grad === null && pool !== null && t.backwardFn !== null) t.grad = allocZeros(t.size, pool);
  return gradOf(t);
}

/** The fused op on x data `xd` [rows, in]: from one tensor `x`, or from column `blocks` (then x is null). */
function fused(xd: Float64Array, x: Tensor | null, blocks: readonly Tensor[] | null, rows: number, W: Tensor, b: Tensor | null, activation: Activation, be: Backend): Tensor {
  if (!ACTIVATIONS.includes(activation)) {
    throw new RangeError(`linear: activation must be one of ${ACTIVATIONS.join(', ')}, got '${String(activation)}'`);
  }
  const nIn = W.shape[0]!, nOut = W.shape[1]!, n = rows * nOut;
  const pool = poolFor(W, rows, be);
  const y = allocUninit(n, pool);
  const K = activeGemm(be); // the backward uses the backend of the forward
  if (be === 'wasm' && rows >= WASM_MIN_ROWS) {
    // bias, product and relu/leakyRelu in one wasm call; tanh/sigmoid after it, in TS as below
    const code = activation === 'relu' || activation === 'leakyRelu' ? WASM_ACT[activation] : WASM_ACT.identity;
    wasmLinearForward(xd, W.data, b === null ? null : b.data, y, rows, nIn, nOut, code);
    if (code === WASM_ACT.identity) applyActivation(activation, y, n);
  } else {
    if (b !== null) {
      const bd = b.data;
      for (let r = 0; r < rows; r++) y.set(bd, r * nOut);
    } else {
      y.fill(0);
    }
    gemmNN(xd, W.data, y, rows, nIn, nOut);
    applyActivation(activation, y, n);
  }
  const inputs = x !== null ? (b === null ? [x, W] : [x, W, b]) : b === null ? [...blocks!, W] : [...blocks!, W, b];
  return makeResult(`linear:${activation}`, y, [rows, nOut], inputs, (out) => {
    const dz = allocUninit(n, pool);
    activationGrad(activation, out.grad!, out.data, dz, n);
    if (W.requiresGrad) K.gemmTN(xd, dz, gradOf(W), rows, nIn, nOut);
    if (b !== null && b.requiresGrad) {
      const gb = gradOf(b);
      for (let r = 0; r < rows; r++) {
        const o = r * nOut;
        for (let j = 0; j < nOut; j++) gb[j] = gb[j]! + dz[o + j]!;
      }
    }
    if (x !== null) {
      if (x.requiresGrad) K.gemmNT(dz, W.data, inputGrad(x, pool), rows, nOut, nIn);
      return;
    }
    let c0 = 0;
    for (const p of blocks!) {
      const w = p.shape[1]!;
      if (p.requiresGrad) K.gemmNT(dz, W.data.subarray(c0 * nOut, (c0 + w) * nOut), inputGrad(p, pool), rows, nOut, w);
      c0 += w;
    }
  });
}
