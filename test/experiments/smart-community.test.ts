// The smart-community experiment (paper 5) on its `smoke` preset: config validation, every method
// end to end, determinism, checkpoint/resume bit-identity, identical evaluation epochs across
// methods, federated rounds and the proximal term in the logs, the claim rule, Table III side by side.

import { describe, expect, it } from 'vitest';
import type { StateValue } from '../../lib/rl/checkpoint.js';
import { agentRecord, loadPolicy } from '../../lib/rl/index.js';
import { runJobInMemory, throughDisk, type Run } from './jobHelpers.js';
import { EXPERIMENTS } from '../../experiments/index.js';
import {
  METHOD_IDS,
  PAPER_TABLE3,
  SMART_COMMUNITY_CLAIMS,
  SMART_COMMUNITY_PRESETS,
  federatedRounds,
  groupClaim,
  largestChangeClaim,
  flatClaim,
  resolveSmartCommunityExperimentConfig,
  restoreSmartCommunityGreedy,
  makeEnv,
  LEARNER_IDS,
  smartCommunityExperiment,
  spearman,
  table3Markdown,
  type SmartCommunityExperimentConfig,
} from '../../experiments/smart-community/index.js';
import { mergePartials, setPath } from '../../experiments/common/config.js';
import type { Preset } from '../../experiments/types.js';

function resolveRunConfigForTest(p: Preset, value: unknown): SmartCommunityExperimentConfig {
  const partial = mergePartials(p.config, {});
  if (p.sweep !== undefined) setPath(partial, p.sweep.key, value);
  return resolveSmartCommunityExperimentConfig(partial);
}

const SMOKE = resolveSmartCommunityExperimentConfig(SMART_COMMUNITY_PRESETS['smoke']!.config);

function run(c: SmartCommunityExperimentConfig, method: string, seed: number, opts: { stopAfter?: number; resumeFrom?: StateValue; checkpointEvery?: number } = {}): Run {
  return runJobInMemory(smartCommunityExperiment, c, method, seed, opts);
}

describe('smart-community config', () => {
  it('has the spec defaults and is registered', () => {
    const c = resolveSmartCommunityExperimentConfig({});
    expect(c.train).toMatchObject({ epochs: 2000, hidden: [128, 128], lr: 1e-4, gamma: 0.995, batchSize: 256, bufferSize: 100_000, warmupSteps: 1000, rho: 0.1, actorDelay: 2, sigma1: 0.1, sigma2: 0.2, noiseClip: 0.5 });
    expect(c.federated).toMatchObject({ period: 50, fq: 0.3, participants: 2, epsilon: 0.8, greedyPick: 'uniformTopV', proxLambdaMode: 'adaptive', lambdaInitial: 0.01 });
    expect(c.env).toMatchObject({ numCommunities: 3, devicesPerCommunity: 10, energyMetric: 'nominal', harvestPer: 'subSlot', rewardScale: 1 });
    expect(c.eval.episodes).toBe(20);
    expect(federatedRounds(c)).toBe(40);
    expect(federatedRounds(resolveSmartCommunityExperimentConfig(SMART_COMMUNITY_PRESETS['quick']!.config))).toBe(5);
    expect(EXPERIMENTS['smart-community']).toBe(smartCommunityExperiment);
    expect(smartCommunityExperiment.methods.map((m) => m.id)).toEqual([...METHOD_IDS]);
  });

  it('errors name the dotted path and the range', () => {
    expect(() => resolveSmartCommunityExperimentConfig({ train: { gamma: 2 } })).toThrow(/train.gamma must be a finite number in \[0, 1\]/);
    expect(() => resolveSmartCommunityExperimentConfig({ federated: { participants: 4 } })).toThrow(/federated.participants must be an integer in \[1, 3\]/);
    expect(() => resolveSmartCommunityExperimentConfig({ env: { deadlineS: 0 } })).toThrow(/env.deadlineS must be a finite number > 0/);
    expect(() => resolveSmartCommunityExperimentConfig({ train: { gama: 1 } })).toThrow(/unknown config key 'train.gama'/);
  });

  it('every preset resolves (sweeps at each value)', () => {
    for (const [name, p] of Object.entries(SMART_COMMUNITY_PRESETS)) {
      for (const v of p.sweep?.values ?? [undefined]) expect(() => resolveRunConfigForTest(p, v), name).not.toThrow();
    }
  });
});

