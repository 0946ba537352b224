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
// Plugging in a real experiment (paper 5's communities): implement FederatedTask — `train` restores
// the client's own state (its community env, replay buffer, local TD3) in that client's process,
// applies the global model (e.g. the soft broadcast) and trains its episodes; `aggregate` can apply
// partialGreedySelect before fedAvg. The coordinator and the transport stay as they are.

import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Redis } from 'ioredis';
import { fedAvg } from '../../lib/federated/index.js';

export interface ClientUpdate { readonly client: number; readonly params: Float64Array; readonly weight: number }

export interface FederatedTask {
  readonly clients: number;
  readonly rounds: number;
  initialModel(): Float64Array;
  /** Client `client`'s local training in round `round`, starting from `global`; must be deterministic in its inputs (and the client's own saved state). */
  train(client: number, round: number, global: Float64Array): { params: Float64Array; weight: number };
  /** Aggregation of the accepted updates (given in client order); default: FedAvg weighted by `weight`. */
  aggregate?(updates: readonly ClientUpdate[], round: number): Float64Array;
}

const aggregateOf = (task: FederatedTask, updates: readonly ClientUpdate[], round: number): Float64Array =>
  task.aggregate !== undefined ? task.aggregate(updates, round) : fedAvg(updates.map((u) => u.params), updates.map((u) => u.weight));

/** The reference: every round in one process. */
export function runFederatedInProcess(task: FederatedTask): Float64Array {
  let global = task.initialModel();
  for (let r = 0; r < task.rounds; r++) {
    const updates: ClientUpdate[] = [];
    for (let c = 0; c < task.clients; c++) updates.push({ client: c, ...task.train(c, r, global) });
    global = aggregateOf(task, updates, r);
  }
  return global;
}

// ---- wire format: one JSON header line, then the parameters as little-endian float64 ----------

interface Header { v: 1; runId: string; round: number; client: number; weight: number; length: number; hmac?: string }

function signingBytes(h: Header, body: Uint8Array): Buffer {
  return Buffer.concat([Buffer.from(`mecrl.fed.v1\n${h.runId}\n${h.round}\n${h.client}\n${h.weight}\n${h.length}\n`, 'utf8'), body]);
}

/** Encodes and signs a model (client -1 = the coordinator's global model). `key` undefined: unsigned (only for tests of the rejection). */
export function encodeUpdate(runId: string, round: number, client: number, weight: number, params: Float64Array, key: Buffer | undefined): Buffer {
  const body = new Uint8Array(params.buffer, params.byteOffset, params.byteLength);
  const h: Header = { v: 1, runId, round, client, weight, length: params.length };
  if (key !== undefined) h.hmac = createHmac('sha256', key).update(signingBytes(h, body)).digest('hex');
  return Buffer.concat([Buffer.from(JSON.stringify(h) + '\n', 'utf8'), body]);
}

export interface Expected { readonly runId: string; readonly round: number; readonly length: number; readonly clients: number; readonly key: Buffer }
export type Verdict = { ok: true; update: ClientUpdate } | { ok: false; reason: string };

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
  if (h.length !== e.length || body.length !== e.length * 8) return { ok: false, reason: `client ${h.client}: wrong length ${h.length} (${body.length} bytes), expected ${e.length} parameters (${e.length * 8} bytes)` };
  if (!(Number.isFinite(h.weight) && h.weight > 0)) return { ok: false, reason: `client ${h.client}: weight ${String(h.weight)} must be a finite number > 0` };
  const copy = new Uint8Array(body.length);
  copy.set(body);
  const params = new Float64Array(copy.buffer);
  for (let i = 0; i < params.length; i++) if (!Number.isFinite(params[i]!)) return { ok: false, reason: `client ${h.client}: non-finite value ${params[i]} at index ${i}` };
  return { ok: true, update: { client: h.client, params, weight: h.weight } };
}

// ---- transport -------------------------------------------------------------------------------

const K = {
  global: (run: string, r: number) => `mecrl:fed:${run}:global:${r}`,
  updates: (run: string, r: number) => `mecrl:fed:${run}:updates:${r}`,
  done: (run: string) => `mecrl:fed:${run}:done`,
  current: (run: string) => `mecrl:fed:${run}:round`,
};
export const federatedKeys = K;

