// `load-balancing` — Zhang, Li, Peng, Pei, "A New Task Offloading Algorithm in Edge Computing"
// (DTOMALB) as a ParallelEnv. Contract: shared/spec/02-load-balancing.md. Equations in model.ts.
//
// Agents: the N users `user_0..user_{N−1}`, acting simultaneously every step.
//   observationSpace: Box of length M (`paper`: χ = [Q_m/f_m], s) or M + 4 (`extended`: χ, then the
//                     user's own L/4e6, C/1.2e9, f_local/5e8, log10 g_n), raw (no scaling, no clipping);
//   actionSpace:      Discrete(M + 1): 0 = local, m = server m (1 direct, >= 2 forwarded via ECS 1).
// Randomness:
//   - topology, drawn once in the constructor from deriveStream(seed, 'topology'), in this order:
//     user n = 0..N−1: r = R·sqrt(U1), θ = 2π·U2 (`positionSampling: 'polar'`, default) or x, y ~ U[−R, R)
//     ('square'), redrawn until minDistanceM <= r <= R (area-uniform in the annulus); then
//     f_local,n ~ U[lo, hi) for n = 0..N−1; then (serverCpu 'uniform') f_m ~ U[lo, hi) for m = 1..M;
//   - tasks and fading: the env's generator (envStream(seed, 'load-balancing') until the first seeded
//     reset, then envStream(resetSeed, 'load-balancing')); per step, user n = 0..N−1 in order:
//     L_n ~ U[L_lo, L_hi) bit, C_n ~ U[C_lo, C_hi) cycle, |h_n|² ~ Exp(1) (`taskDrawOrder: 'userMajor'`,
//     default; 'quantityMajor': all L, then all C, then all |h|²). Drawn at reset (step 0's)
//     and after every step (the next step's, also after the last step so the final observation is valid).
// One step: model.evaluateStep with the current tasks, gains and backlogs (every equation there), then
// Q ← Q(t+1), then the next tasks. Backlogs reset to 0 at every reset. No terminal state; truncation at
// `episodeLength`. infos[user_n]: the user's values plus `system` (the same object for every user).
// Invalid actions (not an integer in [0, M]) throw in `step`, naming the agent and the range (discrete
// actions are never clipped). `observe(agent)` throws before the first reset()/setState().

import type { Rng, RngState } from '../../random/index.js';
import { deriveStream, exponential, uniform } from '../../random/index.js';
import type { AgentRecord, EpisodeStatus, Info, ParallelEnv, ParallelResetResult, ParallelStepResult, ResetOptions, Space } from '../../rl/index.js';
import { agentRecord, Box, checkAgentIds, Discrete, validateActions } from '../../rl/index.js';
import { fail, finiteArray, integerIn, noUnknownKeys, record } from '../check.js';
import { Episode } from '../episode.js';
import type { LoadBalancingConfig, LoadBalancingConfigInput } from './config.js';
import { fig8ServerCpus, LOAD_BALANCING_ID, loadBalancingObsDim, resolveLoadBalancingConfig } from './config.js';
import type { StepOutcome, StepParams } from './model.js';
import { channelGain, evaluateStep } from './model.js';
import { log10 } from '../../math/index.js';

/** Label of the topology stream: `deriveStream(config.seed, 'topology')`. */
export const LOAD_BALANCING_TOPOLOGY_STREAM = 'topology';
/** Fixed divisors of the `extended` own features (spec §3). */
export const EXTENDED_DIVISORS = Object.freeze({ bits: 4e6, cycles: 1.2e9, localCpuHz: 5e8 });

export function loadBalancingAgentId(n: number): string {
  return `user_${n}`;
}

