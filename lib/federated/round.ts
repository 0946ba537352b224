// One federated round, in process: aggregate the clients' parameter groups, write the aggregate
// back, optionally reset optimizer moments, and account for the traffic.
//
// Paper 1 (Huang et al. 2021), F-DRL, Algorithm 2 and spec 01 §4.2: after `episodesPerRound`
// episodes of local DDPG training, every agent uploads its online actor and critic, the
// coordinator computes θ ← Σ_m (W_m/ΣW)·θ_m (eq. 26, W_m = batch size) and every agent REPLACES its
// online actor and critic. Target networks stay local by default (`aggregateTargets: 'keep'`;
// 'aggregate' averages them with the same weights) and Adam moments stay local
// (`resetOptimizerOnAggregate: false`).
// Paper 5 (Chen et al. 2024), PFR-OA, Algorithm 2 and spec 05 §4.2 use the same round with
// `participants` = the partial-greedy selection Z (./selection.ts), uniform weights (eq. 25) and
// `broadcast: { mode: 'soft', rate: f_q }` applied to EVERY community; the returned `online`
// averages are the anchors θ_f of the proximal terms (./proximal.ts).
//
// The loop that trains agents between rounds lives in the experiment, not here. This function is
// stateless: it keeps nothing between rounds, so there is nothing to checkpoint.

import type { Optimizer } from '../nn/index.js';
import { checkBroadcastOptions, broadcast, type BroadcastOptions } from './broadcast.js';
import { DEFAULT_BYTES_PER_SCALAR, roundCommunication, type RoundCommunication } from './communication.js';
import { fedAvg } from './fedAvg.js';
import {
  checkIndices,
  checkKeys,
  checkNumber,
  checkOneOf,
  checkSameLayout,
  fail,
  normaliseWeights,
  valuesOf,
  type ParamsLike,
} from './validate.js';

/** One client (agent) as the coordinator sees it. Every client must have the same group names. */
export interface FederatedClient {
  /** Online parameter groups by name: `{ actor, critic }` (paper 1) or `{ actor, critic1, critic2 }` (paper 5). */
  readonly online: Readonly<Record<string, ParamsLike>>;
  /** Target copies by name (used only with `aggregateTargets: 'aggregate'`). */
  readonly targets?: Readonly<Record<string, ParamsLike>>;
  /** Optimizers keyed by the ONLINE group they update (reset only with `resetOptimizerOnAggregate`). */
  readonly optimizers?: Readonly<Record<string, Optimizer>>;
}

/** Round configuration; every field has a default ({@link FEDERATED_DEFAULTS}). */
export interface FederatedConfig {
  /** 'keep' (default, literal Algorithm 2 and spec 05): targets stay local. 'aggregate': averaged like the online groups. */
  readonly aggregateTargets: 'keep' | 'aggregate';
  /** Zero every aggregated group's optimizer moments and step count after writing back (default false: moments stay local). */
  readonly resetOptimizerOnAggregate: boolean;
  /** How the aggregate is written back (default `{ mode: 'replace' }`, paper 1; paper 5: `{ mode: 'soft', rate: 0.3 }`). */
  readonly broadcast: BroadcastOptions;
  /** Who uploads, for the traffic record: 'participants' (default) or 'all' (paper 5 literally has every community upload). */
  readonly uploadFrom: 'participants' | 'all';
  /** Wire size of one scalar [bytes] (default 4). */
  readonly bytesPerScalar: number;
}

export const FEDERATED_DEFAULTS: Readonly<FederatedConfig> = Object.freeze({
  aggregateTargets: 'keep',
  resetOptimizerOnAggregate: false,
  broadcast: Object.freeze({ mode: 'replace' }),
  uploadFrom: 'participants',
  bytesPerScalar: DEFAULT_BYTES_PER_SCALAR,
});

/** Merges `partial` over {@link FEDERATED_DEFAULTS}, validating every field (errors name field and range). */
export function resolveFederatedConfig(partial: Partial<FederatedConfig> = {}): FederatedConfig {
  const fn = 'resolveFederatedConfig';
  if (typeof partial !== 'object' || partial === null) fail(fn, 'config', 'an object', partial, true);
  checkKeys(fn, 'config', partial, Object.keys(FEDERATED_DEFAULTS));
  const c = { ...FEDERATED_DEFAULTS, ...partial };
  const reset = c.resetOptimizerOnAggregate;
  if (typeof reset !== 'boolean') fail(fn, 'resetOptimizerOnAggregate', 'a boolean', reset, true);
  return Object.freeze({
    aggregateTargets: checkOneOf(fn, 'aggregateTargets', c.aggregateTargets, ['keep', 'aggregate'] as const),
    resetOptimizerOnAggregate: reset,
    broadcast: checkBroadcastOptions(fn, c.broadcast),
    uploadFrom: checkOneOf(fn, 'uploadFrom', c.uploadFrom, ['participants', 'all'] as const),
    bytesPerScalar: checkNumber(fn, 'bytesPerScalar', c.bytesPerScalar, 'a finite number > 0 (bytes)', (x) => Number.isFinite(x) && x > 0),
  });
}

