// Communication accounting: what F-DRL's rounds move, next to what MADDPG's centralised training
// exchanges, so paper 1's signalling claim ("F-DRL needs far less information exchange than
// MA-DRL", §IV-B) is measured, not asserted. Counts are in scalars (parameters or observation /
// action entries); bytes = scalars × `bytesPerScalar` (default 4: float32 on the wire, as a
// deployed system would send; use 8 for float64). No headers, compression or retransmissions.
//
// Federated round (Algorithm 2, eq. 26). Only the AGGREGATED groups count (targets only when
// `aggregateTargets: 'aggregate'`). Each uploader sends one copy of every aggregated group to the
// coordinator; each receiver downloads one copy of every averaged group:
//     upload_m   = Σ_g |θ_g|   if m uploads, else 0
//     download_m = Σ_g |θ_g|   if m receives, else 0
// Loss values uploaded for selection (paper 5) are one scalar each and are not counted.
//
// MADDPG per environment step (Algorithm 1, eqs. 15–18). Model (the default, a lower bound):
//  * every agent m broadcasts its observation o_m and action a_m to every other agent each step,
//    so agent m RECEIVES Σ_{m'≠m} (o_{m'} + a_{m'}) scalars per step (point-to-point links: total
//    traffic = Σ_m received_m; on a shared broadcast medium the sender transmits o_m + a_m once);
//  * next observations: the next observation of step t is the observation of step t+1, already
//    sent (`nextObservation: 'reuse'`), except after the LAST step of an episode, when each agent
//    also receives the others' final observations once per episode (Σ_{m'≠m} o_{m'}); with
//    'separate' each step's transition carries s' explicitly (Σ_{m'≠m} o_{m'} more per step and no
//    per-episode term);
//  * rewards: not counted by default (`includeRewards: false`); with true, the cooperative reward
//    R^Co (eq. 12) needs the M − 1 other local rewards per step (one scalar each);
//  * policy queries: not counted by default. If the actors live at their agents (no central
//    trainer holding copies of all actors), agent m's target y_m (eq. 16) needs μ'_{m'}(s'_{m'}) for
//    every sampled transition: `targetActionQueries: { batchSize: W, updatesPerStep }` adds
//    updatesPerStep · W · Σ_{m'≠m} a_{m'} received scalars per step (the actor step, eq. 18, uses
//    buffer actions for the others, so no query).
// Not counted anywhere: network parameters (MADDPG exchanges none), initial topology, evaluation.

import { checkCount, checkKeys, checkNumber, checkOneOf, fail } from './validate.js';

/** Default wire size of one scalar, in bytes (float32). */
export const DEFAULT_BYTES_PER_SCALAR = 4;

function checkBytes(fn: string, b: unknown): number {
  return checkNumber(fn, 'bytesPerScalar', b, 'a finite number > 0 (bytes)', (x) => Number.isFinite(x) && x > 0);
}

function checkSizes(fn: string, groupSizes: unknown): Array<{ name: string; scalars: number }> {
  if (typeof groupSizes !== 'object' || groupSizes === null || Array.isArray(groupSizes)) {
    fail(fn, 'groupSizes', 'an object { [group]: scalar count }', groupSizes, true);
  }
  return Object.entries(groupSizes as Record<string, unknown>).map(([name, s]) => ({ name, scalars: checkCount(fn, `groupSizes.${name}`, s) }));
}

/** Traffic of one client in one round. */
export interface ClientTraffic {
  /** Scalars sent to the coordinator. */
  readonly uploadScalars: number;
  /** Scalars received from the coordinator. */
  readonly downloadScalars: number;
  /** `uploadScalars × bytesPerScalar`. */
  readonly uploadBytes: number;
  /** `downloadScalars × bytesPerScalar`. */
  readonly downloadBytes: number;
}

/** What one federated round moves. */
export interface RoundCommunication {
  /** Wire size of a scalar [bytes]. */
  readonly bytesPerScalar: number;
  /** The aggregated groups and the scalar count of one copy of each (e.g. `online.actor`). */
  readonly groups: readonly { readonly name: string; readonly scalars: number }[];
  /** Per client, in client order. */
  readonly perClient: readonly ClientTraffic[];
  /** Σ upload over clients [scalars]. */
  readonly uploadScalars: number;
  /** Σ download over clients [scalars]. */
  readonly downloadScalars: number;
  /** upload + download [scalars]. */
  readonly totalScalars: number;
  /** `totalScalars × bytesPerScalar`. */
  readonly totalBytes: number;
}

