// The `smart-community` environment (spec 05 §2.2, §3): m communities, one agent each
// (`community_0..community_{m−1}`), n EDs per community with FCFS buffers, batteries charged by an
// energy packet, binary offloading to the community's MEC server. One env step = one sub-slot.
//
// Time: sub-slot t (0 ≤ t < H·T) starts at t·τ_s; every time in the env is an index times τ_s or
// such a time plus a duration, so "free at the next sub-slot" compares exactly. A task's waiting
// time at sub-slot t is `t·τ_s − g·τ_s` (g = its generation sub-slot), the common task buffer's
// `nowS − generatedAtS`.
//
// Sub-slot t, as observed (prepared at reset for t = 0, at the end of step t − 1 otherwise):
//   1. at time-slot starts (t mod T = 0) every ED gets its tasks (A7): one, or Poisson(arrivalMean);
//   2. reservations whose end ≤ t·τ_s are released; tasks that have waited MORE than T_d time out
//      (resolution 2; reward −q_p, no energy, counted in step t);
//   3. channel gains g ~ Exp(1) are drawn for every ED.
// Step t (the agents act):
//   4. every idle ED (free, head task present) applies its α; outcomes are settled at once
//      (model.ts `settleSubSlot`, against b(t) before the harvest);
//   5. b ← min(max(b + e_t − charge, 0), b_max) for every ED (eqs. 8–13);
//   6. reward = rewardScale · Σ (19) over the tasks settled in this sub-slot (time-outs of step 2
//      included); the episode is truncated after H·T steps (no terminal state).
//
// Random draws [choice of order; the spec fixes only what is drawn when]:
//   per run (deriveStream(seed, 'smart-community', 'devices')), at construction: for community i = 0..m−1:
//     for ED j = 0..n−1: P_ij ~ U[txPowerW], f_ij ~ U[deviceCpuHz]; then q_t ~ U[qT], q_e ~ U[qE], q_p ~ U[qP];
//   per episode (the env generator, reseeded by reset({ seed })): l_ij ~ U[distanceM] for i, then j;
//   per time-slot start: for i, for j: (poisson: k ~ Poisson(arrivalMean)), then k × (D ~ U[dataBits],
//     C ~ U[cycles]·communityTaskScale_i);
//   per sub-slot: g_ij ~ Exp(1) for i, then j (after the arrivals).
// Resource models: `reservation` (default) holds w·B_avail until the upload ends and β·F_avail until
// execution ends (from the decision); a failed offload releases both at the next sub-slot
// (resolution 1). `perSubslot`: every sub-slot shares all of B and F, nothing is held.
// Tasks never decided by the end of the episode have no outcome (`countUnfinishedAsFailed: false`).
// Out-of-range actions in `step` (an element outside [−1, 1]): rejected by default (`actionBounds:
// 'error'`, the convention of every paper env: `step` throws naming the agent, the index and the
// bound, and the env is unchanged); `actionBounds: 'clip'` clips them to [−1, 1] before decoding (an
// in-range action is used as is). `decode` does not check its input (its callers pass actions in
// range); `stepDecisions` checks its decisions.
// `observe` throws before the first reset()/setState().

import { createTaskBuffer, energyPacketHarvest, fillRayleighPowerGains, updateBattery, type TaskBuffer } from '../common/index.js';
import { deriveStream, poisson, uniform, type Rng, type RngState } from '../../random/index.js';
import {
  Box,
  agentRecord,
  boundAction,
  checkAgentIds,
  validateActions,
  type ActionBoundsMode,
  type AgentRecord,
  type EpisodeStatus,
  type Info,
  type ParallelEnv,
  type ParallelResetResult,
  type ParallelStepResult,
  type ResetOptions,
  type Space,
} from '../../rl/index.js';
import { fail, finiteWhere, integerIn, noUnknownKeys, record } from '../check.js';
import { Episode } from '../episode.js';
import {
  SMART_COMMUNITY_ID,
  resolveSmartCommunityConfig,
  smartCommunityDims,
  type SmartCommunityConfig,
  type SmartCommunityConfigInput,
  type SmartCommunityDims,
} from './config.js';
import { decodeCommunityAction, settleSubSlot, type CommunityDecision, type SettleParams, type SubSlotInput, type TaskOutcome } from './model.js';

