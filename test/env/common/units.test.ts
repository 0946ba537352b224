// Unit conversions (spec 00 "Conventions"), each checked against hand arithmetic.
import { describe, expect, it } from 'vitest';
import {
  dbmToWatts,
  wattsToDbm,
  dbToLinear,
  linearToDb,
  noisePowerW,
  kiloBytesToBits,
  megaBytesToBits,
  gigaHertzToCyclesPerSecond,
  megaHertzToCyclesPerSecond,
  megaHertzToHertz,
  gigaCyclesToCycles,
  megaCyclesToCycles,
  joulesPerGigaCycleToJoulesPerCycle,
  type KiloByteBits,
} from '../../../lib/env/common/index.js';
import { expectRel } from './helpers.js';

describe('power and ratio conversions', () => {
  it('dBm ↔ W', () => {
    // 23 dBm = 10^((23 − 30)/10) = 10^(−0.7) = 0.19953 W (01 P_max)
    expectRel(dbmToWatts(23), 0.19952623149688797, 1e-12);
    // 30 dBm = 10^0 = 1 W; 0 dBm = 10^(−3) = 1 mW
    expect(dbmToWatts(30)).toBe(1);
    expectRel(dbmToWatts(0), 1e-3, 1e-12);
    // 1 W = 10·log10(1) + 30 = 30 dBm; 0.5 W = 10·(−0.30103) + 30 = 26.9897 dBm; 0 W = −∞
    expect(wattsToDbm(1)).toBe(30);
    expectRel(wattsToDbm(0.5), 26.989700043360187, 1e-12);
    expect(wattsToDbm(0)).toBe(-Infinity);
    expectRel(wattsToDbm(dbmToWatts(-93.01)), -93.01, 1e-12);
  });

  it('dB ↔ linear (04 SINR thresholds)', () => {
    // −15 dB = 10^(−1.5) = 0.031623; 10 dB = 10
    expectRel(dbToLinear(-15), 0.03162277660168379, 1e-12);
    expect(dbToLinear(10)).toBe(10);
    // 0.5 = 10·log10(0.5) = −3.0103 dB
    expectRel(linearToDb(0.5), -3.010299956639812, 1e-12);
    expect(linearToDb(0)).toBe(-Infinity);
  });

  it('noise power from a PSD: N0[W/Hz]·B', () => {
    // −174 dBm/Hz = 10^(−20.4) = 3.981e−21 W/Hz; over 10 MHz: 3.981e−21·1e7 = 3.981e−14 W (01 N0·B)
    expectRel(noisePowerW(-174, 1e7), 3.981071705534986e-14, 1e-12);
    // 04 LoRa: −174 dBm/Hz over 125 kHz = 3.981e−21·1.25e5 = 4.976e−16 W (= −123.03 dBm)
    expectRel(noisePowerW(-174, 1.25e5), 4.976339631918733e-16, 1e-12);
    // 04 WiFi: −160 dBm/Hz over 5 MHz = 1e−19·5e6 = 5.000e−13 W (= −93.01 dBm)
    expectRel(noisePowerW(-160, 5e6), 5e-13, 1e-12);
    expectRel(wattsToDbm(noisePowerW(-160, 5e6)), -93.0103, 1e-6);
  });
});

describe('data sizes', () => {
  it('KB → bit, decimal by default, binary on request', () => {
    // 200 KB · 8000 = 1.6e6 bit; 300 KB · 8000 = 2.4e6 bit (01 task-size range)
    expect(kiloBytesToBits(200)).toBe(1.6e6);
    expect(kiloBytesToBits(300, 8000)).toBe(2.4e6);
    // 200 KB · 8192 = 1 638 400 bit
    expect(kiloBytesToBits(200, 8192)).toBe(1_638_400);
  });

  it('MB → bit: 1 MB = 8e6 bit decimal, 1024·8192 bit binary', () => {
    // 05: [0.5, 1.5] MB = [4e6, 1.2e7] bit
    expect(megaBytesToBits(0.5)).toBe(4e6);
    expect(megaBytesToBits(1.5)).toBe(1.2e7);
    // binary: 1 MB = 1024 KB · 8192 bit = 8 388 608 bit
    expect(megaBytesToBits(1, 8192)).toBe(8_388_608);
  });
});

describe('CPU and energy units', () => {
  it('frequencies and cycle counts', () => {
    expect(gigaHertzToCyclesPerSecond(50)).toBe(5e10); // 01 C̄ = 50 GHz
    expect(megaHertzToCyclesPerSecond(300)).toBe(3e8); // 02 f_local lower bound
    expect(megaHertzToHertz(10)).toBe(1e7); // 01 B = 10 MHz
    expect(gigaCyclesToCycles(1.2)).toBe(1.2e9); // 05 "1.2 GHz" task
    expect(megaCyclesToCycles(800)).toBe(8e8); // 02 C lower bound
  });

  it('J/Gcycle → J/cycle', () => {
    // 1 J/Gcycle = 1e−9 J/cycle; 10 mJ/Gcycle = 0.01·1e−9 = 1e−11 J/cycle (01 ε_n, ε̄)
    expect(joulesPerGigaCycleToJoulesPerCycle(1)).toBe(1e-9);
    expectRel(joulesPerGigaCycleToJoulesPerCycle(0.01), 1e-11, 1e-12);
  });
});

describe('argument errors name the argument and the range', () => {
  it.each([
    [() => noisePowerW(-174, -1), /^noisePowerW: bandwidthHz must be a finite number > 0, got -1$/],
    [() => noisePowerW(NaN, 1), /^noisePowerW: psdDbmPerHz must be a finite number, got NaN$/],
    [() => dbmToWatts(Infinity), /^dbmToWatts: dbm must be a finite number, got Infinity$/],
    [() => wattsToDbm(-1), /^wattsToDbm: watts must be a finite number >= 0, got -1$/],
    [() => kiloBytesToBits(1, 1000 as KiloByteBits), /^kiloBytesToBits: kiloByteBits must be 8000 or 8192, got 1000$/],
    [() => megaBytesToBits(-2), /^megaBytesToBits: megaBytes must be a finite number >= 0, got -2$/],
    [() => gigaHertzToCyclesPerSecond('1' as unknown as number), /gigaHertz must be a finite number >= 0, got "1"/],
  ])('%#', (call, message) => {
    expect(call).toThrow(message);
  });

  it('wrong types are TypeErrors, bad values RangeErrors', () => {
    expect(() => dbmToWatts('23' as unknown as number)).toThrow(TypeError);
    expect(() => linearToDb(-1)).toThrow(RangeError);
  });
});
