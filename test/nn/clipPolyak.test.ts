// clipGradNorm (torch clip_grad_norm_ semantics, incl. its 1e-6) and polyakUpdate / hardCopy.

import { describe, expect, it } from 'vitest';
import { fromSeed } from '../../lib/random/index.js';
import { clipGradNorm, clipGradNormPerParameter, hardCopy, mlp, polyakUpdate } from '../../lib/nn/index.js';
import { bytes } from './helpers.js';

describe('clipGradNormPerParameter', () => {
  it('clips each parameter block separately, TF clip_by_norm (no epsilon); returns the global pre-clip norm', () => {
    const net = mlp({ sizes: [2, 1], rng: fromSeed(1) }); // weight [1, 2], bias [1]
    net.flat.grad.set([3, 4, 0.5]); // weight block norm 5, bias 0.5
    expect(clipGradNormPerParameter(net, 1)).toBe(Math.sqrt(25.25));
    expect(Array.from(net.flat.grad)).toEqual([3 / 5, 4 / 5, 0.5]); // (g·1)/5; the bias under the cap: (0.5·1)/1
    net.flat.grad.set([3, 4, -2]);
    clipGradNormPerParameter(net, 1);
    expect(Array.from(net.flat.grad)).toEqual([0.6, 0.8, -1]);
    net.flat.grad.set([0.3, 0.4, 1]); // at or under the cap: (g·1)/1 = g
    clipGradNormPerParameter(net, 1);
    expect(Array.from(net.flat.grad)).toEqual([0.3, 0.4, 1]);
    net.flat.grad.set([30, 40, 1]);
    clipGradNormPerParameter(net, 2); // weight (g·2)/50, bias (1·2)/2
    expect(Array.from(net.flat.grad)).toEqual([(30 * 2) / 50, (40 * 2) / 50, 1]);
    expect(clipGradNormPerParameter(net, Infinity)).toBeCloseTo(Math.sqrt(1.2 ** 2 + 1.6 ** 2 + 1), 14); // Infinity only measures
    expect(Array.from(net.flat.grad)).toEqual([(30 * 2) / 50, (40 * 2) / 50, 1]);
    expect(() => clipGradNormPerParameter(net, 0)).toThrow(/clipGradNormPerParameter: maxNorm must be a number > 0/);
  });
});

describe('clipGradNormPerParameter: per-parameter norms (optional out-array)', () => {
  it('fills each parameter\'s pre-clip norm in parameters() order; the return value and the clipping are unchanged', () => {
    const net = mlp({ sizes: [2, 2, 1], rng: fromSeed(1) }); // layers.0.weight [2,2], layers.0.bias [2], layers.1.weight [2,1], layers.1.bias [1]
    const grads = [3, 4, 0, 0, /* bias0 */ 0.6, 0.8, /* weight1 */ 5, 12, /* bias1 */ -2];
    net.flat.grad.set(grads);
    const norms = new Float64Array(4);
    // norms: ‖[3,4,0,0]‖ = 5, ‖[0.6,0.8]‖ = 1, ‖[5,12]‖ = 13, ‖[−2]‖ = 2; global √(25 + 1 + 169 + 4) = √199
    const total = clipGradNormPerParameter(net, 2, norms);
    expect(total).toBe(Math.sqrt(199));
    expect(Array.from(norms)).toEqual([5, Math.hypot(0.6, 0.8), 13, 2]);
    const clipped = net.flat.grad.slice();
    // Same call without the out-array: same return value, same clipped gradient.
    const twin = mlp({ sizes: [2, 2, 1], rng: fromSeed(1) });
    twin.flat.grad.set(grads);
    expect(clipGradNormPerParameter(twin, 2)).toBe(total);
    expect(bytes(twin.flat.grad)).toEqual(bytes(clipped));
    // weight0 (g·2)/5; bias0 under the cap: (g·2)/2; weight1 (g·2)/13; bias1 at the cap: (−2·2)/2
    expect(Array.from(clipped)).toEqual([6 / 5, 8 / 5, 0, 0, (0.6 * 2) / 2, (0.8 * 2) / 2, 10 / 13, 24 / 13, -2]);
  });

  it('maxNorm = Infinity only measures, and the norms still come back', () => {
    const net = mlp({ sizes: [2, 1], rng: fromSeed(1) });
    net.flat.grad.set([3, 4, 0.5]);
    const norms = new Float64Array(2);
    clipGradNormPerParameter(net, Infinity, norms);
    expect(Array.from(norms)).toEqual([5, 0.5]);
    expect(Array.from(net.flat.grad)).toEqual([3, 4, 0.5]);
  });

  it('rejects an out-array of the wrong length or type, naming the expected size', () => {
    const net = mlp({ sizes: [2, 1], rng: fromSeed(1) });
    expect(() => clipGradNormPerParameter(net, 1, new Float64Array(3))).toThrow('clipGradNormPerParameter: norms must be a Float64Array of 2 elements (one per parameter), got a Float64Array');
    expect(() => clipGradNormPerParameter(net, 1, [0, 0] as never)).toThrow(TypeError);
  });
});