/** System-wide values of one step (spec §5). Per-user arrays indexed by n, per-server by m − 1. */
export interface LoadBalancingSystemMetrics {
  /** Step index within the episode, 0-based. */
  readonly step: number;
  readonly numUsers: number;
  /** N_up of eq. (5). */
  readonly numUp: number;
  readonly actions: readonly number[];
  readonly delayS: readonly number[];
  readonly rewards: readonly number[];
  /** (1/N) Σ_n R_n. */
  readonly meanReward: number;
  /** (1/N) Σ_n t_n, s. */
  readonly meanDelayS: number;
  /** Q_m(t)/f_m (the observation χ), s. */
  readonly loadBefore: readonly number[];
  /** LD⁺_m, s. */
  readonly loadAfter: readonly number[];
  /** var(LD⁺), s². */
  readonly loadVariance: number;
  readonly tasksPerServer: readonly number[];
  readonly localTasks: number;
  /** Q_m(t+1), cycle. */
  readonly nextBacklog: readonly number[];
}

/** infos[user_n] after a step. */
export interface LoadBalancingUserInfo {
  readonly user: number;
  readonly action: number;
  readonly delayS: number;
  readonly uploadS: number;
  readonly forwardS: number;
  readonly waitS: number;
  readonly computeS: number;
  readonly localS: number;
  readonly rateBps: number;
  readonly reward: number;
  readonly system: LoadBalancingSystemMetrics;
}

export type LoadBalancingResetOptions = Readonly<Record<string, never>>;

/** JSON-serialisable snapshot. */
export interface LoadBalancingState {
  readonly id: typeof LOAD_BALANCING_ID;
  readonly numUsers: number;
  readonly numServers: number;
  readonly distanceM: readonly number[];
  readonly localCpuHz: readonly number[];
  readonly serverCpuHz: readonly number[];
  readonly backlogCycles: readonly number[];
  readonly taskBits: readonly number[];
  readonly taskCycles: readonly number[];
  readonly fading: readonly number[];
  readonly steps: number;
  readonly status: EpisodeStatus;
  readonly rng: RngState;
}

/** User distances, local and server CPUs drawn from the topology stream (order in the file header). */
export function drawTopology(rng: Rng, c: LoadBalancingConfig): { distanceM: Float64Array; localCpuHz: Float64Array; serverCpuHz: Float64Array } {
  const N = c.numUsers, M = c.numServers;
  const distanceM = new Float64Array(N);
  for (let n = 0; n < N; n++) {
    let placed = false;
    for (let k = 0; k < c.positionMaxTries && !placed; k++) {
      let r: number;
      if (c.positionSampling === 'polar') {
        r = c.cellRadiusM * Math.sqrt(uniform(rng, 0, 1));
        uniform(rng, 0, 1); // θ: the direction, drawn for the area-uniform position; only r matters (one eNB)
      } else {
        const x = uniform(rng, -c.cellRadiusM, c.cellRadiusM), y = uniform(rng, -c.cellRadiusM, c.cellRadiusM);
        r = Math.sqrt(x * x + y * y);
      }
      if (r < c.minDistanceM || r > c.cellRadiusM) continue;
      distanceM[n] = r;
      placed = true;
    }
    if (!placed) throw new Error(`load-balancing topology: could not place user ${n} at >= minDistanceM = ${c.minDistanceM} m within cellRadiusM = ${c.cellRadiusM} m after ${c.positionMaxTries} tries (positionMaxTries)`);
  }
  const localCpuHz = Float64Array.from({ length: N }, () => uniform(rng, c.localCpuRangeHz[0], c.localCpuRangeHz[1]));
  const serverCpuHz = c.serverCpu === 'fig8'
    ? fig8ServerCpus(M, c.serverCpuRangeHz)
    : Float64Array.from({ length: M }, () => uniform(rng, c.serverCpuRangeHz[0], c.serverCpuRangeHz[1]));
  return { distanceM, localCpuHz, serverCpuHz };
}

