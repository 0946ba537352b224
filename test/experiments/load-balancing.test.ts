// The load-balancing experiment (paper 2) on its `smoke` preset: config validation, every method end
// to end, determinism, checkpoint/resume bit-identity, identical evaluation episodes across methods,
// the centralised DQN's views, input scaling, the metric helpers and the claim rules.

import { describe, expect, it } from 'vitest';
import { EXPERIMENTS } from '../../experiments/index.js';
import {
  centralizedKind,
  LOAD_BALANCING_CLAIMS,
  LOAD_BALANCING_N_SWEEP_CLAIMS,
  LOAD_BALANCING_OMEGA2_SWEEP_CLAIMS,
  LOAD_BALANCING_PRESETS,
  loadBalancingExperiment,
  makeEnv,
  METHOD_IDS,
  resolveLoadBalancingExperimentConfig,
  restoreLoadBalancingLearner,
  runEvaluation,
  scaleObs,
  TrainView,
  type LoadBalancingExperimentConfig,
} from '../../experiments/load-balancing/index.js';
import type { JobContext, PerSeedMetrics } from '../../experiments/types.js';
import { leastLoadedActions } from '../../lib/env/load-balancing/index.js';
import { loadPolicy } from '../../lib/rl/index.js';
import { deriveStream } from '../../lib/random/index.js';
import { runJobInMemory, throughDisk, type Run } from './jobHelpers.js';

const SMOKE = resolveLoadBalancingExperimentConfig(LOAD_BALANCING_PRESETS['smoke']!.config);

/**
 * The job's portable policy acts exactly as the trained learner's greedy policy (restored from the
 * job's saved weights) on the observations of a few evaluation steps (random actions drive the env).
 */
function expectPortableMatchesGreedy(c: LoadBalancingExperimentConfig, method: 'dtomalb' | 'dtoma' | 'dqn-tolb' | 'idql-tolb', r: Run): void {
  const p = loadPolicy(r.result.portablePolicy!);
  expect(p.metadata['method']).toBe(method);
  const { learner, view: kind } = restoreLoadBalancingLearner(c, method, 1, r.result.policy);
  const view = new TrainView(makeEnv(c, 9), c, kind);
  expect(p.actorIds).toEqual(view.possibleAgents);
  const u = learner.actionDims.map((d) => new Float64Array(d));
  let obs = view.reset({ seed: 4 }).obs;
  for (let t = 0; t < 4; t++) {
    const o = view.possibleAgents.map((a) => obs[a]!);
    learner.select(o, 'greedy', 0, u);
    view.possibleAgents.forEach((a, i) => {
      const greedy = learner.toEnv(i, u[i]!) as number | Int32Array;
      expect(Array.from(p.act(o[i]!, a)), `${method} ${a} step ${t}`).toEqual(typeof greedy === 'number' ? [greedy] : Array.from(greedy));
    });
    obs = view.step(Object.fromEntries(view.possibleAgents.map((a, i) => [a, view.actionSpace(a).sample(deriveStream(t, i))]))).obs;
  }
}

const run = (c: LoadBalancingExperimentConfig, method: string, seed: number, opts: Parameters<typeof runJobInMemory>[4] = {}): Run => runJobInMemory(loadBalancingExperiment, c, method, seed, opts);

