// The claims of paper 1 (spec 01 §6) plus the signalling claim of §IV-B, each split into
// separately judged comparisons, written with the shared constructors of experiments/claims.ts.
// The rule (experiments/stats.ts `pairedDecision`): a claim "A > B" holds when the Student-t 95%
// interval of the seed-paired difference A − B lies above 0, fails when it lies below 0, and is null (undecided) otherwise, with fewer than 2 seeds, or when a method was
// not run. Energy claims are judged on medians (spec 01, reviewer-note resolution 1). Two claims are
// not comparisons: "Local has 0% latency-guaranteed tasks" (a per-seed identity, holds when every
// seed gives exactly 0) and "MA-DRL uses zero local energy" (holds when the 95% interval of its
// localEnergyShare lies below ZERO_SHARE_TOLERANCE, fails when it lies above).

import { boundClaim, compareClaim as compare, fmt, missing, stat } from '../claims.js';
import { describe } from '../stats.js';
import type { ClaimSpec } from '../types.js';

/** "Zero local energy" tolerance on localEnergyShare (1% of the total energy). */
export const ZERO_SHARE_TOLERANCE = 0.01;

const ratioNote = (num: string, den: string) => (nv: readonly number[], dv: readonly number[]): string => {
  const r = describe(nv).mean / describe(dv).mean;
  return `${num}/${den} = ${fmt(100 * r)}% of the mean`;
};

export const SMALL_CELL_CLAIMS: readonly ClaimSpec[] = [
  compare('1a-reward-ma-gt-f', 'System reward: MA-DRL > F-DRL (Fig. 4).', 'systemReward', 'ma-drl', 'f-drl', 'greater'),
  compare('1b-reward-f-gt-il', 'System reward: F-DRL > IL-DRL (Fig. 4).', 'systemReward', 'f-drl', 'il-drl', 'greater'),
  compare('1c-stability-ma-lt-f', 'MA-DRL converges most stably: smaller spread (sample std) of the training system reward over the last 20% of episodes than F-DRL.', 'trainRewardTailStd', 'ma-drl', 'f-drl', 'less'),
  compare('1d-stability-ma-lt-il', 'MA-DRL converges most stably: smaller spread of the training system reward over the last 20% of episodes than IL-DRL.', 'trainRewardTailStd', 'ma-drl', 'il-drl', 'less'),
  compare('2a-evenness-ma-lt-f', 'Per-agent rewards are most even under MA-DRL: max − min of the agents\' episode rewards is smaller than under F-DRL (Fig. 5).', 'agentRewardSpread', 'ma-drl', 'f-drl', 'less'),
  compare('2b-evenness-ma-lt-il', 'Per-agent rewards are most even under MA-DRL: max − min of the agents\' episode rewards is smaller than under IL-DRL (Fig. 5).', 'agentRewardSpread', 'ma-drl', 'il-drl', 'less'),
  compare('3a-energy-local-lt-ma', 'Total energy: Local computing < MA-DRL (Fig. 6; judged on the median per UE per slot).', 'energyTotal.median', 'local', 'ma-drl', 'less'),
  compare('3b-energy-ma-le-f', 'Total energy: MA-DRL ≲ F-DRL (judged as MA-DRL < F-DRL on the median; null = indistinguishable, which "≲" allows).', 'energyTotal.median', 'ma-drl', 'f-drl', 'less'),
  compare('3c-energy-f-lt-il', 'Total energy: F-DRL < IL-DRL (median).', 'energyTotal.median', 'f-drl', 'il-drl', 'less'),
  compare('3d-energy-ma-lt-full', 'Total energy: MA-DRL < Full offloading (median).', 'energyTotal.median', 'ma-drl', 'full-offload', 'less'),
  compare('3e-energy-f-lt-full', 'Total energy: F-DRL < Full offloading (median).', 'energyTotal.median', 'f-drl', 'full-offload', 'less'),
  compare('3f-energy-il-lt-full', 'Total energy: IL-DRL < Full offloading (median).', 'energyTotal.median', 'il-drl', 'full-offload', 'less'),
  boundClaim('3g-ma-zero-local-energy', `MA-DRL uses zero local energy (all tasks fully offloaded): the 95% interval of its local share of the energy lies below ${ZERO_SHARE_TOLERANCE}.`, 'localEnergyShare', 'ma-drl', 'below', ZERO_SHARE_TOLERANCE,
    (m) => { const alpha = m['ma-drl']!['fullyOffloadedPct']; return alpha === undefined ? 'no fullyOffloadedPct' : `fully offloaded tasks ${stat(alpha)}%`; }),
  compare('3h-local-energy-f-gt-ma', 'F-DRL still computes locally: its local share of the energy is larger than MA-DRL\'s.', 'localEnergyShare', 'f-drl', 'ma-drl', 'greater'),
  compare('3i-local-energy-il-gt-ma', 'IL-DRL still computes locally: its local share of the energy is larger than MA-DRL\'s.', 'localEnergyShare', 'il-drl', 'ma-drl', 'greater'),
  {
    id: '4a-latency-local-zero',
    text: 'Latency-guaranteed %: Local computing = 0 by construction (T̃ = 0.9 × the local latency).',
    metric: 'latencyGuaranteedPct',
    rule: 'exact',
    judge(m) {
      const miss = missing(m, 'latencyGuaranteedPct', ['local']);
      if (miss !== null) return miss;
      const v = m['local']!['latencyGuaranteedPct']!;
      return { holds: v.every((x) => x === 0), evidence: `local latencyGuaranteedPct per seed: ${v.map(fmt).join(', ')} (holds when every seed gives exactly 0)` };
    },
  },
  compare('4b-latency-ma-gt-f', 'Latency-guaranteed %: MA-DRL > F-DRL (MA-DRL highest; the paper has F-DRL at ≈85% of MA-DRL) (Fig. 7).', 'latencyGuaranteedPct', 'ma-drl', 'f-drl', 'greater', (a, b) => ratioNote('f-drl', 'ma-drl')(b, a)),
  compare('4c-latency-ma-gt-il', 'Latency-guaranteed %: MA-DRL > IL-DRL.', 'latencyGuaranteedPct', 'ma-drl', 'il-drl', 'greater'),
  compare('4d-latency-ma-gt-full', 'Latency-guaranteed %: MA-DRL > Full offloading.', 'latencyGuaranteedPct', 'ma-drl', 'full-offload', 'greater'),
  compare('4e-latency-f-gt-il', 'Latency-guaranteed %: F-DRL > IL-DRL.', 'latencyGuaranteedPct', 'f-drl', 'il-drl', 'greater'),
  compare('4f-latency-f-gt-full', 'Latency-guaranteed %: F-DRL > Full offloading.', 'latencyGuaranteedPct', 'f-drl', 'full-offload', 'greater'),
  compare('5-signalling-f-lt-ma', 'Signalling: F-DRL exchanges fewer scalars than MA-DRL\'s centralised training over a run (parameters up and down per round vs. every agent\'s observation and action to every other agent per step).', 'totalSignallingScalars', 'f-drl', 'ma-drl', 'less', (a, b) => `MA-DRL/F-DRL = ${fmt(describe(b).mean / describe(a).mean)}×`),
];
