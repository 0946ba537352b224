// MADDPG — Lowe, Wu, Tamar, Harb, Abbeel, Mordatch (2017), "Multi-Agent Actor-Critic for Mixed
// Cooperative-Competitive Environments", NeurIPS, arXiv:1706.02275, Algorithm 1. Reference code:
// openai/maddpg `maddpg/trainer/maddpg.py` (p_train, q_train, MADDPGAgentTrainer.update) and
// `maddpg/common/distributions.py` (SoftCategoricalPd).
//
// N agents; agent i has a decentralised actor μ_i(o_i) and a centralised critic
// Q_i(o_1, …, o_N, a_1, …, a_N) whose input is ALL observations then ALL actions, each group
// concatenated in agent order (the reference's `tf.concat(obs_ph_n + act_ph_n, 1)`). Per batch:
//   1. target actions a'_j = μ'_j(o'_j) for every j, computed ONCE and shared by all agents;
//   2. for each agent i (independent given step 1, so they may run in parallel):
//      critic: minimise mean (y_i − Q_i(o, a))², y_i = r_i + γ(1 − terminated_i)·Q'_i(o', a');
//      actor:  minimise −mean Q_i(o, a_1, …, μ_i(o_i), …, a_N) (+ c·mean p_i², see actorOutputReg),
//              other agents' actions from the batch, Q_i frozen (gradient flows through its input only);
//      soft updates of agent i's targets: θ' ← τθ + (1−τ)θ'.
// The reward each critic uses is its own column r_i of the batch: cooperative (shared) rewards are
// simply equal columns (see the loop's `rewardMode`, lib/rl/multiAgent.ts).
//
// Action kinds:
//   - 'continuous': μ_i(o_i) squashed by `actorOutput` (tanh/sigmoid); exploration noise is the loop's
//     job (`maddpgLearner` in lib/rl/independent.ts, with learners.ts's `continuousExplorer`), as for DDPG.
//   - 'gumbel' (discrete; the paper's MPE agents, paper 2): the actor outputs logits p_i; every action
//     that enters a critic is a Gumbel-Softmax sample GS(p) = softmax((p + G)/T), or, with `gumbelHard`,
//     its one-hot argmax with the straight-through gradient (lib/nn gumbelSoftmax). Exactly as the
//     reference's SoftCategoricalPd (`sample()` = softmax(logits − log(−log u)), T = 1, soft):
//       * acting: the sample GS(μ_i(o_i)) is both the env action and the stored action (`act_sample`);
//       * actor step: agent i's action is re-sampled, GS(μ_i(o_i)), so the gradient flows through the
//         relaxation (`act_input_n[p_index] = act_pd.sample()`);
//       * critic target: a'_j = GS(μ'_j(o'_j)) from the TARGET actors (`target_act_sample`);
//       * greedy policy (evaluation): softmax(p) — the reference's `mode()` — or its one-hot when hard.
//     Noise streams: `targetNoise` for the target actions (agent by agent, row-major), `actorNoise[i]`
//     for agent i's actor step, so agents' steps stay independent.
//
// Deviations from the reference code (each deliberate): (a) one mini-batch per gradient step shared
// by all agents (the reference samples a fresh index in every agent's `update`); (b) target actions
// computed once per batch BEFORE any agent updates (the reference recomputes them inside each agent's
// update, after earlier agents' soft updates) — this makes the agents' steps independent; (c) the
// bootstrap mask is `terminated` only (the reference's `done`; truncation at the time limit is never
// stored as done there either); (d) critic weight decay, batch norm and the reference's unused
// `local_q_func` are absent. Defaults follow the reference's `train.py`/trainer (lr 1e-2, γ 0.95,
// τ 0.01, two hidden layers of 64 relu units, gradient clip 0.5 per weight matrix and bias vector
// (`clipMode` 'perParameter'; 'global' is PyTorch's whole-network clip), actor output regulariser 1e-3,
// Glorot-uniform weights and zero biases (`init` 'xavier', TF's dense-layer defaults).
// With N = 1, 'continuous', actorOutputReg 0, clipMode 'global', init 'pytorch' and DDPG's
// criticWeightDecay 0, an update is DDPG's
// (lib/rl/ddpg.ts) bit for bit (tested).

