// The shared-memory protocol between `ParallelMaddpg` (main thread, cli/parallel/parallelMaddpg.ts)
// and its workers (cli/parallel/maddpgWorker.ts). Node-only (SharedArrayBuffer + Atomics).
//
// Control block: an Int32Array of 4 words on a SharedArrayBuffer.
//   GEN   — command generation; the main thread bumps it (and notifies) to start a command;
//   CMD   — the command of the current generation (see `Cmd`);
//   DONE  — how many workers have finished it (each adds 1 and notifies);
//   ERROR — how many of them failed (the error itself travels on the worker's MessagePort).
// Workers block in `Atomics.wait(ctrl, GEN, …)`; the main thread blocks in `Atomics.wait(ctrl, DONE, …)`
// (allowed on Node's main thread), so `update(batch)` stays synchronous like `Maddpg.update`.
//
// Batch block (one SharedArrayBuffer of Float64, reallocated when the batch size changes), in order:
//   obs [B·O] | action [B·A] | reward [B·N] | nextObs [B·O] | terminated [B·N] | truncated [B·N] | targetActions [B·A]
// with O = Σ obsDims, A = Σ actionDims, N agents — the `JointBatch` fields plus `targetActions(batch)`.
// Weight block (Float64, fixed): for agent i, its actor's flat parameters then its actor target's,
// agent after agent; workers write their agents' blocks after every update, the main thread reads
// them (it acts and computes target actions with them). Stats block (Float64): N × 6 numbers, the
// `MaddpgAgentStats` fields in `STAT_FIELDS` order.

import type { MaddpgAgentStats } from '../../lib/rl/maddpg.js';
import type { JointBatch } from '../../lib/rl/multiAgent.js';

export const GEN = 0, CMD = 1, DONE = 2, ERROR = 3, CTRL_WORDS = 4;

export const Cmd = Object.freeze({ Update: 1, GetState: 2, SetState: 3, Buffers: 4, Stop: 5 });

export const STAT_FIELDS = ['criticLoss', 'actorLoss', 'qMean', 'targetMean', 'criticGradNorm', 'actorGradNorm'] as const satisfies ReadonlyArray<keyof MaddpgAgentStats>;

/** Float64 views of a batch block for batch size B. */
export function batchViews(sab: SharedArrayBuffer, B: number, O: number, A: number, N: number): { batch: JointBatch; targetActions: Float64Array } {
  let off = 0;
  const take = (len: number): Float64Array => { const v = new Float64Array(sab, off * 8, len); off += len; return v; };
  const obs = take(B * O), action = take(B * A), reward = take(B * N), nextObs = take(B * O), terminated = take(B * N), truncated = take(B * N);
  const targetActions = take(B * A);
  return { batch: { batchSize: B, indices: new Int32Array(B), obs, action, reward, nextObs, terminated, truncated }, targetActions };
}

/** Bytes of a batch block. */
export function batchBytes(B: number, O: number, A: number, N: number): number {
  return 8 * B * (2 * O + 2 * A + 3 * N);
}

/** Start (in Float64 slots) of agent i's actor block in the weight block; its target follows at + actorSizes[i]. */
export function weightOffsets(actorSizes: readonly number[]): number[] {
  const out = [0];
  for (const p of actorSizes) out.push(out[out.length - 1]! + 2 * p);
  return out;
}

/** What a worker is given at start (plus its MessagePort, transferred). */
export interface WorkerInit {
  /** The resolved MaddpgConfig (plain data). */
  readonly config: unknown;
  /** The agents this worker updates. */
  readonly agents: readonly number[];
  readonly ctrl: SharedArrayBuffer;
  readonly weights: SharedArrayBuffer;
  readonly stats: SharedArrayBuffer;
  /** The full MaddpgState to start from (the main thread's freshly initialised networks). */
  readonly state: unknown;
  /** Kernel backend of this worker's updates ('ts' or 'wasm'; bit-identical). */
  readonly backend: 'ts' | 'wasm';
}
