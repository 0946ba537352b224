// The claims of spec 02 §6, split into separately judged ids, on the shared rules of
// experiments/claims.ts and experiments/stats.ts, all on the delay-capped metrics (resolution 1: the
// literal upload time has an infinite mean, so literal means are reported but never judged).
//   difference   "A > B": the Student-t 95% CI of the seed-paired difference lies above 0 (compareClaim);
//   convergence  seed-paired episodes to 90% of the own improvement of the training curve
//                utilityCapped10 (convergenceClaim; the job stores convergenceEpisode.utilityCapped10);
//   equivalence  4a: dtomalb's loadSpread (max − min over servers of the mean LD⁺_m) within ±0.1 s of 0;
//   bound        4b: the 95% CI of the per-seed least-squares slope of the task share (%) against
//                f_m (GHz) — the trend rule across servers, computed in each job — lies above 0;
//   trend        3a (sweep `n-sweep`): per-seed slopes of utilityCapped10 against N below 0;
//   all-of       a claim made of several comparisons holds when every part holds, fails when any fails.
// Single-run claims are judged in the quick run (and in every run of a sweep); 3a and 3b across the
// `n-sweep` runs.

import { atEverySweepValue, boundClaim, compareClaim, convergenceClaim, equivalenceClaim, trendClaim } from '../claims.js';
import type { ClaimResult, ClaimSpec, SweepClaimSpec } from '../types.js';
import { log10 } from '../../lib/math/index.js';

/** Claim 4a's equivalence margin on loadSpread, s: the compute time of a mean task (1 Gcycle) at 10 GHz. */
export const LOAD_SPREAD_MARGIN_S = 0.1;

/** The training curve of the convergence claims. */
export const CURVE_METRIC = 'utilityCapped10';

const U = 'utilityCapped10';

/** Combines the verdicts of `parts`: holds when all hold, fails when any fails, else undecided. */
function allOf(parts: readonly ClaimResult[]): ClaimResult {
  const v = parts.map((p) => p.holds);
  const holds = v.some((x) => x === false) ? false : v.every((x) => x === true) ? true : null;
  return { holds, evidence: parts.map((p) => `[${p.holds === null ? 'undecided' : p.holds ? 'holds' : 'fails'}] ${p.evidence}`).join('; ') };
}

/** A claim holding when every one of `parts` (judged on the same run, same rule) holds. */
function allOfClaim(id: string, text: string, parts: readonly ClaimSpec[]): ClaimSpec {
  const { judge: _j, id: _i, text: _t, ...info } = parts[0]!;
  return { ...info, id, text, judge: (m, seeds) => allOf(parts.map((p) => p.judge(m, seeds))) };
}

/** A sweep claim holding when every one of `parts` holds. */
function allOfSweep(id: string, text: string, parts: readonly SweepClaimSpec[]): SweepClaimSpec {
  const { judgeSweep: _j, id: _i, text: _t, ...info } = parts[0]!;
  return { ...info, id, text, judgeSweep: (points, seeds) => allOf(parts.map((p) => p.judgeSweep(points, seeds))) };
}

const beatsDqn = compareClaim('1a-dtomalb-gt-dqn', 'DTOMALB reaches a higher system utility than DQN-TOLB (Fig. 5; delay-capped utility, evaluation).', U, 'dtomalb', 'dqn-tolb', 'greater');
const beatsIdql = compareClaim('1b-dtomalb-gt-idql', 'DTOMALB reaches a higher system utility than IDQL-TOLB (Fig. 5).', U, 'dtomalb', 'idql-tolb', 'greater');

