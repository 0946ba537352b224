// `iot-multi-rat` — Liu, Yu, Gao, "Multi-agent Reinforcement Learning for Resource Allocation in
// IoT networks with Edge Computing", as a ParallelEnv. Contract: shared/spec/04-iot-multi-rat.md.
// Equations and the action decoder in model.ts, baselines in baselines.ts, config in config.ts.
//
// Agents: the U users `user_0..user_{U−1}`, acting simultaneously every slot.
//   observationSpace: Discrete(8), the local state 4L + 2I + J (§3), initially (0, 0, 1) = 1 [R];
//   actionSpace:      Discrete(1 + M_L·X_L + M_W·X_W) (191 at the paper's sizes), decoded by
//                     model.decodeIotAction.
// Randomness:
//   - topology: drawn once in the constructor from deriveStream(seed, 'topology'): first every
//     user's distance d_i = max(Normal(distanceMeanM, distanceStdM), minDistanceM) for i = 0..U−1
//     (lib/random `normal`, Box–Muller, two doubles each), then every user's CPU
//     f_i ~ U[userCpuHz[0], userCpuHz[1]) for i = 0..U−1; large-scale gain d_i^(−a);
//   - fading and tasks: the env's own generator (envStream(seed, 'iot-multi-rat') until the first
//     seeded reset, then envStream(resetSeed, 'iot-multi-rat')); per slot, in this order: all U·C
//     Rayleigh power gains |g|² ~ Exp(2s²) row-major `[user][flat channel]` (channel c = LoRa
//     sub-channel c for c < M_L, WiFi sub-channel c − M_L after), then d_i ~ U[taskBits) for
//     i = 0..U−1. The draws never depend on the actions, so every method sees the same slots.
// One step (slot k) [R, §3: the action chosen at iteration k is executed and rewarded at k]:
//   1. validate every action; decode;
//   2. evaluate the slot with slot k's gains and tasks (model.evaluateSlot): SINRs, rates, capped
//      transmission delay/energy, W_all, costs C_i, next states;
//   3. rewards r_i = −C_i (§3 [R]; all metrics report the cost C);
//   4. draw slot k+1's gains and tasks (also on the last step); no terminal state; truncation at
//      `episodeLength` (A12: one long run).
// infos[user_i] after a step: { cost, success (0/1), offloaded (0/1) }; after reset: {}.
// Invalid actions (not an integer in [0, numActions)) throw in `step`, naming the agent and the range
// (discrete actions are never clipped). `observe(agent)` throws before the first reset()/setState().
// `lastSlot` holds the full SlotOutcome of the last step (null after reset/setState).

import type { Rng, RngState } from '../../random/index.js';
import { deriveStream, normal, uniform } from '../../random/index.js';
import type { AgentRecord, EpisodeStatus, Info, ParallelEnv, ParallelResetResult, ParallelStepResult, ResetOptions, Space } from '../../rl/index.js';
import { agentRecord, checkAgentIds, Discrete, validateActions } from '../../rl/index.js';
import { fillRayleighPowerGains, minDistanceGuard, powerLawGain } from '../common/index.js';
import { fail, finiteWhere, integerIn, noUnknownKeys, record } from '../check.js';
import { Episode } from '../episode.js';
import type { IotMultiRatConfig, IotMultiRatConfigInput, IotMultiRatDims } from './config.js';
import { IOT_MULTI_RAT_ID, iotMultiRatDims, resolveIotMultiRatConfig } from './config.js';
import type { IotChoice, SlotInput, SlotOutcome, SlotParams } from './model.js';
import { decodeIotAction, evaluateSlot, INITIAL_STATE } from './model.js';

/** Label of the topology stream: `deriveStream(config.seed, 'topology')`. */
export const IOT_TOPOLOGY_STREAM = 'topology';

/** Agent id of user i. */
export function iotAgentId(i: number): string {
  return `user_${i}`;
}

/** iot-multi-rat has no reset options. */
export type IotMultiRatResetOptions = Readonly<Record<string, never>>;

