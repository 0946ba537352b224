// The one-update inspector: a DDPG on Pendulum-v1 stepped one environment step + one update at a
// time, showing what happened inside that update — the autograd graph of the critic loss
// (formatGraph), the batch's TD targets and Q values (lib's opt-in update stats, `update(batch,
// { inspect: true })`), and per layer the norms of weights, gradients and Adam's moments, read from
// lib's public objects (module parameters, optimizer m/v).

import { pendulum, type PendulumEnv } from '../lib/env/classic/index.js';
import { mseLoss } from '../lib/nn/index.js';
import { deriveStream, uniform, type Rng } from '../lib/random/index.js';
import { Ddpg } from '../lib/rl/ddpg.js';
import { TransitionBuffer } from '../lib/rl/replayBuffer.js';
import { concat, formatGraph, fromData } from '../lib/tensor/index.js';
import type { InspectReport, LayerNorms } from './protocol.js';

const BATCH = 32, WARMUP = 64;

function norm(a: Float64Array, from: number, to: number): number {
  let s = 0;
  for (let i = from; i < to; i++) s += a[i]! * a[i]!;
  return Math.sqrt(s);
}

export class Inspector {
  private readonly env: PendulumEnv = pendulum();
  private readonly ddpg: Ddpg;
  private readonly buffer = new TransitionBuffer({ capacity: 10_000, obsDim: 3, actionDim: 1 });
  private readonly sampleRng: Rng;
  private readonly exploreRng: Rng;
  private obs: Float64Array;

  constructor(seed: number) {
    this.ddpg = new Ddpg({ obsDim: 3, actionDim: 1, hiddenSizes: [32, 32], finalLayerInit: null }, deriveStream(seed, 'init'));
    this.sampleRng = deriveStream(seed, 'sample');
    this.exploreRng = deriveStream(seed, 'explore');
    this.obs = this.env.reset({ seed }).obs;
    for (let i = 0; i < WARMUP; i++) this.envStep(true);
  }

  private envStep(random: boolean): void {
    const a = random ? Float64Array.of(uniform(this.exploreRng, -2, 2)) : Float64Array.of(Math.max(-2, Math.min(2, 2 * this.ddpg.act(this.obs)[0]! + 0.2 * uniform(this.exploreRng, -1, 1))));
    const r = this.env.step(a);
    this.buffer.addTransition(this.obs, a, r.reward, r.obs, r.terminated, r.truncated);
    this.obs = r.terminated || r.truncated ? this.env.reset().obs : r.obs;
  }

  /** One env step, then one update on a sampled batch; reports what the update saw and did. */
  step(): InspectReport {
    this.envStep(false);
    const batch = this.buffer.sample(BATCH, this.sampleRng);
    const d = this.ddpg, c = d.config;
    // lib's opt-in update stats: the batch's TD targets y and Q(s, a) before the step.
    const { inspection, ...stats } = d.update(batch, { inspect: true });
    const tdTargets = inspection!.tdTargets, qValues = inspection!.qValues[0]!;
    // The critic loss graph (structure: ops, shapes, parameters) of this batch, as Ddpg.update builds it.
    const obs = fromData(batch.obs.slice(), [BATCH, c.obsDim]), act = fromData(batch.action.slice(), [BATCH, c.actionDim]);
    const graph = formatGraph(mseLoss(d.critic.forward(concat([obs, act], 1)), fromData(tdTargets.slice(), [BATCH, 1])));
    const layers: LayerNorms[] = [];
    for (const [net, opt, who] of [[d.critic, d.criticOpt, 'critic'], [d.actor, d.actorOpt, 'actor']] as const) {
      let at = 0;
      for (const p of net.parameters()) {
        const n = p.tensor.data.length;
        layers.push({ name: `${who}.${p.name}`, weight: norm(net.flat.data, at, at + n), grad: norm(net.flat.grad, at, at + n), adamM: norm(opt.m, at, at + n), adamV: norm(opt.v, at, at + n) });
        at += n;
      }
    }
    const s = this.env.getState();
    return { update: d.updates, graph, stats: { ...stats }, tdTargets: Array.from(tdTargets), qValues: Array.from(qValues), layers, pendulum: { theta: s.theta, thetaDot: s.thetaDot } };
  }
}
