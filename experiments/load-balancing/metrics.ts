// Metrics of spec 02 §5 from the env's per-step system metrics, per episode and reduced over a
// job's evaluation episodes. Names:
//   utility                 Σ_t (1/N) Σ_n R_n(t) with the config's ω1, ω2 (eq. 20; the system utility of Figs. 5–7)
//   utilityCapped10         the same with every t_n capped at 10 s (resolution 1: the claims' metric)
//   delay.{mean,median,trimmedMean}   t_n over user-steps, s (literal; heavy-tailed, resolution 1)
//   delayCapped10.mean      mean of min(t_n, 10 s)
//   loadVariance            mean over steps of var(LD⁺), s²
//   load.<m>                mean LD⁺_m over steps, s (m = 1..M; Fig. 8)
//   share.<m>               % of tasks sent to server m (m = 1..M), share.0 = local
//   loadSpread              max_m − min_m of load.<m>, s (claim 4a)
//   shareSlopePerGHz        least-squares slope of share.<m> (%) against f_m (GHz) over the servers (claim 4b; NaN for M = 1)
//   emptyBacklogPct         % of server-steps whose start-of-step backlog is 0 (resolution 5)
// Training rows carry utility, utilityCapped10, delay.mean, loadVariance; learners add
// convergenceEpisode.utilityCapped10 and trainUtilityTailStd (job.ts). A job's reduction: the
// mean over evaluation episodes (all of equal length), except medians/trimmed means (pooled
// user-steps) and loadSpread/shareSlopePerGHz (computed on the reduced loads and shares).

import { userReward, type LoadBalancingSystemMetrics } from '../../lib/env/load-balancing/index.js';
import { leastSquaresSlope, median, trimmedMean } from '../stats.js';
import { CLAIM_DELAY_CAP_S } from './config.js';

export const TRIM_FRACTION = 0.01;

/** ω1, ω2 and the reward's own delay cap (env.rewardDelayCapS) of the utility. */
export interface UtilityWeights {
  readonly omega1: number;
  readonly omega2: number;
  readonly rewardDelayCapS: number | null;
}

export class EpisodeMetrics {
  steps = 0;
  userSteps = 0;
  utility = 0;
  utilityCapped = 0;
  delaySum = 0;
  delayCappedSum = 0;
  varSum = 0;
  local = 0;
  emptyBacklog = 0;
  readonly loadSum: Float64Array;
  readonly tasks: Float64Array;
  readonly samples: number[] | null;

  constructor(readonly serverCpuHz: Float64Array, readonly w: UtilityWeights, keepSamples: boolean) {
    this.loadSum = new Float64Array(serverCpuHz.length);
    this.tasks = new Float64Array(serverCpuHz.length);
    this.samples = keepSamples ? [] : null;
  }

  add(s: LoadBalancingSystemMetrics): void {
    const N = s.numUsers, M = this.loadSum.length;
    let u = 0, uc = 0;
    for (const t of s.delayS) {
      u += userReward(t, s.loadVariance, this.w.omega1, this.w.omega2, this.w.rewardDelayCapS);
      uc += userReward(t, s.loadVariance, this.w.omega1, this.w.omega2, CLAIM_DELAY_CAP_S);
      this.delaySum += t;
      this.delayCappedSum += t > CLAIM_DELAY_CAP_S ? CLAIM_DELAY_CAP_S : t;
      this.samples?.push(t);
    }
    this.utility += u / N;
    this.utilityCapped += uc / N;
    this.varSum += s.loadVariance;
    for (let m = 0; m < M; m++) {
      this.loadSum[m]! += s.loadAfter[m]!;
      this.tasks[m]! += s.tasksPerServer[m]!;
      if (s.loadBefore[m] === 0) this.emptyBacklog++;
    }
    this.local += s.localTasks;
    this.steps++;
    this.userSteps += N;
  }

  trainValues(): Record<string, number> {
    return { utility: this.utility, utilityCapped10: this.utilityCapped, 'delay.mean': this.delaySum / this.userSteps, loadVariance: this.varSum / this.steps };
  }

  evalValues(): Record<string, number> {
    const v = this.trainValues();
    v['delayCapped10.mean'] = this.delayCappedSum / this.userSteps;
    const M = this.loadSum.length;
    for (let m = 0; m < M; m++) {
      v[`load.${m + 1}`] = this.loadSum[m]! / this.steps;
      v[`share.${m + 1}`] = (100 * this.tasks[m]!) / this.userSteps;
    }
    v['share.0'] = (100 * this.local) / this.userSteps;
    v['emptyBacklogPct'] = (100 * this.emptyBacklog) / (this.steps * M);
    if (this.samples !== null) {
      v['delay.median'] = median(this.samples);
      v['delay.trimmedMean'] = trimmedMean(this.samples, TRIM_FRACTION);
    }
    Object.assign(v, derived(v, this.serverCpuHz));
    return v;
  }
}

/** loadSpread and shareSlopePerGHz from load.<m> and share.<m>. */
function derived(v: Record<string, number>, f: Float64Array): Record<string, number> {
  const M = f.length;
  let lo = Infinity, hi = -Infinity;
  for (let m = 1; m <= M; m++) { lo = Math.min(lo, v[`load.${m}`]!); hi = Math.max(hi, v[`load.${m}`]!); }
  const x = Array.from(f, (h) => h / 1e9), y = Array.from({ length: M }, (_, m) => v[`share.${m + 1}`]!);
  return { loadSpread: hi - lo, shareSlopePerGHz: leastSquaresSlope(x, y) };
}

export function reduceEpisodes(episodes: readonly EpisodeMetrics[]): Record<string, number> {
  if (episodes.length === 0) throw new RangeError('reduceEpisodes: no evaluation episodes');
  const rows = episodes.map((e) => e.evalValues());
  const out: Record<string, number> = {};
  for (const key of Object.keys(rows[0]!)) {
    let s = 0;
    for (const r of rows) s += r[key]!;
    out[key] = s / rows.length;
  }
  if (episodes[0]!.samples !== null) {
    const pooled: number[] = [];
    for (const e of episodes) for (const x of e.samples!) pooled.push(x);
    out['delay.median'] = median(pooled);
    out['delay.trimmedMean'] = trimmedMean(pooled, TRIM_FRACTION);
  }
  Object.assign(out, derived(out, episodes[0]!.serverCpuHz));
  return out;
}
