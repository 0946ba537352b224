// Hand-computed values and gradients for the ops of issue #12 (min, argmax/argmin, full-reduction
// ties, gather, pow with a tensor exponent, softmax/logSoftmax on any axis, batched and vector
// matmul), plus their error messages. Finite-difference checks are in gradients.test.ts.

import { describe, expect, it } from 'vitest';
import {
  argmax,
  argmin,
  fromData,
  gather,
  gatherRows,
  log,
  logSoftmax,
  matmul,
  max,
  min,
  pow,
  reshape,
  slice,
  softmax,
  sum,
  tensor,
  transpose,
  zeros,
} from '../../lib/tensor/index.js';
import { maxAbsDiff, param, streamFor, vals } from './helpers.js';

describe('min reduction', () => {
  it('over all elements and each axis, with keepdims', () => {
    const t = tensor([[1, 7, 3], [4, -5, 6]]);
    expect(min(t).item()).toBe(-5);
    expect(vals(min(t, { axis: 0 }))).toEqual([1, -5, 3]);
    expect(vals(min(t, { axis: 1 }))).toEqual([1, -5]);
    expect(vals(min(t, { axis: -1 }))).toEqual([1, -5]);
    expect(min(t, { axis: 1, keepdims: true }).shape).toEqual([2, 1]);
    expect(min(t, { keepdims: true }).shape).toEqual([1, 1]);
  });

  it('NaN propagates (it compares as the minimum); an empty axis and a bad axis throw', () => {
    expect(min(tensor([1, NaN, -3])).item()).toBeNaN();
    expect(vals(min(tensor([[NaN, 1], [2, 3]]), { axis: 0 }))).toEqual([NaN, 1]);
    expect(min(tensor([Infinity, Infinity])).item()).toBe(Infinity);
    expect(() => min(zeros([2, 0]), { axis: 1 })).toThrow('min: cannot reduce an empty axis (shape [2,0])');
    expect(() => min(zeros([2, 3]), { axis: 2 })).toThrow('min: axis must be an integer in [-2, 1] for shape [2,3], got 2');
  });

  it('per axis: the gradient goes to the first minimal element', () => {
    const m = tensor([[5, 1, 1], [0, 7, 0]], { requiresGrad: true });
    sum(min(m, { axis: 1 })).backward();
    expect(vals(m.grad)).toEqual([0, 1, 0, 1, 0, 0]);
  });
});

describe('full-reduction max/min with ties (torch.max(x) / torch.min(x) without dim)', () => {
  it('spread the gradient evenly over the tied elements', () => {
    // max = 5 at flat indices 1, 2, 3: each gets g/3 with g = 1.
    const a = tensor([[1, 5, 5], [5, 0, 2]], { requiresGrad: true });
    max(a).backward();
    expect(vals(a.grad)).toEqual([0, 1 / 3, 1 / 3, 1 / 3, 0, 0]);
    // min = 1 twice: ½ each; an upstream gradient of 4 (through keepdims) gives 2 each.
    const b = tensor([[2, 1], [1, 3]], { requiresGrad: true });
    min(b, { keepdims: true }).backward([4]);
    expect(vals(b.grad)).toEqual([0, 2, 2, 0]);
    // A unique extremum gets all of it.
    const c = tensor([1, 9, 2], { requiresGrad: true });
    max(c).backward();
    expect(vals(c.grad)).toEqual([0, 1, 0]);
  });

  it('a NaN result spreads the gradient over the NaNs, as PyTorch', () => {
    const a = tensor([1, NaN, 3, NaN], { requiresGrad: true });
    const y = max(a);
    expect(y.item()).toBeNaN();
    y.backward();
    expect(vals(a.grad)).toEqual([0, 0.5, 0, 0.5]);
  });

  it('the per-axis form of the same tensor sends it to one index (the one argmax returns)', () => {
    const a = tensor([[5, 5, 1]], { requiresGrad: true });
    sum(max(a, { axis: 1 })).backward();
    expect(vals(a.grad)).toEqual([1, 0, 0]);
    expect(vals(argmax(a, { axis: 1 }))).toEqual([0]);
    const b = tensor([[5, 5, 1]], { requiresGrad: true });
    max(b).backward();
    expect(vals(b.grad)).toEqual([0.5, 0.5, 0]);
  });
});

