// Gradient checks (STYLE §3.7 kind 1): every entry of OP_CATALOGUE against central finite
// differences in float64, plus tinygrad's checklist (variable used twice, broadcast inputs, unused
// input, non-scalar output needs an upstream gradient) and the fused linear kernel against the
// composed ops.
//
// Metric (lib/tensor/gradcheck.ts): per element |analytic − numeric| / max(1, |analytic|,
// |numeric|), step h = 1e-6. Central differences in float64 are accurate to ~1e-9 here (h² from
// truncation plus ~1e-16/h from rounding); a wrong VJP is off by O(1). Tolerance: TOL below.
//
// Inputs are seeded (one named stream per case) and kept away from kinks: relu/leakyRelu/abs
// inputs at least 0.2 from 0, clamp inputs at least 0.1 from its bounds, maximum/minimum operands
// at least 0.2 apart, max/min-reduction values pairwise 0.2 apart, log/sqrt/pow bases positive, fused
// relu pre-activations at least 0.02 from 0.

import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type Rng } from '../../lib/random/index.js';
import {
  ACTIVATIONS,
  abs,
  add,
  addScalar,
  assertGradCheck,
  clamp,
  concat,
  zeros,
  div,
  exp,
  fromData,
  gather,
  gatherRows,
  gradCheck,
  leakyRelu,
  linear,
  log,
  logSoftmax,
  makeResult,
  matmul,
  max,
  maximum,
  mean,
  min,
  minimum,
  mul,
  argmax,
  argmin,
  neg,
  noGrad,
  OP_CATALOGUE,
  pow,
  relu,
  reshape,
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
  gradOf,
  type Activation,
  type GradCheckOptions,
  type Tensor,
} from '../../lib/tensor/index.js';
import { awayFromZero, copyLeaf, distinct, maxAbsDiff, opsIn, param, streamFor, vals } from './helpers.js';

/** Accepted gradCheck error (see the header); the largest observed over all cases is ~6e-9. */
const TOL = 1e-7;

interface GradCase {
  readonly title: string;
  /** Fresh inputs, all requiring gradients, drawn from the case's own stream. */
  readonly inputs: (rng: Rng) => Tensor[];
  readonly f: (...xs: Tensor[]) => Tensor;
  readonly opts?: GradCheckOptions;
}

/** Inputs with |a − b| ≥ gap everywhere after broadcasting b to a's shape (b's shape a suffix of a's). */
function apart(rng: Rng, aShape: number[], bShape: number[], gap = 0.2): Tensor[] {
  const b = param(rng, bShape);
  const off = awayFromZero(rng, aShape, gap, 1);
  const bb = noGrad(() => add(off, b)); // a = b (broadcast) + signed offset
  return [copyLeaf(bb), b];
}

/** Pre-activations x·W (+ b) at least `margin` from 0 everywhere (for relu / leakyRelu kinks). */
function linearInputs(rng: Rng, withBias: boolean, margin = 0.02): Tensor[] {
  for (let attempt = 0; attempt < 200; attempt++) {
    const x = param(rng, [5, 6]), W = param(rng, [6, 7]), b = param(rng, [7]);
    const z = noGrad(() => (withBias ? add(matmul(x, W), b) : matmul(x, W)));
    if (vals(z).every((v) => Math.abs(v) >= margin)) return withBias ? [x, W, b] : [x, W];
  }
  throw new Error('linearInputs: no draw kept the pre-activations away from 0');
}

/** x [5,6] of `linearInputs` split into column blocks [5,2], [5,3], [5,1] (leaves), then W (and b). */
function blockInputs(rng: Rng, withBias: boolean): Tensor[] {
  const [x, ...rest] = linearInputs(rng, withBias);
  const blocks = noGrad(() => [slice(x!, 1, 0, 2), slice(x!, 1, 2, 5), slice(x!, 1, 5, 6)]).map((t) => copyLeaf(t));
  return [...blocks, ...rest];
}

const fusedCases: GradCase[] = ACTIVATIONS.flatMap((act) => [
  { title: `${act}, with bias, x [5,6] W [6,7] b [7]`, inputs: (r: Rng) => linearInputs(r, true), f: (x: Tensor, W: Tensor, b: Tensor) => linear(x, W, b, act) },
  { title: `${act}, without bias`, inputs: (r: Rng) => linearInputs(r, false), f: (x: Tensor, W: Tensor) => linear(x, W, null, act) },
  { title: `${act}, x as column blocks [5,2] [5,3] [5,1], with bias`, inputs: (r: Rng) => blockInputs(r, true), f: (x1: Tensor, x2: Tensor, x3: Tensor, W: Tensor, b: Tensor) => linear([x1, x2, x3], W, b, act) },
]);

/** Values of clamp's input kept ≥ 0.1 from the bounds ±0.5, some inside and some outside. */
function clampInput(rng: Rng, shape: number[]): Tensor[] {
  const t = param(rng, shape, -1.2, 1.2);
  for (let i = 0; i < t.size; i++) {
    const v = t.data[i]!;
    if (Math.abs(Math.abs(v) - 0.5) < 0.1) t.data[i] = v + Math.sign(v) * 0.25;
  }
  return [t];
}

