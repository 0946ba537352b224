// Forward values of every op on small literal inputs, computed by hand (arithmetic in the
// comments), broadcasting result shapes, IEEE edge cases (−0, NaN, ±Infinity) and error messages.

import { describe, expect, it } from 'vitest';
import {
  abs,
  add,
  addScalar,
  broadcastShapes,
  clamp,
  concat,
  div,
  exp,
  fromData,
  full,
  gatherRows,
  leakyRelu,
  linear,
  log,
  logSoftmax,
  matmul,
  max,
  maximum,
  mean,
  minimum,
  mul,
  neg,
  oneHot,
  ones,
  pow,
  relu,
  reshape,
  scalar,
  scale,
  sigmoid,
  slice,
  softmax,
  softplus,
  sqrt,
  sub,
  sum,
  tanh,
  tensor,
  transpose,
  where,
  zeros,
  Tensor,
} from '../../lib/tensor/index.js';
import { vals } from './helpers.js';

const M = (): Tensor => tensor([[1, 2, 3], [4, 5, 6]]);

/** Exact comparison that tells +0 from −0 (toEqual on arrays does too, this names the index). */
function expectSameBits(actual: Tensor, expected: number[]): void {
  expect(actual.size).toBe(expected.length);
  expected.forEach((e, i) => expect(Object.is(actual.data[i], e), `element ${i}: got ${actual.data[i]}, want ${e}`).toBe(true));
}

