// Multi-layer perceptron: a stack of fused Linear layers in one flat parameter buffer
// (spinningup's `core.mlp`). Parameter names: layers.0.weight, layers.0.bias, layers.1.weight, …
// Initial values are drawn from `rng` layer by layer, weights (row-major) before bias — or, with
// `weights` instead of `rng`, copied from given per-layer values (no RNG; see Linear's layout).

import { ACTIVATIONS, BACKENDS, type Activation, type Backend, type Tensor } from '../tensor/index.js';
import type { Rng } from '../random/index.js';
import { checkInit, type Init } from './init.js';
import { Linear, type LinearWeights } from './linear.js';
import { Module } from './module.js';
import { checkKeys, checkNumber, checkOneOf, checkPositiveInt, checkRngLike, fail, formatCount } from './validate.js';

/** Configuration of {@link mlp}: random initial values from `rng` ({@link MlpInitConfig}) or given ones ({@link MlpWeightsConfig}). */
export type MlpConfig = MlpInitConfig | MlpWeightsConfig;

/** Configuration of {@link mlp} with random initial values. */
export interface MlpInitConfig {
  /** Layer widths `[in, h1, …, out]`: at least 2 positive integers. */
  readonly sizes: readonly number[];
  /** Activation after every hidden layer (default 'relu'). */
  readonly activation?: Activation;
  /** Activation of the output layer (default 'identity'; e.g. 'tanh' for a bounded actor). */
  readonly outputActivation?: Activation;
  /** Initialisation of every layer (default 'pytorch'); see lib/nn/init.ts. */
  readonly init?: Init;
  /**
   * If set, the LAST layer's weight and bias are drawn from U(−s, s) instead (s > 0, finite),
   * e.g. 3e-3 for DDPG's actor and critic outputs (Lillicrap et al. 2016, §7).
   */
  readonly finalLayerInit?: number;
  /** Generator for the initial values. Required. */
  readonly rng: Rng;
  /** Kernel backend of every layer (default: the global one, `setBackend`); same bits either way. */
  readonly backend?: Backend;
}

/** Configuration of {@link mlp} from given values: no RNG, `init` or `finalLayerInit`. */
export interface MlpWeightsConfig {
  /**
   * One `{ weight [in_i, out_i], bias? [out_i] }` per layer, in order (Linear's layout; values
   * copied). Consecutive layers must chain (out_i = in_{i+1}).
   */
  readonly weights: readonly LinearWeights[];
  /** Optional layer widths `[in, …, out]`, checked against the weights (needed only for flat weight values). */
  readonly sizes?: readonly number[];
  /** Activation after every hidden layer (default 'relu'). */
  readonly activation?: Activation;
  /** Activation of the output layer (default 'identity'). */
  readonly outputActivation?: Activation;
  /** Kernel backend of every layer (default: the global one, `setBackend`); same bits either way. */
  readonly backend?: Backend;
}

/** A feed-forward network `x → act(x·W₀+b₀) → … → outAct(·W_L+b_L)`. Build it with {@link mlp}. */
export class Mlp extends Module {
  readonly sizes: readonly number[];
  readonly activation: Activation;
  readonly outputActivation: Activation;
  /** The layers, in order (their parameters are views into this module's `flat`). */
  readonly layers: readonly Linear[];

  constructor(config: MlpConfig) {
    super();
    const fn = 'mlp';
    if (typeof config !== 'object' || config === null) fail(fn, 'config', 'an object { sizes, rng, … } or { weights, … }', config, true);
    if ('weights' in config) {
      const built = Mlp.#fromWeights(config);
      this.sizes = built.sizes;
      this.activation = built.activation;
      this.outputActivation = built.outputActivation;
      this.layers = Object.freeze(built.layers.map((l, i) => this.registerModule(`layers.${i}`, l)));
      return;
    }
    checkKeys(fn, 'config', config, ['sizes', 'activation', 'outputActivation', 'init', 'finalLayerInit', 'rng', 'backend']);
    const backend = config.backend === undefined ? {} : { backend: checkOneOf(fn, 'backend', config.backend, BACKENDS) };
    const { sizes } = config;
    if (!Array.isArray(sizes) || sizes.length < 2) fail(fn, 'sizes', 'an array of at least 2 layer widths [in, …, out]', sizes, !Array.isArray(sizes));
    sizes.forEach((s, i) => checkPositiveInt(fn, `sizes[${i}]`, s));
    this.sizes = Object.freeze([...sizes]);
    this.activation = checkOneOf(fn, 'activation', config.activation ?? 'relu', ACTIVATIONS);
    this.outputActivation = checkOneOf(fn, 'outputActivation', config.outputActivation ?? 'identity', ACTIVATIONS);
    const init = checkInit(fn, 'init', config.init ?? 'pytorch');
    const fin = config.finalLayerInit;
    if (fin !== undefined) checkNumber(fn, 'finalLayerInit', fin, 'a finite number > 0 (or omitted)', (x) => Number.isFinite(x) && x > 0);
    checkRngLike(fn, 'rng', config.rng);
    const layers: Linear[] = [];
    const last = sizes.length - 2;
    for (let i = 0; i <= last; i++) {
      const layer = new Linear(sizes[i]!, sizes[i + 1]!, {
        activation: i === last ? this.outputActivation : this.activation,
        init: i === last && fin !== undefined ? { uniform: fin } : init,
        rng: config.rng,
        ...backend,
      });
      layers.push(this.registerModule(`layers.${i}`, layer));
    }
    this.layers = Object.freeze(layers);
  }

