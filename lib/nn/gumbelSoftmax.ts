// Gumbel-Softmax (Jang, Gu, Poole 2017, "Categorical Reparameterization with Gumbel-Softmax",
// arXiv:1611.01144, eq. 1; Maddison et al. 2017's Concrete distribution), torch.nn.functional
// .gumbel_softmax semantics, classes on the last axis:
//   y_soft = softmax((logits + G) / τ),  G = −log(−log U), U ~ U(0, 1) drawn row-major (lib/random `gumbel`)
//   hard:  forward = one-hot of argmax(y_soft) (first index on ties), backward = y_soft's gradient
//          (straight-through estimator). PyTorch writes this as y_hard − y_soft.detach() + y_soft,
//          whose forward is only one-hot up to rounding (1 − 0.7 + 0.7 ≠ 1 in floating point);
//          here a dedicated op gives an exact one-hot forward and the identity backward.

import { gumbel, type Rng } from '../random/index.js';
import { add, allocUninit, allocZeros, div, formatShape, fromData, gradOf, makeResult, shapesEqual, softmax, type Tensor } from '../tensor/index.js';
import { checkKeys, checkNumber, checkRngLike, fail } from './validate.js';

/** Options of {@link gumbelSoftmax}. */
export interface GumbelSoftmaxOptions {
  /** Temperature τ > 0 (finite; default 1). Small τ → samples near one-hot, high-variance gradients. */
  readonly temperature?: number;
  /** Straight-through one-hot forward (default false). */
  readonly hard?: boolean;
}

function resolve(fn: string, logits: Tensor, opts: GumbelSoftmaxOptions): { temperature: number; hard: boolean } {
  if (logits.rank < 1 || logits.shape[logits.rank - 1] === 0) throw new RangeError(`${fn}: logits need a non-empty last (class) axis, got ${formatShape(logits.shape)}`);
  if (typeof opts !== 'object' || opts === null) fail(fn, 'options', 'an object { temperature?, hard? }', opts, true);
  checkKeys(fn, 'options', opts, ['temperature', 'hard']);
  const temperature = checkNumber(fn, 'temperature', opts.temperature ?? 1, 'a finite number > 0', (x) => Number.isFinite(x) && x > 0);
  const hard = opts.hard ?? false;
  if (typeof hard !== 'boolean') fail(fn, 'hard', 'a boolean', hard, true);
  return { temperature, hard };
}

/**
 * A relaxed one-hot sample per row of `logits` ([B, C] typical; classes on the last axis). Draws
 * one Gumbel variate per element from `rng`, row-major. Differentiable w.r.t. `logits`.
 */
export function gumbelSoftmax(logits: Tensor, rng: Rng, opts: GumbelSoftmaxOptions = {}): Tensor {
  resolve('gumbelSoftmax', logits, opts);
  checkRngLike('gumbelSoftmax', 'rng', rng);
  const g = allocUninit(logits.size);
  for (let i = 0; i < g.length; i++) g[i] = gumbel(rng);
  return gumbelSoftmaxWithNoise(logits, fromData(g, logits.shape), opts);
}

/** {@link gumbelSoftmax} with the Gumbel noise given (same shape as `logits`), for tests and replays. */
export function gumbelSoftmaxWithNoise(logits: Tensor, noise: Tensor, opts: GumbelSoftmaxOptions = {}): Tensor {
  const { temperature, hard } = resolve('gumbelSoftmaxWithNoise', logits, opts);
  if (!shapesEqual(logits.shape, noise.shape)) {
    throw new RangeError(`gumbelSoftmaxWithNoise: noise ${formatShape(noise.shape)} must have the shape of logits ${formatShape(logits.shape)}`);
  }
  const z = add(logits, noise);
  const ySoft = softmax(temperature === 1 ? z : div(z, temperature));
  return hard ? oneHotStraightThrough(ySoft) : ySoft;
}

/**
 * Straight-through one-hot: forward = one-hot of the argmax over the last axis (first index on
 * ties; a row's NaNs never win), backward = the upstream gradient passed unchanged to `y`.
 */
export function oneHotStraightThrough(y: Tensor): Tensor {
  if (y.rank < 1 || y.shape[y.rank - 1] === 0) throw new RangeError(`oneHotStraightThrough: need a non-empty last axis, got ${formatShape(y.shape)}`);
  const c = y.shape[y.rank - 1]!, rows = y.size / c, x = y.data, out = allocZeros(y.size);
  for (let r = 0; r < rows; r++) {
    const o = r * c;
    let best = 0;
    for (let j = 1; j < c; j++) if (x[o + j]! > x[o + best]! || (x[o + best]! !== x[o + best]! && x[o + j]! === x[o + j]!)) best = j;
    out[o + best] = 1;
  }
  return makeResult('oneHotStraightThrough', out, y.shape, [y], (res) => {
    const g = res.grad!, gy = gradOf(y);
    for (let i = 0; i < g.length; i++) gy[i] = gy[i]! + g[i]!;
  });
}
