// Federated rounds across processes for independent clients (Node-only), through Redis.
//
// Per round r the coordinator publishes the signed global model under `mecrl:fed:<run>:global:<r>`;
// each client (its own process or machine) fetches it, trains locally (`FederatedTask.train`) and
// RPUSHes a signed update onto `mecrl:fed:<run>:updates:<r>`; the coordinator verifies every update
// (`verifyUpdate`: run id, round, HMAC-SHA256 with the per-run key, length, finite values) — bad ones
// are logged and never averaged — and aggregates the accepted ones in client order with
// lib/federated's fedAvg, so arrival order cannot change the result: with policy `wait` (default)
// the run is bit-identical to `runFederatedInProcess`. Policy `proceed` aggregates whoever answered
// by a deadline and marks the run non-reproducible. Bytes actually sent are counted per round.
//
// Models and updates are Float64Arrays (FedAvg tasks: sent as raw float64) or any checkpoint state
// tree (`StateValue`, sent in the 'state' encoding: JSON skeleton + raw float64 arrays; paper 5's
// communities, cli/queue/smartCommunity.ts). Clients that keep state between rounds (a community's
// env, replay buffer and TD3) implement `clientState`/`restoreClient`: every `snapshotEvery` rounds
// the client stores its signed state in Redis in the same MULTI as its update, and a client process
// restarted mid-run (a killed worker's job taken over by another) restores it, re-trains the rounds
// since then from the kept global models (deterministic: the same state again) and rejoins. The
// coordinator keeps a heartbeat key alive while it runs; a client that saw it gives up once it is
// gone (a coordinator killed mid-run), instead of holding its worker slot for ever.

import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Redis } from 'ioredis';
import { fedAvg } from '../../lib/federated/index.js';
import { joinState, splitState, type JsonValue, type StateValue } from '../../lib/rl/checkpoint.js';
import { firstNonFinite } from '../finite.js';

export interface ClientUpdate<U extends StateValue = Float64Array> { readonly client: number; readonly params: U; readonly weight: number }

/** A federated task: global models of type G, client updates of type U (both Float64Array for FedAvg). */
export interface FederatedTask<G extends StateValue = Float64Array, U extends StateValue = Float64Array> {
  readonly clients: number;
  readonly rounds: number;
  initialModel(): G;
  /** Client `client`'s local training in round `round`, starting from `global`; must be deterministic in its inputs (and the client's own state). */
  train(client: number, round: number, global: G): { params: U; weight: number };
  /** Aggregation of the accepted updates (given in client order) into the next round's model; default: FedAvg of Float64Arrays weighted by `weight`. */
  aggregate?(updates: readonly ClientUpdate<U>[], round: number): G;
  /** Shape check of a decoded update (signature, run, round, client and finiteness are checked before): a reason to reject, or null. Default: a Float64Array as long as the global model. */
  checkUpdate?(params: U, round: number, client: number): string | null;
  /** A client's state after its last trained round (for a restarted client process), and its restore. */
  clientState?(client: number): StateValue;
  restoreClient?(client: number, state: StateValue): void;
}

function aggregateOf<G extends StateValue, U extends StateValue>(task: FederatedTask<G, U>, updates: readonly ClientUpdate<U>[], round: number): G {
  return task.aggregate !== undefined ? task.aggregate(updates, round) : (fedAvg(updates.map((u) => u.params as unknown as Float64Array), updates.map((u) => u.weight)) as unknown as G);
}

/** The reference: every round in one process. */
export function runFederatedInProcess<G extends StateValue, U extends StateValue>(task: FederatedTask<G, U>): G {
  let global = task.initialModel();
  for (let r = 0; r < task.rounds; r++) {
    const updates: ClientUpdate<U>[] = [];
    for (let c = 0; c < task.clients; c++) updates.push({ client: c, ...task.train(c, r, global) });
    global = aggregateOf(task, updates, r);
  }
  return global;
}

// ---- wire format: one JSON header line, then the body: a Float64Array as little-endian float64,
// or (enc 'state') any state tree: u32 LE length of a JSON skeleton (splitState's manifest + the
// arrays' names and lengths), the skeleton, zero padding to a multiple of 8, the arrays' float64s.

