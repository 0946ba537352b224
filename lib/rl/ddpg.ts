// DDPG — Lillicrap, Hunt, Pritzel, Heess, Erez, Tassa, Silver, Wierstra (2016), "Continuous
// control with deep reinforcement learning", ICLR, arXiv:1509.02971, Algorithm 1.
//
// Deviations from the paper (all configurable): the action enters the critic at the input layer
// (concatenated with the observation, as in TD3/SB3/cleanrl) rather than at the second hidden
// layer; no batch normalisation. Exploration noise is the training loop's job (lib/rl/offPolicy.ts):
// `act` here is the deterministic policy μ(s).
//
// Anatomy: config with defaults → networks → `act` → `update` (critic, actor, targets) → state.

import { adam, mlp, mseLoss, polyakUpdate, hardCopy, clipGradNorm, type Mlp, type Optimizer, type OptimizerState } from '../nn/index.js';
import type { Activation } from '../tensor/index.js';
import { Arena, allocUninit, concat, formatGraph, fromData, mean, neg, noGrad } from '../tensor/index.js';
import type { Rng } from '../random/index.js';
import { actionRange, frozen, meanOf, nameNetworks, resolveHiddenSizes, type NetworkSet, rows, tdTarget, type ActorOutput, type UpdateInspection, type ResolvedHiddenSizes, fitArenas, type ArenaNetwork } from './actorCritic.js';
import type { TransitionBatch } from './replayBuffer.js';
import { fail, integerIn, noUnknownKeys, numberIn, oneOf, record } from './validate.js';

/** DDPG hyperparameters. Defaults are the paper's (§7 "Experiment details") unless noted. */
export interface DdpgConfig {
  /** Observation width (≥ 1). */
  readonly obsDim: number;
  /** Action width (≥ 1), in network space (see `actorOutput`). */
  readonly actionDim: number;
  /** Hidden layer widths of actor and critic (the shorthand for both). Paper: [400, 300]. */
  readonly hiddenSizes: readonly number[];
  /** Hidden widths of the actor (and its target). Default: `hiddenSizes` (always set in a resolved config). */
  readonly actorHiddenSizes?: readonly number[] | undefined;
  /** Hidden widths of the critic (and its target). Default: `hiddenSizes` (always set in a resolved config). */
  readonly criticHiddenSizes?: readonly number[] | undefined;
  /** Hidden activation. Paper: 'relu'. */
  readonly activation: Activation;
  /** Hidden activation of the critic (and its target). Default: `activation`. */
  readonly criticActivation?: Activation | undefined;
  /** Actor output squashing: 'tanh' → actions in [−1, 1] (paper), 'sigmoid' → [0, 1]. */
  readonly actorOutput: ActorOutput;
  /** Actor Adam learning rate. Paper: 1e-4. */
  readonly actorLr: number;
  /** Critic Adam learning rate. Paper: 1e-3. */
  readonly criticLr: number;
  /** L2 weight decay on the critic (added to its gradient, Adam-style). Paper: 1e-2. */
  readonly criticWeightDecay: number;
  /** Discount γ in [0, 1]. Paper: 0.99. */
  readonly gamma: number;
  /** Polyak rate τ in [0, 1]: θ' ← τθ + (1−τ)θ'. Paper: 0.001. */
  readonly tau: number;
  /** Final-layer init U(±s) for actor and critic, or null for the default init. Paper: 3e-3. */
  readonly finalLayerInit: number | null;
  /** Global-norm gradient clip for both networks, or null (paper: none). */
  readonly maxGradNorm: number | null;
}

/** Config fields without a default of their own (the per-network widths default to `hiddenSizes`, the critic's activation to `activation`). */
type DerivedKeys = 'obsDim' | 'actionDim' | 'actorHiddenSizes' | 'criticHiddenSizes' | 'criticActivation';

export const DDPG_DEFAULTS: Readonly<Omit<DdpgConfig, DerivedKeys>> = Object.freeze({
  hiddenSizes: Object.freeze([400, 300]),
  activation: 'relu',
  actorOutput: 'tanh',
  actorLr: 1e-4,
  criticLr: 1e-3,
  criticWeightDecay: 1e-2,
  gamma: 0.99,
  tau: 1e-3,
  finalLayerInit: 3e-3,
  maxGradNorm: null,
});

