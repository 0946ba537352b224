// mseLoss, huberLoss and smoothL1Loss: values by hand (every reduction), equality with the composed ops, finite-difference
// gradient checks (both Huber regimes), gradients to the target, and the no-broadcast rule.

import { describe, expect, it } from 'vitest';
import { abs, addScalar, assertGradCheck, mean, mul, randn, scale, sub, tensor, where, fromData, type Tensor } from '../../lib/tensor/index.js';
import { fromSeed } from '../../lib/random/index.js';
import { REDUCTIONS, huberLoss, mseLoss, smoothL1Loss, type Reduction } from '../../lib/nn/index.js';
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

describe("reduction: 'mean' | 'sum' | 'none' (PyTorch's names)", () => {
  it('mseLoss by hand: pred [1,2,3], target [0,2,5]', () => {
    // e = [1, 0, −2]; ℓ = e² = [1, 0, 4]; sum 5; mean 5/3
    const p = tensor([1, 2, 3], { requiresGrad: true }), t = tensor([0, 2, 5]);
    const none = mseLoss(p, t, { reduction: 'none' });
    expect(none.shape).toEqual([3]);
    expect(Array.from(none.data)).toEqual([1, 0, 4]);
    none.backward([1, 10, 100]); // ∂ℓᵢ/∂pᵢ = 2eᵢ, times the upstream: [2·1, 10·0, 100·(−4)]
    expect(Array.from(p.grad!)).toEqual([2, 0, -400]);
    p.grad = null;
    const s = mseLoss(p, t, { reduction: 'sum' });
    expect(s.shape).toEqual([]);
    expect(s.item()).toBe(5);
    s.backward();
    expect(Array.from(p.grad!)).toEqual([2, 0, -4]);
    expect(mseLoss(p, t, { reduction: 'mean' }).item()).toBe(5 / 3);
  });

  it("huberLoss by hand (δ = 2): 'none' and 'sum'; a bare number is still δ", () => {
    // e = [1, −3]: ℓ = [½·1, 2·(3 − 1)] = [0.5, 4]; sum 4.5; ∂ℓ/∂e = [1, −2]
    const p = tensor([1, -3], { requiresGrad: true }), t = tensor([0, 0]);
    expect(Array.from(huberLoss(p, t, { delta: 2, reduction: 'none' }).data)).toEqual([0.5, 4]);
    const s = huberLoss(p, t, { delta: 2, reduction: 'sum' });
    expect(s.item()).toBe(4.5);
    s.backward();
    expect(Array.from(p.grad!)).toEqual([1, -2]);
    expect(huberLoss(p, t, 2).item()).toBe(2.25);
    expect(huberLoss(p, t, { delta: 2 }).item()).toBe(2.25);
    expect(huberLoss(p, t, { reduction: 'sum' }).item()).toBe(0.5 + 1 * (3 - 0.5)); // δ defaults to 1
  });

  it("the default stays bit-identical to the explicit 'mean', values and gradients", () => {
    const rng = fromSeed(41);
    const p = randn([7, 3], rng, 0, 2, { requiresGrad: true }), t = randn([7, 3], rng);
    for (const [f, g] of [
      [(a: Tensor) => mseLoss(a, t), (a: Tensor) => mseLoss(a, t, { reduction: 'mean' })],
      [(a: Tensor) => huberLoss(a, t, 0.7), (a: Tensor) => huberLoss(a, t, { delta: 0.7, reduction: 'mean' })],
    ] as const) {
      p.grad = null;
      const l1 = f(p);
      l1.backward();
      const g1 = p.grad!.slice();
      p.grad = null;
      const l2 = g(p);
      l2.backward();
      expect(l2.item()).toBe(l1.item());
      expect(Array.from(p.grad!)).toEqual(Array.from(g1));
    }
  });

  it("'sum' = n·'mean' and Σ 'none' = 'sum'; finite-difference checks for every reduction", () => {
    const rng = fromSeed(42);
    const p = randn([4, 3], rng, 0, 2, { requiresGrad: true }), t = randn([4, 3], rng, 0, 1, { requiresGrad: true });
    const e = p.data.map((v, i) => Math.abs(v - t.data[i]!));
    expect(e.every((v) => Math.abs(v - 1) > 1e-3 && Math.abs(v - 0.8) > 1e-3)).toBe(true); // away from the kinks
    const losses = [
      (a: Tensor, b: Tensor, reduction: Reduction) => mseLoss(a, b, { reduction }),
      (a: Tensor, b: Tensor, reduction: Reduction) => huberLoss(a, b, { delta: 1, reduction }),
      (a: Tensor, b: Tensor, reduction: Reduction) => smoothL1Loss(a, b, { beta: 0.8, reduction }),
    ];
    for (const loss of losses) {
      const mean = loss(p, t, 'mean').item(), sum = loss(p, t, 'sum').item();
      expect(Math.abs(sum - 12 * mean)).toBeLessThan(1e-13);
      expect(Math.abs(Array.from(loss(p, t, 'none').data).reduce((x, y) => x + y, 0) - sum)).toBeLessThan(1e-13);
      for (const r of REDUCTIONS) assertGradCheck((a, b) => loss(a!, b!, r), [p, t], { tolerance: 1e-8 });
    }
  });

  it('validates reduction and option keys, naming the field', () => {
    const a = tensor([1]);
    expect(() => mseLoss(a, a, { reduction: 'avg' as Reduction })).toThrow("mseLoss: reduction must be one of 'mean', 'sum', 'none', got \"avg\"");
    expect(() => huberLoss(a, a, { delta: 1, redution: 'sum' } as never)).toThrow("huberLoss: unknown options key 'redution'; allowed keys: delta, reduction");
    expect(() => huberLoss(a, a, { delta: -1 })).toThrow('huberLoss: delta must be a finite number > 0, got -1');
    expect(() => mseLoss(a, a, 2 as never)).toThrow('mseLoss: options must be an object { reduction? }, got 2');
    expect(() => smoothL1Loss(a, a, 'x' as never)).toThrow('smoothL1Loss: options must be a number (beta) or an object { beta?, reduction? }, got "x"');
  });
});

