// First-order optimizers over a flat `{ data, grad }` pair: one class, a family by named switches
// (tinygrad's optim.py), each step a single loop over the flat arrays that allocates nothing.
//
// Semantics follow PyTorch's single-tensor implementations (torch.optim.Adam / AdamW / SGD, no
// amsgrad, no maximize), per element with t = step count after increment:
//   adam:  g ← g + wd·p                                   (L2 penalty folded into the gradient)
//   adamw: p ← p·(1 − lr·wd)                              (decoupled decay, before the Adam step)
//          m ← β1·m + (1−β1)·g;   v ← β2·v + (1−β2)·g²
//          p ← p − (lr / (1−β1ᵗ)) · m / (√v / √(1−β2ᵗ) + eps)
//             = p − lr · m̂ / (√v̂ + eps),  m̂ = m/(1−β1ᵗ), v̂ = v/(1−β2ᵗ)   (eps AFTER bias correction)
//   sgd:   d ← g + wd·p
//          with momentum μ > 0:  buf ← d on the first step, else buf ← μ·buf + (1−dampening)·d;
//                                d ← d + μ·buf (nesterov) or d ← buf
//          p ← p − lr·d
// PyTorch computes Adam's first moment as a lerp (m + (1−β1)(g − m)); the results agree to
// rounding, not bit for bit.
//
// State (`t`, `m`, `v`) is visible and serialisable (getState/setState, lib/nn/stateDict.ts).
// For SGD, `m` is the momentum buffer and `v` is empty.

import { getBackend, wasmAdam } from '../tensor/index.js';
import { flatOf, Module, type FlatLike, type FlatParams } from './module.js';
import { checkKeys, checkNumber, describeValue, fail } from './validate.js';
import { pow } from '../math/index.js';

/** Adam / AdamW hyperparameters. */
export interface AdamConfig {
  /** Learning rate, ≥ 0 (PyTorch default 1e-3). */
  readonly lr: number;
  /** Decay of the first-moment average, in [0, 1) (default 0.9). */
  readonly beta1: number;
  /** Decay of the second-moment average, in [0, 1) (default 0.999). */
  readonly beta2: number;
  /** Added to √v̂ after bias correction, ≥ 0 (default 1e-8). */
  readonly eps: number;
  /** Adam: L2 coefficient added to the gradient (default 0). AdamW: decoupled decay rate per unit lr (default 1e-2). ≥ 0. */
  readonly weightDecay: number;
}

/** SGD hyperparameters. */
export interface SgdConfig {
  /** Learning rate, ≥ 0 (default 1e-3, as torch ≥ 2.2). */
  readonly lr: number;
  /** Momentum factor μ, ≥ 0 (default 0 = plain SGD). */
  readonly momentum: number;
  /** Dampening of the momentum update, in [0, 1] (default 0). */
  readonly dampening: number;
  /** Nesterov momentum (default false); needs momentum > 0 and dampening = 0. */
  readonly nesterov: boolean;
  /** L2 coefficient added to the gradient, ≥ 0 (default 0). */
  readonly weightDecay: number;
}

export const ADAM_DEFAULTS: Readonly<AdamConfig> = Object.freeze({ lr: 1e-3, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0 });
export const ADAMW_DEFAULTS: Readonly<AdamConfig> = Object.freeze({ ...ADAM_DEFAULTS, weightDecay: 1e-2 });
export const SGD_DEFAULTS: Readonly<SgdConfig> = Object.freeze({ lr: 1e-3, momentum: 0, dampening: 0, nesterov: false, weightDecay: 0 });

/** The members of the family. */
export type OptimizerKind = 'adam' | 'adamw' | 'sgd';
export const OPTIMIZER_KINDS: readonly OptimizerKind[] = ['adam', 'adamw', 'sgd'];

/** A snapshot of an optimizer (arrays are copies). */
export type OptimizerState =
  | { readonly kind: 'adam' | 'adamw'; readonly config: AdamConfig; readonly t: number; readonly m: Float64Array; readonly v: Float64Array }
  | { readonly kind: 'sgd'; readonly config: SgdConfig; readonly t: number; readonly m: Float64Array; readonly v: Float64Array };

type Settings = { readonly kind: 'adam' | 'adamw'; readonly config: AdamConfig } | { readonly kind: 'sgd'; readonly config: SgdConfig };

const nonNeg = (x: number): boolean => Number.isFinite(x) && x >= 0;
const unit = (x: number): boolean => x >= 0 && x < 1;