export interface CoordinatorOptions {
  readonly runId: string;
  readonly key: Buffer;
  /** 'wait' (default): a round waits for every client (reproducible). 'proceed': `deadlineMs` after a round's first accepted update, aggregate whoever answered. */
  readonly policy?: 'wait' | 'proceed';
  readonly deadlineMs?: number;
  readonly log?: (line: string) => void;
}

export interface RoundRecord { round: number; answered: number[]; rejected: string[]; bytesDown: number; bytesUp: number }
export interface CoordinatorResult { model: Float64Array; reproducible: boolean; rounds: RoundRecord[] }

/**
 * Runs the coordinator: publishes, collects, verifies, aggregates. `blocking` must be a connection
 * of its own (BLPOP blocks it). Bytes down = the global message × the clients it is published to;
 * bytes up = every update message received (accepted or not).
 */
export async function runCoordinator(redis: Redis, blocking: Redis, task: FederatedTask, o: CoordinatorOptions): Promise<CoordinatorResult> {
  const policy = o.policy ?? 'wait', log = o.log ?? (() => undefined);
  let global = task.initialModel();
  const rounds: RoundRecord[] = [];
  let reproducible = true;
  for (let r = 0; r < task.rounds; r++) {
    const msg = encodeUpdate(o.runId, r, -1, 1, global, o.key);
    await redis.multi().set(K.global(o.runId, r), msg).set(K.current(o.runId), String(r)).exec();
    const rec: RoundRecord = { round: r, answered: [], rejected: [], bytesDown: msg.length * task.clients, bytesUp: 0 };
    const got = new Map<number, ClientUpdate>();
    let deadline = Infinity;
    while (got.size < task.clients) {
      const left = deadline - Date.now();
      if (policy === 'proceed' && left <= 0) break;
      const res = await blocking.blpopBuffer(K.updates(o.runId, r), Number.isFinite(left) ? Math.max(0.05, left / 1000) : 1);
      if (res === null) continue;
      const m = res[1];
      rec.bytesUp += m.length;
      const v = verifyUpdate(m, { runId: o.runId, round: r, length: global.length, clients: task.clients, key: o.key });
      if (!v.ok) { rec.rejected.push(v.reason); log(`round ${r}: rejected an update: ${v.reason}`); continue; }
      if (got.has(v.update.client)) { rec.rejected.push(`client ${v.update.client}: duplicate update`); log(`round ${r}: rejected a duplicate update from client ${v.update.client}`); continue; }
      got.set(v.update.client, v.update);
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
    await redis.del(K.global(o.runId, r), K.updates(o.runId, r));
  }
  await redis.set(K.done(o.runId), encodeUpdate(o.runId, task.rounds, -1, 1, global, o.key));
  return { model: global, reproducible, rounds };
}

/**
 * Runs client `client` until the coordinator is done: wait for a round it has not answered, fetch
 * and verify the global model, train, upload. A client (re)started mid-run joins the current round.
 */
export async function runClient(redis: Redis, task: FederatedTask, client: number, runId: string, key: Buffer, pollMs = 20): Promise<void> {
  let answered = -1;
  for (;;) {
    if ((await redis.exists(K.done(runId))) === 1) return;
    const cur = await redis.get(K.current(runId));
    const r = cur === null ? -1 : Number(cur);
    const msg = r > answered ? await redis.getBuffer(K.global(runId, r)) : null;
    if (msg === null) { await new Promise((res) => setTimeout(res, pollMs)); continue; }
    const length = (JSON.parse(msg.subarray(0, Math.max(0, msg.indexOf(0x0a))).toString('utf8')) as { length: number }).length;
    const v = verifyUpdate(msg, { runId, round: r, length, clients: task.clients, key }, true);
    if (!v.ok) throw new Error(`client ${client}: refusing the global model of round ${r}: ${v.reason}`);
    const { params, weight } = task.train(client, r, v.update.params);
    await redis.rpush(K.updates(runId, r), encodeUpdate(runId, r, client, weight, params, key));
    answered = r;
  }
}
