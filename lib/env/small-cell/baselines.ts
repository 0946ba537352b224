// The two non-learning baselines of spec 01 §4.4, as pure functions an experiment can run on the
// same env as the learners, either as decisions (`env.stepDecisions`, exact) or as network-space
// actions (`env.step`, through the decoder like any actor output):
//
//   Full offloading: α = 1 for every UE; each UE gets a distinct channel chosen uniformly at random
//     (a random injective map UE → channel per cell per slot, drawn from the rng given — give it a
//     stream of its own, e.g. deriveStream(seed, 'baseline', 'fullOffloading'), never the env's);
//     p = P_max; f_n = 1/N_m.
//     [R] With K < N_m a random subset of K UEs gets the K channels (channel k to the k-th UE drawn)
//     and the others compute locally (α = 0), since C5 allows no more transmitters per cell.
//   Local computing: α = 0 for every UE (no transmission, no interference).
//
// Draw order of full offloading, cell by cell: `sampleWithoutReplacement(rng, K, N_m)` (channels of
// UEs 0..N_m−1) when K >= N_m, else `sampleWithoutReplacement(rng, N_m, K)` (the UEs served on
// channels 0..K−1).
//
// Network-space forms: full offloading puts u_α = 1, u_p = 1, u_f = 1 and, with `scores`, a one-hot
// score on the UE's channel (`index`: u = (k + 0.5)/K); decoding gives back α = 1, the same channels
// and p = P_max, and f = 1/N_m up to rounding (equal raw CPU outputs) when K >= N_m — with K < N_m
// the decoded shares are 1/K (only the K offloading UEs share the CPU), so use the decisions for the
// exact baseline. Local computing is the all-zero vector (u_α = 0 ⇒ α = 0 for any alphaSnap).

import type { Rng } from '../../random/index.js';
import { sampleWithoutReplacement } from '../../random/index.js';
import { NO_CHANNEL } from '../common/index.js';
import type { SmallCellChannelDecoding } from './config.js';
import type { CellDecision } from './decode.js';
import { BLOCK_ALPHA, BLOCK_CHANNEL, BLOCK_CPU, BLOCK_POWER, blockSize } from './decode.js';

/** What the baselines need (a resolved `SmallCellConfig` has all of it). */
export interface BaselineParams {
  readonly numCells: number;
  readonly uesPerCell: number;
  readonly numChannels: number;
  readonly maxPowerW: number;
  readonly channelDecoding: SmallCellChannelDecoding;
}

function localDecision(Nm: number): CellDecision {
  return {
    alpha: new Float64Array(Nm),
    channel: new Int32Array(Nm).fill(NO_CHANNEL),
    powerW: new Float64Array(Nm),
    cpuShare: new Float64Array(Nm),
    forcedLocal: new Uint8Array(Nm),
  };
}

/** Channel of every UE of one cell under full offloading (−1 for a UE left local when K < N_m); draws from `rng`. */
export function fullOffloadingChannels(rng: Rng, uesPerCell: number, numChannels: number): Int32Array {
  const channel = new Int32Array(uesPerCell).fill(NO_CHANNEL);
  if (numChannels >= uesPerCell) {
    sampleWithoutReplacement(rng, numChannels, uesPerCell).forEach((k, n) => {
      channel[n] = k;
    });
  } else {
    sampleWithoutReplacement(rng, uesPerCell, numChannels).forEach((n, k) => {
      channel[n] = k;
    });
  }
  return channel;
}

/** Full-offloading decisions for every cell, in agent order (one slot; draws from `rng`). */
export function fullOffloadingDecisions(rng: Rng, params: BaselineParams): CellDecision[] {
  const { numCells: M, uesPerCell: Nm, numChannels: K, maxPowerW } = params;
  const out: CellDecision[] = [];
  for (let m = 0; m < M; m++) {
    const d = localDecision(Nm);
    const channel = fullOffloadingChannels(rng, Nm, K);
    for (let n = 0; n < Nm; n++) {
      if (channel[n] === NO_CHANNEL) continue;
      d.alpha[n] = 1;
      d.channel[n] = channel[n] as number;
      d.powerW[n] = maxPowerW;
      d.cpuShare[n] = 1 / Nm;
    }
    out.push(d);
  }
  return out;
}

/** Local-computing decisions for every cell, in agent order (α = 0 everywhere). */
export function localComputingDecisions(params: Pick<BaselineParams, 'numCells' | 'uesPerCell'>): CellDecision[] {
  return Array.from({ length: params.numCells }, () => localDecision(params.uesPerCell));
}

/** Full offloading as raw network-space actions in [0, 1]^{actDim}, one per cell in agent order (one slot; draws from `rng`). */
export function fullOffloadingActions(rng: Rng, params: BaselineParams): Float64Array[] {
  const { numCells: M, uesPerCell: Nm, numChannels: K, channelDecoding } = params;
  const stride = blockSize(K, channelDecoding);
  const out: Float64Array[] = [];
  for (let m = 0; m < M; m++) {
    const u = new Float64Array(Nm * stride);
    const channel = fullOffloadingChannels(rng, Nm, K);
    for (let n = 0; n < Nm; n++) {
      const ch = channel[n] as number;
      if (ch === NO_CHANNEL) continue;
      const b = n * stride;
      u[b + BLOCK_ALPHA] = 1;
      u[b + BLOCK_POWER] = 1;
      u[b + BLOCK_CPU] = 1;
      if (channelDecoding === 'scores') u[b + BLOCK_CHANNEL + ch] = 1;
      else u[b + BLOCK_CHANNEL] = (ch + 0.5) / K;
    }
    out.push(u);
  }
  return out;
}

/** Local computing as raw network-space actions: all zeros, one per cell in agent order. */
export function localComputingActions(params: Pick<BaselineParams, 'numCells' | 'uesPerCell' | 'numChannels' | 'channelDecoding'>): Float64Array[] {
  const n = params.uesPerCell * blockSize(params.numChannels, params.channelDecoding);
  return Array.from({ length: params.numCells }, () => new Float64Array(n));
}
