// Element-wise binary ops with NumPy broadcasting. Each row: forward f(a, b) and the local
// derivatives ∂z/∂a, ∂z/∂b written from a, b and z. Backward sums g·∂z/∂a over the broadcast
// axes of a (and likewise for b), so a bias broadcast over a batch receives the batch sum.

import { allocUninit } from '../buffers.js';
import { broadcastShapes } from '../shape.js';
import { gradOf, makeResult, scalar, Tensor } from '../tensor.js';
import { indexMap, mapIndex } from './broadcast.js';
import { log as mathLog, pow as mathPow } from '../../math/index.js';

type BinaryFn = (a: number, b: number) => number;
type BinaryDeriv = (a: number, b: number, z: number) => number;

/** A tensor, or a number promoted to a scalar tensor. */
export type TensorLike = Tensor | number;

export function asTensor(x: TensorLike): Tensor {
  return typeof x === 'number' ? scalar(x) : x;
}

function defineBinary(name: string, f: BinaryFn, da: BinaryDeriv, db: BinaryDeriv): (a: TensorLike, b: TensorLike) => Tensor {
  return (aIn: TensorLike, bIn: TensorLike): Tensor => {
    const a = asTensor(aIn), b = asTensor(bIn);
    const shape = broadcastShapes(name, a.shape, b.shape);
    const ma = indexMap(a.shape, shape), mb = indexMap(b.shape, shape);
    const x = a.data, y = b.data;
    const n = ma.kind === 'same' ? a.size : mb.kind === 'same' ? b.size : shapeOf(shape);
    const z = allocUninit(n);
    if (ma.kind === 'same' && mb.kind === 'same') {
      for (let i = 0; i < n; i++) z[i] = f(x[i]!, y[i]!);
    } else if (ma.kind === 'same' && mb.kind === 'scalar') {
      const yv = y[0]!;
      for (let i = 0; i < n; i++) z[i] = f(x[i]!, yv);
    } else {
      for (let i = 0; i < n; i++) z[i] = f(x[mapIndex(ma, i)]!, y[mapIndex(mb, i)]!);
    }
    return makeResult(name, z, shape, [a, b], (out) => {
      const g = out.grad!, zz = out.data;
      if (a.requiresGrad) {
        const ga = gradOf(a);
        for (let i = 0; i < n; i++) {
          const ia = mapIndex(ma, i);
          ga[ia] = ga[ia]! + g[i]! * da(x[ia]!, y[mapIndex(mb, i)]!, zz[i]!);
        }
      }
      if (b.requiresGrad) {
        const gb = gradOf(b);
        for (let i = 0; i < n; i++) {
          const ib = mapIndex(mb, i);
          gb[ib] = gb[ib]! + g[i]! * db(x[mapIndex(ma, i)]!, y[ib]!, zz[i]!);
        }
      }
    });
  };
}

function shapeOf(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** a + b. */
export const add = defineBinary('add', (a, b) => a + b, () => 1, () => 1);
/** a − b. */
export const sub = defineBinary('sub', (a, b) => a - b, () => 1, () => -1);
/** a · b. */
export const mul = defineBinary('mul', (a, b) => a * b, (_a, b) => b, (a) => a);
/** a / b; ∂/∂a = 1/b, ∂/∂b = −a/b². */
export const div = defineBinary('div', (a, b) => a / b, (_a, b) => 1 / b, (a, b) => -a / (b * b));
/**
 * max(a, b) element-wise. Ties split the gradient evenly (½ to each), so the gradient is the
 * mean of the one-sided derivatives there. A NaN in either operand gives NaN (as NumPy, PyTorch).
 */
export const maximum = defineBinary(
  'maximum',
  (a, b) => (a >= b || a !== a ? a : b),
  (a, b) => (a > b ? 1 : a === b ? 0.5 : 0),
  (a, b) => (b > a ? 1 : a === b ? 0.5 : 0),
);
/** min(a, b) element-wise; ties split the gradient evenly. A NaN in either operand gives NaN. */
export const minimum = defineBinary(
  'minimum',
  (a, b) => (a <= b || a !== a ? a : b),
  (a, b) => (a < b ? 1 : a === b ? 0.5 : 0),
  (a, b) => (b < a ? 1 : a === b ? 0.5 : 0),
);

/**
 * aᵖ element-wise with a TENSOR exponent p (broadcast with a); reached through `pow(a, p)` of
 * ops/unary.ts when p is a tensor. Forward is lib/math's `pow` (fdlibm's, the same bits on every engine). Derivatives (PyTorch's conventions):
 *   ∂/∂a = p·aᵖ⁻¹, and 0 wherever p = 0 (also at a = 0, where 0·0⁻¹ would be NaN);
 *   ∂/∂p = aᵖ·ln a, and 0 where a = 0 and p ≥ 0 (the limit of aᵖ·ln a as a → 0⁺ for p > 0).
 * Base ≤ 0: a < 0 with a non-integer p gives NaN (no real power), and ∂/∂p is NaN for every a < 0
 * (ln a is undefined, even where aᵖ is real); 0 raised to p < 0 is +Infinity, with ∂/∂a infinite.
 * Use `withFiniteCheck` to find where such values first appear.
 */
export const powTensor = defineBinary(
  'pow',
  mathPow,
  (a, b) => (b === 0 ? 0 : b * mathPow(a, b - 1)),
  (a, b, z) => (a === 0 && b >= 0 ? 0 : z * mathLog(a)),
);

/**
 * Element-wise select: `cond ≠ 0 ? a : b`, all three broadcast together. `cond` takes no
 * gradient; a receives g where cond holds, b where it does not.
 */
export function where(cond: Tensor, aIn: TensorLike, bIn: TensorLike): Tensor {
  const a = asTensor(aIn), b = asTensor(bIn);
  const shape = broadcastShapes('where', broadcastShapes('where', cond.shape, a.shape), b.shape);
  const mc = indexMap(cond.shape, shape), ma = indexMap(a.shape, shape), mb = indexMap(b.shape, shape);
  const n = shapeOf(shape), c = cond.data, x = a.data, y = b.data;
  const z = allocUninit(n);
  for (let i = 0; i < n; i++) z[i] = c[mapIndex(mc, i)]! !== 0 ? x[mapIndex(ma, i)]! : y[mapIndex(mb, i)]!;
  return makeResult('where', z, shape, [a, b], (out) => {
    const g = out.grad!;
    if (a.requiresGrad) {
      const ga = gradOf(a);
      for (let i = 0; i < n; i++) if (c[mapIndex(mc, i)]! !== 0) { const k = mapIndex(ma, i); ga[k] = ga[k]! + g[i]!; }
    }
    if (b.requiresGrad) {
      const gb = gradOf(b);
      for (let i = 0; i < n; i++) if (c[mapIndex(mc, i)]! === 0) { const k = mapIndex(mb, i); gb[k] = gb[k]! + g[i]!; }
    }
  });
}
