// `small-cell` — Huang et al., "Multi-Agent Deep Reinforcement Learning for Computation Offloading
// and Interference Coordination in Small Cell Networks" (IEEE TVT 2021), as a ParallelEnv.
// Contract: shared/spec/01-small-cell.md. Equations in model.ts, decoding in decode.ts, observation
// in observation.ts, topology in topology.ts, metrics in metrics.ts.
//
// Agents: the M SBSs `sbs_0..sbs_{M−1}`, acting simultaneously every slot.
//   observationSpace: Box of length N_m·K + K + 3·N_m (observation.ts; bounds per obsNorm);
//   actionSpace:      Box [0, 1]^{N_m(K+3)} (`scores`) or [0, 1]^{4·N_m} (`index`) (decode.ts).
// Randomness:
//   - topology ('perRun', default): drawn once in the constructor from deriveStream(seed, 'topology');
//     'perEpisode': redrawn at every reset from the env's generator (before slot 0's draws);
//   - fading and tasks: the env's own generator (envStream(seed, 'small-cell') until the first seeded
//     reset, then envStream(resetSeed, 'small-cell')); per slot, in this order: all N·M·K Rayleigh
//     power gains |g|² ~ Exp(1) (`[ue][sbs][channel]`, open-interval uniforms, never 0), then per UE
//     j = 0..N−1: d ~ U[d_min, d_max) bit, c ~ U[c_min, c_max) cycle/bit; ω = c·d; T̃ = 0.9·ω/C_n.
// One step (slot t):
//   1. validate and decode every agent's action (or take decisions directly: `stepDecisions`);
//   2. evaluate the slot with slot t's gains and tasks (model.evaluateSlot): interference from the
//      other cells' transmitters, rates, delays, energies, V_n, R_m^FL, R^Co;
//   3. rewards: `cooperative` ⇒ every agent gets R^Co = Σ_m R_m^FL (eq. 12); `local` ⇒ R_m^FL (eq. 23);
//   4. the interference measured at each SBS becomes next slot's I_m ('previousSlot'), or stays 0;
//   5. draw slot t+1's gains and tasks (also on the last step, so the final observation is valid for
//      bootstrapping); no terminal state; truncation at `episodeLength`.
// Out-of-range actions (an element outside [0, 1]): rejected by default (`actionBounds: 'error'`,
// the convention of every paper env: `step` throws naming the agent, index and bound, and the env
// is unchanged); `actionBounds: 'clip'` clips them to [0, 1] before decoding.
// infos[sbs_m] after a step: the cell's metrics plus `system` (metrics.ts); after reset: {}.
// `lastStepMetrics` holds the same objects (null after reset/setState).

import type { Rng, RngState } from '../../random/index.js';
import { deriveStream, uniform } from '../../random/index.js';
import type { AgentRecord, EpisodeStatus, Info, ParallelEnv, ParallelResetResult, ParallelStepResult, ResetOptions, Space } from '../../rl/index.js';
import { agentRecord, Box, boundAction, checkAgentIds, validateActions, type ActionBoundsMode } from '../../rl/index.js';
import { fillRayleighPowerGains } from '../common/index.js';
import { fail, finiteArray, integerIn, noUnknownKeys, record } from '../check.js';
import { Episode } from '../episode.js';
import type { SmallCellConfig, SmallCellConfigInput, SmallCellDims } from './config.js';
import { resolveSmallCellConfig, SMALL_CELL_ID, smallCellDims } from './config.js';
import type { CellDecision } from './decode.js';
import { decodeCellAction, validateCellDecision } from './decode.js';
import type { SmallCellInfo, SmallCellStepMetrics } from './metrics.js';
import { buildStepMetrics } from './metrics.js';
import type { ModelParams } from './model.js';
import { evaluateSlot, taskDeadline } from './model.js';
import type { ObservationParams } from './observation.js';
import { observationBounds, observeCell } from './observation.js';
import type { SmallCellTopology } from './topology.js';
import { drawTopology, largeScaleGains } from './topology.js';

/** Label of the topology stream: `deriveStream(config.seed, 'topology')`. */
export const SMALL_CELL_TOPOLOGY_STREAM = 'topology';

/** Agent id of SBS m. */
export function smallCellAgentId(m: number): string {
  return `sbs_${m}`;
}

/** small-cell has no reset options. */
export type SmallCellResetOptions = Readonly<Record<string, never>>;

