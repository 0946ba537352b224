// The small-cell experiment (paper 1) on its `smoke` preset: config validation, every method end to
// end, determinism, checkpoint/resume bit-identity, identical evaluation episodes across methods,
// the claim rule, and the FedAvg round arithmetic of the `quick` preset.

import { describe, expect, it } from 'vitest';
import { EXPERIMENTS } from '../../experiments/index.js';
import {
  METHOD_IDS,
  SMALL_CELL_CLAIMS,
  SMALL_CELL_PRESETS,
  evalEpisodeSeeds,
  federatedRounds,
  noiseSchedule,
  resolveSmallCellExperimentConfig,
  runEvaluation,
  smallCellExperiment,
  smallCellResolutions,
  type SmallCellExperimentConfig,
  type SmallCellPolicy,
} from '../../experiments/small-cell/index.js';
import type { JobContext, MetricRow, PerSeedMetrics } from '../../experiments/types.js';
import { runInMemory, throughDisk, type JobRun } from './jobHelpers.js';
import { fullOffloadingDecisions, localComputingDecisions } from '../../lib/env/small-cell/index.js';
import { deriveStream } from '../../lib/random/index.js';

const SMOKE = resolveSmallCellExperimentConfig(SMALL_CELL_PRESETS['smoke']!.config);

type Run = JobRun;

/** An in-memory job context; `stopAfter` asks to stop once that many training episodes are done. */
function run(c: SmallCellExperimentConfig, method: string, seed: number, opts: Parameters<typeof runInMemory>[4] = {}): Run {
  return runInMemory(smallCellExperiment, c, method, seed, opts);
}

