// Paper 4's experiment: config defaults and errors, the smoke preset end to end for every method,
// determinism, checkpoint/resume bit-identity, 100 hand-stepped Q updates of one agent against
// lib/rl to 1e−12, the saved policy (evaluate + print), and the claim judges on constructed data.

import { describe, expect, it } from 'vitest';
import { EXPERIMENTS } from '../../experiments/index.js';
import {
  buildLearners,
  evaluateIotPolicy,
  IOT_CLAIMS,
  IOT_SWEEP_CLAIMS_EPS,
  IOT_SWEEP_CLAIMS_FIG5,
  IOT_SWEEP_CLAIMS_FIG7,
  IOT_PRESETS,
  makeEnv,
  printIotPolicy,
  resolveIotExperimentConfig,
  type IotExperimentConfig,
} from '../../experiments/iot-multi-rat/index.js';
import type { MetricRow, PerSeedMetrics } from '../../experiments/types.js';
import { exploreRngs } from '../../lib/rl/index.js';
import { runJobInMemory, throughDisk, type Run } from './jobHelpers.js';

const SMOKE = resolveIotExperimentConfig(IOT_PRESETS['smoke']!.config);

function run(c: IotExperimentConfig, method: string, seed: number, opts: Parameters<typeof runJobInMemory>[4] = {}): Run {
  return runJobInMemory(EXPERIMENTS['iot-multi-rat']!, c, method, seed, opts);
}

describe('iot-multi-rat config', () => {
  it('has the paper values and the [R] resolutions as defaults', () => {
    const c = resolveIotExperimentConfig({});
    expect(c.env).toMatchObject({ numUsers: 30, loraSubchannels: 10, wifiSubchannels: 13, energyOrder: 'swapped', waitingCost: 10, failurePenalty: 100, delayCap: 100, wAllCounts: 'received', beta: 5 });
    expect(c.train).toEqual({ iterations: 10_000, epsilon: 0.2, gamma: 0.9, alphaInitial: 0.9, alphaFinal: 0.001, alphaFirstUpdate: 'initial', tieBreak: 'random', windowSlots: 100 });
    expect(c.centralized).toEqual({ waitingAware: true, estimationCost: 0 });
    expect(c.eval.slots).toBe(1000);
  });

  it('errors name the dotted path and range', () => {
    expect(() => resolveIotExperimentConfig({ train: { epsilon: 2 } })).toThrow('train.epsilon must be a finite number in [0, 1], got 2');
    expect(() => resolveIotExperimentConfig({ env: { failurePenalty: -1 } })).toThrow('env.failurePenalty must be a finite number >= 0, got -1');
    expect(() => resolveIotExperimentConfig({ env: { numUser: 3 } })).toThrow("unknown config key 'env.numUser'");
    expect(() => resolveIotExperimentConfig({ centralized: { estimationCost: -1 } })).toThrow('centralized.estimationCost must be a finite number >= 0, got -1');
    expect(() => resolveIotExperimentConfig({ train: { tieBreak: 'first' } })).toThrow("train.tieBreak must be one of 'random', 'lowest'");
  });

  it('every preset resolves', () => {
    for (const [name, p] of Object.entries(IOT_PRESETS)) expect(() => resolveIotExperimentConfig(p.config), name).not.toThrow();
  });
});

