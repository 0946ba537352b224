// The claims of spec 02 §6, split into separately judged comparisons, all on the delay-capped
// metrics (resolution 1: the literal upload time has an infinite mean, so literal means are reported
// but never judged). Rules (experiments/stats.ts):
//   comparison  "A > B": the Student-t 95% interval of the seed-paired difference A − B lies above 0
//               (holds), below 0 (fails), else null; null with < 2 seeds or a method not run;
//   all-of      a claim made of several comparisons holds when every one holds, fails when any fails;
//   bound       "x < margin": the 95% interval of x over seeds lies below the margin (holds), above (fails);
//   sign        "slope > 0": the 95% interval of the per-seed slope lies above 0 (holds), below (fails).
// Every claim is judged in the run it belongs to (the quick run; in a sweep, in every sweep run).
// Claims across a sweep (3a: utility falls with N, the trend rule; 3b: DTOMALB highest at each N) are
// `LOAD_BALANCING_SWEEP_CLAIMS`: their rules are here and tested, but the runner does not judge sweep
// claims yet (README.md).

import { fmtClaimNumber, meanCiText, missingMetric } from '../common/claimText.js';
import { describe, pairedDecision } from '../stats.js';
import { leastSquaresSlope } from './metrics.js';
import type { ClaimResult, ClaimSpec, PerSeedMetrics } from '../types.js';

/** Claim 4a's margin on loadSpread (max − min over servers of the mean LD⁺), s: the compute time of a mean task (1 Gcycle) at 10 GHz. */
export const LOAD_SPREAD_MARGIN_S = 0.1;

const fmt = fmtClaimNumber, stat = meanCiText, missing = missingMetric;

type Pair = readonly [a: string, direction: 'greater' | 'less', b: string];

function judgePairs(m: PerSeedMetrics, metric: string, pairs: readonly Pair[]): ClaimResult {
  const miss = missing(m, metric, [...new Set(pairs.flatMap(([a, , b]) => [a, b]))]);
  if (miss !== null) return miss;
  const parts: string[] = [];
  const verdicts = pairs.map(([a, dir, b]) => {
    const av = m[a]![metric]!, bv = m[b]![metric]!;
    const { holds, diff } = pairedDecision(av, bv, dir);
    parts.push(`${a} ${stat(av)} vs ${b} ${stat(bv)}; paired ${a} − ${b} = ${stat(diff.perSeed)} ⇒ ${holds === null ? 'undecided' : holds ? 'holds' : 'fails'}`);
    return holds;
  });
  const holds = verdicts.some((v) => v === false) ? false : verdicts.every((v) => v === true) ? true : null;
  const n = m[pairs[0]![0]]![metric]!.length;
  return { holds, evidence: `${parts.join('; ')} (mean [95% CI] over ${n} seeds${n < 2 ? ': fewer than 2 seeds, undecided' : ''})` };
}

function compare(id: string, text: string, metric: string, pairs: readonly Pair[]): ClaimSpec {
  return { id, text, metric, judge: (m) => judgePairs(m, metric, pairs) };
}

function interval(id: string, text: string, metric: string, method: string, rule: 'below' | 'above', bound: number): ClaimSpec {
  return {
    id, text, metric,
    judge(m) {
      const miss = missing(m, metric, [method]);
      if (miss !== null) return miss;
      const v = m[method]![metric]!, d = describe(v);
      const [lo, hi] = d.ci95;
      const ok = rule === 'below' ? hi < bound : lo > bound, bad = rule === 'below' ? lo > bound : hi < bound;
      const holds = v.length < 2 || !Number.isFinite(lo) || !Number.isFinite(hi) ? null : ok ? true : bad ? false : null;
      return { holds, evidence: `${method} ${metric} ${stat(v)} over ${v.length} seeds; holds when the 95% CI lies ${rule} ${fmt(bound)}`, value: d.mean, perSeed: v };
    },
  };
}

const U = 'utilityCapped10';

