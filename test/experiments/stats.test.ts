import { describe, expect, it } from 'vitest';
import { ci95, describe as summarize, mean, median, pairedDecision, sampleStd, tQuantile975, trimmedMean } from '../../experiments/stats.js';

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
});
