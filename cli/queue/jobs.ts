// Runs on several machines (Node-only): `mecrl run … --queue URL` enqueues one BullMQ job per
// (sweep value, method, seed) and gathers the results; `mecrl worker --queue URL` runs them;
// `mecrl queue status URL` lists them.
//
// - Job id = SHA-256 of (experiment, resolved config, method, seed, mecrl version): the same
//   command submits the same ids, BullMQ ignores an id it already holds, and a finished job's
//   result stays in Redis, so it is gathered, not run again.
// - The job folder (rows.jsonl + checkpoint/ while running; result.json, rows.jsonl, policy/ when
//   done) travels through Redis (`store.ts`), never a shared filesystem: a job taken over by
//   another worker (after a crash: BullMQ's stalled-job check) resumes from its last checkpoint.
// - A worker whose mecrl version differs from the job's refuses it (UnrecoverableError: no retry).
// - Failures are retried with exponential backoff up to ATTEMPTS times, then reported by id.

import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue, UnrecoverableError, WaitingError, Worker, type Job } from 'bullmq';
import { jobDir, type JobProgress, type JobSpec } from '../job.js';
import type { Backend } from '../../lib/tensor/index.js';
import { stringify } from '../jsonl.js';
import { startWorker } from '../workers.js';
import { connect, ready, redactUrl, redisOptions, type QueueTarget } from './connection.js';
import { getFiles, putFiles, writeFolder, type FileSet } from './store.js';
import { FEDERATED_QUEUE, startFederatedWorker } from './federatedRun.js';

export const QUEUE_NAME = 'mecrl-jobs';
export const ATTEMPTS = 3;
const KEY = (kind: 'checkpoint' | 'result', id: string): string => `mecrl:${kind}:${id}`;

export interface QueueJobData {
  readonly experiment: string;
  readonly config: unknown;
  readonly method: string;
  readonly seed: number;
  readonly version: string;
  readonly checkpointEvery: number;
  /** Kernel backend (results are bit-identical either way, so it is not part of the job id). */
  readonly backend?: Backend;
  /** `--debug-numerics` (results are bit-identical either way, so it is not part of the job id). */
  readonly debugNumerics?: boolean;
  /** experiment/preset and the sweep value, for `queue status`. */
  readonly label: string;
}

/** The job id: a hash of what determines the job's results, plus the mecrl version. */
export function queueJobId(experiment: string, config: unknown, method: string, seed: number, version: string): string {
  return createHash('sha256').update(stringify({ experiment, config, method, seed, version })).digest('hex').slice(0, 40);
}

/** Worker timing; tests shorten it through MECRL_QUEUE_LOCK_MS (a crashed worker's job is taken over after about this long). */
function lockMs(): number {
  const v = Number(process.env['MECRL_QUEUE_LOCK_MS'] ?? 30_000);
  return Number.isFinite(v) && v >= 500 ? v : 30_000;
}

export interface QueueRunResult { statuses: string[]; failed: Array<{ id: string; job: string; error: string }> }

/**
 * Submits `specs` (idempotently) and waits until each is completed or failed, copying finished
 * jobs' folders into their run folders. `enqueueOnly` lets a sweep enqueue every value first.
 */
