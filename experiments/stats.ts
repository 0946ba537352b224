// Summary statistics over seeds and the claim decision rules of the reproduction reports. Every rule
// uses the Student-t 95% interval over seeds (sample standard deviation, n − 1) of a per-seed
// quantity, and answers true (holds), false (fails) or null (undecided: the interval straddles the
// boundary, fewer than 2 seeds, or a non-finite per-seed value):
//   - difference (`pairedDecision`): "A > B" holds when the interval of the seed-paired difference
//     A − B lies above 0, fails when it lies below 0; B may be a constant (a one-sample bound);
//   - equivalence (`equivalenceDecision`): "A ≈ B within ±margin" holds when the interval of A − B
//     lies inside [−margin, margin], fails when it lies wholly outside it;
//   - ratio (`ratioDecision`): "A/B ∈ [lo, hi]" on the seed-paired ratios A_s/B_s: holds when their
//     interval lies inside [lo, hi], fails when it is disjoint from it;
//   - trend (`trendDecision`): per seed, the least-squares slope of a metric across a sweep; the
//     slopes are judged like a difference against 0;
//   - convergence (`convergenceEpisode`, `convergenceDecision`): episodes until a training curve
//     first reaches 90% of its own improvement; compared seed-paired like a difference.
// Mismatched seed counts are a programming error (RangeError), not an undecided claim.

import { pow } from '../lib/math/index.js';

/** Arithmetic mean (NaN for an empty list). */
export function mean(xs: readonly number[]): number {
  if (xs.length === 0) return NaN;
  let s = 0;
  for (const x of xs) s += x;
  return s / xs.length;
}

/** Sample standard deviation (divisor n − 1); 0 for one value, NaN for none. */
export function sampleStd(xs: readonly number[]): number {
  if (xs.length === 0) return NaN;
  if (xs.length === 1) return 0;
  const m = mean(xs);
  let s = 0;
  for (const x of xs) s += (x - m) * (x - m);
  return Math.sqrt(s / (xs.length - 1));
}

/** Median (mean of the two middle values for an even count). */
export function median(xs: readonly number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b), n = s.length;
  return n % 2 === 1 ? s[n >> 1]! : (s[n / 2 - 1]! + s[n / 2]!) / 2;
}

/** Mean after dropping ⌊fraction·n⌋ values from each end (fraction 0.01 = the 1%-trimmed mean). */
export function trimmedMean(xs: readonly number[], fraction = 0.01): number {
  if (!(fraction >= 0 && fraction < 0.5)) throw new RangeError(`trimmedMean: fraction must be in [0, 0.5), got ${fraction}`);
  const s = [...xs].sort((a, b) => a - b);
  const k = Math.floor(fraction * s.length);
  return mean(s.slice(k, s.length - k));
}

// Two-sided 97.5% quantiles of Student's t for df = 1..30 (standard tables, 3 decimals).
const T975 = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131, 2.12, 2.11, 2.101, 2.093, 2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042];

/** t_{0.975, df}: from the table for df ≤ 30, else the Cornish–Fisher expansion around 1.95996. */
export function tQuantile975(df: number): number {
  if (!Number.isInteger(df) || df < 1) throw new RangeError(`tQuantile975: df must be an integer >= 1, got ${df}`);
  if (df <= 30) return T975[df - 1]!;
  const z = 1.959963985, z3 = pow(z, 3), z5 = pow(z, 5);
  return z + (z3 + z) / (4 * df) + (5 * z5 + 16 * z3 + 3 * z) / (96 * df * df);
}

/** Student-t 95% interval of the mean; [mean, mean] for one value (no spread to estimate). */
export function ci95(xs: readonly number[]): [number, number] {
  const m = mean(xs);
  if (xs.length < 2) return [m, m];
  const h = (tQuantile975(xs.length - 1) * sampleStd(xs)) / Math.sqrt(xs.length);
  return [m - h, m + h];
}

/** Median absolute deviation from the median (unscaled: median |x − median(x)|); NaN for none. */
export function mad(xs: readonly number[]): number {
  const m = median(xs);
  return median(xs.map((x) => Math.abs(x - m)));
}

/**
 * Indices of the values more than `k` MADs (default 3, unscaled MAD) from the median — the seeds a
 * report flags as outliers. With MAD = 0 (most seeds equal) any value off the median is flagged;
 * fewer than 3 values are never flagged (no majority to compare with); non-finite values always are.
 */
