// Linear: a dense layer y = act(x·W + b) on the fused `linear` op of lib/tensor.
//
// Weight layout. W has shape [in, out], row-major: W[i][j] (flat index i·out + j) multiplies input
// feature i into output feature j, so x [B, in] · W [in, out] needs no transpose. This is the
// TRANSPOSE of torch.nn.Linear's `weight` [out, in] (torch computes x·Wᵀ); `fromTorchLayout` and
// `toTorchLayout` below convert. The bias b [out] is the same in both. Parameters: `weight`, then
// `bias`.
//
// Two ways to build one: random initial values from a seeded `rng` (`new Linear(in, out, { rng })`),
// or given values, which needs no RNG (`Linear.fromWeights({ weight, bias })`, or
// `new Linear(in, out, { weights })`): ported or hand-set weights, loaded policies, tests.

import { ACTIVATIONS, BACKENDS, fromData, linear, Tensor, type Activation, type Backend } from '../tensor/index.js';
import type { Rng } from '../random/index.js';
import { biasInit, checkInit, weightInit, type Init } from './init.js';
import { Module, type ParameterRef } from './module.js';
import { checkKeys, checkOneOf, checkPositiveInt, checkRngLike, describeValue, fail, formatCount } from './validate.js';

/** Options of {@link Linear} with random initial values. */
export interface LinearOptions {
  /** Learn an additive bias (default true). */
  readonly bias?: boolean;
  /** Activation fused into the layer (default 'identity'). */
  readonly activation?: Activation;
  /** Initialisation scheme (default 'pytorch'); see lib/nn/init.ts. */
  readonly init?: Init;
  /** Generator for the initial values (weights row-major, then bias). Required. */
  readonly rng: Rng;
  /** Kernel backend of this layer's op (default: the global one, `setBackend`); same bits either way. */
  readonly backend?: Backend;
}

/**
 * A matrix of values: a rank-2 Tensor, or nested rows (`number[][]`, e.g. from JSON or torch's
 * `tolist()`); for a layer's weight, flat row-major values (any array-like of numbers) also work
 * when the shape is known.
 */
export type MatrixValues = Tensor | readonly (readonly number[])[] | ArrayLike<number>;

/** Given values of a dense layer, in mecrl's layout (no RNG needed). */
export interface LinearWeights {
  /** W [in, out] (mecrl's layout; convert torch's [out, in] with `fromTorchLayout`). Values are copied. */
  readonly weight: MatrixValues;
  /** b [out] (a rank-1 Tensor or array-like of numbers); omitted or null: a layer without bias. */
  readonly bias?: Tensor | ArrayLike<number> | null;
}

/** Options of {@link Linear} built from given values: no `rng`, `init` or `bias` flag (the values say it all). */
export interface LinearWeightsOptions {
  /** The layer's values (copied). Every value must be a finite number. */
  readonly weights: LinearWeights;
  /** Activation fused into the layer (default 'identity'). */
  readonly activation?: Activation;
  /** Kernel backend of this layer's op (default: the global one, `setBackend`); same bits either way. */
  readonly backend?: Backend;
}

/** Dense layer `y = act(x·W + b)`, x [B, in] → y [B, out], W [in, out] (see the file header). */
export class Linear extends Module {
  readonly inFeatures: number;
  readonly outFeatures: number;
  readonly activation: Activation;
  /** The initialisation scheme, or null for a layer built from given weights. */
  readonly init: Init | null;
  /** The kernel backend of this layer, or undefined to follow the global one. */
  readonly backend: Backend | undefined;
  readonly #weight: ParameterRef;
  readonly #bias: ParameterRef | null;

