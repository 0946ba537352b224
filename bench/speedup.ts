// `npm run bench:speedup`: what worker threads buy on this machine (issue 4, "Parallelism").
//   1. Agents' updates — paper 1's heavy MADDPG step: 6 agents, each actor 206→64 ReLU→190 sigmoid,
//      each critic 2376→64 ReLU→1 (2376 = 6·206 + 6·190), batch 32, continuous actions. The serial
//      `Maddpg.update` vs `ParallelMaddpg.update` with 2 workers (cli/parallel/), same batches, in
//      alternating rounds (order swapped every round); the final states are checked bit-identical.
//   2. Whole seeds — two `mecrl run`-style jobs (Pendulum-v1 DDPG, the smoke preset made longer)
//      through the runner's own job worker (cli/jobWorker.ts): both on 1 worker vs one each on 2
//      workers, worker start-up included (what `--workers 2` buys a user).
// Reports the median over rounds of the per-round speed-up (serial time / parallel time) with its
// min–max, and the median times. Writes bench/results/speedup.json.
//   BENCH_ROUNDS (default 5), BENCH_UPDATES (updates timed per round and mode, default 40).

import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { writeFileAtomic } from '../cli/fs/atomic.js';
import type { JobSpec } from '../cli/job.js';
import { ParallelMaddpg } from '../cli/parallel/parallelMaddpg.js';
import { startWorker } from '../cli/workers.js';
import { EXPERIMENTS } from '../experiments/index.js';
import { deriveStream, fillUniform } from '../lib/random/index.js';
import { Maddpg, maddpgRngs, type MaddpgConfig, type MaddpgState } from '../lib/rl/maddpg.js';
import type { JointBatch } from '../lib/rl/multiAgent.js';
import { ROOT } from './shared.js';

const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 5);
const UPDATES = Number(process.env['BENCH_UPDATES'] ?? 40);
if (!Number.isInteger(ROUNDS) || ROUNDS < 1) throw new Error(`BENCH_ROUNDS must be an integer >= 1, got ${process.env['BENCH_ROUNDS']}`);
if (!Number.isInteger(UPDATES) || UPDATES < 1) throw new Error(`BENCH_UPDATES must be an integer >= 1, got ${process.env['BENCH_UPDATES']}`);

const median = (a: readonly number[]): number => { const s = [...a].sort((x, y) => x - y), n = s.length; return n % 2 ? s[n >> 1]! : (s[n / 2 - 1]! + s[n / 2]!) / 2; };
const summary = (serial: number[], parallel: number[]) => {
  const r = serial.map((s, i) => s / parallel[i]!);
  return { serial: median(serial), parallel: median(parallel), speedup: median(r), speedupMin: Math.min(...r), speedupMax: Math.max(...r), perRound: r.map((x) => Number(x.toFixed(3))) };
};

// ---- 1. the heavy MADDPG step ---------------------------------------------------------------

const N = 6, OBS = 206, ACT = 190, B = 32;
const HEAVY: Partial<MaddpgConfig> & Pick<MaddpgConfig, 'obsDims' | 'actionDims'> = {
  obsDims: new Array<number>(N).fill(OBS), actionDims: new Array<number>(N).fill(ACT), hiddenSizes: [64],
  actionKind: 'continuous', actorOutput: 'sigmoid', actorLr: 1e-3, criticLr: 1e-3, tau: 0.01, gamma: 0.95,
};

function heavyBatches(count: number): JointBatch[] {
  const rng = deriveStream(1, 'bench', 'speedup-batches');
  const fill = (n: number, lo: number, hi: number): Float64Array => { const d = new Float64Array(n); fillUniform(rng, d, lo, hi); return d; };
  return Array.from({ length: count }, () => ({
    batchSize: B, indices: new Int32Array(B),
    obs: fill(B * N * OBS, -1, 1), action: fill(B * N * ACT, 0, 1), reward: fill(B * N, -1, 0),
    nextObs: fill(B * N * OBS, -1, 1), terminated: new Float64Array(B * N), truncated: new Float64Array(B * N),
  }));
}

const same = (a: MaddpgState, b: MaddpgState): boolean =>
  JSON.stringify(a, (_k, v: unknown) => (v instanceof Float64Array ? Array.from(v) : v)) === JSON.stringify(b, (_k, v: unknown) => (v instanceof Float64Array ? Array.from(v) : v));

async function heavyStep() {
  const serial = new Maddpg(HEAVY, maddpgRngs(1, N));
  const par = await ParallelMaddpg.create(HEAVY, maddpgRngs(1, N), { workers: 2 });
  const batches = heavyBatches(8);
  const time = (m: Maddpg, offset: number): number => {
    const t0 = performance.now();
    for (let k = 0; k < UPDATES; k++) m.update(batches[(offset + k) % batches.length]!);
    return (performance.now() - t0) / UPDATES;
  };
  // Warm-up (JIT, worker caches): the same updates on both, so they stay in lock-step.
  time(serial, 0); time(par, 0);
  const s: number[] = [], p: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    if (r % 2 === 0) { s.push(time(serial, r)); p.push(time(par, r)); } else { p.push(time(par, r)); s.push(time(serial, r)); }
    console.log(`heavy step round ${r + 1}/${ROUNDS}: serial ${s.at(-1)!.toFixed(2)} ms, 2 workers ${p.at(-1)!.toFixed(2)} ms per update`);
  }
  const identical = same(serial.getState(), par.getState());
  await par.close();
  if (!identical) throw new Error('heavy step: the parallel run diverged from the serial one (expected bit-identical states)');
  return { ...summary(s, p), unit: 'ms per update', updatesPerRound: UPDATES, bitIdentical: identical, criticInput: par.criticInputDim, actorParams: par.agents[0]!.actor.countParams(), criticParams: par.agents[0]!.critic.countParams() };
}