describe('load-balancing config', () => {
  it('has the spec defaults (§4.1, §4.2) and is registered', () => {
    const c = resolveLoadBalancingExperimentConfig({});
    expect(c.env).toMatchObject({ numUsers: 10, numServers: 5, stepDurationS: 0.2, omega1: 1, omega2: 1, queueModel: 'paper', obsMode: 'paper', bandwidthSplit: 'offloading', episodeLength: 50 });
    expect(c.train).toMatchObject({ episodes: 2000, batchSize: 256, bufferSize: 100_000, warmupSteps: 1000, gamma: 0.95, tau: 0.01, actorLr: 1e-3, criticLr: 1e-3, hidden: [64, 64], gumbelTemperature: 1, maxGradNorm: 0.5, targetAction: 'argmax' });
    expect(c.dqn).toMatchObject({ lr: 1e-3, epsilonStart: 1, epsilonEnd: 0.05, epsilonFraction: 0.5, targetSync: 500, centralized: 'branching' });
    expect(c.inputs).toEqual({ loadScaleS: 1, loadClip: null, gainOffset: 11, gainScale: 2 });
    expect(EXPERIMENTS['load-balancing']).toBe(loadBalancingExperiment);
    expect(loadBalancingExperiment.methods.map((m) => m.id)).toEqual([...METHOD_IDS]);
  });

  it('every preset (and every sweep value) resolves; quick is N = 6, M = 3, 100 episodes, batch 32, seeds 1–5', () => {
    for (const [name, p] of Object.entries(LOAD_BALANCING_PRESETS)) {
      const values = p.sweep?.values ?? [undefined];
      for (const v of values) {
        const partial = JSON.parse(JSON.stringify(p.config)) as Record<string, Record<string, unknown>>;
        if (p.sweep !== undefined) {
          const [head, key] = p.sweep.key.split('.') as [string, string];
          partial[head] = { ...(partial[head] ?? {}), [key]: v };
        }
        expect(() => resolveLoadBalancingExperimentConfig(partial), `${name} ${String(v)}`).not.toThrow();
      }
    }
    const q = resolveLoadBalancingExperimentConfig(LOAD_BALANCING_PRESETS['quick']!.config);
    expect([q.env.numUsers, q.env.numServers, q.train.episodes, q.train.batchSize, q.train.warmupSteps]).toEqual([6, 3, 100, 32, 500]);
    expect(LOAD_BALANCING_PRESETS['quick']!.seeds).toEqual([1, 2, 3, 4, 5]);
    expect(centralizedKind(resolveLoadBalancingExperimentConfig(LOAD_BALANCING_PRESETS['joint-dqn']!.config))).toBe('joint');
  });

  it('rejects bad values naming the path; joint only where (M+1)^N <= 4096', () => {
    expect(() => resolveLoadBalancingExperimentConfig({ train: { gamma: 2 } })).toThrow(/train.gamma must be a finite number in \[0, 1\], got 2/);
    expect(() => resolveLoadBalancingExperimentConfig({ env: { stepDurationS: -1 } })).toThrow(/env.stepDurationS/);
    expect(() => resolveLoadBalancingExperimentConfig({ dqn: { centralized: 'joint' } })).toThrow(/dqn.centralized must be 'branching' or 'auto' for \(M \+ 1\)\^N = 6\^10/);
    expect(centralizedKind(resolveLoadBalancingExperimentConfig({ env: { numUsers: 4 }, dqn: { centralized: 'auto' } }))).toBe('joint'); // 6^4 = 1296
    expect(centralizedKind(resolveLoadBalancingExperimentConfig({ env: { numUsers: 6 }, dqn: { centralized: 'auto' } }))).toBe('branching'); // 46 656
    expect(() => resolveLoadBalancingExperimentConfig({ trian: {} })).toThrow(/unknown config key 'trian'/);
  });
});

describe('views and inputs', () => {
  it('scales χ by loadScaleS (clip only when set) and log10 g to (x + 11)/2', () => {
    const c = resolveLoadBalancingExperimentConfig({ env: { numServers: 2, obsMode: 'extended' }, inputs: { loadScaleS: 2 } });
    // [χ1, χ2, L, C, f, log10 g] = [30, 1, 0.8, 0.9, 0.7, −12] ⇒ [15, 0.5, 0.8, 0.9, 0.7, (−12 + 11)/2 = −0.5]
    expect(Array.from(scaleObs(c, Float64Array.from([30, 1, 0.8, 0.9, 0.7, -12])))).toEqual([15, 0.5, 0.8, 0.9, 0.7, -0.5]);
    const clipped = resolveLoadBalancingExperimentConfig({ env: { numServers: 2 }, inputs: { loadClip: 10 } });
    expect(Array.from(scaleObs(clipped, Float64Array.from([30, 1])))).toEqual([10, 1]);
  });

  it('the joint view decodes a_n = ⌊k/(M+1)^n⌋ mod (M+1); the branching view passes the heads', () => {
    const c = resolveLoadBalancingExperimentConfig({ env: { numUsers: 3, numServers: 2 } });
    const joint = new TrainView(makeEnv(c, 1), c, { central: 'joint' });
    // k = 2 + 0·3 + 1·9 = 11 ⇒ [2, 0, 1]
    expect(joint.userActions({ central: 11 })).toEqual([2, 0, 1]);
    expect(() => joint.userActions({ central: 27 })).toThrow(/integer in \[0, 27\)/);
    const branching = new TrainView(makeEnv(c, 1), c, { central: 'branching' });
    expect(branching.userActions({ central: Int32Array.from([1, 2, 0]) })).toEqual([1, 2, 0]);
    branching.reset({ seed: 4 });
    const r = branching.step({ central: Int32Array.from([1, 2, 0]) });
    const sys = branching.inner.lastStepMetrics!;
    expect(r.rewards['central']).toBe(sys.meanReward);
    expect(sys.actions).toEqual([1, 2, 0]);
  });
});