describe('argmax / argmin', () => {
  const t = tensor([[1, 7, 7], [4, -5, 4]]);

  it('per axis, ties → lowest index; integer-valued float64 results with the reduced shape', () => {
    expect(vals(argmax(t, { axis: 1 }))).toEqual([1, 0]); // row 0: 7 at 1 and 2 → 1; row 1: 4 at 0 and 2 → 0
    expect(vals(argmin(t, { axis: 1 }))).toEqual([0, 1]);
    expect(vals(argmax(t, { axis: 0 }))).toEqual([1, 0, 0]); // columns: max(1,4) → 1, max(7,−5) → 0, max(7,4) → 0
    expect(vals(argmin(t, { axis: -2 }))).toEqual([0, 1, 1]);
    expect(argmax(t, { axis: 1, keepdims: true }).shape).toEqual([2, 1]);
    expect(argmax(t, { axis: 1 }).shape).toEqual([2]);
  });

  it('without an axis: the flat row-major index over all elements', () => {
    expect(argmax(t).item()).toBe(1); // 7 at flat 1 and 2 → 1
    expect(argmin(t).item()).toBe(4); // −5 at flat 4
    expect(argmax(t).shape).toEqual([]);
  });

  it('NaN counts as the extremum (first NaN wins); empty axes and bad axes throw', () => {
    expect(vals(argmax(tensor([1, NaN, 9, NaN])))).toEqual([1]);
    expect(vals(argmin(tensor([1, NaN, -9])))).toEqual([1]);
    expect(() => argmax(zeros([0]))).toThrow('argmax: cannot reduce an empty axis (shape [0])');
    expect(() => argmin(zeros([2, 3]), { axis: -3 })).toThrow('argmin: axis must be an integer in [-2, 1] for shape [2,3], got -3');
  });

  it('agrees with where max/min per axis send their gradient, on random [4,5,3] data', () => {
    const x = param(streamFor('apiOps', 'argmax-vs-max'), [4, 5, 3]);
    for (const [arg, red] of [[argmax, max], [argmin, min]] as const) {
      x.grad = null;
      sum(red(x, { axis: 1 })).backward();
      const idx = vals(arg(x, { axis: 1 }));
      // The gradient of element (o, k, j) is 1 exactly when k = arg[o, j].
      for (let o = 0; o < 4; o++) for (let k = 0; k < 5; k++) for (let j = 0; j < 3; j++) {
        expect(x.grad![(o * 5 + k) * 3 + j]).toBe(idx[o * 3 + j] === k ? 1 : 0);
      }
    }
  });
});