// ---- 2. whole seeds -------------------------------------------------------------------------

const SEED_JOB = { experiment: 'pendulum', method: 'ddpg', seeds: [1, 2], config: { steps: 3000, warmupSteps: 200, updateEvery: 200, gradientSteps: 200, hiddenSizes: [64, 64], batchSize: 64, evalEpisodes: 1 } };

/** Runs the jobs on `w` job workers (cli/jobWorker.ts, as `mecrl run --workers w`); returns seconds, start-up included. */
async function runJobs(w: number, dir: string): Promise<number> {
  const exp = EXPERIMENTS[SEED_JOB.experiment]!;
  const config = exp.resolveConfig(SEED_JOB.config);
  const specs: JobSpec[] = SEED_JOB.seeds.map((seed) => ({ experiment: SEED_JOB.experiment, config, method: SEED_JOB.method, seed, runDir: dir, checkpointEvery: 0, resume: false }));
  const stop = new Int32Array(new SharedArrayBuffer(4));
  const t0 = performance.now();
  let next = 0;
  await Promise.all(Array.from({ length: w }, () => new Promise<void>((res, rej) => {
    const worker = startWorker(new URL('../cli/jobWorker.ts', import.meta.url), { workerData: { stop: stop.buffer } });
    worker.once('error', rej);
    const feed = (): void => {
      if (next >= specs.length) { void worker.terminate().then(() => res()); return; }
      worker.postMessage(specs[next++]);
    };
    worker.on('message', (m: { kind: string; message?: string }) => {
      if (m.kind === 'error') rej(new Error(m.message));
      else if (m.kind === 'done') feed();
    });
    feed();
  })));
  const secs = (performance.now() - t0) / 1000;
  rmSync(join(dir, 'jobs'), { recursive: true, force: true });
  return secs;
}

async function wholeSeeds() {
  const dir = mkdtempSync(join(tmpdir(), 'mecrl-speedup-'));
  try {
    await runJobs(2, dir); // warm-up (tsx caches, disk)
    const s: number[] = [], p: number[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      if (r % 2 === 0) { s.push(await runJobs(1, dir)); p.push(await runJobs(2, dir)); } else { p.push(await runJobs(2, dir)); s.push(await runJobs(1, dir)); }
      console.log(`whole seeds round ${r + 1}/${ROUNDS}: 1 worker ${s.at(-1)!.toFixed(2)} s, 2 workers ${p.at(-1)!.toFixed(2)} s for ${SEED_JOB.seeds.length} jobs`);
    }
    return { ...summary(s, p), unit: `s for ${SEED_JOB.seeds.length} jobs (worker start-up included)`, jobs: SEED_JOB };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const load0 = loadavg();
  const heavy = await heavyStep();
  const seeds = await wholeSeeds();
  const result = {
    date: new Date().toISOString(),
    rounds: ROUNDS,
    heavyMaddpgStep: { workload: `paper 1's MADDPG step: ${N} agents, actor ${OBS}→64 ReLU→${ACT} sigmoid, critic ${N * (OBS + ACT)}→64 ReLU→1, batch ${B}, continuous; serial Maddpg.update vs ParallelMaddpg (2 worker threads)`, ...heavy },
    wholeSeeds: { workload: `${SEED_JOB.seeds.length} Pendulum-v1 DDPG jobs (${SEED_JOB.config.steps} steps each) through cli/jobWorker.ts: 1 worker (serial) vs 2 workers`, ...seeds },
    machine: { cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version, v8: process.versions.v8, loadAverage1mStart: Number(load0[0]!.toFixed(2)), loadAverage1mEnd: Number(loadavg()[0]!.toFixed(2)) },
  };
  writeFileAtomic(resolve(ROOT, 'bench', 'results', 'speedup.json'), JSON.stringify(result, null, 2) + '\n');
  console.log(`\nheavy MADDPG step: serial ${heavy.serial.toFixed(2)} ms, 2 workers ${heavy.parallel.toFixed(2)} ms → speed-up ×${heavy.speedup.toFixed(2)} (min ${heavy.speedupMin.toFixed(2)}, max ${heavy.speedupMax.toFixed(2)}), bit-identical: ${heavy.bitIdentical}`);
  console.log(`whole seeds: 1 worker ${seeds.serial.toFixed(2)} s, 2 workers ${seeds.parallel.toFixed(2)} s → speed-up ×${seeds.speedup.toFixed(2)} (min ${seeds.speedupMin.toFixed(2)}, max ${seeds.speedupMax.toFixed(2)})`);
  console.log('wrote bench/results/speedup.json');
}

main().catch((e: unknown) => { console.error((e as Error).stack); process.exitCode = 1; });
