// The catalogue of primitives: every op, its inputs and where its forward and backward live. One
// place to list all VJPs (tinygrad's gradient table, tfjs's kernel_names).
// test/tensor/gradients.test.ts gradient-checks every differentiable entry; a new op must be added
// here. A non-differentiable op (argmax, argmin) has no inputs listed and `vjp: 'none …'`: the test
// checks that its result never requires a gradient.

export interface OpEntry {
  readonly name: string;
  /** Differentiable inputs (by role); empty for a non-differentiable op. */
  readonly inputs: readonly string[];
  readonly file: string;
  /** The local derivative, as a formula. */
  readonly vjp: string;
}

export const OP_CATALOGUE: readonly OpEntry[] = [
  { name: 'add', inputs: ['a', 'b'], file: 'ops/binary.ts', vjp: 'da = g, db = g (summed over broadcast axes)' },
  { name: 'sub', inputs: ['a', 'b'], file: 'ops/binary.ts', vjp: 'da = g, db = −g' },
  { name: 'mul', inputs: ['a', 'b'], file: 'ops/binary.ts', vjp: 'da = g·b, db = g·a' },
  { name: 'div', inputs: ['a', 'b'], file: 'ops/binary.ts', vjp: 'da = g/b, db = −g·a/b²' },
  { name: 'maximum', inputs: ['a', 'b'], file: 'ops/binary.ts', vjp: 'g to the larger; ½ each on ties' },
  { name: 'minimum', inputs: ['a', 'b'], file: 'ops/binary.ts', vjp: 'g to the smaller; ½ each on ties' },
  { name: 'where', inputs: ['a', 'b'], file: 'ops/binary.ts', vjp: 'da = g·[cond], db = g·[¬cond]' },
  { name: 'neg', inputs: ['a'], file: 'ops/unary.ts', vjp: 'da = −g' },
  { name: 'exp', inputs: ['a'], file: 'ops/unary.ts', vjp: 'da = g·y' },
  { name: 'log', inputs: ['a'], file: 'ops/unary.ts', vjp: 'da = g/x' },
  { name: 'sqrt', inputs: ['a'], file: 'ops/unary.ts', vjp: 'da = g/(2y)' },
  { name: 'abs', inputs: ['a'], file: 'ops/unary.ts', vjp: 'da = g·sign(x)' },
  { name: 'tanh', inputs: ['a'], file: 'ops/unary.ts', vjp: 'da = g·(1 − y²)' },
  { name: 'sigmoid', inputs: ['a'], file: 'ops/unary.ts', vjp: 'da = g·y(1 − y)' },
  { name: 'relu', inputs: ['a'], file: 'ops/unary.ts', vjp: 'da = g·[x > 0]' },
  { name: 'leakyRelu', inputs: ['a'], file: 'ops/unary.ts', vjp: 'da = g·(x > 0 ? 1 : slope)' },
  { name: 'softplus', inputs: ['a'], file: 'ops/unary.ts', vjp: 'da = g·σ(x)' },
  { name: 'pow', inputs: ['a', 'p'], file: 'ops/unary.ts', vjp: 'da = g·p·a^(p−1) (0 where p = 0); dp = g·a^p·ln a (tensor p only, powTensor in ops/binary.ts; 0 where a = 0 and p ≥ 0, NaN for a < 0)' },
  { name: 'clamp', inputs: ['a'], file: 'ops/unary.ts', vjp: 'da = g·[lo ≤ x ≤ hi]' },
  { name: 'scale', inputs: ['a'], file: 'ops/unary.ts', vjp: 'da = g·s' },
  { name: 'addScalar', inputs: ['a'], file: 'ops/unary.ts', vjp: 'da = g' },
  { name: 'sum', inputs: ['a'], file: 'ops/reduce.ts', vjp: 'da = g broadcast back over the axis' },
  { name: 'mean', inputs: ['a'], file: 'ops/reduce.ts', vjp: 'da = g/len broadcast back' },
  { name: 'max', inputs: ['a'], file: 'ops/reduce.ts', vjp: 'per axis: da = g at the first argmax; over all: g/k to each of the k tied maxima' },
  { name: 'min', inputs: ['a'], file: 'ops/reduce.ts', vjp: 'per axis: da = g at the first argmin; over all: g/k to each of the k tied minima' },
  { name: 'argmax', inputs: [], file: 'ops/reduce.ts', vjp: 'none (not differentiable; ties → lowest index)' },
  { name: 'argmin', inputs: [], file: 'ops/reduce.ts', vjp: 'none (not differentiable; ties → lowest index)' },
  { name: 'matmul', inputs: ['a', 'b'], file: 'ops/matmul.ts', vjp: 'da = g·bᵀ, db = aᵀ·g per batch (a side shared by batches gets their sum; 1-D sides as row/column vectors)' },
  { name: 'linear', inputs: ['x', 'W', 'b'], file: 'ops/linear.ts', vjp: 'dz = g⊙act′(y); dW = xᵀdz; db = Σdz; dx = dz·Wᵀ (x as column blocks: dx_j = dz·W_jᵀ, only for blocks that need it)' },
  { name: 'reshape', inputs: ['a'], file: 'ops/shapeOps.ts', vjp: 'da = g reshaped' },
  { name: 'transpose', inputs: ['a'], file: 'ops/shapeOps.ts', vjp: 'da = g with the inverse permutation' },
  { name: 'concat', inputs: ['...tensors'], file: 'ops/shapeOps.ts', vjp: 'each input gets its block of g' },
  { name: 'slice', inputs: ['a'], file: 'ops/shapeOps.ts', vjp: 'da = g in the sliced block, 0 elsewhere' },
  { name: 'gatherRows', inputs: ['a'], file: 'ops/shapeOps.ts', vjp: 'scatter-add of g rows' },
  { name: 'gather', inputs: ['a'], file: 'ops/shapeOps.ts', vjp: 'scatter-add: da[src(i)] += g[i] (index takes no gradient)' },
  { name: 'softmax', inputs: ['a'], file: 'ops/softmax.ts', vjp: 'da = y⊙(g − Σg⊙y), sums along the axis' },
  { name: 'logSoftmax', inputs: ['a'], file: 'ops/softmax.ts', vjp: 'da = g − softmax(x)·Σg, sums along the axis' },
];
