// TensorFlow.js peer of mecrl's benchmarks (run by bench/peers/run.ts, one process per round).
//   node workloads.mjs --backend cpu|wasm [--reps 3] [--ms 400] [--w5-ms 1500] [--workloads W1,W2,W3,W5]
// Needs HARNESS (path of shared/bench/harness.cjs, the timing protocol every JS implementation
// shares: throughput in blocks of 10 until ≥ ms, latency = median per-call µs over N calls).
// Prints one JSON line (the last line of stdout).
//
// tfjs has no float64: every tensor here is float32 (the mecrl and reference columns are float64;
// compare with the PyTorch float32 column for same-precision numbers).
// Backends: 'cpu' = @tensorflow/tfjs-backend-cpu (plain JS kernels, bundled in @tensorflow/tfjs);
// 'wasm' = @tensorflow/tfjs-backend-wasm (XNNPACK), single-threaded build (multithread support off,
// setThreadsCount(1)), SIMD as detected.
//
// Workloads: exactly shared/bench/reference.cjs's W1–W3, and W5 as bench/peers/mecrl_w5.ts:
//   W1 ddpg-update  actor 60→64 ReLU→40 sigmoid, critic 100→64 ReLU→1, batch 32: critic MSE vs FIXED
//                   targets + Adam(1e-3); actor forward, critic on the actor's output, −mean(Q)
//                   minimised over the actor's variables only + Adam(1e-3); Polyak(0.01) of both targets.
//   W2 maddpg-critic 600→64 ReLU→1, batch 32, forward + backward + Adam(1e-3).
//   W3 act-latency   actor forward, batch 1, result read back to JS (dataSync).
//   W5 maddpg-step-paper1  6 agents, actor 206→64 ReLU→190 sigmoid, critic 2376→64 ReLU→1, batch 32,
//                   Adam(1e-3), γ 0.9, τ 0.01: target actions first, then per agent critic step on
//                   y = r_i + γ(1−d_i)Q'_i(s', a'), actor step through the critic, Polyak of both.
// Dense layers use tf.fused.matMul (bias + ReLU fused), as tf.layers.dense does; the sigmoid output
// is a separate op (tfjs cannot differentiate a fused sigmoid).

import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import * as tfwasm from '@tensorflow/tfjs-backend-wasm';

const { values: args } = parseArgs({
  options: {
    backend: { type: 'string', default: 'cpu' },
    reps: { type: 'string', default: '3' },
    ms: { type: 'string', default: '400' },
    'w5-ms': { type: 'string', default: '1500' },
    workloads: { type: 'string', default: 'W1,W2,W3,W5' },
  },
});
const reps = Number(args.reps), ms = Number(args.ms), w5ms = Number(args['w5-ms']);
if (!(Number.isInteger(reps) && reps >= 1) || !(ms > 0) || !(w5ms > 0)) throw new Error('reps must be an integer >= 1 and ms, w5-ms > 0');
if (args.backend !== 'cpu' && args.backend !== 'wasm') throw new Error(`--backend must be cpu or wasm, got ${args.backend}`);
if (!process.env.HARNESS) throw new Error('set HARNESS to the path of shared/bench/harness.cjs');
const { throughput, latency, median } = createRequire(import.meta.url)(process.env.HARNESS);

if (args.backend === 'wasm') {
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  tfwasm.setThreadsCount(1);
}
if (!(await tf.setBackend(args.backend))) throw new Error(`tfjs backend ${args.backend} failed to initialise`);
await tf.ready();

// Seeded uniform(−s, s) initial values, as the reference (1/√in for weights and biases).
let seedCounter = 1;
const unif = (shape, s) => tf.randomUniform(shape, -s, s, 'float32', seedCounter++);

function dense(i, o) {
  const s = 1 / Math.sqrt(i);
  return { W: tf.variable(unif([i, o], s)), b: tf.variable(unif([o], s)) };
}
/** in → H ReLU → out (sigmoid or linear). Returns { layers, vars, forward }. */
function mlp(i, h, o, outAct) {
  const l1 = dense(i, h), l2 = dense(h, o);
  const vars = [l1.W, l1.b, l2.W, l2.b];
  return { l1, l2, vars, outAct };
}
function forward(net, x) {
  const h = tf.fused.matMul({ a: x, b: net.l1.W, bias: net.l1.b, activation: 'relu' });
  const z = tf.fused.matMul({ a: h, b: net.l2.W, bias: net.l2.b });
  return net.outAct === 'sigmoid' ? tf.sigmoid(z) : z;
}
function targetOf(net) {
  const copy = (v) => tf.variable(v.clone(), false);
  const l1 = { W: copy(net.l1.W), b: copy(net.l1.b) }, l2 = { W: copy(net.l2.W), b: copy(net.l2.b) };
  return { l1, l2, vars: [l1.W, l1.b, l2.W, l2.b], outAct: net.outAct };
}
function polyak(tgt, src, tau) {
  tf.tidy(() => { for (let k = 0; k < tgt.vars.length; k++) tgt.vars[k].assign(tf.add(tf.mul(src.vars[k], tau), tf.mul(tgt.vars[k], 1 - tau))); });
}
const adam = () => tf.train.adam(1e-3, 0.9, 0.999, 1e-8);
const mse = (q, y) => tf.mean(tf.squaredDifference(q, y));

