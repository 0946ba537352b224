// Runs on several machines: `mecrl run --queue`, `mecrl worker`, `mecrl queue status` against a
// private redis-server (127.0.0.1, free port, password; see redisServer.ts). Byte-identical
// metrics.jsonl/summary.json to the in-process runner; a SIGKILLed worker's job resumes on another
// worker from its checkpoint in Redis; a Redis restart mid-run is survived; version mismatch refused.

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Queue } from 'bullmq';
import { afterAll, describe, expect, it } from 'vitest';
import { connect, parseQueueUrl, readSecret, redactCommand } from '../../cli/queue/connection.js';
import { QUEUE_NAME, queueJobId, queueKeys } from '../../cli/queue/jobs.js';
import { getFiles, putFiles, CHUNK_BYTES } from '../../cli/queue/store.js';
import { EXPERIMENTS } from '../../experiments/index.js';
import { mergePartials } from '../../experiments/common/config.js';
import { describeWithRedis } from './redisServer.js';

const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '..', '..');
const BIN = join(ROOT, 'bin', 'mecrl.mjs');
const tmp = mkdtempSync(join(tmpdir(), 'mecrl-queue-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('queue URL and secrets (no server needed)', () => {
  it('refuses a password in the URL, reads secrets from env or file, redacts URLs', () => {
    expect(() => parseQueueUrl('redis://:hunter2@127.0.0.1:6379')).toThrow(/must not carry a user or password .*MECRL_REDIS_PASSWORD/);
    expect(() => parseQueueUrl('http://127.0.0.1:6379')).toThrow(/scheme must be redis:\/\/ or rediss:\/\//);
    expect(parseQueueUrl('redis://127.0.0.1:7000/2')).toEqual({ host: '127.0.0.1', port: 7000, tls: false, db: 2 });
    const f = join(tmp, 'secret');
    writeFileSync(f, 's3cret\n');
    expect(readSecret('X', { X_FILE: f })).toBe('s3cret');
    expect(readSecret('X', { X: 'direct', X_FILE: f })).toBe('direct');
    expect(readSecret('X', {})).toBeUndefined();
    expect(() => readSecret('X', { X_FILE: join(tmp, 'nope') })).toThrow(/X_FILE: cannot read the secret file \(ENOENT\)/);
    expect(redactCommand('mecrl run a --queue redis://10.0.0.5:6379 --out x')).toBe('mecrl run a --queue redis://<redacted> --out x');
    expect(redactCommand('mecrl run a --queue=rediss://h:1')).toBe('mecrl run a --queue=rediss://<redacted>');
  });

  it('the published library declares no runtime dependencies; the CLI\'s packages are exact-pinned devDependencies', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { dependencies?: object; devDependencies: Record<string, string> };
    expect(pkg.dependencies).toBeUndefined();
    for (const [name, v] of [['bullmq', '6.7.0'], ['ioredis', '6.0.0'], ['vega', '6.4.0'], ['vega-lite', '6.4.3'], ['@resvg/resvg-js', '2.6.2'], ['cli-progress', '3.12.0']]) expect(pkg.devDependencies[name!], name).toBe(v);
  });
});