describe('small-cell config', () => {
  it('has the spec defaults and [R] resolutions', () => {
    const c = resolveSmallCellExperimentConfig({});
    expect(c.env).toMatchObject({ numCells: 6, uesPerCell: 10, numChannels: 16, episodeLength: 100, beta: 1, alphaSnap: 0.01, maxTxTime: null, latencyPenaltyFloor: -10 });
    expect(c.env.pFloor).toBeCloseTo(1e-3 * 0.19953, 8);
    expect(c.train).toMatchObject({ episodes: 1000, batchSize: 32, bufferSize: 10_000, gamma: 0.9, tau: 0.01, lr: 1e-3, hidden: [64], warmupSteps: 32, warmupActions: 'policy', updateEvery: 1, gradientSteps: 1 });
    expect(c.train.noise).toEqual({ sigmaStart: 0.1, sigmaEnd: 0.02, decayFraction: 0.5 });
    expect(c.federated).toMatchObject({ episodesPerRound: 10, aggregateTargets: 'keep', resetOptimizerOnAggregate: false });
    expect(c.eval.episodes).toBe(10);
    expect(federatedRounds(c)).toBe(100);
    const r = smallCellResolutions(c);
    expect(r['env.beta']).toBe(1);
    expect(r['train.warmupSteps']).toBe(32);
    expect(r['federated.aggregateTargets']).toBe('keep');
    // Derived values follow their sources unless set.
    expect(resolveSmallCellExperimentConfig({ train: { batchSize: 64 } }).train.warmupSteps).toBe(64);
    expect(resolveSmallCellExperimentConfig({ env: { maxPowerW: 0.1 } }).env.pFloor).toBeCloseTo(1e-4, 12);
    // A resolved config (config.json) resolves to itself, also after a JSON round trip.
    const q = resolveSmallCellExperimentConfig(SMALL_CELL_PRESETS['quick']!.config);
    expect(resolveSmallCellExperimentConfig(JSON.parse(JSON.stringify(q)))).toEqual(q);
  });

  it('rejects bad values naming the dotted path and the allowed range', () => {
    const bad = (p: Record<string, unknown>, re: RegExp): void => {
      expect(() => resolveSmallCellExperimentConfig(p)).toThrow(re);
    };
    bad({ train: { gamma: 2 } }, /^train\.gamma must be a finite number in \[0, 1\], got 2$/);
    bad({ train: { batchSize: 20_000 } }, /train\.batchSize must be an integer in \[1, 10000\], got 20000/);
    bad({ train: { hidden: [64, 0] } }, /train\.hidden\[1\] must be an integer in \[1, 65536\], got 0/);
    bad({ train: { noise: { decayFraction: 1.5 } } }, /train\.noise\.decayFraction must be a finite number in \[0, 1\], got 1\.5/);
    bad({ train: { warmupActions: 'uniform' } }, /train\.warmupActions must be one of 'policy', 'random', got "uniform"/);
    bad({ train: { lr: 0 } }, /train\.lr must be a finite number in \(0, 1\], got 0/);
    bad({ train: { gamma: '0.9' } }, /train\.gamma must be a number, got string/);
    bad({ federated: { episodesPerRound: 0 } }, /federated\.episodesPerRound must be an integer in \[1, 10000000\], got 0/);
    bad({ federated: { aggregateTargets: 'all' } }, /federated\.aggregateTargets must be one of 'keep', 'aggregate', got "all"/);
    bad({ eval: { episodes: 0 } }, /eval\.episodes must be an integer in \[1, 1000000\], got 0/);
    bad({ env: { alphaSnap: 0.7 } }, /^env\.alphaSnap must be a finite number in \[0, 0\.5\), got 0\.7$/);
    bad({ env: { obsDb: { hScale: -1 } } }, /^env\.obsDb\.hScale must be a finite number > 0, got -1$/);
  });

  it('rejects unknown keys by name', () => {
    expect(() => resolveSmallCellExperimentConfig({ train: { gama: 0.5 } })).toThrow(/unknown config key 'train\.gama' \(allowed here: .*gamma/);
    expect(() => resolveSmallCellExperimentConfig({ env: { beta0: 1 } })).toThrow(/unknown config key 'env\.beta0'/);
    expect(() => resolveSmallCellExperimentConfig({ env: { seed: 3 } })).toThrow(/unknown config key 'env\.seed'/);
    expect(() => resolveSmallCellExperimentConfig({ federated: { rounds: 5 } })).toThrow(/unknown config key 'federated\.rounds'/);
    expect(() => resolveSmallCellExperimentConfig({ evaluation: {} })).toThrow(/unknown config key 'evaluation'/);
  });

  it('every preset resolves; quick gives at least 5 FedAvg rounds; the sweep is over env.beta', () => {
    for (const [name, p] of Object.entries(SMALL_CELL_PRESETS)) expect(() => resolveSmallCellExperimentConfig(p.config), name).not.toThrow();
    const quick = resolveSmallCellExperimentConfig(SMALL_CELL_PRESETS['quick']!.config);
    expect(quick.env).toMatchObject({ numCells: 3, uesPerCell: 4, numChannels: 6, episodeLength: 50 });
    expect(federatedRounds(quick)).toBeGreaterThanOrEqual(5);
    expect(quick.train.episodes % quick.federated.episodesPerRound).toBe(0);
    expect(resolveSmallCellExperimentConfig(SMALL_CELL_PRESETS['gamma0']!.config).train.gamma).toBe(0);
    expect(SMALL_CELL_PRESETS['beta-sweep']!.sweep).toMatchObject({ key: 'env.beta', values: [0.1, 0.5, 1, 2] });
    expect(SMALL_CELL_PRESETS['beta-sweep']!.sweep!.claims!.map((c) => c.id)).toContain('3a-energy-local-lt-ma@every-env.beta');
    expect(SMALL_CELL_PRESETS['smoke']!.judgeClaims).toBe(false);
    // descriptions state the preset's own numbers (computed from its config)
    expect(SMALL_CELL_PRESETS['quick']!.description).toContain(`${quick.env.numCells} cells × ${quick.env.uesPerCell} UEs, ${quick.env.numChannels} channels, ${quick.env.episodeLength}-slot episodes, ${quick.train.episodes} training episodes, ${federatedRounds(quick)} FedAvg rounds, ${quick.eval.episodes} evaluation episodes`);
    expect(SMALL_CELL_PRESETS['quick']!.description).toContain('250 training episodes, 25 FedAvg rounds');
    expect(smallCellExperiment.defaultSeeds).toEqual([1, 2, 3, 4, 5]);
    expect(EXPERIMENTS['small-cell']).toBe(smallCellExperiment);
  });

  it('decays σ linearly over the first half of training, then holds it', () => {
    const c = resolveSmallCellExperimentConfig({ env: { episodeLength: 10 }, train: { episodes: 20 } });
    const s = noiseSchedule(c);
    expect(s(0)).toBe(0.1);
    expect(s(50)).toBeCloseTo(0.06, 12);
    expect(s(100)).toBe(0.02);
    expect(s(199)).toBe(0.02);
    expect(noiseSchedule(resolveSmallCellExperimentConfig({ train: { noise: { decayFraction: 0 } } }))(0)).toBe(0.02);
  });
});

describe('small-cell jobs on the smoke preset', () => {
  const runs = new Map<string, Run>(METHOD_IDS.map((m) => [m, run(SMOKE, m, 1)]));

  it('every method runs end to end with finite metrics and the documented rows', () => {
    for (const m of METHOD_IDS) {
      const { rows, result } = runs.get(m)!;
      expect(result.interrupted).toBe(false);
      for (const key of ['systemReward', 'agentReward.0', 'agentReward.1', 'agentRewardSpread', 'energyTotal.mean', 'energyTotal.median', 'energyTotal.trimmedMean', 'energyLocal.mean', 'energyEdge.median', 'energyTx.mean', 'energyExec.median', 'localEnergyShare', 'latencyGuaranteedPct']) {
        expect(Number.isFinite(result.metrics[key]), `${m} ${key}`).toBe(true);
      }
      const train = rows.filter((r) => r.phase === 'train'), evalRows = rows.filter((r) => r.phase === 'eval');
      expect(evalRows.map((r) => r.episode)).toEqual([0, 1]);
      if (m === 'full-offload' || m === 'local') {
        expect(train).toHaveLength(0);
        expect(result.policy).toBeUndefined();
      } else {
        expect(train.map((r) => r.episode)).toEqual([0, 1, 2, 3]);
        for (const r of train) for (const k of ['systemReward', 'agentReward.0', 'energyTotal.mean', 'latencyGuaranteedPct', 'noiseSigma']) expect(Number.isFinite(r.values[k])).toBe(true);
        expect(Number.isFinite(result.metrics['trainRewardTailStd'])).toBe(true);
        expect(Number.isFinite(result.metrics['totalSignallingScalars'])).toBe(true);
      }
      for (const r of rows) expect(r).toMatchObject({ method: m, seed: 1 });
    }
    expect(runs.get('local')!.result.metrics['latencyGuaranteedPct']).toBe(0);
    expect(runs.get('local')!.result.metrics['localEnergyShare']).toBe(1);
    expect(runs.get('full-offload')!.result.metrics['localEnergyShare']).toBe(0);
  });

  it('is deterministic: the same config and seed give identical rows and metrics', () => {
    for (const m of ['ma-drl', 'f-drl'] as const) {
      const again = run(SMOKE, m, 1);
      expect(again.rows).toEqual(runs.get(m)!.rows);
      expect(again.result.metrics).toEqual(runs.get(m)!.result.metrics);
    }
    expect(run(SMOKE, 'ma-drl', 2).result.metrics['systemReward']).not.toBe(runs.get('ma-drl')!.result.metrics['systemReward']);
  });

  it('evaluates every method on the same episodes (same tasks and fading)', () => {
    const fingerprint = (m: string): number[] => runs.get(m)!.rows.filter((r) => r.phase === 'eval').map((r) => r.values['taskDeadline.mean']!);
    for (const m of METHOD_IDS) expect(fingerprint(m)).toEqual(fingerprint('local'));
    // Local spends ε·ω and full offloading executes ε̄·ω at the edge: the same ω per episode ⇒ ratio ε/ε̄ = 100.
    const ev = (m: string, k: string): number[] => runs.get(m)!.rows.filter((r) => r.phase === 'eval').map((r) => r.values[k]!);
    ev('local', 'energyLocal.mean').forEach((x, i) => expect(x / ev('full-offload', 'energyExec.mean')[i]!).toBeCloseTo(100, 9));
    // The env's draws (fading and tasks) before every step are identical whatever the policy does.
    const snapshot = (decide: 'local' | 'full'): string[] => {
      const seen: string[] = [];
      const rng = deriveStream(1, 'baseline', 'fullOffloading');
      runEvaluation(SMOKE, 1, { kind: 'decisions', decide: (env) => (decide === 'local' ? localComputingDecisions(env.config) : fullOffloadingDecisions(rng, env.config)) }, 2, (env) => {
        const s = env.getState();
        seen.push(JSON.stringify([s.fading, s.taskBits, s.taskCycles]));
      });
      return seen;
    };
    expect(snapshot('full')).toEqual(snapshot('local'));
    expect(evalEpisodeSeeds(1, 2)).toEqual(evalEpisodeSeeds(1, 2));
  });

  it('F-DRL runs its FedAvg rounds (identical actors after the last round); IL-DRL does not aggregate', () => {
    const f = runs.get('f-drl')!.result, il = runs.get('il-drl')!.result;
    expect(f.metrics['fedRounds']).toBe(2);
    expect(f.metrics['totalSignallingScalars']).toBe(2 * (f.metrics['fedUploadScalarsPerRound']! + f.metrics['fedDownloadScalarsPerRound']!));
    const fa = (f.policy as unknown as SmallCellPolicy).actors, ia = (il.policy as unknown as SmallCellPolicy).actors;
    expect(Array.from(fa[1]!)).toEqual(Array.from(fa[0]!));
    expect(Array.from(ia[1]!)).not.toEqual(Array.from(ia[0]!));
    expect(il.metrics['totalSignallingScalars']).toBe(0);
    const ma = runs.get('ma-drl')!.result.metrics;
    // 2 agents, obs 2·3 + 3 + 3·2 = 15, act 2·(3 + 3) = 12: each receives the other's 27 per step.
    expect(ma['signallingScalarsPerStep']).toBe(54);
    expect(ma['totalSignallingScalars']).toBe(4 * 10 * 54 + 4 * 30);
  });

  it('re-evaluates a saved policy to the same evaluation metrics', () => {
    for (const m of ['ma-drl', 'f-drl', 'local'] as const) {
      const { result, rows } = runs.get(m)!;
      const emitted: MetricRow[] = [];
      const metrics = smallCellExperiment.evaluatePolicy!(SMOKE, m, 1, result.policy, SMOKE.eval.episodes, (r) => emitted.push(r));
      expect(emitted).toEqual(rows.filter((r) => r.phase === 'eval'));
      for (const [k, v] of Object.entries(metrics)) expect(result.metrics[k], k).toBe(v);
    }
    expect(() => smallCellExperiment.evaluatePolicy!(SMOKE, 'f-drl', 1, runs.get('ma-drl')!.result.policy, 1, () => undefined)).toThrow(/trained by 'ma-drl'/);
    expect(() => smallCellExperiment.runJob(SMOKE, 'maddpg', 1, {} as JobContext)).toThrow(/unknown method 'maddpg'; allowed: ma-drl, f-drl, il-drl, full-offload, local/);
  });

  it('resumes from a checkpoint bit-identically (interrupted via shouldStop, state through a disk round trip)', () => {
    const c = resolveSmallCellExperimentConfig({ ...SMALL_CELL_PRESETS['smoke']!.config, train: { episodes: 7, batchSize: 8, bufferSize: 200, hidden: [16] }, federated: { episodesPerRound: 2 } });
    for (const m of ['ma-drl', 'f-drl'] as const) {
      const full = run(c, m, 3, { checkpointEvery: 2 });
      expect(full.saved.map((s) => s.episode)).toEqual([2, 4, 6]);
      const cut = run(c, m, 3, { stopAfter: 3, checkpointEvery: 2 });
      expect(cut.result.interrupted).toBe(true);
      expect(cut.saved.map((s) => s.episode)).toEqual([2, 3]);
      expect(cut.rows.filter((r) => r.phase === 'eval')).toHaveLength(0);
      const resumed = run(c, m, 3, { resumeFrom: throughDisk(cut.saved[1]!.state), checkpointEvery: 2 });
      expect(resumed.result.interrupted).toBe(false);
      expect(resumed.rows).toEqual(full.rows.filter((r) => r.phase === 'eval' || r.episode >= 3));
      expect(resumed.result.metrics).toEqual(full.result.metrics);
      expect(resumed.result.policy).toEqual(full.result.policy);
      // An earlier checkpoint (mid-run) also continues exactly.
      const fromTwo = run(c, m, 3, { resumeFrom: throughDisk(full.saved[0]!.state) });
      expect(fromTwo.result.metrics).toEqual(full.result.metrics);
    }
  });
});

describe('small-cell claims', () => {
  const claim = (id: string) => SMALL_CELL_CLAIMS.find((c) => c.id === id)!;
  const seeds = [1, 2, 3];

  it('have unique ids, a metric and a text', () => {
    const ids = SMALL_CELL_CLAIMS.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const c of SMALL_CELL_CLAIMS) { expect(c.text.length).toBeGreaterThan(10); expect(c.metric.length).toBeGreaterThan(0); }
  });

  it('follow the paired rule: true above 0, false below, null when the interval straddles 0 or is too small', () => {
    const m = (a: number[], b: number[]): PerSeedMetrics => ({ 'ma-drl': { systemReward: a }, 'f-drl': { systemReward: b } });
    const c = claim('1a-reward-ma-gt-f');
    expect(c.metric).toBe('systemReward');
    expect(c.judge(m([10, 11, 12], [5, 6, 7]), seeds).holds).toBe(true);
    expect(c.judge(m([5, 6, 7], [10, 11.5, 12]), seeds).holds).toBe(false);
    expect(c.judge(m([10, 5, 12], [9, 8, 7]), seeds).holds).toBeNull();
    expect(c.judge(m([10], [5]), [1]).holds).toBeNull();
    expect(c.judge({ 'ma-drl': { systemReward: [1, 2, 3] } }, seeds)).toMatchObject({ holds: null, evidence: expect.stringMatching(/f-drl/) });
    const ev = c.judge(m([10, 11, 12], [5, 6, 7]), seeds).evidence;
    expect(ev).toMatch(/ma-drl 11 \[8\.516, 13\.48\] vs f-drl 6 \[3\.516, 8\.484\]/);
    expect(ev).toMatch(/paired ma-drl − f-drl = 5 \[5, 5\]/);
    // 'less' claims: energy on medians.
    const e = claim('3c-energy-f-lt-il');
    expect(e.metric).toBe('energyTotal.median');
    expect(e.judge({ 'f-drl': { 'energyTotal.median': [0.02, 0.021, 0.022] }, 'il-drl': { 'energyTotal.median': [0.03, 0.032, 0.031] } }, seeds).holds).toBe(true);
    expect(e.judge({ 'f-drl': { 'energyTotal.median': [0.03, 0.032, 0.031] }, 'il-drl': { 'energyTotal.median': [0.02, 0.021, 0.022] } }, seeds).holds).toBe(false);
  });

  it('judge the non-comparison claims by their own rules', () => {
    const z = claim('3g-ma-zero-local-energy');
    expect(z.judge({ 'ma-drl': { localEnergyShare: [0, 0.001, 0] } }, seeds).holds).toBe(true);
    expect(z.judge({ 'ma-drl': { localEnergyShare: [0.5, 0.6, 0.55] } }, seeds).holds).toBe(false);
    expect(z.judge({ 'ma-drl': { localEnergyShare: [0, 0.05, 0] } }, seeds).holds).toBeNull();
    const l = claim('4a-latency-local-zero');
    expect(l.judge({ local: { latencyGuaranteedPct: [0, 0, 0] } }, seeds).holds).toBe(true);
    expect(l.judge({ local: { latencyGuaranteedPct: [0, 1, 0] } }, seeds).holds).toBe(false);
    const s = claim('5-signalling-f-lt-ma');
    expect(s.judge({ 'f-drl': { totalSignallingScalars: [1e6, 1e6, 1e6] }, 'ma-drl': { totalSignallingScalars: [4e6, 4e6, 4e6] } }, seeds).holds).toBe(true);
  });
});
