// load-balancing as a ParallelEnv: the shared checker in every mode, the hand case of model.test.ts
// through the env (two steps, backlog carried by the env), the fixed draw orders, observations, and
// a fast-check property test (>= 1 000 random configs and action sequences, floods included).

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  channelGain,
  LoadBalancingEnv,
  type LoadBalancingConfigInput,
  type LoadBalancingState,
  type LoadBalancingSystemMetrics,
} from '../../../lib/env/load-balancing/index.js';
import { deriveStream, exponential, uniform } from '../../../lib/random/index.js';
import { agentRecord, checkParallelEnv, Discrete, envStream } from '../../../lib/rl/index.js';
import { STEP1, STEP2 } from './helpers.js';

const rel = (got: number, want: number, tol = 1e-12): void => {
  expect(Math.abs(got - want)).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(want)));
};

describe('load-balancing ParallelEnv contract', () => {
  const variants: [string, LoadBalancingConfigInput][] = [
    ['defaults', {}],
    ['event queue, extended obs', { queueModel: 'event', obsMode: 'extended' }],
    ['allUsers split, uniform servers, delay cap', { bandwidthSplit: 'allUsers', serverCpu: 'uniform', rewardDelayCapS: 10 }],
    ['small: 3 users, 2 servers', { numUsers: 3, numServers: 2, episodeLength: 7 }],
  ];
  it.each(variants)('checkParallelEnv passes (%s)', (_, extra) => {
    // In `paper` mode every episode starts from empty backlogs (χ = 0), so the start does not depend on the seed.
    const seedSensitive = extra.obsMode === 'extended';
    const report = checkParallelEnv(() => new LoadBalancingEnv({ episodeLength: 20, ...extra }), { seed: 5, steps: 60, checkSeedSensitivity: seedSensitive });
    expect(report.episodes).toBeGreaterThanOrEqual(2);
  });

  it('spaces: Discrete(M + 1) actions, M or M + 4 observations', () => {
    const env = new LoadBalancingEnv();
    expect(env.possibleAgents).toEqual(Array.from({ length: 10 }, (_, n) => `user_${n}`));
    const a = env.actionSpace('user_3');
    expect(a instanceof Discrete && a.n).toBe(6);
    expect(env.obsDim).toBe(5);
    expect(new LoadBalancingEnv({ obsMode: 'extended' }).obsDim).toBe(9);
    expect(Array.from(env.serverCpuHz)).toEqual([1.2e10, 1.4e10, 1.6e10, 1.8e10, 2e10]);
  });
});

describe('draw orders', () => {
  it('topology: per user r = R√U1, θ = 2πU2 (redrawn while r < 35 m), then f_local per user', () => {
    const env = new LoadBalancingEnv({ numUsers: 4, seed: 9 });
    const rng = deriveStream(9, 'topology');
    const d: number[] = [];
    for (let n = 0; n < 4; n++) {
      for (;;) {
        const r = 500 * Math.sqrt(uniform(rng, 0, 1));
        uniform(rng, 0, 1);
        if (r >= 35) { d.push(r); break; }
      }
    }
    const f = Array.from({ length: 4 }, () => uniform(rng, 3e8, 5e8));
    expect(Array.from(env.userDistanceM)).toEqual(d);
    expect(Array.from(env.localCpuHz)).toEqual(f);
  });

  it('tasks: per step, user by user, L ~ U[2.4e6, 4e6), C ~ U[8e8, 1.2e9), |h|² ~ Exp(1); backlogs 0 at reset', () => {
    const env = new LoadBalancingEnv({ numUsers: 3, numServers: 2 });
    env.reset({ seed: 42 });
    const rng = envStream(42, 'load-balancing');
    const draw = () => Array.from({ length: 3 }, () => [uniform(rng, 2.4e6, 4e6), uniform(rng, 8e8, 1.2e9), exponential(rng, 1)] as const);
    const first = draw();
    expect(Array.from(env.currentTaskBits)).toEqual(first.map((x) => x[0]));
    expect(Array.from(env.currentTaskCycles)).toEqual(first.map((x) => x[1]));
    const dist = env.userDistanceM;
    expect(Array.from(env.currentGains)).toEqual(first.map((x, n) => channelGain(dist[n]!, x[2])));
    expect(Array.from(env.backlogCycles)).toEqual([0, 0]);
    env.step(agentRecord(env.possibleAgents, () => 1));
    const second = draw();
    expect(Array.from(env.currentTaskCycles)).toEqual(second.map((x) => x[1]));
  });
});

