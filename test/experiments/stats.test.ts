import { describe, expect, it } from 'vitest';
import { ci95, mad, madOutliers, convergenceDecision, convergenceEpisode, convergenceWindow, describe as summarize, equivalenceDecision, leastSquaresSlope, mean, median, pairedDecision, ratioDecision, sampleStd, tQuantile975, trendDecision, trimmedMean } from '../../experiments/stats.js';

describe('seed statistics', () => {
  it('mean, sample std, median, trimmed mean by hand', () => {
    // [1, 2, 3, 4, 10]: mean 20/5 = 4; squared deviations 9+4+1+0+36 = 50; s = √(50/4) = √12.5
    expect(mean([1, 2, 3, 4, 10])).toBe(4);
    expect(sampleStd([1, 2, 3, 4, 10])).toBeCloseTo(Math.sqrt(12.5), 14);
    expect(sampleStd([7])).toBe(0);
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    // 100 values 0..99 plus one outlier 1e9: 1% of 101 → drop 1 at each end → mean of 1..99 = 50
    const xs = [...Array.from({ length: 100 }, (_, i) => i), 1e9];
    expect(trimmedMean(xs, 0.01)).toBe(50);
    expect(() => trimmedMean(xs, 0.5)).toThrow(/fraction must be in \[0, 0.5\)/);
  });

  it('Student-t quantiles and the 95% interval', () => {
    expect(tQuantile975(2)).toBe(4.303);
    expect(tQuantile975(30)).toBe(2.042);
    expect(tQuantile975(1000)).toBeCloseTo(1.9623, 3);
    // [1, 2, 3]: mean 2, s = 1, half-width 4.303·1/√3 = 2.48434
    const [lo, hi] = ci95([1, 2, 3]);
    expect(lo).toBeCloseTo(2 - 4.303 / Math.sqrt(3), 12);
    expect(hi).toBeCloseTo(2 + 4.303 / Math.sqrt(3), 12);
    expect(summarize([5]).ci95).toEqual([5, 5]);
  });

  it('paired decisions: holds, fails, undecided', () => {
    // differences [1, 1.1, 0.9]: mean 1, s 0.1, half-width 4.303·0.1/√3 = 0.248 → [0.75, 1.25] > 0
    expect(pairedDecision([2, 2.1, 1.9], [1, 1, 1], 'greater').holds).toBe(true);
    expect(pairedDecision([2, 2.1, 1.9], [1, 1, 1], 'less').holds).toBe(false);
    // differences [1, −1, 0.5]: the interval contains 0
    expect(pairedDecision([2, 0, 1.5], [1, 1, 1], 'greater').holds).toBeNull();
    expect(pairedDecision([2], [1], 'greater').holds).toBeNull();
    expect(pairedDecision([NaN, 1, 2], [0, 0, 0], 'greater').holds).toBeNull();
    expect(() => pairedDecision([1, 2], [1], 'greater')).toThrow(/paired by seed/);
  });

  it('paired decisions against a constant (a one-sample bound)', () => {
    // [0.002, 0.004, 0.003] − 0.01 = [−0.008, −0.006, −0.007]: mean −0.007, s 0.001, half-width 4.303·0.001/√3 = 0.00248 → below 0
    expect(pairedDecision([0.002, 0.004, 0.003], 0.01, 'less').holds).toBe(true);
    expect(pairedDecision([0.002, 0.004, 0.003], 0.01, 'greater').holds).toBe(false);
    expect(pairedDecision([0.002, 0.004, 0.003], 0.01, 'less').diff.mean).toBeCloseTo(-0.007, 15);
  });
});

// Shared by the rules below: three differences with mean m and sample std 0.1 have the 95%
// half-width t(2)·0.1/√3 = 4.303·0.1/1.7320508 = 0.248434.
const HW = (4.303 * 0.1) / Math.sqrt(3);

