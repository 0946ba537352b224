// small-cell system model: eqs. (1)–(13), (12) and (23) pinned to hand-computed values, first one
// function at a time, then all together on the tiny scenario of helpers.ts (2 cells, 2 UEs per
// cell, 2 channels), through `evaluateSlot` and through the env.
//
// Constants used below: N0·B = 10^(−20.4)·1e7 = 3.98107e−14 W; C_n = 1e9; C̄ = 5e10; ε = 1e−9; ε̄ = 1e−11.
// Path loss PL(d) = 137.74 + 35.22·log10(d_km):
//   d = 100 m:  137.74 − 35.22           = 102.52 dB  ⇒ L = 10^(−10.252)     = 5.59758e−11
//   d = 900 m:  137.74 + 35.22·(−0.045757) = 136.1284 dB ⇒ L = 10^(−13.61284) = 2.43870e−14
//   d = 50 m:   137.74 + 35.22·(−1.30103)  = 91.9177 dB  ⇒ L = 10^(−9.19177)  = 6.43025e−10

import { describe, expect, it } from 'vitest';
import {
  cooperativeReward,
  edgeExecDelay,
  edgeExecEnergy,
  evaluateSlot,
  latencyTerm,
  linkGain,
  localDelay,
  localEnergy,
  localReward,
  offloadDelay,
  offloadEnergy,
  offloadRate,
  taskDeadline,
  taskDelay,
  txDelay,
  txEnergy,
  ueRewardTerm,
  uplinkRate,
  uplinkSinr,
  largeScaleGains,
  SMALL_CELL_DEFAULTS,
} from '../../../lib/env/small-cell/index.js';
import type { SmallCellInfo } from '../../../lib/env/small-cell/index.js';
import { expectAllRel, expectRel, TINY_BITS, TINY_CYCLES, TINY_SBS, TINY_UE, tinyDecisions, tinyEnv, tinyFading } from './helpers.js';

const NOISE = 3.981071705534986e-14; // 10^(−20.4) W/Hz · 1e7 Hz
const L100 = 5.597576014951093e-11;
const L900 = 2.438697211896899e-14;
const L50 = 6.430246841173144e-10;

