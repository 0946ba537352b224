// One-line claim constructors for every paper, on the rules of experiments/stats.ts. Each returns
// a `ClaimSpec` (judged on one run) or a `SweepClaimSpec` (judged across a sweep) that names its
// rule, states the numbers behind its verdict in `evidence`, and is undecided (null) when a method
// was not run, with fewer than 2 seeds, or on non-finite values. `ruleText` is the report's
// "rule and margin" column.
//
//   compareClaim(id, text, metric, a, b, 'greater' | 'less', note?)       difference of a − b vs 0
//   boundClaim(id, text, metric, a, 'below' | 'above', value, note?)     a's interval vs a constant
//   equivalenceClaim(id, text, metric, a, b | constant, margin)           a − b inside ±margin
//   ratioClaim(id, text, metric, a, b | constant, [lo, hi])               a/b inside [lo, hi]
//   convergenceClaim(id, text, curveMetric, a, b, 'faster' | 'slower')    episodes to 90%, paired
//   trendClaim(id, text, metric, method, 'increasing' | 'decreasing', x?) slope across a sweep

import { convergenceDecision, describe, equivalenceDecision, pairedDecision, ratioDecision, trendDecision } from './stats.js';
import type { ClaimInfo, ClaimResult, ClaimSpec, PerSeedMetrics, SweepClaimSpec, SweepPoint } from './types.js';

/** A number for evidence and tables: 4 significant digits, exponent notation outside [1e-3, 1e6). */
export function fmt(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  const a = Math.abs(x);
  if (a !== 0 && (a >= 1e6 || a < 1e-3)) return x.toExponential(3);
  return Number(x.toPrecision(4)).toString();
}

/** "mean [lo, hi]" (Student-t 95% interval over seeds). */
export function stat(v: readonly number[]): string {
  const d = describe(v);
  return `${fmt(d.mean)} [${fmt(d.ci95[0])}, ${fmt(d.ci95[1])}]`;
}

/** A "not judged" result when one of `methods` has no values of `metric`, else null. */
export function missing(m: PerSeedMetrics, metric: string, methods: readonly string[]): ClaimResult | null {
  const gone = methods.filter((x) => m[x]?.[metric] === undefined || m[x]![metric]!.length === 0);
  return gone.length === 0 ? null : { holds: null, evidence: `not judged: no ${metric} for ${gone.join(', ')} (method not run)` };
}

/** The report's "rule" cell: the rule and its margin, range, bound or threshold. */
export function ruleText(c: {
  readonly rule: ClaimInfo['rule']; readonly margin?: number | undefined; readonly range?: readonly [number, number] | undefined;
  readonly bound?: ClaimInfo['bound'] | undefined; readonly op?: string | undefined; readonly threshold?: number | undefined;
}): string {
  switch (c.rule) {
    case 'difference': return 'difference: 95% CI of paired A − B vs 0';
    case 'bound': return c.bound === undefined ? 'bound' : `bound: 95% CI ${c.bound.side} ${fmt(c.bound.value)}`;
    case 'equivalence': return `equivalence: 95% CI of paired A − B within ±${c.margin === undefined ? '?' : fmt(c.margin)}`;
    case 'ratio': return `ratio: 95% CI of paired A/B within [${c.range === undefined ? '?' : `${fmt(c.range[0])}, ${fmt(c.range[1])}`}]`;
    case 'trend': return 'trend: 95% CI of per-seed slopes across the sweep vs 0';
    case 'convergence': return 'convergence: 95% CI of paired episodes-to-90% A − B vs 0';
    case 'threshold': return c.op === undefined || c.threshold === undefined ? 'threshold' : `threshold: ${c.op} ${fmt(c.threshold)}`;
    case 'exact': return 'exact: on every seed';
  }
}

const fewSeeds = (n: number): string => (n < 2 ? ' (fewer than 2 seeds: undecided)' : '');

