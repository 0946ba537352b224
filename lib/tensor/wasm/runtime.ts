// The WebAssembly-SIMD kernels at run time: the embedded bytes (kernelsBytes.ts, assembled from
// kernels.wat by scripts/build-wasm.mjs) compiled with `WebAssembly.Module` / `Instance` — no
// fetch, no eval, no file access. Works under `node --disallow-code-generation-from-strings`; a
// browser needs a CSP allowing WebAssembly compilation: `script-src 'self' 'wasm-unsafe-eval'`.
//
// Memory. A kernel runs on arrays that lie in an ARENA (a fixed-size `WebAssembly.Memory` made by
// `createKernelMemory`, e.g. a network's parameters, gradients and Adam moments: lib/nn/arena.ts)
// in place, by byte offset; operands anywhere else in the JS heap (a batch, activations) are
// copied into scratch — the arena's own, or this thread's scratch memory, which grows whenever a
// larger call needs it (nothing outside this file holds a view of it). Copies are
// O(m·k + k·n + m·n) against the product's O(m·k·n) work. See "staging" below.
//
// Every kernel here is bit-identical to its TypeScript twin (lib/tensor/kernels.ts, the fused
// linear forward in ops/linear.ts, Adam/AdamW in lib/nn/optim.ts, Polyak in lib/nn/polyakUpdate.ts);
// see kernels.wat for the argument and test/tensor/wasm.test.ts for the tests.

import type { BufferPool } from '../buffers.js';
import { KERNELS_WASM_BASE64 } from './kernelsBytes.js';
import { PROBE_WASM_BASE64 } from './probeBytes.js';

/** The slice of the WebAssembly JS API we use (lib/ compiles without DOM or Node typings). */
interface WasmMemory { readonly buffer: ArrayBuffer; grow(pages: number): number }
interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { readonly exports: unknown };
  Memory: new (d: { initial: number; maximum?: number }) => WasmMemory;
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
  gemm_nn_f32(A: number, B: number, C: number, m: number, k: number, n: number): void;
  gemm_tn_f32(A: number, G: number, C: number, m: number, k: number, n: number): void;
  gemm_nt_f32(G: number, B: number, C: number, m: number, n: number, k: number, T: number, S: number): void;
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

/**
 * A memory with a kernels instance bound to it. Two kinds:
 *  - the thread's SCRATCH space (one, created on first use): holds nothing between calls, every
 *    operand is copied in and out, and it grows whenever a larger call needs it (nothing outside
 *    this file holds a view of it);
 *  - an ARENA space ({@link createKernelMemory}): a fixed-size memory (never grown, so views into
 *    it stay valid) whose front part holds a network's parameters, gradients and optimizer moments
 *    (handed out as Float64Array views by `alloc`), whose middle part is a pool for its layers'
 *    activations (outputs, their gradients; lib/tensor/buffers.ts `BufferPool`), and whose back
 *    part is scratch for the operands of a call that live elsewhere (a batch, another network's
 *    output). Kernels called on arrays that lie in an arena work on them IN PLACE (byte offsets).
 */
interface Space {
  readonly ex: KernelExports;
  readonly memory: WasmMemory;
  f64: Float64Array;
  /** Arena: fixed size, scratch in [scratch, end). Scratch space: grows, scratch from 0. */
  readonly fixed: boolean;
  scratch: number;
  end: number;
  /** Arena: its activation pool; null for the scratch space. */
  pool: BufferPool | null;
}

interface Loaded {
  readonly api: WasmApi;
  readonly module: object;
  readonly scratch: Space;
}

let loaded: Loaded | null | undefined; // undefined: not tried yet; null: unavailable

/** Why the wasm kernels are unavailable (null when they are available or not tried). */
let failure: string | null = null;

