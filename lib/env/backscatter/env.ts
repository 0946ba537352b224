// `backscatter` — Zhou et al., "Hierarchical Multi-Agent Deep Reinforcement Learning for
// Backscatter-aided Data Offloading": a multi-antenna AP with an MEC server and N wireless-powered
// users that offload actively (RF), passively (backscatter on the AP's carrier) or compute locally.
// Contract: shared/spec/03-backscatter.md. Equations in model.ts, decoding in decode.ts, observations
// in observation.ts, configuration in config.ts, the optimisation module of §4.2 in optimizer.ts.
//
// Agents: `ap` (high level: beams) and `user_0..user_{N−1}` (low level: time and workload splits).
//   ap:     observation Box of dim N(2 + 2M) (24; N(2 + 4M) with includeDownlink), action Box [0,1]^{2MN};
//   user_i: observation Box of dim 2 + 2M + 2 (`extended`, 10) or 2 + 4M (`paper`), action Box [0,1]^5.
//
// Hierarchical protocol (one frame; what Algorithm 1 needs, spec 03 §4.3):
//   1. `apObservation()` → the AP's state s^o of the current frame;
//   2. `setApAction(u)` → the AP's beams for this frame (decoded, stored; may be called again to
//      replace them before step 4);
//   3. `userObservation(i)` → s_i^u, whose `extended` features (r_{b,i}, H_i) are those of the beams
//      just set: the users see what the AP chose;
//   4. `stepUsers([u_0..u_{N−1}])` → evaluates the frame with the stored beams, applies the
//      batteries, draws the next frame and returns rewards, the outcome and the next observations.
//   `evaluate(apAction, userActions)` and `evaluateDecisions(beams, decisions)` return the outcome of
//   any hypothetical joint action of the current frame (rewards, outages, energies) and change
//   nothing (Algorithm 1 evaluates ã_i against â_{−i}; the optimiser's y*). `frame()` copies the
//   current channels, workloads and batteries (the optimiser's input).
//
// ParallelEnv view (for the checker and the generic runner): `step(actions)` is `setApAction(
//   actions.ap)` followed by `stepUsers(users' actions)` — the AP's action is applied first. In a
//   simultaneous step the users cannot see this frame's beams, so the users' observations returned by
//   `reset`/`step`/`observe` (before `setApAction`) carry the `extended` features of the **MRT
//   reference beams** `w_i = h_i/‖h_i‖` of the current channels [R]; after `setApAction` they carry
//   the chosen beams'. Rewards: `ap` gets (11), `user_i` gets (12). No terminal state; every agent is
//   truncated after `episodeLength` frames. `observe`, `userObservation(s)` and `apObservation`
//   throw before the first reset()/setState().
// Out-of-range raw actions (an element outside [0, 1], wherever a raw action enters: `step`,
//   `setApAction`, `stepUsers`, `evaluate`, `decodeUser`): rejected by default (`actionBounds:
//   'error'`, the convention of every paper env: the call throws naming the agent or argument, the
//   index and the bound, and the env is unchanged); `actionBounds: 'clip'` clips them to [0, 1]
//   before decoding (an in-range action is used as is, so both modes agree on valid actions).
//
// Randomness: the env's generator (`envStream(seed, 'backscatter')` until the first seeded reset,
//   then `envStream(resetSeed, 'backscatter')`); per frame, in this order: for each user i = 0..N−1
//   the small-scale `h̃_i ~ CN(0, I_M)` (re[0], im[0], re[1], im[1], …, one lib/random `normal` each,
//   `common/fading.fillComplexGaussian`), then for each user the workload `max(floor, Poisson(λ))`.
//   `h_i = s_h,i·h̃_i` with `s_h,i = sqrt(10^{−L_i/10})`, `L_i = 20 + 20·log10(κ·d_i)`. The next frame
//   is drawn at the end of every step (also the last, so the final observation is valid).
// Battery (§2.4, resolution 4): reset to `batteryInitFraction·E_max`; after a frame
//   `E ← min(E_max, max(0, E + E^h − consumption))` with the full consumption, outage or not.