/** JSON-serialisable snapshot of a SmallCellEnv (flat arrays, UE j = m·N_m + n). */
export interface SmallCellState {
  readonly id: typeof SMALL_CELL_ID;
  readonly numCells: number;
  readonly uesPerCell: number;
  readonly numChannels: number;
  /** SBS positions [x0, y0, …], m (length 2M). */
  readonly sbsPositions: readonly number[];
  /** UE positions [x0, y0, …], m (length 2N). */
  readonly uePositions: readonly number[];
  /** Current slot's Rayleigh power gains `[ue][sbs][channel]` (length N·M·K). */
  readonly fading: readonly number[];
  /** Current slot's task sizes d, bit (length N). */
  readonly taskBits: readonly number[];
  /** Current slot's task cycles ω, cycle (length N). T̃ is recomputed from them. */
  readonly taskCycles: readonly number[];
  /** Interference in the current observation, `[sbs][channel]`, W (length M·K). */
  readonly observedInterference: readonly number[];
  readonly steps: number;
  readonly status: EpisodeStatus;
  readonly rng: RngState;
}

/** The small-cell environment (see the file header and spec 01). */
export class SmallCellEnv implements ParallelEnv<string, Float64Array, Float64Array, SmallCellState, SmallCellResetOptions> {
  readonly id = SMALL_CELL_ID;
  readonly config: SmallCellConfig;
  readonly dims: SmallCellDims;
  /** `sbs_0`, …, `sbs_{M−1}`. */
  readonly possibleAgents: readonly string[];
  readonly maxEpisodeSteps: number;
  /** Out-of-range actions: 'error' (default, throws) or 'clip' (see `SmallCellConfig.actionBounds`). */
  readonly actionBounds: ActionBoundsMode;
  /** Metrics of the last step (the same objects as in its infos); null before the first step after reset/setState. */
  lastStepMetrics: SmallCellStepMetrics | null = null;

  private readonly obsSpace: Box;
  private readonly actSpace: Box;
  private readonly modelParams: ModelParams;
  private readonly obsParams: ObservationParams;
  private readonly sbsPos: Float64Array;
  private readonly uePos: Float64Array;
  /** L(d) `[ue][sbs]`, recomputed whenever the topology changes. */
  private largeScale: Float64Array;
  private readonly fading: Float64Array;
  private readonly taskBits: Float64Array;
  private readonly taskCycles: Float64Array;
  private readonly deadline: Float64Array;
  private readonly observedInterference: Float64Array;
  private readonly episode: Episode;

  constructor(config: SmallCellConfigInput = {}) {
    this.config = resolveSmallCellConfig(config);
    const c = this.config;
    this.dims = smallCellDims(c);
    const { numCells: M, numUes: N, numChannels: K } = this.dims;
    this.possibleAgents = checkAgentIds(this.id, Array.from({ length: M }, (_, m) => smallCellAgentId(m)));
    this.maxEpisodeSteps = c.episodeLength;
    this.actionBounds = c.actionBounds;
    this.obsParams = {
      numCells: M,
      uesPerCell: c.uesPerCell,
      numChannels: K,
      obsNorm: c.obsNorm,
      obsDb: c.obsDb,
      taskBitsMax: this.dims.taskBitsMax,
      cyclesMax: this.dims.cyclesMax,
      deadlineMax: this.dims.deadlineMax,
    };
    this.obsSpace = new Box(observationBounds(this.obsParams));
    this.actSpace = new Box({ low: 0, high: 1, shape: [this.dims.actDim] });
    this.modelParams = {
      bandwidthHz: c.bandwidthHz,
      noiseW: this.dims.noiseW,
      ueCpuHz: c.ueCpuHz,
      sbsCpuHz: c.sbsCpuHz,
      ueJoulesPerCycle: c.ueJoulesPerCycle,
      sbsJoulesPerCycle: c.sbsJoulesPerCycle,
      beta: c.beta,
      latencyPenaltyFloor: c.latencyPenaltyFloor,
      maxTxTime: c.maxTxTime,
    };
    const topo = drawTopology(deriveStream(c.seed, SMALL_CELL_TOPOLOGY_STREAM), c);
    this.sbsPos = topo.sbs;
    this.uePos = topo.ue;
    this.largeScale = largeScaleGains(topo, c.minLinkDistance);
    this.fading = new Float64Array(N * M * K);
    this.taskBits = new Float64Array(N);
    this.taskCycles = new Float64Array(N);
    this.deadline = new Float64Array(N);
    this.observedInterference = new Float64Array(M * K);
    this.episode = new Episode(this.id, this.maxEpisodeSteps, c.seed);
  }

  /** All agents while an episode runs; empty before the first reset and after truncation. */
  get agents(): readonly string[] {
    return this.episode.status === 'running' ? this.possibleAgents : [];
  }