  /** The layers of a {@link MlpWeightsConfig}, validated (shapes from the weights, checked against `sizes` if given). */
  static #fromWeights(config: MlpWeightsConfig): { sizes: readonly number[]; activation: Activation; outputActivation: Activation; layers: Linear[] } {
    const fn = 'mlp';
    checkKeys(fn, 'config', config, ['weights', 'sizes', 'activation', 'outputActivation', 'backend']);
    const backend = config.backend === undefined ? {} : { backend: checkOneOf(fn, 'backend', config.backend, BACKENDS) };
    const { weights, sizes } = config;
    if (!Array.isArray(weights) || weights.length < 1) fail(fn, 'weights', 'a non-empty array of { weight, bias? }, one per layer', weights, !Array.isArray(weights));
    if (sizes !== undefined) {
      if (!Array.isArray(sizes) || sizes.length !== weights.length + 1) fail(fn, 'sizes', `an array of ${weights.length + 1} layer widths (one more than weights), or omitted`, sizes, !Array.isArray(sizes));
      sizes.forEach((s, i) => checkPositiveInt(fn, `sizes[${i}]`, s));
    }
    const activation = checkOneOf(fn, 'activation', config.activation ?? 'relu', ACTIVATIONS);
    const outputActivation = checkOneOf(fn, 'outputActivation', config.outputActivation ?? 'identity', ACTIVATIONS);
    const last = weights.length - 1;
    const layers = weights.map((w, i) => {
      const act = i === last ? outputActivation : activation;
      return sizes !== undefined ? new Linear(sizes[i]!, sizes[i + 1]!, { weights: w, activation: act, ...backend }) : Linear.fromWeights(w, { activation: act, ...backend });
    });
    for (let i = 1; i < layers.length; i++) {
      if (layers[i]!.inFeatures !== layers[i - 1]!.outFeatures) {
        throw new RangeError(`mlp: weights[${i}].weight has ${layers[i]!.inFeatures} rows but weights[${i - 1}] has ${layers[i - 1]!.outFeatures} outputs; consecutive layers must chain`);
      }
    }
    return { sizes: Object.freeze([layers[0]!.inFeatures, ...layers.map((l) => l.outFeatures)]), activation, outputActivation, layers };
  }

  /**
   * x [B, sizes[0]] → [B, sizes.at(-1)]. x may be column blocks [B, w_j] with Σw_j = sizes[0]
   * (e.g. a critic's [observations, actions]): the first layer then computes input gradients only
   * for the blocks that require one (lib/tensor linear) — same values as concatenating first.
   */
  override forward(x: Tensor | readonly Tensor[]): Tensor {
    const layers = this.layers;
    let h = layers[0]!.forward(x);
    for (let i = 1; i < layers.length; i++) h = layers[i]!.forward(h);
    return h;
  }

  /** `Mlp(60 -> 64 relu -> 40 sigmoid, 6_504 params)` ('identity' is not printed). */
  override toString(): string {
    const parts = [String(this.sizes[0])];
    for (const l of this.layers) parts.push(l.activation === 'identity' ? `${l.outFeatures}` : `${l.outFeatures} ${l.activation}`);
    return `Mlp(${parts.join(' -> ')}, ${formatCount(this.countParams())} params)`;
  }
}

/** Builds an {@link Mlp}; throws naming the bad field (e.g. `mlp: sizes[1] must be a positive integer, got 0`). */
export function mlp(config: MlpConfig): Mlp {
  return new Mlp(config);
}
