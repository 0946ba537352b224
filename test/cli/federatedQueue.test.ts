// Federated rounds across processes through Redis: a synthetic FedAvg task whose clients run in
// their own processes equals the in-process run bit for bit (policy 'wait', even with a late
// client); 'proceed' aggregates whoever answered and is marked non-reproducible; every kind of bad
// update is rejected (a unit test per rejection) and an injected one is logged, never averaged.

import { spawn, type ChildProcess } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { connect, parseQueueUrl } from '../../cli/queue/connection.js';
import { decodeState, encodeState, encodeUpdate, federatedKeys, runClient, runCoordinator, runFederatedInProcess, verifyUpdate, type Expected } from '../../cli/queue/federated.js';
import { smartCommunityTask } from '../../cli/queue/smartCommunity.js';
import { SMART_COMMUNITY_PRESETS, resolveSmartCommunityExperimentConfig } from '../../experiments/smart-community/index.js';
import type { StateValue } from '../../lib/rl/checkpoint.js';
import { DIM, syntheticTask } from './fedFixture.js';
import { describeWithRedis } from './redisServer.js';

const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '..', '..');
const KEY = Buffer.from('per-run-test-key', 'utf8');
const params = (): Float64Array => Float64Array.from({ length: DIM }, (_, i) => i / 7);

describe('verifyUpdate: a test per rejection', () => {
  const e: Expected = { runId: 'run-a', round: 3, length: DIM, clients: 3, key: KEY };
  const reason = (m: Buffer): string => { const v = verifyUpdate(m, e); return v.ok ? 'accepted' : v.reason; };
  it('accepts a well-formed signed update', () => {
    const v = verifyUpdate(encodeUpdate('run-a', 3, 1, 6, params(), KEY), e);
    expect(v.ok && Array.from(v.update.params as Float64Array)).toEqual(Array.from(params()));
  });
  it('wrong length', () => expect(reason(encodeUpdate('run-a', 3, 1, 6, new Float64Array(DIM + 1), KEY))).toBe(`client 1: wrong length ${DIM + 1} (${(DIM + 1) * 8} bytes), expected ${DIM} parameters (${DIM * 8} bytes)`));
  it('truncated body (length field lies)', () => {
    const m = encodeUpdate('run-a', 3, 1, 6, params(), KEY);
    expect(reason(m.subarray(0, m.length - 8))).toMatch(/client 1: invalid HMAC-SHA256 signature/);
  });
  it('NaN', () => { const p = params(); p[2] = NaN; expect(reason(encodeUpdate('run-a', 3, 1, 6, p, KEY))).toBe('client 1: non-finite value NaN at index 2'); });
  it('Infinity', () => { const p = params(); p[4] = -Infinity; expect(reason(encodeUpdate('run-a', 3, 1, 6, p, KEY))).toBe('client 1: non-finite value -Infinity at index 4'); });
  it('unknown run id', () => expect(reason(encodeUpdate('run-b', 3, 1, 6, params(), KEY))).toBe("unknown run id 'run-b' (this run is 'run-a')"));
  it('unknown (future) round', () => expect(reason(encodeUpdate('run-a', 4, 1, 6, params(), KEY))).toBe('unknown round 4 (current round 3)'));
  it('stale round', () => expect(reason(encodeUpdate('run-a', 2, 1, 6, params(), KEY))).toBe('stale round 2 (current round 3)'));
  it('unknown client', () => expect(reason(encodeUpdate('run-a', 3, 3, 6, params(), KEY))).toBe('unknown client 3 (clients 0..2)'));
  it('missing HMAC', () => expect(reason(encodeUpdate('run-a', 3, 1, 6, params(), undefined))).toBe('client 1: missing HMAC-SHA256 signature'));
  it('invalid HMAC (wrong key)', () => expect(reason(encodeUpdate('run-a', 3, 1, 6, params(), Buffer.from('other')))).toBe('client 1: invalid HMAC-SHA256 signature'));
  it('invalid HMAC (tampered parameters)', () => {
    const m = encodeUpdate('run-a', 3, 1, 6, params(), KEY);
    m[m.length - 1] ^= 1;
    expect(reason(m)).toBe('client 1: invalid HMAC-SHA256 signature');
  });
  it('bad weight', () => expect(reason(encodeUpdate('run-a', 3, 1, 0, params(), KEY))).toBe('client 1: weight 0 must be a finite number > 0'));
  it('malformed header', () => expect(reason(Buffer.from('not json\n'))).toBe('malformed: the header is not JSON'));
  it('the signature covers the header fields (HMAC-SHA256 via node:crypto)', () => {
    const m = encodeUpdate('run-a', 3, 1, 6, params(), KEY);
    const h = JSON.parse(m.subarray(0, m.indexOf(10)).toString()) as { hmac: string };
    const body = m.subarray(m.indexOf(10) + 1);
    expect(h.hmac).toBe(createHmac('sha256', KEY).update(Buffer.concat([Buffer.from(`mecrl.fed.v1\nrun-a\n3\n1\n6\n${DIM}\n`), body])).digest('hex'));
  });
});

