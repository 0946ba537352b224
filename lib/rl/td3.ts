// TD3 — Fujimoto, van Hoof, Meger (2018), "Addressing Function Approximation Error in
// Actor-Critic Methods", ICML, arXiv:1802.09477, Algorithm 1.
//
// Differences from lib/rl/ddpg.ts: `nCritics` critics (2 in the paper) and the minimum of their
// targets (clipped double Q); target policy smoothing (clipped Gaussian noise on μ'(s')); the
// actor and all targets are updated every `policyDelay` critic updates. The actor is trained on
// the first critic. No L2 weight decay (the paper uses none).
// With nCritics = 1, targetNoise = 0 and policyDelay = 1 it is DDPG (weight decay 0): the test
// suite checks the two give bit-identical weights.
//
// Deviations from the paper: none intended; the action enters the critic at the input layer as in
// the authors' code.

import { adam, mseLoss, polyakUpdate, hardCopy, type Mlp, type Optimizer, type OptimizerState } from '../nn/index.js';
import type { Activation } from '../tensor/index.js';
import { Arena, allocUninit, concat, formatGraph, fromData, mean, neg, noGrad } from '../tensor/index.js';
import { normal, type Rng, type RngState } from '../random/index.js';
import { actionRange, fillNoise, frozen, meanOf, nameNetworks, resolveHiddenSizes, type NetworkSet, rows, tdTarget, type ActorOutput, type NoiseSource, type UpdateInspection, type ResolvedHiddenSizes, fitArenas, type ArenaNetwork } from './actorCritic.js';
import { NO_UPDATE_OPTIONS, buildActor, buildCritic, checkCommon, gradNorm, setFlat } from './ddpg.js';
import type { TransitionBatch } from './replayBuffer.js';
import { fail, integerIn, noUnknownKeys, numberIn, record } from './validate.js';

/** TD3 hyperparameters. Defaults are the paper's (§6.1 and Appendix C) unless noted. */
export interface Td3Config {
  readonly obsDim: number;
  readonly actionDim: number;
  /** Hidden layer widths of actor and critics (the shorthand for both). Paper: [400, 300]. */
  readonly hiddenSizes: readonly number[];
  /** Hidden widths of the actor. Default: `hiddenSizes` (always set in a resolved config). */
  readonly actorHiddenSizes?: readonly number[] | undefined;
  /** Hidden widths of every critic. Default: `hiddenSizes` (always set in a resolved config). */
  readonly criticHiddenSizes?: readonly number[] | undefined;
  readonly activation: Activation;
  /** Hidden activation of every critic. Default: `activation`. */
  readonly criticActivation?: Activation | undefined;
  /** 'tanh' → actions in [−1, 1] (paper), 'sigmoid' → [0, 1]. */
  readonly actorOutput: ActorOutput;
  /** Adam learning rates. Paper: 1e-3 for both. */
  readonly actorLr: number;
  readonly criticLr: number;
  /** Discount γ. Paper: 0.99. */
  readonly gamma: number;
  /** Polyak rate τ. Paper: 0.005. */
  readonly tau: number;
  /** Number of critics whose minimum forms the target (≥ 1). Paper: 2. */
  readonly nCritics: number;
  /** Std of target policy smoothing noise, in units of the action half-range. Paper: 0.2. */
  readonly targetNoise: number;
  /** Clip of that noise (same units). Paper: 0.5. */
  readonly targetNoiseClip: number;
  /** Actor and targets update every `policyDelay` critic updates. Paper: 2. */
  readonly policyDelay: number;
  /** Final-layer init U(±s), or null for the default init (paper's code: null). */
  readonly finalLayerInit: number | null;
  /** Global-norm gradient clip, or null (paper: none). */
  readonly maxGradNorm: number | null;
}

export const TD3_DEFAULTS: Readonly<Omit<Td3Config, 'obsDim' | 'actionDim' | 'actorHiddenSizes' | 'criticHiddenSizes' | 'criticActivation'>> = Object.freeze({
  hiddenSizes: Object.freeze([400, 300]),
  activation: 'relu',
  actorOutput: 'tanh',
  actorLr: 1e-3,
  criticLr: 1e-3,
  gamma: 0.99,
  tau: 0.005,
  nCritics: 2,
  targetNoise: 0.2,
  targetNoiseClip: 0.5,
  policyDelay: 2,
  finalLayerInit: null,
  maxGradNorm: null,
});

const KEYS = ['obsDim', 'actionDim', 'hiddenSizes', 'actorHiddenSizes', 'criticHiddenSizes', 'activation', 'criticActivation', 'actorOutput', 'actorLr', 'criticLr', 'gamma', 'tau', 'nCritics', 'targetNoise', 'targetNoiseClip', 'policyDelay', 'finalLayerInit', 'maxGradNorm'];

