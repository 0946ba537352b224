// Regression losses as fused ops with hand-written backward (one graph node each, gradient-checked
// and compared with the composed ops in test/nn/losses.test.ts). All give gradients to pred AND
// target (detach the target, or build it under noGrad, as TD targets are). Per element, e = pred − target:
//   mse:      ℓ(e) = e²;  ∂ℓ/∂e = 2e.
//   huber:    torch.nn.HuberLoss(delta) semantics
//               ℓ(e) = ½e²            if |e| < δ
//                      δ(|e| − ½δ)    otherwise        (continuous, C¹ at |e| = δ)
//             ∂ℓ/∂e = e if |e| < δ else δ·sign(e).
//   smoothL1: torch.nn.SmoothL1Loss(beta) semantics
//               ℓ(e) = ½e²/β          if |e| < β
//                      |e| − ½β       otherwise        (β = 0: the L1 loss |e|)
//             ∂ℓ/∂e = e/β if |e| < β else sign(e).
//             huber(δ = β) = β · smoothL1(β) element by element: the two differ by a factor of β
//             (they coincide for β = δ = 1; Huber's slope far out is δ, smooth L1's is 1).
// Reduction (`reduction` option, PyTorch's names): 'mean' (default) L = (1/n) Σ ℓ(eᵢ), a scalar;
// 'sum' L = Σ ℓ(eᵢ), a scalar; 'none' the per-element ℓ(eᵢ) with pred's shape.
// The 'mean' paths of mse and huber are the original code, kept as they were so that every
// existing result (DDPG, TD3, MADDPG, DQN weights) stays bit-identical.
//
// Pitfall: pred and target must have IDENTICAL shapes. Broadcasting a critic output [B,1] against
// a target [B] would silently give a [B,B] loss; here it throws and names both shapes.

import { allocUninit, formatShape, gradOf, makeResult, shapesEqual, type Tensor } from '../tensor/index.js';
import { checkKeys, checkNumber, checkOneOf, fail } from './validate.js';

/** How a loss reduces its per-element values (PyTorch's `reduction`). */
export type Reduction = 'mean' | 'sum' | 'none';

/** The accepted reductions. */
export const REDUCTIONS: readonly Reduction[] = ['mean', 'sum', 'none'];

/** Options of {@link mseLoss}. */
export interface LossOptions {
  /** 'mean' (default): a scalar mean over all elements; 'sum': a scalar sum; 'none': pred's shape. */
  readonly reduction?: Reduction;
}

/** Options of {@link huberLoss}. */
export interface HuberLossOptions extends LossOptions {
  /** Threshold δ between the quadratic and linear parts: finite, > 0; default 1. */
  readonly delta?: number;
}

/** Options of {@link smoothL1Loss}. */
export interface SmoothL1LossOptions extends LossOptions {
  /** Threshold β: finite, >= 0 (0 gives the L1 loss); default 1. */
  readonly beta?: number;
}

function checkPair(fn: string, pred: Tensor, target: Tensor): void {
  if (!shapesEqual(pred.shape, target.shape)) {
    throw new RangeError(`${fn}: pred ${formatShape(pred.shape)} and target ${formatShape(target.shape)} must have the same shape (no broadcasting)`);
  }
}

/** Reads `{ reduction, [param] }` or a bare number for `param`; validates keys and reduction. */
function readOptions(fn: string, param: string | null, opts: unknown): { reduction: Reduction; value: number | undefined } {
  if (opts === undefined) return { reduction: 'mean', value: undefined };
  if (param !== null && typeof opts === 'number') return { reduction: 'mean', value: opts };
  if (typeof opts !== 'object' || opts === null) {
    fail(fn, 'options', param === null ? 'an object { reduction? }' : `a number (${param}) or an object { ${param}?, reduction? }`, opts, true);
  }
  checkKeys(fn, 'options', opts, param === null ? ['reduction'] : [param, 'reduction']);
  const o = opts as { reduction?: unknown } & Record<string, unknown>;
  const reduction = checkOneOf(fn, 'reduction', o.reduction ?? 'mean', REDUCTIONS);
  return { reduction, value: param === null ? undefined : (o[param] as number | undefined) };
}

/**
 * A loss from its per-element ℓ(e) and ℓ′(e), reduced by 'mean', 'sum' or 'none' (one graph node).
 * Pred gets g·ℓ′(e), target −g·ℓ′(e), with g the upstream gradient (divided by n for 'mean').
 */
function elementwiseLoss(fn: string, pred: Tensor, target: Tensor, reduction: Reduction, ell: (e: number) => number, dEll: (e: number) => number): Tensor {
  const n = pred.size, p = pred.data, t = target.data;
  if (reduction === 'none') {
    const y = allocUninit(n);
    for (let i = 0; i < n; i++) y[i] = ell(p[i]! - t[i]!);
    return makeResult(fn, y, pred.shape, [pred, target], (out) => {
      const g = out.grad!;
      if (pred.requiresGrad) { const gp = gradOf(pred); for (let i = 0; i < n; i++) gp[i] = gp[i]! + g[i]! * dEll(p[i]! - t[i]!); }
      if (target.requiresGrad) { const gt = gradOf(target); for (let i = 0; i < n; i++) gt[i] = gt[i]! - g[i]! * dEll(p[i]! - t[i]!); }
    });
  }
  let s = 0;
  for (let i = 0; i < n; i++) s += ell(p[i]! - t[i]!);
  const y = allocUninit(1);
  y[0] = reduction === 'mean' ? s / n : s;
  return makeResult(fn, y, [], [pred, target], (out) => {
    const c = reduction === 'mean' ? out.grad![0]! / n : out.grad![0]!;
    if (pred.requiresGrad) { const gp = gradOf(pred); for (let i = 0; i < n; i++) gp[i] = gp[i]! + c * dEll(p[i]! - t[i]!); }
    if (target.requiresGrad) { const gt = gradOf(target); for (let i = 0; i < n; i++) gt[i] = gt[i]! - c * dEll(p[i]! - t[i]!); }
  });
}