  /** The same Box for every agent (bounds in observation.ts). */
  observationSpace(agent: string): Space<Float64Array> {
    this.agentIndex(agent, 'observationSpace');
    return this.obsSpace;
  }

  /** Box [0, 1]^{actDim}, the same object for every agent. */
  actionSpace(agent: string): Space<Float64Array> {
    this.agentIndex(agent, 'actionSpace');
    return this.actSpace;
  }

  /** Copies of the current topology (positions in m) and of its large-scale gains `[ue][sbs]`. */
  getTopology(): SmallCellTopology & { readonly largeScale: Float64Array } {
    return { sbs: this.sbsPos.slice(), ue: this.uePos.slice(), largeScale: this.largeScale.slice() };
  }

  reset(opts: ResetOptions<SmallCellResetOptions> = {}): ParallelResetResult<string, Float64Array> {
    const owner = `${this.id}.reset`;
    if (opts.options !== undefined) noUnknownKeys(owner, 'options', record(owner, 'options', opts.options), []);
    const rng = this.episode.begin(opts.seed);
    if (this.config.topology === 'perEpisode') this.setTopology(drawTopology(rng, this.config));
    this.drawSlot(rng);
    this.observedInterference.fill(0);
    this.lastStepMetrics = null;
    const agents = this.possibleAgents;
    return { obs: agentRecord(agents, (_, m) => this.observeIndex(m)), infos: agentRecord(agents, (): Info => ({})) };
  }

  /** Decode `u` (a raw action of any agent) into the cell's decision, with this env's config. */
  decode(u: ArrayLike<number>): CellDecision {
    return decodeCellAction(u, this.config);
  }

  step(actions: AgentRecord<string, Float64Array>): ParallelStepResult<string, Float64Array> {
    this.episode.checkCanStep();
    const acting = this.agents;
    validateActions(`${this.id}.step`, acting, this.possibleAgents, (a) => this.actionSpace(a), actions, this.actionBounds);
    // 'clip': each action clipped to [0, 1] (the identity on in-range actions); 'error' already threw.
    const decisions = acting.map((agent) => this.decode(boundAction(this.actSpace, actions[agent], this.actionBounds)));
    return this.apply(decisions);
  }

  /**
   * Advance one slot with decisions given directly, one per cell in agent order (the baselines of
   * baselines.ts; any decision satisfying C2–C7, see `validateCellDecision`). Same results, infos
   * and randomness as `step`; the decoder is skipped.
   */
  stepDecisions(decisions: readonly CellDecision[]): ParallelStepResult<string, Float64Array> {
    const owner = `${this.id}.stepDecisions`;
    this.episode.checkCanStep();
    if (!Array.isArray(decisions) || decisions.length !== this.dims.numCells) {
      throw new TypeError(`${owner}: decisions must be an array of ${this.dims.numCells} CellDecision objects (one per agent, in agent order)`);
    }
    decisions.forEach((d, m) => validateCellDecision(`${owner}: decisions[${m}] (${smallCellAgentId(m)})`, d, this.config));
    return this.apply(decisions);
  }

  /** The current observation of `agent` (a fresh array); throws before the first reset/setState. */
  observe(agent: string): Float64Array {
    const m = this.agentIndex(agent, 'observe');
    this.episode.checkHasState('observe');
    return this.observeIndex(m);
  }

  getState(): SmallCellState {
    return {
      id: this.id,
      numCells: this.dims.numCells,
      uesPerCell: this.dims.uesPerCell,
      numChannels: this.dims.numChannels,
      sbsPositions: Array.from(this.sbsPos),
      uePositions: Array.from(this.uePos),
      fading: Array.from(this.fading),
      taskBits: Array.from(this.taskBits),
      taskCycles: Array.from(this.taskCycles),
      observedInterference: Array.from(this.observedInterference),
      ...this.episode.toJSON(),
    };
  }