export const LOAD_BALANCING_CLAIMS: readonly ClaimSpec[] = [
  compare('1a-dtomalb-gt-dqn', 'DTOMALB reaches a higher system utility than DQN-TOLB (Fig. 5; delay-capped utility, evaluation).', U, [['dtomalb', 'greater', 'dqn-tolb']]),
  compare('1b-dtomalb-gt-idql', 'DTOMALB reaches a higher system utility than IDQL-TOLB (Fig. 5).', U, [['dtomalb', 'greater', 'idql-tolb']]),
  compare('1c-dtomalb-converges-fastest', 'DTOMALB converges fastest: fewer training episodes to 90% of its final training utility (moving average, metrics.ts episodesToConverge) than DQN-TOLB and than IDQL-TOLB (all-of).', 'episodesToConverge', [['dtomalb', 'less', 'dqn-tolb'], ['dtomalb', 'less', 'idql-tolb']]),
  compare('1d-idql-least-stable', 'IDQL-TOLB is the most unstable: larger sample std of its training utility over the last 20% of episodes than DTOMALB and than DQN-TOLB (all-of).', 'trainUtilityTailStd', [['idql-tolb', 'greater', 'dtomalb'], ['idql-tolb', 'greater', 'dqn-tolb']]),
  compare('1e-idql-lowest', 'IDQL-TOLB has the lowest utility of the learners: below DQN-TOLB.', U, [['idql-tolb', 'less', 'dqn-tolb']]),
  compare('2-lb-beats-no-lb', 'With the load-balancing term utility is higher: DTOMALB > DTOMA (Fig. 6; both evaluated with env.omega2).', U, [['dtomalb', 'greater', 'dtoma']]),
  compare('2b-lb-converges-faster', 'With the load-balancing term training is faster: DTOMALB needs fewer episodes to converge than DTOMA (Fig. 6).', 'episodesToConverge', [['dtomalb', 'less', 'dtoma']]),
  interval('4a-loads-equal', `Loads are nearly equal across servers under DTOMALB (Fig. 8): the spread max_m − min_m of the mean post-decision load LD⁺_m lies below ${LOAD_SPREAD_MARGIN_S} s (95% CI).`, 'loadSpread', 'dtomalb', 'below', LOAD_SPREAD_MARGIN_S),
  interval('4b-faster-servers-more-tasks', 'Faster servers receive more tasks under DTOMALB (Fig. 8): the per-seed least-squares slope of the task share (%) against f_m (GHz) is positive (95% CI above 0).', 'shareSlopePerGHz', 'dtomalb', 'above', 0),
  compare('5-dtomalb-gt-random', 'Reference: DTOMALB beats uniform-random offloading (not a paper claim; places the numbers).', U, [['dtomalb', 'greater', 'random']]),
];

/** One run of a sweep: the swept value and its per-seed metrics (seeds in the same order in every run). */
export interface SweepRun {
  readonly value: number;
  readonly metrics: PerSeedMetrics;
}

/** A claim judged across the runs of a sweep (to be wired by the shared sweep-claim rules; see README.md). */
export interface SweepClaimSpec {
  readonly id: string;
  readonly text: string;
  readonly metric: string;
  /** The preset whose runs judge it. */
  readonly preset: string;
  judge(runs: readonly SweepRun[]): ClaimResult;
}

/** Per seed, the least-squares slope of `metric` of `method` against the swept value (the trend rule). */
export function perSeedSlopes(runs: readonly SweepRun[], method: string, metric: string): number[] | null {
  const series = runs.map((r) => r.metrics[method]?.[metric]);
  if (runs.length < 2 || series.some((s) => s === undefined || s.length === 0)) return null;
  const seeds = Math.min(...series.map((s) => s!.length));
  const x = runs.map((r) => r.value);
  return Array.from({ length: seeds }, (_, k) => leastSquaresSlope(x, series.map((s) => s![k]!)));
}

const LEARNERS = ['dtomalb', 'dtoma', 'dqn-tolb', 'idql-tolb'] as const;

export const LOAD_BALANCING_SWEEP_CLAIMS: readonly SweepClaimSpec[] = [
  {
    id: '3a-utility-falls-with-n',
    text: 'System utility decreases with the number of users (Fig. 7): for every learner run, the 95% CI of the per-seed least-squares slope of utilityCapped10 against N lies below 0 (trend rule, all-of).',
    metric: U,
    preset: 'n-sweep',
    judge(runs) {
      const parts: string[] = [];
      const verdicts: (boolean | null)[] = [];
      for (const m of LEARNERS) {
        const s = perSeedSlopes(runs, m, U);
        if (s === null) continue;
        const d = describe(s);
        const holds = s.length < 2 || !Number.isFinite(d.ci95[1]) ? null : d.ci95[1] < 0 ? true : d.ci95[0] > 0 ? false : null;
        verdicts.push(holds);
        parts.push(`${m} slope ${stat(s)} per user`);
      }
      if (verdicts.length === 0) return { holds: null, evidence: `not judged: no learner has ${U} in every run of the sweep` };
      const holds = verdicts.some((v) => v === false) ? false : verdicts.every((v) => v === true) ? true : null;
      return { holds, evidence: `${parts.join('; ')} (N = ${runs.map((r) => r.value).join(', ')})` };
    },
  },
  {
    id: '3b-dtomalb-highest-each-n',
    text: 'DTOMALB stays highest at every N (Fig. 7): claims 1a and 1b (DTOMALB > DQN-TOLB, DTOMALB > IDQL-TOLB, seed-paired) hold in every run of the sweep (all-of).',
    metric: U,
    preset: 'n-sweep',
    judge(runs) {
      const results = runs.map((r) => ({ value: r.value, res: judgePairs(r.metrics, U, [['dtomalb', 'greater', 'dqn-tolb'], ['dtomalb', 'greater', 'idql-tolb']]) }));
      const v = results.map((r) => r.res.holds);
      const holds = runs.length === 0 ? null : v.some((x) => x === false) ? false : v.every((x) => x === true) ? true : null;
      return { holds, evidence: results.map((r) => `N = ${r.value}: ${r.res.holds === null ? 'undecided' : r.res.holds ? 'holds' : 'fails'}`).join('; ') };
    },
  },
];
