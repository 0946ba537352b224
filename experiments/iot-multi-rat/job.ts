// One (method, seed) job of paper 4: train IL-based MA-Q (or nothing, for the baselines), then
// evaluate on the shared greedy evaluation slots and reduce the metrics.
//
// Methods (stable ids):
//   ma-q         IL-based MA-Q (Algorithm 1): one tabular Q-learner per user (lib/rl QLearning, 8 × 191
//                table initialised to 0), r = −C with max-Q-learning (A7), λ = train.gamma, α of eq. 36
//                decaying per user update from α_ini to α_end over `train.iterations` updates (which α the
//                first update uses: `train.alphaFirstUpdate`), ε-greedy
//                with constant ε; ties per `train.tieBreak`. One iteration = one simultaneous slot in which
//                every user acts and then updates on (s_i, a_i, −C_i, s'_i) (A8). No resets (A12): the
//                training env runs one episode of `iterations` slots; the last transition bootstraps.
//   centralized  the gateway's greedy allocation (lib/env baselines.ts) with full CSI and task sizes,
//                Δω rule per `centralized.waitingAware`; `centralized.estimationCost` is added to every
//                user's cost in every slot (in the metrics; the env's cost stays eq. 21).
//   random       uniform RAT among {local, LoRa, WiFi}, then a uniform sub-channel and level.
// Randomness: user i explores from deriveStream(seed, 'explore', i) (one nextDouble per ε test, then
// one integer for a random action or for a greedy tie); the training env is reset with `seed`; the
// topology (distances, CPUs) comes from the job seed, the same for every method. Evaluation (identical
// for every method): a fresh env of `eval.slots` slots reset with the first integer of the
// (seed, 'eval') stream; MA-Q acts greedily (ε = 0) with ties drawn from deriveStream(seed, 'eval-ties', i);
// Random draws from deriveStream(seed, 'baseline', 'random'). The env's draws never depend on the
// actions, so every method faces the same gains and tasks.

import {
  centralizedActions,
  iotMultiRat,
  iotStateBits,
  randomActions,
  type IotChoice,
  type IotMultiRatEnv,
  type IotMultiRatState,
  type IotSlotOutcome,
} from '../../lib/env/iot-multi-rat/index.js';
import { deriveStream, fromState, integer, type Rng, type RngState } from '../../lib/random/index.js';
import { exploreRngs, exponentialSchedule, QLearning, type QLearningState, type StateValue } from '../../lib/rl/index.js';
import { mean } from '../stats.js';
import type { JobContext, JobResult, MetricRow } from '../types.js';
import type { IotExperimentConfig } from './config.js';

/** Method ids in report order. */
export const METHOD_IDS = ['ma-q', 'centralized', 'random'] as const;
export type MethodId = (typeof METHOD_IDS)[number];

function checkMethod(owner: string, method: string): MethodId {
  if (!(METHOD_IDS as readonly string[]).includes(method)) throw new RangeError(`${owner}: unknown method '${method}'; allowed: ${METHOD_IDS.join(', ')}`);
  return method as MethodId;
}

/**
 * Fraction of the training iterations at the end over which `trainCostU1Tail` is averaged (claim 1);
 * `trainCostU1TailChange` is that mean minus the mean over the same number of iterations before it,
 * `trainCostU1Drop` that mean minus u1's first-window mean.
 */
export const TRAIN_TAIL_FRACTION = 0.1;

/** The env of a job phase: the config's env with the job's seed (topology) and `slots` slots per episode. */
export function makeEnv(c: IotExperimentConfig, seed: number, slots: number): IotMultiRatEnv {
  return iotMultiRat({ ...c.env, seed, episodeLength: slots });
}

/** The U Q-learners of MA-Q (Algorithm 1). */
export function buildLearners(c: IotExperimentConfig, env: IotMultiRatEnv): QLearning[] {
  const t = c.train;
  return env.possibleAgents.map(() => new QLearning({
    nStates: env.dims.numStates,
    nActions: env.dims.numActions,
    gamma: t.gamma,
    alphaDecay: 'geometric',
    alphaInitial: t.alphaInitial,
    alphaFinal: t.alphaFinal,
    alphaDecaySteps: t.iterations,
    epsilonDecay: 'constant',
    epsilonInitial: t.epsilon,
    objective: 'maximize-reward',
    tieBreak: t.tieBreak,
    initialQ: 0,
  }));
}

/** Per-slot means of the Fig. 6/7 quantities over a run of slots. */
export class SlotStats {
  slots = 0;
  private readonly sums: Record<string, number> = {};
  constructor(private readonly loraLevels: number, private readonly wifiLevels: number) {}

  private put(key: string, v: number): void {
    this.sums[key] = (this.sums[key] ?? 0) + v;
  }