function makeW1() {
  const B = 32, OBS = 60, ACT = 40, H = 64, tau = 0.01;
  const actor = mlp(OBS, H, ACT, 'sigmoid'), critic = mlp(OBS + ACT, H, 1, 'none');
  const actorT = targetOf(actor), criticT = targetOf(critic);
  const aOpt = adam(), cOpt = adam();
  const obs = unif([B, OBS], 1), act = unif([B, ACT], 1), y = unif([B, 1], 1);
  const xc = tf.concat([obs, act], 1); // constant input of the critic step (the reference re-copies it; negligible)
  return () => {
    cOpt.minimize(() => mse(forward(critic, xc), y), false, critic.vars);
    aOpt.minimize(() => tf.neg(tf.mean(forward(critic, tf.concat([obs, forward(actor, obs)], 1)))), false, actor.vars);
    polyak(actorT, actor, tau);
    polyak(criticT, critic, tau);
  };
}

function makeW2() {
  const B = 32, IN = 600, H = 64;
  const critic = mlp(IN, H, 1, 'none'), opt = adam();
  const x = unif([B, IN], 1), y = unif([B, 1], 1);
  return () => { opt.minimize(() => mse(forward(critic, x), y), false, critic.vars); };
}

function makeW3() {
  const actor = mlp(60, 64, 40, 'sigmoid');
  const obs = unif([1, 60], 1);
  return () => tf.tidy(() => forward(actor, obs).dataSync());
}

function makeW5() {
  const N = 6, OBS = 206, ACT = 190, H = 64, B = 32, gamma = 0.9, tau = 0.01;
  const O = N * OBS, A = N * ACT;
  const agents = Array.from({ length: N }, () => {
    const actor = mlp(OBS, H, ACT, 'sigmoid'), critic = mlp(O + A, H, 1, 'none');
    return { actor, critic, actorT: targetOf(actor), criticT: targetOf(critic), aOpt: adam(), cOpt: adam() };
  });
  const obs = unif([B, O], 1), nextObs = unif([B, O], 1);
  const act = tf.randomUniform([B, A], 0, 1, 'float32', seedCounter++); // sigmoid actions live in [0, 1]
  const reward = unif([B, N], 1), notDone = tf.ones([B, N]); // paper 1 never terminates
  return () => {
    const { x, nextX } = tf.tidy(() => {
      const ta = tf.concat(agents.map((a, j) => forward(a.actorT, tf.slice(nextObs, [0, j * OBS], [B, OBS]))), 1);
      return { x: tf.concat([obs, act], 1), nextX: tf.concat([nextObs, ta], 1) };
    });
    agents.forEach((ag, i) => {
      const y = tf.tidy(() => tf.add(tf.slice(reward, [0, i], [B, 1]), tf.mul(tf.mul(tf.slice(notDone, [0, i], [B, 1]), gamma), forward(ag.criticT, nextX))));
      ag.cOpt.minimize(() => mse(forward(ag.critic, x), y), false, ag.critic.vars);
      ag.aOpt.minimize(() => {
        const ai = forward(ag.actor, tf.slice(obs, [0, i * OBS], [B, OBS]));
        const parts = [obs];
        if (i > 0) parts.push(tf.slice(act, [0, 0], [B, i * ACT]));
        parts.push(ai);
        if (i < N - 1) parts.push(tf.slice(act, [0, (i + 1) * ACT], [B, A - (i + 1) * ACT]));
        return tf.neg(tf.mean(forward(ag.critic, tf.concat(parts, 1))));
      }, false, ag.actor.vars);
      y.dispose();
      polyak(ag.actorT, ag.actor, tau);
      polyak(ag.criticT, ag.critic, tau);
    });
    x.dispose(); nextX.dispose();
  };
}

const makers = { W1: makeW1, W2: makeW2, W3: makeW3, W5: makeW5 };
const wanted = args.workloads.split(',').filter(Boolean);
for (const w of wanted) if (!(w in makers)) throw new Error(`unknown workload ${w}; expected some of ${Object.keys(makers).join(',')}`);
const fns = Object.fromEntries(wanted.map((w) => [w, makers[w]()]));
// Warm-up as reference.cjs: 300 ms of each throughput workload, 2000 calls of W3.
for (const w of wanted) w === 'W3' ? latency(fns[w], 2000) : throughput(fns[w], 300);
const tensorsAfterWarmup = tf.memory().numTensors;
const r = { impl: `tfjs-${args.backend}`, dtype: 'f32' };
for (const w of wanted) r[w] = [];
for (let i = 0; i < reps; i++) for (const w of wanted) r[w].push(w === 'W3' ? latency(fns[w], 5000) : throughput(fns[w], w === 'W5' ? w5ms : ms));
for (const w of wanted) r[`${w}_med`] = median(r[w]);
const leaked = tf.memory().numTensors - tensorsAfterWarmup;
if (leaked !== 0) throw new Error(`tfjs: ${leaked} tensors leaked during the measurement (a bug in this file)`);
r.versions = {
  tfjs: tf.version.tfjs,
  'tfjs-core': tf.version['tfjs-core'],
  'tfjs-backend-cpu': tf.version['tfjs-backend-cpu'],
  ...(args.backend === 'wasm' ? { 'tfjs-backend-wasm': tfwasm.version_wasm, wasmSimd: tf.env().getBool('WASM_HAS_SIMD_SUPPORT'), wasmMultithread: tf.env().getBool('WASM_HAS_MULTITHREAD_SUPPORT'), threads: 1 } : {}),
  backend: tf.getBackend(),
  dtype: 'float32 (tfjs has no float64)',
};
console.log(JSON.stringify(r));
