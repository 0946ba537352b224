// Tabular Q-learning — Watkins (1989), "Learning from Delayed Rewards"; Watkins & Dayan (1992),
// Machine Learning 8:279–292. Sutton & Barto (2018) §6.5 give the update used here:
//
//   Q(s, a) ← Q(s, a) + α_k·(y − Q(s, a)),   y = r + γ·best_a' Q(s', a')   (y = r if s' is terminal)
//
// with best = max for 'maximize-reward' and best = min for 'minimize-cost' (r is then a cost c,
// y = c + γ·min Q(s', ·), and the greedy policy is the argmin).
//
// Learning rate: constant, or geometric decay α_k = α_{k−1}·(α_end/α_ini)^{1/K} (paper 4, eq. 36),
// computed in CLOSED FORM α_k = α_ini·(α_end/α_ini)^{k/K} (not by the recursion: no error
// accumulates and a resumed learner needs only k) and held at α_end for k ≥ K; k counts `update`
// calls, so the first update uses α_ini. test/rl/qLearning.test.ts checks the closed form against
// the recursion α_k = α_{k−1}·r to 1e−12 relative over K = 10 000 steps. A caller that owns the
// schedule (e.g. one α per iteration shared by several learners) passes α to `update` explicitly;
// the update counter still advances, so mixing the two is well defined. Exploration: ε-greedy with ε from a schedule
// indexed by the number of `act(…, 'explore')` calls.
//
// Deviations: none from the update rule. Choices the papers leave open are config fields
// (tie-breaking, ε schedule, initial Q). Truncated episodes must NOT be passed as terminated: only a
// true terminal state zeroes the bootstrap.

import type { Rng } from '../random/index.js';
import type { Objective, Schedule, TieBreak } from './noise.js';
import { bestAction, constantSchedule, epsilonGreedy, exponentialSchedule, linearSchedule } from './noise.js';
import { fail, finiteArray, integerIn, noUnknownKeys, numberIn, oneOf, record } from './validate.js';

/** Q-learning hyperparameters. */
export interface QLearningConfig {
  /** Number of states |S|; states are integers 0..nStates−1. Integer ≥ 1, required. */
  readonly nStates: number;
  /** Number of actions |A|; actions are integers 0..nActions−1. Integer ≥ 1, required. */
  readonly nActions: number;
  /** Discount factor γ in [0, 1]. Default 0.99. */
  readonly gamma: number;
  /** Learning-rate schedule: 'constant' (α = alphaInitial) or 'geometric' (eq. 36). Default 'constant'. */
  readonly alphaDecay: 'constant' | 'geometric';
  /** α_ini in (0, 1]. Default 0.1. */
  readonly alphaInitial: number;
  /** α_end in (0, 1], used by 'geometric' only. Default 0.001. */
  readonly alphaFinal: number;
  /** K, the number of updates over which α decays from α_ini to α_end ('geometric' only). Integer ≥ 1; default 10 000. */
  readonly alphaDecaySteps: number;
  /** ε schedule over explore-mode `act` calls: 'constant', 'linear' or 'exponential' (geometric). Default 'linear'. */
  readonly epsilonDecay: 'constant' | 'linear' | 'exponential';
  /** ε at the first explore step, in [0, 1] (> 0 for 'exponential'). Default 1. */
  readonly epsilonInitial: number;
  /** ε after `epsilonDecaySteps` explore steps, in [0, 1] (> 0 for 'exponential'). Default 0.05. */
  readonly epsilonFinal: number;
  /** Number of explore steps over which ε decays. Integer ≥ 1; default 10 000. */
  readonly epsilonDecaySteps: number;
  /** 'maximize-reward' (argmax, max in the target) or 'minimize-cost' (argmin, min). Default 'maximize-reward'. */
  readonly objective: Objective;
  /** Ties among greedy actions: 'random' (uniform among tied, one rng draw) or 'lowest' index. Default 'random'. */
  readonly tieBreak: TieBreak;
  /** Initial value of every Q(s, a); finite. Default 0. */
  readonly initialQ: number;
}

/** Defaults of every optional `QLearningConfig` field. */
export const QLEARNING_DEFAULTS: Readonly<Omit<QLearningConfig, 'nStates' | 'nActions'>> = Object.freeze({
  gamma: 0.99,
  alphaDecay: 'constant',
  alphaInitial: 0.1,
  alphaFinal: 0.001,
  alphaDecaySteps: 10_000,
  epsilonDecay: 'linear',
  epsilonInitial: 1,
  epsilonFinal: 0.05,
  epsilonDecaySteps: 10_000,
  objective: 'maximize-reward',
  tieBreak: 'random',
  initialQ: 0,
});

