// The claims of paper 4 (spec 04 §6), split into separately judged ids, on the shared rules of
// experiments/claims.ts (each claim names its rule and margin in the report):
//   per run (quick/paper preset, U = 30, seeds 1–5): IOT_CLAIMS;
//   across a sweep (attached to the sweep presets in index.ts): the IOT_SWEEP_CLAIMS_* lists.
// Margins are stated once here, before any result was seen: user counts ±3 (offloaders) and ±2 (per
// RAT) of the paper's Fig. 6 numbers; "no collisions" = fewer than 0.5 collided sub-channels per
// slot; "converges" = u1's mean cost over the last 10% of training within ±5 cost units of the 10%
// before it (≈ 5% of the local cost ≈ 107); "slightly above Centralized" = a cost ratio in [1, 1.25].

import { atEverySweepValue, boundClaim, compareClaim, equivalenceClaim, fmt, missing, ratioClaim, stat, trendClaim } from '../claims.js';
import { pairedDecision } from '../stats.js';
import type { ClaimSpec, SweepClaimSpec, SweepPoint } from '../types.js';

/** Margins and bounds of the claims (see the file header). */
export const IOT_MARGINS = Object.freeze({ offloaders: 3, perRat: 2, noCollisions: 0.5, convergence: 5, slightlyAbove: [1, 1.25] as const });

/** Fig. 7's split: MA-Q is lowest below this U and slightly above Centralized from it on. */
export const FIG7_SPLIT_U = 27;

export const IOT_CLAIMS: readonly ClaimSpec[] = [
  equivalenceClaim('1a-maq-converges', `Claim 1: u1's C_ave converges — MA-Q's mean cost of u1 over the last 10% of training is within ±${IOT_MARGINS.convergence} of the 10% before it (trainCostU1TailChange).`, 'trainCostU1TailChange', 'ma-q', 0, IOT_MARGINS.convergence),
  boundClaim('1c-maq-cost-falls', "Claim 1 (Figs. 4, 5): u1's C_ave falls during training — the last-10% mean minus the first 100-slot window (trainCostU1Drop) is below 0.", 'trainCostU1Drop', 'ma-q', 'below', 0),
  equivalenceClaim('3a-offloaders-20', `Claim 3 (Fig. 6, U = 30): 20 users offload in greedy evaluation (MA-Q offloaders per slot within ±${IOT_MARGINS.offloaders} of 20).`, 'offloaders', 'ma-q', 20, IOT_MARGINS.offloaders),
  equivalenceClaim('3b-lora-8', `Claim 3: 8 of them on LoRa (MA-Q loraUsers per slot within ±${IOT_MARGINS.perRat} of 8).`, 'loraUsers', 'ma-q', 8, IOT_MARGINS.perRat),
  equivalenceClaim('3c-wifi-12', `Claim 3: 12 of them on WiFi (MA-Q wifiUsers per slot within ±${IOT_MARGINS.perRat} of 12).`, 'wifiUsers', 'ma-q', 12, IOT_MARGINS.perRat),
  boundClaim('3d-no-collisions', `Claim 3: no collisions — MA-Q's shared LoRa + collided WiFi sub-channels per slot (resolution 2) lie below ${IOT_MARGINS.noCollisions}.`, 'collisions', 'ma-q', 'below', IOT_MARGINS.noCollisions),
  compareClaim('4a-maq-lt-random', 'Claim 4 (Fig. 7): IL-based MA-Q has a lower average cost per user than Random (resolution 5: a weak test under the swapped energies).', 'costPerUser', 'ma-q', 'random', 'less'),
  ratioClaim('4c-maq-slightly-above-centralized-u30', `Claim 4 (Fig. 7, U = 30 ≥ ${FIG7_SPLIT_U}): MA-Q is slightly above Centralized — cost ratio MA-Q/Centralized within [${IOT_MARGINS.slightlyAbove[0]}, ${IOT_MARGINS.slightlyAbove[1]}].`, 'costPerUser', 'ma-q', 'centralized', IOT_MARGINS.slightlyAbove),
];

