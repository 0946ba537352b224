// The optimizer family: Adam over three steps by hand (tfjs-style, arithmetic in comments), L2
// Adam and AdamW one step each, SGD with momentum / Nesterov / dampening / weight decay, config
// validation, state save/restore, and "step() allocates nothing".

import { describe, expect, it } from 'vitest';
import { Arena, fromData, mul, randn, sum, tensor } from '../../lib/tensor/index.js';
import { fromSeed } from '../../lib/random/index.js';
import { adam, adamW, mlp, mseLoss, sgd, type FlatParams, type Optimizer } from '../../lib/nn/index.js';
import { bytes, expectClose } from './helpers.js';

/** Parameters x with f(x) = Σx², gradients through autograd into the flat pair. */
function quadratic(x0: number[]): { flat: FlatParams; grad: () => void } {
  const flat = { data: Float64Array.from(x0), grad: new Float64Array(x0.length) };
  const x = fromData(flat.data, [x0.length], { requiresGrad: true });
  x.grad = flat.grad;
  return { flat, grad: () => { flat.grad.fill(0); sum(mul(x, x)).backward(); } };
}

function run(opt: Optimizer, q: ReturnType<typeof quadratic>, steps: number): void {
  for (let i = 0; i < steps; i++) { q.grad(); opt.step(); }
}