// Hand-derived values of the tiny scenario (the ones every test below checks):
// Interference (only co-channel transmitters of the other cell, A2):
//   at SBS 0, ch 0: UE 2 (p 0.2) over 900 m: 0.2·L900·1 = 4.87739e−15 W;  ch 1: nobody (UE 3 is local) = 0
//   at SBS 1, ch 0: UE 0 (p 0.1) over 900 m: 0.1·L900·1 = 2.43870e−15 W;  ch 1: UE 1 (p 0.2) over 1001.25 m
// SINR and rate (eq. 1, B = 1e7 Hz):
//   UE 0: 0.1·(2·L100) / (N0B + 4.87739e−15) = 1.119515e−11 / 4.468811e−14 = 250.517  ⇒ U = 1e7·log2(251.517) = 7.97451e7 bit/s
//   UE 1: 0.2·L50 / N0B = 1.286049e−10 / 3.981072e−14 = 3230.41                        ⇒ U = 1e7·log2(3231.41) = 1.165795e8 bit/s
//   UE 2: 0.2·L100 / (N0B + 2.43870e−15) = 1.119515e−11 / 4.224941e−14 = 264.978      ⇒ U = 1e7·log2(265.978) = 8.05516e7 bit/s
const SINR = [250.5174566422899, 3230.409958320021, 264.97768605945066, 0];
const RATE = [79745147.2394974, 116579480.76836503, 80551614.07073736, 0];
// Per UE (α, d, ω, T̃):  UE 0 (0.5, 2e6, 2e9, 1.8)  UE 1 (1, 2e6, 1e9, 0.9)  UE 2 (1, 1.6e6, 1.6e9, 1.44)  UE 3 (0, 2.4e6, 1.2e9, 1.08)
// LocT = (1−α)ω/1e9:      1,          0,          0,          1.2
// LocE = (1−α)ω·1e−9:     1,          0,          0,          1.2
// OffT^tr = αd/U:         1e6/7.97451e7 = 0.01253995;  2e6/1.165795e8 = 0.01715568;  1.6e6/8.05516e7 = 0.01986304;  0
// OffE^tr = p·OffT^tr:    0.1·0.01253995 = 0.001253995; 0.2·0.01715568 = 0.003431136; 0.2·0.01986304 = 0.003972608; 0
// OffT^ex = αω/(f·5e10):  1e9/2.5e10 = 0.04;  1e9/2.5e10 = 0.04;  1.6e9/5e10 = 0.032;  0
// OffE^ex = αω·1e−11:     0.01;  0.01;  0.016;  0
// T = max(LocT, OffT):    max(1, 0.05254) = 1;  0.05716;  0.05186;  1.2
// V (β = 1):              1.8 − 1 >= 0 ⇒ 1;  1;  1;  1.08 − 1.2 = −0.12
// term = −LocE − OffE + V: −1 − 0.011254 + 1 = −0.011254;  −0.013431 + 1 = 0.986569;  −0.019973 + 1 = 0.980027;  −1.2 − 0.12 = −1.32
// R^FL: cell 0 = −0.011254 + 0.986569 = 0.975315;  cell 1 = 0.980027 − 1.32 = −0.339973;  R^Co = 0.635342
const TX_DELAY = [0.012539948004569045, 0.017155677712906055, 0.019863040839814095, 0];
const TX_ENERGY = [0.0012539948004569046, 0.003431135542581211, 0.003972608167962819, 0];
const TERMS = [-0.011253994800456857, 0.9865688644574188, 0.9800273918320371, -1.32];
const R_FL = [0.9753148696569619, -0.3399726081679627];
const R_CO = 0.6353422614889992;