describe('smart-community jobs (smoke)', () => {
  const results = new Map(METHOD_IDS.map((m) => [m, run(SMOKE, m, 1)]));

  it('every method runs and reports the pooled metrics', () => {
    for (const [m, r] of results) {
      expect(r.result.interrupted).toBe(false);
      for (const k of ['reward', 'successRate', 'energyNominal', 'energyCharged', 'waitS', 'failDeadlineRate', 'failBatteryRate', 'failTimeoutRate', 'meanBeta']) {
        expect(Number.isFinite(r.result.metrics[k]!), `${m} ${k}`).toBe(true);
      }
      const ev = r.rows.filter((x) => x.phase === 'eval');
      expect(ev.length).toBe(2);
      // Pooling (resolution 6): the job's reward is the mean of the epochs' rewards per community;
      // its success rate is Σ successes / Σ decided (epochs weighted by their tasks).
      expect(r.result.metrics['reward']).toBeCloseTo((ev[0]!.values['reward']! + ev[1]!.values['reward']!) / 2, 10);
      const w = ev.map((x) => x.values['tasksPerEpoch']!);
      expect(r.result.metrics['successRate']).toBeCloseTo((w[0]! * ev[0]!.values['successRate']! + w[1]! * ev[1]!.values['successRate']!) / (w[0]! + w[1]!), 12);
    }
  });

  it('federated methods run f_p-periodic rounds with communication; PFR-OA logs a non-zero proximal term beside the TD loss', () => {
    const p = results.get('pfr-oa')!.result.metrics, f = results.get('mcf-td3')!.result.metrics;
    expect(p['fedRounds']).toBe(2); // epochs 0 and 2 of 4
    expect(f['fedRounds']).toBe(2);
    // obs 4·3 + 5 = 17, action 9, hidden [16]: actor 17·16 + 16 + 16·9 + 9 = 441, critic 26·16 + 16 + 16 + 1 = 449;
    // every community uploads actor + 2 critics: 3·(441 + 2·449) = 4017 scalars, and downloads as many.
    expect(p['fedUploadScalarsPerRound']).toBe(4017);
    expect(p['fedDownloadScalarsPerRound']).toBe(4017);
    expect(p['totalSignallingBytes']).toBe(2 * 2 * 4017 * 4);
    expect(p['totalSignallingBytes']).toBeGreaterThan(0);
    expect(p['proxCriticMean']).toBeGreaterThan(0);
    expect(f['proxCriticMean']).toBe(0);
    const train = results.get('pfr-oa')!.rows.filter((x) => x.phase === 'train');
    expect(train.length).toBe(4);
    for (const r of train) for (const k of ['tdLoss', 'proxCritic', 'proxActor', 'proxShare', 'lambdaMean']) expect(k in r.values).toBe(true);
    expect(train[0]!.values['round']).toBe(1);
    expect(train[2]!.values['round']).toBe(2);
    expect(results.get('td3')!.result.metrics['fedRounds']).toBeUndefined();
  });

  it('is deterministic and resumes bit-identically from a checkpoint through a disk round trip', () => {
    for (const m of ['pfr-oa', 'dqn'] as const) {
      const again = run(SMOKE, m, 1, { checkpointEvery: 1 });
      expect(again.rows).toEqual(results.get(m)!.rows);
      expect(again.result.metrics).toEqual(results.get(m)!.result.metrics);
      const cut = run(SMOKE, m, 1, { stopAfter: 2, checkpointEvery: 1 });
      expect(cut.result.interrupted).toBe(true);
      const resumed = run(SMOKE, m, 1, { resumeFrom: throughDisk(cut.saved[cut.saved.length - 1]!.state) });
      expect(resumed.result.metrics).toEqual(again.result.metrics);
      expect(resumed.rows).toEqual(again.rows.filter((r) => r.phase === 'eval' || r.episode >= 2));
    }
  });

  it('round semantics: MCF-TD3 replaces every model by the average, PFR-OA soft-updates (f_q = 0.3); fixed λ', () => {
    // One epoch, no gradient step (warm-up longer than the epoch): the models are exactly those after round 0.
    const c = resolveSmartCommunityExperimentConfig({ ...SMART_COMMUNITY_PRESETS['smoke']!.config, train: { epochs: 1, hidden: [16], batchSize: 8, bufferSize: 500, warmupSteps: 1000 }, federated: { period: 1, proxLambdaMode: 'fixed', lambdaFixed: 0.5 } });
    const actors = (m: string): Float64Array[] => ((run(c, m, 1).result.policy as unknown as { learners: { agent: { actor: Float64Array } }[] }).learners.map((l) => l.agent.actor));
    const [f0, f1, f2] = actors('mcf-td3'), [t0, t1, t2] = actors('td3'), [p0, p1] = actors('pfr-oa');
    expect(Array.from(f1!)).toEqual(Array.from(f0!));
    expect(Array.from(f2!)).toEqual(Array.from(f0!));
    for (let k = 0; k < f0!.length; k += 97) expect(f0![k]).toBeCloseTo((t0![k]! + t1![k]! + t2![k]!) / 3, 12); // plain average of the untrained models
    expect(Array.from(p1!)).not.toEqual(Array.from(p0!));
    // PFR-OA: θ_i ← 0.3·θ_f + 0.7·θ_i with θ_f the average of the V = 2 selected models.
    const sel = [t0!, t1!, t2!];
    const candidates = [[0, 1], [0, 2], [1, 2]].map(([a, b]) => sel[a]!.map((x, k) => (x + sel[b]![k]!) / 2));
    const k = 5;
    expect(candidates.some((avg) => Math.abs(p0![k]! - (0.3 * avg[k]! + 0.7 * t0![k]!)) < 1e-12)).toBe(true);
    const rows = run(c, 'pfr-oa', 1).rows.filter((r) => r.phase === 'train');
    expect(rows[0]!.values['lambdaMean']).toBe(0.5);
  });

  it('evaluates every method on the same epochs (the baselines see the same tasks)', () => {
    const tasks = (m: (typeof METHOD_IDS)[number]): number[] => results.get(m)!.rows.filter((r) => r.phase === 'eval').map((r) => r.values['tasksPerEpoch']!);
    expect(tasks('greedy')).toEqual(tasks('local'));
    expect(tasks('edge')).toEqual(tasks('local'));
  });

  it('writes a portable policy whose act is each community learner\'s deterministic action bit for bit', () => {
    for (const m of LEARNER_IDS) {
      const r = results.get(m)!;
      const p = loadPolicy(r.result.portablePolicy!);
      const greedy = restoreSmartCommunityGreedy(SMOKE, m, 1, r.result.policy);
      const env = makeEnv(SMOKE, 1);
      expect(p.actorIds).toEqual(env.possibleAgents);
      expect(p.metadata['method']).toBe(m);
      let obs = env.reset({ seed: 7 }).obs;
      for (let t = 0; t < 3; t++) {
        env.possibleAgents.forEach((a, i) => {
          const want = Array.from(greedy(i, obs[a]!)), got = Array.from(p.act(obs[a]!, a));
          expect(got, `${m} ${a} step ${t}`).toEqual(want);
          if (m !== 'dqn') expect(got.every((v) => v >= -1 && v <= 1)).toBe(true);
        });
        obs = env.step(agentRecord(env.possibleAgents, (_, i) => new Float64Array(env.dims.actDim).fill(((t + i) % 3) * 0.5 - 0.5))).obs;
      }
    }
    for (const m of ['greedy', 'edge', 'local'] as const) expect(results.get(m)!.result.portablePolicy).toBeUndefined();
  });

  it('re-evaluates a saved policy to the same metrics', () => {
    const r = results.get('pfr-oa')!;
    const m = smartCommunityExperiment.evaluatePolicy!(SMOKE, 'pfr-oa', 1, r.result.policy, 2, () => undefined);
    for (const k of ['reward', 'successRate', 'energyNominal', 'waitS']) expect(m[k]).toBe(r.result.metrics[k]);
  });
});