import { INIT_SCHEMES, adam, clipGradNormPerParameter, gumbelSoftmax, gumbelSoftmaxWithNoise, hardCopy, mlp, mseLoss, polyakUpdate, type Mlp, type Optimizer, type OptimizerState } from '../nn/index.js';
import type { Activation, Tensor } from '../tensor/index.js';
import { Arena, add, allocUninit, concat, formatGraph, fromData, mean, mul, neg, noGrad, scale, slice, softmax } from '../tensor/index.js';
import { deriveStream, gumbel, type Rng, type RngState } from '../random/index.js';
import { actionRange, fillNoise, frozen, meanOf, nameNetworks, resolveHiddenSizes, rows, tdTarget, type ActorOutput, type NoiseSource, type UpdateInspection, type ResolvedHiddenSizes, fitArenas, type ArenaNetwork } from './actorCritic.js';
import { ACTIVATIONS, NO_UPDATE_OPTIONS, gradNorm, setFlat, type DdpgUpdateStats } from './ddpg.js';

/** A standard Gumbel variate −log(−log U), exactly as lib/nn's gumbelSoftmax draws it. */
const standardGumbel = (rng: Rng): number => gumbel(rng);
import type { JointBatch, MultiAgentUpdateStats } from './multiAgent.js';
import { fail, integerIn, noUnknownKeys, numberIn, oneOf, record } from './validate.js';

/** 'continuous': deterministic squashed actions; 'gumbel': logits → Gumbel-Softmax samples (discrete). */
export type MaddpgActionKind = 'continuous' | 'gumbel';

/** See `MaddpgConfig.clipMode`. */
export type MaddpgClipMode = 'perParameter' | 'global';

/** MADDPG hyperparameters. Defaults: openai/maddpg (`experiments/train.py`, `trainer/maddpg.py`) unless noted. */
export interface MaddpgConfig {
  /** Observation width of each agent, in agent order (N ≥ 1 entries, each ≥ 1). */
  readonly obsDims: readonly number[];
  /** Action width of each agent (network/buffer space; for 'gumbel' the number of categories). */
  readonly actionDims: readonly number[];
  /** See `MaddpgActionKind`. Default 'gumbel' (the reference's discrete MPE setting). */
  readonly actionKind: MaddpgActionKind;
  /** Hidden widths of every actor and critic (the shorthand for both). Reference: [64, 64]. */
  readonly hiddenSizes: readonly number[];
  /** Hidden widths of every actor. Default: `hiddenSizes` (always set in a resolved config). */
  readonly actorHiddenSizes?: readonly number[] | undefined;
  /** Hidden widths of every critic. Default: `hiddenSizes` (always set in a resolved config). */
  readonly criticHiddenSizes?: readonly number[] | undefined;
  /** Hidden activation. Reference: 'relu'. */
  readonly activation: Activation;
  /** Hidden activation of every critic. Default: `activation`. */
  readonly criticActivation?: Activation | undefined;
  /** 'continuous' only: actor squashing, 'tanh' → [−1, 1], 'sigmoid' → [0, 1]. Default 'tanh' (as DDPG). */
  readonly actorOutput: ActorOutput;
  /** 'gumbel' only: temperature T > 0 of softmax((p + G)/T). Reference: 1 (implicit). */
  readonly gumbelTemperature: number;
  /** 'gumbel' only: one-hot samples with the straight-through gradient. Reference: false (soft samples). */
  readonly gumbelHard: boolean;
  /** Adam learning rate of the actors. Reference: 1e-2. */
  readonly actorLr: number;
  /** Adam learning rate of the critics. Reference: 1e-2. */
  readonly criticLr: number;
  /** Discount γ in [0, 1]. Reference: 0.95. */
  readonly gamma: number;
  /** Polyak rate τ in [0, 1]: θ' ← τθ + (1−τ)θ'. Reference: 0.01 (`polyak = 1 − 1e-2`). */
  readonly tau: number;
  /** Gradient-norm clip of each network's step (see `clipMode`), or null. Reference: 0.5 (`grad_norm_clipping`). */
  readonly maxGradNorm: number | null;
  /**
   * How `maxGradNorm` applies: 'perParameter' clips each weight matrix and bias vector to that norm
   * separately — the reference's `minimize_and_clip` (`tf.clip_by_norm` per variable), the default;
   * 'global' clips the whole network's gradient as one vector (PyTorch's `clip_grad_norm_`, DDPG's).
   */
  readonly clipMode: MaddpgClipMode;
  /**
   * c ≥ 0 of the actor-loss term c·mean(p_i²) on the actor's network output p_i (logits for 'gumbel',
   * the squashed action for 'continuous'). Reference: 1e-3 (`p_reg`, on the distribution parameters).
   */
  readonly actorOutputReg: number;
  /**
   * Initialisation of every actor and critic layer (lib/nn/init.ts). Reference: 'xavier' — TF's
   * `layers.fully_connected` defaults, Glorot-uniform weights and zero biases. 'pytorch' is DDPG's.
   */
  readonly init: (typeof INIT_SCHEMES)[number];
  /** Final-layer init U(±s) of actors and critics (overrides `init` for the last layer), or null. */
  readonly finalLayerInit: number | null;
  /**
   * 'gumbel' only: the critic-target actions a'_j. 'sample' (default, the reference): GS(μ'_j(o'_j));
   * 'argmax': onehot(argmax μ'_j(o'_j)) (first index on ties), drawing no noise (spec 02 §4.1 `targetAction`).
   * Optional in the type so configs written before it stay valid; resolved to 'sample' when absent.
   */
  readonly gumbelTargetAction?: 'sample' | 'argmax';
}