function instantiate(api: WasmApi, module: object, memory: WasmMemory, fixed: boolean, scratch: number): Space {
  const inst = new api.Instance(module, { env: { memory } });
  return { ex: inst.exports as KernelExports, memory, f64: new Float64Array(memory.buffer), fixed, scratch, end: memory.buffer.byteLength, pool: null };
}

function load(): Loaded | null {
  if (loaded !== undefined) return loaded;
  loaded = null;
  const api = wasmApi();
  if (api === null) { failure = 'WebAssembly is not available'; return null; }
  try {
    if (!api.validate(decodeBase64(PROBE_WASM_BASE64))) { failure = 'WebAssembly SIMD (128-bit) is not supported'; return null; }
    const module = new api.Module(decodeBase64(KERNELS_WASM_BASE64));
    loaded = { api, module, scratch: instantiate(api, module, new api.Memory({ initial: 16 }), false, 0) };
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

// ---- arena memories ----------------------------------------------------------------------------------

/** Arena spaces by their memory's buffer (a fixed-size memory keeps its buffer for life). */
const arenas = new WeakMap<ArrayBuffer, Space>();

const PAGE = 65536;
const pad = (n: number): number => (n * 8 + 15) & ~15;

/** One fixed-size WebAssembly memory with its own kernels instance (see {@link createKernelMemory}). */
export interface KernelMemory {
  /** Total size in bytes (whole 64 KiB pages). */
  readonly bytes: number;
  /** Bytes of the front part handed out by `alloc` so far, and its capacity. */
  readonly used: number;
  readonly capacity: number;
  /** Bytes of the activation pool (the `BufferPool` that `activationPool` finds for views of this memory). */
  readonly activationBytes: number;
  /** Bytes of scratch behind the pool. */
  readonly scratchBytes: number;
  /** A zeroed view of n float64 in the front part (16-byte aligned). Throws when it does not fit. */
  alloc(n: number): Float64Array;
}

/** A bump allocator over [start, end) bytes of `buffer` (16-byte aligned blocks); null when full. */
function bumpPool(buffer: ArrayBuffer, start: number, end: number): BufferPool {
  let next = start;
  return {
    buffer,
    alloc(n: number): Float64Array | null {
      if (next + pad(n) > end) return null;
      const v = new Float64Array(buffer, next, n);
      next += pad(n);
      return v;
    },
  };
}

/**
 * A memory of `fixed` float64 for `alloc` (each block padded to 16 bytes: reserve n + 1 per block),
 * `activations` float64 of activation pool and `scratch` float64 of per-call scratch, sized once
 * (`maximum` = `initial`: it never grows, so the views it hands out stay valid for the memory's
 * life). Null where the wasm kernels are unavailable. Kernels called on views of it run in place.
 */
export function createKernelMemory(fixed: number, activations: number, scratch: number): KernelMemory | null {
  const l = load();
  if (l === null) return null;
  const capacity = pad(fixed), poolEnd = capacity + pad(activations), pages = Math.max(1, Math.ceil((poolEnd + pad(scratch)) / PAGE));
  const space = instantiate(l.api, l.module, new l.api.Memory({ initial: pages, maximum: pages }), true, poolEnd);
  const buffer = space.memory.buffer;
  space.pool = bumpPool(buffer, capacity, poolEnd);
  arenas.set(buffer, space);
  const front = bumpPool(buffer, 0, capacity);
  let used = 0;
  return {
    bytes: pages * PAGE,
    get used() { return used; },
    capacity,
    activationBytes: poolEnd - capacity,
    scratchBytes: pages * PAGE - poolEnd,
    alloc(n: number): Float64Array {
      if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`KernelMemory.alloc: n must be a non-negative integer, got ${String(n)}`);
      const v = front.alloc(n);
      if (v === null) throw new RangeError(`KernelMemory.alloc: ${n} float64 do not fit (${capacity - used} of ${capacity} bytes left)`);
      used += pad(n);
      return v;
    },
  };
}

/** True when `a` is a view into an arena memory (the kernels then use it in place). */
export function inKernelMemory(a: Float64Array): boolean {
  return arenas.has(a.buffer as ArrayBuffer);
}

/** The activation pool of the arena `a` lies in (e.g. a layer's weights), or null. */
export function activationPool(a: Float64Array): BufferPool | null {
  const s = arenas.get(a.buffer as ArrayBuffer);
  return s === undefined ? null : s.pool;
}

// ---- staging a call's operands ------------------------------------------------------------------------
// A call names up to five arrays (slots 0–4) and two scratch regions. The space it runs in is the
// arena of the first slot that lies in one (else the thread's scratch space); slots in that space
// are passed in place, the others are copied into its scratch (in: copied in; out: copied back
// after). When the arena's scratch is too small for them (a batch larger than it was sized for)
// the call runs in the thread's scratch space instead, copying everything: the same bits, slower.
// Module-level arrays, so staging allocates nothing but the subarray views of the copies.

const IN = 1, OUT = 2;
const slot: (Float64Array | null)[] = [null, null, null, null, null];
const len = [0, 0, 0, 0, 0], mode = [0, 0, 0, 0, 0], at = [0, 0, 0, 0, 0, 0, 0];
const extra = [0, 0];
let copied = 0;

/** Float64 values copied into or out of wasm memories by the kernels so far (tests check what runs in place). @internal */
export function wasmCopiedValues(): number {
  return copied;
}

function setSlot(i: number, a: Float64Array | null, n: number, m: number): void {
  slot[i] = a; len[i] = n; mode[i] = m;
}

/** Picks the space and fills `at` (byte offsets of slots 0–4, then scratch 5–6). */
function stage(): Space {
  const l = kernels();
  let space: Space | undefined;
  for (let i = 0; i < 5 && space === undefined; i++) { const a = slot[i]; if (a !== null) space = arenas.get(a.buffer as ArrayBuffer); }
  if (space !== undefined) {
    let need = pad(extra[0]!) + pad(extra[1]!);
    for (let i = 0; i < 5; i++) { const a = slot[i]; if (a !== null && a.buffer !== space.memory.buffer) need += pad(len[i]!); }
    if (space.scratch + need > space.end) space = undefined;
  }
  const s = space ?? l.scratch;
  let o = s.fixed ? s.scratch : 0;
  if (!s.fixed) {
    let need = pad(extra[0]!) + pad(extra[1]!);
    for (let i = 0; i < 5; i++) if (slot[i] !== null) need += pad(len[i]!);
    const grow = need - s.memory.buffer.byteLength;
    if (grow > 0) {
      s.memory.grow(Math.ceil(grow / PAGE));
      s.f64 = new Float64Array(s.memory.buffer);
    }
  }
  for (let i = 0; i < 5; i++) {
    const a = slot[i];
    if (a === null) { at[i] = 0; continue; }
    if (a.buffer === s.memory.buffer) { at[i] = a.byteOffset; continue; }
    at[i] = o;
    o += pad(len[i]!);
    if ((mode[i]! & IN) !== 0) { s.f64.set(len[i] === a.length ? a : a.subarray(0, len[i]), at[i]! >> 3); copied += len[i]!; }
  }
  at[5] = o; o += pad(extra[0]!);
  at[6] = o;
  return s;
}

/** Copies the OUT slots that were staged back out, and forgets the slots. */
function unstage(s: Space): void {
  for (let i = 0; i < 5; i++) {
    const a = slot[i];
    if (a !== null && (mode[i]! & OUT) !== 0 && a.buffer !== s.memory.buffer) { a.set(s.f64.subarray(at[i]! >> 3, (at[i]! >> 3) + len[i]!)); copied += len[i]!; }
    slot[i] = null;
  }
  extra[0] = 0; extra[1] = 0;
}

/**
 * X (nx values) and Y (ny) in, C (nc) in and out; runs `kernel(x, y, c, d0, d1, d2, t, s)` with
 * scratch regions t (nt values) and s (ns).
 */
function product(kernel: 'gemm_nn' | 'gemm_tn' | 'gemm_nt_t', X: Float64Array, nx: number, Y: Float64Array, ny: number, C: Float64Array, nc: number, d0: number, d1: number, d2: number, nt = 0, ns = 0): void {
  // Y first: the weights (or C, the weight gradient) pick the arena
  setSlot(0, Y, ny, IN); setSlot(1, C, nc, IN | OUT); setSlot(2, X, nx, IN);
  extra[0] = nt; extra[1] = ns;
  const s = stage();
  (s.ex[kernel] as KernelExports['gemm_nt_t'])(at[2]!, at[0]!, at[1]!, d0, d1, d2, at[5]!, at[6]!);
  unstage(s);
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
 * C[m×k] += G·Bᵀ with G[m×n], B[k×n]; bit-identical to kernels.ts gemmNT. Runs `gemm_nt_t` (B packed
 * into 4-column panels of Bᵀ, 4×4 register tiles, one pass per partial sum); `direct` runs `gemm_nt`
 * (dot products in place).
 */
export function wasmGemmNT(G: Float64Array, B: Float64Array, C: Float64Array, m: number, n: number, k: number, direct = false): void {
  if (direct) {
    setSlot(0, B, k * n, IN); setSlot(1, C, m * k, IN | OUT); setSlot(2, G, m * n, IN);
    const s = stage();
    s.ex.gemm_nt(at[2]!, at[0]!, at[1]!, m, n, k);
    unstage(s);
    return;
  }
  product('gemm_nt_t', G, m * n, B, k * n, C, m * k, m, n, k, n * k, 48);
}

/** Activation codes of `linear_fwd` (the others are applied by the caller). */
export const WASM_ACT = { identity: 0, relu: 1, leakyRelu: 2 } as const;

/**
 * Y[rows×nOut] = act(X·W + b), act = 0 identity, 1 relu, 2 leakyRelu (code from {@link WASM_ACT});
 * `b` null: no bias. Bit-identical to ops/linear.ts's forward (fill with b, gemmNN, activation).
 */
export function wasmLinearForward(X: Float64Array, W: Float64Array, b: Float64Array | null, Y: Float64Array, rows: number, nIn: number, nOut: number, act: number): void {
  setSlot(0, W, nIn * nOut, IN); setSlot(1, b, nOut, IN); setSlot(2, X, rows * nIn, IN); setSlot(3, Y, rows * nOut, OUT);
  const s = stage();
  s.ex.linear_fwd(at[2]!, at[0]!, at[1]!, b === null ? 0 : 1, at[3]!, rows, nIn, nOut, act);
  unstage(s);
}

/** Settings of one Adam/AdamW step (computed by lib/nn/optim.ts exactly as its TS loop uses them). */
export interface WasmAdamStep {
  readonly stepSize: number; readonly bc2Sqrt: number; readonly eps: number;
  readonly b1: number; readonly b2: number; readonly l2: number; readonly decay: number;
}

/** One Adam/AdamW step over p, g, m, v (length n); bit-identical to lib/nn/optim.ts. */
export function wasmAdam(p: Float64Array, g: Float64Array, m: Float64Array, v: Float64Array, s: WasmAdamStep): void {
  const n = p.length;
  setSlot(0, p, n, IN | OUT); setSlot(1, g, n, IN); setSlot(2, m, n, IN | OUT); setSlot(3, v, n, IN | OUT);
  const sp = stage();
  sp.ex.adam(at[0]!, at[1]!, at[2]!, at[3]!, n, s.stepSize, s.bc2Sqrt, s.eps, s.b1, 1 - s.b1, s.b2, 1 - s.b2, s.l2, s.l2 !== 0 ? 1 : 0, s.decay, s.decay !== 1 ? 1 : 0);
  unstage(sp);
}

/** d ← d·keep + τ·s (0 < τ < 1, keep = 1 − τ); bit-identical to lib/nn/polyakUpdate.ts. */
export function wasmPolyak(s: Float64Array, d: Float64Array, keep: number, tau: number): void {
  const n = d.length;
  setSlot(0, d, n, IN | OUT); setSlot(1, s, n, IN);
  const sp = stage();
  sp.ex.polyak(at[1]!, at[0]!, n, keep, tau);
  unstage(sp);
}

// ---- float32 products ---------------------------------------------------------------------------------
// The f32 twins of the three products (kernels.ts gemmNNf32 & co., bit-identical). No network lives
// in f32, so they always run in this thread's scratch memory: operands copied in, C copied out.

let f32View: Float32Array | null = null;

function productF32(kernel: 'gemm_nn_f32' | 'gemm_tn_f32' | 'gemm_nt_f32', X: Float32Array, nx: number, Y: Float32Array, ny: number, C: Float32Array, nc: number, d0: number, d1: number, d2: number, nt: number): void {
  for (const [d, name] of [[d0, 'm'], [d1, kernel === 'gemm_nt_f32' ? 'n' : 'k'], [d2, kernel === 'gemm_nt_f32' ? 'k' : 'n']] as const) {
    if (!Number.isInteger(d) || d < 0 || d > 0x3fffffff) throw new RangeError(`${kernel}: ${name} must be an integer in [0, 2^30], got ${d}`);
  }
  for (const [a, n, name] of [[X, nx, 'first operand'], [Y, ny, 'second operand'], [C, nc, 'C']] as const) {
    if (a.length < n) throw new RangeError(`${kernel}: ${name} has ${a.length} values, the sizes need ${n}`);
  }
  const s = kernels().scratch;
  const q = (n: number): number => (n + 3) & ~3; // floats, 16-byte aligned
  const ox = 0, oy = ox + q(nx), oc = oy + q(ny), ot = oc + q(nc), os = ot + q(nt), end = os + 128;
  const grow = end * 4 - s.memory.buffer.byteLength;
  if (grow > 0) {
    s.memory.grow(Math.ceil(grow / PAGE));
    s.f64 = new Float64Array(s.memory.buffer);
  }
  if (f32View === null || f32View.buffer !== s.memory.buffer) f32View = new Float32Array(s.memory.buffer);
  const f = f32View;
  f.set(nx === X.length ? X : X.subarray(0, nx), ox); f.set(ny === Y.length ? Y : Y.subarray(0, ny), oy); f.set(nc === C.length ? C : C.subarray(0, nc), oc);
  (s.ex[kernel] as KernelExports['gemm_nt_f32'])(ox * 4, oy * 4, oc * 4, d0, d1, d2, ot * 4, os * 4);
  C.set(f.subarray(oc, oc + nc));
}

/** C[m×n] += A[m×k]·B[k×n] in float32; bit-identical to kernels.ts gemmNNf32. */
export function wasmGemmNNf32(A: Float32Array, B: Float32Array, C: Float32Array, m: number, k: number, n: number): void {
  productF32('gemm_nn_f32', A, m * k, B, k * n, C, m * n, m, k, n, 0);
}

/** C[k×n] += Aᵀ·G in float32 with A[m×k], G[m×n]; bit-identical to kernels.ts gemmTNf32. */
export function wasmGemmTNf32(A: Float32Array, G: Float32Array, C: Float32Array, m: number, k: number, n: number): void {
  productF32('gemm_tn_f32', A, m * k, G, m * n, C, k * n, m, k, n, 0);
}

/** C[m×k] += G·Bᵀ in float32 with G[m×n], B[k×n]; bit-identical to kernels.ts gemmNTf32 (B packed into 8-column panels). */
export function wasmGemmNTf32(G: Float32Array, B: Float32Array, C: Float32Array, m: number, n: number, k: number): void {
  productF32('gemm_nt_f32', G, m * n, B, k * n, C, m * k, m, n, k, n * 8 * Math.ceil(k / 8));
}