describe('equivalence rule', () => {
  it('holds inside ±margin, fails wholly outside, undecided when the interval crosses a bound', () => {
    // differences [0, 0.1, −0.1]: mean 0, s 0.1 → [−0.2484, 0.2484]
    const a = [1, 1.1, 0.9], b = [1, 1, 1];
    expect(equivalenceDecision(a, b, 0.3).holds).toBe(true);
    expect(equivalenceDecision(a, b, 0.2).holds).toBeNull();
    const r = equivalenceDecision(a, b, 0.3);
    expect(r.diff.ci95[0]).toBeCloseTo(-HW, 12);
    expect(r.diff.ci95[1]).toBeCloseTo(HW, 12);
    // differences [1, 1.1, 0.9] → [0.7516, 1.2484]: wholly above +0.5 → fails; above −0.5 too but inside nothing
    expect(equivalenceDecision([2, 2.1, 1.9], b, 0.5).holds).toBe(false);
    expect(equivalenceDecision([0, -0.1, 0.1], [1, 1, 1], 0.5).holds).toBe(false); // [−1.248, −0.752] wholly below −0.5
    // a constant: "20 of 30 offload" as a count within ±2 of 20: [20, 21, 19] − 20 = [0, 1, −1], s 1, half-width 2.484 → crosses ±2
    expect(equivalenceDecision([20, 21, 19], 20, 3).holds).toBe(true);
    expect(equivalenceDecision([20, 21, 19], 20, 2).holds).toBeNull();
  });

  it('degenerate inputs: < 2 seeds and non-finite values are undecided; mismatched lengths and bad margins throw', () => {
    expect(equivalenceDecision([1], [1], 0.5).holds).toBeNull();
    expect(equivalenceDecision([1, NaN, 1], [1, 1, 1], 0.5).holds).toBeNull();
    expect(equivalenceDecision([1, Infinity], 1, 0.5).holds).toBeNull();
    expect(() => equivalenceDecision([1, 2], [1], 0.5)).toThrow(/paired by seed/);
    expect(() => equivalenceDecision([1, 2], [1, 2], 0)).toThrow(/margin must be a finite number > 0/);
    expect(() => equivalenceDecision([1, 2], [1, 2], NaN)).toThrow(/margin/);
  });
});

describe('ratio rule', () => {
  it('holds inside the range, fails when disjoint, undecided on overlap; reports the paired ratio', () => {
    // ratios [2, 2.2, 1.8]: mean 2, s 0.2, half-width 2·0.248434 = 0.496869 → [1.5031, 2.4969]
    const a = [2, 2.2, 1.8], b = [1, 1, 1];
    const r = ratioDecision(a, b, [1.4, 2.6]);
    expect(r.holds).toBe(true);
    expect(r.ratio.mean).toBeCloseTo(2, 14);
    expect(r.ratio.perSeed).toEqual([2, 2.2, 1.8]);
    expect(r.ratio.ci95[0]).toBeCloseTo(2 - 2 * HW, 12);
    expect(ratioDecision(a, b, [1.3, 1.7]).holds).toBeNull(); // overlaps [1.5031, 1.7]
    expect(ratioDecision(a, b, [3, 4]).holds).toBe(false);
    expect(ratioDecision(a, b, [0.5, 1.5]).holds).toBe(false); // 1.5 < 1.5031: disjoint by 0.003
    // seed pairing matters: a = 2b on every seed although a and b vary a lot → ratio exactly 2, zero spread
    expect(ratioDecision([2, 40, 6], [1, 20, 3], [1.9, 2.1]).holds).toBe(true);
    expect(ratioDecision([3, 3.3, 2.7], 2, [1.4, 1.6]).holds).toBeNull(); // ratios [1.5, 1.65, 1.35]: ±0.373 → crosses
  });

  it('degenerate inputs: a zero denominator, < 2 seeds, NaN are undecided; mismatched lengths and bad ranges throw', () => {
    expect(ratioDecision([1, 2, 3], [1, 0, 1], [0, 10]).holds).toBeNull();
    expect(ratioDecision([2], [1], [1, 3]).holds).toBeNull();
    expect(ratioDecision([NaN, 2], [1, 1], [1, 3]).holds).toBeNull();
    expect(() => ratioDecision([1, 2], [1], [1, 2])).toThrow(/paired by seed/);
    expect(() => ratioDecision([1, 2], [1, 2], [2, 1])).toThrow(/lo < hi/);
  });
});

describe('trend rule', () => {
  it('least-squares slope by hand', () => {
    // x [0, 1, 2], y [0, 1.1, 2.2]: x̄ 1, ȳ 1.1, Σ(x−x̄)(y−ȳ) = 1.1 + 1.1 = 2.2, Σ(x−x̄)² = 2 → 1.1
    expect(leastSquaresSlope([0, 1, 2], [0, 1.1, 2.2])).toBeCloseTo(1.1, 14);
    expect(leastSquaresSlope([1, 1, 1], [0, 1, 2])).toBeNaN();
    expect(() => leastSquaresSlope([1, 2], [1])).toThrow(/2 xs vs 1 ys/);
  });

  it('per-seed slopes judged like a difference against 0', () => {
    // three seeds with y_s(x) = k_s·x, k = [1, 1.1, 0.9]: slopes mean 1, s 0.1 → [0.7516, 1.2484] > 0
    const xs = [0, 1, 2];
    const ysAtX = [[0, 0, 0], [1, 1.1, 0.9], [2, 2.2, 1.8]];
    const r = trendDecision(xs, ysAtX, 'increasing');
    expect(r.holds).toBe(true);
    expect(r.slope.perSeed[0]).toBeCloseTo(1, 14);
    expect(r.slope.perSeed[1]).toBeCloseTo(1.1, 14);
    expect(r.slope.mean).toBeCloseTo(1, 14);
    expect(trendDecision(xs, ysAtX, 'decreasing').holds).toBe(false);
    // slopes [1, −1, 0.5]: the interval contains 0
    expect(trendDecision(xs, [[0, 0, 0], [1, -1, 0.5], [2, -2, 1]], 'increasing').holds).toBeNull();
    // uneven xs: per seed y = 5 − 2x at x = [0.1, 0.5, 1, 2] plus a seed offset → slope exactly −2 on each seed
    const xs2 = [0.1, 0.5, 1, 2];
    expect(trendDecision(xs2, xs2.map((x) => [5 - 2 * x, 6 - 2 * x, 4.5 - 2 * x]), 'decreasing').holds).toBe(true);
  });

  it('degenerate inputs: one seed, equal xs and NaN are undecided; mismatched lengths throw', () => {
    expect(trendDecision([0, 1], [[0], [1]], 'increasing').holds).toBeNull();
    expect(trendDecision([1, 1], [[0, 0], [1, 1]], 'increasing').holds).toBeNull();
    expect(trendDecision([0, 1], [[0, NaN], [1, 1]], 'increasing').holds).toBeNull();
    expect(() => trendDecision([0, 1, 2], [[0, 0], [1, 1]], 'increasing')).toThrow(/3 sweep values vs 2/);
    expect(() => trendDecision([0, 1], [[0, 0], [1]], 'increasing')).toThrow(/paired by seed/);
  });
});