import type { Rng, RngState } from '../../random/index.js';
import { poisson } from '../../random/index.js';
import type { AgentRecord, EpisodeStatus, Info, ParallelEnv, ParallelResetResult, ParallelStepResult, ResetOptions, Space } from '../../rl/index.js';
import { agentRecord, Box, boundAction, checkAgentIds, validateActions, type ActionBoundsMode } from '../../rl/index.js';
import type { ComplexVector } from '../common/index.js';
import { complexVector, fillComplexGaussian, scaleComplexVector } from '../common/index.js';
import { mrtBeams } from './baselines.js';
import { fail, finiteArray, finiteWhere, integerIn, noUnknownKeys, record } from '../check.js';
import { Episode } from '../episode.js';
import type { BackscatterConfig, BackscatterConfigInput, BackscatterDims } from './config.js';
import { BACKSCATTER_ID, backscatterDims, resolveBackscatterConfig } from './config.js';
import { decodeApAction, decodeUserAction } from './decode.js';
import type { FrameOutcome, UserDecision } from './model.js';
import { beamGainMatrix, evaluateFrame } from './model.js';
import { apObservationBounds, observeAp, observeUser, userObservationBounds } from './observation.js';

/** Agent id of the AP. */
export const BACKSCATTER_AP_AGENT = 'ap';

/** Agent id of user i. */
export function backscatterUserId(i: number): string {
  return `user_${i}`;
}

/** backscatter has no reset options. */
export type BackscatterResetOptions = Readonly<Record<string, never>>;

/** JSON-serialisable snapshot. */
export interface BackscatterState {
  readonly id: typeof BACKSCATTER_ID;
  readonly numUsers: number;
  readonly numAntennas: number;
  /** Small-scale h̃ of the current frame, `[user][antenna]` real parts (length N·M). */
  readonly fadingRe: readonly number[];
  readonly fadingIm: readonly number[];
  /** ℓ_i of the current frame, wu. */
  readonly workloads: readonly number[];
  /** E_i at the current frame's start, J. */
  readonly batteries: readonly number[];
  /** The AP's raw action set for the current frame, or null. */
  readonly apAction: readonly number[] | null;
  readonly steps: number;
  readonly status: EpisodeStatus;
  readonly rng: RngState;
}

/** The current frame (copies). */
export interface BackscatterFrame {
  /** h_i (path loss included). */
  readonly channels: ComplexVector[];
  readonly workloads: Float64Array;
  readonly batteries: Float64Array;
}

/** What `stepUsers` returns. */
export interface BackscatterStepResult {
  readonly outcome: FrameOutcome;
  /** r^o of (11). */
  readonly apReward: number;
  /** r_i^u of (12). */
  readonly userRewards: Float64Array;
  /** True once `episodeLength` frames were stepped. */
  readonly truncated: boolean;
  /** Next frame's AP state. */
  readonly apObs: Float64Array;
  /** Next frame's user observations (MRT reference beams, see the header). */
  readonly userObs: Float64Array[];
}

/** Copy of a complex vector. */
function copyVector(v: ComplexVector): ComplexVector {
  return { re: v.re.slice(), im: v.im.slice() };
}

/** The backscatter environment (see the file header and spec 03). */
export class BackscatterEnv implements ParallelEnv<string, Float64Array, Float64Array, BackscatterState, BackscatterResetOptions> {
  readonly id = BACKSCATTER_ID;
  readonly config: BackscatterConfig;
  readonly dims: BackscatterDims;
  /** `ap`, `user_0`, …, `user_{N−1}`. */
  readonly possibleAgents: readonly string[];
  readonly maxEpisodeSteps: number;
  /** Out-of-range raw actions: 'error' (default, throws) or 'clip' (see `BackscatterConfig.actionBounds`). */
  readonly actionBounds: ActionBoundsMode;
  /** Outcome of the last stepped frame; null after reset/setState. */
  lastOutcome: FrameOutcome | null = null;

