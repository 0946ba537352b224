// Regression losses as fused scalar ops with hand-written backward (one graph node each,
// gradient-checked and compared with the composed ops in test/nn/losses.test.ts). Both reduce by
// the mean over all n elements, and both give gradients to pred AND target (detach the target,
// or build it under noGrad, as TD targets are).
//   mse:   L = (1/n) Σ eᵢ²,  e = pred − target;  ∂L/∂pred = 2e/n,  ∂L/∂target = −2e/n.
//   huber: torch.nn.HuberLoss(delta) semantics, per element
//            ℓ(e) = ½e²            if |e| < δ
//                   δ(|e| − ½δ)    otherwise        (continuous, C¹ at |e| = δ)
//          L = (1/n) Σ ℓ(eᵢ);  ∂ℓ/∂e = e if |e| < δ else δ·sign(e).
//          Equals smooth_l1_loss(beta = δ) multiplied by δ (the two coincide for δ = 1).
//
// Pitfall: pred and target must have IDENTICAL shapes. Broadcasting a critic output [B,1] against
// a target [B] would silently give a [B,B] loss; here it throws and names both shapes.

import { allocUninit, formatShape, gradOf, makeResult, shapesEqual, type Tensor } from '../tensor/index.js';
import { checkNumber } from './validate.js';

function checkPair(fn: string, pred: Tensor, target: Tensor): void {
  if (!shapesEqual(pred.shape, target.shape)) {
    throw new RangeError(`${fn}: pred ${formatShape(pred.shape)} and target ${formatShape(target.shape)} must have the same shape (no broadcasting)`);
  }
}

/** Mean squared error `mean((pred − target)²)`, a scalar tensor. NaN for empty inputs. */
export function mseLoss(pred: Tensor, target: Tensor): Tensor {
  checkPair('mseLoss', pred, target);
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
 * Huber loss with threshold `delta` (> 0, finite; default 1), mean over elements, PyTorch
 * `HuberLoss(delta=delta)` semantics (see the file header). A scalar tensor.
 */
export function huberLoss(pred: Tensor, target: Tensor, delta = 1): Tensor {
  checkPair('huberLoss', pred, target);
  checkNumber('huberLoss', 'delta', delta, 'a finite number > 0', (x) => Number.isFinite(x) && x > 0);
  const n = pred.size, p = pred.data, t = target.data, halfDelta = 0.5 * delta;
  let s = 0;
  for (let i = 0; i < n; i++) {
    const e = p[i]! - t[i]!, a = Math.abs(e);
    s += a < delta ? 0.5 * e * e : delta * (a - halfDelta);
  }
  const y = allocUninit(1);
  y[0] = s / n;
  const dl = (e: number): number => (Math.abs(e) < delta ? e : e > 0 ? delta : e < 0 ? -delta : e);
  return makeResult('huberLoss', y, [], [pred, target], (out) => {
    const c = out.grad![0]! / n;
    if (pred.requiresGrad) { const g = gradOf(pred); for (let i = 0; i < n; i++) g[i] = g[i]! + c * dl(p[i]! - t[i]!); }
    if (target.requiresGrad) { const g = gradOf(target); for (let i = 0; i < n; i++) g[i] = g[i]! - c * dl(p[i]! - t[i]!); }
  });
}