const KEYS = ['obsDim', 'actionDim', 'hiddenSizes', 'actorHiddenSizes', 'criticHiddenSizes', 'activation', 'criticActivation', 'actorOutput', 'actorLr', 'criticLr', 'criticWeightDecay', 'gamma', 'tau', 'finalLayerInit', 'maxGradNorm'];

/** Fills defaults and validates; errors name the field and its allowed range. */
export function resolveDdpgConfig(partial: Partial<DdpgConfig> & Pick<DdpgConfig, 'obsDim' | 'actionDim'>): DdpgConfig & ResolvedHiddenSizes {
  const owner = 'DDPG';
  record(owner, 'config', partial);
  noUnknownKeys(owner, partial, KEYS);
  const merged = { ...DDPG_DEFAULTS, ...partial };
  const c: DdpgConfig & ResolvedHiddenSizes = { ...merged, ...resolveHiddenSizes(owner, merged) };
  checkCommon(owner, c);
  numberIn(owner, 'criticWeightDecay', c.criticWeightDecay, 0, Infinity);
  return c;
}

/** The hidden activations a config may name. */
export const ACTIVATIONS: readonly Activation[] = Object.freeze(['identity', 'relu', 'tanh', 'sigmoid', 'leakyRelu']);

/** Checks shared by DDPG and TD3 configs. */
export function checkCommon(owner: string, c: Omit<DdpgConfig, 'criticWeightDecay'> & ResolvedHiddenSizes): void {
  integerIn(owner, 'obsDim', c.obsDim, 1, 1 << 20);
  integerIn(owner, 'actionDim', c.actionDim, 1, 1 << 20);
  resolveHiddenSizes(owner, c);
  oneOf(owner, 'activation', c.activation, ACTIVATIONS);
  if (c.criticActivation !== undefined) oneOf(owner, 'criticActivation', c.criticActivation, ACTIVATIONS);
  oneOf(owner, 'actorOutput', c.actorOutput, ['tanh', 'sigmoid']);
  numberIn(owner, 'actorLr', c.actorLr, 0, Infinity);
  numberIn(owner, 'criticLr', c.criticLr, 0, Infinity);
  numberIn(owner, 'gamma', c.gamma, 0, 1);
  numberIn(owner, 'tau', c.tau, 0, 1);
  if (c.finalLayerInit !== null) numberIn(owner, 'finalLayerInit', c.finalLayerInit, Number.MIN_VALUE, Infinity, 'a finite number > 0, or null');
  if (c.maxGradNorm !== null) numberIn(owner, 'maxGradNorm', c.maxGradNorm, Number.MIN_VALUE, Infinity, 'a finite number > 0, or null');
}

/** What one `update` did (plain numbers, safe to keep). */
export interface DdpgUpdateStats {
  readonly criticLoss: number;
  readonly actorLoss: number;
  /** Mean Q(s, a) over the batch, before the critic step. */
  readonly qMean: number;
  /** Mean TD target y. */
  readonly targetMean: number;
  /** Global L2 norm of the critic / actor gradient before clipping. */
  readonly criticGradNorm: number;
  readonly actorGradNorm: number;
  /** Only with `update(batch, { inspect: true })`: TD targets, Q values and gradient norms ('critic', 'actor'). */
  readonly inspection?: UpdateInspection;
}

/** Options of `Ddpg.update`. */
export interface DdpgUpdateOptions {
  /** Return `inspection` (fresh copies of the batch's TD targets and Q values). Default false: nothing extra is allocated. */
  readonly inspect?: boolean;
}

/** The options object used when none is given (no allocation per call). */
export const NO_UPDATE_OPTIONS = Object.freeze({});

/** Everything that changes during training, for checkpoints (see lib/rl/checkpoint.ts). */
export interface DdpgState {
  readonly actor: Float64Array;
  readonly critic: Float64Array;
  readonly actorTarget: Float64Array;
  readonly criticTarget: Float64Array;
  readonly actorOpt: OptimizerState;
  readonly criticOpt: OptimizerState;
  readonly updates: number;
}

