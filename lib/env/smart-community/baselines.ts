// The non-learning baselines of spec 05 §4.3 as decisions for `stepDecisions` (and the raw tanh
// encoding of a decision, for tests). Shares are raw weights 1, so the env normalises them to equal
// shares of the AVAILABLE bandwidth and compute among the tasks offloaded in the sub-slot
// (resolution 7: the same rule for Greedy and Edge).
//   local   every task local (α = 0);
//   edge    every task offloaded (α = 1);
//   greedy  local iff T^w + T^l ≤ T_d and E^l ≤ b(t) (the local run would succeed), else offload.

import { computeDelay, dynamicPowerEnergy } from '../common/index.js';
import type { CommunityDecision, SubSlotInput } from './model.js';

function uniformDecision(n: number, offload: 0 | 1): CommunityDecision {
  return { offload: new Uint8Array(n).fill(offload), wRaw: new Float64Array(n).fill(1), betaRaw: new Float64Array(n).fill(1) };
}

/** Local computing: α = 0 for every ED. */
export function localDecision(n: number): CommunityDecision {
  return uniformDecision(n, 0);
}

/** Edge: α = 1 for every ED, equal raw weights. */
export function edgeDecision(n: number): CommunityDecision {
  return uniformDecision(n, 1);
}

/** Greedy (spec §4.3): local when the local run would meet C2 and C3, else offload with equal shares. */
export function greedyDecision(s: SubSlotInput, capacitance: number): CommunityDecision {
  const n = s.head.length;
  const d = uniformDecision(n, 0);
  for (let j = 0; j < n; j++) {
    const h = s.head[j];
    if (h === null || h === undefined) continue;
    const f = s.cpuHz[j] as number;
    const ok = h.waitS + computeDelay(h.cycles, f) <= s.deadlineS && dynamicPowerEnergy(h.cycles, f, capacitance) <= (s.battery[j] as number);
    d.offload[j] = ok ? 0 : 1;
  }
  return d;
}