describe('small-cell equations, one at a time', () => {
  it('path loss and large-scale gain at a given distance (Okumura–Hata, d in km, 10 m guard)', () => {
    expectRel(linkGain(100, 10), L100, 1e-12);
    expectRel(linkGain(900, 10), L900, 1e-12);
    expectRel(linkGain(50, 10), L50, 1e-12);
    // d = 1 km: PL = 137.74 dB ⇒ L = 10^(−13.774) = 1.68267e−14
    expectRel(linkGain(1000, 10), 1.6826740610704e-14, 1e-10);
    // below the guard: 3 m counts as 10 m ⇒ PL = 137.74 − 2·35.22 = 67.30 dB ⇒ L = 10^(−6.73) = 1.86209e−7
    expectRel(linkGain(3, 10), 1.8620871366628e-7, 1e-10);
    expect(linkGain(0, 10)).toBe(linkGain(10, 10));
  });

  it('eq. (1): SINR with one co-channel interferer, and the Shannon rate', () => {
    // UE 0 above: 0.1·2·L100 / (N0B + 0.2·L900) = 250.517
    expectRel(uplinkSinr(0.1, 2 * L100, NOISE, 0.2 * L900), SINR[0] as number, 1e-12);
    expectRel(uplinkSinr(0.1, 2 * L100, NOISE, 0.2 * L900), 250.517, 1e-5);
    // 1e7·log2(251.517) = 7.97451e7 bit/s
    expectRel(uplinkRate(1e7, SINR[0] as number), 7.97451e7, 1e-5);
    // B = 1e7, SINR = 40 ⇒ 1e7·log2(41) = 5.35755e7
    expectRel(uplinkRate(1e7, 40), 5.357552004618084e7, 1e-12);
    // 1 + 1e−20 rounds to 1, but the rate stays positive: 1e7·1e−20/ln 2 = 1.4427e−13 bit/s
    expectRel(uplinkRate(1e7, 1e-20), 1.4426950408889634e-13, 1e-12);
    expect(uplinkRate(1e7, 0)).toBe(0);
  });

  it('eq. (2): the rate on the assigned channel, 0 without one', () => {
    expect(offloadRate(1, 5e7)).toBe(5e7);
    expect(offloadRate(-1, 5e7)).toBe(0);
  });

  it('eqs. (3), (4): local delay and energy', () => {
    // α = 0.25, ω = 2e9: LocT = 0.75·2e9/1e9 = 1.5 s; LocE = 0.75·2e9·1e−9 = 1.5 J
    expectRel(localDelay(0.25, 2e9, 1e9), 1.5);
    expectRel(localEnergy(0.25, 2e9, 1e-9), 1.5);
    expect(localDelay(1, 2e9, 1e9)).toBe(0); // LocT = 0 when α = 1
    expect(localEnergy(1, 2e9, 1e-9)).toBe(0);
  });

  it('eqs. (5), (6): transmission delay and energy, with and without the maxTxTime cap', () => {
    // α = 0.5, d = 2e6, U = 5e7: 1e6/5e7 = 0.02 s; p = 0.2 W ⇒ 0.004 J
    expectRel(txDelay(0.5, 2e6, 5e7, null), 0.02);
    expectRel(txEnergy(0.2, 0.5, 2e6, 5e7, null), 0.004);
    // U = 1e3 bit/s: 1e6/1e3 = 1000 s, 200 J uncapped; maxTxTime 10 s ⇒ 10 s, 0.2·10 = 2 J
    expectRel(txDelay(0.5, 2e6, 1e3, null), 1000);
    expectRel(txEnergy(0.2, 0.5, 2e6, 1e3, null), 200);
    expectRel(txDelay(0.5, 2e6, 1e3, 10), 10);
    expectRel(txEnergy(0.2, 0.5, 2e6, 1e3, 10), 2);
    // α = 0: nothing sent, 0 s and 0 J even at rate 0
    expect(txDelay(0, 2e6, 0, null)).toBe(0);
    expect(txEnergy(0, 0, 2e6, 0, null)).toBe(0);
  });

  it('eqs. (7), (8): edge execution delay and energy', () => {
    // α = 0.5, ω = 2e9, f = 0.5, C̄ = 5e10: 1e9/2.5e10 = 0.04 s; 1e9·1e−11 = 0.01 J
    expectRel(edgeExecDelay(0.5, 2e9, 0.5, 5e10), 0.04);
    expectRel(edgeExecEnergy(0.5, 2e9, 1e-11), 0.01);
    expect(edgeExecDelay(0, 2e9, 0, 5e10)).toBe(0); // OffT = 0 when α = 0
  });

  it('eqs. (9), (10) and T = max(LocT, OffT)', () => {
    expectRel(offloadDelay(0.02, 0.04), 0.06);
    expectRel(offloadEnergy(0.004, 0.01), 0.014);
    expect(taskDelay(1, 0.06)).toBe(1);
    expect(taskDelay(0.5, 0.06)).toBe(0.5);
    expect(taskDelay(0, 0.06)).toBe(0.06);
    // T̃ = 0.9·ω/C_n: ω = 2e9 ⇒ 1.8 s
    expectRel(taskDeadline(2e9, 1e9, 0.9), 1.8);
  });

  it('eq. (13): V = β when the deadline is met, the (negative) slack otherwise, floored', () => {
    expect(latencyTerm(1.8, 1.5, 1, -10)).toBe(1); // slack 0.3 >= 0 ⇒ β
    expect(latencyTerm(1.8, 1.8, 0.5, -10)).toBe(0.5); // slack exactly 0 counts as met
    expectRel(latencyTerm(1.8, 2, 1, -10), -0.2); // 1.8 − 2 = −0.2
    expect(latencyTerm(1.8, 100, 1, -10)).toBe(-10); // 1.8 − 100 = −98.2 ⇒ floored at −10
    expectRel(latencyTerm(1.8, 100, 1, null), -98.2); // floor off
  });

  it('eqs. (23) and (12): local and cooperative rewards', () => {
    // term = −LocE − OffE + V: −1 − 0.011254 + 1 = −0.011254
    expectRel(ueRewardTerm(1, 0.0112539948, 1), -0.0112539948);
    expectRel(localReward([TERMS[0] as number, TERMS[1] as number]), R_FL[0] as number, 1e-12);
    expectRel(localReward([TERMS[2] as number, TERMS[3] as number]), R_FL[1] as number, 1e-12);
    expectRel(cooperativeReward(R_FL), R_CO, 1e-12);
    expectRel(R_CO, 0.635342, 1e-5);
  });
});