export class LoadBalancingEnv implements ParallelEnv<string, Float64Array, number, LoadBalancingState, LoadBalancingResetOptions> {
  readonly id = LOAD_BALANCING_ID;
  readonly config: LoadBalancingConfig;
  readonly possibleAgents: readonly string[];
  readonly maxEpisodeSteps: number;
  readonly obsDim: number;
  /** Outcome of the last step (null after reset/setState). */
  lastOutcome: StepOutcome | null = null;
  /** System metrics of the last step (the object in its infos); null after reset/setState. */
  lastStepMetrics: LoadBalancingSystemMetrics | null = null;

  private readonly obsSpace: Box;
  private readonly actSpace: Discrete;
  private readonly params: StepParams;
  private readonly distanceM: Float64Array;
  private readonly localCpu: Float64Array;
  private readonly serverCpu: Float64Array;
  private readonly backlog: Float64Array;
  private readonly taskBits: Float64Array;
  private readonly taskCycles: Float64Array;
  private readonly fading: Float64Array;
  private readonly episode: Episode;

  constructor(config: LoadBalancingConfigInput = {}) {
    const c = (this.config = resolveLoadBalancingConfig(config));
    const N = c.numUsers, M = c.numServers;
    this.possibleAgents = checkAgentIds(this.id, Array.from({ length: N }, (_, n) => loadBalancingAgentId(n)));
    this.maxEpisodeSteps = c.episodeLength;
    this.obsDim = loadBalancingObsDim(M, c.obsMode);
    const low = new Float64Array(this.obsDim), high = new Float64Array(this.obsDim).fill(Infinity);
    if (c.obsMode === 'extended') low[M + 3] = -Infinity;
    this.obsSpace = new Box({ low, high });
    this.actSpace = new Discrete(M + 1);
    this.params = c;
    const topo = drawTopology(deriveStream(c.seed, LOAD_BALANCING_TOPOLOGY_STREAM), c);
    this.distanceM = topo.distanceM;
    this.localCpu = topo.localCpuHz;
    this.serverCpu = topo.serverCpuHz;
    this.backlog = new Float64Array(M);
    this.taskBits = new Float64Array(N);
    this.taskCycles = new Float64Array(N);
    this.fading = new Float64Array(N);
    this.episode = new Episode(this.id, this.maxEpisodeSteps, c.seed);
  }

  get agents(): readonly string[] {
    return this.episode.status === 'running' ? this.possibleAgents : [];
  }

  observationSpace(agent: string): Space<Float64Array> {
    this.agentIndex(agent, 'observationSpace');
    return this.obsSpace;
  }

  actionSpace(agent: string): Space<number> {
    this.agentIndex(agent, 'actionSpace');
    return this.actSpace;
  }

  /** f_m, cycle/s (copy, index m − 1). */
  get serverCpuHz(): Float64Array { return this.serverCpu.slice(); }
  /** f_local,n, cycle/s (copy). */
  get localCpuHz(): Float64Array { return this.localCpu.slice(); }
  /** User–eNB distances, m (copy). */
  get userDistanceM(): Float64Array { return this.distanceM.slice(); }
  /** Q_m(t), cycle (copy). */
  get backlogCycles(): Float64Array { return this.backlog.slice(); }
  /** The current step's C_n, cycle (copy). */
  get currentTaskCycles(): Float64Array { return this.taskCycles.slice(); }
  /** The current step's L_n, bit (copy). */
  get currentTaskBits(): Float64Array { return this.taskBits.slice(); }
  /** The current step's g_n (copy). */
  get currentGains(): Float64Array { return Float64Array.from(this.fading, (h, n) => channelGain(this.distanceM[n]!, h)); }

  reset(opts: ResetOptions<LoadBalancingResetOptions> = {}): ParallelResetResult<string, Float64Array> {
    const owner = `${this.id}.reset`;
    if (opts.options !== undefined) noUnknownKeys(owner, 'options', record(owner, 'options', opts.options), []);
    const rng = this.episode.begin(opts.seed);
    this.backlog.fill(0);
    this.drawTasks(rng);
    this.lastOutcome = null;
    this.lastStepMetrics = null;
    const agents = this.possibleAgents;
    return { obs: agentRecord(agents, (_, n) => this.observeIndex(n)), infos: agentRecord(agents, (): Info => ({})) };
  }

