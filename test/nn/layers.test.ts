// Linear and mlp: fused layer vs composed ops (values and gradients), end-to-end gradient checks
// w.r.t. inputs and parameters, a forward pass by hand, initialisers and config validation.

import { describe, expect, it } from 'vitest';
import {
  ACTIVATIONS, add, assertGradCheck, concat, leakyRelu, matmul, noGrad, randn, relu, sigmoid, tanh, tensor, type Activation, type Tensor,
} from '../../lib/tensor/index.js';
import { deriveStream, fillUniform, fromSeed } from '../../lib/random/index.js';
import { Linear, mlp } from '../../lib/nn/index.js';
import { expectClose } from './helpers.js';

function composed(act: Activation, z: Tensor): Tensor {
  switch (act) {
    case 'identity': return z;
    case 'relu': return relu(z);
    case 'tanh': return tanh(z);
    case 'sigmoid': return sigmoid(z);
    case 'leakyRelu': return leakyRelu(z, 0.01);
  }
}

describe('Linear (fused) against matmul → add → activation', () => {
  for (const act of ACTIVATIONS) {
    it(`${act}: same values and gradients as the composed ops, and passes a finite-difference check`, () => {
      const rng = deriveStream(11, 'linear', act);
      const lin = new Linear(4, 3, { activation: act, rng });
      const x = randn([5, 4], rng, 0, 1, { requiresGrad: true });
      const up = randn([5, 3], rng).data;

      const fused = lin.forward(x);
      fused.backward(up);
      const gx = x.grad!.slice(), gflat = lin.flat.grad.slice();

      x.grad = null;
      lin.zeroGrad();
      const ref = composed(act, add(matmul(x, lin.weight), lin.bias!));
      ref.backward(up);
      expectClose(fused.data, ref.data, 1e-14);
      expectClose(gx, x.grad!, 1e-13);
      expectClose(gflat, lin.flat.grad, 1e-13);

      // w.r.t. input, weight and bias (gradCheck nulls their grads: reattach afterwards)
      assertGradCheck((xx) => lin.forward(xx!), [x, lin.weight, lin.bias!], { tolerance: 1e-7 });
      lin.reattachGrads();
    });
  }

  it('without bias: x·W only, and one parameter', () => {
    const lin = new Linear(2, 2, { bias: false, rng: fromSeed(1) });
    lin.flat.data.set([1, 2, 3, 4]); // W = [[1,2],[3,4]]
    expect(lin.bias).toBeNull();
    expect(lin.parameters().map((p) => p.name)).toEqual(['weight']);
    // [1, 1]·W = [1+3, 2+4]
    expect(Array.from(noGrad(() => lin.forward(tensor([[1, 1]]))).data)).toEqual([4, 6]);
  });
});