describe('smoothL1Loss (torch.nn.SmoothL1Loss semantics)', () => {
  it('by hand, β = 2: ½e²/β inside, |e| − ½β outside', () => {
    // e = [1, −3, 0]: ℓ = [½·1/2, 3 − 1, 0] = [0.25, 2, 0]; mean 2.25/3 = 0.75
    const p = tensor([1, -3, 0], { requiresGrad: true }), t = tensor([0, 0, 0]);
    const l = smoothL1Loss(p, t, 2);
    expect(l.item()).toBe(0.75);
    l.backward();
    // ∂ℓ/∂e = [e/β, sign(e), 0/β] = [0.5, −1, 0]; divided by n = 3
    expect(Array.from(p.grad!)).toEqual([0.5 / 3, -1 / 3, 0]);
    expect(Array.from(smoothL1Loss(p, t, { beta: 2, reduction: 'none' }).data)).toEqual([0.25, 2, 0]);
  });

  it('β = 1 (the default) equals Huber with δ = 1; β = 0 is the L1 loss', () => {
    const p = tensor([0.5, -2, 3]), t = tensor([0, 0, 1]);
    // e = [0.5, −2, 2]: ℓ = [0.125, 1.5, 1.5]
    expect(smoothL1Loss(p, t).item()).toBe(huberLoss(p, t).item());
    expect(smoothL1Loss(p, t).item()).toBe(3.125 / 3);
    // β = 0: ℓ = |e| = [0.5, 2, 2]; gradient sign(e), 0 at e = 0
    const q = tensor([0.5, -2, 0], { requiresGrad: true });
    const l1 = smoothL1Loss(q, tensor([0, 0, 0]), { beta: 0, reduction: 'sum' });
    expect(l1.item()).toBe(2.5);
    l1.backward();
    expect(Array.from(q.grad!)).toEqual([1, -1, 0]);
  });

  it('huberLoss(δ = β) = β · smoothL1Loss(β), per element and reduced, values and gradients', () => {
    const rng = fromSeed(43);
    const p = randn([6, 2], rng, 0, 3, { requiresGrad: true }), t = randn([6, 2], rng);
    for (const beta of [0.25, 1, 2.5]) {
      for (const reduction of REDUCTIONS) {
        const h = huberLoss(p, t, { delta: beta, reduction }), s = smoothL1Loss(p, t, { beta, reduction });
        expectClose(h.data, Array.from(s.data, (v) => beta * v), 1e-12);
        const up = Float64Array.from({ length: h.size }, (_, i) => 1 + i);
        p.grad = null;
        h.backward(up);
        const gh = p.grad!.slice();
        p.grad = null;
        s.backward(up);
        expectClose(gh, Array.from(p.grad!, (v) => beta * v), 1e-12);
      }
    }
  });

  it('matches the composed ops (Huber from primitives divided by β)', () => {
    const rng = fromSeed(44);
    const p = randn([5, 3], rng, 0, 2), t = randn([5, 3], rng);
    const beta = 0.6;
    expect(Math.abs(smoothL1Loss(p, t, beta).item() - huberComposed(p, t, beta).item() / beta)).toBeLessThan(1e-14);
  });

  it('validates beta and shapes', () => {
    expect(() => smoothL1Loss(tensor([1]), tensor([1]), -0.1)).toThrow('smoothL1Loss: beta must be a finite number >= 0, got -0.1');
    expect(() => smoothL1Loss(tensor([1]), tensor([1]), Infinity)).toThrow('smoothL1Loss: beta must be a finite number >= 0, got Infinity');
    expect(() => smoothL1Loss(tensor([1, 2]), tensor([[1, 2]]))).toThrow('smoothL1Loss: pred [2] and target [1,2] must have the same shape');
  });
});