/** Per-round inputs. */
export interface RoundInput {
  /** W_m per client (length = number of clients), e.g. batch sizes; default uniform. Only participants' weights are used. */
  readonly weights?: readonly number[];
  /** Clients whose models are averaged (default all): paper 5's selected set Z. Every client receives the aggregate. */
  readonly participants?: readonly number[];
}

/** What a round did. */
export interface FederatedRoundResult {
  /** The averaged clients, in the given order. */
  readonly participants: readonly number[];
  /** Their normalised weights W_m/ΣW (same order). */
  readonly weights: readonly number[];
  /** θ_f per online group (fresh arrays; paper 5's proximal anchors). */
  readonly online: Readonly<Record<string, Float64Array>>;
  /** Averaged target groups (empty with `aggregateTargets: 'keep'`). */
  readonly targets: Readonly<Record<string, Float64Array>>;
  /** Number of optimizers whose moments were reset (0 unless `resetOptimizerOnAggregate`). */
  readonly optimizersReset: number;
  /** Traffic of this round (only the aggregated groups count). */
  readonly communication: RoundCommunication;
}

interface Group {
  readonly key: string;
  readonly kind: 'online' | 'targets';
  readonly name: string;
  readonly values: Float64Array[];
  readonly params: ParamsLike[];
}

function collectGroups(fn: string, clients: readonly FederatedClient[], kind: 'online' | 'targets'): Group[] {
  const first = clients[0]![kind];
  if (typeof first !== 'object' || first === null) fail(fn, `clients[0].${kind}`, 'an object { [group]: Module | { data, grad } | Float64Array }', first, true);
  const names = Object.keys(first);
  if (kind === 'online' && names.length === 0) throw new RangeError(`${fn}: clients[0].online has no groups; give at least one (e.g. { actor, critic })`);
  return names.map((name) => {
    const values: Float64Array[] = [], params: ParamsLike[] = [];
    clients.forEach((c, m) => {
      const rec = c[kind];
      if (typeof rec !== 'object' || rec === null) fail(fn, `clients[${m}].${kind}`, `an object with the groups of clients[0].${kind}`, rec, true);
      const keys = Object.keys(rec);
      if (keys.length !== names.length || !names.every((n) => keys.includes(n))) {
        throw new RangeError(`${fn}: clients[${m}].${kind} has groups [${keys.join(', ')}] but clients[0].${kind} has [${names.join(', ')}]`);
      }
      const p = rec[name]!;
      const v = valuesOf(fn, `clients[${m}].${kind}.${name}`, p);
      if (m > 0 && v.length !== values[0]!.length) {
        throw new RangeError(`${fn}: clients[${m}].${kind}.${name} has ${v.length} parameters but clients[0].${kind}.${name} has ${values[0]!.length}`);
      }
      checkSameLayout(fn, `clients[${m}].${kind}.${name}`, p, `clients[0].${kind}.${name}`, params[0] ?? p);
      values.push(v);
      params.push(p);
    });
    return { key: `${kind === 'online' ? 'online' : 'target'}.${name}`, kind, name, values, params };
  });
}

function isOptimizerLike(x: unknown): x is Optimizer {
  const o = x as { getState?: unknown; setState?: unknown; m?: unknown } | null;
  return typeof o === 'object' && o !== null && typeof o.getState === 'function' && typeof o.setState === 'function' && o.m instanceof Float64Array;
}

function resetOptimizer(opt: Optimizer): void {
  const s = opt.getState();
  opt.setState({ ...s, t: 0, m: new Float64Array(s.m.length), v: new Float64Array(s.v.length) });
}

/**
 * Runs one round over `clients`: for every online group (and every target group when
 * `aggregateTargets: 'aggregate'`) computes the participants' weighted average (eq. 26), writes
 * it into every client (replace or soft), resets the aggregated groups' optimizers if asked, and
 * returns the averages and the traffic. Everything is validated before anything is written.
 */