  private readonly apObsSpace: Box;
  private readonly apActSpace: Box;
  private readonly userObsSpace: Box;
  private readonly userActSpace: Box;
  private readonly fading: ComplexVector[];
  private readonly channels: ComplexVector[];
  private readonly workloads: Float64Array;
  private readonly batteries: Float64Array;
  private apAction: Float64Array | null = null;
  private beams: ComplexVector[] | null = null;
  private gains: Float64Array;
  private readonly episode: Episode;

  constructor(config: BackscatterConfigInput = {}) {
    this.config = resolveBackscatterConfig(config);
    const c = this.config;
    this.dims = backscatterDims(c);
    const { numUsers: N, numAntennas: M } = this.dims;
    this.possibleAgents = checkAgentIds(this.id, [BACKSCATTER_AP_AGENT, ...Array.from({ length: N }, (_, i) => backscatterUserId(i))]);
    this.maxEpisodeSteps = c.episodeLength;
    this.actionBounds = c.actionBounds;
    this.apObsSpace = new Box(apObservationBounds(c, this.dims));
    this.apActSpace = new Box({ low: 0, high: 1, shape: [this.dims.apActDim] });
    this.userObsSpace = new Box(userObservationBounds(c, this.dims));
    this.userActSpace = new Box({ low: 0, high: 1, shape: [this.dims.userActDim] });
    this.fading = Array.from({ length: N }, () => complexVector(M));
    this.channels = Array.from({ length: N }, () => complexVector(M));
    this.workloads = new Float64Array(N).fill(c.workloadFloor);
    this.batteries = new Float64Array(N).fill(c.physics.batteryInitFraction * c.physics.batteryMax);
    this.gains = new Float64Array(N * N);
    this.episode = new Episode(this.id, this.maxEpisodeSteps, c.seed);
  }

  /** All agents while an episode runs; empty before the first reset and after truncation. */
  get agents(): readonly string[] {
    return this.episode.status === 'running' ? this.possibleAgents : [];
  }

  observationSpace(agent: string): Space<Float64Array> {
    return this.agentIndex(agent, 'observationSpace') === 0 ? this.apObsSpace : this.userObsSpace;
  }

  actionSpace(agent: string): Space<Float64Array> {
    return this.agentIndex(agent, 'actionSpace') === 0 ? this.apActSpace : this.userActSpace;
  }

  reset(opts: ResetOptions<BackscatterResetOptions> = {}): ParallelResetResult<string, Float64Array> {
    const owner = `${this.id}.reset`;
    if (opts.options !== undefined) noUnknownKeys(owner, 'options', record(owner, 'options', opts.options), []);
    const rng = this.episode.begin(opts.seed);
    this.batteries.fill(this.config.physics.batteryInitFraction * this.config.physics.batteryMax);
    this.drawFrame(rng);
    this.lastOutcome = null;
    return { obs: this.observeAll(), infos: agentRecord(this.possibleAgents, (): Info => ({})) };
  }

  // ---- hierarchical protocol ----

  /** The AP's state s^o of the current frame. */
  apObservation(): Float64Array {
    this.episode.checkHasState('apObservation');
    this.episode.checkCanStep();
    return observeAp(this.frameView(), this.config, this.dims);
  }

  /** Set the AP's raw action (beams) for the current frame; checked against [0,1]^{2MN} under `actionBounds`. */
  setApAction(raw: Float64Array): void {
    this.episode.checkCanStep();
    const u = boundAction(this.apActSpace, raw, this.actionBounds, `${this.id}.setApAction: action`);
    this.apAction = Float64Array.from(u);
    this.beams = decodeApAction(u, this.dims.numUsers, this.dims.numAntennas);
    this.gains = beamGainMatrix(this.channels, this.beams);
  }

  /** Copies of the beams set for the current frame, or null before `setApAction`. */
  apBeams(): ComplexVector[] | null {
    return this.beams === null ? null : this.beams.map(copyVector);
  }

  /** User i's observation (features of the beams set for this frame, or of the MRT reference beams). */
  userObservation(i: number): Float64Array {
    this.episode.checkHasState('userObservation');
    integerIn(`${this.id}.userObservation`, 'i', i, 0, this.dims.numUsers - 1);
    return observeUser(i, this.frameView(), this.gains, this.config, this.dims);
  }