describe('mlp', () => {
  it('forward on column blocks [a, b] equals forward on concat([a, b]) bit for bit; a constant block gets no gradient', () => {
    const net = mlp({ sizes: [5, 8, 3], rng: fromSeed(2) }), rng = fromSeed(3);
    const obs = randn([4, 3], rng), act = randn([4, 2], rng, 0, 1, { requiresGrad: true }), act2 = randn([4, 2], fromSeed(0), 0, 1, { requiresGrad: true });
    act2.data.set(act.data);
    const y = net.forward([obs, act]);
    const y2 = net.forward(concat([obs, act2], 1));
    expect(Array.from(y.data)).toEqual(Array.from(y2.data));
    net.zeroGrad();
    y.backward(new Float64Array(12).fill(1));
    const g1 = Array.from(net.flat.grad);
    net.zeroGrad();
    y2.backward(new Float64Array(12).fill(1));
    expect(g1).toEqual(Array.from(net.flat.grad));
    expect(Array.from(act.grad!)).toEqual(Array.from(act2.grad!));
    expect(obs.grad).toBeNull();
  });

  it('computes a 2 → 2 relu → 1 forward pass by hand', () => {
    const net = mlp({ sizes: [2, 2, 1], rng: fromSeed(0) });
    // flat layout: W0 [in=2, out=2] row-major, b0, W1 [2,1], b1
    //   W0 = [[1, −1], [2, 0.5]], b0 = [0.5, −1], W1 = [[1], [−2]], b1 = [0.25]
    net.flat.data.set([1, -1, 2, 0.5, 0.5, -1, 1, -2, 0.25]);
    // x = [1, 2]:  h = relu([1·1 + 2·2 + 0.5, 1·(−1) + 2·0.5 − 1]) = relu([5.5, −1]) = [5.5, 0]
    //              y = 5.5·1 + 0·(−2) + 0.25 = 5.75
    // x = [−1, 1]: h = relu([−1 + 2 + 0.5, 1 + 0.5 − 1]) = [1.5, 0.5];  y = 1.5 − 1 + 0.25 = 0.75
    const y = noGrad(() => net.forward(tensor([[1, 2], [-1, 1]])));
    expect(y.shape).toEqual([2, 1]);
    expect(Array.from(y.data)).toEqual([5.75, 0.75]);
    expect(y.requiresGrad).toBe(false); // noGrad: the inference path records no graph
  });

  it('gradient-checks end to end w.r.t. the input and every parameter', () => {
    const rng = fromSeed(12);
    const net = mlp({ sizes: [3, 5, 4, 2], activation: 'tanh', outputActivation: 'sigmoid', rng });
    const x = randn([4, 3], rng, 0, 1, { requiresGrad: true });
    assertGradCheck((xx) => net.forward(xx!), [x, ...net.parameters().map((p) => p.tensor)], { tolerance: 1e-7 });
    net.reattachGrads();
    // and with relu hidden layers (kinks are measure-zero for random inputs)
    const relu = mlp({ sizes: [3, 6, 2], rng });
    assertGradCheck((xx) => relu.forward(xx!), [x, ...relu.parameters().map((p) => p.tensor)], { tolerance: 1e-7 });
    relu.reattachGrads();
  });

  it('validates its config, naming the field and the allowed values', () => {
    const rng = fromSeed(1);
    expect(() => mlp({ sizes: [3], rng })).toThrow('mlp: sizes must be an array of at least 2 layer widths [in, …, out], got an array of length 1');
    expect(() => mlp({ sizes: [3, 0, 1], rng })).toThrow('mlp: sizes[1] must be a positive integer, got 0');
    expect(() => mlp({ sizes: [3, 2.5], rng })).toThrow('mlp: sizes[1] must be a positive integer, got 2.5');
    expect(() => mlp({ sizes: [3, 1], activation: 'gelu' as Activation, rng })).toThrow("mlp: activation must be one of 'identity', 'relu', 'tanh', 'sigmoid', 'leakyRelu', got \"gelu\"");
    expect(() => mlp({ sizes: [3, 1], init: 'orthogonal' as 'he', rng })).toThrow(/mlp: init must be one of 'pytorch', 'xavier', 'he' or \{ uniform: bound \}/);
    expect(() => mlp({ sizes: [3, 1], finalLayerInit: 0, rng })).toThrow('mlp: finalLayerInit must be a finite number > 0 (or omitted), got 0');
    expect(() => mlp({ sizes: [3, 1] } as never)).toThrow(/mlp: rng must be an Rng/);
    expect(() => mlp({ sizes: [3, 1], rng, hidden: 3 } as never)).toThrow("mlp: unknown config key 'hidden'");
    expect(() => new Linear(0, 2, { rng })).toThrow('Linear: inFeatures must be a positive integer, got 0');
    expect(() => new Linear(2, 2, { rng, init: { uniform: -1 } })).toThrow('Linear: init.uniform must be a finite number >= 0, got -1');
  });
});

