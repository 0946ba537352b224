// The claims of paper 5 (spec 05 §6), split into separately judged ids, on the shared rules of
// experiments/claims.ts and experiments/stats.ts. Per-run claims: "A > B" (rule 'difference') holds
// when the Student-t 95% interval of the seed-paired difference lies above 0, fails when below,
// else undecided; "A is the highest/lowest among S" (`groupClaim`) compares A seed by seed with the
// per-seed maximum/minimum over S by the same rule. Sweep claims (claims 3–5: trends over C, B, F)
// are attached to the sweep presets in index.ts and judged across the sweep.

import { atEverySweepValue, convergenceClaim, fmt, missing, stat, trendClaim } from '../claims.js';
import { equivalenceDecision, pairedDecision } from '../stats.js';
import type { ClaimResult, ClaimSpec, PerSeedMetrics, SweepClaimSpec } from '../types.js';

export const LEARNERS = ['pfr-oa', 'mcf-td3', 'td3', 'ddpg', 'dqn'] as const;
export const HEURISTICS = ['greedy', 'edge', 'local'] as const;
const ALL: readonly string[] = [...LEARNERS, ...HEURISTICS];
const others = (x: string, pool: readonly string[] = ALL): string[] => pool.filter((y) => y !== x);

/** Per seed, the max (or min) over the methods' series. */
function extreme(m: PerSeedMetrics, metric: string, methods: readonly string[], kind: 'max' | 'min'): number[] {
  const rows = methods.map((x) => m[x]![metric]!);
  return rows[0]!.map((_, s) => rows.reduce((best, r) => (kind === 'max' ? Math.max(best, r[s]!) : Math.min(best, r[s]!)), kind === 'max' ? -Infinity : Infinity));
}

/**
 * Group A vs group B on `metric`, seed-paired (rule 'difference'): 'greater' compares the per-seed
 * minimum over A with the per-seed maximum over B ('less': max over A vs min over B); a one-method
 * group is that method.
 */
export function groupClaim(id: string, text: string, metric: string, a: readonly string[], b: readonly string[], direction: 'greater' | 'less'): ClaimSpec {
  return {
    id, text, metric, rule: 'difference',
    judge(m): ClaimResult {
      const miss = missing(m, metric, [...a, ...b]);
      if (miss !== null) return miss;
      const av = extreme(m, metric, a, direction === 'greater' ? 'min' : 'max');
      const bv = extreme(m, metric, b, direction === 'greater' ? 'max' : 'min');
      const { holds, diff } = pairedDecision(av, bv, direction);
      const name = (g: readonly string[], k: string): string => (g.length === 1 ? g[0]! : `${k}(${g.join(', ')})`);
      const an = name(a, direction === 'greater' ? 'min' : 'max'), bn = name(b, direction === 'greater' ? 'max' : 'min');
      const why = av.length < 2 ? ' (fewer than 2 seeds: undecided)' : '';
      return { holds, evidence: `${an} ${stat(av)} vs ${bn} ${stat(bv)} (mean [95% CI] over ${av.length} seeds); paired difference ${stat(diff.perSeed)}${why}` };
    },
  };
}

