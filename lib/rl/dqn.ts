// DQN — Mnih et al. (2015), "Human-level control through deep reinforcement learning", Nature
// 518, Algorithm 1 (target network, experience replay, Huber-clipped TD error), with
//  - Double DQN (van Hasselt, Guez, Silver 2016, arXiv:1509.06461): the online network picks the
//    next action, the target network evaluates it;
//  - action branching for multi-discrete actions (Tavakoli, Pardo, Kormushev 2018, "Action
//    Branching Architectures for Deep RL", arXiv:1711.08946): one shared torso, D heads of n_d
//    Q-values each; the joint greedy action is the per-head argmax; head d's target is
//    y_d = r + γ(1 − terminated)·Q'_d(s', a*_d) with a*_d = argmax Q_d(s') (double) or
//    argmax Q'_d(s') (vanilla); the loss is the mean over heads and batch. This is the [R]
//    resolution specs 02 and 05 use. A single Discrete action is the case D = 1.
//
// Deviations from the paper: MLP torso instead of the Atari CNN; Adam instead of RMSProp; the
// target network may also be Polyak-averaged (`tau` < 1). Exploration (ε-greedy with a linear
// schedule over env steps) is part of `act`, with its own rng.

import { adam, huberLoss, mseLoss, hardCopy, polyakUpdate, mlp, type Mlp, type Optimizer, type OptimizerState } from '../nn/index.js';
import type { Activation } from '../tensor/index.js';
import { Arena, allocUninit, formatGraph, fromData, gatherRows, noGrad, reshape } from '../tensor/index.js';
import type { Rng } from '../random/index.js';
import { meanOf, nameNetworks, rows, type NetworkSet, type UpdateInspection, fitArenas, type ArenaNetwork } from './actorCritic.js';
import { NO_UPDATE_OPTIONS, gradNorm, setFlat } from './ddpg.js';
import { bestAction, epsilonGreedy, linearSchedule, type Schedule } from './noise.js';
import type { TransitionBatch } from './replayBuffer.js';
import { fail, integerIn, noUnknownKeys, numberIn, oneOf, record } from './validate.js';

/** DQN hyperparameters. Defaults: Mnih et al. 2015 (Extended Data Table 1) unless noted. */
export interface DqnConfig {
  readonly obsDim: number;
  /** Actions per head: [n] for a Discrete(n) action, [n_1, …, n_D] for MultiDiscrete. */
  readonly nvec: readonly number[];
  /** Hidden layer widths of the shared torso (paper: a CNN; here an MLP). Default [64, 64]. */
  readonly hiddenSizes: readonly number[];
  readonly activation: Activation;
  /** Adam learning rate. Paper (RMSProp): 2.5e-4. */
  readonly lr: number;
  /** Discount γ. Paper: 0.99. */
  readonly gamma: number;
  /**
   * Regression loss on the TD error: 'huber' (default; the paper's error clipping, threshold
   * `huberDelta`) or 'mse' (mean squared error, (1/n)·Σ (y − Q)²; `huberDelta` unused).
   */
  readonly loss: DqnLoss;
  /** Huber threshold δ on the TD error (paper: error clipped to [−1, 1] ⇔ δ = 1). */
  readonly huberDelta: number;
  /** Double DQN target (van Hasselt et al.). Default true. */
  readonly double: boolean;
  /** Target update every this many `update` calls. Paper: 10 000 (in env steps / 4). */
  readonly targetUpdateInterval: number;
  /** At each target update θ' ← τθ + (1−τ)θ'; 1 = hard copy (paper). */
  readonly tau: number;
  /** Global-norm gradient clip, or null. SB3's DQN default: 10. */
  readonly maxGradNorm: number | null;
  /** ε-greedy: ε goes linearly from `epsilonStart` to `epsilonEnd` over `epsilonSteps` env steps. Paper: 1 → 0.1 over 1e6. */
  readonly epsilonStart: number;
  readonly epsilonEnd: number;
  readonly epsilonSteps: number;
}

export const DQN_DEFAULTS: Readonly<Omit<DqnConfig, 'obsDim' | 'nvec'>> = Object.freeze({
  hiddenSizes: Object.freeze([64, 64]),
  activation: 'relu',
  lr: 2.5e-4,
  gamma: 0.99,
  loss: 'huber',
  huberDelta: 1,
  double: true,
  targetUpdateInterval: 10_000,
  tau: 1,
  maxGradNorm: 10,
  epsilonStart: 1,
  epsilonEnd: 0.1,
  epsilonSteps: 1_000_000,
});

const KEYS = ['obsDim', 'nvec', 'hiddenSizes', 'activation', 'lr', 'gamma', 'loss', 'huberDelta', 'double', 'targetUpdateInterval', 'tau', 'maxGradNorm', 'epsilonStart', 'epsilonEnd', 'epsilonSteps'];

