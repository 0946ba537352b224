// Paper 5's federated methods (pfr-oa, mcf-td3) split into one client per community and a
// coordinator, so that each community can train in its own process or machine (cli/queue/
// smartCommunity.ts carries the messages through Redis). The split is the in-process job's driver
// loop (./job.ts) cut at its round boundaries, with the same functions on both sides, so a split
// run equals `runSmartCommunityJob` bit for bit (test/experiments/smart-community-federated.test.ts):
//
//   round e (= training epoch e, 0 ≤ e < P), coordinator → every client: the round command —
//     θ_f (actor, critic1, critic2) and every λ_i when a federated round happens at epoch e
//     (e mod f_p = 0), else nothing;
//   client i: applies θ_f to its own TD3 (`applyFederatedModel`: soft f_q for pfr-oa, replace for
//     mcf-td3) and takes θ_f as its proximal anchor with λ_i; trains epoch e on its own copy of the
//     env (`trainEpoch` with only its slot: the communities do not interact), and uploads
//       - its trace: per sub-slot its 13 step metrics and its gradient step (flag, TD loss, the two
//         proximal terms) — the coordinator needs them to sum the pooled epoch metrics and the
//         partial-greedy scores (mean TD loss since the last round) in the in-process order;
//       - its online models (flat copies) when a round follows (e + 1 mod f_p = 0, e + 1 < P);
//       - its learner's full state after the last epoch (for the evaluation and the saved policy);
//   coordinator: replays the traces sub-slot by sub-slot (`addStep`, the in-process sums), emits the
//     epoch's train row, and for the next round runs `federate` (selection, aggregation, λ update,
//     communication accounting) on the uploaded models (on its own freshly built learners at epoch
//     0: they are the clients' initial weights, from the same (seed, 'init', i) streams).
// After round P − 1 the coordinator loads the clients' final learner states into its own learners
// and evaluates them exactly as the job does (`finishLearnerJob`).

import type { CommunityStepMetrics, SmartCommunityEnv } from '../../lib/env/smart-community/index.js';
import { flatOf } from '../../lib/nn/index.js';
import { INITIAL_LAMBDA_STATE } from '../../lib/federated/index.js';
import type { Rng, RngState } from '../../lib/random/index.js';
import type { StateValue, Td3 } from '../../lib/rl/index.js';
import type { JobContext, JobResult } from '../types.js';
import type { SmartCommunityExperimentConfig } from './config.js';
import {
  Pool,
  addStep,
  applyFederatedModel,
  buildSlots,
  emitTrainEpoch,
  federate,
  fedModelsOf,
  finishLearnerJob,
  initialFedState,
  initialProxSums,
  makeEnv,
  trainEnvSeedOf,
  trainEpoch,
  type CommunitySlot,
  type FedAggregate,
  type FedState,
  type ProxSums,
} from './job.js';

export const FEDERATED_METHODS = ['pfr-oa', 'mcf-td3'] as const;
export type FederatedMethod = (typeof FEDERATED_METHODS)[number];

/** The step metrics a client reports per sub-slot (the fields `Pool.add` sums), in trace order. */
export const TRACE_METRICS = ['reward', 'decided', 'successes', 'failDeadline', 'failBattery', 'failTimeout', 'failBoth', 'offloaded', 'local', 'sumBeta', 'sumWaitS', 'sumNominalEnergyJ', 'sumChargedEnergyJ'] as const;
/** Numbers per sub-slot in a trace: the metrics, then update flag (0/1), TD loss, proximal critic, proximal actor. */
export const TRACE_WIDTH = TRACE_METRICS.length + 4;

/** What the coordinator sends for round e. */
export interface RoundCommand {
  /** θ_f and every community's λ when a federated round happens at epoch e; null otherwise. */
  readonly round: { readonly aggregate: FedAggregate; readonly lambdas: Float64Array } | null;
}

/** What client i uploads after round e. */
export interface ClientUpload {
  /** TRACE_WIDTH numbers per sub-slot of the epoch. */
  readonly trace: Float64Array;
  /** Flat copies of its online groups when a federated round follows; else null. */
  readonly models: FedAggregate | null;
  /** Its learner's state after the last epoch; else null. */
  readonly learner: StateValue | null;
}

export function checkFederatedMethod(owner: string, method: string): FederatedMethod {
  if (!(FEDERATED_METHODS as readonly string[]).includes(method)) throw new RangeError(`${owner}: method '${method}' has no federated rounds; allowed: ${FEDERATED_METHODS.join(', ')}`);
  return method as FederatedMethod;
}

/** Does a federated round happen at the start of epoch `e`? */
export const roundAt = (c: SmartCommunityExperimentConfig, e: number): boolean => e < c.train.epochs && e % c.federated.period === 0;

/** The client of community `client`: its own env copy, learner, replay buffer and streams. */
export class SmartCommunityClient {
  readonly method: FederatedMethod;
  private readonly env: SmartCommunityEnv;
  private readonly slots: (CommunitySlot | null)[];
  private readonly slot: CommunitySlot;
  private readonly td3: Td3;
  private readonly fed: FedState;
  private epoch = 0;
  private step = 0;

