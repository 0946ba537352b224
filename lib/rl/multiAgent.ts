// The multi-agent off-policy loop for a `ParallelEnv` (lib/rl/parallelEnv.ts), the multi-agent
// counterpart of lib/rl/offPolicy.ts, shared by MADDPG (lib/rl/maddpg.ts) and the independent
// learners IDDPG/IDQN (lib/rl/independent.ts) through a `MultiAgentLearner`:
//   collect one joint step (random or policy actions during warm-up, the exploring policy after) →
//   store it as ONE row of the joint replay buffer → every `updateEvery` steps run `gradientSteps`
//   updates, each on one mini-batch sampled once for all agents → report episodes and updates to
//   `onEvent`. `lib/` never prints.
//
// Joint buffer row (a `ReplayBuffer` with named fields; every group in `possibleAgents` order):
//   obs [Σ obsDims] = o_1 ‖ … ‖ o_N, action [Σ actionDims] = a_1 ‖ … ‖ a_N, reward [N], nextObs [Σ obsDims],
//   terminated [N], truncated [N]. For N = 1 this is exactly a single-agent `TransitionBatch`.
//
// Every agent must act on every step and all agents' episodes must end on the same step (true of
// MPE simple_spread and of the MEC envs); an env that removes agents mid-episode is rejected with an
// error naming the agent. Rewards: `rewardMode` 'individual' stores each agent's own reward; 'sum'
// stores Σ_i r_i for every agent (the MPE `shared_reward` convention); 'mean' stores the mean.
// Episode events always report the env's own per-agent rewards.
//
// Seeding, as offPolicy.ts: the loop's streams are (seed, 'replay') for mini-batch indices and
// (seed, 'env-seed') for the first reset; the learner owns its streams (weights, noise — e.g.
// `maddpgRngs`, `exploreRngs`) and checkpoints them in its own state. Evaluation episodes use seeds
// from (seed, 'eval'). `getState()`/`setState()` cover env, learner, buffer, streams and counters, so
// a resumed run is bit-identical to an uninterrupted one (tested).

import type { Rng, RngStreamsState } from '../random/index.js';
import { RngStreams, deriveStream, integer } from '../random/index.js';
import type { StateValue } from './checkpoint.js';
import type { ActMode, LearnerUpdateOptions } from './learners.js';
import { firstResetOptions, updateRound, type UpdateWatch } from './offPolicy.js';
import type { AgentRecord, ParallelEnv } from './parallelEnv.js';
import { agentRecord } from './parallelEnv.js';
import { ReplayBuffer, type Batch, type TransitionField } from './replayBuffer.js';
import { flatDim, type AnySpace } from './spaces.js';
import { fail, integerIn, noUnknownKeys, oneOf, record } from './validate.js';

/** Joint-buffer fields: the single-agent names, each holding all agents' blocks in agent order. */
export type JointField = TransitionField;
/** A sampled joint mini-batch (see the file header for the row layout). Owned by the buffer. */
export type JointBatch = Batch<JointField>;

/** A joint replay buffer for agents with the given observation and action widths. */
export function jointBuffer(capacity: number, obsDims: readonly number[], actionDims: readonly number[]): ReplayBuffer<JointField> {
  const n = obsDims.length, sum = (d: readonly number[]): number => d.reduce((s, x) => s + x, 0);
  return new ReplayBuffer({ capacity, fields: { obs: sum(obsDims), action: sum(actionDims), reward: n, nextObs: sum(obsDims), terminated: n, truncated: n } });
}

/** Typed stats of one multi-agent update: one record per agent, in agent order. */
export interface MultiAgentUpdateStats {
  readonly agents: readonly object[];
}