export const MADDPG_DEFAULTS: Readonly<Omit<MaddpgConfig, 'obsDims' | 'actionDims' | 'actorHiddenSizes' | 'criticHiddenSizes' | 'criticActivation'>> = Object.freeze({
  actionKind: 'gumbel',
  hiddenSizes: Object.freeze([64, 64]),
  activation: 'relu',
  actorOutput: 'tanh',
  gumbelTemperature: 1,
  gumbelHard: false,
  actorLr: 1e-2,
  criticLr: 1e-2,
  gamma: 0.95,
  tau: 0.01,
  maxGradNorm: 0.5,
  clipMode: 'perParameter',
  actorOutputReg: 1e-3,
  init: 'xavier',
  finalLayerInit: null,
  gumbelTargetAction: 'sample',
});

const KEYS = ['obsDims', 'actionDims', 'actorHiddenSizes', 'criticHiddenSizes', 'criticActivation', ...Object.keys(MADDPG_DEFAULTS)];

/** Fills defaults and validates; errors name the field (e.g. `actionDims[2]`) and its allowed range. */
export function resolveMaddpgConfig(partial: Partial<MaddpgConfig> & Pick<MaddpgConfig, 'obsDims' | 'actionDims'>): MaddpgConfig & ResolvedHiddenSizes {
  const owner = 'MADDPG';
  record(owner, 'config', partial);
  noUnknownKeys(owner, partial, KEYS);
  const merged = { ...MADDPG_DEFAULTS, ...partial };
  const c: MaddpgConfig & ResolvedHiddenSizes = { ...merged, ...resolveHiddenSizes(owner, merged) };
  if (!Array.isArray(c.obsDims) || c.obsDims.length === 0) fail(owner, 'obsDims', 'a non-empty array of integers >= 1 (one per agent)', c.obsDims, true);
  c.obsDims.forEach((d, i) => integerIn(owner, `obsDims[${i}]`, d, 1, 1 << 20));
  if (!Array.isArray(c.actionDims) || c.actionDims.length !== c.obsDims.length) fail(owner, 'actionDims', `an array of ${c.obsDims.length} integers >= 1 (one per agent, as obsDims)`, c.actionDims, !Array.isArray(c.actionDims));
  c.actionDims.forEach((d, i) => integerIn(owner, `actionDims[${i}]`, d, 1, 1 << 20));
  oneOf(owner, 'actionKind', c.actionKind, ['continuous', 'gumbel']);
  oneOf(owner, 'activation', c.activation, ACTIVATIONS);
  if (c.criticActivation !== undefined) oneOf(owner, 'criticActivation', c.criticActivation, ACTIVATIONS);
  oneOf(owner, 'actorOutput', c.actorOutput, ['tanh', 'sigmoid']);
  numberIn(owner, 'gumbelTemperature', c.gumbelTemperature, Number.MIN_VALUE, Infinity, 'a finite number > 0');
  if (typeof c.gumbelHard !== 'boolean') fail(owner, 'gumbelHard', 'true or false', c.gumbelHard, true);
  numberIn(owner, 'actorLr', c.actorLr, 0, Infinity);
  numberIn(owner, 'criticLr', c.criticLr, 0, Infinity);
  numberIn(owner, 'gamma', c.gamma, 0, 1);
  numberIn(owner, 'tau', c.tau, 0, 1);
  if (c.maxGradNorm !== null) numberIn(owner, 'maxGradNorm', c.maxGradNorm, Number.MIN_VALUE, Infinity, 'a finite number > 0, or null');
  oneOf(owner, 'clipMode', c.clipMode, ['perParameter', 'global']);
  numberIn(owner, 'actorOutputReg', c.actorOutputReg, 0, Infinity);
  oneOf(owner, 'init', c.init, INIT_SCHEMES);
  if (c.finalLayerInit !== null) numberIn(owner, 'finalLayerInit', c.finalLayerInit, Number.MIN_VALUE, Infinity, 'a finite number > 0, or null');
  oneOf(owner, 'gumbelTargetAction', c.gumbelTargetAction, ['sample', 'argmax']);
  return c;
}