describe('the hand case through the env', () => {
  it('two steps, backlog carried by the env (paper queue), observations χ = Q/f', () => {
    const env = new LoadBalancingEnv({ numUsers: 3, numServers: 2, bandwidthHz: 3e6, noisePsdWPerHz: 1e-20, serverCpuRangeHz: [1e10, 2e10], cellRadiusM: 2000 });
    env.reset({ seed: 1 });
    const pl = channelGain(1000, 1); // d = 1 km ⇒ 10^(−12.81)
    const base = env.getState();
    const set = (step: { taskBits: number[]; taskCycles: number[]; gain: number[] }, backlog: readonly number[]): void => {
      const s: LoadBalancingState = { ...env.getState(), distanceM: [1000, 1000, 1000], localCpuHz: [4e8, 4e8, 4e8], backlogCycles: [...backlog], taskBits: step.taskBits, taskCycles: step.taskCycles, fading: step.gain.map((g) => g / pl) };
      env.setState(s);
    };
    expect(base.serverCpuHz).toEqual([1e10, 2e10]);
    set(STEP1, [5e8, 0]);
    rel(env.observe('user_0')[0]!, 0.05); // χ_1 = 5e8/1e10
    const r1 = env.step(agentRecord(env.possibleAgents, (_, n) => STEP1.actions[n]!));
    const sys1 = env.lastStepMetrics as LoadBalancingSystemMetrics;
    [1.15, 1.35, 4 / 3 + 0.154].forEach((t, n) => rel(sys1.delayS[n]!, t, 1e-9));
    rel(r1.rewards['user_0']!, -1.16, 1e-9);
    rel(sys1.loadVariance, 0.01, 1e-9);
    expect(sys1.tasksPerServer).toEqual([2, 1]);
    rel(env.backlogCycles[0]!, 1.5e9, 1e-9);
    rel(r1.obs['user_2']![0]!, 0.15, 1e-9); // χ_1 = 1.5e9/1e10 after the drain
    set(STEP2, env.getState().backlogCycles);
    env.step(agentRecord(env.possibleAgents, (_, n) => STEP2.actions[n]!));
    const sys2 = env.lastStepMetrics as LoadBalancingSystemMetrics;
    [2.5, 1.153, 1 / 3 + 0.0515].forEach((t, n) => rel(sys2.delayS[n]!, t, 1e-9));
    expect(sys2.localTasks).toBe(1);
    rel(sys2.meanDelayS, (2.5 + 1.153 + 1 / 3 + 0.0515) / 3, 1e-9);
  });

  it('extended observation: χ, L/4e6, C/1.2e9, f_local/5e8, log10 g', () => {
    const env = new LoadBalancingEnv({ numUsers: 2, numServers: 2, obsMode: 'extended' });
    env.reset({ seed: 3 });
    const o = env.observe('user_1');
    expect(o.length).toBe(6);
    rel(o[2]!, env.currentTaskBits[1]! / 4e6);
    rel(o[3]!, env.currentTaskCycles[1]! / 1.2e9);
    rel(o[4]!, env.localCpuHz[1]! / 5e8);
    rel(o[5]!, Math.log10(env.currentGains[1]!));
  });

  it('a flood: every user on the 20 GHz server grows its backlog by ≈ N·1e9 − 4e9 per step', () => {
    const env = new LoadBalancingEnv();
    env.reset({ seed: 2 });
    let last = 0;
    for (let t = 0; t < 50; t++) {
      env.step(agentRecord(env.possibleAgents, () => 5));
      const q = env.backlogCycles[4]!;
      expect(q).toBeGreaterThan(last);
      last = q;
    }
    expect(last).toBeGreaterThan(50 * 5e9);
    expect(env.lastStepMetrics!.loadVariance).toBeGreaterThan(20); // ≈ 36 s² (reviewer note)
  });
});

