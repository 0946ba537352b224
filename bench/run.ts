// `npm run bench`: W1–W3 through mecrl's public API beside the hand-fused reference
// (shared/bench/reference.cjs, variant k4, f64), alternating reference and ours for ≥ 5 rounds
// (the machine is noisy), reporting the median same-round ratio with its min–max; W4 kernel
// throughput beside mathjs and ndarray-ops; heap growth per W1 update. Writes
// bench/results/latest.json. Needs `node --expose-gc` for the heap figure (the npm script sets it).
//   BENCH_ROUNDS (default 5), BENCH_MS (time per measurement, default 400).

import { execFileSync } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import { resolve } from 'node:path';
import { Bench } from 'tinybench';
import { Arena, add, fromData, matmul, noGrad } from '../lib/tensor/index.js';
import { deriveStream, fillUniform } from '../lib/random/index.js';
import { writeFileAtomic } from '../cli/fs/atomic.js';
import { ROOT, sharedDir } from './shared.js';
import { makeW1, makeW2, makeW3 } from './workloads.js';

const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 5);
const MS = Number(process.env['BENCH_MS'] ?? 400);
if (!Number.isInteger(ROUNDS) || ROUNDS < 1) throw new Error(`BENCH_ROUNDS must be an integer >= 1, got ${process.env['BENCH_ROUNDS']}`);

interface RefOut { impl: string; dtype: string; W1_med: number; W2_med: number; W3_med: number }

function runReference(): RefOut {
  const ref = resolve(sharedDir(), 'bench', 'reference.cjs');
  const out = execFileSync(process.execPath, [ref, '1', String(MS), 'k4'], { encoding: 'utf8', env: { ...process.env, REF_DTYPE: 'f64' } });
  const r = JSON.parse(out.trim().split('\n').pop()!) as RefOut;
  if (r.impl !== 'reference-k4' || r.dtype !== 'f64') throw new Error(`reference printed impl=${r.impl} dtype=${r.dtype}, expected reference-k4 / f64`);
  return r;
}

function hz(fn: () => unknown, time = MS): number {
  const b = new Bench({ time, warmup: true, warmupTime: 100 });
  b.add('x', fn);
  const [t] = b.runSync();
  const res = t!.result as { period?: number };
  if (res.period === undefined) throw new Error(`tinybench task failed: ${JSON.stringify(t!.result)}`);
  return 1000 / res.period;
}

function medianUs(fn: () => unknown, time = MS): number {
  const b = new Bench({ time, warmup: true, warmupTime: 100 });
  b.add('x', fn);
  const [t] = b.runSync();
  const res = t!.result as { latency?: { p50: number } };
  if (res.latency === undefined) throw new Error(`tinybench task failed: ${JSON.stringify(t!.result)}`);
  return res.latency.p50 * 1000;
}

const median = (a: number[]): number => { const s = [...a].sort((x, y) => x - y), n = s.length; return n % 2 ? s[n >> 1]! : (s[n / 2 - 1]! + s[n / 2]!) / 2; };

function summarize(ours: number[], ref: number[]) {
  const ratios = ours.map((o, i) => o / ref[i]!);
  return { ours: median(ours), reference: median(ref), ratio: median(ratios), ratioMin: Math.min(...ratios), ratioMax: Math.max(...ratios), rounds: ours.length };
}

function heapPerUpdate(): number | null {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) { console.warn('heap: run with node --expose-gc for bytesPerUpdate (npm run bench does)'); return null; }
  const w1 = makeW1(11);
  for (let i = 0; i < 2000; i++) w1.update();
  gc(); gc();
  const h0 = process.memoryUsage().heapUsed;
  const N = 10_000;
  for (let i = 0; i < N; i++) w1.update();
  gc(); gc();
  return (process.memoryUsage().heapUsed - h0) / N;
}

