// Path-loss models of papers 01–05 against hand arithmetic.
import { describe, expect, it } from 'vitest';
import {
  okumuraHataPathLossDb,
  logDistancePathLossDb,
  macro3gppPathLossDb,
  gainFromPathLossDb,
  powerLawGain,
  inverseDistanceGain,
  minDistanceGuard,
} from '../../../lib/env/common/index.js';
import { expectRel } from './helpers.js';

describe('dB path-loss models', () => {
  it('Okumura–Hata (01), d in km', () => {
    // 0.1 km: 137.74 + 35.22·log10(0.1) = 137.74 − 35.22 = 102.52 dB
    expectRel(okumuraHataPathLossDb(0.1), 102.52, 1e-12);
    // 1 km: log10(1) = 0 ⇒ 137.74 dB
    expect(okumuraHataPathLossDb(1)).toBe(137.74);
    // 0.25 km (cell edge): 137.74 + 35.22·(−0.60206) = 137.74 − 21.20455 = 116.53545 dB
    expectRel(okumuraHataPathLossDb(0.25), 116.53544710542917, 1e-12);
  });

  it('log-distance (03), d in m: the paper users at 7.071, 4.243, 4.472 m', () => {
    // 10 m: 20 + 20·1 = 40 dB
    expect(logDistancePathLossDb(10)).toBe(40);
    // (5,5): d = 5√2 = 7.0711 m ⇒ 20 + 20·0.849485 = 36.99 dB
    expectRel(logDistancePathLossDb(5 * Math.SQRT2), 36.98970004336019, 1e-12);
    // (3,3): d = 3√2 = 4.2426 m ⇒ 20 + 20·0.627636 = 32.55 dB
    expectRel(logDistancePathLossDb(3 * Math.SQRT2), 32.552725051033065, 1e-12);
    // (−2,4): d = √20 = 4.4721 m ⇒ 20 + 10·log10(20) = 33.01 dB
    expectRel(logDistancePathLossDb(Math.sqrt(20)), 33.01029995663981, 1e-12);
  });

  it('3GPP macro (02 [R]), d in km', () => {
    // 1 km: 128.1 dB; 0.5 km: 128.1 + 37.6·(−0.30103) = 128.1 − 11.31873 = 116.78127 dB
    expect(macro3gppPathLossDb(1)).toBe(128.1);
    expectRel(macro3gppPathLossDb(0.5), 116.7812721630343, 1e-12);
  });

  it('gain from path loss: 10^(−PL/10)', () => {
    // 102.52 dB ⇒ 10^(−10.252) = 5.5976e−11
    expectRel(gainFromPathLossDb(102.52), 5.597576014951093e-11, 1e-12);
    expect(gainFromPathLossDb(0)).toBe(1);
    // 03 user 1: L = 20 + 10·log10(50) ⇒ gain = 10^(−2)/50 = 2e−4
    expectRel(gainFromPathLossDb(logDistancePathLossDb(Math.sqrt(50))), 2e-4, 1e-12);
  });
});

describe('linear-gain models', () => {
  it('power law d^(−a) (04)', () => {
    // 1000 m, a = 2.5: 1000^(−2.5) = 10^(−7.5) = 3.1623e−8
    expectRel(powerLawGain(1000, 2.5), 3.162277660168379e-8, 1e-12);
    expect(powerLawGain(2, 2)).toBe(0.25); // 2^−2
    expect(powerLawGain(7, 0)).toBe(1);
  });

  it('inverse distance 1/l (05)', () => {
    expect(inverseDistanceGain(50)).toBe(0.02); // 1/50
  });

  it('min-distance guard max(d, dMin) (01 minLinkDistance = 10 m)', () => {
    expect(minDistanceGuard(3, 10)).toBe(10);
    expect(minDistanceGuard(0, 10)).toBe(10);
    expect(minDistanceGuard(250, 10)).toBe(250);
    expect(okumuraHataPathLossDb(minDistanceGuard(0.001, 0.01))).toBeCloseTo(137.74 - 2 * 35.22, 10);
  });
});

describe('argument errors', () => {
  it.each([
    [() => okumuraHataPathLossDb(0), /^okumuraHataPathLossDb: distanceKm must be a finite number > 0, got 0$/],
    [() => logDistancePathLossDb(-1), /^logDistancePathLossDb: distanceM must be a finite number > 0, got -1$/],
    [() => macro3gppPathLossDb(NaN), /^macro3gppPathLossDb: distanceKm must be a finite number > 0, got NaN$/],
    [() => gainFromPathLossDb(Infinity), /^gainFromPathLossDb: pathLossDb must be a finite number, got Infinity$/],
    [() => powerLawGain(10, -1), /^powerLawGain: exponent must be a finite number >= 0, got -1$/],
    [() => minDistanceGuard(5, 0), /^minDistanceGuard: minDistance must be a finite number > 0, got 0$/],
  ])('%#', (call, message) => {
    expect(call).toThrow(message);
  });
});