export function resolveDqnConfig(partial: Partial<DqnConfig> & Pick<DqnConfig, 'obsDim' | 'nvec'>): DqnConfig {
  const owner = 'DQN';
  record(owner, 'config', partial);
  noUnknownKeys(owner, partial, KEYS);
  const c = { ...DQN_DEFAULTS, ...partial } as DqnConfig;
  integerIn(owner, 'obsDim', c.obsDim, 1, 1 << 20);
  if (!Array.isArray(c.nvec) || c.nvec.length === 0) fail(owner, 'nvec', 'a non-empty array of integers >= 1', c.nvec, true);
  c.nvec.forEach((n, i) => integerIn(owner, `nvec[${i}]`, n, 1, 1 << 20));
  if (!Array.isArray(c.hiddenSizes)) fail(owner, 'hiddenSizes', 'an array of positive integers', c.hiddenSizes, true);
  c.hiddenSizes.forEach((h, i) => integerIn(owner, `hiddenSizes[${i}]`, h, 1, 1 << 16));
  oneOf(owner, 'activation', c.activation, ['identity', 'relu', 'tanh', 'sigmoid', 'leakyRelu']);
  numberIn(owner, 'lr', c.lr, 0, Infinity);
  numberIn(owner, 'gamma', c.gamma, 0, 1);
  oneOf(owner, 'loss', c.loss, ['huber', 'mse']);
  numberIn(owner, 'huberDelta', c.huberDelta, Number.MIN_VALUE, Infinity, 'a finite number > 0');
  if (typeof c.double !== 'boolean') fail(owner, 'double', 'true or false', c.double, true);
  integerIn(owner, 'targetUpdateInterval', c.targetUpdateInterval, 1, Number.MAX_SAFE_INTEGER);
  numberIn(owner, 'tau', c.tau, 0, 1);
  if (c.maxGradNorm !== null) numberIn(owner, 'maxGradNorm', c.maxGradNorm, Number.MIN_VALUE, Infinity, 'a finite number > 0, or null');
  numberIn(owner, 'epsilonStart', c.epsilonStart, 0, 1);
  numberIn(owner, 'epsilonEnd', c.epsilonEnd, 0, 1);
  integerIn(owner, 'epsilonSteps', c.epsilonSteps, 1, Number.MAX_SAFE_INTEGER);
  return c;
}

/** See `DqnConfig.loss`. */
export type DqnLoss = 'huber' | 'mse';

/** Options of `Dqn.update`. */
export interface DqnUpdateOptions {
  /** Return `inspection` (TD targets and Q(s, a) as [B, heads], gradient norm 'q'). Default false: nothing extra allocated. */
  readonly inspect?: boolean;
}

export interface DqnUpdateStats {
  /** Mean loss (Huber or MSE, see `DqnConfig.loss`) over heads and batch. */
  readonly loss: number;
  /** Mean Q(s, a) of the taken actions (over heads and batch). */
  readonly qMean: number;
  readonly targetMean: number;
  readonly gradNorm: number;
  /** Whether the target network was updated after this step. */
  readonly targetUpdated: boolean;
  /** Only with `update(batch, { inspect: true })`. */
  readonly inspection?: UpdateInspection;
}

export interface DqnState {
  readonly q: Float64Array;
  readonly qTarget: Float64Array;
  readonly opt: OptimizerState;
  readonly updates: number;
}

export class Dqn {
  readonly config: DqnConfig;
  readonly q: Mlp;
  readonly qTarget: Mlp;
  readonly opt: Optimizer;
  readonly epsilon: Schedule;
  updates = 0;
  /** Start of head d's Q-values in the output row. */
  private readonly offsets: readonly number[];
  private readonly width: number;
  private readonly arena = new Arena();
  private readonly actArena = new Arena();
  /** The networks with their optimizers, for `fitArenas` (wasm backend). */
  private readonly nets: readonly ArenaNetwork[];

  /** `rng` draws the initial weights (online network; the target is a copy). */
  constructor(config: Partial<DqnConfig> & Pick<DqnConfig, 'obsDim' | 'nvec'>, rng: Rng) {
    const c = (this.config = resolveDqnConfig(config));
    const offsets: number[] = [];
    let w = 0;
    for (const n of c.nvec) { offsets.push(w); w += n; }
    this.offsets = offsets;
    this.width = w;
    const make = (): Mlp => mlp({ sizes: [c.obsDim, ...c.hiddenSizes, w], activation: c.activation, rng });
    this.q = make();
    this.qTarget = make();
    hardCopy(this.q, this.qTarget);
    this.opt = adam(this.q, { lr: c.lr });
    this.nets = [{ module: this.q, optimizers: [this.opt], passes: 2, backward: true }, { module: this.qTarget, optimizers: [], passes: 1, backward: false }];
    this.epsilon = linearSchedule({ start: c.epsilonStart, end: c.epsilonEnd, steps: c.epsilonSteps });
    nameNetworks('', this.networks());
  }

