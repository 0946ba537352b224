// `mecrl federated <experiment> … --queue URL` (Node-only): federated runs whose clients train in
// `mecrl worker` processes on any machine, through Redis. For every (method, seed) the coordinator
// (this process) enqueues one long-lived BullMQ job per client (community) on the queue
// 'mecrl-federated' and runs the rounds (cli/queue/federated.ts, policy 'wait'); a worker runs each
// client job in a worker thread (cli/queue/fedClientThread.ts) so its main thread keeps renewing
// the job's lock. A worker that dies loses nothing: BullMQ's stalled-job check hands its client jobs
// to another worker, whose client restores its signed snapshot from Redis, re-trains the rounds
// since then and rejoins; the round waits meanwhile, so the results do not change.
// The coordinator writes the usual run folder — jobs/<method>-seed<s>/ (rows.jsonl, result.json,
// policy/, policy.json), metrics.jsonl, summary.json, REPORT.md — identical to `mecrl run` of the
// same preset, methods and seeds apart from wall times and the command line, plus transport.jsonl
// (the bytes actually sent per round) and a "Transport" section in REPORT.md.

import { createHash, randomBytes } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Queue, UnrecoverableError, WaitingError, Worker, type Job } from 'bullmq';
import type { MetricRow } from '../../experiments/types.js';
import { setBackend, type Backend } from '../../lib/tensor/index.js';
import { UsageError } from '../errors.js';
import { jobDir, writeJobResult } from '../job.js';
import { stringify } from '../jsonl.js';
import { writeFileAtomic } from '../fs/atomic.js';
import { RunStopped, finishRun, resolveRun, usableBackend, versions, type RunOptions } from '../run.js';
import { startWorker } from '../workers.js';
import { connect, hmacKey, ready, redactCommand, redactUrl, redisOptions, parseQueueUrl, type QueueTarget } from './connection.js';
import { federatedKeys, runCoordinator, type RoundRecord } from './federated.js';
import { FEDERATED_EXPERIMENTS } from './smartCommunity.js';

export const FEDERATED_QUEUE = 'mecrl-federated';
export const CLIENT_ATTEMPTS = 5;

/** One client job: community `client` of run `runId`. */
export interface FederatedClientJob {
  readonly kind: 'federated-client';
  readonly runId: string;
  readonly experiment: string;
  readonly config: unknown;
  readonly method: string;
  readonly seed: number;
  readonly client: number;
  readonly version: string;
  readonly snapshotEvery: number;
  readonly backend?: Backend;
}

export interface FederatedOptions extends RunOptions {
  /** Client snapshots every this many rounds (default 1). */
  readonly snapshotEvery?: number;
}