/** The random streams MADDPG draws from, each passed in explicitly (STYLE §3.5). */
export interface MaddpgRngs {
  /** Initial weights: agent by agent, actor, critic, actor target, critic target (targets are then overwritten by copies). */
  readonly init: Rng;
  /** 'gumbel': noise of the target actions a'_j, drawn once per batch, agent by agent. */
  readonly targetNoise: Rng;
  /** 'gumbel': noise of agent i's re-sampled action in its actor step (one stream per agent). */
  readonly actorNoise: readonly Rng[];
}

/** Streams (seed, 'init'), (seed, 'gumbel', 'target') and (seed, 'gumbel', i) for N agents. */
export function maddpgRngs(seed: number, numAgents: number): MaddpgRngs {
  return {
    init: deriveStream(seed, 'init'),
    targetNoise: deriveStream(seed, 'gumbel', 'target'),
    actorNoise: Array.from({ length: numAgents }, (_, i) => deriveStream(seed, 'gumbel', i)),
  };
}

/** What one agent's step did (same fields as DDPG's: losses, Q/target means, pre-clip gradient norms). */
export type MaddpgAgentStats = Omit<DdpgUpdateStats, 'inspection'> & {
  /** Only when inspected: TD targets, Q values, gradient norms ('critic', 'actor') and the agent's actor-step noise. */
  readonly inspection?: MaddpgAgentInspection;
};

/** One agent's `UpdateInspection`, plus the Gumbel noise of its actor step. */
export interface MaddpgAgentInspection extends UpdateInspection {
  /** 'gumbel': the Gumbel variates G of agent i's re-sampled action, row-major [B, actionDims[i]]; empty for 'continuous'. */
  readonly actorNoise: Float64Array;
}

/** What one `update` did: one entry per agent, in agent order. */
export interface MaddpgUpdateStats extends MultiAgentUpdateStats {
  readonly agents: readonly MaddpgAgentStats[];
  /**
   * Only with `inspect`: the Gumbel variates of the target actions, agent by agent, each block
   * row-major [B, actionDims[j]] (length B·Σ actionDims); empty for 'continuous'.
   */
  readonly targetNoise?: Float64Array;
}

/**
 * Options of `Maddpg.update`. The noise sources replace the agent's own streams for this update
 * only (an Rng to draw from, or the values, e.g. logged from an earlier update's inspection), so an
 * update can be replayed bit for bit. 'continuous' actors draw no noise (the sources are ignored).
 */
export interface MaddpgUpdateOptions {
  /** Return the inspections (per agent, and the target noise). Default false: nothing extra allocated. */
  readonly inspect?: boolean;
  /** Gumbel variates of the target actions (layout of `MaddpgUpdateStats.targetNoise`). Default: `rngs.targetNoise`. */
  readonly targetNoise?: NoiseSource;
  /** Per agent (undefined entries = the agent's own stream): Gumbel variates of its actor step, [B, actionDims[i]]. Default: `rngs.actorNoise[i]`. */
  readonly actorNoise?: readonly (NoiseSource | undefined)[];
}

/** Options of `Maddpg.updateAgent`. */
export interface MaddpgAgentUpdateOptions {
  readonly inspect?: boolean;
  /** Gumbel variates of this agent's actor step, [B, actionDims[i]]. Default: `rngs.actorNoise[i]`. */
  readonly actorNoise?: NoiseSource | undefined;
}

/** One agent's networks and optimizers. */
export interface MaddpgAgent {
  readonly actor: Mlp;
  readonly critic: Mlp;
  readonly actorTarget: Mlp;
  readonly criticTarget: Mlp;
  readonly actorOpt: Optimizer;
  readonly criticOpt: Optimizer;
}