export const LOAD_BALANCING_CLAIMS: readonly ClaimSpec[] = [
  beatsDqn,
  beatsIdql,
  allOfClaim('1c-dtomalb-converges-fastest', 'DTOMALB converges fastest: fewer training episodes to 90% of its own improvement of the training utility (delay-capped) than DQN-TOLB and than IDQL-TOLB (all-of).', [
    convergenceClaim('1c', '', CURVE_METRIC, 'dtomalb', 'dqn-tolb', 'faster'),
    convergenceClaim('1c', '', CURVE_METRIC, 'dtomalb', 'idql-tolb', 'faster'),
  ]),
  allOfClaim('1d-idql-least-stable', 'IDQL-TOLB is the most unstable: larger sample std of its training utility (delay-capped) over the last 20% of episodes than DTOMALB and than DQN-TOLB (all-of; as paper 1\'s 1c).', [
    compareClaim('1d', '', 'trainUtilityTailStd', 'idql-tolb', 'dtomalb', 'greater'),
    compareClaim('1d', '', 'trainUtilityTailStd', 'idql-tolb', 'dqn-tolb', 'greater'),
  ]),
  compareClaim('1e-idql-lowest', 'IDQL-TOLB has the lowest utility of the learners: below DQN-TOLB (its other neighbour, DTOMALB, is claim 1b).', U, 'idql-tolb', 'dqn-tolb', 'less'),
  compareClaim('2-lb-beats-no-lb', 'With the load-balancing term utility is higher: DTOMALB > DTOMA (Fig. 6; both evaluated with env.omega2).', U, 'dtomalb', 'dtoma', 'greater'),
  convergenceClaim('2b-lb-converges-faster', 'With the load-balancing term training is faster: DTOMALB converges in fewer episodes than DTOMA (Fig. 6).', CURVE_METRIC, 'dtomalb', 'dtoma', 'faster'),
  equivalenceClaim('4a-loads-equal', `Loads are nearly equal across servers under DTOMALB (Fig. 8): the spread max_m − min_m of the mean post-decision load LD⁺_m is within ±${LOAD_SPREAD_MARGIN_S} s of 0 (equivalence).`, 'loadSpread', 'dtomalb', 0, LOAD_SPREAD_MARGIN_S),
  boundClaim('4b-faster-servers-more-tasks', 'Faster servers receive more tasks under DTOMALB (Fig. 8): the per-seed least-squares slope of the task share (%) against the server speed f_m (GHz) — the trend rule across servers — has its 95% CI above 0.', 'shareSlopePerGHz', 'dtomalb', 'above', 0),
  compareClaim('5-dtomalb-gt-random', 'Reference: DTOMALB beats uniform-random offloading (not a paper claim; places the numbers).', U, 'dtomalb', 'random', 'greater'),
];

/** Claims across the `n-sweep` runs (Fig. 7). */
export const LOAD_BALANCING_N_SWEEP_CLAIMS: readonly SweepClaimSpec[] = [
  allOfSweep('3a-utility-falls-with-n', 'System utility decreases with the number of users (Fig. 7): for every learner the 95% CI of the per-seed least-squares slope of utilityCapped10 against N lies below 0 (trend rule, all-of).',
    (['dtomalb', 'dtoma', 'dqn-tolb', 'idql-tolb'] as const).map((m) => trendClaim('3a', '', U, m, 'decreasing'))),
  { ...atEverySweepValue(allOfClaim('3b', 'DTOMALB > DQN-TOLB and DTOMALB > IDQL-TOLB (claims 1a and 1b).', [beatsDqn, beatsIdql]), 'N'), id: '3b-dtomalb-highest-each-n', text: 'DTOMALB stays highest at every N (Fig. 7): claims 1a and 1b hold at every N of the sweep (all-of).' },
];

/** Claims across the `omega2-sweep` runs (reviewer note 1: does a larger ω2 buy a more even load, and at what delay?). */
export const LOAD_BALANCING_OMEGA2_SWEEP_CLAIMS: readonly SweepClaimSpec[] = [
  trendClaim('r1-variance-falls-with-omega2', 'Reviewer note 1: a larger load-balancing weight gives DTOMALB a smaller var(LD⁺) — per-seed least-squares slope of loadVariance against log10(1 + ω2) below 0 (trend rule; not a paper claim).', 'loadVariance', 'dtomalb', 'decreasing', (v) => log10(1 + Number(v))),
  trendClaim('r1-delay-rises-with-omega2', 'Reviewer note 1: the price of balancing — DTOMALB\'s delay-capped mean delay rises with log10(1 + ω2) (trend rule; not a paper claim).', 'delayCapped10.mean', 'dtomalb', 'increasing', (v) => log10(1 + Number(v))),
];