/** Merges `partial` over the kind's defaults and validates every field (errors name the field and range). */
export function resolveOptimizerConfig(kind: 'adam' | 'adamw', partial?: Partial<AdamConfig>): AdamConfig;
export function resolveOptimizerConfig(kind: 'sgd', partial?: Partial<SgdConfig>): SgdConfig;
export function resolveOptimizerConfig(kind: OptimizerKind, partial: object = {}): AdamConfig | SgdConfig {
  if (typeof partial !== 'object' || partial === null) fail(kind, 'config', 'an object', partial, true);
  if (kind === 'sgd') {
    checkKeys(kind, 'config', partial, Object.keys(SGD_DEFAULTS));
    const c: SgdConfig = { ...SGD_DEFAULTS, ...(partial as Partial<SgdConfig>) };
    checkNumber(kind, 'lr', c.lr, 'a finite number >= 0', nonNeg);
    checkNumber(kind, 'momentum', c.momentum, 'a finite number >= 0', nonNeg);
    checkNumber(kind, 'dampening', c.dampening, 'a number in [0, 1]', (x) => x >= 0 && x <= 1);
    checkNumber(kind, 'weightDecay', c.weightDecay, 'a finite number >= 0', nonNeg);
    if (typeof c.nesterov !== 'boolean') fail(kind, 'nesterov', 'a boolean', c.nesterov, true);
    if (c.nesterov && (c.momentum <= 0 || c.dampening !== 0)) {
      throw new RangeError(`sgd: nesterov needs momentum > 0 and dampening = 0, got momentum ${c.momentum}, dampening ${c.dampening}`);
    }
    return Object.freeze(c);
  }
  if (kind !== 'adam' && kind !== 'adamw') fail('optimizer', 'kind', OPTIMIZER_KINDS.map((k) => `'${k}'`).join(', '), kind);
  checkKeys(kind, 'config', partial, Object.keys(ADAM_DEFAULTS));
  const c: AdamConfig = { ...(kind === 'adam' ? ADAM_DEFAULTS : ADAMW_DEFAULTS), ...(partial as Partial<AdamConfig>) };
  checkNumber(kind, 'lr', c.lr, 'a finite number >= 0', nonNeg);
  checkNumber(kind, 'beta1', c.beta1, 'a number in [0, 1)', unit);
  checkNumber(kind, 'beta2', c.beta2, 'a number in [0, 1)', unit);
  checkNumber(kind, 'eps', c.eps, 'a finite number >= 0', nonNeg);
  checkNumber(kind, 'weightDecay', c.weightDecay, 'a finite number >= 0', nonNeg);
  return Object.freeze(c);
}

/** An optimizer of the family. Create with {@link adam}, {@link adamW} or {@link sgd}. */
export class Optimizer {
  #m: Float64Array;
  #v: Float64Array;
  #s: Settings;
  #t = 0;
  /** A module is followed (its `flat` is looked up at every step); a bare pair is captured. */
  readonly #source: FlatLike;

  constructor(params: FlatLike, settings: Settings) {
    const n = flatOf(settings.kind, params).data.length;
    this.#source = params;
    this.#s = settings;
    this.#m = new Float64Array(n);
    this.#v = new Float64Array(settings.kind === 'sgd' ? 0 : n);
  }

  /**
   * First moment (Adam) or momentum buffer (SGD). The same object for the optimizer's lifetime,
   * except that `buildArena` moves it into the network's arena (values kept): take it after that.
   */
  get m(): Float64Array {
    return this.#m;
  }

  /** Second moment (Adam); empty for SGD. Same object as long as `m` is. */
  get v(): Float64Array {
    return this.#v;
  }

  /** Whether this optimizer was built on `x` itself (a module it follows, or that exact pair). @internal */
  isBuiltOn(x: FlatLike): boolean {
    return this.#source === x;
  }

