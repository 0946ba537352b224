// Small statistics helpers for the lib/random tests (not a test file itself): sample moments with
// standard-error checks, Pearson chi-square with a Wilson–Hilferty critical value, and a
// Kolmogorov–Smirnov statistic. All tests that use them run on fixed seeds, so they are
// deterministic; the tolerances only say how far a correct sampler could plausibly be.

import { expect } from 'vitest';

export interface Moments {
  n: number;
  mean: number;
  /** Sample variance (n - 1 denominator). */
  variance: number;
  /** Fourth central moment (n denominator). */
  m4: number;
}

export function moments(xs: ArrayLike<number>): Moments {
  const n = xs.length;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += xs[i] as number;
  const mean = sum / n;
  let s2 = 0;
  let s4 = 0;
  for (let i = 0; i < n; i++) {
    const d = (xs[i] as number) - mean;
    const d2 = d * d;
    s2 += d2;
    s4 += d2 * d2;
  }
  return { n, mean, variance: s2 / (n - 1), m4: s4 / n };
}

/**
 * Assert the sample mean and variance are within `z` standard errors of the true values.
 * SE(mean) = sqrt(var / n); SE(variance) ≈ sqrt((m4 - var²) / n) with the sample m4.
 */
export function expectMoments(xs: ArrayLike<number>, mean: number, variance: number, z = 4.5): Moments {
  const m = moments(xs);
  const seMean = Math.sqrt(variance / m.n);
  const seVar = Math.sqrt(Math.max(m.m4 - m.variance * m.variance, 0) / m.n);
  expect(Math.abs(m.mean - mean), `mean ${m.mean} vs ${mean} (SE ${seMean})`).toBeLessThanOrEqual(z * seMean);
  expect(Math.abs(m.variance - variance), `variance ${m.variance} vs ${variance} (SE ${seVar})`).toBeLessThanOrEqual(
    z * seVar,
  );
  return m;
}

/** Pearson's statistic Σ (O - E)² / E. */
export function chiSquare(observed: ArrayLike<number>, expected: ArrayLike<number>): number {
  let x2 = 0;
  for (let i = 0; i < observed.length; i++) {
    const e = expected[i] as number;
    const d = (observed[i] as number) - e;
    x2 += (d * d) / e;
  }
  return x2;
}

/**
 * Upper critical value of χ²(df) by the Wilson–Hilferty cube approximation; z = 3.72 is the
 * one-sided normal quantile for p ≈ 1e-4.
 */
export function chiSquareCritical(df: number, z = 3.72): number {
  const c = 2 / (9 * df);
  return df * Math.pow(1 - c + z * Math.sqrt(c), 3);
}

/** Assert observed counts fit the expected counts (chi-square test at p ≈ 1e-4). */
export function expectChiSquareFit(observed: ArrayLike<number>, expected: ArrayLike<number>): number {
  const x2 = chiSquare(observed, expected);
  const critical = chiSquareCritical(observed.length - 1);
  expect(x2, `chi-square ${x2} with df ${observed.length - 1} (critical ${critical})`).toBeLessThan(critical);
  return x2;
}

/** Kolmogorov–Smirnov statistic sup |F_n(x) - F(x)| of a sample against a continuous CDF. */
export function ksStatistic(sample: ArrayLike<number>, cdf: (x: number) => number): number {
  const sorted = Float64Array.from(sample).sort();
  const n = sorted.length;
  let d = 0;
  for (let i = 0; i < n; i++) {
    const f = cdf(sorted[i] as number);
    d = Math.max(d, (i + 1) / n - f, f - i / n);
  }
  return d;
}

/** Assert the KS statistic is below its asymptotic critical value at α = 0.001 (1.949/√n). */
export function expectKsFit(sample: ArrayLike<number>, cdf: (x: number) => number): number {
  const d = ksStatistic(sample, cdf);
  const critical = 1.949 / Math.sqrt(sample.length);
  expect(d, `KS D = ${d} (critical ${critical})`).toBeLessThan(critical);
  return d;
}

/**
 * erf(x), Abramowitz & Stegun 7.1.26 (absolute error < 1.5e-7 — far below the KS tolerance of
 * ~4e-3 used here).
 */
export function erf(x: number): number {
  const sign = x < 0 ? -1 : 1;
  const ax = Math.abs(x);
  const t = 1 / (1 + 0.3275911 * ax);
  const poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  return sign * (1 - poly * Math.exp(-ax * ax));
}

/** CDF of N(mean, std²). */
export function normalCdf(x: number, mean = 0, std = 1): number {
  return 0.5 * (1 + erf((x - mean) / (std * Math.SQRT2)));
}

/** Poisson pmf p(0..kMax) by the recurrence p(k) = p(k-1)·λ/k (fine for λ ≤ ~700). */
export function poissonPmf(lambda: number, kMax: number): number[] {
  const p = [Math.exp(-lambda)];
  for (let k = 1; k <= kMax; k++) p.push((p[k - 1] as number) * (lambda / k));
  return p;
}

/**
 * Bin counts of an integer sample against a pmf: cells whose expected count is below `minExpected`
 * at either tail are pooled into the neighbouring tail cell. Returns observed and expected arrays.
 */
export function pooledCounts(
  sample: ArrayLike<number>,
  pmf: readonly number[],
  minExpected = 5,
): { observed: number[]; expected: number[] } {
  const n = sample.length;
  let lo = 0;
  let tailLo = pmf[0] as number;
  while (tailLo * n < minExpected) tailLo += pmf[++lo] as number;
  let hi = pmf.length - 1;
  let tailHi = 1 - pmf.slice(0, hi).reduce((a, b) => a + b, 0);
  while (tailHi * n < minExpected) tailHi += pmf[--hi] as number;
  const expected: number[] = [];
  for (let k = lo; k <= hi; k++) {
    expected.push(n * (k === lo ? tailLo : k === hi ? tailHi : (pmf[k] as number)));
  }
  const observed = new Array<number>(expected.length).fill(0);
  for (let i = 0; i < n; i++) {
    const k = Math.min(Math.max(sample[i] as number, lo), hi);
    observed[k - lo] += 1;
  }
  return { observed, expected };
}