/** A sweep claim judged only on the sweep values that satisfy `keep` (e.g. U < 27). */
function onValues(claim: SweepClaimSpec, id: string, text: string, keep: (value: unknown) => boolean): SweepClaimSpec {
  return {
    ...claim, id, text,
    judgeSweep(points, seeds) {
      const kept = points.filter((p) => keep(p.value));
      if (kept.length === 0) return { holds: null, evidence: 'not judged: the sweep has none of the values this claim is about' };
      return claim.judgeSweep(kept, seeds);
    },
  };
}

/** "metric of method at sweep value `a` is <direction> than at value `b`", seed-paired (rule 'difference'). */
function betweenValues(id: string, text: string, metric: string, method: string, a: unknown, b: unknown, direction: 'greater' | 'less'): SweepClaimSpec {
  return {
    id, text, metric, rule: 'difference',
    judgeSweep(points: readonly SweepPoint[]) {
      const pa = points.find((p) => p.value === a), pb = points.find((p) => p.value === b);
      if (pa === undefined || pb === undefined) return { holds: null, evidence: `not judged: the sweep lacks ${JSON.stringify(pa === undefined ? a : b)}` };
      const miss = missing(pa.perSeed, metric, [method]) ?? missing(pb.perSeed, metric, [method]);
      if (miss !== null) return miss;
      const av = pa.perSeed[method]![metric]!, bv = pb.perSeed[method]![metric]!;
      const { holds, diff } = pairedDecision(av, bv, direction);
      return { holds, evidence: `${method} ${metric} at ${JSON.stringify(a)}: ${stat(av)} vs at ${JSON.stringify(b)}: ${stat(bv)} (mean [95% CI] over ${av.length} seeds); paired difference ${stat(diff.perSeed)} (per seed ${diff.perSeed.map(fmt).join(', ')})` };
    },
  };
}

/** Fig. 4 sweep (train.epsilon). */
export const IOT_SWEEP_CLAIMS_EPS: readonly SweepClaimSpec[] = [
  betweenValues('1b-eps09-worse', 'Claim 1 (Fig. 4): ε = 0.9 gives a worse C_ave of u1 than ε = 0.2 (too much exploration): trainCostU1Tail at 0.9 minus at 0.2 above 0.', 'trainCostU1Tail', 'ma-q', 0.9, 0.2, 'greater'),
];

/** Fig. 5 sweep (env.numUsers ∈ {10, 20, 30}). */
export const IOT_SWEEP_CLAIMS_FIG5: readonly SweepClaimSpec[] = [
  trendClaim('2-cost-rises-with-u', "Claim 2 (Fig. 5): more users ⇒ higher C_ave of u1 (MA-Q's trainCostU1Tail increases with U).", 'trainCostU1Tail', 'ma-q', 'increasing'),
];

/** Fig. 7 sweep (env.numUsers ∈ {5, …, 30}, every method). */
export const IOT_SWEEP_CLAIMS_FIG7: readonly SweepClaimSpec[] = [
  trendClaim('4-cost-rises-with-u', 'Claim 4 (Fig. 7): the average cost per user grows with U (MA-Q).', 'costPerUser', 'ma-q', 'increasing'),
  atEverySweepValue(IOT_CLAIMS.find((c) => c.id === '4a-maq-lt-random')!, 'U'),
  onValues(
    atEverySweepValue(compareClaim('4b-maq-lt-centralized', 'MA-Q has a lower average cost per user than Centralized.', 'costPerUser', 'ma-q', 'centralized', 'less'), 'U'),
    '4b-maq-lt-centralized-small-u', `Claim 4 (Fig. 7): IL-based MA-Q is lowest — below Centralized at every U < ${FIG7_SPLIT_U}.`, (v) => Number(v) < FIG7_SPLIT_U,
  ),
  onValues(
    atEverySweepValue(IOT_CLAIMS.find((c) => c.id === '4c-maq-slightly-above-centralized-u30')!, 'U'),
    '4c-maq-slightly-above-centralized-large-u', `Claim 4 (Fig. 7): MA-Q is slightly above Centralized (ratio in [${IOT_MARGINS.slightlyAbove[0]}, ${IOT_MARGINS.slightlyAbove[1]}]) at every U ≥ ${FIG7_SPLIT_U}.`, (v) => Number(v) >= FIG7_SPLIT_U,
  ),
];