/** `mecrl federated`: the coordinator of every (method, seed) job, one after another, then the report. */
export async function federatedCommand(o: FederatedOptions, log: (line: string) => void = (l) => process.stderr.write(l + '\n')): Promise<number> {
  const { exp, preset, info, out, configs } = resolveRun(o);
  if (o.queue === undefined) throw new UsageError('mecrl federated needs --queue redis://host:port (its clients run in mecrl worker processes)');
  const fx = FEDERATED_EXPERIMENTS[exp.name];
  if (fx === undefined) throw new UsageError(`mecrl federated: ${exp.name} has no cross-process federated task (available: ${Object.keys(FEDERATED_EXPERIMENTS).join(', ')})`);
  if (preset.sweep !== undefined) throw new UsageError(`mecrl federated runs one config; preset '${info.preset}' is a sweep (pick a value with --set ${preset.sweep.key}=… on a non-sweep preset)`);
  for (const m of info.methods) if (!fx.methods.includes(m)) throw new UsageError(`mecrl federated: method '${m}' of ${exp.name} has no federated rounds (federated methods: ${fx.methods.join(', ')}; pass --methods)`);
  if (o.resume) throw new UsageError('mecrl federated: --resume is not supported (a federated run restarts from round 0; its clients resume on their own)');
  const snapshotEvery = o.snapshotEvery ?? 1;
  const key = hmacKey('mecrl federated');
  const target = parseQueueUrl(o.queue);
  const config = configs[0]!.config;
  const backend = usableBackend(o.backend);
  setBackend(backend);
  if (existsSync(out) && readdirSync(out).length > 0) throw new UsageError(`--out ${out} exists and is not empty: choose another --out`);
  mkdirSync(out, { recursive: true });
  const version = versions()['mecrl']!;
  const command = redactCommand(o.command);
  writeFileAtomic(join(out, 'config.json'), stringify({
    experiment: exp.name, preset: info.preset, seeds: info.seeds, methods: info.methods, config, resolutions: exp.resolutions(config), versions: versions(), command, backend,
    federated: { queue: redactUrl(o.queue), policy: 'wait', reproducible: true, snapshotEvery },
  }, 2) + '\n');

  const redis = connect(target), blocking = connect(target);
  try { await ready(redis, o.queue); await ready(blocking, o.queue); } catch (e) { redis.disconnect(); blocking.disconnect(); throw e; }
  const queue = new Queue(FEDERATED_QUEUE, { connection: redisOptions(target) });
  queue.on('error', () => undefined);
  const transport: Array<{ method: string; seed: number; rounds: RoundRecord[]; computedBytes: number; fedRounds: number }> = [];
  try {
    for (const method of info.methods) {
      for (const seed of info.seeds) {
        const runId = `${createHash('sha256').update(stringify({ experiment: exp.name, config, method, seed, version })).digest('hex').slice(0, 12)}-${randomBytes(4).toString('hex')}`;
        const rows: MetricRow[] = [];
        const task = fx.task(config, method, seed, { emit: (r) => rows.push(r), progress: () => undefined });
        await queue.addBulk(Array.from({ length: task.clients }, (_, client) => ({
          name: `${exp.name} ${method} seed ${seed} client ${client}`,
          data: { kind: 'federated-client', runId, experiment: exp.name, config, method, seed, client, version, snapshotEvery, backend } satisfies FederatedClientJob,
          opts: { jobId: `${runId}-c${client}`, attempts: CLIENT_ATTEMPTS, backoff: { type: 'exponential', delay: 1000 }, removeOnComplete: true, removeOnFail: false },
        })));
        log(`${method} seed ${seed}: run ${runId}, ${task.clients} client jobs on queue '${FEDERATED_QUEUE}' (start 'mecrl worker --queue URL' anywhere), ${task.rounds} rounds`);
        const t0 = process.hrtime.bigint();
        // Under 'wait' a client job no worker has taken holds every round: say so every 30 s; a
        // client job that failed for good (its attempts used up) ends the run with its error.
        let failed: string | null = null, ticks = 0;
        const watch = setInterval(() => {
          ticks++;
          void Promise.all(Array.from({ length: task.clients }, async (_, c) => ({ c, job: await queue.getJob(`${runId}-c${c}`), state: await queue.getJobState(`${runId}-c${c}`) }))).then((js) => {
            const dead = js.find((j) => j.state === 'failed');
            if (dead !== undefined) failed = `client job ${runId}-c${dead.c} failed after ${dead.job?.attemptsMade ?? '?'} attempt(s): ${dead.job?.failedReason ?? '?'}`;
            const idle = js.flatMap((j) => (j.state === 'waiting' || j.state === 'delayed' || j.state === 'prioritized' ? [j.c] : []));
            if (idle.length > 0 && ticks % 6 === 0) log(`${method} seed ${seed}: client job(s) ${idle.join(', ')} still wait for a worker: the rounds wait for every client, so the workers' --concurrency must add up to at least ${task.clients} (start another 'mecrl worker')`);
          }, () => undefined);
        }, 5_000);
        let res;
        try {
          res = await runCoordinator(redis, blocking, task, {
            runId, key, policy: 'wait', log: (l) => log(`${method} seed ${seed}: ${l}`), abort: () => failed,
            onRound: (r) => { if ((r.round + 1) % Math.max(1, Math.ceil(task.rounds / 10)) === 0 || r.round + 1 === task.rounds) log(`${method} seed ${seed}: round ${r.round + 1}/${task.rounds}`); },
          });
        } catch (e) {
          if (failed !== null) throw new RunStopped(`${method} seed ${seed}: ${failed}`);
          throw e;
        } finally {
          clearInterval(watch);
        }
        const result = task.coordinator().finish();
        await redis.expire(federatedKeys.done(runId), 24 * 3600); // late or restarted clients of this run still see it is done
        writeJobResult(jobDir(out, method, seed), rows, result, Number(process.hrtime.bigint() - t0) / 1e9);
        transport.push({ method, seed, rounds: res.rounds, computedBytes: result.metrics['totalSignallingBytes'] ?? NaN, fedRounds: result.metrics['fedRounds'] ?? NaN });
      }
    }
  } finally {
    await queue.close();
    redis.disconnect();
    blocking.disconnect();
  }
  writeFileAtomic(join(out, 'transport.jsonl'), transport.flatMap((t) => t.rounds.map((r) => stringify({ method: t.method, seed: t.seed, round: r.round, bytesDown: r.bytesDown, bytesUp: r.bytesUp, answered: r.answered.length, rejected: r.rejected.length }) + '\n')).join(''));
  const code = await finishRun(exp, info, out, command, o.failOnGates);
  appendFileSync(join(out, 'REPORT.md'), transportMarkdown(transport));
  return code;
}

