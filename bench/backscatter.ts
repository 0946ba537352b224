// `npm run bench:backscatter`: the cost of paper 3's optimisation module and training frames.
//   1. one solve of problem (10) (spec 03 §4.2) on the paper's 3 users / 3 antennas: random frames
//      (batteries after a few random frames), MRT, energy and random beams — ms per solve, Newton
//      steps per solve, round-off stops per solve;
//   2. a training frame of each learner (`h-maddpg-opt`, `h-maddpg`) at the Table I sizes through the
//      experiment's job (3 episodes of 100 frames + 1 evaluation episode), and an evaluation frame of
//      `hybrid-opt`; the optimiser's share of an h-maddpg-opt frame is (1) × 1 solve.
// Writes bench/results/backscatter.json. Measure on an idle machine.
//   BACKSCATTER_SOLVES (default 300), BACKSCATTER_EPISODES (default 3).

import { resolve } from 'node:path';
import { writeFileAtomic } from '../cli/fs/atomic.js';
import { backscatterExperiment, resolveBackscatterExperimentConfig } from '../experiments/backscatter/index.js';
import type { JobContext } from '../experiments/types.js';
import { BackscatterEnv, decodeApAction, energyBeams, mrtBeams, solveProblem10 } from '../lib/env/backscatter/index.js';
import { deriveStream } from '../lib/random/index.js';
import { setBackend } from '../lib/tensor/index.js';
import { ROOT } from './shared.js';

const SOLVES = Number(process.env['BACKSCATTER_SOLVES'] ?? 300);
const EPISODES = Number(process.env['BACKSCATTER_EPISODES'] ?? 3);
// the kernels as mecrl run uses them: wasm where it runs (BACKSCATTER_BACKEND=ts for the TypeScript loops)
const BACKEND = setBackend(process.env['BACKSCATTER_BACKEND'] === 'ts' ? 'ts' : 'wasm');

function solverCost(): { msPerSolve: number; newtonPerSolve: number; roundoffStopsPerSolve: number } {
  const env = new BackscatterEnv();
  const rng = deriveStream(1, 'bench', 'backscatter');
  let ms = 0, newton = 0, roundoff = 0;
  for (let k = 0; k < SOLVES; k++) {
    env.reset({ seed: k });
    for (let f = 0; f < k % 5; f++) {
      env.setApAction(Float64Array.from({ length: 18 }, () => rng.nextDouble()));
      env.stepUsers([0, 1, 2].map(() => Float64Array.from({ length: 5 }, () => rng.nextDouble())));
    }
    const fr = env.frame();
    const beams = k % 3 === 0 ? mrtBeams(fr.channels) : k % 3 === 1 ? energyBeams(fr.channels) : decodeApAction(Array.from({ length: 18 }, () => rng.nextDouble()), 3, 3);
    const t0 = performance.now();
    const r = solveProblem10({ ...fr, beams }, env.config);
    ms += performance.now() - t0;
    newton += r.solver.newtonSteps;
    roundoff += r.solver.roundoffStops;
  }
  return { msPerSolve: ms / SOLVES, newtonPerSolve: newton / SOLVES, roundoffStopsPerSolve: roundoff / SOLVES };
}

function frameCost(method: string): number {
  const c = resolveBackscatterExperimentConfig({ train: { episodes: EPISODES }, eval: { episodes: 1 } });
  const ctx: JobContext = { emit() {}, progress() {}, resumeFrom: null, checkpointEvery: 0, saveCheckpoint() {}, shouldStop: () => false };
  const t0 = performance.now();
  backscatterExperiment.runJob(c, method, 1, ctx);
  const frames = (method.startsWith('h-') ? EPISODES + 1 : 1) * c.env.episodeLength;
  return (performance.now() - t0) / frames;
}

const solver = solverCost();
const msPerFrame = Object.fromEntries(['h-maddpg-opt', 'h-maddpg', 'hybrid-opt'].map((m) => [m, frameCost(m)]));
// The paper preset per seed: its training frames × the learners' ms per frame (evaluation and the
// optimiser schemes add seconds); the optimiser's share of h-maddpg-opt = one solve per frame.
const paper = resolveBackscatterExperimentConfig(backscatterExperiment.presets['paper']!.config);
const paperFrames = paper.train.episodes * paper.env.episodeLength;
const result = {
  date: new Date().toISOString(),
  backend: BACKEND,
  solver,
  msPerFrame,
  paperPreset: {
    trainingFrames: paperFrames,
    hoursPerSeed: Object.fromEntries(['h-maddpg-opt', 'h-maddpg'].map((m) => [m, (paperFrames * msPerFrame[m]!) / 3.6e6])),
    solverShareOfOptFrame: solver.msPerSolve / msPerFrame['h-maddpg-opt']!,
  },
};
console.log(JSON.stringify(result, null, 2));
writeFileAtomic(resolve(ROOT, 'bench', 'results', 'backscatter.json'), JSON.stringify(result, null, 2) + '\n');