/** "a <direction> b" on `metric`, seed-paired (rule 'difference'); `note` adds to the evidence. */
export function compareClaim(id: string, text: string, metric: string, a: string, b: string, direction: 'greater' | 'less', note?: (av: readonly number[], bv: readonly number[]) => string): ClaimSpec {
  return {
    id, text, metric, rule: 'difference',
    judge(m) {
      const miss = missing(m, metric, [a, b]);
      if (miss !== null) return miss;
      const av = m[a]![metric]!, bv = m[b]![metric]!;
      const { holds, diff } = pairedDecision(av, bv, direction);
      const extra = note === undefined ? '' : `; ${note(av, bv)}`;
      return { holds, evidence: `${a} ${stat(av)} vs ${b} ${stat(bv)} (mean [95% CI] over ${av.length} seeds); paired ${a} − ${b} = ${stat(diff.perSeed)}${fewSeeds(av.length)}${extra}` };
    },
  };
}

/** "a's metric lies below/above value" (rule 'bound'): the 95% interval of a's per-seed values vs the constant. */
export function boundClaim(id: string, text: string, metric: string, a: string, side: 'below' | 'above', value: number, note?: (m: PerSeedMetrics) => string): ClaimSpec {
  return {
    id, text, metric, rule: 'bound', bound: { side, value },
    judge(m) {
      const miss = missing(m, metric, [a]);
      if (miss !== null) return miss;
      const v = m[a]![metric]!;
      const { holds } = pairedDecision(v, value, side === 'below' ? 'less' : 'greater');
      const extra = note === undefined ? '' : `; ${note(m)}`;
      return { holds, evidence: `${a} ${metric} ${stat(v)} over ${v.length} seeds (claimed ${side} ${fmt(value)})${fewSeeds(v.length)}${extra}` };
    },
  };
}

/** "a ≈ b within ±margin" (rule 'equivalence'); `b` is a method id or a constant. */
export function equivalenceClaim(id: string, text: string, metric: string, a: string, b: string | number, margin: number): ClaimSpec {
  if (!(Number.isFinite(margin) && margin > 0)) throw new RangeError(`equivalenceClaim ${id}: margin must be a finite number > 0, got ${margin}`);
  return {
    id, text, metric, rule: 'equivalence', margin,
    judge(m) {
      const miss = missing(m, metric, typeof b === 'string' ? [a, b] : [a]);
      if (miss !== null) return miss;
      const av = m[a]![metric]!, bv = typeof b === 'string' ? m[b]![metric]! : b;
      const { holds, diff } = equivalenceDecision(av, bv, margin);
      const bText = typeof b === 'string' ? `${b} ${stat(bv as readonly number[])}` : fmt(b);
      return { holds, evidence: `${a} ${stat(av)} vs ${bText} (mean [95% CI] over ${av.length} seeds); paired ${a} − ${typeof b === 'string' ? b : fmt(b)} = ${stat(diff.perSeed)}, margin ±${fmt(margin)}${fewSeeds(av.length)}` };
    },
  };
}

/** "a/b ∈ [lo, hi]" (rule 'ratio'), seed-paired ratios; `b` is a method id or a constant. The evidence prints the ratio. */
export function ratioClaim(id: string, text: string, metric: string, a: string, b: string | number, range: readonly [number, number]): ClaimSpec {
  if (!(Number.isFinite(range[0]) && Number.isFinite(range[1]) && range[0] < range[1])) throw new RangeError(`ratioClaim ${id}: range must be [lo, hi] with finite lo < hi, got [${range[0]}, ${range[1]}]`);
  return {
    id, text, metric, rule: 'ratio', range: [range[0], range[1]],
    judge(m) {
      const miss = missing(m, metric, typeof b === 'string' ? [a, b] : [a]);
      if (miss !== null) return miss;
      const av = m[a]![metric]!, bv = typeof b === 'string' ? m[b]![metric]! : b;
      const { holds, ratio } = ratioDecision(av, bv, range);
      const bText = typeof b === 'string' ? `${b} ${stat(bv as readonly number[])}` : fmt(b);
      return { holds, value: ratio.mean, perSeed: ratio.perSeed, evidence: `${a}/${typeof b === 'string' ? b : fmt(b)} = ${stat(ratio.perSeed)} (paired ratio, mean [95% CI] over ${av.length} seeds; per seed ${ratio.perSeed.map(fmt).join(', ')}) vs [${fmt(range[0])}, ${fmt(range[1])}]; ${a} ${stat(av)}, ${bText}${fewSeeds(av.length)}` };
    },
  };
}

