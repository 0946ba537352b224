// Shared helpers for the tensor tests: seeded inputs that keep away from kinks, graph walking and
// array comparison. Not a test file itself (vitest only collects *.test.ts).

import { deriveStream, shuffle, uniform, type Rng } from '../../lib/random/index.js';
import { fromData, rand, shapeSize, type Shape, type Tensor } from '../../lib/tensor/index.js';

/** A generator named by test file and case, so adding a case never shifts another case's inputs. */
export function streamFor(...labels: string[]): Rng {
  return deriveStream('mecrl/test/tensor', ...labels);
}

/** Uniform values in [lo, hi) that require gradients. */
export function param(rng: Rng, shape: Shape, lo = -1, hi = 1): Tensor {
  return rand(shape, rng, lo, hi, { requiresGrad: true });
}

/** Values with |x| in [min, max] and a random sign: at least `min` away from a kink at 0. */
export function awayFromZero(rng: Rng, shape: Shape, min = 0.2, max = 1.5): Tensor {
  const d = new Float64Array(shapeSize(shape));
  for (let i = 0; i < d.length; i++) d[i] = (uniform(rng) < 0.5 ? -1 : 1) * uniform(rng, min, max);
  return fromData(d, shape, { requiresGrad: true });
}

/**
 * Values at least `gap` apart from each other (a shuffled ladder plus jitter below gap/4): every
 * max over any subset is unique with a margin, so max's gradient is well defined.
 */
export function distinct(rng: Rng, shape: Shape, gap = 0.2): Tensor {
  const n = shapeSize(shape);
  const ladder = shuffle(rng, Array.from({ length: n }, (_, i) => i));
  const d = new Float64Array(n);
  for (let i = 0; i < n; i++) d[i] = (ladder[i]! - n / 2) * gap + uniform(rng, 0, gap / 4);
  return fromData(d, shape, { requiresGrad: true });
}

/** A fresh leaf with a copy of `t`'s values (for building a second, independent graph). */
export function copyLeaf(t: Tensor, requiresGrad = true): Tensor {
  return fromData(t.data.slice(), t.shape, { requiresGrad });
}

/** Names of the ops in the graph below `t` (a fused op `linear:relu` counts as `linear`). */
export function opsIn(t: Tensor): Set<string> {
  const seen = new Set<Tensor>(), names = new Set<string>();
  const stack = [t];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (seen.has(n)) continue;
    seen.add(n);
    names.add(n.op.split(':')[0]!);
    stack.push(...n.inputs);
  }
  return names;
}

/** Largest |a[i] − b[i]|; throws on a length mismatch. NaN anywhere gives NaN. */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`maxAbsDiff: lengths ${a.length} and ${b.length}`);
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i]! - b[i]!);
    if (!(d <= m)) m = d;
  }
  return m;
}

/** Plain array of a tensor's values (or a gradient), for toEqual against literals. */
export function vals(x: Tensor | Float64Array | null): number[] {
  if (x === null) throw new Error('vals: got null (no gradient)');
  return Array.from('data' in x ? x.data : x);
}
