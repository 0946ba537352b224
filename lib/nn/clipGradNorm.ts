// Gradient-norm clipping. `clipGradNorm`: global, torch.nn.utils.clip_grad_norm_ semantics on one flat array:
//   total = ‖g‖₂;  coef = maxNorm / (total + 1e-6);  if coef < 1: g ← g·coef.
// So a clipped gradient has norm slightly BELOW maxNorm (by the 1e-6 in the denominator), and a
// norm within 1e-6 under maxNorm is still scaled (by a factor > 1 − 1e-6/maxNorm), as in PyTorch.
// Deviation: a NaN norm leaves the gradient untouched (PyTorch multiplies it by NaN); check the
// returned norm. An infinite norm gives coef = 0 (finite entries → 0, infinite ones → NaN), as PyTorch.
// `clipGradNormPerParameter` (below): TF's clip_by_norm applied to each parameter block separately.

import { flatOf, type AnyModule, type FlatLike } from './module.js';
import { checkNumber, fail } from './validate.js';

/** PyTorch's constant in the clipping denominator. */
export const CLIP_EPS = 1e-6;

/**
 * Scales `grad` (a gradient array, or a module's / flat pair's `grad`) in place so its global L2
 * norm is at most `maxNorm`.
 *
 * @param maxNorm - a number > 0 (Infinity: only measure).
 * @returns the norm BEFORE clipping (log it: it shows how often clipping bites).
 */
export function clipGradNorm(grad: Float64Array | FlatLike, maxNorm: number): number {
  checkNumber('clipGradNorm', 'maxNorm', maxNorm, 'a number > 0 (Infinity = no clipping)', (x) => x > 0);
  const g = grad instanceof Float64Array ? grad : flatOf('clipGradNorm', grad).grad;
  let ss = 0;
  for (let i = 0; i < g.length; i++) ss += g[i]! * g[i]!;
  const total = Math.sqrt(ss);
  const coef = maxNorm / (total + CLIP_EPS);
  if (coef < 1) for (let i = 0; i < g.length; i++) g[i] = g[i]! * coef;
  return total;
}

/**
 * Clips every parameter's gradient SEPARATELY to L2 norm ≤ `maxNorm`, TensorFlow's
 * `tf.clip_by_norm` applied per variable (the openai/maddpg reference's `minimize_and_clip`):
 *   n_k = ‖g_k‖₂;  g_k ← (g_k · maxNorm) / max(n_k, maxNorm)  (no epsilon; TF's exact expression, so
 *   a block under the cap is multiplied and divided by maxNorm, which can move its last bit, as in TF).
 * The parameters are `module.parameters()`, i.e. consecutive blocks of `module.flat.grad`.
 * A NaN block norm leaves that block untouched (check the returned norm).
 *
 * @param maxNorm - a number > 0 (Infinity: only measure).
 * @param norms - optional output: receives each parameter's gradient norm ‖g_k‖₂ BEFORE clipping,
 *   in `parameters()` order; a Float64Array of exactly `module.parameters().length` elements
 *   (allocate it once and reuse it: nothing is allocated here).
 * @returns the GLOBAL norm of the whole gradient before clipping, comparable to `clipGradNorm`'s.
 */
export function clipGradNormPerParameter(module: AnyModule, maxNorm: number, norms?: Float64Array): number {
  checkNumber('clipGradNormPerParameter', 'maxNorm', maxNorm, 'a number > 0 (Infinity = no clipping)', (x) => x > 0);
  const params = module.parameters();
  if (norms !== undefined && (!(norms instanceof Float64Array) || norms.length !== params.length)) {
    fail('clipGradNormPerParameter', 'norms', `a Float64Array of ${params.length} elements (one per parameter)`, norms, !(norms instanceof Float64Array));
  }
  const g = module.flat.grad;
  let total = 0, o = 0;
  for (let k = 0; k < params.length; k++) {
    const end = o + params[k]!.tensor.size;
    let ss = 0;
    for (let i = o; i < end; i++) ss += g[i]! * g[i]!;
    total += ss;
    const n = Math.sqrt(ss);
    if (norms !== undefined) norms[k] = n;
    const den = Math.max(n, maxNorm);
    if (maxNorm !== Infinity && !Number.isNaN(n)) for (let i = o; i < end; i++) g[i] = (g[i]! * maxNorm) / den;
    o = end;
  }
  return Math.sqrt(total);
}