export const SMART_COMMUNITY_CLAIMS: readonly ClaimSpec[] = [
  groupClaim('1a-pfroa-gt-mcftd3', 'Reward: PFR-OA > MCF-TD3 (Fig. 6, Table III).', 'reward', ['pfr-oa'], ['mcf-td3'], 'greater'),
  groupClaim('1b-learners-gt-heuristics', 'Reward: every DRL method above every non-learning method (per seed, the worst learner vs the best of Greedy, Edge, Local).', 'reward', LEARNERS, HEURISTICS, 'greater'),
  groupClaim('1c-pfroa-best-drl', 'Reward: PFR-OA above every other DRL method (MCF-TD3, TD3, DDPG, DQN), per seed against their maximum.', 'reward', ['pfr-oa'], others('pfr-oa', LEARNERS), 'greater'),
  groupClaim('1d-mcftd3-best-of-rest', 'Reward: MCF-TD3 is the best of the other DRL methods (above TD3, DDPG, DQN).', 'reward', ['mcf-td3'], ['td3', 'ddpg', 'dqn'], 'greater'),
  convergenceClaim('1e-pfroa-converges-faster', 'PFR-OA converges faster than MCF-TD3 (Fig. 6): fewer training epochs until the moving average of the training reward covers 90% of its own improvement.', 'reward', 'pfr-oa', 'mcf-td3', 'faster'),
  groupClaim('2a-pfroa-highest-success', 'PFR-OA has the highest task success rate of all methods.', 'successRate', ['pfr-oa'], others('pfr-oa'), 'greater'),
  groupClaim('2b-local-lowest-energy', 'Local has the lowest average energy (eq. 15 nominal metric).', 'energyNominal', ['local'], others('local'), 'less'),
  groupClaim('2c-edge-highest-wait', 'Edge has the highest average waiting time (expected NOT to hold under the defaults, resolution 8).', 'waitS', ['edge'], others('edge'), 'greater'),
  groupClaim('2d-edge-highest-energy', 'Edge has the highest average energy (nominal metric).', 'energyNominal', ['edge'], others('edge'), 'greater'),
  groupClaim('2e-pfroa-lowest-energy-but-local', 'PFR-OA has the lowest average energy except Local (nominal metric).', 'energyNominal', ['pfr-oa'], others('pfr-oa').filter((x) => x !== 'local'), 'less'),
  groupClaim('2f-pfroa-lowest-wait', 'PFR-OA has the lowest average waiting time of all methods.', 'waitS', ['pfr-oa'], others('pfr-oa'), 'less'),
];

/**
 * "Method's change of `metric` from the first to the last sweep value is the largest" (rule
 * 'difference'): per seed Δ(method) − max over the others of Δ, vs 0.
 */
export function largestChangeClaim(id: string, text: string, metric: string, method: string, pool: readonly string[]): SweepClaimSpec {
  return {
    id, text, metric, rule: 'difference',
    judgeSweep(points) {
      const first = points[0]!, last = points[points.length - 1]!;
      for (const p of [first, last]) {
        const miss = missing(p.perSeed, metric, pool);
        if (miss !== null) return { holds: null, evidence: `${miss.evidence} at ${JSON.stringify(p.value)}` };
      }
      const delta = (x: string): number[] => last.perSeed[x]![metric]!.map((v, s) => v - first.perSeed[x]![metric]![s]!);
      const mine = delta(method), rest = pool.filter((x) => x !== method);
      const best = mine.map((_, s) => Math.max(...rest.map((x) => delta(x)[s]!)));
      const { holds, diff } = pairedDecision(mine, best, 'greater');
      return { holds, evidence: `Δ${metric} from ${JSON.stringify(first.value)} to ${JSON.stringify(last.value)}: ${method} ${stat(mine)}, max of the others ${stat(best)} (${rest.map((x) => `${x} ${fmt(delta(x).reduce((a, b) => a + b, 0) / mine.length)}`).join(', ')}); paired difference ${stat(diff.perSeed)}` };
    },
  };
}

/** "Method's `metric` is unaffected by the swept value" (rule 'equivalence'): Δ from the first to the last value inside ±margin. */
export function flatClaim(id: string, text: string, metric: string, method: string, margin: number): SweepClaimSpec {
  return {
    id, text, metric, rule: 'equivalence', margin,
    judgeSweep(points) {
      const first = points[0]!, last = points[points.length - 1]!;
      for (const p of [first, last]) {
        const miss = missing(p.perSeed, metric, [method]);
        if (miss !== null) return { holds: null, evidence: `${miss.evidence} at ${JSON.stringify(p.value)}` };
      }
      const a = last.perSeed[method]![metric]!, b = first.perSeed[method]![metric]!;
      const { holds, diff } = equivalenceDecision(a, b, margin);
      return { holds, evidence: `${method} ${metric} at ${JSON.stringify(first.value)} ${stat(b)}, at ${JSON.stringify(last.value)} ${stat(a)}; paired change ${stat(diff.perSeed)}, margin ±${fmt(margin)}` };
    },
  };
}