export async function submitAndWait(target: QueueTarget, specs: readonly JobSpec[], version: string, label: string,
  onProgress: (p: JobProgress) => void, onDone: (s: JobSpec, status: string) => void, stopped: () => boolean, enqueueOnly = false): Promise<QueueRunResult> {
  const redis = connect(target);
  try { await ready(redis, 'redis://'); } catch (e) { redis.disconnect(); throw e; }
  const queue = new Queue(QUEUE_NAME, { connection: redisOptions(target) });
  queue.on('error', () => undefined);
  try {
    const ids = specs.map((s) => queueJobId(s.experiment, s.config, s.method, s.seed, version));
    await queue.addBulk(specs.map((s, i) => ({
      name: `${s.experiment} ${s.method} seed ${s.seed}`,
      data: { experiment: s.experiment, config: s.config, method: s.method, seed: s.seed, version, checkpointEvery: s.checkpointEvery, ...(s.backend !== undefined ? { backend: s.backend } : {}), ...(s.debugNumerics === true ? { debugNumerics: true } : {}), label } satisfies QueueJobData,
      opts: { jobId: ids[i]!, attempts: ATTEMPTS, backoff: { type: 'exponential', delay: 1000 }, removeOnComplete: false, removeOnFail: false },
    })));
    if (enqueueOnly) return { statuses: [], failed: [] };
    const statuses: string[] = new Array(specs.length);
    const failed: QueueRunResult['failed'] = [];
    const pending = new Set(specs.map((_, i) => i));
    while (pending.size > 0 && !stopped()) {
      for (const i of [...pending]) {
        const job = await queue.getJob(ids[i]!);
        if (job === undefined) throw new Error(`job ${ids[i]} vanished from Redis (was the queue obliterated?)`);
        const state = await job.getState();
        if (state === 'completed') {
          const files = await getFiles(redis, KEY('result', ids[i]!));
          if (files === null) throw new Error(`job ${ids[i]} is completed but its result ${KEY('result', ids[i]!)} is not in Redis`);
          writeFolder(jobDir(specs[i]!.runDir, specs[i]!.method, specs[i]!.seed), files);
          statuses[i] = 'done';
          pending.delete(i);
          onDone(specs[i]!, 'done');
        } else if (state === 'failed') {
          statuses[i] = 'failed';
          failed.push({ id: ids[i]!, job: `${specs[i]!.method} seed ${specs[i]!.seed}`, error: job.failedReason });
          pending.delete(i);
          onDone(specs[i]!, `FAILED (job ${ids[i]}): ${job.failedReason}`);
        } else if (typeof job.progress === 'object' && job.progress !== null && 'episode' in job.progress) {
          onProgress(job.progress as unknown as JobProgress);
        }
      }
      if (pending.size > 0) await new Promise((r) => setTimeout(r, 250));
    }
    for (const i of pending) statuses[i] = 'interrupted';
    return { statuses, failed };
  } finally {
    await queue.close();
    redis.disconnect();
  }
}

type ThreadMsg = { kind: 'progress'; progress: JobProgress } | { kind: 'snapshot'; what: 'checkpoint' | 'done'; files: FileSet } | { kind: 'done'; status: string } | { kind: 'error'; name: string; message: string; stack?: string };

/** `mecrl worker`: runs jobs until SIGINT/SIGTERM (then the running jobs stop at a checkpoint and go back to the queue). */
export async function runWorker(target: QueueTarget, url: string, version: string, concurrency: number, log: (line: string) => void): Promise<number> {
  const redis = connect(target);
  try { await ready(redis, url); } catch (e) { redis.disconnect(); throw e; }
  const scratch = mkdtempSync(join(tmpdir(), 'mecrl-worker-'));
  const stop = new Int32Array(new SharedArrayBuffer(4));
  const processor = async (job: Job<QueueJobData>, token?: string): Promise<string> => {
    const d = job.data;
    if (d.version !== version) {
      throw new UnrecoverableError(`job ${job.id} was submitted by mecrl ${d.version} but this worker is mecrl ${version}: run a worker from the same mecrl version (results differ across versions)`);
    }
    const id = job.id!;
    const runDir = join(scratch, id);
    const dir = jobDir(runDir, d.method, d.seed);
    const prev = await getFiles(redis, KEY('checkpoint', id));
    if (prev !== null) writeFolder(dir, prev);
    log(`${job.name} (job ${id}, attempt ${job.attemptsMade + 1}): ${prev !== null ? 'resuming from its checkpoint in Redis' : 'starting'}`);
    const spec: JobSpec = { experiment: d.experiment, config: d.config, method: d.method, seed: d.seed, runDir, checkpointEvery: d.checkpointEvery, resume: true, ...(d.backend !== undefined ? { backend: d.backend } : {}), ...(d.debugNumerics === true ? { debugNumerics: true } : {}) };
    let uploads = Promise.resolve();
    const upload = (what: 'checkpoint' | 'done', files: FileSet): void => {
      uploads = uploads.then(async () => { await putFiles(redis, KEY(what === 'done' ? 'result' : 'checkpoint', id), files); });
    };
    try {
      const status = await new Promise<string>((resolve, reject) => {
        const w = startWorker(new URL('./jobThread.ts', import.meta.url), { workerData: { spec, stop: stop.buffer } });
        w.on('message', (m: ThreadMsg) => {
          if (m.kind === 'progress') void job.updateProgress({ ...m.progress }).catch(() => undefined);
          else if (m.kind === 'snapshot') upload(m.what, m.files);
          else if (m.kind === 'done') { void w.terminate(); resolve(m.status); }
          else { void w.terminate(); reject(Object.assign(new Error(m.message), { name: m.name, stack: m.stack })); }
        });
        w.once('error', reject);
      });
      await uploads;
      if (status === 'interrupted') {
        // Stopped by SIGINT/SIGTERM at a checkpoint: back to waiting without using an attempt; the next worker resumes it.
        await job.moveToWait(token);
        log(`${job.name} (job ${id}): stopped at its checkpoint, back in the queue`);
        throw new WaitingError();
      }
      await redis.del(KEY('checkpoint', id));
      log(`${job.name} (job ${id}): done`);
      return status;
    } catch (e) {
      if ((e as Error).name === 'CheckpointError') throw new UnrecoverableError((e as Error).message);
      throw e;
    } finally {
      rmSync(runDir, { recursive: true, force: true });
    }
  };
  const lock = lockMs();
  const worker = new Worker<QueueJobData>(QUEUE_NAME, processor, {
    connection: redisOptions(target), concurrency, lockDuration: lock, stalledInterval: Math.max(250, Math.floor(lock / 2)), maxStalledCount: 5,
  });
  worker.on('failed', (job, err) => log(`${job?.name ?? '?'} (job ${job?.id ?? '?'}) failed: ${err.message}`));
  let lastError = '';
  worker.on('error', (err) => { if (err.message !== lastError) log(`redis: ${(lastError = err.message)}`); });
  const fedWorker = startFederatedWorker(target, version, concurrency, log);
  log(`mecrl worker (mecrl ${version}) on ${redactUrl(url)}, concurrency ${concurrency}, queues '${QUEUE_NAME}' and '${FEDERATED_QUEUE}'`);
  await new Promise<void>((resolve) => {
    const quit = (): void => { Atomics.store(stop, 0, 1); log('stopping: running jobs stop at their next checkpoint'); resolve(); };
    process.once('SIGINT', quit);
    process.once('SIGTERM', quit);
  });
  await Promise.all([worker.close(), fedWorker.close()]);
  redis.disconnect();
  rmSync(scratch, { recursive: true, force: true });
  return 0;
}