/** What the multi-agent loop needs from an algorithm (MADDPG, IDDPG, IDQN). Agents are indexed in `possibleAgents` order. */
export interface MultiAgentLearner<Act> {
  /** Observation width of each agent. */
  readonly obsDims: readonly number[];
  /** Width of each agent's stored (buffer-space) action. */
  readonly actionDims: readonly number[];
  /**
   * Buffer-space actions of all agents into `out[i]`: 'explore' (training), 'greedy' (the
   * deterministic policy; draws no random numbers), 'random' (warm-up). `step` = env steps so far.
   */
  select(obs: readonly Float64Array[], mode: ActMode, step: number, out: readonly Float64Array[]): void;
  /** Agent i's env action for its buffer-space action `u`. */
  toEnv(agent: number, u: Float64Array): Act;
  /** Called at the start of every training episode (e.g. to reset OU noise). */
  episodeStart(): void;
  /** One gradient step of every agent on one joint batch; `{ inspect: true }` asks for each agent's inspection (opt-in, see `UpdateWatch`). */
  update(batch: JointBatch, options?: LearnerUpdateOptions): MultiAgentUpdateStats;
  /** Everything that changes during training, incl. the learner's own random streams. */
  getState(): StateValue;
  setState(state: StateValue): void;
}

/** The env's per-agent widths and action spaces in `possibleAgents` order, to build learners from. */
export function envSpaces<Agent extends string>(env: ParallelEnv<Agent, Float64Array, unknown, unknown, unknown>): { readonly obsDims: number[]; readonly actionSpaces: AnySpace[] } {
  const ids = env.possibleAgents;
  return { obsDims: ids.map((a) => flatDim(env.observationSpace(a) as unknown as AnySpace)), actionSpaces: ids.map((a) => env.actionSpace(a) as unknown as AnySpace) };
}

/** Per-agent exploration streams (seed, 'explore', i), for the learner adapters. */
export function exploreRngs(seed: number, numAgents: number): Rng[] {
  return Array.from({ length: numAgents }, (_, i) => deriveStream(seed, 'explore', i));
}

/** Loop settings. Units are env steps (one joint step = one step of every agent) unless noted. */
export interface MultiAgentConfig {
  /** Master seed of the run (safe integer). */
  readonly seed: number;
  /** Replay capacity in joint transitions. Reference (openai/maddpg): 1e6. */
  readonly bufferSize: number;
  /** Mini-batch size. Reference: 1024. */
  readonly batchSize: number;
  /** Steps before the first update (SB3 `learning_starts`). Reference: batch × episode length = 25 600. */
  readonly warmupSteps: number;
  /** Actions during warm-up: 'random' (as offPolicy.ts) or 'policy' (the exploring policy; the reference). */
  readonly warmupActions: 'random' | 'policy';
  /** Run updates every this many env steps. Reference: 100. */
  readonly updateEvery: number;
  /** Gradient steps (joint batches) per update round. Reference: 1. */
  readonly gradientSteps: number;
  /** Which reward each agent stores: its own, or the sum / mean over agents (see the file header). */
  readonly rewardMode: 'individual' | 'sum' | 'mean';
}

export const MULTI_AGENT_DEFAULTS: Readonly<Omit<MultiAgentConfig, 'seed'>> = Object.freeze({
  bufferSize: 1_000_000,
  batchSize: 1024,
  warmupSteps: 25_600,
  warmupActions: 'random',
  updateEvery: 100,
  gradientSteps: 1,
  rewardMode: 'individual',
});