  /** Every user's observation, in user order. */
  userObservations(): Float64Array[] {
    return Array.from({ length: this.dims.numUsers }, (_, i) => this.userObservation(i));
  }

  /** Copies of the current frame's channels, workloads and batteries. */
  frame(): BackscatterFrame {
    return { channels: this.channels.map(copyVector), workloads: this.workloads.slice(), batteries: this.batteries.slice() };
  }

  /** Decode user i's raw action with the current workload (checked under `actionBounds`). */
  decodeUser(i: number, raw: Float64Array): UserDecision {
    integerIn(`${this.id}.decodeUser`, 'i', i, 0, this.dims.numUsers - 1);
    const u = boundAction(this.userActSpace, raw, this.actionBounds, `${this.id}.decodeUser: action`);
    return decodeUserAction(u, this.workloads[i] as number, this.config.slotDuration, this.config.scheme);
  }

  /**
   * The outcome of a hypothetical joint raw action in the current frame; changes nothing.
   * @param apAction - the AP's raw action, [0,1]^{2MN}.
   * @param userActions - N raw user actions, each [0,1]^5.
   */
  evaluate(apAction: Float64Array, userActions: readonly Float64Array[]): FrameOutcome {
    const owner = `${this.id}.evaluate`;
    this.episode.checkCanStep();
    const ap = boundAction(this.apActSpace, apAction, this.actionBounds, `${owner}: apAction`);
    const decisions = this.decodeUsers(owner, userActions);
    return this.evaluateDecisions(decodeApAction(ap, this.dims.numUsers, this.dims.numAntennas), decisions);
  }

  /** The outcome of given beams and decoded plans in the current frame; changes nothing. */
  evaluateDecisions(beams: readonly ComplexVector[], decisions: readonly UserDecision[]): FrameOutcome {
    const owner = `${this.id}.evaluateDecisions`;
    const N = this.dims.numUsers;
    if (!Array.isArray(beams) || beams.length !== N) fail(owner, 'beams', `an array of ${N} beams`, beams, !Array.isArray(beams));
    beams.forEach((w, i) => {
      if (!(w?.re instanceof Float64Array) || !(w.im instanceof Float64Array) || w.re.length !== this.dims.numAntennas || w.im.length !== this.dims.numAntennas) {
        fail(owner, `beams[${i}]`, `a ComplexVector of length ${this.dims.numAntennas}`, w, true);
      }
    });
    if (!Array.isArray(decisions) || decisions.length !== N) fail(owner, 'decisions', `an array of ${N} UserDecision`, decisions, !Array.isArray(decisions));
    decisions.forEach((d, i) => this.checkDecision(owner, i, d));
    return evaluateFrame({ channels: this.channels, beams, workloads: this.workloads, batteries: this.batteries, decisions }, this.config);
  }

  /** Step the frame with the users' raw actions and the beams set by `setApAction`. */
  stepUsers(userActions: readonly Float64Array[]): BackscatterStepResult {
    const owner = `${this.id}.stepUsers`;
    this.episode.checkCanStep();
    if (this.beams === null) throw new Error(`${owner}: call setApAction() for this frame before stepUsers()`);
    const decisions = this.decodeUsers(owner, userActions);
    const outcome = evaluateFrame({ channels: this.channels, beams: this.beams, workloads: this.workloads, batteries: this.batteries, decisions }, this.config);
    outcome.users.forEach((u, i) => { this.batteries[i] = u.batteryNext; });
    const truncated = this.episode.finishStep(false);
    this.drawFrame(this.episode.rng);
    this.lastOutcome = outcome;
    return {
      outcome,
      apReward: outcome.apReward,
      userRewards: Float64Array.from(outcome.users, (u) => u.reward),
      truncated,
      apObs: observeAp(this.frameView(), this.config, this.dims),
      userObs: Array.from({ length: this.dims.numUsers }, (_, i) => observeUser(i, this.frameView(), this.gains, this.config, this.dims)),
    };
  }

  // ---- ParallelEnv view ----

