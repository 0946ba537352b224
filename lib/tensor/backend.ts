// Which kernels run the dense products, the fused linear layer, Adam/AdamW and Polyak updates:
//   'ts'    the TypeScript loops of kernels.ts and lib/nn (the reference; always available);
//   'wasm'  hand-written WebAssembly-SIMD kernels (wasm/kernels.wat), BIT-IDENTICAL to 'ts' in
//           float64: same operations in the same order per output element, no fused multiply-add.
// The choice is global (`setBackend`), or scoped (`withBackend(b, fn)`). Asking for 'wasm' where
// WebAssembly or its 128-bit SIMD is unavailable (probed by validating a tiny SIMD module) keeps
// 'ts': `setBackend` returns the backend actually in use. Because the two give identical results,
// the backend never changes a run's numbers, only its speed.
// Browsers: compiling the embedded module needs the CSP `script-src 'self' 'wasm-unsafe-eval'`.
// Where the data lives: the wasm kernels run in place on arrays inside a network arena
// (lib/nn/arena.ts: parameters, gradients, Adam moments and layer activations in one WebAssembly
// memory; the learners of lib/rl build them on 'wasm') and copy everything else in and out
// (wasm/runtime.ts). 'ts' never needs an arena; its loops run on arena views as well.

import { gemmNN, gemmNT, gemmTN } from './kernels.js';
import { wasmGemmNN, wasmGemmNT, wasmGemmTN, wasmKernelsAvailable, wasmUnavailableReason } from './wasm/runtime.js';

/** A kernel backend. */
export type Backend = 'ts' | 'wasm';
export const BACKENDS: readonly Backend[] = ['ts', 'wasm'];

let active: Backend = 'ts';

/** The three dense products of one backend (same signatures as kernels.ts). */
export interface GemmKernels {
  readonly gemmNN: typeof gemmNN;
  readonly gemmTN: typeof gemmTN;
  readonly gemmNT: typeof gemmNT;
}

/**
 * Products with fewer output rows than this stay on the TypeScript loops under 'wasm' too (same
 * bits either way): with a batch of 1 to 3 the wasm kernels' 4-row blocks are unused and the call
 * overhead (and copying x and y in and out) would cost about as much as the product (W3, acting, is
 * batch 1).
 */
export const WASM_MIN_ROWS = 4;

const TS_KERNELS: GemmKernels = { gemmNN, gemmTN, gemmNT };
const WASM_KERNELS: GemmKernels = {
  gemmNN: (A, B, C, m, k, n) => (m < WASM_MIN_ROWS ? gemmNN : wasmGemmNN)(A, B, C, m, k, n),
  gemmTN: (A, G, C, m, k, n) => (k < WASM_MIN_ROWS ? gemmTN : wasmGemmTN)(A, G, C, m, k, n),
  gemmNT: (G, B, C, m, n, k) => (m < WASM_MIN_ROWS ? gemmNT : wasmGemmNT)(G, B, C, m, n, k),
};

function checkBackend(fn: string, b: unknown): Backend {
  if (b !== 'ts' && b !== 'wasm') throw new RangeError(`${fn}: backend must be one of 'ts', 'wasm', got ${typeof b === 'string' ? `'${b}'` : String(b)}`);
  return b;
}

/** True when `b` can run here ('ts' always; 'wasm' needs WebAssembly with SIMD). */
export function backendAvailable(b: Backend): boolean {
  return checkBackend('backendAvailable', b) === 'ts' || wasmKernelsAvailable();
}

/** Why 'wasm' is unavailable here, or null when it is available. */
export function wasmUnavailable(): string | null {
  return wasmKernelsAvailable() ? null : wasmUnavailableReason();
}

/** The backend in use. */
export function getBackend(): Backend {
  return active;
}

/** Selects the backend for every later op; returns the one in use ('ts' if 'wasm' is unavailable). */
export function setBackend(b: Backend): Backend {
  active = checkBackend('setBackend', b) === 'wasm' && !wasmKernelsAvailable() ? 'ts' : b;
  return active;
}

/** Runs `fn` with backend `b` (falling back to 'ts' as setBackend), restoring the previous one after. */
export function withBackend<T>(b: Backend, fn: () => T): T {
  const prev = active;
  setBackend(b);
  try {
    return fn();
  } finally {
    active = prev;
  }
}

/** The backend an op runs on: `b` if given (falling back to 'ts' where wasm is unavailable), else the active one. @internal */
export function resolveBackend(b: Backend | undefined, fn = 'linear'): Backend {
  if (b === undefined) return active;
  return checkBackend(fn, b) === 'wasm' && !wasmKernelsAvailable() ? 'ts' : b;
}

/** The dense products of backend `b` (default: the active one). @internal */
export function activeGemm(b: Backend = active): GemmKernels {
  return b === 'wasm' ? WASM_KERNELS : TS_KERNELS;
}
