// The benchmark workloads W1–W3 of shared/bench/reference.cjs, written with mecrl's PUBLIC API
// (lib/tensor autograd + lib/nn modules and optimizers), not a private fast path. Shapes, batch
// sizes, losses, optimizers and the Polyak rate are exactly the reference's:
//   W1 ddpg-update  actor 60→64 ReLU→40 sigmoid, critic 100→64 ReLU→1, batch 32: critic MSE vs
//                   FIXED targets (no target networks in the loss) + Adam(1e-3); actor forward,
//                   critic on the actor's output, backward of −mean(Q) into the actor + Adam;
//                   Polyak(0.01) of both target nets.
//   W2 maddpg-critic  600→64 ReLU→1, batch 32, forward + backward + Adam.
//   W3 act-latency    actor forward, batch 1.
// Update buffers come from an Arena, reused across calls (the library's way to avoid allocation).
// On the wasm backend each network (with its Adam moments) is put in its own network arena sized
// for the workload's batch (lib/nn/arena.ts), as the learners of lib/rl do: the kernels then run in
// place on parameters, gradients, moments and activations.

import { deriveStream, fillUniform } from '../lib/random/index.js';
import { Arena, concat, fromData, getBackend, mean, neg, noGrad, type Tensor } from '../lib/tensor/index.js';
import { adam, buildArena, hardCopy, mlp, mseLoss, polyakUpdate, type Mlp, type Optimizer } from '../lib/nn/index.js';

/** On the wasm backend: each network in its own arena for `batch` rows and `passes` passes per update, with its optimizer's moments. */
function arenas(batch: number, nets: ReadonlyArray<readonly [Mlp, Optimizer | null, number]>): void {
  if (getBackend() !== 'wasm') return;
  for (const [net, opt, passes] of nets) buildArena(net, { batch, optimizers: opt === null ? [] : [opt], passes, backward: opt !== null });
}

/** Bytes of the networks' arenas (0 on the ts backend). */
export function arenaBytesOf(nets: readonly Mlp[]): number {
  return nets.reduce((s, n) => s + n.arenaBytes, 0);
}

function randTensor(rows: number, cols: number, seed: number, label: string): Tensor {
  const d = new Float64Array(rows * cols);
  fillUniform(deriveStream(seed, 'bench', label), d, -1, 1);
  return fromData(d, [rows, cols]);
}

/** Freezes a module's parameters while `fn` runs (the actor loss needs only the critic's input gradient). */
function frozen<T>(m: Mlp, fn: () => T): T {
  for (const p of m.parameters()) p.tensor.requiresGrad = false;
  try { return fn(); } finally { for (const p of m.parameters()) p.tensor.requiresGrad = true; }
}

export function makeW1(seed = 1): { update: () => number; actor: Mlp; critic: Mlp; nets: readonly Mlp[] } {
  return makeDdpgWorkload(32, 64, seed);
}

/** W1's step with another batch size and hidden width (bench/growth.ts). */
export function makeDdpgStep(batch: number, hidden: number, seed: number): () => number {
  return makeDdpgWorkload(batch, hidden, seed).update;
}

/** W1's workload with another batch size and hidden width, with its four networks (bench/growth.ts). */
export function makeDdpgWorkload(B: number, H: number, seed: number): { update: () => number; actor: Mlp; critic: Mlp; nets: readonly Mlp[] } {
  const OBS = 60, ACT = 40, tau = 0.01;
  const rng = deriveStream(seed, 'bench', 'w1-init');
  const actor = mlp({ sizes: [OBS, H, ACT], activation: 'relu', outputActivation: 'sigmoid', rng });
  const critic = mlp({ sizes: [OBS + ACT, H, 1], activation: 'relu', rng });
  const actorT = mlp({ sizes: [OBS, H, ACT], activation: 'relu', outputActivation: 'sigmoid', rng });
  const criticT = mlp({ sizes: [OBS + ACT, H, 1], activation: 'relu', rng });
  hardCopy(actor, actorT);
  hardCopy(critic, criticT);
  const aOpt = adam(actor, { lr: 1e-3 }), cOpt = adam(critic, { lr: 1e-3 });
  arenas(B, [[actor, aOpt, 1], [critic, cOpt, 2], [actorT, null, 1], [criticT, null, 1]]);
  const obs = randTensor(B, OBS, seed, 'obs'), act = randTensor(B, ACT, seed, 'act'), y = randTensor(B, 1, seed, 'y');
  const arena = new Arena();
  const update = (): number => {
    const loss = arena.run(() => {
      critic.zeroGrad();
      const l = mseLoss(critic.forward(concat([obs, act], 1)), y);
      l.backward();
      cOpt.step();
      actor.zeroGrad();
      frozen(critic, () => neg(mean(critic.forward([obs, actor.forward(obs)]))).backward()); // blocks: no input gradient for obs (as lib/rl/ddpg.ts)
      aOpt.step();
      return l.item();
    });
    polyakUpdate(actor, actorT, tau);
    polyakUpdate(critic, criticT, tau);
    return loss;
  };
  return { update, actor, critic, nets: [actor, critic, actorT, criticT] };
}

export function makeW2(seed = 2): { update: () => number; critic: Mlp } {
  const B = 32, IN = 600, H = 64;
  const critic = mlp({ sizes: [IN, H, 1], activation: 'relu', rng: deriveStream(seed, 'bench', 'w2-init') });
  const opt = adam(critic, { lr: 1e-3 });
  arenas(B, [[critic, opt, 1]]);
  const x = randTensor(B, IN, seed, 'x'), y = randTensor(B, 1, seed, 'y');
  const arena = new Arena();
  return {
    update: () => arena.run(() => {
      critic.zeroGrad();
      const l = mseLoss(critic.forward(x), y);
      l.backward();
      opt.step();
      return l.item();
    }),
    critic,
  };
}

export function makeW3(seed = 3): { act: () => Float64Array; actor: Mlp } {
  const actor = mlp({ sizes: [60, 64, 40], activation: 'relu', outputActivation: 'sigmoid', rng: deriveStream(seed, 'bench', 'w3-init') });
  arenas(32, [[actor, adam(actor), 1]]); // as a learner's actor: in an arena sized for its training batch, with Adam moments
  const obs = randTensor(1, 60, seed, 'obs');
  const arena = new Arena();
  return { act: () => arena.run(() => noGrad(() => actor.forward(obs).data)), actor };
}
