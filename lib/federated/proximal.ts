// Seams for paper 5 (Chen et al. 2024, PFR-OA): the FedProx proximal term and its adaptive weight.
//
//   Proximal term (eq. 23 critics, eq. 24 actor):  P(θ) = (λ/2)·‖θ − θ_f‖²,   ∇P = λ·(θ − θ_f)
//   added to each local loss, with θ_f the anchor = the last aggregate received
//   (`federatedRound(...).online[group]`). Work on flat arrays: pass `module.flat.data` as θ and
//   `module.flat.grad` as the gradient, after the loss's backward and before `optimizer.step()`.
//
//   Adaptive λ (spec 05 §4.2 [R], paper text after eq. 24): one λ_i per community, shared by
//   λ_Q1, λ_Q2, λ_μ. λ = 0 until the first anchor exists; when it is set λ takes `initial` (0.01);
//   after each later round, if the community's training loss ROSE since the previous round
//   λ ← min(max, factor·λ), otherwise (equal or lower) λ ← max(min, λ/factor); factor 2, min 1e−4,
//   max 1. With `proxLambdaMode: 'fixed'` the experiment simply does not call `adaptLambda`.
//
// Only these pure pieces live here; paper 5's training loop belongs to its experiment.

import { checkKeys, checkNumber, fail } from './validate.js';

function checkPair(fn: string, theta: unknown, anchor: unknown): [Float64Array, Float64Array] {
  if (!(theta instanceof Float64Array)) fail(fn, 'theta', 'a Float64Array (e.g. module.flat.data)', theta, true);
  if (!(anchor instanceof Float64Array)) fail(fn, 'anchor', 'a Float64Array (the last aggregate θ_f)', anchor, true);
  if (theta.length !== anchor.length) throw new RangeError(`${fn}: theta has ${theta.length} elements but anchor has ${anchor.length}`);
  return [theta, anchor];
}

const checkLambda = (fn: string, lambda: unknown): number =>
  checkNumber(fn, 'lambda', lambda, 'a finite number >= 0', (x) => Number.isFinite(x) && x >= 0);

/**
 * Value of the proximal term `(λ/2)·Σ_i (θ_i − θ_f,i)²` (squared differences summed in index order).
 * @param lambda - λ ≥ 0 (0 ⇒ exactly 0).
 */
export function proximalTerm(theta: Float64Array, anchor: Float64Array, lambda: number): number {
  const fn = 'proximalTerm';
  const [t, a] = checkPair(fn, theta, anchor);
  const l = checkLambda(fn, lambda);
  if (l === 0) return 0;
  let s = 0;
  for (let i = 0; i < t.length; i++) {
    const d = t[i]! - a[i]!;
    s += d * d;
  }
  return 0.5 * l * s;
}

/**
 * Accumulates the proximal gradient into `grad`: `grad_i += λ·(θ_i − θ_f,i)` (accumulates, never
 * assigns, like backward). Allocates nothing. Returns `grad`.
 */
export function addProximalGradient(grad: Float64Array, theta: Float64Array, anchor: Float64Array, lambda: number): Float64Array {
  const fn = 'addProximalGradient';
  const [t, a] = checkPair(fn, theta, anchor);
  if (!(grad instanceof Float64Array)) fail(fn, 'grad', 'a Float64Array (e.g. module.flat.grad)', grad, true);
  if (grad.length !== t.length) throw new RangeError(`${fn}: grad has ${grad.length} elements but theta has ${t.length}`);
  const l = checkLambda(fn, lambda);
  if (l === 0) return grad;
  for (let i = 0; i < t.length; i++) grad[i] = grad[i]! + l * (t[i]! - a[i]!);
  return grad;
}

/** Adaptive-λ rule parameters (spec 05 §4.2 [R]). */
export interface AdaptiveLambdaConfig {
  /** λ when the first anchor is set (default 0.01). In [min, max]. */
  readonly initial: number;
  /** Multiplier on a rising loss and divisor otherwise (default 2), > 1. */
  readonly factor: number;
  /** Floor of λ (default 1e−4), > 0 (so λ = 0 always means "no anchor yet"). */
  readonly min: number;
  /** Cap of λ (default 1), ≥ min. */
  readonly max: number;
}

export const ADAPTIVE_LAMBDA_DEFAULTS: Readonly<AdaptiveLambdaConfig> = Object.freeze({ initial: 0.01, factor: 2, min: 1e-4, max: 1 });

/** One community's adaptive-λ state (a plain value: store it in checkpoints as is). */
export interface AdaptiveLambdaState {
  /** Current λ; 0 before the first anchor. */
  readonly lambda: number;
  /** The training loss seen at the previous round, or null if none yet. */
  readonly previousLoss: number | null;
}

/** The state before the first round: λ = 0, no loss. */
export const INITIAL_LAMBDA_STATE: AdaptiveLambdaState = Object.freeze({ lambda: 0, previousLoss: null });

function resolveLambdaConfig(fn: string, partial: Partial<AdaptiveLambdaConfig>): AdaptiveLambdaConfig {
  if (typeof partial !== 'object' || partial === null) fail(fn, 'config', 'an object', partial, true);
  checkKeys(fn, 'config', partial, Object.keys(ADAPTIVE_LAMBDA_DEFAULTS));
  const c = { ...ADAPTIVE_LAMBDA_DEFAULTS, ...partial };
  const min = checkNumber(fn, 'min', c.min, 'a finite number > 0', (x) => Number.isFinite(x) && x > 0);
  const max = checkNumber(fn, 'max', c.max, `a finite number >= min (${min})`, (x) => Number.isFinite(x) && x >= min);
  return {
    initial: checkNumber(fn, 'initial', c.initial, `a number in [min, max] = [${min}, ${max}]`, (x) => x >= min && x <= max),
    factor: checkNumber(fn, 'factor', c.factor, 'a finite number > 1', (x) => Number.isFinite(x) && x > 1),
    min,
    max,
  };
}

/**
 * The state after a round that (re)set the anchor, given the community's training loss since the
 * previous round (`null` if it has none, e.g. at epoch 0). First call (λ = 0): λ ← initial.
 * Later calls: if both losses exist and loss > previousLoss, λ ← min(max, factor·λ); if both exist
 * otherwise, λ ← max(min, λ/factor); if either is missing, λ unchanged. `previousLoss` ← loss when
 * a loss is given.
 */
export function adaptLambda(state: AdaptiveLambdaState, loss: number | null, config: Partial<AdaptiveLambdaConfig> = {}): AdaptiveLambdaState {
  const fn = 'adaptLambda';
  const c = resolveLambdaConfig(fn, config);
  if (typeof state !== 'object' || state === null) fail(fn, 'state', 'an AdaptiveLambdaState { lambda, previousLoss }', state, true);
  const lambda = checkNumber(fn, 'state.lambda', state.lambda, 'a finite number >= 0', (x) => Number.isFinite(x) && x >= 0);
  const prev = state.previousLoss;
  if (prev !== null) checkNumber(fn, 'state.previousLoss', prev, 'a finite number or null', Number.isFinite);
  if (loss !== null) checkNumber(fn, 'loss', loss, 'a finite number or null', Number.isFinite);
  let next: number;
  if (lambda === 0) next = c.initial;
  else if (prev === null || loss === null) next = lambda;
  else if (loss > prev) next = Math.min(c.max, c.factor * lambda);
  else next = Math.max(c.min, lambda / c.factor);
  return { lambda: next, previousLoss: loss ?? prev };
}
