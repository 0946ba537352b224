// Claims of spec 03 §6, split into ids, on the shared rules of experiments/claims.ts (≥ 5 seeds).
// Single-run claims (judged on a run with both H-MADDPGs and the restricted schemes) and sweep
// claims (judged across the power, workload and distance sweeps).

import { compareClaim, convergenceClaim, ratioClaim, trendClaim } from '../claims.js';
import type { ClaimSpec, SweepClaimSpec } from '../types.js';

/** [R] "≈ 50 % higher reward": the seed-paired ratio's 95% CI must lie in [1.25, 1.75]. */
export const GAIN_RANGE: readonly [number, number] = [1.25, 1.75];

export const BACKSCATTER_CLAIMS: readonly ClaimSpec[] = [
  compareClaim('1a-opt-reward-higher', 'Optimisation-driven H-MADDPG reaches a higher reward (11) than model-free H-MADDPG', 'reward', 'h-maddpg-opt', 'h-maddpg', 'greater'),
  ratioClaim('1b-opt-reward-gain-50pct', 'Optimisation-driven H-MADDPG reaches ≈ 50 % higher reward than model-free H-MADDPG (ratio in [1.25, 1.75])', 'reward', 'h-maddpg-opt', 'h-maddpg', GAIN_RANGE),
  convergenceClaim('1c-opt-converges-faster', 'Optimisation-driven H-MADDPG converges faster (episodes to 90 % of its final training reward)', 'reward', 'h-maddpg-opt', 'h-maddpg', 'faster'),
  compareClaim('1d-opt-lower-outage', 'Optimisation-driven H-MADDPG has a lower outage probability', 'outage', 'h-maddpg-opt', 'h-maddpg', 'less'),
  compareClaim('4b-hybrid-ge-active', 'Hybrid offloading (trained H-MADDPG-opt) is more energy-efficient than Active-enabled', 'efficiency', 'h-maddpg-opt', 'active-enabled', 'greater'),
  compareClaim('4b-active-ge-disabled', 'Active-enabled is more energy-efficient than MEC-disabled', 'efficiency', 'active-enabled', 'mec-disabled', 'greater'),
];

/** Fig. 3(a): lower AP power ⇒ more passive (and less active) offloading (sweep over env.physics.apPower). */
export const POWER_SWEEP_CLAIMS: readonly SweepClaimSpec[] = [
  trendClaim('2-low-power-more-passive', 'Lower AP power ⇒ a larger passive share (the share falls as p grows)', 'sharePassive', 'h-maddpg-opt', 'decreasing'),
  trendClaim('2-low-power-less-active', 'Lower AP power ⇒ a smaller active share (the share grows with p)', 'shareActive', 'h-maddpg-opt', 'increasing'),
];

/** Fig. 3(b): larger workload ⇒ more passive offloading, less active time, more local computing. */
export const WORKLOAD_SWEEP_CLAIMS: readonly SweepClaimSpec[] = [
  trendClaim('3-more-work-more-passive', 'Larger workload ⇒ more passive offloading (ℓ_b per user-frame grows with λ)', 'lb', 'h-maddpg-opt', 'increasing'),
  trendClaim('3-more-work-less-active-time', 'Larger workload ⇒ less active time (t_a falls with λ)', 'ta', 'h-maddpg-opt', 'decreasing'),
  trendClaim('3-more-work-more-local', 'Larger workload ⇒ more local computing (ℓ_c grows with λ)', 'lc', 'h-maddpg-opt', 'increasing'),
];

/** Fig. 4: worse channels ⇒ more local computing share, lower efficiency of every scheme. */
export const DISTANCE_SWEEP_CLAIMS: readonly SweepClaimSpec[] = [
  trendClaim('4a-efficiency-falls-with-distance', 'Efficiency of Hybrid falls with distance κ', 'efficiency', 'h-maddpg-opt', 'decreasing'),
  trendClaim('4a-active-efficiency-falls-with-distance', 'Efficiency of Active-enabled falls with distance κ', 'efficiency', 'active-enabled', 'decreasing'),
  trendClaim('4a-more-local-with-distance', 'Worse channels ⇒ a larger local share', 'shareLocal', 'h-maddpg-opt', 'increasing'),
];