interface Header { v: 1; runId: string; round: number; client: number; weight: number; length: number; enc?: 'state'; hmac?: string }

function signingBytes(h: Header, body: Uint8Array): Buffer {
  return Buffer.concat([Buffer.from(`mecrl.fed.v1\n${h.runId}\n${h.round}\n${h.client}\n${h.weight}\n${h.length}\n${h.enc !== undefined ? `${h.enc}\n` : ''}`, 'utf8'), body]);
}

const f64Bytes = (a: Float64Array): Uint8Array => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);

/** A state tree as bytes (the 'state' body). */
export function encodeState(state: StateValue): Buffer {
  const { manifest, arrays } = splitState(state);
  const skel = Buffer.from(JSON.stringify({ manifest, arrays: arrays.map((a) => [a.name, a.data.length]) }), 'utf8');
  const head = Buffer.alloc(4);
  head.writeUInt32LE(skel.length, 0);
  const pad = Buffer.alloc((8 - ((4 + skel.length) % 8)) % 8);
  return Buffer.concat([head, skel, pad, ...arrays.map((a) => f64Bytes(a.data))]);
}

/** The state tree of {@link encodeState}'s bytes (arrays copied out); throws on malformed input. */
export function decodeState(bytes: Uint8Array): StateValue {
  if (bytes.length < 4) throw new Error('shorter than its length prefix');
  const n = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).readUInt32LE(0);
  if (4 + n > bytes.length) throw new Error(`skeleton of ${n} bytes overruns the ${bytes.length}-byte body`);
  const skel = JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset + 4, n).toString('utf8')) as { manifest: JsonValue; arrays: Array<[string, number]> };
  let off = 4 + n + ((8 - ((4 + n) % 8)) % 8);
  const arrays = new Map<string, Float64Array>();
  for (const [name, length] of skel.arrays) {
    if (!Number.isSafeInteger(length) || length < 0 || off + length * 8 > bytes.length) throw new Error(`array '${name}' (${length} values) overruns the body`);
    const copy = new Uint8Array(length * 8);
    copy.set(bytes.subarray(off, off + length * 8));
    arrays.set(name, new Float64Array(copy.buffer));
    off += length * 8;
  }
  if (off !== bytes.length) throw new Error(`${bytes.length - off} bytes after the last array`);
  return joinState(skel.manifest, arrays);
}

/** Encodes and signs a model (client -1 = the coordinator's global model). `key` undefined: unsigned (only for tests of the rejection). */
export function encodeUpdate(runId: string, round: number, client: number, weight: number, params: StateValue, key: Buffer | undefined): Buffer {
  const f64 = params instanceof Float64Array;
  const body = f64 ? f64Bytes(params) : encodeState(params);
  const h: Header = { v: 1, runId, round, client, weight, length: f64 ? params.length : body.length, ...(f64 ? {} : { enc: 'state' as const }) };
  if (key !== undefined) h.hmac = createHmac('sha256', key).update(signingBytes(h, body)).digest('hex');
  return Buffer.concat([Buffer.from(JSON.stringify(h) + '\n', 'utf8'), body]);
}

/** What the receiver expects: `length` float64s, or (with `check`) a state tree passing `check`. */
export interface Expected {
  readonly runId: string; readonly round: number; readonly clients: number; readonly key: Buffer;
  readonly length?: number;
  readonly check?: (params: StateValue, client: number) => string | null;
}
export type Verdict = { ok: true; update: ClientUpdate<StateValue> } | { ok: false; reason: string };

