// Worker thread of `mecrl run --workers N`: runs jobs sent by the main thread; the stop flag is a
// shared Int32Array the main thread sets on Ctrl-C (a running job is synchronous and cannot
// receive messages, but it reads shared memory).

import { parentPort, workerData } from 'node:worker_threads';
import { runJobWithFiles, type JobSpec } from './job.js';
import { setBackend } from '../lib/tensor/index.js';

const stop = new Int32Array(workerData.stop as SharedArrayBuffer);

parentPort!.on('message', (spec: JobSpec) => {
  try {
    setBackend(spec.backend ?? 'ts');
    const status = runJobWithFiles(spec, (p) => parentPort!.postMessage({ kind: 'progress', progress: p }), () => Atomics.load(stop, 0) !== 0);
    parentPort!.postMessage({ kind: 'done', status });
  } catch (e) {
    const err = e as Error;
    parentPort!.postMessage({ kind: 'error', name: err.name, message: err.message, stack: err.stack });
  }
});
