// Random tensors. The generator is always passed in (lib/random); nothing here is global.

import { fillNormal, fillUniform, type Rng } from '../random/index.js';
import { shapeSize, validateShape, type Shape } from './shape.js';
import { Tensor, type LeafOptions } from './tensor.js';

function leaf(data: Float64Array, shape: Shape, opts: LeafOptions | undefined): Tensor {
  const t = new Tensor(data, [...shape], opts?.requiresGrad ?? false);
  if (opts?.label !== undefined) t.label = opts.label;
  return t;
}

/** Uniform values in [lo, hi) (default [0, 1)). */
export function rand(shape: Shape, rng: Rng, lo = 0, hi = 1, opts?: LeafOptions): Tensor {
  validateShape(shape, 'rand');
  const d = new Float64Array(shapeSize(shape));
  fillUniform(rng, d, lo, hi);
  return leaf(d, shape, opts);
}

/** Normal values N(mean, std²) (default standard normal). */
export function randn(shape: Shape, rng: Rng, mean = 0, std = 1, opts?: LeafOptions): Tensor {
  validateShape(shape, 'randn');
  const d = new Float64Array(shapeSize(shape));
  fillNormal(rng, d, mean, std);
  return leaf(d, shape, opts);
}