  step(actions: AgentRecord<string, Float64Array>): ParallelStepResult<string, Float64Array> {
    this.episode.checkCanStep();
    const acting = this.agents;
    validateActions(`${this.id}.step`, acting, this.possibleAgents, (a) => this.actionSpace(a), actions, this.actionBounds);
    const saved = { apAction: this.apAction, beams: this.beams, gains: this.gains };
    this.setApAction(actions[BACKSCATTER_AP_AGENT] as Float64Array);
    let r: BackscatterStepResult;
    try {
      r = this.stepUsers(acting.slice(1).map((a) => actions[a] as Float64Array));
    } catch (e) {
      this.apAction = saved.apAction;
      this.beams = saved.beams;
      this.gains = saved.gains;
      throw e;
    }
    const o = r.outcome;
    const system: Info = {
      apEnergy: o.apEnergy,
      successRatio: o.successRatio,
      processed: o.processed,
      efficiency: o.efficiency,
      outages: o.users.length - o.users.reduce((s, u) => s + u.success, 0),
    };
    return {
      obs: this.observeAll(),
      rewards: agentRecord(acting, (_, k) => (k === 0 ? r.apReward : (r.userRewards[k - 1] as number))),
      terminations: agentRecord(acting, () => false),
      truncations: agentRecord(acting, () => r.truncated),
      infos: agentRecord(acting, (_, k): Info => (k === 0 ? system : userInfo(o, k - 1))),
    };
  }

  /** The current observation of `agent` (a fresh array); throws before the first reset/setState. */
  observe(agent: string): Float64Array {
    const k = this.agentIndex(agent, 'observe');
    this.episode.checkHasState('observe');
    return k === 0 ? observeAp(this.frameView(), this.config, this.dims) : observeUser(k - 1, this.frameView(), this.gains, this.config, this.dims);
  }

  getState(): BackscatterState {
    return {
      id: this.id,
      numUsers: this.dims.numUsers,
      numAntennas: this.dims.numAntennas,
      fadingRe: this.fading.flatMap((v) => Array.from(v.re)),
      fadingIm: this.fading.flatMap((v) => Array.from(v.im)),
      workloads: Array.from(this.workloads),
      batteries: Array.from(this.batteries),
      apAction: this.apAction === null ? null : Array.from(this.apAction),
      ...this.episode.toJSON(),
    };
  }

  /** Restore a snapshot (validated: sizes must match, values finite, batteries in [0, E_max]). */
  setState(state: BackscatterState): void {
    const owner = `${this.id}.setState`;
    const s = record(owner, 'state', state);
    if (s['id'] !== this.id) fail(owner, 'state.id', JSON.stringify(this.id), s['id']);
    const { numUsers: N, numAntennas: M } = this.dims;
    integerIn(owner, 'state.numUsers', s['numUsers'], N, N);
    integerIn(owner, 'state.numAntennas', s['numAntennas'], M, M);
    const re = vector(owner, 'state.fadingRe', s['fadingRe'], N * M, -Infinity, Infinity);
    const im = vector(owner, 'state.fadingIm', s['fadingIm'], N * M, -Infinity, Infinity);
    const workloads = vector(owner, 'state.workloads', s['workloads'], N, 1, Infinity);
    const batteries = vector(owner, 'state.batteries', s['batteries'], N, 0, this.config.physics.batteryMax);
    const ap = s['apAction'] === null ? null : vector(owner, 'state.apAction', s['apAction'], this.dims.apActDim, 0, 1);
    this.episode.restore(owner, s);
    for (let i = 0; i < N; i++) {
      this.fading[i]!.re.set(re.subarray(i * M, (i + 1) * M));
      this.fading[i]!.im.set(im.subarray(i * M, (i + 1) * M));
    }
    this.workloads.set(workloads);
    this.batteries.set(batteries);
    this.updateChannels();
    if (ap === null) this.clearApAction();
    else {
      this.apAction = ap;
      this.beams = decodeApAction(ap, N, M);
      this.gains = beamGainMatrix(this.channels, this.beams);
    }
    this.lastOutcome = null;
  }