describe('property: random configs and action sequences', () => {
  it('never throws except validation errors; every metric finite (>= 1 000 cases)', () => {
    const cfg = fc.record({
      numUsers: fc.integer({ min: 1, max: 8 }),
      numServers: fc.integer({ min: 1, max: 5 }),
      queueModel: fc.constantFrom('paper', 'event'),
      obsMode: fc.constantFrom('paper', 'extended'),
      bandwidthSplit: fc.constantFrom('offloading', 'allUsers'),
      serverCpu: fc.constantFrom('fig8', 'uniform'),
      stepDurationS: fc.double({ min: 0.001, max: 5, noNaN: true }),
      omega2: fc.double({ min: 0, max: 100, noNaN: true }),
      rewardDelayCapS: fc.option(fc.double({ min: 0.01, max: 100, noNaN: true })),
      episodeLength: fc.integer({ min: 1, max: 12 }),
      positionSampling: fc.constantFrom('polar', 'square'),
      taskDrawOrder: fc.constantFrom('userMajor', 'quantityMajor'),
    });
    let valid = 0;
    fc.assert(fc.property(cfg, fc.integer({ min: 0, max: 1e6 }), fc.boolean(), fc.array(fc.integer({ min: -1, max: 7 }), { minLength: 1, maxLength: 120 }), (c, seed, flood, acts) => {
      let env: LoadBalancingEnv;
      try {
        env = new LoadBalancingEnv({ ...c, seed });
      } catch (e) {
        expect(e).toBeInstanceOf(RangeError);
        return;
      }
      valid++;
      const M = c.numServers;
      env.reset({ seed });
      let k = 0;
      while (env.agents.length > 0) {
        const a = agentRecord(env.possibleAgents, () => (flood ? M : acts[k++ % acts.length]!));
        const bad = Object.values(a).some((x) => x! < 0 || x! > M);
        if (bad) {
          expect(() => env.step(a)).toThrow(RangeError);
          return;
        }
        const r = env.step(a);
        const s = env.lastStepMetrics!;
        for (const v of [...Object.values(r.rewards), ...s.delayS, ...s.loadAfter, ...s.nextBacklog, s.loadVariance, s.meanDelayS, s.meanReward]) expect(Number.isFinite(v as number)).toBe(true);
        for (const o of Object.values(r.obs)) for (const x of o!) expect(Number.isFinite(x)).toBe(true);
        for (const q of s.nextBacklog) expect(q).toBeGreaterThanOrEqual(0);
      }
    }), { numRuns: 1000, seed: 14 });
    expect(valid).toBeGreaterThan(900);
  });

  it('config validation errors are RangeError/TypeError naming the field', () => {
    expect(() => new LoadBalancingEnv({ numUsers: 0 })).toThrow(/numUsers must be an integer in \[1, 1024\]/);
    expect(() => new LoadBalancingEnv({ minDistanceM: 600 })).toThrow(/minDistanceM/);
    expect(() => new LoadBalancingEnv({ taskSizeKB: [5, 1] as never })).toThrow(/taskSizeKB\[1\]/);
  });
});

describe('draw-order options (spec silent, config fields)', () => {
  it("positionSampling 'square': x, y ~ U[−R, R) until 35 <= r <= R", () => {
    const env = new LoadBalancingEnv({ numUsers: 3, seed: 4, positionSampling: 'square' });
    const rng = deriveStream(4, 'topology');
    const d: number[] = [];
    while (d.length < 3) {
      const x = uniform(rng, -500, 500), y = uniform(rng, -500, 500), r = Math.sqrt(x * x + y * y);
      if (r >= 35 && r <= 500) d.push(r);
    }
    expect(Array.from(env.userDistanceM)).toEqual(d);
  });

  it("taskDrawOrder 'quantityMajor': all L, then all C, then all |h|²", () => {
    const env = new LoadBalancingEnv({ numUsers: 3, numServers: 2, taskDrawOrder: 'quantityMajor' });
    env.reset({ seed: 8 });
    const rng = envStream(8, 'load-balancing');
    const L = [0, 1, 2].map(() => uniform(rng, 2.4e6, 4e6)), C = [0, 1, 2].map(() => uniform(rng, 8e8, 1.2e9));
    const h = [0, 1, 2].map(() => exponential(rng, 1));
    expect(Array.from(env.currentTaskBits)).toEqual(L);
    expect(Array.from(env.currentTaskCycles)).toEqual(C);
    const dist = env.userDistanceM;
    expect(Array.from(env.currentGains)).toEqual(h.map((x, n) => channelGain(dist[n]!, x)));
  });
});