  /**
   * Restore a snapshot (validated: sizes must match this env, values finite and >= 0). Any
   * topology is accepted (hand-made ones too); its large-scale gains are recomputed.
   */
  setState(state: SmallCellState): void {
    const owner = `${this.id}.setState`;
    const s = record(owner, 'state', state);
    if (s['id'] !== this.id) fail(owner, 'state.id', JSON.stringify(this.id), s['id']);
    const { numCells: M, uesPerCell: Nm, numChannels: K, numUes: N } = this.dims;
    integerIn(owner, 'state.numCells', s['numCells'], M, M);
    integerIn(owner, 'state.uesPerCell', s['uesPerCell'], Nm, Nm);
    integerIn(owner, 'state.numChannels', s['numChannels'], K, K);
    const sbs = vector(owner, 'state.sbsPositions', s['sbsPositions'], 2 * M, false);
    const ue = vector(owner, 'state.uePositions', s['uePositions'], 2 * N, false);
    const fading = vector(owner, 'state.fading', s['fading'], N * M * K, true);
    const taskBits = vector(owner, 'state.taskBits', s['taskBits'], N, true);
    const taskCycles = vector(owner, 'state.taskCycles', s['taskCycles'], N, true);
    const interference = vector(owner, 'state.observedInterference', s['observedInterference'], M * K, true);
    this.episode.restore(owner, s); // validates steps, status and rng before anything changes
    this.setTopology({ sbs, ue });
    this.fading.set(fading);
    this.taskBits.set(taskBits);
    this.taskCycles.set(taskCycles);
    for (let j = 0; j < N; j++) this.deadline[j] = taskDeadline(taskCycles[j] as number, this.config.ueCpuHz, this.config.deadlineFactor);
    this.observedInterference.set(interference);
    this.lastStepMetrics = null;
  }

  private setTopology(topo: SmallCellTopology): void {
    this.sbsPos.set(topo.sbs);
    this.uePos.set(topo.ue);
    this.largeScale = largeScaleGains({ sbs: this.sbsPos, ue: this.uePos }, this.config.minLinkDistance);
  }

  /** Draw one slot's fading and tasks (order in the file header). */
  private drawSlot(rng: Rng): void {
    const c = this.config;
    fillRayleighPowerGains(rng, this.fading);
    const { taskBitsMin, taskBitsMax } = this.dims;
    const [cMin, cMax] = c.cyclesPerBit;
    for (let j = 0; j < this.dims.numUes; j++) {
      const d = uniform(rng, taskBitsMin, taskBitsMax);
      const cyclesPerBit = uniform(rng, cMin, cMax);
      this.taskBits[j] = d;
      this.taskCycles[j] = cyclesPerBit * d;
      this.deadline[j] = taskDeadline(cyclesPerBit * d, c.ueCpuHz, c.deadlineFactor);
    }
  }

  private apply(decisions: readonly CellDecision[]): ParallelStepResult<string, Float64Array> {
    const { numCells, uesPerCell, numChannels } = this.dims;
    // Throws (naming the UE) before any state changes if an offloading UE could not transmit.
    const outcome = evaluateSlot({
      numCells,
      uesPerCell,
      numChannels,
      largeScale: this.largeScale,
      fading: this.fading,
      taskBits: this.taskBits,
      taskCycles: this.taskCycles,
      deadline: this.deadline,
      decisions,
    }, this.modelParams);
    const metrics = buildStepMetrics(this.episode.steps, outcome, decisions, this.deadline);
    const truncated = this.episode.finishStep(false); // no terminal state
    if (this.config.interferenceObs === 'previousSlot') this.observedInterference.set(outcome.interference);
    this.drawSlot(this.episode.rng);
    this.lastStepMetrics = metrics;
    const acting = this.possibleAgents;
    const cooperative = this.config.rewardMode === 'cooperative';
    return {
      obs: agentRecord(acting, (_, m) => this.observeIndex(m)),
      rewards: agentRecord(acting, (_, m) => (cooperative ? outcome.cooperativeReward : (outcome.cellReward[m] as number))),
      terminations: agentRecord(acting, () => false),
      truncations: agentRecord(acting, () => truncated),
      infos: agentRecord(acting, (_, m): Info => ({ ...(metrics.cells[m] as SmallCellStepMetrics['cells'][number]), system: metrics.system } satisfies SmallCellInfo)),
    };
  }

  private observeIndex(m: number): Float64Array {
    return observeCell(m, {
      largeScale: this.largeScale,
      fading: this.fading,
      observedInterference: this.observedInterference,
      taskBits: this.taskBits,
      taskCycles: this.taskCycles,
      deadline: this.deadline,
    }, this.obsParams);
  }

  private agentIndex(agent: string, method: string): number {
    const i = this.possibleAgents.indexOf(agent);
    if (i < 0) throw new RangeError(`${this.id}.${method}: unknown agent ${JSON.stringify(agent)}; agents are ${this.possibleAgents.join(', ')}`);
    return i;
  }
}

function vector(owner: string, field: string, value: unknown, length: number, nonNegative: boolean): Float64Array {
  return finiteArray(owner, field, value, length, nonNegative ? ' >= 0' : '', (x) => !nonNegative || x >= 0);
}

/** Create a small-cell env (`new SmallCellEnv(config)`). */
export function smallCell(config: SmallCellConfigInput = {}): SmallCellEnv {
  return new SmallCellEnv(config);
}
