// The WebAssembly-SIMD kernels at run time: the embedded bytes (kernelsBytes.ts, assembled from
// kernels.wat by scripts/build-wasm.mjs) compiled with `WebAssembly.Module` / `Instance` — no
// fetch, no eval, no file access. Works under `node --disallow-code-generation-from-strings`; a
// browser needs a CSP allowing WebAssembly compilation: `script-src 'self' 'wasm-unsafe-eval'`.
//
// Memory. The kernels work on one `WebAssembly.Memory` owned by this module. Each call copies its
// operands in, runs the kernel and copies the result out (the operands are ordinary
// Float64Arrays anywhere in the JS heap), so the memory may grow whenever a larger call needs it:
// nothing outside this file holds a view of it. Copies are O(m·k + k·n + m·n) against the
// product's O(m·k·n) work.
//
// Every kernel here is bit-identical to its TypeScript twin (lib/tensor/kernels.ts, the fused
// linear forward in ops/linear.ts, Adam/AdamW in lib/nn/optim.ts, Polyak in lib/nn/polyakUpdate.ts);
// see kernels.wat for the argument and test/tensor/wasm.test.ts for the tests.

import { KERNELS_WASM_BASE64 } from './kernelsBytes.js';
import { PROBE_WASM_BASE64 } from './probeBytes.js';

/** The slice of the WebAssembly JS API we use (lib/ compiles without DOM or Node typings). */
interface WasmMemory { readonly buffer: ArrayBuffer; grow(pages: number): number }
interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { readonly exports: unknown };
  Memory: new (d: { initial: number }) => WasmMemory;
}

