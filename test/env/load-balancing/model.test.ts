// Hand-computed tests of every equation of spec 02 and of the queue (both models, both drains):
// the case of 3 users, 2 servers, two steps, with a tie in arrival time (step 1), a forwarded task
// (steps 1 and 2) and forwarding reordering the FCFS queue (step 2). Arithmetic in the comments.

import { describe, expect, it } from 'vitest';
import {
  channelGain,
  eventRemainingWork,
  evaluateStep,
  fig8ServerCpus,
  forwardDelay,
  leastLoadedActions,
  localDelay,
  NOISE_PSD_DEFAULT,
  populationVariance,
  randomActions,
  resolveLoadBalancingConfig,
  uplinkRate,
  uplinkSharers,
  userReward,
  type StepParams,
} from '../../../lib/env/load-balancing/index.js';
import { fromSeed } from '../../../lib/random/index.js';
import { STEP1, STEP2 } from './helpers.js';

const rel = (got: number, want: number, tol = 1e-12): void => {
  expect(Math.abs(got - want)).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(want)));
};
const relAll = (got: ArrayLike<number>, want: readonly number[], tol = 1e-12): void => {
  expect(got.length).toBe(want.length);
  want.forEach((w, i) => rel(got[i] as number, w, tol));
};

describe('load-balancing equations', () => {
  it('channel gain: 3GPP macro path loss × |h|²', () => {
    // d = 100 m: PL = 128.1 + 37.6·log10(0.1) = 90.5 dB ⇒ 10^(−9.05) = 8.912509e−10; × |h|² = 2
    rel(channelGain(100, 2), 2 * 10 ** -9.05);
    // d = 1 km: PL = 128.1 dB
    rel(channelGain(1000, 1), 10 ** -12.81);
  });

  it('eq. 5 rate with the bandwidth split', () => {
    // W = 2e7, N_up = 2 ⇒ w = 1e7; SNR = 0.5·1e−12/(1e7·4e−21) = 12.5 ⇒ 1e7·log2(13.5) = 3.754887502e7
    rel(uplinkRate(2e7, 2, 0.5, 1e-12, 4e-21), 1e7 * Math.log2(13.5));
    // deep fade: 1 + SNR rounds to 1 ⇒ log1p path, still > 0 (SNR = 1e−17 ⇒ r = 1e7·1e−17/ln 2)
    rel(uplinkRate(1e7, 1, 1, 1e-38, 1e-28), (1e7 * 1e-17) / Math.LN2, 1e-9);
    expect(uplinkSharers([0, 1, 2, 0], 'offloading')).toBe(2);
    expect(uplinkSharers([0, 0], 'offloading')).toBe(1); // nobody uploads: the divisor is unused
    expect(uplinkSharers([0, 1, 2, 0], 'allUsers')).toBe(4);
  });

  it('eqs. 6, 9, 19, 20', () => {
    rel(localDelay(1e9, 4e8), 2.5); // 1e9/4e8
    rel(forwardDelay(3.2e6, 1e9), 3.2e-3);
    rel(populationVariance([1, 2, 3]), 2 / 3); // mean 2, (1 + 0 + 1)/3
    rel(populationVariance([0.35, 0.15]), 0.01); // mean 0.25, (0.01 + 0.01)/2
    rel(userReward(1.15, 0.01, 1, 1, null), -1.16);
    rel(userReward(30, 0.01, 2, 3, 10), -2 * 10 - 0.03); // delay capped at 10 s inside the reward
    rel(userReward(3, 0.5, 1, 0, 10), -3); // DTOMA: ω2 = 0
  });

  it('defaults: Table 2 in SI, the Fig. 8 server list, noise exactly 10^(−17.4)·1e−3', () => {
    const c = resolveLoadBalancingConfig();
    expect(c.numUsers).toBe(10);
    expect(c.numServers).toBe(5);
    expect(Array.from(fig8ServerCpus(5, c.serverCpuRangeHz))).toEqual([1.2e10, 1.4e10, 1.6e10, 1.8e10, 2.0e10]);
    expect(c.noisePsdWPerHz).toBe(NOISE_PSD_DEFAULT);
    rel(NOISE_PSD_DEFAULT, 3.981071705534973e-21);
    expect(c.stepDurationS).toBe(0.2);
    expect(() => resolveLoadBalancingConfig({ stepDurationS: 0 })).toThrow(/stepDurationS must be a finite number > 0, got 0/);
    expect(() => resolveLoadBalancingConfig({ queueModel: 'fifo' as never })).toThrow(/queueModel/);
    expect(() => resolveLoadBalancingConfig({ numSevers: 3 } as never)).toThrow(/numSevers/);
  });

  it('event drain counts remaining work, not idle time', () => {
    // Q = 1e9, f = 1e10 (done at 0.1); task C = 2e9 arrives 0.15, runs 0.15–0.35 ⇒ 1e10·0.15 = 1.5e9
    rel(eventRemainingWork(1e9, 1e10, 0.2, [2e9], [0.15], [0.35]), 1.5e9);
    // a task arriving after Δt counts in full, the unfinished backlog as f·(Q/f − Δt)
    rel(eventRemainingWork(3e9, 1e10, 0.2, [1e9], [1.0], [1.1]), 1e9 + 1e10 * 0.1);
  });

  it('reference policies: least-loaded in index order, ties → lowest m; random uniform', () => {
    // Q = [0, 1e9], f = [1e10, 2e10], C = 2e9 each: u0 loads [0, 0.05] ⇒ 1; u1 [0.2, 0.05] ⇒ 2; u2 [0.2, 0.15] ⇒ 2
    expect(leastLoadedActions([0, 1e9], [1e10, 2e10], [2e9, 2e9, 2e9])).toEqual([1, 2, 2]);
    expect(leastLoadedActions([0, 0], [1e10, 2e10], [1e9])).toEqual([1]); // tie at 0 ⇒ lowest m
    // counting the own task: u0 loads [0.2, 0.15] ⇒ 2
    expect(leastLoadedActions([0, 1e9], [1e10, 2e10], [2e9], true)).toEqual([2]);
    const a = randomActions(fromSeed(3), 1000, 2);
    expect(new Set(a)).toEqual(new Set([0, 1, 2]));
  });
});