  /** Add one slot; `extraCost` is charged to every user (Centralized's estimation cost). */
  add(s: IotSlotOutcome, extraCost = 0): void {
    this.slots++;
    const U = s.cost.length;
    let total = 0;
    for (let i = 0; i < U; i++) total += (s.cost[i] as number) + extraCost;
    this.put('costPerUser', total / U);
    this.put('costU1', (s.cost[0] as number) + extraCost);
    this.put('localUsers', s.localUsers);
    this.put('loraUsers', s.loraUsers);
    this.put('wifiUsers', s.wifiUsers);
    this.put('offloaders', s.loraUsers + s.wifiUsers);
    this.put('loraSharedSubchannels', s.loraSharedSubchannels);
    this.put('wifiCollidedSubchannels', s.wifiCollidedSubchannels);
    this.put('wifiCollidedAllFailed', s.wifiCollidedAllFailed);
    this.put('wifiFailedUsersInCollisions', s.wifiFailedUsersInCollisions);
    this.put('collisions', s.loraSharedSubchannels + s.wifiCollidedSubchannels);
    this.put('failedUsers', s.loraFailed + s.wifiFailed);
    this.put('failedLora', s.loraFailed);
    this.put('failedWifi', s.wifiFailed);
    this.put('failedAlone', s.failedAlone);
    this.put('failedShared', s.failedShared);
    this.put('delayCapped', s.delayCapped);
    this.put('idleSubchannels', s.idleSubchannels);
    this.put('overCapacityFraction', s.overCapacity ? 1 : 0);
    let waiting = 0;
    for (let i = 0; i < U; i++) waiting += s.waiting[i] as number;
    this.put('waitingUsers', waiting);
    for (let x = 0; x < this.loraLevels; x++) this.put(`loraLevel.${x}`, s.loraLevelCounts[x] as number);
    for (let x = 0; x < this.wifiLevels; x++) this.put(`wifiLevel.${x}`, s.wifiLevelCounts[x] as number);
  }

  /** Per-slot means (empty before the first slot). */
  values(): Record<string, number> {
    const out: Record<string, number> = {};
    if (this.slots === 0) return out;
    for (const [k, v] of Object.entries(this.sums)) out[k] = v / this.slots;
    return out;
  }
}

/** How a method acts in evaluation: one action index per user from the env and the current states. */
type EvalActor = (env: IotMultiRatEnv, states: Int32Array) => number[];

/** The reset seed of a job's evaluation episode (the same for every method). */
export function evalEpisodeSeed(seed: number): number {
  return integer(deriveStream(seed, 'eval'), 0, 2 ** 31);
}

/** Greedy MA-Q actor (ε = 0) with its own tie streams, so a re-evaluation repeats. */
function greedyActor(learners: readonly QLearning[], seed: number): EvalActor {
  const ties = learners.map((_, i) => deriveStream(seed, 'eval-ties', i));
  return (_env, states) => learners.map((q, i) => q.act(states[i] as number, ties[i] as Rng, 'greedy'));
}

function baselineActor(c: IotExperimentConfig, method: 'centralized' | 'random', seed: number): EvalActor {
  if (method === 'centralized') return (env) => centralizedActions(env.config.numUsers, env.slotInfo(), env.params, { waitingAware: c.centralized.waitingAware });
  const rng = deriveStream(seed, 'baseline', 'random');
  return (env) => randomActions(rng, env.config.numUsers, env.params);
}

/**
 * Runs the evaluation episode (file header) and returns the per-slot means; emits one eval row per
 * `train.windowSlots` block. `onSlot`, if given, sees every slot's choices and outcome (tests).
 */
export function runEvaluation(c: IotExperimentConfig, method: MethodId, seed: number, actor: EvalActor, emit: (row: MetricRow) => void, onSlot?: (choices: readonly IotChoice[], s: IotSlotOutcome) => void): Record<string, number> {
  const env = makeEnv(c, seed, c.eval.slots);
  env.reset({ seed: evalEpisodeSeed(seed) });
  const extra = method === 'centralized' ? c.centralized.estimationCost : 0;
  const all = new SlotStats(env.dims.loraLevels, env.dims.wifiLevels);
  let block = new SlotStats(env.dims.loraLevels, env.dims.wifiLevels);
  let k = 0;
  while (env.agents.length > 0) {
    env.stepArray(actorOrThrow(actor(env, env.currentStates()), env));
    const s = env.lastSlot!;
    onSlot?.(env.lastChoices!, s);
    all.add(s, extra);
    block.add(s, extra);
    k++;
    if (k % c.train.windowSlots === 0 || env.agents.length === 0) {
      emit({ method, seed, phase: 'eval', episode: Math.ceil(k / c.train.windowSlots) - 1, values: block.values() });
      block = new SlotStats(env.dims.loraLevels, env.dims.wifiLevels);
    }
  }
  return all.values();
}