/** Inputs of {@link roundCommunication}. */
export interface RoundCommunicationInput {
  /** Scalars in one copy of each aggregated group, e.g. `{ actor: 25598, critic: 25473 }`. */
  readonly groupSizes: Readonly<Record<string, number>>;
  /** Number of clients M (≥ 1). */
  readonly clients: number;
  /** Indices of the clients that upload (default all). */
  readonly uploaders?: readonly number[];
  /** Indices of the clients that download the aggregate (default all). */
  readonly receivers?: readonly number[];
  /** Bytes per scalar (default 4). */
  readonly bytesPerScalar?: number;
}

/** Per-client upload/download of one round (see the file header for the model). */
export function roundCommunication(input: RoundCommunicationInput): RoundCommunication {
  const fn = 'roundCommunication';
  if (typeof input !== 'object' || input === null) fail(fn, 'input', 'an object { groupSizes, clients, … }', input, true);
  checkKeys(fn, 'input', input, ['groupSizes', 'clients', 'uploaders', 'receivers', 'bytesPerScalar']);
  const groups = checkSizes(fn, input.groupSizes);
  const M = checkCount(fn, 'clients', input.clients, 1);
  const bps = checkBytes(fn, input.bytesPerScalar ?? DEFAULT_BYTES_PER_SCALAR);
  const member = (field: 'uploaders' | 'receivers'): boolean[] => {
    const list = input[field];
    const flags = new Array<boolean>(M).fill(list === undefined);
    if (list !== undefined) {
      if (!Array.isArray(list)) fail(fn, field, 'an array of client indices', list, true);
      list.forEach((i, k) => {
        checkNumber(fn, `${field}[${k}]`, i, `an integer in [0, ${M - 1}]`, (x) => Number.isSafeInteger(x) && x >= 0 && x < M);
        flags[i] = true;
      });
    }
    return flags;
  };
  const up = member('uploaders'), down = member('receivers');
  const copy = groups.reduce((s, g) => s + g.scalars, 0);
  const perClient = up.map((u, m): ClientTraffic => {
    const uploadScalars = u ? copy : 0, downloadScalars = down[m] ? copy : 0;
    return { uploadScalars, downloadScalars, uploadBytes: uploadScalars * bps, downloadBytes: downloadScalars * bps };
  });
  const uploadScalars = perClient.reduce((s, c) => s + c.uploadScalars, 0);
  const downloadScalars = perClient.reduce((s, c) => s + c.downloadScalars, 0);
  return { bytesPerScalar: bps, groups, perClient, uploadScalars, downloadScalars, totalScalars: uploadScalars + downloadScalars, totalBytes: (uploadScalars + downloadScalars) * bps };
}

/** Choices of the MADDPG signalling model (see the file header). */
export interface MaddpgSignallingOptions {
  /** 'reuse' (default): s'_t is the next step's observation, plus one final observation per episode; 'separate': s' sent with every transition. */
  readonly nextObservation?: 'reuse' | 'separate';
  /** Count the M − 1 other local rewards per step needed for the cooperative reward (default false). */
  readonly includeRewards?: boolean;
  /** Count target-action queries μ'_{m'}(s'_{m'}) for minibatches when actors are distributed (default none). */
  readonly targetActionQueries?: { readonly batchSize: number; readonly updatesPerStep: number } | null;
}

/** What MADDPG's centralised training makes each agent receive. */
export interface MaddpgSignalling {
  /** Scalars agent m receives per environment step, in agent order. */
  readonly perAgentPerStep: readonly number[];
  /** Scalars agent m receives once per episode (final next observations; 0 with 'separate'). */
  readonly perAgentPerEpisode: readonly number[];
  /** Σ_m perAgentPerStep[m]. */
  readonly perStep: number;
  /** Σ_m perAgentPerEpisode[m]. */
  readonly perEpisode: number;
}

function checkDims(fn: string, field: string, dims: unknown, M?: number): readonly number[] {
  if (!Array.isArray(dims)) fail(fn, field, 'an array of non-negative integers, one per agent', dims, true);
  if (dims.length === 0) throw new RangeError(`${fn}: ${field} is empty; need one entry per agent`);
  if (M !== undefined && dims.length !== M) throw new RangeError(`${fn}: ${field} has ${dims.length} entries but obsDims has ${M}`);
  dims.forEach((d: unknown, m) => checkCount(fn, `${field}[${m}]`, d));
  return dims as number[];
}

