// Bootstrap for worker threads that run TypeScript sources: Node 20 does not apply the parent's
// `--import tsx` loader to a worker's .ts entry, so a worker starts here (plain JS), registers
// tsx's loader in its own thread, then imports the real entry named in `workerData.entry`.
import { register } from 'tsx/esm/api';
import { workerData } from 'node:worker_threads';

register();
await import(workerData.entry);