/** Checks an encoded update against what the coordinator expects; never throws. */
export function verifyUpdate(msg: Buffer, e: Expected, coordinator = false): Verdict {
  const nl = msg.indexOf(0x0a);
  let h: Header;
  try { h = JSON.parse(msg.subarray(0, nl < 0 ? msg.length : nl).toString('utf8')) as Header; } catch { return { ok: false, reason: 'malformed: the header is not JSON' }; }
  if (nl < 0 || h.v !== 1) return { ok: false, reason: 'malformed: not a mecrl.fed.v1 message' };
  if (h.runId !== e.runId) return { ok: false, reason: `unknown run id '${String(h.runId)}' (this run is '${e.runId}')` };
  if (!Number.isInteger(h.round) || h.round > e.round) return { ok: false, reason: `unknown round ${String(h.round)} (current round ${e.round})` };
  if (h.round < e.round) return { ok: false, reason: `stale round ${h.round} (current round ${e.round})` };
  if (coordinator ? h.client !== -1 : !(Number.isInteger(h.client) && h.client >= 0 && h.client < e.clients)) return { ok: false, reason: `unknown client ${String(h.client)} (clients 0..${e.clients - 1})` };
  const body = msg.subarray(nl + 1);
  if (typeof h.hmac !== 'string') return { ok: false, reason: `client ${h.client}: missing HMAC-SHA256 signature` };
  const want = createHmac('sha256', e.key).update(signingBytes(h, body)).digest();
  const got = Buffer.from(h.hmac, 'hex');
  if (got.length !== want.length || !timingSafeEqual(got, want)) return { ok: false, reason: `client ${h.client}: invalid HMAC-SHA256 signature` };
  if (!(Number.isFinite(h.weight) && h.weight > 0)) return { ok: false, reason: `client ${h.client}: weight ${String(h.weight)} must be a finite number > 0` };
  if (h.enc === 'state') {
    if (e.check === undefined) return { ok: false, reason: `client ${h.client}: a state-tree update, expected ${e.length ?? '?'} float64 parameters` };
    let params: StateValue;
    try { params = decodeState(body); } catch (err) { return { ok: false, reason: `client ${h.client}: malformed state body (${(err as Error).message})` }; }
    const bad = firstNonFinite(params);
    if (bad !== null) return { ok: false, reason: `client ${h.client}: non-finite value ${bad}` };
    const why = e.check(params, h.client);
    if (why !== null) return { ok: false, reason: `client ${h.client}: ${why}` };
    return { ok: true, update: { client: h.client, params, weight: h.weight } };
  }
  if (e.length === undefined) return { ok: false, reason: `client ${h.client}: ${h.length} float64 parameters, expected a state-tree update` };
  if (h.length !== e.length || body.length !== e.length * 8) return { ok: false, reason: `client ${h.client}: wrong length ${h.length} (${body.length} bytes), expected ${e.length} parameters (${e.length * 8} bytes)` };
  const copy = new Uint8Array(body.length);
  copy.set(body);
  const params = new Float64Array(copy.buffer);
  for (let i = 0; i < params.length; i++) if (!Number.isFinite(params[i]!)) return { ok: false, reason: `client ${h.client}: non-finite value ${params[i]} at index ${i}` };
  return { ok: true, update: { client: h.client, params, weight: h.weight } };
}

/** What a coordinator expects of round `round`'s updates. */
function expectedOf<G extends StateValue, U extends StateValue>(task: FederatedTask<G, U>, runId: string, round: number, key: Buffer, global: G): Expected {
  const base = { runId, round, clients: task.clients, key };
  if (task.checkUpdate !== undefined) return { ...base, check: (p, client) => task.checkUpdate!(p as U, round, client) };
  return { ...base, length: (global as unknown as Float64Array).length };
}

// ---- transport -------------------------------------------------------------------------------

const K = {
  global: (run: string, r: number) => `mecrl:fed:${run}:global:${r}`,
  updates: (run: string, r: number) => `mecrl:fed:${run}:updates:${r}`,
  done: (run: string) => `mecrl:fed:${run}:done`,
  current: (run: string) => `mecrl:fed:${run}:round`,
  snapshot: (run: string, c: number) => `mecrl:fed:${run}:client:${c}`,
  alive: (run: string) => `mecrl:fed:${run}:alive`,
};
/** The coordinator's heartbeat lives this long [ms]; clients that saw it give up once it is gone. */
export const HEARTBEAT_MS = 60_000;
export const federatedKeys = K;

export interface CoordinatorOptions {
  readonly runId: string;
  readonly key: Buffer;
  /** 'wait' (default): a round waits for every client (reproducible). 'proceed': `deadlineMs` after a round's first accepted update, aggregate whoever answered. */
  readonly policy?: 'wait' | 'proceed';
  readonly deadlineMs?: number;
  readonly log?: (line: string) => void;
  /** Polled while waiting: a reason to abort the run (e.g. a client job failed for good), or null. */
  readonly abort?: () => string | null;
  /** Called after each round's aggregation (progress). */
  readonly onRound?: (rec: RoundRecord) => void;
}