export function madOutliers(xs: readonly number[], k = 3): number[] {
  if (xs.length < 3) return [];
  const finite = xs.filter((x) => Number.isFinite(x));
  const m = median(finite), d = mad(finite);
  return xs.flatMap((x, i) => (!Number.isFinite(x) || Math.abs(x - m) > k * d ? [i] : []));
}

/** `{ mean, std, ci95, perSeed }` of per-seed values (the summary.json record). */
export function describe(perSeed: readonly number[]): { mean: number; std: number; ci95: [number, number]; perSeed: number[] } {
  return { mean: mean(perSeed), std: sampleStd(perSeed), ci95: ci95(perSeed), perSeed: [...perSeed] };
}

/** The per-seed record a decision reports (`describe` of the paired quantity). */
export type Described = ReturnType<typeof describe>;
/** true = holds, false = fails, null = undecided. */
export type Verdict = boolean | null;

function pairedValues(name: string, a: readonly number[], b: readonly number[] | number, f: (x: number, y: number) => number): number[] {
  if (typeof b !== 'number' && a.length !== b.length) throw new RangeError(`${name}: ${a.length} vs ${b.length} seeds; the comparison is paired by seed`);
  return a.map((x, i) => f(x, typeof b === 'number' ? b : b[i]!));
}

/** The 95% interval of `v`, or null when it is not meaningful (fewer than 2 seeds, a non-finite value). */
function interval(v: readonly number[]): [number, number] | null {
  if (v.length < 2 || v.some((x) => !Number.isFinite(x))) return null;
  return ci95(v);
}

/**
 * Seed-paired comparison: d_s = a_s − b_s (b may be a constant: then a one-sample bound). Returns true
 * when the whole 95% interval of the mean difference is on the claimed side of 0 (`direction`
 * 'greater': a > b), false when it is wholly on the other side, null when it contains 0 — or when
 * fewer than 2 seeds make an interval meaningless, or a value is not finite.
 */
export function pairedDecision(a: readonly number[], b: readonly number[] | number, direction: 'greater' | 'less'): { holds: Verdict; diff: Described } {
  const d = pairedValues('pairedDecision', a, b, (x, y) => x - y);
  const diff = describe(d);
  const ci = interval(d);
  if (ci === null) return { holds: null, diff };
  const [lo, hi] = ci;
  const above = lo > 0, below = hi < 0;
  const holds = direction === 'greater' ? (above ? true : below ? false : null) : (below ? true : above ? false : null);
  return { holds, diff };
}

/**
 * Equivalence: "a ≈ b within ±margin", d_s = a_s − b_s (b may be a constant). Holds when the 95%
 * interval of the mean difference lies inside [−margin, margin], fails when it lies wholly outside
 * (above margin or below −margin), null otherwise (or with < 2 seeds / non-finite values).
 */
export function equivalenceDecision(a: readonly number[], b: readonly number[] | number, margin: number): { holds: Verdict; diff: Described } {
  if (!(Number.isFinite(margin) && margin > 0)) throw new RangeError(`equivalenceDecision: margin must be a finite number > 0, got ${margin}`);
  const d = pairedValues('equivalenceDecision', a, b, (x, y) => x - y);
  const diff = describe(d);
  const ci = interval(d);
  if (ci === null) return { holds: null, diff };
  const [lo, hi] = ci;
  return { holds: lo >= -margin && hi <= margin ? true : lo > margin || hi < -margin ? false : null, diff };
}

/**
 * Ratio: "a/b ∈ [lo, hi]" on the seed-paired ratios r_s = a_s / b_s (b may be a constant). Holds
 * when the 95% interval of the mean ratio lies inside [lo, hi], fails when it is disjoint from it,
 * null otherwise (or with < 2 seeds, a zero or non-finite denominator). `ratio` is for the report.
 */
export function ratioDecision(a: readonly number[], b: readonly number[] | number, range: readonly [number, number]): { holds: Verdict; ratio: Described } {
  const [lo, hi] = range;
  if (!(Number.isFinite(lo) && Number.isFinite(hi) && lo < hi)) throw new RangeError(`ratioDecision: range must be [lo, hi] with finite lo < hi, got [${lo}, ${hi}]`);
  const r = pairedValues('ratioDecision', a, b, (x, y) => x / y);
  const ratio = describe(r);
  const ci = interval(r);
  if (ci === null) return { holds: null, ratio };
  return { holds: ci[0] >= lo && ci[1] <= hi ? true : ci[1] < lo || ci[0] > hi ? false : null, ratio };
}