/**
 * Scalars each MADDPG agent receives during centralised training (see the file header for the
 * exact model). With the defaults, agent m receives Σ_{m'≠m}(o_{m'} + a_{m'}) per step and
 * Σ_{m'≠m} o_{m'} once per episode.
 * @param obsDims - o_m per agent (paper 1: 206 each). @param actDims - a_m per agent (paper 1: 190).
 */
export function maddpgSignalling(obsDims: readonly number[], actDims: readonly number[], options: MaddpgSignallingOptions = {}): MaddpgSignalling {
  const fn = 'maddpgSignalling';
  const o = checkDims(fn, 'obsDims', obsDims);
  const a = checkDims(fn, 'actDims', actDims, o.length);
  if (typeof options !== 'object' || options === null) fail(fn, 'options', 'an object', options, true);
  checkKeys(fn, 'options', options, ['nextObservation', 'includeRewards', 'targetActionQueries']);
  const next = checkOneOf(fn, 'nextObservation', options.nextObservation ?? 'reuse', ['reuse', 'separate'] as const);
  const rewards = options.includeRewards ?? false;
  if (typeof rewards !== 'boolean') fail(fn, 'includeRewards', 'a boolean', rewards, true);
  const q = options.targetActionQueries ?? null;
  let queryFactor = 0;
  if (q !== null) {
    if (typeof q !== 'object') fail(fn, 'targetActionQueries', 'an object { batchSize, updatesPerStep } or null', q, true);
    checkKeys(fn, 'targetActionQueries', q, ['batchSize', 'updatesPerStep']);
    queryFactor = checkCount(fn, 'targetActionQueries.batchSize', q.batchSize, 1)
      * checkNumber(fn, 'targetActionQueries.updatesPerStep', q.updatesPerStep, 'a finite number >= 0', (x) => Number.isFinite(x) && x >= 0);
  }
  const M = o.length;
  const sumO = o.reduce((s, x) => s + x, 0), sumA = a.reduce((s, x) => s + x, 0);
  const perAgentPerStep: number[] = [], perAgentPerEpisode: number[] = [];
  for (let m = 0; m < M; m++) {
    const otherO = sumO - o[m]!, otherA = sumA - a[m]!;
    perAgentPerStep.push(otherO + otherA + (next === 'separate' ? otherO : 0) + (rewards ? M - 1 : 0) + queryFactor * otherA);
    perAgentPerEpisode.push(next === 'reuse' ? otherO : 0);
  }
  return {
    perAgentPerStep,
    perAgentPerEpisode,
    perStep: perAgentPerStep.reduce((s, x) => s + x, 0),
    perEpisode: perAgentPerEpisode.reduce((s, x) => s + x, 0),
  };
}

/** Inputs of {@link signallingPerRun}. */
export interface SignallingPerRunInput {
  /** Observation size o_m per agent (its length is the number of agents M). */
  readonly obsDims: readonly number[];
  /** Action size a_m per agent. */
  readonly actDims: readonly number[];
  /** Training episodes in the run (both methods; paper 1: 1000). */
  readonly episodes: number;
  /** Environment steps per episode (paper 1 [R]: 100). */
  readonly stepsPerEpisode: number;
  /** The federated side: sizes of one copy of each aggregated group and the number of rounds (paper 1 [R]: 100). */
  readonly federated: {
    readonly groupSizes: Readonly<Record<string, number>>;
    readonly rounds: number;
    /** Clients uploading per round (default M). Every client downloads. */
    readonly uploadersPerRound?: number;
  };
  /** MADDPG signalling model choices (defaults: the lower-bound model of the file header). */
  readonly maddpg?: MaddpgSignallingOptions;
  /** Bytes per scalar for both sides (default 4). */
  readonly bytesPerScalar?: number;
}

/** Totals of one method over a run. */
export interface RunTraffic {
  /** Scalars per agent over the run (received + sent to the coordinator for F-DRL; received for MADDPG). */
  readonly perAgentScalars: readonly number[];
  /** Σ over agents [scalars]. */
  readonly scalars: number;
  /** `scalars × bytesPerScalar`. */
  readonly bytes: number;
}

/** F-DRL vs MADDPG signalling over one training run. */
export interface SignallingPerRun {
  readonly bytesPerScalar: number;
  readonly federated: RunTraffic & { readonly rounds: number; readonly perRound: RoundCommunication };
  readonly maddpg: RunTraffic & { readonly steps: number; readonly episodes: number; readonly model: MaddpgSignalling };
  /** maddpg.scalars / federated.scalars (Infinity when F-DRL moves nothing and MADDPG something; NaN if both 0). */
  readonly ratio: number;
}

