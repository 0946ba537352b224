// Gumbel-Softmax: soft values by hand with fixed noise, hard = exact one-hot (first index on
// ties), straight-through gradient = soft gradient, gradient check, rng order, sampling frequencies.

import { describe, expect, it } from 'vitest';
import { assertGradCheck, noGrad, randn, tensor } from '../../lib/tensor/index.js';
import { fromSeed, gumbel } from '../../lib/random/index.js';
import { gumbelSoftmax, gumbelSoftmaxWithNoise } from '../../lib/nn/index.js';
import { expectClose } from './helpers.js';

// row 0: logits [1, 2, 0] + G [0.5, −0.5, 0.2] = [1.5, 1.5, 0.2]; /τ (0.5) = [3, 3, 0.4]  (a tie)
//   soft = [e³, e³, e^0.4] / (2e³ + e^0.4) = [0.48209648452489249696, 0.48209648452489249696, 0.035807030950215006083]
// row 1: logits [0.5, −1, 2] + G [−1, 0.25, 0.5] = [−0.5, −0.75, 2.5]; /τ = [−1, −1.5, 5]
//   soft = [e⁻¹, e^−1.5, e⁵]/Σ = [0.0024689204629066343251, 0.0014974759571447812147, 0.99603360357994858446]
const LOGITS = [[1, 2, 0], [0.5, -1, 2]];
const NOISE = tensor([[0.5, -0.5, 0.2], [-1, 0.25, 0.5]]);
const SOFT = [
  0.48209648452489249696, 0.48209648452489249696, 0.035807030950215006083,
  0.0024689204629066343251, 0.0014974759571447812147, 0.99603360357994858446,
];

describe('gumbelSoftmaxWithNoise', () => {
  it('soft: softmax((logits + G)/τ), by hand', () => {
    const y = gumbelSoftmaxWithNoise(tensor(LOGITS), NOISE, { temperature: 0.5 });
    expect(y.shape).toEqual([2, 3]);
    expectClose(y.data, SOFT, 1e-15);
  });

  it('hard: exactly one-hot of the argmax, the first index on a tie', () => {
    const y = gumbelSoftmaxWithNoise(tensor(LOGITS), NOISE, { temperature: 0.5, hard: true });
    expect(Array.from(y.data)).toEqual([1, 0, 0, 0, 0, 1]);
  });

  it('straight-through: the hard sample backpropagates exactly the soft sample\'s gradient', () => {
    const up = [1, 2, 3, -1, 0.5, 4];
    const a = tensor(LOGITS, { requiresGrad: true }), b = tensor(LOGITS, { requiresGrad: true });
    gumbelSoftmaxWithNoise(a, NOISE, { temperature: 0.5 }).backward(up);
    gumbelSoftmaxWithNoise(b, NOISE, { temperature: 0.5, hard: true }).backward(up);
    expect(Array.from(b.grad!)).toEqual(Array.from(a.grad!));
    // by hand for row 0: d logits = (1/τ)·y ⊙ (u − Σu⊙y); Σu⊙y = y₀·1 + y₁·2 + y₂·3
    const y = SOFT, dot = y[0]! * 1 + y[1]! * 2 + y[2]! * 3;
    expectClose(Array.from(a.grad!).slice(0, 3), [2 * y[0]! * (1 - dot), 2 * y[1]! * (2 - dot), 2 * y[2]! * (3 - dot)], 1e-14);
  });

  it('passes a gradient check (soft, fixed noise, τ = 0.7)', () => {
    const rng = fromSeed(51);
    const logits = randn([4, 5], rng, 0, 1, { requiresGrad: true }), noise = randn([4, 5], rng);
    assertGradCheck((l) => gumbelSoftmaxWithNoise(l!, noise, { temperature: 0.7 }), [logits], { tolerance: 1e-8 });
  });

  it('validates options and shapes', () => {
    expect(() => gumbelSoftmaxWithNoise(tensor(LOGITS), NOISE, { temperature: 0 })).toThrow('gumbelSoftmaxWithNoise: temperature must be a finite number > 0, got 0');
    expect(() => gumbelSoftmaxWithNoise(tensor(LOGITS), tensor([[1, 2, 3]]))).toThrow('gumbelSoftmaxWithNoise: noise [1,3] must have the shape of logits [2,3]');
    expect(() => gumbelSoftmaxWithNoise(tensor(LOGITS), NOISE, { tau: 1 } as never)).toThrow("gumbelSoftmaxWithNoise: unknown options key 'tau'");
  });
});

describe('gumbelSoftmax with an rng', () => {
  it('draws G = −log(−log U) row-major from the rng', () => {
    const rng = fromSeed(52), ref = rng.clone();
    const y = gumbelSoftmax(tensor(LOGITS), rng, { temperature: 2 });
    const g = Array.from({ length: 6 }, () => gumbel(ref));
    const expected = gumbelSoftmaxWithNoise(tensor(LOGITS), tensor([g.slice(0, 3), g.slice(3)]), { temperature: 2 });
    expect(Array.from(y.data)).toEqual(Array.from(expected.data));
    expect(rng.nextUint32()).toBe(ref.nextUint32()); // exactly 6 draws consumed
  });

  it('hard samples follow softmax(logits) (the Gumbel-max trick)', () => {
    const p = [0.2, 0.5, 0.3], n = 20000;
    const logits = tensor([Array.from(p, Math.log)]);
    const rng = fromSeed(53), counts = [0, 0, 0];
    noGrad(() => {
      for (let i = 0; i < n; i++) {
        const y = gumbelSoftmax(logits, rng, { hard: true });
        counts[y.data.indexOf(1)]!++;
      }
    });
    // binomial std of a frequency ≤ √(0.25/20000) ≈ 0.0035; allow 4σ
    counts.forEach((c, k) => expect(Math.abs(c / n - p[k]!)).toBeLessThan(0.014));
  });
});