/** `mecrl queue status URL`: job counts and the waiting/active/delayed/failed jobs with their ids and errors (sweep jobs, then federated client jobs). */
export async function queueStatus(target: QueueTarget, url: string, write: (t: string) => void): Promise<number> {
  const probe = connect(target);
  try { await ready(probe, url); } finally { probe.disconnect(); }
  const queue = new Queue(QUEUE_NAME, { connection: redisOptions(target) });
  queue.on('error', () => undefined);
  try {
    const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'completed', 'failed');
    write(`queue '${QUEUE_NAME}' on ${redactUrl(url)}: ${Object.entries(counts).map(([k, v]) => `${v} ${k}`).join(', ')}\n`);
    for (const state of ['active', 'waiting', 'delayed', 'failed'] as const) {
      const jobs = await queue.getJobs([state], 0, 999, true);
      for (const j of jobs) {
        const p = j.progress as Partial<JobProgress> | number;
        const where = typeof p === 'object' && p.episode !== undefined ? `, episode ${p.episode}/${p.episodes}` : '';
        write(`${state.padEnd(8)} ${j.id} ${(j.data as QueueJobData).label}: ${j.name}${where}${state === 'failed' ? ` — after ${j.attemptsMade} attempt(s): ${j.failedReason}` : ''}\n`);
      }
    }
    const fq = new Queue(FEDERATED_QUEUE, { connection: redisOptions(target) });
    fq.on('error', () => undefined);
    try {
      const fc = await fq.getJobCounts('waiting', 'active', 'delayed', 'failed');
      write(`queue '${FEDERATED_QUEUE}' (federated client jobs): ${Object.entries(fc).map(([k, v]) => `${v} ${k}`).join(', ')}\n`);
      for (const state of ['active', 'waiting', 'delayed', 'failed'] as const) {
        for (const j of await fq.getJobs([state], 0, 999, true)) write(`${state.padEnd(8)} ${j.id} ${j.name}${state === 'failed' ? ` — after ${j.attemptsMade} attempt(s): ${j.failedReason}` : ''}\n`);
      }
    } finally {
      await fq.close();
    }
    return 0;
  } finally {
    await queue.close();
  }
}

/** The Redis keys holding a job's checkpoint (while it runs) and result folder. */
export function queueKeys(id: string): { checkpoint: string; result: string } {
  return { checkpoint: KEY('checkpoint', id), result: KEY('result', id) };
}
