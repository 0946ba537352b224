// Network arenas: a network's parameters, gradients, optimizer moments and layer activations in ONE
// WebAssembly memory, so the wasm kernels (lib/tensor/wasm) work on them in place instead of
// copying them in and out on every call.
//
// Layout of one arena (one fixed-size `WebAssembly.Memory`, sized here and never grown — growth
// would detach the `flat.data` views handed out):
//   [ flat.data P ][ flat.grad P ][ m, v of each adopted optimizer ][ activation pool ][ scratch ]
// P = `module.countParams()`, each block 16-byte aligned.
//  * The activation pool holds the buffers of the module's fused layers when they run on the wasm
//    kernels inside an `Arena.run` (lib/tensor/buffers.ts, the record/replay pool every learner
//    update runs in): each layer's output y, its dz and the gradient of its input, and a joined
//    [obs, action] input. The replay hands the same buffers back on every update, so the pool is
//    filled once. Sized for `passes` forward+backward passes of `batch` rows:
//      activations = passes · Σ over weights [in, out] of B·(2·out + 2·in) float64 (+ alignment);
//    default 2 passes (a critic runs twice per update: its loss, then the actor's loss through it).
//    When it is full, further buffers come from the JS heap (and are copied): same bits. A module
//    that only runs forward (`backward: false`, a target network) needs B·(out + in) per layer.
//  * The scratch holds, for one kernel call at a time, the operands that live elsewhere — the batch
//    fed to the first layer, another network's output, a Polyak source network — and the transposed
//    weights and partial sums of the input-gradient product. Sized for the worst case of a call
//    whose operands are all foreign:
//      scratch = max(P, max over weights [in, out] of 5·B·in + B·out + in·out) float64 (+ alignment),
//    the largest call being dx += dz·Wᵀ (dz B·out, dx B·in, Wᵀ in·out, four partial sums 4·B·in);
//    forward only: max(P, max of B·(in + out)).
//
// A larger batch. A call whose foreign operands do not fit the scratch still gives the same bits: it
// runs in the thread's growable scratch memory, copying everything (the state before arenas). To
// size the arena for the new batch, call `buildArena` again: that REBUILDS it — a new memory, the
// values, gradients and moments copied over, `flat`, the parameter tensors and the adopted
// optimizers' `m`/`v` re-pointed. Views taken before a (re)build are stale afterwards (they keep
// their values but are no longer used): take `module.flat`, `module.parameters()` and `opt.m` after
// it, as the learners do (lib/rl: `fitArenas` (re)builds at the start of an update, before any view
// is taken, and only when the batch grows). Activation buffers of an `Arena` that were drawn from
// the old pool stay valid (the old memory lives as long as they do) and move into the new pool at
// their next replay.
//
// Without WebAssembly SIMD `buildArena` returns null and leaves the module as it is. The 'ts'
// backend needs no arena and draws nothing from the pool; the TypeScript loops run on arena views
// as well (a view into a WebAssembly memory is an ordinary Float64Array), with the same bits.

import { createKernelMemory } from '../tensor/index.js';
import { Module, type AnyModule } from './module.js';
import { Optimizer } from './optim.js';
import { checkKeys, fail } from './validate.js';

/** Options of {@link buildArena}. */
export interface ArenaOptions {
  /** Rows of the largest batch the module's layers will run on: sizes the scratch (an integer ≥ 1). */
  readonly batch: number;
  /** Optimizers of this module whose moments move into the arena (built on the module itself). */
  readonly optimizers?: readonly Optimizer[];
  /** Forward+backward passes per `Arena.run` the activation pool is sized for (an integer ≥ 0, default 2). */
  readonly passes?: number;
  /**
   * Whether gradients flow through the module (default true). False for a target network, which
   * only runs forward: its pool then holds no dz or input gradients and its scratch only a layer's
   * x and y (and a Polyak source); a backward pass still works, copying (same bits).
   */
  readonly backward?: boolean;
}

/** The arena of one module (read it from `module.arena`). */
export class NetworkArena {
  /** Total bytes of the arena's memory (whole 64 KiB pages). */
  readonly bytes: number;
  /** Bytes of parameters + gradients + moments (the front part, alignment included). */
  readonly stateBytes: number;
  /** Bytes of the activation pool. */
  readonly activationBytes: number;
  /** Bytes of per-call scratch. */
  readonly scratchBytes: number;
  /** The batch rows the scratch was sized for. */
  readonly batch: number;
  /** The optimizers whose moments live here. */
  readonly optimizers: readonly Optimizer[];