/** Least-squares slope of y on x (NaN when the xs do not vary or a value is not finite). */
export function leastSquaresSlope(xs: readonly number[], ys: readonly number[]): number {
  if (xs.length !== ys.length) throw new RangeError(`leastSquaresSlope: ${xs.length} xs vs ${ys.length} ys`);
  const mx = mean(xs), my = mean(ys);
  let sxy = 0, sxx = 0;
  for (let i = 0; i < xs.length; i++) { sxy += (xs[i]! - mx) * (ys[i]! - my); sxx += (xs[i]! - mx) ** 2; }
  return sxx > 0 ? sxy / sxx : NaN;
}

/**
 * Trend across a sweep: `ysAtX[i]` holds the per-seed values (ordered by seed, the same seeds at
 * every x) measured at `xs[i]`. Per seed s, the least-squares slope of (xs[i], ysAtX[i][s]) over i;
 * 'increasing' holds when the 95% interval of the slopes lies above 0, fails when below 0, null
 * otherwise (or with < 2 seeds, < 2 distinct xs, non-finite values). `slope` is for the report.
 */
export function trendDecision(xs: readonly number[], ysAtX: readonly (readonly number[])[], direction: 'increasing' | 'decreasing'): { holds: Verdict; slope: Described } {
  if (xs.length !== ysAtX.length) throw new RangeError(`trendDecision: ${xs.length} sweep values vs ${ysAtX.length} lists of per-seed values`);
  const nSeeds = ysAtX[0]?.length ?? 0;
  ysAtX.forEach((ys, i) => { if (ys.length !== nSeeds) throw new RangeError(`trendDecision: ${ys.length} seeds at sweep value ${xs[i]} vs ${nSeeds} at ${xs[0]}; the slopes are paired by seed`); });
  const slopes = Array.from({ length: nSeeds }, (_, s) => leastSquaresSlope(xs, ysAtX.map((ys) => ys[s]!)));
  const { holds } = pairedDecision(slopes, 0, direction === 'increasing' ? 'greater' : 'less');
  return { holds, slope: describe(slopes) };
}

/** Share of a training curve's own improvement that counts as converged (90%). */
export const CONVERGENCE_FRACTION = 0.9;

/** The window of `convergenceEpisode`: a tenth of the curve (at least 1 episode). */
export function convergenceWindow(episodes: number): number {
  return Math.max(1, Math.floor(episodes / 10));
}

/**
 * Convergence speed of one training curve (values per episode, in episode order). With w =
 * `convergenceWindow(n)` (a tenth of the n episodes, at least 1): first = mean of the first w
 * episodes, final = mean of the last w, target = first + 0.9·(final − first). Returns the number of
 * episodes until the trailing w-episode moving average first reaches the target (on the side of the
 * change: ≥ when the curve rises, ≤ when it falls), i.e. the 1-based episode where that window ends.
 * NaN when the curve has fewer than 2 episodes, a non-finite value, or no change (final = first):
 * a curve that does not move has no convergence speed, and the claim is then undecided.
 */
export function convergenceEpisode(curve: readonly number[], fraction = CONVERGENCE_FRACTION): number {
  if (!(fraction > 0 && fraction <= 1)) throw new RangeError(`convergenceEpisode: fraction must be in (0, 1], got ${fraction}`);
  const n = curve.length;
  if (n < 2 || curve.some((x) => !Number.isFinite(x))) return NaN;
  const w = convergenceWindow(n);
  const first = mean(curve.slice(0, w)), final = mean(curve.slice(n - w));
  const change = final - first;
  if (change === 0) return NaN;
  const target = first + fraction * change;
  let sum = 0;
  for (let e = 0; e < n; e++) {
    sum += curve[e]!;
    if (e >= w) sum -= curve[e - w]!;
    if (e < w - 1) continue;
    const avg = sum / w;
    if (change > 0 ? avg >= target : avg <= target) return e + 1;
  }
  return n; // unreachable up to rounding: the last window's average is `final`
}

/**
 * Seed-paired convergence comparison of per-seed `convergenceEpisode`s: 'faster' (a converges in
 * fewer episodes than b) holds when the 95% interval of a_s − b_s lies below 0; a judged difference.
 */
export function convergenceDecision(aEpisodes: readonly number[], bEpisodes: readonly number[], direction: 'faster' | 'slower'): { holds: Verdict; diff: Described } {
  return pairedDecision(aEpisodes, bEpisodes, direction === 'faster' ? 'less' : 'greater');
}
