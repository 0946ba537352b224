// Worker thread of `npm run check:learning`: runs one validation job per message.

import { parentPort } from 'node:worker_threads';
import { qLearningChain, runCartPoleDqn, runPendulum, type SeedResult } from '../experiments/classic/index.js';

export type Job =
  | { readonly kind: 'pendulum'; readonly algo: 'ddpg' | 'td3'; readonly seed: number }
  | { readonly kind: 'cartpole'; readonly seed: number }
  | { readonly kind: 'qchain'; readonly objective: 'maximize-reward' | 'minimize-cost'; readonly seed: number };

export type JobResult = SeedResult | { readonly seed: number; readonly maxError: number; readonly updates: number; readonly seconds: number };

function run(job: Job): JobResult {
  if (job.kind === 'pendulum') return runPendulum(job.algo, job.seed);
  if (job.kind === 'cartpole') return runCartPoleDqn(job.seed);
  const t0 = Number(process.hrtime.bigint());
  const r = qLearningChain(job.objective, job.seed);
  return { seed: job.seed, maxError: r.maxError, updates: r.updates, seconds: (Number(process.hrtime.bigint()) - t0) / 1e9 };
}

parentPort?.on('message', (job: Job) => parentPort!.postMessage(run(job)));