  /**
   * @param inFeatures - input width, a positive integer.
   * @param outFeatures - output width, a positive integer.
   * @param options - `{ rng, bias?, activation?, init? }` for random values, or
   *   `{ weights: { weight [in,out], bias? [out] }, activation? }` for given ones (no RNG).
   * @throws RangeError/TypeError naming the bad field and its allowed values.
   */
  constructor(inFeatures: number, outFeatures: number, options: LinearOptions | LinearWeightsOptions) {
    super();
    const fn = 'Linear';
    this.inFeatures = checkPositiveInt(fn, 'inFeatures', inFeatures);
    this.outFeatures = checkPositiveInt(fn, 'outFeatures', outFeatures);
    if (typeof options !== 'object' || options === null) fail(fn, 'options', 'an object { rng, bias?, activation?, init? } or { weights, activation? }', options, true);
    if ('weights' in options) {
      checkKeys(fn, 'options', options, ['weights', 'activation', 'backend']);
      this.activation = checkOneOf(fn, 'activation', options.activation ?? 'identity', ACTIVATIONS);
      this.backend = options.backend === undefined ? undefined : checkOneOf(fn, 'backend', options.backend, BACKENDS);
      this.init = null;
      const w = options.weights;
      if (typeof w !== 'object' || w === null) fail(fn, 'weights', 'an object { weight, bias? }', w, true);
      checkKeys(fn, 'weights', w, ['weight', 'bias']);
      const W = matrixValues(fn, 'weights.weight', w.weight, inFeatures, outFeatures);
      const b = w.bias === undefined || w.bias === null ? null : vectorValues(fn, 'weights.bias', w.bias, outFeatures);
      this.#weight = this.registerParameter('weight', [inFeatures, outFeatures], (v) => v.set(W));
      this.#bias = b === null ? null : this.registerParameter('bias', [outFeatures], (v) => v.set(b));
      return;
    }
    checkKeys(fn, 'options', options, ['bias', 'activation', 'init', 'rng', 'backend']);
    this.backend = options.backend === undefined ? undefined : checkOneOf(fn, 'backend', options.backend, BACKENDS);
    const bias = options.bias ?? true;
    if (typeof bias !== 'boolean') fail(fn, 'bias', 'a boolean', bias, true);
    this.activation = checkOneOf(fn, 'activation', options.activation ?? 'identity', ACTIVATIONS);
    const init = checkInit(fn, 'init', options.init ?? 'pytorch');
    this.init = init;
    checkRngLike(fn, 'rng', options.rng);
    this.#weight = this.registerParameter('weight', [inFeatures, outFeatures], weightInit(init, inFeatures, outFeatures, options.rng));
    this.#bias = bias ? this.registerParameter('bias', [outFeatures], biasInit(init, inFeatures, options.rng)) : null;
  }

  /**
   * A layer from given values, no RNG: `weight` W [in, out] (a rank-2 Tensor or nested rows; its
   * shape gives in and out), `bias` b [out] or none. Values are copied. For torch weights [out, in]
   * use `Linear.fromWeights({ weight: fromTorchLayout(w), bias: b })`.
   */
  static fromWeights(weights: LinearWeights, options: { readonly activation?: Activation; readonly backend?: Backend } = {}): Linear {
    const fn = 'Linear.fromWeights';
    if (typeof weights !== 'object' || weights === null) fail(fn, 'weights', 'an object { weight, bias? }', weights, true);
    const [rows, cols] = matrixShape(fn, 'weights.weight', weights.weight, '[in, out]');
    if (typeof options !== 'object' || options === null) fail(fn, 'options', 'an object { activation? }', options, true);
    checkKeys(fn, 'options', options, ['activation', 'backend']);
    return new Linear(rows, cols, { weights, ...(options.activation !== undefined ? { activation: options.activation } : {}), ...(options.backend !== undefined ? { backend: options.backend } : {}) });
  }

  /** W [in, out] (a view into `flat.data`). */
  get weight(): Tensor {
    return this.#weight.tensor;
  }

  /** b [out], or null without bias. */
  get bias(): Tensor | null {
    return this.#bias === null ? null : this.#bias.tensor;
  }

  /**
   * x [B, in] → act(x·W + b) [B, out]. x may be column blocks [B, w_j] (Σw_j = in), the
   * concatenation without a copy in the graph: only blocks that require a gradient get one.
   */
  override forward(x: Tensor | readonly Tensor[]): Tensor {
    return linear(x, this.#weight.tensor, this.#bias === null ? null : this.#bias.tensor, this.activation, this.backend);
  }

  /** `Linear(60 -> 64 relu, 3_904 params)`. */
  override toString(): string {
    const act = this.activation === 'identity' ? '' : ` ${this.activation}`;
    const nb = this.#bias === null ? ', no bias' : '';
    return `Linear(${this.inFeatures} -> ${this.outFeatures}${act}${nb}, ${formatCount(this.countParams())} params)`;
  }
}

// ---- given values and torch's layout ------------------------------------------------------------

/** A shape/size error whose received value is described in words (`got a Tensor of shape [2,3]`). */
function mismatch(fn: string, field: string, allowed: string, got: string): never {
  throw new RangeError(`${fn}: ${field} must be ${allowed}, got ${got}`);
}

function isNested(v: unknown): v is readonly (readonly unknown[])[] {
  return Array.isArray(v) && v.length > 0 && Array.isArray(v[0]);
}

/** [rows, cols] of a rank-2 Tensor or nested rows (flat values have no shape: rejected). */
function matrixShape(fn: string, field: string, v: unknown, layout: string): [number, number] {
  if (v instanceof Tensor) {
    if (v.rank !== 2) mismatch(fn, field, `a rank-2 Tensor ${layout} or nested rows`, `a Tensor of shape [${v.shape.join(',')}]`);
    return [v.shape[0]!, v.shape[1]!];
  }
  if (isNested(v)) return [v.length, v[0]!.length];
  return fail(fn, field, `a rank-2 Tensor ${layout} or nested rows (number[][])`, v, true);
}

function finiteCopy(fn: string, field: string, src: ArrayLike<unknown>, n: number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const x = src[i];
    if (typeof x !== 'number' || !Number.isFinite(x)) throw new RangeError(`${fn}: ${field}[${i}] must be a finite number, got ${describeValue(x)}`);
    out[i] = x;
  }
  return out;
}

