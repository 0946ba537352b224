// Linear: a dense layer y = act(x·W + b) on the fused `linear` op of lib/tensor.
// Convention: W has shape [in, out] (x [B, in] · W), the TRANSPOSE of torch.nn.Linear's
// weight [out, in]; convert when importing PyTorch weights. Parameters: `weight`, then `bias`.

import { ACTIVATIONS, linear, type Activation, type Tensor } from '../tensor/index.js';
import type { Rng } from '../random/index.js';
import { biasInit, checkInit, weightInit, type Init } from './init.js';
import { Module, type ParameterRef } from './module.js';
import { checkKeys, checkOneOf, checkPositiveInt, checkRngLike, fail, formatCount } from './validate.js';

/** Options of {@link Linear}. */
export interface LinearOptions {
  /** Learn an additive bias (default true). */
  readonly bias?: boolean;
  /** Activation fused into the layer (default 'identity'). */
  readonly activation?: Activation;
  /** Initialisation scheme (default 'pytorch'); see lib/nn/init.ts. */
  readonly init?: Init;
  /** Generator for the initial values (weights row-major, then bias). Required. */
  readonly rng: Rng;
}

/** Dense layer `y = act(x·W + b)`, x [B, in] → y [B, out]. */
export class Linear extends Module {
  readonly inFeatures: number;
  readonly outFeatures: number;
  readonly activation: Activation;
  readonly init: Init;
  readonly #weight: ParameterRef;
  readonly #bias: ParameterRef | null;

  /**
   * @param inFeatures - input width, a positive integer.
   * @param outFeatures - output width, a positive integer.
   * @throws RangeError/TypeError naming the bad field and its allowed values.
   */
  constructor(inFeatures: number, outFeatures: number, options: LinearOptions) {
    super();
    const fn = 'Linear';
    this.inFeatures = checkPositiveInt(fn, 'inFeatures', inFeatures);
    this.outFeatures = checkPositiveInt(fn, 'outFeatures', outFeatures);
    if (typeof options !== 'object' || options === null) fail(fn, 'options', 'an object { rng, bias?, activation?, init? }', options, true);
    checkKeys(fn, 'options', options, ['bias', 'activation', 'init', 'rng']);
    const bias = options.bias ?? true;
    if (typeof bias !== 'boolean') fail(fn, 'bias', 'a boolean', bias, true);
    this.activation = checkOneOf(fn, 'activation', options.activation ?? 'identity', ACTIVATIONS);
    this.init = checkInit(fn, 'init', options.init ?? 'pytorch');
    checkRngLike(fn, 'rng', options.rng);
    this.#weight = this.registerParameter('weight', [inFeatures, outFeatures], weightInit(this.init, inFeatures, outFeatures, options.rng));
    this.#bias = bias ? this.registerParameter('bias', [outFeatures], biasInit(this.init, inFeatures, options.rng)) : null;
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
    return linear(x, this.#weight.tensor, this.#bias === null ? null : this.#bias.tensor, this.activation);
  }

  /** `Linear(60 -> 64 relu, 3_904 params)`. */
  override toString(): string {
    const act = this.activation === 'identity' ? '' : ` ${this.activation}`;
    const nb = this.#bias === null ? ', no bias' : '';
    return `Linear(${this.inFeatures} -> ${this.outFeatures}${act}${nb}, ${formatCount(this.countParams())} params)`;
  }
}