describe('Adam (torch.optim.Adam semantics)', () => {
  it('three steps on f(x) = Σx² from x = [1, −2], lr 0.1, β = (0.9, 0.999), eps 1e-8', () => {
    const q = quadratic([1, -2]);
    const opt = adam(q.flat, { lr: 0.1 });
    // step 1: g = 2x = [2, −4]
    //   m = 0.1·g = [0.2, −0.4];  v = 0.001·g² = [0.004, 0.016]
    //   bias corrections 1 − 0.9 = 0.1, 1 − 0.999 = 0.001 ⇒ m̂ = [2, −4], v̂ = [4, 16], √v̂ = [2, 4]
    //   x ← x − 0.1·m̂/(√v̂ + 1e-8) = [1 − 0.1·2/(2 + 1e-8), −2 + 0.1·4/(4 + 1e-8)]
    //     = [0.9000000004999999975, −1.9000000002499999994]
    run(opt, q, 1);
    expectClose(opt.m, [0.2, -0.4]);
    expectClose(opt.v, [0.004, 0.016]);
    expectClose(q.flat.data, [0.9000000004999999975, -1.9000000002499999994]);
    // step 2: g = [1.800000001, −3.8000000005]
    //   m = 0.9·m + 0.1·g = [0.3600000001, −0.74000000005]
    //   v = 0.999·v + 0.001·g² = [0.0072360000036, 0.0304240000038]
    //   1 − 0.9² = 0.19, 1 − 0.999² = 0.001999 ⇒ m̂ = [1.894736842631…, −3.894736842368…],
    //   v̂ = [3.619809906753…, 15.219609806803…]
    //   x = [0.80041222869179214524, −1.8001664861157004332]
    run(opt, q, 1);
    expectClose(opt.m, [0.3600000000999999995, -0.74000000004999999987]);
    expectClose(opt.v, [0.007236000003599999983, 0.030424000003799999991]);
    expectClose(q.flat.data, [0.80041222869179214524, -1.8001664861157004332]);
    // step 3: g = [1.6008244573835842905, −3.6003329722314008663]
    //   m = [0.4840824458283584286, −1.0260332972681400865]
    //   v = [0.0097914029469538470592, 0.043355973514732793112]
    //   1 − 0.9³ = 0.271, 1 − 0.999³ = 0.002997001 ⇒ m̂ = [1.78628208792752…, −3.78610072792671…],
    //   v̂ = [3.26706696025588…, 14.4664528022288…]
    //   x = [0.70158627294602954516, −1.7006233920464644667]
    // (values computed in 40-digit arithmetic from the formulas above)
    run(opt, q, 1);
    expect(opt.t).toBe(3);
    expectClose(opt.m, [0.4840824458283584286, -1.0260332972681400865]);
    expectClose(opt.v, [0.0097914029469538470592, 0.043355973514732793112]);
    expectClose(q.flat.data, [0.70158627294602954516, -1.7006233920464644667]);
  });

  it('eps is added after the bias correction: a zero gradient leaves the parameter exactly in place', () => {
    const flat = { data: Float64Array.of(3), grad: Float64Array.of(0) };
    const opt = adam(flat, { lr: 1 });
    opt.step(); // m = v = 0 ⇒ update = 1·0/(0 + 1e-8) = 0
    expect(flat.data[0]).toBe(3);
    // tiny gradient g = 1e-8: m̂ = g, √v̂ = |g| ⇒ step lr·g/(|g| + eps) = 1e-8/(1e-8 + 1e-8) = 0.5.
    // (TensorFlow's form, eps added to √v BEFORE the correction, i.e. eps/√(1 − 0.999) ≈ 3.16e-7
    //  after it, would step only 1e-8/(1e-8 + 3.16e-7) ≈ 0.031.)
    flat.grad[0] = 1e-8;
    const fresh = adam(flat, { lr: 1 });
    fresh.step();
    expect(Math.abs(flat.data[0]! - 2.5)).toBeLessThan(1e-12);
  });

  it('L2 weightDecay (Adam) vs decoupled decay (AdamW), one step each', () => {
    // x = [1, −2, 0.5], g = [2, −4, 0], lr 0.1, weightDecay 0.1
    // Adam:  g' = g + 0.1·x = [2.1, −4.2, 0.05]; first step x − 0.1·g'/(|g'| + 1e-8)
    //        = [0.90000000047619047392, −1.9000000002380952375, 0.400000019999996]
    //        (the third coordinate moves although its loss gradient is 0)
    const a = { data: Float64Array.of(1, -2, 0.5), grad: Float64Array.of(2, -4, 0) };
    adam(a, { lr: 0.1, weightDecay: 0.1 }).step();
    expectClose(a.data, [0.90000000047619047392, -1.9000000002380952375, 0.400000019999996]);
    // AdamW: x ← x·(1 − 0.1·0.1) = [0.99, −1.98, 0.495], then the plain Adam step on g
    //        = [0.99 − 0.1·2/(2 + 1e-8), −1.98 + 0.1·4/(4 + 1e-8), 0.495 − 0]
    //        = [0.8900000004999999975, −1.8800000002499999994, 0.495]
    const w = { data: Float64Array.of(1, -2, 0.5), grad: Float64Array.of(2, -4, 0) };
    const opt = adamW(w, { lr: 0.1, weightDecay: 0.1 });
    opt.step();
    expectClose(w.data, [0.8900000004999999975, -1.8800000002499999994, 0.495]);
    expect(adamW(w).config).toEqual({ lr: 1e-3, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 1e-2 }); // PyTorch's AdamW defaults
  });
});

