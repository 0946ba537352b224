// Element-wise unary ops. Each row of the table is one primitive: its forward f(x) and its local
// derivative dy/dx written from x and y = f(x). Backward: dx += g · dy/dx.

import { allocUninit } from '../buffers.js';
import { gradOf, makeResult, type Tensor } from '../tensor.js';
import { asTensor, powTensor, type TensorLike } from './binary.js';
import { exp as mathExp, log as mathLog, log1p as mathLog1p, pow as mathPow, tanh as mathTanh } from '../../math/index.js';

type UnaryFn = (x: number) => number;
type UnaryDeriv = (x: number, y: number) => number;

function defineUnary(name: string, f: UnaryFn, df: UnaryDeriv): (a: Tensor) => Tensor {
  return (a: Tensor): Tensor => {
    const n = a.size, x = a.data, y = allocUninit(n);
    for (let i = 0; i < n; i++) y[i] = f(x[i]!);
    return makeResult(name, y, a.shape, [a], (out) => {
      const g = out.grad!, gx = gradOf(a), yy = out.data;
      for (let i = 0; i < n; i++) gx[i] = gx[i]! + g[i]! * df(x[i]!, yy[i]!);
    });
  };
}

/** −x. */
export const neg = defineUnary('neg', (x) => -x, () => -1);
/** eˣ; d/dx = eˣ = y. */
export const exp = defineUnary('exp', mathExp, (_x, y) => y);
/** Natural log; d/dx = 1/x. log(0) = −Infinity, log(x<0) = NaN (as IEEE). */
export const log = defineUnary('log', mathLog, (x) => 1 / x);
/** √x; d/dx = 1/(2√x). */
export const sqrt = defineUnary('sqrt', Math.sqrt, (_x, y) => 0.5 / y);
/** |x|; d/dx = sign(x), 0 at 0 (PyTorch's choice). */
export const abs = defineUnary('abs', Math.abs, (x) => (x > 0 ? 1 : x < 0 ? -1 : 0));
/** tanh x; d/dx = 1 − y². */
export const tanh = defineUnary('tanh', mathTanh, (_x, y) => 1 - y * y);
/** σ(x) = 1/(1+e⁻ˣ), computed without overflow; d/dx = y(1−y). */
export const sigmoid = defineUnary('sigmoid', sigmoidScalar, (_x, y) => y * (1 - y));
/** max(x, 0); d/dx = 1 for x > 0, else 0 (0 at 0, as PyTorch). NaN stays NaN (as Math.max, PyTorch). */
export const relu = defineUnary('relu', (x) => (x > 0 || x !== x ? x : 0), (x) => (x > 0 ? 1 : 0));
/** softplus(x) = log(1 + eˣ), stable for large |x|; d/dx = σ(x). */
export const softplus = defineUnary('softplus', softplusScalar, (x) => sigmoidScalar(x));

/** Numerically stable logistic function. */
export function sigmoidScalar(x: number): number {
  if (x >= 0) return 1 / (1 + mathExp(-x));
  const e = mathExp(x);
  return e / (1 + e);
}

/** log(1 + eˣ) without overflow: max(x,0) + log1p(e^−|x|). */
export function softplusScalar(x: number): number {
  return (x > 0 ? x : 0) + mathLog1p(mathExp(-Math.abs(x)));
}

/** x for x > 0, slope·x otherwise (default slope 0.01, PyTorch's). */
export function leakyRelu(a: Tensor, slope = 0.01): Tensor {
  if (!Number.isFinite(slope)) throw new RangeError(`leakyRelu: slope must be a finite number, got ${slope}`);
  return defineUnary('leakyRelu', (x) => (x > 0 ? x : slope * x), (x) => (x > 0 ? 1 : slope))(a);
}

/**
 * aᵖ element-wise. With a NUMBER exponent p: d/da = p·aᵖ⁻¹ (0 for p = 0). With a TENSOR exponent
 * (broadcast against a; a may then be a number): gradients w.r.t. both base and exponent, see
 * `powTensor` in ops/binary.ts for the conventions at a ≤ 0 (NaN for a negative base with a
 * non-integer p, ∂/∂p = NaN for every negative base, ∂/∂p = 0 at a = 0 with p ≥ 0).
 */
export function pow(a: TensorLike, p: TensorLike): Tensor {
  if (typeof p !== 'number') return powTensor(a, p);
  if (!Number.isFinite(p)) throw new RangeError(`pow: exponent must be a finite number, got ${p}`);
  const base = asTensor(a);
  if (p === 2) return defineUnary('pow', (x) => x * x, (x) => 2 * x)(base);
  return defineUnary('pow', (x) => mathPow(x, p), (x) => (p === 0 ? 0 : p * mathPow(x, p - 1)))(base);
}

/**
 * Clamps to [lo, hi] (either bound may be ±Infinity). Gradient passes where lo ≤ x ≤ hi
 * (boundaries included, as PyTorch), 0 outside.
 */
export function clamp(a: Tensor, lo: number, hi: number): Tensor {
  if (Number.isNaN(lo) || Number.isNaN(hi) || lo > hi) throw new RangeError(`clamp: need lo <= hi (not NaN), got lo=${lo}, hi=${hi}`);
  return defineUnary('clamp', (x) => (x < lo ? lo : x > hi ? hi : x), (x) => (x >= lo && x <= hi ? 1 : 0))(a);
}

/** a · s for a scalar s. */
export function scale(a: Tensor, s: number): Tensor {
  return defineUnary('scale', (x) => x * s, () => s)(a);
}

/** a + s for a scalar s. */
export function addScalar(a: Tensor, s: number): Tensor {
  return defineUnary('addScalar', (x) => x + s, () => 1)(a);
}