  // ---- internals ----

  /** Draw one frame (order in the file header) and forget the AP's action. */
  private drawFrame(rng: Rng): void {
    const c = this.config;
    for (const v of this.fading) fillComplexGaussian(rng, v, 1);
    for (let i = 0; i < this.dims.numUsers; i++) this.workloads[i] = Math.max(c.workloadFloor, poisson(rng, c.workloadMean));
    this.updateChannels();
    this.clearApAction();
  }

  private updateChannels(): void {
    this.fading.forEach((v, i) => scaleComplexVector(v, this.dims.channelScale[i] as number, this.channels[i]));
  }

  private clearApAction(): void {
    this.apAction = null;
    this.beams = null;
    this.gains = beamGainMatrix(this.channels, mrtBeams(this.channels));
  }

  private frameView(): { channels: ComplexVector[]; workloads: Float64Array; batteries: Float64Array } {
    return { channels: this.channels, workloads: this.workloads, batteries: this.batteries };
  }

  private observeAll(): AgentRecord<string, Float64Array> {
    return agentRecord(this.possibleAgents, (_, k) =>
      k === 0 ? observeAp(this.frameView(), this.config, this.dims) : observeUser(k - 1, this.frameView(), this.gains, this.config, this.dims));
  }

  private decodeUsers(owner: string, userActions: readonly Float64Array[]): UserDecision[] {
    const N = this.dims.numUsers;
    if (!Array.isArray(userActions) || userActions.length !== N) {
      throw new TypeError(`${owner}: userActions must be an array of ${N} Float64Array actions (one per user, in user order)`);
    }
    return userActions.map((raw, i) => {
      const u = boundAction(this.userActSpace, raw, this.actionBounds, `${owner}: userActions[${i}]`);
      return decodeUserAction(u, this.workloads[i] as number, this.config.slotDuration, this.config.scheme);
    });
  }

  private checkDecision(owner: string, i: number, d: UserDecision): void {
    const T = this.config.slotDuration;
    const at = `${owner}: decisions[${i}]`;
    const rec = record(owner, `decisions[${i}]`, d);
    const ta = finiteWhere(at, 'ta', rec['ta'], `a finite number in [0, ${T}]`, (v) => v >= 0 && v <= T);
    finiteWhere(at, 'tb', rec['tb'], `a finite number in [0, T − ta] = [0, ${T - ta}]`, (v) => v >= 0 && v <= T - ta + 1e-12 * T);
    for (const k of ['la', 'lb', 'lc'] as const) finiteWhere(at, k, rec[k], 'a finite number >= 0', (v) => v >= 0);
  }

  private agentIndex(agent: string, method: string): number {
    const i = this.possibleAgents.indexOf(agent);
    if (i < 0) throw new RangeError(`${this.id}.${method}: unknown agent ${JSON.stringify(agent)}; agents are ${this.possibleAgents.join(', ')}`);
    return i;
  }
}

function userInfo(o: FrameOutcome, i: number): Info {
  const u = o.users[i]!;
  return {
    success: u.success,
    ta: u.decision.ta,
    tb: u.decision.tb,
    la: u.decision.la,
    lb: u.decision.lb,
    lc: u.decision.lc,
    activeRate: u.activeRate,
    passiveRate: u.passiveRate,
    harvested: u.harvested,
    consumption: u.consumption,
    batteryNext: u.batteryNext,
    outageUnsent: u.causes.unsent,
    outagePassiveRate: u.causes.passiveRate,
    outageLocalTime: u.causes.localTime,
    outageTxPower: u.causes.txPower,
    outageEnergy: u.causes.energy,
  };
}

function vector(owner: string, field: string, value: unknown, length: number, lo: number, hi: number): Float64Array {
  return finiteArray(owner, field, value, length, ` in [${lo}, ${hi}]`, (x) => x >= lo && x <= hi);
}

/** Create a backscatter env (`new BackscatterEnv(config)`). */
export function backscatter(config: BackscatterConfigInput = {}): BackscatterEnv {
  return new BackscatterEnv(config);
}