describe('SGD (torch.optim.SGD semantics)', () => {
  it('plain SGD: x ← x − lr·g', () => {
    const q = quadratic([1, -2]);
    run(sgd(q.flat, { lr: 0.1 }), q, 1);
    expectClose(q.flat.data, [0.8, -1.6], 1e-15); // [1 − 0.1·2, −2 + 0.1·4]
  });

  it('momentum 0.9, two steps (the buffer starts as the first gradient, undampened)', () => {
    const q = quadratic([1, -2]);
    const opt = sgd(q.flat, { lr: 0.1, momentum: 0.9 });
    // step 1: g = [2, −4]; buf = g; x = [1 − 0.2, −2 + 0.4] = [0.8, −1.6]
    run(opt, q, 1);
    expectClose(q.flat.data, [0.8, -1.6], 1e-15);
    // step 2: g = [1.6, −3.2]; buf = 0.9·[2, −4] + g = [3.4, −6.8]; x = [0.8 − 0.34, −1.6 + 0.68] = [0.46, −0.92]
    run(opt, q, 1);
    expectClose(opt.m, [3.4, -6.8], 1e-15);
    expectClose(q.flat.data, [0.46, -0.92], 1e-15);
  });

  it('Nesterov, two steps: d = g + μ·buf', () => {
    const q = quadratic([1, -2]);
    const opt = sgd(q.flat, { lr: 0.1, momentum: 0.9, nesterov: true });
    // step 1: buf = g = [2, −4]; d = g + 0.9·buf = [3.8, −7.6]; x = [1 − 0.38, −2 + 0.76] = [0.62, −1.24]
    run(opt, q, 1);
    expectClose(q.flat.data, [0.62, -1.24], 1e-15);
    // step 2: g = [1.24, −2.48]; buf = 0.9·[2, −4] + g = [3.04, −6.08]; d = g + 0.9·buf = [3.976, −7.952]
    //         x = [0.62 − 0.3976, −1.24 + 0.7952] = [0.2224, −0.4448]
    run(opt, q, 1);
    expectClose(q.flat.data, [0.2224, -0.4448], 1e-15);
  });

  it('dampening 0.5 applies from the second step; weightDecay adds wd·x to the gradient', () => {
    const q = quadratic([1, -2]);
    const opt = sgd(q.flat, { lr: 0.1, momentum: 0.9, dampening: 0.5 });
    // step 1 as undampened: x = [0.8, −1.6]; step 2: buf = 0.9·[2, −4] + 0.5·[1.6, −3.2] = [2.6, −5.2]
    // x = [0.8 − 0.26, −1.6 + 0.52] = [0.54, −1.08]
    run(opt, q, 2);
    expectClose(q.flat.data, [0.54, -1.08], 1e-15);
    const d = { data: Float64Array.of(1, -2), grad: Float64Array.of(2, -4) };
    sgd(d, { lr: 0.1, weightDecay: 0.5 }).step(); // d = [2 + 0.5, −4 − 1] = [2.5, −5]; x = [0.75, −1.5]
    expectClose(d.data, [0.75, -1.5], 1e-15);
  });
});

describe('configuration', () => {
  it('errors name the field and its allowed range', () => {
    const f = { data: new Float64Array(1), grad: new Float64Array(1) };
    expect(() => adam(f, { lr: -1 })).toThrow('adam: lr must be a finite number >= 0, got -1');
    expect(() => adam(f, { beta1: 1 })).toThrow('adam: beta1 must be a number in [0, 1), got 1');
    expect(() => adamW(f, { beta2: NaN })).toThrow('adamw: beta2 must be a number in [0, 1), got NaN');
    expect(() => adam(f, { eps: -1e-8 })).toThrow('adam: eps must be a finite number >= 0, got -1e-8');
    expect(() => adam(f, { learningRate: 1 } as never)).toThrow("adam: unknown config key 'learningRate'; allowed keys: lr, beta1, beta2, eps, weightDecay");
    expect(() => sgd(f, { momentum: -0.1 })).toThrow('sgd: momentum must be a finite number >= 0, got -0.1');
    expect(() => sgd(f, { nesterov: true })).toThrow('sgd: nesterov needs momentum > 0 and dampening = 0, got momentum 0, dampening 0');
    expect(() => adam({ data: new Float64Array(2), grad: new Float64Array(3) })).toThrow('adam: params.data has 2 elements but params.grad has 3');
    const opt = adam(f);
    expect(() => { opt.lr = Infinity; }).toThrow('adam: lr must be a finite number >= 0, got Infinity');
    opt.lr = 0.5;
    expect(opt.config.lr).toBe(0.5);
  });

  it('describes itself', () => {
    const opt = sgd({ data: new Float64Array(4), grad: new Float64Array(4) }, { lr: 0.1, momentum: 0.9 });
    expect(opt.toString()).toBe('SGD(lr=0.1, momentum=0.9, dampening=0, nesterov=false, weightDecay=0; t=0, 4 params)');
  });
});