/**
 * Mean squared error `mean((pred − target)²)`, a scalar tensor (NaN for empty inputs); with
 * `{ reduction: 'sum' }` the sum, with `{ reduction: 'none' }` the squared errors in pred's shape.
 */
export function mseLoss(pred: Tensor, target: Tensor, options?: LossOptions): Tensor {
  checkPair('mseLoss', pred, target);
  const { reduction } = readOptions('mseLoss', null, options);
  if (reduction !== 'mean') return elementwiseLoss('mseLoss', pred, target, reduction, (e) => e * e, (e) => 2 * e);
  const n = pred.size, p = pred.data, t = target.data;
  let s = 0;
  for (let i = 0; i < n; i++) { const e = p[i]! - t[i]!; s += e * e; }
  const y = allocUninit(1);
  y[0] = s / n;
  return makeResult('mseLoss', y, [], [pred, target], (out) => {
    const c = (2 * out.grad![0]!) / n;
    if (pred.requiresGrad) { const g = gradOf(pred); for (let i = 0; i < n; i++) g[i] = g[i]! + c * (p[i]! - t[i]!); }
    if (target.requiresGrad) { const g = gradOf(target); for (let i = 0; i < n; i++) g[i] = g[i]! - c * (p[i]! - t[i]!); }
  });
}

/**
 * Huber loss with threshold δ, PyTorch `HuberLoss(delta, reduction)` semantics (see the file
 * header). The third argument is δ (a finite number > 0; default 1) or `{ delta?, reduction? }`;
 * the default reduction 'mean' gives a scalar.
 */
export function huberLoss(pred: Tensor, target: Tensor, deltaOrOptions: number | HuberLossOptions = 1): Tensor {
  checkPair('huberLoss', pred, target);
  const { reduction, value } = readOptions('huberLoss', 'delta', deltaOrOptions);
  const delta = value ?? 1;
  checkNumber('huberLoss', 'delta', delta, 'a finite number > 0', (x) => Number.isFinite(x) && x > 0);
  const halfDelta = 0.5 * delta;
  const dl = (e: number): number => (Math.abs(e) < delta ? e : e > 0 ? delta : e < 0 ? -delta : e);
  if (reduction !== 'mean') {
    return elementwiseLoss('huberLoss', pred, target, reduction, (e) => { const a = Math.abs(e); return a < delta ? 0.5 * e * e : delta * (a - halfDelta); }, dl);
  }
  const n = pred.size, p = pred.data, t = target.data;
  let s = 0;
  for (let i = 0; i < n; i++) {
    const e = p[i]! - t[i]!, a = Math.abs(e);
    s += a < delta ? 0.5 * e * e : delta * (a - halfDelta);
  }
  const y = allocUninit(1);
  y[0] = s / n;
  return makeResult('huberLoss', y, [], [pred, target], (out) => {
    const c = out.grad![0]! / n;
    if (pred.requiresGrad) { const g = gradOf(pred); for (let i = 0; i < n; i++) g[i] = g[i]! + c * dl(p[i]! - t[i]!); }
    if (target.requiresGrad) { const g = gradOf(target); for (let i = 0; i < n; i++) g[i] = g[i]! - c * dl(p[i]! - t[i]!); }
  });
}

/**
 * Smooth L1 loss with threshold β, PyTorch `SmoothL1Loss(beta, reduction)` semantics:
 * ½e²/β for |e| < β, |e| − ½β otherwise (see the file header; β = 0 is the L1 loss). Note
 * `huberLoss(p, t, β) = β · smoothL1Loss(p, t, β)`. The third argument is β (a finite number
 * >= 0; default 1) or `{ beta?, reduction? }`; the default reduction 'mean' gives a scalar.
 */
export function smoothL1Loss(pred: Tensor, target: Tensor, betaOrOptions: number | SmoothL1LossOptions = 1): Tensor {
  checkPair('smoothL1Loss', pred, target);
  const { reduction, value } = readOptions('smoothL1Loss', 'beta', betaOrOptions);
  const beta = value ?? 1;
  checkNumber('smoothL1Loss', 'beta', beta, 'a finite number >= 0', (x) => Number.isFinite(x) && x >= 0);
  const halfBeta = 0.5 * beta;
  return elementwiseLoss(
    'smoothL1Loss', pred, target, reduction,
    (e) => { const a = Math.abs(e); return a < beta ? (0.5 * e * e) / beta : a - halfBeta; },
    (e) => (Math.abs(e) < beta ? e / beta : e > 0 ? 1 : e < 0 ? -1 : e),
  );
}