describe('gather', () => {
  it('axis 1 picks within rows, axis 0 within columns (by hand)', () => {
    const a = tensor([[10, 11, 12], [20, 21, 22]]);
    // axis 1: out[i][j] = a[i][index[i][j]]
    expect(gather(a, 1, tensor([[2, 0], [1, 1]])).toArray()).toEqual([[12, 10], [21, 21]]);
    // axis 0: out[i][j] = a[index[i][j]][j]
    expect(gather(a, 0, tensor([[1, 0, 1]])).toArray()).toEqual([[20, 11, 22]]);
    // rank 3, axis −1, index shorter on the other axes: out[0][1][0] = a[0][1][index 2]
    const b = fromData(Float64Array.from({ length: 12 }, (_, i) => i), [2, 2, 3]);
    expect(gather(b, -1, tensor([[[2], [2]]])).toArray()).toEqual([[[2], [5]]]);
  });

  it('DQN pick Q(s, a): gather(q, 1, actions [B,1]) equals gatherRows on the flattened q, values and gradients', () => {
    const q1 = param(streamFor('apiOps', 'dqn'), [4, 3]);
    const q2 = fromData(q1.data.slice(), q1.shape, { requiresGrad: true });
    const actions = [2, 0, 0, 1];
    const y1 = gather(q1, 1, fromData(Float64Array.from(actions), [4, 1]));
    const y2 = gatherRows(reshape(q2, [12, 1]), actions.map((a, b) => b * 3 + a));
    expect(y1.shape).toEqual([4, 1]);
    expect(vals(y1)).toEqual(vals(y2));
    y1.backward([1, 2, 3, 4]);
    y2.backward([1, 2, 3, 4]);
    expect(vals(q1.grad)).toEqual(vals(q2.grad));
  });

  it('backward is a scatter-add: an element picked twice gets both gradients; index gets none', () => {
    const a = tensor([1, 2, 3], { requiresGrad: true });
    const index = tensor([2, 0, 2], { requiresGrad: true });
    gather(a, 0, index).backward([10, 20, 30]);
    expect(vals(a.grad)).toEqual([20, 0, 10 + 30]);
    expect(index.grad).toBeNull();
  });

  it('rejects bad indices and shapes, naming the position and the allowed range', () => {
    const a = zeros([2, 3]);
    expect(() => gather(a, 1, tensor([[0, 3]]))).toThrow('gather: index value 3 at [0,1] is outside [0, 2] (axis 1 of [2,3]); indices must be integers');
    expect(() => gather(a, 1, tensor([[0.5]]))).toThrow('gather: index value 0.5 at [0,0] is outside [0, 2]');
    expect(() => gather(a, 0, tensor([[-1, 0, 0]]))).toThrow('gather: index value -1 at [0,0] is outside [0, 1]');
    expect(() => gather(a, 1, tensor([0, 1]))).toThrow('gather: index [2] must have the rank of a [2,3] and extents <= a\'s on every axis but 1');
    expect(() => gather(a, 1, zeros([3, 1]))).toThrow('gather: index [3,1] must have the rank of a [2,3]');
    expect(() => gather(a, 2, zeros([2, 1]))).toThrow('gather: axis must be an integer in [-2, 1] for shape [2,3], got 2');
  });
});

describe('pow with a tensor exponent', () => {
  it('values and both gradients by hand', () => {
    const a = tensor([2, 3], { requiresGrad: true }), p = tensor([3, 0.5], { requiresGrad: true });
    const y = pow(a, p);
    // y = [2³, 3^½] = [8, √3]
    expect(vals(y)).toEqual([8, Math.sqrt(3)]);
    y.backward([1, 1]);
    // ∂/∂a = p·a^(p−1) = [3·2² = 12, ½·3^(−½)];  ∂/∂p = aᵖ·ln a = [8·ln 2, √3·ln 3]
    expect(a.grad![0]).toBe(12);
    expect(a.grad![1]).toBeCloseTo(0.5 / Math.sqrt(3), 15);
    expect(p.grad![0]).toBeCloseTo(8 * Math.LN2, 14);
    expect(p.grad![1]).toBeCloseTo(Math.sqrt(3) * Math.log(3), 14);
  });

  it('broadcasts (a [2,2] ^ p [2]) and takes a number base', () => {
    expect(pow(tensor([[1, 2], [3, 4]]), tensor([2, 3])).toArray()).toEqual([[1, 8], [9, 64]]);
    const p = tensor([0, 1, 3], { requiresGrad: true });
    const y = pow(2, p);
    expect(vals(y)).toEqual([1, 2, 8]);
    y.backward([1, 1, 1]);
    // d(2ᵖ)/dp = 2ᵖ·ln 2
    expect(vals(p.grad)).toEqual([Math.LN2, 2 * Math.LN2, 8 * Math.LN2]);
  });

  it('base ≤ 0: the documented conventions (PyTorch\'s)', () => {
    const a = tensor([0, 0, 0, -2, -2], { requiresGrad: true });
    const p = tensor([2, 0, -1, 2, 0.5], { requiresGrad: true });
    const y = pow(a, p);
    // 0² = 0, 0⁰ = 1, 0⁻¹ = +∞, (−2)² = 4, (−2)^½ = NaN (no real root)
    expect(vals(y)).toEqual([0, 1, Infinity, 4, NaN]);
    y.backward([1, 1, 1, 1, 1]);
    // ∂/∂a = p·a^(p−1): 2·0¹ = 0; p = 0 → 0; −1·0⁻² = −∞; 2·(−2)¹ = −4; ½·(−2)^(−½) = NaN
    expect(vals(a.grad)).toEqual([0, 0, -Infinity, -4, NaN]);
    // ∂/∂p = aᵖ·ln a: 0 at a = 0 with p ≥ 0; ∞·ln 0 = ∞·(−∞) = −∞ at a = 0, p < 0; NaN for a < 0
    expect(vals(p.grad)).toEqual([0, 0, -Infinity, NaN, NaN]);
  });

  it('a number exponent keeps the one-input op (no exponent gradient), and rejects a non-finite one', () => {
    const a = tensor([2, -3], { requiresGrad: true });
    const y = pow(a, 3);
    expect(y.inputs).toEqual([a]);
    expect(vals(y)).toEqual([8, -27]);
    expect(() => pow(a, NaN)).toThrow('pow: exponent must be a finite number, got NaN');
    expect(() => pow(tensor([1, 2]), tensor([1, 2, 3]))).toThrow('pow: shapes [2] and [3] cannot be broadcast');
  });
});