describe('state', () => {
  it('getState copies; setState resumes bit-identically', () => {
    const q1 = quadratic([1, -2, 3]), q2 = quadratic([1, -2, 3]);
    const a = adam(q1.flat, { lr: 0.05 }), b = adam(q2.flat, { lr: 0.05 });
    run(a, q1, 3);
    const s = a.getState();
    expect(s.kind).toBe('adam');
    expect(s.t).toBe(3);
    expect(s.m).not.toBe(a.m);
    expectClose(s.m, a.m, 0);
    // b resumes from a's snapshot and parameters
    q2.flat.data.set(q1.flat.data);
    b.setState(s);
    run(a, q1, 4);
    run(b, q2, 4);
    expect(bytes(q2.flat.data)).toEqual(bytes(q1.flat.data));
    expect(bytes(b.v)).toEqual(bytes(a.v));
  });

  it('setState rejects another kind or size, naming both', () => {
    const f = { data: new Float64Array(2), grad: new Float64Array(2) };
    const s = sgd(f, { momentum: 0.9 }).getState();
    expect(() => adam(f).setState(s)).toThrow(`setState: state is for kind "sgd" but this optimizer is 'adam'`);
    const big = adam({ data: new Float64Array(3), grad: new Float64Array(3) }).getState();
    expect(() => adam(f).setState(big)).toThrow("setState: m has 3 elements, this optimizer's m has 2");
  });
});

describe('no allocation per step', () => {
  it('the moment arrays are the same objects after many steps', () => {
    const q = quadratic([1, -2]);
    const opt = adam(q.flat, { lr: 0.1 });
    const { m, v } = opt;
    run(opt, q, 10);
    expect(opt.m).toBe(m);
    expect(opt.v).toBe(v);
    expect(opt.params.data).toBe(q.flat.data);
  });

  it('an Arena-run forward + backward + step reuses the same buffers every call', () => {
    const rng = fromSeed(41);
    const net = mlp({ sizes: [3, 8, 1], activation: 'tanh', rng });
    const x = randn([16, 3], rng), y = randn([16, 1], rng);
    const opt = adam(net, { lr: 1e-2 });
    const arena = new Arena();
    const update = () => arena.run(() => {
      net.zeroGrad();
      const loss = mseLoss(net.forward(x), y);
      loss.backward();
      opt.step();
      return loss;
    });
    const first = update();
    const firstValue = first.item(); // copy out: the buffer is reused by the next run
    const stats1 = arena.stats();
    const second = update();
    const stats2 = arena.stats();
    const third = update();
    expect(arena.stats()).toEqual(stats2);
    expect(stats2).toEqual(stats1);
    expect(third.data).toBe(second.data); // same output buffer, overwritten
    expect(second.data).toBe(first.data);
    expect(third.item()).toBeLessThan(firstValue);
    expect(net.flat.grad.some((g) => g !== 0)).toBe(true); // gradients still reach the flat buffer
    expect(net.parameters()[0]!.tensor.grad!.buffer).toBe(net.flat.grad.buffer);
  });
});

describe('flat pairs made by hand', () => {
  it('works on any flat pair, e.g. a single tensor used as a parameter', () => {
    const w = tensor([1, -2], { requiresGrad: true });
    w.grad = new Float64Array(2);
    const opt = sgd({ data: w.data, grad: w.grad }, { lr: 0.5 });
    sum(mul(w, w)).backward(); // g = [2, −4]
    opt.step();
    expect(Array.from(w.data)).toEqual([0, 0]); // [1 − 0.5·2, −2 + 0.5·4]
  });
});
