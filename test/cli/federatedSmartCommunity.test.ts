// Paper 5's communities trained in `mecrl worker` processes through Redis (`mecrl federated`):
// the run folder equals `mecrl run`'s for pfr-oa and mcf-td3 (metrics.jsonl byte for byte, summary,
// every job's result and policy files apart from wall times), with the bytes actually sent per
// round in transport.jsonl and REPORT.md; a worker SIGKILLed mid-run under policy 'wait' loses
// nothing: another worker takes its client jobs over, the clients restore their signed snapshots
// (every 2 rounds, so one re-trains a round), and the results are still identical.

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { federatedCommand } from '../../cli/queue/federatedRun.js';
import { queueStatus } from '../../cli/queue/jobs.js';
import { parseQueueUrl } from '../../cli/queue/connection.js';
import { runCommand, runOptionsFrom, parseCliArgs } from '../../cli/run.js';
import { UsageError } from '../../cli/errors.js';
import { describeWithRedis } from './redisServer.js';

const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '..', '..');
const BIN = join(ROOT, 'bin', 'mecrl.mjs');
const tmp = mkdtempSync(join(tmpdir(), 'mecrl-fedsc-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const HMAC = 'per-run-hmac-key-for-tests';
const BASE = ['smart-community', '--preset', 'smoke', '--seeds', '1', '--set', 'train.epochs=6'];

const opts = (cmd: string, args: string[]) => {
  const { values, positionals } = parseCliArgs(cmd, args);
  return runOptionsFrom(values, positionals[0]!, ['mecrl', cmd, ...args].join(' '));
};
const withoutWall = (f: string): unknown => { const s = JSON.parse(readFileSync(f, 'utf8')) as Record<string, unknown>; delete s['wallSeconds']; return s; };
const quiet = async <T>(f: () => Promise<T>): Promise<T> => {
  const w = process.stdout.write.bind(process.stdout);
  process.stdout.write = (() => true) as typeof process.stdout.write;
  try { return await f(); } finally { process.stdout.write = w; }
};

describe('mecrl federated: input errors (no server needed)', () => {
  it('names the missing queue, a non-federated method or experiment, and the HMAC key', async () => {
    await expect(federatedCommand(opts('federated', [...BASE, '--methods', 'pfr-oa']))).rejects.toThrow('mecrl federated needs --queue redis://host:port');
    await expect(federatedCommand(opts('federated', [...BASE, '--methods', 'td3', '--queue', 'redis://127.0.0.1:1']))).rejects.toThrow("mecrl federated: method 'td3' of smart-community has no federated rounds (federated methods: pfr-oa, mcf-td3; pass --methods)");
    await expect(federatedCommand(opts('federated', ['small-cell', '--preset', 'smoke', '--queue', 'redis://127.0.0.1:1']))).rejects.toThrow(/small-cell has no cross-process federated task \(available: smart-community\)/);
    const saved = process.env['MECRL_HMAC_KEY'];
    delete process.env['MECRL_HMAC_KEY'];
    try {
      await expect(federatedCommand(opts('federated', [...BASE, '--methods', 'pfr-oa', '--queue', 'redis://127.0.0.1:1', '--out', join(tmp, 'nokey')]))).rejects.toThrow(UsageError);
    } finally { if (saved !== undefined) process.env['MECRL_HMAC_KEY'] = saved; }
  });
});

describeWithRedis('mecrl federated smart-community through Redis', ({ server, children }) => {
  const worker = (log: string[]): ChildProcess => {
    const p = spawn(process.execPath, [BIN, 'worker', '--queue', server().url, '--concurrency', '3'],
      { cwd: tmp, env: { ...process.env, FORCE_COLOR: '0', MECRL_REDIS_PASSWORD: server().password, MECRL_HMAC_KEY: HMAC, MECRL_QUEUE_LOCK_MS: '1000' } });
    children.push(p);
    p.stderr!.on('data', (d: Buffer) => { log.push(d.toString()); });
    return p;
  };
  const sameJob = (a: string, b: string, method: string): void => {
    const d = (x: string): string => join(x, 'jobs', `${method}-seed1`);
    expect(readFileSync(join(d(a), 'rows.jsonl'), 'utf8')).toBe(readFileSync(join(d(b), 'rows.jsonl'), 'utf8'));
    expect(withoutWall(join(d(a), 'result.json'))).toEqual(withoutWall(join(d(b), 'result.json')));
    expect(readFileSync(join(d(a), 'policy.json'), 'utf8')).toBe(readFileSync(join(d(b), 'policy.json'), 'utf8'));
    for (const f of readdirSync(join(d(b), 'policy'))) expect(readFileSync(join(d(a), 'policy', f)).equals(readFileSync(join(d(b), 'policy', f))), f).toBe(true);
  };

  it("pfr-oa and mcf-td3 with every community in a worker process equal the in-process run, though the worker is SIGKILLed mid-run; bytes per round", async () => {
    process.env['MECRL_HMAC_KEY'] = HMAC;
    const methods = ['--methods', 'pfr-oa,mcf-td3'];
    const log1: string[] = [], log2: string[] = [];
    const w1 = worker(log1); // starts while the reference runs
    expect(await quiet(() => runCommand(opts('run', [...BASE, ...methods, '--workers', '1', '--out', join(tmp, 'ref')])))).toBe(0);
    // After round 3 of 6 of pfr-oa the only worker (holding all three client jobs) is SIGKILLed and
    // a new one started: it takes the stalled jobs over, the clients restore their snapshots (taken
    // every 2 rounds, so one round is re-trained) and the round, under 'wait', waits for them.
    let w2: ChildProcess | null = null;
    const lines: string[] = [];
    const code = await quiet(() => federatedCommand({ ...opts('federated', [...BASE, ...methods, '--queue', server().url, '--out', join(tmp, 'fed')]), snapshotEvery: 2 }, (l) => {
      lines.push(l);
      if (l === 'pfr-oa seed 1: round 3/6' && w2 === null) { w1.kill('SIGKILL'); w2 = worker(log2); }
    }));
    expect(code, lines.join('\n') + log1.join('') + log2.join('')).toBe(0);
    expect(w2).not.toBeNull();
    expect(log2.join('')).toMatch(/pfr-oa seed 1 client \d: restored its snapshot after round 1/);
    const ref = join(tmp, 'ref'), fed = join(tmp, 'fed');
    expect(readFileSync(join(fed, 'metrics.jsonl'), 'utf8')).toBe(readFileSync(join(ref, 'metrics.jsonl'), 'utf8'));
    expect(withoutWall(join(fed, 'summary.json'))).toEqual(withoutWall(join(ref, 'summary.json')));
    for (const m of ['pfr-oa', 'mcf-td3']) sameJob(fed, ref, m);
    const transport = readFileSync(join(fed, 'transport.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { method: string; round: number; bytesDown: number; bytesUp: number; answered: number; rejected: number });
    expect(transport.map((t) => `${t.method} ${t.round}`)).toEqual(['pfr-oa', 'mcf-td3'].flatMap((m) => [0, 1, 2, 3, 4, 5].map((r) => `${m} ${r}`)));
    expect(transport.every((t) => t.answered === 3 && t.bytesDown > 0 && t.bytesUp > 0)).toBe(true);
    // Rounds at epochs 0, 2, 4 carry θ_f down; the epochs before them (1, 3) carry the models up.
    const mcf = transport.slice(6);
    expect(mcf[0]!.bytesDown).toBeGreaterThan(10 * mcf[1]!.bytesDown);
    expect(mcf[1]!.bytesUp).toBeGreaterThan(3 * mcf[0]!.bytesUp);
    const report = readFileSync(join(fed, 'REPORT.md'), 'utf8');
    expect(report).toContain('## Transport (Redis)');
    expect(report).toMatch(/\| mcf-td3 \| 1 \| 6 \| \d+ \| \d+ \| \d+ \| 0 \| \d+ \(3\) \|/);
    const all = readFileSync(join(fed, 'config.json'), 'utf8') + report + log1.join('') + log2.join('') + lines.join('\n');
    expect(all).toContain('redis://<redacted>');
    expect(all).not.toContain(String(server().port));
    expect(all).not.toContain(HMAC);
    let status = '';
    expect(await queueStatus(parseQueueUrl(server().url), server().url, (t) => { status += t; })).toBe(0);
    expect(status).toContain("queue 'mecrl-federated' (federated client jobs): 0 waiting, 0 active, 0 delayed, 0 failed");
    w2!.kill('SIGTERM'); // the test server stops next; the client jobs are done
  }, 150_000);
});
