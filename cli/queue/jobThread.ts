// Worker thread of `mecrl worker`: runs one job with the same code as the in-process runner
// (`runJobWithFiles`) in a local scratch folder, and posts the job folder's files to the worker's
// main thread after every checkpoint and at the end; the main thread copies them to Redis. The
// job is synchronous; the main thread's event loop stays free for BullMQ's lock renewals.

import { parentPort, workerData } from 'node:worker_threads';
import { jobDir, runJobWithFiles, type JobSpec } from '../job.js';
import { readFolder } from './store.js';
import { setBackend } from '../../lib/tensor/index.js';

const spec = workerData.spec as JobSpec;
const stop = new Int32Array(workerData.stop as SharedArrayBuffer);
const dir = jobDir(spec.runDir, spec.method, spec.seed);
try {
  setBackend(spec.backend ?? 'ts');
  const status = runJobWithFiles(spec,
    (p) => parentPort!.postMessage({ kind: 'progress', progress: p }),
    () => Atomics.load(stop, 0) !== 0,
    (what) => parentPort!.postMessage({ kind: 'snapshot', what, files: readFolder(dir) }));
  parentPort!.postMessage({ kind: 'done', status });
} catch (e) {
  const err = e as Error;
  parentPort!.postMessage({ kind: 'error', name: err.name, message: err.message, stack: err.stack });
}