describe('smart-community claims and Table III', () => {
  it('a group claim compares with the per-seed extreme of the others', () => {
    const c = groupClaim('x', 'x', 'reward', ['a'], ['b', 'c'], 'greater');
    expect(c.judge({ a: { reward: [5, 6, 7] }, b: { reward: [1, 2, 3] }, c: { reward: [4, 5, 6] } }, [1, 2, 3]).holds).toBe(true); // a − max(b, c) = 1, 1, 1
    expect(c.judge({ a: { reward: [5, 6, 7] }, b: { reward: [1, 2, 3] }, c: { reward: [8, 9, 10] } }, [1, 2, 3]).holds).toBe(false);
    expect(c.judge({ a: { reward: [5, 6, 7] }, b: { reward: [1, 2, 3] } }, [1, 2, 3]).holds).toBeNull();
    expect(SMART_COMMUNITY_CLAIMS.map((x) => x.id)).toContain('1a-pfroa-gt-mcftd3');
  });

  it('sweep claims: largest change and flat', () => {
    const pt = (value: number, edge: number[], local: number[]) => ({ value, perSeed: { edge: { successRate: edge }, local: { successRate: local } } });
    // Δedge = 0.4, 0.5, 0.45; Δlocal = 0, 0.005, −0.005 ⇒ edge gains most; local flat within ±0.01.
    const pts = [pt(5e6, [0.2, 0.2, 0.25], [0.8, 0.8, 0.805]), pt(2.5e7, [0.6, 0.7, 0.7], [0.8, 0.805, 0.8])];
    expect(largestChangeClaim('a', 'a', 'successRate', 'edge', ['edge', 'local']).judgeSweep(pts, [1, 2, 3]).holds).toBe(true);
    expect(largestChangeClaim('a', 'a', 'successRate', 'local', ['edge', 'local']).judgeSweep(pts, [1, 2, 3]).holds).toBe(false);
    expect(flatClaim('b', 'b', 'successRate', 'local', 0.05).judgeSweep(pts, [1, 2, 3]).holds).toBe(true);
    expect(flatClaim('b', 'b', 'successRate', 'edge', 0.05).judgeSweep(pts, [1, 2, 3]).holds).toBe(false);
  });

  it('Spearman', () => {
    expect(spearman([1, 2, 3], [10, 20, 30])).toBe(1);
    expect(spearman([1, 2, 3], [30, 20, 10])).toBe(-1);
  });

  it('Table III: the paper numbers are data; orderings and flipped pairs are computed from results', () => {
    expect(PAPER_TABLE3['15000000']!['edge']).toEqual([-1946.38, 0.27, 58.36, 1.07]);
    const methods: Record<string, Record<string, { mean: number; ci95: [number, number] }>> = {};
    for (const [m, row] of Object.entries(PAPER_TABLE3['5000000']!)) {
      methods[m] = { reward: { mean: row[0], ci95: [row[0], row[0]] }, successRate: { mean: row[1], ci95: [row[1], row[1]] }, energyNominal: { mean: row[2], ci95: [row[2], row[2]] }, energyCharged: { mean: 0, ci95: [0, 0] }, waitS: { mean: row[3], ci95: [row[3], row[3]] } };
    }
    // Swap Greedy and Local rewards: one flipped pair in the reward column.
    methods['greedy']!['reward']!.mean = -1535.33;
    methods['local']!['reward']!.mean = -940.16;
    const md = table3Markdown([{ bandwidthHz: 5e6, methods }]);
    expect(md).toContain('| Task success rate | 1 | none |');
    expect(md).toContain('1: greedy/local');
    // The table3 preset generates the same table as a section of its sweep report.
    const section = SMART_COMMUNITY_PRESETS['table3']!.sweep!.section!;
    const viaPreset = section([{ value: 5e6, methods: methods as never }]);
    expect(viaPreset).toContain('1: greedy/local');
    expect(viaPreset).toContain('PFR-OA');
  });
});