/** The metric under which a job stores `convergenceEpisode` of its training curve `curveMetric`. */
export function convergenceMetric(curveMetric: string): string {
  return `convergenceEpisode.${curveMetric}`;
}

/**
 * "a converges faster/slower than b" on the training curve `curveMetric` (rule 'convergence'): the
 * job stores `convergenceEpisode(curve)` under `convergenceMetric(curveMetric)`; compared seed-paired.
 */
export function convergenceClaim(id: string, text: string, curveMetric: string, a: string, b: string, direction: 'faster' | 'slower'): ClaimSpec {
  const metric = convergenceMetric(curveMetric);
  return {
    id, text, metric, rule: 'convergence',
    judge(m) {
      const miss = missing(m, metric, [a, b]);
      if (miss !== null) return miss;
      const av = m[a]![metric]!, bv = m[b]![metric]!;
      const { holds, diff } = convergenceDecision(av, bv, direction);
      return { holds, evidence: `episodes to 90% of the own improvement of ${curveMetric}: ${a} ${stat(av)} (per seed ${av.map(fmt).join(', ')}) vs ${b} ${stat(bv)} (per seed ${bv.map(fmt).join(', ')}); paired ${a} − ${b} = ${stat(diff.perSeed)}${fewSeeds(av.length)}` };
    },
  };
}

/**
 * "metric of method increases/decreases with the swept value" (rule 'trend', a sweep claim): per
 * seed the least-squares slope of the metric over x(value) (default: the value as a number).
 */
export function trendClaim(id: string, text: string, metric: string, method: string, direction: 'increasing' | 'decreasing', x: (value: unknown) => number = Number): SweepClaimSpec {
  return {
    id, text, metric, rule: 'trend',
    judgeSweep(points: readonly SweepPoint[]) {
      const xs = points.map((p) => x(p.value));
      const bad = points.findIndex((_, i) => !Number.isFinite(xs[i]));
      if (bad >= 0) return { holds: null, evidence: `not judged: sweep value ${JSON.stringify(points[bad]!.value)} is not a number` };
      for (const p of points) {
        const miss = missing(p.perSeed, metric, [method]);
        if (miss !== null) return { holds: null, evidence: `${miss.evidence} at ${JSON.stringify(p.value)}` };
      }
      const ys = points.map((p) => p.perSeed[method]![metric]!);
      const { holds, slope } = trendDecision(xs, ys, direction);
      const means = points.map((p, i) => `${JSON.stringify(p.value)}: ${fmt(describe(ys[i]!).mean)}`).join(', ');
      return { holds, value: slope.mean, perSeed: slope.perSeed, evidence: `${method} ${metric} (mean over seeds) ${means}; per-seed least-squares slope ${stat(slope.perSeed)} (per seed ${slope.perSeed.map(fmt).join(', ')})${fewSeeds(ys[0]?.length ?? 0)}` };
    },
  };
}

/**
 * A single-run claim judged at every value of a sweep (a sweep claim with the same rule): holds when
 * it holds at every value, fails when it fails at one or more, undecided otherwise. The evidence
 * lists the verdict and evidence per value.
 */
export function atEverySweepValue(claim: ClaimSpec, key: string): SweepClaimSpec {
  const { judge, ...info } = claim;
  return {
    ...info, id: `${claim.id}@every-${key}`, text: `At every ${key} of the sweep: ${claim.text}`,
    judgeSweep(points, seeds) {
      const rs = points.map((p) => judge(p.perSeed, seeds));
      const holds = rs.some((r) => r.holds === false) ? false : rs.every((r) => r.holds === true) ? true : null;
      const v = (h: boolean | null): string => (h === true ? 'holds' : h === false ? 'fails' : 'undecided');
      return { holds, evidence: rs.map((r, i) => `${key} = ${JSON.stringify(points[i]!.value)}: ${v(r.holds)} (${r.evidence})`).join('; ') };
    },
  };
}