/** What a `QLearningConfig` needs from the caller: nStates and nActions, plus any overrides. */
export type QLearningConfigInput = Partial<QLearningConfig> & Pick<QLearningConfig, 'nStates' | 'nActions'>;

/** Fill defaults and validate; errors name the field and its allowed range. */
export function resolveQLearningConfig(input: QLearningConfigInput): QLearningConfig {
  const owner = 'QLearning';
  record(owner, 'config', input);
  noUnknownKeys(owner, input, ['nStates', 'nActions', ...Object.keys(QLEARNING_DEFAULTS)]);
  const c = { ...QLEARNING_DEFAULTS, ...input };
  const nStates = integerIn(owner, 'nStates', c.nStates, 1, 2 ** 31 - 1);
  const nActions = integerIn(owner, 'nActions', c.nActions, 1, 2 ** 31 - 1);
  if (nStates * nActions > 2 ** 31 - 1) fail(owner, 'nStates × nActions', `at most ${2 ** 31 - 1}`, nStates * nActions);
  const epsilonDecay = oneOf(owner, 'epsilonDecay', c.epsilonDecay, ['constant', 'linear', 'exponential'] as const);
  const epsLo = epsilonDecay === 'exponential' ? Number.MIN_VALUE : 0;
  const epsRange = epsilonDecay === 'exponential' ? 'a number in (0, 1] (exponential decay)' : 'a number in [0, 1]';
  return {
    nStates,
    nActions,
    gamma: numberIn(owner, 'gamma', c.gamma, 0, 1),
    alphaDecay: oneOf(owner, 'alphaDecay', c.alphaDecay, ['constant', 'geometric'] as const),
    alphaInitial: numberIn(owner, 'alphaInitial', c.alphaInitial, Number.MIN_VALUE, 1, 'a number in (0, 1]'),
    alphaFinal: numberIn(owner, 'alphaFinal', c.alphaFinal, Number.MIN_VALUE, 1, 'a number in (0, 1]'),
    alphaDecaySteps: integerIn(owner, 'alphaDecaySteps', c.alphaDecaySteps, 1, Number.MAX_SAFE_INTEGER),
    epsilonDecay,
    epsilonInitial: numberIn(owner, 'epsilonInitial', c.epsilonInitial, epsLo, 1, epsRange),
    epsilonFinal: numberIn(owner, 'epsilonFinal', c.epsilonFinal, epsLo, 1, epsRange),
    epsilonDecaySteps: integerIn(owner, 'epsilonDecaySteps', c.epsilonDecaySteps, 1, Number.MAX_SAFE_INTEGER),
    objective: oneOf(owner, 'objective', c.objective, ['maximize-reward', 'minimize-cost'] as const),
    tieBreak: oneOf(owner, 'tieBreak', c.tieBreak, ['random', 'lowest'] as const),
    initialQ: numberIn(owner, 'initialQ', c.initialQ, -Infinity, Infinity, 'a finite number'),
  };
}

/** Returned by `QLearning.update`. */
export interface QLearningUpdateStats {
  /** TD error δ = y − Q(s, a), before the update. */
  readonly tdError: number;
  /** Learning rate α_k used by this update. */
  readonly alpha: number;
  /** Target y = r + γ·best Q(s', ·), or r when terminated. */
  readonly target: number;
  /** Q(s, a) after the update. */
  readonly q: number;
}

/** Saved state of a `QLearning` learner (plain JSON). */
export interface QLearningState {
  readonly nStates: number;
  readonly nActions: number;
  /** Updates done so far (k of α_k). */
  readonly updates: number;
  /** Explore-mode `act` calls so far (the ε schedule's step). */
  readonly exploreSteps: number;
  /** Q table, row-major nStates × nActions. */
  readonly q: readonly number[];
}

/** Tabular Q-learner. The Rng is passed to each call that draws (`act`), never stored. */
export class QLearning {
  readonly config: Readonly<QLearningConfig>;
  /** Q table, row-major: Q(s, a) = q[s·nActions + a]. Read freely; write only through `update`/`setState`. */
  readonly q: Float64Array;
  private readonly alphaSchedule: Schedule;
  private readonly epsilonSchedule: Schedule;
  private updates = 0;
  private exploreSteps = 0;

  constructor(config: QLearningConfigInput) {
    const c = resolveQLearningConfig(config);
    this.config = Object.freeze(c);
    this.q = new Float64Array(c.nStates * c.nActions).fill(c.initialQ);
    this.alphaSchedule =
      c.alphaDecay === 'constant'
        ? constantSchedule(c.alphaInitial)
        : exponentialSchedule({ start: c.alphaInitial, end: c.alphaFinal, steps: c.alphaDecaySteps });
    const eps = { start: c.epsilonInitial, end: c.epsilonFinal, steps: c.epsilonDecaySteps };
    this.epsilonSchedule =
      c.epsilonDecay === 'constant' ? constantSchedule(c.epsilonInitial) : c.epsilonDecay === 'linear' ? linearSchedule(eps) : exponentialSchedule(eps);
  }

