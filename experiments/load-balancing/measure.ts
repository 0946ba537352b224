// Cost of the load-balancing presets from short runs (Node-only; for README.md's estimates):
//   npx tsx experiments/load-balancing/measure.ts <preset = quick | paper> [extraEpisodes = 3]
// For every learner: CPU time of a run of w + 1 and of w + 1 + extraEpisodes training episodes
// (w = the episodes the preset's warm-up fills), one evaluation episode each, so start-up, warm-up
// and evaluation cancel in the difference → CPU per training step → the preset's cost per seed and
// the wall time of its seeds on 2 workers (longest jobs first).

import { mergePartials } from '../common/config.js';
import type { JobContext } from '../types.js';
import { LEARNER_IDS, LOAD_BALANCING_PRESETS, loadBalancingExperiment, resolveLoadBalancingExperimentConfig, runLoadBalancingJob } from './index.js';

const [presetName = 'quick', extraArg] = process.argv.slice(2);
const preset = LOAD_BALANCING_PRESETS[presetName];
if (preset === undefined) throw new Error(`unknown preset ${presetName}`);
const extra = Number(extraArg ?? 3);
const full = resolveLoadBalancingExperimentConfig(mergePartials({}, preset.config));
const warmEpisodes = Math.ceil(full.train.warmupSteps / full.env.episodeLength) + 1;
const ctx: JobContext = { emit: () => undefined, progress: () => undefined, resumeFrom: null, checkpointEvery: 0, saveCheckpoint: () => undefined, shouldStop: () => false };
const cpu = (method: string, episodes: number): number => {
  const c = resolveLoadBalancingExperimentConfig(mergePartials(mergePartials({}, preset.config), { train: { episodes }, eval: { episodes: 1 } }));
  const u0 = process.cpuUsage();
  runLoadBalancingJob(c, method, 1, ctx);
  const u = process.cpuUsage(u0);
  return (u.user + u.system) / 1e6;
};
const steps = full.train.episodes * full.env.episodeLength;
const perJob: number[] = [];
for (const m of LEARNER_IDS) {
  const perStep = (cpu(m, warmEpisodes + extra) - cpu(m, warmEpisodes)) / (extra * full.env.episodeLength);
  const job = perStep * (steps - full.train.warmupSteps);
  perJob.push(job);
  console.log(`${m}: ${(perStep * 1000).toFixed(2)} ms CPU per training step → ${(job / 60).toFixed(1)} min per seed (${steps - full.train.warmupSteps} update steps)`);
}
const seeds = preset.seeds ?? loadBalancingExperiment.defaultSeeds;
const jobs = seeds.flatMap(() => perJob).sort((a, b) => b - a), q = [0, 0];
for (const j of jobs) q[q[0]! <= q[1]! ? 0 : 1]! += j;
console.log(`${presetName}: ${(perJob.reduce((a, b) => a + b, 0) / 3600).toFixed(2)} h CPU per seed; ${seeds.length} seeds on 2 workers ≈ ${(Math.max(...q) / 60).toFixed(1)} min (+ warm-up, evaluation and start-up)`);
