// Rayleigh block fading: seeded statistical checks (deterministic: fixed seeds, fixed sample
// sizes) plus draw-order and error checks.
import { describe, expect, it } from 'vitest';
import { deriveStream, exponential, normal } from '../../../lib/random/index.js';
import {
  rayleighPowerGain,
  fillRayleighPowerGains,
  rayleighMeanPowerFromScale,
  fillComplexGaussian,
  complexGaussianVector,
  complexVector,
  squaredNorm,
  scaleComplexVector,
  gainFromPathLossDb,
  logDistancePathLossDb,
} from '../../../lib/env/common/index.js';
import { expectRel } from './helpers.js';

function meanVar(xs: ArrayLike<number>): [number, number] {
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i] as number;
  const m = s / xs.length;
  let v = 0;
  for (let i = 0; i < xs.length; i++) v += ((xs[i] as number) - m) ** 2;
  return [m, v / (xs.length - 1)];
}

describe('scalar Rayleigh power gains |g|² ~ Exp(mean)', () => {
  it('100 000 Exp(1) draws: all > 0, mean within 1% of 1, variance within 3% of 1', () => {
    // Exp(1): mean 1, variance 1; the standard error of the mean is 1/√1e5 = 0.0032.
    const g = fillRayleighPowerGains(deriveStream(11, 'fading'), new Float64Array(100_000));
    expect(g.every((x) => x > 0 && Number.isFinite(x))).toBe(true);
    const [m, v] = meanVar(g);
    expect(Math.abs(m - 1)).toBeLessThan(0.01);
    expect(Math.abs(v - 1)).toBeLessThan(0.03);
  });

  it('bulk fill equals successive scalar draws, which equal lib/random exponential', () => {
    const bulk = fillRayleighPowerGains(deriveStream(5, 'f'), new Float64Array(8), 2);
    const r1 = deriveStream(5, 'f');
    const r2 = deriveStream(5, 'f');
    for (let i = 0; i < 8; i++) {
      const x = rayleighPowerGain(r1, 2);
      expect(x).toBe(bulk[i]);
      expect(x).toBe(exponential(r2, 2));
    }
  });

  it('amplitude scale s gives mean power 2s² (04: s = 3 ⇒ 18)', () => {
    expect(rayleighMeanPowerFromScale(3)).toBe(18); // 2·3²
    expectRel(rayleighMeanPowerFromScale(Math.SQRT1_2), 1, 1e-15); // 2·(1/√2)² = 1
    // Cross-check against the amplitude form r = s·sqrt(−2 ln U), whose square is Exp(2s²).
    const rng = deriveStream(12, 'rayleigh-scale');
    const g = fillRayleighPowerGains(rng, new Float64Array(100_000), rayleighMeanPowerFromScale(3));
    const [m] = meanVar(g);
    expect(Math.abs(m / 18 - 1)).toBeLessThan(0.01);
  });
});

describe('complex Gaussian vectors CN(0, σ²·I_M)', () => {
  it('components are N(0, 1/2): mean ≈ 0, variance ≈ 1/2, uncorrelated; E‖h‖² = M', () => {
    const rng = deriveStream(13, 'cn');
    const M = 3;
    const trials = 40_000; // 120 000 re and 120 000 im samples
    const re = new Float64Array(M * trials);
    const im = new Float64Array(M * trials);
    const h = complexVector(M);
    let norm2 = 0;
    let cross = 0;
    for (let t = 0; t < trials; t++) {
      fillComplexGaussian(rng, h);
      norm2 += squaredNorm(h);
      for (let k = 0; k < M; k++) {
        re[t * M + k] = h.re[k] as number;
        im[t * M + k] = h.im[k] as number;
        cross += (h.re[k] as number) * (h.im[k] as number);
      }
    }
    const [mr, vr] = meanVar(re);
    const [mi, vi] = meanVar(im);
    // SE of a mean: sqrt(0.5/120000) = 0.002; SE of a variance ≈ 0.5·sqrt(2/120000) = 0.002.
    expect(Math.abs(mr)).toBeLessThan(0.01);
    expect(Math.abs(mi)).toBeLessThan(0.01);
    expect(Math.abs(vr - 0.5)).toBeLessThan(0.01);
    expect(Math.abs(vi - 0.5)).toBeLessThan(0.01);
    expect(Math.abs(cross / (M * trials))).toBeLessThan(0.01); // E[re·im] = 0
    expect(Math.abs(norm2 / trials / M - 1)).toBeLessThan(0.01); // E‖h‖² = M·1
  });

  it('draw order is re[0], im[0], re[1], im[1], … with std sqrt(variance/2)', () => {
    const v = complexGaussianVector(deriveStream(3, 'cn'), 2, 8);
    const r = deriveStream(3, 'cn');
    // variance 8 ⇒ each part N(0, 4), std 2
    expect(v.re[0]).toBe(normal(r, 0, 2));
    expect(v.im[0]).toBe(normal(r, 0, 2));
    expect(v.re[1]).toBe(normal(r, 0, 2));
    expect(v.im[1]).toBe(normal(r, 0, 2));
  });

  it('03 channel h = sqrt(10^(−L/10))·h̃ has E‖h‖² = M·10^(−L/10)', () => {
    // user at (5, 5): L = 36.99 dB ⇒ 10^(−3.699) = 2e−4; M = 3 ⇒ E‖h‖² = 6e−4
    const scale = Math.sqrt(gainFromPathLossDb(logDistancePathLossDb(Math.sqrt(50))));
    const rng = deriveStream(14, 'h');
    const tmp = complexVector(3);
    let s = 0;
    const n = 50_000;
    for (let t = 0; t < n; t++) s += squaredNorm(scaleComplexVector(fillComplexGaussian(rng, tmp), scale, tmp));
    expect(Math.abs(s / n / 6e-4 - 1)).toBeLessThan(0.015); // SE = sqrt(1/3)/sqrt(5e4) ≈ 0.0026
  });
});

describe('argument errors', () => {
  const rng = deriveStream(1, 'err');
  it.each([
    [() => rayleighPowerGain(rng, 0), /^rayleighPowerGain: mean must be a finite number > 0, got 0$/],
    [() => fillRayleighPowerGains(rng, [1, 2] as unknown as Float64Array), /^fillRayleighPowerGains: out must be a Float64Array, got an array of length 2$/],
    [() => rayleighMeanPowerFromScale(-3), /^rayleighMeanPowerFromScale: scale must be a finite number > 0, got -3$/],
    [() => complexGaussianVector(rng, 2, -1), /^fillComplexGaussian: variance must be a finite number > 0, got -1$/],
    [() => complexGaussianVector(rng, 1.5), /^complexGaussianVector: length must be an integer in \[0, 2147483647\], got 1.5$/],
  ])('%#', (call, message) => {
    expect(call).toThrow(message);
  });
});
