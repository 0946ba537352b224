import { smallCell } from '../../lib/env/small-cell/index.js';
import { Maddpg, maddpgLearner, iddpgLearner, MultiAgentTrainer, envSpaces, exploreRngs, maddpgRngs, Ddpg } from '../../lib/rl/index.js';
import { deriveStream } from '../../lib/random/index.js';
const [M, N, K, L, EPS] = process.argv.slice(2, 7).map(Number) as [number, number, number, number, number];
const algo = process.argv[7] ?? 'maddpg';
const clip = process.argv[8] === 'null' || process.argv[8] === undefined ? null : Number(process.argv[8]);
const beta = Number(process.argv[9] ?? 1);
const env = smallCell({ numCells: M, uesPerCell: N, numChannels: K, episodeLength: L, seed: 1, beta, rewardMode: algo === 'maddpg' ? 'cooperative' : 'local' });
const { obsDims, actionSpaces } = envSpaces(env);
const actionDims = actionSpaces.map((s: any) => s.low.length);
let learner;
if (algo === 'maddpg') {
  const ag = new Maddpg({ obsDims, actionDims, actionKind: 'continuous', actorOutput: 'sigmoid', hiddenSizes: [64], actorLr: 1e-3, criticLr: 1e-3, gamma: 0.9, tau: 0.01, maxGradNorm: clip, actorOutputReg: 0 }, maddpgRngs(1, M));
  learner = maddpgLearner(ag, actionSpaces, { rngs: exploreRngs(1, M), noise: { kind: 'gaussian', std: 0.2 } });
} else {
  const ags = obsDims.map((od, i) => new Ddpg({ obsDim: od, actionDim: actionDims[i]!, actorOutput: 'sigmoid', hiddenSizes: [64], actorLr: 1e-3, criticLr: 1e-3, gamma: 0.9, tau: 0.01, criticWeightDecay: 0, finalLayerInit: null, maxGradNorm: clip }, deriveStream(1, 'init', i)));
  learner = iddpgLearner(ags, actionSpaces, { rngs: exploreRngs(1, M), noise: { kind: 'gaussian', std: 0.2 } });
}
let acc = { r: 0, hit: 0, alpha: 0, p: 0, e: [] as number[], tx: 0, loc: 0, n: 0, full: 0, lo: 0 };
const origStep = env.step.bind(env);
(env as any).step = (a: any) => {
  const r = origStep(a);
  const m = env.lastStepMetrics!;
  acc.r += m.system.systemReward; acc.hit += m.system.latencyHits; acc.n += m.system.numUes;
  acc.full += m.system.fullyOffloadedUes; acc.lo += m.system.localOnlyUes;
  for (const c of m.cells) { for (let i = 0; i < c.ue.alpha.length; i++) { acc.alpha += c.ue.alpha[i]!; acc.p += c.ue.powerW[i]! / 0.19953; } }
  acc.e.push(...m.system.ueEnergyJ); acc.tx += m.system.txEnergyJ; acc.loc += m.system.localEnergyJ;
  return r;
};
const tr = new MultiAgentTrainer(env, learner as any, { seed: 1, bufferSize: 10000, batchSize: 32, warmupSteps: 32, updateEvery: 1, gradientSteps: 1, warmupActions: 'policy' }, (e) => {
  if (e.kind === 'episode') {
    const s = acc.e.sort((a, b) => a - b);
    if (e.episode % 5 === 0) console.log(e.episode, `R ${acc.r.toFixed(1)} hit ${(acc.hit / acc.n * 100).toFixed(1)}% alpha ${(acc.alpha / acc.n).toFixed(2)} full ${(acc.full / acc.n * 100).toFixed(0)}% local ${(acc.lo / acc.n * 100).toFixed(0)}% pfrac ${(acc.p / acc.n).toFixed(2)} Emed ${s[s.length >> 1]!.toFixed(3)} Emean ${(s.reduce((a, b) => a + b, 0) / s.length).toFixed(3)} tx ${(acc.tx / acc.n).toFixed(3)} loc ${(acc.loc / acc.n).toFixed(3)}`);
    acc = { r: 0, hit: 0, alpha: 0, p: 0, e: [], tx: 0, loc: 0, n: 0, full: 0, lo: 0 };
  }
});
tr.run(EPS * L);