/** Label of the per-run stream (P, f, q): `deriveStream(seed, 'smart-community', 'devices')`. */
export const SMART_COMMUNITY_DEVICE_STREAM = 'devices';

/** Agent id of community i. */
export const smartCommunityAgentId = (i: number): string => `community_${i}`;

/** A task waiting in an ED buffer. */
export interface CommunityTask {
  /** Generation time g·τ_s [s]. */
  readonly generatedAtS: number;
  readonly dataBits: number;
  readonly cycles: number;
}

interface Reservation {
  readonly hz: number;
  readonly untilS: number;
}

/** Per-community counts and sums of one step (infos; summed by the experiment's metrics). */
export interface CommunityStepMetrics {
  /** Tasks with an outcome in this step (decided + timed out). */
  readonly decided: number;
  readonly successes: number;
  readonly failDeadline: number;
  readonly failBattery: number;
  readonly failTimeout: number;
  /** Failures that violated both C2 and C3 (counted in failDeadline). */
  readonly failBoth: number;
  readonly failUpload: number;
  readonly failMec: number;
  readonly offloaded: number;
  readonly local: number;
  /** Offloaded tasks kept queued by `minShare`. */
  readonly queuedByShare: number;
  readonly sumBeta: number;
  readonly sumWaitS: number;
  readonly sumDelayS: number;
  readonly sumNominalEnergyJ: number;
  readonly sumChargedEnergyJ: number;
  /** Tasks generated in this step's sub-slot. */
  readonly arrivals: number;
  /** The step reward (after rewardScale). */
  readonly reward: number;
}

/** JSON snapshot of the env. */
export interface SmartCommunityState {
  readonly id: string;
  readonly numCommunities: number;
  readonly devicesPerCommunity: number;
  readonly txPowerW: readonly number[];
  readonly cpuHz: readonly number[];
  readonly q: readonly number[];
  readonly distanceM: readonly number[];
  readonly gain: readonly number[];
  readonly battery: readonly number[];
  readonly busyUntilS: readonly number[];
  readonly buffers: readonly (readonly CommunityTask[])[];
  readonly bandwidthHeld: readonly (readonly Reservation[])[];
  readonly computeHeld: readonly (readonly Reservation[])[];
  /** Time-outs of the current sub-slot, per community: [count, Σ wait, Σ reward (unscaled)]. */
  readonly pendingTimeouts: readonly (readonly number[])[];
  readonly arrivalsNow: readonly number[];
  readonly steps: number;
  readonly status: EpisodeStatus;
  readonly rng: RngState;
}

/** Per-ED values for the baselines (greedy) and counterfactuals. */
export type { SubSlotInput };

export class SmartCommunityEnv implements ParallelEnv<string, Float64Array, Float64Array, SmartCommunityState> {
  readonly id = SMART_COMMUNITY_ID;
  readonly config: SmartCommunityConfig;
  readonly dims: SmartCommunityDims;
  readonly possibleAgents: readonly string[];
  readonly maxEpisodeSteps: number;
  /** Out-of-range actions in `step`: 'error' (default, throws) or 'clip' (see `SmartCommunityConfig.actionBounds`). */
  readonly actionBounds: ActionBoundsMode;
  /** Per community, the outcomes settled in the last step (decided tasks; time-outs are in the metrics). */
  lastOutcomes: TaskOutcome[][] = [];
  /** Per community, the metrics of the last step (null before the first step after reset/setState). */
  lastStepMetrics: CommunityStepMetrics[] | null = null;

