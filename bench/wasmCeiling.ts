// `npm run bench:wasm`: the machine's WebAssembly-SIMD f64 ceiling on W5's matrix products (paper 1's
// MADDPG step, bench/peers/mecrl_w5.ts), beside what the library's kernels reach. Per product, in GFLOP/s
// (2·M·N·K flops per call; median of BENCH_ROUNDS rounds of BENCH_MS ms each):
//   ceiling-RxC   register-blocked f64x2 microkernels (bench/wasm/ceiling.wat), R×C blocks, data
//                 resident in wasm memory, full blocks only (N padded up to the block: flops counted
//                 on the true N), no fused multiply-add — the best of the three is the ceiling;
//   wasm-resident the library's kernel (lib/tensor/wasm/kernels.wat) on resident data: no copies (for
//                 dz·Wᵀ: gemm_nt_t, through W packed into 4-column panels; wasm-resident-direct: gemm_nt);
//   wasm-arena    the library's wasm path as the ops call it on a network arena's data (lib/nn/arena.ts:
//                 operands in one fixed-size memory, used in place by byte offset: the learners' case);
//   wasm-copy     the library's wasm path on ordinary Float64Arrays (operands copied in and the result out);
//   ts            kernels.ts (the TypeScript path);
//   ceiling-f32-RxC  the f32x4 twins of the ceiling kernels;
//   wasm-f32      the library's f32 kernel (gemm_nn_f32 / gemm_tn_f32 / gemm_nt_f32) on resident data
//                 (no f32 training dtype: the f32 kernels serve embedders and these rows).
// and the 128-bit peak of this CPU by documented arithmetic (printed with its assumption).
// Writes bench/results/wasm-ceiling.json. Do not run it on a loaded machine.
//   BENCH_ROUNDS (default 5), BENCH_MS (default 300), BENCH_CPU_GHZ (clock for the peak when os.cpus() reports 0).

import { cpus } from 'node:os';
import { resolve } from 'node:path';
import { writeFileAtomic } from '../cli/fs/atomic.js';
import { deriveStream, fillUniform } from '../lib/random/index.js';
import { createKernelMemory, gemmNN, gemmNT, gemmTN, inKernelMemory, wasmGemmNN, wasmGemmNT, wasmGemmTN } from '../lib/tensor/index.js';
import { decodeBase64 } from '../lib/tensor/wasm/runtime.js';
import { KERNELS_WASM_BASE64 } from '../lib/tensor/wasm/kernelsBytes.js';
import { CEILING_WASM_BASE64 } from './wasm/ceilingBytes.js';
import { W5_SIZES } from './peers/mecrl_w5.js';
import { ROOT } from './shared.js';

const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 5);
const MS = Number(process.env['BENCH_MS'] ?? 300);

/** W5's products, each as the kernel the layer calls: C[M×N] (+)= op(A)·op(B), reduction length K. */
const { batch: Bt, obsDim, actionDim, hidden: H, criticInput: CI } = W5_SIZES;
const PRODUCTS = [
  { name: 'critic fwd  x·W1', kind: 'nn', m: Bt, k: CI, n: H },
  { name: 'critic dW1  xᵀ·dz', kind: 'tn', m: Bt, k: CI, n: H },
  { name: 'actor fwd   x·W1', kind: 'nn', m: Bt, k: obsDim, n: H },
  { name: 'actor fwd   h·W2', kind: 'nn', m: Bt, k: H, n: actionDim },
  { name: 'actor dW2   hᵀ·dz', kind: 'tn', m: Bt, k: H, n: actionDim },
  { name: 'actor dh    dz·W2ᵀ', kind: 'nt', m: Bt, k: H, n: actionDim },
  { name: 'critic da   dz·W1ᵀ (actions)', kind: 'nt', m: Bt, k: actionDim, n: H }, // the agent's action columns only
] as const;

interface WasmApi { Memory: new (d: { initial: number }) => { buffer: ArrayBuffer }; Module: new (b: Uint8Array) => object; Instance: new (m: object, i: object) => { exports: Record<string, (...a: number[]) => void> } }
const WA = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

function instantiate(b64: string, bytes: number): { ex: Record<string, (...a: number[]) => void>; f64: Float64Array } {
  const memory = new WA.Memory({ initial: Math.ceil(bytes / 65536) + 1 });
  const ex = new WA.Instance(new WA.Module(decodeBase64(b64)), { env: { memory } }).exports;
  return { ex, f64: new Float64Array(memory.buffer) };
}

function rand(n: number, label: string): Float64Array {
  const d = new Float64Array(n);
  fillUniform(deriveStream(15, 'bench', 'wasm', label), d, -1, 1);
  return d;
}