/** Builds the actor μ(s) and a critic Q(s, a) of a config; shared with TD3 so both init alike. */
export function buildActor(c: Omit<DdpgConfig, 'criticWeightDecay'> & ResolvedHiddenSizes, rng: Rng): Mlp {
  return mlp({
    sizes: [c.obsDim, ...c.actorHiddenSizes, c.actionDim],
    activation: c.activation,
    outputActivation: c.actorOutput,
    rng,
    ...(c.finalLayerInit !== null ? { finalLayerInit: c.finalLayerInit } : {}),
  });
}

export function buildCritic(c: Omit<DdpgConfig, 'criticWeightDecay'> & ResolvedHiddenSizes, rng: Rng): Mlp {
  return mlp({
    sizes: [c.obsDim + c.actionDim, ...c.criticHiddenSizes, 1],
    activation: c.criticActivation ?? c.activation,
    outputActivation: 'identity',
    rng,
    ...(c.finalLayerInit !== null ? { finalLayerInit: c.finalLayerInit } : {}),
  });
}

/** Global gradient norm, clipped to `max` when set (returns the norm before clipping). */
export function gradNorm(grad: Float64Array, max: number | null): number {
  if (max !== null) return clipGradNorm(grad, max);
  let s = 0;
  for (let i = 0; i < grad.length; i++) s += grad[i]! * grad[i]!;
  return Math.sqrt(s);
}

export class Ddpg {
  /** The resolved config (per-network widths filled in). */
  readonly config: DdpgConfig & ResolvedHiddenSizes;
  readonly actor: Mlp;
  readonly critic: Mlp;
  readonly actorTarget: Mlp;
  readonly criticTarget: Mlp;
  readonly actorOpt: Optimizer;
  readonly criticOpt: Optimizer;
  /** Number of `update` calls so far. */
  updates = 0;
  /** Buffers of every update are reused across calls (no allocation in steady state). */
  private readonly arena = new Arena();
  private readonly actArena = new Arena();
  /** The networks with their optimizers, for `fitArenas` (wasm backend). */
  private readonly nets: readonly ArenaNetwork[];

  /** `rng` draws the initial weights: actor first, then critic (targets are copies). */
  constructor(config: Partial<DdpgConfig> & Pick<DdpgConfig, 'obsDim' | 'actionDim'>, rng: Rng) {
    const c = (this.config = resolveDdpgConfig(config));
    this.actor = buildActor(c, rng);
    this.critic = buildCritic(c, rng);
    this.actorTarget = buildActor(c, rng);
    this.criticTarget = buildCritic(c, rng);
    hardCopy(this.actor, this.actorTarget);
    hardCopy(this.critic, this.criticTarget);
    this.actorOpt = adam(this.actor, { lr: c.actorLr });
    this.criticOpt = adam(this.critic, { lr: c.criticLr, weightDecay: c.criticWeightDecay });
    this.nets = [{ module: this.actor, optimizers: [this.actorOpt], passes: 1, backward: true }, { module: this.critic, optimizers: [this.criticOpt], passes: 2, backward: true }, { module: this.actorTarget, optimizers: [], passes: 1, backward: false }, { module: this.criticTarget, optimizers: [], passes: 1, backward: false }];
    nameNetworks('', this.networks());
  }

  /** The networks by role (named so at construction; see `nameNetworks`). */
  networks(): NetworkSet {
    return { actor: this.actor, critic: this.critic, actorTarget: this.actorTarget, criticTarget: this.criticTarget };
  }

  /** The network-space action range, e.g. [−1, 1] for a tanh actor. */
  get actionRange(): { readonly low: number; readonly high: number } {
    return actionRange(this.config.actorOutput);
  }

  /** Deterministic policy μ(s) for one observation, written into `out` (default: a new array). */
  act(obs: Float64Array, out: Float64Array = new Float64Array(this.config.actionDim)): Float64Array {
    if (obs.length !== this.config.obsDim) fail('DDPG.act', 'obs', `a Float64Array of length ${this.config.obsDim}`, obs, true);
    this.actArena.run(() => noGrad(() => out.set(this.actor.forward(fromData(obs, [1, obs.length])).data)));
    return out;
  }