describe('clipGradNorm', () => {
  it('[3, 4] (norm 5) clipped to 1: g · 1/(5 + 1e-6)', () => {
    const g = Float64Array.of(3, 4);
    expect(clipGradNorm(g, 1)).toBe(5); // √(9 + 16), the pre-clip norm
    // coef = 1/(5 + 1e-6) = 0.19999996000000799…; g = [0.599999880000024, 0.799999840000032]
    const coef = 1 / (5 + 1e-6);
    expect(Array.from(g)).toEqual([3 * coef, 4 * coef]);
    expect(Math.abs(g[0]! - 0.599999880000024)).toBeLessThan(1e-15);
    expect(Math.abs(g[1]! - 0.79999984000003199999)).toBeLessThan(1e-15);
    expect(Math.hypot(g[0]!, g[1]!)).toBeLessThan(1); // slightly below maxNorm, by the 1e-6
  });

  it('leaves small gradients alone, but (as PyTorch) scales a norm exactly at maxNorm by 5/(5 + 1e-6)', () => {
    const small = Float64Array.of(0.3, 0.4);
    expect(clipGradNorm(small, 1)).toBeCloseTo(0.5, 15);
    expect(Array.from(small)).toEqual([0.3, 0.4]);
    const edge = Float64Array.of(3, 4);
    clipGradNorm(edge, 5);
    expect(edge[0]).toBe(3 * (5 / (5 + 1e-6)));
    expect(edge[0]).toBeLessThan(3);
  });

  it('accepts a module (its flat.grad); Infinity only measures; validates maxNorm', () => {
    const net = mlp({ sizes: [2, 2], rng: fromSeed(1) });
    net.flat.grad.set([0, 0, 0, 0, 6, 8]);
    expect(clipGradNorm(net, 2)).toBe(10);
    expect(Math.hypot(...net.flat.grad)).toBeCloseTo(2, 5);
    net.flat.grad.set([0, 0, 0, 0, 6, 8]);
    expect(clipGradNorm(net.flat, Infinity)).toBe(10);
    expect(Array.from(net.flat.grad)).toEqual([0, 0, 0, 0, 6, 8]);
    expect(() => clipGradNorm(net, 0)).toThrow('clipGradNorm: maxNorm must be a number > 0 (Infinity = no clipping), got 0');
  });

  it('a NaN norm is returned and the gradient left as is (PyTorch would fill it with NaN)', () => {
    const g = Float64Array.of(1, NaN);
    expect(clipGradNorm(g, 1)).toBeNaN();
    expect(g[0]).toBe(1);
  });
});

describe('polyakUpdate / hardCopy', () => {
  it('τ = 0.1, one step: θ\' ← 0.9·θ\' + 0.1·θ', () => {
    const src = Float64Array.of(1, 2), dst = Float64Array.of(0, 10);
    polyakUpdate(src, dst, 0.1);
    // [0·0.9 + 0.1·1, 10·0.9 + 0.1·2] = [0.1, 9.2]
    expect(Array.from(dst)).toEqual([0 * 0.9 + 0.1 * 1, 10 * 0.9 + 0.1 * 2]);
    expect(Array.from(dst)).toEqual([0.1, 9.2]);
    expect(Array.from(src)).toEqual([1, 2]);
  });

  it('τ = 1 copies exactly and τ = 0 freezes, even with non-finite values', () => {
    const src = Float64Array.of(1.5, -0, NaN), dst = Float64Array.of(Infinity, 3, 4);
    polyakUpdate(src, dst, 0);
    expect(Array.from(dst)).toEqual([Infinity, 3, 4]);
    polyakUpdate(src, dst, 1);
    expect(bytes(dst)).toEqual(bytes(src));
  });

  it('works on modules (target networks) and checks the layouts', () => {
    const net = mlp({ sizes: [2, 3, 1], rng: fromSeed(1) });
    const target = mlp({ sizes: [2, 3, 1], rng: fromSeed(2) });
    hardCopy(net, target);
    expect(bytes(target.flat.data)).toEqual(bytes(net.flat.data));
    net.flat.data.fill(1);
    const before = target.flat.data.slice();
    polyakUpdate(net, target, 0.005);
    target.flat.data.forEach((v, i) => expect(v).toBe(before[i]! * 0.995 + 0.005 * 1));
    // both 13 parameters, different shapes: 1·2+2+2·3+3 = 2·3+3+3·1+1 = 13
    expect(() => polyakUpdate(mlp({ sizes: [1, 2, 3], rng: fromSeed(1) }), mlp({ sizes: [2, 3, 1], rng: fromSeed(1) }), 0.5))
      .toThrow("polyakUpdate: parameter 0 differs: src has 'layers.0.weight' [1,2], dst has 'layers.0.weight' [2,3]");
  });

  it('errors name both sizes and the τ range', () => {
    expect(() => polyakUpdate(new Float64Array(2), new Float64Array(3), 0.5)).toThrow('polyakUpdate: src has 2 parameters but dst has 3');
    expect(() => hardCopy(new Float64Array(4), new Float64Array(1))).toThrow('hardCopy: src has 4 parameters but dst has 1');
    expect(() => polyakUpdate(new Float64Array(2), new Float64Array(2), 1.5)).toThrow('polyakUpdate: tau must be a number in [0, 1], got 1.5');
    const a = new Float64Array(2);
    expect(() => polyakUpdate(a, a, 0.5)).toThrow('polyakUpdate: src and dst are the same array');
  });
});