  /** @internal (built by {@link buildArena}) */
  constructor(bytes: number, stateBytes: number, activationBytes: number, scratchBytes: number, batch: number, optimizers: readonly Optimizer[]) {
    this.bytes = bytes;
    this.stateBytes = stateBytes;
    this.activationBytes = activationBytes;
    this.scratchBytes = scratchBytes;
    this.batch = batch;
    this.optimizers = optimizers;
  }

  toString(): string {
    return `NetworkArena(${this.bytes} bytes: ${this.stateBytes} state, ${this.activationBytes} activations, ${this.scratchBytes} scratch; batch ${this.batch})`;
  }
}

/** Float64 of scratch the module's calls need at `batch` rows (see the file header; forward only: x and y of a layer). */
export function arenaScratch(module: AnyModule, batch: number, backward = true): number {
  let need = module.countParams();
  for (const { tensor } of module.parameters()) {
    if (tensor.rank !== 2) continue;
    const nIn = tensor.shape[0]!, nOut = tensor.shape[1]!;
    need = Math.max(need, backward ? 5 * batch * nIn + batch * nOut + nIn * nOut : batch * (nIn + nOut));
  }
  return need + 16; // alignment of up to seven blocks (each padded to 16 bytes)
}

/** Float64 of activation pool for `passes` passes of `batch` rows (see the file header; forward only: y and a joined x). */
export function arenaActivations(module: AnyModule, batch: number, passes: number, backward = true): number {
  let need = 0;
  for (const { tensor } of module.parameters()) {
    if (tensor.rank !== 2) continue;
    const nIn = tensor.shape[0]!, nOut = tensor.shape[1]!;
    need += (backward ? batch * (2 * nOut + 2 * nIn) : batch * (nOut + nIn)) + 8; // y, dz, dx, a joined x; alignment
  }
  return passes * need;
}

/**
 * Puts `module` (a root module: built, not registered in a parent), the moments of `optimizers` and
 * the module's activations in one WebAssembly memory sized for `batch` rows (see the file header),
 * or rebuilds its arena
 * (the optimizers already in it move along). Returns the arena, or null where WebAssembly SIMD is
 * unavailable (the module is then unchanged). Values, gradients and moments are kept exactly.
 */
export function buildArena(module: AnyModule, options: ArenaOptions): NetworkArena | null {
  const fn = 'buildArena';
  if (!(module instanceof Module)) fail(fn, 'module', 'a Module', module, true);
  if (typeof options !== 'object' || options === null) fail(fn, 'options', 'an object { batch, optimizers? }', options, true);
  checkKeys(fn, 'options', options, ['batch', 'optimizers', 'passes', 'backward']);
  const batch = options.batch, passes = options.passes ?? 2, backward = options.backward ?? true;
  if (typeof backward !== 'boolean') fail(fn, 'backward', 'a boolean', backward, true);
  if (!Number.isSafeInteger(batch) || batch < 1) fail(fn, 'batch', 'an integer >= 1', batch);
  if (!Number.isSafeInteger(passes) || passes < 0) fail(fn, 'passes', 'an integer >= 0', passes);
  const given = options.optimizers ?? [];
  if (!Array.isArray(given)) fail(fn, 'optimizers', 'an array of Optimizers', given, true);
  const opts: Optimizer[] = [...(module.arena?.optimizers ?? [])];
  given.forEach((o, i) => {
    if (!(o instanceof Optimizer)) fail(fn, `optimizers[${i}]`, 'an Optimizer', o, true);
    if (!o.isBuiltOn(module)) throw new RangeError(`${fn}: optimizers[${i}] was not built on this module (build it with adam(module), not on a { data, grad } pair)`);
    if (!opts.includes(o)) opts.push(o);
  });
  const P = module.countParams();
  let fixed = 2 * (P + 2);
  for (const o of opts) fixed += o.m.length + o.v.length + 4;
  const mem = createKernelMemory(fixed, arenaActivations(module, batch, passes, backward), arenaScratch(module, batch, backward));
  if (mem === null) return null;
  const data = mem.alloc(P), grad = mem.alloc(P);
  const moments = opts.map((o) => [mem.alloc(o.m.length), mem.alloc(o.v.length)] as const);
  const arena = new NetworkArena(mem.bytes, mem.capacity, mem.activationBytes, mem.scratchBytes, batch, Object.freeze(opts));
  module.relocateFlat(data, grad, arena);
  opts.forEach((o, i) => o.relocateMoments(moments[i]![0], moments[i]![1]));
  return arena;
}
