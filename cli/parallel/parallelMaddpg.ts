// Parallel agent updates for MADDPG (Node-only): `ParallelMaddpg` is a `Maddpg` whose `update(batch)`
// runs the agents' `updateAgent` steps on `node:worker_threads`, bit-identical to `Maddpg.update`.
//
// Why it is exact. `Maddpg.update` computes the target actions a' = μ'(o') of ALL agents once, then
// runs agent 0 … N−1; agent i's step reads the batch, a' and its OWN networks, optimizers and
// actor-noise stream only (lib/rl/maddpg.ts, deviation (b) from the reference code). So:
//   1. the main thread computes `targetActions(batch)` exactly as the serial code (its target actors
//      are kept equal to the workers' copies, and the target-noise stream of 'gumbel' actions lives
//      here, drawn once per batch before any agent step — the same draws, in the same order);
//   2. it copies the batch and a' into one SharedArrayBuffer and wakes the workers;
//   3. each worker runs `updateAgent(i, batch, a')` for its agents with the library's own code on its
//      own copies of their actor, critic, targets, Adam states and actor-noise stream — the same
//      arithmetic on the same inputs, so the same bits, whatever the thread;
//   4. each worker writes its agents' actor and actor-target weights (all the main thread needs, to
//      act and for the next target actions) and the step stats into shared memory; the main thread
//      copies the weights into its own actors.
// Both kinds of action are therefore exact: 'continuous' (paper 1) and 'gumbel' — the shared
// target-noise stream is never touched by a worker, and each worker draws only from its own agents'
// actor-noise streams, whose states it keeps (tested for both).
//
// What stays where. Critics, critic targets, both Adam states and actor-noise streams live ONLY in
// the workers (the main thread's copies go stale after the first update); `getState()` gathers them
// synchronously (`receiveMessageOnPort`), `setState()` pushes a state to every worker, and
// `syncFromWorkers()` refreshes the main thread's copies (e.g. to inspect `agents[i].critic`).
// `updateAgent` on the main thread would use stale critics, so it throws.
//
// Synchronisation: the protocol of cli/parallel/protocol.ts — Atomics on a shared control block, so
// `update` is a plain synchronous call (the main thread blocks in `Atomics.wait`, allowed in Node);
// a `ParallelMaddpg` drops into `maddpgLearner` and the `MultiAgentTrainer` unchanged.
// Workers start through `startWorker` (tsx in each worker for the .ts entry); call `close()` to stop them.

import { MessageChannel, receiveMessageOnPort, type MessagePort, type Worker } from 'node:worker_threads';
import { Maddpg, type MaddpgAgentStats, type MaddpgConfig, type MaddpgRngs, type MaddpgState, type MaddpgUpdateStats } from '../../lib/rl/maddpg.js';
import type { JointBatch } from '../../lib/rl/multiAgent.js';
import { startWorker } from '../workers.js';
import { getBackend, type Backend } from '../../lib/tensor/index.js';
import { CMD, CTRL_WORDS, Cmd, DONE, ERROR, GEN, STAT_FIELDS, batchBytes, batchViews, weightOffsets, type WorkerInit } from './protocol.js';

export interface ParallelMaddpgOptions {
  /** Worker threads (≥ 1, at most one per agent). Agents are split into contiguous, near-equal blocks. */
  readonly workers: number;
  /** Give up (throw) when a command takes longer than this, in ms (a worker died). Default 10 minutes. */
  readonly timeoutMs?: number;
  /** Kernel backend of the workers' updates (default: the creating thread's `getBackend()`); bit-identical either way. */
  readonly backend?: Backend;
}

/** Agents 0…n−1 split into `w` contiguous blocks whose sizes differ by at most one. */
export function splitAgents(n: number, w: number): number[][] {
  return Array.from({ length: w }, (_, k) => {
    const lo = Math.floor((k * n) / w), hi = Math.floor(((k + 1) * n) / w);
    return Array.from({ length: hi - lo }, (_, j) => lo + j);
  });
}

export class ParallelMaddpg extends Maddpg {
  /** The agents each worker owns. */
  readonly assignment: readonly (readonly number[])[];
  private readonly ctrl: Int32Array;
  private readonly weights: Float64Array;
  private readonly statsBuf: Float64Array;
  private readonly wOff: number[];
  private workers: Worker[] = [];
  private ports: MessagePort[] = [];
  private views: { batch: JointBatch; targetActions: Float64Array } | null = null;
  private closed = false;
  private crash: Error | null = null;
  private readonly timeoutMs: number;
  private readonly backend: Backend;