describe('load-balancing jobs (smoke)', () => {
  const runs = new Map<string, Run>();
  for (const m of METHOD_IDS) runs.set(m, run(SMOKE, m, 1));

  it('every method finishes with finite claim metrics and is deterministic', () => {
    for (const m of METHOD_IDS) {
      const r = runs.get(m)!;
      expect(r.result.interrupted).toBe(false);
      for (const k of ['utility', 'utilityCapped10', 'delay.mean', 'delay.median', 'delayCapped10.mean', 'loadVariance', 'loadSpread', 'shareSlopePerGHz', 'load.1', 'share.0']) {
        expect(Number.isFinite(r.result.metrics[k]), `${m} ${k}`).toBe(true);
      }
      expect(r.rows.filter((x) => x.phase === 'eval')).toHaveLength(2);
    }
    for (const m of ['dtomalb', 'dqn-tolb', 'idql-tolb']) {
      const r = runs.get(m)!;
      expect(r.rows.filter((x) => x.phase === 'train')).toHaveLength(4);
      expect(r.result.metrics['trainSteps']).toBe(40);
      expect(run(SMOKE, m, 1).result).toEqual(r.result);
    }
    // DTOMA trains on ω2 = 0: the same seeds, different rewards ⇒ different actor weights
    expect(runs.get('dtoma')!.result.policy).not.toEqual(runs.get('dtomalb')!.result.policy);
    // least-loaded never computes locally
    expect(runs.get('least-loaded')!.result.metrics['share.0']).toBe(0);
  });

  it('every method faces the same evaluation tasks', () => {
    const seen = (m: string): number[] => {
      const out: number[] = [];
      const policy = m === 'least-loaded'
        ? { kind: 'direct' as const, decide: (env: ReturnType<typeof makeEnv>) => leastLoadedActions(env.backlogCycles, env.serverCpuHz, env.currentTaskCycles) }
        : { kind: 'direct' as const, decide: (env: ReturnType<typeof makeEnv>) => env.possibleAgents.map(() => 0) };
      runEvaluation(SMOKE, 3, policy, 2, (env) => out.push(...env.currentTaskCycles, ...env.currentGains));
      return out;
    };
    expect(seen('least-loaded')).toEqual(seen('local'));
  });

  it('re-evaluates a saved policy to the same metrics; refuses a foreign one', () => {
    for (const m of ['dtomalb', 'dqn-tolb', 'idql-tolb']) {
      const r = runs.get(m)!;
      const again = loadBalancingExperiment.evaluatePolicy!(SMOKE, m, 1, r.result.policy, 2, () => undefined);
      expect(again['utilityCapped10']).toBe(r.result.metrics['utilityCapped10']);
    }
    expect(() => loadBalancingExperiment.evaluatePolicy!(SMOKE, 'dtoma', 1, runs.get('dtomalb')!.result.policy, 1, () => undefined)).toThrow(/trained by 'dtomalb'/);
    expect(() => loadBalancingExperiment.runJob(SMOKE, 'maddpg', 1, {} as JobContext)).toThrow(/unknown method 'maddpg'/);
  });

  it('writes a portable policy whose act is the learner\'s greedy action bit for bit (argmax of Gumbel logits / Q-values)', () => {
    for (const m of ['dtomalb', 'dtoma', 'dqn-tolb', 'idql-tolb'] as const) expectPortableMatchesGreedy(SMOKE, m, runs.get(m)!);
    for (const m of ['random', 'least-loaded']) expect(runs.get(m)!.result.portablePolicy).toBeUndefined();
  });

  it('runs the sensitivity variants: extended observations, event queue, joint DQN', () => {
    const smoke = LOAD_BALANCING_PRESETS['smoke']!.config as { env: Record<string, unknown> };
    const variants = [
      { env: { ...smoke.env, obsMode: 'extended' } },
      { env: { ...smoke.env, queueModel: 'event' } },
      { dqn: { targetSync: 5, centralized: 'joint' } }, // 3^3 = 27 joint actions
    ];
    for (const v of variants) {
      const c = resolveLoadBalancingExperimentConfig({ ...smoke, ...v });
      for (const m of ['dtomalb', 'dqn-tolb', 'idql-tolb']) {
        const r = run(c, m, 1);
        expect(Number.isFinite(r.result.metrics['utilityCapped10']), `${JSON.stringify(v)} ${m}`).toBe(true);
        if (m === 'dqn-tolb') expectPortableMatchesGreedy(c, m, r); // branching heads, and the joint index
      }
    }
  });

  it('resumes from a checkpoint bit-identically', () => {
    const c = resolveLoadBalancingExperimentConfig({ ...LOAD_BALANCING_PRESETS['smoke']!.config, train: { episodes: 5, batchSize: 8, bufferSize: 200, warmupSteps: 10, hidden: [16] } });
    for (const m of ['dtomalb', 'dqn-tolb', 'idql-tolb']) {
      const full = run(c, m, 2, { checkpointEvery: 2 });
      const cut = run(c, m, 2, { stopAfter: 3, checkpointEvery: 2 });
      expect(cut.result.interrupted).toBe(true);
      const resumed = run(c, m, 2, { resumeFrom: throughDisk(cut.saved[cut.saved.length - 1]!.state), checkpointEvery: 2 });
      expect(resumed.result.metrics).toEqual(full.result.metrics);
      expect(resumed.result.policy).toEqual(full.result.policy);
      expect(resumed.rows).toEqual(full.rows.filter((r) => r.phase === 'eval' || r.episode >= 3));
    }
  });
});