  private readonly obsSpace: Box;
  private readonly actSpace: Box;
  private readonly settle: SettleParams;
  /** Per ED (index i·n + j). */
  private readonly txPowerW: Float64Array;
  private readonly cpuHz: Float64Array;
  private readonly distanceM: Float64Array;
  private readonly gain: Float64Array;
  private readonly battery: Float64Array;
  private readonly busyUntilS: Float64Array;
  private buffers: TaskBuffer<CommunityTask>[];
  /** Per community: q_t, q_e, q_p. */
  private readonly q: Float64Array;
  private bandwidthHeld: Reservation[][];
  private computeHeld: Reservation[][];
  private pendingTimeouts: number[][];
  private arrivalsNow: number[];
  private readonly episode: Episode;

  constructor(config: SmartCommunityConfigInput = {}) {
    const c = (this.config = resolveSmartCommunityConfig(config));
    const d = (this.dims = smartCommunityDims(c));
    const m = d.numCommunities, n = d.devices, N = m * n;
    this.possibleAgents = checkAgentIds(this.id, Array.from({ length: m }, (_, i) => smartCommunityAgentId(i)));
    this.maxEpisodeSteps = d.episodeSteps;
    this.actionBounds = this.config.actionBounds;
    this.obsSpace = new Box({ low: 0, high: Infinity, shape: [d.obsDim] });
    this.actSpace = new Box({ low: -1, high: 1, shape: [d.actDim] });
    this.settle = {
      capacitance: c.capacitance,
      noisePowerW: c.noisePowerW,
      mecPowerW: c.mecPowerW,
      minShare: c.minShare,
      eq13Mode: c.eq13Mode,
      chargeMecEnergyToDevice: c.chargeMecEnergyToDevice,
      failureReward: c.failureReward,
    };
    this.txPowerW = new Float64Array(N);
    this.cpuHz = new Float64Array(N);
    this.q = new Float64Array(3 * m);
    const dev = deriveStream(c.seed, SMART_COMMUNITY_ID, SMART_COMMUNITY_DEVICE_STREAM);
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        this.txPowerW[i * n + j] = uniform(dev, c.txPowerW[0], c.txPowerW[1]);
        this.cpuHz[i * n + j] = uniform(dev, c.deviceCpuHz[0], c.deviceCpuHz[1]);
      }
      this.q[3 * i] = uniform(dev, c.qT[0], c.qT[1]);
      this.q[3 * i + 1] = uniform(dev, c.qE[0], c.qE[1]);
      this.q[3 * i + 2] = uniform(dev, c.qP[0], c.qP[1]);
    }
    this.distanceM = new Float64Array(N);
    this.gain = new Float64Array(N);
    this.battery = new Float64Array(N);
    this.busyUntilS = new Float64Array(N);
    this.buffers = Array.from({ length: N }, () => createTaskBuffer<CommunityTask>());
    this.bandwidthHeld = Array.from({ length: m }, () => []);
    this.computeHeld = Array.from({ length: m }, () => []);
    this.pendingTimeouts = Array.from({ length: m }, () => [0, 0, 0]);
    this.arrivalsNow = new Array<number>(m).fill(0);
    this.episode = new Episode(this.id, this.maxEpisodeSteps, c.seed);
  }

  get agents(): readonly string[] {
    return this.episode.status === 'running' ? this.possibleAgents : [];
  }

  /** Box [0, ∞)^{obsDim} (features are scaled, but swept ranges may exceed 1), the same object for every agent. */
  observationSpace(agent: string): Space<Float64Array> {
    this.agentIndex(agent, 'observationSpace');
    return this.obsSpace;
  }

  /** Box [−1, 1]^{3n} (tanh outputs), the same object for every agent. */
  actionSpace(agent: string): Space<Float64Array> {
    this.agentIndex(agent, 'actionSpace');
    return this.actSpace;
  }

  /** Current sub-slot index t (= steps taken in this episode). */
  get subSlot(): number {
    return this.episode.steps;
  }

  /** Per-run draws, copies: P [W], f [cycle/s] per ED (i·n + j), q per community [q_t, q_e, q_p]. */
  deviceParameters(): { readonly txPowerW: Float64Array; readonly cpuHz: Float64Array; readonly q: Float64Array } {
    return { txPowerW: this.txPowerW.slice(), cpuHz: this.cpuHz.slice(), q: this.q.slice() };
  }

  reset(opts: ResetOptions<Readonly<Record<string, unknown>>> = {}): ParallelResetResult<string, Float64Array> {
    const owner = `${this.id}.reset`;
    if (opts.options !== undefined) noUnknownKeys(owner, 'options', record(owner, 'options', opts.options), []);
    const rng = this.episode.begin(opts.seed);
    const c = this.config;
    for (let k = 0; k < this.distanceM.length; k++) this.distanceM[k] = uniform(rng, c.distanceM[0], c.distanceM[1]);
    this.battery.fill(c.batteryInitJ ?? c.batteryCapacityJ);
    this.busyUntilS.fill(0);
    this.buffers = this.buffers.map(() => createTaskBuffer<CommunityTask>());
    this.bandwidthHeld = this.bandwidthHeld.map(() => []);
    this.computeHeld = this.computeHeld.map(() => []);
    this.lastStepMetrics = null;
    this.lastOutcomes = [];
    this.prepare(0, rng);
    const agents = this.possibleAgents;
    return { obs: agentRecord(agents, (_, i) => this.observeIndex(i)), infos: agentRecord(agents, (): Info => ({})) };
  }

  /** Decode a raw tanh action of any agent (spec §3). */
  decode(a: ArrayLike<number>): CommunityDecision {
    return decodeCommunityAction(a, this.dims.devices, this.config.shareEpsilon);
  }

  step(actions: AgentRecord<string, Float64Array>): ParallelStepResult<string, Float64Array> {
    this.episode.checkCanStep();
    const bounds = this.actionBounds;
    validateActions(`${this.id}.step`, this.agents, this.possibleAgents, (a) => this.actionSpace(a), actions, bounds);
    return this.apply(this.possibleAgents.map((a) => this.decode(boundAction(this.actSpace, actions[a], bounds))));
  }

  /**
   * Advance one sub-slot with decisions given directly, one per community in agent order (baselines,
   * the branching DQN): `offload` 0/1 and raw weights > 0 (normalised like decoded actions).
   */
  stepDecisions(decisions: readonly CommunityDecision[]): ParallelStepResult<string, Float64Array> {
    const owner = `${this.id}.stepDecisions`;
    this.episode.checkCanStep();
    const m = this.dims.numCommunities, n = this.dims.devices;
    if (!Array.isArray(decisions) || decisions.length !== m) throw new TypeError(`${owner}: decisions must be an array of ${m} CommunityDecision objects (one per community)`);
    decisions.forEach((d, i) => {
      const what = `decisions[${i}]`;
      if (typeof d !== 'object' || d === null) fail(owner, what, 'a CommunityDecision { offload, wRaw, betaRaw }', d, true);
      if (!(d.offload instanceof Uint8Array) || d.offload.length !== n) fail(owner, `${what}.offload`, `a Uint8Array of ${n} values in {0, 1}`, d.offload, true);
      d.offload.forEach((v: number, j: number) => { if (v > 1) fail(owner, `${what}.offload[${j}]`, '0 or 1', v); });
      for (const key of ['wRaw', 'betaRaw'] as const) {
        const v = d[key];
        if (!(v instanceof Float64Array) || v.length !== n) fail(owner, `${what}.${key}`, `a Float64Array of ${n} finite numbers > 0`, v, true);
        v.forEach((x, j) => finiteWhere(owner, `${what}.${key}[${j}]`, x, 'a finite number > 0', (y) => y > 0));
      }
    });
    return this.apply(decisions);
  }

  /** The settlement input of community i at the current sub-slot (copies; for baselines and counterfactuals). */
  subSlotInput(i: number): SubSlotInput {
    integerIn(`${this.id}.subSlotInput`, 'i', i, 0, this.dims.numCommunities - 1);
    return this.inputOf(i, this.episode.steps);
  }

  /** What `decision` would give in community i at the current sub-slot, without changing the env. */
  counterfactual(i: number, decision: CommunityDecision): TaskOutcome[] {
    return settleSubSlot(this.subSlotInput(i), decision, this.settle).outcomes;
  }

  /** The current observation of `agent` (a fresh array); throws before the first reset/setState. */
  observe(agent: string): Float64Array {
    const i = this.agentIndex(agent, 'observe');
    this.episode.checkHasState('observe');
    return this.observeIndex(i);
  }

  getState(): SmartCommunityState {
    return {
      id: this.id,
      numCommunities: this.dims.numCommunities,
      devicesPerCommunity: this.dims.devices,
      txPowerW: Array.from(this.txPowerW),
      cpuHz: Array.from(this.cpuHz),
      q: Array.from(this.q),
      distanceM: Array.from(this.distanceM),
      gain: Array.from(this.gain),
      battery: Array.from(this.battery),
      busyUntilS: Array.from(this.busyUntilS),
      buffers: this.buffers.map((b) => b.toArray().map((t) => ({ ...t }))),
      bandwidthHeld: this.bandwidthHeld.map((r) => r.map((x) => ({ ...x }))),
      computeHeld: this.computeHeld.map((r) => r.map((x) => ({ ...x }))),
      pendingTimeouts: this.pendingTimeouts.map((p) => p.slice()),
      arrivalsNow: this.arrivalsNow.slice(),
      ...this.episode.toJSON(),
    };
  }

  /** Restore a snapshot (validated: sizes must match, values finite, batteries in [0, b_max]). Hand-made states are accepted. */
  setState(state: SmartCommunityState): void {
    const owner = `${this.id}.setState`;
    const s = record(owner, 'state', state);
    if (s['id'] !== this.id) fail(owner, 'state.id', JSON.stringify(this.id), s['id']);
    const m = this.dims.numCommunities, n = this.dims.devices, N = m * n;
    integerIn(owner, 'state.numCommunities', s['numCommunities'], m, m);
    integerIn(owner, 'state.devicesPerCommunity', s['devicesPerCommunity'], n, n);
    const pos = (x: number): boolean => x > 0;
    const nonNeg = (x: number): boolean => x >= 0;
    const txPowerW = vector(owner, 'state.txPowerW', s['txPowerW'], N, pos);
    const cpuHz = vector(owner, 'state.cpuHz', s['cpuHz'], N, pos);
    const q = vector(owner, 'state.q', s['q'], 3 * m, nonNeg);
    const distanceM = vector(owner, 'state.distanceM', s['distanceM'], N, pos);
    const gain = vector(owner, 'state.gain', s['gain'], N, nonNeg);
    const bmax = this.config.batteryCapacityJ;
    const battery = vector(owner, 'state.battery', s['battery'], N, (x) => x >= 0 && x <= bmax);
    const busy = vector(owner, 'state.busyUntilS', s['busyUntilS'], N, nonNeg);
    const bufs = list(owner, 'state.buffers', s['buffers'], N).map((b, k) => createTaskBuffer(list(owner, `state.buffers[${k}]`, b).map((t, z) => task(owner, `state.buffers[${k}][${z}]`, t))));
    const res = (field: string): Reservation[][] => list(owner, field, s[field.slice(6)], m).map((r, i) => list(owner, `${field}[${i}]`, r).map((x, z) => {
      const o = record(owner, `${field}[${i}][${z}]`, x);
      return { hz: finiteWhere(owner, `${field}[${i}][${z}].hz`, o['hz'], 'a finite number >= 0', nonNeg), untilS: finiteWhere(owner, `${field}[${i}][${z}].untilS`, o['untilS'], 'a finite number >= 0', nonNeg) };
    }));
    const bw = res('state.bandwidthHeld'), cpu = res('state.computeHeld');
    const pending = list(owner, 'state.pendingTimeouts', s['pendingTimeouts'], m).map((p, i) => Array.from(vector(owner, `state.pendingTimeouts[${i}]`, p, 3, () => true)));
    const arrivals = Array.from(vector(owner, 'state.arrivalsNow', s['arrivalsNow'], m, nonNeg));
    this.episode.restore(owner, s);
    this.txPowerW.set(txPowerW);
    this.cpuHz.set(cpuHz);
    this.q.set(q);
    this.distanceM.set(distanceM);
    this.gain.set(gain);
    this.battery.set(battery);
    this.busyUntilS.set(busy);
    this.buffers = bufs;
    this.bandwidthHeld = bw;
    this.computeHeld = cpu;
    this.pendingTimeouts = pending;
    this.arrivalsNow = arrivals;
    this.lastStepMetrics = null;
    this.lastOutcomes = [];
  }

  /** Start time of sub-slot t [s]. */
  private timeOf(t: number): number {
    return t * this.dims.subSlotS;
  }

  /** Steps 1–3 of the file header for sub-slot t. */
  private prepare(t: number, rng: Rng): void {
    const c = this.config, m = this.dims.numCommunities, n = this.dims.devices;
    const now = this.timeOf(t);
    this.arrivalsNow.fill(0);
    if (t % c.subSlotsPerSlot === 0) {
      for (let i = 0; i < m; i++) {
        const scale = c.communityTaskScale[i] as number;
        for (let j = 0; j < n; j++) {
          const k = c.arrival === 'perSlot' ? 1 : poisson(rng, c.arrivalMean);
          for (let z = 0; z < k; z++) {
            const dataBits = uniform(rng, c.dataBits[0], c.dataBits[1]);
            const cycles = uniform(rng, c.cycles[0], c.cycles[1]) * scale;
            (this.buffers[i * n + j] as TaskBuffer<CommunityTask>).push({ generatedAtS: now, dataBits, cycles });
          }
          this.arrivalsNow[i] = (this.arrivalsNow[i] as number) + k;
        }
      }
    }
    for (let i = 0; i < m; i++) {
      this.bandwidthHeld[i] = (this.bandwidthHeld[i] as Reservation[]).filter((r) => r.untilS > now);
      this.computeHeld[i] = (this.computeHeld[i] as Reservation[]).filter((r) => r.untilS > now);
      const p = [0, 0, 0];
      for (let j = 0; j < n; j++) {
        for (const task of (this.buffers[i * n + j] as TaskBuffer<CommunityTask>).dropExpired(now, c.deadlineS)) {
          p[0]! += 1;
          p[1]! += now - task.generatedAtS;
          p[2]! += -(this.q[3 * i + 2] as number);
        }
      }
      this.pendingTimeouts[i] = p;
    }
    fillRayleighPowerGains(rng, this.gain);
  }

  private available(i: number): { bw: number; cpu: number } {
    const c = this.config;
    if (c.resourceModel === 'perSubslot') return { bw: c.bandwidthHz, cpu: c.mecCpuHz };
    let bw = c.bandwidthHz, cpu = c.mecCpuHz;
    for (const r of this.bandwidthHeld[i] as Reservation[]) bw -= r.hz;
    for (const r of this.computeHeld[i] as Reservation[]) cpu -= r.hz;
    return { bw: bw > 0 ? bw : 0, cpu: cpu > 0 ? cpu : 0 };
  }

  private inputOf(i: number, t: number): SubSlotInput {
    const c = this.config, n = this.dims.devices, now = this.timeOf(t);
    const head: SubSlotInput['head'][number][] = [];
    for (let j = 0; j < n; j++) {
      const buf = this.buffers[i * n + j] as TaskBuffer<CommunityTask>;
      const task = buf.peek();
      const idle = (this.busyUntilS[i * n + j] as number) <= now;
      head.push(idle && task !== undefined ? { dataBits: task.dataBits, cycles: task.cycles, waitS: now - task.generatedAtS } : null);
    }
    const { bw, cpu } = this.available(i);
    const sl = (a: Float64Array): Float64Array => a.slice(i * n, (i + 1) * n);
    return {
      nowS: now, nextS: this.timeOf(t + 1), subSlotS: this.dims.subSlotS, deadlineS: c.deadlineS, head,
      battery: sl(this.battery), txPowerW: sl(this.txPowerW), cpuHz: sl(this.cpuHz), distanceM: sl(this.distanceM), gain: sl(this.gain),
      bandwidthAvailHz: bw, computeAvailHz: cpu, bandwidthHz: c.bandwidthHz, computeHz: c.mecCpuHz,
      q: { t: this.q[3 * i] as number, e: this.q[3 * i + 1] as number, p: this.q[3 * i + 2] as number },
    };
  }

  private apply(decisions: readonly CommunityDecision[]): ParallelStepResult<string, Float64Array> {
    const c = this.config, n = this.dims.devices;
    const t = this.episode.steps;
    const harvest = energyPacketHarvest(c.harvestJ, t, c.subSlotsPerSlot, c.harvestPer);
    // Settle every community first (pure), then write: a throw leaves the env unchanged.
    const settled = decisions.map((d, i) => settleSubSlot(this.inputOf(i, t), d, this.settle));
    const metrics: CommunityStepMetrics[] = [];
    const rewards: number[] = [];
    settled.forEach(({ outcomes, queued }, i) => {
      const charge = new Float64Array(n);
      let successes = 0, fD = 0, fB = 0, both = 0, fU = 0, fM = 0, off = 0, loc = 0, sumBeta = 0, sumWait = 0, sumDelay = 0, sumNom = 0, sumCh = 0, r = 0;
      for (const o of outcomes) {
        const k = i * n + o.device;
        (this.buffers[k] as TaskBuffer<CommunityTask>).shift();
        this.busyUntilS[k] = o.busyUntilS;
        charge[o.device] = o.deviceChargeJ;
        if (o.alpha === 1) {
          off++;
          sumBeta += o.beta;
          if (c.resourceModel === 'reservation') {
            (this.bandwidthHeld[i] as Reservation[]).push({ hz: o.bandwidthHz, untilS: o.bandwidthUntilS });
            (this.computeHeld[i] as Reservation[]).push({ hz: o.computeHz, untilS: o.computeUntilS });
          }
        } else loc++;
        if (o.success) successes++;
        else if (o.cause === 'deadline') fD++;
        else fB++;
        if (o.bothViolated) both++;
        if (o.failedIn === 'upload') fU++;
        if (o.failedIn === 'mec') fM++;
        sumWait += o.waitS;
        sumDelay += o.delayS;
        sumNom += o.nominalEnergyJ;
        sumCh += o.chargedEnergyJ;
        r += o.reward;
      }
      for (let j = 0; j < n; j++) this.battery[i * n + j] = updateBattery(this.battery[i * n + j] as number, harvest, charge[j] as number, c.batteryCapacityJ);
      const [tc, tw, tr] = this.pendingTimeouts[i] as number[];
      const reward = c.rewardScale * (r + (tr as number));
      rewards.push(reward);
      metrics.push({
        decided: outcomes.length + (tc as number), successes, failDeadline: fD, failBattery: fB, failTimeout: tc as number, failBoth: both,
        failUpload: fU, failMec: fM, offloaded: off, local: loc, queuedByShare: queued.length, sumBeta,
        sumWaitS: sumWait + (tw as number), sumDelayS: sumDelay + (tw as number), sumNominalEnergyJ: sumNom, sumChargedEnergyJ: sumCh,
        arrivals: this.arrivalsNow[i] as number, reward,
      });
    });
    this.lastOutcomes = settled.map((s) => s.outcomes);
    this.lastStepMetrics = metrics;
    const truncated = this.episode.finishStep(false);
    if (!truncated) this.prepare(t + 1, this.episode.rng);
    const agents = this.possibleAgents;
    return {
      obs: agentRecord(agents, (_, i) => this.observeIndex(i)),
      rewards: agentRecord(agents, (_, i) => rewards[i] as number),
      terminations: agentRecord(agents, () => false),
      truncations: agentRecord(agents, () => truncated),
      infos: agentRecord(agents, (_, i): Info => ({ ...(metrics[i] as CommunityStepMetrics) })),
    };
  }

  /** Spec §3 state (17) of community i at the current sub-slot. */
  private observeIndex(i: number): Float64Array {
    const c = this.config, n = this.dims.devices, s = c.obsScale;
    const input = this.inputOf(i, this.episode.steps);
    const o = new Float64Array(this.dims.obsDim);
    for (let j = 0; j < n; j++) {
      const h = input.head[j];
      o[j] = h ? h.dataBits / s.dataBits : 0;
      o[n + j] = h ? h.cycles / s.cycles : 0;
      o[2 * n + j] = (this.battery[i * n + j] as number) / c.batteryCapacityJ;
      o[3 * n + j] = (this.distanceM[i * n + j] as number) / s.distanceM;
    }
    o[4 * n] = input.bandwidthAvailHz / c.bandwidthHz;
    o[4 * n + 1] = input.computeAvailHz / c.mecCpuHz;
    o[4 * n + 2] = input.q.t;
    o[4 * n + 3] = input.q.e;
    o[4 * n + 4] = input.q.p / s.qp;
    if (c.obsMode === 'extended') {
      const now = this.timeOf(this.episode.steps);
      for (let j = 0; j < n; j++) {
        o[4 * n + 5 + j] = this.gain[i * n + j] as number;
        const head = (this.buffers[i * n + j] as TaskBuffer<CommunityTask>).peek();
        o[5 * n + 5 + j] = head === undefined ? 0 : (now - head.generatedAtS) / s.waitS;
      }
    }
    return o;
  }

  private agentIndex(agent: string, method: string): number {
    const i = this.possibleAgents.indexOf(agent);
    if (i < 0) throw new RangeError(`${this.id}.${method}: unknown agent ${JSON.stringify(agent)}; agents are ${this.possibleAgents.join(', ')}`);
    return i;
  }
}