/** Row-major copy of a [rows, cols] matrix given as a Tensor, nested rows or flat values. */
function matrixValues(fn: string, field: string, v: unknown, rows: number, cols: number): Float64Array {
  const want = `[${rows},${cols}]`;
  if (v instanceof Tensor) {
    if (v.rank !== 2 || v.shape[0] !== rows || v.shape[1] !== cols) mismatch(fn, field, `a Tensor of shape ${want}`, `a Tensor of shape [${v.shape.join(',')}]`);
    return finiteCopy(fn, field, v.data, rows * cols);
  }
  if (isNested(v)) {
    if (v.length !== rows) mismatch(fn, field, `${rows} rows of ${cols} numbers (shape ${want})`, `${v.length} rows`);
    const flat: unknown[] = [];
    v.forEach((r, i) => {
      if (!Array.isArray(r) || r.length !== cols) fail(fn, `${field}[${i}]`, `a row of ${cols} numbers (shape ${want})`, r, !Array.isArray(r));
      flat.push(...r);
    });
    return finiteCopy(fn, field, flat, rows * cols);
  }
  const len = (v as { length?: unknown } | null)?.length;
  if (typeof v !== 'object' || v === null || typeof len !== 'number') fail(fn, field, `a Tensor ${want}, nested rows or ${rows * cols} row-major numbers`, v, true);
  if (len !== rows * cols) mismatch(fn, field, `${rows * cols} row-major numbers (shape ${want})`, `${len} numbers`);
  return finiteCopy(fn, field, v as ArrayLike<unknown>, rows * cols);
}

/** Copy of an [n] vector given as a rank-1 Tensor or array-like of numbers. */
function vectorValues(fn: string, field: string, v: unknown, n: number): Float64Array {
  if (v instanceof Tensor) {
    if (v.rank !== 1 || v.shape[0] !== n) mismatch(fn, field, `a Tensor of shape [${n}]`, `a Tensor of shape [${v.shape.join(',')}]`);
    return finiteCopy(fn, field, v.data, n);
  }
  const len = (v as { length?: unknown } | null)?.length;
  if (typeof v !== 'object' || v === null || typeof len !== 'number' || isNested(v)) fail(fn, field, `a Tensor [${n}] or ${n} numbers`, v, true);
  if (len !== n) mismatch(fn, field, `${n} numbers (shape [${n}])`, `${len} numbers`);
  return finiteCopy(fn, field, v as ArrayLike<unknown>, n);
}

/** The transposed copy of a [rows, cols] matrix, as a new leaf tensor [cols, rows] (no graph). */
function transposedCopy(fn: string, weight: Tensor | readonly (readonly number[])[], layout: string): Tensor {
  const [rows, cols] = matrixShape(fn, 'weight', weight, layout);
  const src = matrixValues(fn, 'weight', weight, rows, cols);
  const out = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) out[j * rows + i] = src[i * cols + j]!;
  return fromData(out, [cols, rows]);
}

/**
 * torch.nn.Linear's weight [out, in] → mecrl's W [in, out]: a transposed copy (a new leaf tensor,
 * no graph). Accepts a rank-2 Tensor or nested rows (`linear.weight.tolist()`); the bias needs no
 * conversion. Inverse of {@link toTorchLayout}.
 */
export function fromTorchLayout(weight: Tensor | readonly (readonly number[])[]): Tensor {
  return transposedCopy('fromTorchLayout', weight, '[out, in]');
}

/**
 * mecrl's W [in, out] → torch.nn.Linear's weight [out, in]: a transposed copy (a new leaf tensor,
 * no graph), e.g. `toTorchLayout(layer.weight)` to export. Inverse of {@link fromTorchLayout}.
 */
export function toTorchLayout(weight: Tensor | readonly (readonly number[])[]): Tensor {
  return transposedCopy('toTorchLayout', weight, '[in, out]');
}
