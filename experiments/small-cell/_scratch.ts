import { smallCell } from '../../lib/env/small-cell/index.js';
import { Maddpg, maddpgLearner, iddpgLearner, MultiAgentTrainer, envSpaces, exploreRngs, maddpgRngs, Ddpg } from '../../lib/rl/index.js';
import { deriveStream } from '../../lib/random/index.js';
const [M, N, K, L] = process.argv.slice(2).map(Number) as [number, number, number, number];
for (const algo of ['maddpg', 'iddpg']) {
  const env = smallCell({ numCells: M, uesPerCell: N, numChannels: K, episodeLength: L, seed: 1, rewardMode: algo === 'maddpg' ? 'cooperative' : 'local' });
  const { obsDims, actionSpaces } = envSpaces(env);
  const actionDims = actionSpaces.map((s: any) => s.low.length);
  let learner;
  if (algo === 'maddpg') {
    const ag = new Maddpg({ obsDims, actionDims, actionKind: 'continuous', actorOutput: 'sigmoid', hiddenSizes: [64], actorLr: 1e-3, criticLr: 1e-3, gamma: 0.9, tau: 0.01, maxGradNorm: null, actorOutputReg: 0 }, maddpgRngs(1, M));
    learner = maddpgLearner(ag, actionSpaces, { rngs: exploreRngs(1, M), noise: { kind: 'gaussian', std: 0.2 } });
  } else {
    const ags = obsDims.map((od, i) => new Ddpg({ obsDim: od, actionDim: actionDims[i]!, actorOutput: 'sigmoid', hiddenSizes: [64], actorLr: 1e-3, criticLr: 1e-3, gamma: 0.9, tau: 0.01, criticWeightDecay: 0, finalLayerInit: null }, deriveStream(1, 'init', i)));
    learner = iddpgLearner(ags, actionSpaces, { rngs: exploreRngs(1, M), noise: { kind: 'gaussian', std: 0.2 } });
  }
  const rets: number[] = [];
  const tr = new MultiAgentTrainer(env, learner as any, { seed: 1, bufferSize: 10000, batchSize: 32, warmupSteps: 32, updateEvery: 1, gradientSteps: 1, warmupActions: 'policy' }, (e) => { if (e.kind === 'episode') rets.push(e.totalReturn); });
  const t0 = performance.now();
  const steps = Number(process.argv[6] ?? 500);
  tr.run(steps);
  const dt = (performance.now() - t0) / 1000;
  console.log(algo, `obs ${obsDims[0]} act ${actionDims[0]}`, `${(dt / steps * 1000).toFixed(2)} ms/step`, rets.map((r) => r.toFixed(1)).join(' '));
}
