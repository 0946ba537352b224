// `npm run bench:growth`: how the cost of one DDPG-style training step (W1's cut-down update:
// critic MSE + Adam, actor through the critic + Adam, Polyak of both targets) grows with the batch
// size and the hidden width, through mecrl's public API. Writes bench/results/growth.json with the
// median time per step over alternating rounds and the fitted growth exponent (least-squares slope
// of log time vs log size). Shapes are W1's (obs 60, act 40) unless varied.
// With `--backend wasm` (GROWTH_BACKEND=wasm) the same steps run on the wasm kernels, each network in
// its own arena (lib/nn/arena.ts), and the results go to growth-wasm.json. Every row also reports
// the heap growth per step (bytes, over GROWTH_HEAP_STEPS steps between forced full GCs; `gc` is
// exposed through v8.setFlagsFromString, so no node flag is needed) and, on wasm, the arena bytes
// of the step's four networks.
//   GROWTH_ROUNDS (default 3), GROWTH_MS (default 300), GROWTH_HEAP_STEPS (default 2000),
//   GROWTH_OUT (default bench/results/growth.json or growth-wasm.json).

import { resolve } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Bench } from 'tinybench';
import { writeFileAtomic } from '../cli/fs/atomic.js';
import { setBackend, wasmUnavailable, type Backend } from '../lib/tensor/index.js';
import { ROOT } from './shared.js';
import { arenaBytesOf, makeDdpgWorkload } from './workloads.js';

const ROUNDS = Number(process.env['GROWTH_ROUNDS'] ?? 3), MS = Number(process.env['GROWTH_MS'] ?? 300), HEAP_STEPS = Number(process.env['GROWTH_HEAP_STEPS'] ?? 2000);
const argBackend = process.argv.indexOf('--backend');
const BACKEND = (argBackend >= 0 ? process.argv[argBackend + 1] : process.env['GROWTH_BACKEND'] ?? 'ts') as Backend;
if (BACKEND !== 'ts' && BACKEND !== 'wasm') throw new Error(`--backend must be ts or wasm, got ${String(BACKEND)}`);
if (setBackend(BACKEND) !== BACKEND) throw new Error(`--backend ${BACKEND}: unavailable here (${wasmUnavailable() ?? '?'})`);
const OUT = process.env['GROWTH_OUT'] ?? resolve(ROOT, 'bench', 'results', BACKEND === 'ts' ? 'growth.json' : 'growth-wasm.json');

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** Heap bytes per call of `fn` over `n` calls, after forced full GCs before and after (the warm-up ran before). */
function heapPerCall(fn: () => unknown, n: number): number {
  gc(); gc();
  const h0 = process.memoryUsage().heapUsed;
  for (let i = 0; i < n; i++) fn();
  gc(); gc();
  return (process.memoryUsage().heapUsed - h0) / n;
}

function msPerCall(fn: () => unknown): number {
  const b = new Bench({ time: MS, warmup: true, warmupTime: 100 });
  b.add('x', fn);
  const [t] = b.runSync();
  return (t!.result as { period: number }).period;
}

const median = (a: number[]): number => { const s = [...a].sort((x, y) => x - y), n = s.length; return n % 2 ? s[n >> 1]! : (s[n / 2 - 1]! + s[n / 2]!) / 2; };

function slope(xs: number[], ys: number[]): number {
  const lx = xs.map(Math.log), ly = ys.map(Math.log);
  const mx = lx.reduce((a, b) => a + b, 0) / lx.length, my = ly.reduce((a, b) => a + b, 0) / ly.length;
  let num = 0, den = 0;
  lx.forEach((x, i) => { num += (x - mx) * (ly[i]! - my); den += (x - mx) * (x - mx); });
  return num / den;
}

const batches = [16, 32, 64, 128, 256], widths = [32, 64, 128, 256];
const cases = [...batches.map((b) => ({ axis: 'batch', value: b, batch: b, hidden: 64 })), ...widths.map((h) => ({ axis: 'hidden', value: h, batch: 32, hidden: h }))];
const workloads = cases.map((c) => makeDdpgWorkload(c.batch, c.hidden, 5));
const steps = workloads.map((w) => w.update);
const samples: number[][] = cases.map(() => []);
for (let r = 0; r < ROUNDS; r++) {
  steps.forEach((step, i) => samples[i]!.push(msPerCall(step)));
  console.log(`round ${r + 1}/${ROUNDS} done`);
}
const heap = steps.map((step) => heapPerCall(step, HEAP_STEPS));
const rows = cases.map((c, i) => ({ ...c, msPerStep: median(samples[i]!), min: Math.min(...samples[i]!), max: Math.max(...samples[i]!), heapBytesPerStep: heap[i]!, arenaBytes: arenaBytesOf(workloads[i]!.nets) }));
const fit = (axis: string) => { const rs = rows.filter((r) => r.axis === axis); return slope(rs.map((r) => r.value), rs.map((r) => r.msPerStep)); };
const result = {
  setup: { workload: "W1's cut-down DDPG step (obs 60, act 40, one hidden layer), Adam 1e-3, Polyak 0.01", backend: BACKEND, heapSteps: HEAP_STEPS, batchAxis: 'batch varied at hidden 64', hiddenAxis: 'hidden varied at batch 32', rounds: ROUNDS, msPerMeasurement: MS },
  rows,
  exponents: { batch: fit('batch'), hidden: fit('hidden') },
  date: new Date().toISOString(),
};
writeFileAtomic(OUT, JSON.stringify(result, null, 2) + '\n');
for (const r of rows) console.log(`${r.axis.padEnd(6)} ${String(r.value).padStart(4)}: ${r.msPerStep.toFixed(3)} ms/step, heap ${r.heapBytesPerStep.toFixed(1)} B/step${r.arenaBytes > 0 ? `, arenas ${r.arenaBytes} B` : ''}`);
console.log(`backend ${BACKEND}; exponents: batch ${result.exponents.batch.toFixed(2)}, hidden ${result.exponents.hidden.toFixed(2)}\nwrote ${OUT}`);