export function resolveMultiAgentConfig(partial: Partial<MultiAgentConfig> & Pick<MultiAgentConfig, 'seed'>): MultiAgentConfig {
  const owner = 'multiAgent';
  record(owner, 'config', partial);
  noUnknownKeys(owner, partial, ['seed', ...Object.keys(MULTI_AGENT_DEFAULTS)]);
  const c = { ...MULTI_AGENT_DEFAULTS, ...partial };
  integerIn(owner, 'seed', c.seed, Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
  integerIn(owner, 'bufferSize', c.bufferSize, 1, 2 ** 31 - 1);
  integerIn(owner, 'batchSize', c.batchSize, 1, c.bufferSize);
  integerIn(owner, 'warmupSteps', c.warmupSteps, 0, Number.MAX_SAFE_INTEGER);
  oneOf(owner, 'warmupActions', c.warmupActions, ['random', 'policy']);
  integerIn(owner, 'updateEvery', c.updateEvery, 1, Number.MAX_SAFE_INTEGER);
  integerIn(owner, 'gradientSteps', c.gradientSteps, 0, 1 << 20);
  oneOf(owner, 'rewardMode', c.rewardMode, ['individual', 'sum', 'mean']);
  return c;
}

/** What the loop reports. `returns` are per agent (env rewards), `totalReturn` their sum. */
export type MultiAgentEvent =
  | { readonly kind: 'episode'; readonly step: number; readonly episode: number; readonly returns: readonly number[]; readonly totalReturn: number; readonly length: number }
  | { readonly kind: 'update'; readonly step: number; readonly updates: number; readonly stats: MultiAgentUpdateStats };

export interface MultiAgentState {
  readonly step: number;
  readonly episode: number;
  readonly updates: number;
  readonly episodeReturns: readonly number[];
  readonly episodeLength: number;
  readonly obs: readonly Float64Array[] | null;
  readonly env: StateValue;
  readonly learner: StateValue;
  readonly buffer: StateValue;
  readonly rngs: RngStreamsState;
}

/** The env's agents must match the learner's dimensions, in `possibleAgents` order. */
function checkDims<Agent extends string>(owner: string, env: ParallelEnv<Agent, Float64Array, unknown, unknown, unknown>, learner: MultiAgentLearner<unknown>): void {
  const ids = env.possibleAgents, { obsDims } = envSpaces(env);
  if (learner.obsDims.length !== ids.length) fail(owner, 'learner.obsDims', `one entry per agent of ${env.id} (${ids.length})`, learner.obsDims, true);
  ids.forEach((id, i) => {
    if (learner.obsDims[i] !== obsDims[i]) fail(owner, `learner.obsDims[${i}]`, `${obsDims[i]} (the observation width of ${JSON.stringify(id)})`, learner.obsDims[i]);
  });
}

/** Agent records in `possibleAgents` order → arrays; throws naming an agent missing from the record. */
function toArray<Agent extends string, T>(owner: string, what: string, agents: readonly Agent[], rec: AgentRecord<Agent, T>): T[] {
  return agents.map((a) => {
    const v = rec[a];
    if (v === undefined) throw new RangeError(`${owner}: ${what} has no entry for agent ${JSON.stringify(a)}; every agent must act on every step until the episode ends for all of them`);
    return v;
  });
}

export class MultiAgentTrainer<Agent extends string, Act> {
  readonly config: MultiAgentConfig;
  readonly buffer: ReplayBuffer<JointField>;
  step = 0;
  episode = 0;
  updates = 0;
  /** Opt-in per-update watch (see `UpdateWatch` in offPolicy.ts); not part of the state. */
  updateWatch: UpdateWatch | null = null;
  private episodeReturns: number[];
  private episodeLength = 0;
  private obs: Float64Array[] | null = null;
  private readonly streams: RngStreams;
  private readonly u: Float64Array[];
  private readonly row: { obs: Float64Array; action: Float64Array; reward: Float64Array; nextObs: Float64Array; terminated: Float64Array; truncated: Float64Array };

  constructor(
    readonly env: ParallelEnv<Agent, Float64Array, Act, unknown, unknown>,
    readonly learner: MultiAgentLearner<Act>,
    config: Partial<MultiAgentConfig> & Pick<MultiAgentConfig, 'seed'>,
    private readonly onEvent: (e: MultiAgentEvent) => void = () => undefined,
  ) {
    this.config = resolveMultiAgentConfig(config);
    checkDims('MultiAgentTrainer', env, learner);
    this.buffer = jointBuffer(this.config.bufferSize, learner.obsDims, learner.actionDims);
    this.streams = new RngStreams(this.config.seed);
    this.u = learner.actionDims.map((d) => new Float64Array(d));
    const f = this.buffer.fields, n = env.possibleAgents.length;
    this.row = { obs: new Float64Array(f.obs), action: new Float64Array(f.action), reward: new Float64Array(n), nextObs: new Float64Array(f.nextObs), terminated: new Float64Array(n), truncated: new Float64Array(n) };
    this.episodeReturns = new Array<number>(n).fill(0);
  }

  /** Advances `steps` joint env steps (updates included). */
  run(steps: number): void {
    const owner = 'MultiAgentTrainer.run';
    integerIn(owner, 'steps', steps, 0, Number.MAX_SAFE_INTEGER);
    const c = this.config, ids = this.env.possibleAgents, n = ids.length, row = this.row;
    for (let k = 0; k < steps; k++) {
      if (this.obs === null) this.startEpisode();
      const obs = this.obs!;
      const mode = this.step < c.warmupSteps && c.warmupActions === 'random' ? 'random' : 'explore';
      this.learner.select(obs, mode, this.step, this.u);
      const r = this.env.step(agentRecord(ids, (_, i) => this.learner.toEnv(i, this.u[i]!)));
      const next = toArray(owner, 'step().obs', ids, r.obs), rew = toArray(owner, 'step().rewards', ids, r.rewards);
      const term = toArray(owner, 'step().terminations', ids, r.terminations), trunc = toArray(owner, 'step().truncations', ids, r.truncations);
      // Pitfall: nextObs is step()'s obs even when the episode ended (not the next reset's obs).
      let total = 0;
      for (let i = 0; i < n; i++) total += rew[i]!;
      for (let i = 0; i < n; i++) {
        row.reward[i] = c.rewardMode === 'individual' ? rew[i]! : c.rewardMode === 'sum' ? total : total / n;
        row.terminated[i] = term[i]! ? 1 : 0;
        row.truncated[i] = trunc[i]! ? 1 : 0;
        this.episodeReturns[i]! += rew[i]!;
      }
      concatInto(obs, row.obs);
      concatInto(this.u, row.action);
      concatInto(next, row.nextObs);
      this.buffer.add(row);
      this.step++;
      this.episodeLength++;
      this.obs = next; // obs = nextObs
      const ended = term[0]! || trunc[0]!;
      for (let i = 1; i < n; i++) {
        if ((term[i]! || trunc[i]!) !== ended) throw new RangeError(`${owner}: agent ${JSON.stringify(ids[i])} ended its episode on a different step than agent ${JSON.stringify(ids[0])}; the joint buffer needs all agents to end together`);
      }
      if (ended) {
        let sum = 0;
        for (const x of this.episodeReturns) sum += x;
        this.onEvent({ kind: 'episode', step: this.step, episode: this.episode, returns: this.episodeReturns.slice(), totalReturn: sum, length: this.episodeLength });
        this.episode++;
        this.obs = null;
      }
      this.updates = updateRound(c, this.step, this.updates, this.buffer, this.streams, (b, o) => this.learner.update(b, o), (stats, updates) =>
        this.onEvent({ kind: 'update', step: this.step, updates, stats: stats as MultiAgentUpdateStats }), this.updateWatch);
    }
  }

  private startEpisode(): void {
    // The first reset seeds the env from the run's seed; later resets continue the env's generator.
    const r = this.env.reset(firstResetOptions(this.streams, this.step, this.episode));
    this.obs = toArray('MultiAgentTrainer.run', 'reset().obs', this.env.possibleAgents, r.obs);
    this.episodeReturns.fill(0);
    this.episodeLength = 0;
    this.learner.episodeStart();
  }

  getState(): MultiAgentState {
    return {
      step: this.step,
      episode: this.episode,
      updates: this.updates,
      episodeReturns: this.episodeReturns.slice(),
      episodeLength: this.episodeLength,
      obs: this.obs === null ? null : this.obs.map((o) => o.slice()),
      env: this.env.getState() as StateValue,
      learner: this.learner.getState(),
      buffer: this.buffer.getState() as unknown as StateValue,
      rngs: this.streams.getState(),
    };
  }

  /**
   * Restores a `getState()` snapshot. Not all-or-nothing: when it throws (a state from another
   * config, a damaged checkpoint), parts may already be restored — discard this trainer and build a
   * fresh one (the CLI does: a bad checkpoint ends the run with exit code 2).
   */
  setState(s: MultiAgentState): void {
    const owner = 'MultiAgentTrainer.setState';
    record(owner, 'state', s);
    const n = this.env.possibleAgents.length;
    if (!Array.isArray(s.episodeReturns) || s.episodeReturns.length !== n) fail(owner, 'episodeReturns', `an array of ${n} numbers`, s.episodeReturns, true);
    if (s.obs !== null && (!Array.isArray(s.obs) || s.obs.length !== n)) fail(owner, 'obs', `null or an array of ${n} observations`, s.obs, true);
    this.step = integerIn(owner, 'step', s.step, 0, Number.MAX_SAFE_INTEGER);
    this.episode = integerIn(owner, 'episode', s.episode, 0, Number.MAX_SAFE_INTEGER);
    this.updates = integerIn(owner, 'updates', s.updates, 0, Number.MAX_SAFE_INTEGER);
    this.episodeLength = integerIn(owner, 'episodeLength', s.episodeLength, 0, Number.MAX_SAFE_INTEGER);
    this.episodeReturns = s.episodeReturns.slice();
    this.obs = s.obs === null ? null : s.obs.map((o) => Float64Array.from(o));
    this.env.setState(s.env);
    this.learner.setState(s.learner);
    this.buffer.setState(s.buffer as never);
    this.streams.setState(s.rngs);
  }
}

/** Writes the arrays one after another into `out`. */
function concatInto(parts: readonly Float64Array[], out: Float64Array): void {
  let o = 0;
  for (const p of parts) { out.set(p, o); o += p.length; }
}

/**
 * The deterministic joint policy: agents' observations (record) → env actions (record), through
 * `select(…, 'greedy')`. For deployment, evaluation and rendering; draws no random numbers.
 */
export function deterministicPolicy<Agent extends string, Act>(agents: readonly Agent[], learner: MultiAgentLearner<Act>): (obs: AgentRecord<Agent, Float64Array>) => AgentRecord<Agent, Act> {
  const u = learner.actionDims.map((d) => new Float64Array(d));
  return (obs) => {
    learner.select(toArray('deterministicPolicy', 'obs', agents, obs), 'greedy', 0, u);
    return agentRecord(agents, (_, i) => learner.toEnv(i, u[i]!));
  };
}

/** Result of `evaluateParallel`. */
export interface ParallelEvalResult {
  /** Per episode, each agent's return (agent order). */
  readonly returns: readonly (readonly number[])[];
  /** Per episode, the sum of the agents' returns (MPE's "episode reward"). */
  readonly totalReturns: readonly number[];
  readonly lengths: readonly number[];
  /** Mean of `totalReturns`. */
  readonly meanTotalReturn: number;
  /** Mean return of each agent. */
  readonly meanAgentReturns: readonly number[];
}

/**
 * Runs `episodes` episodes of the greedy joint policy on `env`, episode e reset with the e-th seed of
 * the (seed, 'eval') stream, so every evaluation (and every method) sees the same episodes.
 */
export function evaluateParallel<Agent extends string, Act>(env: ParallelEnv<Agent, Float64Array, Act, unknown, unknown>, learner: MultiAgentLearner<Act>, episodes: number, seed: number): ParallelEvalResult {
  integerIn('evaluateParallel', 'episodes', episodes, 1, Number.MAX_SAFE_INTEGER);
  checkDims('evaluateParallel', env, learner);
  const seeds = deriveStream(seed, 'eval'), ids = env.possibleAgents, policy = deterministicPolicy(ids, learner);
  const returns: number[][] = [], totalReturns: number[] = [], lengths: number[] = [];
  for (let e = 0; e < episodes; e++) {
    let { obs } = env.reset({ seed: integer(seeds, 0, 2 ** 31) });
    const ret = new Array<number>(ids.length).fill(0);
    let len = 0;
    while (env.agents.length > 0) {
      const r = env.step(policy(obs));
      ids.forEach((a, i) => { ret[i]! += r.rewards[a] ?? 0; });
      len++;
      obs = r.obs;
    }
    returns.push(ret);
    totalReturns.push(ret.reduce((a, b) => a + b, 0));
    lengths.push(len);
  }
  const meanAgentReturns = ids.map((_, i) => returns.reduce((s, r) => s + r[i]!, 0) / episodes);
  return { returns, totalReturns, lengths, meanTotalReturn: totalReturns.reduce((a, b) => a + b, 0) / episodes, meanAgentReturns };
}