describe('creation', () => {
  it('tensor() reads nested arrays row-major; zeros/ones/full/scalar/fromData', () => {
    const t = M();
    expect(t.shape).toEqual([2, 3]);
    expect(vals(t)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(t.toArray()).toEqual([[1, 2, 3], [4, 5, 6]]);
    expect(tensor(7).shape).toEqual([]);
    expect(tensor(7).item()).toBe(7);
    expect(vals(zeros([2]))).toEqual([0, 0]);
    expect(vals(ones([1, 2]))).toEqual([1, 1]);
    expect(vals(full([3], -2))).toEqual([-2, -2, -2]);
    expect(scalar(3).toArray()).toBe(3);
    const d = Float64Array.of(1, 2);
    expect(fromData(d, [2]).data).toBe(d); // not copied
  });

  it('rejects ragged arrays, non-numbers, bad shapes and size mismatches', () => {
    expect(() => tensor([[1, 2], [3]])).toThrow('tensor: ragged nested array at [1]: expected 2 elements on axis 1');
    expect(() => tensor([1, 'a'] as unknown as number[])).toThrow('tensor: element [1] must be a number, got string');
    expect(() => zeros([2, -1])).toThrow('zeros: shape[1] must be an integer >= 0, got -1 (shape [2,-1])');
    expect(() => fromData(new Float64Array(3), [2, 2])).toThrow('Tensor: data has 3 elements but shape [2,2] needs 4');
    expect(() => tensor([1, 2]).item()).toThrow('item(): tensor has shape [2], expected one element');
  });
});

describe('element-wise binary ops with broadcasting', () => {
  it('add / sub / mul / div on equal shapes', () => {
    const a = M(), b = tensor([[6, 5, 4], [3, 2, 1]]);
    expect(vals(add(a, b))).toEqual([7, 7, 7, 7, 7, 7]);
    expect(vals(sub(a, b))).toEqual([-5, -3, -1, 1, 3, 5]); // 1−6, 2−5, 3−4, 4−3, 5−2, 6−1
    expect(vals(mul(a, b))).toEqual([6, 10, 12, 12, 10, 6]);
    expect(vals(div(a, b))).toEqual([1 / 6, 2 / 5, 3 / 4, 4 / 3, 5 / 2, 6]);
  });

  it('[2,3] + [3] adds the row to each row; [2,1] * [1,3] is an outer product', () => {
    const r = add(M(), tensor([10, 20, 30]));
    expect(r.shape).toEqual([2, 3]);
    expect(vals(r)).toEqual([11, 22, 33, 14, 25, 36]);
    const o = mul(tensor([[1], [2]]), tensor([[1, 10, 100]]));
    expect(o.shape).toEqual([2, 3]);
    expect(vals(o)).toEqual([1, 10, 100, 2, 20, 200]);
  });

  it('[4,1,3] − [2,1] → [4,2,3]: out[i,j,k] = a[i,0,k] − b[j,0]', () => {
    const a = fromData(Float64Array.from({ length: 12 }, (_, i) => i), [4, 1, 3]); // a[i,0,k] = 3i + k
    const b = tensor([[100], [200]]);
    const r = sub(a, b);
    expect(r.shape).toEqual([4, 2, 3]);
    expect(r.toArray()).toEqual([
      [[-100, -99, -98], [-200, -199, -198]],
      [[-97, -96, -95], [-197, -196, -195]],
      [[-94, -93, -92], [-194, -193, -192]],
      [[-91, -90, -89], [-191, -190, -189]],
    ]);
  });

  it('numbers and scalar tensors broadcast on either side', () => {
    expect(vals(add(M(), 1))).toEqual([2, 3, 4, 5, 6, 7]);
    expect(vals(sub(10, M()))).toEqual([9, 8, 7, 6, 5, 4]);
    expect(vals(div(scalar(12), tensor([1, 2, 3])))).toEqual([12, 6, 4]);
    expect(add(2, 3).shape).toEqual([]);
    expect(add(2, 3).item()).toBe(5);
  });

  it('result shapes follow NumPy broadcasting', () => {
    const cases: Array<[number[], number[], number[]]> = [
      [[2, 3], [3], [2, 3]],
      [[2, 1], [1, 3], [2, 3]],
      [[4, 1, 3], [2, 1], [4, 2, 3]],
      [[], [2, 3], [2, 3]],
      [[5, 1, 1], [1, 4, 1], [5, 4, 1]],
      [[1], [0], [0]],
      [[3, 0], [1], [3, 0]],
      [[2, 1, 4], [3, 1], [2, 3, 4]],
    ];
    for (const [a, b, want] of cases) {
      expect(broadcastShapes('t', a, b)).toEqual(want);
      expect(add(zeros(a), zeros(b)).shape).toEqual(want);
      expect(mul(zeros(b), zeros(a)).shape).toEqual(want);
    }
    expect(add(zeros([3, 0]), ones([1])).size).toBe(0);
  });

  it('shape mismatches name the op and both shapes', () => {
    expect(() => add(zeros([2, 3]), zeros([4]))).toThrow('add: shapes [2,3] and [4] cannot be broadcast (axis -1 has 3 vs 4)');
    expect(() => sub(zeros([2, 3]), zeros([3, 2]))).toThrow('sub: shapes [2,3] and [3,2] cannot be broadcast');
    expect(() => mul(zeros([4, 2, 3]), zeros([3, 3]))).toThrow('mul: shapes [4,2,3] and [3,3] cannot be broadcast (axis -2 has 2 vs 3)');
    expect(() => div(zeros([2]), zeros([3]))).toThrow(/^div: shapes \[2\] and \[3\]/);
    expect(() => maximum(zeros([2]), zeros([3]))).toThrow(/^maximum: shapes/);
    expect(() => minimum(zeros([2]), zeros([3]))).toThrow(/^minimum: shapes/);
    expect(() => where(zeros([2]), zeros([3]), 0)).toThrow('where: shapes [2] and [3] cannot be broadcast');
    expect(() => add(zeros([2, 3]), zeros([4]))).toThrow(RangeError);
  });

  it('division by zeros follows IEEE: ±Infinity, NaN for 0/0, sign of −0 respected', () => {
    expectSameBits(div(tensor([1, -1, 0, 1]), tensor([0, 0, 0, -0])), [Infinity, -Infinity, NaN, -Infinity]);
  });

  it('maximum / minimum, ties, −0 and NaN', () => {
    const a = tensor([1, 5, 2, 3]), b = tensor([4, 2, 2, -3]);
    expect(vals(maximum(a, b))).toEqual([4, 5, 2, 3]);
    expect(vals(minimum(a, b))).toEqual([1, 2, 2, -3]);
    // A tie returns the first operand, so maximum(−0, 0) = −0 and maximum(0, −0) = 0.
    expectSameBits(maximum(tensor([-0, 0]), tensor([0, -0])), [-0, 0]);
    // NaN in either operand gives NaN, whichever side it is on (as NumPy / PyTorch).
    expectSameBits(maximum(tensor([NaN, 1]), tensor([1, NaN])), [NaN, NaN]);
    expectSameBits(minimum(tensor([NaN, 1]), tensor([1, NaN])), [NaN, NaN]);
  });

  it('where(cond, a, b) picks a where cond ≠ 0, with cond, a and b broadcast together', () => {
    const r = where(tensor([[1], [0]]), M(), tensor([-1, -2, -3]));
    expect(r.shape).toEqual([2, 3]);
    expect(vals(r)).toEqual([1, 2, 3, -1, -2, -3]);
    // cond [3] with values −2 (true), 0 (false), NaN (≠ 0, so true); b a number.
    expect(vals(where(tensor([-2, 0, NaN]), tensor([7, 8, 9]), 0))).toEqual([7, 0, 9]);
  });
});

describe('element-wise unary ops', () => {
  it('neg, exp, log, sqrt, abs on small values', () => {
    expectSameBits(neg(tensor([1, -2, 0])), [-1, 2, -0]);
    expect(vals(exp(tensor([0, 1, -Infinity])))).toEqual([1, Math.E, 0]);
    expect(vals(log(tensor([1, Math.E, 0])))).toEqual([0, 1, -Infinity]);
    expect(vals(log(tensor([-1])))[0]).toBeNaN();
    expect(vals(sqrt(tensor([4, 0, 2.25])))).toEqual([2, 0, 1.5]);
    expectSameBits(sqrt(tensor([-0, -1])), [-0, NaN]);
    expectSameBits(abs(tensor([-3, 2, -0])), [3, 2, 0]);
  });

  it('relu and leakyRelu: kink at 0, relu(−0) = +0, NaN propagates', () => {
    expectSameBits(relu(tensor([-2, -0, 0, 1.5, NaN])), [0, 0, 0, 1.5, NaN]);
    // 0.01·(−2) = −0.02; 0.2·(−2) = −0.4
    expect(vals(leakyRelu(tensor([-2, 3])))).toEqual([-0.02, 3]);
    expect(vals(leakyRelu(tensor([-2, 3]), 0.2))).toEqual([-0.4, 3]);
    expect(vals(leakyRelu(tensor([NaN])))[0]).toBeNaN();
    expect(() => leakyRelu(tensor([1]), NaN)).toThrow('leakyRelu: slope must be a finite number, got NaN');
  });

  it('tanh, sigmoid, softplus at 0 and moderate values', () => {
    expect(vals(tanh(tensor([0])))).toEqual([0]);
    expect(tanh(tensor([1])).item()).toBeCloseTo((Math.E - 1 / Math.E) / (Math.E + 1 / Math.E), 15);
    expect(vals(sigmoid(tensor([0])))).toEqual([0.5]);
    // σ(ln 3) = 1 / (1 + 1/3) = 0.75; σ(−ln 3) = 0.25
    expect(sigmoid(tensor([Math.log(3)])).item()).toBeCloseTo(0.75, 15);
    expect(sigmoid(tensor([-Math.log(3)])).item()).toBeCloseTo(0.25, 15);
    // softplus(0) = ln 2; softplus(ln 3) = ln(1 + 3) = ln 4
    expect(softplus(tensor([0])).item()).toBeCloseTo(Math.LN2, 15);
    expect(softplus(tensor([Math.log(3)])).item()).toBeCloseTo(Math.log(4), 15);
  });

  it('sigmoid, softplus and tanh are stable at ±1000 (no NaN, no overflow)', () => {
    expect(vals(sigmoid(tensor([1000, -1000])))).toEqual([1, 0]);
    // softplus(1000) = 1000 + log1p(e^−1000) = 1000; softplus(−1000) = log1p(e^−1000) = 0
    expect(vals(softplus(tensor([1000, -1000])))).toEqual([1000, 0]);
    expect(vals(tanh(tensor([1000, -1000])))).toEqual([1, -1]);
    // Just inside the range where the naive e^x would overflow: softplus(710) = 710 exactly in float64.
    expect(softplus(tensor([710])).item()).toBe(710);
    expect(vals(sigmoid(tensor([-800]))).every(Number.isFinite)).toBe(true);
  });

  it('pow, clamp, scale, addScalar', () => {
    expect(vals(pow(tensor([2, 3, -2]), 3))).toEqual([8, 27, -8]);
    expect(vals(pow(tensor([2, -3]), 2))).toEqual([4, 9]);
    expect(vals(pow(tensor([4, 9]), 0.5))).toEqual([2, 3]);
    expect(vals(pow(tensor([5, 0]), 0))).toEqual([1, 1]);
    expect(vals(pow(tensor([-8]), 1 / 3))[0]).toBeNaN(); // a fractional power of a negative
    expect(() => pow(tensor([1]), Infinity)).toThrow('pow: exponent must be a finite number, got Infinity');
    expect(vals(clamp(tensor([-2, -0.5, 0, 0.7, 3]), -1, 1))).toEqual([-1, -0.5, 0, 0.7, 1]);
    expect(vals(clamp(tensor([-2, 5]), 0, Infinity))).toEqual([0, 5]);
    expect(vals(clamp(tensor([NaN]), 0, 1))[0]).toBeNaN();
    expect(() => clamp(tensor([1]), 1, 0)).toThrow('clamp: need lo <= hi (not NaN), got lo=1, hi=0');
    expectSameBits(scale(tensor([1.5, 0, -2]), -2), [-3, -0, 4]);
    expect(vals(addScalar(tensor([1, -1]), 0.5))).toEqual([1.5, -0.5]);
  });

  it('keep the input shape', () => {
    for (const op of [neg, exp, abs, tanh, sigmoid, relu, softplus, (t: Tensor) => scale(t, 2)]) {
      expect(op(zeros([2, 1, 3])).shape).toEqual([2, 1, 3]);
    }
  });
});

describe('reductions', () => {
  // M = [[1,2,3],[4,5,6]]
  it('sum over all, each axis, negative axis, keepdims', () => {
    expect(sum(M()).shape).toEqual([]);
    expect(sum(M()).item()).toBe(21); // 1+2+3+4+5+6
    expect(vals(sum(M(), { axis: 0 }))).toEqual([5, 7, 9]); // 1+4, 2+5, 3+6
    expect(vals(sum(M(), { axis: 1 }))).toEqual([6, 15]); // 1+2+3, 4+5+6
    expect(vals(sum(M(), { axis: -1 }))).toEqual([6, 15]);
    expect(sum(M(), { axis: 0, keepdims: true }).shape).toEqual([1, 3]);
    expect(sum(M(), { axis: 1, keepdims: true }).shape).toEqual([2, 1]);
    expect(sum(M(), { keepdims: true }).shape).toEqual([1, 1]);
    expect(sum(M(), { axis: 1 }).shape).toEqual([2]);
  });

  it('sum over the middle axis of a [2,2,2]', () => {
    // t[i,j,k] = 4i + 2j + k; Σ_j = (4i + k) + (4i + 2 + k) = 8i + 2k + 2
    const t = fromData(Float64Array.from({ length: 8 }, (_, i) => i), [2, 2, 2]);
    expect(sum(t, { axis: 1 }).toArray()).toEqual([[2, 4], [10, 12]]);
  });

  it('mean over all and each axis; the mean of nothing is NaN', () => {
    expect(mean(M()).item()).toBe(3.5); // 21 / 6
    expect(vals(mean(M(), { axis: 0 }))).toEqual([2.5, 3.5, 4.5]);
    expect(vals(mean(M(), { axis: 1 }))).toEqual([2, 5]);
    expect(mean(M(), { axis: -2, keepdims: true }).shape).toEqual([1, 3]);
    expect(mean(zeros([0])).item()).toBeNaN();
    expect(sum(zeros([0])).item()).toBe(0);
  });

  it('max over all and each axis, NaN propagates, empty axis throws', () => {
    const t = tensor([[1, 7, 3], [4, 5, 6]]);
    expect(max(t).item()).toBe(7);
    expect(vals(max(t, { axis: 0 }))).toEqual([4, 7, 6]);
    expect(vals(max(t, { axis: 1 }))).toEqual([7, 6]);
    expect(max(t, { axis: 1, keepdims: true }).shape).toEqual([2, 1]);
    expect(max(tensor([1, NaN, 3])).item()).toBeNaN();
    expect(max(tensor([NaN, 1])).item()).toBeNaN();
    expect(max(tensor([-Infinity, -Infinity])).item()).toBe(-Infinity);
    expect(() => max(zeros([2, 0]), { axis: 1 })).toThrow('max: cannot reduce an empty axis (shape [2,0])');
  });

  it('bad axes name the op, the range and the shape', () => {
    expect(() => sum(M(), { axis: 2 })).toThrow('sum: axis must be an integer in [-2, 1] for shape [2,3], got 2');
    expect(() => mean(M(), { axis: -3 })).toThrow('mean: axis must be an integer in [-2, 1] for shape [2,3], got -3');
    expect(() => max(M(), { axis: 0.5 })).toThrow('max: axis must be an integer in [-2, 1] for shape [2,3], got 0.5');
    expect(() => concat([M(), M()], 2)).toThrow('concat: axis must be an integer in [-2, 1] for shape [2,3], got 2');
    expect(() => slice(M(), 5, 0, 1)).toThrow(/^slice: axis must be an integer in \[-2, 1\]/);
  });
});

describe('matmul and linear', () => {
  it('matmul on hand-sized matrices', () => {
    // [[1,2],[3,4]]·[[5,6],[7,8]] = [[1·5+2·7, 1·6+2·8], [3·5+4·7, 3·6+4·8]] = [[19,22],[43,50]]
    expect(matmul(tensor([[1, 2], [3, 4]]), tensor([[5, 6], [7, 8]])).toArray()).toEqual([[19, 22], [43, 50]]);
    // [1,5]·[5,1] with k = 5 (the kernel's unroll by 4 plus a remainder): 1+4+9+16+25 = 55
    expect(matmul(tensor([[1, 2, 3, 4, 5]]), tensor([[1], [2], [3], [4], [5]])).toArray()).toEqual([[55]]);
    // [2,3]·[3,1]: [1·1+2·0+3·(−1), 4·1+5·0+6·(−1)] = [−2, −2]
    const r = matmul(M(), tensor([[1], [0], [-1]]));
    expect(r.shape).toEqual([2, 1]);
    expect(vals(r)).toEqual([-2, -2]);
    // Inner size 0: an empty sum is 0.
    expect(vals(matmul(zeros([2, 0]), zeros([0, 2])))).toEqual([0, 0, 0, 0]);
  });

  it('matmul errors show both shapes', () => {
    const rule = 'matmul: expected [m,k] x [k,n] (or batched [B,m,k] x [B,k,n], or a 1-D [k] on either side), got';
    expect(() => matmul(zeros([2, 3]), zeros([2, 3]))).toThrow(`${rule} [2,3] x [2,3]`);
    expect(() => matmul(zeros([3]), zeros([2, 2]))).toThrow(`${rule} [3] x [2,2]`);
    expect(() => matmul(zeros([2, 2, 3]), zeros([2, 2]))).toThrow(`${rule} [2,2,3] x [2,2]`);
    expect(() => matmul(zeros([2, 2, 2]), zeros([3, 2, 2]))).toThrow(`${rule} [2,2,2] x [3,2,2]`); // batch 2 vs 3
    expect(() => matmul(zeros([1, 2, 2, 2]), zeros([2, 2]))).toThrow(`${rule} [1,2,2,2] x [2,2]`); // rank 4
    expect(() => matmul(scalar(1), zeros([1]))).toThrow(`${rule} [] x [1]`);
  });

  it('linear = act(x·W + b) for each activation', () => {
    const x = tensor([[1, 2]]);
    const W = tensor([[1, -1, 0.5], [2, 0, -1]]);
    const b = tensor([0.5, 1, -3]);
    // z = [1·1 + 2·2 + 0.5, 1·(−1) + 2·0 + 1, 1·0.5 + 2·(−1) − 3] = [5.5, 0, −4.5]
    expect(vals(linear(x, W, b))).toEqual([5.5, 0, -4.5]);
    expect(vals(linear(x, W, b, 'relu'))).toEqual([5.5, 0, 0]);
    expect(vals(linear(x, W, b, 'leakyRelu'))).toEqual([5.5, 0, -0.045]); // 0.01·(−4.5)
    expect(vals(linear(x, W, b, 'tanh'))).toEqual([Math.tanh(5.5), 0, Math.tanh(-4.5)]);
    expect(vals(linear(x, W, b, 'sigmoid'))[1]).toBe(0.5);
    // Without bias: z = [5, −1, −1.5]
    expect(vals(linear(x, W, null))).toEqual([5, -1, -1.5]);
    expect(linear(x, W, null, 'tanh').op).toBe('linear:tanh');
    expect(vals(linear(tensor([[NaN, 0]]), W, null, 'relu'))[0]).toBeNaN();
  });

  it('linear errors name all shapes and the activation', () => {
    expect(() => linear(zeros([2, 3]), zeros([4, 5]), null)).toThrow('linear: expected x [B,in] (or column blocks [B,w_j] with Σw_j = in), W [in,out], b [out], got x [2,3], W [4,5], b none');
    expect(() => linear(zeros([2, 3]), zeros([3, 5]), zeros([4]))).toThrow('linear: expected x [B,in] (or column blocks [B,w_j] with Σw_j = in), W [in,out], b [out], got x [2,3], W [3,5], b [4]');
    expect(() => linear(zeros([2, 3]), zeros([3, 5]), null, 'gelu' as 'relu')).toThrow("linear: activation must be one of identity, relu, tanh, sigmoid, leakyRelu, got 'gelu'");
  });
});

describe('shape ops', () => {
  it('reshape keeps row-major order, infers −1 and shares the buffer', () => {
    const r = reshape(M(), [3, 2]);
    expect(r.toArray()).toEqual([[1, 2], [3, 4], [5, 6]]);
    expect(reshape(M(), [-1]).shape).toEqual([6]);
    expect(reshape(M(), [3, -1]).shape).toEqual([3, 2]);
    expect(reshape(scalar(4), [1, 1]).shape).toEqual([1, 1]);
    const m = M();
    expect(reshape(m, [6]).data).toBe(m.data);
  });

  it('reshape errors', () => {
    expect(() => reshape(M(), [4])).toThrow('reshape: cannot reshape [2,3] (6 elements) to [4]');
    expect(() => reshape(zeros([5]), [2, -1])).toThrow('reshape: cannot reshape [5] (5 elements) to [2,-1]');
    expect(() => reshape(M(), [-1, -1])).toThrow('reshape: at most one extent may be -1, got [-1,-1]');
    expect(() => reshape(M(), [2, 1.5, 2])).toThrow('reshape: shape[1] must be an integer >= 0, got 1.5');
    expect(() => reshape(M(), [-2, -3])).toThrow(/^reshape: shape\[0\] must be an integer >= 0, got -2/);
  });

  it('transpose: default reverses axes, perm permutes them', () => {
    expect(transpose(M()).toArray()).toEqual([[1, 4], [2, 5], [3, 6]]);
    // t[i,j,k] = 4i + 2j + k; perm [1,2,0]: out[j,k,i] = t[i,j,k]
    const t = fromData(Float64Array.from({ length: 8 }, (_, i) => i), [2, 2, 2]);
    expect(transpose(t, [1, 2, 0]).toArray()).toEqual([[[0, 4], [1, 5]], [[2, 6], [3, 7]]]);
    expect(transpose(zeros([2, 3, 4]), [2, 0, 1]).shape).toEqual([4, 2, 3]);
    expect(transpose(scalar(5)).item()).toBe(5);
    expect(() => transpose(M(), [0, 0])).toThrow('transpose: perm must be a permutation of 0..1 for shape [2,3], got [0,0]');
    expect(() => transpose(M(), [0])).toThrow(/^transpose: perm must be a permutation/);
  });

  it('concat along each axis', () => {
    expect(concat([M(), tensor([[7, 8, 9]])], 0).toArray()).toEqual([[1, 2, 3], [4, 5, 6], [7, 8, 9]]);
    expect(concat([M(), tensor([[0], [-1]]), M()], 1).toArray()).toEqual([[1, 2, 3, 0, 1, 2, 3], [4, 5, 6, -1, 4, 5, 6]]);
    expect(concat([M(), M()], -1).shape).toEqual([2, 6]);
    expect(() => concat([M(), zeros([3, 2])], 0)).toThrow('concat: shapes [2,3] and [3,2] differ outside axis 0');
    expect(() => concat([])).toThrow('concat: need at least one tensor');
  });

  it('slice copies a block along one axis', () => {
    expect(slice(M(), 1, 1, 3).toArray()).toEqual([[2, 3], [5, 6]]);
    expect(slice(M(), 0, 1, 2).toArray()).toEqual([[4, 5, 6]]);
    expect(slice(M(), -1, 2, 2).shape).toEqual([2, 0]);
    expect(() => slice(M(), 1, 2, 4)).toThrow('slice: need integers 0 <= start <= end <= 3 on axis 1 of [2,3], got start=2, end=4');
    expect(() => slice(M(), 0, 1, 0)).toThrow(/^slice: need integers/);
  });

  it('gatherRows repeats rows in index order; oneHot', () => {
    expect(gatherRows(M(), [1, 0, 1]).toArray()).toEqual([[4, 5, 6], [1, 2, 3], [4, 5, 6]]);
    expect(gatherRows(tensor([5, 6, 7]), [2, 2]).toArray()).toEqual([7, 7]);
    expect(gatherRows(M(), []).shape).toEqual([0, 3]);
    expect(() => gatherRows(M(), [2])).toThrow('gatherRows: indices[0] = 2 is outside [0, 1]');
    expect(() => gatherRows(M(), [0.5])).toThrow('gatherRows: indices[0] = 0.5 is outside [0, 1]');
    expect(oneHot([2, 0], 3).toArray()).toEqual([[0, 0, 1], [1, 0, 0]]);
    expect(() => oneHot([3], 3)).toThrow('oneHot: indices[0] = 3 is outside [0, 2]');
  });
});

describe('softmax and logSoftmax over the last axis', () => {
  it('hand values: softmax([0, ln 2, ln 3]) = [1, 2, 3]/6', () => {
    const x = tensor([[0, Math.log(2), Math.log(3)], [5, 5, 5]]);
    const s = vals(softmax(x));
    [1 / 6, 2 / 6, 3 / 6, 1 / 3, 1 / 3, 1 / 3].forEach((v, i) => expect(s[i]).toBeCloseTo(v, 15));
    // logSoftmax = x − ln Σeˣ = [0, ln 2, ln 3] − ln 6 = [−ln 6, −ln 3, −ln 2]
    const l = vals(logSoftmax(x));
    [-Math.log(6), -Math.log(3), -Math.log(2), -Math.log(3), -Math.log(3), -Math.log(3)].forEach((v, i) => expect(l[i]).toBeCloseTo(v, 14));
  });

  it('large logits: no overflow, no NaN', () => {
    expect(vals(softmax(tensor([1000, 1000])))).toEqual([0.5, 0.5]);
    expect(vals(softmax(tensor([1000, 0])))).toEqual([1, 0]); // e^−1000 underflows to 0
    expect(vals(logSoftmax(tensor([1000, 0])))).toEqual([0, -1000]);
    expect(vals(softmax(tensor([-1000, -1000, -1000]))).every((v) => Math.abs(v - 1 / 3) < 1e-15)).toBe(true);
    // −Infinity logits get probability 0 (log-probability −Infinity) as long as one is finite.
    expect(vals(softmax(tensor([-Infinity, 0])))).toEqual([0, 1]);
    expect(vals(logSoftmax(tensor([-Infinity, 0])))).toEqual([-Infinity, 0]);
  });

  it('rows sum to 1 and keep the shape', () => {
    const y = softmax(fromData(Float64Array.from({ length: 12 }, (_, i) => Math.sin(i) * 3), [2, 2, 3]));
    expect(y.shape).toEqual([2, 2, 3]);
    const rows = vals(sum(y, { axis: -1 }));
    rows.forEach((r) => expect(r).toBeCloseTo(1, 15));
    expect(() => softmax(scalar(1))).toThrow('softmax: need a non-empty last axis, got []');
    expect(() => logSoftmax(zeros([2, 0]))).toThrow('logSoftmax: need a non-empty last axis, got [2,0]');
  });
});