function actorOrThrow(actions: number[], env: IotMultiRatEnv): number[] {
  if (actions.length !== env.config.numUsers) throw new RangeError(`iot-multi-rat: an evaluation actor returned ${actions.length} actions for ${env.config.numUsers} users`);
  return actions;
}

/** Saved policy of MA-Q: every user's Q-table (8 × A, row-major), in agent order. */
export interface IotPolicy {
  readonly method: 'ma-q';
  readonly numActions: number;
  readonly tables: readonly Float64Array[];
}

/** Training state saved in a checkpoint. */
interface TrainState {
  k: number;
  states: number[];
  learners: QLearningState[];
  rngs: RngState[];
  env: IotMultiRatState;
  windowU1: number[];
  u1Costs: number[];
}

/** Trains (MA-Q) and evaluates one method on one seed. See the file header. */
export function runIotJob(c: IotExperimentConfig, methodIn: string, seed: number, ctx: JobContext): JobResult {
  const method = checkMethod('iot-multi-rat.runJob', methodIn);
  if (method !== 'ma-q') {
    const metrics = runEvaluation(c, method, seed, baselineActor(c, method, seed), (r) => ctx.emit(r));
    ctx.progress({ episode: 1, episodes: 1 });
    return { method, seed, metrics, interrupted: false };
  }
  const t = c.train, W = t.windowSlots;
  const env = makeEnv(c, seed, t.iterations);
  const U = env.config.numUsers;
  const learners = buildLearners(c, env);
  let rngs: Rng[] = exploreRngs(seed, U);
  let states = Int32Array.from(Object.values(env.reset({ seed }).obs) as number[]);
  let k = 0;
  const windowU1: number[] = [];
  // u1's cost per iteration, kept only for the last two tails (claim 1): at most 2·tailLength values.
  const tailLength = Math.max(1, Math.ceil(TRAIN_TAIL_FRACTION * t.iterations));
  const tailStart = Math.max(0, t.iterations - 2 * tailLength);
  const u1Costs: number[] = [];
  if (ctx.resumeFrom !== null) {
    const s = ctx.resumeFrom as unknown as TrainState;
    if (typeof s !== 'object' || s === null || !Array.isArray(s.learners) || s.learners.length !== U) throw new TypeError(`iot-multi-rat: the checkpoint is not an MA-Q training state for ${U} users`);
    s.learners.forEach((st, i) => learners[i]!.setState(st));
    rngs = s.rngs.map((r) => fromState(r));
    env.setState(s.env);
    states = Int32Array.from(s.states);
    k = s.k;
    windowU1.push(...s.windowU1);
    u1Costs.push(...s.u1Costs);
  }
  const save = (): void => {
    const st: TrainState = { k, states: Array.from(states), learners: learners.map((q) => q.getState()), rngs: rngs.map((r) => r.getState()), env: env.getState(), windowU1: [...windowU1], u1Costs: [...u1Costs] };
    ctx.saveCheckpoint(st as unknown as StateValue, Math.ceil(k / W));
  };
  const windows = Math.ceil(t.iterations / W);
  // 'decayed': the job owns the schedule and passes α_ini·r^{k+1} (closed form) to every update of iteration k.
  const schedule = exponentialSchedule({ start: t.alphaInitial, end: t.alphaFinal, steps: t.iterations });
  const shift = t.alphaFirstUpdate === 'decayed' ? 1 : 0;
  let acc = new SlotStats(env.dims.loraLevels, env.dims.wifiLevels);
  const actions = new Array<number>(U);
  while (k < t.iterations) {
    for (let i = 0; i < U; i++) actions[i] = learners[i]!.act(states[i] as number, rngs[i]!, 'explore');
    env.stepArray(actions);
    const s = env.lastSlot!;
    const alpha = shift === 0 ? undefined : schedule.value(k + shift);
    for (let i = 0; i < U; i++) learners[i]!.update(states[i] as number, actions[i]!, -(s.cost[i] as number), s.nextState[i] as number, false, alpha);
    states = s.nextState.slice();
    acc.add(s);
    if (k >= tailStart) u1Costs.push(s.cost[0] as number);
    k++;
    if (k % W !== 0 && k !== t.iterations) continue;
    const window = Math.ceil(k / W) - 1;
    const values: Record<string, number> = { ...acc.values(), alpha: schedule.value(k - 1 + shift), iteration: k }; // α of the window's last update
    windowU1.push(values['costU1']!);
    ctx.emit({ method, seed, phase: 'train', episode: window, values });
    ctx.progress({ episode: window + 1, episodes: windows, reward: -values['costPerUser']! });
    acc = new SlotStats(env.dims.loraLevels, env.dims.wifiLevels);
    const done = k >= t.iterations;
    if (ctx.shouldStop() && !done) {
      save();
      return { method, seed, metrics: {}, interrupted: true };
    }
    if (ctx.checkpointEvery > 0 && (window + 1) % ctx.checkpointEvery === 0 && !done) save();
  }
  const metrics = runEvaluation(c, method, seed, greedyActor(learners, seed), (r) => ctx.emit(r));
  const tail = u1Costs.slice(-tailLength), before = u1Costs.slice(0, Math.max(0, u1Costs.length - tailLength));
  metrics['trainCostU1Tail'] = mean(tail);
  metrics['trainCostU1FirstWindow'] = windowU1[0]!;
  metrics['trainCostU1Drop'] = metrics['trainCostU1Tail'] - windowU1[0]!;
  // NaN when training is shorter than two tails (the claim is then undecided).
  metrics['trainCostU1TailChange'] = before.length === 0 ? NaN : metrics['trainCostU1Tail'] - mean(before);
  const policy: IotPolicy = { method: 'ma-q', numActions: env.dims.numActions, tables: learners.map((q) => q.q.slice()) };
  return { method, seed, metrics, interrupted: false, policy: policy as unknown as StateValue };
}

