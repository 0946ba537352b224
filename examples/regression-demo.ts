// A first run of mecrl's core: fit y = sin(3x)·x on [−1, 1] with a 1→32→32→1 tanh MLP, Adam and
// our reverse-mode autograd, and print the loss curve. Deterministic: seed 42 gives the same
// numbers on every run and machine running V8.
//   npm run demo [-- --steps 2000 --seed 42]

import { parseArgs } from 'node:util';
import { deriveStream, uniform } from '../lib/random/index.js';
import { Arena, formatGraph, fromData, noGrad } from '../lib/tensor/index.js';
import { adam, mlp, mseLoss } from '../lib/nn/index.js';

const { values } = parseArgs({ options: { steps: { type: 'string', default: '2000' }, seed: { type: 'string', default: '42' } } });
const steps = Number(values.steps), seed = Number(values.seed);
if (!Number.isInteger(steps) || steps < 1) throw new Error(`--steps must be an integer >= 1, got ${values.steps}`);
if (!Number.isSafeInteger(seed)) throw new Error(`--seed must be an integer, got ${values.seed}`);

const target = (x: number): number => Math.sin(3 * x) * x;
const N = 256;
const data = deriveStream(seed, 'data');
const xs = new Float64Array(N), ys = new Float64Array(N);
for (let i = 0; i < N; i++) { xs[i] = uniform(data, -1, 1); ys[i] = target(xs[i]!); }
const x = fromData(xs, [N, 1]), y = fromData(ys, [N, 1]);

const net = mlp({ sizes: [1, 32, 32, 1], activation: 'tanh', rng: deriveStream(seed, 'init') });
const opt = adam(net, { lr: 1e-2 });
console.log(`${net.toString()}, Adam lr 1e-2, ${N} points, seed ${seed}\n`);
console.log('the graph of one loss evaluation:');
console.log(formatGraph(mseLoss(net.forward(x), y)).split('\n').map((l) => '  ' + l).join('\n') + '\n');

const arena = new Arena();
const width = 50;
let first = NaN;
for (let step = 0; step <= steps; step++) {
  const loss = arena.run(() => {
    net.zeroGrad();
    const l = mseLoss(net.forward(x), y);
    l.backward();
    opt.step();
    return l.item();
  });
  if (step === 0) first = loss;
  if (step % Math.max(1, Math.floor(steps / 20)) === 0 || step === steps) {
    const bar = '#'.repeat(Math.max(1, Math.round((width * Math.log10(loss / 1e-5)) / Math.log10(first / 1e-5))));
    console.log(`step ${String(step).padStart(5)}  loss ${loss.toExponential(3)}  ${bar}`);
  }
}
const probe = [-0.9, -0.5, 0, 0.5, 0.9];
const pred = noGrad(() => net.forward(fromData(Float64Array.from(probe), [probe.length, 1])).data);
console.log('\n   x     target   predicted');
probe.forEach((p, i) => console.log(`${p.toFixed(2).padStart(5)}  ${target(p).toFixed(4).padStart(8)}  ${pred[i]!.toFixed(4).padStart(9)}`));