/** Everything that changes during training (weights, optimizer moments, noise streams, counter). */
export interface MaddpgState {
  readonly agents: ReadonlyArray<{ readonly actor: Float64Array; readonly critic: Float64Array; readonly actorTarget: Float64Array; readonly criticTarget: Float64Array; readonly actorOpt: OptimizerState; readonly criticOpt: OptimizerState }>;
  readonly targetNoise: RngState;
  readonly actorNoise: readonly RngState[];
  readonly updates: number;
}

/** Start of each block in a concatenation of widths `dims`: [0, d0, d0 + d1, …]. */
export function offsetsOf(dims: readonly number[]): number[] {
  const out = [0];
  for (const d of dims) out.push(out[out.length - 1]! + d);
  return out;
}

/** One-hot of each row's argmax (first index on ties), a constant (no gradient). */
function oneHotRows(p: Tensor): Tensor {
  const [B, K] = p.shape as [number, number];
  const out = new Float64Array(B * K);
  for (let b = 0; b < B; b++) {
    let best = 0;
    for (let k = 1; k < K; k++) if (p.data[b * K + k]! > p.data[b * K + best]!) best = k;
    out[b * K + best] = 1;
  }
  return fromData(out, [B, K]);
}

export class Maddpg {
  /** The resolved config (per-network widths filled in). */
  readonly config: MaddpgConfig & ResolvedHiddenSizes;
  readonly agents: readonly MaddpgAgent[];
  /** Number of `update` calls so far. */
  updates = 0;
  /** Column offsets of each agent's block in the joint obs / action rows (length N + 1). */
  readonly obsOffsets: readonly number[];
  readonly actionOffsets: readonly number[];
  private readonly rngs: MaddpgRngs;
  private readonly arenas: Arena[];
  private readonly targetArena = new Arena();
  private readonly actArena = new Arena();
  private targetBuf = new Float64Array(0);
  private targetNoiseBuf = new Float64Array(0);
  private readonly actorNoiseBufs: Float64Array[];
  /** Each agent's networks with their optimizers, for `fitArenas` (wasm backend). */
  private readonly nets: readonly (readonly ArenaNetwork[])[];

  constructor(config: Partial<MaddpgConfig> & Pick<MaddpgConfig, 'obsDims' | 'actionDims'>, rngs: MaddpgRngs) {
    const c = (this.config = resolveMaddpgConfig(config));
    const n = c.obsDims.length;
    record('MADDPG', 'rngs', rngs);
    if (!Array.isArray(rngs.actorNoise) || rngs.actorNoise.length !== n) fail('MADDPG', 'rngs.actorNoise', `an array of ${n} Rngs (one per agent)`, rngs.actorNoise, true);
    this.rngs = rngs;
    this.obsOffsets = offsetsOf(c.obsDims);
    this.actionOffsets = offsetsOf(c.actionDims);
    const criticIn = this.obsOffsets[n]! + this.actionOffsets[n]!;
    const fin = { init: c.init, ...(c.finalLayerInit !== null ? { finalLayerInit: c.finalLayerInit } : {}) };
    const outAct = c.actionKind === 'continuous' ? c.actorOutput : 'identity';
    this.agents = c.obsDims.map((od, i) => {
      const makeActor = (): Mlp => mlp({ sizes: [od, ...c.actorHiddenSizes, c.actionDims[i]!], activation: c.activation, outputActivation: outAct, rng: rngs.init, ...fin });
      const makeCritic = (): Mlp => mlp({ sizes: [criticIn, ...c.criticHiddenSizes, 1], activation: c.criticActivation ?? c.activation, outputActivation: 'identity', rng: rngs.init, ...fin });
      const actor = makeActor(), critic = makeCritic(), actorTarget = makeActor(), criticTarget = makeCritic();
      hardCopy(actor, actorTarget);
      hardCopy(critic, criticTarget);
      nameNetworks(`agent[${i}].`, { actor, critic, actorTarget, criticTarget });
      return { actor, critic, actorTarget, criticTarget, actorOpt: adam(actor, { lr: c.actorLr }), criticOpt: adam(critic, { lr: c.criticLr }) };
    });
    this.arenas = this.agents.map(() => new Arena());
    this.nets = this.agents.map((a) => [{ module: a.actor, optimizers: [a.actorOpt], passes: 1, backward: true }, { module: a.critic, optimizers: [a.criticOpt], passes: 2, backward: true }, { module: a.actorTarget, optimizers: [], passes: 1, backward: false }, { module: a.criticTarget, optimizers: [], passes: 1, backward: false }]);
    this.actorNoiseBufs = this.agents.map(() => new Float64Array(0));
  }

  get numAgents(): number {
    return this.agents.length;
  }

