// Linear and mlp: fused layer vs composed ops (values and gradients), end-to-end gradient checks
// w.r.t. inputs and parameters, a forward pass by hand, initialisers and config validation.

import { describe, expect, it } from 'vitest';
import {
  ACTIVATIONS, add, assertGradCheck, concat, leakyRelu, matmul, noGrad, randn, relu, sigmoid, tanh, tensor, type Activation, type Tensor,
} from '../../lib/tensor/index.js';
import { deriveStream, fillUniform, fromSeed } from '../../lib/random/index.js';
import { Linear, fromTorchLayout, mlp, toTorchLayout } from '../../lib/nn/index.js';
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

describe('layers from given weights (no RNG) and the torch layout', () => {
  it('Linear.fromWeights: W [in, out] nested rows, bias; a forward pass by hand', () => {
    // W = [[1, 2, 3], [4, 5, 6]] (in 2, out 3), b = [0.5, 0, −1]
    const lin = Linear.fromWeights({ weight: [[1, 2, 3], [4, 5, 6]], bias: [0.5, 0, -1] }, { activation: 'relu' });
    expect([lin.inFeatures, lin.outFeatures, lin.activation, lin.init]).toEqual([2, 3, 'relu', null]);
    expect(lin.toString()).toBe('Linear(2 -> 3 relu, 9 params)');
    // x = [1, −1]: x·W = [1 − 4, 2 − 5, 3 − 6] = [−3, −3, −3]; + b = [−2.5, −3, −4]; relu → 0
    // x = [2, 1]: [2 + 4, 4 + 5, 6 + 6] = [6, 9, 12]; + b = [6.5, 9, 11]
    expect(noGrad(() => lin.forward(tensor([[1, -1], [2, 1]]))).toArray()).toEqual([[0, 0, 0], [6.5, 9, 11]]);
    expect(lin.parameters().map((p) => p.name)).toEqual(['weight', 'bias']);
  });

  it('takes Tensors or flat row-major values, copies them, and builds a bias-free layer without bias', () => {
    const w = tensor([[1, 2], [3, 4]]);
    const a = Linear.fromWeights({ weight: w });
    expect(a.bias).toBeNull();
    expect(Array.from(a.weight.data)).toEqual([1, 2, 3, 4]);
    w.data[0] = 99; // copied, not shared
    expect(a.weight.data[0]).toBe(1);
    const b = new Linear(2, 2, { weights: { weight: Float64Array.of(1, 2, 3, 4), bias: tensor([5, 6]) } });
    expect(Array.from(b.flat.data)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(b.init).toBeNull();
  });

  it('rejects bad shapes and values, naming the field and the expected shape', () => {
    expect(() => new Linear(2, 3, { weights: { weight: [[1, 2, 3]] } })).toThrow('Linear: weights.weight must be 2 rows of 3 numbers (shape [2,3]), got 1 rows');
    expect(() => new Linear(2, 2, { weights: { weight: [[1, 2], [3]] } })).toThrow('Linear: weights.weight[1] must be a row of 2 numbers (shape [2,2]), got an array of length 1');
    expect(() => new Linear(2, 2, { weights: { weight: tensor([[1, 2, 3], [4, 5, 6]]) } })).toThrow('Linear: weights.weight must be a Tensor of shape [2,2], got a Tensor of shape [2,3]');
    expect(() => new Linear(2, 2, { weights: { weight: [1, 2, 3] } })).toThrow('Linear: weights.weight must be 4 row-major numbers (shape [2,2]), got 3 numbers');
    expect(() => new Linear(1, 2, { weights: { weight: [[1, 2]], bias: [1] } })).toThrow('Linear: weights.bias must be 2 numbers (shape [2]), got 1 numbers');
    expect(() => new Linear(1, 2, { weights: { weight: [[1, NaN]] } })).toThrow('Linear: weights.weight[1] must be a finite number, got NaN');
    expect(() => new Linear(1, 1, { weights: { weight: [[1]] }, rng: fromSeed(1) } as never)).toThrow("Linear: unknown options key 'rng'; allowed keys: weights, activation");
    expect(() => Linear.fromWeights({ weight: tensor([1, 2]) })).toThrow('Linear.fromWeights: weights.weight must be a rank-2 Tensor [in, out] or nested rows, got a Tensor of shape [2]');
    expect(() => Linear.fromWeights({ weight: [1, 2] as never })).toThrow('Linear.fromWeights: weights.weight must be a rank-2 Tensor [in, out] or nested rows (number[][]), got an array of length 2');
  });

  it('mlp({ weights }): sizes from the weights, same forward as the random-init net it was copied from', () => {
    const src = mlp({ sizes: [3, 4, 2], activation: 'tanh', outputActivation: 'sigmoid', rng: fromSeed(12) });
    const weights = src.layers.map((l) => ({ weight: l.weight, bias: l.bias }));
    const copy = mlp({ weights, activation: 'tanh', outputActivation: 'sigmoid' });
    expect(copy.sizes).toEqual([3, 4, 2]);
    expect(copy.toString()).toBe(src.toString());
    expect(Array.from(copy.flat.data)).toEqual(Array.from(src.flat.data));
    const x = randn([5, 3], fromSeed(13));
    expect(Array.from(noGrad(() => copy.forward(x)).data)).toEqual(Array.from(noGrad(() => src.forward(x)).data));
    // With sizes, flat values work too; without them a chain mismatch is named.
    const flat = mlp({ sizes: [3, 4, 2], weights: src.layers.map((l) => ({ weight: l.weight.data, bias: l.bias!.data })), activation: 'tanh', outputActivation: 'sigmoid' });
    expect(Array.from(flat.flat.data)).toEqual(Array.from(src.flat.data));
    expect(() => mlp({ weights: [{ weight: [[1, 2]] }, { weight: [[1], [2], [3]] }] })).toThrow('mlp: weights[1].weight has 3 rows but weights[0] has 2 outputs; consecutive layers must chain');
    expect(() => mlp({ weights: [{ weight: [[1]] }], sizes: [1, 1, 1] })).toThrow('mlp: sizes must be an array of 2 layer widths (one more than weights), or omitted, got an array of length 3');
    expect(() => mlp({ weights: [{ weight: [[1]] }], rng: fromSeed(1) } as never)).toThrow("mlp: unknown config key 'rng'; allowed keys: weights, sizes, activation, outputActivation");
    expect(() => mlp({ weights: [] })).toThrow('mlp: weights must be a non-empty array of { weight, bias? }, one per layer, got an array of length 0');
  });

  it('fromTorchLayout / toTorchLayout: [out, in] ↔ [in, out], round trip exact, and a torch-style forward', () => {
    // torch weight [out 3, in 2]: y_j = Σ_i x_i · Wt[j][i]
    const wt = [[1, 2], [3, 4], [5, 6]];
    const w = fromTorchLayout(wt);
    expect(w.shape).toEqual([2, 3]);
    expect(w.toArray()).toEqual([[1, 3, 5], [2, 4, 6]]);
    expect(toTorchLayout(w).toArray()).toEqual(wt);
    const rnd = randn([4, 7], fromSeed(14));
    expect(Array.from(fromTorchLayout(toTorchLayout(rnd)).data)).toEqual(Array.from(rnd.data));
    expect(Array.from(toTorchLayout(fromTorchLayout(rnd)).data)).toEqual(Array.from(rnd.data));
    // x = [1, 1]: torch gives x·Wtᵀ = [1+2, 3+4, 5+6] = [3, 7, 11]
    const lin = Linear.fromWeights({ weight: w, bias: [0, 0, 0] });
    expect(Array.from(noGrad(() => lin.forward(tensor([[1, 1]]))).data)).toEqual([3, 7, 11]);
    // Exporting a layer's parameter: a copy with no graph, even though the parameter requires grad.
    const back = toTorchLayout(lin.weight);
    expect(back.requiresGrad).toBe(false);
    expect(back.toArray()).toEqual(wt);
    expect(() => toTorchLayout(tensor([1, 2, 3]))).toThrow('toTorchLayout: weight must be a rank-2 Tensor [in, out] or nested rows, got a Tensor of shape [3]');
    expect(() => fromTorchLayout([[1, 2], [3]])).toThrow('fromTorchLayout: weight[1] must be a row of 2 numbers (shape [2,2]), got an array of length 1');
    expect(() => fromTorchLayout(tensor([[[1]]]))).toThrow('fromTorchLayout: weight must be a rank-2 Tensor [out, in] or nested rows, got a Tensor of shape [1,1,1]');
  });
});