  constructor(private readonly c: SmartCommunityExperimentConfig, method: string, private readonly seed: number, readonly client: number) {
    this.method = checkFederatedMethod('SmartCommunityClient', method);
    this.env = makeEnv(c, seed);
    const m = this.env.dims.numCommunities;
    if (!(Number.isInteger(client) && client >= 0 && client < m)) throw new RangeError(`SmartCommunityClient: client must be an integer in [0, ${m - 1}] (one per community), got ${client}`);
    this.fed = initialFedState(m);
    const { slots, td3s } = buildSlots(c, this.method, seed, this.env, this.fed, client);
    this.slots = slots;
    this.slot = slots[client]!;
    this.td3 = td3s[client]!;
  }

  /** The next round this client expects. */
  get round(): number { return this.epoch; }

  /** Applies round `e`'s command, trains epoch e, returns the upload. */
  train(e: number, cmd: RoundCommand): ClientUpload {
    const c = this.c, i = this.client;
    if (e !== this.epoch) throw new RangeError(`SmartCommunityClient ${i}: got round ${e}, expected round ${this.epoch}`);
    if (cmd.round !== null) {
      applyFederatedModel(c, this.method, this.td3, cmd.round.aggregate);
      if (this.method === 'pfr-oa') {
        this.fed.anchors = cmd.round.aggregate;
        this.fed.lambdas = Array.from(cmd.round.lambdas, (lambda) => ({ ...INITIAL_LAMBDA_STATE, lambda }));
      }
    }
    const trace = new Float64Array(this.env.maxEpisodeSteps * TRACE_WIDTH);
    let k = 0;
    this.step = trainEpoch(this.env, this.slots, this.method, c.train, this.step, e === 0 ? trainEnvSeedOf(this.seed) : undefined, (metrics, updates) => {
      const mt = metrics[i]! as unknown as Record<string, number>;
      for (const f of TRACE_METRICS) trace[k++] = mt[f]!;
      const u = updates[i];
      trace[k++] = u === null || u === undefined ? 0 : 1;
      trace[k++] = u?.td ?? 0;
      trace[k++] = u?.proxCritic ?? 0;
      trace[k++] = u?.proxActor ?? 0;
    });
    this.epoch++;
    const models = roundAt(c, this.epoch) ? flatModels(this.td3) : null;
    const learner = this.epoch === c.train.epochs ? this.slot.learner.getState() : null;
    return { trace, models, learner };
  }

  /** Everything needed to continue after the last answered round (a restarted client process). */
  getState(): StateValue {
    return {
      epoch: this.epoch, step: this.step, env: this.env.getState() as unknown as StateValue, learner: this.slot.learner.getState(),
      buffer: this.slot.buffer.getState() as unknown as StateValue, replay: this.slot.replay.getState() as unknown as StateValue,
      anchors: this.fed.anchors === null ? null : { ...this.fed.anchors }, lambdas: this.fed.lambdas.map((l) => l.lambda),
    };
  }

  setState(state: StateValue): void {
    const s = state as unknown as { epoch: number; step: number; env: never; learner: StateValue; buffer: never; replay: RngState; anchors: FedAggregate | null; lambdas: number[] };
    this.env.setState(s.env);
    this.slot.learner.setState(s.learner);
    this.slot.buffer.setState(s.buffer);
    (this.slot.replay as Rng).setState(s.replay);
    this.fed.anchors = s.anchors;
    this.fed.lambdas = s.lambdas.map((lambda) => ({ ...INITIAL_LAMBDA_STATE, lambda }));
    this.epoch = s.epoch;
    this.step = s.step;
  }
}

function flatModels(td3: Td3): FedAggregate {
  const g = fedModelsOf(td3);
  const copy = (p: unknown): Float64Array => flatOf('flatModels', p as Td3['actor']).data.slice();
  return { actor: copy(g.actor), critic1: copy(g.critic1), critic2: copy(g.critic2) };
}

/** The coordinator: rounds, the pooled sums and rows, the final evaluation. */
export class SmartCommunityCoordinator {
  readonly method: FederatedMethod;
  readonly clients: number;
  private readonly env: SmartCommunityEnv;
  private readonly fed: FedState;
  private readonly slots: CommunitySlot[];
  private readonly td3s: Td3[];
  private readonly prox: ProxSums = initialProxSums();
  private readonly trainRewards: number[] = [];
  private models: FedAggregate[] | null = null;
  private roundInfo: Record<string, number> = {};
  private step = 0;
  private next = 0;

  constructor(private readonly c: SmartCommunityExperimentConfig, method: string, private readonly seed: number, private readonly ctx: Pick<JobContext, 'emit' | 'progress'>) {
    this.method = checkFederatedMethod('SmartCommunityCoordinator', method);
    this.env = makeEnv(c, seed);
    this.clients = this.env.dims.numCommunities;
    this.fed = initialFedState(this.clients);
    const built = buildSlots(c, this.method, seed, this.env, this.fed);
    this.slots = built.slots;
    this.td3s = built.td3s;
  }