describe('smoke preset, every method', () => {
  it.each(['ma-q', 'centralized', 'random'])('%s runs, is deterministic, and reports finite metrics', (method) => {
    const a = run(SMOKE, method, 1), b = run(SMOKE, method, 1);
    expect(a.result.metrics).toEqual(b.result.metrics);
    for (const k of ['costPerUser', 'costU1', 'localUsers', 'loraUsers', 'wifiUsers', 'collisions', 'overCapacityFraction', 'loraLevel.0', 'wifiLevel.0']) {
      expect(Number.isFinite(a.result.metrics[k]), k).toBe(true);
    }
    const m = a.result.metrics;
    expect(m['localUsers']! + m['loraUsers']! + m['wifiUsers']!).toBeCloseTo(4, 12);
    expect(a.rows.filter((r) => r.phase === 'eval')).toHaveLength(2); // 100 slots in 50-slot blocks
    if (method === 'ma-q') {
      expect(a.rows.filter((r) => r.phase === 'train')).toHaveLength(6); // 300 iterations / 50
      expect(Number.isFinite(m['trainCostU1Tail'])).toBe(true);
    }
  });

  it('centralized.estimationCost is charged to every user per slot', () => {
    const base = run(SMOKE, 'centralized', 2).result.metrics;
    const taxed = run(resolveIotExperimentConfig({ ...IOT_PRESETS['smoke']!.config, centralized: { estimationCost: 3 } }), 'centralized', 2).result.metrics;
    expect(taxed['costPerUser']! - base['costPerUser']!).toBeCloseTo(3, 9);
    expect(taxed['localUsers']).toBe(base['localUsers']);
  });

  it('checkpoint/resume is bit-identical to an uninterrupted run', () => {
    const full = run(SMOKE, 'ma-q', 3);
    const cut = run(SMOKE, 'ma-q', 3, { stopAfter: 2, checkpointEvery: 1 });
    expect(cut.result.interrupted).toBe(true);
    const last = cut.saved[cut.saved.length - 1]!;
    expect(last.episode).toBe(2);
    const resumed = run(SMOKE, 'ma-q', 3, { resumeFrom: throughDisk(last.state) });
    expect(resumed.result.metrics).toEqual(full.result.metrics);
    expect(resumed.result.policy).toEqual(full.result.policy);
    const trainRows = (r: Run): MetricRow[] => r.rows.filter((x) => x.phase === 'train');
    expect([...trainRows(cut), ...trainRows(resumed)]).toEqual(trainRows(full));
  });

  it('the saved policy re-evaluates to the job metrics and prints as state bits → action', () => {
    const r = run(SMOKE, 'ma-q', 1);
    const again = evaluateIotPolicy(SMOKE, 'ma-q', 1, r.result.policy, 2, () => {});
    expect(again).toEqual(Object.fromEntries(Object.entries(r.result.metrics).filter(([k]) => !k.startsWith('train'))));
    const text = printIotPolicy(SMOKE, 'ma-q', 1, r.result.policy);
    expect(text).toContain('user\t000\t001\t010\t011\t100\t101\t110\t111');
    expect(text.split('\n').filter((l) => l.startsWith('u'))).toHaveLength(5); // header + 4 users
    expect(() => evaluateIotPolicy(SMOKE, 'ma-q', 1, { method: 'ma-q', numActions: 1, tables: [] } as never, 1, () => {})).toThrow('4 Q-tables');
  });
});

describe('MA-Q arithmetic: 100 hand-stepped updates of one agent against lib/rl (1e−12)', () => {
  it('replays user 0 of a 3-user run with the textbook update and the recursion α_k = α_{k−1}·r', () => {
    const c = resolveIotExperimentConfig({ env: { numUsers: 3 }, train: { iterations: 100, epsilon: 0.5 } });
    const env = makeEnv(c, 9, 100);
    const learners = buildLearners(c, env);
    const rngs = exploreRngs(9, 3);
    let states = Int32Array.from(Object.values(env.reset({ seed: 9 }).obs) as number[]);
    const A = env.dims.numActions, gamma = 0.9;
    const hand = new Float64Array(8 * A); // Q of user 0, zero-initialised
    const r = Math.pow(0.001 / 0.9, 1 / 100);
    let alpha = 0.9;
    let worst = 0;
    for (let k = 0; k < 100; k++) {
      const acts = learners.map((q, i) => q.act(states[i]!, rngs[i]!, 'explore'));
      env.stepArray(acts);
      const s = env.lastSlot!;
      learners.forEach((q, i) => q.update(states[i]!, acts[i]!, -s.cost[i]!, s.nextState[i]!, false));
      // by hand: Q(s,a) ← Q(s,a) + α_k·(−C + λ·max_a' Q(s',a') − Q(s,a))
      const s0 = states[0]!, a0 = acts[0]!, s1 = s.nextState[0]!;
      let best = -Infinity;
      for (let a = 0; a < A; a++) best = Math.max(best, hand[s1 * A + a]!);
      const idx = s0 * A + a0;
      hand[idx] = hand[idx]! + alpha * (-s.cost[0]! + gamma * best - hand[idx]!);
      alpha *= r;
      for (let j = 0; j < hand.length; j++) {
        const ref = hand[j]!, got = learners[0]!.q[j]!;
        worst = Math.max(worst, Math.abs(got - ref) / Math.max(1, Math.abs(ref)));
      }
      states = s.nextState.slice();
    }
    expect(worst).toBeLessThan(1e-12);
    expect(hand.some((x) => x !== 0)).toBe(true);
  });

  it("alphaFirstUpdate 'decayed' shifts the schedule by one: the first window's α is α_ini·r^{50} instead of α_ini·r^{49}", () => {
    const rows = (first: 'initial' | 'decayed') => run(resolveIotExperimentConfig({ ...IOT_PRESETS['smoke']!.config, train: { iterations: 300, windowSlots: 50, alphaFirstUpdate: first } }), 'ma-q', 1).rows.filter((x) => x.phase === 'train');
    const r = Math.pow(0.001 / 0.9, 1 / 300);
    const init = rows('initial'), dec = rows('decayed');
    expect(init[0]!.values['alpha']! / (0.9 * r ** 49)).toBeCloseTo(1, 12);
    expect(dec[0]!.values['alpha']! / (0.9 * r ** 50)).toBeCloseTo(1, 12);
    expect(dec[5]!.values['alpha']).toBe(0.001); // the last update uses exactly α_end
    expect(init[5]!.values['costU1']).not.toBe(dec[5]!.values['costU1']);
  });
});