  /** The networks by role (named so at construction; see `nameNetworks`). */
  networks(): NetworkSet {
    return { q: this.q, qTarget: this.qTarget };
  }

  /** Number of action heads D. */
  get heads(): number {
    return this.config.nvec.length;
  }

  /** Q-values of one observation, all heads concatenated (a copy). */
  qValues(obs: Float64Array): Float64Array {
    if (obs.length !== this.config.obsDim) fail('DQN.qValues', 'obs', `a Float64Array of length ${this.config.obsDim}`, obs, true);
    return this.actArena.run(() => noGrad(() => this.q.forward(fromData(obs, [1, obs.length])).data.slice()));
  }

  /**
   * Action indices (one per head) into `out`: greedy per-head argmax (lowest index on ties), or
   * ε-greedy per head with ε = schedule(`step`) when `explore` is given.
   */
  act(obs: Float64Array, explore?: { readonly rng: Rng; readonly step: number }, out: Int32Array = new Int32Array(this.heads)): Int32Array {
    const qv = this.qValues(obs);
    const eps = explore === undefined ? 0 : this.epsilon.value(explore.step);
    this.config.nvec.forEach((n, d) => {
      const greedy = (): number => bestAction(qv, this.offsets[d]!, n, 'maximize-reward', 'lowest');
      out[d] = explore === undefined ? greedy() : epsilonGreedy(explore.rng, eps, n, greedy);
    });
    return out;
  }

  /** One gradient step on `batch` (its `action` field holds the D head indices per row). */
  update(batch: TransitionBatch, options: DqnUpdateOptions = NO_UPDATE_OPTIONS): DqnUpdateStats {
    const c = this.config, B = batch.batchSize, D = this.heads, W = this.width;
    fitArenas(this.nets, B); // wasm backend: networks and Adam moments in WebAssembly memories (same bits)
    const stats = this.arena.run(() => {
      const obs = rows(batch.obs, c.obsDim), next = rows(batch.nextObs, c.obsDim);
      // 1. Per-head targets y[b, d] = r + γ(1−terminated)·Q'_d(s', a*_d), no graph.
      const y = noGrad(() => {
        const qt = this.qTarget.forward(next).data;
        const qo = c.double ? this.q.forward(next).data : qt;
        const yv = allocUninit(B * D);
        for (let b = 0; b < B; b++) {
          const mask = c.gamma * (1 - batch.terminated[b]!);
          for (let d = 0; d < D; d++) {
            const a = bestAction(qo, b * W + this.offsets[d]!, c.nvec[d]!, 'maximize-reward', 'lowest');
            yv[b * D + d] = batch.reward[b]! + mask * qt[b * W + this.offsets[d]! + a]!;
          }
        }
        return fromData(yv, [B * D, 1]);
      });
      // 2. Q(s, a_d) picked out of the [B, W] output as rows of a [B·W, 1] view.
      const picks = new Int32Array(B * D);
      for (let b = 0; b < B; b++) {
        for (let d = 0; d < D; d++) {
          const a = batch.action[b * D + d]!;
          if (!(a >= 0 && a < c.nvec[d]! && Number.isInteger(a))) fail('DQN.update', `batch.action[${b * D + d}]`, `an integer in [0, ${c.nvec[d]! - 1}]`, a);
          picks[b * D + d] = b * W + this.offsets[d]! + a;
        }
      }
      this.q.zeroGrad();
      const qa = gatherRows(reshape(this.q.forward(obs), [B * W, 1]), picks);
      const loss = c.loss === 'mse' ? mseLoss(qa, y) : huberLoss(qa, y, c.huberDelta);
      loss.backward();
      const norm = gradNorm(this.q.flat.grad, c.maxGradNorm);
      this.opt.step();
      const out = { loss: loss.item(), qMean: meanOf(qa.data), targetMean: meanOf(y.data), gradNorm: norm };
      if (options.inspect !== true) return out;
      const inspection: UpdateInspection = { tdTargets: y.data.slice(), qValues: [qa.data.slice()], gradNorms: { q: norm }, lossGraph: formatGraph(loss) };
      return { ...out, inspection };
    });
    this.updates++;
    const targetUpdated = this.updates % c.targetUpdateInterval === 0;
    if (targetUpdated) polyakUpdate(this.q, this.qTarget, c.tau);
    return { ...stats, targetUpdated };
  }

  getState(): DqnState {
    return { q: this.q.flat.data.slice(), qTarget: this.qTarget.flat.data.slice(), opt: this.opt.getState(), updates: this.updates };
  }

  setState(s: DqnState): void {
    setFlat('DQN.setState', 'q', this.q.flat.data, s.q);
    setFlat('DQN.setState', 'qTarget', this.qTarget.flat.data, s.qTarget);
    this.opt.setState(s.opt);
    this.updates = integerIn('DQN.setState', 'updates', s.updates, 0, Number.MAX_SAFE_INTEGER);
  }
}
