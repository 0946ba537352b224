// Worker thread of `mecrl worker` running federated client jobs (cli/queue/federatedRun.ts), one at
// a time, for as long as the worker keeps it (a thread is reused across jobs: starting one costs
// seconds): per job it connects to Redis, builds the task's client and runs it (cli/queue/
// federated.ts `runClient`) until the coordinator is done. Training is synchronous; the worker's
// main thread stays free for BullMQ's lock renewals. It imports no experiment but the task's.

import { parentPort, workerData } from 'node:worker_threads';
import { setBackend } from '../../lib/tensor/index.js';
import { connect, hmacKey, ready, type QueueTarget } from './connection.js';
import { runClient } from './federated.js';
import type { FederatedClientJob } from './federatedRun.js';
import { FEDERATED_EXPERIMENTS } from './smartCommunity.js';

const target = workerData.target as QueueTarget;
const post = (m: unknown): void => parentPort!.postMessage(m);

async function run(job: FederatedClientJob): Promise<void> {
  setBackend(job.backend ?? 'ts');
  const fx = FEDERATED_EXPERIMENTS[job.experiment];
  if (fx === undefined) throw new Error(`no federated task for experiment '${job.experiment}' in this mecrl`);
  const key = hmacKey('mecrl worker (federated client)');
  const redis = connect(target);
  try {
    await ready(redis, 'redis://');
    await runClient(redis, fx.task(job.config, job.method, job.seed), job.client, job.runId, key, { snapshotEvery: job.snapshotEvery, log: (line) => post({ kind: 'log', line }) });
  } finally {
    redis.disconnect();
  }
}

parentPort!.on('message', (job: FederatedClientJob) => {
  run(job).then(() => post({ kind: 'done' }), (e: Error) => post({ kind: 'error', name: e.name, message: e.message, stack: e.stack }));
});
post({ kind: 'ready' });