/**
 * The gradient cases, keyed by catalogue name. Each case must build a graph containing its op;
 * the tests below fail when a catalogue entry has no case or a case names no catalogue entry.
 */
const CASES: Record<string, readonly GradCase[]> = {
  add: [
    { title: '[2,3] + [2,3]', inputs: (r) => [param(r, [2, 3]), param(r, [2, 3])], f: (a, b) => add(a, b) },
    { title: '[2,3] + [3] (row broadcast)', inputs: (r) => [param(r, [2, 3]), param(r, [3])], f: (a, b) => add(a, b) },
    { title: '[2,1] + [1,3] (both broadcast)', inputs: (r) => [param(r, [2, 1]), param(r, [1, 3])], f: (a, b) => add(a, b) },
    { title: 'scalar [] + [2,3]', inputs: (r) => [param(r, []), param(r, [2, 3])], f: (a, b) => add(a, b) },
    { title: 'add(x, x): one variable used twice', inputs: (r) => [param(r, [2, 3])], f: (x) => add(x, x) },
  ],
  sub: [
    { title: '[4,1,3] − [2,1] → [4,2,3]', inputs: (r) => [param(r, [4, 1, 3]), param(r, [2, 1])], f: (a, b) => sub(a, b) },
    { title: '[3] − scalar', inputs: (r) => [param(r, [3]), param(r, [])], f: (a, b) => sub(a, b) },
    { title: 'x − x', inputs: (r) => [param(r, [2, 2])], f: (x) => sub(x, x) },
  ],
  mul: [
    { title: 'mul(x, x): one variable used twice', inputs: (r) => [param(r, [2, 3])], f: (x) => mul(x, x) },
    { title: '[2,1] * [1,3]', inputs: (r) => [param(r, [2, 1]), param(r, [1, 3])], f: (a, b) => mul(a, b) },
    { title: '[2,3] * [3]', inputs: (r) => [param(r, [2, 3]), param(r, [3])], f: (a, b) => mul(a, b) },
    { title: 'scalar * [4,1,3]', inputs: (r) => [param(r, []), param(r, [4, 1, 3])], f: (a, b) => mul(a, b) },
  ],
  div: [
    { title: '[2,3] / [3], |b| ≥ 0.5', inputs: (r) => [param(r, [2, 3]), awayFromZero(r, [3], 0.5, 2)], f: (a, b) => div(a, b) },
    { title: '[2,1] / [1,3]', inputs: (r) => [param(r, [2, 1]), awayFromZero(r, [1, 3], 0.5, 2)], f: (a, b) => div(a, b) },
    { title: 'x / x (used twice, constant 1)', inputs: (r) => [awayFromZero(r, [3], 0.5, 2)], f: (x) => div(x, x) },
  ],
  maximum: [
    { title: '[2,3] vs [2,3], operands ≥ 0.2 apart', inputs: (r) => apart(r, [2, 3], [2, 3]), f: (a, b) => maximum(a, b) },
    { title: '[2,3] vs [3] broadcast', inputs: (r) => apart(r, [2, 3], [3]), f: (a, b) => maximum(a, b) },
  ],
  minimum: [
    { title: '[2,3] vs [2,3], operands ≥ 0.2 apart', inputs: (r) => apart(r, [2, 3], [2, 3]), f: (a, b) => minimum(a, b) },
    { title: '[4,1,3] vs [1,3] broadcast', inputs: (r) => apart(r, [4, 1, 3], [1, 3]), f: (a, b) => minimum(a, b) },
  ],
  where: [
    {
      title: 'cond [2,1] broadcast over a [2,3], b [3]',
      inputs: (r) => [param(r, [2, 3]), param(r, [3])],
      f: (a, b) => where(tensor([[1], [0]]), a, b),
    },
    {
      title: 'cond [3] (values −2, 0, 0.5) over a [2,3], b [2,3]',
      inputs: (r) => [param(r, [2, 3]), param(r, [2, 3])],
      f: (a, b) => where(tensor([-2, 0, 0.5]), a, b),
    },
  ],
  neg: [{ title: '[2,3]', inputs: (r) => [param(r, [2, 3])], f: (a) => neg(a) }],
  exp: [{ title: '[2,3] in [−2, 2)', inputs: (r) => [param(r, [2, 3], -2, 2)], f: (a) => exp(a) }],
  log: [{ title: '[2,3] in [0.2, 3)', inputs: (r) => [param(r, [2, 3], 0.2, 3)], f: (a) => log(a) }],
  sqrt: [{ title: '[2,3] in [0.2, 3)', inputs: (r) => [param(r, [2, 3], 0.2, 3)], f: (a) => sqrt(a) }],
  abs: [{ title: '[2,3], |x| ≥ 0.2', inputs: (r) => [awayFromZero(r, [2, 3])], f: (a) => abs(a) }],
  tanh: [{ title: '[2,3] in [−2, 2)', inputs: (r) => [param(r, [2, 3], -2, 2)], f: (a) => tanh(a) }],
  sigmoid: [{ title: '[2,3] in [−3, 3)', inputs: (r) => [param(r, [2, 3], -3, 3)], f: (a) => sigmoid(a) }],
  relu: [{ title: '[2,3], |x| ≥ 0.2', inputs: (r) => [awayFromZero(r, [2, 3])], f: (a) => relu(a) }],
  leakyRelu: [
    { title: 'default slope 0.01, |x| ≥ 0.2', inputs: (r) => [awayFromZero(r, [2, 3])], f: (a) => leakyRelu(a) },
    { title: 'slope 0.2', inputs: (r) => [awayFromZero(r, [2, 3])], f: (a) => leakyRelu(a, 0.2) },
  ],
  softplus: [{ title: '[2,3] in [−4, 4)', inputs: (r) => [param(r, [2, 3], -4, 4)], f: (a) => softplus(a) }],
  pow: [
    { title: 'p = 2', inputs: (r) => [param(r, [2, 3])], f: (a) => pow(a, 2) },
    { title: 'p = 3', inputs: (r) => [param(r, [2, 3])], f: (a) => pow(a, 3) },
    { title: 'p = 0.5, x in [0.2, 3)', inputs: (r) => [param(r, [2, 3], 0.2, 3)], f: (a) => pow(a, 0.5) },
    { title: 'p = −1.5, x in [0.5, 3)', inputs: (r) => [param(r, [2, 3], 0.5, 3)], f: (a) => pow(a, -1.5) },
    { title: 'p = 0 (gradient 0)', inputs: (r) => [param(r, [3])], f: (a) => pow(a, 0) },
    { title: 'tensor exponent: a [2,3] in [0.2, 3), p [2,3] in [−2, 2)', inputs: (r) => [param(r, [2, 3], 0.2, 3), param(r, [2, 3], -2, 2)], f: (a, p) => pow(a, p) },
    { title: 'tensor exponent broadcast: a [2,3], p [3]', inputs: (r) => [param(r, [2, 3], 0.2, 3), param(r, [3], -2, 2)], f: (a, p) => pow(a, p) },
    { title: 'tensor exponent broadcast: a [3], p [2,1]', inputs: (r) => [param(r, [3], 0.2, 3), param(r, [2, 1], -2, 2)], f: (a, p) => pow(a, p) },
    { title: 'number base 2, tensor exponent [4]', inputs: (r) => [param(r, [4], -2, 2)], f: (p) => pow(2, p) },
    { title: 'pow(x, x): one variable as base and exponent', inputs: (r) => [param(r, [3], 0.2, 3)], f: (x) => pow(x, x) },
  ],
  clamp: [
    { title: '[−0.5, 0.5], inputs inside and outside, ≥ 0.1 from the bounds', inputs: (r) => clampInput(r, [3, 4]), f: (a) => clamp(a, -0.5, 0.5) },
    { title: 'one-sided [0, ∞) on |x| ≥ 0.2', inputs: (r) => [awayFromZero(r, [2, 3])], f: (a) => clamp(a, 0, Infinity) },
  ],
  scale: [{ title: 's = −2.5', inputs: (r) => [param(r, [2, 3])], f: (a) => scale(a, -2.5) }],
  addScalar: [{ title: 's = 3', inputs: (r) => [param(r, [2, 3])], f: (a) => addScalar(a, 3) }],
  sum: reductionCases((a, axis, keepdims) => sum(a, axis === undefined ? { keepdims } : { axis, keepdims }), param),
  mean: reductionCases((a, axis, keepdims) => mean(a, axis === undefined ? { keepdims } : { axis, keepdims }), param),
  max: reductionCases((a, axis, keepdims) => max(a, axis === undefined ? { keepdims } : { axis, keepdims }), (r, s) => distinct(r, s)),
  min: reductionCases((a, axis, keepdims) => min(a, axis === undefined ? { keepdims } : { axis, keepdims }), (r, s) => distinct(r, s)),
  matmul: [
    { title: '[3,5] x [5,2]', inputs: (r) => [param(r, [3, 5]), param(r, [5, 2])], f: (a, b) => matmul(a, b) },
    { title: '[5,4] x [4,7] (kernel unroll remainders)', inputs: (r) => [param(r, [5, 4]), param(r, [4, 7])], f: (a, b) => matmul(a, b) },
    { title: '[1,6] x [6,1]', inputs: (r) => [param(r, [1, 6]), param(r, [6, 1])], f: (a, b) => matmul(a, b) },
    { title: 'matmul(x, x): square, used twice', inputs: (r) => [param(r, [3, 3])], f: (x) => matmul(x, x) },
    { title: 'batched [2,3,5] x [2,5,4]', inputs: (r) => [param(r, [2, 3, 5]), param(r, [2, 5, 4])], f: (a, b) => matmul(a, b) },
    { title: 'batched [3,2,4] x [4,3] (b shared by the batches)', inputs: (r) => [param(r, [3, 2, 4]), param(r, [4, 3])], f: (a, b) => matmul(a, b) },
    { title: 'batched [2,4] x [3,4,2] (a shared by the batches)', inputs: (r) => [param(r, [2, 4]), param(r, [3, 4, 2])], f: (a, b) => matmul(a, b) },
    { title: 'batched [1,2,3] x [3,3,2] (batch extent 1 broadcasts)', inputs: (r) => [param(r, [1, 2, 3]), param(r, [3, 3, 2])], f: (a, b) => matmul(a, b) },
    { title: '[3,5] x [5] (matrix-vector)', inputs: (r) => [param(r, [3, 5]), param(r, [5])], f: (a, b) => matmul(a, b) },
    { title: '[5] x [5,3] (vector-matrix)', inputs: (r) => [param(r, [5]), param(r, [5, 3])], f: (a, b) => matmul(a, b) },
    { title: '[6] x [6] (dot product)', inputs: (r) => [param(r, [6]), param(r, [6])], f: (a, b) => matmul(a, b) },
    { title: '[2,3,4] x [4] and [4] x [2,4,3]', inputs: (r) => [param(r, [2, 3, 4]), param(r, [4]), param(r, [2, 4, 3])], f: (a, v, b) => add(sum(matmul(a, v)), sum(matmul(v, b))) },
  ],
  linear: fusedCases,
  reshape: [
    { title: '[2,3] → [3,2]', inputs: (r) => [param(r, [2, 3])], f: (a) => reshape(a, [3, 2]) },
    { title: '[2,3,2] → [−1] then * itself', inputs: (r) => [param(r, [2, 3, 2])], f: (a) => { const y = reshape(a, [-1]); return mul(y, y); } },
  ],
  transpose: [
    { title: '[2,3] default', inputs: (r) => [param(r, [2, 3])], f: (a) => transpose(a) },
    { title: '[2,3,4] perm [1,2,0]', inputs: (r) => [param(r, [2, 3, 4])], f: (a) => transpose(a, [1, 2, 0]) },
  ],
  concat: [0, 1, 2].map((axis) => ({
    title: `3 inputs along axis ${axis} of [2,3,4]-like shapes`,
    inputs: (r: Rng) => [1, 2, 3].map((k) => { const s = [2, 3, 4]; s[axis] = k; return param(r, s); }),
    f: (...ts: Tensor[]) => concat(ts, axis),
  })),
  slice: [
    { title: 'axis 0 [1,3) of [4,3]', inputs: (r) => [param(r, [4, 3])], f: (a) => slice(a, 0, 1, 3) },
    { title: 'axis 1 [1,3) of [2,4,3]', inputs: (r) => [param(r, [2, 4, 3])], f: (a) => slice(a, 1, 1, 3) },
    { title: 'axis −1 [0,2) of [2,4,3]', inputs: (r) => [param(r, [2, 4, 3])], f: (a) => slice(a, -1, 0, 2) },
  ],
  gather: [
    { title: 'DQN pick: [4,3] axis 1, index [4,1]', inputs: (r) => [param(r, [4, 3])], f: (a) => gather(a, 1, tensor([[2], [0], [1], [2]])) },
    { title: '[3,2] axis 0, index [4,2] with repeats (scatter-add)', inputs: (r) => [param(r, [3, 2])], f: (a) => gather(a, 0, tensor([[2, 0], [2, 2], [0, 1], [1, 1]])) },
    { title: '[2,3,4] axis 1, index [2,5,3] (longer along the axis, shorter on the last)', inputs: (r) => [param(r, [2, 3, 4])], f: (a) => gather(a, 1, fromData(Float64Array.from({ length: 30 }, (_, i) => (i * 7) % 3), [2, 5, 3])) },
    { title: '[2,3,4] axis −1, index [1,2,2]', inputs: (r) => [param(r, [2, 3, 4])], f: (a) => gather(a, -1, tensor([[[3, 0], [1, 1]]])) },
  ],
  gatherRows: [
    { title: 'rows [2,0,2,2,1] of [3,4] (repeats add up)', inputs: (r) => [param(r, [3, 4])], f: (a) => gatherRows(a, [2, 0, 2, 2, 1]) },
    { title: 'rows [1,1] of [3,2,2]', inputs: (r) => [param(r, [3, 2, 2])], f: (a) => gatherRows(a, [1, 1]) },
  ],
  softmax: [
    { title: 'rows of [3,5]', inputs: (r) => [param(r, [3, 5], -3, 3)], f: (a) => softmax(a) },
    { title: 'rank 1 [4]', inputs: (r) => [param(r, [4], -3, 3)], f: (a) => softmax(a) },
    { title: 'large logits ±1000', inputs: () => [largeLogits()], f: (a) => softmax(a) },
    { title: 'axis 0 of [3,5]', inputs: (r) => [param(r, [3, 5], -3, 3)], f: (a) => softmax(a, 0) },
    { title: 'axis 1 of [2,3,4] (a middle axis)', inputs: (r) => [param(r, [2, 3, 4], -3, 3)], f: (a) => softmax(a, 1) },
    { title: 'axis −3 of [2,3,2]', inputs: (r) => [param(r, [2, 3, 2], -3, 3)], f: (a) => softmax(a, -3) },
  ],
  logSoftmax: [
    { title: 'rows of [3,5]', inputs: (r) => [param(r, [3, 5], -3, 3)], f: (a) => logSoftmax(a) },
    { title: 'rank 3 [2,2,3]', inputs: (r) => [param(r, [2, 2, 3], -3, 3)], f: (a) => logSoftmax(a) },
    // h = 1e-4: outputs reach ~2000 in magnitude, so rounding noise in f (~1e-12 for the weighted
    // sum) over h = 1e-6 gave errors ~4e-8; at h = 1e-4 it is ~5e-9 like the other cases.
    { title: 'large logits ±1000', inputs: () => [largeLogits()], f: (a) => logSoftmax(a), opts: { eps: 1e-4 } },
    { title: 'axis 0 of [3,5]', inputs: (r) => [param(r, [3, 5], -3, 3)], f: (a) => logSoftmax(a, 0) },
    { title: 'axis −2 of [2,3,4] (a middle axis)', inputs: (r) => [param(r, [2, 3, 4], -3, 3)], f: (a) => logSoftmax(a, -2) },
    { title: 'large logits ±1000 along axis 0 (transposed)', inputs: () => [copyLeaf(noGrad(() => transpose(largeLogits())))], f: (a) => logSoftmax(a, 0), opts: { eps: 1e-4 } },
  ],
};

