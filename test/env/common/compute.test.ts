// Computation delay/energy and transmission time/energy, by hand, including the degenerate cases.
import { describe, expect, it } from 'vitest';
import {
  computeDelay,
  perCycleEnergy,
  dynamicPowerEnergy,
  workloadEnergy,
  powerTimeEnergy,
  transmissionTime,
  transmissionEnergy,
} from '../../../lib/env/common/index.js';
import { expectRel } from './helpers.js';

describe('execution delay cycles/(share·f)', () => {
  it('local and edge delays (01 eqs. 3, 7; 05 eqs. 4, 6)', () => {
    // 1e9 cycles at 1 GHz = 1 s
    expect(computeDelay(1e9, 1e9)).toBe(1);
    // 01 eq. 3: α = 0.25, ω = 2e9 ⇒ (1 − 0.25)·2e9 / 1e9 = 1.5 s
    expect(computeDelay((1 - 0.25) * 2e9, 1e9)).toBe(1.5);
    // 01 eq. 7: 2.4e9 cycles on f_n = 0.5 of 50 GHz ⇒ 2.4e9 / 2.5e10 = 0.096 s
    expectRel(computeDelay(2.4e9, 5e10, 0.5), 0.096, 1e-12);
    // 05 eq. 6: C = 1.1e9, β = 0.1, F = 20 GHz ⇒ 1.1e9 / 2e9 = 0.55 s
    expectRel(computeDelay(1.1e9, 2e10, 0.1), 0.55, 1e-12);
  });

  it('no work takes 0 s; positive work on a zero share takes +Infinity', () => {
    expect(computeDelay(0, 1e9, 0)).toBe(0);
    expect(computeDelay(1, 1e9, 0)).toBe(Infinity);
  });
});

describe('CPU energy models', () => {
  it('per-cycle ε·C (01 eqs. 4, 8; 04 eqs. 1, 4)', () => {
    // 01 local: 2e9 cycles · 1e−9 J/cycle = 2 J; edge: 2e9 · 1e−11 = 0.02 J
    expect(perCycleEnergy(2e9, 1e-9)).toBe(2);
    expectRel(perCycleEnergy(2e9, 1e-11), 0.02, 1e-12);
    // 04 [R] swapped: d = 2e6 bit, ν = 500 ⇒ 1e9 cycles · 1e−7 J/cycle = 100 J locally
    expectRel(perCycleEnergy(2e6 * 500, 1e-7), 100, 1e-12);
  });

  it('dynamic power k·C·f² (05 eq. 5)', () => {
    // k = 1e−26, C = 1e9, f = 1e9: 1e−26 · 1e9 · 1e18 = 10 J
    expectRel(dynamicPowerEnergy(1e9, 1e9, 1e-26), 10, 1e-12);
    // 05 scale check: C = f = 1.1e9 ⇒ 1e−26 · 1.1e9 · 1.21e18 = 13.31 J
    expectRel(dynamicPowerEnergy(1.1e9, 1.1e9, 1e-26), 13.31, 1e-12);
  });

  it('per-workload φ·ℓ (03) and power × time (05 eq. 7)', () => {
    // 03 MEC: φ_o = 1e−3 J/wu · 40 wu = 0.04 J; local: 1e−5 · 30 = 3e−4 J
    expectRel(workloadEnergy(40, 1e-3), 0.04, 1e-12);
    expectRel(workloadEnergy(30, 1e-5), 3e-4, 1e-12);
    // 05: P_m = 100 W for T^m = 0.055 s ⇒ 5.5 J
    expectRel(powerTimeEnergy(100, 0.055), 5.5, 1e-12);
    expect(powerTimeEnergy(0, Infinity)).toBe(0);
    expect(powerTimeEnergy(1, Infinity)).toBe(Infinity);
  });
});

describe('transmission time bits/rate and energy p·bits/rate', () => {
  it('regular case (01 eqs. 5, 6; 05 eqs. 2, 3)', () => {
    // 2e6 bit at 5e7 bit/s = 0.04 s; at 0.2 W: 0.2 · 0.04 = 0.008 J
    expectRel(transmissionTime(2e6, 5e7), 0.04, 1e-12);
    expectRel(transmissionEnergy(0.2, 2e6, 5e7), 0.008, 1e-12);
    // a cap above the time changes nothing
    expectRel(transmissionTime(2e6, 5e7, 10), 0.04, 1e-12);
  });

  it('zero rate: +Infinity, or the cap maxTxTime (energy on the capped time)', () => {
    expect(transmissionTime(2e6, 0)).toBe(Infinity);
    expect(transmissionEnergy(0.2, 2e6, 0)).toBe(Infinity);
    expect(transmissionTime(2e6, 0, null)).toBe(Infinity);
    // cap 10 s ⇒ 10 s and 0.2 W · 10 s = 2 J
    expect(transmissionTime(2e6, 0, 10)).toBe(10);
    expect(transmissionEnergy(0.2, 2e6, 0, 10)).toBe(2);
    // 04 delayCap = 100 s: a 5.6 kbit/s LoRa link for 4e6 bit would take 714 s ⇒ 100 s
    expect(transmissionTime(4e6, 5.6e3, 100)).toBe(100);
  });

  it('no data costs nothing; zero power spends 0 J', () => {
    expect(transmissionTime(0, 0)).toBe(0);
    expect(transmissionEnergy(0.2, 0, 0)).toBe(0);
    expect(transmissionEnergy(0, 2e6, 0)).toBe(0);
  });
});

describe('argument errors', () => {
  it.each([
    [() => computeDelay(1, 0), /^computeDelay: frequency must be a finite number > 0, got 0$/],
    [() => computeDelay(1, 1, 1.2), /^computeDelay: share must be a number in \[0, 1\], got 1.2$/],
    [() => computeDelay(-1, 1), /^computeDelay: cycles must be a finite number >= 0, got -1$/],
    [() => perCycleEnergy(1, -1e-9), /^perCycleEnergy: joulesPerCycle must be a finite number >= 0, got -1e-9$/],
    [() => dynamicPowerEnergy(1, NaN, 1e-26), /^dynamicPowerEnergy: frequency must be a finite number >= 0, got NaN$/],
    [() => workloadEnergy(Infinity, 1), /^workloadEnergy: workload must be a finite number >= 0, got Infinity$/],
    [() => powerTimeEnergy(1, -1), /^powerTimeEnergy: durationS must be a number >= 0 \(\+Infinity allowed\), got -1$/],
    [() => transmissionTime(1, 1, 0), /^transmissionTime: maxTxTimeS must be a finite number > 0, got 0$/],
    [() => transmissionTime(1, -5), /^transmissionTime: rateBps must be a finite number >= 0, got -5$/],
    [() => transmissionEnergy(-0.1, 1, 1), /^transmissionEnergy: powerW must be a finite number >= 0, got -0.1$/],
  ])('%#', (call, message) => {
    expect(call).toThrow(message);
  });
});
