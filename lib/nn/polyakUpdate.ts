// Target-network updates on flat parameter arrays (SB3's polyak_update, as one loop):
//   θ' ← (1 − τ)·θ' + τ·θ      (dst = θ', src = θ; computed in this order, as SB3's mul_ then add_)
// τ = 1 copies src exactly; τ = 0 leaves dst untouched (both are special-cased, so they hold even
// with non-finite values, where 0·Inf would give NaN). Typical τ: 0.005 (TD3), 0.001–0.01 (DDPG).
// Target networks never receive gradients: compute targets under `noGrad`.

import { flatOf, Module, type AnyModule, type FlatLike } from './module.js';
import { formatShape, getBackend, shapesEqual, wasmPolyak } from '../tensor/index.js';
import { checkNumber } from './validate.js';

function dataOf(fn: string, which: string, x: Float64Array | FlatLike): Float64Array {
  if (x instanceof Float64Array) return x;
  if (typeof x !== 'object' || x === null) throw new TypeError(`${fn}: ${which} must be a Module, a { data, grad } pair or a Float64Array`);
  return flatOf(fn, x).data;
}

/** When both sides are modules, their parameter names and shapes must agree (not just the total size). */
function checkLayouts(fn: string, src: AnyModule, dst: AnyModule): void {
  const a = src.parameters(), b = dst.parameters();
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const p = a[i], q = b[i];
    if (p === undefined || q === undefined || p.name !== q.name || !shapesEqual(p.tensor.shape, q.tensor.shape)) {
      const d = (x: typeof p): string => (x === undefined ? 'nothing' : `'${x.name}' ${formatShape(x.tensor.shape)}`);
      throw new RangeError(`${fn}: parameter ${i} differs: src has ${d(p)}, dst has ${d(q)}`);
    }
  }
}

function resolve(fn: string, src: Float64Array | FlatLike, dst: Float64Array | FlatLike): [Float64Array, Float64Array] {
  const s = dataOf(fn, 'src', src), d = dataOf(fn, 'dst', dst);
  if (s.length !== d.length) throw new RangeError(`${fn}: src has ${s.length} parameters but dst has ${d.length}`);
  if (src instanceof Module && dst instanceof Module) checkLayouts(fn, src, dst);
  if (s === d) throw new RangeError(`${fn}: src and dst are the same array`);
  return [s, d];
}

/**
 * Soft update `dst ← (1 − τ)·dst + τ·src` of parameter values (modules, flat pairs or data arrays).
 * @param tau - τ in [0, 1]: 1 = copy, 0 = freeze.
 */
export function polyakUpdate(src: Float64Array | FlatLike, dst: Float64Array | FlatLike, tau: number): void {
  checkNumber('polyakUpdate', 'tau', tau, 'a number in [0, 1]', (x) => x >= 0 && x <= 1);
  const [s, d] = resolve('polyakUpdate', src, dst);
  if (tau === 0) return;
  if (tau === 1) { d.set(s); return; }
  const keep = 1 - tau;
  if (getBackend() === 'wasm') { wasmPolyak(s, d, keep, tau); return; } // same loop in wasm SIMD, bit-identical
  for (let i = 0; i < d.length; i++) d[i] = d[i]! * keep + tau * s[i]!;
}

/** `dst ← src` (values only), e.g. to initialise a target network. */
export function hardCopy(src: Float64Array | FlatLike, dst: Float64Array | FlatLike): void {
  const [s, d] = resolve('hardCopy', src, dst);
  d.set(s);
}