export interface RoundRecord { round: number; answered: number[]; rejected: string[]; bytesDown: number; bytesUp: number }
export interface CoordinatorResult<G extends StateValue = Float64Array> { model: G; reproducible: boolean; rounds: RoundRecord[] }

/**
 * Runs the coordinator: publishes, collects, verifies, aggregates. `blocking` must be a connection
 * of its own (BLPOP blocks it). Bytes down = the global message × the clients it is published to;
 * bytes up = every update message received (accepted or not). The global models stay in Redis
 * until the run is done (a restarted client re-trains the rounds since its snapshot from them);
 * then every key of the run is deleted but `done`.
 */
export async function runCoordinator<G extends StateValue, U extends StateValue>(redis: Redis, blocking: Redis, task: FederatedTask<G, U>, o: CoordinatorOptions): Promise<CoordinatorResult<G>> {
  const policy = o.policy ?? 'wait', log = o.log ?? (() => undefined);
  if (policy === 'proceed' && task.clientState !== undefined) {
    throw new Error("policy 'proceed' needs clients that keep no state between rounds: a client with state (clientState) that missed a round cannot rejoin the next one; use 'wait'");
  }
  let global = task.initialModel();
  const rounds: RoundRecord[] = [];
  let reproducible = true;
  for (let r = 0; r < task.rounds; r++) {
    const msg = encodeUpdate(o.runId, r, -1, 1, global, o.key);
    await redis.multi().set(K.global(o.runId, r), msg).set(K.current(o.runId), String(r)).set(K.alive(o.runId), '1', 'PX', HEARTBEAT_MS).exec();
    let beat = Date.now();
    const rec: RoundRecord = { round: r, answered: [], rejected: [], bytesDown: msg.length * task.clients, bytesUp: 0 };
    const got = new Map<number, ClientUpdate<U>>();
    const expected = expectedOf(task, o.runId, r, o.key, global);
    let deadline = Infinity;
    while (got.size < task.clients) {
      const left = deadline - Date.now();
      if (policy === 'proceed' && left <= 0) break;
      if (Date.now() - beat > 5000) { beat = Date.now(); await redis.set(K.alive(o.runId), '1', 'PX', HEARTBEAT_MS); }
      const why = o.abort?.() ?? null;
      if (why !== null) throw new Error(`round ${r}: ${why}`);
      const res = await blocking.blpopBuffer(K.updates(o.runId, r), Number.isFinite(left) ? Math.max(0.05, left / 1000) : 1);
      if (res === null) continue;
      const m = res[1];
      rec.bytesUp += m.length;
      const v = verifyUpdate(m, expected);
      if (!v.ok) { rec.rejected.push(v.reason); log(`round ${r}: rejected an update: ${v.reason}`); continue; }
      if (got.has(v.update.client)) { rec.rejected.push(`client ${v.update.client}: duplicate update`); log(`round ${r}: rejected a duplicate update from client ${v.update.client}`); continue; }
      got.set(v.update.client, v.update as ClientUpdate<U>);
      if (got.size === 1) deadline = Date.now() + (o.deadlineMs ?? 30_000);
    }
    if (got.size < task.clients) {
      reproducible = false;
      log(`round ${r}: proceeding with ${got.size}/${task.clients} clients (policy 'proceed'): this run is not reproducible`);
    }
    const updates = [...got.values()].sort((a, b) => a.client - b.client);
    rec.answered = updates.map((u) => u.client);
    global = aggregateOf(task, updates, r);
    rounds.push(rec);
    await redis.del(K.updates(o.runId, r));
    o.onRound?.(rec);
  }
  await redis.set(K.done(o.runId), encodeUpdate(o.runId, task.rounds, -1, 1, global, o.key));
  const stale = [K.current(o.runId), K.alive(o.runId), ...rounds.map((x) => K.global(o.runId, x.round)), ...Array.from({ length: task.clients }, (_, c) => K.snapshot(o.runId, c))];
  for (let i = 0; i < stale.length; i += 500) await redis.del(...stale.slice(i, i + 500));
  return { model: global, reproducible, rounds };
}