/** Midpoint of a [lo, hi] cycles range in Gcycles (the x of the cycles sweep). */
export const cyclesMidpoint = (v: unknown): number => (Array.isArray(v) ? (Number(v[0]) + Number(v[1])) / 2e9 : NaN);

/** Claim 3 (Fig. 8), judged across `cycles-sweep`. */
export const CYCLES_SWEEP_CLAIMS: readonly SweepClaimSpec[] = [
  trendClaim('3a-cycles-lower-success-pfroa', 'Larger required cycles C ⇒ lower task success rate (PFR-OA).', 'successRate', 'pfr-oa', 'decreasing', cyclesMidpoint),
  trendClaim('3b-cycles-lower-reward-pfroa', 'Larger C ⇒ lower reward (PFR-OA).', 'reward', 'pfr-oa', 'decreasing', cyclesMidpoint),
  trendClaim('3c-cycles-lower-success-local', 'Larger C ⇒ lower task success rate (Local).', 'successRate', 'local', 'decreasing', cyclesMidpoint),
  atEverySweepValue(groupClaim('3d-pfroa-success-gt-drl', 'PFR-OA keeps a higher success rate than MCF-TD3, TD3 and DQN.', 'successRate', ['pfr-oa'], ['mcf-td3', 'td3', 'dqn'], 'greater'), 'C'),
  atEverySweepValue(groupClaim('3e-local-lowest-energy', 'Local has the lowest energy.', 'energyNominal', ['local'], others('local'), 'less'), 'C'),
  atEverySweepValue(groupClaim('3f-edge-highest-energy', 'Edge has the highest energy.', 'energyNominal', ['edge'], others('edge'), 'greater'), 'C'),
];

/** Claim 4 (Table III), judged across `table3` (B = 5, 15, 25 MHz). */
export const BANDWIDTH_SWEEP_CLAIMS: readonly SweepClaimSpec[] = [
  largestChangeClaim('4a-bandwidth-helps-edge-most', 'Larger bandwidth helps Edge most: its success-rate gain from 5 to 25 MHz exceeds every other method\'s.', 'successRate', 'edge', ALL),
  flatClaim('4b-local-unaffected-by-bandwidth', 'Local is unaffected by the bandwidth (success rate within ±0.01 from 5 to 25 MHz).', 'successRate', 'local', 0.01),
  trendClaim('4c-bandwidth-raises-edge-success', 'Larger bandwidth ⇒ higher Edge success rate.', 'successRate', 'edge', 'increasing'),
  atEverySweepValue(groupClaim('1a-pfroa-gt-mcftd3', 'Reward: PFR-OA > MCF-TD3.', 'reward', ['pfr-oa'], ['mcf-td3'], 'greater'), 'B'),
];

/** Claim 5 (Fig. 9), judged across `capacity-sweep`. */
export const CAPACITY_SWEEP_CLAIMS: readonly SweepClaimSpec[] = [
  trendClaim('5a-capacity-raises-success', 'Larger MEC CPU F ⇒ higher task success rate (PFR-OA).', 'successRate', 'pfr-oa', 'increasing'),
  trendClaim('5b-capacity-raises-reward', 'Larger F ⇒ higher reward (PFR-OA).', 'reward', 'pfr-oa', 'increasing'),
  trendClaim('5c-capacity-more-offloading', 'Larger F ⇒ more offloading (PFR-OA).', 'offloadFraction', 'pfr-oa', 'increasing'),
  trendClaim('5d-capacity-lowers-wait', 'Larger F ⇒ lower waiting time (PFR-OA).', 'waitS', 'pfr-oa', 'decreasing'),
  trendClaim('5e-capacity-raises-energy', 'Larger F ⇒ more offloading ⇒ higher energy (PFR-OA, nominal metric).', 'energyNominal', 'pfr-oa', 'increasing'),
  flatClaim('5f-local-flat-capacity', 'Local is flat in F (success rate within ±0.01 from 10 to 30 GHz).', 'successRate', 'local', 0.01),
];