  /** Use `ParallelMaddpg.create` (workers start asynchronously). */
  private constructor(config: Partial<MaddpgConfig> & Pick<MaddpgConfig, 'obsDims' | 'actionDims'>, rngs: MaddpgRngs, options: ParallelMaddpgOptions) {
    super(config, rngs);
    const n = this.numAgents, w = options.workers;
    if (!Number.isInteger(w) || w < 1 || w > n) throw new RangeError(`ParallelMaddpg: options.workers must be an integer in [1, ${n}] (one agent at least per worker), got ${String(w)}`);
    this.timeoutMs = options.timeoutMs ?? 600_000;
    this.backend = options.backend ?? getBackend();
    this.assignment = splitAgents(n, w);
    this.ctrl = new Int32Array(new SharedArrayBuffer(4 * CTRL_WORDS));
    this.wOff = weightOffsets(this.agents.map((a) => a.actor.flat.data.length));
    this.weights = new Float64Array(new SharedArrayBuffer(8 * this.wOff[n]!));
    this.statsBuf = new Float64Array(new SharedArrayBuffer(8 * n * STAT_FIELDS.length));
  }

  /**
   * A MADDPG learner with the same initial weights and streams as `new Maddpg(config, rngs)`, whose
   * updates run on `options.workers` worker threads. Resolves once every worker is ready.
   */
  static async create(config: Partial<MaddpgConfig> & Pick<MaddpgConfig, 'obsDims' | 'actionDims'>, rngs: MaddpgRngs, options: ParallelMaddpgOptions): Promise<ParallelMaddpg> {
    const p = new ParallelMaddpg(config, rngs, options);
    await p.start();
    return p;
  }

  private async start(): Promise<void> {
    const state = super.getState();
    const ready = this.assignment.map((agents) => {
      const { port1, port2 } = new MessageChannel();
      const init: WorkerInit & { port: MessagePort } = { config: this.config, agents, ctrl: this.ctrl.buffer as SharedArrayBuffer, weights: this.weights.buffer as SharedArrayBuffer, stats: this.statsBuf.buffer as SharedArrayBuffer, state, port: port2, backend: this.backend };
      const worker = startWorker(new URL('./maddpgWorker.ts', import.meta.url), { workerData: init, transferList: [port2] });
      this.workers.push(worker);
      this.ports.push(port1);
      return new Promise<void>((resolve, reject) => {
        worker.once('error', reject);
        worker.once('exit', (code) => reject(new Error(`ParallelMaddpg: worker exited with code ${code} before it was ready`)));
        worker.on('message', (m: { kind: string; message?: string }) => {
          if (m.kind === 'ready') resolve();
          else if (m.kind === 'error') reject(new Error(`ParallelMaddpg: worker failed to start: ${m.message}`));
        });
      });
    });
    try {
      await Promise.all(ready);
    } catch (e) {
      await Promise.all(this.workers.map((w) => w.terminate()));
      this.closed = true;
      throw e;
    }
    for (const w of this.workers) {
      w.removeAllListeners('exit'); w.removeAllListeners('message'); w.removeAllListeners('error');
      // A crash outside a command's try/catch: remembered for the timeout message of the blocked command.
      w.on('error', (e) => { this.crash = e; });
      // Idle workers block in Atomics.wait forever: they must not keep the process alive (close() re-refs them).
      w.unref();
    }
  }

  get numWorkers(): number {
    return this.workers.length;
  }

  /** Runs one command on every worker and blocks until all have finished; throws a worker's error. */
  private command(cmd: number): void {
    if (this.closed) throw new Error('ParallelMaddpg: closed (its workers were stopped)');
    const c = this.ctrl, w = this.workers.length;
    Atomics.store(c, CMD, cmd);
    Atomics.store(c, DONE, 0);
    Atomics.store(c, ERROR, 0);
    Atomics.add(c, GEN, 1);
    Atomics.notify(c, GEN);
    const deadline = Date.now() + this.timeoutMs;
    for (let d = Atomics.load(c, DONE); d < w; d = Atomics.load(c, DONE)) {
      Atomics.wait(c, DONE, d, 1000);
      if (Date.now() > deadline && Atomics.load(c, DONE) < w) {
        this.closed = true;
        for (const wk of this.workers) void wk.terminate();
        throw new Error(`ParallelMaddpg: ${w - Atomics.load(c, DONE)} worker(s) did not answer within ${this.timeoutMs} ms (command ${cmd}); workers terminated${this.crash === null ? '' : ` (a worker crashed: ${this.crash.message})`}`);
      }
    }
    if (Atomics.load(c, ERROR) > 0) {
      const errors = this.ports.map((p) => receiveMessageOnPort(p)?.message as { error?: string } | undefined).filter((m) => m?.error !== undefined).map((m) => m!.error);
      throw new Error(`ParallelMaddpg: worker error: ${errors.join('\n---\n')}`);
    }
  }

