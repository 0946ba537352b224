// Metrics of spec 01 §5 from the env's per-step metrics (`env.lastStepMetrics`), per episode and
// reduced over a job's evaluation episodes. Names are stable camelCase with the statistic as a
// suffix where several exist:
//   systemReward                 Σ over the episode's slots of Σ_m R_m^FL (A8; the same for every method)
//   agentReward.<m>              R_m^FL of agent m summed over the episode
//   agentRewardSpread            max_m − min_m of the agents' episode rewards (claim 2)
//   energyTotal.{mean,median,trimmedMean}   LocE + OffE per UE per slot [J]
//   energyLocal.* / energyEdge.* / energyTx.* / energyExec.*   LocE, OffE = OffE^tr + OffE^ex, OffE^tr, OffE^ex
//   localEnergyShare             Σ LocE / Σ (LocE + OffE)
//   latencyGuaranteedPct         100 · (UE-tasks with max(LocT, OffT) ≤ T̃) / UE-tasks
//   fullyOffloadedPct, localOnlyPct   100 · UE-tasks with α = 1 / with α = 0
//   taskDeadline.mean            mean T̃ of the episode's tasks [s]: a fingerprint of the task draws,
//                                identical for every method on the same evaluation episode
// Training rows carry the cheap subset (systemReward, agentReward.<m>, energyTotal.mean,
// latencyGuaranteedPct). A job's reduction: the mean over its evaluation episodes, except the
// `.median` and `.trimmedMean` statistics and `localEnergyShare`, which are computed on all of the
// job's UE-slots pooled (every episode has the same number of UE-slots, so the pooled mean equals
// the mean of the episode means). With fixed transmit power under Rayleigh fading the transmit
// energy ∝ 1/|g|² has an infinite expectation: only medians and trimmed means are stable (spec 01,
// reviewer-note resolution 1), which is why the energy claims are judged on medians.

import type { SmallCellStepMetrics } from '../../lib/env/small-cell/index.js';
import { median, trimmedMean } from '../stats.js';

/** The per-UE energy parts, their metric prefixes and their per-UE arrays in the system metrics. */
const ENERGY_PARTS = [
  ['energyTotal', 'ueEnergyJ'],
  ['energyLocal', 'ueLocalEnergyJ'],
  ['energyEdge', 'ueEdgeEnergyJ'],
  ['energyTx', 'ueTxEnergyJ'],
  ['energyExec', 'ueExecEnergyJ'],
] as const;

/** Fraction trimmed from each end for `.trimmedMean` (the spec's 1%-trimmed mean). */
export const TRIM_FRACTION = 0.01;

/** Accumulates one episode's step metrics. `keepSamples` keeps every UE-slot energy (for medians). */
export class EpisodeMetrics {
  slots = 0;
  ueSlots = 0;
  systemReward = 0;
  hits = 0;
  fullyOffloaded = 0;
  localOnly = 0;
  deadlineSum = 0;
  readonly agentReward: Float64Array;
  readonly sums = new Float64Array(ENERGY_PARTS.length);
  readonly samples: number[][] | null;

  constructor(readonly numAgents: number, keepSamples: boolean) {
    this.agentReward = new Float64Array(numAgents);
    this.samples = keepSamples ? ENERGY_PARTS.map(() => []) : null;
  }

  add(m: SmallCellStepMetrics): void {
    const s = m.system;
    this.slots++;
    this.ueSlots += s.numUes;
    this.systemReward += s.systemReward;
    for (let i = 0; i < this.numAgents; i++) this.agentReward[i]! += s.cellRewards[i]!;
    this.hits += s.latencyHits;
    this.fullyOffloaded += s.fullyOffloadedUes;
    this.localOnly += s.localOnlyUes;
    for (const cell of m.cells) for (const d of cell.ue.deadlineS) this.deadlineSum += d;
    ENERGY_PARTS.forEach(([, key], k) => {
      const a = s[key];
      let t = 0;
      for (let j = 0; j < a.length; j++) t += a[j]!;
      this.sums[k]! += t;
      if (this.samples !== null) for (let j = 0; j < a.length; j++) this.samples[k]!.push(a[j]!);
    });
  }

  /** The training-row values. */
  trainValues(): Record<string, number> {
    const v: Record<string, number> = { systemReward: this.systemReward };
    for (let i = 0; i < this.numAgents; i++) v[`agentReward.${i}`] = this.agentReward[i]!;
    v['energyTotal.mean'] = this.sums[0]! / this.ueSlots;
    v['latencyGuaranteedPct'] = (100 * this.hits) / this.ueSlots;
    return v;
  }

  /** The evaluation-row values (every metric of the file header; medians need `keepSamples`). */
  evalValues(): Record<string, number> {
    const v = this.trainValues();
    let lo = Infinity, hi = -Infinity;
    for (const r of this.agentReward) { lo = Math.min(lo, r); hi = Math.max(hi, r); }
    v['agentRewardSpread'] = hi - lo;
    ENERGY_PARTS.forEach(([name], k) => {
      v[`${name}.mean`] = this.sums[k]! / this.ueSlots;
      if (this.samples !== null) {
        v[`${name}.median`] = median(this.samples[k]!);
        v[`${name}.trimmedMean`] = trimmedMean(this.samples[k]!, TRIM_FRACTION);
      }
    });
    v['localEnergyShare'] = this.sums[1]! / this.sums[0]!;
    v['latencyGuaranteedPct'] = (100 * this.hits) / this.ueSlots;
    v['fullyOffloadedPct'] = (100 * this.fullyOffloaded) / this.ueSlots;
    v['localOnlyPct'] = (100 * this.localOnly) / this.ueSlots;
    v['taskDeadline.mean'] = this.deadlineSum / this.ueSlots;
    return v;
  }
}

/** A job's evaluation metrics from its evaluation episodes (see the file header for the reduction). */
export function reduceEpisodes(episodes: readonly EpisodeMetrics[]): Record<string, number> {
  if (episodes.length === 0) throw new RangeError('reduceEpisodes: no evaluation episodes');
  const rows = episodes.map((e) => e.evalValues());
  const out: Record<string, number> = {};
  for (const key of Object.keys(rows[0]!)) {
    if (key.endsWith('.median') || key.endsWith('.trimmedMean') || key === 'localEnergyShare') continue;
    let s = 0;
    for (const r of rows) s += r[key]!;
    out[key] = s / rows.length;
  }
  ENERGY_PARTS.forEach(([name], k) => {
    if (episodes[0]!.samples === null) return;
    const pooled: number[] = [];
    for (const e of episodes) for (const x of e.samples![k]!) pooled.push(x);
    out[`${name}.median`] = median(pooled);
    out[`${name}.trimmedMean`] = trimmedMean(pooled, TRIM_FRACTION);
  });
  let local = 0, total = 0;
  for (const e of episodes) { local += e.sums[1]!; total += e.sums[0]!; }
  out['localEnergyShare'] = local / total;
  return out;
}