describe('claims', () => {
  const metrics = (values: Record<string, Record<string, number[]>>): PerSeedMetrics => values;
  const claim = (id: string) => LOAD_BALANCING_CLAIMS.find((c) => c.id === id)!;
  const conv = 'convergenceEpisode.utilityCapped10';

  it('ids and rules', () => {
    expect(LOAD_BALANCING_CLAIMS.map((c) => [c.id, c.rule])).toEqual([
      ['1a-dtomalb-gt-dqn', 'difference'], ['1b-dtomalb-gt-idql', 'difference'], ['1c-dtomalb-converges-fastest', 'convergence'],
      ['1d-idql-least-stable', 'difference'], ['1e-idql-lowest', 'difference'], ['2-lb-beats-no-lb', 'difference'],
      ['2b-lb-converges-faster', 'convergence'], ['4a-loads-equal', 'equivalence'], ['4b-faster-servers-more-tasks', 'bound'], ['5-dtomalb-gt-random', 'difference'],
    ]);
    expect(claim('4a-loads-equal').margin).toBe(0.1);
    expect(LOAD_BALANCING_N_SWEEP_CLAIMS.map((c) => [c.id, c.rule])).toEqual([['3a-utility-falls-with-n', 'trend'], ['3b-dtomalb-highest-each-n', 'difference']]);
    expect(LOAD_BALANCING_PRESETS['n-sweep']!.sweep!.claims).toBe(LOAD_BALANCING_N_SWEEP_CLAIMS);
    expect(LOAD_BALANCING_PRESETS['n-sweep-paper']!.sweep!.claims).toBe(LOAD_BALANCING_N_SWEEP_CLAIMS);
    expect(LOAD_BALANCING_PRESETS['omega2-sweep']!.sweep!.claims).toBe(LOAD_BALANCING_OMEGA2_SWEEP_CLAIMS);
    // r1: loadVariance against log10(1 + ω2): ω2 = 0, 9, 99 ⇒ x = 0, 1, 2; var 0.01, 0.008, 0.006 per seed ⇒ slope −0.002 ⇒ holds
    const pts = [0, 9, 99].map((w, i) => ({ value: w, perSeed: { dtomalb: { loadVariance: [0.01 - 0.002 * i, 0.011 - 0.002 * i, 0.009 - 0.002 * i] } } }));
    expect(LOAD_BALANCING_OMEGA2_SWEEP_CLAIMS[0]!.judgeSweep(pts, [1, 2, 3]).holds).toBe(true);
  });

  it('comparisons: holds, fails, undecided; all-of needs every part', () => {
    const m = metrics({ dtomalb: { utilityCapped10: [-10, -11, -10.5], [conv]: [5, 6, 5] }, 'dqn-tolb': { utilityCapped10: [-12, -13, -12.4], [conv]: [9, 8, 10] }, 'idql-tolb': { utilityCapped10: [-9, -10, -9.4], [conv]: [3, 9, 20] } });
    expect(claim('1a-dtomalb-gt-dqn').judge(m, [1, 2, 3]).holds).toBe(true);
    expect(claim('1b-dtomalb-gt-idql').judge(m, [1, 2, 3]).holds).toBe(false);
    expect(claim('1c-dtomalb-converges-fastest').judge(m, [1, 2, 3]).holds).toBe(null); // faster than dqn, undecided vs idql
    expect(claim('2-lb-beats-no-lb').judge(m, [1, 2, 3]).holds).toBe(null); // dtoma not run
  });

  it('4a equivalence within ±0.1 s; 4b slope above 0', () => {
    const m = metrics({ dtomalb: { loadSpread: [0.02, 0.03, 0.025], shareSlopePerGHz: [1, 1.2, 0.9] } });
    expect(claim('4a-loads-equal').judge(m, [1, 2, 3]).holds).toBe(true);
    expect(claim('4b-faster-servers-more-tasks').judge(m, [1, 2, 3]).holds).toBe(true);
    const bad = metrics({ dtomalb: { loadSpread: [0.5, 0.6, 0.55], shareSlopePerGHz: [-1, -1.2, -0.9] } });
    expect(claim('4a-loads-equal').judge(bad, [1, 2, 3]).holds).toBe(false);
    expect(claim('4b-faster-servers-more-tasks').judge(bad, [1, 2, 3]).holds).toBe(false);
  });

  it('sweep claims: 3a per-seed slopes against N below 0 for every learner run; 3b 1a and 1b at every N', () => {
    const at = (n: number): { value: number; perSeed: PerSeedMetrics } => ({
      value: n,
      perSeed: { dtomalb: { utilityCapped10: [-n, -n - 0.5, -n + 0.3] }, 'dqn-tolb': { utilityCapped10: [-2 * n, -2 * n - 1, -2 * n + 0.2] }, 'idql-tolb': { utilityCapped10: [-3 * n, -3 * n, -3 * n - 1] } },
    });
    const points = [at(4), at(6), at(8)];
    const [c3a, c3b] = LOAD_BALANCING_N_SWEEP_CLAIMS;
    // per seed: dtomalb slope −1, dqn −2, idql −3 (exact lines) ⇒ every CI below 0; dtoma not run (its part undecided)
    expect(c3a!.judgeSweep(points, [1, 2, 3]).holds).toBe(null);
    const withDtoma = points.map((p) => ({ ...p, perSeed: { ...p.perSeed, dtoma: { utilityCapped10: [-(p.value as number), -(p.value as number) - 1, -(p.value as number) - 2] } } }));
    expect(c3a!.judgeSweep(withDtoma, [1, 2, 3]).holds).toBe(true);
    expect(c3b!.judgeSweep(points, [1, 2, 3]).holds).toBe(true);
    const worse = [{ value: 4, perSeed: { ...points[0]!.perSeed, 'idql-tolb': { utilityCapped10: [1, 1, 2] } } }, points[1]!, points[2]!];
    expect(c3b!.judgeSweep(worse, [1, 2, 3]).holds).toBe(false);
  });
});