describe('claims on constructed data', () => {
  const judge = (id: string, m: PerSeedMetrics) => IOT_CLAIMS.find((c) => c.id === id)!.judge(m, [1, 2, 3, 4, 5]);
  it('equivalence: 3a holds inside ±3 of 20, fails outside, undecided across the edge', () => {
    expect(judge('3a-offloaders-20', { 'ma-q': { offloaders: [19.5, 20.2, 20.1, 19.8, 20.4] } }).holds).toBe(true);
    expect(judge('3a-offloaders-20', { 'ma-q': { offloaders: [25, 25.5, 24.8, 25.2, 25.1] } }).holds).toBe(false);
    expect(judge('3a-offloaders-20', { 'ma-q': { offloaders: [20, 26, 14, 23, 22] } }).holds).toBe(null);
  });
  it('difference, bound, ratio', () => {
    expect(judge('4a-maq-lt-random', { 'ma-q': { costPerUser: [50, 51, 49, 50, 52] }, random: { costPerUser: [90, 92, 91, 89, 90] } }).holds).toBe(true);
    expect(judge('4a-maq-lt-random', { 'ma-q': { costPerUser: [50, 51, 49, 50, 52] } }).holds).toBe(null); // random not run
    expect(judge('3d-no-collisions', { 'ma-q': { collisions: [0, 0.1, 0, 0.05, 0] } }).holds).toBe(true);
    expect(judge('3d-no-collisions', { 'ma-q': { collisions: [9, 10, 11, 10, 9] } }).holds).toBe(false);
    expect(judge('4c-maq-slightly-above-centralized-u30', { 'ma-q': { costPerUser: [11, 11.2, 10.9, 11.1, 11] }, centralized: { costPerUser: [10, 10, 10, 10, 10] } }).holds).toBe(true);
    expect(judge('4c-maq-slightly-above-centralized-u30', { 'ma-q': { costPerUser: [50, 52, 49, 51, 50] }, centralized: { costPerUser: [10, 10, 10, 10, 10] } }).holds).toBe(false);
    expect(judge('1c-maq-cost-falls', { 'ma-q': { trainCostU1Drop: [-80, -89, -76, -85, -77] } }).holds).toBe(true);
    expect(judge('1a-maq-converges', { 'ma-q': { trainCostU1TailChange: [0.5, -1, 0.2, 1, -0.4] } }).holds).toBe(true);
  });
  it('sweep claims: 1b between two ε values, 4b only at U < 27, 2 as a trend', () => {
    const seeds = [1, 2, 3];
    const eps = (v: number, c: number[]) => ({ value: v, perSeed: { 'ma-q': { trainCostU1Tail: c } } });
    expect(IOT_SWEEP_CLAIMS_EPS[0]!.judgeSweep([eps(0.2, [90, 91, 92]), eps(0.5, [95, 96, 97]), eps(0.9, [100, 103, 101])], seeds).holds).toBe(true);
    const u = (v: number, maq: number[], cen: number[]) => ({ value: v, perSeed: { 'ma-q': { costPerUser: maq }, centralized: { costPerUser: cen }, random: { costPerUser: [200, 201, 202] } } });
    const fig7 = [u(5, [9, 9.2, 9.1], [10, 10, 10]), u(25, [20, 20.5, 20.2], [22, 22.1, 22]), u(30, [60, 61, 62], [25, 25, 25])];
    const b = IOT_SWEEP_CLAIMS_FIG7.find((c) => c.id === '4b-maq-lt-centralized-small-u')!;
    expect(b.judgeSweep(fig7, seeds).holds).toBe(true); // U = 30 (MA-Q far above) is not part of 4b
    expect(IOT_SWEEP_CLAIMS_FIG7.find((c) => c.id === '4c-maq-slightly-above-centralized-large-u')!.judgeSweep(fig7, seeds).holds).toBe(false); // 2.4 ∉ [1, 1.25]
    expect(IOT_SWEEP_CLAIMS_FIG7.find((c) => c.id === '4-cost-rises-with-u')!.judgeSweep(fig7, seeds).holds).toBe(true);
    const fig5 = [10, 20, 30].map((v, i) => ({ value: v, perSeed: { 'ma-q': { trainCostU1Tail: [50 + 10 * i, 51 + 12 * i, 49 + 9 * i] } } }));
    expect(IOT_SWEEP_CLAIMS_FIG5[0]!.judgeSweep(fig5, seeds).holds).toBe(true);
  });
});