/** JSON-serialisable snapshot of an IotMultiRatEnv. */
export interface IotMultiRatState {
  readonly id: typeof IOT_MULTI_RAT_ID;
  readonly numUsers: number;
  readonly numChannels: number;
  /** Per user, distance to the gateway, m. */
  readonly distances: readonly number[];
  /** Per user, f_i, cycle/s. */
  readonly userCpuHz: readonly number[];
  /** Current slot's |g|², `[user][flat channel]`. */
  readonly fading: readonly number[];
  /** Current slot's task sizes, bit. */
  readonly taskBits: readonly number[];
  /** Current local states 4L + 2I + J. */
  readonly states: readonly number[];
  readonly steps: number;
  readonly status: EpisodeStatus;
  readonly rng: RngState;
}

/** Per-user topology of a config: distances (m) and CPUs (cycle/s), drawn as the file header says. */
export function drawIotTopology(rng: Rng, c: IotMultiRatConfig): { readonly distances: Float64Array; readonly userCpuHz: Float64Array } {
  const U = c.numUsers;
  const distances = new Float64Array(U), userCpuHz = new Float64Array(U);
  for (let i = 0; i < U; i++) distances[i] = minDistanceGuard(Math.max(0, normal(rng, c.distanceMeanM, c.distanceStdM)), c.minDistanceM);
  for (let i = 0; i < U; i++) userCpuHz[i] = uniform(rng, c.userCpuHz[0], c.userCpuHz[1]);
  return { distances, userCpuHz };
}

/** The slot constants of a config (for evaluateSlot and the baselines). */
export function iotSlotParams(c: IotMultiRatConfig, d: IotMultiRatDims = iotMultiRatDims(c)): SlotParams {
  return Object.freeze({
    loraSubchannels: c.loraSubchannels,
    wifiSubchannels: c.wifiSubchannels,
    loraPowerLevelsW: c.loraPowerLevelsW,
    wifiPowerLevelsW: c.wifiPowerLevelsW,
    loraBandwidthHz: c.loraBandwidthHz,
    wifiBandwidthHz: c.wifiBandwidthHz,
    loraNoiseW: d.loraNoiseW,
    wifiNoiseW: d.wifiNoiseW,
    loraThreshold: d.loraThreshold,
    wifiThreshold: d.wifiThreshold,
    cyclesPerBit: c.cyclesPerBit,
    localJoulesPerCycle: d.localJoulesPerCycle,
    edgeJoulesPerCycle: d.edgeJoulesPerCycle,
    edgeCpuHz: c.edgeCpuHz,
    beta: c.beta,
    edgeCapacity: d.edgeCapacity,
    waitingCost: c.waitingCost,
    failurePenalty: c.failurePenalty,
    delayCap: c.delayCap,
    wAllCounts: c.wAllCounts,
  });
}

/** The iot-multi-rat environment (see the file header and spec 04). */
export class IotMultiRatEnv implements ParallelEnv<string, number, number, IotMultiRatState, IotMultiRatResetOptions> {
  readonly id = IOT_MULTI_RAT_ID;
  readonly config: IotMultiRatConfig;
  readonly dims: IotMultiRatDims;
  readonly params: SlotParams;
  readonly possibleAgents: readonly string[];
  readonly maxEpisodeSteps: number;
  /** Outcome of the last step; null before the first step after reset/setState. */
  lastSlot: SlotOutcome | null = null;
  /** Choices of the last step (decoded actions), or null. */
  lastChoices: readonly IotChoice[] | null = null;

  private readonly obsSpace: Discrete;
  private readonly actSpace: Discrete;
  private readonly distances: Float64Array;
  private readonly userCpu: Float64Array;
  private readonly largeScale: Float64Array;
  private readonly fading: Float64Array;
  private readonly taskBits: Float64Array;
  private readonly states: Int32Array;
  private readonly episode: Episode;