  /** Width of every critic's input: Σ obsDims + Σ actionDims. */
  get criticInputDim(): number {
    return this.obsOffsets[this.numAgents]! + this.actionOffsets[this.numAgents]!;
  }

  /** 'continuous': the network-space range of the actions ([−1, 1] tanh, [0, 1] sigmoid); 'gumbel': [0, 1]. */
  get actionRange(): { readonly low: number; readonly high: number } {
    return actionRange(this.config.actionKind === 'continuous' ? this.config.actorOutput : 'sigmoid');
  }

  /** Deterministic policy of agent i into `out`: μ_i(o_i) ('continuous'); softmax(p_i) or its one-hot if `gumbelHard` ('gumbel'). */
  act(i: number, obs: Float64Array, out: Float64Array = new Float64Array(this.config.actionDims[i]!)): Float64Array {
    const p = this.forwardActor('MADDPG.act', i, obs);
    if (this.config.actionKind === 'continuous') {
      out.set(p);
    } else if (this.config.gumbelHard) {
      let best = 0; // first index on ties, as oneHotStraightThrough
      for (let k = 1; k < p.length; k++) if (p[k]! > p[best]!) best = k;
      out.fill(0);
      out[best] = 1;
    } else {
      this.actArena.run(() => noGrad(() => out.set(softmax(fromData(p, [1, p.length])).data)));
    }
    return out;
  }

  /** 'gumbel': a Gumbel-Softmax sample of agent i's policy (the exploring action, env and buffer), drawing from `rng`. */
  sample(i: number, obs: Float64Array, rng: Rng, out: Float64Array = new Float64Array(this.config.actionDims[i]!)): Float64Array {
    if (this.config.actionKind !== 'gumbel') fail('MADDPG.sample', 'config.actionKind', '"gumbel" (continuous actors explore with additive noise)', this.config.actionKind);
    const p = this.forwardActor('MADDPG.sample', i, obs);
    this.actArena.run(() => noGrad(() => out.set(this.relax(fromData(p, [1, p.length]), rng).data)));
    return out;
  }

  /**
   * Target actions [a'_1 … a'_N] of every batch row, [B, Σ actionDims] row-major: μ'_j(o'_j), or
   * GS(μ'_j(o'_j)) for 'gumbel', with Gumbel variates from `noise` (default the `targetNoise`
   * stream; layout of `MaddpgUpdateStats.targetNoise`), or its one-hot argmax with gumbelTargetAction
   * 'argmax' (no noise drawn). Owned by this object (overwritten next call).
   */
  targetActions(batch: JointBatch, noise: NoiseSource = this.rngs.targetNoise): Float64Array {
    const c = this.config, B = batch.batchSize, A = this.actionOffsets[this.numAgents]!;
    if (this.targetBuf.length !== B * A) this.targetBuf = new Float64Array(B * A);
    const out = this.targetBuf;
    const gumbelNoise = c.actionKind === 'gumbel' && c.gumbelTargetAction !== 'argmax';
    if (gumbelNoise) {
      // All variates up front, agent by agent, row-major: the order GS(μ'_j) would draw them in.
      if (this.targetNoiseBuf.length !== B * A) this.targetNoiseBuf = new Float64Array(B * A);
      fillNoise('MADDPG.targetActions', 'targetNoise', noise, standardGumbel, this.targetNoiseBuf);
    }
    this.targetArena.run(() => noGrad(() => {
      const next = rows(batch.nextObs, this.obsOffsets[this.numAgents]!);
      const parts = this.agents.map((a, j) => {
        const p = a.actorTarget.forward(slice(next, 1, this.obsOffsets[j]!, this.obsOffsets[j + 1]!));
        if (c.actionKind !== 'gumbel') return p;
        if (c.gumbelTargetAction === 'argmax') return oneHotRows(p);
        return this.relaxWith(p, this.targetNoiseBuf.subarray(B * this.actionOffsets[j]!, B * this.actionOffsets[j + 1]!));
      });
      out.set(concat(parts, 1).data);
    }));
    return out;
  }