  /** α for the next update (α_k with k = updates done). */
  get alpha(): number {
    return this.alphaSchedule.value(this.updates);
  }

  /** ε for the next explore-mode `act`. */
  get epsilon(): number {
    return this.epsilonSchedule.value(this.exploreSteps);
  }

  /** Number of `update` calls so far. */
  get updateCount(): number {
    return this.updates;
  }

  /**
   * Choose an action in state `s`. 'explore': ε-greedy (see `epsilonGreedy` for the draw protocol)
   * and advances the ε schedule; 'greedy': the best action (argmax or argmin), drawing from `rng`
   * only to break ties when `tieBreak` is 'random'.
   */
  act(s: number, rng: Rng, mode: 'explore' | 'greedy'): number {
    this.checkState('act', 's', s);
    const greedy = (): number => bestAction(this.q, s * this.config.nActions, this.config.nActions, this.config.objective, this.config.tieBreak, rng);
    if (mode === 'greedy') return greedy();
    if (mode !== 'explore') fail('QLearning.act', 'mode', '"explore" or "greedy"', mode);
    const epsilon = this.epsilon;
    this.exploreSteps += 1;
    return epsilonGreedy(rng, epsilon, this.config.nActions, greedy);
  }

  /**
   * One Q-learning update from the transition (s, a, r, s2). `r` is a reward ('maximize-reward')
   * or a cost ('minimize-cost'). Pass `terminated` = true only for a true terminal s2 (not a time-limit truncation).
   * `alpha`, when given (a number in (0, 1]), is used instead of the schedule's α_k for this update
   * (the counter k still advances); omitted, the schedule decides (the default, unchanged behaviour).
   */
  update(s: number, a: number, r: number, s2: number, terminated: boolean, alpha?: number): QLearningUpdateStats {
    this.checkState('update', 's', s);
    integerIn('QLearning.update', 'a', a, 0, this.config.nActions - 1);
    numberIn('QLearning.update', 'r', r, -Infinity, Infinity, 'a finite number');
    this.checkState('update', 's2', s2);
    if (typeof terminated !== 'boolean') fail('QLearning.update', 'terminated', 'a boolean', terminated, true);
    if (alpha !== undefined) numberIn('QLearning.update', 'alpha', alpha, Number.MIN_VALUE, 1, 'a number in (0, 1], or omitted');
    const { nActions, gamma, objective } = this.config;

    // Bootstrap value best_a' Q(s2, a'): max for rewards, min for costs; 0 past a terminal state.
    let target = r;
    if (!terminated) {
      const row = s2 * nActions;
      let best = this.q[row] as number;
      for (let j = 1; j < nActions; j++) {
        const v = this.q[row + j] as number;
        if (objective === 'maximize-reward' ? v > best : v < best) best = v;
      }
      target = r + gamma * best;
    }
    const step = alpha ?? this.alpha;
    const i = s * nActions + a;
    const tdError = target - (this.q[i] as number);
    this.q[i] = (this.q[i] as number) + step * tdError;
    this.updates += 1;
    return { tdError, alpha: step, target, q: this.q[i] as number };
  }

  /** Q(s, ·) as a view (length nActions). */
  qValues(s: number): Float64Array {
    this.checkState('qValues', 's', s);
    const n = this.config.nActions;
    return this.q.subarray(s * n, (s + 1) * n);
  }

  getState(): QLearningState {
    const { nStates, nActions } = this.config;
    return { nStates, nActions, updates: this.updates, exploreSteps: this.exploreSteps, q: Array.from(this.q) };
  }

  setState(state: QLearningState): void {
    const owner = 'QLearning.setState';
    const s = record(owner, 'state', state);
    const { nStates, nActions } = this.config;
    integerIn(owner, 'nStates', s['nStates'], nStates, nStates);
    integerIn(owner, 'nActions', s['nActions'], nActions, nActions);
    const updates = integerIn(owner, 'updates', s['updates'], 0, Number.MAX_SAFE_INTEGER);
    const exploreSteps = integerIn(owner, 'exploreSteps', s['exploreSteps'], 0, Number.MAX_SAFE_INTEGER);
    this.q.set(finiteArray(owner, 'q', s['q'], nStates * nActions));
    this.updates = updates;
    this.exploreSteps = exploreSteps;
  }

  private checkState(method: string, name: string, s: number): void {
    integerIn(`QLearning.${method}`, name, s, 0, this.config.nStates - 1);
  }
}