  step(actions: AgentRecord<string, number>): ParallelStepResult<string, Float64Array> {
    this.episode.checkCanStep();
    const acting = this.agents;
    validateActions(`${this.id}.step`, acting, this.possibleAgents, (a) => this.actionSpace(a), actions);
    const a = acting.map((agent) => actions[agent] as number);
    return this.apply(a);
  }

  /** The current observation of `agent` (a fresh array); throws before the first reset/setState. */
  observe(agent: string): Float64Array {
    const n = this.agentIndex(agent, 'observe');
    this.episode.checkHasState('observe');
    return this.observeIndex(n);
  }

  getState(): LoadBalancingState {
    return {
      id: this.id,
      numUsers: this.config.numUsers,
      numServers: this.config.numServers,
      distanceM: Array.from(this.distanceM),
      localCpuHz: Array.from(this.localCpu),
      serverCpuHz: Array.from(this.serverCpu),
      backlogCycles: Array.from(this.backlog),
      taskBits: Array.from(this.taskBits),
      taskCycles: Array.from(this.taskCycles),
      fading: Array.from(this.fading),
      ...this.episode.toJSON(),
    };
  }

  /** Restore a snapshot (validated: sizes must match, distances/CPUs > 0, the rest finite and >= 0). */
  setState(state: LoadBalancingState): void {
    const owner = `${this.id}.setState`;
    const s = record(owner, 'state', state);
    if (s['id'] !== this.id) fail(owner, 'state.id', JSON.stringify(this.id), s['id']);
    const N = this.config.numUsers, M = this.config.numServers;
    integerIn(owner, 'state.numUsers', s['numUsers'], N, N);
    integerIn(owner, 'state.numServers', s['numServers'], M, M);
    const distanceM = vector(owner, 'state.distanceM', s['distanceM'], N, true);
    const localCpu = vector(owner, 'state.localCpuHz', s['localCpuHz'], N, true);
    const serverCpu = vector(owner, 'state.serverCpuHz', s['serverCpuHz'], M, true);
    const backlog = vector(owner, 'state.backlogCycles', s['backlogCycles'], M, false);
    const taskBits = vector(owner, 'state.taskBits', s['taskBits'], N, false);
    const taskCycles = vector(owner, 'state.taskCycles', s['taskCycles'], N, false);
    const fading = vector(owner, 'state.fading', s['fading'], N, false);
    this.episode.restore(owner, s);
    this.distanceM.set(distanceM);
    this.localCpu.set(localCpu);
    this.serverCpu.set(serverCpu);
    this.backlog.set(backlog);
    this.taskBits.set(taskBits);
    this.taskCycles.set(taskCycles);
    this.fading.set(fading);
    this.lastOutcome = null;
    this.lastStepMetrics = null;
  }

  /** Draw one step's tasks and fading (order in the file header). */
  private drawTasks(rng: Rng): void {
    const c = this.config, kb = c.kiloByteBits;
    const [lLo, lHi] = c.taskSizeKB, [cLo, cHi] = c.taskCyclesRange;
    const N = c.numUsers;
    if (c.taskDrawOrder === 'userMajor') {
      for (let n = 0; n < N; n++) {
        this.taskBits[n] = uniform(rng, lLo * kb, lHi * kb);
        this.taskCycles[n] = uniform(rng, cLo, cHi);
        this.fading[n] = exponential(rng, 1);
      }
    } else {
      for (let n = 0; n < N; n++) this.taskBits[n] = uniform(rng, lLo * kb, lHi * kb);
      for (let n = 0; n < N; n++) this.taskCycles[n] = uniform(rng, cLo, cHi);
      for (let n = 0; n < N; n++) this.fading[n] = exponential(rng, 1);
    }
  }