/**
 * The signalling claim over a run: total scalars and bytes that F-DRL's rounds move (upload +
 * download, every agent downloading, the first `uploadersPerRound` agents uploading) and that
 * MADDPG's centralised training makes the agents receive over `episodes × stepsPerEpisode` steps.
 */
export function signallingPerRun(input: SignallingPerRunInput): SignallingPerRun {
  const fn = 'signallingPerRun';
  if (typeof input !== 'object' || input === null) fail(fn, 'input', 'an object { obsDims, actDims, episodes, stepsPerEpisode, federated, … }', input, true);
  checkKeys(fn, 'input', input, ['obsDims', 'actDims', 'episodes', 'stepsPerEpisode', 'federated', 'maddpg', 'bytesPerScalar']);
  const bps = checkBytes(fn, input.bytesPerScalar ?? DEFAULT_BYTES_PER_SCALAR);
  const episodes = checkCount(fn, 'episodes', input.episodes);
  const stepsPerEpisode = checkCount(fn, 'stepsPerEpisode', input.stepsPerEpisode);
  const model = maddpgSignalling(input.obsDims, input.actDims, input.maddpg ?? {});
  const M = model.perAgentPerStep.length;
  const f = input.federated;
  if (typeof f !== 'object' || f === null) fail(fn, 'federated', 'an object { groupSizes, rounds, uploadersPerRound? }', f, true);
  checkKeys(fn, 'federated', f, ['groupSizes', 'rounds', 'uploadersPerRound']);
  const rounds = checkCount(fn, 'federated.rounds', f.rounds);
  const uploaders = checkNumber(fn, 'federated.uploadersPerRound', f.uploadersPerRound ?? M, `an integer in [0, ${M}]`, (x) => Number.isSafeInteger(x) && x >= 0 && x <= M);
  const perRound = roundCommunication({ groupSizes: f.groupSizes, clients: M, uploaders: Array.from({ length: uploaders }, (_, i) => i), bytesPerScalar: bps });
  const fedPerAgent = perRound.perClient.map((c) => rounds * (c.uploadScalars + c.downloadScalars));
  const steps = episodes * stepsPerEpisode;
  const madPerAgent = model.perAgentPerStep.map((s, m) => steps * s + episodes * model.perAgentPerEpisode[m]!);
  const fedScalars = fedPerAgent.reduce((s, x) => s + x, 0), madScalars = madPerAgent.reduce((s, x) => s + x, 0);
  return {
    bytesPerScalar: bps,
    federated: { rounds, perRound, perAgentScalars: fedPerAgent, scalars: fedScalars, bytes: fedScalars * bps },
    maddpg: { steps, episodes, model, perAgentScalars: madPerAgent, scalars: madScalars, bytes: madScalars * bps },
    ratio: madScalars / fedScalars,
  };
}

/** Totals over several rounds (e.g. every `federatedRound(...).communication` of a run). */
export interface CommunicationTotals {
  readonly rounds: number;
  /** Per client: Σ upload and Σ download over the rounds [scalars]. */
  readonly perClient: readonly { readonly uploadScalars: number; readonly downloadScalars: number }[];
  readonly uploadScalars: number;
  readonly downloadScalars: number;
  readonly totalScalars: number;
  /** Σ of each round's totalBytes (rounds may use different bytesPerScalar). */
  readonly totalBytes: number;
}

/** Sums measured rounds; all must have the same number of clients. */
export function sumCommunication(rounds: readonly RoundCommunication[]): CommunicationTotals {
  const fn = 'sumCommunication';
  if (!Array.isArray(rounds as unknown)) fail(fn, 'rounds', 'an array of RoundCommunication records', rounds, true);
  const M = rounds[0]?.perClient.length ?? 0;
  const perClient = Array.from({ length: M }, () => ({ uploadScalars: 0, downloadScalars: 0 }));
  let totalBytes = 0;
  rounds.forEach((r, k) => {
    if (r.perClient.length !== M) throw new RangeError(`${fn}: rounds[${k}] has ${r.perClient.length} clients but rounds[0] has ${M}`);
    r.perClient.forEach((c, m) => {
      perClient[m]!.uploadScalars += c.uploadScalars;
      perClient[m]!.downloadScalars += c.downloadScalars;
    });
    totalBytes += r.totalBytes;
  });
  const uploadScalars = perClient.reduce((s, c) => s + c.uploadScalars, 0);
  const downloadScalars = perClient.reduce((s, c) => s + c.downloadScalars, 0);
  return { rounds: rounds.length, perClient, uploadScalars, downloadScalars, totalScalars: uploadScalars + downloadScalars, totalBytes };
}