describe('small-cell slot evaluation on the tiny scenario', () => {
  const largeScale = largeScaleGains({ sbs: Float64Array.from(TINY_SBS), ue: Float64Array.from(TINY_UE) }, 10);
  const params = {
    bandwidthHz: 1e7,
    noiseW: NOISE,
    ueCpuHz: 1e9,
    sbsCpuHz: 5e10,
    ueJoulesPerCycle: 1e-9,
    sbsJoulesPerCycle: 1e-11,
    beta: 1,
    latencyPenaltyFloor: -10,
    maxTxTime: null,
  };
  const input = {
    numCells: 2,
    uesPerCell: 2,
    numChannels: 2,
    largeScale,
    fading: Float64Array.from(tinyFading()),
    taskBits: Float64Array.from(TINY_BITS),
    taskCycles: Float64Array.from(TINY_CYCLES),
    deadline: Float64Array.from(TINY_CYCLES, (w) => (0.9 * w) / 1e9),
    decisions: tinyDecisions(),
  };

  it('large-scale gains [ue][sbs]', () => {
    // UE 1 → SBS 1 over √(1000² + 50²) = 1001.249 m; UE 3 → SBS 0 over √(1000² + 250²) = 1030.776 m
    expectAllRel(largeScale, [L100, L900, L50, linkGain(Math.hypot(1000, 50), 10), L900, L100, linkGain(Math.hypot(1000, 250), 10), linkGain(250, 10)], 1e-12);
  });

  it('interference counts only co-channel transmitters of other cells', () => {
    const out = evaluateSlot(input, params);
    // [SBS 0 ch 0, SBS 0 ch 1, SBS 1 ch 0, SBS 1 ch 1]: 0.2·L900, 0 (UE 3 is local), 0.1·L900, 0.2·L(1001.249 m)
    expectAllRel(out.interference, [0.2 * L900, 0, 0.1 * L900, 0.2 * linkGain(Math.hypot(1000, 50), 10)], 1e-12);
    expectRel(out.interference[0] as number, 4.877394e-15, 1e-6);
  });

  it('rates, delays, energies, V and rewards match the hand computation', () => {
    const out = evaluateSlot(input, params);
    expectAllRel(out.sinr, SINR, 1e-12, 'sinr');
    expectAllRel(out.rateBps, RATE, 1e-12, 'rate');
    expectAllRel(out.localDelayS, [1, 0, 0, 1.2], 1e-12, 'LocT');
    expectAllRel(out.localEnergyJ, [1, 0, 0, 1.2], 1e-12, 'LocE');
    expectAllRel(out.txDelayS, TX_DELAY, 1e-12, 'OffT^tr');
    expectAllRel(out.txEnergyJ, TX_ENERGY, 1e-12, 'OffE^tr');
    expectAllRel(out.execDelayS, [0.04, 0.04, 0.032, 0], 1e-12, 'OffT^ex');
    expectAllRel(out.execEnergyJ, [0.01, 0.01, 0.016, 0], 1e-12, 'OffE^ex');
    expectAllRel(out.offloadDelayS, [TX_DELAY[0]! + 0.04, TX_DELAY[1]! + 0.04, TX_DELAY[2]! + 0.032, 0], 1e-12, 'OffT');
    expectAllRel(out.delayS, [1, TX_DELAY[1]! + 0.04, TX_DELAY[2]! + 0.032, 1.2], 1e-12, 'T');
    expectAllRel(out.latency, [1, 1, 1, -0.12], 1e-12, 'V');
    expect(Array.from(out.latencyMet)).toEqual([1, 1, 1, 0]);
    expectAllRel(out.rewardTerm, TERMS, 1e-12, 'terms');
    expectAllRel(out.cellReward, R_FL, 1e-12, 'R^FL');
    expectRel(out.cooperativeReward, R_CO, 1e-12);
  });

  it('β and the floor enter through V; maxTxTime caps time and energy', () => {
    // β = 2: the three met deadlines give 2 instead of 1 ⇒ R^Co + 3
    expectRel(evaluateSlot(input, { ...params, beta: 2 }).cooperativeReward, R_CO + 3, 1e-12);
    // floor −0.05 lifts UE 3's V from −0.12 to −0.05 ⇒ R^Co + 0.07
    expectRel(evaluateSlot(input, { ...params, latencyPenaltyFloor: -0.05 }).cooperativeReward, R_CO + 0.07, 1e-12);
    // maxTxTime = 0.015 s caps UE 1 (0.017156 s) and UE 2 (0.019863 s): their energies become 0.2·0.015 = 0.003 J
    const capped = evaluateSlot(input, { ...params, maxTxTime: 0.015 });
    expectAllRel(capped.txDelayS, [TX_DELAY[0]!, 0.015, 0.015, 0], 1e-12);
    expectAllRel(capped.txEnergyJ, [TX_ENERGY[0]!, 0.003, 0.003, 0], 1e-12);
  });

  it('the env reproduces the same numbers, in both reward modes, and observes the interference next slot', () => {
    for (const rewardMode of ['cooperative', 'local'] as const) {
      const env = tinyEnv({ rewardMode });
      const r = env.stepDecisions(tinyDecisions());
      if (rewardMode === 'cooperative') {
        expectRel(r.rewards['sbs_0'] as number, R_CO, 1e-12);
        expect(r.rewards['sbs_1']).toBe(r.rewards['sbs_0']);
      } else {
        expectRel(r.rewards['sbs_0'] as number, R_FL[0] as number, 1e-12);
        expectRel(r.rewards['sbs_1'] as number, R_FL[1] as number, 1e-12);
      }
      const info = r.infos['sbs_0'] as SmallCellInfo;
      expectRel(info.localReward, R_FL[0] as number, 1e-12);
      expectRel(info.system.systemReward, R_CO, 1e-12);
      // I_0 after the step, scaled: (10·log10(4.877394e−15 + 1e−20) + 130)/30 = −0.437270; idle channel 1: (−200 + 130)/30 = −2.3333
      const obs = r.obs['sbs_0'] as Float64Array;
      expectRel(obs[4] as number, -0.43727041071970046, 1e-9);
      expectRel(obs[5] as number, -7 / 3, 1e-12);
    }
  });

  it('an offloading UE with a zero rate is an error naming the UE', () => {
    const env = tinyEnv();
    // A fading gain of exactly 0 (only possible through setState) on UE 0's own link, channel 0.
    env.setState({ ...env.getState(), fading: tinyFading().map((g, i) => (i === 0 ? 0 : g)) });
    const before = JSON.stringify(env.getState());
    expect(() => env.stepDecisions(tinyDecisions())).toThrow(/UE 0 of cell 0 offloads .* uplink rate is 0/);
    expect(JSON.stringify(env.getState())).toBe(before); // nothing changed
  });

  it('defaults are the paper values: N0·B and P_max', () => {
    expectRel(SMALL_CELL_DEFAULTS.noisePsdWPerHz * SMALL_CELL_DEFAULTS.bandwidthHz, NOISE, 1e-15);
    expectRel(SMALL_CELL_DEFAULTS.maxPowerW, 0.19952623149688797, 1e-15);
  });
});
