// Training diagnostics of the learners (issue 11: why does an MA-DRL seed collapse to local
// computing?), added to every training row of a learner as extra metrics. Pure observation: they
// read the deterministic actor outputs and the update statistics the trainer already computes, and
// change no number of the run.
//   actor.alphaMean          mean deterministic offload output u_α = μ(o)_α over the episode's
//                            exploring steps (before noise), all agents and UEs
//   actor.alphaHist.<k>      share of those u_α in bin k of [0, 0.2), [0.2, 0.4), …, [0.8, 1]
//                            (k = 0..4): the actor output histogram; bin 0 ≈ local decisions
//   actor.saturated          share of all deterministic actor outputs (every action entry) below
//                            0.01 or above 0.99: the sigmoid output layer's flat regions
//   critic.loss, critic.qMean, critic.targetMean, actor.loss
//                            means over the updates since the previous training row and over the
//                            agents (DDPG/MADDPG update statistics: TD loss, mean Q(o, a) of the
//                            batch, mean TD target); absent until the first update
// Actions are u ∈ [0, 1]^{actDim} with per-UE blocks whose entry BLOCK_ALPHA is u_α (lib/env/small-cell/decode.ts).

import { BLOCK_ALPHA } from '../../lib/env/small-cell/index.js';
import type { MultiAgentUpdateStats } from '../../lib/rl/index.js';

export const ALPHA_BINS = 5;
/** Outputs closer than this to 0 or 1 count as saturated. */
export const SATURATION = 0.01;

export class TrainDiagnostics {
  private alphaSum = 0;
  private alphaCount = 0;
  private readonly hist = new Float64Array(ALPHA_BINS);
  private saturated = 0;
  private outputs = 0;
  private updates = 0;
  private sums = { criticLoss: 0, qMean: 0, targetMean: 0, actorLoss: 0 };

  constructor(private readonly uesPerCell: number, private readonly blockSize: number) {}

  /** The deterministic actions of one exploring step (before noise), one per agent. */
  observeActions(u: readonly Float64Array[]): void {
    for (const a of u) {
      for (let j = 0; j < a.length; j++) {
        const x = a[j]!;
        if (x < SATURATION || x > 1 - SATURATION) this.saturated++;
      }
      this.outputs += a.length;
      for (let n = 0; n < this.uesPerCell; n++) {
        const x = a[n * this.blockSize + BLOCK_ALPHA]!;
        this.alphaSum += x;
        this.alphaCount++;
        this.hist[Math.min(ALPHA_BINS - 1, Math.max(0, Math.floor(x * ALPHA_BINS)))]!++;
      }
    }
  }

  /** The statistics of one learner update (per agent: DDPG/MADDPG update stats). */
  observeUpdate(stats: MultiAgentUpdateStats): void {
    const agents = (stats as { agents?: readonly Partial<Record<'criticLoss' | 'qMean' | 'targetMean' | 'actorLoss', number>>[] }).agents;
    if (agents === undefined || agents.length === 0) return;
    for (const k of ['criticLoss', 'qMean', 'targetMean', 'actorLoss'] as const) {
      let s = 0;
      for (const a of agents) s += a[k] ?? NaN;
      this.sums[k] += s / agents.length;
    }
    this.updates++;
  }

  /** What has been accumulated since the last row (for checkpoints: updates after an episode's last step count toward the next row). */
  getState(): number[] {
    return [this.alphaSum, this.alphaCount, ...this.hist, this.saturated, this.outputs, this.updates, this.sums.criticLoss, this.sums.qMean, this.sums.targetMean, this.sums.actorLoss];
  }

  setState(s: readonly number[]): void {
    if (!Array.isArray(s) || s.length !== 2 + ALPHA_BINS + 7 || s.some((x) => typeof x !== 'number')) throw new TypeError(`TrainDiagnostics.setState: expected ${2 + ALPHA_BINS + 7} numbers as written by getState`);
    let i = 0;
    this.alphaSum = s[i++]!; this.alphaCount = s[i++]!;
    for (let k = 0; k < ALPHA_BINS; k++) this.hist[k] = s[i++]!;
    this.saturated = s[i++]!; this.outputs = s[i++]!; this.updates = s[i++]!;
    this.sums = { criticLoss: s[i++]!, qMean: s[i++]!, targetMean: s[i++]!, actorLoss: s[i++]! };
  }

  /** The row values since the last call, then resets. */
  take(): Record<string, number> {
    const v: Record<string, number> = {};
    if (this.alphaCount > 0) {
      v['actor.alphaMean'] = this.alphaSum / this.alphaCount;
      for (let k = 0; k < ALPHA_BINS; k++) v[`actor.alphaHist.${k}`] = this.hist[k]! / this.alphaCount;
      v['actor.saturated'] = this.saturated / this.outputs;
    }
    if (this.updates > 0) {
      v['critic.loss'] = this.sums.criticLoss / this.updates;
      v['critic.qMean'] = this.sums.qMean / this.updates;
      v['critic.targetMean'] = this.sums.targetMean / this.updates;
      v['actor.loss'] = this.sums.actorLoss / this.updates;
    }
    this.alphaSum = 0; this.alphaCount = 0; this.hist.fill(0); this.saturated = 0; this.outputs = 0;
    this.updates = 0; this.sums = { criticLoss: 0, qMean: 0, targetMean: 0, actorLoss: 0 };
    return v;
  }
}