  /**
   * Agent i's critic step, actor step and soft target updates, given `targetActions(batch)`. Touches
   * only agent i's networks and `actorNoise[i]` (or `options.actorNoise`).
   */
  updateAgent(i: number, batch: JointBatch, targetActions: Float64Array, options: MaddpgAgentUpdateOptions = NO_UPDATE_OPTIONS): MaddpgAgentStats {
    const c = this.config, N = this.numAgents, a = this.agents[integerIn('MADDPG.updateAgent', 'agent', i, 0, N - 1)]!, B = batch.batchSize;
    const O = this.obsOffsets[N]!, A = this.actionOffsets[N]!, a0 = this.actionOffsets[i]!, a1 = this.actionOffsets[i + 1]!;
    if (targetActions.length !== B * A) fail('MADDPG.updateAgent', 'targetActions', `a Float64Array of length ${B * A} (batchSize × Σ actionDims)`, targetActions, true);
    fitArenas(this.nets[i]!, B); // wasm backend: agent i's networks and Adam moments in WebAssembly memories (same bits)
    const stats = this.arenas[i]!.run(() => {
      const obs = rows(batch.obs, O), act = rows(batch.action, A);
      const r = allocUninit(B), d = allocUninit(B);
      for (let b = 0; b < B; b++) { r[b] = batch.reward[b * N + i]!; d[b] = batch.terminated[b * N + i]!; }
      // 1. Target y_i = r_i + γ(1 − terminated_i)·Q'_i(o', a'), no graph. Pitfall: targets never get gradients.
      const y = noGrad(() => {
        const q2 = a.criticTarget.forward(concat([rows(batch.nextObs, O), rows(targetActions, A)], 1));
        return fromData(tdTarget(r, d, c.gamma, q2.data, allocUninit(B)), [B, 1]);
      });
      // 2. Critic: minimise (1/B) Σ (y_i − Q_i(o, a))², all observations then all actions, agent order.
      a.critic.zeroGrad();
      const q = a.critic.forward(concat([obs, act], 1));
      const criticLoss = mseLoss(q, y);
      criticLoss.backward();
      const criticGradNorm = this.clip(a.critic);
      a.criticOpt.step();
      // 3. Actor: minimise −mean Q_i(o, a_1, …, μ_i(o_i), …, a_N); Q_i frozen, others' actions from the batch.
      a.actor.zeroGrad();
      const actorLoss = frozen(a.critic, () => {
        const p = a.actor.forward(N === 1 ? obs : slice(obs, 1, this.obsOffsets[i]!, this.obsOffsets[i + 1]!));
        let ai = p;
        if (c.actionKind === 'gumbel') {
          const d = a1 - a0;
          if (this.actorNoiseBufs[i]!.length !== B * d) this.actorNoiseBufs[i] = new Float64Array(B * d);
          ai = this.relaxWith(p, fillNoise('MADDPG.updateAgent', `actorNoise[${i}]`, options.actorNoise ?? this.rngs.actorNoise[i]!, standardGumbel, this.actorNoiseBufs[i]!));
        }
        const acts = [...(a0 > 0 ? [slice(act, 1, 0, a0)] : []), ai, ...(a1 < A ? [slice(act, 1, a1, A)] : [])];
        let l = neg(mean(a.critic.forward([obs, ...acts]))); // blocks: only a_i's input gradient is computed
        if (c.actorOutputReg > 0) l = add(l, scale(mean(mul(p, p)), c.actorOutputReg));
        l.backward();
        return l;
      });
      const actorGradNorm = this.clip(a.actor);
      a.actorOpt.step();
      const out = { criticLoss: criticLoss.item(), actorLoss: actorLoss.item(), qMean: meanOf(q.data), targetMean: meanOf(y.data), criticGradNorm, actorGradNorm };
      if (options.inspect !== true) return out;
      const actorNoise = c.actionKind === 'gumbel' ? this.actorNoiseBufs[i]!.slice() : new Float64Array(0);
      const inspection: MaddpgAgentInspection = { tdTargets: y.data.slice(), qValues: [q.data.slice()], gradNorms: { critic: criticGradNorm, actor: actorGradNorm }, actorNoise, lossGraph: formatGraph(criticLoss) };
      return { ...out, inspection };
    });
    // 4. Soft target updates of agent i.
    polyakUpdate(a.actor, a.actorTarget, c.tau);
    polyakUpdate(a.critic, a.criticTarget, c.tau);
    return stats;
  }

  /** Clips `net`'s gradient as `maxGradNorm`/`clipMode` say; returns its global norm before clipping. */
  private clip(net: Mlp): number {
    const c = this.config;
    return c.maxGradNorm !== null && c.clipMode === 'perParameter' ? clipGradNormPerParameter(net, c.maxGradNorm) : gradNorm(net.flat.grad, c.maxGradNorm);
  }

