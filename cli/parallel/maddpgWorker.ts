// Worker of `ParallelMaddpg` (cli/parallel/parallelMaddpg.ts): owns some agents' actor, critic,
// targets, Adam states and actor-noise stream, and runs their `Maddpg.updateAgent` on the batch and
// target actions the main thread put in shared memory (protocol: cli/parallel/protocol.ts).
//
// It holds a whole `Maddpg` so that `updateAgent` runs the library's own code unchanged; only the
// owned agents' networks are live — the others are placeholders it never reads or updates.

import { parentPort, receiveMessageOnPort, workerData, type MessagePort } from 'node:worker_threads';
import { Maddpg, maddpgRngs, type MaddpgConfig, type MaddpgState } from '../../lib/rl/maddpg.js';
import type { JointBatch } from '../../lib/rl/multiAgent.js';
import { setBackend } from '../../lib/tensor/index.js';
import { CMD, Cmd, DONE, ERROR, GEN, STAT_FIELDS, batchViews, weightOffsets, type WorkerInit } from './protocol.js';

const init = workerData as WorkerInit & { port: MessagePort };
const port = init.port;
const ctrl = new Int32Array(init.ctrl);
const stats = new Float64Array(init.stats);
const weights = new Float64Array(init.weights);

function setup(): Maddpg {
  setBackend(init.backend);
  const config = init.config as MaddpgConfig;
  const m = new Maddpg(config, maddpgRngs(0, config.obsDims.length)); // weights and streams replaced just below
  m.setState(init.state as MaddpgState);
  return m;
}

let m: Maddpg;
try {
  m = setup();
} catch (e) {
  parentPort!.postMessage({ kind: 'error', message: (e as Error).stack ?? String(e) });
  throw e;
}
const N = m.numAgents, O = m.obsOffsets[N]!, A = m.actionOffsets[N]!;
const wOff = weightOffsets(m.agents.map((a) => a.actor.flat.data.length));

function publishActors(): void {
  for (const i of init.agents) {
    const a = m.agents[i]!, p = a.actor.flat.data.length;
    weights.set(a.actor.flat.data, wOff[i]!);
    weights.set(a.actorTarget.flat.data, wOff[i]! + p);
  }
}

let views: { batch: JointBatch; targetActions: Float64Array } | null = null;

function next<T>(): T {
  const msg = receiveMessageOnPort(port);
  if (msg === undefined) throw new Error('maddpgWorker: expected a message on the port, found none');
  return msg.message as T;
}

function run(cmd: number): void {
  if (cmd === Cmd.Update) {
    if (views === null) throw new Error('maddpgWorker: update before the batch buffers were sent');
    for (const i of init.agents) {
      const s = m.updateAgent(i, views.batch, views.targetActions);
      STAT_FIELDS.forEach((f, k) => { stats[i * STAT_FIELDS.length + k] = s[f]; });
    }
    publishActors();
  } else if (cmd === Cmd.Buffers) {
    const b = next<{ sab: SharedArrayBuffer; batchSize: number }>();
    views = batchViews(b.sab, b.batchSize, O, A, N);
  } else if (cmd === Cmd.GetState) {
    const s = m.getState();
    port.postMessage({ agents: init.agents.map((i) => [i, s.agents[i], s.actorNoise[i]]) });
  } else if (cmd === Cmd.SetState) {
    m.setState(next<MaddpgState>());
    publishActors();
  }
}

publishActors();
// Pitfall: read the generation BEFORE announcing readiness — the main thread may start a command
// the moment it has every 'ready', and a later read would miss that command's bump.
let gen = Atomics.load(ctrl, GEN);
parentPort!.postMessage({ kind: 'ready' });
for (;;) {
  Atomics.wait(ctrl, GEN, gen);
  const g = Atomics.load(ctrl, GEN);
  if (g === gen) continue; // spurious wake-up
  gen = g;
  const cmd = Atomics.load(ctrl, CMD);
  try {
    run(cmd);
  } catch (e) {
    port.postMessage({ error: (e as Error).stack ?? String(e) });
    Atomics.add(ctrl, ERROR, 1);
  }
  Atomics.add(ctrl, DONE, 1);
  Atomics.notify(ctrl, DONE);
  if (cmd === Cmd.Stop) break;
}
port.close();