describe('initialisers', () => {
  it("'pytorch': weights then bias, row-major, from U(−1/√fan_in, 1/√fan_in) — the documented draw order", () => {
    const lin = new Linear(3, 2, { rng: fromSeed(7) });
    const r = fromSeed(7), bound = 1 / Math.sqrt(3);
    const w = fillUniform(r, new Float64Array(6), -bound, bound);
    const b = fillUniform(r, new Float64Array(2), -bound, bound);
    expect(Array.from(lin.flat.data)).toEqual([...w, ...b]);
    // an mlp draws layer by layer with the same generator
    const net = mlp({ sizes: [3, 4, 2], rng: fromSeed(9) });
    const r2 = fromSeed(9);
    const l0 = new Linear(3, 4, { activation: 'relu', rng: r2 }), l1 = new Linear(4, 2, { rng: r2 });
    expect(Array.from(net.flat.data)).toEqual([...l0.flat.data, ...l1.flat.data]);
  });

  it("'pytorch' respects its bounds and reaches them", () => {
    const lin = new Linear(100, 50, { rng: fromSeed(3) }); // bound 1/√100 = 0.1
    const w = lin.weight.data, b = lin.bias!.data;
    expect(w.every((v) => v >= -0.1 && v < 0.1)).toBe(true);
    expect(b.every((v) => v >= -0.1 && v < 0.1)).toBe(true);
    expect(Math.max(...w.map(Math.abs))).toBeGreaterThan(0.099); // 5000 draws: not a narrower range
    expect(Math.max(...b.map(Math.abs))).toBeGreaterThan(0.08);
  });

  function stats(a: Float64Array): { mean: number; std: number; beyond: (k: number) => number } {
    let s = 0;
    for (const v of a) s += v;
    const mean = s / a.length;
    let ss = 0;
    for (const v of a) ss += (v - mean) ** 2;
    const std = Math.sqrt(ss / a.length);
    return { mean, std, beyond: (k) => a.filter((v) => Math.abs(v) > k * std).length / a.length };
  }

  it("'xavier': U(±√(6/(fan_in+fan_out))) with zero bias, on a 400×300 layer", () => {
    const lin = new Linear(400, 300, { init: 'xavier', rng: fromSeed(21) });
    const bound = Math.sqrt(6 / 700); // 0.0925820…
    const w = lin.weight.data, st = stats(w);
    expect(w.every((v) => Math.abs(v) <= bound)).toBe(true);
    // uniform std = bound/√3 = √(2/700) = 0.0534522…; sampling error of the std ≈ 0.1% for 120 000 draws
    expect(Math.abs(st.std / Math.sqrt(2 / 700) - 1)).toBeLessThan(0.01);
    expect(Math.abs(st.mean)).toBeLessThan(1e-3); // std of the mean ≈ 1.5e-4
    expect(lin.bias!.data.every((v) => v === 0)).toBe(true);
  });

  it("'he': N(0, 2/fan_in) with zero bias, on a 400×300 layer", () => {
    const lin = new Linear(400, 300, { init: 'he', rng: fromSeed(22) });
    const w = lin.weight.data, st = stats(w);
    expect(Math.abs(st.std / Math.sqrt(2 / 400) - 1)).toBeLessThan(0.01); // std 0.0707107…
    expect(Math.abs(st.mean)).toBeLessThan(1e-3);
    // normal, not uniform: P(|z| > 2) = 4.55% (a uniform of the same std has none beyond 1.73σ)
    expect(st.beyond(2)).toBeGreaterThan(0.04);
    expect(st.beyond(2)).toBeLessThan(0.051);
    expect(lin.bias!.data.every((v) => v === 0)).toBe(true);
  });

  it('finalLayerInit draws only the last layer from U(±s)', () => {
    const net = mlp({ sizes: [10, 64, 3], finalLayerInit: 3e-3, rng: fromSeed(4) });
    const last = net.layers[1]!, first = net.layers[0]!;
    expect([...last.weight.data, ...last.bias!.data].every((v) => Math.abs(v) <= 3e-3)).toBe(true);
    expect(Math.max(...first.weight.data.map(Math.abs))).toBeGreaterThan(0.3); // bound 1/√10 ≈ 0.316
    expect(last.init).toEqual({ uniform: 3e-3 });
  });

  it('same seed ⇒ identical weights; different stream labels ⇒ different weights', () => {
    const make = (rng: ReturnType<typeof fromSeed>): Float64Array => mlp({ sizes: [4, 8, 2], rng }).flat.data;
    expect(make(fromSeed(5))).toEqual(make(fromSeed(5)));
    expect(make(deriveStream(5, 'actor'))).toEqual(make(deriveStream(5, 'actor')));
    const a = make(deriveStream(5, 'actor')), c = make(deriveStream(5, 'critic'));
    expect(a.every((v, i) => v !== c[i])).toBe(true);
  });
});