/** The catalogue entries with differentiable inputs (gradient-checked below). */
const DIFFERENTIABLE = OP_CATALOGUE.filter((e) => e.inputs.length > 0);

/** Non-differentiable ops (catalogue entries without inputs): one call each on a [3,4] input. */
const CONSTANT_CASES: Record<string, (x: Tensor) => Tensor> = {
  argmax: (x) => argmax(x, { axis: 1 }),
  argmin: (x) => argmin(x, { axis: 0 }),
};

function largeLogits(): Tensor {
  return tensor([[1000, 0, -1000, 999], [-1000, -1000, -999.5, -1001]], { requiresGrad: true });
}

/** sum/mean/max over [2,3,4]: all elements and each axis (incl. −1), with and without keepdims. */
function reductionCases(
  op: (a: Tensor, axis: number | undefined, keepdims: boolean) => Tensor,
  make: (r: Rng, shape: number[]) => Tensor,
): GradCase[] {
  const out: GradCase[] = [];
  for (const axis of [undefined, 0, 1, 2, -1]) {
    for (const keepdims of [false, true]) {
      out.push({
        title: `[2,3,4] axis ${axis ?? 'all'}, keepdims ${keepdims}`,
        inputs: (r) => [make(r, [2, 3, 4])],
        f: (a) => op(a, axis, keepdims),
      });
    }
  }
  return out;
}

