// Summary statistics over seeds and the claim decision rule of the reproduction reports.
//   - sample standard deviation (n − 1), Student-t 95% intervals over seeds;
//   - a claim "A > B" holds when the 95% interval of the seed-paired difference A − B lies above 0,
//     fails when it lies below 0, and is undecided (null) otherwise.

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
  const z = 1.959963985, z3 = z ** 3, z5 = z ** 5;
  return z + (z3 + z) / (4 * df) + (5 * z5 + 16 * z3 + 3 * z) / (96 * df * df);
}

/** Student-t 95% interval of the mean; [mean, mean] for one value (no spread to estimate). */
export function ci95(xs: readonly number[]): [number, number] {
  const m = mean(xs);
  if (xs.length < 2) return [m, m];
  const h = (tQuantile975(xs.length - 1) * sampleStd(xs)) / Math.sqrt(xs.length);
  return [m - h, m + h];
}

/** `{ mean, std, ci95, perSeed }` of per-seed values (the summary.json record). */
export function describe(perSeed: readonly number[]): { mean: number; std: number; ci95: [number, number]; perSeed: number[] } {
  return { mean: mean(perSeed), std: sampleStd(perSeed), ci95: ci95(perSeed), perSeed: [...perSeed] };
}

/**
 * Seed-paired comparison: d_s = a_s − b_s. Returns true when the whole 95% interval of the mean
 * difference is on the claimed side of 0 (`direction` 'greater': a > b), false when it is wholly on
 * the other side, null when it contains 0 — or when fewer than 2 seeds make an interval meaningless.
 */
export function pairedDecision(a: readonly number[], b: readonly number[], direction: 'greater' | 'less'): { holds: boolean | null; diff: ReturnType<typeof describe> } {
  if (a.length !== b.length) throw new RangeError(`pairedDecision: ${a.length} vs ${b.length} seeds; the comparison is paired by seed`);
  const d = a.map((x, i) => x - b[i]!);
  const diff = describe(d);
  if (d.length < 2 || d.some((x) => !Number.isFinite(x))) return { holds: null, diff };
  const [lo, hi] = diff.ci95;
  const above = lo > 0, below = hi < 0;
  const holds = direction === 'greater' ? (above ? true : below ? false : null) : (below ? true : above ? false : null);
  return { holds, diff };
}