/** Calls per second of fn: median over rounds of (calls / elapsed) in MS-ms windows. */
function rate(fn: () => void): number {
  for (let t0 = performance.now(); performance.now() - t0 < 100;) fn(); // warm-up
  const rates: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    let calls = 0;
    const t0 = performance.now();
    let t = t0;
    while (t - t0 < MS) { fn(); fn(); calls += 2; t = performance.now(); }
    rates.push((calls * 1000) / (t - t0));
  }
  rates.sort((a, b) => a - b);
  return rates[rates.length >> 1]!;
}

const up = (x: number, b: number): number => Math.ceil(x / b) * b;

/** Checks one call of a ceiling kernel against kernels.ts gemmNN (f64: bit-identical, the same sequential sums; f32: relative tolerance). */
function verify(name: string, mem: Float64Array | Float32Array, a: number, b: number, c: number, M: number, N: number, K: number, call: () => void, tol: number): void {
  mem.fill(0, c, c + M * N);
  call();
  const want = new Float64Array(M * N);
  gemmNN(Float64Array.from(mem.subarray(a, a + M * K)), Float64Array.from(mem.subarray(b, b + K * N)), want, M, K, N);
  for (let i = 0; i < M * N; i++) {
    const got = mem[c + i]!, w = want[i]!;
    if (tol === 0 ? got !== w : Math.abs(got - w) > tol * (1 + Math.abs(w))) throw new Error(`ceiling kernel ${name} is wrong at ${i}: ${got} vs ${w}`);
  }
}

/** The core clock from a dependent chain of f64 additions (BENCH_FADD_LATENCY cycles each); the median of 7. */
function measuredClock(): { mhz: number; source: string } {
  const latency = Number(process.env['BENCH_FADD_LATENCY'] ?? 3);
  const chain = (n: number): number => {
    let x = 0.5;
    for (let i = 0; i < n; i++) { x += 1e-12; x += 1e-12; x += 1e-12; x += 1e-12; x += 1e-12; x += 1e-12; x += 1e-12; x += 1e-12; }
    return x;
  };
  chain(1e6);
  const est: number[] = [];
  for (let r = 0; r < 7; r++) {
    const n = 2e7, t0 = process.hrtime.bigint();
    if (chain(n) < 0) throw new Error('unreachable');
    est.push((8 * n * latency) / (Number(process.hrtime.bigint() - t0) / 1e3));
  }
  est.sort((a, b) => a - b);
  return { mhz: est[3]!, source: `measured: a dependent f64-add chain at ${latency} cycles per add` };
}