  constructor(config: IotMultiRatConfigInput = {}) {
    this.config = resolveIotMultiRatConfig(config);
    const c = this.config;
    this.dims = iotMultiRatDims(c);
    this.params = iotSlotParams(c, this.dims);
    const U = c.numUsers;
    this.possibleAgents = checkAgentIds(this.id, Array.from({ length: U }, (_, i) => iotAgentId(i)));
    this.maxEpisodeSteps = c.episodeLength;
    this.obsSpace = new Discrete(this.dims.numStates);
    this.actSpace = new Discrete(this.dims.numActions);
    const topo = drawIotTopology(deriveStream(c.seed, IOT_TOPOLOGY_STREAM), c);
    this.distances = topo.distances;
    this.userCpu = topo.userCpuHz;
    this.largeScale = new Float64Array(U);
    this.setLargeScale();
    this.fading = new Float64Array(U * this.dims.numChannels);
    this.taskBits = new Float64Array(U);
    this.states = new Int32Array(U).fill(INITIAL_STATE);
    this.episode = new Episode(this.id, this.maxEpisodeSteps, c.seed);
  }

  /** All agents while an episode runs; empty before the first reset and after truncation. */
  get agents(): readonly string[] {
    return this.episode.status === 'running' ? this.possibleAgents : [];
  }

  observationSpace(agent: string): Space<number> {
    this.agentIndex(agent, 'observationSpace');
    return this.obsSpace;
  }

  actionSpace(agent: string): Space<number> {
    this.agentIndex(agent, 'actionSpace');
    return this.actSpace;
  }

  /** Copies of the per-user distances (m), CPUs (cycle/s) and large-scale gains d^(−a). */
  getTopology(): { readonly distances: Float64Array; readonly userCpuHz: Float64Array; readonly largeScale: Float64Array } {
    return { distances: this.distances.slice(), userCpuHz: this.userCpu.slice(), largeScale: this.largeScale.slice() };
  }

  /** The current slot's information (copies): what the centralized gateway knows. */
  slotInfo(): Omit<SlotInput, 'choices'> {
    return { largeScale: this.largeScale.slice(), fading: this.fading.slice(), taskBits: this.taskBits.slice(), userCpuHz: this.userCpu.slice() };
  }

  /** Current local states (a copy), in agent order. */
  currentStates(): Int32Array {
    return this.states.slice();
  }

  /** The current local state of `agent` (its observation); throws before the first reset/setState. */
  observe(agent: string): number {
    const i = this.agentIndex(agent, 'observe');
    this.episode.checkHasState('observe');
    return this.states[i] as number;
  }

  /** Decode an action index with this env's layout. */
  decode(action: number): IotChoice {
    return decodeIotAction(action, this.params);
  }

  reset(opts: ResetOptions<IotMultiRatResetOptions> = {}): ParallelResetResult<string, number> {
    const owner = `${this.id}.reset`;
    if (opts.options !== undefined) noUnknownKeys(owner, 'options', record(owner, 'options', opts.options), []);
    const rng = this.episode.begin(opts.seed);
    this.drawSlot(rng);
    this.states.fill(INITIAL_STATE);
    this.lastSlot = null;
    this.lastChoices = null;
    const agents = this.possibleAgents;
    return { obs: agentRecord(agents, (_, i) => this.states[i] as number), infos: agentRecord(agents, (): Info => ({})) };
  }

  step(actions: AgentRecord<string, number>): ParallelStepResult<string, number> {
    this.episode.checkCanStep();
    const acting = this.agents;
    validateActions(`${this.id}.step`, acting, this.possibleAgents, (a) => this.actionSpace(a), actions);
    const choices = acting.map((agent) => this.decode(actions[agent] as number));
    const out = evaluateSlot({ largeScale: this.largeScale, fading: this.fading, taskBits: this.taskBits, userCpuHz: this.userCpu, choices }, this.params);
    const truncated = this.episode.finishStep(false);
    this.states.set(out.nextState);
    this.drawSlot(this.episode.rng);
    this.lastSlot = out;
    this.lastChoices = choices;
    return {
      obs: agentRecord(acting, (_, i) => this.states[i] as number),
      rewards: agentRecord(acting, (_, i) => -(out.cost[i] as number)),
      terminations: agentRecord(acting, () => false),
      truncations: agentRecord(acting, () => truncated),
      infos: agentRecord(acting, (_, i): Info => ({ cost: out.cost[i] as number, success: out.success[i] as number, offloaded: choices[i]!.kind === 'local' ? 0 : 1 })),
    };
  }