interface KernelExports {
  gemm_nn(A: number, B: number, C: number, m: number, k: number, n: number): void;
  gemm_tn(A: number, G: number, C: number, m: number, k: number, n: number): void;
  gemm_nt(G: number, B: number, C: number, m: number, n: number, k: number): void;
  gemm_nt_t(G: number, B: number, C: number, m: number, n: number, k: number, T: number, S: number): void;
  linear_fwd(X: number, W: number, b: number, hasBias: number, Y: number, rows: number, nIn: number, nOut: number, act: number): void;
  adam(P: number, G: number, M: number, V: number, n: number, stepSize: number, bc2: number, eps: number, b1: number, omb1: number,
    b2: number, omb2: number, l2: number, useL2: number, decay: number, useDecay: number): void;
  polyak(S: number, D: number, n: number, keep: number, tau: number): void;
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Base64 → bytes (no atob/Buffer: neither is in lib/'s typings, and this is all we need). */
export function decodeBase64(s: string): Uint8Array {
  const clean = s.replace(/=+$/, '');
  const out = new Uint8Array(Math.floor((clean.length * 3) / 4));
  let bits = 0, acc = 0, o = 0;
  for (let i = 0; i < clean.length; i++) {
    const v = B64.indexOf(clean[i]!);
    if (v < 0) throw new RangeError(`decodeBase64: invalid character '${clean[i]}' at ${i}`);
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 0xff;
    }
  }
  return out;
}

function wasmApi(): WasmApi | null {
  const api = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
  return typeof api === 'object' && api !== null ? api : null;
}

interface Loaded {
  readonly ex: KernelExports;
  readonly memory: WasmMemory;
  f64: Float64Array;
}

let loaded: Loaded | null | undefined; // undefined: not tried yet; null: unavailable

/** Why the wasm kernels are unavailable (null when they are available or not tried). */
let failure: string | null = null;

function load(): Loaded | null {
  if (loaded !== undefined) return loaded;
  loaded = null;
  const api = wasmApi();
  if (api === null) { failure = 'WebAssembly is not available'; return null; }
  try {
    if (!api.validate(decodeBase64(PROBE_WASM_BASE64))) { failure = 'WebAssembly SIMD (128-bit) is not supported'; return null; }
    const memory = new api.Memory({ initial: 16 });
    const inst = new api.Instance(new api.Module(decodeBase64(KERNELS_WASM_BASE64)), { env: { memory } });
    loaded = { ex: inst.exports as KernelExports, memory, f64: new Float64Array(memory.buffer) };
  } catch (e) {
    failure = `WebAssembly could not be instantiated (${e instanceof Error ? e.message : String(e)})`;
  }
  return loaded;
}

/** True when the WebAssembly-SIMD kernels can run here (probed and instantiated once). */
export function wasmKernelsAvailable(): boolean {
  return load() !== null;
}

/** Why {@link wasmKernelsAvailable} is false, or null. */
export function wasmUnavailableReason(): string | null {
  load();
  return failure;
}

function kernels(): Loaded {
  const l = load();
  if (l === null) throw new Error(`wasm backend: ${failure ?? 'unavailable'}`);
  return l;
}

const pad = (n: number): number => (n * 8 + 15) & ~15;
const at: number[] = [0, 0, 0, 0, 0];

/** Byte offsets (into `at`) of consecutive f64 regions of n0…n4 values, 16-byte aligned; grows the memory to fit. */
function layout(l: Loaded, n0: number, n1: number, n2: number, n3: number, n4 = 0): void {
  at[0] = 0;
  at[1] = pad(n0);
  at[2] = at[1] + pad(n1);
  at[3] = at[2] + pad(n2);
  at[4] = at[3] + pad(n3);
  const need = at[4] + pad(n4) - l.memory.buffer.byteLength;
  if (need > 0) {
    l.memory.grow(Math.ceil(need / 65536));
    l.f64 = new Float64Array(l.memory.buffer);
  }
}

function put(l: Loaded, byteOffset: number, src: Float64Array, n: number): void {
  l.f64.set(n === src.length ? src : src.subarray(0, n), byteOffset >> 3);
}

function get(l: Loaded, byteOffset: number, dst: Float64Array, n: number): void {
  dst.set(l.f64.subarray(byteOffset >> 3, (byteOffset >> 3) + n));
}

/**
 * Copies X (nx values), Y (ny) and C (nc) in, runs `kernel(x, y, c, d0, d1, d2, t, s)` with scratch
 * regions t (nt values) and s (ns), copies C back out.
 */
function product(kernel: 'gemm_nn' | 'gemm_tn' | 'gemm_nt_t', X: Float64Array, nx: number, Y: Float64Array, ny: number, C: Float64Array, nc: number, d0: number, d1: number, d2: number, nt = 0, ns = 0): void {
  const l = kernels();
  layout(l, nx, ny, nc, nt, ns);
  put(l, at[0]!, X, nx); put(l, at[1]!, Y, ny); put(l, at[2]!, C, nc);
  (l.ex[kernel] as KernelExports['gemm_nt_t'])(at[0]!, at[1]!, at[2]!, d0, d1, d2, at[3]!, at[4]!);
  get(l, at[2]!, C, nc);
}

/** C[m×n] += A[m×k]·B[k×n]; bit-identical to kernels.ts gemmNN. */
export function wasmGemmNN(A: Float64Array, B: Float64Array, C: Float64Array, m: number, k: number, n: number): void {
  product('gemm_nn', A, m * k, B, k * n, C, m * n, m, k, n);
}

/** C[k×n] += Aᵀ·G with A[m×k], G[m×n]; bit-identical to kernels.ts gemmTN. */
export function wasmGemmTN(A: Float64Array, G: Float64Array, C: Float64Array, m: number, k: number, n: number): void {
  product('gemm_tn', A, m * k, G, m * n, C, k * n, m, k, n);
}

/**
 * C[m×k] += G·Bᵀ with G[m×n], B[k×n]; bit-identical to kernels.ts gemmNT. Runs `gemm_nt_t` (through a
 * transposed copy of B and the blocked NN kernel); `direct` runs `gemm_nt` (dot products in place).
 */
export function wasmGemmNT(G: Float64Array, B: Float64Array, C: Float64Array, m: number, n: number, k: number, direct = false): void {
  if (direct) {
    const l = kernels();
    layout(l, m * n, k * n, m * k, 0);
    put(l, at[0]!, G, m * n); put(l, at[1]!, B, k * n); put(l, at[2]!, C, m * k);
    l.ex.gemm_nt(at[0]!, at[1]!, at[2]!, m, n, k);
    get(l, at[2]!, C, m * k);
    return;
  }
  product('gemm_nt_t', G, m * n, B, k * n, C, m * k, m, n, k, n * k, 4 * m * k);
}

/** Activation codes of `linear_fwd` (the others are applied by the caller). */
export const WASM_ACT = { identity: 0, relu: 1, leakyRelu: 2 } as const;

/**
 * Y[rows×nOut] = act(X·W + b), act = 0 identity, 1 relu, 2 leakyRelu (code from {@link WASM_ACT});
 * `b` null: no bias. Bit-identical to ops/linear.ts's forward (fill with b, gemmNN, activation).
 */
export function wasmLinearForward(X: Float64Array, W: Float64Array, b: Float64Array | null, Y: Float64Array, rows: number, nIn: number, nOut: number, act: number): void {
  const l = kernels();
  layout(l, rows * nIn, nIn * nOut, nOut, rows * nOut);
  put(l, at[0]!, X, rows * nIn); put(l, at[1]!, W, nIn * nOut);
  if (b !== null) put(l, at[2]!, b, nOut);
  l.ex.linear_fwd(at[0]!, at[1]!, at[2]!, b === null ? 0 : 1, at[3]!, rows, nIn, nOut, act);
  get(l, at[3]!, Y, rows * nOut);
}

/** Settings of one Adam/AdamW step (computed by lib/nn/optim.ts exactly as its TS loop uses them). */
export interface WasmAdamStep {
  readonly stepSize: number; readonly bc2Sqrt: number; readonly eps: number;
  readonly b1: number; readonly b2: number; readonly l2: number; readonly decay: number;
}

/** One Adam/AdamW step over p, g, m, v (length n); bit-identical to lib/nn/optim.ts. */
export function wasmAdam(p: Float64Array, g: Float64Array, m: Float64Array, v: Float64Array, s: WasmAdamStep): void {
  const l = kernels(), n = p.length;
  layout(l, n, n, n, n);
  put(l, at[0]!, p, n); put(l, at[1]!, g, n); put(l, at[2]!, m, n); put(l, at[3]!, v, n);
  l.ex.adam(at[0]!, at[1]!, at[2]!, at[3]!, n, s.stepSize, s.bc2Sqrt, s.eps, s.b1, 1 - s.b1, s.b2, 1 - s.b2, s.l2, s.l2 !== 0 ? 1 : 0, s.decay, s.decay !== 1 ? 1 : 0);
  get(l, at[0]!, p, n); get(l, at[2]!, m, n); get(l, at[3]!, v, n);
}

/** d ← d·keep + τ·s (0 < τ < 1, keep = 1 − τ); bit-identical to lib/nn/polyakUpdate.ts. */
export function wasmPolyak(s: Float64Array, d: Float64Array, keep: number, tau: number): void {
  const l = kernels(), n = d.length;
  layout(l, n, n, 0, 0);
  put(l, at[0]!, s, n); put(l, at[1]!, d, n);
  l.ex.polyak(at[0]!, at[1]!, n, keep, tau);
  get(l, at[1]!, d, n);
}