  private apply(actions: readonly number[]): ParallelStepResult<string, Float64Array> {
    const loadBefore = Array.from(this.backlog, (q, m) => q / this.serverCpu[m]!);
    const out = evaluateStep({
      actions, taskBits: this.taskBits, taskCycles: this.taskCycles, gain: this.currentGains, localCpuHz: this.localCpu,
      serverCpuHz: this.serverCpu, backlogCycles: this.backlog,
    }, this.params);
    const N = actions.length;
    let sr = 0, sd = 0, local = 0;
    for (let n = 0; n < N; n++) { sr += out.reward[n]!; sd += out.delayS[n]!; if (actions[n] === 0) local++; }
    for (let n = 0; n < N; n++) if (!Number.isFinite(out.delayS[n]!)) throw new Error(`${this.id}.step: user ${n}'s delay is not finite (${out.delayS[n]}); its uplink rate is ${out.rateBps[n]} bit/s — txPowerW/noisePsdWPerHz/bandwidthHz are out of a physical range`);
    const system: LoadBalancingSystemMetrics = {
      step: this.episode.steps, numUsers: N, numUp: out.numUp, actions: actions.slice(), delayS: Array.from(out.delayS), rewards: Array.from(out.reward),
      meanReward: sr / N, meanDelayS: sd / N, loadBefore, loadAfter: Array.from(out.loadAfter), loadVariance: out.loadVariance,
      tasksPerServer: Array.from(out.tasksPerServer), localTasks: local, nextBacklog: Array.from(out.nextBacklog),
    };
    const truncated = this.episode.finishStep(false);
    this.backlog.set(out.nextBacklog);
    this.drawTasks(this.episode.rng);
    this.lastOutcome = out;
    this.lastStepMetrics = system;
    const acting = this.possibleAgents;
    return {
      obs: agentRecord(acting, (_, n) => this.observeIndex(n)),
      rewards: agentRecord(acting, (_, n) => out.reward[n]!),
      terminations: agentRecord(acting, () => false),
      truncations: agentRecord(acting, () => truncated),
      infos: agentRecord(acting, (_, n): Info => ({
        user: n, action: actions[n]!, delayS: out.delayS[n]!, uploadS: out.uploadS[n]!, forwardS: out.forwardS[n]!, waitS: out.waitS[n]!,
        computeS: out.computeS[n]!, localS: out.localS[n]!, rateBps: out.rateBps[n]!, reward: out.reward[n]!, system,
      } satisfies LoadBalancingUserInfo)),
    };
  }

  private observeIndex(n: number): Float64Array {
    const c = this.config, M = c.numServers;
    const o = new Float64Array(this.obsDim);
    for (let m = 0; m < M; m++) o[m] = this.backlog[m]! / this.serverCpu[m]!;
    if (c.obsMode === 'extended') {
      o[M] = this.taskBits[n]! / EXTENDED_DIVISORS.bits;
      o[M + 1] = this.taskCycles[n]! / EXTENDED_DIVISORS.cycles;
      o[M + 2] = this.localCpu[n]! / EXTENDED_DIVISORS.localCpuHz;
      o[M + 3] = log10(channelGain(this.distanceM[n]!, this.fading[n]!));
    }
    return o;
  }

  private agentIndex(agent: string, method: string): number {
    const i = this.possibleAgents.indexOf(agent);
    if (i < 0) throw new RangeError(`${this.id}.${method}: unknown agent ${JSON.stringify(agent)}; agents are ${this.possibleAgents.join(', ')}`);
    return i;
  }
}

function vector(owner: string, field: string, value: unknown, length: number, strictlyPositive: boolean): Float64Array {
  return strictlyPositive
    ? finiteArray(owner, field, value, length, ' > 0', (x) => x > 0)
    : finiteArray(owner, field, value, length, ' >= 0', (x) => x >= 0);
}

export function loadBalancing(config: LoadBalancingConfigInput = {}): LoadBalancingEnv {
  return new LoadBalancingEnv(config);
}