/** The REPORT.md section on the bytes actually sent through Redis, beside the computed accounting. */
export function transportMarkdown(jobs: ReadonlyArray<{ method: string; seed: number; rounds: readonly RoundRecord[]; computedBytes: number; fedRounds: number }>): string {
  const lines = [
    '', '## Transport (Redis)', '',
    'Bytes actually sent through Redis (`transport.jsonl` has every round): down = the signed global message × the clients, up = every update message received (rejected ones included). A transport round is one training epoch; its messages carry the round command (θ_f and λ when a federated round happens), each community\'s epoch trace (step metrics and losses, so the coordinator can pool them), its models before a federated round, and its learner state after the last epoch. The computed accounting (`totalSignallingBytes`, lib/federated, model parameters at `bytesPerScalar`) is what the claims use.', '',
    '| method | seed | rounds | bytes down | bytes up | bytes per round (mean) | rejected | computed accounting (bytes, federated rounds) |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const j of jobs) {
    const down = j.rounds.reduce((s, r) => s + r.bytesDown, 0), up = j.rounds.reduce((s, r) => s + r.bytesUp, 0);
    lines.push(`| ${j.method} | ${j.seed} | ${j.rounds.length} | ${down} | ${up} | ${Math.round((down + up) / Math.max(1, j.rounds.length))} | ${j.rounds.reduce((s, r) => s + r.rejected.length, 0)} | ${j.computedBytes} (${j.fedRounds}) |`);
  }
  return lines.join('\n') + '\n';
}

type ClientMsg = { kind: 'ready' } | { kind: 'log'; line: string } | { kind: 'done' } | { kind: 'error'; name: string; message: string; stack?: string };
type Thread = ReturnType<typeof startWorker>;

/** The BullMQ worker of `mecrl worker` for client jobs (each in a worker thread, reused across jobs); `close()` puts the running ones back in the queue. */
export function startFederatedWorker(target: QueueTarget, version: string, concurrency: number, log: (line: string) => void): { close(): Promise<void> } {
  const idle: Thread[] = [], busy = new Set<Thread>();
  let stopping = false;
  const runOn = (w: Thread, job: Job<FederatedClientJob>): Promise<void> => new Promise<void>((resolve, reject) => {
    const onMsg = (m: ClientMsg): void => {
      if (m.kind === 'log') log(`${job.name}: ${m.line}`);
      else if (m.kind === 'done') { done(); idle.push(w); resolve(); }
      else if (m.kind === 'error') { done(); idle.push(w); reject(Object.assign(new Error(m.message), { name: m.name, stack: m.stack })); }
    };
    const onExit = (): void => { done(); reject(new Error('the client thread stopped')); };
    const done = (): void => { w.off('message', onMsg); w.off('exit', onExit); busy.delete(w); };
    busy.add(w);
    w.on('message', onMsg);
    w.once('exit', onExit);
    w.postMessage(job.data);
  });
  const thread = async (): Promise<Thread> => {
    const w = idle.pop();
    if (w !== undefined) return w;
    const t = startWorker(new URL('./fedClientThread.ts', import.meta.url), { workerData: { target } });
    t.on('error', (e) => log(`client thread: ${e.message}`));
    await new Promise<void>((resolve, reject) => {
      t.once('message', (m: ClientMsg) => (m.kind === 'ready' ? resolve() : reject(new Error('client thread did not start'))));
      t.once('exit', () => reject(new Error('client thread exited while starting')));
    });
    return t;
  };
  const processor = async (job: Job<FederatedClientJob>, token?: string): Promise<string> => {
    const d = job.data;
    if (d.version !== version) throw new UnrecoverableError(`client job ${job.id} was submitted by mecrl ${d.version} but this worker is mecrl ${version}: run a worker from the same mecrl version (results differ across versions)`);
    log(`${job.name} (run ${d.runId}, attempt ${job.attemptsMade + 1}): starting`);
    try {
      await runOn(await thread(), job);
    } catch (e) {
      if (stopping) {
        await job.moveToWait(token);
        log(`${job.name}: stopped; back in the queue (it resumes from its snapshot)`);
        throw new WaitingError();
      }
      if ((e as Error).name === 'UsageError') throw new UnrecoverableError((e as Error).message);
      throw e;
    }
    log(`${job.name}: done`);
    return 'done';
  };
  const lock = Number(process.env['MECRL_QUEUE_LOCK_MS'] ?? 30_000);
  const lockMs = Number.isFinite(lock) && lock >= 500 ? lock : 30_000;
  const worker = new Worker<FederatedClientJob>(FEDERATED_QUEUE, processor, {
    connection: redisOptions(target), concurrency, lockDuration: lockMs, stalledInterval: Math.max(250, Math.floor(lockMs / 2)), maxStalledCount: 5,
  });
  worker.on('failed', (job, err) => log(`${job?.name ?? '?'} (client job ${job?.id ?? '?'}) failed: ${err.message}`));
  worker.on('error', () => undefined);
  return {
    async close() {
      stopping = true;
      const all = [...busy, ...idle];
      await Promise.all(all.map((w) => w.terminate()));
      await worker.close();
    },
  };
}
