// Timing of the small-cell presets, in one process, without the CLI (Node-only; for README.md's
// numbers):
//   npx tsx experiments/small-cell/measure.ts quick [seeds=1,2,3,4,5] [methods=all]
//       runs every job of the preset serially, prints per-job wall time, per-method metrics
//       (mean ± 95% CI over seeds) and the claims.
//   npx tsx experiments/small-cell/measure.ts paper-steps [extraEpisodes=2]
//       CPU time of 1 vs 1 + extraEpisodes training episodes at paper scale → cost per step → estimate.
// Kernels: wasm where it runs, as mecrl run (MECRL_BACKEND=ts for the TypeScript loops).

import { describe } from '../stats.js';
import type { JobContext, MetricRow, PerSeedMetrics } from '../types.js';
import { METHOD_IDS, SMALL_CELL_CLAIMS, SMALL_CELL_PRESETS, resolveSmallCellExperimentConfig, runSmallCellJob, smallCellExperiment } from './index.js';
import { mergePartials } from '../common/config.js';
import { setBackend } from '../../lib/tensor/index.js';

const backend = setBackend(process.env['MECRL_BACKEND'] === 'ts' ? 'ts' : 'wasm');
console.log(`kernels: ${backend}`);

function ctx(rows: MetricRow[]): JobContext {
  return { emit: (r) => rows.push(r), progress: () => undefined, resumeFrom: null, checkpointEvery: 0, saveCheckpoint: () => undefined, shouldStop: () => false };
}

const now = (): number => performance.now() / 1000;
const [mode = 'quick', a1, a2] = process.argv.slice(2);

if (mode === 'paper-steps') {
  // Per-step cost from the difference of two short runs (same warm-up, same one evaluation
  // episode), so start-up, warm-up and evaluation cancel out; then extrapolated to the preset.
  const extraEpisodes = Number(a1 ?? 2);
  const full = resolveSmallCellExperimentConfig({});
  const cfg = (episodes: number) => resolveSmallCellExperimentConfig({ train: { episodes }, eval: { episodes: 1 } });
  const cpuOf = (m: string, episodes: number): number => {
    const u0 = process.cpuUsage();
    runSmallCellJob(cfg(episodes), m, 1, ctx([]));
    const u = process.cpuUsage(u0);
    return (u.user + u.system) / 1e6;
  };
  for (const m of ['ma-drl', 'f-drl', 'il-drl', 'full-offload']) {
    const t1 = cpuOf(m, 1);
    if (m === 'full-offload') {
      console.log(`${m}: a baseline, no training; one evaluation episode ≈ ${t1.toFixed(2)} s CPU`);
      continue;
    }
    const t2 = cpuOf(m, 1 + extraEpisodes);
    const perStep = (t2 - t1) / (extraEpisodes * full.env.episodeLength);
    const hours = (perStep * full.train.episodes * full.env.episodeLength) / 3600;
    console.log(`${m}: 1 episode ${t1.toFixed(1)} s CPU, ${1 + extraEpisodes} episodes ${t2.toFixed(1)} s → ${(perStep * 1000).toFixed(1)} ms per training step → ${full.train.episodes} × ${full.env.episodeLength} steps ≈ ${hours.toFixed(2)} h CPU per seed`);
  }
} else {
  const preset = SMALL_CELL_PRESETS[mode];
  if (preset === undefined) throw new Error(`unknown preset ${mode}`);
  const seeds = a1 !== undefined ? a1.split(',').map(Number) : [...(preset.seeds ?? smallCellExperiment.defaultSeeds)];
  const methods = a2 !== undefined && a2 !== 'all' ? a2.split(',') : [...METHOD_IDS];
  const c = resolveSmallCellExperimentConfig(mergePartials({}, preset.config));
  const per: Record<string, Record<string, number[]>> = {};
  const times: Record<string, number[]> = {};
  const cpu: Record<string, number[]> = {};
  const T0 = now();
  for (const seed of seeds) {
    for (const m of methods) {
      const rows: MetricRow[] = [];
      const t0 = now(), u0 = process.cpuUsage();
      const r = runSmallCellJob(c, m, seed, ctx(rows));
      const dt = now() - t0, u = process.cpuUsage(u0);
      (times[m] ??= []).push(dt);
      (cpu[m] ??= []).push((u.user + u.system) / 1e6);
      console.log(`${m} seed ${seed}: ${dt.toFixed(1)} s wall, ${((u.user + u.system) / 1e6).toFixed(1)} s CPU; systemReward ${r.metrics['systemReward']?.toFixed(1)}, latency ${r.metrics['latencyGuaranteedPct']?.toFixed(1)}%, energy median ${r.metrics['energyTotal.median']?.toFixed(4)} J`);
      for (const [k, v] of Object.entries(r.metrics)) ((per[m] ??= {})[k] ??= []).push(v);
    }
  }
  const total = now() - T0;
  const sum = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0);
  console.log(`\ntotal ${total.toFixed(1)} s wall in one process; per method (wall / CPU): ${Object.keys(times).map((m) => `${m} ${sum(times[m]!).toFixed(1)} / ${sum(cpu[m]!).toFixed(1)} s`).join(', ')}`);
  // Two workers: longest-processing-time-first assignment of the jobs' CPU times to 2 queues.
  const jobs = Object.values(cpu).flat().sort((a, b) => b - a), q = [0, 0];
  for (const j of jobs) q[q[0]! <= q[1]! ? 0 : 1]! += j;
  console.log(`estimate with 2 workers on 2 idle cores: ≈${Math.max(...q).toFixed(0)} s (+ worker start-up), from the jobs' CPU times`);
  const keys = ['systemReward', 'agentRewardSpread', 'trainRewardTailStd', 'energyTotal.median', 'energyTotal.mean', 'energyTotal.trimmedMean', 'energyLocal.mean', 'energyEdge.median', 'localEnergyShare', 'latencyGuaranteedPct', 'fullyOffloadedPct', 'localOnlyPct', 'totalSignallingScalars'];
  for (const k of keys) {
    console.log(`${k}: ${methods.map((m) => {
      const v = per[m]?.[k];
      if (v === undefined) return `${m} –`;
      const d = describe(v);
      return `${m} ${d.mean.toPrecision(4)} [${d.ci95[0].toPrecision(4)}, ${d.ci95[1].toPrecision(4)}]`;
    }).join(' | ')}`);
  }
  console.log('');
  for (const claim of SMALL_CELL_CLAIMS) {
    const r = claim.judge(per as PerSeedMetrics, seeds);
    console.log(`${claim.id}: ${r.holds === null ? 'undecided' : r.holds ? 'HOLDS' : 'fails'} — ${r.evidence}`);
  }
}