  /** Copies the moments into `m`/`v` (same lengths) and uses those from now on; used by `buildArena`. @internal */
  relocateMoments(m: Float64Array, v: Float64Array): void {
    if (m.length !== this.#m.length || v.length !== this.#v.length) throw new RangeError(`relocateMoments: m and v must have ${this.#m.length} and ${this.#v.length} elements, got ${m.length} and ${v.length}`);
    m.set(this.#m);
    v.set(this.#v);
    this.#m = m;
    this.#v = v;
  }

  /**
   * The parameters being optimised. For a Module this is its current `flat`, so an optimizer
   * built on a module keeps working after the module is registered into a parent.
   */
  get params(): FlatParams {
    const f = this.#source instanceof Module ? this.#source.flat : this.#source;
    if (f.data.length !== this.m.length || f.grad.length !== this.m.length) {
      throw new RangeError(`${this.kind}: the parameters now have ${f.data.length} values (grad ${f.grad.length}) but the optimizer was built for ${this.m.length}`);
    }
    return f;
  }

  get kind(): OptimizerKind {
    return this.#s.kind;
  }

  get config(): AdamConfig | SgdConfig {
    return this.#s.config;
  }

  /** Number of `step()` calls so far (restored by `setState`). */
  get t(): number {
    return this.#t;
  }

  /** Learning rate; assign to schedule it (validated: finite, ≥ 0). */
  get lr(): number {
    return this.#s.config.lr;
  }

  set lr(lr: number) {
    checkNumber(this.kind, 'lr', lr, 'a finite number >= 0', nonNeg);
    this.#s = this.#s.kind === 'sgd'
      ? { kind: 'sgd', config: Object.freeze({ ...this.#s.config, lr }) }
      : { kind: this.#s.kind, config: Object.freeze({ ...this.#s.config, lr }) };
  }

  /** `params.grad.fill(0)`. */
  zeroGrad(): void {
    this.params.grad.fill(0);
  }

  /** One update from `params.grad` (which it reads, never clears). Allocates nothing. */
  step(): void {
    const p = this.params.data, g = this.params.grad, m = this.m, n = p.length;
    const t = ++this.#t;
    const s = this.#s;
    if (s.kind === 'sgd') {
      const { lr, momentum: mu, dampening, nesterov, weightDecay: wd } = s.config;
      for (let i = 0; i < n; i++) {
        let d = g[i]!;
        if (wd !== 0) d += wd * p[i]!;
        if (mu !== 0) {
          const buf = t === 1 ? d : mu * m[i]! + (1 - dampening) * d;
          m[i] = buf;
          d = nesterov ? d + mu * buf : buf;
        }
        p[i] = p[i]! - lr * d;
      }
      return;
    }
    const { lr, beta1: b1, beta2: b2, eps, weightDecay: wd } = s.config;
    const v = this.v;
    const stepSize = lr / (1 - pow(b1, t));
    const bc2Sqrt = Math.sqrt(1 - pow(b2, t));
    const l2 = s.kind === 'adam' ? wd : 0;
    const decay = s.kind === 'adamw' ? 1 - lr * wd : 1;
    if (getBackend() === 'wasm') { // the same loop in WebAssembly SIMD, bit-identical (lib/tensor/wasm/kernels.wat)
      wasmAdam(p, g, m, v, { stepSize, bc2Sqrt, eps, b1, b2, l2, decay });
      return;
    }
    for (let i = 0; i < n; i++) {
      let gi = g[i]!;
      if (l2 !== 0) gi += l2 * p[i]!;
      if (decay !== 1) p[i] = p[i]! * decay;
      const mi = b1 * m[i]! + (1 - b1) * gi;
      const vi = b2 * v[i]! + (1 - b2) * gi * gi;
      m[i] = mi;
      v[i] = vi;
      p[i] = p[i]! - stepSize * (mi / (Math.sqrt(vi) / bc2Sqrt + eps));
    }
  }

  /** A snapshot `{ kind, config, t, m, v }` (copies of the moment arrays). */
  getState(): OptimizerState {
    const base = { t: this.#t, m: this.m.slice(), v: this.v.slice() };
    return this.#s.kind === 'sgd' ? { kind: 'sgd', config: this.#s.config, ...base } : { kind: this.#s.kind, config: this.#s.config, ...base };
  }

  /** Restores a snapshot of the same kind and size, copying into the existing arrays. */
  setState(state: OptimizerState): void {
    if (typeof state !== 'object' || state === null) fail('setState', 'state', 'an OptimizerState { kind, config, t, m, v }', state, true);
    if (state.kind !== this.kind) throw new RangeError(`setState: state is for kind ${describeValue(state.kind)} but this optimizer is '${this.kind}'`);
    const config = state.kind === 'sgd' ? resolveOptimizerConfig('sgd', state.config) : resolveOptimizerConfig(state.kind, state.config);
    checkNumber('setState', 't', state.t, 'a non-negative integer', (x) => Number.isSafeInteger(x) && x >= 0);
    for (const key of ['m', 'v'] as const) {
      const a: unknown = state[key];
      if (!(a instanceof Float64Array)) fail('setState', key, 'a Float64Array', a, true);
      if (a.length !== this[key].length) throw new RangeError(`setState: ${key} has ${a.length} elements, this optimizer's ${key} has ${this[key].length}`);
    }
    this.m.set(state.m);
    this.v.set(state.v);
    this.#t = state.t;
    this.#s = state.kind === 'sgd' ? { kind: 'sgd', config: config as SgdConfig } : { kind: state.kind, config: config as AdamConfig };
  }

  toString(): string {
    const c = Object.entries(this.#s.config).map(([k, v]) => `${k}=${String(v)}`).join(', ');
    return `${this.kind === 'adamw' ? 'AdamW' : this.kind === 'adam' ? 'Adam' : 'SGD'}(${c}; t=${this.#t}, ${this.params.data.length} params)`;
  }
}

/** Adam (torch.optim.Adam semantics; `weightDecay` is an L2 term added to the gradient). */
export function adam(params: FlatLike, config: Partial<AdamConfig> = {}): Optimizer {
  return new Optimizer(params, { kind: 'adam', config: resolveOptimizerConfig('adam', config) });
}

/** AdamW (torch.optim.AdamW semantics: `p ← p·(1 − lr·weightDecay)` before the Adam step; default weightDecay 1e-2). */
export function adamW(params: FlatLike, config: Partial<AdamConfig> = {}): Optimizer {
  return new Optimizer(params, { kind: 'adamw', config: resolveOptimizerConfig('adamw', config) });
}

/** SGD with optional momentum, dampening, Nesterov and L2 weight decay (torch.optim.SGD semantics). */
export function sgd(params: FlatLike, config: Partial<SgdConfig> = {}): Optimizer {
  return new Optimizer(params, { kind: 'sgd', config: resolveOptimizerConfig('sgd', config) });
}
