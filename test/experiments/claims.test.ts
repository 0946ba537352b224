// The shared claim constructors (experiments/claims.ts) on constructed per-seed metrics whose
// verdicts are known: each names its rule, decides like its stats.ts rule, and is undecided when a
// method was not run.

import { describe, expect, it } from 'vitest';
import { atEverySweepValue, boundClaim, compareClaim, convergenceClaim, convergenceMetric, equivalenceClaim, fmt, ratioClaim, ruleText, trendClaim } from '../../experiments/claims.js';
import type { PerSeedMetrics } from '../../experiments/types.js';

const seeds = [1, 2, 3];

describe('claim constructors', () => {
  it('compareClaim: the paired difference rule, named', () => {
    const c = compareClaim('x', 'A > B', 'r', 'a', 'b', 'greater');
    expect(c.rule).toBe('difference');
    expect(c.judge({ a: { r: [2, 2.1, 1.9] }, b: { r: [1, 1, 1] } }, seeds).holds).toBe(true);
    expect(c.judge({ a: { r: [2, 2.1, 1.9] } }, seeds)).toMatchObject({ holds: null, evidence: 'not judged: no r for b (method not run)' });
    expect(c.judge({ a: { r: [2] }, b: { r: [1] } }, [1]).evidence).toMatch(/fewer than 2 seeds/);
  });

  it('boundClaim: the interval of one method against a constant', () => {
    const c = boundClaim('z', 'share ≈ 0', 's', 'a', 'below', 0.01, () => 'note');
    expect(c.bound).toEqual({ side: 'below', value: 0.01 });
    const r = c.judge({ a: { s: [0.002, 0.004, 0.003] } }, seeds);
    expect(r.holds).toBe(true);
    expect(r.evidence).toMatch(/claimed below 0\.01.*; note$/);
    expect(c.judge({ a: { s: [0.2, 0.4, 0.3] } }, seeds).holds).toBe(false);
  });

  it('equivalenceClaim against a method and a constant', () => {
    const c = equivalenceClaim('e', 'loads nearly equal', 'load', 'a', 'b', 0.3);
    expect(c).toMatchObject({ rule: 'equivalence', margin: 0.3 });
    const m: PerSeedMetrics = { a: { load: [1, 1.1, 0.9] }, b: { load: [1, 1, 1] } };
    expect(c.judge(m, seeds).holds).toBe(true);
    expect(equivalenceClaim('e', '', 'load', 'a', 'b', 0.2).judge(m, seeds).holds).toBeNull();
    expect(equivalenceClaim('e', '', 'load', 'a', 1, 0.3).judge(m, seeds).holds).toBe(true);
    expect(() => equivalenceClaim('e', '', 'load', 'a', 'b', -1)).toThrow(/margin/);
  });

  it('ratioClaim prints the paired ratio and returns it as the value', () => {
    const c = ratioClaim('q', '≈ 50% higher', 'u', 'a', 'b', [1.3, 1.7]);
    expect(c.range).toEqual([1.3, 1.7]);
    const r = c.judge({ a: { u: [3, 4.5, 6] }, b: { u: [2, 3, 4] } }, seeds); // ratios 1.5 on every seed
    expect(r.holds).toBe(true);
    expect(r.value).toBeCloseTo(1.5, 14);
    expect(r.evidence).toMatch(/^a\/b = 1\.5 \[1\.5, 1\.5\]/);
    expect(c.judge({ a: { u: [6, 9, 12] }, b: { u: [2, 3, 4] } }, seeds).holds).toBe(false); // ratio 3
  });

  it('convergenceClaim compares the jobs\' convergenceEpisode metrics', () => {
    const c = convergenceClaim('k', 'A learns faster', 'systemReward', 'a', 'b', 'faster');
    expect(c.metric).toBe(convergenceMetric('systemReward'));
    expect(c.metric).toBe('convergenceEpisode.systemReward');
    const k = c.metric;
    expect(c.judge({ a: { [k]: [6, 5, 7] }, b: { [k]: [12, 11, 13] } }, seeds).holds).toBe(true);
    expect(c.judge({ a: { [k]: [12, 11, 13] }, b: { [k]: [6, 5, 7] } }, seeds).holds).toBe(false);
  });

  it('trendClaim: a sweep claim over every value\'s per-seed metrics', () => {
    const c = trendClaim('t', 'energy falls as β grows', 'e', 'a', 'decreasing');
    expect(c.rule).toBe('trend');
    // per seed e = 5 − 2β + offset: slope −2 on every seed
    const points = [0.1, 0.5, 1, 2].map((beta) => ({ value: beta, perSeed: { a: { e: [5 - 2 * beta, 6 - 2 * beta, 4 - 2 * beta] } } }));
    const r = c.judgeSweep(points, seeds);
    expect(r.holds).toBe(true);
    expect(r.value).toBeCloseTo(-2, 12);
    expect(trendClaim('t', '', 'e', 'a', 'increasing').judgeSweep(points, seeds).holds).toBe(false);
    expect(c.judgeSweep([{ value: 'x', perSeed: { a: { e: [1, 2, 3] } } }, ...points], seeds).evidence).toMatch(/not a number/);
    expect(c.judgeSweep([{ value: 3, perSeed: {} }, ...points], seeds)).toMatchObject({ holds: null, evidence: expect.stringMatching(/method not run\) at 3/) });
  });

  it('ruleText names the rule and its margin, range, bound or threshold', () => {
    expect(ruleText({ rule: 'equivalence', margin: 0.05 })).toBe('equivalence: 95% CI of paired A − B within ±0.05');
    expect(ruleText({ rule: 'ratio', range: [1.3, 1.7] })).toBe('ratio: 95% CI of paired A/B within [1.3, 1.7]');
    expect(ruleText({ rule: 'bound', bound: { side: 'below', value: 0.01 } })).toBe('bound: 95% CI below 0.01');
    expect(ruleText({ rule: 'threshold', op: '>=', threshold: -250 })).toBe('threshold: >= -250');
    expect(ruleText({ rule: 'difference' })).toMatch(/^difference/);
    expect(fmt(1234567)).toBe('1.235e+6');
  });

  it('atEverySweepValue lifts a run claim to a sweep claim: holds everywhere, fails anywhere, else undecided', () => {
    const c = atEverySweepValue(compareClaim('3a', 'A > B', 'r', 'a', 'b', 'greater'), 'env.beta');
    expect(c).toMatchObject({ id: '3a@every-env.beta', rule: 'difference' });
    const up = { a: { r: [2, 2.1, 1.9] }, b: { r: [1, 1, 1] } }, down = { a: { r: [0, 0.1, -0.1] }, b: { r: [1, 1, 1] } }, mixed = { a: { r: [2, 0, 1.5] }, b: { r: [1, 1, 1] } };
    expect(c.judgeSweep([{ value: 0.1, perSeed: up }, { value: 1, perSeed: up }], seeds).holds).toBe(true);
    expect(c.judgeSweep([{ value: 0.1, perSeed: up }, { value: 1, perSeed: mixed }], seeds).holds).toBeNull();
    const r = c.judgeSweep([{ value: 0.1, perSeed: mixed }, { value: 1, perSeed: down }], seeds);
    expect(r.holds).toBe(false);
    expect(r.evidence).toMatch(/^env\.beta = 0\.1: undecided \(.*\); env\.beta = 1: fails/);
  });
});