describe('convergence rule', () => {
  it('episodes until the trailing window reaches 90% of the own improvement', () => {
    expect(convergenceWindow(20)).toBe(2);
    expect(convergenceWindow(250)).toBe(25);
    expect(convergenceWindow(5)).toBe(1);
    // 20 episodes, w = 2: four at 0 then sixteen at 10 → first 0, final 10, target 9; window averages
    // end at episode 5 (0-based 4): (0 + 10)/2 = 5 < 9; episode 6: 10 ≥ 9 → 6
    const step = [0, 0, 0, 0, ...Array<number>(16).fill(10)];
    expect(convergenceEpisode(step)).toBe(6);
    // a falling curve (a cost) converges the same way: target −9, first window average ≤ −9 at episode 6
    expect(convergenceEpisode(step.map((x) => -x))).toBe(6);
    // a linear ramp 0..19 (w = 2): first 0.5, final 18.5, target 0.5 + 0.9·18 = 16.7; the window ending
    // at 0-based e averages e − 0.5 → first ≥ 16.7 at e = 18 (17.5) → 19 episodes
    expect(convergenceEpisode(Array.from({ length: 20 }, (_, i) => i))).toBe(19);
    // two episodes (w = 1): reached at the second
    expect(convergenceEpisode([0, 1])).toBe(2);
    // fraction 0.5 on the ramp: target 0.5 + 9 = 9.5 → e − 0.5 ≥ 9.5 at e = 10 → 11
    expect(convergenceEpisode(Array.from({ length: 20 }, (_, i) => i), 0.5)).toBe(11);
  });

  it('degenerate curves have no convergence speed (NaN); a bad fraction throws', () => {
    expect(convergenceEpisode([3, 3, 3, 3])).toBeNaN();
    expect(convergenceEpisode([1])).toBeNaN();
    expect(convergenceEpisode([])).toBeNaN();
    expect(convergenceEpisode([0, NaN, 2])).toBeNaN();
    expect(() => convergenceEpisode([0, 1], 0)).toThrow(/fraction must be in \(0, 1\]/);
  });

  it('seed-paired comparison: faster holds when a needs fewer episodes on every seed pair', () => {
    // a − b = [−6, −6, −6]: zero spread → [−6, −6] < 0
    expect(convergenceDecision([6, 5, 7], [12, 11, 13], 'faster').holds).toBe(true);
    expect(convergenceDecision([6, 5, 7], [12, 11, 13], 'slower').holds).toBe(false);
    expect(convergenceDecision([6, 15, 7], [12, 11, 8], 'faster').holds).toBeNull();
    expect(convergenceDecision([6, NaN, 7], [12, 11, 13], 'faster').holds).toBeNull();
    expect(convergenceDecision([6], [12], 'faster').holds).toBeNull();
    expect(() => convergenceDecision([6, 5], [12], 'faster')).toThrow(/paired by seed/);
  });
});

describe('outlier seeds', () => {
  it('flags seeds more than 3 MADs from the median', () => {
    // [10, 11, 9, 10.5, -40]: median 10, |x − 10| = [0, 1, 1, 0.5, 50] → MAD 1; |−40 − 10| = 50 > 3
    expect(mad([10, 11, 9, 10.5, -40])).toBe(1);
    expect(madOutliers([10, 11, 9, 10.5, -40])).toEqual([4]);
    expect(madOutliers([10, 11, 9, 10.5, 12])).toEqual([]); // 12: |2| ≤ 3
    expect(madOutliers([5, 5, 5, 5.1])).toEqual([3]); // MAD 0: anything off the median
    expect(madOutliers([1, 100])).toEqual([]); // two seeds: no majority
    expect(madOutliers([1, 1, NaN, 1])).toEqual([2]);
  });
});