  /** The shared batch block for batch size B (reallocated and sent to the workers when B changes). */
  private ensureBuffers(B: number): { batch: JointBatch; targetActions: Float64Array } {
    if (this.views !== null && this.views.batch.batchSize === B) return this.views;
    const N = this.numAgents, O = this.obsOffsets[N]!, A = this.actionOffsets[N]!;
    const sab = new SharedArrayBuffer(batchBytes(B, O, A, N));
    for (const p of this.ports) p.postMessage({ sab, batchSize: B });
    this.command(Cmd.Buffers);
    this.views = batchViews(sab, B, O, A, N);
    return this.views;
  }

  /** Copies every agent's actor and actor target from the weight block into this thread's networks. */
  private pullActors(): void {
    this.agents.forEach((a, i) => {
      const p = a.actor.flat.data.length, o = this.wOff[i]!;
      a.actor.flat.data.set(this.weights.subarray(o, o + p));
      a.actorTarget.flat.data.set(this.weights.subarray(o + p, o + 2 * p));
    });
  }

  /** One gradient step of every agent on `batch`, on the workers; bit-identical to `Maddpg.update`. */
  override update(batch: JointBatch): MaddpgUpdateStats {
    const ta = this.targetActions(batch);
    const v = this.ensureBuffers(batch.batchSize), s = v.batch;
    s.obs.set(batch.obs); s.action.set(batch.action); s.reward.set(batch.reward); s.nextObs.set(batch.nextObs);
    s.terminated.set(batch.terminated); s.truncated.set(batch.truncated); v.targetActions.set(ta);
    this.command(Cmd.Update);
    this.pullActors();
    this.updates++;
    const K = STAT_FIELDS.length;
    const agents = this.agents.map((_, i) => {
      const st: Record<string, number> = {};
      STAT_FIELDS.forEach((f, k) => { st[f] = this.statsBuf[i * K + k]!; });
      return st as unknown as MaddpgAgentStats;
    });
    return { agents };
  }

  /** Not available: agent i's critic lives in a worker. Use `update(batch)`. */
  override updateAgent(i: number): MaddpgAgentStats {
    throw new Error(`ParallelMaddpg.updateAgent(${i}): agents' critics live in the workers; call update(batch), which runs every agent's step there`);
  }

  /** The complete state: actors, targets and target noise from this thread, critics, optimizers and actor noise from the workers. */
  override getState(): MaddpgState {
    if (this.closed) return super.getState();
    const base = super.getState();
    this.command(Cmd.GetState);
    const agents = base.agents.slice(), actorNoise = base.actorNoise.slice();
    for (const p of this.ports) {
      const msg = receiveMessageOnPort(p)?.message as { agents: Array<[number, MaddpgState['agents'][number], MaddpgState['actorNoise'][number]]> } | undefined;
      if (msg === undefined) throw new Error('ParallelMaddpg.getState: a worker sent no state');
      for (const [i, a, r] of msg.agents) { agents[i] = a; actorNoise[i] = r; }
    }
    return { ...base, agents, actorNoise };
  }

  override setState(s: MaddpgState): void {
    super.setState(s);
    // During construction (super() calls nothing of ours) or after close, there are no workers to inform.
    if (this.workers === undefined || this.workers.length === 0 || this.closed) return;
    for (const p of this.ports) p.postMessage(s);
    this.command(Cmd.SetState);
  }

  /** Copies the workers' critics, optimizer states and actor-noise streams into this thread's `agents`. */
  syncFromWorkers(): void {
    super.setState(this.getState());
  }

  /** Stops the workers (after syncing their state into this thread, so the object stays readable). */
  async close(): Promise<void> {
    if (this.closed) return;
    this.syncFromWorkers();
    const exits = this.workers.map((w) => { w.ref(); return new Promise<number>((resolve) => w.once('exit', resolve)); });
    this.command(Cmd.Stop);
    this.closed = true;
    for (const p of this.ports) p.close();
    const codes = await Promise.race([Promise.all(exits), new Promise<null>((r) => setTimeout(() => r(null), 5000).unref())]);
    if (codes === null) await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