describe('the gradient cases cover OP_CATALOGUE', () => {
  it('every differentiable catalogue entry has at least one case', () => {
    const missing = DIFFERENTIABLE.filter((e) => (CASES[e.name]?.length ?? 0) === 0).map((e) => e.name);
    expect(missing).toEqual([]);
  });

  it('every case names a differentiable catalogue entry', () => {
    const names = new Set(DIFFERENTIABLE.map((e) => e.name));
    expect(Object.keys(CASES).filter((k) => !names.has(k))).toEqual([]);
  });

  it('every non-differentiable entry (no inputs) has a constant case and says so in its vjp', () => {
    const constant = OP_CATALOGUE.filter((e) => e.inputs.length === 0);
    expect(constant.map((e) => e.name).sort()).toEqual(Object.keys(CONSTANT_CASES).sort());
    for (const e of constant) expect(e.vjp).toMatch(/^none/);
  });

  it('every op that records a graph node in lib/tensor/ops has a catalogue entry', () => {
    // Scans the op sources for the name each op passes to its recorder, so an op added to an ops
    // file without a catalogue entry (and hence without a gradient case) fails here.
    const dir = new URL('../../lib/tensor/ops/', import.meta.url);
    const recorded = new Set<string>();
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
      const src = readFileSync(new URL(file, dir), 'utf8');
      for (const m of src.matchAll(/\b(?:defineUnary|defineBinary|makeResult|constantResult|sumLike|extremum|argExtremum)\(\s*['`]([A-Za-z]+)/g)) recorded.add(m[1]!);
    }
    expect(recorded.size).toBeGreaterThanOrEqual(30);
    const names = new Set(OP_CATALOGUE.map((e) => e.name));
    expect([...recorded].filter((n) => !names.has(n)).sort()).toEqual([]);
    expect([...names].filter((n) => !recorded.has(n)).sort()).toEqual([]);
  });

  it('every differentiable input role is exercised by some case', () => {
    for (const e of OP_CATALOGUE) {
      const needed = e.inputs[0]?.startsWith('...') === true ? 2 : e.inputs.length;
      const most = Math.max(0, ...(CASES[e.name] ?? []).map((c) => c.inputs(streamFor('roles', e.name)).length));
      expect(most, `${e.name} takes ${e.inputs.join(', ')}`).toBeGreaterThanOrEqual(needed);
    }
  });
});

for (const entry of DIFFERENTIABLE) {
  describe(`gradCheck ${entry.name}`, () => {
    it('has a gradient case', () => {
      expect(CASES[entry.name]?.length ?? 0, `add a case for '${entry.name}' to CASES`).toBeGreaterThan(0);
    });
    for (const c of CASES[entry.name] ?? []) {
      it(c.title, () => {
        const inputs = c.inputs(streamFor('gradients', entry.name, c.title));
        expect(inputs.every((t) => t.requiresGrad)).toBe(true);
        const probe = c.f(...inputs);
        expect(opsIn(probe).has(entry.name), `the case's graph has no '${entry.name}' node`).toBe(true);
        const r = assertGradCheck(c.f, inputs, { tolerance: TOL, ...c.opts });
        expect(r.worst).not.toBeNull(); // elements were actually compared
        expect(r.maxError).toBeLessThanOrEqual(TOL);
      });
    }
  });
}

describe('non-differentiable ops return constants', () => {
  for (const [name, f] of Object.entries(CONSTANT_CASES)) {
    it(`${name}: input requires grad, the result does not, and records '${name}'`, () => {
      const x = param(streamFor('gradients', 'constant', name), [3, 4]);
      const y = f(x);
      expect(y.op).toBe(name);
      expect(y.requiresGrad).toBe(false);
      expect(y.inputs).toEqual([]);
      expect(() => y.backward()).toThrow(/does not require grad/);
    });
  }
});

describe('gradCheck itself can fail', () => {
  it('flags an op whose backward is wrong (dx = g instead of 2·x·g)', () => {
    const badSquare = (a: Tensor): Tensor => {
      const y = new Float64Array(a.size);
      for (let i = 0; i < a.size; i++) y[i] = a.data[i]! * a.data[i]!;
      return makeResult('badSquare', y, a.shape, [a], (out) => {
        const ga = gradOf(a);
        for (let i = 0; i < a.size; i++) ga[i] = ga[i]! + out.grad![i]!;
      });
    };
    const x = param(streamFor('gradients', 'bad'), [3], 1, 2);
    const r = gradCheck(badSquare, [x]);
    expect(r.ok).toBe(false);
    expect(r.maxError).toBeGreaterThan(0.1);
    expect(() => assertGradCheck(badSquare, [x])).toThrow(/gradCheck: FAILED/);
  });

  it('reports the elements it compared, also when every error is exactly 0', () => {
    // f ignores b entirely: analytic 0 and numeric 0 for every element of b.
    const a = tensor([1, 2], { requiresGrad: true }), b = tensor([3, 4], { requiresGrad: true });
    const r = gradCheck((x) => sum(x), [a, b], { check: [1] });
    expect(r.ok).toBe(true);
    expect(r.maxError).toBe(0);
    expect(r.worst).toEqual({ input: 1, index: 0, analytic: 0, numeric: 0 });
    expect(r.message).toMatch(/^gradCheck: ok max error 0\.000e\+0/);
  });
});

describe('tinygrad checklist', () => {
  it('a variable used twice accumulates both paths: d(x·x)/dx = 2x, d(x+x)/dx = 2', () => {
    const x = tensor([1, -2, 3], { requiresGrad: true });
    sum(mul(x, x)).backward();
    expect(vals(x.grad)).toEqual([2, -4, 6]);
    const y = tensor([1, -2, 3], { requiresGrad: true });
    sum(add(y, y)).backward();
    expect(vals(y.grad)).toEqual([2, 2, 2]);
    // Two different ops on the same input: d(3x + eˣ)/dx = 3 + eˣ.
    const z = tensor([0, 1], { requiresGrad: true });
    sum(add(scale(z, 3), exp(z))).backward();
    expect(vals(z.grad)).toEqual([3 + 1, 3 + Math.E]);
  });

  it('broadcast inputs receive gradients summed over the broadcast axes', () => {
    // [2,3] + [3]: the [3] input gets the column sums of the upstream gradient.
    const a = tensor([[1, 2, 3], [4, 5, 6]], { requiresGrad: true });
    const b = tensor([10, 20, 30], { requiresGrad: true });
    add(a, b).backward([1, 2, 3, 40, 50, 60]);
    expect(vals(b.grad)).toEqual([1 + 40, 2 + 50, 3 + 60]);
    expect(vals(a.grad)).toEqual([1, 2, 3, 40, 50, 60]);
    // [2,1] * [1,3]: dc = Σ_j g[i,j]·r[j], dr = Σ_i g[i,j]·c[i] with g = 1.
    const c = tensor([[2], [3]], { requiresGrad: true }), r = tensor([[1, 10, 100]], { requiresGrad: true });
    sum(mul(c, r)).backward();
    expect(vals(c.grad)).toEqual([111, 111]);
    expect(vals(r.grad)).toEqual([5, 5, 5]);
    // A scalar operand gets the sum of everything.
    const s = tensor(2, { requiresGrad: true });
    sum(mul(s, tensor([[1, 2], [3, 4]]))).backward();
    expect(vals(s.grad)).toEqual([10]);
  });

  it('an unused input keeps grad === null (never touched); gradCheck reads that as zeros', () => {
    const rng = streamFor('gradients', 'unused');
    const a = param(rng, [2, 3]), b = param(rng, [2, 3]);
    const f = (x: Tensor, _unused: Tensor): Tensor => sum(mul(x, x));
    f(a, b).backward();
    expect(b.grad).toBeNull();
    expect(a.grad).not.toBeNull();
    const r = assertGradCheck(f, [a, b], { tolerance: TOL });
    expect(r.ok).toBe(true);
    expect(b.grad).toBeNull();
  });

  it('an input that is used but gets zero gradient holds a zero-filled buffer, not null', () => {
    const x = tensor([-1, -2], { requiresGrad: true });
    sum(relu(x)).backward();
    expect(x.grad).toBeInstanceOf(Float64Array);
    expect(vals(x.grad)).toEqual([0, 0]);
  });

  it('a non-scalar output without an upstream gradient throws', () => {
    const x = tensor([[1, 2, 3], [4, 5, 6]], { requiresGrad: true });
    expect(() => mul(x, x).backward()).toThrow(RangeError);
    expect(() => mul(x, x).backward()).toThrow('backward(): the output has shape [2,3]; a non-scalar output needs an explicit upstream gradient');
    // A one-element output of any rank is fine.
    expect(() => sum(x, { keepdims: true }).backward()).not.toThrow();
  });
});

/** The composed equivalent of each fused activation; typed so that a new activation must be added here. */
const COMPOSED: Record<Activation, (z: Tensor) => Tensor> = {
  identity: (z) => z,
  relu: (z) => relu(z),
  tanh: (z) => tanh(z),
  sigmoid: (z) => sigmoid(z),
  leakyRelu: (z) => leakyRelu(z, 0.01),
};

describe('fused linear equals add(matmul(x, W), b) + activation', () => {
  for (const act of ACTIVATIONS) {
    for (const withBias of [true, false]) {
      it(`${act}, ${withBias ? 'with' : 'without'} bias: values and gradients to 1e-12, and gradCheck of the composed graph`, () => {
        const fusedIn = linearInputs(streamFor('gradients', 'fused-vs-composed', act, String(withBias)), withBias);
        const composedIn = fusedIn.map((t) => copyLeaf(t));
        const fused = (x: Tensor, W: Tensor, b?: Tensor): Tensor => linear(x, W, b ?? null, act);
        const composed = (x: Tensor, W: Tensor, b?: Tensor): Tensor => COMPOSED[act](b === undefined ? matmul(x, W) : add(matmul(x, W), b));
        const yf = fused(...(fusedIn as [Tensor, Tensor, Tensor?]));
        const yc = composed(...(composedIn as [Tensor, Tensor, Tensor?]));
        expect(yf.shape).toEqual([5, 7]);
        expect(yc.shape).toEqual([5, 7]);
        expect(maxAbsDiff(yf.data, yc.data)).toBeLessThanOrEqual(1e-12);
        const upstream = Float64Array.from({ length: 35 }, (_, i) => Math.sin(i + 1));
        yf.backward(upstream);
        yc.backward(upstream);
        fusedIn.forEach((t, i) => {
          expect(maxAbsDiff(t.grad!, composedIn[i]!.grad!), `input ${i}`).toBeLessThanOrEqual(1e-12);
        });
        assertGradCheck(composed as (...xs: Tensor[]) => Tensor, composedIn, { tolerance: TOL });
      });
    }
  }
});

describe('linear with column blocks equals linear on their concatenation, bit for bit', () => {
  for (const act of ACTIVATIONS) {
    it(`${act}: same values, same W/b gradients, each block's gradient = its columns of dx; a block without requiresGrad gets none`, () => {
      const [x1, x2, x3, W, b] = blockInputs(streamFor('gradients', 'blocks', act), true) as [Tensor, Tensor, Tensor, Tensor, Tensor];
      const x2c = copyLeaf(x2, false); // a constant block (like the observations in an actor step)
      const [cx1, cx2, cx3, cW, cb] = [x1, x2c, x3, W, b].map((t) => copyLeaf(t, t.requiresGrad));
      const y = linear([x1, x2c, x3], W, b, act);
      const yc = linear(concat([cx1!, cx2!, cx3!], 1), cW!, cb!, act);
      expect(Array.from(y.data)).toEqual(Array.from(yc.data));
      const upstream = Float64Array.from({ length: 35 }, (_, i) => Math.cos(i + 1));
      y.backward(upstream);
      yc.backward(upstream);
      expect(Array.from(W.grad!)).toEqual(Array.from(cW!.grad!));
      expect(Array.from(b.grad!)).toEqual(Array.from(cb!.grad!));
      expect(Array.from(x1.grad!)).toEqual(Array.from(cx1!.grad!));
      expect(Array.from(x3.grad!)).toEqual(Array.from(cx3!.grad!));
      expect(x2c.grad).toBeNull();
      expect(x2c.requiresGrad).toBe(false);
    });
  }

  it('rejects blocks whose widths do not sum to W\'s rows, or whose row counts differ, naming the shapes', () => {
    const W = zeros([4, 3]);
    expect(() => linear([zeros([2, 2]), zeros([2, 1])], W, null)).toThrow(/linear: expected .*got x blocks \[\[2,2\], \[2,1\]\], W \[4,3\]/);
    expect(() => linear([zeros([2, 2]), zeros([3, 2])], W, null)).toThrow(/x blocks \[\[2,2\], \[3,2\]\]/);
    expect(() => linear([], W, null)).toThrow(/linear: expected/);
    expect(linear([zeros([2, 2]), zeros([2, 2])], W, null).shape).toEqual([2, 3]);
  });
});

describe('softmax / logSoftmax with large logits', () => {
  it('no NaN or Inf in values or gradients, values equal to the shifted input', () => {
    for (const op of [softmax, logSoftmax]) {
      const x = largeLogits();
      const y = op(x);
      y.backward(Float64Array.from({ length: 8 }, (_, i) => 1 + i));
      expect(vals(y).every(Number.isFinite)).toBe(true);
      expect(vals(x.grad).every(Number.isFinite)).toBe(true);
      // Row shift invariance: the same rows moved near 0 give the same softmax / logSoftmax.
      const shifted = op(tensor([[1, -999, -1999, 0], [0, 0, 0.5, -1]]));
      expect(maxAbsDiff(y.data, shifted.data)).toBeLessThanOrEqual(1e-12);
    }
    // Hand values: softmax([1000, 0, −1000, 999]) = [e/(e+1), 0, 0, 1/(e+1)] (e^−1000 underflows to 0).
    const s = vals(softmax(largeLogits())).slice(0, 4);
    expect(s[0]).toBeCloseTo(Math.E / (Math.E + 1), 15);
    expect(s[1]).toBe(0);
    expect(s[2]).toBe(0);
    expect(s[3]).toBeCloseTo(1 / (Math.E + 1), 15);
  });
});

describe('gradient conventions at kinks (hand-derived; finite differences cannot check these)', () => {
  it('relu, abs, leakyRelu at exactly 0; clamp at its bounds', () => {
    const x = tensor([0, -0], { requiresGrad: true });
    sum(relu(x)).backward();
    expect(vals(x.grad)).toEqual([0, 0]); // relu'(0) = 0 (PyTorch)
    const y = tensor([0], { requiresGrad: true });
    sum(abs(y)).backward();
    expect(vals(y.grad)).toEqual([0]); // sign(0) = 0
    const z = tensor([0], { requiresGrad: true });
    sum(leakyRelu(z, 0.2)).backward();
    expect(vals(z.grad)).toEqual([0.2]); // the x ≤ 0 branch
    // clamp passes the gradient on [lo, hi] including both bounds, 0 strictly outside.
    const c = tensor([-1, 1, -1.5, 1.5, 0], { requiresGrad: true });
    sum(clamp(c, -1, 1)).backward();
    expect(vals(c.grad)).toEqual([1, 1, 0, 0, 1]);
  });

  it('maximum / minimum split a tie ½–½; a per-axis max gives a tie to the first index, a full max spreads it', () => {
    const a = tensor([2, 1], { requiresGrad: true }), b = tensor([2, 3], { requiresGrad: true });
    sum(maximum(a, b)).backward();
    expect(vals(a.grad)).toEqual([0.5, 0]);
    expect(vals(b.grad)).toEqual([0.5, 1]);
    const c = tensor([2, 1], { requiresGrad: true }), d = tensor([2, 3], { requiresGrad: true });
    sum(minimum(c, d)).backward();
    expect(vals(c.grad)).toEqual([0.5, 1]);
    expect(vals(d.grad)).toEqual([0.5, 0]);
    const m = tensor([[1, 5, 5], [7, 7, 0]], { requiresGrad: true });
    sum(max(m, { axis: 1 })).backward();
    expect(vals(m.grad)).toEqual([0, 1, 0, 1, 0, 0]);
    // Full reduction (torch.max(x) with no dim): g spread evenly over the tied maxima.
    const all = tensor([3, 3], { requiresGrad: true });
    max(all).backward();
    expect(vals(all.grad)).toEqual([0.5, 0.5]);
  });
});