export function federatedRound(clients: readonly FederatedClient[], input: RoundInput = {}, config: Partial<FederatedConfig> = {}): FederatedRoundResult {
  const fn = 'federatedRound';
  const cfg = resolveFederatedConfig(config);
  if (!Array.isArray(clients)) fail(fn, 'clients', 'an array of { online, targets?, optimizers? }', clients, true);
  if (clients.length === 0) throw new RangeError(`${fn}: clients is empty; need at least one client`);
  clients.forEach((c, m) => {
    if (typeof c !== 'object' || c === null) fail(fn, `clients[${m}]`, 'an object { online, targets?, optimizers? }', c, true);
    checkKeys(fn, `clients[${m}]`, c, ['online', 'targets', 'optimizers']);
  });
  if (typeof input !== 'object' || input === null) fail(fn, 'input', 'an object { weights?, participants? }', input, true);
  checkKeys(fn, 'input', input, ['weights', 'participants']);
  const M = clients.length;
  const participants = input.participants === undefined ? clients.map((_, m) => m) : [...checkIndices(fn, 'participants', input.participants, M)];
  if (participants.length === 0) throw new RangeError(`${fn}: participants is empty; choose at least one client`);
  let weights: readonly number[] | undefined;
  if (input.weights !== undefined) {
    const w = input.weights;
    if (!Array.isArray(w)) fail(fn, 'weights', 'an array of numbers, one per client (or omitted)', w, true);
    if (w.length !== M) throw new RangeError(`${fn}: weights has ${w.length} entries but there are ${M} clients`);
    w.forEach((x, m) => checkNumber(fn, `weights[${m}]`, x, 'a finite number >= 0', (y) => Number.isFinite(y) && y >= 0));
    weights = participants.map((m) => w[m]!);
  }
  const p = normaliseWeights(fn, weights, participants.length, 'participants\' weights');

  const groups = collectGroups(fn, clients, 'online');
  if (cfg.aggregateTargets === 'aggregate') {
    clients.forEach((c, m) => {
      if (c.targets === undefined) throw new RangeError(`${fn}: clients[${m}] has no targets, but aggregateTargets is 'aggregate'`);
    });
    groups.push(...collectGroups(fn, clients, 'targets'));
  }
  const optimizers: Optimizer[] = [];
  if (cfg.resetOptimizerOnAggregate) {
    clients.forEach((c, m) => {
      const opts = c.optimizers ?? {};
      for (const [name, opt] of Object.entries(opts)) {
        const g = groups.find((x) => x.kind === 'online' && x.name === name);
        if (g === undefined) throw new RangeError(`${fn}: clients[${m}].optimizers.${name} names no online group; groups: ${groups.filter((x) => x.kind === 'online').map((x) => x.name).join(', ')}`);
        if (!isOptimizerLike(opt)) fail(fn, `clients[${m}].optimizers.${name}`, 'an Optimizer from lib/nn', opt, true);
        if (opt.m.length !== g.values[m]!.length) {
          throw new RangeError(`${fn}: clients[${m}].optimizers.${name} has ${opt.m.length} moments but the group has ${g.values[m]!.length} parameters`);
        }
        optimizers.push(opt);
      }
    });
  }

  // Average every group before writing any (a client could alias arrays across groups).
  // fedAvg normalises the raw weights itself (the same normaliseWeights that produced `p`).
  const averages = groups.map((g) => fedAvg(participants.map((m) => g.values[m]!), weights));
  groups.forEach((g, k) => broadcast(averages[k]!, g.params, cfg.broadcast));
  optimizers.forEach(resetOptimizer);

  const online: Record<string, Float64Array> = {}, targets: Record<string, Float64Array> = {};
  groups.forEach((g, k) => ((g.kind === 'online' ? online : targets)[g.name] = averages[k]!.slice()));
  const groupSizes: Record<string, number> = {};
  for (const g of groups) groupSizes[g.key] = g.values[0]!.length;
  const communication = roundCommunication({
    groupSizes,
    clients: M,
    uploaders: cfg.uploadFrom === 'all' ? clients.map((_, m) => m) : participants,
    bytesPerScalar: cfg.bytesPerScalar,
  });
  return { participants, weights: Array.from(p), online, targets, optimizersReset: optimizers.length, communication };
}

/** The fields of a DDPG-like agent (lib/rl's Ddpg has them); structural, so lib/federated needs no lib/rl import. */
export interface ActorCriticLike {
  readonly actor: ParamsLike;
  readonly critic: ParamsLike;
  readonly actorTarget?: ParamsLike;
  readonly criticTarget?: ParamsLike;
  readonly actorOpt?: Optimizer;
  readonly criticOpt?: Optimizer;
}

/**
 * The client view of a DDPG-like agent: online `{ actor, critic }`, targets `{ actor, critic }`
 * from `actorTarget`/`criticTarget` when both are present, optimizers `{ actor, critic }` when present.
 */
export function actorCriticClient(agent: ActorCriticLike): FederatedClient {
  const targets = agent.actorTarget !== undefined && agent.criticTarget !== undefined ? { actor: agent.actorTarget, critic: agent.criticTarget } : undefined;
  const optimizers: Record<string, Optimizer> = {};
  if (agent.actorOpt !== undefined) optimizers['actor'] = agent.actorOpt;
  if (agent.criticOpt !== undefined) optimizers['critic'] = agent.criticOpt;
  const base = { online: { actor: agent.actor, critic: agent.critic }, optimizers };
  return targets === undefined ? base : { ...base, targets };
}