describe('softmax / logSoftmax on any axis', () => {
  it('axis 0 by hand: columns normalised', () => {
    // x = [[0, 0], [ln 3, 0]]: column 0 → [1, 3]/4, column 1 → [1, 1]/2
    const x = tensor([[0, 0], [Math.log(3), 0]]);
    const y = vals(softmax(x, 0));
    expect(maxAbsDiff(y, [0.25, 0.5, 0.75, 0.5])).toBeLessThanOrEqual(1e-15);
    const ly = vals(logSoftmax(x, 0));
    expect(maxAbsDiff(ly, [Math.log(0.25), Math.log(0.5), Math.log(0.75), Math.log(0.5)])).toBeLessThanOrEqual(1e-15);
  });

  it('a middle axis equals the last axis of the transposed tensor, bit for bit', () => {
    const x = param(streamFor('apiOps', 'softmax-axis'), [2, 3, 4], -3, 3);
    for (const op of [softmax, logSoftmax]) {
      const viaAxis = op(x, 1);
      const viaLast = transpose(op(transpose(x, [0, 2, 1])), [0, 2, 1]);
      expect(vals(viaAxis)).toEqual(vals(viaLast));
    }
  });

  it('the default axis is the last: softmax(x) and softmax(x, −1), softmax(x, rank−1) are identical', () => {
    const x = param(streamFor('apiOps', 'softmax-default'), [3, 4], -3, 3);
    expect(vals(softmax(x))).toEqual(vals(softmax(x, -1)));
    expect(vals(softmax(x))).toEqual(vals(softmax(x, 1)));
    expect(vals(logSoftmax(x))).toEqual(vals(logSoftmax(x, 1)));
    // logSoftmax = log(softmax) (to rounding)
    expect(maxAbsDiff(vals(logSoftmax(x, 0)), vals(log(softmax(x, 0))))).toBeLessThanOrEqual(1e-14);
  });

  it('is stable along a non-last axis with logits ±1000', () => {
    const x = tensor([[1000, -1000], [0, -1000], [999, -999.5]]);
    const y = vals(softmax(x, 0));
    expect(y.every(Number.isFinite)).toBe(true);
    // column 0: e^0, e^−1000, e^−1 over their sum → [e/(e+1), 0, 1/(e+1)]
    expect(y[0]).toBeCloseTo(Math.E / (Math.E + 1), 15);
    expect(y[2]).toBe(0);
    expect(y[4]).toBeCloseTo(1 / (Math.E + 1), 15);
    expect(vals(logSoftmax(x, 0)).every(Number.isFinite)).toBe(true);
  });

  it('bad axes name the op and the shape', () => {
    expect(() => softmax(zeros([2, 3]), 2)).toThrow('softmax: axis must be an integer in [-2, 1] for shape [2,3], got 2');
    expect(() => logSoftmax(zeros([0, 3]), 0)).toThrow('logSoftmax: need a non-empty axis 0, got [0,3]');
  });
});