export function resolveTd3Config(partial: Partial<Td3Config> & Pick<Td3Config, 'obsDim' | 'actionDim'>): Td3Config & ResolvedHiddenSizes {
  const owner = 'TD3';
  record(owner, 'config', partial);
  noUnknownKeys(owner, partial, KEYS);
  const merged = { ...TD3_DEFAULTS, ...partial };
  const c: Td3Config & ResolvedHiddenSizes = { ...merged, ...resolveHiddenSizes(owner, merged) };
  checkCommon(owner, c);
  integerIn(owner, 'nCritics', c.nCritics, 1, 16);
  numberIn(owner, 'targetNoise', c.targetNoise, 0, Infinity);
  numberIn(owner, 'targetNoiseClip', c.targetNoiseClip, 0, Infinity);
  integerIn(owner, 'policyDelay', c.policyDelay, 1, 1 << 20);
  return c;
}

export interface Td3UpdateStats {
  /** Sum of the critics' MSE losses. */
  readonly criticLoss: number;
  /** −mean Q₁(s, μ(s)), or undefined on steps without an actor update. */
  readonly actorLoss: number | undefined;
  /** Mean Q₁(s, a) before the critic step. */
  readonly qMean: number;
  readonly targetMean: number;
  readonly criticGradNorm: number;
  readonly actorGradNorm: number | undefined;
  /** With a {@link Td3LossHook} only: Σ over critics of the hook's critic terms. */
  readonly criticExtraLoss?: number;
  /** With a {@link Td3LossHook} only: the hook's actor term (undefined without an actor update). */
  readonly actorExtraLoss?: number | undefined;
  /**
   * Only with `update(batch, { inspect: true })`: TD targets, every critic's Q values, gradient
   * norms ('critic0'…, and 'actor' on actor steps), and `targetNoise`, the smoothing noise ε used.
   */
  readonly inspection?: Td3Inspection;
}

/**
 * Optional extra loss terms added to the critic and actor losses (default: none, and then `update`
 * is bit-identical to plain TD3). Each function returns the term's value and ACCUMULATES its
 * gradient into `grad` (it is called after the TD/actor loss's backward, before gradient clipping
 * and the optimizer step). Paper 5 uses it for the proximal terms (λ/2)·‖θ − θ_f‖² of eqs. 23–24
 * (lib/federated `proximalTerm` / `addProximalGradient`).
 */
export interface Td3LossHook {
  /** Critic `index`'s extra term, given its parameters and gradient (flat arrays). */
  critic?(index: number, params: Float64Array, grad: Float64Array): number;
  /** The actor's extra term. */
  actor?(params: Float64Array, grad: Float64Array): number;
}

/** TD3's `UpdateInspection`, plus the target-smoothing noise of the update. */
export interface Td3Inspection extends UpdateInspection {
  /**
   * ε of every target action element, row-major [B, actionDim], in network-action units BEFORE
   * clipping to ±targetNoiseClip·half-range (what `update(batch, { targetNoise })` takes to replay).
   * Empty when `targetNoise` is 0 (no noise is drawn).
   */
  readonly targetNoise: Float64Array;
}

/** Options of `Td3.update`. */
export interface Td3UpdateOptions {
  /** Return `inspection`. Default false (nothing extra allocated). */
  readonly inspect?: boolean;
  /**
   * Source of the target-smoothing noise ε (see `Td3Inspection.targetNoise` for the layout):
   * an Rng to draw N(0, (targetNoise·half)²) from instead of the agent's own `noiseRng`, or the
   * B·actionDim values themselves (e.g. logged from an earlier update). Ignored when the config's
   * `targetNoise` is 0. Default: the agent's `noiseRng`.
   */
  readonly targetNoise?: NoiseSource;
}

export interface Td3State {
  readonly actor: Float64Array;
  readonly actorTarget: Float64Array;
  readonly critics: readonly Float64Array[];
  readonly criticTargets: readonly Float64Array[];
  readonly actorOpt: OptimizerState;
  readonly criticOpts: readonly OptimizerState[];
  readonly updates: number;
  /** The target-smoothing noise rng: a resumed run must continue its sequence. */
  readonly noiseRng: RngState;
}

export class Td3 {
  /** The resolved config (per-network widths filled in). */
  readonly config: Td3Config & ResolvedHiddenSizes;
  readonly actor: Mlp;
  readonly actorTarget: Mlp;
  readonly critics: readonly Mlp[];
  readonly criticTargets: readonly Mlp[];
  readonly actorOpt: Optimizer;
  readonly criticOpts: readonly Optimizer[];
  updates = 0;
  /** Extra loss terms (see {@link Td3LossHook}); null (default) = plain TD3. */
  lossHook: Td3LossHook | null = null;
  private readonly arena = new Arena();
  private readonly actArena = new Arena();
  /** The networks with their optimizers, for `fitArenas` (wasm backend). */
  private readonly nets: readonly ArenaNetwork[];