describeWithRedis('federated rounds through Redis', ({ server, children }) => {
  const client = (runId: string, c: number): ChildProcess => {
    const p = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'test', 'cli', 'fedFixture.ts'), server().url, runId, String(c)],
      { cwd: ROOT, env: { ...process.env, MECRL_REDIS_PASSWORD: server().password, MECRL_HMAC_KEY: KEY.toString('utf8') }, stdio: 'inherit' });
    children.push(p);
    return p;
  };
  const coordinator = async (runId: string, o: { policy?: 'wait' | 'proceed'; deadlineMs?: number; inject?: (r: ReturnType<typeof connect>) => Promise<void> } = {}) => {
    const t = parseQueueUrl(server().url);
    const redis = connect(t), blocking = connect(t);
    const log: string[] = [];
    if (o.inject !== undefined) await o.inject(redis);
    const res = await runCoordinator(redis, blocking, syntheticTask(), { runId, key: KEY, ...o, log: (l) => log.push(l) });
    redis.disconnect(); blocking.disconnect();
    return { ...res, log };
  };

  it("3 client processes (one late) with policy 'wait' are bit-identical to the in-process run; bytes per round; an injected bad update is rejected and logged", async () => {
    const ref = runFederatedInProcess(syntheticTask());
    client('run-w', 0); client('run-w', 1);
    setTimeout(() => client('run-w', 2), 1500);
    const res = await coordinator('run-w', {
      inject: async (r) => {
        const p = params(); p[0] = NaN;
        await r.rpush(federatedKeys.updates('run-w', 0), encodeUpdate('run-w', 0, 1, 6, p, KEY), encodeUpdate('run-w', 0, 2, 6, params(), Buffer.from('forged')));
      },
    });
    expect(Buffer.from(res.model.buffer).equals(Buffer.from(ref.buffer))).toBe(true);
    expect(res.reproducible).toBe(true);
    expect(res.rounds.map((r) => r.answered)).toEqual([[0, 1, 2], [0, 1, 2], [0, 1, 2], [0, 1, 2]]);
    expect(res.log).toEqual(['round 0: rejected an update: client 1: non-finite value NaN at index 0', 'round 0: rejected an update: client 2: invalid HMAC-SHA256 signature']);
    const global = encodeUpdate('run-w', 0, -1, 1, new Float64Array(DIM), KEY).length, update = encodeUpdate('run-w', 0, 0, 6, new Float64Array(DIM), KEY).length;
    expect(res.rounds[1]).toMatchObject({ bytesDown: 3 * global, bytesUp: 3 * update });
    expect(res.rounds[0]!.bytesUp).toBe(5 * update);
  }, 30_000);

  it('a client refuses a snapshot in Redis whose signature does not verify, and gives up when the coordinator is gone; the coordinator refuses proceed for stateful clients', async () => {
    const t = parseQueueUrl(server().url);
    const redis = connect(t);
    const SMOKE = resolveSmartCommunityExperimentConfig(SMART_COMMUNITY_PRESETS['smoke']!.config);
    const task = smartCommunityTask(SMOKE, 'mcf-td3', 1);
    const state = encodeState(task.clientState!(0));
    await redis.hset(federatedKeys.snapshot('run-snap', 0), { round: '0', state, hmac: 'ab'.repeat(32) });
    await expect(runClient(redis, task, 0, 'run-snap', KEY)).rejects.toThrow('client 0: its snapshot in Redis has an invalid HMAC-SHA256 signature; refusing to restore it');
    await expect(runCoordinator(redis, redis, task, { runId: 'run-snap', key: KEY, policy: 'proceed' })).rejects.toThrow("policy 'proceed' needs clients that keep no state between rounds");
    // A client that saw the coordinator's heartbeat gives up once it is gone (a coordinator killed mid-run).
    await redis.set(federatedKeys.alive('run-gone'), '1');
    const gone = runClient(redis, syntheticTask(), 0, 'run-gone', KEY);
    await new Promise((r) => setTimeout(r, 100));
    await redis.del(federatedKeys.alive('run-gone'));
    await expect(gone).rejects.toThrow('client 0: the coordinator of run run-gone is gone (no heartbeat for 60 s); giving up');
    redis.disconnect();
  });

  it("policy 'proceed': a dead client is left out after the deadline and the run is marked non-reproducible", async () => {
    client('run-p', 0); client('run-p', 1); // client 2 is dead
    const res = await coordinator('run-p', { policy: 'proceed', deadlineMs: 600 });
    expect(res.reproducible).toBe(false);
    expect(res.rounds.map((r) => r.answered)).toEqual([[0, 1], [0, 1], [0, 1], [0, 1]]);
    expect(res.log[0]).toBe("round 0: proceeding with 2/3 clients (policy 'proceed'): this run is not reproducible");
    expect(Array.from(res.model).every(Number.isFinite)).toBe(true);
  }, 30_000);
});