describe('matmul: batched and with vectors', () => {
  it('hand values: [2,2] @ [2] (matrix-vector), [2] @ [2,2] (vector-matrix), [3] @ [3] (dot)', () => {
    const A = tensor([[1, 2], [3, 4]]), v = tensor([5, 6]);
    // [1·5 + 2·6, 3·5 + 4·6] = [17, 39]
    expect(matmul(A, v).toArray()).toEqual([17, 39]);
    // [5·1 + 6·3, 5·2 + 6·4] = [23, 34]
    expect(matmul(v, A).toArray()).toEqual([23, 34]);
    // 1·4 + 2·5 + 3·6 = 32
    const d = matmul(tensor([1, 2, 3]), tensor([4, 5, 6]));
    expect(d.shape).toEqual([]);
    expect(d.item()).toBe(32);
  });

  it('hand values: batched [2,1,2] @ [2,2,1] and shapes of every combination', () => {
    // batch 0: [1,2]·[[3],[4]] = 11; batch 1: [5,6]·[[7],[8]] = 83
    expect(matmul(tensor([[[1, 2]], [[5, 6]]]), tensor([[[3], [4]], [[7], [8]]])).toArray()).toEqual([[[11]], [[83]]]);
    const s = (a: number[], b: number[]): readonly number[] => matmul(zeros(a), zeros(b)).shape;
    expect(s([4, 2, 3], [4, 3, 5])).toEqual([4, 2, 5]);
    expect(s([4, 2, 3], [3, 5])).toEqual([4, 2, 5]);
    expect(s([2, 3], [4, 3, 5])).toEqual([4, 2, 5]);
    expect(s([1, 2, 3], [4, 3, 5])).toEqual([4, 2, 5]);
    expect(s([4, 2, 3], [3])).toEqual([4, 2]);
    expect(s([3], [4, 3, 5])).toEqual([4, 5]);
    expect(s([2, 3], [3])).toEqual([2]);
    expect(s([3], [3, 5])).toEqual([5]);
  });

  it('each batch equals the 2-D matmul of its slices, bit for bit; a shared b gets the sum of the batch gradients', () => {
    const r = streamFor('apiOps', 'batched');
    const a = param(r, [3, 4, 5]), b = param(r, [5, 2]);
    const y = matmul(a, b);
    const up = Float64Array.from({ length: 24 }, (_, i) => Math.sin(i + 1));
    y.backward(up);
    const gb = new Float64Array(10);
    for (let i = 0; i < 3; i++) {
      const ai = fromData(slice(a, 0, i, i + 1).data.slice(), [4, 5], { requiresGrad: true });
      const bi = fromData(b.data.slice(), [5, 2], { requiresGrad: true });
      const yi = matmul(ai, bi);
      expect(vals(yi)).toEqual(vals(y).slice(i * 8, (i + 1) * 8));
      yi.backward(up.subarray(i * 8, (i + 1) * 8));
      expect(vals(ai.grad)).toEqual(Array.from(a.grad!.subarray(i * 20, (i + 1) * 20)));
      for (let j = 0; j < 10; j++) gb[j] = gb[j]! + bi.grad![j]!;
    }
    expect(maxAbsDiff(b.grad!, gb)).toBeLessThanOrEqual(1e-14);
  });
});