  /**
   * One gradient step of critic and actor on `batch`, then the soft target updates. With
   * `{ inspect: true }` the stats also carry the batch's TD targets, Q values and gradient norms.
   */
  update(batch: TransitionBatch, options: DdpgUpdateOptions = NO_UPDATE_OPTIONS): DdpgUpdateStats {
    const c = this.config, B = batch.batchSize;
    fitArenas(this.nets, B); // wasm backend: networks and Adam moments in WebAssembly memories (same bits)
    const stats = this.arena.run(() => {
      const obs = rows(batch.obs, c.obsDim), act = rows(batch.action, c.actionDim), next = rows(batch.nextObs, c.obsDim);
      // 1. Target y = r + γ(1 − terminated)·Q'(s', μ'(s')), no graph. Pitfall: targets never get gradients.
      const y = noGrad(() => {
        const q2 = this.criticTarget.forward(concat([next, this.actorTarget.forward(next)], 1));
        return fromData(tdTarget(batch.reward, batch.terminated, c.gamma, q2.data, allocUninit(B)), [B, 1]);
      });
      // 2. Critic: minimise (1/B) Σ (y − Q(s, a))².
      this.critic.zeroGrad();
      const q = this.critic.forward(concat([obs, act], 1));
      const criticLoss = mseLoss(q, y);
      criticLoss.backward();
      const criticGradNorm = gradNorm(this.critic.flat.grad, c.maxGradNorm);
      this.criticOpt.step();
      // 3. Actor: ascend Q(s, μ(s)) ⇔ minimise −mean Q; the critic is frozen, the gradient flows through it.
      this.actor.zeroGrad();
      const actorLoss = frozen(this.critic, () => {
        const l = neg(mean(this.critic.forward([obs, this.actor.forward(obs)]))); // blocks: no gradient for obs
        l.backward();
        return l;
      });
      const actorGradNorm = gradNorm(this.actor.flat.grad, c.maxGradNorm);
      this.actorOpt.step();
      const out = { criticLoss: criticLoss.item(), actorLoss: actorLoss.item(), qMean: meanOf(q.data), targetMean: meanOf(y.data), criticGradNorm, actorGradNorm };
      if (options.inspect !== true) return out;
      const inspection: UpdateInspection = { tdTargets: y.data.slice(), qValues: [q.data.slice()], gradNorms: { critic: criticGradNorm, actor: actorGradNorm }, lossGraph: formatGraph(criticLoss) };
      return { ...out, inspection };
    });
    // 4. Soft target updates θ' ← τθ + (1−τ)θ'.
    polyakUpdate(this.actor, this.actorTarget, c.tau);
    polyakUpdate(this.critic, this.criticTarget, c.tau);
    this.updates++;
    return stats;
  }

  getState(): DdpgState {
    return {
      actor: this.actor.flat.data.slice(),
      critic: this.critic.flat.data.slice(),
      actorTarget: this.actorTarget.flat.data.slice(),
      criticTarget: this.criticTarget.flat.data.slice(),
      actorOpt: this.actorOpt.getState(),
      criticOpt: this.criticOpt.getState(),
      updates: this.updates,
    };
  }

  setState(s: DdpgState): void {
    setFlat('DDPG.setState', 'actor', this.actor.flat.data, s.actor);
    setFlat('DDPG.setState', 'critic', this.critic.flat.data, s.critic);
    setFlat('DDPG.setState', 'actorTarget', this.actorTarget.flat.data, s.actorTarget);
    setFlat('DDPG.setState', 'criticTarget', this.criticTarget.flat.data, s.criticTarget);
    this.actorOpt.setState(s.actorOpt);
    this.criticOpt.setState(s.criticOpt);
    this.updates = integerIn('DDPG.setState', 'updates', s.updates, 0, Number.MAX_SAFE_INTEGER);
  }
}

/** Copies a saved parameter vector into a network's flat buffer, checking its length. */
export function setFlat(owner: string, field: string, dst: Float64Array, src: unknown): void {
  if (!(src instanceof Float64Array) || src.length !== dst.length) fail(owner, field, `a Float64Array of length ${dst.length}`, src, true);
  dst.set(src);
}
