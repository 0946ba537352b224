// mecrl's side of the peer benchmark (run by bench/peers/run.ts, one process per round):
//   node --import tsx bench/peers/mecrl_runner.ts [--reps 3] [--ms 400] [--w5-ms 1500] [--workloads W1,W2,W3,W5] [--backend ts|wasm]
//   node --expose-gc --import tsx bench/peers/mecrl_runner.ts --gc [--updates 10000]
// W1–W3 are bench/workloads.ts (mecrl's public API, float64), W5 is bench/peers/mecrl_w5.ts.
// Timing is shared/bench/harness.cjs itself (the protocol of reference.cjs), so every JavaScript
// implementation is timed by the same code. Prints one JSON line (the last line of stdout).
// --gc: GC counts (perf_hooks 'gc' entries, by kind) and heap growth per update over N W1 updates
// after a warm-up, heap measured after forced full GCs.

import { createRequire } from 'node:module';
import { PerformanceObserver, constants, performance, type PerformanceEntry } from 'node:perf_hooks';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { sharedDir } from '../shared.js';
import { makeW1, makeW2, makeW3 } from '../workloads.js';
import { makeW5 } from './mecrl_w5.js';
import { setBackend, wasmUnavailable } from '../../lib/tensor/index.js';

interface Harness {
  throughput(fn: () => unknown, ms: number): number;
  latency(fn: () => unknown, calls: number): number;
  median(a: readonly number[]): number;
}

const { values: args } = parseArgs({
  options: {
    reps: { type: 'string', default: '3' },
    ms: { type: 'string', default: '400' },
    'w5-ms': { type: 'string', default: '1500' },
    workloads: { type: 'string', default: 'W1,W2,W3,W5' },
    gc: { type: 'boolean', default: false },
    updates: { type: 'string', default: '10000' },
    backend: { type: 'string', default: 'ts' },
  },
});

async function gcReport(updates: number): Promise<object> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new Error('--gc needs node --expose-gc');
  const w1 = makeW1(11);
  for (let i = 0; i < 2000; i++) w1.update();
  gc(); gc();
  await new Promise((r) => setTimeout(r, 20)); // let the forced GCs' entries go by before observing
  const entries: PerformanceEntry[] = [];
  const obs = new PerformanceObserver((list) => { entries.push(...list.getEntries()); });
  obs.observe({ entryTypes: ['gc'] });
  const h0 = process.memoryUsage().heapUsed;
  const t0 = performance.now();
  for (let i = 0; i < updates; i++) w1.update();
  const t1 = performance.now();
  await new Promise((r) => setTimeout(r, 50)); // gc entries are delivered asynchronously
  obs.disconnect();
  gc(); gc();
  const h1 = process.memoryUsage().heapUsed;
  const inWindow = entries.filter((e) => e.startTime >= t0 && e.startTime <= t1);
  const kinds: Record<number, string> = {
    [constants.NODE_PERFORMANCE_GC_MINOR]: 'minor',
    [constants.NODE_PERFORMANCE_GC_MAJOR]: 'major',
    [constants.NODE_PERFORMANCE_GC_INCREMENTAL]: 'incremental',
    [constants.NODE_PERFORMANCE_GC_WEAKCB]: 'weakcb',
  };
  const counts: Record<string, number> = { minor: 0, major: 0, incremental: 0, weakcb: 0 };
  let gcMs = 0;
  for (const e of inWindow) {
    const kind = kinds[(e as PerformanceEntry & { detail?: { kind?: number } }).detail?.kind ?? -1] ?? 'other';
    counts[kind] = (counts[kind] ?? 0) + 1;
    gcMs += e.duration;
  }
  return {
    workload: 'W1',
    updates,
    warmupUpdates: 2000,
    counts,
    total: inWindow.length,
    gcMs,
    wallMs: t1 - t0,
    heapBytesPerUpdate: (h1 - h0) / updates,
    method: "perf_hooks PerformanceObserver 'gc' entries during the updates; heap = process.memoryUsage().heapUsed after two forced gc() before and after",
  };
}

async function main(): Promise<void> {
  if (args.backend !== 'ts' && args.backend !== 'wasm') throw new Error(`--backend must be ts or wasm, got ${args.backend}`);
  if (setBackend(args.backend) !== args.backend) throw new Error(`--backend ${args.backend}: unavailable here (${wasmUnavailable() ?? '?'})`);
  const impl = args.backend === 'ts' ? 'mecrl' : 'mecrl-wasm';
  if (args.gc) {
    const n = Number(args.updates);
    if (!(Number.isInteger(n) && n >= 1)) throw new Error(`--updates must be an integer >= 1, got ${args.updates}`);
    console.log(JSON.stringify({ impl, gc: await gcReport(n) }));
    return;
  }
  const reps = Number(args.reps), ms = Number(args.ms), w5ms = Number(args['w5-ms']);
  if (!(Number.isInteger(reps) && reps >= 1) || !(ms > 0) || !(w5ms > 0)) throw new Error('reps must be an integer >= 1 and ms, w5-ms > 0');
  const h = createRequire(import.meta.url)(resolve(sharedDir(), 'bench', 'harness.cjs')) as Harness;
  const makers: Record<string, () => () => unknown> = {
    W1: () => makeW1().update,
    W2: () => makeW2().update,
    W3: () => makeW3().act,
    W5: () => makeW5().update,
  };
  const wanted = args.workloads.split(',').filter((w) => w !== '');
  for (const w of wanted) if (!(w in makers)) throw new Error(`unknown workload ${w}; expected some of ${Object.keys(makers).join(',')}`);
  const fns = Object.fromEntries(wanted.map((w) => [w, makers[w]!()])) as Record<string, () => unknown>;
  // Warm-up as reference.cjs: 300 ms of each throughput workload, 2000 calls of W3.
  for (const w of wanted) if (w === 'W3') h.latency(fns[w]!, 2000); else h.throughput(fns[w]!, 300);
  const r: Record<string, unknown> = { impl, dtype: 'f64' };
  const series: Record<string, number[]> = Object.fromEntries(wanted.map((w) => [w, []]));
  for (let i = 0; i < reps; i++) {
    for (const w of wanted) series[w]!.push(w === 'W3' ? h.latency(fns[w]!, 5000) : h.throughput(fns[w]!, w === 'W5' ? w5ms : ms));
  }
  for (const w of wanted) { r[w] = series[w]; r[`${w}_med`] = h.median(series[w]!); }
  console.log(JSON.stringify(r));
}

await main();