export interface ClientOptions {
  /** Poll interval while waiting for a round [ms] (default 20). */
  readonly pollMs?: number;
  /** With a stateful task: store the client's signed state every this many rounds (default 1). */
  readonly snapshotEvery?: number;
  readonly log?: (line: string) => void;
}

function snapshotHmac(key: Buffer, runId: string, client: number, round: Buffer, state: Buffer): string {
  return createHmac('sha256', key).update(Buffer.concat([Buffer.from(`mecrl.fed.snapshot.v1\n${runId}\n${client}\n`), round, Buffer.from('\n'), state])).digest('hex');
}

/**
 * Runs client `client` until the coordinator is done: wait for a round it has not answered, fetch
 * and verify the global model, train, upload. A client (re)started mid-run restores its snapshot
 * (stateful tasks), re-trains the rounds after it without uploading them (the coordinator has those
 * updates: under 'wait' no round closes without this client), and answers the current round (a
 * duplicate of an update sent before a crash is rejected as such).
 */
export async function runClient<G extends StateValue, U extends StateValue>(redis: Redis, task: FederatedTask<G, U>, client: number, runId: string, key: Buffer, opts: ClientOptions | number = {}): Promise<void> {
  const o: ClientOptions = typeof opts === 'number' ? { pollMs: opts } : opts;
  const pollMs = o.pollMs ?? 20, every = Math.max(1, o.snapshotEvery ?? 1), log = o.log ?? (() => undefined);
  const stateful = task.clientState !== undefined && task.restoreClient !== undefined;
  let answered = -1, sawCoordinator = false;
  if (stateful) {
    const snap = await redis.hgetallBuffer(K.snapshot(runId, client));
    if (snap['state'] !== undefined && snap['round'] !== undefined && snap['hmac'] !== undefined) {
      const want = Buffer.from(snapshotHmac(key, runId, client, snap['round'], snap['state']), 'hex'), got = Buffer.from(snap['hmac'].toString(), 'hex');
      if (got.length !== want.length || !timingSafeEqual(got, want)) throw new Error(`client ${client}: its snapshot in Redis has an invalid HMAC-SHA256 signature; refusing to restore it`);
      task.restoreClient!(client, decodeState(snap['state']));
      answered = Number(snap['round'].toString());
      log(`restored its snapshot after round ${answered}`);
    }
  }
  for (;;) {
    if ((await redis.exists(K.done(runId))) === 1) return;
    const cur = await redis.get(K.current(runId));
    // A stateless client joins the current round; a stateful one trains every round in turn.
    const r = stateful || cur === null ? answered + 1 : Math.max(answered + 1, Number(cur));
    const msg = cur !== null && Number(cur) >= r ? await redis.getBuffer(K.global(runId, r)) : null;
    if (msg === null) {
      const alive = (await redis.exists(K.alive(runId))) === 1;
      if (alive) sawCoordinator = true;
      else if (sawCoordinator && (await redis.exists(K.done(runId))) === 0) throw new Error(`client ${client}: the coordinator of run ${runId} is gone (no heartbeat for ${HEARTBEAT_MS / 1000} s); giving up`);
      await new Promise((res) => setTimeout(res, pollMs));
      continue;
    }
    const length = (JSON.parse(msg.subarray(0, Math.max(0, msg.indexOf(0x0a))).toString('utf8')) as { length: number }).length;
    const v = verifyUpdate(msg, { runId, round: r, length, clients: task.clients, key, check: () => null }, true);
    if (!v.ok) throw new Error(`client ${client}: refusing the global model of round ${r}: ${v.reason}`);
    const { params, weight } = task.train(client, r, v.update.params as G);
    answered = r;
    const catchingUp = r < Number(cur);
    const multi = redis.multi();
    if (!catchingUp) multi.rpush(K.updates(runId, r), encodeUpdate(runId, r, client, weight, params, key));
    if (stateful && ((r + 1) % every === 0 || r + 1 === task.rounds)) {
      const state = encodeState(task.clientState!(client)), round = Buffer.from(String(r));
      multi.hset(K.snapshot(runId, client), { round, state, hmac: snapshotHmac(key, runId, client, round, state) });
    }
    await multi.exec();
  }
}
