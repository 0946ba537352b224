// Small text helpers of claim evidence shared by the papers' claims: numbers with 4 significant
// digits, "mean [95% CI]" of per-seed values, and the "method not run" verdict.

import { describe } from '../stats.js';
import type { ClaimResult, PerSeedMetrics } from '../types.js';

/** 4 significant digits; exponent form outside [1e−3, 1e6). */
export function fmtClaimNumber(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  const a = Math.abs(x);
  if (a !== 0 && (a >= 1e6 || a < 1e-3)) return x.toExponential(3);
  return Number(x.toPrecision(4)).toString();
}

/** "mean [lo, hi]" of the per-seed values (Student-t 95% CI). */
export function meanCiText(v: readonly number[]): string {
  const d = describe(v);
  return `${fmtClaimNumber(d.mean)} [${fmtClaimNumber(d.ci95[0])}, ${fmtClaimNumber(d.ci95[1])}]`;
}

/** A null verdict when `metric` is missing for any of `methods` (a method not run), else null. */
export function missingMetric(m: PerSeedMetrics, metric: string, methods: readonly string[]): ClaimResult | null {
  const gone = methods.filter((x) => m[x]?.[metric] === undefined || m[x]![metric]!.length === 0);
  return gone.length === 0 ? null : { holds: null, evidence: `not judged: no ${metric} for ${gone.join(', ')} (method not run)` };
}