  /**
   * One gradient step of every agent on `batch`: target actions once, then agents 0 … N−1.
   * `options`: `inspect` for the details, `targetNoise` / `actorNoise` to supply the Gumbel noise.
   */
  update(batch: JointBatch, options: MaddpgUpdateOptions = NO_UPDATE_OPTIONS): MaddpgUpdateStats {
    const owner = 'MADDPG.update';
    const an = options.actorNoise;
    if (an !== undefined && (!Array.isArray(an) || an.length !== this.numAgents)) fail(owner, 'options.actorNoise', `an array of ${this.numAgents} noise sources (one per agent; undefined = the agent's stream)`, an, true);
    const ta = this.targetActions(batch, options.targetNoise ?? this.rngs.targetNoise);
    const inspect = options.inspect === true;
    const targetNoise = inspect ? (this.config.actionKind === 'gumbel' && this.config.gumbelTargetAction !== 'argmax' ? this.targetNoiseBuf.slice() : new Float64Array(0)) : undefined;
    const agents = this.agents.map((_, i) => this.updateAgent(i, batch, ta, an === undefined && !inspect ? NO_UPDATE_OPTIONS : { inspect, actorNoise: an?.[i] }));
    this.updates++;
    return targetNoise === undefined ? { agents } : { agents, targetNoise };
  }

  getState(): MaddpgState {
    return {
      agents: this.agents.map((a) => ({
        actor: a.actor.flat.data.slice(),
        critic: a.critic.flat.data.slice(),
        actorTarget: a.actorTarget.flat.data.slice(),
        criticTarget: a.criticTarget.flat.data.slice(),
        actorOpt: a.actorOpt.getState(),
        criticOpt: a.criticOpt.getState(),
      })),
      targetNoise: this.rngs.targetNoise.getState(),
      actorNoise: this.rngs.actorNoise.map((r) => r.getState()),
      updates: this.updates,
    };
  }

  setState(s: MaddpgState): void {
    const owner = 'MADDPG.setState';
    record(owner, 'state', s);
    if (!Array.isArray(s.agents) || s.agents.length !== this.numAgents) fail(owner, 'agents', `an array of ${this.numAgents} agent states`, s.agents, true);
    if (!Array.isArray(s.actorNoise) || s.actorNoise.length !== this.numAgents) fail(owner, 'actorNoise', `an array of ${this.numAgents} RngStates`, s.actorNoise, true);
    this.agents.forEach((a, i) => {
      const st = record(owner, `agents[${i}]`, s.agents[i]) as MaddpgState['agents'][number];
      setFlat(owner, `agents[${i}].actor`, a.actor.flat.data, st.actor);
      setFlat(owner, `agents[${i}].critic`, a.critic.flat.data, st.critic);
      setFlat(owner, `agents[${i}].actorTarget`, a.actorTarget.flat.data, st.actorTarget);
      setFlat(owner, `agents[${i}].criticTarget`, a.criticTarget.flat.data, st.criticTarget);
      a.actorOpt.setState(st.actorOpt);
      a.criticOpt.setState(st.criticOpt);
      this.rngs.actorNoise[i]!.setState(s.actorNoise[i]!);
    });
    this.rngs.targetNoise.setState(s.targetNoise);
    this.updates = integerIn(owner, 'updates', s.updates, 0, Number.MAX_SAFE_INTEGER);
  }

  /** GS(p) with this config's temperature and hardness. */
  private relax(p: Tensor, rng: Rng): Tensor {
    return gumbelSoftmax(p, rng, { temperature: this.config.gumbelTemperature, hard: this.config.gumbelHard });
  }

  /** GS(p) with the Gumbel variates given (p's shape, row-major): `relax` with the draws made beforehand. */
  private relaxWith(p: Tensor, g: Float64Array): Tensor {
    return gumbelSoftmaxWithNoise(p, fromData(g, p.shape), { temperature: this.config.gumbelTemperature, hard: this.config.gumbelHard });
  }

  /** Agent i's actor output p_i(o_i) for one observation (a copy). */
  private forwardActor(owner: string, i: number, obs: Float64Array): Float64Array {
    integerIn(owner, 'agent', i, 0, this.numAgents - 1);
    const od = this.config.obsDims[i]!;
    if (!(obs instanceof Float64Array) || obs.length !== od) fail(owner, 'obs', `a Float64Array of length ${od} (obsDims[${i}])`, obs, true);
    return this.actArena.run(() => noGrad(() => this.agents[i]!.actor.forward(fromData(obs, [1, od])).data.slice()));
  }
}