// Pitfall found while building this: merely importing mathjs slows mecrl's W1/W2 kernels by ~25% in
// the same process (seen on Node 20). So W1–W3 and our W4 numbers are measured first, and the
// peers are imported afterwards (dynamic import).
async function w4() {
  const rnd = (n: number, label: string) => { const d = new Float64Array(n); fillUniform(deriveStream(4, 'bench', label), d, -1, 1); return d; };
  const out: Record<string, Record<string, number>> = {};
  for (const [m, k, n] of [[64, 64, 64], [32, 600, 64]] as const) {
    const A = fromData(rnd(m * k, `A${m}`), [m, k]), B = fromData(rnd(k * n, `B${m}`), [k, n]);
    const arena = new Arena();
    const flops = 2 * m * k * n;
    const ours = hz(() => arena.run(() => noGrad(() => matmul(A, B))));
    out[`${m}x${k}x${n}`] = { ours: (ours * flops) / 1e9 };
  }
  const a = fromData(rnd(4096, 'a'), [4096]), b = fromData(rnd(4096, 'b'), [4096]);
  const arena = new Arena();
  const oursAdd = hz(() => arena.run(() => noGrad(() => add(a, b))));
  const { multiply } = await import('mathjs');
  const ndarray = (await import('ndarray')).default;
  const ops = (await import('ndarray-ops')).default;
  for (const [m, k, n] of [[64, 64, 64], [32, 600, 64]] as const) {
    const A = fromData(rnd(m * k, `A${m}`), [m, k]), B = fromData(rnd(k * n, `B${m}`), [k, n]);
    const flops = 2 * m * k * n;
    const toNested = (t: Float64Array, r: number, c: number) => Array.from({ length: r }, (_, i) => Array.from(t.subarray(i * c, (i + 1) * c)));
    const An = toNested(A.data, m, k), Bn = toNested(B.data, k, n);
    const mj = hz(() => multiply(An, Bn));
    out[`${m}x${k}x${n}`]!['mathjs'] = (mj * flops) / 1e9;
  }
  const na = ndarray(a.data), nb = ndarray(b.data), nc = ndarray(new Float64Array(4096));
  const ndAdd = hz(() => ops.add(nc, na, nb));
  out['add4096'] = { ours: oursAdd, ndarrayOps: ndAdd };
  return { ...out, units: 'GFLOP/s for matmul; calls/s for add4096' };
}

async function main(): Promise<void> {
  const w1 = makeW1(), w2 = makeW2(), w3 = makeW3();
  const o1: number[] = [], o2: number[] = [], o3: number[] = [], r1: number[] = [], r2: number[] = [], r3: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const ref = runReference();
    r1.push(ref.W1_med); r2.push(ref.W2_med); r3.push(ref.W3_med);
    o1.push(hz(w1.update)); o2.push(hz(w2.update)); o3.push(medianUs(w3.act));
    console.log(`round ${round + 1}/${ROUNDS}: W1 ${o1.at(-1)!.toFixed(0)} vs ${ref.W1_med.toFixed(0)} upd/s | W2 ${o2.at(-1)!.toFixed(0)} vs ${ref.W2_med.toFixed(0)} upd/s | W3 ${o3.at(-1)!.toFixed(2)} vs ${ref.W3_med.toFixed(2)} µs`);
  }
  const result = {
    workloads: {
      W1: { ...summarize(o1, r1), unit: 'updates/s' },
      W2: { ...summarize(o2, r2), unit: 'updates/s' },
      W3: { ...summarize(o3, r3), unit: 'µs per call (lower is better; ratio = ours/reference)' },
      W4: await w4(),
    },
    heap: { bytesPerUpdate: heapPerUpdate(), updates: 10_000, workload: 'W1' },
    machine: { cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version, v8: process.versions.v8 },
    settings: { rounds: ROUNDS, msPerMeasurement: MS, reference: 'shared/bench/reference.cjs k4 f64' },
    date: new Date().toISOString(),
  };
  writeFileAtomic(resolve(ROOT, 'bench', 'results', 'latest.json'), JSON.stringify(result, null, 2) + '\n');
  const f = (x: { ratio: number; ratioMin: number; ratioMax: number }) => `${x.ratio.toFixed(2)} (${x.ratioMin.toFixed(2)}–${x.ratioMax.toFixed(2)})`;
  console.log(`\nW1 ddpg-update   ours/ref ${f(result.workloads.W1)}`);
  console.log(`W2 maddpg-critic ours/ref ${f(result.workloads.W2)}`);
  console.log(`W3 act-latency   ours/ref ${f(result.workloads.W3)} (latency ratio; < 1 is faster)`);
  console.log(`W4 ${JSON.stringify(result.workloads.W4)}`);
  console.log(`heap bytes/update ${result.heap.bytesPerUpdate}`);
  console.log('wrote bench/results/latest.json');
}

await main();
