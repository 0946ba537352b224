// mseLoss and huberLoss: values by hand, equality with the composed ops, finite-difference
// gradient checks (both Huber regimes), gradients to the target, and the no-broadcast rule.

import { describe, expect, it } from 'vitest';
import { abs, addScalar, assertGradCheck, mean, mul, randn, scale, sub, tensor, where, fromData, type Tensor } from '../../lib/tensor/index.js';
import { fromSeed } from '../../lib/random/index.js';
import { huberLoss, mseLoss } from '../../lib/nn/index.js';
import { expectClose } from './helpers.js';

/** Huber from primitives: where(|e| < δ, ½e², δ(|e| − ½δ)), then the mean. */
function huberComposed(p: Tensor, t: Tensor, delta: number): Tensor {
  const e = sub(p, t), a = abs(e);
  const cond = fromData(a.data.map((v) => (v < delta ? 1 : 0)), a.shape);
  return mean(where(cond, scale(mul(e, e), 0.5), scale(addScalar(a, -0.5 * delta), delta)));
}

describe('mseLoss', () => {
  it('by hand: pred [1,2,3], target [0,2,5]', () => {
    const p = tensor([1, 2, 3], { requiresGrad: true }), t = tensor([0, 2, 5], { requiresGrad: true });
    const l = mseLoss(p, t);
    // e = [1, 0, −2]; Σe² = 1 + 0 + 4 = 5; L = 5/3
    expect(l.shape).toEqual([]);
    expect(l.item()).toBe(5 / 3);
    l.backward();
    // ∂L/∂p = 2e/3 = [2/3, 0, −4/3]; ∂L/∂t = −∂L/∂p
    expectClose(p.grad!, [2 / 3, 0, -4 / 3], 1e-15);
    expectClose(t.grad!, [-2 / 3, 0, 4 / 3], 1e-15);
  });

  it('equals mean((p − t)²) from primitives and passes a gradient check', () => {
    const rng = fromSeed(31);
    const p = randn([6, 2], rng, 0, 1, { requiresGrad: true }), t = randn([6, 2], rng, 0, 1, { requiresGrad: true });
    const d = sub(p, t);
    expect(Math.abs(mseLoss(p, t).item() - mean(mul(d, d)).item())).toBeLessThan(1e-15);
    assertGradCheck((a, b) => mseLoss(a!, b!), [p, t], { tolerance: 1e-8 });
  });

  it('refuses to broadcast [B,1] against [B] and names both shapes', () => {
    expect(() => mseLoss(tensor([[1], [2]]), tensor([1, 2]))).toThrow('mseLoss: pred [2,1] and target [2] must have the same shape (no broadcasting)');
  });
});

describe('huberLoss (torch.nn.HuberLoss semantics)', () => {
  it('by hand, δ = 1: quadratic inside, linear outside', () => {
    const p = tensor([0, 0.5, 3, -2], { requiresGrad: true }), t = tensor([0, 0, 0, 0]);
    const l = huberLoss(p, t);
    // |e| = [0, 0.5, 3, 2]; ℓ = [0, ½·0.25, 1·(3 − 0.5), 1·(2 − 0.5)] = [0, 0.125, 2.5, 1.5]; Σ = 4.125; L = 4.125/4
    expect(l.item()).toBe(1.03125);
    l.backward();
    // ∂ℓ/∂e = [0, 0.5, +δ, −δ]; divided by n = 4
    expect(Array.from(p.grad!)).toEqual([0, 0.125, 0.25, -0.25]);
  });

  it('by hand, δ = 2', () => {
    const p = tensor([1, -3], { requiresGrad: true }), t = tensor([0, 0]);
    const l = huberLoss(p, t, 2);
    // e = [1, −3]: ℓ = [½·1, 2·(3 − 1)] = [0.5, 4]; L = 4.5/2 = 2.25; ∂L/∂p = [1, −2]/2
    expect(l.item()).toBe(2.25);
    l.backward();
    expect(Array.from(p.grad!)).toEqual([0.5, -1]);
  });

  it('is continuous at |e| = δ (both branches give ½δ²)', () => {
    const at = huberLoss(tensor([1.5]), tensor([0]), 1.5).item();
    expect(at).toBe(0.5 * 1.5 * 1.5);
    const below = huberLoss(tensor([1.5 - 1e-9]), tensor([0]), 1.5).item();
    expect(Math.abs(at - below)).toBeLessThan(2e-9);
  });

  it('matches the composed ops and passes gradient checks in both regimes', () => {
    const rng = fromSeed(32);
    // errors spread over ±4 so that, with δ = 1, both regimes are hit; none within 1e-3 of the kink
    const p = randn([8, 3], rng, 0, 2, { requiresGrad: true }), t = randn([8, 3], rng, 0, 1, { requiresGrad: true });
    const e = p.data.map((v, i) => Math.abs(v - t.data[i]!));
    expect(e.some((v) => v < 1) && e.some((v) => v > 1)).toBe(true);
    expect(e.every((v) => Math.abs(v - 1) > 1e-3)).toBe(true);
    for (const delta of [1, 0.7]) {
      expect(Math.abs(huberLoss(p, t, delta).item() - huberComposed(p, t, delta).item())).toBeLessThan(1e-14);
      assertGradCheck((a, b) => huberLoss(a!, b!, delta), [p, t], { tolerance: 1e-8 });
    }
  });

  it('validates delta and shapes', () => {
    expect(() => huberLoss(tensor([1]), tensor([1]), 0)).toThrow('huberLoss: delta must be a finite number > 0, got 0');
    expect(() => huberLoss(tensor([1, 2]), tensor([[1, 2]]))).toThrow('huberLoss: pred [2] and target [1,2] must have the same shape');
  });
});