  /**
   * `rng` draws the initial weights in the order actor, critic₁, then (for targets, overwritten
   * by copies) actor', critic₁', then critics 2…n and their targets — so that with one critic the
   * draws are exactly DDPG's. `noiseRng` draws the target smoothing noise.
   */
  constructor(config: Partial<Td3Config> & Pick<Td3Config, 'obsDim' | 'actionDim'>, rng: Rng, private readonly noiseRng: Rng) {
    const c = (this.config = resolveTd3Config(config));
    this.actor = buildActor(c, rng);
    const critics = [buildCritic(c, rng)];
    this.actorTarget = buildActor(c, rng);
    const targets = [buildCritic(c, rng)];
    for (let i = 1; i < c.nCritics; i++) {
      critics.push(buildCritic(c, rng));
      targets.push(buildCritic(c, rng));
    }
    hardCopy(this.actor, this.actorTarget);
    critics.forEach((q, i) => hardCopy(q, targets[i]!));
    this.critics = critics;
    this.criticTargets = targets;
    this.actorOpt = adam(this.actor, { lr: c.actorLr });
    this.criticOpts = critics.map((q) => adam(q, { lr: c.criticLr }));
    this.nets = [{ module: this.actor, optimizers: [this.actorOpt], passes: 1, backward: true }, { module: this.actorTarget, optimizers: [], passes: 1, backward: false },
      ...critics.map((q, i) => ({ module: q, optimizers: [this.criticOpts[i]!], passes: 2, backward: true })), ...targets.map((q) => ({ module: q, optimizers: [], passes: 1, backward: false }))];
    nameNetworks('', this.networks());
  }

  /** The networks by role (named so at construction: `critic[0]`, …; see `nameNetworks`). */
  networks(): NetworkSet {
    return { actor: this.actor, actorTarget: this.actorTarget, critic: this.critics, criticTarget: this.criticTargets };
  }

  get actionRange(): { readonly low: number; readonly high: number } {
    return actionRange(this.config.actorOutput);
  }

  /** Deterministic policy μ(s) for one observation. */
  act(obs: Float64Array, out: Float64Array = new Float64Array(this.config.actionDim)): Float64Array {
    if (obs.length !== this.config.obsDim) fail('TD3.act', 'obs', `a Float64Array of length ${this.config.obsDim}`, obs, true);
    this.actArena.run(() => noGrad(() => out.set(this.actor.forward(fromData(obs, [1, obs.length])).data)));
    return out;
  }