  get rounds(): number { return this.c.train.epochs; }

  /** Round e's command (runs the federated round of epoch e when one happens). */
  command(e: number): RoundCommand {
    if (e !== this.next) throw new RangeError(`SmartCommunityCoordinator: command for round ${e}, expected round ${this.next}`);
    this.roundInfo = {};
    if (!roundAt(this.c, e)) return { round: null };
    const models = e === 0 ? this.td3s.map(fedModelsOf) : this.models;
    if (models === null) throw new Error(`SmartCommunityCoordinator: round ${e} needs the clients' models, which were not uploaded`);
    const r = federate(this.c, this.method, this.seed, models, this.fed);
    this.roundInfo = r.info;
    this.models = null;
    return { round: { aggregate: r.aggregate, lambdas: Float64Array.from(this.fed.lambdas, (l) => l.lambda) } };
  }

  /** The flat lengths of a community's online groups (the checks of uploads use them). */
  get modelLengths(): { readonly actor: number; readonly critic1: number; readonly critic2: number } {
    const f = flatModels(this.td3s[0]!);
    return { actor: f.actor.length, critic1: f.critic1.length, critic2: f.critic2.length };
  }

  /** The length of client uploads' traces (the checks of cli/queue use it). */
  get traceLength(): number { return this.env.maxEpisodeSteps * TRACE_WIDTH; }

  /** Takes round e's uploads (one per client, in client order): the epoch's sums and train row. */
  absorb(e: number, uploads: readonly ClientUpload[]): void {
    const m = this.clients;
    if (e !== this.next) throw new RangeError(`SmartCommunityCoordinator: uploads for round ${e}, expected round ${this.next}`);
    if (uploads.length !== m) throw new RangeError(`SmartCommunityCoordinator: round ${e} needs ${m} uploads (one per community), got ${uploads.length}`);
    uploads.forEach((u, i) => {
      if (u.trace.length !== this.traceLength) throw new RangeError(`SmartCommunityCoordinator: client ${i}'s trace has ${u.trace.length} numbers, expected ${this.traceLength}`);
      if ((u.models !== null) !== roundAt(this.c, e + 1)) throw new RangeError(`SmartCommunityCoordinator: client ${i} ${u.models === null ? 'sent no models before' : 'sent models without'} a round at epoch ${e + 1}`);
      if ((u.learner !== null) !== (e + 1 === this.rounds)) throw new RangeError(`SmartCommunityCoordinator: client ${i} ${u.learner === null ? 'sent no learner state after the last round' : `sent a learner state after round ${e}`}`);
    });
    const pool = new Pool(m, this.c.env.rewardScale);
    Object.assign(this.prox, { td: 0, critic: 0, actor: 0, updates: 0 });
    const steps = this.env.maxEpisodeSteps;
    for (let s = 0; s < steps; s++) {
      const o = s * TRACE_WIDTH;
      const metrics = uploads.map((u) => {
        const mt: Record<string, number> = {};
        TRACE_METRICS.forEach((f, k) => (mt[f] = u.trace[o + k]!));
        return mt as unknown as CommunityStepMetrics;
      });
      const updates = uploads.map((u) => {
        const b = o + TRACE_METRICS.length;
        return u.trace[b] === 1 ? { td: u.trace[b + 1]!, proxCritic: u.trace[b + 2]!, proxActor: u.trace[b + 3]! } : null;
      });
      addStep(this.prox, this.fed, pool, metrics, updates);
    }
    this.step += steps;
    emitTrainEpoch(this.c, this.method, this.seed, this.ctx, e, this.step, pool, this.prox, this.fed, this.roundInfo, this.trainRewards);
    if (uploads[0]!.models !== null) this.models = uploads.map((u) => u.models!);
    if (e + 1 === this.rounds) uploads.forEach((u, i) => this.slots[i]!.learner.setState(u.learner!));
    this.next++;
  }

  /** After the last round: the evaluation and the job result, as `runSmartCommunityJob` returns them. */
  finish(): JobResult {
    if (this.next !== this.rounds) throw new Error(`SmartCommunityCoordinator: finish after ${this.next} of ${this.rounds} rounds`);
    return finishLearnerJob(this.c, this.method, this.seed, this.ctx, this.env, this.slots.map((s) => s.learner), this.prox, this.fed, this.trainRewards, this.step);
  }
}

/** The split run in one process (coordinator and every client in turn): the reference of the cross-process run. */
export function runSplitInProcess(c: SmartCommunityExperimentConfig, method: string, seed: number, ctx: Pick<JobContext, 'emit' | 'progress'>): JobResult {
  const co = new SmartCommunityCoordinator(c, method, seed, ctx);
  const clients = Array.from({ length: co.clients }, (_, i) => new SmartCommunityClient(c, method, seed, i));
  for (let e = 0; e < co.rounds; e++) {
    const cmd = co.command(e);
    co.absorb(e, clients.map((cl) => cl.train(e, cmd)));
  }
  return co.finish();
}