describe('state-tree updates (paper 5 communities): a test per rejection', () => {
  const SMOKE = resolveSmartCommunityExperimentConfig(SMART_COMMUNITY_PRESETS['smoke']!.config);
  const task = smartCommunityTask(SMOKE, 'pfr-oa', 1);
  const cmd0 = task.initialModel();
  const good = task.train(0, 0, cmd0).params as unknown as { trace: Float64Array; models: unknown; learner: unknown };
  const e = (round: number): Expected => ({ runId: 'run-s', round, clients: 3, key: KEY, check: (p, c) => task.checkUpdate!(p, round, c) });
  const reason = (m: Buffer, round = 0): string => { const v = verifyUpdate(m, e(round)); return v.ok ? 'accepted' : v.reason; };
  const enc = (p: unknown, round = 0, key: Buffer | undefined = KEY): Buffer => encodeUpdate('run-s', round, 0, 1, p as StateValue, key);
  it('accepts a client\'s epoch upload and round-trips it exactly', () => {
    const v = verifyUpdate(enc(good), e(0));
    expect(v.ok).toBe(true);
    if (v.ok) expect(Buffer.from((v.update.params as unknown as typeof good).trace.buffer).equals(Buffer.from(good.trace.buffer))).toBe(true);
    expect(decodeState(encodeState({ a: [1, 'x', null, new Float64Array([0.1, -0])], b: true }))).toEqual({ a: [1, 'x', null, new Float64Array([0.1, -0])], b: true });
  });
  it('wrong trace length', () => expect(reason(enc({ ...good, trace: new Float64Array(7) }))).toBe(`client 0: wrong trace: expected a Float64Array of ${12 * 17} numbers, got 7 numbers`));
  it('models missing before a federated round', () => expect(reason(enc(good, 1), 1)).toBe('client 0: round 1: models missing (a federated round follows at epoch 2)'));
  it('unexpected learner state before the last round', () => expect(reason(enc({ ...good, learner: { x: 1 } }))).toBe('client 0: round 0: unexpected learner state (only after the last round)'));
  it('not an upload object', () => expect(reason(enc(new Float64Array(3).fill(1) as unknown as object))).toBe('client 0: 3 float64 parameters, expected a state-tree update'));
  it('NaN inside the trace', () => { const t = good.trace.slice(); t[5] = NaN; expect(reason(enc({ ...good, trace: t }))).toBe('client 0: non-finite value trace[5] = NaN'); });
  it('malformed state body (signed, so only a buggy client sends it)', () => {
    const h = { v: 1, runId: 'run-s', round: 0, client: 0, weight: 1, length: 3, enc: 'state' };
    const body = Buffer.from([1, 2, 3]);
    const sig = createHmac('sha256', KEY).update(Buffer.concat([Buffer.from('mecrl.fed.v1\nrun-s\n0\n0\n1\n3\nstate\n'), body])).digest('hex');
    expect(reason(Buffer.concat([Buffer.from(JSON.stringify({ ...h, hmac: sig }) + '\n'), body]))).toBe('client 0: malformed state body (shorter than its length prefix)');
  });
  it('tampered state body (invalid HMAC) and a state update where float64 parameters are expected', () => {
    const m = enc(good);
    m[m.length - 3] ^= 1;
    expect(reason(m)).toBe('client 0: invalid HMAC-SHA256 signature');
    const v = verifyUpdate(enc(good), { runId: 'run-s', round: 0, clients: 3, key: KEY, length: DIM });
    expect(v.ok ? 'accepted' : v.reason).toBe(`client 0: a state-tree update, expected ${DIM} float64 parameters`);
  });
});
