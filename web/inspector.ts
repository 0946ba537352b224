// The one-update inspector: a DDPG on Pendulum-v1 stepped one environment step + one update at a
// time, showing what happened inside that update — the autograd graph of the critic loss
// (formatGraph), the batch's TD targets, and per layer the norms of weights, gradients and Adam's
// moments. Everything is read from lib's public objects (module parameters, optimizer m/v); when
// lib's opt-in update stats (api-rl) land, `tdTargets` can come from `update()` instead of being
// recomputed here with the same lib functions the update uses.

import { pendulum, type PendulumEnv } from '../lib/env/classic/index.js';
import { mseLoss } from '../lib/nn/index.js';
import { deriveStream, uniform, type Rng } from '../lib/random/index.js';
import { tdTarget } from '../lib/rl/actorCritic.js';
import { Ddpg } from '../lib/rl/ddpg.js';
import { TransitionBuffer } from '../lib/rl/replayBuffer.js';
import { concat, formatGraph, fromData, noGrad } from '../lib/tensor/index.js';
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
    // The critic loss of this batch, built the way Ddpg.update builds it, to print its graph and TD targets.
    const obs = fromData(batch.obs.slice(), [BATCH, c.obsDim]), act = fromData(batch.action.slice(), [BATCH, c.actionDim]);
    const next = fromData(batch.nextObs.slice(), [BATCH, c.obsDim]);
    const y = noGrad(() => {
      const q2 = d.criticTarget.forward(concat([next, d.actorTarget.forward(next)], 1));
      return fromData(tdTarget(batch.reward, batch.terminated, c.gamma, q2.data, new Float64Array(BATCH)), [BATCH, 1]);
    });
    const graph = formatGraph(mseLoss(d.critic.forward(concat([obs, act], 1)), y));
    const stats = d.update(batch);
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
    return { update: d.updates, graph, stats: { ...stats }, tdTargets: Array.from(y.data), layers, pendulum: { theta: s.theta, thetaDot: s.thetaDot } };
  }
}