function list(owner: string, field: string, value: unknown, length?: number): unknown[] {
  if (!Array.isArray(value)) fail(owner, field, length === undefined ? 'an array' : `an array of ${length} entries`, value, true);
  if (length !== undefined && value.length !== length) fail(owner, `${field}.length`, `${length}`, value.length);
  return value;
}

function vector(owner: string, field: string, value: unknown, length: number, ok: (x: number) => boolean): Float64Array {
  const v = list(owner, field, value, length);
  return Float64Array.from(v.map((x, k) => finiteWhere(owner, `${field}[${k}]`, x, 'a finite number in range', ok)));
}

function task(owner: string, field: string, value: unknown): CommunityTask {
  const o = record(owner, field, value);
  const pos = (x: number): boolean => x > 0;
  return {
    generatedAtS: finiteWhere(owner, `${field}.generatedAtS`, o['generatedAtS'], 'a finite number >= 0', (x) => x >= 0),
    dataBits: finiteWhere(owner, `${field}.dataBits`, o['dataBits'], 'a finite number > 0', pos),
    cycles: finiteWhere(owner, `${field}.cycles`, o['cycles'], 'a finite number > 0', pos),
  };
}

/** Create a smart-community env. */
export function smartCommunity(config: SmartCommunityConfigInput = {}): SmartCommunityEnv {
  return new SmartCommunityEnv(config);
}
