// Worker thread of `mecrl worker` running one federated client job (cli/queue/federatedRun.ts):
// connects to Redis, builds the task's client and runs it (cli/queue/federated.ts `runClient`)
// until the coordinator is done. Training is synchronous; the worker's main thread stays free for
// BullMQ's lock renewals.

import { parentPort, workerData } from 'node:worker_threads';
import { setBackend } from '../../lib/tensor/index.js';
import { connect, ready, type QueueTarget } from './connection.js';
import { runClient } from './federated.js';
import type { FederatedClientJob } from './federatedRun.js';
import { hmacKey } from './federatedRun.js';
import { FEDERATED_EXPERIMENTS } from './smartCommunity.js';

const job = workerData.job as FederatedClientJob;
const target = workerData.target as QueueTarget;
const post = (m: unknown): void => parentPort!.postMessage(m);
try {
  setBackend(job.backend ?? 'ts');
  const fx = FEDERATED_EXPERIMENTS[job.experiment];
  if (fx === undefined) throw new Error(`no federated task for experiment '${job.experiment}' in this mecrl`);
  const key = hmacKey('mecrl worker (federated client)');
  const redis = connect(target);
  await ready(redis, 'redis://');
  const task = fx.task(job.config, job.method, job.seed);
  await runClient(redis, task, job.client, job.runId, key, { snapshotEvery: job.snapshotEvery, log: (line) => post({ kind: 'log', line }) });
  redis.disconnect();
  post({ kind: 'done' });
} catch (e) {
  const err = e as Error;
  post({ kind: 'error', name: err.name, message: err.message, stack: err.stack });
}