/** The learners of a saved policy (validated against this config's sizes). */
export function learnersFromPolicy(c: IotExperimentConfig, seed: number, policy: StateValue | undefined): QLearning[] {
  const owner = 'iot-multi-rat.evaluatePolicy';
  const env = makeEnv(c, seed, 1);
  const learners = buildLearners(c, env);
  const p = policy as unknown as IotPolicy | undefined;
  if (typeof p !== 'object' || p === null || !Array.isArray(p.tables) || p.tables.length !== learners.length) {
    throw new TypeError(`${owner}: policy must be { method: 'ma-q', numActions, tables } with ${learners.length} Q-tables (one per user), as saved by runJob`);
  }
  learners.forEach((q, i) => {
    const tab = p.tables[i];
    if (!(tab instanceof Float64Array) || tab.length !== q.q.length) throw new RangeError(`${owner}: policy.tables[${i}] must be a Float64Array of ${q.q.length} values (8 states × ${env.dims.numActions} actions)`);
    q.q.set(tab);
  });
  return learners;
}

/** Re-evaluates a saved policy (or a baseline) on the evaluation slots, emitting eval rows. `episodes` scales the slots (episodes × windowSlots when given). */
export function evaluateIotPolicy(c: IotExperimentConfig, methodIn: string, seed: number, policy: StateValue | undefined, episodes: number, emit: (row: MetricRow) => void): Record<string, number> {
  const method = checkMethod('iot-multi-rat.evaluatePolicy', methodIn);
  const cc: IotExperimentConfig = { ...c, eval: { slots: episodes * c.train.windowSlots } };
  if (method !== 'ma-q') return runEvaluation(cc, method, seed, baselineActor(cc, method, seed), emit);
  return runEvaluation(cc, method, seed, greedyActor(learnersFromPolicy(c, seed, policy), seed), emit);
}

/** A saved MA-Q policy as text: per user, per state (L, I, J), the greedy action (lowest index among ties) and its Q. */
export function printIotPolicy(c: IotExperimentConfig, method: string, seed: number, policy: StateValue | undefined): string {
  if (method !== 'ma-q') return `${method} seed ${seed}: no learned policy (a baseline)\n`;
  const learners = learnersFromPolicy(c, seed, policy);
  const env = makeEnv(c, seed, 1);
  const A = env.dims.numActions;
  const describeAction = (a: number): string => {
    const ch = env.decode(a);
    return ch.kind === 'local' ? 'local' : `${ch.rat === 'lora' ? 'LoRa' : 'WiFi'} ch ${ch.subchannel} @ ${ch.powerW} W`;
  };
  const lines = [`${method} seed ${seed}: greedy action per state (L I J = offloaded, link succeeded, W_all ≤ W̄); ties → lowest index`];
  lines.push(['user', ...[0, 1, 2, 3, 4, 5, 6, 7].map((s) => { const b = iotStateBits(s); return `${b.L}${b.I}${b.J}`; })].join('\t'));
  learners.forEach((q, i) => {
    const row = [`u${i + 1}`];
    for (let s = 0; s < 8; s++) {
      const v = q.qValues(s);
      let best = 0;
      for (let a = 1; a < A; a++) if ((v[a] as number) > (v[best] as number)) best = a;
      let ties = 0;
      for (let a = 0; a < A; a++) if (v[a] === v[best]) ties++;
      const visited = v.some((x) => x !== 0);
      const tied = ties > 1 ? `, ${ties} tied` : '';
      row.push(visited ? `${best}:${describeAction(best)} (Q=${(v[best] as number).toPrecision(4)}${tied})` : '— (never visited)');
    }
    lines.push(row.join('\t'));
  });
  return lines.join('\n') + '\n';
}