describeWithRedis('Redis queue', ({ server, children }) => {
  const env = (): NodeJS.ProcessEnv => ({ ...process.env, FORCE_COLOR: '0', MECRL_REDIS_PASSWORD: server().password, MECRL_QUEUE_LOCK_MS: '1000' });
  const run = (args: string[]): Promise<{ code: number; stdout: string; stderr: string }> => new Promise((res) => {
    const p = spawn(process.execPath, [BIN, ...args], { cwd: tmp, env: env() });
    children.push(p);
    let stdout = '', stderr = '';
    p.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    p.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    p.on('exit', (c) => res({ code: c ?? -1, stdout, stderr }));
  });
  const worker = (log: string[]): ChildProcess => {
    const p = spawn(process.execPath, [BIN, 'worker', '--queue', server().url, '--concurrency', '2'], { cwd: tmp, env: env() });
    children.push(p);
    p.stderr!.on('data', (d: Buffer) => { log.push(d.toString()); });
    return p;
  };
  const stopWorker = (p: ChildProcess): Promise<void> => new Promise((res) => { if (p.exitCode !== null) { res(); return; } p.once('exit', () => res()); p.kill('SIGTERM'); });
  const withoutWall = (f: string): unknown => { const s = JSON.parse(readFileSync(f, 'utf8')) as Record<string, unknown>; delete s['wallSeconds']; return s; };
  const same = (a: string, b: string): void => {
    expect(readFileSync(join(a, 'metrics.jsonl'), 'utf8')).toBe(readFileSync(join(b, 'metrics.jsonl'), 'utf8'));
    expect(withoutWall(join(a, 'summary.json'))).toEqual(withoutWall(join(b, 'summary.json')));
  };

  it('stores files chunked and reads them back bit for bit', async () => {
    const r = connect(parseQueueUrl(server().url));
    const big = new Uint8Array(CHUNK_BYTES * 2 + 17).map((_, i) => (i * 31) & 255);
    await putFiles(r, 'mecrl:test:files', [['a/b.f64', big], ['x.json', new Uint8Array([123, 125])]]);
    const back = await getFiles(r, 'mecrl:test:files');
    expect(back!.map(([p]) => p)).toEqual(['a/b.f64', 'x.json']);
    expect(Buffer.compare(Buffer.from(back![0]![1]), Buffer.from(big))).toBe(0);
    expect(await getFiles(r, 'mecrl:test:none')).toBeNull();
    r.disconnect();
  });

  it('a sweep through Redis on 2 worker processes equals the in-process run byte for byte; resubmitting reruns nothing; status; version refusal', async () => {
    const args = ['run', 'small-cell', '--preset', 'smoke-sweep', '--methods', 'ma-drl,local', '--seeds', '1'];
    const ref = await run([...args, '--workers', '1', '--out', 'ref']);
    expect(ref.code, ref.stderr).toBe(0);
    const log: string[] = [];
    const w1 = worker(log), w2 = worker(log);
    const q = await run([...args, '--queue', server().url, '--out', 'q']);
    expect(q.code, q.stderr + log.join('')).toBe(0);
    for (const v of ['env.beta=0.5', 'env.beta=2']) same(join(tmp, 'q', v), join(tmp, 'ref', v));
    expect(withoutWall(join(tmp, 'q', 'summary.json'))).toEqual(withoutWall(join(tmp, 'ref', 'summary.json')));
    const cfg = readFileSync(join(tmp, 'q', 'env.beta=0.5', 'config.json'), 'utf8') + readFileSync(join(tmp, 'q', 'REPORT.md'), 'utf8');
    expect(cfg).toContain('--queue redis://<redacted>');
    expect(cfg).not.toContain(String(server().port));
    expect(log.join('')).not.toContain(String(server().port));
    // Same command again: same ids, already completed, nothing runs.
    const before = log.join('').match(/: done/g)!.length;
    expect(before).toBe(4);
    const again = await run([...args, '--queue', server().url, '--out', 'q2']);
    expect(again.code, again.stderr).toBe(0);
    same(join(tmp, 'q2', 'env.beta=2'), join(tmp, 'ref', 'env.beta=2'));
    expect(log.join('').match(/: done/g)!.length).toBe(before);
    // A job from another mecrl version is refused with a clear message, without retries.
    const queue = new Queue(QUEUE_NAME, { connection: { host: '127.0.0.1', port: server().port, password: server().password, maxRetriesPerRequest: null } });
    const id = queueJobId('small-cell', {}, 'local', 9, '0.0.0-other');
    await queue.add('small-cell local seed 9', { experiment: 'small-cell', config: {}, method: 'local', seed: 9, version: '0.0.0-other', checkpointEvery: 10, label: 'small-cell/other' }, { jobId: id, attempts: 3 });
    for (let i = 0; i < 100 && (await (await queue.getJob(id))!.getState()) !== 'failed'; i++) await new Promise((r) => setTimeout(r, 100));
    const st = await run(['queue', 'status', server().url]);
    expect(st.code, st.stderr).toBe(0);
    expect(st.stdout).toMatch(/4 completed, 1 failed/);
    expect(st.stdout).toContain(`failed   ${id} small-cell/other: small-cell local seed 9 — after 1 attempt(s): job ${id} was submitted by mecrl 0.0.0-other but this worker is mecrl 0.1.0`);
    expect(st.stdout).not.toContain(String(server().port));
    // A job that keeps failing is retried with backoff, then reported by id with its error: here a
    // job holding the id of 'local seed 7' fails, and the submitter of that job reports it.
    const exp = EXPERIMENTS['small-cell']!;
    const cfg7 = exp.resolveConfig(mergePartials(exp.presets['smoke']!.config, {}));
    const id7 = queueJobId('small-cell', cfg7, 'local', 7, '0.1.0');
    await queue.add('bad', { experiment: 'nope', config: {}, method: 'local', seed: 7, version: '0.1.0', checkpointEvery: 10, label: 'small-cell/smoke' }, { jobId: id7, attempts: 3, backoff: { type: 'exponential', delay: 200 } });
    const bad = await run(['run', 'small-cell', '--preset', 'smoke', '--methods', 'local', '--seeds', '7', '--queue', server().url, '--out', 'bad']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain(`1 job(s) failed after 3 attempts:\n  ${id7} local seed 7: unknown experiment 'nope'`);
    expect((await queue.getJob(id7))!.attemptsMade).toBe(3);
    await queue.obliterate({ force: true });
    await queue.close();
    await Promise.all([stopWorker(w1), stopWorker(w2)]);
  }, 180_000);

  it('SIGTERM returns a job to the queue without using an attempt; a worker SIGKILLed mid-job loses nothing: another worker resumes from the checkpoint in Redis; a Redis restart is survived', async () => {
    const args = ['run', 'small-cell', '--preset', 'smoke', '--methods', 'ma-drl', '--seeds', '3', '--set', 'train.episodes=16', '--checkpoint-every', '2'];
    const ref = await run([...args, '--workers', '1', '--out', 'kref']);
    expect(ref.code, ref.stderr).toBe(0);
    const log: string[] = [];
    const w0 = worker(log);
    const submit = run([...args, '--queue', server().url, '--out', 'kq']);
    const cfg = (JSON.parse(readFileSync(join(tmp, 'kref', 'config.json'), 'utf8')) as { config: unknown }).config;
    const id = queueJobId('small-cell', cfg, 'ma-drl', 3, '0.1.0');
    const r = connect(parseQueueUrl(server().url));
    for (let i = 0; i < 600 && (await r.exists(queueKeys(id).checkpoint)) === 0; i++) await new Promise((res) => setTimeout(res, 50));
    expect(await r.exists(queueKeys(id).checkpoint)).toBe(1);
    // SIGTERM: the worker stops at the next checkpoint; the job goes back to waiting without using an attempt.
    await stopWorker(w0);
    expect(log.join('')).toMatch(/stopped at its checkpoint, back in the queue/);
    const queue = new Queue(QUEUE_NAME, { connection: { host: '127.0.0.1', port: server().port, password: server().password, maxRetriesPerRequest: null } });
    const job = (await queue.getJob(id))!;
    expect([await job.getState(), job.attemptsMade]).toEqual(['waiting', 0]);
    await queue.close();
    // The next worker resumes it; kill that one outright (SIGKILL) once it has resumed.
    const w1 = worker(log);
    for (let i = 0; i < 600 && (log.join('').match(/resuming from its checkpoint in Redis/g) ?? []).length < 1; i++) await new Promise((res) => setTimeout(res, 50));
    r.disconnect();
    w1.kill('SIGKILL');
    // A fresh worker takes the job over; restart Redis (append-only file) while it runs.
    const w2 = worker(log);
    for (let i = 0; i < 600 && (log.join('').match(/resuming from its checkpoint in Redis/g) ?? []).length < 2; i++) await new Promise((res) => setTimeout(res, 50));
    await server().stopServer();
    await server().startServer();
    const q = await submit;
    expect(q.code, q.stderr + log.join('')).toBe(0);
    expect((log.join('').match(/resuming from its checkpoint in Redis/g) ?? []).length).toBe(2);
    same(join(tmp, 'kq'), join(tmp, 'kref'));
    await stopWorker(w2);
  }, 180_000);
});