function main(): void {
  const ghzEnv = Number(process.env['BENCH_CPU_GHZ'] ?? NaN);
  const osMhz = cpus()[0]?.speed ?? 0;
  // The clock: BENCH_CPU_GHZ, else os.cpus(), else (VMs often report 0) measured from a chain of
  // dependent f64 additions at BENCH_FADD_LATENCY cycles each (3 on AMD Zen 2–4, 4 on Intel Skylake+).
  const clock = Number.isFinite(ghzEnv) && ghzEnv > 0 ? { mhz: ghzEnv * 1000, source: 'BENCH_CPU_GHZ' }
    : osMhz > 0 ? { mhz: osMhz, source: 'os.cpus()' } : measuredClock();
  const mhz = clock.mhz;
  // Vector FP ops issued per cycle by a mul+add kernel without FMA: 2 on CPUs with two SIMD FP ports
  // (Intel Skylake+, AMD Zen 1–3 for add+mul pairs), 4 on AMD Zen 4 (two FMUL/FMA and two FADD pipes).
  // Without BENCH_FP_PORTS: 2, unless a measured ceiling exceeds the 2-port peak (impossible), then 4.
  const portsEnv = process.env['BENCH_FP_PORTS'];
  let ports = Number(portsEnv ?? 2);
  let portsSource = portsEnv === undefined ? 'default' : 'BENCH_FP_PORTS';
  const rows: Record<string, Record<string, number>> = {};
  for (const p of PRODUCTS) {
    const flops = 2 * p.m * p.k * p.n;
    const gf = (callsPerSec: number): number => (callsPerSec * flops) / 1e9;
    const row: Record<string, number> = {};
    // The ceiling kernels compute NN products; TN and NT are run as the NN product of the same size
    // (M = output rows, N = output columns, K = reduction), i.e. the work with ideal operand layout.
    const [M, N, K] = p.kind === 'nn' ? [p.m, p.n, p.k] : p.kind === 'tn' ? [p.k, p.n, p.m] : [p.m, p.k, p.n];
    for (const [R, C] of [[4, 4], [2, 8], [4, 8]] as const) {
      const Mp = up(M, R), Np = up(N, C);
      const bytes = 8 * (Mp * K + K * Np + Mp * Np) + 64;
      const { ex, f64 } = instantiate(CEILING_WASM_BASE64, bytes);
      const a = 0, b = 8 * Mp * K, c = b + 8 * K * Np;
      f64.set(rand(Mp * K, 'A'), a / 8); f64.set(rand(K * Np, 'B'), b / 8);
      const fn = ex[`mm${R}x${C}`]!;
      verify(`mm${R}x${C}`, f64, a / 8, b / 8, c / 8, Mp, Np, K, () => fn(a, b, c, Mp, Np, K), 0);
      row[`ceiling-${R}x${C}`] = gf(rate(() => fn(a, b, c, Mp, Np, K)));
    }
    // f32 rows (benchmark only; the library has no f32 kernels): the same products in f32x4.
    for (const [R, C] of [[4, 8], [4, 16]] as const) {
      const Mp = up(M, R), Np = up(N, C);
      const { ex, f64 } = instantiate(CEILING_WASM_BASE64, 4 * (Mp * K + K * Np + Mp * Np) + 64);
      const f32 = new Float32Array(f64.buffer);
      const a = 0, b = 4 * Mp * K, c = b + 4 * K * Np;
      f32.set(rand(Mp * K, 'A'), a / 4); f32.set(rand(K * Np, 'B'), b / 4);
      const fn = ex[`mm${R}x${C}f32`]!;
      verify(`mm${R}x${C}f32`, f32, a / 4, b / 4, c / 4, Mp, Np, K, () => fn(a, b, c, Mp, Np, K), 1e-3);
      row[`ceiling-f32-${R}x${C}`] = gf(rate(() => fn(a, b, c, Mp, Np, K)));
    }
    // The library's wasm kernel on resident data, and as the ops call it (with copies); then ts.
    const nA = p.kind === 'nt' ? p.m * p.n : p.m * p.k, nB = p.kind === 'nn' ? p.k * p.n : p.kind === 'tn' ? p.m * p.n : p.k * p.n;
    const nC = p.kind === 'tn' ? p.k * p.n : p.kind === 'nn' ? p.m * p.n : p.m * p.k;
    const A = rand(nA, 'A'), B = rand(nB, 'B'), Cm = new Float64Array(nC);
    const nT = p.kind === 'nt' ? p.n * p.k : 0, nS = p.kind === 'nt' ? 48 : 0; // gemm_nt_t's scratch (panels; three partial-sum tiles)
    const { ex, f64 } = instantiate(KERNELS_WASM_BASE64, 8 * (nA + nB + nC + nT + nS) + 64);
    const oa = 0, ob = 8 * nA, oc = ob + 8 * nB, ot = oc + 8 * nC, os = ot + 8 * nT;
    f64.set(A, 0); f64.set(B, nA);
    if (p.kind === 'nt') {
      const direct = ex['gemm_nt']!, viaT = ex['gemm_nt_t']!;
      row['wasm-resident'] = gf(rate(() => viaT(oa, ob, oc, p.m, p.n, p.k, ot, os)));
      row['wasm-resident-direct'] = gf(rate(() => direct(oa, ob, oc, p.m, p.n, p.k)));
    } else {
      const kfn = ex[`gemm_${p.kind}`]!;
      row['wasm-resident'] = gf(rate(() => kfn(oa, ob, oc, p.m, p.k, p.n)));
    }
    // The library's f32 twin on resident data (kernels.wat gemm_*_f32; no copies): the f32 row.
    {
      const nT32 = p.kind === 'nt' ? p.n * 8 * Math.ceil(p.k / 8) : 0;
      const { ex: ex32, f64: m64 } = instantiate(KERNELS_WASM_BASE64, 4 * (nA + nB + nC + nT32 + 128) + 64);
      const f = new Float32Array(m64.buffer);
      const q = (n: number): number => (n + 3) & ~3;
      const oa32 = 0, ob32 = q(nA), oc32 = ob32 + q(nB), ot32 = oc32 + q(nC), os32 = ot32 + q(nT32);
      f.set(A, oa32); f.set(B, ob32);
      const k32 = ex32[`gemm_${p.kind}_f32`]!;
      row['wasm-f32'] = gf(rate(p.kind === 'nt' ? () => k32(oa32 * 4, ob32 * 4, oc32 * 4, p.m, p.n, p.k, ot32 * 4, os32 * 4) : () => k32(oa32 * 4, ob32 * 4, oc32 * 4, p.m, p.k, p.n)));
    }
    const wasmFn = p.kind === 'nn' ? () => wasmGemmNN(A, B, Cm, p.m, p.k, p.n) : p.kind === 'tn' ? () => wasmGemmTN(A, B, Cm, p.m, p.k, p.n) : () => wasmGemmNT(A, B, Cm, p.m, p.n, p.k);
    const tsFn = p.kind === 'nn' ? () => gemmNN(A, B, Cm, p.m, p.k, p.n) : p.kind === 'tn' ? () => gemmTN(A, B, Cm, p.m, p.k, p.n) : () => gemmNT(A, B, Cm, p.m, p.n, p.k);
    // the same entry points on arena data (in place; gemm_nt_t's transposed W and partial sums in the arena's scratch)
    const mem = createKernelMemory(nA + nB + nC + 6, 0, nT + nS + 8);
    if (mem === null) throw new Error('wasm-arena: WebAssembly SIMD unavailable');
    const Aa = mem.alloc(nA), Ba = mem.alloc(nB), Ca = mem.alloc(nC);
    Aa.set(A); Ba.set(B);
    if (!inKernelMemory(Aa)) throw new Error('wasm-arena: operands not in the arena');
    const arenaFn = p.kind === 'nn' ? () => wasmGemmNN(Aa, Ba, Ca, p.m, p.k, p.n) : p.kind === 'tn' ? () => wasmGemmTN(Aa, Ba, Ca, p.m, p.k, p.n) : () => wasmGemmNT(Aa, Ba, Ca, p.m, p.n, p.k);
    row['wasm-arena'] = gf(rate(arenaFn));
    row['wasm-copy'] = gf(rate(wasmFn));
    row['ts'] = gf(rate(tsFn));
    rows[`${p.name} [${p.kind} m=${p.m} k=${p.k} n=${p.n}]`] = row;
    const best = Math.max(row['ceiling-4x4']!, row['ceiling-2x8']!, row['ceiling-4x8']!);
    row['ceiling-f64'] = best;
    row['ceiling-f32'] = Math.max(row['ceiling-f32-4x8']!, row['ceiling-f32-4x16']!);
    console.log(`${p.name.padEnd(30)} ${Object.entries(row).map(([k, v]) => `${k} ${v.toFixed(2)}`).join(' | ')} | lib(arena)/ceiling ${(row['wasm-arena']! / best).toFixed(2)} | lib-f32/ceiling-f32 ${(row['wasm-f32']! / row['ceiling-f32']!).toFixed(2)}`);
  }
  const bestCeiling = Math.max(...Object.values(rows).map((r) => r['ceiling-f64']!));
  if (portsEnv === undefined && mhz > 0 && bestCeiling > (mhz / 1000) * 2 * ports) {
    portsSource = `inferred: a measured ceiling of ${bestCeiling.toFixed(1)} GFLOP/s exceeds the 2-port peak of ${((mhz / 1000) * 4).toFixed(1)}`;
    ports = 4;
  }
  const peak = (mhz / 1000) * 2 * ports; // GHz × 2 f64 lanes × vector FP ops per cycle
  const result = {
    unit: 'GFLOP/s (2·M·N·K per call), f64',
    peak128: { gflops: peak, cpuMHz: mhz, clockSource: clock.source, fpPorts: ports, fpPortsSource: portsSource, arithmetic: `peak = clock (${(mhz / 1000).toFixed(2)} GHz, ${clock.source}) × 2 f64 lanes per 128-bit vector × ${ports} vector FP ops per cycle (${portsSource}; BENCH_FP_PORTS: 2 = two SIMD add/mul ports, Intel Skylake+, AMD Zen 1–3; 4 = AMD Zen 4's two FMUL and two FADD pipes; no FMA in this path). f32x4 doubles it.` },
    products: rows,
    machine: { cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, node: process.version, v8: process.versions.v8 },
    settings: { rounds: ROUNDS, msPerRound: MS },
  };
  console.log(mhz > 0 ? `128-bit f64 peak ≈ ${peak.toFixed(1)} GFLOP/s (${result.peak128.arithmetic})` : '128-bit f64 peak: clock unknown (os.cpus() reports 0 MHz); rerun with BENCH_CPU_GHZ=<base clock>');
  writeFileAtomic(resolve(ROOT, 'bench', 'results', 'wasm-ceiling.json'), JSON.stringify(result, null, 2) + '\n');
  console.log('wrote bench/results/wasm-ceiling.json');
}

main();