  /**
   * One critic step (and, every `policyDelay` calls, an actor step and the soft target updates).
   * `options`: `inspect` for the batch's details, `targetNoise` to supply the smoothing noise.
   */
  update(batch: TransitionBatch, options: Td3UpdateOptions = NO_UPDATE_OPTIONS): Td3UpdateStats {
    const c = this.config, B = batch.batchSize;
    const inspect = options.inspect === true;
    const qs: Float64Array[] | null = inspect ? [] : null;
    const norms: Record<string, number> | null = inspect ? {} : null;
    let eps: Float64Array | null = null;
    fitArenas(this.nets, B); // wasm backend: networks and Adam moments in WebAssembly memories (same bits)
    this.updates++;
    const doActor = this.updates % c.policyDelay === 0;
    const stats = this.arena.run(() => {
      const obs = rows(batch.obs, c.obsDim), act = rows(batch.action, c.actionDim), next = rows(batch.nextObs, c.obsDim);
      // 1. Target: a' = clip(μ'(s') + clip(ε, −c, c), low, high), y = r + γ(1−d)·min_i Q'_i(s', a').
      const y = noGrad(() => {
        const a2 = this.actorTarget.forward(next);
        if (c.targetNoise > 0) eps = this.smooth(a2.data, options.targetNoise ?? this.noiseRng);
        const x2 = concat([next, a2], 1);
        const qMin = allocUninit(B);
        this.criticTargets.forEach((qt, i) => {
          const q = qt.forward(x2).data;
          for (let j = 0; j < B; j++) qMin[j] = i === 0 || q[j]! < qMin[j]! ? q[j]! : qMin[j]!;
        });
        return fromData(tdTarget(batch.reward, batch.terminated, c.gamma, qMin, qMin), [B, 1]);
      });
      // 2. Every critic regresses on the same target.
      const x = concat([obs, act], 1);
      let criticLoss = 0, criticGradNorm = 0, qMean = 0, criticExtra = 0, lossGraph = '';
      const hook = this.lossHook;
      this.critics.forEach((q, i) => {
        q.zeroGrad();
        const qv = q.forward(x);
        if (i === 0) qMean = meanOf(qv.data);
        if (qs !== null) qs.push(qv.data.slice());
        const l = mseLoss(qv, y);
        if (inspect && i === 0) lossGraph = formatGraph(l);
        l.backward();
        criticLoss += l.item();
        if (hook?.critic) criticExtra += hook.critic(i, q.flat.data, q.flat.grad);
        const n = gradNorm(q.flat.grad, c.maxGradNorm);
        criticGradNorm += n * n;
        if (norms !== null) norms[`critic${i}`] = n;
        this.criticOpts[i]!.step();
      });
      // 3. Delayed actor step on critic 1.
      let actorLoss: number | undefined, actorGradNorm: number | undefined, actorExtra: number | undefined;
      if (doActor) {
        this.actor.zeroGrad();
        const q1 = this.critics[0]!;
        actorLoss = frozen(q1, () => {
          const l = neg(mean(q1.forward([obs, this.actor.forward(obs)]))); // blocks: no gradient for obs
          l.backward();
          return l.item();
        });
        if (hook?.actor) actorExtra = hook.actor(this.actor.flat.data, this.actor.flat.grad);
        actorGradNorm = gradNorm(this.actor.flat.grad, c.maxGradNorm);
        if (norms !== null) norms['actor'] = actorGradNorm;
        this.actorOpt.step();
      }
      const out: Td3UpdateStats = { criticLoss, actorLoss, qMean, targetMean: meanOf(y.data), criticGradNorm: Math.sqrt(criticGradNorm), actorGradNorm };
      const withHook = hook === null ? out : { ...out, criticExtraLoss: criticExtra, actorExtraLoss: actorExtra };
      if (!inspect) return withHook;
      const inspection: Td3Inspection = { tdTargets: y.data.slice(), qValues: qs!, gradNorms: norms!, targetNoise: eps === null ? new Float64Array(0) : (eps as Float64Array).slice(), lossGraph };
      return { ...withHook, inspection };
    });
    // 4. Delayed soft target updates (actor and every critic).
    if (doActor) {
      polyakUpdate(this.actor, this.actorTarget, c.tau);
      this.critics.forEach((q, i) => polyakUpdate(q, this.criticTargets[i]!, c.tau));
    }
    return stats;
  }

  /**
   * Adds clipped Gaussian noise to target actions in place and clips to the action range. Returns
   * the raw draws ε (an arena buffer, valid inside the update's arena run).
   */
  private smooth(a: Float64Array, source: NoiseSource): Float64Array {
    const c = this.config, r = actionRange(c.actorOutput), half = (r.high - r.low) / 2;
    const lim = c.targetNoiseClip * half, std = c.targetNoise * half;
    const eps = fillNoise('TD3.update', 'options.targetNoise', source, (rng) => normal(rng, 0, std), allocUninit(a.length));
    for (let i = 0; i < a.length; i++) {
      const e = Math.min(lim, Math.max(-lim, eps[i]!));
      const v = a[i]! + e;
      a[i] = v < r.low ? r.low : v > r.high ? r.high : v;
    }
    return eps;
  }

  getState(): Td3State {
    return {
      actor: this.actor.flat.data.slice(),
      actorTarget: this.actorTarget.flat.data.slice(),
      critics: this.critics.map((q) => q.flat.data.slice()),
      criticTargets: this.criticTargets.map((q) => q.flat.data.slice()),
      actorOpt: this.actorOpt.getState(),
      criticOpts: this.criticOpts.map((o) => o.getState()),
      updates: this.updates,
      noiseRng: this.noiseRng.getState(),
    };
  }

  setState(s: Td3State): void {
    const owner = 'TD3.setState';
    setFlat(owner, 'actor', this.actor.flat.data, s.actor);
    setFlat(owner, 'actorTarget', this.actorTarget.flat.data, s.actorTarget);
    if (!Array.isArray(s.critics) || s.critics.length !== this.critics.length) fail(owner, 'critics', `an array of ${this.critics.length} Float64Arrays`, s.critics, true);
    this.critics.forEach((q, i) => setFlat(owner, `critics[${i}]`, q.flat.data, s.critics[i]));
    this.criticTargets.forEach((q, i) => setFlat(owner, `criticTargets[${i}]`, q.flat.data, s.criticTargets[i]));
    this.actorOpt.setState(s.actorOpt);
    this.criticOpts.forEach((o, i) => o.setState(s.criticOpts[i]!));
    this.updates = integerIn(owner, 'updates', s.updates, 0, Number.MAX_SAFE_INTEGER);
    this.noiseRng.setState(s.noiseRng);
  }
}
