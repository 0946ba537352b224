// Paper 5 seams: proximal term (λ/2)‖θ − θ_f‖² and its gradient λ(θ − θ_f) (hand values, central
// differences, and lib/tensor's autograd as an independent oracle); the adaptive-λ rule.

import { describe, expect, it } from 'vitest';
import { fillNormal, fromSeed } from '../../lib/random/index.js';
import { gradCheck, mul, scale, sub, sum, Tensor } from '../../lib/tensor/index.js';
import { ADAPTIVE_LAMBDA_DEFAULTS, INITIAL_LAMBDA_STATE, adaptLambda, addProximalGradient, proximalTerm } from '../../lib/federated/index.js';

const f = (...xs: number[]): Float64Array => Float64Array.from(xs);

describe('proximalTerm and addProximalGradient', () => {
  it('hand values: θ = [1, 2, 3], θ_f = [0, 4, 3], λ = 0.5', () => {
    // θ − θ_f = [1, −2, 0]; ‖·‖² = 1 + 4 + 0 = 5; value = 0.5/2 · 5 = 1.25
    expect(proximalTerm(f(1, 2, 3), f(0, 4, 3), 0.5)).toBe(1.25);
    // gradient λ(θ − θ_f) = [0.5, −1, 0], accumulated onto [10, 10, 10] → [10.5, 9, 10]
    const g = f(10, 10, 10);
    expect(addProximalGradient(g, f(1, 2, 3), f(0, 4, 3), 0.5)).toBe(g);
    expect(Array.from(g)).toEqual([10.5, 9, 10]);
  });

  it('λ = 0 gives exactly 0 and leaves the gradient alone', () => {
    expect(proximalTerm(f(1, 2), f(5, 6), 0)).toBe(0);
    const g = f(1, -1);
    addProximalGradient(g, f(1, 2), f(5, 6), 0);
    expect(Array.from(g)).toEqual([1, -1]);
  });

  it('gradient matches central differences of the value', () => {
    const rng = fromSeed(11);
    const theta = fillNormal(rng, new Float64Array(20)), anchor = fillNormal(rng, new Float64Array(20));
    const lambda = 0.37, h = 1e-6;
    const grad = addProximalGradient(new Float64Array(20), theta, anchor, lambda);
    for (let i = 0; i < 20; i++) {
      const x = theta[i]!;
      theta[i] = x + h;
      const fp = proximalTerm(theta, anchor, lambda);
      theta[i] = x - h;
      const fm = proximalTerm(theta, anchor, lambda);
      theta[i] = x;
      const numeric = (fp - fm) / (2 * h);
      expect(Math.abs(numeric - grad[i]!) / Math.max(1, Math.abs(grad[i]!))).toBeLessThan(1e-7);
    }
  });

  it('value and gradient agree with lib/tensor autograd of (λ/2)·Σ(θ − θ_f)², which itself passes gradCheck', () => {
    const rng = fromSeed(12);
    const thetaData = fillNormal(rng, new Float64Array(8)), anchorData = fillNormal(rng, new Float64Array(8));
    const lambda = 1.3;
    const prox = (t: Tensor): Tensor => {
      const d = sub(t, new Tensor(anchorData.slice(), [8]));
      return scale(sum(mul(d, d)), lambda / 2);
    };
    const theta = new Tensor(thetaData.slice(), [8], true);
    expect(gradCheck(prox, [theta]).ok).toBe(true);
    const t2 = new Tensor(thetaData.slice(), [8], true);
    const out = prox(t2);
    out.backward();
    expect(Math.abs(out.data[0]! - proximalTerm(thetaData, anchorData, lambda))).toBeLessThan(1e-12);
    const ours = addProximalGradient(new Float64Array(8), thetaData, anchorData, lambda);
    for (let i = 0; i < 8; i++) expect(Math.abs(ours[i]! - t2.grad![i]!)).toBeLessThan(1e-12);
  });

  it('errors name the argument', () => {
    expect(() => proximalTerm(f(1, 2), f(1), 1)).toThrow('proximalTerm: theta has 2 elements but anchor has 1');
    expect(() => proximalTerm(f(1), f(1), -1)).toThrow('proximalTerm: lambda must be a finite number >= 0, got -1');
    expect(() => addProximalGradient(f(1), f(1, 2), f(1, 2), 1)).toThrow('addProximalGradient: grad has 1 elements but theta has 2');
  });
});

describe('adaptLambda (spec 05 §4.2)', () => {
  it('0 before the first anchor, 0.01 once it is set, then ×2 on a rising loss and ÷2 otherwise', () => {
    expect(INITIAL_LAMBDA_STATE).toEqual({ lambda: 0, previousLoss: null });
    // epoch 0: first anchor set, no loss yet → λ = 0.01
    let s = adaptLambda(INITIAL_LAMBDA_STATE, null);
    expect(s).toEqual({ lambda: 0.01, previousLoss: null });
    // epoch f_p: first loss, nothing to compare with → unchanged, remembered
    s = adaptLambda(s, 5);
    expect(s).toEqual({ lambda: 0.01, previousLoss: 5 });
    // loss rose 5 → 6: λ = 0.02
    s = adaptLambda(s, 6);
    expect(s).toEqual({ lambda: 0.02, previousLoss: 6 });
    // equal loss counts as "did not rise": λ = 0.01
    s = adaptLambda(s, 6);
    expect(s.lambda).toBe(0.01);
    // fell: λ = 0.005
    s = adaptLambda(s, 4);
    expect(s.lambda).toBe(0.005);
  });

  it('is capped at 1 and floored at 1e-4', () => {
    // 0.6 ×2 = 1.2 → capped 1; then 1 ×2 → 1
    expect(adaptLambda({ lambda: 0.6, previousLoss: 1 }, 2).lambda).toBe(1);
    expect(adaptLambda({ lambda: 1, previousLoss: 1 }, 2).lambda).toBe(1);
    // 1.5e-4 ÷2 = 7.5e-5 → floored 1e-4
    expect(adaptLambda({ lambda: 1.5e-4, previousLoss: 2 }, 1).lambda).toBe(1e-4);
    // from 0.01, 7 falls in a row: 0.01/2^7 = 7.8e-5 < 1e-4 → 1e-4
    let s = { lambda: 0.01, previousLoss: 100 as number | null };
    for (let k = 0; k < 7; k++) s = adaptLambda(s, 99 - k);
    expect(s.lambda).toBe(1e-4);
    expect(ADAPTIVE_LAMBDA_DEFAULTS).toEqual({ initial: 0.01, factor: 2, min: 1e-4, max: 1 });
  });

  it('config and state are validated', () => {
    expect(() => adaptLambda(INITIAL_LAMBDA_STATE, null, { min: 0 })).toThrow('adaptLambda: min must be a finite number > 0, got 0');
    expect(() => adaptLambda(INITIAL_LAMBDA_STATE, null, { initial: 2 })).toThrow('adaptLambda: initial must be a number in [min, max] = [0.0001, 1], got 2');
    expect(() => adaptLambda({ lambda: 0.1, previousLoss: 1 }, NaN)).toThrow('adaptLambda: loss must be a finite number or null, got NaN');
    expect(() => adaptLambda(INITIAL_LAMBDA_STATE, null, { factor: 1 })).toThrow('factor must be a finite number > 1');
  });
});
