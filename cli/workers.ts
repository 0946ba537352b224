// Starting worker threads on TypeScript entries (Node-only). See cli/tsWorker.mjs for why.

import { Worker, type WorkerOptions } from 'node:worker_threads';

/** A worker running `entry` (a file URL of a .ts or .js module); `workerData.entry` is reserved. */
export function startWorker(entry: URL, options: WorkerOptions = {}): Worker {
  if (entry.pathname.endsWith('.ts')) {
    const data = (options.workerData ?? {}) as Record<string, unknown>;
    return new Worker(new URL('./tsWorker.mjs', import.meta.url), { ...options, workerData: { ...data, entry: entry.href } });
  }
  return new Worker(entry, options);
}