  /** Step with one action index per user given as an array in agent order (the experiment's fast path; same as `step`). */
  stepArray(actions: ArrayLike<number>): ParallelStepResult<string, number> {
    if (actions.length !== this.config.numUsers) fail(`${this.id}.stepArray`, 'actions.length', `${this.config.numUsers}`, actions.length);
    return this.step(agentRecord(this.possibleAgents, (_, i) => actions[i] as number));
  }

  getState(): IotMultiRatState {
    return {
      id: this.id,
      numUsers: this.config.numUsers,
      numChannels: this.dims.numChannels,
      distances: Array.from(this.distances),
      userCpuHz: Array.from(this.userCpu),
      fading: Array.from(this.fading),
      taskBits: Array.from(this.taskBits),
      states: Array.from(this.states),
      ...this.episode.toJSON(),
    };
  }

  /** Restore a snapshot (validated: sizes must match this env, values finite and positive where required). */
  setState(state: IotMultiRatState): void {
    const owner = `${this.id}.setState`;
    const s = record(owner, 'state', state);
    if (s['id'] !== this.id) fail(owner, 'state.id', JSON.stringify(this.id), s['id']);
    const U = this.config.numUsers, C = this.dims.numChannels;
    integerIn(owner, 'state.numUsers', s['numUsers'], U, U);
    integerIn(owner, 'state.numChannels', s['numChannels'], C, C);
    const distances = vector(owner, 'state.distances', s['distances'], U, 'a finite number > 0', (x) => x > 0);
    const cpu = vector(owner, 'state.userCpuHz', s['userCpuHz'], U, 'a finite number > 0', (x) => x > 0);
    const fading = vector(owner, 'state.fading', s['fading'], U * C, 'a finite number >= 0', (x) => x >= 0);
    const taskBits = vector(owner, 'state.taskBits', s['taskBits'], U, 'a finite number >= 0', (x) => x >= 0);
    const states = vector(owner, 'state.states', s['states'], U, 'an integer in [0, 7]', (x) => Number.isInteger(x) && x >= 0 && x <= 7);
    this.episode.restore(owner, s);
    this.distances.set(distances);
    this.userCpu.set(cpu);
    this.setLargeScale();
    this.fading.set(fading);
    this.taskBits.set(taskBits);
    this.states.set(states);
    this.lastSlot = null;
    this.lastChoices = null;
  }

  private setLargeScale(): void {
    for (let i = 0; i < this.config.numUsers; i++) this.largeScale[i] = powerLawGain(this.distances[i] as number, this.config.pathLossExponent);
  }

  /** Draw one slot's fading and tasks (order in the file header). */
  private drawSlot(rng: Rng): void {
    fillRayleighPowerGains(rng, this.fading, this.dims.fadingMean);
    const [lo, hi] = this.config.taskBits;
    for (let i = 0; i < this.config.numUsers; i++) this.taskBits[i] = uniform(rng, lo, hi);
  }

  private agentIndex(agent: string, method: string): number {
    const i = this.possibleAgents.indexOf(agent);
    if (i < 0) throw new RangeError(`${this.id}.${method}: unknown agent ${JSON.stringify(agent)}; agents are user_0..user_${this.possibleAgents.length - 1}`);
    return i;
  }
}

function vector(owner: string, field: string, value: unknown, length: number, range: string, ok: (x: number) => boolean): Float64Array {
  const what = `an array of ${length} numbers, each ${range}`;
  if (!Array.isArray(value)) fail(owner, field, what, value, true);
  if (value.length !== length) fail(owner, field, what, value);
  const out = new Float64Array(length);
  value.forEach((v: unknown, i) => {
    out[i] = finiteWhere(owner, `${field}[${i}]`, v, range, ok);
  });
  return out;
}

/** Create an iot-multi-rat env (`new IotMultiRatEnv(config)`). */
export function iotMultiRat(config: IotMultiRatConfigInput = {}): IotMultiRatEnv {
  return new IotMultiRatEnv(config);
}