/** The hand case: N0 = 1e−20, p = 0.5 W, μ = 1e9, Δt = 0.2 s, ω1 = ω2 = 1, f = [1e10, 2e10], W = 3e6 Hz. */
const PARAMS: StepParams = {
  bandwidthHz: 3e6, txPowerW: 0.5, noisePsdWPerHz: 1e-20, forwardRateBps: 1e9, stepDurationS: 0.2, omega1: 1, omega2: 1,
  bandwidthSplit: 'offloading', queueModel: 'paper', rewardDelayCapS: null,
};
const F = [1e10, 2e10];
const LOCAL = [4e8, 4e8, 4e8];
describe('hand case: 3 users, 2 servers, two steps', () => {
  it("queueModel 'paper' (eq. 8 literally, step-5 drain)", () => {
    const s1 = evaluateStep({ ...STEP1, localCpuHz: LOCAL, serverCpuHz: F, backlogCycles: [5e8, 0] }, PARAMS);
    expect(s1.numUp).toBe(3);
    relAll(s1.rateBps, [2e6, 2e6, 3e6]);
    relAll(s1.uploadS, [1, 1, 4 / 3]);
    relAll(s1.forwardS, [0, 0, 0.004]);
    // server 1 (Q = 5e8): u0 wait 5e8/1e10 = 0.05, comp 0.1; u1 wait (5e8 + 1e9)/1e10 = 0.15, comp 0.2
    // server 2 (Q = 0): u2 wait 0, comp 3e9/2e10 = 0.15
    relAll(s1.waitS, [0.05, 0.15, 0]);
    relAll(s1.computeS, [0.1, 0.2, 0.15]);
    // t = t_up + t_resp (+ t_tran): 1.15, 1.35, 4/3 + 0.15 + 0.004 = 1.4873333
    relAll(s1.delayS, [1.15, 1.35, 4 / 3 + 0.154]);
    // LD⁺ = [(5e8 + 3e9)/1e10, 3e9/2e10] = [0.35, 0.15], var 0.01
    relAll(s1.loadAfter, [0.35, 0.15]);
    rel(s1.loadVariance, 0.01);
    relAll(s1.reward, [-1.16, -1.36, -(4 / 3 + 0.154) - 0.01]);
    expect(Array.from(s1.tasksPerServer)).toEqual([2, 1]);
    // drain: max(0, 3.5e9 − 1e10·0.2) = 1.5e9; max(0, 3e9 − 4e9) = 0
    relAll(s1.nextBacklog, [1.5e9, 0]);

    const s2 = evaluateStep({ ...STEP2, localCpuHz: LOCAL, serverCpuHz: F, backlogCycles: s1.nextBacklog }, PARAMS);
    expect(s2.numUp).toBe(2);
    relAll(s2.rateBps, [0, 3e6, 4.5e6]);
    // server 2: u2 first (wait 0, comp 0.05), then u1 (wait 1e9/2e10 = 0.05, comp 0.1)
    relAll(s2.waitS, [0, 0.05, 0]);
    relAll(s2.delayS, [2.5, 1 + 0.15 + 0.003, 1 / 3 + 0.05 + 0.0015]);
    // LD⁺ = [1.5e9/1e10, 3e9/2e10] = [0.15, 0.15] ⇒ var 0
    relAll(s2.loadAfter, [0.15, 0.15]);
    rel(s2.loadVariance, 0);
    relAll(s2.reward, [-2.5, -1.153, -(1 / 3 + 0.0515)]);
    expect(Array.from(s2.tasksPerServer)).toEqual([0, 2]);
    relAll(s2.nextBacklog, [0, 0]); // max(0, 1.5e9 − 2e9), max(0, 3e9 − 4e9)
  });

  it("queueModel 'event' (exact FCFS, remaining-work drain); never slower than 'paper'", () => {
    const P = { ...PARAMS, queueModel: 'event' as const };
    const s1 = evaluateStep({ ...STEP1, localCpuHz: LOCAL, serverCpuHz: F, backlogCycles: [5e8, 0] }, P);
    // server 1: backlog done at 0.05; u0 arrives 1 ⇒ 1–1.1 (resp 0.1); u1 (tie, second) 1.1–1.3 (wait 0.1, resp 0.3)
    relAll(s1.waitS, [0, 0.1, 0]);
    relAll(s1.delayS, [1.1, 1.3, 4 / 3 + 0.154]);
    relAll(s1.loadAfter, [0.35, 0.15]); // LD⁺ is the same in both models
    // drain: every task arrives after Δt = 0.2 ⇒ counted in full: [1e9 + 2e9, 3e9]; backlog done at 0.05 ⇒ 0
    relAll(s1.nextBacklog, [3e9, 3e9]);
    const p1 = evaluateStep({ ...STEP1, localCpuHz: LOCAL, serverCpuHz: F, backlogCycles: [5e8, 0] }, PARAMS);
    for (let n = 0; n < 3; n++) expect(s1.delayS[n]!).toBeLessThanOrEqual(p1.delayS[n]! + 1e-12);

    const s2 = evaluateStep({ ...STEP2, localCpuHz: LOCAL, serverCpuHz: F, backlogCycles: s1.nextBacklog }, P);
    // server 2 (Q = 3e9 ⇒ busy until 0.15): u2 arrives 0.3348333 ⇒ no wait, done 0.3848333; u1 arrives 1.003 ⇒ 1.003–1.103
    relAll(s2.waitS, [0, 0, 0]);
    relAll(s2.delayS, [2.5, 1.103, 1 / 3 + 0.0515]);
    // LD⁺ = [3e9/1e10, (3e9 + 3e9)/2e10] = [0.3, 0.3]
    relAll(s2.loadAfter, [0.3, 0.3]);
    // drain: server 1 backlog until 0.3 ⇒ 1e10·0.1 = 1e9; server 2 backlog done at 0.15, both tasks after Δt ⇒ 3e9
    relAll(s2.nextBacklog, [1e9, 3e9]);
  });

  it("bandwidthSplit 'allUsers' divides W by N", () => {
    const s = evaluateStep({ ...STEP2, localCpuHz: LOCAL, serverCpuHz: F, backlogCycles: [0, 0] }, { ...PARAMS, bandwidthSplit: 'allUsers' });
    // w = 1e6 ⇒ u1 SNR 0.5·9e−14/1e−14 = 4.5 ⇒ 1e6·log2 5.5
    expect(s.numUp).toBe(3);
    rel(s.rateBps[1]!, 1e6 * Math.log2(5.5));
  });
});
